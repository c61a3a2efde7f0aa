/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-optimizers.c: mini-batches, momentum, Adam and L1/L2 against
 * computations written out in this file.
 *
 * The network is 2-1-1 with sigmoids and the tutorial's MSE, small enough
 * that its forward pass and gradient are a few lines by hand: params =
 * [w1 w2 w3 b1 b2] with h = f(w1 x1 + w2 x2 + b1), o = f(w3 h + b2).
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-batch.h"
#include "nl-net.h"
#include "nl-train.h"

#define N_ROWS   3
#define N_PARAMS 5
#define N_WEIGHTS 3

static const double rows_x[N_ROWS][2] = { { -0.5, 1.2 }, { 0.8, -0.3 }, { 1.5, 0.4 } };
static const double rows_y[N_ROWS] = { 1.0, 0.0, 1.0 };
static const double start[N_PARAMS] = { 0.3, -0.7, 1.1, 0.2, -0.4 };

typedef struct
{
  double   x[N_ROWS * 2];
  double   y[N_ROWS];
  size_t   source[N_ROWS];
  NlMatrix data;
  NlNet   *net;
} Fixture;

static void
fixture_init (Fixture *f)
{
  static const size_t sizes[] = { 2, 1, 1 };
  NlError error = { 0 };

  memset (f, 0, sizeof *f);
  for (size_t r = 0; r < N_ROWS; r++)
    {
      f->x[2 * r] = rows_x[r][0];
      f->x[2 * r + 1] = rows_x[r][1];
      f->y[r] = rows_y[r];
      f->source[r] = r;
    }
  f->data.x = f->x;
  f->data.y = f->y;
  f->data.source_row = f->source;
  f->data.n_rows = N_ROWS;
  f->data.n_inputs = 2;
  f->data.y_scale = 1.0;
  f->net = nl_net_new (3, sizes, NULL, &error);
  g_assert_nonnull (f->net);
  g_assert_cmpuint (f->net->n_params, ==, N_PARAMS);
  g_assert_cmpuint (f->net->n_weights, ==, N_WEIGHTS);
  memcpy (f->net->params, start, sizeof start);
}

static void
fixture_clear (Fixture *f)
{
  nl_net_free (f->net);
}

static double
sigmoid (double z)
{
  return 1.0 / (1.0 + exp (-z));
}

/* dL/dp of row @r for parameters @p, by the chain rule written out; returns
 * the row's loss. */
static double
hand_gradient (const double *p,
               size_t        r,
               double       *g)
{
  double x1 = rows_x[r][0], x2 = rows_x[r][1], y = rows_y[r];
  double h = sigmoid (p[0] * x1 + p[1] * x2 + p[3]);
  double o = sigmoid (p[2] * h + p[4]);
  double d_o = -2.0 * (y - o) * o * (1.0 - o);
  double d_h = d_o * p[2] * h * (1.0 - h);

  g[0] = d_h * x1;
  g[1] = d_h * x2;
  g[2] = d_o * h;
  g[3] = d_h;
  g[4] = d_o;
  return (y - o) * (y - o);
}

static double
sgn (double v)
{
  return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
}

/* The optimizers of nl-train.h's header, written again here. */
typedef struct
{
  double   p[N_PARAMS];
  double   m[N_PARAMS];
  double   v[N_PARAMS];
  uint64_t t;
} Hand;

static void
hand_step (Hand                 *h,
           const NlTrainOptions *o,
           const size_t         *rows,
           size_t                n)
{
  double mean[N_PARAMS] = { 0 };

  for (size_t i = 0; i < n; i++)
    {
      double g[N_PARAMS];

      hand_gradient (h->p, rows[i], g);
      for (int k = 0; k < N_PARAMS; k++)
        mean[k] += g[k] / (double) n;
    }
  h->t++;
  for (int k = 0; k < N_PARAMS; k++)
    {
      double g = mean[k];

      if (k < N_WEIGHTS)
        g += o->l1 * sgn (h->p[k]) + o->l2 * h->p[k];
      if (o->optimizer == NL_OPTIMIZER_SGD)
        h->p[k] -= o->learning_rate * g;
      else if (o->optimizer == NL_OPTIMIZER_MOMENTUM)
        {
          h->m[k] = o->momentum * h->m[k] + g;
          h->p[k] -= o->learning_rate * h->m[k];
        }
      else
        {
          double mh, vh;

          h->m[k] = o->beta1 * h->m[k] + (1 - o->beta1) * g;
          h->v[k] = o->beta2 * h->v[k] + (1 - o->beta2) * g * g;
          mh = h->m[k] / (1 - pow (o->beta1, (double) h->t));
          vh = h->v[k] / (1 - pow (o->beta2, (double) h->t));
          h->p[k] -= o->learning_rate * mh / (sqrt (vh) + o->epsilon);
        }
    }
}

static void
assert_close (double a,
              double b,
              double tolerance)
{
  if (fabs (a - b) > tolerance * (1.0 + fabs (b)))
    g_error ("%.17g and %.17g differ by more than %g", a, b, tolerance);
}

static void
check_optimizer (NlOptimizer optimizer,
                 size_t      batch,
                 double      l1,
                 double      l2)
{
  Fixture f;
  NlTrainOptions o;
  NlError error = { 0 };
  NlSgd *sgd;
  Hand hand = { 0 };

  fixture_init (&f);
  nl_train_options_init (&o);
  o.learning_rate = 0.3;
  o.optimizer = optimizer;
  o.momentum = 0.8;
  o.beta1 = 0.85;
  o.beta2 = 0.99;
  o.epsilon = 1e-6;
  o.batch_size = batch;
  o.l1 = l1;
  o.l2 = l2;
  sgd = nl_sgd_new (f.net, &f.data, &o, &error);
  g_assert_nonnull (sgd);
  memcpy (hand.p, start, sizeof start);

  for (int epoch = 0; epoch < 4; epoch++)
    {
      double loss;

      g_assert_cmpint (nl_sgd_epoch (sgd, f.net, &loss, &error), ==, NL_OK);
      /* The epoch's batches in table order; the last may be smaller. */
      for (size_t i = 0; i < N_ROWS; i += batch)
        {
          size_t rows[N_ROWS], n = MIN (batch, (size_t) N_ROWS - i);

          for (size_t k = 0; k < n; k++)
            rows[k] = i + k;
          hand_step (&hand, &o, rows, n);
        }
      for (int k = 0; k < N_PARAMS; k++)
        assert_close (f.net->params[k], hand.p[k], 1e-12);
    }
  g_assert_cmpuint (nl_sgd_steps (sgd), ==, hand.t);
  if (optimizer != NL_OPTIMIZER_SGD)
    for (int k = 0; k < N_PARAMS; k++)
      assert_close (nl_sgd_first_moment (sgd)[k], hand.m[k], 1e-12);
  if (optimizer == NL_OPTIMIZER_ADAM)
    for (int k = 0; k < N_PARAMS; k++)
      assert_close (nl_sgd_second_moment (sgd)[k], hand.v[k], 1e-12);
  else
    g_assert_null (nl_sgd_second_moment (sgd));

  nl_sgd_free (sgd);
  fixture_clear (&f);
}

static void
test_sgd (void)
{
  check_optimizer (NL_OPTIMIZER_SGD, 1, 0, 0);
  check_optimizer (NL_OPTIMIZER_SGD, 2, 0, 0);
  check_optimizer (NL_OPTIMIZER_SGD, 3, 0, 0);
  /* Larger than the table: the whole table. */
  check_optimizer (NL_OPTIMIZER_SGD, 50, 0, 0);
}

static void
test_momentum (void)
{
  check_optimizer (NL_OPTIMIZER_MOMENTUM, 1, 0, 0);
  check_optimizer (NL_OPTIMIZER_MOMENTUM, 2, 0, 0);
}

static void
test_adam (void)
{
  check_optimizer (NL_OPTIMIZER_ADAM, 1, 0, 0);
  check_optimizer (NL_OPTIMIZER_ADAM, 2, 0, 0);
  check_optimizer (NL_OPTIMIZER_ADAM, 3, 0, 0);
}

static void
test_regularised (void)
{
  check_optimizer (NL_OPTIMIZER_SGD, 1, 0.01, 0.02);
  check_optimizer (NL_OPTIMIZER_MOMENTUM, 2, 0.05, 0);
  check_optimizer (NL_OPTIMIZER_ADAM, 2, 0, 0.1);
}

/* The mean loss over the table plus the penalty: what a full-batch step
 * with L1 and L2 descends. */
static double
objective (NlNet  *net,
           double  l1,
           double  l2)
{
  double total = 0.0, g[N_PARAMS];

  for (size_t r = 0; r < N_ROWS; r++)
    total += hand_gradient (net->params, r, g);
  return total / N_ROWS + nl_regularization_penalty (net, l1, l2);
}

static void
test_finite_differences (void)
{
  const double l1 = 0.05, l2 = 0.1, eps = 1e-6;
  Fixture f;
  NlTrainOptions o;
  NlError error = { 0 };
  NlSgd *sgd;
  double before[N_PARAMS], numeric[N_PARAMS];
  size_t rows[N_ROWS] = { 0, 1, 2 };

  fixture_init (&f);
  for (int k = 0; k < N_PARAMS; k++)
    {
      double saved = f.net->params[k], up, down;

      f.net->params[k] = saved + eps;
      up = objective (f.net, l1, l2);
      f.net->params[k] = saved - eps;
      down = objective (f.net, l1, l2);
      f.net->params[k] = saved;
      numeric[k] = (up - down) / (2 * eps);
    }

  /* With plain SGD at learning rate 1, the step is the gradient. */
  nl_train_options_init (&o);
  o.learning_rate = 1.0;
  o.batch_size = N_ROWS;
  o.l1 = l1;
  o.l2 = l2;
  sgd = nl_sgd_new (f.net, &f.data, &o, &error);
  g_assert_nonnull (sgd);
  memcpy (before, f.net->params, sizeof before);
  g_assert_cmpint (nl_sgd_batch_step (sgd, f.net, rows, N_ROWS, NULL, &error), ==, NL_OK);
  for (int k = 0; k < N_PARAMS; k++)
    assert_close (before[k] - f.net->params[k], numeric[k], 1e-7);
  /* The penalty's share is there: the data loss alone has another slope,
   * and the biases carry none of it. */
  for (int k = 0; k < N_PARAMS; k++)
    {
      double saved = f.net->params[k], up, down;

      memcpy (f.net->params, before, sizeof before);
      f.net->params[k] = before[k] + eps;
      up = objective (f.net, 0, 0);
      f.net->params[k] = before[k] - eps;
      down = objective (f.net, 0, 0);
      if (k < N_WEIGHTS)
        g_assert_cmpfloat (fabs ((up - down) / (2 * eps) - numeric[k]), >, 0.04);
      else
        assert_close ((up - down) / (2 * eps), numeric[k], 1e-7);
      (void) saved;
    }
  nl_sgd_free (sgd);
  fixture_clear (&f);
}

/* nl_update_trace() is what training does, bit for bit. */
static void
test_trace_is_the_step (void)
{
  for (NlOptimizer opt = NL_OPTIMIZER_SGD; opt < NL_N_OPTIMIZERS; opt++)
    {
      Fixture f;
      NlTrainOptions o;
      NlError error = { 0 };
      NlSgd *sgd;
      NlBatchWork *work;
      size_t rows[2] = { 2, 0 };
      double grad[N_PARAMS], before[N_PARAMS], first[N_PARAMS] = { 0 }, second[N_PARAMS] = { 0 };
      uint64_t steps;

      fixture_init (&f);
      nl_train_options_init (&o);
      o.optimizer = opt;
      o.l2 = 0.01;
      o.l1 = 0.003;
      o.batch_size = 2;
      sgd = nl_sgd_new (f.net, &f.data, &o, &error);
      work = nl_batch_work_new (f.net, 2);
      /* A few steps first, so the memory is not zero. */
      for (int i = 0; i < 3; i++)
        g_assert_cmpint (nl_sgd_batch_step (sgd, f.net, rows, 2, NULL, &error), ==, NL_OK);

      steps = nl_sgd_steps (sgd);
      if (nl_sgd_first_moment (sgd) != NULL)
        memcpy (first, nl_sgd_first_moment (sgd), sizeof first);
      if (nl_sgd_second_moment (sgd) != NULL)
        memcpy (second, nl_sgd_second_moment (sgd), sizeof second);
      memcpy (before, f.net->params, sizeof before);
      nl_batch_gradient (f.net, work, f.data.x, f.data.y, rows, 2, NL_LOSS_MSE, grad);
      g_assert_cmpint (nl_sgd_batch_step (sgd, f.net, rows, 2, NULL, &error), ==, NL_OK);

      for (int k = 0; k < N_PARAMS; k++)
        {
          NlUpdateTrace tr;

          nl_update_trace (&o, k < N_WEIGHTS, before[k], grad[k] / 2.0, steps, first[k],
                           second[k], &tr);
          g_assert_cmpfloat (tr.param_after, ==, f.net->params[k]);
          g_assert_cmpuint (tr.t, ==, steps + 1);
          if (opt == NL_OPTIMIZER_ADAM)
            {
              g_assert_cmpfloat (tr.m, ==, nl_sgd_first_moment (sgd)[k]);
              g_assert_cmpfloat (tr.v, ==, nl_sgd_second_moment (sgd)[k]);
              assert_close (tr.m_hat, tr.m / (1 - pow (o.beta1, (double) (steps + 1))), 1e-15);
            }
          if (opt == NL_OPTIMIZER_MOMENTUM)
            g_assert_cmpfloat (tr.velocity, ==, nl_sgd_first_moment (sgd)[k]);
          if (k >= N_WEIGHTS)
            g_assert_cmpfloat (tr.l2_term, ==, 0.0);
          else
            g_assert_cmpfloat (tr.l2_term, ==, 0.01 * before[k]);
        }
      nl_batch_work_free (work);
      nl_sgd_free (sgd);
      fixture_clear (&f);
    }
}

/* The optimizer's memory survives being taken out and put back: two runs
 * of two epochs, the memory carried between them, are one run of four. */
static void
test_state_carried (void)
{
  Fixture a, b;
  NlTrainOptions o;
  NlError error = { 0 };
  NlSgd *one, *first_half, *second_half;

  fixture_init (&a);
  fixture_init (&b);
  nl_train_options_init (&o);
  o.optimizer = NL_OPTIMIZER_ADAM;
  o.batch_size = 2;
  o.learning_rate = 0.05;
  one = nl_sgd_new (a.net, &a.data, &o, &error);
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (nl_sgd_epoch (one, a.net, NULL, &error), ==, NL_OK);

  first_half = nl_sgd_new (b.net, &b.data, &o, &error);
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (nl_sgd_epoch (first_half, b.net, NULL, &error), ==, NL_OK);
  second_half = nl_sgd_new (b.net, &b.data, &o, &error);
  nl_sgd_set_state (second_half, nl_sgd_steps (first_half), nl_sgd_first_moment (first_half),
                    nl_sgd_second_moment (first_half));
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (nl_sgd_epoch (second_half, b.net, NULL, &error), ==, NL_OK);

  g_assert_cmpmem (a.net->params, sizeof start, b.net->params, sizeof start);
  g_assert_cmpuint (nl_sgd_steps (second_half), ==, nl_sgd_steps (one));

  nl_sgd_free (one);
  nl_sgd_free (first_half);
  nl_sgd_free (second_half);
  fixture_clear (&a);
  fixture_clear (&b);
}

/* A step that diverges puts the memory back with the parameters. */
static void
test_divergence_keeps_memory (void)
{
  Fixture f;
  NlTrainOptions o;
  NlError error = { 0 };
  NlSgd *sgd;
  double first[N_PARAMS], params[N_PARAMS];
  uint64_t steps;

  fixture_init (&f);
  nl_train_options_init (&o);
  o.optimizer = NL_OPTIMIZER_MOMENTUM;
  o.learning_rate = 0.5;
  sgd = nl_sgd_new (f.net, &f.data, &o, &error);
  g_assert_cmpint (nl_sgd_epoch (sgd, f.net, NULL, &error), ==, NL_OK);
  steps = nl_sgd_steps (sgd);
  memcpy (first, nl_sgd_first_moment (sgd), sizeof first);
  memcpy (params, f.net->params, sizeof params);

  /* An infinite input makes the next epoch's numbers not finite. */
  f.x[0] = INFINITY;
  g_assert_cmpint (nl_sgd_epoch (sgd, f.net, NULL, &error), ==, NL_ERR_DIVERGED);
  g_assert_cmpmem (f.net->params, sizeof params, params, sizeof params);
  g_assert_cmpmem (nl_sgd_first_moment (sgd), sizeof first, first, sizeof first);
  g_assert_cmpuint (nl_sgd_steps (sgd), ==, steps);
  nl_error_clear (&error);
  nl_sgd_free (sgd);
  fixture_clear (&f);
}

static void
expect_refused (NlTrainOptions *o,
                const char     *word)
{
  Fixture f;
  NlError error = { 0 };

  fixture_init (&f);
  g_assert_cmpint (nl_train_options_check (o, &error), ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, word));
  nl_error_clear (&error);
  g_assert_null (nl_sgd_new (f.net, &f.data, o, &error));
  g_assert_nonnull (strstr (error.message, word));
  nl_error_clear (&error);
  fixture_clear (&f);
}

static void
test_bad_settings (void)
{
  NlTrainOptions o;
  NlOptimizer parsed;

  nl_train_options_init (&o);
  g_assert_cmpint (nl_train_options_check (&o, NULL), ==, NL_OK);
  o.batch_size = 0;
  expect_refused (&o, "batch size");
  nl_train_options_init (&o);
  o.optimizer = NL_OPTIMIZER_MOMENTUM;
  o.momentum = 1.0;
  expect_refused (&o, "momentum");
  nl_train_options_init (&o);
  o.optimizer = NL_OPTIMIZER_ADAM;
  o.beta2 = 1.5;
  expect_refused (&o, "β2");
  o.beta2 = 0.999;
  o.epsilon = 0.0;
  expect_refused (&o, "ε");
  nl_train_options_init (&o);
  o.l1 = -0.1;
  expect_refused (&o, "L1");
  nl_train_options_init (&o);
  o.l2 = NAN;
  expect_refused (&o, "L2");

  for (NlOptimizer opt = 0; opt < NL_N_OPTIMIZERS; opt++)
    {
      g_assert_true (nl_optimizer_from_name (nl_optimizer_name (opt), &parsed));
      g_assert_cmpint (parsed, ==, opt);
    }
  g_assert_false (nl_optimizer_from_name ("rmsprop", &parsed));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/optimizers/sgd", test_sgd);
  g_test_add_func ("/core/optimizers/momentum", test_momentum);
  g_test_add_func ("/core/optimizers/adam", test_adam);
  g_test_add_func ("/core/optimizers/regularised", test_regularised);
  g_test_add_func ("/core/optimizers/finite-differences", test_finite_differences);
  g_test_add_func ("/core/optimizers/trace-is-the-step", test_trace_is_the_step);
  g_test_add_func ("/core/optimizers/state-carried", test_state_carried);
  g_test_add_func ("/core/optimizers/divergence-keeps-memory", test_divergence_keeps_memory);
  g_test_add_func ("/core/optimizers/bad-settings", test_bad_settings);
  return g_test_run ();
}
