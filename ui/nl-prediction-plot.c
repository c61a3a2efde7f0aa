/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-prediction-plot.c: a regression's predictions against the truth (see
 * nl-prediction-plot.h).
 *
 * Both axes span the same range, the targets' and the predictions' together
 * with a margin, so the diagonal y = x runs corner to corner and a point's
 * distance from it, up or down, is its error. The training rows are dots in
 * the theme's positive colour and the test rows hollow diamonds in its
 * negative one, as the loss plot draws the training and test losses. At most
 * one mark of each kind is drawn per device pixel, so a table of 100,000
 * rows draws as fast as one of a few thousand. The figures are computed from
 * the predictions drawn, so what the plot says is what it shows.
 *
 * Predicting every row is a forward pass a row: cheap for a few thousand
 * rows, and done only when the plot draws after the network changed (a
 * hidden page does not draw) or when a figure is asked for.
 */

#include "nl-prediction-plot.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nl-plot-ticks.h"
#include "nl-run.h"
#include "nl-task.h"
#include "nl-theme.h"

#define EXPORT_WIDTH   800
#define EXPORT_HEIGHT  600
#define MARGIN_LEFT    64.0
#define MARGIN_RIGHT   14.0
#define MARGIN_TOP     12.0
#define MARGIN_BOTTOM  40.0
#define DOT_RADIUS     3.5
#define DIAMOND_RADIUS 4.5
/* Screen readers hear the summary change at most this often. */
#define DESCRIPTION_DELAY_MS 500

/* One set of rows: the training rows or the test rows. */
typedef struct
{
  guint   n;
  guint   n_inputs;
  double *x;          /* n * n_inputs, normalised */
  double *actual;     /* n, the target in its units */
  double *predicted;  /* n, or NULL until predicted */
  double  rmse;
  double  r2;
} Rows;

typedef struct
{
  double px, py, pw, ph;   /* the plot rectangle */
  double lo, hi;           /* the range of both axes */
} Layout;

struct _NlPredictionPlot
{
  GtkWidget  parent_instance;

  NlNet     *net;
  NlWork    *work;
  Rows       rows[2];      /* training, test */
  double     y_shift;
  double     y_scale;
  gboolean   predicted;    /* rows[].predicted are of the network as it is */
  char      *target_name;
  guint      description_id;

  GtkWidget *menu;
};

G_DEFINE_FINAL_TYPE (NlPredictionPlot, nl_prediction_plot, GTK_TYPE_WIDGET)

static void
rows_clear (Rows *rows)
{
  g_clear_pointer (&rows->x, g_free);
  g_clear_pointer (&rows->actual, g_free);
  g_clear_pointer (&rows->predicted, g_free);
  rows->n = 0;
  rows->n_inputs = 0;
  rows->rmse = rows->r2 = NAN;
}

static void
rows_set (Rows           *rows,
          const NlMatrix *m)
{
  rows_clear (rows);
  if (m == NULL || m->n_rows == 0)
    return;
  rows->n = (guint) m->n_rows;
  rows->n_inputs = (guint) m->n_inputs;
  rows->x = g_memdup2 (m->x, m->n_rows * m->n_inputs * sizeof (double));
  rows->actual = g_new (double, m->n_rows);
  for (gsize i = 0; i < m->n_rows; i++)
    rows->actual[i] = nl_task_decode_value (m->y[i], m->y_shift, m->y_scale);
}

/* The network's prediction of every row, and the figures of each set. */
static void
ensure_predicted (NlPredictionPlot *self)
{
  if (self->predicted)
    return;
  self->predicted = TRUE;

  for (int s = 0; s < 2; s++)
    {
      Rows *rows = &self->rows[s];
      double sum = 0, mean, ss_res = 0, ss_tot = 0;

      rows->rmse = rows->r2 = NAN;
      if (rows->n == 0)
        continue;
      if (self->net == NULL || nl_net_n_inputs (self->net) != rows->n_inputs ||
          nl_net_n_outputs (self->net) != 1)
        {
          g_clear_pointer (&rows->predicted, g_free);
          continue;
        }
      if (rows->predicted == NULL)
        rows->predicted = g_new (double, rows->n);
      for (guint i = 0; i < rows->n; i++)
        {
          double out = nl_net_predict (self->net, self->work, rows->x + (gsize) i * rows->n_inputs);

          rows->predicted[i] = nl_task_decode_value (out, self->y_shift, self->y_scale);
          sum += rows->actual[i];
        }
      mean = sum / rows->n;
      for (guint i = 0; i < rows->n; i++)
        {
          double e = rows->predicted[i] - rows->actual[i];
          double d = rows->actual[i] - mean;

          ss_res += e * e;
          ss_tot += d * d;
        }
      rows->rmse = sqrt (ss_res / rows->n);
      rows->r2 = ss_tot > 0 ? 1.0 - ss_res / ss_tot : NAN;
    }
}

/* Both axes' range: every target and prediction shown, with a margin. */
static gboolean
compute_layout (NlPredictionPlot *self,
                int               width,
                int               height,
                Layout           *l)
{
  double lo = INFINITY, hi = -INFINITY, pad;

  ensure_predicted (self);
  for (int s = 0; s < 2; s++)
    for (guint i = 0; i < self->rows[s].n; i++)
      {
        double a = self->rows[s].actual[i];
        double p = self->rows[s].predicted != NULL ? self->rows[s].predicted[i] : NAN;

        if (isfinite (a))
          {
            lo = MIN (lo, a);
            hi = MAX (hi, a);
          }
        if (isfinite (p))
          {
            lo = MIN (lo, p);
            hi = MAX (hi, p);
          }
      }
  l->px = MARGIN_LEFT;
  l->py = MARGIN_TOP;
  l->pw = MAX (width - MARGIN_LEFT - MARGIN_RIGHT, 1.0);
  l->ph = MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 1.0);
  if (!isfinite (lo))
    {
      l->lo = 0.0;
      l->hi = 1.0;
      return FALSE;
    }
  pad = MAX ((hi - lo) * 0.05, MAX (fabs (hi), 1.0) * 1e-6);
  l->lo = lo - pad;
  l->hi = hi + pad;
  return TRUE;
}

static inline double
to_x (const Layout *l,
      double        actual)
{
  return l->px + (actual - l->lo) / (l->hi - l->lo) * l->pw;
}

static inline double
to_y (const Layout *l,
      double        predicted)
{
  return l->py + (l->hi - predicted) / (l->hi - l->lo) * l->ph;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *c,
            double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       yalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
}

static void
add_mark (cairo_t *cr,
          gboolean test,
          double   x,
          double   y)
{
  cairo_new_sub_path (cr);
  if (test)
    {
      cairo_move_to (cr, x, y - DIAMOND_RADIUS);
      cairo_line_to (cr, x + DIAMOND_RADIUS, y);
      cairo_line_to (cr, x, y + DIAMOND_RADIUS);
      cairo_line_to (cr, x - DIAMOND_RADIUS, y);
      cairo_close_path (cr);
    }
  else
    cairo_arc (cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
}

/* The points of one set, at most one a device pixel. */
static void
draw_points (NlPredictionPlot    *self,
             cairo_t             *cr,
             const Layout        *l,
             const NlThemeColors *colors,
             int                  width,
             int                  height,
             double               scale,
             gboolean             test)
{
  const Rows *rows = &self->rows[test ? 1 : 0];
  int dw = (int) ceil (width * scale), dh = (int) ceil (height * scale);
  g_autofree guint8 *seen = NULL;

  if (rows->n == 0 || rows->predicted == NULL)
    return;
  seen = g_malloc0 ((gsize) MAX (dw, 1) * MAX (dh, 1));

  for (guint i = 0; i < rows->n; i++)
    {
      double x = to_x (l, rows->actual[i]), y = to_y (l, rows->predicted[i]);
      int dx = (int) floor (x * scale), dy = (int) floor (y * scale);

      if (!isfinite (x) || !isfinite (y))
        continue;
      if (dx >= 0 && dy >= 0 && dx < dw && dy < dh)
        {
          if (seen[(gsize) dy * dw + dx])
            continue;
          seen[(gsize) dy * dw + dx] = 1;
        }
      add_mark (cr, test, x, y);
    }

  cairo_set_line_width (cr, 1.2);
  if (test)
    {
      set_source (cr, &colors->negative, 1.0);
      cairo_stroke (cr);
    }
  else
    {
      set_source (cr, &colors->positive, 0.75);
      cairo_fill (cr);
    }
}

static char *
format_figure (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.3g", value);
}

/* "RMSE 12.3 · R² 0.942" for one set. */
static char *
dup_metrics_text (const Rows *rows)
{
  g_autofree char *rmse = format_figure (rows->rmse);
  g_autofree char *r2 = isfinite (rows->r2) ? g_strdup_printf ("%.3f", rows->r2) : g_strdup ("—");

  /* Translators: the prediction plot's figures: the root mean square
   * error in the target's units and the coefficient of determination. */
  return g_strdup_printf (_("RMSE %s · R² %s"), rmse, r2);
}

/* The legend and figures, in the plot's top left corner, where a good fit
 * leaves room: a line for the training rows and one for the test rows. */
static void
draw_figures (NlPredictionPlot    *self,
              cairo_t             *cr,
              const Layout        *l,
              const NlThemeColors *colors,
              PangoLayout         *layout)
{
  double x = l->px + 10, y = l->py + 12;

  for (int s = 0; s < 2; s++)
    {
      const Rows *rows = &self->rows[s];
      g_autofree char *figures = NULL;
      g_autofree char *text = NULL;
      int w, h;

      if (rows->n == 0 || (s == 1 && rows->predicted == NULL))
        continue;
      figures = dup_metrics_text (rows);
      /* Translators: the prediction plot's legend: the rows a mark stands
       * for, and their figures. */
      text = g_strdup_printf (s == 0 ? _("Training rows: %s") : _("Test rows: %s"), figures);

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* A backdrop, so the text reads over points. */
      set_source (cr, &colors->bg, 0.85);
      cairo_rectangle (cr, x - 6, y - h / 2.0 - 2, DIAMOND_RADIUS * 2 + 6 + w + 10, h + 4);
      cairo_fill (cr);

      add_mark (cr, s == 1, x + DIAMOND_RADIUS - 1, y);
      cairo_set_line_width (cr, 1.2);
      if (s == 1)
        {
          set_source (cr, &colors->negative, 1.0);
          cairo_stroke (cr);
        }
      else
        {
          set_source (cr, &colors->positive, 1.0);
          cairo_fill (cr);
        }
      set_source (cr, &colors->fg, 0.9);
      show_text (cr, layout, text, x + DIAMOND_RADIUS * 2 + 6, y, 0, 0.5);
      y += h + 6;
    }
}

static void
draw_axes (NlPredictionPlot    *self,
           cairo_t             *cr,
           const Layout        *l,
           const NlThemeColors *colors,
           PangoContext        *context,
           int                  height)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *small;
  g_autofree char *x_label = NULL;
  g_autofree char *y_label = NULL;
  const char *name = self->target_name != NULL ? self->target_name : _("value");
  double ticks[32], step;
  guint n;

  small = pango_font_description_copy (pango_context_get_font_description (context));
  pango_font_description_set_size (small, pango_font_description_get_size (small) * 0.85);
  pango_layout_set_font_description (layout, small);

  set_source (cr, &colors->fg, 0.5);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, l->px + 0.5, l->py + 0.5, l->pw - 1, l->ph - 1);
  cairo_stroke (cr);

  /* The same ticks on both axes, with a faint grid. */
  step = nl_plot_nice_step ((l->hi - l->lo) / MAX (l->pw / 80.0, 1.0));
  n = nl_plot_linear_ticks (l->lo, l->hi, step, ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    {
      double x = round (to_x (l, ticks[i])) + 0.5;
      g_autofree char *text = nl_plot_format_linear (ticks[i], step);

      set_source (cr, &colors->fg, 0.08);
      cairo_move_to (cr, x, l->py);
      cairo_line_to (cr, x, l->py + l->ph);
      cairo_stroke (cr);
      set_source (cr, &colors->fg, 0.5);
      cairo_move_to (cr, x, l->py + l->ph);
      cairo_line_to (cr, x, l->py + l->ph + 4);
      cairo_stroke (cr);
      set_source (cr, &colors->fg, 0.8);
      show_text (cr, layout, text, x, l->py + l->ph + 5, 0.5, 0);
    }
  step = nl_plot_nice_step ((l->hi - l->lo) / MAX (l->ph / 45.0, 1.0));
  n = nl_plot_linear_ticks (l->lo, l->hi, step, ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    {
      double y = round (to_y (l, ticks[i])) + 0.5;
      g_autofree char *text = nl_plot_format_linear (ticks[i], step);

      set_source (cr, &colors->fg, 0.08);
      cairo_move_to (cr, l->px, y);
      cairo_line_to (cr, l->px + l->pw, y);
      cairo_stroke (cr);
      set_source (cr, &colors->fg, 0.5);
      cairo_move_to (cr, l->px - 4, y);
      cairo_line_to (cr, l->px, y);
      cairo_stroke (cr);
      set_source (cr, &colors->fg, 0.8);
      show_text (cr, layout, text, l->px - 6, y, 1, 0.5);
    }

  /* Translators: the prediction plot's axes; %s is the target's name. */
  x_label = g_strdup_printf (_("Actual %s"), name);
  y_label = g_strdup_printf (_("Predicted %s"), name);
  pango_layout_set_font_description (layout, NULL);
  set_source (cr, &colors->fg, 1.0);
  show_text (cr, layout, x_label, l->px + l->pw / 2, height - 2, 0.5, 1);
  cairo_save (cr);
  cairo_translate (cr, 2, l->py + l->ph / 2);
  cairo_rotate (cr, -G_PI / 2);
  show_text (cr, layout, y_label, 0, 0, 0.5, 0);
  cairo_restore (cr);

  pango_font_description_free (small);
  g_object_unref (layout);
}

static void
draw_all (NlPredictionPlot    *self,
          cairo_t             *cr,
          int                  width,
          int                  height,
          double               scale,
          const NlThemeColors *colors,
          PangoContext        *context)
{
  Layout l;
  gboolean any = compute_layout (self, width, height, &l);
  PangoLayout *layout = pango_layout_new (context);

  draw_axes (self, cr, &l, colors, context, height);

  if (!any)
    {
      set_source (cr, &colors->fg, 0.7);
      show_text (cr, layout,
                 self->rows[0].n == 0 ? _("No rows to predict") : _("No predictions yet"),
                 l.px + l.pw / 2, l.py + l.ph / 2, 0.5, 0.5);
      g_object_unref (layout);
      return;
    }

  cairo_save (cr);
  cairo_rectangle (cr, l.px, l.py, l.pw, l.ph);
  cairo_clip (cr);

  /* The diagonal: where a perfect prediction lies. */
  set_source (cr, &colors->fg, 0.45);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, to_x (&l, l.lo), to_y (&l, l.lo));
  cairo_line_to (cr, to_x (&l, l.hi), to_y (&l, l.hi));
  cairo_stroke (cr);

  draw_points (self, cr, &l, colors, width, height, scale, FALSE);
  draw_points (self, cr, &l, colors, width, height, scale, TRUE);
  cairo_restore (cr);

  draw_figures (self, cr, &l, colors, layout);
  g_object_unref (layout);
}

static void
nl_prediction_plot_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  NlPredictionPlot *self = NL_PREDICTION_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  NlThemeColors colors;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  nl_theme_colors_get (widget, &colors);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_all (self, cr, width, height, gtk_widget_get_scale_factor (widget), &colors,
            gtk_widget_get_pango_context (widget));
  cairo_destroy (cr);

  nl_theme_append_focus_ring (widget, snapshot, &colors.positive);
}

static void
export_draw_cb (cairo_t  *cr,
                int       width,
                int       height,
                gpointer  user_data)
{
  NlPredictionPlot *self = user_data;
  NlThemeColors colors;

  nl_theme_colors_get (GTK_WIDGET (self), &colors);
  cairo_set_source_rgb (cr, colors.bg.red, colors.bg.green, colors.bg.blue);
  cairo_paint (cr);
  draw_all (self, cr, width, height, nl_export_get_scale (cr), &colors,
            gtk_widget_get_pango_context (GTK_WIDGET (self)));
}

gboolean
nl_prediction_plot_export (NlPredictionPlot *self,
                           GFile            *file,
                           NlExportFormat    format,
                           GError          **error)
{
  int width, height;

  g_return_val_if_fail (NL_IS_PREDICTION_PLOT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      width = EXPORT_WIDTH;
      height = EXPORT_HEIGHT;
    }
  return nl_export_draw_to_file (file, format, width, height, export_draw_cb, self, error);
}

static gboolean
export_file_cb (GtkWidget       *widget,
                GFile           *file,
                NlExportFormat   format,
                GError         **error)
{
  return nl_prediction_plot_export (NL_PREDICTION_PLOT (widget), file, format, error);
}

/* The summary a screen reader reads: how many rows, and how well the
 * network predicts them. */
static gboolean
update_description_cb (gpointer user_data)
{
  NlPredictionPlot *self = user_data;
  g_autofree char *description = NULL;

  self->description_id = 0;
  ensure_predicted (self);
  if (self->rows[0].n == 0)
    description = g_strdup (_("No rows to predict"));
  else if (self->rows[0].predicted == NULL)
    description = g_strdup (_("No predictions yet"));
  else
    {
      g_autofree char *train = dup_metrics_text (&self->rows[0]);

      if (self->rows[1].n > 0 && self->rows[1].predicted != NULL)
        {
          g_autofree char *test = dup_metrics_text (&self->rows[1]);

          /* Translators: the prediction plot's summary for screen readers:
           * the rows and their figures ("RMSE 1.2 · R² 0.950"). */
          description = g_strdup_printf (_("Predicted against actual %s for %u training rows, %s, "
                                           "and %u test rows, %s"),
                                         self->target_name != NULL ? self->target_name : _("value"),
                                         self->rows[0].n, train, self->rows[1].n, test);
        }
      else
        /* Translators: the prediction plot's summary for screen readers. */
        description = g_strdup_printf (_("Predicted against actual %s for %u rows, %s"),
                                       self->target_name != NULL ? self->target_name : _("value"),
                                       self->rows[0].n, train);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  return G_SOURCE_REMOVE;
}

static void
changed (NlPredictionPlot *self)
{
  self->predicted = FALSE;
  if (self->description_id == 0)
    self->description_id = g_timeout_add (DESCRIPTION_DELAY_MS, update_description_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nl_prediction_plot_set_network (NlPredictionPlot *self,
                                const NlNet      *net)
{
  g_return_if_fail (NL_IS_PREDICTION_PLOT (self));

  if (net == NULL)
    {
      g_clear_pointer (&self->net, nl_net_free);
      g_clear_pointer (&self->work, nl_work_free);
    }
  else if (self->net != NULL && nl_net_same_shape (self->net, net))
    nl_net_copy_params (self->net, net);
  else
    {
      g_clear_pointer (&self->net, nl_net_free);
      g_clear_pointer (&self->work, nl_work_free);
      self->net = nl_net_copy (net);
      self->work = self->net != NULL ? nl_work_new (self->net) : NULL;
      if (self->work == NULL)
        g_clear_pointer (&self->net, nl_net_free);
    }
  changed (self);
}

void
nl_prediction_plot_set_rows (NlPredictionPlot *self,
                             const NlMatrix   *train,
                             const NlMatrix   *test)
{
  g_return_if_fail (NL_IS_PREDICTION_PLOT (self));

  rows_set (&self->rows[0], train);
  rows_set (&self->rows[1], test);
  self->y_shift = train != NULL ? train->y_shift : test != NULL ? test->y_shift : 0.0;
  self->y_scale = train != NULL ? train->y_scale : test != NULL ? test->y_scale : 1.0;
  changed (self);
}

void
nl_prediction_plot_update_rows (NlPredictionPlot *self,
                                NlDatasetModel   *dataset,
                                guint             test_percent,
                                guint64           split_seed)
{
  g_autoptr (NlMatrix) all = NULL;
  NlMatrix train = { 0 }, test = { 0 };
  NlRunPolicy policy;
  NlTask task;
  NlError err = { 0 };
  int column;

  g_return_if_fail (NL_IS_PREDICTION_PLOT (self));
  g_return_if_fail (dataset == NULL || NL_IS_DATASET_MODEL (dataset));

  if (dataset != NULL)
    nl_dataset_model_get_task (dataset, &task);
  if (dataset == NULL || task.kind != NL_TASK_REGRESSION ||
      (all = nl_dataset_model_snapshot (dataset, NULL)) == NULL)
    {
      nl_prediction_plot_set_rows (self, NULL, NULL);
      return;
    }
  column = nl_dataset_model_get_label_column (dataset);
  nl_prediction_plot_set_target_name (self, column >= 0
                                      ? nl_dataset_model_get_column_name (dataset, (guint) column)
                                      : NULL);

  /* The rows a run would train on and test on. */
  nl_run_policy_init (&policy);
  policy.test_percent = MIN (test_percent, NL_RUN_MAX_TEST_PERCENT);
  policy.split_seed = split_seed;
  if (policy.test_percent == 0 || nl_run_split (&policy, all, &train, &test, &err) != NL_OK)
    {
      nl_prediction_plot_set_rows (self, all, NULL);
      return;
    }
  nl_prediction_plot_set_rows (self, &train, &test);
  nl_matrix_clear (&train);
  nl_matrix_clear (&test);
}

void
nl_prediction_plot_set_target_name (NlPredictionPlot *self,
                                    const char       *name)
{
  g_return_if_fail (NL_IS_PREDICTION_PLOT (self));

  if (g_strcmp0 (name, self->target_name) == 0)
    return;
  g_free (self->target_name);
  self->target_name = g_strdup (name);
  changed (self);
}

guint
nl_prediction_plot_get_n_points (NlPredictionPlot *self,
                                 gboolean          test)
{
  g_return_val_if_fail (NL_IS_PREDICTION_PLOT (self), 0);

  return self->rows[test ? 1 : 0].n;
}

gboolean
nl_prediction_plot_get_point (NlPredictionPlot *self,
                              gboolean          test,
                              guint             index,
                              double           *actual,
                              double           *predicted)
{
  Rows *rows;

  g_return_val_if_fail (NL_IS_PREDICTION_PLOT (self), FALSE);

  ensure_predicted (self);
  rows = &self->rows[test ? 1 : 0];
  if (index >= rows->n || rows->predicted == NULL)
    return FALSE;
  if (actual != NULL)
    *actual = rows->actual[index];
  if (predicted != NULL)
    *predicted = rows->predicted[index];
  return TRUE;
}

gboolean
nl_prediction_plot_get_metrics (NlPredictionPlot *self,
                                gboolean          test,
                                double           *rmse,
                                double           *r2)
{
  Rows *rows;

  g_return_val_if_fail (NL_IS_PREDICTION_PLOT (self), FALSE);

  ensure_predicted (self);
  rows = &self->rows[test ? 1 : 0];
  if (rows->n == 0 || rows->predicted == NULL)
    return FALSE;
  if (rmse != NULL)
    *rmse = rows->rmse;
  if (r2 != NULL)
    *r2 = rows->r2;
  return TRUE;
}

gboolean
nl_prediction_plot_to_widget (NlPredictionPlot *self,
                              double            actual,
                              double            predicted,
                              double           *x,
                              double           *y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  Layout l;

  g_return_val_if_fail (NL_IS_PREDICTION_PLOT (self), FALSE);

  if (width <= 0 || height <= 0 || !compute_layout (self, width, height, &l))
    return FALSE;
  *x = to_x (&l, actual);
  *y = to_y (&l, predicted);
  return TRUE;
}

static void
nl_prediction_plot_dispose (GObject *object)
{
  NlPredictionPlot *self = NL_PREDICTION_PLOT (object);

  g_clear_handle_id (&self->description_id, g_source_remove);
  g_clear_pointer (&self->menu, gtk_widget_unparent);

  G_OBJECT_CLASS (nl_prediction_plot_parent_class)->dispose (object);
}

static void
nl_prediction_plot_finalize (GObject *object)
{
  NlPredictionPlot *self = NL_PREDICTION_PLOT (object);

  g_clear_pointer (&self->net, nl_net_free);
  g_clear_pointer (&self->work, nl_work_free);
  rows_clear (&self->rows[0]);
  rows_clear (&self->rows[1]);
  g_free (self->target_name);

  G_OBJECT_CLASS (nl_prediction_plot_parent_class)->finalize (object);
}

static void
nl_prediction_plot_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 420;
    }
  else
    {
      *minimum = 160;
      *natural = 340;
    }
}

static void
nl_prediction_plot_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  NlPredictionPlot *self = NL_PREDICTION_PLOT (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
nl_prediction_plot_state_flags_changed (GtkWidget     *widget,
                                        GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (nl_prediction_plot_parent_class)->state_flags_changed (widget, previous);

  /* The focus ring comes and goes. */
  if ((gtk_widget_get_state_flags (widget) ^ previous) & GTK_STATE_FLAG_FOCUS_VISIBLE)
    gtk_widget_queue_draw (widget);
}

static void
nl_prediction_plot_class_init (NlPredictionPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_prediction_plot_dispose;
  object_class->finalize = nl_prediction_plot_finalize;

  widget_class->snapshot = nl_prediction_plot_snapshot;
  widget_class->measure = nl_prediction_plot_measure;
  widget_class->size_allocate = nl_prediction_plot_size_allocate;
  widget_class->state_flags_changed = nl_prediction_plot_state_flags_changed;

  /**
   * NlPredictionPlot|predictions.export:
   * @format: "png", "svg" or "pdf"
   *
   * Asks for a file and exports the plot to it.
   */
  nl_export_class_install (widget_class, "predictions.export",
                           /* Translators: the file name an exported prediction
                            * plot is offered under, without its extension. */
                           N_("predictions"),
                           export_file_cb, G_STRUCT_OFFSET (NlPredictionPlot, menu));

  gtk_widget_class_set_css_name (widget_class, "nl-prediction-plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nl_prediction_plot_init (NlPredictionPlot *self)
{
  self->y_scale = 1.0;
  self->rows[0].rmse = self->rows[0].r2 = NAN;
  self->rows[1].rmse = self->rows[1].r2 = NAN;

  nl_export_init_widget (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  /* Translators: the accessible name of the
                                   * regression's predicted-against-actual plot. */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Predicted against actual"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No rows to predict"),
                                  -1);
}

GtkWidget *
nl_prediction_plot_new (void)
{
  return g_object_new (NL_TYPE_PREDICTION_PLOT, NULL);
}
