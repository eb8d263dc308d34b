/* bench-stream.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* Stream ingest and snapshot benchmarks, headless, on data mesoscope-sim
 * makes (the same JSON its masters send).
 *
 *   bench-stream snapshot AGENTS TASKS   SUBSCRIBED of that size: parse
 *                                         (as on the worker thread) and
 *                                         apply (as on the main thread)
 *   bench-stream events N [NODE_SCRIPT]   N events of a busy cluster,
 *                                         RecordIO-decoded, parsed, applied;
 *                                         with bench-recordio.js, the same
 *                                         stream through @dcos/recordio and
 *                                         JSON.parse in node, and the ratio
 *
 * Prints one line of figures per run; peak RSS is the process's.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ms-cluster.h"
#include "ms-recordio.h"
#include "ms-sim-world.h"
#include "ms-state-parser.h"

/* VmHWM, the peak RSS of this process image: unlike getrusage's
 * ru_maxrss, it does not carry over the parent's across fork and exec.
 */
static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;

  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

typedef struct
{
  MsStateParser *parser;
  MsCluster     *cluster;
  guint64        events;
} Sink;

static gboolean
on_record (const guint8  *data,
           gsize          len,
           gpointer       user_data,
           GError       **error)
{
  Sink *sink = user_data;

  if (!ms_cluster_apply_record (sink->cluster, (const char *)data, len, NULL))
    return TRUE;
  sink->events++;
  return TRUE;
}

static gboolean
on_begin (guint64   len,
          gpointer  user_data,
          GError  **error)
{
  Sink *sink = user_data;

  sink->parser = ms_state_parser_new ();
  return TRUE;
}

static gboolean
on_chunk (const guint8  *data,
          gsize          len,
          gpointer       user_data,
          GError       **error)
{
  Sink *sink = user_data;

  return ms_state_parser_feed (sink->parser, (const char *)data, len, error);
}

static gboolean
on_end (gpointer   user_data,
        GError   **error)
{
  Sink *sink = user_data;

  return ms_state_parser_finish (sink->parser, error);
}

/* Reads a recorded SUBSCRIBED record from a file in 64 KiB pieces, as
 * from a socket: peak RSS is then the parser's and the model's, not the
 * input's.
 */
static int
bench_snapshot_file (const char *path)
{
  g_autoptr(MsCluster) cluster = ms_cluster_new ();
  static const MsRecordioCallbacks callbacks = { on_record, on_begin, on_chunk, on_end };
  Sink sink = { NULL, cluster, 0 };
  g_autoptr(MsRecordioDecoder) decoder = ms_recordio_decoder_new (&callbacks, &sink);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (65536);
  FILE *file = fopen (path, "rb");
  double t0, t1, t2;
  guint64 len = 0;
  size_t n;

  if (file == NULL)
    g_error ("cannot open %s", path);

  t0 = now_s ();
  while ((n = fread (buffer, 1, 65536, file)) > 0)
    {
      len += n;
      if (!ms_recordio_decoder_feed (decoder, buffer, n, &error))
        g_error ("%s", error->message);
    }
  fclose (file);
  t1 = now_s ();
  if (g_getenv ("BENCH_DEBUG"))
    g_printerr ("after parse: peak %.0f MB\n", peak_rss_mb ());

  /* Apply: the main thread's part, the longest stall it causes. */
  ms_cluster_apply_snapshot (cluster, sink.parser);
  t2 = now_s ();

  g_print ("snapshot agents=%u tasks=%u bytes=%" G_GUINT64_FORMAT " parse_s=%.3f apply_s=%.3f "
           "total_s=%.3f parse_MB_per_s=%.0f peak_rss_mb=%.0f rss_ratio_to_json=%.2f\n",
           g_list_model_get_n_items (ms_cluster_get_agents (cluster)),
           g_list_model_get_n_items (ms_cluster_get_tasks (cluster)),
           len, t1 - t0, t2 - t1, t2 - t0, len / 1e6 / (t1 - t0),
           peak_rss_mb (), peak_rss_mb () / (len / 1048576.0));

  ms_state_parser_free (sink.parser);
  return 0;
}

/* Writes the SUBSCRIBED record of a cluster of that size, then measures
 * reading it in a fresh process.
 */
static int
bench_snapshot (const char *self_path,
                guint       agents,
                guint       tasks)
{
  MsSimWorkload workload = { agents, MAX (agents / 100, 5), tasks, 0, 42, 2 };
  g_autoptr(MsSimWorld) world = ms_sim_world_new (&workload);
  g_autoptr(GString) record = g_string_new ("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":");
  g_autofree char *state = ms_sim_world_dup_state_json (world, "SUBSCRIBED");
  g_autofree char *path = NULL;
  g_autoptr(GBytes) framed = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { self_path, "snapshot-file", NULL, NULL };
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  int status = 0;
  int fd;

  g_string_append (record, state);
  g_string_append (record, ",\"heartbeat_interval_seconds\":15.0}}");
  framed = ms_recordio_encode (record->str, record->len);

  fd = g_file_open_tmp ("mesoscope-snapshot-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (framed, NULL), g_bytes_get_size (framed), &error);
  g_assert_no_error (error);

  argv[2] = path;
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &ours, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_print ("%s", ours);

  if (!g_spawn_check_wait_status (status, NULL))
    return 1;

  /* The reference: Python's json.load of the same JSON, whole, in a fresh
   * process (what a script polling GET_STATE does with each answer).
   */
  {
    static const char script[] =
      "import json, sys, time\n"
      "start = time.monotonic()\n"
      "with open(sys.argv[1], 'rb') as f:\n"
      "    json.load(f)\n"
      "seconds = time.monotonic() - start\n"
      "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
      "print('snapshot_python agents=%s tasks=%s json_load_s=%.3f peak_rss_mb=%d' "
      "% (sys.argv[2], sys.argv[3], seconds, int(hwm) // 1024))\n";
    g_autofree char *agents_s = g_strdup_printf ("%u", agents);
    g_autofree char *tasks_s = g_strdup_printf ("%u", tasks);
    const char *python[] = { "/usr/bin/python3", "-c", script, path, agents_s, tasks_s, NULL };

    g_file_set_contents (path, record->str, record->len, &error);
    g_assert_no_error (error);
    g_spawn_sync (NULL, (char **)python, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &theirs,
                  NULL, &status, &error);
    g_assert_no_error (error);
    g_print ("%s", theirs);
  }

  /* The ratios, and the targets of #6: 100k tasks in < 2 s, RSS ≤ 3× JSON. */
  {
    const char *ours_s = strstr (ours, " total_s=");
    const char *ours_rss = strstr (ours, " peak_rss_mb=");
    const char *theirs_s = theirs ? strstr (theirs, " json_load_s=") : NULL;
    const char *theirs_rss = theirs ? strstr (theirs, " peak_rss_mb=") : NULL;

    if (ours_s && ours_rss && theirs_s && theirs_rss)
      {
        double t = g_ascii_strtod (ours_s + strlen (" total_s="), NULL);
        double rss = g_ascii_strtod (ours_rss + strlen (" peak_rss_mb="), NULL);
        double json_mb = record->len / (1024.0 * 1024.0);

        g_print ("snapshot ratio_time_python_to_ours=%.1f ratio_rss_python_to_ours=%.1f "
                 "time_target=%s rss_target=%s\n",
                 g_ascii_strtod (theirs_s + strlen (" json_load_s="), NULL) / t,
                 g_ascii_strtod (theirs_rss + strlen (" peak_rss_mb="), NULL) / rss,
                 tasks < 100000 || t < 2.0 ? "met" : "missed",
                 rss <= 3 * json_mb ? "met" : "missed");
      }
  }

  /* BENCH_KEEP=1 keeps the recording for profiling (callgrind, massif). */
  if (g_getenv ("BENCH_KEEP"))
    g_printerr ("kept %s (the JSON, unframed)\n", path);
  else
    g_unlink (path);

  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
on_event (MsSimWorld *world,
          const char *record,
          GByteArray *stream)
{
  g_autoptr(GBytes) framed = ms_recordio_encode (record, -1);

  g_byte_array_append (stream, g_bytes_get_data (framed, NULL), g_bytes_get_size (framed));
}

/* Runs bench-recordio.js on the recorded events (without the snapshot,
 * which our figure does not time either); sets node's framing-only and
 * framing + JSON.parse rates in events/s. FALSE if it failed.
 */
static gboolean
bench_events_node (const char *script,
                   GByteArray *stream,
                   double     *decode_rate,
                   double     *parse_rate)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "node", script, NULL, NULL };
  const char *decode, *parse;
  int status = 0;
  int fd;

  fd = g_file_open_tmp ("mesoscope-events-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, (const char *)stream->data, stream->len, &error);
  g_assert_no_error (error);

  argv[2] = path;
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, &out, NULL, &status, &error))
    {
      g_printerr ("bench-stream: node: %s\n", error->message);
      g_unlink (path);
      return FALSE;
    }
  g_unlink (path);
  g_print ("%s", out);

  if (!g_spawn_check_wait_status (status, NULL) ||
      (decode = strstr (out, " decode_events_per_s=")) == NULL ||
      (parse = strstr (out, " events_per_s=")) == NULL)
    return FALSE;

  *decode_rate = g_ascii_strtod (decode + strlen (" decode_events_per_s="), NULL);
  *parse_rate = g_ascii_strtod (parse + strlen (" events_per_s="), NULL);
  return TRUE;
}

/* The recorded stream, in 64 KiB reads as from a socket. */
static void
feed_in_reads (MsRecordioDecoder *decoder,
               GByteArray        *stream)
{
  g_autoptr(GError) error = NULL;

  for (gsize off = 0; off < stream->len; off += 65536)
    if (!ms_recordio_decoder_feed (decoder, stream->data + off, MIN (65536, stream->len - off), &error))
      g_error ("%s", error->message);
}

static gboolean
count_record (const guint8  *data,
              gsize          len,
              gpointer       user_data,
              GError       **error)
{
  (*(guint64 *)user_data)++;
  return TRUE;
}

/* Framing alone: the same stream through a decoder that only counts. */
static double
bench_framing (GByteArray *stream)
{
  static const MsRecordioCallbacks callbacks = { count_record, NULL, NULL, NULL };
  guint64 records = 0;
  g_autoptr(MsRecordioDecoder) decoder = ms_recordio_decoder_new (&callbacks, &records);
  double t0, t1;

  t0 = now_s ();
  feed_in_reads (decoder, stream);
  t1 = now_s ();

  g_print ("events_framing n=%" G_GUINT64_FORMAT " seconds=%.3f events_per_s=%.0f MB_per_s=%.0f\n",
           records, t1 - t0, records / (t1 - t0), stream->len / 1e6 / (t1 - t0));
  return records / (t1 - t0);
}

/* One ingest: a new model gets the snapshot, then the recorded events are
 * timed through the decoder, the parser and the model. Returns events/s.
 */
static double
ingest_once (GBytes     *snapshot,
             GByteArray *stream,
             guint       run)
{
  static const MsRecordioCallbacks callbacks = { on_record, NULL, NULL, NULL };
  g_autoptr(MsCluster) cluster = ms_cluster_new ();
  g_autoptr(MsRecordioDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  Sink sink = { NULL, cluster, 0 };
  double t0, t1;

  /* As the operator client sets them for a master with Mesos' defaults:
   * completed tasks past them are forgotten. */
  ms_cluster_set_completed_limits (cluster, MS_CLUSTER_MAX_COMPLETED_TASKS,
                                   MS_CLUSTER_MAX_COMPLETED_FRAMEWORKS);
  decoder = ms_recordio_decoder_new (&callbacks, &sink);
  ms_recordio_decoder_set_limits (decoder, 1024 * 1024 * 1024, MS_RECORDIO_DEFAULT_MAX_RECORD);
  if (!ms_recordio_decoder_feed (decoder, g_bytes_get_data (snapshot, NULL), g_bytes_get_size (snapshot), &error))
    g_error ("%s", error->message);
  sink.events = 0;

  t0 = now_s ();
  feed_in_reads (decoder, stream);
  t1 = now_s ();

  g_print ("events run=%u n=%" G_GUINT64_FORMAT " bytes=%u seconds=%.3f events_per_s=%.0f "
           "MB_per_s=%.0f model_tasks=%u peak_rss_mb=%.0f\n",
           run, sink.events, stream->len, t1 - t0, sink.events / (t1 - t0),
           stream->len / 1e6 / (t1 - t0),
           g_list_model_get_n_items (ms_cluster_get_tasks (cluster)), peak_rss_mb ());

  return sink.events / (t1 - t0);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);

  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* The runs alternate (ours, framing, node; again) and the targets are read
 * off the medians: on the 2-core VM the same code ran 1.5× slower from one
 * minute to the next, and one run of each said more about that than about
 * either reader. BENCH_REPEAT sets how many (3).
 */
static int
bench_events (guint       n,
              const char *node_script)
{
  MsSimWorkload workload = { 1000, 20, 10000, 0, 7, 2 };
  g_autoptr(MsSimWorld) world = ms_sim_world_new (&workload);
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(GString) record = g_string_new ("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":");
  g_autofree char *state = ms_sim_world_dup_state_json (world, "SUBSCRIBED");
  g_autoptr(GBytes) snapshot = NULL;
  guint repeat = g_getenv ("BENCH_REPEAT") ? MAX (1, atoi (g_getenv ("BENCH_REPEAT"))) : 3;
  g_autofree double *ours = g_new0 (double, repeat);
  g_autofree double *framing = g_new0 (double, repeat);
  g_autofree double *node_decode = g_new0 (double, repeat);
  g_autofree double *node_parse = g_new0 (double, repeat);
  g_autofree double *full_ratio = g_new0 (double, repeat);
  g_autofree double *framing_ratio = g_new0 (double, repeat);
  double m_ours, m_framing, m_decode, m_parse, m_full_ratio, m_framing_ratio;

  g_string_append (record, state);
  g_string_append (record, ",\"heartbeat_interval_seconds\":15.0}}");
  snapshot = ms_recordio_encode (record->str, record->len);

  /* Record the stream a busy cluster sends: the snapshot, then N events. */
  g_signal_connect (world, "event", G_CALLBACK (on_event), stream);
  while (ms_sim_world_get_n_events (world) < n)
    ms_sim_world_step (world, 1000);
  g_clear_object (&world);

  for (guint run = 0; run < repeat; run++)
    {
      ours[run] = ingest_once (snapshot, stream, run);
      framing[run] = bench_framing (stream);
      if (node_script != NULL)
        {
          if (!bench_events_node (node_script, stream, &node_decode[run], &node_parse[run]))
            return 1;
          full_ratio[run] = ours[run] / node_parse[run];
          framing_ratio[run] = framing[run] / node_decode[run];
        }
    }

  m_ours = median (ours, repeat);
  m_framing = median (framing, repeat);
  g_print ("events median runs=%u events_per_s=%.0f framing_events_per_s=%.0f\n", repeat, m_ours, m_framing);

  /* #6's targets, as ../shared/reference/json-parsing.md reads them:
   * framing ≥ 10× node's decoder; decode + parse + apply ≥ node's decode +
   * JSON.parse, and ≥ 200k events/s. The ratios are those of each run's
   * pair, back to back, whose median is the figure: the host's speed
   * drifts less within a pair than across the runs.
   */
  if (node_script != NULL)
    {
      m_decode = median (node_decode, repeat);
      m_parse = median (node_parse, repeat);
      m_full_ratio = median (full_ratio, repeat);
      m_framing_ratio = median (framing_ratio, repeat);
      g_print ("events_node median runs=%u decode_events_per_s=%.0f events_per_s=%.0f\n",
               repeat, m_decode, m_parse);
      g_print ("events framing_ratio_to_node=%.1f (target 10: %s) full_ratio_to_node=%.2f (target 1: %s) "
               "events_per_s_target=%s ratio_of_medians=%.2f\n",
               m_framing_ratio, m_framing_ratio >= 10 ? "met" : "missed",
               m_full_ratio, m_full_ratio >= 1 ? "met" : "missed",
               m_ours >= 200000 ? "met" : "missed", m_ours / m_parse);
    }

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "snapshot"))
    return bench_snapshot (argv[0], atoi (argv[2]), atoi (argv[3]));
  if (argc == 3 && g_str_equal (argv[1], "snapshot-file"))
    return bench_snapshot_file (argv[2]);
  if ((argc == 3 || argc == 4) && g_str_equal (argv[1], "events"))
    return bench_events (atoi (argv[2]), argc == 4 ? argv[3] : NULL);

  g_printerr ("usage: bench-stream snapshot AGENTS TASKS | events N [NODE_SCRIPT]\n");
  return 2;
}
