/* ms-error.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_ERROR (ms_error_quark ())

/**
 * MsError:
 * @MS_ERROR_INVALID_URL: a cluster URL could not be parsed
 * @MS_ERROR_INVALID_DATA: data from outside (ZooKeeper, HTTP) is malformed
 * @MS_ERROR_ZK: ZooKeeper returned an error not covered below
 * @MS_ERROR_ZK_NO_NODE: the ZooKeeper path does not exist
 * @MS_ERROR_ZK_AUTH_FAILED: ZooKeeper rejected the credentials
 * @MS_ERROR_ZK_NOT_AUTHORIZED: the ZooKeeper ACL does not allow reading the path
 * @MS_ERROR_ZK_SESSION_EXPIRED: the ZooKeeper session expired
 * @MS_ERROR_TIMED_OUT: an operation did not finish in time
 * @MS_ERROR_PROTOCOL: a peer broke the protocol
 * @MS_ERROR_FAILED: anything else
 */
typedef enum
{
  MS_ERROR_INVALID_URL,
  MS_ERROR_INVALID_DATA,
  MS_ERROR_ZK,
  MS_ERROR_ZK_NO_NODE,
  MS_ERROR_ZK_AUTH_FAILED,
  MS_ERROR_ZK_NOT_AUTHORIZED,
  MS_ERROR_ZK_SESSION_EXPIRED,
  MS_ERROR_TIMED_OUT,
  MS_ERROR_PROTOCOL,
  MS_ERROR_FAILED,
} MsError;

GQuark ms_error_quark (void);

G_END_DECLS
