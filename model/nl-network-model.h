/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-network-model.h: the network as a GObject.
 *
 * NlNetworkModel owns an NlNet: n inputs, 0 to 6 hidden layers of 1 to 64
 * neurons, and the outputs the task needs (nl_network_model_set_task(): one
 * sigmoid for binary, a softmax of one neuron a class, one linear for
 * regression). "activation" applies to the hidden layers that do not name
 * their own in "hidden" ("4 tanh, 3"), "output-activation" to the output
 * (the task's; a single output can be given another for experiments). Changing the architecture builds a new network and
 * initialises it from the seed ("architecture-changed", then "params-changed");
 * changing "seed" or "init" takes effect at the next nl_network_model_reset().
 * The same seed gives the same parameters, bit for bit.
 */
#pragma once

#include <glib-object.h>

#include "nl-hidden.h"
#include "nl-net.h"
#include "nl-task.h"

G_BEGIN_DECLS

#define NL_NETWORK_MODEL_MAX_HIDDEN_LAYERS NL_HIDDEN_MAX_LAYERS
#define NL_NETWORK_MODEL_MAX_LAYER_SIZE    NL_HIDDEN_MAX_SIZE

#define NL_TYPE_NETWORK_MODEL (nl_network_model_get_type ())

G_DECLARE_FINAL_TYPE (NlNetworkModel, nl_network_model, NL, NETWORK_MODEL, GObject)

/* A 2-2-1 sigmoid network for @n_inputs inputs (hidden "2"), seed 1,
 * initialised from N(0, 1) as in the tutorial. */
NlNetworkModel *nl_network_model_new                   (guint            n_inputs);

guint           nl_network_model_get_n_inputs          (NlNetworkModel  *self);
void            nl_network_model_set_n_inputs          (NlNetworkModel  *self,
                                                        guint            n_inputs);
/* Hidden layer sizes as text, "2" or "4,3"; "" for none. A layer with its
 * own activation has its name after the size: "4 tanh,3". */
const char     *nl_network_model_get_hidden            (NlNetworkModel  *self);
const guint    *nl_network_model_get_hidden_sizes      (NlNetworkModel  *self,
                                                        guint           *n_layers);
/* Accepts the core's syntax (nl-hidden.h): sizes separated by commas
 * (spaces allowed), each optionally followed by the layer's activation
 * ("4 tanh, 3 relu"; the names of nl_activation_name(), in any case); a
 * layer without one follows "activation". Refuses anything but 0 to 6
 * hidden layers of 1 to 64 neurons, with a message that says where and why. */
gboolean        nl_network_model_set_hidden            (NlNetworkModel  *self,
                                                        const char      *hidden,
                                                        GError         **error);
/* The activation hidden layer @layer (0 for the first) uses. */
NlActivation    nl_network_model_get_hidden_activation (NlNetworkModel  *self,
                                                        guint            layer);
NlActivation    nl_network_model_get_activation        (NlNetworkModel  *self);
void            nl_network_model_set_activation        (NlNetworkModel  *self,
                                                        NlActivation     activation);
NlActivation    nl_network_model_get_output_activation (NlNetworkModel  *self);
void            nl_network_model_set_output_activation (NlNetworkModel  *self,
                                                        NlActivation     activation);
guint           nl_network_model_get_n_outputs         (NlNetworkModel  *self);
/* Gives the network the output layer @task needs (a new network when it
 * changes, drawn from the seed). */
void            nl_network_model_set_task              (NlNetworkModel  *self,
                                                        const NlTask    *task);
guint64         nl_network_model_get_seed              (NlNetworkModel  *self);
void            nl_network_model_set_seed              (NlNetworkModel  *self,
                                                        guint64          seed);
NlInit          nl_network_model_get_init              (NlNetworkModel  *self);
void            nl_network_model_set_init              (NlNetworkModel  *self,
                                                        NlInit           init);

/* Draws every parameter again from the seed. */
void            nl_network_model_reset                 (NlNetworkModel  *self);

const NlNet    *nl_network_model_get_net               (NlNetworkModel  *self);
guint           nl_network_model_get_n_params          (NlNetworkModel  *self);
const double   *nl_network_model_get_params            (NlNetworkModel  *self,
                                                        guint           *n_params);
/* Copies @n_params parameters (which must be the network's count) and emits
 * "params-changed" when they differ from the current ones. */
void            nl_network_model_set_params            (NlNetworkModel  *self,
                                                        const double    *params,
                                                        guint            n_params);
/* Sets parameter @index alone, as nl_network_model_set_params() does. */
void            nl_network_model_set_param             (NlNetworkModel  *self,
                                                        guint            index,
                                                        double           value);
/* Whether @net fits the model: 0 to 6 hidden layers of 1 to 64 neurons and
 * one output, or a softmax of up to NL_MAX_CLASSES. Says why not. */
gboolean        nl_network_model_check_net             (const NlNet     *net,
                                                        GError         **error);
/* Takes a whole network at once, as a project file holds it: the layers and
 * activations of @net (@activation is the Activation choice, kept even when
 * there are no hidden layers; a hidden layer with another one keeps its own),
 * its parameters, the seed and the initialisation.
 * Emits "architecture-changed" when the layers differ, then "params-changed";
 * fails, changing nothing, when nl_network_model_check_net() does. */
gboolean        nl_network_model_restore               (NlNetworkModel  *self,
                                                        const NlNet     *net,
                                                        NlActivation     activation,
                                                        guint64          seed,
                                                        NlInit           init,
                                                        GError         **error);
/* The output for inputs already normalised (nl_dataset_model_normalize_inputs);
 * with several outputs, the last. */
double          nl_network_model_predict               (NlNetworkModel  *self,
                                                        const double    *normalized_x);
/* Every output (nl_network_model_get_n_outputs() of them) into @outputs. */
void            nl_network_model_predict_all           (NlNetworkModel  *self,
                                                        const double    *normalized_x,
                                                        double          *outputs);

G_END_DECLS
