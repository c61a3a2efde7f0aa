/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-examples.c: the data sets to start from: their shapes as TensorFlow
 * Playground draws them, their options, reproducibility from a seed, Fisher's
 * iris table, and that the settings each recommends do learn it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "nl-examples.h"
#include "nl-hidden.h"
#include "nl-train.h"

static const char * const generated_ids[] = {
  "circle", "xor", "gaussians", "spiral", "plane", "multi-gaussian",
};

static NlDataset *
new_dataset (const char *id,
             unsigned    noise,
             unsigned    points,
             guint64     seed)
{
  const NlExample *example = nl_example_find (id);
  NlExampleOptions options;
  NlError error = { 0 };
  NlDataset *ds;

  g_assert_nonnull (example);
  nl_example_options_init (&options);
  options.noise = noise;
  options.points = points;
  options.seed = seed;
  ds = nl_example_new_dataset (example, &options, &error);
  g_assert_cmpstr (error.message, ==, "");
  g_assert_nonnull (ds);
  return ds;
}

static double
value (const NlDataset *ds,
       size_t           row,
       size_t           column)
{
  const NlCell *cell = nl_dataset_cell (ds, row, column);

  g_assert_cmpint (cell->state, ==, NL_CELL_OK);
  return cell->value;
}

/* The catalogue */

static void
test_catalogue (void)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (nl_examples_count (), ==, 8);
  g_assert_cmpstr (nl_example_get (0)->id, ==, "tutorial");
  g_assert_null (nl_example_get (nl_examples_count ()));
  for (size_t i = 0; i < nl_examples_count (); i++)
    {
      const NlExample *example = nl_example_get (i);

      g_assert_true (g_hash_table_add (ids, (gpointer) example->id));
      g_assert_true (nl_example_find (example->id) == example);
      g_assert_cmpstr (nl_example_get_title (example), !=, "");
      g_assert_cmpstr (nl_example_get_description (example), !=, "");
      g_assert_cmpfloat (example->settings.learning_rate, >, 0.0);
      g_assert_cmpuint (example->settings.epochs, >, 0);
      g_assert_cmpuint (example->settings.test_percent, <, 100);
    }
}

/* Each table is the task its example says, and its settings fit it: hidden
 * layers in the app's syntax, a loss the task allows. */
static void
test_tasks (void)
{
  for (size_t i = 0; i < nl_examples_count (); i++)
    {
      const NlExample *example = nl_example_get (i);
      NlDataset *ds = nl_example_new_dataset (example, NULL, NULL);
      NlHidden hidden;
      NlTask task;
      NlError error = { 0 };

      g_test_message ("%s", example->id);
      g_assert_nonnull (ds);
      nl_dataset_task (ds, &task);
      g_assert_cmpint (task.kind, ==, example->task);
      g_assert_true (nl_task_allows_loss (&task, example->settings.loss));
      g_assert_cmpint (nl_hidden_parse (example->settings.hidden, &hidden, &error), ==, NL_OK);
      g_assert_cmpint (nl_dataset_check_trainable (ds, &error), ==, NL_OK);
      nl_dataset_free (ds);
    }
  g_assert_cmpint (nl_example_find ("iris")->task, ==, NL_TASK_MULTICLASS);
  g_assert_cmpint (nl_example_find ("plane")->task, ==, NL_TASK_REGRESSION);
  g_assert_cmpint (nl_example_find ("multi-gaussian")->task, ==, NL_TASK_REGRESSION);
  g_assert_cmpint (nl_example_find ("spiral")->task, ==, NL_TASK_BINARY);
  for (size_t i = 0; i < G_N_ELEMENTS (generated_ids); i++)
    g_assert_true (nl_example_find (generated_ids[i])->generated);
  g_assert_false (nl_example_find ("tutorial")->generated);
  g_assert_false (nl_example_find ("iris")->generated);
  g_assert_null (nl_example_find ("XOR"));
  g_assert_null (nl_example_find ("moons"));
}

/* The tutorial's example is the tutorial's table, normalisation and all. */
static void
test_tutorial (void)
{
  NlDataset *ds = nl_example_new_dataset (nl_example_find ("tutorial"), NULL, NULL);
  NlDataset *tutorial = nl_dataset_new_tutorial ();

  g_assert_cmpuint (ds->n_rows, ==, tutorial->n_rows);
  g_assert_cmpuint (ds->n_columns, ==, tutorial->n_columns);
  g_assert_cmpint (ds->label_column, ==, tutorial->label_column);
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      g_assert_cmpstr (ds->columns[c].name, ==, tutorial->columns[c].name);
      g_assert_cmpfloat (ds->columns[c].shift, ==, tutorial->columns[c].shift);
      for (size_t r = 0; r < ds->n_rows; r++)
        g_assert_cmpstr (nl_dataset_cell (ds, r, c)->text, ==, nl_dataset_cell (tutorial, r, c)->text);
    }
  nl_dataset_free (tutorial);
  nl_dataset_free (ds);
}

/* Shapes */

/* Every generated table: the rows asked for, two inputs x1 and x2 in the
 * playground's square, written with at most three decimals. */
static void
test_generated_tables (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (generated_ids); i++)
    {
      NlDataset *ds = new_dataset (generated_ids[i], 0, 137, 5);

      g_test_message ("%s", generated_ids[i]);
      g_assert_cmpuint (ds->n_rows, ==, 137);
      g_assert_cmpuint (ds->n_columns, ==, 3);
      g_assert_cmpstr (ds->columns[0].name, ==, "x1");
      g_assert_cmpstr (ds->columns[1].name, ==, "x2");
      g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 2);
      for (size_t r = 0; r < ds->n_rows; r++)
        for (size_t c = 0; c < 2; c++)
          {
            const char *text = nl_dataset_cell (ds, r, c)->text;
            const char *dot = strchr (text, '.');

            g_assert_cmpfloat (fabs (value (ds, r, c)), <=, 6.0);
            g_assert_true (dot == NULL || strlen (dot + 1) <= 3);
          }
      nl_dataset_free (ds);
    }
}

/* Counts the rows of class 1 (the positive, the playground's blue). */
static size_t
count_positive (const NlDataset *ds)
{
  size_t n = 0;

  g_assert_cmpint (ds->label_column, ==, 2);
  for (size_t r = 0; r < ds->n_rows; r++)
    n += value (ds, r, 2) == 1.0;
  return n;
}

static void
test_circle (void)
{
  NlDataset *ds = new_dataset ("circle", 0, 301, 3);
  size_t wrong = 0;

  /* Half inside radius 2.5, half in the ring from 3.5 to 5; the odd point
   * goes to the first. */
  g_assert_cmpuint (count_positive (ds), ==, 151);
  for (size_t r = 0; r < ds->n_rows; r++)
    {
      double radius = hypot (value (ds, r, 0), value (ds, r, 1));

      if (value (ds, r, 2) == 1.0)
        g_assert_cmpfloat (radius, <, 2.5);
      else
        g_assert_true (radius >= 3.49 && radius <= 5.01);
    }
  nl_dataset_free (ds);

  /* With noise a point is classed by where its shaken copy falls: some
   * points lie on the wrong side. */
  ds = new_dataset ("circle", 40, 301, 3);
  for (size_t r = 0; r < ds->n_rows; r++)
    wrong += (hypot (value (ds, r, 0), value (ds, r, 1)) < 2.5) != (value (ds, r, 2) == 1.0);
  g_assert_cmpuint (wrong, >, 10);
  g_assert_cmpuint (wrong, <, ds->n_rows / 2);
  nl_dataset_free (ds);
}

static void
test_xor (void)
{
  NlDataset *ds = new_dataset ("xor", 0, 500, 1);
  size_t wrong = 0;

  for (size_t r = 0; r < ds->n_rows; r++)
    {
      double x1 = value (ds, r, 0), x2 = value (ds, r, 1);

      /* 0.3 away from the axes, within 5.3 of the origin. */
      g_assert_cmpfloat (fabs (x1), >=, 0.3);
      g_assert_cmpfloat (fabs (x1), <=, 5.3);
      g_assert_cmpfloat (fabs (x2), >=, 0.3);
      g_assert_cmpfloat (value (ds, r, 2), ==, x1 * x2 >= 0.0 ? 1.0 : 0.0);
    }
  /* Each quadrant has its share. */
  g_assert_cmpuint (count_positive (ds), >, 200);
  g_assert_cmpuint (count_positive (ds), <, 300);
  nl_dataset_free (ds);

  ds = new_dataset ("xor", 25, 500, 1);
  for (size_t r = 0; r < ds->n_rows; r++)
    wrong += (value (ds, r, 0) * value (ds, r, 1) >= 0.0) != (value (ds, r, 2) == 1.0);
  g_assert_cmpuint (wrong, >, 10);
  nl_dataset_free (ds);
}

/* Two clouds around (2, 2) and (-2, -2); noise spreads them from a variance
 * of 0.5 to one of 4. */
static void
test_gaussians (void)
{
  double spread[2];

  for (int k = 0; k < 2; k++)
    {
      NlDataset *ds = new_dataset ("gaussians", k == 0 ? 0 : 50, 1000, 9);
      double sum[2][2] = { { 0 } }, sum2 = 0.0;
      size_t n[2] = { 0 };

      g_assert_cmpuint (count_positive (ds), ==, 500);
      for (size_t r = 0; r < ds->n_rows; r++)
        {
          int c = value (ds, r, 2) == 1.0;
          double centre = c ? 2.0 : -2.0;

          n[c]++;
          for (size_t i = 0; i < 2; i++)
            {
              sum[c][i] += value (ds, r, i);
              sum2 += (value (ds, r, i) - centre) * (value (ds, r, i) - centre);
            }
        }
      for (size_t i = 0; i < 2; i++)
        {
          g_assert_cmpfloat (fabs (sum[1][i] / n[1] - 2.0), <, 0.25);
          g_assert_cmpfloat (fabs (sum[0][i] / n[0] + 2.0), <, 0.25);
        }
      spread[k] = sum2 / 2000.0;
      nl_dataset_free (ds);
    }
  g_assert_cmpfloat (fabs (spread[0] - 0.5), <, 0.1);
  g_assert_cmpfloat (fabs (spread[1] - 4.0), <, 0.6);
}

/* Two arms, each winding 1.75 turns out to radius 5, half a turn apart. */
static void
test_spiral (void)
{
  NlDataset *ds = new_dataset ("spiral", 0, 400, 2);

  g_assert_cmpuint (count_positive (ds), ==, 200);
  for (size_t r = 0; r < ds->n_rows; r++)
    {
      double x1 = value (ds, r, 0), x2 = value (ds, r, 1);
      double radius = hypot (x1, x2);
      /* The playground measures the angle from the x2 axis; the radius read
       * back from coordinates rounded to 0.001 puts the point off by up to
       * 0.008. */
      double t = 1.75 * 2.0 * M_PI * radius / 5.0 + (value (ds, r, 2) == 1.0 ? 0.0 : M_PI);

      g_assert_cmpfloat (radius, <, 5.0);
      g_assert_cmpfloat (fabs (x1 - radius * sin (t)), <, 0.01);
      g_assert_cmpfloat (fabs (x2 - radius * cos (t)), <, 0.01);
    }
  nl_dataset_free (ds);
}

static void
test_regression_tables (void)
{
  NlDataset *ds = new_dataset ("plane", 0, 300, 4);
  double low = INFINITY, high = -INFINITY;

  g_assert_cmpstr (ds->columns[2].name, ==, "y");
  /* y is the number to predict, never an input. */
  g_assert_cmpint (ds->columns[2].kind, ==, NL_COLUMN_TARGET);
  g_assert_false (ds->columns[2].is_input);
  g_assert_cmpint (ds->label_column, ==, 2);
  for (size_t r = 0; r < ds->n_rows; r++)
    /* (x1 + x2) / 10, to the three decimals it is written with. */
    g_assert_cmpfloat (fabs (value (ds, r, 2) - (value (ds, r, 0) + value (ds, r, 1)) / 10.0), <=, 0.0006);
  nl_dataset_free (ds);

  ds = new_dataset ("multi-gaussian", 0, 1000, 4);
  for (size_t r = 0; r < ds->n_rows; r++)
    {
      double x1 = value (ds, r, 0), x2 = value (ds, r, 1), y = value (ds, r, 2);

      low = fmin (low, y);
      high = fmax (high, y);
      /* Near the bump at (-4, 2.5) and the dip at (0, 2.5). */
      if (hypot (x1 + 4.0, x2 - 2.5) < 0.5)
        g_assert_cmpfloat (y, >, 0.74);
      if (hypot (x1, x2 - 2.5) < 0.5)
        g_assert_cmpfloat (y, <, -0.74);
      /* Far from every centre, flat. */
      if (fabs (x2) > 4.6 || (fabs (x1 + 2.0) < 0.01 && fabs (x2) < 0.1))
        g_assert_cmpfloat (y, ==, 0.0);
    }
  g_assert_cmpfloat (low, <, -0.8);
  g_assert_cmpfloat (high, >, 0.8);
  nl_dataset_free (ds);
}

/* Options */

static void
test_options_out_of_range (void)
{
  const NlExample *xor = nl_example_find ("xor");
  NlExampleOptions options;
  NlError error = { 0 };

  nl_example_options_init (&options);
  g_assert_cmpuint (options.points, ==, NL_EXAMPLE_DEFAULT_POINTS);
  g_assert_cmpuint (options.noise, ==, 0);

  options.noise = 51;
  g_assert_null (nl_example_new_dataset (xor, &options, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "51"));

  nl_example_options_init (&options);
  options.points = NL_EXAMPLE_MIN_POINTS - 1;
  nl_error_clear (&error);
  g_assert_null (nl_example_new_dataset (xor, &options, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  options.points = NL_EXAMPLE_MAX_POINTS + 1;
  nl_error_clear (&error);
  g_assert_null (nl_example_new_dataset (xor, &options, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
}

static void
test_parse_spec (void)
{
  static const char * const bad[] = {
    "", "moons", "XOR", "xor,", "xor,noise", "xor,noise=", "xor,noise=-1", "xor,noise=51",
    "xor,noise=1.5", "xor,points=9", "xor,points=1001", "xor,colour=1", "xor,seed=x",
    "iris,noise=5", "tutorial,seed=2",
  };
  const NlExample *example;
  NlExampleOptions options;
  NlError error = { 0 };

  g_assert_cmpint (nl_example_parse_spec ("xor", &example, &options, &error), ==, NL_OK);
  g_assert_true (example == nl_example_find ("xor"));
  g_assert_cmpuint (options.noise, ==, 0);
  g_assert_cmpuint (options.points, ==, NL_EXAMPLE_DEFAULT_POINTS);
  g_assert_cmpuint (options.seed, ==, 1);

  g_assert_cmpint (nl_example_parse_spec ("spiral,seed=18446744073,points=200,noise=10",
                                          &example, &options, &error), ==, NL_OK);
  g_assert_true (example == nl_example_find ("spiral"));
  g_assert_cmpuint (options.noise, ==, 10);
  g_assert_cmpuint (options.points, ==, 200);
  g_assert_cmpuint (options.seed, ==, G_GUINT64_CONSTANT (18446744073));

  g_assert_cmpint (nl_example_parse_spec ("iris", &example, &options, &error), ==, NL_OK);
  g_assert_true (example == nl_example_find ("iris"));

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      nl_error_clear (&error);
      g_test_message ("%s", bad[i]);
      g_assert_cmpint (nl_example_parse_spec (bad[i], &example, &options, &error), ==, NL_ERR_INVALID);
      g_assert_null (example);
      g_assert_cmpstr (error.message, !=, "");
    }
  /* An unknown name lists the known ones. */
  nl_example_parse_spec ("moons", &example, &options, &error);
  g_assert_nonnull (strstr (error.message, "spiral"));
}

/* Reproducibility */

static gboolean
same_cells (const NlDataset *a,
            const NlDataset *b)
{
  if (a->n_rows != b->n_rows || a->n_columns != b->n_columns)
    return FALSE;
  for (size_t r = 0; r < a->n_rows; r++)
    for (size_t c = 0; c < a->n_columns; c++)
      {
        const NlCell *x = nl_dataset_cell (a, r, c), *y = nl_dataset_cell (b, r, c);

        if (strcmp (x->text, y->text) != 0 || x->state != y->state
            || memcmp (&x->value, &y->value, sizeof (double)) != 0)
          return FALSE;
      }
  for (size_t c = 0; c < a->n_columns; c++)
    if (memcmp (&a->columns[c].shift, &b->columns[c].shift, sizeof (double)) != 0
        || memcmp (&a->columns[c].scale, &b->columns[c].scale, sizeof (double)) != 0)
      return FALSE;
  return TRUE;
}

static void
test_reproducible (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (generated_ids); i++)
    {
      NlDataset *a = new_dataset (generated_ids[i], 20, 250, 42);
      NlDataset *b = new_dataset (generated_ids[i], 20, 250, 42);
      NlDataset *other_seed = new_dataset (generated_ids[i], 20, 250, 43);
      NlDataset *other_noise = new_dataset (generated_ids[i], 30, 250, 42);

      g_test_message ("%s", generated_ids[i]);
      g_assert_true (same_cells (a, b));
      g_assert_false (same_cells (a, other_seed));
      g_assert_false (same_cells (a, other_noise));
      nl_dataset_free (a);
      nl_dataset_free (b);
      nl_dataset_free (other_seed);
      nl_dataset_free (other_noise);
    }
}

/* Iris */

static void
test_iris (void)
{
  static const char * const species[] = { "setosa", "versicolor", "virginica" };
  /* R's colMeans (iris), which has Fisher's table. */
  static const double means[] = { 5.843333, 3.057333, 3.758000, 1.199333 };
  NlDataset *ds = nl_example_new_dataset (nl_example_find ("iris"), NULL, NULL);
  double sum[4] = { 0 };
  size_t count[3] = { 0 };

  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n_rows, ==, 150);
  g_assert_cmpuint (ds->n_columns, ==, 5);
  g_assert_cmpstr (ds->columns[0].name, ==, "Sepal length (cm)");
  g_assert_cmpstr (ds->columns[3].name, ==, "Petal width (cm)");
  g_assert_cmpstr (ds->columns[4].name, ==, "Species");
  g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 4);
  /* Species is the label, three classes: the multi-class task. */
  g_assert_cmpint (ds->label_column, ==, 4);
  g_assert_cmpuint (ds->columns[4].n_classes, ==, 3);
  for (size_t k = 0; k < 3; k++)
    g_assert_cmpstr (nl_dataset_class_name (ds, k), ==, species[k]);
  for (size_t r = 0; r < ds->n_rows; r++)
    {
      for (size_t c = 0; c < 4; c++)
        sum[c] += value (ds, r, c);
      for (size_t k = 0; k < 3; k++)
        count[k] += strcmp (nl_dataset_cell (ds, r, 4)->text, species[k]) == 0;
    }
  for (size_t c = 0; c < 4; c++)
    g_assert_cmpfloat (fabs (sum[c] / 150.0 - means[c]), <, 1e-5);
  for (size_t k = 0; k < 3; k++)
    g_assert_cmpuint (count[k], ==, 50);
  /* Fisher's first flower. */
  g_assert_cmpstr (nl_dataset_cell (ds, 0, 0)->text, ==, "5.1");
  g_assert_cmpstr (nl_dataset_cell (ds, 0, 4)->text, ==, "setosa");
  nl_dataset_free (ds);
}

/* Learning */

typedef struct
{
  double train;
  double test;
} Accuracy;

/* Trains a network as @settings say on @ds, its output as the table's
 * task needs, split and initialised from seed 1. The accuracy, or for
 * regression R². */
static Accuracy
train (const NlDataset         *ds,
       const NlExampleSettings *settings)
{
  NlMatrix all = { 0 }, train_rows = { 0 }, test_rows = { 0 };
  size_t sizes[NL_HIDDEN_MAX_LAYERS + 2];
  NlActivation activations[NL_HIDDEN_MAX_LAYERS + 2];
  size_t n_layers;
  NlHidden hidden;
  NlTask task;
  NlTrainOptions options;
  NlError error = { 0 };
  NlEvaluation eval;
  Accuracy accuracy;
  NlNet *net;
  NlSgd *sgd;
  NlWork *work;
  NlRng rng;

  g_assert_cmpint (nl_dataset_to_matrix (ds, &all, &error), ==, NL_OK);
  g_assert_cmpint (nl_matrix_split (&all, settings->test_percent / 100.0, 1, &train_rows,
                                    &test_rows, &error), ==, NL_OK);
  g_assert_cmpint (nl_hidden_parse (strcmp (settings->hidden, "0") == 0 ? "" : settings->hidden,
                                    &hidden, &error), ==, NL_OK);
  nl_dataset_task (ds, &task);
  g_assert_true (nl_task_allows_loss (&task, settings->loss));
  n_layers = nl_hidden_net_layers (&hidden, all.n_inputs, nl_task_n_outputs (&task),
                                   settings->activation, nl_task_output_activation (&task),
                                   sizes, activations);

  net = nl_net_new (n_layers, sizes, activations, &error);
  g_assert_nonnull (net);
  nl_rng_seed (&rng, 1);
  nl_net_init (net, settings->init, &rng);
  nl_train_options_init (&options);
  options.learning_rate = settings->learning_rate;
  options.loss = settings->loss;
  sgd = nl_sgd_new (net, &train_rows, &options, &error);
  g_assert_nonnull (sgd);
  for (unsigned e = 0; e < settings->epochs; e++)
    g_assert_cmpint (nl_sgd_epoch (sgd, net, NULL, &error), ==, NL_OK);

  work = nl_work_new (net);
  nl_evaluate (net, work, &train_rows, settings->loss, &eval);
  accuracy.train = task.kind == NL_TASK_REGRESSION ? eval.r2 : eval.accuracy;
  nl_evaluate (net, work, &test_rows, settings->loss, &eval);
  accuracy.test = test_rows.n_rows == 0 ? NAN : task.kind == NL_TASK_REGRESSION ? eval.r2 : eval.accuracy;

  nl_work_free (work);
  nl_sgd_free (sgd);
  nl_net_free (net);
  nl_matrix_clear (&all);
  nl_matrix_clear (&train_rows);
  nl_matrix_clear (&test_rows);
  return accuracy;
}

typedef struct
{
  const char *id;
  unsigned    noise;
  double      accuracy;   /* at least, on the training and the test rows */
} LearnCase;

/* Each set, with the settings it recommends, on the default table (500
 * points, seed 1) and with some noise, which no network can learn to 100%:
 * the accuracy, or for regression R², on the training and the test rows. */
static void
test_learn (gconstpointer data)
{
  const LearnCase *c = data;
  const NlExample *example = nl_example_find (c->id);
  NlDataset *ds = example->generated ? new_dataset (c->id, c->noise, NL_EXAMPLE_DEFAULT_POINTS, 1)
                                     : nl_example_new_dataset (example, NULL, NULL);
  Accuracy accuracy = train (ds, &example->settings);

  g_test_message ("%s, noise %u%%: %s hidden, training %.3f, test %.3f", c->id, c->noise,
                  example->settings.hidden, accuracy.train, accuracy.test);
  g_assert_cmpfloat (accuracy.train, >=, c->accuracy);
  g_assert_cmpfloat (accuracy.test, >=, c->accuracy);
  nl_dataset_free (ds);
}

/* XOR and the circle are the problems a network without a hidden layer
 * cannot learn: no straight line separates their classes. */
static void
test_needs_hidden_layer (void)
{
  static const char * const ids[] = { "xor", "circle" };

  for (size_t i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      NlExampleSettings settings = nl_example_find (ids[i])->settings;
      NlDataset *ds = new_dataset (ids[i], 0, NL_EXAMPLE_DEFAULT_POINTS, 1);
      Accuracy accuracy;

      settings.hidden = "0";
      accuracy = train (ds, &settings);
      g_test_message ("%s without a hidden layer: %.3f", ids[i], accuracy.train);
      g_assert_cmpfloat (accuracy.train, <, 0.8);
      nl_dataset_free (ds);
    }
}

int
main (int    argc,
      char **argv)
{
  static const LearnCase learn[] = {
    { "circle", 0, 0.97 },
    { "xor", 0, 0.97 },
    { "gaussians", 0, 0.99 },
    { "spiral", 0, 0.95 },
    { "circle", 10, 0.90 },
    { "xor", 10, 0.90 },
    { "spiral", 10, 0.85 },
    { "iris", 0, 0.95 },
    { "plane", 0, 0.98 },
    { "multi-gaussian", 0, 0.90 },
    { "plane", 10, 0.80 },
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/examples/catalogue", test_catalogue);
  g_test_add_func ("/core/examples/tasks", test_tasks);
  g_test_add_func ("/core/examples/tutorial", test_tutorial);
  g_test_add_func ("/core/examples/generated-tables", test_generated_tables);
  g_test_add_func ("/core/examples/circle", test_circle);
  g_test_add_func ("/core/examples/xor", test_xor);
  g_test_add_func ("/core/examples/gaussians", test_gaussians);
  g_test_add_func ("/core/examples/spiral", test_spiral);
  g_test_add_func ("/core/examples/regression-tables", test_regression_tables);
  g_test_add_func ("/core/examples/options-out-of-range", test_options_out_of_range);
  g_test_add_func ("/core/examples/parse-spec", test_parse_spec);
  g_test_add_func ("/core/examples/reproducible", test_reproducible);
  g_test_add_func ("/core/examples/iris", test_iris);
  for (size_t i = 0; i < G_N_ELEMENTS (learn); i++)
    {
      g_autofree char *path = nl_example_find (learn[i].id)->generated
                              ? g_strdup_printf ("/core/examples/learn/%s-noise-%u",
                                                 learn[i].id, learn[i].noise)
                              : g_strdup_printf ("/core/examples/learn/%s", learn[i].id);

      g_test_add_data_func (path, &learn[i], test_learn);
    }
  g_test_add_func ("/core/examples/needs-hidden-layer", test_needs_hidden_layer);

  return g_test_run ();
}
