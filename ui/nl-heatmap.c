/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-heatmap.c: a neuron's output over the plane of two inputs, sampled on
 * a grid and coloured. */

#include "nl-heatmap.h"

#include <math.h>
#include <string.h>

/* How far the colours go from the background towards the class colours at
 * the ends of the scale: soft, so the rows drawn on top stand out. */
#define RAMP_STRENGTH 0.42

static void
rgba_to_array (const GdkRGBA *c,
               double         out[3])
{
  out[0] = c->red;
  out[1] = c->green;
  out[2] = c->blue;
}

void
nl_heatmap_ramp_init (NlHeatmapRamp       *ramp,
                      const NlThemeColors *colors)
{
  rgba_to_array (&colors->bg, ramp->bg);
  rgba_to_array (&colors->positive, ramp->pos);
  rgba_to_array (&colors->negative, ramp->neg);
}

gboolean
nl_heatmap_ramp_equal (const NlHeatmapRamp *a,
                       const NlHeatmapRamp *b)
{
  return memcmp (a, b, sizeof (NlHeatmapRamp)) == 0;
}

gboolean
nl_heatmap_unit_exists (const NlNet *net,
                        guint        layer,
                        guint        unit)
{
  return net != NULL && layer >= 1 && layer < net->n_layers && unit < net->sizes[layer];
}

double
nl_heatmap_unit_value (const NlNet  *net,
                       NlWork       *work,
                       const double *x,
                       guint         layer,
                       guint         unit)
{
  double output = nl_net_forward (net, work, x);

  if (layer + 1 >= net->n_layers)
    return output;
  return work->a[net->unit_offset[layer] + unit];
}

gboolean
nl_heatmap_sample (const NlNet  *net,
                   NlWork       *work,
                   double       *x,
                   guint         input_x,
                   guint         input_y,
                   guint         layer,
                   guint         unit,
                   double        x0,
                   double        x1,
                   double        y0,
                   double        y1,
                   int           gw,
                   int           gh,
                   float        *values,
                   GCancellable *cancellable)
{
  for (int j = 0; j < gh; j++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      /* y first, then x: nl_boundary_view_get_output_at() sets them in the
       * same order, so a point on both axes reads the same. */
      x[input_y] = y1 - (j + 0.5) / gh * (y1 - y0);
      for (int i = 0; i < gw; i++)
        {
          x[input_x] = x0 + (i + 0.5) / gw * (x1 - x0);
          values[(gsize) j * gw + i] = (float) nl_heatmap_unit_value (net, work, x, layer, unit);
        }
    }
  return TRUE;
}

gboolean
nl_heatmap_sample_outputs (const NlNet  *net,
                           NlWork       *work,
                           double       *x,
                           guint         input_x,
                           guint         input_y,
                           double        x0,
                           double        x1,
                           double        y0,
                           double        y1,
                           int           gw,
                           int           gh,
                           float        *outputs,
                           GCancellable *cancellable)
{
  gsize n = nl_net_n_outputs (net);

  for (int j = 0; j < gh; j++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      /* In nl_heatmap_sample()'s order. */
      x[input_y] = y1 - (j + 0.5) / gh * (y1 - y0);
      for (int i = 0; i < gw; i++)
        {
          const double *out;
          float *sample = outputs + ((gsize) j * gw + i) * n;

          x[input_x] = x0 + (i + 0.5) / gw * (x1 - x0);
          nl_net_forward (net, work, x);
          out = nl_net_outputs (net, work);
          for (gsize k = 0; k < n; k++)
            sample[k] = (float) out[k];
        }
    }
  return TRUE;
}

void
nl_heatmap_scale_init (NlHeatmapScale *scale,
                       const NlNet    *net,
                       guint           layer,
                       const float    *values,
                       gsize           n_values)
{
  NlActivation activation = layer + 1 >= net->n_layers ? NL_ACTIVATION_SIGMOID
                                                       : net->activation[layer];
  double max = 0.0;

  for (gsize k = 0; k < n_values; k++)
    {
      double v = activation == NL_ACTIVATION_RELU ? values[k] : fabs (values[k]);

      if (isfinite (v) && v > max)
        max = v;
    }
  /* A neuron that is flat at 0 over the whole plane still needs a range. */
  if (!(max > 1e-12))
    max = 1.0;

  switch (activation)
    {
    case NL_ACTIVATION_TANH:
      *scale = (NlHeatmapScale) { -1.0, 1.0, TRUE, TRUE, 0.0 };
      break;

    case NL_ACTIVATION_RELU:
      /* From nothing to the strongest: no boundary anywhere in between. */
      *scale = (NlHeatmapScale) { 0.0, max, FALSE, FALSE, 0.0 };
      break;

    case NL_ACTIVATION_LINEAR:
      /* Symmetric, so the sign reads as a colour; 0 is no threshold. */
      *scale = (NlHeatmapScale) { -max, max, TRUE, FALSE, 0.0 };
      break;

    case NL_ACTIVATION_SIGMOID:
    case NL_N_ACTIVATIONS:
    default:
      *scale = (NlHeatmapScale) { 0.0, 1.0, TRUE, TRUE, 0.5 };
      break;
    }
}

/* The colour @a of the way from the background to @c. */
static guint32
mix_pixel (const double bg[3],
           const double c[3],
           double       a)
{
  guint32 pixel = 0xff000000u;

  for (int k = 0; k < 3; k++)
    {
      double value = bg[k] + (c[k] - bg[k]) * a;
      guint32 byte = (guint32) lround (CLAMP (value, 0.0, 1.0) * 255.0);

      pixel |= byte << (16 - 8 * k);
    }
  return pixel;
}

static guint32
scale_pixel (const NlHeatmapRamp  *ramp,
             const NlHeatmapScale *scale,
             double                v,
             double                strength)
{
  double d;

  if (!isfinite (v))
    d = 0.0;
  else if (scale->diverging)
    d = CLAMP ((v - (scale->lo + scale->hi) / 2) / ((scale->hi - scale->lo) / 2), -1.0, 1.0);
  else
    d = CLAMP ((v - scale->lo) / (scale->hi - scale->lo), 0.0, 1.0);

  return mix_pixel (ramp->bg, d >= 0 ? ramp->pos : ramp->neg, fabs (d) * strength);
}

guint32
nl_heatmap_pixel (const NlHeatmapRamp  *ramp,
                  const NlHeatmapScale *scale,
                  double                v)
{
  return scale_pixel (ramp, scale, v, RAMP_STRENGTH);
}

guint32
nl_heatmap_point_pixel (const NlHeatmapRamp  *ramp,
                        const NlHeatmapScale *scale,
                        double                v)
{
  return scale_pixel (ramp, scale, v, 1.0);
}

guint32
nl_heatmap_class_pixel (const NlHeatmapRamp *ramp,
                        const double         color[3],
                        double               p,
                        guint                n_classes)
{
  double chance = 1.0 / MAX (n_classes, 2u);
  double sure = isfinite (p) ? CLAMP ((p - chance) / (1.0 - chance), 0.0, 1.0) : 0.0;

  return mix_pixel (ramp->bg, color, sure * RAMP_STRENGTH);
}

/* The top class of one sample's @n probabilities. */
static guint
top_class (const float *p,
           guint        n,
           float       *top)
{
  guint best = 0;

  for (guint k = 1; k < n; k++)
    if (p[k] > p[best])
      best = k;
  *top = p[best];
  return best;
}

cairo_surface_t *
nl_heatmap_class_image (const NlHeatmapRamp *ramp,
                        const double        *colors,
                        guint                n_classes,
                        const float         *outputs,
                        int                  gw,
                        int                  gh)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, gw, gh);
  guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);

  for (int j = 0; j < gh; j++)
    {
      guint32 *row = (guint32 *) (void *) (data + (gsize) j * stride);

      for (int i = 0; i < gw; i++)
        {
          const float *p = outputs + ((gsize) j * gw + i) * n_classes;
          float top;
          guint k = top_class (p, n_classes, &top);

          row[i] = nl_heatmap_class_pixel (ramp, colors + 3 * k, top, n_classes);
        }
    }
  cairo_surface_mark_dirty (image);
  return image;
}

void
nl_heatmap_class_borders_path (cairo_t     *cr,
                               const float *outputs,
                               guint        n_classes,
                               int          gw,
                               int          gh,
                               double       x,
                               double       y,
                               double       width,
                               double       height)
{
  gsize n = (gsize) gw * gh;
  g_autofree float *margin = g_new (float, n);
  g_autofree gboolean *top = g_new0 (gboolean, n_classes);

  /* Only the classes that are on top somewhere have a border. */
  for (gsize s = 0; s < n; s++)
    {
      float p;

      top[top_class (outputs + s * n_classes, n_classes, &p)] = TRUE;
    }

  /* Class k's margin over the best of the others is positive where it is
   * on top: its zero contour is its region's border. A border between two
   * classes is traced once from each side, along the same line. */
  for (guint k = 0; k < n_classes; k++)
    {
      if (!top[k])
        continue;
      for (gsize s = 0; s < n; s++)
        {
          const float *p = outputs + s * n_classes;
          float other = -INFINITY;

          for (guint j = 0; j < n_classes; j++)
            if (j != k && p[j] > other)
              other = p[j];
          margin[s] = p[k] - other;
        }
      nl_heatmap_contour_path (cr, margin, gw, gh, 0.0, x, y, width, height);
    }
}

cairo_surface_t *
nl_heatmap_image (const NlHeatmapRamp  *ramp,
                  const NlHeatmapScale *scale,
                  const float          *values,
                  int                   gw,
                  int                   gh)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, gw, gh);
  guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);

  for (int j = 0; j < gh; j++)
    {
      guint32 *row = (guint32 *) (void *) (data + (gsize) j * stride);

      for (int i = 0; i < gw; i++)
        row[i] = nl_heatmap_pixel (ramp, scale, values[(gsize) j * gw + i]);
    }
  cairo_surface_mark_dirty (image);
  return image;
}

void
nl_heatmap_paint (cairo_t         *cr,
                  cairo_surface_t *image,
                  double           x,
                  double           y,
                  double           width,
                  double           height)
{
  int gw = cairo_image_surface_get_width (image);
  int gh = cairo_image_surface_get_height (image);
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  /* The image's pixel (i, j) covers a cell; bilinear filtering puts the
   * sample at the cell's centre, where it was taken. */
  pattern = cairo_pattern_create_for_surface (image);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_matrix_init_translate (&matrix, x, y);
  cairo_matrix_scale (&matrix, width / gw, height / gh);
  cairo_matrix_invert (&matrix);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_save (cr);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
}

void
nl_heatmap_contour_path (cairo_t     *cr,
                         const float *values,
                         int          gw,
                         int          gh,
                         double       level,
                         double       x,
                         double       y,
                         double       width,
                         double       height)
{
  double cw = width / gw, ch = height / gh;

  for (int j = 0; j + 1 < gh; j++)
    for (int i = 0; i + 1 < gw; i++)
      {
        /* Corners: a top-left, b top-right, c bottom-right, d bottom-left. */
        double v[4] = {
          values[(gsize) j * gw + i] - level,
          values[(gsize) j * gw + i + 1] - level,
          values[(gsize) (j + 1) * gw + i + 1] - level,
          values[(gsize) (j + 1) * gw + i] - level,
        };
        static const double cx[4] = { 0, 1, 1, 0 };
        static const double cy[4] = { 0, 0, 1, 1 };
        double ex[4], ey[4];
        int n = 0;

        for (int e = 0; e < 4; e++)
          {
            double va = v[e], vb = v[(e + 1) % 4];
            double t;

            if (!isfinite (va) || !isfinite (vb) || (va < 0) == (vb < 0))
              continue;
            t = va / (va - vb);
            ex[n] = x + (i + 0.5 + cx[e] + t * (cx[(e + 1) % 4] - cx[e])) * cw;
            ey[n] = y + (j + 0.5 + cy[e] + t * (cy[(e + 1) % 4] - cy[e])) * ch;
            n++;
          }
        /* Two crossings: one segment; four (a saddle): two. */
        for (int s = 0; s + 1 < n; s += 2)
          {
            cairo_move_to (cr, ex[s], ey[s]);
            cairo_line_to (cr, ex[s + 1], ey[s + 1]);
          }
      }
}
