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

static gboolean
ca_file_to_subtitle (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char *path = g_variant_get_string (variant, NULL);

  g_value_set_string (value, path[0] != '\0' ? path : _("The system's"));
  return TRUE;
}

static void
on_ca_file_chosen (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  g_autoptr(GSettings) settings = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      /* Checked when a cluster is opened, where a bad file is reported. */
      if (path != NULL)
        g_settings_set_string (settings, "tls-ca-file", path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_choose_ca_file (GtkButton *button,
                   GSettings *settings)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (button));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Certificate Authorities"), GTK_WINDOW (native),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"), NULL);
  gtk_file_filter_set_name (filter, _("PEM Certificates"));
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_filter_add_mime_type (filter, "application/x-pem-file");
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_ca_file_chosen), g_object_ref (settings));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_reset_ca_file (GtkButton *button,
                  GSettings *settings)
{
  g_settings_reset (settings, "tls-ca-file");
}

static GtkWidget *
create_security_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  GtkWidget *reset = gtk_button_new_from_icon_name ("edit-clear-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Security"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Applies to clusters opened afterwards"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Certificate Authorities"));
  /* The subtitle is a path: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (reset, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (reset, "flat");
  gtk_widget_set_tooltip_text (reset, _("Trust the System's Certificate Authorities"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reset), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Trust the System's Certificate Authorities"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reset);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  g_settings_bind_with_mapping (settings, "tls-ca-file", row, "subtitle", G_SETTINGS_BIND_GET,
                                ca_file_to_subtitle, NULL, NULL, NULL);
  g_signal_connect_object (choose, "clicked", G_CALLBACK (on_choose_ca_file), settings, 0);
  g_signal_connect_object (reset, "clicked", G_CALLBACK (on_reset_ca_file), settings, 0);
  /* The buttons hold the settings for as long as the window lives. */
  g_object_set_data_full (G_OBJECT (group), "settings", g_object_ref (settings), g_object_unref);

  return group;
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
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (create_security_group (settings)));
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
