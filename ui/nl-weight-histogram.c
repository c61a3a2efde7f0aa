/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-weight-histogram.c: the distribution of the network's weights, one
 * small histogram per layer of weights.
 *
 * The counts are a plain pass over the weights, redone when the widget is
 * drawn after the parameters changed: while training that is once a frame
 * at most, however often the trainer posts progress. Bars left of 0 take
 * the diagram's colour for negative weights, bars right of it the positive
 * one, and the bin centred on 0 is grey, so L1's pile of weights at 0
 * stands out. Each layer's bars are scaled to its own tallest (layers differ
 * in size a lot); the count of the tallest is written over it.
 *
 * A screen reader hears the range, and per layer the number of weights,
 * their extremes and how many sit near 0; the description follows the
 * weights at most twice a second.
 */

#include "nl-weight-histogram.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nl-plot-ticks.h"
#include "nl-theme.h"

#define DESCRIPTION_DELAY_MS 500
#define PADDING              6.0
#define MIN_BARS_HEIGHT      18.0

typedef struct
{
  guint  counts[NL_WEIGHT_HISTOGRAM_BINS];
  guint  n_weights;     /* finite ones: the counted */
  double min;
  double max;
  double mean_abs;
} Layer;

struct _NlWeightHistogram
{
  GtkWidget       parent_instance;

  NlNetworkModel *network;
  NlTrainer      *trainer;
  guint64         last_epoch;

  double          range;
  gboolean        dirty;
  GArray         *layers;      /* of Layer */
  guint           description_id;
};

G_DEFINE_FINAL_TYPE (NlWeightHistogram, nl_weight_histogram, GTK_TYPE_WIDGET)

/* The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that
 * is at least @v: a range that reads well on the axis and leaves no more
 * than a third of the bins past the largest weight. */
static double
nice_range (double v)
{
  static const double steps[] = { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
  double decade;

  if (!(v > 0) || !isfinite (v))
    return 1.0;
  decade = pow (10.0, floor (log10 (v)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * decade >= v * (1 - 1e-12))
      return steps[i] * decade;
  return 10 * decade;
}

/* A point on the range's axis with the decimals it needs ("0.75", "3"). */
static char *
format_tick (double v)
{
  int decimals = 0;

  while (decimals < 6 && fabs (v * pow (10, decimals) - round (v * pow (10, decimals))) > 1e-6)
    decimals++;
  if (fabs (v) < 1e-12)
    return g_strdup ("0");
  return g_strdup_printf ("%.*f", decimals, v);
}

static guint
bin_of (double w,
        double range)
{
  double t = (w + range) / (2 * range) * NL_WEIGHT_HISTOGRAM_BINS;

  return (guint) CLAMP (floor (t), 0, NL_WEIGHT_HISTOGRAM_BINS - 1);
}

static double
largest_weight (const NlNet *net)
{
  double largest = 0;

  for (size_t i = 0; i < net->n_weights; i++)
    if (isfinite (net->params[i]))
      largest = MAX (largest, fabs (net->params[i]));
  return largest;
}

/* The range for the weights as they are now. Done at once, not at the next
 * count: a page not on screen counts only when it is shown, by when the
 * weights the reset drew may have been trained away. */
static void
fit_range (NlWeightHistogram *self)
{
  if (self->network != NULL)
    self->range = nice_range (largest_weight (nl_network_model_get_net (self->network)));
}

/* Before training (epoch 0, or no trainer) the range fits the weights;
 * while training it only grows, so a narrowing shows. */
static gboolean
fitting (NlWeightHistogram *self)
{
  return self->trainer == NULL || nl_trainer_get_epoch (self->trainer) == 0;
}

static void
recount (NlWeightHistogram *self)
{
  const NlNet *net;
  double largest;

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  g_array_set_size (self->layers, 0);
  if (self->network == NULL)
    return;

  net = nl_network_model_get_net (self->network);
  largest = largest_weight (net);
  if (largest > self->range)
    self->range = nice_range (largest);

  for (size_t l = 1; l < net->n_layers; l++)
    {
      Layer layer = { .min = INFINITY, .max = -INFINITY };
      size_t n = net->sizes[l] * net->sizes[l - 1];
      const double *w = net->params + net->w_offset[l];
      double sum_abs = 0;

      for (size_t i = 0; i < n; i++)
        {
          if (!isfinite (w[i]))
            continue;
          layer.counts[bin_of (w[i], self->range)]++;
          layer.n_weights++;
          layer.min = MIN (layer.min, w[i]);
          layer.max = MAX (layer.max, w[i]);
          sum_abs += fabs (w[i]);
        }
      layer.mean_abs = layer.n_weights > 0 ? sum_abs / layer.n_weights : NAN;
      g_array_append_val (self->layers, layer);
    }
}

static gboolean
update_description_cb (gpointer user_data)
{
  NlWeightHistogram *self = user_data;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *range = NULL;

  self->description_id = 0;
  recount (self);

  if (self->layers->len == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No network"),
                                      -1);
      return G_SOURCE_REMOVE;
    }

  range = format_tick (self->range);
  /* Translators: the start of the weight histogram's summary for screen
   * readers: "Weights in 21 bins from −2 to 2; biases not shown." */
  g_string_append_printf (text, _("Weights in %u bins from −%s to %s; biases not shown."),
                          NL_WEIGHT_HISTOGRAM_BINS, range, range);
  for (guint l = 0; l < self->layers->len; l++)
    {
      const Layer *layer = &g_array_index (self->layers, Layer, l);
      g_autofree char *lo = nl_plot_format_linear (layer->min, 0.01);
      g_autofree char *hi = nl_plot_format_linear (layer->max, 0.01);

      g_string_append_c (text, ' ');
      if (layer->n_weights == 0)
        /* Translators: a layer of the weight histogram for screen readers,
         * with no finite weight to count. */
        g_string_append_printf (text, _("Layer %u → %u: no weights."), l + 1, l + 2);
      else
        /* Translators: a layer of the weight histogram for screen readers:
         * "Layer 1 → 2: 4 weights from −1.3 to 0.82, 1 of them near 0." */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "Layer %u → %u: %u weight from %s to %s, %u of them near 0.",
                                                   "Layer %u → %u: %u weights from %s to %s, %u of them near 0.",
                                                   layer->n_weights),
                                l + 1, l + 2, layer->n_weights, lo, hi,
                                layer->counts[NL_WEIGHT_HISTOGRAM_BINS / 2]);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
  return G_SOURCE_REMOVE;
}

static void
invalidate (NlWeightHistogram *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->description_id == 0)
    self->description_id = g_timeout_add (DESCRIPTION_DELAY_MS, update_description_cb, self);
}

static void
params_changed_cb (NlWeightHistogram *self)
{
  if (fitting (self))
    fit_range (self);
  invalidate (self);
}

static void
architecture_changed_cb (NlWeightHistogram *self)
{
  fit_range (self);
  invalidate (self);
}

/* The epoch going back (Reset, a new or opened document) starts afresh. */
static void
epoch_changed_cb (NlWeightHistogram *self)
{
  guint64 epoch = nl_trainer_get_epoch (self->trainer);

  if (epoch == 0 || epoch < self->last_epoch)
    {
      fit_range (self);
      invalidate (self);
    }
  self->last_epoch = epoch;
}

static PangoLayout *
create_layout (GtkWidget *widget)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoFontDescription) desc =
    pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));
  int size = pango_font_description_get_size (desc);

  /* Axis text a step smaller than body text, as the loss plot's. */
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * 0.85);
  else
    pango_font_description_set_size (desc, (int) (size * 0.85));
  pango_layout_set_font_description (layout, desc);
  return layout;
}

static double
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align)
{
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cairo_move_to (cr, round (x - logical.width * align), round (y));
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
  return logical.width;
}

static void
set_rgba (cairo_t       *cr,
          const GdkRGBA *c,
          double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static void
draw_layer (NlWeightHistogram   *self,
            cairo_t             *cr,
            PangoLayout         *layout,
            const NlThemeColors *colors,
            guint                l,
            double               x,
            double               y,
            double               width,
            double               height,
            double               text_height)
{
  const Layer *layer = &g_array_index (self->layers, Layer, l);
  g_autofree char *title = NULL;
  g_autofree char *mean = NULL;
  double bars_y = y + text_height + 2;
  double bars_h = height - text_height - 2;
  double bin_w = width / NL_WEIGHT_HISTOGRAM_BINS;
  guint peak = 0, peak_bin = 0;

  /* Translators: the title of one layer's weight histogram: "Layer 1 → 2 ·
   * 4 weights" (the layers counted from the inputs). */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Layer %u → %u · %u weight",
                                        "Layer %u → %u · %u weights", layer->n_weights),
                           l + 1, l + 2, layer->n_weights);
  set_rgba (cr, &colors->fg, 0.85);
  show_text (cr, layout, title, x, y, 0.0);
  if (isfinite (layer->mean_abs))
    {
      g_autofree char *value = nl_plot_format_linear (layer->mean_abs, 0.01);

      /* Translators: the mean absolute weight of a layer, beside its
       * histogram's title; it shrinks under regularisation. */
      mean = g_strdup_printf (_("mean |w| %s"), value);
      set_rgba (cr, &colors->fg, 0.6);
      show_text (cr, layout, mean, x + width, y, 1.0);
    }

  for (guint b = 0; b < NL_WEIGHT_HISTOGRAM_BINS; b++)
    if (layer->counts[b] > peak)
      {
        peak = layer->counts[b];
        peak_bin = b;
      }

  /* The line at 0 and the baseline. */
  cairo_set_line_width (cr, 1.0);
  set_rgba (cr, &colors->fg, 0.15);
  cairo_move_to (cr, round (x + width / 2) + 0.5, bars_y);
  cairo_line_to (cr, round (x + width / 2) + 0.5, bars_y + bars_h);
  cairo_stroke (cr);
  set_rgba (cr, &colors->fg, 0.35);
  cairo_move_to (cr, x, round (bars_y + bars_h) - 0.5);
  cairo_line_to (cr, x + width, round (bars_y + bars_h) - 0.5);
  cairo_stroke (cr);

  if (peak == 0)
    return;

  /* Room above the tallest bar for its count. */
  bars_h = MAX (1.0, bars_h - 1);
  for (guint b = 0; b < NL_WEIGHT_HISTOGRAM_BINS; b++)
    {
      double h = round (layer->counts[b] / (double) peak * (bars_h - text_height));
      int middle = NL_WEIGHT_HISTOGRAM_BINS / 2;

      if (layer->counts[b] == 0)
        continue;
      h = MAX (h, 2.0);    /* one weight still shows */
      if ((int) b < middle)
        set_rgba (cr, &colors->negative, 0.85);
      else if ((int) b > middle)
        set_rgba (cr, &colors->positive, 0.85);
      else
        set_rgba (cr, &colors->fg, 0.5);
      cairo_rectangle (cr, round (x + b * bin_w) + 1, round (bars_y + bars_h) - h,
                       MAX (1.0, round (x + (b + 1) * bin_w) - round (x + b * bin_w) - 1), h);
      cairo_fill (cr);
    }

  {
    g_autofree char *count = g_strdup_printf ("%u", peak);

    set_rgba (cr, &colors->fg, 0.7);
    show_text (cr, layout, count, x + (peak_bin + 0.5) * bin_w,
               round (bars_y + bars_h) - round (bars_h - text_height) - text_height - 1, 0.5);
  }
}

static void
nl_weight_histogram_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  NlWeightHistogram *self = NL_WEIGHT_HISTOGRAM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  NlThemeColors colors;
  PangoRectangle logical;
  double text_height, top, bottom, row_min, col_w, row_h;
  guint n, n_cols, n_rows;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  recount (self);
  nl_theme_colors_get (widget, &colors);
  layout = create_layout (widget);
  pango_layout_set_text (layout, "0123456789", -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  text_height = logical.height;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  n = self->layers->len;

  set_rgba (cr, &colors.fg, 0.85);
  show_text (cr, layout, _("Weights by layer (biases not shown)"), PADDING, PADDING, 0.0);
  if (n == 0)
    {
      cairo_destroy (cr);
      return;
    }

  /* As many rows as fit, then columns. */
  top = PADDING + text_height * 1.5 + 4;
  bottom = height - PADDING - text_height - 6;    /* the axis's labels */
  row_min = text_height + 2 + MIN_BARS_HEIGHT + 10;
  n_rows = (guint) CLAMP (floor ((bottom - top) / row_min), 1, n);
  n_cols = (n + n_rows - 1) / n_rows;
  n_rows = (n + n_cols - 1) / n_cols;
  col_w = (width - 2 * PADDING - (n_cols - 1) * 18.0) / n_cols;
  row_h = (bottom - top) / n_rows;

  for (guint l = 0; l < n; l++)
    {
      guint c = l / n_rows, r = l % n_rows;
      double x = PADDING + c * (col_w + 18.0);

      draw_layer (self, cr, layout, &colors, l, x, top + r * row_h, col_w, row_h - 10, text_height);
    }

  /* The shared range under each column: −R, −R/2, 0, R/2, R. */
  for (guint c = 0; c < n_cols; c++)
    {
      double x = PADDING + c * (col_w + 18.0);

      set_rgba (cr, &colors.fg, 0.7);
      for (int k = -2; k <= 2; k++)
        {
          g_autofree char *label = format_tick (k * self->range / 2);

          show_text (cr, layout, label, x + (k + 2) * col_w / 4, bottom + 2, (k + 2) / 4.0);
        }
    }

  cairo_destroy (cr);
}

static void
nl_weight_histogram_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 240;
    }
}

static void
disconnect_models (NlWeightHistogram *self)
{
  if (self->network != NULL)
    g_signal_handlers_disconnect_by_data (self->network, self);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_object (&self->network);
  g_clear_object (&self->trainer);
}

static void
nl_weight_histogram_dispose (GObject *object)
{
  NlWeightHistogram *self = NL_WEIGHT_HISTOGRAM (object);

  g_clear_handle_id (&self->description_id, g_source_remove);
  disconnect_models (self);

  G_OBJECT_CLASS (nl_weight_histogram_parent_class)->dispose (object);
}

static void
nl_weight_histogram_finalize (GObject *object)
{
  NlWeightHistogram *self = NL_WEIGHT_HISTOGRAM (object);

  g_clear_pointer (&self->layers, g_array_unref);

  G_OBJECT_CLASS (nl_weight_histogram_parent_class)->finalize (object);
}

static void
nl_weight_histogram_class_init (NlWeightHistogramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_weight_histogram_dispose;
  object_class->finalize = nl_weight_histogram_finalize;

  widget_class->snapshot = nl_weight_histogram_snapshot;
  widget_class->measure = nl_weight_histogram_measure;

  gtk_widget_class_set_css_name (widget_class, "nl-weight-histogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nl_weight_histogram_init (NlWeightHistogram *self)
{
  self->layers = g_array_new (FALSE, TRUE, sizeof (Layer));
  self->range = 1.0;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Weight distribution"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No network"),
                                  -1);
}

GtkWidget *
nl_weight_histogram_new (void)
{
  return g_object_new (NL_TYPE_WEIGHT_HISTOGRAM, NULL);
}

void
nl_weight_histogram_set_models (NlWeightHistogram *self,
                                NlNetworkModel    *network,
                                NlTrainer         *trainer)
{
  g_return_if_fail (NL_IS_WEIGHT_HISTOGRAM (self));
  g_return_if_fail (network == NULL || NL_IS_NETWORK_MODEL (network));
  g_return_if_fail (trainer == NULL || NL_IS_TRAINER (trainer));

  disconnect_models (self);
  if (network != NULL)
    {
      self->network = g_object_ref (network);
      g_signal_connect_swapped (network, "params-changed", G_CALLBACK (params_changed_cb), self);
      g_signal_connect_swapped (network, "architecture-changed",
                                G_CALLBACK (architecture_changed_cb), self);
    }
  if (trainer != NULL)
    {
      self->trainer = g_object_ref (trainer);
      self->last_epoch = nl_trainer_get_epoch (trainer);
      g_signal_connect_swapped (trainer, "notify::epoch", G_CALLBACK (epoch_changed_cb), self);
    }
  fit_range (self);
  invalidate (self);
}

guint
nl_weight_histogram_get_n_layers (NlWeightHistogram *self)
{
  g_return_val_if_fail (NL_IS_WEIGHT_HISTOGRAM (self), 0);

  recount (self);
  return self->layers->len;
}

double
nl_weight_histogram_get_range (NlWeightHistogram *self)
{
  g_return_val_if_fail (NL_IS_WEIGHT_HISTOGRAM (self), 0);

  recount (self);
  return self->range;
}

const guint *
nl_weight_histogram_get_counts (NlWeightHistogram *self,
                                guint              layer)
{
  g_return_val_if_fail (NL_IS_WEIGHT_HISTOGRAM (self), NULL);

  recount (self);
  g_return_val_if_fail (layer < self->layers->len, NULL);
  return g_array_index (self->layers, Layer, layer).counts;
}
