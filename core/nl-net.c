/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-net.c: the network, its forward pass, backpropagation and the SGD step.
 *
 * The inner loops are vectorised by hand without reassociating floating
 * point: dot products keep four independent partial sums in a fixed order,
 * four neurons at a time, and the backward pass is made of axpy loops, with
 * the SGD step propagating the deltas and moving the weights in one pass over
 * them. Results therefore do not depend on the instruction set the code runs
 * on, and layers with fewer than four inputs take written-out paths. Over an
 * epoch (nl_net_sgd_steps()) each sample's first-layer update and the next
 * sample's first-layer sums share one pass too. A sigmoid takes exp() four at
 * a time where that gives libm's bits (nl-exp-private.h).
 */
#include "nl-net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl-i18n.h"
#include "nl-exp-private.h"
#include "nl-vector-private.h"

#if defined(__clang__)
/* ISO C, as GCC is told by -std=c11: no multiply and add becomes an FMA. */
# pragma STDC FP_CONTRACT OFF
#endif

static const char * const activation_names[NL_N_ALL_ACTIVATIONS] = {
  "sigmoid", "tanh", "relu", "linear", "softmax",
};

static const char * const loss_names[NL_N_LOSSES] = {
  "mse", "bce",
};

/* Multiplies with an overflow check; 0 on overflow. */
static int
mul_ok (size_t  a,
        size_t  b,
        size_t *out)
{
  if (a != 0 && b > SIZE_MAX / a)
    return 0;
  *out = a * b;
  return 1;
}

static int
add_ok (size_t  a,
        size_t  b,
        size_t *out)
{
  if (b > SIZE_MAX - a)
    return 0;
  *out = a + b;
  return 1;
}

NlNet *
nl_net_new (size_t              n_layers,
            const size_t       *sizes,
            const NlActivation *activations,
            NlError            *error)
{
  NlNet *net;
  size_t n_weights = 0, n_biases = 0, n_units = 0;

  if (n_layers < 2 || n_layers > NL_MAX_LAYERS)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0,
                    _("A network needs between 2 and %d layers, inputs and output included"),
                    NL_MAX_LAYERS);
      return NULL;
    }
  for (size_t l = 0; l < n_layers; l++)
    {
      if (sizes[l] == 0 || sizes[l] > NL_MAX_LAYER_SIZE)
        {
          nl_error_set (error, NL_ERR_INVALID, 0, 0,
                        _("Layer %zu has %zu neurons; a layer needs between 1 and %d"),
                        l, sizes[l], NL_MAX_LAYER_SIZE);
          return NULL;
        }
      if (activations != NULL && l > 0
          && ((int) activations[l] < 0 || activations[l] >= NL_N_ALL_ACTIVATIONS))
        {
          nl_error_set (error, NL_ERR_INVALID, 0, 0,
                        _("Layer %zu has an unknown activation"), l);
          return NULL;
        }
      if (activations != NULL && l > 0 && activations[l] == NL_ACTIVATION_SOFTMAX
          && (l != n_layers - 1 || sizes[l] < 2))
        {
          nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                        _("Only an output layer of two or more neurons can use softmax"));
          return NULL;
        }
    }

  for (size_t l = 0; l < n_layers; l++)
    {
      size_t w;

      if (!add_ok (n_units, sizes[l], &n_units))
        goto overflow;
      if (l == 0)
        continue;
      if (!mul_ok (sizes[l], sizes[l - 1], &w)
          || !add_ok (n_weights, w, &n_weights)
          || !add_ok (n_biases, sizes[l], &n_biases))
        goto overflow;
    }
  if (n_weights + n_biases < n_weights || n_weights + n_biases > NL_MAX_PARAMS)
    goto overflow;

  net = calloc (1, sizeof *net);
  if (net == NULL)
    goto nomem;
  net->n_layers = n_layers;
  net->sizes = calloc (n_layers, sizeof *net->sizes);
  net->activation = calloc (n_layers, sizeof *net->activation);
  net->w_offset = calloc (n_layers, sizeof *net->w_offset);
  net->b_offset = calloc (n_layers, sizeof *net->b_offset);
  net->unit_offset = calloc (n_layers, sizeof *net->unit_offset);
  net->n_units = n_units;
  net->n_weights = n_weights;
  net->n_params = n_weights + n_biases;
  net->params = calloc (net->n_params, sizeof *net->params);
  if (net->sizes == NULL || net->activation == NULL || net->w_offset == NULL
      || net->b_offset == NULL || net->unit_offset == NULL || net->params == NULL)
    {
      nl_net_free (net);
      goto nomem;
    }

  {
    size_t w = 0, b = n_weights, u = 0;

    for (size_t l = 0; l < n_layers; l++)
      {
        net->sizes[l] = sizes[l];
        net->activation[l] = activations != NULL ? activations[l] : NL_ACTIVATION_SIGMOID;
        net->unit_offset[l] = u;
        u += sizes[l];
        if (l == 0)
          {
            net->activation[0] = NL_ACTIVATION_LINEAR;
            continue;
          }
        net->w_offset[l] = w;
        net->b_offset[l] = b;
        w += sizes[l] * sizes[l - 1];
        b += sizes[l];
      }
  }

  return net;

overflow:
  nl_error_set (error, NL_ERR_NOMEM, 0, 0, _("The network is too large"));
  return NULL;
nomem:
  nl_error_set (error, NL_ERR_NOMEM, 0, 0, _("Out of memory while creating the network"));
  return NULL;
}

void
nl_net_free (NlNet *net)
{
  if (net == NULL)
    return;
  free (net->sizes);
  free (net->activation);
  free (net->w_offset);
  free (net->b_offset);
  free (net->unit_offset);
  free (net->params);
  free (net);
}

NlNet *
nl_net_copy (const NlNet *net)
{
  NlNet *copy = nl_net_new (net->n_layers, net->sizes, net->activation, NULL);

  if (copy != NULL)
    nl_net_copy_params (copy, net);
  return copy;
}

int
nl_net_same_shape (const NlNet *a,
                   const NlNet *b)
{
  if (a->n_layers != b->n_layers)
    return 0;
  for (size_t l = 0; l < a->n_layers; l++)
    if (a->sizes[l] != b->sizes[l] || (l > 0 && a->activation[l] != b->activation[l]))
      return 0;
  return 1;
}

void
nl_net_copy_params (NlNet       *dst,
                    const NlNet *src)
{
  memcpy (dst->params, src->params, src->n_params * sizeof *src->params);
}

void
nl_net_init (NlNet  *net,
             NlInit  init,
             NlRng  *rng)
{
  if (init == NL_INIT_NORMAL)
    {
      /* The tutorial draws w1..w6 and then b1..b3, which is our block order. */
      for (size_t i = 0; i < net->n_params; i++)
        net->params[i] = nl_rng_normal (rng);
      return;
    }

  for (size_t l = 1; l < net->n_layers; l++)
    {
      double sd = 1.0 / sqrt ((double) net->sizes[l - 1]);
      double *w = net->params + net->w_offset[l];

      for (size_t i = 0; i < net->sizes[l] * net->sizes[l - 1]; i++)
        w[i] = sd * nl_rng_normal (rng);
      memset (net->params + net->b_offset[l], 0, net->sizes[l] * sizeof (double));
    }
}

void
nl_net_param_name (const NlNet *net,
                   size_t       index,
                   char        *buf,
                   size_t       size)
{
  if (index < net->n_weights)
    snprintf (buf, size, "w%zu", index + 1);
  else
    snprintf (buf, size, "b%zu", index - net->n_weights + 1);
}

void
nl_net_unit_name (const NlNet *net,
                  size_t       layer,
                  size_t       unit,
                  char        *buf,
                  size_t       size)
{
  if (layer == 0)
    snprintf (buf, size, "x%zu", unit + 1);
  else if (layer == net->n_layers - 1)
    snprintf (buf, size, "o%zu", unit + 1);
  else if (net->n_layers == 3)
    snprintf (buf, size, "h%zu", unit + 1);
  else
    snprintf (buf, size, "h%zu_%zu", layer, unit + 1);
}

NlWork *
nl_work_new (const NlNet *net)
{
  NlWork *work = calloc (1, sizeof *work);

  if (work == NULL)
    return NULL;
  work->n_units = net->n_units;
  work->a = calloc (net->n_units, sizeof (double));
  work->z = calloc (net->n_units, sizeof (double));
  work->dact = calloc (net->n_units, sizeof (double));
  work->delta = calloc (net->n_units, sizeof (double));
  if (work->a == NULL || work->z == NULL || work->dact == NULL || work->delta == NULL)
    {
      nl_work_free (work);
      return NULL;
    }
  return work;
}

void
nl_work_free (NlWork *work)
{
  if (work == NULL)
    return;
  free (work->a);
  free (work->z);
  free (work->dact);
  free (work->delta);
  free (work);
}

/* The hot loops work on four doubles at a time (nl-vector-private.h), and
 * every sum keeps the order of the plain scalar code it replaces. On x86-64
 * Linux the forward pass and the SGD step are compiled twice, for the
 * baseline and for AVX2, and the loader picks one at start-up. AVX2 comes
 * without FMA and the core is built as ISO C (no contraction), so both give
 * the same numbers: the one-sample path keeps its results bit for bit
 * (the Backpropagation page's worked step, REFERENCE.md, the NumPy export
 * all rely on that; an FMA clone measured no faster, the step being bound by
 * loads and stores). A sigmoid layer takes exp() four at a time
 * (nl_sigmoid_vector()) where that gives libm's bits; inlined between the
 * rows' sums instead, it measured slower. */
#if NL_CAN_CLONE
# define HOT_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
# define HOT_CLONES
#endif
/* The helpers of the cloned functions must be inlined into each clone to be
 * compiled for its instruction set. */
#define HOT_INLINE static inline __attribute__ ((always_inline))

/* The activation of a whole layer and its derivative, written in terms of
 * the output where that is cheaper (sigmoid' = a (1 - a), tanh' = 1 - a^2).
 * The sigmoid's divisions go four at a time. */
HOT_INLINE void
activate_layer (NlActivation           f,
                const double *restrict z,
                double       *restrict a,
                double       *restrict dact,
                size_t                 n)
{
  switch (f)
    {
    case NL_ACTIVATION_SIGMOID:
      if (n >= 4 && nl_exp_vector_usable ())
        {
          /* exp() four at a time, libm's bits (nl-exp-private.h). */
          nl_sigmoid_vector (z, a, dact, n);
          break;
        }
      {
        size_t j = 0;

        for (; j + 4 <= n; j += 4)
          {
            v4d e = { exp (-z[j]), exp (-z[j + 1]), exp (-z[j + 2]), exp (-z[j + 3]) };
            v4d s = 1.0 / (1.0 + e);

            STORE4 (a + j, s);
            STORE4 (dact + j, s * (1.0 - s));
          }
        for (; j < n; j++)
          nl_sigmoid1 (z + j, a + j, dact + j);
      }
      break;
    case NL_ACTIVATION_TANH:
      for (size_t j = 0; j < n; j++)
        {
          a[j] = tanh (z[j]);
          dact[j] = 1.0 - a[j] * a[j];
        }
      break;
    case NL_ACTIVATION_RELU:
      for (size_t j = 0; j < n; j++)
        {
          dact[j] = z[j] > 0.0 ? 1.0 : 0.0;
          a[j] = z[j] > 0.0 ? z[j] : 0.0;
        }
      break;
    case NL_ACTIVATION_SOFTMAX:
      {
        /* Shifted by the largest sum, so exp() cannot overflow; the sum of
         * the exponentials is then at least 1. */
        double top = z[0], sum = 0.0;

        for (size_t j = 1; j < n; j++)
          top = z[j] > top ? z[j] : top;
        for (size_t j = 0; j < n; j++)
          {
            a[j] = exp (z[j] - top);
            sum += a[j];
          }
        for (size_t j = 0; j < n; j++)
          {
            a[j] /= sum;
            dact[j] = a[j] * (1.0 - a[j]);
          }
      }
      break;
    case NL_ACTIVATION_LINEAR:
    case NL_N_ALL_ACTIVATIONS:
    default:
      for (size_t j = 0; j < n; j++)
        {
          dact[j] = 1.0;
          a[j] = z[j];
        }
      break;
    }
}

/* sum_k w[k] x[k], finished: partial sum s[i] holds the products of the
 * inputs below @k with index i mod 4, the remaining products go to s[0] in
 * order, and the four are then added pairwise. For n < 4 this is
 * ((0 + w0 x0) + w1 x1) + ..., the textbook sum. */
HOT_INLINE double
dot_finish (const v4d             *s,
            const double *restrict w,
            const double *restrict x,
            size_t                 k,
            size_t                 n)
{
  double s0 = (*s)[0];

  for (; k < n; k++)
    s0 += w[k] * x[k];
  return (s0 + (*s)[1]) + ((*s)[2] + (*s)[3]);
}

/* z[j] = sum_k w[j][k] in[k] + b[j] for the @n neurons of a layer. Four rows
 * go together: they share the loads of the inputs and their four sums hide
 * each other's latency, while each row's sum keeps its own fixed order. */
HOT_INLINE void
layer_sums (const double *restrict w,
            const double *restrict b,
            const double *restrict in,
            double       *restrict z,
            size_t                 n,
            size_t                 n_in)
{
  size_t n4 = n_in & ~(size_t) 3;
  size_t j = 0;

  if (n4 == 0)
    {
      /* Fewer than four inputs, written out: dot_finish() with every partial
       * sum at 0 is s0 + 0 + 0, and s0 = (0 + w0 x0) + ... is never -0, so
       * that is s0 itself. */
      double x0 = in[0];

      switch (n_in)
        {
        case 1:
          for (; j < n; j++)
            z[j] = (0.0 + w[j] * x0) + b[j];
          break;
        case 2:
          for (double x1 = in[1]; j < n; j++)
            z[j] = ((0.0 + w[2 * j] * x0) + w[2 * j + 1] * x1) + b[j];
          break;
        default:
          for (double x1 = in[1], x2 = in[2]; j < n; j++)
            z[j] = (((0.0 + w[3 * j] * x0) + w[3 * j + 1] * x1) + w[3 * j + 2] * x2) + b[j];
          break;
        }
      return;
    }

  for (; j + 4 <= n; j += 4)
    {
      const double *w0 = w + j * n_in, *w1 = w0 + n_in, *w2 = w1 + n_in, *w3 = w2 + n_in;
      v4d s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };

      for (size_t k = 0; k < n4; k += 4)
        {
          v4d x = LOAD4 (in + k);

          s0 += LOAD4 (w0 + k) * x;
          s1 += LOAD4 (w1 + k) * x;
          s2 += LOAD4 (w2 + k) * x;
          s3 += LOAD4 (w3 + k) * x;
        }
      z[j] = dot_finish (&s0, w0, in, n4, n_in) + b[j];
      z[j + 1] = dot_finish (&s1, w1, in, n4, n_in) + b[j + 1];
      z[j + 2] = dot_finish (&s2, w2, in, n4, n_in) + b[j + 2];
      z[j + 3] = dot_finish (&s3, w3, in, n4, n_in) + b[j + 3];
    }
  for (; j < n; j++)
    {
      const double *row = w + j * n_in;
      v4d s = { 0 };

      for (size_t k = 0; k < n4; k += 4)
        s += LOAD4 (row + k) * LOAD4 (in + k);
      z[j] = dot_finish (&s, row, in, n4, n_in) + b[j];
    }
}

/* The sums and activations of layers @first and up, the layers below having
 * theirs in @work already. */
HOT_INLINE double
forward_from (const NlNet *net,
              NlWork      *work,
              size_t       first)
{
  const double *params = net->params;
  double *act = work->a;

  for (size_t l = first; l < net->n_layers; l++)
    {
      size_t n = net->sizes[l], n_in = net->sizes[l - 1];
      size_t u = net->unit_offset[l];

      layer_sums (params + net->w_offset[l], params + net->b_offset[l],
                  act + net->unit_offset[l - 1], work->z + u, n, n_in);
      activate_layer (net->activation[l], work->z + u, act + u, work->dact + u, n);
    }

  return act[net->n_units - 1];
}

/* The inputs into the work's first layer. */
HOT_INLINE void
load_inputs (const NlNet  *net,
             NlWork       *work,
             const double *x)
{
  /* Usually a handful of inputs: cheaper than a call to memcpy(). */
  size_t n0 = net->sizes[0], k = 0;
  double *act = work->a;

  for (; k + 4 <= n0; k += 4)
    STORE4 (act + k, LOAD4 (x + k));
  for (; k < n0; k++)
    act[k] = x[k];
}

HOT_INLINE double
forward_inline (const NlNet  *net,
                NlWork       *work,
                const double *x)
{
  load_inputs (net, work, x);
  return forward_from (net, work, 1);
}

HOT_CLONES static double
forward (const NlNet  *net,
         NlWork       *work,
         const double *x)
{
  return forward_inline (net, work, x);
}

double
nl_net_forward (const NlNet  *net,
                NlWork       *work,
                const double *x)
{
  return forward (net, work, x);
}

double
nl_net_predict (const NlNet  *net,
                NlWork       *work,
                const double *x)
{
  return forward (net, work, x);
}

/* Keeps log() finite for binary cross-entropy when the output saturates. */
#define BCE_EPSILON 1e-12

static inline double
clamp_probability (double p)
{
  if (p < BCE_EPSILON)
    return BCE_EPSILON;
  if (p > 1.0 - BCE_EPSILON)
    return 1.0 - BCE_EPSILON;
  return p;
}

double
nl_loss_value (NlLoss loss,
               double y_true,
               double y_pred)
{
  if (loss == NL_LOSS_BCE)
    {
      double p = clamp_probability (y_pred);
      return -(y_true * log (p) + (1.0 - y_true) * log (1.0 - p));
    }
  return (y_true - y_pred) * (y_true - y_pred);
}

double
nl_loss_derivative (NlLoss loss,
                    double y_true,
                    double y_pred)
{
  if (loss == NL_LOSS_BCE)
    {
      double p = clamp_probability (y_pred);
      return -(y_true / p) + (1.0 - y_true) / (1.0 - p);
    }
  return -2.0 * (y_true - y_pred);
}

/* dL/dz of the output neuron. For a sigmoid output under cross-entropy it is
 * p - y exactly; the generic product loses precision as p nears 0 or 1. */
HOT_INLINE double
output_delta (const NlNet *net,
              double       y_pred,
              double       dact,
              double       y_true,
              NlLoss       loss,
              double      *dloss_dout)
{
  *dloss_dout = nl_loss_derivative (loss, y_true, y_pred);
  if (loss == NL_LOSS_BCE && net->activation[net->n_layers - 1] == NL_ACTIVATION_SIGMOID
      && y_pred > BCE_EPSILON && y_pred < 1.0 - BCE_EPSILON)
    return y_pred - y_true;
  return *dloss_dout * dact;
}

/* The target of output @k for a sample of class @y_true: one-hot. */
static inline double
one_hot (double y_true,
         size_t k)
{
  return (double) k == y_true ? 1.0 : 0.0;
}

/* The loss of a sample whose outputs are @p. */
static double
sample_loss (const NlNet  *net,
             const double *p,
             double        y_true,
             NlLoss        loss)
{
  size_t last = net->n_layers - 1, n = net->sizes[last];
  double sum = 0.0;

  if (n == 1)
    return nl_loss_value (loss, y_true, p[0]);
  if (loss == NL_LOSS_BCE && net->activation[last] == NL_ACTIVATION_SOFTMAX)
    {
      size_t k = y_true >= 0.0 && y_true < (double) n ? (size_t) y_true : 0;

      return -log (p[k] > BCE_EPSILON ? p[k] : BCE_EPSILON);
    }
  for (size_t k = 0; k < n; k++)
    sum += nl_loss_value (loss, one_hot (y_true, k), p[k]);
  return loss == NL_LOSS_MSE ? sum / (double) n : sum;
}

double
nl_net_sample_loss (const NlNet  *net,
                    const NlWork *work,
                    double        y_true,
                    NlLoss        loss)
{
  return sample_loss (net, work->a + net->unit_offset[net->n_layers - 1], y_true, loss);
}

/* dL/dz of every output neuron, into @delta, from the outputs @p and their
 * f'(z) @dact; *dloss_dout as NlWork has it. One output is the
 * tutorial's case and keeps its exact arithmetic. For a softmax layer under
 * cross-entropy dL/dz_j = p_j - y_j; under MSE, with g_k = dL/dp_k,
 * dL/dz_j = p_j (g_j - sum_k g_k p_k), the softmax's Jacobian applied. Other
 * output layers go neuron by neuron. */
HOT_INLINE void
output_deltas_at (const NlNet  *net,
                  const double *p,
                  const double *dact,
                  double        y_true,
                  NlLoss        loss,
                  double       *delta,
                  double       *dloss_dout)
{
  size_t last = net->n_layers - 1, n = net->sizes[last];

  if (n == 1)
    {
      delta[0] = output_delta (net, p[0], dact[0], y_true, loss, dloss_dout);
      return;
    }
  if (net->activation[last] == NL_ACTIVATION_SOFTMAX)
    {
      if (loss == NL_LOSS_BCE)
        {
          for (size_t j = 0; j < n; j++)
            delta[j] = p[j] - one_hot (y_true, j);
          *dloss_dout = -one_hot (y_true, 0) / (p[0] > BCE_EPSILON ? p[0] : BCE_EPSILON);
        }
      else
        {
          double gp = 0.0;

          /* g_k = 2 (p_k - y_k) / n, kept in delta until the sum is known. */
          for (size_t k = 0; k < n; k++)
            {
              delta[k] = nl_loss_derivative (loss, one_hot (y_true, k), p[k]) / (double) n;
              gp += delta[k] * p[k];
            }
          *dloss_dout = delta[0];
          for (size_t j = 0; j < n; j++)
            delta[j] = p[j] * (delta[j] - gp);
        }
      return;
    }
  for (size_t j = 0; j < n; j++)
    {
      double g = nl_loss_derivative (loss, one_hot (y_true, j), p[j]);

      if (loss == NL_LOSS_MSE)
        g /= (double) n;
      if (j == 0)
        *dloss_dout = g;
      delta[j] = g * dact[j];
    }
}

HOT_INLINE void
output_deltas (const NlNet *net,
               NlWork      *work,
               double       y_true,
               NlLoss       loss)
{
  size_t u = net->unit_offset[net->n_layers - 1];

  output_deltas_at (net, work->a + u, work->dact + u, y_true, loss, work->delta + u,
                    &work->dloss_dout);
}

double
nl_net_output_deltas (const NlNet  *net,
                      const double *p,
                      const double *dact,
                      double        y_true,
                      NlLoss        loss,
                      double       *delta)
{
  double dloss_dout;

  output_deltas_at (net, p, dact, y_true, loss, delta, &dloss_dout);
  return sample_loss (net, p, y_true, loss);
}

/* delta_in[k] = f'(z_k) sum_j w[j][k] delta[j]: an axpy per neuron j, which
 * vectorises without changing the order of the sums. */
static inline void
propagate_delta (const double *restrict w,
                 const double *restrict delta,
                 const double *restrict dact_in,
                 double       *restrict delta_in,
                 size_t                 n,
                 size_t                 n_in)
{
  memset (delta_in, 0, n_in * sizeof (double));
  for (size_t j = 0; j < n; j++)
    {
      const double *row = w + j * n_in;
      double d = delta[j];

      for (size_t k = 0; k < n_in; k++)
        delta_in[k] += row[k] * d;
    }
  for (size_t k = 0; k < n_in; k++)
    delta_in[k] *= dact_in[k];
}

void
nl_net_backward (const NlNet *net,
                 NlWork      *work,
                 double       y_true,
                 NlLoss       loss,
                 double      *grad)
{
  size_t last = net->n_layers - 1;

  output_deltas (net, work, y_true, loss);

  for (size_t l = last; l >= 1; l--)
    {
      size_t n = net->sizes[l], n_in = net->sizes[l - 1];
      const double *w = net->params + net->w_offset[l];
      const double *delta = work->delta + net->unit_offset[l];
      const double *in = work->a + net->unit_offset[l - 1];

      if (grad != NULL)
        {
          double *gw = grad + net->w_offset[l];
          double *gb = grad + net->b_offset[l];

          for (size_t j = 0; j < n; j++)
            {
              for (size_t k = 0; k < n_in; k++)
                gw[j * n_in + k] = delta[j] * in[k];
              gb[j] = delta[j];
            }
        }
      if (l > 1)
        propagate_delta (w, delta, work->dact + net->unit_offset[l - 1],
                         work->delta + net->unit_offset[l - 1], n, n_in);
    }
}

/* The SGD step's backward pass through a layer of @n neurons: the deltas
 * propagated down, delta_in[k] = f'(z_k) sum_j w[j][k] d[j] as
 * propagate_delta() sums them (from 0, rows in order), and each row moved by
 * -step_j in, step_j = learning_rate d[j], every weight read once for both.
 * It goes down the columns, sixteen at a time: each sum then stays in a
 * register through all the rows (rather than going to memory and back
 * after every few), and sixteen independent sums hide each other's
 * latency. */
HOT_INLINE void
propagate_update (double       *restrict w,
                  const double *restrict d,
                  const double *restrict in,
                  const double *restrict dact_in,
                  double       *restrict delta_in,
                  size_t                 n,
                  size_t                 n_in,
                  double                 learning_rate)
{
  size_t n4 = n_in & ~(size_t) 3;
  size_t k = 0;

  for (; k + 16 <= n4; k += 16)
    {
      v4d x0 = LOAD4 (in + k), x1 = LOAD4 (in + k + 4);
      v4d x2 = LOAD4 (in + k + 8), x3 = LOAD4 (in + k + 12);
      v4d t0 = { 0 }, t1 = { 0 }, t2 = { 0 }, t3 = { 0 };

      for (size_t j = 0; j < n; j++)
        {
          double *row = w + j * n_in + k, dj = d[j], step = learning_rate * dj;
          v4d r;

          r = LOAD4 (row);
          t0 += r * dj;
          STORE4 (row, r - step * x0);
          r = LOAD4 (row + 4);
          t1 += r * dj;
          STORE4 (row + 4, r - step * x1);
          r = LOAD4 (row + 8);
          t2 += r * dj;
          STORE4 (row + 8, r - step * x2);
          r = LOAD4 (row + 12);
          t3 += r * dj;
          STORE4 (row + 12, r - step * x3);
        }
      STORE4 (delta_in + k, t0 * LOAD4 (dact_in + k));
      STORE4 (delta_in + k + 4, t1 * LOAD4 (dact_in + k + 4));
      STORE4 (delta_in + k + 8, t2 * LOAD4 (dact_in + k + 8));
      STORE4 (delta_in + k + 12, t3 * LOAD4 (dact_in + k + 12));
    }
  for (; k < n4; k += 4)
    {
      v4d x = LOAD4 (in + k), t = { 0 };

      for (size_t j = 0; j < n; j++)
        {
          double *row = w + j * n_in + k, step = learning_rate * d[j];
          v4d r = LOAD4 (row);

          t += r * d[j];
          STORE4 (row, r - step * x);
        }
      STORE4 (delta_in + k, t * LOAD4 (dact_in + k));
    }
  for (; k < n_in; k++)
    {
      double t = 0.0;

      for (size_t j = 0; j < n; j++)
        {
          double *wk = w + j * n_in + k;

          t += *wk * d[j];
          *wk -= learning_rate * d[j] * in[k];
        }
      delta_in[k] = t * dact_in[k];
    }
}

/* w[j][k] -= step_j in[k] and b[j] -= step_j for the @n neurons of a layer,
 * step_j = learning_rate delta[j]: the update of the first hidden layer,
 * whose deltas go nowhere. */
HOT_INLINE void
update_rows (double       *restrict w,
             double       *restrict b,
             const double *restrict delta,
             const double *restrict in,
             size_t                 n,
             size_t                 n_in,
             double                 learning_rate)
{
  size_t n4 = n_in & ~(size_t) 3;

  if (n_in == 2)
    {
      /* Two inputs, the tutorial's case, written out. */
      double x0 = in[0], x1 = in[1];

      for (size_t j = 0; j < n; j++)
        {
          double step = learning_rate * delta[j];

          w[2 * j] -= step * x0;
          w[2 * j + 1] -= step * x1;
          b[j] -= step;
        }
      return;
    }

  for (size_t j = 0; j < n; j++)
    {
      double step = learning_rate * delta[j];
      double *restrict row = w + j * n_in;
      size_t k = 0;

      for (; k < n4; k += 4)
        STORE4 (row + k, LOAD4 (row + k) - step * LOAD4 (in + k));
      for (; k < n_in; k++)
        row[k] -= step * in[k];
      b[j] -= step;
    }
}

/* update_rows() on the first hidden layer for this sample, whose inputs are
 * @in, and then layer_sums() of the same layer for the next sample, whose
 * inputs are @next, into @z: the same numbers, with each row of weights read
 * once for both (the weights of a wide first layer do not stay in the cache
 * from one sample to the next, so the second pass was a second trip to
 * memory). */
HOT_INLINE void
update_rows_then_sums (double       *restrict w,
                       double       *restrict b,
                       const double *restrict delta,
                       const double *restrict in,
                       const double *restrict next,
                       double       *restrict z,
                       size_t                 n,
                       size_t                 n_in,
                       double                 learning_rate)
{
  size_t n4 = n_in & ~(size_t) 3;
  size_t j = 0;

  if (n4 == 0)
    {
      update_rows (w, b, delta, in, n, n_in, learning_rate);
      layer_sums (w, b, next, z, n, n_in);
      return;
    }

  for (; j + 4 <= n; j += 4)
    {
      double *w0 = w + j * n_in, *w1 = w0 + n_in, *w2 = w1 + n_in, *w3 = w2 + n_in;
      double st0 = learning_rate * delta[j], st1 = learning_rate * delta[j + 1];
      double st2 = learning_rate * delta[j + 2], st3 = learning_rate * delta[j + 3];
      v4d s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
      size_t k = 0;

      for (; k < n4; k += 4)
        {
          v4d x = LOAD4 (in + k), nx = LOAD4 (next + k), r;

          r = LOAD4 (w0 + k) - st0 * x;
          STORE4 (w0 + k, r);
          s0 += r * nx;
          r = LOAD4 (w1 + k) - st1 * x;
          STORE4 (w1 + k, r);
          s1 += r * nx;
          r = LOAD4 (w2 + k) - st2 * x;
          STORE4 (w2 + k, r);
          s2 += r * nx;
          r = LOAD4 (w3 + k) - st3 * x;
          STORE4 (w3 + k, r);
          s3 += r * nx;
        }
      for (; k < n_in; k++)
        {
          w0[k] -= st0 * in[k];
          w1[k] -= st1 * in[k];
          w2[k] -= st2 * in[k];
          w3[k] -= st3 * in[k];
        }
      b[j] -= st0;
      b[j + 1] -= st1;
      b[j + 2] -= st2;
      b[j + 3] -= st3;
      z[j] = dot_finish (&s0, w0, next, n4, n_in) + b[j];
      z[j + 1] = dot_finish (&s1, w1, next, n4, n_in) + b[j + 1];
      z[j + 2] = dot_finish (&s2, w2, next, n4, n_in) + b[j + 2];
      z[j + 3] = dot_finish (&s3, w3, next, n4, n_in) + b[j + 3];
    }
  for (; j < n; j++)
    {
      double *row = w + j * n_in, step = learning_rate * delta[j];
      v4d s0 = { 0 };
      size_t k = 0;

      for (; k < n4; k += 4)
        {
          v4d r = LOAD4 (row + k) - step * LOAD4 (in + k);

          STORE4 (row + k, r);
          s0 += r * LOAD4 (next + k);
        }
      for (; k < n_in; k++)
        row[k] -= step * in[k];
      b[j] -= step;
      z[j] = dot_finish (&s0, row, next, n4, n_in) + b[j];
    }
}

/* The backward half of an SGD step down to the second layer, after the
 * forward pass: the output deltas, then each layer's deltas propagated with
 * its weights before they change (so every gradient is taken at the same
 * point, as the tutorial does) and the layer moved. The first layer is left
 * to the caller. */
HOT_INLINE void
backward_update_upper (NlNet  *net,
                       NlWork *work,
                       double  y_true,
                       double  learning_rate,
                       NlLoss  loss)
{
  output_deltas (net, work, y_true, loss);

  for (size_t l = net->n_layers - 1; l >= 2; l--)
    {
      size_t n = net->sizes[l], n_in = net->sizes[l - 1];
      double *restrict w = net->params + net->w_offset[l];
      double *restrict b = net->params + net->b_offset[l];
      const double *restrict delta = work->delta + net->unit_offset[l];
      const double *restrict in = work->a + net->unit_offset[l - 1];
      const double *restrict dact_in = work->dact + net->unit_offset[l - 1];
      double *restrict delta_in = work->delta + net->unit_offset[l - 1];

      propagate_update (w, delta, in, dact_in, delta_in, n, n_in, learning_rate);
      for (size_t j = 0; j < n; j++)
        b[j] -= learning_rate * delta[j];
    }
}

/* The loss of the sample just fed forward, before its step. */
HOT_INLINE double
step_loss (const NlNet  *net,
           const NlWork *work,
           double        y_true,
           double        y_pred,
           NlLoss        loss)
{
  if (net->sizes[net->n_layers - 1] == 1)
    return nl_loss_value (loss, y_true, y_pred);
  return nl_net_sample_loss (net, work, y_true, loss);
}

/* One SGD step, compiled for each instruction set as a whole so that a step
 * costs one dispatch. */
HOT_CLONES static double
sgd_step (NlNet        *net,
          NlWork       *work,
          const double *x,
          double        y_true,
          double        learning_rate,
          NlLoss        loss)
{
  double y_pred = forward_inline (net, work, x);

  backward_update_upper (net, work, y_true, learning_rate, loss);
  update_rows (net->params + net->w_offset[1], net->params + net->b_offset[1],
               work->delta + net->unit_offset[1], work->a, net->sizes[1], net->sizes[0],
               learning_rate);
  return step_loss (net, work, y_true, y_pred, loss);
}

double
nl_net_sgd_step (NlNet        *net,
                 NlWork       *work,
                 const double *x,
                 double        y_true,
                 double        learning_rate,
                 NlLoss        loss)
{
  return sgd_step (net, work, x, y_true, learning_rate, loss);
}

/* sgd_step() on each sample in turn, each sample's first-layer update done
 * together with the next sample's first-layer sums. The first layer's
 * update reads its inputs from @x, as the next sample's sums do, so that
 * work->a can take the next sample's activations meanwhile. */
HOT_CLONES static double
sgd_steps (NlNet        *net,
           NlWork       *work,
           const double *x,
           const double *y,
           const size_t *rows,
           size_t        n,
           double        learning_rate,
           NlLoss        loss)
{
  size_t n0 = net->sizes[0], u1 = net->unit_offset[1];
  double *w1 = net->params + net->w_offset[1], *b1 = net->params + net->b_offset[1];
  const double *delta1 = work->delta + u1;
  double total = 0.0, y_pred;

  y_pred = forward_inline (net, work, x + rows[0] * n0);
  for (size_t i = 0; i < n; i++)
    {
      const double *in = x + rows[i] * n0;
      double y_true = y[rows[i]];
      double l;

      backward_update_upper (net, work, y_true, learning_rate, loss);
      l = step_loss (net, work, y_true, y_pred, loss);
      if (i + 1 < n)
        {
          const double *next = x + rows[i + 1] * n0;

          update_rows_then_sums (w1, b1, delta1, in, next, work->z + u1, net->sizes[1], n0,
                                 learning_rate);
          load_inputs (net, work, next);
          activate_layer (net->activation[1], work->z + u1, work->a + u1, work->dact + u1,
                          net->sizes[1]);
          y_pred = forward_from (net, work, 2);
        }
      else
        update_rows (w1, b1, delta1, in, net->sizes[1], n0, learning_rate);
      total += l;
    }
  return total;
}

double
nl_net_sgd_steps (NlNet        *net,
                  NlWork       *work,
                  const double *x,
                  const double *y,
                  const size_t *rows,
                  size_t        n,
                  double        learning_rate,
                  NlLoss        loss)
{
  if (n == 0)
    return 0.0;
  return sgd_steps (net, work, x, y, rows, n, learning_rate, loss);
}

double
nl_net_dout_dunit (const NlNet  *net,
                   const NlWork *work,
                   size_t        unit)
{
  size_t last = net->n_layers - 1;
  size_t o = net->unit_offset[last];

  return net->params[nl_net_weight_index (net, last, 0, unit)] * work->dact[o];
}

double
nl_net_dunit_dweight (const NlNet  *net,
                      const NlWork *work,
                      size_t        layer,
                      size_t        to,
                      size_t        from)
{
  return work->a[net->unit_offset[layer - 1] + from]
         * work->dact[net->unit_offset[layer] + to];
}

const char *
nl_activation_name (NlActivation activation)
{
  if ((int) activation < 0 || activation >= NL_N_ALL_ACTIVATIONS)
    return "unknown";
  return activation_names[activation];
}

int
nl_activation_from_name (const char   *name,
                         NlActivation *out)
{
  for (int i = 0; i < NL_N_ACTIVATIONS; i++)
    if (strcmp (name, activation_names[i]) == 0)
      {
        *out = (NlActivation) i;
        return 1;
      }
  return 0;
}

const char *
nl_loss_name (NlLoss loss)
{
  if ((int) loss < 0 || loss >= NL_N_LOSSES)
    return "unknown";
  return loss_names[loss];
}

int
nl_loss_from_name (const char *name,
                   NlLoss     *out)
{
  for (int i = 0; i < NL_N_LOSSES; i++)
    if (strcmp (name, loss_names[i]) == 0)
      {
        *out = (NlLoss) i;
        return 1;
      }
  /* Cross-entropy is one loss whatever the output; "ce" reads better for a
   * softmax layer. */
  if (strcmp (name, "ce") == 0 || strcmp (name, "cross-entropy") == 0)
    {
      *out = NL_LOSS_BCE;
      return 1;
    }
  return 0;
}

int
nl_net_is_finite (const NlNet *net)
{
  /* p * 0 is 0 for every finite p and NaN for an infinity or a NaN, so one
   * branch-free sum answers for the whole block. */
  double sum = 0.0;

  for (size_t i = 0; i < net->n_params; i++)
    sum += net->params[i] * 0.0;
  return isfinite (sum);
}
