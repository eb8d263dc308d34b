/* ms-window.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-window"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "ms-candidate.h"
#include "ms-column-sorter.h"
#include "ms-details-window.h"
#include "ms-error.h"
#include "ms-json-tree.h"
#include "ms-master-info.h"
#include "ms-renderer.h"
#include "ms-row-model.h"
#include "ms-sort-model.h"
#include "ms-table-cell.h"
#include "ms-window.h"
#include "ms-zk-url.h"

#define MAX_RECENT 10
/* Views follow the model at most this often: events can arrive far faster
 * than anyone can read them.
 */
#define REFRESH_MS 100

/*
 * MsWindow shows one cluster: the leader and candidates from ZooKeeper,
 * the timeline, and the agents, frameworks and tasks of the operator stream,
 * each a GtkColumnView over the core's live GListModels (sorted and filtered
 * incrementally, rows updated in place through property bindings).
 */
struct _MsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkToggleButton      *search_button;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkImage             *banner_icon;
  GtkLabel             *banner_label;
  GtkWidget            *banner_button;
  GtkRevealer          *tls_revealer;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *state_filter;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwEntryRow          *url_row;
  GtkLabel             *url_error;
  GtkWidget            *recent_group;
  GtkListBox           *recent_list;
  AdwViewStack         *view_stack;
  AdwActionRow         *leader_row;
  AdwActionRow         *leader_since_row;
  AdwActionRow         *zk_row;
  AdwActionRow         *stream_row;
  GtkListBox           *candidates_list;
  AdwActionRow         *agents_row;
  AdwActionRow         *frameworks_row;
  AdwActionRow         *tasks_row;
  GtkLevelBar          *cpus_bar;
  GtkLevelBar          *mem_bar;
  AdwActionRow         *cpus_row;
  AdwActionRow         *mem_row;
  GtkListBox           *timeline_list;
  GtkColumnView        *agents_view;
  GtkColumnView        *frameworks_view;
  GtkColumnView        *tasks_view;

  /* The cluster */
  GSettings            *settings;
  char                 *url;
  MsTimeline           *timeline;
  MsLeaderDetector     *detector;
  MsCluster            *cluster;
  MsOperatorClient     *client;
  GtkCustomFilter      *agents_filter;
  GtkCustomFilter      *frameworks_filter;
  GtkCustomFilter      *tasks_filter;
  char                 *search;
  const char           *state;
  guint                 refresh_id;
  MsMasterInfo         *notified_leader;
  GtkWidget            *auth_dialog;
  GCancellable         *cancellable;
  gboolean              tls_unverified;   /* by the user's choice, for this cluster */
  gboolean              masters_https;    /* for a zk:// cluster, by the user's choice */
  gboolean              zk_credentials;   /* the group was opened with digest credentials */
};

G_DEFINE_FINAL_TYPE (MsWindow, ms_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MASTERS_USE_HTTPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const task_states[] = {
  "TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_UNREACHABLE",
  "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED",
  "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN",
};

static void schedule_refresh (MsWindow *self);

/* ---- tables ------------------------------------------------------------ */

typedef enum
{
  COLUMN_TEXT,
  COLUMN_NUMBER,
  COLUMN_YES_NO,
} ColumnKind;

typedef struct
{
  const char *property;
  ColumnKind  kind;
} Column;

static gboolean
to_text (GBinding     *binding,
         const GValue *from,
         GValue       *to,
         gpointer      user_data)
{
  Column *column = user_data;

  switch (column->kind)
    {
    case COLUMN_NUMBER:
      if (G_VALUE_HOLDS_DOUBLE (from))
        g_value_take_string (to, g_strdup_printf ("%g", g_value_get_double (from)));
      else
        g_value_take_string (to, g_strdup_printf ("%u", g_value_get_uint (from)));
      break;

    case COLUMN_YES_NO:
      g_value_set_string (to, g_value_get_boolean (from) ? _("yes") : _("no"));
      break;

    case COLUMN_TEXT:
    default:
      g_value_set_string (to, g_value_get_string (from));
      break;
    }

  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            Column                   *column)
{
  /* A light widget of our own: a table holds about 1,600 of them, made
   * 25 rows a frame as it fills (see ms-table-cell.c).
   */
  GtkWidget *cell = ms_table_cell_new (column->kind == COLUMN_NUMBER);

  gtk_list_item_set_child (item, cell);
  g_object_set_data (G_OBJECT (item), "ms-column", column);
}

/* The cell follows its item's property, or shows nothing without one.
 *
 * A cell keeps its binding while its row shows the same item: GTK 4.8
 * binds a cell again with the same row (its position's or selection's
 * change), and a binding is made anew only for another item.
 */
static void
show_item (GtkListItem *item,
           GObject     *object)
{
  Column *column = g_object_get_data (G_OBJECT (item), "ms-column");
  GBinding *binding = g_object_get_data (G_OBJECT (item), "binding");

  if (binding != NULL)
    {
      g_autoptr(GObject) bound = g_binding_dup_source (binding);

      if (bound == object)
        return;
      g_binding_unbind (binding);
      g_object_set_data (G_OBJECT (item), "binding", NULL);
    }

  if (object == NULL)
    {
      ms_table_cell_set_text (MS_TABLE_CELL (gtk_list_item_get_child (item)), NULL);
      return;
    }

  /* Our own reference: the binding can be unbound whatever became of
   * its source. */
  binding = g_object_bind_property_full (object, column->property,
                                         gtk_list_item_get_child (item), "text",
                                         G_BINDING_SYNC_CREATE, to_text, NULL, column, NULL);
  g_object_set_data_full (G_OBJECT (item), "binding", g_object_ref (binding), g_object_unref);
}

static void
on_row_item_changed (MsRow       *row,
                     GParamSpec  *pspec,
                     GtkListItem *item)
{
  show_item (item, ms_row_get_item (row));
}

/* A table's items are its rows (see ms-row-model.c): a row keeps its
 * widgets through a sort, and its cells follow the item it shows.
 */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           Column                   *column)
{
  MsRow *row = gtk_list_item_get_item (item);
  MsRow *followed = g_object_get_data (G_OBJECT (item), "ms-row");

  if (followed != row)
    {
      if (followed != NULL)
        g_signal_handlers_disconnect_by_func (followed, on_row_item_changed, item);
      g_object_set_data_full (G_OBJECT (item), "ms-row", g_object_ref (row), g_object_unref);
      g_signal_connect_object (row, "notify::item", G_CALLBACK (on_row_item_changed), item, 0);
    }
  show_item (item, ms_row_get_item (row));
}

static void
teardown_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               Column                   *column)
{
  g_autoptr(GObject) binding = g_object_steal_data (G_OBJECT (item), "binding");
  g_autoptr(GObject) row = g_object_steal_data (G_OBJECT (item), "ms-row");

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_item_changed, item);
  if (binding != NULL)
    g_binding_unbind (G_BINDING (binding));
}

static void
add_column (GtkColumnView *view,
            GType          type,
            const char    *title,
            const char    *property,
            ColumnKind     kind,
            gboolean       expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  /* The table's model sorts by it itself (see ms-column-sorter.c). */
  g_autoptr(MsColumnSorter) sorter = ms_column_sorter_new (type, property, kind != COLUMN_TEXT);
  Column *spec = g_new0 (Column, 1);

  spec->property = property;
  spec->kind = kind;
  g_object_set_data_full (G_OBJECT (factory), "column", spec, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), spec);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), spec);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cell), spec);

  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (view, column);
}

/* GTK 4.8 builds the rows of up to 200 items at once; a table gains or
 * loses at most 25 rows a frame in its first 256 positions (see
 * ms-row-model.c). At the top of a table GTK 4.8 keeps rows for the first
 * 203 items (200 after its anchor, 2 more, and the anchor): 256 covers
 * them with a margin, and past it rows come and go at once, where GTK
 * makes none.
 */
#define FILL_STEP 25
#define FILL_FULL 256

/* Once a frame, before layout: the rows take in the source's changes and
 * come or go a step (see ms-row-model.c). */
static gboolean
fill_tick (GtkWidget     *view,
           GdkFrameClock *clock,
           gpointer       data)
{
  MsRowModel *rows = data;
  gboolean current = gtk_column_view_get_model (GTK_COLUMN_VIEW (view)) == GTK_SELECTION_MODEL (rows);

  if (current)
    ms_row_model_update (rows);
  if (current && ms_row_model_get_filling (rows))
    return G_SOURCE_CONTINUE;

  g_object_set_data (G_OBJECT (rows), "ms-filling", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_filling_changed (MsRowModel *rows,
                    GParamSpec *pspec,
                    GtkWidget  *view)
{
  if (ms_row_model_get_filling (rows) && g_object_get_data (G_OBJECT (rows), "ms-filling") == NULL)
    {
      gtk_widget_add_tick_callback (view, fill_tick, g_object_ref (rows), g_object_unref);
      g_object_set_data (G_OBJECT (rows), "ms-filling", GINT_TO_POINTER (TRUE));
    }
}

/* A new search or state filter fills a table anew, its matches coming a
 * few hundred at a time, each in its sorted place. A table keeps its
 * place as its rows change (see ms-row-model.c), and as they go a table
 * scrolled down would show the matches from wherever it was. A table
 * whose filter changed is held at its top until the filter has looked at
 * every item and the matches are sorted and shown, for at most
 * HOLD_AT_TOP_US: a person scrolling down must not be pulled back for long
 * (under churn a table may never be done).
 */
#define HOLD_AT_TOP_US (3 * G_USEC_PER_SEC)

/* As many rows as the source has items. (Rows that may still show
 * another item are updated before the frame is drawn: under churn there
 * are such rows in most frames.) */
static gboolean
rows_all_there (MsRowModel *rows)
{
  return g_list_model_get_n_items (G_LIST_MODEL (rows)) ==
         g_list_model_get_n_items (ms_row_model_get_source (rows));
}

static gboolean
table_done (GtkColumnView *view)
{
  GtkFilterListModel *filtered = g_object_get_data (G_OBJECT (view), "ms-filter-model");
  MsSortModel *sorted = g_object_get_data (G_OBJECT (view), "ms-sort-model");
  GtkSelectionModel *rows = gtk_column_view_get_model (view);

  return filtered == NULL || sorted == NULL || rows == NULL ||
         (gtk_filter_list_model_get_pending (filtered) == 0 && !ms_sort_model_get_sorting (sorted) &&
          rows_all_there (MS_ROW_MODEL (rows)));
}

static void
to_top (GtkColumnView *view)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GtkSelectionModel *rows = gtk_column_view_get_model (view);

  /* An empty list cannot scroll, nor one whose rows are not laid out yet:
   * GTK 4.8 warns when told to ("failed to scroll to given position"), as
   * it is between a search's removal of every row and its first matches
   * (a scrolled list that is emptied keeps its value until laid out). */
  if (adjustment != NULL && rows != NULL && g_list_model_get_n_items (G_LIST_MODEL (rows)) > 0 &&
      gtk_adjustment_get_value (adjustment) > gtk_adjustment_get_lower (adjustment) &&
      gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

/* GTK lays the last change out in the next frame, after its tick
 * callbacks, and may move the view then: the hold ends at the tick of the
 * frame after that one. */
static gboolean
end_hold_at_top (GtkWidget     *view,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  guint ticks = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "ms-hold-ends"));
  gint64 *until = g_object_get_data (G_OBJECT (view), "ms-hold-at-top");
  gboolean late = until != NULL && g_get_monotonic_time () > *until;

  if (until == NULL || late || !table_done (GTK_COLUMN_VIEW (view)))
    {
      if (late)
        g_object_set_data (G_OBJECT (view), "ms-hold-at-top", NULL);
      g_object_set_data (G_OBJECT (view), "ms-hold-ends", NULL);
      g_object_set_data (G_OBJECT (view), "ms-hold-tick", NULL);
      return G_SOURCE_REMOVE;
    }

  to_top (GTK_COLUMN_VIEW (view));
  if (ticks < 2)
    {
      g_object_set_data (G_OBJECT (view), "ms-hold-ends", GUINT_TO_POINTER (ticks + 1));
      return G_SOURCE_CONTINUE;
    }

  g_object_set_data (G_OBJECT (view), "ms-hold-ends", NULL);
  g_object_set_data (G_OBJECT (view), "ms-hold-tick", NULL);
  g_object_set_data (G_OBJECT (view), "ms-hold-at-top", NULL);

  return G_SOURCE_REMOVE;
}

static void
hold_at_top (GtkColumnView *view)
{
  gint64 *until = g_object_get_data (G_OBJECT (view), "ms-hold-at-top");

  /* Out of its window (closed since the filter changed): nothing to hold. */
  if (until == NULL || gtk_widget_get_root (GTK_WIDGET (view)) == NULL)
    return;

  if (g_get_monotonic_time () > *until)
    {
      g_object_set_data (G_OBJECT (view), "ms-hold-at-top", NULL);
      return;
    }

  to_top (view);
  /* One tick callback at a time, its id kept to be removed (a table whose
   * frames stop does not tick). */
  if (table_done (view) && g_object_get_data (G_OBJECT (view), "ms-hold-tick") == NULL)
    {
      guint tick = gtk_widget_add_tick_callback (GTK_WIDGET (view), end_hold_at_top, NULL, NULL);

      g_object_set_data (G_OBJECT (view), "ms-hold-ends", GUINT_TO_POINTER (1));
      g_object_set_data (G_OBJECT (view), "ms-hold-tick", GUINT_TO_POINTER (tick));
    }
}

/* Called before the filter changes; once the main loop is idle, a filter
 * that found no work to do ends the hold. */
static gboolean
hold_at_top_once (gpointer data)
{
  hold_at_top (data);

  return G_SOURCE_REMOVE;
}

static void
hold_at_top_from_now (GtkColumnView *view)
{
  gint64 *until = g_new (gint64, 1);
  guint tick = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "ms-hold-tick"));

  *until = g_get_monotonic_time () + HOLD_AT_TOP_US;
  g_object_set_data_full (G_OBJECT (view), "ms-hold-at-top", until, g_free);
  /* A tick from an earlier hold would end this one early. */
  if (tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (view), tick);
  g_object_set_data (G_OBJECT (view), "ms-hold-tick", NULL);
  g_object_set_data (G_OBJECT (view), "ms-hold-ends", NULL);
  to_top (view);
  g_idle_add_full (G_PRIORITY_LOW, hold_at_top_once, g_object_ref (view), g_object_unref);
}

/* The frame the table's view is being drawn in: its rows gain or lose at
 * most FILL_STEP in each. */
static gint64
view_frame (gpointer data)
{
  g_autoptr(GtkWidget) view = g_weak_ref_get (data);
  GdkFrameClock *clock = view != NULL ? gtk_widget_get_frame_clock (view) : NULL;

  return clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : -1;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* A table gets its model when its page is first shown: GtkColumnView
 * (GTK 4.8) builds the rows of up to 200 items even while its page is
 * hidden, and building them for three tables at once blocked the main loop
 * for about 140 ms when a big cluster's snapshot arrived.
 */
static void
attach_visible_table (MsWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(MsRowModel) rows = NULL;
  GtkColumnView *view;

  if (page == NULL ||
      !(g_str_equal (page, "agents") || g_str_equal (page, "frameworks") || g_str_equal (page, "tasks")))
    return;

  view = GTK_COLUMN_VIEW (ms_window_get_table (self, page));
  pending = g_object_steal_data (G_OBJECT (view), "ms-pending-model");
  if (pending == NULL)
    return;

  rows = ms_row_model_new (pending, FILL_STEP, FILL_FULL);
  {
    GWeakRef *view_ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (view_ref, view);
    g_object_set_data_full (G_OBJECT (rows), "ms-view", view_ref, free_weak_ref);
    ms_row_model_set_frame_counter (rows, view_frame, view_ref);
  }
  g_signal_connect_object (rows, "notify::filling", G_CALLBACK (on_filling_changed), view, 0);
  g_signal_connect_object (rows, "items-changed", G_CALLBACK (hold_at_top), view,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (rows, "notify::filling", G_CALLBACK (hold_at_top), view, G_CONNECT_SWAPPED);
  /* The rows are the table's selection too. */
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (rows));
  on_filling_changed (rows, NULL, GTK_WIDGET (view));
}

/* The table's model sorts by the view's primary column, in the background
 * (see ms-sort-model.c and ms-column-sorter.c).
 */
static void
apply_sort (GtkColumnView *view)
{
  MsSortModel *sorted = g_object_get_data (G_OBJECT (view), "ms-sort-model");
  MsColumnSorter *primary;
  GtkSortType order;

  if (sorted == NULL)
    return;

  primary = ms_column_sorter_find_primary (gtk_column_view_get_sorter (view), &order);
  if (primary != NULL)
    ms_sort_model_set_sort (sorted, ms_column_sorter_get_property_name (primary),
                            ms_column_sorter_get_numeric (primary), order == GTK_SORT_DESCENDING);
  else
    ms_sort_model_set_sort (sorted, NULL, FALSE, FALSE);
}

/* sorted (by the view's primary column) ← filtered (search) ← the core's
 * model
 */
static void
set_table_model (MsWindow        *self,
                 GtkColumnView   *view,
                 GListModel      *model,
                 GtkCustomFilter *filter)
{
  GtkFilterListModel *filtered = gtk_filter_list_model_new (g_object_ref (model),
                                                            g_object_ref (GTK_FILTER (filter)));
  MsSortModel *sorted;

  gtk_filter_list_model_set_incremental (filtered, TRUE);
  sorted = ms_sort_model_new (G_LIST_MODEL (filtered));
  g_signal_connect_object (filtered, "notify::pending", G_CALLBACK (hold_at_top), view, G_CONNECT_SWAPPED);
  g_signal_connect_object (sorted, "notify::sorting", G_CALLBACK (hold_at_top), view, G_CONNECT_SWAPPED);

  gtk_column_view_set_model (view, NULL);
  g_object_set_data_full (G_OBJECT (view), "ms-filter-model", filtered, g_object_unref);
  g_object_set_data_full (G_OBJECT (view), "ms-sort-model", g_object_ref (sorted), g_object_unref);
  g_object_set_data_full (G_OBJECT (view), "ms-pending-model", sorted, g_object_unref);
  apply_sort (view);
  attach_visible_table (self);
}

static gboolean
matches (const char *search,
         const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);

  return strstr (folded, search) != NULL;
}

static gboolean
filter_agent (gpointer item,
              gpointer user_data)
{
  MsWindow *self = user_data;

  return self->search == NULL ||
         matches (self->search, ms_agent_get_id (item)) ||
         matches (self->search, ms_agent_get_hostname (item));
}

static gboolean
filter_framework (gpointer item,
                  gpointer user_data)
{
  MsWindow *self = user_data;

  return self->search == NULL ||
         matches (self->search, ms_framework_get_id (item)) ||
         matches (self->search, ms_framework_get_name (item));
}

static gboolean
filter_task (gpointer item,
             gpointer user_data)
{
  MsWindow *self = user_data;

  if (self->state != NULL && g_strcmp0 (ms_task_get_state (item), self->state) != 0)
    return FALSE;

  return self->search == NULL ||
         matches (self->search, ms_task_get_id (item)) ||
         matches (self->search, ms_task_get_name (item));
}

/* Activating a row (double click, Enter) shows everything about it. */
static void
on_row_activated (GtkColumnView *view,
                  guint          position,
                  MsWindow      *self)
{
  GtkSelectionModel *rows = gtk_column_view_get_model (view);
  g_autoptr(GObject) item = rows != NULL ? ms_row_model_dup_item (MS_ROW_MODEL (rows), position) : NULL;

  if (item != NULL)
    gtk_window_present (ms_details_window_new (GTK_WINDOW (self), item));
}

static void
setup_tables (MsWindow *self)
{
  add_column (self->agents_view, MS_TYPE_AGENT, _("Host"), "hostname", COLUMN_TEXT, TRUE);
  add_column (self->agents_view, MS_TYPE_AGENT, _("ID"), "id", COLUMN_TEXT, TRUE);
  add_column (self->agents_view, MS_TYPE_AGENT, _("Active"), "active", COLUMN_YES_NO, FALSE);
  add_column (self->agents_view, MS_TYPE_AGENT, _("Recovered"), "recovered", COLUMN_YES_NO, FALSE);
  add_column (self->agents_view, MS_TYPE_AGENT, _("CPUs Used"), "cpus-used", COLUMN_NUMBER, FALSE);
  add_column (self->agents_view, MS_TYPE_AGENT, _("CPUs"), "cpus-total", COLUMN_NUMBER, FALSE);
  add_column (self->agents_view, MS_TYPE_AGENT, _("Memory Used (MB)"), "mem-used", COLUMN_NUMBER, FALSE);
  add_column (self->agents_view, MS_TYPE_AGENT, _("Memory (MB)"), "mem-total", COLUMN_NUMBER, FALSE);

  add_column (self->frameworks_view, MS_TYPE_FRAMEWORK, _("Name"), "name", COLUMN_TEXT, TRUE);
  add_column (self->frameworks_view, MS_TYPE_FRAMEWORK, _("ID"), "id", COLUMN_TEXT, TRUE);
  add_column (self->frameworks_view, MS_TYPE_FRAMEWORK, _("Active"), "active", COLUMN_YES_NO, FALSE);
  add_column (self->frameworks_view, MS_TYPE_FRAMEWORK, _("Connected"), "connected", COLUMN_YES_NO, FALSE);
  add_column (self->frameworks_view, MS_TYPE_FRAMEWORK, _("Active Tasks"), "n-active-tasks",
              COLUMN_NUMBER, FALSE);

  add_column (self->tasks_view, MS_TYPE_TASK, _("Name"), "name", COLUMN_TEXT, TRUE);
  add_column (self->tasks_view, MS_TYPE_TASK, _("ID"), "id", COLUMN_TEXT, TRUE);
  add_column (self->tasks_view, MS_TYPE_TASK, _("State"), "state", COLUMN_TEXT, FALSE);
  add_column (self->tasks_view, MS_TYPE_TASK, _("Framework"), "framework-id", COLUMN_TEXT, TRUE);
  add_column (self->tasks_view, MS_TYPE_TASK, _("Agent"), "agent-id", COLUMN_TEXT, TRUE);
  add_column (self->tasks_view, MS_TYPE_TASK, _("Role"), "role", COLUMN_TEXT, FALSE);
  add_column (self->tasks_view, MS_TYPE_TASK, _("CPUs"), "cpus", COLUMN_NUMBER, FALSE);
  add_column (self->tasks_view, MS_TYPE_TASK, _("Memory (MB)"), "mem", COLUMN_NUMBER, FALSE);

  g_signal_connect_object (gtk_column_view_get_sorter (self->agents_view), "changed",
                           G_CALLBACK (apply_sort), self->agents_view, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->frameworks_view), "changed",
                           G_CALLBACK (apply_sort), self->frameworks_view, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->tasks_view), "changed",
                           G_CALLBACK (apply_sort), self->tasks_view, G_CONNECT_SWAPPED);
  g_signal_connect (self->agents_view, "activate", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->frameworks_view, "activate", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->tasks_view, "activate", G_CALLBACK (on_row_activated), self);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (attach_visible_table), self, G_CONNECT_SWAPPED);

  /* Match everything until a search or a state is chosen. */
  self->agents_filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->frameworks_filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->tasks_filter = gtk_custom_filter_new (NULL, NULL, NULL);
}

/* With nothing to filter by, a filter has no function: GTK then knows it
 * matches every item and reads through it directly. Otherwise every read
 * looks the position up in a bitset, and sorting 100k tasks read them all
 * at once: 28 of the 31 ms it blocked for.
 */
static void
set_filter_func (GtkCustomFilter    *filter,
                 gboolean            active,
                 GtkCustomFilterFunc func,
                 MsWindow           *self)
{
  if (active)
    gtk_custom_filter_set_filter_func (filter, func, self, NULL);
  else
    gtk_custom_filter_set_filter_func (filter, NULL, NULL, NULL);
}

static void
update_filters (MsWindow *self,
                gboolean  search_changed)
{
  if (search_changed)
    {
      hold_at_top_from_now (self->agents_view);
      hold_at_top_from_now (self->frameworks_view);
      set_filter_func (self->agents_filter, self->search != NULL, filter_agent, self);
      set_filter_func (self->frameworks_filter, self->search != NULL, filter_framework, self);
    }
  hold_at_top_from_now (self->tasks_view);
  set_filter_func (self->tasks_filter, self->search != NULL || self->state != NULL, filter_task, self);
}

static void
on_search_changed (MsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *search = NULL;

  if (text != NULL && text[0] != '\0')
    search = g_utf8_casefold (text, -1);
  /* ms_window_set_search() applies a search at once, and the entry's
   * delayed signal comes after: filtering 100k tasks twice showed the
   * matches twice over. */
  if (g_strcmp0 (search, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&search);
  update_filters (self, TRUE);
}

static void
on_state_filter_changed (MsWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_filter);

  self->state = selected > 0 && selected <= G_N_ELEMENTS (task_states)
                ? task_states[selected - 1] : NULL;
  update_filters (self, FALSE);
}

/* ---- overview, banner, timeline ---------------------------------------- */

static void
update_candidate_row (AdwActionRow *row,
                      GParamSpec   *pspec,
                      MsCandidate  *candidate)
{
  MsMasterInfo *info = ms_candidate_get_info (candidate);
  GtkWidget *badge = g_object_get_data (G_OBJECT (row), "badge");
  g_autofree char *subtitle = NULL;
  g_autofree char *endpoint = info ? ms_master_info_dup_endpoint (info) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 endpoint ? endpoint : ms_candidate_get_name (candidate));
  if (info != NULL)
    subtitle = g_strdup_printf (_("Sequence %lld · version %s · %s"),
                                (long long) ms_candidate_get_sequence (candidate),
                                ms_master_info_get_version (info) ? ms_master_info_get_version (info) : "?",
                                ms_master_info_get_id (info));
  else
    subtitle = g_strdup_printf (_("Sequence %lld · %s"),
                                (long long) ms_candidate_get_sequence (candidate),
                                ms_candidate_get_error (candidate) ? ms_candidate_get_error (candidate)
                                                                   : _("reading…"));
  adw_action_row_set_subtitle (row, subtitle);

  /* Said in words and with an icon, not only with colour. */
  gtk_widget_set_visible (badge, ms_candidate_get_leading (candidate));
  adw_action_row_set_icon_name (row, ms_candidate_get_leading (candidate) ? "starred-symbolic"
                                                                          : "network-server-symbolic");
}

/* Rows follow their candidate: its data arrives after the listing, and
 * leadership moves.
 */
static GtkWidget *
create_candidate_row (gpointer item,
                      gpointer user_data)
{
  MsCandidate *candidate = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (_("Leader"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (badge, "accent");
  gtk_widget_add_css_class (badge, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  g_object_set_data (G_OBJECT (row), "badge", badge);

  update_candidate_row (ADW_ACTION_ROW (row), NULL, candidate);
  g_signal_connect_object (candidate, "notify", G_CALLBACK (update_candidate_row), row,
                           G_CONNECT_SWAPPED);

  return row;
}

static const char *
timeline_icon (MsTimelineEventKind kind)
{
  switch (kind)
    {
    case MS_TIMELINE_EVENT_LEADER_ELECTED:
      return "starred-symbolic";
    case MS_TIMELINE_EVENT_LEADER_LOST:
    case MS_TIMELINE_EVENT_LEADER_UNREACHABLE:
    case MS_TIMELINE_EVENT_ZK_EXPIRED:
    case MS_TIMELINE_EVENT_ZK_ERROR:
    case MS_TIMELINE_EVENT_API_ERROR:
      return "dialog-warning-symbolic";
    case MS_TIMELINE_EVENT_STREAM_SUBSCRIBED:
    case MS_TIMELINE_EVENT_REREGISTERED:
    case MS_TIMELINE_EVENT_LEADER_ANSWERS:
      return "emblem-ok-symbolic";
    case MS_TIMELINE_EVENT_FAILOVER:
      return "media-playlist-repeat-symbolic";
    case MS_TIMELINE_EVENT_STREAM_LOST:
    case MS_TIMELINE_EVENT_ZK_DISCONNECTED:
      return "network-offline-symbolic";
    default:
      return "media-record-symbolic";
    }
}

static GtkWidget *
create_timeline_row (gpointer item,
                     gpointer user_data)
{
  MsTimelineEvent *event = item;
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (ms_timeline_event_get_real_time (event)
                                                                / G_USEC_PER_SEC);
  g_autofree char *time = g_date_time_format (local, "%X");
  g_autofree char *subtitle = g_strdup_printf ("%s.%03d · %s", time,
                                               (int)(ms_timeline_event_get_real_time (event) % G_USEC_PER_SEC / 1000),
                                               ms_timeline_event_get_kind_nick (event));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ms_timeline_event_get_message (event));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                timeline_icon (ms_timeline_event_get_kind (event)));
  gtk_widget_add_css_class (row, "timeline-time");

  return row;
}

static void
set_banner (MsWindow   *self,
            const char *css,
            const char *icon,
            const char *text)
{
  gtk_widget_remove_css_class (self->banner, "warning");
  gtk_widget_remove_css_class (self->banner, "error");
  if (text == NULL)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  gtk_widget_add_css_class (self->banner, css);
  gtk_image_set_from_icon_name (self->banner_icon, icon);
  gtk_label_set_text (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
refresh_banner (MsWindow *self)
{
  MsLeaderDetectorState zk = self->detector ? ms_leader_detector_get_state (self->detector)
                                            : MS_LEADER_DETECTOR_STATE_CONNECTED;
  const GError *zk_error = self->detector ? ms_leader_detector_get_error (self->detector) : NULL;
  const GError *api_error = self->client ? ms_operator_client_get_error (self->client) : NULL;
  gboolean stale = self->cluster == NULL || ms_cluster_get_stale (self->cluster);
  g_autofree char *text = NULL;

  if (self->cluster == NULL)
    {
      set_banner (self, NULL, NULL, NULL);
      return;
    }

  if (zk == MS_LEADER_DETECTOR_STATE_AUTH_FAILED || (zk_error && zk != MS_LEADER_DETECTOR_STATE_CONNECTED))
    text = g_strdup_printf (_("ZooKeeper: %s"), zk_error ? zk_error->message
                                                         : ms_leader_detector_state_to_string (zk));
  else if (zk == MS_LEADER_DETECTOR_STATE_SUSPENDED)
    text = g_strdup (_("Lost the connection to ZooKeeper; reconnecting. The leader shown may be out of date."));
  else if (zk == MS_LEADER_DETECTOR_STATE_EXPIRED)
    text = g_strdup (_("The ZooKeeper session expired; opening a new one. No leader is known."));
  else if (zk_error != NULL)
    text = g_strdup (zk_error->message);
  else if (stale && api_error != NULL)
    text = g_strdup_printf (_("%s — the tables below are stale; reconnecting."), api_error->message);
  else if (stale)
    text = g_strdup_printf (_("Connecting to the leader's operator API (%s)…"),
                            ms_operator_client_state_to_string (ms_operator_client_get_state (self->client)));

  set_banner (self, api_error || zk_error ? "error" : "warning", "dialog-warning-symbolic", text);
  /* A certificate that cannot be verified: the way out is offered, not taken. */
  gtk_widget_set_visible (self->banner_button,
                          stale && g_error_matches (api_error, MS_ERROR, MS_ERROR_TLS_CERTIFICATE) &&
                          !self->tls_unverified);
  /* Only while TLS is spoken: a zk:// cluster may be over plain HTTP. */
  gtk_revealer_set_reveal_child (self->tls_revealer,
                                 self->tls_unverified &&
                                 (self->detector != NULL ? self->masters_https
                                                         : g_str_has_prefix (self->url, "https://")));

  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->view_stack), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->view_stack), "stale");
}

static void
refresh_overview (MsWindow *self)
{
  MsMasterInfo *leader = self->detector ? ms_leader_detector_get_leader (self->detector) : NULL;
  g_autofree char *text = NULL;
  MsResources total, used;

  if (self->cluster == NULL)
    return;

  if (leader != NULL)
    {
      g_autofree char *endpoint = ms_master_info_dup_endpoint (leader);
      g_autofree char *subtitle = g_strdup_printf (_("Version %s · %s"),
                                                   ms_master_info_get_version (leader)
                                                     ? ms_master_info_get_version (leader) : "?",
                                                   ms_master_info_get_id (leader));
      gint64 since = ms_leader_detector_get_leader_changed_at (self->detector);
      g_autofree char *age = g_strdup_printf (_("%.0f s ago"),
                                              (g_get_monotonic_time () - since) / 1e6);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->leader_row), endpoint);
      adw_action_row_set_subtitle (self->leader_row, subtitle);
      adw_action_row_set_subtitle (self->leader_since_row, age);
    }
  else if (self->detector == NULL)
    {
      g_autofree char *target = ms_operator_client_dup_target (self->client);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->leader_row),
                                     target ? target : self->url);
      adw_action_row_set_subtitle (self->leader_row, _("A fixed master (no ZooKeeper)"));
      adw_action_row_set_subtitle (self->leader_since_row, "");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->leader_row), _("No leader known"));
      adw_action_row_set_subtitle (self->leader_row, "");
      adw_action_row_set_subtitle (self->leader_since_row, "");
    }

  adw_action_row_set_subtitle (self->zk_row,
                               self->detector ? ms_leader_detector_state_to_string (ms_leader_detector_get_state (self->detector))
                                              : _("not used"));
  adw_action_row_set_subtitle (self->stream_row,
                               ms_operator_client_state_to_string (ms_operator_client_get_state (self->client)));

  text = g_strdup_printf (_("%u (%u active, %u not re-registered yet)"),
                          g_list_model_get_n_items (ms_cluster_get_agents (self->cluster)),
                          ms_cluster_count_active_agents (self->cluster),
                          ms_cluster_get_n_recovered_agents (self->cluster));
  adw_action_row_set_subtitle (self->agents_row, text);
  g_free (text);
  text = g_strdup_printf (_("%u (%u connected)"),
                          g_list_model_get_n_items (ms_cluster_get_frameworks (self->cluster)),
                          ms_cluster_count_connected_frameworks (self->cluster));
  adw_action_row_set_subtitle (self->frameworks_row, text);
  g_free (text);
  text = g_strdup_printf (_("%u: %u running, %u staging, %u starting, %u unreachable, %u finished, %u failed, %u killed, %u lost"),
                          ms_cluster_count_tasks (self->cluster, NULL),
                          ms_cluster_count_tasks (self->cluster, "TASK_RUNNING"),
                          ms_cluster_count_tasks (self->cluster, "TASK_STAGING"),
                          ms_cluster_count_tasks (self->cluster, "TASK_STARTING"),
                          ms_cluster_count_tasks (self->cluster, "TASK_UNREACHABLE"),
                          ms_cluster_count_tasks (self->cluster, "TASK_FINISHED"),
                          ms_cluster_count_tasks (self->cluster, "TASK_FAILED"),
                          ms_cluster_count_tasks (self->cluster, "TASK_KILLED"),
                          ms_cluster_count_tasks (self->cluster, "TASK_LOST"));
  adw_action_row_set_subtitle (self->tasks_row, text);
  g_free (text);

  ms_cluster_get_resources (self->cluster, &total, &used);
  gtk_level_bar_set_value (self->cpus_bar, total.cpus > 0 ? MIN (used.cpus / total.cpus, 1.0) : 0);
  gtk_level_bar_set_value (self->mem_bar, total.mem > 0 ? MIN (used.mem / total.mem, 1.0) : 0);
  text = g_strdup_printf (_("%g of %g used by live tasks"), used.cpus, total.cpus);
  adw_action_row_set_subtitle (self->cpus_row, text);
  g_free (text);
  text = g_strdup_printf (_("%g of %g MB used by live tasks"), used.mem, total.mem);
  adw_action_row_set_subtitle (self->mem_row, text);

  refresh_banner (self);
}

static gboolean
refresh_now (gpointer data)
{
  MsWindow *self = data;

  self->refresh_id = 0;
  refresh_overview (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (MsWindow *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_MS, refresh_now, self);
}

static void
notify (MsWindow   *self,
        const char *id,
        const char *title,
        const char *body)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;

  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)) ||
      (self->settings != NULL && !g_settings_get_boolean (self->settings, "notifications")))
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (app, id, notification);
}

static void
on_leader_changed (MsWindow *self)
{
  MsMasterInfo *leader = ms_leader_detector_get_leader (self->detector);

  refresh_overview (self);

  if (leader != NULL && self->notified_leader != NULL &&
      !ms_master_info_equal (leader, self->notified_leader))
    {
      g_autofree char *endpoint = ms_master_info_dup_endpoint (leader);
      g_autofree char *body = g_strdup_printf (_("%s now leads the cluster."), endpoint);

      notify (self, "leader", _("New Mesos Leader"), body);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (body));
    }
  if (leader != NULL)
    g_set_object (&self->notified_leader, leader);
}

static void
on_stream_event (MsWindow          *self,
                 const char        *type,
                 gpointer           record,
                 MsOperatorClient  *client)
{
  if (g_strcmp0 (type, "AGENT_REMOVED") == 0)
    {
      const char *id = ms_json_value_get_id (ms_json_value_get_member (record, "agent_removed"),
                                             "agent_id");
      g_autofree char *body = g_strdup_printf (_("Agent %s left the cluster."), id ? id : "?");

      notify (self, "agent-removed", _("Agent Removed"), body);
    }
}

static void
on_timeline_changed (MsWindow   *self,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GListModel *timeline)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(MsTimelineEvent) event = g_list_model_get_item (timeline, position + i);

      switch (ms_timeline_event_get_kind (event))
        {
        case MS_TIMELINE_EVENT_LEADER_UNREACHABLE:
        case MS_TIMELINE_EVENT_ZK_EXPIRED:
          notify (self, "unreachable", _("Cluster Unreachable"), ms_timeline_event_get_message (event));
          break;

        default:
          break;
        }
    }
}

/* ---- credentials --------------------------------------------------------- */

/* HTTP credentials live in the keyring, one item per cluster URL; the secret
 * is `user:password`. Never in settings, never in logs.
 */
static const SecretSchema *
credentials_schema (void)
{
  static const SecretSchema schema = {
    "io.github.mesoscope.Mesoscope.HttpCredentials", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
use_credentials (MsWindow   *self,
                 const char *pair)
{
  g_autofree char *copy = g_strdup (pair);
  char *colon = strchr (copy, ':');

  if (colon == NULL)
    return;
  *colon = '\0';
  ms_operator_client_set_credentials (self->client, copy, colon + 1);
  memset (colon + 1, 0, strlen (colon + 1));
  ms_operator_client_stop (self->client);
  ms_operator_client_start (self->client);
}

static void
on_credentials_stored (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_debug ("the credentials could not be kept in the keyring: %s", error->message);
}

/* The `user:password` a keyring lookup found (%NULL for none, or no
 * keyring). Returns %FALSE when the lookup was cancelled: the cluster it
 * was made for, or the window, is gone.
 */
static gboolean
finish_credentials_lookup (GAsyncResult  *result,
                           char         **pair)
{
  g_autoptr(GError) error = NULL;

  *pair = secret_password_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error != NULL)
    g_debug ("no keyring: %s", error->message);

  return TRUE;
}

static void
on_credentials_found (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MsWindow *self = user_data;
  char *pair;

  if (!finish_credentials_lookup (result, &pair))
    return;
  if (pair != NULL && self->client != NULL)
    use_credentials (self, pair);
  if (pair != NULL)
    secret_password_free (pair);
}

static void
on_auth_response (AdwMessageDialog *dialog,
                  const char       *response,
                  MsWindow         *self)
{
  GtkEditable *user = g_object_get_data (G_OBJECT (dialog), "user");
  GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");

  if (g_str_equal (response, "connect") && self->client != NULL)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", gtk_editable_get_text (user),
                                               gtk_editable_get_text (password));
      g_autofree char *label = g_strdup_printf (_("Mesoscope credentials for %s"), self->url);

      use_credentials (self, pair);
      secret_password_store (credentials_schema (), SECRET_COLLECTION_DEFAULT, label, pair,
                             NULL, on_credentials_stored, NULL, "url", self->url, NULL);
      memset (pair, 0, strlen (pair));
    }
  self->auth_dialog = NULL;
}

/* A dialog asking for a user and a password ("user" and "password" in
 * its data), answering "connect" or "cancel".
 */
static GtkWidget *
new_credentials_dialog (MsWindow   *self,
                        const char *heading,
                        const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *user = gtk_entry_new ();
  GtkWidget *password = gtk_password_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (user), _("User"));
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (password), TRUE);
  g_object_set (password, "placeholder-text", _("Password"), NULL);
  gtk_box_append (GTK_BOX (box), user);
  gtk_box_append (GTK_BOX (box), password);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "user", user);
  g_object_set_data (G_OBJECT (dialog), "password", password);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");

  return dialog;
}

/* A master that wants authentication: ask, once per refusal. */
static void
maybe_ask_credentials (MsWindow *self)
{
  const GError *error = self->client ? ms_operator_client_get_error (self->client) : NULL;

  if (error == NULL || !g_error_matches (error, MS_ERROR, MS_ERROR_HTTP_UNAUTHORIZED) ||
      self->auth_dialog != NULL)
    return;

  self->auth_dialog = new_credentials_dialog (self, _("Authentication Required"), error->message);
  g_signal_connect_object (self->auth_dialog, "response", G_CALLBACK (on_auth_response), self, 0);
  gtk_window_present (GTK_WINDOW (self->auth_dialog));
}

/* ZooKeeper digest credentials: also in the keyring, one item per group
 * (the zk:// URL without credentials); the secret is `user:password`.
 */
static const SecretSchema *
zk_credentials_schema (void)
{
  static const SecretSchema schema = {
    "io.github.mesoscope.Mesoscope.ZooKeeperCredentials", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static gboolean open_url_full (MsWindow       *self,
                               const char     *url,
                               const MsZkUrl  *zk_given,
                               GError        **error);

/* Opens the group again with these credentials (not kept here). */
static gboolean
use_zk_credentials (MsWindow    *self,
                    const char  *user,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(MsZkUrl) zk = NULL;
  g_autoptr(MsZkUrl) with = NULL;
  g_autofree char *url = g_strdup (self->url);

  if (url == NULL || !(zk = ms_zk_url_parse (url, error)))
    return FALSE;
  if (!(with = ms_zk_url_copy_with_credentials (zk, user, password, error)))
    return FALSE;

  return open_url_full (self, url, with, error);
}

static void
on_zk_credentials_found (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  MsWindow *self = user_data;
  char *pair;

  if (!finish_credentials_lookup (result, &pair))
    return;
  if (pair != NULL && self->detector != NULL && !self->zk_credentials)
    {
      char *colon = strchr (pair, ':');

      if (colon != NULL)
        {
          g_autoptr(GError) error = NULL;

          *colon = '\0';
          if (!use_zk_credentials (self, pair, colon + 1, &error))
            g_debug ("the keyring's ZooKeeper credentials are not usable: %s", error->message);
          /* Whole again: secret_password_free() wipes strlen() bytes. */
          *colon = ':';
        }
    }
  if (pair != NULL)
    secret_password_free (pair);
}

static void
on_zk_auth_response (AdwMessageDialog *dialog,
                     const char       *response,
                     MsWindow         *self)
{
  GtkEditable *user = g_object_get_data (G_OBJECT (dialog), "user");
  GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");

  self->auth_dialog = NULL;
  if (g_str_equal (response, "connect") && self->detector != NULL)
    {
      g_autofree char *url = g_strdup (self->url);
      g_autofree char *pair = g_strdup_printf ("%s:%s", gtk_editable_get_text (user),
                                               gtk_editable_get_text (password));
      g_autofree char *label = g_strdup_printf (_("Mesoscope ZooKeeper credentials for %s"), url);
      g_autoptr(GError) error = NULL;

      /* Kept only once they are usable. */
      if (use_zk_credentials (self, gtk_editable_get_text (user), gtk_editable_get_text (password),
                              &error))
        secret_password_store (zk_credentials_schema (), SECRET_COLLECTION_DEFAULT, label, pair,
                               NULL, on_credentials_stored, NULL, "url", url, NULL);
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      memset (pair, 0, strlen (pair));
    }
}

/* ZooKeeper refuses the group to us (its ACL) or the credentials given:
 * ask for digest credentials, once per refusal.
 */
static void
maybe_ask_zk_credentials (MsWindow *self)
{
  const GError *error = self->detector ? ms_leader_detector_get_error (self->detector) : NULL;

  if (error == NULL || self->auth_dialog != NULL ||
      !(g_error_matches (error, MS_ERROR, MS_ERROR_ZK_NOT_AUTHORIZED) ||
        g_error_matches (error, MS_ERROR, MS_ERROR_ZK_AUTH_FAILED)))
    return;

  {
    g_autofree char *body = NULL;

    /* The detector's own message tells command-line users to put the
     * credentials in the URL; here, the dialog asks for them. */
    if (g_error_matches (error, MS_ERROR, MS_ERROR_ZK_NOT_AUTHORIZED) && !self->zk_credentials)
      body = g_strdup_printf (_("ZooKeeper does not let Mesoscope read %s without credentials. "
                                "Give the digest user and password the masters’ group is "
                                "protected with."), self->url);
    self->auth_dialog = new_credentials_dialog (self, _("ZooKeeper Credentials Required"),
                                                body ? body : error->message);
  }
  g_signal_connect_object (self->auth_dialog, "response", G_CALLBACK (on_zk_auth_response), self, 0);
  gtk_window_present (GTK_WINDOW (self->auth_dialog));
}

/* ---- opening a cluster ------------------------------------------------- */

static void
close_cluster (MsWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    ms_operator_client_stop (self->client);
  if (self->detector != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->detector, self);
      ms_leader_detector_stop (self->detector);
    }
  if (self->cluster != NULL)
    g_signal_handlers_disconnect_by_data (self->cluster, self);
  g_clear_object (&self->client);
  g_clear_object (&self->detector);
  g_clear_object (&self->cluster);
  g_clear_object (&self->timeline);
  g_clear_object (&self->notified_leader);
  g_clear_pointer (&self->url, g_free);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
}

static void
remember (MsWindow   *self,
          const char *url)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-clusters");
  g_strv_builder_add (builder, url);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (recent[i], url))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-clusters", (const char * const *)updated);
}

/* Opens @url; with @zk_given, that group (the same as @url's, with other
 * credentials) instead of parsing @url again.
 */
static gboolean
open_url_full (MsWindow       *self,
               const char     *url,
               const MsZkUrl  *zk_given,
               GError        **error)
{
  g_autoptr(MsZkUrl) zk = NULL;
  g_autoptr(MsOperatorClient) client = NULL;
  g_autoptr(MsCluster) cluster = NULL;
  g_autoptr(MsTimeline) timeline = NULL;
  g_autofree char *trimmed = NULL;
  GListModel *agents;
  g_autofree char *key = NULL;
  gboolean insecure = FALSE;
  gboolean https = FALSE;

  trimmed = g_strstrip (g_strdup (url));
  timeline = ms_timeline_new (0);
  cluster = ms_cluster_new ();
  client = ms_operator_client_new (cluster, timeline);

  if (zk_given != NULL)
    {
      zk = ms_zk_url_copy (zk_given);
    }
  else if (g_str_has_prefix (trimmed, "zk://") || g_str_has_prefix (trimmed, "file://"))
    {
      if (!(zk = ms_zk_url_parse (trimmed, error)))
        return FALSE;
    }
  else if (!g_str_has_prefix (trimmed, "http://") && !g_str_has_prefix (trimmed, "https://"))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Expected a zk:// URL (as the masters' --zk flag takes it) or a master URL "
                     "such as http://master:5050"));
      return FALSE;
    }
  else if (!ms_operator_client_set_master_url (client, trimmed, error))
    {
      return FALSE;
    }

  /* What the window knows the cluster by (title, settings, keyring): a
   * zk:// URL without its credentials, a file:// or master URL as given.
   */
  key = zk != NULL && !g_str_has_prefix (trimmed, "file://")
        ? g_strdup_printf ("zk://%s%s", ms_zk_url_get_servers (zk), ms_zk_url_get_path (zk))
        : g_strdup (trimmed);

  if (self->settings != NULL)
    {
      g_autofree char *ca_file = g_settings_get_string (self->settings, "tls-ca-file");

      g_auto(GStrv) unverified = g_settings_get_strv (self->settings, "tls-unverified-clusters");
      g_auto(GStrv) https_clusters = g_settings_get_strv (self->settings, "https-clusters");

      insecure = g_strv_contains ((const char * const *)unverified, key);
      /* A CA file that cannot be read is an error to show, not a reason to
       * fall back silently to the system's CAs. */
      if ((ca_file[0] != '\0' || insecure) &&
          !ms_operator_client_set_tls (client, ca_file[0] != '\0' ? ca_file : NULL, insecure, error))
        return FALSE;

      /* ZooKeeper names the leader's host and port, not its scheme: HTTPS
       * is the user's choice for the cluster (Mesos' own tools take it
       * from their SSL settings).
       */
      https = zk != NULL && g_strv_contains ((const char * const *)https_clusters, key);
      ms_operator_client_set_leader_https (client, https);
    }

  /* Valid: replace what was shown. A zk:// URL is kept without its
   * credentials: they go to the detector, and to the keyring when asked
   * for, never to settings, titles or logs.
   */
  close_cluster (self);
  self->tls_unverified = insecure;
  if (self->masters_https != https)
    {
      self->masters_https = https;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASTERS_USE_HTTPS]);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.masters-use-https",
                                 zk != NULL && self->settings != NULL);
  self->zk_credentials = zk != NULL && ms_zk_url_get_credentials (zk) != NULL;
  self->url = g_steal_pointer (&key);
  /* The URL as typed may hold a ZooKeeper password. */
  memset (trimmed, 0, strlen (trimmed));
  self->timeline = g_steal_pointer (&timeline);
  self->cluster = g_steal_pointer (&cluster);
  self->client = g_steal_pointer (&client);
  if (zk != NULL)
    {
      self->detector = ms_leader_detector_new (zk, self->timeline);
      ms_operator_client_set_detector (self->client, self->detector);
      g_signal_connect_object (self->detector, "notify::leader",
                               G_CALLBACK (on_leader_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->detector, "notify::state",
                               G_CALLBACK (refresh_overview), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->detector, "notify::error",
                               G_CALLBACK (refresh_overview), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->detector, "notify::error",
                               G_CALLBACK (maybe_ask_zk_credentials), self, G_CONNECT_SWAPPED);
      gtk_list_box_bind_model (self->candidates_list,
                               ms_leader_detector_get_candidates (self->detector),
                               create_candidate_row, self, NULL);
    }
  else
    {
      gtk_list_box_bind_model (self->candidates_list, NULL, NULL, NULL, NULL);
    }

  g_signal_connect_object (self->client, "notify::state",
                           G_CALLBACK (refresh_overview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::error",
                           G_CALLBACK (refresh_overview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::error",
                           G_CALLBACK (maybe_ask_credentials), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cluster, "notify::stale",
                           G_CALLBACK (refresh_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cluster, "tasks-changed",
                           G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cluster, "notify::n-recovered-agents",
                           G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
  agents = ms_cluster_get_agents (self->cluster);
  g_signal_connect_object (agents, "items-changed", G_CALLBACK (schedule_refresh), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ms_cluster_get_frameworks (self->cluster), "items-changed",
                           G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->timeline_list, G_LIST_MODEL (self->timeline),
                           create_timeline_row, self, NULL);
  g_signal_connect_object (self->timeline, "items-changed", G_CALLBACK (on_timeline_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "event", G_CALLBACK (on_stream_event), self,
                           G_CONNECT_SWAPPED);
  set_table_model (self, self->agents_view, agents, self->agents_filter);
  set_table_model (self, self->frameworks_view, ms_cluster_get_frameworks (self->cluster),
                   self->frameworks_filter);
  set_table_model (self, self->tasks_view, ms_cluster_get_tasks (self->cluster), self->tasks_filter);

  if (zk != NULL)
    {
      g_autofree char *shown = ms_zk_url_to_string (zk);

      adw_view_switcher_title_set_subtitle (self->switcher_title, shown);
      ms_leader_detector_start (self->detector);
    }
  else
    {
      adw_view_switcher_title_set_subtitle (self->switcher_title, self->url);
    }
  ms_operator_client_start (self->client);

  /* Credentials given before for this cluster, if the keyring has them. */
  self->cancellable = g_cancellable_new ();
  secret_password_lookup (credentials_schema (), self->cancellable, on_credentials_found, self,
                          "url", self->url, NULL);
  if (zk != NULL && !self->zk_credentials)
    secret_password_lookup (zk_credentials_schema (), self->cancellable, on_zk_credentials_found,
                            self, "url", self->url, NULL);

  /* Only URLs without credentials are remembered. */
  remember (self, self->url);

  gtk_stack_set_visible_child_name (self->main_stack, "cluster");
  refresh_overview (self);

  return TRUE;
}

/**
 * ms_window_open_url:
 * @url: a zk:// or file:// URL (the masters' --zk), or http(s)://master:port
 *
 * Returns: %FALSE with @error set when @url is not usable; nothing changes then
 */
gboolean
ms_window_open_url (MsWindow    *self,
                    const char  *url,
                    GError     **error)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  return open_url_full (self, url, NULL, error);
}

static void
on_url_apply (MsWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  if (!ms_window_open_url (self, text, &error))
    {
      gtk_label_set_text (self->url_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->url_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->url_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
on_recent_activated (MsWindow      *self,
                     AdwActionRow  *row)
{
  g_autoptr(GError) error = NULL;
  const char *url = g_object_get_data (G_OBJECT (row), "url");

  if (!ms_window_open_url (self, url, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
fill_recent (MsWindow *self)
{
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  recent = self->settings ? g_settings_get_strv (self->settings, "recent-clusters") : g_new0 (char *, 1);
  gtk_widget_set_visible (self->recent_group, recent[0] != NULL);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), recent[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "url", g_strdup (recent[i]), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_recent_activated), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_append (self->recent_list, row);
    }
}

/* ---- actions ----------------------------------------------------------- */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsWindow *self = MS_WINDOW (widget);

  fill_recent (self);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
resync_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsWindow *self = MS_WINDOW (widget);

  if (self->client != NULL)
    ms_operator_client_resync (self->client, _("asked for in the window"));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsWindow *self = MS_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Adds the open cluster to the settings list @key, or removes it, and
 * opens the cluster again with that choice (with the ZooKeeper credentials
 * it was opened with). If it cannot be opened, the list is as before.
 */
static void
remember_choice_and_reopen (MsWindow   *self,
                            const char *key,
                            gboolean    add)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  g_autofree char *url = g_strdup (self->url);
  g_autoptr(MsZkUrl) zk = NULL;
  g_autoptr(GError) error = NULL;

  if (self->settings == NULL || url == NULL)
    return;

  if (self->detector != NULL)
    zk = ms_zk_url_copy (ms_leader_detector_get_url (self->detector));
  old = g_settings_get_strv (self->settings, key);
  for (guint i = 0; old[i] != NULL; i++)
    if (!g_str_equal (old[i], url))
      g_strv_builder_add (builder, old[i]);
  if (add)
    g_strv_builder_add (builder, url);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, key, (const char * const *)updated);

  if (!open_url_full (self, url, zk, &error))
    {
      g_settings_set_strv (self->settings, key, (const char * const *)old);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
}

/* Adds or removes the open cluster from the unverified ones. */
static void
set_tls_verification (MsWindow *self,
                      gboolean  verify)
{
  remember_choice_and_reopen (self, "tls-unverified-clusters", !verify);
}

/* The open zk:// cluster's masters speak HTTPS, or not. */
static void
set_masters_use_https (MsWindow *self,
                       gboolean  https)
{
  if (self->detector != NULL && https != self->masters_https)
    remember_choice_and_reopen (self, "https-clusters", https);
}

static void
on_skip_tls_response (AdwMessageDialog *dialog,
                      const char       *response,
                      MsWindow         *self)
{
  if (g_str_equal (response, "connect"))
    set_tls_verification (self, FALSE);
}

/* The certificate could not be verified: asks before connecting anyway,
 * for this cluster only.
 */
static void
skip_tls_verification_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  MsWindow *self = MS_WINDOW (widget);
  const GError *error = self->client ? ms_operator_client_get_error (self->client) : NULL;
  GtkWidget *dialog;

  if (self->url == NULL || self->tls_unverified)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Connect Without Verifying?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s\n\nMesoscope can connect to %s without verifying the "
                                    "masters’ certificates. Anyone between you and the masters "
                                    "could then show you false data or read the credentials you "
                                    "send. This applies to this cluster only, and the window "
                                    "says so while it is open."),
                                  error ? error->message : _("The certificate could not be verified."),
                                  self->url);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_skip_tls_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_tls_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MsWindow *self = MS_WINDOW (widget);

  if (self->tls_unverified)
    set_tls_verification (self, TRUE);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ms_window_show_page (MS_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* ---- GObject ----------------------------------------------------------- */

/* Until its first frame the window changes at once: a cluster opened as
 * it starts is its first frame, not the welcome page fading into it with
 * the banner sliding in (a quarter of a second of whole-window frames
 * while the window starts). From then on, pages fade and banners slide.
 */
static void
on_first_frame (GdkFrameClock *clock,
                MsWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, self);
  gtk_stack_set_transition_type (self->main_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_revealer_set_transition_type (self->banner_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_transition_type (self->tls_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
}

static void
ms_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_window_parent_class)->realize (widget);

  if (gtk_stack_get_transition_type (MS_WINDOW (widget)->main_stack) == GTK_STACK_TRANSITION_TYPE_NONE)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (on_first_frame), widget, 0);
}

static gboolean
ms_window_close_request (GtkWindow *window)
{
  MsWindow *self = MS_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (ms_window_parent_class)->close_request (window);
}

static void
ms_window_dispose (GObject *object)
{
  MsWindow *self = (MsWindow *)object;

  close_cluster (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_WINDOW);

  G_OBJECT_CLASS (ms_window_parent_class)->dispose (object);
}

static void
ms_window_finalize (GObject *object)
{
  MsWindow *self = (MsWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->agents_filter);
  g_clear_object (&self->frameworks_filter);
  g_clear_object (&self->tasks_filter);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (ms_window_parent_class)->finalize (object);
}

static void
ms_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MsWindow *self = MS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MASTERS_USE_HTTPS:
      g_value_set_boolean (value, self->masters_https);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MsWindow *self = MS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MASTERS_USE_HTTPS:
      set_masters_use_https (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_window_class_init (MsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const struct { const char *page; guint key; } pages[] = {
    { "overview", GDK_KEY_1 }, { "timeline", GDK_KEY_2 }, { "agents", GDK_KEY_3 },
    { "frameworks", GDK_KEY_4 }, { "tasks", GDK_KEY_5 },
  };

  object_class->dispose = ms_window_dispose;
  object_class->finalize = ms_window_finalize;
  object_class->get_property = ms_window_get_property;
  object_class->set_property = ms_window_set_property;

  /**
   * MsWindow:masters-use-https:
   *
   * Whether the open zk:// cluster's masters are reached over HTTPS.
   */
  properties[PROP_MASTERS_USE_HTTPS] =
    g_param_spec_boolean ("masters-use-https", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->realize = ms_window_realize;
  window_class->close_request = ms_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesoscope/Mesoscope/ms-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MsWindow, name)
  BIND (switcher_title);
  BIND (search_button);
  BIND (banner_revealer);
  BIND (banner);
  BIND (banner_icon);
  BIND (banner_label);
  BIND (banner_button);
  BIND (tls_revealer);
  BIND (search_bar);
  BIND (search_entry);
  BIND (state_filter);
  BIND (toast_overlay);
  BIND (main_stack);
  BIND (url_row);
  BIND (url_error);
  BIND (recent_group);
  BIND (recent_list);
  BIND (view_stack);
  BIND (leader_row);
  BIND (leader_since_row);
  BIND (zk_row);
  BIND (stream_row);
  BIND (candidates_list);
  BIND (agents_row);
  BIND (frameworks_row);
  BIND (tasks_row);
  BIND (cpus_bar);
  BIND (mem_bar);
  BIND (cpus_row);
  BIND (mem_row);
  BIND (timeline_list);
  BIND (agents_view);
  BIND (frameworks_view);
  BIND (tasks_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_url_apply);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.resync", NULL, resync_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.page", "s", page_action);
  gtk_widget_class_install_action (widget_class, "win.skip-tls-verification", NULL,
                                   skip_tls_verification_action);
  gtk_widget_class_install_action (widget_class, "win.verify-tls", NULL, verify_tls_action);
  gtk_widget_class_install_property_action (widget_class, "win.masters-use-https", "masters-use-https");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.resync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, pages[i].key, GDK_CONTROL_MASK,
                                         "win.page", "s", pages[i].page);
}

static void
ms_window_init (MsWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);

  /* Before the first window is realized: no OpenGL renderer on llvmpipe. */
  ms_renderer_choose (gtk_widget_get_display (GTK_WIDGET (self)));
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.masters-use-https", FALSE);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  setup_tables (self);

  gtk_string_list_append (states, _("All states"));
  for (guint i = 0; i < G_N_ELEMENTS (task_states); i++)
    gtk_string_list_append (states, task_states[i]);
  gtk_drop_down_set_model (self->state_filter, G_LIST_MODEL (states));
  g_signal_connect_swapped (self->state_filter, "notify::selected",
                            G_CALLBACK (on_state_filter_changed), self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (on_search_changed), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  fill_recent (self);
}

MsWindow *
ms_window_new (AdwApplication *application)
{
  return g_object_new (MS_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ms_window_show_page:
 * @page: `overview`, `timeline`, `agents`, `frameworks` or `tasks`
 */
void
ms_window_show_page (MsWindow   *self,
                     const char *page)
{
  g_return_if_fail (MS_IS_WINDOW (self));

  if (self->cluster == NULL)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, "cluster");
  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

MsCluster *
ms_window_get_cluster (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);
  return self->cluster;
}

MsTimeline *
ms_window_get_timeline (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);
  return self->timeline;
}

/**
 * ms_window_get_auth_dialog:
 *
 * Returns: (transfer none) (nullable): the credentials prompt, when shown
 */
GtkWidget *
ms_window_get_auth_dialog (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);
  return self->auth_dialog;
}

MsLeaderDetector *
ms_window_get_detector (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);
  return self->detector;
}

/**
 * ms_window_get_table:
 * @page: `agents`, `frameworks` or `tasks`
 *
 * Returns: (transfer none): the page's GtkColumnView
 */
GtkWidget *
ms_window_get_table (MsWindow   *self,
                     const char *page)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);

  if (g_str_equal (page, "agents"))
    return GTK_WIDGET (self->agents_view);
  if (g_str_equal (page, "frameworks"))
    return GTK_WIDGET (self->frameworks_view);
  return GTK_WIDGET (self->tasks_view);
}

/**
 * ms_window_get_leader_text:
 *
 * Returns: what the overview shows as the leader
 */
const char *
ms_window_get_leader_text (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->leader_row));
}

/**
 * ms_window_get_tls_unverified:
 *
 * Returns: whether the open cluster's certificates go unverified, by the
 *   user's choice, while TLS is spoken (the window then shows a warning)
 */
gboolean
ms_window_get_tls_unverified (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), FALSE);

  return self->tls_unverified && gtk_revealer_get_reveal_child (self->tls_revealer);
}

/**
 * ms_window_get_url_error:
 *
 * Returns: (nullable): the message the welcome page shows for a bad URL
 */
const char *
ms_window_get_url_error (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->url_error))
         ? gtk_label_get_text (self->url_error) : NULL;
}

void
ms_window_set_search (MsWindow   *self,
                      const char *text)
{
  g_return_if_fail (MS_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Apply now rather than after the entry's search delay. */
  on_search_changed (self);
}

/**
 * ms_window_save_screenshot:
 *
 * Renders the window as it is into a PNG file.
 */
gboolean
ms_window_save_screenshot (MsWindow    *self,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_val_if_fail (MS_IS_WINDOW (self), FALSE);

  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window is not shown");
      return FALSE;
    }

  /* The content, not the toplevel: a toplevel's paintable can be empty. */
  paintable = gtk_widget_paintable_new (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing was drawn");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", path);
      return FALSE;
    }

  return TRUE;
}
