/* ms-framework-private.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "ms-framework.h"

G_BEGIN_DECLS

void _ms_framework_update_from      (MsFramework *self,
                                     MsFramework *newer);
void _ms_framework_add_active_tasks (MsFramework *self,
                                     int          delta);

G_END_DECLS
