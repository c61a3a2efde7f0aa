/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-inspector.h: the backpropagation inspector, which writes one
 * parameter's gradient out as the tutorial does, factor by factor, for one
 * sample, with a finite-difference check and the effect of one SGD step. */
#pragma once

#include <gtk/gtk.h>

#include "nl-net.h"
#include "nl-task.h"

G_BEGIN_DECLS

#define NL_TYPE_INSPECTOR (nl_inspector_get_type ())

G_DECLARE_FINAL_TYPE (NlInspector, nl_inspector, NL, INSPECTOR, GtkWidget)

GtkWidget *nl_inspector_new       (void);

/* The network (copied; NULL clears the inspector), one sample: @x its
 * normalised inputs (one per input neuron, copied), @y its label (the class
 * index; for regression the target in its own units, see
 * nl_inspector_set_task()) and
 * @sample_name what the table calls it ("Alice"; NULL or "" for none), the
 * loss and the learning rate of the step it shows. Cheap enough to call on
 * every training progress update. A parameter index beyond the new
 * network's parameters deselects the parameter. */
void       nl_inspector_set_state (NlInspector  *self,
                                   const NlNet  *net,
                                   const double *x,
                                   double        y,
                                   const char   *sample_name,
                                   NlLoss        loss,
                                   double        learning_rate);

/* The table's task, which decides how the page explains the gradient:
 * @output_names (NULL-terminated, copied; may be NULL) name the outputs,
 * the classes of a multi-class label or the target of a regression; for
 * regression the target is standardised as (y - @target_shift) /
 * @target_scale before the network sees it. Without a task (the default)
 * a network of one output is the binary task's, the tutorial's. */
void       nl_inspector_set_task  (NlInspector        *self,
                                   const NlTask       *task,
                                   const char * const *output_names,
                                   double              target_shift,
                                   double              target_scale);

/* The index in the parameter block of the weight or bias to inspect (as
 * NlNetworkView's "parameter-activated" reports it), or -1 for none. */
void       nl_inspector_set_param (NlInspector  *self,
                                   gssize        param);
gssize     nl_inspector_get_param (NlInspector  *self);

/* Every line the inspector shows, in order, joined with newlines. Free with
 * g_free(). */
char      *nl_inspector_get_text  (NlInspector  *self);

G_END_DECLS
