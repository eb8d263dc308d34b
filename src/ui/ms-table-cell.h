/* ms-table-cell.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_TABLE_CELL (ms_table_cell_get_type())

G_DECLARE_FINAL_TYPE (MsTableCell, ms_table_cell, MS, TABLE_CELL, GtkWidget)

GtkWidget  *ms_table_cell_new      (gboolean     numeric);
const char *ms_table_cell_get_text (MsTableCell *self);
void        ms_table_cell_set_text (MsTableCell *self,
                                    const char  *text);

G_END_DECLS
