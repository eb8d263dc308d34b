/* mesoscope-cli.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "mesoscope-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "ms-candidate.h"
#include "ms-cli.h"
#include "ms-error.h"
#include "ms-leader-detector.h"
#include "ms-master-info.h"
#include "ms-timeline.h"
#include "ms-zk-url.h"

/* Exit codes of `leader`: found, none, error. */
enum {
  EXIT_FOUND = 0,
  EXIT_NONE = 1,
  EXIT_ERROR = 2,
};

typedef struct
{
  GMainLoop        *loop;
  MsLeaderDetector *detector;
  gboolean          timed_out;
} Wait;

static gboolean opt_json;
static gboolean opt_all;
static int opt_timeout = 10;
static int opt_session_timeout = MS_LEADER_DETECTOR_DEFAULT_SESSION_TIMEOUT_MS;

static const GOptionEntry common_entries[] = {
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print JSON instead of text"), NULL },
  { "session-timeout", 0, 0, G_OPTION_ARG_INT, &opt_session_timeout,
    N_("ZooKeeper session timeout in ms (default 10000, as Mesos)"), "MS" },
  { NULL }
};


static void
candidate_to_json (MsCandidate *candidate,
                   JsonBuilder *builder)
{
  MsMasterInfo *info = ms_candidate_get_info (candidate);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "member");
  json_builder_add_string_value (builder, ms_candidate_get_name (candidate));
  json_builder_set_member_name (builder, "sequence");
  json_builder_add_int_value (builder, ms_candidate_get_sequence (candidate));
  json_builder_set_member_name (builder, "leading");
  json_builder_add_boolean_value (builder, ms_candidate_get_leading (candidate));
  if (info != NULL)
    ms_master_info_to_json (info, builder);
  if (ms_candidate_get_error (candidate) != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, ms_candidate_get_error (candidate));
    }
  json_builder_end_object (builder);
}

static void
print_candidate_line (MsCandidate *candidate)
{
  MsMasterInfo *info = ms_candidate_get_info (candidate);
  const char *role = ms_candidate_get_leading (candidate) ? "leading" : "standby";

  if (info == NULL)
    {
      g_print ("%-8s %-22s %s\n", _("invalid"), ms_candidate_get_name (candidate),
               ms_candidate_get_error (candidate) ? ms_candidate_get_error (candidate) : "");
      return;
    }

  {
    g_autofree char *endpoint = ms_master_info_dup_endpoint (info);

    g_print ("%-8s %-22s %-28s %-16s %-8s %s\n",
             role,
             ms_candidate_get_name (candidate),
             endpoint,
             ms_master_info_get_ip (info) ? ms_master_info_get_ip (info) : "-",
             ms_master_info_get_version (info) ? ms_master_info_get_version (info) : "-",
             ms_master_info_get_id (info));
  }
}

static void
on_wait_changed (Wait *wait)
{
  const GError *error = ms_leader_detector_get_error (wait->detector);

  if (ms_leader_detector_get_synced (wait->detector) ||
      ms_leader_detector_get_state (wait->detector) == MS_LEADER_DETECTOR_STATE_AUTH_FAILED ||
      (error != NULL && error->code == MS_ERROR_TIMED_OUT))
    g_main_loop_quit (wait->loop);
}

static gboolean
on_wait_timeout (gpointer data)
{
  Wait *wait = data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);

  return G_SOURCE_REMOVE;
}

static MsZkUrl *
parse_url_arg (int     argc,
               char  **argv,
               const char *usage)
{
  g_autoptr(GError) error = NULL;
  MsZkUrl *url;

  if (argc != 2)
    {
      g_printerr ("%s\n", usage);
      return NULL;
    }

  if (!(url = ms_zk_url_parse (argv[1], &error)))
    g_printerr ("mesoscope-cli: %s\n", error->message);

  return url;
}

static int
cmd_leader (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsZkUrl) url = NULL;
  g_autoptr(MsLeaderDetector) detector = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const GError *detector_error;
  MsMasterInfo *leader;
  GListModel *candidates;
  Wait wait = { 0 };
  guint timeout_id;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &opt_all,
      N_("List every master in order of succession, the leader first"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &opt_timeout,
      N_("Give up after this many seconds (default 10)"), "SECONDS" },
    { NULL }
  };

  context = g_option_context_new (_("ZK_URL — print the leading Mesos master"));
  g_option_context_set_summary (context,
    _("Reads the Mesos master group in ZooKeeper once and prints the leader: the member with\n"
      "the lowest sequence, as Mesos decides. ZK_URL is what the masters' --zk flag holds:\n"
      "zk://[user:password@]host:port[,host:port…]/path, or file:///path holding such a URL.\n"
      "\n"
      "Exit status: 0 a leader was found, 1 no master is registered, 2 error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mesoscope-cli leader: %s\n", error->message);
      return EXIT_ERROR;
    }
  if (opt_timeout < 1 || opt_session_timeout < 1)
    {
      g_printerr ("mesoscope-cli leader: %s\n", _("timeouts must be positive"));
      return EXIT_ERROR;
    }

  if (!(url = parse_url_arg (argc, argv, _("Usage: mesoscope-cli leader [--all] [--json] ZK_URL"))))
    return EXIT_ERROR;

  loop = g_main_loop_new (NULL, FALSE);
  detector = ms_leader_detector_new (url, NULL);
  ms_leader_detector_set_session_timeout (detector, opt_session_timeout);

  wait.loop = loop;
  wait.detector = detector;
  g_signal_connect_swapped (detector, "notify::synced", G_CALLBACK (on_wait_changed), &wait);
  g_signal_connect_swapped (detector, "notify::error", G_CALLBACK (on_wait_changed), &wait);
  g_signal_connect_swapped (detector, "notify::state", G_CALLBACK (on_wait_changed), &wait);
  timeout_id = g_timeout_add_seconds (opt_timeout, on_wait_timeout, &wait);

  ms_leader_detector_start (detector);
  g_main_loop_run (loop);
  if (!wait.timed_out)
    g_source_remove (timeout_id);

  detector_error = ms_leader_detector_get_error (detector);
  leader = ms_leader_detector_get_leader (detector);
  candidates = ms_leader_detector_get_candidates (detector);

  if (!ms_leader_detector_get_synced (detector))
    {
      if (detector_error != NULL)
        g_printerr ("mesoscope-cli: %s\n", detector_error->message);
      else if (ms_leader_detector_get_state (detector) == MS_LEADER_DETECTOR_STATE_CONNECTING)
        g_printerr (_("mesoscope-cli: No ZooKeeper server answered at %s within %d s\n"),
                    ms_zk_url_get_servers (url), opt_timeout);
      else
        g_printerr (_("mesoscope-cli: The master group could not be read within %d s (%s)\n"),
                    opt_timeout,
                    ms_leader_detector_state_to_string (ms_leader_detector_get_state (detector)));
      return EXIT_ERROR;
    }

  if (detector_error != NULL && detector_error->code != MS_ERROR_ZK_NO_NODE)
    {
      g_printerr ("mesoscope-cli: %s\n", detector_error->message);
      if (opt_all && opt_json)
        ; /* still print what is known below */
      else if (detector_error->code != MS_ERROR_INVALID_DATA || !opt_all)
        return EXIT_ERROR;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (opt_all)
        {
          json_builder_begin_array (builder);
          for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
            {
              g_autoptr(MsCandidate) candidate = g_list_model_get_item (candidates, i);

              candidate_to_json (candidate, builder);
            }
          json_builder_end_array (builder);
        }
      else if (leader != NULL)
        {
          candidate_to_json (ms_leader_detector_get_leading_candidate (detector), builder);
        }
      if (opt_all || leader != NULL)
        ms_cli_print_json (builder);
      else
        g_print ("null\n");
    }
  else if (opt_all)
    {
      g_print ("%-8s %-22s %-28s %-16s %-8s %s\n",
               _("ROLE"), _("MEMBER"), _("ADDRESS"), _("IP"), _("VERSION"), _("ID"));
      for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
        {
          g_autoptr(MsCandidate) candidate = g_list_model_get_item (candidates, i);

          print_candidate_line (candidate);
        }
    }
  else if (leader != NULL)
    {
      g_autofree char *endpoint = ms_master_info_dup_endpoint (leader);

      g_print ("%s\n", endpoint);
    }

  if (detector_error != NULL && detector_error->code != MS_ERROR_ZK_NO_NODE)
    return EXIT_ERROR;

  if (leader == NULL)
    {
      g_printerr ("mesoscope-cli: %s\n",
                  detector_error ? detector_error->message
                                 : _("No master is registered in the group"));
      return EXIT_NONE;
    }

  return EXIT_FOUND;
}

static void
print_event (MsTimelineEvent *event)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ms_timeline_event_to_json (event, builder);
      json_builder_end_object (builder);
      ms_cli_print_json (builder);
    }
  else
    {
      g_autofree char *time = ms_timeline_event_format_time (event);

      g_print ("%s  %-19s %s\n", time, ms_timeline_event_get_kind_nick (event),
               ms_timeline_event_get_message (event));
    }
}

static void
on_timeline_changed (GListModel *timeline,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(MsTimelineEvent) event = g_list_model_get_item (timeline, position + i);

      print_event (event);
    }
}

static gboolean
on_quit_signal (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_CONTINUE;
}

static int
cmd_watch (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsZkUrl) url = NULL;
  g_autoptr(MsLeaderDetector) detector = NULL;
  g_autoptr(MsTimeline) timeline = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  context = g_option_context_new (_("ZK_URL — follow the Mesos master group"));
  g_option_context_set_summary (context,
    _("Prints one line per change until interrupted: leader elected or lost, masters joining\n"
      "and leaving, ZooKeeper connection and session events. Each line starts with the time\n"
      "(UTC, ms). With --json, each line is a JSON object (JSON Lines)."));
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mesoscope-cli watch: %s\n", error->message);
      return EXIT_ERROR;
    }
  if (opt_session_timeout < 1)
    {
      g_printerr ("mesoscope-cli watch: %s\n", _("timeouts must be positive"));
      return EXIT_ERROR;
    }

  if (!(url = parse_url_arg (argc, argv, _("Usage: mesoscope-cli watch [--json] ZK_URL"))))
    return EXIT_ERROR;

  loop = g_main_loop_new (NULL, FALSE);
  timeline = ms_timeline_new (64);
  g_signal_connect (timeline, "items-changed", G_CALLBACK (on_timeline_changed), NULL);

  detector = ms_leader_detector_new (url, timeline);
  ms_leader_detector_set_session_timeout (detector, opt_session_timeout);

  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);

  ms_leader_detector_start (detector);
  g_main_loop_run (loop);
  ms_leader_detector_stop (detector);

  return 0;
}

static const struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "leader", cmd_leader, N_("Print the leading master (--all: every master)") },
  { "watch", cmd_watch, N_("Follow the leader and the masters, one line per change") },
  { "agents", ms_cli_agents, N_("List the agents (GET_AGENTS)") },
  { "frameworks", ms_cli_frameworks, N_("List the frameworks (GET_FRAMEWORKS)") },
  { "tasks", ms_cli_tasks, N_("List the tasks (GET_TASKS)") },
  { "state", ms_cli_state, N_("Summarise the cluster: agents, frameworks, tasks by state, resources") },
  { "events", ms_cli_events, N_("Follow the operator stream, one line per event, across failovers") },
  { "audit", ms_cli_audit, N_("Compare a live model with the master's GET_STATE (exit 1 on differences)") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: mesoscope-cli COMMAND [OPTION…] TARGET"));
  fprintf (out, "%s\n\n", _("Shows a Mesos cluster live: its leading master and candidates from "
                             "ZooKeeper, and its agents, frameworks and tasks from the leader's "
                             "v1 operator API. TARGET is a zk:// URL (leader and watch take only "
                             "that) or a master URL such as http://host:5050."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “mesoscope-cli COMMAND --help” for a command's options."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  setvbuf (stdout, NULL, _IOLBF, 0);
  /* Debug and info messages go to stderr: stdout is the program's output
   * (JSON Lines with --json), which G_MESSAGES_DEBUG must not break.
   */
  g_log_writer_default_set_use_stderr (TRUE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_ERROR : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("mesoscope-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("mesoscope-cli %s", commands[i].name);

        /* The command sees itself as argv[0]; its --help says
         * “mesoscope-cli COMMAND”, as the usage line does. */
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  g_printerr (_("mesoscope-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return EXIT_ERROR;
}
