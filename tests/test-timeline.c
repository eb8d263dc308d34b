/* test-timeline.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "ms-master-info.h"
#include "ms-timeline.h"

typedef struct
{
  guint calls;
  guint removed;
  guint added;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->calls++;
  changes->removed += removed;
  changes->added += added;
}

static void
test_append_and_bound (void)
{
  g_autoptr(MsTimeline) timeline = ms_timeline_new (3);
  Changes changes = { 0 };
  gint64 last_monotonic = 0;

  g_signal_connect (timeline, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (timeline)) == MS_TYPE_TIMELINE_EVENT);

  for (guint i = 0; i < 5; i++)
    ms_timeline_add (timeline, MS_TIMELINE_EVENT_CANDIDATE_JOINED, NULL, "event %u", i);

  /* Only the newest three are kept, oldest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (timeline)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MsTimelineEvent) event = g_list_model_get_item (G_LIST_MODEL (timeline), i);
      g_autofree char *expected = g_strdup_printf ("event %u", i + 2);

      g_assert_cmpstr (ms_timeline_event_get_message (event), ==, expected);
      g_assert_cmpint (ms_timeline_event_get_monotonic_time (event), >=, last_monotonic);
      last_monotonic = ms_timeline_event_get_monotonic_time (event);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (timeline), 3));
  g_assert_cmpuint (changes.added, ==, 5);
  g_assert_cmpuint (changes.removed, ==, 2);
}

static void
test_get_last (void)
{
  g_autoptr(MsTimeline) timeline = ms_timeline_new (0);
  MsTimelineEvent *event;

  g_assert_null (ms_timeline_get_last (timeline, MS_TIMELINE_EVENT_LEADER_ELECTED));
  ms_timeline_add (timeline, MS_TIMELINE_EVENT_LEADER_ELECTED, NULL, "first");
  ms_timeline_add (timeline, MS_TIMELINE_EVENT_ZK_CONNECTED, NULL, "other");
  ms_timeline_add (timeline, MS_TIMELINE_EVENT_LEADER_ELECTED, NULL, "second");
  event = ms_timeline_get_last (timeline, MS_TIMELINE_EVENT_LEADER_ELECTED);
  g_assert_cmpstr (ms_timeline_event_get_message (event), ==, "second");
}

static void
test_event_json (void)
{
  const char *data = "{\"address\":{\"hostname\":\"m1\",\"ip\":\"10.0.0.1\",\"port\":5050},"
                     "\"id\":\"abc\",\"port\":5050}";
  g_autoptr(MsMasterInfo) info = ms_master_info_new_from_json (data, strlen (data), NULL);
  g_autoptr(MsTimelineEvent) event = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *time = NULL;
  JsonObject *object;

  event = ms_timeline_event_new (MS_TIMELINE_EVENT_LEADER_ELECTED, info, "Leader is m1:5050");
  ms_timeline_event_set_sequence (event, 7);

  g_assert_cmpstr (ms_timeline_event_get_kind_nick (event), ==, "leader-elected");
  time = ms_timeline_event_format_time (event);
  g_assert_true (g_str_has_suffix (time, "Z"));
  g_assert_cmpuint (strlen (time), ==, strlen ("2026-11-25T10:46:28.123Z"));

  json_builder_begin_object (builder);
  ms_timeline_event_to_json (event, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "leader-elected");
  g_assert_cmpint (json_object_get_int_member (object, "sequence"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "master"),
                                                  "ip"), ==, "10.0.0.1");
  g_assert_cmpint (json_object_get_int_member (object, "real_time_us"), ==,
                   ms_timeline_event_get_real_time (event));

  g_assert_finalize_object (g_steal_pointer (&event));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/timeline/append-and-bound", test_append_and_bound);
  g_test_add_func ("/ms/timeline/get-last", test_get_last);
  g_test_add_func ("/ms/timeline/event-json", test_event_json);

  return g_test_run ();
}
