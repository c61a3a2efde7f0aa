/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-heatmap.h: a neuron's output over the plane of two inputs, sampled on
 * a grid and coloured.
 *
 * The decision boundary draws it large and the diagram's tooltip draws it
 * as a thumbnail; both go through these functions so that a colour means
 * the same value in each.
 *
 * A neuron is named by its layer (1 to the output layer) and its index in
 * the layer. The output's map is the decision map: whatever the output's
 * activation, its scale is [0, 1] with the boundary at 0.5, the threshold the
 * trainer and the predict form classify by. A hidden neuron's scale follows
 * its activation: [0, 1] around 0.5 for sigmoid, [-1, 1] around 0 for tanh,
 * [0, max] from nothing to the strongest for relu, and [-m, m] for identity,
 * the last two from the sampled values.
 *
 * A network of several outputs, one a class, is sampled whole
 * (nl_heatmap_sample_outputs()) and drawn by its most likely class, in that
 * class's colour at a strength that grows with its probability, with the
 * borders between the classes traced (nl_heatmap_class_image(),
 * nl_heatmap_class_borders_path()).
 */
#pragma once

#include <gio/gio.h>
#include <cairo.h>

#include "nl-net.h"
#include "nl-theme.h"

G_BEGIN_DECLS

/* The colours: the background at no signal, the positive colour (class 1's)
 * for high values, the negative one (class 0's) for low ones. */
typedef struct
{
  double bg[3];
  double pos[3];
  double neg[3];
} NlHeatmapRamp;

/* How values map onto the ramp. */
typedef struct
{
  double   lo;           /* the values at the ramp's ends, as the legend shows them */
  double   hi;
  gboolean diverging;    /* background at the middle, else at lo */
  gboolean has_level;    /* a contour at @level means something */
  double   level;
} NlHeatmapScale;

void             nl_heatmap_ramp_init      (NlHeatmapRamp        *ramp,
                                            const NlThemeColors  *colors);
gboolean         nl_heatmap_ramp_equal     (const NlHeatmapRamp  *a,
                                            const NlHeatmapRamp  *b);

/* Whether @net has neuron @unit in layer @layer, and it is not an input. */
gboolean         nl_heatmap_unit_exists    (const NlNet          *net,
                                            guint                 layer,
                                            guint                 unit);

/* The output of neuron (@layer, @unit) for the inputs @x, by a forward pass
 * in @work. */
double           nl_heatmap_unit_value     (const NlNet          *net,
                                            NlWork               *work,
                                            const double         *x,
                                            guint                 layer,
                                            guint                 unit);

/* Samples neuron (@layer, @unit) on a @gw x @gh grid into @values: sample
 * (i, j) at the centre of column i of [@x0, @x1] and of row j down from @y1
 * to @y0, input @input_x and @input_y of @x set to the point, the others as
 * @x holds them. Checks @cancellable (may be NULL) once a row; FALSE when
 * cancelled. */
gboolean         nl_heatmap_sample         (const NlNet          *net,
                                            NlWork               *work,
                                            double               *x,
                                            guint                 input_x,
                                            guint                 input_y,
                                            guint                 layer,
                                            guint                 unit,
                                            double                x0,
                                            double                x1,
                                            double                y0,
                                            double                y1,
                                            int                   gw,
                                            int                   gh,
                                            float                *values,
                                            GCancellable         *cancellable);

/* The scale for a neuron of @layer (see the top of this file); @values
 * (@n_values samples, may be none) set the range of the unbounded
 * activations. */
void             nl_heatmap_scale_init     (NlHeatmapScale       *scale,
                                            const NlNet          *net,
                                            guint                 layer,
                                            const float          *values,
                                            gsize                 n_values);

/* The colour of @v as 0xffRRGGBB (cairo's RGB24 and ARGB32 pixel). */
guint32          nl_heatmap_pixel          (const NlHeatmapRamp  *ramp,
                                            const NlHeatmapScale *scale,
                                            double                v);

/* A new @gw x @gh RGB24 image of @values, row 0 at the top. */
cairo_surface_t *nl_heatmap_image          (const NlHeatmapRamp  *ramp,
                                            const NlHeatmapScale *scale,
                                            const float          *values,
                                            int                   gw,
                                            int                   gh);

/* Paints @image (from nl_heatmap_image()) over the rectangle (@x, @y,
 * @width, @height), smoothly, each sample at the centre of its cell. */
void             nl_heatmap_paint          (cairo_t              *cr,
                                            cairo_surface_t      *image,
                                            double                x,
                                            double                y,
                                            double                width,
                                            double                height);

/* Adds the contour of @values at @level to @cr's path (marching squares,
 * corners at the cells' centres) for the grid laid over the rectangle (@x,
 * @y, @width, @height); the caller strokes it. */
void             nl_heatmap_contour_path   (cairo_t              *cr,
                                            const float          *values,
                                            int                   gw,
                                            int                   gh,
                                            double                level,
                                            double                x,
                                            double                y,
                                            double                width,
                                            double                height);

/* The network's every output over the plane, for a network of several
 * outputs (one a class): as nl_heatmap_sample() for the output layer, but
 * sample (i, j) keeps all n outputs at @outputs[((j * gw) + i) * n]. */
gboolean         nl_heatmap_sample_outputs (const NlNet          *net,
                                            NlWork               *work,
                                            double               *x,
                                            guint                 input_x,
                                            guint                 input_y,
                                            double                x0,
                                            double                x1,
                                            double                y0,
                                            double                y1,
                                            int                   gw,
                                            int                   gh,
                                            float                *outputs,
                                            GCancellable         *cancellable);

/* The colour of a region whose top class has colour @color (RGB, 0 to 1)
 * with probability @p among @n_classes: the background where the network
 * cannot tell the classes apart (p = 1 / n), the heatmap's full strength
 * where it is sure (p = 1), as the binary map is at 0 and 1. */
guint32          nl_heatmap_class_pixel    (const NlHeatmapRamp  *ramp,
                                            const double          color[3],
                                            double                p,
                                            guint                 n_classes);

/* A new @gw x @gh RGB24 image of the top class of each sample of @outputs
 * (@n_classes probabilities a sample, as nl_heatmap_sample_outputs() fills
 * it), coloured by nl_heatmap_class_pixel() with class k's colour at
 * @colors[3 k]. */
cairo_surface_t *nl_heatmap_class_image    (const NlHeatmapRamp  *ramp,
                                            const double         *colors,
                                            guint                 n_classes,
                                            const float          *outputs,
                                            int                   gw,
                                            int                   gh);

/* Adds the borders between the top classes of @outputs (@n_classes
 * probabilities a sample) to @cr's path, as nl_heatmap_contour_path() does
 * for one level: for each class, the contour where it stops being the top
 * one. */
void             nl_heatmap_class_borders_path (cairo_t          *cr,
                                                const float      *outputs,
                                                guint             n_classes,
                                                int               gw,
                                                int               gh,
                                                double            x,
                                                double            y,
                                                double            width,
                                                double            height);

/* The colour of a point whose value is @v: as nl_heatmap_pixel(), at the
 * class colours' full strength rather than the map's soft one, so points
 * stand out on a map of the same scale. */
guint32          nl_heatmap_point_pixel    (const NlHeatmapRamp  *ramp,
                                            const NlHeatmapScale *scale,
                                            double                v);

G_END_DECLS
