/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-train.c: SGD epochs on the tutorial's table, reproducibility,
 * shuffling, single-sample steps and divergence. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-dataset.h"
#include "nl-net.h"
#include "nl-train.h"

typedef struct
{
  NlDataset *ds;
  NlMatrix   data;
  NlNet     *net;
  NlSgd     *sgd;
} Run;

static void
run_setup (Run      *run,
           guint64   seed,
           double    learning_rate,
           gboolean  shuffle)
{
  static const size_t sizes[] = { 2, 2, 1 };
  NlTrainOptions options;
  NlError error = { 0 };
  NlRng rng;

  run->ds = nl_dataset_new_tutorial ();
  g_assert_nonnull (run->ds);
  g_assert_cmpint (nl_dataset_to_matrix (run->ds, &run->data, &error), ==, NL_OK);
  g_assert_cmpuint (run->data.n_rows, ==, 4);

  run->net = nl_net_new (3, sizes, NULL, &error);
  g_assert_nonnull (run->net);
  nl_rng_seed (&rng, seed);
  nl_net_init (run->net, NL_INIT_NORMAL, &rng);

  nl_train_options_init (&options);
  options.learning_rate = learning_rate;
  options.shuffle = shuffle;
  options.shuffle_seed = seed;
  run->sgd = nl_sgd_new (run->net, &run->data, &options, &error);
  g_assert_nonnull (run->sgd);
}

static void
run_teardown (Run *run)
{
  nl_sgd_free (run->sgd);
  nl_net_free (run->net);
  nl_matrix_clear (&run->data);
  nl_dataset_free (run->ds);
}

/* The network's answer for raw measurements, normalised as the table is. */
static double
predict_raw (const Run *run,
             double     weight_lb,
             double     height_in)
{
  double x[2];
  NlWork *work = nl_work_new (run->net);
  double p;

  x[0] = nl_dataset_normalize (run->ds, nl_dataset_input_column (run->ds, 0), weight_lb);
  x[1] = nl_dataset_normalize (run->ds, nl_dataset_input_column (run->ds, 1), height_in);
  p = nl_net_predict (run->net, work, x);
  nl_work_free (work);
  return p;
}

/* The tutorial's experiment, from 20 different starting points. */
static void
test_tutorial_twenty_seeds (void)
{
  for (guint64 seed = 1; seed <= 20; seed++)
    {
      Run run;
      NlEvaluation eval = { 0 };
      NlError error = { 0 };

      run_setup (&run, seed, 0.1, FALSE);
      for (int epoch = 0; epoch < 1000; epoch++)
        g_assert_cmpint (nl_sgd_epoch_evaluate (run.sgd, run.net, &eval, &error), ==, NL_OK);

      g_assert_cmpuint (nl_sgd_epoch_count (run.sgd), ==, 1000);
      g_assert_cmpfloat (eval.loss, <, 0.01);
      g_assert_cmpfloat (eval.accuracy, ==, 1.0);
      g_assert_cmpfloat (predict_raw (&run, 128, 63), >, 0.5);   /* Emily: female */
      g_assert_cmpfloat (predict_raw (&run, 155, 68), <, 0.5);   /* Frank: male */
      run_teardown (&run);
    }
}

static void
train_epochs (Run *run,
              int  epochs)
{
  NlError error = { 0 };

  for (int epoch = 0; epoch < epochs; epoch++)
    g_assert_cmpint (nl_sgd_epoch (run->sgd, run->net, NULL, &error), ==, NL_OK);
}

static void
test_same_seed_bit_identical (void)
{
  Run a, b, c;

  run_setup (&a, 11, 0.1, FALSE);
  run_setup (&b, 11, 0.1, FALSE);
  run_setup (&c, 12, 0.1, FALSE);
  train_epochs (&a, 300);
  train_epochs (&b, 300);
  train_epochs (&c, 300);
  g_assert_cmpmem (a.net->params, 9 * sizeof (double), b.net->params, 9 * sizeof (double));
  g_assert_true (memcmp (a.net->params, c.net->params, 9 * sizeof (double)) != 0);
  run_teardown (&a);
  run_teardown (&b);
  run_teardown (&c);
}

/* Shuffled runs are reproducible from their seed and differ from table order. */
static void
test_shuffle (void)
{
  Run ordered, a, b;

  run_setup (&ordered, 5, 0.1, FALSE);
  run_setup (&a, 5, 0.1, TRUE);
  run_setup (&b, 5, 0.1, TRUE);
  train_epochs (&ordered, 50);
  train_epochs (&a, 50);
  train_epochs (&b, 50);
  g_assert_cmpmem (a.net->params, 9 * sizeof (double), b.net->params, 9 * sizeof (double));
  g_assert_true (memcmp (a.net->params, ordered.net->params, 9 * sizeof (double)) != 0);
  run_teardown (&ordered);
  run_teardown (&a);
  run_teardown (&b);
}

/* An epoch is the tutorial's loop: one SGD step per row, in table order, and
 * its running loss is the mean of the losses those steps saw. */
static void
test_epoch_is_steps_in_order (void)
{
  Run run;
  NlNet *by_hand;
  NlWork *work;
  double running, expected = 0;
  NlError error = { 0 };

  run_setup (&run, 3, 0.1, FALSE);
  by_hand = nl_net_copy (run.net);
  work = nl_work_new (by_hand);
  for (size_t r = 0; r < 4; r++)
    expected += nl_net_sgd_step (by_hand, work, run.data.x + 2 * r, run.data.y[r], 0.1,
                                 NL_LOSS_MSE);
  g_assert_cmpint (nl_sgd_epoch (run.sgd, run.net, &running, &error), ==, NL_OK);

  g_assert_cmpmem (run.net->params, 9 * sizeof (double), by_hand->params, 9 * sizeof (double));
  g_assert_cmpfloat (running, ==, expected / 4);

  nl_work_free (work);
  nl_net_free (by_hand);
  run_teardown (&run);
}

/* A single-sample step changes the network by exactly that sample's update. */
static void
test_sample_step (void)
{
  Run run;
  NlNet *before;
  NlWork *work;
  double grad[9], loss;
  NlError error = { 0 };

  run_setup (&run, 4, 0.1, FALSE);
  before = nl_net_copy (run.net);
  work = nl_work_new (before);
  nl_net_forward (before, work, run.data.x + 2 * 2);
  nl_net_backward (before, work, run.data.y[2], NL_LOSS_MSE, grad);

  g_assert_cmpint (nl_sgd_sample_step (run.sgd, run.net, 2, &loss, &error), ==, NL_OK);
  for (size_t i = 0; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (run.net->params[i], before->params[i] - 0.1 * grad[i], 1e-15);

  g_assert_cmpint (nl_sgd_sample_step (run.sgd, run.net, 4, &loss, &error), ==, NL_ERR_INVALID);

  nl_work_free (work);
  nl_net_free (before);
  run_teardown (&run);
}

/* Learning rate 1000 is reported as divergence, with the last good
 * parameters kept, never as a NaN loss. */
static void
test_divergence (void)
{
  for (int a = 0; a < NL_N_ACTIVATIONS; a++)
    {
      Run run;
      NlEvaluation eval = { 0 };
      NlError error = { 0 };
      NlStatus status = NL_OK;
      int epoch;

      run_setup (&run, 1, 1000, FALSE);
      for (size_t l = 1; l < run.net->n_layers; l++)
        run.net->activation[l] = (NlActivation) a;

      for (epoch = 0; epoch < 1000 && status == NL_OK; epoch++)
        {
          double before[9];

          memcpy (before, run.net->params, sizeof before);
          status = nl_sgd_epoch_evaluate (run.sgd, run.net, &eval, &error);
          if (status != NL_OK)
            g_assert_cmpmem (run.net->params, sizeof before, before, sizeof before);
        }

      g_assert_cmpint (status, ==, NL_ERR_DIVERGED);
      g_assert_cmpint (error.status, ==, NL_ERR_DIVERGED);
      g_assert_nonnull (strstr (error.message, "learning rate"));
      g_assert_null (strstr (error.message, "nan"));
      g_assert_true (nl_net_is_finite (run.net));
      run_teardown (&run);
    }
}

/* Evaluation: a network that always answers 0 has the tutorial's MSE 0.5
 * and gets the two males right. */
static void
test_evaluate (void)
{
  Run run;
  NlWork *work;
  NlEvaluation eval;

  run_setup (&run, 1, 0.1, FALSE);
  /* A huge negative output bias makes the output 0 to double precision. */
  memset (run.net->params, 0, 9 * sizeof (double));
  run.net->params[8] = -1000;
  work = nl_work_new (run.net);
  nl_evaluate (run.net, work, &run.data, NL_LOSS_MSE, &eval);
  g_assert_cmpfloat (eval.loss, ==, 0.5);
  g_assert_cmpfloat (eval.accuracy, ==, 0.5);
  nl_work_free (work);
  run_teardown (&run);
}

static void
test_bad_options (void)
{
  static const size_t sizes[] = { 3, 1 };
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlMatrix data = { 0 };
  NlTrainOptions options;
  NlError error = { 0 };
  NlNet *net = nl_net_new (2, sizes, NULL, NULL);

  g_assert_cmpint (nl_dataset_to_matrix (ds, &data, &error), ==, NL_OK);
  nl_train_options_init (&options);
  /* Three inputs for a two-input table. */
  g_assert_null (nl_sgd_new (net, &data, &options, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  nl_net_free (net);

  net = nl_net_new (2, (const size_t[]) { 2, 1 }, NULL, NULL);
  options.learning_rate = -1;
  g_assert_null (nl_sgd_new (net, &data, &options, &error));
  options.learning_rate = NAN;
  g_assert_null (nl_sgd_new (net, &data, &options, &error));

  nl_net_free (net);
  nl_matrix_clear (&data);
  nl_dataset_free (ds);
}

/* A table of @n rows, two inputs each, one row in five positive, so that a
 * stratified split shows. */
static void
make_matrix (NlMatrix *m,
             size_t    n)
{
  memset (m, 0, sizeof *m);
  nl_task_init (&m->task, NL_TASK_BINARY, 2);
  m->n_rows = n;
  m->n_inputs = 2;
  m->x = g_malloc (n * 2 * sizeof (double));
  m->y = g_malloc (n * sizeof (double));
  m->source_row = g_malloc (n * sizeof (size_t));
  m->n_skipped = 3;
  for (size_t i = 0; i < n; i++)
    {
      m->x[2 * i] = (double) i;
      m->x[2 * i + 1] = -(double) i;
      m->y[i] = i % 5 == 0 ? 1.0 : 0.0;
      m->source_row[i] = i + 10;
    }
}

static void
free_matrix (NlMatrix *m)
{
  g_free (m->x);
  g_free (m->y);
  g_free (m->source_row);
}

static void
test_split (void)
{
  NlMatrix all, train, test, train2, test2, train3, test3;
  NlError error = { 0 };
  size_t positives = 0;

  make_matrix (&all, 200);
  g_assert_cmpint (nl_matrix_split (&all, 0.25, 7, &train, &test, &error), ==, NL_OK);
  g_assert_cmpuint (train.n_rows, ==, 150);
  g_assert_cmpuint (test.n_rows, ==, 50);
  g_assert_cmpuint (train.n_skipped, ==, 3);
  g_assert_cmpuint (test.n_inputs, ==, 2);

  /* Stratified: a quarter of each class. */
  for (size_t i = 0; i < test.n_rows; i++)
    positives += test.y[i] >= 0.5;
  g_assert_cmpuint (positives, ==, 10);

  /* Every row lands in exactly one set, with its inputs and its source. */
  {
    g_autofree int *seen = g_new0 (int, 200);

    for (size_t i = 0; i < train.n_rows; i++)
      {
        size_t r = train.source_row[i] - 10;

        g_assert_cmpfloat (train.x[2 * i], ==, (double) r);
        g_assert_cmpfloat (train.x[2 * i + 1], ==, -(double) r);
        seen[r]++;
        /* Table order kept. */
        if (i > 0)
          g_assert_cmpuint (train.source_row[i], >, train.source_row[i - 1]);
      }
    for (size_t i = 0; i < test.n_rows; i++)
      {
        size_t r = test.source_row[i] - 10;

        g_assert_cmpfloat (test.y[i], ==, r % 5 == 0 ? 1.0 : 0.0);
        seen[r]++;
      }
    for (size_t r = 0; r < 200; r++)
      g_assert_cmpint (seen[r], ==, 1);
  }

  /* The same seed, the same split, bit for bit. */
  g_assert_cmpint (nl_matrix_split (&all, 0.25, 7, &train2, &test2, &error), ==, NL_OK);
  g_assert_cmpuint (train2.n_rows, ==, train.n_rows);
  g_assert_cmpmem (train.x, train.n_rows * 2 * sizeof (double),
                   train2.x, train2.n_rows * 2 * sizeof (double));
  g_assert_cmpmem (test.y, test.n_rows * sizeof (double),
                   test2.y, test2.n_rows * sizeof (double));
  g_assert_cmpmem (test.source_row, test.n_rows * sizeof (size_t),
                   test2.source_row, test2.n_rows * sizeof (size_t));

  /* Another seed, another split. */
  g_assert_cmpint (nl_matrix_split (&all, 0.25, 8, &train3, &test3, &error), ==, NL_OK);
  g_assert_cmpuint (test3.n_rows, ==, 50);
  g_assert_true (memcmp (test.source_row, test3.source_row, 50 * sizeof (size_t)) != 0);

  nl_matrix_clear (&train);
  nl_matrix_clear (&test);
  nl_matrix_clear (&train2);
  nl_matrix_clear (&test2);
  nl_matrix_clear (&train3);
  nl_matrix_clear (&test3);
  free_matrix (&all);
}

static void
test_split_edges (void)
{
  NlMatrix all, train, test;
  NlError error = { 0 };

  make_matrix (&all, 8);
  /* Nothing to test on. */
  g_assert_cmpint (nl_matrix_split (&all, 0.0, 1, &train, &test, &error), ==, NL_OK);
  g_assert_cmpuint (train.n_rows, ==, 8);
  g_assert_cmpuint (test.n_rows, ==, 0);
  g_assert_cmpmem (train.x, 16 * sizeof (double), all.x, 16 * sizeof (double));
  nl_matrix_clear (&train);
  nl_matrix_clear (&test);

  /* Almost everything to test: each class keeps a training row. */
  g_assert_cmpint (nl_matrix_split (&all, 0.9, 1, &train, &test, &error), ==, NL_OK);
  g_assert_cmpuint (train.n_rows, ==, 2);
  g_assert_cmpfloat (train.y[0] + train.y[1], ==, 1.0);
  nl_matrix_clear (&train);
  nl_matrix_clear (&test);

  g_assert_cmpint (nl_matrix_split (&all, 1.0, 1, &train, &test, &error), ==, NL_ERR_INVALID);
  g_assert_cmpint (nl_matrix_split (&all, NAN, 1, &train, &test, &error), ==, NL_ERR_INVALID);
  g_assert_cmpuint (train.n_rows, ==, 0);
  free_matrix (&all);
}

static void
test_confusion (void)
{
  Run run;
  unsigned counts[2][2];
  NlEvaluation eval;
  NlWork *work;

  run_setup (&run, 1, 0.1, FALSE);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpint (nl_sgd_epoch (run.sgd, run.net, NULL, NULL), ==, NL_OK);
  work = nl_work_new (run.net);
  nl_confusion (run.net, work, &run.data, &counts[0][0]);
  nl_evaluate (run.net, work, &run.data, NL_LOSS_MSE, &eval);
  g_assert_cmpuint (counts[0][0] + counts[0][1] + counts[1][0] + counts[1][1], ==, 4);
  /* Two of each class in the tutorial's table. */
  g_assert_cmpuint (counts[0][0] + counts[0][1], ==, 2);
  g_assert_cmpuint (counts[1][0] + counts[1][1], ==, 2);
  g_assert_cmpfloat (eval.accuracy, ==, (counts[0][0] + counts[1][1]) / 4.0);
  nl_work_free (work);
  run_teardown (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/train/tutorial-twenty-seeds", test_tutorial_twenty_seeds);
  g_test_add_func ("/core/train/same-seed-bit-identical", test_same_seed_bit_identical);
  g_test_add_func ("/core/train/shuffle", test_shuffle);
  g_test_add_func ("/core/train/epoch-is-steps-in-order", test_epoch_is_steps_in_order);
  g_test_add_func ("/core/train/sample-step", test_sample_step);
  g_test_add_func ("/core/train/divergence", test_divergence);
  g_test_add_func ("/core/train/evaluate", test_evaluate);
  g_test_add_func ("/core/train/bad-options", test_bad_options);
  g_test_add_func ("/core/train/split", test_split);
  g_test_add_func ("/core/train/split-edges", test_split_edges);
  g_test_add_func ("/core/train/confusion", test_confusion);

  return g_test_run ();
}
