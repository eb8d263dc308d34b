/* ms-sim-world.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-sim-world"

#include "config.h"

#include <string.h>

#include "ms-sim-world.h"

/*
 * MsSimWorld is the simulated cluster behind the masters: agents,
 * frameworks and tasks, and what the current leader knows of them. It
 * changes the way a real cluster does and emits the operator-stream events
 * a Mesos 1.x leader would send (src/master/master.cpp, the nine
 * `subscribers.send` sites), in the v1 JSON Mesos writes:
 *
 * - tasks go STAGING → STARTING → RUNNING → FINISHED/FAILED/KILLED
 *   (TASK_ADDED, then TASK_UPDATED with `framework_id`, `status`, `state`);
 * - an agent may go unreachable silently (no AGENT_REMOVED; its tasks get
 *   TASK_UNREACHABLE) and come back (AGENT_ADDED, an upsert);
 * - a framework may disconnect silently and reconnect (FRAMEWORK_UPDATED),
 *   or be torn down (its tasks KILLED, then FRAMEWORK_REMOVED);
 * - completed tasks beyond 1000 per framework are dropped silently, as
 *   --max_completed_tasks_per_framework does, oldest first; so are
 *   removed frameworks beyond 50 with their tasks
 *   (--max_completed_frameworks);
 * - after a failover the new leader knows agents only from its registry
 *   (`recovered_agents`); they re-register over a few seconds with bursts of
 *   AGENT_ADDED, FRAMEWORK_ADDED (`recovered: true`) and TASK_ADDED;
 *   completed and unreachable tasks are not recovered.
 *
 * The workload is deterministic for a seed (timestamps aside).
 */

/* Mesos' defaults. */
#define MAX_COMPLETED_PER_FRAMEWORK 1000
#define MAX_COMPLETED_FRAMEWORKS    50
#define SIM_VERSION "1.12.0"

typedef struct
{
  const char *state;
  double      timestamp;
  char        uuid[25];
} Status;

typedef struct
{
  char    *id;
  char    *hostname;
  guint    port;
  double   cpus;
  double   mem;
  double   disk;
  char    *rack;
  gint64   registered_ns;
  gint64   reregistered_ns;
  gboolean registered;   /* with the current leader */
  gboolean reachable;
  gboolean gone;
  guint    reregister_id;
  GPtrArray *tasks;      /* its live Task* */
} Agent;

typedef struct
{
  char     *id;
  char     *name;
  char     *role;
  gboolean  active;
  gboolean  connected;
  gboolean  known;       /* to the current leader */
  gboolean  recovered;
  gboolean  removed;
  gint64    registered_ns;
  gint64    reregistered_ns;
  GQueue    completed;   /* of Task*, oldest first */
  GPtrArray *tasks;      /* its live Task* */
} Framework;

/* A live task is in three arrays (the world's, its agent's, its
 * framework's) and knows its place in each: it leaves them in O(1), and an
 * agent's or a framework's tasks are found without going through 100k.
 */
typedef enum
{
  IN_WORLD,
  ON_AGENT,
  OF_FRAMEWORK,
  N_PLACES
} Place;

typedef struct
{
  char       *id;
  Framework  *framework;
  Agent      *agent;
  char       *name;
  const char *state;
  double      cpus;
  double      mem;
  GArray     *statuses;
  gboolean    known;
  guint       index[N_PLACES];  /* when live */
} Task;

struct _MsSimWorld
{
  GObject        parent_instance;

  MsSimWorkload  workload;
  GRand         *rand;
  guint          next_agent;
  guint          next_framework;
  guint          next_task;
  char          *cluster_id;

  GPtrArray     *agents;       /* Agent* (owned) */
  GPtrArray     *frameworks;   /* Framework* (owned) */
  GHashTable    *tasks;        /* id → Task* (owned) */
  GPtrArray     *live_tasks;   /* non-terminal Task* */
  GQueue         removed_frameworks; /* Framework*, oldest first */

  guint          churn_id;
  gint64         churn_started;
  guint64        churn_done;
  guint          n_recovering;
  guint          resubscribe_id;
  guint64        n_events;
};

G_DEFINE_FINAL_TYPE (MsSimWorld, ms_sim_world, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
now_ns (void)
{
  return g_get_real_time () * 1000;
}

static void
append_string (GString    *out,
               const char *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      guchar c = *s;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* Doubles as Mesos' writer prints them: integral values with ".0". */
static void
append_double (GString *out,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v == (double)(gint64)v)
    g_string_append_printf (out, "%" G_GINT64_FORMAT ".0", (gint64)v);
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", v));
}

static void
append_id (GString    *out,
           const char *key,
           const char *value)
{
  g_string_append_printf (out, "\"%s\":{\"value\":", key);
  append_string (out, value);
  g_string_append_c (out, '}');
}

static void
append_scalar (GString    *out,
               const char *name,
               double      value,
               const char *role,
               gboolean    allocation)
{
  g_string_append_printf (out, "{\"name\":\"%s\",\"type\":\"SCALAR\",\"scalar\":{\"value\":", name);
  append_double (out, value);
  g_string_append_c (out, '}');
  /* Endpoint format: unreserved agent resources say role "*"; task
   * resources are written as stored: allocation_info, no role (>= 1.5).
   */
  if (allocation)
    g_string_append_printf (out, ",\"allocation_info\":{\"role\":\"%s\"}}", role);
  else
    g_string_append_printf (out, ",\"role\":\"%s\"}", role);
}

static void
append_agent_resources (GString *out,
                        Agent   *agent)
{
  g_string_append_c (out, '[');
  append_scalar (out, "cpus", agent->cpus, "*", FALSE);
  g_string_append_c (out, ',');
  append_scalar (out, "mem", agent->mem, "*", FALSE);
  g_string_append_c (out, ',');
  append_scalar (out, "disk", agent->disk, "*", FALSE);
  g_string_append (out, ",{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":"
                        "[{\"begin\":31000,\"end\":32000}]},\"role\":\"*\"}]");
}

static void
append_agent_info (GString *out,
                   Agent   *agent)
{
  g_string_append (out, "{\"hostname\":");
  append_string (out, agent->hostname);
  g_string_append_printf (out, ",\"port\":%u,\"resources\":", agent->port);
  append_agent_resources (out, agent);
  g_string_append (out, ",\"attributes\":[{\"name\":\"rack\",\"type\":\"TEXT\",\"text\":{\"value\":");
  append_string (out, agent->rack);
  g_string_append (out, "}}],");
  append_id (out, "id", agent->id);
  g_string_append_c (out, '}');
}

static void
append_agent (GString *out,
              Agent   *agent)
{
  g_string_append (out, "{\"agent_info\":");
  append_agent_info (out, agent);
  g_string_append (out, ",\"active\":true,\"version\":\"" SIM_VERSION "\",\"pid\":");
  {
    g_autofree char *pid = g_strdup_printf ("slave(1)@127.0.0.1:%u", agent->port);

    append_string (out, pid);
  }
  g_string_append_printf (out, ",\"registered_time\":{\"nanoseconds\":%" G_GINT64_FORMAT "}",
                          agent->registered_ns);
  if (agent->reregistered_ns != 0)
    g_string_append_printf (out, ",\"reregistered_time\":{\"nanoseconds\":%" G_GINT64_FORMAT "}",
                            agent->reregistered_ns);
  g_string_append (out, ",\"total_resources\":");
  append_agent_resources (out, agent);
  g_string_append (out, ",\"capabilities\":[{\"type\":\"MULTI_ROLE\"},{\"type\":\"HIERARCHICAL_ROLE\"},"
                        "{\"type\":\"RESERVATION_REFINEMENT\"},{\"type\":\"RESOURCE_PROVIDER\"},"
                        "{\"type\":\"RESIZE_VOLUME\"},{\"type\":\"AGENT_OPERATION_FEEDBACK\"},"
                        "{\"type\":\"AGENT_DRAINING\"},{\"type\":\"TASK_RESOURCE_LIMITS\"}]}");
}

static void
append_framework_info (GString   *out,
                       Framework *framework)
{
  g_string_append (out, "{\"user\":\"root\",\"name\":");
  append_string (out, framework->name);
  g_string_append_c (out, ',');
  append_id (out, "id", framework->id);
  g_string_append (out, ",\"failover_timeout\":604800.0,\"checkpoint\":true,\"roles\":[");
  append_string (out, framework->role);
  g_string_append (out, "],\"hostname\":\"localhost\",\"principal\":");
  append_string (out, framework->name);
  g_string_append (out, ",\"capabilities\":[{\"type\":\"MULTI_ROLE\"},{\"type\":\"PARTITION_AWARE\"},"
                        "{\"type\":\"TASK_KILLING_STATE\"}]}");
}

/* What the master writes for a framework in events (createFrameworkAdded):
 * info, active, connected, recovered and the times.
 */
static void
append_framework (GString   *out,
                  Framework *framework)
{
  g_string_append (out, "{\"framework_info\":");
  append_framework_info (out, framework);
  g_string_append_printf (out, ",\"active\":%s,\"connected\":%s,\"recovered\":%s",
                          framework->active ? "true" : "false",
                          framework->connected ? "true" : "false",
                          framework->recovered ? "true" : "false");
  g_string_append_printf (out, ",\"registered_time\":{\"nanoseconds\":%" G_GINT64_FORMAT "}"
                               ",\"reregistered_time\":{\"nanoseconds\":%" G_GINT64_FORMAT "}}",
                          framework->registered_ns, framework->reregistered_ns);
}

static void
append_status (GString *out,
               Task    *task,
               Status  *status)
{
  g_string_append_c (out, '{');
  append_id (out, "task_id", task->id);
  g_string_append_printf (out, ",\"state\":\"%s\",\"source\":\"SOURCE_EXECUTOR\",", status->state);
  append_id (out, "agent_id", task->agent->id);
  g_string_append (out, ",\"timestamp\":");
  append_double (out, status->timestamp);
  g_string_append_printf (out, ",\"uuid\":\"%s\",\"container_status\":{\"network_infos\":"
                               "[{\"ip_addresses\":[{\"protocol\":\"IPv4\",\"ip_address\":"
                               "\"127.0.0.1\"}]}]}}", status->uuid);
}

static void
append_task (GString *out,
             Task    *task)
{
  g_string_append (out, "{\"name\":");
  append_string (out, task->name);
  g_string_append_c (out, ',');
  append_id (out, "task_id", task->id);
  g_string_append_c (out, ',');
  append_id (out, "framework_id", task->framework->id);
  g_string_append_c (out, ',');
  append_id (out, "agent_id", task->agent->id);
  g_string_append_printf (out, ",\"state\":\"%s\",\"resources\":[", task->state);
  append_scalar (out, "cpus", task->cpus, task->framework->role, TRUE);
  g_string_append_c (out, ',');
  append_scalar (out, "mem", task->mem, task->framework->role, TRUE);
  g_string_append_c (out, ']');
  if (task->statuses->len > 0)
    {
      Status *last = &g_array_index (task->statuses, Status, task->statuses->len - 1);

      g_string_append (out, ",\"statuses\":[");
      for (guint i = 0; i < task->statuses->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_status (out, task, &g_array_index (task->statuses, Status, i));
        }
      g_string_append_printf (out, "],\"status_update_state\":\"%s\",\"status_update_uuid\":\"%s\"",
                              last->state, last->uuid);
    }
  g_string_append (out, ",\"container\":{\"type\":\"MESOS\"}}");
}

static void
emit (MsSimWorld *self,
      GString    *record)
{
  self->n_events++;
  g_signal_emit (self, signals[EVENT], 0, record->str);
}

static gboolean
task_visible (Task *task)
{
  return task->known && task->agent->registered && !task->agent->gone;
}

static gboolean
is_terminal (const char *state)
{
  return g_str_equal (state, "TASK_FINISHED") || g_str_equal (state, "TASK_FAILED") ||
         g_str_equal (state, "TASK_KILLED") || g_str_equal (state, "TASK_LOST") ||
         g_str_equal (state, "TASK_GONE") || g_str_equal (state, "TASK_DROPPED") ||
         g_str_equal (state, "TASK_ERROR") || g_str_equal (state, "TASK_GONE_BY_OPERATOR");
}

static void
random_uuid (MsSimWorld *self,
             char        out[25])
{
  guint8 bytes[16];
  g_autofree char *b64 = NULL;

  for (guint i = 0; i < 16; i++)
    bytes[i] = g_rand_int_range (self->rand, 0, 256);
  b64 = g_base64_encode (bytes, 16);
  g_strlcpy (out, b64, 25);
}

static void
task_free (Task *task)
{
  g_free (task->id);
  g_free (task->name);
  g_array_unref (task->statuses);
  g_free (task);
}

static void
agent_free (Agent *agent)
{
  g_clear_handle_id (&agent->reregister_id, g_source_remove);
  g_free (agent->id);
  g_free (agent->hostname);
  g_free (agent->rack);
  g_ptr_array_unref (agent->tasks);
  g_free (agent);
}

static void
framework_free (Framework *framework)
{
  g_queue_clear (&framework->completed);
  g_ptr_array_unref (framework->tasks);
  g_free (framework->id);
  g_free (framework->name);
  g_free (framework->role);
  g_free (framework);
}

static void
place_add (GPtrArray *tasks,
           Task      *task,
           Place      place)
{
  task->index[place] = tasks->len;
  g_ptr_array_add (tasks, task);
}

static void
place_remove (GPtrArray *tasks,
              Task      *task,
              Place      place)
{
  guint index = task->index[place];

  g_assert (g_ptr_array_index (tasks, index) == task);
  g_ptr_array_remove_index_fast (tasks, index);
  if (index < tasks->len)
    ((Task *)g_ptr_array_index (tasks, index))->index[place] = index;
}

static void
live_add (MsSimWorld *self,
          Task       *task)
{
  place_add (self->live_tasks, task, IN_WORLD);
  place_add (task->agent->tasks, task, ON_AGENT);
  place_add (task->framework->tasks, task, OF_FRAMEWORK);
}

static void
live_remove (MsSimWorld *self,
             Task       *task)
{
  place_remove (self->live_tasks, task, IN_WORLD);
  place_remove (task->agent->tasks, task, ON_AGENT);
  place_remove (task->framework->tasks, task, OF_FRAMEWORK);
}

/* Completed tasks beyond the per-framework limit vanish without an event. */
static void
collect_garbage (MsSimWorld *self,
                 Framework  *framework)
{
  while (framework->completed.length > self->workload.max_completed_tasks)
    {
      Task *old = g_queue_pop_head (&framework->completed);

      g_hash_table_remove (self->tasks, old->id);
    }
}

/* Removed frameworks past @keep are forgotten with their tasks, oldest
 * first. */
static void
forget_removed_frameworks (MsSimWorld *self,
                           guint       keep)
{
  while (self->removed_frameworks.length > keep)
    {
      Framework *framework = g_queue_pop_head (&self->removed_frameworks);

      for (GList *l = framework->completed.head; l != NULL; l = l->next)
        g_hash_table_remove (self->tasks, ((Task *)l->data)->id);
      g_ptr_array_remove (self->frameworks, framework);
    }
}

/* Sets a task's state: TASK_UPDATED with the status delivered and the
 * latest state.
 */
static void
update_task (MsSimWorld *self,
             Task       *task,
             const char *state,
             gboolean    send)
{
  Status status = { state, g_get_real_time () / 1e6 };
  gboolean was_live = !is_terminal (task->state);

  random_uuid (self, status.uuid);
  /* The master keeps one status per consecutive state. */
  if (task->statuses->len > 0 &&
      g_str_equal (g_array_index (task->statuses, Status, task->statuses->len - 1).state, state))
    g_array_remove_index (task->statuses, task->statuses->len - 1);
  g_array_append_val (task->statuses, status);
  task->state = state;

  if (was_live && is_terminal (state))
    {
      live_remove (self, task);
      /* A task the leader does not know (its agent has not re-registered
       * yet) ends unknown to it: nothing is kept. */
      if (!task->known)
        {
          g_hash_table_remove (self->tasks, task->id);
          return;
        }
      g_queue_push_tail (&task->framework->completed, task);
    }

  if (send && task_visible (task))
    {
      g_autoptr(GString) record = g_string_new ("{\"type\":\"TASK_UPDATED\",\"task_updated\":{");

      append_id (record, "framework_id", task->framework->id);
      g_string_append (record, ",\"status\":");
      append_status (record, task, &g_array_index (task->statuses, Status, task->statuses->len - 1));
      g_string_append_printf (record, ",\"state\":\"%s\"}}", state);
      emit (self, record);
    }

  if (is_terminal (state))
    collect_garbage (self, task->framework);
}

static void
send_task_added (MsSimWorld *self,
                 Task       *task)
{
  g_autoptr(GString) record = g_string_new ("{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":");

  append_task (record, task);
  g_string_append (record, "}}");
  emit (self, record);
}

static void
send_agent_added (MsSimWorld *self,
                  Agent      *agent)
{
  g_autoptr(GString) record = g_string_new ("{\"type\":\"AGENT_ADDED\",\"agent_added\":{\"agent\":");

  append_agent (record, agent);
  g_string_append (record, "}}");
  emit (self, record);
}

static void
send_framework (MsSimWorld *self,
                Framework  *framework,
                const char *type,
                const char *member)
{
  g_autoptr(GString) record = g_string_new (NULL);

  g_string_printf (record, "{\"type\":\"%s\",\"%s\":{\"framework\":", type, member);
  append_framework (record, framework);
  g_string_append (record, "}}");
  emit (self, record);
}

static Agent *
add_agent (MsSimWorld *self,
           gboolean    send)
{
  Agent *agent = g_new0 (Agent, 1);
  guint n = self->next_agent++;

  agent->id = g_strdup_printf ("%s-S%u", self->cluster_id, n);
  agent->hostname = g_strdup_printf ("agent%u.sim", n);
  agent->port = 5051;
  agent->cpus = 4 * (1 + g_rand_int_range (self->rand, 0, 4));
  agent->mem = 8192 * (1 + g_rand_int_range (self->rand, 0, 4));
  agent->disk = 102400;
  agent->rack = g_strdup_printf ("r%u", g_rand_int_range (self->rand, 1, 5));
  agent->registered_ns = now_ns ();
  agent->registered = TRUE;
  agent->reachable = TRUE;
  agent->tasks = g_ptr_array_new ();
  g_ptr_array_add (self->agents, agent);

  if (send)
    send_agent_added (self, agent);

  return agent;
}

static Framework *
add_framework (MsSimWorld *self,
               gboolean    send)
{
  static const char * const names[] = { "marathon", "chronos", "aurora", "spark", "jenkins" };
  static const char * const roles[] = { "web", "batch", "*", "analytics", "ci" };
  Framework *framework = g_new0 (Framework, 1);
  guint n = self->next_framework++;

  framework->id = g_strdup_printf ("%s-%04u", self->cluster_id, n);
  framework->name = g_strdup_printf ("%s-%u", names[n % G_N_ELEMENTS (names)], n);
  framework->role = g_strdup (roles[n % G_N_ELEMENTS (roles)]);
  framework->active = TRUE;
  framework->connected = TRUE;
  framework->known = TRUE;
  framework->registered_ns = now_ns ();
  framework->reregistered_ns = framework->registered_ns;
  g_queue_init (&framework->completed);
  framework->tasks = g_ptr_array_new ();
  g_ptr_array_add (self->frameworks, framework);

  if (send)
    send_framework (self, framework, "FRAMEWORK_ADDED", "framework_added");

  return framework;
}

static Agent *
random_agent (MsSimWorld *self)
{
  for (guint attempt = 0; attempt < 16 && self->agents->len > 0; attempt++)
    {
      Agent *agent = g_ptr_array_index (self->agents,
                                        g_rand_int_range (self->rand, 0, self->agents->len));

      if (agent->registered && agent->reachable && !agent->gone)
        return agent;
    }

  return NULL;
}

static Framework *
random_framework (MsSimWorld *self)
{
  for (guint attempt = 0; attempt < 16 && self->frameworks->len > 0; attempt++)
    {
      Framework *framework = g_ptr_array_index (self->frameworks,
                                                g_rand_int_range (self->rand, 0,
                                                                  self->frameworks->len));

      if (framework->known && !framework->removed && framework->connected)
        return framework;
    }

  return NULL;
}

static Task *
launch_task (MsSimWorld *self,
             const char *state,
             gboolean    send)
{
  Agent *agent = random_agent (self);
  Framework *framework = random_framework (self);
  Task *task;
  guint n;

  if (agent == NULL || framework == NULL)
    return NULL;

  n = self->next_task++;
  task = g_new0 (Task, 1);
  task->id = g_strdup_printf ("%s.instance-%08x", framework->name, n);
  task->name = g_strdup_printf ("%s-task-%u", framework->name, n);
  task->framework = framework;
  task->agent = agent;
  task->state = "TASK_STAGING";
  task->cpus = 0.1 * (1 + g_rand_int_range (self->rand, 0, 10));
  task->mem = 64 * (1 + g_rand_int_range (self->rand, 0, 16));
  task->statuses = g_array_new (FALSE, TRUE, sizeof (Status));
  task->known = TRUE;
  live_add (self, task);
  g_hash_table_insert (self->tasks, task->id, task);

  /* A new task arrives TASK_STAGING with no statuses. */
  if (send)
    send_task_added (self, task);

  if (!g_str_equal (state, "TASK_STAGING"))
    {
      update_task (self, task, "TASK_STARTING", send);
      update_task (self, task, "TASK_RUNNING", send);
    }

  return task;
}

/**
 * ms_sim_world_make_unreachable:
 *
 * An agent goes unreachable: no AGENT_REMOVED (the master sends none);
 * its tasks get TASK_UPDATED to TASK_UNREACHABLE.
 *
 * Returns: (nullable): the agent's id
 */
const char *
ms_sim_world_make_unreachable (MsSimWorld *self)
{
  Agent *agent;

  g_return_val_if_fail (MS_IS_SIM_WORLD (self), NULL);

  agent = random_agent (self);
  if (agent == NULL)
    return NULL;
  agent->reachable = FALSE;
  for (guint i = 0; i < agent->tasks->len; i++)
    {
      Task *task = g_ptr_array_index (agent->tasks, i);
      Status status = { "TASK_UNREACHABLE", g_get_real_time () / 1e6 };
      g_autoptr(GString) record = NULL;

      random_uuid (self, status.uuid);
      g_array_append_val (task->statuses, status);
      task->state = "TASK_UNREACHABLE";
      if (!task->known || !agent->registered)
        continue;

      record = g_string_new ("{\"type\":\"TASK_UPDATED\",\"task_updated\":{");
      append_id (record, "framework_id", task->framework->id);
      g_string_append (record, ",\"status\":");
      append_status (record, task, &status);
      g_string_append (record, ",\"state\":\"TASK_UNREACHABLE\"}}");
      emit (self, record);
    }

  return agent->id;
}

/* One random change, as a busy cluster makes them. */
static void
step_once (MsSimWorld *self)
{
  guint roll = g_rand_int_range (self->rand, 0, 1000);
  guint live = self->live_tasks->len;

  if (roll < 5 && self->agents->len > 1)
    {
      ms_sim_world_make_unreachable (self);
      return;
    }

  if (roll < 10)
    {
      /* An unreachable agent comes back: AGENT_ADDED again, tasks run on. */
      for (guint i = 0; i < self->agents->len; i++)
        {
          Agent *agent = g_ptr_array_index (self->agents, i);

          if (!agent->reachable && !agent->gone && agent->registered)
            {
              agent->reachable = TRUE;
              agent->reregistered_ns = now_ns ();
              send_agent_added (self, agent);
              for (guint j = 0; j < agent->tasks->len; j++)
                {
                  Task *task = g_ptr_array_index (agent->tasks, j);

                  if (task->known)
                    {
                      if (g_str_equal (task->state, "TASK_UNREACHABLE"))
                        update_task (self, task, "TASK_RUNNING", TRUE);
                      continue;
                    }
                  /* Unknown to this leader (it took over meanwhile): the
                   * agent reports the task and the master adds it.
                   */
                  if (g_str_equal (task->state, "TASK_UNREACHABLE"))
                    update_task (self, task, "TASK_RUNNING", FALSE);
                  if (!task->framework->known && !task->framework->removed)
                    {
                      task->framework->known = TRUE;
                      task->framework->recovered = TRUE;
                      send_framework (self, task->framework, "FRAMEWORK_ADDED", "framework_added");
                    }
                  task->known = TRUE;
                  send_task_added (self, task);
                }
              return;
            }
        }
      return;
    }

  if (roll < 13)
    {
      /* A framework disconnects (silent) or reconnects (FRAMEWORK_UPDATED). */
      Framework *framework = g_ptr_array_index (self->frameworks,
                                                g_rand_int_range (self->rand, 0,
                                                                  self->frameworks->len));

      if (framework->removed || !framework->known)
        return;
      if (framework->connected)
        {
          framework->connected = FALSE;
          framework->active = FALSE;
        }
      else
        {
          framework->connected = TRUE;
          framework->active = TRUE;
          framework->reregistered_ns = now_ns ();
          send_framework (self, framework, "FRAMEWORK_UPDATED", "framework_updated");
        }
      return;
    }

  if (roll < 14 && self->frameworks->len > 1)
    {
      /* A framework is torn down: its tasks are killed, then it goes; a new
       * one registers in its place.
       */
      Framework *framework = random_framework (self);
      g_autoptr(GString) record = NULL;

      if (framework == NULL)
        return;
      /* Each leaves the framework's live tasks: the last is killed first. */
      while (framework->tasks->len > 0)
        update_task (self, g_ptr_array_index (framework->tasks, framework->tasks->len - 1),
                     "TASK_KILLED", TRUE);
      framework->removed = TRUE;
      framework->active = FALSE;
      framework->connected = FALSE;
      record = g_string_new ("{\"type\":\"FRAMEWORK_REMOVED\",\"framework_removed\":{\"framework_info\":");
      append_framework_info (record, framework);
      g_string_append (record, "}}");
      emit (self, record);
      g_queue_push_tail (&self->removed_frameworks, framework);
      forget_removed_frameworks (self, self->workload.max_completed_frameworks);
      add_framework (self, TRUE);
      return;
    }

  if (live < self->workload.tasks && roll < 600)
    {
      launch_task (self, "TASK_STAGING", TRUE);
      return;
    }

  if (live == 0)
    return;

  {
    Task *task = g_ptr_array_index (self->live_tasks, g_rand_int_range (self->rand, 0, live));

    if (!task_visible (task) || g_str_equal (task->state, "TASK_UNREACHABLE"))
      return;
    if (g_str_equal (task->state, "TASK_STAGING"))
      update_task (self, task, "TASK_STARTING", TRUE);
    else if (g_str_equal (task->state, "TASK_STARTING"))
      update_task (self, task, "TASK_RUNNING", TRUE);
    else if (live >= self->workload.tasks)
      {
        guint end = g_rand_int_range (self->rand, 0, 10);

        update_task (self, task, end < 7 ? "TASK_FINISHED" : end < 9 ? "TASK_FAILED" : "TASK_KILLED",
                     TRUE);
      }
  }
}

/**
 * ms_sim_world_step:
 * @n_events: how many changes to make now
 */
void
ms_sim_world_step (MsSimWorld *self,
                   guint       n_events)
{
  g_return_if_fail (MS_IS_SIM_WORLD (self));

  for (guint i = 0; i < n_events; i++)
    step_once (self);
}

static gboolean
churn_tick (gpointer data)
{
  MsSimWorld *self = data;
  double elapsed = (g_get_monotonic_time () - self->churn_started) / 1e6;
  guint64 due = (guint64)(elapsed * self->workload.churn);

  /* Catch up to the rate, but never more than a second's worth at once. */
  if (due > self->churn_done + self->workload.churn)
    self->churn_done = due - (guint64)self->workload.churn;
  ms_sim_world_step (self, due - self->churn_done);
  self->churn_done = due;

  return G_SOURCE_CONTINUE;
}

void
ms_sim_world_start_churn (MsSimWorld *self)
{
  g_return_if_fail (MS_IS_SIM_WORLD (self));

  if (self->churn_id != 0 || self->workload.churn <= 0)
    return;

  self->churn_started = g_get_monotonic_time ();
  self->churn_done = 0;
  self->churn_id = g_timeout_add (10, churn_tick, self);
  g_source_set_name_by_id (self->churn_id, "[mesoscope-sim] churn");
}

void
ms_sim_world_set_churn (MsSimWorld *self,
                        double      events_per_s)
{
  g_return_if_fail (MS_IS_SIM_WORLD (self));

  ms_sim_world_stop_churn (self);
  self->workload.churn = events_per_s;
  ms_sim_world_start_churn (self);
}

void
ms_sim_world_stop_churn (MsSimWorld *self)
{
  g_return_if_fail (MS_IS_SIM_WORLD (self));

  g_clear_handle_id (&self->churn_id, g_source_remove);
}

typedef struct
{
  MsSimWorld *self;
  Agent      *agent;
} Reregister;

/* An agent re-registers with the new leader: it appears (AGENT_ADDED), its
 * frameworks are recovered from it (FRAMEWORK_ADDED, recovered), and so are
 * its tasks (TASK_ADDED with their state and history).
 */
static gboolean
reregister_agent (gpointer data)
{
  Reregister *r = data;
  MsSimWorld *self = r->self;
  Agent *agent = r->agent;

  agent->reregister_id = 0;
  if (agent->registered || agent->gone)
    return G_SOURCE_REMOVE;

  agent->registered = TRUE;
  agent->reregistered_ns = now_ns ();
  self->n_recovering--;
  if (!agent->reachable)
    return G_SOURCE_REMOVE;

  send_agent_added (self, agent);
  for (guint i = 0; i < agent->tasks->len; i++)
    {
      Task *task = g_ptr_array_index (agent->tasks, i);

      if (!task->framework->known && !task->framework->removed)
        {
          task->framework->known = TRUE;
          task->framework->recovered = TRUE;
          send_framework (self, task->framework, "FRAMEWORK_ADDED", "framework_added");
        }
      task->known = TRUE;
      send_task_added (self, task);
    }

  return G_SOURCE_REMOVE;
}

/* Frameworks with no task anywhere re-subscribe on their own. */
static gboolean
frameworks_resubscribe (gpointer data)
{
  MsSimWorld *self = data;

  self->resubscribe_id = 0;
  for (guint i = 0; i < self->frameworks->len; i++)
    {
      Framework *framework = g_ptr_array_index (self->frameworks, i);

      if (!framework->known && !framework->removed)
        {
          framework->known = TRUE;
          framework->recovered = FALSE;
          framework->reregistered_ns = now_ns ();
          send_framework (self, framework, "FRAMEWORK_ADDED", "framework_added");
        }
      else if (framework->recovered)
        {
          /* The scheduler itself comes back: FRAMEWORK_UPDATED. */
          framework->recovered = FALSE;
          framework->reregistered_ns = now_ns ();
          send_framework (self, framework, "FRAMEWORK_UPDATED", "framework_updated");
        }
    }

  return G_SOURCE_REMOVE;
}

/**
 * ms_sim_world_new_leader:
 * @failover: %TRUE when a master took over from another; %FALSE for the
 *   first election of a new cluster
 */
void
ms_sim_world_new_leader (MsSimWorld *self,
                         gboolean    failover)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (MS_IS_SIM_WORLD (self));

  if (!failover)
    return;

  /* Completed frameworks and tasks are not in the registry; the others are
   * known again as their agents re-register. */
  forget_removed_frameworks (self, 0);
  for (guint i = 0; i < self->frameworks->len; i++)
    {
      Framework *framework = g_ptr_array_index (self->frameworks, i);

      framework->known = FALSE;
      g_queue_clear (&framework->completed);
    }
  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Task *task = value;

      task->known = FALSE;
      if (is_terminal (task->state))
        g_hash_table_iter_remove (&iter);
    }

  self->n_recovering = 0;
  for (guint i = 0; i < self->agents->len; i++)
    {
      Agent *agent = g_ptr_array_index (self->agents, i);
      Reregister *r;
      guint delay;

      g_clear_handle_id (&agent->reregister_id, g_source_remove);
      if (agent->gone)
        continue;
      agent->registered = FALSE;
      self->n_recovering++;

      delay = (guint)(g_rand_double (self->rand) * self->workload.reregister_s * 1000);
      r = g_new0 (Reregister, 1);
      r->self = self;
      r->agent = agent;
      agent->reregister_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay,
                                                 reregister_agent,
                                                 r, g_free);
    }

  g_clear_handle_id (&self->resubscribe_id, g_source_remove);
  self->resubscribe_id = g_timeout_add ((guint)(self->workload.reregister_s * 1000) + 100,
                                        frameworks_resubscribe, self);
}

static void
append_get_agents (MsSimWorld *self,
                   GString    *out)
{
  gboolean first = TRUE;

  g_string_append (out, "{\"agents\":[");
  for (guint i = 0; i < self->agents->len; i++)
    {
      Agent *agent = g_ptr_array_index (self->agents, i);

      if (!agent->registered || !agent->reachable || agent->gone)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_agent (out, agent);
    }
  g_string_append (out, "],\"recovered_agents\":[");
  first = TRUE;
  for (guint i = 0; i < self->agents->len; i++)
    {
      Agent *agent = g_ptr_array_index (self->agents, i);

      if (agent->registered || agent->gone)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_agent_info (out, agent);
    }
  g_string_append (out, "]}");
}

static void
append_get_frameworks (MsSimWorld *self,
                       GString    *out)
{
  gboolean first = TRUE;

  g_string_append (out, "{\"frameworks\":[");
  for (guint i = 0; i < self->frameworks->len; i++)
    {
      Framework *framework = g_ptr_array_index (self->frameworks, i);

      if (!framework->known || framework->removed)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_framework (out, framework);
    }
  g_string_append (out, "],\"completed_frameworks\":[");
  for (GList *l = self->removed_frameworks.head; l != NULL; l = l->next)
    {
      if (l != self->removed_frameworks.head)
        g_string_append_c (out, ',');
      append_framework (out, l->data);
    }
  g_string_append (out, "]}");
}

static void
append_listed_task (GString  *out,
                    Task     *task,
                    gboolean *first)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  append_task (out, task);
}

/* As Mesos lists them: live tasks in no particular order (a master keeps
 * them in hash maps), and each framework's completed tasks oldest first
 * (its circular buffer), removed frameworks' included. */
static void
append_get_tasks (MsSimWorld *self,
                  GString    *out)
{
  static const char * const buckets[] = { "tasks", "unreachable_tasks" };
  gboolean first;

  g_string_append_c (out, '{');
  for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
    {
      GHashTableIter iter;
      gpointer value;

      first = TRUE;
      g_string_append_printf (out, "%s\"%s\":[", b ? "," : "", buckets[b]);
      g_hash_table_iter_init (&iter, self->tasks);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Task *task = value;
          guint bucket = g_str_equal (task->state, "TASK_UNREACHABLE") ? 1 : 0;

          if (!is_terminal (task->state) && bucket == b && task->known &&
              task->agent->registered && !task->agent->gone)
            append_listed_task (out, task, &first);
        }
      g_string_append_c (out, ']');
    }

  first = TRUE;
  g_string_append (out, ",\"completed_tasks\":[");
  for (guint i = 0; i < self->frameworks->len; i++)
    {
      Framework *framework = g_ptr_array_index (self->frameworks, i);

      for (GList *l = framework->completed.head; l != NULL; l = l->next)
        {
          Task *task = l->data;

          if (task->known && !task->agent->gone)
            append_listed_task (out, task, &first);
        }
    }
  g_string_append (out, "]}");
}

/**
 * ms_sim_world_dup_state_json:
 * @call: `GET_STATE`, `GET_AGENTS`, `GET_FRAMEWORKS`, `GET_TASKS`, or
 *   `SUBSCRIBED` for the inner `get_state` object alone
 *
 * Returns: (transfer full): the leader's answer, compact JSON
 */
char *
ms_sim_world_dup_state_json (MsSimWorld *self,
                             const char *call)
{
  GString *out = g_string_sized_new (4096);

  g_return_val_if_fail (MS_IS_SIM_WORLD (self), NULL);

  if (g_str_equal (call, "GET_AGENTS"))
    {
      g_string_append (out, "{\"type\":\"GET_AGENTS\",\"get_agents\":");
      append_get_agents (self, out);
      g_string_append_c (out, '}');
    }
  else if (g_str_equal (call, "GET_FRAMEWORKS"))
    {
      g_string_append (out, "{\"type\":\"GET_FRAMEWORKS\",\"get_frameworks\":");
      append_get_frameworks (self, out);
      g_string_append_c (out, '}');
    }
  else if (g_str_equal (call, "GET_TASKS"))
    {
      g_string_append (out, "{\"type\":\"GET_TASKS\",\"get_tasks\":");
      append_get_tasks (self, out);
      g_string_append_c (out, '}');
    }
  else
    {
      gboolean inner = g_str_equal (call, "SUBSCRIBED");

      if (!inner)
        g_string_append (out, "{\"type\":\"GET_STATE\",\"get_state\":");
      g_string_append (out, "{\"get_tasks\":");
      append_get_tasks (self, out);
      g_string_append (out, ",\"get_executors\":{\"executors\":[]},\"get_frameworks\":");
      append_get_frameworks (self, out);
      g_string_append (out, ",\"get_agents\":");
      append_get_agents (self, out);
      g_string_append_c (out, '}');
      if (!inner)
        g_string_append_c (out, '}');
    }

  return g_string_free (out, FALSE);
}

/**
 * ms_sim_world_dup_metrics_json:
 *
 * Returns: (transfer full): a GET_METRICS answer with the counts a monitor
 *   compares its model with
 */
char *
ms_sim_world_dup_metrics_json (MsSimWorld *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GString *out = g_string_new ("{\"type\":\"GET_METRICS\",\"get_metrics\":{\"metrics\":[");
  guint active = 0, frameworks_connected = 0, frameworks_disconnected = 0;
  double cpus_total = 0, cpus_used = 0;
  GHashTableIter iter;
  gpointer value;
  gboolean first = TRUE;

  for (guint i = 0; i < self->agents->len; i++)
    {
      Agent *agent = g_ptr_array_index (self->agents, i);

      if (agent->gone)
        continue;
      if (agent->registered && agent->reachable)
        {
          active++;
          cpus_total += agent->cpus;
        }
    }
  for (guint i = 0; i < self->frameworks->len; i++)
    {
      Framework *framework = g_ptr_array_index (self->frameworks, i);

      if (!framework->known || framework->removed)
        continue;
      if (framework->connected)
        frameworks_connected++;
      else
        frameworks_disconnected++;
    }
  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Task *task = value;

      if (!task->known || task->agent->gone || (!task->agent->registered && !is_terminal (task->state)))
        continue;
      g_hash_table_insert (counts, (gpointer)task->state,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, task->state)) + 1));
      if (!is_terminal (task->state) && !g_str_equal (task->state, "TASK_UNREACHABLE"))
        cpus_used += task->cpus;
    }

#define METRIC(name, v) \
  G_STMT_START { \
    g_string_append_printf (out, "%s{\"name\":\"%s\",\"value\":", first ? "" : ",", name); \
    append_double (out, v); \
    g_string_append_c (out, '}'); \
    first = FALSE; \
  } G_STMT_END

  METRIC ("master/elected", 1);
  METRIC ("master/slaves_active", active);
  METRIC ("master/slaves_inactive", 0);
  METRIC ("master/slaves_connected", active);
  METRIC ("master/slaves_disconnected", 0);
  METRIC ("master/recovery_slave_removals", 0);
  METRIC ("master/frameworks_active", frameworks_connected);
  METRIC ("master/frameworks_inactive", frameworks_disconnected);
  METRIC ("master/frameworks_connected", frameworks_connected);
  METRIC ("master/frameworks_disconnected", frameworks_disconnected);
  METRIC ("master/cpus_total", cpus_total);
  METRIC ("master/cpus_used", cpus_used);
  {
    static const char * const states[] = {
      "TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_FINISHED",
      "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED",
      "TASK_UNREACHABLE", "TASK_GONE", "TASK_GONE_BY_OPERATOR",
    };

    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        g_autofree char *lower = g_ascii_strdown (states[i] + 5, -1);
        g_autofree char *name = g_strdup_printf ("master/tasks_%s", lower);

        METRIC (name, GPOINTER_TO_UINT (g_hash_table_lookup (counts, states[i])));
      }
  }
#undef METRIC

  g_string_append (out, "]}}");

  return g_string_free (out, FALSE);
}

guint
ms_sim_world_get_n_recovering (MsSimWorld *self)
{
  g_return_val_if_fail (MS_IS_SIM_WORLD (self), 0);
  return self->n_recovering;
}

guint64
ms_sim_world_get_n_events (MsSimWorld *self)
{
  g_return_val_if_fail (MS_IS_SIM_WORLD (self), 0);
  return self->n_events;
}

static void
ms_sim_world_finalize (GObject *object)
{
  MsSimWorld *self = (MsSimWorld *)object;

  g_clear_handle_id (&self->churn_id, g_source_remove);
  g_clear_handle_id (&self->resubscribe_id, g_source_remove);
  g_clear_pointer (&self->live_tasks, g_ptr_array_unref);
  g_queue_clear (&self->removed_frameworks);
  g_clear_pointer (&self->tasks, g_hash_table_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->frameworks, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->cluster_id);

  G_OBJECT_CLASS (ms_sim_world_parent_class)->finalize (object);
}

static void
ms_sim_world_class_init (MsSimWorldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_sim_world_finalize;

  /**
   * MsSimWorld::event:
   * @record: one operator-stream event, compact JSON
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ms_sim_world_init (MsSimWorld *self)
{
  self->agents = g_ptr_array_new_with_free_func ((GDestroyNotify)agent_free);
  self->frameworks = g_ptr_array_new_with_free_func ((GDestroyNotify)framework_free);
  self->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)task_free);
  self->live_tasks = g_ptr_array_new ();
}

/**
 * ms_sim_world_get_workload:
 *
 * Returns: the workload, Mesos' defaults filled in
 */
const MsSimWorkload *
ms_sim_world_get_workload (MsSimWorld *self)
{
  g_return_val_if_fail (MS_IS_SIM_WORLD (self), NULL);

  return &self->workload;
}

/**
 * ms_sim_world_new:
 *
 * Builds the initial cluster of the workload: every task RUNNING.
 */
MsSimWorld *
ms_sim_world_new (const MsSimWorkload *workload)
{
  MsSimWorld *self;

  g_return_val_if_fail (workload != NULL, NULL);

  self = g_object_new (MS_TYPE_SIM_WORLD, NULL);
  self->workload = *workload;
  if (self->workload.max_completed_tasks == 0)
    self->workload.max_completed_tasks = MAX_COMPLETED_PER_FRAMEWORK;
  if (self->workload.max_completed_frameworks == 0)
    self->workload.max_completed_frameworks = MAX_COMPLETED_FRAMEWORKS;
  self->rand = g_rand_new_with_seed (workload->seed);
  self->cluster_id = g_strdup_printf ("%08x-5e1f-4d1a-9c0e-%012x",
                                      g_rand_int (self->rand), g_rand_int (self->rand));

  for (guint i = 0; i < workload->agents; i++)
    add_agent (self, FALSE);
  for (guint i = 0; i < workload->frameworks; i++)
    add_framework (self, FALSE);
  for (guint i = 0; i < workload->tasks; i++)
    launch_task (self, "TASK_RUNNING", FALSE);

  return self;
}
