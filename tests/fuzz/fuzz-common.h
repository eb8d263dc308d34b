/* fuzz-common.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* What every fuzz target shares. A target defines
 * LLVMFuzzerTestOneInput(); it is linked either with libFuzzer (clang,
 * -Dfuzzing=true, build-aux/fuzz.sh) or with fuzz-standalone.c, which
 * replays a corpus and a fixed number of mutations in the test suite.
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Bad input must give errors, not criticals: a g_return_if_fail() or a
 * g_critical() reached from input is a finding, so it aborts. Warnings and
 * debug output are dropped to keep the runs fast.
 */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* Splits the input at sizes taken from its first byte, as a socket would
 * deliver it; returns the piece size to use (≥ 1).
 */
static inline gsize
fuzz_piece_size (const uint8_t **data,
                 size_t         *size)
{
  gsize piece;

  if (*size == 0)
    return 1;
  piece = (**data % 64) + 1;
  if (**data >= 192)
    piece = G_MAXSIZE;   /* all at once */
  (*data)++;
  (*size)--;

  return piece;
}

/* The same for JSON input: only a first byte that no JSON text starts with
 * (a control character other than tab, newline and return) sets the piece
 * size, so plain JSON files (the operator fixtures) seed as they are.
 */
static inline gsize
fuzz_piece_size_json (const uint8_t **data,
                      size_t         *size)
{
  if (*size == 0 || **data >= 0x20 || **data == '\t' || **data == '\n' || **data == '\r')
    return G_MAXSIZE;

  return fuzz_piece_size (data, size);
}
