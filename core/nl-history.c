/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-history.c: a per-epoch loss history of bounded size.
 *
 * The buckets live in one array that grows by doubling up to the capacity,
 * so a short history costs little and an empty one nothing. When a value
 * arrives for a full array whose last bucket is complete, bucket pairs
 * merge in place and the width doubles: amortised O(1) an epoch.
 */
#include "nl-history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _NlHistory
{
  NlHistoryBucket *buckets;
  size_t           n;            /* buckets in use */
  size_t           allocated;
  size_t           capacity;
  uint64_t         epochs;
  uint64_t         width;        /* epochs a bucket stands for */
  uint64_t         last_count;   /* epochs in the last bucket */
};

static const NlHistoryBucket empty_bucket = { NAN, NAN, NAN, NAN };

NlHistory *
nl_history_new (size_t capacity)
{
  NlHistory *self;

  if (capacity == 0)
    capacity = NL_HISTORY_CAPACITY;
  if (capacity % 2 != 0)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  self->capacity = capacity;
  self->width = 1;
  return self;
}

void
nl_history_free (NlHistory *self)
{
  if (self == NULL)
    return;
  free (self->buckets);
  free (self);
}

NlHistory *
nl_history_copy (const NlHistory *self)
{
  NlHistory *copy;

  if (self == NULL)
    return NULL;
  copy = malloc (sizeof *copy);
  if (copy == NULL)
    return NULL;
  *copy = *self;
  copy->buckets = NULL;
  copy->allocated = 0;
  if (self->n > 0)
    {
      copy->buckets = malloc (self->n * sizeof *copy->buckets);
      if (copy->buckets == NULL)
        {
          free (copy);
          return NULL;
        }
      memcpy (copy->buckets, self->buckets, self->n * sizeof *copy->buckets);
      copy->allocated = self->n;
    }
  return copy;
}

void
nl_history_clear (NlHistory *self)
{
  free (self->buckets);
  self->buckets = NULL;
  self->n = self->allocated = 0;
  self->epochs = self->last_count = 0;
  self->width = 1;
}

int
nl_history_bucket_is_set (const NlHistoryBucket *bucket)
{
  return !isnan (bucket->min);
}

/* Whether the bucket holds a finite value (a bucket of several epochs
 * holds only finite ones, or NAN). */
static int
is_finite (const NlHistoryBucket *b)
{
  return isfinite (b->min) && isfinite (b->max);
}

/* @b follows @a: one bucket for both, of the finite values only. */
static void
merge (NlHistoryBucket       *a,
       const NlHistoryBucket *b)
{
  if (!is_finite (b))
    {
      if (!is_finite (a))
        *a = empty_bucket;
      return;
    }
  if (!is_finite (a))
    {
      *a = *b;
      return;
    }
  a->min = fmin (a->min, b->min);
  a->max = fmax (a->max, b->max);
  a->last = b->last;
}

/* Halves the number of buckets, each now standing for twice the epochs;
 * only whole pairs of whole buckets are merged (the caller sees to it). */
static void
compact (NlHistory *self)
{
  size_t half = self->n / 2;

  for (size_t i = 0; i < half; i++)
    {
      NlHistoryBucket b = self->buckets[2 * i];

      merge (&b, &self->buckets[2 * i + 1]);
      self->buckets[i] = b;
    }
  if (self->n % 2 != 0)
    {
      /* An odd last bucket stays on its own, half full at the new width. */
      self->buckets[half] = self->buckets[self->n - 1];
      half++;
    }
  else
    self->last_count += self->width;
  self->n = half;
  self->width *= 2;
}

static int
reserve (NlHistory *self,
         size_t     n)
{
  NlHistoryBucket *buckets;
  size_t allocated;

  if (n <= self->allocated)
    return 1;
  allocated = self->allocated > 0 ? self->allocated : 64;
  while (allocated < n)
    allocated *= 2;
  if (allocated > self->capacity)
    allocated = self->capacity;
  buckets = realloc (self->buckets, allocated * sizeof *buckets);
  if (buckets == NULL)
    return 0;
  self->buckets = buckets;
  self->allocated = allocated;
  return 1;
}

int
nl_history_append (NlHistory *self,
                   double     value)
{
  /* One epoch keeps its value as it is, infinity or NAN included: a file
   * of every epoch reads back the same. Only merging drops what is not
   * finite. */
  NlHistoryBucket b = { value, value, value, value };

  if (self->n > 0 && self->last_count < self->width)
    {
      merge (&self->buckets[self->n - 1], &b);
      self->last_count++;
      self->epochs++;
      return 1;
    }
  if (self->n == self->capacity)
    compact (self);     /* the capacity is even: every pair is whole */
  else if (!reserve (self, self->n + 1))
    return 0;
  if (self->width > 1 && !is_finite (&b))
    b = empty_bucket;
  self->buckets[self->n++] = b;
  self->last_count = 1;
  self->epochs++;
  return 1;
}

int
nl_history_append_n (NlHistory    *self,
                     const double *values,
                     size_t        n)
{
  for (size_t i = 0; i < n; i++)
    if (!nl_history_append (self, values[i]))
      return 0;
  return 1;
}

int
nl_history_set_buckets (NlHistory             *self,
                        uint64_t               epochs,
                        uint64_t               bucket_epochs,
                        const NlHistoryBucket *buckets,
                        size_t                 n)
{
  NlHistory tmp;
  size_t i;

  if (bucket_epochs == 0 || (bucket_epochs & (bucket_epochs - 1)) != 0
      || epochs / bucket_epochs + (epochs % bucket_epochs != 0) != n
      || (n > 0 && buckets == NULL))
    return 0;

  tmp = *self;
  tmp.buckets = NULL;
  tmp.n = tmp.allocated = 0;
  tmp.width = bucket_epochs;
  tmp.epochs = epochs;
  tmp.last_count = epochs - (epochs > 0 ? (uint64_t) (n - 1) * bucket_epochs : 0);
  /* Room for them all before compacting in place, then down to the
   * capacity. */
  if (n > 0)
    {
      tmp.buckets = malloc (n * sizeof *tmp.buckets);
      if (tmp.buckets == NULL)
        return 0;
      tmp.allocated = n;
      for (i = 0; i < n; i++)
        {
          NlHistoryBucket b = buckets[i];

          /* A bucket is whole or empty: what is not finite does not count. */
          if (!isfinite (b.min) || !isfinite (b.max) || !isfinite (b.first) || !isfinite (b.last)
              || b.min > b.max)
            b = empty_bucket;
          tmp.buckets[i] = b;
        }
      tmp.n = n;
    }
  while (tmp.n > tmp.capacity)
    compact (&tmp);
  if (tmp.allocated > tmp.capacity)
    {
      NlHistoryBucket *shrunk = realloc (tmp.buckets, tmp.capacity * sizeof *tmp.buckets);

      if (shrunk != NULL)
        {
          tmp.buckets = shrunk;
          tmp.allocated = tmp.capacity;
        }
    }
  free (self->buckets);
  *self = tmp;
  return 1;
}

uint64_t
nl_history_epochs (const NlHistory *self)
{
  return self->epochs;
}

uint64_t
nl_history_bucket_epochs (const NlHistory *self)
{
  return self->width;
}

size_t
nl_history_capacity (const NlHistory *self)
{
  return self->capacity;
}

const NlHistoryBucket *
nl_history_buckets (const NlHistory *self,
                    size_t          *n_buckets)
{
  if (n_buckets != NULL)
    *n_buckets = self->n;
  return self->buckets;
}

size_t
nl_history_memory (const NlHistory *self)
{
  return sizeof *self + self->allocated * sizeof *self->buckets;
}
