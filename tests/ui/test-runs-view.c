/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-runs-view.c: finished runs in the runs table and on the loss plot,
 * made the way a person makes them: train, then reset.
 *
 * The table: one row per run with the figures the trainer had when the run
 * ended, Show and Remove named after their run, an empty state that says how
 * runs come to be. The plot: the visible runs drawn (its summary for screen
 * readers names them), a hidden run gone from the drawing and back when
 * shown again, a removed run gone from both.
 *
 * Without a display every test reports a skip. With NL_UI_PNG_DIR set, the
 * plot's renders are also written there.
 */

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "nl-document.h"
#include "nl-loss-plot.h"
#include "nl-plot-ticks.h"
#include "nl-run-record.h"
#include "nl-runs-view.h"
#include "ui-test-render.h"

typedef struct
{
  guint64 epochs;
  double  loss;
  double  accuracy;
  double  test_loss;
} Ended;

/* Trains @epochs epochs at @rate, notes the trainer's figures, then resets
 * (which keeps the run). */
static Ended
make_run (NlDocument *document,
          double      rate,
          guint       epochs)
{
  NlTrainer *trainer = nl_document_get_trainer (document);
  g_autoptr(GError) error = NULL;
  Ended ended;

  g_object_set (trainer, "learning-rate", rate, NULL);
  for (guint e = 0; e < epochs; e++)
    g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_no_error (error);
  ended.epochs = nl_trainer_get_epoch (trainer);
  ended.loss = nl_trainer_get_loss (trainer);
  ended.accuracy = nl_trainer_get_accuracy (trainer);
  ended.test_loss = nl_trainer_get_test_loss (trainer);
  nl_document_reset (document);
  return ended;
}

static gboolean
has_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  g_autofree char *message =
    gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);

  return message == NULL;
}

/* The widget under @root whose accessible name is @label, or NULL. */
static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && has_accessible_label (root, label))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_grid (GtkWidget *root)
{
  if (GTK_IS_GRID (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_grid (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
cell_text (GtkWidget *view,
           int        column,
           int        row)
{
  GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (find_grid (view)), column, row);

  if (cell != NULL && !GTK_IS_LABEL (cell))
    cell = gtk_widget_get_first_child (cell);
  g_assert_true (GTK_IS_LABEL (cell));
  return gtk_label_get_text (GTK_LABEL (cell));
}

/* With no run the table says how runs come to be; after two, it has a row
 * each with the figures the trainer had when the run ended, and no test
 * loss column; a third run with a test set brings one. */
static void
test_table_figures (void)
{
  NlDocument *document;
  GtkWidget *view;
  GtkWidget *window;
  GtkWidget *empty;
  Ended ended[3];

  if (ui_test_skip_without_display ())
    return;

  document = nl_document_new ();
  view = g_object_ref_sink (nl_runs_view_new ());
  nl_runs_view_set_trainer (NL_RUNS_VIEW (view), nl_document_get_trainer (document));
  window = ui_test_show (view, 700, 300);

  g_assert_cmpuint (nl_runs_view_get_n_rows (NL_RUNS_VIEW (view)), ==, 0);
  empty = gtk_widget_get_first_child (view);
  empty = gtk_widget_get_next_sibling (gtk_widget_get_first_child (empty));
  g_assert_true (GTK_IS_LABEL (empty));
  g_assert_true (gtk_widget_get_visible (empty));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (empty)), "Reset"));

  ended[0] = make_run (document, 0.1, 5);
  ended[1] = make_run (document, 0.5, 7);
  g_assert_cmpuint (nl_runs_view_get_n_rows (NL_RUNS_VIEW (view)), ==, 2);
  g_assert_false (gtk_widget_get_visible (empty));

  for (int r = 0; r < 2; r++)
    {
      g_autofree char *number = g_strdup_printf ("%d", r + 1);
      g_autofree char *epochs = g_strdup_printf ("%" G_GUINT64_FORMAT, ended[r].epochs);
      g_autofree char *loss = nl_plot_format_value (ended[r].loss);
      g_autofree char *accuracy = g_strdup_printf ("%.1f%%", ended[r].accuracy * 100);

      g_assert_cmpstr (cell_text (view, 0, r + 1), ==, number);
      g_assert_cmpstr (cell_text (view, 2, r + 1), ==, epochs);
      g_assert_cmpstr (cell_text (view, 3, r + 1), ==, loss);
      g_assert_cmpstr (cell_text (view, 5, r + 1), ==, accuracy);
    }
  /* No test set: no test loss column. */
  g_assert_null (gtk_grid_get_child_at (GTK_GRID (find_grid (view)), 4, 0));
  g_assert_null (gtk_grid_get_child_at (GTK_GRID (find_grid (view)), 4, 1));
  g_assert_cmpstr (cell_text (view, 5, 0), ==, "Accuracy");
  /* What the second run changed, and its settings. */
  g_assert_cmpstr (cell_text (view, 1, 2), ==, "lr 0.1 → 0.5");
  {
    GtkWidget *change = gtk_grid_get_child_at (GTK_GRID (find_grid (view)), 1, 2);
    GtkWidget *settings = gtk_widget_get_next_sibling (gtk_widget_get_first_child (change));

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (settings)), "lr 0.5"));
  }

  /* A run with a test set (one of the four rows). */
  g_object_set (nl_document_get_trainer (document), "test-percent", 25, NULL);
  ended[2] = make_run (document, 0.5, 4);
  g_assert_true (isfinite (ended[2].test_loss));
  {
    g_autofree char *test_loss = nl_plot_format_value (ended[2].test_loss);

    g_assert_cmpstr (cell_text (view, 4, 0), ==, "Test loss");
    g_assert_cmpstr (cell_text (view, 4, 1), ==, "—");
    g_assert_cmpstr (cell_text (view, 4, 3), ==, test_loss);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (view);
  g_assert_finalize_object (document);
}

/* Show and Remove are named after their run; Show hides the run (and
 * follows it when hidden elsewhere), Remove drops the run and its row. */
static void
test_show_and_remove (void)
{
  NlDocument *document;
  NlTrainer *trainer;
  GtkWidget *view;
  GtkWidget *window;
  GtkWidget *show, *remove;
  g_autoptr(NlRunRecord) second = NULL;

  if (ui_test_skip_without_display ())
    return;

  document = nl_document_new ();
  trainer = nl_document_get_trainer (document);
  view = g_object_ref_sink (nl_runs_view_new ());
  nl_runs_view_set_trainer (NL_RUNS_VIEW (view), trainer);
  window = ui_test_show (view, 700, 300);

  make_run (document, 0.1, 3);
  make_run (document, 0.3, 3);
  make_run (document, 0.9, 3);
  second = g_list_model_get_item (nl_trainer_get_runs (trainer), 1);

  show = find_named (view, GTK_TYPE_CHECK_BUTTON, "Show run 2");
  g_assert_nonnull (show);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (show)));
  gtk_widget_activate (show);
  g_assert_false (nl_run_record_get_visible (second));
  nl_run_record_set_visible (second, TRUE);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (show)));

  remove = find_named (view, GTK_TYPE_BUTTON, "Remove run 2");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (nl_trainer_get_runs (trainer)), ==, 2);
  g_assert_cmpuint (nl_runs_view_get_n_rows (NL_RUNS_VIEW (view)), ==, 2);
  g_assert_null (find_named (view, GTK_TYPE_BUTTON, "Remove run 2"));
  g_assert_cmpstr (cell_text (view, 0, 1), ==, "1");
  g_assert_cmpstr (cell_text (view, 0, 2), ==, "3");
  /* The keyboard stays in the table: on the Remove that took its place. */
  remove = find_named (view, GTK_TYPE_BUTTON, "Remove run 3");
  g_assert_nonnull (remove);
  g_assert_true (gtk_widget_has_focus (remove));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (view);
  g_assert_finalize_object (document);
}

static gboolean
description_is (GtkWidget  *widget,
                const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  char *message = NULL;

  do
    {
      g_clear_pointer (&message, g_free);
      message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
      g_main_context_iteration (NULL, FALSE);
    }
  while (message != NULL && g_get_monotonic_time () < deadline);
  if (message != NULL)
    g_test_message ("%s", message);
  g_free (message);
  return message == NULL;
}

static guint
differing_pixels (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint differing = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      differing += ui_test_pixel (a, x, y) != ui_test_pixel (b, x, y);
  return differing;
}

/* The plot draws the visible runs and names them for a screen reader; a
 * hidden run leaves the drawing and comes back as it was; a removed run
 * leaves it for good. */
static void
test_plot_runs (void)
{
  NlDocument *document;
  NlTrainer *trainer;
  GtkWidget *plot;
  GtkWidget *window;
  cairo_surface_t *none, *three, *hidden, *again;
  g_autoptr(NlRunRecord) second = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_hidden = NULL;
  g_autofree char *loss[3] = { NULL };
  Ended ended[3];

  if (ui_test_skip_without_display ())
    return;

  document = nl_document_new ();
  trainer = nl_document_get_trainer (document);
  plot = g_object_ref_sink (nl_loss_plot_new ());
  nl_loss_plot_set_history (NL_LOSS_PLOT (plot), nl_trainer_get_history (trainer));
  window = ui_test_show (plot, 700, 400);
  none = ui_test_render (plot);

  nl_loss_plot_set_runs (NL_LOSS_PLOT (plot), nl_trainer_get_runs (trainer));
  ended[0] = make_run (document, 0.1, 40);
  ended[1] = make_run (document, 0.5, 60);
  ended[2] = make_run (document, 2.0, 20);
  /* The trainer's history is cleared in place by the reset. */
  nl_loss_plot_set_history (NL_LOSS_PLOT (plot), nl_trainer_get_history (trainer));
  g_assert_cmpuint (nl_loss_plot_get_n_runs_shown (NL_LOSS_PLOT (plot)), ==, 3);

  three = ui_test_render (plot);
  ui_test_save (three, "nl-loss-plot-runs.png");
  g_assert_cmpuint (differing_pixels (none, three), >, 1000);

  /* The history's last epoch holds the loss measured after it (as the
   * trainer's figure): the same value the table shows. */
  for (int r = 0; r < 3; r++)
    loss[r] = nl_plot_format_value (ended[r].loss);
  expected = g_strdup_printf ("No training yet. 3 earlier runs shown: run 1 (SGD, lr 0.1), loss %s at epoch 40; "
                              "run 2 (lr 0.1 → 0.5), loss %s at epoch 60; "
                              "run 3 (lr 0.5 → 2), loss %s at epoch 20",
                              loss[0], loss[1], loss[2]);
  g_assert_true (description_is (plot, expected));

  second = g_list_model_get_item (nl_trainer_get_runs (trainer), 1);
  nl_run_record_set_visible (second, FALSE);
  g_assert_cmpuint (nl_loss_plot_get_n_runs_shown (NL_LOSS_PLOT (plot)), ==, 2);
  hidden = ui_test_render (plot);
  ui_test_save (hidden, "nl-loss-plot-runs-hidden.png");
  g_assert_cmpuint (differing_pixels (three, hidden), >, 200);
  expected_hidden = g_strdup_printf ("No training yet. 2 earlier runs shown: run 1 (SGD, lr 0.1), loss %s at epoch 40; "
                                     "run 3 (lr 0.5 → 2), loss %s at epoch 20",
                                     loss[0], loss[2]);
  g_assert_true (description_is (plot, expected_hidden));

  nl_run_record_set_visible (second, TRUE);
  again = ui_test_render (plot);
  g_assert_cmpuint (differing_pixels (three, again), ==, 0);
  cairo_surface_destroy (again);

  /* Removed: as when hidden. */
  nl_trainer_remove_run (trainer, 1);
  g_assert_cmpuint (nl_loss_plot_get_n_runs_shown (NL_LOSS_PLOT (plot)), ==, 2);
  again = ui_test_render (plot);
  g_assert_cmpuint (differing_pixels (hidden, again), ==, 0);
  g_assert_true (description_is (plot, expected_hidden));

  cairo_surface_destroy (none);
  cairo_surface_destroy (three);
  cairo_surface_destroy (hidden);
  cairo_surface_destroy (again);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (plot);
  g_assert_finalize_object (document);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/runs-view/table-figures", test_table_figures);
  g_test_add_func ("/runs-view/show-and-remove", test_show_and_remove);
  g_test_add_func ("/runs-view/plot-runs", test_plot_runs);

  return g_test_run ();
}
