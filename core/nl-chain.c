/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-chain.c: one parameter's gradient as a product of the tutorial's
 * factors, checked against backpropagation and a finite difference.
 *
 * The sums over paths are taken in the order nl_net_backward() takes them
 * (neuron k = 0, 1, ... of the layer above, each term w(k <- i) dL/dz_k), so
 * dL/dh_i here is bit for bit the value backpropagation multiplies by f'(z_i).
 * The products of the factors group the same numbers differently and may
 * differ from the gradient in the last bits.
 */
#include "nl-chain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nl-i18n.h"

/* Finds the layer, neuron and (for a weight) source neuron of @param. */
static void
locate_param (const NlNet *net,
              size_t       param,
              size_t      *layer,
              size_t      *unit,
              size_t      *from,
              int         *is_bias)
{
  *is_bias = param >= net->n_weights;
  for (size_t l = 1; l < net->n_layers; l++)
    {
      size_t n = net->sizes[l], n_in = net->sizes[l - 1];

      if (!*is_bias && param >= net->w_offset[l] && param < net->w_offset[l] + n * n_in)
        {
          *layer = l;
          *unit = (param - net->w_offset[l]) / n_in;
          *from = (param - net->w_offset[l]) % n_in;
          return;
        }
      if (*is_bias && param >= net->b_offset[l] && param < net->b_offset[l] + n)
        {
          *layer = l;
          *unit = param - net->b_offset[l];
          *from = 0;
          return;
        }
    }
}

/* dL/da of neuron @unit of @layer after a backward pass: the sum over the
 * neurons k of the layer above of w(k <- unit) dL/dz_k, in backprop's order. */
static double
dloss_dactivation (const NlNet  *net,
                   const NlWork *work,
                   size_t        layer,
                   size_t        unit)
{
  double sum = 0.0;

  if (layer == net->n_layers - 1)
    return nl_net_n_outputs (net) == 1 ? work->dloss_dout : 0.0;
  for (size_t k = 0; k < net->sizes[layer + 1]; k++)
    sum += net->params[nl_net_weight_index (net, layer + 1, k, unit)]
           * work->delta[net->unit_offset[layer + 1] + k];
  return sum;
}

static double
sample_loss (const NlNet  *net,
             NlWork       *work,
             const double *x,
             double        y_true,
             NlLoss        loss)
{
  nl_net_forward (net, work, x);
  return nl_net_sample_loss (net, work, y_true, loss);
}

NlStatus
nl_chain_compute (const NlNet  *net,
                  const double *x,
                  double        y_true,
                  NlLoss        loss,
                  size_t        param,
                  double        learning_rate,
                  NlChain      *out,
                  NlError      *error)
{
  NlWork *work = NULL;
  NlNet *moved = NULL;
  double *grad = NULL;
  size_t last, u, n_up;
  double p, h, plus, minus;

  memset (out, 0, sizeof *out);
  if (net == NULL || x == NULL || param >= net->n_params)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("There is no parameter %zu to inspect."), param + 1);
  if ((int) loss < 0 || loss >= NL_N_LOSSES)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, _("Unknown loss function."));

  work = nl_work_new (net);
  moved = nl_net_copy (net);
  grad = calloc (net->n_params, sizeof (double));
  out->a = calloc (net->n_units, sizeof (double));
  out->z = calloc (net->n_units, sizeof (double));
  out->delta = calloc (net->n_units, sizeof (double));
  if (work == NULL || moved == NULL || grad == NULL || out->a == NULL || out->z == NULL
      || out->delta == NULL)
    goto nomem;

  last = net->n_layers - 1;
  nl_net_param_name (net, param, out->param_name, sizeof out->param_name);
  locate_param (net, param, &out->layer, &out->unit, &out->from, &out->is_bias);
  nl_net_unit_name (net, out->layer, out->unit, out->unit_name, sizeof out->unit_name);
  if (!out->is_bias)
    nl_net_unit_name (net, out->layer - 1, out->from, out->input_name, sizeof out->input_name);
  out->value = p = net->params[param];
  out->learning_rate = learning_rate;

  /* Forward and backward at the parameters as they are. */
  out->y_true = y_true;
  out->y_pred = nl_net_forward (net, work, x);
  out->n_outputs = nl_net_n_outputs (net);
  out->loss = nl_net_sample_loss (net, work, y_true, loss);
  nl_net_backward (net, work, y_true, loss, grad);
  out->n_units = net->n_units;
  memcpy (out->a, work->a, net->n_units * sizeof (double));
  memcpy (out->z, work->z, net->n_units * sizeof (double));
  memcpy (out->delta, work->delta, net->n_units * sizeof (double));
  out->gradient = grad[param];

  /* The factors. */
  u = net->unit_offset[out->layer] + out->unit;
  out->dloss_dout = work->dloss_dout;
  out->dunit_dz = work->dact[u];
  out->dz_dparam = out->is_bias ? 1.0 : work->a[net->unit_offset[out->layer - 1] + out->from];
  out->dunit_dparam = out->is_bias
                      ? work->dact[u]
                      : nl_net_dunit_dweight (net, work, out->layer, out->unit, out->from);
  out->dloss_dunit = dloss_dactivation (net, work, out->layer, out->unit);
  out->dloss_dz = work->delta[u];

  if (out->layer == last)
    {
      out->form = NL_CHAIN_OUTPUT;
      out->product = out->n_outputs == 1 ? out->dloss_dout * out->dunit_dparam
                                         : out->dloss_dz * out->dz_dparam;
    }
  else
    {
      n_up = net->sizes[out->layer + 1];
      out->paths = calloc (n_up, sizeof (NlChainPath));
      if (out->paths == NULL)
        goto nomem;
      out->n_paths = n_up;
      for (size_t k = 0; k < n_up; k++)
        {
          NlChainPath *path = &out->paths[k];
          size_t w = nl_net_weight_index (net, out->layer + 1, k, out->unit);
          size_t uk = net->unit_offset[out->layer + 1] + k;

          nl_net_unit_name (net, out->layer + 1, k, path->child_name, sizeof path->child_name);
          nl_net_param_name (net, w, path->weight_name, sizeof path->weight_name);
          path->weight = net->params[w];
          path->dact = work->dact[uk];
          path->dloss_dchild = dloss_dactivation (net, work, out->layer + 1, k);
          path->dloss_dz = work->delta[uk];
          path->term = path->weight * work->delta[uk];
        }
      if (out->layer + 1 == last && out->n_outputs == 1)
        {
          out->form = NL_CHAIN_LAST_HIDDEN;
          out->dout_dunit = nl_net_dout_dunit (net, work, out->unit);
          out->product = out->dloss_dout * out->dout_dunit * out->dunit_dparam;
        }
      else
        {
          out->form = NL_CHAIN_DEEP;
          out->product = out->dloss_dunit * out->dunit_dparam;
        }
    }

  /* The step nl_net_sgd_step() takes, with its grouping:
   * p -= (learning_rate dL/dz_i) a_j. */
  {
    double step = learning_rate * work->delta[u];

    out->step_value = out->is_bias ? p - step : p - step * out->dz_dparam;
  }
  moved->params[param] = out->step_value;
  out->loss_after_step = sample_loss (moved, work, x, y_true, loss);

  /* Central difference; the step actually taken, after rounding p +- h. */
  h = 1e-6 * fmax (1.0, fabs (p));
  moved->params[param] = p + h;
  plus = sample_loss (moved, work, x, y_true, loss);
  moved->params[param] = p - h;
  minus = sample_loss (moved, work, x, y_true, loss);
  out->finite_difference = (plus - minus) / ((p + h) - (p - h));

  free (grad);
  nl_net_free (moved);
  nl_work_free (work);
  return NL_OK;

nomem:
  free (grad);
  nl_net_free (moved);
  nl_work_free (work);
  nl_chain_clear (out);
  return nl_error_set (error, NL_ERR_NOMEM, 0, 0, _("Out of memory."));
}

void
nl_chain_clear (NlChain *chain)
{
  if (chain == NULL)
    return;
  free (chain->a);
  free (chain->z);
  free (chain->delta);
  free (chain->paths);
  memset (chain, 0, sizeof *chain);
}
