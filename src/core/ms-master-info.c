/* ms-master-info.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-master-info"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-enum-types.h"
#include "ms-error.h"
#include "ms-json.h"
#include "ms-master-info.h"

/* Longest string field we accept; host names are at most 253 bytes, ids are
 * UUIDs. Anything much longer is garbage or hostile.
 */
#define MAX_FIELD_LEN 1024
/* Nested messages in the protobuf (address, domain) go this deep at most. */
#define MAX_PROTOBUF_DEPTH 4
#define MAX_CAPABILITIES 64

/*
 * MsMasterInfo is what a master publishes about itself in its ZooKeeper
 * member: `MasterInfo` from include/mesos/mesos.proto, in one of three
 * encodings. The fields a person and a client need are normalised here:
 * `address.*` (Mesos >= 0.24) wins over the deprecated `hostname`, `ip` and
 * `port`, and the packed `ip` is decoded as Mesos writes it (MESOS-1201).
 */
struct _MsMasterInfo
{
  GObject            parent_instance;

  MsMasterInfoFormat format;
  char              *id;
  char              *hostname;
  char              *ip;
  guint              port;
  char              *pid;
  char              *version;
  char              *region;
  char              *zone;
  GStrv              capabilities;
  gboolean           has_packed_ip;
  guint32            packed_ip;
};

G_DEFINE_FINAL_TYPE (MsMasterInfo, ms_master_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_ID,
  PROP_HOSTNAME,
  PROP_IP,
  PROP_PORT,
  PROP_PID,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_master_info_finalize (GObject *object)
{
  MsMasterInfo *self = (MsMasterInfo *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->ip, g_free);
  g_clear_pointer (&self->pid, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->zone, g_free);
  g_clear_pointer (&self->capabilities, g_strfreev);

  G_OBJECT_CLASS (ms_master_info_parent_class)->finalize (object);
}

static void
ms_master_info_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsMasterInfo *self = MS_MASTER_INFO (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_HOSTNAME:
      g_value_set_string (value, self->hostname);
      break;

    case PROP_IP:
      g_value_set_string (value, self->ip);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_PID:
      g_value_set_string (value, self->pid);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_master_info_class_init (MsMasterInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_master_info_finalize;
  object_class->get_property = ms_master_info_get_property;

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       MS_TYPE_MASTER_INFO_FORMAT, MS_MASTER_INFO_FORMAT_JSON,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_HOSTNAME] =
    g_param_spec_string ("hostname", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_IP] =
    g_param_spec_string ("ip", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_PID] =
    g_param_spec_string ("pid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_master_info_init (MsMasterInfo *self)
{
}

/**
 * ms_master_info_decode_ip:
 * @packed: MasterInfo's `ip` field
 *
 * Mesos stores the four address bytes in network order and prints them as
 * a host integer; on the little-endian machines masters run on, the first
 * octet is the low byte (127.0.0.1 is 16777343).
 *
 * Returns: (transfer full): the dotted address
 */
char *
ms_master_info_decode_ip (guint32 packed)
{
  return g_strdup_printf ("%u.%u.%u.%u",
                          packed & 0xff,
                          (packed >> 8) & 0xff,
                          (packed >> 16) & 0xff,
                          (packed >> 24) & 0xff);
}

static gboolean
check_text (const char  *what,
            const char  *s,
            gsize        len,
            GError     **error)
{
  if (len > MAX_FIELD_LEN)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("“%s” is longer than %d bytes"), what, MAX_FIELD_LEN);
      return FALSE;
    }

  if (!g_utf8_validate (s, len, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("“%s” is not valid UTF-8"), what);
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    if ((guchar)s[i] < 0x20 || s[i] == 0x7f)
      {
        g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                     _("“%s” contains control characters"), what);
        return FALSE;
      }

  return TRUE;
}

/* Fills the normalised fields once all encodings' raw values are known. */
static gboolean
finish (MsMasterInfo  *self,
        const char    *hostname,
        const char    *address_hostname,
        const char    *address_ip,
        gint64         port,
        gint64         address_port,
        GError       **error)
{
  if (self->id == NULL || self->id[0] == '\0')
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("The master has no id"));
      return FALSE;
    }

  {
    const struct { const char *what; const char *value; } texts[] = {
      { "id", self->id }, { "hostname", hostname }, { "address.hostname", address_hostname },
      { "address.ip", address_ip }, { "pid", self->pid }, { "version", self->version },
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      if (texts[i].value != NULL &&
          !check_text (texts[i].what, texts[i].value, strlen (texts[i].value), error))
        return FALSE;
  }

  if (address_hostname != NULL && address_hostname[0] != '\0')
    self->hostname = g_strdup (address_hostname);
  else if (hostname != NULL && hostname[0] != '\0')
    self->hostname = g_strdup (hostname);

  if (address_ip != NULL && address_ip[0] != '\0')
    self->ip = g_strdup (address_ip);
  else if (self->has_packed_ip && self->packed_ip != 0)
    self->ip = ms_master_info_decode_ip (self->packed_ip);

  if (address_port > 0)
    self->port = address_port;
  else if (port > 0)
    self->port = port;

  if (self->hostname == NULL && self->ip == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("The master publishes neither a host name nor an address"));
      return FALSE;
    }

  if (self->port == 0 || self->port > 65535)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("The master publishes no valid port"));
      return FALSE;
    }

  return TRUE;
}

/**
 * ms_master_info_new_from_json:
 * @data: the content of a `json.info_NNNNNNNNNN` member
 *
 * Returns: (transfer full): a new #MsMasterInfo, or %NULL with @error set to
 *   %MS_ERROR_INVALID_DATA naming what is wrong
 */
MsMasterInfo *
ms_master_info_new_from_json (const char  *data,
                              gsize        len,
                              GError     **error)
{
  g_autoptr(MsMasterInfo) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) caps = NULL;
  JsonObject *object;
  JsonObject *address;
  JsonObject *domain;
  JsonArray *capabilities;
  GError *local_error = NULL;
  const char *id = NULL;
  const char *hostname = NULL;
  const char *pid = NULL;
  const char *version = NULL;
  const char *address_hostname = NULL;
  const char *address_ip = NULL;
  gint64 port = 0;
  gint64 address_port = 0;
  gint64 packed_ip = -1;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MS_MASTER_INFO_MAX_SIZE)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("MasterInfo is too large (%llu bytes)"), (unsigned long long) len);
      return NULL;
    }

  if (!(root = ms_json_parse (data, len, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("MasterInfo JSON is not an object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!ms_json_get_string (object, "id", TRUE, MAX_FIELD_LEN, &id, error) ||
      !ms_json_get_string (object, "hostname", FALSE, MAX_FIELD_LEN, &hostname, error) ||
      !ms_json_get_string (object, "pid", FALSE, MAX_FIELD_LEN, &pid, error) ||
      !ms_json_get_string (object, "version", FALSE, MAX_FIELD_LEN, &version, error) ||
      !ms_json_get_int (object, "port", FALSE, 0, 65535, &port, error) ||
      !ms_json_get_int (object, "ip", FALSE, 0, G_MAXUINT32, &packed_ip, error))
    return NULL;

  address = ms_json_get_object (object, "address", &local_error);
  if (local_error == NULL && address != NULL)
    {
      if (!ms_json_get_string (address, "hostname", FALSE, MAX_FIELD_LEN,
                               &address_hostname, &local_error) ||
          !ms_json_get_string (address, "ip", FALSE, MAX_FIELD_LEN,
                               &address_ip, &local_error) ||
          !ms_json_get_int (address, "port", FALSE, 0, 65535, &address_port, &local_error))
        g_prefix_error (&local_error, "address: ");
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  self = g_object_new (MS_TYPE_MASTER_INFO, NULL);
  self->format = MS_MASTER_INFO_FORMAT_JSON;

  domain = ms_json_get_object (object, "domain", NULL);
  if (domain != NULL)
    {
      JsonObject *fault = ms_json_get_object (domain, "fault_domain", NULL);
      JsonObject *region = fault ? ms_json_get_object (fault, "region", NULL) : NULL;
      JsonObject *zone = fault ? ms_json_get_object (fault, "zone", NULL) : NULL;
      const char *name = NULL;

      /* The domain is informative: a malformed one is dropped, not fatal. */
      if (region != NULL && ms_json_get_string (region, "name", FALSE, MAX_FIELD_LEN, &name, NULL))
        self->region = g_strdup (name);
      if (zone != NULL && ms_json_get_string (zone, "name", FALSE, MAX_FIELD_LEN, &name, NULL))
        self->zone = g_strdup (name);
    }

  capabilities = ms_json_get_array (object, "capabilities", NULL);
  caps = g_ptr_array_new_with_free_func (g_free);
  if (capabilities != NULL)
    {
      guint n = MIN (json_array_get_length (capabilities), MAX_CAPABILITIES);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *cap = json_array_get_element (capabilities, i);
          const char *type = NULL;

          /* New capability names appear in newer masters: keep them all. */
          if (JSON_NODE_HOLDS_OBJECT (cap) &&
              ms_json_get_string (json_node_get_object (cap), "type", FALSE,
                                  MAX_FIELD_LEN, &type, NULL) &&
              type != NULL)
            g_ptr_array_add (caps, g_strdup (type));
        }
    }
  g_ptr_array_add (caps, NULL);
  self->capabilities = (GStrv)g_ptr_array_free (g_steal_pointer (&caps), FALSE);

  self->id = g_strdup (id);
  self->pid = g_strdup (pid);
  self->version = g_strdup (version);
  if (packed_ip >= 0)
    {
      self->has_packed_ip = TRUE;
      self->packed_ip = (guint32)packed_ip;
    }

  if (!finish (self, hostname, address_hostname, address_ip, port, address_port, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* A bounded reader for the protobuf wire format: just what MasterInfo uses. */
typedef struct
{
  const guint8 *p;
  const guint8 *end;
} PbReader;

static gboolean
pb_read_varint (PbReader  *r,
                guint64   *value,
                GError   **error)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 b;

      if (r->p >= r->end)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                       _("Truncated protobuf (in a varint)"));
          return FALSE;
        }
      b = *r->p++;
      v |= (guint64)(b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }

  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Invalid protobuf varint"));
  return FALSE;
}

/* Reads the next field's key and, for length-delimited fields, its bytes. */
static gboolean
pb_next (PbReader      *r,
         guint         *field,
         guint         *wire_type,
         guint64       *varint,
         PbReader      *sub,
         GError       **error)
{
  guint64 key;
  guint64 len;

  if (!pb_read_varint (r, &key, error))
    return FALSE;

  *field = key >> 3;
  *wire_type = key & 7;

  if (*field == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Invalid protobuf field number 0"));
      return FALSE;
    }

  switch (*wire_type)
    {
    case 0:
      return pb_read_varint (r, varint, error);

    case 1:
    case 5:
      len = *wire_type == 1 ? 8 : 4;
      if ((guint64)(r->end - r->p) < len)
        break;
      r->p += len;
      return TRUE;

    case 2:
      if (!pb_read_varint (r, &len, error))
        return FALSE;
      if ((guint64)(r->end - r->p) < len)
        break;
      sub->p = r->p;
      sub->end = r->p + len;
      r->p += len;
      return TRUE;

    default:
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("Unsupported protobuf wire type %u"), *wire_type);
      return FALSE;
    }

  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Truncated protobuf field %u"), *field);
  return FALSE;
}

static char *
pb_dup_string (const char  *what,
               PbReader    *sub,
               GError     **error)
{
  gsize len = sub->end - sub->p;

  if (!check_text (what, (const char *)sub->p, len, error))
    return NULL;

  return g_strndup ((const char *)sub->p, len);
}

static gboolean
pb_expect (const char  *what,
           guint        wire_type,
           guint        expected,
           GError     **error)
{
  if (wire_type == expected)
    return TRUE;

  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
               _("Protobuf field “%s” has the wrong wire type"), what);
  return FALSE;
}

/* DomainInfo { FaultDomain fault_domain = 1 { RegionInfo region = 1 { name = 1 },
 * ZoneInfo zone = 2 { name = 1 } } }: reads the name at @path of field numbers.
 */
static char *
pb_read_nested_name (PbReader     r,
                     const guint *path,
                     guint        depth,
                     GError     **error)
{
  while (r.p < r.end)
    {
      PbReader sub = { 0 };
      guint field, wire_type;
      guint64 varint;

      if (!pb_next (&r, &field, &wire_type, &varint, &sub, error))
        return NULL;

      if (field == path[0] && wire_type == 2)
        {
          if (depth == 1)
            return pb_dup_string ("domain", &sub, error);
          return pb_read_nested_name (sub, path + 1, depth - 1, error);
        }
    }

  return NULL;
}

/**
 * ms_master_info_new_from_protobuf:
 * @data: the content of an `info_NNNNNNNNNN` member (Mesos < 0.24)
 *
 * Decodes the few MasterInfo fields we show straight from the wire format.
 *
 * Returns: (transfer full): a new #MsMasterInfo, or %NULL with @error set
 */
MsMasterInfo *
ms_master_info_new_from_protobuf (const guint8  *data,
                                  gsize          len,
                                  GError       **error)
{
  g_autoptr(MsMasterInfo) self = NULL;
  g_autofree char *hostname = NULL;
  g_autofree char *address_hostname = NULL;
  g_autofree char *address_ip = NULL;
  g_autoptr(GPtrArray) caps = NULL;
  PbReader r = { data, data + len };
  gint64 port = 0;
  gint64 address_port = 0;
  gboolean has_ip = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MS_MASTER_INFO_MAX_SIZE)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("MasterInfo is too large (%llu bytes)"), (unsigned long long) len);
      return NULL;
    }

  self = g_object_new (MS_TYPE_MASTER_INFO, NULL);
  self->format = MS_MASTER_INFO_FORMAT_PROTOBUF;
  caps = g_ptr_array_new_with_free_func (g_free);

  while (r.p < r.end)
    {
      PbReader sub = { 0 };
      guint field, wire_type;
      guint64 varint = 0;

      if (!pb_next (&r, &field, &wire_type, &varint, &sub, error))
        return NULL;

      switch (field)
        {
        case 1: /* required string id */
          if (!pb_expect ("id", wire_type, 2, error))
            return NULL;
          g_free (self->id);
          if (!(self->id = pb_dup_string ("id", &sub, error)))
            return NULL;
          break;

        case 2: /* required uint32 ip */
          if (!pb_expect ("ip", wire_type, 0, error))
            return NULL;
          if (varint > G_MAXUINT32)
            {
              g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("“ip” is out of range"));
              return NULL;
            }
          self->packed_ip = varint;
          self->has_packed_ip = TRUE;
          has_ip = TRUE;
          break;

        case 3: /* required uint32 port */
          if (!pb_expect ("port", wire_type, 0, error))
            return NULL;
          if (varint == 0 || varint > 65535)
            {
              g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("“port” is out of range"));
              return NULL;
            }
          port = varint;
          break;

        case 4: /* optional string pid */
          if (!pb_expect ("pid", wire_type, 2, error))
            return NULL;
          g_free (self->pid);
          if (!(self->pid = pb_dup_string ("pid", &sub, error)))
            return NULL;
          break;

        case 5: /* optional string hostname */
          if (!pb_expect ("hostname", wire_type, 2, error))
            return NULL;
          g_free (hostname);
          if (!(hostname = pb_dup_string ("hostname", &sub, error)))
            return NULL;
          break;

        case 6: /* optional string version */
          if (!pb_expect ("version", wire_type, 2, error))
            return NULL;
          g_free (self->version);
          if (!(self->version = pb_dup_string ("version", &sub, error)))
            return NULL;
          break;

        case 7: /* optional Address address { hostname = 1; ip = 2; port = 3 } */
          if (!pb_expect ("address", wire_type, 2, error))
            return NULL;
          while (sub.p < sub.end)
            {
              PbReader s2 = { 0 };
              guint f2, w2;
              guint64 v2 = 0;

              if (!pb_next (&sub, &f2, &w2, &v2, &s2, error))
                return NULL;
              if (f2 == 1 && w2 == 2)
                {
                  g_free (address_hostname);
                  if (!(address_hostname = pb_dup_string ("address.hostname", &s2, error)))
                    return NULL;
                }
              else if (f2 == 2 && w2 == 2)
                {
                  g_free (address_ip);
                  if (!(address_ip = pb_dup_string ("address.ip", &s2, error)))
                    return NULL;
                }
              else if (f2 == 3 && w2 == 0)
                {
                  /* int32 port: negative values are 10-byte varints */
                  if (v2 == 0 || v2 > 65535)
                    {
                      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                                   _("“address.port” is out of range"));
                      return NULL;
                    }
                  address_port = v2;
                }
            }
          break;

        case 8: /* optional DomainInfo domain */
          {
            static const guint region_path[] = { 1, 1, 1 };
            static const guint zone_path[] = { 1, 2, 1 };

            if (!pb_expect ("domain", wire_type, 2, error))
              return NULL;
            g_free (self->region);
            g_free (self->zone);
            self->region = pb_read_nested_name (sub, region_path, 3, NULL);
            self->zone = pb_read_nested_name (sub, zone_path, 3, NULL);
          }
          break;

        case 9: /* repeated Capability capabilities { Type type = 1 } */
          if (wire_type == 2 && caps->len < MAX_CAPABILITIES)
            {
              static const char * const names[] = { "UNKNOWN", "AGENT_UPDATE",
                                                     "AGENT_DRAINING", "QUOTA_V2" };
              PbReader s2 = sub;

              while (s2.p < s2.end)
                {
                  PbReader s3 = { 0 };
                  guint f3, w3;
                  guint64 v3 = 0;

                  if (!pb_next (&s2, &f3, &w3, &v3, &s3, error))
                    return NULL;
                  if (f3 == 1 && w3 == 0)
                    g_ptr_array_add (caps, v3 < G_N_ELEMENTS (names)
                                             ? g_strdup (names[v3])
                                             : g_strdup_printf ("%" G_GUINT64_FORMAT, v3));
                }
            }
          break;

        default:
          /* Unknown fields from newer masters are skipped, as protobuf does. */
          break;
        }
    }

  if (self->id == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("“id” is missing"));
      return NULL;
    }
  if (!has_ip)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("“ip” is missing"));
      return NULL;
    }
  /* `port` is required with [default = 5050]: absent on the wire means 5050. */
  if (port == 0)
    port = 5050;

  g_ptr_array_add (caps, NULL);
  self->capabilities = (GStrv)g_ptr_array_free (g_steal_pointer (&caps), FALSE);

  if (!finish (self, hostname, address_hostname, address_ip, port, address_port, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ms_master_info_new_from_pid:
 * @data: the content of an unlabelled member: `master@ip:port`
 *
 * Returns: (transfer full): a new #MsMasterInfo whose id is the pid itself,
 *   or %NULL with @error set
 */
MsMasterInfo *
ms_master_info_new_from_pid (const char  *data,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(MsMasterInfo) self = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *host = NULL;
  const char *at;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MAX_FIELD_LEN || memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("Expected a process id such as master@10.0.0.1:5050"));
      return NULL;
    }

  pid = g_strstrip (g_strndup (data, len));
  if (!check_text ("pid", pid, strlen (pid), error))
    return NULL;

  at = strchr (pid, '@');
  colon = at ? strrchr (at, ':') : NULL;

  if (at == NULL || at == pid || colon == NULL || colon == at + 1)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("Expected a process id such as master@10.0.0.1:5050"));
      return NULL;
    }

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("The process id “%s” has an invalid port"), pid);
      return NULL;
    }

  host = g_strndup (at + 1, colon - (at + 1));
  for (const char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_' && *p != ':')
      {
        g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
                     _("The process id “%s” has an invalid host"), pid);
        return NULL;
      }

  self = g_object_new (MS_TYPE_MASTER_INFO, NULL);
  self->format = MS_MASTER_INFO_FORMAT_PID;
  self->id = g_strdup (pid);
  self->pid = g_steal_pointer (&pid);
  self->capabilities = g_new0 (char *, 1);

  if (!finish (self, NULL, NULL, host, 0, port, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ms_master_info_new_for_label:
 * @label: (nullable): the member's label: `json.info`, `info` or %NULL
 *
 * Decodes a member's data by its label, as Mesos' detector does
 * (src/master/detector/zookeeper.cpp).
 */
MsMasterInfo *
ms_master_info_new_for_label (const char    *label,
                              const guint8  *data,
                              gsize          len,
                              GError       **error)
{
  if (label == NULL)
    return ms_master_info_new_from_pid ((const char *)data, len, error);

  if (strcmp (label, "json.info") == 0)
    return ms_master_info_new_from_json ((const char *)data, len, error);

  if (strcmp (label, "info") == 0)
    return ms_master_info_new_from_protobuf (data, len, error);

  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA,
               _("Unknown member label “%s”"), label);
  return NULL;
}

MsMasterInfoFormat
ms_master_info_get_format (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), 0);

  return self->format;
}

const char *
ms_master_info_get_id (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->id;
}

/**
 * ms_master_info_get_hostname:
 *
 * Returns: (nullable): `address.hostname`, else the deprecated `hostname`
 */
const char *
ms_master_info_get_hostname (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->hostname;
}

/**
 * ms_master_info_get_ip:
 *
 * Returns: (nullable): `address.ip`, else the decoded packed `ip`
 */
const char *
ms_master_info_get_ip (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->ip;
}

guint
ms_master_info_get_port (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), 0);

  return self->port;
}

const char *
ms_master_info_get_pid (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->pid;
}

const char *
ms_master_info_get_version (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->version;
}

const char *
ms_master_info_get_region (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->region;
}

const char *
ms_master_info_get_zone (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->zone;
}

const char * const *
ms_master_info_get_capabilities (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return (const char * const *)self->capabilities;
}

/**
 * ms_master_info_get_connect_host:
 *
 * The address to reach the master at. The IP wins over the host name,
 * which often does not resolve outside the cluster (cloud-internal names).
 */
const char *
ms_master_info_get_connect_host (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->ip ? self->ip : self->hostname;
}

/**
 * ms_master_info_get_display_host:
 *
 * The name people know the master by: the host name, else the IP.
 */
const char *
ms_master_info_get_display_host (MsMasterInfo *self)
{
  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  return self->hostname ? self->hostname : self->ip;
}

/**
 * ms_master_info_dup_endpoint:
 *
 * Returns: (transfer full): `host:port` for people (`[v6]:port` for IPv6)
 */
char *
ms_master_info_dup_endpoint (MsMasterInfo *self)
{
  const char *host;

  g_return_val_if_fail (MS_IS_MASTER_INFO (self), NULL);

  host = ms_master_info_get_display_host (self);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, self->port);

  return g_strdup_printf ("%s:%u", host, self->port);
}

/**
 * ms_master_info_equal:
 *
 * Two infos are the same master process when id, address and port agree
 * (a restarted master gets a new id).
 */
gboolean
ms_master_info_equal (MsMasterInfo *a,
                      MsMasterInfo *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->hostname, b->hostname) == 0 &&
         g_strcmp0 (a->ip, b->ip) == 0 &&
         a->port == b->port;
}

/**
 * ms_master_info_to_json:
 * @builder: a builder inside an object
 *
 * Adds the info's members to the object @builder is building.
 */
void
ms_master_info_to_json (MsMasterInfo *self,
                        JsonBuilder  *builder)
{
  static const char * const formats[] = { "json", "protobuf", "pid" };

  g_return_if_fail (MS_IS_MASTER_INFO (self));
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  if (self->hostname)
    {
      json_builder_set_member_name (builder, "hostname");
      json_builder_add_string_value (builder, self->hostname);
    }
  if (self->ip)
    {
      json_builder_set_member_name (builder, "ip");
      json_builder_add_string_value (builder, self->ip);
    }
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  if (self->pid)
    {
      json_builder_set_member_name (builder, "pid");
      json_builder_add_string_value (builder, self->pid);
    }
  if (self->version)
    {
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, self->version);
    }
  if (self->region || self->zone)
    {
      json_builder_set_member_name (builder, "domain");
      json_builder_begin_object (builder);
      if (self->region)
        {
          json_builder_set_member_name (builder, "region");
          json_builder_add_string_value (builder, self->region);
        }
      if (self->zone)
        {
          json_builder_set_member_name (builder, "zone");
          json_builder_add_string_value (builder, self->zone);
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, formats[self->format]);
}
