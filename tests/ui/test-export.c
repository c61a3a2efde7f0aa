/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: exporting the drawings to PNG, SVG and PDF files.
 *
 * The file tests export the loss plot's drawing, nl_loss_plot_draw_cairo(),
 * and need no display; those of the widgets skip without one. With
 * NL_UI_PNG_DIR set, the widgets' exports are also written there, as
 * export-loss.png, export-network.svg and so on.
 */

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-export.h"
#include "nl-loss-plot-draw.h"
#include "nl-loss-plot.h"
#include "nl-network-view.h"
#include "nl-theme.h"
#include "ui-test-render.h"

#define N_LOSS 300

static const GdkRGBA black = { 0, 0, 0, 1 };
static const GdkRGBA white = { 1, 1, 1, 1 };
/* #1c71d8, the light theme's positive colour. */
static const GdkRGBA blue = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1 };

static const NlExportFormat all_formats[] = {
  NL_EXPORT_FORMAT_PNG, NL_EXPORT_FORMAT_SVG, NL_EXPORT_FORMAT_PDF,
};

static NlHistory *loss;

static void
fill_loss (void)
{
  loss = nl_history_new (0);
  for (int i = 0; i < N_LOSS; i++)
    g_assert_true (nl_history_append (loss, exp (-i / 50.0) + 0.05));
}

/* A temporary directory, removed with its files by remove_dir(). */
static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("nl-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
      n++;
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  return n;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
read_all (const char *path,
          gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static guint
count_substrings (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Pixels of @surface within a few levels of @color in every channel. */
static guint
count_colour (cairo_surface_t *surface,
              const GdkRGBA   *color)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int r = (int) round (color->red * 255);
  int g = (int) round (color->green * 255);
  int b = (int) round (color->blue * 255);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = ui_test_pixel (surface, x, y);

        if (ABS ((int) (p >> 16 & 0xff) - r) <= 12 &&
            ABS ((int) (p >> 8 & 0xff) - g) <= 12 &&
            ABS ((int) (p & 0xff) - b) <= 12)
          n++;
      }
  return n;
}

/* Loads the PNG at @path and checks it is @width x @height units at the
 * export's scale, and opaque. */
static cairo_surface_t *
load_png (const char *path,
          int         width,
          int         height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  const guchar *data;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width * NL_EXPORT_PNG_SCALE);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height * NL_EXPORT_PNG_SCALE);

  /* The corner is background, and the background is opaque. */
  data = cairo_image_surface_get_data (surface);
  if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32)
    g_assert_cmphex (*(const guint32 *) data >> 24, ==, 0xff);

  return surface;
}

/* Checks the SVG at @path is one of @width x @height pixels drawn with
 * paths, not images, and returns how many paths it has. */
static guint
check_svg (const char *path,
           int         width,
           int         height)
{
  g_autofree char *svg = read_all (path, NULL);
  g_autoptr(GRegex) regex = g_regex_new ("<svg[^>]*\\swidth=\"([0-9.]+)(px)?\"[^>]*"
                                         "\\sheight=\"([0-9.]+)(px)?\"",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *w = NULL;
  g_autofree char *h = NULL;

  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_true (g_regex_match (regex, svg, 0, &match));
  w = g_match_info_fetch (match, 1);
  h = g_match_info_fetch (match, 3);
  g_assert_cmpfloat (g_ascii_strtod (w, NULL), ==, width);
  g_assert_cmpfloat (g_ascii_strtod (h, NULL), ==, height);
  g_assert_null (strstr (svg, "<image"));

  return count_substrings (svg, "<path");
}

/* Checks the PDF at @path has a page of @width x @height points and no
 * raster image on it. */
static void
check_pdf (const char *path,
           int         width,
           int         height)
{
  gsize length;
  g_autofree char *pdf = read_all (path, &length);
  g_autoptr(GRegex) regex = g_regex_new ("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]",
                                         G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *w = NULL;
  g_autofree char *h = NULL;

  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_true (g_regex_match_full (regex, pdf, (gssize) length, 0, 0, &match, NULL));
  w = g_match_info_fetch (match, 1);
  h = g_match_info_fetch (match, 2);
  g_assert_cmpfloat (g_ascii_strtod (w, NULL), ==, width);
  g_assert_cmpfloat (g_ascii_strtod (h, NULL), ==, height);
  /* Dictionaries are not compressed in cairo's PDFs: an image would show. */
  g_assert_null (g_strstr_len (pdf, (gssize) length, "/Subtype /Image"));
}

static const char *
extension (NlExportFormat format)
{
  return nl_export_format_to_string (format);
}

/* Keeps a copy of a widget's export at NL_UI_PNG_DIR/export-@name.@ext. */
static void
save_sample (const char     *path,
             const char     *name,
             NlExportFormat  format)
{
  const char *dir = g_getenv ("NL_UI_PNG_DIR");
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *target = NULL;
  gsize length;

  if (dir == NULL)
    return;
  contents = read_all (path, &length);
  basename = g_strdup_printf ("export-%s.%s", name, extension (format));
  target = g_build_filename (dir, basename, NULL);
  g_assert_true (g_file_set_contents (target, contents, (gssize) length, NULL));
}

/* The loss plot's drawing, as a bench or a script would export it. */
static void
draw_plot_cb (cairo_t  *cr,
              int       width,
              int       height,
              gpointer  user_data)
{
  NlLossPlotDrawOptions options = { 0 };

  options.scale = nl_export_get_scale (cr);
  options.pointer_x = -1;
  options.background = &white;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  nl_loss_plot_draw_cairo (cr, width, height, loss, GPOINTER_TO_INT (user_data),
                           &black, &blue, &options);
}

static void
test_formats (void)
{
  g_assert_cmpint (nl_export_format_guess ("loss.png"), ==, NL_EXPORT_FORMAT_PNG);
  g_assert_cmpint (nl_export_format_guess ("Loss.SVG"), ==, NL_EXPORT_FORMAT_SVG);
  g_assert_cmpint (nl_export_format_guess ("a.b.pdf"), ==, NL_EXPORT_FORMAT_PDF);
  g_assert_cmpint (nl_export_format_guess ("loss"), ==, NL_EXPORT_FORMAT_AUTO);
  g_assert_cmpint (nl_export_format_guess ("loss.txt"), ==, NL_EXPORT_FORMAT_AUTO);
  g_assert_cmpint (nl_export_format_guess ("png"), ==, NL_EXPORT_FORMAT_AUTO);
  g_assert_cmpint (nl_export_format_guess (NULL), ==, NL_EXPORT_FORMAT_AUTO);

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    g_assert_cmpint (nl_export_format_from_string (nl_export_format_to_string (all_formats[i])),
                     ==, all_formats[i]);
  g_assert_null (nl_export_format_to_string (NL_EXPORT_FORMAT_AUTO));
  g_assert_cmpint (nl_export_format_from_string ("jpeg"), ==, NL_EXPORT_FORMAT_AUTO);
}

/* Each format, its type given or guessed, parses as that format at the
 * size asked for, and the curve is in it. */
static void
test_draw_to_file (void)
{
  g_autofree char *dir = make_dir ();
  const int width = 600, height = 400;

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    for (int guess = 0; guess < 2; guess++)
      {
        NlExportFormat format = all_formats[i];
        g_autofree char *name = g_strdup_printf ("plot-%d.%s", guess, extension (format));
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autoptr(GError) error = NULL;

        gboolean ok;

        ok = nl_export_draw_to_file (file, guess ? NL_EXPORT_FORMAT_AUTO : format,
                                     width, height, draw_plot_cb, GINT_TO_POINTER (guess), &error);
        g_assert_no_error (error);
        g_assert_true (ok);
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

        switch (format)
          {
          case NL_EXPORT_FORMAT_PNG:
            {
              cairo_surface_t *surface = load_png (path, width, height);

              g_assert_cmphex (ui_test_pixel (surface, 0, 0), ==, 0xffffff);
              /* A 2 px curve across some 500 px, at twice the size. */
              g_assert_cmpuint (count_colour (surface, &blue), >, 2000);
              cairo_surface_destroy (surface);
            }
            break;

          case NL_EXPORT_FORMAT_SVG:
            g_assert_cmpuint (check_svg (path, width, height), >, 3);
            break;

          case NL_EXPORT_FORMAT_PDF:
            check_pdf (path, width, height);
            break;

          case NL_EXPORT_FORMAT_AUTO:
          default:
            g_assert_not_reached ();
          }
      }

  /* Nothing else was left behind. */
  g_assert_cmpuint (remove_dir (dir), ==, 2 * G_N_ELEMENTS (all_formats));
}

/* The curve in a vector file is a path whatever the history's length,
 * however many points fall in a column. */
static void
test_vector_stays_vector (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "dense.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = NULL;

  /* 300 points in 120 units: the dense branch of the drawing. */
  g_assert_true (nl_export_draw_to_file (file, NL_EXPORT_FORMAT_AUTO, 160, 100,
                                         draw_plot_cb, NULL, &error));
  g_assert_no_error (error);
  svg = read_all (path, NULL);
  g_assert_null (strstr (svg, "<image"));
  g_assert_cmpuint (count_substrings (svg, "<path"), >=, 2);

  remove_dir (dir);
}

static void
draw_broken_cb (cairo_t  *cr,
                int       width,
                int       height,
                gpointer  user_data)
{
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
  /* A restore without a save puts the context in an error state. */
  cairo_restore (cr);
}

/* A failed export says why and leaves an existing file as it was. */
static void
test_errors (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *text_path = g_build_filename (dir, "loss.txt", NULL);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GError) error = NULL;

  g_assert_false (nl_export_draw_to_file (text_file, NL_EXPORT_FORMAT_AUTO, 100, 100,
                                          draw_plot_cb, NULL, &error));
  g_assert_error (error, NL_EXPORT_ERROR, NL_EXPORT_ERROR_FORMAT);
  g_assert_false (g_file_test (text_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    {
      NlExportFormat format = all_formats[i];
      g_autofree char *name = g_strdup_printf ("old.%s", extension (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_set_contents (path, "old", -1, NULL));

      g_assert_false (nl_export_draw_to_file (file, format, 100, 100,
                                              draw_broken_cb, NULL, &error));
      g_assert_error (error, NL_EXPORT_ERROR, NL_EXPORT_ERROR_DRAW);
      g_clear_error (&error);

      g_assert_false (nl_export_draw_to_file (file, format, 0, 100,
                                              draw_plot_cb, NULL, &error));
      g_assert_error (error, NL_EXPORT_ERROR, NL_EXPORT_ERROR_SIZE);
      g_clear_error (&error);

      contents = read_all (path, NULL);
      g_assert_cmpstr (contents, ==, "old");
    }

  /* Too big for an image, not for a page. */
  {
    g_autofree char *path = g_build_filename (dir, "old.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_false (nl_export_draw_to_file (file, NL_EXPORT_FORMAT_PNG, 20000, 10,
                                            draw_plot_cb, NULL, &error));
    g_assert_error (error, NL_EXPORT_ERROR, NL_EXPORT_ERROR_SIZE);
    g_clear_error (&error);
  }

  /* A directory that is not there. */
  {
    g_autofree char *path = g_build_filename (dir, "missing", "loss.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_false (nl_export_draw_to_file (file, NL_EXPORT_FORMAT_AUTO, 100, 100,
                                            draw_plot_cb, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_assert_cmpuint (count_files (dir), ==, G_N_ELEMENTS (all_formats));
  remove_dir (dir);
}

/* A good export replaces the old file, and leaves no temporary one. */
static void
test_replace (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "loss.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (nl_export_draw_to_file (file, NL_EXPORT_FORMAT_AUTO, 300, 200,
                                         draw_plot_cb, NULL, &error));
  g_assert_no_error (error);
  check_pdf (path, 300, 200);
  g_assert_cmpuint (count_files (dir), ==, 1);

  remove_dir (dir);
}

/* The plot in a window: its export at its size, in its colours, on its
 * background. */
static void
test_loss_plot (void)
{
  g_autofree char *dir = NULL;
  GtkWidget *plot;
  GtkWidget *window;
  NlThemeColors colors;
  const int width = 500, height = 300;

  if (ui_test_skip_without_display ())
    return;

  dir = make_dir ();
  plot = nl_loss_plot_new ();
  g_object_ref_sink (plot);
  nl_loss_plot_set_history (NL_LOSS_PLOT (plot), loss);
  window = ui_test_show (plot, width, height);
  nl_theme_colors_get (plot, &colors);

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    {
      NlExportFormat format = all_formats[i];
      g_autofree char *name = g_strdup_printf ("loss.%s", extension (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      g_assert_true (nl_loss_plot_export (NL_LOSS_PLOT (plot), file, format, &error));
      g_assert_no_error (error);
      save_sample (path, "loss", format);

      if (format == NL_EXPORT_FORMAT_PNG)
        {
          cairo_surface_t *surface = load_png (path, width, height);

          g_assert_cmpuint (count_colour (surface, &colors.bg), >,
                            width * height * NL_EXPORT_PNG_SCALE * NL_EXPORT_PNG_SCALE / 2);
          g_assert_cmpuint (count_colour (surface, &colors.positive), >, 1000);
          cairo_surface_destroy (surface);
        }
      else if (format == NL_EXPORT_FORMAT_SVG)
        g_assert_cmpuint (check_svg (path, width, height), >, 3);
      else
        check_pdf (path, width, height);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  nl_loss_plot_set_history (NL_LOSS_PLOT (plot), NULL);
  g_assert_finalize_object (plot);
  g_assert_cmpuint (remove_dir (dir), ==, G_N_ELEMENTS (all_formats));
}

/* A plot never shown exports at a default size. */
static void
test_loss_plot_unshown (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *plot;

  if (ui_test_skip_without_display ())
    return;

  dir = make_dir ();
  path = g_build_filename (dir, "loss.pdf", NULL);
  file = g_file_new_for_path (path);
  plot = g_object_ref_sink (nl_loss_plot_new ());

  g_assert_true (nl_loss_plot_export (NL_LOSS_PLOT (plot), file, NL_EXPORT_FORMAT_AUTO, &error));
  g_assert_no_error (error);
  check_pdf (path, 800, 500);

  g_assert_finalize_object (plot);
  remove_dir (dir);
}

static NlNet *
tutorial_net (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  static const double params[] = { 3.0, -0.4, 0.6, 0.2, 1.1, -2.0, -0.52, 0.3, 0.05 };
  NlError error = { 0 };
  NlNet *net = nl_net_new (3, sizes, NULL, &error);

  g_assert_nonnull (net);
  for (gsize i = 0; i < G_N_ELEMENTS (params); i++)
    net->params[i] = params[i];

  return net;
}

static NlNet *
deep_net (void)
{
  static const size_t sizes[] = { 2, 32, 32, 32, 1 };
  NlError error = { 0 };
  NlNet *net = nl_net_new (G_N_ELEMENTS (sizes), sizes, NULL, &error);
  NlRng rng;

  g_assert_nonnull (net);
  nl_rng_seed (&rng, 7);
  nl_net_init (net, NL_INIT_NORMAL, &rng);

  return net;
}

/* Whether some pixel of @surface is strongly of @color's hue: blue over
 * red, or red over blue. */
static guint
count_hue (cairo_surface_t *surface,
           gboolean         positive)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = ui_test_pixel (surface, x, y);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (positive ? (b > 150 && b > r + 60 && b > g + 20)
                     : (r > 150 && r > b + 60 && r > g + 20))
          n++;
      }
  return n;
}

/* The diagram, small and big, in each format: the big one's edges, which
 * the screen draws from a cached image, are paths in the vector files. */
static void
test_network_view (void)
{
  const int width = 560, height = 420;
  const char * const names[] = { "Weight (lb)", "Height (in)", NULL };
  g_autofree char *dir = NULL;
  GtkWidget *view;
  GtkWidget *window;

  if (ui_test_skip_without_display ())
    return;

  dir = make_dir ();
  view = g_object_ref_sink (nl_network_view_new ());
  nl_network_view_set_input_names (NL_NETWORK_VIEW (view), names);
  window = ui_test_show (view, width, height);

  for (int big = 0; big < 2; big++)
    {
      NlNet *net = big ? deep_net () : tutorial_net ();
      const char *label = big ? "network-big" : "network";

      nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
      g_assert_true (big == (net->n_weights > 300));
      /* The screen's drawing first, so the big one's cache exists. */
      cairo_surface_destroy (ui_test_render (view));

      for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
        {
          NlExportFormat format = all_formats[i];
          g_autofree char *name = g_strdup_printf ("%s.%s", label, extension (format));
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(GError) error = NULL;

          g_assert_true (nl_network_view_export (NL_NETWORK_VIEW (view), file, format, &error));
          g_assert_no_error (error);
          save_sample (path, label, format);

          if (format == NL_EXPORT_FORMAT_PNG)
            {
              cairo_surface_t *surface = load_png (path, width, height);

              g_assert_cmpuint (count_hue (surface, TRUE), >, 500);
              g_assert_cmpuint (count_hue (surface, FALSE), >, 500);
              cairo_surface_destroy (surface);
            }
          else if (format == NL_EXPORT_FORMAT_SVG)
            {
              /* A path an edge (6) for the small network; one a width
               * bucket of each sign for the big one; then neurons and
               * text. */
              g_assert_cmpuint (check_svg (path, width, height), >=, big ? 20 : 6 + 3);
            }
          else
            check_pdf (path, width, height);
        }

      nl_net_free (net);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
  g_assert_cmpuint (remove_dir (dir), ==, 2 * G_N_ELEMENTS (all_formats));
}

/* Both widgets take the keyboard focus and open a context menu of the three
 * exports, bound to their export action. */
static void
check_context_menu (GtkWidget  *widget,
                    const char *action)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  GtkWidget *window = ui_test_show (widget, 300, 200);
  gboolean found = FALSE;
  GType owner;
  const char *name;
  const GVariantType *type;
  const char *property;
  GtkWidget *child;
  GMenuModel *model;

  g_assert_true (gtk_widget_get_focusable (widget));
  g_assert_true (gtk_widget_grab_focus (widget));

  /* A keyboard user sees where the focus is: a ring in the accent colour. */
  {
    cairo_surface_t *surface;
    guint32 before, after;

    gtk_window_set_focus_visible (GTK_WINDOW (window), FALSE);
    surface = ui_test_render (widget);
    before = ui_test_pixel (surface, 150, 1);
    cairo_surface_destroy (surface);

    gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
    g_assert_true (gtk_widget_has_visible_focus (widget));
    surface = ui_test_render (widget);
    after = ui_test_pixel (surface, 150, 1);
    cairo_surface_destroy (surface);

    g_assert_cmphex (before, !=, after);
    g_assert_cmpint (after & 0xff, >, (int) (after >> 16 & 0xff) + 60);
  }

  /* GTK 4.8 writes every out argument: none may be NULL. */
  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &type, &property); i++)
    if (g_str_equal (name, action))
      {
        g_assert_nonnull (type);
        g_assert_true (g_variant_type_equal (type, G_VARIANT_TYPE_STRING));
        found = TRUE;
      }
  g_assert_true (found);

  g_assert_true (gtk_widget_activate_action (widget, "menu.popup", NULL));
  for (child = gtk_widget_get_first_child (widget);
       child != NULL && !GTK_IS_POPOVER_MENU (child);
       child = gtk_widget_get_next_sibling (child))
    ;
  g_assert_nonnull (child);
  g_assert_true (gtk_widget_get_visible (child));

  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (child));
  g_assert_cmpint (g_menu_model_get_n_items (model), ==, 3);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *item_action = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION,
                                                      "s", &item_action));
      g_assert_cmpstr (item_action, ==, action);
      target = g_menu_model_get_item_attribute_value (model, i, G_MENU_ATTRIBUTE_TARGET,
                                                      G_VARIANT_TYPE_STRING);
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==,
                       nl_export_format_to_string (all_formats[i]));
    }

  gtk_popover_popdown (GTK_POPOVER (child));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_context_menu (void)
{
  GtkWidget *plot, *view;
  NlNet *net;

  if (ui_test_skip_without_display ())
    return;

  plot = g_object_ref_sink (nl_loss_plot_new ());
  check_context_menu (plot, "plot.export");
  g_assert_finalize_object (plot);

  net = tutorial_net ();
  view = g_object_ref_sink (nl_network_view_new ());
  nl_network_view_set_network (NL_NETWORK_VIEW (view), net);
  check_context_menu (view, "diagram.export");
  g_assert_finalize_object (view);

  /* The three widgets share one registration (nl_export_class_install()),
   * so each must still find its own action and menu. */
  view = g_object_ref_sink (nl_boundary_view_new ());
  nl_boundary_view_set_network (NL_BOUNDARY_VIEW (view), net);
  check_context_menu (view, "boundary.export");
  g_assert_finalize_object (view);
  nl_net_free (net);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  fill_loss ();

  g_test_add_func ("/ui/export/formats", test_formats);
  g_test_add_func ("/ui/export/draw-to-file", test_draw_to_file);
  g_test_add_func ("/ui/export/vector-stays-vector", test_vector_stays_vector);
  g_test_add_func ("/ui/export/errors", test_errors);
  g_test_add_func ("/ui/export/replace", test_replace);
  g_test_add_func ("/ui/export/loss-plot", test_loss_plot);
  g_test_add_func ("/ui/export/loss-plot-unshown", test_loss_plot_unshown);
  g_test_add_func ("/ui/export/network-view", test_network_view);
  g_test_add_func ("/ui/export/context-menu", test_context_menu);

  return g_test_run ();
}
