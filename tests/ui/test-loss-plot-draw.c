/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-loss-plot-draw.c: the loss plot's drawing, offscreen, checked pixel
 * by pixel. No display needed.
 *
 * With NL_UI_PNG_DIR set, the renders are also written there as PNG files.
 */

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-loss-plot-draw.h"

static const GdkRGBA fg = { 0.2, 0.2, 0.2, 1.0 };
static const GdkRGBA accent = { 0.11, 0.44, 0.85, 1.0 };

typedef struct
{
  int top;
  int bottom;
} Extent;

/* @n values at full resolution (NULL for NULL), as the trainer keeps its
 * first few thousand epochs; longer ones too, so that the drawing of every
 * epoch can be checked. */
static NlHistory *
full_history (const double *values,
              gsize         n)
{
  NlHistory *history;

  if (values == NULL)
    return NULL;
  history = nl_history_new (MAX (2, n + n % 2));
  g_assert_true (nl_history_append_n (history, values, n));
  return history;
}

static cairo_surface_t *
draw_history (int              width,
              int              height,
              const NlHistory *loss,
              gboolean         log_scale,
              NlLossColumns   *columns,
              double           pointer_x)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         MAX (width, 1), MAX (height, 1));
  NlLossPlotDrawOptions options = { .scale = 1.0, .pointer_x = pointer_x, .columns = columns };
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  nl_loss_plot_draw_cairo (cr, width, height, loss, log_scale, &fg, &accent, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static cairo_surface_t *
render (int            width,
        int            height,
        const double  *loss,
        gsize          n,
        gboolean       log_scale,
        NlLossColumns *columns,
        double         pointer_x)
{
  NlHistory *history = full_history (loss, n);
  cairo_surface_t *surface = draw_history (width, height, history, log_scale, columns, pointer_x);

  nl_history_free (history);
  return surface;
}

static void
maybe_save (cairo_surface_t *surface,
            const char      *name)
{
  const char *dir = g_getenv ("NL_UI_PNG_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (data + y * stride + x * 4);
}

static gboolean
is_accent (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return ABS (r - 28) <= 40 && ABS (g - 112) <= 40 && ABS (b - 217) <= 40;
}

static gboolean
is_dark (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return r < 160 && g < 160 && b < 160 && ABS (r - b) < 30;
}

/* Per column, the highest and lowest accent pixel, or -1. */
static Extent *
accent_extents (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  Extent *extents = g_new (Extent, width);

  for (int x = 0; x < width; x++)
    {
      extents[x].top = extents[x].bottom = -1;
      for (int y = 0; y < height; y++)
        {
          if (!is_accent (pixel (surface, x, y)))
            continue;
          if (extents[x].top < 0)
            extents[x].top = y;
          extents[x].bottom = y;
        }
    }

  return extents;
}

static double *
decreasing_history (gsize n)
{
  double *loss = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    loss[i] = 0.7 * exp (-5.0 * i / (double) n) + 1e-4;

  return loss;
}

static void
test_zero_size (void)
{
  g_autofree double *loss = decreasing_history (100);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 4, 4);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  NlHistory *history = full_history (loss, 100);

  nl_loss_plot_draw_cairo (cr, 0, 0, history, FALSE, &fg, &accent, NULL);
  nl_loss_plot_draw_cairo (cr, 4, 0, history, FALSE, &fg, &accent, NULL);
  nl_loss_plot_draw_cairo (cr, -3, 4, history, TRUE, &fg, &accent, NULL);
  nl_history_free (history);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++)
      g_assert_cmphex (pixel (surface, x, y) & 0xffffff, ==, 0xffffff);

  cairo_surface_destroy (surface);
}

static void
test_decreasing (void)
{
  static const struct { int width, height; } sizes[] = {
    { 50, 30 }, { 800, 300 }, { 1600, 900 },
  };
  g_autofree double *loss = decreasing_history (500);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int log_scale = 0; log_scale <= 1; log_scale++)
      {
        cairo_surface_t *surface = render (sizes[s].width, sizes[s].height, loss, 500,
                                           log_scale, NULL, -1);
        g_autofree Extent *extents = accent_extents (surface);
        g_autofree char *name = g_strdup_printf ("loss-draw-%dx%d%s.png", sizes[s].width,
                                                 sizes[s].height, log_scale ? "-log" : "");
        int first = -1, last = -1;
        double left, right;

        maybe_save (surface, name);

        for (int x = 0; x < sizes[s].width; x++)
          {
            if (extents[x].top < 0)
              continue;
            if (first < 0)
              first = x;
            last = x;
          }
        g_assert_cmpint (first, >=, 0);
        g_assert_cmpint (last - first, >, sizes[s].width / 2);

        /* Screen y grows downwards: a falling loss starts high on the left. */
        left = (extents[first].top + extents[first].bottom) / 2.0;
        right = (extents[last].top + extents[last].bottom) / 2.0;
        g_assert_cmpfloat (left + sizes[s].height / 10.0, <, right);

        cairo_surface_destroy (surface);
      }
}

static void
test_log_differs (void)
{
  g_autofree double *loss = decreasing_history (1000);
  cairo_surface_t *linear = render (800, 300, loss, 1000, FALSE, NULL, -1);
  cairo_surface_t *logarithmic = render (800, 300, loss, 1000, TRUE, NULL, -1);
  g_autofree Extent *a = accent_extents (linear);
  g_autofree Extent *b = accent_extents (logarithmic);
  guint differing = 0;

  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 800; x++)
      differing += pixel (linear, x, y) != pixel (logarithmic, x, y);
  g_assert_cmpuint (differing, >, 2000);

  /* Halfway, exp(-2.5) is already near the bottom on a linear axis but
   * still mid-height on the log one. */
  g_assert_cmpint (a[450].top, >=, 0);
  g_assert_cmpint (b[450].top, >=, 0);
  g_assert_cmpint (b[450].top + 40, <, a[450].top);

  cairo_surface_destroy (linear);
  cairo_surface_destroy (logarithmic);
}

static double
known_curve (double t)
{
  return 0.4 * exp (-3.0 * t) + 0.05 * cos (12.0 * G_PI * t) * exp (-t) + 0.08;
}

static void
test_decimation (void)
{
  const gsize big = 1000000, small = 2000;
  g_autofree double *many = g_new (double, big);
  g_autofree double *few = g_new (double, small);
  cairo_surface_t *a, *b;
  g_autofree Extent *ea = NULL;
  g_autofree Extent *eb = NULL;
  guint compared = 0;

  for (gsize i = 0; i < big; i++)
    many[i] = known_curve ((i + 1) / (double) big);
  for (gsize i = 0; i < small; i++)
    few[i] = known_curve ((i + 1) / (double) small);

  a = render (800, 300, many, big, FALSE, NULL, -1);
  b = render (800, 300, few, small, FALSE, NULL, -1);
  maybe_save (a, "loss-draw-1e6.png");
  ea = accent_extents (a);
  eb = accent_extents (b);

  for (int x = 0; x < 800; x++)
    {
      if (ea[x].top < 0 || eb[x].top < 0)
        {
          g_assert_cmpint (ea[x].top, ==, eb[x].top);
          continue;
        }
      g_assert_cmpint (ABS (ea[x].top - eb[x].top), <=, 2);
      g_assert_cmpint (ABS (ea[x].bottom - eb[x].bottom), <=, 2);
      compared++;
    }
  g_assert_cmpuint (compared, >, 600);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* A long history as the trainer keeps it, in buckets, draws the band that
 * every epoch draws: the noise's top and bottom in each pixel column within
 * a pixel (a bucket at a column's edge falls in the column of its last
 * epoch), though the history holds a few thousand buckets instead of a
 * million values. The readout over it names the bucket's epochs. */
static void
test_bounded_history (void)
{
  const gsize n = 1000000;
  g_autofree double *values = g_new (double, n);
  NlHistory *full, *bounded;
  cairo_surface_t *a, *b;
  g_autofree Extent *ea = NULL;
  g_autofree Extent *eb = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  guint compared = 0;

  for (gsize i = 0; i < n; i++)
    values[i] = known_curve ((i + 1) / (double) n) + 0.03 * g_rand_double (rand);
  g_rand_free (rand);
  full = full_history (values, n);
  bounded = nl_history_new (0);
  g_assert_true (nl_history_append_n (bounded, values, n));
  g_assert_cmpuint (nl_history_bucket_epochs (bounded), >, 1);
  g_assert_cmpuint (nl_history_memory (bounded), <, n * sizeof (double) / 20);

  a = draw_history (800, 300, full, FALSE, NULL, -1);
  b = draw_history (800, 300, bounded, FALSE, NULL, -1);
  maybe_save (b, "loss-draw-bounded.png");
  ea = accent_extents (a);
  eb = accent_extents (b);
  for (int x = 0; x < 800; x++)
    {
      if (ea[x].top < 0 || eb[x].top < 0)
        {
          g_assert_cmpint (ea[x].top, ==, eb[x].top);
          continue;
        }
      g_assert_cmpint (ABS (ea[x].top - eb[x].top), <=, 1);
      g_assert_cmpint (ABS (ea[x].bottom - eb[x].bottom), <=, 1);
      compared++;
    }
  g_assert_cmpuint (compared, >, 600);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  /* The readout names a range of epochs and of losses. */
  b = draw_history (800, 300, bounded, FALSE, NULL, 400);
  maybe_save (b, "loss-draw-bounded-readout.png");
  cairo_surface_destroy (b);

  nl_history_free (full);
  nl_history_free (bounded);
}

static void
test_cache (void)
{
  g_autofree double *loss = decreasing_history (50000);
  g_autoptr(NlLossColumns) columns = nl_loss_columns_new ();
  cairo_surface_t *fresh = render (640, 240, loss, 50000, FALSE, NULL, 300);
  cairo_surface_t *first = render (640, 240, loss, 50000, FALSE, columns, 300);
  cairo_surface_t *second = render (640, 240, loss, 50000, FALSE, columns, 300);
  cairo_surface_t *log_scale = render (640, 240, loss, 50000, TRUE, columns, 300);
  cairo_surface_t *shorter;
  gsize size = cairo_image_surface_get_stride (fresh) * 240;

  maybe_save (fresh, "loss-draw-readout.png");
  g_assert_true (memcmp (cairo_image_surface_get_data (fresh),
                         cairo_image_surface_get_data (first), size) == 0);
  g_assert_true (memcmp (cairo_image_surface_get_data (fresh),
                         cairo_image_surface_get_data (second), size) == 0);
  g_assert_false (memcmp (cairo_image_surface_get_data (fresh),
                          cairo_image_surface_get_data (log_scale), size) == 0);

  /* Values changed in place: the cache must be told. */
  for (gsize i = 0; i < 50000; i++)
    loss[i] = 0.5;
  nl_loss_columns_invalidate (columns);
  shorter = render (640, 240, loss, 50000, FALSE, columns, -1);
  {
    g_autofree Extent *e = accent_extents (shorter);
    int first_x = -1, last_x = -1;

    for (int x = 0; x < 640; x++)
      if (e[x].top >= 0)
        {
          if (first_x < 0)
            first_x = x;
          last_x = x;
        }
    g_assert_cmpint (first_x, >=, 0);
    g_assert_cmpint (ABS (e[first_x].top - e[last_x].top), <=, 1);
  }

  cairo_surface_destroy (fresh);
  cairo_surface_destroy (first);
  cairo_surface_destroy (second);
  cairo_surface_destroy (log_scale);
  cairo_surface_destroy (shorter);
}

static void
test_empty (void)
{
  cairo_surface_t *surface = render (800, 300, NULL, 0, FALSE, NULL, 400);
  g_autofree Extent *extents = accent_extents (surface);
  guint dark = 0;

  maybe_save (surface, "loss-draw-empty.png");
  for (int x = 0; x < 800; x++)
    g_assert_cmpint (extents[x].top, <, 0);

  /* The hint, in the middle. */
  for (int y = 130; y < 170; y++)
    for (int x = 300; x < 500; x++)
      dark += is_dark (pixel (surface, x, y));
  g_assert_cmpuint (dark, >, 50);

  cairo_surface_destroy (surface);
}

static void
test_non_finite (void)
{
  const gsize n = 1000;
  g_autofree double *loss = decreasing_history (n);
  guint shown = 0;

  for (gsize i = 0; i < n; i += 7)
    loss[i] = NAN;
  loss[3] = INFINITY;
  loss[5] = -INFINITY;
  loss[11] = 0.0;
  loss[13] = -1.0;

  for (int log_scale = 0; log_scale <= 1; log_scale++)
    {
      cairo_surface_t *surface = render (800, 300, loss, n, log_scale, NULL, 10);
      g_autofree Extent *extents = accent_extents (surface);

      for (int x = 0; x < 800; x++)
        shown += extents[x].top >= 0;
      cairo_surface_destroy (surface);
    }
  g_assert_cmpuint (shown, >, 800);

  /* Nothing finite at all: the empty plot. */
  for (gsize i = 0; i < n; i++)
    loss[i] = NAN;
  {
    cairo_surface_t *surface = render (800, 300, loss, n, FALSE, NULL, 10);
    g_autofree Extent *extents = accent_extents (surface);

    for (int x = 0; x < 800; x++)
      g_assert_cmpint (extents[x].top, <, 0);
    cairo_surface_destroy (surface);
  }
}

static void
test_single_point (void)
{
  double one = 0.25;
  cairo_surface_t *surface = render (400, 200, &one, 1, FALSE, NULL, 200);

  cairo_surface_destroy (surface);
  surface = render (400, 200, &one, 1, TRUE, NULL, 200);
  cairo_surface_destroy (surface);
}

static const GdkRGBA negative = { 0.88, 0.11, 0.14, 1.0 };

static gboolean
is_negative (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return ABS (r - 224) <= 40 && ABS (g - 28) <= 40 && ABS (b - 36) <= 40;
}

static guint
count_negative (cairo_surface_t *surface,
                int              y_from)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint count = 0;

  for (int y = y_from; y < height; y++)
    for (int x = 0; x < width; x++)
      count += is_negative (pixel (surface, x, y));
  return count;
}

static cairo_surface_t *
render_with_test (int            width,
                  int            height,
                  const double  *loss,
                  const double  *test_loss,
                  gsize          n,
                  NlLossColumns *test_columns)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  NlHistory *history = full_history (loss, n);
  NlHistory *test_history = full_history (test_loss, n);
  NlLossPlotDrawOptions options = {
    .scale = 1.0,
    .pointer_x = -1.0,
    .test_loss = test_history,
    .test_color = &negative,
    .test_columns = test_columns,
  };
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  nl_loss_plot_draw_cairo (cr, width, height, history, FALSE, &fg, &accent, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  nl_history_free (history);
  nl_history_free (test_history);
  return surface;
}

/* The test loss is drawn in its colour, with a legend, both for a few
 * points and for many more than the columns; NAN gaps and a missing series
 * draw nothing of it. */
static void
test_test_series (void)
{
  static const gsize sizes[] = { 60, 200000 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      gsize n = sizes[k];
      g_autofree double *loss = decreasing_history (n);
      g_autofree double *test_loss = g_new (double, n);
      g_autofree double *none = g_new (double, n);
      g_autoptr(NlLossColumns) columns = nl_loss_columns_new ();
      cairo_surface_t *surface;
      guint curve, legend;

      for (gsize i = 0; i < n; i++)
        {
          /* Falls, then rises: overfitting. */
          double t = i / (double) n;

          test_loss[i] = 0.6 * (t - 0.5) * (t - 0.5) + 0.2;
          none[i] = NAN;
        }

      surface = render_with_test (400, 240, loss, test_loss, n, columns);
      maybe_save (surface, k == 0 ? "loss-test-sparse.png" : "loss-test-dense.png");
      /* Below the title line: the curve; above it, the legend's stroke. */
      curve = count_negative (surface, 30);
      legend = count_negative (surface, 0) - curve;
      g_assert_cmpuint (curve, >, 300);
      g_assert_cmpuint (legend, >, 10);
      cairo_surface_destroy (surface);

      /* Cached columns redraw the same. */
      surface = render_with_test (400, 240, loss, test_loss, n, columns);
      g_assert_cmpuint (count_negative (surface, 30), ==, curve);
      cairo_surface_destroy (surface);

      surface = render_with_test (400, 240, loss, none, n, NULL);
      g_assert_cmpuint (count_negative (surface, 0), ==, 0);
      cairo_surface_destroy (surface);

      surface = render_with_test (400, 240, loss, NULL, 0, NULL);
      g_assert_cmpuint (count_negative (surface, 0), ==, 0);
      cairo_surface_destroy (surface);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/loss-plot-draw/zero-size", test_zero_size);
  g_test_add_func ("/ui/loss-plot-draw/decreasing", test_decreasing);
  g_test_add_func ("/ui/loss-plot-draw/log-differs", test_log_differs);
  g_test_add_func ("/ui/loss-plot-draw/decimation", test_decimation);
  g_test_add_func ("/ui/loss-plot-draw/cache", test_cache);
  g_test_add_func ("/ui/loss-plot-draw/bounded-history", test_bounded_history);
  g_test_add_func ("/ui/loss-plot-draw/empty", test_empty);
  g_test_add_func ("/ui/loss-plot-draw/non-finite", test_non_finite);
  g_test_add_func ("/ui/loss-plot-draw/single-point", test_single_point);
  g_test_add_func ("/ui/loss-plot-draw/test-series", test_test_series);

  return g_test_run ();
}
