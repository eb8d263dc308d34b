/* ms-json.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-error.h"
#include "ms-json.h"

/**
 * ms_json_precheck:
 *
 * What json-glib 1.6 gets wrong, checked before a document reaches it
 * (strings and escapes respected):
 * - its parser recurses once per nesting level, so a hostile document such
 *   as `[[[[…` could exhaust the stack: documents nested deeper than
 *   @max_depth are rejected;
 * - it takes `{"a":1}{"b":2}` or `"x"{…}` as valid, keeps the last value
 *   and leaks the first (found by fuzzing): anything after the first whole
 *   value (object, array, string, or bare number, true, false, null) is
 *   rejected.
 */
gboolean
ms_json_precheck (const char  *data,
                  gsize        len,
                  guint        max_depth,
                  GError     **error)
{
  gboolean in_string = FALSE;
  gboolean in_scalar = FALSE;   /* a bare number, true, false or null at the top */
  gboolean complete = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];
      gboolean structural = c == '{' || c == '[' || c == '}' || c == ']' || c == '"';

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              complete = depth == 0;
            }
          continue;
        }

      if (in_scalar)
        {
          if (!g_ascii_isspace (c) && !structural)
            continue;
          in_scalar = FALSE;
          complete = TRUE;
        }

      if (complete && !g_ascii_isspace (c))
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                       _("Unexpected data after the JSON document"));
          return FALSE;
        }

      if (depth == 0 && !structural && !g_ascii_isspace (c))
        {
          in_scalar = TRUE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '{':
        case '[':
          if (++depth > max_depth)
            {
              g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                           _("JSON nested deeper than %u levels"), max_depth);
              return FALSE;
            }
          break;

        case '}':
        case ']':
          if (depth > 0 && --depth == 0)
            complete = TRUE;
          break;

        default:
          break;
        }
    }

  return TRUE;
}

/**
 * ms_json_parse:
 *
 * Parses a small JSON document from outside: valid UTF-8, bounded depth.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set to
 *   %MS_ERROR_INVALID_DATA
 */
JsonNode *
ms_json_parse (const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (len > G_MAXSSIZE)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("JSON document too large"));
      return NULL;
    }

  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Data is not valid UTF-8"));
      return NULL;
    }

  if (!ms_json_precheck (data, len, MS_JSON_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("Invalid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Empty JSON document"));
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * ms_json_get_string:
 * @value: (out): the string, owned by @object; %NULL when absent
 *
 * Returns: %FALSE with @error set when the member is required and absent,
 *   is not a string, or is longer than @max_len bytes
 */
gboolean
ms_json_get_string (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    gsize        max_len,
                    const char **value,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *s;

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                       _("“%s” is missing"), member);
          return FALSE;
        }
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("“%s” is not a string"), member);
      return FALSE;
    }

  s = json_node_get_string (node);
  if (strlen (s) > max_len)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("“%s” is longer than %llu bytes"), member, (unsigned long long) max_len);
      return FALSE;
    }

  *value = s;
  return TRUE;
}

/**
 * ms_json_get_int:
 * @value: (out): the value; untouched when absent
 *
 * Reads an integer member. Integers are taken from the number's text, never
 * through a double, so int64 values beyond 2^53 keep every digit. A number
 * written with a fraction or exponent is accepted when it is integral and
 * within range.
 */
gboolean
ms_json_get_int (JsonObject  *object,
                 const char  *member,
                 gboolean     required,
                 gint64       min,
                 gint64       max,
                 gint64      *value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                       _("“%s” is missing"), member);
          return FALSE;
        }
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    goto not_integer;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      v = json_node_get_int (node);
      break;

    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (d != d || d < (double)min || d > (double)max || d != (double)(gint64)d)
          goto out_of_range;
        v = (gint64)d;
      }
      break;

    default:
      goto not_integer;
    }

  if (v < min || v > max)
    goto out_of_range;

  *value = v;
  return TRUE;

not_integer:
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("“%s” is not an integer"), member);
  return FALSE;

out_of_range:
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
               _("“%s” is out of range (%lld…%lld)"),
               member, (long long) min, (long long) max);
  return FALSE;
}

/**
 * ms_json_get_object:
 *
 * Returns: (transfer none) (nullable): the member if it is an object; %NULL
 *   when absent, or with @error set when it is something else
 */
JsonObject *
ms_json_get_object (JsonObject  *object,
                    const char  *member,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("“%s” is not an object"), member);
      return NULL;
    }

  return json_node_get_object (node);
}

/**
 * ms_json_get_array:
 *
 * Mesos leaves empty repeated fields out, so an absent array is not an error.
 *
 * Returns: (transfer none) (nullable): the member if it is an array; %NULL
 *   when absent, or with @error set when it is something else
 */
JsonArray *
ms_json_get_array (JsonObject  *object,
                   const char  *member,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("“%s” is not an array"), member);
      return NULL;
    }

  return json_node_get_array (node);
}
