/* ms-test-zk.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-test-zk"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "ms-sim-cluster.h"
#include "ms-test-zk.h"
#include "ms-zk-source.h"

#define START_TIMEOUT_MS 60000

struct _MsTestZk
{
  char        *dir;
  char        *config;
  char        *servers;
  guint16      port;
  GSubprocess *process;
  gboolean     ensemble;   /* a member of an MsTestZkEnsemble */
};

struct _MsTestZkEnsemble
{
  GPtrArray *members;   /* of MsTestZk */
  char      *servers;
};

/* The server and the jars it needs, from Debian's zookeeper package. */
static const char * const jars[] = {
  "zookeeper.jar", "zookeeper-jute.jar", "slf4j-api.jar", "slf4j-nop.jar",
  "netty-handler.jar", "netty-common.jar", "netty-buffer.jar", "netty-transport.jar",
  "netty-transport-native-epoll.jar", "netty-transport-native-unix-common.jar",
  "netty-resolver.jar", "netty-codec.jar", "commons-cli.jar", "metrics-core.jar",
  "commons-io.jar",
};

static char *
build_classpath (void)
{
  GString *cp = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (jars); i++)
    {
      g_autofree char *path = g_build_filename ("/usr/share/java", jars[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_error ("ZooKeeper tests need %s (install Debian's zookeeper package: "
                 "build-aux/install-deps.sh)", path);
      if (cp->len > 0)
        g_string_append_c (cp, ':');
      g_string_append (cp, path);
    }

  return g_string_free (cp, FALSE);
}

/* @n distinct free loopback ports: all sockets stay bound until every
 * port is known, so the kernel cannot hand out one port twice. (Another
 * process may still take one before ZooKeeper binds it.)
 */
static void
find_free_ports (guint    n,
                 guint16 *ports)
{
  int *fds = g_newa (int, n);

  for (guint i = 0; i < n; i++)
    {
      struct sockaddr_in addr = { 0 };
      socklen_t len = sizeof addr;

      fds[i] = socket (AF_INET, SOCK_STREAM, 0);
      g_assert_cmpint (fds[i], >=, 0);
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      g_assert_cmpint (bind (fds[i], (struct sockaddr *)&addr, sizeof addr), ==, 0);
      g_assert_cmpint (getsockname (fds[i], (struct sockaddr *)&addr, &len), ==, 0);
      ports[i] = ntohs (addr.sin_port);
    }
  for (guint i = 0; i < n; i++)
    close (fds[i]);
}

/* Sends a four-letter command; returns the reply, or NULL. */
static char *
four_letter (guint16     port,
             const char *command)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  char buf[4096] = { 0 };
  gsize n = 0;

  g_socket_client_set_timeout (client, 1);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (conn == NULL)
    return NULL;

  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                  command, 4, NULL, NULL, NULL))
    return NULL;
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                           buf, sizeof buf - 1, &n, NULL, NULL);

  return g_strndup (buf, n);
}

/* "ruok" → "imok" once the server process listens (not yet a quorum). */
static gboolean
server_answers (guint16 port)
{
  g_autofree char *reply = four_letter (port, "ruok");

  return g_strcmp0 (reply, "imok") == 0;
}

/* "srvr" names the member's mode (leader, follower) once it is in a quorum. */
static gboolean
server_in_quorum (guint16 port)
{
  g_autofree char *reply = four_letter (port, "srvr");

  return reply != NULL && (strstr (reply, "Mode: leader") != NULL ||
                           strstr (reply, "Mode: follower") != NULL);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GTlsCertificate *
ms_test_certificate_new (const char  *dir,
                         const char  *names,
                         char       **cert_file)
{
  g_autofree char *san = g_strdup_printf ("subjectAltName=%s", names);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;
  const char *openssl[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-subj", "/CN=mesoscope-test", "-addext", san,
    "-keyout", key, "-out", cert, NULL,
  };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)openssl, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  if (cert_file != NULL)
    *cert_file = g_steal_pointer (&cert);

  return certificate;
}

/**
 * ms_test_launcher_new:
 * @flags: the children's flags
 *
 * Returns: (transfer full): a launcher whose children (a ZooKeeper server,
 *   a simulator, a command line program) die with the test program,
 *   whatever way it ends
 */
GSubprocessLauncher *
ms_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  return launcher;
}

static void
launch (MsTestZk *zk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *classpath = build_classpath ();
  g_autofree char *log = g_build_filename (zk->dir, "server.log", NULL);

  launcher = ms_test_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_cwd (launcher, zk->dir);
  zk->process = g_subprocess_launcher_spawn (launcher, &error,
                                             "java", "-Xmx256m", "-XX:+UseSerialGC",
                                             "-XX:TieredStopAtLevel=1",
                                             "-cp", classpath,
                                             "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                                             zk->config, NULL);
  g_assert_no_error (error);
}

/* Until the server serves clients: for an ensemble member, once it is in
 * a quorum ("srvr" then names its mode).
 */
static void
wait_serving (MsTestZk *zk)
{
  g_autofree char *log = g_build_filename (zk->dir, "server.log", NULL);
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;

  while (zk->ensemble ? !server_in_quorum (zk->port) : !server_answers (zk->port))
    {
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (zk->process) == NULL)
        {
          g_autofree char *contents = NULL;

          g_file_get_contents (log, &contents, NULL, NULL);
          g_error ("ZooKeeper did not start on port %u:\n%s", zk->port,
                   contents ? contents : "(no log)");
        }
      g_usleep (20 * 1000);
    }
}

static void
spawn (MsTestZk *zk)
{
  launch (zk);
  wait_serving (zk);
}

/* A server in its own directory; @quorum: the ensemble's "server.N=" lines
 * and this member's id, or NULL for a standalone server.
 */
static MsTestZk *
prepare (guint16     port,
         const char *quorum,
         guint       myid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  MsTestZk *zk = g_new0 (MsTestZk, 1);

  zk->dir = g_dir_make_tmp ("mesoscope-zk-XXXXXX", &error);
  g_assert_no_error (error);
  zk->port = port;
  zk->servers = g_strdup_printf ("127.0.0.1:%u", zk->port);
  zk->ensemble = quorum != NULL;
  data = g_build_filename (zk->dir, "data", NULL);
  g_mkdir (data, 0700);

  /* tickTime 100 ms: sessions may be as short as 200 ms. */
  config = g_strdup_printf ("tickTime=100\n"
                            "initLimit=50\n"
                            "syncLimit=20\n"
                            "dataDir=%s\n"
                            "clientPort=%u\n"
                            "clientPortAddress=127.0.0.1\n"
                            "minSessionTimeout=200\n"
                            "maxSessionTimeout=60000\n"
                            "admin.enableServer=false\n"
                            "4lw.commands.whitelist=ruok,srvr,stat\n"
                            "preAllocSize=1024\n"
                            "maxClientCnxns=0\n"
                            "%s",
                            data, zk->port, quorum ? quorum : "");
  zk->config = g_build_filename (zk->dir, "zoo.cfg", NULL);
  g_file_set_contents (zk->config, config, -1, &error);
  g_assert_no_error (error);

  if (quorum != NULL)
    {
      g_autofree char *myid_path = g_build_filename (data, "myid", NULL);
      g_autofree char *myid_text = g_strdup_printf ("%u\n", myid);

      g_file_set_contents (myid_path, myid_text, -1, &error);
      g_assert_no_error (error);
    }

  return zk;
}

MsTestZk *
ms_test_zk_start (void)
{
  guint16 port;
  MsTestZk *zk;

  find_free_ports (1, &port);
  zk = prepare (port, NULL, 0);

  spawn (zk);

  return zk;
}

/**
 * ms_test_zk_ensemble_start:
 * @n: members (3 for a quorum that survives one loss)
 *
 * An ensemble on loopback, each member with its own ports and directory;
 * returns once every member is in the quorum.
 */
MsTestZkEnsemble *
ms_test_zk_ensemble_start (guint n)
{
  MsTestZkEnsemble *ensemble = g_new0 (MsTestZkEnsemble, 1);
  g_autoptr(GString) quorum = g_string_new (NULL);
  g_autoptr(GString) servers = g_string_new (NULL);
  guint16 *ports = g_newa (guint16, 3 * n);   /* client, quorum and election ports */

  ensemble->members = g_ptr_array_new_with_free_func ((GDestroyNotify)ms_test_zk_free);
  find_free_ports (3 * n, ports);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (quorum, "server.%u=127.0.0.1:%u:%u\n", i + 1,
                              ports[n + 2 * i], ports[n + 2 * i + 1]);
      g_string_append_printf (servers, "%s127.0.0.1:%u", i ? "," : "", ports[i]);
    }
  ensemble->servers = g_string_free (g_steal_pointer (&servers), FALSE);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ensemble->members, prepare (ports[i], quorum->str, i + 1));
  /* All at once: a member waits for the others to form a quorum. */
  for (guint i = 0; i < n; i++)
    launch (g_ptr_array_index (ensemble->members, i));
  for (guint i = 0; i < n; i++)
    wait_serving (g_ptr_array_index (ensemble->members, i));

  return ensemble;
}

void
ms_test_zk_ensemble_free (MsTestZkEnsemble *ensemble)
{
  if (ensemble == NULL)
    return;

  g_ptr_array_unref (ensemble->members);
  g_free (ensemble->servers);
  g_free (ensemble);
}

const char *
ms_test_zk_ensemble_get_servers (MsTestZkEnsemble *ensemble)
{
  return ensemble->servers;
}

/**
 * ms_test_zk_ensemble_get_member:
 *
 * Returns: (transfer none): member @index, to stop or restart it
 */
MsTestZk *
ms_test_zk_ensemble_get_member (MsTestZkEnsemble *ensemble,
                                guint             index)
{
  return g_ptr_array_index (ensemble->members, index);
}

/**
 * ms_test_zk_ensemble_find_member:
 * @server: "host:port" as zoo_get_current_server() gives it
 *
 * Returns: the index of the member serving @server, or -1
 */
int
ms_test_zk_ensemble_find_member (MsTestZkEnsemble *ensemble,
                                 const char       *server)
{
  for (guint i = 0; server != NULL && i < ensemble->members->len; i++)
    {
      MsTestZk *member = g_ptr_array_index (ensemble->members, i);
      const char *colon = strrchr (server, ':');

      if (colon != NULL && g_ascii_strtoull (colon + 1, NULL, 10) == member->port)
        return i;
    }

  return -1;
}

/* Like a crash of the server: SIGKILL, data kept for a restart. */
void
ms_test_zk_stop (MsTestZk *zk)
{
  if (zk->process == NULL)
    return;

  g_subprocess_send_signal (zk->process, SIGKILL);
  g_subprocess_wait (zk->process, NULL, NULL);
  g_clear_object (&zk->process);
}

void
ms_test_zk_restart (MsTestZk *zk)
{
  ms_test_zk_stop (zk);
  spawn (zk);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
ms_test_zk_free (MsTestZk *zk)
{
  if (zk == NULL)
    return;

  ms_test_zk_stop (zk);
  remove_tree (zk->dir);
  g_free (zk->dir);
  g_free (zk->config);
  g_free (zk->servers);
  g_free (zk);
}

/**
 * ms_test_zk_dump_log:
 *
 * Puts what the server says of itself into the test log (on a failure):
 * the server logs nothing else (slf4j-nop), but "stat" lists its clients
 * and their outstanding requests.
 */
void
ms_test_zk_dump_log (MsTestZk *zk)
{
  g_autofree char *log = g_build_filename (zk->dir, "server.log", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *stat = four_letter (zk->port, "stat");

  g_file_get_contents (log, &contents, NULL, NULL);
  g_test_message ("ZooKeeper on port %u, process %s; stat:\n%s\nserver output:\n%s", zk->port,
                  zk->process && g_subprocess_get_identifier (zk->process) ? "running" : "gone",
                  stat ? stat : "(no answer)", contents ? contents : "(none)");
}

const char *
ms_test_zk_get_servers (MsTestZk *zk)
{
  return zk->servers;
}

char *
ms_test_zk_url (MsTestZk   *zk,
                const char *path)
{
  return g_strdup_printf ("zk://%s%s", zk->servers, path);
}

char *
ms_test_unique_path (const char *prefix)
{
  static guint counter;

  return g_strdup_printf ("/%s-%u", prefix, ++counter);
}

gboolean
ms_test_wait_until (MsTestCondition cond,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  GMainContext *context = g_main_context_get_thread_default ();

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      /* Wake at least every 10 ms to re-check the deadline. */
      if (!g_main_context_pending (context))
        g_usleep (1000);
      g_main_context_iteration (context, FALSE);
    }

  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
ms_test_sleep (guint ms)
{
  ms_test_wait_until (never, NULL, ms);
}

guint
ms_test_most_completed (MsCluster *cluster)
{
  g_autoptr(GHashTable) completed = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *tasks = ms_cluster_get_tasks (cluster);
  guint most = 0;

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(MsTask) task = g_list_model_get_item (tasks, i);
      const char *framework = ms_task_get_framework_id (task);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (completed, framework));

      if (!ms_task_is_active (task))
        {
          g_hash_table_insert (completed, (gpointer)framework, GUINT_TO_POINTER (n + 1));
          most = MAX (most, n + 1);
        }
    }

  return most;
}

struct _MsTestZkClient
{
  zhandle_t *zh;
  GSource   *source;
  gboolean   connected;
};

typedef struct
{
  gboolean  done;
  int       rc;
  char     *value;
} Result;

static void
client_watcher (zhandle_t  *zh,
                int         type,
                int         state,
                const char *path,
                void       *ctx)
{
  MsTestZkClient *client = ctx;

  if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE)
    client->connected = TRUE;
}

static gboolean
is_connected (gpointer data)
{
  return ((MsTestZkClient *)data)->connected;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *)data)->done;
}

static void
void_done (int         rc,
           const void *data)
{
  Result *result = (Result *)data;

  result->rc = rc;
  result->done = TRUE;
}

static void
string_done (int         rc,
             const char *value,
             const void *data)
{
  Result *result = (Result *)data;

  result->rc = rc;
  result->value = g_strdup (value);
  result->done = TRUE;
}

static void
stat_done (int                rc,
           const struct Stat *stat,
           const void        *data)
{
  void_done (rc, data);
}

MsTestZkClient *
ms_test_zk_client_new (MsTestZk   *zk,
                       const char *credentials)
{
  MsTestZkClient *client = g_new0 (MsTestZkClient, 1);

  client->zh = zookeeper_init2 (zk->servers, client_watcher, 30000, NULL, client, 0, ms_zk_source_log);
  g_assert_nonnull (client->zh);
  client->source = ms_zk_source_new (client->zh, NULL, NULL, NULL);
  g_source_attach (client->source, g_main_context_get_thread_default ());
  g_assert_true (ms_test_wait_until (is_connected, client, 20000));

  if (credentials != NULL)
    {
      Result result = { 0 };

      g_assert_cmpint (zoo_add_auth (client->zh, "digest", credentials, strlen (credentials),
                                     void_done, &result), ==, ZOK);
      g_assert_true (ms_test_wait_until (is_done, &result, 20000));
      g_assert_cmpint (result.rc, ==, ZOK);
    }

  return client;
}

void
ms_test_zk_client_free (MsTestZkClient *client)
{
  if (client == NULL)
    return;

  g_source_destroy (client->source);
  g_source_unref (client->source);
  zookeeper_close (client->zh);
  g_free (client);
}

zhandle_t *
ms_test_zk_client_get_handle (MsTestZkClient *client)
{
  return client->zh;
}

/**
 * ms_test_zk_client_create:
 * @creator_only: the ACL lets only the client's own identity in (no world
 *   read), as an operator who locked the path down would set it
 * @created: (out) (optional): the created path (with its sequence)
 *
 * Returns: the ZooKeeper return code
 */
int
ms_test_zk_client_create (MsTestZkClient  *client,
                          const char      *path,
                          const char      *data,
                          gssize           len,
                          int              flags,
                          gboolean         creator_only,
                          char           **created)
{
  Result result = { 0 };
  struct ACL acl[1];
  struct ACL_vector creator = { 1, acl };
  int rc;

  acl[0].perms = ZOO_PERM_ALL;
  acl[0].id.scheme = (char *)"auth";
  acl[0].id.id = (char *)"";

  if (data != NULL && len < 0)
    len = strlen (data);

  rc = zoo_acreate (client->zh, path, data, data ? len : -1,
                    creator_only ? &creator : &ZOO_OPEN_ACL_UNSAFE,
                    flags, string_done, &result);
  g_assert_cmpint (rc, ==, ZOK);
  g_assert_true (ms_test_wait_until (is_done, &result, 20000));

  if (created != NULL)
    *created = g_steal_pointer (&result.value);
  g_free (result.value);

  return result.rc;
}

int
ms_test_zk_client_delete (MsTestZkClient *client,
                          const char     *path)
{
  Result result = { 0 };

  g_assert_cmpint (zoo_adelete (client->zh, path, -1, void_done, &result), ==, ZOK);
  g_assert_true (ms_test_wait_until (is_done, &result, 20000));

  return result.rc;
}

int
ms_test_zk_client_exists (MsTestZkClient *client,
                          const char     *path)
{
  Result result = { 0 };

  g_assert_cmpint (zoo_aexists (client->zh, path, 0, stat_done, &result), ==, ZOK);
  g_assert_true (ms_test_wait_until (is_done, &result, 20000));

  return result.rc;
}

static void
log_sim_event (MsSimCluster *sim,
               const char   *line,
               gpointer      data)
{
  g_test_message ("sim event: %s", line);
}

/**
 * ms_test_sim_cluster_new:
 *
 * An in-process simulated cluster whose events (registrations, failures)
 * go to the test log, so a cluster that never gets ready says why.
 */
MsSimCluster *
ms_test_sim_cluster_new (const MsZkUrl      *url,
                         const MsSimOptions *options)
{
  MsSimCluster *sim = ms_sim_cluster_new (url, options);

  g_signal_connect (sim, "event", G_CALLBACK (log_sim_event), NULL);

  return sim;
}
