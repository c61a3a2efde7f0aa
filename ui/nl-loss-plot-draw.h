/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-loss-plot-draw.h: drawing the loss-per-epoch plot with cairo.
 *
 * The drawing is a plain function of the history, the size and the colours,
 * so the NlLossPlot widget, the tests and bench/bench-plot.c share it and the
 * latter two need no display. It links cairo, Pango and GLib only; GdkRGBA is
 * used for its struct, not its functions.
 *
 * Large histories are decimated per device-pixel column: each column keeps the
 * first, last, smallest and largest value of the points that fall in it (the
 * M4 idea), so a draw costs O(width) once the columns are known, and finding
 * them costs one pass over the history. A long history (see nl-history.h)
 * comes already reduced to buckets that keep the same four values, so a
 * column that holds whole buckets is what it would be from every epoch.
 */
#pragma once

#include <cairo.h>
#include <gdk/gdk.h>
#include <pango/pango.h>

#include "nl-history.h"

G_BEGIN_DECLS

/* A cache of the per-column decimation of one history at one width. It
 * recomputes itself when the history's buckets (pointer, number, width,
 * epochs), the scale mode or the number of columns change, or after
 * nl_loss_columns_invalidate(). */
typedef struct _NlLossColumns NlLossColumns;

NlLossColumns *nl_loss_columns_new        (void);
void           nl_loss_columns_free       (NlLossColumns *columns);
/* Forgets the cached columns: call when the values may have changed in place. */
void           nl_loss_columns_invalidate (NlLossColumns *columns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NlLossColumns, nl_loss_columns_free)

/* An earlier run, drawn dimmed beneath the current one (see the options):
 * its training loss as a thin line, its test loss dashed, in @color, and
 * @label in a column at the plot's right, as near the height where its
 * curve ends as the other labels leave room for, with a stroke of @color. A
 * run that ends before the longest gets a dot and its @number at its end. */
/* A cache of the earlier runs' curves as drawn at one size and one pair of
 * axes: finished runs do not change, so while the axes stay (the current
 * run is shorter than the longest and within the loss range) a draw
 * paints the cached image instead of twenty curves. It draws afresh when
 * the size, the scale, the axes or the runs (their histories and colours)
 * change, or after nl_loss_runs_layer_invalidate(). */
typedef struct _NlLossRunsLayer NlLossRunsLayer;

NlLossRunsLayer *nl_loss_runs_layer_new        (void);
void             nl_loss_runs_layer_free       (NlLossRunsLayer *layer);
void             nl_loss_runs_layer_invalidate (NlLossRunsLayer *layer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NlLossRunsLayer, nl_loss_runs_layer_free)

typedef struct
{
  const NlHistory *loss;
  /* Parallel to @loss (NAN where there is none), or NULL. */
  const NlHistory *test_loss;
  /* "3 · lr 0.1 → 0.5"; ellipsized when the column is too narrow. */
  const char      *label;
  guint            number;
  /* Already dimmed by the caller; the current run's colours stay the
   * strongest on the plot. */
  GdkRGBA          color;
  /* Caches as the options' @columns; NULL decimates afresh. */
  NlLossColumns   *columns;
  NlLossColumns   *test_columns;
} NlLossPlotRun;

typedef struct
{
  /* Device pixels per logical pixel (the widget's scale factor); 0 means 1. */
  double          scale;
  /* Logical x of the pointer for the value readout, or < 0 for none. */
  double          pointer_x;
  /* Where text comes from; NULL makes a context from the cairo_t. */
  PangoContext   *pango_context;
  /* The background behind the plot, for the readout's box; NULL guesses
   * from the foreground. */
  const GdkRGBA  *background;
  /* A cache kept between draws; NULL decimates afresh for this draw. */
  NlLossColumns  *columns;
  /* A second series, the test loss, parallel to the loss (NAN where there
   * is none), drawn in @test_color with a "Training"/"Test" legend. NULL
   * draws none; the epochs past the loss's last are not drawn. */
  const NlHistory *test_loss;
  const GdkRGBA  *test_color;
  /* Its cache, as @columns; NULL decimates afresh. */
  NlLossColumns  *test_columns;
  /* Earlier runs, drawn beneath the loss in this order; the axes span them
   * too (the epochs the longest, the loss every value shown). */
  const NlLossPlotRun *runs;
  guint           n_runs;
  /* Their image kept between draws; NULL draws the curves every time. */
  NlLossRunsLayer *runs_layer;
} NlLossPlotDrawOptions;

/* Draws axes, ticks, labels and the curve of the @loss history (and the
 * test loss's and earlier runs', see the options; NULL is empty) into the rectangle (0, 0,
 * @width, @height) of @cr, in logical pixels; the x axis is the epochs.
 * Non-finite values are skipped, and on a log scale so are values <= 0.
 * With nothing to show (no run either) it draws the axes and a hint. @options may be NULL. */
void           nl_loss_plot_draw_cairo    (cairo_t                     *cr,
                                           int                          width,
                                           int                          height,
                                           const NlHistory             *loss,
                                           gboolean                     log_scale,
                                           const GdkRGBA               *foreground,
                                           const GdkRGBA               *accent,
                                           const NlLossPlotDrawOptions *options);

G_END_DECLS
