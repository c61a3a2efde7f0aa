/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-batch.h: the gradient of a mini-batch.
 *
 * One optimizer step on several samples needs the sum of their gradients:
 * every sample is fed forward and its error propagated back, and each
 * parameter's dL/dp is added up over the samples in the order given, so a
 * batch gives the same sum, bit for bit, every time on a machine. Plain SGD
 * (no momentum, Adam or regularisation) can take its steps in the same
 * pass (nl_batch_sgd_steps()), with the same bits as the gradient and
 * nl_batch_sgd_apply() one after the other.
 */
#pragma once

#include <stddef.h>

#include "nl-net.h"

typedef struct NlBatchWork NlBatchWork;

/* Scratch memory for batches of up to @max_batch samples of @net's shape;
 * NULL when out of memory. */
NlBatchWork *nl_batch_work_new  (const NlNet  *net,
                                 size_t        max_batch);
void         nl_batch_work_free (NlBatchWork  *work);

/* Forward and backward over the @n samples x + rows[i] * n_inputs with the
 * targets y[rows[i]] (n <= the work's max_batch): writes into @grad
 * (n_params values, in the order of net->params) the sum over the samples,
 * in the order given, of dL/dp, and returns the sum of their losses before
 * any step. */
double       nl_batch_gradient  (const NlNet  *net,
                                 NlBatchWork  *work,
                                 const double *x,
                                 const double *y,
                                 const size_t *rows,
                                 size_t        n,
                                 NlLoss        loss,
                                 double       *grad);

/* Plain SGD's step on a batch's summed gradient, p -= learning_rate *
 * (grad_sum / n) for each of the @n_params parameters: the update rule of
 * nl-train.h without momentum, Adam or regularisation, rounded the same way
 * (the mean, then the step, then the subtraction), in a loop that
 * vectorises. */
void         nl_batch_sgd_apply (double       *params,
                                 const double *grad_sum,
                                 size_t        n_params,
                                 size_t        n,
                                 double        learning_rate);

/* Plain SGD through the samples x + order[i] * n_inputs (targets
 * y[order[i]]), @batch at a time (the last batch what is left), batch <=
 * nl_batch_sgd_steps_max() and <= the work's max_batch: the same parameters,
 * bit for bit, as nl_batch_gradient() and then nl_batch_sgd_apply() on each
 * batch in turn, with each layer's step taken in the pass that finds its
 * gradient (no gradient in memory, no pass of its own). Returns the sum of
 * the samples' losses, each before the step of its batch. */
double       nl_batch_sgd_steps     (NlNet        *net,
                                     NlBatchWork  *work,
                                     const double *x,
                                     const double *y,
                                     const size_t *order,
                                     size_t        n_rows,
                                     size_t        batch,
                                     NlLoss        loss,
                                     double        learning_rate);

/* The largest batch nl_batch_sgd_steps() takes. */
size_t       nl_batch_sgd_steps_max (void);

/* Asks the processor to bring the @n rows of @x (@n_inputs values each)
 * listed in @rows into its cache while the current batch is computed: the
 * rows of a shuffled table are scattered over memory, and on a shared
 * machine they are often no longer in the cache. */
void         nl_batch_prefetch_rows (const double *x,
                                     size_t        n_inputs,
                                     const size_t *rows,
                                     size_t        n);
