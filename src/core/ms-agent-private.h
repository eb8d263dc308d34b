/* ms-agent-private.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "ms-agent.h"

G_BEGIN_DECLS

void _ms_agent_update_from (MsAgent           *self,
                            MsAgent           *newer);
void _ms_agent_add_used    (MsAgent           *self,
                            const MsResources *delta,
                            gboolean           subtract);
void _ms_agent_reset_used  (MsAgent           *self);

G_END_DECLS
