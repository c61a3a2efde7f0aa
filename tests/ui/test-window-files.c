/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-files.c: the window's projects: saving and opening them, the
 * title that names the project and says whether it has unsaved changes, the
 * question asked before unsaved changes are lost, files that cannot be
 * opened, and the recently used files. Saves are written on a worker
 * thread: edits and closing while one is written, saves into places that
 * cannot be written, and the progress of a long one.
 *
 * Files go to a temporary folder, and so does the list of recent files
 * (XDG_DATA_HOME), so the tests never touch the person's own. Without a
 * display every test reports a skip.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-project.h"
#include "nl-rng.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

static char *tmp_dir;

static gboolean
is_primary_menu_button (GtkWidget  *widget,
                        const char *data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static void
train (NlWindow *window,
       guint     epochs)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Epochs")), epochs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);
}

static const char *
title (NlWindow *window)
{
  return gtk_window_get_title (GTK_WINDOW (window));
}

/* The tutorial's Emily (128 lb, 63 in), as the window's network sees her. */
static double
predict_emily (NlWindow *window)
{
  const double raw[2] = { 128, 63 };
  double x[2];

  g_assert_cmpuint (nl_dataset_model_get_n_inputs (nl_window_get_dataset (window)), ==, 2);
  nl_dataset_model_normalize_inputs (nl_window_get_dataset (window), raw, x);
  return nl_network_model_predict (nl_window_get_network (window), x);
}

static GFile *
tmp_file (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  return g_file_new_for_path (path);
}

static void
write_file (GFile      *file,
            const char *contents,
            gssize      length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* Tests */

/* A trained window saved and opened in another window: the very same
 * network, history, settings and answers. */
static void
test_save_open (void)
{
  g_autoptr (GFile) file = NULL;
  NlWindow *a, *b;
  const double *params_a, *params_b;
  guint n_a, n_b;
  guint64 history_a, history_b;

  if (ui_test_skip_without_display ())
    return;

  a = window_new ();
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (a, "Learning rate")), 0.25);
  gtk_editable_set_text (GTK_EDITABLE (field (a, "Hidden neurons")), "3");
  train (a, 300);
  g_assert_cmpstr (nl_network_model_get_hidden (nl_window_get_network (a)), ==, "3");
  g_assert_true (nl_window_get_modified (a));

  file = tmp_file ("trained.neuronlab");
  g_assert_true (nl_window_save_file (a, file));
  g_assert_false (nl_window_get_modified (a));
  g_assert_true (g_file_equal (nl_window_get_file (a), file));
  g_assert_cmpstr (title (a), ==, "trained.neuronlab — NeuronLab");

  b = window_new ();
  g_assert_true (nl_window_open_file (b, file));
  g_assert_null (nl_window_get_notification (b));
  g_assert_false (nl_window_get_modified (b));
  g_assert_true (g_file_equal (nl_window_get_file (b), file));
  g_assert_cmpstr (title (b), ==, "trained.neuronlab — NeuronLab");

  params_a = nl_network_model_get_params (nl_window_get_network (a), &n_a);
  params_b = nl_network_model_get_params (nl_window_get_network (b), &n_b);
  g_assert_cmpuint (n_a, ==, n_b);
  g_assert_cmpmem (params_a, n_a * sizeof (double), params_b, n_b * sizeof (double));
  history_a = nl_history_epochs (nl_trainer_get_history (nl_window_get_trainer (a)));
  history_b = nl_history_epochs (nl_trainer_get_history (nl_window_get_trainer (b)));
  g_assert_cmpuint (history_a, ==, 300);
  g_assert_cmpuint (history_b, ==, history_a);
  g_assert_cmpstr (label_text (a, "status-line"), ==, label_text (b, "status-line"));
  g_assert_true (predict_emily (a) == predict_emily (b));
  g_assert_cmpfloat (predict_emily (b), >, 0.5);

  /* The controls show what was opened. */
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field (b, "Learning rate"))), ==, 0.25);
  g_assert_cmpfloat (nl_trainer_get_learning_rate (nl_window_get_trainer (b)), ==, 0.25);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (b, "Hidden neurons"))), ==, "3");

  /* Training on goes on from there, as it would have in the first window. */
  train (a, 10);
  train (b, 10);
  params_a = nl_network_model_get_params (nl_window_get_network (a), &n_a);
  params_b = nl_network_model_get_params (nl_window_get_network (b), &n_b);
  g_assert_cmpmem (params_a, n_a * sizeof (double), params_b, n_b * sizeof (double));

  window_destroy (a);
  window_destroy (b);
}

/* Test %, Target loss and Early stopping are saved with the project and come
 * back in the fields and the trainer of another window, with the test loss
 * of every epoch for the plot. */
static void
test_stop_settings (void)
{
  g_autoptr (GFile) file = NULL;
  NlWindow *a, *b;
  NlTrainer *trainer;
  const NlHistoryBucket *test_a, *test_b;
  gsize n_a, n_b, evaluated = 0;

  if (ui_test_skip_without_display ())
    return;

  a = window_new ();
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (a, "Test %")), 50);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (a, "Target loss")), 0.0005);
  gtk_check_button_set_active (check_button (a, "Early stopping"), TRUE);
  g_assert_true (nl_window_get_modified (a));
  train (a, 60);
  test_a = nl_history_buckets (nl_trainer_get_test_history (nl_window_get_trainer (a)), &n_a);
  for (gsize i = 0; i < n_a; i++)
    evaluated += isfinite (test_a[i].min);
  g_assert_cmpuint (evaluated, ==, n_a);
  g_assert_nonnull (strstr (label_text (a, "status-line"), "Test loss"));

  file = tmp_file ("stop-settings.neuronlab");
  g_assert_true (nl_window_save_file (a, file));

  b = window_new ();
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field (b, "Test %"))), ==, 0);
  g_assert_true (nl_window_open_file (b, file));
  g_assert_null (nl_window_get_notification (b));
  g_assert_false (nl_window_get_modified (b));

  /* The fields show what was saved, and the trainer uses it. */
  trainer = nl_window_get_trainer (b);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field (b, "Test %"))), ==, 50);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field (b, "Target loss"))), ==, 0.0005);
  g_assert_true (gtk_check_button_get_active (check_button (b, "Early stopping")));
  g_assert_cmpuint (nl_trainer_get_test_percent (trainer), ==, 50);
  g_assert_cmpfloat (nl_trainer_get_target_loss (trainer), ==, 0.0005);
  g_assert_true (nl_trainer_get_early_stopping (trainer));
  g_assert_cmpuint (nl_trainer_get_split_seed (trainer), ==,
                    nl_trainer_get_split_seed (nl_window_get_trainer (a)));

  /* The test curve and the status line come back. */
  test_b = nl_history_buckets (nl_trainer_get_test_history (trainer), &n_b);
  g_assert_cmpuint (n_b, ==, n_a);
  g_assert_cmpmem (test_a, n_a * sizeof *test_a, test_b, n_b * sizeof *test_b);
  g_assert_cmpstr (label_text (a, "status-line"), ==, label_text (b, "status-line"));

  /* A project with them off turns them off. */
  g_assert_true (nl_window_open_file (a, file));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (a, "Test %")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (a, "Target loss")), 0);
  gtk_check_button_set_active (check_button (a, "Early stopping"), FALSE);
  g_assert_true (nl_window_get_modified (a));
  g_assert_true (nl_window_save_file (a, file));
  g_assert_true (nl_window_open_file (b, file));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field (b, "Test %"))), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field (b, "Target loss"))), ==, 0);
  g_assert_false (gtk_check_button_get_active (check_button (b, "Early stopping")));
  g_assert_cmpuint (nl_trainer_get_test_percent (trainer), ==, 0);
  g_assert_cmpfloat (nl_trainer_get_target_loss (trainer), ==, 0);
  g_assert_false (nl_trainer_get_early_stopping (trainer));

  window_destroy (a);
  window_destroy (b);
}

/* The title names the project and marks unsaved changes. */
static void
test_title (void)
{
  g_autoptr (GFile) file = tmp_file ("people.neuronlab");
  g_autoptr (GFile) csv = tmp_file ("people.csv");
  g_autoptr (GError) error = NULL;
  NlWindow *window;
  NlDatasetModel *dataset;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  g_assert_cmpstr (title (window), ==, "Untitled — NeuronLab");
  g_assert_cmpstr (label_text (window, "title"), ==, "Untitled");
  g_assert_false (nl_window_get_modified (window));
  g_assert_null (nl_window_get_file (window));

  /* A table edit. */
  g_assert_true (nl_dataset_model_set_cell (dataset, 0, 1, "130", &error));
  g_assert_no_error (error);
  g_assert_true (nl_window_get_modified (window));
  g_assert_cmpstr (title (window), ==, "• Untitled — NeuronLab");
  g_assert_cmpstr (label_text (window, "title"), ==, "• Untitled");

  g_assert_true (nl_window_save_file (window, file));
  g_assert_cmpstr (title (window), ==, "people.neuronlab — NeuronLab");
  g_assert_cmpstr (label_text (window, "title"), ==, "people.neuronlab");
  /* The folder shows under the name. */
  g_assert_cmpstr (label_text (window, "subtitle"), !=, "");

  /* A step of training, a setting, a reset: each is an unsaved change. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpstr (title (window), ==, "• people.neuronlab — NeuronLab");
  g_assert_true (nl_window_save_file (window, file));
  g_assert_cmpstr (title (window), ==, "people.neuronlab — NeuronLab");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Learning rate")), 0.5);
  g_assert_true (nl_window_get_modified (window));
  g_assert_true (nl_window_save_file (window, file));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_true (nl_window_get_modified (window));
  g_assert_true (nl_window_save_file (window, file));
  nl_dataset_model_add_row (dataset);
  g_assert_cmpstr (title (window), ==, "• people.neuronlab — NeuronLab");
  /* Undo goes back to what was saved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpstr (title (window), ==, "people.neuronlab — NeuronLab");

  /* A CSV file makes a new project, named after it, with no file yet;
   * opening it is no change, so there is nothing to save. */
  write_file (csv, "Name,Weight,Height,Gender\nA,133,65,F\nB,160,72,M\n", -1);
  g_assert_true (nl_window_open_file (window, csv));
  g_assert_null (nl_window_get_file (window));
  g_assert_false (nl_window_get_modified (window));
  g_assert_cmpstr (title (window), ==, "people — NeuronLab");
  nl_dataset_model_add_row (dataset);
  g_assert_cmpstr (title (window), ==, "• people — NeuronLab");

  window_destroy (window);
}

/* Closing with unsaved changes asks first: Cancel keeps the window, Discard
 * closes it; without changes it closes at once. */
static void
test_close_prompt (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *secondary = NULL;
  NlWindow *window;
  GtkWidget *dialog;
  gpointer weak;

  if (ui_test_skip_without_display ())
    return;

  /* Nothing changed, nothing asked. */
  window = window_new ();
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (pointer_cleared, &weak));

  window = window_new ();
  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 1, 2, "70", &error));
  g_assert_no_error (error);

  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  dialog = nl_window_get_close_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (GTK_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_object_get (dialog, "text", &text, "secondary-text", &secondary, NULL);
  g_assert_cmpstr (text, ==, "Save changes to “Untitled”?");
  g_assert_cmpstr (secondary, ==, "If you don't save, the changes and the trained network will be lost.");
  g_assert_true (gtk_widget_has_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                              GTK_RESPONSE_REJECT),
                                           "destructive-action"));
  g_assert_true (gtk_widget_has_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                              GTK_RESPONSE_ACCEPT),
                                           "suggested-action"));

  /* Cancel: the window and its changes stay. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  iterate ();
  g_assert_null (nl_window_get_close_dialog (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (nl_window_get_modified (window));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_window_get_dataset (window), 1, 2), ==, "70");

  /* Closing again asks again; Discard closes. */
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  dialog = nl_window_get_close_dialog (window);
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
  if (!wait_until (pointer_cleared, &weak))
    g_error ("The window was not finalized after Discard");
}

/* Save in the question saves to the project's file, then closes. */
static void
test_close_prompt_save (void)
{
  g_autoptr (GFile) file = tmp_file ("close-save.neuronlab");
  g_autoptr (GError) error = NULL;
  NlWindow *window;
  gpointer weak;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  g_assert_true (nl_window_save_file (window, file));
  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 2, 1, "99", &error));
  g_assert_no_error (error);

  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (nl_window_get_close_dialog (window));
  g_assert_cmpint (gtk_widget_get_visible (nl_window_get_close_dialog (window)), ==, TRUE);
  gtk_dialog_response (GTK_DIALOG (nl_window_get_close_dialog (window)), GTK_RESPONSE_ACCEPT);
  /* The save is written on a worker thread: the window waits for it. */
  g_assert_nonnull (weak);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  if (!wait_until (pointer_cleared, &weak))
    g_error ("The window was not finalized after Save");

  window = window_new ();
  g_assert_true (nl_window_open_file (window, file));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_window_get_dataset (window), 2, 1), ==, "99");
  window_destroy (window);
}

/* A file that cannot be used says which and why, and the work stays. */
static void
test_corrupt (void)
{
  g_autoptr (GFile) good = tmp_file ("good.neuronlab");
  g_autoptr (GFile) truncated = tmp_file ("truncated.neuronlab");
  g_autoptr (GFile) garbage = tmp_file ("garbage.neuronlab");
  g_autoptr (GFile) missing = tmp_file ("missing.neuronlab");
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree double *params = NULL;
  NlWindow *window;
  NlDatasetModel *dataset;
  const double *now;
  guint n_params, n_rows;
  gsize length;
  struct
  {
    GFile      *file;
    const char *name;
    const char *says;
  } cases[] = {
    { truncated, "truncated.neuronlab", "Line" },
    { garbage, "garbage.neuronlab", "Line" },
    { missing, "missing.neuronlab", NULL },
  };

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  train (window, 50);
  g_assert_true (nl_window_save_file (window, good));
  g_assert_true (g_file_load_contents (good, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  /* Cut in the middle of the parameters. */
  write_file (truncated, contents, strstr (contents, "parameters=") - contents + 20);
  write_file (garbage, "[NeuronLab]\nversion=1\n\x01\x02\xff this is not a project\n", -1);

  g_assert_true (nl_dataset_model_set_cell (dataset, 0, 1, "131", &error));
  g_assert_no_error (error);
  n_rows = nl_dataset_model_get_n_rows (dataset);
  params = g_memdup2 (nl_network_model_get_params (nl_window_get_network (window), &n_params),
                      sizeof (double) * n_params);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *message;

      g_assert_false (nl_window_open_file (window, cases[i].file));
      message = nl_window_get_notification (window);
      g_assert_nonnull (message);
      g_test_message ("%s: %s", cases[i].name, message);
      g_assert_nonnull (strstr (message, cases[i].name));
      if (cases[i].says != NULL && strstr (message, cases[i].says) == NULL)
        g_error ("The notification for %s reads “%s”, without “%s”", cases[i].name, message, cases[i].says);

      /* The work is untouched, changes and all. */
      g_assert_cmpuint (nl_dataset_model_get_n_rows (dataset), ==, n_rows);
      g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, 1), ==, "131");
      now = nl_network_model_get_params (nl_window_get_network (window), &n_params);
      g_assert_cmpmem (now, n_params * sizeof (double), params, n_params * sizeof (double));
      g_assert_true (nl_window_get_modified (window));
      g_assert_true (g_file_equal (nl_window_get_file (window), good));
      g_assert_cmpstr (title (window), ==, "• good.neuronlab — NeuronLab");
    }

  /* A project is known by its content, whatever its name. */
  {
    g_autoptr (GFile) renamed = tmp_file ("renamed.txt");

    write_file (renamed, contents, length);
    g_assert_true (nl_window_open_file (window, renamed));
    g_assert_false (nl_window_get_modified (window));
    g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, 1), !=, "131");
  }

  window_destroy (window);
}

/* Saving over a project replaces it whole. */
static void
test_replace (void)
{
  g_autoptr (GFile) file = tmp_file ("replace.neuronlab");
  g_autoptr (GError) error = NULL;
  NlWindow *a, *b;
  const double *params_a, *params_b;
  guint n_a, n_b;

  if (ui_test_skip_without_display ())
    return;

  a = window_new ();
  train (a, 200);
  g_assert_true (nl_window_save_file (a, file));

  /* The same file, now with less in it: a fresh network and an extra row. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a), "win.reset", NULL));
  nl_dataset_model_add_row (nl_window_get_dataset (a));
  g_assert_true (nl_window_save_file (a, file));

  b = window_new ();
  g_assert_true (nl_window_open_file (b, file));
  g_assert_cmpuint (nl_history_epochs (nl_trainer_get_history (nl_window_get_trainer (b))), ==, 0);
  g_assert_cmpuint (nl_trainer_get_epoch (nl_window_get_trainer (b)), ==, 0);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_window_get_dataset (b)), ==,
                    nl_dataset_model_get_n_rows (nl_window_get_dataset (a)));
  params_a = nl_network_model_get_params (nl_window_get_network (a), &n_a);
  params_b = nl_network_model_get_params (nl_window_get_network (b), &n_b);
  g_assert_cmpmem (params_a, n_a * sizeof (double), params_b, n_b * sizeof (double));

  /* Nothing but the project is left in the folder. */
  {
    g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "replace") || g_str_has_prefix (name, ".replace"))
        g_assert_cmpstr (name, ==, "replace.neuronlab");
  }

  window_destroy (a);
  window_destroy (b);
}

/* The URIs the primary menu's "Open Recent" offers, newest first. */
static GStrv
recent_uris (NlWindow *window)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_primary_menu_button, NULL);
  GMenuModel *menu, *section, *submenu;
  g_autoptr (GStrvBuilder) uris = g_strv_builder_new ();

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  /* The section that opens with Open…. */
  section = NULL;
  for (int i = 0; section == NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr (GMenuModel) candidate = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *action = NULL;

      if (candidate != NULL && g_menu_model_get_n_items (candidate) > 0
          && g_menu_model_get_item_attribute (candidate, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action)
          && g_strcmp0 (action, "win.open") == 0)
        section = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (section);
  submenu = g_menu_model_get_n_items (section) > 1
            ? g_menu_model_get_item_link (section, 1, G_MENU_LINK_SUBMENU) : NULL;
  for (int i = 0; submenu != NULL && i < g_menu_model_get_n_items (submenu); i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *uri = NULL;

      g_assert_true (g_menu_model_get_item_attribute (submenu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (action, ==, "win.open-recent");
      g_assert_true (g_menu_model_get_item_attribute (submenu, i, G_MENU_ATTRIBUTE_TARGET, "s", &uri));
      g_strv_builder_add (uris, uri);
    }
  g_clear_object (&submenu);
  g_clear_object (&section);
  return g_strv_builder_end (uris);
}

typedef struct
{
  NlWindow   *window;
  const char *uri;
} RecentWait;

static gboolean
recent_first_is (gpointer data)
{
  RecentWait *wait = data;
  g_auto (GStrv) uris = recent_uris (wait->window);

  return uris[0] != NULL && g_str_equal (uris[0], wait->uri);
}

/* Saved and opened files come back in Open Recent; opening one over
 * unsaved changes asks first. */
static void
test_recent (void)
{
  g_autoptr (GFile) first = tmp_file ("first.neuronlab");
  g_autoptr (GFile) second = tmp_file ("second.neuronlab");
  g_autofree char *first_uri = g_file_get_uri (first);
  g_autofree char *second_uri = g_file_get_uri (second);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) uris = NULL;
  NlWindow *a, *b;
  RecentWait wait;

  if (ui_test_skip_without_display ())
    return;

  a = window_new ();
  train (a, 20);
  g_assert_true (nl_window_save_file (a, first));
  wait = (RecentWait) { a, first_uri };
  if (!wait_until (recent_first_is, &wait))
    g_error ("%s is not first in Open Recent", first_uri);
  g_assert_true (nl_window_save_file (a, second));

  b = window_new ();
  wait = (RecentWait) { b, second_uri };
  if (!wait_until (recent_first_is, &wait))
    g_error ("%s is not first in Open Recent of a new window", second_uri);
  uris = recent_uris (b);
  g_assert_cmpstr (uris[1], ==, first_uri);
  g_assert_cmpuint (g_strv_length (uris), <=, 8);

  /* Unsaved changes: opening another file asks; Cancel keeps the work. */
  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (b), 0, 1, "140", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (b), "win.open-recent", "s", first_uri));
  g_assert_nonnull (nl_window_get_close_dialog (b));
  gtk_dialog_response (GTK_DIALOG (nl_window_get_close_dialog (b)), GTK_RESPONSE_CANCEL);
  g_assert_null (nl_window_get_file (b));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_window_get_dataset (b), 0, 1), ==, "140");

  /* Discard opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (b), "win.open-recent", "s", first_uri));
  gtk_dialog_response (GTK_DIALOG (nl_window_get_close_dialog (b)), GTK_RESPONSE_REJECT);
  g_assert_null (nl_window_get_close_dialog (b));
  g_assert_nonnull (nl_window_get_file (b));
  g_assert_true (g_file_equal (nl_window_get_file (b), first));
  g_assert_false (nl_window_get_modified (b));

  /* Without changes it opens at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (b), "win.open-recent", "s", second_uri));
  g_assert_null (nl_window_get_close_dialog (b));
  g_assert_true (g_file_equal (nl_window_get_file (b), second));

  window_destroy (a);
  window_destroy (b);
}

static gboolean
is_progress_bar (GtkWidget  *widget,
                 const char *data)
{
  return GTK_IS_PROGRESS_BAR (widget);
}

static gboolean
table_has_rows (gpointer data)
{
  NlWindow *window = data;

  return g_list_model_get_n_items (G_LIST_MODEL (nl_window_get_dataset (window))) != 4;
}

/* A large table loads in a worker thread: the window stays live meanwhile,
 * says what it loads, and takes the table when it is read. */
static void
test_large_csv (void)
{
  g_autoptr (GFile) file = tmp_file ("large.csv");
  g_autoptr (GString) csv = g_string_new ("Name,Weight (lb),Height (in),Gender\n");
  const guint rows = 100000;
  GtkProgressBar *bar;
  NlWindow *window;

  if (ui_test_skip_without_display ())
    return;

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (csv, "Person %u,%u,%u,%s\n", i, 100 + i % 90, 55 + i % 25,
                            i % 2 ? "Female" : "Male");
  write_file (file, csv->str, (gssize) csv->len);

  window = window_new ();
  bar = GTK_PROGRESS_BAR (find_widget (GTK_WIDGET (window), is_progress_bar, NULL));
  g_assert_true (nl_window_open_file (window, file));

  /* Still the old table: the new one is being read, and the window says so. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (nl_window_get_dataset (window))), ==, 4);
  g_assert_true (gtk_progress_bar_get_show_text (bar));
  g_assert_nonnull (strstr (gtk_progress_bar_get_text (bar), "large.csv"));
  /* Nothing typed into a table on its way out would be kept. */
  g_assert_false (gtk_widget_get_sensitive (find_by_type (window, "NlDatasetView")));

  g_assert_true (wait_until (table_has_rows, window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (nl_window_get_dataset (window))), ==, rows);
  g_assert_cmpuint (nl_network_model_get_n_inputs (nl_window_get_network (window)), ==, 2);
  iterate ();
  g_assert_false (gtk_progress_bar_get_show_text (bar));
  g_assert_cmpstr (title (window), ==, "large — NeuronLab");
  g_assert_true (gtk_widget_get_sensitive (find_by_type (window, "NlDatasetView")));

  window_destroy (window);
}

static gboolean
not_loading (gpointer data)
{
  return !nl_document_get_loading (nl_window_get_document (data));
}

/* A large project opens in a worker thread as a large table does: the
 * window says what it opens and offers Cancel, which leaves the work as it
 * was; opened to the end, the work is the project's. */
static void
test_large_project (void)
{
  g_autoptr (GFile) file = tmp_file ("large.neuronlab");
  g_autofree char *path = g_file_get_path (file);
  const size_t epochs = 100000;
  g_autofree char *before_title = NULL;
  GtkProgressBar *bar;
  GtkWidget *cancel;
  NlWindow *window;
  NlProject project;
  NlError error;
  NlRng rng;

  if (ui_test_skip_without_display ())
    return;

  /* A trained tutorial of 80,000 rows with a long history: more than a
   * megabyte (the history alone is bounded, nl-history.h). */
  {
    static const size_t sizes[] = { 2, 2, 1 };
    size_t tutorial_rows;

    nl_project_init (&project);
    project.dataset = nl_dataset_new_tutorial ();
    tutorial_rows = project.dataset->n_rows;
    for (size_t r = tutorial_rows; r < 80000; r++)
      {
        size_t row = nl_dataset_append_row (project.dataset);

        for (size_t c = 0; c < project.dataset->n_columns; c++)
          g_assert_cmpint (nl_dataset_set_cell (project.dataset, row, c,
                                                nl_dataset_cell (project.dataset, r % tutorial_rows,
                                                                 c)->text, NULL), ==, NL_OK);
      }
    project.net = nl_net_new (3, sizes, NULL, &error);
    nl_rng_seed (&rng, 5);
    nl_net_init (project.net, NL_INIT_NORMAL, &rng);
    project.options.learning_rate = 0.1;
    project.seed = 5;
    project.epoch = epochs;
    project.history = nl_history_new (0);
    for (size_t i = 0; i < epochs; i++)
      {
        project.loss = 0.25 / (1.0 + (double) i / 7.0);
        g_assert_true (nl_history_append (project.history, project.loss));
      }
    project.accuracy = 1;
    g_assert_cmpint (nl_project_write_file (&project, path, &error), ==, NL_OK);
    nl_project_clear (&project);
  }

  window = window_new ();
  before_title = g_strdup (title (window));
  bar = GTK_PROGRESS_BAR (find_widget (GTK_WIDGET (window), is_progress_bar, NULL));
  cancel = button_for_action (window, "win.cancel-load");
  g_assert_false (gtk_widget_get_visible (cancel));

  /* Cancel: the work stays as it was. */
  g_assert_true (nl_window_open_file (window, file));
  g_assert_true (gtk_progress_bar_get_show_text (bar));
  g_assert_nonnull (strstr (gtk_progress_bar_get_text (bar), "large.neuronlab"));
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, "Cancel");
  g_assert_cmpuint (nl_trainer_get_epoch (nl_window_get_trainer (window)), ==, 0);
  /* A click (gtk_widget_activate() would click a quarter of a second
   * later, by which time the load may have ended). */
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (wait_until (not_loading, window));
  iterate ();
  g_assert_cmpuint (nl_trainer_get_epoch (nl_window_get_trainer (window)), ==, 0);
  g_assert_cmpstr (title (window), ==, before_title);
  g_assert_null (nl_window_get_file (window));
  g_assert_false (gtk_progress_bar_get_show_text (bar));
  g_assert_false (gtk_widget_get_visible (cancel));

  /* To the end: the project's work. */
  g_assert_true (nl_window_open_file (window, file));
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_true (wait_until (not_loading, window));
  iterate ();
  g_assert_cmpuint (nl_trainer_get_epoch (nl_window_get_trainer (window)), ==, epochs);
  g_assert_nonnull (nl_window_get_file (window));
  g_assert_true (g_file_equal (nl_window_get_file (window), file));
  g_assert_cmpstr (title (window), ==, "large.neuronlab — NeuronLab");
  g_assert_false (gtk_widget_get_visible (cancel));
  g_assert_false (gtk_progress_bar_get_show_text (bar));

  window_destroy (window);
}

/* A named pipe is refused with a message, as a project, as a table and
 * under a name that says neither (which the window would otherwise sniff),
 * never waited on: the window does not freeze. */
static void
test_named_pipe (void)
{
  static const char * const names[] = { "pipe.neuronlab", "pipe.csv", "pipe" };
  NlWindow *window;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  alarm (30);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GFile) file = tmp_file (names[i]);
      g_autofree char *path = g_file_get_path (file);

      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      g_assert_false (nl_window_open_file (window, file));
      g_assert_nonnull (strstr (nl_window_get_notification (window), names[i]));
      g_assert_nonnull (strstr (nl_window_get_notification (window), "named pipe"));
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  alarm (0);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_window_get_dataset (window)), ==, 4);
  window_destroy (window);
}

/* Export as Python: the script, run by Debian's Python with NumPy, gives
 * the window's own answer for Emily. */
static void
test_export_python (void)
{
  g_autoptr (GFile) file = tmp_file ("emily.py");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "/usr/bin/python3", path, "--exact", "128,63", NULL };
  NlWindow *window;
  double p, script_p;
  int status;

  if (ui_test_skip_without_display ())
    return;
  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
      || system ("/usr/bin/python3 -c 'import numpy' 2>/dev/null") != 0)
    {
      g_test_skip ("/usr/bin/python3 with NumPy is needed (Debian: python3-numpy)");
      return;
    }

  window = window_new ();
  train (window, 200);
  g_assert_true (nl_window_export_python (window, file));
  p = predict_emily (window);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* "predict 128,63: 0.96717391... Female" */
  g_assert_true (g_str_has_prefix (out, "predict 128,63: "));
  script_p = g_ascii_strtod (out + strlen ("predict 128,63: "), NULL);
  g_assert_cmpfloat_with_epsilon (script_p, p, 1e-12);
  g_assert_nonnull (strstr (out, "Female"));

  window_destroy (window);
}

/* Export as PyTorch: the script, run by Debian's Python with PyTorch,
 * gives the window's own answer for Emily, and trains with the window's
 * settings and goes on from its optimizer's memory. */
static void
test_export_pytorch (void)
{
  g_autoptr (GFile) file = tmp_file ("emily-pytorch.py");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  const char *argv[] = { "/usr/bin/python3", path, "--exact", "128,63", NULL };
  NlWindow *window;
  double p, script_p;
  int status;

  if (ui_test_skip_without_display ())
    return;
  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
      || system ("/usr/bin/python3 -c 'import torch' 2>/dev/null") != 0)
    {
      g_test_skip ("/usr/bin/python3 with PyTorch is needed (Debian: python3-torch)");
      return;
    }

  window = window_new ();
  nl_trainer_set_learning_rate (nl_window_get_trainer (window), 0.025);
  nl_trainer_set_optimizer (nl_window_get_trainer (window), NL_OPTIMIZER_ADAM);
  nl_trainer_set_batch_size (nl_window_get_trainer (window), 2);
  train (window, 200);
  g_assert_true (nl_window_export_pytorch (window, file));
  p = predict_emily (window);

  /* The window's settings, and Adam's memory after 200 epochs of 2 steps. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\nLEARNING_RATE = 0.025\n"));
  g_assert_nonnull (strstr (text, "\nOPTIMIZER = \"adam\" "));
  g_assert_nonnull (strstr (text, "\nBATCH_SIZE = 2 "));
  g_assert_nonnull (strstr (text, "\nSTEPS = 400\n"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "predict 128,63: "));
  script_p = g_ascii_strtod (out + strlen ("predict 128,63: "), NULL);
  g_assert_cmpfloat_with_epsilon (script_p, p, 1e-12);
  g_assert_nonnull (strstr (out, "Female"));

  window_destroy (window);
}

/* Saving on a worker thread */

/* What a save of nl_window_save_file_async() came to. The result is
 * finished at once: it holds the window. */
typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SaveWait;

static void
save_wait_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveWait *wait = user_data;

  g_assert_false (wait->done);
  wait->ok = nl_window_save_file_finish (NL_WINDOW (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
save_done (gpointer data)
{
  return ((SaveWait *) data)->done;
}

/* Keeps the first text the bar showed, however briefly. */
static void
bar_text_cb (GtkProgressBar *bar,
             GParamSpec     *pspec,
             char          **shown)
{
  if (*shown == NULL && gtk_progress_bar_get_show_text (bar))
    *shown = g_strdup (gtk_progress_bar_get_text (bar));
}

/* The text of cell (@row, @column) in @file, as a fresh window opens it. */
static char *
saved_cell (GFile *file,
            guint  row,
            guint  column)
{
  NlWindow *window = window_new ();
  char *text;

  g_assert_true (nl_window_open_file (window, file));
  text = g_strdup (nl_dataset_model_get_cell_text (nl_window_get_dataset (window), row, column));
  window_destroy (window);
  return text;
}

/* An edit made while the save is written is not in the file: the title
 * keeps its mark until a save that has it is done. Saves asked for while one
 * is written wait their turn. */
static void
test_save_then_edit (void)
{
  g_autoptr (GFile) file = tmp_file ("during.neuronlab");
  SaveWait first = { 0 }, second = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *cell = NULL;
  NlWindow *window;
  NlDatasetModel *dataset;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  g_assert_true (nl_dataset_model_set_cell (dataset, 0, 1, "130", &error));
  g_assert_no_error (error);

  /* The edit comes before the save could be done: its callback needs the
   * main loop, which has not run yet. */
  nl_window_save_file_async (window, file, save_wait_cb, &first);
  g_assert_true (nl_dataset_model_set_cell (dataset, 0, 1, "140", &error));
  g_assert_no_error (error);
  if (!wait_until (save_done, &first))
    g_error ("The save was not done after %d s", WAIT_SECONDS);
  g_assert_no_error (first.error);
  g_assert_true (first.ok);
  g_assert_true (g_file_equal (nl_window_get_file (window), file));
  g_assert_true (nl_window_get_modified (window));
  g_assert_cmpstr (title (window), ==, "• during.neuronlab — NeuronLab");
  g_assert_null (nl_window_get_notification (window));
  cell = saved_cell (file, 0, 1);
  g_assert_cmpstr (cell, ==, "130");
  g_clear_pointer (&cell, g_free);

  /* Save (Ctrl+S) is not done when the action returns; then it is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (nl_window_get_modified (window));
  /* Asked twice more meanwhile, with an edit between: both wait their
   * turn, and the last has everything. */
  first = (SaveWait) { 0 };
  nl_window_save_file_async (window, file, save_wait_cb, &first);
  g_assert_true (nl_dataset_model_set_cell (dataset, 1, 1, "150", &error));
  g_assert_no_error (error);
  nl_window_save_file_async (window, file, save_wait_cb, &second);
  if (!wait_until (save_done, &first) || !wait_until (save_done, &second))
    g_error ("The saves were not done after %d s", WAIT_SECONDS);
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);
  g_assert_true (first.ok && second.ok);
  g_assert_false (nl_window_get_modified (window));
  g_assert_cmpstr (title (window), ==, "during.neuronlab — NeuronLab");
  cell = saved_cell (file, 0, 1);
  g_assert_cmpstr (cell, ==, "140");
  g_clear_pointer (&cell, g_free);
  cell = saved_cell (file, 1, 1);
  g_assert_cmpstr (cell, ==, "150");

  window_destroy (window);
}

/* Closing while a save is written waits for it, then closes without
 * asking: the work is saved. */
static void
test_close_during_save (void)
{
  g_autoptr (GFile) file = tmp_file ("close-during.neuronlab");
  g_autoptr (GError) error = NULL;
  g_autofree char *cell = NULL;
  SaveWait result = { 0 };
  NlWindow *window;
  gpointer weak;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 3, 2, "61", &error));
  g_assert_no_error (error);
  nl_window_save_file_async (window, file, save_wait_cb, &result);

  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_null (nl_window_get_close_dialog (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  if (!wait_until (pointer_cleared, &weak))
    g_error ("The window was not finalized after its save");
  g_assert_true (result.done);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);

  cell = saved_cell (file, 3, 2);
  g_assert_cmpstr (cell, ==, "61");
}

/* A folder that cannot be written to: @name inside a regular file. */
static GFile *
unwritable_file (const char *name)
{
  g_autoptr (GFile) blocker = tmp_file ("not-a-folder");
  g_autofree char *blocker_path = g_file_get_path (blocker);

  g_assert_true (g_file_set_contents (blocker_path, "", 0, NULL));
  return g_file_get_child (blocker, name);
}

static gboolean
has_notification (gpointer data)
{
  return nl_window_get_notification (data) != NULL;
}

/* A save into a place that cannot be written says what and where, and the
 * window keeps its work, its file and its unsaved mark. */
static void
test_save_unwritable (void)
{
  g_autoptr (GFile) file = unwritable_file ("x.neuronlab");
  g_autoptr (GFile) good = tmp_file ("writable.neuronlab");
  g_autoptr (GError) error = NULL;
  NlWindow *window;
  const char *message;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  train (window, 20);
  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 0, 1, "131", &error));
  g_assert_no_error (error);

  g_assert_false (nl_window_save_file (window, file));
  message = nl_window_get_notification (window);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  /* It names the file, once, and says why. */
  g_assert_true (g_str_has_prefix (message, "Could not write “"));
  g_assert_nonnull (strstr (message, "not-a-folder/x.neuronlab"));
  g_assert_null (strstr (strstr (message, "x.neuronlab") + 1, "x.neuronlab"));
  g_assert_nonnull (strstr (message, "Not a directory"));
  g_assert_null (nl_window_get_file (window));
  g_assert_true (nl_window_get_modified (window));
  g_assert_cmpstr (title (window), ==, "• Untitled — NeuronLab");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_window_get_dataset (window), 0, 1), ==, "131");
  g_assert_cmpuint (nl_history_epochs (nl_trainer_get_history (nl_window_get_trainer (window))), ==,
                    20);

  /* A save that can be written still works. */
  g_assert_true (nl_window_save_file (window, good));
  g_assert_false (nl_window_get_modified (window));
  window_destroy (window);
}

/* An export that cannot be written names the file once, as a save's
 * message does. */
static void
test_export_unwritable (void)
{
  g_autoptr (GFile) file = unwritable_file ("x.py");
  NlWindow *window;
  const char *message;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  g_assert_false (nl_window_export_python (window, file));
  message = nl_window_get_notification (window);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "not-a-folder/x.py"));
  g_assert_null (strstr (strstr (message, "x.py") + 1, "x.py"));
  g_assert_nonnull (strstr (message, "Not a directory"));
  window_destroy (window);
}

/* Save in the question, into a place that cannot be written: the window
 * stays open with the message, its work and its unsaved mark. */
static void
test_close_prompt_save_fails (void)
{
  g_autoptr (GFile) folder = tmp_file ("vanishing");
  g_autoptr (GFile) file = g_file_get_child (folder, "gone.neuronlab");
  g_autofree char *folder_path = g_file_get_path (folder);
  g_autofree char *file_path = g_file_get_path (file);
  g_autoptr (GError) error = NULL;
  NlWindow *window;
  gpointer weak;

  if (ui_test_skip_without_display ())
    return;

  g_assert_cmpint (g_mkdir (folder_path, 0700), ==, 0);
  window = window_new ();
  g_assert_true (nl_window_save_file (window, file));
  /* The folder becomes a file: the project cannot be written there now. */
  g_assert_cmpint (g_remove (file_path), ==, 0);
  g_assert_cmpint (g_rmdir (folder_path), ==, 0);
  g_assert_true (g_file_set_contents (folder_path, "", 0, NULL));

  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 2, 1, "98", &error));
  g_assert_no_error (error);
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (nl_window_get_close_dialog (window));
  gtk_dialog_response (GTK_DIALOG (nl_window_get_close_dialog (window)), GTK_RESPONSE_ACCEPT);
  if (!wait_until (has_notification, window))
    g_error ("No message after a save that failed");
  iterate ();

  g_assert_nonnull (weak);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_null (nl_window_get_close_dialog (window));
  g_test_message ("%s", nl_window_get_notification (window));
  g_assert_nonnull (strstr (nl_window_get_notification (window), "gone.neuronlab"));
  g_assert_true (nl_window_get_modified (window));
  g_assert_true (g_file_equal (nl_window_get_file (window), file));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_window_get_dataset (window), 2, 1), ==, "98");

  g_object_remove_weak_pointer (G_OBJECT (window), &weak);
  window_destroy (window);
}

/* A save that takes more than a moment (a table of 400,000 rows; a million
 * epochs of history are a few thousand buckets) says so on the progress
 * bar, and the bar goes back when it is done. */
static void
test_save_progress (void)
{
  g_autoptr (GFile) file = tmp_file ("long.neuronlab");
  SaveWait result = { 0 };
  const guint n = 1000000, rows = 400000;
  NlHistory *history = nl_history_new (0);
  NlHistory *test_history = nl_history_new (0);
  NlDataset *table = nl_dataset_new_tutorial ();
  size_t tutorial_rows = table->n_rows;
  g_autofree char *shown = NULL;
  GtkProgressBar *bar;
  NlWindow *window;

  if (ui_test_skip_without_display ())
    {
      nl_history_free (history);
      nl_history_free (test_history);
      nl_dataset_free (table);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (nl_history_append (history, 0.25 / (1.0 + i / 1000.0)));
      g_assert_true (nl_history_append (test_history, 0.3 / (1.0 + i / 1000.0)));
    }
  for (guint r = tutorial_rows; r < rows; r++)
    {
      size_t row = nl_dataset_append_row (table);

      for (size_t c = 0; c < table->n_columns; c++)
        g_assert_cmpint (nl_dataset_set_cell (table, row, c,
                                              nl_dataset_cell (table, r % tutorial_rows, c)->text,
                                              NULL), ==, NL_OK);
    }
  window = window_new ();
  nl_dataset_model_set_dataset (nl_window_get_dataset (window), table);
  nl_trainer_restore (nl_window_get_trainer (window), n,
                      &(NlEvaluation) { 0.25 / (1.0 + (n - 1) / 1000.0), 1.0, NAN, NAN },
                      &(NlEvaluation) { 0.3 / (1.0 + (n - 1) / 1000.0), 1.0, NAN, NAN },
                      history, test_history);
  nl_history_free (history);
  nl_history_free (test_history);
  bar = GTK_PROGRESS_BAR (find_by_type (window, "GtkProgressBar"));

  g_signal_connect (bar, "notify::show-text", G_CALLBACK (bar_text_cb), &shown);
  /* The bar comes after a moment of the save: a main thread that the
   * machine's load keeps from running through that moment may see the save
   * end first, so a save that showed nothing is tried again, a few times. */
  for (guint attempt = 0; attempt < 5 && shown == NULL; attempt++)
    {
      g_clear_error (&result.error);
      result = (SaveWait) { 0 };
      nl_window_save_file_async (window, file, save_wait_cb, &result);
      g_assert_false (gtk_progress_bar_get_show_text (bar));
      if (!wait_until (save_done, &result))
        g_error ("The save was not done after %d s", WAIT_SECONDS);
      g_assert_no_error (result.error);
      g_assert_true (result.ok);
    }
  if (shown == NULL)
    g_error ("No progress shown for a long save");
  g_assert_nonnull (strstr (shown, "long.neuronlab"));
  g_signal_handlers_disconnect_by_func (bar, bar_text_cb, &shown);
  g_assert_false (gtk_progress_bar_get_show_text (bar));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 1.0);
  g_assert_false (nl_window_get_modified (window));

  window_destroy (window);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

/* A table that opens but cannot be trained on says so at once, naming the
 * file and the reason; a column that is not an input says why. */
static void
test_csv_not_trainable (void)
{
  g_autoptr (GFile) names = tmp_file ("names.csv");
  g_autoptr (GFile) header = tmp_file ("header.csv");
  g_autoptr (GFile) mostly = tmp_file ("mostly.csv");
  struct
  {
    GFile      *file;
    const char *contents;
    const char *says;
  } cases[] = {
    { names, "Name\nAlice\nBob\n",
      "“names.csv” cannot be trained on as it is: The table has no numeric input column: "
      "column \"Name\" holds text, such as \"Alice\"" },
    { header, "Weight,Height,Gender\n",
      "“header.csv” cannot be trained on as it is: The table has no data rows" },
    { mostly, "Weight,Height,Gender\n1,2,M\n3,4,F\n5,x,M\n6,y,F\n7,z,M\n",
      "Column 2 (Height) is not an input: values that are not numbers: 3 of 5, such as \"x\" "
      "on line 4" },
  };
  NlWindow *window;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *message;

      write_file (cases[i].file, cases[i].contents, -1);
      g_assert_true (nl_window_open_file (window, cases[i].file));
      message = nl_window_get_notification (window);
      g_assert_nonnull (message);
      g_test_message ("%s", message);
      if (strstr (message, cases[i].says) == NULL)
        g_error ("The notification reads “%s”, without “%s”", message, cases[i].says);
    }
  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("nl-window-files-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  /* Recent files go to the temporary folder, not the person's list. */
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window-files/save-open", test_save_open);
  g_test_add_func ("/ui/window-files/stop-settings", test_stop_settings);
  g_test_add_func ("/ui/window-files/title", test_title);
  g_test_add_func ("/ui/window-files/close-prompt", test_close_prompt);
  g_test_add_func ("/ui/window-files/close-prompt-save", test_close_prompt_save);
  g_test_add_func ("/ui/window-files/corrupt", test_corrupt);
  g_test_add_func ("/ui/window-files/replace", test_replace);
  g_test_add_func ("/ui/window-files/recent", test_recent);
  g_test_add_func ("/ui/window-files/large-csv", test_large_csv);
  g_test_add_func ("/ui/window-files/csv-not-trainable", test_csv_not_trainable);
  g_test_add_func ("/ui/window-files/large-project", test_large_project);
  g_test_add_func ("/ui/window-files/named-pipe", test_named_pipe);
  g_test_add_func ("/ui/window-files/export-unwritable", test_export_unwritable);
  g_test_add_func ("/ui/window-files/export-python", test_export_python);
  g_test_add_func ("/ui/window-files/export-pytorch", test_export_pytorch);
  g_test_add_func ("/ui/window-files/save-then-edit", test_save_then_edit);
  g_test_add_func ("/ui/window-files/close-during-save", test_close_during_save);
  g_test_add_func ("/ui/window-files/save-unwritable", test_save_unwritable);
  g_test_add_func ("/ui/window-files/close-prompt-save-fails", test_close_prompt_save_fails);
  g_test_add_func ("/ui/window-files/save-progress", test_save_progress);

  status = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
