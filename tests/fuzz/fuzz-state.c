/* fuzz-state.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* The operator stream's parser and the model behind every view. The input
 * is up to 16 records separated by NUL bytes (JSON never contains one):
 * each is parsed and applied to an MsCluster that already holds a small
 * snapshot, so events find agents, frameworks and tasks to change, and a
 * record may itself be a SUBSCRIBED snapshot. Each record is also fed to a
 * fresh MsStateParser in pieces. After every record the task counts by
 * state must equal a count of the tasks the model lists, and the two ways
 * of reading JSON (whole, and fed in pieces) must agree on the record.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "../json-agree.h"
#include "ms-cluster.h"
#include "ms-state-parser.h"
#include "ms-task.h"

static const char snapshot[] =
  "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":{"
  "\"get_agents\":{\"agents\":[{\"active\":true,\"agent_info\":{\"hostname\":\"h1\","
  "\"id\":{\"value\":\"A-S0\"},\"port\":5051,\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
  "\"scalar\":{\"value\":4.0}},{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1024}}]},"
  "\"total_resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":4.0}}],"
  "\"pid\":\"slave(1)@10.0.0.1:5051\",\"registered_time\":{\"nanoseconds\":1}}]},"
  "\"get_frameworks\":{\"frameworks\":[{\"framework_info\":{\"id\":{\"value\":\"F-0000\"},"
  "\"name\":\"fw\",\"user\":\"root\",\"roles\":[\"*\"]},\"active\":true,\"connected\":true}]},"
  "\"get_tasks\":{\"tasks\":[{\"name\":\"t\",\"task_id\":{\"value\":\"T1\"},"
  "\"framework_id\":{\"value\":\"F-0000\"},\"agent_id\":{\"value\":\"A-S0\"},"
  "\"state\":\"TASK_RUNNING\",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
  "\"scalar\":{\"value\":1.0}}],\"statuses\":[{\"state\":\"TASK_RUNNING\",\"timestamp\":1.0,"
  "\"task_id\":{\"value\":\"T1\"}}]}]}},\"heartbeat_interval_seconds\":15.0}}";

static void
check_counts (MsCluster *cluster)
{
  GListModel *tasks = ms_cluster_get_tasks (cluster);
  g_autoptr(GHashTable) tally = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer state, count;
  guint n = g_list_model_get_n_items (tasks);

  if (ms_cluster_count_tasks (cluster, NULL) != n)
    abort ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsTask) task = g_list_model_get_item (tasks, i);
      const char *s = ms_task_get_state (task);

      if (task == NULL || s == NULL)
        abort ();
      count = g_hash_table_lookup (tally, s);
      g_hash_table_insert (tally, (gpointer)s, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
    }

  g_hash_table_iter_init (&iter, tally);
  while (g_hash_table_iter_next (&iter, &state, &count))
    if (ms_cluster_count_tasks (cluster, state) != GPOINTER_TO_UINT (count))
      abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MsCluster) cluster = NULL;
  const char *p = (const char *)data;
  const char *end = p + size;
  gsize piece;

  fuzz_init ();
  piece = fuzz_piece_size_json (&data, &size);
  p = (const char *)data;
  end = p + size;

  cluster = ms_cluster_new ();
  if (!ms_cluster_apply_record (cluster, snapshot, sizeof snapshot - 1, NULL))
    abort ();
  check_counts (cluster);

  for (guint records = 0; p <= end && records < 16; records++)
    {
      const char *nul = memchr (p, '\0', end - p);
      gsize len = (nul ? nul : end) - p;
      g_autoptr(MsStateParser) parser = ms_state_parser_new ();
      g_autoptr(GError) error = NULL;
      gboolean ok = TRUE;

      if (!ms_cluster_apply_record (cluster, p, len, &error) && error == NULL)
        abort ();
      check_counts (cluster);

      {
        g_autofree char *why = json_agree (p, len, piece);

        if (why != NULL)
          {
            g_printerr ("fuzz-state: the JSON readers disagree: %s\n", why);
            abort ();
          }
      }

      for (gsize off = 0; ok && off < len; off += piece)
        ok = ms_state_parser_feed (parser, p + off, MIN (piece, len - off), NULL);
      if (ok)
        ms_state_parser_finish (parser, NULL);

      if (nul == NULL)
        break;
      p = nul + 1;
    }

  return 0;
}
