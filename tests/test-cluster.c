/* test-cluster.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ms-atom.h"
#include "ms-cluster.h"
#include "ms-error.h"
#include "ms-task.h"

/* The framework of event-subscribed.json. */
#define SUBSCRIBED_FRAMEWORK "628984d0-4213-4140-bcb0-99d7ef46b1df-0000"

static char *
load (const char *name,
      gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "operator", name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

static void
apply_fixture (MsCluster  *cluster,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *data = load (name, &len);

  g_assert_true (ms_cluster_apply_record (cluster, data, len, &error));
  g_assert_no_error (error);
}

static void
apply_json (MsCluster  *cluster,
            const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_cluster_apply_record (cluster, json, strlen (json), &error));
  g_assert_no_error (error);
}

static MsCluster *
new_synced_cluster (void)
{
  MsCluster *cluster = ms_cluster_new ();

  g_assert_true (ms_cluster_get_stale (cluster));
  apply_fixture (cluster, "event-subscribed.json");
  g_assert_false (ms_cluster_get_stale (cluster));
  g_assert_true (ms_cluster_get_synced (cluster));

  return cluster;
}

static void
test_snapshot (void)
{
  g_autoptr(MsCluster) cluster = new_synced_cluster ();
  MsAgent *agent;
  MsFramework *framework;
  MsTask *task;

  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (cluster)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_frameworks (cluster)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, 1);
  g_assert_cmpfloat (ms_cluster_get_heartbeat_interval (cluster), ==, 15.0);

  agent = ms_cluster_lookup_agent (cluster, "628984d0-4213-4140-bcb0-99d7ef46b1df-S0");
  g_assert_nonnull (agent);
  g_assert_true (ms_agent_get_active (agent));
  g_assert_cmpfloat (ms_agent_get_total (agent)->cpus, ==, 2.0);
  g_assert_cmpfloat (ms_agent_get_total (agent)->mem, ==, 1024.0);
  g_assert_cmpuint (ms_agent_get_total (agent)->ports, ==, 1001);
  /* int64 beyond 2^53, exact. */
  g_assert_cmpint (ms_agent_get_registered_time (agent), >, G_GINT64_CONSTANT (1) << 53);

  framework = ms_cluster_lookup_framework (cluster, "628984d0-4213-4140-bcb0-99d7ef46b1df-0000");
  g_assert_nonnull (framework);
  g_assert_cmpstr (ms_framework_get_name (framework), ==, "default");

  /* The example's one task is completed: counted, holding nothing. */
  task = ms_cluster_lookup_task (cluster, "628984d0-4213-4140-bcb0-99d7ef46b1df-0000",
                                 "eb5cb680-a998-4605-8811-e79db8734c02");
  g_assert_nonnull (task);
  g_assert_cmpstr (ms_task_get_state (task), ==, "TASK_FINISHED");
  g_assert_cmpuint (ms_task_get_n_statuses (task), ==, 2);
  g_assert_cmpstr (ms_task_get_status (task, 1)->state, ==, "TASK_FINISHED");
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_FINISHED"), ==, 1);
  g_assert_cmpfloat (ms_agent_get_used (agent)->cpus, ==, 0);
  g_assert_cmpuint (ms_framework_get_n_active_tasks (framework), ==, 0);
}

static void
count_resync (MsCluster  *cluster,
              const char *reason,
              guint      *count)
{
  (*count)++;
}

/* The docs' TASK_ADDED and the proto-shaped TASK_UPDATED; duplicates are
 * upserts; an update for an unknown task asks for a resync.
 */
static void
test_task_events (void)
{
  g_autoptr(MsCluster) cluster = new_synced_cluster ();
  const char *fw = "628984d0-4213-4140-bcb0-99d7ef46b1df-0000";
  const char *id = "d40f3f3e-bbe3-44af-a230-4cb1eae72f67";
  guint resyncs = 0;
  MsTask *task;

  g_signal_connect (cluster, "resync-needed", G_CALLBACK (count_resync), &resyncs);

  apply_fixture (cluster, "event-task-added.json");
  apply_fixture (cluster, "event-task-added.json");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, 2);
  task = ms_cluster_lookup_task (cluster, fw, id);
  g_assert_cmpstr (ms_task_get_state (task), ==, "TASK_STAGING");
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_STAGING"), ==, 1);

  /* The fixture's update names a task nobody added. */
  apply_fixture (cluster, "event-task-updated.json");
  g_assert_cmpuint (resyncs, ==, 1);

  /* `state` (the latest) shows; `status.state` (the update delivered) goes
   * into the history.
   */
  apply_json (cluster,
              "{\"type\":\"TASK_UPDATED\",\"task_updated\":{\"framework_id\":{\"value\":"
              "\"628984d0-4213-4140-bcb0-99d7ef46b1df-0000\"},\"state\":\"TASK_RUNNING\","
              "\"status\":{\"task_id\":{\"value\":\"d40f3f3e-bbe3-44af-a230-4cb1eae72f67\"},"
              "\"state\":\"TASK_STARTING\",\"timestamp\":1470820172.1}}}");
  g_assert_cmpuint (resyncs, ==, 1);
  g_assert_cmpstr (ms_task_get_state (task), ==, "TASK_RUNNING");
  g_assert_cmpuint (ms_task_get_n_statuses (task), ==, 1);
  g_assert_cmpstr (ms_task_get_status (task, 0)->state, ==, "TASK_STARTING");
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_STAGING"), ==, 0);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_RUNNING"), ==, 1);

  /* The same task id in another framework is another task. */
  apply_json (cluster,
              "{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":{\"name\":\"other\","
              "\"task_id\":{\"value\":\"d40f3f3e-bbe3-44af-a230-4cb1eae72f67\"},"
              "\"framework_id\":{\"value\":\"other-framework\"},"
              "\"agent_id\":{\"value\":\"x\"},\"state\":\"TASK_RUNNING\"}}}");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, 3);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_RUNNING"), ==, 2);
}

static void
add_task (MsCluster  *cluster,
          const char *framework,
          const char *id)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":{"
                                           "\"name\":\"%s\",\"task_id\":{\"value\":\"%s\"},"
                                           "\"framework_id\":{\"value\":\"%s\"},"
                                           "\"agent_id\":{\"value\":\"a\"},"
                                           "\"state\":\"TASK_RUNNING\"}}}", id, id, framework);

  apply_json (cluster, json);
}

static void
update_task (MsCluster  *cluster,
             const char *framework,
             const char *id,
             const char *state)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"TASK_UPDATED\",\"task_updated\":{"
                                           "\"framework_id\":{\"value\":\"%s\"},\"state\":\"%s\","
                                           "\"status\":{\"task_id\":{\"value\":\"%s\"},"
                                           "\"state\":\"%s\"}}}",
                                           framework, state, id, state);

  apply_json (cluster, json);
}

static void
remove_framework (MsCluster  *cluster,
                  const char *framework)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"FRAMEWORK_REMOVED\",\"framework_removed\":{"
                                           "\"framework_info\":{\"id\":{\"value\":\"%s\"},"
                                           "\"name\":\"f\",\"user\":\"u\"}}}", framework);

  apply_json (cluster, json);
}

/* The master keeps a framework's last completed tasks and its last
 * removed frameworks and forgets older ones without an event: once told
 * its limits, the model forgets them alike, in the order they completed.
 */
static void
test_completed_limits (void)
{
  g_autoptr(MsCluster) cluster = new_synced_cluster ();
  guint n = g_list_model_get_n_items (ms_cluster_get_tasks (cluster));
  /* The snapshot's own (one framework's, under the limits below). */
  guint finished = ms_cluster_count_tasks (cluster, "TASK_FINISHED");
  guint failed = ms_cluster_count_tasks (cluster, "TASK_FAILED");
  guint killed = ms_cluster_count_tasks (cluster, "TASK_KILLED");

  /* Until told the limits, nothing is forgotten. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("early-%u", i);

      add_task (cluster, "f1", id);
      update_task (cluster, "f1", id, "TASK_FINISHED");
    }
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, n + 5);

  ms_cluster_set_completed_limits (cluster, 2, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, n + 2);
  g_assert_null (ms_cluster_lookup_task (cluster, "f1", "early-2"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f1", "early-3"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f1", "early-4"));
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_FINISHED"), ==, finished + 2);

  /* A task lost, then running again (its agent came back), then done: it
   * is the newest completed, not the oldest. */
  add_task (cluster, "f1", "back");
  update_task (cluster, "f1", "back", "TASK_LOST");
  g_assert_null (ms_cluster_lookup_task (cluster, "f1", "early-3"));
  update_task (cluster, "f1", "back", "TASK_RUNNING");
  update_task (cluster, "f1", "back", "TASK_FINISHED");
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f1", "early-4"));
  add_task (cluster, "f1", "last");
  update_task (cluster, "f1", "last", "TASK_FAILED");
  g_assert_null (ms_cluster_lookup_task (cluster, "f1", "early-4"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f1", "back"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f1", "last"));
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_FINISHED"), ==, finished + 1);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_FAILED"), ==, failed + 1);

  /* Past one removed framework, the older one goes with its tasks. */
  add_task (cluster, "f2", "f2-task");
  update_task (cluster, "f2", "f2-task", "TASK_KILLED");
  remove_framework (cluster, "f1");
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f1", "last"));
  remove_framework (cluster, "f2");
  g_assert_null (ms_cluster_lookup_task (cluster, "f1", "last"));
  g_assert_null (ms_cluster_lookup_task (cluster, "f1", "back"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f2", "f2-task"));
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, n + 1);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_KILLED"), ==, killed + 1);
}

/* Frameworks removed before a snapshot, which the master still lists
 * (oldest first), go with their completed tasks as later removals push
 * them past the limit, as on the master. */
#define FRAMEWORK(id) \
  "{\"framework_info\":{\"id\":{\"value\":\"" id "\"},\"name\":\"f\",\"user\":\"u\"}}"
#define TASK_IN(framework, id, state) \
  "{\"name\":\"" id "\",\"task_id\":{\"value\":\"" id "\"},\"framework_id\":{\"value\":\"" \
  framework "\"},\"agent_id\":{\"value\":\"a\"},\"state\":\"" state "\"}"
#define COMPLETED_TASK(framework, id) TASK_IN (framework, id, "TASK_FINISHED")

static void
test_completed_frameworks_in_snapshot (void)
{
  g_autoptr(MsCluster) cluster = ms_cluster_new ();

  apply_json (cluster,
              "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":{"
              "\"get_frameworks\":{\"frameworks\":[],\"completed_frameworks\":["
              FRAMEWORK ("oldest") "," FRAMEWORK ("older") "]},"
              "\"get_tasks\":{\"completed_tasks\":["
              COMPLETED_TASK ("oldest", "t1") "," COMPLETED_TASK ("older", "t2") "]}}}}");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_frameworks (cluster)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, 2);
  {
    guint most_tasks, frameworks;

    ms_cluster_get_completed_kept (cluster, &most_tasks, &frameworks);
    g_assert_cmpuint (most_tasks, ==, 1);
    g_assert_cmpuint (frameworks, ==, 2);
  }

  /* The master keeps two removed frameworks: a third removed pushes the
   * oldest out. */
  ms_cluster_set_completed_limits (cluster, 10, 2);
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "oldest", "t1"));
  add_task (cluster, "newest", "t3");
  update_task (cluster, "newest", "t3", "TASK_FINISHED");
  remove_framework (cluster, "newest");
  g_assert_null (ms_cluster_lookup_task (cluster, "oldest", "t1"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "older", "t2"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "newest", "t3"));
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_FINISHED"), ==, 2);

  /* Past one, at once. */
  ms_cluster_set_completed_limits (cluster, 10, 1);
  g_assert_null (ms_cluster_lookup_task (cluster, "older", "t2"));
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, 1);

  /* Another snapshot (a new leader, whose flags may differ): no limit
   * until told again. */
  apply_fixture (cluster, "event-subscribed.json");
  {
    guint max_tasks, max_frameworks;

    ms_cluster_get_completed_limits (cluster, &max_tasks, &max_frameworks);
    g_assert_cmpuint (max_tasks, ==, G_MAXUINT);
    g_assert_cmpuint (max_frameworks, ==, G_MAXUINT);
  }
}

/* A snapshot's terminal tasks that are still among its tasks (their last
 * update not acknowledged) join the completed ones as the newest when the
 * master moves them, not as the oldest. */
static void
test_unacknowledged_in_snapshot (void)
{
  g_autoptr(MsCluster) cluster = ms_cluster_new ();

  apply_json (cluster,
              "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":{"
              "\"get_frameworks\":{\"frameworks\":[" FRAMEWORK ("f") "]},"
              "\"get_tasks\":{\"tasks\":[" TASK_IN ("f", "unacked", "TASK_FAILED") ","
              TASK_IN ("f", "running", "TASK_RUNNING") "],"
              "\"completed_tasks\":[" COMPLETED_TASK ("f", "c1") "," COMPLETED_TASK ("f", "c2") "]}}}}");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, 4);

  /* What a master keeps at least, from its snapshot: two completed tasks
   * of one framework (the unacknowledged one is still among its tasks), no
   * removed framework. */
  {
    guint most_tasks, frameworks;

    ms_cluster_get_completed_kept (cluster, &most_tasks, &frameworks);
    g_assert_cmpuint (most_tasks, ==, 2);
    g_assert_cmpuint (frameworks, ==, 0);
  }

  ms_cluster_set_completed_limits (cluster, 2, 50);
  g_assert_null (ms_cluster_lookup_task (cluster, "f", "c1"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f", "c2"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f", "unacked"));
  g_assert_nonnull (ms_cluster_lookup_task (cluster, "f", "running"));
}

static void
test_agent_and_framework_events (void)
{
  g_autoptr(MsCluster) cluster = new_synced_cluster ();
  const char *agent_id = "c3946a13-75b4-4d3c-9d0e-fc10038dca85-S3";
  const char *fw_id = "a9ba2984-99c4-4183-8cd1-f7313426e21c-0147";

  apply_fixture (cluster, "event-agent-added.json");
  apply_fixture (cluster, "event-agent-added.json");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (cluster)), ==, 2);
  g_assert_cmpstr (ms_agent_get_hostname (ms_cluster_lookup_agent (cluster, agent_id)), ==,
                   "172.31.2.24");
  g_assert_cmpstrv ((GStrv)ms_agent_get_capabilities (ms_cluster_lookup_agent (cluster, agent_id)),
                    ((const char * const []) { "MULTI_ROLE", "HIERARCHICAL_ROLE",
                                               "RESERVATION_REFINEMENT", NULL }));

  apply_fixture (cluster, "event-framework-added.json");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_frameworks (cluster)), ==, 2);
  g_assert_true (ms_framework_get_connected (ms_cluster_lookup_framework (cluster, fw_id)));
  apply_fixture (cluster, "event-framework-updated.json");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_frameworks (cluster)), ==, 2);
  apply_fixture (cluster, "event-framework-removed.json");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_frameworks (cluster)), ==, 1);
  g_assert_null (ms_cluster_lookup_framework (cluster, fw_id));

  apply_fixture (cluster, "event-agent-removed.json");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (cluster)), ==, 1);
  g_assert_null (ms_cluster_lookup_agent (cluster, agent_id));

  apply_fixture (cluster, "event-heartbeat.json");
}

/* Unknown event types and state names are tolerated and counted; malformed
 * events are errors that change nothing.
 */
static void
test_tolerance (void)
{
  g_autoptr(MsCluster) cluster = new_synced_cluster ();
  static const char * const bad[] = {
    "{\"type\":\"TASK_ADDED\"}",
    "{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":{\"name\":\"no ids\"}}}",
    "{\"type\":\"TASK_UPDATED\",\"task_updated\":{}}",
    "{\"type\":\"AGENT_ADDED\",\"agent_added\":{\"agent\":{\"active\":true}}}",
    "{\"type\":\"AGENT_REMOVED\",\"agent_removed\":{}}",
    "{\"type\":\"FRAMEWORK_ADDED\",\"framework_added\":{}}",
    "{\"no_type\":1}",
    "[1,2]",
    "{\"type\":\"TASK_ADDED\",",
    "\xff\xfe",
  };
  guint n_tasks = g_list_model_get_n_items (ms_cluster_get_tasks (cluster));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ms_cluster_apply_record (cluster, bad[i], strlen (bad[i]), &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
    }
  g_assert_cmpuint (ms_cluster_get_n_invalid (cluster), ==, G_N_ELEMENTS (bad));
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), ==, n_tasks);

  apply_json (cluster, "{\"type\":\"OPERATION_UPDATED\",\"operation_updated\":{}}");
  apply_json (cluster, "{\"type\":\"UNKNOWN\"}");
  g_assert_cmpuint (ms_cluster_get_n_unknown_events (cluster), ==, 2);

  apply_json (cluster,
              "{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":{\"name\":\"t\","
              "\"task_id\":{\"value\":\"t\"},\"framework_id\":{\"value\":\"f\"},"
              "\"agent_id\":{\"value\":\"a\"},\"state\":\"TASK_FROM_THE_FUTURE\"}}}");
  g_assert_cmpuint (ms_cluster_get_n_unknown_states (cluster), ==, 1);
  g_assert_cmpstr (ms_task_get_state (ms_cluster_lookup_task (cluster, "f", "t")), ==,
                   "TASK_FROM_THE_FUTURE");
}

/* After a failover the snapshot may hold agents only in recovered_agents:
 * they stay, marked, and AGENT_ADDED re-registers them one by one.
 */
static void
test_recovered_agents (void)
{
  g_autoptr(MsCluster) cluster = ms_cluster_new ();
  g_autoptr(GString) snapshot = g_string_new ("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":"
                                              "{\"get_agents\":{\"agents\":[],\"recovered_agents\":[");

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (snapshot, "%s{\"hostname\":\"a%u\",\"id\":{\"value\":\"S%u\"},"
                            "\"port\":5051,\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
                            "\"scalar\":{\"value\":4}}]}", i ? "," : "", i, i);
  g_string_append (snapshot, "]},\"get_frameworks\":{},\"get_tasks\":{},\"get_executors\":{}},"
                             "\"heartbeat_interval_seconds\":15.0}}");
  apply_json (cluster, snapshot->str);

  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (cluster)), ==, 3);
  g_assert_cmpuint (ms_cluster_get_n_expected_agents (cluster), ==, 3);
  g_assert_cmpuint (ms_cluster_get_n_recovered_agents (cluster), ==, 3);
  g_assert_true (ms_agent_get_recovered (ms_cluster_lookup_agent (cluster, "S1")));

  apply_json (cluster,
              "{\"type\":\"AGENT_ADDED\",\"agent_added\":{\"agent\":{\"active\":true,"
              "\"agent_info\":{\"hostname\":\"a1\",\"id\":{\"value\":\"S1\"},\"port\":5051},"
              "\"version\":\"1.12.0\",\"total_resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
              "\"scalar\":{\"value\":4.0}}]}}}");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (cluster)), ==, 3);
  g_assert_cmpuint (ms_cluster_get_n_recovered_agents (cluster), ==, 2);
  g_assert_false (ms_agent_get_recovered (ms_cluster_lookup_agent (cluster, "S1")));
}

static void
test_resources_follow_tasks (void)
{
  g_autoptr(MsCluster) cluster = new_synced_cluster ();
  const char *agent_id = "628984d0-4213-4140-bcb0-99d7ef46b1df-S0";
  MsAgent *agent = ms_cluster_lookup_agent (cluster, agent_id);
  MsResources total, used;

  /* A running task with an allocation role and no `role` (Mesos >= 1.5). */
  apply_json (cluster,
              "{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":{\"name\":\"web\","
              "\"task_id\":{\"value\":\"web-1\"},\"framework_id\":{\"value\":"
              "\"628984d0-4213-4140-bcb0-99d7ef46b1df-0000\"},\"agent_id\":{\"value\":"
              "\"628984d0-4213-4140-bcb0-99d7ef46b1df-S0\"},\"state\":\"TASK_RUNNING\","
              "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.5},"
              "\"allocation_info\":{\"role\":\"web\"}},{\"name\":\"mem\",\"type\":\"SCALAR\","
              "\"scalar\":{\"value\":128}}]}}}");
  g_assert_cmpfloat_with_epsilon (ms_agent_get_used (agent)->cpus, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms_agent_get_used (agent)->mem, 128, 1e-9);
  g_assert_cmpstr (ms_task_get_role (ms_cluster_lookup_task (cluster,
                                                             "628984d0-4213-4140-bcb0-99d7ef46b1df-0000",
                                                             "web-1")), ==, "web");
  g_assert_cmpuint (ms_framework_get_n_active_tasks (
                      ms_cluster_lookup_framework (cluster, "628984d0-4213-4140-bcb0-99d7ef46b1df-0000")),
                    ==, 1);
  ms_cluster_get_resources (cluster, &total, &used);
  g_assert_cmpfloat_with_epsilon (total.cpus, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (used.cpus, 0.5, 1e-9);

  /* Active to active (a health check, a repeat): counted once still. */
  for (guint i = 0; i < 2; i++)
    update_task (cluster, SUBSCRIBED_FRAMEWORK, "web-1", "TASK_RUNNING");
  update_task (cluster, SUBSCRIBED_FRAMEWORK, "web-1", "TASK_KILLING");
  g_assert_cmpfloat_with_epsilon (ms_agent_get_used (agent)->cpus, 0.5, 1e-9);
  ms_cluster_get_resources (cluster, NULL, &used);
  g_assert_cmpfloat_with_epsilon (used.cpus, 0.5, 1e-9);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_RUNNING"), ==, 0);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_KILLING"), ==, 1);
  g_assert_cmpuint (ms_framework_get_n_active_tasks (
                      ms_cluster_lookup_framework (cluster, "628984d0-4213-4140-bcb0-99d7ef46b1df-0000")),
                    ==, 1);

  /* Terminal: the resources are free again, and stay free after another
   * terminal update. */
  for (guint i = 0; i < 2; i++)
    {
      update_task (cluster, SUBSCRIBED_FRAMEWORK, "web-1", i == 0 ? "TASK_KILLED" : "TASK_LOST");
      g_assert_cmpfloat_with_epsilon (ms_agent_get_used (agent)->cpus, 0, 1e-9);
      ms_cluster_get_resources (cluster, NULL, &used);
      g_assert_cmpfloat_with_epsilon (used.cpus, 0, 1e-9);
      g_assert_cmpuint (ms_framework_get_n_active_tasks (
                          ms_cluster_lookup_framework (cluster, "628984d0-4213-4140-bcb0-99d7ef46b1df-0000")),
                        ==, 0);
    }
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_KILLING"), ==, 0);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_KILLED"), ==, 0);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, "TASK_LOST"), ==, 1);

  /* Back from terminal (a partition heals: TASK_UNREACHABLE then
   * TASK_RUNNING): it holds its resources again. */
  update_task (cluster, SUBSCRIBED_FRAMEWORK, "web-1", "TASK_RUNNING");
  g_assert_cmpfloat_with_epsilon (ms_agent_get_used (agent)->cpus, 0.5, 1e-9);
  ms_cluster_get_resources (cluster, NULL, &used);
  g_assert_cmpfloat_with_epsilon (used.cpus, 0.5, 1e-9);
  g_assert_cmpuint (ms_cluster_count_tasks (cluster, NULL), ==,
                    g_list_model_get_n_items (ms_cluster_get_tasks (cluster)));
}

static void
test_diff (void)
{
  g_autoptr(MsCluster) cluster = new_synced_cluster ();
  g_autoptr(MsStateParser) state = NULL;
  g_autoptr(GPtrArray) diffs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  data = load ("get_state.json", &len);
  state = ms_state_parser_parse (data, len, &error);
  g_assert_no_error (error);

  diffs = ms_cluster_diff (cluster, state);
  g_assert_cmpuint (diffs->len, ==, 0);
  g_clear_pointer (&diffs, g_ptr_array_unref);

  apply_fixture (cluster, "event-task-added.json");
  apply_fixture (cluster, "event-agent-removed.json");
  diffs = ms_cluster_diff (cluster, state);
  g_assert_cmpuint (diffs->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (diffs, 0), "in the model, not on the master"));

  ms_cluster_mark_stale (cluster);
  g_assert_true (ms_cluster_get_stale (cluster));
  g_assert_cmpint (ms_cluster_get_stale_since (cluster), >, 0);
  apply_fixture (cluster, "event-subscribed.json");
  g_assert_false (ms_cluster_get_stale (cluster));
  g_clear_pointer (&diffs, g_ptr_array_unref);
  diffs = ms_cluster_diff (cluster, state);
  g_assert_cmpuint (diffs->len, ==, 0);
}

/* Every fixture is strict JSON: our yajl reader refuses trailing commas and
 * the like, and json-glib agrees.
 */
static void
test_fixtures_are_strict_json (void)
{
  static const char * const names[] = {
    "event-agent-added.json", "event-agent-removed.json", "event-framework-added.json",
    "event-framework-removed.json", "event-framework-updated.json", "event-heartbeat.json",
    "event-subscribed.json", "event-task-added.json", "event-task-updated.json",
    "get_agents.json", "get_frameworks.json", "get_health.json", "get_master.json",
    "get_metrics.json", "get_state.json", "get_tasks.json", "get_version.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(MsStateParser) state = NULL;
      gsize len;
      g_autofree char *data = load (names[i], &len);

      g_test_message ("%s", names[i]);
      json_parser_load_from_data (parser, data, len, &error);
      g_assert_no_error (error);
      state = ms_state_parser_parse (data, len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ms_state_parser_get_n_invalid (state), ==, 0);
    }
}

static gpointer
churn_atoms (gpointer data)
{
  static const char * const texts[] = { "TASK_RUNNING", "TASK_LOST", "agent-1", "framework-1" };

  for (guint i = 0; i < 200000; i++)
    {
      const char *atom = ms_atom_new (texts[i % G_N_ELEMENTS (texts)]);

      g_assert_cmpstr (atom, ==, texts[i % G_N_ELEMENTS (texts)]);
      /* A reference taken and dropped without the lock, racing with
       * another thread's last one. */
      if (i % 2 == 0)
        {
          g_assert_true (ms_atom_ref (atom) == atom);
          ms_atom_release (atom);
        }
      ms_atom_release (atom);
    }

  return NULL;
}

/* Atoms: one pointer per text while held, freed with the last holder, and
 * safe when threads intern and drop the same texts at once (the snapshot
 * worker and the main thread do; GRefString interning is not, in GLib 2.74).
 */
static void
test_atoms (void)
{
  const char *a = ms_atom_new ("executor-1");
  const char *b = ms_atom_new ("executor-1");
  GThread *threads[2];

  g_assert_true (a == b);
  g_assert_true (ms_atom_lookup ("executor-1") == a);
  g_assert_true (ms_atom_ref (a) == a);
  ms_atom_release (a);
  ms_atom_release (a);
  ms_atom_release (b);
  g_assert_null (ms_atom_lookup ("executor-1"));
  g_assert_null (ms_atom_new (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("atoms", churn_atoms, NULL);
  churn_atoms (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_null (ms_atom_lookup ("TASK_LOST"));
}

static gpointer
prepare_in_thread (gpointer data)
{
  MsCluster *prepared = ms_cluster_new ();

  g_assert_true (ms_cluster_apply_parsed (prepared, data, NULL));
  return prepared;
}

static void
count_changes (GListModel *list,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

/* A snapshot applied on another thread and adopted equals one applied in
 * place, replaces what was there, and reaches views as one change per list.
 */
static void
test_adopt (void)
{
  g_autoptr(MsCluster) direct = new_synced_cluster ();
  g_autoptr(MsCluster) target = new_synced_cluster ();
  g_autoptr(MsCluster) prepared = NULL;
  g_autoptr(MsStateParser) parsed = NULL;
  g_autoptr(GPtrArray) diffs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  MsResources total_a, used_a, total_b, used_b;
  guint changes = 0;
  gsize len;

  /* The target has moved on since: one more task. */
  apply_fixture (target, "event-task-added.json");
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (target)), >,
                    g_list_model_get_n_items (ms_cluster_get_tasks (direct)));
  ms_cluster_mark_stale (target);

  data = load ("event-subscribed.json", &len);
  parsed = ms_state_parser_parse (data, len, &error);
  g_assert_no_error (error);
  prepared = g_thread_join (g_thread_new ("prepare", prepare_in_thread, parsed));

  g_signal_connect (ms_cluster_get_tasks (target), "items-changed", G_CALLBACK (count_changes), &changes);
  ms_cluster_adopt (target, prepared);
  g_assert_cmpuint (changes, ==, 1);

  g_assert_false (ms_cluster_get_stale (target));
  g_assert_true (ms_cluster_get_synced (target));
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (target)), ==,
                    g_list_model_get_n_items (ms_cluster_get_agents (direct)));
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_frameworks (target)), ==,
                    g_list_model_get_n_items (ms_cluster_get_frameworks (direct)));
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (target)), ==,
                    g_list_model_get_n_items (ms_cluster_get_tasks (direct)));
  {
    g_autoptr(MsTask) first = g_list_model_get_item (ms_cluster_get_tasks (direct), 0);
    const char *state = ms_task_get_state (first);

    g_assert_cmpuint (ms_cluster_count_tasks (target, state), ==, ms_cluster_count_tasks (direct, state));
    g_assert_cmpuint (ms_cluster_count_tasks (target, state), >, 0);
  }
  ms_cluster_get_resources (target, &total_a, &used_a);
  ms_cluster_get_resources (direct, &total_b, &used_b);
  g_assert_cmpmem (&total_a, sizeof total_a, &total_b, sizeof total_b);
  g_assert_cmpmem (&used_a, sizeof used_a, &used_b, sizeof used_b);
  g_assert_cmpfloat (ms_cluster_get_heartbeat_interval (target), ==,
                     ms_cluster_get_heartbeat_interval (direct));

  diffs = ms_cluster_diff (target, parsed);
  g_assert_cmpuint (diffs->len, ==, 0);

  /* Later events apply to the adopted model as to any. */
  apply_fixture (target, "event-task-updated.json");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/cluster/fixtures-are-strict-json", test_fixtures_are_strict_json);
  g_test_add_func ("/ms/cluster/snapshot", test_snapshot);
  g_test_add_func ("/ms/cluster/task-events", test_task_events);
  g_test_add_func ("/ms/cluster/completed-limits", test_completed_limits);
  g_test_add_func ("/ms/cluster/completed-frameworks-in-snapshot", test_completed_frameworks_in_snapshot);
  g_test_add_func ("/ms/cluster/unacknowledged-in-snapshot", test_unacknowledged_in_snapshot);
  g_test_add_func ("/ms/cluster/agent-and-framework-events", test_agent_and_framework_events);
  g_test_add_func ("/ms/cluster/tolerance", test_tolerance);
  g_test_add_func ("/ms/cluster/recovered-agents", test_recovered_agents);
  g_test_add_func ("/ms/cluster/resources-follow-tasks", test_resources_follow_tasks);
  g_test_add_func ("/ms/cluster/diff", test_diff);
  g_test_add_func ("/ms/cluster/adopt", test_adopt);
  g_test_add_func ("/ms/cluster/atoms", test_atoms);

  return g_test_run ();
}
