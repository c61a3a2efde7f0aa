/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-inspector.c: the backpropagation inspector.
 *
 * The content depends on the network's shape and on which parameter is
 * chosen, so it is built in code rather than from a template: every update
 * replaces the labels of the body box (a few dozen labels at most, cheap even
 * at the trainer's progress rate). The numbers come from the core
 * (nl_chain_compute); this widget only formats them.
 *
 * How numbers are rounded: the forward values are shown to three
 * significant digits, and dL/dy_pred is worked from the y_pred shown, as a
 * person works it by hand and as the tutorial does: -2 (1 - 0.524) = -0.952
 * in its worked example, where the unrounded o1 would give -0.95261. The
 * line that derives it shows that substitution, so every number on it can be
 * checked with a pencil, and says the unrounded value when the two differ.
 * The other factors are computed from pre-activations the inspector does not
 * show, so they are the full-precision values rounded to three digits
 * (0.249, -0.0904), and the product is the full-precision gradient rounded
 * the same way (0.0215), not the product of the rounded factors (the
 * tutorial's 0.0214): it is the number training uses.
 * The finite-difference check and the gradient are shown with four digits,
 * so that their agreement is visible beyond the factors' rounding, and the
 * losses before and after one step with six decimals, as one parameter's
 * share of a step is often below the fourth.
 *
 * The task decides where the chain starts. The binary task's page is the
 * tutorial's, above. With an output a class under a softmax there is no one
 * y_pred: the chain starts from dL/dz_k of the output k a path goes through,
 * p_k - y_k under cross-entropy (y one-hot), p_k (g_k - sum_j g_j p_j) under
 * MSE, where the softmax's Jacobian mixes the outputs; the page writes those
 * out with the sample's numbers, the p_k as shown. Regression is the
 * tutorial's chain with an identity output, on the standardised target; the
 * page says what y is and what the error is in the target's own units.
 *
 * Last comes the step the trainer takes (nl_update_trace(), the arithmetic
 * of the training loop, with the optimizer's memory for this parameter).
 * With the tutorial's settings (one sample a step, SGD, no regularisation)
 * that is one line, w1 ← w1 − η·g, before the step's figures. Otherwise the
 * page writes the rule out: for a mini-batch, the gradient of each of the
 * batch's samples (the chosen one first, then the usable rows after it in
 * table order, as Step Sample takes them) and their mean; the L1 and L2
 * terms; momentum's velocity; Adam's m and v, their bias corrections and the
 * step. The rounding is the factors': every number to three significant
 * digits, each result the full-precision value rounded, not the result of
 * the rounded numbers. A parameter's value before and after carries as many
 * more digits as it takes for the step to show in it (1 − 0.00215 =
 * 0.997853).
 */

#include "nl-inspector.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "nl-batch.h"
#include "nl-chain.h"
#include "nl-task.h"

/* Beyond this many neurons, a layer's forward values are cut short. */
#define MAX_UNITS_SHOWN 12
/* Beyond this many samples, a mini-batch's list is cut short. */
#define MAX_SAMPLES_SHOWN 8
/* A batch of more than this many samples times parameters is not worked
 * out: it would hold up the window at every progress of a run. */
#define MAX_BATCH_WORK 50000000.0

struct _NlInspector
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *body;

  NlNet     *net;
  double    *x;
  double     y;
  char      *sample_name;
  NlLoss     loss;
  double     learning_rate;
  gssize     param;

  /* The table's task (see nl_inspector_set_task()). */
  NlTaskKind task_kind;
  char     **output_names;
  double     target_shift;
  double     target_scale;

  /* How the step learns (see nl_inspector_set_optimizer()): the learning
   * rate and the loss are those above. */
  NlTrainOptions options;
  guint64    steps;
  gsize      n_state;
  double    *first;
  double    *second;

  /* The rest of the step's mini-batch (see nl_inspector_set_batch()). */
  gsize      n_rest;
  gsize      rest_n_inputs;
  double    *rest_x;
  double    *rest_y;
  char     **rest_names;

  /* The setters come in threes at every update; one rebuild serves them. */
  guint      rebuild_id;
};

G_DEFINE_FINAL_TYPE (NlInspector, nl_inspector, GTK_TYPE_WIDGET)

/* Shown, not stored: in the reader's own way of writing numbers (a decimal
 * comma in German). Never read back: see round3(). */
static char *
fmt3 (double value)
{
  return g_strdup_printf ("%.3g", value);
}

/* @value rounded to three significant digits, as fmt3() shows it, worked
 * out with numbers rather than by reading the shown text back, which in a
 * language with a decimal comma would not read as the number shown. */
static double
round3 (double value)
{
  double scale;
  int exponent;

  if (value == 0.0 || !isfinite (value))
    return value;
  exponent = (int) floor (log10 (fabs (value)));
  scale = pow (10.0, 2 - exponent);
  if (!isfinite (scale) || scale == 0.0)
    return value;
  return round (value * scale) / scale;
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (box != NULL)
    gtk_box_append (GTK_BOX (box), label);
  return label;
}

static char *
unit_name (const NlNet *net,
           size_t       layer,
           size_t       unit)
{
  char buf[32];

  nl_net_unit_name (net, layer, unit, buf, sizeof buf);
  return g_strdup (buf);
}

/* The task the page explains: the network's outputs say whether there is
 * one a class; one output is regression when the table says so. */
static NlTaskKind
page_kind (NlInspector *self)
{
  if (nl_net_n_outputs (self->net) > 1)
    return NL_TASK_MULTICLASS;
  if (self->task_kind == NL_TASK_REGRESSION)
    return NL_TASK_REGRESSION;
  return NL_TASK_BINARY;
}

/* What output @k stands for ("setosa"), or NULL. */
static const char *
output_name (NlInspector *self,
             size_t       k)
{
  if (self->output_names == NULL
      || g_strv_length (self->output_names) != nl_net_n_outputs (self->net)
      || k >= nl_net_n_outputs (self->net) || self->output_names[k][0] == '\0')
    return NULL;
  return self->output_names[k];
}

/* The output neuron @k as the page names it: "o2 (versicolor)". */
static char *
output_label (NlInspector *self,
              size_t       k)
{
  g_autofree char *name = unit_name (self->net, self->net->n_layers - 1, k);
  const char *what = output_name (self, k);

  return what != NULL ? g_strdup_printf ("%s (%s)", name, what) : g_steal_pointer (&name);
}

/* The sample's true class, or -1 when its label is not a class index. */
static int
true_class (NlInspector *self)
{
  if (!(self->y >= 0) || self->y >= (double) nl_net_n_outputs (self->net)
      || self->y != floor (self->y))
    return -1;
  return (int) self->y;
}

/* A label @y as the network trains on it: the class index, or for
 * regression the target standardised. */
static double
network_y_of (NlInspector *self,
              double       y)
{
  if (page_kind (self) == NL_TASK_REGRESSION
      && isfinite (self->target_scale) && self->target_scale > 0)
    return (y - self->target_shift) / self->target_scale;
  return y;
}

static double
network_y (NlInspector *self)
{
  return network_y_of (self, self->y);
}

static void
add_sample (NlInspector *self)
{
  GString *text = g_string_new (NULL);
  const char *name = self->sample_name != NULL && self->sample_name[0] != '\0'
                     ? self->sample_name : _("Sample");

  g_string_append_printf (text, "%s: ", name);
  for (size_t i = 0; i < nl_net_n_inputs (self->net); i++)
    {
      g_autofree char *input = unit_name (self->net, 0, i);

      g_string_append_printf (text, "%s = %.4g, ", input, self->x[i]);
    }
  switch (page_kind (self))
    {
    case NL_TASK_MULTICLASS:
      {
        int k = true_class (self);
        g_autofree char *output = k >= 0 ? unit_name (self->net, self->net->n_layers - 1, k) : NULL;
        const char *what = k >= 0 ? output_name (self, k) : NULL;

        if (what != NULL)
          /* Translators: the end of the sample's line on the Backpropagation
           * page: its class and the output neuron that stands for it, as in
           * "Row 3: x1 = 0.5, x2 = -1.2, true class: setosa (o1)". */
          g_string_append_printf (text, _("true class: %s (%s)"), what, output);
        else if (output != NULL)
          g_string_append_printf (text, _("true class: %s"), output);
        else
          g_string_append_printf (text, "y = %g", self->y);
      }
      break;
    case NL_TASK_REGRESSION:
      {
        const char *what = output_name (self, 0);

        if (what != NULL)
          /* Translators: the end of the sample's line on the Backpropagation
           * page for a number to predict: the target column, its value
           * there, and y as the network learns it, standardised. */
          g_string_append_printf (text, _("%s = %g, standardised y = %.3g"),
                                  what, self->y, network_y (self));
        else
          g_string_append_printf (text, _("y = %g, standardised %.3g"), self->y, network_y (self));
      }
      break;
    case NL_TASK_BINARY:
    default:
      g_string_append_printf (text, "y = %g", self->y);
      break;
    }
  add_label (self->body, text->str, NULL);
  g_string_free (text, TRUE);
}

/* The forward values, one column per layer after the inputs. */
static void
add_forward (NlInspector  *self,
             const double *a)
{
  const NlNet *net = self->net;
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  /* Layer by layer, so that a screen reader (and get_text) reads each
   * layer's column in turn. */
  for (size_t l = 1; l < net->n_layers; l++)
    for (size_t row = 0; row <= MAX_UNITS_SHOWN; row++)
      {
        GtkWidget *label = NULL;

        if (row < MAX_UNITS_SHOWN && row < net->sizes[l])
          {
            g_autofree char *name = l + 1 == net->n_layers && page_kind (self) == NL_TASK_MULTICLASS
                                    ? output_label (self, row) : unit_name (net, l, row);
            g_autofree char *value = fmt3 (a[net->unit_offset[l] + row]);
            g_autofree char *text = g_strdup_printf ("%s = %s", name, value);

            label = add_label (NULL, text, "numeric");
          }
        else if (row == MAX_UNITS_SHOWN && net->sizes[l] > MAX_UNITS_SHOWN)
          {
            g_autofree char *text =
              g_strdup_printf (_("… and %zu more"), net->sizes[l] - MAX_UNITS_SHOWN);

            label = add_label (NULL, text, "dim-label");
          }
        if (label != NULL)
          gtk_grid_attach (GTK_GRID (grid), label, (int) l - 1, (int) row, 1, 1);
      }
  gtk_box_append (GTK_BOX (self->body), grid);
}

static const char *
loss_derivative_text (NlLoss loss)
{
  if (loss == NL_LOSS_BCE)
    return _("∂L/∂y_pred = −y / y_pred + (1 − y) / (1 − y_pred)");
  return _("∂L/∂y_pred = −2 (y − y_pred)");
}

/* dL/dy_pred under @loss for a prediction @y_pred of target @y. */
static double
loss_derivative (NlLoss loss,
                 double y,
                 double y_pred)
{
  if (loss == NL_LOSS_BCE)
    return -y / y_pred + (1.0 - y) / (1.0 - y_pred);
  return -2.0 * (y - y_pred);
}

/* The derivative's formula with @y and the shown @y_pred put in. */
static char *
loss_substitution_text (NlLoss loss,
                        double y,
                        double y_pred)
{
  if (loss == NL_LOSS_BCE)
    return g_strdup_printf ("= −%g / %g + (1 − %g) / (1 − %g)", y, y_pred, y, y_pred);
  return g_strdup_printf ("= −2 (%g − %g)", y, y_pred);
}


/* Regression: what y is, and what the error is in the target's units. */
static void
add_regression_note (NlInspector   *self,
                     const NlChain *chain)
{
  const char *what = output_name (self, 0);
  double error = chain->y_pred - chain->y_true;
  g_autofree char *identity = NULL;
  g_autofree char *standardised = NULL;
  g_autofree char *units = NULL;

  /* Translators: on the Backpropagation page of a regression. */
  identity = g_strdup (_("Regression: the output is the identity, y_pred = z_o1 and "
                         "f′(z_o1) = 1, and the loss is the MSE against y, the target "
                         "standardised."));
  add_label (self->body, identity, "dim-label");
  if (!(isfinite (self->target_scale) && self->target_scale > 0))
    return;
  standardised = g_strdup_printf (_("y = (%g − %g) / %g = %.3g: the target less its mean, "
                                    "over its standard deviation."),
                                  self->y, self->target_shift, self->target_scale, chain->y_true);
  add_label (self->body, standardised, "dim-label");
  if (what != NULL)
    /* Translators: the prediction's error in standardised units and in the
     * target's own: "y_pred − y = 0.25 standardised, 200 in Body mass (g)
     * (× 801, its standard deviation); y_pred is 4402 there." */
    units = g_strdup_printf (_("y_pred − y = %.3g standardised, %.4g in %s (× %g, its standard "
                               "deviation); y_pred is %.4g there."),
                             error, error * self->target_scale, what, self->target_scale,
                             nl_task_decode_value (chain->y_pred, self->target_shift,
                                                   self->target_scale));
  else
    units = g_strdup_printf (_("y_pred − y = %.3g standardised, %.4g in the target's units "
                               "(× %g, its standard deviation); y_pred is %.4g there."),
                             error, error * self->target_scale, self->target_scale,
                             nl_task_decode_value (chain->y_pred, self->target_shift,
                                                   self->target_scale));
  add_label (self->body, units, "dim-label");
}

/* y_k, the one-hot target of output @k: 1 for the true class, else 0. */
static double
one_hot (NlInspector *self,
         size_t       k)
{
  return (int) k == true_class (self) ? 1.0 : 0.0;
}

/* @p as shown in p - @y: to three significant digits, and to as many more
 * as the difference needs to keep three of its own (0.9999585 − 1 =
 * -4.15e-05), so the subtraction can be checked by hand. */
static int
probability_digits (double p,
                    double y)
{
  double d = fabs (p - y);
  int extra = 0;

  if (d > 0 && p > 0 && isfinite (d) && isfinite (p))
    extra = (int) floor (log10 (p)) - (int) floor (log10 (d));
  return 3 + CLAMP (extra, 0, 14);
}

static char *
fmt_probability (double p,
                 double y)
{
  return g_strdup_printf ("%.*g", probability_digits (p, y), p);
}

/* @value rounded to @digits significant digits, as "%.*g" shows it (see
 * round3()). */
static double
round_digits (double value,
              int    digits)
{
  double scale;

  if (value == 0.0 || !isfinite (value))
    return value;
  scale = pow (10.0, digits - 1 - (int) floor (log10 (fabs (value))));
  if (!isfinite (scale) || scale == 0.0)
    return value;
  return round (value * scale) / scale;
}

/* How a softmax output's dL/dz_k comes about, written out for output @k
 * with the sample's numbers: "∂L/∂z_o3 = p3 − y3 = 0.213 − 0 = 0.213". */
static char *
output_delta_text (NlInspector   *self,
                   const NlChain *chain,
                   size_t         k)
{
  const NlNet *net = self->net;
  size_t o = net->unit_offset[net->n_layers - 1];
  g_autofree char *name = unit_name (net, net->n_layers - 1, k);
  g_autofree char *p = fmt_probability (chain->a[o + k], one_hot (self, k));
  g_autofree char *delta = fmt3 (chain->delta[o + k]);

  if (self->loss == NL_LOSS_BCE)
    return g_strdup_printf ("∂L/∂z_%s = p%zu − y%zu = %s − %g = %s",
                            name, k + 1, k + 1, p, one_hot (self, k), delta);
  else
    {
      double gp = 0;
      size_t n = nl_net_n_outputs (net);
      double g = 2.0 * (chain->a[o + k] - one_hot (self, k)) / (double) n;
      g_autofree char *gk = fmt3 (g);
      g_autofree char *sum = NULL;

      for (size_t j = 0; j < n; j++)
        gp += 2.0 * (chain->a[o + j] - one_hot (self, j)) / (double) n * chain->a[o + j];
      /* A negative sum after a minus sign goes in brackets. */
      sum = gp < 0 ? g_strdup_printf ("(%.3g)", gp) : fmt3 (gp);
      return g_strdup_printf ("∂L/∂z_%s = p%zu (g%zu − Σ_j g_j p_j) = %s × (%s − %s) = %s",
                              name, k + 1, k + 1, p, gk, sum, delta);
    }
}

/* The rule for dL/dz_k at a softmax output under the loss, and the true
 * class it is worked against. */
static void
add_softmax_rule (NlInspector   *self,
                  const NlChain *chain)
{
  const NlNet *net = self->net;
  size_t n = nl_net_n_outputs (net);
  int k = true_class (self);
  g_autofree char *truth = k >= 0 ? output_label (self, (size_t) k) : g_strdup ("?");
  g_autofree char *rule = NULL;

  if (self->loss == NL_LOSS_BCE)
    /* Translators: on the Backpropagation page, for outputs under a
     * softmax; %s is the output of the true class, "o1 (setosa)". */
    rule = g_strdup_printf (_("Softmax with cross-entropy: ∂L/∂z_k = p_k − y_k, where p_k is "
                              "the probability output k gives its class and y is one-hot: 1 "
                              "for the true class, %s, and 0 for the others."), truth);
  else
    rule = g_strdup_printf (_("Softmax with MSE: every z_k moves every probability p_j through "
                              "the softmax's Jacobian, ∂p_j/∂z_k = p_j (δ_jk − p_k), δ_jk being 1 "
                              "for j = k and 0 otherwise; so ∂L/∂z_k = p_k (g_k − Σ_j g_j p_j), "
                              "where g_j = ∂L/∂p_j = 2 (p_j − y_j) / %zu and y is one-hot: 1 for "
                              "the true class, %s, and 0 for the others."), n, truth);
  add_label (self->body, rule, "dim-label");

  /* The p_k shown are rounded; say so when that shows in a difference. */
  if (self->loss == NL_LOSS_BCE)
    for (size_t j = 0; j < n; j++)
      {
        size_t o = net->unit_offset[net->n_layers - 1] + j;
        double shown = round_digits (chain->a[o], probability_digits (chain->a[o], one_hot (self, j)));
        g_autofree char *by_hand = fmt3 (shown - one_hot (self, j));
        g_autofree char *exact = fmt3 (chain->delta[o]);

        if (g_strcmp0 (by_hand, exact) != 0)
          {
            add_label (self->body,
                       _("The probabilities are shown rounded; the differences are of the "
                         "unrounded ones."),
                       "dim-label");
            break;
          }
      }
}

/* The step */

/* @value with as many significant digits as it takes for a change of
 * @change to show in it, three at least (see the top). */
static char *
fmt_moved (double value,
           double change)
{
  int extra = 0;

  if (value != 0 && change != 0 && isfinite (value) && isfinite (change))
    extra = (int) floor (log10 (fabs (value))) - (int) floor (log10 (fabs (change)));
  return g_strdup_printf ("%.*g", 3 + CLAMP (extra, 0, 14), value);
}

/* A number after an operator, in brackets when negative. */
static char *
fmt3_operand (double value)
{
  return value < 0 ? g_strdup_printf ("(%.3g)", value) : fmt3 (value);
}

static const char *
optimizer_title (NlOptimizer optimizer)
{
  switch (optimizer)
    {
    case NL_OPTIMIZER_MOMENTUM:
      return _("Momentum");
    case NL_OPTIMIZER_ADAM:
      return _("Adam");
    case NL_OPTIMIZER_SGD:
    case NL_N_OPTIMIZERS:
    default:
      return _("SGD");
    }
}

/* The step's samples as the network takes them, the chosen one first:
 * @x (n × inputs) and @y. */
static size_t
step_samples (NlInspector *self,
              double     **x,
              double     **y)
{
  size_t n_inputs = nl_net_n_inputs (self->net);
  /* Rows of another table's shape are no longer the batch. */
  size_t n = 1 + (self->rest_n_inputs == n_inputs ? self->n_rest : 0);

  *x = g_new (double, n * n_inputs);
  *y = g_new (double, n);
  memcpy (*x, self->x, n_inputs * sizeof (double));
  (*y)[0] = network_y (self);
  for (size_t i = 0; i + 1 < n; i++)
    {
      memcpy (*x + (i + 1) * n_inputs, self->rest_x + i * n_inputs, n_inputs * sizeof (double));
      (*y)[i + 1] = network_y_of (self, self->rest_y[i]);
    }
  return n;
}

/* The mean loss of the @n samples with parameter @param at @value and every
 * other parameter as it is. */
static double
mean_loss_with (NlInspector  *self,
                NlWork       *work,
                const double *x,
                const double *y,
                size_t        n,
                size_t        param,
                double        value)
{
  double saved = self->net->params[param], sum = 0;

  self->net->params[param] = value;
  for (size_t i = 0; i < n; i++)
    {
      nl_net_forward (self->net, work, x + i * nl_net_n_inputs (self->net));
      sum += nl_net_sample_loss (self->net, work, y[i], self->loss);
    }
  self->net->params[param] = saved;
  return sum / (double) n;
}

/* The tutorial's step, one sample and SGD: the rule with its numbers, then
 * the step's figures. */
static void
add_sgd_step (NlInspector   *self,
              const NlChain *chain)
{
  const char *p = chain->param_name;
  double change = chain->value - chain->step_value;
  g_autofree char *before = fmt_moved (chain->value, change);
  g_autofree char *after = fmt_moved (chain->step_value, change);
  g_autofree char *g = fmt3_operand (chain->gradient);
  g_autofree char *rule = g_strdup_printf ("%s ← %s − η·g = %s − %g × %s = %s",
                                           p, p, before, chain->learning_rate, g, after);
  g_autofree char *step = NULL;
  g_autofree char *step_note = NULL;

  add_label (self->body, rule, "numeric");
  step = g_strdup_printf (_("One SGD step (η = %g): %s %.4f → %.4f, loss %.6f → %.6f"),
                          chain->learning_rate, p, chain->value, chain->step_value,
                          chain->loss, chain->loss_after_step);
  add_label (self->body, step, "numeric");
  step_note = g_strdup_printf (_("The loss after is for changing %s alone; "
                                 "a real step moves every parameter at once."), p);
  add_label (self->body, step_note, "dim-label");
}

/* For a mini-batch: each sample's dL/dp and their mean, g_data. */
static void
add_batch_gradient (NlInspector  *self,
                    const char   *p,
                    size_t        param,
                    NlBatchWork  *work,
                    const double *x,
                    const double *y,
                    size_t        n,
                    const double *sum)
{
  const NlNet *net = self->net;
  g_autofree double *grad = g_new (double, net->n_params);
  g_autofree char *intro = NULL;
  g_autofree char *total = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *mean_text = NULL;
  size_t shown = MIN (n, MAX_SAMPLES_SHOWN);

  /* Translators: on the Backpropagation page, before the list of a
   * mini-batch's samples; %s is the parameter ("w1"). */
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "The step takes the mean of ∂L/∂%s over a batch of "
                                        "%zu sample: this row and the usable rows after it "
                                        "in table order.",
                                        "The step takes the mean of ∂L/∂%s over a batch of "
                                        "%zu samples: this row and the usable rows after it "
                                        "in table order.",
                                        n),
                           p, n);
  gtk_widget_set_margin_top (add_label (self->body, intro, NULL), 6);
  for (size_t i = 0; i < shown; i++)
    {
      size_t row = i;
      const char *name = i == 0 ? self->sample_name
                         : (self->rest_names != NULL && i - 1 < g_strv_length (self->rest_names))
                         ? self->rest_names[i - 1] : NULL;
      g_autofree char *fallback = NULL;
      g_autofree char *value = NULL;
      g_autofree char *text = NULL;

      if (name == NULL || name[0] == '\0')
        name = fallback = g_strdup_printf (_("Sample %zu"), i + 1);
      nl_batch_gradient (net, work, x, y, &row, 1, self->loss, grad);
      value = fmt3 (grad[param]);
      text = g_strdup_printf ("%s: ∂L/∂%s = %s", name, p, value);
      add_label (self->body, text, "numeric");
    }
  if (n > shown)
    {
      g_autofree char *more = g_strdup_printf (_("… and %zu more"), n - shown);

      add_label (self->body, more, "dim-label");
    }
  total = fmt3 (sum[param]);
  mean = fmt3 (sum[param] / (double) n);
  /* Translators: the mean of a mini-batch's gradients: "mean: g_data =
   * 0.0645 / 3 = 0.0215". */
  mean_text = g_strdup_printf (_("mean: g_data = %s / %zu = %s"), total, n, mean);
  add_label (self->body, mean_text, "numeric");
}

/* The regularisation terms, and g. */
static void
add_regularisation (NlInspector         *self,
                    const char          *p,
                    int                  is_weight,
                    const NlUpdateTrace *tr,
                    const char          *g_data_name)
{
  const NlTrainOptions *o = &self->options;
  g_autofree char *g_data = fmt3 (tr->grad_data);
  g_autofree char *g = fmt3 (tr->grad);
  GString *formula, *numbers;

  if (o->l1 == 0 && o->l2 == 0)
    return;
  if (!is_weight)
    {
      g_autofree char *text =
        /* Translators: on the Backpropagation page with L1 or L2 on: "g =
         * ∂L/∂b1 = 0.0215". */
        g_strdup_printf (_("Biases are not regularised: g = %s = %s"), g_data_name, g_data);

      add_label (self->body, text, "numeric");
      return;
    }
  formula = g_string_new (NULL);
  numbers = g_string_new (NULL);
  g_string_append_printf (formula, "g = %s", g_data_name);
  g_string_append (numbers, g_data);
  if (o->l1 != 0)
    {
      g_autofree char *sign = g_strdup_printf ("%g", tr->param > 0 ? 1.0 : tr->param < 0 ? -1.0 : 0.0);
      g_autofree char *term = fmt3_operand (tr->l1_term);
      g_autofree char *value = fmt3 (tr->l1_term);
      /* Translators: L1's term on the Backpropagation page. */
      g_autofree char *text = g_strdup_printf (_("L1: λ₁·sign(%s) = %g × %s = %s"),
                                               p, o->l1, sign, value);

      add_label (self->body, text, "numeric");
      g_string_append_printf (formula, " + λ₁·sign(%s)", p);
      g_string_append_printf (numbers, " + %s", term);
    }
  if (o->l2 != 0)
    {
      g_autofree char *w = fmt3_operand (tr->param);
      g_autofree char *term = fmt3_operand (tr->l2_term);
      g_autofree char *value = fmt3 (tr->l2_term);
      /* Translators: L2's term on the Backpropagation page, the weight
       * decay. */
      g_autofree char *text = g_strdup_printf (_("L2 (weight decay): λ₂·%s = %g × %s = %s"),
                                               p, o->l2, w, value);

      add_label (self->body, text, "numeric");
      g_string_append_printf (formula, " + λ₂·%s", p);
      g_string_append_printf (numbers, " + %s", term);
    }
  g_string_append_printf (formula, " = %s = %s", numbers->str, g);
  add_label (self->body, formula->str, "numeric");
  g_string_free (formula, TRUE);
  g_string_free (numbers, TRUE);
}

/* The optimizer's rule with this parameter's numbers. */
static void
add_rule (NlInspector         *self,
          const char          *p,
          const NlUpdateTrace *tr)
{
  const NlTrainOptions *o = &self->options;
  double lr = self->learning_rate;
  g_autofree char *before = fmt_moved (tr->param, tr->step);
  g_autofree char *after = fmt_moved (tr->param_after, tr->step);
  g_autofree char *g = fmt3_operand (tr->grad);
  g_autofree char *step = NULL;

  switch (o->optimizer)
    {
    case NL_OPTIMIZER_MOMENTUM:
      {
        g_autofree char *v0 = fmt3_operand (tr->velocity_before);
        g_autofree char *v = fmt3 (tr->velocity);
        g_autofree char *v_operand = fmt3_operand (tr->velocity);
        g_autofree char *velocity = g_strdup_printf ("v ← μ·v + g = %g × %s + %s = %s",
                                                     o->momentum, v0, g, v);

        add_label (self->body, velocity, "numeric");
        step = g_strdup_printf ("%s ← %s − η·v = %s − %g × %s = %s",
                                p, p, before, lr, v_operand, after);
      }
      break;
    case NL_OPTIMIZER_ADAM:
      {
        g_autofree char *m0 = fmt3_operand (tr->m_before);
        g_autofree char *v0 = fmt3_operand (tr->v_before);
        g_autofree char *g_squared = g_strdup_printf ("(%.3g)²", tr->grad);
        g_autofree char *m = fmt3 (tr->m);
        g_autofree char *v = fmt3 (tr->v);
        g_autofree char *m_hat = fmt3 (tr->m_hat);
        g_autofree char *v_hat = fmt3 (tr->v_hat);
        g_autofree char *m_hat_operand = fmt3_operand (tr->m_hat);
        g_autofree char *size = fmt3 (tr->step);
        g_autofree char *size_operand = fmt3_operand (tr->step);
        g_autofree char *t = NULL;
        g_autofree char *m_text = NULL, *v_text = NULL, *m_hat_text = NULL, *v_hat_text = NULL;
        g_autofree char *step_text = NULL;

        g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, tr->t);

        /* Translators: Adam's step number on the Backpropagation page. */
        t = g_strdup_printf (_("Adam’s step t = %s, this one counted; "
                               "m and v are this parameter’s running means of g and g²."),
                             number);
        add_label (self->body, t, NULL);
        m_text = g_strdup_printf ("m ← β1·m + (1 − β1)·g = %g × %s + %g × %s = %s",
                                  o->beta1, m0, 1.0 - o->beta1, g, m);
        add_label (self->body, m_text, "numeric");
        v_text = g_strdup_printf ("v ← β2·v + (1 − β2)·g² = %g × %s + %g × %s = %s",
                                  o->beta2, v0, 1.0 - o->beta2, g_squared, v);
        add_label (self->body, v_text, "numeric");
        m_hat_text = g_strdup_printf ("m̂ = m / (1 − β1^t) = %s / (1 − %g^%" G_GUINT64_FORMAT ") = %s",
                                      m, o->beta1, tr->t, m_hat);
        add_label (self->body, m_hat_text, "numeric");
        v_hat_text = g_strdup_printf ("v̂ = v / (1 − β2^t) = %s / (1 − %g^%" G_GUINT64_FORMAT ") = %s",
                                      v, o->beta2, tr->t, v_hat);
        add_label (self->body, v_hat_text, "numeric");
        step_text = g_strdup_printf ("η·m̂ / (√v̂ + ε) = %g × %s / (√%s + %g) = %s",
                                     lr, m_hat_operand, v_hat, o->epsilon, size);
        add_label (self->body, step_text, "numeric");
        step = g_strdup_printf ("%s ← %s − η·m̂ / (√v̂ + ε) = %s − %s = %s",
                                p, p, before, size_operand, after);
      }
      break;
    case NL_OPTIMIZER_SGD:
    case NL_N_OPTIMIZERS:
    default:
      step = g_strdup_printf ("%s ← %s − η·g = %s − %g × %s = %s", p, p, before, lr, g, after);
      break;
    }
  add_label (self->body, step, "numeric");
}

/* The step Step Sample takes, written out by its rule (see the top). */
static void
add_step (NlInspector   *self,
          const NlChain *chain)
{
  const NlNet *net = self->net;
  const NlTrainOptions *o = &self->options;
  const char *p = chain->param_name;
  size_t param = (size_t) self->param;
  int is_weight = param < net->n_weights;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree double *sum = NULL;
  g_autofree char *g_data_name = NULL;
  g_autofree char *line = NULL;
  g_autofree char *note = NULL;
  NlBatchWork *batch_work;
  NlWork *work;
  NlTrainOptions options = *o;
  NlUpdateTrace tr;
  double loss, loss_after;
  size_t n;

  if ((self->n_rest == 0 || self->rest_n_inputs != nl_net_n_inputs (net))
      && o->optimizer == NL_OPTIMIZER_SGD && o->l1 == 0 && o->l2 == 0)
    {
      add_sgd_step (self, chain);
      return;
    }

  n = step_samples (self, &x, &y);
  if ((double) n * (double) net->n_params > MAX_BATCH_WORK)
    {
      g_autofree char *text =
        g_strdup_printf (_("A batch of %zu samples is too large to work out here."), n);

      add_label (self->body, text, "dim-label");
      return;
    }
  batch_work = nl_batch_work_new (net, n);
  work = nl_work_new (net);
  sum = g_new (double, net->n_params);
  if (batch_work == NULL || work == NULL)
    {
      nl_batch_work_free (batch_work);
      nl_work_free (work);
      add_label (self->body, _("Not enough memory to work out the step."), "dim-label");
      return;
    }

  /* The arithmetic of the training loop: the sum over the samples in their
   * order, divided by their number, then the update rule. */
  {
    size_t *rows = g_new (size_t, n);

    for (size_t i = 0; i < n; i++)
      rows[i] = i;
    loss = nl_batch_gradient (net, batch_work, x, y, rows, n, self->loss, sum) / (double) n;
    g_free (rows);
  }
  options.learning_rate = self->learning_rate;
  options.loss = self->loss;
  nl_update_trace (&options, is_weight, net->params[param], sum[param] / (double) n, self->steps,
                   param < self->n_state && self->first != NULL ? self->first[param] : 0.0,
                   param < self->n_state && self->second != NULL ? self->second[param] : 0.0,
                   &tr);

  if (n > 1)
    {
      add_batch_gradient (self, p, param, batch_work, x, y, n, sum);
      g_data_name = g_strdup ("g_data");
    }
  else
    {
      /* Translators: on the Backpropagation page, where the step's rule
       * starts: the first %s is the optimizer ("Adam"), the second the
       * parameter ("w1"). */
      g_autofree char *intro = g_strdup_printf (_("The step with %s, g being ∂L/∂%s:"),
                                                optimizer_title (o->optimizer), p);

      gtk_widget_set_margin_top (add_label (self->body, intro, NULL), 6);
      g_data_name = g_strdup_printf ("∂L/∂%s", p);
    }
  add_regularisation (self, p, is_weight, &tr, g_data_name);
  add_rule (self, p, &tr);

  loss_after = mean_loss_with (self, work, x, y, n, param, tr.param_after);
  if (n > 1)
    /* Translators: the step's figures, "One step (Adam, η = 0.01, batch of
     * 3): w1 1.0000 → 0.9900, batch loss 0.226866 → 0.226820". */
    line = g_strdup_printf (_("One step (%s, η = %g, batch of %zu): %s %.4f → %.4f, "
                              "batch loss %.6f → %.6f"),
                            optimizer_title (o->optimizer), self->learning_rate, n, p,
                            tr.param, tr.param_after, loss, loss_after);
  else
    line = g_strdup_printf (_("One step (%s, η = %g): %s %.4f → %.4f, loss %.6f → %.6f"),
                            optimizer_title (o->optimizer), self->learning_rate, p,
                            tr.param, tr.param_after, loss, loss_after);
  add_label (self->body, line, "numeric");
  note = g_strdup_printf (_("The loss after is for changing %s alone; "
                            "a real step moves every parameter at once."), p);
  add_label (self->body, note, "dim-label");

  nl_batch_work_free (batch_work);
  nl_work_free (work);
}

/* The chain of a network with an output a class under a softmax: it
 * starts from dL/dz_k of each output rather than from one y_pred. */
static void
add_chain_softmax (NlInspector   *self,
                   const NlChain *chain)
{
  const NlNet *net = self->net;
  const char *p = chain->param_name;
  g_autofree char *u = g_strdup (chain->unit_name);
  g_autofree char *dz = fmt3 (chain->dz_dparam);
  g_autofree char *product = fmt3 (chain->product);
  g_autofree char *title = NULL;
  g_autofree char *formula = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *factor = NULL;
  g_autofree char *check = NULL;
  g_autofree char *shown_unit = chain->layer == net->n_layers - 1
                                ? output_label (self, chain->unit) : g_strdup (u);

  if (chain->is_bias)
    title = g_strdup_printf (_("%s, the bias of %s = %.4g"), p, shown_unit, chain->value);
  else
    title = g_strdup_printf (_("%s (%s → %s) = %.4g"), p, chain->input_name, shown_unit,
                             chain->value);
  gtk_widget_set_margin_top (add_label (self->body, title, "heading"), 6);

  if (chain->form == NL_CHAIN_OUTPUT)
    {
      g_autofree char *dl = fmt3 (chain->dloss_dz);
      g_autofree char *delta = output_delta_text (self, chain, chain->unit);

      formula = g_strdup_printf ("∂L/∂%s = ∂L/∂z_%s × ∂z_%s/∂%s", p, u, u, p);
      numbers = g_strdup_printf ("= %s × %s = %s", dl, dz, product);
      add_label (self->body, formula, NULL);
      add_label (self->body, numbers, "numeric");
      add_label (self->body, delta, "numeric");
      add_softmax_rule (self, chain);
      if (chain->is_bias)
        factor = g_strdup_printf (_("∂z_%s/∂%s = 1"), u, p);
      else
        factor = g_strdup_printf (_("∂z_%s/∂%s = %s"), u, p, chain->input_name);
      add_label (self->body, factor, "dim-label");
    }
  else
    {
      g_autofree char *dunit = fmt3 (chain->dloss_dunit);
      g_autofree char *dup = fmt3 (chain->dunit_dparam);
      g_autofree char *intro = NULL;
      g_autofree char *total = NULL;
      gboolean into_outputs = chain->layer + 2 == net->n_layers;

      formula = g_strdup_printf ("∂L/∂%s = ∂L/∂%s × ∂%s/∂%s", p, u, u, p);
      numbers = g_strdup_printf ("= %s × %s = %s", dunit, dup, product);
      add_label (self->body, formula, NULL);
      add_label (self->body, numbers, "numeric");
      if (chain->is_bias)
        factor = g_strdup_printf (_("∂%s/∂%s = f′(z_%s), since ∂z/∂%s = 1"), u, p, u, p);
      else
        factor = g_strdup_printf (_("∂%s/∂%s = %s × f′(z_%s)"), u, p, chain->input_name, u);
      add_label (self->body, factor, "dim-label");

      if (into_outputs)
        intro = g_strdup_printf (_("∂L/∂%s sums the paths through the outputs:"), u);
      else
        intro = g_strdup_printf (_("∂L/∂%s sums the paths through the layer above:"), u);
      add_label (self->body, intro, NULL);
      for (size_t k = 0; k < chain->n_paths; k++)
        {
          const NlChainPath *path = &chain->paths[k];
          g_autofree char *w = fmt3 (path->weight);
          g_autofree char *t = fmt3 (path->term);
          g_autofree char *text = NULL;

          if (into_outputs)
            {
              g_autofree char *via = output_label (self, k);
              g_autofree char *d = fmt3 (path->dloss_dz);

              /* Translators: one path of the sum into a softmax output,
               * "via o1 (setosa): w5 × ∂L/∂z_o1 = 0.3 × -0.388 = -0.116". */
              text = g_strdup_printf (_("via %s: %s × ∂L/∂z_%s = %s × %s = %s"),
                                      via, path->weight_name, path->child_name, w, d, t);
            }
          else
            {
              g_autofree char *f = fmt3 (path->dact);
              g_autofree char *d = fmt3 (path->dloss_dchild);

              text = g_strdup_printf (_("via %s: %s × f′(z_%s) × ∂L/∂%s = %s × %s × %s = %s"),
                                      path->child_name, path->weight_name, path->child_name,
                                      path->child_name, w, f, d, t);
            }
          add_label (self->body, text, "numeric");
        }
      total = g_strdup_printf (_("sum: ∂L/∂%s = %s"), u, dunit);
      add_label (self->body, total, "numeric");

      /* Where the sums start: each output's dL/dz_k, worked out. */
      for (size_t k = 0; into_outputs && k < nl_net_n_outputs (net); k++)
        {
          g_autofree char *delta = output_delta_text (self, chain, k);

          add_label (self->body, delta, "numeric");
        }
      add_softmax_rule (self, chain);
    }

  check = g_strdup_printf (_("Finite difference: %.4g (backpropagation: %.4g)"),
                           chain->finite_difference, chain->gradient);
  add_label (self->body, check, "numeric");
  add_step (self, chain);
}

static void
add_chain (NlInspector   *self,
           const NlChain *chain)
{
  const char *p = chain->param_name, *u = chain->unit_name;
  double shown = round3 (chain->y_pred);
  double dl_by_hand = loss_derivative (self->loss, chain->y_true, shown);
  g_autofree char *dl = NULL;
  g_autofree char *dup = fmt3 (chain->dunit_dparam);
  g_autofree char *product = fmt3 (chain->product);
  g_autofree char *title = NULL;
  g_autofree char *formula = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *factor = NULL;
  g_autofree char *check = NULL;

  /* A y_pred shown as 0 or 1 leaves cross-entropy's derivative infinite by
   * hand; the unrounded value is the only one to show then. */
  if (!isfinite (dl_by_hand))
    dl_by_hand = chain->dloss_dout;
  dl = fmt3 (dl_by_hand);

  if (chain->is_bias)
    title = g_strdup_printf (_("%s, the bias of %s = %.4g"), p, u, chain->value);
  else
    title = g_strdup_printf (_("%s (%s → %s) = %.4g"), p, chain->input_name, u, chain->value);
  gtk_widget_set_margin_top (add_label (self->body, title, "heading"), 6);

  /* The unit a parameter of o1 moves is the prediction itself. */
  if (chain->form == NL_CHAIN_OUTPUT)
    u = "y_pred";

  switch (chain->form)
    {
    case NL_CHAIN_OUTPUT:
      formula = g_strdup_printf ("∂L/∂%s = ∂L/∂y_pred × ∂y_pred/∂%s", p, p);
      numbers = g_strdup_printf ("= %s × %s = %s", dl, dup, product);
      break;
    case NL_CHAIN_LAST_HIDDEN:
      {
        g_autofree char *dout = fmt3 (chain->dout_dunit);

        formula = g_strdup_printf ("∂L/∂%s = ∂L/∂y_pred × ∂y_pred/∂%s × ∂%s/∂%s", p, u, u, p);
        numbers = g_strdup_printf ("= %s × %s × %s = %s", dl, dout, dup, product);
      }
      break;
    case NL_CHAIN_DEEP:
    default:
      {
        g_autofree char *dunit = fmt3 (chain->dloss_dunit);

        formula = g_strdup_printf ("∂L/∂%s = ∂L/∂%s × ∂%s/∂%s", p, u, u, p);
        numbers = g_strdup_printf ("= %s × %s = %s", dunit, dup, product);
      }
      break;
    }
  add_label (self->body, formula, NULL);
  add_label (self->body, numbers, "numeric");

  /* What each factor is. */
  if (chain->form != NL_CHAIN_DEEP)
    {
      g_autofree char *unrounded = fmt3 (chain->dloss_dout);
      g_autofree char *substituted =
        loss_substitution_text (self->loss, chain->y_true, shown);
      g_autofree char *text =
        g_strdup_printf ("%s %s = %s", loss_derivative_text (self->loss), substituted, dl);

      add_label (self->body, text, "dim-label");
      if (g_strcmp0 (unrounded, dl) != 0)
        {
          g_autofree char *note =
            g_strdup_printf (_("Worked from y_pred as shown; from the unrounded y_pred it is "
                               "%.5g. The product is the unrounded gradient."),
                             chain->dloss_dout);

          add_label (self->body, note, "dim-label");
        }
      if (page_kind (self) == NL_TASK_REGRESSION)
        add_regression_note (self, chain);
    }
  if (chain->form == NL_CHAIN_LAST_HIDDEN)
    {
      g_autofree char *text = g_strdup_printf (_("∂y_pred/∂%s = %s × f′(z_o1)"),
                                               u, chain->paths[0].weight_name);

      add_label (self->body, text, "dim-label");
    }
  if (chain->is_bias)
    factor = g_strdup_printf (_("∂%s/∂%s = f′(z_%s), since ∂z/∂%s = 1"),
                              u, p, chain->unit_name, p);
  else
    factor = g_strdup_printf (_("∂%s/∂%s = %s × f′(z_%s)"),
                              u, p, chain->input_name, chain->unit_name);
  add_label (self->body, factor, "dim-label");

  /* Deeper down, the upstream gradient sums one term per path. */
  if (chain->form == NL_CHAIN_DEEP)
    {
      g_autofree char *sum = fmt3 (chain->dloss_dunit);
      g_autofree char *intro =
        g_strdup_printf (_("∂L/∂%s sums the paths through the layer above:"), u);
      g_autofree char *total = NULL;

      add_label (self->body, intro, NULL);
      for (size_t k = 0; k < chain->n_paths; k++)
        {
          const NlChainPath *path = &chain->paths[k];
          g_autofree char *w = fmt3 (path->weight);
          g_autofree char *f = fmt3 (path->dact);
          g_autofree char *d = fmt3 (path->dloss_dchild);
          g_autofree char *t = fmt3 (path->term);
          const char *child = path->child_name[0] == 'o' ? "y_pred" : path->child_name;
          g_autofree char *text =
            g_strdup_printf (_("via %s: %s × f′(z_%s) × ∂L/∂%s = %s × %s × %s = %s"),
                             path->child_name, path->weight_name, path->child_name, child,
                             w, f, d, t);

          add_label (self->body, text, "numeric");
        }
      total = g_strdup_printf (_("sum: ∂L/∂%s = %s"), u, sum);
      add_label (self->body, total, "numeric");
    }

  check = g_strdup_printf (_("Finite difference: %.4g (backpropagation: %.4g)"),
                           chain->finite_difference, chain->gradient);
  add_label (self->body, check, "numeric");

  add_step (self, chain);
}

static void
rebuild (NlInspector *self)
{
  GtkWidget *child;
  NlChain chain;
  gboolean have_chain = FALSE;

  while ((child = gtk_widget_get_first_child (self->body)) != NULL)
    gtk_box_remove (GTK_BOX (self->body), child);

  if (self->net == NULL || self->x == NULL)
    {
      add_label (self->body,
                 _("Click a weight or a bias in the diagram, or choose one under "
                   "Parameter, to see its gradient."),
                 "dim-label");
      return;
    }

  if (self->param >= 0
      && nl_chain_compute (self->net, self->x, network_y (self), self->loss, (size_t) self->param,
                           self->learning_rate, &chain, NULL) == NL_OK)
    have_chain = TRUE;

  add_sample (self);
  if (have_chain)
    add_forward (self, chain.a);
  else
    {
      NlWork *work = nl_work_new (self->net);

      if (work != NULL)
        {
          nl_net_forward (self->net, work, self->x);
          add_forward (self, work->a);
          nl_work_free (work);
        }
    }

  if (have_chain)
    {
      if (page_kind (self) == NL_TASK_MULTICLASS)
        add_chain_softmax (self, &chain);
      else
        add_chain (self, &chain);
      nl_chain_clear (&chain);
    }
  else
    add_label (self->body,
               _("Click a weight or a bias in the diagram, or choose one under "
                 "Parameter, to see its gradient."),
               "dim-label");
}

static gboolean
rebuild_cb (gpointer user_data)
{
  NlInspector *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Before the next frame is laid out, and at once for nl_inspector_get_text(). */
static void
queue_rebuild (NlInspector *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_cb, self, NULL);
}

static void
flush_rebuild (NlInspector *self)
{
  if (self->rebuild_id != 0)
    {
      g_clear_handle_id (&self->rebuild_id, g_source_remove);
      rebuild (self);
    }
}

static void
nl_inspector_dispose (GObject *object)
{
  NlInspector *self = NL_INSPECTOR (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (nl_inspector_parent_class)->dispose (object);
}

static void
nl_inspector_finalize (GObject *object)
{
  NlInspector *self = NL_INSPECTOR (object);

  g_clear_pointer (&self->net, nl_net_free);
  g_clear_pointer (&self->x, g_free);
  g_clear_pointer (&self->sample_name, g_free);
  g_clear_pointer (&self->output_names, g_strfreev);
  g_clear_pointer (&self->first, g_free);
  g_clear_pointer (&self->second, g_free);
  g_clear_pointer (&self->rest_x, g_free);
  g_clear_pointer (&self->rest_y, g_free);
  g_clear_pointer (&self->rest_names, g_strfreev);

  G_OBJECT_CLASS (nl_inspector_parent_class)->finalize (object);
}

static void
nl_inspector_class_init (NlInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_inspector_dispose;
  object_class->finalize = nl_inspector_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
nl_inspector_init (NlInspector *self)
{
  self->param = -1;
  self->loss = NL_LOSS_MSE;
  self->learning_rate = 0.1;
  self->task_kind = NL_TASK_BINARY;
  self->target_scale = 1.0;
  nl_train_options_init (&self->options);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  add_label (self->box, _("Backpropagation"), "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Backpropagation"),
                                  -1);
  self->body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (self->box), self->body);
  rebuild (self);
}

GtkWidget *
nl_inspector_new (void)
{
  return g_object_new (NL_TYPE_INSPECTOR, NULL);
}

void
nl_inspector_set_state (NlInspector  *self,
                        const NlNet  *net,
                        const double *x,
                        double        y,
                        const char   *sample_name,
                        NlLoss        loss,
                        double        learning_rate)
{
  g_return_if_fail (NL_IS_INSPECTOR (self));
  g_return_if_fail (net == NULL || x != NULL);

  if (net == NULL)
    {
      g_clear_pointer (&self->net, nl_net_free);
      g_clear_pointer (&self->x, g_free);
    }
  else
    {
      if (self->net != NULL && nl_net_same_shape (self->net, net))
        nl_net_copy_params (self->net, net);
      else
        {
          g_clear_pointer (&self->net, nl_net_free);
          self->net = nl_net_copy (net);
        }
      g_free (self->x);
      self->x = self->net == NULL ? NULL : g_memdup2 (x, nl_net_n_inputs (net) * sizeof (double));
      if (self->param >= 0 && (gsize) self->param >= net->n_params)
        self->param = -1;
    }
  self->y = y;
  g_free (self->sample_name);
  self->sample_name = g_strdup (sample_name);
  self->loss = loss;
  self->learning_rate = learning_rate;
  queue_rebuild (self);
}

void
nl_inspector_set_optimizer (NlInspector          *self,
                            const NlTrainOptions *options,
                            guint64               steps,
                            const double         *first,
                            const double         *second,
                            gsize                 n_params)
{
  g_return_if_fail (NL_IS_INSPECTOR (self));

  if (options != NULL)
    self->options = *options;
  else
    nl_train_options_init (&self->options);
  self->steps = steps;
  self->n_state = n_params;
  g_clear_pointer (&self->first, g_free);
  g_clear_pointer (&self->second, g_free);
  if (first != NULL && n_params > 0)
    self->first = g_memdup2 (first, n_params * sizeof (double));
  if (second != NULL && n_params > 0)
    self->second = g_memdup2 (second, n_params * sizeof (double));
  if (self->net != NULL)
    queue_rebuild (self);
}

void
nl_inspector_set_batch (NlInspector        *self,
                        gsize               n,
                        const double       *x,
                        const double       *y,
                        const char * const *names)
{
  g_return_if_fail (NL_IS_INSPECTOR (self));
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));

  g_clear_pointer (&self->rest_x, g_free);
  g_clear_pointer (&self->rest_y, g_free);
  g_clear_pointer (&self->rest_names, g_strfreev);
  self->n_rest = 0;
  if (n > 0 && self->net != NULL)
    {
      self->n_rest = n;
      self->rest_n_inputs = nl_net_n_inputs (self->net);
      self->rest_x = g_memdup2 (x, n * nl_net_n_inputs (self->net) * sizeof (double));
      self->rest_y = g_memdup2 (y, n * sizeof (double));
      self->rest_names = g_strdupv ((char **) names);
    }
  if (self->net != NULL)
    queue_rebuild (self);
}

void
nl_inspector_set_task (NlInspector        *self,
                       const NlTask       *task,
                       const char * const *output_names,
                       double              target_shift,
                       double              target_scale)
{
  NlTaskKind kind;

  g_return_if_fail (NL_IS_INSPECTOR (self));

  kind = task != NULL ? task->kind : NL_TASK_BINARY;
  if (kind == self->task_kind && target_shift == self->target_shift
      && target_scale == self->target_scale
      && ((output_names == NULL && self->output_names == NULL)
          || (output_names != NULL && self->output_names != NULL
              && g_strv_equal (output_names, (const char * const *) self->output_names))))
    return;

  self->task_kind = kind;
  self->target_shift = target_shift;
  self->target_scale = target_scale;
  g_strfreev (self->output_names);
  self->output_names = g_strdupv ((char **) output_names);
  if (self->net != NULL)
    queue_rebuild (self);
}

void
nl_inspector_set_param (NlInspector *self,
                        gssize       param)
{
  g_return_if_fail (NL_IS_INSPECTOR (self));

  if (param < -1 || (self->net != NULL && param >= 0 && (gsize) param >= self->net->n_params))
    param = -1;
  if (param == self->param)
    return;
  self->param = param;
  queue_rebuild (self);
}

gssize
nl_inspector_get_param (NlInspector *self)
{
  g_return_val_if_fail (NL_IS_INSPECTOR (self), -1);

  return self->param;
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (GTK_IS_LABEL (widget))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
nl_inspector_get_text (NlInspector *self)
{
  GString *text;

  g_return_val_if_fail (NL_IS_INSPECTOR (self), NULL);

  flush_rebuild (self);
  text = g_string_new (NULL);
  collect_text (self->box, text);
  return g_string_free (text, FALSE);
}
