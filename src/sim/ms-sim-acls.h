/* ms-sim-acls.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MsSimAcls MsSimAcls;

MsSimAcls *ms_sim_acls_new_from_json     (const char       *json,
                                          GError          **error);
MsSimAcls *ms_sim_acls_ref               (MsSimAcls        *acls);
void       ms_sim_acls_unref             (MsSimAcls        *acls);
gboolean   ms_sim_acls_allows_view_flags (const MsSimAcls  *acls,
                                          const char       *principal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSimAcls, ms_sim_acls_unref)

G_END_DECLS
