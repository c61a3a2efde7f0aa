/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project.c: project files: exact round trips of the table, the network,
 * the settings and the histories; doubles bit for bit whatever the locale;
 * GKeyFile reading what the core writes; hand edits and files from before
 * later keys; and files that are refused, with the line and the reason. */
#include <float.h>
#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "nl-project.h"

/* A history of @n values, as the trainer keeps one. */
static NlHistory *
history_of (const double *values,
            size_t        n)
{
  NlHistory *h = nl_history_new (0);

  g_assert_true (nl_history_append_n (h, values, n));
  return h;
}

/* Epoch @i's value of a history at full resolution. */
static double
history_value (const NlHistory *h,
               size_t           i)
{
  size_t n;
  const NlHistoryBucket *b = nl_history_buckets (h, &n);

  g_assert_cmpuint (nl_history_bucket_epochs (h), ==, 1);
  g_assert_cmpuint (i, <, n);
  return b[i].min;
}

/* The tutorial after @epochs epochs, as `neuronlab-cli train --save` makes it. */
static void
make_tutorial_project (NlProject *p,
                       unsigned   epochs)
{
  const size_t sizes[] = { 2, 2, 1 };
  NlMatrix data;
  NlSgd *sgd;
  NlRng rng;
  NlEvaluation eval = { NAN, NAN };

  nl_project_init (p);
  p->dataset = nl_dataset_new_tutorial ();
  p->net = nl_net_new (3, sizes, NULL, NULL);
  g_assert_nonnull (p->dataset);
  g_assert_nonnull (p->net);
  nl_rng_seed (&rng, 1);
  nl_net_init (p->net, NL_INIT_NORMAL, &rng);
  g_assert_cmpint (nl_dataset_to_matrix (p->dataset, &data, NULL), ==, NL_OK);
  sgd = nl_sgd_new (p->net, &data, &p->options, NULL);
  p->history = nl_history_new (0);
  for (unsigned e = 0; e < epochs; e++)
    {
      g_assert_cmpint (nl_sgd_epoch_evaluate (sgd, p->net, &eval, NULL), ==, NL_OK);
      g_assert_true (nl_history_append (p->history, eval.loss));
    }
  p->epoch = epochs;
  p->loss = eval.loss;
  p->accuracy = eval.accuracy;
  nl_sgd_free (sgd);
  nl_matrix_clear (&data);
}

/* g_malloc and malloc are the same allocator in GLib >= 2.46. */
static void
project_free (NlProject *p)
{
  nl_project_clear (p);
}

static char *
write_ok (const NlProject *p,
          size_t          *length)
{
  NlError error;
  char *text;

  nl_error_clear (&error);
  text = nl_project_write_buffer (p, length, &error);
  if (text == NULL)
    g_error ("writing failed: %s", error.message);
  g_assert_cmpuint (strlen (text), ==, *length);
  return text;
}

static void
read_ok (const char *text,
         size_t      length,
         NlProject  *out)
{
  NlError error;

  nl_error_clear (&error);
  if (nl_project_read_buffer (text, length, out, &error) != NL_OK)
    g_error ("reading failed: %s\n%s", error.message, text);
}

static int
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0 || (isnan (a) && isnan (b));
}

static double
predict_raw (const NlProject *p,
             double           weight,
             double           height)
{
  NlWork *work = nl_work_new (p->net);
  double x[2] = { nl_dataset_normalize (p->dataset, 1, weight),
                  nl_dataset_normalize (p->dataset, 2, height) };
  double y = nl_net_predict (p->net, work, x);

  nl_work_free (work);
  return y;
}

/* Two histories with the same buckets, bit for bit (NULL only as NULL). */
static void
assert_same_history (const NlHistory *a,
                     const NlHistory *b)
{
  size_t na, nb;
  const NlHistoryBucket *ba, *bb;

  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  ba = nl_history_buckets (a, &na);
  bb = nl_history_buckets (b, &nb);
  g_assert_cmpuint (nl_history_epochs (a), ==, nl_history_epochs (b));
  g_assert_cmpuint (nl_history_bucket_epochs (a), ==, nl_history_bucket_epochs (b));
  g_assert_cmpuint (na, ==, nb);
  for (size_t i = 0; i < na; i++)
    g_assert_true (same_double (ba[i].first, bb[i].first) && same_double (ba[i].min, bb[i].min)
                   && same_double (ba[i].max, bb[i].max) && same_double (ba[i].last, bb[i].last));
}

/* The ways to learn: batch size, optimizer, coefficients, penalties. */
static void
assert_same_options (const NlTrainOptions *a,
                     const NlTrainOptions *b)
{
  g_assert_cmpuint (a->batch_size, ==, b->batch_size);
  g_assert_cmpint (a->optimizer, ==, b->optimizer);
  g_assert_true (same_double (a->momentum, b->momentum));
  g_assert_true (same_double (a->beta1, b->beta1));
  g_assert_true (same_double (a->beta2, b->beta2));
  g_assert_true (same_double (a->epsilon, b->epsilon));
  g_assert_true (same_double (a->l1, b->l1));
  g_assert_true (same_double (a->l2, b->l2));
}

static void
assert_same_evaluation (const NlEvaluation *a,
                        const NlEvaluation *b)
{
  g_assert_true (same_double (a->loss, b->loss) && same_double (a->accuracy, b->accuracy)
                 && same_double (a->rmse, b->rmse) && same_double (a->r2, b->r2));
}

/* The optimizer's memory and the finished runs. */
static void
assert_same_extras (const NlProject *a,
                    const NlProject *b)
{
  size_t n = a->net->n_params;

  assert_same_options (&a->options, &b->options);
  g_assert_cmpuint (a->optimizer_steps, ==, b->optimizer_steps);
  g_assert_true ((a->first_moment == NULL) == (b->first_moment == NULL));
  g_assert_true ((a->second_moment == NULL) == (b->second_moment == NULL));
  if (a->first_moment != NULL)
    g_assert_cmpmem (a->first_moment, n * sizeof (double), b->first_moment, n * sizeof (double));
  if (a->second_moment != NULL)
    g_assert_cmpmem (a->second_moment, n * sizeof (double), b->second_moment, n * sizeof (double));
  g_assert_cmpuint (a->n_runs, ==, b->n_runs);
  for (size_t i = 0; i < a->n_runs; i++)
    {
      const NlProjectRun *ra = &a->runs[i], *rb = &b->runs[i];

      g_assert_cmpuint (ra->number, ==, rb->number);
      g_assert_cmpstr (ra->label, ==, rb->label);
      g_assert_cmpint (!!ra->visible, ==, !!rb->visible);
      g_assert_cmpstr (ra->architecture, ==, rb->architecture);
      g_assert_cmpint (ra->activation, ==, rb->activation);
      g_assert_cmpint (ra->init, ==, rb->init);
      g_assert_cmpuint (ra->seed, ==, rb->seed);
      g_assert_true (same_double (ra->options.learning_rate, rb->options.learning_rate));
      g_assert_cmpint (ra->options.loss, ==, rb->options.loss);
      g_assert_cmpint (!!ra->options.shuffle, ==, !!rb->options.shuffle);
      assert_same_options (&ra->options, &rb->options);
      g_assert_cmpuint (ra->epoch, ==, rb->epoch);
      assert_same_evaluation (&ra->eval, &rb->eval);
      assert_same_evaluation (&ra->test_eval, &rb->test_eval);
      assert_same_history (ra->history, rb->history);
      assert_same_history (ra->test_history, rb->test_history);
    }
}

static void
assert_same_project (const NlProject *a,
                     const NlProject *b)
{
  const NlDataset *da = a->dataset, *db = b->dataset;

  g_assert_cmpuint (da->n_columns, ==, db->n_columns);
  g_assert_cmpuint (da->n_rows, ==, db->n_rows);
  g_assert_cmpint (da->label_column, ==, db->label_column);
  for (size_t c = 0; c < da->n_columns; c++)
    {
      const NlColumn *ca = &da->columns[c], *cb = &db->columns[c];

      g_assert_cmpstr (ca->name, ==, cb->name);
      g_assert_cmpint (ca->kind, ==, cb->kind);
      g_assert_cmpint (ca->is_input, ==, cb->is_input);
      if (ca->kind == NL_COLUMN_NUMERIC)
        {
          g_assert_cmpint (ca->normalize, ==, cb->normalize);
          g_assert_true (same_double (ca->shift, cb->shift));
          g_assert_true (same_double (ca->scale, cb->scale));
        }
      g_assert_cmpuint (ca->n_classes, ==, cb->n_classes);
      for (size_t k = 0; k < ca->n_classes; k++)
        g_assert_cmpstr (ca->classes[k], ==, cb->classes[k]);
    }
  for (size_t i = 0; i < da->n_rows * da->n_columns; i++)
    {
      g_assert_cmpstr (da->cells[i].text, ==, db->cells[i].text);
      g_assert_cmpint (da->cells[i].state, ==, db->cells[i].state);
      g_assert_true (same_double (da->cells[i].value, db->cells[i].value));
    }

  g_assert_cmpuint (a->net->n_layers, ==, b->net->n_layers);
  for (size_t l = 0; l < a->net->n_layers; l++)
    {
      g_assert_cmpuint (a->net->sizes[l], ==, b->net->sizes[l]);
      if (l > 0)
        g_assert_cmpint (a->net->activation[l], ==, b->net->activation[l]);
    }
  g_assert_cmpuint (a->net->n_params, ==, b->net->n_params);
  g_assert_cmpmem (a->net->params, a->net->n_params * sizeof (double),
                   b->net->params, b->net->n_params * sizeof (double));

  g_assert_cmpint (a->activation, ==, b->activation);
  g_assert_true (same_double (a->options.learning_rate, b->options.learning_rate));
  g_assert_cmpint (a->options.loss, ==, b->options.loss);
  g_assert_cmpint (a->options.shuffle, ==, b->options.shuffle);
  g_assert_cmpuint (a->epochs_per_run, ==, b->epochs_per_run);
  g_assert_cmpuint (a->seed, ==, b->seed);
  g_assert_cmpint (a->init, ==, b->init);
  g_assert_cmpuint (a->epoch, ==, b->epoch);
  g_assert_true (same_double (a->loss, b->loss));
  g_assert_true (same_double (a->accuracy, b->accuracy));
  g_assert_true ((a->history == NULL) == (b->history == NULL) || a->epoch == 0);
  if (a->history != NULL && b->history != NULL)
    {
      size_t na, nb;
      const NlHistoryBucket *ba = nl_history_buckets (a->history, &na);
      const NlHistoryBucket *bb = nl_history_buckets (b->history, &nb);

      g_assert_cmpuint (nl_history_epochs (a->history), ==, nl_history_epochs (b->history));
      g_assert_cmpuint (nl_history_bucket_epochs (a->history), ==,
                        nl_history_bucket_epochs (b->history));
      g_assert_cmpuint (na, ==, nb);
      for (size_t i = 0; i < na; i++)
        g_assert_true (same_double (ba[i].first, bb[i].first)
                       && same_double (ba[i].min, bb[i].min)
                       && same_double (ba[i].max, bb[i].max)
                       && same_double (ba[i].last, bb[i].last));
    }

  g_assert_cmpuint (a->test_percent, ==, b->test_percent);
  g_assert_cmpuint (a->split_seed, ==, b->split_seed);
  g_assert_true (same_double (a->target_loss, b->target_loss));
  g_assert_cmpint (!!a->early_stopping, ==, !!b->early_stopping);
  g_assert_true (same_double (a->test_loss, b->test_loss));
  g_assert_true (same_double (a->test_accuracy, b->test_accuracy));
  /* No test history is the same as one of all NAN. */
  if (a->test_history != NULL || b->test_history != NULL)
    {
      const NlHistory *t = a->test_history != NULL ? a->test_history : b->test_history;
      const NlHistory *u = a->test_history != NULL ? b->test_history : a->test_history;
      size_t nt, nu = 0;
      const NlHistoryBucket *bt = nl_history_buckets (t, &nt);
      const NlHistoryBucket *bu = u != NULL ? nl_history_buckets (u, &nu) : NULL;

      g_assert_true (u == NULL || nu == nt);
      for (size_t i = 0; i < nt; i++)
        g_assert_true (same_double (bt[i].min, bu != NULL ? bu[i].min : NAN)
                       && same_double (bt[i].max, bu != NULL ? bu[i].max : NAN));
    }
  assert_same_extras (a, b);
}

static void
test_tutorial (void)
{
  NlProject p, q;
  size_t length, length2;
  char *text, *again;

  make_tutorial_project (&p, 1000);
  p.options.shuffle = 1;
  p.seed = 42;
  p.options.learning_rate = 0.05;
  text = write_ok (&p, &length);
  g_test_message ("%.*s", (int) MIN (length, 1500), text);

  g_assert_true (g_str_has_prefix (text, "# A NeuronLab project"));
  g_assert_nonnull (strstr (text, "\n[NeuronLab]\nversion=1\n"));
  g_assert_nonnull (strstr (text, "\nnames=Name;Weight (lb);Height (in);Gender;\n"));
  g_assert_nonnull (strstr (text, "\nkinds=text;numeric;numeric;label;\n"));
  g_assert_nonnull (strstr (text, "\nshift=0;135;66;0;\n"));
  g_assert_nonnull (strstr (text, "\nclasses=Male;Female;\n"));
  g_assert_nonnull (strstr (text, "\nlayers=2;2;1;\n"));
  g_assert_nonnull (strstr (text, "w1 w2 w3 w4 w5 w6 b1 b2 b3\n"));
  /* The shortest exact form: 0.05, not 0.050000000000000003. */
  g_assert_nonnull (strstr (text, "\nlearning-rate=0.05\n"));
  g_assert_nonnull (strstr (text, "\nseed=42\n"));
  g_assert_nonnull (strstr (text, "\nshuffle=true\n"));
  g_assert_nonnull (strstr (text, "\nepoch=1000\n"));
  g_assert_nonnull (strstr (text, "\n[Rows]\n1=Alice;133;65;Female;\n"));
  g_assert_true (g_str_has_suffix (text, "4=Diana;120;60;Female;\n"));

  read_ok (text, length, &q);
  assert_same_project (&p, &q);
  g_assert_cmpuint (q.options.shuffle_seed, ==, 42);
  /* Emily and Frank, bit for bit. */
  g_assert_true (same_double (predict_raw (&p, 128, 63), predict_raw (&q, 128, 63)));
  g_assert_true (same_double (predict_raw (&p, 155, 68), predict_raw (&q, 155, 68)));
  g_assert_cmpfloat (predict_raw (&q, 128, 63), >, 0.5);
  g_assert_cmpfloat (predict_raw (&q, 155, 68), <, 0.5);

  /* Writing what was read gives the same text. */
  again = write_ok (&q, &length2);
  g_assert_cmpstr (again, ==, text);

  free (again);
  free (text);
  project_free (&q);
  project_free (&p);
}

static void
test_doubles (void)
{
  static const double values[] = {
    0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, 2.0 / 3.0, M_PI, -M_E, 1e-300, 1e300,
    DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN, DBL_EPSILON, 1.0 + DBL_EPSILON,
    4.9406564584124654e-324,   /* the smallest denormal */
    -4.9406564584124654e-324,
    2.2250738585072009e-308,   /* the largest denormal */
    1.2345678901234567e-310,
    123456789012345678.0, 9007199254740993.0, 0.30000000000000004,
  };
  static const char * const comma_locales[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
  };
  size_t n = G_N_ELEMENTS (values) + 200;
  size_t sizes[] = { 2, 0, 1 };
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  GRand *rand = g_rand_new_with_seed (7);
  NlProject p, q;
  char *text, *text_comma = NULL;
  size_t length, length_comma;

  /* A hidden layer with n - 3 parameters... rather one of k neurons with
   * 4k + 1 parameters: k = 56 holds them all. */
  sizes[1] = 56;
  nl_project_init (&p);
  p.dataset = nl_dataset_new_tutorial ();
  p.net = nl_net_new (3, sizes, NULL, NULL);
  g_assert_cmpuint (p.net->n_params, >=, n);
  for (size_t i = 0; i < p.net->n_params; i++)
    {
      if (i < G_N_ELEMENTS (values))
        p.net->params[i] = values[i];
      else
        {
          /* Random bit patterns that are finite doubles. */
          guint64 bits;
          double d;

          do
            {
              bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
              memcpy (&d, &bits, sizeof d);
            }
          while (!isfinite (d));
          p.net->params[i] = d;
        }
    }
  p.epoch = 3;
  p.history = history_of ((const double[]) { INFINITY, NAN, 4.9406564584124654e-324 }, 3);
  p.loss = -INFINITY;
  p.accuracy = NAN;
  p.options.learning_rate = 1e-7;

  text = write_ok (&p, &length);
  g_assert_nonnull (strstr (text, "\nlosses=inf;nan;4.94065645841247e-324;\n"));
  g_assert_nonnull (strstr (text, "\nloss=-inf\n"));
  g_assert_nonnull (strstr (text, "parameters=0;-0;1;-1;0.1;0.3333333333333333;"));
  read_ok (text, length, &q);
  for (size_t i = 0; i < p.net->n_params; i++)
    if (memcmp (&p.net->params[i], &q.net->params[i], sizeof (double)) != 0)
      g_error ("parameter %zu: wrote %.17g, read %.17g", i, p.net->params[i], q.net->params[i]);
  assert_same_project (&p, &q);
  g_assert_true (signbit (q.net->params[1]));
  project_free (&q);

  /* The same text under a decimal comma locale, and the same numbers back. */
  for (size_t i = 0; i < G_N_ELEMENTS (comma_locales); i++)
    if (setlocale (LC_ALL, comma_locales[i]) != NULL)
      {
        text_comma = write_ok (&p, &length_comma);
        g_assert_cmpstr (text_comma, ==, text);
        read_ok (text, length, &q);
        assert_same_project (&p, &q);
        project_free (&q);
        break;
      }
  setlocale (LC_ALL, saved);
  if (text_comma == NULL)
    g_test_message ("no decimal comma locale is installed; only the C locale was tried");

  free (text_comma);
  free (text);
  g_rand_free (rand);
  project_free (&p);
}

/* A table with texts that need escaping, invalid and missing cells. */
static NlDataset *
make_tricky_table (void)
{
  static const char * const names[] = { "Na;me", " Weight\\lb", "Height\t(in)", "Gender" };
  static const NlColumnKind kinds[] = {
    NL_COLUMN_TEXT, NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_LABEL
  };
  static const char * const rows[][4] = {
    { "  Alice; the first", "133", "65", "F" },
    { "Bob\nsecond line\r", "1,5", "72", "M" },   /* invalid: a decimal comma */
    { "", "", "70", " M " },                       /* missing weight */
    { "#not a comment", "120", "abc", "F" },      /* invalid height */
    { "[Rows]\\s=x;", "150.5", "68", "" },         /* missing label */
    { "Zoë ✓ ;", "140", "66", "M" },
  };
  NlDataset *ds = nl_dataset_new (4, names, kinds, NULL);

  for (size_t r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      size_t row = nl_dataset_append_row (ds);

      for (size_t c = 0; c < 4; c++)
        nl_dataset_set_cell (ds, row, c, rows[r][c], NULL);
    }
  nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);
  return ds;
}

static void
test_gkeyfile (void)
{
  const size_t sizes[] = { 2, 3, 1 };
  NlActivation activations[] = { NL_ACTIVATION_LINEAR, NL_ACTIVATION_TANH, NL_ACTIVATION_SIGMOID };
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree double *params = NULL;
  g_autofree double *losses = NULL;
  g_autofree char *normalize = NULL;
  NlProject p, q;
  NlRng rng;
  char *text;
  size_t length, n;

  nl_project_init (&p);
  p.dataset = make_tricky_table ();
  p.net = nl_net_new (3, sizes, activations, NULL);
  p.activation = NL_ACTIVATION_TANH;
  nl_rng_seed (&rng, 5);
  nl_net_init (p.net, NL_INIT_SCALED, &rng);
  p.init = NL_INIT_SCALED;
  p.options.loss = NL_LOSS_BCE;
  p.epoch = 2;
  p.history = history_of ((const double[]) { 0.75, 0.5 }, 2);
  text = write_ok (&p, &length);
  g_test_message ("%s", text);

  g_assert_true (g_key_file_load_from_data (kf, text, length, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_key_file_get_integer (kf, "NeuronLab", "version", &error), ==, 1);
  g_assert_cmpuint (g_key_file_get_uint64 (kf, "Table", "rows", &error), ==, 6);
  normalize = g_key_file_get_string (kf, "Table", "normalize", &error);
  g_assert_cmpstr (normalize, ==, "standardize");

  names = g_key_file_get_string_list (kf, "Columns", "names", &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  for (size_t c = 0; c < 4; c++)
    g_assert_cmpstr (names[c], ==, p.dataset->columns[c].name);

  for (size_t r = 0; r < p.dataset->n_rows; r++)
    {
      g_autofree char *key = g_strdup_printf ("%zu", r + 1);
      g_auto(GStrv) cells = g_key_file_get_string_list (kf, "Rows", key, &n, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 4);
      for (size_t c = 0; c < 4; c++)
        g_assert_cmpstr (cells[c], ==, nl_dataset_cell (p.dataset, r, c)->text);
    }

  params = g_key_file_get_double_list (kf, "Network", "parameters", &n, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (params, n * sizeof (double), p.net->params, p.net->n_params * sizeof (double));
  losses = g_key_file_get_double_list (kf, "History", "losses", &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (losses[1], ==, 0.5);
  g_assert_false (g_key_file_get_boolean (kf, "Training", "shuffle", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_key_file_get_uint64 (kf, "Training", "seed", &error), ==, 1);
  g_assert_cmpfloat (g_key_file_get_double (kf, "Training", "learning-rate", &error), ==, 0.1);
  g_assert_no_error (error);

  /* And the core reads it back, invalid cells and all. */
  read_ok (text, length, &q);
  assert_same_project (&p, &q);
  g_assert_cmpint (nl_dataset_cell (q.dataset, 1, 1)->state, ==, NL_CELL_INVALID);
  g_assert_cmpint (nl_dataset_cell (q.dataset, 2, 1)->state, ==, NL_CELL_MISSING);
  g_assert_cmpint (nl_dataset_cell (q.dataset, 3, 2)->state, ==, NL_CELL_INVALID);
  g_assert_cmpint (nl_dataset_cell (q.dataset, 4, 3)->state, ==, NL_CELL_MISSING);
  g_assert_cmpint (nl_dataset_cell (q.dataset, 2, 3)->state, ==, NL_CELL_OK);
  g_assert_cmpint (q.net->activation[1], ==, NL_ACTIVATION_TANH);

  free (text);
  project_free (&q);
  project_free (&p);
}

/* Classes no row uses any more stay the classes: the label's names and its
 * positive side do not depend on which rows are left. */
static void
test_classes (void)
{
  NlProject p, q;
  char *text;
  size_t length;

  make_tutorial_project (&p, 0);
  nl_dataset_remove_row (p.dataset, 2);  /* Charlie */
  nl_dataset_remove_row (p.dataset, 1);  /* Bob: no Male left */
  nl_dataset_set_input (p.dataset, 2, 0);
  g_assert_cmpstr (p.dataset->columns[3].classes[0], ==, "Male");
  /* The network keeps its two inputs: the table has only one now, which
   * the check refuses. */
  {
    NlError error;

    nl_error_clear (&error);
    g_assert_null (nl_project_write_buffer (&p, &length, &error));
    g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
    g_assert_nonnull (strstr (error.message, "1 inputs but the network has 2"));
  }
  nl_dataset_set_input (p.dataset, 2, 1);
  text = write_ok (&p, &length);
  g_assert_nonnull (strstr (text, "\nloss=nan\naccuracy=nan\n"));
  g_assert_nonnull (strstr (text, "\nlosses=\n"));
  read_ok (text, length, &q);
  assert_same_project (&p, &q);
  g_assert_cmpstr (q.dataset->columns[3].classes[0], ==, "Male");
  g_assert_cmpstr (q.dataset->columns[3].classes[1], ==, "Female");
  free (text);
  project_free (&q);
  project_free (&p);
}

static void
test_hand_edits (void)
{
  static const char edited[] =
    "\xef\xbb\xbf# Edited by hand\r\n"
    "\r\n"
    "[Rows]\r\n"
    "2 = Bob;160;72;Male;  \r\n"
    "  1=Alice;133;65;Female;\r\n"
    "\n"
    "[History]\n"
    "losses=0.5;0.25\n"
    "accuracy=1\n"
    "epoch=2\n"
    "loss=0.25\n"
    "comment[de]=Hallo\n"
    "\n"
    "[Network]\n"
    "parameters=1;2;3;4;5;6;7;8;9;\n"
    "output-activation=sigmoid\n"
    "activation = relu \n"
    "layers=2;2;1\n"
    "[Something Else]\n"
    "layers=nonsense\n"
    "[Training]\n"
    "learning-rate=2.5E-1\n"
    "epochs=10\n"
    "loss=bce\n"
    "seed=18446744073709551615\n"
    "init=scaled\n"
    "shuffle=1\n"
    "[Columns]\n"
    "# The classes, negative first\n"
    "classes=Male;Female\n"
    "names=Name;Weight (lb);Height (in);Gender\n"
    "kinds=text;numeric;numeric;label\n"
    "inputs=false;true;true;false\n"
    "shift=0;135;66;0\n"
    "scale=1;10;1;1\n"
    "[Table]\n"
    "normalize=shift\n"
    "rows=2\n"
    "columns=4\n"
    "[NeuronLab]\n"
    "version=1\n"
    "[Table]\n"
    "future-key=1\n";
  NlProject p;

  read_ok (edited, sizeof edited - 1, &p);
  g_assert_cmpuint (p.dataset->n_rows, ==, 2);
  g_assert_cmpstr (nl_dataset_cell (p.dataset, 0, 0)->text, ==, "Alice");
  g_assert_cmpstr (nl_dataset_cell (p.dataset, 1, 0)->text, ==, "Bob");
  g_assert_cmpfloat (nl_dataset_cell (p.dataset, 1, 3)->value, ==, 0.0);
  g_assert_cmpfloat (nl_dataset_normalize (p.dataset, 1, 145), ==, 1.0);
  g_assert_cmpint (p.net->activation[1], ==, NL_ACTIVATION_RELU);
  g_assert_cmpfloat (p.net->params[8], ==, 9.0);
  g_assert_cmpuint (p.seed, ==, G_MAXUINT64);
  g_assert_cmpint (p.init, ==, NL_INIT_SCALED);
  g_assert_cmpint (p.options.loss, ==, NL_LOSS_BCE);
  g_assert_true (p.options.shuffle);
  g_assert_cmpfloat (p.options.learning_rate, ==, 0.25);
  g_assert_cmpuint (nl_history_epochs (p.history), ==, 2);
  g_assert_cmpfloat (history_value (p.history, 1), ==, 0.25);
  /* Written before the test set and the stop conditions were saved: none,
   * and a split that follows the seed. */
  g_assert_cmpuint (p.test_percent, ==, 0);
  g_assert_cmpfloat (p.target_loss, ==, 0.0);
  g_assert_false (p.early_stopping);
  g_assert_cmpuint (p.split_seed, ==, G_MAXUINT64);
  g_assert_null (p.test_history);
  g_assert_true (isnan (p.test_loss));
  g_assert_true (isnan (p.test_accuracy));
  project_free (&p);
}

typedef struct
{
  const char *find;     /* a line of the tutorial's file, or NULL */
  const char *replace;  /* what it becomes */
  size_t      line;     /* the line the error names; 0 for any */
  const char *message;  /* a part of the message */
} Corruption;

static void
test_errors (void)
{
  static const Corruption corruptions[] = {
    { "version=1\n", "version=2\n", 3, "made by a newer version of NeuronLab" },
    { "version=1\n", "version=2\n[Table\nthis is not v1 syntax\n", 3,
      "made by a newer version of NeuronLab" },
    { "version=1\n", "version=0\n", 3, "not a file format version" },
    { "version=1\n", "", 0, "not a NeuronLab project" },
    { "[NeuronLab]\n", "[NeuronLab\n", 2, "not a valid [group] line" },
    { "columns=4\n", "columns=5\n", 0, "the table has 5 columns" },
    { "columns=4\n", "columns=4096000\n", 0, "from 0 to 4096" },
    { "rows=4\n", "rows=5\n", 7, "[Rows] has 4 rows but [Table] says there are 5" },
    { "kinds=text;numeric;numeric;label;\n", "kinds=text;numeric;label;label;\n", 0,
      "at most one label" },
    { "kinds=text;numeric;numeric;label;\n", "kinds=text;numeric;numbers;label;\n", 0,
      "“numbers” is not a column kind" },
    { "inputs=false;true;true;false;\n", "inputs=false;true;yes;false;\n", 0,
      "neither true nor false" },
    { "shift=0;135;66;0;\n", "shift=0;135;66,5;0;\n", 0, "“66,5” in “shift” is not a number" },
    { "scale=1;1;1;1;\n", "scale=1;0;1;1;\n", 0, "scale of 0" },
    { "classes=Male;Female;\n", "classes=Female;Female;\n", 0, "both “Female”" },
    { "classes=Male;Female;\n", "classes=Male;Female;Other;\n", 0,
      "the last layer has 1 neurons but the table's task needs 3" },
    { "classes=Male;Female;\n", "classes=Male;;Other;\n", 0, "has no name" },
    { "classes=Male;Female;\n", "classes=Male;\n", 0, "“classes” has 1 values" },
    { "classes=Male;Female;\n", "", 0, "[Columns] has no “classes”" },
    { "layers=2;2;1;\n", "layers=2;2;2;\n", 0, "task needs 1" },
    { "layers=2;2;1;\n", "layers=3;2;1;\n", 0, "3 inputs but the table has 2" },
    { "layers=2;2;1;\n", "layers=2;3;1;\n", 0,
      "“parameters” has 9 values but the network has 13 parameters" },
    { "layers=2;2;1;\n", "layers=2;65536;65536;65536;1;\n", 0, "more than 134217728" },
    { "activation=sigmoid\n", "activation=softmax\n", 0, "“softmax” is not a known value" },
    { "learning-rate=0.1\n", "learning-rate=0\n", 0, "must be positive" },
    { "learning-rate=0.1\n", "learning-rate=0.1\nlearning-rate=0.2\n", 0, "appears twice" },
    { "seed=1\n", "seed=-1\n", 0, "whole number" },
    { "epoch=1000\n", "epoch=999\n", 0, "“losses” has 1000 values but the network was trained "
      "for 999 epochs" },
    { "accuracy=1\n", "accuracy=one\n", 0, "not a number" },
    { "[Training]\n", "[Trained]\n", 0, "no [Training] group" },
    { "2=Bob;160;72;Male;\n", "2=Bob;160;72;Male;extra;\n", 0,
      "row 2 has 5 values but the table has 4 columns" },
    { "2=Bob;160;72;Male;\n", "1=Bob;160;72;Male;\n", 0, "row 1 appears twice" },
    { "2=Bob;160;72;Male;\n", "5=Bob;160;72;Male;\n", 0, "there is no row 2" },
    { "2=Bob;160;72;Male;\n", "two=Bob;160;72;Male;\n", 0, "not a row number" },
    { "2=Bob;160;72;Male;\n", "2=Bob\\x;160;72;Male;\n", 0, "not an escape sequence" },
    { "2=Bob;160;72;Male;\n", "2=Bob;160;72;Male\\\n", 0, "lone backslash" },
    { "2=Bob;160;72;Male;\n", "2=Bob;160;72;Male;\n2 Bob 160\n", 0, "neither a [group]" },
    { "2=Bob;160;72;Male;\n", "2=Bob;16\x01;72;Male;\n", 0, "binary data" },
    { "2=Bob;160;72;Male;\n", "2=Bob;\xff\xfe;72;Male;\n", 0, "binary data" },
  };
  NlProject p, q;
  char *text;
  size_t length;

  make_tutorial_project (&p, 1000);
  text = write_ok (&p, &length);

  for (size_t i = 0; i < G_N_ELEMENTS (corruptions); i++)
    {
      const Corruption *c = &corruptions[i];
      const char *at = strstr (text, c->find);
      g_autoptr(GString) bad = g_string_new (NULL);
      NlError error;

      g_assert_nonnull (at);
      g_string_append_len (bad, text, at - text);
      g_string_append (bad, c->replace);
      g_string_append (bad, at + strlen (c->find));
      nl_error_clear (&error);
      if (nl_project_read_buffer (bad->str, bad->len, &q, &error) == NL_OK)
        g_error ("corruption %zu (%s) was accepted", i, c->replace);
      g_test_message ("%zu: %s", i, error.message);
      g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
      g_assert_null (q.dataset);
      g_assert_null (q.net);
      if (strstr (error.message, c->message) == NULL)
        g_error ("corruption %zu: “%s” does not say “%s”", i, error.message, c->message);
      if (c->line != 0)
        g_assert_cmpuint (error.line, ==, c->line);
      if (error.line != 0)
        {
          g_autofree char *prefix = g_strdup_printf ("Line %zu: ", error.line);

          g_assert_true (g_str_has_prefix (error.message, prefix));
        }
    }

  /* The line of a wrong count is the key's own. */
  {
    const char *at = strstr (text, "\nparameters=");
    size_t line = 2;
    g_autoptr(GString) bad = g_string_new_len (text, length);
    NlError error;

    for (const char *s = text; s < at; s++)
      line += *s == '\n';
    g_string_replace (bad, "\nparameters=", "\nparameters=1;", 1);
    g_assert_cmpint (nl_project_read_buffer (bad->str, bad->len, &q, &error), ==, NL_ERR_PARSE);
    g_assert_cmpuint (error.line, ==, line);
    g_assert_cmpstr (strstr (error.message, "“parameters”"), ==,
                     "“parameters” has 10 values but the network has 9 parameters");
  }

  /* Whatever is cut off the end, the file is refused (only its final line
   * break can go), and nothing crashes. */
  for (size_t cut = 0; cut + 1 < length; cut++)
    {
      NlError error;

      if (nl_project_read_buffer (text, cut, &q, &error) == NL_OK)
        g_error ("a file cut to %zu of %zu bytes was accepted", cut, length);
      g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
      g_assert_cmpstr (error.message, !=, "");
    }

  /* Other files. */
  {
    static const char * const others[][2] = {
      { "", "empty" },
      { "Name,Weight\nAlice,133\n", "does not start with a [group]" },
      { "[Desktop Entry]\nName=Text Editor\nExec=gedit\n", "no [NeuronLab] group" },
      { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary data" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS (others); i++)
      {
        NlError error;

        g_assert_cmpint (nl_project_read_buffer (others[i][0], strlen (others[i][0]) + (i == 3 ? 8 : 0),
                                                 &q, &error), ==, NL_ERR_PARSE);
        if (strstr (error.message, others[i][1]) == NULL)
          g_error ("“%s” does not say “%s”", error.message, others[i][1]);
      }
  }

  free (text);
  project_free (&p);
}

/* Hidden layers with activations of their own are listed in activations=,
 * and only then; files without it (all from before) give every hidden layer
 * activation=. */
static void
test_activations (void)
{
  const size_t sizes[] = { 2, 4, 3, 1 };
  const NlActivation activations[] = {
    NL_ACTIVATION_LINEAR, NL_ACTIVATION_TANH, NL_ACTIVATION_RELU, NL_ACTIVATION_SIGMOID,
  };
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) gerror = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GString) old = NULL;
  NlProject p, q;
  NlError error;
  NlRng rng;
  char *text;
  size_t length, n;

  nl_project_init (&p);
  p.dataset = nl_dataset_new_tutorial ();
  p.net = nl_net_new (4, sizes, activations, NULL);
  p.activation = NL_ACTIVATION_TANH;
  nl_rng_seed (&rng, 3);
  nl_net_init (p.net, NL_INIT_NORMAL, &rng);
  text = write_ok (&p, &length);

  g_assert_true (g_key_file_load_from_data (kf, text, length, G_KEY_FILE_NONE, &gerror));
  g_assert_no_error (gerror);
  names = g_key_file_get_string_list (kf, "Network", "activations", &n, &gerror);
  g_assert_no_error (gerror);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (names[0], ==, "tanh");
  g_assert_cmpstr (names[1], ==, "relu");

  read_ok (text, length, &q);
  assert_same_project (&p, &q);
  g_assert_cmpint (q.activation, ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (q.net->activation[1], ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (q.net->activation[2], ==, NL_ACTIVATION_RELU);
  g_assert_cmpint (q.net->activation[3], ==, NL_ACTIVATION_SIGMOID);
  project_free (&q);

  /* A file written before activations= existed: every hidden layer has
   * activation=. */
  old = g_string_new_len (text, length);
  g_assert_cmpuint (g_string_replace (old, "activations=tanh;relu;\n", "", 1), ==, 1);
  read_ok (old->str, old->len, &q);
  g_assert_cmpint (q.net->activation[1], ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (q.net->activation[2], ==, NL_ACTIVATION_TANH);
  project_free (&q);

  /* A wrong count or name says so. */
  g_string_assign (old, text);
  g_string_replace (old, "activations=tanh;relu;", "activations=tanh;", 1);
  g_assert_cmpint (nl_project_read_buffer (old->str, old->len, &q, &error), ==, NL_ERR_PARSE);
  g_assert_nonnull (strstr (error.message, "“activations” has 1 values but the network has 2 "
                                           "hidden layers"));
  g_string_assign (old, text);
  g_string_replace (old, "activations=tanh;relu;", "activations=tanh;softmax;", 1);
  g_assert_cmpint (nl_project_read_buffer (old->str, old->len, &q, &error), ==, NL_ERR_PARSE);
  g_assert_nonnull (strstr (error.message, "“softmax” is not a known value for “activations”"));
  free (text);

  /* All alike, the file stays as it was. */
  p.net->activation[2] = NL_ACTIVATION_TANH;
  text = write_ok (&p, &length);
  g_assert_null (strstr (text, "activations="));
  free (text);
  project_free (&p);
}

/* The tutorial's project with a test set, stop conditions and a test history
 * that has nan where the test loss was not evaluated. */
static void
make_test_set_project (NlProject *p)
{
  make_tutorial_project (p, 6);
  p->test_percent = 25;
  p->split_seed = 12345678901234567ULL;
  p->target_loss = 0.0125;
  p->early_stopping = 1;
  p->test_loss = 0.1875;
  p->test_accuracy = 0.5;
  {
    double test[6];

    for (int i = 0; i < 6; i++)
      test[i] = i % 2 == 0 ? NAN : 1.0 / (i + 2);
    /* Any NaN is written nan: here one with its sign bit set. */
    test[4] = copysign (NAN, -1.0);
    p->test_history = history_of (test, 6);
  }
}

/* The line of @text on which @at is. */
static size_t
line_at (const char *text,
         const char *at)
{
  size_t line = 1;

  for (const char *s = text; s < at; s++)
    line += *s == '\n';
  return line;
}

/* The test set, the stop conditions and the test history: written, read back
 * exactly (nan included), read by GKeyFile, and left out when there is no
 * test history; files without them get the defaults. */
static void
test_test_set (void)
{
  static const char * const new_lines[] = {
    "test-percent=25\n", "split-seed=12345678901234567\n", "target-loss=0.0125\n",
    "early-stopping=true\n", "test-loss=0.1875\n", "test-accuracy=0.5\n",
  };
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) gerror = NULL;
  g_autofree double *test_losses = NULL;
  g_autoptr(GString) old = NULL;
  NlProject p, q;
  char *text, *again;
  const char *at;
  size_t length, length2, n;

  make_test_set_project (&p);
  text = write_ok (&p, &length);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "\nshuffle=false\ntest-percent=25\nsplit-seed=12345678901234567\n"
                                  "target-loss=0.0125\nearly-stopping=true\n"));
  g_assert_nonnull (strstr (text, "\naccuracy=1\ntest-loss=0.1875\ntest-accuracy=0.5\n"));
  g_assert_nonnull (strstr (text, "\ntest-losses=nan;0.3333333333333333;nan;0.2;nan;"
                                  "0.14285714285714285;\n"));

  read_ok (text, length, &q);
  assert_same_project (&p, &q);
  g_assert_nonnull (q.test_history);
  g_assert_true (isnan (history_value (q.test_history, 0))
                 && isnan (history_value (q.test_history, 4)));
  g_assert_cmpfloat (history_value (q.test_history, 1), ==, 1.0 / 3.0);
  g_assert_cmpuint (q.options.shuffle_seed, ==, 1);
  again = write_ok (&q, &length2);
  g_assert_cmpstr (again, ==, text);
  free (again);
  project_free (&q);

  /* GKeyFile reads the new keys, nan and all. */
  g_assert_true (g_key_file_load_from_data (kf, text, length, G_KEY_FILE_NONE, &gerror));
  g_assert_no_error (gerror);
  g_assert_cmpuint (g_key_file_get_uint64 (kf, "Training", "test-percent", &gerror), ==, 25);
  g_assert_cmpuint (g_key_file_get_uint64 (kf, "Training", "split-seed", &gerror), ==,
                    12345678901234567ULL);
  g_assert_cmpfloat (g_key_file_get_double (kf, "Training", "target-loss", &gerror), ==, 0.0125);
  g_assert_true (g_key_file_get_boolean (kf, "Training", "early-stopping", &gerror));
  g_assert_no_error (gerror);
  test_losses = g_key_file_get_double_list (kf, "History", "test-losses", &n, &gerror);
  g_assert_no_error (gerror);
  g_assert_cmpuint (n, ==, 6);
  g_assert_true (isnan (test_losses[0]) && isnan (test_losses[4]));
  g_assert_cmpfloat (test_losses[5], ==, 1.0 / 7.0);

  /* A file from before these keys: no test set, no stop condition, a split
   * that follows the seed, no test history. */
  old = g_string_new_len (text, length);
  for (size_t i = 0; i < G_N_ELEMENTS (new_lines); i++)
    g_assert_cmpuint (g_string_replace (old, new_lines[i], "", 1), ==, 1);
  at = strstr (old->str, "# The test loss of every epoch");
  g_assert_nonnull (at);
  g_string_truncate (old, at - old->str);
  g_string_append (old, text + (strstr (text, "\n[Rows]\n") - text));
  g_assert_null (strstr (old->str, "test"));
  read_ok (old->str, old->len, &q);
  g_assert_cmpuint (q.test_percent, ==, 0);
  g_assert_cmpuint (q.split_seed, ==, q.seed);
  g_assert_cmpfloat (q.target_loss, ==, 0.0);
  g_assert_false (q.early_stopping);
  g_assert_true (isnan (q.test_loss) && isnan (q.test_accuracy));
  g_assert_null (q.test_history);
  g_assert_cmpuint (nl_history_epochs (q.history), ==, 6);
  project_free (&q);
  free (text);

  /* A test history of nothing but nan is no test history. */
  nl_history_clear (p.test_history);
  for (int i = 0; i < 6; i++)
    g_assert_true (nl_history_append (p.test_history, NAN));
  text = write_ok (&p, &length);
  g_assert_null (strstr (text, "test-losses="));
  read_ok (text, length, &q);
  g_assert_null (q.test_history);
  assert_same_project (&p, &q);
  project_free (&q);
  free (text);
  project_free (&p);
}

/* Out-of-range and malformed test set and stop settings are refused, with
 * the line and the reason. */
static void
test_test_set_errors (void)
{
  static const struct
  {
    const char *find;
    const char *replace;
    int         next_line;  /* the error is on the line after @find's */
    const char *message;
  } cases[] = {
    { "test-percent=25\n", "test-percent=91\n", 0,
      "“test-percent” must be a whole number from 0 to 90, not “91”" },
    { "test-percent=25\n", "test-percent=-5\n", 0, "whole number from 0 to 90" },
    { "test-percent=25\n", "test-percent=25%\n", 0, "whole number from 0 to 90" },
    { "split-seed=12345678901234567\n", "split-seed=18446744073709551616\n", 0,
      "“split-seed” must be a whole number" },
    { "target-loss=0.0125\n", "target-loss=-0.01\n", 0,
      "the target loss must be 0 (off) or more, not “-0.01”" },
    { "target-loss=0.0125\n", "target-loss=nan\n", 0, "“nan” in “target-loss” is not a number" },
    { "target-loss=0.0125\n", "target-loss=inf\n", 0, "“inf” in “target-loss” is not a number" },
    { "target-loss=0.0125\n", "target-loss=0,01\n", 0, "is not a number" },
    { "early-stopping=true\n", "early-stopping=yes\n", 0,
      "“yes” in “early-stopping” is neither true nor false" },
    { "early-stopping=true\n", "early-stopping=true\nearly-stopping=false\n", 1,
      "“early-stopping” appears twice in [Training]" },
    { "test-loss=0.1875\n", "test-loss=low\n", 0, "“low” in “test-loss” is not a number" },
    { "test-accuracy=0.5\n", "test-accuracy=\n", 0, "in “test-accuracy” is not a number" },
    { "test-losses=nan;", "test-losses=nan;nan;", 0,
      "“test-losses” has 7 values but the network was trained for 6 epochs" },
    { "test-losses=nan;", "test-losses=NaN;", 0, "“NaN” in “test-losses” is not a number" },
    { "test-losses=nan;", "test-losses=\\xnan;", 0, "not an escape sequence" },
  };
  NlProject p, q;
  char *text;
  size_t length;

  make_test_set_project (&p);
  text = write_ok (&p, &length);

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *at = strstr (text, cases[i].find);
      g_autoptr(GString) bad = g_string_new (NULL);
      g_autofree char *prefix = NULL;
      NlError error;

      g_assert_nonnull (at);
      g_assert_true (at[-1] == '\n');
      g_string_append_len (bad, text, at - text);
      g_string_append (bad, cases[i].replace);
      g_string_append (bad, at + strlen (cases[i].find));
      nl_error_clear (&error);
      if (nl_project_read_buffer (bad->str, bad->len, &q, &error) == NL_OK)
        g_error ("case %zu (%s) was accepted", i, cases[i].replace);
      g_test_message ("%zu: %s", i, error.message);
      g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
      g_assert_null (q.dataset);
      g_assert_null (q.test_history);
      if (strstr (error.message, cases[i].message) == NULL)
        g_error ("case %zu: “%s” does not say “%s”", i, error.message, cases[i].message);
      g_assert_cmpuint (error.line, ==, line_at (text, at) + cases[i].next_line);
      prefix = g_strdup_printf ("Line %zu: ", error.line);
      g_assert_true (g_str_has_prefix (error.message, prefix));
    }

  free (text);
  project_free (&p);
}

static void
test_write_refuses (void)
{
  NlProject p;
  NlError error;
  size_t length;

  make_tutorial_project (&p, 10);
  nl_dataset_set_cell (p.dataset, 0, 0, "Al\xffice", NULL);
  nl_error_clear (&error);
  g_assert_null (nl_project_write_buffer (&p, &length, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "Row 1, column 1"));
  nl_dataset_set_cell (p.dataset, 0, 0, "Alice", NULL);

  p.epoch = 11;
  g_assert_null (nl_project_write_buffer (&p, &length, &error));
  g_assert_nonnull (strstr (error.message, "one value per epoch"));
  p.epoch = 10;

  p.net->params[3] = NAN;
  g_assert_null (nl_project_write_buffer (&p, &length, &error));
  g_assert_nonnull (strstr (error.message, "not all finite"));
  p.net->params[3] = 0.5;

  /* Test set and stop settings out of range. */
  p.test_percent = 91;
  g_assert_null (nl_project_write_buffer (&p, &length, &error));
  g_assert_nonnull (strstr (error.message, "out of range"));
  p.test_percent = 90;
  p.target_loss = -0.5;
  g_assert_null (nl_project_write_buffer (&p, &length, &error));
  g_assert_nonnull (strstr (error.message, "out of range"));
  p.target_loss = NAN;
  g_assert_null (nl_project_write_buffer (&p, &length, &error));
  p.target_loss = 0.5;
  free (write_ok (&p, &length));
  project_free (&p);
}

typedef struct
{
  GArray *fractions;
  guint   stop_after;     /* reports before saying stop; 0 never */
} Progress;

static int
progress_cb (double  fraction,
             void   *data)
{
  Progress *progress = data;

  g_array_append_val (progress->fractions, fraction);
  return progress->stop_after == 0 || progress->fractions->len < progress->stop_after;
}

/* The tutorial's project with a network of at least @n parameters: the
 * history is bounded (nl-history.h), so a project's bulk is its table or its
 * network. */
static void
make_bulky_project (NlProject *p,
                    size_t     n)
{
  const size_t sizes[] = { 2, 600, n / 600 - 3, 1 };
  NlRng rng;

  make_tutorial_project (p, 10);
  nl_net_free (p->net);
  p->net = nl_net_new (4, sizes, NULL, NULL);
  g_assert_nonnull (p->net);
  nl_rng_seed (&rng, 3);
  nl_net_init (p->net, NL_INIT_NORMAL, &rng);
  g_assert_cmpuint (p->net->n_params, >=, n);
}

/* The writer with progress writes the same text, reports a growing share
 * every so many values, and stops when told to. */
static void
test_write_progress (void)
{
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  const size_t n = 300000;
  NlProject p;
  NlError error;
  char *plain, *reported;
  size_t plain_length, reported_length;

  make_bulky_project (&p, n);

  plain = write_ok (&p, &plain_length);
  nl_error_clear (&error);
  reported = nl_project_write_buffer_full (&p, progress_cb, &progress, &reported_length, &error);
  g_assert_nonnull (reported);
  g_assert_cmpmem (reported, reported_length, plain, plain_length);
  /* 300,000 values: a report at the start, then one every 65,536. */
  g_assert_cmpuint (progress.fractions->len, >=, 5);
  g_assert_cmpfloat (g_array_index (progress.fractions, double, 0), ==, 0.0);
  for (guint i = 1; i < progress.fractions->len; i++)
    {
      g_assert_cmpfloat (g_array_index (progress.fractions, double, i), >,
                         g_array_index (progress.fractions, double, i - 1));
      g_assert_cmpfloat (g_array_index (progress.fractions, double, i), <=, 1.0);
    }
  free (reported);

  /* Told to stop at the third report: nothing, and why. */
  g_array_set_size (progress.fractions, 0);
  progress.stop_after = 3;
  reported = nl_project_write_buffer_full (&p, progress_cb, &progress, &reported_length, &error);
  g_assert_null (reported);
  g_assert_cmpint (error.status, ==, NL_ERR_CANCELLED);
  g_assert_cmpuint (progress.fractions->len, ==, 3);

  free (plain);
  g_array_unref (progress.fractions);
  project_free (&p);
}

/* The reader with progress reads the same, reports a growing share every
 * megabyte or so, and stops when told to, leaving nothing. */
static void
test_read_progress (void)
{
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  const size_t n = 300000;
  NlProject p, q;
  NlError error;
  char *text;
  size_t length;

  make_bulky_project (&p, n);
  text = write_ok (&p, &length);

  nl_error_clear (&error);
  g_assert_cmpint (nl_project_read_buffer_full (text, length, progress_cb, &progress, &q, &error),
                   ==, NL_OK);
  assert_same_project (&p, &q);
  project_free (&q);
  g_assert_cmpuint (progress.fractions->len, >=, 4);
  for (guint i = 1; i < progress.fractions->len; i++)
    {
      g_assert_cmpfloat (g_array_index (progress.fractions, double, i), >,
                         g_array_index (progress.fractions, double, i - 1));
      g_assert_cmpfloat (g_array_index (progress.fractions, double, i), <=, 1.0);
    }

  g_array_set_size (progress.fractions, 0);
  progress.stop_after = 2;
  g_assert_cmpint (nl_project_read_buffer_full (text, length, progress_cb, &progress, &q, &error),
                   ==, NL_ERR_CANCELLED);
  g_assert_cmpuint (progress.fractions->len, ==, 2);
  g_assert_null (q.dataset);
  g_assert_null (q.net);
  g_assert_null (q.history);

  free (text);
  g_array_unref (progress.fractions);
  project_free (&p);
}

/* Memory the reader takes beyond the text it reads, sampled at every
 * progress report (malloc's own count: under AddressSanitizer it counts
 * nothing, and the bound holds trivially). */
typedef struct
{
  size_t start;
  size_t peak;
} MemoryPeak;

static size_t
bytes_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static int
memory_progress_cb (double  fraction,
                    void   *data)
{
  MemoryPeak *m = data;
  size_t now = bytes_in_use ();

  if (now > m->start && now - m->start > m->peak)
    m->peak = now - m->start;
  return 1;
}

/* Reading a project costs a small multiple of its file (6.6 and 13.9 here;
 * 10.9 and 16.5 when every cell had a text of its own), whatever its
 * table holds: the tutorial's rows, or rows of missing values (one byte a
 * cell, the most a cell costs against its text). */
static void
test_read_memory (void)
{
  for (int empty = 0; empty < 2; empty++)
    {
      NlProject p, q;
      NlError error;
      MemoryPeak m;
      size_t tutorial_rows, length;
      char *text;

      make_tutorial_project (&p, 10);
      tutorial_rows = p.dataset->n_rows;
      for (size_t r = tutorial_rows; r < 200000; r++)
        {
          size_t row = nl_dataset_append_row (p.dataset);

          for (size_t c = 0; c < p.dataset->n_columns; c++)
            g_assert_cmpint (nl_dataset_set_cell (p.dataset, row, c,
                                                  empty ? ""
                                                        : nl_dataset_cell (p.dataset,
                                                                           r % tutorial_rows,
                                                                           c)->text,
                                                  NULL), !=, NL_ERR_NOMEM);
        }
      text = write_ok (&p, &length);
      project_free (&p);

      nl_error_clear (&error);
      m = (MemoryPeak) { bytes_in_use (), 0 };
      g_assert_cmpint (nl_project_read_buffer_full (text, length, memory_progress_cb, &m, &q,
                                                    &error), ==, NL_OK);
      memory_progress_cb (1.0, &m);
      g_assert_cmpuint (q.dataset->n_rows, ==, 200000);
      project_free (&q);
      g_test_message ("%s: %.1f bytes of memory per byte of a %zu-byte file",
                      empty ? "missing values" : "the tutorial's rows",
                      (double) m.peak / (double) length, length);
      g_assert_cmpuint (m.peak, <, (empty ? 16 : 8) * length);
      free (text);
    }
}

static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tutorial.neuronlab", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.neuronlab", NULL);
  NlProject p, q;
  NlError error;
  GDir *d;
  struct stat st;
  const char *name;
  guint n_files = 0;

  make_tutorial_project (&p, 100);
  nl_error_clear (&error);
  g_assert_cmpint (nl_project_write_file (&p, path, &error), ==, NL_OK);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  /* Replacing keeps the permissions and leaves no temporary file. */
  p.epoch = 50;
  nl_history_clear (p.history);
  for (int i = 0; i < 50; i++)
    g_assert_true (nl_history_append (p.history, 0.5));
  g_assert_cmpint (nl_project_write_file (&p, path, &error), ==, NL_OK);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_assert_cmpstr (name, ==, "tutorial.neuronlab");
      n_files++;
    }
  g_dir_close (d);
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_cmpint (nl_project_read_file (path, &q, &error), ==, NL_OK);
  assert_same_project (&p, &q);
  project_free (&q);

  g_assert_cmpint (nl_project_read_file (missing, &q, &error), ==, NL_ERR_IO);
  g_assert_nonnull (strstr (error.message, "missing.neuronlab"));
  g_assert_null (q.dataset);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  project_free (&p);
}

/* A history longer than the trainer keeps at full resolution is written
 * in buckets (four values each, whatever the epochs), read back exactly
 * and written the same again; a bucketed file that does not add up is
 * refused with the line and the reason. */
static void
test_bucketed_history (void)
{
  static const struct
  {
    const char *find;
    const char *replace;
    const char *message;
  } cases[] = {
    { "bucket-epochs=", "bucket-epochs=3\nx=", "must be a power of two from 2 up, not 3" },
    { "bucket-epochs=", "bucket-epochs=1\nx=", "must be a power of two from 2 up, not 1" },
    { "loss-buckets=", "loss-buckets=0.5;", "epochs in buckets of" },
    { "test-loss-buckets=", "test-loss-buckets=0.5;", "“test-loss-buckets” has" },
    { "\nloss-buckets=1;", "\nloss-buckets=x;", "loss-buckets" },
  };
  const guint epochs = 10000;
  NlProject p, q;
  char *text, *again;
  size_t length, length2;
  const char *at;

  make_tutorial_project (&p, 3);
  nl_history_free (p.history);
  p.history = nl_history_new (0);
  p.test_history = nl_history_new (0);
  for (guint i = 0; i < epochs; i++)
    {
      g_assert_true (nl_history_append (p.history, 1.0 / (1.0 + i) + (i % 7) * 1e-4));
      g_assert_true (nl_history_append (p.test_history, i % 5 ? NAN : 2.0 / (1.0 + i)));
    }
  p.epoch = epochs;
  g_assert_cmpuint (nl_history_bucket_epochs (p.history), ==, 4);

  text = write_ok (&p, &length);
  g_assert_nonnull (strstr (text, "\nbucket-epochs=4\nloss-buckets=1;"));
  g_assert_nonnull (strstr (text, "\ntest-loss-buckets=2;"));
  g_assert_null (strstr (text, "\nlosses="));
  /* Four values a bucket, not one an epoch. */
  g_assert_cmpuint (length, <, 2500 * 4 * 2 * 24 + 4096);
  read_ok (text, length, &q);
  assert_same_project (&p, &q);
  again = write_ok (&q, &length2);
  g_assert_cmpstr (again, ==, text);
  free (again);
  project_free (&q);

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *bad = g_string_new (NULL);
      NlError error;

      at = strstr (text, cases[i].find);
      g_assert_nonnull (at);
      g_string_append_len (bad, text, at - text);
      g_string_append (bad, cases[i].replace);
      g_string_append (bad, at + strlen (cases[i].find));
      nl_error_clear (&error);
      if (nl_project_read_buffer (bad->str, bad->len, &q, &error) == NL_OK)
        g_error ("case %zu (%s) was accepted", i, cases[i].replace);
      g_test_message ("%zu: %s", i, error.message);
      g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
      g_assert_cmpuint (error.line, >, 0);
      g_assert_null (q.history);
      if (strstr (error.message, cases[i].message) == NULL)
        g_error ("case %zu: “%s” does not say “%s”", i, error.message, cases[i].message);
      g_string_free (bad, TRUE);
    }

  free (text);
  project_free (&p);
}

/* Adds a finished run to @p with @epochs epochs of made-up losses (a test
 * loss every third epoch when @test). */
static void
add_run (NlProject  *p,
         unsigned    number,
         const char *label,
         int         visible,
         guint       epochs,
         gboolean    test)
{
  NlProjectRun *run;

  p->runs = g_renew (NlProjectRun, p->runs, p->n_runs + 1);
  run = &p->runs[p->n_runs++];
  memset (run, 0, sizeof *run);
  nl_train_options_init (&run->options);
  run->number = number;
  run->label = g_strdup (label);
  run->visible = visible;
  run->architecture = g_strdup ("2-3-1");
  run->activation = NL_ACTIVATION_TANH;
  run->init = NL_INIT_SCALED;
  run->seed = 7;
  run->options.learning_rate = 0.3;
  run->options.optimizer = NL_OPTIMIZER_MOMENTUM;
  run->options.momentum = 0.7;
  run->options.batch_size = 4;
  run->options.l2 = 1e-3;
  run->options.shuffle = 1;
  run->epoch = epochs;
  run->eval = (NlEvaluation) { 0.25, 0.75, NAN, NAN };
  run->test_eval = (NlEvaluation) { test ? 0.5 : NAN, test ? 0.5 : NAN, NAN, NAN };
  run->history = nl_history_new (0);
  if (test)
    run->test_history = nl_history_new (0);
  for (guint i = 0; i < epochs; i++)
    {
      g_assert_true (nl_history_append (run->history, 1.0 / (3.0 + i)));
      if (test)
        g_assert_true (nl_history_append (run->test_history, i % 3 ? NAN : 1.0 / (7.0 + i)));
    }
}

/* The tutorial's project with every way to learn set away from its
 * default, an optimizer's memory and three finished runs. */
static void
make_learning_project (NlProject *p)
{
  size_t n;

  make_tutorial_project (p, 3);
  p->options.batch_size = 8;
  p->options.optimizer = NL_OPTIMIZER_ADAM;
  p->options.momentum = 0.5;
  p->options.beta1 = 0.8;
  p->options.beta2 = 0.99;
  p->options.epsilon = 1e-6;
  p->options.l1 = 0.001;
  p->options.l2 = 0.01;
  n = p->net->n_params;
  p->optimizer_steps = 12;
  p->first_moment = g_new (double, n);
  p->second_moment = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    {
      /* Values that need all 17 digits, and the extremes. */
      p->first_moment[i] = (i % 2 ? -1.0 : 1.0) / (3.0 + i) + (i == 1 ? 1e-300 : 0.0);
      p->second_moment[i] = i == 2 ? DBL_MIN : 1.0 / (7.0 + i) / 3.0;
    }
  add_run (p, 2, "SGD, lr 0.1", 1, 5, TRUE);
  /* A label with what the key file escapes, and a hidden run. */
  add_run (p, 5, " lr 0.1 → 0.5; ε\\", 0, 3, FALSE);
  /* A long one, in buckets. */
  add_run (p, 6, "Adam", 1, 10000, TRUE);
  g_assert_cmpuint (nl_history_bucket_epochs (p->runs[2].history), >, 1);
}

/* Batch size, optimizer, coefficients, L1 and L2, the optimizer's memory
 * (bit for bit) and the runs (labels, visibility, settings, figures,
 * histories) come back from the file as they went in; a file from before
 * them has the defaults and neither memory nor runs. */
static void
test_ways_to_learn (void)
{
  static const char *const new_keys[] = {
    "batch-size=", "optimizer=", "momentum=", "beta1=", "beta2=", "epsilon=", "l1=", "l2=",
  };
  NlProject p, q, defaults;
  char *text, *again;
  size_t length, length2;
  GString *old;
  const char *line;

  make_learning_project (&p);
  text = write_ok (&p, &length);
  read_ok (text, length, &q);
  assert_same_project (&p, &q);
  g_assert_cmpuint (q.n_runs, ==, 3);
  g_assert_cmpstr (q.runs[1].label, ==, " lr 0.1 → 0.5; ε\\");
  g_assert_false (q.runs[1].visible);
  g_assert_null (q.runs[1].test_history);
  again = write_ok (&q, &length2);
  g_assert_cmpstr (again, ==, text);
  free (again);
  project_free (&q);

  /* Without the keys of this version (the [Training] ones, [Optimizer] and
   * the runs), as an older NeuronLab wrote it. */
  old = g_string_new (NULL);
  for (line = text; *line != '\0'; )
    {
      const char *end = strchr (line, '\n');
      gboolean keep = TRUE;

      end = end != NULL ? end + 1 : line + strlen (line);
      for (size_t k = 0; k < G_N_ELEMENTS (new_keys); k++)
        keep = keep && strncmp (line, new_keys[k], strlen (new_keys[k])) != 0;
      if (strncmp (line, "[Optimizer]", 11) == 0 || strncmp (line, "[Run ", 5) == 0)
        {
          /* Up to the next group. */
          const char *next = strstr (line, "\n[");

          line = next != NULL ? next + 1 : line + strlen (line);
          continue;
        }
      if (keep)
        g_string_append_len (old, line, end - line);
      line = end;
    }
  g_assert_null (strstr (old->str, "optimizer"));
  read_ok (old->str, old->len, &q);
  nl_project_init (&defaults);
  assert_same_options (&q.options, &defaults.options);
  g_assert_cmpuint (q.options.batch_size, ==, 1);
  g_assert_cmpint (q.options.optimizer, ==, NL_OPTIMIZER_SGD);
  g_assert_cmpuint (q.optimizer_steps, ==, 0);
  g_assert_null (q.first_moment);
  g_assert_null (q.second_moment);
  g_assert_cmpuint (q.n_runs, ==, 0);
  project_free (&q);
  g_string_free (old, TRUE);

  free (text);
  project_free (&p);
}

/* Settings out of range, in [Training], [Optimizer] and a [Run N], are
 * refused with the line and what is wrong. */
static void
test_ways_to_learn_errors (void)
{
  static const struct
  {
    const char *find;
    const char *replace;
    const char *message;
  } cases[] = {
    { "batch-size=8\n", "batch-size=-3\n", "“batch-size” must be a whole number from 1 to" },
    { "batch-size=8\n", "batch-size=0\n", "“batch-size” must be a whole number from 1 to" },
    { "optimizer=adam\n", "optimizer=rmsprop\n", "“rmsprop” is not a known value for “optimizer”" },
    { "beta1=0.8\n", "beta1=1.5\n", "“beta1” must be at least 0 and below 1, not “1.5”" },
    { "momentum=0.5\n", "momentum=1\n", "“momentum” must be at least 0 and below 1" },
    { "epsilon=1e-06\n", "epsilon=0\n", "“epsilon” must be a positive number, not “0”" },
    { "l2=0.01\n", "l2=-0.01\n", "“l2” must be 0 (off) or more, not “-0.01”" },
    { "steps=12\n", "steps=twelve\n", "“steps” must be a whole number" },
    { "first-moment=", "first-moment=1;", "“first-moment” has 10 values but the network has 9" },
    { "second-moment=", "second-moment=-1;", "“second-moment” has 10 values" },
    { "[Run 5]\nlabel=", "[Run 5]\nlabel=a;", "“label” has 2 values but a run has one label" },
    { "architecture=2-3-1\n", "architecture=2-x-1\n", "“2-x-1” is not a network’s layer sizes" },
    { "[Run 2]\n", "[Run two]\n", "“[Run two]” is not a run" },
    { "momentum=0.7\n", "momentum=2\n", "“momentum” must be at least 0 and below 1, not “2”" },
    { "loss-function=mse\n", "loss-function=mae\n", "“mae” is not a known value for “loss-function”" },
    { "loss-function=mse\n", "", "[Run 2] has no “loss-function”" },
    { "visible=false\n", "visible=perhaps\n", "neither true nor false" },
  };
  NlProject p, q;
  char *text;
  size_t length;

  make_learning_project (&p);
  text = write_ok (&p, &length);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *bad = g_string_new (NULL);
      const char *at = strstr (text, cases[i].find);
      size_t line = 1;
      NlError error;

      g_assert_nonnull (at);
      for (const char *c = text; c < at; c++)
        line += *c == '\n';
      /* The line of the value, for a group line replaced with its key. */
      if (cases[i].find[0] == '[' && strchr (cases[i].find, '\n')[1] != '\0')
        line++;
      g_string_append_len (bad, text, at - text);
      g_string_append (bad, cases[i].replace);
      g_string_append (bad, at + strlen (cases[i].find));
      nl_error_clear (&error);
      if (nl_project_read_buffer (bad->str, bad->len, &q, &error) == NL_OK)
        g_error ("case %zu (%s) was accepted", i, cases[i].replace);
      g_test_message ("%zu: %s", i, error.message);
      g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
      if (strstr (error.message, cases[i].message) == NULL)
        g_error ("case %zu: “%s” does not say “%s”", i, error.message, cases[i].message);
      /* Named by its line, the one that holds the bad value. */
      if (strstr (cases[i].message, "has no") == NULL)
        g_assert_cmpuint (error.line, ==, line);
      else
        g_assert_cmpuint (error.line, >, 0);
      g_assert_null (q.dataset);
      g_string_free (bad, TRUE);
    }
  free (text);
  project_free (&p);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/project/tutorial", test_tutorial);
  g_test_add_func ("/core/project/doubles", test_doubles);
  g_test_add_func ("/core/project/gkeyfile", test_gkeyfile);
  g_test_add_func ("/core/project/classes", test_classes);
  g_test_add_func ("/core/project/hand-edits", test_hand_edits);
  g_test_add_func ("/core/project/errors", test_errors);
  g_test_add_func ("/core/project/activations", test_activations);
  g_test_add_func ("/core/project/test-set", test_test_set);
  g_test_add_func ("/core/project/test-set-errors", test_test_set_errors);
  g_test_add_func ("/core/project/write-refuses", test_write_refuses);
  g_test_add_func ("/core/project/write-progress", test_write_progress);
  g_test_add_func ("/core/project/read-memory", test_read_memory);
  g_test_add_func ("/core/project/read-progress", test_read_progress);
  g_test_add_func ("/core/project/files", test_files);
  g_test_add_func ("/core/project/ways-to-learn", test_ways_to_learn);
  g_test_add_func ("/core/project/ways-to-learn-errors", test_ways_to_learn_errors);
  g_test_add_func ("/core/project/bucketed-history", test_bucketed_history);

  return g_test_run ();
}
