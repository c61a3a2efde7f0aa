/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-document-example.c: NlDocument opening a data set to start from
 * (File > New from Example, core/nl-examples.h): the table, the settings
 * that suit it, an untouched work, and a network that learns it. */
#include <string.h>

#include "nl-document.h"
#include "nl-model-error.h"

static void
assert_table_is (NlDocument      *doc,
                 const NlDataset *expected)
{
  const NlDataset *ds = nl_dataset_model_get_dataset (nl_document_get_dataset (doc));

  g_assert_cmpuint (ds->n_rows, ==, expected->n_rows);
  g_assert_cmpuint (ds->n_columns, ==, expected->n_columns);
  g_assert_cmpint (ds->label_column, ==, expected->label_column);
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      g_assert_cmpstr (ds->columns[c].name, ==, expected->columns[c].name);
      g_assert_cmpint (ds->columns[c].is_input, ==, expected->columns[c].is_input);
      g_assert_cmpint (ds->columns[c].normalize, ==, expected->columns[c].normalize);
      for (size_t r = 0; r < ds->n_rows; r++)
        g_assert_cmpstr (nl_dataset_cell (ds, r, c)->text, ==, nl_dataset_cell (expected, r, c)->text);
    }
}

static void
test_open_xor (void)
{
  NlDocument *doc = nl_document_new ();
  const NlExample *xor = nl_example_find ("xor");
  NlExampleOptions options = { .noise = 10, .points = 200, .seed = 3 };
  NlNetworkModel *network = nl_document_get_network (doc);
  NlTrainer *trainer = nl_document_get_trainer (doc);
  g_autoptr (GError) error = NULL;
  NlDataset *expected = nl_example_new_dataset (xor, &options, NULL);

  /* Settings far from XOR's, as a person may have left them. */
  nl_network_model_set_hidden (network, "3,3", NULL);
  nl_network_model_set_activation (network, NL_ACTIVATION_RELU);
  nl_trainer_set_learning_rate (trainer, 0.7);
  nl_trainer_set_epochs (trainer, 7);
  nl_trainer_set_until_stopped (trainer, TRUE);
  nl_trainer_set_test_percent (trainer, 0);
  g_assert_true (nl_trainer_step (trainer, NULL));
  g_assert_true (nl_document_get_modified (doc));

  g_assert_true (nl_document_open_example (doc, xor, &options, &error));
  g_assert_no_error (error);

  /* The table the core builds from these options, normalised. */
  assert_table_is (doc, expected);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_document_get_dataset (doc)), ==, 200);
  g_assert_cmpint (expected->columns[0].normalize, ==, NL_NORMALIZE_STANDARDIZE);
  /* XOR's settings: 4 tanh neurons, scaled weights, cross-entropy. */
  g_assert_cmpuint (nl_network_model_get_n_inputs (network), ==, 2);
  g_assert_cmpstr (nl_network_model_get_hidden (network), ==, "4");
  g_assert_cmpint (nl_network_model_get_activation (network), ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (nl_network_model_get_output_activation (network), ==, NL_ACTIVATION_SIGMOID);
  g_assert_cmpint (nl_network_model_get_init (network), ==, NL_INIT_SCALED);
  g_assert_cmpint (nl_trainer_get_loss_function (trainer), ==, xor->settings.loss);
  g_assert_cmpfloat (nl_trainer_get_learning_rate (trainer), ==, xor->settings.learning_rate);
  g_assert_cmpuint (nl_trainer_get_epochs (trainer), ==, xor->settings.epochs);
  g_assert_false (nl_trainer_get_until_stopped (trainer));
  g_assert_cmpuint (nl_trainer_get_test_percent (trainer), ==, xor->settings.test_percent);
  /* A fresh start: no epochs, nothing to save or undo, named after the set. */
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 0);
  g_assert_false (nl_document_get_modified (doc));
  g_assert_false (nl_document_get_can_undo (doc));
  g_assert_null (nl_document_get_file (doc));
  g_assert_cmpstr (nl_document_get_title (doc), ==, "XOR");

  /* And those settings learn it. */
  for (guint e = 0; e < xor->settings.epochs; e++)
    g_assert_true (nl_trainer_step (trainer, NULL));
  g_test_message ("XOR, noise 10%%, after %u epochs: accuracy %.3f, test %.3f",
                  xor->settings.epochs, nl_trainer_get_accuracy (trainer),
                  nl_trainer_get_test_accuracy (trainer));
  g_assert_cmpfloat (nl_trainer_get_accuracy (trainer), >=, 0.9);
  g_assert_cmpfloat (nl_trainer_get_test_accuracy (trainer), >=, 0.9);

  nl_dataset_free (expected);
  g_assert_finalize_object (doc);
}

/* The spiral's two hidden layers. */
static void
test_open_spiral (void)
{
  NlDocument *doc = nl_document_new ();

  g_assert_true (nl_document_open_example (doc, nl_example_find ("spiral"), NULL, NULL));
  g_assert_cmpstr (nl_network_model_get_hidden (nl_document_get_network (doc)), ==, "8,8");
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_document_get_dataset (doc)), ==,
                    NL_EXAMPLE_DEFAULT_POINTS);
  g_assert_cmpstr (nl_document_get_title (doc), ==, "Spiral");
  g_assert_false (nl_document_get_modified (doc));
  g_assert_finalize_object (doc);
}

/* Iris: Species is a label of three classes, so the network has an output
 * a species under a softmax; its settings classify the flowers held out. */
static void
test_open_iris (void)
{
  NlDocument *doc = nl_document_new ();
  const NlExample *iris = nl_example_find ("iris");
  NlNetworkModel *network = nl_document_get_network (doc);
  NlTrainer *trainer = nl_document_get_trainer (doc);
  NlEvaluation train, test;

  g_assert_true (nl_document_open_example (doc, iris, NULL, NULL));
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_document_get_dataset (doc)), ==, 150);
  g_assert_cmpuint (nl_network_model_get_n_inputs (network), ==, 4);
  g_assert_cmpuint (nl_network_model_get_n_outputs (network), ==, 3);
  g_assert_cmpint (nl_network_model_get_output_activation (network), ==, NL_ACTIVATION_SOFTMAX);
  g_assert_cmpstr (nl_document_get_title (doc), ==, "Iris");
  g_assert_false (nl_document_get_modified (doc));

  for (guint e = 0; e < iris->settings.epochs; e++)
    g_assert_true (nl_trainer_step (trainer, NULL));
  nl_trainer_get_evaluation (trainer, &train, &test);
  g_test_message ("Iris after %u epochs: accuracy %.3f, test %.3f", iris->settings.epochs,
                  train.accuracy, test.accuracy);
  g_assert_cmpfloat (train.accuracy, >=, 0.95);
  g_assert_cmpfloat (test.accuracy, >=, 0.95);
  g_assert_finalize_object (doc);
}

/* The plane: a number to predict, one linear output; R² close to 1. */
static void
test_open_plane (void)
{
  NlDocument *doc = nl_document_new ();
  const NlExample *plane = nl_example_find ("plane");
  NlNetworkModel *network = nl_document_get_network (doc);
  NlTrainer *trainer = nl_document_get_trainer (doc);
  NlEvaluation train, test;

  g_assert_true (nl_document_open_example (doc, plane, NULL, NULL));
  g_assert_cmpuint (nl_network_model_get_n_outputs (network), ==, 1);
  g_assert_cmpint (nl_network_model_get_output_activation (network), ==, NL_ACTIVATION_LINEAR);
  for (guint e = 0; e < plane->settings.epochs; e++)
    g_assert_true (nl_trainer_step (trainer, NULL));
  nl_trainer_get_evaluation (trainer, &train, &test);
  g_test_message ("Plane after %u epochs: R² %.3f, test %.3f", plane->settings.epochs,
                  train.r2, test.r2);
  g_assert_cmpfloat (test.r2, >=, 0.98);
  g_assert_finalize_object (doc);
}

/* Options the core refuses change nothing and say why. */
static void
test_open_refused (void)
{
  NlDocument *doc = nl_document_new ();
  NlExampleOptions options = { .noise = 60, .points = 100, .seed = 1 };
  g_autoptr (GError) error = NULL;

  g_assert_false (nl_document_open_example (doc, nl_example_find ("circle"), &options, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "60"));
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_document_get_dataset (doc)), ==, 4);
  g_assert_cmpstr (nl_document_get_title (doc), ==, "Untitled");
  g_assert_finalize_object (doc);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/document/example/xor", test_open_xor);
  g_test_add_func ("/model/document/example/spiral", test_open_spiral);
  g_test_add_func ("/model/document/example/iris", test_open_iris);
  g_test_add_func ("/model/document/example/plane", test_open_plane);
  g_test_add_func ("/model/document/example/refused", test_open_refused);

  return g_test_run ();
}
