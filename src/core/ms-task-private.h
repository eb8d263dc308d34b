/* ms-task-private.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "ms-task.h"

G_BEGIN_DECLS

void _ms_task_update_from (MsTask            *self,
                           MsTask            *newer);
void _ms_task_apply_update (MsTask            *self,
                            const char        *state,
                            const MsJsonValue *status);

G_END_DECLS
