/* ms-json-tree.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-json-tree"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "ms-error.h"
#include "ms-json-tree.h"

/*
 * The stream path's JSON reader. json-glib builds a GHashTable per object
 * and takes ~10 µs per event and 16× the size of a snapshot in memory
 * (../shared/reference/json-parsing.md). This reader is driven by yajl's
 * callbacks, incrementally, and builds a compact tree in a bump arena.
 *
 * For the big arrays of a snapshot (tasks, agents, frameworks) it does not
 * build the array at all: each element is handed to a callback as soon as
 * it is complete and its memory is reused for the next one, so memory stays
 * at one element plus the rest of the document, and parsing overlaps the
 * download.
 */

#define ARENA_BLOCK (64 * 1024)

typedef struct
{
  guint8 *data;
  gsize   size;
} Block;

typedef struct
{
  GArray *blocks;   /* of Block */
  guint   block;    /* index of the current block */
  gsize   offset;   /* in the current block */
} Arena;

typedef struct
{
  guint block;
  gsize offset;
} ArenaMark;

static void
block_clear (gpointer data)
{
  g_free (((Block *)data)->data);
}

static void
arena_init (Arena *arena)
{
  Block first = { g_malloc (ARENA_BLOCK), ARENA_BLOCK };

  arena->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  g_array_set_clear_func (arena->blocks, block_clear);
  g_array_append_val (arena->blocks, first);
  arena->block = 0;
  arena->offset = 0;
}

static void
arena_clear (Arena *arena)
{
  g_clear_pointer (&arena->blocks, g_array_unref);
}

static gpointer
arena_alloc (Arena *arena,
             gsize  size)
{
  Block *current;

  size = (size + 7) & ~(gsize)7;
  current = &g_array_index (arena->blocks, Block, arena->block);

  if (arena->offset + size > current->size)
    {
      arena->block++;
      arena->offset = 0;
      /* Blocks left behind by a released mark are reused when big enough. */
      if (arena->block >= arena->blocks->len ||
          g_array_index (arena->blocks, Block, arena->block).size < size)
        {
          Block block = { NULL, MAX (size, ARENA_BLOCK) };

          block.data = g_malloc (block.size);
          g_array_insert_val (arena->blocks, arena->block, block);
        }
      current = &g_array_index (arena->blocks, Block, arena->block);
    }

  arena->offset += size;

  return current->data + arena->offset - size;
}

static ArenaMark
arena_mark (Arena *arena)
{
  return (ArenaMark) { arena->block, arena->offset };
}

static void
arena_release (Arena     *arena,
               ArenaMark  mark)
{
  /* Keep a few spare blocks for the next element, not all of them. */
  if (arena->blocks->len > mark.block + 3)
    g_array_set_size (arena->blocks, mark.block + 3);

  arena->block = mark.block;
  arena->offset = mark.offset;
}

static const char *
arena_strndup (Arena      *arena,
               const char *s,
               gsize       len)
{
  char *copy = arena_alloc (arena, len + 1);

  memcpy (copy, s, len);
  copy[len] = '\0';

  return copy;
}

typedef struct
{
  MsJsonValue *value;
  const char  *key;     /* under which this container sits */
  int          split;   /* index of the split path, or -1 */
  ArenaMark    mark;    /* for elements of a split array */
} Frame;

struct _MsJsonParser
{
  yajl_handle         handle;
  Arena               arena;
  GStrv               split_paths;
  MsJsonElementFunc   func;
  gpointer            user_data;

  Frame               stack[MS_JSON_TREE_MAX_DEPTH + 1];
  guint               depth;
  const char         *pending_key;
  MsJsonValue        *root;
  int                 in_split;  /* depth of the split array we are in, or -1 */
  GError             *error;
  gboolean            finished;
};

/* Does the chain of keys from the root down to the array just pushed name
 * a split path? The root (stack[1]) sits under no key.
 */
static int
match_split (MsJsonParser *self)
{
  if (self->split_paths == NULL)
    return -1;

  for (guint i = 0; self->split_paths[i] != NULL; i++)
    {
      const char *p = self->split_paths[i];
      guint d;

      for (d = 2; d <= self->depth; d++)
        {
          const char *k = self->stack[d].key;
          gsize n;

          if (k == NULL)
            break;
          n = strlen (k);
          if (strncmp (p, k, n) != 0 || (p[n] != '.' && p[n] != '\0'))
            break;
          p += n;
          if (*p == '.')
            p++;
          else if (d < self->depth)
            break;
        }

      if (d > self->depth && *p == '\0')
        return i;
    }

  return -1;
}

static MsJsonValue *
new_value (MsJsonParser *self,
           MsJsonType    type)
{
  MsJsonValue *value = arena_alloc (&self->arena, sizeof *value);

  memset (value, 0, sizeof *value);
  value->type = type;
  value->key = self->pending_key;
  self->pending_key = NULL;

  return value;
}

/* Attaches a completed scalar, or an element of a split array. */
static gboolean
attach (MsJsonParser *self,
        MsJsonValue  *value)
{
  Frame *parent;

  if (self->depth == 0)
    {
      self->root = value;
      return TRUE;
    }

  parent = &self->stack[self->depth];
  if (parent->split >= 0)
    {
      /* An element of a split array: hand it over, then forget it. */
      if (!self->func (parent->split, value, self->user_data, &self->error))
        return FALSE;
      return TRUE;
    }

  if (parent->value->last != NULL)
    parent->value->last->next = value;
  else
    parent->value->first = value;
  parent->value->last = value;
  parent->value->len++;

  return TRUE;
}

static gboolean
add_scalar (MsJsonParser *self,
            MsJsonType    type,
            const char   *text,
            gsize         len)
{
  ArenaMark mark = arena_mark (&self->arena);
  MsJsonValue *value = new_value (self, type);
  gboolean in_split_array = self->depth > 0 && self->stack[self->depth].split >= 0;

  value->text = text ? arena_strndup (&self->arena, text, len) : NULL;
  value->len = len;

  if (!attach (self, value))
    return FALSE;
  if (in_split_array)
    arena_release (&self->arena, mark);

  return TRUE;
}

static int
on_null (void *ctx)
{
  return add_scalar (ctx, MS_JSON_NULL, NULL, 0);
}

static int
on_boolean (void *ctx,
            int   value)
{
  return add_scalar (ctx, MS_JSON_BOOLEAN, value ? "true" : "false", value ? 4 : 5);
}

static int
on_number (void       *ctx,
           const char *text,
           size_t      len)
{
  return add_scalar (ctx, MS_JSON_NUMBER, text, len);
}

static int
on_string (void                *ctx,
           const unsigned char *text,
           size_t               len)
{
  return add_scalar (ctx, MS_JSON_STRING, (const char *)text, len);
}

static int
on_key (void                *ctx,
        const unsigned char *key,
        size_t               len)
{
  MsJsonParser *self = ctx;

  self->pending_key = arena_strndup (&self->arena, (const char *)key, len);

  return TRUE;
}

static gboolean
push (MsJsonParser *self,
      MsJsonType    type)
{
  const char *key = self->pending_key;
  ArenaMark mark = arena_mark (&self->arena);
  MsJsonValue *value;
  Frame *frame;

  if (self->depth >= MS_JSON_TREE_MAX_DEPTH)
    {
      g_set_error (&self->error, MS_ERROR, MS_ERROR_INVALID_DATA,
                   _("JSON nested deeper than %d levels"), MS_JSON_TREE_MAX_DEPTH);
      return FALSE;
    }

  value = new_value (self, type);
  self->depth++;
  frame = &self->stack[self->depth];
  frame->value = value;
  frame->key = key;
  frame->split = -1;
  frame->mark = mark;

  if (type == MS_JSON_ARRAY && self->in_split < 0)
    {
      frame->split = match_split (self);
      if (frame->split >= 0)
        self->in_split = self->depth;
    }

  return TRUE;
}

static gboolean
pop (MsJsonParser *self)
{
  Frame *frame = &self->stack[self->depth];
  MsJsonValue *value = frame->value;
  ArenaMark mark = frame->mark;
  gboolean element_of_split;

  if (self->in_split == (int)self->depth)
    self->in_split = -1;

  self->depth--;
  element_of_split = self->depth > 0 && self->stack[self->depth].split >= 0;

  if (!attach (self, value))
    return FALSE;

  if (element_of_split)
    arena_release (&self->arena, mark);

  return TRUE;
}

static int
on_start_map (void *ctx)
{
  return push (ctx, MS_JSON_OBJECT);
}

static int
on_end_map (void *ctx)
{
  return pop (ctx);
}

static int
on_start_array (void *ctx)
{
  return push (ctx, MS_JSON_ARRAY);
}

static int
on_end_array (void *ctx)
{
  return pop (ctx);
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

/**
 * ms_json_parser_new:
 * @split_paths: (nullable): dotted key paths of arrays whose elements go to
 *   @func one by one instead of into the tree, e.g.
 *   `subscribed.get_state.get_tasks.tasks`
 * @func: (nullable): receives those elements
 */
MsJsonParser *
ms_json_parser_new (const char * const *split_paths,
                    MsJsonElementFunc   func,
                    gpointer            user_data)
{
  MsJsonParser *self = g_new0 (MsJsonParser, 1);

  g_return_val_if_fail (split_paths == NULL || func != NULL, NULL);

  arena_init (&self->arena);
  self->split_paths = g_strdupv ((GStrv)split_paths);
  self->func = func;
  self->user_data = user_data;
  self->in_split = -1;
  self->handle = yajl_alloc (&callbacks, NULL, self);

  return self;
}

void
ms_json_parser_free (MsJsonParser *self)
{
  if (self == NULL)
    return;

  yajl_free (self->handle);
  arena_clear (&self->arena);
  g_strfreev (self->split_paths);
  g_clear_error (&self->error);
  g_free (self);
}

/**
 * ms_json_parser_reset:
 *
 * Forgets the document so the parser can take the next one, keeping its
 * memory: parsing many small documents (one per event) then allocates
 * almost nothing.
 */
void
ms_json_parser_reset (MsJsonParser *self)
{
  g_return_if_fail (self != NULL);

  /* yajl 2.1 has no reset: a new handle is a few small allocations. */
  yajl_free (self->handle);
  self->handle = yajl_alloc (&callbacks, NULL, self);
  arena_release (&self->arena, (ArenaMark) { 0, 0 });
  self->depth = 0;
  self->pending_key = NULL;
  self->root = NULL;
  self->in_split = -1;
  g_clear_error (&self->error);
  self->finished = FALSE;
}

static gboolean
check (MsJsonParser       *self,
       yajl_status         status,
       const char         *data,
       gsize               len,
       GError            **error)
{
  if (status == yajl_status_ok)
    return TRUE;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
    }
  else
    {
      unsigned char *message = yajl_get_error (self->handle, 0, (const unsigned char *)data, len);

      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Invalid JSON: %s"),
                   g_strchomp ((char *)message));
      yajl_free_error (self->handle, message);
    }

  return FALSE;
}

/**
 * ms_json_parser_feed:
 * @data: the next bytes of the document, split anywhere
 */
gboolean
ms_json_parser_feed (MsJsonParser  *self,
                     const char    *data,
                     gsize          len,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return check (self, yajl_parse (self->handle, (const unsigned char *)data, len), data, len, error);
}

/**
 * ms_json_parser_finish:
 *
 * Ends the document: an incomplete one is an error.
 */
gboolean
ms_json_parser_finish (MsJsonParser  *self,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check (self, yajl_complete_parse (self->handle), NULL, 0, error))
    return FALSE;

  if (self->root == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Empty JSON document"));
      return FALSE;
    }

  self->finished = TRUE;
  return TRUE;
}

/**
 * ms_json_parser_get_root:
 *
 * Returns: (nullable): the document, once finished
 */
const MsJsonValue *
ms_json_parser_get_root (MsJsonParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->finished ? self->root : NULL;
}

/**
 * ms_json_parse_tree:
 *
 * Parses a whole small document.
 *
 * Returns: (transfer full): the parser holding the tree, or %NULL with
 *   @error set to %MS_ERROR_INVALID_DATA
 */
MsJsonParser *
ms_json_parse_tree (const char  *data,
                    gsize        len,
                    GError     **error)
{
  g_autoptr(MsJsonParser) parser = ms_json_parser_new (NULL, NULL, NULL);

  if (!ms_json_parser_feed (parser, data, len, error) ||
      !ms_json_parser_finish (parser, error))
    return NULL;

  return g_steal_pointer (&parser);
}

const MsJsonValue *
ms_json_value_get_member (const MsJsonValue *value,
                          const char        *key)
{
  if (value == NULL || value->type != MS_JSON_OBJECT)
    return NULL;

  for (const MsJsonValue *child = value->first; child != NULL; child = child->next)
    if (strcmp (child->key, key) == 0)
      return child;

  return NULL;
}

/**
 * ms_json_value_get_path:
 *
 * Returns: (nullable): `value.first_key.…`, or %NULL when any step is
 *   missing or not an object
 */
const MsJsonValue *
ms_json_value_get_path (const MsJsonValue *value,
                        const char        *first_key,
                        ...)
{
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL && value != NULL)
    {
      value = ms_json_value_get_member (value, key);
      key = va_arg (args, const char *);
    }
  va_end (args);

  return value;
}

/**
 * ms_json_value_get_string:
 *
 * Returns: (nullable): the text of a string value; %NULL for anything else
 */
const char *
ms_json_value_get_string (const MsJsonValue *value)
{
  if (value == NULL || value->type != MS_JSON_STRING)
    return NULL;

  return value->text;
}

/**
 * ms_json_value_get_id:
 *
 * Mesos' ids are `{"value": "…"}`.
 *
 * Returns: (nullable): `value.key.value` when it is a string
 */
const char *
ms_json_value_get_id (const MsJsonValue *value,
                      const char        *key)
{
  return ms_json_value_get_string (ms_json_value_get_path (value, key, "value", NULL));
}

/**
 * ms_json_value_get_int64:
 *
 * Integers are read from their text: int64 values beyond 2^53 keep every
 * digit. An integral number written as `15.0` is accepted.
 */
gboolean
ms_json_value_get_int64 (const MsJsonValue *value,
                         gint64            *out)
{
  char *end = NULL;
  gint64 v;

  if (value == NULL || value->type != MS_JSON_NUMBER)
    return FALSE;

  errno = 0;
  v = g_ascii_strtoll (value->text, &end, 10);
  if (errno == 0 && end != NULL && *end == '\0')
    {
      *out = v;
      return TRUE;
    }

  {
    double d;

    if (!ms_json_value_get_double (value, &d) || d != d ||
        d < -9.2233720368547758e18 || d >= 9.2233720368547758e18 || d != (double)(gint64)d)
      return FALSE;
    *out = (gint64)d;
  }

  return TRUE;
}

gboolean
ms_json_value_get_double (const MsJsonValue *value,
                          double            *out)
{
  char *end = NULL;
  double v;

  if (value == NULL || value->type != MS_JSON_NUMBER)
    return FALSE;

  v = g_ascii_strtod (value->text, &end);
  if (end == NULL || *end != '\0')
    return FALSE;

  *out = v;
  return TRUE;
}

/**
 * ms_json_value_get_boolean:
 *
 * Returns: the boolean, or @fallback when @value is absent or not a boolean
 */
gboolean
ms_json_value_get_boolean (const MsJsonValue *value,
                           gboolean           fallback)
{
  if (value == NULL || value->type != MS_JSON_BOOLEAN)
    return fallback;

  return value->text[0] == 't';
}
