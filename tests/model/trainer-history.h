/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trainer-history.h: a trainer's histories as arrays of one value per
 * epoch, for the model tests, whose runs are short enough to be kept at
 * full resolution (see nl-history.h). */
#pragma once

#include "nl-trainer.h"

/* The loss (or with @test the test loss) of every epoch; @n_epochs (may be
 * NULL) gets their number. The array lives as long as the trainer. */
static inline const double *
trainer_history (NlTrainer *trainer,
                 gboolean   test,
                 guint     *n_epochs)
{
  const NlHistory *history = test ? nl_trainer_get_test_history (trainer)
                                  : nl_trainer_get_history (trainer);
  GPtrArray *kept = g_object_get_data (G_OBJECT (trainer), "test-history-values");
  const NlHistoryBucket *buckets;
  double *values;
  gsize n;

  g_assert_cmpuint (nl_history_bucket_epochs (history), ==, 1);
  buckets = nl_history_buckets (history, &n);
  values = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    values[i] = buckets[i].min;
  if (kept == NULL)
    {
      kept = g_ptr_array_new_with_free_func (g_free);
      g_object_set_data_full (G_OBJECT (trainer), "test-history-values", kept,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (kept, values);
  if (n_epochs != NULL)
    *n_epochs = (guint) n;
  return values;
}
