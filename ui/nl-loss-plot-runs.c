/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-loss-plot-runs.c: earlier runs on the loss plot.
 *
 * Each finished run the caller passes is drawn beneath the current one, thin
 * and in its own dimmed colour: the training loss as a line (a band when it
 * has more points than the plot has columns, as the current run's), the test
 * loss dashed. Its label sits in a column at the plot's right, at the height
 * where its curve ends; labels that would overlap are pushed apart, down
 * first and then up from the bottom, so ten runs that all end near the same
 * loss still read as ten lines of text. A thin leader ties a label to a
 * curve that ends at the right edge; a run that ends earlier gets a dot and
 * its number where it ends instead, since a leader across the plot would
 * cross the other curves.
 *
 * Finished runs do not change, so the caller's column caches stay valid
 * between draws and a draw costs O(columns) per run.
 */

#include "nl-loss-plot-draw-private.h"

#include <string.h>

#include <pango/pangocairo.h>

#define SWATCH_WIDTH   12.0
#define SWATCH_GAP     4.0
#define LEADER_GAP     8.0
#define RUN_LINE_WIDTH 1.5

void
_nl_loss_runs_init (NlLossRuns          *self,
                    const NlLossPlotRun *runs,
                    guint                n_runs,
                    gboolean             log_scale)
{
  *self = (NlLossRuns) { .runs = runs, .n = runs != NULL ? n_runs : 0, .log_scale = log_scale };
  if (self->n == 0)
    return;

  self->cols = g_new0 (NlLossColumns *, self->n);
  self->test_cols = g_new0 (NlLossColumns *, self->n);
  self->own = g_ptr_array_new_with_free_func ((GDestroyNotify) nl_loss_columns_free);

  for (guint i = 0; i < self->n; i++)
    {
      const NlLossPlotRun *run = &runs[i];
      NlLossColumns *cols = run->columns;
      NlLossColumns *test_cols = run->test_columns;

      if (run->loss == NULL)
        continue;
      if (cols == NULL)
        g_ptr_array_add (self->own, cols = nl_loss_columns_new ());
      _nl_loss_columns_update_stats (cols, run->loss, log_scale);
      if (!(cols->lo <= cols->hi))
        continue;           /* nothing of it to show */
      self->cols[i] = cols;

      if (run->test_loss == NULL)
        continue;
      if (test_cols == NULL)
        g_ptr_array_add (self->own, test_cols = nl_loss_columns_new ());
      _nl_loss_columns_update_stats (test_cols, run->test_loss, log_scale);
      if (test_cols->lo <= test_cols->hi)
        {
          self->test_cols[i] = test_cols;
          self->any_test = TRUE;
        }
    }
}

void
_nl_loss_runs_clear (NlLossRuns *self)
{
  g_clear_pointer (&self->cols, g_free);
  g_clear_pointer (&self->test_cols, g_free);
  g_clear_pointer (&self->own, g_ptr_array_unref);
  self->n = 0;
}

gboolean
_nl_loss_runs_range (NlLossRuns *self,
                     double     *lo,
                     double     *hi,
                     guint64    *epochs)
{
  double l = INFINITY, h = -INFINITY;
  guint64 e = 0;

  for (guint i = 0; i < self->n; i++)
    {
      if (self->cols[i] == NULL)
        continue;
      l = MIN (l, self->cols[i]->lo);
      h = MAX (h, self->cols[i]->hi);
      e = MAX (e, nl_history_epochs (self->runs[i].loss));
      if (self->test_cols[i] != NULL)
        {
          l = MIN (l, self->test_cols[i]->lo);
          h = MAX (h, self->test_cols[i]->hi);
        }
    }
  if (!(l <= h))
    return FALSE;

  *lo = MIN (*lo, l);
  *hi = MAX (*hi, h);
  *epochs = MAX (*epochs, e);
  return TRUE;
}

double
_nl_loss_runs_label_width (NlLossRuns  *self,
                           PangoLayout *layout,
                           int          width)
{
  double widest = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < self->n; i++)
    {
      double w;

      if (self->cols[i] == NULL || self->runs[i].label == NULL)
        continue;
      _nl_loss_text_size (layout, self->runs[i].label, &w, NULL);
      widest = MAX (widest, w);
      any = TRUE;
    }
  if (!any)
    return 0;

  /* The plot keeps most of the width; long labels are ellipsized. */
  return MIN (SWATCH_WIDTH + SWATCH_GAP + widest, MAX (60.0, width * 0.3));
}

static void
stroke_run (cairo_t             *cr,
            const Frame         *f,
            const NlLossColumns *cols,
            double               scale,
            guint                n_cols,
            const GdkRGBA       *color,
            gboolean             dashed)
{
  double first_x = 0, last_x = 0;

  set_source_rgba (cr, color, 1.0);
  /* A dashed band cannot be filled: a test curve is always the line
   * through each column's smallest value, which its dashes blur anyway. */
  if (!dashed && (cols->n >= n_cols || cols->width > 1))
    {
      _nl_loss_dense_curve_path (cr, f, cols, scale, RUN_LINE_WIDTH, FALSE);
      cairo_fill (cr);
      return;
    }

  _nl_loss_sparse_curve_path (cr, f, cols, scale, &first_x, &last_x);
  cairo_set_line_width (cr, dashed ? 1.25 : RUN_LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  if (dashed)
    {
      static const double dashes[] = { 4.0, 3.0 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_curves (NlLossRuns  *self,
             cairo_t     *cr,
             const Frame *f,
             double       scale,
             guint        n_cols,
             guint64      span)
{
  for (guint i = 0; i < self->n; i++)
    {
      if (self->cols[i] == NULL)
        continue;
      _nl_loss_columns_update (self->cols[i], n_cols, span);
      if (self->test_cols[i] != NULL)
        {
          _nl_loss_columns_update (self->test_cols[i], n_cols, span);
          stroke_run (cr, f, self->test_cols[i], scale, n_cols, &self->runs[i].color, TRUE);
        }
      stroke_run (cr, f, self->cols[i], scale, n_cols, &self->runs[i].color, FALSE);
    }
}

/* The value of the last point of @history shown on the scale, or NAN. */
static double
last_value (const NlHistory *history,
            gboolean         log_scale)
{
  gsize n;
  const NlHistoryBucket *b = nl_history_buckets (history, &n);

  for (gsize k = n; k > 0; k--)
    {
      if (is_shown (b[k - 1].last, log_scale))
        return b[k - 1].last;
      if (is_shown (b[k - 1].max, log_scale))
        return b[k - 1].max;
    }
  return NAN;
}

static int
compare_wanted (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const double *wanted = user_data;
  double x = wanted[*(const guint *) a];
  double y = wanted[*(const guint *) b];

  if (x != y)
    return (x > y) - (x < y);
  /* Equal heights keep the runs' order, oldest on top. */
  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

/* Centres for @n labels @h high, each as near its @wanted centre as the
 * others leave room for, within [@top, @bottom]; when they cannot all fit
 * they share the room evenly (and overlap). @order is filled with the
 * labels from top to bottom. */
static void
stack_labels (const double *wanted,
              guint         n,
              double        h,
              double        top,
              double        bottom,
              guint        *order,
              double       *y)
{
  double step;

  if (n == 0)
    return;
  step = MIN (h, (bottom - top) / n);
  for (guint k = 0; k < n; k++)
    order[k] = k;
  g_qsort_with_data (order, n, sizeof order[0], compare_wanted, (gpointer) wanted);

  /* Down from the top, then up from the bottom. */
  for (guint k = 0; k < n; k++)
    {
      double least = k == 0 ? top + step / 2 : y[order[k - 1]] + step;

      y[order[k]] = MAX (wanted[order[k]], least);
    }
  for (guint k = n; k > 0; k--)
    {
      double most = k == n ? bottom - step / 2 : y[order[k]] - step;

      y[order[k - 1]] = MIN (y[order[k - 1]], most);
    }
}

static void
draw_labels (NlLossRuns            *self,
             cairo_t               *cr,
             const Frame           *f,
             double                 scale,
             const NlLossRunLabels *labels)
{
  PangoLayout *layout = labels->layout;
  double x = labels->x;
  double label_width = labels->width;
  double top = labels->top;
  double bottom = labels->bottom;
  const GdkRGBA *fg = &labels->fg;
  const GdkRGBA *bg = &labels->bg;
  g_autofree guint *index = g_new (guint, self->n);
  g_autofree double *end_x = g_new (double, self->n);
  g_autofree double *wanted = g_new (double, self->n);
  g_autofree double *y = g_new (double, self->n);
  g_autofree guint *order = g_new (guint, self->n);
  double text_height;
  double text_x = x + SWATCH_WIDTH + SWATCH_GAP;
  guint n = 0;

  /* The runs that show, and where their curves end. */
  for (guint i = 0; i < self->n; i++)
    {
      const NlLossColumns *cols = self->cols[i];
      double v;
      gint64 c;

      if (cols == NULL || self->runs[i].label == NULL)
        continue;
      v = last_value (self->runs[i].loss, self->log_scale);
      for (c = (gint64) cols->n_cols - 1; c >= 0 && isnan (cols->max[c]); c--)
        ;
      if (isnan (v) || c < 0)
        continue;
      index[n] = i;
      end_x[n] = f->x + (c + 0.5) / scale;
      wanted[n] = CLAMP (frame_y (f, v), f->y, f->y + f->height);
      n++;
    }
  if (n == 0)
    return;

  _nl_loss_text_size (layout, "0123456789", NULL, &text_height);
  stack_labels (wanted, n, text_height + 1, top, bottom, order, y);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, (int) (MAX (1.0, x + label_width - text_x) * PANGO_SCALE));

  for (guint k = 0; k < n; k++)
    {
      const NlLossPlotRun *run = &self->runs[index[k]];
      double ly = round (y[k]) + 0.5;

      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      if (end_x[k] >= f->x + f->width - 3)
        {
          /* A leader from the curve's end to its label. */
          cairo_set_line_width (cr, 1.0);
          set_source_rgba (cr, &run->color, 1.0);
          cairo_move_to (cr, end_x[k] + 2, wanted[k]);
          cairo_line_to (cr, x - 2, ly);
          cairo_stroke (cr);
        }
      else
        {
          g_autofree char *number = g_strdup_printf ("%u", run->number);

          cairo_arc (cr, end_x[k], wanted[k], 2.5, 0, 2 * G_PI);
          set_source_rgba (cr, &run->color, 1.0);
          cairo_fill (cr);
          /* The number on a halo of the background, over the curves. */
          pango_layout_set_width (layout, -1);
          cairo_save (cr);
          set_source_rgba (cr, bg, 0.8);
          {
            double w, h;

            _nl_loss_text_size (layout, number, &w, &h);
            cairo_rectangle (cr, end_x[k] + 4, wanted[k] - h / 2, w + 2, h);
            cairo_fill (cr);
          }
          set_source_rgba (cr, fg, 0.75);
          _nl_loss_draw_text (cr, layout, number, end_x[k] + 5, wanted[k], 0.0);
          cairo_restore (cr);
          pango_layout_set_width (layout, (int) (MAX (1.0, x + label_width - text_x) * PANGO_SCALE));
        }

      cairo_set_line_width (cr, 2.5);
      set_source_rgba (cr, &run->color, 1.0);
      cairo_move_to (cr, x + 1, ly);
      cairo_line_to (cr, x + SWATCH_WIDTH - 1, ly);
      cairo_stroke (cr);

      set_source_rgba (cr, fg, 0.8);
      _nl_loss_draw_text (cr, layout, run->label, text_x, y[k], 0.0);
    }

  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
}

void
_nl_loss_runs_draw (NlLossRuns            *self,
                    cairo_t               *cr,
                    const Frame           *f,
                    double                 scale,
                    guint                  n_cols,
                    guint64                span,
                    const NlLossRunLabels *labels)
{
  cairo_save (cr);
  cairo_rectangle (cr, f->x - 2, f->y - 2, f->width + 4, f->height + 4);
  cairo_clip (cr);
  draw_curves (self, cr, f, scale, n_cols, span);
  cairo_restore (cr);

  if (labels != NULL)
    draw_labels (self, cr, f, scale, labels);
}

/* What a layer's image was drawn for: the frame, the columns and, per run,
 * its histories (a finished run's do not change) and colour. */
typedef struct
{
  const NlHistory *loss;
  guint64          epochs;
  const NlHistory *test_loss;
  const char      *label;
  GdkRGBA          color;
} LayerRun;

struct _NlLossRunsLayer
{
  cairo_surface_t *surface;
  int              width;
  int              height;
  double           scale;
  Frame            frame;
  guint            n_cols;
  guint64          span;
  GArray          *runs;      /* of LayerRun */
  gboolean         has_labels;
  NlLossRunLabels  labels;    /* its layout not compared: the caller's font */
  gboolean         valid;
};

NlLossRunsLayer *
nl_loss_runs_layer_new (void)
{
  NlLossRunsLayer *layer = g_new0 (NlLossRunsLayer, 1);

  layer->runs = g_array_new (FALSE, TRUE, sizeof (LayerRun));
  return layer;
}

void
nl_loss_runs_layer_free (NlLossRunsLayer *layer)
{
  if (layer == NULL)
    return;
  g_clear_pointer (&layer->surface, cairo_surface_destroy);
  g_array_unref (layer->runs);
  g_free (layer);
}

void
nl_loss_runs_layer_invalidate (NlLossRunsLayer *layer)
{
  layer->valid = FALSE;
}

static gboolean
same_frame (const Frame *a,
            const Frame *b)
{
  return a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height &&
         a->x_lo == b->x_lo && a->x_hi == b->x_hi && a->y_lo == b->y_lo && a->y_hi == b->y_hi &&
         a->log_scale == b->log_scale;
}

/* The runs as the layer would key them, in @runs. */
static void
layer_runs (NlLossRuns *self,
            GArray     *runs)
{
  g_array_set_size (runs, 0);
  for (guint i = 0; i < self->n; i++)
    {
      LayerRun run;

      /* Compared with memcmp(): no stray bytes in the padding. */
      memset (&run, 0, sizeof run);
      if (self->cols[i] == NULL)
        continue;
      run.loss = self->runs[i].loss;
      run.epochs = nl_history_epochs (run.loss);
      run.test_loss = self->test_cols[i] != NULL ? self->runs[i].test_loss : NULL;
      run.label = self->runs[i].label;
      run.color = self->runs[i].color;
      g_array_append_val (runs, run);
    }
}

static gboolean
same_labels (const NlLossRunsLayer *layer,
             const NlLossRunLabels *labels)
{
  if (labels == NULL || !layer->has_labels)
    return labels == NULL && !layer->has_labels;
  return layer->labels.x == labels->x && layer->labels.width == labels->width &&
         layer->labels.top == labels->top && layer->labels.bottom == labels->bottom &&
         /* GdkRGBA as a plain struct: the drawing links no GDK. */
         memcmp (&layer->labels.fg, &labels->fg, sizeof labels->fg) == 0 &&
         memcmp (&layer->labels.bg, &labels->bg, sizeof labels->bg) == 0;
}

void
_nl_loss_runs_draw_cached (NlLossRuns            *self,
                           NlLossRunsLayer       *layer,
                           cairo_t               *cr,
                           const Frame           *f,
                           double                 scale,
                           guint                  n_cols,
                           guint64                span,
                           const NlLossRunLabels *labels,
                           int                    width,
                           int                    height)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, TRUE, sizeof (LayerRun));

  layer_runs (self, runs);
  if (!layer->valid || layer->surface == NULL || layer->width != width ||
      !same_labels (layer, labels) ||
      layer->height != height || layer->scale != scale || !same_frame (&layer->frame, f) ||
      layer->n_cols != n_cols || layer->span != span || layer->runs->len != runs->len ||
      memcmp (layer->runs->data, runs->data, runs->len * sizeof (LayerRun)) != 0)
    {
      int device_width = (int) ceil (width * scale);
      int device_height = (int) ceil (height * scale);
      cairo_t *layer_cr;

      if (layer->surface == NULL ||
          cairo_image_surface_get_width (layer->surface) != device_width ||
          cairo_image_surface_get_height (layer->surface) != device_height)
        {
          g_clear_pointer (&layer->surface, cairo_surface_destroy);
          layer->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, device_width, device_height);
          cairo_surface_set_device_scale (layer->surface, scale, scale);
        }
      layer_cr = cairo_create (layer->surface);
      cairo_set_operator (layer_cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (layer_cr);
      cairo_set_operator (layer_cr, CAIRO_OPERATOR_OVER);
      _nl_loss_runs_draw (self, layer_cr, f, scale, n_cols, span, labels);
      cairo_destroy (layer_cr);

      layer->width = width;
      layer->height = height;
      layer->scale = scale;
      layer->frame = *f;
      layer->n_cols = n_cols;
      layer->span = span;
      g_array_set_size (layer->runs, 0);
      g_array_append_vals (layer->runs, runs->data, runs->len);
      layer->has_labels = labels != NULL;
      if (labels != NULL)
        layer->labels = *labels;
      layer->valid = TRUE;
    }

  cairo_set_source_surface (cr, layer->surface, 0, 0);
  cairo_paint (cr);
}
