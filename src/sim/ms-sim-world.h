/* ms-sim-world.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_SIM_WORLD (ms_sim_world_get_type ())

G_DECLARE_FINAL_TYPE (MsSimWorld, ms_sim_world, MS, SIM_WORLD, GObject)

typedef struct
{
  guint   agents;
  guint   frameworks;
  guint   tasks;
  double  churn;           /* events per second */
  guint32 seed;
  double  reregister_s;    /* how long agents take to re-register after a failover */
  /* The master's --max_completed_tasks_per_framework and
   * --max_completed_frameworks; 0: Mesos' defaults, 1000 and 50. */
  guint   max_completed_tasks;
  guint   max_completed_frameworks;
} MsSimWorkload;

MsSimWorld *ms_sim_world_new                (const MsSimWorkload *workload);
void        ms_sim_world_start_churn        (MsSimWorld          *self);
void        ms_sim_world_stop_churn         (MsSimWorld          *self);
void        ms_sim_world_set_churn          (MsSimWorld          *self,
                                             double               events_per_s);
void        ms_sim_world_new_leader         (MsSimWorld          *self,
                                             gboolean             failover);
char       *ms_sim_world_dup_state_json     (MsSimWorld          *self,
                                             const char          *call);
char       *ms_sim_world_dup_metrics_json   (MsSimWorld          *self);
guint       ms_sim_world_get_n_recovering   (MsSimWorld          *self);
guint64     ms_sim_world_get_n_events       (MsSimWorld          *self);
const MsSimWorkload *ms_sim_world_get_workload (MsSimWorld        *self);
void        ms_sim_world_step               (MsSimWorld          *self,
                                             guint                n_events);
const char *ms_sim_world_make_unreachable   (MsSimWorld          *self);

G_END_DECLS
