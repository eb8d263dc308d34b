/* ms-zk-source.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>
#include <zookeeper/zookeeper.h>

G_BEGIN_DECLS

/**
 * MsZkSourceFunc:
 * @zh: the handle
 * @rc: the unrecoverable ZooKeeper error (`ZINVALIDSTATE`: the session
 *   expired or authentication failed)
 *
 * Called when the handle can no longer be used. The owner closes it
 * (outside of ZooKeeper's callbacks) and opens a new session if it wants.
 *
 * Returns: %G_SOURCE_CONTINUE or %G_SOURCE_REMOVE
 */
typedef gboolean (*MsZkSourceFunc) (zhandle_t *zh,
                                    int        rc,
                                    gpointer   user_data);

GSource *ms_zk_source_new (zhandle_t      *zh,
                           MsZkSourceFunc  func,
                           gpointer        user_data,
                           GDestroyNotify  notify);
void     ms_zk_source_log (const char     *message);

G_END_DECLS
