/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-history.h: a per-epoch loss history of bounded size.
 *
 * A history keeps every epoch's value at full resolution up to its capacity
 * (NL_HISTORY_CAPACITY epochs by default). When it is full, neighbouring
 * buckets merge in pairs and each bucket stands for twice as many epochs, so
 * a run of any length costs at most capacity buckets: a million epochs take
 * the memory and the file space of a few thousand.
 *
 * A bucket keeps what a plot draws of its epochs (the M4 idea, as the loss
 * plot reduces its points per pixel column): the first, smallest, largest
 * and last value. So the smallest and largest value over any run of whole
 * buckets is exact, and a plot whose pixel columns hold whole buckets draws
 * the same band as from every epoch. At full resolution a bucket holds its
 * epoch's value as it is (NAN where a test loss was not evaluated, or an
 * infinity); a bucket of several epochs keeps only finite values, and NAN
 * in all four when it has none.
 *
 * What the history is not for: stop conditions and status lines, which take
 * the exact value of the epoch as it is trained, not this summary.
 *
 * Plain C, no GLib: the window, the command line tool and the project file
 * share it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Buckets a history keeps by default: full resolution for this many epochs,
 * and at least half as many buckets afterwards, more than a plot has pixel
 * columns. */
#define NL_HISTORY_CAPACITY 4096

typedef struct
{
  double first;
  double min;
  double max;
  double last;
} NlHistoryBucket;

typedef struct _NlHistory NlHistory;

/* An empty history of @capacity buckets (even, at least 2; 0 is
 * NL_HISTORY_CAPACITY). It allocates nothing until values arrive. NULL when
 * out of memory or @capacity is odd. */
NlHistory             *nl_history_new          (size_t                 capacity);
void                   nl_history_free         (NlHistory             *history);
/* NULL when out of memory (or @history is NULL). */
NlHistory             *nl_history_copy         (const NlHistory       *history);
/* Forgets every value and gives back the memory. */
void                   nl_history_clear        (NlHistory             *history);

/* Adds the next epoch's value. Returns 0 when out of memory (nothing
 * changed), 1 otherwise. */
int                    nl_history_append       (NlHistory             *history,
                                                double                 value);
int                    nl_history_append_n     (NlHistory             *history,
                                                const double          *values,
                                                size_t                 n);
/* Replaces the contents with @n buckets of @bucket_epochs epochs each
 * (a power of two; the last bucket holds the rest of @epochs), compacting
 * them as appending would when they are more than the capacity. Returns 0
 * when they do not fit together (@n is not the number of buckets @epochs
 * take, @bucket_epochs is not a power of two) or memory runs out, leaving
 * the history as it was. */
int                    nl_history_set_buckets  (NlHistory             *history,
                                                uint64_t               epochs,
                                                uint64_t               bucket_epochs,
                                                const NlHistoryBucket *buckets,
                                                size_t                 n);

/* Epochs counted, whatever the buckets. */
uint64_t               nl_history_epochs       (const NlHistory       *history);
/* Epochs a bucket stands for: 1 at full resolution, then 2, 4, ... */
uint64_t               nl_history_bucket_epochs (const NlHistory      *history);
size_t                 nl_history_capacity     (const NlHistory       *history);
/* The buckets, oldest first; @n_buckets gets their number. Bucket b holds
 * epochs b * bucket_epochs + 1 up to the smaller of (b + 1) * bucket_epochs
 * and the epochs counted (epochs counted from 1). */
const NlHistoryBucket *nl_history_buckets      (const NlHistory       *history,
                                                size_t                *n_buckets);
/* The bytes the history holds now, for tests and benches. */
size_t                 nl_history_memory       (const NlHistory       *history);
/* Whether the bucket holds a value (not NAN). */
int                    nl_history_bucket_is_set (const NlHistoryBucket *bucket);
