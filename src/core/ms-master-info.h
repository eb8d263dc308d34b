/* ms-master-info.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ms-types.h"

G_BEGIN_DECLS

/* Data larger than this is not a MasterInfo (real ones are ~300 bytes). */
#define MS_MASTER_INFO_MAX_SIZE (64 * 1024)

#define MS_TYPE_MASTER_INFO (ms_master_info_get_type ())

G_DECLARE_FINAL_TYPE (MsMasterInfo, ms_master_info, MS, MASTER_INFO, GObject)

MsMasterInfo        *ms_master_info_new_from_json      (const char          *data,
                                                        gsize                len,
                                                        GError             **error);
MsMasterInfo        *ms_master_info_new_from_protobuf  (const guint8        *data,
                                                        gsize                len,
                                                        GError             **error);
MsMasterInfo        *ms_master_info_new_from_pid       (const char          *data,
                                                        gsize                len,
                                                        GError             **error);
MsMasterInfo        *ms_master_info_new_for_label      (const char          *label,
                                                        const guint8        *data,
                                                        gsize                len,
                                                        GError             **error);
MsMasterInfoFormat   ms_master_info_get_format         (MsMasterInfo        *self);
const char          *ms_master_info_get_id             (MsMasterInfo        *self);
const char          *ms_master_info_get_hostname       (MsMasterInfo        *self);
const char          *ms_master_info_get_ip             (MsMasterInfo        *self);
guint                ms_master_info_get_port           (MsMasterInfo        *self);
const char          *ms_master_info_get_pid            (MsMasterInfo        *self);
const char          *ms_master_info_get_version        (MsMasterInfo        *self);
const char          *ms_master_info_get_region         (MsMasterInfo        *self);
const char          *ms_master_info_get_zone           (MsMasterInfo        *self);
const char * const  *ms_master_info_get_capabilities   (MsMasterInfo        *self);
const char          *ms_master_info_get_connect_host   (MsMasterInfo        *self);
const char          *ms_master_info_get_display_host   (MsMasterInfo        *self);
char                *ms_master_info_dup_endpoint       (MsMasterInfo        *self);
gboolean             ms_master_info_equal              (MsMasterInfo        *a,
                                                        MsMasterInfo        *b);
void                 ms_master_info_to_json            (MsMasterInfo        *self,
                                                        JsonBuilder         *builder);
char                *ms_master_info_decode_ip          (guint32              packed);

G_END_DECLS
