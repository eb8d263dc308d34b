/* ms-atom.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "ms-atom.h"

/*
 * Atoms: interned, reference-counted strings. Task ids, states, sources and
 * reasons repeat across 100k tasks, so each is kept once and compared by
 * pointer; unlike g_intern_string() an atom is freed with its last user, so
 * ids a master sends (one executor id per task, say) do not pile up for the
 * life of the process.
 *
 * Not GRefString interning: in GLib 2.74 g_ref_string_release() drops the
 * count before it takes the table's lock, so another thread interning the
 * same text at that moment gets a string being freed (fixed in GLib 2.83).
 * Snapshots are parsed on a worker thread while the main thread drops the
 * old model. Here the table's lock covers finding an atom and dropping its
 * last reference, so an atom found in the table is never one being freed.
 * Other references are taken and dropped with atomic operations alone: the
 * stream takes and drops several per event, for states, sources and the
 * keys of the model's count tables.
 */

typedef struct
{
  int   refs;   /* atomic; reaches 0 only under the lock */
  char  text[];
} Atom;

static GMutex lock;
static GHashTable *table;   /* text → Atom, the key inside the value */

static Atom *
atom_of (const char *text)
{
  return (Atom *)(gpointer)(text - G_STRUCT_OFFSET (Atom, text));
}

/**
 * ms_atom_new:
 * @string: (nullable): text
 *
 * Returns: (nullable): the atom for @string, with a reference for the
 *   caller; the same pointer for the same text while it is in use
 */
const char *
ms_atom_new (const char *string)
{
  Atom *atom;

  if (string == NULL)
    return NULL;

  g_mutex_lock (&lock);
  if (G_UNLIKELY (table == NULL))
    table = g_hash_table_new (g_str_hash, g_str_equal);
  atom = g_hash_table_lookup (table, string);
  if (atom == NULL)
    {
      gsize len = strlen (string);

      atom = g_malloc (sizeof (Atom) + len + 1);
      atom->refs = 0;
      memcpy (atom->text, string, len + 1);
      g_hash_table_insert (table, atom->text, atom);
    }
  g_atomic_int_inc (&atom->refs);
  g_mutex_unlock (&lock);

  return atom->text;
}

/**
 * ms_atom_ref:
 * @atom: (nullable): an atom the caller holds a reference on
 *
 * Returns: (nullable): @atom, with one more reference
 */
const char *
ms_atom_ref (const char *atom)
{
  if (atom == NULL)
    return NULL;

  /* The caller's reference keeps the count above 0: no lock needed. */
  g_atomic_int_inc (&atom_of (atom)->refs);

  return atom;
}

/**
 * ms_atom_release:
 * @atom: (nullable): an atom; the caller's reference is dropped
 */
void
ms_atom_release (const char *atom)
{
  Atom *a;

  if (atom == NULL)
    return;

  a = atom_of (atom);

  /* Not the last reference: drop it without the lock. */
  for (int refs = g_atomic_int_get (&a->refs); refs > 1; refs = g_atomic_int_get (&a->refs))
    {
      if (g_atomic_int_compare_and_exchange (&a->refs, refs, refs - 1))
        return;
    }

  /* Perhaps the last: decide under the lock, where ms_atom_new() may be
   * taking a new reference at the same time. */
  g_mutex_lock (&lock);
  g_assert (g_atomic_int_get (&a->refs) > 0);
  if (g_atomic_int_dec_and_test (&a->refs))
    g_hash_table_remove (table, a->text);
  else
    a = NULL;
  g_mutex_unlock (&lock);

  g_free (a);
}

/**
 * ms_atom_lookup:
 * @string: text
 *
 * For lookups in tables keyed by atoms: no reference is taken, so the
 * pointer may only be compared with atoms the caller holds, never read.
 *
 * Returns: (nullable): the atom for @string if there is one
 */
const char *
ms_atom_lookup (const char *string)
{
  Atom *atom;

  if (string == NULL)
    return NULL;

  g_mutex_lock (&lock);
  atom = table ? g_hash_table_lookup (table, string) : NULL;
  g_mutex_unlock (&lock);

  return atom ? atom->text : NULL;
}
