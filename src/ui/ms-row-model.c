/* ms-row-model.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-row-model"

#include "config.h"

#include "ms-row-model.h"
#include "ms-sort-model.h"

/*
 * MsRowModel gives a table one MsRow per position of its source, and the
 * row shows whichever item of the source is at its position now.
 *
 * GtkColumnView (GTK 4.8) makes a new row widget, with a cell widget per
 * column, for every item it has not shown before, and destroys the row
 * of every item that goes: sorting a table or searching it replaced all
 * of its ~200 rows. Made 25 a frame, they still took 40-70 ms a frame
 * here, most of it GTK making the row and cell widgets, their gestures
 * and CSS nodes. A table's rows are not its items: a row here stays at its
 * position for as long as the table has that many rows, so GTK keeps its
 * widgets, and a sort only changes which item each row shows ("item"
 * notifies, and the cells follow it).
 *
 * - The source's changes are taken in together once a frame: an
 *   incremental search brings a few matches at a time, dozens of times a
 *   frame, and each would otherwise move the items of every row after it.
 *   Until then the model is "filling": its owner calls
 *   ms_row_model_update() from a tick callback of the view (in the frame
 *   clock's update phase, before layout and paint) until it is not. With
 *   no frame (no frame counter, a view not realized) the model updates
 *   itself in an idle. A view realized whose frames stop (a hidden page, a
 *   window minimized) catches up at its next frame.
 * - Only the number of rows still costs widgets: a table that gains rows
 *   in its first @full positions (GTK keeps rows for about 200) gains at
 *   most @step a frame, and one that loses them there loses at most @step
 *   a frame, the rows past the source's end showing no item meanwhile.
 *   Past @full positions, rows come and go at once.
 * - It is the table's selection too: the selected item, not a position,
 *   so that the selection goes where the item goes (until the item is
 *   gone for good: the selection holds it weakly). As with
 *   GtkSingleSelection's default, an item selected stays selected until
 *   another is. Between a change and the next update, a row alive answers
 *   for the item it still shows, and a position without one for the
 *   source's item there.
 *
 * What this gives up: GTK keeps the view where its rows are, not where its
 * items are. A table scrolled down keeps showing the same positions as
 * items are added above them, as top(1) does.
 */

struct _MsRow
{
  GObject     parent_instance;

  MsRowModel *model;    /* while the row is one of its rows */
  guint       position;
  GObject    *item;
};

G_DEFINE_FINAL_TYPE (MsRow, ms_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_ITEM,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

struct _MsRowModel
{
  GObject     parent_instance;

  GListModel *source;
  guint       n_source;
  guint       n_shown;
  guint       step;
  guint       full;

  GHashTable *rows;         /* position → MsRow, not owned: the rows alive */
  guint       dirty_from;   /* rows in [dirty_from, dirty_to) may show */
  guint       dirty_to;     /* another item than the source has there */
  guint       update_id;

  GObject    *selected;     /* weak: see on_selected_gone() */

  MsRowModelFrameFunc frame_func;
  gpointer    frame_data;
  gint64      frame;        /* the frame rows were last added or removed in */
  guint       spent;        /* how many, in it */
};

static void ms_row_model_list_model_init (GListModelInterface *iface);
static void ms_row_model_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsRowModel, ms_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ms_row_model_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, ms_row_model_selection_model_init))

enum {
  PROP_0,
  PROP_FILLING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- MsRow -------------------------------------------------------------- */

static void
ms_row_dispose (GObject *object)
{
  MsRow *self = MS_ROW (object);

  if (self->model != NULL)
    g_hash_table_remove (self->model->rows, GUINT_TO_POINTER (self->position));
  self->model = NULL;

  G_OBJECT_CLASS (ms_row_parent_class)->dispose (object);
}

static void
ms_row_finalize (GObject *object)
{
  MsRow *self = MS_ROW (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (ms_row_parent_class)->finalize (object);
}

static void
ms_row_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  MsRow *self = MS_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_row_class_init (MsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_row_dispose;
  object_class->finalize = ms_row_finalize;
  object_class->get_property = ms_row_get_property;

  /**
   * MsRow:item:
   *
   * The item of the source the row shows, or %NULL while a row past the
   * source's end waits to be removed.
   */
  row_properties[ROW_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
ms_row_init (MsRow *self)
{
}

/**
 * ms_row_get_item:
 *
 * Returns: (transfer none) (nullable): the item the row shows
 */
gpointer
ms_row_get_item (MsRow *self)
{
  g_return_val_if_fail (MS_IS_ROW (self), NULL);

  return self->item;
}

guint
ms_row_get_position (MsRow *self)
{
  g_return_val_if_fail (MS_IS_ROW (self), 0);

  return self->position;
}

/* ---- the rows ------------------------------------------------------------ */

/* The source's item at @position now, or %NULL past its end. */
static GObject *
source_item (MsRowModel *self,
             guint       position)
{
  return position < self->n_source ? g_list_model_get_item (self->source, position) : NULL;
}

/* The item the row at @position shows: its own while it is alive, which
 * is the source's after the next update. */
static GObject *
dup_shown_item (MsRowModel *self,
                guint       position)
{
  MsRow *row;

  if (position >= self->n_shown)
    return NULL;
  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    return row->item != NULL ? g_object_ref (row->item) : NULL;

  return source_item (self, position);
}

static GType
ms_row_model_get_item_type (GListModel *model)
{
  return MS_TYPE_ROW;
}

static guint
ms_row_model_get_n_items (GListModel *model)
{
  return MS_ROW_MODEL (model)->n_shown;
}

static gpointer
ms_row_model_get_item (GListModel *model,
                       guint       position)
{
  MsRowModel *self = MS_ROW_MODEL (model);
  MsRow *row;

  if (position >= self->n_shown)
    return NULL;

  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);

  row = g_object_new (MS_TYPE_ROW, NULL);
  row->model = self;
  row->position = position;
  row->item = source_item (self, position);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);

  return row;
}

static void
ms_row_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_row_model_get_item_type;
  iface->get_n_items = ms_row_model_get_n_items;
  iface->get_item = ms_row_model_get_item;
}

/* The rows do not show the source yet: rows to add or remove, or rows
 * that may show another item. */
static gboolean
filling (MsRowModel *self)
{
  return self->n_shown != self->n_source || self->dirty_from < self->dirty_to;
}

/* How many of the first @full positions @n rows from @position take. */
static guint
costly_rows (MsRowModel *self,
             guint       position,
             guint       n)
{
  return MIN (position + n, self->full) - MIN (position, self->full);
}

/* The frame the view is being drawn in, or -1 without one (no counter, a
 * view not realized). */
static gint64
current_frame (MsRowModel *self)
{
  return self->frame_func != NULL ? self->frame_func (self->frame_data) : -1;
}

/* How many rows this frame may still add or remove in the first @full
 * positions. Without a frame, @step for each update. */
static guint
budget (MsRowModel *self)
{
  gint64 frame = current_frame (self);

  if (frame < 0)
    return self->step;
  if (frame != self->frame)
    {
      self->frame = frame;
      self->spent = 0;
    }

  return self->step - MIN (self->spent, self->step);
}

static void
spend (MsRowModel *self,
       guint       n)
{
  if (self->frame >= 0)
    self->spent += n;
}

static void
clear_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

/* Rows that show another item than the source has at their position now
 * are made to show the source's: GTK keeps them, and their cells follow.
 */
static void
retarget (MsRowModel *self)
{
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) old_items = NULL;
  GHashTableIter iter;
  gpointer value;

  if (self->dirty_from >= self->dirty_to)
    return;

  changed = g_ptr_array_new_with_free_func (g_object_unref);
  old_items = g_ptr_array_new_with_free_func (clear_item);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MsRow *row = value;
      GObject *item;

      if (row->position < self->dirty_from || row->position >= self->dirty_to)
        continue;
      item = source_item (self, row->position);
      if (item == row->item)
        {
          g_clear_object (&item);
          continue;
        }
      g_ptr_array_add (changed, g_object_ref (row));
      /* Kept until it is notified: a cell unbinds from the old item then. */
      g_ptr_array_add (old_items, row->item);
      row->item = item;
    }
  self->dirty_from = G_MAXUINT;
  self->dirty_to = 0;

  /* Once the hash table is walked: a cell's handler may ask for rows. */
  for (guint i = 0; i < changed->len; i++)
    {
      MsRow *row = changed->pdata[i];
      GObject *old = old_items->pdata[i];

      g_object_notify_by_pspec (G_OBJECT (row), row_properties[ROW_PROP_ITEM]);
      if (self->selected != NULL && (old == self->selected || row->item == self->selected))
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), row->position, 1);
    }
}

/* Rows at @n_shown and past it are no longer the model's. */
static void
detach_rows_from (MsRowModel *self,
                  guint       n_shown)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MsRow *row = value;

      if (row->position < n_shown)
        continue;
      row->model = NULL;
      g_hash_table_iter_remove (&iter);
    }
}

/* Rows are added or removed at the end, toward the source's length, as
 * many as this frame allows in the first @full positions.
 */
static void
resize (MsRowModel *self)
{
  guint left = budget (self);

  if (self->n_shown < self->n_source)
    {
      guint at = self->n_shown;
      guint added = self->n_source - at;
      guint cost = costly_rows (self, at, added);

      if (cost > left)
        added = cost = left;
      if (added == 0)
        return;
      spend (self, cost);
      self->n_shown += added;
      g_list_model_items_changed (G_LIST_MODEL (self), at, 0, added);
    }
  else if (self->n_shown > self->n_source)
    {
      guint removed = self->n_shown - self->n_source;
      guint cost = costly_rows (self, self->n_source, removed);

      /* The rows past the first @full positions go, and @left of them. */
      if (cost > left)
        {
          removed = self->n_shown - (MIN (self->n_shown, self->full) - left);
          cost = left;
        }
      if (removed == 0)
        return;
      spend (self, cost);
      self->n_shown -= removed;
      detach_rows_from (self, self->n_shown);
      g_list_model_items_changed (G_LIST_MODEL (self), self->n_shown, removed, 0);
    }
}

/**
 * ms_row_model_update:
 * @self: a row model
 *
 * Makes the rows show the source's items now, and adds or removes as many
 * rows as this frame allows: call it once a frame while the model is
 * filling.
 */
void
ms_row_model_update (MsRowModel *self)
{
  gboolean was_filling;

  g_return_if_fail (MS_IS_ROW_MODEL (self));

  /* Disposed: no rows to update. */
  if (self->rows == NULL)
    return;

  was_filling = filling (self);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_object_ref (self);

  retarget (self);
  resize (self);

  if (was_filling != filling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
  g_object_unref (self);
}

static void schedule_update (MsRowModel *self);

static gboolean
update_idle (gpointer data)
{
  g_autoptr(MsRowModel) self = g_object_ref (data);

  self->update_id = 0;
  ms_row_model_update (self);
  /* Rows still to come, a step an update. */
  if (filling (self) && self->rows != NULL)
    schedule_update (self);

  return G_SOURCE_REMOVE;
}

/* Without a frame, the model updates itself (before GTK would lay out
 * and paint: GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20). */
static void
schedule_update (MsRowModel *self)
{
  if (current_frame (self) < 0 && self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, update_idle, self, NULL);
}

static void
on_source_items_changed (GListModel *source,
                         guint       position,
                         guint       removed,
                         guint       added,
                         MsRowModel *self)
{
  gboolean was_filling = filling (self);

  self->n_source = self->n_source - removed + added;
  self->dirty_from = MIN (self->dirty_from, position);
  /* Items moved: every row after them shows another. */
  self->dirty_to = removed == added ? MAX (self->dirty_to, position + added) : G_MAXUINT;
  schedule_update (self);

  if (was_filling != filling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}

/* ---- selection ----------------------------------------------------------- */

/* Emits selection-changed for the rows alive that show @a or @b. GTK asks
 * about other rows when it makes them. */
static void
rows_selection_changed (MsRowModel *self,
                        GObject    *a,
                        GObject    *b)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MsRow *row = value;

      if (row->item != NULL && (row->item == a || row->item == b))
        g_array_append_val (positions, row->position);
    }

  for (guint i = 0; i < positions->len; i++)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), g_array_index (positions, guint, i), 1);
}

/* The selected item is gone for good (a task the cluster forgot, a model
 * rebuilt from a new snapshot): no row shows it (a row holds its item), and
 * none will. */
static void
on_selected_gone (gpointer  data,
                  GObject  *item)
{
  MsRowModel *self = data;

  self->selected = NULL;
}

static void
set_selected (MsRowModel *self,
              GObject    *item)
{
  GObject *old = self->selected;

  if (old == item)
    return;

  if (old != NULL)
    g_object_weak_unref (old, on_selected_gone, self);
  self->selected = item;
  if (item != NULL)
    g_object_weak_ref (item, on_selected_gone, self);
  rows_selection_changed (self, old, item);
}

static gboolean
ms_row_model_is_selected (GtkSelectionModel *model,
                          guint              position)
{
  MsRowModel *self = MS_ROW_MODEL (model);
  g_autoptr(GObject) item = NULL;

  if (self->selected == NULL)
    return FALSE;
  item = dup_shown_item (self, position);

  return item != NULL && item == self->selected;
}

/* Where the selected item is shown: by a row alive, or else in the source. */
static gboolean
find_selected (MsRowModel *self,
               guint      *position)
{
  GHashTableIter iter;
  gpointer value;

  if (self->selected == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MsRow *row = value;

      if (row->item == self->selected)
        {
          *position = row->position;
          return TRUE;
        }
    }

  /* The tables' source sorts: it looks through its own array. */
  if (MS_IS_SORT_MODEL (self->source))
    {
      if (!ms_sort_model_find (MS_SORT_MODEL (self->source), self->selected, position))
        return FALSE;
    }
  else
    {
      for (*position = 0; *position < self->n_source; (*position)++)
        {
          g_autoptr(GObject) other = g_list_model_get_item (self->source, *position);

          if (other == self->selected)
            break;
        }
      if (*position == self->n_source)
        return FALSE;
    }

  return *position < self->n_shown &&
         !g_hash_table_contains (self->rows, GUINT_TO_POINTER (*position));
}

static GtkBitset *
ms_row_model_get_selection_in_range (GtkSelectionModel *model,
                                     guint              position,
                                     guint              n_items)
{
  MsRowModel *self = MS_ROW_MODEL (model);
  GtkBitset *selection = gtk_bitset_new_empty ();
  guint selected;

  if (find_selected (self, &selected) && selected >= position && selected - position < n_items)
    gtk_bitset_add (selection, selected);

  return selection;
}

static gboolean
ms_row_model_select_item (GtkSelectionModel *model,
                          guint              position,
                          gboolean           unselect_rest)
{
  MsRowModel *self = MS_ROW_MODEL (model);
  g_autoptr(GObject) item = dup_shown_item (self, position);

  if (item == NULL)
    return FALSE;
  set_selected (self, item);

  return TRUE;
}

static void
ms_row_model_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = ms_row_model_is_selected;
  iface->get_selection_in_range = ms_row_model_get_selection_in_range;
  iface->select_item = ms_row_model_select_item;
}

/* ---- the model ----------------------------------------------------------- */

static void
ms_row_model_dispose (GObject *object)
{
  MsRowModel *self = MS_ROW_MODEL (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_source_items_changed, self);
  if (self->rows != NULL)
    detach_rows_from (self, 0);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  if (self->selected != NULL)
    g_object_weak_unref (self->selected, on_selected_gone, self);
  self->selected = NULL;
  g_clear_object (&self->source);

  G_OBJECT_CLASS (ms_row_model_parent_class)->dispose (object);
}

static void
ms_row_model_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MsRowModel *self = MS_ROW_MODEL (object);

  switch (prop_id)
    {
    case PROP_FILLING:
      g_value_set_boolean (value, filling (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_row_model_class_init (MsRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_row_model_dispose;
  object_class->get_property = ms_row_model_get_property;

  /**
   * MsRowModel:filling:
   *
   * Whether the rows do not show the source yet: fewer or more rows than
   * it has items, or rows that may show another item than it has at their
   * place. Call ms_row_model_update() once a frame until it is %FALSE.
   */
  properties[PROP_FILLING] =
    g_param_spec_boolean ("filling", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_row_model_init (MsRowModel *self)
{
  self->rows = g_hash_table_new (NULL, NULL);
  self->dirty_from = G_MAXUINT;
  self->frame = -1;
}

/**
 * ms_row_model_new:
 * @source: the model to show
 * @step: how many rows a frame may add or remove in the first @full
 * @full: from how many rows on rows are added or removed at once
 *
 * Returns: (transfer full): rows showing @source's items
 */
MsRowModel *
ms_row_model_new (GListModel *source,
                  guint       step,
                  guint       full)
{
  MsRowModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);
  g_return_val_if_fail (step > 0, NULL);

  self = g_object_new (MS_TYPE_ROW_MODEL, NULL);
  self->source = g_object_ref (source);
  self->n_source = g_list_model_get_n_items (source);
  self->step = step;
  self->full = MAX (full, step);
  /* A few rows at once; more, from nothing, a step a frame. */
  if (costly_rows (self, 0, self->n_source) <= step)
    self->n_shown = self->n_source;
  else
    schedule_update (self);
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed), self, 0);

  return self;
}

GListModel *
ms_row_model_get_source (MsRowModel *self)
{
  g_return_val_if_fail (MS_IS_ROW_MODEL (self), NULL);

  return self->source;
}

gboolean
ms_row_model_get_filling (MsRowModel *self)
{
  g_return_val_if_fail (MS_IS_ROW_MODEL (self), FALSE);

  return filling (self);
}

/**
 * ms_row_model_dup_item:
 *
 * Returns: (transfer full) (nullable): the item the row at @position shows
 */
gpointer
ms_row_model_dup_item (MsRowModel *self,
                       guint       position)
{
  g_return_val_if_fail (MS_IS_ROW_MODEL (self), NULL);

  return dup_shown_item (self, position);
}

/**
 * ms_row_model_get_selected_item:
 *
 * Returns: (transfer none) (nullable): the item selected, shown or not
 */
gpointer
ms_row_model_get_selected_item (MsRowModel *self)
{
  g_return_val_if_fail (MS_IS_ROW_MODEL (self), NULL);

  return self->selected;
}

/**
 * ms_row_model_get_selected:
 *
 * Returns: the position of the row showing the selected item, or
 *   %GTK_INVALID_LIST_POSITION when none does
 */
guint
ms_row_model_get_selected (MsRowModel *self)
{
  guint position;

  g_return_val_if_fail (MS_IS_ROW_MODEL (self), GTK_INVALID_LIST_POSITION);

  return find_selected (self, &position) ? position : GTK_INVALID_LIST_POSITION;
}

/**
 * ms_row_model_set_frame_counter:
 * @func: (nullable): gives the number of the frame being made, or -1 when
 *   there is none (gdk_frame_clock_get_frame_counter(); a view not realized)
 *
 * With a frame counter, at most @step rows are added or removed in the
 * first @full positions in each frame, however many updates it has; while
 * it gives a frame, the model does not update itself: its owner calls
 * ms_row_model_update() from a tick callback while the model is filling.
 */
void
ms_row_model_set_frame_counter (MsRowModel          *self,
                                MsRowModelFrameFunc  func,
                                gpointer             data)
{
  g_return_if_fail (MS_IS_ROW_MODEL (self));

  self->frame_func = func;
  self->frame_data = data;
  self->frame = -1;
  self->spent = 0;
}
