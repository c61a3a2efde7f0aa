/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-prediction-plot.c: a regression's predicted-against-actual plot:
 * each row where its target and its prediction put it, the diagonal, and the
 * RMSE and R² it reports.
 *
 * Without a display every test reports a skip. With NL_UI_PNG_DIR set, the
 * renders are also written there as PNG files.
 */

#include <math.h>

#include <gtk/gtk.h>

#include "nl-prediction-plot.h"
#include "nl-theme.h"
#include "ui-test-render.h"

static int
distance (guint32 a,
          guint32 b)
{
  int d = 0;

  for (int k = 0; k < 3; k++)
    d = MAX (d, ABS ((int) ((a >> (8 * k)) & 0xff) - (int) ((b >> (8 * k)) & 0xff)));
  return d;
}

static guint32
rgba_pixel (const GdkRGBA *c)
{
  return ((guint32) lround (c->red * 255) << 16) | ((guint32) lround (c->green * 255) << 8) |
         (guint32) lround (c->blue * 255);
}

static guint32
pixel_at (NlPredictionPlot *plot,
          cairo_surface_t  *surface,
          double            actual,
          double            predicted)
{
  double x, y;

  g_assert_true (nl_prediction_plot_to_widget (plot, actual, predicted, &x, &y));
  return ui_test_pixel (surface, (int) floor (x), (int) floor (y));
}

/* Three training rows, targets 8, 10 and 12 (standardised -1, 0, 1 with
 * shift 10, scale 2), and a network whose output is half its input: it
 * predicts 9, 10 and 11. One test row, target 14, predicted 12. */
static void
test_points_and_figures (void)
{
  static const size_t sizes[] = { 1, 1 };
  const NlActivation activations[] = { NL_ACTIVATION_SIGMOID, NL_ACTIVATION_LINEAR };
  double train_x[] = { -1, 0, 1 }, train_y[] = { -1, 0, 1 };
  double test_x[] = { 2 }, test_y[] = { 2 };
  NlMatrix train = { 0 }, test = { 0 };
  NlError error = { 0 };
  NlNet *net = nl_net_new (2, sizes, activations, &error);
  GtkWidget *widget = nl_prediction_plot_new ();
  NlPredictionPlot *plot = NL_PREDICTION_PLOT (widget);
  GtkWidget *window;
  cairo_surface_t *surface;
  NlThemeColors colors;
  double rmse, r2, actual, predicted, x, y, dx, dy;
  g_autofree char *message = NULL;

  g_assert_nonnull (net);
  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      g_object_unref (g_object_ref_sink (widget));
      return;
    }

  net->params[nl_net_weight_index (net, 1, 0, 0)] = 0.5;
  train.n_rows = 3;
  train.n_inputs = 1;
  train.x = train_x;
  train.y = train_y;
  train.y_shift = 10;
  train.y_scale = 2;
  test = train;
  test.n_rows = 1;
  test.x = test_x;
  test.y = test_y;

  nl_prediction_plot_set_rows (plot, &train, &test);
  nl_prediction_plot_set_target_name (plot, "price");
  nl_prediction_plot_set_network (plot, net);

  g_assert_cmpuint (nl_prediction_plot_get_n_points (plot, FALSE), ==, 3);
  g_assert_cmpuint (nl_prediction_plot_get_n_points (plot, TRUE), ==, 1);
  g_assert_true (nl_prediction_plot_get_point (plot, FALSE, 0, &actual, &predicted));
  g_assert_cmpfloat_with_epsilon (actual, 8.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (predicted, 9.0, 1e-12);

  /* Errors 1, 0, -1 about a mean of 10: RMSE sqrt (2/3), R² 1 - 2/8. */
  g_assert_true (nl_prediction_plot_get_metrics (plot, FALSE, &rmse, &r2));
  g_assert_cmpfloat_with_epsilon (rmse, sqrt (2.0 / 3.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (r2, 0.75, 1e-12);
  /* One test row: its error, and no R² for a single target. */
  g_assert_true (nl_prediction_plot_get_metrics (plot, TRUE, &rmse, &r2));
  g_assert_cmpfloat_with_epsilon (rmse, 2.0, 1e-12);
  g_assert_true (isnan (r2));

  window = ui_test_show (widget, 420, 360);
  surface = ui_test_render (widget);
  ui_test_save (surface, "prediction-plot.png");
  nl_theme_colors_get (widget, &colors);

  /* The row of target 8 predicted 9 is a dot above the diagonal at x = 8;
   * nothing is where (9, 8) would be, below it. */
  g_assert_cmpint (distance (pixel_at (plot, surface, 8, 9), rgba_pixel (&colors.bg)), >, 60);
  g_assert_cmpint (distance (pixel_at (plot, surface, 9, 8), rgba_pixel (&colors.bg)), <=, 30);
  g_assert_true (nl_prediction_plot_to_widget (plot, 8, 9, &x, &y));
  g_assert_true (nl_prediction_plot_to_widget (plot, 8, 8, &dx, &dy));
  g_assert_cmpfloat (y, <, dy - 10);
  g_assert_cmpfloat_with_epsilon (x, dx, 1e-9);
  /* The diagonal y = x is drawn: between (10, 10) and (11, 11) there is
   * a line. */
  {
    double x10, y10, x11, y11;

    g_assert_true (nl_prediction_plot_to_widget (plot, 10, 10, &x10, &y10));
    g_assert_true (nl_prediction_plot_to_widget (plot, 11, 11, &x11, &y11));
    g_assert_cmpint (distance (ui_test_pixel (surface, (int) floor ((x10 + x11) / 2),
                                              (int) floor ((y10 + y11) / 2)),
                               rgba_pixel (&colors.bg)), >, 30);
  }
  /* The test row, a hollow mark in the test colour around (14, 12). */
  g_assert_true (nl_prediction_plot_to_widget (plot, 14, 12, &x, &y));
  {
    gboolean ring = FALSE;

    for (int d = -6; d <= 6 && !ring; d++)
      ring = distance (ui_test_pixel (surface, (int) floor (x) + d, (int) floor (y)),
                       rgba_pixel (&colors.negative)) < 50;
    g_assert_true (ring);
  }

  /* What a screen reader hears: the rows and their figures. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    const char *expected = "Predicted against actual price for 3 training rows, RMSE 0.816 · R² 0.750, "
                           "and 1 test rows, RMSE 2 · R² —";

    do
      {
        g_clear_pointer (&message, g_free);
        message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
        g_main_context_iteration (NULL, FALSE);
      }
    while (message != NULL && g_get_monotonic_time () < deadline);
    g_assert_null (message);
  }

  /* A better network moves the points onto the diagonal. */
  net->params[nl_net_weight_index (net, 1, 0, 0)] = 1.0;
  nl_prediction_plot_set_network (plot, net);
  g_assert_true (nl_prediction_plot_get_metrics (plot, FALSE, &rmse, &r2));
  g_assert_cmpfloat (rmse, <, 1e-12);
  g_assert_cmpfloat_with_epsilon (r2, 1.0, 1e-12);

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

/* No rows: nothing to predict, and the plot says so. */
static void
test_empty (void)
{
  GtkWidget *widget;
  double x, y;

  if (ui_test_skip_without_display ())
    return;

  widget = g_object_ref_sink (nl_prediction_plot_new ());
  g_assert_cmpuint (nl_prediction_plot_get_n_points (NL_PREDICTION_PLOT (widget), FALSE), ==, 0);
  g_assert_false (nl_prediction_plot_get_metrics (NL_PREDICTION_PLOT (widget), FALSE, NULL, NULL));
  g_assert_false (nl_prediction_plot_to_widget (NL_PREDICTION_PLOT (widget), 1, 1, &x, &y));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     "No rows to predict"));
  g_object_unref (widget);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/prediction-plot/points-and-figures", test_points_and_figures);
  g_test_add_func ("/prediction-plot/empty", test_empty);

  return g_test_run ();
}
