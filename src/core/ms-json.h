/* ms-json.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Helpers to read JSON from outside tolerantly but safely: every function
 * checks the type of what it reads and names the member in its error.
 */

#define MS_JSON_MAX_DEPTH 64

gboolean     ms_json_precheck         (const char   *data,
                                       gsize         len,
                                       guint         max_depth,
                                       GError      **error);
JsonNode    *ms_json_parse            (const char   *data,
                                       gsize         len,
                                       GError      **error);
gboolean     ms_json_get_string       (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       gsize         max_len,
                                       const char  **value,
                                       GError      **error);
gboolean     ms_json_get_int          (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       gint64        min,
                                       gint64        max,
                                       gint64       *value,
                                       GError      **error);
JsonObject  *ms_json_get_object       (JsonObject   *object,
                                       const char   *member,
                                       GError      **error);
JsonArray   *ms_json_get_array        (JsonObject   *object,
                                       const char   *member,
                                       GError      **error);

G_END_DECLS
