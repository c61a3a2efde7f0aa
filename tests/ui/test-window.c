/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window, driven through its actions as the header
 * bar's buttons would drive it, with the models read back through the
 * window's getters.
 *
 * The window has no getters for its controls, so the tests find them in the
 * widget tree the way a person finds them on screen: the button bound to an
 * action, the field whose visible label says "Learning rate".
 *
 * Without a display every test reports a skip.
 */

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "nl-dataset-view.h"
#include "nl-inspector.h"
#include "nl-network-view.h"
#include "nl-predict-form.h"
#include "nl-row.h"
#include "nl-boundary-view.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

static gboolean
only_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

static void
assert_params_finite (NlNetworkModel *network)
{
  guint n;
  const double *params = nl_network_model_get_params (network, &n);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    if (!isfinite (params[i]))
      g_error ("Parameter %u is %g after training", i, params[i]);
}

/* Tests */

/* (a) Train: the button reads Stop during the run, the loss falls, and the
 * status line tells the outcome in the design's words. */
static void
test_train (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  GtkWidget *button;
  const NlHistoryBucket *history;
  gsize n_history;
  const char *status;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);
  button = button_for_action (window, "win.train");

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Train");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (status_text (window), ==, "Not trained yet");
  g_assert_cmpuint (nl_trainer_get_epochs (trainer), ==, 1000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_true (nl_trainer_get_running (trainer));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Stop");
  /* Step and the architecture wait for the run. */
  g_assert_false (gtk_widget_is_sensitive (button_for_action (window, "win.step")));
  g_assert_false (gtk_widget_is_sensitive (field (window, "Hidden neurons")));

  wait_for_run_end (window);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Train");
  g_assert_true (gtk_widget_is_sensitive (button_for_action (window, "win.step")));
  g_assert_true (gtk_widget_is_sensitive (field (window, "Hidden neurons")));
  g_assert_null (nl_window_get_notification (window));

  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 1000);
  history = nl_history_buckets (nl_trainer_get_history (trainer), &n_history);
  g_assert_cmpuint (n_history, ==, 1000);
  g_assert_cmpfloat (nl_trainer_get_loss (trainer), <, history[0].min);
  g_assert_cmpfloat (nl_trainer_get_loss (trainer), <, 0.01);
  g_assert_cmpfloat (nl_trainer_get_loss (trainer), ==, history[n_history - 1].min);
  g_assert_cmpfloat (nl_trainer_get_accuracy (trainer), ==, 1.0);

  status = status_text (window);
  if (!g_regex_match_simple ("^Epoch 1000 · Loss 0\\.00[0-9][0-9] · Accuracy 100%$", status, 0, 0))
    g_error ("Status reads “%s”, expected like “Epoch 1000 · Loss 0.0021 · Accuracy 100%%”", status);

  /* Train again: the epochs add up. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 2000);
  g_assert_true (g_str_has_prefix (status_text (window), "Epoch 2000 · "));

  window_destroy (window);
}

/* Stop: the button that reads Stop stops the run, and that is no error. */
static void
test_stop (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  GtkWidget *button;
  guint64 epoch;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);
  button = button_for_action (window, "win.train");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Epochs")), 10000000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Stop");
  g_assert_true (gtk_widget_is_sensitive (button));

  /* Let some progress arrive, then press Stop. */
  while (nl_trainer_get_epoch (trainer) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);

  epoch = nl_trainer_get_epoch (trainer);
  g_assert_cmpuint (epoch, >, 0);
  g_assert_cmpuint (epoch, <, 10000000);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Train");
  g_assert_null (nl_window_get_notification (window));
  g_assert_true (g_str_has_prefix (status_text (window), "Epoch "));
  assert_params_finite (nl_window_get_network (window));

  window_destroy (window);
}

/* (b) Step trains one epoch; Reset goes back to the seed's parameters. */
static void
test_step_reset (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  NlNetworkModel *network;
  g_autoptr (NlNetworkModel) fresh = NULL;
  const double *params, *fresh_params;
  guint n, n_fresh;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);
  network = nl_window_get_network (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 1);
  g_assert_cmpuint (nl_history_epochs (nl_trainer_get_history (trainer)), ==, 1);
  g_assert_true (g_str_has_prefix (status_text (window), "Epoch 1 "));
  g_assert_false (nl_trainer_get_running (trainer));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 2);
  g_assert_true (g_str_has_prefix (status_text (window), "Epoch 2 "));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 0);
  g_assert_cmpuint (nl_history_epochs (nl_trainer_get_history (trainer)), ==, 0);
  g_assert_cmpstr (status_text (window), ==, "Not trained yet");

  fresh = nl_network_model_new (2);
  g_assert_cmpuint (nl_network_model_get_seed (network), ==, nl_network_model_get_seed (fresh));
  params = nl_network_model_get_params (network, &n);
  fresh_params = nl_network_model_get_params (fresh, &n_fresh);
  g_assert_cmpuint (n, ==, n_fresh);
  g_assert_cmpmem (params, n * sizeof (double), fresh_params, n_fresh * sizeof (double));

  /* After training, a new seed waits for Reset, which then applies it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Seed")), 7);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 0);
  nl_network_model_set_seed (fresh, 7);
  nl_network_model_reset (fresh);
  params = nl_network_model_get_params (network, &n);
  fresh_params = nl_network_model_get_params (fresh, &n_fresh);
  g_assert_cmpmem (params, n * sizeof (double), fresh_params, n_fresh * sizeof (double));

  g_assert_finalize_object (g_steal_pointer (&fresh));
  window_destroy (window);
}

/* (c) A table with one class left cannot be trained, and the window says why. */
static void
test_untrainable (void)
{
  NlWindow *window;
  NlDatasetModel *dataset;
  NlTrainer *trainer;
  GtkWidget *button, *reason;
  g_autofree char *expected = NULL;
  guint row;
  int label_column;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  trainer = nl_window_get_trainer (window);
  button = button_for_action (window, "win.train");

  g_assert_null (find_widget (GTK_WIDGET (window), is_label_with_text_prefix, "Cannot train"));

  /* Alice F, Bob M, Charlie M, Diana F: without the men only one class is left. */
  g_assert_cmpuint (nl_dataset_model_get_n_rows (dataset), ==, 4);
  nl_dataset_model_remove_row (dataset, 1);
  g_assert_true (nl_dataset_model_get_trainable (dataset));
  g_assert_true (gtk_widget_is_sensitive (button));
  nl_dataset_model_remove_row (dataset, 1);
  iterate ();

  g_assert_false (nl_dataset_model_get_trainable (dataset));
  g_assert_nonnull (nl_dataset_model_get_trainable_reason (dataset));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_is_sensitive (button_for_action (window, "win.step")));

  reason = find_widget (GTK_WIDGET (window), is_label_with_text_prefix, "Cannot train: ");
  g_assert_nonnull (reason);
  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_true (gtk_widget_get_mapped (reason));
  expected = g_strdup_printf ("Cannot train: %s", nl_dataset_model_get_trainable_reason (dataset));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (reason)), ==, expected);

  /* The disabled actions do nothing, whatever activates them. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  iterate ();
  g_assert_false (nl_trainer_get_running (trainer));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 0);

  /* A man again: trainable, the reason goes away. */
  row = nl_dataset_model_add_row (dataset);
  label_column = nl_dataset_model_get_label_column (dataset);
  g_assert_cmpint (label_column, >=, 0);
  g_assert_true (nl_dataset_model_set_cell (dataset, row, nl_dataset_model_get_input_column (dataset, 0),
                                            "155", NULL));
  g_assert_true (nl_dataset_model_set_cell (dataset, row, nl_dataset_model_get_input_column (dataset, 1),
                                            "68", NULL));
  g_assert_true (nl_dataset_model_set_cell (dataset, row, label_column, "Male", NULL));
  iterate ();
  g_assert_true (nl_dataset_model_get_trainable (dataset));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_get_visible (reason));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 1000);

  window_destroy (window);
}

/* (d) A learning rate far too large: the run stops with the reason, and the
 * network keeps finite parameters. */
static void
test_diverge (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  const char *message;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Learning rate")), 1000);
  g_assert_cmpfloat (nl_trainer_get_learning_rate (trainer), ==, 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);

  message = nl_window_get_notification (window);
  g_assert_nonnull (message);
  if (strstr (message, "diverged") == NULL || strstr (message, "learning rate") == NULL)
    g_error ("Notification reads “%s”, expected the divergence message", message);
  assert_params_finite (nl_window_get_network (window));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), <, 1000);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button_for_action (window, "win.train"))), ==, "Train");

  /* A sensible rate trains again, and the old message goes away. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Learning rate")), 0.1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_null (nl_window_get_notification (window));
  wait_for_run_end (window);
  g_assert_null (nl_window_get_notification (window));
  g_assert_cmpfloat (nl_trainer_get_loss (trainer), <, 0.01);

  window_destroy (window);
}

static void
assert_hidden_sizes (NlNetworkModel *network,
                     guint           n_expected,
                     const guint    *expected)
{
  guint n_layers;
  const guint *sizes = nl_network_model_get_hidden_sizes (network, &n_layers);

  g_assert_cmpuint (n_layers, ==, n_expected);
  for (guint i = 0; i < n_layers; i++)
    g_assert_cmpuint (sizes[i], ==, expected[i]);
  g_assert_cmpuint (nl_network_model_get_net (network)->n_layers, ==, n_expected + 2);
}

/* (e) Hidden neurons: nonsense is refused with a message and changes
 * nothing; "4,3" builds two hidden layers. */
static void
test_hidden (void)
{
  static const guint one[] = { 2 };
  static const guint two[] = { 4, 3 };
  NlWindow *window;
  NlNetworkModel *network;
  GtkWidget *entry;
  guint n_params;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  network = nl_window_get_network (window);
  entry = field (window, "Hidden neurons");
  g_assert_true (GTK_IS_EDITABLE (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "2");
  assert_hidden_sizes (network, 1, one);
  n_params = nl_network_model_get_n_params (network);
  g_assert_cmpuint (n_params, ==, 9);

  gtk_editable_set_text (GTK_EDITABLE (entry), "abc");
  g_signal_emit_by_name (entry, "activate");
  g_assert_nonnull (nl_window_get_notification (window));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  assert_hidden_sizes (network, 1, one);
  g_assert_cmpuint (nl_network_model_get_n_params (network), ==, n_params);

  /* Train refuses to start on a field it cannot read. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_false (nl_trainer_get_running (nl_window_get_trainer (window)));
  assert_hidden_sizes (network, 1, one);

  gtk_editable_set_text (GTK_EDITABLE (entry), "4,3");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  assert_hidden_sizes (network, 2, two);
  /* 2 inputs -> 4 -> 3 -> 1: (2 + 1) * 4 + (4 + 1) * 3 + (3 + 1) * 1 */
  g_assert_cmpuint (nl_network_model_get_n_params (network), ==, 31);
  g_assert_cmpstr (nl_network_model_get_hidden (network), ==, "4,3");

  /* The deeper network trains. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Epochs")), 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);
  g_assert_cmpuint (nl_trainer_get_epoch (nl_window_get_trainer (window)), ==, 3000);
  assert_params_finite (network);

  window_destroy (window);
}

/* (f) Closing the window in the middle of a run: no crash, the run ends,
 * and neither the window nor the trainer is kept alive by it. */
static void
test_close_while_training (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  gpointer weak_window;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = g_object_ref (nl_window_get_trainer (window));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Epochs")), 10000000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_true (nl_trainer_get_running (trainer));
  /* Some progress first, so the run is well under way. */
  while (nl_trainer_get_epoch (trainer) == 0)
    g_main_context_iteration (NULL, TRUE);

  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  /* As the window manager's close button does. Training is an unsaved
   * change: the window asks first, and the changes are discarded. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (nl_window_get_close_dialog (window));
  gtk_dialog_response (GTK_DIALOG (nl_window_get_close_dialog (window)), GTK_RESPONSE_REJECT);
  if (!wait_until (pointer_cleared, &weak_window))
    g_error ("The window was not finalized within %d s of being closed mid-run", WAIT_SECONDS);

  if (!wait_until (trainer_idle, trainer))
    g_error ("The run went on after its window closed");
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), <, 10000000);
  /* The run's own reference goes when its task completes. */
  if (!wait_until (only_ref, trainer))
    g_error ("Something still holds the trainer after its window closed (%u references)",
             G_OBJECT (trainer)->ref_count);
  g_assert_finalize_object (trainer);
}

/* Destroying, not closing: dispose alone must stop the run too. */
static void
test_destroy_while_training (void)
{
  NlWindow *window;
  NlTrainer *trainer;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = g_object_ref (nl_window_get_trainer (window));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Epochs")), 10000000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (nl_trainer_get_epoch (trainer) == 0)
    g_main_context_iteration (NULL, TRUE);

  /* As the application's Quit does: gtk_window_destroy(), no close-request. */
  window_destroy (window);
  if (!wait_until (trainer_idle, trainer))
    g_error ("The run went on after its window was destroyed");
  /* Ten million epochs take seconds; a run stopped by the destroy ends long
   * before that. */
  if (nl_trainer_get_epoch (trainer) >= 10000000)
    g_error ("The run trained all its %" G_GUINT64_FORMAT " epochs after its window was "
             "destroyed: destroying the window did not stop it (the pending run keeps "
             "the window alive, so its dispose, which stops the run, waits for the run)",
             nl_trainer_get_epoch (trainer));
  if (!wait_until (only_ref, trainer))
    g_error ("Something still holds the trainer after its window was destroyed (%u references)",
             G_OBJECT (trainer)->ref_count);
  g_assert_finalize_object (trainer);
}

/* The tutorial's worked example in one click: every weight 1, every bias
 * 0, Alice, and dL/dw1 written as its chain of factors. */
static void
test_worked_example (void)
{
  NlWindow *window;
  const double *params;
  g_autofree char *text = NULL;
  guint n;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  /* From a trained, reshaped network, so the preset has work to do. */
  gtk_editable_set_text (GTK_EDITABLE (field (window, "Hidden neurons")), "3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.worked-example", NULL));
  iterate ();

  params = nl_network_model_get_params (nl_window_get_network (window), &n);
  g_assert_cmpuint (n, ==, 9);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (params[i], ==, i < 6 ? 1.0 : 0.0);

  text = nl_inspector_get_text (NL_INSPECTOR (find_by_type (window, "NlInspector")));
  g_assert_nonnull (strstr (text, "Alice"));
  g_assert_nonnull (strstr (text, "h1 = 0.0474"));
  g_assert_nonnull (strstr (text, "o1 = 0.524"));
  /* The six figures: h1, o1, then dL/dy_pred = -2 (1 - 0.524) worked
   * from o1 as shown, the two other factors and the unrounded gradient. */
  g_assert_nonnull (strstr (text, "= -0.952 × 0.249 × -0.0904 = 0.0215"));

  window_destroy (window);
}

/* The parameters one nl_net_sgd_step() on table row @row gives, from the
 * network as it is now; free with g_free(). */
static double *
expected_after_sample (NlWindow *window,
                       guint     row)
{
  NlDatasetModel *dataset = nl_window_get_dataset (window);
  NlTrainer *trainer = nl_window_get_trainer (window);
  g_autoptr (NlRow) item = g_list_model_get_item (G_LIST_MODEL (dataset), row);
  NlNet *net = nl_net_copy (nl_network_model_get_net (nl_window_get_network (window)));
  NlWork *work = nl_work_new (net);
  double x[2] = { nl_row_get_normalized (item, 0), nl_row_get_normalized (item, 1) };
  double *params;

  nl_net_sgd_step (net, work, x,
                   nl_row_get_value (item, (guint) nl_dataset_model_get_label_column (dataset)),
                   nl_trainer_get_learning_rate (trainer), nl_trainer_get_loss_function (trainer));
  params = g_memdup2 (net->params, net->n_params * sizeof (double));
  nl_work_free (work);
  nl_net_free (net);
  return params;
}

/* Step Sample: one SGD update on one row, not an epoch. With no selection
 * it takes the rows in table order and selects and marks each; a row the
 * person selects is stepped again and again. */
static void
test_step_sample (void)
{
  NlWindow *window;
  NlNetworkModel *network;
  NlDatasetView *view;
  GtkWidget *button;
  guint n;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  network = nl_window_get_network (window);
  view = NL_DATASET_VIEW (find_by_type (window, "NlDatasetView"));
  button = button_for_action (window, "win.step-sample");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Step Sample");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpint (nl_dataset_view_get_selected_row (view), ==, -1);
  g_assert_cmpint (nl_dataset_view_get_current_sample (view), ==, -1);

  for (guint row = 0; row < 2; row++)
    {
      g_autofree double *expected = expected_after_sample (window, row);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step-sample", NULL));
      iterate ();
      g_assert_cmpmem (nl_network_model_get_params (network, &n), n * sizeof (double),
                       expected, n * sizeof (double));
      g_assert_cmpint (nl_dataset_view_get_current_sample (view), ==, (gint) row);
      g_assert_cmpint (nl_dataset_view_get_selected_row (view), ==, (gint) row);
    }
  g_assert_cmpuint (nl_trainer_get_epoch (nl_window_get_trainer (window)), ==, 0);
  g_assert_null (nl_window_get_notification (window));

  /* The person's own selection is stepped each time. */
  nl_dataset_view_set_selected_row (view, 3);
  iterate ();
  for (guint i = 0; i < 2; i++)
    {
      g_autofree double *expected = expected_after_sample (window, 3);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step-sample", NULL));
      g_assert_cmpmem (nl_network_model_get_params (network, &n), n * sizeof (double),
                       expected, n * sizeof (double));
      g_assert_cmpint (nl_dataset_view_get_current_sample (view), ==, 3);
    }

  /* Not during a run. */
  nl_trainer_set_epochs (nl_window_get_trainer (window), 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_false (gtk_widget_is_sensitive (button));
  wait_for_run_end (window);
  g_assert_true (gtk_widget_is_sensitive (button));

  window_destroy (window);
}

/* A click on w1 opens a popover whose field, named "w1", sets w1 at once;
 * the predict form follows. */
static void
test_edit_parameter (void)
{
  NlWindow *window;
  NlNetworkModel *network;
  NlPredictForm *form;
  GtkWidget *spin, *popover, *scale;
  double before, after_typed, w1;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  network = nl_window_get_network (window);
  form = NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"));
  gtk_editable_set_text (GTK_EDITABLE (nl_predict_form_get_entry (form, 0)), "128");
  gtk_editable_set_text (GTK_EDITABLE (nl_predict_form_get_entry (form, 1)), "63");
  iterate ();
  before = nl_predict_form_get_probability (form);
  g_assert_true (isfinite (before));

  w1 = nl_network_model_get_params (network, NULL)[0];
  g_signal_emit_by_name (find_by_type (window, "NlNetworkView"), "parameter-activated", 0u);
  iterate ();
  spin = field (window, "w1");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  popover = gtk_widget_get_ancestor (spin, GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  /* The field shows w1 to three digits; showing it does not round w1. */
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), w1, 0.0005);
  g_assert_cmpfloat (nl_network_model_get_params (network, NULL)[0], ==, w1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2.5);
  g_assert_cmpfloat (nl_network_model_get_params (network, NULL)[0], ==, 2.5);
  g_assert_cmpfloat (nl_predict_form_get_probability (form), !=, before);
  g_assert_cmpuint (nl_trainer_get_epoch (nl_window_get_trainer (window)), ==, 0);

  /* The slider below follows what was typed, and dragging it sets the
   * parameter and moves the prediction the same way. */
  scale = gtk_widget_get_next_sibling (gtk_widget_get_parent (spin));
  g_assert_true (GTK_IS_SCALE (scale));
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, 2.5);
  after_typed = nl_predict_form_get_probability (form);
  gtk_range_set_value (GTK_RANGE (scale), -1.25);
  g_assert_cmpfloat (nl_network_model_get_params (network, NULL)[0], ==, -1.25);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), -1.25, 1e-12);
  g_assert_cmpfloat (nl_predict_form_get_probability (form), !=, after_typed);

  /* Closed, the popover gives the keyboard back to the diagram. */
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == find_by_type (window, "NlNetworkView"));

  /* A bias too, and no popover during a run. */
  g_signal_emit_by_name (find_by_type (window, "NlNetworkView"), "parameter-activated", 6u);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_prev_sibling (spin))), ==, "b1");
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_signal_emit_by_name (find_by_type (window, "NlNetworkView"), "parameter-activated", 0u);
  g_assert_false (gtk_widget_get_visible (popover));
  wait_for_run_end (window);

  window_destroy (window);
}

/* The popover goes with its window, even open and holding the focus it
 * took: left behind without a surface, it had the display's tooltip, which
 * follows it since its grab, ask that surface for the pointer (a critical
 * between two tests, on a loaded machine). */
static void
test_parameter_popover_freed (void)
{
  NlWindow *window;
  GtkWidget *popover, *focus;
  gpointer weak_popover;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  g_signal_emit_by_name (find_by_type (window, "NlNetworkView"), "parameter-activated", 0u);
  iterate ();
  popover = gtk_widget_get_ancestor (field (window, "w1"), GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, popover));

  weak_popover = popover;
  g_object_add_weak_pointer (G_OBJECT (popover), &weak_popover);
  window_destroy (window);
  if (weak_popover != NULL)
    g_error ("The parameter popover outlived its window");
}

/* The keyboard's way to the inspector: the Parameter field lists every
 * weight and bias in the diagram's names, follows clicks in the diagram and
 * the worked example, and Value sets the chosen parameter by hand. */
static void
test_parameter_field (void)
{
  NlWindow *window;
  NlNetworkModel *network;
  NlInspector *inspector;
  GtkWidget *choice, *value;
  GListModel *names;
  char *text = NULL;
  guint n;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  network = nl_window_get_network (window);
  inspector = NL_INSPECTOR (find_by_type (window, "NlInspector"));
  choice = field (window, "Parameter");
  value = field (window, "Value");
  g_assert_true (GTK_IS_DROP_DOWN (choice));
  g_assert_true (GTK_IS_SPIN_BUTTON (value));

  names = gtk_drop_down_get_model (GTK_DROP_DOWN (choice));
  nl_network_model_get_params (network, &n);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, n);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "w1 (x1 → h1)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 4), ==, "w5 (h1 → o1)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 8), ==, "b3 (o1)");

  /* Choosing w5 inspects it and shows its value, for the first row, since
   * none was selected: a gradient is of one sample. */
  g_assert_null (strstr (text = nl_inspector_get_text (inspector), "Alice"));
  g_clear_pointer (&text, g_free);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), 4);
  g_assert_cmpint (nl_inspector_get_param (inspector), ==, 4);
  text = nl_inspector_get_text (inspector);
  g_assert_nonnull (strstr (text, "Alice: x1 = -2"));
  g_assert_nonnull (strstr (text, "∂L/∂w5"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (value)),
                                  nl_network_model_get_params (network, NULL)[4], 0.0005);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (value), -0.75);
  g_assert_cmpfloat (nl_network_model_get_params (network, NULL)[4], ==, -0.75);

  /* A click on b1 in the diagram chooses it here too. */
  g_signal_emit_by_name (find_by_type (window, "NlNetworkView"), "parameter-activated", 6u);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (choice)), ==, 6);

  /* A new shape lists its own parameters: 2-3-1 has 13. */
  gtk_editable_set_text (GTK_EDITABLE (field (window, "Hidden neurons")), "3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  wait_for_run_end (window);
  names = gtk_drop_down_get_model (GTK_DROP_DOWN (choice));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 13);

  /* The worked example chooses w1. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.worked-example", NULL));
  iterate ();
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (choice)), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (value)), ==, 1.0);

  window_destroy (window);
}

static gboolean
three_inputs (gpointer data)
{
  return nl_dataset_model_get_n_inputs (nl_window_get_dataset (data)) == 3
         && nl_network_model_get_n_inputs (nl_window_get_network (data)) == 3;
}

/* With three inputs the boundary shows the two chosen, the third held at
 * its mean, normalised as the table normalises it. */
static void
test_boundary_inputs (void)
{
  NlWindow *window;
  const char *csv = "A,B,C,Label\n1,10,-3,0\n2,14,-1,1\n4,11,2,1\n5,25,0,0\n";
  GtkWidget *horizontal, *vertical;
  NlBoundaryView *view;
  const NlDataset *ds;
  NlNet *net;
  NlWork *work;
  double mean = 0.0, x[3];

  if (ui_test_skip_without_display ())
    return;
  window = window_new ();

  /* The tutorial's two inputs need no choice. */
  horizontal = field (window, "Horizontal");
  vertical = field (window, "Vertical");
  g_assert_false (gtk_widget_is_visible (horizontal));

  open_csv (window, csv, three_inputs);
  g_assert_cmpuint (nl_network_model_get_n_inputs (nl_window_get_network (window)), ==, 3);
  g_assert_true (gtk_widget_is_visible (horizontal));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (horizontal), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vertical), 2);
  iterate ();

  /* Input 1 (column B) at its mean, standardised as the table does it. */
  ds = nl_dataset_model_get_dataset (nl_window_get_dataset (window));
  for (size_t r = 0; r < ds->n_rows; r++)
    mean += nl_dataset_cell (ds, r, 1)->value;
  mean /= (double) ds->n_rows;
  g_assert_cmpfloat (mean, ==, 15.0);
  view = NL_BOUNDARY_VIEW (find_by_type (window, "NlBoundaryView"));
  net = nl_net_copy (nl_network_model_get_net (nl_window_get_network (window)));
  work = nl_work_new (net);
  for (int i = 0; i < 3; i++)
    {
      const double at[3][2] = { { 0.0, 0.0 }, { -1.2, 0.7 }, { 1.5, -0.4 } };

      x[0] = at[i][0];
      x[1] = (mean - ds->columns[1].shift) / ds->columns[1].scale;
      x[2] = at[i][1];
      g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (view, at[i][0], at[i][1]),
                                      nl_net_predict (net, work, x), 1e-12);
    }
  nl_work_free (work);
  nl_net_free (net);

  window_destroy (window);
}

/* The Initialisation choice draws the weights again before any training,
 * and the note under Loss follows the choice. */
static void
test_init_and_loss_note (void)
{
  NlWindow *window;
  NlNetworkModel *network;
  GtkWidget *init, *loss, *note;
  const NlNet *net;

  if (ui_test_skip_without_display ())
    return;
  window = window_new ();
  network = nl_window_get_network (window);
  init = field (window, "Initialisation");
  loss = field (window, "Loss");
  note = find_widget (GTK_WIDGET (window), is_label_with_text_prefix,
                      "Mean squared error, the tutorial’s");

  g_assert_nonnull (note);
  g_assert_true (gtk_widget_has_css_class (note, "dim-label"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (loss), NL_LOSS_BCE);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (note)), "Cross-entropy: −(y log p"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (loss), NL_LOSS_MSE);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (init), NL_INIT_SCALED);
  g_assert_cmpint (nl_network_model_get_init (network), ==, NL_INIT_SCALED);
  net = nl_network_model_get_net (network);
  for (size_t l = 1; l < net->n_layers; l++)
    for (size_t j = 0; j < net->sizes[l]; j++)
      g_assert_cmpfloat (net->params[nl_net_bias_index (net, l, j)], ==, 0.0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (init), NL_INIT_NORMAL);
  g_assert_cmpint (nl_network_model_get_init (network), ==, NL_INIT_NORMAL);

  window_destroy (window);
}

/* Starts an edit of the cell (@row, @column) by typing @text into it, as
 * the keyboard would: the table's key controller sees each key first. */
static void
type_into_cell (NlDatasetView *view,
                guint          row,
                guint          column,
                const char    *text)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  GtkEventController *keys = NULL;
  GtkWidget *entry = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while ((entry = nl_dataset_view_get_cell_widget (view, row, column)) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (entry);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && keys == NULL; i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        keys = controller;
    }
  g_assert_nonnull (keys);

  gtk_widget_grab_focus (entry);
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean handled = FALSE;
      char buf[2] = { *p, '\0' };
      int position;

      g_signal_emit_by_name (keys, "key-pressed", gdk_unicode_to_keyval (*p), 0, 0, &handled);
      g_assert_false (handled);
      g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (entry)));
      gtk_editable_delete_selection (GTK_EDITABLE (entry));
      position = gtk_editable_get_position (GTK_EDITABLE (entry));
      gtk_editable_insert_text (GTK_EDITABLE (entry), buf, 1, &position);
      gtk_editable_set_position (GTK_EDITABLE (entry), position);
    }
  iterate ();
}

/* What is being typed in the table is stored before the window reads the
 * table: Step trains on it, and a value the column cannot read is said in
 * the window's notification. */
static void
test_actions_store_edit (void)
{
  NlWindow *window;
  NlDatasetModel *dataset;
  NlDatasetView *view;
  const char *notification;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  view = NL_DATASET_VIEW (find_by_type (window, "NlDatasetView"));

  type_into_cell (view, 0, 1, "140");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, 1), ==, "133");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, 1), ==, "140");

  type_into_cell (view, 1, 2, "tall");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 1, 2), ==, "tall");
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (dataset), ==, 3);
  notification = nl_window_get_notification (window);
  g_assert_nonnull (notification);
  g_assert_nonnull (strstr (notification, "Row 2, Height (in): “tall” is not a number"));

  /* Add Row, from the window's shortcut, edits the new row. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-row", NULL));
  g_assert_cmpuint (nl_dataset_model_get_n_rows (dataset), ==, 5);
  {
    GtkWidget *entry = nl_dataset_view_get_cell_widget (view, 4, 0);
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while ((entry == NULL || !gtk_editable_get_editable (GTK_EDITABLE (entry)))
           && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        entry = nl_dataset_view_get_cell_widget (view, 4, 0);
      }
    g_assert_nonnull (entry);
    g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  }
  type_into_cell (view, 4, 0, "Eve");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 4, 0), ==, "Eve");
  wait_for_run_end (window);

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/train", test_train);
  g_test_add_func ("/ui/window/stop", test_stop);
  g_test_add_func ("/ui/window/step-reset", test_step_reset);
  g_test_add_func ("/ui/window/untrainable", test_untrainable);
  g_test_add_func ("/ui/window/diverge", test_diverge);
  g_test_add_func ("/ui/window/hidden", test_hidden);
  g_test_add_func ("/ui/window/close-while-training", test_close_while_training);
  g_test_add_func ("/ui/window/destroy-while-training", test_destroy_while_training);
  g_test_add_func ("/ui/window/worked-example", test_worked_example);
  g_test_add_func ("/ui/window/parameter-field", test_parameter_field);
  g_test_add_func ("/ui/window/step-sample", test_step_sample);
  g_test_add_func ("/ui/window/edit-parameter", test_edit_parameter);
  g_test_add_func ("/ui/window/parameter-popover-freed", test_parameter_popover_freed);
  g_test_add_func ("/ui/window/boundary-inputs", test_boundary_inputs);
  g_test_add_func ("/ui/window/init-and-loss-note", test_init_and_loss_note);
  g_test_add_func ("/ui/window/actions-store-edit", test_actions_store_edit);

  return g_test_run ();
}
