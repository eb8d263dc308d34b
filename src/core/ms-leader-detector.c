/* ms-leader-detector.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-leader-detector"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <zookeeper/zookeeper.h>

#include "ms-candidate-private.h"
#include "ms-enum-types.h"
#include "ms-error.h"
#include "ms-leader-detector.h"
#include "ms-master-info.h"
#include "ms-timeline.h"
#include "ms-zk-source.h"
#include "ms-zk-url.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 10000

/*
 * MsLeaderDetector follows the Mesos master group in ZooKeeper the way
 * Mesos' own detector does (src/zookeeper/group.cpp, detector.cpp and
 * src/master/detector/zookeeper.cpp): every child whose name ends in a
 * numeric sequence is a member, whatever its label; the member with the
 * lowest sequence, compared as a number, leads; its data is read by label.
 *
 * The children watch is one-shot, so it is re-armed by every listing, and
 * every (re)connection lists again. A member whose data is read only once
 * (masters never rewrite it): its MsCandidate is kept until it leaves.
 *
 * Like Mesos' group code, the session is treated as expired locally when no
 * server could be reached for a whole session timeout: by then the server
 * has expired it anyway, the masters' members may be gone, and showing the
 * last leader as current would be a lie.
 */
struct _MsLeaderDetector
{
  GObject                parent_instance;

  MsZkUrl               *url;
  MsTimeline            *timeline;
  int                    session_timeout_ms;

  zhandle_t             *zh;
  GSource               *zk_source;
  guint                  generation;
  guint                  in_callback;
  gboolean               connected_once;

  MsLeaderDetectorState  state;
  GListStore            *candidates;
  GHashTable            *by_name;
  MsCandidate           *leading;
  MsMasterInfo          *leader;
  gint64                 leader_changed_at;
  GError                *error;
  guint                  pending_reads;
  guint                  pending_lists;
  gboolean               synced;

  guint                  expiry_id;
  guint                  reconnect_id;
  guint                  backoff_ms;
};

G_DEFINE_FINAL_TYPE (MsLeaderDetector, ms_leader_detector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_TIMELINE,
  PROP_SESSION_TIMEOUT,
  PROP_STATE,
  PROP_LEADER,
  PROP_LEADER_CHANGED_AT,
  PROP_CANDIDATES,
  PROP_SYNCED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every asynchronous request carries the session generation it was made
 * in; answers from an older session are dropped.
 */
typedef struct
{
  MsLeaderDetector *self;
  guint             generation;
  char             *name;
} Request;

static Request *
request_new (MsLeaderDetector *self,
             const char       *name)
{
  Request *req = g_new0 (Request, 1);

  req->self = self;
  req->generation = self->generation;
  req->name = g_strdup (name);

  return req;
}

static void
request_free (Request *req)
{
  g_free (req->name);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* An answer is current when the handle that asked is still ours. ZCLOSING
 * answers come from zookeeper_close() itself, possibly during dispose: they
 * must not touch the detector at all.
 */
static gboolean
request_is_current (const Request *req,
                    int            rc)
{
  return rc != ZCLOSING && req->generation == req->self->generation;
}

static void schedule_reconnect (MsLeaderDetector *self);
static void list_children      (MsLeaderDetector *self);

static void
close_handle (zhandle_t *zh)
{
  int rc = zookeeper_close (zh);

  if (rc != ZOK)
    g_debug ("zookeeper_close: %s", zerror (rc));
}

static gboolean
close_handle_idle (gpointer data)
{
  close_handle (data);
  return G_SOURCE_REMOVE;
}

static void
set_state (MsLeaderDetector      *self,
           MsLeaderDetectorState  state)
{
  if (self->state != state)
    {
      g_debug ("state %s → %s",
               ms_leader_detector_state_to_string (self->state),
               ms_leader_detector_state_to_string (state));
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_synced (MsLeaderDetector *self,
            gboolean          synced)
{
  if (self->synced != synced)
    {
      self->synced = synced;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
    }
}

/* Takes @error; NULL clears. */
static void
set_error (MsLeaderDetector *self,
           GError           *error)
{
  if (error == NULL && self->error == NULL)
    return;

  if (error != NULL && self->error != NULL &&
      g_error_matches (error, self->error->domain, self->error->code) &&
      g_strcmp0 (error->message, self->error->message) == 0)
    {
      g_error_free (error);
      return;
    }

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static MsTimelineEvent *
record (MsLeaderDetector    *self,
        MsTimelineEventKind  kind,
        MsMasterInfo        *master,
        gint64               sequence,
        const char          *format,
        ...) G_GNUC_PRINTF (5, 6);

/* Records an event; the sequence is set before anyone sees it. */
static MsTimelineEvent *
record (MsLeaderDetector    *self,
        MsTimelineEventKind  kind,
        MsMasterInfo        *master,
        gint64               sequence,
        const char          *format,
        ...)
{
  g_autoptr(MsTimelineEvent) event = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  event = ms_timeline_event_new (kind, master, message);
  ms_timeline_event_set_sequence (event, sequence);
  ms_timeline_append (self->timeline, event);

  return event;
}

static void
record_error (MsLeaderDetector *self,
              GError           *error)
{
  ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_ZK_ERROR, NULL, "%s", error->message);
  set_error (self, error);
}

/* The leader is the lowest member; it is known once that member's data was
 * read and valid. A leader that left is reported lost at once, even if its
 * successor's data is still being read.
 */
static void
update_leader (MsLeaderDetector *self)
{
  g_autoptr(MsCandidate) first = NULL;
  g_autoptr(MsMasterInfo) old = NULL;
  MsMasterInfo *info = NULL;
  gint64 old_sequence;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->candidates));

  if (n > 0)
    first = g_list_model_get_item (G_LIST_MODEL (self->candidates), 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsCandidate) c = g_list_model_get_item (G_LIST_MODEL (self->candidates), i);

      _ms_candidate_set_leading (c, c == first);
    }

  if (first != NULL)
    info = ms_candidate_get_info (first);

  /* Mesos' detector fails when the leader's data is unusable; so do we,
   * but the other members stay listed.
   */
  if (first != NULL && ms_candidate_get_loaded (first) && info == NULL)
    set_error (self, g_error_new (MS_ERROR, MS_ERROR_INVALID_DATA,
                                  _("The leading member %s has unusable data: %s"),
                                  ms_candidate_get_name (first),
                                  ms_candidate_get_error (first)));
  else if (self->error != NULL && self->error->code == MS_ERROR_INVALID_DATA)
    set_error (self, NULL);

  if (info == self->leader)
    return;

  old_sequence = self->leading ? ms_candidate_get_sequence (self->leading) : -1;
  old = g_steal_pointer (&self->leader);
  self->leader = info ? g_object_ref (info) : NULL;
  g_clear_object (&self->leading);
  if (info != NULL)
    self->leading = g_object_ref (first);
  self->leader_changed_at = g_get_monotonic_time ();

  if (self->leader == NULL)
    {
      g_autofree char *endpoint = ms_master_info_dup_endpoint (old);

      record (self, MS_TIMELINE_EVENT_LEADER_LOST, old, old_sequence,
              _("Leader %s is gone; no successor known yet"), endpoint);
    }
  else
    {
      g_autofree char *endpoint = ms_master_info_dup_endpoint (info);

      if (old != NULL)
        {
          g_autofree char *old_endpoint = ms_master_info_dup_endpoint (old);

          record (self, MS_TIMELINE_EVENT_LEADER_ELECTED, info, ms_candidate_get_sequence (first),
                  _("Leader is now %s (was %s)"), endpoint, old_endpoint);
        }
      else
        {
          record (self, MS_TIMELINE_EVENT_LEADER_ELECTED, info, ms_candidate_get_sequence (first),
                  _("Leader is %s"), endpoint);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEADER_CHANGED_AT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEADER]);
}

static void
update_synced (MsLeaderDetector *self)
{
  set_synced (self, self->pending_lists == 0 && self->pending_reads == 0 &&
                    self->state == MS_LEADER_DETECTOR_STATE_CONNECTED);
}

static void
remove_candidate (MsLeaderDetector *self,
                  MsCandidate      *candidate_,
                  gboolean          announce)
{
  g_autoptr(MsCandidate) candidate = g_object_ref (candidate_);
  guint position;

  if (announce && ms_candidate_get_info (candidate) != NULL)
    {
      MsMasterInfo *info = ms_candidate_get_info (candidate);
      g_autofree char *endpoint = ms_master_info_dup_endpoint (info);

      record (self, MS_TIMELINE_EVENT_CANDIDATE_LEFT, info, ms_candidate_get_sequence (candidate),
              _("Master %s left the group"), endpoint);
    }

  if (g_list_store_find (self->candidates, candidate, &position))
    g_list_store_remove (self->candidates, position);
  g_hash_table_remove (self->by_name, ms_candidate_get_name (candidate));
}

static void
clear_candidates (MsLeaderDetector *self)
{
  g_hash_table_remove_all (self->by_name);
  g_list_store_remove_all (self->candidates);
  self->pending_reads = 0;
  self->pending_lists = 0;
  update_leader (self);
}

static void
data_completion (int          rc,
                 const char  *value,
                 int          value_len,
                 const struct Stat *stat,
                 const void  *data)
{
  g_autoptr(Request) req = (Request *)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMasterInfo) info = NULL;
  MsLeaderDetector *self;
  MsCandidate *candidate;

  if (!request_is_current (req, rc))
    return;

  self = req->self;
  self->in_callback++;
  g_assert (self->pending_reads > 0);
  self->pending_reads--;

  candidate = g_hash_table_lookup (self->by_name, req->name);
  if (candidate == NULL)
    goto out;

  switch (rc)
    {
    case ZOK:
      info = ms_master_info_new_for_label (ms_candidate_get_label (candidate),
                                           (const guint8 *)value,
                                           value_len > 0 ? value_len : 0,
                                           &error);
      if (info != NULL)
        {
          g_autofree char *endpoint = ms_master_info_dup_endpoint (info);

          _ms_candidate_set_info (candidate, info);
          record (self, MS_TIMELINE_EVENT_CANDIDATE_JOINED, info,
                  ms_candidate_get_sequence (candidate),
                  _("Master %s is a candidate (sequence %lld)"),
                  endpoint, (long long) ms_candidate_get_sequence (candidate));
        }
      else
        {
          _ms_candidate_set_error (candidate, error->message);
          record (self, MS_TIMELINE_EVENT_CANDIDATE_INVALID, NULL,
                  ms_candidate_get_sequence (candidate),
                  _("Member %s has unusable data: %s"), req->name, error->message);
        }
      break;

    case ZNONODE:
      /* It left between the listing and the read: a normal transition. */
      g_debug ("member %s vanished before its data was read", req->name);
      remove_candidate (self, candidate, FALSE);
      break;

    case ZNOAUTH:
      _ms_candidate_set_error (candidate, _("Not allowed to read this member"));
      break;

    default:
      /* Connection loss and the like: forget the member; the listing after
       * the reconnection reads it again.
       */
      g_debug ("reading %s failed: %s", req->name, zerror (rc));
      remove_candidate (self, candidate, FALSE);
      break;
    }

  update_leader (self);

out:
  update_synced (self);
  self->in_callback--;
}

static void
update_members (MsLeaderDetector         *self,
                const struct String_vector *strings)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  for (int i = 0; strings != NULL && i < strings->count; i++)
    {
      const char *name = strings->data[i];
      g_autoptr(MsCandidate) candidate = NULL;
      g_autofree char *path = NULL;
      int rc;

      if (!ms_candidate_parse_name (name, NULL, NULL))
        continue;

      g_hash_table_add (listed, (gpointer)name);

      if (g_hash_table_contains (self->by_name, name))
        continue;

      candidate = ms_candidate_new (name);
      g_hash_table_insert (self->by_name, g_strdup (name), g_object_ref (candidate));
      g_list_store_insert_sorted (self->candidates, candidate, ms_candidate_compare, NULL);

      path = g_strdup_printf ("%s/%s", ms_zk_url_get_path (self->url), name);
      rc = zoo_aget (self->zh, path, 0, data_completion, request_new (self, name));
      if (rc == ZOK)
        self->pending_reads++;
      else
        g_debug ("zoo_aget %s: %s", path, zerror (rc));
    }

  g_hash_table_iter_init (&iter, self->by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      g_ptr_array_add (gone, g_object_ref (value));

  for (guint i = 0; i < gone->len; i++)
    remove_candidate (self, g_ptr_array_index (gone, i), TRUE);

  update_leader (self);
}

static void
exists_watcher (zhandle_t  *zh,
                int         type,
                int         state,
                const char *path,
                void       *ctx)
{
  MsLeaderDetector *self = ctx;

  if (type == ZOO_SESSION_EVENT || zh != self->zh)
    return;

  self->in_callback++;
  list_children (self);
  self->in_callback--;
}

static void
exists_completion (int                rc,
                   const struct Stat *stat,
                   const void        *data)
{
  g_autoptr(Request) req = (Request *)data;

  if (!request_is_current (req, rc))
    return;

  /* The path appeared between the listing and this check. */
  if (rc == ZOK)
    {
      req->self->in_callback++;
      list_children (req->self);
      req->self->in_callback--;
    }
}

static void
children_completion (int                         rc,
                     const struct String_vector *strings,
                     const struct Stat          *stat,
                     const void                 *data)
{
  g_autoptr(Request) req = (Request *)data;
  MsLeaderDetector *self;
  const char *path;

  if (!request_is_current (req, rc))
    return;

  self = req->self;
  self->in_callback++;
  if (self->pending_lists > 0)
    self->pending_lists--;
  path = ms_zk_url_get_path (self->url);

  switch (rc)
    {
    case ZOK:
      if (self->error != NULL &&
          (self->error->code == MS_ERROR_ZK_NO_NODE ||
           self->error->code == MS_ERROR_ZK_NOT_AUTHORIZED ||
           self->error->code == MS_ERROR_ZK))
        set_error (self, NULL);
      update_members (self, strings);
      break;

    case ZNONODE:
      clear_candidates (self);
      record_error (self, g_error_new (MS_ERROR, MS_ERROR_ZK_NO_NODE,
                                       _("The path %s does not exist in ZooKeeper: no master "
                                         "has registered there (check the --zk path of the "
                                         "masters)"), path));
      /* Learn when a master creates it. */
      if (zoo_awexists (self->zh, path, exists_watcher, self,
                        exists_completion, request_new (self, NULL)) != ZOK)
        g_debug ("zoo_awexists %s failed", path);
      break;

    case ZNOAUTH:
      clear_candidates (self);
      record_error (self, g_error_new (MS_ERROR, MS_ERROR_ZK_NOT_AUTHORIZED,
                                       self->url != NULL && ms_zk_url_get_user (self->url)
                                         ? _("ZooKeeper does not allow user “%s” to read %s")
                                         : _("ZooKeeper does not allow reading %s%s: give "
                                             "credentials in the URL "
                                             "(zk://user:password@host:port/path)"),
                                       ms_zk_url_get_user (self->url)
                                         ? ms_zk_url_get_user (self->url) : "",
                                       path));
      break;

    case ZCONNECTIONLOSS:
    case ZOPERATIONTIMEOUT:
    case ZSESSIONEXPIRED:
    case ZSESSIONMOVED:
      /* The session watcher handles these; the next connection lists again. */
      g_debug ("listing %s: %s", path, zerror (rc));
      break;

    default:
      record_error (self, g_error_new (MS_ERROR, MS_ERROR_ZK,
                                       _("Cannot list %s in ZooKeeper: %s"), path, zerror (rc)));
      break;
    }

  update_synced (self);
  self->in_callback--;
}

static void
children_watcher (zhandle_t  *zh,
                  int         type,
                  int         state,
                  const char *path,
                  void       *ctx)
{
  MsLeaderDetector *self = ctx;

  /* Session events reach every watcher; only the session watcher acts. */
  if (type == ZOO_SESSION_EVENT || zh != self->zh)
    return;

  self->in_callback++;
  list_children (self);
  self->in_callback--;
}

static void
list_children (MsLeaderDetector *self)
{
  int rc;

  if (self->zh == NULL)
    return;

  rc = zoo_awget_children2 (self->zh, ms_zk_url_get_path (self->url),
                            children_watcher, self,
                            children_completion, request_new (self, NULL));
  if (rc == ZOK)
    self->pending_lists++;
  else
    g_debug ("zoo_awget_children2: %s", zerror (rc));

  update_synced (self);
}

static void
auth_completion (int         rc,
                 const void *data)
{
  g_autoptr(Request) req = (Request *)data;

  if (!request_is_current (req, rc))
    return;

  /* ZAUTHFAILED also arrives as ZOO_AUTH_FAILED_STATE on the session. */
  g_debug ("digest authentication: %s", zerror (rc));
}

static void
teardown_session (MsLeaderDetector *self)
{
  zhandle_t *zh;

  g_clear_handle_id (&self->expiry_id, g_source_remove);

  if (self->zk_source != NULL)
    {
      g_source_destroy (self->zk_source);
      g_clear_pointer (&self->zk_source, g_source_unref);
    }

  self->generation++;
  zh = g_steal_pointer (&self->zh);
  if (zh == NULL)
    return;

  /* zookeeper_close() must not run inside one of the handle's callbacks. */
  if (self->in_callback > 0)
    g_idle_add_full (G_PRIORITY_HIGH, close_handle_idle, zh, NULL);
  else
    close_handle (zh);
}

static void
forget_group (MsLeaderDetector *self)
{
  clear_candidates (self);
  set_synced (self, FALSE);
}

static void
handle_expired (MsLeaderDetector *self,
                const char       *message)
{
  teardown_session (self);
  set_state (self, MS_LEADER_DETECTOR_STATE_EXPIRED);
  ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_ZK_EXPIRED, NULL, "%s", message);
  forget_group (self);
  schedule_reconnect (self);
}

static void
handle_auth_failed (MsLeaderDetector *self)
{
  teardown_session (self);
  set_state (self, MS_LEADER_DETECTOR_STATE_AUTH_FAILED);
  forget_group (self);
  record_error (self, g_error_new (MS_ERROR, MS_ERROR_ZK_AUTH_FAILED,
                                   _("ZooKeeper rejected the credentials of user “%s”"),
                                   ms_zk_url_get_user (self->url)));
}

static gboolean
expiry_timeout (gpointer data)
{
  MsLeaderDetector *self = data;
  g_autofree char *message = NULL;

  self->expiry_id = 0;

  if (!self->connected_once)
    {
      /* Never connected: keep trying, but say so. */
      set_error (self, g_error_new (MS_ERROR, MS_ERROR_TIMED_OUT,
                                    _("No ZooKeeper server answered at %s within %d ms"),
                                    ms_zk_url_get_servers (self->url),
                                    self->session_timeout_ms));
      return G_SOURCE_REMOVE;
    }

  message = g_strdup_printf (_("No ZooKeeper server answered within the session timeout "
                               "(%d ms): the session is treated as expired"),
                             self->session_timeout_ms);
  handle_expired (self, message);

  return G_SOURCE_REMOVE;
}

static void
arm_expiry (MsLeaderDetector *self,
            int               timeout_ms)
{
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  self->expiry_id = g_timeout_add_full (G_PRIORITY_HIGH, MAX (timeout_ms, 1),
                                        expiry_timeout, self, NULL);
  g_source_set_name_by_id (self->expiry_id, "[mesoscope] ZooKeeper session expiry");
}

static void
session_watcher (zhandle_t  *zh,
                 int         type,
                 int         state,
                 const char *path,
                 void       *ctx)
{
  MsLeaderDetector *self = ctx;

  if (type != ZOO_SESSION_EVENT || zh != self->zh)
    return;

  self->in_callback++;

  if (state == ZOO_CONNECTED_STATE || state == ZOO_READONLY_STATE)
    {
      const char *server = zoo_get_current_server (zh);
      gboolean first = !self->connected_once;

      g_clear_handle_id (&self->expiry_id, g_source_remove);
      self->connected_once = TRUE;
      self->backoff_ms = 0;
      if (self->error != NULL &&
          (self->error->code == MS_ERROR_TIMED_OUT ||
           self->error->code == MS_ERROR_ZK_SESSION_EXPIRED))
        set_error (self, NULL);

      ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_ZK_CONNECTED, NULL,
                       first ? _("Connected to ZooKeeper at %s")
                             : _("Reconnected to ZooKeeper at %s (session kept)"),
                       server ? server : ms_zk_url_get_servers (self->url));

      if (first && ms_zk_url_get_credentials (self->url) != NULL)
        {
          const char *credentials = ms_zk_url_get_credentials (self->url);

          if (zoo_add_auth (zh, "digest", credentials, strlen (credentials),
                            auth_completion, request_new (self, NULL)) != ZOK)
            g_debug ("zoo_add_auth failed");
        }

      set_state (self, MS_LEADER_DETECTOR_STATE_CONNECTED);
      /* Changes may have happened while disconnected: read the group again. */
      list_children (self);
    }
  else if (state == ZOO_CONNECTING_STATE || state == ZOO_ASSOCIATING_STATE)
    {
      if (self->state == MS_LEADER_DETECTOR_STATE_CONNECTED)
        {
          int timeout = zoo_recv_timeout (zh);

          set_state (self, MS_LEADER_DETECTOR_STATE_SUSPENDED);
          set_synced (self, FALSE);
          ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_ZK_DISCONNECTED, NULL,
                           _("Lost the connection to ZooKeeper; reconnecting (the session "
                             "expires after %d ms)"), timeout);
          arm_expiry (self, timeout > 0 ? timeout : self->session_timeout_ms);
        }
    }
  else if (state == ZOO_EXPIRED_SESSION_STATE)
    {
      handle_expired (self, _("The ZooKeeper session expired"));
    }
  else if (state == ZOO_AUTH_FAILED_STATE)
    {
      handle_auth_failed (self);
    }

  self->in_callback--;
}

static gboolean
on_zk_failure (zhandle_t *zh,
               int        rc,
               gpointer   user_data)
{
  MsLeaderDetector *self = user_data;
  int state = zoo_state (zh);

  if (zh != self->zh)
    return G_SOURCE_REMOVE;

  self->in_callback++;
  if (state == ZOO_AUTH_FAILED_STATE)
    handle_auth_failed (self);
  else
    handle_expired (self, _("The ZooKeeper session expired"));
  self->in_callback--;

  return G_SOURCE_REMOVE;
}

static void
start_session (MsLeaderDetector *self)
{
  g_autofree char *url = NULL;

  g_assert (self->zh == NULL);

  url = ms_zk_url_to_string (self->url);
  g_debug ("opening a ZooKeeper session for %s", url);

  self->generation++;
  self->connected_once = FALSE;
  self->zh = zookeeper_init2 (ms_zk_url_get_servers (self->url), session_watcher,
                              self->session_timeout_ms, NULL, self, 0, ms_zk_source_log);
  if (self->zh == NULL)
    {
      int saved_errno = errno;

      record_error (self, g_error_new (MS_ERROR, MS_ERROR_ZK,
                                       _("Cannot open a ZooKeeper session for %s: %s"),
                                       ms_zk_url_get_servers (self->url),
                                       g_strerror (saved_errno)));
      schedule_reconnect (self);
      return;
    }

  self->zk_source = ms_zk_source_new (self->zh, on_zk_failure, self, NULL);
  g_source_attach (self->zk_source, g_main_context_get_thread_default ());

  if (self->state != MS_LEADER_DETECTOR_STATE_EXPIRED)
    set_state (self, MS_LEADER_DETECTOR_STATE_CONNECTING);
  arm_expiry (self, self->session_timeout_ms);
}

static gboolean
reconnect_timeout (gpointer data)
{
  MsLeaderDetector *self = data;

  self->reconnect_id = 0;
  start_session (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (MsLeaderDetector *self)
{
  guint delay = self->backoff_ms;

  /* Reconnect at once the first time, then back off up to a cap, with
   * jitter so that many monitors don't hammer a recovering ensemble together.
   */
  self->backoff_ms = CLAMP (self->backoff_ms * 2, BACKOFF_MIN_MS, BACKOFF_MAX_MS);
  if (delay > 0)
    delay = delay / 2 + g_random_int_range (0, delay / 2 + 1);

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay,
                                           reconnect_timeout, self, NULL);
  g_source_set_name_by_id (self->reconnect_id, "[mesoscope] ZooKeeper reconnect");
}

static void
ms_leader_detector_dispose (GObject *object)
{
  MsLeaderDetector *self = (MsLeaderDetector *)object;

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  teardown_session (self);
  if (self->by_name != NULL)
    g_hash_table_remove_all (self->by_name);
  if (self->candidates != NULL)
    g_list_store_remove_all (self->candidates);
  g_clear_object (&self->leading);
  g_clear_object (&self->leader);

  G_OBJECT_CLASS (ms_leader_detector_parent_class)->dispose (object);
}

static void
ms_leader_detector_finalize (GObject *object)
{
  MsLeaderDetector *self = (MsLeaderDetector *)object;

  g_clear_pointer (&self->url, ms_zk_url_free);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_object (&self->candidates);
  g_clear_object (&self->timeline);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ms_leader_detector_parent_class)->finalize (object);
}

static void
ms_leader_detector_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MsLeaderDetector *self = MS_LEADER_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_boxed (value, self->url);
      break;

    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;

    case PROP_SESSION_TIMEOUT:
      g_value_set_int (value, self->session_timeout_ms);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_LEADER:
      g_value_set_object (value, self->leader);
      break;

    case PROP_LEADER_CHANGED_AT:
      g_value_set_int64 (value, self->leader_changed_at);
      break;

    case PROP_CANDIDATES:
      g_value_set_object (value, self->candidates);
      break;

    case PROP_SYNCED:
      g_value_set_boolean (value, self->synced);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_leader_detector_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MsLeaderDetector *self = MS_LEADER_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_boxed (value);
      break;

    case PROP_TIMELINE:
      self->timeline = g_value_dup_object (value);
      break;

    case PROP_SESSION_TIMEOUT:
      ms_leader_detector_set_session_timeout (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_leader_detector_constructed (GObject *object)
{
  MsLeaderDetector *self = (MsLeaderDetector *)object;

  G_OBJECT_CLASS (ms_leader_detector_parent_class)->constructed (object);

  g_assert (self->url != NULL);

  if (self->timeline == NULL)
    self->timeline = ms_timeline_new (0);
}

static void
ms_leader_detector_class_init (MsLeaderDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ms_leader_detector_constructed;
  object_class->dispose = ms_leader_detector_dispose;
  object_class->finalize = ms_leader_detector_finalize;
  object_class->get_property = ms_leader_detector_get_property;
  object_class->set_property = ms_leader_detector_set_property;

  properties[PROP_URL] =
    g_param_spec_boxed ("url", NULL, NULL, MS_TYPE_ZK_URL,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, MS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * MsLeaderDetector:session-timeout:
   *
   * The ZooKeeper session timeout asked for, in ms; the server may
   * negotiate another within its min/max. Mesos' detector uses 10 s.
   */
  properties[PROP_SESSION_TIMEOUT] =
    g_param_spec_int ("session-timeout", NULL, NULL,
                      1, G_MAXINT, MS_LEADER_DETECTOR_DEFAULT_SESSION_TIMEOUT_MS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       MS_TYPE_LEADER_DETECTOR_STATE, MS_LEADER_DETECTOR_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MsLeaderDetector:leader:
   *
   * The leading master, or %NULL when none is known: no member, its data
   * not read yet or unusable, or the session expired.
   */
  properties[PROP_LEADER] =
    g_param_spec_object ("leader", NULL, NULL, MS_TYPE_MASTER_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MsLeaderDetector:leader-changed-at:
   *
   * g_get_monotonic_time() of the last change of #MsLeaderDetector:leader.
   */
  properties[PROP_LEADER_CHANGED_AT] =
    g_param_spec_int64 ("leader-changed-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MsLeaderDetector:candidates:
   *
   * Every member of the group as an #MsCandidate, in order of succession.
   */
  properties[PROP_CANDIDATES] =
    g_param_spec_object ("candidates", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * MsLeaderDetector:synced:
   *
   * %TRUE when connected and every member listed was read: the leader and
   * candidates are current.
   */
  properties[PROP_SYNCED] =
    g_param_spec_boolean ("synced", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MsLeaderDetector:error:
   *
   * The current problem, if any, for people: missing path, refused
   * credentials, no server reachable, unusable leader data.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ZooKeeper's own log goes through g_debug (domain "zookeeper"); its
   * INFO lines (a dozen per session) only when asked for.
   */
  {
    const char *debug = g_getenv ("G_MESSAGES_DEBUG");

    zoo_set_debug_level (debug && (strstr (debug, "zookeeper") || strstr (debug, "all"))
                         ? ZOO_LOG_LEVEL_DEBUG : ZOO_LOG_LEVEL_WARN);
  }
}

static void
ms_leader_detector_init (MsLeaderDetector *self)
{
  self->session_timeout_ms = MS_LEADER_DETECTOR_DEFAULT_SESSION_TIMEOUT_MS;
  self->candidates = g_list_store_new (MS_TYPE_CANDIDATE);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * ms_leader_detector_new:
 * @url: where the master group is
 * @timeline: (nullable): where to record events; a new one if %NULL
 */
MsLeaderDetector *
ms_leader_detector_new (const MsZkUrl *url,
                        MsTimeline    *timeline)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (timeline == NULL || MS_IS_TIMELINE (timeline), NULL);

  return g_object_new (MS_TYPE_LEADER_DETECTOR,
                       "url", url,
                       "timeline", timeline,
                       NULL);
}

/**
 * ms_leader_detector_start:
 *
 * Opens a session and starts following the group, in the thread-default
 * main context. Does nothing if already started.
 */
void
ms_leader_detector_start (MsLeaderDetector *self)
{
  g_return_if_fail (MS_IS_LEADER_DETECTOR (self));

  if (self->zh != NULL || self->reconnect_id != 0)
    return;

  set_error (self, NULL);
  self->backoff_ms = 0;
  start_session (self);
}

/**
 * ms_leader_detector_stop:
 *
 * Closes the session; the leader and candidates are forgotten.
 */
void
ms_leader_detector_stop (MsLeaderDetector *self)
{
  g_return_if_fail (MS_IS_LEADER_DETECTOR (self));

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  teardown_session (self);
  forget_group (self);
  set_state (self, MS_LEADER_DETECTOR_STATE_STOPPED);
}

/**
 * ms_leader_detector_dup_zk_server:
 *
 * Returns: (transfer full) (nullable): the ZooKeeper server the session is
 *   connected to ("host:port"), or %NULL while not connected
 */
char *
ms_leader_detector_dup_zk_server (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), NULL);

  if (self->zh == NULL || self->state != MS_LEADER_DETECTOR_STATE_CONNECTED)
    return NULL;

  return g_strdup (zoo_get_current_server (self->zh));
}

const MsZkUrl *
ms_leader_detector_get_url (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), NULL);

  return self->url;
}

/**
 * ms_leader_detector_get_timeline:
 *
 * Returns: (transfer none): where the detector records what it sees
 */
MsTimeline *
ms_leader_detector_get_timeline (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), NULL);

  return self->timeline;
}

MsLeaderDetectorState
ms_leader_detector_get_state (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), 0);

  return self->state;
}

/**
 * ms_leader_detector_get_leader:
 *
 * Returns: (transfer none) (nullable): the leading master
 */
MsMasterInfo *
ms_leader_detector_get_leader (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), NULL);

  return self->leader;
}

/**
 * ms_leader_detector_get_leading_candidate:
 *
 * Returns: (transfer none) (nullable): the member the leader was read from
 */
MsCandidate *
ms_leader_detector_get_leading_candidate (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), NULL);

  return self->leading;
}

gint64
ms_leader_detector_get_leader_changed_at (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), 0);

  return self->leader_changed_at;
}

/**
 * ms_leader_detector_get_candidates:
 *
 * Returns: (transfer none): a #GListModel of #MsCandidate, lowest sequence
 *   (the leader) first
 */
GListModel *
ms_leader_detector_get_candidates (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), NULL);

  return G_LIST_MODEL (self->candidates);
}

gboolean
ms_leader_detector_get_synced (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), FALSE);

  return self->synced;
}

/**
 * ms_leader_detector_get_error:
 *
 * Returns: (nullable): the current problem, for people
 */
const GError *
ms_leader_detector_get_error (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), NULL);

  return self->error;
}

int
ms_leader_detector_get_session_timeout (MsLeaderDetector *self)
{
  g_return_val_if_fail (MS_IS_LEADER_DETECTOR (self), 0);

  return self->session_timeout_ms;
}

/**
 * ms_leader_detector_set_session_timeout:
 *
 * Takes effect with the next session.
 */
void
ms_leader_detector_set_session_timeout (MsLeaderDetector *self,
                                        int               timeout_ms)
{
  g_return_if_fail (MS_IS_LEADER_DETECTOR (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->session_timeout_ms != timeout_ms)
    {
      self->session_timeout_ms = timeout_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TIMEOUT]);
    }
}

const char *
ms_leader_detector_state_to_string (MsLeaderDetectorState state)
{
  switch (state)
    {
    case MS_LEADER_DETECTOR_STATE_STOPPED:
      return _("stopped");
    case MS_LEADER_DETECTOR_STATE_CONNECTING:
      return _("connecting");
    case MS_LEADER_DETECTOR_STATE_CONNECTED:
      return _("connected");
    case MS_LEADER_DETECTOR_STATE_SUSPENDED:
      return _("disconnected, reconnecting");
    case MS_LEADER_DETECTOR_STATE_EXPIRED:
      return _("session expired, reconnecting");
    case MS_LEADER_DETECTOR_STATE_AUTH_FAILED:
      return _("authentication failed");
    default:
      return "?";
    }
}
