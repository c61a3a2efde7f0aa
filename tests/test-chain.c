/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chain.c: the backpropagation inspector's chain of factors against the
 * tutorial's worked example (REFERENCE.md), backpropagation, finite
 * differences and a real SGD step. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-chain.h"

static NlNet *
make_net (size_t              n_layers,
          const size_t       *sizes,
          const NlActivation *activations)
{
  NlError error = { 0 };
  NlNet *net = nl_net_new (n_layers, sizes, activations, &error);

  g_assert_nonnull (net);
  return net;
}

static void
assert_close (double actual,
              double expected,
              double relative,
              double absolute)
{
  double tolerance = relative * fabs (expected) + absolute;

  if (!(fabs (actual - expected) <= tolerance))
    g_error ("%.17g differs from %.17g by more than %g", actual, expected, tolerance);
}

/* The tutorial's backprop example: every weight 1, every bias 0, Alice. */
static void
test_worked_example (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  static const double alice[] = { -2, -1 };
  NlNet *net = make_net (3, sizes, NULL);
  NlWork *work = nl_work_new (net);
  double grad[9];
  NlChain chain;
  NlError error = { 0 };

  for (size_t i = 0; i < net->n_weights; i++)
    net->params[i] = 1.0;

  g_assert_cmpint (nl_chain_compute (net, alice, 1.0, NL_LOSS_MSE, 0, 0.1, &chain, &error),
                   ==, NL_OK);
  g_assert_cmpstr (chain.param_name, ==, "w1");
  g_assert_cmpstr (chain.unit_name, ==, "h1");
  g_assert_cmpstr (chain.input_name, ==, "x1");
  g_assert_cmpint (chain.form, ==, NL_CHAIN_LAST_HIDDEN);
  g_assert_cmpint (chain.is_bias, ==, 0);
  g_assert_cmpuint (chain.n_units, ==, 5);

  assert_close (chain.a[2], 0.0474, 0, 1e-4);                  /* h1 */
  assert_close (chain.a[3], 0.0474, 0, 1e-4);                  /* h2 */
  assert_close (chain.a[4], 0.524, 0, 1e-3);                   /* o1 */
  assert_close (chain.y_pred, chain.a[4], 0, 0);
  assert_close (chain.dloss_dout, -0.952, 0, 1e-3);
  assert_close (chain.dout_dunit, 0.249, 0, 5e-4);
  assert_close (chain.dunit_dparam, -0.0904, 0, 5e-5);
  assert_close (chain.dz_dparam, -2.0, 0, 0);
  assert_close (chain.product, 0.021470, 0, 5e-7);

  /* One path, through o1: w5 f'(z_o1) dL/dy_pred. */
  g_assert_cmpuint (chain.n_paths, ==, 1);
  g_assert_cmpstr (chain.paths[0].child_name, ==, "o1");
  g_assert_cmpstr (chain.paths[0].weight_name, ==, "w5");
  assert_close (chain.paths[0].dloss_dchild, chain.dloss_dout, 0, 0);
  assert_close (chain.dloss_dunit, chain.dloss_dout * chain.dout_dunit, 1e-15, 0);

  nl_net_forward (net, work, alice);
  nl_net_backward (net, work, 1.0, NL_LOSS_MSE, grad);
  assert_close (chain.gradient, grad[0], 0, 0);
  assert_close (chain.product, grad[0], 1e-15, 0);
  assert_close (chain.finite_difference, grad[0], 0, 1e-8);

  /* The step, and its effect on the loss: p alone moves downhill. */
  assert_close (chain.loss, pow (1.0 - chain.y_pred, 2), 1e-15, 0);
  assert_close (chain.step_value, 1.0 - 0.1 * grad[0], 1e-15, 0);
  g_assert_cmpfloat (chain.loss_after_step, <, chain.loss);

  nl_chain_clear (&chain);
  g_assert_null (chain.a);
  g_assert_null (chain.paths);
  nl_work_free (work);
  nl_net_free (net);
}

/* Forms of the other parameters of the 2-2-1 network. */
static void
test_forms (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  static const double alice[] = { -2, -1 };
  NlNet *net = make_net (3, sizes, NULL);
  NlChain chain;

  for (size_t i = 0; i < net->n_weights; i++)
    net->params[i] = 1.0;

  /* w5: h1 -> o1, two factors, the input along the edge is h1. */
  g_assert_cmpint (nl_chain_compute (net, alice, 1.0, NL_LOSS_MSE, 4, 0.1, &chain, NULL), ==, NL_OK);
  g_assert_cmpint (chain.form, ==, NL_CHAIN_OUTPUT);
  g_assert_cmpstr (chain.unit_name, ==, "o1");
  g_assert_cmpstr (chain.input_name, ==, "h1");
  g_assert_cmpuint (chain.n_paths, ==, 0);
  assert_close (chain.dz_dparam, chain.a[2], 0, 0);
  assert_close (chain.product, chain.gradient, 1e-15, 0);
  nl_chain_clear (&chain);

  /* b2: dz/db = 1. */
  g_assert_cmpint (nl_chain_compute (net, alice, 1.0, NL_LOSS_MSE, 7, 0.1, &chain, NULL), ==, NL_OK);
  g_assert_cmpstr (chain.param_name, ==, "b2");
  g_assert_cmpstr (chain.unit_name, ==, "h2");
  g_assert_cmpstr (chain.input_name, ==, "");
  g_assert_cmpint (chain.is_bias, ==, 1);
  g_assert_cmpint (chain.form, ==, NL_CHAIN_LAST_HIDDEN);
  assert_close (chain.dz_dparam, 1.0, 0, 0);
  assert_close (chain.product, chain.gradient, 1e-15, 0);
  nl_chain_clear (&chain);

  /* Out of range. */
  {
    NlError error = { 0 };

    g_assert_cmpint (nl_chain_compute (net, alice, 1.0, NL_LOSS_MSE, 9, 0.1, &chain, &error),
                     ==, NL_ERR_INVALID);
    g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
    g_assert_null (chain.a);
    nl_chain_clear (&chain);
  }
  nl_net_free (net);
}

/* Random networks of several shapes and every activation: the chain agrees
 * with backpropagation, the finite difference and a real SGD step, for
 * every parameter. */
static void
test_random (void)
{
  static const size_t shapes[][6] = {
    { 2, 2, 1 },
    { 1, 1 },
    { 3, 4, 1 },
    { 2, 3, 3, 1 },
    { 4, 5, 3, 2, 1 },
    { 2, 2, 2, 2, 2, 1 },
  };
  static const size_t n_layers[] = { 3, 2, 3, 4, 5, 6 };
  NlRng rng;
  size_t trial = 0;

  nl_rng_seed (&rng, 20190303);
  for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int act = 0; act < NL_N_ACTIVATIONS; act++)
      for (int loss = 0; loss < NL_N_LOSSES; loss++, trial++)
        {
          NlActivation activations[6];
          NlNet *net, *stepped;
          NlWork *work;
          double x[5], y, *grad;

          /* Hidden layers cycle through the activations from @act; the
           * output is sigmoid for cross-entropy, else @act too. */
          for (size_t l = 0; l < n_layers[s]; l++)
            activations[l] = (NlActivation) ((act + l) % NL_N_ACTIVATIONS);
          if (loss == NL_LOSS_BCE)
            activations[n_layers[s] - 1] = NL_ACTIVATION_SIGMOID;
          net = make_net (n_layers[s], shapes[s], activations);
          nl_net_init (net, NL_INIT_NORMAL, &rng);
          work = nl_work_new (net);
          grad = g_new0 (double, net->n_params);
          for (size_t i = 0; i < shapes[s][0]; i++)
            x[i] = nl_rng_normal (&rng);
          y = (double) (trial % 2);

          nl_net_forward (net, work, x);
          nl_net_backward (net, work, y, (NlLoss) loss, grad);

          stepped = nl_net_copy (net);
          nl_net_sgd_step (stepped, work, x, y, 0.1, (NlLoss) loss);

          for (size_t p = 0; p < net->n_params; p++)
            {
              NlChain chain;

              g_assert_cmpint (nl_chain_compute (net, x, y, (NlLoss) loss, p, 0.1, &chain, NULL),
                               ==, NL_OK);
              g_assert_cmpfloat (chain.gradient, ==, grad[p]);
              assert_close (chain.product, grad[p], 1e-12, 1e-300);
              /* The finite difference's own error is ~1e-10 absolute
               * (rounding of the loss over 2h = 2e-6), hence the floor. */
              assert_close (chain.finite_difference, grad[p], 1e-6, 1e-8);
              /* The sum over paths is the upstream gradient. */
              if (chain.n_paths > 0)
                {
                  double sum = 0.0;

                  for (size_t k = 0; k < chain.n_paths; k++)
                    {
                      const NlChainPath *path = &chain.paths[k];

                      assert_close (path->weight * path->dact * path->dloss_dchild, path->term,
                                    1e-12, 1e-300);
                      sum += path->term;
                    }
                  g_assert_cmpfloat (sum, ==, chain.dloss_dunit);
                }
              /* What one real step (of every parameter) gives p. */
              g_assert_cmpfloat (chain.step_value, ==, stepped->params[p]);
              nl_chain_clear (&chain);
            }

          g_free (grad);
          nl_work_free (work);
          nl_net_free (stepped);
          nl_net_free (net);
        }
}

/* Several outputs under a softmax: every parameter's chain agrees with
 * backpropagation and a finite difference of the whole layer's loss; the
 * chain of an output's parameter starts from dL/dz_k, which is p_k - y_k
 * under cross-entropy; the paths of a last hidden neuron go through every
 * output. */
static void
test_softmax (void)
{
  static const size_t sizes[] = { 3, 4, 3 };
  static const NlActivation acts[] = { 0, NL_ACTIVATION_TANH, NL_ACTIVATION_SOFTMAX };
  static const double x[] = { 0.3, -1.2, 0.8 };
  NlNet *net = make_net (3, sizes, acts);
  NlWork *work = nl_work_new (net);
  g_autofree double *grad = g_new0 (double, net->n_params);
  NlRng rng;

  nl_rng_seed (&rng, 7);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  for (int loss = 0; loss < NL_N_LOSSES; loss++)
    {
      nl_net_forward (net, work, x);
      nl_net_backward (net, work, 2.0, (NlLoss) loss, grad);
      for (size_t param = 0; param < net->n_params; param++)
        {
          NlChain chain;

          g_assert_cmpint (nl_chain_compute (net, x, 2.0, (NlLoss) loss, param, 0.1, &chain, NULL),
                           ==, NL_OK);
          g_assert_cmpuint (chain.n_outputs, ==, 3);
          assert_close (chain.gradient, grad[param], 0, 0);
          assert_close (chain.product, grad[param], 1e-12, 1e-15);
          assert_close (chain.finite_difference, grad[param], 1e-5, 1e-8);
          assert_close (chain.loss, nl_net_sample_loss (net, work, 2.0, (NlLoss) loss), 0, 0);
          if (chain.layer == 2)
            {
              double p = chain.a[net->unit_offset[2] + chain.unit];

              g_assert_cmpint (chain.form, ==, NL_CHAIN_OUTPUT);
              if (loss == NL_LOSS_BCE)
                assert_close (chain.dloss_dz, p - (chain.unit == 2 ? 1.0 : 0.0), 1e-15, 0);
            }
          else
            {
              double sum = 0;

              g_assert_cmpint (chain.form, ==, NL_CHAIN_DEEP);
              g_assert_cmpuint (chain.n_paths, ==, 3);
              for (size_t k = 0; k < 3; k++)
                {
                  assert_close (chain.paths[k].dloss_dz,
                                chain.delta[net->unit_offset[2] + k], 0, 0);
                  sum += chain.paths[k].term;
                }
              assert_close (chain.dloss_dunit, sum, 1e-15, 0);
            }
          g_assert_cmpfloat (chain.loss_after_step, <=, chain.loss + 1e-12);
          nl_chain_clear (&chain);
        }
    }

  nl_work_free (work);
  nl_net_free (net);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/chain/worked-example", test_worked_example);
  g_test_add_func ("/core/chain/forms", test_forms);
  g_test_add_func ("/core/chain/random", test_random);
  g_test_add_func ("/core/chain/softmax", test_softmax);
  return g_test_run ();
}
