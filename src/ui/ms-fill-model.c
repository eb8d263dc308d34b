/* ms-fill-model.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-fill-model"

#include "config.h"

#include "ms-fill-model.h"
#include "ms-sort-model.h"

/*
 * MsFillModel shows its source's items, and passes every change straight
 * through, except one that would bring more than @step new items into the
 * first @full positions. GtkColumnView (GTK 4.8) makes a row for each of
 * up to 200 items in one go: building 200 rows of 8 cells blocked the main
 * loop for 40-60 ms, and destroying them for about 30 ms.
 *
 * What it shows is always
 *     front ++ source[tail, n_source)       (the tail only if tail_shown)
 * where front holds the first items as the view has them, of which
 * front[0, fresh) are the source's first items.
 *
 * - Passing through: front is source[0, @full), the tail the rest.
 * - Growing (a first filling; more items where the view had fewer than
 *   @full): no tail; ms_fill_model_grow(), called once a frame before the
 *   frame is drawn, adds @step items to front until it has @full, then
 *   the tail shows.
 * - Replacing (a sort done, a search cleared: the rows on screen would
 *   all hold other items): front[fresh, ...) are the items the view had,
 *   and ms_fill_model_grow() replaces @step of them at a time with
 *   source[fresh, ...), so that each frame destroys and builds at most
 *   @step rows. The tail shows the source's items past front's length
 *   (when front fills the first @full positions). A change across those
 *   parts starts replacing again from where the view is.
 *
 * Many small changes in one frame build as many rows as one big change
 * (an incremental search finds a few matches at a time, dozens of times a
 * frame): given a frame counter (ms_fill_model_set_frame_counter()),
 * passing through builds at most @step new rows a frame, and a change past
 * that starts replacing from where it is.
 *
 * Only the rows at the top of a table are spared this way: a table
 * scrolled further down gets its rows replaced at once, as before.
 *
 * An item shows at most once in front[fresh, ...), where rows are
 * replaced: GTK 4.8 warns when one change removes two rows of the same
 * item. (While replacing, an item may show both there and before fresh or
 * in the tail.)
 */

struct _MsFillModel
{
  GObject     parent_instance;

  GListModel *source;
  guint       n_source;
  guint       step;
  guint       full;

  GPtrArray  *front;
  guint       fresh;
  guint       tail;
  gboolean    tail_shown;

  MsFillModelFrameFunc frame_func;
  gpointer    frame_data;
  gint64      frame;        /* the frame rows were last passed through in */
  guint       built;        /* new rows passed through in it */
};

static void ms_fill_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsFillModel, ms_fill_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ms_fill_model_list_model_init))

enum {
  PROP_0,
  PROP_FILLING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
n_tail (MsFillModel *self)
{
  return self->tail_shown ? self->n_source - self->tail : 0;
}

static guint
n_shown (MsFillModel *self)
{
  return self->front->len + n_tail (self);
}

static GType
ms_fill_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (MS_FILL_MODEL (model)->source);
}

static guint
ms_fill_model_get_n_items (GListModel *model)
{
  return n_shown (MS_FILL_MODEL (model));
}

static gpointer
ms_fill_model_get_item (GListModel *model,
                        guint       position)
{
  MsFillModel *self = MS_FILL_MODEL (model);

  if (position < self->front->len)
    return g_object_ref (g_ptr_array_index (self->front, position));
  if (position >= n_shown (self))
    return NULL;

  return g_list_model_get_item (self->source, position - self->front->len + self->tail);
}

static void
ms_fill_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_fill_model_get_item_type;
  iface->get_n_items = ms_fill_model_get_n_items;
  iface->get_item = ms_fill_model_get_item;
}

/* Old items left to replace, or (only if the source grew there) items of
 * the source not shown yet before the tail.
 */
static gboolean
replacing (MsFillModel *self)
{
  return self->fresh < self->front->len || (self->tail_shown && self->fresh < self->tail);
}

static gboolean
growing (MsFillModel *self)
{
  return !replacing (self) && !self->tail_shown && self->n_source > self->front->len;
}

/* How many new rows showing @added items at @position builds. */
static guint
new_rows (MsFillModel *self,
          guint        position,
          guint        added)
{
  return MIN (position + added, self->full) - MIN (position, self->full);
}

/* Passing through @n new rows: does this frame allow them? If so, they
 * are counted. Without a frame (no counter, a view not drawn), always. */
static gboolean
frame_takes (MsFillModel *self,
             guint        n)
{
  gint64 frame = self->frame_func != NULL ? self->frame_func (self->frame_data) : -1;

  if (frame < 0 || n == 0)
    return TRUE;
  if (frame != self->frame)
    {
      self->frame = frame;
      self->built = 0;
    }
  if (self->built + n > self->step)
    return FALSE;
  self->built += n;

  return TRUE;
}

/* Would showing @added items at @position make the view build more than
 * @step new rows? (Or, asked of @removed items, destroy more than @step.)
 */
static gboolean
too_many_new_rows (MsFillModel *self,
                   guint        position,
                   guint        added)
{
  return new_rows (self, position, added) > self->step;
}

/* Puts @n of the source's items from @position into front at @index. */
static void
front_insert (MsFillModel *self,
              guint        index,
              guint        position,
              guint        n)
{
  for (guint i = 0; i < n; i++)
    g_ptr_array_insert (self->front, index + i, g_list_model_get_item (self->source, position + i));
}

/* Passing through: front, which holds the source's first items, is made
 * to hold as many as fit in the first @full positions. What is shown does
 * not change (the tail shows those past front).
 */
static void
front_fit (MsFillModel *self)
{
  guint want = MIN (self->n_source, self->full);

  if (self->front->len > want)
    g_ptr_array_set_size (self->front, want);
  else
    front_insert (self, self->front->len, self->front->len, want - self->front->len);
  self->fresh = self->front->len;
  self->tail = self->front->len;
  self->tail_shown = TRUE;
}

/* Passing through, the source changed: front follows it where the change
 * reaches into it, item by item (not all of it again on every change).
 */
static void
front_follow (MsFillModel *self,
              guint        position,
              guint        removed,
              guint        added)
{
  guint want = MIN (self->n_source, self->full);

  if (position < self->front->len)
    {
      g_ptr_array_remove_range (self->front, position, MIN (removed, self->front->len - position));
      /* Past @want, front_fit() cuts what would not line up. */
      front_insert (self, position, position, position < want ? MIN (added, want - position) : 0);
    }
  front_fit (self);
}

/* Done replacing or growing, if so. front then holds the source's first
 * items (none old are left).
 */
static void
settle (MsFillModel *self)
{
  if (!replacing (self) && (self->tail_shown || self->n_source <= self->front->len))
    front_fit (self);
}

/* Where the view is now, it starts being brought to the source: from
 * @fresh on, front's items are replaced step by step. Past front, the
 * tail shows the source's items from front's length on, if front fills
 * the first @full positions (otherwise the rest comes by growing). What
 * front held past the first @full positions goes: the view builds no rows
 * there at once.
 */
static void
start_replacing (MsFillModel *self,
                 guint        fresh,
                 guint        old_tail)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  self->fresh = MIN (fresh, self->front->len);
  /* The tail shows only if the source fills the front too: a search's
   * first matches then take the old rows' places, not a tail below
   * them. */
  self->tail_shown = self->front->len >= self->full && self->n_source >= self->full;
  self->tail = MIN (self->front->len, self->n_source);
  if (old_tail > 0 && n_tail (self) > 0 && (old_tail > 2 * n_tail (self) || n_tail (self) > 2 * old_tail))
    {
      /* A tail of another size altogether (a search cleared: 900 rows
       * become 100k) goes, then the new one comes, in two changes. In one,
       * GTK 4.8 would look for the items of its rows there (it keeps some
       * that matches pushed down) among every item added, 100k get_item()
       * calls in one frame; and it would put a view scrolled there in
       * proportion, a hundred times further down. */
      guint new_tail = n_tail (self);

      self->tail_shown = FALSE;
      g_list_model_items_changed (G_LIST_MODEL (self), self->front->len, old_tail, 0);
      self->tail_shown = TRUE;
      g_list_model_items_changed (G_LIST_MODEL (self), self->front->len, 0, new_tail);
    }
  else if (old_tail > 0 || n_tail (self) > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), self->front->len, old_tail, n_tail (self));
    }

  /* Then, in a change of its own (one change removing two rows of the
   * same item makes GTK 4.8 warn, and an old item there may be in the old
   * tail too), what front holds past the first @full positions: the
   * source's items there come with the next step, at once. */
  if (self->front->len > self->full)
    {
      guint excess = self->front->len - self->full;

      g_ptr_array_set_size (self->front, self->full);
      self->fresh = MIN (self->fresh, self->full);
      g_list_model_items_changed (G_LIST_MODEL (self), self->full, excess, 0);
    }

  /* One row per item where rows are replaced. */
  for (guint i = self->fresh; i < self->front->len;)
    {
      if (g_hash_table_add (seen, g_ptr_array_index (self->front, i)))
        {
          i++;
          continue;
        }
      g_ptr_array_remove_index (self->front, i);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
    }

  settle (self);
}

/* Would the first rows mostly keep their items? GTK then keeps their
 * rows, so the change is best passed through at once.
 */
static gboolean
keeps_most_rows (MsFillModel *self)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);
  guint n = MIN (self->n_source, self->full);
  guint kept = 0;

  /* All gone: none kept, unless there were none. */
  if (n == 0)
    return self->front->len == 0;

  for (guint i = 0; i < self->front->len; i++)
    g_hash_table_add (shown, g_ptr_array_index (self->front, i));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->source, i);

      kept += g_hash_table_contains (shown, item);
    }

  return kept * 2 >= n;
}

static void
on_source_items_changed (GListModel  *source,
                         guint        position,
                         guint        removed,
                         guint        added,
                         MsFillModel *self)
{
  gboolean was_filling = ms_fill_model_get_filling (self);
  gboolean steady = !replacing (self) && self->tail_shown;
  guint old_tail = n_tail (self);

  self->n_source = self->n_source - removed + added;

  if (steady)
    {
      /* A search: the rows on screen go, and the matches come a few at a
       * time. The rows are replaced a step a frame then too, not all
       * destroyed in one (200 rows, 45-60 ms). */
      gboolean small = !too_many_new_rows (self, position, added) &&
                       !too_many_new_rows (self, position, removed);

      /* A change that keeps most rows (a sort turned around) builds few:
       * it passes whatever this frame built already. */
      if (small ? frame_takes (self, new_rows (self, position, added)) : keeps_most_rows (self))
        {
          front_follow (self, position, removed, added);
          g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
        }
      else
        {
          start_replacing (self, MIN (position, self->front->len), old_tail);
        }
    }
  else if (self->tail_shown && position >= self->tail &&
           !too_many_new_rows (self, position - self->tail + self->front->len, added))
    {
      /* In the tail. */
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->tail + self->front->len,
                                  removed, added);
    }
  else if (position + removed <= self->fresh && (removed > 0 || position < self->fresh) &&
           !too_many_new_rows (self, position, added) && frame_takes (self, new_rows (self, position, added)))
    {
      /* Among the source's first items, shown as they are. */
      g_ptr_array_remove_range (self->front, position, removed);
      front_insert (self, position, position, added);
      self->fresh = self->fresh - removed + added;
      if (self->tail_shown)
        self->tail = self->tail - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }
  else if (position >= self->fresh &&
           (!self->tail_shown || position + removed <= self->tail))
    {
      /* Among the items not shown yet. */
      if (self->tail_shown)
        self->tail = self->tail - removed + added;
    }
  else
    {
      /* Across those parts, or many new rows: from where the view is. */
      start_replacing (self, MIN (position, self->fresh), old_tail);
    }

  if (!steady)
    settle (self);
  if (was_filling != ms_fill_model_get_filling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}

static void
ms_fill_model_dispose (GObject *object)
{
  MsFillModel *self = MS_FILL_MODEL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_source_items_changed, self);
  g_clear_object (&self->source);
  g_clear_pointer (&self->front, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_fill_model_parent_class)->dispose (object);
}

static void
ms_fill_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MsFillModel *self = MS_FILL_MODEL (object);

  switch (prop_id)
    {
    case PROP_FILLING:
      g_value_set_boolean (value, ms_fill_model_get_filling (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_fill_model_class_init (MsFillModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_fill_model_dispose;
  object_class->get_property = ms_fill_model_get_property;

  /**
   * MsFillModel:filling:
   *
   * Whether the source holds items not shown yet, or items the view had
   * are still shown in their place: call ms_fill_model_grow() once a
   * frame until it is %FALSE.
   */
  properties[PROP_FILLING] =
    g_param_spec_boolean ("filling", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_fill_model_init (MsFillModel *self)
{
  self->front = g_ptr_array_new_with_free_func (g_object_unref);
  self->frame = -1;
}

/**
 * ms_fill_model_new:
 * @source: the model to show
 * @step: how many items each ms_fill_model_grow() adds or replaces
 * @full: from how many items on everything is shown at once
 *
 * Returns: (transfer full): a model showing @source's items, @step at a
 *   time where they would make many rows at once
 */
MsFillModel *
ms_fill_model_new (GListModel *source,
                   guint       step,
                   guint       full)
{
  MsFillModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);
  g_return_val_if_fail (step > 0, NULL);

  self = g_object_new (MS_TYPE_FILL_MODEL, NULL);
  self->source = g_object_ref (source);
  self->n_source = g_list_model_get_n_items (source);
  self->step = step;
  self->full = MAX (full, step);
  if (too_many_new_rows (self, 0, self->n_source))
    self->tail_shown = FALSE;   /* growing from nothing */
  else
    front_fit (self);
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed), self, 0);

  return self;
}

gboolean
ms_fill_model_get_filling (MsFillModel *self)
{
  g_return_val_if_fail (MS_IS_FILL_MODEL (self), FALSE);

  return replacing (self) || growing (self);
}

/* Replaces @step more of the items the view had. */
static void
replace_step (MsFillModel *self)
{
  guint replaced = MIN (self->step, self->front->len - self->fresh);
  guint limit = self->tail_shown ? self->tail : self->n_source;
  /* With no old items left, the rest before the tail comes a step at a
   * time too, in the first @full positions; past them, where the view
   * builds no rows at once, all of it. */
  guint end = replaced > 0 ? self->fresh + replaced
            : self->fresh < self->full ? self->fresh + self->step
            : limit;
  guint coming = MIN (end, limit) - self->fresh;
  guint at = self->fresh;

  g_ptr_array_remove_range (self->front, at, replaced);
  front_insert (self, at, at, coming);
  self->fresh += coming;
  g_list_model_items_changed (G_LIST_MODEL (self), at, replaced, coming);
}

static void
grow_step (MsFillModel *self)
{
  guint at = self->front->len;
  guint coming = MIN (self->step, self->n_source - at);

  front_insert (self, at, at, coming);
  self->fresh += coming;
  if (self->front->len >= self->full)
    {
      self->tail_shown = TRUE;
      self->tail = self->front->len;
    }
  g_list_model_items_changed (G_LIST_MODEL (self), at, 0, coming + n_tail (self));
}

/**
 * ms_fill_model_grow:
 * @self: a fill model
 *
 * Replaces @step more of the items the view had, or shows @step more
 * (everything once @full are shown).
 */
void
ms_fill_model_grow (MsFillModel *self)
{
  g_return_if_fail (MS_IS_FILL_MODEL (self));

  if (replacing (self))
    replace_step (self);
  else if (growing (self))
    grow_step (self);
  else
    return;

  settle (self);
  if (!ms_fill_model_get_filling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}

/**
 * ms_fill_model_set_frame_counter:
 * @func: (nullable): gives the number of the frame being made, or -1 when
 *   there is none (gdk_frame_clock_get_frame_counter(); a view not drawn)
 *
 * With a frame counter, changes passed through build at most @step new
 * rows a frame.
 */
void
ms_fill_model_set_frame_counter (MsFillModel          *self,
                                 MsFillModelFrameFunc  func,
                                 gpointer              data)
{
  g_return_if_fail (MS_IS_FILL_MODEL (self));

  self->frame_func = func;
  self->frame_data = data;
  self->frame = -1;
  self->built = 0;
}

/**
 * ms_fill_model_find:
 * @item: an item of the model
 * @position: (out): where it is shown, the first time
 *
 * Returns: whether @item is shown
 */
gboolean
ms_fill_model_find (MsFillModel *self,
                    gpointer     item,
                    guint       *position)
{
  guint in_source;

  g_return_val_if_fail (MS_IS_FILL_MODEL (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  if (g_ptr_array_find (self->front, item, position))
    return TRUE;
  if (n_tail (self) == 0)
    return FALSE;

  /* The tables' source sorts: it looks through its own array. */
  if (MS_IS_SORT_MODEL (self->source))
    {
      if (!ms_sort_model_find (MS_SORT_MODEL (self->source), item, &in_source))
        return FALSE;
    }
  else
    {
      for (in_source = self->tail; in_source < self->n_source; in_source++)
        {
          g_autoptr(GObject) other = g_list_model_get_item (self->source, in_source);

          if (other == item)
            break;
        }
    }

  /* Before the tail, the source's item is not shown (or shows in front). */
  if (in_source < self->tail || in_source >= self->n_source)
    return FALSE;
  *position = self->front->len + in_source - self->tail;
  return TRUE;
}
