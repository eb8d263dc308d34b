/* ms-task.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-task"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-atom.h"
#include "ms-error.h"
#include "ms-task-private.h"

/* A task's status history is bounded: the master keeps one status per
 * consecutive state, but a flapping health check must not grow it forever.
 */
#define MAX_STATUSES 64

/*
 * MsTask is one task as the master reports it (`Task` in
 * include/mesos/v1/mesos.proto). Task ids are unique only within their
 * framework: the key is framework id + task id.
 */
struct _MsTask
{
  GObject      parent_instance;

  /* `framework_id \x1f task_id`; `id` points into it. Agent, framework
   * and executor ids, roles and states repeat across many tasks: they
   * are interned, so 100k tasks do not hold 100k copies of each.
   */
  char        *key;
  const char  *id;
  const char  *framework_id;
  const char  *agent_id;
  const char  *executor_id;
  char        *name;
  const char  *state;
  const char  *role;
  MsResources  resources;
  GArray      *statuses;
};

G_DEFINE_FINAL_TYPE (MsTask, ms_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FRAMEWORK_ID,
  PROP_AGENT_ID,
  PROP_NAME,
  PROP_STATE,
  PROP_ROLE,
  PROP_CPUS,
  PROP_MEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const known_states[] = {
  "TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_FINISHED",
  "TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED",
  "TASK_UNREACHABLE", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN",
};

/* Ids, states, sources, reasons and roles are atoms (ms-atom.c): kept once
 * however many tasks share them, freed with their last user.
 */

/* Points @field at @value's atom; TRUE if that changed it. */
static gboolean
atom_set (const char **field,
          const char  *value)
{
  const char *old = *field;

  if (old == value)
    return FALSE;
  *field = ms_atom_ref (value);
  ms_atom_release (old);

  return TRUE;
}

static void
status_clear (gpointer data)
{
  MsTaskStatus *status = data;

  ms_atom_release (status->state);
  ms_atom_release (status->source);
  ms_atom_release (status->reason);
  g_free (status->message);
}

static void
ms_task_finalize (GObject *object)
{
  MsTask *self = (MsTask *)object;

  g_free (self->key);
  g_free (self->name);
  g_clear_pointer (&self->statuses, g_array_unref);
  ms_atom_release (self->framework_id);
  ms_atom_release (self->agent_id);
  ms_atom_release (self->executor_id);
  ms_atom_release (self->state);
  ms_atom_release (self->role);

  G_OBJECT_CLASS (ms_task_parent_class)->finalize (object);
}

static void
ms_task_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MsTask *self = MS_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_FRAMEWORK_ID:
      g_value_set_string (value, self->framework_id);
      break;

    case PROP_AGENT_ID:
      g_value_set_string (value, self->agent_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case PROP_CPUS:
      g_value_set_double (value, self->resources.cpus);
      break;

    case PROP_MEM:
      g_value_set_double (value, self->resources.mem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_task_class_init (MsTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_task_finalize;
  object_class->get_property = ms_task_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMEWORK_ID] = g_param_spec_string ("framework-id", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_ID] = g_param_spec_string ("agent-id", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  /**
   * MsTask:state:
   *
   * The latest state, as the master names it (`TASK_RUNNING`); names from
   * newer masters are kept as they are.
   */
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  properties[PROP_CPUS] = g_param_spec_double ("cpus", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  properties[PROP_MEM] = g_param_spec_double ("mem", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                              G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_task_init (MsTask *self)
{
  self->statuses = g_array_new (FALSE, TRUE, sizeof (MsTaskStatus));
  g_array_set_clear_func (self->statuses, status_clear);
}

char *
ms_task_make_key (const char *framework_id,
                  const char *task_id)
{
  char separator[] = { MS_TASK_KEY_SEPARATOR, '\0' };

  return g_strconcat (framework_id, separator, task_id, NULL);
}

static void
append_status (MsTask            *self,
               const MsJsonValue *status)
{
  MsTaskStatus entry = { 0 };
  const char *state = ms_json_value_get_string (ms_json_value_get_member (status, "state"));

  if (state == NULL)
    return;

  entry.state = ms_atom_new (state);
  ms_json_value_get_double (ms_json_value_get_member (status, "timestamp"), &entry.timestamp);
  entry.source = ms_atom_new (ms_json_value_get_string (ms_json_value_get_member (status, "source")));
  entry.reason = ms_atom_new (ms_json_value_get_string (ms_json_value_get_member (status, "reason")));
  entry.message = g_strdup (ms_json_value_get_string (ms_json_value_get_member (status, "message")));

  /* The master keeps one status per consecutive state: a repeat replaces. */
  if (self->statuses->len > 0 &&
      g_array_index (self->statuses, MsTaskStatus, self->statuses->len - 1).state == entry.state)
    g_array_remove_index (self->statuses, self->statuses->len - 1);
  if (self->statuses->len >= MAX_STATUSES)
    g_array_remove_index (self->statuses, 0);

  g_array_append_val (self->statuses, entry);
}

/**
 * ms_task_new_from_json:
 * @task: a `Task` object
 *
 * Returns: (transfer full): the task, or %NULL with @error set when a
 *   required field (task id, framework id, state) is missing
 */
MsTask *
ms_task_new_from_json (const MsJsonValue  *task,
                       GError            **error)
{
  g_autoptr(MsTask) self = NULL;
  const char *id = ms_json_value_get_id (task, "task_id");
  const char *framework_id = ms_json_value_get_id (task, "framework_id");
  const char *state = ms_json_value_get_string (ms_json_value_get_member (task, "state"));
  const MsJsonValue *statuses;

  if (task == NULL || task->type != MS_JSON_OBJECT)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("A task is not an object"));
      return NULL;
    }
  if (id == NULL || framework_id == NULL || state == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("Task %s has no %s"), id ? id : "?",
                   id == NULL ? "task_id" : framework_id == NULL ? "framework_id" : "state");
      return NULL;
    }

  self = g_object_new (MS_TYPE_TASK, NULL);
  self->framework_id = ms_atom_new (framework_id);
  self->key = ms_task_make_key (framework_id, id);
  self->id = self->key + strlen (framework_id) + 1;
  self->agent_id = ms_atom_new (ms_json_value_get_id (task, "agent_id"));
  self->executor_id = ms_atom_new (ms_json_value_get_id (task, "executor_id"));
  self->name = g_strdup (ms_json_value_get_string (ms_json_value_get_member (task, "name")));
  self->state = ms_atom_new (state);
  {
    g_autofree char *role = NULL;

    ms_resources_parse (&self->resources, ms_json_value_get_member (task, "resources"), &role);
    self->role = ms_atom_new (role ? role : "*");
  }

  statuses = ms_json_value_get_member (task, "statuses");
  if (statuses != NULL && statuses->type == MS_JSON_ARRAY)
    for (const MsJsonValue *s = statuses->first; s != NULL; s = s->next)
      append_status (self, s);

  return g_steal_pointer (&self);
}

/* Takes what a newer report of the same task says (an upsert). */
void
_ms_task_update_from (MsTask *self,
                      MsTask *newer)
{
  g_return_if_fail (MS_IS_TASK (self));
  g_return_if_fail (MS_IS_TASK (newer));
  g_return_if_fail (g_str_equal (self->key, newer->key));

  if (g_strcmp0 (self->name, newer->name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (newer->name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  if (atom_set (&self->agent_id, newer->agent_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_ID]);
  if (atom_set (&self->role, newer->role))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  if (!ms_resources_equal (&self->resources, &newer->resources))
    {
      self->resources = newer->resources;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEM]);
    }
  atom_set (&self->executor_id, newer->executor_id);

  /* The newer report's history is the master's: take it whole. */
  if (newer->statuses->len > 0)
    {
      g_array_set_size (self->statuses, 0);
      for (guint i = 0; i < newer->statuses->len; i++)
        {
          MsTaskStatus copy = g_array_index (newer->statuses, MsTaskStatus, i);

          copy.state = ms_atom_ref (copy.state);
          copy.source = ms_atom_ref (copy.source);
          copy.reason = ms_atom_ref (copy.reason);
          copy.message = g_strdup (copy.message);
          g_array_append_val (self->statuses, copy);
        }
    }

  if (atom_set (&self->state, newer->state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * _ms_task_apply_update:
 * @state: `task_updated.state`: the latest state, which is what to show
 * @status: `task_updated.status`: the update being delivered
 */
void
_ms_task_apply_update (MsTask            *self,
                       const char        *state,
                       const MsJsonValue *status)
{
  g_return_if_fail (MS_IS_TASK (self));

  if (status != NULL)
    append_status (self, status);

  if (state != NULL)
    {
      const char *atom = ms_atom_new (state);

      if (atom_set (&self->state, atom))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      ms_atom_release (atom);
    }
}

const char *
ms_task_get_key (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->key;
}

const char *
ms_task_get_id (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->id;
}

const char *
ms_task_get_framework_id (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->framework_id;
}

const char *
ms_task_get_agent_id (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->agent_id;
}

const char *
ms_task_get_executor_id (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->executor_id;
}

const char *
ms_task_get_name (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->name;
}

/**
 * ms_task_get_state:
 *
 * Returns: the latest state (an interned string)
 */
const char *
ms_task_get_state (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->state;
}

const char *
ms_task_get_role (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return self->role;
}

const MsResources *
ms_task_get_resources (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  return &self->resources;
}

guint
ms_task_get_n_statuses (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), 0);
  return self->statuses->len;
}

/**
 * ms_task_get_status:
 * @index: 0 is the oldest
 */
const MsTaskStatus *
ms_task_get_status (MsTask *self,
                    guint   index)
{
  g_return_val_if_fail (MS_IS_TASK (self), NULL);
  g_return_val_if_fail (index < self->statuses->len, NULL);

  return &g_array_index (self->statuses, MsTaskStatus, index);
}

/**
 * ms_task_state_is_terminal:
 *
 * As `protobuf::isTerminalState` in Mesos (src/common/protobuf_utils.cpp).
 */
gboolean
ms_task_state_is_terminal (const char *state)
{
  static const char * const terminal[] = {
    "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR",
    "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR",
  };

  for (guint i = 0; i < G_N_ELEMENTS (terminal); i++)
    if (g_strcmp0 (state, terminal[i]) == 0)
      return TRUE;

  return FALSE;
}

gboolean
ms_task_state_is_known (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_states); i++)
    if (g_strcmp0 (state, known_states[i]) == 0)
      return TRUE;

  return FALSE;
}

/**
 * ms_task_is_active:
 *
 * Returns: %TRUE when the task holds its resources (not terminal)
 */
gboolean
ms_task_is_active (MsTask *self)
{
  g_return_val_if_fail (MS_IS_TASK (self), FALSE);

  return !ms_task_state_is_terminal (self->state);
}
