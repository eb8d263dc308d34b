/* test-leader-detector.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "ms-candidate.h"
#include "ms-error.h"
#include "ms-leader-detector.h"
#include "ms-master-info.h"
#include "ms-sim-cluster.h"
#include "ms-test-zk.h"
#include "ms-timeline.h"
#include "ms-zk-url.h"

#define WAIT_MS 20000

static MsTestZk *zk;

static const char json_a[] =
  "{\"address\":{\"hostname\":\"a.example\",\"ip\":\"10.0.0.1\",\"port\":5050},"
  "\"hostname\":\"a.example\",\"id\":\"id-a\",\"ip\":16777226,\"pid\":\"master@10.0.0.1:5050\","
  "\"port\":5050,\"version\":\"1.12.0\"}";
static const char json_b[] =
  "{\"address\":{\"hostname\":\"b.example\",\"ip\":\"10.0.0.2\",\"port\":5050},"
  "\"hostname\":\"b.example\",\"id\":\"id-b\",\"ip\":33554442,\"pid\":\"master@10.0.0.2:5050\","
  "\"port\":5050,\"version\":\"1.12.0\"}";

static gboolean
is_synced (gpointer data)
{
  return ms_leader_detector_get_synced (data);
}

static gboolean
has_error (gpointer data)
{
  return ms_leader_detector_get_error (data) != NULL;
}

typedef struct
{
  MsLeaderDetector      *detector;
  MsLeaderDetectorState  state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *wait = data;

  return ms_leader_detector_get_state (wait->detector) == wait->state;
}

static void
wait_for_state (MsLeaderDetector      *detector,
                MsLeaderDetectorState  state,
                guint                  timeout_ms)
{
  StateWait wait = { detector, state };

  if (!ms_test_wait_until (in_state, &wait, timeout_ms))
    g_error ("detector stayed %s, expected %s",
             ms_leader_detector_state_to_string (ms_leader_detector_get_state (detector)),
             ms_leader_detector_state_to_string (state));
}

typedef struct
{
  MsLeaderDetector *detector;
  const char       *id;
} LeaderWait;

static gboolean
leader_is (gpointer data)
{
  LeaderWait *wait = data;
  MsMasterInfo *leader = ms_leader_detector_get_leader (wait->detector);

  return leader != NULL && g_strcmp0 (ms_master_info_get_id (leader), wait->id) == 0;
}

static void
wait_for_leader (MsLeaderDetector *detector,
                 const char       *id,
                 guint             timeout_ms)
{
  LeaderWait wait = { detector, id };

  if (!ms_test_wait_until (leader_is, &wait, timeout_ms))
    {
      MsMasterInfo *leader = ms_leader_detector_get_leader (detector);

      g_error ("leader is %s, expected %s", leader ? ms_master_info_get_id (leader) : "none", id);
    }
}

static MsLeaderDetector *
start_detector_on (const char *servers,
                   const char *path,
                   const char *credentials,
                   int         session_timeout_ms)
{
  g_autofree char *text = NULL;
  g_autoptr(MsZkUrl) url = NULL;
  g_autoptr(GError) error = NULL;
  MsLeaderDetector *detector;

  if (credentials != NULL)
    text = g_strdup_printf ("zk://%s@%s%s", credentials, servers, path);
  else
    text = g_strdup_printf ("zk://%s%s", servers, path);

  url = ms_zk_url_parse (text, &error);
  g_assert_no_error (error);

  detector = ms_leader_detector_new (url, NULL);
  ms_leader_detector_set_session_timeout (detector, session_timeout_ms);
  ms_leader_detector_start (detector);

  return detector;
}

static MsLeaderDetector *
start_detector (const char *path,
                const char *credentials,
                int         session_timeout_ms)
{
  return start_detector_on (ms_test_zk_get_servers (zk), path, credentials, session_timeout_ms);
}

static char *
member_path (const char *path,
             const char *name)
{
  return g_strdup_printf ("%s/%s", path, name);
}

static GBytes *
encode_protobuf_info (void)
{
  /* id "id-p", ip 127.0.0.1 (16777343), port 5052, hostname "p.example" */
  static const guint8 bytes[] = {
    0x0a, 0x04, 'i', 'd', '-', 'p',
    0x10, 0xff, 0x80, 0x80, 0x08,
    0x18, 0xbc, 0x27,
    0x2a, 0x09, 'p', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e',
  };

  return g_bytes_new_static (bytes, sizeof bytes);
}

static void
test_new_destroy (void)
{
  g_autofree char *path = ms_test_unique_path ("new-destroy");
  MsLeaderDetector *detector = start_detector (path, NULL, 10000);

  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  g_assert_null (ms_leader_detector_get_leader (detector));
  /* The path does not exist: said clearly, not a crash. */
  g_assert_error ((GError *)ms_leader_detector_get_error (detector), MS_ERROR, MS_ERROR_ZK_NO_NODE);

  ms_leader_detector_stop (detector);
  g_assert_cmpint (ms_leader_detector_get_state (detector), ==, MS_LEADER_DETECTOR_STATE_STOPPED);
  g_assert_finalize_object (detector);
}

/* Mesos' rule: the lowest sequence as a number, whatever the label; names
 * without a sequence are not members; data is read by label.
 */
static void
test_leader_rule (void)
{
  g_autoptr(MsTestZkClient) client = ms_test_zk_client_new (zk, NULL);
  g_autofree char *path = ms_test_unique_path ("rule");
  g_autoptr(MsLeaderDetector) detector = NULL;
  g_autoptr(GBytes) pb = encode_protobuf_info ();
  g_autofree char *p10 = member_path (path, "json.info_0000000010");
  g_autofree char *p9 = member_path (path, "info_0000000009");
  g_autofree char *p5 = member_path (path, "0000000005");
  g_autofree char *p2 = member_path (path, "json.info_0000000002");
  g_autofree char *plog = member_path (path, "log_replicas");
  GListModel *candidates;
  static const gint64 order[] = { 2, 5, 9, 10 };

  g_assert_cmpint (ms_test_zk_client_create (client, path, "", 0, 0, FALSE, NULL), ==, ZOK);
  /* Created in an order where list order and string order both mislead. */
  g_assert_cmpint (ms_test_zk_client_create (client, p10, json_a, -1, 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, plog, NULL, -1, 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p9, g_bytes_get_data (pb, NULL),
                                             g_bytes_get_size (pb), 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p5, "master@127.0.0.1:5053", -1, 0,
                                             FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p2, json_b, -1, 0, FALSE, NULL), ==, ZOK);

  detector = start_detector (path, NULL, 10000);
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  g_assert_null (ms_leader_detector_get_error (detector));

  wait_for_leader (detector, "id-b", WAIT_MS);
  candidates = ms_leader_detector_get_candidates (detector);
  g_assert_cmpuint (g_list_model_get_n_items (candidates), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(MsCandidate) candidate = g_list_model_get_item (candidates, i);

      g_assert_cmpint (ms_candidate_get_sequence (candidate), ==, order[i]);
      g_assert_cmpint (ms_candidate_get_leading (candidate), ==, i == 0);
      g_assert_nonnull (ms_candidate_get_info (candidate));
    }
  g_assert_cmpstr (ms_candidate_get_name (ms_leader_detector_get_leading_candidate (detector)),
                   ==, "json.info_0000000002");

  /* The leader leaves: the unlabelled pid member (5) is next. */
  g_assert_cmpint (ms_test_zk_client_delete (client, p2), ==, ZOK);
  wait_for_leader (detector, "master@127.0.0.1:5053", WAIT_MS);
  g_assert_cmpint (ms_master_info_get_format (ms_leader_detector_get_leader (detector)), ==,
                   MS_MASTER_INFO_FORMAT_PID);

  /* Then the protobuf member (9). */
  g_assert_cmpint (ms_test_zk_client_delete (client, p5), ==, ZOK);
  wait_for_leader (detector, "id-p", WAIT_MS);
  g_assert_cmpstr (ms_master_info_get_hostname (ms_leader_detector_get_leader (detector)), ==,
                   "p.example");
  g_assert_cmpuint (ms_master_info_get_port (ms_leader_detector_get_leader (detector)), ==, 5052);

  /* The timeline tells the story, with a leader change per step. */
  {
    MsTimeline *timeline = ms_leader_detector_get_timeline (detector);
    guint elected = 0;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (timeline)); i++)
      {
        g_autoptr(MsTimelineEvent) event = g_list_model_get_item (G_LIST_MODEL (timeline), i);

        if (ms_timeline_event_get_kind (event) == MS_TIMELINE_EVENT_LEADER_ELECTED)
          elected++;
      }
    g_assert_cmpuint (elected, ==, 3);
  }
}

/* Malformed data is an error on that member only. */
static void
test_malformed_member (void)
{
  g_autoptr(MsTestZkClient) client = ms_test_zk_client_new (zk, NULL);
  g_autofree char *path = ms_test_unique_path ("malformed");
  g_autofree char *p1 = member_path (path, "json.info_0000000001");
  g_autofree char *p2 = member_path (path, "json.info_0000000002");
  g_autofree char *p3 = member_path (path, "json.info_0000000003");
  g_autoptr(MsLeaderDetector) detector = NULL;
  g_autoptr(MsCandidate) first = NULL;
  g_autoptr(MsCandidate) third = NULL;
  GListModel *candidates;

  g_assert_cmpint (ms_test_zk_client_create (client, path, "", 0, 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p1, "{\"id\": truncated", -1, 0, FALSE, NULL),
                   ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p2, json_a, -1, 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p3, "", 0, 0, FALSE, NULL), ==, ZOK);

  detector = start_detector (path, NULL, 10000);
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));

  /* The lowest member is unusable: no leader, a clear error, others listed. */
  g_assert_null (ms_leader_detector_get_leader (detector));
  g_assert_error ((GError *)ms_leader_detector_get_error (detector), MS_ERROR, MS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (ms_leader_detector_get_error (detector)->message, "json.info_0000000001"));
  candidates = ms_leader_detector_get_candidates (detector);
  g_assert_cmpuint (g_list_model_get_n_items (candidates), ==, 3);
  first = g_list_model_get_item (candidates, 0);
  g_assert_nonnull (ms_candidate_get_error (first));
  g_assert_null (ms_candidate_get_info (first));
  third = g_list_model_get_item (candidates, 2);
  g_assert_nonnull (ms_candidate_get_error (third));

  /* It goes: the next member leads and the error clears. */
  g_assert_cmpint (ms_test_zk_client_delete (client, p1), ==, ZOK);
  wait_for_leader (detector, "id-a", WAIT_MS);
  g_assert_null (ms_leader_detector_get_error (detector));
}

/* A path created after the detector started is picked up. */
static void
test_path_appears (void)
{
  g_autoptr(MsTestZkClient) client = ms_test_zk_client_new (zk, NULL);
  g_autofree char *path = ms_test_unique_path ("appears");
  g_autofree char *p1 = member_path (path, "json.info_0000000001");
  g_autoptr(MsLeaderDetector) detector = start_detector (path, NULL, 10000);

  g_assert_true (ms_test_wait_until (has_error, detector, WAIT_MS));
  g_assert_error ((GError *)ms_leader_detector_get_error (detector), MS_ERROR, MS_ERROR_ZK_NO_NODE);

  g_assert_cmpint (ms_test_zk_client_create (client, path, "", 0, 0, FALSE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p1, json_a, -1, 0, FALSE, NULL), ==, ZOK);
  wait_for_leader (detector, "id-a", WAIT_MS);
  g_assert_null (ms_leader_detector_get_error (detector));
}

typedef struct
{
  MsLeaderDetector *detector;
  GHashTable       *expected;
} SetWait;

static gboolean
candidates_match (gpointer data)
{
  SetWait *wait = data;
  GListModel *candidates = ms_leader_detector_get_candidates (wait->detector);
  guint n = g_list_model_get_n_items (candidates);

  if (!ms_leader_detector_get_synced (wait->detector) || n != g_hash_table_size (wait->expected))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsCandidate) candidate = g_list_model_get_item (candidates, i);

      if (!g_hash_table_contains (wait->expected, ms_candidate_get_name (candidate)) ||
          ms_candidate_get_info (candidate) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* Members come and go faster than the detector reads them, so some vanish
 * between the listing and the read: that is a normal transition, and the
 * detector ends up with exactly the members that exist.
 */
static void
test_churn (void)
{
  g_autoptr(MsTestZkClient) client = ms_test_zk_client_new (zk, NULL);
  g_autofree char *path = ms_test_unique_path ("churn");
  g_autofree char *prefix = member_path (path, "json.info_");
  g_autoptr(MsLeaderDetector) detector = NULL;
  g_autoptr(GHashTable) alive = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  SetWait wait;
  g_autofree char *lowest = NULL;

  g_assert_cmpint (ms_test_zk_client_create (client, path, "", 0, 0, FALSE, NULL), ==, ZOK);
  detector = start_detector (path, NULL, 10000);
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));

  for (guint i = 0; i < 60; i++)
    {
      char *full = NULL;

      g_assert_cmpint (ms_test_zk_client_create (client, prefix, i % 2 ? json_a : json_b, -1,
                                                 ZOO_EPHEMERAL | ZOO_SEQUENCE, FALSE, &full), ==, ZOK);
      g_ptr_array_add (created, full);
      /* Delete every third right away, and every fifth older one. */
      if (i % 3 == 0)
        g_assert_cmpint (ms_test_zk_client_delete (client, full), ==, ZOK);
      if (i % 5 == 0 && i >= 5)
        ms_test_zk_client_delete (client, g_ptr_array_index (created, i - 5));
    }

  for (guint i = 0; i < created->len; i++)
    {
      const char *full = g_ptr_array_index (created, i);

      if (ms_test_zk_client_exists (client, full) == ZOK)
        {
          g_hash_table_add (alive, g_strdup (strrchr (full, '/') + 1));
          if (lowest == NULL)
            lowest = g_strdup (strrchr (full, '/') + 1);
        }
    }

  wait.detector = detector;
  wait.expected = alive;
  g_assert_true (ms_test_wait_until (candidates_match, &wait, WAIT_MS));
  g_assert_nonnull (ms_leader_detector_get_leading_candidate (detector));
  g_assert_cmpstr (ms_candidate_get_name (ms_leader_detector_get_leading_candidate (detector)), ==,
                   lowest);
  g_assert_null (ms_leader_detector_get_error (detector));
}

static MsSimCluster *
start_sim_on (const char *servers,
              const char *path,
              const char *credentials,
              guint       n_masters,
              int         session_timeout_ms)
{
  g_autofree char *text = NULL;
  g_autoptr(MsZkUrl) url = NULL;
  g_autoptr(GError) error = NULL;
  MsSimOptions options;
  MsSimCluster *cluster;

  if (credentials != NULL)
    text = g_strdup_printf ("zk://%s@%s%s", credentials, servers, path);
  else
    text = g_strdup_printf ("zk://%s%s", servers, path);
  url = ms_zk_url_parse (text, &error);
  g_assert_no_error (error);

  ms_sim_options_init (&options);
  options.n_masters = n_masters;
  options.session_timeout_ms = session_timeout_ms;
  cluster = ms_test_sim_cluster_new (url, &options);
  g_assert_true (ms_sim_cluster_start (cluster, &error));
  g_assert_no_error (error);

  return cluster;
}

static MsSimCluster *
start_sim (const char *path,
           const char *credentials,
           guint       n_masters,
           int         session_timeout_ms)
{
  return start_sim_on (ms_test_zk_get_servers (zk), path, credentials, n_masters,
                       session_timeout_ms);
}

static gboolean
sim_ready (gpointer data)
{
  return ms_sim_cluster_get_ready (data);
}

static void
run_command (MsSimCluster *cluster,
             const char   *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = ms_sim_cluster_run_command (cluster, command, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
}

static const char *
master_id (MsSimCluster *cluster,
           guint         index)
{
  return ms_sim_master_get_id (ms_sim_cluster_get_master (cluster, index));
}

typedef struct
{
  guint changes;
} Counter;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              Counter    *counter)
{
  counter->changes++;
}

typedef struct
{
  MsSimCluster     *cluster;
  MsLeaderDetector *detector;
} SimWait;

static gboolean
sim_agrees (gpointer data)
{
  SimWait *wait = data;
  MsSimMaster *leader = ms_sim_cluster_get_leader (wait->cluster);
  MsMasterInfo *seen = ms_leader_detector_get_leader (wait->detector);

  return leader != NULL && seen != NULL &&
         ms_sim_master_get_state (leader) == MS_SIM_MASTER_RUNNING &&
         g_strcmp0 (ms_sim_master_get_id (leader), ms_master_info_get_id (seen)) == 0;
}

/* The simulator's masters: clean exit and crash of the leader. */
static void
test_sim_failover (void)
{
  g_autofree char *path = ms_test_unique_path ("sim");
  g_autoptr(MsSimCluster) cluster = start_sim (path, NULL, 3, 1000);
  g_autoptr(MsLeaderDetector) detector = NULL;
  g_autofree char *id2 = NULL;
  gint64 crashed_at;
  gint64 before;

  g_assert_true (ms_test_wait_until (sim_ready, cluster, WAIT_MS));

  detector = start_detector (path, NULL, 10000);
  wait_for_leader (detector, master_id (cluster, 1), WAIT_MS);
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (ms_leader_detector_get_candidates (detector)), ==, 3);

  /* Clean exit: the member goes at once, the successor leads. */
  before = ms_leader_detector_get_leader_changed_at (detector);
  run_command (cluster, "kill 1");
  wait_for_leader (detector, master_id (cluster, 2), 5000);
  g_assert_cmpint (ms_leader_detector_get_leader_changed_at (detector), >, before);
  g_test_message ("clean failover noticed %.1f ms after the kill command",
                  (ms_leader_detector_get_leader_changed_at (detector) - before) / 1000.0);

  /* Crash: the member lingers until the master's session (1 s) expires. */
  id2 = g_strdup (master_id (cluster, 2));
  run_command (cluster, "crash 2");
  crashed_at = g_get_monotonic_time ();
  ms_test_sleep (300);
  g_assert_cmpstr (ms_master_info_get_id (ms_leader_detector_get_leader (detector)), ==, id2);
  wait_for_leader (detector, master_id (cluster, 3), 10000);
  /* Never before the server expired the crashed session. */
  g_assert_cmpint (g_get_monotonic_time () - crashed_at, >=, 800 * 1000);

  /* The crashed master restarts with a new id and a higher sequence. */
  run_command (cluster, "restart 2");
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  {
    g_autoptr(GError) error = NULL;
    ms_test_sleep (200);
    g_assert_cmpuint (g_list_model_get_n_items (ms_leader_detector_get_candidates (detector)),
                      ==, 2);
    g_assert_cmpstr (ms_master_info_get_id (ms_leader_detector_get_leader (detector)), ==,
                     master_id (cluster, 3));
    g_assert_no_error (error);
  }
}

/* The ZooKeeper server restarts within the session timeout: the session
 * survives, the state goes suspended and back, and the leader never changes
 * (neither to none nor to a wrong one).
 */
static void
test_zk_restart (void)
{
  g_autofree char *path = ms_test_unique_path ("restart");
  /* Long sessions: a server restart on a loaded 2-core machine can take
   * seconds, and this test is about a restart within the session timeout.
   */
  g_autoptr(MsSimCluster) cluster = start_sim (path, NULL, 2, 30000);
  g_autoptr(MsLeaderDetector) detector = NULL;
  Counter leader_changes = { 0 };
  MsTimeline *timeline;
  gint64 stopped_at;

  g_assert_true (ms_test_wait_until (sim_ready, cluster, WAIT_MS));
  detector = start_detector (path, NULL, 30000);
  wait_for_leader (detector, master_id (cluster, 1), WAIT_MS);
  g_signal_connect (detector, "notify::leader", G_CALLBACK (count_notify), &leader_changes);

  ms_test_zk_stop (zk);
  stopped_at = g_get_monotonic_time ();
  wait_for_state (detector, MS_LEADER_DETECTOR_STATE_SUSPENDED, 8000);
  g_assert_nonnull (ms_leader_detector_get_leader (detector));
  g_assert_false (ms_leader_detector_get_synced (detector));

  ms_test_zk_restart (zk);
  g_test_message ("ZooKeeper was down for %.1f s", (g_get_monotonic_time () - stopped_at) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, 25 * G_USEC_PER_SEC);
  wait_for_state (detector, MS_LEADER_DETECTOR_STATE_CONNECTED, WAIT_MS);
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  g_assert_cmpstr (ms_master_info_get_id (ms_leader_detector_get_leader (detector)), ==,
                   master_id (cluster, 1));
  g_assert_cmpuint (leader_changes.changes, ==, 0);

  timeline = ms_leader_detector_get_timeline (detector);
  g_assert_nonnull (ms_timeline_get_last (timeline, MS_TIMELINE_EVENT_ZK_DISCONNECTED));
  g_assert_null (ms_timeline_get_last (timeline, MS_TIMELINE_EVENT_ZK_EXPIRED));
}

/* ZooKeeper is down for longer than the session timeout: the session is
 * expired locally, the leader is no longer shown, and a fresh session
 * follows once a server answers.
 */
static void
test_zk_down_expiry (void)
{
  g_autofree char *path = ms_test_unique_path ("expiry");
  g_autoptr(MsSimCluster) cluster = start_sim (path, NULL, 2, 1000);
  g_autoptr(MsLeaderDetector) detector = NULL;
  gint64 stopped_at;

  g_assert_true (ms_test_wait_until (sim_ready, cluster, WAIT_MS));
  detector = start_detector (path, NULL, 1000);
  wait_for_leader (detector, master_id (cluster, 1), WAIT_MS);

  ms_test_zk_stop (zk);
  stopped_at = g_get_monotonic_time ();
  wait_for_state (detector, MS_LEADER_DETECTOR_STATE_EXPIRED, 10000);
  g_assert_null (ms_leader_detector_get_leader (detector));
  g_assert_cmpuint (g_list_model_get_n_items (ms_leader_detector_get_candidates (detector)), ==, 0);
  g_assert_nonnull (ms_timeline_get_last (ms_leader_detector_get_timeline (detector),
                                          MS_TIMELINE_EVENT_ZK_EXPIRED));
  g_assert_nonnull (ms_timeline_get_last (ms_leader_detector_get_timeline (detector),
                                          MS_TIMELINE_EVENT_LEADER_LOST));
  /* Not before the session timeout could have passed. */
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, >=, 600 * 1000);

  {
    gint64 restarted_at;

    ms_test_zk_restart (zk);
    restarted_at = g_get_monotonic_time ();
    wait_for_state (detector, MS_LEADER_DETECTOR_STATE_CONNECTED, WAIT_MS);
    g_test_message ("ZooKeeper back after the session expired: a new session %.0f ms later",
                    (g_get_monotonic_time () - restarted_at) / 1e3);
  }

  /* Restarted masters (new ids, new members) show up in the new session,
   * and the detector agrees with the masters' own view of who leads.
   */
  run_command (cluster, "restart 1");
  run_command (cluster, "restart 2");
  g_assert_true (ms_test_wait_until (sim_agrees, &(SimWait) { cluster, detector }, WAIT_MS));
}

static void
test_digest_auth (void)
{
  g_autoptr(MsTestZkClient) client = ms_test_zk_client_new (zk, "alice:secret");
  g_autofree char *path = ms_test_unique_path ("secure");
  g_autofree char *p1 = member_path (path, "json.info_0000000001");
  g_autoptr(MsLeaderDetector) with = NULL;
  g_autoptr(MsLeaderDetector) without = NULL;
  g_autoptr(MsLeaderDetector) wrong = NULL;
  const GError *error;

  /* An operator locked the group down: only alice may read it. */
  g_assert_cmpint (ms_test_zk_client_create (client, path, "", 0, 0, TRUE, NULL), ==, ZOK);
  g_assert_cmpint (ms_test_zk_client_create (client, p1, json_a, -1, 0, TRUE, NULL), ==, ZOK);

  with = start_detector (path, "alice:secret", 10000);
  wait_for_leader (with, "id-a", WAIT_MS);

  without = start_detector (path, NULL, 10000);
  g_assert_true (ms_test_wait_until (has_error, without, WAIT_MS));
  error = ms_leader_detector_get_error (without);
  g_assert_error ((GError *)error, MS_ERROR, MS_ERROR_ZK_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "credentials"));
  g_assert_null (ms_leader_detector_get_leader (without));

  wrong = start_detector (path, "bob:guess", 10000);
  g_assert_true (ms_test_wait_until (has_error, wrong, WAIT_MS));
  error = ms_leader_detector_get_error (wrong);
  g_assert_error ((GError *)error, MS_ERROR, MS_ERROR_ZK_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "bob"));
  /* The password is never shown. */
  g_assert_null (strstr (error->message, "guess"));
}

/* Masters started with credentials create world-readable members, as Mesos
 * does: a monitor needs no credentials to read them.
 */
static void
test_sim_with_credentials (void)
{
  g_autofree char *path = ms_test_unique_path ("sim-auth");
  g_autoptr(MsSimCluster) cluster = start_sim (path, "mesos:pw", 2, 10000);
  g_autoptr(MsLeaderDetector) anonymous = NULL;
  g_autoptr(MsTestZkClient) client = ms_test_zk_client_new (zk, NULL);
  g_autofree char *member = NULL;

  g_assert_true (ms_test_wait_until (sim_ready, cluster, WAIT_MS));
  anonymous = start_detector (path, NULL, 10000);
  wait_for_leader (anonymous, master_id (cluster, 1), WAIT_MS);

  /* But only the creator may write: an anonymous client cannot delete it. */
  member = member_path (path, ms_sim_master_get_member (ms_sim_cluster_get_master (cluster, 1)));
  g_assert_cmpint (ms_test_zk_client_delete (client, member), ==, ZNOAUTH);
}

typedef struct
{
  MsLeaderDetector *detector;
  gint64            since;
} ReconnectWait;

static gboolean
reconnected_since (gpointer data)
{
  ReconnectWait *wait = data;
  MsTimelineEvent *event = ms_timeline_get_last (ms_leader_detector_get_timeline (wait->detector),
                                                 MS_TIMELINE_EVENT_ZK_CONNECTED);

  return event != NULL && ms_timeline_event_get_monotonic_time (event) > wait->since &&
         ms_leader_detector_get_state (wait->detector) == MS_LEADER_DETECTOR_STATE_CONNECTED;
}

/* A 3-member ZooKeeper ensemble on loopback: first a member the detector
 * does not talk to dies (and comes back), then the one it talks to. The
 * session survives both (it moves to another member), the leader shown
 * never changes or disappears, it always equals the simulator's own, and a
 * later failover still reaches the detector through the remaining quorum.
 */
static gboolean
master_zk_connected (gpointer data)
{
  return ms_sim_master_get_zk_connected (data);
}

static void
test_ensemble_member_loss (void)
{
  g_autoptr(MsTestZkEnsemble) ensemble = ms_test_zk_ensemble_start (3);
  const char *servers = ms_test_zk_ensemble_get_servers (ensemble);
  g_autofree char *path = ms_test_unique_path ("ensemble");
  g_autoptr(MsSimCluster) cluster = start_sim_on (servers, path, NULL, 2, 8000);
  g_autoptr(MsLeaderDetector) detector = NULL;
  g_autofree char *first_server = NULL;
  g_autofree char *second_server = NULL;
  MsTimeline *timeline;
  Counter leader_changes = { 0 };
  SimWait agree;
  ReconnectWait reconnect;
  int ours, other;
  gint64 killed_at;

  g_assert_true (ms_test_wait_until (sim_ready, cluster, WAIT_MS));
  detector = start_detector_on (servers, path, NULL, 8000);
  agree = (SimWait) { cluster, detector };
  g_assert_true (ms_test_wait_until (sim_agrees, &agree, WAIT_MS));
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  g_signal_connect (detector, "notify::leader", G_CALLBACK (count_notify), &leader_changes);
  timeline = ms_leader_detector_get_timeline (detector);

  first_server = ms_leader_detector_dup_zk_server (detector);
  ours = ms_test_zk_ensemble_find_member (ensemble, first_server);
  g_assert_cmpint (ours, >=, 0);
  other = (ours + 1) % 3;

  /* 1. Another member dies. If it led the ensemble, the others elect a new
   * leader and drop their clients meanwhile: the detector may reconnect,
   * but keeps its session and its leader.
   */
  killed_at = g_get_monotonic_time ();
  ms_test_zk_stop (ms_test_zk_ensemble_get_member (ensemble, other));
  ms_test_sleep (1500);
  wait_for_state (detector, MS_LEADER_DETECTOR_STATE_CONNECTED, 8000);
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  g_assert_true (sim_agrees (&agree));
  {
    MsTimelineEvent *lost = ms_timeline_get_last (timeline, MS_TIMELINE_EVENT_ZK_DISCONNECTED);

    g_test_message ("member %d (not ours) killed: %s", other,
                    lost && ms_timeline_event_get_monotonic_time (lost) > killed_at
                      ? "our member dropped us during the election; session kept"
                      : "no effect on our session");
  }
  ms_test_zk_restart (ms_test_zk_ensemble_get_member (ensemble, other));

  /* 2. The member we talk to dies: the client moves to another member
   * within the session timeout, and the session is the same.
   */
  killed_at = g_get_monotonic_time ();
  ms_test_zk_stop (ms_test_zk_ensemble_get_member (ensemble, ours));
  reconnect = (ReconnectWait) { detector, killed_at };
  g_assert_true (ms_test_wait_until (reconnected_since, &reconnect, 8000));
  g_test_message ("member %d (ours) killed: session moved %.0f ms later", ours,
                  (g_get_monotonic_time () - killed_at) / 1e3);
  second_server = ms_leader_detector_dup_zk_server (detector);
  g_assert_nonnull (second_server);
  g_assert_cmpstr (second_server, !=, first_server);
  g_assert_true (ms_test_wait_until (is_synced, detector, WAIT_MS));
  g_assert_true (sim_agrees (&agree));
  g_assert_cmpuint (g_list_model_get_n_items (ms_leader_detector_get_candidates (detector)), ==, 2);
  g_assert_cmpuint (leader_changes.changes, ==, 0);
  g_assert_null (ms_timeline_get_last (timeline, MS_TIMELINE_EVENT_ZK_EXPIRED));
  g_assert_nonnull (ms_timeline_get_last (timeline, MS_TIMELINE_EVENT_ZK_DISCONNECTED));

  /* 3. A failover still reaches us through the two members left, at once.
   * Master 1's own client may have been on the dead member too: a master
   * stopped while its client looks for another server cannot close its
   * session, and its member would go only when the session expires (8 s),
   * so it stops once it is connected again.
   */
  g_assert_true (ms_test_wait_until (master_zk_connected, ms_sim_cluster_get_master (cluster, 1),
                                     WAIT_MS));
  killed_at = g_get_monotonic_time ();
  run_command (cluster, "kill 1");
  wait_for_leader (detector, master_id (cluster, 2), 3000);
  g_test_message ("leader killed: new leader seen %.0f ms later",
                  (g_get_monotonic_time () - killed_at) / 1e3);
  g_assert_true (ms_test_wait_until (sim_agrees, &agree, WAIT_MS));
}

static void
test_no_server (void)
{
  g_autoptr(MsZkUrl) url = ms_zk_url_parse ("zk://127.0.0.1:1/mesos", NULL);
  g_autoptr(MsLeaderDetector) detector = ms_leader_detector_new (url, NULL);

  ms_leader_detector_set_session_timeout (detector, 500);
  ms_leader_detector_start (detector);
  g_assert_true (ms_test_wait_until (has_error, detector, WAIT_MS));
  g_assert_error ((GError *)ms_leader_detector_get_error (detector), MS_ERROR, MS_ERROR_TIMED_OUT);
  g_assert_cmpint (ms_leader_detector_get_state (detector), ==,
                   MS_LEADER_DETECTOR_STATE_CONNECTING);
  g_assert_null (ms_leader_detector_get_leader (detector));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  zk = ms_test_zk_start ();

  g_test_add_func ("/ms/leader-detector/new-destroy", test_new_destroy);
  g_test_add_func ("/ms/leader-detector/leader-rule", test_leader_rule);
  g_test_add_func ("/ms/leader-detector/malformed-member", test_malformed_member);
  g_test_add_func ("/ms/leader-detector/path-appears", test_path_appears);
  g_test_add_func ("/ms/leader-detector/churn", test_churn);
  g_test_add_func ("/ms/leader-detector/no-server", test_no_server);
  g_test_add_func ("/ms/leader-detector/digest-auth", test_digest_auth);
  g_test_add_func ("/ms/leader-detector/sim-with-credentials", test_sim_with_credentials);
  g_test_add_func ("/ms/leader-detector/sim-failover", test_sim_failover);
  g_test_add_func ("/ms/leader-detector/zk-restart", test_zk_restart);
  g_test_add_func ("/ms/leader-detector/zk-down-expiry", test_zk_down_expiry);
  g_test_add_func ("/ms/leader-detector/ensemble-member-loss", test_ensemble_member_loss);

  ret = g_test_run ();

  ms_test_zk_free (zk);

  return ret;
}
