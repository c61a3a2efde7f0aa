/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-batch.c: the gradient of a mini-batch, sample by sample.
 *
 * Each sample goes through nl_net_forward() and nl_net_backward() into a
 * gradient of its own, which is then added to the batch's sum: the plain
 * statement of what a batch's gradient is, in the sum order the header
 * promises.
 */
#include "nl-batch.h"

#include <stdlib.h>
#include <string.h>

struct NlBatchWork
{
  size_t  max_batch;
  NlWork *work;
  double *sample_grad;
};

NlBatchWork *
nl_batch_work_new (const NlNet *net,
                   size_t       max_batch)
{
  NlBatchWork *work = calloc (1, sizeof *work);

  if (work == NULL)
    return NULL;
  work->max_batch = max_batch;
  work->work = nl_work_new (net);
  work->sample_grad = malloc (net->n_params * sizeof (double));
  if (work->work == NULL || work->sample_grad == NULL)
    {
      nl_batch_work_free (work);
      return NULL;
    }
  return work;
}

void
nl_batch_work_free (NlBatchWork *work)
{
  if (work == NULL)
    return;
  nl_work_free (work->work);
  free (work->sample_grad);
  free (work);
}

double
nl_batch_gradient (const NlNet  *net,
                   NlBatchWork  *work,
                   const double *x,
                   const double *y,
                   const size_t *rows,
                   size_t        n,
                   NlLoss        loss,
                   double       *grad)
{
  size_t n_in = nl_net_n_inputs (net);
  double total = 0.0;

  memset (grad, 0, net->n_params * sizeof (double));
  for (size_t i = 0; i < n; i++)
    {
      size_t r = rows[i];

      nl_net_forward (net, work->work, x + r * n_in);
      total += nl_net_sample_loss (net, work->work, y[r], loss);
      nl_net_backward (net, work->work, y[r], loss, work->sample_grad);
      for (size_t p = 0; p < net->n_params; p++)
        grad[p] += work->sample_grad[p];
    }
  return total;
}
