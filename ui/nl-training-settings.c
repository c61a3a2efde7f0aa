/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-training-settings.c: the training settings panel (see
 * nl-training-settings.h).
 *
 * The fields that only hold a value (the learning rate, the epochs, the
 * loss, the test share and the stop conditions) are bound both ways to the
 * trainer's properties, so a project that sets the trainer shows in them.
 * The network's fields are bound from the network and set it through
 * handlers, since setting them may start the trainer again: a new
 * architecture always, a new seed or initialisation before any training
 * (afterwards Reset applies them, so a trained network is never thrown away
 * by a stray key). The hidden layers are applied on Enter and when the
 * field loses the focus, never on each keystroke.
 *
 * How each step learns (the batch size, the optimizer and its coefficients,
 * L1 and L2) sits in an expander, folded by default as the tutorial's plain
 * SGD needs none of it; it opens by itself when the trainer gets other
 * settings, so a project trained with Adam shows Adam. An optimizer's own
 * coefficients show only while it is chosen. Their fields read what is
 * typed themselves (nl_number_parse(): a point or the language's decimal
 * separator): text that is not a number in range stays in the field,
 * marked, the trainer keeps its value, and "message" says what is wrong;
 * the coefficients are shown with as many digits as they have (0.999,
 * 1e-08), which a fixed number of decimals cannot do. */
#include "config.h"

#include "nl-training-settings.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nl-number.h"

/* The optimizer's fields, which check what is typed (see the top). */
typedef enum
{
  RANGE_COUNT,        /* a whole number from 1 (the batch size) */
  RANGE_UNIT,         /* from 0 to below 1 (momentum, β1, β2) */
  RANGE_POSITIVE,     /* above 0 (ε) */
  RANGE_NON_NEGATIVE, /* 0 or more (L1, L2) */
} Range;

enum
{
  NUMBER_BATCH_SIZE,
  NUMBER_MOMENTUM,
  NUMBER_BETA1,
  NUMBER_BETA2,
  NUMBER_EPSILON,
  NUMBER_L1,
  NUMBER_L2,
  N_NUMBER_FIELDS
};

typedef struct
{
  NlTrainingSettings *self;
  GtkSpinButton      *spin;
  GtkLabel           *label;
  Range               range;
  /* Set while the field refuses its text, which it then keeps on show. */
  gboolean            keep_text;
} NumberField;

struct _NlTrainingSettings
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkWidget      *fields;
  GtkSpinButton  *learning_rate_spin;
  GtkSpinButton  *epochs_spin;
  GtkCheckButton *until_stopped_check;
  GtkDropDown    *loss_dropdown;
  GtkLabel       *loss_note_label;
  GtkSpinButton  *test_percent_spin;
  GtkEntry       *hidden_entry;
  GtkDropDown    *activation_dropdown;
  GtkDropDown    *init_dropdown;
  GtkSpinButton  *seed_spin;
  GtkSpinButton  *target_loss_spin;
  GtkCheckButton *early_stopping_check;
  GtkExpander    *optimizer_expander;
  GtkSpinButton  *batch_size_spin;
  GtkLabel       *batch_size_spin_label;
  GtkLabel       *batch_note_label;
  GtkDropDown    *optimizer_dropdown;
  GtkWidget      *optimizer_params_box;
  GtkWidget      *momentum_spin_child;
  GtkWidget      *beta1_spin_child;
  GtkWidget      *beta2_spin_child;
  GtkWidget      *epsilon_spin_child;
  GtkSpinButton  *momentum_spin;
  GtkLabel       *momentum_spin_label;
  GtkSpinButton  *beta1_spin;
  GtkLabel       *beta1_spin_label;
  GtkSpinButton  *beta2_spin;
  GtkLabel       *beta2_spin_label;
  GtkSpinButton  *epsilon_spin;
  GtkLabel       *epsilon_spin_label;
  GtkLabel       *optimizer_note_label;
  GtkSpinButton  *l1_spin;
  GtkLabel       *l1_spin_label;
  GtkSpinButton  *l2_spin;
  GtkLabel       *l2_spin_label;

  /* The fields that read what is typed themselves (see the top). */
  NumberField     numbers[N_NUMBER_FIELDS];

  NlNetworkModel *network;
  NlTrainer      *trainer;
  GBindingGroup  *network_bindings;
  GBindingGroup  *trainer_bindings;
  GSignalGroup   *network_signals;
  GSignalGroup   *trainer_signals;
  /* The table's usable rows, for the batch size's note. */
  GSignalGroup   *dataset_signals;
  /* NULL when not bound (no schema, or a panel on its own). */
  GSettings      *settings;
  /* While the panel itself sets the hidden layers. */
  gboolean        applying_hidden;

  /* A press anywhere in the window enters what is typed (see
   * window_pressed_cb()). */
  GtkWidget          *watched_window;
  GtkEventController *window_click;
};

G_DEFINE_FINAL_TYPE (NlTrainingSettings, nl_training_settings, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_NETWORK,
  PROP_TRAINER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Emits "message": @text NULL withdraws the last one, whose problem is
 * solved. */
static void
say (NlTrainingSettings *self,
     const char         *text,
     gboolean            is_error)
{
  g_signal_emit (self, signals[MESSAGE], 0, text, is_error);
}

/* Drop-downs */

/* The drop-downs list the choices in the order of the core's enums: the
 * position chosen is the enum's value. @user_data is the number of values. */
static gboolean
enum_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
selected_to_enum (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint selected = g_value_get_uint (from);

  /* Nothing selected (GTK_INVALID_LIST_POSITION) changes nothing. */
  if (selected >= GPOINTER_TO_UINT (user_data))
    return FALSE;
  g_value_set_enum (to, (int) selected);
  return TRUE;
}

static void
ellipsized_item_setup_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* As wide as a number field: two fields then share a line. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
  gtk_list_item_set_child (item, label);
}

static void
ellipsized_item_bind_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      string != NULL ? gtk_string_object_get_string (string) : "");
}

/* A narrow panel shortens the choice shown on the button ("Normal, as the
 * tutorial…") rather than grow wider than the window; the list keeps the
 * drop-down's own items, check mark and all. */
static void
ellipsize_drop_down (GtkDropDown *drop_down)
{
  GtkListItemFactory *list_factory = gtk_drop_down_get_factory (drop_down);
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  if (list_factory != NULL && gtk_drop_down_get_list_factory (drop_down) == NULL)
    gtk_drop_down_set_list_factory (drop_down, list_factory);
  g_signal_connect (factory, "setup", G_CALLBACK (ellipsized_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (ellipsized_item_bind_cb), NULL);
  gtk_drop_down_set_factory (drop_down, factory);
}

/* Hidden layers */

static gboolean
apply_hidden (NlTrainingSettings *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->hidden_entry))));
  gboolean ok;

  if (self->network == NULL)
    return TRUE;
  /* "0" reads better than an empty field for a network without hidden layers. */
  if (g_strcmp0 (text, "0") == 0)
    text[0] = '\0';
  if (g_strcmp0 (text, nl_network_model_get_hidden (self->network)) == 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
      return TRUE;
    }
  self->applying_hidden = TRUE;
  ok = nl_network_model_set_hidden (self->network, text, &error);
  self->applying_hidden = FALSE;
  if (!ok)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->hidden_entry));
      gtk_widget_add_css_class (GTK_WIDGET (self->hidden_entry), "error");
      say (self, error->message, TRUE);
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
  say (self, NULL, FALSE);
  /* Only an architecture that was accepted is remembered, never a typo. */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "hidden", text[0] != '\0' ? text : "0");
  /* A new architecture starts from scratch: its old loss curve says nothing
   * about it. */
  if (self->trainer != NULL)
    nl_trainer_reset (self->trainer);
  return TRUE;
}

static void
hidden_apply_cb (NlTrainingSettings *self)
{
  apply_hidden (self);
}

static void
hidden_focus_leave_cb (NlTrainingSettings *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Closing the window takes the focus away too, while its children go. */
  if (root == NULL || gtk_widget_in_destruction (GTK_WIDGET (root))
      || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  apply_hidden (self);
}

/* The field shows the network's hidden layers when something else set
 * them (a project, the worked example), and is no longer in error. */
static void
show_hidden (NlTrainingSettings *self)
{
  const char *hidden;

  if (self->network == NULL || self->applying_hidden)
    return;
  hidden = nl_network_model_get_hidden (self->network);
  gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden[0] != '\0' ? hidden : "0");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
}

/* The network's fields */

static void
activation_selected_cb (NlTrainingSettings *self)
{
  NlActivation activation = gtk_drop_down_get_selected (self->activation_dropdown);

  if (self->network == NULL || activation >= NL_N_ACTIVATIONS
      || activation == nl_network_model_get_activation (self->network))
    return;
  nl_network_model_set_activation (self->network, activation);
  if (self->trainer != NULL)
    nl_trainer_reset (self->trainer);
}

static void
seed_changed_cb (NlTrainingSettings *self)
{
  guint64 seed = (guint64) gtk_spin_button_get_value (self->seed_spin);

  if (self->network == NULL || seed == nl_network_model_get_seed (self->network))
    return;
  nl_network_model_set_seed (self->network, seed);
  /* Before any training the new seed shows at once; afterwards Reset
   * applies it, so a trained network is never thrown away by a stray key. */
  if (self->trainer != NULL && !nl_trainer_get_trained (self->trainer))
    nl_trainer_reset (self->trainer);
}

static void
init_selected_cb (NlTrainingSettings *self)
{
  NlInit init = gtk_drop_down_get_selected (self->init_dropdown);

  if (self->network == NULL || init >= NL_N_INITS || init == nl_network_model_get_init (self->network))
    return;
  nl_network_model_set_init (self->network, init);
  /* As for the seed: at once before any training, else at Reset. */
  if (self->trainer != NULL && !nl_trainer_get_trained (self->trainer))
    nl_trainer_reset (self->trainer);
}

/* A line under Loss says what the chosen loss computes. A screen reader
 * would spell out the underscore of "y_pred", so it hears the words instead. */
static void
update_loss_note (NlTrainingSettings *self)
{
  NlLoss loss = self->trainer != NULL ? nl_trainer_get_loss_function (self->trainer) : NL_LOSS_MSE;
  gboolean softmax = self->network != NULL && nl_network_model_get_n_outputs (self->network) > 1;

  gtk_label_set_label (self->loss_note_label,
                       loss == NL_LOSS_BCE && softmax
                       ? _("Cross-entropy: −log p of the true class, which punishes "
                           "confident mistakes harder; through the softmax, "
                           "∂L/∂z = p − y.")
                       : loss == NL_LOSS_BCE
                       ? _("Cross-entropy: −(y log p + (1 − y) log(1 − p)), which punishes "
                           "confident mistakes harder. Use it with a sigmoid output.")
                       : _("Mean squared error, the tutorial’s: the mean of (y − y_pred)². "
                           "TensorFlow Playground reports half of it."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->loss_note_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  loss == NL_LOSS_BCE
                                  ? gtk_label_get_text (self->loss_note_label)
                                  : _("Mean squared error, the tutorial’s: the mean of the "
                                      "squared difference between y and the predicted y. "
                                      "TensorFlow Playground reports half of it."),
                                  -1);
}

/* How each step learns */

static const char *
field_name (NumberField *field)
{
  return gtk_label_get_text (field->label);
}

/* Why @text is refused in @field, for the message. */
static char *
refusal (NumberField *field,
         const char  *text)
{
  switch (field->range)
    {
    case RANGE_COUNT:
      /* Translators: a value typed into Batch size is refused: "Batch size:
       * “0” is not a whole number from 1 to 1000000". */
      return g_strdup_printf (_("%s: “%s” is not a whole number from 1 to %u"),
                              field_name (field), text, NL_TRAINER_MAX_BATCH_SIZE);
    case RANGE_UNIT:
      /* Translators: a value typed into Momentum, β1 or β2 is refused. */
      return g_strdup_printf (_("%s: “%s” is not a number from 0 to below 1"),
                              field_name (field), text);
    case RANGE_POSITIVE:
      /* Translators: a value typed into ε is refused. */
      return g_strdup_printf (_("%s: “%s” is not a number above 0"), field_name (field), text);
    case RANGE_NON_NEGATIVE:
    default:
      /* Translators: a value typed into L1 or L2 regularisation is refused. */
      return g_strdup_printf (_("%s: “%s” is not a number of 0 or more"), field_name (field), text);
    }
}

static gboolean
in_range (NumberField *field,
          double       value)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (field->spin);

  switch (field->range)
    {
    case RANGE_COUNT:
      return value >= 1 && value <= NL_TRAINER_MAX_BATCH_SIZE && value == floor (value);
    case RANGE_UNIT:
      return value >= 0 && value < 1 && value <= gtk_adjustment_get_upper (adjustment);
    case RANGE_POSITIVE:
      return value > 0 && value >= gtk_adjustment_get_lower (adjustment)
             && value <= gtk_adjustment_get_upper (adjustment);
    case RANGE_NON_NEGATIVE:
    default:
      return value >= 0 && value <= gtk_adjustment_get_upper (adjustment);
    }
}

/* GtkSpinButton::input: what is typed, a point or the language's decimal
 * separator; clamping it silently, as a spin button does, would train with
 * a number the person never typed. */
static int
number_input_cb (GtkSpinButton *spin,
                 double        *new_value,
                 NumberField   *field)
{
  NlTrainingSettings *self = field->self;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  double value;

  if (nl_number_parse (text, &value) && in_range (field, value))
    {
      *new_value = value;
      field->keep_text = FALSE;
      if (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"))
        {
          gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
          say (self, NULL, FALSE);
        }
      return TRUE;
    }
  else
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      g_autofree char *message = refusal (field, stripped);

      /* The value stays; the text stays too (see number_output_cb()), so
       * that the person sees what was refused and can mend it. */
      *new_value = gtk_spin_button_get_value (spin);
      field->keep_text = TRUE;
      gtk_widget_error_bell (GTK_WIDGET (spin));
      gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
      say (self, message, TRUE);
      return GTK_INPUT_ERROR;
    }
}

/* GtkSpinButton::output: the value with the digits it has ("0.999",
 * "1e-08"), in the person's way of writing numbers; or, just after a
 * refusal, the refused text as it was. */
static gboolean
number_output_cb (GtkSpinButton *spin,
                  NumberField   *field)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  if (field->keep_text)
    {
      field->keep_text = FALSE;
      return TRUE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
  if (field->range == RANGE_COUNT)
    return FALSE;
  g_ascii_formatd (buffer, sizeof buffer, "%.10g", gtk_spin_button_get_value (spin));
  text = nl_number_to_display (buffer);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* The batch size's note: what it means for this table. */
static void
update_batch_note (NlTrainingSettings *self)
{
  guint batch = self->trainer != NULL ? nl_trainer_get_batch_size (self->trainer) : 1;
  NlDatasetModel *dataset = self->trainer != NULL ? nl_trainer_get_dataset (self->trainer) : NULL;
  guint rows = dataset != NULL ? nl_dataset_model_get_n_usable_rows (dataset) : 0;
  g_autofree char *text = NULL;

  if (batch <= 1)
    text = g_strdup (_("1 = one sample per step, as in the tutorial."));
  else if (rows > 0 && batch >= rows)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "At least the whole table (%u row used): every step "
                                         "takes the mean gradient of all its rows, one step "
                                         "an epoch.",
                                         "At least the whole table (%u rows used): every step "
                                         "takes the mean gradient of all its rows, one step "
                                         "an epoch.",
                                         rows),
                            rows);
  else
    text = g_strdup_printf (_("Each step averages the gradients of %u samples into one "
                              "update."),
                            batch);
  gtk_label_set_label (self->batch_note_label, text);
}

/* Only the chosen optimizer's coefficients show, with a line on what it
 * does. */
static void
update_optimizer_fields (NlTrainingSettings *self)
{
  NlOptimizer optimizer = self->trainer != NULL ? nl_trainer_get_optimizer (self->trainer)
                                                : NL_OPTIMIZER_SGD;

  gtk_widget_set_visible (self->momentum_spin_child, optimizer == NL_OPTIMIZER_MOMENTUM);
  gtk_widget_set_visible (self->beta1_spin_child, optimizer == NL_OPTIMIZER_ADAM);
  gtk_widget_set_visible (self->beta2_spin_child, optimizer == NL_OPTIMIZER_ADAM);
  gtk_widget_set_visible (self->epsilon_spin_child, optimizer == NL_OPTIMIZER_ADAM);
  gtk_widget_set_visible (self->optimizer_params_box, optimizer != NL_OPTIMIZER_SGD);
  switch (optimizer)
    {
    case NL_OPTIMIZER_MOMENTUM:
      gtk_label_set_label (self->optimizer_note_label,
                           _("Momentum keeps a velocity, v ← μ·v + g, and steps by η·v: "
                             "steady directions speed up, zigzags cancel out."));
      break;
    case NL_OPTIMIZER_ADAM:
      gtk_label_set_label (self->optimizer_note_label,
                           _("Adam keeps running means of g (m, with β1) and of g² (v, with β2) "
                             "and steps by η·m̂ / (√v̂ + ε): about η, whatever the size of g."));
      break;
    case NL_OPTIMIZER_SGD:
    default:
      gtk_label_set_label (self->optimizer_note_label,
                           _("SGD steps by η·g, the learning rate times the gradient, as the tutorial does."));
      break;
    }
}

/* Settings other than the tutorial's, from a project or anywhere else,
 * open the expander so that they are seen; it never closes by itself. */
static void
reveal_optimizer (NlTrainingSettings *self)
{
  if (self->trainer == NULL)
    return;
  if (nl_trainer_get_batch_size (self->trainer) != 1
      || nl_trainer_get_optimizer (self->trainer) != NL_OPTIMIZER_SGD
      || nl_trainer_get_l1 (self->trainer) != 0
      || nl_trainer_get_l2 (self->trainer) != 0)
    gtk_expander_set_expanded (self->optimizer_expander, TRUE);
}

static void
optimizer_settings_changed_cb (NlTrainingSettings *self)
{
  update_batch_note (self);
  update_optimizer_fields (self);
  reveal_optimizer (self);
}

static void
setup_number_field (NlTrainingSettings *self,
                    guint               index,
                    GtkSpinButton      *spin,
                    GtkLabel           *label,
                    Range               range)
{
  NumberField *field = &self->numbers[index];

  field->self = self;
  field->spin = spin;
  field->label = label;
  field->range = range;
  g_signal_connect (spin, "input", G_CALLBACK (number_input_cb), field);
  g_signal_connect (spin, "output", G_CALLBACK (number_output_cb), field);
  /* Shown with its own digits from the start. */
  number_output_cb (spin, field);
}

/* Typed numbers */

/* A press anywhere else in the window enters the number typed in one of
 * the panel's fields, as moving the focus away would: a click on the
 * diagram, a page tab or a heading does not take the focus, and the number
 * would otherwise wait in its field while the Backpropagation page, the
 * trainer and a save went on with the old one. */
static void
window_pressed_cb (GtkGestureClick    *gesture,
                   int                 n_press,
                   double              x,
                   double              y,
                   NlTrainingSettings *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self->watched_window));
  GtkWidget *spin = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON) : NULL;
  GtkWidget *picked;

  if (spin == NULL || !gtk_widget_is_ancestor (spin, GTK_WIDGET (self)))
    return;
  picked = gtk_widget_pick (self->watched_window, x, y, GTK_PICK_DEFAULT);
  if (picked != NULL && (picked == spin || gtk_widget_is_ancestor (picked, spin)))
    return;
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
}

static void
nl_training_settings_root (GtkWidget *widget)
{
  NlTrainingSettings *self = NL_TRAINING_SETTINGS (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (nl_training_settings_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root))
    return;
  self->watched_window = GTK_WIDGET (root);
  self->window_click = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->window_click), 0);
  gtk_event_controller_set_propagation_phase (self->window_click, GTK_PHASE_CAPTURE);
  g_signal_connect (self->window_click, "pressed", G_CALLBACK (window_pressed_cb), self);
  gtk_widget_add_controller (self->watched_window, self->window_click);
}

static void
nl_training_settings_unroot (GtkWidget *widget)
{
  NlTrainingSettings *self = NL_TRAINING_SETTINGS (widget);

  if (self->watched_window != NULL)
    {
      gtk_widget_remove_controller (self->watched_window, self->window_click);
      self->window_click = NULL;
      self->watched_window = NULL;
    }
  GTK_WIDGET_CLASS (nl_training_settings_parent_class)->unroot (widget);
}

/* Public API */

gboolean
nl_training_settings_commit (NlTrainingSettings *self)
{
  g_return_val_if_fail (NL_IS_TRAINING_SETTINGS (self), FALSE);

  if (!apply_hidden (self))
    return FALSE;
  /* A number typed and not yet entered counts, as it would once the
   * focus left its field. */
  gtk_spin_button_update (self->learning_rate_spin);
  gtk_spin_button_update (self->epochs_spin);
  gtk_spin_button_update (self->test_percent_spin);
  gtk_spin_button_update (self->target_loss_spin);
  gtk_spin_button_update (self->seed_spin);
  for (guint i = 0; i < N_NUMBER_FIELDS; i++)
    gtk_spin_button_update (self->numbers[i].spin);
  return TRUE;
}

void
nl_training_settings_revert (NlTrainingSettings *self)
{
  g_return_if_fail (NL_IS_TRAINING_SETTINGS (self));

  /* The other fields are bound to the models and show them already. */
  show_hidden (self);
}

/* Saved settings */

/* The schema's enums use the order of the core's enums, as the drop-downs do. */
static const char * const activation_nicks[] = { "sigmoid", "tanh", "relu", "linear", NULL };
static const char * const loss_nicks[] = { "mse", "bce", NULL };
static const char * const init_nicks[] = { "normal", "scaled", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (activation_nicks) == NL_N_ACTIVATIONS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (loss_nicks) == NL_N_LOSSES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (init_nicks) == NL_N_INITS + 1);

static gboolean
nick_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  /* Nothing selected (GTK_INVALID_LIST_POSITION) saves nothing. */
  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

/* The fields' own bindings and handlers pass restored values on to the
 * models. Each window reads the settings once: a project opened in one
 * window must not change the training of another. */
void
nl_training_settings_bind_settings (NlTrainingSettings *self,
                                    GSettings          *settings)
{
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY
                             | G_SETTINGS_BIND_GET_NO_CHANGES;
  g_autofree char *hidden = NULL;

  g_return_if_fail (NL_IS_TRAINING_SETTINGS (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "learning-rate", self->learning_rate_spin, "value", flags);
  g_settings_bind (settings, "epochs", self->epochs_spin, "value", flags);
  g_settings_bind (settings, "until-stopped", self->until_stopped_check, "active", flags);
  g_settings_bind (settings, "seed", self->seed_spin, "value", flags);
  g_settings_bind (settings, "test-percent", self->test_percent_spin, "value", flags);
  g_settings_bind (settings, "target-loss", self->target_loss_spin, "value", flags);
  g_settings_bind (settings, "early-stopping", self->early_stopping_check, "active", flags);
  g_settings_bind_with_mapping (settings, "activation",
                                self->activation_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) activation_nicks, NULL);
  g_settings_bind_with_mapping (settings, "loss",
                                self->loss_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) loss_nicks, NULL);
  g_settings_bind_with_mapping (settings, "init",
                                self->init_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) init_nicks, NULL);

  /* The hidden layers are read here and saved by apply_hidden() once
   * accepted: a binding would save every keystroke, typos included. A saved
   * value that no longer parses is shown in error, as a typed one would be. */
  hidden = g_settings_get_string (settings, "hidden");
  gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden);
  apply_hidden (self);
}

/* Models */

void
nl_training_settings_set_models (NlTrainingSettings *self,
                                 NlNetworkModel     *network,
                                 NlTrainer          *trainer)
{
  g_return_if_fail (NL_IS_TRAINING_SETTINGS (self));
  g_return_if_fail (network == NULL || NL_IS_NETWORK_MODEL (network));
  g_return_if_fail (trainer == NULL || NL_IS_TRAINER (trainer));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->network, network))
    {
      g_binding_group_set_source (self->network_bindings, network);
      g_signal_group_set_target (self->network_signals, network);
      show_hidden (self);
      update_loss_note (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK]);
    }
  if (g_set_object (&self->trainer, trainer))
    {
      g_binding_group_set_source (self->trainer_bindings, trainer);
      g_signal_group_set_target (self->trainer_signals, trainer);
      g_signal_group_set_target (self->dataset_signals,
                                 trainer != NULL ? nl_trainer_get_dataset (trainer) : NULL);
      update_loss_note (self);
      optimizer_settings_changed_cb (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

NlNetworkModel *
nl_training_settings_get_network (NlTrainingSettings *self)
{
  g_return_val_if_fail (NL_IS_TRAINING_SETTINGS (self), NULL);
  return self->network;
}

NlTrainer *
nl_training_settings_get_trainer (NlTrainingSettings *self)
{
  g_return_val_if_fail (NL_IS_TRAINING_SETTINGS (self), NULL);
  return self->trainer;
}

GtkWidget *
nl_training_settings_new (void)
{
  return g_object_new (NL_TYPE_TRAINING_SETTINGS, NULL);
}

static void
nl_training_settings_dispose (GObject *object)
{
  NlTrainingSettings *self = NL_TRAINING_SETTINGS (object);

  g_binding_group_set_source (self->network_bindings, NULL);
  g_binding_group_set_source (self->trainer_bindings, NULL);
  g_signal_group_set_target (self->network_signals, NULL);
  g_signal_group_set_target (self->trainer_signals, NULL);
  g_signal_group_set_target (self->dataset_signals, NULL);
  g_clear_object (&self->network);
  g_clear_object (&self->trainer);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_TRAINING_SETTINGS);

  G_OBJECT_CLASS (nl_training_settings_parent_class)->dispose (object);
}

static void
nl_training_settings_finalize (GObject *object)
{
  NlTrainingSettings *self = NL_TRAINING_SETTINGS (object);

  g_clear_object (&self->network_bindings);
  g_clear_object (&self->trainer_bindings);
  g_clear_object (&self->network_signals);
  g_clear_object (&self->trainer_signals);
  g_clear_object (&self->dataset_signals);

  G_OBJECT_CLASS (nl_training_settings_parent_class)->finalize (object);
}

static void
nl_training_settings_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  NlTrainingSettings *self = NL_TRAINING_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      g_value_set_object (value, self->network);
      break;
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_training_settings_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  NlTrainingSettings *self = NL_TRAINING_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      nl_training_settings_set_models (self, g_value_get_object (value), self->trainer);
      break;
    case PROP_TRAINER:
      nl_training_settings_set_models (self, self->network, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_training_settings_class_init (NlTrainingSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_training_settings_dispose;
  object_class->finalize = nl_training_settings_finalize;
  object_class->get_property = nl_training_settings_get_property;
  object_class->set_property = nl_training_settings_set_property;
  widget_class->root = nl_training_settings_root;
  widget_class->unroot = nl_training_settings_unroot;

  properties[PROP_NETWORK] =
    g_param_spec_object ("network", NULL, NULL,
                         NL_TYPE_NETWORK_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL,
                         NL_TYPE_TRAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlTrainingSettings::message:
   * @text: (nullable): what went wrong, or NULL when the problem told last
   *   is solved
   * @is_error: whether @text is an error
   *
   * Something the person should read: a hidden-layer text the network
   * refused, and why.
   */
  signals[MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-training-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, fields);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, learning_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, until_stopped_check);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, loss_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, loss_note_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, test_percent_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, hidden_entry);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, init_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, target_loss_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, early_stopping_check);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, optimizer_expander);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, batch_size_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, batch_size_spin_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, batch_note_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, optimizer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, optimizer_params_box);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, momentum_spin_child);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, beta1_spin_child);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, beta2_spin_child);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, epsilon_spin_child);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, momentum_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, momentum_spin_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, beta1_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, beta1_spin_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, beta2_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, beta2_spin_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, epsilon_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, epsilon_spin_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, optimizer_note_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, l1_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, l1_spin_label);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, l2_spin);
  gtk_widget_class_bind_template_child (widget_class, NlTrainingSettings, l2_spin_label);
  gtk_widget_class_bind_template_callback (widget_class, hidden_apply_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
nl_training_settings_init (NlTrainingSettings *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  ellipsize_drop_down (self->loss_dropdown);
  ellipsize_drop_down (self->activation_dropdown);
  ellipsize_drop_down (self->init_dropdown);
  ellipsize_drop_down (self->optimizer_dropdown);

  setup_number_field (self, NUMBER_BATCH_SIZE, self->batch_size_spin, self->batch_size_spin_label,
                      RANGE_COUNT);
  setup_number_field (self, NUMBER_MOMENTUM, self->momentum_spin, self->momentum_spin_label,
                      RANGE_UNIT);
  setup_number_field (self, NUMBER_BETA1, self->beta1_spin, self->beta1_spin_label, RANGE_UNIT);
  setup_number_field (self, NUMBER_BETA2, self->beta2_spin, self->beta2_spin_label, RANGE_UNIT);
  setup_number_field (self, NUMBER_EPSILON, self->epsilon_spin, self->epsilon_spin_label,
                      RANGE_POSITIVE);
  setup_number_field (self, NUMBER_L1, self->l1_spin, self->l1_spin_label, RANGE_NON_NEGATIVE);
  setup_number_field (self, NUMBER_L2, self->l2_spin, self->l2_spin_label, RANGE_NON_NEGATIVE);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (hidden_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hidden_entry), focus);

  g_signal_connect_swapped (self->activation_dropdown, "notify::selected",
                            G_CALLBACK (activation_selected_cb), self);
  g_signal_connect_swapped (self->seed_spin, "value-changed", G_CALLBACK (seed_changed_cb), self);
  g_signal_connect_swapped (self->init_dropdown, "notify::selected",
                            G_CALLBACK (init_selected_cb), self);

  /* The trainer's settings, both ways; the fields wait during a run. */
  self->trainer_bindings = g_binding_group_new ();
  g_binding_group_bind (self->trainer_bindings, "learning-rate", self->learning_rate_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "epochs", self->epochs_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "until-stopped", self->until_stopped_check, "active",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  /* Until stopped, the number of epochs has no say. */
  g_object_bind_property (self->until_stopped_check, "active", self->epochs_spin, "sensitive",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_binding_group_bind (self->trainer_bindings, "test-percent", self->test_percent_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "target-loss", self->target_loss_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "early-stopping", self->early_stopping_check, "active",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->trainer_bindings, "loss-function", self->loss_dropdown, "selected",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             enum_to_selected, selected_to_enum,
                             GUINT_TO_POINTER (NL_N_LOSSES), NULL);
  g_binding_group_bind (self->trainer_bindings, "batch-size", self->batch_size_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->trainer_bindings, "optimizer", self->optimizer_dropdown, "selected",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             enum_to_selected, selected_to_enum,
                             GUINT_TO_POINTER (NL_N_OPTIMIZERS), NULL);
  g_binding_group_bind (self->trainer_bindings, "momentum", self->momentum_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "beta1", self->beta1_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "beta2", self->beta2_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "epsilon", self->epsilon_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "l1", self->l1_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "l2", self->l2_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->trainer_bindings, "running", self->fields, "sensitive",
                        G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  self->trainer_signals = g_signal_group_new (NL_TYPE_TRAINER);
  g_signal_group_connect_swapped (self->trainer_signals, "notify::loss-function",
                                  G_CALLBACK (update_loss_note), self);
  g_signal_group_connect_swapped (self->trainer_signals, "notify::batch-size",
                                  G_CALLBACK (optimizer_settings_changed_cb), self);
  g_signal_group_connect_swapped (self->trainer_signals, "notify::optimizer",
                                  G_CALLBACK (optimizer_settings_changed_cb), self);
  g_signal_group_connect_swapped (self->trainer_signals, "notify::l1",
                                  G_CALLBACK (optimizer_settings_changed_cb), self);
  g_signal_group_connect_swapped (self->trainer_signals, "notify::l2",
                                  G_CALLBACK (optimizer_settings_changed_cb), self);
  self->dataset_signals = g_signal_group_new (NL_TYPE_DATASET_MODEL);
  g_signal_group_connect_swapped (self->dataset_signals, "notify::n-usable-rows",
                                  G_CALLBACK (update_batch_note), self);

  /* The network's settings, from the network; the handlers above set it. */
  self->network_bindings = g_binding_group_new ();
  g_binding_group_bind (self->network_bindings, "seed", self->seed_spin, "value",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->network_bindings, "activation", self->activation_dropdown, "selected",
                             G_BINDING_SYNC_CREATE, enum_to_selected, NULL, NULL, NULL);
  g_binding_group_bind_full (self->network_bindings, "init", self->init_dropdown, "selected",
                             G_BINDING_SYNC_CREATE, enum_to_selected, NULL, NULL, NULL);
  self->network_signals = g_signal_group_new (NL_TYPE_NETWORK_MODEL);
  g_signal_group_connect_swapped (self->network_signals, "notify::hidden",
                                  G_CALLBACK (show_hidden), self);
  /* The note on cross-entropy depends on the output: a softmax or not. */
  g_signal_group_connect_swapped (self->network_signals, "architecture-changed",
                                  G_CALLBACK (update_loss_note), self);

  update_loss_note (self);
  optimizer_settings_changed_cb (self);
}
