/* ms-zk-source.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-zk-source"

#include "config.h"

#include "ms-zk-source.h"

/*
 * MsZkSource drives a single-threaded ZooKeeper handle from a GLib main
 * loop: the client tells which fd, which direction and how long to wait
 * (zookeeper_interest), the loop polls, and zookeeper_process does the I/O
 * and runs watchers and completions on this thread.
 *
 * zookeeper_interest is called in every prepare, not only after dispatch:
 * it opens (re)connections, sends pings when due, and picks up the write
 * interest that every new zoo_a*() call creates, so a request queued from
 * any callback goes out on the next loop iteration.
 *
 * The client also resolves its server names again in every
 * zookeeper_interest call by default: a getaddrinfo() in every loop
 * iteration, which was an eighth of the window's main thread while a
 * cluster churned, and would be a DNS query each time for an ensemble
 * named by host. While the session is connected the source lets it
 * resolve once a minute (zoo_set_servers_resolution_delay); as soon as it
 * is not, the client's default is back (without a socket the client
 * resolves whatever the delay). An earlier version that set the delay for
 * the handle's whole life once saw a handle created while its server was
 * down never connect; that did not reproduce since (the zk-source test
 * covers the case), but limiting the delay to connected sessions keeps
 * every connection attempt exactly as the client does it by default.
 */

typedef struct
{
  GSource       parent;

  zhandle_t    *zh;
  gpointer      fd_tag;
  int           fd;
  GIOCondition  condition;
  int           last_rc;
  gint64        deadline;
  gboolean      resolving_rarely;
} MsZkSource;

#define CONNECTED_RESOLUTION_DELAY_MS 60000

static gboolean
is_fatal (int rc)
{
  return rc == ZINVALIDSTATE || rc == ZBADARGUMENTS;
}

static void
forget_fd (MsZkSource *self)
{
  if (self->fd_tag != NULL)
    {
      g_source_remove_unix_fd ((GSource *)self, self->fd_tag);
      self->fd_tag = NULL;
    }
  self->fd = -1;
}

static gboolean
ms_zk_source_prepare (GSource *source,
                      int     *timeout)
{
  MsZkSource *self = (MsZkSource *)source;
  struct timeval tv = { 0, 0 };
  GIOCondition condition = 0;
  int interest = 0;
  int fd = -1;
  int rc;
  gint64 wait_ms;
  gboolean connected = zoo_state (self->zh) == ZOO_CONNECTED_STATE;

  if (connected != self->resolving_rarely)
    {
      zoo_set_servers_resolution_delay (self->zh, connected ? CONNECTED_RESOLUTION_DELAY_MS : 0);
      self->resolving_rarely = connected;
    }

  rc = zookeeper_interest (self->zh, &fd, &interest, &tv);
  self->last_rc = rc;

  if (is_fatal (rc))
    {
      forget_fd (self);
      *timeout = -1;
      return TRUE;
    }

  if (rc != ZOK)
    {
      /* A lost connection: the client closed the socket (fd may name the
       * closed one) and reconnects on the next call. Come back at once.
       */
      g_debug ("zookeeper_interest: %s", zerror (rc));
      forget_fd (self);
      self->deadline = g_source_get_time (source);
      *timeout = 0;
      return FALSE;
    }

  if (interest & ZOOKEEPER_READ)
    condition |= G_IO_IN | G_IO_HUP | G_IO_ERR;
  if (interest & ZOOKEEPER_WRITE)
    condition |= G_IO_OUT;

  if (fd != self->fd)
    {
      forget_fd (self);
      if (fd >= 0)
        {
          self->fd = fd;
          self->condition = condition;
          self->fd_tag = g_source_add_unix_fd (source, fd, condition);
        }
    }
  else if (self->fd_tag != NULL && condition != self->condition)
    {
      /* Only on a change: g_source_modify_unix_fd() wakes the context up,
       * and doing it in every prepare made the loop spin without sleeping.
       */
      self->condition = condition;
      g_source_modify_unix_fd (source, self->fd_tag, condition);
    }

  /* Round up: waking a little early would only spin. */
  wait_ms = (gint64)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
  self->deadline = g_source_get_time (source) + wait_ms * 1000;
  *timeout = (int)MIN (wait_ms, G_MAXINT);

  return FALSE;
}

static gboolean
ms_zk_source_check (GSource *source)
{
  MsZkSource *self = (MsZkSource *)source;

  if (is_fatal (self->last_rc))
    return TRUE;

  if (self->fd_tag != NULL && g_source_query_unix_fd (source, self->fd_tag) != 0)
    return TRUE;

  return g_source_get_time (source) >= self->deadline;
}

static gboolean
ms_zk_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  MsZkSource *self = (MsZkSource *)source;
  MsZkSourceFunc func = (MsZkSourceFunc)(void (*) (void))callback;
  GIOCondition revents = 0;
  int events = 0;
  int rc;

  if (is_fatal (self->last_rc))
    {
      rc = self->last_rc;
      goto fatal;
    }

  if (self->fd_tag != NULL)
    revents = g_source_query_unix_fd (source, self->fd_tag);

  if (revents & (G_IO_IN | G_IO_HUP | G_IO_ERR))
    events |= ZOOKEEPER_READ;
  if (revents & G_IO_OUT)
    events |= ZOOKEEPER_WRITE;

  /* Called with no events as well when only the timeout fired: the client
   * then notices idle connections and runs pending completions.
   */
  rc = zookeeper_process (self->zh, events);
  if (rc == ZOK || rc == ZNOTHING)
    return G_SOURCE_CONTINUE;

  if (!is_fatal (rc))
    {
      g_debug ("zookeeper_process: %s", zerror (rc));
      return G_SOURCE_CONTINUE;
    }

fatal:
  forget_fd (self);
  if (func == NULL)
    return G_SOURCE_REMOVE;

  return func (self->zh, rc, user_data);
}

static GSourceFuncs ms_zk_source_funcs = {
  .prepare = ms_zk_source_prepare,
  .check = ms_zk_source_check,
  .dispatch = ms_zk_source_dispatch,
};

/**
 * ms_zk_source_new:
 * @zh: a handle from zookeeper_init(); the source does not own it
 * @func: (nullable): called when the handle becomes unusable
 *
 * Returns: (transfer full): a new source; attach it to the main context
 *   whose thread may use @zh
 */
GSource *
ms_zk_source_new (zhandle_t      *zh,
                  MsZkSourceFunc  func,
                  gpointer        user_data,
                  GDestroyNotify  notify)
{
  MsZkSource *self;
  GSource *source;

  g_return_val_if_fail (zh != NULL, NULL);

  source = g_source_new (&ms_zk_source_funcs, sizeof (MsZkSource));
  self = (MsZkSource *)source;
  self->zh = zh;
  self->fd = -1;
  self->last_rc = ZOK;

  g_source_set_name (source, "[mesoscope] ZooKeeper");
  g_source_set_callback (source, (GSourceFunc)(void (*) (void))func, user_data, notify);

  return source;
}

/**
 * ms_zk_source_log:
 *
 * A log callback for zookeeper_init2(): the client's log goes to g_debug
 * in the "zookeeper" domain instead of standard error.
 */
void
ms_zk_source_log (const char *message)
{
  g_log ("zookeeper", G_LOG_LEVEL_DEBUG, "%s", message);
}
