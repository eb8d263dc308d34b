/* ms-agent.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-agent"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-agent-private.h"
#include "ms-error.h"

#define MAX_LIST 256

/*
 * MsAgent is one agent (`Response.GetAgents.Agent`, or a bare `AgentInfo`
 * for an agent the master recovered from its registry but that has not
 * re-registered yet). `used` is what the model's live tasks hold; the
 * allocated and offered resources are as of the last snapshot or refresh,
 * since the stream sends no allocation events.
 */
struct _MsAgent
{
  GObject      parent_instance;

  char        *id;
  char        *hostname;
  guint        port;
  char        *version;
  char        *pid;
  char        *drain_state;
  gboolean     active;
  gboolean     deactivated;
  gboolean     recovered;
  gint64       registered_time;
  gint64       reregistered_time;
  MsResources  total;
  MsResources  allocated;
  MsResources  offered;
  MsResources  used;
  GStrv        attributes;
  GStrv        capabilities;
};

G_DEFINE_FINAL_TYPE (MsAgent, ms_agent, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_HOSTNAME,
  PROP_ACTIVE,
  PROP_RECOVERED,
  PROP_CPUS_TOTAL,
  PROP_CPUS_USED,
  PROP_MEM_TOTAL,
  PROP_MEM_USED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_agent_finalize (GObject *object)
{
  MsAgent *self = (MsAgent *)object;

  g_free (self->id);
  g_free (self->hostname);
  g_free (self->version);
  g_free (self->pid);
  g_free (self->drain_state);
  g_strfreev (self->attributes);
  g_strfreev (self->capabilities);

  G_OBJECT_CLASS (ms_agent_parent_class)->finalize (object);
}

static void
ms_agent_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MsAgent *self = MS_AGENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_HOSTNAME:
      g_value_set_string (value, self->hostname);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_RECOVERED:
      g_value_set_boolean (value, self->recovered);
      break;

    case PROP_CPUS_TOTAL:
      g_value_set_double (value, self->total.cpus);
      break;

    case PROP_CPUS_USED:
      g_value_set_double (value, self->used.cpus);
      break;

    case PROP_MEM_TOTAL:
      g_value_set_double (value, self->total.mem);
      break;

    case PROP_MEM_USED:
      g_value_set_double (value, self->used.mem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_agent_class_init (MsAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_agent_finalize;
  object_class->get_property = ms_agent_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_HOSTNAME] = g_param_spec_string ("hostname", NULL, NULL, NULL, flags);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
  /**
   * MsAgent:recovered:
   *
   * Known from the new leader's registry only: not re-registered yet.
   */
  properties[PROP_RECOVERED] = g_param_spec_boolean ("recovered", NULL, NULL, FALSE, flags);
  properties[PROP_CPUS_TOTAL] = g_param_spec_double ("cpus-total", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_CPUS_USED] = g_param_spec_double ("cpus-used", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_MEM_TOTAL] = g_param_spec_double ("mem-total", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_MEM_USED] = g_param_spec_double ("mem-used", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_agent_init (MsAgent *self)
{
}

static GStrv
read_attributes (const MsJsonValue *list)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  if (list != NULL && list->type == MS_JSON_ARRAY)
    for (const MsJsonValue *a = list->first; a != NULL && n < MAX_LIST; a = a->next, n++)
      {
        const char *name = ms_json_value_get_string (ms_json_value_get_member (a, "name"));
        const char *text = ms_json_value_get_string (ms_json_value_get_path (a, "text", "value", NULL));
        const MsJsonValue *scalar = ms_json_value_get_path (a, "scalar", "value", NULL);

        g_autofree char *entry = NULL;

        if (name == NULL)
          continue;
        if (text != NULL)
          entry = g_strdup_printf ("%s:%s", name, text);
        else if (scalar != NULL && scalar->type == MS_JSON_NUMBER)
          entry = g_strdup_printf ("%s:%s", name, scalar->text);
        g_strv_builder_add (builder, entry ? entry : name);
      }

  return g_strv_builder_end (builder);
}

static GStrv
read_capabilities (const MsJsonValue *list)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  if (list != NULL && list->type == MS_JSON_ARRAY)
    for (const MsJsonValue *c = list->first; c != NULL && n < MAX_LIST; c = c->next, n++)
      {
        const char *type = ms_json_value_get_string (ms_json_value_get_member (c, "type"));

        if (type != NULL)
          g_strv_builder_add (builder, type);
      }

  return g_strv_builder_end (builder);
}

static MsAgent *
new_from_info (const MsJsonValue  *info,
               GError            **error)
{
  MsAgent *self;
  const char *id = ms_json_value_get_id (info, "id");
  const char *hostname = ms_json_value_get_string (ms_json_value_get_member (info, "hostname"));
  gint64 port = 5051;

  if (info == NULL || info->type != MS_JSON_OBJECT || id == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("An agent has no id"));
      return NULL;
    }

  ms_json_value_get_int64 (ms_json_value_get_member (info, "port"), &port);

  self = g_object_new (MS_TYPE_AGENT, NULL);
  self->id = g_strdup (id);
  self->hostname = g_strdup (hostname ? hostname : "");
  self->port = CLAMP (port, 0, 65535);
  self->attributes = read_attributes (ms_json_value_get_member (info, "attributes"));
  ms_resources_parse (&self->total, ms_json_value_get_member (info, "resources"), NULL);

  return self;
}

/**
 * ms_agent_new_from_json:
 * @agent: a `Response.GetAgents.Agent` (as in `AGENT_ADDED`)
 */
MsAgent *
ms_agent_new_from_json (const MsJsonValue  *agent,
                        GError            **error)
{
  MsAgent *self = new_from_info (ms_json_value_get_member (agent, "agent_info"), error);
  const MsJsonValue *total;

  if (self == NULL)
    return NULL;

  self->active = ms_json_value_get_boolean (ms_json_value_get_member (agent, "active"), FALSE);
  self->deactivated = ms_json_value_get_boolean (ms_json_value_get_member (agent, "deactivated"),
                                                 FALSE);
  self->version = g_strdup (ms_json_value_get_string (ms_json_value_get_member (agent, "version")));
  self->pid = g_strdup (ms_json_value_get_string (ms_json_value_get_member (agent, "pid")));
  self->drain_state = g_strdup (ms_json_value_get_string (ms_json_value_get_path (agent, "drain_info",
                                                                                  "state", NULL)));
  ms_json_value_get_int64 (ms_json_value_get_path (agent, "registered_time", "nanoseconds", NULL),
                           &self->registered_time);
  ms_json_value_get_int64 (ms_json_value_get_path (agent, "reregistered_time", "nanoseconds", NULL),
                           &self->reregistered_time);

  /* total_resources includes dynamic reservations; prefer it. */
  total = ms_json_value_get_member (agent, "total_resources");
  if (total != NULL)
    ms_resources_parse (&self->total, total, NULL);
  ms_resources_parse (&self->allocated, ms_json_value_get_member (agent, "allocated_resources"), NULL);
  ms_resources_parse (&self->offered, ms_json_value_get_member (agent, "offered_resources"), NULL);
  self->capabilities = read_capabilities (ms_json_value_get_member (agent, "capabilities"));

  return self;
}

/**
 * ms_agent_new_recovered:
 * @agent_info: an `AgentInfo` from `get_agents.recovered_agents`
 */
MsAgent *
ms_agent_new_recovered (const MsJsonValue  *agent_info,
                        GError            **error)
{
  MsAgent *self = new_from_info (agent_info, error);

  if (self == NULL)
    return NULL;

  self->recovered = TRUE;
  self->capabilities = g_new0 (char *, 1);

  return self;
}

#define UPDATE_STRING(field) \
  G_STMT_START { \
    if (g_strcmp0 (self->field, newer->field) != 0) \
      { \
        g_free (self->field); \
        self->field = g_strdup (newer->field); \
      } \
  } G_STMT_END

void
_ms_agent_update_from (MsAgent *self,
                       MsAgent *newer)
{
  g_return_if_fail (MS_IS_AGENT (self));
  g_return_if_fail (MS_IS_AGENT (newer));

  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->hostname, newer->hostname) != 0)
    {
      UPDATE_STRING (hostname);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSTNAME]);
    }
  UPDATE_STRING (version);
  UPDATE_STRING (pid);
  UPDATE_STRING (drain_state);
  self->port = newer->port;
  self->deactivated = newer->deactivated;
  self->registered_time = newer->registered_time;
  self->reregistered_time = newer->reregistered_time;
  self->allocated = newer->allocated;
  self->offered = newer->offered;
  g_strfreev (self->attributes);
  self->attributes = g_strdupv (newer->attributes);
  g_strfreev (self->capabilities);
  self->capabilities = g_strdupv (newer->capabilities);

  if (self->active != newer->active)
    {
      self->active = newer->active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  if (self->recovered != newer->recovered)
    {
      self->recovered = newer->recovered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECOVERED]);
    }
  if (!ms_resources_equal (&self->total, &newer->total))
    {
      self->total = newer->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPUS_TOTAL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEM_TOTAL]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
_ms_agent_add_used (MsAgent           *self,
                    const MsResources *delta,
                    gboolean           subtract)
{
  g_return_if_fail (MS_IS_AGENT (self));

  if (subtract)
    ms_resources_subtract (&self->used, delta);
  else
    ms_resources_add (&self->used, delta);

  if (delta->cpus != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPUS_USED]);
  if (delta->mem != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEM_USED]);
}

void
_ms_agent_reset_used (MsAgent *self)
{
  memset (&self->used, 0, sizeof self->used);
}

const char *
ms_agent_get_id (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return self->id;
}

const char *
ms_agent_get_hostname (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return self->hostname;
}

guint
ms_agent_get_port (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), 0);
  return self->port;
}

const char *
ms_agent_get_version (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return self->version;
}

const char *
ms_agent_get_pid (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return self->pid;
}

gboolean
ms_agent_get_active (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), FALSE);
  return self->active;
}

gboolean
ms_agent_get_deactivated (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), FALSE);
  return self->deactivated;
}

gboolean
ms_agent_get_recovered (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), FALSE);
  return self->recovered;
}

gint64
ms_agent_get_registered_time (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), 0);
  return self->registered_time;
}

gint64
ms_agent_get_reregistered_time (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), 0);
  return self->reregistered_time;
}

const char *
ms_agent_get_drain_state (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return self->drain_state;
}

const MsResources *
ms_agent_get_total (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return &self->total;
}

const MsResources *
ms_agent_get_allocated (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return &self->allocated;
}

const MsResources *
ms_agent_get_offered (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return &self->offered;
}

const MsResources *
ms_agent_get_used (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return &self->used;
}

const char * const *
ms_agent_get_attributes (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return (const char * const *)self->attributes;
}

const char * const *
ms_agent_get_capabilities (MsAgent *self)
{
  g_return_val_if_fail (MS_IS_AGENT (self), NULL);
  return (const char * const *)self->capabilities;
}
