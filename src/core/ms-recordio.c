/* ms-recordio.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-recordio"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-error.h"
#include "ms-recordio.h"

/*
 * RecordIO as Mesos frames its streams (docs/recordio.md,
 * 3rdparty/stout/include/stout/recordio.hpp): a decimal byte count, "\n",
 * exactly that many bytes, and the next count right after. Records cross
 * read boundaries anywhere and several arrive in one read.
 *
 * The decoder is a pure push decoder: it never allocates the announced
 * length up front. Small records are buffered and handed over whole; larger
 * ones are passed on as they arrive, so a 200 MB snapshot is never held
 * twice. The length is bounded twice: by its number of digits and by a cap.
 */
typedef enum
{
  STATE_LENGTH,
  STATE_WHOLE,
  STATE_STREAM,
  STATE_FAILED,
} State;

struct _MsRecordioDecoder
{
  MsRecordioCallbacks callbacks;
  gpointer            user_data;
  gsize               whole_limit;
  guint64             max_record;

  State               state;
  char                digits[MS_RECORDIO_MAX_LENGTH_DIGITS + 1];
  guint               n_digits;
  gboolean            seen_trailing_space;
  guint64             remaining;
  GByteArray         *buffer;
  guint64             records;
};

MsRecordioDecoder *
ms_recordio_decoder_new (const MsRecordioCallbacks *callbacks,
                         gpointer                   user_data)
{
  MsRecordioDecoder *self;

  g_return_val_if_fail (callbacks != NULL, NULL);
  g_return_val_if_fail (callbacks->record != NULL, NULL);

  self = g_new0 (MsRecordioDecoder, 1);
  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->whole_limit = MS_RECORDIO_DEFAULT_WHOLE_LIMIT;
  self->max_record = MS_RECORDIO_DEFAULT_MAX_RECORD;
  self->buffer = g_byte_array_new ();

  return self;
}

void
ms_recordio_decoder_free (MsRecordioDecoder *self)
{
  if (self == NULL)
    return;

  g_byte_array_unref (self->buffer);
  g_free (self);
}

/**
 * ms_recordio_decoder_set_limits:
 * @whole_limit: records up to this size are handed over whole; larger ones
 *   go through begin/chunk/end when those callbacks are set
 * @max_record: larger records are a protocol error
 */
void
ms_recordio_decoder_set_limits (MsRecordioDecoder *self,
                                gsize              whole_limit,
                                guint64            max_record)
{
  g_return_if_fail (self != NULL);

  self->whole_limit = whole_limit;
  self->max_record = max_record;
}

/**
 * ms_recordio_decoder_is_idle:
 *
 * Returns: %TRUE between records (a stream may end cleanly here)
 */
gboolean
ms_recordio_decoder_is_idle (MsRecordioDecoder *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state == STATE_LENGTH && self->n_digits == 0;
}

guint64
ms_recordio_decoder_get_records (MsRecordioDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->records;
}

/**
 * ms_recordio_decoder_reset:
 *
 * Forgets any partial record and a past error, for a new stream.
 */
void
ms_recordio_decoder_reset (MsRecordioDecoder *self)
{
  g_return_if_fail (self != NULL);

  self->state = STATE_LENGTH;
  self->n_digits = 0;
  self->seen_trailing_space = FALSE;
  self->remaining = 0;
  /* A new buffer: don't keep the capacity of an earlier large record. */
  g_byte_array_unref (self->buffer);
  self->buffer = g_byte_array_new ();
}

static gboolean
fail (MsRecordioDecoder  *self,
      GError            **error,
      const char         *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (MsRecordioDecoder  *self,
      GError            **error,
      const char         *format,
      ...)
{
  va_list args;

  self->state = STATE_FAILED;
  if (error != NULL && *error == NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (MS_ERROR, MS_ERROR_PROTOCOL, format, args);
      va_end (args);
    }

  return FALSE;
}

/* The length line is complete: decide how the record travels. */
static gboolean
start_record (MsRecordioDecoder  *self,
              GError            **error)
{
  guint64 length;

  if (self->n_digits == 0)
    return fail (self, error, _("RecordIO: empty record length"));

  self->digits[self->n_digits] = '\0';
  if (!g_ascii_string_to_unsigned (self->digits, 10, 0, G_MAXUINT64, &length, NULL))
    return fail (self, error, _("RecordIO: record length “%s” is out of range"), self->digits);

  self->n_digits = 0;
  self->seen_trailing_space = FALSE;

  if (length > self->max_record)
    return fail (self, error,
                 _("RecordIO: record of %llu bytes exceeds the limit of %llu bytes"),
                 (unsigned long long) length, (unsigned long long) self->max_record);

  self->remaining = length;

  if (length <= self->whole_limit || self->callbacks.begin == NULL)
    {
      if (length > self->whole_limit)
        return fail (self, error,
                     _("RecordIO: record of %llu bytes exceeds the limit of %llu bytes"),
                     (unsigned long long) length, (unsigned long long) self->whole_limit);
      g_byte_array_set_size (self->buffer, 0);
      self->state = STATE_WHOLE;
      if (length == 0)
        {
          self->state = STATE_LENGTH;
          self->records++;
          if (!self->callbacks.record ((const guint8 *)"", 0, self->user_data, error))
            return fail (self, error, "RecordIO: record rejected");
        }
      return TRUE;
    }

  self->state = STATE_STREAM;
  if (!self->callbacks.begin (length, self->user_data, error))
    return fail (self, error, "RecordIO: record rejected");

  return TRUE;
}

/**
 * ms_recordio_decoder_feed:
 * @data: the next bytes of the stream, split anywhere
 *
 * Decodes @data, calling the callbacks for every record it completes.
 *
 * Returns: %FALSE with @error set (%MS_ERROR_PROTOCOL, or the callback's
 *   error) when the stream is malformed; the decoder then stays failed
 *   until reset
 */
gboolean
ms_recordio_decoder_feed (MsRecordioDecoder  *self,
                          const guint8       *data,
                          gsize               len,
                          GError            **error)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->state == STATE_FAILED)
    return fail (self, error, _("RecordIO: the stream already failed"));

  while (p < end)
    {
      switch (self->state)
        {
        case STATE_LENGTH:
          {
            guint8 c = *p++;

            if (c == '\n')
              {
                if (!start_record (self, error))
                  return FALSE;
              }
            else if (g_ascii_isdigit (c) && !self->seen_trailing_space)
              {
                if (self->n_digits >= MS_RECORDIO_MAX_LENGTH_DIGITS)
                  return fail (self, error,
                               _("RecordIO: record length longer than %d digits"),
                               MS_RECORDIO_MAX_LENGTH_DIGITS);
                self->digits[self->n_digits++] = c;
              }
            else if ((c == ' ' || c == '\t' || c == '\r') && self->n_digits > 0)
              {
                /* Tolerated after the number ("15\r\n"), never inside it. */
                self->seen_trailing_space = TRUE;
              }
            else if ((c == ' ' || c == '\t' || c == '\r') && self->n_digits == 0)
              {
                /* Tolerated before the number. */
              }
            else
              {
                return fail (self, error,
                             _("RecordIO: unexpected byte 0x%02x in a record length"), c);
              }
          }
          break;

        case STATE_WHOLE:
          {
            gsize n = MIN ((guint64)(end - p), self->remaining);
            /* A record whole in this piece is handed on from there, with
             * no copy (most events of a busy stream); others are gathered. */
            gboolean in_place = self->buffer->len == 0 && n == self->remaining;
            const guint8 *record = in_place ? p : NULL;

            if (!in_place)
              g_byte_array_append (self->buffer, p, n);
            p += n;
            self->remaining -= n;
            if (self->remaining == 0)
              {
                self->state = STATE_LENGTH;
                self->records++;
                if (!self->callbacks.record (in_place ? record : self->buffer->data,
                                             in_place ? n : self->buffer->len,
                                             self->user_data, error))
                  return fail (self, error, "RecordIO: record rejected");
                g_byte_array_set_size (self->buffer, 0);
              }
          }
          break;

        case STATE_STREAM:
          {
            gsize n = MIN ((guint64)(end - p), self->remaining);

            self->remaining -= n;
            if (n > 0 && !self->callbacks.chunk (p, n, self->user_data, error))
              return fail (self, error, "RecordIO: record rejected");
            p += n;
            if (self->remaining == 0)
              {
                self->state = STATE_LENGTH;
                self->records++;
                if (!self->callbacks.end (self->user_data, error))
                  return fail (self, error, "RecordIO: record rejected");
              }
          }
          break;

        case STATE_FAILED:
        default:
          return fail (self, error, _("RecordIO: the stream already failed"));
        }
    }

  return TRUE;
}

/**
 * ms_recordio_encode:
 * @data: one record's bytes
 * @len: their length, or -1 for a NUL-terminated string
 *
 * Returns: (transfer full): `<length>\n<data>`
 */
GBytes *
ms_recordio_encode (const char *data,
                    gssize      len)
{
  GByteArray *out;
  char header[MS_RECORDIO_MAX_LENGTH_DIGITS + 2];
  int n;

  if (len < 0)
    len = strlen (data);

  n = g_snprintf (header, sizeof header, "%" G_GSIZE_FORMAT "\n", (gsize)len);
  out = g_byte_array_sized_new (n + len);
  g_byte_array_append (out, (const guint8 *)header, n);
  g_byte_array_append (out, (const guint8 *)data, len);

  return g_byte_array_free_to_bytes (out);
}
