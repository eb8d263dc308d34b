/* ms-leader-detector.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

#include "ms-types.h"

G_BEGIN_DECLS

#define MS_LEADER_DETECTOR_DEFAULT_SESSION_TIMEOUT_MS 10000

#define MS_TYPE_LEADER_DETECTOR (ms_leader_detector_get_type ())

G_DECLARE_FINAL_TYPE (MsLeaderDetector, ms_leader_detector, MS, LEADER_DETECTOR, GObject)

MsLeaderDetector      *ms_leader_detector_new                  (const MsZkUrl    *url,
                                                                MsTimeline       *timeline);
void                   ms_leader_detector_start                (MsLeaderDetector *self);
void                   ms_leader_detector_stop                 (MsLeaderDetector *self);
const MsZkUrl         *ms_leader_detector_get_url              (MsLeaderDetector *self);
char                  *ms_leader_detector_dup_zk_server        (MsLeaderDetector *self);
MsTimeline            *ms_leader_detector_get_timeline         (MsLeaderDetector *self);
MsLeaderDetectorState  ms_leader_detector_get_state            (MsLeaderDetector *self);
MsMasterInfo          *ms_leader_detector_get_leader           (MsLeaderDetector *self);
MsCandidate           *ms_leader_detector_get_leading_candidate (MsLeaderDetector *self);
gint64                 ms_leader_detector_get_leader_changed_at (MsLeaderDetector *self);
GListModel            *ms_leader_detector_get_candidates       (MsLeaderDetector *self);
gboolean               ms_leader_detector_get_synced           (MsLeaderDetector *self);
const GError          *ms_leader_detector_get_error            (MsLeaderDetector *self);
int                    ms_leader_detector_get_session_timeout  (MsLeaderDetector *self);
void                   ms_leader_detector_set_session_timeout  (MsLeaderDetector *self,
                                                                int               timeout_ms);
const char            *ms_leader_detector_state_to_string      (MsLeaderDetectorState state);

G_END_DECLS
