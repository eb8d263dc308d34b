/* mesoscope-sim.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "mesoscope-sim"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "ms-error.h"
#include "ms-sim-cluster.h"
#include "ms-zk-url.h"

/*
 * mesoscope-sim: several simulated Mesos masters in one process, each
 * registering in a real ZooKeeper as Mesos does. Control commands come on
 * standard input, one per line; replies start with "ok:" or "error:", and
 * what happens in the cluster is printed as "event:" lines.
 */

typedef struct
{
  GMainLoop        *loop;
  MsSimCluster     *cluster;
  GDataInputStream *input;
  GCancellable     *cancellable;
  int               exit_code;
} Sim;

static void read_next_command (Sim *sim);

static void
on_event (MsSimCluster *cluster,
          const char   *line,
          gpointer      user_data)
{
  g_print ("event: %s\n", line);
}

static void
print_reply (const char *prefix,
             const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  if (lines[0] == NULL)
    g_print ("%s\n", prefix);
  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("%s %s\n", prefix, lines[i]);
}

static void
on_line (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sim *sim = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *reply = NULL;
  gsize len;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                    result, &len, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      print_reply ("error:", error->message);
      g_clear_error (&error);
      read_next_command (sim);
      return;
    }

  if (line == NULL)
    {
      /* End of input: keep simulating (stdin may be /dev/null in a demo). */
      g_debug ("standard input closed; control commands are no longer read");
      return;
    }

  g_strstrip (line);
  if (line[0] == '\0' || line[0] == '#')
    {
      read_next_command (sim);
      return;
    }

  if (g_str_equal (line, "quit") || g_str_equal (line, "exit"))
    {
      print_reply ("ok:", "bye");
      g_main_loop_quit (sim->loop);
      return;
    }

  reply = ms_sim_cluster_run_command (sim->cluster, line, &error);
  if (reply == NULL)
    print_reply ("error:", error->message);
  else
    print_reply ("ok:", reply);

  read_next_command (sim);
}

static void
read_next_command (Sim *sim)
{
  g_data_input_stream_read_line_async (sim->input, G_PRIORITY_DEFAULT,
                                       sim->cancellable, on_line, sim);
}

/* Mesos' --http_credentials format:
 * {"credentials": [{"principal": "...", "secret": "..."}]}
 */
static GHashTable *
load_credentials (const char  *path,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonNode *root;
  JsonArray *list;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "credentials") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "credentials")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: expected {\"credentials\": [{\"principal\": …, \"secret\": …}]}"), path);
      return NULL;
    }

  list = json_object_get_array_member (json_node_get_object (root), "credentials");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *principal = entry ? json_object_get_string_member_with_default (entry, "principal", NULL) : NULL;
      const char *secret = entry ? json_object_get_string_member_with_default (entry, "secret", NULL) : NULL;

      if (principal == NULL || secret == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: credential %u needs a principal and a secret"), path, i + 1);
          return NULL;
        }
      g_hash_table_insert (credentials, g_strdup (principal), g_strdup (secret));
    }

  return g_steal_pointer (&credentials);
}

static gboolean
on_signal (gpointer user_data)
{
  Sim *sim = user_data;

  g_main_loop_quit (sim->loop);

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsZkUrl) url = NULL;
  g_autoptr(GInputStream) stdin_stream = NULL;
  g_autofree char *zk = NULL;
  g_autofree char *hostname = NULL;
  g_autofree char *credentials_file = NULL;
  g_autofree char *acls_file = NULL;
  g_autoptr(MsSimAcls) acls = NULL;
  g_autofree char *tls_cert_file = NULL;
  g_autofree char *tls_key_file = NULL;
  g_autoptr(GHashTable) credentials = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  int masters = 3;
  int session_timeout = 10000;
  int agents = 5, frameworks = 2, tasks = 20, seed = 1, recovery_ms = 0;
  int max_completed_tasks = 1000, max_completed_frameworks = 50;
  double churn = 0, heartbeat = 15, reregister_s = 2;
  MsSimOptions options;
  Sim sim = { 0 };
  GOptionEntry entries[] = {
    { "zk", 0, 0, G_OPTION_ARG_STRING, &zk,
      N_("Where the masters register, as Mesos' --zk flag takes it"), "zk://HOST:PORT/PATH" },
    { "masters", 0, 0, G_OPTION_ARG_INT, &masters,
      N_("Number of masters to start (default 3)"), "N" },
    { "hostname", 0, 0, G_OPTION_ARG_STRING, &hostname,
      N_("Host name the masters advertise (default localhost)"), "NAME" },
    { "session-timeout", 0, 0, G_OPTION_ARG_INT, &session_timeout,
      N_("ZooKeeper session timeout of each master in ms (default 10000, as Mesos)"), "MS" },
    { "agents", 0, 0, G_OPTION_ARG_INT, &agents, N_("Agents in the workload (default 5)"), "N" },
    { "frameworks", 0, 0, G_OPTION_ARG_INT, &frameworks,
      N_("Frameworks in the workload (default 2)"), "N" },
    { "tasks", 0, 0, G_OPTION_ARG_INT, &tasks,
      N_("Tasks kept running (default 20)"), "N" },
    { "churn", 0, 0, G_OPTION_ARG_DOUBLE, &churn,
      N_("Changes per second: launches, state changes, agents and frameworks coming and "
         "going (default 0)"), "EVENTS_PER_S" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed of the workload (default 1)"), "N" },
    { "heartbeat", 0, 0, G_OPTION_ARG_DOUBLE, &heartbeat,
      N_("Seconds between HEARTBEAT events (default 15, as Mesos)"), "SECONDS" },
    { "recovery-ms", 0, 0, G_OPTION_ARG_INT, &recovery_ms,
      N_("A new leader answers 503 this long while it recovers (default 0)"), "MS" },
    { "reregister-s", 0, 0, G_OPTION_ARG_DOUBLE, &reregister_s,
      N_("After a failover, agents re-register within this many seconds (default 2)"), "SECONDS" },
    { "max-completed-tasks-per-framework", 0, 0, G_OPTION_ARG_INT, &max_completed_tasks,
      N_("Completed tasks a framework keeps; older ones go without an event (default 1000, as "
         "Mesos)"), "N" },
    { "max-completed-frameworks", 0, 0, G_OPTION_ARG_INT, &max_completed_frameworks,
      N_("Removed frameworks kept with their tasks (default 50, as Mesos)"), "N" },
    { "http-credentials", 0, 0, G_OPTION_ARG_FILENAME, &credentials_file,
      N_("Require HTTP basic authentication with these credentials (Mesos' "
         "--http_credentials JSON)"), "FILE" },
    { "acls", 0, 0, G_OPTION_ARG_FILENAME, &acls_file,
      N_("Authorize with these ACLs (Mesos' --acls JSON; only view_flags, which GET_FLAGS "
         "needs, is enforced)"), "FILE" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert_file,
      N_("Serve HTTPS with this PEM certificate, as a Mesos master with SSL enabled"), "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key_file,
      N_("The certificate's PEM private key (default: in the --tls-cert file)"), "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  setvbuf (stdout, NULL, _IOLBF, 0);
  /* stdout carries the replies and events that scripts read. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Simulates a Mesos cluster: masters that register in a real ZooKeeper as Mesos 1.x\n"
      "masters do. Control commands are read from standard input, one per line\n"
      "(status, kill, crash, restart N, add, remove N, stall, cut, churn, help, quit).\n"
      "The leader serves Mesos' v1 operator API (POST /api/v1, SUBSCRIBE streams) on its\n"
      "loopback port; the others redirect to it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mesoscope-sim: %s\n", error->message);
      return 2;
    }

  if (zk == NULL)
    {
      g_printerr ("mesoscope-sim: %s\n", _("--zk is required (e.g. --zk zk://127.0.0.1:2181/mesos)"));
      return 2;
    }
  if (masters < 1 || masters > 64)
    {
      g_printerr ("mesoscope-sim: %s\n", _("--masters must be between 1 and 64"));
      return 2;
    }
  if (session_timeout < 1 || session_timeout > 3600 * 1000)
    {
      g_printerr ("mesoscope-sim: %s\n", _("--session-timeout must be between 1 and 3600000 ms"));
      return 2;
    }

  if (agents < 0 || frameworks < 1 || tasks < 0 || churn < 0 || heartbeat <= 0 ||
      recovery_ms < 0 || reregister_s < 0 || agents > 1000000 || tasks > 10000000 ||
      max_completed_tasks < 1 || max_completed_frameworks < 1)
    {
      g_printerr ("mesoscope-sim: %s\n", _("invalid workload options (see --help)"));
      return 2;
    }

  if (!(url = ms_zk_url_parse (zk, &error)))
    {
      g_printerr ("mesoscope-sim: %s\n", error->message);
      return 2;
    }

  if (credentials_file != NULL && !(credentials = load_credentials (credentials_file, &error)))
    {
      g_printerr ("mesoscope-sim: %s\n", error->message);
      return 2;
    }

  if (acls_file != NULL)
    {
      g_autofree char *json = NULL;

      if (!g_file_get_contents (acls_file, &json, NULL, &error) ||
          !(acls = ms_sim_acls_new_from_json (json, &error)))
        {
          g_printerr ("mesoscope-sim: %s: %s\n", acls_file, error->message);
          return 2;
        }
    }

  if (tls_key_file != NULL && tls_cert_file == NULL)
    {
      g_printerr ("mesoscope-sim: %s\n", _("--tls-key needs --tls-cert"));
      return 2;
    }
  if (tls_cert_file != NULL &&
      !(certificate = tls_key_file ? g_tls_certificate_new_from_files (tls_cert_file, tls_key_file, &error)
                                   : g_tls_certificate_new_from_file (tls_cert_file, &error)))
    {
      g_printerr ("mesoscope-sim: %s\n", error->message);
      return 2;
    }

  ms_sim_options_init (&options);
  options.n_masters = masters;
  if (hostname != NULL)
    options.hostname = hostname;
  options.session_timeout_ms = session_timeout;
  options.workload.agents = agents;
  options.workload.frameworks = frameworks;
  options.workload.tasks = tasks;
  options.workload.churn = churn;
  options.workload.seed = seed;
  options.workload.reregister_s = reregister_s;
  options.workload.max_completed_tasks = max_completed_tasks;
  options.workload.max_completed_frameworks = max_completed_frameworks;
  options.heartbeat_s = heartbeat;
  options.recovery_ms = recovery_ms;
  options.credentials = credentials;
  options.acls = acls;
  options.tls_certificate = certificate;

  sim.loop = g_main_loop_new (NULL, FALSE);
  sim.cancellable = g_cancellable_new ();
  sim.cluster = ms_sim_cluster_new (url, &options);
  g_signal_connect (sim.cluster, "event", G_CALLBACK (on_event), &sim);

  if (!ms_sim_cluster_start (sim.cluster, &error))
    {
      g_printerr ("mesoscope-sim: %s\n", error->message);
      g_clear_object (&sim.cluster);
      return 1;
    }

  stdin_stream = g_unix_input_stream_new (0, FALSE);
  sim.input = g_data_input_stream_new (stdin_stream);
  read_next_command (&sim);

  g_unix_signal_add (SIGINT, on_signal, &sim);
  g_unix_signal_add (SIGTERM, on_signal, &sim);

  g_main_loop_run (sim.loop);

  g_cancellable_cancel (sim.cancellable);
  /* Disposing the cluster closes every session: the members go at once. */
  g_clear_object (&sim.cluster);
  g_clear_object (&sim.input);
  g_clear_object (&sim.cancellable);
  g_clear_pointer (&sim.loop, g_main_loop_unref);

  return sim.exit_code;
}
