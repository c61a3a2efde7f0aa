/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-network-view.c: the network diagram in a window under a display.
 *
 * Without a display every test reports a skip. With NL_UI_PNG_DIR set, the
 * renders are also written there as PNG files.
 */

#include <math.h>

#include <gtk/gtk.h>

#include "nl-heatmap.h"
#include "nl-network-view.h"
#include "ui-test-render.h"

static const char * const input_names[] = { "Weight (lb)", "Height (in)", NULL };

static NlNet *
tutorial_net (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  /* w1..w6, b1..b3 */
  static const double params[] = { 3.0, -0.4, 0.6, 0.2, 1.1, -2.0, -0.52, 0.3, 0.05 };
  NlError error = { 0 };
  NlNet *net = nl_net_new (3, sizes, NULL, &error);

  g_assert_nonnull (net);
  g_assert_cmpuint (net->n_params, ==, G_N_ELEMENTS (params));
  for (gsize i = 0; i < G_N_ELEMENTS (params); i++)
    net->params[i] = params[i];

  return net;
}

static NlNet *
deep_net (void)
{
  static const size_t sizes[] = { 2, 32, 32, 32, 32, 32, 32, 1 };
  NlError error = { 0 };
  NlNet *net = nl_net_new (G_N_ELEMENTS (sizes), sizes, NULL, &error);
  NlRng rng;

  g_assert_nonnull (net);
  nl_rng_seed (&rng, 7);
  nl_net_init (net, NL_INIT_NORMAL, &rng);

  return net;
}

static gboolean
is_positive_colour (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return b > 150 && b > r + 60 && b > g + 20;
}

static gboolean
is_negative_colour (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return r > 150 && r > b + 60 && r > g + 20;
}

static gboolean
is_coloured (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return ABS (r - b) > 50 || ABS (g - b) > 50;
}

/* Positive-coloured pixels in a small box around (x, y). */
static guint
count_positive (cairo_surface_t *surface,
                double           x,
                double           y,
                int              half)
{
  guint n = 0;

  for (int py = (int) y - half; py <= (int) y + half; py++)
    for (int px = (int) x - 3; px <= (int) x + 3; px++)
      n += is_positive_colour (ui_test_pixel (surface, px, py));

  return n;
}

static void
test_edge_width (void)
{
  NlNet *net;
  GtkWidget *view;
  GtkWidget *window;
  cairo_surface_t *surface;
  double x1x, x1y, h1x, h1y, x2x, x2y, h2x, h2y;
  guint big, small;

  if (ui_test_skip_without_display ())
    return;

  net = tutorial_net ();
  view = nl_network_view_new ();
  g_object_ref_sink (view);
  nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
  nl_network_view_set_input_names (NL_NETWORK_VIEW (view), input_names);
  window = ui_test_show (view, 800, 500);

  surface = ui_test_render (view);
  ui_test_save (surface, "nl-network-view.png");

  g_assert_true (nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 0, 0, &x1x, &x1y, NULL));
  g_assert_true (nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 1, 0, &h1x, &h1y, NULL));
  g_assert_true (nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 0, 1, &x2x, &x2y, NULL));
  g_assert_true (nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 1, 1, &h2x, &h2y, NULL));
  g_assert_false (nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 3, 0, NULL, NULL, NULL));

  /* Left to right by layer; x1 above x2. */
  g_assert_cmpfloat (x1x, <, h1x);
  g_assert_cmpfloat (x1y, <, x2y);

  /* w1 = 3 (x1 → h1) against w4 = 0.2 (x2 → h2): both horizontal and
   * positive, the first much heavier. Sample them a third of the way along,
   * clear of the edge labels and the crossing edges. */
  big = count_positive (surface, x1x + (h1x - x1x) / 3, x1y, 12);
  small = count_positive (surface, x2x + (h2x - x2x) / 3, x2y, 12);
  g_assert_cmpuint (small, >, 0);
  g_assert_cmpuint (big, >, small * 2);

  cairo_surface_destroy (surface);

  /* With a sample the neurons fill up and the picture changes. */
  {
    const double x[] = { -2, -1 };
    cairo_surface_t *with_sample;

    nl_network_view_set_sample (NL_NETWORK_VIEW (view), x);
    with_sample = ui_test_render (view);
    ui_test_save (with_sample, "nl-network-view-sample.png");
    cairo_surface_destroy (with_sample);
    nl_network_view_set_sample (NL_NETWORK_VIEW (view), NULL);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
  g_assert_finalize_object (view);
}

static void
test_describe (void)
{
  NlNet *net;
  GtkWidget *view;
  GtkWidget *window;
  double x1x, x1y, h1x, h1y, r;
  g_autofree char *edge = NULL;
  g_autofree char *neuron = NULL;
  g_autofree char *active = NULL;
  g_autofree char *input = NULL;
  g_autofree char *nothing = NULL;
  const double sample[] = { -2, -1 };

  if (ui_test_skip_without_display ())
    return;

  net = tutorial_net ();
  view = nl_network_view_new ();
  g_object_ref_sink (view);
  nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
  nl_network_view_set_input_names (NL_NETWORK_VIEW (view), input_names);
  window = ui_test_show (view, 800, 500);

  nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 0, 0, &x1x, &x1y, &r);
  nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 1, 0, &h1x, &h1y, NULL);

  edge = nl_network_view_describe_at (NL_NETWORK_VIEW (view), (x1x + h1x) / 2, (x1y + h1y) / 2);
  g_assert_cmpstr (edge, ==, "w1 (x1 → h1) = 3.0000");
  g_assert_cmpint (nl_network_view_parameter_at (NL_NETWORK_VIEW (view), (x1x + h1x) / 2,
                                                 (x1y + h1y) / 2), ==, 0);

  neuron = nl_network_view_describe_at (NL_NETWORK_VIEW (view), h1x + r / 2, h1y);
  g_assert_cmpstr (neuron, ==, "h1: bias b1 = -0.5200");
  g_assert_cmpint (nl_network_view_parameter_at (NL_NETWORK_VIEW (view), h1x, h1y), ==, 6);

  input = nl_network_view_describe_at (NL_NETWORK_VIEW (view), x1x, x1y);
  g_assert_cmpstr (input, ==, "x1: input “Weight (lb)”");
  g_assert_cmpint (nl_network_view_parameter_at (NL_NETWORK_VIEW (view), x1x, x1y), ==, -1);

  nothing = nl_network_view_describe_at (NL_NETWORK_VIEW (view), 2, 2);
  g_assert_null (nothing);

  nl_network_view_set_sample (NL_NETWORK_VIEW (view), sample);
  active = nl_network_view_describe_at (NL_NETWORK_VIEW (view), h1x, h1y);
  /* h1 = sigmoid (3 * -2 - 0.4 * -1 - 0.52) */
  {
    g_autofree char *expected = g_strdup_printf ("h1: bias b1 = -0.5200, activation %.4f",
                                                 1 / (1 + exp (-(3.0 * -2 - 0.4 * -1 - 0.52))));
    g_assert_cmpstr (active, ==, expected);
  }


  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
  g_assert_finalize_object (view);
}

static void
test_sizes (void)
{
  static const struct { int width, height; } sizes[] = {
    { 200, 150 }, { 800, 500 }, { 1600, 900 },
  };
  NlNet *nets[2];

  if (ui_test_skip_without_display ())
    return;

  nets[0] = tutorial_net ();
  nets[1] = deep_net ();

  for (guint n = 0; n < G_N_ELEMENTS (nets); n++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        GtkWidget *view = nl_network_view_new ();
        GtkWidget *window;
        cairo_surface_t *surface;
        guint coloured = 0;
        double ax, ay, bx, by;
        g_autofree char *text = NULL;
        g_autofree char *name = g_strdup_printf ("nl-network-view-%s-%dx%d.png",
                                                 n == 0 ? "2-2-1" : "6x32",
                                                 sizes[s].width, sizes[s].height);

        g_object_ref_sink (view);
        nl_network_view_set_network (NL_NETWORK_VIEW (view), nets[n]);
        nl_network_view_set_input_names (NL_NETWORK_VIEW (view), input_names);
        window = ui_test_show (view, sizes[s].width, sizes[s].height);

        surface = ui_test_render (view);
        ui_test_save (surface, name);
        for (int y = 0; y < sizes[s].height; y++)
          for (int x = 0; x < sizes[s].width; x++)
            coloured += is_coloured (ui_test_pixel (surface, x, y));
        g_assert_cmpuint (coloured, >, 100);
        cairo_surface_destroy (surface);

        /* Every network's weights are in the tooltip, however small. */
        nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 1, 0, &ax, &ay, NULL);
        nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 2, 0, &bx, &by, NULL);
        text = nl_network_view_describe_at (NL_NETWORK_VIEW (view), (ax + bx) / 2, (ay + by) / 2);
        g_assert_nonnull (text);
        g_assert_true (g_str_has_prefix (text, "w"));

        /* Setting the same shape again is the cheap path and still draws. */
        nl_network_view_set_network (NL_NETWORK_VIEW (view), nets[n]);
        surface = ui_test_render (view);
        cairo_surface_destroy (surface);

        gtk_window_destroy (GTK_WINDOW (window));
        g_assert_finalize_object (view);
      }

  nl_net_free (nets[0]);
  nl_net_free (nets[1]);
}

/* Pixels of a colour in the column through (x, y), within @half rows. */
static guint
count_column (cairo_surface_t *surface,
              double           x,
              double           y,
              int              half,
              gboolean       (*is_colour) (guint32))
{
  guint n = 0;

  for (int py = (int) y - half; py <= (int) y + half; py++)
    n += is_colour (ui_test_pixel (surface, (int) x, py));

  return n;
}

/* A big network's edges and neurons are drawn once and kept while nothing
 * visible changes: a weight that does change must still show at once. */
static void
test_cached_update (void)
{
  static const size_t sizes[] = { 2, 16, 16, 1 };
  NlError error = { 0 };
  NlNet *net = nl_net_new (G_N_ELEMENTS (sizes), sizes, NULL, &error);
  GtkWidget *view;
  GtkWidget *window;
  cairo_surface_t *surface;
  double ax, ay, bx, by, mx, my;
  size_t index;
  NlRng rng;
  g_autofree char *text = NULL;
  const double sample[] = { 2, -2 };

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      return;
    }

  g_assert_nonnull (net);
  g_assert_cmpuint (net->n_weights, >, 300);
  nl_rng_seed (&rng, 3);
  nl_net_init (net, NL_INIT_SCALED, &rng);
  /* The edge h1 → h'1 along the top, clear of the others in its middle. */
  index = nl_net_weight_index (net, 2, 0, 0);
  net->params[index] = 0.01;

  view = nl_network_view_new ();
  g_object_ref_sink (view);
  nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
  window = ui_test_show (view, 560, 420);
  g_assert_true (nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 1, 0, &ax, &ay, NULL));
  g_assert_true (nl_network_view_get_unit_position (NL_NETWORK_VIEW (view), 2, 0, &bx, &by, NULL));
  g_assert_cmpfloat (fabs (ay - by), <, 0.5);
  mx = (ax + bx) / 2;
  my = (ay + by) / 2;

  /* Faint and thin: neither strong colour. Drawn twice, the second time
   * from the cache. */
  for (int i = 0; i < 2; i++)
    {
      surface = ui_test_render (view);
      g_assert_cmpuint (count_column (surface, mx, my, 5, is_positive_colour), ==, 0);
      g_assert_cmpuint (count_column (surface, mx, my, 5, is_negative_colour), ==, 0);
      cairo_surface_destroy (surface);
    }

  /* Big and positive: blue and thick, at once. */
  net->params[index] = 10;
  nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
  surface = ui_test_render (view);
  ui_test_save (surface, "nl-network-view-cached-positive.png");
  g_assert_true (is_positive_colour (ui_test_pixel (surface, (int) mx, (int) my)));
  g_assert_cmpuint (count_column (surface, mx, my, 5, is_positive_colour), >=, 2);
  g_assert_cmpuint (count_column (surface, mx, my, 5, is_negative_colour), ==, 0);
  cairo_surface_destroy (surface);
  text = nl_network_view_describe_at (NL_NETWORK_VIEW (view), mx, my);
  g_assert_true (g_str_has_suffix (text, "= 10.0000"));

  /* Big and negative: orange. */
  net->params[index] = -10;
  nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
  surface = ui_test_render (view);
  ui_test_save (surface, "nl-network-view-cached-negative.png");
  g_assert_true (is_negative_colour (ui_test_pixel (surface, (int) mx, (int) my)));
  g_assert_cmpuint (count_column (surface, mx, my, 5, is_negative_colour), >=, 2);
  g_assert_cmpuint (count_column (surface, mx, my, 5, is_positive_colour), ==, 0);
  cairo_surface_destroy (surface);

  /* The neurons are in the cached layer too: a sample fills them. */
  {
    guint32 empty, filled;

    surface = ui_test_render (view);
    empty = ui_test_pixel (surface, (int) ax, (int) ay);
    cairo_surface_destroy (surface);
    nl_network_view_set_sample (NL_NETWORK_VIEW (view), sample);
    surface = ui_test_render (view);
    filled = ui_test_pixel (surface, (int) ax, (int) ay);
    cairo_surface_destroy (surface);
    g_assert_cmphex (empty, !=, filled);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
  g_assert_finalize_object (view);
}

static void
activated_cb (NlNetworkView *view,
              guint          index,
              gpointer       user_data)
{
  *(guint *) user_data = index;
}

static void
test_empty_and_shape_change (void)
{
  GtkWidget *view;
  GtkWidget *window;
  NlNet *small, *deep;
  cairo_surface_t *surface;
  const double sample[] = { 0.5, -0.5 };
  guint index = G_MAXUINT;

  if (ui_test_skip_without_display ())
    return;

  view = nl_network_view_new ();
  g_object_ref_sink (view);
  g_signal_connect (view, "parameter-activated", G_CALLBACK (activated_cb), &index);
  window = ui_test_show (view, 300, 200);

  /* No network: nothing to draw, nothing to describe. */
  surface = ui_test_render (view);
  cairo_surface_destroy (surface);
  g_assert_null (nl_network_view_describe_at (NL_NETWORK_VIEW (view), 150, 100));

  small = tutorial_net ();
  deep = deep_net ();
  nl_network_view_set_network (NL_NETWORK_VIEW (view), small);
  nl_network_view_set_sample (NL_NETWORK_VIEW (view), sample);
  nl_network_view_set_network (NL_NETWORK_VIEW (view), deep);
  surface = ui_test_render (view);
  cairo_surface_destroy (surface);
  nl_network_view_set_network (NL_NETWORK_VIEW (view), NULL);
  surface = ui_test_render (view);
  cairo_surface_destroy (surface);

  g_signal_emit_by_name (view, "parameter-activated", 5u);
  g_assert_cmpuint (index, ==, 5);

  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (small);
  nl_net_free (deep);
  g_assert_finalize_object (view);
}

/* The pixel (@x, @y) of a texture, as 0xRRGGBB. */
static guint32
texture_pixel (GdkTexture *texture,
               int         x,
               int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);

  gdk_texture_download (texture, data, (gsize) width * 4);
  return *(const guint32 *) (const void *) (data + ((gsize) y * width + x) * 4) & 0xffffff;
}

static gboolean
close_colours (guint32 a,
               guint32 b)
{
  for (int k = 0; k < 24; k += 8)
    if (ABS ((int) ((a >> k) & 0xff) - (int) ((b >> k) & 0xff)) > 2)
      return FALSE;
  return TRUE;
}

/* A neuron's tooltip carries a thumbnail of its map over the plane, in the
 * decision boundary's colours; it is kept while nothing changes. */
static void
test_thumbnail (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  /* h1 = sigmoid (10 x1), h2 = sigmoid (10 x2), o1 = sigmoid (h1 + h2). */
  static const double params[] = { 10, 0, 0, 10, 1, 1, 0, 0, 0 };
  const double held[] = { 0, 0 };
  NlError error = { 0 };
  NlNet *net = nl_net_new (3, sizes, NULL, &error);
  GtkWidget *view, *window;
  NlNetworkView *nv;
  GdkTexture *h1, *h2, *again = NULL;
  GtkTooltip *tooltip;
  NlThemeColors colors;
  NlHeatmapRamp ramp;
  NlHeatmapScale scale = { 0.0, 1.0, TRUE, TRUE, 0.5 };
  double x, y, r;
  gboolean shown = FALSE;

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (params); i++)
    net->params[i] = params[i];
  view = nl_network_view_new ();
  nv = NL_NETWORK_VIEW (view);
  nl_network_view_set_network (nv, net);
  window = ui_test_show (view, 560, 420);

  /* Without a plane: text only. */
  g_assert_true (nl_network_view_get_unit_position (nv, 1, 0, &x, &y, &r));
  g_assert_null (nl_network_view_get_thumbnail_at (nv, x, y));

  nl_network_view_set_map_plane (nv, 0, 1, held, 2, -2, 2, -2, 2);
  h1 = nl_network_view_get_thumbnail_at (nv, x, y);
  g_assert_nonnull (h1);
  g_assert_cmpint (gdk_texture_get_width (h1), ==, 64);
  g_assert_cmpint (gdk_texture_get_height (h1), ==, 64);
  if (g_getenv ("NL_UI_PNG_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("NL_UI_PNG_DIR"), "thumbnail-h1.png", NULL);

      g_assert_true (gdk_texture_save_to_png (h1, path));
    }
  /* h1 turns along x1: class 0's colour on the left, class 1's on the
   * right, exactly as the boundary view colours ~0 and ~1. */
  nl_theme_colors_get (view, &colors);
  nl_heatmap_ramp_init (&ramp, &colors);
  g_assert_true (close_colours (texture_pixel (h1, 8, 32), nl_heatmap_pixel (&ramp, &scale, 0.0)));
  g_assert_true (close_colours (texture_pixel (h1, 56, 32), nl_heatmap_pixel (&ramp, &scale, 1.0)));
  g_assert_true (close_colours (texture_pixel (h1, 56, 8), texture_pixel (h1, 56, 56)));

  /* h2 along x2: class 1 at the top. */
  g_assert_true (nl_network_view_get_unit_position (nv, 1, 1, &x, &y, NULL));
  h2 = nl_network_view_get_thumbnail_at (nv, x, y);
  g_assert_nonnull (h2);
  g_assert_true (close_colours (texture_pixel (h2, 32, 8), nl_heatmap_pixel (&ramp, &scale, 1.0)));
  g_assert_true (close_colours (texture_pixel (h2, 32, 56), nl_heatmap_pixel (&ramp, &scale, 0.0)));

  /* The output has one; an input and an edge have none. */
  g_assert_true (nl_network_view_get_unit_position (nv, 2, 0, &x, &y, NULL));
  again = nl_network_view_get_thumbnail_at (nv, x, y);
  g_assert_nonnull (again);
  g_clear_object (&again);
  g_assert_true (nl_network_view_get_unit_position (nv, 0, 0, &x, &y, NULL));
  g_assert_null (nl_network_view_get_thumbnail_at (nv, x, y));

  /* Asked again: the same one, not computed afresh. */
  g_assert_true (nl_network_view_get_unit_position (nv, 1, 0, &x, &y, NULL));
  again = nl_network_view_get_thumbnail_at (nv, x, y);
  g_assert_true (again == h1);
  g_clear_object (&again);

  /* The tooltip over h1 says so. */
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (view, "query-tooltip", (int) x, (int) y, FALSE, tooltip, &shown);
  g_assert_true (shown);
  g_object_unref (tooltip);

  /* New parameters: a new thumbnail, now the other way round. */
  net->params[0] = -10;
  nl_network_view_set_network (nv, net);
  again = nl_network_view_get_thumbnail_at (nv, x, y);
  g_assert_true (again != h1);
  g_assert_true (close_colours (texture_pixel (again, 8, 32), nl_heatmap_pixel (&ramp, &scale, 1.0)));
  g_clear_object (&again);

  g_object_unref (h1);
  g_object_unref (h2);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/network-view/edge-width", test_edge_width);
  g_test_add_func ("/ui/network-view/describe", test_describe);
  g_test_add_func ("/ui/network-view/sizes", test_sizes);
  g_test_add_func ("/ui/network-view/empty-and-shape-change", test_empty_and_shape_change);
  g_test_add_func ("/ui/network-view/cached-update", test_cached_update);
  g_test_add_func ("/ui/network-view/thumbnail", test_thumbnail);

  return g_test_run ();
}
