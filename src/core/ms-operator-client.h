/* ms-operator-client.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

#include "ms-cluster.h"
#include "ms-state-parser.h"
#include "ms-types.h"

G_BEGIN_DECLS

#define MS_OPERATOR_CLIENT_DEFAULT_WATCHDOG_FACTOR 5.0
#define MS_OPERATOR_CLIENT_DEFAULT_DRIFT_INTERVAL  30

#define MS_TYPE_OPERATOR_CLIENT (ms_operator_client_get_type ())

G_DECLARE_FINAL_TYPE (MsOperatorClient, ms_operator_client, MS, OPERATOR_CLIENT, GObject)

MsOperatorClient      *ms_operator_client_new                 (MsCluster          *cluster,
                                                               MsTimeline         *timeline);
void                   ms_operator_client_set_detector        (MsOperatorClient   *self,
                                                               MsLeaderDetector   *detector);
gboolean               ms_operator_client_set_master_url      (MsOperatorClient   *self,
                                                               const char         *url,
                                                               GError            **error);
void                   ms_operator_client_set_credentials     (MsOperatorClient   *self,
                                                               const char         *user,
                                                               const char         *password);
gboolean               ms_operator_client_set_tls             (MsOperatorClient   *self,
                                                               const char         *ca_file,
                                                               gboolean            insecure,
                                                               GError            **error);
void                   ms_operator_client_set_leader_https    (MsOperatorClient   *self,
                                                               gboolean            https);
void                   ms_operator_client_set_watchdog_factor (MsOperatorClient   *self,
                                                               double              factor);
void                   ms_operator_client_set_drift_interval  (MsOperatorClient   *self,
                                                               guint               seconds);
void                   ms_operator_client_start               (MsOperatorClient   *self);
void                   ms_operator_client_stop                (MsOperatorClient   *self);
void                   ms_operator_client_resync              (MsOperatorClient   *self,
                                                               const char         *reason);
MsOperatorClientState  ms_operator_client_get_state           (MsOperatorClient   *self);
const GError          *ms_operator_client_get_error           (MsOperatorClient   *self);
char                  *ms_operator_client_dup_target          (MsOperatorClient   *self);
MsCluster             *ms_operator_client_get_cluster         (MsOperatorClient   *self);
guint64                ms_operator_client_get_n_records       (MsOperatorClient   *self);
guint                  ms_operator_client_get_n_pending       (MsOperatorClient   *self);
void                   ms_operator_client_call_async          (MsOperatorClient   *self,
                                                               const char         *type,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
MsStateParser         *ms_operator_client_call_finish         (MsOperatorClient   *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);
const char            *ms_operator_client_state_to_string     (MsOperatorClientState state);

G_END_DECLS
