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
 * first @full positions (a first filling, a search cleared, a sort done):
 * then it shows only the items before the change, and reveals the rest
 * @step at a time (ms_fill_model_grow(), once a frame, before the frame
 * is drawn) until @full are shown or the source has no more.
 *
 * GtkColumnView (GTK 4.8) builds a row for each of up to 200 items in one
 * go, and 200 rows of 8 cells blocked the main loop for 40-60 ms when a
 * big cluster's table first filled. When a sort replaced all the rows,
 * destroying the old ones took about 30 ms more: that happens on the
 * change, and the first new rows come with the next frame.
 *
 * It is always a prefix of its source: position N is the source's item N.
 */

struct _MsFillModel
{
  GObject     parent_instance;

  GListModel *source;
  guint       n_source;
  guint       limit;     /* G_MAXUINT: everything passes through */
  guint       step;
  guint       full;
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
shown (MsFillModel *self)
{
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
  return shown (MS_FILL_MODEL (model));
}

static gpointer
ms_fill_model_get_item (GListModel *model,
                        guint       position)
{
  MsFillModel *self = MS_FILL_MODEL (model);

  if (position >= shown (self))
    return NULL;

  return g_list_model_get_item (self->source, position);
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

static void
on_source_items_changed (GListModel  *source,
                         guint        position,
                         guint        removed,
                         guint        added,
                         MsFillModel *self)
{
  gboolean was_filling = ms_fill_model_get_filling (self);
  guint old_shown = shown (self);
  guint old_n = self->n_source;
  guint new_shown;
  guint at;

  self->n_source = old_n - removed + added;

  if (self->limit == G_MAXUINT)
    {
      if (!too_many_new_rows (self, position, added))
        {
          g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
          return;
        }
      self->limit = MIN (position, self->full);
    }

  /* Whatever changed from @position to the end of what is shown. */
  new_shown = shown (self);
  at = MIN (position, old_shown);
  if (old_shown > at || new_shown > at)
    g_list_model_items_changed (G_LIST_MODEL (self), at, old_shown - at, new_shown - at);

  if (self->n_source <= self->limit)
    self->limit = G_MAXUINT;

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
   * Whether the source holds items not shown yet: call
   * ms_fill_model_grow() once a frame until it is %FALSE.
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
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed), self, 0);

  return self;
}

gboolean
ms_fill_model_get_filling (MsFillModel *self)
{
  g_return_val_if_fail (MS_IS_FILL_MODEL (self), FALSE);

  return self->n_source > self->limit;
}

/**
 * ms_fill_model_grow:
 *
 * Shows @step more items; everything once @full are shown.
 */
void
ms_fill_model_grow (MsFillModel *self)
{
  guint old_shown;

  g_return_if_fail (MS_IS_FILL_MODEL (self));

  if (!ms_fill_model_get_filling (self))
    return;

  old_shown = shown (self);
  self->limit += self->step;
  if (self->limit >= self->full || self->limit >= self->n_source)
    self->limit = G_MAXUINT;

  g_list_model_items_changed (G_LIST_MODEL (self), old_shown, 0, shown (self) - old_shown);

  if (!ms_fill_model_get_filling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}
