/* test-recordio.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "ms-error.h"
#include "ms-recordio.h"

typedef struct
{
  GPtrArray  *records;
  GByteArray *streaming;
  guint       begins;
  guint       ends;
  guint64     announced;
  gboolean    reject;
} Sink;

static gboolean
on_record (const guint8  *data,
           gsize          len,
           gpointer       user_data,
           GError       **error)
{
  Sink *sink = user_data;

  if (sink->reject)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, "rejected by the consumer");
      return FALSE;
    }
  g_ptr_array_add (sink->records, g_bytes_new (data, len));
  return TRUE;
}

static gboolean
on_begin (guint64    len,
          gpointer   user_data,
          GError   **error)
{
  Sink *sink = user_data;

  g_assert_cmpuint (sink->begins, ==, sink->ends);
  sink->begins++;
  sink->announced = len;
  g_byte_array_set_size (sink->streaming, 0);
  return TRUE;
}

static gboolean
on_chunk (const guint8  *data,
          gsize          len,
          gpointer       user_data,
          GError       **error)
{
  Sink *sink = user_data;

  g_assert_cmpuint (sink->begins, ==, sink->ends + 1);
  g_assert_cmpuint (len, >, 0);
  g_byte_array_append (sink->streaming, data, len);
  return TRUE;
}

static gboolean
on_end (gpointer   user_data,
        GError   **error)
{
  Sink *sink = user_data;

  sink->ends++;
  g_assert_cmpuint (sink->streaming->len, ==, sink->announced);
  g_ptr_array_add (sink->records, g_bytes_new (sink->streaming->data, sink->streaming->len));
  return TRUE;
}

static const MsRecordioCallbacks whole_only = { on_record, NULL, NULL, NULL };
static const MsRecordioCallbacks streaming = { on_record, on_begin, on_chunk, on_end };

static void
sink_init (Sink *sink)
{
  memset (sink, 0, sizeof *sink);
  sink->records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  sink->streaming = g_byte_array_new ();
}

static void
sink_clear (Sink *sink)
{
  g_ptr_array_unref (sink->records);
  g_byte_array_unref (sink->streaming);
}

static GByteArray *
encode_all (const char * const *records,
            guint               n)
{
  GByteArray *stream = g_byte_array_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) encoded = ms_recordio_encode (records[i], -1);

      g_byte_array_append (stream, g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded));
    }

  return stream;
}

/* The bytes Mesos puts on the wire for a heartbeat, from its code. */
static void
test_heartbeat_bytes (void)
{
  g_autoptr(GBytes) encoded = ms_recordio_encode ("{\"type\":\"HEARTBEAT\"}", -1);

  g_assert_cmpuint (g_bytes_get_size (encoded), ==, 23);
  g_assert_cmpmem (g_bytes_get_data (encoded, NULL), 23, "20\n{\"type\":\"HEARTBEAT\"}", 23);
}

/* Every split of a multi-record stream into two reads, and into reads of
 * every size, decodes to the same records, byte for byte (multi-byte UTF-8
 * split across reads included).
 */
static void
test_every_split (void)
{
  static const char * const records[] = {
    "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"heartbeat_interval_seconds\":15.0}}",
    "{\"type\":\"HEARTBEAT\"}",
    "",
    "{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":{\"name\":\"caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x90\xb3\"}}}",
    "{\"type\":\"HEARTBEAT\"}",
  };
  g_autoptr(GByteArray) stream = encode_all (records, G_N_ELEMENTS (records));

  for (gsize split = 0; split <= stream->len; split++)
    {
      g_autoptr(MsRecordioDecoder) decoder = NULL;
      g_autoptr(GError) error = NULL;
      Sink sink;

      sink_init (&sink);
      decoder = ms_recordio_decoder_new (&whole_only, &sink);
      g_assert_true (ms_recordio_decoder_feed (decoder, stream->data, split, &error));
      g_assert_true (ms_recordio_decoder_feed (decoder, stream->data + split,
                                               stream->len - split, &error));
      g_assert_no_error (error);
      g_assert_true (ms_recordio_decoder_is_idle (decoder));
      g_assert_cmpuint (sink.records->len, ==, G_N_ELEMENTS (records));
      for (guint i = 0; i < sink.records->len; i++)
        {
          GBytes *record = g_ptr_array_index (sink.records, i);

          g_assert_cmpmem (g_bytes_get_data (record, NULL), g_bytes_get_size (record),
                           records[i], strlen (records[i]));
        }
      sink_clear (&sink);
    }

  for (gsize step = 1; step <= 7; step++)
    {
      g_autoptr(MsRecordioDecoder) decoder = NULL;
      Sink sink;

      sink_init (&sink);
      decoder = ms_recordio_decoder_new (&whole_only, &sink);
      for (gsize off = 0; off < stream->len; off += step)
        g_assert_true (ms_recordio_decoder_feed (decoder, stream->data + off,
                                                 MIN (step, stream->len - off), NULL));
      g_assert_cmpuint (sink.records->len, ==, G_N_ELEMENTS (records));
      g_assert_cmpuint (ms_recordio_decoder_get_records (decoder), ==, G_N_ELEMENTS (records));
      sink_clear (&sink);
    }
}

/* Records above the whole-record limit are streamed, not buffered. */
static void
test_streaming (void)
{
  g_autoptr(GString) big = g_string_new ("{\"x\":\"");
  const char *records[3];
  g_autoptr(GByteArray) stream = NULL;
  g_autoptr(MsRecordioDecoder) decoder = NULL;
  Sink sink;

  for (guint i = 0; i < 5000; i++)
    g_string_append (big, "\xc3\xa9");
  g_string_append (big, "\"}");
  records[0] = "{\"type\":\"HEARTBEAT\"}";
  records[1] = big->str;
  records[2] = "{\"type\":\"HEARTBEAT\"}";
  stream = encode_all (records, 3);

  sink_init (&sink);
  decoder = ms_recordio_decoder_new (&streaming, &sink);
  ms_recordio_decoder_set_limits (decoder, 1024, 1024 * 1024);
  for (gsize off = 0; off < stream->len; off += 333)
    g_assert_true (ms_recordio_decoder_feed (decoder, stream->data + off,
                                             MIN (333, stream->len - off), NULL));

  g_assert_cmpuint (sink.begins, ==, 1);
  g_assert_cmpuint (sink.ends, ==, 1);
  g_assert_cmpuint (sink.records->len, ==, 3);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (sink.records, 1), NULL),
                   g_bytes_get_size (g_ptr_array_index (sink.records, 1)), big->str, big->len);
  sink_clear (&sink);
}

static void
test_malformed (void)
{
  static const struct {
    const char *stream;
    gsize len;
  } cases[] = {
    { "abc\n", 4 },
    { "1x\n{", 4 },
    { "-1\n", 3 },
    { "\n", 1 },
    { "1 2\n", 4 },
    { "123456789012345678901\n", 22 },          /* 21 digits */
    { "99999999999999999999\n", 21 },           /* 20 digits, above 2^64 */
    { "18446744073709551615\n", 21 },           /* 2^64-1: above the cap */
    { "2000\n", 5 },                            /* above this decoder's cap */
    { "0\n0\nx", 5 },
    { "\0\n", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsRecordioDecoder) decoder = NULL;
      g_autoptr(GError) error = NULL;
      Sink sink;

      sink_init (&sink);
      decoder = ms_recordio_decoder_new (&whole_only, &sink);
      ms_recordio_decoder_set_limits (decoder, 1000, 1000);
      g_assert_false (ms_recordio_decoder_feed (decoder, (const guint8 *)cases[i].stream,
                                                cases[i].len, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_PROTOCOL);
      g_clear_error (&error);

      /* A failed stream stays failed. */
      g_assert_false (ms_recordio_decoder_feed (decoder, (const guint8 *)"2\n{}", 4, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_PROTOCOL);
      g_clear_error (&error);

      /* Until reset for a new stream. */
      ms_recordio_decoder_reset (decoder);
      g_assert_true (ms_recordio_decoder_feed (decoder, (const guint8 *)"2\n{}", 4, &error));
      g_assert_no_error (error);
      sink_clear (&sink);
    }
}

/* A hostile length is refused before any byte of it is buffered. */
static void
test_no_upfront_allocation (void)
{
  g_autoptr(MsRecordioDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  Sink sink;

  sink_init (&sink);
  decoder = ms_recordio_decoder_new (&streaming, &sink);
  /* 1 GiB announced, 4 bytes sent: streamed, nothing allocated for it. */
  g_assert_true (ms_recordio_decoder_feed (decoder, (const guint8 *)"1073741824\nabcd", 15, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sink.begins, ==, 1);
  g_assert_cmpuint (sink.streaming->len, ==, 4);
  g_assert_false (ms_recordio_decoder_is_idle (decoder));

  /* Without streaming callbacks the same length is an error at once. */
  {
    g_autoptr(MsRecordioDecoder) whole = ms_recordio_decoder_new (&whole_only, &sink);

    g_assert_false (ms_recordio_decoder_feed (whole, (const guint8 *)"1073741824\n", 11, &error));
    g_assert_error (error, MS_ERROR, MS_ERROR_PROTOCOL);
  }
  sink_clear (&sink);
}

static void
test_tolerated_whitespace (void)
{
  g_autoptr(MsRecordioDecoder) decoder = NULL;
  Sink sink;

  sink_init (&sink);
  decoder = ms_recordio_decoder_new (&whole_only, &sink);
  g_assert_true (ms_recordio_decoder_feed (decoder, (const guint8 *)"2\r\n{} 2 \n[]", 11, NULL));
  g_assert_cmpuint (sink.records->len, ==, 2);
  sink_clear (&sink);
}

static void
test_consumer_error (void)
{
  g_autoptr(MsRecordioDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  Sink sink;

  sink_init (&sink);
  sink.reject = TRUE;
  decoder = ms_recordio_decoder_new (&whole_only, &sink);
  g_assert_false (ms_recordio_decoder_feed (decoder, (const guint8 *)"2\n{}", 4, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
  sink_clear (&sink);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/recordio/heartbeat-bytes", test_heartbeat_bytes);
  g_test_add_func ("/ms/recordio/every-split", test_every_split);
  g_test_add_func ("/ms/recordio/streaming", test_streaming);
  g_test_add_func ("/ms/recordio/malformed", test_malformed);
  g_test_add_func ("/ms/recordio/no-upfront-allocation", test_no_upfront_allocation);
  g_test_add_func ("/ms/recordio/tolerated-whitespace", test_tolerated_whitespace);
  g_test_add_func ("/ms/recordio/consumer-error", test_consumer_error);

  return g_test_run ();
}
