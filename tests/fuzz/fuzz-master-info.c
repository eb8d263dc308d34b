/* fuzz-master-info.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* A master's znode as ZooKeeper hands it over: the first byte picks the
 * znode's label (json.info, info or none: a bare pid), the rest is the
 * data.
 * A MasterInfo that parses must be usable everywhere the program uses it:
 * its endpoint, its display host, its JSON, and equal to itself parsed
 * again from that JSON.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "ms-master-info.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* JSON, what masters since 0.24 write, twice as often. */
  static const char * const labels[] = { "json.info", "info", NULL, "json.info" };
  g_autoptr(MsMasterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *label;

  fuzz_init ();
  if (size == 0)
    return 0;
  label = labels[data[0] % G_N_ELEMENTS (labels)];
  info = ms_master_info_new_for_label (label, data + 1, size - 1, &error);
  if (info == NULL)
    {
      if (error == NULL)
        abort ();
      return 0;
    }

  {
    g_autofree char *endpoint = ms_master_info_dup_endpoint (info);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *json = NULL;
    g_autoptr(JsonNode) again = NULL;

    if (endpoint != NULL && !g_utf8_validate (endpoint, -1, NULL))
      abort ();
    if (ms_master_info_get_display_host (info) == NULL ||
        !g_utf8_validate (ms_master_info_get_display_host (info), -1, NULL))
      abort ();

    /* What `mesoscope-cli leader --json` prints must be valid JSON. */
    json_builder_begin_object (builder);
    ms_master_info_to_json (info, builder);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    json = json_to_string (root, FALSE);
    again = json_from_string (json, NULL);
    if (again == NULL)
      abort ();
  }

  return 0;
}
