/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-boundary-view.c: the decision boundary in a window under a display.
 *
 * Without a display every test reports a skip. With NL_UI_PNG_DIR set, the
 * renders are also written there as PNG files.
 */

#include <math.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "ui-test-render.h"

static NlNet *
make_net (gsize         n_layers,
          const size_t *sizes,
          const double *params,
          gsize         n_params)
{
  NlError error = { 0 };
  NlNet *net = nl_net_new (n_layers, sizes, NULL, &error);

  g_assert_nonnull (net);
  g_assert_cmpuint (net->n_params, ==, n_params);
  for (gsize i = 0; i < n_params; i++)
    net->params[i] = params[i];
  return net;
}

/* o1 ~ 1 for x1 > 0.3, ~ 0 for x1 < -0.3, whatever x2. */
static NlNet *
step_net (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  /* w1..w6, b1..b3 */
  static const double params[] = { 10, 0, 0, 0, 20, 0, 0, 0, -10 };

  return make_net (3, sizes, params, G_N_ELEMENTS (params));
}

/* Rows on the corners, plus one of each class on the other side. */
static const double points[] = {
  -1, -1,   1, 1,   -1, 1,   1, -1,   0.8, -0.5,   -0.8, 0.5,
};
static const double labels[] = { 0, 1, 0, 1, 0, 1 };

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

static gboolean
is_blueish (guint32 p)
{
  int r = (p >> 16) & 0xff, b = p & 0xff;

  return b > r + 40;
}

static gboolean
is_orangeish (guint32 p)
{
  int r = (p >> 16) & 0xff, b = p & 0xff;

  return r > b + 40;
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

static void
test_output_matches_net (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  static const double params[] = { 3.0, -0.4, 0.6, 0.2, 1.1, -2.0, -0.52, 0.3, 0.05 };
  static const size_t sizes3[] = { 3, 4, 1 };
  double params3[21];
  static const double others[] = { 99, 0.7, 99 };
  NlNet *net, *net3;
  NlWork *work;
  GtkWidget *view;

  if (ui_test_skip_without_display ())
    return;

  view = g_object_ref_sink (nl_boundary_view_new ());
  g_assert_true (isnan (nl_boundary_view_get_output_at (NL_BOUNDARY_VIEW (view), 0, 0)));

  net = make_net (3, sizes, params, G_N_ELEMENTS (params));
  work = nl_work_new (net);
  nl_boundary_view_set_network (NL_BOUNDARY_VIEW (view), net);
  nl_boundary_view_set_points (NL_BOUNDARY_VIEW (view), points, labels, G_N_ELEMENTS (labels));

  for (double a = -2; a <= 2; a += 0.37)
    for (double b = -2; b <= 2; b += 0.41)
      {
        double x[2] = { a, b };

        g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (NL_BOUNDARY_VIEW (view), a, b),
                                        nl_net_predict (net, work, x), 1e-12);
      }

  /* Swapped axes. */
  nl_boundary_view_set_axes (NL_BOUNDARY_VIEW (view), 1, 0, NULL, 0, "b", "a");
  {
    double x[2] = { 0.25, -0.6 };

    g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (NL_BOUNDARY_VIEW (view), -0.6, 0.25),
                                    nl_net_predict (net, work, x), 1e-12);
  }
  nl_work_free (work);

  /* Three inputs: x1 and x3 on the axes, x2 held at 0.7. */
  for (gsize i = 0; i < G_N_ELEMENTS (params3); i++)
    params3[i] = sin (1.0 + i * 0.7) * 2;
  net3 = make_net (3, sizes3, params3, G_N_ELEMENTS (params3));
  work = nl_work_new (net3);
  nl_boundary_view_set_network (NL_BOUNDARY_VIEW (view), net3);
  nl_boundary_view_set_axes (NL_BOUNDARY_VIEW (view), 0, 2, others, 3, "a", "c");
  for (double a = -2; a <= 2; a += 0.5)
    for (double c = -2; c <= 2; c += 0.3)
      {
        double x[3] = { a, 0.7, c };

        g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (NL_BOUNDARY_VIEW (view), a, c),
                                        nl_net_predict (net3, work, x), 1e-12);
      }

  /* The same input twice: no heatmap. */
  nl_boundary_view_set_axes (NL_BOUNDARY_VIEW (view), 1, 1, NULL, 0, NULL, NULL);
  g_assert_true (isnan (nl_boundary_view_get_output_at (NL_BOUNDARY_VIEW (view), 0, 0)));

  /* Never shown: zero size, nothing to wait for. */
  g_assert_false (nl_boundary_view_get_extent (NL_BOUNDARY_VIEW (view), NULL, NULL, NULL, NULL));
  g_assert_false (nl_boundary_view_get_pending (NL_BOUNDARY_VIEW (view)));

  nl_work_free (work);
  nl_net_free (net);
  nl_net_free (net3);
  g_object_unref (view);
}

static void
check_render (int width,
              int height)
{
  GtkWidget *view = nl_boundary_view_new ();
  NlBoundaryView *bv = NL_BOUNDARY_VIEW (view);
  GtkWidget *window;
  cairo_surface_t *surface;
  NlNet *net = step_net ();
  double x0, x1, y0, y1;
  g_autofree char *name = g_strdup_printf ("boundary-%dx%d.png", width, height);

  nl_boundary_view_set_network (bv, net);
  nl_boundary_view_set_points (bv, points, labels, G_N_ELEMENTS (labels));
  nl_boundary_view_set_axes (bv, 0, 1, NULL, 0, "Weight (lb)", "Height (in)");
  window = ui_test_show (view, width, height);

  /* The extent fits the points with a margin. */
  g_assert_true (nl_boundary_view_get_extent (bv, &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x0, <=, -1.3 + 1e-9);
  g_assert_cmpfloat (x1, >=, 1.3 - 1e-9);
  g_assert_cmpfloat (y0, <=, -1.3 + 1e-9);
  g_assert_cmpfloat (y1, >=, 1.3 - 1e-9);

  surface = render_settled (view);
  ui_test_save (surface, name);

  g_assert_cmpfloat (nl_boundary_view_get_output_at (bv, 1.0, 0.2), >, 0.99);
  g_assert_cmpfloat (nl_boundary_view_get_output_at (bv, -1.0, -0.2), <, 0.01);
  g_assert_true (is_blueish (pixel_at (bv, surface, 1.0, 0.2)));
  g_assert_true (is_orangeish (pixel_at (bv, surface, -1.0, -0.2)));

  /* The points, filled with their class, whatever lies beneath. */
  for (gsize p = 0; p < G_N_ELEMENTS (labels); p++)
    {
      guint32 pixel = pixel_at (bv, surface, points[2 * p], points[2 * p + 1]);

      if (labels[p] >= 0.5)
        g_assert_true (is_blueish (pixel));
      else
        g_assert_true (is_orangeish (pixel));
    }
  /* Full class colour on a point, soft on the heatmap beside it. */
  {
    guint32 on = pixel_at (bv, surface, 0.8, -0.5);
    guint32 beside = pixel_at (bv, surface, -1.0, -0.2);

    g_assert_cmpint (on & 0xff, <, (int) (beside & 0xff) - 30);
  }
  cairo_surface_destroy (surface);

  /* New parameters: the heatmap follows (now the other way round). */
  net->params[4] = -20;
  net->params[8] = 10;
  nl_boundary_view_set_network (bv, net);
  g_assert_true (nl_boundary_view_get_pending (bv));
  surface = render_settled (view);
  g_assert_true (is_orangeish (pixel_at (bv, surface, 1.0, 0.2)));
  g_assert_true (is_blueish (pixel_at (bv, surface, -1.0, -0.2)));
  cairo_surface_destroy (surface);

  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

static void
test_render_small (void)
{
  if (ui_test_skip_without_display ())
    return;
  check_render (300, 200);
}

static void
test_render_large (void)
{
  if (ui_test_skip_without_display ())
    return;
  check_render (800, 600);
}

/* Disposed while its worker runs: the result is dropped quietly. */
static void
test_dispose_while_running (void)
{
  static const size_t sizes[] = { 2, 64, 64, 64, 64, 64, 64, 1 };
  NlError error = { 0 };
  NlNet *net;
  GtkWidget *view, *window;
  cairo_surface_t *surface;
  NlRng rng;

  if (ui_test_skip_without_display ())
    return;

  net = nl_net_new (G_N_ELEMENTS (sizes), sizes, NULL, &error);
  nl_rng_seed (&rng, 3);
  nl_net_init (net, NL_INIT_SCALED, &rng);
  view = nl_boundary_view_new ();
  nl_boundary_view_set_network (NL_BOUNDARY_VIEW (view), net);
  window = ui_test_show (view, 560, 420);
  surface = ui_test_render (view);
  cairo_surface_destroy (surface);
  g_assert_true (nl_boundary_view_get_pending (NL_BOUNDARY_VIEW (view)));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Let the worker finish and its callback run. */
  for (int i = 0; i < 100; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  nl_net_free (net);
}

static void
test_export (void)
{
  GtkWidget *view;
  NlNet *net;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (ui_test_skip_without_display ())
    return;

  view = g_object_ref_sink (nl_boundary_view_new ());
  net = step_net ();
  nl_boundary_view_set_network (NL_BOUNDARY_VIEW (view), net);
  nl_boundary_view_set_points (NL_BOUNDARY_VIEW (view), points, labels, G_N_ELEMENTS (labels));

  dir = g_dir_make_tmp ("nl-boundary-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "boundary.png", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (nl_boundary_view_export (NL_BOUNDARY_VIEW (view), file, NL_EXPORT_FORMAT_AUTO, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, 4, "\x89PNG", 4);

  g_unlink (path);
  g_rmdir (dir);
  nl_net_free (net);
  g_object_unref (view);
}

/* 2-3-2-1, tanh then sigmoid: h1_1 = tanh (8 x1) follows x1 alone, while
 * the output follows x2 alone (through h1_2 = tanh (8 x2) and h2_1), so a
 * map shows which of the two it is by the way it turns. */
static NlNet *
layered_net (NlActivation first,
             NlActivation second,
             NlActivation output)
{
  static const size_t sizes[] = { 2, 3, 2, 1 };
  static const double params[] = {
    8, 0,   0, 8,   0, 0,      /* layer 1 weights */
    0, 10, 0,   0, 0, 0,      /* layer 2 */
    10, 0,                    /* output */
    0, 0, 0,   0, 0,   -5,    /* biases */
  };
  NlActivation activations[] = { NL_ACTIVATION_LINEAR, first, second, output };
  NlError error = { 0 };
  NlNet *net = nl_net_new (4, sizes, activations, &error);

  g_assert_nonnull (net);
  g_assert_cmpuint (net->n_params, ==, G_N_ELEMENTS (params));
  for (gsize i = 0; i < G_N_ELEMENTS (params); i++)
    net->params[i] = params[i];
  return net;
}

/* Every hidden neuron's map is that neuron's activation, as the core's
 * forward pass computes it; the default and the output layer are the
 * network's output. */
static void
test_unit_matches_net (void)
{
  static const size_t sizes[] = { 2, 3, 2, 1 };
  NlActivation activations[] = { NL_ACTIVATION_LINEAR, NL_ACTIVATION_TANH,
                                 NL_ACTIVATION_RELU, NL_ACTIVATION_SIGMOID };
  NlError error = { 0 };
  NlNet *net = nl_net_new (4, sizes, activations, &error);
  NlWork *work;
  NlBoundaryView *view;
  guint layer, unit;

  if (ui_test_skip_without_display ())
    return;

  for (gsize i = 0; i < net->n_params; i++)
    net->params[i] = sin (0.3 + i * 1.7) * 1.5;
  work = nl_work_new (net);
  view = NL_BOUNDARY_VIEW (g_object_ref_sink (nl_boundary_view_new ()));
  nl_boundary_view_set_network (view, net);

  g_assert_false (nl_boundary_view_get_unit (view, &layer, &unit));
  g_assert_cmpuint (layer, ==, 3);
  g_assert_cmpuint (unit, ==, 0);

  for (guint l = 1; l < 3; l++)
    for (guint u = 0; u < sizes[l]; u++)
      {
        nl_boundary_view_set_unit (view, l, u);
        g_assert_true (nl_boundary_view_get_unit (view, &layer, &unit));
        g_assert_cmpuint (layer, ==, l);
        g_assert_cmpuint (unit, ==, u);
        for (double a = -2; a <= 2; a += 0.43)
          for (double b = -2; b <= 2; b += 0.37)
            {
              double x[2] = { a, b };

              nl_net_forward (net, work, x);
              g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (view, a, b),
                                              work->a[net->unit_offset[l] + u], 1e-12);
            }
      }

  /* The output layer, or layer 0, is the network's output. */
  nl_boundary_view_set_unit (view, 3, 0);
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));
  nl_boundary_view_set_unit (view, 1, 2);
  nl_boundary_view_set_unit (view, 0, 0);
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));
  {
    double x[2] = { 0.4, -1.1 };

    g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (view, 0.4, -1.1),
                                    nl_net_predict (net, work, x), 1e-12);
  }

  nl_work_free (work);
  nl_net_free (net);
  g_object_unref (view);
}

/* The heatmap drawn, and the exported file, show the chosen neuron: h1_1
 * turns along x1 where the output turns along x2. */
static void
test_unit_render (void)
{
  NlNet *net = layered_net (NL_ACTIVATION_TANH, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SIGMOID);
  GtkWidget *view, *window;
  NlBoundaryView *bv;
  cairo_surface_t *surface;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  double x, y;

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      return;
    }

  view = nl_boundary_view_new ();
  bv = NL_BOUNDARY_VIEW (view);
  nl_boundary_view_set_network (bv, net);
  nl_boundary_view_set_points (bv, points, labels, G_N_ELEMENTS (labels));
  window = ui_test_show (view, 400, 300);

  surface = render_settled (view);
  ui_test_save (surface, "boundary-output.png");
  g_assert_true (is_orangeish (pixel_at (bv, surface, 1.0, -1.2)));
  g_assert_true (is_blueish (pixel_at (bv, surface, -1.0, 1.2)));
  cairo_surface_destroy (surface);

  nl_boundary_view_set_unit (bv, 1, 0);
  g_assert_true (nl_boundary_view_get_pending (bv));
  surface = render_settled (view);
  ui_test_save (surface, "boundary-h1_1.png");
  g_assert_true (is_blueish (pixel_at (bv, surface, 1.0, -1.2)));
  g_assert_true (is_orangeish (pixel_at (bv, surface, -1.0, 1.2)));
  cairo_surface_destroy (surface);

  /* The export, at the view's size and twice its resolution, alike. */
  dir = g_dir_make_tmp ("nl-boundary-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "h1_1.png", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (nl_boundary_view_export (bv, file, NL_EXPORT_FORMAT_PNG, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 400 * NL_EXPORT_PNG_SCALE);
  g_assert_true (nl_boundary_view_to_widget (bv, 1.0, -1.2, &x, &y));
  g_assert_true (is_blueish (ui_test_pixel (surface, (int) (x * NL_EXPORT_PNG_SCALE),
                                            (int) (y * NL_EXPORT_PNG_SCALE))));
  g_assert_true (nl_boundary_view_to_widget (bv, -1.0, 1.2, &x, &y));
  g_assert_true (is_orangeish (ui_test_pixel (surface, (int) (x * NL_EXPORT_PNG_SCALE),
                                              (int) (y * NL_EXPORT_PNG_SCALE))));
  cairo_surface_destroy (surface);
  g_unlink (path);
  g_rmdir (dir);

  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

static void
assert_scale (NlBoundaryView *view,
              double          lo,
              double          hi,
              double          level)
{
  double got_lo, got_hi, got_level;
  gboolean has_level = nl_boundary_view_get_scale (view, &got_lo, &got_hi, &got_level);

  g_assert_cmpfloat_with_epsilon (got_lo, lo, 1e-9);
  g_assert_cmpfloat_with_epsilon (got_hi, hi, 1e-9);
  if (isnan (level))
    {
      g_assert_false (has_level);
      g_assert_true (isnan (got_level));
    }
  else
    {
      g_assert_true (has_level);
      g_assert_cmpfloat (got_level, ==, level);
    }
}

/* The legend's range and contour follow the activation of the neuron shown;
 * relu and identity take theirs from the values on the plane. */
static void
test_unit_scale (void)
{
  GtkWidget *view, *window;
  NlBoundaryView *bv;
  cairo_surface_t *surface;
  NlNet *net;
  double x0, x1, y0, y1, lo, hi, step;
  g_autofree char *caption = NULL;

  if (ui_test_skip_without_display ())
    return;

  view = nl_boundary_view_new ();
  bv = NL_BOUNDARY_VIEW (view);
  nl_boundary_view_set_points (bv, points, labels, G_N_ELEMENTS (labels));
  window = ui_test_show (view, 400, 300);
  g_assert_true (nl_boundary_view_get_extent (bv, &x0, &x1, &y0, &y1));

  /* The output is the decision map whatever its activation. */
  net = layered_net (NL_ACTIVATION_TANH, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_LINEAR);
  nl_boundary_view_set_network (bv, net);
  cairo_surface_destroy (render_settled (view));
  assert_scale (bv, 0, 1, 0.5);
  caption = nl_boundary_view_dup_caption (bv);
  g_assert_cmpstr (caption, ==, "Output");
  g_clear_pointer (&caption, g_free);

  nl_boundary_view_set_unit (bv, 1, 0);
  cairo_surface_destroy (render_settled (view));
  assert_scale (bv, -1, 1, 0);
  caption = nl_boundary_view_dup_caption (bv);
  g_assert_cmpstr (caption, ==, "Output of h1_1");
  g_clear_pointer (&caption, g_free);

  nl_boundary_view_set_unit (bv, 2, 0);
  cairo_surface_destroy (render_settled (view));
  assert_scale (bv, 0, 1, 0.5);
  nl_net_free (net);

  /* relu: from 0 to the largest value on the grid, 8 x1 at the last
   * column's centre, within a column of the extent's right edge. */
  net = layered_net (NL_ACTIVATION_RELU, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SIGMOID);
  nl_boundary_view_set_network (bv, net);
  g_assert_true (nl_boundary_view_get_unit (bv, NULL, NULL));
  nl_boundary_view_set_unit (bv, 1, 0);
  surface = render_settled (view);
  g_assert_false (nl_boundary_view_get_scale (bv, &lo, &hi, NULL));
  step = (x1 - x0) / 20;
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat (hi, <=, 8 * x1);
  g_assert_cmpfloat (hi, >=, 8 * (x1 - step));
  /* Nothing on the left, the strongest on the right. */
  g_assert_false (is_orangeish (pixel_at (bv, surface, x0 + step, 0.0)));
  g_assert_false (is_blueish (pixel_at (bv, surface, x0 + step, 0.0)));
  g_assert_true (is_blueish (pixel_at (bv, surface, x1 - step, 0.0)));
  cairo_surface_destroy (surface);
  nl_net_free (net);

  /* Identity: symmetric about 0, from the largest |value|. */
  net = layered_net (NL_ACTIVATION_LINEAR, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SIGMOID);
  nl_boundary_view_set_network (bv, net);
  nl_boundary_view_set_unit (bv, 1, 0);
  cairo_surface_destroy (render_settled (view));
  g_assert_false (nl_boundary_view_get_scale (bv, &lo, &hi, NULL));
  g_assert_cmpfloat (lo, ==, -hi);
  g_assert_cmpfloat (hi, <=, 8 * MAX (-x0, x1));
  g_assert_cmpfloat (hi, >=, 8 * (MAX (-x0, x1) - step));
  nl_net_free (net);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A neuron the new architecture lacks falls back to the output; one that
 * still exists is kept. */
static void
test_unit_fallback (void)
{
  static const size_t small[] = { 2, 2, 1 };
  static const size_t wide[] = { 2, 4, 1 };
  NlNet *net = layered_net (NL_ACTIVATION_TANH, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SIGMOID);
  NlNet *net_small, *net_wide;
  NlError error = { 0 };
  NlBoundaryView *view;
  guint layer, unit;

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      return;
    }

  net_small = nl_net_new (3, small, NULL, &error);
  net_wide = nl_net_new (3, wide, NULL, &error);
  view = NL_BOUNDARY_VIEW (g_object_ref_sink (nl_boundary_view_new ()));
  nl_boundary_view_set_network (view, net);

  /* Layer 2 of 2-3-2-1 is the output layer of 2-2-1. */
  nl_boundary_view_set_unit (view, 2, 1);
  g_assert_true (nl_boundary_view_get_unit (view, NULL, NULL));
  nl_boundary_view_set_network (view, net_small);
  g_assert_false (nl_boundary_view_get_unit (view, &layer, NULL));
  g_assert_cmpuint (layer, ==, 2);

  /* h3 of 2-3-2-1's first layer is not in 2-2-1; h2 is. */
  nl_boundary_view_set_network (view, net);
  nl_boundary_view_set_unit (view, 1, 2);
  nl_boundary_view_set_network (view, net_small);
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));
  nl_boundary_view_set_unit (view, 1, 1);
  nl_boundary_view_set_network (view, net_wide);
  g_assert_true (nl_boundary_view_get_unit (view, &layer, &unit));
  g_assert_cmpuint (layer, ==, 1);
  g_assert_cmpuint (unit, ==, 1);

  /* Asking for a neuron the network lacks shows the output. */
  nl_boundary_view_set_unit (view, 1, 7);
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));
  nl_boundary_view_set_unit (view, 9, 0);
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));

  nl_net_free (net);
  nl_net_free (net_small);
  nl_net_free (net_wide);
  g_object_unref (view);
}

/* Pixels that differ between two renders inside a rectangle. */
static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b,
                   int              x0,
                   int              y0,
                   int              x1,
                   int              y1)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += ui_test_pixel (a, x, y) != ui_test_pixel (b, x, y);
  return n;
}

/* The legend names the rows' classes after the table's label. */
static void
test_class_names (void)
{
  GtkWidget *view, *window;
  NlBoundaryView *bv;
  cairo_surface_t *numbers, *names, *again;
  NlNet *net = step_net ();
  double px, py;

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      return;
    }

  view = nl_boundary_view_new ();
  bv = NL_BOUNDARY_VIEW (view);
  nl_boundary_view_set_network (bv, net);
  nl_boundary_view_set_points (bv, points, labels, G_N_ELEMENTS (labels));
  window = ui_test_show (view, 560, 420);
  g_assert_cmpstr (nl_boundary_view_get_class_name (bv, 0), ==, "0");
  g_assert_cmpstr (nl_boundary_view_get_class_name (bv, 1), ==, "1");
  numbers = render_settled (view);

  nl_boundary_view_set_class_names (bv, "Male", "Female");
  g_assert_cmpstr (nl_boundary_view_get_class_name (bv, 0), ==, "Male");
  g_assert_cmpstr (nl_boundary_view_get_class_name (bv, 1), ==, "Female");
  names = render_settled (view);
  ui_test_save (names, "boundary-class-names.png");

  /* The classes' part of the legend, above the plot's left half, changes;
   * the plot does not. */
  g_assert_true (nl_boundary_view_to_widget (bv, 0.0, 0.0, &px, &py));
  g_assert_cmpuint (count_differences (numbers, names, 54, 0, (int) px, 28), >, 20);
  g_assert_cmpuint (count_differences (numbers, names, 54, 30, 500, 370), ==, 0);

  nl_boundary_view_set_class_names (bv, NULL, NULL);
  g_assert_cmpstr (nl_boundary_view_get_class_name (bv, 1), ==, "1");
  again = render_settled (view);
  g_assert_cmpuint (count_differences (numbers, again, 0, 0, 560, 420), ==, 0);

  cairo_surface_destroy (numbers);
  cairo_surface_destroy (names);
  cairo_surface_destroy (again);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/boundary-view/output-matches-net", test_output_matches_net);
  g_test_add_func ("/boundary-view/render-300x200", test_render_small);
  g_test_add_func ("/boundary-view/render-800x600", test_render_large);
  g_test_add_func ("/boundary-view/dispose-while-running", test_dispose_while_running);
  g_test_add_func ("/boundary-view/export", test_export);
  g_test_add_func ("/boundary-view/unit-matches-net", test_unit_matches_net);
  g_test_add_func ("/boundary-view/unit-render", test_unit_render);
  g_test_add_func ("/boundary-view/unit-scale", test_unit_scale);
  g_test_add_func ("/boundary-view/unit-fallback", test_unit_fallback);
  g_test_add_func ("/boundary-view/class-names", test_class_names);

  return g_test_run ();
}
