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
 */

#include "nl-inspector.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "nl-chain.h"

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
  g_string_append_printf (text, "y = %g", self->y);
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
            g_autofree char *name = unit_name (net, l, row);
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
      && nl_chain_compute (self->net, self->x, self->y, self->loss, (size_t) self->param,
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
