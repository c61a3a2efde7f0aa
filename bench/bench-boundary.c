/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-boundary.c: how long the decision boundary (NlBoundaryView) takes
 * to recompute its heatmap and draw.
 *
 *   bench-boundary [--width W] [--height H] [--draws N] [--png FILE]
 *
 * Needs a display for the widget's style (xvfb-run -a). The view sits in a
 * window at W x H (560 x 420). Three networks, initialised like the
 * window's (N(0, 1 / fan_in)): the tutorial's 2-2-1, 2-16-16-1 and six
 * hidden layers of 64. For each, median over N (30) of:
 *  - grid: the heatmap's samples evaluated on the calling thread, as the
 *    worker does (gw x gh calls of the output);
 *  - full: a parameter change, a draw that starts the worker, the wait for
 *    it, and the draw of the finished heatmap (what a person sees as the
 *    delay behind training);
 *  - draw: the main thread's part of a frame while training, a snapshot and
 *    render (the worker's result is only blitted, so this is what bounds
 *    the frame interval);
 *  - post: nl_boundary_view_set_network() alone.
 * Then, for the same networks, the diagram's tooltip thumbnail of a neuron's
 * map (NlNetworkView, 64 x 64 from a 16 x 16 grid, on the main thread):
 *  - thumb: after the parameters moved, so computed afresh, as when the
 *    pointer moves over a neuron while training;
 *  - cached: asked again with nothing changed.
 *
 * With --png FILE, the tutorial table is trained (2-2-1, 2000 epochs) and
 * the boundary drawn at W x H into FILE.
 */

#include <math.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-network-view.h"
#include "nl-dataset.h"
#include "nl-rng.h"
#include "nl-train.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static NlNet *
make_net (gsize         n_layers,
          const size_t *sizes)
{
  NlError error = { 0 };
  NlNet *net = nl_net_new (n_layers, sizes, NULL, &error);
  NlRng rng;

  if (net == NULL)
    {
      g_printerr ("bench-boundary: %s\n", error.message);
      exit (1);
    }
  nl_rng_seed (&rng, 42);
  nl_net_init (net, NL_INIT_SCALED, &rng);
  return net;
}

static GtkWidget *
show (GtkWidget *widget,
      int        width,
      int        height)
{
  GtkWidget *window = gtk_window_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_widget_set_size_request (widget, width, height);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));

  while ((gtk_widget_get_width (widget) != width ||
          gtk_widget_get_height (widget) != height ||
          !gtk_widget_get_mapped (widget)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  if (gtk_widget_get_width (widget) != width || gtk_widget_get_height (widget) != height)
    {
      g_printerr ("bench-boundary: the view did not get %d x %d\n", width, height);
      exit (1);
    }
  return window;
}

/* A snapshot and its render onto @surface, as GTK's cairo renderer would. */
static void
draw (GtkWidget       *view,
      cairo_surface_t *surface)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_t *cr;

  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (node != NULL)
    {
      gsk_render_node_draw (node, cr);
      gsk_render_node_unref (node);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

static void
wait_for_heatmap (NlBoundaryView *view)
{
  while (nl_boundary_view_get_pending (view))
    g_main_context_iteration (NULL, TRUE);
}

static void
points_from_matrix (NlBoundaryView *view,
                    const NlMatrix *m)
{
  double *xy = g_new (double, m->n_rows * 2);

  for (gsize r = 0; r < m->n_rows; r++)
    {
      xy[2 * r] = m->x[r * m->n_inputs];
      xy[2 * r + 1] = m->x[r * m->n_inputs + 1];
    }
  nl_boundary_view_set_points (view, xy, m->y, m->n_rows);
  g_free (xy);
}

static void
bench_net (const char *name,
           NlNet      *net,
           GtkWidget  *view,
           int         width,
           int         height,
           int         n_draws)
{
  NlBoundaryView *bv = NL_BOUNDARY_VIEW (view);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  double *grid = g_new (double, n_draws);
  double *full = g_new (double, n_draws);
  double *frame = g_new (double, n_draws);
  double *post = g_new (double, n_draws);
  double x0, x1, y0, y1;
  int gw = MIN ((int) ceil ((width - 66) / 4.0), 160);
  int gh = MIN ((int) ceil ((height - 68) / 4.0), 120);
  NlRng rng;
  volatile double sink = 0;

  nl_rng_seed (&rng, 1);
  nl_boundary_view_set_network (bv, net);
  draw (view, surface);
  wait_for_heatmap (bv);
  nl_boundary_view_get_extent (bv, &x0, &x1, &y0, &y1);

  for (int k = 0; k < n_draws; k++)
    {
      gint64 t0, t1, t2, t3;

      /* The grid on this thread. */
      t0 = g_get_monotonic_time ();
      for (int j = 0; j < gh; j++)
        for (int i = 0; i < gw; i++)
          sink += nl_boundary_view_get_output_at (bv, x0 + (i + 0.5) / gw * (x1 - x0),
                                                  y1 - (j + 0.5) / gh * (y1 - y0));
      t1 = g_get_monotonic_time ();
      grid[k] = (t1 - t0) / 1000.0;

      /* Training moves every parameter a little. */
      for (gsize p = 0; p < net->n_params; p++)
        net->params[p] += 1e-3 * nl_rng_normal (&rng);
      t0 = g_get_monotonic_time ();
      nl_boundary_view_set_network (bv, net);
      t1 = g_get_monotonic_time ();
      post[k] = (t1 - t0) / 1000.0;

      draw (view, surface);
      t2 = g_get_monotonic_time ();
      wait_for_heatmap (bv);
      t3 = g_get_monotonic_time ();
      draw (view, surface);
      full[k] = (g_get_monotonic_time () - t0) / 1000.0;
      frame[k] = ((t2 - t1) + (g_get_monotonic_time () - t3)) / 2000.0;
    }

  g_print ("%-12s %6zu params  grid %3dx%-3d %8.2f ms   full %8.2f ms   draw %6.2f ms   post %6.3f ms\n",
           name, net->n_params, gw, gh, median (grid, n_draws), median (full, n_draws),
           median (frame, n_draws), median (post, n_draws));

  g_free (grid);
  g_free (full);
  g_free (frame);
  g_free (post);
  cairo_surface_destroy (surface);
}

static void
bench_thumbnail (const char *name,
                 NlNet      *net,
                 GtkWidget  *diagram,
                 int         n_draws)
{
  NlNetworkView *nv = NL_NETWORK_VIEW (diagram);
  double *cold = g_new (double, n_draws);
  double *cached = g_new (double, n_draws);
  double x, y;
  NlRng rng;

  nl_rng_seed (&rng, 2);
  nl_network_view_set_network (nv, net);
  nl_network_view_get_unit_position (nv, (guint) net->n_layers - 1, 0, &x, &y, NULL);
  for (int k = 0; k < n_draws; k++)
    {
      GdkTexture *texture;
      gint64 t0;

      for (gsize p = 0; p < net->n_params; p++)
        net->params[p] += 1e-3 * nl_rng_normal (&rng);
      nl_network_view_set_network (nv, net);
      t0 = g_get_monotonic_time ();
      texture = nl_network_view_get_thumbnail_at (nv, x, y);
      cold[k] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert (texture != NULL);
      g_object_unref (texture);

      t0 = g_get_monotonic_time ();
      texture = nl_network_view_get_thumbnail_at (nv, x, y);
      cached[k] = (g_get_monotonic_time () - t0) / 1000.0;
      g_object_unref (texture);
    }
  g_print ("%-12s %6zu params  thumb %6.2f ms   cached %6.3f ms\n",
           name, net->n_params, median (cold, n_draws), median (cached, n_draws));
  g_free (cold);
  g_free (cached);
}

static void
write_trained_png (const char *path,
                   int         width,
                   int         height)
{
  static const size_t sizes[] = { 2, 2, 1 };
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlMatrix m = { 0 };
  NlError error = { 0 };
  NlTrainOptions options;
  NlNet *net = make_net (3, sizes);
  NlSgd *sgd;
  GtkWidget *view = nl_boundary_view_new ();
  GtkWidget *window;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  NlRng rng;

  nl_rng_seed (&rng, 1);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  if (nl_dataset_to_matrix (ds, &m, &error) != NL_OK)
    {
      g_printerr ("bench-boundary: %s\n", error.message);
      exit (1);
    }
  nl_train_options_init (&options);
  sgd = nl_sgd_new (net, &m, &options, &error);
  for (int e = 0; e < 2000; e++)
    nl_sgd_epoch (sgd, net, NULL, &error);

  nl_boundary_view_set_network (NL_BOUNDARY_VIEW (view), net);
  points_from_matrix (NL_BOUNDARY_VIEW (view), &m);
  nl_boundary_view_set_axes (NL_BOUNDARY_VIEW (view), 0, 1, NULL, 0,
                             ds->columns[nl_dataset_input_column (ds, 0)].name,
                             ds->columns[nl_dataset_input_column (ds, 1)].name);
  window = show (view, width, height);
  draw (view, surface);
  wait_for_heatmap (NL_BOUNDARY_VIEW (view));
  draw (view, surface);
  cairo_surface_write_to_png (surface, path);
  g_print ("wrote %s\n", path);

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_sgd_free (sgd);
  nl_matrix_clear (&m);
  nl_net_free (net);
  nl_dataset_free (ds);
}

int
main (int   argc,
      char *argv[])
{
  static const size_t tutorial[] = { 2, 2, 1 };
  static const size_t medium[] = { 2, 16, 16, 1 };
  static const size_t big[] = { 2, 64, 64, 64, 64, 64, 64, 1 };
  int width = 560, height = 420, n_draws = 30;
  char *png = NULL;
  GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Height", "H" },
    { "draws", 0, 0, G_OPTION_ARG_INT, &n_draws, "Draws per network", "N" },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, "Write a trained tutorial boundary", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the decision boundary");
  g_autoptr(GError) error = NULL;
  static const double tutorial_points[] = { -2, -1, 25, 6, 17, 4, -15, -6 };
  static const double tutorial_labels[] = { 1, 0, 0, 1 };
  GtkWidget *view, *window, *diagram;
  NlNet *nets[3];
  const char *names[3] = { "2-2-1", "2-16-16-1", "6x64" };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-boundary: %s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-boundary: no display (run under xvfb-run -a)\n");
      return 77;
    }
  n_draws = MAX (n_draws, 1);

  nets[0] = make_net (G_N_ELEMENTS (tutorial), tutorial);
  nets[1] = make_net (G_N_ELEMENTS (medium), medium);
  nets[2] = make_net (G_N_ELEMENTS (big), big);

  view = nl_boundary_view_new ();
  nl_boundary_view_set_points (NL_BOUNDARY_VIEW (view), tutorial_points, tutorial_labels, 4);
  window = show (view, width, height);
  g_print ("bench-boundary: %d x %d, median of %d\n", width, height, n_draws);
  for (int i = 0; i < 3; i++)
    bench_net (names[i], nets[i], view, width, height, n_draws);
  gtk_window_destroy (GTK_WINDOW (window));

  diagram = nl_network_view_new ();
  nl_network_view_set_map_plane (NL_NETWORK_VIEW (diagram), 0, 1, NULL, 0, -2, 2, -2, 2);
  window = show (diagram, width, height);
  for (int i = 0; i < 3; i++)
    {
      bench_thumbnail (names[i], nets[i], diagram, n_draws);
      nl_net_free (nets[i]);
    }
  gtk_window_destroy (GTK_WINDOW (window));

  if (png != NULL)
    write_trained_png (png, width, height);
  g_free (png);

  return 0;
}
