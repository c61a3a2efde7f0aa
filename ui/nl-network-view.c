/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-network-view.c: a diagram of the network, its weights, biases and,
 * for one sample, its activations.
 *
 * Layers run left to right. An edge's colour is its weight's sign and its
 * width grows with |w|; a ring around a neuron shows its bias the same way;
 * with a sample set, a neuron's fill shows its activation. Small networks get
 * the tutorial's names and values written on the diagram; every value of any
 * network is in the tooltip. The view keeps a private copy of the network, so
 * the trainer may hand it a new one many times a second.
 *
 * Drawing stays cheap at that rate: a big network's hundreds or thousands of
 * edges and its neurons' circles are rasterised directly into an image
 * (nl-raster.h; cairo's general path is slow at many long thin crossing
 * lines), which is kept and painted again as long as nothing visible has
 * changed: no edge's sign or width bucket, no neuron's look. Text goes on
 * top with cairo.
 *
 * The outputs are named after what they stand for, when the window says:
 * the classes of a multi-class label (a softmax layer, captioned so, its
 * fill the probability) or the target of a regression.
 *
 * The same drawing, with every edge and neuron as a cairo path instead of
 * the image, makes the exported files (see nl_network_view_export()): SVG
 * and PDF stay vector at any size. The context menu (right click, Shift+F10
 * or the Menu key) offers the export.
 *
 * A neuron's tooltip carries a thumbnail of its output map over the plane
 * the decision boundary shows (nl-heatmap.h draws both). It is computed on
 * the main thread when asked for, on a grid as coarse as the boundary's own
 * (one sample per 4 x 4 pixels), and kept per neuron until the parameters,
 * the plane or the colours change, so a pointer moving over a neuron while
 * training costs at most one small grid per progress post.
 */

#include "nl-network-view.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nl-heatmap.h"
#include "nl-raster.h"
#include "nl-theme.h"

/* The size of an export from a view that has not been shown. */
#define EXPORT_WIDTH       800
#define EXPORT_HEIGHT      500
#define PADDING            12.0
#define LEGEND_HEIGHT      30.0
#define LEGEND_MIN_WIDTH   360
#define NAME_GAP           10.0
#define MAX_RADIUS         24.0
#define MIN_RADIUS         2.5
#define MAX_ROW_SPACING    150.0
/* The spacing of the widest layer's neurons the view asks room for. */
#define MIN_ROW_SPACING    18
#define EDGE_LABEL_T       0.7
#define MAX_LABELLED_EDGES 40
#define N_WIDTH_BUCKETS    12
#define HIT_SLOP           4.0
/* Above this many weights the edges are drawn by width bucket into a cached
 * layer (see draw_edge_layer()). */
#define MANY_EDGES         300
/* An edge key for a weight that is not finite: not drawn. */
#define NO_EDGE            G_MAXUINT8
/* The tooltip's thumbnail of a neuron's output map: its size in pixels, and
 * its samples each way (one per 4 x 4 pixels, like the boundary view). */
#define THUMBNAIL_SIZE     64
#define THUMBNAIL_GRID     16

struct _NlNetworkView
{
  GtkWidget   parent_instance;

  NlNet      *net;
  NlWork     *work;
  double     *sample;
  gboolean    activations_valid;
  char      **input_names;
  /* What each output stands for: a class, or the target ("Body mass (g)"). */
  char      **output_names;

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
  double      output_name_width;
  gboolean    show_legend;
  gboolean    show_names;
  gboolean    show_output_names;
  gboolean    show_softmax;
  gboolean    show_unit_labels;
  gboolean    show_values;
  gboolean    show_bias_labels;
  gboolean    show_edge_labels;
  /* Where along an edge its label sits, 0 at the source, 1 at the target. */
  double      edge_label_t;
  gboolean    show_rings;
  guint       layout_serial;

  /* Big networks: the edges and the neurons' circles as last drawn, kept in
   * an image while no edge changes its sign or width bucket and no neuron
   * its look (what can be seen of them), and the size, layout, scale and
   * colours stay the same. Training moves the weights many times a second,
   * mostly by less than that. */
  guint8     *edge_keys;       /* per weight, as drawn: bucket * 2 + negative */
  guint8     *new_edge_keys;   /* scratch for the keys of the current weights */
  guint32    *unit_keys;       /* per neuron, as drawn: see unit_key() */
  guint32    *new_unit_keys;
  guint      *edge_order;      /* scratch: the edges' units by key, faint to strong */
  cairo_surface_t *edge_surface;
  guint       edge_layout_serial;
  int         edge_scale;
  GdkRGBA     edge_colors[4];  /* positive, negative, background, text */

  /* The plane of the thumbnails (see nl_network_view_set_map_plane()). */
  gboolean    have_plane;
  guint       plane_x;
  guint       plane_y;
  double     *plane_held;
  guint       plane_n_held;
  double      plane_x0, plane_x1, plane_y0, plane_y1;
  guint64     plane_serial;
  /* The thumbnails by neuron id, valid for these parameters, plane and
   * colours. */
  NlWork     *thumbnail_work;
  GHashTable *thumbnails;
  guint64     params_serial;
  guint64     thumbnails_params_serial;
  guint64     thumbnails_plane_serial;
  NlThemeColors thumbnails_colors;
  /* The tooltip's content over a neuron: its text and thumbnail. */
  GtkWidget  *tooltip_box;
  GtkWidget  *tooltip_label;
  GtkWidget  *tooltip_picture;

  GtkWidget  *menu;
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

/* Draws @text with its left edge at @x, centred on @y, cut short with an
 * ellipsis beyond @max_width. */
static void
draw_name_at_right (cairo_t     *cr,
                    PangoLayout *layout,
                    const char  *text,
                    double       x,
                    double       y,
                    double       max_width)
{
  pango_layout_set_width (layout, (int) ceil (max_width) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  draw_text (cr, layout, text, x, y, 0);
  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
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

/* The name of output @unit ("setosa", "Body mass (g)"), or NULL. Names
 * for another number of outputs (a table whose classes changed before the
 * network followed) name nothing. */
static const char *
output_name (NlNetworkView *self,
             guint          unit)
{
  if (self->output_names == NULL || self->net == NULL ||
      g_strv_length (self->output_names) != nl_net_n_outputs (self->net) ||
      unit >= nl_net_n_outputs (self->net))
    return NULL;
  return self->output_names[unit][0] != '\0' ? self->output_names[unit] : NULL;
}

static gboolean
is_softmax (const NlNet *net)
{
  return net->activation[net->n_layers - 1] == NL_ACTIVATION_SOFTMAX;
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
  self->layout_serial++;

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

  /* The outputs' names (their classes, or the target) go to their right,
   * on the same terms; a long class name is cut short rather than lost. */
  self->output_name_width = 0;
  for (guint k = 0; k < nl_net_n_outputs (net); k++)
    {
      const char *name = output_name (self, k);
      double w;

      if (name == NULL)
        continue;
      text_size (layout, name, &w, NULL);
      self->output_name_width = MAX (self->output_name_width, w);
    }
  self->output_name_width = MIN (self->output_name_width, width * 0.2);
  self->show_output_names = self->output_name_width > 0 &&
                            (height - top - bottom) / nl_net_n_outputs (net) >= text_height;
  /* A softmax layer says so above its neurons, where there is room. */
  self->show_softmax = is_softmax (net) && height >= 100;
  if (self->show_softmax)
    top += text_height + 4;

  left = PADDING + (self->show_names ? self->name_width + NAME_GAP : 0);
  right = PADDING + (self->show_output_names ? self->output_name_width + NAME_GAP : 0);

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
  /* A weight's label sits towards its target, where the edges of a neuron
   * part, but ends short of the target's circle; it is shown only where it
   * clears both circles. */
  {
    char name[32];
    g_autofree char *widest = NULL;
    double pill_width = 0;

    if (n_edges > 0)
      {
        nl_net_param_name (net, n_edges - 1, name, sizeof name);
        widest = g_strdup_printf ("%s = -0.00", name);
        text_size (layout, widest, &pill_width, NULL);
        pill_width += 10;
      }
    self->edge_label_t = dx > 0 ? MIN (EDGE_LABEL_T, (dx - self->radius - 4 - pill_width / 2) / dx)
                                : EDGE_LABEL_T;
    self->show_edge_labels = n_edges <= MAX_LABELLED_EDGES &&
                             max_size <= 4 &&
                             dx * self->edge_label_t - pill_width / 2 >= self->radius + 4 &&
                             min_spacing * (1 - self->edge_label_t) >= text_height + 6;
  }
}

static void
ensure_activations (NlNetworkView *self)
{
  if (self->activations_valid || self->net == NULL || self->sample == NULL)
    return;

  nl_net_forward (self->net, self->work, self->sample);
  self->activations_valid = TRUE;
}

/* How strongly to fill a neuron for activation @a: sigmoid and softmax
 * outputs (probabilities) are already in [0, 1]; other activations are
 * squashed into [-1, 1]. */
static double
fill_level (NlActivation activation,
            double       a)
{
  if (!isfinite (a))
    return 0;
  if (activation == NL_ACTIVATION_SIGMOID || activation == NL_ACTIVATION_SOFTMAX)
    return CLAMP (a, 0.0, 1.0);
  return tanh (a);
}

static double
edge_width (NlNetworkView *self,
            double         w)
{
  double big = self->net->n_weights > MANY_EDGES;
  double min_width = big ? 0.5 : 1.0;
  double max_width = big ? CLAMP (self->radius * 0.5, 1.0, 3.0) : CLAMP (self->radius * 0.35, 2.0, 8.0);
  double t = fabs (w) / MAX (self->max_abs_weight, 1e-9);

  if (!isfinite (t))
    t = 1.0;
  return min_width + (max_width - min_width) * CLAMP (t, 0.0, 1.0);
}

/* The key of every weight of a big network: its width bucket (of
 * N_WIDTH_BUCKETS, relative to the largest |w|) times two, plus one when it
 * is negative; NO_EDGE when it is not finite. The drawing depends on the
 * weights through these keys alone. */
static void
compute_edge_keys (NlNetworkView *self,
                   guint8        *keys)
{
  const NlNet *net = self->net;
  double scale = N_WIDTH_BUCKETS / MAX (self->max_abs_weight, 1e-9);

  for (size_t i = 0; i < net->n_weights; i++)
    {
      double w = net->params[i];
      double rel = fabs (w) * scale;
      int bucket;

      if (!isfinite (w))
        {
          keys[i] = NO_EDGE;
          continue;
        }
      bucket = (int) CLAMP (rel, 0, N_WIDTH_BUCKETS - 1);
      keys[i] = (guint8) (bucket * 2 + (w < 0));
    }
}

/* The width and colour of the edges of a big network's bucket @key (see
 * compute_edge_keys()): faint and thin for small weights. */
static void
edge_bucket_style (NlNetworkView *self,
                   const Palette *p,
                   guint          key,
                   double        *width,
                   GdkRGBA       *color)
{
  double t = (key / 2 + 0.5) / N_WIDTH_BUCKETS;

  *width = edge_width (self, t * self->max_abs_weight);
  *color = mix (&p->bg, key % 2 == 0 ? &p->positive : &p->negative,
                0.06 + 0.74 * pow (t, 1.5));
}

/* A big network's edges as cairo paths, looking as the cached layer does:
 * one path a bucket, faint and thin first. */
static void
draw_edge_buckets (NlNetworkView *self,
                   cairo_t       *cr,
                   const Palette *p)
{
  const NlNet *net = self->net;
  /* The cached layer's scratch array: it holds nothing between draws. */
  guint8 *keys = self->new_edge_keys;

  compute_edge_keys (self, keys);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint k = 0; k < 2 * N_WIDTH_BUCKETS; k++)
    {
      gboolean any = FALSE;
      double width;
      GdkRGBA color;

      for (guint l = 1; l < net->n_layers; l++)
        for (guint to = 0; to < net->sizes[l]; to++)
          for (guint from = 0; from < net->sizes[l - 1]; from++)
            {
              guint a = unit_id (net, l - 1, from);
              guint b = unit_id (net, l, to);

              if (keys[nl_net_weight_index (net, l, to, from)] != k)
                continue;
              cairo_move_to (cr, self->unit_x[a], self->unit_y[a]);
              cairo_line_to (cr, self->unit_x[b], self->unit_y[b]);
              any = TRUE;
            }
      if (!any)
        continue;

      edge_bucket_style (self, p, k, &width, &color);
      cairo_set_line_width (cr, width);
      set_source (cr, &color, 1.0);
      cairo_stroke (cr);
    }
}

static void
draw_edges (NlNetworkView *self,
            cairo_t       *cr,
            const Palette *p)
{
  const NlNet *net = self->net;
  /* Opaque colours mixed with the background, not alpha: the same look
   * where edges do not cross, and cheaper to composite. */
  GdkRGBA positive = mix (&p->bg, &p->positive, 0.85);
  GdkRGBA negative = mix (&p->bg, &p->negative, 0.85);

  if (net->n_weights > MANY_EDGES)
    {
      draw_edge_buckets (self, cr, p);
      return;
    }

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
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
          set_source (cr, w >= 0 ? &positive : &negative, 1.0);
          cairo_stroke (cr);
        }
}

/* Draws the edges of a big network, all of them, from @keys into @surface
 * (an ARGB32 image, @scale device pixels a unit): faint and thin first,
 * strong and thick on top, each bucket in one opaque colour mixed with the
 * background. */
static void
draw_edge_layer (NlNetworkView   *self,
                 cairo_surface_t *surface,
                 int              scale,
                 const Palette   *p,
                 const guint8    *keys)
{
  const NlNet *net = self->net;
  guint start[2 * N_WIDTH_BUCKETS + 1] = { 0 };
  guint fill[2 * N_WIDTH_BUCKETS];
  guint32 *data;
  int stride, width_px, height_px;

  /* Sort the edges by key (a counting sort). */
  for (size_t i = 0; i < net->n_weights; i++)
    if (keys[i] != NO_EDGE)
      start[keys[i] + 1]++;
  for (guint k = 0; k < 2 * N_WIDTH_BUCKETS; k++)
    {
      start[k + 1] += start[k];
      fill[k] = start[k];
    }
  for (guint l = 1; l < net->n_layers; l++)
    for (guint to = 0; to < net->sizes[l]; to++)
      for (guint from = 0; from < net->sizes[l - 1]; from++)
        {
          size_t index = nl_net_weight_index (net, l, to, from);
          guint j;

          if (keys[index] == NO_EDGE)
            continue;
          j = fill[keys[index]]++;
          self->edge_order[2 * j] = unit_id (net, l - 1, from);
          self->edge_order[2 * j + 1] = unit_id (net, l, to);
        }

  cairo_surface_flush (surface);
  data = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  width_px = cairo_image_surface_get_width (surface);
  height_px = cairo_image_surface_get_height (surface);

  for (guint k = 0; k < 2 * N_WIDTH_BUCKETS; k++)
    {
      double width;
      GdkRGBA color;
      guint32 pixel;

      edge_bucket_style (self, p, k, &width, &color);
      width *= scale;
      pixel = nl_raster_argb32 (&color);

      for (guint j = start[k]; j < start[k + 1]; j++)
        {
          guint a = self->edge_order[2 * j];
          guint b = self->edge_order[2 * j + 1];

          nl_raster_segment (data, stride, width_px, height_px,
                          self->unit_x[a] * scale, self->unit_y[a] * scale,
                          self->unit_x[b] * scale, self->unit_y[b] * scale,
                          width, pixel);
        }
    }

  cairo_surface_mark_dirty (surface);
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
          double x = self->unit_x[a] + (self->unit_x[b] - self->unit_x[a]) * self->edge_label_t;
          double y = self->unit_y[a] + (self->unit_y[b] - self->unit_y[a]) * self->edge_label_t;
          char name[32];
          g_autofree char *text = NULL;

          nl_net_param_name (net, index, name, sizeof name);
          text = g_strdup_printf ("%s = %.2f", name, w);
          draw_pill (cr, layout, text, x, y, p, w >= 0 ? &p->positive : &p->negative);
        }
}

/* The fill of neuron @id of layer @l, and the colour its text reads best in
 * on it. */
static void
unit_colors (NlNetworkView *self,
             const Palette *p,
             guint          l,
             guint          id,
             GdkRGBA       *fill,
             GdkRGBA       *text_color)
{
  const NlNet *net = self->net;

  *fill = p->bg;
  *text_color = p->fg;

  if (self->sample != NULL)
    {
      double level = fill_level (l > 0 ? net->activation[l] : NL_ACTIVATION_LINEAR,
                                 self->work->a[id]);

      if (l == 0)
        level = tanh (self->work->a[id]);
      *fill = mix (&p->bg, level >= 0 ? &p->positive : &p->negative, fabs (level) * 0.9);
      /* Whichever of the theme's two colours reads better on the fill. */
      if (fabs (luminance (fill) - luminance (&p->fg)) <
          fabs (luminance (fill) - luminance (&p->bg)))
        *text_color = p->bg;
    }
  else if (l == 0)
    *fill = mix (&p->bg, &p->fg, 0.06);
}

/* Adds the ring between radii @inner and @outer around (@x, @y) to the
 * path, for filling with the even-odd rule. */
static void
annulus (cairo_t *cr,
         double   x,
         double   y,
         double   inner,
         double   outer)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, outer, 0, 2 * G_PI);
  cairo_close_path (cr);
  cairo_new_sub_path (cr);
  cairo_arc_negative (cr, x, y, inner, 2 * G_PI, 0);
  cairo_close_path (cr);
}

/* Which colour a neuron's outline takes: 0 the text colour, 1 positive,
 * 2 negative (its bias's sign when there are no rings to show it). */
static int
outline_group (NlNetworkView *self,
               guint          l,
               guint          u)
{
  if (l == 0 || self->show_rings)
    return 0;
  return bias_at (self->net, l, u) >= 0 ? 1 : 2;
}

#define N_RING_BUCKETS 16

/* The ring width of a bias, its bucket out of N_RING_BUCKETS, or -1 for
 * no ring. */
static double
ring_width (NlNetworkView *self,
            guint          l,
            guint          u,
            int           *bucket)
{
  double bias = bias_at (self->net, l, u);
  double t = CLAMP (fabs (bias) / MAX (self->max_abs_bias, 1e-9), 0.0, 1.0);

  if (l == 0 || !self->show_rings || !isfinite (bias))
    {
      if (bucket)
        *bucket = -1;
      return 0;
    }
  if (bucket)
    *bucket = (int) MIN (t * N_RING_BUCKETS, N_RING_BUCKETS - 1.0);
  return 1.5 + 3.5 * t;
}

/* What can be seen of neuron @u of layer @l in a big network, as a number
 * that changes when that does: its outline's colour, its ring's bucket and
 * sign, its fill (the activation in 1/64ths). */
static guint32
unit_key (NlNetworkView *self,
          guint          l,
          guint          u)
{
  const NlNet *net = self->net;
  guint32 key = (guint32) outline_group (self, l, u);
  int bucket;

  ring_width (self, l, u, &bucket);
  if (bucket >= 0)
    key |= (guint32) (bucket + 1) << 2 | (guint32) (bias_at (net, l, u) < 0) << 7;

  if (self->sample != NULL)
    {
      double a = self->work->a[unit_id (net, l, u)];
      double level = l > 0 ? fill_level (net->activation[l], a) : tanh (a);

      if (!isfinite (level))
        level = 0;
      key |= (guint32) (lround (CLAMP (level, -1.0, 1.0) * 64) + 65) << 8;
    }
  else if (l == 0)
    key |= 1u << 16;

  return key;
}

/* Draws the circles of the neurons of a big network (their rings, fills and
 * outlines, no text) into @surface, @scale device pixels a unit, as
 * draw_units() would with cairo: a few hundred small circles cost cairo a
 * pass over the rows of the whole path each, this a pass over their own
 * pixels. */
static void
raster_units (NlNetworkView   *self,
              cairo_surface_t *surface,
              int              scale,
              const Palette   *p)
{
  const NlNet *net = self->net;
  double r = self->radius * scale;
  double outline = (self->radius >= 8 ? 1.5 : 1.0) * scale;
  GdkRGBA ring_positive = mix (&p->bg, &p->positive, 0.9);
  GdkRGBA ring_negative = mix (&p->bg, &p->negative, 0.9);
  const GdkRGBA outline_colors[3] = {
    mix (&p->bg, &p->fg, 0.7), ring_positive, ring_negative,
  };
  guint32 *data;
  int stride, width_px, height_px;

  cairo_surface_flush (surface);
  data = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  width_px = cairo_image_surface_get_width (surface);
  height_px = cairo_image_surface_get_height (surface);

  for (guint l = 0; l < net->n_layers; l++)
    for (guint u = 0; u < net->sizes[l]; u++)
      {
        guint id = unit_id (net, l, u);
        double cx = self->unit_x[id] * scale;
        double cy = self->unit_y[id] * scale;
        int bucket;
        double ring = ring_width (self, l, u, &bucket) * scale;
        double ring_in = r + 2 * scale;
        double extent = (bucket >= 0 ? ring_in + ring : r + outline / 2) + 1;
        guint32 ring_pixel = nl_raster_argb32 (bias_at (net, l, u) >= 0 ? &ring_positive
                                                                        : &ring_negative);
        guint32 outline_pixel = nl_raster_argb32 (&outline_colors[outline_group (self, l, u)]);
        guint32 fill_pixel;
        GdkRGBA fill, text_color;
        int x0, x1, y0, y1;

        unit_colors (self, p, l, id, &fill, &text_color);
        fill_pixel = nl_raster_argb32 (&fill);

        x0 = (int) MAX (floor (cx - extent), 0.0);
        x1 = (int) MIN (ceil (cx + extent), (double) width_px);
        y0 = (int) MAX (floor (cy - extent), 0.0);
        y1 = (int) MIN (ceil (cy + extent), (double) height_px);
        for (int y = y0; y < y1; y++)
          for (int x = x0; x < x1; x++)
            {
              guint32 *pixel = &data[(gsize) y * stride + x];
              double dx = x + 0.5 - cx;
              double dy = y + 0.5 - cy;
              double d = sqrt (dx * dx + dy * dy);

              if (bucket >= 0)
                nl_raster_blend (pixel, ring_pixel, nl_raster_ring_coverage (d, ring_in, ring_in + ring));
              nl_raster_blend (pixel, fill_pixel, nl_raster_ring_coverage (d, -1, r));
              nl_raster_blend (pixel, outline_pixel,
                               nl_raster_ring_coverage (d, r - outline / 2, r + outline / 2));
            }
      }

  cairo_surface_mark_dirty (surface);
}

static void
draw_units (NlNetworkView *self,
            cairo_t       *cr,
            PangoLayout   *layout,
            PangoLayout   *bold_layout,
            const Palette *p,
            gboolean       circles)
{
  const NlNet *net = self->net;
  double r = self->radius;
  double outline = r >= 8 ? 1.5 : 1.0;
  GdkRGBA ring_positive = mix (&p->bg, &p->positive, 0.9);
  GdkRGBA ring_negative = mix (&p->bg, &p->negative, 0.9);
  const GdkRGBA outline_colors[3] = {
    mix (&p->bg, &p->fg, 0.7), ring_positive, ring_negative,
  };
  double text_height;

  text_size (layout, "0", NULL, &text_height);
  /* Outlines and rings are filled as rings (annuli) rather than stroked:
   * the same pixels, without the stroker's cost for every circle. And in
   * opaque colours mixed with the background rather than translucent ones,
   * which cairo fills without a mask of the path's extents (that of all the
   * neurons, nearly the whole widget). */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  /* The bias as a ring: colour for its sign, width for its size. */
  if (circles && self->show_rings)
    for (guint l = 1; l < net->n_layers; l++)
      for (guint u = 0; u < net->sizes[l]; u++)
        {
          guint id = unit_id (net, l, u);
          double bias = bias_at (net, l, u);
          int bucket;
          double ring = ring_width (self, l, u, &bucket);

          if (bucket < 0)
            continue;
          annulus (cr, self->unit_x[id], self->unit_y[id], r + 2, r + 2 + ring);
          set_source (cr, bias >= 0 ? &ring_positive : &ring_negative, 1.0);
          cairo_fill (cr);
        }

  /* The neurons do not overlap: those of one colour go in one path, as a
   * deep network has hundreds and each cairo operation has its cost. */
  if (!circles)
    ;
  else if (self->sample == NULL)
    {
      for (int input = 1; input >= 0; input--)
        {
          GdkRGBA fill, text_color;

          for (guint l = input ? 0 : 1; l < (input ? 1 : net->n_layers); l++)
            for (guint u = 0; u < net->sizes[l]; u++)
              {
                guint id = unit_id (net, l, u);

                cairo_new_sub_path (cr);
                cairo_arc (cr, self->unit_x[id], self->unit_y[id], r, 0, 2 * G_PI);
              }
          unit_colors (self, p, input ? 0 : 1, 0, &fill, &text_color);
          set_source (cr, &fill, 1.0);
          cairo_fill (cr);
        }
    }
  else
    {
      for (guint l = 0; l < net->n_layers; l++)
        for (guint u = 0; u < net->sizes[l]; u++)
          {
            guint id = unit_id (net, l, u);
            GdkRGBA fill, text_color;

            unit_colors (self, p, l, id, &fill, &text_color);
            cairo_new_sub_path (cr);
            cairo_arc (cr, self->unit_x[id], self->unit_y[id], r, 0, 2 * G_PI);
            set_source (cr, &fill, 1.0);
            cairo_fill (cr);
          }
    }

  for (int group = 0; circles && group < 3; group++)
    {
      gboolean any = FALSE;

      for (guint l = 0; l < net->n_layers; l++)
        for (guint u = 0; u < net->sizes[l]; u++)
          {
            guint id = unit_id (net, l, u);

            if (outline_group (self, l, u) != group)
              continue;
            annulus (cr, self->unit_x[id], self->unit_y[id], r - outline / 2, r + outline / 2);
            any = TRUE;
          }
      if (!any)
        continue;
      set_source (cr, &outline_colors[group], 1.0);
      cairo_fill (cr);
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

  for (guint l = 0; l < net->n_layers; l++)
    for (guint u = 0; u < net->sizes[l]; u++)
      {
        guint id = unit_id (net, l, u);
        double x = self->unit_x[id];
        double y = self->unit_y[id];
        GdkRGBA fill, text_color;
        char name[32];

        if (!self->show_unit_labels && !self->show_bias_labels &&
            !(l == 0 && self->show_names) &&
            !(l == net->n_layers - 1 && self->show_output_names))
          continue;
        unit_colors (self, p, l, id, &fill, &text_color);
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

            /* Hidden neurons in the upper half carry their bias above them,
             * the rest below: the weight labels of edges that cross between
             * two neurons sit just under the upper one. */
            double offset = r + 10 + text_height / 2;
            gboolean above = l < net->n_layers - 1 && 2 * u + 1 < net->sizes[l];

            nl_net_param_name (net, index, bname, sizeof bname);
            text = g_strdup_printf ("%s = %.2f", bname, bias_at (net, l, u));
            draw_pill (cr, layout, text, x, above ? y - offset : y + offset, p,
                       bias_at (net, l, u) >= 0 ? &p->positive : &p->negative);
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

        if (l == net->n_layers - 1 && self->show_output_names)
          {
            const char *what = output_name (self, u);

            if (what != NULL)
              {
                set_source (cr, &p->fg, 0.85);
                draw_name_at_right (cr, layout, what, x + r + NAME_GAP, y,
                                    self->output_name_width);
              }
          }
      }

  if (self->show_softmax)
    {
      guint first = unit_id (net, (guint) net->n_layers - 1, 0);
      /* Translators: over the output neurons of a network that has one a
       * class: their activations are the softmax of their sums. */
      const char *caption = _("softmax");
      double w;

      /* Centred over the outputs, but not past the right edge. */
      text_size (layout, caption, &w, NULL);
      set_source (cr, &p->fg, 0.6);
      draw_text (cr, layout, caption,
                 MIN (self->unit_x[first], self->layout_width - PADDING - w / 2),
                 self->unit_y[first] - r - (self->show_rings ? 9 : 4) - text_height / 2, 0.5);
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

/* The edges and neurons of a big network as an image of the widget's size
 * in device pixels, redrawn only when what it shows has changed. */
static cairo_surface_t *
ensure_layer_surface (NlNetworkView *self,
                     const Palette *p,
                     int            width,
                     int            height)
{
  const NlNet *net = self->net;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *surface;

  compute_edge_keys (self, self->new_edge_keys);
  for (guint l = 0; l < net->n_layers; l++)
    for (guint u = 0; u < net->sizes[l]; u++)
      self->new_unit_keys[unit_id (net, l, u)] = unit_key (self, l, u);

  if (self->edge_surface != NULL &&
      self->edge_layout_serial == self->layout_serial &&
      self->edge_scale == scale &&
      gdk_rgba_equal (&self->edge_colors[0], &p->positive) &&
      gdk_rgba_equal (&self->edge_colors[1], &p->negative) &&
      gdk_rgba_equal (&self->edge_colors[2], &p->bg) &&
      gdk_rgba_equal (&self->edge_colors[3], &p->fg) &&
      memcmp (self->edge_keys, self->new_edge_keys, net->n_weights) == 0 &&
      memcmp (self->unit_keys, self->new_unit_keys, net->n_units * sizeof (guint32)) == 0)
    return self->edge_surface;

  memcpy (self->edge_keys, self->new_edge_keys, net->n_weights);
  memcpy (self->unit_keys, self->new_unit_keys, net->n_units * sizeof (guint32));
  self->edge_layout_serial = self->layout_serial;
  self->edge_scale = scale;
  self->edge_colors[0] = p->positive;
  self->edge_colors[1] = p->negative;
  self->edge_colors[2] = p->bg;
  self->edge_colors[3] = p->fg;

  /* A new image each time rather than drawing over the old one: the render
   * nodes of earlier frames may still hold that. */
  g_clear_pointer (&self->edge_surface, cairo_surface_destroy);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  draw_edge_layer (self, surface, scale, p, self->edge_keys);
  raster_units (self, surface, scale, p);
  cairo_surface_set_device_scale (surface, scale, scale);
  self->edge_surface = surface;

  return surface;
}

/* Draws the diagram at @width x @height into @cr, for the screen or, with
 * @vector, for a file: there a big network's edges and neurons are cairo
 * paths too, rather than the cached image. */
static void
draw_diagram (NlNetworkView *self,
              cairo_t       *cr,
              int            width,
              int            height,
              const Palette *p,
              gboolean       vector)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) bold_layout = NULL;
  gboolean cached = FALSE;

  if (width <= 0 || height <= 0 || self->net == NULL)
    return;

  update_layout (self, width, height);
  ensure_activations (self);

  layout = create_layout (self, 0.9, FALSE);
  bold_layout = create_layout (self, 0.9, TRUE);

  if (!vector && self->net->n_weights > MANY_EDGES)
    {
      cairo_surface_t *layer = ensure_layer_surface (self, p, width, height);

      if (layer != NULL)
        {
          cairo_set_source_surface (cr, layer, 0, 0);
          cairo_paint (cr);
          cached = TRUE;
        }
    }
  if (!cached)
    draw_edges (self, cr, p);
  if (self->show_edge_labels)
    draw_edge_labels (self, cr, layout, p);
  draw_units (self, cr, layout, bold_layout, p, !cached);
  if (self->show_legend)
    draw_legend (self, cr, layout, p, width, height);
}

static void
nl_network_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  NlNetworkView *self = NL_NETWORK_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Palette p;

  if (width <= 0 || height <= 0)
    return;

  palette_init (self, &p);

  if (self->net != NULL)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (0, 0, width, height));

      draw_diagram (self, cr, width, height, &p, FALSE);
      cairo_destroy (cr);
    }

  nl_theme_append_focus_ring (widget, snapshot, &p.positive);
}

/* The export's drawing: the snapshot's, all of it vector, on the theme's
 * background made opaque. */
static void
export_draw_cb (cairo_t  *cr,
                int       width,
                int       height,
                gpointer  user_data)
{
  NlNetworkView *self = user_data;
  Palette p;

  palette_init (self, &p);
  cairo_set_source_rgb (cr, p.bg.red, p.bg.green, p.bg.blue);
  cairo_paint (cr);

  draw_diagram (self, cr, width, height, &p, TRUE);
}

gboolean
nl_network_view_export (NlNetworkView   *self,
                        GFile           *file,
                        NlExportFormat   format,
                        GError         **error)
{
  int width, height;
  gboolean ok;

  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width > 0 && height > 0)
    return nl_export_draw_to_file (file, format, width, height, export_draw_cb, self, error);

  ok = nl_export_draw_to_file (file, format, EXPORT_WIDTH, EXPORT_HEIGHT,
                               export_draw_cb, self, error);
  /* The neurons were laid out for the export's size: the screen needs its
   * own layout back. */
  self->layout_valid = FALSE;

  return ok;
}

static gboolean
export_file_cb (GtkWidget       *widget,
                GFile           *file,
                NlExportFormat   format,
                GError         **error)
{
  return nl_network_view_export (NL_NETWORK_VIEW (widget), file, format, error);
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
            const char *what = hit.layer == net->n_layers - 1 ? output_name (self, hit.to) : NULL;

            nl_net_param_name (net, index, param, sizeof param);
            if (what != NULL)
              /* Translators: an output neuron, what it stands for (a class
               * or the number to predict), and its bias. */
              g_string_append_printf (text, _("%s “%s”: bias %s = %.4f"), to_name, what, param,
                                      net->params[index]);
            else
              g_string_append_printf (text, _("%s: bias %s = %.4f"), to_name, param,
                                      net->params[index]);
            if (self->sample != NULL && hit.layer == net->n_layers - 1 && is_softmax (net))
              /* Translators: after an output neuron's bias: its activation,
               * the softmax of the output layer's sums, is the probability
               * the network gives its class. */
              g_string_append_printf (text, _(", probability %.4f (softmax)"), self->work->a[id]);
            else if (self->sample != NULL)
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

gboolean
nl_network_view_get_parameter_position (NlNetworkView *self,
                                        guint          param,
                                        double        *x,
                                        double        *y)
{
  const NlNet *net;
  guint a = 0, b = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), FALSE);

  net = self->net;
  if (net == NULL || param >= net->n_params)
    return FALSE;

  for (guint l = 1; l < net->n_layers && !found; l++)
    {
      size_t n_from = net->sizes[l - 1];

      if (param >= net->w_offset[l] && param < net->w_offset[l] + net->sizes[l] * n_from)
        {
          size_t i = param - net->w_offset[l];

          a = unit_id (net, l - 1, (guint) (i % n_from));
          b = unit_id (net, l, (guint) (i / n_from));
          found = TRUE;
        }
      else if (param >= net->b_offset[l] && param < net->b_offset[l] + net->sizes[l])
        {
          a = b = unit_id (net, l, (guint) (param - net->b_offset[l]));
          found = TRUE;
        }
    }
  if (!found)
    return FALSE;

  update_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)));
  /* A little past the middle of an edge, so that two edges that cross at
   * their middles still point to different spots. */
  if (x)
    *x = 0.4 * self->unit_x[a] + 0.6 * self->unit_x[b];
  if (y)
    *y = 0.4 * self->unit_y[a] + 0.6 * self->unit_y[b];
  return TRUE;
}

static gboolean
colors_equal (const NlThemeColors *a,
              const NlThemeColors *b)
{
  return gdk_rgba_equal (&a->fg, &b->fg) && gdk_rgba_equal (&a->bg, &b->bg) &&
         gdk_rgba_equal (&a->positive, &b->positive) &&
         gdk_rgba_equal (&a->negative, &b->negative);
}

/* The map of neuron (@layer, @unit) over the plane, drawn as the boundary
 * view draws its heatmap: colours, then the contour where it means
 * something, then a thin frame. */
static GdkTexture *
render_thumbnail (NlNetworkView       *self,
                  guint                layer,
                  guint                unit,
                  const NlThemeColors *colors)
{
  const NlNet *net = self->net;
  g_autofree double *x = g_new0 (double, nl_net_n_inputs (net));
  float values[THUMBNAIL_GRID * THUMBNAIL_GRID];
  NlHeatmapScale scale;
  NlHeatmapRamp ramp;
  cairo_surface_t *image, *surface;
  GBytes *bytes;
  GdkTexture *texture;
  cairo_t *cr;

  for (gsize i = 0; i < nl_net_n_inputs (net) && i < self->plane_n_held; i++)
    x[i] = isfinite (self->plane_held[i]) ? self->plane_held[i] : 0.0;
  nl_heatmap_sample (net, self->thumbnail_work, x, self->plane_x, self->plane_y, layer, unit,
                     self->plane_x0, self->plane_x1, self->plane_y0, self->plane_y1,
                     THUMBNAIL_GRID, THUMBNAIL_GRID, values, NULL);
  nl_heatmap_scale_init (&scale, net, layer, values, G_N_ELEMENTS (values));
  nl_heatmap_ramp_init (&ramp, colors);
  image = nl_heatmap_image (&ramp, &scale, values, THUMBNAIL_GRID, THUMBNAIL_GRID);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  cr = cairo_create (surface);
  nl_heatmap_paint (cr, image, 0, 0, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  if (scale.has_level)
    {
      nl_heatmap_contour_path (cr, values, THUMBNAIL_GRID, THUMBNAIL_GRID, scale.level,
                               0, 0, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
      set_source (cr, &colors->fg, 0.75);
      cairo_set_line_width (cr, 1.2);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);
    }
  cairo_rectangle (cr, 0.5, 0.5, THUMBNAIL_SIZE - 1, THUMBNAIL_SIZE - 1);
  set_source (cr, &colors->fg, 0.4);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is GDK_MEMORY_DEFAULT; the bytes keep the surface. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * THUMBNAIL_SIZE,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (THUMBNAIL_SIZE, THUMBNAIL_SIZE, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize) cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
  return texture;
}

/* The thumbnail of neuron (@layer, @unit), from the cache when it is still
 * good; NULL for an input or without a plane. */
static GdkTexture *
unit_thumbnail (NlNetworkView *self,
                guint          layer,
                guint          unit)
{
  const NlNet *net = self->net;
  NlThemeColors colors;
  GdkTexture *texture;
  gpointer key;

  if (!self->have_plane || self->thumbnail_work == NULL ||
      !nl_heatmap_unit_exists (net, layer, unit) ||
      self->plane_x == self->plane_y ||
      self->plane_x >= nl_net_n_inputs (net) || self->plane_y >= nl_net_n_inputs (net))
    return NULL;

  nl_theme_colors_get (GTK_WIDGET (self), &colors);
  if (self->thumbnails_params_serial != self->params_serial ||
      self->thumbnails_plane_serial != self->plane_serial ||
      !colors_equal (&colors, &self->thumbnails_colors))
    {
      g_hash_table_remove_all (self->thumbnails);
      self->thumbnails_params_serial = self->params_serial;
      self->thumbnails_plane_serial = self->plane_serial;
      self->thumbnails_colors = colors;
    }

  key = GUINT_TO_POINTER (unit_id (net, layer, unit));
  texture = g_hash_table_lookup (self->thumbnails, key);
  if (texture == NULL)
    {
      texture = render_thumbnail (self, layer, unit, &colors);
      g_hash_table_insert (self->thumbnails, key, texture);
    }
  return g_object_ref (texture);
}

GdkTexture *
nl_network_view_get_thumbnail_at (NlNetworkView *self,
                                  double         x,
                                  double         y)
{
  Hit hit;

  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), NULL);

  hit = hit_test (self, x, y);
  if (hit.kind != HIT_UNIT || hit.layer == 0)
    return NULL;
  return unit_thumbnail (self, hit.layer, hit.to);
}

void
nl_network_view_set_map_plane (NlNetworkView *self,
                               guint          input_x,
                               guint          input_y,
                               const double  *held,
                               guint          n_held,
                               double         x_min,
                               double         x_max,
                               double         y_min,
                               double         y_max)
{
  g_return_if_fail (NL_IS_NETWORK_VIEW (self));

  self->have_plane = TRUE;
  self->plane_x = input_x;
  self->plane_y = input_y;
  g_clear_pointer (&self->plane_held, g_free);
  self->plane_n_held = held != NULL ? n_held : 0;
  if (self->plane_n_held > 0)
    self->plane_held = g_memdup2 (held, (gsize) n_held * sizeof (double));
  self->plane_x0 = x_min;
  self->plane_x1 = x_max;
  self->plane_y0 = y_min;
  self->plane_y1 = y_max;
  self->plane_serial++;
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
  g_autoptr (GdkTexture) thumbnail = NULL;

  if (keyboard_mode)
    return FALSE;

  text = nl_network_view_describe_at (self, x, y);
  if (text == NULL)
    return FALSE;

  thumbnail = nl_network_view_get_thumbnail_at (self, x, y);
  if (thumbnail != NULL)
    {
      /* The same widgets every time: GTK keeps a custom widget that does
       * not change, so the tooltip does not flicker as the pointer moves. */
      gtk_label_set_text (GTK_LABEL (self->tooltip_label), text);
      gtk_picture_set_paintable (GTK_PICTURE (self->tooltip_picture), GDK_PAINTABLE (thumbnail));
      gtk_tooltip_set_custom (tooltip, self->tooltip_box);
    }
  else
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
  g_autoptr(GString) outputs = g_string_new (NULL);
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

  for (guint k = 0; k < nl_net_n_outputs (net); k++)
    {
      const char *what = output_name (self, k);
      char name[32];

      nl_net_unit_name (net, net->n_layers - 1, k, name, sizeof name);
      if (k > 0)
        g_string_append (outputs, ", ");
      g_string_append (outputs, name);
      if (what != NULL)
        g_string_append_printf (outputs, " (%s)", what);
    }

  if (nl_net_n_outputs (net) > 1 && net->n_layers > 2)
    /* Translators: the network diagram's summary for screen readers when
     * it has an output a class: "Inputs x1 (Sepal length), ...; hidden
     * layers of 8 neurons; outputs under a softmax: o1 (setosa), o2
     * (versicolor), o3 (virginica)". */
    description = g_strdup_printf (_("Inputs %s; hidden layers of %s neurons; outputs under a softmax: %s"),
                                   inputs->str, hidden->str, outputs->str);
  else if (nl_net_n_outputs (net) > 1)
    description = g_strdup_printf (_("Inputs %s; outputs under a softmax: %s"),
                                   inputs->str, outputs->str);
  else if (output_name (self, 0) != NULL && net->n_layers > 2)
    /* Translators: as the summary above, for one output named after what
     * it predicts: "...; one output, o1 (Body mass (g))". */
    description = g_strdup_printf (_("Inputs %s; hidden layers of %s neurons; one output, %s"),
                                   inputs->str, hidden->str, outputs->str);
  else if (output_name (self, 0) != NULL)
    description = g_strdup_printf (_("Inputs %s; one output, %s"), inputs->str, outputs->str);
  else if (net->n_layers > 2)
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
nl_network_view_dispose (GObject *object)
{
  NlNetworkView *self = NL_NETWORK_VIEW (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_object (&self->tooltip_box);
  if (self->thumbnails != NULL)
    g_hash_table_remove_all (self->thumbnails);

  G_OBJECT_CLASS (nl_network_view_parent_class)->dispose (object);
}

static void
nl_network_view_finalize (GObject *object)
{
  NlNetworkView *self = NL_NETWORK_VIEW (object);

  g_clear_pointer (&self->net, nl_net_free);
  g_clear_pointer (&self->work, nl_work_free);
  g_clear_pointer (&self->sample, g_free);
  g_clear_pointer (&self->input_names, g_strfreev);
  g_clear_pointer (&self->output_names, g_strfreev);
  g_clear_pointer (&self->unit_x, g_free);
  g_clear_pointer (&self->unit_y, g_free);
  g_clear_pointer (&self->edge_keys, g_free);
  g_clear_pointer (&self->new_edge_keys, g_free);
  g_clear_pointer (&self->unit_keys, g_free);
  g_clear_pointer (&self->new_unit_keys, g_free);
  g_clear_pointer (&self->edge_order, g_free);
  g_clear_pointer (&self->edge_surface, cairo_surface_destroy);
  g_clear_pointer (&self->thumbnail_work, nl_work_free);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_pointer (&self->plane_held, g_free);

  G_OBJECT_CLASS (nl_network_view_parent_class)->finalize (object);
}

static void
nl_network_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  NlNetworkView *self = NL_NETWORK_VIEW (widget);

  /* Only a new size moves the neurons (and so invalidates the cached
   * layer); the window allocates again whenever a label beside it changes. */
  if (width != self->layout_width || height != self->layout_height)
    self->layout_valid = FALSE;

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
nl_network_view_state_flags_changed (GtkWidget     *widget,
                                     GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (nl_network_view_parent_class)->state_flags_changed (widget, previous);

  /* The focus ring comes and goes. */
  if ((gtk_widget_get_state_flags (widget) ^ previous) & GTK_STATE_FLAG_FOCUS_VISIBLE)
    gtk_widget_queue_draw (widget);
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

int
nl_network_view_get_readable_height (NlNetworkView *self)
{
  gsize widest;
  int height;

  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), 120);

  /* Room for the widest layer's neurons to stay circles one can tell apart
   * and click, and for the softmax's caption; the tutorial's network needs
   * no more than the minimum. */
  widest = self->net != NULL ? max_layer_size (self->net) : 0;
  height = (int) CLAMP (widest * MIN_ROW_SPACING + 2 * PADDING
                        + (self->net != NULL && is_softmax (self->net) ? 20 : 0),
                        120, 240);
  /* Many classes need a line of text each for their names. */
  if (self->net != NULL && is_softmax (self->net))
    height = MAX (height, (int) MIN (nl_net_n_outputs (self->net) * 16 + 2 * PADDING + 20
                                     + LEGEND_HEIGHT, 420));
  return height;
}

static void
nl_network_view_class_init (NlNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_network_view_dispose;
  object_class->finalize = nl_network_view_finalize;

  widget_class->snapshot = nl_network_view_snapshot;
  widget_class->measure = nl_network_view_measure;
  widget_class->size_allocate = nl_network_view_size_allocate;
  widget_class->css_changed = nl_network_view_css_changed;
  widget_class->state_flags_changed = nl_network_view_state_flags_changed;

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

  /**
   * NlNetworkView|diagram.export:
   * @format: "png", "svg" or "pdf"
   *
   * Asks for a file and exports the diagram to it.
   */
  nl_export_class_install (widget_class, "diagram.export",
                           /* Translators: the file name an exported diagram is
                            * offered under, without its extension. */
                           N_("network"),
                           export_file_cb, G_STRUCT_OFFSET (NlNetworkView, menu));

  gtk_widget_class_set_css_name (widget_class, "nl-network-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nl_network_view_init (NlNetworkView *self)
{
  GtkGesture *click;
  GtkEventController *motion;

  nl_export_init_widget (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  self->thumbnails = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->tooltip_box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  self->tooltip_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->tooltip_label), 0);
  gtk_box_append (GTK_BOX (self->tooltip_box), self->tooltip_label);
  self->tooltip_picture = gtk_picture_new ();
  gtk_widget_set_halign (self->tooltip_picture, GTK_ALIGN_START);
  gtk_widget_set_size_request (self->tooltip_picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_box_append (GTK_BOX (self->tooltip_box), self->tooltip_picture);

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
      g_clear_pointer (&self->thumbnail_work, nl_work_free);
      g_clear_pointer (&self->edge_surface, cairo_surface_destroy);
      self->layout_valid = FALSE;
      self->params_serial++;
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
      g_clear_pointer (&self->thumbnail_work, nl_work_free);
      self->net = copy;
      self->work = work;
      /* Its own scratch: the sample's activations stay in self->work. */
      self->thumbnail_work = nl_work_new (copy);
      self->unit_x = g_renew (double, self->unit_x, copy->n_units);
      self->unit_y = g_renew (double, self->unit_y, copy->n_units);
      self->edge_keys = g_renew (guint8, self->edge_keys, copy->n_weights);
      self->new_edge_keys = g_renew (guint8, self->new_edge_keys, copy->n_weights);
      self->unit_keys = g_renew (guint32, self->unit_keys, copy->n_units);
      self->new_unit_keys = g_renew (guint32, self->new_unit_keys, copy->n_units);
      self->edge_order = g_renew (guint, self->edge_order, 2 * copy->n_weights);
      g_clear_pointer (&self->edge_surface, cairo_surface_destroy);
      self->layout_valid = FALSE;

      /* A sample for another number of inputs means nothing any more. */
      if (self->sample != NULL && copy->sizes[0] != old_inputs)
        g_clear_pointer (&self->sample, g_free);
      update_description (self);
    }

  update_maxima (self);
  self->params_serial++;
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
nl_network_view_set_output_names (NlNetworkView      *self,
                                  const char * const *names)
{
  g_return_if_fail (NL_IS_NETWORK_VIEW (self));

  if (self->output_names == NULL && names == NULL)
    return;
  if (self->output_names != NULL && names != NULL &&
      g_strv_equal ((const char * const *) self->output_names, names))
    return;

  g_strfreev (self->output_names);
  self->output_names = g_strdupv ((char **) names);
  self->layout_valid = FALSE;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
nl_network_view_get_output_name (NlNetworkView *self,
                                 guint          unit)
{
  g_return_val_if_fail (NL_IS_NETWORK_VIEW (self), NULL);

  if (self->net == NULL || unit >= nl_net_n_outputs (self->net))
    return NULL;
  return output_name (self, unit);
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
