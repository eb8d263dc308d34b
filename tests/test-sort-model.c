/* test-sort-model.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* MsSortModel checked the way a list view uses it: a mirror kept only
 * from its items-changed signals must always hold what the model holds
 * (GTK 4.8 aborts on a model whose signals disagree with its contents),
 * and once a sort is done the items are the source's, in order.
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "ms-sort-model.h"

/* An item with a name and a size, as a task has. */
#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, GObject)

struct _TestItem
{
  GObject  parent_instance;
  char    *name;
  double   size;
  gboolean flag;
};

G_DEFINE_FINAL_TYPE (TestItem, test_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, PROP_SIZE, PROP_FLAG };

static void
test_item_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TestItem *self = TEST_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SIZE: g_value_set_double (value, self->size); break;
    case PROP_FLAG: g_value_set_boolean (value, self->flag); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_item_finalize (GObject *object)
{
  g_free (TEST_ITEM (object)->name);
  G_OBJECT_CLASS (test_item_parent_class)->finalize (object);
}

static void
test_item_class_init (TestItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_item_get_property;
  object_class->finalize = test_item_finalize;
  g_object_class_install_property (object_class, PROP_NAME,
                                   g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE));
  g_object_class_install_property (object_class, PROP_SIZE,
                                   g_param_spec_double ("size", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                        G_PARAM_READABLE));
  g_object_class_install_property (object_class, PROP_FLAG,
                                   g_param_spec_boolean ("flag", NULL, NULL, FALSE, G_PARAM_READABLE));
}

static void
test_item_init (TestItem *self)
{
}

static const char *const syllables[] = { "ka", "Ka", "zé", "ZÉ", "a", "b", "task-", "7", "10", "" };

static TestItem *
random_item (GRand *rand)
{
  TestItem *item = g_object_new (TEST_TYPE_ITEM, NULL);
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < 3; i++)
    g_string_append (name, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
  item->name = g_string_free (name, FALSE);
  item->size = g_rand_int_range (rand, 0, 50) / 4.0;
  item->flag = g_rand_boolean (rand);

  return item;
}

typedef struct
{
  GListStore  *source;
  MsSortModel *model;
  GPtrArray   *mirror;
  GRand       *rand;
  guint        changes;
  const char  *property;   /* what the model was last told */
  gboolean     descending;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
  /* ms_sort_model_find() agrees, sorted or not. */
  for (guint k = 0; k < 3 && fixture->mirror->len > 0; k++)
    {
      guint i = k == 0 ? 0 : k == 1 ? fixture->mirror->len / 2 : fixture->mirror->len - 1;
      guint found = G_MAXUINT;

      g_assert_true (ms_sort_model_find (fixture->model, fixture->mirror->pdata[i], &found));
      g_assert_cmpuint (found, ==, i);
    }
  fixture->changes++;
}

static void
fixture_init (Fixture *fixture,
              guint    n)
{
  fixture->rand = g_rand_new_with_seed (20261125);
  fixture->source = g_list_store_new (TEST_TYPE_ITEM);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TestItem) item = random_item (fixture->rand);

      g_list_store_append (fixture->source, item);
    }
  fixture->model = ms_sort_model_new (G_LIST_MODEL (fixture->source));
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (fixture->mirror, g_list_model_get_item (G_LIST_MODEL (fixture->model), i));
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
fixture_clear (Fixture *fixture)
{
  g_clear_object (&fixture->model);
  g_clear_object (&fixture->source);
  g_clear_pointer (&fixture->mirror, g_ptr_array_unref);
  g_clear_pointer (&fixture->rand, g_rand_free);
}

static void
set_sort (Fixture    *fixture,
          const char *property,
          gboolean    descending)
{
  fixture->property = property;
  fixture->descending = descending;
  ms_sort_model_set_sort (fixture->model, property, property != NULL && strcmp (property, "name") != 0,
                          descending);
}

static void
wait_sorted (Fixture *fixture)
{
  while (ms_sort_model_get_sorting (fixture->model))
    g_main_context_iteration (NULL, TRUE);
}

/* -1, 0, 1 as @a sorts before, with or after @b under the last sort. */
static int
compare_items (Fixture  *fixture,
               TestItem *a,
               TestItem *b)
{
  int result;

  if (strcmp (fixture->property, "name") == 0)
    {
      g_autofree char *fa = g_utf8_casefold (a->name, -1);
      g_autofree char *fb = g_utf8_casefold (b->name, -1);

      result = g_utf8_collate (fa, fb);
      result = (result > 0) - (result < 0);
    }
  else if (strcmp (fixture->property, "size") == 0)
    result = (a->size > b->size) - (a->size < b->size);
  else
    result = a->flag - b->flag;

  return fixture->descending ? -result : result;
}

static int
by_address (gconstpointer a,
            gconstpointer b)
{
  guintptr x = (guintptr) *(gpointer *) a, y = (guintptr) *(gpointer *) b;

  return (x > y) - (x < y);
}

/* The model agrees with its signals and shows no item twice (even while
 * a sort is under way); returns what it shows.
 */
static GPtrArray *
check_signals (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->model);
  guint n = g_list_model_get_n_items (model);
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (fixture->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      GObject *item = g_list_model_get_item (model, i);

      g_assert_true (item == fixture->mirror->pdata[i]);
      g_ptr_array_add (shown, item);
      g_assert_true (g_hash_table_add (seen, item));
    }
  g_assert_null (g_list_model_get_item (model, n));

  return shown;
}

/* The model agrees with its signals, holds the source's items, and, when
 * no sort is under way, holds them in order.
 */
static void
check (Fixture *fixture)
{
  GListModel *source = G_LIST_MODEL (fixture->source);
  g_autoptr(GPtrArray) shown = check_signals (fixture);
  g_autoptr(GPtrArray) in_source = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = shown->len;

  if (ms_sort_model_get_sorting (fixture->model))
    return;

  g_assert_cmpuint (n, ==, g_list_model_get_n_items (source));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (in_source, g_list_model_get_item (source, i));

  if (fixture->property == NULL)
    {
      for (guint i = 0; i < n; i++)
        g_assert_true (shown->pdata[i] == in_source->pdata[i]);
      return;
    }

  for (guint i = 1; i < n; i++)
    g_assert_cmpint (compare_items (fixture, shown->pdata[i - 1], shown->pdata[i]), <=, 0);

  g_ptr_array_sort (shown, by_address);
  g_ptr_array_sort (in_source, by_address);
  for (guint i = 0; i < n; i++)
    g_assert_true (shown->pdata[i] == in_source->pdata[i]);
}

/* Ties come in the source's order (after a sort from scratch). */
static void
check_ties_in_source_order (Fixture *fixture)
{
  g_autoptr(GHashTable) index = g_hash_table_new (NULL, NULL);
  GListModel *source = G_LIST_MODEL (fixture->source);
  guint ties = 0;

  for (guint i = 0; i < g_list_model_get_n_items (source); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (source, i);

      g_hash_table_insert (index, item, GUINT_TO_POINTER (i));
    }
  for (guint i = 1; i < fixture->mirror->len; i++)
    {
      TestItem *a = fixture->mirror->pdata[i - 1], *b = fixture->mirror->pdata[i];

      if (compare_items (fixture, a, b) != 0)
        continue;
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (index, a)), <,
                        GPOINTER_TO_UINT (g_hash_table_lookup (index, b)));
      ties++;
    }
  g_assert_cmpuint (ties, >, 0);
}

static void
splice_random (Fixture *fixture,
               guint    position,
               guint    removed,
               guint    added)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, random_item (fixture->rand));
  g_list_store_splice (fixture->source, position, removed, items->pdata, added);
}

/* A new sort: the list stays as it was, then is replaced in one change. */
static void
test_sorts_in_background (void)
{
  Fixture fixture = { 0 };
  guint changes;

  fixture_init (&fixture, 3000);
  set_sort (&fixture, "name", FALSE);
  g_assert_true (ms_sort_model_get_sorting (fixture.model));
  changes = fixture.changes;
  check (&fixture);
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture.source), i);

      g_assert_true (fixture.mirror->pdata[i] == item);
    }

  wait_sorted (&fixture);
  g_assert_cmpuint (fixture.changes, ==, changes + 1);
  check (&fixture);

  /* The same column the other way round: at once. */
  set_sort (&fixture, "name", TRUE);
  g_assert_false (ms_sort_model_get_sorting (fixture.model));
  check (&fixture);

  set_sort (&fixture, "size", TRUE);
  wait_sorted (&fixture);
  check (&fixture);
  check_ties_in_source_order (&fixture);

  set_sort (&fixture, "flag", FALSE);
  wait_sorted (&fixture);
  check (&fixture);
  check_ties_in_source_order (&fixture);

  /* No sort: the source's order again, at once. */
  set_sort (&fixture, NULL, FALSE);
  g_assert_false (ms_sort_model_get_sorting (fixture.model));
  check (&fixture);

  fixture_clear (&fixture);
}

/* Once sorted, a few items added or removed are changed where they are. */
static void
test_small_changes_in_place (void)
{
  Fixture fixture = { 0 };
  guint changes;

  fixture_init (&fixture, 2000);
  set_sort (&fixture, "size", FALSE);
  wait_sorted (&fixture);

  changes = fixture.changes;
  splice_random (&fixture, 1000, 1, 1);
  g_assert_false (ms_sort_model_get_sorting (fixture.model));
  /* One removal, one insertion. */
  g_assert_cmpuint (fixture.changes, ==, changes + 2);
  check (&fixture);

  changes = fixture.changes;
  splice_random (&fixture, 0, 50, 50);
  g_assert_false (ms_sort_model_get_sorting (fixture.model));
  g_assert_cmpuint (fixture.changes, ==, changes + 100);
  check (&fixture);

  /* Many at once: sorted again in the background. */
  splice_random (&fixture, 0, 0, 500);
  g_assert_true (ms_sort_model_get_sorting (fixture.model));
  check (&fixture);
  wait_sorted (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* After many items went at once, one of them comes back before the sort
 * is done: it is shown once.
 */
static void
test_item_back_while_sorting (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GObject) back = NULL;

  fixture_init (&fixture, 1000);
  set_sort (&fixture, "name", FALSE);
  wait_sorted (&fixture);

  back = g_list_model_get_item (G_LIST_MODEL (fixture.source), 10);
  g_list_store_splice (fixture.source, 0, 500, NULL, 0);
  g_assert_true (ms_sort_model_get_sorting (fixture.model));
  g_list_store_append (fixture.source, back);
  check (&fixture);
  wait_sorted (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* Items whose value changes while a sort is under way (their source says
 * so: removed and added again) end where their new value belongs, at
 * every stage of the sort: before it starts, while values are read, while
 * the worker sorts.
 */
static void
test_changed_while_sorting (void)
{
  Fixture fixture = { 0 };
  guint changed = 0;

  fixture_init (&fixture, 20000);
  set_sort (&fixture, "name", FALSE);
  wait_sorted (&fixture);

  set_sort (&fixture, "size", FALSE);
  while (ms_sort_model_get_sorting (fixture.model))
    {
      guint position = g_rand_int_range (fixture.rand, 0, 20000);
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture.source), position);

      /* Out of the range the others have: misplaced, it shows. */
      TEST_ITEM (item)->size = g_rand_boolean (fixture.rand) ? -1 - g_rand_int_range (fixture.rand, 0, 100)
                                                             : 100 + g_rand_int_range (fixture.rand, 0, 100);
      g_list_store_splice (fixture.source, position, 1, (gpointer *) &item, 1);
      changed++;
      check (&fixture);
      g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("%u items changed while sorting", changed);
  g_assert_cmpuint (changed, >=, 2);
  check (&fixture);

  fixture_clear (&fixture);
}

static gboolean
size_below (gpointer item,
            gpointer data)
{
  return TEST_ITEM (item)->size < *(double *) data;
}

/* The sorted model shows exactly the items under @below, sorted. */
static void
check_filtered (Fixture *fixture,
                double   below)
{
  guint matching = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->source)); i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->source), i);

      matching += item->size < below;
    }
  g_assert_cmpuint (fixture->mirror->len, ==, matching);
  for (guint i = 0; i < fixture->mirror->len; i++)
    g_assert_cmpfloat (TEST_ITEM (fixture->mirror->pdata[i])->size, <, below);
  for (guint i = 1; i < fixture->mirror->len; i++)
    g_assert_cmpint (compare_items (fixture, fixture->mirror->pdata[i - 1], fixture->mirror->pdata[i]), <=, 0);
}

/* Runs the main loop until the filter and the sort are done; returns how
 * many changes the sorted model made while the filter was still at work
 * and after. With @no_sort, no sort may start.
 */
static void
run_filter (Fixture            *fixture,
            GtkFilterListModel *filtered,
            gboolean            no_sort,
            guint              *while_filtering,
            guint              *after)
{
  *while_filtering = *after = 0;
  while (gtk_filter_list_model_get_pending (filtered) > 0 || ms_sort_model_get_sorting (fixture->model))
    {
      guint before = fixture->changes;
      gboolean filtering = gtk_filter_list_model_get_pending (filtered) > 0;

      if (no_sort)
        g_assert_false (ms_sort_model_get_sorting (fixture->model));
      g_main_context_iteration (NULL, TRUE);
      if (filtering)
        *while_filtering += fixture->changes - before;
      else
        *after += fixture->changes - before;
    }
}

/* Under a filter that works in steps, as a search does (GTK 4.8's
 * GtkFilterListModel). A filter set where there was none removes every
 * item at once, then adds the matches a step at a time: many at a time
 * are sorted once, when the filter is done; a few at a time (a search)
 * go in place, and no sort starts. A stricter filter makes many changes
 * of a few hundred items: one sort, when the filter is done (the items of
 * its first changes may leave in place).
 */
static void
test_sorted_after_filter_steps (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (NULL, NULL, NULL);
  g_autoptr(GtkFilterListModel) filtered = NULL;
  guint while_filtering, after;
  double below = 10;

  fixture_init (&fixture, 0);
  g_signal_handlers_disconnect_by_data (fixture.model, &fixture);
  g_clear_object (&fixture.model);
  for (guint i = 0; i < 50000; i++)
    {
      g_autoptr(TestItem) item = random_item (fixture.rand);

      g_list_store_append (fixture.source, item);
    }
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (fixture.source)),
                                        g_object_ref (GTK_FILTER (filter)));
  gtk_filter_list_model_set_incremental (filtered, TRUE);
  fixture.model = ms_sort_model_new (G_LIST_MODEL (filtered));
  set_sort (&fixture, "name", FALSE);
  for (guint i = 0; i < 50000; i++)
    g_ptr_array_add (fixture.mirror, g_list_model_get_item (G_LIST_MODEL (fixture.model), i));
  g_signal_connect (fixture.model, "items-changed", G_CALLBACK (on_items_changed), &fixture);
  wait_sorted (&fixture);

  /* Four items in five match: all out, then one sort. */
  gtk_custom_filter_set_filter_func (filter, size_below, &below, NULL);
  run_filter (&fixture, filtered, FALSE, &while_filtering, &after);
  g_test_message ("a broad filter: %u changes while filtering, %u after", while_filtering, after);
  g_assert_cmpuint (while_filtering, <=, 1);
  g_assert_cmpuint (after, ==, 1);
  g_ptr_array_unref (check_signals (&fixture));
  check_filtered (&fixture, below);

  /* Stricter: one sort when the filter is done. */
  below = 5;
  gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_MORE_STRICT);
  run_filter (&fixture, filtered, FALSE, &while_filtering, &after);
  g_test_message ("stricter: %u changes while filtering, %u after", while_filtering, after);
  /* (Its first steps may take their few items out in place.) */
  g_assert_cmpuint (after, ==, 1);
  g_ptr_array_unref (check_signals (&fixture));
  check_filtered (&fixture, below);

  /* No filter again, then one in 25: in place, no sort. */
  gtk_custom_filter_set_filter_func (filter, NULL, NULL, NULL);
  run_filter (&fixture, filtered, FALSE, &while_filtering, &after);
  g_ptr_array_unref (check_signals (&fixture));
  g_assert_cmpuint (fixture.mirror->len, ==, 50000);
  below = 0.5;
  gtk_custom_filter_set_filter_func (filter, size_below, &below, NULL);
  run_filter (&fixture, filtered, TRUE, &while_filtering, &after);
  g_test_message ("a narrow filter: %u changes while filtering, %u after", while_filtering, after);
  g_assert_cmpuint (while_filtering + after, >, 1);
  g_ptr_array_unref (check_signals (&fixture));
  check_filtered (&fixture, below);

  fixture_clear (&fixture);
}

/* Many items that only leave a sorted list, together in it: they leave
 * where they are, in one change, and no sort starts; so do those a
 * filter's step leaves out (it removes a range and adds back those that
 * stay). A new snapshot (new items) is sorted again.
 */
static void
test_many_leave_in_place (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GPtrArray) staying = g_ptr_array_new_with_free_func (g_object_unref);
  guint changes;

  fixture_init (&fixture, 0);
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(TestItem) item = g_object_new (TEST_TYPE_ITEM, NULL);

      item->name = g_strdup_printf ("item-%04u", i);
      g_list_store_append (fixture.source, item);
    }
  set_sort (&fixture, "name", TRUE);
  wait_sorted (&fixture);
  check (&fixture);

  changes = fixture.changes;
  g_list_store_splice (fixture.source, 500, 300, NULL, 0);
  g_assert_false (ms_sort_model_get_sorting (fixture.model));
  g_assert_cmpuint (fixture.changes, ==, changes + 1);
  check (&fixture);

  for (guint i = 100; i < 300; i++)
    g_ptr_array_add (staying, g_list_model_get_item (G_LIST_MODEL (fixture.source), i));
  changes = fixture.changes;
  g_list_store_splice (fixture.source, 100, 400, staying->pdata, staying->len);
  g_assert_false (ms_sort_model_get_sorting (fixture.model));
  g_assert_cmpuint (fixture.changes, ==, changes + 1);
  check (&fixture);
  g_assert_cmpuint (fixture.mirror->len, ==, 1500);

  splice_random (&fixture, 0, 1500, 1500);
  g_assert_true (ms_sort_model_get_sorting (fixture.model));
  wait_sorted (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* A model dropped while it reads values, or while its worker sorts, goes
 * away once that is over.
 */
static void
test_dropped_while_sorting (void)
{
  for (guint iterations = 0; iterations < 2; iterations++)
    {
      Fixture fixture = { 0 };
      MsSortModel *model;

      fixture_init (&fixture, 20000);
      model = fixture.model;
      g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &model);
      set_sort (&fixture, "name", TRUE);
      /* 0: not started; 1: values read, the worker sorting (20,000 keys
       * to make and sort), cancelled by the model's end. */
      for (guint i = 0; i < iterations * 50; i++)
        g_main_context_iteration (NULL, FALSE);
      g_signal_handlers_disconnect_by_data (fixture.model, &fixture);
      fixture_clear (&fixture);

      for (guint i = 0; i < 1000 && model != NULL; i++)
        g_main_context_iteration (NULL, model != NULL);
      g_assert_null (model);
    }
}

/* Any sequence of changes, sorts and main loop iterations keeps the
 * signals and the contents in agreement, and ends sorted.
 */
static void
test_random_changes (void)
{
  static const char *const properties[] = { "name", "size", "flag", NULL };
  Fixture fixture = { 0 };

  fixture_init (&fixture, 500);
  for (guint round = 0; round < 3000; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture.source));
      guint position = g_rand_int_range (fixture.rand, 0, n + 1);
      guint removed = g_rand_int_range (fixture.rand, 0, MIN (n - position, 5) + 1);

      switch (g_rand_int_range (fixture.rand, 0, 10))
        {
        case 0:
          set_sort (&fixture, properties[g_rand_int_range (fixture.rand, 0, G_N_ELEMENTS (properties))],
                    g_rand_boolean (fixture.rand));
          break;
        case 1:
          /* Many at once, while the source stays small enough to check. */
          removed = g_rand_int_range (fixture.rand, 0, MIN (n - position, 300) + 1);
          splice_random (&fixture, position, removed, n < 2000 ? g_rand_int_range (fixture.rand, 0, 400) : 0);
          break;
        case 2:
        case 3:
          g_main_context_iteration (NULL, FALSE);
          break;
        case 4:
          wait_sorted (&fixture);
          break;
        default:
          splice_random (&fixture, position, removed, g_rand_int_range (fixture.rand, 0, 4));
          break;
        }
      check (&fixture);
    }
  wait_sorted (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/sort-model/sorts-in-background", test_sorts_in_background);
  g_test_add_func ("/ms/sort-model/small-changes-in-place", test_small_changes_in_place);
  g_test_add_func ("/ms/sort-model/item-back-while-sorting", test_item_back_while_sorting);
  g_test_add_func ("/ms/sort-model/changed-while-sorting", test_changed_while_sorting);
  g_test_add_func ("/ms/sort-model/sorted-after-filter-steps", test_sorted_after_filter_steps);
  g_test_add_func ("/ms/sort-model/many-leave-in-place", test_many_leave_in_place);
  g_test_add_func ("/ms/sort-model/dropped-while-sorting", test_dropped_while_sorting);
  g_test_add_func ("/ms/sort-model/random-changes", test_random_changes);

  return g_test_run ();
}
