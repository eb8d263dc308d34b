/* ms-operator-client.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-operator-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ms-cluster.h"
#include "ms-enum-types.h"
#include "ms-error.h"
#include "ms-leader-detector.h"
#include "ms-master-info.h"
#include "ms-operator-client.h"
#include "ms-recordio.h"
#include "ms-timeline.h"

#define READ_SIZE          (64 * 1024)
#define MAX_RESPONSE       (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)
#define MAX_ERROR_BODY     4096
#define BACKOFF_MIN_MS     100
#define BACKOFF_MAX_MS     10000
#define BACKOFF_UNAVAILABLE_MAX_MS 1000
#define RESYNC_MIN_GAP_US  (5 * G_USEC_PER_SEC)
#define DEFAULT_HEARTBEAT  15.0
/* A stream silent for PROBE_SILENCE_US gets a GET /health at most once
 * per PROBE_SILENCE_US (checked every PROBE_PERIOD_MS); no answer within
 * PROBE_TIMEOUT_MS is a crash suspicion.
 */
#define PROBE_PERIOD_MS    250
#define PROBE_SILENCE_US   G_USEC_PER_SEC
#define PROBE_TIMEOUT_MS   1500

/*
 * MsOperatorClient keeps one SUBSCRIBE call open to the leading master's v1
 * operator API and feeds the stream into an MsCluster.
 *
 * Every request is `POST /api/v1` with exactly `Content-Type:
 * application/json` (a charset parameter gets 415) and `Accept:
 * application/json` (application/recordio gets 406: the stream is RecordIO
 * framed anyway). A non-leader answers 307 with a scheme-less Location
 * (`//host:5050/api/v1`): the same body is sent there once; a second
 * redirect, or one to itself, is an error, never a loop.
 *
 * The stream is read with a read_bytes_async loop into a RecordIO decoder.
 * A large SUBSCRIBED record is parsed on a worker thread while it arrives;
 * events that follow it wait until its snapshot is applied on the main
 * thread. A watchdog re-armed by every byte gives up after about five
 * heartbeat intervals of silence (master.proto's advice); a refused
 * connection to the leader's port is reported at once as a crash
 * suspicion. Mesos sends heartbeats only every 15 s and a frozen master's
 * kernel still accepts connections, so a stream silent for a second is
 * probed with `GET /health`: no answer within 1.5 s is a crash suspicion
 * (the stream stays open; an answer or any data clears it), seconds before
 * the leader's ZooKeeper session expires. After any break the model is marked stale and the client
 * resubscribes with capped, jittered backoff; every subscription rebuilds
 * the model from its snapshot.
 *
 * Some changes produce no event (agents unreachable, frameworks
 * disconnected, completed tasks garbage-collected). A cheap GET_METRICS
 * every 30 s compares the master's counts with the model's and refreshes
 * agents or frameworks with a targeted call when they differ.
 */
struct _MsOperatorClient
{
  GObject                parent_instance;

  MsCluster             *cluster;
  MsTimeline            *timeline;
  MsLeaderDetector      *detector;
  GUri                  *fixed_url;
  char                  *authorization;
  char                  *user;
  SoupSession           *session;
  gboolean               insecure;
  gboolean               leader_https;

  MsOperatorClientState  state;
  GError                *error;
  gboolean               started;

  GUri                  *target;
  GCancellable          *stream_cancellable;
  SoupMessage           *stream_msg;
  GInputStream          *stream;
  MsRecordioDecoder     *decoder;
  guint                  watchdog_id;
  double                 watchdog_factor;
  guint                  backoff_id;
  guint                  backoff_ms;
  gint64                 last_data;
  gint64                 subscribe_started;
  gint64                 leader_changed_at;
  gint64                 last_resync;
  gint64                 snapshot_applied_at;
  /* The current failover, from the first sign the leader was gone. */
  gint64                 lost_at;
  const char            *lost_how;
  gint64                 elected_at;
  gint64                 resubscribed_at;
  guint64                snapshot_bytes;
  guint64                n_records;
  /* One parser for the stream's small records, reset after each: a new one
   * per event cost a 64 KiB arena and a yajl handle (see MsCluster).
   */
  MsStateParserCache     record_parser;

  /* A large record (the snapshot) is parsed on a worker; the records that
   * arrive meanwhile wait in the backlog, which is then applied a few
   * milliseconds at a time. backlog_before_job: how many of them came
   * before the large record.
   */
  GAsyncQueue           *job_queue;
  GQueue                 backlog;
  guint                  backlog_before_job;
  guint                  backlog_id;

  guint                  drift_id;
  guint                  drift_interval;
  GCancellable          *drift_cancellable;

  guint                  probe_id;
  guint                  probe_deadline_id;
  GCancellable          *probe_cancellable;
  gint64                 probe_answered;
  gboolean               suspected;
  gboolean               subscribe_redirected;
};

G_DEFINE_FINAL_TYPE (MsOperatorClient, ms_operator_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The end of a snapshot's chunks on the worker's queue. */
static GBytes *end_of_record;

static void subscribe       (MsOperatorClient *self);
static void start_probes    (MsOperatorClient *self);
static void stream_failed   (MsOperatorClient *self,
                             GError           *error);

static void
set_state (MsOperatorClient      *self,
           MsOperatorClientState  state)
{
  if (self->state != state)
    {
      g_debug ("%s → %s", ms_operator_client_state_to_string (self->state),
               ms_operator_client_state_to_string (state));
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_error (MsOperatorClient *self,
           const GError     *error)
{
  if (error == NULL && self->error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static char *
uri_endpoint (GUri *uri)
{
  const char *host = g_uri_get_host (uri);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, g_uri_get_port (uri));

  return g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
}

/* The URL calls go to: the leader, or the master the user named. */
static GUri *
current_target (MsOperatorClient *self)
{
  MsMasterInfo *leader;
  const char *hostname;
  const char *host;

  if (self->fixed_url != NULL)
    return g_uri_ref (self->fixed_url);

  if (self->detector == NULL ||
      (leader = ms_leader_detector_get_leader (self->detector)) == NULL)
    return NULL;

  /* Over HTTPS with certificates verified, by the name a certificate
   * carries: MasterInfo's host name (the master's --hostname, else its
   * own), which must then resolve from here. Otherwise by its IP, as host
   * names often do not resolve outside the cluster.
   */
  hostname = ms_master_info_get_hostname (leader);
  if (self->leader_https && !self->insecure && hostname != NULL && hostname[0] != '\0')
    host = hostname;
  else
    host = ms_master_info_get_connect_host (leader);

  /* Built, not parsed: the host is kept as given (an IPv6 address gets
   * its brackets where a URL is written out), and a host name holding '/'
   * or '#' cannot change the URL's meaning.
   */
  return g_uri_build (SOUP_HTTP_URI_FLAGS, self->leader_https ? "https" : "http", NULL,
                      host, ms_master_info_get_port (leader), "/api/v1", NULL, NULL);
}

/* ---- one request, with at most one redirect ---------------------------- */

typedef struct
{
  GBytes      *body;
  GUri        *uri;
  SoupMessage *msg;
  gboolean     redirected;
  char        *call;
} Open;

static void
open_free (Open *open)
{
  g_clear_pointer (&open->body, g_bytes_unref);
  g_clear_pointer (&open->uri, g_uri_unref);
  g_clear_object (&open->msg);
  g_free (open->call);
  g_free (open);
}

static void open_send (GTask *task);

static GError *
error_for_status (MsOperatorClient *self,
                  Open             *open,
                  guint             status,
                  const char       *body)
{
  g_autofree char *where = uri_endpoint (open->uri);
  g_autofree char *text = g_strstrip (g_strdup (body ? body : ""));
  const char *detail = text[0] ? text : soup_message_get_reason_phrase (open->msg);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      {
        const char *challenge = soup_message_headers_get_one (soup_message_get_response_headers (open->msg),
                                                              "WWW-Authenticate");

        if (self->authorization != NULL)
          return g_error_new (MS_ERROR, MS_ERROR_HTTP_UNAUTHORIZED,
                              _("The master at %s refused the credentials of “%s” (%s)"),
                              where, self->user, challenge ? challenge : "401");
        return g_error_new (MS_ERROR, MS_ERROR_HTTP_UNAUTHORIZED,
                            _("The master at %s requires authentication (%s): give a user "
                              "and password"), where, challenge ? challenge : "401");
      }

    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (MS_ERROR, MS_ERROR_HTTP_FORBIDDEN,
                          _("The master at %s does not allow %s: %s"), where, open->call, detail);

    case SOUP_STATUS_BAD_REQUEST:
      return g_error_new (MS_ERROR, MS_ERROR_HTTP_BAD_REQUEST,
                          _("The master at %s rejected %s: %s"), where, open->call, detail);

    case SOUP_STATUS_NOT_ACCEPTABLE:
      return g_error_new (MS_ERROR, MS_ERROR_HTTP_NOT_ACCEPTABLE,
                          _("The master at %s cannot answer in JSON (406): %s"), where, detail);

    case SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE:
      return g_error_new (MS_ERROR, MS_ERROR_HTTP_UNSUPPORTED_MEDIA_TYPE,
                          _("The master at %s does not accept the request's content type (415): %s"),
                          where, detail);

    case SOUP_STATUS_NOT_IMPLEMENTED:
      return g_error_new (MS_ERROR, MS_ERROR_HTTP_NOT_IMPLEMENTED,
                          _("The master at %s does not implement %s (501): %s"),
                          where, open->call, detail);

    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return g_error_new (MS_ERROR, MS_ERROR_NO_LEADER,
                          _("The master at %s cannot answer yet: %s"), where, detail);

    default:
      return g_error_new (MS_ERROR, MS_ERROR_HTTP, _("The master at %s answered %u %s"),
                          where, status, detail);
    }
}

static void
on_error_body (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsOperatorClient *self = g_task_get_source_object (task);
  Open *open = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  g_autofree char *text = NULL;

  if (bytes != NULL)
    {
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (!g_utf8_validate (text, -1, NULL))
        g_clear_pointer (&text, g_free);
    }

  g_task_return_error (task, error_for_status (self, open, soup_message_get_status (open->msg), text));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsOperatorClient *self = g_task_get_source_object (task);
  Open *open = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *where = uri_endpoint (open->uri);
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        g_task_return_new_error (task, MS_ERROR, MS_ERROR_CONNECTION_REFUSED,
                                 _("The master at %s refused the connection"), where);
      else if (error->domain == G_TLS_ERROR)
        /* Only a certificate that cannot be verified may be accepted anyway. */
        g_task_return_new_error (task, MS_ERROR,
                                 error->code == G_TLS_ERROR_BAD_CERTIFICATE
                                   ? MS_ERROR_TLS_CERTIFICATE : MS_ERROR_TLS,
                                 _("TLS with %s failed: %s"), where, error->message);
      else
        g_task_return_new_error (task, MS_ERROR, MS_ERROR_FAILED,
                                 _("Cannot reach the master at %s: %s"), where, error->message);
      return;
    }

  status = soup_message_get_status (open->msg);

  if (status == SOUP_STATUS_TEMPORARY_REDIRECT || status == SOUP_STATUS_PERMANENT_REDIRECT)
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (open->msg),
                                                           "Location");
      g_autoptr(GUri) next = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (location == NULL ||
          (next = g_uri_parse_relative (open->uri, location, SOUP_HTTP_URI_FLAGS, NULL)) == NULL)
        {
          g_task_return_new_error (task, MS_ERROR, MS_ERROR_HTTP_REDIRECT,
                                   _("The master at %s redirected to an invalid location “%s”"),
                                   where, location ? location : "");
          return;
        }

      from = g_uri_to_string (open->uri);
      to = g_uri_to_string (next);
      if (open->redirected || g_str_equal (from, to))
        {
          g_task_return_new_error (task, MS_ERROR, MS_ERROR_HTTP_REDIRECT,
                                   open->redirected
                                     ? _("The masters disagree about the leader: %s redirected "
                                         "again, to %s")
                                     : _("The master at %s redirected to itself: it is not "
                                         "leading yet"),
                                   where, to);
          return;
        }

      {
        g_autofree char *next_where = uri_endpoint (next);

        ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_REDIRECTED, NULL,
                         _("%s is not the leader: redirected to %s"), where, next_where);
      }
      g_input_stream_close (stream, NULL, NULL);
      open->redirected = TRUE;
      g_uri_unref (open->uri);
      open->uri = g_steal_pointer (&next);
      /* The stream's master is now this one. Where the leader ZooKeeper
       * names redirected, it is probed from now on (see suspect_leader()). */
      if (g_str_equal (open->call, "SUBSCRIBE"))
        {
          g_clear_pointer (&self->target, g_uri_unref);
          self->target = g_uri_ref (open->uri);
          self->subscribe_redirected = TRUE;
          if (self->detector != NULL)
            {
              self->last_data = g_get_monotonic_time ();
              start_probes (self);
            }
        }
      open_send (g_steal_pointer (&task));
      return;
    }

  if (status < 200 || status >= 300)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_input_stream_read_bytes_async (stream, MAX_ERROR_BODY, G_PRIORITY_DEFAULT,
                                       cancellable, on_error_body, g_steal_pointer (&task));
      return;
    }

  {
    const char *content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (open->msg),
                                                                      NULL);

    if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
      {
        g_task_return_new_error (task, MS_ERROR, MS_ERROR_HTTP_CONTENT_TYPE,
                                 _("The master at %s answered with “%s”, not JSON"),
                                 where, content_type ? content_type : _("no content type"));
        return;
      }
  }

  g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
}

static void
open_send (GTask *task)
{
  MsOperatorClient *self = g_task_get_source_object (task);
  Open *open = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&open->msg);
  open->msg = soup_message_new_from_uri ("POST", open->uri);
  /* libsoup would not re-POST on 307 anyway; we do it ourselves, once. */
  soup_message_add_flags (open->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (open->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);
  /* Exactly "application/json": Mesos compares the string. */
  soup_message_set_request_body_from_bytes (open->msg, "application/json", open->body);

  soup_session_send_async (self->session, open->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent, task);
}

/* Sends `{"type": call}` to @uri; the result is the response body stream. */
static void
open_async (MsOperatorClient    *self,
            GUri                *uri,
            const char          *call,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Open *open = g_new0 (Open, 1);
  g_autofree char *body = g_strdup_printf ("{\"type\":\"%s\"}", call);

  g_task_set_source_tag (task, open_async);
  open->uri = g_uri_ref (uri);
  open->call = g_strdup (call);
  open->body = g_bytes_new_take (g_steal_pointer (&body), strlen (call) + 11);
  g_task_set_task_data (task, open, (GDestroyNotify)open_free);

  open_send (task);
}

static GInputStream *
open_finish (MsOperatorClient  *self,
             GAsyncResult      *result,
             SoupMessage      **msg,
             GError           **error)
{
  Open *open = g_task_get_task_data (G_TASK (result));

  if (msg != NULL)
    *msg = open->msg ? g_object_ref (open->msg) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- one-shot calls ---------------------------------------------------- */

typedef struct
{
  GInputStream  *stream;
  MsStateParser *parser;
  guint64        received;
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->stream);
  g_clear_pointer (&call->parser, ms_state_parser_free);
  g_free (call);
}

static void
on_call_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  GCancellable *cancellable;

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      if (!ms_state_parser_finish (call->parser, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_steal_pointer (&call->parser),
                               (GDestroyNotify)ms_state_parser_free);
      return;
    }

  call->received += g_bytes_get_size (bytes);
  if (call->received > MAX_RESPONSE)
    {
      g_task_return_new_error (task, MS_ERROR, MS_ERROR_PROTOCOL, _("The response is too large"));
      return;
    }

  if (!ms_state_parser_feed (call->parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (call->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   cancellable, on_call_read, g_steal_pointer (&task));
}

static void
on_call_opened (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  call->stream = open_finish (MS_OPERATOR_CLIENT (object), result, NULL, &error);
  if (call->stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_input_stream_read_bytes_async (call->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   cancellable, on_call_read, g_steal_pointer (&task));
}

/**
 * ms_operator_client_call_async:
 * @type: a call without payload: `GET_STATE`, `GET_AGENTS`, `GET_METRICS`, …
 *
 * Calls the leading master (or the fixed master) and parses the answer
 * incrementally as it arrives.
 */
void
ms_operator_client_call_async (MsOperatorClient    *self,
                               const char          *type,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) target = NULL;
  Call *call;

  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));
  g_return_if_fail (type != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_operator_client_call_async);
  call = g_new0 (Call, 1);
  call->parser = ms_state_parser_new ();
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);

  target = current_target (self);
  if (target == NULL)
    {
      g_task_return_new_error (task, MS_ERROR, MS_ERROR_NO_LEADER, _("No leading master is known"));
      return;
    }

  open_async (self, target, type, cancellable, on_call_opened, g_steal_pointer (&task));
}

/**
 * ms_operator_client_call_finish:
 *
 * Returns: (transfer full): the parsed answer, or %NULL with @error set
 */
MsStateParser *
ms_operator_client_call_finish (MsOperatorClient  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- liveness probes ---------------------------------------------------- */

/* The probe in flight, if any, is dropped: its callback will find that it
 * is no longer the current one.
 */
static void
forget_probe (MsOperatorClient *self)
{
  g_clear_handle_id (&self->probe_deadline_id, g_source_remove);
  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
}

static void
stop_probes (MsOperatorClient *self)
{
  g_clear_handle_id (&self->probe_id, g_source_remove);
  forget_probe (self);
  self->suspected = FALSE;
}

static void
leader_answers (MsOperatorClient *self)
{
  g_autofree char *where = NULL;

  if (!self->suspected)
    return;

  where = uri_endpoint (self->target);
  self->suspected = FALSE;
  ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_LEADER_ANSWERS, NULL,
                   _("The leader at %s answers again"), where);
  if (self->lost_how != NULL && self->elected_at < self->lost_at)
    {
      self->lost_at = 0;
      self->lost_how = NULL;
    }
}

static void
suspect_leader (MsOperatorClient *self,
                const char       *why)
{
  g_autofree char *where = NULL;
  MsMasterInfo *leader;

  if (self->suspected)
    return;

  where = uri_endpoint (self->target);
  leader = self->detector ? ms_leader_detector_get_leader (self->detector) : NULL;
  self->suspected = TRUE;
  if (self->lost_at == 0)
    {
      self->lost_at = g_get_monotonic_time ();
      self->lost_how = _("the leader stopped answering");
    }
  ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_LEADER_UNREACHABLE, leader,
                   _("Crash suspected: the leader at %s has sent nothing for %.1f s and %s"),
                   where, (g_get_monotonic_time () - self->last_data) / 1e6, why);

  /* Still waiting for SUBSCRIBE's answer from a master that the leader
   * ZooKeeper names redirected to (the only one probed before the stream
   * opens): after a failover, the new leader's own detector may still
   * name the old one, which may be frozen. Given up, to try again after
   * the backoff, with the leader ZooKeeper names then. The leader
   * ZooKeeper names itself is waited for, unprobed, as before: it may be
   * busy writing a large snapshot, and if it froze, ZooKeeper says so
   * within its session timeout. A stream already open stays open while
   * only suspected.
   */
  if (self->state == MS_OPERATOR_CLIENT_STATE_CONNECTING && self->subscribe_redirected &&
      self->detector != NULL)
    stream_failed (self, g_error_new (MS_ERROR, MS_ERROR_TIMED_OUT,
                                      _("The master at %s did not answer SUBSCRIBE and %s"),
                                      where, why));
}

static gboolean
probe_deadline (gpointer data)
{
  MsOperatorClient *self = data;
  g_autofree char *why = g_strdup_printf (_("did not answer GET /health within %.1f s"),
                                          PROBE_TIMEOUT_MS / 1e3);

  /* Given up here, not in the callback: a request still queued behind
   * hung calls may take long to report its cancellation.
   */
  self->probe_deadline_id = 0;
  forget_probe (self);
  suspect_leader (self, why);

  return G_SOURCE_REMOVE;
}

typedef struct {
  MsOperatorClient *self;
  GCancellable     *cancellable;
} Probe;

static void
probe_free (Probe *probe)
{
  g_object_unref (probe->self);
  g_object_unref (probe->cancellable);
  g_free (probe);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Probe, probe_free)

static void
on_probe_sent (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Probe) probe = user_data;
  MsOperatorClient *self = probe->self;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* The (empty) body is read whole so that the connection is kept for the
   * next probe: closing it unread would cost a new connection (and a TLS
   * handshake) every second.
   */
  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  /* Stopped since (stream closed, client disposed): the answer means nothing. */
  if (probe->cancellable != self->probe_cancellable)
    return;

  forget_probe (self);

  if (body != NULL)
    {
      /* Any HTTP answer, even an error status, proves the process runs. */
      self->probe_answered = g_get_monotonic_time ();
      leader_answers (self);
    }
  else
    {
      g_autofree char *why = g_strdup_printf (_("GET /health failed: %s"), error->message);
      suspect_leader (self, why);
    }
}

static gboolean
probe_tick (gpointer data)
{
  MsOperatorClient *self = data;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  gint64 now = g_get_monotonic_time ();
  Probe *probe;

  /* Probes only a stream silent for a second, at most once a second. */
  if (self->probe_cancellable != NULL || self->target == NULL ||
      now - self->last_data < PROBE_SILENCE_US || now - self->probe_answered < PROBE_SILENCE_US)
    return G_SOURCE_CONTINUE;

  uri = g_uri_parse_relative (self->target, "/health", G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return G_SOURCE_CONTINUE;

  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  soup_message_set_priority (msg, SOUP_MESSAGE_PRIORITY_HIGH);
  self->probe_cancellable = g_cancellable_new ();
  self->probe_deadline_id = g_timeout_add (PROBE_TIMEOUT_MS, probe_deadline, self);
  g_source_set_name_by_id (self->probe_deadline_id, "[mesoscope] probe deadline");
  probe = g_new0 (Probe, 1);
  probe->self = g_object_ref (self);
  probe->cancellable = g_object_ref (self->probe_cancellable);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_HIGH, self->probe_cancellable,
                                    on_probe_sent, probe);

  return G_SOURCE_CONTINUE;
}

static void
start_probes (MsOperatorClient *self)
{
  stop_probes (self);
  self->probe_id = g_timeout_add (PROBE_PERIOD_MS, probe_tick, self);
  g_source_set_name_by_id (self->probe_id, "[mesoscope] liveness probe");
}

/* ---- the stream -------------------------------------------------------- */

static void
close_stream (MsOperatorClient *self)
{
  g_cancellable_cancel (self->stream_cancellable);
  g_clear_object (&self->stream_cancellable);
  g_clear_object (&self->stream);
  g_clear_object (&self->stream_msg);
  g_clear_pointer (&self->decoder, ms_recordio_decoder_free);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  stop_probes (self);
  g_clear_handle_id (&self->drift_id, g_source_remove);
  g_cancellable_cancel (self->drift_cancellable);
  g_clear_object (&self->drift_cancellable);
  if (self->job_queue != NULL)
    {
      /* The worker drains what is queued and stops; its result is dropped. */
      g_async_queue_push (self->job_queue, g_bytes_ref (end_of_record));
      g_clear_pointer (&self->job_queue, g_async_queue_unref);
    }
  g_queue_clear_full (&self->backlog, (GDestroyNotify)g_bytes_unref);
  g_clear_handle_id (&self->backlog_id, g_source_remove);
}

static double
heartbeat_interval (MsOperatorClient *self)
{
  double interval = ms_cluster_get_heartbeat_interval (self->cluster);

  return interval > 0 ? interval : DEFAULT_HEARTBEAT;
}

static gboolean
watchdog_fired (gpointer data)
{
  MsOperatorClient *self = data;
  g_autofree char *where = self->target ? uri_endpoint (self->target) : g_strdup ("?");
  double silent = (g_get_monotonic_time () - self->last_data) / 1e6;

  self->watchdog_id = 0;

  ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_LEADER_UNREACHABLE, NULL,
                   _("The stream from %s has been silent for %.1f s (heartbeats every %g s): "
                     "the master is hung or unreachable"), where, silent, heartbeat_interval (self));
  stream_failed (self, g_error_new (MS_ERROR, MS_ERROR_TIMED_OUT,
                                    _("No heartbeat from %s for %.1f s"), where, silent));

  return G_SOURCE_REMOVE;
}

static void
rearm_watchdog (MsOperatorClient *self)
{
  guint ms = (guint)(heartbeat_interval (self) * self->watchdog_factor * 1000);

  self->last_data = g_get_monotonic_time ();
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  self->watchdog_id = g_timeout_add_full (G_PRIORITY_HIGH, MAX (ms, 1), watchdog_fired, self, NULL);
  g_source_set_name_by_id (self->watchdog_id, "[mesoscope] heartbeat watchdog");
}

static void start_drift_timer (MsOperatorClient *self);

static void
snapshot_applied (MsOperatorClient *self,
                  MsStateParser    *parsed)
{
  g_autofree char *where = uri_endpoint (self->target);
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GString) message = g_string_new (NULL);

  self->snapshot_applied_at = now;
  self->backoff_ms = 0;
  set_error (self, NULL);
  set_state (self, MS_OPERATOR_CLIENT_STATE_LIVE);
  rearm_watchdog (self);
  start_probes (self);

  g_string_printf (message, _("Subscribed to %s: %u agents, %u frameworks, %u tasks in %.0f ms"),
                   where,
                   g_list_model_get_n_items (ms_cluster_get_agents (self->cluster)),
                   g_list_model_get_n_items (ms_cluster_get_frameworks (self->cluster)),
                   g_list_model_get_n_items (ms_cluster_get_tasks (self->cluster)),
                   (now - self->subscribe_started) / 1e3);
  if (self->leader_changed_at > 0)
    {
      g_string_append_printf (message, _("; resynced %.0f ms after the leader changed"),
                              (now - self->leader_changed_at) / 1e3);
      self->leader_changed_at = 0;
    }
  if (ms_cluster_get_n_recovered_agents (self->cluster) > 0)
    g_string_append_printf (message, _("; %u agents recovered from the registry, waiting for them "
                                       "to re-register"),
                            ms_cluster_get_n_recovered_agents (self->cluster));
  ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_STREAM_SUBSCRIBED, NULL, "%s", message->str);

  /* One entry for the whole failover, step by step. */
  if (self->lost_at > 0 && self->elected_at >= self->lost_at)
    ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_FAILOVER,
                     self->detector ? ms_leader_detector_get_leader (self->detector) : NULL,
                     _("Failover to %s: first sign %s; new leader known +%.0f ms; stream "
                       "reopened +%.0f ms; model resynced +%.0f ms"),
                     where, self->lost_how,
                     (self->elected_at - self->lost_at) / 1e3,
                     (self->resubscribed_at - self->lost_at) / 1e3,
                     (now - self->lost_at) / 1e3);
  /* Without an election since the loss, a snapshot means the leader is
   * alive after all (a resync, a network blip, a suspicion that was wrong):
   * that loss must not open the summary of a later failover.
   */
  self->lost_at = 0;
  self->lost_how = NULL;
  self->elected_at = 0;

  start_drift_timer (self);
}

static void
apply_record (MsOperatorClient *self,
              const char       *data,
              gsize             len)
{
  g_autoptr(GError) error = NULL;
  /* Handlers run below: one of them may drop the last other reference, or
   * feed records in turn. */
  g_autoptr(MsOperatorClient) hold = g_object_ref (self);
  MsStateParser *parsed = ms_state_parser_cache_acquire (&self->record_parser);

  self->n_records++;

  if (!ms_state_parser_load (parsed, data, len, &error))
    {
      /* A bad record is counted and skipped, not fatal. */
      g_debug ("skipping a record: %s", error->message);
    }
  else
    {
      if (!ms_cluster_apply_parsed (self->cluster, parsed, &error))
        g_debug ("skipping an event: %s", error->message);

      if (g_strcmp0 (ms_state_parser_get_type_name (parsed), "SUBSCRIBED") == 0)
        snapshot_applied (self, parsed);

      g_signal_emit (self, signals[EVENT], 0, ms_state_parser_get_type_name (parsed),
                     ms_state_parser_get_root (parsed));
    }

  ms_state_parser_cache_release (&self->record_parser, parsed);
}

static gboolean
on_record (const guint8  *data,
           gsize          len,
           gpointer       user_data,
           GError       **error)
{
  MsOperatorClient *self = user_data;

  if (self->job_queue != NULL || self->backlog.length > 0)
    {
      /* A snapshot is still being parsed: events wait their turn. */
      g_queue_push_tail (&self->backlog, g_bytes_new (data, len));
      return TRUE;
    }

  apply_record (self, (const char *)data, len);
  return TRUE;
}

/* What the snapshot worker hands back. */
typedef struct
{
  MsStateParser *parser;
  MsCluster     *prepared;   /* the snapshot applied, or NULL */
} Parsed;

static void
parsed_free (Parsed *parsed)
{
  ms_state_parser_free (parsed->parser);
  g_clear_object (&parsed->prepared);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static void
snapshot_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GAsyncQueue *queue = task_data;
  g_autoptr(MsStateParser) parser = ms_state_parser_new ();
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      g_autoptr(GBytes) bytes = g_async_queue_pop (queue);

      if (bytes == end_of_record)
        break;
      if (error == NULL &&
          !ms_state_parser_feed (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 &error))
        continue; /* drain the queue, keep the first error */
    }

  if (error == NULL && !ms_state_parser_finish (parser, &error))
    {
    }

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Applied here too, to a cluster of its own: the main thread then only
   * swaps it in (ms_cluster_adopt()).
   */
  {
    Parsed *parsed = g_new0 (Parsed, 1);

    if (g_strcmp0 (ms_state_parser_get_type_name (parser), "SUBSCRIBED") == 0)
      {
        parsed->prepared = ms_cluster_new ();
        if (!ms_cluster_apply_parsed (parsed->prepared, parser, NULL))
          g_clear_object (&parsed->prepared);
      }
    parsed->parser = g_steal_pointer (&parser);
    g_task_return_pointer (task, parsed, (GDestroyNotify)parsed_free);
  }
}

/* How long applying the backlog may hold the main loop at once. */
#define BACKLOG_STEP_US 4000

/* Applies up to @n records of the backlog, in order, for at most
 * BACKLOG_STEP_US if @step. Returns whether some are left.
 */
static gboolean
apply_backlog (MsOperatorClient *self,
               guint             n,
               gboolean          step)
{
  gint64 end = g_get_monotonic_time () + BACKLOG_STEP_US;

  for (guint i = 0; i < n && self->backlog.length > 0 && self->job_queue == NULL; i++)
    {
      g_autoptr(GBytes) bytes = g_queue_pop_head (&self->backlog);

      apply_record (self, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (step && i % 16 == 15 && g_get_monotonic_time () >= end)
        break;
    }

  return self->backlog.length > 0 && self->job_queue == NULL;
}

static gboolean
backlog_step (gpointer data)
{
  /* Held: a record may close the stream (a resync), even drop the last
   * other reference. */
  g_autoptr(MsOperatorClient) self = g_object_ref (data);

  if (apply_backlog (self, G_MAXUINT, TRUE))
    return G_SOURCE_CONTINUE;

  self->backlog_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_snapshot_parsed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  MsOperatorClient *self = MS_OPERATOR_CLIENT (object);
  g_autoptr(Parsed) result_parsed = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  MsStateParser *parsed;

  result_parsed = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  g_clear_pointer (&self->job_queue, g_async_queue_unref);
  /* The records that came before this one first, all of them; one of
   * them may have closed the stream (a resync). */
  apply_backlog (self, self->backlog_before_job, FALSE);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  if (result_parsed == NULL)
    {
      stream_failed (self, g_error_new (MS_ERROR, MS_ERROR_PROTOCOL,
                                        _("The snapshot could not be read: %s"), error->message));
      return;
    }

  parsed = result_parsed->parser;
  self->n_records++;
  if (result_parsed->prepared != NULL)
    {
      ms_cluster_adopt (self->cluster, result_parsed->prepared);
    }
  else if (!ms_cluster_apply_parsed (self->cluster, parsed, &error))
    {
      stream_failed (self, g_steal_pointer (&error));
      return;
    }
  if (g_strcmp0 (ms_state_parser_get_type_name (parsed), "SUBSCRIBED") == 0)
    snapshot_applied (self, parsed);
  g_signal_emit (self, signals[EVENT], 0, ms_state_parser_get_type_name (parsed),
                 ms_state_parser_get_root (parsed));

  /* Then the events that arrived meanwhile, in order: a few milliseconds
   * at a time, after each frame is drawn (at 1,000 events a second, a
   * 100k-task snapshot leaves a few thousand). Records that arrive until
   * then join the backlog (see on_record()).
   */
  if (self->backlog.length > 0 && self->backlog_id == 0)
    {
      self->backlog_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, backlog_step, self, NULL);
      g_source_set_name_by_id (self->backlog_id, "[mesoscope] operator client backlog");
    }
}

static gboolean
on_record_begin (guint64    len,
                 gpointer   user_data,
                 GError   **error)
{
  MsOperatorClient *self = user_data;
  g_autoptr(GTask) task = NULL;

  if (self->job_queue != NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_PROTOCOL,
                   _("A second large record arrived while the first was being read"));
      return FALSE;
    }

  self->snapshot_bytes = len;
  self->backlog_before_job = self->backlog.length;
  self->job_queue = g_async_queue_new_full ((GDestroyNotify)g_bytes_unref);
  task = g_task_new (self, self->stream_cancellable, on_snapshot_parsed, NULL);
  g_task_set_source_tag (task, on_record_begin);
  g_task_set_task_data (task, g_async_queue_ref (self->job_queue), (GDestroyNotify)g_async_queue_unref);
  g_task_run_in_thread (task, snapshot_worker);

  return TRUE;
}

static gboolean
on_record_chunk (const guint8  *data,
                 gsize          len,
                 gpointer       user_data,
                 GError       **error)
{
  MsOperatorClient *self = user_data;

  g_async_queue_push (self->job_queue, g_bytes_new (data, len));
  return TRUE;
}

static gboolean
on_record_end (gpointer   user_data,
               GError   **error)
{
  MsOperatorClient *self = user_data;

  /* Keep job_queue set until the worker is done: events wait. */
  g_async_queue_push (self->job_queue, g_bytes_ref (end_of_record));
  return TRUE;
}

static const MsRecordioCallbacks recordio_callbacks = {
  on_record, on_record_begin, on_record_chunk, on_record_end,
};

static void read_stream (MsOperatorClient *self);

static void
on_stream_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MsOperatorClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  if (bytes == NULL)
    {
      stream_failed (self, g_error_new (MS_ERROR, MS_ERROR_FAILED,
                                        _("The stream broke: %s"), error->message));
    }
  else if (g_bytes_get_size (bytes) == 0)
    {
      gboolean mid_record = self->decoder && !ms_recordio_decoder_is_idle (self->decoder);

      stream_failed (self, g_error_new (MS_ERROR, MS_ERROR_PROTOCOL, mid_record
                                          ? _("The master closed the stream in the middle of a record")
                                          : _("The master closed the stream")));
    }
  else if (self->decoder != NULL)
    {
      rearm_watchdog (self);
      if (!ms_recordio_decoder_feed (self->decoder, g_bytes_get_data (bytes, NULL),
                                     g_bytes_get_size (bytes), &error))
        {
          stream_failed (self, g_steal_pointer (&error));
        }
      else if (self->stream != NULL)
        {
          /* After the feed: the timeline's handlers may do anything. */
          leader_answers (self);
          if (self->stream != NULL)
            read_stream (self);
        }
    }

  g_object_unref (self);
}

static void
read_stream (MsOperatorClient *self)
{
  g_input_stream_read_bytes_async (self->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   self->stream_cancellable, on_stream_read, g_object_ref (self));
}

static void
on_subscribed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MsOperatorClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GInputStream *stream;

  stream = open_finish (MS_OPERATOR_CLIENT (object), result, &msg, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  if (stream == NULL)
    {
      stream_failed (self, g_steal_pointer (&error));
      g_object_unref (self);
      return;
    }

  /* The request may have been redirected: the stream's master is the target. */
  g_clear_pointer (&self->target, g_uri_unref);
  self->target = g_uri_ref (soup_message_get_uri (msg));
  self->stream = stream;
  self->stream_msg = g_steal_pointer (&msg);
  self->decoder = ms_recordio_decoder_new (&recordio_callbacks, self);
  self->resubscribed_at = g_get_monotonic_time ();
  set_state (self, MS_OPERATOR_CLIENT_STATE_SYNCING);
  rearm_watchdog (self);
  read_stream (self);

  g_object_unref (self);
}

static void
subscribe (MsOperatorClient *self)
{
  g_autoptr(GUri) target = current_target (self);

  close_stream (self);
  g_clear_handle_id (&self->backoff_id, g_source_remove);

  if (target == NULL)
    {
      set_state (self, MS_OPERATOR_CLIENT_STATE_WAITING);
      return;
    }

  g_clear_pointer (&self->target, g_uri_unref);
  self->target = g_uri_ref (target);
  self->stream_cancellable = g_cancellable_new ();
  self->subscribe_started = g_get_monotonic_time ();
  self->subscribe_redirected = FALSE;
  set_state (self, MS_OPERATOR_CLIENT_STATE_CONNECTING);

  open_async (self, target, "SUBSCRIBE", self->stream_cancellable, on_subscribed, g_object_ref (self));
}

static gboolean
backoff_done (gpointer data)
{
  MsOperatorClient *self = data;

  self->backoff_id = 0;
  subscribe (self);

  return G_SOURCE_REMOVE;
}

/* Takes @error. */
static void
stream_failed (MsOperatorClient *self,
               GError           *error)
{
  g_autofree char *where = self->target ? uri_endpoint (self->target) : g_strdup ("?");
  /* The same failure again (a master recovering for minutes, a refused
   * port): once in the timeline, not once per retry.
   */
  gboolean again = self->error != NULL && self->error->domain == error->domain &&
                   self->error->code == error->code &&
                   g_strcmp0 (self->error->message, error->message) == 0;
  guint delay;

  close_stream (self);
  ms_cluster_mark_stale (self->cluster);
  set_error (self, error);
  if (self->lost_at == 0 && self->state == MS_OPERATOR_CLIENT_STATE_LIVE)
    {
      self->lost_at = g_get_monotonic_time ();
      self->lost_how = error->code == MS_ERROR_TIMED_OUT ? _("the stream fell silent")
                       : error->code == MS_ERROR_CONNECTION_REFUSED ? _("the leader refused connections")
                       : _("the stream broke");
    }

  if (g_error_matches (error, MS_ERROR, MS_ERROR_CONNECTION_REFUSED) && self->detector != NULL &&
      ms_leader_detector_get_leader (self->detector) != NULL && !again)
    ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_LEADER_UNREACHABLE,
                     ms_leader_detector_get_leader (self->detector),
                     _("Crash suspected: the leader at %s refused the connection while ZooKeeper "
                       "still lists it"), where);

  if (!again)
    ms_timeline_add (self->timeline,
                     error->code == MS_ERROR_NO_LEADER || error->code >= MS_ERROR_HTTP_REDIRECT
                       ? MS_TIMELINE_EVENT_API_ERROR : MS_TIMELINE_EVENT_STREAM_LOST,
                     NULL, _("%s; the model is stale until the next snapshot"), error->message);
  g_clear_error (&error);

  if (!self->started)
    return;

  /* Capped exponential backoff with jitter; the first retry is quick. A
   * 503 is a master that answers but is electing or recovering (normal,
   * says Mesos): asking once a second is cheap and ends the wait sooner.
   */
  {
    guint cap = g_error_matches (self->error, MS_ERROR, MS_ERROR_NO_LEADER)
                  ? BACKOFF_UNAVAILABLE_MAX_MS : BACKOFF_MAX_MS;

    /* Capped now as well: earlier failures may have grown it past a 503's cap. */
    delay = MIN (self->backoff_ms, cap);
    self->backoff_ms = CLAMP (delay * 2, BACKOFF_MIN_MS, cap);
  }
  if (delay == 0)
    delay = BACKOFF_MIN_MS / 2;
  delay = delay / 2 + g_random_int_range (0, delay / 2 + 1);

  set_state (self, MS_OPERATOR_CLIENT_STATE_BACKOFF);
  g_clear_handle_id (&self->backoff_id, g_source_remove);
  self->backoff_id = g_timeout_add (delay, backoff_done, self);
}

/* ---- drift check ------------------------------------------------------- */

/* The value of the entry called @name in an answer's list of {name,
 * value} (GET_METRICS' metrics, GET_FLAGS' flags), or %NULL. */
static const MsJsonValue *
named_value (MsStateParser *parsed,
             const char    *answer,
             const char    *list_name,
             const char    *name)
{
  const MsJsonValue *list = ms_json_value_get_path (ms_state_parser_get_root (parsed),
                                                    answer, list_name, NULL);

  if (list == NULL || list->type != MS_JSON_ARRAY)
    return NULL;

  for (const MsJsonValue *entry = list->first; entry != NULL; entry = entry->next)
    if (g_strcmp0 (ms_json_value_get_string (ms_json_value_get_member (entry, "name")), name) == 0)
      return ms_json_value_get_member (entry, "value");

  return NULL;
}

static gboolean
metric (MsStateParser *parsed,
        const char    *name,
        double        *value)
{
  return ms_json_value_get_double (named_value (parsed, "get_metrics", "metrics", name), value);
}

static void
on_refresh (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MsOperatorClient *self = MS_OPERATOR_CLIENT (object);
  g_autoptr(MsStateParser) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call = user_data;

  parsed = ms_operator_client_call_finish (self, result, &error);
  if (parsed == NULL || self->state != MS_OPERATOR_CLIENT_STATE_LIVE)
    {
      if (parsed == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("refresh %s: %s", call, error->message);
      return;
    }

  if (g_str_equal (call, "GET_AGENTS"))
    ms_cluster_refresh_agents (self->cluster, parsed);
  else
    ms_cluster_refresh_frameworks (self->cluster, parsed);
}

static void
on_metrics (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MsOperatorClient *self = MS_OPERATOR_CLIENT (object);
  g_autoptr(MsStateParser) parsed = NULL;
  g_autoptr(GError) error = NULL;
  double agents, frameworks, running, staging, starting;

  parsed = ms_operator_client_call_finish (self, result, &error);
  if (parsed == NULL || self->state != MS_OPERATOR_CLIENT_STATE_LIVE)
    return;

  if (metric (parsed, "master/slaves_active", &agents) &&
      (guint)agents != ms_cluster_count_active_agents (self->cluster))
    {
      ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_DRIFT, NULL,
                       _("The master counts %u active agents, the model %u: refreshing agents "
                         "(agents that went unreachable or gone send no event)"),
                       (guint)agents, ms_cluster_count_active_agents (self->cluster));
      ms_operator_client_call_async (self, "GET_AGENTS", self->drift_cancellable, on_refresh,
                                     g_strdup ("GET_AGENTS"));
    }

  if (metric (parsed, "master/frameworks_connected", &frameworks) &&
      (guint)frameworks != ms_cluster_count_connected_frameworks (self->cluster))
    {
      ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_DRIFT, NULL,
                       _("The master counts %u connected frameworks, the model %u: refreshing "
                         "frameworks (disconnections send no event)"),
                       (guint)frameworks, ms_cluster_count_connected_frameworks (self->cluster));
      ms_operator_client_call_async (self, "GET_FRAMEWORKS", self->drift_cancellable, on_refresh,
                                     g_strdup ("GET_FRAMEWORKS"));
    }

  /* Live task counts must agree; terminal counts are counters on real
   * masters and cannot be compared.
   */
  if (metric (parsed, "master/tasks_running", &running) &&
      metric (parsed, "master/tasks_staging", &staging) &&
      metric (parsed, "master/tasks_starting", &starting) &&
      (guint)(running + staging + starting) !=
        ms_cluster_count_tasks (self->cluster, "TASK_RUNNING") +
        ms_cluster_count_tasks (self->cluster, "TASK_STAGING") +
        ms_cluster_count_tasks (self->cluster, "TASK_STARTING"))
    g_debug ("live task counts differ from the master's (possibly in flight)");
}

/* The master forgets completed tasks and frameworks past its flags'
 * limits, without an event: the model forgets them alike. */
static gboolean
flag_uint (MsStateParser *parsed,
           const char    *name,
           guint         *value)
{
  /* Mesos gives every flag's value as text. */
  const char *text = ms_json_value_get_string (named_value (parsed, "get_flags", "flags", name));
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT - 1, &number, NULL))
    return FALSE;
  *value = (guint)number;

  return TRUE;
}

static void
on_flags (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MsOperatorClient *self = MS_OPERATOR_CLIENT (object);
  g_autoptr(MsStateParser) parsed = NULL;
  g_autoptr(GError) error = NULL;
  guint max_tasks, max_frameworks;
  guint most_tasks, removed;

  parsed = ms_operator_client_call_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->state != MS_OPERATOR_CLIENT_STATE_LIVE)
    return;

  /* Without VIEW_FLAGS, from an old master, or a flag missing: Mesos'
   * defaults, not what a leader before this one said; or more, where the
   * snapshot showed the master keeps more. */
  ms_cluster_get_completed_kept (self->cluster, &most_tasks, &removed);
  max_tasks = MAX (MS_CLUSTER_MAX_COMPLETED_TASKS, most_tasks);
  max_frameworks = MAX (MS_CLUSTER_MAX_COMPLETED_FRAMEWORKS, removed);
  if (parsed == NULL)
    {
      g_debug ("GET_FLAGS: %s; Mesos' limits of completed tasks (or the snapshot's) are assumed",
               error->message);
    }
  else
    {
      gboolean tasks_read = flag_uint (parsed, "max_completed_tasks_per_framework", &max_tasks);
      gboolean frameworks_read = flag_uint (parsed, "max_completed_frameworks", &max_frameworks);

      if (!tasks_read || !frameworks_read)
        g_debug ("GET_FLAGS: a limit of completed tasks is missing or invalid; "
                 "Mesos' default (or the snapshot's) is assumed");
    }
  ms_cluster_set_completed_limits (self->cluster, max_tasks, max_frameworks);
}

static gboolean
drift_check (gpointer data)
{
  MsOperatorClient *self = data;

  if (self->state == MS_OPERATOR_CLIENT_STATE_LIVE)
    ms_operator_client_call_async (self, "GET_METRICS", self->drift_cancellable, on_metrics, NULL);

  return G_SOURCE_CONTINUE;
}

static void
start_drift_timer (MsOperatorClient *self)
{
  g_clear_handle_id (&self->drift_id, g_source_remove);
  g_cancellable_cancel (self->drift_cancellable);
  g_clear_object (&self->drift_cancellable);

  self->drift_cancellable = g_cancellable_new ();
  /* This leader's limits: the next one may have others. */
  ms_operator_client_call_async (self, "GET_FLAGS", self->drift_cancellable, on_flags, NULL);
  if (self->drift_interval == 0)
    return;

  self->drift_id = g_timeout_add_seconds (self->drift_interval, drift_check, self);
  g_source_set_name_by_id (self->drift_id, "[mesoscope] drift check");
}

/* ---- following the leader ---------------------------------------------- */

static void
on_leader_changed (MsOperatorClient *self,
                   GParamSpec       *pspec,
                   MsLeaderDetector *detector)
{
  g_autoptr(GUri) target = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before = NULL;

  if (!self->started || self->fixed_url != NULL)
    return;

  target = current_target (self);
  if (target == NULL)
    return; /* No leader known: keep what we have; a dead stream breaks by itself. */

  now = uri_endpoint (target);
  before = self->target ? uri_endpoint (self->target) : NULL;
  if (self->state == MS_OPERATOR_CLIENT_STATE_LIVE && g_strcmp0 (now, before) == 0)
    return;

  /* A failover (not the first leader found): time the resync from it. */
  if (before != NULL)
    {
      self->leader_changed_at = ms_leader_detector_get_leader_changed_at (detector);
      self->elected_at = self->leader_changed_at;
      if (self->lost_at == 0 || self->lost_at > self->elected_at)
        {
          self->lost_at = self->elected_at;
          self->lost_how = _("ZooKeeper named a new leader");
        }
    }
  if (self->state == MS_OPERATOR_CLIENT_STATE_LIVE || self->state == MS_OPERATOR_CLIENT_STATE_SYNCING)
    {
      ms_cluster_mark_stale (self->cluster);
      ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_STREAM_LOST, NULL,
                       _("The leader moved to %s: resubscribing; the model is stale until its "
                         "snapshot arrives"), now);
    }
  self->backoff_ms = 0;
  subscribe (self);
}

static void
on_recovered_changed (MsOperatorClient *self,
                      GParamSpec       *pspec,
                      MsCluster        *cluster)
{
  guint expected = ms_cluster_get_n_expected_agents (cluster);

  if (ms_cluster_get_n_recovered_agents (cluster) == 0 && expected > 0 && self->snapshot_applied_at > 0 &&
      self->state == MS_OPERATOR_CLIENT_STATE_LIVE)
    ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_REREGISTERED, NULL,
                     _("All %u recovered agents re-registered, %.0f ms after the snapshot"),
                     expected, (g_get_monotonic_time () - self->snapshot_applied_at) / 1e3);
}

static void
on_resync_needed (MsOperatorClient *self,
                  const char       *reason,
                  MsCluster        *cluster)
{
  ms_operator_client_resync (self, reason);
}

/**
 * ms_operator_client_resync:
 * @reason: why, for the timeline
 *
 * Resubscribes (at most once every 5 s): the new snapshot replaces the model.
 */
void
ms_operator_client_resync (MsOperatorClient *self,
                           const char       *reason)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));

  if (!self->started || self->state != MS_OPERATOR_CLIENT_STATE_LIVE ||
      now - self->last_resync < RESYNC_MIN_GAP_US)
    return;

  self->last_resync = now;
  ms_cluster_mark_stale (self->cluster);
  ms_timeline_add (self->timeline, MS_TIMELINE_EVENT_DRIFT, NULL, _("Resynchronising: %s"), reason);
  subscribe (self);
}

/* ---- GObject ----------------------------------------------------------- */

static void
ms_operator_client_dispose (GObject *object)
{
  MsOperatorClient *self = (MsOperatorClient *)object;

  self->started = FALSE;
  close_stream (self);
  g_clear_handle_id (&self->backoff_id, g_source_remove);
  if (self->detector != NULL)
    g_signal_handlers_disconnect_by_data (self->detector, self);
  if (self->cluster != NULL)
    g_signal_handlers_disconnect_by_data (self->cluster, self);
  g_clear_object (&self->detector);

  G_OBJECT_CLASS (ms_operator_client_parent_class)->dispose (object);
}

static void
ms_operator_client_finalize (GObject *object)
{
  MsOperatorClient *self = (MsOperatorClient *)object;

  g_clear_object (&self->cluster);
  g_clear_object (&self->timeline);
  g_clear_object (&self->session);
  ms_state_parser_cache_clear (&self->record_parser);
  g_clear_pointer (&self->fixed_url, g_uri_unref);
  g_clear_pointer (&self->target, g_uri_unref);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ms_operator_client_parent_class)->finalize (object);
}

static void
ms_operator_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MsOperatorClient *self = MS_OPERATOR_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_operator_client_class_init (MsOperatorClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_operator_client_dispose;
  object_class->finalize = ms_operator_client_finalize;
  object_class->get_property = ms_operator_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       MS_TYPE_OPERATOR_CLIENT_STATE, MS_OPERATOR_CLIENT_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MsOperatorClient:error:
   *
   * Why the stream is not live, for people; %NULL when live.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsOperatorClient::event:
   * @type: the record's type (`SUBSCRIBED`, `TASK_UPDATED`, …)
   * @record: (type gpointer): the record as an `MsJsonValue`, valid during
   *   the emission (the big arrays of a snapshot are not in it)
   *
   * A record of the stream was applied to the model.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);

  end_of_record = g_bytes_new_static ("", 0);
}

static void
ms_operator_client_init (MsOperatorClient *self)
{
  /* No overall timeout: a SUBSCRIBE stream lives for hours; the heartbeat
   * watchdog tells a dead one.
   */
  /* More than libsoup's 2 connections per host: the stream holds one for
   * its life, and the liveness probe must not queue behind slow calls
   * (a GET_AGENTS on a large cluster) and be taken for a hung master.
   */
  self->session = soup_session_new_with_options ("timeout", 0,
                                                 "max-conns-per-host", 8,
                                                 "user-agent", "mesoscope/" PACKAGE_VERSION,
                                                 NULL);
  self->watchdog_factor = MS_OPERATOR_CLIENT_DEFAULT_WATCHDOG_FACTOR;
  self->drift_interval = MS_OPERATOR_CLIENT_DEFAULT_DRIFT_INTERVAL;
  g_queue_init (&self->backlog);
}

MsOperatorClient *
ms_operator_client_new (MsCluster  *cluster,
                        MsTimeline *timeline)
{
  MsOperatorClient *self;

  g_return_val_if_fail (MS_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (timeline == NULL || MS_IS_TIMELINE (timeline), NULL);

  self = g_object_new (MS_TYPE_OPERATOR_CLIENT, NULL);
  self->cluster = g_object_ref (cluster);
  self->timeline = timeline ? g_object_ref (timeline) : ms_timeline_new (0);
  g_signal_connect_object (cluster, "notify::n-recovered-agents",
                           G_CALLBACK (on_recovered_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cluster, "resync-needed",
                           G_CALLBACK (on_resync_needed), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * ms_operator_client_set_detector:
 *
 * Follows the detector's leader: every change of leader resubscribes.
 */
void
ms_operator_client_set_detector (MsOperatorClient *self,
                                 MsLeaderDetector *detector)
{
  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));

  if (self->detector != NULL)
    g_signal_handlers_disconnect_by_data (self->detector, self);
  g_set_object (&self->detector, detector);
  if (detector != NULL)
    g_signal_connect_object (detector, "notify::leader",
                             G_CALLBACK (on_leader_changed), self, G_CONNECT_SWAPPED);
}

/**
 * ms_operator_client_set_master_url:
 * @url: `http(s)://host:port`, a fixed master instead of the leader
 *
 * Returns: %FALSE with @error set to %MS_ERROR_INVALID_URL when @url is not
 *   an http or https URL with a host
 */
gboolean
ms_operator_client_set_master_url (MsOperatorClient  *self,
                                   const char        *url,
                                   GError           **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  int port;

  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), FALSE);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL, _("Invalid master URL: %s"),
                   local_error->message);
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  if ((g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Expected a master URL such as http://host:5050"));
      return FALSE;
    }
  if (g_uri_get_user (uri) != NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Give credentials separately, not in the master URL"));
      return FALSE;
    }

  /* A master's port when none is given is Mesos' 5050, not HTTP's: the
   * URL is read again without the scheme's defaults to tell.
   */
  {
    g_autoptr(GUri) as_given = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

    port = as_given != NULL && g_uri_get_port (as_given) > 0 ? g_uri_get_port (as_given) : 5050;
  }
  g_clear_pointer (&self->fixed_url, g_uri_unref);
  self->fixed_url = g_uri_build (SOUP_HTTP_URI_FLAGS, scheme, NULL, g_uri_get_host (uri), port,
                                 "/api/v1", NULL, NULL);

  return TRUE;
}

/**
 * ms_operator_client_set_credentials:
 * @user: (nullable): the HTTP principal, or %NULL for none
 *
 * Sends HTTP basic credentials with every call. They are never logged.
 */
void
ms_operator_client_set_credentials (MsOperatorClient *self,
                                    const char       *user,
                                    const char       *password)
{
  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->user, g_free);

  if (user != NULL)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", user, password ? password : "");
      g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));

      self->authorization = g_strdup_printf ("Basic %s", encoded);
      self->user = g_strdup (user);
      memset (pair, 0, strlen (pair));
    }
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *msg,
                   gpointer     user_data)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
}

/**
 * ms_operator_client_set_tls:
 * @ca_file: (nullable): trust the CAs in this PEM file instead of the system's
 * @insecure: accept any certificate (an explicit opt-out, never a default)
 */
gboolean
ms_operator_client_set_tls (MsOperatorClient  *self,
                            const char        *ca_file,
                            gboolean           insecure,
                            GError           **error)
{
  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), FALSE);

  if (ca_file != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &local_error);

      if (database == NULL)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_TLS, _("Cannot load CA file %s: %s"),
                       ca_file, local_error->message);
          return FALSE;
        }
      soup_session_set_tls_database (self->session, database);
    }

  if (insecure && !self->insecure)
    g_signal_connect (self->session, "request-queued", G_CALLBACK (on_request_queued), NULL);
  self->insecure = insecure;

  return TRUE;
}

/**
 * ms_operator_client_set_leader_https:
 * @https: whether masters found through ZooKeeper speak HTTPS
 *
 * MasterInfo carries no scheme: Mesos' own clients reach the leader over
 * HTTPS when their own SSL support is on (`LIBPROCESS_SSL_ENABLED`, see
 * src/scheduler/scheduler.cpp). Over HTTPS with certificates verified,
 * the leader is reached by its host name, the name its certificate is made
 * for; otherwise by its IP, as Mesos' own clients do. Set this and
 * ms_operator_client_set_tls() before ms_operator_client_start().
 */
void
ms_operator_client_set_leader_https (MsOperatorClient *self,
                                     gboolean          https)
{
  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));

  self->leader_https = !!https;
}

void
ms_operator_client_set_watchdog_factor (MsOperatorClient *self,
                                        double            factor)
{
  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));
  g_return_if_fail (factor > 0);

  self->watchdog_factor = factor;
}

/**
 * ms_operator_client_set_drift_interval:
 * @seconds: between GET_METRICS checks, 0 for none
 */
void
ms_operator_client_set_drift_interval (MsOperatorClient *self,
                                       guint             seconds)
{
  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));

  self->drift_interval = seconds;
  if (self->state == MS_OPERATOR_CLIENT_STATE_LIVE)
    start_drift_timer (self);
}

void
ms_operator_client_start (MsOperatorClient *self)
{
  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->backoff_ms = 0;
  set_error (self, NULL);
  subscribe (self);
}

void
ms_operator_client_stop (MsOperatorClient *self)
{
  g_return_if_fail (MS_IS_OPERATOR_CLIENT (self));

  self->started = FALSE;
  close_stream (self);
  g_clear_handle_id (&self->backoff_id, g_source_remove);
  ms_cluster_mark_stale (self->cluster);
  set_state (self, MS_OPERATOR_CLIENT_STATE_STOPPED);
}

MsOperatorClientState
ms_operator_client_get_state (MsOperatorClient *self)
{
  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), 0);
  return self->state;
}

const GError *
ms_operator_client_get_error (MsOperatorClient *self)
{
  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), NULL);
  return self->error;
}

/**
 * ms_operator_client_dup_target:
 *
 * Returns: (transfer full) (nullable): `host:port` of the master streamed from
 */
char *
ms_operator_client_dup_target (MsOperatorClient *self)
{
  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), NULL);
  return self->target ? uri_endpoint (self->target) : NULL;
}

MsCluster *
ms_operator_client_get_cluster (MsOperatorClient *self)
{
  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), NULL);
  return self->cluster;
}

guint64
ms_operator_client_get_n_records (MsOperatorClient *self)
{
  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), 0);
  return self->n_records;
}

/**
 * ms_operator_client_get_n_pending:
 *
 * Returns: how many records of the stream were received and are not
 *   applied yet: they wait while a snapshot is read, then are applied a
 *   few milliseconds at a time
 */
guint
ms_operator_client_get_n_pending (MsOperatorClient *self)
{
  g_return_val_if_fail (MS_IS_OPERATOR_CLIENT (self), 0);
  return self->backlog.length;
}

const char *
ms_operator_client_state_to_string (MsOperatorClientState state)
{
  switch (state)
    {
    case MS_OPERATOR_CLIENT_STATE_STOPPED:
      return _("stopped");
    case MS_OPERATOR_CLIENT_STATE_WAITING:
      return _("waiting for a leader");
    case MS_OPERATOR_CLIENT_STATE_CONNECTING:
      return _("subscribing");
    case MS_OPERATOR_CLIENT_STATE_SYNCING:
      return _("reading the snapshot");
    case MS_OPERATOR_CLIENT_STATE_LIVE:
      return _("live");
    case MS_OPERATOR_CLIENT_STATE_BACKOFF:
      return _("reconnecting");
    default:
      return "?";
    }
}
