/* test-candidate.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <gio/gio.h>

#include "ms-candidate.h"

/* The member rule of Mesos' GroupProcess::cache. */
static void
test_parse_name (void)
{
  static const struct {
    const char *name;
    gboolean member;
    const char *label;
    gint64 sequence;
  } cases[] = {
    { "json.info_0000000001", TRUE, "json.info", 1 },
    { "json.info_0000000131", TRUE, "json.info", 131 },
    { "info_0000000007", TRUE, "info", 7 },
    { "0000000003", TRUE, NULL, 3 },
    { "json.info_2147483647", TRUE, "json.info", G_MAXINT32 },
    /* ZooKeeper's counter is a signed int32 that wraps. */
    { "json.info_-2147483647", TRUE, "json.info", -2147483647 },
    { "a_b_0000000009", TRUE, "a", 9 },
    { "json.info__0000000004", TRUE, "json.info", 4 },
    { "log_replicas", FALSE, NULL, 0 },
    { "json.info_", FALSE, NULL, 0 },
    { "json.info_abc", FALSE, NULL, 0 },
    { "json.info_0000000001x", FALSE, NULL, 0 },
    { "json.info_99999999999", FALSE, NULL, 0 },
    { "", FALSE, NULL, 0 },
    { "_", FALSE, NULL, 0 },
    { "json.info_ 1", FALSE, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = NULL;
      gint64 sequence = -42;
      gboolean member;

      g_test_message ("%s", cases[i].name);
      member = ms_candidate_parse_name (cases[i].name, &label, &sequence);
      g_assert_cmpint (member, ==, cases[i].member);
      if (member)
        {
          g_assert_cmpstr (label, ==, cases[i].label);
          g_assert_cmpint (sequence, ==, cases[i].sequence);
        }
    }
}

/* Succession compares sequences as numbers, whatever the labels: string
 * order would put "info_0000000010" before "json.info_0000000002".
 */
static void
test_order (void)
{
  static const char * const names[] = {
    "json.info_0000000010", "info_0000000009", "json.info_0000000002", "0000000005",
  };
  static const gint64 expected[] = { 2, 5, 9, 10 };
  g_autoptr(GListStore) store = g_list_store_new (MS_TYPE_CANDIDATE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(MsCandidate) candidate = ms_candidate_new (names[i]);

      g_assert_nonnull (candidate);
      g_list_store_insert_sorted (store, candidate, ms_candidate_compare, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(MsCandidate) candidate = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpint (ms_candidate_get_sequence (candidate), ==, expected[i]);
    }

  g_assert_null (ms_candidate_new ("log_replicas"));
}

static void
test_new_destroy (void)
{
  MsCandidate *candidate = ms_candidate_new ("json.info_0000000001");

  g_assert_false (ms_candidate_get_loaded (candidate));
  g_assert_false (ms_candidate_get_leading (candidate));
  g_assert_null (ms_candidate_get_info (candidate));
  g_assert_cmpstr (ms_candidate_get_name (candidate), ==, "json.info_0000000001");
  g_assert_finalize_object (candidate);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/candidate/parse-name", test_parse_name);
  g_test_add_func ("/ms/candidate/order", test_order);
  g_test_add_func ("/ms/candidate/new-destroy", test_new_destroy);

  return g_test_run ();
}
