/* ms-resources.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>

#include "ms-json-tree.h"

G_BEGIN_DECLS

/**
 * MsResources:
 * @cpus: `cpus`
 * @mem: `mem`, MB
 * @disk: `disk`, MB
 * @gpus: `gpus`
 * @ports: how many ports the `ports` ranges hold
 *
 * The resources a monitor shows, summed over a Mesos resource list.
 */
typedef struct
{
  double  cpus;
  double  mem;
  double  disk;
  double  gpus;
  guint64 ports;
} MsResources;

void      ms_resources_parse     (MsResources        *self,
                                  const MsJsonValue  *list,
                                  char              **role);
void      ms_resources_add       (MsResources        *self,
                                  const MsResources  *other);
void      ms_resources_subtract  (MsResources        *self,
                                  const MsResources  *other);
gboolean  ms_resources_equal     (const MsResources  *a,
                                  const MsResources  *b);
char     *ms_resources_format    (const MsResources  *self);
char     *ms_resource_get_role   (const MsJsonValue  *resource);

G_END_DECLS
