/* ms-timeline.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-timeline"

#include "config.h"

#include "ms-timeline.h"

#define DEFAULT_MAX_EVENTS 2000

/*
 * MsTimeline is the history of what Mesoscope saw happen, oldest first, as
 * a GListModel. It is bounded: a monitor left open for weeks must not grow
 * without end, so the oldest events are dropped first.
 */
struct _MsTimeline
{
  GObject    parent_instance;

  GPtrArray *events;
  guint      max_events;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsTimeline, ms_timeline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MAX_EVENTS,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
ms_timeline_get_item_type (GListModel *model)
{
  return MS_TYPE_TIMELINE_EVENT;
}

static guint
ms_timeline_get_n_items (GListModel *model)
{
  return MS_TIMELINE (model)->events->len;
}

static gpointer
ms_timeline_get_item (GListModel *model,
                      guint       position)
{
  MsTimeline *self = MS_TIMELINE (model);

  if (position >= self->events->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->events, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_timeline_get_item_type;
  iface->get_n_items = ms_timeline_get_n_items;
  iface->get_item = ms_timeline_get_item;
}

static void
ms_timeline_finalize (GObject *object)
{
  MsTimeline *self = (MsTimeline *)object;

  g_clear_pointer (&self->events, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_timeline_parent_class)->finalize (object);
}

static void
ms_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MsTimeline *self = MS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MAX_EVENTS:
      g_value_set_uint (value, self->max_events);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->events->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MsTimeline *self = MS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MAX_EVENTS:
      self->max_events = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_timeline_class_init (MsTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_timeline_finalize;
  object_class->get_property = ms_timeline_get_property;
  object_class->set_property = ms_timeline_set_property;

  properties[PROP_MAX_EVENTS] =
    g_param_spec_uint ("max-events", NULL, NULL, 1, G_MAXUINT, DEFAULT_MAX_EVENTS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_timeline_init (MsTimeline *self)
{
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_events = DEFAULT_MAX_EVENTS;
}

/**
 * ms_timeline_new:
 * @max_events: how many events to keep, or 0 for the default
 */
MsTimeline *
ms_timeline_new (guint max_events)
{
  return g_object_new (MS_TYPE_TIMELINE,
                       "max-events", max_events ? max_events : DEFAULT_MAX_EVENTS,
                       NULL);
}

guint
ms_timeline_get_max_events (MsTimeline *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE (self), 0);

  return self->max_events;
}

/**
 * ms_timeline_append:
 *
 * Appends @event, dropping the oldest event when the timeline is full.
 */
void
ms_timeline_append (MsTimeline      *self,
                    MsTimelineEvent *event)
{
  guint removed = 0;

  g_return_if_fail (MS_IS_TIMELINE (self));
  g_return_if_fail (MS_IS_TIMELINE_EVENT (event));

  if (self->events->len >= self->max_events)
    {
      removed = self->events->len - self->max_events + 1;
      g_ptr_array_remove_range (self->events, 0, removed);
    }

  g_ptr_array_add (self->events, g_object_ref (event));

  g_debug ("%s: %s", ms_timeline_event_get_kind_nick (event),
           ms_timeline_event_get_message (event));

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->events->len - 1, 0, 1);
  if (removed != 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * ms_timeline_add:
 * @master: (nullable): the master the event is about
 *
 * Records a new event stamped now.
 *
 * Returns: (transfer none): the event
 */
MsTimelineEvent *
ms_timeline_add (MsTimeline          *self,
                 MsTimelineEventKind  kind,
                 MsMasterInfo        *master,
                 const char          *format,
                 ...)
{
  g_autoptr(MsTimelineEvent) event = NULL;
  g_autofree char *message = NULL;
  va_list args;

  g_return_val_if_fail (MS_IS_TIMELINE (self), NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  event = ms_timeline_event_new (kind, master, message);
  ms_timeline_append (self, event);

  return event;
}

/**
 * ms_timeline_get_last:
 *
 * Returns: (transfer none) (nullable): the newest event of @kind
 */
MsTimelineEvent *
ms_timeline_get_last (MsTimeline          *self,
                      MsTimelineEventKind  kind)
{
  g_return_val_if_fail (MS_IS_TIMELINE (self), NULL);

  for (guint i = self->events->len; i > 0; i--)
    {
      MsTimelineEvent *event = g_ptr_array_index (self->events, i - 1);

      if (ms_timeline_event_get_kind (event) == kind)
        return event;
    }

  return NULL;
}
