/* ms-cli-cluster.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "mesoscope-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "ms-cli.h"
#include "ms-cluster.h"
#include "ms-error.h"
#include "ms-leader-detector.h"
#include "ms-master-info.h"
#include "ms-operator-client.h"
#include "ms-timeline.h"
#include "ms-zk-url.h"

/*
 * The cluster commands: one-shot tables (agents, frameworks, tasks, state)
 * and the followers (events, audit). TARGET is a zk:// URL (follow the
 * leader, as the masters' --zk flag names it) or a master URL
 * (http(s)://host:5050).
 */

enum {
  EXIT_OK = 0,
  EXIT_DIFFERENT = 1,
  EXIT_ERROR = 2,
};

static gboolean opt_json;
static char *opt_user;
static char *opt_password_file;
static char *opt_ca_file;
static gboolean opt_insecure;
static gboolean opt_https;
static int opt_timeout = 20;
static gboolean opt_heartbeats;
static double opt_watchdog = MS_OPERATOR_CLIENT_DEFAULT_WATCHDOG_FACTOR;
static int opt_drift = MS_OPERATOR_CLIENT_DEFAULT_DRIFT_INTERVAL;

static const GOptionEntry entries[] = {
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON instead of text"), NULL },
  { "user", 'u', 0, G_OPTION_ARG_STRING, &opt_user,
    N_("HTTP principal for masters that require authentication"), "USER" },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file,
    N_("Read the password from this file (or set MESOSCOPE_PASSWORD)"), "FILE" },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca_file,
    N_("Trust the certificate authorities in this PEM file"), "FILE" },
  { "insecure", 0, 0, G_OPTION_ARG_NONE, &opt_insecure,
    N_("Do not verify TLS certificates (unsafe)"), NULL },
  { "https", 0, 0, G_OPTION_ARG_NONE, &opt_https,
    N_("Reach masters found through ZooKeeper over HTTPS (also when LIBPROCESS_SSL_ENABLED is true, "
       "as for Mesos’ own tools)"), NULL },
  { "timeout", 't', 0, G_OPTION_ARG_INT, &opt_timeout,
    N_("Give up after this many seconds (default 20)"), "SECONDS" },
  { NULL }
};

static const GOptionEntry follow_entries[] = {
  { "heartbeats", 0, 0, G_OPTION_ARG_NONE, &opt_heartbeats, N_("Print HEARTBEAT events too"), NULL },
  { "watchdog", 0, 0, G_OPTION_ARG_DOUBLE, &opt_watchdog,
    N_("Give up on a silent stream after this many heartbeat intervals (default 5)"), "N" },
  { "drift-interval", 0, 0, G_OPTION_ARG_INT, &opt_drift,
    N_("Seconds between checks of the model against the master's counts (default 30, 0: never)"),
    "SECONDS" },
  { NULL }
};

typedef struct
{
  GMainLoop        *loop;
  MsZkUrl          *url;
  MsLeaderDetector *detector;
  MsCluster        *cluster;
  MsTimeline       *timeline;
  MsOperatorClient *client;
  MsStateParser    *answer;
  GError           *error;
  gboolean          timed_out;
  guint             timeout_id;
} Cli;

static void
cli_clear (Cli *cli)
{
  g_clear_handle_id (&cli->timeout_id, g_source_remove);
  if (cli->client != NULL)
    ms_operator_client_stop (cli->client);
  if (cli->detector != NULL)
    ms_leader_detector_stop (cli->detector);
  g_clear_object (&cli->client);
  g_clear_object (&cli->detector);
  g_clear_object (&cli->cluster);
  g_clear_object (&cli->timeline);
  g_clear_pointer (&cli->url, ms_zk_url_free);
  g_clear_pointer (&cli->answer, ms_state_parser_free);
  g_clear_error (&cli->error);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

static gboolean
on_timeout (gpointer data)
{
  Cli *cli = data;

  cli->timeout_id = 0;
  cli->timed_out = TRUE;
  g_main_loop_quit (cli->loop);

  return G_SOURCE_REMOVE;
}

static char *
read_password (GError **error)
{
  g_autofree char *contents = NULL;

  if (opt_password_file == NULL)
    return g_strdup (g_getenv ("MESOSCOPE_PASSWORD"));

  if (!g_file_get_contents (opt_password_file, &contents, NULL, error))
    return NULL;

  return g_strdup (g_strchomp (contents));
}

/* ZooKeeper says where the leader is, not which scheme it speaks: Mesos'
 * own tools use HTTPS when their SSL support is on (docs/ssl.md:
 * LIBPROCESS_SSL_ENABLED=true or 1).
 */
static gboolean
libprocess_ssl_enabled (void)
{
  const char *value = g_getenv ("LIBPROCESS_SSL_ENABLED");

  return value != NULL && (g_str_equal (value, "true") || g_str_equal (value, "1"));
}

/* Parses the options and TARGET, and sets up the client. */
static gboolean
cli_init (Cli            *cli,
          int             argc,
          char          **argv,
          const char     *summary,
          gboolean        follow)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *parameter = g_strdup_printf (_("TARGET — %s"), summary);
  const char *target;

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context,
    _("TARGET is a zk:// URL as the masters' --zk flag takes it (the leader is followed), or a\n"
      "master URL such as http://host:5050 (that master is asked)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (follow)
    g_option_context_add_main_entries (context, follow_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mesoscope-cli: %s\n", error->message);
      return FALSE;
    }
  if (argc != 2)
    {
      g_printerr (_("Usage: mesoscope-cli %s [OPTION…] TARGET\n"), argv[0]);
      return FALSE;
    }
  if (opt_timeout < 1 || opt_watchdog <= 0 || opt_drift < 0)
    {
      g_printerr ("mesoscope-cli: %s\n", _("timeouts and intervals must be positive"));
      return FALSE;
    }

  target = argv[1];
  cli->loop = g_main_loop_new (NULL, FALSE);
  cli->timeline = ms_timeline_new (0);
  cli->cluster = ms_cluster_new ();
  cli->client = ms_operator_client_new (cli->cluster, cli->timeline);
  ms_operator_client_set_watchdog_factor (cli->client, opt_watchdog);
  ms_operator_client_set_drift_interval (cli->client, opt_drift);

  if (g_str_has_prefix (target, "zk://") || g_str_has_prefix (target, "file://"))
    {
      if (!(cli->url = ms_zk_url_parse (target, &error)))
        {
          g_printerr ("mesoscope-cli: %s\n", error->message);
          return FALSE;
        }
      cli->detector = ms_leader_detector_new (cli->url, cli->timeline);
      ms_operator_client_set_detector (cli->client, cli->detector);
      ms_operator_client_set_leader_https (cli->client, opt_https || libprocess_ssl_enabled ());
    }
  else if (!ms_operator_client_set_master_url (cli->client, target, &error))
    {
      g_printerr ("mesoscope-cli: %s\n", error->message);
      return FALSE;
    }

  if (opt_user != NULL)
    {
      password = read_password (&error);
      if (error != NULL)
        {
          g_printerr ("mesoscope-cli: %s\n", error->message);
          return FALSE;
        }
      ms_operator_client_set_credentials (cli->client, opt_user, password);
      if (password != NULL)
        memset (password, 0, strlen (password));
    }

  if ((opt_ca_file != NULL || opt_insecure) &&
      !ms_operator_client_set_tls (cli->client, opt_ca_file, opt_insecure, &error))
    {
      g_printerr ("mesoscope-cli: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

static void
on_leader_known (Cli *cli)
{
  if (ms_leader_detector_get_leader (cli->detector) != NULL ||
      (ms_leader_detector_get_synced (cli->detector) && ms_leader_detector_get_error (cli->detector)) ||
      ms_leader_detector_get_state (cli->detector) == MS_LEADER_DETECTOR_STATE_AUTH_FAILED)
    g_main_loop_quit (cli->loop);
}

/* With a zk:// target: waits for the leader. */
static gboolean
cli_wait_leader (Cli *cli)
{
  if (cli->detector == NULL)
    return TRUE;

  g_signal_connect_swapped (cli->detector, "notify::leader", G_CALLBACK (on_leader_known), cli);
  g_signal_connect_swapped (cli->detector, "notify::synced", G_CALLBACK (on_leader_known), cli);
  ms_leader_detector_start (cli->detector);
  if (ms_leader_detector_get_leader (cli->detector) == NULL)
    g_main_loop_run (cli->loop);
  g_signal_handlers_disconnect_by_data (cli->detector, cli);

  if (ms_leader_detector_get_leader (cli->detector) == NULL)
    {
      const GError *error = ms_leader_detector_get_error (cli->detector);

      g_printerr ("mesoscope-cli: %s\n",
                  error ? error->message
                        : cli->timed_out ? _("No leading master found in time")
                                         : _("No master is registered in the group"));
      return FALSE;
    }

  return TRUE;
}

static void
on_answer (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Cli *cli = user_data;

  cli->answer = ms_operator_client_call_finish (MS_OPERATOR_CLIENT (object), result, &cli->error);
  g_main_loop_quit (cli->loop);
}

/* One call to the leader (or the named master); prints why it failed. */
static MsStateParser *
cli_call (Cli        *cli,
          const char *type)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  ms_operator_client_call_async (cli->client, type, cancellable, on_answer, cli);
  g_main_loop_run (cli->loop);
  if (cli->timed_out)
    {
      g_cancellable_cancel (cancellable);
      while (cli->answer == NULL && cli->error == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_printerr (_("mesoscope-cli: No answer within %d s\n"), opt_timeout);
      return NULL;
    }
  if (cli->answer == NULL)
    {
      g_printerr ("mesoscope-cli: %s\n", cli->error->message);
      return NULL;
    }

  return g_steal_pointer (&cli->answer);
}

/* Prints what @builder built as one line of compact JSON. */
void
ms_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_resources (JsonBuilder       *builder,
               const char        *name,
               const MsResources *res)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_double (builder, "cpus", res->cpus);
  add_double (builder, "mem", res->mem);
  add_double (builder, "disk", res->disk);
  add_double (builder, "gpus", res->gpus);
  json_builder_set_member_name (builder, "ports");
  json_builder_add_int_value (builder, res->ports);
  json_builder_end_object (builder);
}

static void
print_agents (GPtrArray *agents,
              GPtrArray *recovered)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      GPtrArray *lists[2] = { agents, recovered };

      json_builder_begin_array (builder);
      for (guint l = 0; l < 2; l++)
        for (guint i = 0; i < lists[l]->len; i++)
          {
            MsAgent *agent = g_ptr_array_index (lists[l], i);

            json_builder_begin_object (builder);
            add_string (builder, "id", ms_agent_get_id (agent));
            add_string (builder, "hostname", ms_agent_get_hostname (agent));
            json_builder_set_member_name (builder, "port");
            json_builder_add_int_value (builder, ms_agent_get_port (agent));
            json_builder_set_member_name (builder, "active");
            json_builder_add_boolean_value (builder, ms_agent_get_active (agent));
            json_builder_set_member_name (builder, "recovered");
            json_builder_add_boolean_value (builder, ms_agent_get_recovered (agent));
            add_string (builder, "version", ms_agent_get_version (agent));
            add_resources (builder, "total", ms_agent_get_total (agent));
            add_resources (builder, "allocated", ms_agent_get_allocated (agent));
            json_builder_end_object (builder);
          }
      json_builder_end_array (builder);
      ms_cli_print_json (builder);
      return;
    }

  g_print ("%-44s %-24s %-10s %-16s %s\n", _("ID"), _("HOSTNAME"), _("STATE"),
           _("CPUS (ALLOC)"), _("MEM MB (ALLOC)"));
  for (guint l = 0; l < 2; l++)
    {
      GPtrArray *list = l == 0 ? agents : recovered;

      for (guint i = 0; i < list->len; i++)
        {
          MsAgent *agent = g_ptr_array_index (list, i);
          const MsResources *total = ms_agent_get_total (agent);
          const MsResources *allocated = ms_agent_get_allocated (agent);
          g_autofree char *cpus = g_strdup_printf ("%g/%g", allocated->cpus, total->cpus);
          g_autofree char *mem = g_strdup_printf ("%g/%g", allocated->mem, total->mem);

          g_print ("%-44s %-24s %-10s %-16s %s\n", ms_agent_get_id (agent),
                   ms_agent_get_hostname (agent),
                   ms_agent_get_recovered (agent) ? _("recovered")
                   : ms_agent_get_active (agent) ? _("active") : _("inactive"),
                   cpus, mem);
        }
    }
}

static void
print_frameworks (GPtrArray *frameworks)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < frameworks->len; i++)
        {
          MsFramework *framework = g_ptr_array_index (frameworks, i);
          const char * const *roles = ms_framework_get_roles (framework);

          json_builder_begin_object (builder);
          add_string (builder, "id", ms_framework_get_id (framework));
          add_string (builder, "name", ms_framework_get_name (framework));
          add_string (builder, "user", ms_framework_get_user (framework));
          json_builder_set_member_name (builder, "roles");
          json_builder_begin_array (builder);
          for (guint r = 0; roles[r] != NULL; r++)
            json_builder_add_string_value (builder, roles[r]);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "active");
          json_builder_add_boolean_value (builder, ms_framework_get_active (framework));
          json_builder_set_member_name (builder, "connected");
          json_builder_add_boolean_value (builder, ms_framework_get_connected (framework));
          json_builder_set_member_name (builder, "recovered");
          json_builder_add_boolean_value (builder, ms_framework_get_recovered (framework));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      ms_cli_print_json (builder);
      return;
    }

  g_print ("%-44s %-20s %-10s %-12s %s\n", _("ID"), _("NAME"), _("USER"), _("STATE"), _("ROLES"));
  for (guint i = 0; i < frameworks->len; i++)
    {
      MsFramework *framework = g_ptr_array_index (frameworks, i);
      g_autofree char *roles = g_strjoinv (",", (GStrv)ms_framework_get_roles (framework));

      g_print ("%-44s %-20s %-10s %-12s %s\n", ms_framework_get_id (framework),
               ms_framework_get_name (framework) ? ms_framework_get_name (framework) : "",
               ms_framework_get_user (framework) ? ms_framework_get_user (framework) : "",
               !ms_framework_get_connected (framework) ? _("disconnected")
               : ms_framework_get_active (framework) ? _("active") : _("inactive"),
               roles);
    }
}

static void
print_tasks (GPtrArray *tasks)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < tasks->len; i++)
        {
          MsTask *task = g_ptr_array_index (tasks, i);

          json_builder_begin_object (builder);
          add_string (builder, "id", ms_task_get_id (task));
          add_string (builder, "framework_id", ms_task_get_framework_id (task));
          add_string (builder, "name", ms_task_get_name (task));
          add_string (builder, "state", ms_task_get_state (task));
          add_string (builder, "agent_id", ms_task_get_agent_id (task));
          add_string (builder, "role", ms_task_get_role (task));
          add_resources (builder, "resources", ms_task_get_resources (task));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      ms_cli_print_json (builder);
      return;
    }

  g_print ("%-40s %-18s %-44s %6s %8s\n", _("ID"), _("STATE"), _("FRAMEWORK"), _("CPUS"), _("MEM MB"));
  for (guint i = 0; i < tasks->len; i++)
    {
      MsTask *task = g_ptr_array_index (tasks, i);

      g_print ("%-40s %-18s %-44s %6g %8g\n", ms_task_get_id (task), ms_task_get_state (task),
               ms_task_get_framework_id (task), ms_task_get_resources (task)->cpus,
               ms_task_get_resources (task)->mem);
    }
}

static int
one_shot (int         argc,
          char      **argv,
          const char *summary,
          const char *call)
{
  g_auto(Cli) cli = { 0 };
  g_autoptr(MsStateParser) answer = NULL;

  if (!cli_init (&cli, argc, argv, summary, FALSE))
    return EXIT_ERROR;
  cli.timeout_id = g_timeout_add_seconds (opt_timeout, on_timeout, &cli);
  if (!cli_wait_leader (&cli) || !(answer = cli_call (&cli, call)))
    return EXIT_ERROR;

  if (ms_state_parser_get_n_invalid (answer) > 0)
    g_printerr (_("mesoscope-cli: %u malformed entries skipped (first: %s)\n"),
                ms_state_parser_get_n_invalid (answer), ms_state_parser_get_first_invalid (answer));

  if (g_str_equal (call, "GET_AGENTS"))
    print_agents (ms_state_parser_get_agents (answer), ms_state_parser_get_recovered_agents (answer));
  else if (g_str_equal (call, "GET_FRAMEWORKS"))
    print_frameworks (ms_state_parser_get_frameworks (answer));
  else
    print_tasks (ms_state_parser_get_tasks (answer));

  return EXIT_OK;
}

int
ms_cli_agents (int    argc,
               char **argv)
{
  return one_shot (argc, argv, _("list the agents"), "GET_AGENTS");
}

int
ms_cli_frameworks (int    argc,
                   char **argv)
{
  return one_shot (argc, argv, _("list the frameworks"), "GET_FRAMEWORKS");
}

int
ms_cli_tasks (int    argc,
              char **argv)
{
  return one_shot (argc, argv, _("list the tasks (active, unreachable, completed)"), "GET_TASKS");
}

/* state: one GET_STATE, applied to a model, summarised. */
int
ms_cli_state (int    argc,
              char **argv)
{
  static const char * const states[] = {
    "TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_UNREACHABLE",
    "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED",
    "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN",
  };
  g_auto(Cli) cli = { 0 };
  g_autoptr(MsStateParser) answer = NULL;
  g_autofree char *target = NULL;
  MsResources total, used;

  if (!cli_init (&cli, argc, argv, _("summarise the cluster"), FALSE))
    return EXIT_ERROR;
  cli.timeout_id = g_timeout_add_seconds (opt_timeout, on_timeout, &cli);
  if (!cli_wait_leader (&cli) || !(answer = cli_call (&cli, "GET_STATE")))
    return EXIT_ERROR;

  ms_cluster_apply_snapshot (cli.cluster, answer);
  ms_cluster_get_resources (cli.cluster, &total, &used);
  target = ms_operator_client_dup_target (cli.client);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "agents");
      json_builder_add_int_value (builder, g_list_model_get_n_items (ms_cluster_get_agents (cli.cluster)));
      json_builder_set_member_name (builder, "agents_active");
      json_builder_add_int_value (builder, ms_cluster_count_active_agents (cli.cluster));
      json_builder_set_member_name (builder, "agents_recovered");
      json_builder_add_int_value (builder, ms_cluster_get_n_recovered_agents (cli.cluster));
      json_builder_set_member_name (builder, "frameworks");
      json_builder_add_int_value (builder, g_list_model_get_n_items (ms_cluster_get_frameworks (cli.cluster)));
      json_builder_set_member_name (builder, "tasks");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        {
          json_builder_set_member_name (builder, states[i]);
          json_builder_add_int_value (builder, ms_cluster_count_tasks (cli.cluster, states[i]));
        }
      json_builder_end_object (builder);
      add_resources (builder, "resources_total", &total);
      add_resources (builder, "resources_used", &used);
      json_builder_end_object (builder);
      ms_cli_print_json (builder);
      return EXIT_OK;
    }

  g_print (_("Master      %s\n"), target ? target : "?");
  g_print (_("Agents      %u (%u active, %u recovered, not re-registered yet)\n"),
           g_list_model_get_n_items (ms_cluster_get_agents (cli.cluster)),
           ms_cluster_count_active_agents (cli.cluster),
           ms_cluster_get_n_recovered_agents (cli.cluster));
  g_print (_("Frameworks  %u (%u connected)\n"),
           g_list_model_get_n_items (ms_cluster_get_frameworks (cli.cluster)),
           ms_cluster_count_connected_frameworks (cli.cluster));
  g_print (_("Tasks       %u\n"), ms_cluster_count_tasks (cli.cluster, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (ms_cluster_count_tasks (cli.cluster, states[i]) > 0)
      g_print ("  %-24s %u\n", states[i], ms_cluster_count_tasks (cli.cluster, states[i]));
  g_print (_("CPUs        %g of %g used by live tasks\n"), used.cpus, total.cpus);
  g_print (_("Memory      %g of %g MB used by live tasks\n"), used.mem, total.mem);

  return EXIT_OK;
}

/* ---- events ------------------------------------------------------------ */

static char *
summarise (const char        *type,
           const MsJsonValue *record)
{
  if (g_strcmp0 (type, "TASK_ADDED") == 0)
    {
      const MsJsonValue *task = ms_json_value_get_path (record, "task_added", "task", NULL);

      return g_strdup_printf ("%s %s (framework %s, agent %s)",
                              ms_json_value_get_id (task, "task_id"),
                              ms_json_value_get_string (ms_json_value_get_member (task, "state")),
                              ms_json_value_get_id (task, "framework_id"),
                              ms_json_value_get_id (task, "agent_id"));
    }
  if (g_strcmp0 (type, "TASK_UPDATED") == 0)
    {
      const MsJsonValue *update = ms_json_value_get_member (record, "task_updated");

      return g_strdup_printf ("%s %s (framework %s)",
                              ms_json_value_get_id (ms_json_value_get_member (update, "status"), "task_id"),
                              ms_json_value_get_string (ms_json_value_get_member (update, "state")),
                              ms_json_value_get_id (update, "framework_id"));
    }
  if (g_strcmp0 (type, "AGENT_ADDED") == 0)
    {
      const MsJsonValue *info = ms_json_value_get_path (record, "agent_added", "agent", "agent_info", NULL);

      return g_strdup_printf ("%s (%s)", ms_json_value_get_id (info, "id"),
                              ms_json_value_get_string (ms_json_value_get_member (info, "hostname")));
    }
  if (g_strcmp0 (type, "AGENT_REMOVED") == 0)
    return g_strdup (ms_json_value_get_id (ms_json_value_get_member (record, "agent_removed"),
                                           "agent_id"));
  if (g_strcmp0 (type, "FRAMEWORK_ADDED") == 0 || g_strcmp0 (type, "FRAMEWORK_UPDATED") == 0)
    {
      const MsJsonValue *framework = ms_json_value_get_member (record, type[10] == 'A'
                                                                         ? "framework_added"
                                                                         : "framework_updated");
      const MsJsonValue *info = ms_json_value_get_path (framework, "framework", "framework_info", NULL);
      gboolean recovered = ms_json_value_get_boolean (ms_json_value_get_path (framework, "framework",
                                                                              "recovered", NULL), FALSE);

      return g_strdup_printf ("%s (%s)%s", ms_json_value_get_id (info, "id"),
                              ms_json_value_get_string (ms_json_value_get_member (info, "name")),
                              recovered ? _(", recovered") : "");
    }
  if (g_strcmp0 (type, "FRAMEWORK_REMOVED") == 0)
    return g_strdup (ms_json_value_get_id (ms_json_value_get_path (record, "framework_removed",
                                                                   "framework_info", NULL), "id"));
  return g_strdup ("");
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *base = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (now) / 1000);
}

static void
print_line (const char *kind,
            const char *type,
            const char *message)
{
  g_autofree char *time = now_iso ();

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "time", time);
      add_string (builder, "kind", kind);
      add_string (builder, "type", type);
      add_string (builder, "message", message);
      json_builder_end_object (builder);
      ms_cli_print_json (builder);
    }
  else
    {
      g_print ("%s  %-20s %s\n", time, type, message);
    }
}

static void
on_stream_event (MsOperatorClient  *client,
                 const char        *type,
                 const MsJsonValue *record,
                 gpointer           user_data)
{
  g_autofree char *summary = NULL;

  if (type == NULL || g_str_equal (type, "SUBSCRIBED"))
    return; /* the timeline says it, with counts */
  if (g_str_equal (type, "HEARTBEAT") && !opt_heartbeats)
    return;

  summary = summarise (type, record);
  print_line ("event", type, summary);
}

static void
on_timeline (GListModel *timeline,
             guint       position,
             guint       removed,
             guint       added,
             gpointer    user_data)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(MsTimelineEvent) event = g_list_model_get_item (timeline, position + i);

      print_line ("timeline", ms_timeline_event_get_kind_nick (event),
                  ms_timeline_event_get_message (event));
    }
}

static void
on_recovered (MsCluster  *cluster,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint expected = ms_cluster_get_n_expected_agents (cluster);
  guint left = ms_cluster_get_n_recovered_agents (cluster);
  g_autofree char *message = NULL;

  if (expected == 0 || left == expected)
    return;

  message = g_strdup_printf (_("%u of %u agents re-registered"), expected - left, expected);
  print_line ("progress", "reregistration", message);
}

static gboolean
on_quit_signal (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_CONTINUE;
}

int
ms_cli_events (int    argc,
               char **argv)
{
  g_auto(Cli) cli = { 0 };

  if (!cli_init (&cli, argc, argv, _("follow the cluster's events"), TRUE))
    return EXIT_ERROR;

  g_signal_connect (cli.timeline, "items-changed", G_CALLBACK (on_timeline), NULL);
  g_signal_connect (cli.client, "event", G_CALLBACK (on_stream_event), NULL);
  g_signal_connect (cli.cluster, "notify::n-recovered-agents", G_CALLBACK (on_recovered), NULL);
  g_unix_signal_add (SIGINT, on_quit_signal, cli.loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, cli.loop);

  if (cli.detector != NULL)
    ms_leader_detector_start (cli.detector);
  ms_operator_client_start (cli.client);
  g_main_loop_run (cli.loop);

  return EXIT_OK;
}

/* ---- audit ------------------------------------------------------------- */

static void
on_live (Cli *cli)
{
  if (ms_operator_client_get_state (cli->client) == MS_OPERATOR_CLIENT_STATE_LIVE)
    g_main_loop_quit (cli->loop);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
ms_cli_audit (int    argc,
              char **argv)
{
  g_auto(Cli) cli = { 0 };
  g_autoptr(GPtrArray) diffs = NULL;

  if (!cli_init (&cli, argc, argv,
                 _("compare a live model of the stream with the master's GET_STATE"), FALSE))
    return EXIT_ERROR;
  cli.timeout_id = g_timeout_add_seconds (opt_timeout, on_timeout, &cli);
  if (!cli_wait_leader (&cli))
    return EXIT_ERROR;

  g_signal_connect_swapped (cli.client, "notify::state", G_CALLBACK (on_live), &cli);
  ms_operator_client_start (cli.client);
  g_main_loop_run (cli.loop);
  if (ms_operator_client_get_state (cli.client) != MS_OPERATOR_CLIENT_STATE_LIVE)
    {
      const GError *error = ms_operator_client_get_error (cli.client);

      g_printerr ("mesoscope-cli: %s\n", error ? error->message : _("The stream did not start in time"));
      return EXIT_ERROR;
    }
  g_signal_handlers_disconnect_by_data (cli.client, &cli);

  /* Events race the GET_STATE answer: while it is being sent the stream
   * moves on, so the model is a little ahead. A real difference persists,
   * the same, across comparisons a moment apart; one in flight does not:
   * keep only what every comparison found.
   */
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      g_autoptr(MsStateParser) state = cli_call (&cli, "GET_STATE");
      g_autoptr(GPtrArray) found = NULL;

      if (state == NULL)
        return EXIT_ERROR;
      found = ms_cluster_diff (cli.cluster, state);
      if (diffs == NULL)
        {
          diffs = g_steal_pointer (&found);
        }
      else
        {
          g_autoptr(GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);
          GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

          for (guint i = 0; i < found->len; i++)
            g_hash_table_add (now, g_ptr_array_index (found, i));
          for (guint i = 0; i < diffs->len; i++)
            if (g_hash_table_contains (now, g_ptr_array_index (diffs, i)))
              g_ptr_array_add (kept, g_strdup (g_ptr_array_index (diffs, i)));
          g_ptr_array_unref (diffs);
          diffs = kept;
        }
      if (diffs->len == 0)
        break;
      g_timeout_add (300, quit_loop, cli.loop);
      g_main_loop_run (cli.loop);
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < diffs->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (diffs, i));
      json_builder_end_array (builder);
      ms_cli_print_json (builder);
    }
  else if (diffs->len == 0)
    {
      g_print (_("No difference: %u agents, %u frameworks, %u tasks agree with the master\n"),
               g_list_model_get_n_items (ms_cluster_get_agents (cli.cluster)),
               g_list_model_get_n_items (ms_cluster_get_frameworks (cli.cluster)),
               g_list_model_get_n_items (ms_cluster_get_tasks (cli.cluster)));
    }
  else
    {
      for (guint i = 0; i < diffs->len; i++)
        g_print ("%s\n", (char *)g_ptr_array_index (diffs, i));
    }

  return diffs->len == 0 ? EXIT_OK : EXIT_DIFFERENT;
}
