/* fuzz-zk-url.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

/* The zk:// URL parser, which takes what a person types, a command line or
 * settings. A URL that parses prints back (password masked) to one that
 * parses to the same servers, path and user.
 */

#include "config.h"

#include "fuzz-common.h"
#include "ms-zk-url.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autoptr(MsZkUrl) url = NULL;
  g_autoptr(MsZkUrl) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  fuzz_init ();
  /* An embedded NUL ends the text, as it would in a C string. */
  url = ms_zk_url_parse (text, &error);
  if (url == NULL)
    {
      if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }

  printed = ms_zk_url_to_string (url);
  again = ms_zk_url_parse (printed, NULL);
  if (again == NULL ||
      g_strcmp0 (ms_zk_url_get_servers (url), ms_zk_url_get_servers (again)) != 0 ||
      g_strcmp0 (ms_zk_url_get_path (url), ms_zk_url_get_path (again)) != 0 ||
      g_strcmp0 (ms_zk_url_get_user (url), ms_zk_url_get_user (again)) != 0)
    abort ();

  return 0;
}
