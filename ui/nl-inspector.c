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
 */

#include "nl-inspector.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "nl-chain.h"
#include "nl-task.h"

/* Beyond this many neurons, a layer's forward values are cut short. */
#define MAX_UNITS_SHOWN 12

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

/* y as the network trains on it: the class index, or for regression the
 * target standardised. */
static double
network_y (NlInspector *self)
{
  if (page_kind (self) == NL_TASK_REGRESSION
      && isfinite (self->target_scale) && self->target_scale > 0)
    return (self->y - self->target_shift) / self->target_scale;
  return self->y;
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
  g_autofree char *step = NULL;
  g_autofree char *step_note = NULL;
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
  step = g_strdup_printf (_("One SGD step (η = %g): %s %.4f → %.4f, loss %.6f → %.6f"),
                          chain->learning_rate, p, chain->value, chain->step_value,
                          chain->loss, chain->loss_after_step);
  add_label (self->body, step, "numeric");
  step_note = g_strdup_printf (_("The loss after is for changing %s alone; "
                                 "a real step moves every parameter at once."), p);
  add_label (self->body, step_note, "dim-label");
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
  g_autofree char *step = NULL;
  g_autofree char *step_note = NULL;

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

  step = g_strdup_printf (_("One SGD step (η = %g): %s %.4f → %.4f, loss %.6f → %.6f"),
                          chain->learning_rate, p, chain->value, chain->step_value,
                          chain->loss, chain->loss_after_step);
  add_label (self->body, step, "numeric");
  step_note = g_strdup_printf (_("The loss after is for changing %s alone; "
                                 "a real step moves every parameter at once."), p);
  add_label (self->body, step_note, "dim-label");
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

static void
nl_inspector_dispose (GObject *object)
{
  NlInspector *self = NL_INSPECTOR (object);

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
  rebuild (self);
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
    rebuild (self);
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
  rebuild (self);
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

  text = g_string_new (NULL);
  collect_text (self->box, text);
  return g_string_free (text, FALSE);
}
