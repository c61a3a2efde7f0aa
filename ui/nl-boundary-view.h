/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-boundary-view.h: the network's decision boundary, a heatmap of its
 * output over the plane of two inputs, with the table's rows drawn on it;
 * or the same map of one hidden neuron's output. */
#pragma once

#include <gtk/gtk.h>

#include "nl-export.h"
#include "nl-net.h"
#include "nl-task.h"

G_BEGIN_DECLS

#define NL_TYPE_BOUNDARY_VIEW (nl_boundary_view_get_type ())

G_DECLARE_FINAL_TYPE (NlBoundaryView, nl_boundary_view, NL, BOUNDARY_VIEW, GtkWidget)

GtkWidget *nl_boundary_view_new            (void);

/* Copies the shape and parameters of @net (or clears the heatmap for NULL).
 * Cheap: the heatmap is recomputed lazily, when the view next draws, in a
 * worker thread; meant to be called on every progress update while
 * training. */
void       nl_boundary_view_set_network    (NlBoundaryView *self,
                                            const NlNet    *net);

/* The rows drawn on the heatmap: @n points, @xy_normalized holding x0, y0,
 * x1, y1, ... (the rows' normalised values of the two chosen inputs) and
 * @labels their true class (binary: >= 0.5 is class 1; multi-class: the
 * class's index) or, for a regression, their target in its own units; NAN
 * draws a hollow point. Copied. The view's extent fits these points with a
 * 15% margin; a regression's colours span their targets. */
void       nl_boundary_view_set_points     (NlBoundaryView *self,
                                            const double   *xy_normalized,
                                            const double   *labels,
                                            guint           n);

/* Which network inputs run along the axes, and the values the others are
 * held at: @others holds @n_others normalised values indexed by input (a full
 * input vector, for example nl_dataset_model_normalize_inputs() of the
 * columns' means; its entries at @input_x and @input_y are ignored; inputs
 * beyond @n_others, or all of them for NULL, are held at 0). @x_name and
 * @y_name label the axes (NULL for "x1", "x2", ...). Copied. The default is
 * inputs 0 and 1, others at 0. With @input_x == @input_y, or either not an
 * input of the network, no heatmap is drawn. */
void       nl_boundary_view_set_axes       (NlBoundaryView *self,
                                            guint           input_x,
                                            guint           input_y,
                                            const double   *others,
                                            guint           n_others,
                                            const char     *x_name,
                                            const char     *y_name);

/* Which neuron's output the heatmap shows: neuron @unit of hidden layer
 * @layer (1 for the first hidden layer), or the network's output for @layer
 * 0 or the output layer (the default). The network's output is the decision
 * map: [0, 1], the boundary at 0.5. A hidden neuron's map is coloured on a
 * scale that suits its activation ([0, 1] for sigmoid, [-1, 1] for tanh,
 * from 0 to the largest value on the plane for relu, symmetric about 0 for
 * identity), with a contour only at a middle that means something (0.5 for
 * sigmoid, 0 for tanh). A neuron the network does not have, now or after
 * nl_boundary_view_set_network() changes its architecture, falls back to the
 * network's output. */
void       nl_boundary_view_set_unit       (NlBoundaryView *self,
                                            guint           layer,
                                            guint           unit);
/* TRUE when a hidden neuron is shown, its layer and index in @layer and
 * @unit; FALSE for the network's output, with @layer the output layer (0
 * without a network) and @unit 0. Either may be NULL. */
gboolean   nl_boundary_view_get_unit       (NlBoundaryView *self,
                                            guint          *layer,
                                            guint          *unit);

/* What the legend says the heatmap shows: "Output", or "Output of h1" for a
 * hidden neuron. Free with g_free(). */
char      *nl_boundary_view_dup_caption    (NlBoundaryView *self);

/* The scale the legend shows, of the heatmap drawn (or, before there is
 * one, of the neuron's activation): the values at the colour ramp's ends
 * and the contour's level. Returns whether there is a contour (@level NAN
 * when not). Any pointer may be NULL. */
gboolean   nl_boundary_view_get_scale      (NlBoundaryView *self,
                                            double         *lo,
                                            double         *hi,
                                            double         *level);

/* The names of the label's classes 0 and 1 the legend gives the rows'
 * colours ("Male", "Female"); NULL for "0" and "1". Copied. */
void       nl_boundary_view_set_class_names (NlBoundaryView *self,
                                             const char     *name0,
                                             const char     *name1);
/* The same for @n classes (a NULL name is the class's number). Copied. */
void       nl_boundary_view_set_classes     (NlBoundaryView    *self,
                                             const char * const *names,
                                             guint               n);
/* The name the legend gives class @index. */
const char *nl_boundary_view_get_class_name (NlBoundaryView *self,
                                             guint           index);

/* What the network's output means (NULL for binary, the default): for a
 * multi-class task whose K outputs the network has, the map colours each
 * region by its most likely class (nl_theme_class_color()) with its
 * probability as the colour's strength, and the rows by their class; for a
 * regression the map shows the predicted target (see
 * nl_boundary_view_set_target()) on a diverging scale over the rows'
 * targets, with the rows filled by their target on the same scale. */
void       nl_boundary_view_set_task        (NlBoundaryView *self,
                                             const NlTask   *task);
/* A regression's target: its name for the legend, and the shift and scale
 * that decode the network's output into its units (nl_task_decode_value()).
 * Copied. */
void       nl_boundary_view_set_target      (NlBoundaryView *self,
                                             const char     *name,
                                             double          shift,
                                             double          scale);
/* For a multi-class map: the class the network gives at normalised
 * coordinates (@nx, @ny), and its probability; FALSE when the map does not
 * show classes. Either pointer may be NULL. */
gboolean   nl_boundary_view_get_class_at    (NlBoundaryView *self,
                                             double          nx,
                                             double          ny,
                                             guint          *klass,
                                             double         *probability);

/* The output the heatmap shows (the network's, or the chosen neuron's) at
 * normalised coordinates (@nx, @ny) of the two chosen inputs, the others
 * held: for a multi-class map the most likely class's probability, for a
 * regression the predicted target in its units; NAN without a network. */
double     nl_boundary_view_get_output_at  (NlBoundaryView *self,
                                            double          nx,
                                            double          ny);

/* The normalised extent shown at the current size; FALSE at zero size. */
gboolean   nl_boundary_view_get_extent     (NlBoundaryView *self,
                                            double         *x_min,
                                            double         *x_max,
                                            double         *y_min,
                                            double         *y_max);

/* The normalised extent of a square plot of the rows (their bounds with
 * the view's margin, the same range on both axes), whatever the view's
 * size: for thumbnails of the same plane. [-2, 2] on both without rows. */
void       nl_boundary_view_get_square_extent (NlBoundaryView *self,
                                               double         *x_min,
                                               double         *x_max,
                                               double         *y_min,
                                               double         *y_max);

/* Widget coordinates of normalised point (@nx, @ny) at the current size
 * (for tests and popovers); FALSE at zero size. */
gboolean   nl_boundary_view_to_widget      (NlBoundaryView *self,
                                            double          nx,
                                            double          ny,
                                            double         *x,
                                            double         *y);

/* TRUE while the heatmap drawn is older than what it should show (a
 * recompute is waiting for the next draw or running in its thread). Tests
 * and benchmarks draw, then run the main loop until this is FALSE. */
gboolean   nl_boundary_view_get_pending    (NlBoundaryView *self);

/* Writes the view as it stands to @file on an opaque background: at the
 * widget's size, or 800 x 600 when it has none yet; PNG at
 * NL_EXPORT_PNG_SCALE. The heatmap is computed afresh at the file's
 * resolution (synchronously); points, contour and text stay vector in SVG
 * and PDF. The context menu ("boundary.export" with "png", "svg" or "pdf")
 * asks for a file and calls this. */
gboolean   nl_boundary_view_export         (NlBoundaryView *self,
                                            GFile          *file,
                                            NlExportFormat  format,
                                            GError        **error);

G_END_DECLS
