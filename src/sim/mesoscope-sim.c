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
  int masters = 3;
  int session_timeout = 10000;
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
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  setvbuf (stdout, NULL, _IOLBF, 0);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Simulates a Mesos cluster: masters that register in a real ZooKeeper as Mesos 1.x\n"
      "masters do. Control commands are read from standard input, one per line\n"
      "(status, kill, crash, restart N, add, remove N, help, quit)."));
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

  if (!(url = ms_zk_url_parse (zk, &error)))
    {
      g_printerr ("mesoscope-sim: %s\n", error->message);
      return 2;
    }

  sim.loop = g_main_loop_new (NULL, FALSE);
  sim.cancellable = g_cancellable_new ();
  sim.cluster = ms_sim_cluster_new (url, masters, hostname, session_timeout);
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
