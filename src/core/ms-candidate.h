/* ms-candidate.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>

#include "ms-types.h"

G_BEGIN_DECLS

#define MS_TYPE_CANDIDATE (ms_candidate_get_type ())

G_DECLARE_FINAL_TYPE (MsCandidate, ms_candidate, MS, CANDIDATE, GObject)

gboolean      ms_candidate_parse_name    (const char    *name,
                                          char         **label,
                                          gint64        *sequence);
MsCandidate  *ms_candidate_new           (const char    *name);
const char   *ms_candidate_get_name      (MsCandidate   *self);
const char   *ms_candidate_get_label     (MsCandidate   *self);
gint64        ms_candidate_get_sequence  (MsCandidate   *self);
MsMasterInfo *ms_candidate_get_info      (MsCandidate   *self);
const char   *ms_candidate_get_error     (MsCandidate   *self);
gboolean      ms_candidate_get_leading   (MsCandidate   *self);
gboolean      ms_candidate_get_loaded    (MsCandidate   *self);
int           ms_candidate_compare       (gconstpointer  a,
                                          gconstpointer  b,
                                          gpointer       user_data);

G_END_DECLS
