/* test-fill-model.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* MsFillModel's changes, checked the way a list view uses them: a mirror
 * kept only from its items-changed signals must always hold what the model
 * holds (GTK 4.8 aborts on a model whose signals disagree with its
 * contents), and once it is done filling, that is the source.
 */

#include "config.h"

#include "ms-fill-model.h"

#define STEP 50
#define FULL 200

typedef struct
{
  MsFillModel *model;
  GListStore  *source;
  GPtrArray   *mirror;
  guint        changes;
  guint        last_position, last_removed, last_added;
  gint64       frame;       /* with a frame counter (fixture_count_frames()) */
  guint        built;       /* new rows in the first FULL in this frame */
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_autoptr(GHashTable) released = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  /* GTK 4.8 warns when one change removes two rows of the same item. */
  for (guint i = position; i < position + removed; i++)
    g_assert_true (g_hash_table_add (released, fixture->mirror->pdata[i]));
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
  /* Each signal, not only a whole change, agrees with the contents. */
  for (guint i = 0; i < fixture->mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == fixture->mirror->pdata[i]);
    }

  fixture->changes++;
  fixture->built += MIN (position + added, FULL) - MIN (position, FULL);
  fixture->last_position = position;
  fixture->last_removed = removed;
  fixture->last_added = added;
}

static void
check (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->model);
  guint n = g_list_model_get_n_items (model);
  guint n_source = g_list_model_get_n_items (G_LIST_MODEL (fixture->source));
  gboolean filling = ms_fill_model_get_filling (fixture->model);

  g_assert_cmpuint (fixture->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == fixture->mirror->pdata[i]);
      /* Done: the source's items, all of them. */
      if (!filling)
        {
          g_autoptr(GObject) in_source = g_list_model_get_item (G_LIST_MODEL (fixture->source), i);

          g_assert_true (item == in_source);
        }
    }
  g_assert_null (g_list_model_get_item (model, n));
  if (!filling)
    g_assert_cmpuint (n, ==, n_source);

  /* ms_fill_model_find() gives where an item shows first, or nothing. */
  for (guint k = 0; k < 3 && n > 0; k++)
    {
      guint i = k == 0 ? 0 : k == 1 ? n / 2 : n - 1;
      guint first = 0, found = G_MAXUINT;

      while (fixture->mirror->pdata[first] != fixture->mirror->pdata[i])
        first++;
      g_assert_true (ms_fill_model_find (fixture->model, fixture->mirror->pdata[i], &found));
      g_assert_cmpuint (found, ==, first);
    }
  {
    g_autoptr(GObject) stranger = g_object_new (G_TYPE_OBJECT, NULL);
    guint found;

    g_assert_false (ms_fill_model_find (fixture->model, stranger, &found));
  }
}

/* Grows until done, never building more than @step new rows in the
 * first FULL at once. */
static void
grow_all (Fixture *fixture)
{
  while (ms_fill_model_get_filling (fixture->model))
    {
      ms_fill_model_grow (fixture->model);
      check (fixture);
      if (fixture->last_position < FULL)
        g_assert_cmpuint (MIN (fixture->last_position + fixture->last_added, FULL) - fixture->last_position,
                          <=, STEP);
    }
}

static void
fixture_init (Fixture *fixture,
              guint    n)
{
  fixture->source = g_list_store_new (G_TYPE_OBJECT);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

      g_list_store_append (fixture->source, item);
    }
  fixture->model = ms_fill_model_new (G_LIST_MODEL (fixture->source), STEP, FULL);
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->model)); i++)
    g_ptr_array_add (fixture->mirror, g_list_model_get_item (G_LIST_MODEL (fixture->model), i));
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (on_items_changed), fixture);
  check (fixture);
}

static gint64
fixture_frame (gpointer data)
{
  return ((Fixture *)data)->frame;
}

/* As the window does: the model is told which frame is being made. */
static void
fixture_count_frames (Fixture *fixture)
{
  fixture->frame = 1;
  ms_fill_model_set_frame_counter (fixture->model, fixture_frame, fixture);
}

static void
next_frame (Fixture *fixture)
{
  fixture->frame++;
  fixture->built = 0;
}

static void
fixture_clear (Fixture *fixture)
{
  g_clear_object (&fixture->model);
  g_clear_object (&fixture->source);
  g_clear_pointer (&fixture->mirror, g_ptr_array_unref);
}

static void
splice_new (Fixture *fixture,
            guint    position,
            guint    removed,
            guint    added)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));
  g_list_store_splice (fixture->source, position, removed, items->pdata, added);
}

/* The source's items again, in another order (as a sort does). */
static void
splice_shuffled (Fixture *fixture,
                 GRand   *rand)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->source));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (fixture->source), i));
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer swap = items->pdata[i - 1];

      items->pdata[i - 1] = items->pdata[j];
      items->pdata[j] = swap;
    }
  g_list_store_splice (fixture->source, 0, n, items->pdata, n);
}

/* A snapshot of many items arrives: the first rows come a step a frame. */
static void
test_reveals_in_steps (void)
{
  Fixture fixture = { 0 };
  guint grows = 0;

  fixture_init (&fixture, 0);
  g_assert_false (ms_fill_model_get_filling (fixture.model));

  /* Nothing new until the next frame grows it. */
  splice_new (&fixture, 0, 0, 100000);
  check (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);
  g_assert_true (ms_fill_model_get_filling (fixture.model));

  while (ms_fill_model_get_filling (fixture.model))
    {
      guint before = g_list_model_get_n_items (G_LIST_MODEL (fixture.model));

      ms_fill_model_grow (fixture.model);
      grows++;
      check (&fixture);
      g_assert_cmpuint (fixture.last_position, ==, before);
      g_assert_cmpuint (fixture.last_removed, ==, 0);
    }
  /* 50, 100, 150, then everything. */
  g_assert_cmpuint (grows, ==, FULL / STEP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 100000);

  /* Full: a change passes through as it is. */
  splice_new (&fixture, 70000, 3, 2);
  check (&fixture);
  g_assert_cmpuint (fixture.last_position, ==, 70000);
  g_assert_cmpuint (fixture.last_removed, ==, 3);
  g_assert_cmpuint (fixture.last_added, ==, 2);

  fixture_clear (&fixture);
}

/* A search that showed one row is cleared: the rows come in steps again.
 * A few rows more at once pass straight through.
 */
static void
test_grows_again_after_shrinking (void)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);
  ms_fill_model_grow (fixture.model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, STEP);
  while (ms_fill_model_get_filling (fixture.model))
    ms_fill_model_grow (fixture.model);
  check (&fixture);

  g_list_store_splice (fixture.source, 1, 999, NULL, 0);
  check (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 1);

  splice_new (&fixture, 1, 0, 10);
  check (&fixture);
  g_assert_false (ms_fill_model_get_filling (fixture.model));
  g_assert_cmpuint (fixture.last_position, ==, 1);
  g_assert_cmpuint (fixture.last_added, ==, 10);

  /* Before the first item: the 11 rows shown are replaced, then the
   * others come a step at a time. */
  splice_new (&fixture, 0, 0, 5000);
  check (&fixture);
  g_assert_true (ms_fill_model_get_filling (fixture.model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 11);
  ms_fill_model_grow (fixture.model);
  check (&fixture);
  g_assert_cmpuint (fixture.last_removed, ==, 11);
  g_assert_cmpuint (fixture.last_added, ==, 11);
  ms_fill_model_grow (fixture.model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 11 + STEP);
  grow_all (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* A sort is done: the rows on screen all hold other items. The old items
 * stay until they are replaced, a step a frame, after those the change
 * left as they were; past the first FULL, the source shows at once.
 * Replacing rows past the first FULL passes straight through.
 */
static void
test_replaced_rows_come_in_steps (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) shown_first = NULL;
  g_autoptr(GObject) kept = NULL;
  g_autoptr(GObject) shown_kept = NULL;

  fixture_init (&fixture, 1000);
  grow_all (&fixture);
  first = g_list_model_get_item (G_LIST_MODEL (fixture.model), 0);

  splice_new (&fixture, 0, 1000, 1000);
  check (&fixture);
  g_assert_true (ms_fill_model_get_filling (fixture.model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 1000);
  shown_first = g_list_model_get_item (G_LIST_MODEL (fixture.model), 0);
  g_assert_true (shown_first == first);
  g_assert_cmpuint (fixture.last_position, ==, FULL);
  grow_all (&fixture);
  check (&fixture);

  /* Items before the change stay as they are. */
  kept = g_list_model_get_item (G_LIST_MODEL (fixture.model), STEP + 9);
  splice_new (&fixture, STEP + 10, 300, 300);
  check (&fixture);
  g_assert_true (ms_fill_model_get_filling (fixture.model));
  ms_fill_model_grow (fixture.model);
  check (&fixture);
  g_assert_cmpuint (fixture.last_position, ==, STEP + 10);
  shown_kept = g_list_model_get_item (G_LIST_MODEL (fixture.model), STEP + 9);
  g_assert_true (shown_kept == kept);
  grow_all (&fixture);

  /* As many new rows as a step: at once. */
  splice_new (&fixture, 0, STEP, STEP);
  check (&fixture);
  g_assert_false (ms_fill_model_get_filling (fixture.model));
  g_assert_cmpuint (fixture.last_added, ==, STEP);

  splice_new (&fixture, FULL, 500, 500);
  check (&fixture);
  g_assert_false (ms_fill_model_get_filling (fixture.model));
  g_assert_cmpuint (fixture.last_position, ==, FULL);
  g_assert_cmpuint (fixture.last_added, ==, 500);

  fixture_clear (&fixture);
}

/* While rows are replaced, changes before, among and after them. */
static void
test_changes_while_replacing (void)
{
  Fixture fixture = { 0 };

  fixture_init (&fixture, 1000);
  grow_all (&fixture);

  /* Replacing from 10 on; the first 10 are shown as they are. */
  splice_new (&fixture, 10, 990, 990);
  ms_fill_model_grow (fixture.model);
  check (&fixture);
  /* Among the items shown as they are. */
  splice_new (&fixture, 2, 1, 3);
  check (&fixture);
  g_assert_cmpuint (fixture.last_position, ==, 2);
  /* Among those not shown yet: nothing to see. */
  {
    guint changes = fixture.changes;

    splice_new (&fixture, 100, 5, 1);
    check (&fixture);
    g_assert_cmpuint (fixture.changes, ==, changes);
  }
  /* Past the first FULL. */
  splice_new (&fixture, 700, 2, 0);
  check (&fixture);
  grow_all (&fixture);
  check (&fixture);

  /* Across the parts: replacing starts again from where the view is,
   * without building more than a step of rows. */
  splice_new (&fixture, 0, g_list_model_get_n_items (G_LIST_MODEL (fixture.source)), 1000);
  ms_fill_model_grow (fixture.model);
  splice_new (&fixture, 0, 500, 1);
  check (&fixture);
  g_assert_true (ms_fill_model_get_filling (fixture.model));
  grow_all (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* While rows are replaced, many items come before the tail: they come a
 * step at a time too, once the old items are replaced.
 */
static void
test_hidden_items_come_in_steps (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  fixture_init (&fixture, 1000);
  grow_all (&fixture);

  splice_shuffled (&fixture, rand);
  ms_fill_model_grow (fixture.model);
  ms_fill_model_grow (fixture.model);
  check (&fixture);
  /* The first two steps' items go, then 300 come where they were. */
  g_list_store_splice (fixture.source, 0, 2 * STEP, NULL, 0);
  check (&fixture);
  splice_new (&fixture, 0, 0, 300);
  check (&fixture);
  g_assert_true (ms_fill_model_get_filling (fixture.model));
  grow_all (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* Sorted twice in a row, the same items: the second sort comes while the
 * first one's rows are being replaced. No change removes two rows of the
 * same item (see on_items_changed()), and the rows that mostly keep their
 * items are not replaced in steps.
 */
static void
test_sorted_again_while_replacing (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  fixture_init (&fixture, 1000);
  grow_all (&fixture);

  splice_shuffled (&fixture, rand);
  check (&fixture);
  g_assert_true (ms_fill_model_get_filling (fixture.model));
  ms_fill_model_grow (fixture.model);
  ms_fill_model_grow (fixture.model);
  splice_shuffled (&fixture, rand);
  check (&fixture);
  grow_all (&fixture);
  check (&fixture);

  /* 100 rows turned around: the same items, passed through at once, also
   * in a frame (they build few rows). */
  fixture_count_frames (&fixture);
  next_frame (&fixture);
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < 100; i++)
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (fixture.source), 99 - i));
    g_list_store_splice (fixture.source, 0, 100, items->pdata, 100);
    check (&fixture);
    g_assert_false (ms_fill_model_get_filling (fixture.model));
  }

  fixture_clear (&fixture);
}

/* While rows are replaced, items come one by one among the first rows,
 * then a search leaves few: the old rows are gone within a replacement's
 * steps (FULL / STEP), however many came meanwhile, and what was never
 * in the first FULL positions goes at once.
 */
static void
test_narrowed_while_replacing (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint steps = 0;

  fixture_init (&fixture, 1000);
  grow_all (&fixture);
  splice_shuffled (&fixture, rand);
  for (guint i = 0; i < 300; i++)
    {
      splice_new (&fixture, 150, 0, 1);
      if (i % 100 == 0)
        ms_fill_model_grow (fixture.model);
    }
  check (&fixture);
  g_assert_true (ms_fill_model_get_filling (fixture.model));
  /* The old rows are replaced (4 steps); the items that came stand past
   * the first FULL. */
  ms_fill_model_grow (fixture.model);
  ms_fill_model_grow (fixture.model);
  check (&fixture);

  g_list_store_splice (fixture.source, 10, g_list_model_get_n_items (G_LIST_MODEL (fixture.source)) - 10,
                       NULL, 0);
  check (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), <=, FULL);
  while (ms_fill_model_get_filling (fixture.model))
    {
      ms_fill_model_grow (fixture.model);
      check (&fixture);
      steps++;
    }
  g_assert_cmpuint (steps, <=, FULL / STEP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 10);

  /* Cleared while replacing: the same bound. */
  splice_new (&fixture, 0, 10, 1000);
  grow_all (&fixture);
  splice_shuffled (&fixture, rand);
  ms_fill_model_grow (fixture.model);
  g_list_store_remove_all (fixture.source);
  check (&fixture);
  for (steps = 0; ms_fill_model_get_filling (fixture.model); steps++)
    {
      ms_fill_model_grow (fixture.model);
      check (&fixture);
    }
  g_assert_cmpuint (steps, <=, FULL / STEP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);

  fixture_clear (&fixture);
}

typedef struct
{
  guint position, removed, added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

/* Everything replaced, past the first rows a tail of another size
 * altogether (a search cleared): the old tail goes in one change, the new
 * one comes in the next, so GTK looks for no row's item among every item
 * added. A tail of about the same size (a sort) is one change.
 */
static void
test_tail_of_another_size (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gboolean split = FALSE;

  fixture_init (&fixture, FULL + 60);
  grow_all (&fixture);
  g_signal_connect (fixture.model, "items-changed", G_CALLBACK (record_change), changes);

  splice_new (&fixture, 0, FULL + 60, 5000);
  check (&fixture);
  for (guint i = 0; i + 1 < changes->len; i++)
    {
      Change *a = &g_array_index (changes, Change, i);
      Change *b = &g_array_index (changes, Change, i + 1);

      if (a->position == FULL && a->removed == 60 && a->added == 0 &&
          b->position == FULL && b->removed == 0 && b->added == 5000 - FULL)
        split = TRUE;
      /* Never the two in one. */
      g_assert_false (a->removed == 60 && a->added == 5000 - FULL);
    }
  g_assert_true (split);
  grow_all (&fixture);
  check (&fixture);

  /* A sort: the tail changes in one. */
  g_array_set_size (changes, 0);
  splice_shuffled (&fixture, rand);
  check (&fixture);
  g_assert_cmpuint (changes->len, >=, 1);
  {
    gboolean whole_tail = FALSE;

    for (guint i = 0; i < changes->len; i++)
      {
        Change *c = &g_array_index (changes, Change, i);

        whole_tail |= c->position == FULL && c->removed == 5000 - FULL && c->added == 5000 - FULL;
      }
    g_assert_true (whole_tail);
  }
  grow_all (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* A search: every row goes, then a few matches come. The rows on screen
 * go a step a frame, as they are replaced after a sort, and never more
 * than @step in one change; the matches come first; so too when nothing
 * matches.
 */
static void
test_rows_go_in_steps (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));

  for (guint matches = 0; matches <= 7; matches += 7)
    {
      guint steps = 0;

      fixture_init (&fixture, 1000);
      grow_all (&fixture);
      g_array_set_size (changes, 0);
      g_signal_connect (fixture.model, "items-changed", G_CALLBACK (record_change), changes);

      g_list_store_remove_all (fixture.source);
      check (&fixture);
      g_assert_true (ms_fill_model_get_filling (fixture.model));
      splice_new (&fixture, 0, 0, matches);
      check (&fixture);
      /* After one step the first rows are the matches, not old rows with
       * the matches below them. */
      ms_fill_model_grow (fixture.model);
      check (&fixture);
      steps++;
      for (guint i = 0; i < matches; i++)
        {
          g_autoptr(GObject) shown = g_list_model_get_item (G_LIST_MODEL (fixture.model), i);
          g_autoptr(GObject) match = g_list_model_get_item (G_LIST_MODEL (fixture.source), i);

          g_assert_true (shown == match);
        }
      while (ms_fill_model_get_filling (fixture.model))
        {
          ms_fill_model_grow (fixture.model);
          check (&fixture);
          steps++;
        }
      g_assert_cmpuint (steps, >=, FULL / STEP - 1);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, matches);

      for (guint i = 0; i < changes->len; i++)
        {
          Change *c = &g_array_index (changes, Change, i);

          g_assert_cmpuint (MIN (c->position + c->removed, FULL) - MIN (c->position, FULL), <=, STEP);
        }
      fixture_clear (&fixture);
    }
}

/* An incremental search's matches come a few at a time, dozens of times a
 * frame, each change small: together they build at most a step of rows a
 * frame; the rest come in the next frames. Without a frame counter, every
 * change passes through.
 */
static void
test_small_changes_in_one_frame (void)
{
  for (guint counted = 0; counted < 2; counted++)
    {
      Fixture fixture = { 0 };
      g_autoptr(GRand) rand = g_rand_new_with_seed (7);
      guint frames = 0;

      fixture_init (&fixture, 1000);
      grow_all (&fixture);
      if (counted)
        fixture_count_frames (&fixture);
      next_frame (&fixture);

      /* 60 matches in one frame, each in its sorted place near the top. */
      for (guint i = 0; i < 60; i++)
        {
          splice_new (&fixture, g_rand_int_range (rand, 0, FULL), 0, 1);
          check (&fixture);
        }
      if (!counted)
        {
          g_assert_cmpuint (fixture.built, ==, 60);
          g_assert_false (ms_fill_model_get_filling (fixture.model));
          fixture_clear (&fixture);
          continue;
        }
      g_assert_cmpuint (fixture.built, <=, STEP);
      g_assert_true (ms_fill_model_get_filling (fixture.model));

      /* A step a frame (the view's tick grows the model) until done. */
      while (ms_fill_model_get_filling (fixture.model))
        {
          next_frame (&fixture);
          ms_fill_model_grow (fixture.model);
          check (&fixture);
          g_assert_cmpuint (fixture.built, <=, STEP);
          frames++;
        }
      g_test_message ("the rest came in %u frames", frames);
      check (&fixture);
      fixture_clear (&fixture);
    }
}

/* Any sequence of changes and growth keeps the signals and the contents
 * in agreement.
 */
static void
random_changes (guint32  seed,
                guint    rounds,
                gboolean frames)
{
  Fixture fixture = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  fixture_init (&fixture, 30);
  if (frames)
    fixture_count_frames (&fixture);
  for (guint round = 0; round < rounds; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture.source));
      /* Half of the changes among the first rows, where the view is. */
      guint position = g_rand_int_range (rand, 0, (g_rand_boolean (rand) ? MIN (n, FULL + 50) : n) + 1);
      guint removed = g_rand_int_range (rand, 0, MIN (n - position, 400) + 1);
      guint added;

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0:
          added = g_rand_int_range (rand, 0, 5);
          break;
        case 4:
          /* The same items in another order, as a sort gives them. */
          added = removed = 0;
          if (n < 3000)
            splice_shuffled (&fixture, rand);
          break;
        case 1:
          /* Many at once, while the source stays small enough to check. */
          added = n < 3000 ? g_rand_int_range (rand, 0, 600) : 0;
          break;
        default:
          added = 0;
          next_frame (&fixture);
          ms_fill_model_grow (fixture.model);
          check (&fixture);
          removed = 0;
          break;
        }
      if (removed > 0 || added > 0)
        splice_new (&fixture, position, removed, added);
      check (&fixture);
    }
  grow_all (&fixture);
  check (&fixture);

  fixture_clear (&fixture);
}

/* Seeds that once found a change removing two rows of the same item
 * (front cut back together with the old tail), and the first. */
static void
test_random_changes (void)
{
  static const guint32 seeds[] = { 20261125, 3, 9, 16, 23 };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    random_changes (seeds[i], 5000, FALSE);
  /* With a frame counter: some changes wait for the next frames. */
  for (guint i = 0; i < 2; i++)
    random_changes (seeds[i], 3000, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/fill-model/reveals-in-steps", test_reveals_in_steps);
  g_test_add_func ("/ms/fill-model/grows-again-after-shrinking", test_grows_again_after_shrinking);
  g_test_add_func ("/ms/fill-model/replaced-rows-come-in-steps", test_replaced_rows_come_in_steps);
  g_test_add_func ("/ms/fill-model/changes-while-replacing", test_changes_while_replacing);
  g_test_add_func ("/ms/fill-model/sorted-again-while-replacing", test_sorted_again_while_replacing);
  g_test_add_func ("/ms/fill-model/narrowed-while-replacing", test_narrowed_while_replacing);
  g_test_add_func ("/ms/fill-model/hidden-items-come-in-steps", test_hidden_items_come_in_steps);
  g_test_add_func ("/ms/fill-model/tail-of-another-size", test_tail_of_another_size);
  g_test_add_func ("/ms/fill-model/rows-go-in-steps", test_rows_go_in_steps);
  g_test_add_func ("/ms/fill-model/small-changes-in-one-frame", test_small_changes_in_one_frame);
  g_test_add_func ("/ms/fill-model/random-changes", test_random_changes);

  return g_test_run ();
}
