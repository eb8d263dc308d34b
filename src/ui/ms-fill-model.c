/* ms-fill-model.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-fill-model"

#include "config.h"

#include "ms-fill-model.h"

/*
 * MsFillModel shows its source's items, and passes every change straight
 * through, except one that brings more than @step new items into the
 * first @full positions. GtkColumnView (GTK 4.8) makes a row for each of
 * up to 200 items in one go: building 200 rows of 8 cells blocked the main
 * loop for 40-60 ms, and destroying them for about 30 ms.
 *
 * - Growing (a first filling, or more items where the view had fewer
 *   than @full): it shows the items before the change, then @step more at
 *   a time (ms_fill_model_grow(), once a frame, before the frame is
 *   drawn) until @full are shown.
 * - Replacing (a sort done, a search cleared: the view's rows all hold
 *   other items): it keeps showing the items the view had, and replaces
 *   them @step at a time, so that each frame destroys and builds at most
 *   @step rows. Meanwhile it shows
 *     source[0, fresh) ++ stale ++ source[tail, n_source)
 *   where stale holds the view's old items not replaced yet, and
 *   source[fresh, tail) the items that will replace them. A change in one
 *   of those three parts passes through (or, in the hidden part, goes
 *   unseen); one across them ends the replacing at once.
 *
 * Otherwise position N is the source's item N.
 */

struct _MsFillModel
{
  GObject     parent_instance;

  GListModel *source;
  guint       n_source;
  guint       step;
  guint       full;

  /* Growing: the number of the source's first items shown; G_MAXUINT:
   * everything passes through. */
  guint       limit;
  /* The first @full items, as the view has them: kept while everything
   * passes through, for a replacing to start from. */
  GPtrArray  *head;
  /* Replacing, when not NULL: see above. */
  GPtrArray  *stale;
  guint       fresh;
  guint       tail;
  gboolean    tail_shown;   /* FALSE: the view had fewer than @full
                             * items; more come by growing afterwards */
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
n_shown (MsFillModel *self)
{
  if (self->stale != NULL)
    return self->fresh + self->stale->len + (self->tail_shown ? self->n_source - self->tail : 0);

  return MIN (self->n_source, self->limit);
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

  if (position >= n_shown (self))
    return NULL;
  if (self->stale == NULL || position < self->fresh)
    return g_list_model_get_item (self->source, position);
  if (position < self->fresh + self->stale->len)
    return g_object_ref (g_ptr_array_index (self->stale, position - self->fresh));

  return g_list_model_get_item (self->source, position - self->fresh - self->stale->len + self->tail);
}

static void
ms_fill_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_fill_model_get_item_type;
  iface->get_n_items = ms_fill_model_get_n_items;
  iface->get_item = ms_fill_model_get_item;
}

/* Would showing @added items at @position make the view build more than
 * @step new rows? */
static gboolean
too_many_new_rows (MsFillModel *self,
                   guint        position,
                   guint        added)
{
  return MIN (position + added, self->full) - MIN (position, self->full) > self->step;
}

/* While everything passes through: the view's first items again. */
static void
update_head (MsFillModel *self)
{
  guint n = MIN (self->n_source, self->full);

  g_ptr_array_set_size (self->head, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->head, g_list_model_get_item (self->source, i));
}

static void
start_replacing (MsFillModel *self,
                 guint        position,
                 guint        old_n)
{
  guint kept = self->head->len;

  self->stale = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = position; i < kept; i++)
    g_ptr_array_add (self->stale, g_object_ref (g_ptr_array_index (self->head, i)));
  g_ptr_array_set_size (self->head, 0);
  self->fresh = position;
  self->tail = MIN (kept, self->n_source);
  /* With fewer than @full, the view had all the items: any more are new
   * rows, and come by growing when the replacing is done. */
  self->tail_shown = kept >= self->full;

  /* Past the items kept, the view shows the source's as they are now. */
  if (self->tail_shown && (old_n > kept || self->n_source > self->tail))
    g_list_model_items_changed (G_LIST_MODEL (self), kept, old_n - kept, self->n_source - self->tail);
}

/* Once the view shows source[0, fresh) and, if shown, the tail. */
static void
stop_replacing (MsFillModel *self)
{
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  if (self->tail_shown || self->n_source <= self->fresh)
    {
      self->limit = G_MAXUINT;
      update_head (self);
    }
  else
    {
      self->limit = self->fresh;
    }
}

/* A change while replacing. */
static void
replacing_changed (MsFillModel *self,
                   guint        position,
                   guint        removed,
                   guint        added,
                   guint        old_n)
{
  guint at_tail = self->fresh + self->stale->len;

  if (!self->tail_shown && position >= self->fresh)
    {
      /* Not shown yet. */
    }
  else if (self->tail_shown && position >= self->tail)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->tail + at_tail, removed, added);
    }
  else if (position + removed <= self->fresh)
    {
      self->fresh = self->fresh - removed + added;
      self->tail = self->tail - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }
  else if (position >= self->fresh && position + removed <= self->tail)
    {
      /* Among the items not shown yet. */
      self->tail = self->tail - removed + added;
    }
  else
    {
      /* Across the parts: the source as it is, from the first item
       * replaced on, at once (or growing, if the tail was not shown). */
      guint was_shown = at_tail + (self->tail_shown ? old_n - self->tail : 0);
      guint from = MIN (position, self->fresh);

      stop_replacing (self);
      g_list_model_items_changed (G_LIST_MODEL (self), from, was_shown - from, n_shown (self) - from);
    }
}

static void
on_source_items_changed (GListModel  *source,
                         guint        position,
                         guint        removed,
                         guint        added,
                         MsFillModel *self)
{
  gboolean was_filling = ms_fill_model_get_filling (self);
  guint old_shown = n_shown (self);
  guint old_n = self->n_source;
  guint new_shown;
  guint at;

  self->n_source = old_n - removed + added;

  if (self->stale != NULL)
    {
      replacing_changed (self, position, removed, added, old_n);
    }
  else if (self->limit == G_MAXUINT && !too_many_new_rows (self, position, added))
    {
      if (position < self->full)
        update_head (self);
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }
  else if (self->limit == G_MAXUINT && self->head->len > position)
    {
      start_replacing (self, position, old_n);
    }
  else
    {
      if (self->limit == G_MAXUINT)
        self->limit = MIN (position, self->full);

      /* Whatever changed from @position to the end of what is shown. */
      new_shown = n_shown (self);
      at = MIN (position, old_shown);
      if (self->n_source <= self->limit)
        {
          self->limit = G_MAXUINT;
          update_head (self);
        }
      if (old_shown > at || new_shown > at)
        g_list_model_items_changed (G_LIST_MODEL (self), at, old_shown - at, new_shown - at);
    }

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
  g_clear_pointer (&self->head, g_ptr_array_unref);
  g_clear_pointer (&self->stale, g_ptr_array_unref);

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
  self->head = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * ms_fill_model_new:
 * @source: the model to show
 * @step: how many more items each ms_fill_model_grow() reveals
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
  self->limit = too_many_new_rows (self, 0, self->n_source) ? 0 : G_MAXUINT;
  if (self->limit == G_MAXUINT)
    update_head (self);
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed), self, 0);

  return self;
}

gboolean
ms_fill_model_get_filling (MsFillModel *self)
{
  g_return_val_if_fail (MS_IS_FILL_MODEL (self), FALSE);

  return self->stale != NULL || self->n_source > self->limit;
}

/* Replaces @step more of the items the view had. */
static void
replace_step (MsFillModel *self)
{
  guint replaced = MIN (self->step, self->stale->len);
  guint from = self->fresh;
  guint end = MIN (self->fresh + replaced, self->tail_shown ? self->tail : self->n_source);

  g_ptr_array_remove_range (self->stale, 0, replaced);
  self->fresh = end;
  g_list_model_items_changed (G_LIST_MODEL (self), from, replaced, end - from);

  if (self->stale->len == 0 && self->tail_shown)
    {
      guint hidden = self->tail - self->fresh;

      /* (Only if the source grew in the hidden part.) */
      from = self->fresh;
      self->fresh = self->tail;
      stop_replacing (self);
      if (hidden > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), from, 0, hidden);
    }
  else if (self->stale->len == 0)
    {
      stop_replacing (self);
    }
}

/**
 * ms_fill_model_grow:
 *
 * Shows @step more items (everything once @full are shown), or replaces
 * @step more of the items the view had.
 */
void
ms_fill_model_grow (MsFillModel *self)
{
  guint old_shown;

  g_return_if_fail (MS_IS_FILL_MODEL (self));

  if (self->stale != NULL)
    {
      replace_step (self);
    }
  else if (self->n_source > self->limit)
    {
      old_shown = n_shown (self);
      self->limit += self->step;
      if (self->limit >= self->full || self->limit >= self->n_source)
        {
          self->limit = G_MAXUINT;
          update_head (self);
        }
      g_list_model_items_changed (G_LIST_MODEL (self), old_shown, 0, n_shown (self) - old_shown);
    }
  else
    {
      return;
    }

  if (!ms_fill_model_get_filling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}
