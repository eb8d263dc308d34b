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

/* Eight bytes at a time: each byte 1, each byte's high bit. */
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

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
  gboolean     may_split;  /* may a split path run through here? */
  ArenaMark    mark;    /* for elements of a split array */
} Frame;

struct _MsJsonParser
{
  yajl_handle         handle;
  Arena               arena;
  GPtrArray          *split_paths;  /* of GStrv: each path's keys */
  MsJsonElementFunc   func;
  gpointer            user_data;

  Frame               stack[MS_JSON_TREE_MAX_DEPTH + 1];
  guint               depth;
  const char         *pending_key;
  MsJsonValue        *root;
  int                 in_split;  /* depth of the split array we are in, or -1 */
  GError             *error;
  gboolean            finished;
  GString            *scratch;   /* unescaped strings of ms_json_parser_parse() */
  GString            *valid;     /* strings made valid UTF-8 (make_valid()) */
  gboolean            fed;       /* has yajl read any of this document? */
};

#define SPLIT_NONE   (-1)
#define SPLIT_PREFIX (-2)

/* How the chain of keys from the root down to the container just pushed
 * stands against the split paths: the index of the path it names, or
 * SPLIT_PREFIX if it only begins one, or SPLIT_NONE. The root (stack[1])
 * sits under no key.
 */
static int
match_split (MsJsonParser *self)
{
  int result = SPLIT_NONE;

  if (self->split_paths == NULL)
    return SPLIT_NONE;

  for (guint i = 0; i < self->split_paths->len; i++)
    {
      const char * const *keys = g_ptr_array_index (self->split_paths, i);
      guint d;

      /* The first byte settles most comparisons without a call. */
      for (d = 2; d <= self->depth && keys[d - 2] != NULL; d++)
        {
          const char *k = self->stack[d].key;

          if (k == NULL || k[0] != keys[d - 2][0] || strcmp (k, keys[d - 2]) != 0)
            break;
        }

      if (d > self->depth)
        {
          if (keys[d - 2] == NULL)
            return i;
          result = SPLIT_PREFIX;
        }
    }

  return result;
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
  frame->may_split = FALSE;
  frame->mark = mark;

  /* Paths are matched only while the keys so far begin one, so an
   * event's arrays (statuses, resources, labels) cost nothing here. */
  if (self->in_split < 0 && (self->depth == 1 || self->stack[self->depth - 1].may_split))
    {
      int match = match_split (self);

      frame->may_split = match != SPLIT_NONE;
      if (type == MS_JSON_ARRAY && match >= 0)
        {
          frame->split = match;
          self->in_split = self->depth;
        }
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

/* Text that is not UTF-8 (a task name in Latin-1, say; Mesos passes a
 * framework's bytes on) must not reach the window's labels, and refusing
 * the record would hide a whole snapshot for one task. Each invalid
 * sequence becomes U+FFFD, as g_utf8_make_valid() does; NUL bytes (from
 * \u0000) are kept. Both readers do this to the same bytes.
 *
 * Returns: %FALSE if @text is valid as it is; else %TRUE, with the valid
 *   text in @out
 */
static gboolean
make_valid (const char *text,
            gsize       len,
            GString    *out)
{
  gsize i = 0;
  gboolean valid = TRUE;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      if (word & HIGHS)
        break;
    }
  for (; i < len; i++)
    if ((guchar) text[i] >= 0x80)
      break;
  if (i == len)
    return FALSE;

  /* g_utf8_validate_len() refuses NUL bytes: the text between them is
   * checked. */
  for (const char *p = text, *end = text + len; valid && p < end;)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul != NULL ? nul : end;

      valid = g_utf8_validate_len (p, stop - p, NULL);
      p = stop + (nul != NULL);
    }
  if (valid)
    return FALSE;

  g_string_truncate (out, 0);
  for (const char *p = text, *end = text + len; p < end;)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul != NULL ? nul : end;
      g_autofree char *piece = g_utf8_make_valid (p, stop - p);

      g_string_append (out, piece);
      if (nul != NULL)
        g_string_append_len (out, "", 1);
      p = stop + (nul != NULL);
    }

  return TRUE;
}

static int
on_checked_string (void                *ctx,
                   const unsigned char *text,
                   size_t               len)
{
  MsJsonParser *self = ctx;

  if (make_valid ((const char *) text, len, self->valid))
    return on_string (ctx, (const unsigned char *) self->valid->str, self->valid->len);

  return on_string (ctx, text, len);
}

static int
on_checked_key (void                *ctx,
                const unsigned char *key,
                size_t               len)
{
  MsJsonParser *self = ctx;

  if (make_valid ((const char *) key, len, self->valid))
    return on_key (ctx, (const unsigned char *) self->valid->str, self->valid->len);

  return on_key (ctx, key, len);
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_checked_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_checked_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

/* yajl checks UTF-8 laxly (overlong forms and encoded surrogates pass,
 * a Latin-1 byte refuses the document): make_valid() does it instead. */
static yajl_handle
new_handle (MsJsonParser *self)
{
  yajl_handle handle = yajl_alloc (&callbacks, NULL, self);

  yajl_config (handle, yajl_dont_validate_strings, 1);

  return handle;
}

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
  if (split_paths != NULL)
    {
      self->split_paths = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
      for (guint i = 0; split_paths[i] != NULL; i++)
        g_ptr_array_add (self->split_paths, g_strsplit (split_paths[i], ".", -1));
    }
  self->func = func;
  self->user_data = user_data;
  self->in_split = -1;
  self->handle = new_handle (self);
  self->scratch = g_string_new (NULL);
  self->valid = g_string_new (NULL);

  return self;
}

void
ms_json_parser_free (MsJsonParser *self)
{
  if (self == NULL)
    return;

  yajl_free (self->handle);
  arena_clear (&self->arena);
  g_clear_pointer (&self->split_paths, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_string_free (self->scratch, TRUE);
  g_string_free (self->valid, TRUE);
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

  /* yajl 2.1 has no reset: a new handle is a few small allocations,
   * spared when the document was read whole. */
  if (self->fed)
    {
      yajl_free (self->handle);
      self->handle = new_handle (self);
      self->fed = FALSE;
    }
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

  self->fed = TRUE;
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

  self->fed = TRUE;
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

/* The whole-document reader.
 *
 * yajl reads about 110 MB/s here and was 60% of the instructions the
 * event stream costs (tests/bench/RESULTS.md). An event is a whole record
 * in memory, so it needs no incremental lexer: this one scans the bytes in
 * one pass and builds the same tree through the same functions as yajl's
 * callbacks above, split arrays included, and makes strings valid UTF-8
 * the same way (make_valid()). It is stricter than yajl where yajl is lax:
 * only JSON's four white-space bytes count (yajl also takes form feed and
 * vertical tab), and an unfinished token after the document is an error
 * (yajl ignores it). An escaped surrogate without its pair becomes one
 * U+FFFD (yajl makes it "?", or three bytes that make_valid() turns into
 * three).
 */

static gboolean
syntax_error (MsJsonParser *self,
              const char   *start,
              const char   *p,
              const char   *end)
{
  if (self->error != NULL)
    return FALSE;

  if (p >= end)
    g_set_error (&self->error, MS_ERROR, MS_ERROR_INVALID_DATA,
                 _("Invalid JSON: the document ends too early"));
  else
    g_set_error (&self->error, MS_ERROR, MS_ERROR_INVALID_DATA,
                 _("Invalid JSON: unexpected byte 0x%02x at offset %lu"),
                 (guint)(guchar)*p, (gulong)(p - start));

  return FALSE;
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

/* Four hex digits at @p, or -1. */
static int
hex4 (const char *p)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value << 4 | digit;
    }

  return value;
}

/* Unescapes the string between @p and @end (its closing quote) into the
 * scratch buffer. Returns FALSE at an invalid escape, with *@bad on it.
 */
static gboolean
unescape (MsJsonParser  *self,
          const char    *p,
          const char    *end,
          const char   **bad)
{
  GString *out = self->scratch;

  g_string_truncate (out, 0);
  while (p < end)
    {
      const char *run = p;
      gunichar c;

      while (p < end && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      if (p == end)
        break;

      /* The scan made sure a byte follows every backslash. */
      *bad = p;
      switch (p[1])
        {
        case '"': g_string_append_c (out, '"'); p += 2; continue;
        case '\\': g_string_append_c (out, '\\'); p += 2; continue;
        case '/': g_string_append_c (out, '/'); p += 2; continue;
        case 'b': g_string_append_c (out, '\b'); p += 2; continue;
        case 'f': g_string_append_c (out, '\f'); p += 2; continue;
        case 'n': g_string_append_c (out, '\n'); p += 2; continue;
        case 'r': g_string_append_c (out, '\r'); p += 2; continue;
        case 't': g_string_append_c (out, '\t'); p += 2; continue;
        case 'u': break;
        default: return FALSE;
        }

      {
        int unit = end - p >= 6 ? hex4 (p + 2) : -1;

        if (unit < 0)
          return FALSE;
        c = unit;
      }
      p += 6;
      if (c >= 0xd800 && c <= 0xdbff)
        {
          int low = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4 (p + 2) : -1;

          if (low >= 0xdc00 && low <= 0xdfff)
            {
              c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              p += 6;
            }
          else
            {
              c = 0xfffd;
            }
        }
      else if (c >= 0xdc00 && c <= 0xdfff)
        {
          c = 0xfffd;
        }
      g_string_append_unichar (out, c);
    }

  return TRUE;
}

/* Non-zero if one of the eight bytes in @word ends plain string text: a
 * quote, a backslash, a control character, or a byte of a multi-byte
 * character. (The usual bit tricks: a byte below n borrows in word - n.)
 */
static inline guint64
special_bytes (guint64 word)
{
  guint64 quote = word ^ (ONES * '"');
  guint64 backslash = word ^ (ONES * '\\');

  return (((word - ONES * 0x20) & ~word) |
          ((quote - ONES) & ~quote) |
          ((backslash - ONES) & ~backslash) |
          word) & HIGHS;
}

/* Reads the string whose opening quote is at @p and hands it to
 * on_key() or on_string(). Returns the byte after its closing quote, or
 * NULL.
 */
static const char *
read_string (MsJsonParser *self,
             const char   *start,
             const char   *p,
             const char   *end,
             gboolean      key)
{
  const char *text = ++p;
  gboolean escaped = FALSE;
  gboolean high = FALSE;
  const char *bad = NULL;
  gsize len;
  int ok;

  for (;;)
    {
      guchar c;

      /* Plain ASCII text goes by quickly, eight bytes at a time. */
      while (end - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, 8);
          if (special_bytes (word) != 0)
            break;
          p += 8;
        }
      while (p < end && (guchar)*p >= 0x20 && *p != '"' && *p != '\\' && (guchar)*p < 0x80)
        p++;
      if (p >= end)
        return syntax_error (self, start, p, end), NULL;
      c = *p;
      if (c == '"')
        break;
      if (c < 0x20)
        return syntax_error (self, start, p, end), NULL;
      if (c == '\\')
        {
          escaped = TRUE;
          if (end - p < 2)
            return syntax_error (self, start, end, end), NULL;
          p += 2;
          continue;
        }
      high = TRUE;
      p++;
    }

  len = p - text;
  if (escaped)
    {
      if (!unescape (self, text, p, &bad))
        {
          g_set_error (&self->error, MS_ERROR, MS_ERROR_INVALID_DATA,
                       _("Invalid JSON: invalid escape in a string at offset %lu"),
                       (gulong)(bad - start));
          return NULL;
        }
      text = self->scratch->str;
      len = self->scratch->len;
    }
  if (high && make_valid (text, len, self->valid))
    {
      text = self->valid->str;
      len = self->valid->len;
    }

  if (key)
    ok = on_key (self, (const unsigned char *)text, len);
  else
    ok = on_string (self, (const unsigned char *)text, len);

  return ok ? p + 1 : NULL;
}

/* A number as JSON spells it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static const char *
read_number (MsJsonParser *self,
             const char   *start,
             const char   *p,
             const char   *end)
{
  const char *text = p;

  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    while (p < end && g_ascii_isdigit (*p))
      p++;
  else
    return syntax_error (self, start, p, end), NULL;

  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return syntax_error (self, start, p, end), NULL;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return syntax_error (self, start, p, end), NULL;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  return on_number (self, text, p - text) ? p : NULL;
}

static const char *
read_literal (MsJsonParser *self,
              const char   *start,
              const char   *p,
              const char   *end)
{
  static const struct { const char *text; gsize len; MsJsonType type; } literals[] = {
    { "true", 4, MS_JSON_BOOLEAN },
    { "false", 5, MS_JSON_BOOLEAN },
    { "null", 4, MS_JSON_NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      if ((gsize)(end - p) >= literals[i].len && memcmp (p, literals[i].text, literals[i].len) == 0)
        {
          const char *after = p + literals[i].len;

          /* "nullx" is not null. */
          if (after < end && g_ascii_isalnum (*after))
            return syntax_error (self, start, after, end), NULL;
          return add_scalar (self, literals[i].type,
                             literals[i].type == MS_JSON_NULL ? NULL : literals[i].text,
                             literals[i].type == MS_JSON_NULL ? 0 : literals[i].len) ? after : NULL;
        }
    }

  return syntax_error (self, start, p, end), NULL;
}

#define CLOSING(open) ((open) == '{' ? '}' : ']')

static gboolean
scan (MsJsonParser *self,
      const char   *start,
      const char   *end)
{
  /* '{' or '[' for each open container; push() refuses to go deeper. */
  char open[MS_JSON_TREE_MAX_DEPTH + 2];
  guint depth = 0;
  const char *p = skip_space (start, end);

  if (p == end)
    {
      g_set_error (&self->error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Empty JSON document"));
      return FALSE;
    }

value:
  p = skip_space (p, end);
  if (p >= end)
    return syntax_error (self, start, p, end);
  switch (*p)
    {
    case '{':
    case '[':
      if (!(*p == '{' ? on_start_map (self) : on_start_array (self)))
        return FALSE;
      open[++depth] = *p;
      p = skip_space (p + 1, end);
      /* Empty: closed at once. */
      if (p < end && *p == CLOSING (open[depth]))
        goto close;
      if (open[depth] == '{')
        goto key;
      goto value;

    case '"':
      p = read_string (self, start, p, end, FALSE);
      break;

    case 't':
    case 'f':
    case 'n':
      p = read_literal (self, start, p, end);
      break;

    default:
      p = read_number (self, start, p, end);
      break;
    }
  if (p == NULL)
    return FALSE;

after_value:
  p = skip_space (p, end);
  if (depth == 0)
    return p == end ? TRUE : syntax_error (self, start, p, end);
  if (p >= end)
    return syntax_error (self, start, p, end);
  if (*p == ',')
    {
      p++;
      if (open[depth] == '{')
        goto key;
      goto value;
    }
  if (*p != CLOSING (open[depth]))
    return syntax_error (self, start, p, end);

close:
  if (!(open[depth] == '{' ? on_end_map (self) : on_end_array (self)))
    return FALSE;
  depth--;
  p++;
  goto after_value;

key:
  p = skip_space (p, end);
  if (p >= end || *p != '"')
    return syntax_error (self, start, p, end);
  p = read_string (self, start, p, end, TRUE);
  if (p == NULL)
    return FALSE;
  p = skip_space (p, end);
  if (p >= end || *p != ':')
    return syntax_error (self, start, p, end);
  p++;
  goto value;
}

/**
 * ms_json_parser_parse:
 * @data: a whole document
 *
 * Reads a whole document at once, as ms_json_parser_feed() and
 * ms_json_parser_finish() would, only faster. The parser must be new or
 * reset.
 *
 * Returns: %FALSE with @error set to %MS_ERROR_INVALID_DATA (or the
 *   element callback's error) when the document is invalid
 */
gboolean
ms_json_parser_parse (MsJsonParser  *self,
                      const char    *data,
                      gsize          len,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (!self->fed && self->depth == 0 && self->root == NULL && !self->finished,
                        FALSE);

  if (!scan (self, data, data + len))
    {
      /* An element callback may refuse without saying why. */
      if (self->error == NULL)
        g_set_error (&self->error, MS_ERROR, MS_ERROR_INVALID_DATA, _("Invalid JSON: %s"),
                     _("an element was refused"));
      g_propagate_error (error, g_steal_pointer (&self->error));
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

  if (!ms_json_parser_parse (parser, data, len, error))
    return NULL;

  return g_steal_pointer (&parser);
}

const MsJsonValue *
ms_json_value_get_member (const MsJsonValue *value,
                          const char        *key)
{
  if (value == NULL || value->type != MS_JSON_OBJECT)
    return NULL;

  /* The first byte settles most comparisons without a call. */
  for (const MsJsonValue *child = value->first; child != NULL; child = child->next)
    if (child->key[0] == key[0] && strcmp (child->key, key) == 0)
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
