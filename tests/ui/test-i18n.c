/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-i18n.c: the window in German, with the translations built in this
 * build tree (TEST_LOCALEDIR, <build>/po), found in the widget tree the way a
 * person reads them: the built-in table's names and classes, the answer and
 * its notes, the Worked Example's figures with a decimal comma, a decimal
 * comma typed where numbers are typed; the tutorial's reference numbers
 * (see REFERENCE.md) unchanged by the table's German names; and numbers
 * written to files stay locale-independent (a point for decimals) whatever
 * the language.
 *
 * Without the de_DE.UTF-8 locale (build-aux/deps generates it) or without a
 * display every test reports a skip.
 */

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-chain.h"
#include "nl-csv.h"
#include "nl-inspector.h"
#include "nl-predict-form.h"
#include "nl-train.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

#ifndef TEST_LOCALEDIR
#error "TEST_LOCALEDIR must name the build tree's po directory"
#endif

static gboolean have_german;

static gboolean
skip_without_german (void)
{
  if (!have_german)
    {
      g_test_skip ("The de_DE.UTF-8 locale is not available");
      return TRUE;
    }
  return ui_test_skip_without_display ();
}

static const char *
button_label (NlWindow   *window,
              const char *action)
{
  return gtk_button_get_label (GTK_BUTTON (button_for_action (window, action)));
}

/* Tests */

/* The catalogue is the one built in this tree, and it is German. */
static void
test_catalogue (void)
{
  g_autofree char *mo = g_build_filename (TEST_LOCALEDIR, "de", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  if (!have_german)
    {
      g_test_skip ("The de_DE.UTF-8 locale is not available");
      return;
    }
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (_("Train"), ==, "Trainieren");
  /* The core looks its messages up with dgettext(), the widgets with gettext(). */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "The file is empty"), ==, "Die Datei ist leer");
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in “%s”", part, text);
}

/* The window speaks German: buttons, field labels, status line, predictions. */
static void
test_window (void)
{
  NlWindow *window;
  NlPredictForm *form;
  NlDatasetModel *dataset;
  GtkWidget *weight;
  g_autofree char *with_point = NULL;
  const char *result;
  const char *status;
  const double raw[2] = { 128.5, 63 };
  double x[2];
  double p;

  if (skip_without_german ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);

  g_assert_cmpstr (button_label (window, "win.train"), ==, "Trainieren");
  g_assert_cmpstr (button_label (window, "win.step"), ==, "Schritt");
  g_assert_cmpstr (button_label (window, "win.reset"), ==, "Zurücksetzen");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_text, "Zeile hinzufügen"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_text, "Zeile entfernen"));

  /* Each field by its German label; the accessible name follows the label. */
  g_assert_true (GTK_IS_SPIN_BUTTON (field (window, "Lernrate")));
  g_assert_true (GTK_IS_SPIN_BUTTON (field (window, "Epochen")));
  g_assert_nonnull (field (window, "Verborgene Neuronen"));
  g_assert_nonnull (field (window, "Aktivierung"));
  g_assert_nonnull (field (window, "Verlust"));
  g_assert_nonnull (field (window, "Startwert"));

  g_assert_cmpstr (status_text (window), ==, "Noch nicht trainiert");

  /* The prediction's own words are German, and so are the built-in
   * table's classes; under it, the network is not trained yet. */
  form = NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"));
  result = nl_predict_form_get_result_text (form);
  if (!g_regex_match_simple ("^(weiblich|männlich), [0-9]+,[0-9]\u00a0%$", result, 0, 0))
    g_error ("The prediction reads “%s”, expected like “weiblich, 95,1 %%”", result);
  assert_contains (nl_predict_form_get_notes_text (form), "Das Netz ist noch nicht trainiert");

  /* A German decimal comma gives the answer a point gives, and the one the
   * network gives for 128.5 lb. */
  weight = field (window, "Gewicht (lb)");
  gtk_editable_set_text (GTK_EDITABLE (weight), "128.5");
  iterate ();
  with_point = g_strdup (nl_predict_form_get_result_text (form));
  gtk_editable_set_text (GTK_EDITABLE (weight), "128,5");
  iterate ();
  g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, with_point);
  g_assert_false (gtk_widget_has_css_class (weight, "error"));
  nl_dataset_model_normalize_inputs (dataset, raw, x);
  p = nl_network_model_predict (nl_window_get_network (window), x);
  g_assert_cmpfloat (nl_predict_form_get_probability (form), ==, p);

  /* Outside the table's weights, in German numbers: Diana's weight, typed
   * with a comma, is the lightest. */
  gtk_editable_set_text (GTK_EDITABLE (weight), "-155");
  iterate ();
  assert_contains (nl_predict_form_get_notes_text (form), "Außerhalb der Trainingsdaten: 120–160 lb");
  g_assert_true (nl_dataset_model_set_cell (dataset, 3, 1, "119,5", NULL));
  iterate ();
  assert_contains (nl_predict_form_get_notes_text (form),
                   "Außerhalb der Trainingsdaten: 119,5–160 lb");
  gtk_editable_set_text (GTK_EDITABLE (weight), "128");
  iterate ();

  /* One epoch: the status line reads "Epoche 1 · Verlust … · Genauigkeit … %",
   * and the network is no longer untrained. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  iterate ();
  status = status_text (window);
  if (!g_regex_match_simple ("^Epoche 1 · Verlust [0-9]+,[0-9]+ · Genauigkeit [0-9]+\u00a0%$",
                                  status, 0, 0))
    g_error ("The status line reads “%s”", status);
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  window_destroy (window);
}

/* The built-in table in German: its columns and classes, the female class
 * the positive one (class 1) as in English; the people keep their names. */
static void
test_tutorial_table (void)
{
  NlDataset *ds;
  const NlColumn *gender;

  if (!have_german)
    {
      g_test_skip ("The de_DE.UTF-8 locale is not available");
      return;
    }

  ds = nl_dataset_new_tutorial ();
  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n_columns, ==, 4);
  g_assert_cmpstr (ds->columns[0].name, ==, "Name");
  g_assert_cmpstr (ds->columns[1].name, ==, "Gewicht (lb)");
  g_assert_cmpstr (ds->columns[2].name, ==, "Größe (in)");
  g_assert_cmpstr (ds->columns[3].name, ==, "Geschlecht");
  g_assert_cmpint (ds->label_column, ==, 3);
  gender = &ds->columns[3];
  g_assert_cmpstr (gender->classes[0], ==, "männlich");
  g_assert_cmpstr (gender->classes[1], ==, "weiblich");
  g_assert_cmpstr (nl_dataset_cell (ds, 0, 0)->text, ==, "Alice");
  g_assert_cmpstr (nl_dataset_cell (ds, 0, 3)->text, ==, "weiblich");
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 3)->value, ==, 1.0);
  g_assert_cmpstr (nl_dataset_cell (ds, 1, 0)->text, ==, "Bob");
  g_assert_cmpstr (nl_dataset_cell (ds, 1, 3)->text, ==, "männlich");
  g_assert_cmpfloat (nl_dataset_cell (ds, 1, 3)->value, ==, 0.0);
  nl_dataset_free (ds);
}

/* REFERENCE.md's numbers from the German table: its shifted rows and
 * labels, the worked example's gradient and the tutorial's training. */
static void
test_tutorial_reference (void)
{
  static const double x_ref[] = { -2, -1, 25, 6, 17, 4, -15, -6 };
  static const double y_ref[] = { 1, 0, 0, 1 };
  static const size_t sizes[] = { 2, 2, 1 };
  NlDataset *ds;
  NlMatrix m;
  NlNet *net;
  NlWork *work;
  NlSgd *sgd;
  NlChain chain;
  NlTrainOptions options;
  NlEvaluation eval = { 0 };
  NlRng rng;
  double mse_zero = 0.0;
  double emily, frank;

  if (!have_german)
    {
      g_test_skip ("The de_DE.UTF-8 locale is not available");
      return;
    }

  ds = nl_dataset_new_tutorial ();
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, NULL), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 4);
  g_assert_cmpuint (m.n_inputs, ==, 2);
  g_assert_cmpmem (m.x, 8 * sizeof (double), x_ref, sizeof x_ref);
  g_assert_cmpmem (m.y, 4 * sizeof (double), y_ref, sizeof y_ref);
  /* A network that always outputs 0. */
  for (size_t r = 0; r < m.n_rows; r++)
    mse_zero += m.y[r] * m.y[r] / (double) m.n_rows;
  g_assert_cmpfloat (mse_zero, ==, 0.5);

  /* The worked example: every weight 1, every bias 0, Alice. */
  net = nl_net_new (3, sizes, NULL, NULL);
  for (size_t i = 0; i < net->n_weights; i++)
    net->params[i] = 1.0;
  g_assert_cmpint (nl_chain_compute (net, &m.x[0], m.y[0], NL_LOSS_MSE, 0, 0.1, &chain, NULL),
                   ==, NL_OK);
  g_assert_cmpfloat_with_epsilon (chain.gradient, 0.021470, 5e-7);
  nl_chain_clear (&chain);

  /* The tutorial's training: N(0, 1), per-sample SGD in table order,
   * 0.1, 1000 epochs; Emily is female, Frank male, as in English. */
  nl_rng_seed (&rng, 1);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  nl_train_options_init (&options);
  sgd = nl_sgd_new (net, &m, &options, NULL);
  g_assert_nonnull (sgd);
  for (int epoch = 0; epoch < 1000; epoch++)
    g_assert_cmpint (nl_sgd_epoch_evaluate (sgd, net, &eval, NULL), ==, NL_OK);
  g_assert_cmpfloat (eval.loss, <, 0.0035);
  work = nl_work_new (net);
  emily = nl_net_predict (net, work, (const double[]) { 128 - 135.0, 63 - 66.0 });
  frank = nl_net_predict (net, work, (const double[]) { 155 - 135.0, 68 - 66.0 });
  g_test_message ("loss %g, Emily %g, Frank %g", eval.loss, emily, frank);
  g_assert_cmpfloat (emily, >=, 0.94);
  g_assert_cmpfloat (emily, <=, 0.975);
  g_assert_cmpfloat (frank, >=, 0.03);
  g_assert_cmpfloat (frank, <=, 0.065);

  nl_work_free (work);
  nl_sgd_free (sgd);
  nl_net_free (net);
  nl_matrix_clear (&m);
  nl_dataset_free (ds);
}

/* The Worked Example in one click, as a German reader sees its six
 * figures: h1, o1, dL/dy_pred worked from o1 as shown, the two other
 * factors and the gradient, each written with a decimal comma. */
static void
test_worked_example (void)
{
  NlWindow *window;
  g_autofree char *text = NULL;

  if (skip_without_german ())
    return;

  window = window_new ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.worked-example", NULL));
  iterate ();
  text = nl_inspector_get_text (NL_INSPECTOR (find_by_type (window, "NlInspector")));
  g_test_message ("%s", text);
  assert_contains (text, "Alice");
  assert_contains (text, "h1 = 0,0474");
  assert_contains (text, "o1 = 0,524");
  assert_contains (text, "= −2 (1 − 0,524) = -0,952");
  assert_contains (text, "= -0,952 × 0,249 × -0,0904 = 0,0215");
  /* Weights set by hand are not training. */
  assert_contains (nl_predict_form_get_notes_text (NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"))),
                   "Das Netz ist noch nicht trainiert");

  window_destroy (window);
}

/* Another table in German: a field starts at its column's mean written
 * with a decimal comma, and reads it back. */
static void
test_predict_other_table (void)
{
  g_autoptr(NlDatasetModel) dataset = NULL;
  g_autoptr(NlNetworkModel) network = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  NlPredictForm *form;
  GtkWidget *entry;
  int fd;

  if (skip_without_german ())
    return;

  fd = g_file_open_tmp ("test-i18n-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "length,width,kind\n1,10,cat\n3,20,dog\n2.5,33,cat\n",
                                      -1, &error));
  file = g_file_new_for_path (path);
  dataset = nl_dataset_model_new_tutorial ();
  g_assert_true (nl_dataset_model_load_csv (dataset, file, NULL, &error));
  g_assert_no_error (error);
  network = nl_network_model_new (2);
  form = NL_PREDICT_FORM (g_object_ref_sink (nl_predict_form_new ()));
  nl_predict_form_set_models (form, dataset, network);

  /* (1 + 3 + 2.5) / 3 */
  entry = nl_predict_form_get_entry (form, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "2,167");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_false (isnan (nl_predict_form_get_probability (form)));

  g_assert_finalize_object (form);
  g_unlink (path);
}

/* Numbers in files are written with a point under de_DE, and a comma typed
 * into a cell is stored with a point. */
static void
test_csv_numbers (void)
{
  NlWindow *window;
  NlDatasetModel *dataset;
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;
  char *buffer;
  size_t length;
  guint weight_column = G_MAXUINT;

  if (skip_without_german ())
    return;

  /* Formatting follows LC_NUMERIC, which is German here. */
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  for (guint c = 0; c < nl_dataset_model_get_n_columns (dataset); c++)
    if (g_strcmp0 (nl_dataset_model_get_column_name (dataset, c), "Gewicht (lb)") == 0)
      weight_column = c;
  g_assert_cmpuint (weight_column, !=, G_MAXUINT);

  /* Alice's weight, 133, and then 133.25. */
  buffer = nl_csv_write_buffer (nl_dataset_model_get_dataset (dataset), &length);
  g_assert_nonnull (buffer);
  written = g_strndup (buffer, length);
  free (buffer);
  g_assert_nonnull (strstr (written, "Alice,133,"));
  g_clear_pointer (&written, g_free);

  /* A German decimal comma is read as one, and stored with a point. */
  g_assert_true (nl_dataset_model_set_cell (dataset, 0, weight_column, "133,25", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, weight_column), ==, "133.25");
  /* Text that is no number is kept, and said so in German. */
  g_assert_false (nl_dataset_model_set_cell (dataset, 1, weight_column, "1,2,3", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "„1,2,3“ ist keine Zahl"));
  g_clear_error (&error);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 1, weight_column), ==, "1,2,3");

  buffer = nl_csv_write_buffer (nl_dataset_model_get_dataset (dataset), &length);
  g_assert_nonnull (buffer);
  written = g_strndup (buffer, length);
  free (buffer);
  g_assert_null (strstr (written, "133,25"));
  assert_contains (written, "Alice,133.25,65,weiblich");

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK starts, which leaves the locale alone (gtk_disable_setlocale). */
  g_setenv ("LANGUAGE", "de", TRUE);
  have_german = setlocale (LC_ALL, "de_DE.UTF-8") != NULL;
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/i18n/catalogue", test_catalogue);
  g_test_add_func ("/ui/i18n/window", test_window);
  g_test_add_func ("/ui/i18n/tutorial-table", test_tutorial_table);
  g_test_add_func ("/ui/i18n/tutorial-reference", test_tutorial_reference);
  g_test_add_func ("/ui/i18n/worked-example", test_worked_example);
  g_test_add_func ("/ui/i18n/predict-other-table", test_predict_other_table);
  g_test_add_func ("/ui/i18n/csv-numbers", test_csv_numbers);

  return g_test_run ();
}
