/* ms-sim-master.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-sim-master"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <zookeeper/zookeeper.h>

#include "ms-recordio.h"
#include "ms-sim-acls.h"
#include "ms-sim-master.h"
#include "ms-zk-source.h"

/*
 * MsSimMaster is one simulated Mesos master. It joins the master group in
 * ZooKeeper exactly as a Mesos 1.x master does (src/master/contender/
 * zookeeper.cpp, src/zookeeper/group.cpp): its own session, the group path
 * created if missing, a persistent `log_replicas` child with the replica's
 * own ephemeral member, and an EPHEMERAL|SEQUENCE `json.info_` member whose
 * data is the compact, key-sorted MasterInfo JSON stout writes.
 *
 * It can leave cleanly (session closed: the member goes at once) or crash
 * (the process stops answering: no more pings, so the member lingers until
 * the server expires the session).
 */
struct _MsSimMaster
{
  GObject           parent_instance;

  MsZkUrl          *url;
  guint             index;
  char             *hostname;
  int               session_timeout_ms;

  MsSimMasterState  state;
  char             *id;
  SoupServer       *server;
  guint             port;
  zhandle_t        *zh;
  GSource          *zk_source;
  guint             generation;
  char             *member;
  GPtrArray        *pending_paths;
  GPtrArray        *zombies;

  /* The operator API */
  MsSimWorld       *world;
  double            heartbeat_s;
  GHashTable       *credentials;   /* principal → secret */
  MsSimAcls        *acls;
  gboolean          leading;
  char             *leader_host;
  guint             leader_port;
  gint64            recovered_at;
  gboolean          stalled;
  GTlsCertificate  *tls_certificate;
  guint             dribble_bytes;
  guint             dribble_id;
  GPtrArray        *subscribers;   /* SoupServerMessage* */
  GPtrArray        *held;          /* requests never answered while stalled */
  guint             heartbeat_id;
};

G_DEFINE_FINAL_TYPE (MsSimMaster, ms_sim_master, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MEMBER,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  MsSimMaster *self;
  guint        generation;
} Request;

static Request *
request_new (MsSimMaster *self)
{
  Request *req = g_new0 (Request, 1);

  req->self = self;
  req->generation = self->generation;

  return req;
}

static gboolean
request_is_current (const Request *req,
                    int            rc)
{
  return rc != ZCLOSING && req->generation == req->self->generation;
}

static void create_next_path (MsSimMaster *self);

static void
set_state (MsSimMaster      *self,
           MsSimMasterState  state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
fail (MsSimMaster *self,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
fail (MsSimMaster *self,
      const char  *format,
      ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (G_IO_ERROR, G_IO_ERROR_FAILED, format, args);
  va_end (args);

  g_signal_emit (self, signals[FAILED], 0, error);
}

/* ACLs as Mesos makes them (src/zookeeper/authentication.cpp): world may
 * read, the creator may do everything; without credentials, open.
 */
static struct ACL_vector *
group_acl (MsSimMaster *self)
{
  static struct ACL acl[2];
  static struct ACL_vector everyone_read_creator_all = { 2, acl };

  if (ms_zk_url_get_credentials (self->url) == NULL)
    return &ZOO_OPEN_ACL_UNSAFE;

  /* ZOO_PERM_* are extern constants: fill the table at run time. */
  acl[0].perms = ZOO_PERM_READ;
  acl[0].id.scheme = (char *)"world";
  acl[0].id.id = (char *)"anyone";
  acl[1].perms = ZOO_PERM_ALL;
  acl[1].id.scheme = (char *)"auth";
  acl[1].id.id = (char *)"";

  return &everyone_read_creator_all;
}

/* MasterInfo as stout's JSON::protobuf writes it: compact, keys sorted. */
char *
ms_sim_master_dup_info_json (MsSimMaster *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *pid = NULL;
  static const char * const capabilities[] = { "AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2" };

  g_return_val_if_fail (MS_IS_SIM_MASTER (self), NULL);

  pid = g_strdup_printf ("master@127.0.0.1:%u", self->port);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hostname");
  json_builder_add_string_value (builder, self->hostname);
  json_builder_set_member_name (builder, "ip");
  json_builder_add_string_value (builder, "127.0.0.1");
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "capabilities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (capabilities); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, capabilities[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "hostname");
  json_builder_add_string_value (builder, self->hostname);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  /* 127.0.0.1 in network byte order read as a little-endian integer. */
  json_builder_set_member_name (builder, "ip");
  json_builder_add_int_value (builder, 16777343);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_string_value (builder, pid);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, MS_SIM_MESOS_VERSION);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static void
member_created (int         rc,
                const char *value,
                const void *data)
{
  g_autofree Request *req = (Request *)data;
  MsSimMaster *self = req->self;
  const char *slash;

  if (!request_is_current (req, rc))
    return;

  if (rc != ZOK)
    {
      fail (self, "master %u: cannot create its group member: %s", self->index, zerror (rc));
      return;
    }

  slash = strrchr (value, '/');
  g_free (self->member);
  self->member = g_strdup (slash ? slash + 1 : value);
  g_debug ("master %u joined as %s", self->index, self->member);

  set_state (self, MS_SIM_MASTER_RUNNING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

static void
replica_created (int         rc,
                 const char *value,
                 const void *data)
{
  g_autofree Request *req = (Request *)data;
  MsSimMaster *self = req->self;
  g_autofree char *member = NULL;
  g_autofree char *info = NULL;
  int ret;

  if (!request_is_current (req, rc))
    return;

  if (rc != ZOK)
    g_debug ("master %u: log replica member: %s", self->index, zerror (rc));

  /* The contender joins with label "json.info" and the JSON MasterInfo. */
  member = g_strdup_printf ("%s/json.info_", ms_zk_url_get_path (self->url));
  info = ms_sim_master_dup_info_json (self);
  ret = zoo_acreate (self->zh, member, info, strlen (info), group_acl (self),
                     ZOO_EPHEMERAL | ZOO_SEQUENCE, member_created, request_new (self));
  if (ret != ZOK)
    fail (self, "master %u: zoo_acreate: %s", self->index, zerror (ret));
}

static void
path_created (int         rc,
              const char *value,
              const void *data)
{
  g_autofree Request *req = (Request *)data;

  if (!request_is_current (req, rc))
    return;

  if (rc != ZOK && rc != ZNODEEXISTS)
    {
      fail (req->self, "master %u: cannot create the group path: %s",
            req->self->index, zerror (rc));
      return;
    }

  create_next_path (req->self);
}

/* Creates each missing component of the group path, then log_replicas,
 * one request after the other.
 */
static void
create_next_path (MsSimMaster *self)
{
  g_autofree char *path = NULL;
  int rc;

  if (self->pending_paths->len == 0)
    {
      g_autofree char *replica = NULL;
      g_autofree char *replica_pid = NULL;

      /* The replicated log's group: unlabelled ephemeral sequential members
       * holding the replica's pid.
       */
      replica = g_strdup_printf ("%s/log_replicas/", ms_zk_url_get_path (self->url));
      replica_pid = g_strdup_printf ("log-replica(1)@127.0.0.1:%u", self->port);
      rc = zoo_acreate (self->zh, replica, replica_pid, strlen (replica_pid),
                        group_acl (self), ZOO_EPHEMERAL | ZOO_SEQUENCE,
                        replica_created, request_new (self));
      if (rc != ZOK)
        fail (self, "master %u: zoo_acreate: %s", self->index, zerror (rc));
      return;
    }

  path = g_ptr_array_steal_index (self->pending_paths, 0);
  rc = zoo_acreate (self->zh, path, "", 0, group_acl (self), 0, path_created, request_new (self));
  if (rc != ZOK)
    fail (self, "master %u: zoo_acreate %s: %s", self->index, path, zerror (rc));
}

static void
session_watcher (zhandle_t  *zh,
                 int         type,
                 int         state,
                 const char *path,
                 void       *ctx)
{
  MsSimMaster *self = ctx;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) prefix = NULL;
  const char *credentials;

  if (type != ZOO_SESSION_EVENT || zh != self->zh)
    return;

  if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE)
    {
      /* A real master aborts when it loses its session. */
      fail (self, "master %u: ZooKeeper session %s", self->index,
            state == ZOO_EXPIRED_SESSION_STATE ? "expired" : "authentication failed");
      return;
    }

  if (state != ZOO_CONNECTED_STATE || self->state != MS_SIM_MASTER_STARTING ||
      self->pending_paths->len > 0 || self->member != NULL)
    return;

  credentials = ms_zk_url_get_credentials (self->url);
  if (credentials != NULL)
    zoo_add_auth (zh, "digest", credentials, strlen (credentials), NULL, NULL);

  /* Every parent of the group path, then log_replicas. */
  parts = g_strsplit (ms_zk_url_get_path (self->url) + 1, "/", -1);
  prefix = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_string_append_printf (prefix, "/%s", parts[i]);
      g_ptr_array_add (self->pending_paths, g_strdup (prefix->str));
    }
  g_ptr_array_add (self->pending_paths,
                   g_strdup_printf ("%s/log_replicas", ms_zk_url_get_path (self->url)));

  create_next_path (self);
}



/* The operator API, answered as Mesos' Master::Http::api does
 * (src/master/http.cpp): authentication first (401), then leadership (307
 * to the leader with a scheme-less Location, or 503), then recovery (503),
 * method (405), content type (400/415), body (400), Accept (406) and the
 * call type (501).
 */

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type ? content_type : "text/plain; charset=utf-8",
                                      SOUP_MEMORY_COPY, body, strlen (body));
}

/* Authenticated: the principal, if any (none without credentials). */
static gboolean
authorized (MsSimMaster        *self,
            SoupServerMessage  *msg,
            char              **principal)
{
  const char *header;
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  const char *colon;
  const char *secret;
  gsize len;

  if (self->credentials == NULL)
    return TRUE;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                         "Authorization");
  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;

  decoded = g_base64_decode (header + 6, &len);
  text = g_strndup ((const char *)decoded, len);
  colon = strchr (text, ':');
  if (colon == NULL)
    return FALSE;
  text[colon - text] = '\0';
  secret = g_hash_table_lookup (self->credentials, text);
  if (secret == NULL || !g_str_equal (secret, colon + 1))
    return FALSE;
  *principal = g_strdup (text);

  return TRUE;
}

/* libprocess' acceptsMediaType: application/json, application/(any) and
 * wildcard select JSON; an absent header too.
 */
static gboolean
accepts_json (const char *accept)
{
  g_auto(GStrv) ranges = NULL;

  if (accept == NULL)
    return TRUE;

  ranges = g_strsplit (accept, ",", -1);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_autofree char *range = g_strstrip (g_strdup (ranges[i]));
      char *params = strchr (range, ';');

      if (params != NULL)
        *params = '\0';
      g_strstrip (range);
      if (g_ascii_strcasecmp (range, "application/json") == 0 ||
          g_ascii_strcasecmp (range, "application/*") == 0 ||
          g_ascii_strcasecmp (range, "*/*") == 0)
        return TRUE;
    }

  return FALSE;
}

static void
on_held_disconnected (SoupServerMessage *msg,
                      MsSimMaster       *self)
{
  g_signal_handlers_disconnect_by_data (msg, self);
  g_ptr_array_remove_fast (self->held, msg);
}

/* Accepted, never answered: a hung master. @handler serves it once the
 * master resumes.
 */
static void
hold (MsSimMaster        *self,
      SoupServerMessage  *msg,
      SoupServerCallback  handler)
{
  soup_server_message_pause (msg);
  g_object_set_data (G_OBJECT (msg), "ms-sim-held-handler", handler);
  g_ptr_array_add (self->held, g_object_ref (msg));
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_held_disconnected), self);
}

/* A master that resumes (@serve) serves what it held, as a process that was
 * frozen does with the requests queued in its sockets; a stopping one
 * drops them.
 */
static void
release_held (MsSimMaster *self,
              gboolean     serve)
{
  g_autoptr(GPtrArray) held = g_steal_pointer (&self->held);

  /* A handler may hold its request again (no world yet): a new array. */
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (held, i);
      SoupServerCallback handler = g_object_get_data (G_OBJECT (msg), "ms-sim-held-handler");

      g_signal_handlers_disconnect_by_data (msg, self);
      if (serve)
        {
          /* Unpaused first: the handler sees the request as on arrival and
           * sets its answer before the loop writes anything.
           */
          soup_server_message_unpause (msg);
          handler (self->server, msg, g_uri_get_path (soup_server_message_get_uri (msg)), NULL,
                   self);
        }
    }
}

#define DRIBBLE_TICK_MS 10

/* A dribbling master (the `dribble` command) sends its streams a few bytes
 * per tick, as over a congested link; what waits is kept per stream.
 */
static gboolean
dribble_tick (gpointer data)
{
  MsSimMaster *self = data;
  gboolean more = FALSE;

  if (self->stalled)
    return G_SOURCE_CONTINUE;

  for (guint i = 0; i < self->subscribers->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->subscribers, i);
      GByteArray *pending = g_object_get_data (G_OBJECT (msg), "ms-sim-pending");
      gsize n;

      if (pending == NULL || pending->len == 0)
        continue;
      n = self->dribble_bytes ? MIN (self->dribble_bytes, pending->len) : pending->len;
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                pending->data, n);
      soup_server_message_unpause (msg);
      g_byte_array_remove_range (pending, 0, n);
      more |= pending->len > 0;
    }

  /* Nothing waits: stop ticking (stream_append() starts again). */
  if (!more)
    {
      self->dribble_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
stream_append (MsSimMaster       *self,
               SoupServerMessage *msg,
               const char        *data,
               gsize              len)
{
  GByteArray *pending = g_object_get_data (G_OBJECT (msg), "ms-sim-pending");

  if (self->dribble_bytes == 0 && (pending == NULL || pending->len == 0))
    {
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                data, len);
      soup_server_message_unpause (msg);
      return;
    }

  if (pending == NULL)
    {
      pending = g_byte_array_new ();
      g_object_set_data_full (G_OBJECT (msg), "ms-sim-pending", pending,
                              (GDestroyNotify)g_byte_array_unref);
    }
  g_byte_array_append (pending, (const guint8 *)data, len);

  if (self->dribble_id == 0)
    {
      self->dribble_id = g_timeout_add (DRIBBLE_TICK_MS, dribble_tick, self);
      g_source_set_name_by_id (self->dribble_id, "[mesoscope-sim] dribble");
    }
}

static void
stream_record (MsSimMaster       *self,
               SoupServerMessage *msg,
               const char        *record)
{
  g_autoptr(GBytes) framed = ms_recordio_encode (record, -1);

  stream_append (self, msg, g_bytes_get_data (framed, NULL), g_bytes_get_size (framed));
}

static void
on_subscriber_gone (SoupServerMessage *msg,
                    MsSimMaster       *self)
{
  g_debug ("master %u: a subscriber left", self->index);
  g_ptr_array_remove (self->subscribers, msg);
}

static gboolean
send_heartbeats (gpointer data)
{
  MsSimMaster *self = data;

  if (!self->stalled)
    for (guint i = 0; i < self->subscribers->len; i++)
      stream_record (self, g_ptr_array_index (self->subscribers, i), "{\"type\":\"HEARTBEAT\"}");

  return G_SOURCE_CONTINUE;
}

static void
subscribe (MsSimMaster       *self,
           SoupServerMessage *msg)
{
  g_autofree char *state = ms_sim_world_dup_state_json (self->world, "SUBSCRIBED");
  g_autoptr(GString) subscribed = g_string_new ("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":");
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char interval[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (subscribed, state);
  g_string_append (subscribed, ",\"heartbeat_interval_seconds\":");
  g_ascii_formatd (interval, sizeof interval, "%.1f", self->heartbeat_s);
  g_string_append (subscribed, interval);
  g_string_append (subscribed, "}}");

  /* The message content type, not application/recordio; chunked. */
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* A stream that runs for hours: each chunk is dropped once written. (Kept,
   * the response grew by every byte sent and finding the next chunk to
   * write walked all of them.) */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  /* Listed first: a dribbling master sends what waits to its subscribers. */
  g_ptr_array_add (self->subscribers, g_object_ref (msg));
  stream_record (self, msg, subscribed->str);
  stream_record (self, msg, "{\"type\":\"HEARTBEAT\"}");

  g_signal_connect_object (msg, "finished", G_CALLBACK (on_subscriber_gone), self, 0);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (on_subscriber_gone), self, 0);

  if (self->heartbeat_id == 0)
    {
      self->heartbeat_id = g_timeout_add ((guint)(self->heartbeat_s * 1000), send_heartbeats, self);
      g_source_set_name_by_id (self->heartbeat_id, "[mesoscope-sim] heartbeat");
    }
}

static const char * const known_calls[] = {
  "UNKNOWN", "GET_HEALTH", "GET_FLAGS", "GET_VERSION", "GET_METRICS", "GET_LOGGING_LEVEL",
  "SET_LOGGING_LEVEL", "LIST_FILES", "READ_FILE", "GET_STATE", "GET_AGENTS", "GET_FRAMEWORKS",
  "GET_EXECUTORS", "GET_OPERATIONS", "GET_TASKS", "GET_ROLES", "GET_WEIGHTS", "UPDATE_WEIGHTS",
  "GET_MASTER", "SUBSCRIBE", "RESERVE_RESOURCES", "UNRESERVE_RESOURCES", "CREATE_VOLUMES",
  "DESTROY_VOLUMES", "GROW_VOLUME", "SHRINK_VOLUME", "GET_MAINTENANCE_STATUS",
  "GET_MAINTENANCE_SCHEDULE", "UPDATE_MAINTENANCE_SCHEDULE", "START_MAINTENANCE",
  "STOP_MAINTENANCE", "DRAIN_AGENT", "DEACTIVATE_AGENT", "REACTIVATE_AGENT", "GET_QUOTA",
  "UPDATE_QUOTA", "SET_QUOTA", "REMOVE_QUOTA", "TEARDOWN", "MARK_AGENT_GONE",
};

static gboolean
is_known_call (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_calls); i++)
    if (g_str_equal (type, known_calls[i]))
      return TRUE;

  return FALSE;
}

static void
answer_call (MsSimMaster       *self,
             SoupServerMessage *msg,
             const char        *type,
             const char        *principal)
{
  g_autofree char *body = NULL;

  if (g_str_equal (type, "SUBSCRIBE"))
    {
      subscribe (self, msg);
      return;
    }

  if (g_str_equal (type, "GET_HEALTH"))
    body = g_strdup ("{\"type\":\"GET_HEALTH\",\"get_health\":{\"healthy\":true}}");
  else if (g_str_equal (type, "GET_VERSION"))
    body = g_strdup ("{\"type\":\"GET_VERSION\",\"get_version\":{\"version_info\":{\"version\":\""
                     MS_SIM_MESOS_VERSION "\",\"build_date\":\"2026-11-25 00:00:00\","
                     "\"build_time\":1795564800.0,\"build_user\":\"mesoscope-sim\"}}}");
  else if (g_str_equal (type, "GET_MASTER"))
    {
      g_autofree char *info = ms_sim_master_dup_info_json (self);

      body = g_strdup_printf ("{\"type\":\"GET_MASTER\",\"get_master\":{\"master_info\":%s,"
                              "\"start_time\":%.6f,\"elected_time\":%.6f}}",
                              info, g_get_real_time () / 1e6, self->recovered_at / 1e6);
    }
  else if (g_str_equal (type, "GET_FLAGS") && !ms_sim_acls_allows_view_flags (self->acls, principal))
    {
      /* As Mesos: 403 and no body. */
      respond (msg, SOUP_STATUS_FORBIDDEN, NULL, NULL);
      return;
    }
  else if (g_str_equal (type, "GET_FLAGS"))
    body = g_strdup_printf ("{\"type\":\"GET_FLAGS\",\"get_flags\":{\"flags\":["
                            "{\"name\":\"max_completed_frameworks\",\"value\":\"%u\"},"
                            "{\"name\":\"max_completed_tasks_per_framework\",\"value\":\"%u\"},"
                            "{\"name\":\"zk_session_timeout\",\"value\":\"10secs\"}]}}",
                            ms_sim_world_get_workload (self->world)->max_completed_frameworks,
                            ms_sim_world_get_workload (self->world)->max_completed_tasks);
  else if (g_str_equal (type, "GET_METRICS"))
    body = ms_sim_world_dup_metrics_json (self->world);
  else if (g_str_equal (type, "GET_STATE") || g_str_equal (type, "GET_AGENTS") ||
           g_str_equal (type, "GET_FRAMEWORKS") || g_str_equal (type, "GET_TASKS"))
    body = ms_sim_world_dup_state_json (self->world, type);

  if (body == NULL)
    {
      respond (msg, SOUP_STATUS_NOT_IMPLEMENTED, NULL,
               "mesoscope-sim does not implement this call");
      return;
    }

  respond (msg, SOUP_STATUS_OK, "application/json", body);
}

static void
handle_api (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  MsSimMaster *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  const char *content_type;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) body = NULL;
  JsonNode *root;
  const char *type = NULL;
  g_autofree char *principal = NULL;

  if (self->stalled || self->world == NULL)
    {
      hold (self, msg, handle_api);
      return;
    }

  if (!authorized (self, msg, &principal))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"mesos-master-readwrite\"");
      respond (msg, SOUP_STATUS_UNAUTHORIZED, NULL, NULL);
      return;
    }

  if (!self->leading)
    {
      if (self->leader_host != NULL)
        {
          g_autofree char *location = g_strdup_printf ("//%s:%u/api/v1", self->leader_host,
                                                       self->leader_port);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Location", location);
          respond (msg, SOUP_STATUS_TEMPORARY_REDIRECT, NULL, NULL);
        }
      else
        {
          respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, "No leader elected");
        }
      return;
    }

  if (g_get_monotonic_time () < self->recovered_at)
    {
      respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, "Master has not finished recovery");
      return;
    }

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL,
               "Expecting a 'POST' request");
      return;
    }

  /* A plain string comparison, as Mesos does: parameters are refused. */
  content_type = soup_message_headers_get_one (headers, "Content-Type");
  if (content_type == NULL)
    {
      respond (msg, SOUP_STATUS_BAD_REQUEST, NULL, "Expecting 'Content-Type' to be present");
      return;
    }
  if (strcmp (content_type, "application/json") != 0)
    {
      respond (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL,
               strcmp (content_type, "application/x-protobuf") == 0
                 ? "mesoscope-sim speaks JSON only"
                 : "Expecting 'Content-Type' of application/json or application/x-protobuf");
      return;
    }

  body = soup_message_body_flatten (request);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond (msg, SOUP_STATUS_BAD_REQUEST, NULL, "Failed to parse body into JSON");
      return;
    }
  if (json_object_has_member (json_node_get_object (root), "type") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (json_node_get_object (root), "type")) &&
      json_node_get_value_type (json_object_get_member (json_node_get_object (root), "type")) == G_TYPE_STRING)
    type = json_object_get_string_member (json_node_get_object (root), "type");
  /* An unknown enum name is dropped by the protobuf parser: "no type". */
  if (type == NULL || !is_known_call (type))
    {
      respond (msg, SOUP_STATUS_BAD_REQUEST, NULL,
               "Failed to validate master::Call: Expecting 'type' to be present");
      return;
    }

  if (!accepts_json (soup_message_headers_get_one (headers, "Accept")))
    {
      respond (msg, SOUP_STATUS_NOT_ACCEPTABLE, NULL,
               "Expecting 'Accept' to allow application/json or application/x-protobuf");
      return;
    }

  if (g_str_equal (type, "UNKNOWN"))
    {
      respond (msg, SOUP_STATUS_NOT_IMPLEMENTED, NULL, "Unknown call type");
      return;
    }

  answer_call (self, msg, type, principal);
}

/* GET /master/redirect: 307 to the leader's base URL, or 503. */
static void
handle_redirect (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  MsSimMaster *self = user_data;
  const char *leader_host = self->leading ? self->hostname : self->leader_host;
  guint leader_port = self->leading ? self->port : self->leader_port;

  if (self->stalled)
    {
      hold (self, msg, handle_redirect);
      return;
    }

  if (leader_host == NULL)
    {
      respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, "No leader elected");
      return;
    }

  {
    g_autofree char *location = g_strdup_printf ("//%s:%u", leader_host, leader_port);

    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                  location);
    respond (msg, SOUP_STATUS_TEMPORARY_REDIRECT, NULL, NULL);
  }
}

static void
handle_health (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  MsSimMaster *self = user_data;

  if (self->stalled)
    {
      hold (self, msg, handle_health);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
end_streams (MsSimMaster *self)
{
  g_autoptr(GPtrArray) subscribers = g_steal_pointer (&self->subscribers);

  self->subscribers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < subscribers->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (subscribers, i);

      g_signal_handlers_disconnect_by_data (msg, self);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
    }
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->dribble_id, g_source_remove);
}

static gboolean
start_http (MsSimMaster  *self,
            GError      **error)
{
  g_autoslist(GUri) uris = NULL;

  if (self->server != NULL)
    return TRUE;

  self->server = soup_server_new ("server-header", "mesoscope-sim ",
                                  "tls-certificate", self->tls_certificate, NULL);
  soup_server_add_handler (self->server, "/api/v1", handle_api, self, NULL);
  soup_server_add_handler (self->server, "/master/redirect", handle_redirect, self, NULL);
  soup_server_add_handler (self->server, "/redirect", handle_redirect, self, NULL);
  soup_server_add_handler (self->server, "/health", handle_health, self, NULL);
  soup_server_add_handler (self->server, "/master/health", handle_health, self, NULL);

  if (!soup_server_listen_local (self->server, self->port,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY |
                                   (self->tls_certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                                 error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);

  return TRUE;
}

/* A stopped master's port refuses connections. */
static void
stop_http (MsSimMaster *self)
{
  end_streams (self);
  release_held (self, FALSE);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  self->stalled = FALSE;
}

void
ms_sim_master_set_world (MsSimMaster *self,
                         MsSimWorld  *world,
                         double       heartbeat_s,
                         GHashTable  *credentials,
                         MsSimAcls   *acls)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  g_set_object (&self->world, world);
  self->heartbeat_s = heartbeat_s;
  g_clear_pointer (&self->credentials, g_hash_table_unref);
  if (credentials != NULL)
    self->credentials = g_hash_table_ref (credentials);
  g_clear_pointer (&self->acls, ms_sim_acls_unref);
  if (acls != NULL)
    self->acls = ms_sim_acls_ref (acls);
}

/**
 * ms_sim_master_set_leadership:
 * @leading: whether this master leads
 * @leader_host: (nullable): where the leader is, as it advertises itself
 * @recovery_ms: a new leader answers 503 this long while "recovering"
 */
void
ms_sim_master_set_leadership (MsSimMaster *self,
                              gboolean     leading,
                              const char  *leader_host,
                              guint        leader_port,
                              guint        recovery_ms)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  if (leading && !self->leading)
    self->recovered_at = g_get_monotonic_time () + (gint64)recovery_ms * 1000;
  if (!leading && self->leading)
    end_streams (self);

  self->leading = leading;
  g_free (self->leader_host);
  self->leader_host = g_strdup (leader_host);
  self->leader_port = leader_port;
}

/**
 * ms_sim_master_broadcast:
 * @record: an event, sent to every subscriber as one RecordIO record
 */
void
ms_sim_master_broadcast (MsSimMaster *self,
                         const char  *record)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  if (self->stalled)
    return;

  for (guint i = 0; i < self->subscribers->len; i++)
    stream_record (self, g_ptr_array_index (self->subscribers, i), record);
}

/**
 * ms_sim_master_send_raw:
 *
 * Sends bytes as they are to every subscriber (bad input on purpose).
 */
void
ms_sim_master_send_raw (MsSimMaster *self,
                        const char  *bytes,
                        gsize        len)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  for (guint i = 0; i < self->subscribers->len; i++)
    stream_append (self, g_ptr_array_index (self->subscribers, i), bytes, len);
}

/**
 * ms_sim_master_cut_streams:
 *
 * Ends every stream in the middle of a record.
 */
void
ms_sim_master_cut_streams (MsSimMaster *self)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  ms_sim_master_send_raw (self, "20\n{\"type\":\"HEAR", 16);
  end_streams (self);
}

/**
 * ms_sim_master_set_stalled:
 *
 * A stalled master accepts connections and never answers; its streams
 * fall silent (no heartbeats, no events) but stay open.
 */
void
ms_sim_master_set_stalled (MsSimMaster *self,
                           gboolean     stalled)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  self->stalled = stalled;
  if (!stalled)
    release_held (self, TRUE);
}

/**
 * ms_sim_master_set_tls_certificate:
 * @certificate: (nullable): serve HTTPS with it from the next start on
 */
void
ms_sim_master_set_tls_certificate (MsSimMaster     *self,
                                   GTlsCertificate *certificate)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  g_set_object (&self->tls_certificate, certificate);
}

/**
 * ms_sim_master_set_dribble:
 * @bytes_per_tick: bytes each stream gets every 10 ms, or 0 for all at once
 *
 * Slows the master's streams down to a trickle (a congested or lossy
 * link): the snapshot and the events after it arrive a few bytes at a time.
 */
void
ms_sim_master_set_dribble (MsSimMaster *self,
                           guint        bytes_per_tick)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  self->dribble_bytes = bytes_per_tick;
}

guint
ms_sim_master_get_n_subscribers (MsSimMaster *self)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), 0);

  return self->subscribers->len;
}

static void
close_session (MsSimMaster *self)
{
  self->generation++;

  if (self->zk_source != NULL)
    {
      g_source_destroy (self->zk_source);
      g_clear_pointer (&self->zk_source, g_source_unref);
    }
  if (self->zh != NULL)
    {
      zookeeper_close (self->zh);
      self->zh = NULL;
    }
  g_ptr_array_set_size (self->pending_paths, 0);
}

static void
ms_sim_master_dispose (GObject *object)
{
  MsSimMaster *self = (MsSimMaster *)object;

  close_session (self);
  for (guint i = 0; i < self->zombies->len; i++)
    zookeeper_close (g_ptr_array_index (self->zombies, i));
  g_ptr_array_set_size (self->zombies, 0);
  stop_http (self);

  G_OBJECT_CLASS (ms_sim_master_parent_class)->dispose (object);
}

static void
ms_sim_master_finalize (GObject *object)
{
  MsSimMaster *self = (MsSimMaster *)object;

  g_clear_pointer (&self->url, ms_zk_url_free);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->member, g_free);
  g_clear_pointer (&self->pending_paths, g_ptr_array_unref);
  g_clear_pointer (&self->zombies, g_ptr_array_unref);
  g_clear_pointer (&self->subscribers, g_ptr_array_unref);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->credentials, g_hash_table_unref);
  g_clear_pointer (&self->acls, ms_sim_acls_unref);
  g_clear_pointer (&self->leader_host, g_free);
  g_clear_object (&self->world);
  g_clear_object (&self->tls_certificate);

  G_OBJECT_CLASS (ms_sim_master_parent_class)->finalize (object);
}

static void
ms_sim_master_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MsSimMaster *self = MS_SIM_MASTER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_MEMBER:
      g_value_set_string (value, self->member);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_sim_master_class_init (MsSimMasterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_sim_master_dispose;
  object_class->finalize = ms_sim_master_finalize;
  object_class->get_property = ms_sim_master_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      MS_SIM_MASTER_STOPPED, MS_SIM_MASTER_CRASHED, MS_SIM_MASTER_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MEMBER] =
    g_param_spec_string ("member", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsSimMaster::failed:
   * @error: what went wrong
   *
   * The master could not join the group or lost its session.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ms_sim_master_init (MsSimMaster *self)
{
  self->pending_paths = g_ptr_array_new_with_free_func (g_free);
  self->zombies = g_ptr_array_new ();
  self->subscribers = g_ptr_array_new_with_free_func (g_object_unref);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->heartbeat_s = 15;
}

MsSimMaster *
ms_sim_master_new (const MsZkUrl *url,
                   guint          index,
                   const char    *hostname,
                   int            session_timeout_ms)
{
  MsSimMaster *self;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (hostname != NULL, NULL);

  self = g_object_new (MS_TYPE_SIM_MASTER, NULL);
  self->url = ms_zk_url_copy (url);
  self->index = index;
  self->hostname = g_strdup (hostname);
  self->session_timeout_ms = session_timeout_ms;

  return self;
}

/**
 * ms_sim_master_start:
 *
 * Starts the master's HTTP server on a free loopback port and joins the
 * group. A restarted master is a new process for Mesos: new id, new member
 * with a higher sequence.
 */
gboolean
ms_sim_master_start (MsSimMaster  *self,
                     GError      **error)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), FALSE);

  if (self->state == MS_SIM_MASTER_STARTING || self->state == MS_SIM_MASTER_RUNNING)
    return TRUE;

  if (self->state == MS_SIM_MASTER_CRASHED)
    ms_sim_master_stop (self);

  if (!start_http (self, error))
    return FALSE;

  g_clear_pointer (&self->id, g_free);
  self->id = g_uuid_string_random ();
  g_clear_pointer (&self->member, g_free);

  self->generation++;
  self->zh = zookeeper_init2 (ms_zk_url_get_servers (self->url), session_watcher,
                              self->session_timeout_ms, NULL, self, 0, ms_zk_source_log);
  if (self->zh == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "master %u: cannot open a ZooKeeper session: %s",
                   self->index, g_strerror (errno));
      return FALSE;
    }

  self->zk_source = ms_zk_source_new (self->zh, NULL, NULL, NULL);
  g_source_attach (self->zk_source, g_main_context_get_thread_default ());

  set_state (self, MS_SIM_MASTER_STARTING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);

  return TRUE;
}

/**
 * ms_sim_master_stop:
 *
 * Stops cleanly: the session is closed, so ZooKeeper removes the member at
 * once and watchers see it go.
 */
void
ms_sim_master_stop (MsSimMaster *self)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  /* A crashed master's old handle is left alone: its session expires on
   * the server as a dead process's would.
   */
  close_session (self);
  stop_http (self);
  self->leading = FALSE;

  g_clear_pointer (&self->member, g_free);
  set_state (self, MS_SIM_MASTER_STOPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

/**
 * ms_sim_master_crash:
 *
 * Simulates a crashed or frozen master: the ZooKeeper handle is no longer
 * driven (no pings, the socket stays open), so the member stays until the
 * server expires the session.
 */
void
ms_sim_master_crash (MsSimMaster *self)
{
  g_return_if_fail (MS_IS_SIM_MASTER (self));

  if (self->state != MS_SIM_MASTER_RUNNING && self->state != MS_SIM_MASTER_STARTING)
    return;

  self->generation++;
  if (self->zk_source != NULL)
    {
      g_source_destroy (self->zk_source);
      g_clear_pointer (&self->zk_source, g_source_unref);
    }
  if (self->zh != NULL)
    g_ptr_array_add (self->zombies, g_steal_pointer (&self->zh));
  /* The process is frozen: connections are accepted by the kernel and
   * never answered; open streams fall silent.
   */
  ms_sim_master_set_stalled (self, TRUE);

  set_state (self, MS_SIM_MASTER_CRASHED);
}

guint
ms_sim_master_get_index (MsSimMaster *self)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), 0);

  return self->index;
}

MsSimMasterState
ms_sim_master_get_state (MsSimMaster *self)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), 0);

  return self->state;
}

const char *
ms_sim_master_get_id (MsSimMaster *self)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), NULL);

  return self->id;
}

guint
ms_sim_master_get_port (MsSimMaster *self)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), 0);

  return self->port;
}

/**
 * ms_sim_master_get_member:
 *
 * Returns: (nullable): the member's znode name, e.g. `json.info_0000000003`
 */
const char *
ms_sim_master_get_member (MsSimMaster *self)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), NULL);

  return self->member;
}

/**
 * ms_sim_master_get_zk_connected:
 *
 * Returns: whether the master's ZooKeeper session is connected now (not
 *   while its client looks for a server, nor once it stopped)
 */
gboolean
ms_sim_master_get_zk_connected (MsSimMaster *self)
{
  g_return_val_if_fail (MS_IS_SIM_MASTER (self), FALSE);

  return self->zh != NULL && zoo_state (self->zh) == ZOO_CONNECTED_STATE;
}

const char *
ms_sim_master_state_to_string (MsSimMasterState state)
{
  switch (state)
    {
    case MS_SIM_MASTER_STOPPED:
      return "stopped";
    case MS_SIM_MASTER_STARTING:
      return "starting";
    case MS_SIM_MASTER_RUNNING:
      return "running";
    case MS_SIM_MASTER_CRASHED:
      return "crashed";
    default:
      return "?";
    }
}
