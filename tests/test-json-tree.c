/* test-json-tree.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "json-agree.h"
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
    "", "  \n", "{", "{\"a\":}", "{\"a\":1,}", "[1,2", "{{}", "nul", "{\"a\":1}x",
    /* numbers as JSON spells them, and nothing else */
    "01", "1.", "-", "1e", "1e+", ".5", "+1", "0x10", "1.5.2", "--1", "Infinity", "NaN",
    /* structure */
    "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{1:2}", "{\"a\"}", "[,]", "[1,]", "]", "}", "{]", "[}",
    "1 2", "{}{}",
    /* literals */
    "tru", "nullx", "True", "[truefalse]",
    /* strings: escapes, control characters, the end */
    "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\\"", "\"a\x01b\"", "\"tab\there\"",
    /* bytes that are not UTF-8 outside a string */
    "[1,\xc3\xa9]", "\x80",
    /* outside strings */
    "\xef\xbb\xbf{}", "{\"a\":1}\x00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsJsonParser) parser = NULL;
      g_autofree char *escaped = g_strescape (docs[i], NULL);
      gsize len = strlen (docs[i]);

      /* The last document ends in a NUL byte, counted in. */
      if (i == G_N_ELEMENTS (docs) - 1)
        len++;
      g_test_message ("invalid: %s", escaped);
      parser = ms_json_parse_tree (docs[i], len, &error);
      g_assert_null (parser);
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
      g_assert_null (json_agree (docs[i], len, 3));
    }
}

/* Strings as the whole reader gives them: escapes undone, a surrogate pair
 * made one character, a surrogate alone made U+FFFD.
 */
static void
test_strings (void)
{
  static const struct { const char *json; const char *text; gsize len; } cases[] = {
    { "\"\"", "", 0 },
    { "\"plain text, long enough to take the fast path\"", "plain text, long enough to take the fast path", 45 },
    { "\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\"", "q\"b\\s/\b\f\n\r\t", 11 },
    { "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14 },
    { "\"\\u00e9\\u20AC\"", "\xc3\xa9\xe2\x82\xac", 5 },
    { "\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!", 5 },
    { "\"\\ud83dx\"", "\xef\xbf\xbdx", 4 },
    { "\"\\ude00\"", "\xef\xbf\xbd", 3 },
    { "\"\\ud83d\\u0041\"", "\xef\xbf\xbd" "A", 4 },
    { "\"a\\u0000b\"", "a\0b", 3 },
    { "\"\\u0000\xc3\xa9\"", "\0\xc3\xa9", 3 },
    /* Not UTF-8 (Latin-1, a stray continuation, an overlong form, an
     * encoded surrogate, beyond U+10FFFF, cut short): each bad byte a
     * U+FFFD, as g_utf8_make_valid() does, not the document refused. */
    { "\"caf\xe9!\"", "caf\xef\xbf\xbd!", 7 },
    { "\"\x80\"", "\xef\xbf\xbd", 3 },
    { "\"\xc0\x80\"", "\xef\xbf\xbd\xef\xbf\xbd", 6 },
    { "\"\xed\xa0\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9 },
    { "\"\xf4\x90\x80\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 12 },
    { "\"\xe2\x82x\"", "\xef\xbf\xbd\xef\xbf\xbdx", 7 },
    { "\"\xc3\x28\\u00e9\"", "\xef\xbf\xbd(\xc3\xa9", 6 },
    { "\"\\u0000\xe9\"", "\0\xef\xbf\xbd", 4 },
    /* a quote or a backslash in every position of an eight-byte word */
    { "\"1234567\\\"89\"", "1234567\"89", 10 },
    { "\"12345678\\\\\"", "12345678\\", 9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsJsonParser) parser = NULL;
      g_autofree char *escaped = g_strescape (cases[i].json, NULL);
      const MsJsonValue *root;

      g_test_message ("string: %s", escaped);
      parser = ms_json_parse_tree (cases[i].json, strlen (cases[i].json), &error);
      g_assert_no_error (error);
      root = ms_json_parser_get_root (parser);
      g_assert_cmpint (root->type, ==, MS_JSON_STRING);
      g_assert_cmpuint (root->len, ==, cases[i].len);
      g_assert_cmpmem (root->text, root->len, cases[i].text, cases[i].len);
      g_assert_true (g_utf8_validate (root->text, root->len, NULL) || memchr (root->text, 0, root->len));
      g_assert_null (json_agree (cases[i].json, strlen (cases[i].json), 1));
    }
}

/* A random document of every kind of value, written compactly or with
 * white space, its strings from a set that tries the scanner's edges.
 */
static void
random_value (GRand   *rand,
              GString *out,
              guint    depth)
{
  static const char * const strings[] = {
    "", "a", "TASK_RUNNING", "0123456789abcdef", "with \\\"quotes\\\" inside",
    "tab\\tnew\\nline", "caf\xc3\xa9", "\\u00e9\\u20ac", "\\ud83d\\ude00", "\xf0\x9f\x98\x80 emoji",
    "exactly8", "seven77", "a/b\\/c", "\\\\", "long string of plain words that runs past several words",
    "latin-1 caf\xe9",
  };
  static const char * const numbers[] = {
    "0", "-0", "1", "-17", "15.0", "1.5e3", "2E-2", "1470820171393027072", "0.000001", "-1.25E+10",
  };
  const char *space = g_rand_boolean (rand) ? "" : (g_rand_boolean (rand) ? " " : "\n\t ");
  guint kind = g_rand_int_range (rand, 0, depth >= 6 ? 4 : 6);

  switch (kind)
    {
    case 0:
      g_string_append_printf (out, "\"%s\"", strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (strings))]);
      break;
    case 1:
      g_string_append (out, numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))]);
      break;
    case 2:
      g_string_append (out, g_rand_boolean (rand) ? "true" : "false");
      break;
    case 3:
      g_string_append (out, "null");
      break;
    case 4:
    case 5:
      {
        guint n = g_rand_int_range (rand, 0, 5);

        g_string_append_c (out, kind == 4 ? '{' : '[');
        for (guint i = 0; i < n; i++)
          {
            g_string_append_printf (out, "%s%s", i ? "," : "", space);
            if (kind == 4)
              g_string_append_printf (out, "\"%s\"%s:%s",
                                      strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (strings))],
                                      space, space);
            random_value (rand, out, depth + 1);
          }
        g_string_append_printf (out, "%s%c", space, kind == 4 ? '}' : ']');
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Whole and fed, the two readers agree: on random documents, on the same
 * documents with bytes changed, dropped or cut short, and on every
 * fixture of the operator API.
 */
static void
test_agree (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "operator", NULL);
  static const char bytes[] = "{}[]\":,\\ \"0-.eEtfnu\x01\x80\xc3\xff";
  guint compared = json_agree_trees_compared;
  const char *name;

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GString) doc = g_string_new (NULL);
      char *why;

      random_value (rand, doc, 0);
      why = json_agree (doc->str, doc->len, g_rand_int_range (rand, 1, 64));
      if (why != NULL)
        g_error ("%s: %s", doc->str, why);

      /* Then broken: one to three bytes changed, one dropped, or cut short. */
      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          for (guint i = g_rand_int_range (rand, 1, 4); i > 0 && doc->len > 0; i--)
            doc->str[g_rand_int_range (rand, 0, doc->len)] = bytes[g_rand_int_range (rand, 0, sizeof bytes - 1)];
          break;
        case 1:
          if (doc->len > 0)
            g_string_erase (doc, g_rand_int_range (rand, 0, doc->len), 1);
          break;
        default:
          g_string_truncate (doc, g_rand_int_range (rand, 0, doc->len + 1));
          break;
        }
      why = json_agree (doc->str, doc->len, g_rand_int_range (rand, 1, 64));
      if (why != NULL)
        g_error ("%s: %s", doc->str, why);
    }

  dir = g_dir_open (fixtures, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixtures, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;
      char *why;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      why = json_agree (contents, len, 4096);
      if (why != NULL)
        g_error ("%s: %s", name, why);
    }
  /* Trees compared, not only documents read: the random ones all (they
   * have no lone surrogate), and the fixtures. */
  g_test_message ("%u trees compared", json_agree_trees_compared - compared);
  g_assert_cmpuint (json_agree_trees_compared - compared, >=, 3000 + 10);
}

/* MS_JSON_TREE_MAX_DEPTH levels, closed, are read both ways; one more is
 * refused both ways; and so is a document that never closes. */
static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsJsonParser) parser = NULL;

  for (guint levels = MS_JSON_TREE_MAX_DEPTH; levels <= MS_JSON_TREE_MAX_DEPTH + 1; levels++)
    {
      g_autoptr(MsJsonParser) whole = ms_json_parser_new (NULL, NULL, NULL);
      g_autoptr(MsJsonParser) fed = ms_json_parser_new (NULL, NULL, NULL);
      gboolean fits = levels <= MS_JSON_TREE_MAX_DEPTH;
      g_autoptr(GError) whole_error = NULL;
      g_autoptr(GError) fed_error = NULL;

      g_string_truncate (deep, 0);
      for (guint i = 0; i < levels; i++)
        g_string_append (deep, i % 2 ? "[" : "{\"k\":");
      g_string_append (deep, "1");
      for (guint i = levels; i > 0; i--)
        g_string_append_c (deep, (i - 1) % 2 ? ']' : '}');

      g_assert_cmpint (ms_json_parser_parse (whole, deep->str, deep->len, &whole_error), ==, fits);
      g_assert_cmpint (ms_json_parser_feed (fed, deep->str, deep->len, &fed_error) &&
                       ms_json_parser_finish (fed, &fed_error), ==, fits);
      if (!fits)
        {
          g_assert_error (whole_error, MS_ERROR, MS_ERROR_INVALID_DATA);
          g_assert_error (fed_error, MS_ERROR, MS_ERROR_INVALID_DATA);
        }
    }

  g_string_truncate (deep, 0);
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
test_split (gconstpointer data)
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
  if (GPOINTER_TO_INT (data))
    {
      g_assert_true (ms_json_parser_parse (parser, doc->str, doc->len, &error));
    }
  else
    {
      /* Fed in odd-sized pieces, as a socket would. */
      for (gsize off = 0; off < doc->len; off += 4099)
        g_assert_true (ms_json_parser_feed (parser, doc->str + off, MIN (4099, doc->len - off), &error));
      g_assert_true (ms_json_parser_finish (parser, &error));
    }
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

  /* Read whole: the same error. */
  g_clear_error (&error);
  ms_json_parser_reset (parser);
  g_assert_false (ms_json_parser_parse (parser, "{\"a\":[{}]}", 10, &error));
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
      /* Read whole or fed, in turns, after a whole read that failed. */
      if (i % 3 == 0)
        {
          g_assert_false (ms_json_parser_parse (parser, "{\"list\":[{\"n\":1}],\"x\":]", 23, &error));
          g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
          g_clear_error (&error);
          seen.sum = 0;
          ms_json_parser_reset (parser);
        }
      if (i % 2 == 0)
        {
          g_assert_true (ms_json_parser_parse (parser, doc, strlen (doc), &error));
        }
      else
        {
          g_assert_true (ms_json_parser_feed (parser, doc, strlen (doc), &error));
          g_assert_true (ms_json_parser_finish (parser, &error));
        }
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
  g_test_add_func ("/ms/json-tree/strings", test_strings);
  g_test_add_func ("/ms/json-tree/agree", test_agree);
  g_test_add_data_func ("/ms/json-tree/split/fed", GINT_TO_POINTER (FALSE), test_split);
  g_test_add_data_func ("/ms/json-tree/split/whole", GINT_TO_POINTER (TRUE), test_split);
  g_test_add_func ("/ms/json-tree/split-error", test_split_error);
  g_test_add_func ("/ms/json-tree/reset", test_reset);
  g_test_add_func ("/ms/json-tree/precheck", test_precheck);

  return g_test_run ();
}
