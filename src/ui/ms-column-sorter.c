/* ms-column-sorter.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-column-sorter"

#include "config.h"

#include "ms-column-sorter.h"

/*
 * A table column's sorter: by one property of the items, text (as
 * GtkStringSorter, ignoring case) or a number. It sorts as those do when
 * asked, but the table's model sorts by the primary column itself, in the
 * background (see ms-sort-model.c): GTK 4.8's GtkColumnViewSorter gives
 * GtkSortListModel no sort keys, and sorting 100k tasks through it
 * evaluated, case-folded and collated both items' values on each of ~1.7M
 * comparisons, about 1.8 s of the main loop.
 *
 * GTK 4.8 cannot say which column is primary (that API came in 4.10). The
 * view's sorter asks its columns' sorters in order, primary first, and
 * inverts the answers of descending ones: comparing two probe objects
 * through it tells both, since the first column sorter asked answers for
 * the probes and the view stops there.
 */

struct _MsColumnSorter
{
  GtkSorter  parent_instance;

  char      *property;
  gboolean   numeric;
  GtkSorter *sorter;   /* how it sorts when asked */
};

G_DEFINE_FINAL_TYPE (MsColumnSorter, ms_column_sorter, GTK_TYPE_SORTER)

static GObject *probe_first;
static GObject *probe_second;
static MsColumnSorter *asked_first;

static GtkOrdering
ms_column_sorter_compare (GtkSorter *sorter,
                          gpointer   item1,
                          gpointer   item2)
{
  MsColumnSorter *self = MS_COLUMN_SORTER (sorter);

  if (item1 == probe_first && item2 == probe_second && probe_first != NULL)
    {
      asked_first = self;
      return GTK_ORDERING_SMALLER;
    }

  return gtk_sorter_compare (self->sorter, item1, item2);
}

static GtkSorterOrder
ms_column_sorter_get_order (GtkSorter *sorter)
{
  return gtk_sorter_get_order (MS_COLUMN_SORTER (sorter)->sorter);
}

static void
ms_column_sorter_dispose (GObject *object)
{
  MsColumnSorter *self = MS_COLUMN_SORTER (object);

  g_clear_object (&self->sorter);

  G_OBJECT_CLASS (ms_column_sorter_parent_class)->dispose (object);
}

static void
ms_column_sorter_finalize (GObject *object)
{
  g_free (MS_COLUMN_SORTER (object)->property);

  G_OBJECT_CLASS (ms_column_sorter_parent_class)->finalize (object);
}

static void
ms_column_sorter_class_init (MsColumnSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->dispose = ms_column_sorter_dispose;
  object_class->finalize = ms_column_sorter_finalize;
  sorter_class->compare = ms_column_sorter_compare;
  sorter_class->get_order = ms_column_sorter_get_order;
}

static void
ms_column_sorter_init (MsColumnSorter *self)
{
}

/**
 * ms_column_sorter_new:
 * @item_type: the items' type
 * @property: the property of @item_type to sort by
 * @numeric: whether @property is a number (or a boolean) rather than text
 *
 * Returns: (transfer full): a sorter for a GtkColumnViewColumn
 */
MsColumnSorter *
ms_column_sorter_new (GType       item_type,
                      const char *property,
                      gboolean    numeric)
{
  GtkExpression *expression;
  MsColumnSorter *self;

  g_return_val_if_fail (property != NULL, NULL);

  expression = gtk_property_expression_new (item_type, NULL, property);
  self = g_object_new (MS_TYPE_COLUMN_SORTER, NULL);
  self->property = g_strdup (property);
  self->numeric = !!numeric;
  if (numeric)
    self->sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    self->sorter = GTK_SORTER (gtk_string_sorter_new (expression));

  return self;
}

const char *
ms_column_sorter_get_property_name (MsColumnSorter *self)
{
  g_return_val_if_fail (MS_IS_COLUMN_SORTER (self), NULL);

  return self->property;
}

gboolean
ms_column_sorter_get_numeric (MsColumnSorter *self)
{
  g_return_val_if_fail (MS_IS_COLUMN_SORTER (self), FALSE);

  return self->numeric;
}

/**
 * ms_column_sorter_find_primary:
 * @view_sorter: a GtkColumnView's sorter, whose columns sort with
 *   MsColumnSorters
 * @order: (out): whether the primary column sorts ascending or descending
 *
 * Returns: (transfer none) (nullable): the sorter of the column the view
 *   sorts by first, or %NULL when it sorts by none
 */
MsColumnSorter *
ms_column_sorter_find_primary (GtkSorter   *view_sorter,
                               GtkSortType *order)
{
  MsColumnSorter *primary;
  GtkOrdering answer;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), NULL);
  g_return_val_if_fail (order != NULL, NULL);

  if (probe_first == NULL)
    {
      probe_first = g_object_new (G_TYPE_OBJECT, NULL);
      probe_second = g_object_new (G_TYPE_OBJECT, NULL);
    }

  asked_first = NULL;
  answer = gtk_sorter_compare (view_sorter, probe_first, probe_second);
  primary = g_steal_pointer (&asked_first);
  *order = answer == GTK_ORDERING_LARGER ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;

  return primary;
}
