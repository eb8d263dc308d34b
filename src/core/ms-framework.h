/* ms-framework.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>

#include "ms-json-tree.h"

G_BEGIN_DECLS

#define MS_TYPE_FRAMEWORK (ms_framework_get_type ())

G_DECLARE_FINAL_TYPE (MsFramework, ms_framework, MS, FRAMEWORK, GObject)

MsFramework        *ms_framework_new_from_json          (const MsJsonValue  *framework,
                                                         GError            **error);
const char         *ms_framework_get_id                 (MsFramework        *self);
const char         *ms_framework_get_name               (MsFramework        *self);
const char         *ms_framework_get_user               (MsFramework        *self);
const char         *ms_framework_get_principal          (MsFramework        *self);
const char         *ms_framework_get_hostname           (MsFramework        *self);
const char         *ms_framework_get_webui_url          (MsFramework        *self);
const char * const *ms_framework_get_roles              (MsFramework        *self);
const char * const *ms_framework_get_capabilities       (MsFramework        *self);
gboolean            ms_framework_get_active             (MsFramework        *self);
gboolean            ms_framework_get_connected          (MsFramework        *self);
gboolean            ms_framework_get_recovered          (MsFramework        *self);
gint64              ms_framework_get_registered_time    (MsFramework        *self);
gint64              ms_framework_get_reregistered_time  (MsFramework        *self);
guint               ms_framework_get_n_active_tasks     (MsFramework        *self);

G_END_DECLS
