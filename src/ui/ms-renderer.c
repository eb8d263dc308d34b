/* ms-renderer.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "ms-renderer.h"

/*
 * Which renderer draws our windows when OpenGL is Mesa's llvmpipe.
 *
 * Machines without a GPU (a VM on a jump host, a remote desktop, Xvfb)
 * still have OpenGL: llvmpipe, which rasterises on the CPU with several
 * threads and compiles its shaders with LLVM. GTK renders with OpenGL
 * whenever it can. With 100k tasks churning under Xvfb, GTK 4.8's GL
 * renderer on llvmpipe blocked the window's main loop for up to 77 ms a
 * frame, waiting on llvmpipe's threads and compiling shaders, where GTK's
 * cairo renderer stays under 40 ms (tests/bench/RESULTS.md). So on
 * llvmpipe our windows draw with cairo.
 *
 * This is our choice, made from those measurements, not GTK's: GTK 4.14
 * and later also detect llvmpipe by this name ("gsk: Don't use gpu
 * renderers with llvmpipe"), but only to skip their newer GPU renderers,
 * and still draw with OpenGL (the older GL renderer, the one measured
 * here) or Vulkan. Only GTK 4.8 was measured; the choice is made on every
 * version, since the reason for it is llvmpipe, not GTK's version.
 *
 * GSK_RENDERER still wins: whoever sets it gets what they asked for.
 *
 * Where there is no GPU at all, even asking costs: GTK 4.8 loads and sets
 * up Mesa when it opens an X11 display (dlopen() and relocations, 50-120
 * ms of the start here), and the answer can only be a software renderer.
 * So with no GPU device, GL is switched off for GTK before it starts.
 */

static gboolean gl_switched_off;

/**
 * ms_renderer_has_gpu_device:
 * @dev_dir: where device nodes are (`/dev`)
 *
 * A GPU's driver gives it a render node (`dri/renderD128`); NVIDIA's own
 * driver may give none, only its `nvidiactl`. A `dri/card0` alone is a
 * display without 3D (simpledrm, a plain virtual GPU): OpenGL there is
 * software.
 *
 * Returns: whether there is a device hardware OpenGL could use
 */
gboolean
ms_renderer_has_gpu_device (const char *dev_dir)
{
  g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);
  g_autofree char *nvidia = g_build_filename (dev_dir, "nvidiactl", NULL);
  g_autoptr(GDir) dir = g_dir_open (dri, 0, NULL);
  const char *name;

  if (g_file_test (nvidia, G_FILE_TEST_EXISTS))
    return TRUE;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;

  return FALSE;
}

/**
 * ms_renderer_before_gtk_init:
 * @dev_dir: (nullable): where device nodes are; %NULL for `/dev`
 *
 * Call before gtk_init(), before any thread is started (it sets an
 * environment variable). With no GPU device and no `GSK_RENDERER`,
 * switches OpenGL off for GTK (`GDK_DEBUG=gl-disable`, other flags kept):
 * our windows would draw with cairo anyway.
 *
 * The variable stays set: putting it back once GTK has read it would be
 * g_setenv() with GApplication's threads running. Programs we start (a
 * browser opening a link) inherit it, on a machine whose only OpenGL is a
 * software one.
 *
 * Returns: whether OpenGL was switched off
 */
gboolean
ms_renderer_before_gtk_init (const char *dev_dir)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *value = NULL;

  if (g_getenv ("GSK_RENDERER") != NULL || ms_renderer_has_gpu_device (dev_dir ? dev_dir : "/dev"))
    return FALSE;

  value = debug != NULL && debug[0] != '\0' ? g_strconcat (debug, ",gl-disable", NULL) : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", value, TRUE);
  gl_switched_off = TRUE;

  return TRUE;
}

gboolean
ms_renderer_is_software_gl (const char *gl_renderer)
{
  /* The string GTK 4.14 looks for too; Mesa's renderer reads for
   * example "llvmpipe (LLVM 15.0.6, 256 bits)". */
  return gl_renderer != NULL && strstr (gl_renderer, "llvmpipe") != NULL;
}

/**
 * ms_renderer_dup_gl_renderer:
 * @display: a display
 *
 * Returns: (transfer full) (nullable): the `GL_RENDERER` of an OpenGL
 *   context made for @display, or %NULL when there is no OpenGL
 */
char *
ms_renderer_dup_gl_renderer (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GdkGLContext) previous = NULL;
  g_autoptr(GError) error = NULL;
  char *name = NULL;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  /* Held: making ours current drops GDK's reference to it. Taken before
   * ours is realized, which may make it current. */
  previous = gdk_gl_context_get_current ();
  if (previous != NULL)
    g_object_ref (previous);

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL: %s", error->message);
      if (previous != NULL)
        gdk_gl_context_make_current (previous);
      return NULL;
    }

  gdk_gl_context_make_current (context);
  if (gdk_gl_context_get_current () == context)
    name = g_strdup ((const char *) glGetString (GL_RENDERER));
  if (previous != NULL)
    gdk_gl_context_make_current (previous);
  else
    gdk_gl_context_clear_current ();

  return name;
}

/**
 * ms_renderer_choose:
 * @display: the display our windows are about to be shown on
 *
 * Before the first window on @display is realized: when OpenGL is
 * llvmpipe and neither `GSK_RENDERER` nor GtkInspector chose a renderer,
 * makes the windows on @display draw with GTK's cairo renderer. Does
 * nothing the second time for the same display.
 */
void
ms_renderer_choose (GdkDisplay *display)
{
  g_autofree char *gl_renderer = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "ms-renderer-chosen") != NULL)
    return;
  g_object_set_data (G_OBJECT (display), "ms-renderer-chosen", GINT_TO_POINTER (TRUE));

  if (g_getenv ("GSK_RENDERER") != NULL ||
      g_object_get_data (G_OBJECT (display), "gsk-renderer") != NULL)
    return;

  /* With no GL to ask (ms_renderer_before_gtk_init()), cairo with no try. */
  if (!gl_switched_off)
    {
      gl_renderer = ms_renderer_dup_gl_renderer (display);
      if (!ms_renderer_is_software_gl (gl_renderer))
        return;
      g_debug ("OpenGL is %s: drawing with cairo", gl_renderer);
    }

  /* GTK reads the renderer a display's windows get from this display
   * data before GSK_RENDERER (4.8 to 4.18 at least; GtkInspector sets it
   * too). */
  g_object_set_data_full (G_OBJECT (display), "gsk-renderer", g_strdup ("cairo"), g_free);
}
