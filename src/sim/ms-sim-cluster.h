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

/**
 * MsSimOptions:
 * @n_masters: masters to start
 * @hostname: the host name they advertise
 * @session_timeout_ms: each master's ZooKeeper session timeout
 * @workload: the simulated agents, frameworks, tasks and churn
 * @heartbeat_s: HEARTBEAT interval of the operator stream
 * @recovery_ms: how long a new leader answers 503 while recovering
 * @credentials: (nullable): principal → secret; HTTP basic auth required
 * @acls: (nullable): Mesos' --acls (only view_flags is enforced)
 * @tls_certificate: (nullable): serve HTTPS with this certificate, as a
 *   Mesos master built with SSL and LIBPROCESS_SSL_ENABLED does
 */
typedef struct
{
  guint          n_masters;
  const char    *hostname;
  int            session_timeout_ms;
  MsSimWorkload  workload;
  double         heartbeat_s;
  guint          recovery_ms;
  GHashTable    *credentials;
  MsSimAcls     *acls;
  GTlsCertificate *tls_certificate;
} MsSimOptions;

void ms_sim_options_init (MsSimOptions *options);

#define MS_TYPE_SIM_CLUSTER (ms_sim_cluster_get_type ())

G_DECLARE_FINAL_TYPE (MsSimCluster, ms_sim_cluster, MS, SIM_CLUSTER, GObject)

MsSimCluster     *ms_sim_cluster_new            (const MsZkUrl       *url,
                                                 const MsSimOptions  *options);
MsSimWorld       *ms_sim_cluster_get_world      (MsSimCluster   *self);
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
