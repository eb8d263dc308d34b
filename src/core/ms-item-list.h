/* ms-item-list.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef const char *(*MsItemKeyFunc) (gpointer item);

#define MS_TYPE_ITEM_LIST (ms_item_list_get_type ())

G_DECLARE_FINAL_TYPE (MsItemList, ms_item_list, MS, ITEM_LIST, GObject)

MsItemList *ms_item_list_new          (GType          item_type,
                                       MsItemKeyFunc  key_func);
gpointer    ms_item_list_lookup       (MsItemList    *self,
                                       const char    *key);
void        ms_item_list_add          (MsItemList    *self,
                                       gpointer       item);
gboolean    ms_item_list_remove       (MsItemList    *self,
                                       const char    *key);
void        ms_item_list_take_all     (MsItemList    *self,
                                       MsItemList    *from);
void        ms_item_list_replace_all  (MsItemList    *self,
                                       GPtrArray     *items);
guint       ms_item_list_get_length   (MsItemList    *self);
gpointer    ms_item_list_index        (MsItemList    *self,
                                       guint          position);

G_END_DECLS
