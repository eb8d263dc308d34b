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
 * @MS_ERROR_NO_LEADER: no leading master is known (or it answered 503)
 * @MS_ERROR_CONNECTION_REFUSED: the master's port refused the connection
 * @MS_ERROR_HTTP_REDIRECT: a redirect loop or a redirect to nowhere
 * @MS_ERROR_HTTP_UNAUTHORIZED: 401: credentials missing or refused
 * @MS_ERROR_HTTP_FORBIDDEN: 403
 * @MS_ERROR_HTTP_BAD_REQUEST: 400
 * @MS_ERROR_HTTP_NOT_ACCEPTABLE: 406
 * @MS_ERROR_HTTP_UNSUPPORTED_MEDIA_TYPE: 415
 * @MS_ERROR_HTTP_NOT_IMPLEMENTED: 501
 * @MS_ERROR_HTTP_CONTENT_TYPE: the response is not JSON
 * @MS_ERROR_HTTP: another HTTP status
 * @MS_ERROR_TLS: the TLS connection failed (handshake, protocol, …)
 * @MS_ERROR_TLS_CERTIFICATE: the master's certificate could not be verified
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
  MS_ERROR_NO_LEADER,
  MS_ERROR_CONNECTION_REFUSED,
  MS_ERROR_HTTP_REDIRECT,
  MS_ERROR_HTTP_UNAUTHORIZED,
  MS_ERROR_HTTP_FORBIDDEN,
  MS_ERROR_HTTP_BAD_REQUEST,
  MS_ERROR_HTTP_NOT_ACCEPTABLE,
  MS_ERROR_HTTP_UNSUPPORTED_MEDIA_TYPE,
  MS_ERROR_HTTP_NOT_IMPLEMENTED,
  MS_ERROR_HTTP_CONTENT_TYPE,
  MS_ERROR_HTTP,
  MS_ERROR_TLS,
  MS_ERROR_FAILED,
  MS_ERROR_TLS_CERTIFICATE,
} MsError;

GQuark ms_error_quark (void);

G_END_DECLS
