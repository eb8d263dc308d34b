/* ms-json-tree.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper documents are refused: Mesos' go about 12 levels deep. */
#define MS_JSON_TREE_MAX_DEPTH 64

typedef enum
{
  MS_JSON_NULL,
  MS_JSON_BOOLEAN,
  MS_JSON_NUMBER,
  MS_JSON_STRING,
  MS_JSON_OBJECT,
  MS_JSON_ARRAY,
} MsJsonType;

typedef struct _MsJsonValue MsJsonValue;

/**
 * MsJsonValue:
 * @type: what it is
 * @len: bytes of a string or number's text, members of an object,
 *   elements of an array
 * @key: (nullable): the member's name when inside an object
 * @text: a string's UTF-8 bytes or a number's text (NUL-terminated)
 * @first: the first member or element
 * @next: the next sibling
 *
 * One value of a parsed document, allocated in its parser's arena: valid
 * until the parser is freed, or, for an element handed to an element
 * callback, until the callback returns. Numbers keep their text, so
 * integers beyond 2^53 lose nothing.
 */
struct _MsJsonValue
{
  MsJsonType   type;
  guint        len;
  const char  *key;
  const char  *text;
  MsJsonValue *first;
  MsJsonValue *last;
  MsJsonValue *next;
};

typedef struct _MsJsonParser MsJsonParser;

/**
 * MsJsonElementFunc:
 * @list: the index in the parser's split paths of the array
 * @element: one element of that array
 *
 * Returns: %FALSE with @error set to stop parsing
 */
typedef gboolean (*MsJsonElementFunc) (guint               list,
                                       const MsJsonValue  *element,
                                       gpointer            user_data,
                                       GError            **error);

MsJsonParser       *ms_json_parser_new          (const char * const  *split_paths,
                                                 MsJsonElementFunc    func,
                                                 gpointer             user_data);
void                ms_json_parser_free         (MsJsonParser        *self);
void                ms_json_parser_reset        (MsJsonParser        *self);
gboolean            ms_json_parser_feed         (MsJsonParser        *self,
                                                 const char          *data,
                                                 gsize                len,
                                                 GError             **error);
gboolean            ms_json_parser_finish       (MsJsonParser        *self,
                                                 GError             **error);
gboolean            ms_json_parser_parse        (MsJsonParser        *self,
                                                 const char          *data,
                                                 gsize                len,
                                                 GError             **error);
const MsJsonValue  *ms_json_parser_get_root     (MsJsonParser        *self);
MsJsonParser       *ms_json_parse_tree          (const char          *data,
                                                 gsize                len,
                                                 GError             **error);

const MsJsonValue  *ms_json_value_get_member    (const MsJsonValue   *value,
                                                 const char          *key);
const MsJsonValue  *ms_json_value_get_path      (const MsJsonValue   *value,
                                                 const char          *first_key,
                                                 ...) G_GNUC_NULL_TERMINATED;
const char         *ms_json_value_get_string    (const MsJsonValue   *value);
gboolean            ms_json_value_get_int64     (const MsJsonValue   *value,
                                                 gint64              *out);
gboolean            ms_json_value_get_double    (const MsJsonValue   *value,
                                                 double              *out);
gboolean            ms_json_value_get_boolean   (const MsJsonValue   *value,
                                                 gboolean             fallback);
const char         *ms_json_value_get_id        (const MsJsonValue   *value,
                                                 const char          *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsJsonParser, ms_json_parser_free)

G_END_DECLS
