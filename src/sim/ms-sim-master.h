/* ms-sim-master.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

#include "ms-sim-acls.h"
#include "ms-sim-world.h"
#include "ms-zk-url.h"

G_BEGIN_DECLS

typedef enum
{
  MS_SIM_MASTER_STOPPED,
  MS_SIM_MASTER_STARTING,
  MS_SIM_MASTER_RUNNING,
  MS_SIM_MASTER_CRASHED,
} MsSimMasterState;

#define MS_SIM_MESOS_VERSION "1.12.0"

#define MS_TYPE_SIM_MASTER (ms_sim_master_get_type ())

G_DECLARE_FINAL_TYPE (MsSimMaster, ms_sim_master, MS, SIM_MASTER, GObject)

MsSimMaster      *ms_sim_master_new              (const MsZkUrl  *url,
                                                  guint           index,
                                                  const char     *hostname,
                                                  int             session_timeout_ms);
gboolean          ms_sim_master_start            (MsSimMaster    *self,
                                                  GError        **error);
void              ms_sim_master_stop             (MsSimMaster    *self);
void              ms_sim_master_crash            (MsSimMaster    *self);
guint             ms_sim_master_get_index        (MsSimMaster    *self);
MsSimMasterState  ms_sim_master_get_state        (MsSimMaster    *self);
const char       *ms_sim_master_get_id           (MsSimMaster    *self);
guint             ms_sim_master_get_port         (MsSimMaster    *self);
const char       *ms_sim_master_get_member       (MsSimMaster    *self);
gboolean          ms_sim_master_get_zk_connected (MsSimMaster    *self);
char             *ms_sim_master_dup_info_json    (MsSimMaster    *self);
const char       *ms_sim_master_state_to_string  (MsSimMasterState state);
void              ms_sim_master_set_world        (MsSimMaster    *self,
                                                  MsSimWorld     *world,
                                                  double          heartbeat_s,
                                                  GHashTable     *credentials,
                                                  MsSimAcls      *acls);
void              ms_sim_master_set_leadership   (MsSimMaster    *self,
                                                  gboolean        leading,
                                                  const char     *leader_host,
                                                  guint           leader_port,
                                                  guint           recovery_ms);
void              ms_sim_master_broadcast        (MsSimMaster    *self,
                                                  const char     *record);
void              ms_sim_master_send_raw         (MsSimMaster    *self,
                                                  const char     *bytes,
                                                  gsize           len);
void              ms_sim_master_cut_streams      (MsSimMaster    *self);
void              ms_sim_master_set_stalled      (MsSimMaster    *self,
                                                  gboolean        stalled);
void              ms_sim_master_set_tls_certificate (MsSimMaster  *self,
                                                    GTlsCertificate *certificate);
void              ms_sim_master_set_dribble      (MsSimMaster    *self,
                                                  guint           bytes_per_tick);
guint             ms_sim_master_get_n_subscribers (MsSimMaster   *self);

G_END_DECLS
