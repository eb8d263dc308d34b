/* ms-candidate.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-candidate"

#include "config.h"

#include <string.h>

#include "ms-candidate-private.h"
#include "ms-master-info.h"

/*
 * MsCandidate is one member of the master group: the znode name, its
 * sequence, and the MasterInfo read from it (or why it could not be read).
 */
struct _MsCandidate
{
  GObject       parent_instance;

  char         *name;
  char         *label;
  gint64        sequence;
  MsMasterInfo *info;
  char         *error;
  guint         leading : 1;
  guint         loaded : 1;
};

G_DEFINE_FINAL_TYPE (MsCandidate, ms_candidate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_SEQUENCE,
  PROP_INFO,
  PROP_ERROR,
  PROP_LEADING,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_candidate_finalize (GObject *object)
{
  MsCandidate *self = (MsCandidate *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (ms_candidate_parent_class)->finalize (object);
}

static void
ms_candidate_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MsCandidate *self = MS_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_SEQUENCE:
      g_value_set_int64 (value, self->sequence);
      break;

    case PROP_INFO:
      g_value_set_object (value, self->info);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_LEADING:
      g_value_set_boolean (value, self->leading);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_candidate_class_init (MsCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_candidate_finalize;
  object_class->get_property = ms_candidate_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_SEQUENCE] =
    g_param_spec_int64 ("sequence", NULL, NULL, G_MININT32, G_MAXINT32, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL, MS_TYPE_MASTER_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LEADING] =
    g_param_spec_boolean ("leading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_candidate_init (MsCandidate *self)
{
}

/**
 * ms_candidate_parse_name:
 * @name: a child name of the group znode
 * @label: (out) (optional): the label (`json.info`), or %NULL for none
 * @sequence: (out) (optional): the sequence number
 *
 * Splits a member name as Mesos' GroupProcess::cache does: tokens split on
 * `_`; with more than one token the first is the label; the last token must
 * be a number (an int32, as ZooKeeper's sequence is). Anything else, such as
 * `log_replicas`, is not a member.
 *
 * Returns: %TRUE if @name is a group member
 */
gboolean
ms_candidate_parse_name (const char  *name,
                         char       **label,
                         gint64      *sequence)
{
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GPtrArray) nonempty = NULL;
  const char *last;
  gint64 value;

  g_return_val_if_fail (name != NULL, FALSE);

  /* strings::tokenize drops empty tokens. */
  tokens = g_strsplit (name, "_", -1);
  nonempty = g_ptr_array_new ();
  for (guint i = 0; tokens[i] != NULL; i++)
    if (tokens[i][0] != '\0')
      g_ptr_array_add (nonempty, tokens[i]);

  if (nonempty->len == 0)
    return FALSE;

  last = g_ptr_array_index (nonempty, nonempty->len - 1);
  if (!g_ascii_string_to_signed (last, 10, G_MININT32, G_MAXINT32, &value, NULL))
    return FALSE;

  if (label != NULL)
    *label = nonempty->len > 1 ? g_strdup (g_ptr_array_index (nonempty, 0)) : NULL;
  if (sequence != NULL)
    *sequence = value;

  return TRUE;
}

/**
 * ms_candidate_new:
 * @name: a member name (see ms_candidate_parse_name())
 *
 * Returns: (transfer full) (nullable): a candidate, or %NULL if @name is not
 *   a member name
 */
MsCandidate *
ms_candidate_new (const char *name)
{
  g_autofree char *label = NULL;
  MsCandidate *self;
  gint64 sequence;

  g_return_val_if_fail (name != NULL, NULL);

  if (!ms_candidate_parse_name (name, &label, &sequence))
    return NULL;

  self = g_object_new (MS_TYPE_CANDIDATE, NULL);
  self->name = g_strdup (name);
  self->label = g_steal_pointer (&label);
  self->sequence = sequence;

  return self;
}

const char *
ms_candidate_get_name (MsCandidate *self)
{
  g_return_val_if_fail (MS_IS_CANDIDATE (self), NULL);

  return self->name;
}

/**
 * ms_candidate_get_label:
 *
 * Returns: (nullable): `json.info`, `info`, or %NULL for an unlabelled member
 */
const char *
ms_candidate_get_label (MsCandidate *self)
{
  g_return_val_if_fail (MS_IS_CANDIDATE (self), NULL);

  return self->label;
}

gint64
ms_candidate_get_sequence (MsCandidate *self)
{
  g_return_val_if_fail (MS_IS_CANDIDATE (self), 0);

  return self->sequence;
}

/**
 * ms_candidate_get_info:
 *
 * Returns: (transfer none) (nullable): the master's info once read and valid
 */
MsMasterInfo *
ms_candidate_get_info (MsCandidate *self)
{
  g_return_val_if_fail (MS_IS_CANDIDATE (self), NULL);

  return self->info;
}

/**
 * ms_candidate_get_error:
 *
 * Returns: (nullable): why the member's data could not be used
 */
const char *
ms_candidate_get_error (MsCandidate *self)
{
  g_return_val_if_fail (MS_IS_CANDIDATE (self), NULL);

  return self->error;
}

gboolean
ms_candidate_get_leading (MsCandidate *self)
{
  g_return_val_if_fail (MS_IS_CANDIDATE (self), FALSE);

  return self->leading;
}

/**
 * ms_candidate_get_loaded:
 *
 * Returns: %TRUE once the member's data was read (valid or not)
 */
gboolean
ms_candidate_get_loaded (MsCandidate *self)
{
  g_return_val_if_fail (MS_IS_CANDIDATE (self), FALSE);

  return self->loaded;
}

/**
 * ms_candidate_compare:
 *
 * Orders candidates by sequence, as numbers: the order of succession.
 */
int
ms_candidate_compare (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  gint64 sa = ((const MsCandidate *)a)->sequence;
  gint64 sb = ((const MsCandidate *)b)->sequence;

  return (sa > sb) - (sa < sb);
}

void
_ms_candidate_set_info (MsCandidate  *self,
                        MsMasterInfo *info)
{
  gboolean was_loaded;

  g_return_if_fail (MS_IS_CANDIDATE (self));

  was_loaded = self->loaded;
  self->loaded = TRUE;

  if (g_set_object (&self->info, info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
  if (info != NULL && self->error != NULL)
    {
      g_clear_pointer (&self->error, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (!was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

void
_ms_candidate_set_error (MsCandidate *self,
                         const char  *error)
{
  gboolean was_loaded;

  g_return_if_fail (MS_IS_CANDIDATE (self));

  was_loaded = self->loaded;
  self->loaded = TRUE;

  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (error != NULL && self->info != NULL)
    {
      g_clear_object (&self->info);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
    }
  if (!was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

void
_ms_candidate_set_leading (MsCandidate *self,
                           gboolean     leading)
{
  g_return_if_fail (MS_IS_CANDIDATE (self));

  leading = !!leading;
  if (self->leading != leading)
    {
      self->leading = leading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEADING]);
    }
}
