/* ms-zk-url.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>

#include "ms-types.h"

G_BEGIN_DECLS

#define MS_TYPE_ZK_URL (ms_zk_url_get_type ())

GType        ms_zk_url_get_type        (void) G_GNUC_CONST;
MsZkUrl     *ms_zk_url_parse           (const char    *text,
                                        GError       **error);
MsZkUrl     *ms_zk_url_copy            (const MsZkUrl *self);
MsZkUrl     *ms_zk_url_copy_with_credentials (const MsZkUrl  *self,
                                              const char     *user,
                                              const char     *password,
                                              GError        **error);
void         ms_zk_url_free            (MsZkUrl       *self);
const char  *ms_zk_url_get_servers     (const MsZkUrl *self);
const char  *ms_zk_url_get_path        (const MsZkUrl *self);
const char  *ms_zk_url_get_credentials (const MsZkUrl *self);
const char  *ms_zk_url_get_user        (const MsZkUrl *self);
char        *ms_zk_url_to_string       (const MsZkUrl *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsZkUrl, ms_zk_url_free)

G_END_DECLS
