/* ms-renderer.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-renderer"

#include "config.h"

#include <epoxy/gl.h>

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
 */

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

  gl_renderer = ms_renderer_dup_gl_renderer (display);
  if (!ms_renderer_is_software_gl (gl_renderer))
    return;

  g_debug ("OpenGL is %s: drawing with cairo", gl_renderer);
  /* GTK reads the renderer a display's windows get from this display
   * data before GSK_RENDERER (4.8 to 4.18 at least; GtkInspector sets it
   * too). */
  g_object_set_data_full (G_OBJECT (display), "gsk-renderer", g_strdup ("cairo"), g_free);
}
