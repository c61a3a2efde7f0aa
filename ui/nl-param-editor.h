/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-param-editor.h: the keyboard's and the mouse's ways to choose one
 * weight or bias of the network and set it by hand. The widget is the
 * Backpropagation page's Parameter and Value fields; it also owns the
 * popover that edits a parameter clicked in the diagram, with a field named
 * after the parameter ("w1") and a slider.
 *
 * "param" is the parameter chosen, its index in the network's parameter
 * block (as NlNetworkView's "parameter-activated" reports it), or -1. Hand
 * edits wait while the trainer runs. */
#pragma once

#include <gtk/gtk.h>

#include "nl-document.h"
#include "nl-network-model.h"
#include "nl-network-view.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

#define NL_TYPE_PARAM_EDITOR (nl_param_editor_get_type ())

G_DECLARE_FINAL_TYPE (NlParamEditor, nl_param_editor, NL, PARAM_EDITOR, GtkWidget)

GtkWidget      *nl_param_editor_new         (void);
/* The network whose parameters it edits and the trainer whose runs lock
 * them; either may be NULL. */
void            nl_param_editor_set_models  (NlParamEditor  *self,
                                             NlNetworkModel *network,
                                             NlTrainer      *trainer);
/* Edits @document's network, each hand edit a step of its undo. */
void            nl_param_editor_set_document (NlParamEditor *self,
                                              NlDocument    *document);
NlNetworkModel *nl_param_editor_get_network (NlParamEditor  *self);
NlTrainer      *nl_param_editor_get_trainer (NlParamEditor  *self);
/* The diagram the popover points into, or NULL (which closes and drops the
 * popover: do so before the diagram goes). */
void            nl_param_editor_set_diagram (NlParamEditor  *self,
                                             NlNetworkView  *diagram);
NlNetworkView  *nl_param_editor_get_diagram (NlParamEditor  *self);
gssize          nl_param_editor_get_param   (NlParamEditor  *self);
/* What the outputs stand for, as the diagram names them (see
 * nl_network_view_set_output_names()): the Parameter choices of an output's
 * weights and bias say it, "b11 (o3 “virginica”)". NULL for none. */
void            nl_param_editor_set_output_names (NlParamEditor      *self,
                                                  const char * const *names);
/* Chooses @param (-1 for none; one past the network's parameters is none). */
void            nl_param_editor_set_param   (NlParamEditor  *self,
                                             gssize          param);
/* Chooses @param and opens the popover on it in the diagram, except during
 * a run or when the diagram does not show it. */
void            nl_param_editor_popup       (NlParamEditor  *self,
                                             guint           param);

G_END_DECLS
