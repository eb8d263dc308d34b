/* test-window.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* The window against mesoscope-sim in a real ZooKeeper, under Xvfb. Writes
 * a screenshot of each page into the build directory.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ms-error.h"
#include "ms-renderer.h"
#include "ms-row-model.h"
#include "ms-sim-cluster.h"
#include "ms-sort-model.h"
#include "ms-table-cell.h"
#include "ms-test-zk.h"
#include "ms-window.h"
#include "ms-zk-url.h"

#define WAIT_MS 20000

static MsTestZk *zk;
static AdwApplication *app;

static gboolean
sim_ready (gpointer data)
{
  return ms_sim_cluster_get_ready (data);
}

static gboolean
stream_live (gpointer data)
{
  MsCluster *cluster = ms_window_get_cluster (data);

  return cluster != NULL && !ms_cluster_get_stale (cluster) &&
         g_list_model_get_n_items (ms_cluster_get_tasks (cluster)) > 0;
}

typedef struct
{
  MsWindow   *window;
  const char *text;
} LeaderWait;

static gboolean
leader_shown (gpointer data)
{
  LeaderWait *wait = data;

  return strstr (ms_window_get_leader_text (wait->window), wait->text) != NULL;
}

static gboolean
table_filled (gpointer data)
{
  return !ms_row_model_get_filling (MS_ROW_MODEL (gtk_column_view_get_model (data)));
}

/* The item a table's row shows (a table's items are its rows, see
 * ms-row-model.c). */
static gpointer
row_item (GListModel *rows,
          guint       position)
{
  return ms_row_model_dup_item (MS_ROW_MODEL (rows), position);
}

static guint
shown_rows (MsWindow   *window,
            const char *page)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (ms_window_get_table (window, page));

  /* As a person would: a table fills when its page is shown, its first
   * rows over a few frames.
   */
  ms_window_show_page (window, page);
  g_assert_nonnull (gtk_column_view_get_model (view));
  g_assert_true (ms_test_wait_until (table_filled, view, 5000));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

typedef struct
{
  MsWindow   *window;
  const char *page;
  guint       rows;
} RowsWait;

static gboolean
rows_shown (gpointer data)
{
  RowsWait *wait = data;

  return shown_rows (wait->window, wait->page) == wait->rows;
}

static void
count_changes (guint *changes)
{
  (*changes)++;
}

static void
wait_rows (MsWindow   *window,
           const char *page,
           guint       rows)
{
  RowsWait wait = { window, page, rows };

  if (!ms_test_wait_until (rows_shown, &wait, 5000))
    g_error ("%s shows %u rows, expected %u", page, shown_rows (window, page), rows);
}

static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (MS_IS_TABLE_CELL (child))
        g_ptr_array_add (cells, child);
      collect_cells (child, cells);
    }
}

/* The agents table shows one row: its cells hold the agent's values now. */
static gboolean
agent_row_current (gpointer data)
{
  GtkWidget *view = ms_window_get_table (data, "agents");
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(MsAgent) agent = NULL;
  g_autofree char *cpus_used = NULL;
  double used;

  collect_cells (view, cells);
  if (g_list_model_get_n_items (model) != 1 || cells->len != 8)
    return FALSE;

  agent = row_item (model, 0);
  g_object_get (agent, "cpus-used", &used, NULL);
  cpus_used = g_strdup_printf ("%g", used);

  return g_strcmp0 (ms_table_cell_get_text (cells->pdata[0]), ms_agent_get_hostname (agent)) == 0 &&
         g_strcmp0 (ms_table_cell_get_text (cells->pdata[1]), ms_agent_get_id (agent)) == 0 &&
         g_strcmp0 (ms_table_cell_get_text (cells->pdata[2]), ms_agent_get_active (agent) ? "yes" : "no") == 0 &&
         g_strcmp0 (ms_table_cell_get_text (cells->pdata[4]), cpus_used) == 0;
}

static char *
dup_cell_text (MsWindow *window,
               guint     column)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  /* None while the row is being built again (an agent re-registering). */
  collect_cells (ms_window_get_table (window, "agents"), cells);

  return cells->len > column ? g_strdup (ms_table_cell_get_text (cells->pdata[column])) : NULL;
}

typedef struct
{
  MsWindow   *window;
  const char *before;
} CellWait;

static gboolean
cpus_used_changed (gpointer data)
{
  CellWait *wait = data;
  g_autofree char *now = dup_cell_text (wait->window, 4);

  return now != NULL && g_strcmp0 (now, wait->before) != 0 && agent_row_current (wait->window);
}

static gboolean
sorted_descending (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (data));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(MsAgent) a = row_item (model, i - 1);
      g_autoptr(MsAgent) b = row_item (model, i);

      if (g_strcmp0 (ms_agent_get_hostname (a), ms_agent_get_hostname (b)) < 0)
        return FALSE;
    }

  return n > 1;
}

/* Tasks by CPUs, fewest first: a number column, in the other direction. */
static gboolean
tasks_by_cpus (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (data));
  guint n = g_list_model_get_n_items (model);
  gboolean differ = FALSE;

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(MsTask) a = row_item (model, i - 1);
      g_autoptr(MsTask) b = row_item (model, i);
      double cpus_a, cpus_b;

      g_object_get (a, "cpus", &cpus_a, NULL);
      g_object_get (b, "cpus", &cpus_b, NULL);
      if (cpus_a > cpus_b)
        return FALSE;
      differ |= cpus_a < cpus_b;
    }

  return differ;
}

/* Tasks by name, as GtkStringSorter orders them. */
static gboolean
tasks_by_name (GtkColumnView *view,
               gboolean       descending)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(MsTask) a = row_item (model, i - 1);
      g_autoptr(MsTask) b = row_item (model, i);
      g_autofree char *fa = g_utf8_casefold (ms_task_get_name (a), -1);
      g_autofree char *fb = g_utf8_casefold (ms_task_get_name (b), -1);
      int order = g_utf8_collate (fa, fb);

      if (descending ? order < 0 : order > 0)
        return FALSE;
    }

  return n > 1;
}

static gboolean
tasks_by_name_descending (gpointer data)
{
  return tasks_by_name (data, TRUE);
}

static void
screenshot (MsWindow   *window,
            const char *page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("screenshot-%s.png", page);
  /* Beside the test program when run by hand, not in the working directory. */
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  ms_window_show_page (window, page);
  /* Rendering is asynchronous: retry until a frame with the page is drawn. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_clear_error (&error);
      ms_test_sleep (100);
      if (ms_window_save_screenshot (window, path, &error))
        break;
    }
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_test_message ("wrote %s", path);
}

static void
test_welcome_rejects_bad_urls (void)
{
  MsWindow *window = ms_window_new (app);
  static const struct { const char *url; const char *message; } bad[] = {
    { "zk://localhost/mesos", "has no port" },
    { "localhost:2181", "zk://" },
    { "http://", "master URL" },
    { "zk://h:1/", "must not be" },
  };

  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ms_window_open_url (window, bad[i].url, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
      g_test_message ("%s → %s", bad[i].url, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }
  /* Nothing was opened. */
  g_assert_null (ms_window_get_cluster (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the window showed in its first frame. */
typedef struct
{
  MsWindow *window;
  gboolean  painted;
  char     *page;
  gboolean  page_moving;
  gboolean  banner_shown;
} FirstFrame;

static void
on_first_paint (GdkFrameClock *clock,
                FirstFrame    *seen)
{
  GtkWidget *widget = GTK_WIDGET (seen->window);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (widget, MS_TYPE_WINDOW, "main_stack"));
  GtkRevealer *banner = GTK_REVEALER (gtk_widget_get_template_child (widget, MS_TYPE_WINDOW,
                                                                     "banner_revealer"));

  g_signal_handlers_disconnect_by_func (clock, on_first_paint, seen);
  seen->painted = TRUE;
  seen->page = g_strdup (gtk_stack_get_visible_child_name (stack));
  seen->page_moving = gtk_stack_get_transition_running (stack);
  seen->banner_shown = gtk_revealer_get_child_revealed (banner);
}

static gboolean
first_frame_painted (gpointer data)
{
  return ((FirstFrame *)data)->painted;
}

/* A cluster opened as the window starts (`mesoscope URL`: the window is
 * shown, then the cluster opened) is in its first frame: no welcome page
 * fading into it, no banner sliding in. After that, pages fade.
 */
static void
test_first_frame_shows_cluster (void)
{
  MsWindow *window = ms_window_new (app);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), MS_TYPE_WINDOW,
                                                              "main_stack"));
  g_autofree char *url = ms_test_zk_url (zk, "/first-frame");
  g_autoptr(GError) error = NULL;
  FirstFrame seen = { window };

  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_first_paint), &seen);
  g_assert_true (ms_window_open_url (window, url, &error));
  g_assert_no_error (error);
  g_assert_true (ms_test_wait_until (first_frame_painted, &seen, WAIT_MS));

  g_assert_cmpstr (seen.page, ==, "cluster");
  g_assert_false (seen.page_moving);
  /* No master is registered: the banner says the window is connecting. */
  g_assert_true (seen.banner_shown);

  /* Going back to the welcome page, seen by now, fades (when animations
   * are on: the test's settings may turn them off). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");
  g_assert_cmpint (gtk_stack_get_transition_type (stack), ==, GTK_STACK_TRANSITION_TYPE_CROSSFADE);

  g_free (seen.page);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_ca_file_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "ms-no-such-ca.pem", NULL);
  MsWindow *window;
  g_autoptr(GError) error = NULL;

  g_settings_set_string (settings, "tls-ca-file", missing);
  window = ms_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  /* A CA file that cannot be loaded refuses the cluster and says why,
   * rather than trusting the system's CAs behind the user's back. */
  g_assert_false (ms_window_open_url (window, "https://127.0.0.1:1", &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_null (ms_window_get_cluster (window));
  g_clear_error (&error);

  /* Back to the system's CAs: the same URL opens (and waits for a master). */
  g_settings_reset (settings, "tls-ca-file");
  g_assert_true (ms_window_open_url (window, "https://127.0.0.1:1", &error));
  g_assert_no_error (error);
  g_assert_nonnull (ms_window_get_cluster (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_on_sim (void)
{
  g_autofree char *path = ms_test_unique_path ("window");
  g_autofree char *url = ms_test_zk_url (zk, path);
  g_autoptr(MsZkUrl) zk_url = ms_zk_url_parse (url, NULL);
  g_autoptr(MsSimCluster) sim = NULL;
  g_autoptr(GError) error = NULL;
  MsSimOptions options;
  MsWindow *window;
  LeaderWait wait;
  g_autofree char *port1 = NULL;
  g_autofree char *port2 = NULL;
  guint all_tasks;
  gint64 killed_at;

  ms_sim_options_init (&options);
  options.session_timeout_ms = 2000;
  options.workload.agents = 12;
  options.workload.frameworks = 3;
  options.workload.tasks = 120;
  options.workload.churn = 20;
  options.workload.reregister_s = 0.5;
  options.heartbeat_s = 0.5;
  sim = ms_test_sim_cluster_new (zk_url, &options);
  g_assert_true (ms_sim_cluster_start (sim, &error));
  g_assert_true (ms_test_wait_until (sim_ready, sim, WAIT_MS));
  port1 = g_strdup_printf (":%u", ms_sim_master_get_port (ms_sim_cluster_get_master (sim, 1)));
  port2 = g_strdup_printf (":%u", ms_sim_master_get_port (ms_sim_cluster_get_master (sim, 2)));

  window = ms_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ms_window_open_url (window, url, &error));
  g_assert_no_error (error);

  /* The leader and every candidate. */
  wait.window = window;
  wait.text = port1;
  g_assert_true (ms_test_wait_until (leader_shown, &wait, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (ms_leader_detector_get_candidates (ms_window_get_detector (window))),
                    ==, 3);

  /* The tables hold the simulator's rows. */
  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  ms_test_sleep (300);
  /* A hidden table builds no rows: it gets its model when first shown. */
  g_assert_null (gtk_column_view_get_model (GTK_COLUMN_VIEW (ms_window_get_table (window, "tasks"))));
  g_test_message ("model agents %u, shown %u",
                  g_list_model_get_n_items (ms_cluster_get_agents (ms_window_get_cluster (window))),
                  shown_rows (window, "agents"));
  g_assert_cmpuint (shown_rows (window, "agents"), ==, 12);
  g_assert_cmpuint (shown_rows (window, "frameworks"), ==,
                    g_list_model_get_n_items (ms_cluster_get_frameworks (ms_window_get_cluster (window))));
  all_tasks = shown_rows (window, "tasks");
  g_assert_cmpuint (all_tasks, >=, 100);

  screenshot (window, "overview");
  screenshot (window, "timeline");
  screenshot (window, "agents");
  screenshot (window, "frameworks");
  screenshot (window, "tasks");

  /* Search narrows what is shown; clearing it brings everything back. */
  ms_window_set_search (window, "agent3.sim");
  wait_rows (window, "agents", 1);
  /* Once: the search entry's own delayed signal, after the search was
   * applied, does not filter the table again. (The sorted matches: the
   * table's rows would stay as they are.) */
  {
    GListModel *rows = ms_row_model_get_source (MS_ROW_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (ms_window_get_table (window, "agents")))));
    guint changes = 0;
    gulong handler = g_signal_connect_swapped (rows, "items-changed", G_CALLBACK (count_changes), &changes);

    ms_test_sleep (500);
    g_signal_handler_disconnect (rows, handler);
    g_assert_cmpuint (changes, ==, 0);
  }

  /* Its cells show the agent's values, and follow them as tasks come and
   * go on it (the workload changes 20 tasks a second over 12 agents).
   */
  g_assert_true (ms_test_wait_until (agent_row_current, window, 5000));
  {
    g_autofree char *before = dup_cell_text (window, 4);
    CellWait cell_wait = { window, before };

    g_assert_nonnull (before);
    g_assert_true (ms_test_wait_until (cpus_used_changed, &cell_wait, 10000));
  }

  ms_window_set_search (window, "");
  wait_rows (window, "agents", 12);

  /* Sorting by a column changes the order, not the rows (sorting runs in
   * steps, so wait for it).
   */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (ms_window_get_table (window, "agents"));
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) host = g_list_model_get_item (columns, 0);

    gtk_column_view_sort_by_column (view, host, GTK_SORT_DESCENDING);
    g_assert_true (ms_test_wait_until (sorted_descending, view, 5000));
    g_assert_cmpuint (shown_rows (window, "agents"), ==, 12);
  }
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (ms_window_get_table (window, "tasks"));
    g_autoptr(GtkColumnViewColumn) cpus = g_list_model_get_item (gtk_column_view_get_columns (view), 6);

    g_assert_cmpstr (gtk_column_view_column_get_title (cpus), ==, "CPUs");
    ms_window_show_page (window, "tasks");
    gtk_column_view_sort_by_column (view, cpus, GTK_SORT_ASCENDING);
    g_assert_true (ms_test_wait_until (tasks_by_cpus, view, 5000));
    /* Tasks come and go meanwhile: each goes where it belongs. */
    ms_test_sleep (1000);
    g_assert_true (tasks_by_cpus (view));

    /* Another column becomes the first to sort by. */
    {
      g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);

      gtk_column_view_sort_by_column (view, name, GTK_SORT_DESCENDING);
      g_assert_true (ms_test_wait_until (tasks_by_name_descending, view, 5000));
    }
  }

  /* Activating a row shows everything about it. */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (ms_window_get_table (window, "tasks"));
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint before = g_list_model_get_n_items (toplevels);

    ms_window_show_page (window, "tasks");
    g_signal_emit_by_name (view, "activate", 0);
    g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

        if (other != GTK_WINDOW (window) && gtk_window_get_transient_for (other) == GTK_WINDOW (window))
          {
            g_assert_true (ADW_IS_WINDOW (other));
            ms_test_sleep (300);
            gtk_window_destroy (other);
            break;
          }
      }
  }

  /* A forced failover: the new leader shows within a second. */
  {
    g_autofree char *reply = ms_sim_cluster_run_command (sim, "kill 1", &error);

    g_assert_no_error (error);
  }
  killed_at = g_get_monotonic_time ();
  wait.text = port2;
  g_assert_true (ms_test_wait_until (leader_shown, &wait, 1000));
  g_test_message ("the window showed the new leader %.1f ms after the kill",
                  (g_get_monotonic_time () - killed_at) / 1e3);
  g_assert_nonnull (ms_timeline_get_last (ms_window_get_timeline (window),
                                          MS_TIMELINE_EVENT_LEADER_ELECTED));
  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  screenshot (window, "timeline");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
model_attached (gpointer data)
{
  return gtk_column_view_get_model (data) != NULL;
}

typedef struct
{
  GtkColumnView *view;
  guint          n;
} CountWait;

static gboolean
tasks_shown (gpointer data)
{
  CountWait *wait = data;
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (wait->view));

  return table_filled (wait->view) && g_list_model_get_n_items (rows) == wait->n;
}

/* The rows on screen show the table's tasks in its order, in their first
 * (name) cell: row k after the first on screen shows the task k places
 * after its. A cell that kept an earlier item after a sort would show a
 * task now far down.
 */
static void
assert_rows_show_their_tasks (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  guint n = g_list_model_get_n_items (model);
  guint n_columns = g_list_model_get_n_items (gtk_column_view_get_columns (view));
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GPtrArray) on_screen = g_ptr_array_new ();
  guint first = 0;

  collect_cells (GTK_WIDGET (view), cells);
  g_assert_cmpuint (cells->len % n_columns, ==, 0);
  for (guint i = 0; i < cells->len; i += n_columns)
    if (gtk_widget_get_mapped (cells->pdata[i]))
      g_ptr_array_add (on_screen, (gpointer) ms_table_cell_get_text (cells->pdata[i]));
  g_assert_cmpuint (on_screen->len, >, 10);

  for (first = 0; first < n; first++)
    {
      g_autoptr(MsTask) task = row_item (model, first);

      if (task != NULL && g_strcmp0 (ms_task_get_name (task), on_screen->pdata[0]) == 0)
        break;
    }
  g_assert_cmpuint (first + on_screen->len, <=, n);
  for (guint k = 0; k < on_screen->len; k++)
    {
      g_autoptr(MsTask) task = row_item (model, first + k);

      g_assert_nonnull (task);
      g_assert_cmpstr (on_screen->pdata[k], ==, ms_task_get_name (task));
    }
}

static gboolean
sorted_and_filled (gpointer data)
{
  return tasks_by_name (data, TRUE) && table_filled (data);
}

static gboolean
sorted_ascending_and_filled (gpointer data)
{
  return tasks_by_name (data, FALSE) && table_filled (data);
}

/* A window on a simulated cluster of @tasks tasks and no churn, its tasks
 * table shown with every task in it. */
static MsWindow *
window_on_tasks (const char     *path,
                 guint           agents,
                 guint           frameworks,
                 guint           tasks,
                 MsSimCluster  **sim,
                 GtkColumnView **view)
{
  g_autofree char *url = ms_test_zk_url (zk, path);
  g_autoptr(MsZkUrl) zk_url = ms_zk_url_parse (url, NULL);
  g_autoptr(GError) error = NULL;
  MsSimOptions options;
  MsWindow *window;
  CountWait wait;

  ms_sim_options_init (&options);
  options.workload.agents = agents;
  options.workload.frameworks = frameworks;
  options.workload.tasks = tasks;
  options.workload.churn = 0;
  *sim = ms_test_sim_cluster_new (zk_url, &options);
  g_assert_true (ms_sim_cluster_start (*sim, &error));
  g_assert_true (ms_test_wait_until (sim_ready, *sim, WAIT_MS));

  window = ms_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ms_window_open_url (window, url, &error));
  ms_window_show_page (window, "tasks");
  *view = GTK_COLUMN_VIEW (ms_window_get_table (window, "tasks"));
  g_assert_true (ms_test_wait_until (model_attached, *view, WAIT_MS));
  wait.view = *view;
  wait.n = tasks;
  g_assert_true (ms_test_wait_until (tasks_shown, &wait, WAIT_MS));

  return window;
}

/* The name shown by the one row drawn selected, or NULL if none is, or
 * more. GTK keeps rows for the first ~200 positions: mapped or not. */
static const char *
selected_row_name (GtkColumnView *view)
{
  guint n_columns = g_list_model_get_n_items (gtk_column_view_get_columns (view));
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  const char *name = NULL;
  guint selected = 0;

  collect_cells (GTK_WIDGET (view), cells);
  for (guint i = 0; i < cells->len; i += n_columns)
    {
      for (GtkWidget *w = cells->pdata[i]; w != GTK_WIDGET (view); w = gtk_widget_get_parent (w))
        if (gtk_widget_get_state_flags (w) & GTK_STATE_FLAG_SELECTED)
          {
            name = ms_table_cell_get_text (cells->pdata[i]);
            selected++;
            break;
          }
    }

  return selected == 1 ? name : NULL;
}

/* Where the task whose name sorts last is. */
static guint
last_by_name (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autofree char *last = NULL;
  guint at = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsTask) task = row_item (model, i);
      g_autofree char *folded = g_utf8_casefold (ms_task_get_name (task), -1);

      if (last == NULL || g_utf8_collate (folded, last) > 0)
        {
          g_free (last);
          last = g_steal_pointer (&folded);
          at = i;
        }
    }

  return at;
}

static GHashTable *
cell_set (GtkColumnView *view)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  GHashTable *set = g_hash_table_new (NULL, NULL);

  collect_cells (GTK_WIDGET (view), cells);
  for (guint i = 0; i < cells->len; i++)
    g_hash_table_add (set, cells->pdata[i]);

  return set;
}

/* Sorting 1,000 tasks shows other tasks in every row on screen, in the
 * same row and cell widgets, and the selected task is still selected
 * afterwards, where it is now.
 */
static void
test_sort_keeps_selection (void)
{
  g_autofree char *path = ms_test_unique_path ("window");
  g_autoptr(MsSimCluster) sim = NULL;
  g_autoptr(GObject) selected = NULL;
  g_autoptr(GtkColumnViewColumn) name = NULL;
  g_autoptr(GHashTable) cells_before = NULL;
  g_autoptr(GHashTable) cells_after = NULL;
  MsWindow *window;
  GtkColumnView *view;
  MsRowModel *rows;
  guint changes = 0;
  gulong handler;

  window = window_on_tasks (path, 10, 2, 1000, &sim, &view);

  /* The task the sort brings to the top, selected where it is now. */
  rows = MS_ROW_MODEL (gtk_column_view_get_model (view));
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), last_by_name (view), TRUE));
  selected = g_object_ref (ms_row_model_get_selected_item (rows));
  g_assert_nonnull (selected);
  cells_before = cell_set (view);

  handler = g_signal_connect_swapped (rows, "items-changed", G_CALLBACK (count_changes), &changes);
  name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  gtk_column_view_sort_by_column (view, name, GTK_SORT_DESCENDING);
  g_assert_true (ms_test_wait_until (sorted_and_filled, view, WAIT_MS));
  ms_test_sleep (100);
  g_signal_handler_disconnect (rows, handler);

  /* No row came or went: the same widgets show other tasks. */
  g_assert_cmpuint (changes, ==, 0);
  cells_after = cell_set (view);
  g_assert_cmpuint (g_hash_table_size (cells_after), ==, g_hash_table_size (cells_before));
  {
    GHashTableIter iter;
    gpointer cell;

    g_hash_table_iter_init (&iter, cells_after);
    while (g_hash_table_iter_next (&iter, &cell, NULL))
      g_assert_true (g_hash_table_contains (cells_before, cell));
  }
  assert_rows_show_their_tasks (view);
  {
    guint position = ms_row_model_get_selected (rows);
    g_autoptr(GObject) shown = NULL;

    g_assert_cmpuint (position, ==, 0);
    shown = ms_row_model_dup_item (rows, position);
    g_assert_true (shown == selected);
    g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (rows), position));
  }
  /* Drawn selected: the row that shows it now, and no other. */
  g_assert_cmpstr (selected_row_name (view), ==, ms_task_get_name (MS_TASK (selected)));

  /* A task far down whose place after the sort is among the first rows. */
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), 900, TRUE));
  g_clear_object (&selected);
  selected = g_object_ref (ms_row_model_get_selected_item (rows));
  gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
  g_assert_true (ms_test_wait_until (sorted_ascending_and_filled, view, WAIT_MS));
  ms_test_sleep (100);
  g_assert_cmpuint (ms_row_model_get_selected (rows), ==, 99);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (rows), 99));
  g_assert_cmpstr (selected_row_name (view), ==, ms_task_get_name (MS_TASK (selected)));
  assert_rows_show_their_tasks (view);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The most rows a frame brought or took in a table's first 200. */
typedef struct
{
  GtkWidget *view;
  gint64     frame;
  guint      in_frame;
  guint      most;
} RowsPerFrame;

static void
count_rows_per_frame (GListModel   *rows,
                      guint         position,
                      guint         removed,
                      guint         added,
                      RowsPerFrame *count)
{
  gint64 frame = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (count->view));

  if (frame != count->frame)
    {
      count->frame = frame;
      count->in_frame = 0;
    }
  count->in_frame += MIN (position + removed + added, 200) - MIN (position, 200);
  count->most = MAX (count->most, count->in_frame);
}

/* The filter has looked at every task, and the matches are sorted and
 * shown. */
static gboolean
search_settled (GtkColumnView *view)
{
  GtkFilterListModel *filtered = g_object_get_data (G_OBJECT (view), "ms-filter-model");
  MsSortModel *sorted = g_object_get_data (G_OBJECT (view), "ms-sort-model");

  return gtk_filter_list_model_get_pending (filtered) == 0 && !ms_sort_model_get_sorting (sorted) &&
         table_filled (view);
}

static gboolean
search_done (gpointer data)
{
  return search_settled (data) && tasks_by_name (data, TRUE);
}

static gboolean
search_found_none (gpointer data)
{
  return search_settled (data) &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (data))) == 0;
}

/* A search shows its matches from the top. They come a few hundred at a
 * time, each in its sorted place, and GTK keeps the item at the top of the
 * view where it is: matches sorted before it pushed the view down, to the
 * middle of the results.
 */
static void
test_search_shows_first_matches (void)
{
  g_autofree char *path = ms_test_unique_path ("window-search");
  g_autoptr(MsSimCluster) sim = NULL;
  g_autoptr(GtkColumnViewColumn) name = NULL;
  MsWindow *window;
  GtkColumnView *view;
  GtkAdjustment *adjustment;
  RowsPerFrame count = { NULL, -1, 0, 0 };
  gulong handler;
  guint n;

  window = window_on_tasks (path, 20, 4, 6000, &sim, &view);

  name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  gtk_column_view_sort_by_column (view, name, GTK_SORT_DESCENDING);
  g_assert_true (ms_test_wait_until (sorted_and_filled, view, WAIT_MS));
  /* Rows come and go at most 25 a frame in the first 200 throughout. */
  count.view = GTK_WIDGET (view);
  handler = g_signal_connect (gtk_column_view_get_model (view), "items-changed",
                              G_CALLBACK (count_rows_per_frame), &count);

  /* About one task in nine matches, all through the sorted order. */
  ms_window_set_search (window, "task-1");
  g_assert_true (ms_test_wait_until (search_done, view, WAIT_MS));
  ms_test_sleep (200);
  n = g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
  g_assert_cmpuint (n, >, 500);
  g_assert_cmpuint (n, <, 6000);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
  assert_rows_show_their_tasks (view);

  /* A search nothing matches: no row is left. */
  ms_window_set_search (window, "no task is named this");
  g_assert_true (ms_test_wait_until (search_found_none, view, WAIT_MS));

  /* And once cleared, every task from the top. */
  ms_window_set_search (window, "");
  g_assert_true (ms_test_wait_until (search_done, view, WAIT_MS));
  ms_test_sleep (200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 6000);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
  assert_rows_show_their_tasks (view);
  g_signal_handler_disconnect (gtk_column_view_get_model (view), handler);
  g_assert_cmpuint (count.most, >, 0);
  g_assert_cmpuint (count.most, <=, 25);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
masters_use_https (MsWindow *window)
{
  gboolean on = FALSE;

  g_object_get (window, "masters-use-https", &on, NULL);

  return on;
}

static guint
n_https_clusters (GSettings *settings)
{
  g_auto(GStrv) https = g_settings_get_strv (settings, "https-clusters");

  return g_strv_length (https);
}

/* Types into the window's credentials dialog and connects, as a person would. */
static void
answer_credentials (GtkWidget  *dialog,
                    const char *user,
                    const char *password)
{
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "user"), user);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "password"), password);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
auth_asked (gpointer data)
{
  return ms_window_get_auth_dialog (data) != NULL;
}

/* A master that wants HTTP authentication: the window asks, and connects
 * with what is typed.
 */
static void
test_asks_credentials (void)
{
  g_autofree char *path = ms_test_unique_path ("window-auth");
  g_autofree char *url = ms_test_zk_url (zk, path);
  g_autoptr(MsZkUrl) zk_url = ms_zk_url_parse (url, NULL);
  g_autoptr(GHashTable) credentials = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(MsSimCluster) sim = NULL;
  g_autoptr(GError) error = NULL;
  MsSimOptions options;
  MsWindow *window;

  g_hash_table_insert (credentials, "ops", "s3cret");
  ms_sim_options_init (&options);
  options.credentials = credentials;
  options.workload.agents = 3;
  options.workload.tasks = 6;
  sim = ms_test_sim_cluster_new (zk_url, &options);
  g_assert_true (ms_sim_cluster_start (sim, &error));
  g_assert_true (ms_test_wait_until (sim_ready, sim, WAIT_MS));

  window = ms_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ms_window_open_url (window, url, &error));
  g_assert_true (ms_test_wait_until (auth_asked, window, WAIT_MS));

  answer_credentials (ms_window_get_auth_dialog (window), "ops", "s3cret");

  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ZooKeeper's ACL keeps the group from anyone without alice's digest:
 * the window asks for ZooKeeper credentials, then shows the cluster, and
 * the password goes nowhere but the detector (and the keyring, absent
 * here): not into recent clusters or the title.
 */
static void
test_asks_zk_credentials (void)
{
  g_autofree char *path = ms_test_unique_path ("window-zk-auth");
  g_autofree char *plain = ms_test_zk_url (zk, path);
  g_autoptr(MsZkUrl) plain_url = ms_zk_url_parse (plain, NULL);
  /* A password a URL could not hold as typed. */
  g_autoptr(MsZkUrl) sim_url = ms_zk_url_copy_with_credentials (plain_url, "alice", "s3/cr@t", NULL);
  g_autoptr(MsTestZkClient) client = ms_test_zk_client_new (zk, "alice:s3/cr@t");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MsSimCluster) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) recent = NULL;
  MsSimOptions options;
  MsWindow *window;
  GtkWidget *dialog;

  /* Only alice may read the group. */
  g_assert_cmpint (ms_test_zk_client_create (client, path, "", 0, 0, TRUE, NULL), ==, ZOK);
  ms_sim_options_init (&options);
  options.n_masters = 2;
  options.workload.agents = 3;
  options.workload.tasks = 6;
  sim = ms_test_sim_cluster_new (sim_url, &options);
  g_assert_true (ms_sim_cluster_start (sim, &error));
  g_assert_true (ms_test_wait_until (sim_ready, sim, WAIT_MS));

  window = ms_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ms_window_open_url (window, plain, &error));
  g_assert_true (ms_test_wait_until (auth_asked, window, WAIT_MS));

  dialog = ms_window_get_auth_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "ZooKeeper"));
  answer_credentials (dialog, "alice", "s3/cr@t");

  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  g_assert_nonnull (ms_leader_detector_get_leader (ms_window_get_detector (window)));
  g_assert_null (ms_window_get_auth_dialog (window));

  recent = g_settings_get_strv (settings, "recent-clusters");
  g_assert_cmpstr (recent[0], ==, plain);
  for (guint i = 0; recent[i] != NULL; i++)
    g_assert_null (strstr (recent[i], "s3/cr@t"));

  /* A choice that opens the cluster again keeps the credentials given
   * (there is no keyring here): HTTPS on (this simulator speaks HTTP),
   * then off, and the stream is live again without a question.
   */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.masters-use-https", NULL);
  g_assert_true (masters_use_https (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.masters-use-https", NULL);
  g_assert_false (masters_use_https (window));
  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  g_assert_null (ms_window_get_auth_dialog (window));

  g_settings_reset (settings, "https-clusters");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  MsWindow   *window;
  const char *needle;
} TimelineWait;

static gboolean
timeline_says (gpointer data)
{
  TimelineWait *wait = data;
  GListModel *timeline = G_LIST_MODEL (ms_window_get_timeline (wait->window));

  for (guint i = 0; timeline && i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(MsTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (strstr (ms_timeline_event_get_message (event), wait->needle))
        return TRUE;
    }

  return FALSE;
}

static GtkWidget *
find_dialog (MsWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (other) && gtk_window_get_transient_for (other) == GTK_WINDOW (window))
        return GTK_WIDGET (other);
    }

  return NULL;
}

/* A master served over HTTPS with a self-signed certificate (made with
 * openssl for this test): refused by default with the reason; connecting
 * anyway takes an explicit choice in a dialog, holds for that cluster only
 * and stays visible; "Verify Again" undoes it; the certificate given as
 * the CA file is then trusted.
 */
static void
test_tls_opt_out (void)
{
  g_autofree char *path = ms_test_unique_path ("window-tls");
  g_autofree char *zk_text = ms_test_zk_url (zk, path);
  g_autoptr(MsZkUrl) zk_url = ms_zk_url_parse (zk_text, NULL);
  g_autofree char *dir = g_dir_make_tmp ("mesoscope-tls-XXXXXX", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GTlsCertificate) certificate = ms_test_certificate_new (dir, "IP:127.0.0.1,DNS:localhost", &cert);
  g_autoptr(MsSimCluster) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) unverified = NULL;
  MsSimOptions options;
  MsWindow *window;
  GtkWidget *dialog;
  TimelineWait refused;

  ms_sim_options_init (&options);
  options.n_masters = 1;
  options.workload.agents = 3;
  options.workload.tasks = 6;
  options.tls_certificate = certificate;
  sim = ms_test_sim_cluster_new (zk_url, &options);
  g_assert_true (ms_sim_cluster_start (sim, &error));
  g_assert_true (ms_test_wait_until (sim_ready, sim, WAIT_MS));
  url = g_strdup_printf ("https://127.0.0.1:%u",
                         ms_sim_master_get_port (ms_sim_cluster_get_master (sim, 1)));

  /* Verified by default: refused, with the reason. */
  window = ms_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ms_window_open_url (window, url, &error));
  refused = (TimelineWait) { window, "TLS with 127.0.0.1" };
  g_assert_true (ms_test_wait_until (timeline_says, &refused, WAIT_MS));
  g_assert_true (ms_cluster_get_stale (ms_window_get_cluster (window)));
  g_assert_false (ms_window_get_tls_unverified (window));

  /* Connecting anyway: asked first; cancelling changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.skip-tls-verification", NULL);
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (ms_window_get_tls_unverified (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.skip-tls-verification", NULL);
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  g_assert_true (ms_window_get_tls_unverified (window));
  unverified = g_settings_get_strv (settings, "tls-unverified-clusters");
  g_assert_true (g_strv_equal ((const char * const *)unverified, (const char * const[]) { url, NULL }));
  g_clear_pointer (&unverified, g_strfreev);

  /* Verify again: refused again, and forgotten. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.verify-tls", NULL);
  g_assert_false (ms_window_get_tls_unverified (window));
  g_assert_true (ms_test_wait_until (timeline_says, &refused, WAIT_MS));
  g_assert_true (ms_cluster_get_stale (ms_window_get_cluster (window)));
  unverified = g_settings_get_strv (settings, "tls-unverified-clusters");
  g_assert_cmpuint (g_strv_length (unverified), ==, 0);

  /* The certificate as the CA to trust: verified, and live. */
  g_settings_set_string (settings, "tls-ca-file", cert);
  g_assert_true (ms_window_open_url (window, url, &error));
  g_assert_no_error (error);
  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  g_assert_false (ms_window_get_tls_unverified (window));

  /* The switch is for zk:// clusters only: with a master's URL it does
   * nothing.
   */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.masters-use-https", NULL);
  g_assert_false (masters_use_https (window));
  g_assert_cmpuint (n_https_clusters (settings), ==, 0);

  /* Through ZooKeeper: the leader's member names its host and port, not
   * its scheme. Plain HTTP gets nowhere; "Masters Use HTTPS" reaches it (by
   * its host name, localhost), for that cluster, remembered; turned off,
   * plain HTTP gets nowhere again.
   */
  g_assert_true (ms_window_open_url (window, zk_text, &error));
  g_assert_no_error (error);
  refused = (TimelineWait) { window, "Cannot reach the master at 127.0.0.1" };
  g_assert_true (ms_test_wait_until (timeline_says, &refused, WAIT_MS));
  g_assert_true (ms_cluster_get_stale (ms_window_get_cluster (window)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.masters-use-https", NULL);
  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  g_assert_true (masters_use_https (window));
  {
    g_auto(GStrv) https = g_settings_get_strv (settings, "https-clusters");

    g_assert_cmpuint (g_strv_length (https), ==, 1);
    g_assert_true (g_str_has_prefix (https[0], "zk://"));
  }

  /* Without the CA file the leader's certificate is refused; connecting
   * anyway is offered and asked for as with a master's URL, and holds for
   * this zk:// cluster.
   */
  g_settings_reset (settings, "tls-ca-file");
  g_assert_true (ms_window_open_url (window, zk_text, &error));
  g_assert_no_error (error);
  refused = (TimelineWait) { window, "TLS with localhost" };
  g_assert_true (ms_test_wait_until (timeline_says, &refused, WAIT_MS));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.skip-tls-verification", NULL);
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (ms_test_wait_until (stream_live, window, WAIT_MS));
  g_assert_true (ms_window_get_tls_unverified (window));
  g_assert_true (masters_use_https (window));
  /* Unverified, by its IP: a host name need not resolve here. */
  refused = (TimelineWait) { window, "Subscribed to 127.0.0.1" };
  g_assert_true (ms_test_wait_until (timeline_says, &refused, WAIT_MS));
  unverified = g_settings_get_strv (settings, "tls-unverified-clusters");
  g_assert_cmpuint (g_strv_length (unverified), ==, 1);
  g_assert_true (g_str_has_prefix (unverified[0], "zk://"));
  g_clear_pointer (&unverified, g_strfreev);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.masters-use-https", NULL);
  g_assert_false (masters_use_https (window));
  g_assert_cmpuint (n_https_clusters (settings), ==, 0);
  refused = (TimelineWait) { window, "Cannot reach the master at 127.0.0.1" };
  g_assert_true (ms_test_wait_until (timeline_says, &refused, WAIT_MS));
  g_assert_true (ms_cluster_get_stale (ms_window_get_cluster (window)));
  /* Still unverified for this cluster, but nothing to say so over HTTP. */
  g_assert_false (ms_window_get_tls_unverified (window));

  g_settings_reset (settings, "https-clusters");
  g_settings_reset (settings, "tls-unverified-clusters");
  g_settings_reset (settings, "tls-ca-file");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (cert);
  g_unlink (key);
  g_rmdir (dir);
}

static void
setup_string_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  numeric)
{
  gtk_list_item_set_child (item, ms_table_cell_new (GPOINTER_TO_INT (numeric)));
}

static void
bind_string_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  numeric)
{
  ms_table_cell_set_text (MS_TABLE_CELL (gtk_list_item_get_child (item)),
                          gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static gboolean
cell_drawn (gpointer data)
{
  return gtk_widget_get_height (data) > 0 && gtk_widget_get_mapped (data);
}

typedef struct
{
  GtkWidget *cell;
  int        height;
} Resized;

static gboolean
cell_taller (gpointer data)
{
  Resized *resized = data;

  return gtk_widget_get_height (resized->cell) > resized->height * 3 / 2;
}

static int
natural_width (gpointer widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);

  return natural;
}

/* Table cells measure from their table's font, once per font: when it
 * changes (here by CSS, as with a larger text setting), they are measured
 * again.
 */
static void
test_table_cell_follows_font (void)
{
  const char *items[] = { "agent1.sim", "a much longer text than the column has room for", NULL };
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (
      gtk_no_selection_new (G_LIST_MODEL (gtk_string_list_new (items)))));
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  Resized resized;
  int natural;

  for (guint i = 0; i < 2; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_string_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_string_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (i ? "Number" : "Text", factory);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  collect_cells (view, cells);
  g_assert_cmpuint (cells->len, ==, 4);
  g_assert_true (ms_test_wait_until (cell_drawn, cells->pdata[0], 5000));
  g_assert_cmpstr (ms_table_cell_get_text (cells->pdata[0]), ==, "agent1.sim");
  /* About 16 characters wide, whatever the text; numbers about 8. */
  natural = natural_width (cells->pdata[0]);
  g_assert_cmpint (natural, ==, natural_width (cells->pdata[2]));
  /* Whole pixels, rounded up from the font's character width. */
  g_assert_cmpint (ABS (natural - 2 * natural_width (cells->pdata[1])), <=, 1);

  resized.cell = cells->pdata[0];
  resized.height = gtk_widget_get_height (resized.cell);
  gtk_css_provider_load_from_data (provider, "columnview { font-size: 40px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_assert_true (ms_test_wait_until (cell_taller, &resized, 5000));
  g_assert_cmpint (natural_width (cells->pdata[0]), >, natural * 3 / 2);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
touch (const char *dir,
       const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A GPU shows as a render node, or NVIDIA's control device; a display
 * device alone (card0) is no GPU. */
static void
test_renderer_gpu_device (void)
{
  g_autofree char *dev = g_dir_make_tmp ("mesoscope-dev-XXXXXX", NULL);

  g_assert_nonnull (dev);
  g_assert_false (ms_renderer_has_gpu_device (dev));
  touch (dev, "dri/card0");
  g_assert_false (ms_renderer_has_gpu_device (dev));
  touch (dev, "dri/renderD128");
  g_assert_true (ms_renderer_has_gpu_device (dev));
  remove_tree (dev);

  g_assert_cmpint (g_mkdir (dev, 0700), ==, 0);
  touch (dev, "nvidiactl");
  g_assert_true (ms_renderer_has_gpu_device (dev));
  remove_tree (dev);
  g_assert_false (ms_renderer_has_gpu_device (dev));
}

/* With no GPU, GTK starts with OpenGL off, its other debug flags kept;
 * GSK_RENDERER or a render node leaves it alone. In a process of its own:
 * the choice holds for the process. */
static void
test_renderer_gl_off_without_gpu (void)
{
  g_autofree char *dev = NULL;

  if (g_test_subprocess ())
    {
      dev = g_dir_make_tmp ("mesoscope-dev-XXXXXX", NULL);
      g_assert_nonnull (dev);

      g_setenv ("GSK_RENDERER", "gl", TRUE);
      g_setenv ("GDK_DEBUG", "events", TRUE);
      g_assert_false (ms_renderer_before_gtk_init (dev));
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "events");

      g_unsetenv ("GSK_RENDERER");
      g_assert_true (ms_renderer_before_gtk_init (dev));
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "events,gl-disable");

      g_unsetenv ("GDK_DEBUG");
      g_assert_true (ms_renderer_before_gtk_init (dev));
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");

      g_unsetenv ("GDK_DEBUG");
      touch (dev, "dri/renderD128");
      g_assert_false (ms_renderer_before_gtk_init (dev));
      g_assert_null (g_getenv ("GDK_DEBUG"));
      remove_tree (dev);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_renderer_is_software_gl (void)
{
  g_assert_true (ms_renderer_is_software_gl ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_false (ms_renderer_is_software_gl ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (ms_renderer_is_software_gl ("AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49)"));
  g_assert_false (ms_renderer_is_software_gl (NULL));
}

static gboolean
realized (gpointer data)
{
  return gtk_widget_get_realized (data);
}

static const char *
renderer_of_new_window (void)
{
  MsWindow *window = ms_window_new (NULL);
  const char *name;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ms_test_wait_until (realized, window, 5000));
  name = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window)));
  gtk_window_destroy (GTK_WINDOW (window));

  return name;
}

/* Under Xvfb, OpenGL is Mesa's llvmpipe: our windows draw with cairo
 * (see ms-renderer.c), unless GSK_RENDERER says otherwise.
 */
static void
test_renderer_choice (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autofree char *gl_renderer = NULL;

  if (g_test_subprocess ())
    {
      /* Before any window: GTK reads GSK_RENDERER once. (This process
       * runs no other threads that read the environment yet.) */
      g_setenv ("GSK_RENDERER", "gl", TRUE);
      g_assert_cmpstr (renderer_of_new_window (), ==, "GskGLRenderer");
      g_assert_null (g_object_get_data (G_OBJECT (display), "gsk-renderer"));
      return;
    }

  gl_renderer = ms_renderer_dup_gl_renderer (display);
  g_test_message ("OpenGL renderer: %s", gl_renderer ? gl_renderer : "(none)");
  /* build-aux/test.sh runs Xvfb, whose OpenGL is Mesa's llvmpipe; a
   * developer's own display may have a GPU. */
  if (g_getenv ("GSK_RENDERER") != NULL || !ms_renderer_is_software_gl (gl_renderer))
    {
      g_test_skip ("needs OpenGL on llvmpipe (Xvfb) and no GSK_RENDERER");
      return;
    }
  g_assert_cmpstr (renderer_of_new_window (), ==, "GskCairoRenderer");
  /* Other windows on the display draw alike. */
  g_assert_cmpstr (renderer_of_new_window (), ==, "GskCairoRenderer");

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* No application: registering one needs a session bus, which a test
   * machine need not have. Windows work without. The renderer test's
   * subprocess needs no ZooKeeper.
   */
  if (!g_test_subprocess ())
    zk = ms_test_zk_start ();

  g_test_add_func ("/ms/window/welcome-rejects-bad-urls", test_welcome_rejects_bad_urls);
  g_test_add_func ("/ms/window/table-cell-follows-font", test_table_cell_follows_font);
  g_test_add_func ("/ms/window/renderer/is-software-gl", test_renderer_is_software_gl);
  g_test_add_func ("/ms/window/renderer/gpu-device", test_renderer_gpu_device);
  g_test_add_func ("/ms/window/renderer/gl-off-without-gpu", test_renderer_gl_off_without_gpu);
  g_test_add_func ("/ms/window/renderer/choice", test_renderer_choice);
  g_test_add_func ("/ms/window/first-frame-shows-cluster", test_first_frame_shows_cluster);
  g_test_add_func ("/ms/window/ca-file-setting", test_ca_file_setting);
  g_test_add_func ("/ms/window/on-sim", test_window_on_sim);
  g_test_add_func ("/ms/window/sort-keeps-selection", test_sort_keeps_selection);
  g_test_add_func ("/ms/window/search-shows-first-matches", test_search_shows_first_matches);
  g_test_add_func ("/ms/window/asks-credentials", test_asks_credentials);
  g_test_add_func ("/ms/window/tls-opt-out", test_tls_opt_out);
  g_test_add_func ("/ms/window/asks-zk-credentials", test_asks_zk_credentials);

  ret = g_test_run ();

  ms_test_zk_free (zk);

  return ret;
}
