/* nl-train.h: epochs of per-sample stochastic gradient descent, and evaluation.
 *
 * An NlSgd holds what a run needs besides the network: scratch memory, the
 * order of the samples (table order, or shuffled each epoch from its own seed)
 * and a copy of the parameters from before the current epoch, so that a run
 * that diverges stops with the last finite parameters restored.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nl-dataset.h"
#include "nl-error.h"
#include "nl-net.h"

typedef struct
{
  double   learning_rate;
  NlLoss   loss;
  int      shuffle;        /* reshuffle the sample order every epoch */
  uint64_t shuffle_seed;
} NlTrainOptions;

typedef struct
{
  double loss;             /* mean loss over the rows */
  double accuracy;         /* share of rows on the right side of 0.5 */
} NlEvaluation;

typedef struct NlSgd NlSgd;

void      nl_train_options_init (NlTrainOptions     *options);

NlSgd    *nl_sgd_new            (const NlNet        *net,
                                 const NlMatrix     *data,
                                 const NlTrainOptions *options,
                                 NlError            *error);
void      nl_sgd_free           (NlSgd              *sgd);
/* Epochs run so far. */
size_t    nl_sgd_epoch_count    (const NlSgd        *sgd);

/* One pass over the data, one SGD step per sample. *running_loss (may be
 * NULL) gets the mean of the per-sample losses seen during the pass. When a
 * parameter or a loss stops being finite, the parameters from before the
 * epoch are restored and NL_ERR_DIVERGED is returned with a reason. */
NlStatus  nl_sgd_epoch          (NlSgd              *sgd,
                                 NlNet              *net,
                                 double             *running_loss,
                                 NlError            *error);

/* One SGD step on sample @index of the data, the tutorial's unit of learning. */
NlStatus  nl_sgd_sample_step    (NlSgd              *sgd,
                                 NlNet              *net,
                                 size_t              index,
                                 double             *loss,
                                 NlError            *error);

/* An epoch as the tutorial reports it: the SGD pass, then the loss and
 * accuracy of the network over all the rows. */
NlStatus  nl_sgd_epoch_evaluate (NlSgd              *sgd,
                                 NlNet              *net,
                                 NlEvaluation       *result,
                                 NlError            *error);

/* Mean loss and accuracy of @net over @data. */
void      nl_evaluate           (const NlNet        *net,
                                 NlWork             *work,
                                 const NlMatrix     *data,
                                 NlLoss              loss,
                                 NlEvaluation       *result);
