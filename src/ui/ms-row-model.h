/* ms-row-model.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_ROW (ms_row_get_type())

G_DECLARE_FINAL_TYPE (MsRow, ms_row, MS, ROW, GObject)

gpointer ms_row_get_item     (MsRow *self);
guint    ms_row_get_position (MsRow *self);

#define MS_TYPE_ROW_MODEL (ms_row_model_get_type())

G_DECLARE_FINAL_TYPE (MsRowModel, ms_row_model, MS, ROW_MODEL, GObject)

typedef gint64 (*MsRowModelFrameFunc) (gpointer data);

MsRowModel *ms_row_model_new               (GListModel          *source,
                                            guint                step,
                                            guint                full);
GListModel *ms_row_model_get_source        (MsRowModel          *self);
gboolean    ms_row_model_get_filling       (MsRowModel          *self);
void        ms_row_model_update            (MsRowModel          *self);
gpointer    ms_row_model_dup_item          (MsRowModel          *self,
                                            guint                position);
gpointer    ms_row_model_get_selected_item (MsRowModel          *self);
guint       ms_row_model_get_selected      (MsRowModel          *self);
void        ms_row_model_set_frame_counter (MsRowModel          *self,
                                            MsRowModelFrameFunc  func,
                                            gpointer             data);

G_END_DECLS
