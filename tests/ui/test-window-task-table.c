/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-task-table.c: the table's choices, the predict form and the
 * status line follow the task.
 *
 * A person chooses what the network predicts in the Columns menu: a label of
 * three classes, or a number (a target). The predict form then shows the top
 * class and a bar per class, or the predicted number in the target's units;
 * the status line shows RMSE and R² for a number; the menu says why a
 * column cannot be the label or the target; and Undo takes a change of the
 * predicted column back.
 *
 * Without a display every test reports a skip.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "nl-class-bars.h"
#include "nl-predict-form.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

/* The Columns menu's grid: a line per column; Input, Label, Target and the
 * note on what a column cannot be in the columns 1 to 4. */
#define GRID_INPUT  1
#define GRID_LABEL  2
#define GRID_TARGET 3
#define GRID_NOTE   4

static gboolean
is_columns_button (GtkWidget  *widget,
                   const char *label)
{
  return GTK_IS_MENU_BUTTON (widget)
         && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0;
}

/* Opens the Columns menu as a click does and returns its grid. */
static GtkGrid *
open_columns_menu (NlWindow *window)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_columns_button, "Columns");
  GtkWidget *popover;

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  iterate ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (gtk_widget_get_visible (popover));
  return GTK_GRID (find_widget (popover, is_type, "GtkGrid"));
}

static void
close_columns_menu (NlWindow *window)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_columns_button, "Columns");

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  iterate ();
}

/* Chooses @grid_column (Label or Target) for the table's @column in the
 * Columns menu, as a click on it does. */
static void
choose (NlWindow   *window,
        guint       column,
        int         grid_column,
        const char *text)
{
  GtkGrid *grid = open_columns_menu (window);
  GtkWidget *button = gtk_grid_get_child_at (grid, grid_column, (int) column);

  g_assert_true (GTK_IS_CHECK_BUTTON (button));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (button)), ==, text);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  iterate ();
  /* The open menu follows: the predicted column is no input. */
  grid = open_columns_menu (window);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, grid_column,
                                                                                        (int) column))));
  g_assert_null (gtk_grid_get_child_at (grid, GRID_INPUT, (int) column));
  close_columns_menu (window);
}

static gboolean
three_columns (gpointer data)
{
  return nl_dataset_model_get_n_columns (nl_window_get_dataset (data)) == 3;
}

static gboolean
four_columns (gpointer data)
{
  return nl_dataset_model_get_n_columns (nl_window_get_dataset (data)) == 4;
}

/* Three kinds of flower, far apart on a line and a little spread across. */
static char *
dup_flowers_csv (void)
{
  GString *csv = g_string_new ("Length (cm),Width (cm),Species\n");
  const char *species[] = { "setosa", "versicolor", "virginica" };

  for (guint i = 0; i < 36; i++)
    {
      guint k = i % 3;
      char length[G_ASCII_DTOSTR_BUF_SIZE], width[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (length, sizeof length, "%.1f", 1.0 + 3.0 * k + 0.1 * (i % 5));
      g_ascii_formatd (width, sizeof width, "%.1f", 2.0 + 0.2 * ((i * 7) % 5));
      g_string_append_printf (csv, "%s,%s,%s\n", length, width, species[k]);
    }
  return g_string_free (csv, FALSE);
}

/* The network's answer for the predict form's fields, worked out here: the
 * outputs for @raw normalised as the table normalises. */
static void
network_outputs (NlWindow     *window,
                 const double *raw,
                 double       *outputs)
{
  NlDatasetModel *dataset = nl_window_get_dataset (window);
  double x[8];

  nl_dataset_model_normalize_inputs (dataset, raw, x);
  nl_network_model_predict_all (nl_window_get_network (window), x, outputs);
}

/* Three classes: a bar per class, named after it in the classes' order, in
 * place of the bar between two; after training the answer is the top class
 * with its probability, and each bar says its class's. */
static void
test_multiclass_predict (void)
{
  g_autofree char *csv = dup_flowers_csv ();
  NlWindow *window;
  NlPredictForm *form;
  NlClassBars *bars;
  NlTask task;
  double outputs[3], raw[2] = { 4.2, 2.4 };
  const char *result;
  guint top = 0;

  if (ui_test_skip_without_display ())
    return;
  window = window_new ();
  open_csv (window, csv, three_columns);
  /* Nothing to predict yet: the form says where to choose it. */
  form = NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"));
  if (nl_dataset_model_get_label_column (nl_window_get_dataset (window)) < 0)
    {
      g_assert_cmpstr (nl_predict_form_get_result_text (form), ==, "Choose a label or a target in Columns");
      g_assert_false (gtk_widget_is_visible (find_widget (GTK_WIDGET (form), is_type, "GtkLevelBar")));
    }
  choose (window, 2, GRID_LABEL, "Label");

  nl_dataset_model_get_task (nl_window_get_dataset (window), &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_MULTICLASS);
  bars = NL_CLASS_BARS (find_by_type (window, "NlClassBars"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (bars)));
  g_assert_false (gtk_widget_is_visible (find_widget (GTK_WIDGET (form), is_type, "GtkLevelBar")));
  g_assert_cmpuint (nl_class_bars_get_n_classes (bars), ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      GtkWidget *bar = nl_class_bars_get_bar (bars, k);
      const char *name = nl_dataset_model_get_class_name (nl_window_get_dataset (window), k);

      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_ROLE_METER);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      /* The name is on screen beside its bar, too. */
      g_assert_nonnull (find_widget (GTK_WIDGET (bars), is_label_with_text, name));
    }
  g_assert_cmpstr (nl_dataset_model_get_class_name (nl_window_get_dataset (window), 1), ==, "versicolor");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);
  g_assert_cmpfloat (nl_trainer_get_accuracy (nl_window_get_trainer (window)), ==, 1.0);

  /* A versicolor's measurements. */
  gtk_editable_set_text (GTK_EDITABLE (field (window, "Length (cm)")), "4.2");
  gtk_editable_set_text (GTK_EDITABLE (field (window, "Width (cm)")), "2.4");
  network_outputs (window, raw, outputs);
  for (guint k = 1; k < 3; k++)
    if (outputs[k] > outputs[top])
      top = k;
  g_assert_cmpuint (top, ==, 1);

  result = nl_predict_form_get_result_text (form);
  g_assert_true (g_str_has_prefix (result, "versicolor, "));
  g_assert_true (g_str_has_suffix (result, "%"));
  g_assert_cmpfloat_with_epsilon (nl_predict_form_get_probability (form), outputs[1], 1e-12);
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *percent = nl_class_bars_format_percent (outputs[k]);

      g_assert_cmpstr (nl_class_bars_get_percent_text (bars, k), ==, percent);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (nl_class_bars_get_bar (bars, k)),
                                           GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, percent);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (nl_class_bars_get_bar (bars, k)),
                                           GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 100.0 * outputs[k]);
    }
  /* The answer's percentage is the top class's. */
  if (round (1000.0 * outputs[1]) < 1000.0)
    {
      g_autofree char *percent = g_strdup_printf ("%.1f%%", 100.0 * outputs[1]);

      g_assert_true (g_str_has_suffix (result, percent));
    }
  /* Trained, and inside the table's range: no note. */
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  window_destroy (window);
}

/* Bodies whose mass follows their length. */
static const char *bodies_csv =
  "Name,Length (cm),Width (cm),Body mass (g)\n"
  "A,30,10,3100\nB,32,11,3350\nC,35,10,3600\nD,38,12,3900\nE,40,11,4150\n"
  "F,42,13,4300\nG,45,12,4650\nH,48,14,4900\nI,50,13,5150\nJ,52,15,5300\n"
  "K,33,12,3400\nL,37,11,3800\nM,44,14,4500\nN,47,12,4800\nO,51,13,5200\n"
  "P,31,13,3200\n";

/* A number to predict: the answer is the number in the target's units after
 * its name, with no probability and no bar, and the status line shows RMSE
 * and R², for the test rows too. */
static void
test_regression (void)
{
  NlWindow *window;
  NlPredictForm *form;
  NlTrainer *trainer;
  NlEvaluation train, test;
  const char *result, *status;
  double outputs[1], raw[2] = { 41.0, 12.0 };
  double shift, scale, value, shown;
  g_autofree char *rmse = NULL;
  g_auto(GStrv) parts = NULL;

  if (ui_test_skip_without_display ())
    return;
  window = window_new ();
  trainer = nl_window_get_trainer (window);
  open_csv (window, bodies_csv, four_columns);
  choose (window, 3, GRID_TARGET, "Target");
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (nl_window_get_dataset (window)), ==, 2);

  form = NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"));
  g_assert_false (gtk_widget_is_visible (find_widget (GTK_WIDGET (form), is_type, "GtkLevelBar")));
  g_assert_false (gtk_widget_is_visible (find_by_type (window, "NlClassBars")));
  /* Untrained, and it says so. */
  g_assert_true (g_str_has_prefix (nl_predict_form_get_notes_text (form), "The network is not trained yet"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Test %")), 25);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);

  gtk_editable_set_text (GTK_EDITABLE (field (window, "Length (cm)")), "41");
  gtk_editable_set_text (GTK_EDITABLE (field (window, "Width (cm)")), "12");
  network_outputs (window, raw, outputs);
  scale = nl_dataset_model_get_target_scale (nl_window_get_dataset (window), &shift);
  value = outputs[0] * scale + shift;
  g_assert_cmpfloat_with_epsilon (nl_predict_form_get_value (form), value, 1e-9);
  g_assert_true (isnan (nl_predict_form_get_probability (form)));

  result = nl_predict_form_get_result_text (form);
  g_assert_true (g_str_has_prefix (result, "Body mass (g): "));
  g_assert_null (strchr (result, '%'));
  shown = g_ascii_strtod (result + strlen ("Body mass (g): "), NULL);
  /* In grams: the spread is hundreds of them. */
  g_assert_cmpfloat (fabs (shown - value), <=, 0.5);
  g_assert_cmpfloat (fabs (value - 4300.0), <, 600.0);
  g_assert_cmpstr (nl_predict_form_get_notes_text (form), ==, "");

  status = status_text (window);
  if (!g_regex_match_simple ("^Epoch 1000 · Loss [0-9.e-]+ · RMSE [0-9.]+ · R² [0-9.-]+"
                             " · Test loss [0-9.e-]+ · Test RMSE [0-9.]+ · Test R² [0-9.-]+$",
                             status, 0, 0))
    g_error ("Status reads “%s”, expected like “Epoch 1000 · Loss 0.0021 · RMSE 12.3 · R² 0.97 · "
             "Test loss ... · Test RMSE ... · Test R² ...”", status);
  g_assert_null (strstr (status, "Accuracy"));
  nl_trainer_get_evaluation (trainer, &train, &test);
  parts = g_strsplit (status, " · ", -1);
  /* RMSE in grams, three digits; R² to two decimals. */
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (parts[2] + strlen ("RMSE "), NULL), train.rmse,
                                  0.006 * train.rmse);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (parts[3] + strlen ("R² "), NULL), train.r2, 0.005);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (parts[5] + strlen ("Test RMSE "), NULL), test.rmse,
                                  0.006 * test.rmse);
  g_assert_cmpfloat (train.r2, >, 0.5);

  window_destroy (window);
}

/* The Columns menu offers Target for a column of numbers and says, on
 * screen, why a column of names can be neither; Undo takes a change from
 * the label to a target back. */
static void
test_columns_menu (void)
{
  NlWindow *window;
  NlDatasetModel *dataset;
  GtkGrid *grid;
  GtkWidget *note;
  NlTask task;

  if (ui_test_skip_without_display ())
    return;
  window = window_new ();
  dataset = nl_window_get_dataset (window);

  /* The tutorial's Name, Weight (lb), Height (in), Gender. */
  grid = open_columns_menu (window);
  g_assert_false (gtk_widget_get_sensitive (gtk_grid_get_child_at (grid, GRID_LABEL, 0)));
  g_assert_false (gtk_widget_get_sensitive (gtk_grid_get_child_at (grid, GRID_TARGET, 0)));
  note = gtk_grid_get_child_at (grid, GRID_NOTE, 0);
  g_assert_true (GTK_IS_LABEL (note));
  g_assert_true (gtk_widget_is_visible (note));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "a different value in every row"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "Target: not numbers"));

  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, GRID_TARGET, 2))),
                   ==, "Target");
  g_assert_true (gtk_widget_get_sensitive (gtk_grid_get_child_at (grid, GRID_TARGET, 2)));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, GRID_LABEL, 3))));
  g_assert_false (gtk_widget_get_sensitive (gtk_grid_get_child_at (grid, GRID_TARGET, 3)));
  note = gtk_grid_get_child_at (grid, GRID_NOTE, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, "Target: not numbers");
  close_columns_menu (window);

  /* Height (in) becomes the target: no longer an input, and its cells are
   * numbers. */
  choose (window, 2, GRID_TARGET, "Target");
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_REGRESSION);
  g_assert_cmpint (nl_dataset_model_get_label_column (dataset), ==, 2);
  g_assert_cmpuint (nl_network_model_get_n_inputs (nl_window_get_network (window)), ==, 1);
  grid = open_columns_menu (window);
  g_assert_null (gtk_grid_get_child_at (grid, GRID_INPUT, 2));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, GRID_TARGET, 2))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, GRID_LABEL, 3))));
  close_columns_menu (window);
  g_assert_true (g_str_has_prefix (nl_predict_form_get_result_text (NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"))),
                                   "Height (in): "));

  /* Undo: Gender is the label again, Height an input. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_BINARY);
  g_assert_cmpint (nl_dataset_model_get_label_column (dataset), ==, 3);
  g_assert_cmpuint (nl_network_model_get_n_inputs (nl_window_get_network (window)), ==, 2);
  grid = open_columns_menu (window);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, GRID_INPUT, 2))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, GRID_LABEL, 3))));
  close_columns_menu (window);
  /* The tutorial's answer, as before. */
  g_assert_true (g_str_has_prefix (nl_predict_form_get_result_text (NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"))),
                                   "Female, ")
                 || g_str_has_prefix (nl_predict_form_get_result_text (NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"))),
                                      "Male, "));

  /* Redo: the target again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  iterate ();
  g_assert_cmpint (nl_dataset_model_get_column_kind (dataset, 2), ==, NL_COLUMN_TARGET);

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window-task-table/multiclass-predict", test_multiclass_predict);
  g_test_add_func ("/ui/window-task-table/regression", test_regression);
  g_test_add_func ("/ui/window-task-table/columns-menu", test_columns_menu);

  return g_test_run ();
}
