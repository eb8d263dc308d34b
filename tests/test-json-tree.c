/* test-json-tree.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "ms-error.h"
#include "ms-json.h"
#include "ms-json-tree.h"

static void
test_values (void)
{
  const char *doc = "{\"a\":{\"value\":\"x\"},\"n\":1470820171393027072,\"d\":15.0,\"i\":15,"
                    "\"e\":1.5e3,\"t\":true,\"f\":false,\"z\":null,\"s\":\"caf\\u00e9\","
                    "\"arr\":[1,2,3],\"neg\":-5}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MsJsonParser) parser = ms_json_parse_tree (doc, strlen (doc), &error);
  const MsJsonValue *root;
  gint64 i;
  double d;

  g_assert_no_error (error);
  root = ms_json_parser_get_root (parser);
  g_assert_cmpint (root->type, ==, MS_JSON_OBJECT);
  g_assert_cmpuint (root->len, ==, 11);
  g_assert_cmpstr (ms_json_value_get_id (root, "a"), ==, "x");

  /* Beyond 2^53: every digit kept. */
  g_assert_true (ms_json_value_get_int64 (ms_json_value_get_member (root, "n"), &i));
  g_assert_cmpint (i, ==, G_GINT64_CONSTANT (1470820171393027072));
  /* 15.0 and 15 are the same integer. */
  g_assert_true (ms_json_value_get_int64 (ms_json_value_get_member (root, "d"), &i));
  g_assert_cmpint (i, ==, 15);
  g_assert_true (ms_json_value_get_int64 (ms_json_value_get_member (root, "e"), &i));
  g_assert_cmpint (i, ==, 1500);
  g_assert_true (ms_json_value_get_double (ms_json_value_get_member (root, "i"), &d));
  g_assert_cmpfloat (d, ==, 15.0);
  g_assert_true (ms_json_value_get_int64 (ms_json_value_get_member (root, "neg"), &i));
  g_assert_cmpint (i, ==, -5);
  g_assert_true (ms_json_value_get_boolean (ms_json_value_get_member (root, "t"), FALSE));
  g_assert_false (ms_json_value_get_boolean (ms_json_value_get_member (root, "f"), TRUE));
  g_assert_true (ms_json_value_get_boolean (ms_json_value_get_member (root, "missing"), TRUE));
  g_assert_cmpint (ms_json_value_get_member (root, "z")->type, ==, MS_JSON_NULL);
  g_assert_cmpstr (ms_json_value_get_string (ms_json_value_get_member (root, "s")), ==, "caf\xc3\xa9");
  g_assert_cmpuint (ms_json_value_get_member (root, "arr")->len, ==, 3);
  /* Wrong types read as absent. */
  g_assert_null (ms_json_value_get_string (ms_json_value_get_member (root, "i")));
  g_assert_false (ms_json_value_get_int64 (ms_json_value_get_member (root, "s"), &i));
  g_assert_null (ms_json_value_get_path (root, "a", "value", "deeper", NULL));
}

static void
test_invalid (void)
{
  static const char * const docs[] = {
    "", "{", "{\"a\":}", "{\"a\":1,}", "[1,2", "{{}", "\"\xc3\x28\"", "nul", "{\"a\":1}x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsJsonParser) parser = ms_json_parse_tree (docs[i], strlen (docs[i]), &error);

      g_assert_null (parser);
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
    }
}

static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsJsonParser) parser = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  parser = ms_json_parse_tree (deep->str, deep->len, &error);
  g_assert_null (parser);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
}

typedef struct
{
  guint   counts[3];
  gint64  sum;
} Seen;

static gboolean
on_element (guint               list,
            const MsJsonValue  *element,
            gpointer            user_data,
            GError            **error)
{
  Seen *seen = user_data;
  gint64 n = 0;

  g_assert_cmpuint (list, <, 3);
  seen->counts[list]++;
  if (element->type == MS_JSON_OBJECT)
    {
      g_assert_true (ms_json_value_get_int64 (ms_json_value_get_member (element, "n"), &n));
      seen->sum += n;
    }

  return TRUE;
}

/* The big arrays of a document go element by element to the callback and
 * are not kept; the rest of the document is kept.
 */
static void
test_split (void)
{
  static const char * const paths[] = {
    "subscribed.get_state.get_tasks.tasks",
    "subscribed.get_state.get_agents.agents",
    "top",
    NULL,
  };
  g_autoptr(GString) doc = g_string_new ("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":{");
  g_autoptr(MsJsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const MsJsonValue *root;
  const MsJsonValue *tasks;
  Seen seen = { { 0 }, 0 };

  g_string_append (doc, "\"get_tasks\":{\"tasks\":[");
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (doc, "%s{\"n\":%u,\"statuses\":[{\"state\":\"TASK_RUNNING\"}],"
                            "\"name\":\"task-%u-padding-padding-padding\"}", i ? "," : "", i, i);
  g_string_append (doc, "],\"completed_tasks\":[{\"n\":1}]},\"get_agents\":{\"agents\":[{\"n\":7},5]}},"
                        "\"heartbeat_interval_seconds\":15.0},\"top\":[1,2]}");

  parser = ms_json_parser_new (paths, on_element, &seen);
  /* Fed in odd-sized pieces, as a socket would. */
  for (gsize off = 0; off < doc->len; off += 4099)
    g_assert_true (ms_json_parser_feed (parser, doc->str + off, MIN (4099, doc->len - off), &error));
  g_assert_true (ms_json_parser_finish (parser, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (seen.counts[0], ==, 20000);
  g_assert_cmpuint (seen.counts[1], ==, 2);
  g_assert_cmpuint (seen.counts[2], ==, 2);
  g_assert_cmpint (seen.sum, ==, (gint64)19999 * 20000 / 2 + 7);

  root = ms_json_parser_get_root (parser);
  tasks = ms_json_value_get_path (root, "subscribed", "get_state", "get_tasks", "tasks", NULL);
  g_assert_nonnull (tasks);
  g_assert_cmpuint (tasks->len, ==, 0);
  /* Arrays elsewhere are kept whole. */
  g_assert_cmpuint (ms_json_value_get_path (root, "subscribed", "get_state", "get_tasks",
                                            "completed_tasks", NULL)->len, ==, 1);
  {
    gint64 hb;

    g_assert_true (ms_json_value_get_int64 (ms_json_value_get_path (root, "subscribed",
                                                                    "heartbeat_interval_seconds",
                                                                    NULL), &hb));
    g_assert_cmpint (hb, ==, 15);
  }
}

static gboolean
reject (guint               list,
        const MsJsonValue  *element,
        gpointer            user_data,
        GError            **error)
{
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, "element refused");
  return FALSE;
}

static void
test_split_error (void)
{
  static const char * const paths[] = { "a", NULL };
  g_autoptr(MsJsonParser) parser = ms_json_parser_new (paths, reject, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ms_json_parser_feed (parser, "{\"a\":[{}]}", 10, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "element refused"));
}

/* One parser for many documents, as MsCluster parses its events: a reset
 * after an error or half a document leaves nothing of it behind.
 */
static void
test_reset (void)
{
  static const char * const paths[] = { "list", NULL };
  g_autoptr(MsJsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const MsJsonValue *root;
  Seen seen = { { 0 }, 0 };
  gint64 n;

  parser = ms_json_parser_new (paths, on_element, &seen);

  /* An invalid document, then half of one, then neither remains. */
  g_assert_false (ms_json_parser_feed (parser, "{\"a\":]", 6, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
  g_clear_error (&error);
  ms_json_parser_reset (parser);
  g_assert_true (ms_json_parser_feed (parser, "{\"list\":[{\"n\":5},", 17, &error));
  ms_json_parser_reset (parser);
  g_assert_null (ms_json_parser_get_root (parser));

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *doc = g_strdup_printf ("{\"n\":%u,\"list\":[{\"n\":%u}]}", i, i);

      seen.sum = 0;
      ms_json_parser_reset (parser);
      g_assert_true (ms_json_parser_feed (parser, doc, strlen (doc), &error));
      g_assert_true (ms_json_parser_finish (parser, &error));
      g_assert_no_error (error);
      root = ms_json_parser_get_root (parser);
      g_assert_true (ms_json_value_get_int64 (ms_json_value_get_member (root, "n"), &n));
      g_assert_cmpint (n, ==, i);
      g_assert_cmpint (seen.sum, ==, i);
      g_assert_null (ms_json_value_get_member (root, "a"));
    }
}

/* The pre-check in front of json-glib: one whole value, nested at most so
 * deep; valid documents all pass.
 */
static void
test_precheck (void)
{
  static const char * const valid[] = {
    "1", " 1 ", "-1.5e3\n", "true", "null", "\"x\"", "\"a\\\"b{[\" ", "{}", "[1,2]",
    "{\"a\":[{\"b\":\"}]\"}]}", "\t{ \"a\" : null }\r\n",
  };
  static const char * const invalid[] = {
    "{}{}", "[]1", "\"x\"{}", "1 2", "1{}", "null[]", "true\"x\"", "{} x", "\"a\" \"b\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: %s", valid[i]);
      g_assert_true (ms_json_precheck (valid[i], strlen (valid[i]), 8, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("invalid: %s", invalid[i]);
      g_assert_false (ms_json_precheck (invalid[i], strlen (invalid[i]), 8, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ms_json_precheck ("[[[[[[[[[1]]]]]]]]]", 19, 8, &error));
    g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/json-tree/values", test_values);
  g_test_add_func ("/ms/json-tree/invalid", test_invalid);
  g_test_add_func ("/ms/json-tree/depth", test_depth);
  g_test_add_func ("/ms/json-tree/split", test_split);
  g_test_add_func ("/ms/json-tree/split-error", test_split_error);
  g_test_add_func ("/ms/json-tree/reset", test_reset);
  g_test_add_func ("/ms/json-tree/precheck", test_precheck);

  return g_test_run ();
}
