/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-render.h: showing a widget in a window and rendering it to an
 * image surface, for the widget tests. Header-only, shared by them. */
#pragma once

#include <gtk/gtk.h>

/* Whether gtk_init_check() found a display; tests skip when not. */
static gboolean ui_test_have_display;

static inline void
ui_test_init (int    *argc,
              char ***argv)
{
  g_test_init (argc, argv, NULL);
  gtk_disable_setlocale ();
  ui_test_have_display = gtk_init_check ();
  if (ui_test_have_display)
    g_object_set (gtk_settings_get_default (),
                  "gtk-application-prefer-dark-theme", FALSE,
                  "gtk-enable-animations", FALSE,
                  NULL);
}

static inline gboolean
ui_test_skip_without_display (void)
{
  if (ui_test_have_display)
    return FALSE;
  g_test_skip ("No display (run under Xvfb)");
  return TRUE;
}

/* Puts @widget alone in a new window at @width x @height and waits until it
 * has that size. Returns the window; destroy it with gtk_window_destroy(). */
static inline GtkWidget *
ui_test_show (GtkWidget *widget,
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

  g_assert_cmpint (gtk_widget_get_width (widget), ==, width);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, height);

  return window;
}

/* Renders @widget over the theme's window background into a new surface.
 * It calls the widget's own snapshot directly: a GtkWidgetPaintable shows
 * the widget's last frame, not its current state. */
static inline cairo_surface_t *
ui_test_render (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_surface_t *surface;
  GdkRGBA background;
  cairo_t *cr;

  if (!gtk_style_context_lookup_color (context, "window_bg_color", &background))
    background = (GdkRGBA) { 1, 1, 1, 1 };

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (width, 1), MAX (height, 1));
  cr = cairo_create (surface);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_paint (cr);
  if (node != NULL)
    {
      gsk_render_node_draw (node, cr);
      gsk_render_node_unref (node);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static inline void
ui_test_save (cairo_surface_t *surface,
              const char      *name)
{
  const char *dir = g_getenv ("NL_UI_PNG_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}

static inline guint32
ui_test_pixel (cairo_surface_t *surface,
               int              x,
               int              y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (data + y * stride + x * 4) & 0xffffff;
}
