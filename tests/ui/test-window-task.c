/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-task.c: the window follows the task. A table of three
 * classes gives a diagram with an output a class, named after it; the
 * confusion matrix counts 3 x 3 after training, each row adding up to its
 * class's rows; the Backpropagation page explains a softmax output under
 * cross-entropy (dL/dz_k = p_k - y_k) with the sample's numbers, and a
 * regression on the standardised target. The numbers expected are worked
 * out here from the network's own outputs, not read off the page.
 *
 * Without a display every test reports a skip.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-confusion-view.h"
#include "nl-dataset-model.h"
#include "nl-inspector.h"
#include "nl-network-model.h"
#include "nl-network-view.h"
#include "nl-param-editor.h"
#include "nl-trainer.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

/* Three species, six flowers each, in no order. */
static const char iris_csv[] =
  "Sepal length,Sepal width,Petal length,Petal width,Species\n"
  "5.1,3.5,1.4,0.2,setosa\n"
  "7.0,3.2,4.7,1.4,versicolor\n"
  "6.3,3.3,6.0,2.5,virginica\n"
  "4.9,3.0,1.4,0.2,setosa\n"
  "6.4,3.2,4.5,1.5,versicolor\n"
  "5.8,2.7,5.1,1.9,virginica\n"
  "4.7,3.2,1.3,0.2,setosa\n"
  "6.9,3.1,4.9,1.5,versicolor\n"
  "7.1,3.0,5.9,2.1,virginica\n"
  "4.6,3.1,1.5,0.2,setosa\n"
  "5.5,2.3,4.0,1.3,versicolor\n"
  "6.3,2.9,5.6,1.8,virginica\n"
  "5.0,3.6,1.4,0.2,setosa\n"
  "6.5,2.8,4.6,1.5,versicolor\n"
  "6.5,3.0,5.8,2.2,virginica\n"
  "5.4,3.9,1.7,0.4,setosa\n"
  "5.7,2.8,4.5,1.3,versicolor\n"
  "7.6,3.0,6.6,2.1,virginica\n";

static const char *species[] = { "setosa", "versicolor", "virginica" };

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text);
}

static gboolean
iris_loaded (gpointer data)
{
  return nl_dataset_model_get_n_rows (nl_window_get_dataset (data)) == 18;
}

/* The labels of @root with @css_class, depth first (the order of the
 * confusion grids: the training table's cells, true class by true class). */
static void
collect_labels (GtkWidget  *root,
                const char *css_class,
                GPtrArray  *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, css_class))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, css_class, out);
}

/* A window with the three-class table, the species its label. */
static NlWindow *
iris_window (void)
{
  NlWindow *window = window_new ();
  NlDatasetModel *dataset;
  g_autoptr (GError) error = NULL;

  open_csv (window, iris_csv, iris_loaded);
  dataset = nl_window_get_dataset (window);
  g_assert_true (nl_dataset_model_set_label_column (dataset, 4, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpuint (nl_dataset_model_get_n_classes (dataset), ==, 3);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpstr (nl_dataset_model_get_class_name (dataset, k), ==, species[k]);
  return window;
}

/* The diagram draws three outputs, each named after its class, in the
 * tooltip too; the Parameter choices name them the same way. */
static void
test_diagram_classes (void)
{
  NlWindow *window;
  NlNetworkView *view;
  GtkWidget *editor, *choice;
  GListModel *choices;
  guint last;

  if (ui_test_skip_without_display ())
    return;
  window = iris_window ();
  g_assert_cmpuint (nl_network_model_get_n_outputs (nl_window_get_network (window)), ==, 3);
  view = NL_NETWORK_VIEW (find_by_type (window, "NlNetworkView"));
  last = (guint) nl_network_model_get_net (nl_window_get_network (window))->n_layers - 1;

  for (guint k = 0; k < 3; k++)
    {
      double x, y;
      g_autofree char *tip = NULL;
      g_autofree char *expected = g_strdup_printf ("o%u “%s”: bias", k + 1, species[k]);

      g_assert_cmpstr (nl_network_view_get_output_name (view, k), ==, species[k]);
      g_assert_true (nl_network_view_get_unit_position (view, last, k, &x, &y, NULL));
      tip = nl_network_view_describe_at (view, x, y);
      assert_contains (tip, expected);
    }
  g_assert_null (nl_network_view_get_output_name (view, 3));

  /* The last choice is the bias of the last output, its class named. */
  editor = find_by_type (window, "NlParamEditor");
  choice = find_widget (editor, is_type, "GtkDropDown");
  choices = gtk_drop_down_get_model (GTK_DROP_DOWN (choice));
  last = g_list_model_get_n_items (choices) - 1;
  {
    const NlNet *net = nl_network_model_get_net (nl_window_get_network (window));
    g_autofree char *expected = g_strdup_printf ("b%zu (o3 “virginica”)",
                                                 net->n_params - net->n_weights);

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), last), ==, expected);
  }

  window_destroy (window);
}

/* After training, the training rows' matrix is 3 x 3 in the classes'
 * names, and each true class's row adds up to its six rows. */
static void
test_confusion_classes (void)
{
  NlWindow *window;
  GtkWidget *view;
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  g_autoptr (GPtrArray) dims = g_ptr_array_new ();
  guint total = 0;

  if (ui_test_skip_without_display ())
    return;
  window = iris_window ();
  view = find_by_type (window, "NlConfusionView");
  g_assert_false (gtk_widget_get_visible (view));

  g_assert_true (nl_trainer_step (nl_window_get_trainer (window), NULL));
  iterate ();
  g_assert_true (gtk_widget_get_visible (view));
  g_assert_nonnull (find_widget (view, is_label_with_text, "Training (18)"));
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *predicted = g_strdup_printf ("→ %s", species[k]);

      g_assert_nonnull (find_widget (view, is_label_with_text, predicted));
      g_assert_nonnull (find_widget (view, is_label_with_text, species[k]));
    }

  /* The test table is hidden without test rows: the cells shown are the
   * training table's nine, then the test table's nine. */
  collect_labels (view, "confusion-cell", cells);
  g_assert_cmpuint (cells->len, ==, 18);
  for (guint t = 0; t < 3; t++)
    {
      guint row = 0;

      for (guint p = 0; p < 3; p++)
        {
          GtkWidget *cell = g_ptr_array_index (cells, t * 3 + p);
          guint64 count = g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (cell)), NULL, 10);
          g_autofree char *described =
            g_strdup_printf ("true %s, predicted %s: %u", species[t], species[p], (guint) count);

          g_assert_cmpstr (gtk_widget_get_tooltip_text (cell), ==, described);
          g_assert_cmpint (gtk_widget_has_css_class (cell, "diagonal"), ==, t == p);
          row += (guint) count;
        }
      g_assert_cmpuint (row, ==, 6);
      total += row;
    }
  g_assert_cmpuint (total, ==, 18);

  window_destroy (window);
}

/* In the window, the page names the sample's class. */
static void
test_inspector_window (void)
{
  NlWindow *window;
  GtkWidget *editor, *inspector;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;
  window = iris_window ();
  nl_trainer_set_loss_function (nl_window_get_trainer (window), NL_LOSS_BCE);
  editor = find_by_type (window, "NlParamEditor");
  inspector = find_by_type (window, "NlInspector");
  /* Choosing a parameter takes the first row, a setosa. */
  nl_param_editor_set_param (NL_PARAM_EDITOR (editor), 0);
  iterate ();
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (text, "true class: setosa (o1)");
  assert_contains (text, "o2 (versicolor) = ");
  assert_contains (text, "Softmax with cross-entropy: ∂L/∂z_k = p_k − y_k");

  window_destroy (window);
}

/* A 4-5-3 network under a softmax, its parameters drawn from a seed. */
static NlNet *
softmax_net (void)
{
  static const size_t sizes[] = { 4, 5, 3 };
  static const NlActivation acts[] = { 0, NL_ACTIVATION_TANH, NL_ACTIVATION_SOFTMAX };
  NlNet *net = nl_net_new (3, sizes, acts, NULL);
  NlRng rng;

  nl_rng_seed (&rng, 11);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  return net;
}

/* Softmax with cross-entropy: a parameter of output o3 starts from
 * dL/dz_o3 = p3 - 0, a hidden one sums the paths through every output,
 * each starting from p_k - y_k, the true class's with y = 1. */
static void
test_inspector_softmax (void)
{
  static const double x[] = { 0.4, -1.1, 0.9, 0.2 };
  static const char *names[] = { "setosa", "versicolor", "virginica", NULL };
  NlNet *net = softmax_net ();
  NlWork *work = nl_work_new (net);
  GtkWidget *inspector;
  NlTask task;
  const double *p;
  g_autofree char *output = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *o3 = NULL;
  g_autofree char *title = NULL;
  size_t w_o3;

  if (ui_test_skip_without_display ())
    return;

  nl_net_forward (net, work, x);
  p = nl_net_outputs (net, work);
  nl_task_init (&task, NL_TASK_MULTICLASS, 3);
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_task (NL_INSPECTOR (inspector), &task, names, 0, 1);
  /* Versicolor, class 1, is the true one. */
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, x, 1, "Row 1", NL_LOSS_BCE, 0.1);

  /* The weight from h2 into o3. */
  w_o3 = nl_net_weight_index (net, 2, 2, 1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), (gssize) w_o3);
  output = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (output, "Row 1: x1 = 0.4, x2 = -1.1, x3 = 0.9, x4 = 0.2, true class: versicolor (o2)");
  title = g_strdup_printf ("w%zu (h2 → o3 (virginica))", w_o3 + 1);
  assert_contains (output, title);
  o3 = g_strdup_printf ("∂L/∂z_o3 = p3 − y3 = %.3g − 0 = %.3g", p[2], p[2]);
  assert_contains (output, o3);
  assert_contains (output, "1 for the true class, o2 (versicolor), and 0 for the others");
  {
    g_autofree char *gradient =
      g_strdup_printf ("= %.3g × %.3g = %.3g", p[2], work->a[net->unit_offset[1] + 1],
                       p[2] * work->a[net->unit_offset[1] + 1]);

    assert_contains (output, gradient);
  }

  /* A weight into h1: the paths through the three outputs, the true
   * class's dL/dz being p2 - 1. */
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  hidden = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (hidden, "∂L/∂h1 sums the paths through the outputs:");
  for (int k = 0; k < 3; k++)
    {
      double delta = p[k] - (k == 1 ? 1.0 : 0.0);
      double w = net->params[nl_net_weight_index (net, 2, k, 0)];
      g_autofree char *line = g_strdup_printf ("∂L/∂z_o%d = p%d − y%d = %.3g − %d = %.3g",
                                               k + 1, k + 1, k + 1, p[k], k == 1, delta);
      g_autofree char *path = g_strdup_printf ("via o%d (%s): w%zu × ∂L/∂z_o%d = %.3g × %.3g = %.3g",
                                               k + 1, names[k],
                                               nl_net_weight_index (net, 2, k, 0) + 1,
                                               k + 1, w, delta, w * delta);

      assert_contains (hidden, line);
      assert_contains (hidden, path);
    }

  g_assert_finalize_object (inspector);
  nl_work_free (work);
  nl_net_free (net);
}

/* Regression: y is the target standardised, the loss is against it, and
 * the error is told in the target's units too. */
static void
test_inspector_regression (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  static const NlActivation acts[] = { 0, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_LINEAR };
  static const double x[] = { -0.5, 1.2 };
  static const char *names[] = { "Body mass (g)", NULL };
  NlNet *net = nl_net_new (3, sizes, acts, NULL);
  NlWork *work = nl_work_new (net);
  GtkWidget *inspector;
  NlTask task;
  NlRng rng;
  double y_pred, y = (4600.0 - 4200.0) / 800.0;
  g_autofree char *text = NULL;
  g_autofree char *units = NULL;
  g_autofree char *step = NULL;

  if (ui_test_skip_without_display ())
    return;

  nl_rng_seed (&rng, 3);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  y_pred = nl_net_forward (net, work, x);
  nl_task_init (&task, NL_TASK_REGRESSION, 0);
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_task (NL_INSPECTOR (inspector), &task, names, 4200, 800);
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, x, 4600, "Adelie", NL_LOSS_MSE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 4);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));

  assert_contains (text, "Adelie: x1 = -0.5, x2 = 1.2, Body mass (g) = 4600, standardised y = 0.5");
  assert_contains (text, "y = (4600 − 4200) / 800 = 0.5");
  units = g_strdup_printf ("y_pred − y = %.3g standardised, %.4g in Body mass (g) (× 800, its "
                           "standard deviation); y_pred is %.4g there.",
                           y_pred - y, (y_pred - y) * 800, y_pred * 800 + 4200);
  assert_contains (text, units);
  /* The loss is the standardised one: (y_pred - 0.5)², not against 4600. */
  step = g_strdup_printf ("loss %.6f →", (y - y_pred) * (y - y_pred));
  assert_contains (text, step);

  g_assert_finalize_object (inspector);
  nl_work_free (work);
  nl_net_free (net);
}

/* Twenty classes: the matrix scrolls sideways rather than widen the
 * window, and the names over its columns are cut short. */
static void
test_confusion_many (void)
{
  g_autoptr (GString) csv = g_string_new ("A,B,Kind\n");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer *trainer;
  NlTask task;
  GtkWidget *view, *window;
  int fd, minimum, natural;

  if (ui_test_skip_without_display ())
    return;

  for (int k = 0; k < 20; k++)
    for (int i = 0; i < 2; i++)
      g_string_append_printf (csv, "%d,%d,a long class name %02d\n", k, i, k);
  fd = g_file_open_tmp ("neuronlab-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv->str, -1, &error));
  file = g_file_new_for_path (path);
  dataset = nl_dataset_model_new_tutorial ();
  g_assert_true (nl_dataset_model_load_csv (dataset, file, NULL, &error));
  g_unlink (path);
  g_assert_true (nl_dataset_model_set_label_column (dataset, 2, &error));
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpuint (task.n_classes, ==, 20);
  network = nl_network_model_new (nl_dataset_model_get_n_inputs (dataset));
  nl_network_model_set_task (network, &task);
  trainer = nl_trainer_new (network, dataset);

  view = nl_confusion_view_new ();
  nl_confusion_view_set_models (NL_CONFUSION_VIEW (view), dataset, trainer);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (nl_trainer_step (trainer, NULL));
  iterate ();

  g_assert_true (gtk_widget_get_visible (view));
  g_assert_nonnull (find_widget (view, is_label_with_text, "Training (40)"));
  g_assert_nonnull (find_widget (view, is_label_with_text, "a long class name 19"));
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <, 200);
  g_assert_cmpint (natural, >, minimum);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (trainer);
  g_assert_finalize_object (network);
  g_assert_finalize_object (dataset);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/task/diagram-classes", test_diagram_classes);
  g_test_add_func ("/ui/task/confusion-classes", test_confusion_classes);
  g_test_add_func ("/ui/task/confusion-many", test_confusion_many);
  g_test_add_func ("/ui/task/inspector-window", test_inspector_window);
  g_test_add_func ("/ui/task/inspector-softmax", test_inspector_softmax);
  g_test_add_func ("/ui/task/inspector-regression", test_inspector_regression);

  return g_test_run ();
}
