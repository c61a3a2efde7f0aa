/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project-io.c: saving the models to a project file and opening it in
 * fresh models: the same table (invalid cells included), the same parameters
 * and predictions bit for bit, the same settings (test set and stop
 * conditions included) and histories; files from before the test set was
 * saved; and files that cannot be opened leave the models as they were.
 * Saving on a worker thread writes the same bytes, from the models as they
 * were when it was asked, and a save that fails or is cancelled leaves the
 * file as it was. */
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nl-model-error.h"
#include "nl-project-io.h"
#include "trainer-history.h"

typedef struct
{
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
} Models;

typedef struct
{
  Models  a;      /* trained and saved */
  Models  b;      /* fresh, then opened */
  char   *dir;
  char   *path;
  GFile  *file;
} Fixture;

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
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* The tutorial's table, plus a row whose weight was typed with a decimal
 * comma: kept as typed, left out of training. */
static NlDataset *
make_table (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  size_t row = nl_dataset_append_row (ds);

  nl_dataset_set_cell (ds, row, 0, "Eve; the \"new\" one", NULL);
  nl_dataset_set_cell (ds, row, 1, "1,5", NULL);
  nl_dataset_set_cell (ds, row, 2, "64", NULL);
  nl_dataset_set_cell (ds, row, 3, "Female", NULL);
  return ds;
}

static void
models_init (Models    *m,
             NlDataset *ds)
{
  m->dataset = nl_dataset_model_new_from_dataset (ds);
  m->network = nl_network_model_new (2);
  m->trainer = nl_trainer_new (m->network, m->dataset);
}

static void
models_clear (Models *m)
{
  g_assert_finalize_object (m->trainer);
  g_assert_finalize_object (m->network);
  g_assert_finalize_object (m->dataset);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  models_init (&f->a, make_table ());
  models_init (&f->b, nl_dataset_new_tutorial ());
  /* The fresh models differ in every way the file will set. */
  g_assert_true (nl_network_model_set_hidden (f->b.network, "3", NULL));
  nl_network_model_set_seed (f->b.network, 99);
  nl_trainer_set_learning_rate (f->b.trainer, 0.5);
  nl_trainer_set_epochs (f->b.trainer, 7);
  nl_trainer_set_test_percent (f->b.trainer, 40);
  nl_trainer_set_split_seed (f->b.trainer, 3);
  nl_trainer_set_target_loss (f->b.trainer, 0.5);
  nl_trainer_set_early_stopping (f->b.trainer, TRUE);
  f->dir = g_dir_make_tmp ("test-project-io-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "tutorial.neuronlab", NULL);
  f->file = g_file_new_for_path (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_object_unref (f->file);
  g_free (f->path);
  g_free (f->dir);
  models_clear (&f->a);
  models_clear (&f->b);
}

static void
train (Models *m,
       guint   epochs)
{
  Result r = { 0 };

  nl_trainer_set_epochs (m->trainer, epochs);
  nl_trainer_train_async (m->trainer, NULL, train_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static double
predict (Models *m,
         double  weight,
         double  height)
{
  const double raw[2] = { weight, height };
  double x[2];

  nl_dataset_model_normalize_inputs (m->dataset, raw, x);
  return nl_network_model_predict (m->network, x);
}

static void
assert_same_bits (double a,
                  double b)
{
  if (memcmp (&a, &b, sizeof a) != 0 && !(isnan (a) && isnan (b)))
    g_error ("%.17g and %.17g differ", a, b);
}

/* The same history: epochs, bucket width and every bucket, bit for bit
 * (NAN where a test loss was not evaluated included). */
static void
assert_same_history (const NlHistory *a,
                     const NlHistory *b)
{
  gsize na, nb;
  const NlHistoryBucket *ba = nl_history_buckets (a, &na);
  const NlHistoryBucket *bb = nl_history_buckets (b, &nb);

  g_assert_cmpuint (nl_history_epochs (a), ==, nl_history_epochs (b));
  g_assert_cmpuint (nl_history_bucket_epochs (a), ==, nl_history_bucket_epochs (b));
  g_assert_cmpmem (ba, na * sizeof *ba, bb, nb * sizeof *bb);
}

static void
assert_same_models (Models *a,
                    Models *b)
{
  guint n_a, n_b;
  const double *pa = nl_network_model_get_params (a->network, &n_a);
  const double *pb = nl_network_model_get_params (b->network, &n_b);

  /* The network and its predictions. */
  g_assert_cmpuint (nl_network_model_get_n_params (a->network), ==,
                    nl_network_model_get_n_params (b->network));
  pa = nl_network_model_get_params (a->network, &n_a);
  pb = nl_network_model_get_params (b->network, &n_b);
  g_assert_cmpmem (pa, n_a * sizeof (double), pb, n_b * sizeof (double));
  g_assert_cmpuint (nl_network_model_get_n_inputs (a->network), ==,
                    nl_network_model_get_n_inputs (b->network));
  g_assert_cmpstr (nl_network_model_get_hidden (a->network), ==,
                   nl_network_model_get_hidden (b->network));
  g_assert_cmpint (nl_network_model_get_activation (a->network), ==,
                   nl_network_model_get_activation (b->network));
  g_assert_cmpint (nl_network_model_get_output_activation (a->network), ==,
                   nl_network_model_get_output_activation (b->network));
  g_assert_cmpuint (nl_network_model_get_seed (a->network), ==,
                    nl_network_model_get_seed (b->network));
  g_assert_cmpint (nl_network_model_get_init (a->network), ==,
                   nl_network_model_get_init (b->network));
  assert_same_bits (predict (a, 128, 63), predict (b, 128, 63));   /* Emily */
  assert_same_bits (predict (a, 155, 68), predict (b, 155, 68));   /* Frank */

  /* The trainer. */
  assert_same_history (nl_trainer_get_history (a->trainer), nl_trainer_get_history (b->trainer));
  g_assert_cmpuint (nl_trainer_get_epoch (a->trainer), ==, nl_trainer_get_epoch (b->trainer));
  assert_same_bits (nl_trainer_get_loss (a->trainer), nl_trainer_get_loss (b->trainer));
  assert_same_bits (nl_trainer_get_accuracy (a->trainer), nl_trainer_get_accuracy (b->trainer));
  assert_same_bits (nl_trainer_get_learning_rate (a->trainer),
                    nl_trainer_get_learning_rate (b->trainer));
  g_assert_cmpuint (nl_trainer_get_epochs (a->trainer), ==, nl_trainer_get_epochs (b->trainer));
  g_assert_cmpint (nl_trainer_get_loss_function (a->trainer), ==,
                   nl_trainer_get_loss_function (b->trainer));
  g_assert_cmpint (nl_trainer_get_shuffle (a->trainer), ==, nl_trainer_get_shuffle (b->trainer));
  g_assert_false (nl_trainer_get_running (b->trainer));

  /* The test set, the stop conditions and the test history. */
  g_assert_cmpuint (nl_trainer_get_test_percent (a->trainer), ==,
                    nl_trainer_get_test_percent (b->trainer));
  g_assert_cmpuint (nl_trainer_get_split_seed (a->trainer), ==,
                    nl_trainer_get_split_seed (b->trainer));
  assert_same_bits (nl_trainer_get_target_loss (a->trainer),
                    nl_trainer_get_target_loss (b->trainer));
  g_assert_cmpint (nl_trainer_get_early_stopping (a->trainer), ==,
                   nl_trainer_get_early_stopping (b->trainer));
  assert_same_bits (nl_trainer_get_test_loss (a->trainer), nl_trainer_get_test_loss (b->trainer));
  assert_same_bits (nl_trainer_get_test_accuracy (a->trainer),
                    nl_trainer_get_test_accuracy (b->trainer));
  assert_same_history (nl_trainer_get_test_history (a->trainer),
                       nl_trainer_get_test_history (b->trainer));
  g_assert_cmpuint (nl_history_epochs (nl_trainer_get_test_history (b->trainer)), ==,
                    nl_trainer_get_epoch (b->trainer));

  /* The table, cell by cell. */
  g_assert_cmpuint (nl_dataset_model_get_n_rows (a->dataset), ==,
                    nl_dataset_model_get_n_rows (b->dataset));
  g_assert_cmpuint (nl_dataset_model_get_n_columns (a->dataset), ==,
                    nl_dataset_model_get_n_columns (b->dataset));
  g_assert_cmpint (nl_dataset_model_get_label_column (a->dataset), ==,
                   nl_dataset_model_get_label_column (b->dataset));
  g_assert_cmpint (nl_dataset_model_get_normalization (a->dataset), ==,
                   nl_dataset_model_get_normalization (b->dataset));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (a->dataset), ==,
                    nl_dataset_model_get_n_usable_rows (b->dataset));
  for (guint k = 0; k < 2; k++)
    g_assert_cmpstr (nl_dataset_model_get_class_name (a->dataset, k), ==,
                     nl_dataset_model_get_class_name (b->dataset, k));
  for (guint c = 0; c < nl_dataset_model_get_n_columns (a->dataset); c++)
    {
      g_assert_cmpstr (nl_dataset_model_get_column_name (a->dataset, c), ==,
                       nl_dataset_model_get_column_name (b->dataset, c));
      g_assert_cmpint (nl_dataset_model_get_column_kind (a->dataset, c), ==,
                       nl_dataset_model_get_column_kind (b->dataset, c));
      g_assert_cmpint (nl_dataset_model_get_column_is_input (a->dataset, c), ==,
                       nl_dataset_model_get_column_is_input (b->dataset, c));
      for (guint r = 0; r < nl_dataset_model_get_n_rows (a->dataset); r++)
        g_assert_cmpstr (nl_dataset_model_get_cell_text (a->dataset, r, c), ==,
                         nl_dataset_model_get_cell_text (b->dataset, r, c));
    }
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint progress = 0, architecture = 0;
  double emily, frank;

  nl_trainer_set_learning_rate (f->a.trainer, 0.2);
  train (&f->a, 500);
  emily = predict (&f->a, 128, 63);
  frank = predict (&f->a, 155, 68);
  g_assert_cmpfloat (emily, >, 0.5);
  g_assert_cmpfloat (frank, <, 0.5);
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (f->a.dataset), ==, 4);

  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);

  g_signal_connect (f->b.trainer, "progress", G_CALLBACK (count_cb), &progress);
  g_signal_connect (f->b.network, "architecture-changed", G_CALLBACK (count_cb), &architecture);
  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress, >=, 1);
  g_assert_cmpuint (architecture, ==, 1);

  assert_same_models (&f->a, &f->b);
  assert_same_bits (predict (&f->b, 128, 63), emily);
  assert_same_bits (predict (&f->b, 155, 68), frank);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (f->b.dataset, 4, 1), ==, "1,5");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (f->b.dataset, 4, 0), ==,
                   "Eve; the \"new\" one");
  g_assert_cmpuint (nl_trainer_get_epoch (f->b.trainer), ==, 500);

  /* Training goes on from there, as it would have in the saved models. */
  g_assert_true (nl_trainer_step (f->a.trainer, &error));
  g_assert_true (nl_trainer_step (f->b.trainer, &error));
  g_assert_no_error (error);
  assert_same_models (&f->a, &f->b);
}

/* Standardised inputs, two hidden layers of tanh, cross-entropy, shuffling,
 * scaled initialisation and a seed of its own. */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  nl_dataset_model_set_normalization (f->a.dataset, NL_NORMALIZE_STANDARDIZE);
  g_assert_true (nl_network_model_set_hidden (f->a.network, "4,3", NULL));
  nl_network_model_set_activation (f->a.network, NL_ACTIVATION_TANH);
  nl_network_model_set_seed (f->a.network, 12345678901234ULL);
  nl_network_model_set_init (f->a.network, NL_INIT_SCALED);
  nl_network_model_reset (f->a.network);
  nl_trainer_set_loss_function (f->a.trainer, NL_LOSS_BCE);
  nl_trainer_set_shuffle (f->a.trainer, TRUE);
  nl_trainer_set_learning_rate (f->a.trainer, 0.05);
  train (&f->a, 200);
  nl_trainer_set_epochs (f->a.trainer, 1234);

  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);
  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  assert_same_models (&f->a, &f->b);
  g_assert_cmpstr (nl_network_model_get_hidden (f->b.network), ==, "4,3");
  g_assert_cmpuint (nl_trainer_get_epochs (f->b.trainer), ==, 1234);

  /* An untrained project: no history, no loss. */
  nl_trainer_reset (f->a.trainer);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  assert_same_models (&f->a, &f->b);
  g_assert_true (isnan (nl_trainer_get_loss (f->b.trainer)));
}

/* Writes @text to a file of its own in the fixture's directory. */
static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

/* A test set and stop conditions, and a test history with NAN where the
 * test loss was not evaluated (a step before there was a test set): all
 * saved and opened as they were, and training goes on the same. */
static void
test_test_set (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const double *test_history;
  guint n, evaluated = 0;

  g_assert_true (nl_trainer_step (f->a.trainer, &error));
  g_assert_no_error (error);
  nl_trainer_set_test_percent (f->a.trainer, 50);
  nl_trainer_set_split_seed (f->a.trainer, 4242);
  nl_trainer_set_target_loss (f->a.trainer, 0.0005);
  nl_trainer_set_early_stopping (f->a.trainer, TRUE);
  train (&f->a, 40);
  test_history = trainer_history (f->a.trainer, TRUE, &n);
  g_assert_cmpuint (n, ==, 41);
  g_assert_true (isnan (test_history[0]));
  for (guint i = 0; i < n; i++)
    evaluated += isfinite (test_history[i]);
  g_assert_cmpuint (evaluated, ==, 40);
  g_assert_true (isfinite (nl_trainer_get_test_loss (f->a.trainer)));

  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\ntest-percent=50\nsplit-seed=4242\ntarget-loss=0.0005\n"
                                  "early-stopping=true\n"));
  g_assert_nonnull (strstr (text, "\ntest-losses=nan;"));

  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  assert_same_models (&f->a, &f->b);
  g_assert_cmpuint (nl_trainer_get_test_percent (f->b.trainer), ==, 50);
  g_assert_cmpuint (nl_trainer_get_split_seed (f->b.trainer), ==, 4242);
  g_assert_cmpfloat (nl_trainer_get_target_loss (f->b.trainer), ==, 0.0005);
  g_assert_true (nl_trainer_get_early_stopping (f->b.trainer));

  /* The same split and conditions: the same next epochs. */
  train (&f->a, 5);
  train (&f->b, 5);
  assert_same_models (&f->a, &f->b);
}

/* A file written before the test set and the stop conditions were saved
 * opens with none, the split following the seed, and no test history. */
static void
test_old_file (Fixture       *f,
               gconstpointer  data)
{
  static const char * const keys[] = {
    "test-percent", "split-seed", "target-loss", "early-stopping", "test-loss",
    "test-accuracy", "test-losses",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) old = g_string_new (NULL);
  const double *test_history;
  guint n;

  nl_network_model_set_seed (f->a.network, 21);
  nl_trainer_set_test_percent (f->a.trainer, 50);
  nl_trainer_set_early_stopping (f->a.trainer, TRUE);
  train (&f->a, 30);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean drop = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        drop |= g_str_has_prefix (lines[i], keys[k]) && lines[i][strlen (keys[k])] == '=';
      if (!drop)
        g_string_append_printf (old, "%s%s", lines[i], lines[i + 1] != NULL ? "\n" : "");
    }
  g_assert_null (strstr (old->str, "test-"));
  file = write_file (f, "old.neuronlab", old->str);

  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nl_trainer_get_test_percent (f->b.trainer), ==, 0);
  g_assert_cmpuint (nl_trainer_get_split_seed (f->b.trainer), ==, 21);
  g_assert_cmpfloat (nl_trainer_get_target_loss (f->b.trainer), ==, 0.0);
  g_assert_false (nl_trainer_get_early_stopping (f->b.trainer));
  g_assert_true (isnan (nl_trainer_get_test_loss (f->b.trainer)));
  test_history = trainer_history (f->b.trainer, TRUE, &n);
  g_assert_cmpuint (n, ==, 30);
  for (guint i = 0; i < n; i++)
    g_assert_true (isnan (test_history[i]));
  g_assert_cmpuint (nl_trainer_get_epoch (f->b.trainer), ==, 30);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  GString *edit;
  guint n_before, n_after, progress = 0;
  const double *params;
  guint64 epoch;
  struct {
    const char *name;
    const char *find;
    const char *replace;
    const char *message;
  } cases[] = {
    { "missing.neuronlab", NULL, NULL, "“parameters” has 8 values but the "
      "network has 9 parameters" },
    { "newer.neuronlab", "version=1\n", "version=2\n", "made by a newer version of NeuronLab" },
    { "deep.neuronlab", "layers=2;2;1;", "layers=2;1;1;1;1;1;1;1;1;", "hidden layers" },
    { "cut.neuronlab", NULL, NULL, "cut short" },
    { "target.neuronlab", "target-loss=0\n", "target-loss=-1\n",
      "the target loss must be 0 (off) or more, not “-1”" },
    { "percent.neuronlab", "test-percent=0\n", "test-percent=95\n",
      "“test-percent” must be a whole number from 0 to 90, not “95”" },
  };

  train (&f->a, 100);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));

  params = nl_network_model_get_params (f->b.network, &n_before);
  before = g_memdup2 (params, n_before * sizeof (double));
  epoch = nl_trainer_get_epoch (f->b.trainer);
  g_signal_connect (f->b.trainer, "progress", G_CALLBACK (count_cb), &progress);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = NULL;
      g_autofree char *shown = NULL;

      edit = g_string_new (text);
      if (i == 0)
        {
          /* One parameter fewer. */
          char *p = strstr (edit->str, "\nparameters=") + strlen ("\nparameters=");

          g_string_erase (edit, p - edit->str, strchr (p, ';') + 1 - p);
        }
      else if (i == 2)
        {
          /* A valid project whose network has 7 hidden layers of one
           * neuron (17 parameters), more than the model shows. */
          char *p;

          g_string_replace (edit, cases[i].find, cases[i].replace, 1);
          p = strstr (edit->str, "\nparameters=") + strlen ("\nparameters=");
          g_string_erase (edit, p - edit->str, strchr (p, '\n') - p);
          p = strstr (edit->str, "\nparameters=") + strlen ("\nparameters=");
          g_string_insert (edit, p - edit->str, "1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;");
        }
      else if (i == 3)
        g_string_truncate (edit, edit->len - 5);
      else
        g_string_replace (edit, cases[i].find, cases[i].replace, 1);
      file = write_file (f, cases[i].name, edit->str);
      g_string_free (g_steal_pointer (&edit), TRUE);

      g_assert_false (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, file, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", cases[i].name, error->message);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].message);
      shown = g_file_get_parse_name (file);
      g_assert_true (g_str_has_prefix (error->message, "Could not open “"));
      g_assert_nonnull (strstr (error->message, shown));
      if (i != 2)
        {
          g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
          g_assert_nonnull (strstr (error->message, ": Line "));
        }
      g_clear_error (&error);

      /* Nothing changed. */
      params = nl_network_model_get_params (f->b.network, &n_after);
      g_assert_cmpmem (params, n_after * sizeof (double), before, n_before * sizeof (double));
      g_assert_cmpuint (nl_trainer_get_epoch (f->b.trainer), ==, epoch);
      g_assert_cmpuint (nl_dataset_model_get_n_rows (f->b.dataset), ==, 5);
      g_assert_cmpuint (progress, ==, 0);
      assert_same_models (&f->a, &f->b);
    }

  /* A file that is not there is an I/O error. */
  {
    g_autofree char *path = g_build_filename (f->dir, "absent.neuronlab", NULL);
    g_autoptr(GFile) absent = g_file_new_for_path (path);

    g_assert_false (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, absent,
                                        &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

/* Asynchronous saves */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GArray   *fractions;      /* double, every progress report */
  gboolean  destroyed;      /* the progress data went */
  GCancellable *cancel_on_progress;
} SaveResult;

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveResult *r = user_data;

  g_assert_null (source);
  /* The last report and the progress data go before the callback. */
  g_assert_true (r->destroyed);
  r->ok = nl_project_io_save_finish (result, &r->error);
  r->done = TRUE;
}

static void
save_progress_cb (double   fraction,
                  gpointer user_data)
{
  SaveResult *r = user_data;

  g_assert_false (r->destroyed);
  g_array_append_val (r->fractions, fraction);
  if (r->cancel_on_progress != NULL)
    g_cancellable_cancel (r->cancel_on_progress);
}

static void
save_progress_destroy (gpointer user_data)
{
  SaveResult *r = user_data;

  g_assert_false (r->destroyed);
  r->destroyed = TRUE;
}

static void
save_result_clear (SaveResult *r)
{
  g_clear_error (&r->error);
  g_clear_pointer (&r->fractions, g_array_unref);
}

static void
save_async_start (Models       *m,
                  GFile        *file,
                  GCancellable *cancellable,
                  SaveResult   *r)
{
  *r = (SaveResult) { .fractions = g_array_new (FALSE, FALSE, sizeof (double)) };
  nl_project_io_save_async (m->dataset, m->network, m->trainer, file, cancellable,
                            save_progress_cb, r, save_progress_destroy, save_done_cb, r);
}

static void
save_async_wait (SaveResult *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
read_text (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, length, &error));
  g_assert_no_error (error);
  return text;
}

/* Whether the fixture's directory holds anything but @names (a temporary
 * file left behind by a save, say). */
static void
assert_only_files (Fixture            *f,
                   const char * const *names)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_strv_contains (names, name))
      g_error ("%s was left in the folder", name);
}

/* A trained project with a test set: the async save writes the very bytes
 * the synchronous one does, and reports its progress up to 1.0, once. */
static void
test_async_same_bytes (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sync_path = g_build_filename (f->dir, "sync.neuronlab", NULL);
  g_autoptr(GFile) sync_file = g_file_new_for_path (sync_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *sync_text = NULL;
  g_autofree char *async_text = NULL;
  gsize sync_length, async_length;
  SaveResult r;

  nl_trainer_set_test_percent (f->a.trainer, 50);
  train (&f->a, 300);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, sync_file, &error));
  g_assert_no_error (error);

  save_async_start (&f->a, f->file, NULL, &r);
  save_async_wait (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  sync_text = read_text (sync_path, &sync_length);
  async_text = read_text (f->path, &async_length);
  g_assert_nonnull (strstr (sync_text, "\ntest-losses="));
  g_assert_cmpmem (async_text, async_length, sync_text, sync_length);

  /* Growing reports, the last one 1.0. */
  g_assert_cmpuint (r.fractions->len, >=, 1);
  for (guint i = 1; i < r.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (r.fractions, double, i), >, g_array_index (r.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (r.fractions, double, r.fractions->len - 1), ==, 1.0);
  save_result_clear (&r);

  /* And the file opens as the synchronous one does. */
  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  assert_same_models (&f->a, &f->b);
}

/* The models change right after the save is asked for, before the worker
 * could have written anything: the file holds them as they were. */
static void
test_async_snapshot (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *before_path = g_build_filename (f->dir, "before.neuronlab", NULL);
  g_autofree char *after_path = g_build_filename (f->dir, "after.neuronlab", NULL);
  g_autoptr(GFile) before_file = g_file_new_for_path (before_path);
  g_autoptr(GFile) after_file = g_file_new_for_path (after_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *after = NULL;
  gsize before_length, saved_length, after_length;
  SaveResult r;

  nl_trainer_set_test_percent (f->a.trainer, 25);
  train (&f->a, 200);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, before_file, &error));
  g_assert_no_error (error);

  save_async_start (&f->a, f->file, NULL, &r);
  /* The table, the parameters, the settings and the histories all change. */
  g_assert_true (nl_dataset_model_set_cell (f->a.dataset, 0, 1, "150", &error));
  g_assert_no_error (error);
  nl_dataset_model_add_row (f->a.dataset);
  g_assert_true (nl_trainer_step (f->a.trainer, &error));
  g_assert_no_error (error);
  nl_trainer_set_learning_rate (f->a.trainer, 0.75);
  g_assert_true (nl_network_model_set_hidden (f->a.network, "5", NULL));
  save_async_wait (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  save_result_clear (&r);

  before = read_text (before_path, &before_length);
  saved = read_text (f->path, &saved_length);
  g_assert_cmpmem (saved, saved_length, before, before_length);

  /* The models did change: saved now, they read otherwise. */
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, after_file, &error));
  g_assert_no_error (error);
  after = read_text (after_path, &after_length);
  g_assert_true (after_length != before_length || memcmp (after, before, after_length) != 0);
  g_assert_nonnull (strstr (after, "\nlayers=2;5;1;\n"));
  g_assert_null (strstr (saved, "\nlayers=2;5;1;\n"));
}

/* Saves that cannot be written say so through _finish(), name the file,
 * and leave the older file whole, with no temporary file beside it. */
static void
test_async_failure (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const only_project[] = { "tutorial.neuronlab", "not-a-folder", NULL };
  g_autofree char *blocker = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autofree char *inside = g_build_filename (blocker, "x.neuronlab", NULL);
  g_autoptr(GFile) inside_file = g_file_new_for_path (inside);
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  gsize old_length, now_length;
  SaveResult r;

  train (&f->a, 50);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);
  old = read_text (f->path, &old_length);
  /* What a save would write now is longer than the old file. */
  train (&f->a, 5000);

  /* A folder that is a file. */
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  save_async_start (&f->a, inside_file, NULL, &r);
  save_async_wait (&r);
  g_assert_false (r.ok);
  g_assert_error (r.error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO);
  g_test_message ("%s", r.error->message);
  g_assert_nonnull (strstr (r.error->message, inside));
  save_result_clear (&r);

  /* A folder that cannot be written to; root writes anyway. */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (f->dir, 0500), ==, 0);
      save_async_start (&f->a, f->file, NULL, &r);
      save_async_wait (&r);
      g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
      g_assert_false (r.ok);
      g_assert_error (r.error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO);
      g_assert_nonnull (strstr (r.error->message, f->path));
      save_result_clear (&r);
      now = read_text (f->path, &now_length);
      g_assert_cmpmem (now, now_length, old, old_length);
      g_clear_pointer (&now, g_free);
    }

  /* A disk that fills up half way through the new file: files may grow to
   * 4 KiB only, and a write past that fails (EFBIG) instead of raising
   * SIGXFSZ. */
  {
    struct rlimit saved_limit, limit;
    void (*saved_handler) (int) = signal (SIGXFSZ, SIG_IGN);

    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
    limit = saved_limit;
    limit.rlim_cur = 4096;
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    save_async_start (&f->a, f->file, NULL, &r);
    save_async_wait (&r);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
    signal (SIGXFSZ, saved_handler);
  }
  g_assert_false (r.ok);
  g_assert_error (r.error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO);
  g_test_message ("%s", r.error->message);
  g_assert_nonnull (strstr (r.error->message, f->path));
  save_result_clear (&r);

  now = read_text (f->path, &now_length);
  g_assert_cmpmem (now, now_length, old, old_length);
  assert_only_files (f, only_project);
}

/* A cancelled save leaves the file as it was: cancelled before it starts,
 * and cancelled while a million epochs are being formatted. */
static void
test_async_cancel (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const only_project[] = { "tutorial.neuronlab", NULL };
  const guint n = 1000000;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  NlHistory *history = nl_history_new (0);
  NlDataset *table = nl_dataset_new_tutorial ();
  size_t tutorial_rows = table->n_rows;
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  gsize old_length, now_length;
  SaveResult r;

  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);
  old = read_text (f->path, &old_length);

  /* The bulk is a table of 200,000 rows: the history of a million epochs
   * is a few thousand buckets. */
  for (guint i = 0; i < n; i++)
    g_assert_true (nl_history_append (history, 0.25 / (1.0 + i / 1000.0)));
  for (size_t k = tutorial_rows; k < 200000; k++)
    {
      size_t row = nl_dataset_append_row (table);

      for (size_t c = 0; c < table->n_columns; c++)
        g_assert_cmpint (nl_dataset_set_cell (table, row, c,
                                              nl_dataset_cell (table, k % tutorial_rows, c)->text,
                                              NULL), ==, NL_OK);
    }
  nl_dataset_model_set_dataset (f->a.dataset, table);
  nl_trainer_restore (f->a.trainer, n, &(NlEvaluation) { 0.25, 1.0, NAN, NAN }, NULL,
                      history, NULL);
  nl_history_free (history);

  g_cancellable_cancel (cancellable);
  save_async_start (&f->a, f->file, cancellable, &r);
  save_async_wait (&r);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  save_result_clear (&r);

  /* Cancelled at the first report, long before the last of the values. */
  g_cancellable_reset (cancellable);
  save_async_start (&f->a, f->file, cancellable, &r);
  r.cancel_on_progress = cancellable;
  save_async_wait (&r);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (r.fractions->len, >=, 1);
  g_assert_cmpfloat (g_array_index (r.fractions, double, r.fractions->len - 1), <, 1.0);
  save_result_clear (&r);

  now = read_text (f->path, &now_length);
  g_assert_cmpmem (now, now_length, old, old_length);
  assert_only_files (f, only_project);
}


static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* A long history costs a project file no more than a few thousand
 * epochs do: a million epochs and two million save to about the same size
 * (22 MB before the history was bounded), and open with the same buckets.
 * A file of every epoch (as older versions wrote it) still opens, its
 * history compacted as training would have. */
static void
test_long_history (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  NlHistory *history = nl_history_new (0);
  NlHistory *test_history = nl_history_new (0);
  NlHistory *every = nl_history_new (200000);
  NlProject project;
  NlError core_error = { 0 };
  goffset million = 0, two_million;

  for (guint i = 0; i < 2000000; i++)
    {
      double loss = 0.25 / (1.0 + i / 1000.0) + 0.01 * ((i * 7919) % 13) / 13.0;

      g_assert_true (nl_history_append (history, loss));
      g_assert_true (nl_history_append (test_history, i % 3 == 0 ? loss * 1.2 : NAN));
      if (i + 1 == 1000000)
        {
          nl_trainer_restore (f->a.trainer, i + 1, &(NlEvaluation) { loss, 1.0, NAN, NAN },
                              &(NlEvaluation) { loss * 1.2, 1.0, NAN, NAN }, history,
                              test_history);
          g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file,
                                             &error));
          g_assert_no_error (error);
          million = file_size (f->path);
        }
    }
  nl_trainer_restore (f->a.trainer, 2000000, &(NlEvaluation) { 0.1, 1.0, NAN, NAN },
                      &(NlEvaluation) { 0.12, 1.0, NAN, NAN }, history, test_history);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);
  two_million = file_size (f->path);
  g_test_message ("%" G_GOFFSET_FORMAT " bytes at 1M epochs, %" G_GOFFSET_FORMAT " at 2M",
                  million, two_million);
  g_assert_cmpint (million, <, 1024 * 1024);
  g_assert_cmpint (two_million, <, million + million / 10);

  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nl_trainer_get_epoch (f->b.trainer), ==, 2000000);
  assert_same_history (nl_trainer_get_history (f->b.trainer), history);
  assert_same_history (nl_trainer_get_test_history (f->b.trainer), test_history);

  /* Every epoch of 150,000, in the old format: opened, compacted. */
  nl_history_clear (history);
  for (guint i = 0; i < 150000; i++)
    {
      g_assert_true (nl_history_append (every, 1.0 / (1.0 + i)));
      g_assert_true (nl_history_append (history, 1.0 / (1.0 + i)));
    }
  g_assert_true (nl_project_io_capture (f->a.dataset, f->a.network, f->a.trainer, &project));
  nl_history_free (project.history);
  nl_history_free (project.test_history);
  project.history = every;
  project.test_history = NULL;
  project.epoch = 150000;
  g_assert_cmpint (nl_project_write_file (&project, f->path, &core_error), ==, NL_OK);
  nl_project_clear (&project);
  g_assert_true (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, f->file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nl_history_bucket_epochs (nl_trainer_get_history (f->b.trainer)), >, 1);
  assert_same_history (nl_trainer_get_history (f->b.trainer), history);

  nl_history_free (history);
  nl_history_free (test_history);
}

/* Asynchronous loads */

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveResult *r = user_data;

  g_assert_null (source);
  g_assert_true (r->destroyed);
  r->ok = nl_project_io_load_finish (result, &r->error);
  r->done = TRUE;
}

static void
load_async (Models       *m,
            GFile        *file,
            GCancellable *cancellable,
            SaveResult   *r)
{
  *r = (SaveResult) { .fractions = g_array_new (FALSE, FALSE, sizeof (double)) };
  r->cancel_on_progress = cancellable;
  nl_project_io_load_async (m->dataset, m->network, m->trainer, file, cancellable,
                            save_progress_cb, r, save_progress_destroy, load_done_cb, r);
  save_async_wait (r);
}

/* A trained project with a long history: opened on a worker it gives what
 * opening it at once gives, and its progress climbs to 1.0. */
static void
test_async_load (Fixture       *f,
                 gconstpointer  data)
{
  const guint n = 300000;
  g_autoptr(GError) error = NULL;
  NlHistory *history = nl_history_new (0);
  double loss = 0.25;
  Models c;
  SaveResult r;

  for (guint i = 0; i < n; i++)
    {
      loss = 0.25 / (1.0 + i / 1000.0);
      g_assert_true (nl_history_append (history, loss));
    }
  nl_trainer_restore (f->a.trainer, n, &(NlEvaluation) { loss, 1.0, NAN, NAN }, NULL,
                      history, NULL);
  nl_history_free (history);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);

  load_async (&f->b, f->file, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.fractions->len, >=, 2);
  for (guint i = 1; i < r.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (r.fractions, double, i), >=,
                       g_array_index (r.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (r.fractions, double, r.fractions->len - 1), ==, 1.0);
  save_result_clear (&r);
  assert_same_models (&f->a, &f->b);

  models_init (&c, nl_dataset_new_tutorial ());
  g_assert_true (nl_project_io_load (c.dataset, c.network, c.trainer, f->file, &error));
  g_assert_no_error (error);
  assert_same_models (&c, &f->b);
  models_clear (&c);
}

/* A cancelled load leaves the models as they were, cancelled before it
 * starts or at its first progress report. */
static void
test_async_load_cancel (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Models c;
  SaveResult r;

  train (&f->a, 200);
  g_assert_true (nl_project_io_save (f->a.dataset, f->a.network, f->a.trainer, f->file, &error));
  g_assert_no_error (error);
  /* c is b as it was, to compare with. */
  models_init (&c, nl_dataset_new_tutorial ());
  g_assert_true (nl_network_model_set_hidden (c.network, "3", NULL));
  nl_network_model_set_seed (c.network, 99);
  nl_trainer_set_learning_rate (c.trainer, 0.5);
  nl_trainer_set_epochs (c.trainer, 7);
  nl_trainer_set_test_percent (c.trainer, 40);
  nl_trainer_set_split_seed (c.trainer, 3);
  nl_trainer_set_target_loss (c.trainer, 0.5);
  nl_trainer_set_early_stopping (c.trainer, TRUE);

  for (int at_progress = 0; at_progress < 2; at_progress++)
    {
      g_cancellable_reset (cancellable);
      if (!at_progress)
        g_cancellable_cancel (cancellable);
      load_async (&f->b, f->file, cancellable, &r);
      g_assert_false (r.ok);
      g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      save_result_clear (&r);
      assert_same_models (&c, &f->b);
    }
  models_clear (&c);
}

/* A named pipe is refused at once with a message that names it, not waited
 * on for ever; so is a folder. */
static void
test_load_not_regular (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "pipe.neuronlab", NULL);
  g_autoptr(GFile) fifo = g_file_new_for_path (path);
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(GError) error = NULL;
  SaveResult r;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  alarm (20);
  g_assert_false (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, fifo, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "pipe.neuronlab"));
  g_assert_nonnull (strstr (error->message, "named pipe"));
  g_clear_error (&error);

  load_async (&f->b, fifo, NULL, &r);
  g_assert_error (r.error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO);
  save_result_clear (&r);

  g_assert_false (nl_project_io_load (f->b.dataset, f->b.network, f->b.trainer, dir, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "folder"));
  alarm (0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/model/project-io/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/model/project-io/settings", Fixture, NULL,
              fixture_set_up, test_settings, fixture_tear_down);
  g_test_add ("/model/project-io/test-set", Fixture, NULL,
              fixture_set_up, test_test_set, fixture_tear_down);
  g_test_add ("/model/project-io/long-history", Fixture, NULL,
              fixture_set_up, test_long_history, fixture_tear_down);
  g_test_add ("/model/project-io/old-file", Fixture, NULL,
              fixture_set_up, test_old_file, fixture_tear_down);
  g_test_add ("/model/project-io/refused", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/model/project-io/async-same-bytes", Fixture, NULL,
              fixture_set_up, test_async_same_bytes, fixture_tear_down);
  g_test_add ("/model/project-io/async-snapshot", Fixture, NULL,
              fixture_set_up, test_async_snapshot, fixture_tear_down);
  g_test_add ("/model/project-io/async-failure", Fixture, NULL,
              fixture_set_up, test_async_failure, fixture_tear_down);
  g_test_add ("/model/project-io/async-cancel", Fixture, NULL,
              fixture_set_up, test_async_cancel, fixture_tear_down);

  g_test_add ("/model/project-io/async-load", Fixture, NULL,
              fixture_set_up, test_async_load, fixture_tear_down);
  g_test_add ("/model/project-io/async-load-cancel", Fixture, NULL,
              fixture_set_up, test_async_load_cancel, fixture_tear_down);
  g_test_add ("/model/project-io/load-not-regular", Fixture, NULL,
              fixture_set_up, test_load_not_regular, fixture_tear_down);

  return g_test_run ();
}
