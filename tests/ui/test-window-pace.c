/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-pace.c: training in the window at a pace a person can watch,
 * the Speed control, and "Until stopped".
 *
 * The first test opens a window at its defaults (not through window_new(),
 * which sets Fastest for the other tests) and watches one second of the
 * tutorial's run as a person would: the run is visibly in progress, and the
 * diagram, the decision boundary and the prediction follow its progress
 * posts (the default is 100 epochs a second, posted about 50 times a
 * second; how many a second is measured by bench/run-window).
 *
 * Without a display every test reports a skip.
 */

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-network-view.h"
#include "nl-predict-form.h"
#include "nl-speed-control.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

/* What the diagram shows of every parameter ("w1 (x1 → h1) = -1.6123",
 * "h1: bias b1 = ..."), as its tooltips would say it. */
static char *
diagram_text (NlNetworkView *view,
              guint          n_params)
{
  GString *text = g_string_new (NULL);

  for (guint p = 0; p < n_params; p++)
    {
      double x, y;
      g_autofree char *what = NULL;

      if (nl_network_view_get_parameter_position (view, p, &x, &y))
        what = nl_network_view_describe_at (view, x, y);
      g_string_append_printf (text, "%s\n", what != NULL ? what : "");
    }
  return g_string_free (text, FALSE);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The Speed control's value label: its label that names no control. */
static gboolean
is_value_label (GtkWidget  *widget,
                const char *data)
{
  return GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) == NULL;
}

/* The visible value beside the Speed slider ("100 epochs/s"). */
static const char *
speed_text (NlWindow *window)
{
  GtkWidget *label = find_widget (find_by_type (window, "NlSpeedControl"), is_value_label, NULL);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* At the default speed, a second after Train the run is partway, and the
 * diagram, the boundary and the prediction have followed it many times. */
static void
test_default_speed (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  NlNetworkView *diagram;
  NlBoundaryView *boundary;
  NlPredictForm *predict;
  GtkWidget *speed;
  g_autofree char *last_diagram = NULL;
  double last_output, last_probability;
  guint diagram_changes = 0, boundary_changes = 0, predict_changes = 0, n_params;
  gboolean second_over = FALSE;
  guint posts = 0;
  guint64 epoch;

  if (ui_test_skip_without_display ())
    return;

  window = nl_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  trainer = nl_window_get_trainer (window);
  diagram = NL_NETWORK_VIEW (find_by_type (window, "NlNetworkView"));
  boundary = NL_BOUNDARY_VIEW (find_by_type (window, "NlBoundaryView"));
  predict = NL_PREDICT_FORM (find_by_type (window, "NlPredictForm"));
  n_params = nl_network_model_get_n_params (nl_window_get_network (window));

  /* The control a person finds by its label, at its default. */
  speed = field (window, "Speed");
  g_assert_true (GTK_IS_SCALE (speed));
  g_assert_cmpstr (speed_text (window), ==, "100 epochs/s");
  g_assert_cmpuint (nl_trainer_get_epochs (trainer), ==, 1000);

  last_diagram = diagram_text (diagram, n_params);
  last_output = nl_boundary_view_get_output_at (boundary, 0.5, 0.5);
  last_probability = nl_predict_form_get_probability (predict);

  g_signal_connect_swapped (trainer, "progress", G_CALLBACK (count_cb), &posts);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_timeout_add (1000, set_flag_cb, &second_over);
  while (!second_over)
    {
      g_autofree char *now_diagram = NULL;
      double output, probability;

      g_main_context_iteration (NULL, TRUE);
      now_diagram = diagram_text (diagram, n_params);
      output = nl_boundary_view_get_output_at (boundary, 0.5, 0.5);
      probability = nl_predict_form_get_probability (predict);
      if (strcmp (now_diagram, last_diagram) != 0)
        {
          diagram_changes++;
          g_free (last_diagram);
          last_diagram = g_steal_pointer (&now_diagram);
        }
      if (output != last_output)
        boundary_changes++;
      if (probability != last_probability)
        predict_changes++;
      last_output = output;
      last_probability = probability;
    }

  g_signal_handlers_disconnect_by_func (trainer, count_cb, &posts);
  epoch = nl_trainer_get_epoch (trainer);
  g_test_message ("after 1 s: epoch %" G_GUINT64_FORMAT "; %u progress posts; changes: diagram %u, "
                  "boundary %u, prediction %u", epoch, posts, diagram_changes, boundary_changes,
                  predict_changes);
  g_assert_true (nl_trainer_get_running (trainer));
  g_assert_cmpuint (epoch, >=, 1);
  g_assert_cmpuint (epoch, <=, 999);
  g_assert_true (g_str_has_prefix (status_text (window), "Epoch "));
  /* Every progress post of a paced run reaches the diagram and the
   * prediction (they used to follow at most ten times a second), and the
   * boundary, computed in a worker, most of them. Counted against the posts
   * the main loop received, so a loaded machine that delivers fewer posts
   * asks for fewer changes. */
  g_assert_cmpuint (posts, >=, 3);
  g_assert_cmpuint (diagram_changes + 2, >=, posts);
  g_assert_cmpuint (predict_changes + 2, >=, posts);
  g_assert_cmpuint (2 * boundary_changes + 2, >=, posts);

  /* Stop is prompt at this pace too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), <, 1000);

  window_destroy (window);
}

/* The Speed control works during a run, and at once: from 1 epoch a
 * second, End (Fastest) finishes a run that would take a day. */
static void
test_speed_during_run (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  GtkWidget *speed;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);
  speed = field (window, "Speed");
  g_assert_cmpstr (speed_text (window), ==, "Fastest");

  /* Home: the slowest pace. */
  g_signal_emit_by_name (speed, "move-slider", GTK_SCROLL_START);
  g_assert_cmpstr (speed_text (window), ==, "1 epoch/s");
  g_assert_cmpuint (nl_trainer_get_pace (trainer), ==, 1);
  g_signal_emit_by_name (speed, "move-slider", GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpstr (speed_text (window), ==, "2 epochs/s");
  g_signal_emit_by_name (speed, "move-slider", GTK_SCROLL_STEP_LEFT);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (window, "Epochs")), 100000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (nl_trainer_get_epoch (trainer) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nl_trainer_get_running (trainer));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), <, 100000);
  g_assert_true (gtk_widget_is_sensitive (speed));

  /* End: Fastest, at once, in the run in progress. */
  g_signal_emit_by_name (speed, "move-slider", GTK_SCROLL_END);
  g_assert_cmpstr (speed_text (window), ==, "Fastest");
  g_assert_cmpuint (nl_trainer_get_pace (trainer), ==, 0);
  wait_for_run_end (window);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 100000);
  g_assert_true (g_str_has_prefix (status_text (window), "Epoch 100000 · "));

  window_destroy (window);
}

/* "Until stopped" trains past the Epochs, which it disables, until Stop. */
static void
test_until_stopped (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  GtkCheckButton *until_stopped;
  GtkWidget *epochs;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);
  epochs = field (window, "Epochs");
  until_stopped = check_button (window, "Until stopped");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (epochs), 5);
  g_assert_true (gtk_widget_is_sensitive (epochs));

  gtk_check_button_set_active (until_stopped, TRUE);
  g_assert_false (gtk_widget_is_sensitive (epochs));
  g_assert_true (nl_trainer_get_until_stopped (trainer));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (until_stopped)));
  while (nl_trainer_get_epoch (trainer) <= 1000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nl_trainer_get_running (trainer));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_for_run_end (window);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), >, 1000);
  g_assert_null (nl_window_get_notification (window));
  g_assert_true (g_str_has_prefix (status_text (window), "Epoch "));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (until_stopped)));
  g_assert_false (gtk_widget_is_sensitive (epochs));

  gtk_check_button_set_active (until_stopped, FALSE);
  g_assert_true (gtk_widget_is_sensitive (epochs));
  g_assert_false (nl_trainer_get_until_stopped (trainer));

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Xvfb has no GPU: GTK's GL renderer would rasterise every frame in
   * software, a tenth of a second a frame, and the test would measure that
   * (bench/run-window and the end-to-end test choose cairo likewise). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window-pace/default-speed", test_default_speed);
  g_test_add_func ("/ui/window-pace/speed-during-run", test_speed_during_run);
  g_test_add_func ("/ui/window-pace/until-stopped", test_until_stopped);

  return g_test_run ();
}
