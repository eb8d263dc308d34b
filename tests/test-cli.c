/* test-cli.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* The programs as a user runs them: mesoscope-sim in its own process,
 * registering in a real ZooKeeper, and mesoscope-cli against it.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "ms-test-zk.h"

static MsTestZk *zk;

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GOutputStream    *in;
  GPtrArray        *lines;
  GCancellable     *cancellable;
  gboolean          eof;
} Proc;

static void read_next (Proc *proc);

/* Children get G_MESSAGES_DEBUG=all while this is set. */
static gboolean debug_everything;

static GSubprocess *
spawn (const char * const *argv,
       GSubprocessFlags    flags)
{
  g_autoptr(GSubprocessLauncher) launcher = ms_test_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (debug_everything)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  return process;
}

static void
on_line (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Proc *proc = data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                          result, NULL, NULL);

  /* End of output, an error or proc_free() cancelling: stop reading. */
  if (line == NULL)
    {
      proc->eof = TRUE;
      return;
    }

  g_test_message ("  | %s", line);
  g_ptr_array_add (proc->lines, line);
  read_next (proc);
}

static void
read_next (Proc *proc)
{
  g_data_input_stream_read_line_async (proc->out, G_PRIORITY_DEFAULT, proc->cancellable,
                                       on_line, proc);
}

static Proc *
proc_spawn (const char * const *argv)
{
  Proc *proc = g_new0 (Proc, 1);

  proc->process = spawn (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  proc->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc->process));
  proc->in = g_subprocess_get_stdin_pipe (proc->process);
  proc->lines = g_ptr_array_new_with_free_func (g_free);
  proc->cancellable = g_cancellable_new ();
  read_next (proc);

  return proc;
}

static gboolean
reached_eof (gpointer data)
{
  return ((Proc *)data)->eof;
}

static void
proc_free (Proc *proc)
{
  g_subprocess_send_signal (proc->process, SIGTERM);
  g_subprocess_wait (proc->process, NULL, NULL);
  /* The pending read must finish before the Proc goes. */
  g_cancellable_cancel (proc->cancellable);
  g_assert_true (ms_test_wait_until (reached_eof, proc, 20000));
  g_clear_object (&proc->cancellable);
  g_clear_object (&proc->out);
  g_clear_object (&proc->process);
  g_ptr_array_unref (proc->lines);
  g_free (proc);
}

static void
proc_send (Proc       *proc,
           const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%s\n", line);

  g_output_stream_write_all (proc->in, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  Proc       *proc;
  const char *needle;
  guint       from;
  const char *found;
} Find;

static gboolean
line_found (gpointer data)
{
  Find *find = data;

  for (guint i = find->from; i < find->proc->lines->len; i++)
    if (strstr (g_ptr_array_index (find->proc->lines, i), find->needle) != NULL)
      {
        find->found = g_ptr_array_index (find->proc->lines, i);
        find->from = i + 1;
        return TRUE;
      }

  return FALSE;
}

static const char *
proc_wait_line (Proc       *proc,
                const char *needle,
                guint      *from)
{
  Find find = { proc, needle, from ? *from : 0, NULL };

  if (!ms_test_wait_until (line_found, &find, 20000))
    g_error ("no line with “%s”", needle);
  if (from)
    *from = find.from;

  return find.found;
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static Result
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("MESOSCOPE_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = spawn ((const char * const *)argv->pdata,
                   G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result.out, &result.err, &error);
  g_assert_no_error (error);
  result.status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", result.status, result.out, result.err);

  return result;
}

/* "registered master N json.info_X id=... http=127.0.0.1:PORT" → PORT */
static char *
port_of (Proc  *sim,
         guint  index)
{
  g_autofree char *needle = g_strdup_printf ("registered master %u ", index);
  const char *line = proc_wait_line (sim, needle, NULL);
  const char *http = strstr (line, "http=127.0.0.1:");

  g_assert_nonnull (http);
  return g_strdup (http + strlen ("http=127.0.0.1:"));
}

static Proc *
start_sim_with (const char *url,
                const char *churn)
{
  const char *argv[] = {
    g_getenv ("MESOSCOPE_SIM"), "--zk", url, "--masters", "3", "--session-timeout", "2000",
    "--agents", "10", "--frameworks", "3", "--tasks", "60", "--churn", churn,
    "--heartbeat", "0.5", "--reregister-s", "1", NULL
  };
  Proc *sim = proc_spawn (argv);

  proc_wait_line (sim, "event: ready", NULL);

  return sim;
}

static Proc *
start_sim (const char *url)
{
  return start_sim_with (url, "0");
}

/* Secrets never reach the output or the logs, even with every debug
 * domain on: neither the ZooKeeper digest password in the URL nor the HTTP
 * password. The calls succeed, so the secrets were used.
 */
static void
test_secrets_not_logged (void)
{
  static const char zk_secret[] = "Zk-s3cret-4f1c";
  static const char http_secret[] = "Http-s3cret-9b2e";
  g_autofree char *path = ms_test_unique_path ("cli-secrets");
  g_autofree char *dir = g_dir_make_tmp ("ms-cli-secrets-XXXXXX", NULL);
  g_autofree char *credentials = g_build_filename (dir, "credentials.json", NULL);
  g_autofree char *password_file = g_build_filename (dir, "password", NULL);
  g_autofree char *contents = g_strdup_printf ("{\"credentials\":[{\"principal\":\"ops\","
                                               "\"secret\":\"%s\"}]}", http_secret);
  g_autofree char *url = g_strdup_printf ("zk://ops:%s@%s%s", zk_secret,
                                          ms_test_zk_get_servers (zk), path);
  const char *argv[] = {
    g_getenv ("MESOSCOPE_SIM"), "--zk", url, "--masters", "2", "--agents", "3",
    "--frameworks", "1", "--tasks", "5", "--http-credentials", credentials, NULL
  };
  Proc *sim;

  g_assert_true (g_file_set_contents (credentials, contents, -1, NULL));
  g_assert_true (g_file_set_contents (password_file, http_secret, -1, NULL));
  sim = proc_spawn (argv);
  proc_wait_line (sim, "event: ready", NULL);

  debug_everything = TRUE;
  {
    g_auto(Result) leader = run_cli ("leader", "--all", "--json", url, NULL);
    g_auto(Result) state = run_cli ("state", "--json", "--user", "ops", "--password-file",
                                    password_file, url, NULL);
    g_auto(Result) refused = run_cli ("state", "--user", "ops", url, NULL);
    const Result *results[] = { &leader, &state, &refused };

    g_assert_cmpint (leader.status, ==, 0);
    g_assert_cmpint (state.status, ==, 0);
    g_assert_nonnull (strstr (state.out, "\"agents\":3"));
    /* Debug messages go to stderr: stdout stays JSON. */
    g_assert_true (g_str_has_prefix (state.out, "{"));
    g_assert_true (g_str_has_prefix (leader.out, "["));
    /* Without the password: refused, and said so. */
    g_assert_cmpint (refused.status, ==, 2);
    /* The debug output is really there: the test would see a leak. */
    g_assert_nonnull (strstr (state.err, "DEBUG"));

    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        const Result *r = results[i];

        g_assert_null (strstr (r->out, zk_secret));
        g_assert_null (strstr (r->err, zk_secret));
        g_assert_null (strstr (r->out, http_secret));
        g_assert_null (strstr (r->err, http_secret));
      }
  }
  debug_everything = FALSE;

  proc_free (sim);
  g_unlink (credentials);
  g_unlink (password_file);
  g_rmdir (dir);
}

static void
test_leader (void)
{
  g_autofree char *path = ms_test_unique_path ("cli-leader");
  g_autofree char *url = ms_test_zk_url (zk, path);
  Proc *sim = start_sim (url);
  g_autofree char *port1 = port_of (sim, 1);
  g_autofree char *expected = g_strdup_printf ("localhost:%s\n", port1);
  g_auto(Result) plain = run_cli ("leader", url, NULL);
  g_auto(Result) all = run_cli ("leader", "--all", url, NULL);
  g_auto(Result) json = run_cli ("leader", "--json", url, NULL);
  g_auto(Result) all_json = run_cli ("leader", "--all", "--json", url, NULL);
  g_auto(GStrv) rows = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_cmpint (plain.status, ==, 0);
  g_assert_cmpstr (plain.out, ==, expected);

  /* --all: every master in order of succession, the leader first (the
   * seed tool printed them in ZooKeeper's unsorted listing order).
   */
  g_assert_cmpint (all.status, ==, 0);
  rows = g_strsplit (g_strstrip (all.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 4);
  g_assert_true (g_str_has_prefix (rows[0], "ROLE"));
  g_assert_true (g_str_has_prefix (rows[1], "leading"));
  g_assert_nonnull (strstr (rows[1], port1));
  g_assert_true (g_str_has_prefix (rows[2], "standby"));
  g_assert_true (g_str_has_prefix (rows[3], "standby"));

  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)),
                                                 "leading"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "port"), ==, g_ascii_strtoll (port1, NULL, 10));

  g_assert_cmpint (all_json.status, ==, 0);
  json_parser_load_from_data (parser, all_json.out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 1; i < 3; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, i - 1),
                                                 "sequence"), <,
                     json_object_get_int_member (json_array_get_object_element (array, i),
                                                 "sequence"));

  proc_free (sim);
}

static void
test_leader_errors (void)
{
  g_autofree char *empty = ms_test_zk_url (zk, "/cli-nobody-here");
  g_auto(Result) none = run_cli ("leader", empty, NULL);
  g_auto(Result) none_json = run_cli ("leader", "--json", empty, NULL);
  g_auto(Result) bad_url = run_cli ("leader", "zk://localhost/mesos", NULL);
  g_auto(Result) no_server = run_cli ("leader", "--timeout", "1", "zk://127.0.0.1:1/mesos", NULL);
  g_auto(Result) no_arg = run_cli ("leader", NULL);
  g_auto(Result) bad_option = run_cli ("leader", "--frobnicate", empty, NULL);
  g_auto(Result) unknown = run_cli ("frobnicate", NULL);
  g_auto(Result) help = run_cli ("--help", NULL);
  g_auto(Result) tasks_help = run_cli ("tasks", "--help", NULL);
  g_auto(Result) version = run_cli ("--version", NULL);

  /* No master: exit 1 and say why, not a silent success. */
  g_assert_cmpint (none.status, ==, 1);
  g_assert_cmpstr (none.out, ==, "");
  g_assert_nonnull (strstr (none.err, "does not exist"));
  g_assert_cmpint (none_json.status, ==, 1);
  g_assert_cmpstr (none_json.out, ==, "null\n");

  g_assert_cmpint (bad_url.status, ==, 2);
  g_assert_nonnull (strstr (bad_url.err, "has no port"));

  g_assert_cmpint (no_server.status, ==, 2);
  g_assert_nonnull (strstr (no_server.err, "No ZooKeeper server answered"));

  g_assert_cmpint (no_arg.status, ==, 2);
  g_assert_nonnull (strstr (no_arg.err, "Usage"));
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "unknown command"));
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "watch"));
  /* Each command's help names the program and the command, and its options. */
  g_assert_cmpint (tasks_help.status, ==, 0);
  g_assert_nonnull (strstr (tasks_help.out, "mesoscope-cli tasks [OPTION…] TARGET"));
  g_assert_nonnull (strstr (tasks_help.out, "--password-file"));
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "mesoscope-cli " PACKAGE_VERSION "\n"));
}

static void
test_watch_failover (void)
{
  g_autofree char *path = ms_test_unique_path ("cli-watch");
  g_autofree char *url = ms_test_zk_url (zk, path);
  Proc *sim = start_sim (url);
  g_autofree char *port2 = port_of (sim, 2);
  const char *watch_argv[] = { g_getenv ("MESOSCOPE_CLI"), "watch", "--json", url, NULL };
  Proc *watch = proc_spawn (watch_argv);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *new_leader = g_strdup_printf ("localhost:%s (was", port2);
  const char *line;
  JsonObject *event;
  guint from = 0;
  gint64 sent;

  line = proc_wait_line (watch, "\"leader-elected\"", &from);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  event = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (event, "time"));
  g_assert_true (json_object_has_member (event, "monotonic_us"));
  g_assert_cmpint (json_object_get_int_member (event, "sequence"), >=, 1);

  /* A clean exit of the leader shows as one line naming the new leader. */
  sent = g_get_monotonic_time ();
  proc_send (sim, "kill leader");
  line = proc_wait_line (watch, new_leader, &from);
  g_test_message ("failover line %.1f ms after the command was sent",
                  (g_get_monotonic_time () - sent) / 1000.0);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  event = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (event, "event"), ==, "leader-elected");

  proc_free (watch);
  proc_free (sim);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static void
test_cluster_commands (void)
{
  g_autofree char *path = ms_test_unique_path ("cli-cluster");
  g_autofree char *url = ms_test_zk_url (zk, path);
  Proc *sim = start_sim_with (url, "50");
  g_autofree char *port2 = port_of (sim, 2);
  g_autofree char *follower = g_strdup_printf ("http://127.0.0.1:%s", port2);
  g_auto(Result) agents = run_cli ("agents", "--json", url, NULL);
  g_auto(Result) tasks = run_cli ("tasks", "--json", url, NULL);
  g_auto(Result) frameworks = run_cli ("frameworks", url, NULL);
  g_auto(Result) state = run_cli ("state", "--json", url, NULL);
  g_auto(Result) audit = run_cli ("audit", url, NULL);
  g_auto(Result) redirected = run_cli ("agents", follower, NULL);
  g_auto(Result) refused = run_cli ("agents", "http://127.0.0.1:1", NULL);
  g_auto(Result) bad_url = run_cli ("agents", "ftp://x", NULL);
  g_auto(Result) default_port = run_cli ("agents", "--timeout", "3", "http://127.0.0.1", NULL);
  g_auto(Result) zoned = run_cli ("agents", "--timeout", "3", "http://[fe80::1%25lo]:1", NULL);
  g_autoptr(JsonNode) agents_json = NULL;
  g_autoptr(JsonNode) tasks_json = NULL;
  g_autoptr(JsonNode) state_json = NULL;

  g_assert_cmpint (agents.status, ==, 0);
  agents_json = parse_json (agents.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (agents_json)), ==, 10);

  g_assert_cmpint (tasks.status, ==, 0);
  tasks_json = parse_json (tasks.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (tasks_json)), >=, 60);

  g_assert_cmpint (frameworks.status, ==, 0);
  g_assert_true (g_str_has_prefix (frameworks.out, "ID"));

  g_assert_cmpint (state.status, ==, 0);
  state_json = parse_json (state.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (state_json), "agents"), ==, 10);

  /* The model kept from the stream equals the master's state. */
  g_assert_cmpint (audit.status, ==, 0);
  g_assert_nonnull (strstr (audit.out, "No difference"));

  /* A follower's URL works: the call is redirected to the leader. */
  g_assert_cmpint (redirected.status, ==, 0);
  g_assert_nonnull (strstr (redirected.out, "agent0.sim"));

  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "refused"));
  g_assert_cmpint (bad_url.status, ==, 2);
  /* A master's URL without a port means Mesos' 5050, not HTTP's 80. */
  g_assert_cmpint (default_port.status, ==, 2);
  g_assert_nonnull (strstr (default_port.err, "127.0.0.1:5050"));
  /* An IPv6 address with a zone is a master URL like any other. */
  g_assert_cmpint (zoned.status, ==, 2);
  g_assert_nonnull (strstr (zoned.err, "[fe80::1%lo]:1"));

  proc_free (sim);
}

/* ZooKeeper names the leader's host and port, not its scheme: over HTTPS
 * with --https, or when LIBPROCESS_SSL_ENABLED is true (as for Mesos' own
 * tools), by its host name (the certificate names only localhost, the
 * simulator's host name, not 127.0.0.1); plain HTTP to a master that
 * speaks only TLS fails with the reason.
 */
static void
test_https_leader (void)
{
  g_autofree char *path = ms_test_unique_path ("cli-https");
  g_autofree char *url = ms_test_zk_url (zk, path);
  g_autofree char *dir = g_dir_make_tmp ("mesoscope-cli-tls-XXXXXX", NULL);
  g_autofree char *cert = NULL;
  g_autoptr(GTlsCertificate) certificate = ms_test_certificate_new (dir, "DNS:localhost", &cert);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  const char *argv[] = {
    g_getenv ("MESOSCOPE_SIM"), "--zk", url, "--masters", "1", "--agents", "4",
    "--frameworks", "1", "--tasks", "8", "--tls-cert", cert, "--tls-key", key, NULL
  };
  Proc *sim = proc_spawn (argv);

  proc_wait_line (sim, "event: ready", NULL);

  {
    g_auto(Result) plain = run_cli ("agents", "--ca-file", cert, "--timeout", "5", url, NULL);
    g_auto(Result) https = run_cli ("agents", "--https", "--ca-file", cert, url, NULL);
    g_auto(Result) untrusted = run_cli ("agents", "--https", "--timeout", "5", url, NULL);
    g_auto(Result) from_env = { 0 };

    g_assert_cmpint (plain.status, ==, 2);
    g_assert_nonnull (strstr (plain.err, "Cannot reach the master"));
    g_assert_cmpint (https.status, ==, 0);
    g_assert_nonnull (strstr (https.out, "agent0.sim"));
    /* HTTPS is verified: a certificate nobody trusts is refused. */
    g_assert_cmpint (untrusted.status, ==, 2);
    g_assert_nonnull (strstr (untrusted.err, "TLS with localhost"));
    g_assert_null (strstr (untrusted.out, "agent0.sim"));

    g_setenv ("LIBPROCESS_SSL_ENABLED", "true", TRUE);
    from_env = run_cli ("agents", "--ca-file", cert, url, NULL);
    g_unsetenv ("LIBPROCESS_SSL_ENABLED");
    g_assert_cmpint (from_env.status, ==, 0);
    g_assert_nonnull (strstr (from_env.out, "agent0.sim"));
  }

  proc_free (sim);
  g_unlink (cert);
  g_unlink (key);
  g_rmdir (dir);
}

/* events follows the stream across a failover: it says so, shows the
 * resync and the agents re-registering.
 */
static void
test_events_failover (void)
{
  g_autofree char *path = ms_test_unique_path ("cli-events");
  g_autofree char *url = ms_test_zk_url (zk, path);
  Proc *sim = start_sim_with (url, "20");
  const char *argv[] = { g_getenv ("MESOSCOPE_CLI"), "events", url, NULL };
  Proc *events = proc_spawn (argv);
  guint from = 0;

  proc_wait_line (events, "stream-subscribed", &from);
  proc_wait_line (events, "TASK_", &from);
  proc_send (sim, "kill leader");
  proc_wait_line (events, "leader-elected", &from);
  proc_wait_line (events, "recovered from the registry", &from);
  proc_wait_line (events, "agents re-registered", &from);
  proc_wait_line (events, "reregistered", &from);

  proc_free (events);
  proc_free (sim);
}

/* mesoscope-sim refuses a workload it cannot simulate, with a message and
 * exit status 2, before it touches ZooKeeper. */
static void
test_sim_rejects_bad_options (void)
{
  static const char * const bad[][2] = {
    { "--max-completed-tasks-per-framework", "0" },
    { "--max-completed-frameworks", "-1" },
    { "--frameworks", "0" },
    { "--churn", "-5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[] = { g_getenv ("MESOSCOPE_SIM"), "--zk", "zk://127.0.0.1:1/nowhere",
                             bad[i][0], bad[i][1], NULL };
      g_autoptr(GSubprocess) sim = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (sim, NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      g_test_message ("%s %s → %s", bad[i][0], bad[i][1], err);
      g_assert_cmpint (g_subprocess_get_exit_status (sim), ==, 2);
      g_assert_nonnull (strstr (err, "invalid workload options"));
    }

  /* ACLs for an action it would not enforce: refused, not ignored. */
  {
    g_autofree char *acls = NULL;
    g_autoptr(GError) error = NULL;
    int fd = g_file_open_tmp ("mesoscope-acls-XXXXXX.json", &acls, &error);
    const char *argv[] = { g_getenv ("MESOSCOPE_SIM"), "--zk", "zk://127.0.0.1:1/nowhere",
                           "--acls", acls, NULL };
    g_autoptr(GSubprocess) sim = NULL;
    g_autofree char *err = NULL;

    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (acls, "{\"register_frameworks\": []}", -1, &error));
    sim = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_assert_true (g_subprocess_communicate_utf8 (sim, NULL, NULL, NULL, &err, &error));
    g_assert_no_error (error);
    g_test_message ("--acls → %s", err);
    g_assert_cmpint (g_subprocess_get_exit_status (sim), ==, 2);
    g_assert_nonnull (strstr (err, "register_frameworks"));
    g_unlink (acls);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("MESOSCOPE_CLI") == NULL || g_getenv ("MESOSCOPE_SIM") == NULL)
    g_error ("MESOSCOPE_CLI and MESOSCOPE_SIM must name the programs (meson test sets them)");

  zk = ms_test_zk_start ();

  g_test_add_func ("/ms/cli/leader", test_leader);
  g_test_add_func ("/ms/cli/leader-errors", test_leader_errors);
  g_test_add_func ("/ms/cli/watch-failover", test_watch_failover);
  g_test_add_func ("/ms/cli/cluster-commands", test_cluster_commands);
  g_test_add_func ("/ms/cli/events-failover", test_events_failover);
  g_test_add_func ("/ms/cli/secrets-not-logged", test_secrets_not_logged);
  g_test_add_func ("/ms/cli/https-leader", test_https_leader);
  g_test_add_func ("/ms/cli/sim-rejects-bad-options", test_sim_rejects_bad_options);

  ret = g_test_run ();

  ms_test_zk_free (zk);

  return ret;
}
