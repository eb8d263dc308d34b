/* ms-zk-url.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-zk-url"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ms-error.h"
#include "ms-zk-url.h"

/* A `file://` URL names a file whose content is the real URL. Bound it: the
 * content is one line, and reading /dev/zero by mistake must not hang.
 */
#define MAX_URL_FILE_SIZE 4096
#define MAX_URL_LENGTH    4096

/*
 * MsZkUrl is Mesos' `--zk` value, split the way Mesos splits it
 * (include/mesos/zookeeper/url.hpp): the path is everything from the first `/`
 * after `zk://`, the last `@` before it separates `user:password` from the
 * server list, and the server list goes to the ZooKeeper client unchanged.
 */
struct _MsZkUrl
{
  char *servers;
  char *path;
  char *credentials;
  char *user;
};

G_DEFINE_BOXED_TYPE (MsZkUrl, ms_zk_url, ms_zk_url_copy, ms_zk_url_free)

static gboolean
has_control_chars (const char *s)
{
  for (; *s; s++)
    if ((guchar)*s < 0x20 || *s == 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
validate_server (const char  *server,
                 GError     **error)
{
  const char *colon;
  const char *host_end;
  const char *port;
  guint64 port_num;

  if (server[0] == '\0')
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Empty server in the server list (check the commas)"));
      return FALSE;
    }

  if (server[0] == '[')
    {
      /* [IPv6]:port */
      host_end = strchr (server, ']');
      if (host_end == NULL || host_end == server + 1)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("Server “%s” has an unterminated IPv6 address"), server);
          return FALSE;
        }
      for (const char *p = server + 1; p < host_end; p++)
        if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
          {
            g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                         _("Server “%s” has an invalid IPv6 address"), server);
            return FALSE;
          }
      colon = host_end + 1;
      if (*colon != ':')
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("Server “%s” has no port (expected [address]:port)"), server);
          return FALSE;
        }
    }
  else
    {
      colon = strrchr (server, ':');
      if (colon == NULL)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("Server “%s” has no port (expected host:port, e.g. %s:2181)"),
                       server, server);
          return FALSE;
        }
      if (colon == server)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("Server “%s” has no host name"), server);
          return FALSE;
        }
      for (const char *p = server; p < colon; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
          {
            g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                         _("Server “%s” has an invalid character in its host name"), server);
            return FALSE;
          }
    }

  port = colon + 1;
  if (*port == '\0' || !g_ascii_isdigit (*port) ||
      !g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_num, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Server “%s” has an invalid port (expected a number from 1 to 65535)"),
                   server);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_path (const char  *path,
               GError     **error)
{
  g_auto(GStrv) segments = NULL;

  g_assert (path[0] == '/');

  if (strcmp (path, "/") == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The ZooKeeper path must not be “/” (Mesos uses a path such as /mesos)"));
      return FALSE;
    }

  if (has_control_chars (path) || !g_utf8_validate (path, -1, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The ZooKeeper path contains invalid characters"));
      return FALSE;
    }

  segments = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0')
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("The ZooKeeper path “%s” has an empty element (“//”)"), path);
          return FALSE;
        }
      /* Surely a typo, and not stable: a URL's trailing blanks are cut (found
       * by fuzzing: "/a/ /" read back as "/a"). */
      if (g_ascii_isspace (segments[i][0]) ||
          g_ascii_isspace (segments[i][strlen (segments[i]) - 1]))
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("An element of the ZooKeeper path “%s” begins or ends with a space"),
                       path);
          return FALSE;
        }
      if (strcmp (segments[i], ".") == 0 || strcmp (segments[i], "..") == 0)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("The ZooKeeper path “%s” must not contain “.” or “..”"), path);
          return FALSE;
        }
    }

  return TRUE;
}

static MsZkUrl *
parse_zk (const char  *text,
          GError     **error)
{
  g_autoptr(MsZkUrl) self = NULL;
  g_autofree char *authority = NULL;
  g_auto(GStrv) servers = NULL;
  const char *rest;
  const char *slash;
  const char *at;
  g_autofree char *path = NULL;

  if (!g_str_has_prefix (text, "zk://"))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Expected a URL starting with “zk://” (for example zk://host:2181/mesos)"));
      return NULL;
    }

  rest = text + strlen ("zk://");
  slash = strchr (rest, '/');
  if (slash == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The URL has no ZooKeeper path (for example zk://host:2181/mesos)"));
      return NULL;
    }

  authority = g_strndup (rest, slash - rest);
  path = g_strdup (slash);
  /* Mesos strips one trailing slash from the group path. */
  if (strlen (path) > 1 && g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  if (!validate_path (path, error))
    return NULL;

  self = g_new0 (MsZkUrl, 1);
  self->path = g_steal_pointer (&path);

  at = strrchr (authority, '@');
  if (at != NULL)
    {
      const char *colon;

      self->credentials = g_strndup (authority, at - authority);
      colon = strchr (self->credentials, ':');
      if (colon == NULL || colon == self->credentials)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("Credentials must be given as user:password@ before the servers"));
          return NULL;
        }
      if (has_control_chars (self->credentials))
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                       _("The credentials contain invalid characters"));
          return NULL;
        }
      self->user = g_strndup (self->credentials, colon - self->credentials);
      self->servers = g_strdup (at + 1);
    }
  else
    {
      self->servers = g_strdup (authority);
    }

  if (self->servers[0] == '\0')
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The URL names no ZooKeeper server (for example zk://host:2181/mesos)"));
      return NULL;
    }

  servers = g_strsplit (self->servers, ",", -1);
  for (guint i = 0; servers[i] != NULL; i++)
    if (!validate_server (servers[i], error))
      return NULL;

  return g_steal_pointer (&self);
}

static MsZkUrl *
parse_file (const char  *text,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *display = NULL;
  g_autofree char *hostname = NULL;
  gsize len = 0;

  filename = g_filename_from_uri (text, &hostname, &local_error);
  if (filename == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Invalid file URL: %s"), local_error->message);
      return NULL;
    }
  if (hostname != NULL && g_ascii_strcasecmp (hostname, "localhost") != 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Invalid file URL: it names host “%s”; a local file is written "
                     "file:///path"), hostname);
      return NULL;
    }

  /* A path is bytes; messages are UTF-8 (found by fuzzing: file:///%ec). */
  display = g_filename_display_name (filename);
  file = g_file_new_for_path (filename);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Cannot read the URL file “%s”: %s"), display, local_error->message);
      return NULL;
    }

  contents = g_malloc (MAX_URL_FILE_SIZE + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), contents, MAX_URL_FILE_SIZE + 1,
                                &len, NULL, &local_error))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("Cannot read the URL file “%s”: %s"), display, local_error->message);
      return NULL;
    }
  if (len > MAX_URL_FILE_SIZE)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The URL file “%s” is too large to hold a URL"), display);
      return NULL;
    }
  contents[len] = '\0';
  if (memchr (contents, '\0', len) != NULL || !g_utf8_validate (contents, len, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The URL file “%s” does not hold text"), display);
      return NULL;
    }
  g_strstrip (contents);

  /* Like Mesos, the file must hold a zk:// URL, not another file:// URL. */
  if (!g_str_has_prefix (contents, "zk://"))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The URL file “%s” must contain a zk:// URL"), display);
      return NULL;
    }

  return parse_zk (contents, error);
}

/**
 * ms_zk_url_parse:
 * @text: a `zk://[user:password@]host:port[,host:port…]/path` or a `file:///path`
 *   whose content is such a URL
 * @error: a location for a #GError
 *
 * Parses a cluster location as Mesos' `--zk` flag takes it. Leading and
 * trailing white space is ignored.
 *
 * Returns: (transfer full): a new #MsZkUrl, or %NULL with @error set to an
 *   %MS_ERROR_INVALID_URL that says what is wrong
 */
MsZkUrl *
ms_zk_url_parse (const char  *text,
                 GError     **error)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strlen (text) > MAX_URL_LENGTH)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL, _("The URL is too long"));
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The URL is not valid UTF-8 text"));
      return NULL;
    }

  copy = g_strstrip (g_strdup (text));

  if (copy[0] == '\0')
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("No URL given (for example zk://host:2181/mesos)"));
      return NULL;
    }

  if (g_str_has_prefix (copy, "file://"))
    return parse_file (copy, error);

  return parse_zk (copy, error);
}

MsZkUrl *
ms_zk_url_copy (const MsZkUrl *self)
{
  MsZkUrl *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (MsZkUrl, 1);
  copy->servers = g_strdup (self->servers);
  copy->path = g_strdup (self->path);
  copy->credentials = g_strdup (self->credentials);
  copy->user = g_strdup (self->user);

  return copy;
}

void
ms_zk_url_free (MsZkUrl *self)
{
  if (self == NULL)
    return;

  g_free (self->servers);
  g_free (self->path);
  if (self->credentials != NULL)
    {
      /* Don't leave the password lying around in freed memory. */
      memset (self->credentials, 0, strlen (self->credentials));
      g_free (self->credentials);
    }
  g_free (self->user);
  g_free (self);
}

/**
 * ms_zk_url_get_servers:
 *
 * Returns: the server list as the ZooKeeper client takes it (`host:port,…`)
 */
const char *
ms_zk_url_get_servers (const MsZkUrl *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->servers;
}

/**
 * ms_zk_url_get_path:
 *
 * Returns: the absolute znode path of the master group, without trailing `/`
 */
const char *
ms_zk_url_get_path (const MsZkUrl *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/**
 * ms_zk_url_copy_with_credentials:
 * @user: a digest user (not empty, no `:`)
 * @password: its password
 *
 * The same group with other credentials, as typed in a dialog: never put
 * into a URL's text, where a `/` or `@` in a password would be misread.
 *
 * Returns: (transfer full): the copy, or %NULL with @error set (the
 *   message never contains the password)
 */
MsZkUrl *
ms_zk_url_copy_with_credentials (const MsZkUrl  *self,
                                 const char     *user,
                                 const char     *password,
                                 GError        **error)
{
  MsZkUrl *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (user != NULL && password != NULL, NULL);

  if (user[0] == '\0' || strchr (user, ':') != NULL || has_control_chars (user) ||
      !g_utf8_validate (user, -1, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("A ZooKeeper user name must not be empty or contain “:”"));
      return NULL;
    }
  if (has_control_chars (password) || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_URL,
                   _("The password contains invalid characters"));
      return NULL;
    }

  copy = ms_zk_url_copy (self);
  if (copy->credentials != NULL)
    memset (copy->credentials, 0, strlen (copy->credentials));
  g_free (copy->credentials);
  g_free (copy->user);
  copy->credentials = g_strconcat (user, ":", password, NULL);
  copy->user = g_strdup (user);

  return copy;
}

/**
 * ms_zk_url_get_credentials:
 *
 * Returns: (nullable): `user:password` for ZooKeeper digest authentication
 */
const char *
ms_zk_url_get_credentials (const MsZkUrl *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->credentials;
}

/**
 * ms_zk_url_get_user:
 *
 * Returns: (nullable): the digest user, if credentials were given
 */
const char *
ms_zk_url_get_user (const MsZkUrl *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->user;
}

/**
 * ms_zk_url_to_string:
 *
 * Returns: (transfer full): the URL for people and logs: the password is
 *   never included
 */
char *
ms_zk_url_to_string (const MsZkUrl *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->user != NULL)
    return g_strdup_printf ("zk://%s:***@%s%s", self->user, self->servers, self->path);

  return g_strdup_printf ("zk://%s%s", self->servers, self->path);
}
