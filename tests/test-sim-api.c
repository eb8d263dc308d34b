/* test-sim-api.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* mesoscope-sim must answer as a Mesos 1.x master does (src/master/http.cpp,
 * Master::Http::api): these are the answers clients get wrong against.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ms-recordio.h"
#include "ms-cluster.h"
#include "ms-sim-cluster.h"
#include "ms-sim-world.h"
#include "ms-state-parser.h"
#include "ms-test-zk.h"
#include "ms-zk-url.h"

static MsTestZk *zk;
static MsSimCluster *sim;
static SoupSession *session;
/* Who asks, as "principal:secret" (HTTP basic), or nobody. */
static const char *basic_auth;

static gboolean
sim_ready (gpointer data)
{
  return ms_sim_cluster_get_ready (data);
}

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  gboolean     done;
} Exchange;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *x = user_data;

  x->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  x->done = TRUE;
}

static gboolean
done (gpointer data)
{
  return ((Exchange *)data)->done;
}

/* Sends a request and returns the status; body and headers stay in @x. */
static guint
exchange (Exchange   *x,
          MsSimMaster *master,
          const char *method,
          const char *content_type,
          const char *accept,
          const char *body)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", ms_sim_master_get_port (master));

  memset (x, 0, sizeof *x);
  x->msg = soup_message_new (method, url);
  soup_message_add_flags (x->msg, SOUP_MESSAGE_NO_REDIRECT);
  if (accept != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (x->msg), "Accept", accept);
  if (basic_auth != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *)basic_auth, strlen (basic_auth));
      g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (x->msg), "Authorization", header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (x->msg, content_type, bytes);
    }
  soup_session_send_and_read_async (session, x->msg, G_PRIORITY_DEFAULT, NULL, on_done, x);
  g_assert_true (ms_test_wait_until (done, x, 20000));

  return soup_message_get_status (x->msg);
}

static void
exchange_clear (Exchange *x)
{
  g_clear_object (&x->msg);
  g_clear_pointer (&x->body, g_bytes_unref);
}

static MsSimMaster *
leader (void)
{
  return ms_sim_cluster_get_leader (sim);
}

static MsSimMaster *
follower (void)
{
  for (guint i = 1; i <= ms_sim_cluster_get_n_masters (sim); i++)
    if (ms_sim_cluster_get_master (sim, i) != leader ())
      return ms_sim_cluster_get_master (sim, i);
  g_assert_not_reached ();
}

static void
test_status_codes (void)
{
  static const struct {
    const char *method;
    const char *content_type;
    const char *accept;
    const char *body;
    guint       status;
  } cases[] = {
    { "POST", "application/json", "application/json", "{\"type\":\"GET_HEALTH\"}", 200 },
    { "POST", "application/json", NULL, "{\"type\":\"GET_HEALTH\"}", 200 },
    { "POST", "application/json", "*/*", "{\"type\":\"GET_HEALTH\"}", 200 },
    { "POST", "application/json", "application/*;q=0.9", "{\"type\":\"GET_HEALTH\"}", 200 },
    /* A parameter is refused: Mesos compares the whole string. */
    { "POST", "application/json; charset=utf-8", "application/json", "{\"type\":\"GET_HEALTH\"}", 415 },
    { "POST", "text/plain", "application/json", "{\"type\":\"GET_HEALTH\"}", 415 },
    /* The operator API has no application/recordio. */
    { "POST", "application/json", "application/recordio", "{\"type\":\"SUBSCRIBE\"}", 406 },
    { "POST", "application/json", "text/html", "{\"type\":\"GET_HEALTH\"}", 406 },
    { "GET", NULL, NULL, NULL, 405 },
    { "POST", "application/json", NULL, "{\"type\":\"NO_SUCH_CALL\"}", 400 },
    { "POST", "application/json", NULL, "{\"no_type\":1}", 400 },
    { "POST", "application/json", NULL, "not json", 400 },
    { "POST", "application/json", NULL, "{\"type\":\"UNKNOWN\"}", 501 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Exchange x;
      guint status = exchange (&x, leader (), cases[i].method, cases[i].content_type,
                               cases[i].accept, cases[i].body);

      g_test_message ("%s %s / %s → %u", cases[i].method, cases[i].content_type,
                      cases[i].accept, status);
      g_assert_cmpuint (status, ==, cases[i].status);
      if (status == 200)
        g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (x.msg),
                                                                NULL), ==, "application/json");
      exchange_clear (&x);
    }
}

/* A non-leader sends the same call to the leader, scheme-less. */
static void
test_follower_redirects (void)
{
  Exchange x;
  g_autofree char *expected = g_strdup_printf ("//localhost:%u/api/v1", ms_sim_master_get_port (leader ()));

  g_assert_cmpuint (exchange (&x, follower (), "POST", "application/json", "application/json",
                              "{\"type\":\"GET_STATE\"}"), ==, 307);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (x.msg), "Location"),
                   ==, expected);
  exchange_clear (&x);
}

/* GET_STATE parses strictly and holds the workload. */
static void
test_get_state (void)
{
  Exchange x;
  g_autoptr(MsStateParser) state = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (exchange (&x, leader (), "POST", "application/json", "application/json",
                              "{\"type\":\"GET_STATE\"}"), ==, 200);
  state = ms_state_parser_parse (g_bytes_get_data (x.body, NULL), g_bytes_get_size (x.body), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_state_parser_get_type_name (state), ==, "GET_STATE");
  g_assert_cmpuint (ms_state_parser_get_agents (state)->len, ==, 8);
  g_assert_cmpuint (ms_state_parser_get_frameworks (state)->len, ==, 2);
  g_assert_cmpuint (ms_state_parser_get_tasks (state)->len, ==, 40);
  g_assert_cmpuint (ms_state_parser_get_n_invalid (state), ==, 0);
  exchange_clear (&x);
}

typedef struct
{
  GPtrArray *records;
} Records;

static gboolean
collect (const guint8  *data,
         gsize          len,
         gpointer       user_data,
         GError       **error)
{
  Records *r = user_data;

  g_ptr_array_add (r->records, g_strndup ((const char *)data, len));
  return TRUE;
}

typedef struct
{
  GInputStream      *stream;
  MsRecordioDecoder *decoder;
  Records           *records;
  gboolean           reading;
} StreamRead;

static void
on_stream_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  StreamRead *s = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  s->reading = FALSE;
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    g_assert_true (ms_recordio_decoder_feed (s->decoder, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), NULL));
}

static gboolean
has_records (gpointer data)
{
  StreamRead *s = data;

  if (!s->reading && s->records->records->len < 3)
    {
      s->reading = TRUE;
      g_input_stream_read_bytes_async (s->stream, 65536, G_PRIORITY_DEFAULT, NULL, on_stream_read, s);
    }

  return s->records->records->len >= 3 && !s->reading;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GInputStream **stream = user_data;

  *stream = soup_session_send_finish (SOUP_SESSION (object), result, NULL);
}

static gboolean
stream_open (gpointer data)
{
  return *(GInputStream **)data != NULL;
}

/* SUBSCRIBE: 200, application/json, chunked RecordIO: SUBSCRIBED first with
 * heartbeat_interval_seconds, a HEARTBEAT at once, then HEARTBEATs.
 */
static void
test_subscribe_stream (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", ms_sim_master_get_port (leader ()));
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"type\":\"SUBSCRIBE\"}", 20);
  g_autoptr(GInputStream) stream = NULL;
  static const MsRecordioCallbacks callbacks = { collect };
  Records records = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(MsRecordioDecoder) decoder = ms_recordio_decoder_new (&callbacks, &records);
  StreamRead s = { NULL, decoder, &records, FALSE };
  SoupMessageHeaders *headers;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &stream);
  g_assert_true (ms_test_wait_until (stream_open, &stream, 20000));

  headers = soup_message_get_response_headers (msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, SOUP_ENCODING_CHUNKED);
  g_assert_null (soup_message_headers_get_one (headers, "Mesos-Stream-Id"));

  s.stream = stream;
  g_assert_true (ms_test_wait_until (has_records, &s, 20000));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (records.records, 0),
                                   "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":"));
  g_assert_nonnull (strstr (g_ptr_array_index (records.records, 0), "\"heartbeat_interval_seconds\":"));
  /* Exactly the bytes Mesos sends. */
  g_assert_cmpstr (g_ptr_array_index (records.records, 1), ==, "{\"type\":\"HEARTBEAT\"}");
  g_assert_cmpstr (g_ptr_array_index (records.records, 2), ==, "{\"type\":\"HEARTBEAT\"}");

  g_input_stream_close (stream, NULL, NULL);
  g_ptr_array_unref (records.records);
}

typedef struct
{
  MsCluster *cluster;
  guint      n_unreachable;       /* TASK_UPDATED to TASK_UNREACHABLE */
  guint      n_framework_removed;
} WorldStream;

static void
on_world_event (MsSimWorld  *world,
                const char  *record,
                WorldStream *stream)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_cluster_apply_record (stream->cluster, record, strlen (record), &error));
  g_assert_no_error (error);
  stream->n_unreachable += strstr (record, "\"state\":\"TASK_UNREACHABLE\"}}") != NULL;
  stream->n_framework_removed += g_str_has_prefix (record, "{\"type\":\"FRAMEWORK_REMOVED\"");
}

static MsStateParser *
world_answer (MsSimWorld *world,
              const char *call)
{
  g_autofree char *json = ms_sim_world_dup_state_json (world, call);
  g_autoptr(GError) error = NULL;
  MsStateParser *answer = ms_state_parser_parse (json, strlen (json), &error);

  g_assert_no_error (error);

  return answer;
}

/* The simulated world's stream, applied from its snapshot on, keeps the
 * model its GET_STATE answers, through a busy cluster's changes: agents
 * going unreachable and coming back (their tasks with them), frameworks
 * torn down (their tasks killed), tasks launched, running and ending, and
 * what the master forgets without an event (completed tasks past 1000 a
 * framework, removed frameworks past 50). What changes silently (an agent
 * unreachable, a framework disconnected) is set right by GET_AGENTS and
 * GET_FRAMEWORKS, as the operator client's drift check does.
 */
static void
test_world_stream_matches_state (void)
{
  static const char * const states[] = {
    "TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_UNREACHABLE", "TASK_FINISHED",
    "TASK_FAILED", "TASK_KILLED",
  };

  for (guint32 seed = 1; seed <= 3; seed++)
    {
      /* Small limits, reached often: 30 completed tasks a framework, 10
       * removed frameworks. */
      MsSimWorkload workload = { 30, 6, 400, 0, seed, 2, 30, 10 };
      g_autoptr(MsSimWorld) world = ms_sim_world_new (&workload);
      g_autoptr(MsCluster) cluster = ms_cluster_new ();
      WorldStream stream = { cluster };
      g_autofree char *state = ms_sim_world_dup_state_json (world, "SUBSCRIBED");
      g_autofree char *subscribed = g_strdup_printf ("{\"type\":\"SUBSCRIBED\",\"subscribed\":"
                                                     "{\"get_state\":%s,"
                                                     "\"heartbeat_interval_seconds\":15}}", state);
      g_autoptr(MsCluster) master = ms_cluster_new ();
      MsResources used, master_used, total;
      g_autoptr(MsStateParser) agents = NULL;
      g_autoptr(MsStateParser) frameworks = NULL;
      g_autoptr(MsStateParser) answer = NULL;
      g_autoptr(GPtrArray) diffs = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (ms_cluster_apply_record (cluster, subscribed, strlen (subscribed), &error));
      g_assert_no_error (error);
      /* As the operator client does after asking GET_FLAGS. */
      ms_cluster_set_completed_limits (cluster, 30, 10);
      g_signal_connect (world, "event", G_CALLBACK (on_world_event), &stream);
      ms_sim_world_step (world, 80000);
      g_test_message ("seed %u: %" G_GUINT64_FORMAT " events, %u to TASK_UNREACHABLE, "
                      "%u FRAMEWORK_REMOVED, %u tasks", seed, ms_sim_world_get_n_events (world),
                      stream.n_unreachable, stream.n_framework_removed,
                      g_list_model_get_n_items (ms_cluster_get_tasks (cluster)));
      /* What the stream went through, not only launches and ends. */
      g_assert_cmpuint (stream.n_unreachable, >, 100);
      g_assert_cmpuint (stream.n_framework_removed, >, 10);

      agents = world_answer (world, "GET_AGENTS");
      ms_cluster_refresh_agents (cluster, agents);
      frameworks = world_answer (world, "GET_FRAMEWORKS");
      ms_cluster_refresh_frameworks (cluster, frameworks);
      answer = world_answer (world, "GET_STATE");
      diffs = ms_cluster_diff (cluster, answer);
      for (guint i = 0; i < diffs->len; i++)
        g_test_message ("seed %u: %s", seed, (char *)g_ptr_array_index (diffs, i));
      g_assert_cmpuint (diffs->len, ==, 0);

      /* The limit was reached, and held. */
      g_assert_cmpuint (ms_test_most_completed (cluster), ==, 30);

      /* What the model counts as it goes equals a count made afresh. */
      ms_cluster_apply_snapshot (master, answer);
      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        g_assert_cmpuint (ms_cluster_count_tasks (cluster, states[i]), ==,
                          ms_cluster_count_tasks (master, states[i]));
      ms_cluster_get_resources (cluster, &total, &used);
      ms_cluster_get_resources (master, &total, &master_used);
      g_assert_cmpfloat_with_epsilon (used.cpus, master_used.cpus, 1e-6);
      g_assert_cmpfloat_with_epsilon (used.mem, master_used.mem, 1e-3);
    }
}

/* Only the principal "ops" may view the flags. */
#define OPS_ONLY "{\"view_flags\": [{\"principals\": {\"values\": [\"ops\"]}, \"flags\": {\"type\": \"ANY\"}}," \
                 " {\"principals\": {\"type\": \"ANY\"}, \"flags\": {\"type\": \"NONE\"}}]}"

/* Mesos' local authorizer, for view_flags: the first ACL whose subject
 * and object match decides; without one, "permissive". A request without
 * a principal is subject ANY. */
static void
test_acls (void)
{
  static const struct {
    const char *json;
    const char *principal;
    gboolean    allowed;
  } cases[] = {
    { "{}", NULL, TRUE },
    { "{\"permissive\": true}", "ops", TRUE },
    { "{\"view_flags\": [{\"principals\": {\"type\": \"ANY\"}, \"flags\": {\"type\": \"NONE\"}}]}", NULL, FALSE },
    { "{\"view_flags\": [{\"principals\": {\"type\": \"ANY\"}, \"flags\": {\"type\": \"NONE\"}}]}", "ops", FALSE },
    { OPS_ONLY, "ops", TRUE },
    { OPS_ONLY, "dev", FALSE },
    { OPS_ONLY, NULL, FALSE },
    /* A rule for others only: unauthenticated requests fall through. */
    { "{\"view_flags\": [{\"principals\": {\"values\": [\"ops\"]}, \"flags\": {\"type\": \"NONE\"}}]}", NULL, TRUE },
    /* NONE as subject: matches every principal, allows none. */
    { "{\"view_flags\": [{\"principals\": {\"type\": \"NONE\"}, \"flags\": {\"type\": \"ANY\"}}]}", "ops", FALSE },
  };
  static const char * const bad[] = {
    "[]",
    "{\"view_flags\": {}}",
    "{\"permissive\": \"no\"}",
    "{\"view_flags\": [{\"principals\": {\"type\": \"ANY\"}}]}",
    "{\"view_flags\": [{\"principals\": {\"type\": \"SOMEONE\"}, \"flags\": {\"type\": \"ANY\"}}]}",
    "{\"view_flags\": [{\"principals\": {\"values\": [1]}, \"flags\": {\"type\": \"ANY\"}}]}",
    "{\"register_frameworks\": []}",
    "{\"permissive\": false}",
    "{\"view_flags\": [{\"principals\": {\"type\": 1}, \"flags\": {\"type\": \"ANY\"}}]}",
    "{\"view_flags\": [{\"principals\": {\"type\": {}}, \"flags\": {\"type\": \"ANY\"}}]}",
    "{\"view_flags\": [{\"principals\": {\"type\": \"ANY\"}, \"flags\": {\"values\": [\"a\"]}}]}",
    "{",
  };

  g_assert_true (ms_sim_acls_allows_view_flags (NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsSimAcls) acls = ms_sim_acls_new_from_json (cases[i].json, &error);

      g_assert_no_error (error);
      g_test_message ("%s as %s", cases[i].json, cases[i].principal);
      g_assert_true (ms_sim_acls_allows_view_flags (acls, cases[i].principal) == cases[i].allowed);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsSimAcls) acls = ms_sim_acls_new_from_json (bad[i], &error);

      g_assert_null (acls);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", bad[i], error->message);
    }
}

/* GET_FLAGS as a Mesos master with --http_credentials and --acls answers
 * it: the flags for a principal allowed to view them, 403 and no body for
 * another, 401 for nobody. */
static void
test_flags_acls (void)
{
  g_autofree char *text = ms_test_zk_url (zk, "/sim-api-acls");
  g_autoptr(MsZkUrl) url = ms_zk_url_parse (text, NULL);
  g_autoptr(GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSimAcls) acls = ms_sim_acls_new_from_json (OPS_ONLY, &error);
  g_autoptr(MsSimCluster) guarded = NULL;
  MsSimOptions options;
  Exchange x;

  g_assert_no_error (error);
  g_hash_table_insert (credentials, (gpointer)"ops", (gpointer)"ops-secret");
  g_hash_table_insert (credentials, (gpointer)"dev", (gpointer)"dev-secret");
  ms_sim_options_init (&options);
  options.n_masters = 1;
  options.credentials = credentials;
  options.acls = acls;
  guarded = ms_test_sim_cluster_new (url, &options);
  g_assert_true (ms_sim_cluster_start (guarded, &error));
  g_assert_true (ms_test_wait_until (sim_ready, guarded, 20000));

  basic_auth = "ops:ops-secret";
  g_assert_cmpuint (exchange (&x, ms_sim_cluster_get_leader (guarded), "POST", "application/json", NULL,
                              "{\"type\":\"GET_FLAGS\"}"), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (x.body, NULL), g_bytes_get_size (x.body),
                                  "max_completed_tasks_per_framework"));
  exchange_clear (&x);

  basic_auth = "dev:dev-secret";
  g_assert_cmpuint (exchange (&x, ms_sim_cluster_get_leader (guarded), "POST", "application/json", NULL,
                              "{\"type\":\"GET_FLAGS\"}"), ==, 403);
  g_assert_cmpuint (g_bytes_get_size (x.body), ==, 0);
  exchange_clear (&x);
  /* Other calls are not guarded. */
  g_assert_cmpuint (exchange (&x, ms_sim_cluster_get_leader (guarded), "POST", "application/json", NULL,
                              "{\"type\":\"GET_HEALTH\"}"), ==, 200);
  exchange_clear (&x);

  basic_auth = NULL;
  g_assert_cmpuint (exchange (&x, ms_sim_cluster_get_leader (guarded), "POST", "application/json", NULL,
                              "{\"type\":\"GET_FLAGS\"}"), ==, 401);
  exchange_clear (&x);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autoptr(MsZkUrl) url = NULL;
  MsSimOptions options;
  int ret;

  g_test_init (&argc, &argv, NULL);

  zk = ms_test_zk_start ();
  text = ms_test_zk_url (zk, "/sim-api");
  url = ms_zk_url_parse (text, NULL);
  ms_sim_options_init (&options);
  options.workload.agents = 8;
  options.workload.tasks = 40;
  options.heartbeat_s = 0.3;
  sim = ms_test_sim_cluster_new (url, &options);
  g_assert_true (ms_sim_cluster_start (sim, NULL));
  g_assert_true (ms_test_wait_until (sim_ready, sim, 20000));
  session = soup_session_new ();

  g_test_add_func ("/ms/sim-api/acls", test_acls);
  g_test_add_func ("/ms/sim-api/flags-acls", test_flags_acls);
  g_test_add_func ("/ms/sim-api/status-codes", test_status_codes);
  g_test_add_func ("/ms/sim-api/follower-redirects", test_follower_redirects);
  g_test_add_func ("/ms/sim-api/get-state", test_get_state);
  g_test_add_func ("/ms/sim-api/subscribe-stream", test_subscribe_stream);
  g_test_add_func ("/ms/sim-api/world-stream-matches-state", test_world_stream_matches_state);

  ret = g_test_run ();

  g_clear_object (&session);
  g_clear_object (&sim);
  ms_test_zk_free (zk);

  return ret;
}
