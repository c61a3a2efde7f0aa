/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-weight-histogram.h: the distribution of the network's weights, one
 * small histogram per layer of weights.
 *
 * Each layer of weights (from the inputs into the first hidden layer, and
 * so on to the outputs) gets a histogram of its weights in the same bins:
 * NL_WEIGHT_HISTOGRAM_BINS of them over a range symmetric about 0 that all
 * layers share, so the layers compare at a glance and regularisation shows
 * as a narrowing (L2) or a pile at 0 (L1). Biases are not counted: the
 * regularisation does not touch them.
 *
 * The range fits the weights until training starts (the trainer's epoch
 * is 0: a new network, a reset, weights set by hand before training) and
 * when the epoch goes back (an opened project); while training it only
 * grows, so a distribution that narrows is seen to narrow. It follows the
 * network model live ("params-changed"), counting at most once a frame.
 */
#pragma once

#include <gtk/gtk.h>

#include "nl-network-model.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

/* Odd, so that one bin is centred on 0. */
#define NL_WEIGHT_HISTOGRAM_BINS 21

#define NL_TYPE_WEIGHT_HISTOGRAM (nl_weight_histogram_get_type ())

G_DECLARE_FINAL_TYPE (NlWeightHistogram, nl_weight_histogram, NL, WEIGHT_HISTOGRAM, GtkWidget)

GtkWidget   *nl_weight_histogram_new         (void);

/* Shows the weights of @network; @trainer (may be NULL) tells a reset from
 * training by its epoch. */
void         nl_weight_histogram_set_models  (NlWeightHistogram *self,
                                              NlNetworkModel    *network,
                                              NlTrainer         *trainer);

/* The layers of weights shown (the network's layers but the inputs). */
guint        nl_weight_histogram_get_n_layers (NlWeightHistogram *self);
/* The bins cover [-range, range]: bin b holds the weights w with
 * -range + b * width <= w < -range + (b + 1) * width, width = 2 range / bins
 * (the last bin includes range itself). */
double       nl_weight_histogram_get_range    (NlWeightHistogram *self);
/* The counts of layer @layer (0: the weights from the inputs), in
 * NL_WEIGHT_HISTOGRAM_BINS bins, as of now. */
const guint *nl_weight_histogram_get_counts   (NlWeightHistogram *self,
                                               guint              layer);

G_END_DECLS
