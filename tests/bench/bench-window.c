/* bench-window.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* The window on a large simulated cluster (mesoscope-sim in its own
 * process, a real ZooKeeper): time from the process' start to the first
 * frame (less the harness' own work: starting ZooKeeper and the
 * simulator), time from the window's creation to it, time until the
 * snapshot is shown, and the longest the main loop went without running a
 * 10 ms timer: before the first frame, during the window's start (until
 * 300 ms after its first frame), while the snapshot arrived (until a
 * second after it is shown), while events churned after that, while the
 * tasks are sorted, and while a search is set and cleared.
 *
 *   bench-window AGENTS TASKS CHURN SECONDS
 */

#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ms-renderer.h"
#include "ms-row-model.h"
#include "ms-sort-model.h"
#include "ms-task.h"
#include "ms-test-zk.h"
#include "ms-window.h"

static gint64 started;
static gint64 first_frame;
static gint64 last_tick;
static gint64 worst_gap;
static gint64 worst_gap_at;
/* Gaps that began before the first frame was shown: part of the time to
 * the first frame (the window is built, laid out and painted once), not a
 * stall of a window on screen. Then, until the first frame has been shown
 * for STARTUP_US, the window's own start (with Xvfb, Mesa's software
 * renderer compiles its shaders then).
 */
static gint64 before_first_frame_gap;
#define STARTUP_US (300 * 1000)
static gint64 startup_gap;
static gint64 gaps_over_us;

/* With BENCH_GAPS: when each phase starts, on the gaps' clock. */
static void
mark (const char *phase)
{
  if (gaps_over_us > 0)
    g_printerr ("phase %s from %" G_GINT64_FORMAT " us\n", phase, g_get_monotonic_time ());
}

static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  /* BENCH_GAPS=MS: every gap over MS (1: over 50 ms), on CLOCK_MONOTONIC,
   * to line up with `perf record -k CLOCK_MONOTONIC` samples.
   */
  if (last_tick > 0 && gaps_over_us > 0 && now - last_tick > gaps_over_us)
    g_printerr ("gap %.1f ms from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " us\n",
                (now - last_tick) / 1e3, last_tick, now);
  if (last_tick > 0 && (first_frame == 0 || last_tick < first_frame))
    {
      before_first_frame_gap = MAX (before_first_frame_gap, now - last_tick);
    }
  else if (last_tick > 0 && now < first_frame + STARTUP_US)
    {
      startup_gap = MAX (startup_gap, now - last_tick);
    }
  else if (last_tick > 0 && now - last_tick > worst_gap)
    {
      worst_gap = now - last_tick;
      worst_gap_at = now - started;
    }
  last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
on_paint (GdkFrameClock *clock,
          gpointer       data)
{
  if (first_frame == 0)
    {
      first_frame = g_get_monotonic_time ();
      mark ("first-frame");
    }
}

/* Milliseconds since this process started: its start time in clock ticks
 * after boot (/proc/self/stat, field 22; 10 ms steps) against
 * CLOCK_BOOTTIME, the clock it is counted on. Loading the libraries and
 * their constructors come before main().
 */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  const char *fields;
  unsigned long long start_ticks;
  struct timespec now;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (fields = strrchr (stat, ')')) == NULL ||
      sscanf (fields + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
              "%*d %*d %llu", &start_ticks) != 1 ||
      clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return 0;

  return now.tv_sec * 1e3 + now.tv_nsec / 1e6 - start_ticks * 1e3 / sysconf (_SC_CLK_TCK);
}

/* The tasks table shows what was searched for, sorted, whole: no sort
 * under way, no rows still coming, and (with a search) the first rows
 * match it; without one, every task is there.
 */
typedef struct
{
  MsWindow   *window;
  const char *search;
} SearchWait;

static gboolean
search_shown (gpointer data)
{
  SearchWait *wait = data;
  GtkWidget *view = ms_window_get_table (wait->window, "tasks");
  MsRowModel *rows = MS_ROW_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  MsSortModel *sorted = g_object_get_data (G_OBJECT (view), "ms-sort-model");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (rows));

  if (ms_sort_model_get_sorting (sorted) || ms_row_model_get_filling (rows))
    return FALSE;
  if (*wait->search == '\0')
    return n == g_list_model_get_n_items (ms_cluster_get_tasks (ms_window_get_cluster (wait->window)));
  for (guint i = 0; i < MIN (n, 200); i++)
    {
      g_autoptr(MsTask) task = ms_row_model_dup_item (rows, i);

      if (task == NULL || strstr (ms_task_get_name (task), wait->search) == NULL)
        return FALSE;
    }

  return n > 0;
}

/* Sets the search and waits until the table shows its result, then until
 * @ms have passed since it was set. Returns how long the result took.
 */
static double
search_for (MsWindow   *window,
            const char *search,
            guint       ms)
{
  SearchWait wait = { window, search };
  gint64 set_at = g_get_monotonic_time ();
  double shown_ms;

  ms_window_set_search (window, search);
  g_assert_true (ms_test_wait_until (search_shown, &wait, 60000));
  shown_ms = (g_get_monotonic_time () - set_at) / 1e3;
  if (shown_ms < ms)
    ms_test_sleep (ms - shown_ms);

  return shown_ms;
}

static gboolean
shown (gpointer data)
{
  MsCluster *cluster = ms_window_get_cluster (data);

  return cluster != NULL && !ms_cluster_get_stale (cluster) &&
         g_list_model_get_n_items (ms_cluster_get_tasks (cluster)) > 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  MsTestZk *zk;
  MsWindow *window;
  gint64 shown_at;
  double before_main_ms;
  gint64 init_started, init_us;
  gint64 settle_gap, settle_gap_at;
  gint64 steady_gap, sort_gap, search_gap;
  double search_shown_ms, cleared_shown_ms;
  const char *agents, *tasks, *churn;
  int seconds;

  before_main_ms = ms_since_process_start ();
  init_started = g_get_monotonic_time ();

  if (argc != 5)
    {
      g_printerr ("usage: bench-window AGENTS TASKS CHURN SECONDS\n");
      return 2;
    }
  agents = argv[1];
  tasks = argv[2];
  churn = argv[3];
  seconds = atoi (argv[4]);
  if (g_getenv ("BENCH_GAPS") != NULL)
    gaps_over_us = atoi (g_getenv ("BENCH_GAPS")) == 1 ? 50000 : atoi (g_getenv ("BENCH_GAPS")) * 1000;

  /* As the application starts (src/ui/main.c, ms-application.c). */
  ms_renderer_before_gtk_init (NULL);
  gtk_init ();
  adw_init ();
  init_us = g_get_monotonic_time () - init_started;
  zk = ms_test_zk_start ();
  url = ms_test_zk_url (zk, "/bench");
  /* The simulator keeps going at the end of its input: it must not
   * outlive a benchmark that crashed. */
  launcher = ms_test_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  sim = g_subprocess_launcher_spawn (launcher, &error,
                                     g_getenv ("MESOSCOPE_SIM"), "--zk", url, "--masters", "2",
                                     "--agents", agents, "--tasks", tasks, "--frameworks", "50",
                                     "--churn", churn, NULL);
  g_assert_no_error (error);
  /* The simulated world is built before its first master registers. */
  g_usleep (G_USEC_PER_SEC * (atoi (tasks) / 50000 + 1));

  started = g_get_monotonic_time ();
  window = ms_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_paint), NULL);
  g_assert_true (ms_window_open_url (window, url, &error));
  ms_window_show_page (window, "tasks");
  g_timeout_add (10, tick, NULL);

  g_assert_true (ms_test_wait_until (shown, window, 120000));
  shown_at = g_get_monotonic_time ();
  /* Settle, then measure the steady state under churn on the tasks page. */
  ms_test_sleep (1000);
  settle_gap = worst_gap;
  settle_gap_at = worst_gap_at;
  worst_gap = 0;
  ms_test_sleep (seconds * 1000);
  steady_gap = worst_gap;

  /* What a person does with a big table, still under churn: sort it by a
   * column (100k tasks are sorted in steps, then the rows change at once),
   * then search for a few tasks and clear the search (the rows come back).
   */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (ms_window_get_table (window, "tasks"));
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);

    worst_gap = 0;
    mark ("sorting");
    gtk_column_view_sort_by_column (view, name, GTK_SORT_DESCENDING);
    ms_test_sleep (3000);
    sort_gap = worst_gap;

    worst_gap = 0;
    mark ("searching");
    search_shown_ms = search_for (window, "task-77", 2000);
    mark ("search-cleared");
    cleared_shown_ms = search_for (window, "", 2000);
    search_gap = worst_gap;
  }

  g_print ("window renderer=%s agents=%s tasks=%s churn=%s startup_to_first_frame_ms=%.0f "
           "first_frame_ms=%.0f snapshot_shown_ms=%.0f worst_gap_before_first_frame_ms=%.1f "
           "worst_gap_startup_ms=%.1f worst_gap_until_settled_ms=%.1f at_ms=%.0f "
           "worst_gap_steady_ms=%.1f worst_gap_sorting_ms=%.1f worst_gap_searching_ms=%.1f "
           "search_shown_ms=%.0f search_cleared_shown_ms=%.0f "
           "events_applied=%" G_GUINT64_FORMAT "\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), agents, tasks, churn,
           before_main_ms + (init_us + first_frame - started) / 1e3,
           (first_frame - started) / 1e3, (shown_at - started) / 1e3,
           before_first_frame_gap / 1e3, startup_gap / 1e3, settle_gap / 1e3, settle_gap_at / 1e3, steady_gap / 1e3,
           sort_gap / 1e3, search_gap / 1e3, search_shown_ms, cleared_shown_ms,
           ms_cluster_get_n_events (ms_window_get_cluster (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  ms_test_zk_free (zk);

  return 0;
}
