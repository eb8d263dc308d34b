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
zk_log (const char *message)
{
  g_log ("zookeeper", G_LOG_LEVEL_DEBUG, "%s", message);
}

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

static void
handle_health (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
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
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

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

  if (self->server == NULL)
    {
      g_autoslist(GUri) uris = NULL;

      self->server = soup_server_new ("server-header", "mesoscope-sim ", NULL);
      soup_server_add_handler (self->server, "/health", handle_health, self, NULL);
      soup_server_add_handler (self->server, "/master/health", handle_health, self, NULL);

      if (!soup_server_listen_local (self->server, self->port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
        {
          g_clear_object (&self->server);
          return FALSE;
        }

      uris = soup_server_get_uris (self->server);
      self->port = g_uri_get_port (uris->data);
    }

  g_clear_pointer (&self->id, g_free);
  self->id = g_uuid_string_random ();
  g_clear_pointer (&self->member, g_free);

  self->generation++;
  self->zh = zookeeper_init2 (ms_zk_url_get_servers (self->url), session_watcher,
                              self->session_timeout_ms, NULL, self, 0, zk_log);
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
