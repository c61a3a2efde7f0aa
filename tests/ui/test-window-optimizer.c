/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-optimizer.c: how each step learns, in the window. The
 * optimizer and regularisation fields reach the trainer and mark the work
 * modified, show an optimizer's coefficients only while it is chosen, keep a
 * typed number once the focus moves on, refuse text that is no number in
 * range with a message and keep it on show, and show settings the trainer
 * got elsewhere (as a project gives them). The Backpropagation page works
 * out the step Step Sample then takes: its batch is the selected row and
 * the rows after it, its Adam memory the trainer's, and the new value it
 * shows is the value the step gives. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-inspector.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text);
}

/* Types @text into @spin and moves the focus to @next, as Tab would. */
static void
type_then_leave (GtkWidget  *spin,
                 const char *text,
                 GtkWidget  *next)
{
  gtk_widget_grab_focus (spin);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_widget_grab_focus (next);
  iterate ();
}

static void
test_settings (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  GtkExpander *expander;
  GtkWidget *batch, *optimizer, *momentum, *beta1, *beta2, *epsilon, *l2;
  NlTrainOptions options;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);

  /* The tutorial's settings: folded away. */
  expander = GTK_EXPANDER (find_by_type (window, "GtkExpander"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_expander_get_label_widget (expander))), ==,
                  "Optimizer and regularisation");
  g_assert_false (gtk_expander_get_expanded (expander));
  gtk_expander_set_expanded (expander, TRUE);
  iterate ();

  batch = field (window, "Batch size");
  optimizer = field (window, "Optimizer");
  momentum = field (window, "Momentum");
  beta1 = field (window, "β1");
  beta2 = field (window, "β2");
  epsilon = field (window, "ε");
  l2 = field (window, "L2 regularisation");
  g_assert_true (GTK_IS_DROP_DOWN (optimizer));
  g_assert_true (gtk_widget_get_mapped (batch));
  g_assert_true (gtk_widget_get_mapped (field (window, "L1 regularisation")));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (optimizer)), ==, 0);
  /* SGD has no coefficients of its own. */
  g_assert_false (gtk_widget_get_mapped (momentum));
  g_assert_false (gtk_widget_get_mapped (beta1));
  g_assert_false (gtk_widget_get_mapped (epsilon));
  g_assert_false (nl_window_get_modified (window));

  /* Adam, chosen in the list: the trainer and the work have it, and its
   * coefficients show; momentum's does not. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (optimizer), 2);
  iterate ();
  g_assert_cmpint (nl_trainer_get_optimizer (trainer), ==, NL_OPTIMIZER_ADAM);
  nl_trainer_get_options (trainer, &options);
  g_assert_cmpint (options.optimizer, ==, NL_OPTIMIZER_ADAM);
  g_assert_true (nl_window_get_modified (window));
  g_assert_true (gtk_widget_get_mapped (beta1));
  g_assert_true (gtk_widget_get_mapped (beta2));
  g_assert_true (gtk_widget_get_mapped (epsilon));
  g_assert_false (gtk_widget_get_mapped (momentum));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (epsilon)), ==, "1e-08");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (beta2)), ==, "0.999");

  /* Typed, then the focus moves on: kept, in the trainer. */
  type_then_leave (beta1, "0.8", beta2);
  g_assert_cmpfloat (nl_trainer_get_beta1 (trainer), ==, 0.8);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (beta1)), ==, "0.8");
  type_then_leave (epsilon, "1e-6", l2);
  g_assert_cmpfloat (nl_trainer_get_epsilon (trainer), ==, 1e-6);
  type_then_leave (l2, "0.001", batch);
  g_assert_cmpfloat (nl_trainer_get_l2 (trainer), ==, 0.001);
  type_then_leave (batch, "3", beta1);
  g_assert_cmpuint (nl_trainer_get_batch_size (trainer), ==, 3);

  /* Not a number, or out of range: the trainer keeps its value, the text
   * stays, marked, and the window says what is wrong where. */
  type_then_leave (beta2, "abc", beta1);
  g_assert_cmpfloat (nl_trainer_get_beta2 (trainer), ==, 0.999);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (beta2)), ==, "abc");
  g_assert_true (gtk_widget_has_css_class (beta2, "error"));
  assert_contains (nl_window_get_notification (window), "β2: “abc” is not a number from 0 to below 1");
  type_then_leave (beta2, "1", beta1);
  g_assert_cmpfloat (nl_trainer_get_beta2 (trainer), ==, 0.999);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (beta2)), ==, "1");
  type_then_leave (batch, "2.5", beta1);
  g_assert_cmpuint (nl_trainer_get_batch_size (trainer), ==, 3);
  assert_contains (nl_window_get_notification (window), "Batch size: “2.5” is not a whole number");
  type_then_leave (batch, "4", beta1);
  g_assert_cmpuint (nl_trainer_get_batch_size (trainer), ==, 4);
  g_assert_false (gtk_widget_has_css_class (batch, "error"));
  /* Mended: accepted, no longer marked. */
  type_then_leave (beta2, "0.99", beta1);
  g_assert_cmpfloat (nl_trainer_get_beta2 (trainer), ==, 0.99);
  g_assert_false (gtk_widget_has_css_class (beta2, "error"));

  /* The project keeps them. */
  {
    g_autofree char *dir = g_dir_make_tmp ("test-window-optimizer-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "adam.neuronlab", NULL);
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;

    g_assert_nonnull (dir);
    g_assert_true (nl_window_save_file (window, file));
    g_assert_false (nl_window_get_modified (window));
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    assert_contains (contents, "\noptimizer=adam\n");
    assert_contains (contents, "\nbeta1=0.8\n");
    assert_contains (contents, "\nbeta2=0.99\n");
    assert_contains (contents, "\nbatch-size=4\n");
    g_unlink (path);
    g_rmdir (dir);
  }

  /* Momentum: its coefficient alone. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (optimizer), 1);
  iterate ();
  g_assert_cmpint (nl_trainer_get_optimizer (trainer), ==, NL_OPTIMIZER_MOMENTUM);
  g_assert_true (gtk_widget_get_mapped (momentum));
  g_assert_false (gtk_widget_get_mapped (beta1));

  window_destroy (window);
}

/* A project trained with Adam opens showing Adam, unfolded, with its
 * coefficients; so do settings the trainer gets any other way. */
static void
test_shows_trainer (void)
{
  NlWindow *window, *other;
  NlTrainer *trainer;
  GtkExpander *expander;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);
  nl_trainer_set_optimizer (trainer, NL_OPTIMIZER_ADAM);
  nl_trainer_set_beta2 (trainer, 0.98);
  nl_trainer_set_l1 (trainer, 0.0005);
  dir = g_dir_make_tmp ("test-window-optimizer-XXXXXX", NULL);
  g_assert_nonnull (dir);
  path = g_build_filename (dir, "adam.neuronlab", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (nl_window_save_file (window, file));
  window_destroy (window);

  other = window_new ();
  expander = GTK_EXPANDER (find_by_type (other, "GtkExpander"));
  g_assert_false (gtk_expander_get_expanded (expander));
  g_assert_true (nl_window_open_file (other, file));
  iterate ();
  g_assert_null (nl_window_get_notification (other));
  g_assert_cmpint (nl_trainer_get_optimizer (nl_window_get_trainer (other)), ==, NL_OPTIMIZER_ADAM);
  g_assert_true (gtk_expander_get_expanded (expander));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (field (other, "Optimizer"))), ==, 2);
  g_assert_true (gtk_widget_get_mapped (field (other, "β2")));
  g_assert_false (gtk_widget_get_mapped (field (other, "Momentum")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (other, "β2"))), ==, "0.98");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (other, "L1 regularisation"))), ==, "0.0005");
  g_assert_false (nl_window_get_modified (other));
  window_destroy (other);

  g_unlink (path);
  g_rmdir (dir);
}

/* The number after the last " = " of the line that starts with @prefix. */
static double
line_result (const char *text,
             const char *prefix)
{
  const char *start = strstr (text, prefix);
  const char *end, *last;

  if (start == NULL)
    g_error ("“%s” not in:\n%s", prefix, text);
  end = strchr (start, '\n');
  if (end == NULL)
    end = start + strlen (start);
  last = g_strrstr_len (start, end - start, " = ");
  g_assert_nonnull (last);
  return g_ascii_strtod (last + 3, NULL);
}

/* Adam on a batch of three from the worked example: the page lists the
 * selected row and the two after it, counts the trainer's steps, and the
 * new value it shows is the one Step Sample gives. */
static void
test_step (void)
{
  NlWindow *window;
  NlTrainer *trainer;
  NlNetworkModel *network;
  NlInspector *inspector;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  const char *alice, *bob, *charlie;
  double before, shown, after;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  trainer = nl_window_get_trainer (window);
  network = nl_window_get_network (window);
  inspector = NL_INSPECTOR (find_by_type (window, "NlInspector"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.worked-example", NULL));
  iterate ();
  nl_trainer_set_optimizer (trainer, NL_OPTIMIZER_ADAM);
  nl_trainer_set_batch_size (trainer, 3);
  nl_trainer_set_learning_rate (trainer, 0.05);
  /* One step first, so that Adam has memory. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step-sample", NULL));
  iterate ();

  text = nl_inspector_get_text (inspector);
  g_test_message ("%s", text);
  assert_contains (text, "over a batch of 3 samples");
  alice = strstr (text, "\nAlice: ∂L/∂w1 = ");
  bob = strstr (text, "\nBob: ∂L/∂w1 = ");
  charlie = strstr (text, "\nCharlie: ∂L/∂w1 = ");
  g_assert_true (alice != NULL && bob != NULL && charlie != NULL);
  g_assert_true (alice < bob && bob < charlie);
  g_assert_null (strstr (text, "Diana: ∂L/∂w1"));
  assert_contains (text, "t = 2");

  before = nl_network_model_get_params (network, NULL)[0];
  shown = line_result (text, "w1 ← w1 − η·m̂ / (√v̂ + ε) = ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step-sample", NULL));
  iterate ();
  after = nl_network_model_get_params (network, NULL)[0];
  g_assert_cmpfloat (after, !=, before);
  if (!(fabs (shown - after) <= fabs (after - before) / 100))
    g_error ("The page showed w1 → %.10g; Step Sample gave %.10g (from %.10g)", shown, after, before);
  expected = g_strdup_printf ("One step (Adam, η = 0.05, batch of 3): w1 %.4f → %.4f,", before, after);
  assert_contains (text, expected);

  /* A parameter chosen when none was (the rows are gathered only for one
   * on show): its step is on the same batch. */
  g_clear_pointer (&text, g_free);
  nl_inspector_set_param (inspector, -1);
  nl_trainer_set_learning_rate (trainer, 0.04);
  iterate ();
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (window, "Parameter")), 4);
  text = nl_inspector_get_text (inspector);
  assert_contains (text, "over a batch of 3 samples");
  assert_contains (text, "Charlie: ∂L/∂w5 = ");

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/window-optimizer/settings", test_settings);
  g_test_add_func ("/ui/window-optimizer/shows-trainer", test_shows_trainer);
  g_test_add_func ("/ui/window-optimizer/step", test_step);
  return g_test_run ();
}
