/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-train.h: epochs of per-sample stochastic gradient descent, and evaluation.
 *
 * An NlSgd holds what a run needs besides the network: scratch memory, the
 * order of the samples (table order, or shuffled each epoch from its own seed)
 * and a copy of the parameters from before the current epoch, so that a run
 * that diverges stops with the last finite parameters restored.
 *
 * Splitting the rows into a training and a test set, and counting a
 * network's right and wrong answers per class, live here too.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nl-dataset.h"
#include "nl-error.h"
#include "nl-net.h"

typedef enum { NL_OPTIMIZER_SGD = 0, NL_OPTIMIZER_MOMENTUM, NL_OPTIMIZER_ADAM, NL_N_OPTIMIZERS } NlOptimizer;

typedef struct
{
  double      learning_rate;  /* 0.1 */
  NlLoss      loss;
  int         shuffle;        /* reshuffle the sample order every epoch */
  uint64_t    shuffle_seed;
  size_t      batch_size;     /* samples per step, >= 1; 1 (default) is the tutorial's per-sample
                               * SGD; a batch larger than the table is the whole table */
  NlOptimizer optimizer;      /* NL_OPTIMIZER_SGD */
  double      momentum;       /* mu, 0.9; in [0, 1) */
  double      beta1, beta2;   /* Adam: 0.9, 0.999; in [0, 1) */
  double      epsilon;        /* Adam: 1e-8; > 0 */
  double      l1, l2;         /* regularisation rates, 0 = off; >= 0; weights only, never biases */
} NlTrainOptions;

/* What a network achieves on some rows; which figures apply is the task's
 * (data->task): accuracy for classification, RMSE and R² for regression. */
typedef struct
{
  double loss;             /* mean loss over the rows */
  double accuracy;         /* share of rows decoded to their own class */
  double rmse;             /* root mean squared error, in the target's units */
  double r2;               /* 1 - SSE / SST over these rows; NAN when SST is 0 */
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

/* Mean loss and the task's metrics of @net over @data. */
void      nl_evaluate           (const NlNet        *net,
                                 NlWork             *work,
                                 const NlMatrix     *data,
                                 NlLoss              loss,
                                 NlEvaluation       *result);

/* Splits the rows of @all into @train and @test (both filled here; free them
 * with nl_matrix_clear()): a shuffle of the row indices from @seed, then, per
 * class (for regression, over all the rows), round (@test_fraction * rows of
 * the class) rows to the test set, so both sets keep the table's mix of
 * classes. Each class keeps at least one training row. Both sets keep the table's order. The same seed gives the
 * same split, bit for bit. @test_fraction 0 gives an empty test set; it must
 * be in [0, 1). @train->n_skipped is @all->n_skipped, @test->n_skipped 0. */
NlStatus  nl_matrix_split       (const NlMatrix     *all,
                                 double              test_fraction,
                                 uint64_t            seed,
                                 NlMatrix           *train,
                                 NlMatrix           *test,
                                 NlError            *error);

/* nl_evaluate() and nl_confusion() in one pass over the rows; @counts may
 * be NULL (and is not touched for regression). */
void      nl_evaluate_confusion (const NlNet        *net,
                                 NlWork             *work,
                                 const NlMatrix     *data,
                                 NlLoss              loss,
                                 NlEvaluation       *result,
                                 unsigned           *counts);

/* The confusion matrix of @net over @data, K x K for K = the task's classes,
 * row-major: counts[true class * K + predicted class], the prediction decoded
 * by nl_task_decode_class(). */
void      nl_confusion          (const NlNet        *net,
                                 NlWork             *work,
                                 const NlMatrix     *data,
                                 unsigned           *counts);
