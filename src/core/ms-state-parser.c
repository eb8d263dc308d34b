/* ms-state-parser.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-state-parser"

#include "config.h"

#include "ms-agent.h"
#include "ms-error.h"
#include "ms-framework.h"
#include "ms-state-parser.h"
#include "ms-task.h"

/*
 * MsStateParser reads one operator API document that may carry cluster
 * state: a SUBSCRIBED record (`subscribed.get_state`), a GET_STATE,
 * GET_AGENTS, GET_FRAMEWORKS or GET_TASKS response, or any event. The big
 * arrays become MsAgent, MsFramework and MsTask objects element by element
 * as the bytes arrive; everything else stays in a small tree. It touches no
 * shared state, so a snapshot can be parsed on a worker thread and its
 * objects handed to the main thread when done.
 *
 * A malformed element is skipped and counted, not fatal: one bad task must
 * not hide a cluster.
 */

enum {
  LIST_AGENTS,
  LIST_RECOVERED_AGENTS,
  LIST_FRAMEWORKS,
  LIST_COMPLETED_FRAMEWORKS,
  LIST_TASKS,
  LIST_UNREACHABLE_TASKS,
  LIST_COMPLETED_TASKS,
  N_LISTS
};

static const char * const prefixes[] = { "subscribed.get_state.", "get_state.", "" };
static const char * const lists[N_LISTS] = {
  "get_agents.agents",
  "get_agents.recovered_agents",
  "get_frameworks.frameworks",
  "get_frameworks.completed_frameworks",
  "get_tasks.tasks",
  "get_tasks.unreachable_tasks",
  "get_tasks.completed_tasks",
};

struct _MsStateParser
{
  MsJsonParser *parser;
  GPtrArray    *agents;
  GPtrArray    *recovered_agents;
  GPtrArray    *frameworks;
  GPtrArray    *completed_frameworks;
  GPtrArray    *tasks;
  GPtrArray    *unacknowledged;
  guint         n_invalid;
  char         *first_invalid;
};

static gboolean
on_element (guint               list,
            const MsJsonValue  *element,
            gpointer            user_data,
            GError            **error)
{
  MsStateParser *self = user_data;
  g_autoptr(GError) local_error = NULL;
  gpointer object = NULL;
  GPtrArray *into = NULL;

  switch (list % N_LISTS)
    {
    case LIST_AGENTS:
      object = ms_agent_new_from_json (element, &local_error);
      into = self->agents;
      break;

    case LIST_RECOVERED_AGENTS:
      object = ms_agent_new_recovered (element, &local_error);
      into = self->recovered_agents;
      break;

    case LIST_FRAMEWORKS:
      object = ms_framework_new_from_json (element, &local_error);
      into = self->frameworks;
      break;

    case LIST_COMPLETED_FRAMEWORKS:
      object = ms_framework_new_from_json (element, &local_error);
      into = self->completed_frameworks;
      break;

    case LIST_TASKS:
    case LIST_UNREACHABLE_TASKS:
    case LIST_COMPLETED_TASKS:
      object = ms_task_new_from_json (element, &local_error);
      into = self->tasks;
      break;

    default:
      g_assert_not_reached ();
    }

  if (object == NULL)
    {
      self->n_invalid++;
      if (self->first_invalid == NULL)
        self->first_invalid = g_strdup (local_error->message);
      return TRUE;
    }

  g_ptr_array_add (into, object);
  /* Terminal, and still among the tasks: its last update is not
   * acknowledged yet (then the master moves it to its completed tasks). */
  if (list % N_LISTS == LIST_TASKS && !ms_task_is_active (object))
    g_ptr_array_add (self->unacknowledged, g_object_ref (object));
  return TRUE;
}

MsStateParser *
ms_state_parser_new (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  MsStateParser *self = g_new0 (MsStateParser, 1);

  for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
    for (guint l = 0; l < N_LISTS; l++)
      g_ptr_array_add (paths, g_strconcat (prefixes[p], lists[l], NULL));
  g_ptr_array_add (paths, NULL);

  self->parser = ms_json_parser_new ((const char * const *)paths->pdata, on_element, self);
  self->agents = g_ptr_array_new_with_free_func (g_object_unref);
  self->recovered_agents = g_ptr_array_new_with_free_func (g_object_unref);
  self->frameworks = g_ptr_array_new_with_free_func (g_object_unref);
  self->completed_frameworks = g_ptr_array_new_with_free_func (g_object_unref);
  self->unacknowledged = g_ptr_array_new_with_free_func (g_object_unref);
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);

  return self;
}

void
ms_state_parser_free (MsStateParser *self)
{
  if (self == NULL)
    return;

  ms_json_parser_free (self->parser);
  g_ptr_array_unref (self->agents);
  g_ptr_array_unref (self->recovered_agents);
  g_ptr_array_unref (self->frameworks);
  g_ptr_array_unref (self->completed_frameworks);
  g_ptr_array_unref (self->unacknowledged);
  g_ptr_array_unref (self->tasks);
  g_free (self->first_invalid);
  g_free (self);
}

/**
 * ms_state_parser_reset:
 *
 * Drops what was parsed, to parse the next document with the same memory.
 */
void
ms_state_parser_reset (MsStateParser *self)
{
  g_return_if_fail (self != NULL);

  ms_json_parser_reset (self->parser);
  g_ptr_array_set_size (self->agents, 0);
  g_ptr_array_set_size (self->recovered_agents, 0);
  g_ptr_array_set_size (self->frameworks, 0);
  g_ptr_array_set_size (self->completed_frameworks, 0);
  g_ptr_array_set_size (self->unacknowledged, 0);
  g_ptr_array_set_size (self->tasks, 0);
  self->n_invalid = 0;
  g_clear_pointer (&self->first_invalid, g_free);
}

/**
 * ms_state_parser_cache_acquire:
 *
 * The cached parser, so that a stream's records do not each cost a new one
 * (a 64 KiB arena and a yajl handle); a fresh one while the cached one is
 * in use (a signal handler may parse a record in turn).
 *
 * Returns: (transfer none): give it back with ms_state_parser_cache_release()
 */
MsStateParser *
ms_state_parser_cache_acquire (MsStateParserCache *cache)
{
  if (cache->busy)
    return ms_state_parser_new ();

  if (cache->parser == NULL)
    cache->parser = ms_state_parser_new ();
  cache->busy = TRUE;

  return cache->parser;
}

/**
 * ms_state_parser_cache_release:
 *
 * Resets the cached parser (nothing of the record is held until the next)
 * or frees the fresh one.
 */
void
ms_state_parser_cache_release (MsStateParserCache *cache,
                               MsStateParser      *parser)
{
  if (parser != cache->parser)
    {
      ms_state_parser_free (parser);
      return;
    }

  ms_state_parser_reset (parser);
  cache->busy = FALSE;
}

void
ms_state_parser_cache_clear (MsStateParserCache *cache)
{
  g_clear_pointer (&cache->parser, ms_state_parser_free);
  cache->busy = FALSE;
}

gboolean
ms_state_parser_feed (MsStateParser  *self,
                      const char     *data,
                      gsize           len,
                      GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return ms_json_parser_feed (self->parser, data, len, error);
}

static gboolean
check_root (MsStateParser  *self,
            GError        **error)
{
  if (ms_json_parser_get_root (self->parser)->type != MS_JSON_OBJECT)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, "Expected a JSON object");
      return FALSE;
    }

  return TRUE;
}

gboolean
ms_state_parser_finish (MsStateParser  *self,
                        GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return ms_json_parser_finish (self->parser, error) && check_root (self, error);
}

/**
 * ms_state_parser_load:
 * @data: a whole document, such as one record of the stream
 *
 * Reads a whole document, as ms_state_parser_feed() and
 * ms_state_parser_finish() would, but faster (ms_json_parser_parse()).
 * The parser must be new or reset.
 */
gboolean
ms_state_parser_load (MsStateParser  *self,
                      const char     *data,
                      gsize           len,
                      GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return ms_json_parser_parse (self->parser, data, len, error) && check_root (self, error);
}

/**
 * ms_state_parser_parse:
 *
 * Parses a whole document.
 *
 * Returns: (transfer full): the parsed document, or %NULL with @error set
 */
MsStateParser *
ms_state_parser_parse (const char  *data,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(MsStateParser) self = ms_state_parser_new ();

  if (!ms_state_parser_load (self, data, len, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ms_state_parser_get_root:
 *
 * Returns: the document without the elements of its big arrays
 */
const MsJsonValue *
ms_state_parser_get_root (MsStateParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ms_json_parser_get_root (self->parser);
}

/**
 * ms_state_parser_get_type_name:
 *
 * Returns: (nullable): the document's `type`, e.g. `SUBSCRIBED`
 */
const char *
ms_state_parser_get_type_name (MsStateParser *self)
{
  return ms_json_value_get_string (ms_json_value_get_member (ms_state_parser_get_root (self),
                                                             "type"));
}

/**
 * ms_state_parser_get_agents:
 *
 * Returns: (transfer none) (element-type MsAgent): registered agents
 */
GPtrArray *
ms_state_parser_get_agents (MsStateParser *self)
{
  return self->agents;
}

/**
 * ms_state_parser_get_recovered_agents:
 *
 * Returns: (transfer none) (element-type MsAgent): agents known from the
 *   registry that have not re-registered with this leader yet
 */
GPtrArray *
ms_state_parser_get_recovered_agents (MsStateParser *self)
{
  return self->recovered_agents;
}

GPtrArray *
ms_state_parser_get_frameworks (MsStateParser *self)
{
  return self->frameworks;
}

/**
 * ms_state_parser_get_completed_frameworks:
 *
 * Returns: (transfer none) (element-type MsFramework): frameworks removed
 *   that the master still lists, oldest first
 */
GPtrArray *
ms_state_parser_get_completed_frameworks (MsStateParser *self)
{
  return self->completed_frameworks;
}

/**
 * ms_state_parser_get_unacknowledged_tasks:
 *
 * Returns: (transfer none) (element-type MsTask): the terminal tasks
 *   listed among the tasks (also in ms_state_parser_get_tasks()): their
 *   last status update is not acknowledged yet
 */
GPtrArray *
ms_state_parser_get_unacknowledged_tasks (MsStateParser *self)
{
  return self->unacknowledged;
}

/**
 * ms_state_parser_get_tasks:
 *
 * Returns: (transfer none) (element-type MsTask): tasks, unreachable tasks
 *   and completed tasks, all that the master still knows
 */
GPtrArray *
ms_state_parser_get_tasks (MsStateParser *self)
{
  return self->tasks;
}

guint
ms_state_parser_get_n_invalid (MsStateParser *self)
{
  return self->n_invalid;
}

const char *
ms_state_parser_get_first_invalid (MsStateParser *self)
{
  return self->first_invalid;
}
