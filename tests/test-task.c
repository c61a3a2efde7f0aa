/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-task.c: the three tasks in the core: softmax and regression gradients
 * against finite differences, decoding, K-class labels and regression
 * targets in the table, stratified splits and learning a three-class
 * problem. The binary task's figures are test-net.c's and test-train.c's. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-dataset.h"
#include "nl-net.h"
#include "nl-rng.h"
#include "nl-task.h"
#include "nl-train.h"

static NlNet *
make_net (size_t              n_layers,
          const size_t       *sizes,
          const NlActivation *activations,
          uint64_t            seed)
{
  NlError error = { 0 };
  NlNet *net = nl_net_new (n_layers, sizes, activations, &error);
  NlRng rng;

  g_assert_nonnull (net);
  nl_rng_seed (&rng, seed);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  return net;
}

static double
loss_at (NlNet        *net,
         NlWork       *work,
         const double *x,
         double        y,
         NlLoss        loss)
{
  nl_net_forward (net, work, x);
  return nl_net_sample_loss (net, work, y, loss);
}

/* Every parameter's dL/dp from backpropagation against a central
 * difference of the loss. */
static void
check_gradient (NlNet        *net,
                const double *x,
                double        y,
                NlLoss        loss)
{
  NlWork *work = nl_work_new (net);
  double *grad = g_new (double, net->n_params);
  const double h = 1e-6;

  nl_net_forward (net, work, x);
  nl_net_backward (net, work, y, loss, grad);
  for (size_t i = 0; i < net->n_params; i++)
    {
      double keep = net->params[i], up, down, numeric;

      net->params[i] = keep + h;
      up = loss_at (net, work, x, y, loss);
      net->params[i] = keep - h;
      down = loss_at (net, work, x, y, loss);
      net->params[i] = keep;
      numeric = (up - down) / (2 * h);
      if (fabs (numeric - grad[i]) > 1e-6 * (1.0 + fabs (numeric)))
        g_error ("parameter %zu: backpropagation says %.10g, finite differences %.10g",
                 i, grad[i], numeric);
    }
  g_free (grad);
  nl_work_free (work);
}

static void
test_softmax_gradients (void)
{
  static const size_t shapes[][4] = {
    { 2, 3, 3, 0 }, { 4, 5, 4, 3 }, { 3, 4, 0, 0 }, { 2, 8, 6, 5 },
  };
  static const size_t n_layers[] = { 3, 4, 2, 4 };
  const double x[] = { 0.3, -1.2, 0.7, 2.0 };

  for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int hidden = 0; hidden < 3; hidden++)
      for (int loss = 0; loss < NL_N_LOSSES; loss++)
        {
          NlActivation activations[4];
          size_t n = n_layers[s], k = shapes[s][n - 1];
          NlNet *net;

          for (size_t l = 0; l < n; l++)
            activations[l] = (NlActivation) hidden;
          activations[n - 1] = NL_ACTIVATION_SOFTMAX;
          net = make_net (n, shapes[s], activations, 7 + s);
          for (size_t y = 0; y < k; y++)
            check_gradient (net, x, (double) y, (NlLoss) loss);
          nl_net_free (net);
        }
}

static void
test_regression_gradients (void)
{
  static const size_t sizes[] = { 3, 5, 4, 1 };
  const NlActivation activations[] = {
    NL_ACTIVATION_LINEAR, NL_ACTIVATION_TANH, NL_ACTIVATION_RELU, NL_ACTIVATION_LINEAR
  };
  const double x[] = { 0.5, -0.25, 1.5 };
  NlNet *net = make_net (4, sizes, activations, 3);

  check_gradient (net, x, 1.7, NL_LOSS_MSE);
  check_gradient (net, x, -0.4, NL_LOSS_MSE);
  nl_net_free (net);
}

static void
test_softmax_outputs (void)
{
  static const size_t sizes[] = { 2, 4 };
  const NlActivation activations[] = { NL_ACTIVATION_LINEAR, NL_ACTIVATION_SOFTMAX };
  NlNet *net = make_net (2, sizes, activations, 1);
  NlWork *work = nl_work_new (net);
  const double x[] = { 800.0, -3.0 };
  const double *p;
  double sum = 0.0, ce;
  NlTask task;
  double probability;
  size_t best;

  /* Large sums must not overflow: the softmax is shifted by the largest. */
  nl_net_forward (net, work, x);
  p = nl_net_outputs (net, work);
  for (size_t k = 0; k < 4; k++)
    {
      g_assert_true (isfinite (p[k]) && p[k] >= 0.0);
      sum += p[k];
    }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-12);

  nl_task_init (&task, NL_TASK_MULTICLASS, 4);
  best = nl_task_decode_class (&task, p, &probability);
  for (size_t k = 0; k < 4; k++)
    g_assert_cmpfloat (p[k], <=, p[best]);
  g_assert_cmpfloat (probability, ==, p[best]);
  /* Cross-entropy is -log of the true class's probability. */
  ce = nl_net_sample_loss (net, work, 2.0, NL_LOSS_BCE);
  g_assert_cmpfloat_with_epsilon (ce, -log (fmax (p[2], 1e-12)), 1e-12);

  nl_work_free (work);
  nl_net_free (net);
}

static void
test_task_rules (void)
{
  NlTask task;
  NlTaskKind kind;
  double out[3] = { 0.2, 0.5, 0.3 }, probability;

  nl_task_init (&task, NL_TASK_BINARY, 7);
  g_assert_cmpuint (task.n_classes, ==, 2);
  g_assert_cmpuint (nl_task_n_outputs (&task), ==, 1);
  g_assert_cmpint (nl_task_output_activation (&task), ==, NL_ACTIVATION_SIGMOID);
  g_assert_cmpint (nl_task_default_loss (&task), ==, NL_LOSS_MSE);
  /* The tutorial's rule: the positive class from 0.5 up. */
  out[0] = 0.5;
  g_assert_cmpuint (nl_task_decode_class (&task, out, &probability), ==, 1);
  out[0] = 0.039;
  g_assert_cmpuint (nl_task_decode_class (&task, out, &probability), ==, 0);
  g_assert_cmpfloat_with_epsilon (probability, 0.961, 1e-12);

  nl_task_init (&task, NL_TASK_MULTICLASS, 3);
  g_assert_cmpuint (nl_task_n_outputs (&task), ==, 3);
  g_assert_cmpint (nl_task_output_activation (&task), ==, NL_ACTIVATION_SOFTMAX);
  g_assert_cmpint (nl_task_default_loss (&task), ==, NL_LOSS_BCE);
  out[0] = 0.2;
  g_assert_cmpuint (nl_task_decode_class (&task, out, &probability), ==, 1);
  g_assert_cmpfloat (probability, ==, 0.5);

  nl_task_init (&task, NL_TASK_REGRESSION, 3);
  g_assert_cmpuint (task.n_classes, ==, 0);
  g_assert_cmpint (nl_task_output_activation (&task), ==, NL_ACTIVATION_LINEAR);
  g_assert_true (nl_task_allows_loss (&task, NL_LOSS_MSE));
  g_assert_false (nl_task_allows_loss (&task, NL_LOSS_BCE));
  g_assert_cmpfloat (nl_task_decode_value (0.5, 100.0, 20.0), ==, 110.0);

  g_assert_true (nl_task_from_name ("multiclass", &kind));
  g_assert_cmpint (kind, ==, NL_TASK_MULTICLASS);
  g_assert_true (nl_task_from_name ("regression", &kind));
  g_assert_false (nl_task_from_name ("clustering", &kind));
  g_assert_cmpstr (nl_task_name (NL_TASK_BINARY), ==, "binary");
}

/* Three clusters of points in the plane, one a class, with a numeric column
 * (the distance from the origin) to predict as well. */
static NlDataset *
make_clusters (size_t per_class)
{
  static const char * const names[] = { "x", "y", "species", "size" };
  static const NlColumnKind kinds[] = {
    NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_TEXT, NL_COLUMN_NUMERIC
  };
  static const char * const species[] = { "virginica", "setosa", "versicolor" };
  static const double centre[][2] = { { 2, 2 }, { -2, 2 }, { 0, -2 } };
  NlDataset *ds = nl_dataset_new (4, names, kinds, NULL);
  NlRng rng;

  g_assert_nonnull (ds);
  nl_rng_seed (&rng, 5);
  for (size_t i = 0; i < 3 * per_class; i++)
    {
      size_t k = i % 3, row = nl_dataset_append_row (ds);
      double px = centre[k][0] + 0.6 * nl_rng_normal (&rng);
      double py = centre[k][1] + 0.6 * nl_rng_normal (&rng);
      char text[3][32];

      g_ascii_dtostr (text[0], sizeof text[0], px);
      g_ascii_dtostr (text[1], sizeof text[1], py);
      g_ascii_dtostr (text[2], sizeof text[2], 10.0 + 3.0 * px - 2.0 * py);
      nl_dataset_set_cell (ds, row, 0, text[0], NULL);
      nl_dataset_set_cell (ds, row, 1, text[1], NULL);
      nl_dataset_set_cell (ds, row, 2, species[k], NULL);
      nl_dataset_set_cell (ds, row, 3, text[2], NULL);
    }
  nl_dataset_set_input (ds, 3, 0);
  return ds;
}

static void
test_multiclass_table (void)
{
  NlDataset *ds = make_clusters (10);
  NlMatrix all, train, test;
  NlError error = { 0 };
  NlTask task;
  size_t per_class[3] = { 0 };

  g_assert_cmpint (nl_dataset_set_label_column (ds, 2, &error), ==, NL_OK);
  nl_dataset_task (ds, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_MULTICLASS);
  g_assert_cmpuint (task.n_classes, ==, 3);
  /* In strcmp() order, whatever the rows' order. */
  g_assert_cmpstr (nl_dataset_class_name (ds, 0), ==, "setosa");
  g_assert_cmpstr (nl_dataset_class_name (ds, 1), ==, "versicolor");
  g_assert_cmpstr (nl_dataset_class_name (ds, 2), ==, "virginica");
  g_assert_null (nl_dataset_class_name (ds, 3));
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 2)->value, ==, 2.0);

  /* A name that is not a class is kept, marked, and says what the classes are. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 2, "virginca", &error), ==, NL_ERR_PARSE);
  g_assert_nonnull (strstr (error.message, "\"setosa\", \"versicolor\", \"virginica\""));
  g_assert_cmpstr (nl_dataset_cell (ds, 0, 2)->text, ==, "virginca");
  g_assert_cmpint (nl_dataset_cell (ds, 0, 2)->state, ==, NL_CELL_INVALID);
  g_assert_false (nl_dataset_row_usable (ds, 0));
  nl_dataset_set_cell (ds, 0, 2, "virginica", NULL);

  /* The split keeps every class's share. */
  g_assert_cmpint (nl_dataset_to_matrix (ds, &all, &error), ==, NL_OK);
  g_assert_cmpint (all.task.kind, ==, NL_TASK_MULTICLASS);
  g_assert_cmpint (nl_matrix_split (&all, 0.3, 9, &train, &test, &error), ==, NL_OK);
  g_assert_cmpuint (test.n_rows, ==, 9);
  for (size_t r = 0; r < test.n_rows; r++)
    per_class[(size_t) test.y[r]]++;
  for (size_t k = 0; k < 3; k++)
    g_assert_cmpuint (per_class[k], ==, 3);
  g_assert_cmpint (test.task.kind, ==, NL_TASK_MULTICLASS);
  nl_matrix_clear (&train);
  nl_matrix_clear (&test);
  nl_matrix_clear (&all);
  nl_dataset_free (ds);
}

static void
test_label_limits (void)
{
  static const char * const names[] = { "n" };
  static const NlColumnKind kinds[] = { NL_COLUMN_TEXT };
  NlDataset *ds = nl_dataset_new (1, names, kinds, NULL);
  NlError error = { 0 };
  NlTask task;

  /* 21 values, each twice: more classes than a label can have. */
  for (int i = 0; i < 42; i++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "c%d", i % 21);
      nl_dataset_set_cell (ds, nl_dataset_append_row (ds), 0, text, NULL);
    }
  g_assert_cmpint (nl_dataset_set_label_column (ds, 0, &error), ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "more than 20"));
  g_assert_cmpint (ds->label_column, ==, -1);
  /* Twenty are fine. */
  nl_dataset_remove_row (ds, 41);
  nl_dataset_remove_row (ds, 20);
  g_assert_cmpint (nl_dataset_set_label_column (ds, 0, &error), ==, NL_OK);
  nl_dataset_task (ds, &task);
  g_assert_cmpuint (task.n_classes, ==, 20);
  /* --task binary on it says why not. */
  g_assert_cmpint (nl_dataset_set_task_column (ds, 0, NL_TASK_BINARY, &error), ==,
                   NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "binary"));
  nl_dataset_free (ds);
}

static void
test_regression_table (void)
{
  NlDataset *ds = make_clusters (10);
  NlMatrix all;
  NlError error = { 0 };
  NlTask task;
  const NlColumn *target;
  double mean = 0.0;

  /* Text cannot be a target; numbers can. */
  g_assert_cmpint (nl_dataset_set_target_column (ds, 2, &error), ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "no numbers"));
  g_assert_cmpint (nl_dataset_set_task_column (ds, 3, NL_TASK_REGRESSION, &error), ==, NL_OK);
  nl_dataset_task (ds, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_REGRESSION);
  target = &ds->columns[3];
  g_assert_cmpint (target->kind, ==, NL_COLUMN_TARGET);
  g_assert_false (target->is_input);
  g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 2);

  /* The network learns the standardised target; the matrix says how to go
   * back to the target's units. */
  g_assert_cmpint (nl_dataset_to_matrix (ds, &all, &error), ==, NL_OK);
  g_assert_cmpint (all.task.kind, ==, NL_TASK_REGRESSION);
  for (size_t r = 0; r < all.n_rows; r++)
    mean += all.y[r];
  g_assert_cmpfloat (fabs (mean / (double) all.n_rows), <, 1e-12);
  g_assert_cmpfloat (all.y_scale, ==, target->scale);
  g_assert_cmpfloat_with_epsilon (all.y[0] * all.y_scale + all.y_shift,
                                  nl_dataset_cell (ds, 0, 3)->value, 1e-9);
  nl_matrix_clear (&all);

  /* A target back to a label of classes: the table's task follows. */
  g_assert_cmpint (nl_dataset_set_label_column (ds, 2, &error), ==, NL_OK);
  g_assert_cmpint (ds->columns[3].kind, ==, NL_COLUMN_TEXT);
  nl_dataset_task (ds, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_MULTICLASS);
  nl_dataset_free (ds);
}

/* Trains a network for @ds's task and returns the evaluation on its rows. */
static void
train_table (NlDataset    *ds,
             const char   *what,
             size_t        epochs,
             double        learning_rate,
             NlEvaluation *eval)
{
  NlMatrix m;
  NlError error = { 0 };
  NlTask task;
  size_t sizes[3];
  NlActivation activations[3] = { NL_ACTIVATION_LINEAR, NL_ACTIVATION_TANH, 0 };
  NlTrainOptions options;
  NlNet *net;
  NlSgd *sgd;
  NlWork *work;

  nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, &error), ==, NL_OK);
  nl_dataset_task (ds, &task);
  sizes[0] = m.n_inputs;
  sizes[1] = 6;
  sizes[2] = nl_task_n_outputs (&task);
  activations[2] = nl_task_output_activation (&task);
  net = make_net (3, sizes, activations, 11);
  nl_train_options_init (&options);
  options.learning_rate = learning_rate;
  options.loss = nl_task_default_loss (&task);
  options.shuffle = 1;
  options.shuffle_seed = 3;
  sgd = nl_sgd_new (net, &m, &options, &error);
  g_assert_nonnull (sgd);
  for (size_t e = 0; e < epochs; e++)
    g_assert_cmpint (nl_sgd_epoch (sgd, net, NULL, &error), ==, NL_OK);
  work = nl_work_new (net);
  nl_evaluate (net, work, &m, options.loss, eval);
  g_test_message ("%s: loss %g, accuracy %g, rmse %g, r2 %g", what, eval->loss,
                  eval->accuracy, eval->rmse, eval->r2);
  nl_work_free (work);
  nl_sgd_free (sgd);
  nl_net_free (net);
  nl_matrix_clear (&m);
}

static void
test_learns (void)
{
  NlDataset *ds = make_clusters (30);
  NlEvaluation eval;
  NlError error = { 0 };
  unsigned counts[9];

  g_assert_cmpint (nl_dataset_set_label_column (ds, 2, &error), ==, NL_OK);
  train_table (ds, "three clusters", 200, 0.05, &eval);
  g_assert_cmpfloat (eval.accuracy, >=, 0.95);
  g_assert_true (isnan (eval.r2));

  /* The confusion matrix is 3 x 3 and adds up to the rows. */
  {
    NlMatrix m;
    static const size_t sizes[] = { 2, 3 };
    const NlActivation activations[] = { NL_ACTIVATION_LINEAR, NL_ACTIVATION_SOFTMAX };
    NlNet *net = make_net (2, sizes, activations, 1);
    NlWork *work = nl_work_new (net);
    unsigned total = 0;

    g_assert_cmpint (nl_dataset_to_matrix (ds, &m, &error), ==, NL_OK);
    nl_confusion (net, work, &m, counts);
    for (size_t i = 0; i < 9; i++)
      total += counts[i];
    g_assert_cmpuint (total, ==, 90);
    nl_matrix_clear (&m);
    nl_work_free (work);
    nl_net_free (net);
  }

  /* The same points, the number as the target: a line in x and y. */
  g_assert_cmpint (nl_dataset_set_target_column (ds, 3, &error), ==, NL_OK);
  train_table (ds, "regression", 200, 0.01, &eval);
  g_assert_true (isnan (eval.accuracy));
  g_assert_cmpfloat (eval.r2, >, 0.99);
  /* In the target's units: its spread is a few units, the error a fraction. */
  g_assert_cmpfloat (eval.rmse, <, 0.1 * ds->columns[3].scale);
  nl_dataset_free (ds);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/task/softmax-gradients", test_softmax_gradients);
  g_test_add_func ("/core/task/regression-gradients", test_regression_gradients);
  g_test_add_func ("/core/task/softmax-outputs", test_softmax_outputs);
  g_test_add_func ("/core/task/rules", test_task_rules);
  g_test_add_func ("/core/task/multiclass-table", test_multiclass_table);
  g_test_add_func ("/core/task/label-limits", test_label_limits);
  g_test_add_func ("/core/task/regression-table", test_regression_table);
  g_test_add_func ("/core/task/learns", test_learns);
  return g_test_run ();
}
