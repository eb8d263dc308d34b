/* ms-details-window.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWindow *ms_details_window_new (GtkWindow *parent,
                                  GObject   *item);

G_END_DECLS
