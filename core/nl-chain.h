/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-chain.h: one parameter's gradient written out as the tutorial writes it,
 * factor by factor, for the backpropagation inspector:
 *
 *   dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
 *
 * for the tutorial's w1; two factors for an output's parameter, a sum over
 * the paths to the output for a neuron deeper down, and dL/dz_k of each
 * output under a softmax (the forms of NlChainForm). See
 * docs/ARCHITECTURE.md, section "The backpropagation chain".
 */
#pragma once

#include <stddef.h>

#include "nl-error.h"
#include "nl-net.h"

typedef enum
{
  NL_CHAIN_OUTPUT = 0,   /* p belongs to o1: dL/dy_pred * dy_pred/dp; with
                          * several outputs dL/dz_k * dz_k/dp */
  NL_CHAIN_LAST_HIDDEN,  /* dL/dy_pred * dy_pred/dh * dh/dp, the tutorial's w1;
                          * one output only */
  NL_CHAIN_DEEP,         /* dL/dh * dh/dp, dL/dh a sum over paths */
} NlChainForm;

/* One path from the parameter's neuron i up through neuron k of the next
 * layer: term = weight * dact * dloss_dchild (computed as weight * dL/dz_k,
 * which is how backpropagation sums it). */
typedef struct
{
  char   child_name[16];   /* "o1", "h2_1" */
  char   weight_name[16];  /* the weight w(k <- i), "w5" */
  double weight;
  double dact;             /* f'(z_k) */
  double dloss_dchild;     /* dL/da_k; dL/dy_pred for o1; 0 for one output of
                            * several */
  double dloss_dz;         /* dL/dz_k, backpropagation's delta */
  double term;
} NlChainPath;

typedef struct
{
  char         param_name[16];  /* "w1", "b3" */
  int          is_bias;
  NlChainForm  form;
  size_t       layer;           /* layer of the neuron the parameter feeds */
  size_t       unit;            /* that neuron, within its layer */
  char         unit_name[16];   /* "h1", "o1" */
  size_t       from;            /* for a weight: the neuron of layer - 1 it leaves */
  char         input_name[16];  /* for a weight: "x1", "h2"; "" for a bias */
  double       value;           /* p now */

  /* The forward pass: a copy of NlWork's a and z for every neuron (inputs
   * first, o1 last, in NlNet's unit order), n_units values each. */
  size_t       n_units;
  double      *a;
  double      *z;
  double       y_true;          /* the class index with several outputs */
  double       y_pred;          /* the last output */
  size_t       n_outputs;
  /* dL/dz of every neuron (NlWork's delta), n_units values: for the outputs,
   * where the chain starts. */
  double      *delta;

  /* The factors. */
  double       dloss_dout;      /* dL/dy_pred */
  double       dout_dunit;      /* dy_pred/dh_i = w(o1 <- i) f'(z_o1): NL_CHAIN_LAST_HIDDEN only, else 0 */
  double       dloss_dunit;     /* dL/da_i, the sum of the paths; dL/dy_pred for o1 */
  double       dunit_dz;        /* f'(z_i) */
  double       dz_dparam;       /* a_j for a weight (the input along the edge), 1 for a bias */
  double       dunit_dparam;    /* da_i/dp = dz_dparam * f'(z_i): "dh1/dw1" or "dy_pred/dw5" */
  double       dloss_dz;        /* dL/dz_i, backpropagation's delta of the neuron */
  size_t       n_paths;         /* 0 for NL_CHAIN_OUTPUT */
  NlChainPath *paths;

  /* The product of the factors as the form writes them (two for
   * NL_CHAIN_OUTPUT and NL_CHAIN_DEEP, three for NL_CHAIN_LAST_HIDDEN; for a
   * parameter of one of several outputs dloss_dz * dz_dparam), the
   * core's backpropagation gradient (nl_net_backward), which equals it up to
   * rounding, and a central finite difference of the loss, step
   * h = 1e-6 max (1, |p|). */
  double       product;
  double       gradient;
  double       finite_difference;

  /* What one SGD step at @learning_rate does to p: step_value is exactly the
   * value nl_net_sgd_step() gives p. The step moves every parameter at once;
   * loss_after_step is the sample's loss when p alone takes its new value
   * and every other parameter keeps its own, which shows p's share. */
  double       loss;
  double       learning_rate;
  double       step_value;
  double       loss_after_step;
} NlChain;

/* Fills @out for parameter @param of @net on the sample (@x, @y_true) under
 * @loss (@y_true as nl_net_sample_loss() takes it). @out need not be initialised; clear it with nl_chain_clear(). On
 * failure @out holds nothing to free and @error says why. */
NlStatus nl_chain_compute (const NlNet  *net,
                           const double *x,
                           double        y_true,
                           NlLoss        loss,
                           size_t        param,
                           double        learning_rate,
                           NlChain      *out,
                           NlError      *error);

void     nl_chain_clear   (NlChain      *chain);
