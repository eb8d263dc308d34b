/* ms-state-parser.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

#include "ms-json-tree.h"

G_BEGIN_DECLS

typedef struct _MsStateParser MsStateParser;

MsStateParser     *ms_state_parser_new                  (void);
void               ms_state_parser_free                 (MsStateParser  *self);
void               ms_state_parser_reset                (MsStateParser  *self);
gboolean           ms_state_parser_feed                 (MsStateParser  *self,
                                                         const char     *data,
                                                         gsize           len,
                                                         GError        **error);
gboolean           ms_state_parser_finish               (MsStateParser  *self,
                                                         GError        **error);
gboolean           ms_state_parser_load                 (MsStateParser  *self,
                                                         const char     *data,
                                                         gsize           len,
                                                         GError        **error);
MsStateParser     *ms_state_parser_parse                (const char     *data,
                                                         gsize           len,
                                                         GError        **error);
const MsJsonValue *ms_state_parser_get_root             (MsStateParser  *self);
const char        *ms_state_parser_get_type_name        (MsStateParser  *self);
GPtrArray         *ms_state_parser_get_agents           (MsStateParser  *self);
GPtrArray         *ms_state_parser_get_recovered_agents (MsStateParser  *self);
GPtrArray         *ms_state_parser_get_frameworks       (MsStateParser  *self);
GPtrArray         *ms_state_parser_get_completed_frameworks
                                                       (MsStateParser  *self);
GPtrArray         *ms_state_parser_get_unacknowledged_tasks
                                                       (MsStateParser  *self);
GPtrArray         *ms_state_parser_get_tasks            (MsStateParser  *self);
guint              ms_state_parser_get_n_invalid        (MsStateParser  *self);
const char        *ms_state_parser_get_first_invalid    (MsStateParser  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsStateParser, ms_state_parser_free)

/**
 * MsStateParserCache:
 *
 * One parser kept by its owner for the many small records of a stream;
 * zero-initialise it, clear it with ms_state_parser_cache_clear().
 */
typedef struct
{
  MsStateParser *parser;
  gboolean       busy;
} MsStateParserCache;

MsStateParser     *ms_state_parser_cache_acquire        (MsStateParserCache *cache);
void               ms_state_parser_cache_release        (MsStateParserCache *cache,
                                                         MsStateParser      *parser);
void               ms_state_parser_cache_clear          (MsStateParserCache *cache);

G_END_DECLS
