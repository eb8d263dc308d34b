/* ms-cluster.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

#include "ms-agent.h"
#include "ms-framework.h"
#include "ms-json-tree.h"
#include "ms-resources.h"
#include "ms-state-parser.h"
#include "ms-task.h"

G_BEGIN_DECLS

#define MS_TYPE_CLUSTER (ms_cluster_get_type ())

/* Mesos' defaults for --max_completed_tasks_per_framework and
 * --max_completed_frameworks. */
#define MS_CLUSTER_MAX_COMPLETED_TASKS      1000
#define MS_CLUSTER_MAX_COMPLETED_FRAMEWORKS 50

G_DECLARE_FINAL_TYPE (MsCluster, ms_cluster, MS, CLUSTER, GObject)

MsCluster         *ms_cluster_new                     (void);
GListModel        *ms_cluster_get_agents              (MsCluster          *self);
GListModel        *ms_cluster_get_frameworks          (MsCluster          *self);
GListModel        *ms_cluster_get_tasks               (MsCluster          *self);
MsAgent           *ms_cluster_lookup_agent            (MsCluster          *self,
                                                       const char         *id);
MsFramework       *ms_cluster_lookup_framework        (MsCluster          *self,
                                                       const char         *id);
MsTask            *ms_cluster_lookup_task             (MsCluster          *self,
                                                       const char         *framework_id,
                                                       const char         *task_id);
gboolean           ms_cluster_apply_record            (MsCluster          *self,
                                                       const char         *data,
                                                       gsize               len,
                                                       GError            **error);
gboolean           ms_cluster_apply_parsed            (MsCluster          *self,
                                                       MsStateParser      *parsed,
                                                       GError            **error);
gboolean           ms_cluster_apply_event             (MsCluster          *self,
                                                       const MsJsonValue  *event,
                                                       GError            **error);
void               ms_cluster_apply_snapshot          (MsCluster          *self,
                                                       MsStateParser      *parsed);
void               ms_cluster_refresh_agents          (MsCluster          *self,
                                                       MsStateParser      *parsed);
void               ms_cluster_refresh_frameworks      (MsCluster          *self,
                                                       MsStateParser      *parsed);
void               ms_cluster_adopt                   (MsCluster          *self,
                                                       MsCluster          *prepared);
void               ms_cluster_mark_stale              (MsCluster          *self);
void               ms_cluster_clear                   (MsCluster          *self);
gboolean           ms_cluster_get_stale               (MsCluster          *self);
gint64             ms_cluster_get_stale_since         (MsCluster          *self);
gboolean           ms_cluster_get_synced              (MsCluster          *self);
guint              ms_cluster_get_n_recovered_agents  (MsCluster          *self);
guint              ms_cluster_get_n_expected_agents   (MsCluster          *self);
guint              ms_cluster_count_tasks             (MsCluster          *self,
                                                       const char         *state);
guint              ms_cluster_count_active_agents     (MsCluster          *self);
guint              ms_cluster_count_connected_frameworks
                                                      (MsCluster          *self);
void               ms_cluster_get_resources           (MsCluster          *self,
                                                       MsResources        *total,
                                                       MsResources        *used);
double             ms_cluster_get_heartbeat_interval  (MsCluster          *self);
guint64            ms_cluster_get_n_events            (MsCluster          *self);
guint64            ms_cluster_get_n_unknown_events    (MsCluster          *self);
guint64            ms_cluster_get_n_unknown_states    (MsCluster          *self);
guint64            ms_cluster_get_n_invalid           (MsCluster          *self);
GPtrArray         *ms_cluster_diff                    (MsCluster          *self,
                                                       MsStateParser      *state);
void               ms_cluster_set_completed_limits    (MsCluster          *self,
                                                       guint               max_tasks,
                                                       guint               max_frameworks);
void               ms_cluster_get_completed_limits    (MsCluster          *self,
                                                       guint              *max_tasks,
                                                       guint              *max_frameworks);
void               ms_cluster_get_completed_kept      (MsCluster          *self,
                                                       guint              *most_tasks,
                                                       guint              *frameworks);

G_END_DECLS
