/* ms-timeline-event.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ms-types.h"

G_BEGIN_DECLS

#define MS_TYPE_TIMELINE_EVENT (ms_timeline_event_get_type ())

G_DECLARE_FINAL_TYPE (MsTimelineEvent, ms_timeline_event, MS, TIMELINE_EVENT, GObject)

MsTimelineEvent     *ms_timeline_event_new            (MsTimelineEventKind  kind,
                                                       MsMasterInfo        *master,
                                                       const char          *message);
MsTimelineEventKind  ms_timeline_event_get_kind       (MsTimelineEvent     *self);
const char          *ms_timeline_event_get_kind_nick  (MsTimelineEvent     *self);
MsMasterInfo        *ms_timeline_event_get_master     (MsTimelineEvent     *self);
const char          *ms_timeline_event_get_message    (MsTimelineEvent     *self);
gint64               ms_timeline_event_get_real_time  (MsTimelineEvent     *self);
gint64               ms_timeline_event_get_monotonic_time
                                                      (MsTimelineEvent     *self);
gint64               ms_timeline_event_get_sequence   (MsTimelineEvent     *self);
void                 ms_timeline_event_set_sequence   (MsTimelineEvent     *self,
                                                       gint64               sequence);
char                *ms_timeline_event_format_time    (MsTimelineEvent     *self);
void                 ms_timeline_event_to_json        (MsTimelineEvent     *self,
                                                       JsonBuilder         *builder);

G_END_DECLS
