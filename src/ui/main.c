/* main.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "mesoscope"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ms-application.h"
#include "ms-renderer.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before GtkApplication's startup runs gtk_init(), and before any
   * thread. */
  ms_renderer_before_gtk_init (NULL);
  app = ms_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
