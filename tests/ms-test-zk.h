/* ms-test-zk.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>
#include <zookeeper/zookeeper.h>

#include "ms-cluster.h"
#include "ms-sim-cluster.h"

G_BEGIN_DECLS

/* A real ZooKeeper server (Debian's `zookeeper` package) for one test
 * program: its own data directory, a free loopback port, a small tick so
 * that session expiry tests are fast.
 */
typedef struct _MsTestZk MsTestZk;

MsTestZk   *ms_test_zk_start        (void);
void        ms_test_zk_stop         (MsTestZk    *zk);
void        ms_test_zk_restart      (MsTestZk    *zk);
void        ms_test_zk_free         (MsTestZk    *zk);
const char *ms_test_zk_get_servers  (MsTestZk    *zk);
void        ms_test_zk_dump_log     (MsTestZk    *zk);
char       *ms_test_zk_url          (MsTestZk    *zk,
                                     const char  *path);
char       *ms_test_unique_path     (const char  *prefix);

typedef struct _MsTestZkEnsemble MsTestZkEnsemble;

MsTestZkEnsemble *ms_test_zk_ensemble_start       (guint             n);
void              ms_test_zk_ensemble_free        (MsTestZkEnsemble *ensemble);
const char       *ms_test_zk_ensemble_get_servers (MsTestZkEnsemble *ensemble);
MsTestZk         *ms_test_zk_ensemble_get_member  (MsTestZkEnsemble *ensemble,
                                                   guint             index);
int               ms_test_zk_ensemble_find_member (MsTestZkEnsemble *ensemble,
                                                   const char       *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTestZkEnsemble, ms_test_zk_ensemble_free)

MsSimCluster     *ms_test_sim_cluster_new         (const MsZkUrl      *url,
                                                   const MsSimOptions *options);

/* Runs the thread-default main context until @cond holds or @timeout_ms
 * passes; returns whether it holds.
 */
typedef gboolean (*MsTestCondition) (gpointer data);
gboolean    ms_test_wait_until      (MsTestCondition  cond,
                                     gpointer         data,
                                     guint            timeout_ms);
void        ms_test_sleep           (guint            ms);

/* The most completed (terminal) tasks @cluster holds for one framework. */
guint       ms_test_most_completed  (MsCluster       *cluster);

/* A self-signed certificate for @names (a subjectAltName value such as
 * "IP:127.0.0.1,DNS:localhost"), made with openssl in @dir (cert.pem and
 * key.pem); @cert_file gets the certificate's path.
 */
GTlsCertificate *ms_test_certificate_new (const char  *dir,
                                          const char  *names,
                                          char       **cert_file);

/* A launcher whose children die with this process, however it ends. */
GSubprocessLauncher *ms_test_launcher_new (GSubprocessFlags flags);

/* A small client to shape the tree as a test needs, driven by MsZkSource. */
typedef struct _MsTestZkClient MsTestZkClient;

MsTestZkClient *ms_test_zk_client_new      (MsTestZk         *zk,
                                            const char       *credentials);
void            ms_test_zk_client_free     (MsTestZkClient   *client);
int             ms_test_zk_client_create   (MsTestZkClient   *client,
                                            const char       *path,
                                            const char       *data,
                                            gssize            len,
                                            int               flags,
                                            gboolean          creator_only,
                                            char            **created);
int             ms_test_zk_client_delete   (MsTestZkClient   *client,
                                            const char       *path);
int             ms_test_zk_client_exists   (MsTestZkClient   *client,
                                            const char       *path);
zhandle_t      *ms_test_zk_client_get_handle (MsTestZkClient *client);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTestZkClient, ms_test_zk_client_free)

G_END_DECLS
