/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-history.c: the bounded loss history (core/nl-history.c): full
 * resolution up to its capacity, then buckets whose smallest, largest,
 * first and last values are those of the epochs they stand for. */
#include <math.h>

#include <glib.h>

#include "nl-history.h"

/* A falling, noisy loss curve, as training draws one. */
static double
loss_at (guint64 i)
{
  return 1.0 / (1.0 + (double) i / 50.0) + 0.05 * sin ((double) i * 1.7);
}

/* The buckets against every epoch: each bucket's four values are those of
 * the epochs it stands for. */
static void
assert_matches (const NlHistory *h,
                const double    *values,
                guint64          n)
{
  size_t n_buckets;
  const NlHistoryBucket *b = nl_history_buckets (h, &n_buckets);
  guint64 w = nl_history_bucket_epochs (h);

  g_assert_cmpuint (nl_history_epochs (h), ==, n);
  g_assert_cmpuint (n_buckets, ==, (n + w - 1) / w);
  for (size_t k = 0; k < n_buckets; k++)
    {
      guint64 start = k * w, end = MIN (n, (k + 1) * w);

      /* One epoch a bucket: its value as it is. */
      if (w == 1)
        {
          g_assert_cmpmem (&b[k].first, sizeof (double), &values[k], sizeof (double));
          g_assert_cmpmem (&b[k].min, sizeof (double), &values[k], sizeof (double));
          g_assert_cmpmem (&b[k].max, sizeof (double), &values[k], sizeof (double));
          g_assert_cmpmem (&b[k].last, sizeof (double), &values[k], sizeof (double));
          continue;
        }
      double lo = INFINITY, hi = -INFINITY, first = NAN, last = NAN;

      for (guint64 i = start; i < end; i++)
        {
          if (!isfinite (values[i]))
            continue;
          if (isnan (first))
            first = values[i];
          last = values[i];
          lo = MIN (lo, values[i]);
          hi = MAX (hi, values[i]);
        }
      if (isnan (first))
        {
          g_assert_false (nl_history_bucket_is_set (&b[k]));
          continue;
        }
      g_assert_cmpfloat (b[k].min, ==, lo);
      g_assert_cmpfloat (b[k].max, ==, hi);
      g_assert_cmpfloat (b[k].first, ==, first);
      g_assert_cmpfloat (b[k].last, ==, last);
    }
}

/* Up to the capacity every epoch is its own bucket. */
static void
test_full_resolution (void)
{
  NlHistory *h = nl_history_new (0);
  double values[NL_HISTORY_CAPACITY];

  g_assert_cmpuint (nl_history_capacity (h), ==, NL_HISTORY_CAPACITY);
  for (guint i = 0; i < NL_HISTORY_CAPACITY; i++)
    {
      values[i] = loss_at (i);
      g_assert_true (nl_history_append (h, values[i]));
    }
  g_assert_cmpuint (nl_history_bucket_epochs (h), ==, 1);
  assert_matches (h, values, NL_HISTORY_CAPACITY);
  nl_history_free (h);
}

/* A long run: the buckets stay within the capacity, the memory with them,
 * and every bucket still tells the truth about its epochs. */
static void
test_bounded (void)
{
  const guint64 n = 1000003;
  g_autofree double *values = g_new (double, n);
  NlHistory *h = nl_history_new (64);
  size_t memory_at_capacity = 0, n_buckets;

  for (guint64 i = 0; i < n; i++)
    {
      values[i] = loss_at (i);
      g_assert_true (nl_history_append (h, values[i]));
      if (i + 1 == 64)
        memory_at_capacity = nl_history_memory (h);
      if (i % 9973 == 0 || i + 1 == n)
        assert_matches (h, values, i + 1);
    }
  g_assert_cmpuint (nl_history_memory (h), ==, memory_at_capacity);
  g_assert_cmpuint (nl_history_memory (h), <=, 64 * sizeof (NlHistoryBucket) + 256);
  /* At least half the capacity in use: as fine as the bound allows. */
  nl_history_buckets (h, &n_buckets);
  g_assert_cmpuint (n_buckets, >, 32);
  g_assert_cmpuint (n_buckets, <=, 64);
  nl_history_free (h);
}

/* A test loss not evaluated every epoch: NAN does not count in a bucket,
 * and a bucket of nothing but NAN is empty. Infinity does not count
 * either; at full resolution both are kept as they are. */
static void
test_missing_values (void)
{
  const guint n = 1000;
  double values[1000];
  NlHistory *h = nl_history_new (16);

  for (guint i = 0; i < n; i++)
    values[i] = i % 100 == 7 ? loss_at (i) : (i == 501 ? INFINITY : NAN);
  g_assert_true (nl_history_append_n (h, values, 16));
  assert_matches (h, values, 16);
  g_assert_true (nl_history_append_n (h, values + 16, n - 16));
  assert_matches (h, values, n);
  nl_history_free (h);
}

/* Clearing empties it and gives the memory back; a copy is a copy. */
static void
test_clear_copy (void)
{
  NlHistory *h = nl_history_new (32);
  NlHistory *copy;
  size_t empty = nl_history_memory (h);
  double values[500];

  for (guint i = 0; i < 500; i++)
    values[i] = loss_at (i);
  g_assert_true (nl_history_append_n (h, values, 500));
  g_assert_cmpuint (nl_history_memory (h), >, empty);

  copy = nl_history_copy (h);
  nl_history_clear (h);
  g_assert_cmpuint (nl_history_epochs (h), ==, 0);
  g_assert_cmpuint (nl_history_bucket_epochs (h), ==, 1);
  g_assert_cmpuint (nl_history_memory (h), ==, empty);
  assert_matches (copy, values, 500);
  /* The copy goes on as the original would have. */
  g_assert_true (nl_history_append (copy, 0.25));
  g_assert_cmpuint (nl_history_epochs (copy), ==, 501);

  g_assert_true (nl_history_append_n (h, values, 3));
  assert_matches (h, values, 3);
  nl_history_free (copy);
  nl_history_free (h);
}

/* Buckets as a file holds them come back as they were, and more than the
 * capacity takes are compacted as appending would have. */
static void
test_set_buckets (void)
{
  const guint64 n = 10000;
  g_autofree double *values = g_new (double, n);
  NlHistory *big = nl_history_new (1024);
  NlHistory *small = nl_history_new (64);
  NlHistory *direct = nl_history_new (64);
  const NlHistoryBucket *b;
  size_t n_buckets;
  NlHistoryBucket one = { 1, 1, 1, 1 };

  for (guint64 i = 0; i < n; i++)
    values[i] = loss_at (i);
  g_assert_true (nl_history_append_n (big, values, n));
  g_assert_true (nl_history_append_n (direct, values, n));
  b = nl_history_buckets (big, &n_buckets);

  g_assert_true (nl_history_set_buckets (small, n, nl_history_bucket_epochs (big), b, n_buckets));
  assert_matches (small, values, n);
  g_assert_cmpuint (nl_history_bucket_epochs (small), ==, nl_history_bucket_epochs (direct));
  g_assert_cmpuint (nl_history_memory (small), <=, nl_history_memory (direct));

  /* The count must fit the epochs and the width be a power of two; a
   * refused set leaves the history as it was. */
  g_assert_false (nl_history_set_buckets (small, n, nl_history_bucket_epochs (big), b,
                                          n_buckets - 1));
  g_assert_false (nl_history_set_buckets (small, 3, 3, &one, 1));
  assert_matches (small, values, n);
  g_assert_true (nl_history_set_buckets (small, 0, 1, NULL, 0));
  g_assert_cmpuint (nl_history_epochs (small), ==, 0);

  nl_history_free (direct);
  nl_history_free (small);
  nl_history_free (big);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/history/full-resolution", test_full_resolution);
  g_test_add_func ("/core/history/bounded", test_bounded);
  g_test_add_func ("/core/history/missing-values", test_missing_values);
  g_test_add_func ("/core/history/clear-copy", test_clear_copy);
  g_test_add_func ("/core/history/set-buckets", test_set_buckets);

  return g_test_run ();
}
