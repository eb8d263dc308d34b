/* fuzz-standalone.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* Runs a fuzz target without libFuzzer, for the test suite: every file of
 * the given corpus directories (or files), then a fixed number of
 * mutations of them (bit flips, byte changes, insertions, deletions,
 * truncations, splices with another entry, duplicated ranges) from a fixed
 * seed, so a failure reproduces. libFuzzer (build-aux/fuzz.sh) explores far
 * more; this keeps every target exercised on every change.
 *
 *   fuzz-TARGET-standalone [--runs N] [--seed S] CORPUS…
 *   fuzz-TARGET-standalone --dump N [--seed S] CORPUS… > input
 *                                     writes mutation N (from 1) instead,
 *                                     to reproduce a finding elsewhere
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
add_path (GPtrArray  *corpus,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (!g_str_has_suffix (name, ".md"))
          g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* Directory order varies; the mutations must not. */
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        add_path (corpus, g_ptr_array_index (names, i));
      return;
    }

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  g_ptr_array_add (corpus, g_bytes_new_take (contents, len));
}

static GByteArray *
mutate (GRand     *rand,
        GPtrArray *corpus)
{
  GBytes *base = g_ptr_array_index (corpus, g_rand_int_range (rand, 0, corpus->len));
  gsize len;
  const guint8 *bytes = g_bytes_get_data (base, &len);
  GByteArray *out = g_byte_array_sized_new (len + 16);
  /* Mostly one change: more leave JSON unparseable and test only the parser. */
  guint n_changes = g_rand_int_range (rand, 0, 4) ? 1 : g_rand_int_range (rand, 2, 9);
  static const char * const tokens[] = {
    "{", "}", "[", "]", "\"", ",", ":", "\\u0000", "\\ud800", "\xff", "\xc3\x28", "null", "1e999",
    "-1", "18446744073709551616", "\"type\"", "\"TASK_UPDATED\"", "\"SUBSCRIBED\"", "\n", "0\n",
    "99999999999999999999\n", "zk://", "@", "/", "%", "%zz", "[::1]:2181", "\"value\"",
  };

  g_byte_array_append (out, bytes, len);

  for (guint c = 0; c < n_changes; c++)
    {
      guint at = out->len ? g_rand_int_range (rand, 0, out->len) : 0;

      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0: /* flip a bit */
          if (out->len)
            out->data[at] ^= 1 << g_rand_int_range (rand, 0, 8);
          break;
        case 1: /* any byte */
          if (out->len)
            out->data[at] = g_rand_int_range (rand, 0, 256);
          break;
        case 2: /* insert a token */
          {
            const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
            g_autoptr(GByteArray) tail = g_byte_array_new ();

            g_byte_array_append (tail, out->data + at, out->len - at);
            g_byte_array_set_size (out, at);
            g_byte_array_append (out, (const guint8 *)token, strlen (token));
            g_byte_array_append (out, tail->data, tail->len);
          }
          break;
        case 3: /* delete a range */
          if (out->len)
            {
              guint span = g_rand_int_range (rand, 1, 64);

              g_byte_array_remove_range (out, at, MIN (span, out->len - at));
            }
          break;
        case 4: /* truncate */
          g_byte_array_set_size (out, at);
          break;
        case 5: /* splice: the head of this, the tail of another */
          {
            GBytes *other = g_ptr_array_index (corpus, g_rand_int_range (rand, 0, corpus->len));
            gsize olen;
            const guint8 *obytes = g_bytes_get_data (other, &olen);
            guint from = olen ? g_rand_int_range (rand, 0, olen) : 0;

            g_byte_array_set_size (out, at);
            g_byte_array_append (out, obytes + from, olen - from);
          }
          break;
        default: /* repeat a range, e.g. deepen nesting */
          if (out->len)
            {
              guint span = g_rand_int_range (rand, 1, 32);
              g_autoptr(GByteArray) copy = g_byte_array_new ();
              guint times = g_rand_int_range (rand, 1, 200);

              span = MIN (span, out->len - at);
              g_byte_array_append (copy, out->data + at, span);
              for (guint t = 0; t < times && out->len < 1024 * 1024; t++)
                g_byte_array_prepend (out, copy->data, copy->len);
            }
          break;
        }
    }

  return out;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GRand) rand = NULL;
  guint runs = 10000;
  guint dump = 0;
  guint32 seed = 1;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        runs = strtoul (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--dump") && i + 1 < argc)
        dump = strtoul (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
        seed = strtoul (argv[++i], NULL, 10);
      else
        add_path (corpus, argv[i]);
    }

  if (corpus->len == 0)
    {
      fprintf (stderr, "usage: %s [--runs N] [--seed S] CORPUS…\n", argv[0]);
      return 2;
    }

  if (dump > 0)
    {
      rand = g_rand_new_with_seed (seed);
      for (guint i = 1; i < dump; i++)
        g_byte_array_unref (mutate (rand, corpus));
      {
        g_autoptr(GByteArray) input = mutate (rand, corpus);

        return fwrite (input->data, 1, input->len, stdout) == input->len ? 0 : 1;
      }
    }

  for (guint i = 0; i < corpus->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, i), &len);

      LLVMFuzzerTestOneInput (data, len);
    }

  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GByteArray) input = mutate (rand, corpus);

      LLVMFuzzerTestOneInput (input->data, input->len);
    }

  printf ("%s: %u corpus entries and %u mutations (seed %u), no finding\n",
          argv[0], corpus->len, runs, seed);
  return 0;
}
