/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-loss-plot-draw-private.h: what the loss plot's drawing files share.
 *
 * nl-loss-plot-draw.c draws the axes and the current run;
 * nl-loss-plot-runs.c draws the earlier runs beneath it and their labels.
 * Both map values through the same Frame and decimate through the same
 * column cache.
 */
#pragma once

#include <float.h>
#include <math.h>

#include "nl-loss-plot-draw.h"

G_BEGIN_DECLS

struct _NlLossColumns
{
  /* What the statistics and columns were computed from: the history's
   * buckets, their width and the epochs they hold. */
  const NlHistoryBucket *data;
  gsize         n;
  guint64       width;
  guint64       epochs;
  gboolean      log_scale;
  gboolean      stats_valid;
  guint         n_cols;
  guint64       span;         /* epochs the columns' width stands for */
  gboolean      cols_valid;

  /* The range of every point shown; lo > hi when none is. */
  double        lo;
  double        hi;

  /* Per column, NAN where no point falls. */
  double       *min;
  double       *max;
  guint         allocated;
};

/* The plot area and the ranges mapped onto it; y is in log10 units on a
 * log scale. */
typedef struct
{
  double   x;
  double   y;
  double   width;
  double   height;
  double   x_lo;
  double   x_hi;
  double   y_lo;
  double   y_hi;
  gboolean log_scale;
} Frame;

static inline gboolean
is_shown (double   v,
          gboolean log_scale)
{
  /* Written as comparisons so NaN fails them all. */
  if (log_scale)
    return v > 0 && v <= DBL_MAX;
  return v >= -DBL_MAX && v <= DBL_MAX;
}

static inline double
frame_y (const Frame *f,
         double       v)
{
  double t = f->log_scale ? log10 (v) : v;

  return f->y + f->height - (t - f->y_lo) / (f->y_hi - f->y_lo) * f->height;
}

static inline double
frame_x (const Frame *f,
         double       epoch)
{
  return f->x + (epoch - f->x_lo) / (f->x_hi - f->x_lo) * f->width;
}

/* Where a line of one logical pixel lands crisply on the device grid. */
static inline double
snap (double v,
      double scale)
{
  int device_width = MAX (1, (int) round (scale));

  if (device_width % 2 == 1)
    return (floor (v * scale) + 0.5) / scale;
  return round (v * scale) / scale;
}

static inline void
set_source_rgba (cairo_t       *cr,
                 const GdkRGBA *color,
                 double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void         _nl_loss_columns_update_stats (NlLossColumns       *self,
                                            const NlHistory     *history,
                                            gboolean             log_scale);
void         _nl_loss_columns_update       (NlLossColumns       *self,
                                            guint                n_cols,
                                            guint64              span);
PangoLayout *_nl_loss_create_layout        (cairo_t             *cr,
                                            PangoContext        *context);
void         _nl_loss_text_size            (PangoLayout         *layout,
                                            const char          *text,
                                            double              *width,
                                            double              *height);
void         _nl_loss_draw_text            (cairo_t             *cr,
                                            PangoLayout         *layout,
                                            const char          *text,
                                            double               x,
                                            double               y,
                                            double               align);
void         _nl_loss_sparse_curve_path    (cairo_t             *cr,
                                            const Frame         *f,
                                            const NlLossColumns *cols,
                                            double               scale,
                                            double              *first_x,
                                            double              *last_x);
void         _nl_loss_dense_curve_path     (cairo_t             *cr,
                                            const Frame         *f,
                                            const NlLossColumns *cols,
                                            double               scale,
                                            double               line_width,
                                            gboolean             area);

/* The earlier runs of one draw, with the column caches they draw from (the
 * runs' own, or made for this draw). */
typedef struct
{
  const NlLossPlotRun *runs;
  guint                n;
  gboolean             log_scale;
  NlLossColumns      **cols;       /* per run; NULL where nothing shows */
  NlLossColumns      **test_cols;  /* per run; NULL where nothing shows */
  GPtrArray           *own;        /* the caches made for this draw */
  gboolean             any_test;
} NlLossRuns;

/* Prepares @runs for a draw: their statistics on this scale. */
void         _nl_loss_runs_init            (NlLossRuns          *self,
                                            const NlLossPlotRun *runs,
                                            guint                n_runs,
                                            gboolean             log_scale);
void         _nl_loss_runs_clear           (NlLossRuns          *self);
/* Widens [@lo, @hi] to every run's values shown and @epochs to the longest
 * run's; FALSE, changing nothing, when no run shows a value. */
gboolean     _nl_loss_runs_range           (NlLossRuns          *self,
                                            double              *lo,
                                            double              *hi,
                                            guint64             *epochs);
/* The width the labels' column takes in a plot @width wide. */
double       _nl_loss_runs_label_width     (NlLossRuns          *self,
                                            PangoLayout         *layout,
                                            int                  width);
/* Where the runs' labels go: a column from @x, @width wide, between @top
 * and @bottom, in @layout's font. */
typedef struct
{
  PangoLayout *layout;
  double       x;
  double       width;
  double       top;
  double       bottom;
  GdkRGBA      fg;
  GdkRGBA      bg;
} NlLossRunLabels;

/* The runs' curves in @f (clipped to it), which spans @span epochs in
 * @n_cols columns, and their @labels (NULL for none). */
void         _nl_loss_runs_draw            (NlLossRuns            *self,
                                            cairo_t               *cr,
                                            const Frame           *f,
                                            double                 scale,
                                            guint                  n_cols,
                                            guint64                span,
                                            const NlLossRunLabels *labels);
/* As _nl_loss_runs_draw(), through @layer's image of them: drawn into it
 * when it is not of this draw's size, axes, labels and runs, then painted;
 * @width and @height are the whole drawing's. */
void         _nl_loss_runs_draw_cached     (NlLossRuns            *self,
                                            NlLossRunsLayer       *layer,
                                            cairo_t               *cr,
                                            const Frame           *f,
                                            double                 scale,
                                            guint                  n_cols,
                                            guint64                span,
                                            const NlLossRunLabels *labels,
                                            int                    width,
                                            int                    height);

G_END_DECLS
