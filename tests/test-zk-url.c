/* test-zk-url.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-zk-url.h"

static void
test_parse_valid (void)
{
  static const struct {
    const char *text;
    const char *servers;
    const char *path;
    const char *credentials;
    const char *shown;
  } cases[] = {
    { "zk://localhost:2181/mesos", "localhost:2181", "/mesos", NULL,
      "zk://localhost:2181/mesos" },
    { "  zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos\n",
      "10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181", "/mesos", NULL, NULL },
    { "zk://localhost:2181/mesos/", "localhost:2181", "/mesos", NULL, NULL },
    { "zk://localhost:2181/mesos/vagrant", "localhost:2181", "/mesos/vagrant", NULL, NULL },
    { "zk://jdoe:s3cret@zk1:2181,zk2:2181/mesos", "zk1:2181,zk2:2181", "/mesos", "jdoe:s3cret",
      "zk://jdoe:***@zk1:2181,zk2:2181/mesos" },
    /* The last @ separates the credentials: a password may contain @. */
    { "zk://jdoe:p@ss@zk1:2181/mesos", "zk1:2181", "/mesos", "jdoe:p@ss", NULL },
    { "zk://[::1]:2181/mesos", "[::1]:2181", "/mesos", NULL, NULL },
    { "zk://zk_1.example.com:2181/mesos", "zk_1.example.com:2181", "/mesos", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsZkUrl) url = ms_zk_url_parse (cases[i].text, &error);
      g_autofree char *shown = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      g_assert_nonnull (url);
      g_assert_cmpstr (ms_zk_url_get_servers (url), ==, cases[i].servers);
      g_assert_cmpstr (ms_zk_url_get_path (url), ==, cases[i].path);
      g_assert_cmpstr (ms_zk_url_get_credentials (url), ==, cases[i].credentials);

      shown = ms_zk_url_to_string (url);
      if (cases[i].shown != NULL)
        g_assert_cmpstr (shown, ==, cases[i].shown);
      /* The password never appears in the printable form. */
      if (cases[i].credentials != NULL)
        g_assert_null (strstr (shown, strchr (cases[i].credentials, ':') + 1));
    }
}

static void
test_parse_invalid (void)
{
  static const struct {
    const char *text;
    const char *message_part;
  } cases[] = {
    { "", "No URL" },
    { "   ", "No URL" },
    { "localhost:2181/mesos", "zk://" },
    { "http://localhost:5050", "zk://" },
    { "ZK://localhost:2181/mesos", "zk://" },
    { "zk://localhost:2181", "no ZooKeeper path" },
    { "zk://localhost:2181/", "must not be “/”" },
    { "zk:///mesos", "names no ZooKeeper server" },
    { "zk://localhost/mesos", "has no port" },
    { "zk://localhost:/mesos", "invalid port" },
    { "zk://localhost:0/mesos", "invalid port" },
    { "zk://localhost:65536/mesos", "invalid port" },
    { "zk://localhost:21x1/mesos", "invalid port" },
    { "zk://localhost:2181,/mesos", "Empty server" },
    { "zk://a:1,,b:2/mesos", "Empty server" },
    { "zk://:2181/mesos", "no host name" },
    { "zk://bad host:2181/mesos", "invalid character" },
    { "zk://[::1/mesos", "unterminated IPv6" },
    { "zk://[::1]/mesos", "has no port" },
    { "zk://localhost:2181//mesos", "empty element" },
    { "zk://localhost:2181/mesos//x", "empty element" },
    { "zk://localhost:2181/mesos/../x", "“.” or “..”" },
    { "zk://localhost:2181/mesos/ /", "space" },
    { "zk://localhost:2181/ mesos", "space" },
    { "zk://localhost:2181/mes\tos", "invalid characters" },
    { "zk://nopassword@localhost:2181/mesos", "user:password" },
    { "zk://:pw@localhost:2181/mesos", "user:password" },
    { "file:///nonexistent/mesoscope/zk-url", "Cannot read" },
    { "file:///nonexistent/%ec/zk-url", "Cannot read" },
    { "file://relative/path", "Invalid file URL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsZkUrl) url = ms_zk_url_parse (cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (url);
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
      /* Shown in the window and printed: always UTF-8. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (strstr (error->message, cases[i].message_part) == NULL)
        g_error ("“%s”: message “%s” does not mention “%s”",
                 cases[i].text, error->message, cases[i].message_part);
    }
}

static void
test_parse_huge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("zk://localhost:2181/");
  g_autoptr(MsZkUrl) url = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "a");

  url = ms_zk_url_parse (text->str, &error);
  g_assert_null (url);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);

  g_clear_error (&error);
  url = ms_zk_url_parse ("zk://localhost:2181/\xff\xfe", &error);
  g_assert_null (url);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
}

static char *
write_temp (const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("mesoscope-url-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_parse_file (void)
{
  g_autofree char *good = write_temp ("  zk://u:p@zk1:2181,zk2:2181/mesos\n", -1);
  g_autofree char *nested = NULL;
  g_autofree char *garbage = write_temp ("\x01\x00\x02", 3);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsZkUrl) url = NULL;
  g_autoptr(GString) big = g_string_new ("zk://a:1/");

  uri = g_filename_to_uri (good, NULL, NULL);
  url = ms_zk_url_parse (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_zk_url_get_servers (url), ==, "zk1:2181,zk2:2181");
  g_assert_cmpstr (ms_zk_url_get_path (url), ==, "/mesos");
  g_assert_cmpstr (ms_zk_url_get_credentials (url), ==, "u:p");
  g_clear_pointer (&url, ms_zk_url_free);

  /* Like Mesos, a file holding another file:// URL is refused. */
  nested = write_temp (uri, -1);
  g_free (uri);
  uri = g_filename_to_uri (nested, NULL, NULL);
  url = ms_zk_url_parse (uri, &error);
  g_assert_null (url);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
  g_clear_error (&error);

  g_free (uri);
  uri = g_filename_to_uri (garbage, NULL, NULL);
  url = ms_zk_url_parse (uri, &error);
  g_assert_null (url);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
  g_clear_error (&error);

  /* /dev/zero must not hang or allocate without bound. */
  url = ms_zk_url_parse ("file:///dev/zero", &error);
  g_assert_null (url);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
  g_clear_error (&error);

  g_unlink (good);
  g_unlink (nested);
  g_unlink (garbage);
}

static void
test_copy (void)
{
  g_autoptr(MsZkUrl) url = ms_zk_url_parse ("zk://u:p@h:1/a/b", NULL);
  g_autoptr(MsZkUrl) copy = ms_zk_url_copy (url);

  g_assert_cmpstr (ms_zk_url_get_servers (copy), ==, "h:1");
  g_assert_cmpstr (ms_zk_url_get_path (copy), ==, "/a/b");
  g_assert_cmpstr (ms_zk_url_get_credentials (copy), ==, "u:p");
  g_assert_cmpstr (ms_zk_url_get_user (copy), ==, "u");
}

/* Credentials from a dialog: any password, a user without ':'. */
static void
test_copy_with_credentials (void)
{
  g_autoptr(MsZkUrl) url = ms_zk_url_parse ("zk://h1:2181,h2:2181/mesos", NULL);
  g_autoptr(MsZkUrl) with = NULL;
  g_autoptr(MsZkUrl) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  with = ms_zk_url_copy_with_credentials (url, "alice", "p/ss@w:rd", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_zk_url_get_credentials (with), ==, "alice:p/ss@w:rd");
  g_assert_cmpstr (ms_zk_url_get_user (with), ==, "alice");
  g_assert_cmpstr (ms_zk_url_get_servers (with), ==, "h1:2181,h2:2181");
  g_assert_cmpstr (ms_zk_url_get_path (with), ==, "/mesos");
  shown = ms_zk_url_to_string (with);
  g_assert_null (strstr (shown, "p/ss"));

  bad = ms_zk_url_copy_with_credentials (url, "al:ice", "secret", &error);
  g_assert_null (bad);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
  g_assert_null (strstr (error->message, "secret"));
  g_clear_error (&error);
  bad = ms_zk_url_copy_with_credentials (url, "", "secret", &error);
  g_assert_null (bad);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
  g_clear_error (&error);
  bad = ms_zk_url_copy_with_credentials (url, "alice", "sec\nret", &error);
  g_assert_null (bad);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_URL);
  g_assert_null (strstr (error->message, "sec"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/zk-url/parse-valid", test_parse_valid);
  g_test_add_func ("/ms/zk-url/parse-invalid", test_parse_invalid);
  g_test_add_func ("/ms/zk-url/parse-huge", test_parse_huge);
  g_test_add_func ("/ms/zk-url/copy-with-credentials", test_copy_with_credentials);
  g_test_add_func ("/ms/zk-url/parse-file", test_parse_file);
  g_test_add_func ("/ms/zk-url/copy", test_copy);

  return g_test_run ();
}
