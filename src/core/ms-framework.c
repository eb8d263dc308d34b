/* ms-framework.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-framework"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-error.h"
#include "ms-framework-private.h"

#define MAX_LIST 256

/*
 * MsFramework is one framework (`Response.GetFrameworks.Framework`: its
 * `FrameworkInfo` and the master's view of it). The number of active tasks
 * is kept by the cluster model as tasks come and go.
 */
struct _MsFramework
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *user;
  char     *principal;
  char     *hostname;
  char     *webui_url;
  GStrv     roles;
  GStrv     capabilities;
  gboolean  active;
  gboolean  connected;
  gboolean  recovered;
  gint64    registered_time;
  gint64    reregistered_time;
  guint     n_active_tasks;
};

G_DEFINE_FINAL_TYPE (MsFramework, ms_framework, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ACTIVE,
  PROP_CONNECTED,
  PROP_N_ACTIVE_TASKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_framework_finalize (GObject *object)
{
  MsFramework *self = (MsFramework *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->user);
  g_free (self->principal);
  g_free (self->hostname);
  g_free (self->webui_url);
  g_strfreev (self->roles);
  g_strfreev (self->capabilities);

  G_OBJECT_CLASS (ms_framework_parent_class)->finalize (object);
}

static void
ms_framework_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MsFramework *self = MS_FRAMEWORK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    case PROP_N_ACTIVE_TASKS:
      g_value_set_uint (value, self->n_active_tasks);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_framework_class_init (MsFrameworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_framework_finalize;
  object_class->get_property = ms_framework_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE, flags);
  properties[PROP_N_ACTIVE_TASKS] = g_param_spec_uint ("n-active-tasks", NULL, NULL,
                                                       0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_framework_init (MsFramework *self)
{
}

static GStrv
read_strings (const MsJsonValue *list,
              const char        *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  if (list != NULL && list->type == MS_JSON_ARRAY)
    for (const MsJsonValue *v = list->first; v != NULL && n < MAX_LIST; v = v->next, n++)
      {
        const char *s = member ? ms_json_value_get_string (ms_json_value_get_member (v, member))
                               : ms_json_value_get_string (v);

        if (s != NULL)
          g_strv_builder_add (builder, s);
      }

  return g_strv_builder_end (builder);
}

/**
 * ms_framework_new_from_json:
 * @framework: a `Response.GetFrameworks.Framework`, or a bare `FrameworkInfo`
 *   (as `FRAMEWORK_REMOVED` sends)
 */
MsFramework *
ms_framework_new_from_json (const MsJsonValue  *framework,
                            GError            **error)
{
  MsFramework *self;
  const MsJsonValue *info = ms_json_value_get_member (framework, "framework_info");
  const char *id;
  const char *role;

  if (info == NULL)
    info = framework;
  id = ms_json_value_get_id (info, "id");
  if (id == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("A framework has no id"));
      return NULL;
    }

  self = g_object_new (MS_TYPE_FRAMEWORK, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (ms_json_value_get_string (ms_json_value_get_member (info, "name")));
  self->user = g_strdup (ms_json_value_get_string (ms_json_value_get_member (info, "user")));
  self->principal = g_strdup (ms_json_value_get_string (ms_json_value_get_member (info, "principal")));
  self->hostname = g_strdup (ms_json_value_get_string (ms_json_value_get_member (info, "hostname")));
  self->webui_url = g_strdup (ms_json_value_get_string (ms_json_value_get_member (info, "webui_url")));
  /* MULTI_ROLE frameworks send `roles`; older ones the deprecated `role`. */
  self->roles = read_strings (ms_json_value_get_member (info, "roles"), NULL);
  role = ms_json_value_get_string (ms_json_value_get_member (info, "role"));
  if (self->roles[0] == NULL)
    {
      g_strfreev (self->roles);
      self->roles = g_strsplit (role ? role : "*", "\x1f", 1);
    }
  self->capabilities = read_strings (ms_json_value_get_member (info, "capabilities"), "type");

  if (framework != info)
    {
      self->active = ms_json_value_get_boolean (ms_json_value_get_member (framework, "active"), FALSE);
      self->connected = ms_json_value_get_boolean (ms_json_value_get_member (framework, "connected"),
                                                   FALSE);
      self->recovered = ms_json_value_get_boolean (ms_json_value_get_member (framework, "recovered"),
                                                   FALSE);
      ms_json_value_get_int64 (ms_json_value_get_path (framework, "registered_time", "nanoseconds",
                                                       NULL), &self->registered_time);
      ms_json_value_get_int64 (ms_json_value_get_path (framework, "reregistered_time", "nanoseconds",
                                                       NULL), &self->reregistered_time);
    }

  return self;
}

void
_ms_framework_update_from (MsFramework *self,
                           MsFramework *newer)
{
  g_return_if_fail (MS_IS_FRAMEWORK (self));
  g_return_if_fail (MS_IS_FRAMEWORK (newer));

  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->name, newer->name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (newer->name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  g_free (self->user);
  self->user = g_strdup (newer->user);
  g_free (self->principal);
  self->principal = g_strdup (newer->principal);
  g_free (self->hostname);
  self->hostname = g_strdup (newer->hostname);
  g_free (self->webui_url);
  self->webui_url = g_strdup (newer->webui_url);
  g_strfreev (self->roles);
  self->roles = g_strdupv (newer->roles);
  g_strfreev (self->capabilities);
  self->capabilities = g_strdupv (newer->capabilities);
  self->recovered = newer->recovered;
  self->registered_time = newer->registered_time;
  self->reregistered_time = newer->reregistered_time;

  if (self->active != newer->active)
    {
      self->active = newer->active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  if (self->connected != newer->connected)
    {
      self->connected = newer->connected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
_ms_framework_add_active_tasks (MsFramework *self,
                                int          delta)
{
  g_return_if_fail (MS_IS_FRAMEWORK (self));

  if (delta < 0 && (guint)-delta > self->n_active_tasks)
    self->n_active_tasks = 0;
  else
    self->n_active_tasks += delta;

  if (delta != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE_TASKS]);
}

const char *
ms_framework_get_id (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return self->id;
}

const char *
ms_framework_get_name (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return self->name;
}

const char *
ms_framework_get_user (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return self->user;
}

const char *
ms_framework_get_principal (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return self->principal;
}

const char *
ms_framework_get_hostname (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return self->hostname;
}

const char *
ms_framework_get_webui_url (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return self->webui_url;
}

const char * const *
ms_framework_get_roles (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return (const char * const *)self->roles;
}

const char * const *
ms_framework_get_capabilities (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), NULL);
  return (const char * const *)self->capabilities;
}

gboolean
ms_framework_get_active (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), FALSE);
  return self->active;
}

gboolean
ms_framework_get_connected (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), FALSE);
  return self->connected;
}

gboolean
ms_framework_get_recovered (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), FALSE);
  return self->recovered;
}

gint64
ms_framework_get_registered_time (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), 0);
  return self->registered_time;
}

gint64
ms_framework_get_reregistered_time (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), 0);
  return self->reregistered_time;
}

guint
ms_framework_get_n_active_tasks (MsFramework *self)
{
  g_return_val_if_fail (MS_IS_FRAMEWORK (self), 0);
  return self->n_active_tasks;
}
