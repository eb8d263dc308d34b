/* ms-timeline-event.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-timeline-event"

#include "config.h"

#include "ms-enum-types.h"
#include "ms-master-info.h"
#include "ms-timeline-event.h"

/*
 * MsTimelineEvent is one thing that happened to the cluster as Mesoscope
 * saw it, stamped with both clocks: wall-clock time for people, monotonic
 * time to measure delays between events.
 */
struct _MsTimelineEvent
{
  GObject              parent_instance;

  MsTimelineEventKind  kind;
  MsMasterInfo        *master;
  char                *message;
  gint64               real_time;
  gint64               monotonic_time;
  gint64               sequence;
};

G_DEFINE_FINAL_TYPE (MsTimelineEvent, ms_timeline_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_MASTER,
  PROP_MESSAGE,
  PROP_REAL_TIME,
  PROP_MONOTONIC_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_timeline_event_finalize (GObject *object)
{
  MsTimelineEvent *self = (MsTimelineEvent *)object;

  g_clear_object (&self->master);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ms_timeline_event_parent_class)->finalize (object);
}

static void
ms_timeline_event_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MsTimelineEvent *self = MS_TIMELINE_EVENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_MASTER:
      g_value_set_object (value, self->master);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_REAL_TIME:
      g_value_set_int64 (value, self->real_time);
      break;

    case PROP_MONOTONIC_TIME:
      g_value_set_int64 (value, self->monotonic_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_timeline_event_class_init (MsTimelineEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_timeline_event_finalize;
  object_class->get_property = ms_timeline_event_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       MS_TYPE_TIMELINE_EVENT_KIND, MS_TIMELINE_EVENT_LEADER_ELECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MASTER] =
    g_param_spec_object ("master", NULL, NULL, MS_TYPE_MASTER_INFO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_REAL_TIME] =
    g_param_spec_int64 ("real-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MONOTONIC_TIME] =
    g_param_spec_int64 ("monotonic-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_timeline_event_init (MsTimelineEvent *self)
{
  self->real_time = g_get_real_time ();
  self->monotonic_time = g_get_monotonic_time ();
  self->sequence = -1;
}

/**
 * ms_timeline_event_new:
 * @master: (nullable): the master the event is about
 * @message: a sentence for people
 *
 * Creates an event stamped with the current time.
 */
MsTimelineEvent *
ms_timeline_event_new (MsTimelineEventKind  kind,
                       MsMasterInfo        *master,
                       const char          *message)
{
  MsTimelineEvent *self;

  g_return_val_if_fail (master == NULL || MS_IS_MASTER_INFO (master), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (MS_TYPE_TIMELINE_EVENT, NULL);
  self->kind = kind;
  self->master = master ? g_object_ref (master) : NULL;
  self->message = g_strdup (message);

  return self;
}

MsTimelineEventKind
ms_timeline_event_get_kind (MsTimelineEvent *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), 0);

  return self->kind;
}

/**
 * ms_timeline_event_get_kind_nick:
 *
 * Returns: the kind as a stable machine-readable name, e.g. `leader-elected`
 */
const char *
ms_timeline_event_get_kind_nick (MsTimelineEvent *self)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), NULL);

  klass = g_type_class_ref (MS_TYPE_TIMELINE_EVENT_KIND);
  value = g_enum_get_value (klass, self->kind);

  return value ? value->value_nick : "unknown";
}

/**
 * ms_timeline_event_get_master:
 *
 * Returns: (transfer none) (nullable): the master the event is about
 */
MsMasterInfo *
ms_timeline_event_get_master (MsTimelineEvent *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), NULL);

  return self->master;
}

const char *
ms_timeline_event_get_message (MsTimelineEvent *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), NULL);

  return self->message;
}

/**
 * ms_timeline_event_get_real_time:
 *
 * Returns: wall-clock time in µs since the epoch
 */
gint64
ms_timeline_event_get_real_time (MsTimelineEvent *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), 0);

  return self->real_time;
}

/**
 * ms_timeline_event_get_monotonic_time:
 *
 * Returns: g_get_monotonic_time() when the event was recorded
 */
gint64
ms_timeline_event_get_monotonic_time (MsTimelineEvent *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), 0);

  return self->monotonic_time;
}

/**
 * ms_timeline_event_get_sequence:
 *
 * Returns: the ZooKeeper sequence of the member concerned, or -1
 */
gint64
ms_timeline_event_get_sequence (MsTimelineEvent *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), -1);

  return self->sequence;
}

void
ms_timeline_event_set_sequence (MsTimelineEvent *self,
                                gint64           sequence)
{
  g_return_if_fail (MS_IS_TIMELINE_EVENT (self));

  self->sequence = sequence;
}

/**
 * ms_timeline_event_format_time:
 *
 * Returns: (transfer full): the wall-clock time as ISO 8601 in UTC with
 *   milliseconds, e.g. `2026-11-25T10:46:28.123Z`
 */
char *
ms_timeline_event_format_time (MsTimelineEvent *self)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (MS_IS_TIMELINE_EVENT (self), NULL);

  dt = g_date_time_new_from_unix_utc (self->real_time / G_USEC_PER_SEC);
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, (int)((self->real_time % G_USEC_PER_SEC) / 1000));
}

/**
 * ms_timeline_event_to_json:
 * @builder: a builder inside an object
 *
 * Adds the event's members to the object @builder is building.
 */
void
ms_timeline_event_to_json (MsTimelineEvent *self,
                           JsonBuilder     *builder)
{
  g_autofree char *time = NULL;

  g_return_if_fail (MS_IS_TIMELINE_EVENT (self));

  time = ms_timeline_event_format_time (self);

  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "real_time_us");
  json_builder_add_int_value (builder, self->real_time);
  json_builder_set_member_name (builder, "monotonic_us");
  json_builder_add_int_value (builder, self->monotonic_time);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, ms_timeline_event_get_kind_nick (self));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, self->message);
  if (self->sequence >= 0)
    {
      json_builder_set_member_name (builder, "sequence");
      json_builder_add_int_value (builder, self->sequence);
    }
  if (self->master != NULL)
    {
      json_builder_set_member_name (builder, "master");
      json_builder_begin_object (builder);
      ms_master_info_to_json (self->master, builder);
      json_builder_end_object (builder);
    }
}
