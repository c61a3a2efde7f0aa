/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-batch.c: the mini-batch kernels (nl-batch.c) against the plain
 * statement of a batch's gradient, every sample's nl_net_forward() and
 * nl_net_backward() summed in the order given.
 *
 * The kernels sum in another grouping (matrix tiles, FMAs), so the two agree
 * to rounding, not bit for bit: each parameter within 1e-12 of the sum of
 * the absolute values of its per-sample terms (the scale of a sum's rounding
 * error, which a relative bound on a sum that cancels would not be). Shapes,
 * activations and losses cover every branch of the output deltas, layers
 * that do not fill the kernels' 4 x 8 tiles, batches of 1, 3, 32, 33 and
 * past the 64-sample chunks, whose sums carry over.
 *
 * nl_batch_sgd_steps(), SGD with each layer's step taken in the pass that
 * finds its gradient, must give what nl_batch_gradient() and then
 * nl_batch_sgd_apply() give batch after batch, bit for bit (the same sums,
 * the same rounding of the update rule): the same cases, batch sizes that
 * are and are not powers of two, a last batch with what is left.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-batch.h"
#include "nl-net.h"
#include "nl-rng.h"

typedef struct
{
  const char  *name;
  size_t       n_layers;
  size_t       sizes[5];
  NlActivation act[5];
  NlLoss       loss;
  double       input_scale;   /* large values drive the sigmoid to 0 and 1 */
} Case;

#define SIG NL_ACTIVATION_SIGMOID
#define TANH NL_ACTIVATION_TANH
#define RELU NL_ACTIVATION_RELU
#define LIN NL_ACTIVATION_LINEAR
#define SOFT NL_ACTIVATION_SOFTMAX

static const Case cases[] = {
  { "2-2-1 sigmoid mse", 3, { 2, 2, 1 }, { 0, SIG, SIG }, NL_LOSS_MSE, 1 },
  { "2-2-1 sigmoid bce", 3, { 2, 2, 1 }, { 0, SIG, SIG }, NL_LOSS_BCE, 1 },
  { "64-64-64-1 sigmoid mse", 4, { 64, 64, 64, 1 }, { 0, SIG, SIG, SIG }, NL_LOSS_MSE, 1 },
  { "5-13-7-1 tanh linear mse", 4, { 5, 13, 7, 1 }, { 0, TANH, TANH, LIN }, NL_LOSS_MSE, 1 },
  { "3-9-6-1 relu sigmoid bce", 4, { 3, 9, 6, 1 }, { 0, RELU, RELU, SIG }, NL_LOSS_BCE, 1 },
  { "1-17-1 linear tanh mse", 3, { 1, 17, 1 }, { 0, LIN, TANH }, NL_LOSS_MSE, 1 },
  { "6-11-3 sigmoid softmax ce", 3, { 6, 11, 3 }, { 0, SIG, SOFT }, NL_LOSS_BCE, 1 },
  { "6-11-3 tanh softmax mse", 3, { 6, 11, 3 }, { 0, TANH, SOFT }, NL_LOSS_MSE, 1 },
  { "4-10-9-5 relu softmax ce", 4, { 4, 10, 9, 5 }, { 0, RELU, RELU, SOFT }, NL_LOSS_BCE, 1 },
  { "7-5-3 sigmoid x3 bce", 3, { 7, 5, 3 }, { 0, SIG, SIG }, NL_LOSS_BCE, 1 },
  { "7-5-2 relu linear x2 mse", 3, { 7, 5, 2 }, { 0, RELU, LIN }, NL_LOSS_MSE, 1 },
  { "4-8-1 saturated sigmoid bce", 3, { 4, 8, 1 }, { 0, SIG, SIG }, NL_LOSS_BCE, 1000 },
  { "4-8-1 saturated sigmoid mse", 3, { 4, 8, 1 }, { 0, SIG, SIG }, NL_LOSS_MSE, 1000 },
};

static const size_t batches[] = { 1, 3, 32, 33, 130 };

#define N_ROWS 150

typedef struct
{
  NlNet  *net;
  double *x, *y;
  size_t  rows[N_ROWS];
} Setup;

static void
setup_case (const Case *c,
            uint64_t    seed,
            Setup      *s)
{
  NlError error = { 0 };
  NlRng rng;
  size_t n_in = c->sizes[0], n_out = c->sizes[c->n_layers - 1];

  s->net = nl_net_new (c->n_layers, c->sizes, c->act, &error);
  g_assert_nonnull (s->net);
  nl_rng_seed (&rng, seed);
  nl_net_init (s->net, NL_INIT_NORMAL, &rng);
  s->x = g_new (double, N_ROWS * n_in);
  s->y = g_new (double, N_ROWS);
  for (size_t i = 0; i < N_ROWS * n_in; i++)
    s->x[i] = c->input_scale * nl_rng_normal (&rng);
  for (size_t r = 0; r < N_ROWS; r++)
    {
      if (n_out > 1)
        {
          size_t k = (size_t) (nl_rng_uniform (&rng) * (double) n_out);

          s->y[r] = (double) (k < n_out ? k : n_out - 1);
        }
      else if (c->loss == NL_LOSS_BCE)
        s->y[r] = nl_rng_uniform (&rng) < 0.5 ? 0.0 : 1.0;
      else
        s->y[r] = nl_rng_normal (&rng);
    }
  /* The rows in a shuffled order, some repeated: the kernels must follow
   * @rows, not the table. */
  for (size_t i = 0; i < N_ROWS; i++)
    s->rows[i] = (i * 37 + 11) % (N_ROWS - 7);
}

static void
setup_clear (Setup *s)
{
  nl_net_free (s->net);
  g_free (s->x);
  g_free (s->y);
}

/* The reference: per-sample gradients summed in order, with the sum of
 * their absolute values for the tolerance. */
static double
reference_gradient (const NlNet  *net,
                    const Setup  *s,
                    size_t        n,
                    NlLoss        loss,
                    double       *grad,
                    double       *scale,
                    double       *loss_scale)
{
  NlWork *work = nl_work_new (net);
  double *g = g_new (double, net->n_params);
  double total = 0.0;

  memset (grad, 0, net->n_params * sizeof (double));
  memset (scale, 0, net->n_params * sizeof (double));
  *loss_scale = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      size_t r = s->rows[i];
      double l;

      nl_net_forward (net, work, s->x + r * nl_net_n_inputs (net));
      l = nl_net_sample_loss (net, work, s->y[r], loss);
      total += l;
      *loss_scale += fabs (l);
      nl_net_backward (net, work, s->y[r], loss, g);
      for (size_t p = 0; p < net->n_params; p++)
        {
          grad[p] += g[p];
          scale[p] += fabs (g[p]);
        }
    }
  g_free (g);
  nl_work_free (work);
  return total;
}

static void
test_against_reference (void)
{
  for (size_t ci = 0; ci < G_N_ELEMENTS (cases); ci++)
    {
      const Case *c = &cases[ci];
      Setup s;

      setup_case (c, 1000 + ci, &s);
      for (size_t bi = 0; bi < G_N_ELEMENTS (batches); bi++)
        {
          size_t n = batches[bi], np = s.net->n_params;
          /* A work sized for more than this batch, and one sized exactly. */
          NlBatchWork *big = nl_batch_work_new (s.net, 200);
          NlBatchWork *exact = nl_batch_work_new (s.net, n);
          double *ref = g_new (double, np), *scale = g_new (double, np);
          double *got = g_new (double, np), *again = g_new (double, np);
          double ref_loss, loss_scale, got_loss, again_loss;

          g_assert_nonnull (big);
          g_assert_nonnull (exact);
          ref_loss = reference_gradient (s.net, &s, n, c->loss, ref, scale, &loss_scale);
          got_loss = nl_batch_gradient (s.net, big, s.x, s.y, s.rows, n, c->loss, got);
          /* Garbage in the output must not matter: it is written, not added to. */
          for (size_t p = 0; p < np; p++)
            again[p] = 1e300;
          again_loss = nl_batch_gradient (s.net, exact, s.x, s.y, s.rows, n, c->loss, again);

          if (g_test_verbose ())
            g_test_message ("%s, batch %zu", c->name, n);
          g_assert_true (isfinite (ref_loss));
          g_assert_cmpfloat (fabs (got_loss - ref_loss), <=, 1e-12 * loss_scale);
          for (size_t p = 0; p < np; p++)
            {
              if (!(fabs (got[p] - ref[p]) <= 1e-12 * scale[p]))
                g_error ("%s, batch %zu: dL/dp[%zu] is %.17g, the samples' sum %.17g",
                         c->name, n, p, got[p], ref[p]);
            }
          /* The same batch again, with other scratch memory: bit for bit. */
          g_assert_true (memcmp (&got_loss, &again_loss, sizeof (double)) == 0);
          g_assert_true (memcmp (got, again, np * sizeof (double)) == 0);

          g_free (ref);
          g_free (scale);
          g_free (got);
          g_free (again);
          nl_batch_work_free (big);
          nl_batch_work_free (exact);
        }
      setup_clear (&s);
    }
}

/* One step's batch after another in the same work: nothing of the earlier
 * batch (a larger one) is left in the next one's gradient. */
static void
test_work_reused (void)
{
  const Case *c = &cases[2];
  Setup s;
  NlBatchWork *work;
  size_t np;
  double *ref, *scale, *got, loss_scale;

  setup_case (c, 7, &s);
  np = s.net->n_params;
  work = nl_batch_work_new (s.net, 130);
  ref = g_new (double, np);
  scale = g_new (double, np);
  got = g_new (double, np);
  nl_batch_gradient (s.net, work, s.x, s.y, s.rows, 130, c->loss, got);
  nl_batch_gradient (s.net, work, s.x, s.y, s.rows + 5, 3, c->loss, got);
  {
    Setup shifted = s;

    memcpy (shifted.rows, s.rows + 5, 3 * sizeof (size_t));
    reference_gradient (s.net, &shifted, 3, c->loss, ref, scale, &loss_scale);
  }
  for (size_t p = 0; p < np; p++)
    g_assert_cmpfloat (fabs (got[p] - ref[p]), <=, 1e-12 * scale[p]);
  g_free (ref);
  g_free (scale);
  g_free (got);
  nl_batch_work_free (work);
  setup_clear (&s);
}

/* A whole pass through the rows, batch by batch, both ways. */
static void
test_steps (void)
{
  static const size_t step_batches[] = { 2, 3, 8, 32, 33, 64 };

  for (size_t ci = 0; ci < G_N_ELEMENTS (cases); ci++)
    for (size_t bi = 0; bi < G_N_ELEMENTS (step_batches); bi++)
      {
        const Case *c = &cases[ci];
        size_t batch = step_batches[bi], n_rows = N_ROWS - 3;
        Setup s;
        NlNet *twin;
        NlBatchWork *work, *twin_work;
        double *grad, loss = 0.0, twin_loss;

        g_assert_cmpuint (batch, <=, nl_batch_sgd_steps_max ());
        setup_case (c, 11 + bi, &s);
        twin = nl_net_copy (s.net);
        work = nl_batch_work_new (s.net, batch);
        twin_work = nl_batch_work_new (twin, batch);
        grad = g_new (double, s.net->n_params);
        for (size_t i = 0; i < n_rows; i += batch)
          {
            size_t n = n_rows - i < batch ? n_rows - i : batch;

            loss += nl_batch_gradient (s.net, work, s.x, s.y, s.rows + i, n, c->loss, grad);
            nl_batch_sgd_apply (s.net->params, grad, s.net->n_params, n, 0.02);
          }
        twin_loss = nl_batch_sgd_steps (twin, twin_work, s.x, s.y, s.rows, n_rows, batch, c->loss,
                                        0.02);
        /* A rate small enough for every case to stay finite: NaN would
         * compare unequal, and hide nothing the bits would show. */
        g_assert_true (isfinite (loss));
        if (memcmp (s.net->params, twin->params, s.net->n_params * sizeof (double)) != 0
            || loss != twin_loss)
          g_error ("%s, batch %zu: the steps differ from gradient and apply", c->name, batch);
        g_free (grad);
        nl_batch_work_free (work);
        nl_batch_work_free (twin_work);
        nl_net_free (twin);
        setup_clear (&s);
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/batch/against-reference", test_against_reference);
  g_test_add_func ("/batch/work-reused", test_work_reused);
  g_test_add_func ("/batch/steps", test_steps);
  return g_test_run ();
}
