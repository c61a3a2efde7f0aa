/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-predict-form.c: the Predict section, typed into as a person would:
 * the answer, and the notes under it that say what it is worth (the
 * network is not trained yet, an input is outside the table's range).
 *
 * Without a display every test reports a skip.
 */

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <gtk/gtk.h>

#include "nl-predict-form.h"
#include "nl-trainer.h"
#include "ui-test-render.h"

/* A network that has learnt the tutorial's table well enough: w1..w6, b1..b3. */
static const double trained_params[] = { 3.0, -0.4, 0.6, 0.2, 1.1, -2.0, -0.52, 0.3, 0.05 };
static const double other_params[] = { -1.0, 0.5, 0.25, -0.75, 2.0, 1.5, 0.1, -0.2, 0.3 };

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* What the form should say for @weight and @height, computed without it. */
static char *
expected_answer (NlDatasetModel *dataset,
                 NlNetworkModel *network,
                 double          weight,
                 double          height,
                 double         *p_out)
{
  const double raw[2] = { weight, height };
  double x[2];
  double p;
  const char *name;
  char percent[G_ASCII_DTOSTR_BUF_SIZE];

  nl_dataset_model_normalize_inputs (dataset, raw, x);
  /* The tutorial's shift: 135 lb and 66 in. */
  g_assert_cmpfloat_with_epsilon (x[0], weight - 135.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (x[1], height - 66.0, 1e-12);
  p = nl_network_model_predict (network, x);
  *p_out = p;
  /* Class 1 is Female, class 0 is Male. */
  name = p >= 0.5 ? "Female" : "Male";
  g_assert_cmpstr (nl_dataset_model_get_class_name (dataset, p >= 0.5), ==, name);
  g_ascii_formatd (percent, sizeof percent, "%.1f", 100.0 * (p >= 0.5 ? p : 1.0 - p));
  return g_strdup_printf ("%s, %s%%", name, percent);
}

static GtkWidget *
label_for (GtkWidget *entry)
{
  GtkWidget *grid = gtk_widget_get_parent (entry);

  for (GtkWidget *child = gtk_widget_get_first_child (grid);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && gtk_label_get_mnemonic_widget (GTK_LABEL (child)) == entry)
      return child;
  return NULL;
}

static void
test_tutorial (void)
{
  g_autoptr(NlDatasetModel) dataset = NULL;
  g_autoptr(NlNetworkModel) network = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_other = NULL;
  NlPredictForm *form;
  GtkWidget *window;
  GtkWidget *weight;
  GtkWidget *height;
  const char *result;
  double p;

  if (ui_test_skip_without_display ())
    return;

  dataset = nl_dataset_model_new_tutorial ();
  network = nl_network_model_new (2);
  g_assert_cmpuint (nl_network_model_get_n_params (network), ==, G_N_ELEMENTS (trained_params));
  nl_network_model_set_params (network, trained_params, G_N_ELEMENTS (trained_params));

  form = NL_PREDICT_FORM (g_object_ref_sink (nl_predict_form_new ()));
  g_assert_true (isnan (nl_predict_form_get_probability (form)));
  nl_predict_form_set_models (form, dataset, network);
  window = ui_test_show (GTK_WIDGET (form), 400, 240);

  /* A field per input, named after the column, holding Emily's measurements. */
  g_assert_cmpuint (nl_predict_form_get_n_entries (form), ==, 2);
  weight = nl_predict_form_get_entry (form, 0);
  height = nl_predict_form_get_entry (form, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label_for (weight))), ==, "Weight (lb)");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label_for (height))), ==, "Height (in)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (weight)), ==, "128");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (height)), ==, "63");

  expected = expected_answer (dataset, network, 128, 63, &p);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, expected);
  g_assert_cmpfloat (nl_predict_form_get_probability (form), ==, p);

  /* Typed as a person would: the answer follows. */
  gtk_editable_set_text (GTK_EDITABLE (weight), "");
  gtk_editable_set_text (GTK_EDITABLE (weight), "160");
  gtk_editable_set_text (GTK_EDITABLE (height), "72");
  iterate ();
  g_free (expected);
  expected = expected_answer (dataset, network, 160, 72, &p);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, expected);

  gtk_editable_set_text (GTK_EDITABLE (weight), "128");
  gtk_editable_set_text (GTK_EDITABLE (height), "63");
  iterate ();
  g_free (expected);
  expected = expected_answer (dataset, network, 128, 63, &p);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, expected);

  /* Not a number: no guess, the field is marked and the message names it. */
  gtk_editable_set_text (GTK_EDITABLE (height), "abc");
  iterate ();
  result = nl_predict_form_get_result_text (form);
  g_assert_nonnull (strstr (result, "“abc”"));
  g_assert_nonnull (strstr (result, "Height (in)"));
  g_assert_nonnull (strstr (result, "not a number"));
  g_assert_null (strstr (result, "Female"));
  g_assert_null (strstr (result, "Male"));
  g_assert_null (strstr (result, "%"));
  g_assert_true (isnan (nl_predict_form_get_probability (form)));
  g_assert_true (gtk_widget_has_css_class (height, "error"));
  g_assert_false (gtk_widget_has_css_class (weight, "error"));

  /* Fixed, the answer is back. */
  gtk_editable_set_text (GTK_EDITABLE (height), "63");
  iterate ();
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, expected);
  g_assert_false (gtk_widget_has_css_class (height, "error"));

  /* The network learns: the answer follows its parameters. */
  nl_network_model_set_params (network, other_params, G_N_ELEMENTS (other_params));
  expected_other = expected_answer (dataset, network, 128, 63, &p);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, expected_other);
  g_assert_cmpfloat (nl_predict_form_get_probability (form), ==, p);

  /* A cell edit does not rebuild the fields nor lose what was typed. */
  gtk_editable_set_text (GTK_EDITABLE (weight), "130");
  g_assert_true (nl_dataset_model_set_cell (dataset, 0, 1, "134", NULL));
  g_assert_true (nl_predict_form_get_entry (form, 0) == weight);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (weight)), ==, "130");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (form);
}

static void
test_other_table (void)
{
  g_autoptr(NlDatasetModel) dataset = NULL;
  g_autoptr(NlNetworkModel) network = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  NlPredictForm *form;
  GtkWidget *window;
  const char *csv = "length,width,kind\n1,10,cat\n3,20,dog\n2.5,33,cat\n";
  int fd;

  if (ui_test_skip_without_display ())
    return;

  fd = g_file_open_tmp ("test-predict-form-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  file = g_file_new_for_path (path);

  dataset = nl_dataset_model_new_tutorial ();
  network = nl_network_model_new (2);
  form = NL_PREDICT_FORM (g_object_ref_sink (nl_predict_form_new ()));
  nl_predict_form_set_models (form, dataset, network);
  window = ui_test_show (GTK_WIDGET (form), 400, 240);

  /* Another table: fields named after its columns, holding their means. */
  g_assert_true (nl_dataset_model_load_csv (dataset, file, NULL, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpuint (nl_predict_form_get_n_entries (form), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nl_predict_form_get_entry (form, 0))), ==, "2.167");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nl_predict_form_get_entry (form, 1))), ==, "21");
  g_assert_false (isnan (nl_predict_form_get_probability (form)));
  g_assert_true (strstr (nl_predict_form_get_result_text (form), "cat") != NULL ||
                 strstr (nl_predict_form_get_result_text (form), "dog") != NULL);

  /* No models: no answer, no fields. */
  nl_predict_form_set_models (form, NULL, NULL);
  g_assert_cmpuint (nl_predict_form_get_n_entries (form), ==, 0);
  g_assert_true (isnan (nl_predict_form_get_probability (form)));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (form);
  g_unlink (path);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in “%s”", part, text);
}

static void
type_measurements (NlPredictForm *form,
                   const char    *weight,
                   const char    *height)
{
  gtk_editable_set_text (GTK_EDITABLE (nl_predict_form_get_entry (form, 0)), weight);
  gtk_editable_set_text (GTK_EDITABLE (nl_predict_form_get_entry (form, 1)), height);
  iterate ();
}

/* An answer as the form shows one: a class and a percentage. */
static void
assert_answer (NlPredictForm *form)
{
  const char *result = nl_predict_form_get_result_text (form);

  if (!g_regex_match_simple ("^(Female|Male), (more than )?[0-9]+\\.[0-9]%$", result, 0, 0))
    g_error ("The answer reads “%s”", result);
  g_assert_false (isnan (nl_predict_form_get_probability (form)));
}

/* Whether a label reading @text is on screen in @widget. */
static gboolean
shown_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shown_label (child, text))
      return TRUE;
  return FALSE;
}

#define UNTRAINED "The network is not trained yet"

/* Before any training the form still answers, and says the network is not
 * trained; as the window does, "trained" is bound to the trainer's. */
static void
test_untrained (void)
{
  g_autoptr(NlDatasetModel) dataset = NULL;
  g_autoptr(NlNetworkModel) network = NULL;
  g_autoptr(NlTrainer) trainer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *ones = NULL;
  NlPredictForm *form;
  GtkWidget *window;
  guint n;

  if (ui_test_skip_without_display ())
    return;

  dataset = nl_dataset_model_new_tutorial ();
  network = nl_network_model_new (2);
  trainer = nl_trainer_new (network, dataset);
  form = NL_PREDICT_FORM (g_object_ref_sink (nl_predict_form_new ()));
  nl_predict_form_set_models (form, dataset, network);
  g_object_bind_property (trainer, "trained", form, "trained", G_BINDING_SYNC_CREATE);
  window = ui_test_show (GTK_WIDGET (form), 400, 240);

  assert_answer (form);
  assert_contains (nl_predict_form_get_notes_text (form), UNTRAINED);
  g_assert_true (shown_label (GTK_WIDGET (form), nl_predict_form_get_notes_text (form)));

  /* One Step: Emily is inside the table's range, so nothing to note. */
  g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_no_error (error);
  iterate ();
  assert_answer (form);
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  nl_trainer_reset (trainer);
  iterate ();
  assert_contains (nl_predict_form_get_notes_text (form), UNTRAINED);

  /* Weights set by hand, as the Worked Example sets them, are not training. */
  n = nl_network_model_get_n_params (network);
  ones = g_new (double, n);
  for (guint i = 0; i < n; i++)
    ones[i] = 1.0;
  nl_network_model_set_params (network, ones, n);
  iterate ();
  assert_answer (form);
  assert_contains (nl_predict_form_get_notes_text (form), UNTRAINED);

  /* One sample is training too. */
  g_assert_true (nl_trainer_step_sample (trainer, 0, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  /* A new architecture has learnt nothing. */
  g_assert_true (nl_network_model_set_hidden (network, "3", &error));
  iterate ();
  assert_answer (form);
  assert_contains (nl_predict_form_get_notes_text (form), UNTRAINED);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (form);
}

/* An input outside the range of the table's usable rows gets a note, with
 * the unit from the column's name; one inside gets none. The tutorial's
 * weights run from 120 to 160 lb, its heights from 60 to 72 in. */
static void
test_outside (void)
{
  g_autoptr(NlDatasetModel) dataset = NULL;
  g_autoptr(NlNetworkModel) network = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  NlPredictForm *form;
  GtkWidget *window;
  guint row;
  int fd;

  if (ui_test_skip_without_display ())
    return;

  dataset = nl_dataset_model_new_tutorial ();
  network = nl_network_model_new (2);
  nl_network_model_set_params (network, trained_params, G_N_ELEMENTS (trained_params));
  form = NL_PREDICT_FORM (g_object_ref_sink (nl_predict_form_new ()));
  nl_predict_form_set_models (form, dataset, network);
  nl_predict_form_set_trained (form, TRUE);
  window = ui_test_show (GTK_WIDGET (form), 400, 240);

  /* Emily: inside. */
  assert_answer (form);
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  /* The issue's -155 lb: still an answer, and a note. */
  type_measurements (form, "-155", "63");
  assert_answer (form);
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==,
                   "Outside the training data: 120–160 lb");

  /* Both outside: a note each. */
  type_measurements (form, "200", "50");
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==,
                   "Outside the training data: 120–160 lb\n"
                   "Outside the training data: 60–72 in");

  /* The ends of the range are inside. */
  type_measurements (form, "120", "72");
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  /* Not a number: no answer, so no notes either. */
  type_measurements (form, "abc", "50");
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  /* The range follows the table: a new row (a copy of the last one) with
   * a lighter weight widens it. */
  type_measurements (form, "110", "63");
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==,
                   "Outside the training data: 120–160 lb");
  row = nl_dataset_model_add_row (dataset);
  g_assert_true (nl_dataset_model_set_cell (dataset, row, 1, "100.5", &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");
  type_measurements (form, "99", "63");
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==,
                   "Outside the training data: 100.5–160 lb");

  /* Only the usable rows count: Carol has no height, so her weight is not
   * training data until she has one. */
  fd = g_file_open_tmp ("test-predict-form-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path,
                                      "Name,Weight (lb),Height (in),Gender\n"
                                      "Alice,133,65,Female\n"
                                      "Bob,160,72,Male\n"
                                      "Carol,100,,Female\n",
                                      -1, &error));
  file = g_file_new_for_path (path);
  g_assert_true (nl_dataset_model_load_csv (dataset, file, NULL, &error));
  g_assert_no_error (error);
  iterate ();
  type_measurements (form, "110", "70");
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==,
                   "Outside the training data: 133–160 lb");
  g_assert_true (nl_dataset_model_set_cell (dataset, 2, 2, "64", &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");
  g_unlink (path);
  g_clear_pointer (&path, g_free);
  g_clear_object (&file);

  /* A column named without a unit: the note names the column. */
  fd = g_file_open_tmp ("test-predict-form-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "length,width,kind\n1,10,cat\n3,20,dog\n2.5,33,cat\n",
                                      -1, &error));
  file = g_file_new_for_path (path);
  g_assert_true (nl_dataset_model_load_csv (dataset, file, NULL, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (nl_predict_form_get_entry (form, 0)), "0.5");
  iterate ();
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==,
                   "Outside the training data: length: 1–3");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (form);
  g_unlink (path);
}

/* A network with no hidden layer (Hidden neurons 0): w1, w2, b. Its
 * output is the sigmoid of @bias whatever is typed, with both weights 0. */
static void
set_output_bias (NlNetworkModel *network,
                 double          bias)
{
  const double params[] = { 0.0, 0.0, bias };

  nl_network_model_set_params (network, params, G_N_ELEMENTS (params));
  iterate ();
}

/* A probability is never shown as 100.0% when it is not: a saturated output
 * says "more than 99.9%". Hidden neurons 0 gives one before training. */
static void
test_saturated (void)
{
  g_autoptr(NlDatasetModel) dataset = NULL;
  g_autoptr(NlNetworkModel) network = NULL;
  g_autoptr(GError) error = NULL;
  NlPredictForm *form;
  GtkWidget *window;
  double p, q;
  const char *result;

  if (ui_test_skip_without_display ())
    return;

  dataset = nl_dataset_model_new_tutorial ();
  network = nl_network_model_new (2);
  g_assert_true (nl_network_model_set_hidden (network, "", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nl_network_model_get_n_params (network), ==, 3);
  form = NL_PREDICT_FORM (g_object_ref_sink (nl_predict_form_new ()));
  nl_predict_form_set_models (form, dataset, network);
  window = ui_test_show (GTK_WIDGET (form), 400, 240);

  /* The untrained network at -155 lb: whatever it says, never 100.0%. */
  type_measurements (form, "-155", "63");
  result = nl_predict_form_get_result_text (form);
  p = nl_predict_form_get_probability (form);
  q = p >= 0.5 ? p : 1.0 - p;
  g_test_message ("-155 lb: %s (p = %.17g)", result, p);
  g_assert_null (strstr (result, "100.0"));
  g_assert_null (strstr (result, "0.0%"));
  if (q > 0.9995)
    assert_contains (result, ", more than 99.9%");

  /* sigmoid (40) is 1 - 4e-18, which a double holds as 1. */
  set_output_bias (network, 40.0);
  g_assert_cmpfloat (nl_predict_form_get_probability (form), ==, 1.0);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, "Female, more than 99.9%");
  set_output_bias (network, -40.0);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, "Male, more than 99.9%");

  /* sigmoid (7.9) = 0.99963: it would round to 100.0%. */
  set_output_bias (network, 7.9);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, "Female, more than 99.9%");
  /* sigmoid (7) = 0.99909: 99.9%, as today. */
  set_output_bias (network, 7.0);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, "Female, 99.9%");
  /* sigmoid (-3) = 0.0474: the likelier class, Male, at 95.3%. */
  set_output_bias (network, -3.0);
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, "Male, 95.3%");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (form);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  /* Under Xvfb the window may lack the focus, and a blinking cursor in an
   * unfocused text then warns. */
  if (ui_test_have_display)
    g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add_func ("/ui/predict-form/tutorial", test_tutorial);
  g_test_add_func ("/ui/predict-form/other-table", test_other_table);
  g_test_add_func ("/ui/predict-form/untrained", test_untrained);
  g_test_add_func ("/ui/predict-form/outside", test_outside);
  g_test_add_func ("/ui/predict-form/saturated", test_saturated);

  return g_test_run ();
}
