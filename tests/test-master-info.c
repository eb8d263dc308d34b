/* test-master-info.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "ms-error.h"
#include "ms-master-info.h"

static char *
load_fixture (const char *name,
              gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "zk", name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

static void
test_json_fixtures (void)
{
  static const struct {
    const char *file;
    const char *id;
    const char *hostname;
    const char *ip;
    guint port;
    const char *version;
    const char *region;
  } cases[] = {
    { "json.info-1.6.0", "96e29ec4-9c04-4ed7-b72e-9016a64f4903", "10.1.1.9", "10.1.1.9", 5050,
      "1.6.0", NULL },
    { "json.info-1.4.0", "685fe32d-e30c-4df7-b891-3d96b06fee88", "localhost", "127.0.0.1", 5050,
      "1.4.0", NULL },
    { "json.info-1.12.0", "0d2a1b64-3f8e-4c1e-9a55-6f2b1f6c1c11", "m1.example.com",
      "192.168.1.232", 5050, "1.12.0", "eu-west" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsMasterInfo) info = NULL;
      g_autofree char *data = NULL;
      g_autofree char *endpoint = NULL;
      gsize len;

      data = load_fixture (cases[i].file, &len);
      info = ms_master_info_new_from_json (data, len, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ms_master_info_get_format (info), ==, MS_MASTER_INFO_FORMAT_JSON);
      g_assert_cmpstr (ms_master_info_get_id (info), ==, cases[i].id);
      g_assert_cmpstr (ms_master_info_get_hostname (info), ==, cases[i].hostname);
      g_assert_cmpstr (ms_master_info_get_ip (info), ==, cases[i].ip);
      g_assert_cmpuint (ms_master_info_get_port (info), ==, cases[i].port);
      g_assert_cmpstr (ms_master_info_get_version (info), ==, cases[i].version);
      g_assert_cmpstr (ms_master_info_get_region (info), ==, cases[i].region);
      g_assert_cmpstr (ms_master_info_get_connect_host (info), ==, cases[i].ip);
      endpoint = ms_master_info_dup_endpoint (info);
      g_assert_true (g_str_has_suffix (endpoint, ":5050"));
    }
}

static void
test_json_capabilities (void)
{
  g_autofree char *data = NULL;
  g_autoptr(MsMasterInfo) info = NULL;
  const char * const *caps;
  gsize len;

  data = load_fixture ("json.info-1.12.0", &len);
  info = ms_master_info_new_from_json (data, len, NULL);
  caps = ms_master_info_get_capabilities (info);
  g_assert_cmpuint (g_strv_length ((GStrv)caps), ==, 3);
  g_assert_cmpstr (caps[2], ==, "QUOTA_V2");
  g_assert_cmpstr (ms_master_info_get_zone (info), ==, "eu-west-1a");
}

/* The packed ip: network-order bytes read as a little-endian integer. */
static void
test_decode_ip (void)
{
  static const struct { guint32 packed; const char *ip; } cases[] = {
    { 16777343, "127.0.0.1" },
    { 16842879, "127.0.1.1" },
    { 151060746, "10.1.1.9" },
    { 3892422848u, "192.168.1.232" },
    { 3355709612u, "172.16.4.200" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ip = ms_master_info_decode_ip (cases[i].packed);

      g_assert_cmpstr (ip, ==, cases[i].ip);
    }
}

/* Masters before 0.24 wrote no `address`: the packed ip and `hostname` are
 * all there is.
 */
static void
test_json_legacy_fields (void)
{
  const char *data = "{\"hostname\":\"m2\",\"id\":\"20150812-1\",\"ip\":3892422848,"
                     "\"pid\":\"master@192.168.1.232:5051\",\"port\":5051,\"version\":\"0.24.0\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMasterInfo) info = ms_master_info_new_from_json (data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ms_master_info_get_ip (info), ==, "192.168.1.232");
  g_assert_cmpstr (ms_master_info_get_hostname (info), ==, "m2");
  g_assert_cmpuint (ms_master_info_get_port (info), ==, 5051);
  g_assert_cmpstr (ms_master_info_get_connect_host (info), ==, "192.168.1.232");
  g_assert_cmpstr (ms_master_info_get_display_host (info), ==, "m2");
}

static void
test_json_invalid (void)
{
  static const struct {
    const char *data;
    const char *message_part;
  } cases[] = {
    { "", "Empty JSON" },
    { "{", "Invalid JSON" },
    { "{\"id\":\"x\",", "Invalid JSON" },
    { "[]", "not an object" },
    { "\"master@1.2.3.4:5050\"", "not an object" },
    { "{}", "“id” is missing" },
    { "{\"id\":5,\"port\":5050,\"hostname\":\"h\"}", "“id” is not a string" },
    { "{\"id\":\"\",\"port\":5050,\"hostname\":\"h\"}", "no id" },
    { "{\"id\":\"x\",\"port\":\"5050\",\"hostname\":\"h\"}", "“port” is not an integer" },
    { "{\"id\":\"x\",\"port\":70000,\"hostname\":\"h\"}", "out of range" },
    { "{\"id\":\"x\",\"port\":-1,\"hostname\":\"h\"}", "out of range" },
    { "{\"id\":\"x\",\"port\":5050,\"ip\":4294967296}", "out of range" },
    { "{\"id\":\"x\",\"port\":5050,\"ip\":1.5}", "out of range" },
    { "{\"id\":\"x\",\"port\":5050}", "neither a host name nor an address" },
    { "{\"id\":\"x\",\"hostname\":\"h\"}", "no valid port" },
    { "{\"id\":\"x\",\"address\":[],\"port\":5050}", "“address” is not an object" },
    { "{\"id\":\"x\",\"address\":{\"ip\":1},\"port\":5050}", "address: “ip” is not a string" },
    { "{\"id\":\"x\",\"hostname\":\"a\\nb\",\"port\":5050}", "control characters" },
    { "{\"id\":\"x\",\"hostname\":\"\xc3\x28\",\"port\":5050}", "UTF-8" },
    /* json-glib alone takes the last of several values (and leaks the rest). */
    { "\"SUBSCRIBED\"{\"id\":\"x\",\"hostname\":\"h\",\"port\":5050}", "after the JSON document" },
    { "{\"id\":\"y\"}{\"id\":\"x\",\"hostname\":\"h\",\"port\":5050}", "after the JSON document" },
    { "{\"id\":\"x\",\"hostname\":\"h\",\"port\":5050} x", "after the JSON document" },
    { "1{\"id\":\"x\",\"hostname\":\"h\",\"port\":5050}", "after the JSON document" },
    { "null {\"id\":\"x\",\"hostname\":\"h\",\"port\":5050}", "after the JSON document" },
    { "true\"x\"", "after the JSON document" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsMasterInfo) info = NULL;
      g_autofree char *shown = g_strescape (cases[i].data, NULL);

      /* Escaped: a raw invalid byte would break the TAP output. */
      g_test_message ("%s", shown);
      info = ms_master_info_new_from_json (cases[i].data, strlen (cases[i].data), &error);
      g_assert_null (info);
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].message_part) == NULL)
        g_error ("“%s”: “%s” does not mention “%s”", cases[i].data, error->message,
                 cases[i].message_part);
    }
}

static void
test_json_hostile (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"id\":\"x\",\"port\":5050,\"hostname\":\"h\",\"z\":");
  g_autoptr(GString) huge_name = g_string_new ("{\"id\":\"x\",\"port\":5050,\"hostname\":\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMasterInfo) info = NULL;
  g_autofree char *big = NULL;

  /* Nesting deep enough to overflow a recursive parser's stack. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_c (deep, '[');
  info = ms_master_info_new_from_json (deep->str, deep->len, &error);
  g_assert_null (info);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
  g_clear_error (&error);

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (huge_name, 'a');
  g_string_append (huge_name, "\"}");
  info = ms_master_info_new_from_json (huge_name->str, huge_name->len, &error);
  g_assert_null (info);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
  g_clear_error (&error);

  big = g_malloc0 (MS_MASTER_INFO_MAX_SIZE + 2);
  memset (big, ' ', MS_MASTER_INFO_MAX_SIZE + 1);
  info = ms_master_info_new_from_json (big, MS_MASTER_INFO_MAX_SIZE + 1, &error);
  g_assert_null (info);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* An embedded NUL is not JSON. */
  info = ms_master_info_new_from_json ("{\"id\":\"x\"}\0garbage", 18, &error);
  g_assert_null (info);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
}

/* A tiny protobuf encoder for the tests. */
static void
pb_varint (GByteArray *out,
           guint64     v)
{
  do
    {
      guint8 b = v & 0x7f;

      v >>= 7;
      if (v)
        b |= 0x80;
      g_byte_array_append (out, &b, 1);
    }
  while (v);
}

static void
pb_uint (GByteArray *out,
         guint       field,
         guint64     v)
{
  pb_varint (out, field << 3);
  pb_varint (out, v);
}

static void
pb_bytes (GByteArray   *out,
          guint         field,
          const guint8 *data,
          gsize         len)
{
  pb_varint (out, (field << 3) | 2);
  pb_varint (out, len);
  g_byte_array_append (out, data, len);
}

static void
pb_string (GByteArray *out,
           guint       field,
           const char *s)
{
  pb_bytes (out, field, (const guint8 *)s, strlen (s));
}

static GByteArray *
encode_master_info (gboolean with_address)
{
  GByteArray *out = g_byte_array_new ();

  pb_string (out, 1, "20150612-101010-16777343-5050-1234");
  pb_uint (out, 2, 16777343);
  pb_uint (out, 3, 5050);
  pb_string (out, 4, "master@127.0.0.1:5050");
  pb_string (out, 5, "m0.example.com");
  pb_string (out, 6, "0.23.0");
  /* An unknown field from a newer master: skipped. */
  pb_uint (out, 99, 7);
  if (with_address)
    {
      g_autoptr(GByteArray) address = g_byte_array_new ();

      pb_string (address, 1, "m0.example.com");
      pb_string (address, 2, "10.0.0.5");
      pb_uint (address, 3, 5051);
      pb_bytes (out, 7, address->data, address->len);
    }

  return out;
}

static void
test_protobuf (void)
{
  g_autoptr(GByteArray) plain = encode_master_info (FALSE);
  g_autoptr(GByteArray) with_address = encode_master_info (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMasterInfo) info = NULL;

  info = ms_master_info_new_from_protobuf (plain->data, plain->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_master_info_get_format (info), ==, MS_MASTER_INFO_FORMAT_PROTOBUF);
  g_assert_cmpstr (ms_master_info_get_id (info), ==, "20150612-101010-16777343-5050-1234");
  g_assert_cmpstr (ms_master_info_get_ip (info), ==, "127.0.0.1");
  g_assert_cmpuint (ms_master_info_get_port (info), ==, 5050);
  g_assert_cmpstr (ms_master_info_get_hostname (info), ==, "m0.example.com");
  g_assert_cmpstr (ms_master_info_get_version (info), ==, "0.23.0");
  g_clear_object (&info);

  info = ms_master_info_new_for_label ("info", with_address->data, with_address->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_master_info_get_ip (info), ==, "10.0.0.5");
  g_assert_cmpuint (ms_master_info_get_port (info), ==, 5051);
}

static void
test_protobuf_invalid (void)
{
  g_autoptr(GByteArray) good = encode_master_info (TRUE);
  g_autoptr(GByteArray) wrong_type = g_byte_array_new ();
  g_autoptr(GByteArray) no_ip = g_byte_array_new ();
  g_autoptr(GByteArray) overlong = g_byte_array_new ();
  static const guint8 bad_varint[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff };
  static const guint8 group[] = { 0x0b };
  static const guint8 field_zero[] = { 0x00, 0x01 };

  /* Every truncation of a valid message is an error, never a crash. */
  for (guint cut = 1; cut < good->len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsMasterInfo) info = ms_master_info_new_from_protobuf (good->data, cut, &error);

      if (info == NULL)
        g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
    }

  pb_uint (wrong_type, 1, 5);  /* id as a varint */
  pb_string (no_ip, 1, "id");
  pb_varint (overlong, (1 << 3) | 2);
  pb_varint (overlong, 1000000);  /* announces far more than there is */

  {
    const struct { const guint8 *data; gsize len; } cases[] = {
      { wrong_type->data, wrong_type->len },
      { no_ip->data, no_ip->len },
      { overlong->data, overlong->len },
      { bad_varint, sizeof bad_varint },
      { group, sizeof group },
      { field_zero, sizeof field_zero },
      { (const guint8 *)"", 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(MsMasterInfo) info = ms_master_info_new_from_protobuf (cases[i].data,
                                                                          cases[i].len, &error);

        g_assert_null (info);
        g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
      }
  }
}

static void
test_pid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMasterInfo) info = NULL;
  static const char * const bad[] = {
    "", "master", "master@", "@1.2.3.4:5050", "master@1.2.3.4", "master@1.2.3.4:",
    "master@1.2.3.4:99999", "master@1.2.3.4:50x0", "master@bad host:5050",
  };

  info = ms_master_info_new_for_label (NULL, (const guint8 *)"master@10.0.0.7:5050\n", 21, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_master_info_get_format (info), ==, MS_MASTER_INFO_FORMAT_PID);
  g_assert_cmpstr (ms_master_info_get_ip (info), ==, "10.0.0.7");
  g_assert_cmpuint (ms_master_info_get_port (info), ==, 5050);
  g_assert_cmpstr (ms_master_info_get_pid (info), ==, "master@10.0.0.7:5050");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(MsMasterInfo) bad_info = NULL;

      bad_info = ms_master_info_new_from_pid (bad[i], strlen (bad[i]), &local_error);
      g_assert_null (bad_info);
      g_assert_error (local_error, MS_ERROR, MS_ERROR_INVALID_DATA);
    }
}

static void
test_unknown_label (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMasterInfo) info = NULL;

  info = ms_master_info_new_for_label ("yaml.info", (const guint8 *)"x", 1, &error);
  g_assert_null (info);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_DATA);
}

static void
test_equal_and_json (void)
{
  g_autofree char *data = NULL;
  g_autoptr(MsMasterInfo) a = NULL;
  g_autoptr(MsMasterInfo) b = NULL;
  g_autoptr(MsMasterInfo) c = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gsize len;

  data = load_fixture ("json.info-1.6.0", &len);
  a = ms_master_info_new_from_json (data, len, NULL);
  b = ms_master_info_new_from_json (data, len, NULL);
  g_free (data);
  data = load_fixture ("json.info-1.4.0", &len);
  c = ms_master_info_new_from_json (data, len, NULL);

  g_assert_true (ms_master_info_equal (a, b));
  g_assert_false (ms_master_info_equal (a, c));
  g_assert_false (ms_master_info_equal (a, NULL));

  json_builder_begin_object (builder);
  ms_master_info_to_json (a, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "ip"), ==, "10.1.1.9");
  g_assert_cmpint (json_object_get_int_member (object, "port"), ==, 5050);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "json");

  g_assert_finalize_object (g_steal_pointer (&a));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/master-info/json-fixtures", test_json_fixtures);
  g_test_add_func ("/ms/master-info/json-capabilities", test_json_capabilities);
  g_test_add_func ("/ms/master-info/json-legacy-fields", test_json_legacy_fields);
  g_test_add_func ("/ms/master-info/json-invalid", test_json_invalid);
  g_test_add_func ("/ms/master-info/json-hostile", test_json_hostile);
  g_test_add_func ("/ms/master-info/decode-ip", test_decode_ip);
  g_test_add_func ("/ms/master-info/protobuf", test_protobuf);
  g_test_add_func ("/ms/master-info/protobuf-invalid", test_protobuf_invalid);
  g_test_add_func ("/ms/master-info/pid", test_pid);
  g_test_add_func ("/ms/master-info/unknown-label", test_unknown_label);
  g_test_add_func ("/ms/master-info/equal-and-json", test_equal_and_json);

  return g_test_run ();
}
