/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-network-model.c: the network as a GObject: architecture, seed and
 * parameters, and the signals that tell the diagram to redraw. */
#include "nl-network-model.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nl-model-enums.h"
#include "nl-model-error.h"

struct _NlNetworkModel
{
  GObject       parent_instance;

  NlNet        *net;
  NlWork       *work;      /* for predictions on the main thread */

  guint         n_inputs;
  /* The Hidden neurons text as the core reads it (nl-hidden.h): a layer
   * that names no activation follows "activation". */
  NlHidden      hidden;
  guint         hidden_sizes[NL_HIDDEN_MAX_LAYERS];
  char         *hidden_text;
  NlActivation  activation;
  NlActivation  output_activation;
  guint         n_outputs;       /* 1, or one a class (the task's) */
  NlInit        init;
  guint64       seed;
};

G_DEFINE_FINAL_TYPE (NlNetworkModel, nl_network_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_INPUTS,
  PROP_HIDDEN,
  PROP_ACTIVATION,
  PROP_OUTPUT_ACTIVATION,
  PROP_SEED,
  PROP_INIT,
  PROP_N_PARAMS,
  N_PROPS
};

enum {
  PARAMS_CHANGED,
  ARCHITECTURE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* "4 tanh,3": each size, with the layer's own activation when it has one. */
static char *
hidden_to_text (const NlHidden *hidden)
{
  char buf[NL_HIDDEN_TEXT_SIZE];

  nl_hidden_format (hidden, buf, sizeof buf);
  return g_strdup (buf);
}

static void
take_hidden (NlNetworkModel *self,
             const NlHidden *hidden,
             char           *text)
{
  self->hidden = *hidden;
  for (size_t i = 0; i < hidden->n_layers; i++)
    self->hidden_sizes[i] = (guint) hidden->sizes[i];
  g_free (self->hidden_text);
  self->hidden_text = text;
}

static void
init_params (NlNetworkModel *self)
{
  NlRng rng;

  nl_rng_seed (&rng, self->seed);
  nl_net_init (self->net, self->init, &rng);
}

/* Builds the network for the current architecture, before construction ends
 * silently, afterwards with the signals. */
static void
rebuild (NlNetworkModel *self)
{
  size_t sizes[NL_HIDDEN_MAX_LAYERS + 2];
  NlActivation activations[NL_HIDDEN_MAX_LAYERS + 2];
  size_t n_layers;
  gboolean constructed = self->net != NULL;
  NlError err;
  NlNet *net;

  n_layers = nl_hidden_net_layers (&self->hidden, self->n_inputs, self->n_outputs, self->activation,
                                   self->output_activation, sizes, activations);
  nl_error_clear (&err);
  net = nl_net_new (n_layers, sizes, activations, &err);
  if (net == NULL)
    g_error ("Could not build the network: %s", err.message);

  g_clear_pointer (&self->work, nl_work_free);
  g_clear_pointer (&self->net, nl_net_free);
  self->net = net;
  self->work = nl_work_new (net);
  if (self->work == NULL)
    g_error ("Out of memory while building the network");
  init_params (self);

  if (constructed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PARAMS]);
      g_signal_emit (self, signals[ARCHITECTURE_CHANGED], 0);
      g_signal_emit (self, signals[PARAMS_CHANGED], 0);
    }
}

static void
nl_network_model_constructed (GObject *object)
{
  NlNetworkModel *self = NL_NETWORK_MODEL (object);

  G_OBJECT_CLASS (nl_network_model_parent_class)->constructed (object);

  rebuild (self);
}

static void
nl_network_model_finalize (GObject *object)
{
  NlNetworkModel *self = NL_NETWORK_MODEL (object);

  g_clear_pointer (&self->work, nl_work_free);
  g_clear_pointer (&self->net, nl_net_free);
  g_clear_pointer (&self->hidden_text, g_free);

  G_OBJECT_CLASS (nl_network_model_parent_class)->finalize (object);
}

static void
nl_network_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NlNetworkModel *self = NL_NETWORK_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_INPUTS:
      g_value_set_uint (value, self->n_inputs);
      break;
    case PROP_HIDDEN:
      g_value_set_string (value, self->hidden_text);
      break;
    case PROP_ACTIVATION:
      g_value_set_enum (value, self->activation);
      break;
    case PROP_OUTPUT_ACTIVATION:
      g_value_set_enum (value, self->output_activation);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_INIT:
      g_value_set_enum (value, self->init);
      break;
    case PROP_N_PARAMS:
      g_value_set_uint (value, nl_network_model_get_n_params (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_network_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NlNetworkModel *self = NL_NETWORK_MODEL (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_N_INPUTS:
      nl_network_model_set_n_inputs (self, g_value_get_uint (value));
      break;
    case PROP_HIDDEN:
      if (!nl_network_model_set_hidden (self, g_value_get_string (value), &error))
        g_warning ("%s", error->message);
      break;
    case PROP_ACTIVATION:
      nl_network_model_set_activation (self, g_value_get_enum (value));
      break;
    case PROP_OUTPUT_ACTIVATION:
      nl_network_model_set_output_activation (self, g_value_get_enum (value));
      break;
    case PROP_SEED:
      nl_network_model_set_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_INIT:
      nl_network_model_set_init (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_network_model_class_init (NlNetworkModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = nl_network_model_constructed;
  object_class->finalize = nl_network_model_finalize;
  object_class->get_property = nl_network_model_get_property;
  object_class->set_property = nl_network_model_set_property;

  properties[PROP_N_INPUTS] =
    g_param_spec_uint ("n-inputs", NULL, NULL,
                       1, NL_MAX_LAYER_SIZE, 2,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDDEN] =
    g_param_spec_string ("hidden", NULL, NULL,
                         "2",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVATION] =
    g_param_spec_enum ("activation", NULL, NULL,
                       NL_TYPE_ACTIVATION, NL_ACTIVATION_SIGMOID,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUT_ACTIVATION] =
    g_param_spec_enum ("output-activation", NULL, NULL,
                       NL_TYPE_ACTIVATION, NL_ACTIVATION_SIGMOID,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL,
                         0, G_MAXUINT64, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INIT] =
    g_param_spec_enum ("init", NULL, NULL,
                       NL_TYPE_INIT, NL_INIT_NORMAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PARAMS] =
    g_param_spec_uint ("n-params", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlNetworkModel::params-changed:
   *
   * The parameters changed (training progress, a reset, a new architecture).
   */
  signals[PARAMS_CHANGED] =
    g_signal_new ("params-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * NlNetworkModel::architecture-changed:
   *
   * The layers changed: inputs, hidden sizes or activations. A new network
   * was built and initialised from the seed; "params-changed" follows.
   */
  signals[ARCHITECTURE_CHANGED] =
    g_signal_new ("architecture-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
nl_network_model_init (NlNetworkModel *self)
{
  self->n_inputs = 2;
  self->hidden.n_layers = 1;
  self->hidden.sizes[0] = 2;
  self->hidden_sizes[0] = 2;
  self->hidden_text = g_strdup ("2");
  self->activation = NL_ACTIVATION_SIGMOID;
  self->output_activation = NL_ACTIVATION_SIGMOID;
  self->n_outputs = 1;
  self->init = NL_INIT_NORMAL;
  self->seed = 1;
}

NlNetworkModel *
nl_network_model_new (guint n_inputs)
{
  g_return_val_if_fail (n_inputs >= 1 && n_inputs <= NL_MAX_LAYER_SIZE, NULL);

  return g_object_new (NL_TYPE_NETWORK_MODEL,
                       "n-inputs", n_inputs,
                       NULL);
}

guint
nl_network_model_get_n_inputs (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), 0);

  return self->n_inputs;
}

void
nl_network_model_set_n_inputs (NlNetworkModel *self,
                               guint           n_inputs)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail (n_inputs >= 1 && n_inputs <= NL_MAX_LAYER_SIZE);

  if (self->n_inputs == n_inputs)
    return;
  self->n_inputs = n_inputs;
  if (self->net != NULL)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INPUTS]);
}

const char *
nl_network_model_get_hidden (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NULL);

  return self->hidden_text;
}

const guint *
nl_network_model_get_hidden_sizes (NlNetworkModel *self,
                                   guint          *n_layers)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NULL);

  if (n_layers != NULL)
    *n_layers = (guint) self->hidden.n_layers;
  return self->hidden_sizes;
}

NlActivation
nl_network_model_get_hidden_activation (NlNetworkModel *self,
                                        guint           layer)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NL_ACTIVATION_SIGMOID);
  g_return_val_if_fail (layer < self->hidden.n_layers, self->activation);

  return nl_hidden_activation (&self->hidden, layer, self->activation);
}

gboolean
nl_network_model_set_hidden (NlNetworkModel  *self,
                             const char      *hidden,
                             GError         **error)
{
  NlHidden parsed;
  NlError err;
  g_autofree char *text = NULL;

  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), FALSE);

  nl_error_clear (&err);
  if (nl_hidden_parse (hidden, &parsed, &err) != NL_OK)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID, err.message);
      return FALSE;
    }

  text = hidden_to_text (&parsed);
  if (g_strcmp0 (text, self->hidden_text) == 0)
    return TRUE;
  take_hidden (self, &parsed, g_steal_pointer (&text));
  if (self->net != NULL)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDDEN]);
  return TRUE;
}

NlActivation
nl_network_model_get_activation (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NL_ACTIVATION_SIGMOID);

  return self->activation;
}

void
nl_network_model_set_activation (NlNetworkModel *self,
                                 NlActivation    activation)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail ((guint) activation < NL_N_ACTIVATIONS);

  if (self->activation == activation)
    return;
  self->activation = activation;
  if (self->net != NULL)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATION]);
}

NlActivation
nl_network_model_get_output_activation (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NL_ACTIVATION_SIGMOID);

  return self->output_activation;
}

void
nl_network_model_set_output_activation (NlNetworkModel *self,
                                        NlActivation    activation)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail ((guint) activation < NL_N_ALL_ACTIVATIONS);
  /* A softmax needs its layer of classes, a single output cannot be one. */
  g_return_if_fail ((activation == NL_ACTIVATION_SOFTMAX) == (self->n_outputs > 1));

  if (self->output_activation == activation)
    return;
  self->output_activation = activation;
  if (self->net != NULL)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_ACTIVATION]);
}

guint
nl_network_model_get_n_outputs (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), 1);

  return self->n_outputs;
}

void
nl_network_model_set_task (NlNetworkModel *self,
                           const NlTask   *task)
{
  guint n_outputs;
  NlActivation output;
  gboolean output_changed;

  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail (task != NULL);

  n_outputs = (guint) nl_task_n_outputs (task);
  output = nl_task_output_activation (task);
  output_changed = self->output_activation != output;
  if (self->n_outputs == n_outputs && !output_changed)
    return;
  self->n_outputs = n_outputs;
  self->output_activation = output;
  if (self->net != NULL)
    rebuild (self);
  if (output_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_ACTIVATION]);
}

guint64
nl_network_model_get_seed (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), 0);

  return self->seed;
}

void
nl_network_model_set_seed (NlNetworkModel *self,
                           guint64         seed)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

NlInit
nl_network_model_get_init (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NL_INIT_NORMAL);

  return self->init;
}

void
nl_network_model_set_init (NlNetworkModel *self,
                           NlInit          init)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail ((guint) init < NL_N_INITS);

  if (self->init == init)
    return;
  self->init = init;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INIT]);
}

void
nl_network_model_reset (NlNetworkModel *self)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));

  init_params (self);
  g_signal_emit (self, signals[PARAMS_CHANGED], 0);
}

const NlNet *
nl_network_model_get_net (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NULL);

  return self->net;
}

guint
nl_network_model_get_n_params (NlNetworkModel *self)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), 0);

  return self->net != NULL ? (guint) self->net->n_params : 0;
}

const double *
nl_network_model_get_params (NlNetworkModel *self,
                             guint          *n_params)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), NULL);

  if (n_params != NULL)
    *n_params = (guint) self->net->n_params;
  return self->net->params;
}

void
nl_network_model_set_params (NlNetworkModel *self,
                             const double   *params,
                             guint           n_params)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail (n_params == self->net->n_params);
  g_return_if_fail (params != NULL);

  if (memcmp (self->net->params, params, n_params * sizeof (double)) == 0)
    return;
  memcpy (self->net->params, params, n_params * sizeof (double));
  g_signal_emit (self, signals[PARAMS_CHANGED], 0);
}

void
nl_network_model_set_param (NlNetworkModel *self,
                            guint           index,
                            double          value)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail (index < self->net->n_params);

  if (self->net->params[index] == value)
    return;
  self->net->params[index] = value;
  g_signal_emit (self, signals[PARAMS_CHANGED], 0);
}

double
nl_network_model_predict (NlNetworkModel *self,
                          const double   *normalized_x)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), 0.0);
  g_return_val_if_fail (normalized_x != NULL, 0.0);

  return nl_net_predict (self->net, self->work, normalized_x);
}

void
nl_network_model_predict_all (NlNetworkModel *self,
                              const double   *normalized_x,
                              double         *outputs)
{
  g_return_if_fail (NL_IS_NETWORK_MODEL (self));
  g_return_if_fail (normalized_x != NULL && outputs != NULL);

  nl_net_forward (self->net, self->work, normalized_x);
  memcpy (outputs, nl_net_outputs (self->net, self->work),
          self->n_outputs * sizeof (double));
}

gboolean
nl_network_model_check_net (const NlNet  *net,
                            GError      **error)
{
  NlHidden hidden;
  NlError err;

  g_return_val_if_fail (net != NULL, FALSE);

  nl_error_clear (&err);
  if (nl_hidden_from_net (net, NL_ACTIVATION_SIGMOID, &hidden, &err) != NL_OK)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID, err.message);
      return FALSE;
    }
  if (net->n_layers < 2 || net->sizes[0] < 1 || net->sizes[0] > NL_MAX_LAYER_SIZE
      || net->sizes[net->n_layers - 1] > NL_MAX_CLASSES
      || (net->sizes[net->n_layers - 1] > 1)
         != (net->activation[net->n_layers - 1] == NL_ACTIVATION_SOFTMAX))
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID,
                           _("The network's inputs or output are not ones NeuronLab handles"));
      return FALSE;
    }
  return TRUE;
}

gboolean
nl_network_model_restore (NlNetworkModel  *self,
                          const NlNet     *net,
                          NlActivation     activation,
                          guint64          seed,
                          NlInit           init,
                          GError         **error)
{
  NlHidden hidden;
  NlActivation output;
  g_autofree char *text = NULL;
  gboolean inputs_changed, hidden_changed, activation_changed, output_changed;

  g_return_val_if_fail (NL_IS_NETWORK_MODEL (self), FALSE);
  g_return_val_if_fail (net != NULL, FALSE);
  g_return_val_if_fail ((guint) activation < NL_N_ACTIVATIONS, FALSE);
  g_return_val_if_fail ((guint) init < NL_N_INITS, FALSE);

  if (!nl_network_model_check_net (net, error))
    return FALSE;
  /* A hidden layer whose activation is not @activation names its own. */
  nl_hidden_from_net (net, activation, &hidden, NULL);
  output = net->activation[net->n_layers - 1];
  text = hidden_to_text (&hidden);

  inputs_changed = self->n_inputs != net->sizes[0];
  hidden_changed = g_strcmp0 (text, self->hidden_text) != 0;
  activation_changed = self->activation != activation;
  output_changed = self->output_activation != output
                   || self->n_outputs != net->sizes[net->n_layers - 1];

  g_object_freeze_notify (G_OBJECT (self));
  self->n_inputs = (guint) net->sizes[0];
  self->n_outputs = (guint) net->sizes[net->n_layers - 1];
  take_hidden (self, &hidden, g_steal_pointer (&text));
  self->activation = activation;
  self->output_activation = output;
  nl_network_model_set_seed (self, seed);
  nl_network_model_set_init (self, init);
  /* One new network for all the changes, drawn from the new seed; the
   * parameters then replace what was drawn. */
  if (inputs_changed || hidden_changed || activation_changed || output_changed)
    rebuild (self);
  nl_network_model_set_params (self, net->params, (guint) net->n_params);
  if (inputs_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INPUTS]);
  if (hidden_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDDEN]);
  if (activation_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATION]);
  if (output_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_ACTIVATION]);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}
