/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-inspector.h: the backpropagation inspector, which writes one
 * parameter's gradient out as the tutorial does, factor by factor, for one
 * sample, with a finite-difference check and the effect of one SGD step. */
#pragma once

#include <gtk/gtk.h>

#include "nl-net.h"
#include "nl-task.h"
#include "nl-train.h"

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

/* How the step the page works out learns: @options (NULL: the tutorial's
 * SGD) say the batch size, the optimizer, its coefficients and the L1 and
 * L2 rates (the learning rate and the loss are nl_inspector_set_state()'s),
 * and the optimizer's memory before the step: @steps taken, and per
 * parameter @first (momentum's velocity or Adam's m) and @second (Adam's
 * v), @n_params values each (copied), NULL for zeros. */
void       nl_inspector_set_optimizer (NlInspector          *self,
                                       const NlTrainOptions *options,
                                       guint64               steps,
                                       const double         *first,
                                       const double         *second,
                                       gsize                 n_params);

/* The other samples of the step's mini-batch, after the one of
 * nl_inspector_set_state(), in the order the step takes them: @n of them
 * (0 when the step is on that sample alone), @x their normalised inputs
 * (@n × the network's inputs, copied), @y their labels as
 * nl_inspector_set_state() takes them, @names what the table calls them
 * (NULL-terminated, copied; the page lists the first few samples only, so
 * it may hold fewer than @n, or be NULL). Needs the network: call after
 * nl_inspector_set_state(), whose next call keeps them. */
void       nl_inspector_set_batch     (NlInspector          *self,
                                       gsize                 n,
                                       const double         *x,
                                       const double         *y,
                                       const char * const   *names);

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
