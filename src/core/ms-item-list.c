/* ms-item-list.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-item-list"

#include "config.h"

#include "ms-item-list.h"

/*
 * MsItemList is a GListModel of keyed items with O(1) lookup, insertion and
 * removal, for 100k tasks under churn. Order carries no meaning (views sort
 * it), so a removal moves the last item into the hole instead of shifting
 * everything after it.
 */
struct _MsItemList
{
  GObject        parent_instance;

  GType          item_type;
  MsItemKeyFunc  key_func;
  GPtrArray     *items;
  GHashTable    *positions;   /* key (owned by the item) → position + 1 */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsItemList, ms_item_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
ms_item_list_get_item_type (GListModel *model)
{
  return MS_ITEM_LIST (model)->item_type;
}

static guint
ms_item_list_get_n_items (GListModel *model)
{
  return MS_ITEM_LIST (model)->items->len;
}

static gpointer
ms_item_list_get_item (GListModel *model,
                       guint       position)
{
  MsItemList *self = MS_ITEM_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_item_list_get_item_type;
  iface->get_n_items = ms_item_list_get_n_items;
  iface->get_item = ms_item_list_get_item;
}

static void
items_changed (MsItemList *self,
               guint       position,
               guint       removed,
               guint       added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
ms_item_list_finalize (GObject *object)
{
  MsItemList *self = (MsItemList *)object;

  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_item_list_parent_class)->finalize (object);
}

static void
ms_item_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MsItemList *self = MS_ITEM_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_item_list_class_init (MsItemListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_item_list_finalize;
  object_class->get_property = ms_item_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_item_list_init (MsItemList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->positions = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * ms_item_list_new:
 * @key_func: returns an item's key, owned by the item and constant
 */
MsItemList *
ms_item_list_new (GType         item_type,
                  MsItemKeyFunc key_func)
{
  MsItemList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (key_func != NULL, NULL);

  self = g_object_new (MS_TYPE_ITEM_LIST, NULL);
  self->item_type = item_type;
  self->key_func = key_func;

  return self;
}

/**
 * ms_item_list_lookup:
 *
 * Returns: (transfer none) (nullable): the item with @key
 */
gpointer
ms_item_list_lookup (MsItemList *self,
                     const char *key)
{
  guint position;

  g_return_val_if_fail (MS_IS_ITEM_LIST (self), NULL);

  position = GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, key));
  if (position == 0)
    return NULL;

  return g_ptr_array_index (self->items, position - 1);
}

/**
 * ms_item_list_add:
 * @item: an item whose key is not in the list yet
 */
void
ms_item_list_add (MsItemList *self,
                  gpointer    item)
{
  const char *key;

  g_return_if_fail (MS_IS_ITEM_LIST (self));
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type));

  key = self->key_func (item);
  g_return_if_fail (!g_hash_table_contains (self->positions, key));

  g_ptr_array_add (self->items, g_object_ref (item));
  g_hash_table_insert (self->positions, (gpointer)key, GUINT_TO_POINTER (self->items->len));
  items_changed (self, self->items->len - 1, 0, 1);
}

/**
 * ms_item_list_remove:
 *
 * Returns: %TRUE if an item with @key was there
 */
gboolean
ms_item_list_remove (MsItemList *self,
                     const char *key)
{
  guint position;
  guint last;
  gpointer item;

  g_return_val_if_fail (MS_IS_ITEM_LIST (self), FALSE);

  position = GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, key));
  if (position == 0)
    return FALSE;
  position--;
  last = self->items->len - 1;

  g_hash_table_remove (self->positions, key);
  /* The last item fills the hole. */
  item = g_ptr_array_steal_index_fast (self->items, position);

  if (position == last)
    {
      items_changed (self, last, 1, 0);
    }
  else
    {
      gpointer moved = g_ptr_array_index (self->items, position);

      g_hash_table_insert (self->positions, (gpointer)self->key_func (moved),
                           GUINT_TO_POINTER (position + 1));
      /* As a view sees it: the last row goes, and the removed row becomes
       * the former last one.
       */
      g_list_model_items_changed (G_LIST_MODEL (self), last, 1, 0);
      items_changed (self, position, 1, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  g_object_unref (item);

  return TRUE;
}

/**
 * ms_item_list_take_all:
 * @from: a list of the same type, which gets this list's old items
 *
 * Replaces the items by @from's in one step, with their index: @from was
 * filled elsewhere (a worker thread), so this costs nothing per item.
 */
void
ms_item_list_take_all (MsItemList *self,
                       MsItemList *from)
{
  GPtrArray *items;
  GHashTable *positions;
  guint removed;

  g_return_if_fail (MS_IS_ITEM_LIST (self));
  g_return_if_fail (MS_IS_ITEM_LIST (from));
  g_return_if_fail (self->item_type == from->item_type && self->key_func == from->key_func);

  removed = self->items->len;
  items = self->items;
  positions = self->positions;
  self->items = from->items;
  self->positions = from->positions;
  from->items = items;
  from->positions = positions;

  items_changed (self, 0, removed, self->items->len);
}

/**
 * ms_item_list_replace_all:
 * @items: (transfer none): the new content, keys unique
 *
 * Replaces everything with one change notification (a resync).
 */
void
ms_item_list_replace_all (MsItemList *self,
                          GPtrArray  *items)
{
  g_autoptr(GPtrArray) old = NULL;
  guint removed;

  g_return_if_fail (MS_IS_ITEM_LIST (self));

  old = g_steal_pointer (&self->items);
  removed = old->len;
  self->items = g_ptr_array_new_full (items->len, g_object_unref);
  g_hash_table_remove_all (self->positions);

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      const char *key = self->key_func (item);

      if (g_hash_table_contains (self->positions, key))
        continue;
      g_ptr_array_add (self->items, g_object_ref (item));
      g_hash_table_insert (self->positions, (gpointer)key, GUINT_TO_POINTER (self->items->len));
    }

  items_changed (self, 0, removed, self->items->len);
}

guint
ms_item_list_get_length (MsItemList *self)
{
  g_return_val_if_fail (MS_IS_ITEM_LIST (self), 0);

  return self->items->len;
}

/**
 * ms_item_list_index:
 *
 * Returns: (transfer none): the item at @position
 */
gpointer
ms_item_list_index (MsItemList *self,
                    guint       position)
{
  g_return_val_if_fail (MS_IS_ITEM_LIST (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_ptr_array_index (self->items, position);
}
