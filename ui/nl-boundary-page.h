/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-boundary-page.h: the Decision Boundary page: the map of the network's
 * output, or of one hidden neuron's, over two inputs (NlBoundaryView), with
 * the Neuron choice above it and, for a table of more than two inputs, the
 * Horizontal and Vertical choices of the inputs that span it (the others
 * held at their means). The diagram's tooltips show their maps over the
 * same plane. */
#pragma once

#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-dataset-model.h"
#include "nl-network-model.h"
#include "nl-network-view.h"

G_BEGIN_DECLS

#define NL_TYPE_BOUNDARY_PAGE (nl_boundary_page_get_type ())

G_DECLARE_FINAL_TYPE (NlBoundaryPage, nl_boundary_page, NL, BOUNDARY_PAGE, GtkWidget)

GtkWidget      *nl_boundary_page_new             (void);
/* The table whose rows are the points and the network whose map it shows;
 * either may be NULL. Call the updates below to show them. */
void            nl_boundary_page_set_models      (NlBoundaryPage *self,
                                                  NlDatasetModel *dataset,
                                                  NlNetworkModel *network);
NlDatasetModel *nl_boundary_page_get_dataset     (NlBoundaryPage *self);
NlNetworkModel *nl_boundary_page_get_network     (NlBoundaryPage *self);
/* The diagram whose neurons' tooltips show maps over the page's plane, or
 * NULL. */
void            nl_boundary_page_set_diagram     (NlBoundaryPage *self,
                                                  NlNetworkView  *diagram);
NlNetworkView  *nl_boundary_page_get_diagram     (NlBoundaryPage *self);
NlBoundaryView *nl_boundary_page_get_view        (NlBoundaryPage *self);
/* The network's parameters or shape changed: the map, and the Neuron
 * choices, which keep their neuron while it exists. */
void            nl_boundary_page_update_network  (NlBoundaryPage *self);
/* The table's inputs changed (a new table): the Horizontal and Vertical
 * choices, then the points. */
void            nl_boundary_page_update_inputs   (NlBoundaryPage *self);
/* The table's rows changed: the points and the inputs held at their means. */
void            nl_boundary_page_update_points   (NlBoundaryPage *self);
/* Shows the map of the neuron whose bias is @param; FALSE (and nothing
 * changes) when @param is not a bias. */
gboolean        nl_boundary_page_choose_param    (NlBoundaryPage *self,
                                                  guint           param);

G_END_DECLS
