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

/* Does the document escape a UTF-16 surrogate (\uD800 to \uDFFF)? */
static inline gboolean
json_agree_has_surrogate_escape (const char *data,
                                 gsize       len)
{
  /* An escaped backslash before "ud800" counts too: one document less
   * compared, no harm. */
  for (gsize i = 0; i + 4 <= len; i++)
    if (data[i] == '\\' && data[i + 1] == 'u' && g_ascii_tolower (data[i + 2]) == 'd' &&
        g_ascii_xdigit_value (data[i + 3]) >= 8)
      return TRUE;

  return FALSE;
}

static inline gboolean
json_agree_whole_accepts (const char *data,
                          gsize       len)
{
  g_autoptr(MsJsonParser) parser = ms_json_parser_new (NULL, NULL, NULL);

  return ms_json_parser_parse (parser, data, len, NULL);
}

/* Does yajl accept @data only because it is lax? It takes form feed and
 * vertical tab for white space, and ignores an unfinished token after the
 * document ('"" "' is "" to yajl).
 */
static inline gboolean
json_agree_yajl_is_lax (const char *data,
                        gsize       len)
{
  g_autofree char *spaced = g_strndup (data, len);

  for (gsize i = 0; i < len; i++)
    if (spaced[i] == '\f' || spaced[i] == '\v')
      spaced[i] = ' ';

  for (gsize n = len; n > 0; n--)
    if (json_agree_whole_accepts (spaced, n) && (n < len || memcmp (spaced, data, len) != 0))
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
  if (whole_ok && !fed_ok && !json_agree_has_surrogate_escape (data, len))
    return g_strdup_printf ("only the whole reader accepts it (yajl: %s)", fed_error->message);

  if (!whole_ok && fed_ok && !json_agree_yajl_is_lax (data, len))
    return g_strdup_printf ("only yajl accepts it (whole: %s)", whole_error->message);

  if (whole_ok && fed_ok && !json_agree_has_surrogate_escape (data, len))
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);

      json_agree_dump (a, ms_json_parser_get_root (whole));
      json_agree_dump (b, ms_json_parser_get_root (fed));
      if (!g_string_equal (a, b))
        return g_strdup_printf ("different trees: %s against %s", a->str, b->str);
    }

  return NULL;
}
