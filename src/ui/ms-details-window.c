/* ms-details-window.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-details-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-agent.h"
#include "ms-details-window.h"
#include "ms-framework.h"
#include "ms-task.h"

/*
 * Everything Mesoscope knows of one agent, framework or task, in a window
 * opened by activating its row.
 */

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value && value[0] ? value : "—");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (group, row);
}

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  adw_preferences_page_add (page, group);

  return group;
}

static char *
format_time_ns (gint64 ns)
{
  g_autoptr(GDateTime) dt = NULL;

  if (ns <= 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (ns / 1000000000);
  return g_date_time_format (dt, "%x %X");
}

static char *
format_list (const char * const *list)
{
  return list && list[0] ? g_strjoinv (", ", (GStrv)list) : g_strdup ("");
}

static void
fill_task (AdwPreferencesPage *page,
           MsTask             *task)
{
  AdwPreferencesGroup *group = add_group (page, _("Task"));
  g_autofree char *resources = ms_resources_format (ms_task_get_resources (task));

  add_row (group, _("ID"), ms_task_get_id (task));
  add_row (group, _("Name"), ms_task_get_name (task));
  add_row (group, _("State"), ms_task_get_state (task));
  add_row (group, _("Framework"), ms_task_get_framework_id (task));
  add_row (group, _("Agent"), ms_task_get_agent_id (task));
  add_row (group, _("Executor"), ms_task_get_executor_id (task));
  add_row (group, _("Role"), ms_task_get_role (task));
  add_row (group, _("Resources"), resources);

  group = add_group (page, _("Status History"));
  for (guint i = ms_task_get_n_statuses (task); i > 0; i--)
    {
      const MsTaskStatus *status = ms_task_get_status (task, i - 1);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local ((gint64)status->timestamp);
      g_autofree char *when = dt ? g_date_time_format (dt, "%x %X") : g_strdup ("");
      g_autofree char *detail = g_strdup_printf ("%s · %s%s%s%s%s", when,
                                                 status->source ? status->source : "",
                                                 status->reason ? " · " : "",
                                                 status->reason ? status->reason : "",
                                                 status->message ? " · " : "",
                                                 status->message ? status->message : "");

      add_row (group, status->state, detail);
    }
  if (ms_task_get_n_statuses (task) == 0)
    add_row (group, _("No status update yet"), NULL);
}

static void
fill_agent (AdwPreferencesPage *page,
            MsAgent            *agent)
{
  AdwPreferencesGroup *group = add_group (page, _("Agent"));
  g_autofree char *address = g_strdup_printf ("%s:%u", ms_agent_get_hostname (agent),
                                              ms_agent_get_port (agent));
  g_autofree char *registered = format_time_ns (ms_agent_get_registered_time (agent));
  g_autofree char *reregistered = format_time_ns (ms_agent_get_reregistered_time (agent));
  g_autofree char *total = ms_resources_format (ms_agent_get_total (agent));
  g_autofree char *used = ms_resources_format (ms_agent_get_used (agent));
  g_autofree char *allocated = ms_resources_format (ms_agent_get_allocated (agent));
  g_autofree char *offered = ms_resources_format (ms_agent_get_offered (agent));
  g_autofree char *attributes = format_list (ms_agent_get_attributes (agent));
  g_autofree char *capabilities = format_list (ms_agent_get_capabilities (agent));

  add_row (group, _("ID"), ms_agent_get_id (agent));
  add_row (group, _("Address"), address);
  add_row (group, _("Version"), ms_agent_get_version (agent));
  add_row (group, _("State"), ms_agent_get_recovered (agent)
                                ? _("Recovered from the registry, not re-registered yet")
                                : ms_agent_get_active (agent) ? _("Active") : _("Inactive"));
  add_row (group, _("Draining"), ms_agent_get_drain_state (agent));
  add_row (group, _("Registered"), registered);
  add_row (group, _("Re-registered"), reregistered);

  group = add_group (page, _("Resources"));
  add_row (group, _("Total"), total);
  add_row (group, _("Used by live tasks"), used);
  add_row (group, _("Allocated (as of the last snapshot or refresh)"), allocated);
  add_row (group, _("Offered (as of the last snapshot or refresh)"), offered);

  group = add_group (page, _("Attributes and Capabilities"));
  add_row (group, _("Attributes"), attributes);
  add_row (group, _("Capabilities"), capabilities);
}

static void
fill_framework (AdwPreferencesPage *page,
                MsFramework        *framework)
{
  AdwPreferencesGroup *group = add_group (page, _("Framework"));
  g_autofree char *roles = format_list (ms_framework_get_roles (framework));
  g_autofree char *capabilities = format_list (ms_framework_get_capabilities (framework));
  g_autofree char *registered = format_time_ns (ms_framework_get_registered_time (framework));
  g_autofree char *reregistered = format_time_ns (ms_framework_get_reregistered_time (framework));
  g_autofree char *tasks = g_strdup_printf ("%u", ms_framework_get_n_active_tasks (framework));

  add_row (group, _("ID"), ms_framework_get_id (framework));
  add_row (group, _("Name"), ms_framework_get_name (framework));
  add_row (group, _("User"), ms_framework_get_user (framework));
  add_row (group, _("Principal"), ms_framework_get_principal (framework));
  add_row (group, _("Host"), ms_framework_get_hostname (framework));
  add_row (group, _("Web UI"), ms_framework_get_webui_url (framework));
  add_row (group, _("State"), !ms_framework_get_connected (framework) ? _("Disconnected")
                              : ms_framework_get_active (framework) ? _("Active") : _("Inactive"));
  add_row (group, _("Recovered after a failover"), ms_framework_get_recovered (framework) ? _("Yes")
                                                                                          : _("No"));
  add_row (group, _("Registered"), registered);
  add_row (group, _("Re-registered"), reregistered);
  add_row (group, _("Active tasks"), tasks);
  add_row (group, _("Roles"), roles);
  add_row (group, _("Capabilities"), capabilities);
}

/**
 * ms_details_window_new:
 * @item: an #MsAgent, #MsFramework or #MsTask
 *
 * Returns: (transfer full): a window showing @item
 */
GtkWindow *
ms_details_window_new (GtkWindow *parent,
                       GObject   *item)
{
  AdwWindow *window = ADW_WINDOW (adw_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (window, box);

  if (MS_IS_TASK (item))
    {
      gtk_window_set_title (GTK_WINDOW (window), ms_task_get_name (MS_TASK (item)));
      fill_task (ADW_PREFERENCES_PAGE (page), MS_TASK (item));
    }
  else if (MS_IS_AGENT (item))
    {
      gtk_window_set_title (GTK_WINDOW (window), ms_agent_get_hostname (MS_AGENT (item)));
      fill_agent (ADW_PREFERENCES_PAGE (page), MS_AGENT (item));
    }
  else if (MS_IS_FRAMEWORK (item))
    {
      gtk_window_set_title (GTK_WINDOW (window), ms_framework_get_name (MS_FRAMEWORK (item)));
      fill_framework (ADW_PREFERENCES_PAGE (page), MS_FRAMEWORK (item));
    }

  return GTK_WINDOW (window);
}
