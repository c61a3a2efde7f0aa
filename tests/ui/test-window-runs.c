/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-runs.c: the window shows the work's runs and weights: a
 * Reset after training puts the run on the loss plot and in the runs table
 * (behind the Loss page's Runs button), and the Weights page follows the
 * network.
 *
 * Without a display every test reports a skip.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "nl-loss-plot.h"
#include "nl-runs-view.h"
#include "nl-weight-histogram.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

static gboolean
is_menu_button (GtkWidget  *widget,
                const char *label)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0;
}

static void
test_reset_keeps_run (void)
{
  NlWindow *window;
  NlLossPlot *plot;
  NlRunsView *runs;
  GtkWidget *button;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  plot = NL_LOSS_PLOT (find_by_type (window, "NlLossPlot"));
  runs = NL_RUNS_VIEW (find_by_type (window, "NlRunsView"));
  button = find_widget (GTK_WIDGET (window), is_menu_button, "Runs");
  g_assert_nonnull (button);
  /* The table is what the Runs button opens. */
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (runs), button));

  g_assert_cmpuint (nl_loss_plot_get_n_runs_shown (plot), ==, 0);
  g_assert_cmpuint (nl_runs_view_get_n_rows (runs), ==, 0);

  /* Reset before any training keeps nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  iterate ();
  g_assert_cmpuint (nl_runs_view_get_n_rows (runs), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  iterate ();
  g_assert_cmpuint (nl_loss_plot_get_n_runs_shown (plot), ==, 1);
  g_assert_cmpuint (nl_runs_view_get_n_rows (runs), ==, 1);

  window_destroy (window);
}

/* The Weights page holds the histogram, and it counts the window's
 * network: a weight set by hand far out lands in the last bin. */
static void
test_weights_page (void)
{
  NlWindow *window;
  NlWeightHistogram *histogram;
  GtkWidget *stack;
  NlDocument *document;
  const guint *counts;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  histogram = NL_WEIGHT_HISTOGRAM (find_by_type (window, "NlWeightHistogram"));
  stack = gtk_widget_get_ancestor (GTK_WIDGET (histogram), GTK_TYPE_STACK);
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (stack), GTK_WIDGET (histogram))),
                   ==, "Weights");

  /* The tutorial's 2-2-1 network: two layers of weights. */
  g_assert_cmpuint (nl_weight_histogram_get_n_layers (histogram), ==, 2);
  document = nl_window_get_document (window);
  g_assert_true (nl_document_set_param (document, 5, 40.0));     /* w6 */
  g_assert_cmpfloat (nl_weight_histogram_get_range (histogram), >=, 40.0);
  counts = nl_weight_histogram_get_counts (histogram, 1);
  g_assert_cmpuint (counts[NL_WEIGHT_HISTOGRAM_BINS - 1], ==, 1);

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/window-runs/reset-keeps-run", test_reset_keeps_run);
  g_test_add_func ("/window-runs/weights-page", test_weights_page);

  return g_test_run ();
}
