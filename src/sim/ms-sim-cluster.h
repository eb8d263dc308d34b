/* ms-sim-cluster.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

#include "ms-sim-master.h"
#include "ms-types.h"

G_BEGIN_DECLS

#define MS_TYPE_SIM_CLUSTER (ms_sim_cluster_get_type ())

G_DECLARE_FINAL_TYPE (MsSimCluster, ms_sim_cluster, MS, SIM_CLUSTER, GObject)

MsSimCluster     *ms_sim_cluster_new            (const MsZkUrl  *url,
                                                 guint           n_masters,
                                                 const char     *hostname,
                                                 int             session_timeout_ms);
gboolean          ms_sim_cluster_start          (MsSimCluster   *self,
                                                 GError        **error);
gboolean          ms_sim_cluster_get_ready      (MsSimCluster   *self);
guint             ms_sim_cluster_get_n_masters  (MsSimCluster   *self);
MsSimMaster      *ms_sim_cluster_get_master     (MsSimCluster   *self,
                                                 guint           index);
MsSimMaster      *ms_sim_cluster_get_leader     (MsSimCluster   *self);
MsLeaderDetector *ms_sim_cluster_get_detector   (MsSimCluster   *self);
char             *ms_sim_cluster_run_command    (MsSimCluster   *self,
                                                 const char     *line,
                                                 GError        **error);

G_END_DECLS
