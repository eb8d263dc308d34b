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
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Notifications"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Notify While in the Background"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("A new leader, or the cluster out of reach, while the window is "
                                 "not focused"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      g_settings_bind (settings, "notifications", toggle, "active", G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      gtk_widget_set_sensitive (row, FALSE);
    }

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
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
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
ms_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
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
