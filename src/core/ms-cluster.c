/* ms-cluster.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-cluster"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-agent-private.h"
#include "ms-atom.h"
#include "ms-cluster.h"
#include "ms-error.h"
#include "ms-framework-private.h"
#include "ms-item-list.h"
#include "ms-task-private.h"

/*
 * MsCluster is the live model of one cluster, built from the operator
 * stream: the SUBSCRIBED snapshot, then events applied one by one.
 *
 * - `*_ADDED` events are upserts: they repeat for known ids after a
 *   failover or when an agent returns.
 * - A task is keyed by framework id + task id. TASK_UPDATED names it in
 *   `status.task_id`; its `state` is the latest state and is what shows.
 * - An update for an id the model does not know is not guessed at: the
 *   model asks for a resync instead.
 * - After a failover the new leader's snapshot may list agents only in
 *   `recovered_agents`: they stay, marked recovered, until they re-register
 *   (AGENT_ADDED). Absence is not removal.
 * - Aggregates (tasks by state, resources, per-agent use, per-framework
 *   task counts) are kept incrementally, never recomputed per event.
 * - What the master forgets without an event, the model forgets in the
 *   same order: a framework's completed tasks beyond
 *   --max_completed_tasks_per_framework, oldest first, and the tasks of
 *   removed frameworks beyond --max_completed_frameworks, once told the
 *   master's limits (ms_cluster_set_completed_limits(): the operator
 *   client asks GET_FLAGS). Otherwise a model following a busy cluster
 *   for days grows without end.
 */
struct _MsCluster
{
  GObject      parent_instance;

  MsItemList  *agents;
  MsItemList  *frameworks;
  MsItemList  *tasks;

  GHashTable  *task_counts;       /* interned state → count */
  /* Keyed by the atoms tasks hold (ms-atom.c: one pointer per text while in
   * use), each key holding a reference: no string hash per event. */
  GHashTable  *used_by_agent;     /* agent id → MsResources* */
  GHashTable  *tasks_by_framework;/* framework id → active task count */
  GHashTable  *completed;         /* framework id → GQueue of MsTask* (held), oldest first */
  GQueue      *removed_frameworks;/* framework ids (held), oldest first */
  guint        max_completed_tasks;
  guint        max_completed_frameworks;
  /* What the last snapshot showed the master keeps: its limits are at
   * least these. */
  guint        snapshot_most_completed;
  guint        snapshot_removed_frameworks;
  MsResources  total;
  MsResources  used;

  guint        n_recovered;
  guint        n_expected;
  gboolean     synced;
  gboolean     stale;
  gint64       stale_since;
  double       heartbeat_interval;

  guint64      n_events;
  guint64      n_unknown_events;
  guint64      n_unknown_states;
  guint64      n_invalid;

  /* Reused for every record: a fresh parser per event cost a 64 KiB arena
   * and a yajl handle, and glibc's consolidation of the small frees around
   * them took a third of the stream's time.
   */
  MsStateParserCache record_parser;
};

G_DEFINE_FINAL_TYPE (MsCluster, ms_cluster, G_TYPE_OBJECT)

#define SWAP_POINTERS(a, b) G_STMT_START { gpointer swap_tmp_ = (a); (a) = (b); (b) = swap_tmp_; } G_STMT_END

enum {
  PROP_0,
  PROP_STALE,
  PROP_STALE_SINCE,
  PROP_SYNCED,
  PROP_N_RECOVERED_AGENTS,
  PROP_N_EXPECTED_AGENTS,
  N_PROPS
};

enum {
  RESYNC_NEEDED,
  TASKS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
agent_key (gpointer item)
{
  return ms_agent_get_id (item);
}

static const char *
framework_key (gpointer item)
{
  return ms_framework_get_id (item);
}

static const char *
task_key (gpointer item)
{
  return ms_task_get_key (item);
}

static void
free_task_queue (gpointer queue)
{
  g_queue_free_full (queue, g_object_unref);
}

static void
ms_cluster_finalize (GObject *object)
{
  MsCluster *self = (MsCluster *)object;

  g_clear_object (&self->agents);
  g_clear_object (&self->frameworks);
  g_clear_object (&self->tasks);
  g_clear_pointer (&self->task_counts, g_hash_table_unref);
  g_clear_pointer (&self->used_by_agent, g_hash_table_unref);
  g_clear_pointer (&self->tasks_by_framework, g_hash_table_unref);
  g_clear_pointer (&self->completed, g_hash_table_unref);
  g_queue_free_full (g_steal_pointer (&self->removed_frameworks), (GDestroyNotify)ms_atom_release);
  ms_state_parser_cache_clear (&self->record_parser);

  G_OBJECT_CLASS (ms_cluster_parent_class)->finalize (object);
}

static void
ms_cluster_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MsCluster *self = MS_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;

    case PROP_STALE_SINCE:
      g_value_set_int64 (value, self->stale_since);
      break;

    case PROP_SYNCED:
      g_value_set_boolean (value, self->synced);
      break;

    case PROP_N_RECOVERED_AGENTS:
      g_value_set_uint (value, self->n_recovered);
      break;

    case PROP_N_EXPECTED_AGENTS:
      g_value_set_uint (value, self->n_expected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_cluster_class_init (MsClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_cluster_finalize;
  object_class->get_property = ms_cluster_get_property;

  /**
   * MsCluster:stale:
   *
   * %TRUE between a break of the stream and the next snapshot: what the
   * model shows may no longer be true.
   */
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, TRUE, flags);
  /**
   * MsCluster:stale-since:
   *
   * g_get_monotonic_time() when the model went stale, or 0.
   */
  properties[PROP_STALE_SINCE] = g_param_spec_int64 ("stale-since", NULL, NULL,
                                                     0, G_MAXINT64, 0, flags);
  properties[PROP_SYNCED] = g_param_spec_boolean ("synced", NULL, NULL, FALSE, flags);
  /**
   * MsCluster:n-recovered-agents:
   *
   * Agents the leader knows from its registry that have not re-registered
   * yet; with #MsCluster:n-expected-agents it tells the progress of the
   * re-registration after a failover.
   */
  properties[PROP_N_RECOVERED_AGENTS] = g_param_spec_uint ("n-recovered-agents", NULL, NULL,
                                                           0, G_MAXUINT, 0, flags);
  properties[PROP_N_EXPECTED_AGENTS] = g_param_spec_uint ("n-expected-agents", NULL, NULL,
                                                          0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsCluster::resync-needed:
   * @reason: why, for people and logs
   *
   * The stream said something the model cannot apply without guessing
   * (an update for an unknown task): the owner should resubscribe.
   */
  signals[RESYNC_NEEDED] =
    g_signal_new ("resync-needed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * MsCluster::tasks-changed:
   *
   * The per-state task counts or resource totals changed.
   */
  signals[TASKS_CHANGED] =
    g_signal_new ("tasks-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

/* A new cluster, or a new leader's snapshot: its limits are not known
 * yet (its GET_FLAGS comes after), and nothing is forgotten that its
 * master may still hold. */
static void
forget_limits (MsCluster *self)
{
  self->max_completed_tasks = G_MAXUINT;
  self->max_completed_frameworks = G_MAXUINT;
}

static void
ms_cluster_init (MsCluster *self)
{
  self->agents = ms_item_list_new (MS_TYPE_AGENT, agent_key);
  self->frameworks = ms_item_list_new (MS_TYPE_FRAMEWORK, framework_key);
  self->tasks = ms_item_list_new (MS_TYPE_TASK, task_key);
  self->task_counts = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)ms_atom_release, NULL);
  self->used_by_agent = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)ms_atom_release, g_free);
  self->tasks_by_framework = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)ms_atom_release,
                                                    NULL);
  self->completed = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)ms_atom_release,
                                           free_task_queue);
  self->removed_frameworks = g_queue_new ();
  forget_limits (self);
  self->stale = TRUE;
}

MsCluster *
ms_cluster_new (void)
{
  return g_object_new (MS_TYPE_CLUSTER, NULL);
}

static void
set_recovered (MsCluster *self,
               guint      n_recovered,
               guint      n_expected)
{
  if (self->n_expected != n_expected)
    {
      self->n_expected = n_expected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EXPECTED_AGENTS]);
    }
  if (self->n_recovered != n_recovered)
    {
      self->n_recovered = n_recovered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECOVERED_AGENTS]);
    }
}

/* Adds 1 (sign 1) or takes 1 back (sign -1) from @atom's count in
 * @counts, a table keyed by atoms that holds a reference on each key
 * (released again if the key was there). A count of 0 goes, not to pin
 * its atom: states are few, but frameworks come and go (one per Spark
 * job).
 */
static void
count_atom (GHashTable *counts,
            const char *atom,
            int         sign)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, atom));

  count = sign > 0 ? count + 1 : (count > 0 ? count - 1 : 0);
  if (count > 0)
    g_hash_table_insert (counts, (gpointer)ms_atom_ref (atom), GUINT_TO_POINTER (count));
  else
    g_hash_table_remove (counts, atom);
}

/* Adds or takes back what an active task uses: resources in all, on its
 * agent, and its framework's count of active tasks. */
static void
account_use (MsCluster *self,
             MsTask    *task,
             int        sign)
{
  const MsResources *res = ms_task_get_resources (task);
  const char *agent_id = ms_task_get_agent_id (task);
  const char *framework_id = ms_task_get_framework_id (task);

  if (sign > 0)
    ms_resources_add (&self->used, res);
  else
    ms_resources_subtract (&self->used, res);

  if (agent_id != NULL)
    {
      MsResources *agent_used = g_hash_table_lookup (self->used_by_agent, agent_id);
      MsAgent *agent;

      if (agent_used == NULL)
        {
          agent_used = g_new0 (MsResources, 1);
          g_hash_table_insert (self->used_by_agent, (gpointer)ms_atom_ref (agent_id),
                               agent_used);
        }
      if (sign > 0)
        ms_resources_add (agent_used, res);
      else
        ms_resources_subtract (agent_used, res);

      agent = ms_item_list_lookup (self->agents, agent_id);
      if (agent != NULL)
        _ms_agent_add_used (agent, res, sign < 0);
    }

  count_atom (self->tasks_by_framework, framework_id, sign);
  {
    MsFramework *framework = ms_item_list_lookup (self->frameworks, framework_id);

    if (framework != NULL)
      _ms_framework_add_active_tasks (framework, sign);
  }
}

/* Adds (sign 1) or takes back (sign -1) what a task counts for. */
static void
account_task (MsCluster *self,
              MsTask    *task,
              int        sign)
{
  count_atom (self->task_counts, ms_task_get_state (task), sign);
  if (ms_task_is_active (task))
    account_use (self, task, sign);
}

/* The master drops a completed task without an event: so does the model. */
static void
forget_task (MsCluster *self,
             MsTask    *task)
{
  /* Still the model's, and not back from TASK_LOST. */
  if (ms_task_is_active (task) || ms_item_list_lookup (self->tasks, ms_task_get_key (task)) != task)
    return;
  account_task (self, task, -1);
  ms_item_list_remove (self->tasks, ms_task_get_key (task));
}

static void
forget_oldest_completed (MsCluster *self,
                         GQueue    *queue)
{
  while (queue->length > self->max_completed_tasks)
    {
      g_autoptr(MsTask) task = g_queue_pop_head (queue);

      forget_task (self, task);
    }
}

/* Its framework's completed tasks, oldest first, newest last. */
static GQueue *
completed_of (MsCluster *self,
              MsTask    *task)
{
  const char *framework_id = ms_task_get_framework_id (task);
  GQueue *queue = g_hash_table_lookup (self->completed, framework_id);

  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->completed, (gpointer)ms_atom_ref (framework_id), queue);
    }

  return queue;
}

/* A task has just completed: the newest of its framework's. */
static void
add_completed (MsCluster *self,
               MsTask    *task)
{
  GQueue *queue = completed_of (self, task);

  g_queue_push_tail (queue, g_object_ref (task));
  forget_oldest_completed (self, queue);
}

static void
forget_oldest_removed (MsCluster *self)
{
  while (self->removed_frameworks->length > self->max_completed_frameworks)
    {
      const char *oldest = g_queue_pop_head (self->removed_frameworks);
      GQueue *queue = g_hash_table_lookup (self->completed, oldest);

      for (GList *l = queue ? queue->head : NULL; l != NULL; l = l->next)
        forget_task (self, l->data);
      g_hash_table_remove (self->completed, oldest);
      ms_atom_release (oldest);
    }
}

/* A task back from a terminal state (TASK_LOST, then running when its
 * agent returns; a task id used again) is no longer among the completed. */
static void
remove_completed (MsCluster *self,
                  MsTask    *task)
{
  GQueue *queue = g_hash_table_lookup (self->completed, ms_task_get_framework_id (task));

  if (queue != NULL && g_queue_remove (queue, task))
    g_object_unref (task);
}

/* A task changed state: one that has just completed is the newest of its
 * framework's completed tasks; one back from a terminal state no longer
 * is among them. */
static void
follow_completion (MsCluster *self,
                   MsTask    *task,
                   gboolean   was_active)
{
  if (was_active && !ms_task_is_active (task))
    add_completed (self, task);
  else if (!was_active && ms_task_is_active (task))
    remove_completed (self, task);
}

/* A framework was removed: past the limit, the oldest removed one goes
 * with its tasks. */
static void
add_removed_framework (MsCluster  *self,
                       const char *id)
{
  g_queue_push_tail (self->removed_frameworks, (gpointer)ms_atom_new (id));
  forget_oldest_removed (self);
}

static void
upsert_task (MsCluster *self,
             MsTask    *task)
{
  MsTask *old = ms_item_list_lookup (self->tasks, ms_task_get_key (task));

  if (!ms_task_state_is_known (ms_task_get_state (task)))
    self->n_unknown_states++;

  if (old != NULL)
    {
      gboolean was_active = ms_task_is_active (old);

      account_task (self, old, -1);
      _ms_task_update_from (old, task);
      account_task (self, old, 1);
      follow_completion (self, old, was_active);
    }
  else
    {
      ms_item_list_add (self->tasks, task);
      account_task (self, task, 1);
      if (!ms_task_is_active (task))
        add_completed (self, task);
    }
}

static void
take_used (MsCluster *self,
           MsAgent   *agent)
{
  const char *id = ms_atom_lookup (ms_agent_get_id (agent));
  MsResources *used = id ? g_hash_table_lookup (self->used_by_agent, id) : NULL;

  _ms_agent_reset_used (agent);
  if (used != NULL)
    _ms_agent_add_used (agent, used, FALSE);
}

static void
upsert_agent (MsCluster *self,
              MsAgent   *agent)
{
  MsAgent *old = ms_item_list_lookup (self->agents, ms_agent_get_id (agent));

  if (old != NULL)
    {
      gboolean was_recovered = ms_agent_get_recovered (old);

      ms_resources_subtract (&self->total, ms_agent_get_total (old));
      _ms_agent_update_from (old, agent);
      ms_resources_add (&self->total, ms_agent_get_total (old));

      if (was_recovered && !ms_agent_get_recovered (old))
        set_recovered (self, self->n_recovered > 0 ? self->n_recovered - 1 : 0, self->n_expected);
    }
  else
    {
      take_used (self, agent);
      ms_item_list_add (self->agents, agent);
      ms_resources_add (&self->total, ms_agent_get_total (agent));
    }
}

static void
upsert_framework (MsCluster   *self,
                  MsFramework *framework)
{
  MsFramework *old = ms_item_list_lookup (self->frameworks, ms_framework_get_id (framework));

  if (old != NULL)
    {
      _ms_framework_update_from (old, framework);
    }
  else
    {
      const char *id = ms_atom_lookup (ms_framework_get_id (framework));
      guint n = id ? GPOINTER_TO_UINT (g_hash_table_lookup (self->tasks_by_framework, id)) : 0;

      _ms_framework_add_active_tasks (framework, (int)n - (int)ms_framework_get_n_active_tasks (framework));
      ms_item_list_add (self->frameworks, framework);
    }
}

static gboolean
invalid (MsCluster   *self,
         GError     **error,
         const char  *type,
         GError      *cause)
{
  self->n_invalid++;
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Invalid %s event: %s"), type,
               cause ? cause->message : _("missing fields"));
  g_clear_error (&cause);

  return FALSE;
}

/**
 * ms_cluster_apply_event:
 * @event: one record of the operator stream (not SUBSCRIBED)
 *
 * Returns: %FALSE with @error set when the event is malformed; the model is
 *   unchanged then
 */
gboolean
ms_cluster_apply_event (MsCluster          *self,
                        const MsJsonValue  *event,
                        GError            **error)
{
  const char *type;
  GError *cause = NULL;

  g_return_val_if_fail (MS_IS_CLUSTER (self), FALSE);

  type = ms_json_value_get_string (ms_json_value_get_member (event, "type"));
  if (type == NULL)
    {
      self->n_invalid++;
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("An event has no type"));
      return FALSE;
    }

  self->n_events++;

  if (strcmp (type, "HEARTBEAT") == 0)
    return TRUE;

  if (strcmp (type, "TASK_ADDED") == 0)
    {
      g_autoptr(MsTask) task = ms_task_new_from_json (ms_json_value_get_path (event, "task_added",
                                                                              "task", NULL),
                                                      &cause);
      if (task == NULL)
        return invalid (self, error, type, cause);
      upsert_task (self, task);
      g_signal_emit (self, signals[TASKS_CHANGED], 0);
      return TRUE;
    }

  if (strcmp (type, "TASK_UPDATED") == 0)
    {
      const MsJsonValue *update = ms_json_value_get_member (event, "task_updated");
      const MsJsonValue *status = ms_json_value_get_member (update, "status");
      const char *framework_id = ms_json_value_get_id (update, "framework_id");
      const char *task_id = ms_json_value_get_id (status, "task_id");
      const char *state = ms_json_value_get_string (ms_json_value_get_member (update, "state"));
      MsTask *task;

      if (framework_id == NULL || task_id == NULL || state == NULL)
        return invalid (self, error, type, NULL);

      task = ms_cluster_lookup_task (self, framework_id, task_id);
      if (task == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("update for unknown task %s of framework %s"),
                                                     task_id, framework_id);

          g_signal_emit (self, signals[RESYNC_NEEDED], 0, reason);
          return TRUE;
        }

      if (!ms_task_state_is_known (state))
        self->n_unknown_states++;
      /* An update changes the state and nothing else that is counted:
       * what the task uses moves only when it starts or stops being
       * active, which saves five lookups an update. */
      {
        const char *old_state = ms_atom_ref (ms_task_get_state (task));
        gboolean was_active = ms_task_is_active (task);

        _ms_task_apply_update (task, state, status);
        if (ms_task_get_state (task) != old_state)
          {
            count_atom (self->task_counts, old_state, -1);
            count_atom (self->task_counts, ms_task_get_state (task), 1);
          }
        if (was_active != ms_task_is_active (task))
          account_use (self, task, was_active ? -1 : 1);
        ms_atom_release (old_state);
        follow_completion (self, task, was_active);
      }
      g_signal_emit (self, signals[TASKS_CHANGED], 0);
      return TRUE;
    }

  if (strcmp (type, "AGENT_ADDED") == 0)
    {
      g_autoptr(MsAgent) agent = ms_agent_new_from_json (ms_json_value_get_path (event, "agent_added",
                                                                                 "agent", NULL),
                                                         &cause);
      if (agent == NULL)
        return invalid (self, error, type, cause);
      upsert_agent (self, agent);
      g_signal_emit (self, signals[TASKS_CHANGED], 0);
      return TRUE;
    }

  if (strcmp (type, "AGENT_REMOVED") == 0)
    {
      const char *id = ms_json_value_get_id (ms_json_value_get_member (event, "agent_removed"),
                                             "agent_id");
      MsAgent *agent;

      if (id == NULL)
        return invalid (self, error, type, NULL);
      agent = ms_item_list_lookup (self->agents, id);
      if (agent != NULL)
        {
          if (ms_agent_get_recovered (agent))
            set_recovered (self, self->n_recovered > 0 ? self->n_recovered - 1 : 0,
                           self->n_expected);
          ms_resources_subtract (&self->total, ms_agent_get_total (agent));
          ms_item_list_remove (self->agents, id);
          g_signal_emit (self, signals[TASKS_CHANGED], 0);
        }
      return TRUE;
    }

  if (strcmp (type, "FRAMEWORK_ADDED") == 0 || strcmp (type, "FRAMEWORK_UPDATED") == 0)
    {
      const MsJsonValue *payload = ms_json_value_get_member (event, type[10] == 'A'
                                                                      ? "framework_added"
                                                                      : "framework_updated");
      g_autoptr(MsFramework) framework = NULL;

      framework = ms_framework_new_from_json (ms_json_value_get_member (payload, "framework"), &cause);
      if (framework == NULL)
        return invalid (self, error, type, cause);
      upsert_framework (self, framework);
      return TRUE;
    }

  if (strcmp (type, "FRAMEWORK_REMOVED") == 0)
    {
      const char *id = ms_json_value_get_id (ms_json_value_get_path (event, "framework_removed",
                                                                     "framework_info", NULL),
                                             "id");

      if (id == NULL)
        return invalid (self, error, type, NULL);
      ms_item_list_remove (self->frameworks, id);
      add_removed_framework (self, id);
      g_signal_emit (self, signals[TASKS_CHANGED], 0);
      return TRUE;
    }

  if (strcmp (type, "SUBSCRIBED") == 0)
    {
      self->n_invalid++;
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("SUBSCRIBED must be applied as a snapshot"));
      return FALSE;
    }

  /* UNKNOWN or a type from a newer master: tolerated, counted. */
  self->n_unknown_events++;
  g_debug ("ignoring event of unknown type %s", type);

  return TRUE;
}

static void
recompute (MsCluster *self)
{
  guint n_tasks = ms_item_list_get_length (self->tasks);
  guint n_agents = ms_item_list_get_length (self->agents);

  g_hash_table_remove_all (self->task_counts);
  g_hash_table_remove_all (self->used_by_agent);
  g_hash_table_remove_all (self->tasks_by_framework);
  memset (&self->total, 0, sizeof self->total);
  memset (&self->used, 0, sizeof self->used);

  for (guint i = 0; i < n_agents; i++)
    {
      MsAgent *agent = ms_item_list_index (self->agents, i);

      _ms_agent_reset_used (agent);
      ms_resources_add (&self->total, ms_agent_get_total (agent));
    }
  for (guint i = 0; i < ms_item_list_get_length (self->frameworks); i++)
    {
      MsFramework *framework = ms_item_list_index (self->frameworks, i);

      _ms_framework_add_active_tasks (framework, -(int)ms_framework_get_n_active_tasks (framework));
    }
  /* A snapshot lists each framework's completed tasks oldest first, as the
   * master keeps them; the terminal tasks not acknowledged yet and the
   * frameworks removed before it come after, and so do what it shows the
   * master keeps (see ms_cluster_apply_snapshot()). Its limits are its
   * leader's to tell. */
  g_hash_table_remove_all (self->completed);
  g_queue_clear_full (self->removed_frameworks, (GDestroyNotify)ms_atom_release);
  forget_limits (self);
  self->snapshot_most_completed = 0;
  self->snapshot_removed_frameworks = 0;
  for (guint i = 0; i < n_tasks; i++)
    {
      MsTask *task = ms_item_list_index (self->tasks, i);

      account_task (self, task, 1);
      if (!ms_task_is_active (task))
        g_queue_push_tail (completed_of (self, task), g_object_ref (task));
    }
}

static void
set_live (MsCluster *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->stale)
    {
      self->stale = FALSE;
      self->stale_since = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
    }
  if (!self->synced)
    {
      self->synced = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ms_cluster_apply_snapshot:
 * @parsed: a finished SUBSCRIBED record (or GET_STATE response)
 *
 * Replaces the whole model: after any break, the new snapshot is the truth.
 */
void
ms_cluster_apply_snapshot (MsCluster     *self,
                           MsStateParser *parsed)
{
  g_autoptr(GPtrArray) agents = NULL;
  GPtrArray *registered = ms_state_parser_get_agents (parsed);
  GPtrArray *recovered = ms_state_parser_get_recovered_agents (parsed);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const MsJsonValue *root = ms_state_parser_get_root (parsed);
  GPtrArray *unacknowledged = ms_state_parser_get_unacknowledged_tasks (parsed);
  g_autoptr(GHashTable) unacknowledged_by_framework =
    g_hash_table_new_full (NULL, NULL, (GDestroyNotify)ms_atom_release, NULL);
  guint n_recovered = 0;
  double interval = 0;

  g_return_if_fail (MS_IS_CLUSTER (self));

  agents = g_ptr_array_new_full (registered->len + recovered->len, NULL);
  for (guint i = 0; i < registered->len; i++)
    {
      MsAgent *agent = g_ptr_array_index (registered, i);

      g_hash_table_add (seen, (gpointer)ms_agent_get_id (agent));
      g_ptr_array_add (agents, agent);
    }
  /* Known from the registry, not re-registered yet: shown, marked. */
  for (guint i = 0; i < recovered->len; i++)
    {
      MsAgent *agent = g_ptr_array_index (recovered, i);

      if (g_hash_table_contains (seen, ms_agent_get_id (agent)))
        continue;
      g_hash_table_add (seen, (gpointer)ms_agent_get_id (agent));
      g_ptr_array_add (agents, agent);
      n_recovered++;
    }

  self->n_invalid += ms_state_parser_get_n_invalid (parsed);
  for (guint i = 0; i < ms_state_parser_get_tasks (parsed)->len; i++)
    if (!ms_task_state_is_known (ms_task_get_state (g_ptr_array_index (ms_state_parser_get_tasks (parsed), i))))
      self->n_unknown_states++;

  if (ms_json_value_get_double (ms_json_value_get_path (root, "subscribed",
                                                        "heartbeat_interval_seconds", NULL),
                                &interval) && interval > 0)
    self->heartbeat_interval = interval;

  ms_item_list_replace_all (self->agents, agents);
  ms_item_list_replace_all (self->frameworks, ms_state_parser_get_frameworks (parsed));
  ms_item_list_replace_all (self->tasks, ms_state_parser_get_tasks (parsed));
  recompute (self);
  /* Terminal tasks whose last update is not acknowledged yet join the
   * master's completed tasks when it is: as the newest, not the oldest. */
  for (guint i = 0; i < unacknowledged->len; i++)
    {
      MsTask *task = g_ptr_array_index (unacknowledged, i);
      GQueue *queue = g_hash_table_lookup (self->completed, ms_task_get_framework_id (task));

      if (queue != NULL && g_queue_remove (queue, task))
        {
          g_queue_push_tail (queue, task);
          count_atom (unacknowledged_by_framework, ms_task_get_framework_id (task), 1);
        }
    }
  /* The frameworks removed before the snapshot, oldest first as the
   * master lists them (its BoundedHashMap's order): their completed tasks
   * go when later removals push them past the limit. */
  for (guint i = 0; i < ms_state_parser_get_completed_frameworks (parsed)->len; i++)
    {
      MsFramework *removed = g_ptr_array_index (ms_state_parser_get_completed_frameworks (parsed), i);

      add_removed_framework (self, ms_framework_get_id (removed));
    }
  /* What the master keeps at least, before any event: its completed
   * tasks (not those still among its tasks), its removed frameworks. */
  {
    GHashTableIter iter;
    gpointer framework, queue;

    g_hash_table_iter_init (&iter, self->completed);
    while (g_hash_table_iter_next (&iter, &framework, &queue))
      self->snapshot_most_completed =
        MAX (self->snapshot_most_completed,
             ((GQueue *)queue)->length - GPOINTER_TO_UINT (g_hash_table_lookup (unacknowledged_by_framework,
                                                                                framework)));
  }
  self->snapshot_removed_frameworks = self->removed_frameworks->length;

  set_recovered (self, n_recovered, n_recovered);
  set_live (self);
  g_signal_emit (self, signals[TASKS_CHANGED], 0);
}

/**
 * ms_cluster_refresh_agents:
 * @parsed: a GET_AGENTS response
 *
 * Agents that went unreachable or gone produce no event; a targeted
 * GET_AGENTS brings the list back in line without a full resync.
 */
void
ms_cluster_refresh_agents (MsCluster     *self,
                           MsStateParser *parsed)
{
  GPtrArray *registered = ms_state_parser_get_agents (parsed);
  GPtrArray *recovered = ms_state_parser_get_recovered_agents (parsed);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  guint n_recovered = 0;

  g_return_if_fail (MS_IS_CLUSTER (self));

  for (guint i = 0; i < registered->len; i++)
    {
      upsert_agent (self, g_ptr_array_index (registered, i));
      g_hash_table_add (listed, (gpointer)ms_agent_get_id (g_ptr_array_index (registered, i)));
    }
  for (guint i = 0; i < recovered->len; i++)
    {
      MsAgent *agent = g_ptr_array_index (recovered, i);

      if (g_hash_table_contains (listed, ms_agent_get_id (agent)))
        continue;
      g_hash_table_add (listed, (gpointer)ms_agent_get_id (agent));
      upsert_agent (self, agent);
      n_recovered++;
    }

  for (guint i = 0; i < ms_item_list_get_length (self->agents); i++)
    {
      MsAgent *agent = ms_item_list_index (self->agents, i);

      if (!g_hash_table_contains (listed, ms_agent_get_id (agent)))
        g_ptr_array_add (gone, g_strdup (ms_agent_get_id (agent)));
    }
  for (guint i = 0; i < gone->len; i++)
    {
      MsAgent *agent = ms_item_list_lookup (self->agents, g_ptr_array_index (gone, i));

      ms_resources_subtract (&self->total, ms_agent_get_total (agent));
      ms_item_list_remove (self->agents, g_ptr_array_index (gone, i));
      g_free (g_ptr_array_index (gone, i));
    }

  set_recovered (self, n_recovered, MAX (self->n_expected, n_recovered));
  g_signal_emit (self, signals[TASKS_CHANGED], 0);
}

/**
 * ms_cluster_refresh_frameworks:
 * @parsed: a GET_FRAMEWORKS response
 */
void
ms_cluster_refresh_frameworks (MsCluster     *self,
                               MsStateParser *parsed)
{
  GPtrArray *frameworks = ms_state_parser_get_frameworks (parsed);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (MS_IS_CLUSTER (self));

  for (guint i = 0; i < frameworks->len; i++)
    {
      upsert_framework (self, g_ptr_array_index (frameworks, i));
      g_hash_table_add (listed, (gpointer)ms_framework_get_id (g_ptr_array_index (frameworks, i)));
    }
  for (guint i = 0; i < ms_item_list_get_length (self->frameworks); i++)
    {
      MsFramework *framework = ms_item_list_index (self->frameworks, i);

      if (!g_hash_table_contains (listed, ms_framework_get_id (framework)))
        g_ptr_array_add (gone, g_strdup (ms_framework_get_id (framework)));
    }
  for (guint i = 0; i < gone->len; i++)
    ms_item_list_remove (self->frameworks, g_ptr_array_index (gone, i));
}

/**
 * ms_cluster_apply_parsed:
 * @parsed: a finished record: SUBSCRIBED or an event
 */
gboolean
ms_cluster_apply_parsed (MsCluster      *self,
                         MsStateParser  *parsed,
                         GError        **error)
{
  const char *type = ms_state_parser_get_type_name (parsed);

  g_return_val_if_fail (MS_IS_CLUSTER (self), FALSE);

  if (g_strcmp0 (type, "SUBSCRIBED") == 0)
    {
      self->n_events++;
      ms_cluster_apply_snapshot (self, parsed);
      return TRUE;
    }

  return ms_cluster_apply_event (self, ms_state_parser_get_root (parsed), error);
}

/**
 * ms_cluster_apply_record:
 * @data: one whole RecordIO record of the operator stream
 */
gboolean
ms_cluster_apply_record (MsCluster   *self,
                         const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(MsCluster) hold = NULL;
  MsStateParser *parser;
  gboolean applied;

  g_return_val_if_fail (MS_IS_CLUSTER (self), FALSE);

  /* Handlers of the model's signals run below: one may drop the last
   * other reference, or apply a record in turn. */
  hold = g_object_ref (self);
  parser = ms_state_parser_cache_acquire (&self->record_parser);

  if (ms_state_parser_load (parser, data, len, error))
    {
      applied = ms_cluster_apply_parsed (self, parser, error);
    }
  else
    {
      self->n_invalid++;
      applied = FALSE;
    }

  ms_state_parser_cache_release (&self->record_parser, parser);

  return applied;
}

/**
 * ms_cluster_adopt:
 * @prepared: a new cluster that applied one SUBSCRIBED snapshot and
 *   nothing else, possibly on another thread, and is no longer used there
 *
 * Takes over @prepared's model in one step. A big snapshot is applied on
 * the worker thread that parsed it (keying, counting and adding up 100k
 * tasks took 70-90 ms), and the main thread only swaps: the views see one
 * change per list, as with ms_cluster_apply_snapshot(). @prepared is left
 * with the old model, to be dropped.
 */
void
ms_cluster_adopt (MsCluster *self,
                  MsCluster *prepared)
{
  g_return_if_fail (MS_IS_CLUSTER (self));
  g_return_if_fail (MS_IS_CLUSTER (prepared));

  self->n_events += prepared->n_events;
  self->n_invalid += prepared->n_invalid;
  self->n_unknown_states += prepared->n_unknown_states;
  if (prepared->heartbeat_interval > 0)
    self->heartbeat_interval = prepared->heartbeat_interval;

  /* The counts first: a view updating on items-changed reads them. The
   * old ones go with @prepared. */
  SWAP_POINTERS (self->task_counts, prepared->task_counts);
  SWAP_POINTERS (self->used_by_agent, prepared->used_by_agent);
  SWAP_POINTERS (self->tasks_by_framework, prepared->tasks_by_framework);
  SWAP_POINTERS (self->completed, prepared->completed);
  SWAP_POINTERS (self->removed_frameworks, prepared->removed_frameworks);
  forget_limits (self);
  self->snapshot_most_completed = prepared->snapshot_most_completed;
  self->snapshot_removed_frameworks = prepared->snapshot_removed_frameworks;
  self->total = prepared->total;
  self->used = prepared->used;

  ms_item_list_take_all (self->agents, prepared->agents);
  ms_item_list_take_all (self->frameworks, prepared->frameworks);
  ms_item_list_take_all (self->tasks, prepared->tasks);

  set_recovered (self, prepared->n_recovered, prepared->n_expected);
  set_live (self);
  g_signal_emit (self, signals[TASKS_CHANGED], 0);
}

/**
 * ms_cluster_mark_stale:
 *
 * The stream broke: keep the rows, but say they may be out of date.
 */
void
ms_cluster_mark_stale (MsCluster *self)
{
  g_return_if_fail (MS_IS_CLUSTER (self));

  if (self->stale)
    return;

  self->stale = TRUE;
  self->stale_since = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
}

/**
 * ms_cluster_clear:
 *
 * Forgets everything (another cluster is about to be shown).
 */
void
ms_cluster_clear (MsCluster *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_return_if_fail (MS_IS_CLUSTER (self));

  ms_item_list_replace_all (self->tasks, none);
  ms_item_list_replace_all (self->frameworks, none);
  ms_item_list_replace_all (self->agents, none);
  recompute (self);
  set_recovered (self, 0, 0);
  if (self->synced)
    {
      self->synced = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
    }
  ms_cluster_mark_stale (self);
  g_signal_emit (self, signals[TASKS_CHANGED], 0);
}

/**
 * ms_cluster_get_completed_limits:
 * @max_tasks: (out) (optional): completed tasks kept per framework
 * @max_frameworks: (out) (optional): removed frameworks kept
 *
 * The limits the model forgets by: %G_MAXUINT until told.
 */
void
ms_cluster_get_completed_limits (MsCluster *self,
                                 guint     *max_tasks,
                                 guint     *max_frameworks)
{
  g_return_if_fail (MS_IS_CLUSTER (self));

  if (max_tasks != NULL)
    *max_tasks = self->max_completed_tasks;
  if (max_frameworks != NULL)
    *max_frameworks = self->max_completed_frameworks;
}

/**
 * ms_cluster_get_completed_kept:
 * @most_tasks: (out) (optional): the most completed tasks a framework had
 * @frameworks: (out) (optional): removed frameworks listed
 *
 * What the last snapshot showed the master keeps, before any event: its
 * limits are at least these.
 */
void
ms_cluster_get_completed_kept (MsCluster *self,
                               guint     *most_tasks,
                               guint     *frameworks)
{
  g_return_if_fail (MS_IS_CLUSTER (self));

  if (most_tasks != NULL)
    *most_tasks = self->snapshot_most_completed;
  if (frameworks != NULL)
    *frameworks = self->snapshot_removed_frameworks;
}

/**
 * ms_cluster_set_completed_limits:
 * @max_tasks: the master's --max_completed_tasks_per_framework
 * @max_frameworks: the master's --max_completed_frameworks
 *
 * How many completed tasks per framework, and removed frameworks with
 * their tasks, the master keeps (it forgets older ones without an event):
 * from its GET_FLAGS. Until told, after each snapshot, the model forgets
 * nothing.
 */
void
ms_cluster_set_completed_limits (MsCluster *self,
                                 guint      max_tasks,
                                 guint      max_frameworks)
{
  GHashTableIter iter;
  gpointer queue;

  g_return_if_fail (MS_IS_CLUSTER (self));

  self->max_completed_tasks = max_tasks;
  self->max_completed_frameworks = max_frameworks;

  forget_oldest_removed (self);
  g_hash_table_iter_init (&iter, self->completed);
  while (g_hash_table_iter_next (&iter, NULL, &queue))
    forget_oldest_completed (self, queue);
  g_signal_emit (self, signals[TASKS_CHANGED], 0);
}

GListModel *
ms_cluster_get_agents (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), NULL);
  return G_LIST_MODEL (self->agents);
}

GListModel *
ms_cluster_get_frameworks (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), NULL);
  return G_LIST_MODEL (self->frameworks);
}

GListModel *
ms_cluster_get_tasks (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), NULL);
  return G_LIST_MODEL (self->tasks);
}

MsAgent *
ms_cluster_lookup_agent (MsCluster  *self,
                         const char *id)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), NULL);
  return ms_item_list_lookup (self->agents, id);
}

MsFramework *
ms_cluster_lookup_framework (MsCluster  *self,
                             const char *id)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), NULL);
  return ms_item_list_lookup (self->frameworks, id);
}

MsTask *
ms_cluster_lookup_task (MsCluster  *self,
                        const char *framework_id,
                        const char *task_id)
{
  g_autofree char *heap_key = NULL;
  char key[256];
  gsize framework_len, task_len;

  g_return_val_if_fail (MS_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (framework_id != NULL && task_id != NULL, NULL);

  /* Called for every TASK_UPDATED: keys of usual length go on the stack. */
  framework_len = strlen (framework_id);
  task_len = strlen (task_id);
  if (framework_len + task_len + 2 > sizeof key)
    return ms_item_list_lookup (self->tasks, heap_key = ms_task_make_key (framework_id, task_id));

  memcpy (key, framework_id, framework_len);
  key[framework_len] = MS_TASK_KEY_SEPARATOR;
  memcpy (key + framework_len + 1, task_id, task_len + 1);

  return ms_item_list_lookup (self->tasks, key);
}

gboolean
ms_cluster_get_stale (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), TRUE);
  return self->stale;
}

gint64
ms_cluster_get_stale_since (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), 0);
  return self->stale_since;
}

gboolean
ms_cluster_get_synced (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), FALSE);
  return self->synced;
}

guint
ms_cluster_get_n_recovered_agents (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), 0);
  return self->n_recovered;
}

guint
ms_cluster_get_n_expected_agents (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), 0);
  return self->n_expected;
}

/**
 * ms_cluster_count_tasks:
 * @state: (nullable): a state name, or %NULL for every task
 */
guint
ms_cluster_count_tasks (MsCluster  *self,
                        const char *state)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), 0);

  if (state == NULL)
    return ms_item_list_get_length (self->tasks);

  {
    const char *atom = ms_atom_lookup (state);

    return atom ? GPOINTER_TO_UINT (g_hash_table_lookup (self->task_counts, atom)) : 0;
  }
}

guint
ms_cluster_count_active_agents (MsCluster *self)
{
  guint n = 0;

  g_return_val_if_fail (MS_IS_CLUSTER (self), 0);

  for (guint i = 0; i < ms_item_list_get_length (self->agents); i++)
    if (ms_agent_get_active (ms_item_list_index (self->agents, i)))
      n++;

  return n;
}

guint
ms_cluster_count_connected_frameworks (MsCluster *self)
{
  guint n = 0;

  g_return_val_if_fail (MS_IS_CLUSTER (self), 0);

  for (guint i = 0; i < ms_item_list_get_length (self->frameworks); i++)
    if (ms_framework_get_connected (ms_item_list_index (self->frameworks, i)))
      n++;

  return n;
}

void
ms_cluster_get_resources (MsCluster   *self,
                          MsResources *total,
                          MsResources *used)
{
  g_return_if_fail (MS_IS_CLUSTER (self));

  if (total != NULL)
    *total = self->total;
  if (used != NULL)
    *used = self->used;
}

double
ms_cluster_get_heartbeat_interval (MsCluster *self)
{
  g_return_val_if_fail (MS_IS_CLUSTER (self), 0);
  return self->heartbeat_interval;
}

guint64
ms_cluster_get_n_events (MsCluster *self)
{
  return self->n_events;
}

guint64
ms_cluster_get_n_unknown_events (MsCluster *self)
{
  return self->n_unknown_events;
}

guint64
ms_cluster_get_n_unknown_states (MsCluster *self)
{
  return self->n_unknown_states;
}

guint64
ms_cluster_get_n_invalid (MsCluster *self)
{
  return self->n_invalid;
}

/**
 * ms_cluster_diff:
 * @state: a finished GET_STATE response (or SUBSCRIBED record)
 *
 * Lists every difference between the model and the master's own state:
 * agents, frameworks and tasks missing on either side, and fields that
 * disagree (agent active/recovered, framework active/connected, task state).
 *
 * Returns: (transfer full) (element-type utf8): the differences, empty when
 *   the model is exact
 */
GPtrArray *
ms_cluster_diff (MsCluster     *self,
                 MsStateParser *state)
{
  GPtrArray *diffs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) agents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) frameworks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tasks = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *lists[2] = { ms_state_parser_get_agents (state),
                          ms_state_parser_get_recovered_agents (state) };

  g_return_val_if_fail (MS_IS_CLUSTER (self), diffs);

  for (guint l = 0; l < 2; l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        MsAgent *truth = g_ptr_array_index (lists[l], i);
        MsAgent *mine = ms_item_list_lookup (self->agents, ms_agent_get_id (truth));

        if (g_hash_table_contains (agents, ms_agent_get_id (truth)))
          continue;
        g_hash_table_add (agents, (gpointer)ms_agent_get_id (truth));
        if (mine == NULL)
          g_ptr_array_add (diffs, g_strdup_printf ("agent %s (%s): missing from the model",
                                                   ms_agent_get_id (truth),
                                                   ms_agent_get_hostname (truth)));
        else if (ms_agent_get_recovered (mine) != ms_agent_get_recovered (truth))
          g_ptr_array_add (diffs, g_strdup_printf ("agent %s: model says %s, master says %s",
                                                   ms_agent_get_id (truth),
                                                   ms_agent_get_recovered (mine) ? "recovered" : "registered",
                                                   ms_agent_get_recovered (truth) ? "recovered" : "registered"));
        else if (ms_agent_get_active (mine) != ms_agent_get_active (truth))
          g_ptr_array_add (diffs, g_strdup_printf ("agent %s: model says %s, master says %s",
                                                   ms_agent_get_id (truth),
                                                   ms_agent_get_active (mine) ? "active" : "inactive",
                                                   ms_agent_get_active (truth) ? "active" : "inactive"));
      }
  for (guint i = 0; i < ms_item_list_get_length (self->agents); i++)
    {
      MsAgent *mine = ms_item_list_index (self->agents, i);

      if (!g_hash_table_contains (agents, ms_agent_get_id (mine)))
        g_ptr_array_add (diffs, g_strdup_printf ("agent %s (%s): in the model, not on the master",
                                                 ms_agent_get_id (mine),
                                                 ms_agent_get_hostname (mine)));
    }

  for (guint i = 0; i < ms_state_parser_get_frameworks (state)->len; i++)
    {
      MsFramework *truth = g_ptr_array_index (ms_state_parser_get_frameworks (state), i);
      MsFramework *mine = ms_item_list_lookup (self->frameworks, ms_framework_get_id (truth));

      g_hash_table_add (frameworks, (gpointer)ms_framework_get_id (truth));
      if (mine == NULL)
        g_ptr_array_add (diffs, g_strdup_printf ("framework %s (%s): missing from the model",
                                                 ms_framework_get_id (truth),
                                                 ms_framework_get_name (truth)));
      else if (ms_framework_get_active (mine) != ms_framework_get_active (truth) ||
               ms_framework_get_connected (mine) != ms_framework_get_connected (truth))
        g_ptr_array_add (diffs, g_strdup_printf ("framework %s: model says %s/%s, master says %s/%s",
                                                 ms_framework_get_id (truth),
                                                 ms_framework_get_active (mine) ? "active" : "inactive",
                                                 ms_framework_get_connected (mine) ? "connected" : "disconnected",
                                                 ms_framework_get_active (truth) ? "active" : "inactive",
                                                 ms_framework_get_connected (truth) ? "connected" : "disconnected"));
    }
  for (guint i = 0; i < ms_item_list_get_length (self->frameworks); i++)
    {
      MsFramework *mine = ms_item_list_index (self->frameworks, i);

      if (!g_hash_table_contains (frameworks, ms_framework_get_id (mine)))
        g_ptr_array_add (diffs, g_strdup_printf ("framework %s (%s): in the model, not on the master",
                                                 ms_framework_get_id (mine),
                                                 ms_framework_get_name (mine)));
    }

  for (guint i = 0; i < ms_state_parser_get_tasks (state)->len; i++)
    {
      MsTask *truth = g_ptr_array_index (ms_state_parser_get_tasks (state), i);
      MsTask *mine = ms_item_list_lookup (self->tasks, ms_task_get_key (truth));

      g_hash_table_add (tasks, (gpointer)ms_task_get_key (truth));
      if (mine == NULL)
        g_ptr_array_add (diffs, g_strdup_printf ("task %s of framework %s: missing from the model",
                                                 ms_task_get_id (truth),
                                                 ms_task_get_framework_id (truth)));
      else if (ms_task_get_state (mine) != ms_task_get_state (truth))
        g_ptr_array_add (diffs, g_strdup_printf ("task %s of framework %s: model says %s, master says %s",
                                                 ms_task_get_id (truth),
                                                 ms_task_get_framework_id (truth),
                                                 ms_task_get_state (mine),
                                                 ms_task_get_state (truth)));
    }
  for (guint i = 0; i < ms_item_list_get_length (self->tasks); i++)
    {
      MsTask *mine = ms_item_list_index (self->tasks, i);

      if (!g_hash_table_contains (tasks, ms_task_get_key (mine)))
        g_ptr_array_add (diffs, g_strdup_printf ("task %s of framework %s: in the model, not on the master",
                                                 ms_task_get_id (mine),
                                                 ms_task_get_framework_id (mine)));
    }

  return diffs;
}
