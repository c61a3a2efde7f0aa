/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-train.h: epochs of gradient descent, and evaluation.
 *
 * An NlSgd holds what a run needs besides the network: scratch memory, the
 * order of the samples (table order, or shuffled each epoch from its own seed),
 * the optimizer's memory (momentum's velocity, Adam's moments) and a copy of
 * the parameters from before the current epoch, so that a run that diverges
 * stops with the last finite parameters restored.
 *
 * The update rule, per step, for every parameter p, where g_data is the mean
 * over the step's samples of dL/dp (summed in the batch's order, then divided
 * by the number of samples; an epoch's last batch may be smaller) and
 * sign(0) = 0:
 *
 *   g = g_data + l1 sign(p) + l2 p          (the two terms for weights only)
 *   SGD:       step = lr g
 *   momentum:  v = mu v + g;  step = lr v   (PyTorch's convention; v starts at 0)
 *   Adam:      t = t + 1;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 *              m_hat = m / (1 - b1^t);  v_hat = v / (1 - b2^t);
 *              step = lr m_hat / (sqrt (v_hat) + eps)
 *   p = p - step
 *
 * So the objective is the data loss plus l1 sum |w| + l2 / 2 sum w^2 over
 * the weights; the loss reported and plotted is the data loss alone, so runs
 * with and without regularisation compare. Batch size 1 with SGD and no
 * regularisation is the tutorial's per-sample step, nl_net_sgd_step().
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

typedef enum
{
  NL_OPTIMIZER_SGD = 0,
  NL_OPTIMIZER_MOMENTUM,
  NL_OPTIMIZER_ADAM,
  NL_N_OPTIMIZERS
} NlOptimizer;

typedef struct
{
  double      learning_rate;  /* 0.1 */
  NlLoss      loss;
  int         shuffle;        /* reshuffle the sample order every epoch */
  uint64_t    shuffle_seed;
  size_t      batch_size;     /* samples per step, at least 1 (the default, the
                               * tutorial's); larger than the table: the whole table */
  NlOptimizer optimizer;      /* SGD */
  double      momentum;       /* mu, 0.9, in [0, 1) */
  double      beta1;          /* Adam: 0.9, in [0, 1) */
  double      beta2;          /* Adam: 0.999, in [0, 1) */
  double      epsilon;        /* Adam: 1e-8, positive */
  double      l1;             /* regularisation rates, 0 (off) or positive; */
  double      l2;             /* the weights only, never the biases */
} NlTrainOptions;

/* One parameter's update worked out, as the training loop does it. */
typedef struct
{
  double   param;            /* p before the step */
  double   grad_data;        /* the mean over the batch of dL/dp */
  double   l1_term;          /* l1 sign(p); 0 for a bias */
  double   l2_term;          /* l2 p, L2's weight decay; 0 for a bias */
  double   grad;             /* g */
  double   velocity_before;  /* momentum */
  double   velocity;
  uint64_t t;                /* Adam: this step's number, from 1 */
  double   m_before;
  double   v_before;
  double   m;
  double   v;
  double   m_hat;
  double   v_hat;
  double   step;             /* what is subtracted from p */
  double   param_after;
} NlUpdateTrace;

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
/* NL_ERR_INVALID, with a message naming the setting, when one is out of
 * range; nl_sgd_new() checks with it. */
NlStatus  nl_train_options_check (const NlTrainOptions *options,
                                  NlError              *error);

const char *nl_optimizer_name   (NlOptimizer         optimizer);
/* "sgd", "momentum", "adam"; 1 on success. */
int       nl_optimizer_from_name (const char        *name,
                                  NlOptimizer       *out);

/* l1 sum |w| + l2 / 2 sum w^2 over the weights of @net (not the biases): the
 * regularisation's share of the objective. */
double    nl_regularization_penalty (const NlNet    *net,
                                     double          l1,
                                     double          l2);

/* The update of one parameter (a weight when @is_weight) of value @param
 * whose mean data gradient over the batch is @grad_data, given the
 * optimizer's memory before the step: @steps taken so far, and this
 * parameter's @first (momentum's velocity or Adam's m) and @second (Adam's
 * v) moment. */
void      nl_update_trace       (const NlTrainOptions *options,
                                 int                 is_weight,
                                 double              param,
                                 double              grad_data,
                                 uint64_t            steps,
                                 double              first,
                                 double              second,
                                 NlUpdateTrace      *out);

NlSgd    *nl_sgd_new            (const NlNet        *net,
                                 const NlMatrix     *data,
                                 const NlTrainOptions *options,
                                 NlError            *error);
void      nl_sgd_free           (NlSgd              *sgd);
/* Epochs run so far. */
size_t    nl_sgd_epoch_count    (const NlSgd        *sgd);

/* Optimizer steps taken (Adam's t), and its memory per parameter: the
 * velocity (momentum) or m (Adam), NULL for SGD; v (Adam), NULL otherwise. */
uint64_t      nl_sgd_steps          (const NlSgd    *sgd);
const double *nl_sgd_first_moment   (const NlSgd    *sgd);
const double *nl_sgd_second_moment  (const NlSgd    *sgd);
/* Takes the optimizer's memory (from an earlier run or a project): n_params
 * values each, NULL for zeros; ignored where the optimizer has no such
 * memory. */
void          nl_sgd_set_state      (NlSgd          *sgd,
                                     uint64_t        steps,
                                     const double   *first,
                                     const double   *second);

/* One pass over the data, one step per batch of samples. *running_loss (may be
 * NULL) gets the mean of the per-sample losses seen during the pass. When a
 * parameter or a loss stops being finite, the parameters from before the
 * epoch are restored and NL_ERR_DIVERGED is returned with a reason. */
NlStatus  nl_sgd_epoch          (NlSgd              *sgd,
                                 NlNet              *net,
                                 double             *running_loss,
                                 NlError            *error);

/* One optimizer step on the samples rows[0..n) of the data: *loss (may be
 * NULL) gets the mean of their losses before the step. Divergence as for
 * nl_sgd_epoch(); it does not count as an epoch. */
NlStatus  nl_sgd_batch_step     (NlSgd              *sgd,
                                 NlNet              *net,
                                 const size_t       *rows,
                                 size_t              n,
                                 double             *loss,
                                 NlError            *error);

/* One step on sample @index of the data, the tutorial's unit of learning. */
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
