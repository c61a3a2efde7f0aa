/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-loss-plot-draw.c: drawing the loss-per-epoch plot with cairo. */

#include "nl-loss-plot-draw.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "nl-loss-plot-draw-private.h"
#include "nl-plot-ticks.h"

#define MAX_TICKS        64
#define PADDING          6.0
#define TICK_GAP         6.0
#define COMPACT_WIDTH    140
#define COMPACT_HEIGHT   90
/* Between the plot and the runs' labels. */
#define LEADER_GAP       10.0

NlLossColumns *
nl_loss_columns_new (void)
{
  return g_new0 (NlLossColumns, 1);
}

void
nl_loss_columns_free (NlLossColumns *columns)
{
  if (columns == NULL)
    return;

  g_free (columns->min);
  g_free (columns->max);
  g_free (columns);
}

void
nl_loss_columns_invalidate (NlLossColumns *columns)
{
  columns->stats_valid = FALSE;
  columns->cols_valid = FALSE;
}

/* The smallest and largest value of bucket @b shown on the scale; FALSE
 * when it shows none. On a log scale a bucket whose smallest value is not
 * above 0 shows the smallest positive one of the four it keeps (a loss of
 * exactly 0 is rare, and the bucket does not know the others). */
static inline gboolean
bucket_range (const NlHistoryBucket *b,
              gboolean               log_scale,
              double                *lo,
              double                *hi)
{
  /* Written as comparisons so NaN fails them. */
  if (!(b->min >= -DBL_MAX && b->max <= DBL_MAX))
    return FALSE;
  if (!log_scale)
    {
      *lo = b->min;
      *hi = b->max;
      return TRUE;
    }
  if (!(b->max > 0))
    return FALSE;
  *hi = b->max;
  *lo = b->max;
  if (b->min > 0)
    *lo = b->min;
  else
    {
      if (b->first > 0)
        *lo = MIN (*lo, b->first);
      if (b->last > 0)
        *lo = MIN (*lo, b->last);
    }
  return TRUE;
}

/* The first and last value of a bucket that shows (see bucket_range()). */
static inline double
bucket_first (const NlHistoryBucket *b,
              gboolean               log_scale)
{
  return is_shown (b->first, log_scale) ? b->first : b->max;
}

static inline double
bucket_last (const NlHistoryBucket *b,
             gboolean               log_scale)
{
  return is_shown (b->last, log_scale) ? b->last : b->max;
}

/* The last epoch (counted from 1) of bucket @b. */
static inline guint64
bucket_end (const NlLossColumns *self,
            gsize                b)
{
  return MIN ((guint64) (b + 1) * self->width, self->epochs);
}

void
_nl_loss_columns_update_stats (NlLossColumns   *self,
                               const NlHistory *history,
                               gboolean         log_scale)
{
  const NlHistoryBucket *data = NULL;
  double lo = INFINITY;
  double hi = -INFINITY;
  guint64 width = 1, epochs = 0;
  gsize n = 0;

  if (history != NULL)
    {
      data = nl_history_buckets (history, &n);
      width = nl_history_bucket_epochs (history);
      epochs = nl_history_epochs (history);
    }
  if (self->stats_valid &&
      self->data == data &&
      self->n == n &&
      self->width == width &&
      self->epochs == epochs &&
      self->log_scale == log_scale)
    return;

  for (gsize b = 0; b < n; b++)
    {
      double l, h;

      if (bucket_range (&data[b], log_scale, &l, &h))
        {
          lo = MIN (lo, l);
          hi = MAX (hi, h);
        }
    }

  self->data = data;
  self->n = n;
  self->width = width;
  self->epochs = epochs;
  self->log_scale = log_scale;
  self->lo = lo;
  self->hi = hi;
  self->stats_valid = TRUE;
  self->cols_valid = FALSE;
}

/* Decimates into @n_cols columns that stand for @span epochs (at least the
 * history's: a shorter series leaves the columns past its end empty).
 * Epoch e (from 1) sits at x = e / span of the width, so it falls in column
 * floor ((e n_cols - 1) / span); a bucket falls in its last epoch's column.
 * At full resolution that is every point in its own column's place; with
 * buckets, a column that holds whole buckets gets exactly the smallest and
 * largest value of its epochs. */
void
_nl_loss_columns_update (NlLossColumns *self,
                         guint          n_cols,
                         guint64        span)
{
  gint64 col = -1;            /* the column being filled */
  double prev_last = NAN;     /* the last value shown in it */

  span = MAX (span, self->epochs);
  if (self->cols_valid && self->n_cols == n_cols && self->span == span)
    return;

  if (self->allocated < n_cols)
    {
      self->min = g_renew (double, self->min, n_cols);
      self->max = g_renew (double, self->max, n_cols);
      self->allocated = n_cols;
    }
  for (guint c = 0; c < n_cols; c++)
    self->min[c] = self->max[c] = NAN;

  for (gsize b = 0; b < self->n; b++)
    {
      const NlHistoryBucket *bucket = &self->data[b];
      gint64 c;
      double lo, hi;

      if (!bucket_range (bucket, self->log_scale, &lo, &hi))
        continue;
      c = (gint64) ((bucket_end (self, b) * n_cols - 1) / span);
      if (c >= n_cols)
        c = n_cols - 1;
      if (c != col)
        {
          self->min[c] = lo;
          self->max[c] = hi;
          /* Where the line from the previous column's last point to this
           * column's first crosses between them belongs to both columns, so
           * the band stays joined where the points are a few pixels apart. */
          if (c > 0 && col == c - 1)
            {
              double first = bucket_first (bucket, self->log_scale);
              double join = self->log_scale ? sqrt (prev_last * first) : (prev_last + first) / 2;

              self->min[c] = MIN (self->min[c], join);
              self->max[c] = MAX (self->max[c], join);
              self->min[c - 1] = MIN (self->min[c - 1], join);
              self->max[c - 1] = MAX (self->max[c - 1], join);
            }
          col = c;
        }
      else
        {
          self->min[c] = MIN (self->min[c], lo);
          self->max[c] = MAX (self->max[c], hi);
        }
      prev_last = bucket_last (bucket, self->log_scale);
    }

  self->n_cols = n_cols;
  self->span = span;
  self->cols_valid = TRUE;
}

PangoLayout *
_nl_loss_create_layout (cairo_t      *cr,
                        PangoContext *context)
{
  g_autoptr(PangoFontDescription) desc = NULL;
  PangoLayout *layout;

  if (context != NULL)
    {
      int size;

      layout = pango_layout_new (context);
      desc = pango_font_description_copy (pango_context_get_font_description (context));
      size = pango_font_description_get_size (desc);
      if (size <= 0)
        size = 10 * PANGO_SCALE;
      /* Axis text a step smaller than body text, as GTK's "caption" style. */
      if (pango_font_description_get_size_is_absolute (desc))
        pango_font_description_set_absolute_size (desc, size * 0.85);
      else
        pango_font_description_set_size (desc, (int) (size * 0.85));
    }
  else
    {
      layout = pango_cairo_create_layout (cr);
      desc = pango_font_description_from_string ("Sans 9");
    }

  pango_layout_set_font_description (layout, desc);
  return layout;
}

void
_nl_loss_text_size (PangoLayout *layout,
                    const char  *text,
                    double      *width,
                    double      *height)
{
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (width)
    *width = logical.width;
  if (height)
    *height = logical.height;
}

/* Draws @text with its left edge at @x (or its centre, or right edge, for
 * @align 0.5 and 1) and its vertical centre at @y. */
void
_nl_loss_draw_text (cairo_t     *cr,
                    PangoLayout *layout,
                    const char  *text,
                    double       x,
                    double       y,
                    double       align)
{
  double w, h;

  _nl_loss_text_size (layout, text, &w, &h);
  cairo_move_to (cr, round (x - w * align), round (y - h / 2));
  pango_cairo_show_layout (cr, layout);
  /* Leave no current point for the next path to start from. */
  cairo_new_path (cr);
}

typedef struct
{
  guint   n;
  double  values[MAX_TICKS];
  char   *labels[MAX_TICKS];
  double  max_width;
} Ticks;

static void
ticks_clear (Ticks *ticks)
{
  for (guint i = 0; i < ticks->n; i++)
    g_free (ticks->labels[i]);
  ticks->n = 0;
}

static void
y_ticks (Frame       *f,
         Ticks       *ticks,
         PangoLayout *layout,
         double       lo,
         double       hi,
         double       text_height)
{
  double room = MAX (f->height, 1.0);

  ticks->n = 0;
  ticks->max_width = 0;

  if (f->log_scale)
    {
      int exponents[MAX_TICKS];
      int e_lo = (int) floor (log10 (lo));
      int e_hi = (int) ceil (log10 (hi));
      guint n_decades;
      guint every;

      if (e_hi <= e_lo)
        e_hi = e_lo + 1;
      n_decades = (guint) (e_hi - e_lo);
      every = (guint) ceil (n_decades / MAX (1.0, room / (text_height * 2.0)));
      f->y_lo = e_lo;
      f->y_hi = e_hi;
      ticks->n = nl_plot_log_ticks (pow (10.0, e_lo), pow (10.0, e_hi), every,
                                    exponents, MAX_TICKS);
      for (guint i = 0; i < ticks->n; i++)
        {
          ticks->values[i] = exponents[i];
          ticks->labels[i] = nl_plot_format_decade (exponents[i]);
        }
    }
  else
    {
      double target = MAX (2.0, floor (room / (text_height * 2.5)));
      double base = MIN (0.0, lo);
      double step;

      if (!(hi > base))
        hi = base + 1.0;
      step = nl_plot_nice_step ((hi - base) / target);
      f->y_lo = floor (base / step) * step;
      f->y_hi = ceil (hi / step - 1e-9) * step;
      if (f->y_hi <= f->y_lo)
        f->y_hi = f->y_lo + step;
      ticks->n = nl_plot_linear_ticks (f->y_lo, f->y_hi, step, ticks->values, MAX_TICKS);
      for (guint i = 0; i < ticks->n; i++)
        ticks->labels[i] = nl_plot_format_linear (ticks->values[i], step);
    }

  for (guint i = 0; i < ticks->n; i++)
    {
      double w;

      _nl_loss_text_size (layout, ticks->labels[i], &w, NULL);
      ticks->max_width = MAX (ticks->max_width, w);
    }
}

static void
x_ticks (Frame       *f,
         Ticks       *ticks,
         PangoLayout *layout,
         double       label_width)
{
  double target = MAX (1.0, floor (f->width / (label_width + 40.0)));
  double step = MAX (1.0, nl_plot_nice_step ((f->x_hi - f->x_lo) / target));

  ticks->n = nl_plot_linear_ticks (f->x_lo, f->x_hi, step, ticks->values, MAX_TICKS);
  ticks->max_width = 0;
  for (guint i = 0; i < ticks->n; i++)
    ticks->labels[i] = nl_plot_format_count (ticks->values[i], step);
}

/* Fewer points than columns: a polyline through them, one per column at
 * most. */
void
_nl_loss_sparse_curve_path (cairo_t             *cr,
                            const Frame         *f,
                            const NlLossColumns *cols,
                            double               scale,
                            double              *first_x,
                            double              *last_x)
{
  gboolean started = FALSE;

  for (guint c = 0; c < cols->n_cols; c++)
    {
      double x;

      if (isnan (cols->min[c]))
        continue;

      x = f->x + (c + 0.5) / scale;
      if (!started)
        {
          cairo_move_to (cr, x, frame_y (f, cols->min[c]));
          *first_x = x;
          started = TRUE;
        }
      else
        cairo_line_to (cr, x, frame_y (f, cols->min[c]));
      *last_x = x;
    }
}

/* As many points as columns or more: the band from each column's smallest
 * to largest value, widened by half the line width measured across the
 * curve's local slope. One polygon, filled, so a million noisy epochs cost
 * what a smooth thousand do; stroking the zigzag instead is far slower. With
 * @area it is the area under the top edge instead. */
void
_nl_loss_dense_curve_path (cairo_t             *cr,
                           const Frame         *f,
                           const NlLossColumns *cols,
                           double               scale,
                           double               line_width,
                           gboolean             area)
{
  guint n = cols->n_cols;
  double dx = 1.0 / scale;
  gboolean started = FALSE;
  double prev_mid = NAN;
  double first_x = 0, last_x = 0;
  int c;

  /* The top edge, left to right. */
  for (c = 0; c < (int) n; c++)
    {
      double top, bottom, next_mid, slope, half, x;

      if (isnan (cols->max[c]))
        continue;

      top = frame_y (f, cols->max[c]);
      bottom = frame_y (f, cols->min[c]);
      next_mid = c + 1 < (int) n && !isnan (cols->max[c + 1])
                 ? (frame_y (f, cols->max[c + 1]) + frame_y (f, cols->min[c + 1])) / 2
                 : (top + bottom) / 2;
      slope = isnan (prev_mid) ? (next_mid - (top + bottom) / 2) / dx
                               : (next_mid - prev_mid) / (2 * dx);
      half = line_width / 2 * sqrt (1 + MIN (slope * slope, 16.0));
      prev_mid = (top + bottom) / 2;
      x = f->x + (c + 0.5) * dx;

      if (!started)
        {
          cairo_move_to (cr, x, top - half);
          first_x = x;
          started = TRUE;
        }
      cairo_line_to (cr, x, top - half);
      last_x = x;
    }

  if (!started)
    return;

  if (area)
    {
      cairo_line_to (cr, last_x, f->y + f->height);
      cairo_line_to (cr, first_x, f->y + f->height);
      cairo_close_path (cr);
      return;
    }

  /* The bottom edge, right to left. */
  prev_mid = NAN;
  for (c = (int) n - 1; c >= 0; c--)
    {
      double top, bottom, next_mid, slope, half, x;

      if (isnan (cols->max[c]))
        continue;

      top = frame_y (f, cols->max[c]);
      bottom = frame_y (f, cols->min[c]);
      next_mid = c > 0 && !isnan (cols->max[c - 1])
                 ? (frame_y (f, cols->max[c - 1]) + frame_y (f, cols->min[c - 1])) / 2
                 : (top + bottom) / 2;
      slope = isnan (prev_mid) ? (next_mid - (top + bottom) / 2) / dx
                               : (next_mid - prev_mid) / (2 * dx);
      half = line_width / 2 * sqrt (1 + MIN (slope * slope, 16.0));
      prev_mid = (top + bottom) / 2;
      x = f->x + (c + 0.5) * dx;

      cairo_line_to (cr, x, bottom + half);
    }
  cairo_close_path (cr);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The bucket of @history that holds epoch @i (from 0), or NULL. */
static const NlHistoryBucket *
bucket_at (const NlHistory *history,
           guint64          i)
{
  size_t n;
  const NlHistoryBucket *b;
  guint64 k;

  if (history == NULL || i >= nl_history_epochs (history))
    return NULL;
  b = nl_history_buckets (history, &n);
  k = i / nl_history_bucket_epochs (history);
  return k < n ? &b[k] : NULL;
}

/* A bucket's value for the readout: the value at full resolution, the
 * smallest and largest ("0.12–0.15") for a bucket of several epochs. */
static char *
format_bucket (const NlHistoryBucket *b,
               guint64                width)
{
  g_autofree char *lo = nl_plot_format_value (b->min);
  g_autofree char *hi = NULL;

  if (width == 1 || b->min == b->max)
    return g_steal_pointer (&lo);
  hi = nl_plot_format_value (b->max);
  /* Values that differ only past the digits shown read as one. */
  if (g_strcmp0 (lo, hi) == 0)
    return g_steal_pointer (&lo);
  return g_strdup_printf ("%s–%s", lo, hi);
}

static void
draw_readout (cairo_t         *cr,
              PangoLayout     *layout,
              const Frame     *f,
              const NlHistory *loss,
              const NlHistory *test_loss,
              double           pointer_x,
              const GdkRGBA   *fg,
              const GdkRGBA   *bg,
              const GdkRGBA   *accent,
              double           scale)
{
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  g_autofree char *test_value = NULL;
  double t = (pointer_x - f->x) / f->width;
  guint64 n = nl_history_epochs (loss);
  guint64 width = nl_history_bucket_epochs (loss);
  guint64 i, first, last;
  const NlHistoryBucket *b, *test_b;
  double x, w, h, box_x, box_w, box_h;

  if (n == 0 || t < -0.02 || t > 1.02)
    return;

  /* The axis may span a longer earlier run: past the current run's end,
   * its last epoch. */
  i = (guint64) CLAMP (round (t * f->x_hi) - 1, 0, (double) n - 1);
  b = bucket_at (loss, i);
  test_b = bucket_at (test_loss, i);
  /* A bucket's epochs; the line at the last of them, where it is drawn. */
  first = i / width * width + 1;
  last = MIN (first + width - 1, n);
  x = frame_x (f, (double) last);

  cairo_set_line_width (cr, 1.0);
  set_source_rgba (cr, fg, 0.45);
  cairo_move_to (cr, snap (x, scale), f->y);
  cairo_line_to (cr, snap (x, scale), f->y + f->height);
  cairo_stroke (cr);

  if (b != NULL && is_shown (b->last, f->log_scale))
    {
      double y = frame_y (f, b->last);

      cairo_arc (cr, x, y, 4.5, 0, 2 * G_PI);
      set_source_rgba (cr, bg, 1.0);
      cairo_fill_preserve (cr);
      set_source_rgba (cr, accent, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }

  value = b != NULL ? format_bucket (b, width) : nl_plot_format_value (NAN);
  if (test_b != NULL && nl_history_bucket_is_set (test_b))
    test_value = format_bucket (test_b, nl_history_bucket_epochs (test_loss));
  if (first == last && test_value != NULL)
    /* Translators: the values under the pointer in the loss plot. */
    text = g_strdup_printf (_("Epoch %" PRIu64 " · Loss %s · Test %s"), (uint64_t) first,
                            value, test_value);
  else if (first == last)
    /* Translators: the value under the pointer in the loss plot. */
    text = g_strdup_printf (_("Epoch %" PRIu64 " · Loss %s"), (uint64_t) first, value);
  else if (test_value != NULL)
    /* Translators: the values under the pointer in the loss plot where the
     * history keeps the smallest and largest loss of several epochs:
     * "Epochs 1025–1032 · Loss 0.12–0.15 · Test 0.2–0.21". */
    text = g_strdup_printf (_("Epochs %" PRIu64 "–%" PRIu64 " · Loss %s · Test %s"),
                            (uint64_t) first, (uint64_t) last, value, test_value);
  else
    /* Translators: as above, without a test set: "Epochs 1025–1032 · Loss 0.12–0.15". */
    text = g_strdup_printf (_("Epochs %" PRIu64 "–%" PRIu64 " · Loss %s"),
                            (uint64_t) first, (uint64_t) last, value);
  _nl_loss_text_size (layout, text, &w, &h);
  box_w = w + 12;
  box_h = h + 6;
  box_x = x + 8;
  if (box_x + box_w > f->x + f->width)
    box_x = x - 8 - box_w;
  box_x = MAX (box_x, f->x);

  rounded_rectangle (cr, box_x, f->y + 4, box_w, box_h, 5);
  set_source_rgba (cr, bg, 0.92);
  cairo_fill_preserve (cr);
  set_source_rgba (cr, fg, 0.2);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  set_source_rgba (cr, fg, 1.0);
  _nl_loss_draw_text (cr, layout, text, box_x + 6, f->y + 4 + box_h / 2, 0.0);
}

/* "Training" and "Test" with a stroke of their colours, top right, on the
 * line of the "Loss" title; without @test_color no "Test"; with @runs_test a
 * dashed stroke for the earlier runs' test losses. */
static void
draw_legend (cairo_t       *cr,
             PangoLayout   *layout,
             int            width,
             double         text_height,
             const GdkRGBA *fg,
             const GdkRGBA *accent,
             const GdkRGBA *test_color,
             gboolean       runs_test)
{
  static const double dashes[] = { 4.0, 3.0 };
  const char *names[3] = { _("Training"), _("Test"),
                           /* Translators: the loss plot's legend for the dashed
                            * test loss curves of the earlier runs. */
                           _("Test, earlier runs") };
  GdkRGBA runs_color = { fg->red, fg->green, fg->blue, fg->alpha * 0.5 };
  const GdkRGBA *colors[3] = { accent, test_color, &runs_color };
  double y = PADDING + text_height / 2;
  double x = width - PADDING;

  /* Right to left: the earlier runs last. */
  for (int k = 2; k >= 0; k--)
    {
      double w;

      if ((k == 2 && !runs_test) || (k < 2 && test_color == NULL))
        continue;
      _nl_loss_text_size (layout, names[k], &w, NULL);
      x -= w;
      set_source_rgba (cr, fg, 0.85);
      _nl_loss_draw_text (cr, layout, names[k], x, y, 0.0);
      x -= 4 + 14;
      cairo_set_line_width (cr, k == 2 ? 1.25 : 2.0);
      cairo_set_line_cap (cr, k == 2 ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
      if (k == 2)
        cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      set_source_rgba (cr, colors[k], 1.0);
      cairo_move_to (cr, x, round (y));
      cairo_line_to (cr, x + 14, round (y));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      x -= 12;
    }
}

void
nl_loss_plot_draw_cairo (cairo_t                     *cr,
                         int                          width,
                         int                          height,
                         const NlHistory             *loss,
                         gboolean                     log_scale,
                         const GdkRGBA               *foreground,
                         const GdkRGBA               *accent,
                         const NlLossPlotDrawOptions *options)
{
  static const NlLossPlotDrawOptions default_options = { .scale = 1.0, .pointer_x = -1.0 };
  g_autoptr(NlLossColumns) own_columns = NULL;
  g_autoptr(NlLossColumns) own_test_columns = NULL;
  NlLossColumns *test_cols = NULL;
  const NlHistory *test_loss = NULL;
  NlLossRuns runs;
  guint64 n, span = 0;
  g_autoptr(PangoLayout) layout = NULL;
  NlLossColumns *cols;
  GdkRGBA background;
  gboolean compact;
  gboolean empty;
  gboolean have_loss;
  gboolean have_runs;
  double label_width = 0;
  double scale;
  double text_height;
  double lo, hi;
  Ticks yt = { 0 };
  Ticks xt = { 0 };
  Frame f = { 0 };

  if (width <= 0 || height <= 0)
    return;
  n = loss != NULL ? nl_history_epochs (loss) : 0;
  if (options == NULL)
    options = &default_options;

  scale = options->scale > 0 ? options->scale : 1.0;

  if (options->background != NULL)
    background = *options->background;
  else
    {
      /* A light foreground means a dark theme. */
      double luma = 0.2126 * foreground->red + 0.7152 * foreground->green +
                    0.0722 * foreground->blue;

      background = luma > 0.5 ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
    }

  cols = options->columns;
  if (cols == NULL)
    cols = own_columns = nl_loss_columns_new ();
  _nl_loss_columns_update_stats (cols, loss, log_scale);

  have_loss = cols->lo <= cols->hi;
  lo = INFINITY;
  hi = -INFINITY;
  if (have_loss)
    {
      lo = cols->lo;
      hi = cols->hi;
      span = n;
    }

  if (have_loss && options->test_loss != NULL && options->test_color != NULL)
    {
      test_loss = options->test_loss;
      test_cols = options->test_columns;
      if (test_cols == NULL)
        test_cols = own_test_columns = nl_loss_columns_new ();
      _nl_loss_columns_update_stats (test_cols, test_loss, log_scale);
      if (test_cols->lo <= test_cols->hi)
        {
          lo = MIN (lo, test_cols->lo);
          hi = MAX (hi, test_cols->hi);
        }
      else
        test_cols = NULL;     /* nothing of it to show */
    }

  /* The earlier runs widen both axes. */
  _nl_loss_runs_init (&runs, options->runs, options->n_runs, log_scale);
  have_runs = _nl_loss_runs_range (&runs, &lo, &hi, &span);
  empty = !have_loss && !have_runs;
  if (empty)
    {
      lo = log_scale ? 1e-3 : 0.0;
      hi = 1.0;
    }

  layout = _nl_loss_create_layout (cr, options->pango_context);
  _nl_loss_text_size (layout, "0123456789", NULL, &text_height);

  compact = width < COMPACT_WIDTH || height < COMPACT_HEIGHT;
  f.log_scale = log_scale;
  f.x_lo = 0;
  f.x_hi = empty ? 100.0 : (double) MAX (span, 1);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);

  if (compact)
    {
      /* Too small for text: the curve and a baseline only. */
      f.x = 2;
      f.y = 2;
      f.width = MAX (1.0, width - 4.0);
      f.height = MAX (1.0, height - 4.0);
      if (log_scale)
        {
          f.y_lo = floor (log10 (lo));
          f.y_hi = MAX (ceil (log10 (hi)), f.y_lo + 1);
        }
      else
        {
          f.y_lo = MIN (0.0, lo);
          f.y_hi = hi > f.y_lo ? hi : f.y_lo + 1.0;
        }
    }
  else
    {
      double top = PADDING + text_height * 1.5 + 6;    /* the "Loss" title */
      double bottom = PADDING + text_height * 2 + TICK_GAP + 4; /* labels, "Epoch" */
      double last_width;

      f.y = top;
      f.height = MAX (1.0, height - top - bottom);
      y_ticks (&f, &yt, layout, lo, hi, text_height);

      /* Room for half of a typical last tick label ("800k"), whatever the
       * data, so the plot's width does not jump as the history grows; or
       * for the runs' labels. */
      _nl_loss_text_size (layout, "800k", &last_width, NULL);
      if (have_runs)
        label_width = _nl_loss_runs_label_width (&runs, layout, width);
      f.x = PADDING + yt.max_width + TICK_GAP;
      f.width = MAX (1.0, width - f.x - PADDING
                          - MAX (last_width / 2, label_width > 0 ? label_width + LEADER_GAP : 0));
      x_ticks (&f, &xt, layout, last_width);
    }

  /* Grid and axes. */
  cairo_set_line_width (cr, 1.0);
  if (!compact)
    {
      double baseline = snap (f.y + f.height, scale);

      /* On a log scale, faint lines at 2..9 times each decade when there
       * is room for them. */
      if (log_scale && f.height / (f.y_hi - f.y_lo) >= 60)
        {
          set_source_rgba (cr, foreground, 0.04);
          for (double k = f.y_lo; k < f.y_hi; k += 1)
            for (int m = 2; m <= 9; m++)
              {
                double y = snap (frame_y (&f, m * pow (10.0, k)), scale);

                cairo_move_to (cr, f.x, y);
                cairo_line_to (cr, f.x + f.width, y);
              }
          cairo_stroke (cr);
        }

      set_source_rgba (cr, foreground, 0.10);
      for (guint i = 0; i < yt.n; i++)
        {
          double y = snap (f.y + f.height - (yt.values[i] - f.y_lo) / (f.y_hi - f.y_lo) * f.height,
                           scale);

          cairo_move_to (cr, f.x, y);
          cairo_line_to (cr, f.x + f.width, y);
        }
      cairo_stroke (cr);

      set_source_rgba (cr, foreground, 0.7);
      for (guint i = 0; i < yt.n; i++)
        {
          double y = f.y + f.height - (yt.values[i] - f.y_lo) / (f.y_hi - f.y_lo) * f.height;

          _nl_loss_draw_text (cr, layout, yt.labels[i], f.x - TICK_GAP, y, 1.0);
        }

      set_source_rgba (cr, foreground, 0.35);
      cairo_move_to (cr, f.x, baseline);
      cairo_line_to (cr, f.x + f.width, baseline);
      for (guint i = 0; i < xt.n; i++)
        {
          double x = snap (frame_x (&f, xt.values[i]), scale);

          cairo_move_to (cr, x, baseline);
          cairo_line_to (cr, x, baseline + 4);
        }
      cairo_stroke (cr);

      set_source_rgba (cr, foreground, 0.7);
      for (guint i = 0; i < xt.n; i++)
        _nl_loss_draw_text (cr, layout, xt.labels[i], frame_x (&f, xt.values[i]),
                            f.y + f.height + TICK_GAP + text_height / 2, 0.5);

      /* Axis titles: the value above the y axis, the epoch under the x axis. */
      set_source_rgba (cr, foreground, 0.85);
      _nl_loss_draw_text (cr, layout, log_scale ? _("Loss (log scale)") : _("Loss"),
                          PADDING, PADDING + text_height / 2, 0.0);
      _nl_loss_draw_text (cr, layout, _("Epoch"), f.x + f.width / 2,
                          f.y + f.height + TICK_GAP + text_height * 1.5 + 2, 0.5);
    }
  else
    {
      set_source_rgba (cr, foreground, 0.35);
      cairo_move_to (cr, f.x, snap (f.y + f.height, scale));
      cairo_line_to (cr, f.x + f.width, snap (f.y + f.height, scale));
      cairo_stroke (cr);
    }

  if (empty)
    {
      if (!compact)
        {
          set_source_rgba (cr, foreground, 0.55);
          _nl_loss_draw_text (cr, layout, _("Train to see the loss"),
                              f.x + f.width / 2, f.y + f.height / 2, 0.5);
        }
    }
  else
    {
      guint n_cols = (guint) MAX (1.0, floor (f.width * scale));
      double line_width = compact ? 1.5 : 2.0;
      double first_x = f.x, last_x = f.x;

      /* The earlier runs beneath the current one, and their labels. */
      if (have_runs)
        {
          NlLossRunLabels labels = {
            .layout = layout,
            .x = f.x + f.width + LEADER_GAP,
            .width = label_width,
            .top = PADDING + text_height * 1.5,
            .bottom = f.y + f.height,
            .fg = *foreground,
            .bg = background,
          };

          if (options->runs_layer != NULL)
            _nl_loss_runs_draw_cached (&runs, options->runs_layer, cr, &f, scale, n_cols, span,
                                       compact ? NULL : &labels, width, height);
          else
            _nl_loss_runs_draw (&runs, cr, &f, scale, n_cols, span, compact ? NULL : &labels);
        }

      cairo_save (cr);
      cairo_rectangle (cr, f.x - 2, f.y - 2, f.width + 4, f.height + 4);
      cairo_clip (cr);

      if (have_loss)
        {
          _nl_loss_columns_update (cols, n_cols, span);

          /* A faint area under the curve, then the curve. */
          /* Buckets of several epochs are a band, however few. */
          if (cols->n >= n_cols || cols->width > 1)
            {
              _nl_loss_dense_curve_path (cr, &f, cols, scale, line_width, TRUE);
              set_source_rgba (cr, accent, 0.12);
              cairo_fill (cr);

              _nl_loss_dense_curve_path (cr, &f, cols, scale, line_width, FALSE);
              set_source_rgba (cr, accent, 1.0);
              cairo_fill (cr);
            }
          else
            {
              _nl_loss_sparse_curve_path (cr, &f, cols, scale, &first_x, &last_x);
              cairo_line_to (cr, last_x, f.y + f.height);
              cairo_line_to (cr, first_x, f.y + f.height);
              cairo_close_path (cr);
              set_source_rgba (cr, accent, 0.12);
              cairo_fill (cr);

              _nl_loss_sparse_curve_path (cr, &f, cols, scale, &first_x, &last_x);
              cairo_set_line_width (cr, line_width);
              cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
              cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
              set_source_rgba (cr, accent, 1.0);
              cairo_stroke (cr);
            }
        }
      /* The test loss over it, a line without an area. */
      if (test_cols != NULL)
        {
          _nl_loss_columns_update (test_cols, n_cols, span);
          if (test_cols->n >= n_cols || test_cols->width > 1)
            {
              _nl_loss_dense_curve_path (cr, &f, test_cols, scale, line_width, FALSE);
              set_source_rgba (cr, options->test_color, 1.0);
              cairo_fill (cr);
            }
          else
            {
              _nl_loss_sparse_curve_path (cr, &f, test_cols, scale, &first_x, &last_x);
              cairo_set_line_width (cr, line_width);
              cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
              cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
              set_source_rgba (cr, options->test_color, 1.0);
              cairo_stroke (cr);
            }
        }
      cairo_restore (cr);

      if ((test_cols != NULL || runs.any_test) && !compact)
        draw_legend (cr, layout, width, text_height, foreground, accent,
                     test_cols != NULL ? options->test_color : NULL, runs.any_test);

      if (have_loss && !compact && options->pointer_x >= 0)
        draw_readout (cr, layout, &f, loss, test_loss, options->pointer_x,
                      foreground, &background, accent, scale);
    }

  _nl_loss_runs_clear (&runs);
  ticks_clear (&yt);
  ticks_clear (&xt);
  cairo_restore (cr);
}
