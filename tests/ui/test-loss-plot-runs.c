/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-loss-plot-runs.c: earlier runs on the loss plot, offscreen, checked
 * pixel by pixel: each run's curve and label are there in its colour, the
 * labels of runs that end at the same loss are stacked apart, the axes span
 * every run, and a run's test loss is dashed. No display needed.
 *
 * With NL_UI_PNG_DIR set, the renders are also written there as PNG files.
 */

#include <locale.h>
#include <math.h>

#include <glib.h>

#include "nl-loss-plot-draw.h"

#define WIDTH  800
#define HEIGHT 400
#define N_RUNS 10
/* How far a pixel may be from a colour and still count as it: the lines'
 * cores are opaque; only their edges blend with the background. */
#define TOLERANCE 14

static const GdkRGBA fg = { 0.2, 0.2, 0.2, 1.0 };
static const GdkRGBA accent = { 0.11, 0.44, 0.85, 1.0 };

/* Ten colours far apart from each other, the accent, the text and white. */
static const guint8 run_rgb[N_RUNS][3] = {
  { 200, 30, 30 }, { 30, 160, 60 }, { 130, 50, 160 }, { 140, 90, 40 }, { 20, 140, 140 },
  { 220, 80, 160 }, { 120, 130, 20 }, { 240, 140, 0 }, { 0, 200, 220 }, { 200, 180, 0 },
};

typedef struct
{
  int count;
  int left, right, top, bottom;   /* the extent of the colour's pixels */
  int right_y;                    /* the row of the rightmost one */
} Found;

static NlHistory *
history_of (double (*f) (gsize i, gsize n, guint k),
            gsize   n,
            guint   k)
{
  NlHistory *history = nl_history_new (0);

  for (gsize i = 0; i < n; i++)
    g_assert_true (nl_history_append (history, f (i, n, k)));
  return history;
}

/* Every run falls to nearly the same loss, so their labels all want the
 * same height. */
static double
falling (gsize i,
         gsize n,
         guint k)
{
  return (0.3 + 0.05 * k) * exp (-6.0 * i / (double) n) + 0.05 + 0.0005 * k;
}

static GdkRGBA
rgba_of (const guint8 rgb[3])
{
  return (GdkRGBA) { rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0, 1.0 };
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

static cairo_surface_t *
draw_layered (const NlHistory     *loss,
              const NlLossPlotRun *runs,
              guint                n_runs,
              NlLossRunsLayer     *layer)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  NlLossPlotDrawOptions options = { .scale = 1.0, .pointer_x = -1.0, .runs = runs, .n_runs = n_runs,
                                    .runs_layer = layer };
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  nl_loss_plot_draw_cairo (cr, WIDTH, HEIGHT, loss, FALSE, &fg, &accent, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_surface_t *
draw (const NlHistory     *loss,
      const NlLossPlotRun *runs,
      guint                n_runs)
{
  return draw_layered (loss, runs, n_runs, NULL);
}

static Found
find (cairo_surface_t *surface,
      const guint8     rgb[3])
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  Found found = { 0, G_MAXINT, -1, G_MAXINT, -1, -1 };

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        guint32 p = *(const guint32 *) (data + y * stride + x * 4);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (ABS (r - rgb[0]) > TOLERANCE || ABS (g - rgb[1]) > TOLERANCE ||
            ABS (b - rgb[2]) > TOLERANCE)
          continue;
        found.count++;
        found.left = MIN (found.left, x);
        found.top = MIN (found.top, y);
        found.bottom = MAX (found.bottom, y);
        if (x >= found.right)
          {
            found.right = x;
            found.right_y = y;
          }
      }
  return found;
}

static const guint8 accent_rgb[3] = { 28, 112, 217 };

/* Ten runs that end at about the same loss: each one's curve is drawn in
 * the plot and its label's stroke in a column right of it, the ten strokes
 * on ten separate lines. Without the runs none of their colours shows. */
static void
test_ten_runs (void)
{
  NlHistory *current = history_of (falling, 800, 0);
  NlHistory *loss[N_RUNS];
  NlLossPlotRun runs[N_RUNS];
  g_autofree char *labels[N_RUNS] = { NULL };
  cairo_surface_t *surface;
  Found current_found, found[N_RUNS];

  for (guint k = 0; k < N_RUNS; k++)
    {
      loss[k] = history_of (falling, 800, k + 1);
      labels[k] = g_strdup_printf ("%u · lr %u", k + 1, k + 1);
      runs[k] = (NlLossPlotRun) { .loss = loss[k], .label = labels[k], .number = k + 1,
                                  .color = rgba_of (run_rgb[k]) };
    }

  surface = draw (current, NULL, 0);
  for (guint k = 0; k < N_RUNS; k++)
    g_assert_cmpint (find (surface, run_rgb[k]).count, ==, 0);
  cairo_surface_destroy (surface);

  surface = draw (current, runs, N_RUNS);
  maybe_save (surface, "loss-runs-ten.png");
  current_found = find (surface, accent_rgb);
  g_assert_cmpint (current_found.count, >, 500);

  for (guint k = 0; k < N_RUNS; k++)
    {
      found[k] = find (surface, run_rgb[k]);
      /* The curve: from the plot's left edge, where it starts high. */
      g_assert_cmpint (found[k].left, <=, current_found.left + 2);
      g_assert_cmpint (found[k].count, >, 150);
      /* The label's stroke: right of where the curves end. */
      g_assert_cmpint (found[k].right, >, current_found.right + 8);
    }
  /* The strokes stand in one column, each on its own line. */
  for (guint k = 0; k < N_RUNS; k++)
    for (guint j = 0; j < k; j++)
      {
        g_assert_cmpint (ABS (found[k].right - found[j].right), <=, 1);
        g_assert_cmpint (ABS (found[k].right_y - found[j].right_y), >=, 8);
      }

  cairo_surface_destroy (surface);
  nl_history_free (current);
  for (guint k = 0; k < N_RUNS; k++)
    nl_history_free (loss[k]);
}

static double
high (gsize i,
      gsize n,
      guint k)
{
  return 4.0 * exp (-3.0 * i / (double) n) + 0.1;
}

/* A run twice as long as the current one stretches the epoch axis: the
 * current curve ends half way. A run with higher losses stretches the loss
 * axis: its start is drawn, above the current curve's. With no current run
 * (just after a reset) the runs alone are drawn. */
static void
test_axes_span_runs (void)
{
  NlHistory *current = history_of (falling, 500, 0);
  NlHistory *longer = history_of (falling, 1000, 3);
  NlHistory *higher = history_of (high, 300, 0);
  NlLossPlotRun runs[2] = {
    { .loss = longer, .label = "1 · long", .number = 1, .color = rgba_of (run_rgb[0]) },
    { .loss = higher, .label = "2 · high", .number = 2, .color = rgba_of (run_rgb[1]) },
  };
  cairo_surface_t *surface;
  Found cur, lng, hgh;
  double half;

  surface = draw (current, runs, 2);
  maybe_save (surface, "loss-runs-axes.png");
  cur = find (surface, accent_rgb);
  lng = find (surface, run_rgb[0]);
  hgh = find (surface, run_rgb[1]);

  /* The long run's curve ends at the plot's right edge, its leader and
   * label beyond; the current curve at about half the plot's width. */
  half = (cur.right - cur.left) / (double) (lng.right - cur.left);
  g_assert_cmpfloat (half, >, 0.3);
  g_assert_cmpfloat (half, <, 0.6);

  /* The high run starts near the plot's top, well above the current curve,
   * and is not cut off there. */
  g_assert_cmpint (hgh.top, >, 0);
  g_assert_cmpint (hgh.top, <, cur.top - 100);
  cairo_surface_destroy (surface);

  /* Without the current run: the runs still. */
  surface = draw (NULL, runs, 2);
  maybe_save (surface, "loss-runs-no-current.png");
  g_assert_cmpint (find (surface, accent_rgb).count, ==, 0);
  g_assert_cmpint (find (surface, run_rgb[0]).count, >, 300);
  g_assert_cmpint (find (surface, run_rgb[1]).count, >, 100);
  cairo_surface_destroy (surface);

  nl_history_free (current);
  nl_history_free (longer);
  nl_history_free (higher);
}

static double
flat_test (gsize i,
           gsize n,
           guint k)
{
  return 1.0;
}

static double
low (gsize i,
     gsize n,
     guint k)
{
  return 0.2;
}

/* A run's test loss is dashed: along its row the colour comes and goes. */
static void
test_dashed_test_loss (void)
{
  NlHistory *loss = history_of (low, 400, 0);
  NlHistory *test_loss = history_of (flat_test, 400, 0);
  NlLossPlotRun run = { .loss = loss, .test_loss = test_loss, .label = "1 · test",
                        .number = 1, .color = rgba_of (run_rgb[2]) };
  cairo_surface_t *surface = draw (NULL, &run, 1);
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  Found found = find (surface, run_rgb[2]);
  int best_segments = 0;

  maybe_save (surface, "loss-runs-dashed.png");
  /* The row with the most separate stretches of the colour: the dashes. */
  for (int y = found.top; y <= found.bottom; y++)
    {
      int segments = 0;
      gboolean in = FALSE;

      for (int x = 0; x < WIDTH; x++)
        {
          guint32 p = *(const guint32 *) (data + y * stride + x * 4);
          int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
          gboolean is = ABS (r - run_rgb[2][0]) <= 60 && ABS (g - run_rgb[2][1]) <= 60 &&
                        ABS (b - run_rgb[2][2]) <= 60;

          if (is && !in)
            segments++;
          in = is;
        }
      best_segments = MAX (best_segments, segments);
    }
  g_assert_cmpint (best_segments, >, 40);

  cairo_surface_destroy (surface);
  nl_history_free (loss);
  nl_history_free (test_loss);
}

/* The largest difference of a colour channel between two renders. */
static int
max_difference (cairo_surface_t *a,
                cairo_surface_t *b)
{
  const guchar *da = cairo_image_surface_get_data (a);
  const guchar *db = cairo_image_surface_get_data (b);
  int stride = cairo_image_surface_get_stride (a);
  int most = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH * 4; x++)
      if (x % 4 != 3)
        most = MAX (most, ABS (da[y * stride + x] - db[y * stride + x]));
  return most;
}

/* Through a layer kept between draws the runs look as drawn directly (up to
 * the rounding of compositing once more), the second draw from the kept
 * image as the first; a run in another colour, or other axes, draw anew. */
static void
test_layer (void)
{
  NlHistory *current = history_of (falling, 800, 0);
  NlHistory *loss[3];
  NlLossPlotRun runs[3];
  g_autoptr(NlLossRunsLayer) layer = nl_loss_runs_layer_new ();
  cairo_surface_t *direct, *first, *second, *recoloured, *longer;
  NlHistory *longer_current;

  for (guint k = 0; k < 3; k++)
    {
      loss[k] = history_of (falling, 800, k + 1);
      runs[k] = (NlLossPlotRun) { .loss = loss[k], .label = "run", .number = k + 1,
                                  .color = rgba_of (run_rgb[k]) };
    }

  direct = draw (current, runs, 3);
  first = draw_layered (current, runs, 3, layer);
  second = draw_layered (current, runs, 3, layer);
  g_assert_cmpint (max_difference (direct, first), <=, 3);
  g_assert_cmpint (max_difference (first, second), ==, 0);

  runs[1].color = rgba_of (run_rgb[5]);
  recoloured = draw_layered (current, runs, 3, layer);
  g_assert_cmpint (find (recoloured, run_rgb[1]).count, ==, 0);
  g_assert_cmpint (find (recoloured, run_rgb[5]).count, >, 150);

  /* A current run longer than the runs: the epoch axis and the runs'
   * curves with it change. */
  longer_current = history_of (falling, 1600, 0);
  longer = draw_layered (longer_current, runs, 3, layer);
  cairo_surface_destroy (direct);
  direct = draw (longer_current, runs, 3);
  g_assert_cmpint (max_difference (direct, longer), <=, 3);

  cairo_surface_destroy (direct);
  cairo_surface_destroy (first);
  cairo_surface_destroy (second);
  cairo_surface_destroy (recoloured);
  cairo_surface_destroy (longer);
  nl_history_free (current);
  nl_history_free (longer_current);
  for (guint k = 0; k < 3; k++)
    nl_history_free (loss[k]);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/loss-plot-runs/ten-runs", test_ten_runs);
  g_test_add_func ("/ui/loss-plot-runs/axes-span-runs", test_axes_span_runs);
  g_test_add_func ("/ui/loss-plot-runs/dashed-test-loss", test_dashed_test_loss);
  g_test_add_func ("/ui/loss-plot-runs/layer", test_layer);

  return g_test_run ();
}
