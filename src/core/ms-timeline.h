/* ms-timeline.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

#include "ms-timeline-event.h"
#include "ms-types.h"

G_BEGIN_DECLS

#define MS_TYPE_TIMELINE (ms_timeline_get_type ())

G_DECLARE_FINAL_TYPE (MsTimeline, ms_timeline, MS, TIMELINE, GObject)

MsTimeline      *ms_timeline_new          (guint                max_events);
guint            ms_timeline_get_max_events (MsTimeline        *self);
MsTimelineEvent *ms_timeline_add          (MsTimeline          *self,
                                           MsTimelineEventKind  kind,
                                           MsMasterInfo        *master,
                                           const char          *format,
                                           ...) G_GNUC_PRINTF (4, 5);
void             ms_timeline_append       (MsTimeline          *self,
                                           MsTimelineEvent     *event);
MsTimelineEvent *ms_timeline_get_last     (MsTimeline          *self,
                                           MsTimelineEventKind  kind);

G_END_DECLS
