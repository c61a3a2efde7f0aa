/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inspector.c: the backpropagation inspector shows the tutorial's worked
 * example (its figures the same in English and, written with a decimal
 * comma, in German), the sum over paths of a deeper network, a prompt
 * when no parameter is chosen, and the step the trainer takes: momentum,
 * Adam with L2 and a mini-batch, each checked against the update rule
 * worked out here by hand. */
#include <locale.h>
#include <math.h>

#include "nl-inspector.h"
#include "ui-test-render.h"

static const double alice[] = { -2, -1 };

/* The tutorial's backprop example: every weight 1, every bias 0. */
static NlNet *
worked_example_net (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  NlNet *net = nl_net_new (3, sizes, NULL, NULL);

  for (size_t i = 0; i < net->n_weights; i++)
    net->params[i] = 1.0;
  return net;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text);
}

static void
test_prompt (void)
{
  GtkWidget *inspector;
  NlNet *net;
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();

  inspector = g_object_ref_sink (nl_inspector_new ());
  empty = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (empty, "Backpropagation");
  assert_contains (empty, "Click a weight or a bias in the diagram, or choose one under Parameter, to see its gradient.");
  g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, -1);

  /* A sample but no parameter: the forward values and the prompt. */
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (text, "Alice: x1 = -2, x2 = -1, y = 1");
  assert_contains (text, "h1 = 0.0474");
  assert_contains (text, "o1 = 0.524");
  assert_contains (text, "Click a weight or a bias");
  g_assert_null (strstr (text, "∂L"));

  /* Out of range: nothing chosen. */
  nl_inspector_set_param (NL_INSPECTOR (inspector), 9);
  g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, -1);

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

static void
test_worked_example (void)
{
  GtkWidget *inspector, *window;
  NlNet *net;
  cairo_surface_t *surface;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();

  inspector = nl_inspector_new ();
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);

  assert_contains (text, "Alice: x1 = -2, x2 = -1, y = 1");
  assert_contains (text, "h1 = 0.0474");
  assert_contains (text, "h2 = 0.0474");
  assert_contains (text, "o1 = 0.524");
  assert_contains (text, "∂L/∂w1 = ∂L/∂y_pred × ∂y_pred/∂h1 × ∂h1/∂w1");
  /* The tutorial's figures: dL/dy_pred worked from o1 as shown, 0.524, and
   * the unrounded gradient 0.021470 as the product (see nl-inspector.c). */
  assert_contains (text, "= -0.952 × 0.249 × -0.0904 = 0.0215");
  assert_contains (text, "∂L/∂y_pred = −2 (y − y_pred) = −2 (1 − 0.524) = -0.952");
  assert_contains (text, "from the unrounded y_pred it is -0.95261");
  assert_contains (text, "∂y_pred/∂h1 = w5 × f′(z_o1)");
  assert_contains (text, "∂h1/∂w1 = x1 × f′(z_h1)");
  assert_contains (text, "Finite difference: 0.02147 (backpropagation: 0.02147)");
  /* 1 - 0.1 x 0.021470 and the loss (1 - 0.5237)^2 before and after. */
  assert_contains (text, "One SGD step (η = 0.1): w1 1.0000 → 0.9979, loss 0.226866 → 0.226820");
  /* The one line the update rule adds: 1 − 0.1 × 0.021470 = 0.997853, to
   * three digits of the step. */
  assert_contains (text, "w1 ← w1 − η·g = 1 − 0.1 × 0.0215 = 0.99785");
  g_assert_null (strstr (text, "One step ("));

  /* A selectable label selects all its text when it takes the focus, as
   * the first one would in this window of its own; the picture shows none. */
  g_object_set (gtk_settings_get_default (), "gtk-label-select-on-focus", FALSE, NULL);
  window = ui_test_show (inspector, 560, 480);
  surface = ui_test_render (inspector);
  ui_test_save (surface, "inspector.png");
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

/* The worked example's six figures as a reader of @locale's numbers sees
 * them: h1, o1, dL/dy_pred worked from o1 as shown, the two other factors
 * and the gradient. The tutorial's figures, written with @point. */
static void
check_figures (const char *locale,
               const char *point)
{
  g_autofree char *before = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *text = NULL;
  GtkWidget *inspector;
  NlNet *net;
  /* %s stands for the decimal separator. */
  static const char * const figures[] = {
    "h1 = 0%s0474",
    "o1 = 0%s524",
    "∂L/∂y_pred = −2 (y − y_pred) = −2 (1 − 0%s524) = -0%s952",
    "= -0%s952 × 0%s249 × -0%s0904 = 0%s0215",
  };

  if (ui_test_skip_without_display ())
    return;
  if (setlocale (LC_NUMERIC, locale) == NULL)
    {
      g_test_skip_printf ("The %s locale is not available", locale);
      return;
    }

  net = worked_example_net ();
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);
  setlocale (LC_NUMERIC, before);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_auto(GStrv) parts = g_strsplit (figures[i], "%s", -1);
      g_autofree char *figure = g_strjoinv (point, parts);

      assert_contains (text, figure);
    }

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

static void
test_figures_english (void)
{
  check_figures ("C", ".");
}

static void
test_figures_german (void)
{
  check_figures ("de_DE.UTF-8", ",");
}

/* A parameter of o1 and a bias. */
static void
test_forms (void)
{
  GtkWidget *inspector;
  NlNet *net;
  g_autofree char *w5 = NULL;
  g_autofree char *b1 = NULL;
  g_autofree char *bce = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();

  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 4);
  w5 = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (w5, "w5 (h1 → o1) = 1");
  assert_contains (w5, "∂L/∂w5 = ∂L/∂y_pred × ∂y_pred/∂w5");
  assert_contains (w5, "∂L/∂y_pred = −2 (y − y_pred)");
  assert_contains (w5, "∂y_pred/∂w5 = h1 × f′(z_o1)");

  nl_inspector_set_param (NL_INSPECTOR (inspector), 6);
  b1 = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (b1, "b1, the bias of h1 = 0");
  assert_contains (b1, "∂L/∂b1 = ∂L/∂y_pred × ∂y_pred/∂h1 × ∂h1/∂b1");
  assert_contains (b1, "∂h1/∂b1 = f′(z_h1), since ∂z/∂b1 = 1");

  /* Cross-entropy's derivative, worked from y_pred as shown: -1 / 0.524 is
   * -1.908 and the unrounded -1 / 0.52369 is -1.9095, both -1.91. */
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_BCE, 0.1);
  bce = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (bce, "∂L/∂y_pred = −y / y_pred + (1 − y) / (1 − y_pred) "
                        "= −1 / 0.524 + (1 − 1) / (1 − 0.524) = -1.91");
  assert_contains (bce, "= -1.91 × 0.249 × ");
  g_assert_null (strstr (bce, "unrounded y_pred"));

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

/* Two hidden layers: a first-layer weight's upstream gradient is a sum over
 * the paths through the second hidden layer. */
static void
test_paths (void)
{
  static const size_t sizes[] = { 2, 2, 2, 1 };
  GtkWidget *inspector;
  NlNet *net = nl_net_new (4, sizes, NULL, NULL);
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      return;
    }

  for (size_t i = 0; i < net->n_weights; i++)
    net->params[i] = 0.5;
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, NULL, NL_LOSS_BCE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);
  assert_contains (text, "Sample: x1 = -2, x2 = -1, y = 1");
  assert_contains (text, "∂L/∂w1 = ∂L/∂h1_1 × ∂h1_1/∂w1");
  assert_contains (text, "∂L/∂h1_1 sums the paths through the layer above:");
  assert_contains (text, "via h2_1: w5 × f′(z_h2_1) × ∂L/∂h2_1 = ");
  assert_contains (text, "via h2_2: w7 × f′(z_h2_2) × ∂L/∂h2_2 = ");
  assert_contains (text, "sum: ∂L/∂h1_1 = ");
  assert_contains (text, "∂h1_1/∂w1 = x1 × f′(z_h1_1)");

  /* A smaller network: the parameter index goes out of range, and is dropped. */
  {
    static const size_t small[] = { 2, 1 };
    NlNet *tiny = nl_net_new (2, small, NULL, NULL);

    nl_inspector_set_param (NL_INSPECTOR (inspector), 12);
    g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, 12);
    nl_inspector_set_state (NL_INSPECTOR (inspector), tiny, alice, 0, "Bob", NL_LOSS_MSE, 0.1);
    g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, -1);
    nl_net_free (tiny);
  }

  nl_inspector_set_state (NL_INSPECTOR (inspector), NULL, NULL, 0, NULL, NL_LOSS_MSE, 0.1);
  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

/* The update rule, worked out here rather than by the core */

/* dL/dp of @net on one sample, by backpropagation: the data gradient,
 * which the tests of the chain check; what follows it is the update rule. */
static double
data_gradient (const NlNet  *net,
               const double *x,
               double        y,
               NlLoss        loss,
               size_t        param)
{
  NlWork *work = nl_work_new (net);
  double *grad = g_new (double, net->n_params);
  double value;

  nl_net_forward (net, work, x);
  nl_net_backward (net, work, y, loss, grad);
  value = grad[param];
  g_free (grad);
  nl_work_free (work);
  return value;
}

static double
sample_loss (const NlNet  *net,
             const double *x,
             double        y,
             NlLoss        loss)
{
  NlWork *work = nl_work_new (net);
  double value;

  nl_net_forward (net, work, x);
  value = nl_net_sample_loss (net, work, y, loss);
  nl_work_free (work);
  return value;
}

/* The page's way with numbers: three significant digits. */
static char *
g3 (double value)
{
  return g_strdup_printf ("%.3g", value);
}

/* The number at the end of the line that starts with @prefix: the rule's
 * result, shown with as many digits as the step needs; it must be @expected
 * to within a hundredth of @step. */
static void
assert_result (const char *text,
               const char *prefix,
               double      expected,
               double      step)
{
  const char *at = strstr (text, prefix);
  char *end;
  double shown;

  if (at == NULL)
    g_error ("“%s” not in:\n%s", prefix, text);
  shown = g_ascii_strtod (at + strlen (prefix), &end);
  g_assert_true (end != at + strlen (prefix));
  g_assert_true (*end == '\n' || *end == '\0');
  if (!(fabs (shown - expected) <= fabs (step) / 100))
    g_error ("%s%.10g: expected %.10g (step %g) in:\n%s", prefix, shown, expected, step, text);
}

/* Momentum on the worked example: v = mu v + g, p = p - lr v, with a
 * velocity left from earlier steps. */
static void
test_momentum (void)
{
  GtkWidget *inspector;
  NlNet *net;
  NlTrainOptions options;
  double first[9] = { 0.05 }, g, v, after;
  g_autofree char *text = NULL;
  g_autofree char *gs = NULL, *vs = NULL, *line = NULL, *rule = NULL, *step = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();
  g = data_gradient (net, alice, 1, NL_LOSS_MSE, 0);
  v = 0.9 * 0.05 + g;
  after = 1 - 0.1 * v;

  nl_train_options_init (&options);
  options.optimizer = NL_OPTIMIZER_MOMENTUM;
  options.momentum = 0.9;
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  nl_inspector_set_optimizer (NL_INSPECTOR (inspector), &options, 3, first, NULL, net->n_params);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);

  gs = g3 (g);
  vs = g3 (v);
  line = g_strdup_printf ("v ← μ·v + g = 0.9 × 0.05 + %s = %s", gs, vs);
  assert_contains (text, line);
  rule = g_strdup_printf ("w1 ← w1 − η·v = 1 − 0.1 × %s = ", vs);
  assert_result (text, rule, after, 0.1 * v);
  step = g_strdup_printf ("One step (Momentum, η = 0.1): w1 1.0000 → %.4f, loss %.6f → ",
                          after, sample_loss (net, alice, 1, NL_LOSS_MSE));
  assert_contains (text, step);
  /* The tutorial's SGD line is not this step. */
  g_assert_null (strstr (text, "One SGD step"));

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

/* Adam with L2 on the worked example, at its fifth step: the decay term,
 * m, v, their bias corrections and the step taken. A bias takes no decay. */
static void
test_adam (void)
{
  GtkWidget *inspector;
  NlNet *net;
  NlTrainOptions options;
  double first[9] = { 0.01 }, second[9] = { 1e-4 };
  double g_data, g, m, v, m_hat, v_hat, size, after;
  g_autofree char *text = NULL;
  g_autofree char *bias = NULL;
  g_autofree char *gd = NULL, *gs = NULL, *ms = NULL, *vs = NULL, *mh = NULL, *vh = NULL, *ss = NULL;
  g_autofree char *l_decay = NULL, *l_g = NULL, *l_m = NULL, *l_v = NULL, *l_mh = NULL, *l_vh = NULL;
  g_autofree char *l_size = NULL, *l_rule = NULL, *l_bias = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();
  g_data = data_gradient (net, alice, 1, NL_LOSS_MSE, 0);
  g = g_data + 0.01 * 1.0;
  m = 0.9 * 0.01 + (1 - 0.9) * g;
  v = 0.999 * 1e-4 + (1 - 0.999) * g * g;
  m_hat = m / (1 - pow (0.9, 5));
  v_hat = v / (1 - pow (0.999, 5));
  size = 0.01 * m_hat / (sqrt (v_hat) + 1e-8);
  after = 1 - size;

  nl_train_options_init (&options);
  options.optimizer = NL_OPTIMIZER_ADAM;
  options.l2 = 0.01;
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.01);
  nl_inspector_set_optimizer (NL_INSPECTOR (inspector), &options, 4, first, second, net->n_params);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);

  gd = g3 (g_data);
  gs = g3 (g);
  ms = g3 (m);
  vs = g3 (v);
  mh = g3 (m_hat);
  vh = g3 (v_hat);
  ss = g3 (size);
  l_decay = g_strdup ("L2 (weight decay): λ₂·w1 = 0.01 × 1 = 0.01");
  l_g = g_strdup_printf ("g = ∂L/∂w1 + λ₂·w1 = %s + 0.01 = %s", gd, gs);
  l_m = g_strdup_printf ("m ← β1·m + (1 − β1)·g = 0.9 × 0.01 + 0.1 × %s = %s", gs, ms);
  l_v = g_strdup_printf ("v ← β2·v + (1 − β2)·g² = 0.999 × 0.0001 + 0.001 × (%s)² = %s", gs, vs);
  l_mh = g_strdup_printf ("m̂ = m / (1 − β1^t) = %s / (1 − 0.9^5) = %s", ms, mh);
  l_vh = g_strdup_printf ("v̂ = v / (1 − β2^t) = %s / (1 − 0.999^5) = %s", vs, vh);
  l_size = g_strdup_printf ("η·m̂ / (√v̂ + ε) = 0.01 × %s / (√%s + 1e-08) = %s", mh, vh, ss);
  l_rule = g_strdup_printf ("w1 ← w1 − η·m̂ / (√v̂ + ε) = 1 − %s = ", ss);
  assert_contains (text, l_decay);
  assert_contains (text, l_g);
  assert_contains (text, "t = 5");
  assert_contains (text, l_m);
  assert_contains (text, l_v);
  assert_contains (text, l_mh);
  assert_contains (text, l_vh);
  assert_contains (text, l_size);
  assert_result (text, l_rule, after, size);

  /* b1: no decay, and its own memory (none: zeros). */
  nl_inspector_set_param (NL_INSPECTOR (inspector), 6);
  bias = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_free (gd);
  gd = g3 (data_gradient (net, alice, 1, NL_LOSS_MSE, 6));
  l_bias = g_strdup_printf ("Biases are not regularised: g = ∂L/∂b1 = %s", gd);
  assert_contains (bias, l_bias);
  g_assert_null (strstr (bias, "λ₂·b1"));
  assert_contains (bias, "m ← β1·m + (1 − β1)·g = 0.9 × 0 + 0.1 × ");

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

/* A mini-batch of three: each sample's gradient, their mean, and the SGD
 * step on the mean; a batch of ten lists eight and says how many more. */
static void
test_batch (void)
{
  static const double rest_x[] = { 25, 6, 17, 4 };
  static const double rest_y[] = { 0, 0 };
  static const char * const names[] = { "Bob", "Charlie", NULL };
  static const double x[] = { -2, -1, 25, 6, 17, 4 };
  static const double y[] = { 1, 0, 0 };
  static const char * const expect_names[] = { "Alice", "Bob", "Charlie" };
  GtkWidget *inspector;
  NlNet *net, *moved;
  NlTrainOptions options;
  double grads[3], sum = 0, mean, after, loss = 0, loss_after = 0;
  g_autofree char *text = NULL;
  g_autofree char *ten = NULL;
  g_autofree char *line = NULL, *rule = NULL, *step = NULL;
  double many_x[18], many_y[9];

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();
  /* Small weights of both signs, so that no sample saturates. */
  for (size_t i = 0; i < net->n_params; i++)
    net->params[i] = 0.05 * (double) ((int) (i % 4) - 1);
  for (int i = 0; i < 3; i++)
    {
      grads[i] = data_gradient (net, x + 2 * i, y[i], NL_LOSS_MSE, 0);
      sum += grads[i];
      loss += sample_loss (net, x + 2 * i, y[i], NL_LOSS_MSE) / 3;
    }
  mean = sum / 3;
  after = net->params[0] - 0.5 * mean;
  moved = nl_net_copy (net);
  moved->params[0] = after;
  for (int i = 0; i < 3; i++)
    loss_after += sample_loss (moved, x + 2 * i, y[i], NL_LOSS_MSE) / 3;

  nl_train_options_init (&options);
  options.batch_size = 3;
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.5);
  nl_inspector_set_optimizer (NL_INSPECTOR (inspector), &options, 0, NULL, NULL, 0);
  nl_inspector_set_batch (NL_INSPECTOR (inspector), 2, rest_x, rest_y, names);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);

  assert_contains (text, "over a batch of 3 samples");
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *gi = g3 (grads[i]);
      g_autofree char *sample = g_strdup_printf ("%s: ∂L/∂w1 = %s\n", expect_names[i], gi);

      assert_contains (text, sample);
    }
  {
    g_autofree char *ss = g3 (sum), *ms = g3 (mean);

    line = g_strdup_printf ("mean: g_data = %s / 3 = %s", ss, ms);
    /* A negative number after an operator is in brackets. */
    rule = g_strdup_printf (mean < 0 ? " − 0.5 × (%s) = " : " − 0.5 × %s = ", ms);
  }
  assert_contains (text, line);
  assert_contains (text, "w1 ← w1 − η·g = -0.05");
  assert_result (text, rule, after, 0.5 * mean);
  step = g_strdup_printf ("One step (SGD, η = 0.5, batch of 3): w1 %.4f → %.4f, "
                          "batch loss %.6f → %.6f", net->params[0], after, loss, loss_after);
  assert_contains (text, step);

  /* Ten samples: eight listed. */
  for (int i = 0; i < 9; i++)
    {
      many_x[2 * i] = x[2 * (i % 3)];
      many_x[2 * i + 1] = x[2 * (i % 3) + 1];
      many_y[i] = y[i % 3];
    }
  nl_inspector_set_batch (NL_INSPECTOR (inspector), 9, many_x, many_y, NULL);
  ten = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (ten, "over a batch of 10 samples");
  assert_contains (ten, "Sample 8: ∂L/∂w1 = ");
  g_assert_null (strstr (ten, "Sample 9:"));
  assert_contains (ten, "… and 2 more");

  nl_net_free (moved);
  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/inspector/prompt", test_prompt);
  g_test_add_func ("/ui/inspector/worked-example", test_worked_example);
  g_test_add_func ("/ui/inspector/figures/english", test_figures_english);
  g_test_add_func ("/ui/inspector/figures/german", test_figures_german);
  g_test_add_func ("/ui/inspector/forms", test_forms);
  g_test_add_func ("/ui/inspector/paths", test_paths);
  g_test_add_func ("/ui/inspector/step/momentum", test_momentum);
  g_test_add_func ("/ui/inspector/step/adam", test_adam);
  g_test_add_func ("/ui/inspector/step/batch", test_batch);
  return g_test_run ();
}
