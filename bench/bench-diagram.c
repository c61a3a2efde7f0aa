/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-diagram.c: how long the network diagram (NlNetworkView) takes to
 * draw, offscreen.
 *
 *   bench-diagram [--width W] [--height H] [--draws N] [--png PREFIX]
 *                 [--mode cold|training|unchanged]   (default: all three)
 *                 [--scale S]   (render at S device pixels a unit, as on HiDPI;
 *                                set GDK_SCALE=S too so the widget knows)
 *
 * Needs a display for the widget's style (run it under Xvfb: xvfb-run -a).
 * The view sits in a window at W x H (560 x 420); each draw calls the view's
 * snapshot and renders the resulting nodes onto a cairo image surface with
 * gsk_render_node_draw(), as GTK's cairo renderer would, and the time of
 * both is measured. Three networks: the tutorial's 2-2-1, 2-16-16-1 (304
 * weights, the window's default) and six hidden layers of 32 (5,216
 * weights), the last two initialised like the window's (N(0, 1 / fan_in)).
 *
 * Each network is measured in three ways, median over N draws (50):
 *  - cold: a weight flips sign before every draw, so whatever the view
 *    caches is out of date and everything is drawn afresh;
 *  - training: every weight moves a little before every draw (a step of
 *    1e-4 * N(0, 1)), as between two progress posts late in training;
 *  - unchanged: the same parameters again (the pointer moved, a label
 *    changed elsewhere).
 * Every draw is preceded by nl_network_view_set_network(), which is timed
 * too, as a progress post does both. Ratios are against the 2-2-1 draw.
 *
 * With --png PREFIX the cold draws are also written to PREFIX-2-2-1.png,
 * PREFIX-2-16-16-1.png and PREFIX-6x32.png.
 */

#include <math.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "nl-network-view.h"
#include "nl-rng.h"

typedef enum
{
  MODE_COLD,
  MODE_TRAINING,
  MODE_UNCHANGED,
  N_MODES
} Mode;

static const char * const mode_names[N_MODES] = { "cold", "training", "unchanged" };

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
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
      g_printerr ("bench-diagram: %s\n", error.message);
      exit (1);
    }
  nl_rng_seed (&rng, 42);
  nl_net_init (net, NL_INIT_SCALED, &rng);
  return net;
}

static NlNet *
tutorial_net (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  static const double params[] = { 3.0, -0.4, 0.6, 0.2, 1.1, -2.0, -0.52, 0.3, 0.05 };
  NlNet *net = make_net (G_N_ELEMENTS (sizes), sizes);

  for (gsize i = 0; i < G_N_ELEMENTS (params) && i < net->n_params; i++)
    net->params[i] = params[i];
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
      g_printerr ("bench-diagram: the view did not get %d x %d\n", width, height);
      exit (1);
    }
  return window;
}

/* One post and draw: hands the view @net, snapshots it and renders the nodes
 * over @background. Returns the time taken in ms. */
static double
post_and_draw (GtkWidget       *view,
               const NlNet     *net,
               cairo_surface_t *surface,
               const GdkRGBA   *background)
{
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  cairo_t *cr = cairo_create (surface);
  gint64 start;

  gdk_cairo_set_source_rgba (cr, background);
  cairo_paint (cr);
  cairo_surface_flush (surface);

  start = g_get_monotonic_time ();
  nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    {
      gsk_render_node_draw (node, cr);
      gsk_render_node_unref (node);
    }
  cairo_surface_flush (surface);
  cairo_destroy (cr);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
median_ms (GtkWidget       *view,
           NlNet           *net,
           Mode             mode,
           int              n_draws,
           cairo_surface_t *surface,
           const GdkRGBA   *background)
{
  g_autofree double *times = g_new (double, n_draws);
  NlRng rng;

  nl_rng_seed (&rng, 7);
  for (int i = -3; i < n_draws; i++)
    {
      double ms;

      switch (mode)
        {
        case MODE_COLD:
          net->params[0] = -net->params[0];
          break;
        case MODE_TRAINING:
          for (size_t k = 0; k < net->n_weights; k++)
            net->params[k] += 1e-4 * nl_rng_normal (&rng);
          break;
        case MODE_UNCHANGED:
        case N_MODES:
        default:
          break;
        }
      ms = post_and_draw (view, net, surface, background);
      if (i >= 0)
        times[i] = ms;
    }

  qsort (times, (size_t) n_draws, sizeof times[0], compare_doubles);
  return (times[(n_draws - 1) / 2] + times[n_draws / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  static const size_t sizes_16[] = { 2, 16, 16, 1 };
  static const size_t sizes_deep[] = { 2, 32, 32, 32, 32, 32, 32, 1 };
  static const char * const input_names[] = { "Weight (lb)", "Height (in)", NULL };
  static const char * const net_names[] = { "2-2-1", "2-16-16-1", "6x32" };
  int width = 560, height = 420, n_draws = 50, scale = 1;
  g_autofree char *png = NULL;
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width of the view (560)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Height of the view (420)", "H" },
    { "draws", 0, 0, G_OPTION_ARG_INT, &n_draws, "Draws to take the median of (50)", "N" },
    { "scale", 0, 0, G_OPTION_ARG_INT, &scale, "Device pixels a unit of the image (1)", "S" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &only, "Measure only this way (for profiling)", "MODE" },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, "Write the cold draws to PREFIX-NET.png", "PREFIX" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the network diagram");
  g_autoptr(GError) error = NULL;
  NlNet *nets[3];
  NlNet *originals[3];
  double ms[3][N_MODES];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-diagram: %s\n", error->message);
      return 2;
    }
  if (width <= 0 || height <= 0 || n_draws <= 0 || scale <= 0)
    {
      g_printerr ("bench-diagram: width, height, draws and scale must be positive\n");
      return 2;
    }

  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-diagram: no display (run under xvfb-run -a)\n");
      return 1;
    }
  g_object_set (gtk_settings_get_default (),
                "gtk-application-prefer-dark-theme", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);

  nets[0] = tutorial_net ();
  nets[1] = make_net (G_N_ELEMENTS (sizes_16), sizes_16);
  nets[2] = make_net (G_N_ELEMENTS (sizes_deep), sizes_deep);
  for (guint n = 0; n < G_N_ELEMENTS (nets); n++)
    originals[n] = nl_net_copy (nets[n]);

  for (guint n = 0; n < G_N_ELEMENTS (nets); n++)
    {
      GtkWidget *view = nl_network_view_new ();
      GtkWidget *window;
      GdkRGBA background;
      cairo_surface_t *surface;

      g_object_ref_sink (view);
      nl_network_view_set_network (NL_NETWORK_VIEW (view), nets[n]);
      nl_network_view_set_input_names (NL_NETWORK_VIEW (view), input_names);
      window = show (view, width, height);
      if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (view),
                                           "window_bg_color", &background))
        background = (GdkRGBA) { 1, 1, 1, 1 };
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      cairo_surface_set_device_scale (surface, scale, scale);

      for (int m = 0; m < N_MODES; m++)
        if (only == NULL || g_str_equal (only, mode_names[m]))
          ms[n][m] = median_ms (view, nets[n], (Mode) m, n_draws, surface, &background);

      if (png != NULL)
        {
          g_autofree char *path = NULL;

          nl_net_copy_params (nets[n], originals[n]);
          post_and_draw (view, nets[n], surface, &background);
          path = g_strdup_printf ("%s-%s.png", png, net_names[n]);
          if (cairo_surface_write_to_png (surface, path) != CAIRO_STATUS_SUCCESS)
            g_printerr ("bench-diagram: could not write %s\n", path);
        }

      cairo_surface_destroy (surface);
      gtk_window_destroy (GTK_WINDOW (window));
      g_object_unref (view);
    }

  for (int m = 0; m < N_MODES; m++)
    {
      if (only != NULL && !g_str_equal (only, mode_names[m]))
        continue;
      g_print ("diagram %-9s %dx%d draws=%d", mode_names[m], width, height, n_draws);
      for (guint n = 0; n < G_N_ELEMENTS (nets); n++)
        {
          g_print (" ; %s weights=%zu ms_per_draw=%.3f", net_names[n], nets[n]->n_weights,
                   ms[n][m]);
          if (n > 0)
            g_print (" ratio=%.1f", ms[n][m] / ms[0][m]);
        }
      g_print ("\n");
    }

  for (guint n = 0; n < G_N_ELEMENTS (nets); n++)
    {
      nl_net_free (nets[n]);
      nl_net_free (originals[n]);
    }
  return 0;
}
