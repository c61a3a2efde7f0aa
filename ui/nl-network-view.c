/* nl-network-view.c: a diagram of the network, its weights, biases and,
 * for one sample, its activations.
 *
 * Layers run left to right. An edge's colour is its weight's sign and its
 * width grows with |w|; a ring around a neuron shows its bias the same way;
 * with a sample set, a neuron's fill shows its activation. Small networks get
 * the tutorial's names and values written on the diagram; every value of any
 * network is in the tooltip. The view keeps a private copy of the network, so
 * the trainer may hand it a new one many times a second.
 */

#include "nl-network-view.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nl-theme.h"

#define PADDING            12.0
#define LEGEND_HEIGHT      30.0
#define LEGEND_MIN_WIDTH   360
#define NAME_GAP           10.0
#define MAX_RADIUS         24.0
#define MIN_RADIUS         2.5
#define MAX_ROW_SPACING    150.0
#define EDGE_LABEL_T       0.7
#define MAX_LABELLED_EDGES 40
#define N_WIDTH_BUCKETS    12
#define HIT_SLOP           4.0

struct _NlNetworkView
{
  GtkWidget   parent_instance;

  NlNet      *net;
  NlWork     *work;
  double     *sample;
  gboolean    activations_valid;
  char      **input_names;

  double      max_abs_weight;
  double      max_abs_bias;

  /* The layout at layout_width x layout_height. */
  gboolean    layout_valid;
  int         layout_width;
  int         layout_height;
  double     *unit_x;
  double     *unit_y;
  double      radius;
  double      name_width;
  gboolean    show_legend;
  gboolean    show_names;
  gboolean    show_unit_labels;
  gboolean    show_values;
  gboolean    show_bias_labels;
  gboolean    show_edge_labels;
  gboolean    show_rings;
};

enum {
  PARAMETER_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (NlNetworkView, nl_network_view, GTK_TYPE_WIDGET)

typedef struct
{
  GdkRGBA fg;
  GdkRGBA bg;
  GdkRGBA positive;
  GdkRGBA negative;
  gboolean dark;
} Palette;

typedef enum
{
  HIT_NONE,
  HIT_UNIT,
  HIT_EDGE
} HitKind;

typedef struct
{
  HitKind kind;
  guint   layer;
  guint   to;
  guint   from;
} Hit;

static void
palette_init (NlNetworkView *self,
              Palette       *p)
{
  NlThemeColors colors;

  nl_theme_colors_get (GTK_WIDGET (self), &colors);
  p->fg = colors.fg;
  p->bg = colors.bg;
  p->dark = colors.dark;
  p->positive = colors.positive;
  p->negative = colors.negative;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static GdkRGBA
mix (const GdkRGBA *a,
     const GdkRGBA *b,
     double         t)
{
  return (GdkRGBA) {
    a->red + (b->red - a->red) * t,
    a->green + (b->green - a->green) * t,
    a->blue + (b->blue - a->blue) * t,
    1.0,
  };
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static PangoLayout *
create_layout (NlNetworkView *self,
               double         size_factor,
               gboolean       bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoContext *context = pango_layout_get_context (layout);
  g_autoptr(PangoFontDescription) desc =
    pango_font_description_copy (pango_context_get_font_description (context));
  int size = pango_font_description_get_size (desc);
  g_autoptr(PangoAttrList) attrs = NULL;

  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * size_factor);
  else
    pango_font_description_set_size (desc, (int) (size * size_factor));
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);

  /* Tabular figures, so values line up and do not jiggle as they change. */
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);

  return layout;
}

static void
text_size (PangoLayout *layout,
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

/* Draws @text centred on (@x, @y), or with its right edge at @x for
 * @align 1. */
static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align)
{
  double w, h;

  text_size (layout, text, &w, &h);
  cairo_move_to (cr, round (x - w * align), round (y - h / 2));
  pango_cairo_show_layout (cr, layout);
  /* Leave no current point for the next path to start from. */
  cairo_new_path (cr);
}

static inline double
weight_at (const NlNet *net,
           guint        layer,
           guint        to,
           guint        from)
{
  return net->params[nl_net_weight_index (net, layer, to, from)];
}

static inline double
bias_at (const NlNet *net,
         guint        layer,
         guint        to)
{
  return net->params[nl_net_bias_index (net, layer, to)];
}

static inline guint
unit_id (const NlNet *net,
         guint        layer,
         guint        unit)
{
  return (guint) net->unit_offset[layer] + unit;
}

static gsize
max_layer_size (const NlNet *net)
{
  gsize max = 0;

  for (gsize l = 0; l < net->n_layers; l++)
    max = MAX (max, net->sizes[l]);

  return max;
}

static const char *
input_name (NlNetworkView *self,
            guint          unit)
{
  if (self->input_names == NULL)
    return NULL;
  for (guint i = 0; i <= unit; i++)
    {
      if (self->input_names[i] == NULL)
        return NULL;
    }
  return self->input_names[unit][0] != '\0' ? self->input_names[unit] : NULL;
}

static void
update_layout (NlNetworkView *self,
               int            width,
               int            height)
{
  const NlNet *net = self->net;
  g_autoptr(PangoLayout) layout = NULL;
  double text_height;
  double left, right, top, bottom;
  double dx, min_spacing = G_MAXDOUBLE;
  double label_width = 0;
  gsize max_size;
  gsize n_edges;

  if (self->layout_valid && self->layout_width == width && self->layout_height == height)
    return;

  self->layout_valid = TRUE;
  self->layout_width = width;
  self->layout_height = height;

  if (net == NULL || width <= 0 || height <= 0)
    return;

  layout = create_layout (self, 0.9, FALSE);
  text_size (layout, "x1", NULL, &text_height);

  max_size = max_layer_size (net);
  n_edges = net->n_weights;

  self->show_legend = width >= LEGEND_MIN_WIDTH && height >= 200;
  top = PADDING;
  bottom = PADDING + (self->show_legend ? LEGEND_HEIGHT : 0);

  /* Input names go to the left of the inputs when they leave room enough. */
  self->name_width = 0;
  for (guint i = 0; i < net->sizes[0]; i++)
    {
      const char *name = input_name (self, i);
      double w;

      if (name == NULL)
        continue;
      text_size (layout, name, &w, NULL);
      self->name_width = MAX (self->name_width, w);
    }
  self->show_names = self->name_width > 0 &&
                     self->name_width < width * 0.25 &&
                     (height - top - bottom) / net->sizes[0] >= text_height;

  left = PADDING + (self->show_names ? self->name_width + NAME_GAP : 0);
  right = PADDING;

  dx = (width - left - right) / MAX (1.0, (double) net->n_layers - 1);
  for (gsize l = 0; l < net->n_layers; l++)
    {
      double spacing = MIN ((height - top - bottom) / net->sizes[l], MAX_ROW_SPACING);

      min_spacing = MIN (min_spacing, spacing);
    }

  self->radius = CLAMP (MIN (dx * 0.16, min_spacing * 0.36), MIN_RADIUS, MAX_RADIUS);
  /* Bias rings sit outside the circle; leave them room at the edges. */
  left += self->radius + 6;
  right += self->radius + 6;
  dx = (width - left - right) / MAX (1.0, (double) net->n_layers - 1);

  for (gsize l = 0; l < net->n_layers; l++)
    {
      gsize n = net->sizes[l];
      double avail = height - top - bottom;
      double spacing = MIN (avail / n, MAX_ROW_SPACING);
      double y0 = top + avail / 2 - spacing * (n - 1) / 2.0;
      double x = net->n_layers > 1 ? left + dx * l : width / 2.0;

      for (gsize u = 0; u < n; u++)
        {
          guint id = unit_id (net, (guint) l, (guint) u);

          self->unit_x[id] = x;
          self->unit_y[id] = y0 + spacing * u;
        }
    }

  /* Labels only where they fit. */
  for (gsize l = 0; l < net->n_layers; l++)
    {
      char name[32];
      double w;

      nl_net_unit_name (net, l, net->sizes[l] - 1, name, sizeof name);
      text_size (layout, name, &w, NULL);
      label_width = MAX (label_width, w);
    }

  self->show_rings = self->radius >= 8;
  self->show_unit_labels = label_width <= 2 * self->radius - 4 &&
                           text_height <= 2 * self->radius - 2;
  self->show_values = self->show_unit_labels && 2 * text_height <= 2 * self->radius - 4;
  self->show_bias_labels = self->radius >= 14 &&
                           min_spacing >= 2 * self->radius + 2 * text_height + 16;
  self->show_edge_labels = n_edges <= MAX_LABELLED_EDGES &&
                           max_size <= 4 &&
                           dx >= 110 &&
                           min_spacing * (1 - EDGE_LABEL_T) >= text_height + 6;
}

static void
ensure_activations (NlNetworkView *self)
{
  if (self->activations_valid || self->net == NULL || self->sample == NULL)
    return;

  nl_net_forward (self->net, self->work, self->sample);
  self->activations_valid = TRUE;
}

/* How strongly to fill a neuron for activation @a: sigmoid outputs are
 * already in [0, 1]; other activations are squashed into [-1, 1]. */
static double
fill_level (NlActivation activation,
            double       a)
{
  if (!isfinite (a))
    return 0;
  if (activation == NL_ACTIVATION_SIGMOID)
    return CLAMP (a, 0.0, 1.0);
  return tanh (a);
}

static double
edge_width (NlNetworkView *self,
            double         w)
{
  double big = self->net->n_weights > 300;
  double min_width = big ? 0.5 : 1.0;
  double max_width = big ? CLAMP (self->radius * 0.5, 1.0, 3.0) : CLAMP (self->radius * 0.35, 2.0, 8.0);
  double t = fabs (w) / MAX (self->max_abs_weight, 1e-9);

  if (!isfinite (t))
    t = 1.0;
  return min_width + (max_width - min_width) * CLAMP (t, 0.0, 1.0);
}

static void
draw_edges (NlNetworkView *self,
            cairo_t       *cr,
            const Palette *p)
{
  const NlNet *net = self->net;
  gboolean big = net->n_weights > 300;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  if (!big)
    {
      for (guint l = 1; l < net->n_layers; l++)
        for (guint to = 0; to < net->sizes[l]; to++)
          for (guint from = 0; from < net->sizes[l - 1]; from++)
            {
              double w = weight_at (net, l, to, from);
              guint a = unit_id (net, l - 1, from);
              guint b = unit_id (net, l, to);

              cairo_move_to (cr, self->unit_x[a], self->unit_y[a]);
              cairo_line_to (cr, self->unit_x[b], self->unit_y[b]);
              cairo_set_line_width (cr, edge_width (self, w));
              set_source (cr, w >= 0 ? &p->positive : &p->negative, 0.85);
              cairo_stroke (cr);
            }
      return;
    }

  /* Thousands of edges: one stroke per sign and width bucket, light ones
   * fainter so the strong connections stand out of the mesh. */
  for (int sign = 0; sign < 2; sign++)
    for (int bucket = 0; bucket < N_WIDTH_BUCKETS; bucket++)
      {
        double t = (bucket + 0.5) / N_WIDTH_BUCKETS;
        gboolean any = FALSE;

        for (guint l = 1; l < net->n_layers; l++)
          for (guint to = 0; to < net->sizes[l]; to++)
            for (guint from = 0; from < net->sizes[l - 1]; from++)
              {
                double w = weight_at (net, l, to, from);
                double rel = fabs (w) / MAX (self->max_abs_weight, 1e-9);
                int b = (int) CLAMP (rel * N_WIDTH_BUCKETS, 0, N_WIDTH_BUCKETS - 1);
                guint u, v;

                if ((w < 0) != (sign == 1) || b != bucket || !isfinite (w))
                  continue;
                u = unit_id (net, l - 1, from);
                v = unit_id (net, l, to);
                cairo_move_to (cr, self->unit_x[u], self->unit_y[u]);
                cairo_line_to (cr, self->unit_x[v], self->unit_y[v]);
                any = TRUE;
              }

        if (!any)
          continue;
        cairo_set_line_width (cr, edge_width (self, t * self->max_abs_weight));
        set_source (cr, sign == 0 ? &p->positive : &p->negative, 0.06 + 0.74 * pow (t, 1.5));
        cairo_stroke (cr);
      }
}

static void
draw_pill (cairo_t       *cr,
           PangoLayout   *layout,
           const char    *text,
           double         x,
           double         y,
           const Palette *p,
           const GdkRGBA *border)
{
  double w, h, r;

  text_size (layout, text, &w, &h);
  w += 10;
  h += 2;
  r = h / 2;
  x = round (x - w / 2);
  y = round (y - h / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, x + r, y + r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  set_source (cr, &p->bg, 0.94);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  set_source (cr, border, 0.6);
  cairo_stroke (cr);

  set_source (cr, &p->fg, 1.0);
  cairo_move_to (cr, x + 5, y + 1);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}

static void
draw_edge_labels (NlNetworkView *self,
                  cairo_t       *cr,
                  PangoLayout   *layout,
                  const Palette *p)
{
  const NlNet *net = self->net;

  for (guint l = 1; l < net->n_layers; l++)
    for (guint to = 0; to < net->sizes[l]; to++)
      for (guint from = 0; from < net->sizes[l - 1]; from++)
        {
          size_t index = nl_net_weight_index (net, l, to, from);
          double w = net->params[index];
          guint a = unit_id (net, l - 1, from);
          guint b = unit_id (net, l, to);
          double x = self->unit_x[a] + (self->unit_x[b] - self->unit_x[a]) * EDGE_LABEL_T;
          double y = self->unit_y[a] + (self->unit_y[b] - self->unit_y[a]) * EDGE_LABEL_T;
          char name[32];
          g_autofree char *text = NULL;

          nl_net_param_name (net, index, name, sizeof name);
          text = g_strdup_printf ("%s = %.2f", name, w);
          draw_pill (cr, layout, text, x, y, p, w >= 0 ? &p->positive : &p->negative);
        }
}

static void
draw_units (NlNetworkView *self,
            cairo_t       *cr,
            PangoLayout   *layout,
            PangoLayout   *bold_layout,
            const Palette *p)
{
  const NlNet *net = self->net;
  double r = self->radius;
  double text_height;

  text_size (layout, "0", NULL, &text_height);

  for (guint l = 0; l < net->n_layers; l++)
    for (guint u = 0; u < net->sizes[l]; u++)
      {
        guint id = unit_id (net, l, u);
        double x = self->unit_x[id];
        double y = self->unit_y[id];
        double bias = l > 0 ? bias_at (net, l, u) : 0;
        const GdkRGBA *bias_color = bias >= 0 ? &p->positive : &p->negative;
        GdkRGBA fill = p->bg;
        GdkRGBA text_color = p->fg;
        char name[32];

        if (self->sample != NULL)
          {
            double level = fill_level (l > 0 ? net->activation[l] : NL_ACTIVATION_LINEAR,
                                       self->work->a[id]);

            if (l == 0)
              level = tanh (self->work->a[id]);
            fill = mix (&p->bg, level >= 0 ? &p->positive : &p->negative, fabs (level) * 0.9);
            /* Whichever of the theme's two colours reads better on the fill. */
            if (fabs (luminance (&fill) - luminance (&p->fg)) <
                fabs (luminance (&fill) - luminance (&p->bg)))
              text_color = p->bg;
          }
        else if (l == 0)
          fill = mix (&p->bg, &p->fg, 0.06);

        /* The bias as a ring: colour for its sign, width for its size. */
        if (l > 0 && self->show_rings && isfinite (bias))
          {
            double t = fabs (bias) / MAX (self->max_abs_bias, 1e-9);
            double ring = 1.5 + 3.5 * CLAMP (t, 0.0, 1.0);

            cairo_arc (cr, x, y, r + 2 + ring / 2, 0, 2 * G_PI);
            cairo_set_line_width (cr, ring);
            set_source (cr, bias_color, 0.9);
            cairo_stroke (cr);
          }

        cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        set_source (cr, &fill, 1.0);
        cairo_fill_preserve (cr);
        cairo_set_line_width (cr, r >= 8 ? 1.5 : 1.0);
        if (l > 0 && !self->show_rings)
          set_source (cr, bias_color, 0.9);
        else
          set_source (cr, &p->fg, 0.7);
        cairo_stroke (cr);

        nl_net_unit_name (net, l, u, name, sizeof name);
        if (self->show_values && self->sample != NULL)
          {
            char value[32];

            g_snprintf (value, sizeof value, "%.2f", self->work->a[id]);
            set_source (cr, &text_color, 1.0);
            draw_text (cr, bold_layout, name, x, y - text_height / 2 + 1, 0.5);
            set_source (cr, &text_color, 0.85);
            draw_text (cr, layout, value, x, y + text_height / 2, 0.5);
          }
        else if (self->show_unit_labels)
          {
            set_source (cr, &text_color, 1.0);
            draw_text (cr, bold_layout, name, x, y, 0.5);
          }

        if (l > 0 && self->show_bias_labels)
          {
            size_t index = nl_net_bias_index (net, l, u);
            char bname[32];
            g_autofree char *text = NULL;

            nl_net_param_name (net, index, bname, sizeof bname);
            text = g_strdup_printf ("%s = %.2f", bname, bias);
            draw_pill (cr, layout, text, x, y + r + 10 + text_height / 2, p, bias_color);
          }

        if (l == 0 && self->show_names)
          {
            const char *column = input_name (self, u);

            if (column != NULL)
              {
                set_source (cr, &p->fg, 0.85);
                draw_text (cr, layout, column, x - r - NAME_GAP, y, 1.0);
              }
          }
      }
}

static void
draw_legend (NlNetworkView *self,
             cairo_t       *cr,
             PangoLayout   *layout,
             const Palette *p,
             int            width,
             int            height)
{
  const char *positive = _("Positive weight");
  const char *negative = _("Negative weight");
  const char *thickness = _("Thicker = larger |w|");
  const char *ring = _("Ring = bias");
  const char *fill = _("Fill = activation");
  double y = height - PADDING - LEGEND_HEIGHT / 2 + 4;
  double swatch = 18, gap = 6, spacing = 20;
  double wp, wn, wt, wr, wf, total, x;
  gboolean show_ring = self->show_rings;
  gboolean show_fill = self->sample != NULL;

  text_size (layout, positive, &wp, NULL);
  text_size (layout, negative, &wn, NULL);
  text_size (layout, thickness, &wt, NULL);
  text_size (layout, ring, &wr, NULL);
  text_size (layout, fill, &wf, NULL);

  total = (swatch + gap) * 3 + wp + wn + wt + spacing * 2;
  if (show_ring && total + spacing + 14 + gap + wr <= width - 2 * PADDING)
    total += spacing + 14 + gap + wr;
  else
    show_ring = FALSE;
  if (show_fill && total + spacing + 14 + gap + wf <= width - 2 * PADDING)
    total += spacing + 14 + gap + wf;
  else
    show_fill = FALSE;
  if (total > width - 2 * PADDING)
    return;

  x = round ((width - total) / 2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  cairo_set_line_width (cr, 3);
  set_source (cr, &p->positive, 0.9);
  cairo_move_to (cr, x + 1.5, y);
  cairo_line_to (cr, x + swatch - 1.5, y);
  cairo_stroke (cr);
  set_source (cr, &p->fg, 0.8);
  draw_text (cr, layout, positive, x + swatch + gap, y, 0);
  x += swatch + gap + wp + spacing;

  set_source (cr, &p->negative, 0.9);
  cairo_move_to (cr, x + 1.5, y);
  cairo_line_to (cr, x + swatch - 1.5, y);
  cairo_stroke (cr);
  set_source (cr, &p->fg, 0.8);
  draw_text (cr, layout, negative, x + swatch + gap, y, 0);
  x += swatch + gap + wn + spacing;

  /* A wedge from thin to thick. */
  set_source (cr, &p->fg, 0.55);
  cairo_move_to (cr, x, y - 0.5);
  cairo_line_to (cr, x + swatch, y - 3);
  cairo_line_to (cr, x + swatch, y + 3);
  cairo_line_to (cr, x, y + 0.5);
  cairo_close_path (cr);
  cairo_fill (cr);
  set_source (cr, &p->fg, 0.8);
  draw_text (cr, layout, thickness, x + swatch + gap, y, 0);
  x += swatch + gap + wt + spacing;

  if (show_ring)
    {
      cairo_arc (cr, x + 7, y, 5.5, 0, 2 * G_PI);
      cairo_set_line_width (cr, 2.5);
      set_source (cr, &p->positive, 0.9);
      cairo_stroke (cr);
      set_source (cr, &p->fg, 0.8);
      draw_text (cr, layout, ring, x + 14 + gap, y, 0);
      x += 14 + gap + wr + spacing;
    }

  if (show_fill)
    {
      GdkRGBA half = mix (&p->bg, &p->positive, 0.6);

      cairo_arc (cr, x + 7, y, 6, 0, 2 * G_PI);
      set_source (cr, &half, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1);
      set_source (cr, &p->fg, 0.7);
      cairo_stroke (cr);
      set_source (cr, &p->fg, 0.8);
      draw_text (cr, layout, fill, x + 14 + gap, y, 0);
    }
}

static void
nl_network_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  NlNetworkView *self = NL_NETWORK_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) bold_layout = NULL;
  Palette p;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->net == NULL)
    return;

  update_layout (self, width, height);
  ensure_activations (self);
  palette_init (self, &p);

  layout = create_layout (self, 0.9, FALSE);
  bold_layout = create_layout (self, 0.9, TRUE);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  draw_edges (self, cr, &p);
  if (self->show_edge_labels)
    draw_edge_labels (self, cr, layout, &p);
  draw_units (self, cr, layout, bold_layout, &p);
  if (self->show_legend)
    draw_legend (self, cr, layout, &p, width, height);

  cairo_destroy (cr);
}

static double
distance_to_segment (double px,
                     double py,
                     double ax,
                     double ay,
                     double bx,
                     double by)
{
  double dx = bx - ax;
  double dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

static Hit
hit_test (NlNetworkView *self,
          double         x,
          double         y)
{
  const NlNet *net = self->net;
  Hit hit = { HIT_NONE, 0, 0, 0 };
  double best = G_MAXDOUBLE;
  double reach;

  if (net == NULL)
    return hit;

  update_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)));
  if (self->layout_width <= 0 || self->layout_height <= 0)
    return hit;

  /* Neurons (with their bias ring) first: they are drawn on top. */
  reach = self->radius + (self->show_rings ? 7 : 2);
  for (guint l = 0; l < net->n_layers; l++)
    for (guint u = 0; u < net->sizes[l]; u++)
      {
        guint id = unit_id (net, l, u);
        double d = hypot (x - self->unit_x[id], y - self->unit_y[id]);

        if (d <= reach && d < best)
          {
            best = d;
            hit = (Hit) { HIT_UNIT, l, u, 0 };
          }
      }
  if (hit.kind != HIT_NONE)
    return hit;

  for (guint l = 1; l < net->n_layers; l++)
    for (guint to = 0; to < net->sizes[l]; to++)
      for (guint from = 0; from < net->sizes[l - 1]; from++)
        {
          guint a = unit_id (net, l - 1, from);
          guint b = unit_id (net, l, to);
          double d = distance_to_segment (x, y,
                                          self->unit_x[a], self->unit_y[a],
                                          self->unit_x[b], self->unit_y[b]);
          double slop = edge_width (self, weight_at (net, l, to, from)) / 2 + HIT_SLOP;

          if (d <= slop && d < best)
            {
              best = d;
              hit = (Hit) { HIT_EDGE, l, to, from };
            }
        }

  return hit;
}

char *
nl_network_view_describe_at (NlNetworkView *self,
                             double         x,
                             double         y)
{
  const NlNet *net;
  Hit hit;
  char to_name[32], from_name[32], param[32];

  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), NULL);

  hit = hit_test (self, x, y);
  net = self->net;
  ensure_activations (self);

  switch (hit.kind)
    {
    case HIT_EDGE:
      {
        size_t index = nl_net_weight_index (net, hit.layer, hit.to, hit.from);

        nl_net_param_name (net, index, param, sizeof param);
        nl_net_unit_name (net, hit.layer - 1, hit.from, from_name, sizeof from_name);
        nl_net_unit_name (net, hit.layer, hit.to, to_name, sizeof to_name);
        return g_strdup_printf ("%s (%s → %s) = %.4f", param, from_name, to_name,
                                net->params[index]);
      }

    case HIT_UNIT:
      {
        GString *text = g_string_new (NULL);
        guint id = unit_id (net, hit.layer, hit.to);

        nl_net_unit_name (net, hit.layer, hit.to, to_name, sizeof to_name);
        if (hit.layer == 0)
          {
            const char *column = input_name (self, hit.to);

            if (column != NULL)
              /* Translators: an input neuron and the table column it reads. */
              g_string_append_printf (text, _("%s: input “%s”"), to_name, column);
            else
              g_string_append_printf (text, _("%s: input"), to_name);
            if (self->sample != NULL)
              g_string_append_printf (text, _(", value %.4f"), self->work->a[id]);
          }
        else
          {
            size_t index = nl_net_bias_index (net, hit.layer, hit.to);

            nl_net_param_name (net, index, param, sizeof param);
            g_string_append_printf (text, _("%s: bias %s = %.4f"), to_name, param,
                                    net->params[index]);
            if (self->sample != NULL)
              g_string_append_printf (text, _(", activation %.4f"), self->work->a[id]);
          }
        return g_string_free (text, FALSE);
      }

    case HIT_NONE:
    default:
      return NULL;
    }
}

gssize
nl_network_view_parameter_at (NlNetworkView *self,
                              double         x,
                              double         y)
{
  Hit hit;

  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), -1);

  hit = hit_test (self, x, y);
  if (hit.kind == HIT_EDGE)
    return (gssize) nl_net_weight_index (self->net, hit.layer, hit.to, hit.from);
  if (hit.kind == HIT_UNIT && hit.layer > 0)
    return (gssize) nl_net_bias_index (self->net, hit.layer, hit.to);
  return -1;
}

gboolean
nl_network_view_get_unit_position (NlNetworkView *self,
                                   guint          layer,
                                   guint          unit,
                                   double        *x,
                                   double        *y,
                                   double        *radius)
{
  guint id;

  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), FALSE);

  if (self->net == NULL || layer >= self->net->n_layers || unit >= self->net->sizes[layer])
    return FALSE;

  update_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)));
  id = unit_id (self->net, layer, unit);
  if (x)
    *x = self->unit_x[id];
  if (y)
    *y = self->unit_y[id];
  if (radius)
    *radius = self->radius;
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget     *widget,
                  int            x,
                  int            y,
                  gboolean       keyboard_mode,
                  GtkTooltip    *tooltip,
                  NlNetworkView *self)
{
  g_autofree char *text = NULL;

  if (keyboard_mode)
    return FALSE;

  text = nl_network_view_describe_at (self, x, y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  /* Moving off this spot asks again, so the tooltip follows the edges. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x - 2, y - 2, 4, 4 });
  return TRUE;
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             NlNetworkView   *self)
{
  gssize index = nl_network_view_parameter_at (self, x, y);

  if (index >= 0)
    g_signal_emit (self, signals[PARAMETER_ACTIVATED], 0, (guint) index);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           NlNetworkView            *self)
{
  gboolean over = nl_network_view_parameter_at (self, x, y) >= 0;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), over ? "pointer" : NULL);
}

static void
update_description (NlNetworkView *self)
{
  const NlNet *net = self->net;
  g_autoptr(GString) inputs = g_string_new (NULL);
  g_autoptr(GString) hidden = g_string_new (NULL);
  g_autofree char *description = NULL;

  if (net == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No network"),
                                      -1);
      return;
    }

  for (guint i = 0; i < net->sizes[0]; i++)
    {
      const char *column = input_name (self, i);
      char name[32];

      nl_net_unit_name (net, 0, i, name, sizeof name);
      if (i > 0)
        g_string_append (inputs, ", ");
      g_string_append (inputs, name);
      if (column != NULL)
        g_string_append_printf (inputs, " (%s)", column);
    }

  for (guint l = 1; l + 1 < net->n_layers; l++)
    {
      if (l > 1)
        g_string_append (hidden, ", ");
      g_string_append_printf (hidden, "%zu", net->sizes[l]);
    }

  if (net->n_layers > 2)
    /* Translators: the network diagram's summary for screen readers; the
     * second %s is the neuron count of each hidden layer, as "2" or "32, 32". */
    description = g_strdup_printf (_("Inputs %s; hidden layers of %s neurons; one output, o1"),
                                   inputs->str, hidden->str);
  else
    description = g_strdup_printf (_("Inputs %s; one output, o1"), inputs->str);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
nl_network_view_finalize (GObject *object)
{
  NlNetworkView *self = NL_NETWORK_VIEW (object);

  g_clear_pointer (&self->net, nl_net_free);
  g_clear_pointer (&self->work, nl_work_free);
  g_clear_pointer (&self->sample, g_free);
  g_clear_pointer (&self->input_names, g_strfreev);
  g_clear_pointer (&self->unit_x, g_free);
  g_clear_pointer (&self->unit_y, g_free);

  G_OBJECT_CLASS (nl_network_view_parent_class)->finalize (object);
}

static void
nl_network_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  NL_NETWORK_VIEW (widget)->layout_valid = FALSE;
}

static void
nl_network_view_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (nl_network_view_parent_class)->css_changed (widget, change);

  /* The font may have changed, and with it what fits. */
  NL_NETWORK_VIEW (widget)->layout_valid = FALSE;
  gtk_widget_queue_draw (widget);
}

static void
nl_network_view_measure (GtkWidget      *widget,
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
      *natural = 320;
    }
}

static void
nl_network_view_class_init (NlNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = nl_network_view_finalize;

  widget_class->snapshot = nl_network_view_snapshot;
  widget_class->measure = nl_network_view_measure;
  widget_class->size_allocate = nl_network_view_size_allocate;
  widget_class->css_changed = nl_network_view_css_changed;

  /**
   * NlNetworkView::parameter-activated:
   * @self: the view
   * @index: the parameter's index in the network's parameter block
   *
   * Emitted when the person clicks an edge (a weight) or a neuron (its bias).
   */
  signals[PARAMETER_ACTIVATED] =
    g_signal_new ("parameter-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "nl-network-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nl_network_view_init (NlNetworkView *self)
{
  GtkGesture *click;
  GtkEventController *motion;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Network diagram"),
                                  -1);
  update_description (self);
}

GtkWidget *
nl_network_view_new (void)
{
  return g_object_new (NL_TYPE_NETWORK_VIEW, NULL);
}

static void
update_maxima (NlNetworkView *self)
{
  const NlNet *net = self->net;
  double max_w = 0, max_b = 0;

  for (size_t i = 0; i < net->n_weights; i++)
    {
      double v = fabs (net->params[i]);

      if (isfinite (v) && v > max_w)
        max_w = v;
    }
  for (size_t i = net->n_weights; i < net->n_params; i++)
    {
      double v = fabs (net->params[i]);

      if (isfinite (v) && v > max_b)
        max_b = v;
    }

  /* Below 1, widths are relative to 1 so a net of tiny weights looks thin. */
  self->max_abs_weight = MAX (max_w, 1.0);
  self->max_abs_bias = MAX (max_b, 1.0);
}

void
nl_network_view_set_network (NlNetworkView *self,
                             const NlNet   *net)
{
  g_return_if_fail (NL_IS_NETWORK_VIEW (self));

  if (net == NULL)
    {
      g_clear_pointer (&self->net, nl_net_free);
      g_clear_pointer (&self->work, nl_work_free);
      self->layout_valid = FALSE;
      update_description (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (self->net != NULL && nl_net_same_shape (self->net, net) &&
      memcmp (self->net->activation, net->activation,
              net->n_layers * sizeof net->activation[0]) == 0)
    {
      nl_net_copy_params (self->net, net);
    }
  else
    {
      NlNet *copy = nl_net_copy (net);
      NlWork *work = copy != NULL ? nl_work_new (copy) : NULL;
      size_t old_inputs = self->net != NULL ? self->net->sizes[0] : 0;

      if (work == NULL)
        {
          g_critical ("Out of memory copying a network for the diagram");
          nl_net_free (copy);
          return;
        }

      g_clear_pointer (&self->net, nl_net_free);
      g_clear_pointer (&self->work, nl_work_free);
      self->net = copy;
      self->work = work;
      self->unit_x = g_renew (double, self->unit_x, copy->n_units);
      self->unit_y = g_renew (double, self->unit_y, copy->n_units);
      self->layout_valid = FALSE;

      /* A sample for another number of inputs means nothing any more. */
      if (self->sample != NULL && copy->sizes[0] != old_inputs)
        g_clear_pointer (&self->sample, g_free);
      update_description (self);
    }

  update_maxima (self);
  self->activations_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nl_network_view_set_input_names (NlNetworkView      *self,
                                 const char * const *names)
{
  g_return_if_fail (NL_IS_NETWORK_VIEW (self));

  if (self->input_names != NULL && names != NULL &&
      g_strv_equal ((const char * const *) self->input_names, names))
    return;

  g_strfreev (self->input_names);
  self->input_names = g_strdupv ((char **) names);
  self->layout_valid = FALSE;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nl_network_view_set_sample (NlNetworkView *self,
                            const double  *x)
{
  g_return_if_fail (NL_IS_NETWORK_VIEW (self));

  if (x == NULL)
    g_clear_pointer (&self->sample, g_free);
  else
    {
      g_return_if_fail (self->net != NULL);
      g_free (self->sample);
      self->sample = g_memdup2 (x, self->net->sizes[0] * sizeof (double));
    }

  self->activations_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
