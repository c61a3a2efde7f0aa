/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-panels.c: the window's panels on their own, given the models
 * through their public API as the window gives them: the training settings,
 * the parameter editor and the confusion matrices.
 *
 * Fields are found by their visible labels, as in the window tests. Without
 * a display every test reports a skip.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "nl-confusion-view.h"
#include "nl-dataset-model.h"
#include "nl-network-model.h"
#include "nl-param-editor.h"
#include "nl-trainer.h"
#include "nl-training-settings.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

typedef struct
{
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
} Models;

static void
models_init (Models *models)
{
  models->dataset = nl_dataset_model_new_tutorial ();
  models->network = nl_network_model_new (nl_dataset_model_get_n_inputs (models->dataset));
  models->trainer = nl_trainer_new (models->network, models->dataset);
}

static void
models_clear (Models *models)
{
  g_assert_finalize_object (models->trainer);
  g_assert_finalize_object (models->network);
  g_assert_finalize_object (models->dataset);
}

/* Takes the focus out of the window first: a field that had it would miss
 * its focus-out event otherwise, and its cursor's blinking warns about that
 * (fatal in the tests) when another test's window on the same display took
 * the X focus meanwhile. */
static void
close_window (GtkWidget *window)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The field in @panel whose visible label reads @label. */
static GtkWidget *
panel_field (GtkWidget  *panel,
             const char *label)
{
  GtkWidget *mnemonic = find_widget (panel, is_mnemonic_label, label);

  if (mnemonic == NULL)
    g_error ("No field labelled “%s”", label);
  return gtk_label_get_mnemonic_widget (GTK_LABEL (mnemonic));
}

static void
message_cb (NlTrainingSettings *settings,
            const char         *text,
            gboolean            is_error,
            char              **last)
{
  g_free (*last);
  *last = g_strdup (is_error ? text : NULL);
}

/* The fields show the trainer's and the network's values and set them,
 * wait during a run, and say why a hidden-layer text is refused. */
static void
test_training_settings (void)
{
  Models models;
  GtkWidget *panel, *window, *rate, *seed, *hidden, *loss;
  g_autofree char *message = NULL;

  if (ui_test_skip_without_display ())
    return;

  models_init (&models);
  panel = nl_training_settings_new ();
  nl_training_settings_set_models (NL_TRAINING_SETTINGS (panel), models.network, models.trainer);
  g_signal_connect (panel, "message", G_CALLBACK (message_cb), &message);
  window = ui_test_show (panel, 300, 700);
  /* No field with a blinking cursor: see close_window(). */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);

  rate = panel_field (panel, "Learning rate");
  seed = panel_field (panel, "Seed");
  hidden = panel_field (panel, "Hidden neurons");
  loss = panel_field (panel, "Loss");

  /* Both ways for the trainer's settings. */
  nl_trainer_set_learning_rate (models.trainer, 0.25);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (rate)), ==, 0.25);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (rate), 0.5);
  g_assert_cmpfloat (nl_trainer_get_learning_rate (models.trainer), ==, 0.5);
  nl_trainer_set_loss_function (models.trainer, NL_LOSS_BCE);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (loss)), ==, NL_LOSS_BCE);
  g_assert_nonnull (find_widget (panel, is_label_with_text_prefix, "Cross-entropy: "));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (loss), NL_LOSS_MSE);
  g_assert_cmpint (nl_trainer_get_loss_function (models.trainer), ==, NL_LOSS_MSE);

  /* A number typed and not entered counts once committed. */
  gtk_editable_set_text (GTK_EDITABLE (rate), "0.3");
  g_assert_true (nl_training_settings_commit (NL_TRAINING_SETTINGS (panel)));
  g_assert_cmpfloat (nl_trainer_get_learning_rate (models.trainer), ==, 0.3);

  /* The network's: shown as it changes, set from the field. */
  nl_network_model_set_seed (models.network, 7);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (seed)), ==, 7);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (seed), 9);
  g_assert_cmpuint (nl_network_model_get_seed (models.network), ==, 9);

  /* Hidden layers: applied on Enter, refused with a reason. */
  gtk_editable_set_text (GTK_EDITABLE (hidden), "4, 3");
  g_signal_emit_by_name (hidden, "activate");
  g_assert_cmpstr (nl_network_model_get_hidden (models.network), ==, "4,3");
  g_assert_null (message);
  gtk_editable_set_text (GTK_EDITABLE (hidden), "abc");
  g_signal_emit_by_name (hidden, "activate");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_has_css_class (hidden, "error"));
  g_assert_cmpstr (nl_network_model_get_hidden (models.network), ==, "4,3");
  g_assert_false (nl_training_settings_commit (NL_TRAINING_SETTINGS (panel)));
  /* The models' values again, the refused text dropped. */
  nl_training_settings_revert (NL_TRAINING_SETTINGS (panel));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hidden)), ==, "4,3");
  g_assert_false (gtk_widget_has_css_class (hidden, "error"));

  /* The fields wait while the trainer runs. */
  g_assert_true (gtk_widget_is_sensitive (rate));
  nl_trainer_set_epochs (models.trainer, 10000000);
  nl_trainer_train_async (models.trainer, NULL, NULL, NULL);
  g_assert_true (nl_trainer_get_running (models.trainer));
  g_assert_false (gtk_widget_is_sensitive (rate));
  g_assert_false (gtk_widget_is_sensitive (hidden));
  nl_trainer_stop (models.trainer);
  if (!wait_until (trainer_idle, models.trainer))
    g_error ("The run did not stop");
  g_assert_true (gtk_widget_is_sensitive (rate));

  close_window (window);
  models_clear (&models);
}

/* The Parameter choices name the network's parameters and follow its
 * shape; Value sets the one chosen. */
static void
test_param_editor (void)
{
  Models models;
  GtkWidget *editor, *window, *choice, *value;
  GListModel *names;
  guint n;

  if (ui_test_skip_without_display ())
    return;

  models_init (&models);
  editor = nl_param_editor_new ();
  nl_param_editor_set_models (NL_PARAM_EDITOR (editor), models.network, models.trainer);
  window = ui_test_show (editor, 500, 60);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  choice = panel_field (editor, "Parameter");
  value = panel_field (editor, "Value");

  names = gtk_drop_down_get_model (GTK_DROP_DOWN (choice));
  nl_network_model_get_params (models.network, &n);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, n);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 4), ==, "w5 (h1 → o1)");
  g_assert_cmpint (nl_param_editor_get_param (NL_PARAM_EDITOR (editor)), ==, -1);
  g_assert_false (gtk_widget_is_sensitive (value));

  /* Chosen in the field, it is the editor's parameter. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), 4);
  g_assert_cmpint (nl_param_editor_get_param (NL_PARAM_EDITOR (editor)), ==, 4);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (value)),
                                  nl_network_model_get_params (models.network, NULL)[4], 0.0005);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (value), -0.75);
  g_assert_cmpfloat (nl_network_model_get_params (models.network, NULL)[4], ==, -0.75);

  /* A new shape: its own names; a parameter it no longer has is let go. */
  nl_param_editor_set_param (NL_PARAM_EDITOR (editor), 8);
  g_assert_true (nl_network_model_set_hidden (models.network, "1", NULL));
  names = gtk_drop_down_get_model (GTK_DROP_DOWN (choice));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 5);
  g_assert_cmpint (nl_param_editor_get_param (NL_PARAM_EDITOR (editor)), ==, -1);

  close_window (window);
  models_clear (&models);
}

/* Hidden until something is counted; then the training rows' matrix under
 * its title, in the table's class names. */
static void
test_confusion_view (void)
{
  Models models;
  GtkWidget *view, *window;

  if (ui_test_skip_without_display ())
    return;

  models_init (&models);
  view = nl_confusion_view_new ();
  nl_confusion_view_set_models (NL_CONFUSION_VIEW (view), models.dataset, models.trainer);
  g_assert_false (gtk_widget_get_visible (view));
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (nl_trainer_step (models.trainer, NULL));
  g_assert_true (gtk_widget_get_visible (view));
  g_assert_nonnull (find_widget (view, is_label_with_text, "Training (4)"));
  g_assert_nonnull (find_widget (view, is_label_with_text, "→ Female"));

  /* A reset clears the counts. */
  nl_trainer_reset (models.trainer);
  g_assert_false (gtk_widget_get_visible (view));

  close_window (window);
  models_clear (&models);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/panels/training-settings", test_training_settings);
  g_test_add_func ("/ui/panels/param-editor", test_param_editor);
  g_test_add_func ("/ui/panels/confusion-view", test_confusion_view);

  return g_test_run ();
}
