/* ms-candidate-private.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "ms-candidate.h"

G_BEGIN_DECLS

void _ms_candidate_set_info    (MsCandidate  *self,
                                MsMasterInfo *info);
void _ms_candidate_set_error   (MsCandidate  *self,
                                const char   *error);
void _ms_candidate_set_leading (MsCandidate  *self,
                                gboolean      leading);

G_END_DECLS
