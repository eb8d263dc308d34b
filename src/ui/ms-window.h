/* ms-window.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <adwaita.h>

#include "ms-cluster.h"
#include "ms-leader-detector.h"
#include "ms-operator-client.h"
#include "ms-timeline.h"

G_BEGIN_DECLS

#define MS_TYPE_WINDOW (ms_window_get_type ())

G_DECLARE_FINAL_TYPE (MsWindow, ms_window, MS, WINDOW, AdwApplicationWindow)

MsWindow         *ms_window_new              (AdwApplication  *application);
gboolean          ms_window_open_url         (MsWindow        *self,
                                              const char      *url,
                                              GError         **error);
void              ms_window_show_page        (MsWindow        *self,
                                              const char      *page);
MsCluster        *ms_window_get_cluster      (MsWindow        *self);
MsTimeline       *ms_window_get_timeline     (MsWindow        *self);
MsLeaderDetector *ms_window_get_detector     (MsWindow        *self);
GtkWidget        *ms_window_get_auth_dialog  (MsWindow        *self);
GtkWidget        *ms_window_get_table        (MsWindow        *self,
                                              const char      *page);
const char       *ms_window_get_leader_text  (MsWindow        *self);
const char       *ms_window_get_url_error    (MsWindow        *self);
gboolean          ms_window_get_tls_unverified (MsWindow      *self);
void              ms_window_set_search       (MsWindow        *self,
                                              const char      *text);
gboolean          ms_window_save_screenshot  (MsWindow        *self,
                                              const char      *path,
                                              GError         **error);

G_END_DECLS
