/* test-operator-client.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* The operator client against mesoscope-sim's masters in a real ZooKeeper,
 * and against small HTTP servers that misbehave on purpose.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ms-cluster.h"
#include "ms-error.h"
#include "ms-leader-detector.h"
#include "ms-master-info.h"
#include "ms-operator-client.h"
#include "ms-recordio.h"
#include "ms-sim-cluster.h"
#include "ms-sim-master.h"
#include "ms-task.h"
#include "ms-test-zk.h"
#include "ms-timeline.h"
#include "ms-zk-url.h"

#define WAIT_MS 20000

static MsTestZk *zk;

typedef struct
{
  char             *path;
  MsSimCluster     *sim;
  MsTimeline       *timeline;
  MsLeaderDetector *detector;
  MsCluster        *cluster;
  MsOperatorClient *client;
} Fixture;

static gboolean
sim_ready (gpointer data)
{
  return ms_sim_cluster_get_ready (data);
}

static gboolean
client_live (gpointer data)
{
  return ms_operator_client_get_state (data) == MS_OPERATOR_CLIENT_STATE_LIVE;
}

static void
run (MsSimCluster *sim,
     const char   *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = ms_sim_cluster_run_command (sim, command, &error);

  g_assert_no_error (error);
  g_test_message ("sim: %s → %s", command, reply);
}

static void
start_sim (Fixture      *f,
           MsSimOptions *options)
{
  g_autofree char *text = ms_test_zk_url (zk, f->path);
  g_autoptr(MsZkUrl) url = ms_zk_url_parse (text, NULL);
  g_autoptr(GError) error = NULL;

  f->sim = ms_test_sim_cluster_new (url, options);
  g_assert_true (ms_sim_cluster_start (f->sim, &error));
  if (!ms_test_wait_until (sim_ready, f->sim, WAIT_MS))
    {
      ms_test_zk_dump_log (zk);
      g_error ("the simulator was not ready within %u ms", WAIT_MS);
    }
}

static void
default_options (MsSimOptions *options)
{
  ms_sim_options_init (options);
  options->session_timeout_ms = 2000;
  options->workload.agents = 20;
  options->workload.frameworks = 3;
  options->workload.tasks = 300;
  options->workload.churn = 100;
  options->workload.reregister_s = 1;
  options->heartbeat_s = 0.2;
}

static void
follow_leader (Fixture *f)
{
  g_autofree char *text = ms_test_zk_url (zk, f->path);
  g_autoptr(MsZkUrl) url = ms_zk_url_parse (text, NULL);

  f->detector = ms_leader_detector_new (url, f->timeline);
  ms_operator_client_set_detector (f->client, f->detector);
  ms_leader_detector_start (f->detector);
}

/* The simulator, the detector following it, and the client live on its
 * leader's stream.
 */
static void
start_live (Fixture      *f,
            MsSimOptions *options)
{
  start_sim (f, options);
  follow_leader (f);
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->path = ms_test_unique_path ("operator");
  f->timeline = ms_timeline_new (0);
  f->cluster = ms_cluster_new ();
  f->client = ms_operator_client_new (f->cluster, f->timeline);
  ms_operator_client_set_watchdog_factor (f->client, 4);
  /* Silent changes (agents unreachable, frameworks disconnected) are only
   * caught by the drift check: run it often.
   */
  ms_operator_client_set_drift_interval (f->client, 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ms_operator_client_stop (f->client);
  if (f->detector != NULL)
    ms_leader_detector_stop (f->detector);
  g_clear_object (&f->client);
  g_clear_object (&f->detector);
  g_clear_object (&f->sim);
  /* Cancelled reads complete on the next iterations and drop their refs. */
  ms_test_sleep (100);
  g_assert_finalize_object (f->cluster);
  g_clear_object (&f->timeline);
  g_free (f->path);
}

typedef struct
{
  MsTimeline          *timeline;
  MsTimelineEventKind  kind;
  const char          *needle;
  guint                from;
} EventWait;

static gboolean
has_event (gpointer data)
{
  EventWait *wait = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (wait->timeline));

  for (guint i = wait->from; i < n; i++)
    {
      g_autoptr(MsTimelineEvent) event = g_list_model_get_item (G_LIST_MODEL (wait->timeline), i);

      if (ms_timeline_event_get_kind (event) == wait->kind &&
          (wait->needle == NULL || strstr (ms_timeline_event_get_message (event), wait->needle)))
        {
          wait->from = i + 1;
          return TRUE;
        }
    }

  return FALSE;
}

/* Waits for an event at or after position @from of the timeline. */
static void
wait_event_from (Fixture             *f,
                 guint                from,
                 MsTimelineEventKind  kind,
                 const char          *needle,
                 guint                timeout_ms)
{
  EventWait wait = { f->timeline, kind, needle, from };

  if (!ms_test_wait_until (has_event, &wait, timeout_ms))
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->timeline)); i++)
        {
          g_autoptr(MsTimelineEvent) event = g_list_model_get_item (G_LIST_MODEL (f->timeline), i);

          g_test_message ("timeline: %s %s", ms_timeline_event_get_kind_nick (event),
                          ms_timeline_event_get_message (event));
        }
      g_error ("no timeline event %d with “%s”", kind, needle ? needle : "");
    }
}

static void
wait_event (Fixture             *f,
            MsTimelineEventKind  kind,
            const char          *needle,
            guint                timeout_ms)
{
  wait_event_from (f, 0, kind, needle, timeout_ms);
}

static guint
timeline_length (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->timeline));
}

typedef struct
{
  MsOperatorClient *client;
  MsStateParser    *state;
  GError           *error;
  gboolean          done;
} CallWait;

static void
on_call (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CallWait *wait = user_data;

  wait->state = ms_operator_client_call_finish (MS_OPERATOR_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
call_done (gpointer data)
{
  return ((CallWait *)data)->done;
}

static MsStateParser *
call (Fixture    *f,
      const char *type)
{
  CallWait wait = { f->client };

  ms_operator_client_call_async (f->client, type, NULL, on_call, &wait);
  g_assert_true (ms_test_wait_until (call_done, &wait, WAIT_MS));
  g_assert_no_error (wait.error);

  return wait.state;
}

/* With the workload stopped, the model equals the leader's GET_STATE once
 * in-flight events have landed and a drift check has caught what changed
 * silently.
 */
static void
assert_audit_clean (Fixture *f)
{
  g_autoptr(MsStateParser) state = NULL;
  g_autoptr(GPtrArray) diffs = NULL;

  run (f->sim, "churn 0");
  ms_test_sleep (2500);
  state = call (f, "GET_STATE");
  diffs = ms_cluster_diff (f->cluster, state);
  for (guint i = 0; i < diffs->len; i++)
    g_test_message ("diff: %s", (char *)g_ptr_array_index (diffs, i));
  g_assert_cmpuint (diffs->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (f->cluster)), >, 0);
  g_assert_false (ms_cluster_get_stale (f->cluster));
}

static void
test_subscribe_and_audit (Fixture       *f,
                          gconstpointer  data)
{
  MsSimOptions options;

  default_options (&options);
  start_live (f, &options);
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (f->cluster)), >=, 19);
  g_assert_cmpfloat (ms_cluster_get_heartbeat_interval (f->cluster), ==, 0.2);

  /* A second of churn: events applied one by one. */
  ms_test_sleep (1000);
  g_assert_cmpuint (ms_cluster_get_n_events (f->cluster), >, 50);
  assert_audit_clean (f);
}

/* A master keeps a framework's last --max_completed_tasks_per_framework
 * completed tasks and forgets older ones without an event: the client asks
 * the leader's GET_FLAGS and the model forgets alike.
 */
static void
test_completed_limits (Fixture       *f,
                       gconstpointer  data)
{
  MsSimOptions options;

  default_options (&options);
  options.workload.tasks = 60;
  options.workload.churn = 400;
  options.workload.max_completed_tasks = 20;
  start_live (f, &options);

  ms_test_sleep (3000);
  assert_audit_clean (f);
  {
    guint max_tasks, max_frameworks;

    ms_cluster_get_completed_limits (f->cluster, &max_tasks, &max_frameworks);
    g_assert_cmpuint (max_tasks, ==, 20);
    g_assert_cmpuint (max_frameworks, ==, MS_CLUSTER_MAX_COMPLETED_FRAMEWORKS);
  }

  /* The limit was reached, and held. */
  g_assert_cmpuint (ms_test_most_completed (f->cluster), ==, 20);
}

static gboolean
limits_told (gpointer data)
{
  guint max_tasks;

  ms_cluster_get_completed_limits (data, &max_tasks, NULL);

  return max_tasks != G_MAXUINT;
}

/* A master that does not let us view its flags (an ACL, as Mesos' --acls
 * with view_flags): GET_FLAGS answers 403, Mesos' default limits are
 * assumed (its snapshot held fewer), and the stream goes on. (The
 * simulated master keeps 20 completed tasks a framework: the model, not
 * told, keeps more.) */
static void
test_flags_forbidden (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSimAcls) acls =
    ms_sim_acls_new_from_json ("{\"view_flags\": [{\"principals\": {\"type\": \"ANY\"},"
                               " \"flags\": {\"type\": \"NONE\"}}]}", &error);
  MsSimOptions options;
  guint max_tasks, max_frameworks;

  g_assert_no_error (error);
  default_options (&options);
  options.workload.tasks = 60;
  options.workload.churn = 400;
  options.workload.max_completed_tasks = 20;
  options.acls = acls;
  start_live (f, &options);

  g_assert_true (ms_test_wait_until (limits_told, f->cluster, WAIT_MS));
  ms_cluster_get_completed_limits (f->cluster, &max_tasks, &max_frameworks);
  g_assert_cmpuint (max_tasks, ==, MS_CLUSTER_MAX_COMPLETED_TASKS);
  g_assert_cmpuint (max_frameworks, ==, MS_CLUSTER_MAX_COMPLETED_FRAMEWORKS);

  ms_test_sleep (2000);
  g_assert_cmpint (ms_operator_client_get_state (f->client), ==, MS_OPERATOR_CLIENT_STATE_LIVE);
  g_assert_cmpuint (ms_test_most_completed (f->cluster), >, 20);
}

static gboolean
reregistered (gpointer data)
{
  Fixture *f = data;

  return ms_operator_client_get_state (f->client) == MS_OPERATOR_CLIENT_STATE_LIVE &&
         ms_cluster_get_n_expected_agents (f->cluster) > 0 &&
         ms_cluster_get_n_recovered_agents (f->cluster) == 0;
}

/* The leader exits: the client resubscribes to the successor, the model is
 * rebuilt from its (nearly empty) snapshot and fills up as agents
 * re-register, without reporting mass removal.
 */
static void
test_failover (Fixture       *f,
               gconstpointer  data)
{
  MsSimOptions options;
  guint agents_before;

  default_options (&options);
  start_live (f, &options);
  agents_before = g_list_model_get_n_items (ms_cluster_get_agents (f->cluster));

  {
    gint64 killed_at = g_get_monotonic_time ();

    run (f->sim, "kill leader");
    wait_event (f, MS_TIMELINE_EVENT_STREAM_SUBSCRIBED, "recovered from the registry", WAIT_MS);
    g_test_message ("leader killed: resubscribed to the new leader %.0f ms later",
                    (g_get_monotonic_time () - killed_at) / 1e3);
  }
  /* Recovered agents are still listed: absence is not removal. */
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_agents (f->cluster)), >=,
                    agents_before - 1);
  g_assert_cmpuint (ms_cluster_get_n_expected_agents (f->cluster), >, 0);

  /* The failover in one entry, with its steps. */
  wait_event (f, MS_TIMELINE_EVENT_FAILOVER, "model resynced", WAIT_MS);

  g_assert_true (ms_test_wait_until (reregistered, f, WAIT_MS));
  wait_event (f, MS_TIMELINE_EVENT_REREGISTERED, NULL, WAIT_MS);
  /* Frameworks without tasks re-subscribe after the window. */
  ms_test_sleep (1300);
  assert_audit_clean (f);
}

/* The stream ends in the middle of a record: stale, then a new snapshot. */
static void
test_cut_mid_record (Fixture       *f,
                     gconstpointer  data)
{
  MsSimOptions options;

  default_options (&options);
  start_live (f, &options);

  {
    gint64 cut_at = g_get_monotonic_time ();

    run (f->sim, "cut");
    wait_event (f, MS_TIMELINE_EVENT_STREAM_LOST, "middle of a record", WAIT_MS);
    g_assert_true (ms_cluster_get_stale (f->cluster) ||
                   ms_operator_client_get_state (f->client) == MS_OPERATOR_CLIENT_STATE_LIVE);
    wait_event (f, MS_TIMELINE_EVENT_STREAM_SUBSCRIBED, NULL, WAIT_MS);
    g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
    g_test_message ("stream cut mid-record: live again %.0f ms later",
                    (g_get_monotonic_time () - cut_at) / 1e3);
  }

  run (f->sim, "garbage");
  wait_event (f, MS_TIMELINE_EVENT_STREAM_LOST, "unexpected byte", WAIT_MS);
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));

  run (f->sim, "oversized");
  wait_event (f, MS_TIMELINE_EVENT_STREAM_LOST, "out of range", WAIT_MS);
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
  assert_audit_clean (f);
}

/* A hung leader (accepts, never answers, stream silent) is caught by the
 * heartbeat watchdog long before any ZooKeeper session would expire.
 */
static void
test_stalled_master (Fixture       *f,
                     gconstpointer  data)
{
  MsSimOptions options;
  gint64 stalled_at;

  default_options (&options);
  options.session_timeout_ms = 30000;
  start_live (f, &options);

  run (f->sim, "stall leader");
  stalled_at = g_get_monotonic_time ();
  wait_event (f, MS_TIMELINE_EVENT_LEADER_UNREACHABLE, "silent", WAIT_MS);
  g_test_message ("hung leader noticed after %.0f ms (heartbeat 200 ms × 4)",
                  (g_get_monotonic_time () - stalled_at) / 1e3);
  g_assert_cmpint (g_get_monotonic_time () - stalled_at, <, 5 * G_USEC_PER_SEC);
  g_assert_true (ms_cluster_get_stale (f->cluster));
  g_assert_cmpint (ms_cluster_get_stale_since (f->cluster), >, 0);

  run (f->sim, "unstall leader");
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
  g_assert_false (ms_cluster_get_stale (f->cluster));
}

/* A follower answers 307 with a scheme-less Location: followed once. */
static void
test_redirect_from_follower (Fixture       *f,
                             gconstpointer  data)
{
  MsSimOptions options;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  MsSimMaster *follower = NULL;

  default_options (&options);
  start_sim (f, &options);
  for (guint i = 1; i <= 3; i++)
    if (ms_sim_cluster_get_master (f->sim, i) != ms_sim_cluster_get_leader (f->sim))
      follower = ms_sim_cluster_get_master (f->sim, i);

  url = g_strdup_printf ("http://127.0.0.1:%u", ms_sim_master_get_port (follower));
  g_assert_true (ms_operator_client_set_master_url (f->client, url, &error));
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
  wait_event (f, MS_TIMELINE_EVENT_REDIRECTED, "redirected to localhost", WAIT_MS);
  assert_audit_clean (f);
}

static gboolean
has_error_code (gpointer data)
{
  MsOperatorClient *client = data;

  return ms_operator_client_get_error (client) != NULL;
}

static void
test_authentication (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);
  MsSimOptions options;
  g_autofree char *text = NULL;
  const GError *error;

  g_hash_table_insert (credentials, "ops", "s3cret");
  default_options (&options);
  options.credentials = credentials;
  start_sim (f, &options);
  follow_leader (f);

  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (has_error_code, f->client, WAIT_MS));
  error = ms_operator_client_get_error (f->client);
  g_assert_error ((GError *)error, MS_ERROR, MS_ERROR_HTTP_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "mesos-master-readwrite"));

  ms_operator_client_stop (f->client);
  ms_operator_client_set_credentials (f->client, "ops", "wrong");
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (has_error_code, f->client, WAIT_MS));
  error = ms_operator_client_get_error (f->client);
  g_assert_error ((GError *)error, MS_ERROR, MS_ERROR_HTTP_UNAUTHORIZED);
  /* The password never shows. */
  g_assert_null (strstr (error->message, "wrong"));

  ms_operator_client_stop (f->client);
  ms_operator_client_set_credentials (f->client, "ops", "s3cret");
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
}

/* An agent goes unreachable: no event. The GET_METRICS drift check sees
 * the count differ and refreshes the agents.
 */
static void
test_silent_agent_loss (Fixture       *f,
                        gconstpointer  data)
{
  MsSimOptions options;

  default_options (&options);
  options.workload.churn = 0;
  start_live (f, &options);

  run (f->sim, "unreachable");
  wait_event (f, MS_TIMELINE_EVENT_DRIFT, "active agents", WAIT_MS);
  ms_test_sleep (300);
  assert_audit_clean (f);
}

typedef struct
{
  MsOperatorClient *client;
  int               code;
} ErrorWait;

static gboolean
has_error (gpointer data)
{
  ErrorWait *wait = data;
  const GError *error = ms_operator_client_get_error (wait->client);

  return error != NULL && error->domain == MS_ERROR && error->code == wait->code;
}

/* A newly elected Mesos master answers 503 "Master has not finished
 * recovery" until it has read the registry. With the client pointed at
 * one master (master URL mode): a follower's 307 first, then, after the
 * leader is killed, that master's own 503s while it recovers. The rows are
 * kept (stale) meanwhile, the error says why, and the client is live again
 * soon after the recovery ends.
 */
static void
test_recovering_leader (Fixture       *f,
                        gconstpointer  data)
{
  MsSimOptions options;
  g_autofree char *url = NULL;
  ErrorWait unavailable = { f->client, MS_ERROR_NO_LEADER };
  MsSimMaster *follower;
  guint tasks;
  guint from;
  gint64 killed_at;

  default_options (&options);
  options.recovery_ms = 2500;
  start_sim (f, &options);
  follower = ms_sim_cluster_get_master (f->sim, 2);
  g_assert_true (follower != ms_sim_cluster_get_leader (f->sim));

  url = g_strdup_printf ("http://127.0.0.1:%u", ms_sim_master_get_port (follower));
  g_assert_true (ms_operator_client_set_master_url (f->client, url, NULL));
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
  tasks = g_list_model_get_n_items (ms_cluster_get_tasks (f->cluster));
  g_assert_cmpuint (tasks, >, 0);

  from = timeline_length (f);
  run (f->sim, "kill 1");
  killed_at = g_get_monotonic_time ();
  g_assert_true (ms_test_wait_until (has_error, &unavailable, WAIT_MS));
  g_test_message ("503: %s", ms_operator_client_get_error (f->client)->message);
  g_assert_nonnull (strstr (ms_operator_client_get_error (f->client)->message,
                            "has not finished recovery"));
  g_assert_true (ms_cluster_get_stale (f->cluster));
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (f->cluster)), >, 0);

  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
  g_test_message ("live again %.0f ms after the kill (recovery 2500 ms)",
                  (g_get_monotonic_time () - killed_at) / 1e3);
  g_assert_cmpint (g_get_monotonic_time () - killed_at, >=, 2000 * 1000);
  /* Retried at least once a second (503s back off to 1 s at most). */
  g_assert_cmpint (g_get_monotonic_time () - killed_at, <, 5 * G_USEC_PER_SEC);
  g_assert_null (ms_operator_client_get_error (f->client));
  /* Every retry met the same 503: one timeline entry, not one per retry. */
  {
    EventWait wait = { f->timeline, MS_TIMELINE_EVENT_API_ERROR, "has not finished recovery", from };

    g_assert_true (has_event (&wait));
    g_assert_false (has_event (&wait));
  }
  assert_audit_clean (f);
}

/* The leader's stream trickles in (a congested link): 2 KB every 10 ms,
 * so the snapshot takes seconds. Data keeps arriving, so there is no
 * suspicion and no watchdog timeout; the client goes live once the whole
 * snapshot is in, and the model is right.
 */
static void
test_dribbling_leader (Fixture       *f,
                       gconstpointer  data)
{
  MsSimOptions options;
  guint from;
  gint64 cut_at;

  default_options (&options);
  options.workload.tasks = 1000;
  start_live (f, &options);

  run (f->sim, "dribble 2000");
  from = timeline_length (f);
  run (f->sim, "cut");
  cut_at = g_get_monotonic_time ();
  wait_event_from (f, from, MS_TIMELINE_EVENT_STREAM_SUBSCRIBED, NULL, 30000);
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
  g_test_message ("snapshot dribbled in over %.1f s",
                  (g_get_monotonic_time () - cut_at) / 1e6);
  /* It did trickle: a snapshot of 1,000 tasks is more than 200 KB. */
  g_assert_cmpint (g_get_monotonic_time () - cut_at, >=, G_USEC_PER_SEC);
  {
    EventWait suspicion = { f->timeline, MS_TIMELINE_EVENT_LEADER_UNREACHABLE, NULL, from };

    g_assert_false (has_event (&suspicion));
  }

  run (f->sim, "dribble 0");
  assert_audit_clean (f);
}

/* ZooKeeper names master 2, which still redirects to master 1, hung
 * (accepts connections, never answers): after a failover, the new
 * leader's own detector may lag, and the old leader may be frozen. The
 * client does not wait for it forever: it is probed, given up within
 * seconds and tried again; once master 1 answers, the stream is live.
 */
static void
test_redirect_to_hung_leader (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(MsTestZkClient) zkc = ms_test_zk_client_new (zk, NULL);
  g_autofree char *group = g_strdup_printf ("%s-lagging", f->path);
  g_autofree char *member = g_strdup_printf ("%s/json.info_0000000001", group);
  g_autofree char *info = NULL;
  g_autofree char *text = ms_test_zk_url (zk, group);
  g_autoptr(MsZkUrl) url = ms_zk_url_parse (text, NULL);
  MsSimOptions options;
  gint64 start;
  guint port;

  default_options (&options);
  start_sim (f, &options);
  port = ms_sim_master_get_port (ms_sim_cluster_get_master (f->sim, 2));
  info = g_strdup_printf ("{\"address\":{\"hostname\":\"127.0.0.1\",\"ip\":\"127.0.0.1\",\"port\":%u},"
                          "\"hostname\":\"127.0.0.1\",\"id\":\"lagging-master\",\"ip\":16777343,"
                          "\"port\":%u,\"version\":\"1.12.0\"}", port, port);
  g_assert_cmpint (ms_test_zk_client_create (zkc, group, "", 0, 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (zkc, member, info, -1, 0, FALSE, NULL), ==, ZOK);
  run (f->sim, "stall 1");

  f->detector = ms_leader_detector_new (url, f->timeline);
  ms_operator_client_set_detector (f->client, f->detector);
  ms_leader_detector_start (f->detector);
  start = g_get_monotonic_time ();
  ms_operator_client_start (f->client);

  wait_event (f, MS_TIMELINE_EVENT_REDIRECTED, NULL, WAIT_MS);
  wait_event (f, MS_TIMELINE_EVENT_STREAM_LOST, "did not answer SUBSCRIBE", WAIT_MS);
  g_test_message ("the hung master given up after %.1f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_nonnull (ms_timeline_get_last (f->timeline, MS_TIMELINE_EVENT_LEADER_UNREACHABLE));
  g_assert_error ((GError *)ms_operator_client_get_error (f->client), MS_ERROR, MS_ERROR_TIMED_OUT);

  run (f->sim, "unstall 1");
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
  assert_audit_clean (f);
}

/* The leader ZooKeeper names is slow to answer SUBSCRIBE (a master
 * writing a large snapshot may not answer GET /health either meanwhile):
 * it is waited for, not asked again and again, nor suspected.
 */
static void
test_slow_leader_waited_for (Fixture       *f,
                             gconstpointer  data)
{
  MsSimOptions options;
  EventWait given_up = { f->timeline, MS_TIMELINE_EVENT_STREAM_LOST, "did not answer SUBSCRIBE", 0 };

  default_options (&options);
  options.session_timeout_ms = 30000;
  start_sim (f, &options);
  run (f->sim, "stall leader");
  follow_leader (f);
  ms_operator_client_start (f->client);

  wait_event (f, MS_TIMELINE_EVENT_LEADER_ELECTED, NULL, WAIT_MS);
  /* Longer than a probe takes to give up on a master (2.5 s). */
  ms_test_sleep (4000);
  g_assert_false (has_event (&given_up));
  g_assert_null (ms_timeline_get_last (f->timeline, MS_TIMELINE_EVENT_LEADER_UNREACHABLE));
  g_assert_cmpint (ms_operator_client_get_state (f->client), ==, MS_OPERATOR_CLIENT_STATE_CONNECTING);

  run (f->sim, "unstall leader");
  g_assert_true (ms_test_wait_until (client_live, f->client, WAIT_MS));
}

/* ---- misbehaving HTTP servers ------------------------------------------ */

typedef struct
{
  SoupServer *server;
  guint       port;
  guint       peer_port;
  gboolean    to_self;
  GPtrArray  *content_types;
  GPtrArray  *accepts;
} Fake;

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  g_autofree char *location = g_strdup_printf ("//127.0.0.1:%u/api/v1",
                                               fake->to_self ? fake->port : fake->peer_port);

  g_ptr_array_add (fake->content_types,
                   g_strdup (soup_message_headers_get_one (request, "Content-Type")));
  g_ptr_array_add (fake->accepts, g_strdup (soup_message_headers_get_one (request, "Accept")));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  soup_server_message_set_status (msg, SOUP_STATUS_TEMPORARY_REDIRECT, NULL);
}

static Fake *
fake_new (gboolean to_self)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  fake->server = soup_server_new (NULL, NULL);
  fake->to_self = to_self;
  fake->content_types = g_ptr_array_new_with_free_func (g_free);
  fake->accepts = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (fake->server);
  fake->port = g_uri_get_port (uris->data);

  return fake;
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_ptr_array_unref (fake->content_types);
  g_ptr_array_unref (fake->accepts);
  g_free (fake);
}

static void
test_redirect_loops (Fixture       *f,
                     gconstpointer  data)
{
  Fake *a = fake_new (FALSE);
  Fake *b = fake_new (FALSE);
  Fake *self_redirect = fake_new (TRUE);
  g_autofree char *url = NULL;
  const GError *error;

  a->peer_port = b->port;
  b->peer_port = a->port;

  /* Two followers sending each other the request: one hop, then an error. */
  url = g_strdup_printf ("http://127.0.0.1:%u", a->port);
  g_assert_true (ms_operator_client_set_master_url (f->client, url, NULL));
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (has_error_code, f->client, WAIT_MS));
  error = ms_operator_client_get_error (f->client);
  g_assert_error ((GError *)error, MS_ERROR, MS_ERROR_HTTP_REDIRECT);
  g_assert_nonnull (strstr (error->message, "disagree"));
  ms_operator_client_stop (f->client);
  g_assert_cmpuint (a->content_types->len, ==, b->content_types->len);

  /* What we send, every time: exactly these two headers. */
  for (guint i = 0; i < a->content_types->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (a->content_types, i), ==, "application/json");
      g_assert_cmpstr (g_ptr_array_index (a->accepts, i), ==, "application/json");
    }

  g_free (url);
  url = g_strdup_printf ("http://127.0.0.1:%u", self_redirect->port);
  g_assert_true (ms_operator_client_set_master_url (f->client, url, NULL));
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (has_error_code, f->client, WAIT_MS));
  error = ms_operator_client_get_error (f->client);
  g_assert_error ((GError *)error, MS_ERROR, MS_ERROR_HTTP_REDIRECT);
  g_assert_nonnull (strstr (error->message, "itself"));
  ms_operator_client_stop (f->client);

  fake_free (a);
  fake_free (b);
  fake_free (self_redirect);
}

/* ZooKeeper lists a leader whose port refuses connections: a crash
 * suspicion at once, long before the member's session would expire.
 */
static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MsTestZkClient) zkc = ms_test_zk_client_new (zk, NULL);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *member = NULL;
  g_autofree char *info = NULL;
  guint port;

  /* A port that was free a moment ago and now refuses. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  info = g_strdup_printf ("{\"address\":{\"hostname\":\"dead\",\"ip\":\"127.0.0.1\",\"port\":%u},"
                          "\"hostname\":\"dead\",\"id\":\"dead-master\",\"ip\":16777343,"
                          "\"port\":%u,\"version\":\"1.12.0\"}", port, port);
  member = g_strdup_printf ("%s/json.info_0000000001", f->path);
  g_assert_cmpint (ms_test_zk_client_create (zkc, f->path, "", 0, 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (zkc, member, info, -1, 0, FALSE, NULL), ==, ZOK);

  follow_leader (f);
  ms_operator_client_start (f->client);
  wait_event (f, MS_TIMELINE_EVENT_LEADER_UNREACHABLE, "refused the connection", WAIT_MS);
  g_assert_error ((GError *)ms_operator_client_get_error (f->client), MS_ERROR,
                  MS_ERROR_CONNECTION_REFUSED);
  g_assert_true (ms_cluster_get_stale (f->cluster));
}

/* Mesos' own timings: heartbeats every 15 s, a 10 s ZooKeeper session. A
 * hung or frozen leader is suspected within seconds by the /health probe,
 * while ZooKeeper still lists it and long before the heartbeat watchdog;
 * a leader that answers again clears the suspicion.
 */
static void
test_frozen_leader (Fixture       *f,
                    gconstpointer  data)
{
  MsSimOptions options;
  g_autoptr(MsMasterInfo) leader = NULL;
  gint64 start;
  guint mark;
  double stall_s, crash_s;

  default_options (&options);
  options.heartbeat_s = 15;
  options.session_timeout_ms = 10000;
  options.workload.churn = 0;
  ms_operator_client_set_watchdog_factor (f->client, 5);
  start_live (f, &options);
  leader = g_object_ref (ms_leader_detector_get_leader (f->detector));

  /* An idle, healthy leader sends nothing for seconds: probes answer. */
  ms_test_sleep (3000);
  g_assert_false (has_event (&(EventWait) { f->timeline, MS_TIMELINE_EVENT_LEADER_UNREACHABLE }));

  mark = timeline_length (f);
  start = g_get_monotonic_time ();
  run (f->sim, "stall leader");
  wait_event_from (f, mark, MS_TIMELINE_EVENT_LEADER_UNREACHABLE, "did not answer GET /health",
                   WAIT_MS);
  stall_s = (g_get_monotonic_time () - start) / 1e6;
  /* The stream stays: a slow master is not dropped and resnapshotted. */
  g_assert_cmpint (ms_operator_client_get_state (f->client), ==, MS_OPERATOR_CLIENT_STATE_LIVE);

  mark = timeline_length (f);
  run (f->sim, "unstall");
  wait_event_from (f, mark, MS_TIMELINE_EVENT_LEADER_ANSWERS, "answers again", WAIT_MS);

  mark = timeline_length (f);
  start = g_get_monotonic_time ();
  run (f->sim, "crash leader");
  wait_event_from (f, mark, MS_TIMELINE_EVENT_LEADER_UNREACHABLE, "Crash suspected", WAIT_MS);
  crash_s = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("hung leader suspected after %.2f s, frozen leader after %.2f s "
                  "(heartbeats every 15 s, ZooKeeper session 10 s)", stall_s, crash_s);
  /* ZooKeeper has not noticed yet: the same leader is listed. */
  g_assert_true (ms_master_info_equal (ms_leader_detector_get_leader (f->detector), leader));
  g_assert_cmpfloat (crash_s, <, 10.0);
}

/* ---- a burst of events behind a large snapshot -------------------------- */

#define BURST_SNAPSHOT_TASKS 8000
#define BURST_EVENTS 20000

static void
append_record (GString    *body,
               const char *record)
{
  g_string_append_printf (body, "%zu\n%s", strlen (record), record);
}

/* A master whose SUBSCRIBE answer is a snapshot of over 4 MiB (read on
 * the client's worker thread) and, in the same write, BURST_EVENTS tasks
 * added and the last one finished; the stream then stays open.
 */
static void
burst_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GString) snapshot = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *padding = g_strnfill (500, 'x');

  SoupMessageBody *request = soup_server_message_get_request_body (msg);

  if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
    {
      /* GET /health */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  if (request->data == NULL || g_strstr_len (request->data, request->length, "\"SUBSCRIBE\"") == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_IMPLEMENTED, NULL);
      return;
    }

  g_string_append (snapshot, "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":{"
                             "\"get_agents\":{\"agents\":[{\"agent_info\":{\"hostname\":\"a1\","
                             "\"id\":{\"value\":\"agent-1\"}},\"active\":true}]},"
                             "\"get_frameworks\":{\"frameworks\":[{\"framework_info\":{\"name\":\"f\","
                             "\"user\":\"root\",\"id\":{\"value\":\"fw-1\"}},\"active\":true,"
                             "\"connected\":true}]},\"get_tasks\":{\"tasks\":[");
  for (guint i = 0; i < BURST_SNAPSHOT_TASKS; i++)
    g_string_append_printf (snapshot, "%s{\"name\":\"t%u\",\"task_id\":{\"value\":\"task-%u\"},"
                            "\"agent_id\":{\"value\":\"agent-1\"},\"framework_id\":{\"value\":\"fw-1\"},"
                            "\"state\":\"TASK_RUNNING\",\"resources\":[],"
                            "\"labels\":{\"labels\":[{\"key\":\"pad\",\"value\":\"%s\"}]}}",
                            i > 0 ? "," : "", i, i, padding);
  g_string_append (snapshot, "]}},\"heartbeat_interval_seconds\":15.0}}");
  g_assert_cmpuint (snapshot->len, >, MS_RECORDIO_DEFAULT_WHOLE_LIMIT);
  append_record (body, snapshot->str);
  for (guint i = 0; i < BURST_EVENTS; i++)
    {
      g_autofree char *added = g_strdup_printf ("{\"type\":\"TASK_ADDED\",\"task_added\":{\"task\":{"
                                                "\"name\":\"b%u\",\"task_id\":{\"value\":\"burst-%u\"},"
                                                "\"agent_id\":{\"value\":\"agent-1\"},"
                                                "\"framework_id\":{\"value\":\"fw-1\"},"
                                                "\"state\":\"TASK_STAGING\"}}}", i, i);

      append_record (body, added);
    }
  append_record (body, "{\"type\":\"TASK_UPDATED\",\"task_updated\":{\"framework_id\":{\"value\":\"fw-1\"},"
                       "\"state\":\"TASK_FINISHED\",\"status\":{\"task_id\":{\"value\":\"burst-19999\"},"
                       "\"agent_id\":{\"value\":\"agent-1\"},\"state\":\"TASK_FINISHED\","
                       "\"timestamp\":1470820172.07315}}}");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                            body->str, body->len);
}

typedef struct
{
  MsOperatorClient *client;
  guint             ticks;
  guint             pending_at_snapshot;
  guint             ticks_at_snapshot;
  guint             ticks_at_last_pending;
  guint             events;
} BurstWatch;

static gboolean
burst_tick (gpointer data)
{
  ((BurstWatch *)data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_burst_event (MsOperatorClient *client,
                const char       *type,
                gpointer          record,
                BurstWatch       *watch)
{
  if (strcmp (type, "SUBSCRIBED") == 0)
    {
      watch->pending_at_snapshot = ms_operator_client_get_n_pending (client);
      watch->ticks_at_snapshot = watch->ticks;
    }
  else if (++watch->events == watch->pending_at_snapshot)
    {
      watch->ticks_at_last_pending = watch->ticks;
    }
}

static gboolean
burst_applied (gpointer data)
{
  BurstWatch *watch = data;

  return watch->events == BURST_EVENTS + 1;
}

/* The events that arrive while a large snapshot is read wait, then are
 * applied in order, a few milliseconds at a time: a 1 ms timer runs
 * between the snapshot and the last of the events that waited.
 */
static void
test_burst_behind_snapshot (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  BurstWatch watch = { f->client };
  MsTask *last;
  guint tick_id;

  soup_server_add_handler (server, NULL, burst_handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  ms_operator_client_set_drift_interval (f->client, 60);
  g_signal_connect (f->client, "event", G_CALLBACK (on_burst_event), &watch);
  tick_id = g_timeout_add (1, burst_tick, &watch);
  g_assert_true (ms_operator_client_set_master_url (f->client, url, NULL));
  ms_operator_client_start (f->client);
  g_assert_true (ms_test_wait_until (burst_applied, &watch, WAIT_MS));
  g_source_remove (tick_id);
  g_test_message ("%u events waited for the snapshot; a 1 ms timer ran %u times while they were applied",
                  watch.pending_at_snapshot, watch.ticks_at_last_pending - watch.ticks_at_snapshot);

  g_assert_cmpuint (watch.pending_at_snapshot, >, 0);
  g_assert_cmpuint (watch.ticks_at_last_pending, >, watch.ticks_at_snapshot);
  g_assert_cmpuint (ms_operator_client_get_n_pending (f->client), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ms_cluster_get_tasks (f->cluster)), ==,
                    BURST_SNAPSHOT_TASKS + BURST_EVENTS);
  /* In order: the update found the task its TASK_ADDED had just added. */
  last = ms_cluster_lookup_task (f->cluster, "fw-1", "burst-19999");
  g_assert_nonnull (last);
  g_assert_cmpstr (ms_task_get_state (last), ==, "TASK_FINISHED");

  ms_operator_client_stop (f->client);
  soup_server_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  zk = ms_test_zk_start ();

#define ADD(name, func) \
  g_test_add ("/ms/operator-client/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("subscribe-and-audit", test_subscribe_and_audit);
  ADD ("completed-limits", test_completed_limits);
  ADD ("flags-forbidden", test_flags_forbidden);
  ADD ("failover", test_failover);
  ADD ("cut-mid-record", test_cut_mid_record);
  ADD ("stalled-master", test_stalled_master);
  ADD ("redirect-from-follower", test_redirect_from_follower);
  ADD ("authentication", test_authentication);
  ADD ("silent-agent-loss", test_silent_agent_loss);
  ADD ("redirect-loops", test_redirect_loops);
  ADD ("connection-refused", test_connection_refused);
  ADD ("frozen-leader", test_frozen_leader);
  ADD ("recovering-leader", test_recovering_leader);
  ADD ("dribbling-leader", test_dribbling_leader);
  ADD ("burst-behind-snapshot", test_burst_behind_snapshot);
  ADD ("redirect-to-hung-leader", test_redirect_to_hung_leader);
  ADD ("slow-leader-waited-for", test_slow_leader_waited_for);

#undef ADD

  ret = g_test_run ();

  ms_test_zk_free (zk);

  return ret;
}
