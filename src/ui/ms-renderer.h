/* ms-renderer.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean  ms_renderer_has_gpu_device  (const char *dev_dir);
gboolean  ms_renderer_before_gtk_init (const char *dev_dir);
gboolean  ms_renderer_is_software_gl  (const char *gl_renderer);
char     *ms_renderer_dup_gl_renderer (GdkDisplay *display);
void      ms_renderer_choose          (GdkDisplay *display);

G_END_DECLS
