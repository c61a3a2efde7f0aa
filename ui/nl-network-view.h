/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-network-view.h: a diagram of the network, its weights, biases and,
 * for one sample, its activations. */
#pragma once

#include <gtk/gtk.h>

#include "nl-export.h"
#include "nl-net.h"

G_BEGIN_DECLS

#define NL_TYPE_NETWORK_VIEW (nl_network_view_get_type ())

G_DECLARE_FINAL_TYPE (NlNetworkView, nl_network_view, NL, NETWORK_VIEW, GtkWidget)

GtkWidget *nl_network_view_new              (void);

/* Copies the shape and parameters of @net (or clears the view for NULL).
 * Cheap when the shape is unchanged: meant to be called on every progress
 * update while training. */
void       nl_network_view_set_network      (NlNetworkView      *self,
                                             const NlNet        *net);

/* The column names shown beside the input neurons x1, x2, ... ("Weight
 * (lb)"); NULL-terminated, copied; NULL for none. */
void       nl_network_view_set_input_names  (NlNetworkView      *self,
                                             const char * const *names);

/* What the outputs o1, o2, ... stand for, written beside them and in the
 * accessible description: the class of each ("setosa") or the target
 * ("Body mass (g)"); NULL-terminated, copied; NULL for none. */
void       nl_network_view_set_output_names (NlNetworkView      *self,
                                             const char * const *names);
/* The name shown beside output @unit, or NULL (none, or no such output). */
const char *nl_network_view_get_output_name (NlNetworkView      *self,
                                             guint               unit);

/* The height at which the network's widest layer stays readable (its
 * neurons apart, labelled and easy to click; 120 to 240 pixels): what a
 * container that can scroll should give the view at least. */
int        nl_network_view_get_readable_height (NlNetworkView   *self);

/* Shows the activations of every neuron for one sample, @x being its
 * normalised inputs (one per input neuron, copied), or hides them for NULL. */
void       nl_network_view_set_sample       (NlNetworkView      *self,
                                             const double       *x);

/* What the tooltip at (@x, @y) says, in widget coordinates: "w1 (x1 → h1) =
 * 0.1234" over an edge, "h1: bias b1 = -0.5200, activation 0.7300" over a
 * neuron; NULL over nothing. Free with g_free(). */
char      *nl_network_view_describe_at      (NlNetworkView      *self,
                                             double              x,
                                             double              y);

/* The plane over which a neuron's tooltip shows a thumbnail of its output
 * map: inputs @input_x and @input_y across [@x_min, @x_max] and [@y_min,
 * @y_max] (normalised), the others held at @held (@n_held values indexed by
 * input, as nl_boundary_view_set_axes() takes them; copied; inputs beyond
 * @n_held at 0). Without a plane (the default) tooltips are text only. */
void       nl_network_view_set_map_plane    (NlNetworkView      *self,
                                             guint               input_x,
                                             guint               input_y,
                                             const double       *held,
                                             guint               n_held,
                                             double              x_min,
                                             double              x_max,
                                             double              y_min,
                                             double              y_max);

/* The thumbnail the tooltip at (@x, @y) shows beside its text: the output
 * map of the hidden or output neuron there, 64 x 64 pixels, coloured as
 * the decision boundary colours it. NULL over anything else or without a
 * plane. Kept until the parameters, the plane or the theme change, so
 * asking again is cheap. */
GdkTexture *nl_network_view_get_thumbnail_at (NlNetworkView     *self,
                                              double             x,
                                              double             y);

/* The index in the parameter block of the weight or bias at (@x, @y), or -1.
 * The "parameter-activated" signal reports the same on a click. */
gssize     nl_network_view_parameter_at     (NlNetworkView      *self,
                                             double              x,
                                             double              y);

/* Where neuron @unit of layer @layer is drawn at the current size (for tests
 * and for positioning popovers); FALSE when there is no such neuron. */
gboolean   nl_network_view_get_unit_position (NlNetworkView     *self,
                                              guint              layer,
                                              guint              unit,
                                              double            *x,
                                              double            *y,
                                              double            *radius);

/* Where parameter @param (an index in the parameter block) is drawn at the
 * current size: a little past the middle of a weight's edge, the centre of a
 * bias's neuron.
 * For pointing a popover at it; FALSE when there is no such parameter. */
gboolean   nl_network_view_get_parameter_position (NlNetworkView *self,
                                                   guint          param,
                                                   double        *x,
                                                   double        *y);

/* Writes the diagram as it stands (network, sample, names, theme colours)
 * to @file on an opaque background: at the widget's size, or 800 x 500 when
 * it has none yet; PNG at NL_EXPORT_PNG_SCALE. Every edge and neuron is a
 * vector path in SVG and PDF, whatever the network's size. The widget's
 * context menu ("diagram.export" with "png", "svg" or "pdf") asks for a
 * file and calls this. */
gboolean   nl_network_view_export           (NlNetworkView     *self,
                                             GFile             *file,
                                             NlExportFormat     format,
                                             GError           **error);

G_END_DECLS
