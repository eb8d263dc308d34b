/* test-zk-source.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <netdb.h>

#include "ms-test-zk.h"
#include "ms-zk-source.h"

static MsTestZk *zk;

/* Every getaddrinfo() of this process, the ZooKeeper client's included:
 * this definition comes before libc's for the client's calls.
 */
static guint resolutions;

static gpointer
find_next_getaddrinfo (gpointer data)
{
  return dlsym (RTLD_NEXT, "getaddrinfo");
}

int
getaddrinfo (const char             *node,
             const char             *service,
             const struct addrinfo  *hints,
             struct addrinfo       **res)
{
  typedef int (*GetAddrInfo) (const char *, const char *, const struct addrinfo *, struct addrinfo **);
  static GOnce once = G_ONCE_INIT;
  GetAddrInfo next = (GetAddrInfo) g_once (&once, find_next_getaddrinfo, NULL);

  g_atomic_int_inc (&resolutions);

  return next (node, service, hints, res);
}

typedef struct
{
  int      last_state;
  gboolean connected;
  gboolean expired;
  int      fatal_rc;
  guint    fatal_calls;
  gboolean done;
  int      rc;
  gint64   done_at;
} Ctx;

static void
watcher (zhandle_t  *zh,
         int         type,
         int         state,
         const char *path,
         void       *data)
{
  Ctx *ctx = data;

  if (type != ZOO_SESSION_EVENT)
    return;
  ctx->last_state = state;
  if (state == ZOO_CONNECTED_STATE)
    ctx->connected = TRUE;
  if (state == ZOO_EXPIRED_SESSION_STATE)
    ctx->expired = TRUE;
}

static gboolean
on_fatal (zhandle_t *zh,
          int        rc,
          gpointer   data)
{
  Ctx *ctx = data;

  ctx->fatal_rc = rc;
  ctx->fatal_calls++;

  return G_SOURCE_REMOVE;
}

static gboolean
is_connected (gpointer data)
{
  return ((Ctx *)data)->connected;
}

static gboolean
is_done (gpointer data)
{
  return ((Ctx *)data)->done;
}

static gboolean
is_fatal (gpointer data)
{
  return ((Ctx *)data)->fatal_calls > 0;
}

static void
exists_done (int                rc,
             const struct Stat *stat,
             const void        *data)
{
  Ctx *ctx = (Ctx *)data;

  ctx->rc = rc;
  ctx->done = TRUE;
  ctx->done_at = g_get_monotonic_time ();
}

static zhandle_t *
open_handle (Ctx *ctx,
             int  timeout_ms,
             GSource **source)
{
  zhandle_t *zh = zookeeper_init2 (ms_test_zk_get_servers (zk), watcher, timeout_ms, NULL, ctx,
                                   0, ms_zk_source_log);

  g_assert_nonnull (zh);
  *source = ms_zk_source_new (zh, on_fatal, ctx, NULL);
  g_source_attach (*source, NULL);

  return zh;
}

static void
test_connect (void)
{
  Ctx ctx = { 0 };
  GSource *source;
  zhandle_t *zh = open_handle (&ctx, 30000, &source);

  g_assert_true (ms_test_wait_until (is_connected, &ctx, 20000));
  g_assert_cmpint (zoo_state (zh), ==, ZOO_CONNECTED_STATE);

  g_source_destroy (source);
  g_source_unref (source);
  zookeeper_close (zh);
  g_assert_cmpuint (ctx.fatal_calls, ==, 0);
}

/* Counts the iterations of the loop it is attached to. */
typedef struct
{
  GSource parent;
  guint   iterations;
} Counter;

static gboolean
counter_prepare (GSource *source,
                 int     *timeout)
{
  ((Counter *)source)->iterations++;
  *timeout = -1;

  return FALSE;
}

static GSourceFuncs counter_funcs = { .prepare = counter_prepare };

/* A connected, idle handle lets the loop sleep: it wakes for pings (a
 * third of the session timeout apart), not continuously. Updating the fd's
 * events in every prepare used to wake the context up each time, so the
 * loop spun at a full core while nothing happened.
 */
static void
test_idle_loop_sleeps (void)
{
  Ctx ctx = { 0 };
  GSource *source;
  zhandle_t *zh = open_handle (&ctx, 30000, &source);
  GSource *counter = g_source_new (&counter_funcs, sizeof (Counter));

  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_assert_true (ms_test_wait_until (is_connected, &ctx, 20000));
  g_source_attach (counter, NULL);
  /* A blocking loop, as the programs run it. */
  g_timeout_add_once (1000, (GSourceOnceFunc)g_main_loop_quit, loop);
  g_main_loop_run (loop);
  g_test_message ("%u loop iterations in 1 s of idle", ((Counter *)counter)->iterations);
  /* A spinning loop iterates tens of thousands of times a second. */
  g_assert_cmpuint (((Counter *)counter)->iterations, <, 50);

  g_source_destroy (counter);
  g_source_unref (counter);
  g_source_destroy (source);
  g_source_unref (source);
  zookeeper_close (zh);
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
is_disconnected (gpointer data)
{
  return zoo_state (data) != ZOO_CONNECTED_STATE;
}

static gboolean
is_state_connected (gpointer data)
{
  return zoo_state (data) == ZOO_CONNECTED_STATE;
}

/* The client resolves its server names in every zookeeper_interest() by
 * default, so in every iteration of a busy loop (a window under churn
 * iterates thousands of times a second). Connected, the source keeps it to
 * once a minute; a reconnection resolves again.
 */
static void
test_resolves_when_connecting (void)
{
  Ctx ctx = { 0 };
  GSource *source;
  guint before = g_atomic_int_get (&resolutions);
  zhandle_t *zh = open_handle (&ctx, 30000, &source);
  GSource *counter = g_source_new (&counter_funcs, sizeof (Counter));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint waking;

  g_assert_true (ms_test_wait_until (is_connected, &ctx, 20000));
  g_assert_cmpuint (g_atomic_int_get (&resolutions), >, before);

  /* A busy loop, connected. */
  before = g_atomic_int_get (&resolutions);
  g_source_attach (counter, NULL);
  waking = g_timeout_add (1, keep_waking, NULL);
  g_timeout_add_once (500, (GSourceOnceFunc)g_main_loop_quit, loop);
  g_main_loop_run (loop);
  g_test_message ("%u loop iterations, %u resolutions", ((Counter *)counter)->iterations,
                  g_atomic_int_get (&resolutions) - before);
  g_assert_cmpuint (((Counter *)counter)->iterations, >=, 100);
  g_assert_cmpuint (g_atomic_int_get (&resolutions) - before, <=, 1);

  /* The server goes away and comes back: the client resolves to reconnect
   * (it does whenever it has no socket, whatever the delay).
   */
  before = g_atomic_int_get (&resolutions);
  ms_test_zk_restart (zk);
  g_assert_true (ms_test_wait_until (is_disconnected, zh, 20000));
  g_assert_true (ms_test_wait_until (is_state_connected, zh, 20000));
  g_assert_cmpuint (g_atomic_int_get (&resolutions), >, before);

  g_source_remove (waking);
  g_source_destroy (counter);
  g_source_unref (counter);
  g_source_destroy (source);
  g_source_unref (source);
  zookeeper_close (zh);
}

/* A handle made while its server is down connects once the server is up
 * (an earlier version of the source, which set the resolution delay for
 * the handle's whole life, was once seen never to connect here).
 */
static void
test_connects_when_server_comes_up (void)
{
  Ctx ctx = { 0 };
  GSource *source;
  zhandle_t *zh;

  ms_test_zk_stop (zk);
  zh = open_handle (&ctx, 30000, &source);
  ms_test_sleep (1500);
  g_assert_false (ctx.connected);

  ms_test_zk_restart (zk);
  g_assert_true (ms_test_wait_until (is_connected, &ctx, 20000));
  g_assert_cmpint (zoo_state (zh), ==, ZOO_CONNECTED_STATE);

  g_source_destroy (source);
  g_source_unref (source);
  zookeeper_close (zh);
}

typedef struct
{
  zhandle_t *zh;
  Ctx       *ctx;
  gint64     sent_at;
} Later;

static void
send_later (gpointer data)
{
  Later *later = data;

  later->sent_at = g_get_monotonic_time ();
  g_assert_cmpint (zoo_aexists (later->zh, "/", 0, exists_done, later->ctx), ==, ZOK);
}

/* A request made from any main-loop callback goes out on the next
 * iteration, not at the next ping (the session timeout here is 30 s, so a
 * ping would be 10 s away): prepare() picks up the new write interest.
 */
static void
test_request_from_callback (void)
{
  Ctx ctx = { 0 };
  GSource *source;
  zhandle_t *zh = open_handle (&ctx, 30000, &source);
  Later later = { zh, &ctx, 0 };

  g_assert_true (ms_test_wait_until (is_connected, &ctx, 20000));
  /* Let the connection go idle first. */
  ms_test_sleep (300);

  g_timeout_add_once (10, send_later, &later);
  g_assert_true (ms_test_wait_until (is_done, &ctx, 5000));
  g_assert_cmpint (ctx.rc, ==, ZOK);
  g_test_message ("round trip %.2f ms", (ctx.done_at - later.sent_at) / 1000.0);
  g_assert_cmpint (ctx.done_at - later.sent_at, <, 1000 * 1000);

  g_source_destroy (source);
  g_source_unref (source);
  zookeeper_close (zh);
}

/* When the server expires the session, the source reports the handle as
 * unusable once, and the owner gets to close it.
 */
static void
test_expiry_is_fatal (void)
{
  Ctx ctx = { 0 };
  GSource *source;
  zhandle_t *zh = open_handle (&ctx, 400, &source);

  g_assert_true (ms_test_wait_until (is_connected, &ctx, 20000));

  /* The process stalls (no pings) for longer than the session timeout:
   * the server expires the session, and on its next attempt the client
   * learns it and the handle becomes unusable.
   */
  g_usleep (1500 * 1000);
  g_assert_true (ms_test_wait_until (is_fatal, &ctx, 20000));
  g_assert_cmpint (ctx.fatal_rc, ==, ZINVALIDSTATE);
  g_assert_cmpuint (ctx.fatal_calls, ==, 1);
  /* Whether the watcher saw the expiry event first depends on how the
   * client noticed; the owner asks zoo_state() either way.
   */
  g_test_message ("state %d, expired event %d", zoo_state (zh), ctx.expired);
  g_assert_cmpint (zoo_state (zh), !=, ZOO_CONNECTED_STATE);
  g_assert_true (g_source_is_destroyed (source));

  g_source_unref (source);
  zookeeper_close (zh);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  zk = ms_test_zk_start ();

  g_test_add_func ("/ms/zk-source/connect", test_connect);
  g_test_add_func ("/ms/zk-source/idle-loop-sleeps", test_idle_loop_sleeps);
  g_test_add_func ("/ms/zk-source/resolves-when-connecting", test_resolves_when_connecting);
  g_test_add_func ("/ms/zk-source/connects-when-server-comes-up", test_connects_when_server_comes_up);
  g_test_add_func ("/ms/zk-source/request-from-callback", test_request_from_callback);
  g_test_add_func ("/ms/zk-source/expiry-is-fatal", test_expiry_is_fatal);

  ret = g_test_run ();

  ms_test_zk_free (zk);

  return ret;
}
