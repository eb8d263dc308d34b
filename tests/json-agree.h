/* json-agree.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* For test-json-tree and fuzz-state: the two ways MsJsonParser reads a
 * document, whole (ms_json_parser_parse(), our own scanner) and fed in
 * pieces (yajl), must build the same tree and accept the same documents.
 * Where they may differ is documented above ms_json_parser_parse(): yajl
 * is laxer about white space and what follows the document, and reads an
 * escaped surrogate without its pair differently.
 */

#pragma once

#include <string.h>

#include "ms-json-tree.h"

static inline void
json_agree_dump (GString           *out,
                 const MsJsonValue *value)
{
  g_string_append_printf (out, "<%d", value->type);
  if (value->key != NULL)
    g_string_append_printf (out, " k=%s", value->key);
  if (value->type == MS_JSON_OBJECT || value->type == MS_JSON_ARRAY)
    {
      g_string_append_printf (out, " n=%u>", value->len);
      for (const MsJsonValue *child = value->first; child != NULL; child = child->next)
        json_agree_dump (out, child);
    }
  else
    {
      g_string_append_printf (out, " %u:", value->len);
      if (value->text != NULL)
        g_string_append_len (out, value->text, value->len);
      g_string_append_c (out, '>');
    }
}

static inline int
json_agree_escape_at (const char *data,
                      gsize       len,
                      gsize       i)
{
  int unit = 0;

  if (i + 6 > len || data[i] != '\\' || data[i + 1] != 'u')
    return -1;
  for (gsize k = i + 2; k < i + 6; k++)
    {
      int digit = g_ascii_xdigit_value (data[k]);

      if (digit < 0)
        return -1;
      unit = unit << 4 | digit;
    }

  return unit;
}

/* Does the document escape a UTF-16 surrogate without its pair (which
 * the two readers read differently)? A pair is no excuse. An escaped
 * backslash before "ud800" counts too: one document less compared, no
 * harm. */
static inline gboolean
json_agree_has_lone_surrogate (const char *data,
                               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      int unit = json_agree_escape_at (data, len, i);

      if (unit >= 0xd800 && unit <= 0xdbff)
        {
          int low = json_agree_escape_at (data, len, i + 6);

          if (low < 0xdc00 || low > 0xdfff)
            return TRUE;
          i += 11;
        }
      else if (unit >= 0xdc00 && unit <= 0xdfff)
        {
          return TRUE;
        }
    }

  return FALSE;
}

/* How many documents json_agree() compared tree to tree. */
static guint json_agree_trees_compared;

static inline gboolean
json_agree_whole_accepts (const char *data,
                          gsize       len)
{
  g_autoptr(MsJsonParser) parser = ms_json_parser_new (NULL, NULL, NULL);

  return ms_json_parser_parse (parser, data, len, NULL);
}

/* After a document, does @rest hold only an unfinished string or literal,
 * which yajl waits for and then forgets? */
static inline gboolean
json_agree_unfinished_token (const char *rest,
                             gsize       len)
{
  static const char * const literals[] = { "true", "false", "null" };
  gsize i = 0;

  while (i < len && strchr (" \t\n\r", rest[i]) != NULL && rest[i] != '\0')
    i++;
  if (i == len)
    return FALSE;

  if (rest[i] == '"')
    {
      for (i++; i < len; i++)
        {
          if (rest[i] == '\\')
            i++;
          else if (rest[i] == '"')
            return FALSE;
        }
      return TRUE;
    }

  for (guint k = 0; k < G_N_ELEMENTS (literals); k++)
    if (len - i < strlen (literals[k]) && memcmp (rest + i, literals[k], len - i) == 0)
      return TRUE;

  return FALSE;
}

/* Does yajl accept @data only because it is lax? It takes form feed and
 * vertical tab for white space, and forgets an unfinished string or
 * literal after the document ('"" "' is "" to yajl).
 */
static inline gboolean
json_agree_yajl_is_lax (const char *data,
                        gsize       len)
{
  g_autofree char *spaced = g_strndup (data, len);

  for (gsize i = 0; i < len; i++)
    if (spaced[i] == '\f' || spaced[i] == '\v')
      spaced[i] = ' ';

  if (memcmp (spaced, data, len) != 0 && json_agree_whole_accepts (spaced, len))
    return TRUE;

  for (gsize n = len; n > 0; n--)
    if (json_agree_unfinished_token (spaced + n, len - n) && json_agree_whole_accepts (spaced, n))
      return TRUE;

  return FALSE;
}

/* Reads @data both ways, the fed one in @piece-byte pieces, and says why
 * they disagree, or returns NULL if they agree.
 */
static inline char *
json_agree (const char *data,
            gsize       len,
            gsize       piece)
{
  g_autoptr(MsJsonParser) whole = ms_json_parser_new (NULL, NULL, NULL);
  g_autoptr(MsJsonParser) fed = ms_json_parser_new (NULL, NULL, NULL);
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) fed_error = NULL;
  gboolean whole_ok, fed_ok = TRUE;

  g_assert (piece > 0);
  whole_ok = ms_json_parser_parse (whole, data, len, &whole_error);
  for (gsize off = 0; fed_ok && off < len; off += piece)
    fed_ok = ms_json_parser_feed (fed, data + off, MIN (piece, len - off), &fed_error);
  if (fed_ok)
    fed_ok = ms_json_parser_finish (fed, &fed_error);

  if (whole_ok != (whole_error == NULL) || fed_ok != (fed_error == NULL))
    return g_strdup ("a result and its error do not match");

  /* yajl turns a lone escaped surrogate into invalid UTF-8, refused then. */
  if (whole_ok && !fed_ok && !json_agree_has_lone_surrogate (data, len))
    return g_strdup_printf ("only the whole reader accepts it (yajl: %s)", fed_error->message);

  if (!whole_ok && fed_ok && !json_agree_yajl_is_lax (data, len))
    return g_strdup_printf ("only yajl accepts it (whole: %s)", whole_error->message);

  if (whole_ok && fed_ok && !json_agree_has_lone_surrogate (data, len))
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);

      json_agree_trees_compared++;

      json_agree_dump (a, ms_json_parser_get_root (whole));
      json_agree_dump (b, ms_json_parser_get_root (fed));
      if (!g_string_equal (a, b))
        return g_strdup_printf ("different trees: %s against %s", a->str, b->str);
    }

  return NULL;
}
