/* ms-column-sorter.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_COLUMN_SORTER (ms_column_sorter_get_type())

G_DECLARE_FINAL_TYPE (MsColumnSorter, ms_column_sorter, MS, COLUMN_SORTER, GtkSorter)

MsColumnSorter *ms_column_sorter_new               (GType           item_type,
                                                    const char     *property,
                                                    gboolean        numeric);
const char     *ms_column_sorter_get_property_name (MsColumnSorter *self);
gboolean        ms_column_sorter_get_numeric       (MsColumnSorter *self);
MsColumnSorter *ms_column_sorter_find_primary      (GtkSorter      *view_sorter,
                                                    GtkSortType    *order);

G_END_DECLS
