/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-hidden.h: the hidden layers as a person writes them, "4 tanh, 3 relu".
 *
 * One syntax for the window's Hidden neurons field, the command line's
 * --hidden and anything else that names hidden layers: sizes separated by
 * commas (spaces and tabs around them allowed), each optionally followed by
 * that layer's activation (a name of nl_activation_name(), in any case).
 * A layer that names no activation follows a default the caller gives
 * (the window's Activation choice). "" is no hidden layer at all. There are
 * 0 to NL_HIDDEN_MAX_LAYERS layers of 1 to NL_HIDDEN_MAX_SIZE neurons: a
 * network a person can watch, and the window can draw.
 */
#pragma once

#include <stddef.h>

#include "nl-error.h"
#include "nl-net.h"

#define NL_HIDDEN_MAX_LAYERS 6
#define NL_HIDDEN_MAX_SIZE   64
/* Room for the longest text nl_hidden_format() writes, with its NUL. */
#define NL_HIDDEN_TEXT_SIZE  96

typedef struct
{
  size_t       n_layers;
  size_t       sizes[NL_HIDDEN_MAX_LAYERS];
  /* A layer's own activation, when activation_set[i] says it names one. */
  NlActivation activation[NL_HIDDEN_MAX_LAYERS];
  int          activation_set[NL_HIDDEN_MAX_LAYERS];
} NlHidden;

/* Reads @text into @hidden. On a mistake, leaves @hidden with no layers and
 * returns NL_ERR_PARSE with a message that names the layer and the text that
 * is wrong, and says what the syntax is; error->column is the layer
 * (1-based). */
NlStatus     nl_hidden_parse      (const char         *text,
                                   NlHidden           *hidden,
                                   NlError            *error);

/* Writes @hidden in its shortest form, "4 tanh,3" ("" for no layers), into
 * @buf of @size bytes (NL_HIDDEN_TEXT_SIZE is always enough). Two texts that
 * parse to the same layers format the same. */
void         nl_hidden_format     (const NlHidden     *hidden,
                                   char               *buf,
                                   size_t              size);

/* The activation layer @layer (0 for the first hidden one) uses, when the
 * layers without their own follow @default_activation. */
NlActivation nl_hidden_activation (const NlHidden     *hidden,
                                   size_t              layer,
                                   NlActivation        default_activation);

/* The whole network's layers for nl_net_new(): @n_inputs, the hidden layers,
 * @n_outputs with @output_activation. @sizes and @activations need room for
 * NL_HIDDEN_MAX_LAYERS + 2 entries. Returns the number of layers. */
size_t       nl_hidden_net_layers (const NlHidden     *hidden,
                                   size_t              n_inputs,
                                   size_t              n_outputs,
                                   NlActivation        default_activation,
                                   NlActivation        output_activation,
                                   size_t             *sizes,
                                   NlActivation       *activations);

/* The hidden layers of @net, as nl_hidden_parse() would give them: a layer
 * whose activation is not @default_activation names its own. Returns
 * NL_ERR_INVALID, with a reason, when @net has more hidden layers or larger
 * ones than the syntax allows. */
NlStatus     nl_hidden_from_net   (const NlNet        *net,
                                   NlActivation        default_activation,
                                   NlHidden           *hidden,
                                   NlError            *error);
