/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trainer-split.c: NlTrainer's test set, confusion matrices and stop
 * conditions (target loss, early stopping and the network it keeps). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nl-model-error.h"
#include "nl-trainer.h"
#include "trainer-history.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
train_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  r->ok = nl_trainer_train_finish (NL_TRAINER (object), result, &r->error);
  r->done = TRUE;
}

static void
train (NlTrainer *trainer)
{
  Result r = { 0 };

  nl_trainer_train_async (trainer, NULL, train_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

/* The tutorial's four people and @n more in two overlapping clusters, so
 * that neither set is learnt perfectly. */
static NlDatasetModel *
generated_table (guint n)
{
  NlDatasetModel *dataset = nl_dataset_model_new_tutorial ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      gboolean female = i % 2 == 0;
      double jitter = (double) ((i * 37) % 41) - 20;

      g_string_append_printf (text, "P%u\t%d\t%d\t%s\n", i,
                              (int) ((female ? 130 : 160) + jitter),
                              (int) ((female ? 64 : 69) + jitter / 6),
                              female ? "Female" : "Male");
    }
  g_assert_cmpuint (nl_dataset_model_append_text (dataset, text->str, NULL), ==, n);
  return dataset;
}

static guint
sum (guint counts[2][2])
{
  return counts[0][0] + counts[0][1] + counts[1][0] + counts[1][1];
}

static void
test_test_set (void)
{
  NlDatasetModel *dataset = generated_table (196);
  NlNetworkModel *network = nl_network_model_new (2);
  NlTrainer *trainer = nl_trainer_new (network, dataset);
  guint train_counts[2][2], test_counts[2][2];
  const double *history, *test_history;
  guint n, n_test, evaluated = 0;

  g_assert_cmpuint (nl_trainer_get_test_percent (trainer), ==, 0);
  g_assert_cmpuint (nl_trainer_get_split_seed (trainer), ==,
                    nl_network_model_get_seed (network));
  nl_trainer_set_test_percent (trainer, 25);
  nl_trainer_set_epochs (trainer, 200);
  train (trainer);

  history = trainer_history (trainer, FALSE, &n);
  test_history = trainer_history (trainer, TRUE, &n_test);
  g_assert_cmpuint (n, ==, 200);
  g_assert_cmpuint (n_test, ==, n);
  for (guint i = 0; i < n_test; i++)
    {
      g_assert_true (isfinite (history[i]));
      evaluated += isfinite (test_history[i]);
    }
  /* 50 test rows: evaluated every epoch. */
  g_assert_cmpuint (evaluated, ==, n);
  g_assert_cmpfloat (test_history[n - 1], ==, nl_trainer_get_test_loss (trainer));
  g_assert_cmpfloat (nl_trainer_get_test_accuracy (trainer), >, 0.5);
  g_assert_null (nl_trainer_get_stop_reason (trainer));

  nl_trainer_get_confusion (trainer, &train_counts[0][0], &test_counts[0][0]);
  g_assert_cmpuint (sum (train_counts) + sum (test_counts), ==, 200);
  g_assert_cmpuint (sum (test_counts), ==, 50);
  /* Stratified: half of each class. */
  g_assert_cmpuint (test_counts[0][0] + test_counts[0][1], ==, 25);
  g_assert_cmpfloat (nl_trainer_get_accuracy (trainer), ==,
                     (train_counts[0][0] + train_counts[1][1]) / 150.0);

  /* A step keeps the histories parallel. */
  g_assert_true (nl_trainer_step (trainer, NULL));
  trainer_history (trainer, TRUE, &n_test);
  g_assert_cmpuint (n_test, ==, 201);

  /* Without a test set: NAN, and no test counts. */
  nl_trainer_reset (trainer);
  nl_trainer_set_test_percent (trainer, 0);
  train (trainer);
  test_history = trainer_history (trainer, TRUE, &n_test);
  g_assert_cmpuint (n_test, ==, 200);
  g_assert_true (isnan (test_history[0]) && isnan (test_history[199]));
  g_assert_true (isnan (nl_trainer_get_test_loss (trainer)));
  nl_trainer_get_confusion (trainer, &train_counts[0][0], &test_counts[0][0]);
  g_assert_cmpuint (sum (train_counts), ==, 200);
  g_assert_cmpuint (sum (test_counts), ==, 0);

  g_assert_finalize_object (trainer);
  g_assert_finalize_object (network);
  g_assert_finalize_object (dataset);
}

/* Above 1,000 test rows the test loss is evaluated at progress posts and at
 * the end only: NAN elsewhere in its history. */
static void
test_large_test_set (void)
{
  NlDatasetModel *dataset = generated_table (2996);
  NlNetworkModel *network = nl_network_model_new (2);
  NlTrainer *trainer = nl_trainer_new (network, dataset);
  guint train_counts[2][2], test_counts[2][2];
  const double *test_history;
  guint n, n_test;

  nl_trainer_set_test_percent (trainer, 50);
  nl_trainer_set_epochs (trainer, 20);
  train (trainer);

  trainer_history (trainer, FALSE, &n);
  test_history = trainer_history (trainer, TRUE, &n_test);
  g_assert_cmpuint (n, ==, 20);
  g_assert_cmpuint (n_test, ==, 20);
  g_assert_true (isfinite (test_history[19]));
  g_assert_cmpfloat (test_history[19], ==, nl_trainer_get_test_loss (trainer));
  nl_trainer_get_confusion (trainer, &train_counts[0][0], &test_counts[0][0]);
  g_assert_cmpuint (sum (train_counts), ==, 1500);
  g_assert_cmpuint (sum (test_counts), ==, 1500);

  g_assert_finalize_object (trainer);
  g_assert_finalize_object (network);
  g_assert_finalize_object (dataset);
}

static void
test_target_loss (void)
{
  NlDatasetModel *dataset = nl_dataset_model_new_tutorial ();
  NlNetworkModel *network = nl_network_model_new (2);
  NlTrainer *trainer = nl_trainer_new (network, dataset);
  g_autofree char *expected = NULL;
  const double *history;
  guint n;

  nl_trainer_set_epochs (trainer, 100000);
  nl_trainer_set_target_loss (trainer, 0.01);
  train (trainer);

  history = trainer_history (trainer, FALSE, &n);
  g_assert_cmpuint (n, <, 100000);
  g_assert_cmpuint (n, ==, nl_trainer_get_epoch (trainer));
  g_assert_cmpfloat (history[n - 1], <=, 0.01);
  g_assert_cmpfloat (history[n - 2], >, 0.01);
  expected = g_strdup_printf ("Reached the target loss 0.01 at epoch %u", n);
  g_assert_cmpstr (nl_trainer_get_stop_reason (trainer), ==, expected);
  /* The target keeps the last network, not an earlier one. */
  g_assert_cmpfloat (nl_trainer_get_loss (trainer), ==, history[n - 1]);

  /* The reason belongs to the run that stopped. */
  nl_trainer_set_target_loss (trainer, 0);
  nl_trainer_set_epochs (trainer, 10);
  train (trainer);
  g_assert_null (nl_trainer_get_stop_reason (trainer));

  g_assert_finalize_object (trainer);
  g_assert_finalize_object (network);
  g_assert_finalize_object (dataset);
}

/* The overfitting case: few rows and a big network with a large learning
 * rate learn the training rows, and the test loss soon rises. */
static NlTrainer *
overfitting_trainer (guint epochs,
                     gboolean early_stopping)
{
  g_autoptr(NlDatasetModel) dataset = generated_table (36);
  g_autoptr(NlNetworkModel) network = nl_network_model_new (2);
  NlTrainer *trainer = nl_trainer_new (network, dataset);

  g_assert_true (nl_network_model_set_hidden (network, "16, 16", NULL));
  nl_trainer_set_test_percent (trainer, 30);
  nl_trainer_set_learning_rate (trainer, 0.5);
  nl_trainer_set_epochs (trainer, epochs);
  nl_trainer_set_early_stopping (trainer, early_stopping);
  return trainer;
}

static void
trainer_free (NlTrainer *trainer)
{
  NlNetworkModel *network = g_object_ref (nl_trainer_get_network (trainer));
  NlDatasetModel *dataset = g_object_ref (nl_trainer_get_dataset (trainer));

  g_assert_finalize_object (trainer);
  g_assert_finalize_object (network);
  g_assert_finalize_object (dataset);
}

static const double *
params (NlTrainer *trainer,
        guint     *n)
{
  return nl_network_model_get_params (nl_trainer_get_network (trainer), n);
}

/* Early stopping ends with the network of the best epoch, not the last:
 * the very parameters of a run that stopped there, and its losses in the
 * status; the history stays whole, and the reason names both epochs. */
static void
test_early_stopping (void)
{
  NlTrainer *trainer = overfitting_trainer (200000, TRUE);
  NlTrainer *at_best, *at_stop;
  g_autofree char *best_text = NULL;
  const double *history, *test_history, *kept, *other;
  const char *reason;
  guint n, n_test, n_params, n_other, stop, waited, best;
  guint train_counts[2][2], test_counts[2][2], other_train[2][2], other_test[2][2];
  double best_loss;

  train (trainer);
  history = trainer_history (trainer, FALSE, &n);
  test_history = trainer_history (trainer, TRUE, &n_test);
  g_assert_cmpuint (n, <, 200000);
  g_assert_cmpuint (n_test, ==, n);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, n);
  reason = nl_trainer_get_stop_reason (trainer);
  g_test_message ("%s", reason);
  g_assert_cmpint (sscanf (reason, "Stopped early at epoch %u: the test loss had not improved "
                                   "for %u epochs; kept the network from epoch %u",
                           &stop, &waited, &best), ==, 3);
  g_assert_cmpuint (stop, ==, n);
  g_assert_cmpuint (waited, ==, 50);
  g_assert_cmpuint (best, ==, stop - 50);

  /* The network is the best epoch's: its test loss is the one recorded
   * then, the best of the run (to within the 1e-6 an improvement needs),
   * and the last epoch's was worse. */
  best_loss = test_history[best - 1];
  g_assert_cmpfloat (nl_trainer_get_test_loss (trainer), ==, best_loss);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (test_history[i], >, best_loss - 1e-6);
  g_assert_cmpfloat (test_history[n - 1], >, best_loss);
  best_text = g_strdup_printf ("(test loss %.3g)", best_loss);
  g_assert_true (g_str_has_suffix (reason, best_text));
  g_assert_true (isfinite (history[n - 1]));

  /* The same run without early stopping, to the best epoch and to the last:
   * the parameters kept are the first's, bit for bit, not the second's. */
  kept = params (trainer, &n_params);
  at_best = overfitting_trainer (best, FALSE);
  train (at_best);
  other = params (at_best, &n_other);
  g_assert_cmpuint (n_other, ==, n_params);
  g_assert_cmpmem (kept, n_params * sizeof (double), other, n_other * sizeof (double));
  g_assert_cmpfloat (nl_trainer_get_loss (trainer), ==, nl_trainer_get_loss (at_best));
  g_assert_cmpfloat (nl_trainer_get_accuracy (trainer), ==, nl_trainer_get_accuracy (at_best));
  g_assert_cmpfloat (nl_trainer_get_test_accuracy (trainer), ==,
                     nl_trainer_get_test_accuracy (at_best));
  nl_trainer_get_confusion (trainer, &train_counts[0][0], &test_counts[0][0]);
  nl_trainer_get_confusion (at_best, &other_train[0][0], &other_test[0][0]);
  g_assert_cmpmem (train_counts, sizeof train_counts, other_train, sizeof other_train);
  g_assert_cmpmem (test_counts, sizeof test_counts, other_test, sizeof other_test);

  at_stop = overfitting_trainer (stop, FALSE);
  train (at_stop);
  other = params (at_stop, &n_other);
  g_assert_true (memcmp (kept, other, n_params * sizeof (double)) != 0);
  /* The history is the whole run's, the last epoch's included. */
  g_assert_cmpmem (history, n * sizeof (double),
                   trainer_history (at_stop, FALSE, NULL), n * sizeof (double));
  g_assert_cmpfloat (nl_trainer_get_test_loss (at_stop), ==, test_history[n - 1]);

  /* Without a test set it watches the training loss, which goes flat, and
   * keeps the network of its best epoch too. */
  nl_trainer_reset (trainer);
  nl_trainer_set_test_percent (trainer, 0);
  train (trainer);
  history = trainer_history (trainer, FALSE, &n);
  g_assert_cmpuint (n, <, 200000);
  reason = nl_trainer_get_stop_reason (trainer);
  g_test_message ("%s", reason);
  g_assert_cmpint (sscanf (reason, "Stopped early at epoch %u: the training loss had not "
                                   "improved for %u epochs; kept the network from epoch %u",
                           &stop, &waited, &best), ==, 3);
  g_assert_cmpuint (stop, ==, n);
  g_assert_cmpuint (best, ==, stop - 50);
  g_assert_cmpfloat (nl_trainer_get_loss (trainer), ==, history[best - 1]);
  g_assert_true (isnan (nl_trainer_get_test_loss (trainer)));

  trainer_free (at_stop);
  trainer_free (at_best);
  trainer_free (trainer);
}

/* Above 1,000 test rows the test loss is measured at progress posts only,
 * and the best is the best of those: the network kept has the test loss
 * recorded at its epoch. */
static void
test_early_stopping_large (void)
{
  NlDatasetModel *dataset = generated_table (2996);
  NlNetworkModel *network = nl_network_model_new (2);
  NlTrainer *trainer = nl_trainer_new (network, dataset);
  const NlHistory *history;
  const NlHistoryBucket *buckets;
  const char *reason;
  guint stop, waited, best;
  gsize n_buckets, at_best;
  double best_loss;

  nl_trainer_set_test_percent (trainer, 50);
  nl_trainer_set_learning_rate (trainer, 0.5);
  nl_trainer_set_epochs (trainer, 1000000);
  nl_trainer_set_early_stopping (trainer, TRUE);
  train (trainer);

  /* The test rows are evaluated at progress posts only, so where the run
   * stops depends on the machine's speed, and a long run's history is kept
   * in buckets of several epochs: the checks hold for any bucket width. */
  history = nl_trainer_get_test_history (trainer);
  buckets = nl_history_buckets (history, &n_buckets);
  reason = nl_trainer_get_stop_reason (trainer);
  g_test_message ("%s", reason);
  g_assert_nonnull (reason);
  g_assert_cmpint (sscanf (reason, "Stopped early at epoch %u: the test loss had not improved "
                                   "for %u epochs; kept the network from epoch %u",
                           &stop, &waited, &best), ==, 3);
  g_assert_cmpuint (stop, ==, nl_history_epochs (history));
  g_assert_cmpuint (waited, >=, 50);
  g_assert_cmpuint (best, ==, stop - waited);
  best_loss = nl_trainer_get_test_loss (trainer);
  g_assert_true (isfinite (best_loss));
  at_best = (best - 1) / nl_history_bucket_epochs (history);
  g_assert_cmpuint (at_best, <, n_buckets);
  g_assert_true (nl_history_bucket_is_set (&buckets[at_best]));
  if (nl_history_bucket_epochs (history) == 1)
    g_assert_cmpfloat (buckets[at_best].min, ==, best_loss);
  else
    g_assert_cmpfloat (buckets[at_best].min, <=, best_loss);
  /* The last epoch's own test loss stays in the history. */
  g_assert_true (isfinite (buckets[n_buckets - 1].last));
  for (gsize i = 0; i < n_buckets; i++)
    if (nl_history_bucket_is_set (&buckets[i]))
      g_assert_cmpfloat (buckets[i].min, >, best_loss - 1e-6);

  g_assert_finalize_object (trainer);
  g_assert_finalize_object (network);
  g_assert_finalize_object (dataset);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/trainer/test-set", test_test_set);
  g_test_add_func ("/model/trainer/large-test-set", test_large_test_set);
  g_test_add_func ("/model/trainer/target-loss", test_target_loss);
  g_test_add_func ("/model/trainer/early-stopping", test_early_stopping);
  g_test_add_func ("/model/trainer/early-stopping-large", test_early_stopping_large);

  return g_test_run ();
}
