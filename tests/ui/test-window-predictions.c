/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-predictions.c: the window's Predictions page, a regression's
 * predicted-against-actual plot: there for a regression only, with every
 * training and test row on it, and following the network as it trains; and
 * the Decision Boundary page following a multi-class table.
 *
 * Without a display every test reports a skip.
 */
#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-prediction-plot.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

static gboolean
is_views_stack (GtkWidget  *widget,
                const char *data)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "loss");
}

/* The switcher's button that reads @title, as a person sees the tabs;
 * NULL when there is none. */
static GtkWidget *
switcher_button (NlWindow   *window,
                 const char *title)
{
  GtkWidget *switcher = find_by_type (window, "GtkStackSwitcher");

  for (GtkWidget *b = gtk_widget_get_first_child (switcher); b != NULL; b = gtk_widget_get_next_sibling (b))
    {
      GtkWidget *label = gtk_widget_get_first_child (b);

      if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), title) == 0)
        return b;
    }
  return NULL;
}

static gboolean
predictions_shown (NlWindow *window)
{
  GtkWidget *button = switcher_button (window, "Predictions");

  return button != NULL && gtk_widget_get_visible (button);
}

static gboolean
has_target (gpointer data)
{
  NlDatasetModel *dataset = nl_window_get_dataset (data);

  return nl_dataset_model_get_n_columns (dataset) == 3 &&
         g_strcmp0 (nl_dataset_model_get_column_name (dataset, 2), "price") == 0;
}

/* price = 3 size - 2 age + 10, roughly. */
static const char regression_csv[] =
  "size,age,price\n"
  "1,5,3\n2,1,14\n3,4,11\n4,2,18\n5,6,13\n6,3,22\n7,1,29\n8,5,24\n9,2,33\n10,4,32\n"
  "11,6,31\n12,1,44\n13,3,43\n14,5,42\n15,2,51\n16,4,50\n17,6,49\n18,3,58\n19,1,65\n20,5,60\n";

static void
make_regression (NlWindow *window)
{
  NlDatasetModel *dataset = nl_window_get_dataset (window);
  g_autoptr (GError) error = NULL;

  open_csv (window, regression_csv, has_target);
  g_assert_true (nl_dataset_model_set_target_column (dataset, 2, &error));
  g_assert_no_error (error);
  iterate ();
}

static gboolean
binary_table (gpointer data)
{
  NlDatasetModel *dataset = nl_window_get_dataset (data);

  return g_strcmp0 (nl_dataset_model_get_column_name (dataset, 0), "a") == 0 &&
         nl_dataset_model_get_label_column (dataset) == 2;
}

/* The page is there for a regression only: not for the tutorial's two
 * classes, there once a column is the target, gone again when a column with
 * two classes is the label. */
static void
test_page_follows_task (void)
{
  NlWindow *window;
  GtkStack *stack;
  NlPredictionPlot *plot;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  stack = GTK_STACK (find_widget (GTK_WIDGET (window), is_views_stack, NULL));
  plot = NL_PREDICTION_PLOT (gtk_stack_get_child_by_name (stack, "predictions"));
  g_assert_nonnull (plot);
  g_assert_nonnull (switcher_button (window, "Loss"));
  g_assert_false (predictions_shown (window));

  make_regression (window);
  g_assert_true (predictions_shown (window));
  g_assert_cmpuint (nl_prediction_plot_get_n_points (plot, FALSE), ==, 20);
  gtk_stack_set_visible_child_name (stack, "predictions");
  iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "predictions");

  /* A table of two classes: the page goes, and the window shows another. */
  open_csv (window, "a,b,c\n1,2,M\n2,3,F\n3,1,M\n4,4,F\n", binary_table);
  g_assert_false (predictions_shown (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), !=, "predictions");
  g_assert_cmpuint (nl_prediction_plot_get_n_points (plot, FALSE), ==, 0);

  window_destroy (window);
}

static gboolean
test_rows_split (gpointer data)
{
  return nl_prediction_plot_get_n_points (data, TRUE) > 0;
}

/* Training moves the points towards the diagonal: the figures on the plot
 * are those of the network the window has, and a test split shows its rows
 * too. */
static void
test_plot_follows_training (void)
{
  NlWindow *window;
  GtkStack *stack;
  NlPredictionPlot *plot;
  NlTrainer *trainer;
  double rmse_before, rmse_after, r2_after, actual, predicted;
  double x[2];
  NlNetworkModel *network;
  const NlDataset *ds;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  stack = GTK_STACK (find_widget (GTK_WIDGET (window), is_views_stack, NULL));
  plot = NL_PREDICTION_PLOT (gtk_stack_get_child_by_name (stack, "predictions"));
  trainer = nl_window_get_trainer (window);
  network = nl_window_get_network (window);
  make_regression (window);

  nl_trainer_set_test_percent (trainer, 20);
  g_assert_true (wait_until (test_rows_split, plot));
  g_assert_cmpuint (nl_prediction_plot_get_n_points (plot, FALSE) +
                    nl_prediction_plot_get_n_points (plot, TRUE), ==, 20);
  g_assert_cmpuint (nl_prediction_plot_get_n_points (plot, TRUE), ==, 4);

  g_assert_true (nl_prediction_plot_get_metrics (plot, FALSE, &rmse_before, NULL));
  gtk_editable_set_text (GTK_EDITABLE (field (window, "Epochs")), "300");
  iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);

  g_assert_true (nl_prediction_plot_get_metrics (plot, FALSE, &rmse_after, &r2_after));
  /* The plot's figures are the trainer's, as the status line gives them. */
  {
    NlEvaluation train_eval, test_eval;

    nl_trainer_get_evaluation (trainer, &train_eval, &test_eval);
    g_assert_cmpfloat_with_epsilon (rmse_after, train_eval.rmse, 1e-9 * MAX (1.0, rmse_after));
    g_assert_cmpfloat_with_epsilon (r2_after, train_eval.r2, 1e-9);
  }
  g_assert_true (nl_prediction_plot_get_metrics (plot, TRUE, NULL, NULL));

  /* A point is the row's target against what the window's network says. */
  g_assert_true (nl_prediction_plot_get_point (plot, FALSE, 0, &actual, &predicted));
  ds = nl_dataset_model_get_dataset (nl_window_get_dataset (window));
  {
    double shift = 0, scale = nl_dataset_model_get_target_scale (nl_window_get_dataset (window), &shift);
    gboolean found = FALSE;

    for (size_t r = 0; r < ds->n_rows && !found; r++)
      {
        if (nl_dataset_cell (ds, r, 2)->value != actual)
          continue;
        x[0] = nl_dataset_normalize (ds, 0, nl_dataset_cell (ds, r, 0)->value);
        x[1] = nl_dataset_normalize (ds, 1, nl_dataset_cell (ds, r, 1)->value);
        g_assert_cmpfloat_with_epsilon (nl_network_model_predict (network, x) * scale + shift,
                                        predicted, 1e-6 * MAX (1.0, fabs (predicted)));
        found = TRUE;
      }
    g_assert_true (found);
  }

  window_destroy (window);
}

static gboolean
has_three_classes (gpointer data)
{
  NlDatasetModel *dataset = nl_window_get_dataset (data);

  return nl_dataset_model_get_n_columns (dataset) == 3 &&
         g_strcmp0 (nl_dataset_model_get_column_name (dataset, 2), "kind") == 0;
}

/* A table of three classes: the map shows them, named as the table names
 * them, and the Neuron choice calls the map the network's output. */
static void
test_boundary_three_classes (void)
{
  static const char csv[] =
    "x,y,kind\n"
    "-2,-1,ant\n-2.2,-0.8,ant\n-1.8,-1.2,ant\n"
    "2,-1,bee\n2.2,-0.8,bee\n1.8,-1.2,bee\n"
    "0,2,cat\n0.2,2.2,cat\n-0.2,1.8,cat\n";
  NlWindow *window;
  NlBoundaryView *view;
  NlDatasetModel *dataset;
  g_autoptr (GError) error = NULL;
  GtkWidget *neuron;
  GtkStringObject *item;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  view = NL_BOUNDARY_VIEW (find_by_type (window, "NlBoundaryView"));
  open_csv (window, csv, has_three_classes);
  g_assert_true (nl_dataset_model_set_label_column (dataset, 2, &error));
  g_assert_no_error (error);
  iterate ();

  g_assert_cmpstr (nl_boundary_view_get_class_name (view, 0), ==, "ant");
  g_assert_cmpstr (nl_boundary_view_get_class_name (view, 2), ==, "cat");
  g_assert_true (nl_boundary_view_get_class_at (view, 0, 0, NULL, NULL));
  g_assert_false (predictions_shown (window));

  neuron = field (window, "Neuron");
  item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (neuron));
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, "Network output");

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/predictions/page-follows-task", test_page_follows_task);
  g_test_add_func ("/ui/window/predictions/plot-follows-training", test_plot_follows_training);
  g_test_add_func ("/ui/window/predictions/boundary-three-classes", test_boundary_three_classes);

  return g_test_run ();
}
