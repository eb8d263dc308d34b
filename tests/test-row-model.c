/* test-row-model.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* MsRowModel, checked the way a list view uses it: a view keeps the rows
 * of the first VIEW positions from the model's items-changed signals (GTK
 * 4.8 aborts on a model whose signals disagree with its contents), rows
 * are only ever added or removed at the end, and once the model is updated
 * and done filling, every row shows the source's item at its position.
 */

#include "config.h"

#include "ms-row-model.h"

#define STEP 25
#define FULL 200
#define VIEW 300

/* Seeded: a failing run can be run again. */
static GRand *rng;

static guint
rand_range (guint begin,
            guint end)
{
  return g_rand_int_range (rng, begin, end);
}

typedef struct
{
  MsRowModel *model;
  GListStore *source;
  GPtrArray  *view;         /* a row per position: held below VIEW, else NULL */
  GHashTable *notified;     /* row → how many times "item" notified */
  GHashTable *drawn;        /* held rows drawn selected, as GTK would */
  guint       changes;
  guint       costly;       /* rows added or removed in the first FULL, in this frame */
  guint       selection_changes;
  gint64      frame;        /* with a frame counter (fixture_count_frames()) */
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  guint n_before = fixture->view->len;

  /* Rows stay at their positions: they come and go at the end, and one
   * change either adds or removes them. */
  g_assert_true ((removed == 0) != (added == 0));
  if (added > 0)
    g_assert_cmpuint (position, ==, n_before);
  else
    g_assert_cmpuint (position + removed, ==, n_before);

  for (guint i = position; i < n_before; i++)
    g_hash_table_remove (fixture->drawn, fixture->view->pdata[i]);
  g_ptr_array_set_size (fixture->view, position);
  for (guint i = 0; i < added; i++)
    {
      MsRow *row = position + i < VIEW ? g_list_model_get_item (model, position + i) : NULL;

      /* GTK asks a new row whether it is selected. */
      if (row != NULL && gtk_selection_model_is_selected (GTK_SELECTION_MODEL (model), position + i))
        g_hash_table_add (fixture->drawn, row);
      g_ptr_array_add (fixture->view, row);
    }
  g_assert_cmpuint (fixture->view->len, ==, g_list_model_get_n_items (model));

  fixture->changes++;
  fixture->costly += MIN (position + added + removed, FULL) - MIN (position, FULL);
}

static void
on_item_notify (MsRow      *row,
                GParamSpec *pspec,
                Fixture    *fixture)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->notified, row));

  g_hash_table_insert (fixture->notified, row, GUINT_TO_POINTER (n + 1));
}

/* As GTK does: the rows it has in the range are drawn as they are now. */
static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      Fixture           *fixture)
{
  g_assert_cmpuint (position + n_items, <=, fixture->view->len);
  for (guint i = position; i < position + n_items; i++)
    {
      if (fixture->view->pdata[i] == NULL)
        continue;
      if (gtk_selection_model_is_selected (model, i))
        g_hash_table_add (fixture->drawn, fixture->view->pdata[i]);
      else
        g_hash_table_remove (fixture->drawn, fixture->view->pdata[i]);
    }
  fixture->selection_changes++;
}

static gint64
count_frames (gpointer data)
{
  Fixture *fixture = data;

  return fixture->frame;
}

static void
new_frame (Fixture *fixture)
{
  fixture->frame++;
  fixture->costly = 0;
}

/* The source's items are plain objects: the row model never looks into
 * them. */
static void
source_insert (Fixture *fixture,
               guint    position,
               guint    n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));
  g_list_store_splice (fixture->source, position, 0, items->pdata, n);
}

static GObject *
source_get (Fixture *fixture,
            guint    position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->source), position);

  /* The store keeps its own reference. */
  return item;
}

static guint
source_len (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->source));
}

/* The rows a view holds are the model's rows, at their positions. Updated
 * and done, every row shows the source's item. */
static void
check (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->model);
  guint n = g_list_model_get_n_items (model);
  gboolean done = !ms_row_model_get_filling (fixture->model);

  g_assert_cmpuint (fixture->view->len, ==, n);
  g_assert_null (g_list_model_get_item (model, n));
  if (done)
    g_assert_cmpuint (n, ==, source_len (fixture));

  for (guint i = 0; i < n; i++)
    {
      MsRow *held = fixture->view->pdata[i];
      g_autoptr(MsRow) row = i < VIEW || g_rand_boolean (rng) ? g_list_model_get_item (model, i) : NULL;
      g_autoptr(GObject) shown = ms_row_model_dup_item (fixture->model, i);

      gboolean selected = shown != NULL && shown == ms_row_model_get_selected_item (fixture->model);

      g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (model), i) == selected);
      if (held != NULL)
        {
          g_assert_true (row == held);
          g_assert_cmpuint (ms_row_get_position (held), ==, i);
          g_assert_true (ms_row_get_item (held) == shown);
          /* Told of every change of its selection. */
          g_assert_true (g_hash_table_contains (fixture->drawn, held) == selected);
        }
      if (row != NULL)
        g_assert_true (ms_row_get_item (row) == shown);
      if (done)
        g_assert_true (shown == source_get (fixture, i));
      /* Rows past the source's end wait to go, and show nothing. */
      if (i >= source_len (fixture))
        g_assert_null (shown);
    }
}

/* Updates, a frame at a time, until done: at most STEP rows come or go in
 * the first FULL positions a frame. */
static void
update_all (Fixture *fixture)
{
  do
    {
      new_frame (fixture);
      ms_row_model_update (fixture->model);
      g_assert_cmpuint (fixture->costly, <=, STEP);
      check (fixture);
    }
  while (ms_row_model_get_filling (fixture->model));
}

static void
unref_row (gpointer row)
{
  if (row != NULL)
    g_object_unref (row);
}

static void
fixture_init (Fixture *fixture,
              guint    n)
{
  fixture->source = g_list_store_new (G_TYPE_OBJECT);
  source_insert (fixture, 0, n);
  fixture->model = ms_row_model_new (G_LIST_MODEL (fixture->source), STEP, FULL);
  fixture->view = g_ptr_array_new_with_free_func (unref_row);
  fixture->notified = g_hash_table_new (NULL, NULL);
  fixture->drawn = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->model)); i++)
    g_ptr_array_add (fixture->view, i < VIEW ? g_list_model_get_item (G_LIST_MODEL (fixture->model), i) : NULL);
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (on_items_changed), fixture);
  g_signal_connect (fixture->model, "selection-changed", G_CALLBACK (on_selection_changed), fixture);
  check (fixture);
}

/* Every row the view holds is told when its item changes. */
static void
fixture_watch_rows (Fixture *fixture)
{
  for (guint i = 0; i < fixture->view->len; i++)
    if (fixture->view->pdata[i] != NULL)
      g_signal_connect (fixture->view->pdata[i], "notify::item", G_CALLBACK (on_item_notify), fixture);
  g_hash_table_remove_all (fixture->notified);
}

static void
fixture_count_frames (Fixture *fixture)
{
  ms_row_model_set_frame_counter (fixture->model, count_frames, fixture);
}

static void
fixture_clear (Fixture *fixture)
{
  for (guint i = 0; i < fixture->view->len; i++)
    if (fixture->view->pdata[i] != NULL)
      g_signal_handlers_disconnect_by_data (fixture->view->pdata[i], fixture);
  g_clear_object (&fixture->model);
  g_clear_pointer (&fixture->view, g_ptr_array_unref);
  g_clear_pointer (&fixture->notified, g_hash_table_unref);
  g_clear_pointer (&fixture->drawn, g_hash_table_unref);
  g_clear_object (&fixture->source);
}

/* A few rows come at once; many, a step at a time in the first FULL
 * positions, then the rest at once. */
static void
test_fills_in_steps (void)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, STEP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, STEP);
  g_assert_false (ms_row_model_get_filling (fixture.model));
  fixture_clear (&fixture);

  fixture_init (&fixture, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);
  g_assert_true (ms_row_model_get_filling (fixture.model));
  update_all (&fixture);
  /* FULL / STEP steps, the last bringing the rest past FULL. */
  g_assert_cmpuint (fixture.changes, ==, FULL / STEP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 1000);
  fixture_clear (&fixture);
}

/* A sort: every row shows another item, and no row comes or goes. Rows
 * change only when updated, each once. */
static void
test_sort_keeps_rows (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GPtrArray) reversed = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 1000;

  fixture_init (&fixture, n);
  update_all (&fixture);
  fixture_watch_rows (&fixture);
  fixture.changes = 0;

  for (guint i = n; i > 0; i--)
    g_ptr_array_add (reversed, g_list_model_get_item (G_LIST_MODEL (fixture.source), i - 1));
  g_list_store_splice (fixture.source, 0, n, reversed->pdata, n);
  g_assert_cmpuint (g_hash_table_size (fixture.notified), ==, 0);
  /* Rows to update, none to add or remove. */
  g_assert_true (ms_row_model_get_filling (fixture.model));

  update_all (&fixture);
  g_assert_cmpuint (fixture.changes, ==, 0);
  g_assert_cmpuint (g_hash_table_size (fixture.notified), ==, VIEW);
  for (guint i = 0; i < VIEW; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (fixture.notified, fixture.view->pdata[i])), ==, 1);

  /* Updated again with nothing new: no row changes. */
  g_hash_table_remove_all (fixture.notified);
  ms_row_model_update (fixture.model);
  g_assert_cmpuint (g_hash_table_size (fixture.notified), ==, 0);
  fixture_clear (&fixture);
}

/* Many changes before a frame (an incremental search's matches, a few at a
 * time) are taken in together: a row is told once. */
static void
test_changes_taken_together (void)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, 500);
  update_all (&fixture);
  fixture_watch_rows (&fixture);

  for (guint i = 0; i < 100; i++)
    source_insert (&fixture, rand_range (0, 400), 1);
  for (guint i = 0; i < 50; i++)
    g_list_store_remove (fixture.source, rand_range (0, 400));
  g_assert_cmpuint (g_hash_table_size (fixture.notified), ==, 0);

  update_all (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 550);
  g_assert_cmpuint (g_hash_table_size (fixture.notified), >, 0);
  for (guint i = 0; i < VIEW; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (fixture.notified, fixture.view->pdata[i])), <=, 1);

  /* A change at the end leaves the rows before it alone. */
  g_hash_table_remove_all (fixture.notified);
  g_list_store_remove (fixture.source, 549);
  update_all (&fixture);
  g_assert_cmpuint (g_hash_table_size (fixture.notified), ==, 0);
  fixture_clear (&fixture);
}

/* A search that keeps a few: the rows past FULL go at once, the rest a
 * step a frame, showing nothing meanwhile; matches coming take the rows
 * still there. */
static void
test_rows_go_in_steps (void)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, 1000);
  update_all (&fixture);

  g_list_store_splice (fixture.source, 10, 990, NULL, 0);
  g_assert_true (ms_row_model_get_filling (fixture.model));
  new_frame (&fixture);
  ms_row_model_update (fixture.model);
  check (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, FULL - STEP);
  g_assert_null (ms_row_model_dup_item (fixture.model, 100));

  /* More matches: rows that were waiting to go show them. */
  fixture.changes = 0;
  source_insert (&fixture, 5, 100);
  new_frame (&fixture);
  ms_row_model_update (fixture.model);
  check (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, FULL - 2 * STEP);

  update_all (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 110);

  /* All gone, and back. */
  g_list_store_remove_all (fixture.source);
  update_all (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);
  source_insert (&fixture, 0, 1000);
  update_all (&fixture);
  fixture_clear (&fixture);
}

/* Given a frame counter, a frame's updates together add at most STEP rows
 * in the first FULL positions. */
static void
test_frame_budget (void)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, 0);
  fixture_count_frames (&fixture);
  new_frame (&fixture);
  for (guint i = 0; i < 20; i++)
    {
      source_insert (&fixture, 0, 10);
      ms_row_model_update (fixture.model);
      check (&fixture);
    }
  g_assert_cmpuint (fixture.costly, ==, STEP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, STEP);
  g_assert_true (ms_row_model_get_filling (fixture.model));

  /* Each frame, STEP more. */
  new_frame (&fixture);
  ms_row_model_update (fixture.model);
  ms_row_model_update (fixture.model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 2 * STEP);
  update_all (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 200);
  fixture_clear (&fixture);
}

/* The selection is an item: it goes where the item goes, is shown by no
 * row while the item is not in the source, and comes back with it, until
 * the item is gone for good. */
static void
test_selection_follows_item (void)
{
  Fixture fixture = { 0 };
  GtkSelectionModel *selection;
  g_autoptr(GPtrArray) reversed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GObject) item = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  guint n = 250;    /* every row held */

  fixture_init (&fixture, n);
  update_all (&fixture);
  selection = GTK_SELECTION_MODEL (fixture.model);
  g_assert_null (ms_row_model_get_selected_item (fixture.model));
  g_assert_cmpuint (ms_row_model_get_selected (fixture.model), ==, GTK_INVALID_LIST_POSITION);

  g_assert_true (gtk_selection_model_select_item (selection, 3, TRUE));
  item = g_object_ref (source_get (&fixture, 3));
  g_assert_true (ms_row_model_get_selected_item (fixture.model) == item);
  g_assert_cmpuint (fixture.selection_changes, ==, 1);
  check (&fixture);

  /* Sorted the other way: the row at n - 4 shows it, and is selected; the
   * one at 3 is not. */
  for (guint i = n; i > 0; i--)
    g_ptr_array_add (reversed, g_list_model_get_item (G_LIST_MODEL (fixture.source), i - 1));
  g_list_store_splice (fixture.source, 0, n, reversed->pdata, n);
  g_ptr_array_set_size (reversed, 0);
  update_all (&fixture);
  g_assert_cmpuint (ms_row_model_get_selected (fixture.model), ==, n - 4);
  g_assert_true (gtk_selection_model_is_selected (selection, n - 4));
  g_assert_false (gtk_selection_model_is_selected (selection, 3));
  g_assert_cmpuint (fixture.selection_changes, ==, 3);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_true (gtk_bitset_contains (selected, n - 4));

  /* As with GtkSingleSelection: selected until another is. */
  g_assert_false (gtk_selection_model_unselect_item (selection, n - 4));
  g_assert_false (gtk_selection_model_unselect_all (selection));
  g_assert_true (gtk_selection_model_is_selected (selection, n - 4));

  /* Searched away, and back. */
  g_list_store_remove (fixture.source, n - 4);
  update_all (&fixture);
  g_assert_cmpuint (ms_row_model_get_selected (fixture.model), ==, GTK_INVALID_LIST_POSITION);
  g_assert_true (ms_row_model_get_selected_item (fixture.model) == item);
  g_list_store_insert (fixture.source, 0, item);
  update_all (&fixture);
  g_assert_cmpuint (ms_row_model_get_selected (fixture.model), ==, 0);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));

  /* Gone for good: nothing is selected. */
  g_list_store_remove (fixture.source, 0);
  update_all (&fixture);
  g_clear_object (&item);
  g_assert_null (ms_row_model_get_selected_item (fixture.model));
  check (&fixture);

  /* A row that waits to go shows nothing, and cannot be selected. */
  g_list_store_splice (fixture.source, 10, g_list_model_get_n_items (G_LIST_MODEL (fixture.source)) - 10,
                       NULL, 0);
  new_frame (&fixture);
  ms_row_model_update (fixture.model);
  g_assert_false (gtk_selection_model_select_item (selection, 100, TRUE));
  fixture_clear (&fixture);
}

static gboolean
iterate_until_done (Fixture *fixture)
{
  for (guint i = 0; i < 100 && ms_row_model_get_filling (fixture->model); i++)
    g_main_context_iteration (NULL, FALSE);

  return !ms_row_model_get_filling (fixture->model);
}

/* With no frame the model updates itself; while a view is drawn, it waits
 * for the view's frame. */
static void
test_updates_itself_without_frame (void)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, 1000);
  g_assert_true (iterate_until_done (&fixture));
  check (&fixture);
  g_list_store_remove (fixture.source, 0);
  g_assert_true (iterate_until_done (&fixture));
  check (&fixture);

  fixture_count_frames (&fixture);
  g_list_store_remove (fixture.source, 0);
  g_assert_false (iterate_until_done (&fixture));
  new_frame (&fixture);
  ms_row_model_update (fixture.model);
  g_assert_false (ms_row_model_get_filling (fixture.model));
  check (&fixture);
  fixture_clear (&fixture);
}

/* Rows outlive their model (GTK may hold them a little longer): they
 * keep what they showed. */
static void
test_rows_outlive_model (void)
{
  Fixture fixture = { 0 };
  g_autoptr(MsRow) row = NULL;
  GObject *item;

  fixture_init (&fixture, 10);
  row = g_list_model_get_item (G_LIST_MODEL (fixture.model), 4);
  item = source_get (&fixture, 4);
  fixture_clear (&fixture);
  g_assert_true (ms_row_get_item (row) == item);
  g_assert_cmpuint (ms_row_get_position (row), ==, 4);
}

/* Random changes, random frames: the view always agrees with the model,
 * and once updated until done, the rows show the source. */
static void
random_changes (gboolean with_frames)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, rand_range (0, 600));
  if (with_frames)
    fixture_count_frames (&fixture);
  for (guint round = 0; round < 400; round++)
    {
      guint len = source_len (&fixture);
      guint at = rand_range (0, len + 1);

      switch (rand_range (0, 6))
        {
        case 0:
          source_insert (&fixture, at, rand_range (1, 300));
          break;
        case 1:
          source_insert (&fixture, at, 1);
          break;
        case 2:
          if (at < len)
            g_list_store_splice (fixture.source, at, rand_range (1, len - at + 1), NULL, 0);
          break;
        case 3:
          if (at < len)
            g_list_store_remove (fixture.source, at);
          break;
        case 4:
          {
            /* A sort: the same items in another order. */
            g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

            for (guint i = 0; i < len; i++)
              g_ptr_array_insert (items, rand_range (0, i + 1),
                                  g_list_model_get_item (G_LIST_MODEL (fixture.source), i));
            g_list_store_splice (fixture.source, 0, len, items->pdata, len);
          }
          break;
        default:
          if (g_rand_boolean (rng))
            new_frame (&fixture);
          ms_row_model_update (fixture.model);
          check (&fixture);
          break;
        }
    }
  update_all (&fixture);
  fixture_clear (&fixture);
}

static void
test_random_changes (void)
{
  for (guint seed = 0; seed < 5; seed++)
    {
      g_test_message ("seed %u", seed);
      g_rand_set_seed (rng, seed);
      random_changes (FALSE);
      random_changes (TRUE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (1);

  g_test_add_func ("/ms/row-model/fills-in-steps", test_fills_in_steps);
  g_test_add_func ("/ms/row-model/sort-keeps-rows", test_sort_keeps_rows);
  g_test_add_func ("/ms/row-model/changes-taken-together", test_changes_taken_together);
  g_test_add_func ("/ms/row-model/rows-go-in-steps", test_rows_go_in_steps);
  g_test_add_func ("/ms/row-model/frame-budget", test_frame_budget);
  g_test_add_func ("/ms/row-model/selection-follows-item", test_selection_follows_item);
  g_test_add_func ("/ms/row-model/updates-itself-without-frame", test_updates_itself_without_frame);
  g_test_add_func ("/ms/row-model/rows-outlive-model", test_rows_outlive_model);
  g_test_add_func ("/ms/row-model/random-changes", test_random_changes);

  return g_test_run ();
}
