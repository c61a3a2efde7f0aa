/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-net.c: the network core against the tutorial's figures (REFERENCE.md)
 * and against finite differences. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-net.h"
#include "nl-rng.h"

static NlNet *
make_net (size_t              n_layers,
          const size_t       *sizes,
          const NlActivation *activations)
{
  NlError error = { 0 };
  NlNet *net = nl_net_new (n_layers, sizes, activations, &error);

  g_assert_nonnull (net);
  g_assert_cmpint (error.status, ==, NL_OK);
  return net;
}

static NlNet *
make_221 (void)
{
  static const size_t sizes[] = { 2, 2, 1 };

  return make_net (3, sizes, NULL);
}

/* Sets a 2-2-1 network's parameters by the tutorial's names. */
static void
set_221 (NlNet *net,
         double w1, double w2, double w3, double w4, double w5, double w6,
         double b1, double b2, double b3)
{
  const double p[] = { w1, w2, w3, w4, w5, w6, b1, b2, b3 };

  g_assert_cmpuint (net->n_params, ==, 9);
  memcpy (net->params, p, sizeof p);
}

static void
test_layout_names (void)
{
  NlNet *net = make_221 ();
  char name[16];

  /* The block order is the tutorial's: w1..w6 then b1..b3. */
  g_assert_cmpuint (net->n_weights, ==, 6);
  g_assert_cmpuint (nl_net_weight_index (net, 1, 0, 0), ==, 0);   /* w1: x1 -> h1 */
  g_assert_cmpuint (nl_net_weight_index (net, 1, 0, 1), ==, 1);   /* w2: x2 -> h1 */
  g_assert_cmpuint (nl_net_weight_index (net, 1, 1, 0), ==, 2);   /* w3: x1 -> h2 */
  g_assert_cmpuint (nl_net_weight_index (net, 2, 0, 1), ==, 5);   /* w6: h2 -> o1 */
  g_assert_cmpuint (nl_net_bias_index (net, 1, 1), ==, 7);        /* b2 */
  g_assert_cmpuint (nl_net_bias_index (net, 2, 0), ==, 8);        /* b3 */

  nl_net_param_name (net, 4, name, sizeof name);
  g_assert_cmpstr (name, ==, "w5");
  nl_net_param_name (net, 8, name, sizeof name);
  g_assert_cmpstr (name, ==, "b3");
  nl_net_unit_name (net, 0, 1, name, sizeof name);
  g_assert_cmpstr (name, ==, "x2");
  nl_net_unit_name (net, 1, 0, name, sizeof name);
  g_assert_cmpstr (name, ==, "h1");
  nl_net_unit_name (net, 2, 0, name, sizeof name);
  g_assert_cmpstr (name, ==, "o1");

  nl_net_free (net);
}

static void
test_bad_shapes (void)
{
  const size_t two_outputs[] = { 2, 3, 2 };
  const size_t one_output[] = { 2, 3, 1 };
  const size_t empty_layer[] = { 2, 0, 1 };
  const size_t huge[] = { 65536, 65536, 65536, 1 };
  const NlActivation softmax_hidden[] = {
    NL_ACTIVATION_LINEAR, NL_ACTIVATION_SOFTMAX, NL_ACTIVATION_SOFTMAX
  };
  const NlActivation softmax_out[] = {
    NL_ACTIVATION_LINEAR, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SOFTMAX
  };
  NlError error = { 0 };
  NlNet *net;

  /* A softmax is an output layer of classes: never hidden, never alone. */
  g_assert_null (nl_net_new (3, two_outputs, softmax_hidden, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "softmax"));
  g_assert_null (nl_net_new (3, one_output, softmax_out, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  net = nl_net_new (3, two_outputs, softmax_out, &error);
  g_assert_nonnull (net);
  g_assert_cmpuint (nl_net_n_outputs (net), ==, 2);
  nl_net_free (net);
  g_assert_null (nl_net_new (3, empty_layer, NULL, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  g_assert_null (nl_net_new (1, two_outputs, NULL, &error));
  /* 2^33 weights: refused cleanly (too large to allocate), not a crash. */
  error.status = NL_OK;
  g_assert_null (nl_net_new (4, huge, NULL, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_NOMEM);
}

/* One neuron, w = [0, 1], b = 4, x = [2, 3]: sigmoid(7). */
static void
test_neuron (void)
{
  const size_t sizes[] = { 2, 1 };
  NlNet *net = make_net (2, sizes, NULL);
  NlWork *work = nl_work_new (net);
  const double x[] = { 2, 3 };

  net->params[0] = 0;
  net->params[1] = 1;
  net->params[2] = 4;
  g_assert_cmpfloat (nl_net_forward (net, work, x), ==, 0.9990889488055994);

  nl_work_free (work);
  nl_net_free (net);
}

/* Every neuron w = [0, 1], b = 0, x = [2, 3]. */
static void
test_network (void)
{
  NlNet *net = make_221 ();
  NlWork *work = nl_work_new (net);
  const double x[] = { 2, 3 };
  double o1;

  set_221 (net, 0, 1, 0, 1, 0, 1, 0, 0, 0);
  o1 = nl_net_forward (net, work, x);
  g_assert_cmpfloat (work->a[2], ==, 0.9525741268224334);
  g_assert_cmpfloat (work->a[3], ==, 0.9525741268224334);
  g_assert_cmpfloat (o1, ==, 0.7216325609518421);

  nl_work_free (work);
  nl_net_free (net);
}

/* A network that always outputs 0 has MSE 0.5 on the four people. */
static void
test_mse_always_zero (void)
{
  const double y_true[] = { 1, 0, 0, 1 };
  double sum = 0;

  for (int i = 0; i < 4; i++)
    sum += nl_loss_value (NL_LOSS_MSE, y_true[i], 0.0);
  g_assert_cmpfloat (sum / 4, ==, 0.5);
}

/* The tutorial's worked example: all weights 1, biases 0, Alice (-2, -1), y = 1. */
static void
test_backprop_example (void)
{
  NlNet *net = make_221 ();
  NlWork *work = nl_work_new (net);
  const double x[] = { -2, -1 };
  double grad[9];
  double dl_dy, dy_dh1, dh1_dw1;

  set_221 (net, 1, 1, 1, 1, 1, 1, 0, 0, 0);
  nl_net_forward (net, work, x);
  nl_net_backward (net, work, 1.0, NL_LOSS_MSE, grad);

  dl_dy = work->dloss_dout;
  dy_dh1 = nl_net_dout_dunit (net, work, 0);
  dh1_dw1 = nl_net_dunit_dweight (net, work, 1, 0, 0);

  /* The factors, within one unit of the last digit the tutorial prints (it
   * computes each from the previous ones already rounded: -0.952 is
   * -2 (1 - 0.524), where full precision gives -0.95261). */
  g_assert_cmpfloat_with_epsilon (work->a[2], 0.0474, 0.0001);
  g_assert_cmpfloat_with_epsilon (work->a[4], 0.524, 0.001);
  g_assert_cmpfloat_with_epsilon (dl_dy, -0.952, 0.001);
  g_assert_cmpfloat_with_epsilon (dy_dh1, 0.249, 0.001);
  g_assert_cmpfloat_with_epsilon (dh1_dw1, -0.0904, 0.0001);

  /* dL/dw1 is their product, 0.021470 at full precision, and backprop's
   * gradient for w1 is that same number. */
  g_assert_cmpfloat_with_epsilon (dl_dy * dy_dh1 * dh1_dw1, 0.021470, 0.0000005);
  g_assert_cmpfloat_with_epsilon (grad[0], dl_dy * dy_dh1 * dh1_dw1, 1e-15);

  /* One SGD step at the tutorial's rate moves w1 by -0.1 * dL/dw1. */
  nl_net_sgd_step (net, work, x, 1.0, 0.1, NL_LOSS_MSE);
  g_assert_cmpfloat_with_epsilon (net->params[0], 1.0 - 0.1 * grad[0], 1e-15);

  nl_work_free (work);
  nl_net_free (net);
}

static double
loss_at (NlNet        *net,
         NlWork       *work,
         const double *x,
         double        y,
         NlLoss        loss)
{
  return nl_loss_value (loss, y, nl_net_forward (net, work, x));
}

/* Whether any hidden ReLU sits within @margin of its kink for this sample,
 * where a finite difference would straddle two slopes. */
static gboolean
near_kink (const NlNet  *net,
           const NlWork *work,
           double        margin)
{
  for (size_t l = 1; l < net->n_layers; l++)
    if (net->activation[l] == NL_ACTIVATION_RELU)
      for (size_t j = 0; j < net->sizes[l]; j++)
        if (fabs (work->z[net->unit_offset[l] + j]) < margin)
          return TRUE;
  return FALSE;
}

static void
check_gradients (const size_t *sizes,
                 size_t        n_layers,
                 NlActivation  activation,
                 NlLoss        loss,
                 guint64       seed)
{
  NlActivation acts[NL_MAX_LAYERS];
  NlNet *net;
  NlWork *work;
  NlRng rng;
  double x[64], *grad;
  const double h = 1e-4;
  double y;

  for (size_t l = 0; l < n_layers; l++)
    acts[l] = activation;
  /* Cross-entropy is defined on a probability: keep a sigmoid output. */
  if (loss == NL_LOSS_BCE)
    acts[n_layers - 1] = NL_ACTIVATION_SIGMOID;

  net = make_net (n_layers, sizes, acts);
  work = nl_work_new (net);
  grad = g_new (double, net->n_params);
  nl_rng_seed (&rng, seed);
  nl_net_init (net, NL_INIT_SCALED, &rng);
  /* Biases away from zero so that every path through the net is exercised. */
  for (size_t i = net->n_weights; i < net->n_params; i++)
    net->params[i] = 0.5 * nl_rng_normal (&rng);

  do
    {
      for (size_t k = 0; k < sizes[0]; k++)
        x[k] = nl_rng_normal (&rng);
      nl_net_forward (net, work, x);
    }
  while (near_kink (net, work, 0.01));
  y = (double) (nl_rng_next (&rng) & 1);

  nl_net_forward (net, work, x);
  nl_net_backward (net, work, y, loss, grad);

  for (size_t i = 0; i < net->n_params; i++)
    {
      double p = net->params[i], fd, scale;

      /* Five-point central difference: error O(h^4), so the comparison
       * measures backprop, not the estimate. */
      net->params[i] = p - 2 * h;
      fd = loss_at (net, work, x, y, loss);
      net->params[i] = p - h;
      fd -= 8 * loss_at (net, work, x, y, loss);
      net->params[i] = p + h;
      fd += 8 * loss_at (net, work, x, y, loss);
      net->params[i] = p + 2 * h;
      fd -= loss_at (net, work, x, y, loss);
      net->params[i] = p;
      fd /= 12 * h;

      /* Relative error, with a floor so that gradients that are zero in
       * exact arithmetic are compared absolutely. */
      scale = MAX (MAX (fabs (fd), fabs (grad[i])), 1e-4);
      if (fabs (fd - grad[i]) / scale >= 1e-6)
        g_error ("layers %zu, %s, %s, seed %" G_GUINT64_FORMAT ": parameter %zu: "
                 "backprop %.12g, finite difference %.12g",
                 n_layers, nl_activation_name (activation), nl_loss_name (loss), seed,
                 i, grad[i], fd);
    }

  g_free (grad);
  nl_work_free (work);
  nl_net_free (net);
}

static void
test_gradient_check (void)
{
  static const size_t shape_a[] = { 2, 2, 1 };
  static const size_t shape_b[] = { 3, 5, 4, 1 };
  static const size_t shape_c[] = { 1, 1 };
  static const size_t shape_d[] = { 6, 8, 7, 3, 1 };
  static const struct { const size_t *sizes; size_t n; } shapes[] = {
    { shape_a, 3 }, { shape_b, 4 }, { shape_c, 2 }, { shape_d, 5 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int a = 0; a < NL_N_ACTIVATIONS; a++)
      for (int l = 0; l < NL_N_LOSSES; l++)
        for (guint64 seed = 1; seed <= 5; seed++)
          check_gradients (shapes[s].sizes, shapes[s].n, (NlActivation) a, (NlLoss) l,
                           seed * 7919 + s);
}

/* Same seed, same numbers; another seed, other numbers. */
static void
test_seeded_init (void)
{
  NlNet *a = make_221 (), *b = make_221 ();
  NlRng rng;

  nl_rng_seed (&rng, 42);
  nl_net_init (a, NL_INIT_NORMAL, &rng);
  nl_rng_seed (&rng, 42);
  nl_net_init (b, NL_INIT_NORMAL, &rng);
  g_assert_cmpmem (a->params, 9 * sizeof (double), b->params, 9 * sizeof (double));

  nl_rng_seed (&rng, 43);
  nl_net_init (b, NL_INIT_NORMAL, &rng);
  g_assert_true (memcmp (a->params, b->params, 9 * sizeof (double)) != 0);

  nl_net_free (a);
  nl_net_free (b);
}

/* N(0, 1) really is standard normal, and the scaled option shrinks with fan-in. */
static void
test_init_distribution (void)
{
  const size_t sizes[] = { 100, 100, 1 };
  NlNet *net = make_net (3, sizes, NULL);
  NlRng rng;
  double mean = 0, var = 0;
  size_t n = net->n_params;

  nl_rng_seed (&rng, 7);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  for (size_t i = 0; i < n; i++)
    mean += net->params[i];
  mean /= (double) n;
  for (size_t i = 0; i < n; i++)
    var += (net->params[i] - mean) * (net->params[i] - mean);
  var /= (double) n;
  g_assert_cmpfloat (fabs (mean), <, 0.05);
  g_assert_cmpfloat (fabs (var - 1.0), <, 0.05);

  nl_net_init (net, NL_INIT_SCALED, &rng);
  var = 0;
  for (size_t i = 0; i < 10000; i++)
    var += net->params[i] * net->params[i];
  var /= 10000;
  g_assert_cmpfloat (fabs (var - 0.01), <, 0.002);
  g_assert_cmpfloat (net->params[net->b_offset[1]], ==, 0.0);

  nl_net_free (net);
}

static void
test_copy (void)
{
  NlNet *net = make_221 (), *copy;
  NlRng rng;

  nl_rng_seed (&rng, 3);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  copy = nl_net_copy (net);
  g_assert_true (nl_net_same_shape (net, copy));
  g_assert_cmpmem (net->params, 9 * sizeof (double), copy->params, 9 * sizeof (double));
  copy->params[0] += 1;
  g_assert_cmpfloat (net->params[0], !=, copy->params[0]);

  nl_net_free (copy);
  nl_net_free (net);
}

/* nl_net_sgd_steps(), which takes the first layer's update and the next
 * sample's first-layer sums in one pass, against nl_net_sgd_step() sample
 * by sample: the same parameters, losses and final NlWork, bit for bit, for
 * first layers of fewer than four inputs (written out), of inputs not a
 * multiple of four, of neurons not a multiple of four, with no hidden layer,
 * several outputs, each activation and both losses. */
static void
test_sgd_steps (void)
{
  static const struct
  {
    size_t       n_layers;
    size_t       sizes[4];
    NlActivation act[4];
    NlLoss       loss;
  } cases[] = {
    { 3, { 2, 2, 1 }, { 0, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SIGMOID }, NL_LOSS_MSE },
    { 4, { 64, 64, 64, 1 }, { 0, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SIGMOID }, NL_LOSS_MSE },
    { 4, { 7, 13, 6, 1 }, { 0, NL_ACTIVATION_TANH, NL_ACTIVATION_RELU, NL_ACTIVATION_SIGMOID }, NL_LOSS_BCE },
    { 3, { 3, 5, 3 }, { 0, NL_ACTIVATION_SIGMOID, NL_ACTIVATION_SOFTMAX }, NL_LOSS_BCE },
    { 3, { 9, 10, 2 }, { 0, NL_ACTIVATION_RELU, NL_ACTIVATION_LINEAR }, NL_LOSS_MSE },
    { 2, { 4, 1 }, { 0, NL_ACTIVATION_SIGMOID }, NL_LOSS_BCE },
    { 2, { 1, 3 }, { 0, NL_ACTIVATION_SOFTMAX }, NL_LOSS_MSE },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      size_t n_rows = 23, n_in = cases[c].sizes[0], n_out = cases[c].sizes[cases[c].n_layers - 1];
      NlNet *a = make_net (cases[c].n_layers, cases[c].sizes, cases[c].act), *b;
      NlWork *wa = nl_work_new (a), *wb;
      g_autoptr (GRand) rand = g_rand_new_with_seed (c + 1);
      double *x = g_new (double, n_rows * n_in), y[23];
      size_t rows[40];
      double total = 0.0, fused;
      NlRng rng;

      nl_rng_seed (&rng, c + 1);
      nl_net_init (a, NL_INIT_SCALED, &rng);
      b = nl_net_copy (a);
      wb = nl_work_new (b);
      for (size_t i = 0; i < n_rows * n_in; i++)
        x[i] = g_rand_double_range (rand, -3.0, 3.0);
      for (size_t r = 0; r < n_rows; r++)
        y[r] = n_out > 1 ? (double) g_rand_int_range (rand, 0, (gint32) n_out)
                         : (double) g_rand_int_range (rand, 0, 2);
      /* Rows in a shuffled order, some twice. */
      for (size_t i = 0; i < G_N_ELEMENTS (rows); i++)
        rows[i] = (size_t) g_rand_int_range (rand, 0, (gint32) n_rows);

      for (size_t i = 0; i < G_N_ELEMENTS (rows); i++)
        total += nl_net_sgd_step (a, wa, x + rows[i] * n_in, y[rows[i]], 0.3, cases[c].loss);
      fused = nl_net_sgd_steps (b, wb, x, y, rows, G_N_ELEMENTS (rows), 0.3, cases[c].loss);

      g_assert_cmpmem (a->params, a->n_params * sizeof (double),
                       b->params, b->n_params * sizeof (double));
      g_assert_cmpmem (&total, sizeof total, &fused, sizeof fused);
      g_assert_cmpmem (wa->a, a->n_units * sizeof (double), wb->a, b->n_units * sizeof (double));
      g_assert_cmpmem (wa->delta, a->n_units * sizeof (double),
                       wb->delta, b->n_units * sizeof (double));
      g_assert_cmpfloat (nl_net_sgd_steps (b, wb, x, y, rows, 0, 0.3, cases[c].loss), ==, 0.0);

      nl_work_free (wa);
      nl_work_free (wb);
      nl_net_free (a);
      nl_net_free (b);
      g_free (x);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/network/layout-names", test_layout_names);
  g_test_add_func ("/core/network/bad-shapes", test_bad_shapes);
  g_test_add_func ("/core/network/neuron", test_neuron);
  g_test_add_func ("/core/network/feedforward", test_network);
  g_test_add_func ("/core/network/mse-always-zero", test_mse_always_zero);
  g_test_add_func ("/core/network/backprop-example", test_backprop_example);
  g_test_add_func ("/core/network/gradient-check", test_gradient_check);
  g_test_add_func ("/core/network/seeded-init", test_seeded_init);
  g_test_add_func ("/core/network/init-distribution", test_init_distribution);
  g_test_add_func ("/core/network/copy", test_copy);
  g_test_add_func ("/core/network/sgd-steps", test_sgd_steps);

  return g_test_run ();
}
