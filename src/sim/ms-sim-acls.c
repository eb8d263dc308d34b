/* ms-sim-acls.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-sim-acls"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ms-sim-acls.h"

/*
 * Mesos' --acls, as its local authorizer reads them
 * (src/authorizer/local/authorizer.cpp), for the one action the simulator
 * enforces: view_flags, which GET_FLAGS needs. Any other action is refused
 * rather than ignored: a simulator that seemed to enforce it would mislead.
 *
 *   {"permissive": true,
 *    "view_flags": [{"principals": {"values": ["ops"]}, "flags": {"type": "ANY"}},
 *                   {"principals": {"type": "ANY"}, "flags": {"type": "NONE"}}]}
 *
 * The first ACL whose subject and object match the request decides;
 * without one, "permissive" does (true by default). A request without a
 * principal (no authentication) is subject ANY; viewing flags is object
 * ANY.
 *
 * "permissive": false is refused too: Mesos would then deny every view
 * the ACLs do not grant (frameworks, tasks...), which the simulator does
 * not filter. It is stricter than Mesos' JSON reading in places: a list
 * must be a list (not a single string or object), and every ACL names
 * its principals.
 */

typedef enum
{
  ENTITY_SOME,  /* protobuf's default */
  ENTITY_NONE,
  ENTITY_ANY,
} EntityType;

typedef struct
{
  EntityType  type;
  GStrv       values;
} Entity;

typedef struct
{
  Entity principals;
  Entity flags;
} Acl;

struct _MsSimAcls
{
  gboolean permissive;
  GArray  *view_flags;   /* of Acl */
};

static void
acl_clear (gpointer data)
{
  Acl *acl = data;

  g_clear_pointer (&acl->principals.values, g_strfreev);
  g_clear_pointer (&acl->flags.values, g_strfreev);
}

static void
acls_free (gpointer data)
{
  MsSimAcls *acls = data;

  g_array_unref (acls->view_flags);
}

static gboolean
read_entity (JsonObject  *acl,
             const char  *name,
             guint        index,
             Entity      *entity,
             GError     **error)
{
  JsonNode *node = json_object_get_member (acl, name);
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *type_node;
  const char *type = "SOME";

  if (object == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("view_flags ACL %u needs \"%s\": {\"type\": \"ANY\"}, {\"type\": \"NONE\"} or "
                     "{\"values\": [...]}"), index + 1, name);
      return FALSE;
    }

  type_node = json_object_get_member (object, "type");
  if (type_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (type_node) || json_node_get_value_type (type_node) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("view_flags ACL %u: the type of \"%s\" must be \"ANY\" or \"NONE\""),
                       index + 1, name);
          return FALSE;
        }
      type = json_node_get_string (type_node);
    }
  if (g_str_equal (type, "ANY"))
    entity->type = ENTITY_ANY;
  else if (g_str_equal (type, "NONE"))
    entity->type = ENTITY_NONE;
  else if (g_str_equal (type, "SOME"))
    entity->type = ENTITY_SOME;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("view_flags ACL %u: unknown type \"%s\" for \"%s\""), index + 1, type, name);
      return FALSE;
    }

  if (json_object_has_member (object, "values"))
    {
      JsonNode *values = json_object_get_member (object, "values");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (!JSON_NODE_HOLDS_ARRAY (values))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("view_flags ACL %u: \"%s\" values must be a list of strings"), index + 1, name);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
        {
          JsonNode *value = json_array_get_element (json_node_get_array (values), i);

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("view_flags ACL %u: \"%s\" values must be a list of strings"), index + 1, name);
              return FALSE;
            }
          g_strv_builder_add (builder, json_node_get_string (value));
        }
      entity->values = g_strv_builder_end (builder);
    }

  return TRUE;
}

/**
 * ms_sim_acls_new_from_json:
 * @json: Mesos' --acls JSON
 *
 * Returns: (transfer full) (nullable): the ACLs, or %NULL with @error set
 */
MsSimAcls *
ms_sim_acls_new_from_json (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MsSimAcls) acls = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root;
  JsonNode *view_flags;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("expected an object of ACLs, as Mesos' --acls"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  members = json_object_get_members (root);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "permissive") && !g_str_equal (l->data, "view_flags"))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     _("mesoscope-sim enforces only the view_flags ACL, not \"%s\""), (const char *)l->data);
        return NULL;
      }

  acls = g_rc_box_new0 (MsSimAcls);
  acls->view_flags = g_array_new (FALSE, TRUE, sizeof (Acl));
  g_array_set_clear_func (acls->view_flags, acl_clear);
  acls->permissive = TRUE;
  if (json_object_has_member (root, "permissive"))
    {
      JsonNode *permissive = json_object_get_member (root, "permissive");

      if (!JSON_NODE_HOLDS_VALUE (permissive) || json_node_get_value_type (permissive) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("\"permissive\" must be true or false"));
          return NULL;
        }
      acls->permissive = json_node_get_boolean (permissive);
      if (!acls->permissive)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("mesoscope-sim cannot enforce \"permissive\": false (Mesos would deny the "
                         "views of frameworks and tasks it does not filter)"));
          return NULL;
        }
    }

  view_flags = json_object_get_member (root, "view_flags");
  if (view_flags != NULL && !JSON_NODE_HOLDS_ARRAY (view_flags))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("\"view_flags\" must be a list of ACLs"));
      return NULL;
    }
  for (guint i = 0; view_flags != NULL && i < json_array_get_length (json_node_get_array (view_flags)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (view_flags), i);
      Acl acl = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("view_flags ACL %u is not an object"), i + 1);
          return NULL;
        }
      if (!read_entity (json_node_get_object (node), "principals", i, &acl.principals, error) ||
          !read_entity (json_node_get_object (node), "flags", i, &acl.flags, error))
        {
          acl_clear (&acl);
          return NULL;
        }
      /* As Mesos' local authorizer validates them: flags are not named. */
      if (acl.flags.type == ENTITY_SOME)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("view_flags ACL %u: the type of \"%s\" must be \"ANY\" or \"NONE\""),
                       i + 1, "flags");
          acl_clear (&acl);
          return NULL;
        }
      g_array_append_val (acls->view_flags, acl);
    }

  return g_steal_pointer (&acls);
}

MsSimAcls *
ms_sim_acls_ref (MsSimAcls *acls)
{
  return g_rc_box_acquire (acls);
}

void
ms_sim_acls_unref (MsSimAcls *acls)
{
  g_rc_box_release_full (acls, acls_free);
}

/* The local authorizer's match matrix: does the ACL's entity apply to the
 * request's? */
static gboolean
matches (const Entity *request,
         const Entity *acl)
{
  switch (request->type)
    {
    case ENTITY_NONE:
      return acl->type == ENTITY_NONE;

    case ENTITY_ANY:
      return acl->type == ENTITY_ANY || acl->type == ENTITY_NONE;

    case ENTITY_SOME:
    default:
      if (acl->type != ENTITY_SOME)
        return TRUE;
      for (guint i = 0; request->values != NULL && request->values[i] != NULL; i++)
        if (acl->values == NULL || !g_strv_contains ((const char * const *)acl->values, request->values[i]))
          return FALSE;
      return TRUE;
    }
}

/* Its allow matrix: does the ACL let the request's entity through? */
static gboolean
allows (const Entity *request,
        const Entity *acl)
{
  switch (request->type)
    {
    case ENTITY_NONE:
      return acl->type == ENTITY_NONE;

    case ENTITY_ANY:
      return acl->type == ENTITY_ANY;

    case ENTITY_SOME:
    default:
      return acl->type == ENTITY_ANY || (acl->type == ENTITY_SOME && matches (request, acl));
    }
}

/**
 * ms_sim_acls_allows_view_flags:
 * @acls: (nullable): the ACLs; none allow everything
 * @principal: (nullable): who asks, if authenticated
 *
 * Returns: whether GET_FLAGS is answered
 */
gboolean
ms_sim_acls_allows_view_flags (const MsSimAcls *acls,
                               const char      *principal)
{
  const char *values[] = { principal, NULL };
  Entity subject = { principal != NULL ? ENTITY_SOME : ENTITY_ANY, principal != NULL ? (GStrv)values : NULL };
  Entity object = { ENTITY_ANY, NULL };

  if (acls == NULL)
    return TRUE;

  for (guint i = 0; i < acls->view_flags->len; i++)
    {
      const Acl *acl = &g_array_index (acls->view_flags, Acl, i);

      if (matches (&subject, &acl->principals) && matches (&object, &acl->flags))
        return allows (&subject, &acl->principals) && allows (&object, &acl->flags);
    }

  return acls->permissive;
}
