/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-batch.h: the gradient of a mini-batch.
 *
 * One optimizer step on several samples needs the sum of their gradients:
 * every sample is fed forward and its error propagated back, and each
 * parameter's dL/dp is added up over the samples in the order given, so a
 * batch gives the same sum, bit for bit, every time on a machine.
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
