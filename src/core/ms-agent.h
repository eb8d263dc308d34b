/* ms-agent.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>

#include "ms-json-tree.h"
#include "ms-resources.h"

G_BEGIN_DECLS

#define MS_TYPE_AGENT (ms_agent_get_type ())

G_DECLARE_FINAL_TYPE (MsAgent, ms_agent, MS, AGENT, GObject)

MsAgent            *ms_agent_new_from_json          (const MsJsonValue  *agent,
                                                     GError            **error);
MsAgent            *ms_agent_new_recovered          (const MsJsonValue  *agent_info,
                                                     GError            **error);
const char         *ms_agent_get_id                 (MsAgent            *self);
const char         *ms_agent_get_hostname           (MsAgent            *self);
guint               ms_agent_get_port               (MsAgent            *self);
const char         *ms_agent_get_version            (MsAgent            *self);
const char         *ms_agent_get_pid                (MsAgent            *self);
gboolean            ms_agent_get_active             (MsAgent            *self);
gboolean            ms_agent_get_deactivated        (MsAgent            *self);
gboolean            ms_agent_get_recovered          (MsAgent            *self);
gint64              ms_agent_get_registered_time    (MsAgent            *self);
gint64              ms_agent_get_reregistered_time  (MsAgent            *self);
const char         *ms_agent_get_drain_state        (MsAgent            *self);
const MsResources  *ms_agent_get_total              (MsAgent            *self);
const MsResources  *ms_agent_get_allocated          (MsAgent            *self);
const MsResources  *ms_agent_get_offered            (MsAgent            *self);
const MsResources  *ms_agent_get_used               (MsAgent            *self);
const char * const *ms_agent_get_attributes         (MsAgent            *self);
const char * const *ms_agent_get_capabilities       (MsAgent            *self);

G_END_DECLS
