/* fuzz-recordio.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* The RecordIO decoder on arbitrary bytes fed in arbitrary pieces, with
 * small limits so that both the whole-record path and the streamed one
 * (begin, chunks, end) are reached. Checks what the decoder promises: no
 * whole record over its limit, streamed chunks adding up to the announced
 * length, and nothing after an error.
 */

#include "config.h"

#include "fuzz-common.h"
#include "ms-recordio.h"

#define WHOLE_LIMIT 256
#define MAX_RECORD  (64 * 1024)

typedef struct
{
  gboolean in_record;
  guint64  announced;
  guint64  received;
} State;

/* Reads every byte: ASan checks the data handed over is readable. */
static void
touch (const guint8 *data,
       gsize         len)
{
  for (volatile gsize i = 0; i < len; i++)
    (void)data[i];
}

static gboolean
on_record (const guint8  *data,
           gsize          len,
           gpointer       user_data,
           GError       **error)
{
  State *state = user_data;

  if (len > WHOLE_LIMIT || state->in_record)
    abort ();
  touch (data, len);

  return TRUE;
}

static gboolean
on_begin (guint64   len,
          gpointer  user_data,
          GError  **error)
{
  State *state = user_data;

  if (state->in_record || len <= WHOLE_LIMIT || len > MAX_RECORD)
    abort ();
  state->in_record = TRUE;
  state->announced = len;
  state->received = 0;

  return TRUE;
}

static gboolean
on_chunk (const guint8  *data,
          gsize          len,
          gpointer       user_data,
          GError       **error)
{
  State *state = user_data;

  if (!state->in_record || len == 0)
    abort ();
  state->received += len;
  if (state->received > state->announced)
    abort ();
  touch (data, len);

  return TRUE;
}

static gboolean
on_end (gpointer   user_data,
        GError   **error)
{
  State *state = user_data;

  if (!state->in_record || state->received != state->announced)
    abort ();
  state->in_record = FALSE;

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const MsRecordioCallbacks callbacks = { on_record, on_begin, on_chunk, on_end };
  State state = { FALSE, 0, 0 };
  g_autoptr(MsRecordioDecoder) decoder = NULL;
  gsize piece;

  fuzz_init ();
  piece = fuzz_piece_size (&data, &size);
  decoder = ms_recordio_decoder_new (&callbacks, &state);
  ms_recordio_decoder_set_limits (decoder, WHOLE_LIMIT, MAX_RECORD);

  for (gsize off = 0; off < size; off += piece)
    {
      g_autoptr(GError) error = NULL;

      if (!ms_recordio_decoder_feed (decoder, data + off, MIN (piece, size - off), &error))
        {
          if (error == NULL || error->message == NULL)
            abort ();
          return 0;
        }
    }

  return 0;
}
