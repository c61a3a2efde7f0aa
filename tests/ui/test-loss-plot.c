/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-loss-plot.c: the loss plot widget in a window under a display.
 *
 * Without a display every test reports a skip. With NL_UI_PNG_DIR set, the
 * render is also written there as nl-loss-plot.png.
 */

#include <math.h>

#include <gtk/gtk.h>

#include "nl-loss-plot.h"
#include "ui-test-render.h"

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_property (void)
{
  GtkWidget *plot;
  guint notified = 0;

  if (ui_test_skip_without_display ())
    return;

  plot = nl_loss_plot_new ();
  g_object_ref_sink (plot);
  g_signal_connect (plot, "notify::log-scale", G_CALLBACK (notify_cb), &notified);

  g_assert_false (nl_loss_plot_get_log_scale (NL_LOSS_PLOT (plot)));
  nl_loss_plot_set_log_scale (NL_LOSS_PLOT (plot), TRUE);
  nl_loss_plot_set_log_scale (NL_LOSS_PLOT (plot), TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (plot, "log-scale", FALSE, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (nl_loss_plot_get_log_scale (NL_LOSS_PLOT (plot)));

  g_assert_finalize_object (plot);
}

static gboolean
is_background (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return r > 235 && g > 235 && b > 235;
}

static void
test_render (void)
{
  const gsize n = 5000;
  NlHistory *loss = nl_history_new (0);
  GtkWidget *plot;
  GtkWidget *window;
  cairo_surface_t *empty, *full, *log_scale;
  guint differing = 0;

  if (ui_test_skip_without_display ())
    return;

  for (gsize i = 0; i < n; i++)
    g_assert_true (nl_history_append (loss, 0.25 * exp (-6.0 * i / n) + 0.002
                                            + 0.004 * sin (i * 0.37) * exp (-3.0 * i / n)));

  plot = nl_loss_plot_new ();
  g_object_ref_sink (plot);
  window = ui_test_show (plot, 800, 500);

  empty = ui_test_render (plot);
  ui_test_save (empty, "nl-loss-plot-empty.png");

  nl_loss_plot_set_history (NL_LOSS_PLOT (plot), loss);
  g_assert_cmpuint (nl_loss_plot_get_n_points (NL_LOSS_PLOT (plot)), ==, n);
  full = ui_test_render (plot);
  ui_test_save (full, "nl-loss-plot.png");

  nl_loss_plot_set_log_scale (NL_LOSS_PLOT (plot), TRUE);
  log_scale = ui_test_render (plot);
  ui_test_save (log_scale, "nl-loss-plot-log.png");

  for (int y = 0; y < 500; y++)
    for (int x = 0; x < 800; x++)
      differing += ui_test_pixel (full, x, y) != ui_test_pixel (empty, x, y) &&
                   !is_background (ui_test_pixel (full, x, y));
  g_assert_cmpuint (differing, >, 1000);

  /* The history is the caller's: letting go of it before freeing. */
  nl_loss_plot_set_history (NL_LOSS_PLOT (plot), NULL);
  g_assert_cmpuint (nl_loss_plot_get_n_points (NL_LOSS_PLOT (plot)), ==, 0);
  nl_history_free (loss);

  cairo_surface_destroy (empty);
  cairo_surface_destroy (full);
  cairo_surface_destroy (log_scale);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (plot);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/loss-plot/property", test_property);
  g_test_add_func ("/ui/loss-plot/render", test_render);

  return g_test_run ();
}
