/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-net.h: a fully connected feed-forward network, its forward pass,
 * backpropagation and the stochastic gradient descent step.
 *
 * Layers are numbered from 0 (the inputs) to n_layers - 1 (the outputs: one
 * neuron, or one a class under a softmax; see nl-task.h for which). Every parameter lives in one contiguous block, net->params, in this
 * order:
 *
 *   1. the weights, layer by layer (1, 2, ...), neuron by neuron, and for each
 *      neuron one weight per neuron of the layer below, in order;
 *   2. the biases, layer by layer, neuron by neuron.
 *
 * Numbering the weights w1, w2, ... and the biases b1, b2, ... in that order
 * gives the tutorial's names for its 2-2-1 network: h1 = f(w1 x1 + w2 x2 + b1),
 * h2 = f(w3 x1 + w4 x2 + b2), o1 = f(w5 h1 + w6 h2 + b3), params =
 * [w1 w2 w3 w4 w5 w6 b1 b2 b3].
 *
 * The network itself holds no scratch memory, so one NlNet can be evaluated
 * from several threads, each with its own NlWork.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nl-error.h"
#include "nl-rng.h"

#define NL_MAX_LAYERS       64
#define NL_MAX_LAYER_SIZE   65536
/* 2^27 parameters, 1 GiB of doubles: far beyond what a person can watch
 * learn, and refused before allocation rather than left to the system. */
#define NL_MAX_PARAMS       ((size_t) 1 << 27)

typedef enum
{
  NL_ACTIVATION_SIGMOID = 0,
  NL_ACTIVATION_TANH,
  NL_ACTIVATION_RELU,
  NL_ACTIVATION_LINEAR,
  NL_N_ACTIVATIONS,      /* the activations a neuron can have on its own */
  /* exp(z_j) / sum_k exp(z_k) over a whole output layer of two or more
   * neurons: the multi-class task's output, never a hidden layer's. */
  NL_ACTIVATION_SOFTMAX = NL_N_ACTIVATIONS,
  NL_N_ALL_ACTIVATIONS
} NlActivation;

typedef enum
{
  NL_LOSS_MSE = 0,     /* (y_true - y_pred)^2, the tutorial's */
  NL_LOSS_BCE,         /* cross-entropy: -(y log p + (1 - y) log (1 - p)) for one
                        * output, -log p_y (the true class's probability) for a
                        * softmax layer */
  NL_N_LOSSES
} NlLoss;

typedef enum
{
  NL_INIT_NORMAL = 0,  /* every parameter from N(0, 1), as the tutorial does */
  NL_INIT_SCALED,      /* weights from N(0, 1 / fan_in), biases 0 */
  NL_N_INITS
} NlInit;

typedef struct
{
  size_t        n_layers;    /* including the input layer; at least 2 */
  size_t       *sizes;       /* neurons per layer */
  NlActivation *activation;  /* per layer; activation[0] is unused */
  size_t       *w_offset;    /* per layer >= 1: where its weights start in params */
  size_t       *b_offset;    /* per layer >= 1: where its biases start in params */
  size_t       *unit_offset; /* per layer: where its neurons start in an NlWork */
  size_t        n_units;     /* neurons in all layers, inputs included */
  size_t        n_weights;
  size_t        n_params;    /* n_weights + number of biases */
  double       *params;
} NlNet;

/* Scratch memory for one forward and backward pass, and what they found:
 * a[u] is neuron u's output (the inputs themselves for layer 0), z[u] its
 * weighted sum before the activation, dact[u] = f'(z[u]) (for a softmax
 * layer the diagonal of its Jacobian, p (1 - p)), delta[u] = dL/dz[u].
 * dloss_dout is dL/dy_pred of the last backward pass for a single output
 * (for several outputs, dL/dp of the first). */
typedef struct
{
  size_t  n_units;
  double *a;
  double *z;
  double *dact;
  double *delta;
  double  dloss_dout;
} NlWork;

/* @sizes has @n_layers entries (inputs first, outputs last); @activations has
 * @n_layers entries of which the first is ignored, or is NULL for sigmoid
 * everywhere. Only the output layer can be NL_ACTIVATION_SOFTMAX, and then
 * it has at least two neurons. Parameters start at 0; call nl_net_init(). NULL on failure,
 * with @error filled in. */
NlNet       *nl_net_new               (size_t              n_layers,
                                       const size_t       *sizes,
                                       const NlActivation *activations,
                                       NlError            *error);
NlNet       *nl_net_copy              (const NlNet        *net);
void         nl_net_free              (NlNet              *net);
/* Copies the parameters of @src into @dst, which must have the same shape. */
void         nl_net_copy_params       (NlNet              *dst,
                                       const NlNet        *src);
int          nl_net_same_shape        (const NlNet        *a,
                                       const NlNet        *b);

void         nl_net_init              (NlNet              *net,
                                       NlInit              init,
                                       NlRng              *rng);

static inline size_t
nl_net_n_inputs (const NlNet *net)
{
  return net->sizes[0];
}

static inline size_t
nl_net_n_outputs (const NlNet *net)
{
  return net->sizes[net->n_layers - 1];
}


/* Index in net->params of the weight from neuron @from of layer @layer - 1
 * into neuron @to of layer @layer, and of neuron @to's bias. */
static inline size_t
nl_net_weight_index (const NlNet *net,
                     size_t       layer,
                     size_t       to,
                     size_t       from)
{
  return net->w_offset[layer] + to * net->sizes[layer - 1] + from;
}

static inline size_t
nl_net_bias_index (const NlNet *net,
                   size_t       layer,
                   size_t       to)
{
  return net->b_offset[layer] + to;
}

/* Writes the tutorial-style name of parameter @index ("w5", "b3") into @buf. */
void         nl_net_param_name        (const NlNet        *net,
                                       size_t              index,
                                       char               *buf,
                                       size_t              size);
/* Writes the tutorial-style name of neuron @unit of layer @layer ("x1", "h2",
 * "o1"; with several hidden layers the hidden ones are "h1_3" for layer 1,
 * neuron 3). */
void         nl_net_unit_name         (const NlNet        *net,
                                       size_t              layer,
                                       size_t              unit,
                                       char               *buf,
                                       size_t              size);

/* The output layer's activations after a forward pass in @work. */
static inline const double *
nl_net_outputs (const NlNet  *net,
                const NlWork *work)
{
  return work->a + net->unit_offset[net->n_layers - 1];
}

NlWork      *nl_work_new              (const NlNet        *net);
void         nl_work_free             (NlWork             *work);

/* Feeds @x (n_inputs values) forward, keeping every activation in @work,
 * and returns the (last) output y_pred; nl_net_outputs() has them all. */
double       nl_net_forward           (const NlNet        *net,
                                       NlWork             *work,
                                       const double       *x);
/* The output only, with scratch memory from @work. */
double       nl_net_predict           (const NlNet        *net,
                                       NlWork             *work,
                                       const double       *x);

double       nl_loss_value            (NlLoss              loss,
                                       double              y_true,
                                       double              y_pred);
/* dL/dy_pred for one sample. */
double       nl_loss_derivative       (NlLoss              loss,
                                       double              y_true,
                                       double              y_pred);
/* The loss of the sample last fed forward in @work, for any number of
 * outputs: with several, @y_true is the index of the true class and the
 * target is one-hot; MSE is then the mean over the outputs. For one output
 * it is nl_loss_value(). */
double       nl_net_sample_loss       (const NlNet        *net,
                                       const NlWork       *work,
                                       double              y_true,
                                       NlLoss              loss);

/* After nl_net_forward() on the same sample (@y_true as for
 * nl_net_sample_loss()): fills work->delta and
 * work->dloss_dout, and, when @grad is not NULL, writes dL/dp for every
 * parameter into @grad (n_params values, in the order of net->params). */
void         nl_net_backward          (const NlNet        *net,
                                       NlWork             *work,
                                       double              y_true,
                                       NlLoss              loss,
                                       double             *grad);

/* The output layer's part of nl_net_backward() for a sample whose outputs
 * are @p and their f'(z) @dact (n_outputs values each, as NlWork has them):
 * writes dL/dz of every output into @delta and returns the sample's loss, as
 * nl_net_sample_loss() does. For the mini-batch kernels (nl-batch.c). */
double       nl_net_output_deltas     (const NlNet        *net,
                                       const double       *p,
                                       const double       *dact,
                                       double              y_true,
                                       NlLoss              loss,
                                       double             *delta);

/* One step of stochastic gradient descent on one sample: forward, backward,
 * p -= learning_rate * dL/dp. Returns the sample's loss before the step. */
double       nl_net_sgd_step          (NlNet              *net,
                                       NlWork             *work,
                                       const double       *x,
                                       double              y_true,
                                       double              learning_rate,
                                       NlLoss              loss);

/* nl_net_sgd_step() on @n samples in turn, sample i being the inputs
 * x + rows[i] * n_inputs with the target y[rows[i]]: the same numbers bit
 * for bit, faster (each sample's first-layer update and the next sample's
 * first-layer sums go through those weights once). Returns the sum of the
 * samples' losses before their steps, added in order. @work holds the last
 * sample's forward and backward pass afterwards, as after
 * nl_net_sgd_step(). */
double       nl_net_sgd_steps         (NlNet              *net,
                                       NlWork             *work,
                                       const double       *x,
                                       const double       *y,
                                       const size_t       *rows,
                                       size_t              n,
                                       double              learning_rate,
                                       NlLoss              loss);

/* The tutorial's chain-rule factors, after nl_net_forward() and
 * nl_net_backward() on one sample:
 *   dL/dy_pred                         work->dloss_dout
 *   dy_pred/dh for hidden neuron @unit nl_net_dout_dunit (last hidden layer only)
 *   dh/dw for weight (layer, to, from) nl_net_dunit_dweight
 */
double       nl_net_dout_dunit        (const NlNet        *net,
                                       const NlWork       *work,
                                       size_t              unit);
double       nl_net_dunit_dweight     (const NlNet        *net,
                                       const NlWork       *work,
                                       size_t              layer,
                                       size_t              to,
                                       size_t              from);

const char  *nl_activation_name       (NlActivation        activation);
int          nl_activation_from_name  (const char         *name,
                                       NlActivation       *out);
const char  *nl_loss_name             (NlLoss              loss);
int          nl_loss_from_name        (const char         *name,
                                       NlLoss             *out);

/* 1 when every parameter is finite. */
int          nl_net_is_finite         (const NlNet        *net);
