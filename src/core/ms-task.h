/* ms-task.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>

#include "ms-json-tree.h"
#include "ms-resources.h"

G_BEGIN_DECLS

/**
 * MsTaskStatus:
 * @state: the state this update reported (interned)
 * @timestamp: seconds since the epoch, as Mesos writes it
 * @source: (nullable): `SOURCE_EXECUTOR`, `SOURCE_AGENT` or `SOURCE_MASTER` (interned)
 * @reason: (nullable): a `REASON_*` name (interned)
 * @message: (nullable): the message for people
 */
typedef struct
{
  const char *state;
  double      timestamp;
  const char *source;
  const char *reason;
  char       *message;
} MsTaskStatus;

/* Between the framework id and the task id in a task's key: 0x1f cannot
 * appear in either id's JSON text unescaped, and rarely at all. */
#define MS_TASK_KEY_SEPARATOR '\x1f'

#define MS_TYPE_TASK (ms_task_get_type ())

G_DECLARE_FINAL_TYPE (MsTask, ms_task, MS, TASK, GObject)

MsTask             *ms_task_new_from_json      (const MsJsonValue  *task,
                                                GError            **error);
char               *ms_task_make_key           (const char         *framework_id,
                                                const char         *task_id);
const char         *ms_task_get_key            (MsTask             *self);
const char         *ms_task_get_id             (MsTask             *self);
const char         *ms_task_get_framework_id   (MsTask             *self);
const char         *ms_task_get_agent_id       (MsTask             *self);
const char         *ms_task_get_executor_id    (MsTask             *self);
const char         *ms_task_get_name           (MsTask             *self);
const char         *ms_task_get_state          (MsTask             *self);
const char         *ms_task_get_role           (MsTask             *self);
const MsResources  *ms_task_get_resources      (MsTask             *self);
guint               ms_task_get_n_statuses     (MsTask             *self);
const MsTaskStatus *ms_task_get_status         (MsTask             *self,
                                                guint               index);
gboolean            ms_task_is_active          (MsTask             *self);
gboolean            ms_task_state_is_terminal  (const char         *state);
gboolean            ms_task_state_is_known     (const char         *state);

G_END_DECLS
