/* ms-application.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-application.h"
#include "ms-window.h"

/*
 * MsApplication: `mesoscope [URL]` opens a window on the cluster at URL
 * (a zk:// URL or a master URL), or on the welcome page.
 */
struct _MsApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (MsApplication, ms_application, ADW_TYPE_APPLICATION)

static MsWindow *
get_window (MsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (ms_window_new (ADW_APPLICATION (self)));

  return MS_WINDOW (window);
}

static void
ms_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (MS_APPLICATION (app))));
}

static int
ms_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  g_auto(GStrv) argv = g_application_command_line_get_arguments (command_line, NULL);
  MsWindow *window = get_window (MS_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));

  if (argv[0] != NULL && argv[1] != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (argv[2] != NULL)
        {
          g_application_command_line_printerr (command_line, "%s\n",
                                               _("Usage: mesoscope [URL]"));
          return 2;
        }
      if (!ms_window_open_url (window, argv[1], &error))
        {
          g_application_command_line_printerr (command_line, "mesoscope: %s\n", error->message);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
          return 2;
        }
    }

  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  static const char *developers[] = { "The Mesoscope Authors", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Mesoscope"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Mesoscope Authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("See an Apache Mesos cluster live: its leader and "
                                       "candidates, failovers, agents, frameworks and tasks."),
                         "developers", developers,
                         "copyright", "© 2026 The Mesoscope Authors",
                         "license-type", GTK_LICENSE_APACHE_2_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
ms_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
ms_application_class_init (MsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ms_application_activate;
  app_class->command_line = ms_application_command_line;
  app_class->startup = ms_application_startup;
}

static void
ms_application_init (MsApplication *self)
{
}

MsApplication *
ms_application_new (void)
{
  return g_object_new (MS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/mesoscope/Mesoscope",
                       NULL);
}
