/* ms-sim-cluster.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-sim-cluster"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-leader-detector.h"
#include "ms-master-info.h"
#include "ms-sim-cluster.h"
#include "ms-zk-url.h"

/*
 * MsSimCluster runs several simulated masters in one process and answers
 * control commands (kill or crash the leader, restart, add, remove). Like
 * every Mesos master, it learns who leads from the group itself: it runs a
 * leader detector on the same path.
 */
struct _MsSimCluster
{
  GObject           parent_instance;

  MsZkUrl          *url;
  char             *hostname;
  int               session_timeout_ms;
  guint             initial_masters;
  MsSimOptions      options;
  MsSimWorld       *world;
  gboolean          had_leader;

  GPtrArray        *masters;
  MsLeaderDetector *detector;
  gboolean          ready;
};

G_DEFINE_FINAL_TYPE (MsSimCluster, ms_sim_cluster, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static MsSimMaster *add_master (MsSimCluster *self);

static void
emit_event (MsSimCluster *self,
            const char   *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
emit_event (MsSimCluster *self,
            const char   *format,
            ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  g_signal_emit (self, signals[EVENT], 0, line);
}

MsSimMaster *
ms_sim_cluster_get_leader (MsSimCluster *self)
{
  MsMasterInfo *leader;

  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), NULL);

  leader = ms_leader_detector_get_leader (self->detector);
  if (leader == NULL)
    return NULL;

  for (guint i = 0; i < self->masters->len; i++)
    {
      MsSimMaster *master = g_ptr_array_index (self->masters, i);

      if (g_strcmp0 (ms_sim_master_get_id (master), ms_master_info_get_id (leader)) == 0)
        return master;
    }

  return NULL;
}

static void
update_ready (MsSimCluster *self)
{
  gboolean ready = self->masters->len >= self->initial_masters &&
                   ms_leader_detector_get_synced (self->detector) &&
                   ms_sim_cluster_get_leader (self) != NULL;

  for (guint i = 0; ready && i < self->masters->len; i++)
    if (ms_sim_master_get_state (g_ptr_array_index (self->masters, i)) == MS_SIM_MASTER_STARTING)
      ready = FALSE;

  if (ready && !self->ready)
    {
      self->ready = TRUE;
      emit_event (self, "ready");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

static void
update_leadership (MsSimCluster *self)
{
  MsSimMaster *leader = ms_sim_cluster_get_leader (self);

  for (guint i = 0; i < self->masters->len; i++)
    {
      MsSimMaster *master = g_ptr_array_index (self->masters, i);

      ms_sim_master_set_leadership (master, master == leader,
                                    leader ? self->hostname : NULL,
                                    leader ? ms_sim_master_get_port (leader) : 0,
                                    self->options.recovery_ms);
    }
}

static void
on_leader_changed (MsSimCluster     *self,
                   GParamSpec       *pspec,
                   MsLeaderDetector *detector)
{
  MsSimMaster *leader = ms_sim_cluster_get_leader (self);

  update_leadership (self);
  if (leader != NULL)
    {
      /* The first election starts a cluster; later ones are failovers
       * that recover from the registry.
       */
      ms_sim_world_new_leader (self->world, self->had_leader);
      self->had_leader = TRUE;
      ms_sim_world_start_churn (self->world);
    }

  if (leader != NULL)
    emit_event (self, "leader master %u 127.0.0.1:%u",
                ms_sim_master_get_index (leader), ms_sim_master_get_port (leader));
  else
    emit_event (self, "leader none");

  update_ready (self);
}

static void
on_master_member (MsSimCluster *self,
                  GParamSpec   *pspec,
                  MsSimMaster  *master)
{
  update_leadership (self);
  if (ms_sim_master_get_member (master) != NULL)
    emit_event (self, "registered master %u %s id=%s http=127.0.0.1:%u",
                ms_sim_master_get_index (master),
                ms_sim_master_get_member (master),
                ms_sim_master_get_id (master),
                ms_sim_master_get_port (master));

  /* Start the initial masters one after the other, so that their sequences
   * follow their numbers and master 1 leads at first.
   */
  if (ms_sim_master_get_member (master) != NULL && self->masters->len < self->initial_masters &&
      master == g_ptr_array_index (self->masters, self->masters->len - 1))
    {
      g_autoptr(GError) error = NULL;

      if (!ms_sim_master_start (add_master (self), &error))
        emit_event (self, "failed %s", error->message);
    }

  update_ready (self);
}

static void
on_master_failed (MsSimCluster *self,
                  const GError *error,
                  MsSimMaster  *master)
{
  emit_event (self, "failed %s", error->message);
  /* A master that lost its session aborts, as Mesos masters do. */
  ms_sim_master_stop (master);
}

static MsSimMaster *
add_master (MsSimCluster *self)
{
  MsSimMaster *master;

  master = ms_sim_master_new (self->url, self->masters->len + 1,
                              self->hostname, self->session_timeout_ms);
  ms_sim_master_set_tls_certificate (master, self->options.tls_certificate);
  ms_sim_master_set_world (master, self->world, self->options.heartbeat_s,
                           self->options.credentials, self->options.acls);
  g_signal_connect_object (master, "notify::member",
                           G_CALLBACK (on_master_member), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (master, "failed",
                           G_CALLBACK (on_master_failed), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->masters, master);

  return master;
}

static void
ms_sim_cluster_dispose (GObject *object)
{
  MsSimCluster *self = (MsSimCluster *)object;

  if (self->detector != NULL)
    ms_leader_detector_stop (self->detector);
  g_clear_object (&self->detector);
  if (self->masters != NULL)
    g_ptr_array_set_size (self->masters, 0);
  if (self->world != NULL)
    ms_sim_world_stop_churn (self->world);

  G_OBJECT_CLASS (ms_sim_cluster_parent_class)->dispose (object);
}

static void
ms_sim_cluster_finalize (GObject *object)
{
  MsSimCluster *self = (MsSimCluster *)object;

  g_clear_pointer (&self->url, ms_zk_url_free);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->masters, g_ptr_array_unref);
  g_clear_pointer (&self->options.credentials, g_hash_table_unref);
  g_clear_pointer (&self->options.acls, ms_sim_acls_unref);
  g_clear_object (&self->options.tls_certificate);
  g_clear_object (&self->world);

  G_OBJECT_CLASS (ms_sim_cluster_parent_class)->finalize (object);
}

static void
ms_sim_cluster_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsSimCluster *self = MS_SIM_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_sim_cluster_class_init (MsSimClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_sim_cluster_dispose;
  object_class->finalize = ms_sim_cluster_finalize;
  object_class->get_property = ms_sim_cluster_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsSimCluster::event:
   * @line: a line for the control channel, e.g. `leader master 2 127.0.0.1:40123`
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ms_sim_cluster_init (MsSimCluster *self)
{
  self->masters = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * ms_sim_options_init:
 *
 * Mesos' defaults: 3 masters, 10 s sessions, 15 s heartbeats; a small
 * workload without churn.
 */
void
ms_sim_options_init (MsSimOptions *options)
{
  memset (options, 0, sizeof *options);
  options->n_masters = 3;
  options->hostname = "localhost";
  options->session_timeout_ms = 10000;
  options->heartbeat_s = 15;
  options->recovery_ms = 0;
  options->workload.agents = 5;
  options->workload.frameworks = 2;
  options->workload.tasks = 20;
  options->workload.churn = 0;
  options->workload.seed = 1;
  options->workload.reregister_s = 2;
}

static void
on_world_event (MsSimCluster *self,
                const char   *record,
                MsSimWorld   *world)
{
  MsSimMaster *leader = ms_sim_cluster_get_leader (self);

  if (leader != NULL)
    ms_sim_master_broadcast (leader, record);
}

MsSimCluster *
ms_sim_cluster_new (const MsZkUrl      *url,
                    const MsSimOptions *options)
{
  MsSimCluster *self;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (MS_TYPE_SIM_CLUSTER, NULL);
  self->url = ms_zk_url_copy (url);
  self->options = *options;
  self->hostname = g_strdup (options->hostname ? options->hostname : "localhost");
  self->options.hostname = self->hostname;
  if (options->credentials != NULL)
    self->options.credentials = g_hash_table_ref (options->credentials);
  if (options->acls != NULL)
    self->options.acls = ms_sim_acls_ref (options->acls);
  if (options->tls_certificate != NULL)
    self->options.tls_certificate = g_object_ref (options->tls_certificate);
  self->session_timeout_ms = options->session_timeout_ms;
  self->initial_masters = options->n_masters;
  self->world = ms_sim_world_new (&options->workload);
  g_signal_connect_object (self->world, "event", G_CALLBACK (on_world_event), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * ms_sim_cluster_get_world:
 *
 * Returns: (transfer none): the simulated agents, frameworks and tasks
 */
MsSimWorld *
ms_sim_cluster_get_world (MsSimCluster *self)
{
  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), NULL);

  return self->world;
}

/**
 * ms_sim_cluster_start:
 *
 * Starts the masters one after the other (so their sequences follow their
 * numbers) and the cluster's own leader detector.
 */
gboolean
ms_sim_cluster_start (MsSimCluster  *self,
                      GError       **error)
{
  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), FALSE);

  self->detector = ms_leader_detector_new (self->url, NULL);
  ms_leader_detector_set_session_timeout (self->detector, self->session_timeout_ms);
  g_signal_connect_object (self->detector, "notify::leader",
                           G_CALLBACK (on_leader_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "notify::synced",
                           G_CALLBACK (update_ready), self, G_CONNECT_SWAPPED);
  ms_leader_detector_start (self->detector);

  /* The others follow from on_master_member(), one at a time. */
  return self->initial_masters == 0 || ms_sim_master_start (add_master (self), error);
}

gboolean
ms_sim_cluster_get_ready (MsSimCluster *self)
{
  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), FALSE);

  return self->ready;
}

guint
ms_sim_cluster_get_n_masters (MsSimCluster *self)
{
  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), 0);

  return self->masters->len;
}

/**
 * ms_sim_cluster_get_master:
 * @index: 1-based, as in the control commands
 *
 * Returns: (transfer none) (nullable): the master
 */
MsSimMaster *
ms_sim_cluster_get_master (MsSimCluster *self,
                           guint         index)
{
  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), NULL);

  if (index == 0 || index > self->masters->len)
    return NULL;

  return g_ptr_array_index (self->masters, index - 1);
}

/**
 * ms_sim_cluster_get_detector:
 *
 * Returns: (transfer none): the detector the cluster learns its leader from
 */
MsLeaderDetector *
ms_sim_cluster_get_detector (MsSimCluster *self)
{
  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), NULL);

  return self->detector;
}

static MsSimMaster *
parse_master (MsSimCluster  *self,
              const char    *arg,
              GError       **error)
{
  guint64 index;
  MsSimMaster *master;

  if (arg == NULL || g_strcmp0 (arg, "leader") == 0)
    {
      master = ms_sim_cluster_get_leader (self);
      if (master == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no master leads right now");
      return master;
    }

  if (!g_ascii_string_to_unsigned (arg, 10, 1, G_MAXUINT, &index, NULL) ||
      (master = ms_sim_cluster_get_master (self, index)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "no master “%s” (masters are numbered 1 to %u)", arg, self->masters->len);
      return NULL;
    }

  return master;
}

static char *
format_status (MsSimCluster *self)
{
  GString *out = g_string_new (NULL);
  MsSimMaster *leader = ms_sim_cluster_get_leader (self);

  for (guint i = 0; i < self->masters->len; i++)
    {
      MsSimMaster *master = g_ptr_array_index (self->masters, i);

      g_string_append_printf (out, "%smaster %u %s http=127.0.0.1:%u member=%s id=%s%s",
                              i > 0 ? "\n" : "",
                              ms_sim_master_get_index (master),
                              ms_sim_master_state_to_string (ms_sim_master_get_state (master)),
                              ms_sim_master_get_port (master),
                              ms_sim_master_get_member (master)
                                ? ms_sim_master_get_member (master) : "-",
                              ms_sim_master_get_id (master) ? ms_sim_master_get_id (master) : "-",
                              master == leader ? " leading" : "");
    }

  return g_string_free (out, FALSE);
}

static const char help_text[] =
  "status              list the masters (state, HTTP port, member, id)\n"
  "kill [N|leader]     stop a master cleanly: its session closes, its member goes at once\n"
  "crash [N|leader]    freeze a master: no more pings, its member stays until the session expires\n"
  "restart N           start a stopped or crashed master again (new id, new member)\n"
  "add                 start one more master\n"
  "remove N            stop a master for good (its number is not reused)\n"
  "stall [N|leader]    the master accepts connections and never answers; streams fall silent\n"
  "unstall [N|leader]  answer again\n"
  "dribble BYTES       the leader's streams get BYTES every 10 ms, as over a congested link (0: normal)\n"
  "cut                 end the leader's streams in the middle of a record\n"
  "garbage             send bytes that are not RecordIO on the leader's streams\n"
  "oversized           announce a record far larger than any cap on the leader's streams\n"
  "churn EVENTS_PER_S  change the workload's rate (0 stops it)\n"
  "unreachable         an agent goes unreachable, silently as on real masters\n"
  "help                this text\n"
  "quit                stop every master and exit";

/**
 * ms_sim_cluster_run_command:
 * @line: a control command (see `help`)
 *
 * Returns: (transfer full): the reply, or %NULL with @error set
 */
char *
ms_sim_cluster_run_command (MsSimCluster  *self,
                            const char    *line,
                            GError       **error)
{
  g_auto(GStrv) argv = NULL;
  g_autofree char *trimmed = NULL;
  MsSimMaster *master;
  const char *cmd;
  const char *arg;

  g_return_val_if_fail (MS_IS_SIM_CLUSTER (self), NULL);
  g_return_val_if_fail (line != NULL, NULL);

  trimmed = g_strstrip (g_strdup (line));
  argv = g_strsplit_set (trimmed, " \t", -1);
  /* g_strsplit_set keeps empty fields between repeated blanks: drop them. */
  {
    guint j = 0;

    for (guint i = 0; argv[i] != NULL; i++)
      {
        if (argv[i][0] != '\0')
          argv[j++] = argv[i];
        else
          g_free (argv[i]);
      }
    argv[j] = NULL;
  }

  cmd = argv[0];
  arg = cmd ? argv[1] : NULL;

  if (cmd == NULL)
    return g_strdup ("");

  if (g_str_equal (cmd, "help"))
    return g_strdup (help_text);

  if (g_str_equal (cmd, "status"))
    return format_status (self);

  if (g_str_equal (cmd, "kill") || g_str_equal (cmd, "kill-leader"))
    {
      if (!(master = parse_master (self, arg, error)))
        return NULL;
      ms_sim_master_stop (master);
      return g_strdup_printf ("killed master %u", ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "crash") || g_str_equal (cmd, "crash-leader"))
    {
      if (!(master = parse_master (self, arg, error)))
        return NULL;
      ms_sim_master_crash (master);
      return g_strdup_printf ("crashed master %u (its member stays until its session expires)",
                              ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "restart"))
    {
      if (arg == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "usage: restart N");
          return NULL;
        }
      if (!(master = parse_master (self, arg, error)))
        return NULL;
      ms_sim_master_stop (master);
      if (!ms_sim_master_start (master, error))
        return NULL;
      return g_strdup_printf ("restarting master %u", ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "add"))
    {
      master = add_master (self);
      if (!ms_sim_master_start (master, error))
        return NULL;
      return g_strdup_printf ("starting master %u", ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "remove"))
    {
      if (arg == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "usage: remove N");
          return NULL;
        }
      if (!(master = parse_master (self, arg, error)))
        return NULL;
      ms_sim_master_stop (master);
      return g_strdup_printf ("removed master %u", ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "stall") || g_str_equal (cmd, "unstall"))
    {
      gboolean stall = g_str_equal (cmd, "stall");

      if (!(master = parse_master (self, arg, error)))
        return NULL;
      ms_sim_master_set_stalled (master, stall);
      return g_strdup_printf ("%s master %u", stall ? "stalled" : "unstalled",
                              ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "dribble"))
    {
      guint64 bytes;

      if (arg == NULL || !g_ascii_string_to_unsigned (arg, 10, 0, 1024 * 1024 * 1024, &bytes, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "usage: dribble BYTES");
          return NULL;
        }
      if (!(master = parse_master (self, NULL, error)))
        return NULL;
      ms_sim_master_set_dribble (master, bytes);
      return bytes ? g_strdup_printf ("master %u streams %" G_GUINT64_FORMAT " bytes every 10 ms",
                                      ms_sim_master_get_index (master), bytes)
                   : g_strdup_printf ("master %u streams at full speed",
                                      ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "cut") || g_str_equal (cmd, "garbage") || g_str_equal (cmd, "oversized"))
    {
      guint n;

      if (!(master = parse_master (self, NULL, error)))
        return NULL;
      /* Counted first: a cut ends the streams. */
      n = ms_sim_master_get_n_subscribers (master);
      if (g_str_equal (cmd, "cut"))
        ms_sim_master_cut_streams (master);
      else if (g_str_equal (cmd, "garbage"))
        ms_sim_master_send_raw (master, "this is not recordio\n", 21);
      else
        ms_sim_master_send_raw (master, "99999999999999999999\n{", 22);
      return g_strdup_printf ("%s on %u stream(s) of master %u", cmd, n,
                              ms_sim_master_get_index (master));
    }

  if (g_str_equal (cmd, "unreachable"))
    {
      const char *id = ms_sim_world_make_unreachable (self->world);

      if (id == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no reachable agent");
          return NULL;
        }
      return g_strdup_printf ("agent %s is unreachable", id);
    }

  if (g_str_equal (cmd, "churn"))
    {
      double rate = arg ? g_ascii_strtod (arg, NULL) : -1;

      if (arg == NULL || rate < 0 || rate > 1e6)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "usage: churn EVENTS_PER_S (0 to 1000000)");
          return NULL;
        }
      ms_sim_world_set_churn (self->world, rate);
      return g_strdup_printf ("churn %g events/s", rate);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "unknown command “%s” (try “help”)", cmd);
  return NULL;
}
