/* ms-fill-model.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_TYPE_FILL_MODEL (ms_fill_model_get_type())

G_DECLARE_FINAL_TYPE (MsFillModel, ms_fill_model, MS, FILL_MODEL, GObject)

typedef gint64 (*MsFillModelFrameFunc) (gpointer data);

MsFillModel *ms_fill_model_new         (GListModel  *source,
                                        guint        step,
                                        guint        full);
gboolean     ms_fill_model_get_filling (MsFillModel *self);
void         ms_fill_model_grow        (MsFillModel *self);
gboolean     ms_fill_model_find        (MsFillModel *self,
                                        gpointer     item,
                                        guint       *position);
void         ms_fill_model_set_frame_counter
                                       (MsFillModel          *self,
                                        MsFillModelFrameFunc  func,
                                        gpointer              data);

G_END_DECLS
