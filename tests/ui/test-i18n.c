/* test-i18n.c: the window in German, with the translations built in this
 * build tree (TEST_LOCALEDIR, <build>/po), found in the widget tree the way a
 * person reads them; and numbers written to files stay locale-independent
 * (a point for decimals) whatever the language.
 *
 * Without the de_DE.UTF-8 locale (build-aux/deps generates it) or without a
 * display every test reports a skip.
 */

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "nl-csv.h"
#include "nl-predict-form.h"
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

/* The window speaks German: buttons, field labels, status line, predictions. */
static void
test_window (void)
{
  NlWindow *window;
  NlPredictForm *form;
  GtkWidget *weight;
  const char *result;
  const char *status;

  if (skip_without_german ())
    return;

  window = window_new ();

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

  /* The prediction's own words are German; the class names are the table's. */
  form = NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"));
  result = nl_predict_form_get_result_text (form);
  if (!g_regex_match_simple ("^(Female|Male), [0-9]+,[0-9]\u00a0%$", result, 0, 0))
    g_error ("The prediction reads “%s”, expected like “Female, 95,1 %%”", result);

  /* A German decimal comma is read as one (model/nl-number.h). */
  weight = field (window, "Weight (lb)");
  gtk_editable_set_text (GTK_EDITABLE (weight), "128,5");
  iterate ();
  result = nl_predict_form_get_result_text (form);
  if (!g_regex_match_simple ("^(Female|Male), [0-9]+,[0-9]\u00a0%$", result, 0, 0))
    g_error ("With 128,5 lb the prediction reads “%s”", result);
  /* Text that is no number is refused, in German. */
  gtk_editable_set_text (GTK_EDITABLE (weight), "viel");
  iterate ();
  result = nl_predict_form_get_result_text (form);
  g_assert_nonnull (strstr (result, "„viel“ ist keine Zahl"));

  /* One epoch: the status line reads "Epoche 1 · Verlust … · Genauigkeit … %". */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  iterate ();
  status = status_text (window);
  if (!g_regex_match_simple ("^Epoche 1 · Verlust [0-9]+,[0-9]+ · Genauigkeit [0-9]+\u00a0%$",
                                  status, 0, 0))
    g_error ("The status line reads “%s”", status);

  window_destroy (window);
}

/* Numbers in files are written with a point under de_DE; a typed comma is
 * read as the decimal separator. */
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
    if (g_strcmp0 (nl_dataset_model_get_column_name (dataset, c), "Weight (lb)") == 0)
      weight_column = c;
  g_assert_cmpuint (weight_column, !=, G_MAXUINT);

  /* Alice's weight, 133, and then 133.25. */
  buffer = nl_csv_write_buffer (nl_dataset_model_get_dataset (dataset), &length);
  g_assert_nonnull (buffer);
  written = g_strndup (buffer, length);
  free (buffer);
  g_assert_nonnull (strstr (written, "Alice,133,"));
  g_clear_pointer (&written, g_free);

  g_assert_true (nl_dataset_model_set_cell (dataset, 0, weight_column, "133.5", &error));
  g_assert_no_error (error);
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
  g_assert_nonnull (strstr (written, "133.25"));
  g_assert_null (strstr (written, "133,25"));
  g_assert_nonnull (strstr (written, "Alice,133.25,65,Female"));

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
  g_test_add_func ("/ui/i18n/csv-numbers", test_csv_numbers);

  return g_test_run ();
}
