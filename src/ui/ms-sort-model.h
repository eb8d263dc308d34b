/* ms-sort-model.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_TYPE_SORT_MODEL (ms_sort_model_get_type())

G_DECLARE_FINAL_TYPE (MsSortModel, ms_sort_model, MS, SORT_MODEL, GObject)

MsSortModel *ms_sort_model_new         (GListModel  *source);
void         ms_sort_model_set_sort    (MsSortModel *self,
                                        const char  *property,
                                        gboolean     numeric,
                                        gboolean     descending);
gboolean     ms_sort_model_get_sorting (MsSortModel *self);
gboolean     ms_sort_model_find        (MsSortModel *self,
                                        gpointer     item,
                                        guint       *position);

G_END_DECLS
