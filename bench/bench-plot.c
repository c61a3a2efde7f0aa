/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-plot.c: how long the loss plot takes to draw a million epochs
 * against a thousand, offscreen, without a display.
 *
 * Prints the median time per draw over a number of draws, first with the
 * history decimated afresh for every draw (as while training, when each
 * progress update brings new values), then with the columns cached (as when
 * only the pointer moves). The history is the trainer's, bounded (see
 * nl-history.h): its memory is printed too. Then the same with 20 earlier
 * runs of 100k epochs each drawn beneath (finished runs keep their column
 * caches and the image of their curves, so "afresh" decimates and draws
 * only the current run again; "all afresh" every run too, as when the axes
 * change).
 */

#include <math.h>
#include <stdlib.h>

#include <glib.h>

#include <pango/pangocairo.h>

#include "nl-loss-plot-draw.h"

#define WIDTH   800
#define HEIGHT  300
#define N_DRAWS 50
#define N_RUNS  20
#define RUN_EPOCHS 100000

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static NlHistory *
make_history_seeded (gsize   n,
                     guint32 seed)
{
  NlHistory *loss = nl_history_new (0);
  GRand *rand = g_rand_new_with_seed (seed);
  double a = 0.3 + 0.4 * g_rand_double (rand);

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / (double) n;

      if (!nl_history_append (loss, a * exp (-6.0 * t) + 0.002
                                    + 0.01 * g_rand_double (rand) * exp (-3.0 * t)))
        g_error ("out of memory");
    }

  g_rand_free (rand);
  return loss;
}

static NlHistory *
make_history (gsize n)
{
  return make_history_seeded (n, 42);
}

/* @cached: 0 decimates the current run afresh for each draw, 1 keeps every
 * cache, -1 decimates the runs afresh too. */
static double
median_ms_per_draw (const NlHistory *loss,
                    NlLossPlotRun   *runs,
                    guint            n_runs,
                    int              cached)
{
  const GdkRGBA fg = { 0.2, 0.2, 0.2, 1.0 };
  const GdkRGBA accent = { 0.11, 0.44, 0.85, 1.0 };
  g_autoptr(NlLossColumns) columns = nl_loss_columns_new ();
  g_autoptr(NlLossRunsLayer) layer = nl_loss_runs_layer_new ();
  /* One Pango context for all draws, as the widget has. */
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  NlLossPlotDrawOptions options = { .scale = 1.0, .pointer_x = -1.0, .pango_context = context };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  double times[N_DRAWS];

  options.columns = columns;
  options.runs = runs;
  options.n_runs = n_runs;
  options.runs_layer = layer;

  for (int i = -3; i < N_DRAWS; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 start;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_surface_flush (surface);

      if (cached <= 0)
        nl_loss_columns_invalidate (columns);
      if (cached < 0)
        nl_loss_runs_layer_invalidate (layer);
      for (guint r = 0; cached < 0 && r < n_runs; r++)
        {
          nl_loss_columns_invalidate (runs[r].columns);
          nl_loss_columns_invalidate (runs[r].test_columns);
        }

      start = g_get_monotonic_time ();
      nl_loss_plot_draw_cairo (cr, WIDTH, HEIGHT, loss, FALSE, &fg, &accent, &options);
      cairo_surface_flush (surface);
      if (i >= 0)
        times[i] = (g_get_monotonic_time () - start) / 1000.0;

      cairo_destroy (cr);
    }

  cairo_surface_destroy (surface);
  g_object_unref (context);
  qsort (times, N_DRAWS, sizeof times[0], compare_doubles);
  return (times[N_DRAWS / 2 - 1] + times[N_DRAWS / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  const gsize big = 1000000;
  const gsize small = 1000;
  NlHistory *big_loss = make_history (big);
  NlHistory *small_loss = make_history (small);
  NlLossPlotRun runs[N_RUNS];
  char *labels[N_RUNS];
  gsize runs_memory = 0;

  g_print ("history epochs=%" G_GSIZE_FORMAT " bytes=%" G_GSIZE_FORMAT
           " (%" G_GSIZE_FORMAT " a full-resolution array) ; epochs=%" G_GSIZE_FORMAT
           " bytes=%" G_GSIZE_FORMAT "\n",
           big, nl_history_memory (big_loss), big * sizeof (double),
           small, nl_history_memory (small_loss));
  for (int cached = 0; cached <= 1; cached++)
    {
      double big_ms = median_ms_per_draw (big_loss, NULL, 0, cached);
      double small_ms = median_ms_per_draw (small_loss, NULL, 0, cached);

      g_print ("plot%s width=%d points=%" G_GSIZE_FORMAT " ms_per_draw=%.3f ; "
               "points=%" G_GSIZE_FORMAT " ms_per_draw=%.3f ; ratio=%.2f\n",
               cached ? " cached" : "", WIDTH, big, big_ms, small, small_ms, big_ms / small_ms);
    }

  /* Twenty finished runs, each with a test loss, beneath the current one. */
  for (guint r = 0; r < N_RUNS; r++)
    {
      static const GdkRGBA dim = { 0.6, 0.75, 0.6, 1.0 };

      labels[r] = g_strdup_printf ("%u · lr 0.%u → 0.%u", r + 1, r, r + 1);
      runs[r] = (NlLossPlotRun) {
        .loss = make_history_seeded (RUN_EPOCHS, 100 + r),
        .test_loss = make_history_seeded (RUN_EPOCHS, 200 + r),
        .label = labels[r],
        .number = r + 1,
        .color = dim,
        .columns = nl_loss_columns_new (),
        .test_columns = nl_loss_columns_new (),
      };
      runs_memory += nl_history_memory (runs[r].loss) + nl_history_memory (runs[r].test_loss);
    }
  for (int cached = -1; cached <= 1; cached++)
    {
      double ms = median_ms_per_draw (big_loss, runs, N_RUNS, cached);
      double alone_ms = median_ms_per_draw (big_loss, NULL, 0, cached < 0 ? 0 : cached);

      g_print ("plot runs=%d%s width=%d run_epochs=%d runs_bytes=%" G_GSIZE_FORMAT
               " points=%" G_GSIZE_FORMAT " ms_per_draw=%.3f ; without runs ms_per_draw=%.3f\n",
               N_RUNS, cached < 0 ? " all afresh" : cached ? " cached" : "", WIDTH, RUN_EPOCHS,
               runs_memory, big, ms, alone_ms);
    }

  for (guint r = 0; r < N_RUNS; r++)
    {
      nl_history_free ((NlHistory *) runs[r].loss);
      nl_history_free ((NlHistory *) runs[r].test_loss);
      nl_loss_columns_free (runs[r].columns);
      nl_loss_columns_free (runs[r].test_columns);
      g_free (labels[r]);
    }
  nl_history_free (big_loss);
  nl_history_free (small_loss);
  return 0;
}
