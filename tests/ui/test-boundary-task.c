/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-boundary-task.c: the decision boundary following the task: several
 * classes, each region in its class's colour with the network's confidence
 * as the colour's strength; a regression's predicted value on a diverging
 * scale in the target's units.
 *
 * Without a display every test reports a skip. With NL_UI_PNG_DIR set, the
 * renders are also written there as PNG files.
 */

#include <math.h>

#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-heatmap.h"
#include "nl-theme.h"
#include "ui-test-render.h"

/* Three clusters around these centres (normalised units). */
static const double centres[3][2] = { { -1.0, -1.0 }, { 1.0, -1.0 }, { 0.0, 1.2 } };

/* A 2-3 softmax network that gives each point the class of its nearest
 * centre: z_k = s (2 c_k . x - |c_k|^2). */
static NlNet *
nearest_centre_net (double sharpness)
{
  static const size_t sizes[] = { 2, 3 };
  const NlActivation activations[] = { NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SOFTMAX };
  NlError error = { 0 };
  NlNet *net = nl_net_new (2, sizes, activations, &error);

  g_assert_nonnull (net);
  for (size_t k = 0; k < 3; k++)
    {
      net->params[nl_net_weight_index (net, 1, k, 0)] = sharpness * 2 * centres[k][0];
      net->params[nl_net_weight_index (net, 1, k, 1)] = sharpness * 2 * centres[k][1];
      net->params[nl_net_bias_index (net, 1, k)] =
        -sharpness * (centres[k][0] * centres[k][0] + centres[k][1] * centres[k][1]);
    }
  return net;
}

static void
wait_for_heatmap (NlBoundaryView *view)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (nl_boundary_view_get_pending (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (nl_boundary_view_get_pending (view));
}

static cairo_surface_t *
render_settled (GtkWidget *view)
{
  cairo_surface_t *surface = ui_test_render (view);

  cairo_surface_destroy (surface);
  wait_for_heatmap (NL_BOUNDARY_VIEW (view));
  return ui_test_render (view);
}

static guint32
pixel_at (NlBoundaryView  *view,
          cairo_surface_t *surface,
          double           nx,
          double           ny)
{
  double x, y;

  g_assert_true (nl_boundary_view_to_widget (view, nx, ny, &x, &y));
  return ui_test_pixel (surface, (int) floor (x), (int) floor (y));
}

static int
channel (guint32 p,
         int     k)
{
  return (p >> (16 - 8 * k)) & 0xff;
}

/* Colour distance, the largest difference of a channel. */
static int
distance (guint32 a,
          guint32 b)
{
  int d = 0;

  for (int k = 0; k < 3; k++)
    d = MAX (d, ABS (channel (a, k) - channel (b, k)));
  return d;
}

static guint32
rgba_pixel (const GdkRGBA *c)
{
  return ((guint32) lround (c->red * 255) << 16) | ((guint32) lround (c->green * 255) << 8) |
         (guint32) lround (c->blue * 255);
}

/* Three classes: near each cluster's centre the map has that class's
 * colour, strong where the network is sure and pale where two classes meet;
 * the rows are filled with their class's colour. */
static void
test_three_classes (void)
{
  GtkWidget *view = nl_boundary_view_new ();
  NlBoundaryView *bv = NL_BOUNDARY_VIEW (view);
  NlNet *net = nearest_centre_net (3.0);
  const char *names[] = { "ant", "bee", "cat" };
  NlTask task;
  NlThemeColors colors;
  GdkRGBA class_color[3];
  /* A row on each centre, and one a little off it, each of its cluster. */
  double points[12];
  double labels[6];
  GtkWidget *window;
  cairo_surface_t *surface;

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      g_object_unref (g_object_ref_sink (view));
      return;
    }

  for (int k = 0; k < 3; k++)
    {
      points[4 * k] = centres[k][0];
      points[4 * k + 1] = centres[k][1];
      points[4 * k + 2] = centres[k][0] + 0.3;
      points[4 * k + 3] = centres[k][1] - 0.2;
      labels[2 * k] = labels[2 * k + 1] = k;
    }
  nl_task_init (&task, NL_TASK_MULTICLASS, 3);
  nl_boundary_view_set_task (bv, &task);
  nl_boundary_view_set_classes (bv, names, 3);
  nl_boundary_view_set_network (bv, net);
  nl_boundary_view_set_points (bv, points, labels, G_N_ELEMENTS (labels));
  window = ui_test_show (view, 480, 400);
  surface = render_settled (view);
  ui_test_save (surface, "boundary-three-classes.png");

  nl_theme_colors_get (view, &colors);
  for (guint k = 0; k < 3; k++)
    nl_theme_class_color (&colors, k, 3, &class_color[k]);
  /* Three different colours, none the background. */
  g_assert_cmpint (distance (rgba_pixel (&class_color[0]), rgba_pixel (&class_color[1])), >, 60);
  g_assert_cmpint (distance (rgba_pixel (&class_color[1]), rgba_pixel (&class_color[2])), >, 60);
  g_assert_cmpint (distance (rgba_pixel (&class_color[0]), rgba_pixel (&class_color[2])), >, 60);

  for (guint k = 0; k < 3; k++)
    {
      /* Beside the centre, clear of the rows: the map. */
      double nx = centres[k][0] - 0.3, ny = centres[k][1] + 0.25;
      guint32 map = pixel_at (bv, surface, nx, ny);
      guint klass = 99;
      double p = 0;
      guint32 nearest = 0;
      int best = G_MAXINT;

      g_assert_true (nl_boundary_view_get_class_at (bv, nx, ny, &klass, &p));
      g_assert_cmpuint (klass, ==, k);
      g_assert_cmpfloat (p, >, 0.9);

      /* Of the three classes' map colours at this confidence, the nearest
       * is the class's own. */
      for (guint j = 0; j < 3; j++)
        {
          NlHeatmapRamp ramp;
          double rgb[3] = { class_color[j].red, class_color[j].green, class_color[j].blue };
          guint32 expected;

          nl_heatmap_ramp_init (&ramp, &colors);
          expected = nl_heatmap_class_pixel (&ramp, rgb, p, 3) & 0xffffff;
          if (distance (map, expected) < best)
            {
              best = distance (map, expected);
              nearest = j;
            }
          if (j == k)
            g_assert_cmpint (distance (map, expected), <=, 12);
        }
      g_assert_cmpuint (nearest, ==, k);
      /* Not the background: the network is sure here. */
      g_assert_cmpint (distance (map, rgba_pixel (&colors.bg)), >, 40);

      /* The row on the centre, filled with its class's colour. */
      g_assert_cmpint (distance (pixel_at (bv, surface, centres[k][0], centres[k][1]),
                                 rgba_pixel (&class_color[k])), <=, 4);
    }

  /* Halfway between ant and bee the network cannot tell them apart: the
   * map there is paler (nearer the background) than beside a centre. */
  {
    double p;
    guint32 unsure, sure;

    g_assert_true (nl_boundary_view_get_class_at (bv, 0.05, -1.6, NULL, &p));
    g_assert_cmpfloat (p, <, 0.7);
    unsure = pixel_at (bv, surface, 0.05, -1.6);
    sure = pixel_at (bv, surface, centres[0][0] - 0.3, centres[0][1] + 0.25);
    g_assert_cmpint (distance (unsure, rgba_pixel (&colors.bg)), <, distance (sure, rgba_pixel (&colors.bg)));
  }

  g_assert_cmpstr (nl_boundary_view_get_class_name (bv, 2), ==, "cat");
  {
    g_autofree char *caption = nl_boundary_view_dup_caption (bv);

    g_assert_cmpstr (caption, ==, "Most likely class");
  }

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

/* A regression: the map is the predicted target on a diverging scale over
 * the rows' targets, low predictions in one colour and high ones in the
 * other; the rows are filled by their own target on the same scale; the
 * legend names the target and its range. */
static void
test_regression (void)
{
  static const size_t sizes[] = { 2, 1 };
  const NlActivation activations[] = { NL_ACTIVATION_SIGMOID, NL_ACTIVATION_LINEAR };
  /* The target at the rows' x1: 100 + 10 x1. */
  static const double points[] = { -2, 0,   2, 0,   -1, 1,   1, -1 };
  static const double targets[] = { 80, 120, 90, 110 };
  GtkWidget *view = nl_boundary_view_new ();
  NlBoundaryView *bv = NL_BOUNDARY_VIEW (view);
  NlError error = { 0 };
  NlNet *net = nl_net_new (2, sizes, activations, &error);
  NlTask task;
  NlThemeColors colors;
  NlHeatmapRamp ramp;
  NlHeatmapScale scale;
  GtkWidget *window;
  cairo_surface_t *surface;
  double lo, hi, level;
  guint32 low, high;

  g_assert_nonnull (net);
  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      g_object_unref (g_object_ref_sink (view));
      return;
    }

  /* o1 = x1, standardised: the target is 100 + 10 o1. */
  net->params[nl_net_weight_index (net, 1, 0, 0)] = 1.0;
  nl_task_init (&task, NL_TASK_REGRESSION, 0);
  nl_boundary_view_set_task (bv, &task);
  nl_boundary_view_set_target (bv, "price", 100.0, 10.0);
  nl_boundary_view_set_network (bv, net);
  nl_boundary_view_set_points (bv, points, targets, G_N_ELEMENTS (targets));
  window = ui_test_show (view, 480, 400);
  surface = render_settled (view);
  ui_test_save (surface, "boundary-regression.png");

  /* The prediction in the target's units, the scale the rows' range. */
  g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (bv, 1.5, 0.5), 115.0, 1e-9);
  g_assert_false (nl_boundary_view_get_scale (bv, &lo, &hi, &level));
  g_assert_cmpfloat (lo, ==, 80.0);
  g_assert_cmpfloat (hi, ==, 120.0);
  {
    g_autofree char *caption = nl_boundary_view_dup_caption (bv);

    g_assert_cmpstr (caption, ==, "price");
  }

  nl_theme_colors_get (view, &colors);
  nl_heatmap_ramp_init (&ramp, &colors);
  scale = (NlHeatmapScale) { 80.0, 120.0, TRUE, FALSE, NAN };

  /* Low predictions (85) and high ones (115) in different colours, each
   * the scale's colour of its value. */
  low = pixel_at (bv, surface, -1.5, -0.5);
  high = pixel_at (bv, surface, 1.5, 0.5);
  g_assert_cmpint (distance (low, nl_heatmap_pixel (&ramp, &scale, 85.0) & 0xffffff), <=, 6);
  g_assert_cmpint (distance (high, nl_heatmap_pixel (&ramp, &scale, 115.0) & 0xffffff), <=, 6);
  g_assert_cmpint (distance (low, high), >, 40);
  /* The middle of the range is the background. */
  g_assert_cmpint (distance (pixel_at (bv, surface, 0.0, -0.5), rgba_pixel (&colors.bg)), <=, 6);

  /* The rows, filled with their own target's colour at full strength. */
  g_assert_cmpint (distance (pixel_at (bv, surface, -2, 0),
                             nl_heatmap_point_pixel (&ramp, &scale, 80.0) & 0xffffff), <=, 4);
  g_assert_cmpint (distance (pixel_at (bv, surface, 2, 0),
                             nl_heatmap_point_pixel (&ramp, &scale, 120.0) & 0xffffff), <=, 4);
  g_assert_cmpint (distance (pixel_at (bv, surface, -2, 0), rgba_pixel (&colors.negative)), <=, 4);
  g_assert_cmpint (distance (pixel_at (bv, surface, 2, 0), rgba_pixel (&colors.positive)), <=, 4);

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/boundary-view/task/three-classes", test_three_classes);
  g_test_add_func ("/boundary-view/task/regression", test_regression);

  return g_test_run ();
}
