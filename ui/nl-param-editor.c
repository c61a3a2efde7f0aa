/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-param-editor.c: choosing a parameter and setting it by hand (see
 * nl-param-editor.h).
 *
 * The Parameter choices name every weight and bias as the diagram does and
 * follow the network's shape; Value and the popover write the network
 * model's parameters, which every view follows through "params-changed".
 * The popover is made on first use and parented to the diagram, so it
 * points at the parameter clicked. */
#include "config.h"

#include "nl-param-editor.h"

#include <math.h>

#include <glib/gi18n.h>

struct _NlParamEditor
{
  GtkWidget       parent_instance;

  GtkWidget      *grid;
  GtkDropDown    *param_dropdown;
  GtkSpinButton  *value_spin;

  NlNetworkModel *network;
  NlTrainer      *trainer;
  /* When set, hand edits go through it, as steps of undo. */
  NlDocument     *document;
  NlNetworkView  *diagram;
  GSignalGroup   *network_signals;
  GSignalGroup   *trainer_signals;

  gssize          param;
  char           *choices_shape;
  /* What the outputs stand for (see nl_param_editor_set_output_names()). */
  char          **output_names;
  gboolean        choice_updating;

  /* The popover that edits one parameter by hand, created on first use. */
  GtkPopover     *popover;
  GtkLabel       *popover_label;
  GtkSpinButton  *popover_spin;
  GtkRange       *popover_scale;
  guint           popover_param;
  gboolean        popover_updating;
};

G_DEFINE_FINAL_TYPE (NlParamEditor, nl_param_editor, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_NETWORK,
  PROP_TRAINER,
  PROP_DIAGRAM,
  PROP_PARAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
running (NlParamEditor *self)
{
  return self->trainer != NULL && nl_trainer_get_running (self->trainer);
}

static const NlNet *
get_net (NlParamEditor *self)
{
  return self->network != NULL ? nl_network_model_get_net (self->network) : NULL;
}

/* What output @k of @net stands for, or NULL: names for another number of
 * outputs name nothing. */
static const char *
output_name (NlParamEditor *self,
             const NlNet   *net,
             size_t         k)
{
  if (self->output_names == NULL
      || g_strv_length (self->output_names) != nl_net_n_outputs (net)
      || k >= nl_net_n_outputs (net) || self->output_names[k][0] == '\0')
    return NULL;
  return self->output_names[k];
}

/* The Parameter choices name every weight and bias as the diagram does
 * ("w5 (h1 → o1)", "b3 (o1)"; an output the diagram names after its class
 * "b11 (o3 “virginica”)"), in the parameter block's order, so that the
 * position chosen is the parameter's index. Rebuilt when the shape or the
 * names change. */
static void
update_param_choices (NlParamEditor *self)
{
  const NlNet *net = get_net (self);
  g_autoptr (GString) shape = g_string_new (NULL);
  g_autoptr (GtkStringList) names = NULL;
  char **strv;

  for (size_t l = 0; net != NULL && l < net->n_layers; l++)
    g_string_append_printf (shape, "%zu,", net->sizes[l]);
  for (guint k = 0; net != NULL && k < nl_net_n_outputs (net); k++)
    g_string_append_printf (shape, "\n%s", output_name (self, net, k));
  if (g_strcmp0 (shape->str, self->choices_shape) == 0)
    return;
  g_free (self->choices_shape);
  self->choices_shape = g_strdup (shape->str);

  strv = g_new0 (char *, net == NULL ? 1 : net->n_params + 1);
  for (size_t l = 1; net != NULL && l < net->n_layers; l++)
    for (size_t to = 0; to < net->sizes[l]; to++)
      {
        char p[32], u[160], from_name[32];
        size_t b = nl_net_bias_index (net, l, to);
        const char *what = l + 1 == net->n_layers ? output_name (self, net, to) : NULL;

        nl_net_unit_name (net, l, to, u, sizeof u);
        if (what != NULL)
          {
            /* Translators: an output neuron and its class or target, as
             * in o3 “virginica”. */
            g_autofree char *named = g_strdup_printf (_("%s “%s”"), u, what);

            g_strlcpy (u, named, sizeof u);
          }
        for (size_t from = 0; from < net->sizes[l - 1]; from++)
          {
            size_t w = nl_net_weight_index (net, l, to, from);

            nl_net_param_name (net, w, p, sizeof p);
            nl_net_unit_name (net, l - 1, from, from_name, sizeof from_name);
            strv[w] = g_strdup_printf ("%s (%s → %s)", p, from_name, u);
          }
        nl_net_param_name (net, b, p, sizeof p);
        strv[b] = g_strdup_printf ("%s (%s)", p, u);
      }
  names = gtk_string_list_new ((const char * const *) strv);
  g_strfreev (strv);

  self->choice_updating = TRUE;
  gtk_drop_down_set_model (self->param_dropdown, G_LIST_MODEL (names));
  self->choice_updating = FALSE;
}

/* The Parameter and Value fields follow the chosen parameter and its value
 * now; Value can be set between runs. A parameter the network no longer has
 * is no longer chosen, as the inspector forgets it too. */
static void
update_fields (NlParamEditor *self)
{
  const NlNet *net = get_net (self);
  gboolean valid;

  update_param_choices (self);
  if (self->param >= 0 && (net == NULL || (gsize) self->param >= net->n_params))
    {
      self->param = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAM]);
    }
  valid = self->param >= 0;
  self->choice_updating = TRUE;
  gtk_drop_down_set_selected (self->param_dropdown,
                              valid ? (guint) self->param : GTK_INVALID_LIST_POSITION);
  if (valid)
    gtk_spin_button_set_value (self->value_spin, net->params[self->param]);
  self->choice_updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->value_spin), valid && !running (self));
}

/* Sets parameter @param of the network by hand: the diagram, the boundary,
 * the predict form and the inspector follow "params-changed". */
static void
set_param_value (NlParamEditor *self,
                 guint          param,
                 double         value)
{
  guint n;
  const double *params;

  if (self->network == NULL || running (self))
    return;
  params = nl_network_model_get_params (self->network, &n);
  if (param >= n)
    return;
  /* The fields show three digits; re-reading their text must not round the
   * parameter to them. */
  if (fabs (value - params[param]) < 0.0005)
    return;
  if (self->document != NULL)
    {
      nl_document_set_param (self->document, param, value);
      return;
    }
  nl_network_model_set_param (self->network, param, value);
}

static void
param_choice_cb (NlParamEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->param_dropdown);

  if (self->choice_updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  nl_param_editor_set_param (self, (gssize) selected);
}

static void
value_spin_cb (NlParamEditor *self)
{
  if (self->choice_updating || self->param < 0)
    return;
  set_param_value (self, (guint) self->param, gtk_spin_button_get_value (self->value_spin));
}

/* Hand edits wait until the run is over. */
static void
running_changed_cb (NlParamEditor *self)
{
  if (running (self) && self->popover != NULL)
    gtk_popover_popdown (self->popover);
  update_fields (self);
}

/* The popover */

/* Applies the popover's value to its parameter at once: the diagram, the
 * boundary, the predict form and the inspector follow "params-changed". */
static void
popover_value_changed_cb (NlParamEditor *self)
{
  double value = gtk_spin_button_get_value (self->popover_spin);

  /* A field that loses the focus as the window is taken apart commits its
   * text after the models have gone. */
  if (self->popover_updating || self->trainer == NULL || running (self))
    return;
  self->popover_updating = TRUE;
  gtk_range_set_value (self->popover_scale, value);
  self->popover_updating = FALSE;
  set_param_value (self, self->popover_param, value);
}

/* Dragging the slider types its value into the field, which applies it. */
static void
popover_scale_changed_cb (NlParamEditor *self)
{
  if (self->popover_updating)
    return;
  gtk_spin_button_set_value (self->popover_spin, gtk_range_get_value (self->popover_scale));
}

/* Closed, the popover hands the keyboard back to the diagram it came from,
 * rather than leave the focus inside a hidden field; not when the window
 * itself is going. */
static void
popover_closed_cb (NlParamEditor *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  if (self->diagram == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->diagram)))
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self->diagram));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->popover)))
    gtk_widget_grab_focus (GTK_WIDGET (self->diagram));
}

static void
ensure_popover (NlParamEditor *self)
{
  GtkWidget *box, *row;

  if (self->popover != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->popover_label = GTK_LABEL (gtk_label_new (NULL));
  self->popover_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (-100.0, 100.0, 0.01));
  gtk_spin_button_set_digits (self->popover_spin, 3);
  gtk_spin_button_set_numeric (self->popover_spin, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->popover_spin), 8);
  gtk_label_set_mnemonic_widget (self->popover_label, GTK_WIDGET (self->popover_spin));
  /* The field's accessible name is the parameter's name it shows ("w1"):
   * the relation alone, since GTK 4.8 joins a label property and a
   * labelled-by relation, which would read the name twice. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->popover_spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->popover_label, NULL,
                                  -1);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->popover_label));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->popover_spin));
  gtk_box_append (GTK_BOX (box), row);
  g_signal_connect_swapped (self->popover_spin, "value-changed",
                            G_CALLBACK (popover_value_changed_cb), self);

  /* A slider to drag the value and watch the loss, the boundary and the
   * prediction follow; its range is set around the value on each opening.
   * It shares the field's visible label, which comes first in the
   * accessibility tree, so the name finds the field. */
  self->popover_scale = GTK_RANGE (gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, NULL));
  gtk_widget_set_size_request (GTK_WIDGET (self->popover_scale), 220, -1);
  gtk_scale_add_mark (GTK_SCALE (self->popover_scale), 0.0, GTK_POS_BOTTOM, NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->popover_scale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->popover_label, NULL,
                                  -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_scale));
  g_signal_connect_swapped (self->popover_scale, "value-changed",
                            G_CALLBACK (popover_scale_changed_cb), self);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  gtk_popover_set_position (self->popover, GTK_POS_TOP);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover), "parameter-editor");
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self->diagram));
  g_signal_connect_swapped (self->popover, "closed", G_CALLBACK (popover_closed_cb), self);
}

/* Unparented while it is open, or with the focus it took on opening still
 * inside it, the popover keeps a reference of GTK's and outlives the window
 * without a surface; the display's tooltip, which follows the popover since
 * its grab, may then ask that surface for the pointer. So it closes and
 * lets go of the focus first, without its field committing its text into a
 * network being taken apart. */
static void
drop_popover (NlParamEditor *self)
{
  if (self->popover == NULL)
    return;
  self->popover_updating = TRUE;
  if (self->diagram != NULL && GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self->diagram))))
    gtk_window_set_focus (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self->diagram))), NULL);
  gtk_popover_popdown (self->popover);
  g_signal_handlers_disconnect_by_data (self->popover, self);
  g_clear_pointer ((GtkWidget **) &self->popover, gtk_widget_unparent);
  self->popover_updating = FALSE;
}

void
nl_param_editor_popup (NlParamEditor *self,
                       guint          param)
{
  const NlNet *net;
  char name[32];
  double x, y, range;

  g_return_if_fail (NL_IS_PARAM_EDITOR (self));

  nl_param_editor_set_param (self, (gssize) param);
  net = get_net (self);
  if (running (self) || net == NULL || param >= net->n_params || self->diagram == NULL
      || !nl_network_view_get_parameter_position (self->diagram, param, &x, &y))
    return;

  ensure_popover (self);
  self->popover_param = param;
  nl_net_param_name (net, param, name, sizeof name);
  gtk_label_set_text (self->popover_label, name);
  self->popover_updating = TRUE;
  gtk_spin_button_set_value (self->popover_spin, net->params[param]);
  /* Room on either side to see the effect, at least -4 to 4. */
  range = MAX (4.0, ceil (2.0 * fabs (net->params[param])));
  gtk_range_set_range (self->popover_scale, -range, range);
  gtk_range_set_increments (self->popover_scale, range / 100.0, range / 10.0);
  gtk_range_set_value (self->popover_scale, net->params[param]);
  self->popover_updating = FALSE;
  gtk_popover_set_pointing_to (self->popover,
                               &(GdkRectangle) { (int) x - 1, (int) y - 1, 2, 2 });
  gtk_popover_popup (self->popover);
}

/* Properties */

void
nl_param_editor_set_models (NlParamEditor  *self,
                            NlNetworkModel *network,
                            NlTrainer      *trainer)
{
  g_return_if_fail (NL_IS_PARAM_EDITOR (self));
  g_return_if_fail (network == NULL || NL_IS_NETWORK_MODEL (network));
  g_return_if_fail (trainer == NULL || NL_IS_TRAINER (trainer));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->network, network))
    {
      g_signal_group_set_target (self->network_signals, network);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK]);
    }
  if (g_set_object (&self->trainer, trainer))
    {
      g_signal_group_set_target (self->trainer_signals, trainer);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
    }
  update_fields (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
nl_param_editor_set_document (NlParamEditor *self,
                              NlDocument    *document)
{
  g_return_if_fail (NL_IS_PARAM_EDITOR (self));
  g_return_if_fail (document == NULL || NL_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
  if (document != NULL)
    nl_param_editor_set_models (self, nl_document_get_network (document),
                                nl_document_get_trainer (document));
  else
    nl_param_editor_set_models (self, NULL, NULL);
}

NlNetworkModel *
nl_param_editor_get_network (NlParamEditor *self)
{
  g_return_val_if_fail (NL_IS_PARAM_EDITOR (self), NULL);
  return self->network;
}

NlTrainer *
nl_param_editor_get_trainer (NlParamEditor *self)
{
  g_return_val_if_fail (NL_IS_PARAM_EDITOR (self), NULL);
  return self->trainer;
}

void
nl_param_editor_set_diagram (NlParamEditor *self,
                             NlNetworkView *diagram)
{
  g_return_if_fail (NL_IS_PARAM_EDITOR (self));
  g_return_if_fail (diagram == NULL || NL_IS_NETWORK_VIEW (diagram));

  if (self->diagram == diagram)
    return;
  drop_popover (self);
  g_set_object (&self->diagram, diagram);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGRAM]);
}

NlNetworkView *
nl_param_editor_get_diagram (NlParamEditor *self)
{
  g_return_val_if_fail (NL_IS_PARAM_EDITOR (self), NULL);
  return self->diagram;
}

gssize
nl_param_editor_get_param (NlParamEditor *self)
{
  g_return_val_if_fail (NL_IS_PARAM_EDITOR (self), -1);
  return self->param;
}

void
nl_param_editor_set_param (NlParamEditor *self,
                           gssize         param)
{
  g_return_if_fail (NL_IS_PARAM_EDITOR (self));

  if (param < 0)
    param = -1;
  if (self->param != param)
    {
      self->param = param;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAM]);
    }
  update_fields (self);
}

void
nl_param_editor_set_output_names (NlParamEditor      *self,
                                  const char * const *names)
{
  g_return_if_fail (NL_IS_PARAM_EDITOR (self));

  if ((names == NULL && self->output_names == NULL)
      || (names != NULL && self->output_names != NULL
          && g_strv_equal (names, (const char * const *) self->output_names)))
    return;
  g_strfreev (self->output_names);
  self->output_names = g_strdupv ((char **) names);
  update_fields (self);
}

GtkWidget *
nl_param_editor_new (void)
{
  return g_object_new (NL_TYPE_PARAM_EDITOR, NULL);
}

static void
nl_param_editor_dispose (GObject *object)
{
  NlParamEditor *self = NL_PARAM_EDITOR (object);

  nl_param_editor_set_diagram (self, NULL);
  g_signal_group_set_target (self->network_signals, NULL);
  g_signal_group_set_target (self->trainer_signals, NULL);
  g_clear_object (&self->network);
  g_clear_object (&self->trainer);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_PARAM_EDITOR);

  G_OBJECT_CLASS (nl_param_editor_parent_class)->dispose (object);
}

static void
nl_param_editor_finalize (GObject *object)
{
  NlParamEditor *self = NL_PARAM_EDITOR (object);

  g_clear_object (&self->network_signals);
  g_clear_object (&self->trainer_signals);
  g_free (self->choices_shape);
  g_strfreev (self->output_names);

  G_OBJECT_CLASS (nl_param_editor_parent_class)->finalize (object);
}

static void
nl_param_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NlParamEditor *self = NL_PARAM_EDITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      g_value_set_object (value, self->network);
      break;
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;
    case PROP_DIAGRAM:
      g_value_set_object (value, self->diagram);
      break;
    case PROP_PARAM:
      g_value_set_int64 (value, self->param);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_param_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NlParamEditor *self = NL_PARAM_EDITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      nl_param_editor_set_models (self, g_value_get_object (value), self->trainer);
      break;
    case PROP_TRAINER:
      nl_param_editor_set_models (self, self->network, g_value_get_object (value));
      break;
    case PROP_DIAGRAM:
      nl_param_editor_set_diagram (self, g_value_get_object (value));
      break;
    case PROP_PARAM:
      nl_param_editor_set_param (self, (gssize) g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_param_editor_class_init (NlParamEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_param_editor_dispose;
  object_class->finalize = nl_param_editor_finalize;
  object_class->get_property = nl_param_editor_get_property;
  object_class->set_property = nl_param_editor_set_property;

  properties[PROP_NETWORK] =
    g_param_spec_object ("network", NULL, NULL,
                         NL_TYPE_NETWORK_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL,
                         NL_TYPE_TRAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIAGRAM] =
    g_param_spec_object ("diagram", NULL, NULL,
                         NL_TYPE_NETWORK_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARAM] =
    g_param_spec_int64 ("param", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-param-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, NlParamEditor, grid);
  gtk_widget_class_bind_template_child (widget_class, NlParamEditor, param_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlParamEditor, value_spin);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
nl_param_editor_init (NlParamEditor *self)
{
  self->param = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->param_dropdown, "notify::selected",
                            G_CALLBACK (param_choice_cb), self);
  g_signal_connect_swapped (self->value_spin, "value-changed",
                            G_CALLBACK (value_spin_cb), self);

  /* A new shape renames the choices; new values show in Value. */
  self->network_signals = g_signal_group_new (NL_TYPE_NETWORK_MODEL);
  g_signal_group_connect_swapped (self->network_signals, "params-changed",
                                  G_CALLBACK (update_fields), self);
  g_signal_group_connect_swapped (self->network_signals, "architecture-changed",
                                  G_CALLBACK (update_fields), self);
  self->trainer_signals = g_signal_group_new (NL_TYPE_TRAINER);
  g_signal_group_connect_swapped (self->trainer_signals, "notify::running",
                                  G_CALLBACK (running_changed_cb), self);
  update_fields (self);
}
