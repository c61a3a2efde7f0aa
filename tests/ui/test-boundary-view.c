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

  return g_test_run ();
}
