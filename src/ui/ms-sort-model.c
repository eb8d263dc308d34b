/* ms-sort-model.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-sort-model"

#include "config.h"

#include <string.h>

#include "ms-sort-model.h"

/*
 * MsSortModel shows its source's items sorted by one property: text
 * case-folded and collated as GtkStringSorter does, or a number. A table
 * sorts by its primary column with it (see ms-column-sorter.c).
 *
 * Why not GtkSortListModel (GTK 4.8):
 * - Sorting 100k tasks in one go blocks the main loop for well over
 *   50 ms. In steps ("incremental"), every item added meanwhile restarts
 *   the sort, costs a pass over all items, and shows at the end of the
 *   list, unsorted, until a later step: under 250 new tasks a second the
 *   sort did not finish in 3 s.
 * - Its changes span from the first moved item to the end of the list;
 *   GTK 4.8 binds every row in such a span again.
 *
 * Here, a new sort (or a change of more than BULK_MAX items, such as a
 * search being cleared) reads the sort values on the main thread, a few
 * milliseconds at a time, and makes the collation keys and sorts them on
 * a worker thread; the list shown stays as it was, and live, meanwhile.
 * It starts once the main loop has nothing else to do: a filter that
 * works in steps (GtkFilterListModel with a search over 100k tasks:
 * about 200 changes of 500 items) is sorted once, when it is done, not
 * once a step; a sort overtaken by a newer one is cancelled.
 * When the worker is done, the changes made since are applied to its
 * result and the whole list is replaced at once. Smaller changes are
 * applied in place, each item where it belongs, each one signalled as
 * itself: (position, 1, 0) or (position, 0, 1).
 *
 * Like GtkSortListModel, it does not move an item whose sort value changes
 * until its source says the item changed (items-changed).
 */

/* Changes of more items than this are sorted again in the background. */
#define BULK_MAX 100
/* How long one step of reading sort values may take. */
#define READ_STEP_US 4000

typedef union
{
  char   *text;    /* raw text while read, then its collation key */
  double  number;
} Key;

typedef struct
{
  guint      generation;
  char      *property;
  gboolean   numeric;
  gboolean   descending;
  GPtrArray *items;    /* the source's items when the sort started */
  guint      n_read;
  Key       *keys;     /* one per item */
  guint     *order;    /* made by the worker: item indexes, sorted */
} Job;

struct _MsSortModel
{
  GObject     parent_instance;

  GListModel *source;
  GPtrArray  *mirror;      /* the source's items, in its order; only while
                            * sorted (100k reads when a snapshot comes) */

  char       *property;    /* NULL: unsorted, the source's order */
  gboolean    numeric;
  gboolean    descending;

  /* Sorted: what is shown, each item's key, and what they are sorted by
   * (until a sort under way is done, not what was last asked for). NULL
   * while unsorted.
   */
  GPtrArray  *items;
  GArray     *keys;
  char       *sorted_by;
  gboolean    sorted_numeric;
  gboolean    sorted_descending;

  /* A sort under way: to start once the main loop is idle, then its job
   * while values are read, then the worker's (cancellable).
   */
  guint       generation;
  gboolean    sorting;
  guint       start_source;
  Job        *reading;
  guint       read_source;
  GCancellable *cancellable;
  GHashTable *added;       /* items added since its snapshot */
  GHashTable *removed;     /* items of its snapshot removed since */
};

static void ms_sort_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsSortModel, ms_sort_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ms_sort_model_list_model_init))

enum {
  PROP_0,
  PROP_SORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
job_free (Job *job)
{
  for (guint i = 0; i < job->n_read && !job->numeric; i++)
    g_free (job->keys[i].text);
  g_free (job->keys);
  g_free (job->order);
  g_ptr_array_unref (job->items);
  g_free (job->property);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
unref_if_any (GObject *object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* Collation key of case-folded text, as GtkStringSorter with ignore-case. */
static char *
text_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);

  return g_utf8_collate_key (folded, -1);
}

static double
number_of (const GValue *value)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_BOOLEAN: return g_value_get_boolean (value);
    case G_TYPE_INT:     return g_value_get_int (value);
    case G_TYPE_UINT:    return g_value_get_uint (value);
    case G_TYPE_LONG:    return g_value_get_long (value);
    case G_TYPE_ULONG:   return g_value_get_ulong (value);
    case G_TYPE_INT64:   return g_value_get_int64 (value);
    case G_TYPE_UINT64:  return g_value_get_uint64 (value);
    case G_TYPE_FLOAT:   return g_value_get_float (value);
    case G_TYPE_DOUBLE:  return g_value_get_double (value);
    case G_TYPE_ENUM:    return g_value_get_enum (value);
    default:             return 0;
    }
}

/* The item's sort value: a copy of its text, or its number. */
static Key
read_value (GObject    *item,
            const char *property,
            gboolean    numeric)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), property);
  g_auto(GValue) value = G_VALUE_INIT;
  Key key;

  if (pspec == NULL)
    {
      if (numeric)
        key.number = 0;
      else
        key.text = NULL;
      return key;
    }

  g_value_init (&value, pspec->value_type);
  g_object_get_property (item, property, &value);
  if (numeric)
    key.number = number_of (&value);
  else if (G_VALUE_HOLDS_STRING (&value))
    key.text = g_value_dup_string (&value);
  else
    key.text = g_strdup_value_contents (&value);

  return key;
}

static int
compare_keys (const Key *a,
              const Key *b,
              gboolean   numeric,
              gboolean   descending)
{
  int result;

  if (numeric)
    result = (a->number > b->number) - (a->number < b->number);
  else
    result = strcmp (a->text, b->text);

  return descending ? -result : result;
}

typedef struct
{
  GPtrArray *items;
  GArray    *keys;
  gboolean   numeric;
} Sorted;

static gboolean
free_sorted (gpointer data)
{
  Sorted *sorted = data;

  if (!sorted->numeric)
    for (guint i = 0; i < sorted->keys->len; i++)
      g_free (g_array_index (sorted->keys, Key, i).text);
  g_array_unref (sorted->keys);
  g_ptr_array_unref (sorted->items);
  g_free (sorted);

  return G_SOURCE_REMOVE;
}

/* Dropping 100k references and keys takes a few milliseconds: not in the
 * same main loop iteration as GTK's work on the change. Leaves the model
 * with no sorted items.
 */
static void
drop_sorted_later (MsSortModel *self)
{
  Sorted *old;

  if (self->items == NULL)
    return;

  old = g_new0 (Sorted, 1);
  old->items = g_steal_pointer (&self->items);
  old->keys = g_steal_pointer (&self->keys);
  old->numeric = self->sorted_numeric;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, free_sorted, old, NULL);
}

static void
clear_sorted (MsSortModel *self)
{
  if (self->keys != NULL && !self->sorted_numeric)
    for (guint i = 0; i < self->keys->len; i++)
      g_free (g_array_index (self->keys, Key, i).text);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->sorted_by, g_free);
}

static guint
n_shown (MsSortModel *self)
{
  if (self->items != NULL)
    return self->items->len;
  if (self->mirror != NULL)
    return self->mirror->len;

  return g_list_model_get_n_items (self->source);
}

static GType
ms_sort_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (MS_SORT_MODEL (model)->source);
}

static guint
ms_sort_model_get_n_items (GListModel *model)
{
  return n_shown (MS_SORT_MODEL (model));
}

static gpointer
ms_sort_model_get_item (GListModel *model,
                        guint       position)
{
  MsSortModel *self = MS_SORT_MODEL (model);
  GPtrArray *shown = self->items != NULL ? self->items : self->mirror;

  if (shown == NULL)
    return g_list_model_get_item (self->source, position);
  if (position >= shown->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (shown, position));
}

static void
ms_sort_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_sort_model_get_item_type;
  iface->get_n_items = ms_sort_model_get_n_items;
  iface->get_item = ms_sort_model_get_item;
}

static void
set_sorting (MsSortModel *self,
             gboolean     sorting)
{
  if (self->sorting == sorting)
    return;

  self->sorting = sorting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTING]);
}

/* Forgets a sort under way: a worker stops early, its result unused. */
static void
drop_sort (MsSortModel *self)
{
  self->generation++;
  g_clear_handle_id (&self->start_source, g_source_remove);
  g_clear_pointer (&self->reading, job_free);
  g_clear_handle_id (&self->read_source, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_pointer (&self->added, g_hash_table_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);
}

/* Where @key goes among the sorted keys: after those equal to it. */
static guint
insertion_point (MsSortModel *self,
                 const Key   *key)
{
  guint low = 0, high = self->keys->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_keys (key, &g_array_index (self->keys, Key, middle),
                        self->sorted_numeric, self->sorted_descending) < 0)
        high = middle;
      else
        low = middle + 1;
    }

  return low;
}

static guint
insert_sorted (MsSortModel *self,
               GObject     *item)
{
  Key key = read_value (item, self->sorted_by, self->sorted_numeric);
  guint position;

  if (!self->sorted_numeric)
    {
      char *raw = key.text;

      key.text = text_key (raw);
      g_free (raw);
    }
  position = insertion_point (self, &key);
  g_ptr_array_insert (self->items, position, g_object_ref (item));
  g_array_insert_val (self->keys, position, key);

  return position;
}

static void
remove_sorted (MsSortModel *self,
               guint        position,
               guint        n)
{
  if (!self->sorted_numeric)
    for (guint i = position; i < position + n; i++)
      g_free (g_array_index (self->keys, Key, i).text);
  g_array_remove_range (self->keys, position, n);
  g_ptr_array_remove_range (self->items, position, n);
}

/* Worker thread: keys from the values read, then the order. Touches
 * nothing but the job.
 */
static int
compare_indexes (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  Job *job = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  int result = compare_keys (&job->keys[i], &job->keys[j], job->numeric, job->descending);

  /* Ties keep the source's order. */
  return result != 0 ? result : (i > j) - (i < j);
}

static void
sort_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  guint n = job->items->len;

  if (!job->numeric)
    for (guint i = 0; i < n; i++)
      {
        char *raw = job->keys[i].text;

        if (i % 1024 == 0 && g_task_return_error_if_cancelled (task))
          return;
        job->keys[i].text = text_key (raw);
        g_free (raw);
      }

  if (g_task_return_error_if_cancelled (task))
    return;
  job->order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    job->order[i] = i;
  g_qsort_with_data (job->order, n, sizeof (guint), compare_indexes, job);

  g_task_return_boolean (task, TRUE);
}

/* Main thread: the worker's order, with what changed since, replaces what
 * is shown.
 */
static void
on_sorted (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  /* Released here, on the main thread: the task itself may be finalized
   * on the worker's (see read_step()). */
  g_autofree GWeakRef *weak = data;
  g_autoptr(MsSortModel) self = g_weak_ref_get (weak);
  g_autoptr(Job) job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) keys = NULL;
  GHashTableIter iter;
  gpointer item;
  guint old_n;

  g_weak_ref_clear (weak);
  /* Gone, cancelled, or overtaken by a newer sort. */
  if (self == NULL || !g_task_propagate_boolean (G_TASK (result), NULL) ||
      job->generation != self->generation)
    return;
  g_clear_object (&self->cancellable);

  /* The job's references and keys become the model's. */
  items = g_ptr_array_new_full (job->items->len, g_object_unref);
  keys = g_array_sized_new (FALSE, FALSE, sizeof (Key), job->items->len);
  for (guint i = 0; i < job->items->len; i++)
    {
      guint index = job->order[i];
      gpointer *snapshot_item = &job->items->pdata[index];

      if (g_hash_table_size (self->removed) > 0 && g_hash_table_contains (self->removed, *snapshot_item))
        continue;
      g_ptr_array_add (items, g_steal_pointer (snapshot_item));
      g_array_append_val (keys, job->keys[index]);
      if (!job->numeric)
        job->keys[index].text = NULL;
    }

  old_n = n_shown (self);
  drop_sorted_later (self);
  clear_sorted (self);
  self->items = g_steal_pointer (&items);
  self->keys = g_steal_pointer (&keys);
  self->sorted_by = g_strdup (job->property);
  self->sorted_numeric = job->numeric;
  self->sorted_descending = job->descending;

  g_hash_table_iter_init (&iter, self->added);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    insert_sorted (self, item);

  g_clear_pointer (&self->added, g_hash_table_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
  set_sorting (self, FALSE);
}

static gboolean
read_step (gpointer data)
{
  MsSortModel *self = data;
  Job *job = self->reading;
  gint64 end = g_get_monotonic_time () + READ_STEP_US;
  GWeakRef *weak;
  GTask *task;

  while (job->n_read < job->items->len)
    {
      job->keys[job->n_read] = read_value (g_ptr_array_index (job->items, job->n_read),
                                           job->property, job->numeric);
      job->n_read++;
      if (job->n_read % 64 == 0 && g_get_monotonic_time () >= end)
        return G_SOURCE_CONTINUE;
    }

  self->read_source = 0;
  self->reading = NULL;
  /* The worker drops its reference to the task after queueing on_sorted():
   * the task may be finalized on its thread. So it holds neither the model
   * nor a destroy function for the job, whose references are the model's
   * items: on_sorted() releases the job on the main thread. It holds the
   * model weakly: a model dropped meanwhile is disposed, which cancels
   * the worker.
   */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, on_sorted, weak);
  g_task_set_source_tag (task, read_step);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, sort_in_thread);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

/* Takes the snapshot of the source's items that the sort sorts. */
static gboolean
begin_sort (gpointer data)
{
  MsSortModel *self = data;
  Job *job;

  self->start_source = 0;

  job = g_new0 (Job, 1);
  job->generation = self->generation;
  job->property = g_strdup (self->property);
  job->numeric = self->numeric;
  job->descending = self->descending;
  /* Its references move to the model when it is done. */
  job->items = g_ptr_array_new_full (self->mirror->len, (GDestroyNotify) unref_if_any);
  for (guint i = 0; i < self->mirror->len; i++)
    g_ptr_array_add (job->items, g_object_ref (g_ptr_array_index (self->mirror, i)));
  job->keys = g_new0 (Key, MAX (job->items->len, 1));

  self->reading = job;
  self->added = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->removed = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  /* Before GTK's idle work (its own list models' steps), after drawing. */
  self->read_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, read_step, self, NULL);
  g_source_set_name_by_id (self->read_source, "[mesoscope] ms_sort_model read_step");

  return G_SOURCE_REMOVE;
}

/* Sorts the source's items in the background, as they are once the main
 * loop has nothing else to do: after the steps of a filter below (GTK's
 * run at G_PRIORITY_DEFAULT_IDLE), so that a filter's many changes start
 * one sort, not one each.
 */
static void
start_sort (MsSortModel *self)
{
  drop_sort (self);

  self->start_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE + 10, begin_sort, self, NULL);
  g_source_set_name_by_id (self->start_source, "[mesoscope] ms_sort_model begin_sort");
  set_sorting (self, TRUE);
}

/* A sort under way learns what changed since its snapshot (none yet
 * before it starts). An item removed and added again (its source says it
 * changed) leaves the snapshot and comes back with the value it has now.
 */
static void
note_change (MsSortModel *self,
             GPtrArray   *removed,
             GPtrArray   *added)
{
  if (self->added == NULL)
    return;

  for (guint i = 0; i < removed->len; i++)
    {
      gpointer item = g_ptr_array_index (removed, i);

      if (!g_hash_table_remove (self->added, item))
        g_hash_table_add (self->removed, g_object_ref (item));
    }
  for (guint i = 0; i < added->len; i++)
    g_hash_table_add (self->added, g_object_ref (g_ptr_array_index (added, i)));
}

/* Runs of removed items that take a sorted list out in place, at most:
 * more, and the list is sorted again. */
#define RUNS_MAX 32

/* Before the mirror follows a bulk change: might the items it adds be
 * some of those it removes (a filter's step), so that items only leave?
 * A look at the first one added, without a reference to each: a new
 * snapshot's items are new objects.
 */
static gboolean
may_only_leave (MsSortModel *self,
                guint        position,
                guint        removed,
                guint        added)
{
  g_autoptr(GObject) first = NULL;

  if (added == 0)
    return TRUE;
  if (added >= removed)
    return FALSE;

  first = g_list_model_get_item (self->source, position);
  for (guint i = position; i < position + removed; i++)
    if (g_ptr_array_index (self->mirror, i) == (gpointer) first)
      return TRUE;

  return FALSE;
}

/* Many items that only leave a sorted list, no sort under way: a search or
 * a state filter set (GTK's filter list model removes all its items, then
 * adds those that match a few at a time). They are taken out where they
 * are, in as few runs as they stand in, if those are few: the order of
 * the rest holds. Returns whether they were. Items removed and added
 * again in the same change stay as they are, not sorted again: a filter's
 * step means them unchanged (a smaller change would sort them again).
 */
static gboolean
remove_in_runs (MsSortModel *self,
                GPtrArray   *gone,
                GPtrArray   *come)
{
  g_autoptr(GHashTable) leaving = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (guint));
  guint found = 0;

  for (guint i = 0; i < gone->len; i++)
    g_hash_table_add (leaving, g_ptr_array_index (gone, i));
  /* Removed and added again in the same change: staying. An item that
   * comes only now needs its sort value: not this way. */
  for (guint i = 0; i < come->len; i++)
    if (!g_hash_table_remove (leaving, g_ptr_array_index (come, i)))
      return FALSE;

  /* Start and end of each run, in order. */
  for (guint i = 0; i < self->items->len; i++)
    {
      if (!g_hash_table_contains (leaving, g_ptr_array_index (self->items, i)))
        continue;
      found++;
      if (runs->len > 0 && g_array_index (runs, guint, runs->len - 1) == i)
        g_array_index (runs, guint, runs->len - 1) = i + 1;
      else if (runs->len / 2 == RUNS_MAX)
        return FALSE;
      else
        {
          guint bounds[2] = { i, i + 1 };

          g_array_append_vals (runs, bounds, 2);
        }
    }
  if (found != g_hash_table_size (leaving))
    return FALSE;

  /* From the last run on: the positions before it still hold. */
  for (guint r = runs->len; r > 0; r -= 2)
    {
      guint start = g_array_index (runs, guint, r - 2);
      guint n = g_array_index (runs, guint, r - 1) - start;

      remove_sorted (self, start, n);
      g_list_model_items_changed (G_LIST_MODEL (self), start, n, 0);
    }

  return TRUE;
}

/* The mirror follows its source; @gone and @come, when given, get the
 * items removed and added. */
static void
update_mirror (MsSortModel *self,
               guint        position,
               guint        removed,
               guint        added,
               GPtrArray   *gone,
               GPtrArray   *come)
{
  GPtrArray *mirror = self->mirror;
  guint old_n = mirror->len;

  for (guint i = 0; i < removed; i++)
    {
      gpointer item = g_ptr_array_index (mirror, position + i);

      if (gone != NULL)
        g_ptr_array_add (gone, g_object_ref (item));
      g_object_unref (item);
    }

  /* Move the tail once, not once an item. */
  if (added > removed)
    g_ptr_array_set_size (mirror, old_n - removed + added);
  memmove (mirror->pdata + position + added, mirror->pdata + position + removed,
           (old_n - position - removed) * sizeof (gpointer));
  if (removed > added)
    {
      /* The slots past the new end hold moved pointers: not to be
       * unreferenced when the array shrinks. */
      memset (mirror->pdata + old_n - removed + added, 0, (removed - added) * sizeof (gpointer));
      g_ptr_array_set_size (mirror, old_n - removed + added);
    }

  for (guint i = 0; i < added; i++)
    {
      gpointer item = g_list_model_get_item (self->source, position + i);

      mirror->pdata[position + i] = item;
      if (come != NULL)
        g_ptr_array_add (come, g_object_ref (item));
    }
}

static void
on_source_items_changed (GListModel  *source,
                         guint        position,
                         guint        removed,
                         guint        added,
                         MsSortModel *self)
{
  gboolean bulk;
  gboolean runs;
  gboolean in_place;
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(GPtrArray) come = NULL;

  /* Unsorted: the source's order, nothing to keep. */
  if (self->mirror == NULL)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  bulk = removed + added > BULK_MAX;
  /* Sorted, no sort under way, and every item leaves (a search or a state
   * filter set: GTK's filter list model removes all its items first). */
  if (bulk && added == 0 && self->items != NULL && !self->sorting && removed == self->items->len)
    {
      update_mirror (self, position, removed, added, NULL, NULL);
      drop_sorted_later (self);
      self->items = g_ptr_array_new_with_free_func (g_object_unref);
      self->keys = g_array_new (FALSE, FALSE, sizeof (Key));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      return;
    }
  /* Sorted, no sort under way: many that only leave may leave in place. */
  runs = bulk && self->property != NULL && self->items != NULL && !self->sorting &&
         may_only_leave (self, position, removed, added);
  in_place = self->property != NULL && !bulk && (self->items != NULL || self->sorting);
  if (in_place || runs)
    {
      gone = g_ptr_array_new_with_free_func (g_object_unref);
      come = g_ptr_array_new_with_free_func (g_object_unref);
    }
  update_mirror (self, position, removed, added, gone, come);

  /* Unsorted, or until the first sort is done: the source's order. */
  if (self->items == NULL)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  if (self->property == NULL)
    return;

  if (bulk)
    {
      if (!runs || !remove_in_runs (self, gone, come))
        start_sort (self);
      return;
    }

  if (self->sorting)
    note_change (self, gone, come);

  if (self->items == NULL)
    return;

  for (guint i = 0; i < gone->len; i++)
    {
      guint found;

      if (g_ptr_array_find (self->items, g_ptr_array_index (gone, i), &found))
        {
          remove_sorted (self, found, 1);
          g_list_model_items_changed (G_LIST_MODEL (self), found, 1, 0);
        }
    }
  for (guint i = 0; i < come->len; i++)
    {
      gpointer item = g_ptr_array_index (come, i);

      /* After a bulk change, until its sort is done, the list shown still
       * holds the items it removed: one may come back. */
      if (self->sorting && g_ptr_array_find (self->items, item, NULL))
        continue;
      g_list_model_items_changed (G_LIST_MODEL (self), insert_sorted (self, item), 0, 1);
    }
}

static void
ms_sort_model_dispose (GObject *object)
{
  MsSortModel *self = MS_SORT_MODEL (object);

  drop_sort (self);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_source_items_changed, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (ms_sort_model_parent_class)->dispose (object);
}

static void
ms_sort_model_finalize (GObject *object)
{
  MsSortModel *self = MS_SORT_MODEL (object);

  clear_sorted (self);
  g_clear_pointer (&self->mirror, g_ptr_array_unref);
  g_free (self->property);

  G_OBJECT_CLASS (ms_sort_model_parent_class)->finalize (object);
}

static void
ms_sort_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MsSortModel *self = MS_SORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_SORTING:
      g_value_set_boolean (value, self->sorting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_sort_model_class_init (MsSortModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_sort_model_dispose;
  object_class->finalize = ms_sort_model_finalize;
  object_class->get_property = ms_sort_model_get_property;

  /**
   * MsSortModel:sorting:
   *
   * Whether a sort is under way in the background; the items shown are
   * in their earlier order until it is done.
   */
  properties[PROP_SORTING] =
    g_param_spec_boolean ("sorting", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_sort_model_init (MsSortModel *self)
{

}

/**
 * ms_sort_model_new:
 * @source: the model to sort
 *
 * Returns: (transfer full): a model showing @source's items, in their
 *   order until ms_sort_model_set_sort() is called
 */
MsSortModel *
ms_sort_model_new (GListModel *source)
{
  MsSortModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);
  g_return_val_if_fail (g_type_is_a (g_list_model_get_item_type (source), G_TYPE_OBJECT), NULL);

  self = g_object_new (MS_TYPE_SORT_MODEL, NULL);
  self->source = g_object_ref (source);
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed), self, 0);

  return self;
}

/**
 * ms_sort_model_set_sort:
 * @property: (nullable): the item property to sort by, or %NULL for the
 *   source's order
 * @numeric: whether @property is a number (or a boolean) rather than text
 * @descending: whether the largest come first
 *
 * Sorts the items by @property: at once when only the direction changes,
 * otherwise in the background (see MsSortModel:sorting).
 */
void
ms_sort_model_set_sort (MsSortModel *self,
                        const char  *property,
                        gboolean     numeric,
                        gboolean     descending)
{
  g_return_if_fail (MS_IS_SORT_MODEL (self));

  numeric = !!numeric;
  descending = !!descending;
  if (g_strcmp0 (self->property, property) == 0 && self->numeric == numeric &&
      self->descending == descending)
    return;

  /* The same column the other way: the list turned around. Ties come
   * the other way round too, which the sort does not promise either way.
   */
  if (property != NULL && g_strcmp0 (self->property, property) == 0 && self->numeric == numeric &&
      self->items != NULL && !self->sorting)
    {
      guint n = self->items->len;

      self->descending = descending;
      self->sorted_descending = descending;
      for (guint i = 0; i < n / 2; i++)
        {
          gpointer item = self->items->pdata[i];
          Key key = g_array_index (self->keys, Key, i);

          self->items->pdata[i] = self->items->pdata[n - 1 - i];
          self->items->pdata[n - 1 - i] = item;
          g_array_index (self->keys, Key, i) = g_array_index (self->keys, Key, n - 1 - i);
          g_array_index (self->keys, Key, n - 1 - i) = key;
        }
      if (n > 1)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
      return;
    }

  g_free (self->property);
  self->property = g_strdup (property);
  self->numeric = numeric;
  self->descending = descending;

  if (property != NULL)
    {
      if (self->mirror == NULL)
        {
          guint n = g_list_model_get_n_items (self->source);

          /* NULL-safe: see update_mirror(). */
          self->mirror = g_ptr_array_new_full (n, (GDestroyNotify) unref_if_any);
          for (guint i = 0; i < n; i++)
            g_ptr_array_add (self->mirror, g_list_model_get_item (self->source, i));
        }
      start_sort (self);
      return;
    }

  drop_sort (self);
  set_sorting (self, FALSE);
  if (self->items != NULL)
    {
      guint old_n = self->items->len;

      clear_sorted (self);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->mirror->len);
    }
  g_clear_pointer (&self->mirror, g_ptr_array_unref);
}

/**
 * ms_sort_model_get_sorting:
 *
 * Returns: whether a sort is under way (see MsSortModel:sorting)
 */
gboolean
ms_sort_model_get_sorting (MsSortModel *self)
{
  g_return_val_if_fail (MS_IS_SORT_MODEL (self), FALSE);

  return self->sorting;
}

/**
 * ms_sort_model_find:
 * @item: an item of the model
 * @position: (out): where it is, the first time
 *
 * Like g_list_store_find(): finding a row of 100k with get_item() took a
 * reference on each item before it.
 *
 * Returns: whether @item is in the model
 */
gboolean
ms_sort_model_find (MsSortModel *self,
                    gpointer     item,
                    guint       *position)
{
  GPtrArray *shown;

  g_return_val_if_fail (MS_IS_SORT_MODEL (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  shown = self->items != NULL ? self->items : self->mirror;
  if (shown != NULL)
    return g_ptr_array_find (shown, item, position);

  for (guint i = 0; i < g_list_model_get_n_items (self->source); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (self->source, i);

      if (other == item)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}
