/* ms-types.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MsCandidate       MsCandidate;
typedef struct _MsLeaderDetector  MsLeaderDetector;
typedef struct _MsMasterInfo      MsMasterInfo;
typedef struct _MsOperatorClient  MsOperatorClient;
typedef struct _MsTimeline        MsTimeline;
typedef struct _MsTimelineEvent   MsTimelineEvent;
typedef struct _MsZkUrl           MsZkUrl;

/**
 * MsLeaderDetectorState:
 * @MS_LEADER_DETECTOR_STATE_STOPPED: not started, or stopped
 * @MS_LEADER_DETECTOR_STATE_CONNECTING: opening a new ZooKeeper session
 * @MS_LEADER_DETECTOR_STATE_CONNECTED: the session is connected; the leader is current
 * @MS_LEADER_DETECTOR_STATE_SUSPENDED: the connection was lost; the session may still
 *   be alive, so the last leader is kept but cannot be confirmed
 * @MS_LEADER_DETECTOR_STATE_EXPIRED: the session expired (on the server, or locally
 *   because no server could be reached within the session timeout); a new one is
 *   being opened and no leader is known
 * @MS_LEADER_DETECTOR_STATE_AUTH_FAILED: ZooKeeper rejected the credentials; this is
 *   not retried
 */
typedef enum
{
  MS_LEADER_DETECTOR_STATE_STOPPED,
  MS_LEADER_DETECTOR_STATE_CONNECTING,
  MS_LEADER_DETECTOR_STATE_CONNECTED,
  MS_LEADER_DETECTOR_STATE_SUSPENDED,
  MS_LEADER_DETECTOR_STATE_EXPIRED,
  MS_LEADER_DETECTOR_STATE_AUTH_FAILED,
} MsLeaderDetectorState;

/**
 * MsMasterInfoFormat:
 * @MS_MASTER_INFO_FORMAT_JSON: `json.info_` member: MasterInfo as JSON (Mesos >= 0.24)
 * @MS_MASTER_INFO_FORMAT_PROTOBUF: `info_` member: MasterInfo protobuf (Mesos < 0.24)
 * @MS_MASTER_INFO_FORMAT_PID: unlabelled member: a bare `master@ip:port` string
 */
typedef enum
{
  MS_MASTER_INFO_FORMAT_JSON,
  MS_MASTER_INFO_FORMAT_PROTOBUF,
  MS_MASTER_INFO_FORMAT_PID,
} MsMasterInfoFormat;

/**
 * MsTimelineEventKind:
 * @MS_TIMELINE_EVENT_LEADER_ELECTED: a (new) leader was detected
 * @MS_TIMELINE_EVENT_LEADER_LOST: the leader is gone and no successor is known yet
 * @MS_TIMELINE_EVENT_CANDIDATE_JOINED: a master joined the group
 * @MS_TIMELINE_EVENT_CANDIDATE_LEFT: a master left the group
 * @MS_TIMELINE_EVENT_CANDIDATE_INVALID: a member's data could not be read
 * @MS_TIMELINE_EVENT_ZK_CONNECTED: the ZooKeeper session is connected
 * @MS_TIMELINE_EVENT_ZK_DISCONNECTED: the ZooKeeper connection was lost
 * @MS_TIMELINE_EVENT_ZK_EXPIRED: the ZooKeeper session expired
 * @MS_TIMELINE_EVENT_ZK_ERROR: ZooKeeper refused a request (auth, ACL, missing path)
 * @MS_TIMELINE_EVENT_STREAM_SUBSCRIBED: the operator stream is open and its snapshot applied
 * @MS_TIMELINE_EVENT_STREAM_LOST: the operator stream broke; the model is stale
 * @MS_TIMELINE_EVENT_LEADER_UNREACHABLE: the leader's port refused us or its stream fell
 *   silent: a crash suspected before ZooKeeper knows
 * @MS_TIMELINE_EVENT_REDIRECTED: a master sent us to the leader (307)
 * @MS_TIMELINE_EVENT_REREGISTERED: every recovered agent re-registered with the new leader
 * @MS_TIMELINE_EVENT_DRIFT: the model disagreed with the master's counts and was refreshed
 * @MS_TIMELINE_EVENT_API_ERROR: the operator API refused a call
 * @MS_TIMELINE_EVENT_FAILOVER: one failover, summarised: how the old leader's
 *   loss was learned and how long each step took until the model was live again
 * @MS_TIMELINE_EVENT_LEADER_ANSWERS: a leader suspected of a crash answers again
 */
typedef enum
{
  MS_TIMELINE_EVENT_LEADER_ELECTED,
  MS_TIMELINE_EVENT_LEADER_LOST,
  MS_TIMELINE_EVENT_CANDIDATE_JOINED,
  MS_TIMELINE_EVENT_CANDIDATE_LEFT,
  MS_TIMELINE_EVENT_CANDIDATE_INVALID,
  MS_TIMELINE_EVENT_ZK_CONNECTED,
  MS_TIMELINE_EVENT_ZK_DISCONNECTED,
  MS_TIMELINE_EVENT_ZK_EXPIRED,
  MS_TIMELINE_EVENT_ZK_ERROR,
  MS_TIMELINE_EVENT_STREAM_SUBSCRIBED,
  MS_TIMELINE_EVENT_STREAM_LOST,
  MS_TIMELINE_EVENT_LEADER_UNREACHABLE,
  MS_TIMELINE_EVENT_REDIRECTED,
  MS_TIMELINE_EVENT_REREGISTERED,
  MS_TIMELINE_EVENT_DRIFT,
  MS_TIMELINE_EVENT_API_ERROR,
  MS_TIMELINE_EVENT_FAILOVER,
  MS_TIMELINE_EVENT_LEADER_ANSWERS,
} MsTimelineEventKind;

/**
 * MsOperatorClientState:
 * @MS_OPERATOR_CLIENT_STATE_STOPPED: not started
 * @MS_OPERATOR_CLIENT_STATE_WAITING: no leader known yet
 * @MS_OPERATOR_CLIENT_STATE_CONNECTING: subscribing
 * @MS_OPERATOR_CLIENT_STATE_SYNCING: the stream is open, the snapshot is being read
 * @MS_OPERATOR_CLIENT_STATE_LIVE: the model follows the stream
 * @MS_OPERATOR_CLIENT_STATE_BACKOFF: the stream broke; waiting before resubscribing
 */
typedef enum
{
  MS_OPERATOR_CLIENT_STATE_STOPPED,
  MS_OPERATOR_CLIENT_STATE_WAITING,
  MS_OPERATOR_CLIENT_STATE_CONNECTING,
  MS_OPERATOR_CLIENT_STATE_SYNCING,
  MS_OPERATOR_CLIENT_STATE_LIVE,
  MS_OPERATOR_CLIENT_STATE_BACKOFF,
} MsOperatorClientState;

G_END_DECLS
