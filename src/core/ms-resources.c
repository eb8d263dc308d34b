/* ms-resources.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-resources"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-resources.h"

/**
 * ms_resource_get_role:
 * @resource: one element of a Mesos resource list
 *
 * Current masters write task resources as stored: an allocated resource has
 * `allocation_info.role` and often no `role`; reserved ones carry
 * `reservations` (the last one is the current reservation); older masters
 * write the deprecated `role`. Read them in that order.
 *
 * Returns: (transfer full): the role, `*` when none is given
 */
char *
ms_resource_get_role (const MsJsonValue *resource)
{
  const char *role;
  const MsJsonValue *reservations;

  role = ms_json_value_get_string (ms_json_value_get_path (resource, "allocation_info", "role", NULL));
  if (role != NULL)
    return g_strdup (role);

  reservations = ms_json_value_get_member (resource, "reservations");
  if (reservations != NULL && reservations->type == MS_JSON_ARRAY && reservations->last != NULL)
    {
      role = ms_json_value_get_string (ms_json_value_get_member (reservations->last, "role"));
      if (role != NULL)
        return g_strdup (role);
    }

  role = ms_json_value_get_string (ms_json_value_get_member (resource, "role"));

  return g_strdup (role != NULL ? role : "*");
}

/**
 * ms_resources_parse:
 * @list: (nullable): a Mesos resource list; absent means none
 * @role: (out) (optional) (transfer full): the role of the first resource
 *
 * Sums the list into @self (set to zero first). Entries that are not
 * well-formed are skipped.
 */
void
ms_resources_parse (MsResources        *self,
                    const MsJsonValue  *list,
                    char              **role)
{
  memset (self, 0, sizeof *self);
  if (role != NULL)
    *role = NULL;

  if (list == NULL || list->type != MS_JSON_ARRAY)
    return;

  for (const MsJsonValue *r = list->first; r != NULL; r = r->next)
    {
      const char *name = ms_json_value_get_string (ms_json_value_get_member (r, "name"));
      double value = 0;

      if (name == NULL)
        continue;

      if (role != NULL && *role == NULL)
        *role = ms_resource_get_role (r);

      if (strcmp (name, "ports") == 0)
        {
          const MsJsonValue *ranges = ms_json_value_get_path (r, "ranges", "range", NULL);

          if (ranges == NULL || ranges->type != MS_JSON_ARRAY)
            continue;
          for (const MsJsonValue *range = ranges->first; range != NULL; range = range->next)
            {
              gint64 begin, end;

              if (ms_json_value_get_int64 (ms_json_value_get_member (range, "begin"), &begin) &&
                  ms_json_value_get_int64 (ms_json_value_get_member (range, "end"), &end) &&
                  begin >= 0 && end >= begin)
                self->ports += end - begin + 1;
            }
          continue;
        }

      if (!ms_json_value_get_double (ms_json_value_get_path (r, "scalar", "value", NULL), &value) ||
          !isfinite (value) || value < 0)
        continue;

      if (strcmp (name, "cpus") == 0)
        self->cpus += value;
      else if (strcmp (name, "mem") == 0)
        self->mem += value;
      else if (strcmp (name, "disk") == 0)
        self->disk += value;
      else if (strcmp (name, "gpus") == 0)
        self->gpus += value;
    }
}

void
ms_resources_add (MsResources       *self,
                  const MsResources *other)
{
  self->cpus += other->cpus;
  self->mem += other->mem;
  self->disk += other->disk;
  self->gpus += other->gpus;
  self->ports += other->ports;
}

void
ms_resources_subtract (MsResources       *self,
                       const MsResources *other)
{
  /* Mesos keeps three decimal digits: clamp the rounding noise at zero. */
  self->cpus = MAX (0.0, self->cpus - other->cpus);
  self->mem = MAX (0.0, self->mem - other->mem);
  self->disk = MAX (0.0, self->disk - other->disk);
  self->gpus = MAX (0.0, self->gpus - other->gpus);
  self->ports = self->ports > other->ports ? self->ports - other->ports : 0;
}

static gboolean
close_enough (double a,
              double b)
{
  return fabs (a - b) < 0.0005;
}

gboolean
ms_resources_equal (const MsResources *a,
                    const MsResources *b)
{
  return close_enough (a->cpus, b->cpus) && close_enough (a->mem, b->mem) &&
         close_enough (a->disk, b->disk) && close_enough (a->gpus, b->gpus) &&
         a->ports == b->ports;
}

/**
 * ms_resources_format:
 *
 * Returns: (transfer full): e.g. `cpus 2, mem 1024 MB, disk 1024 MB, ports 1001`
 */
char *
ms_resources_format (const MsResources *self)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "cpus %g, mem %g MB, disk %g MB", self->cpus, self->mem, self->disk);
  if (self->gpus > 0)
    g_string_append_printf (s, ", gpus %g", self->gpus);
  if (self->ports > 0)
    g_string_append_printf (s, ", ports %" G_GUINT64_FORMAT, self->ports);

  return g_string_free (s, FALSE);
}
