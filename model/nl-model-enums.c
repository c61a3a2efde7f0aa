/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-model-enums.c: GTypes for the core's enumerations. The nicks are the
 * names the core and the project file use. */
#include "nl-model-enums.h"

G_DEFINE_ENUM_TYPE (NlActivation, nl_activation,
  G_DEFINE_ENUM_VALUE (NL_ACTIVATION_SIGMOID, "sigmoid"),
  G_DEFINE_ENUM_VALUE (NL_ACTIVATION_TANH, "tanh"),
  G_DEFINE_ENUM_VALUE (NL_ACTIVATION_RELU, "relu"),
  G_DEFINE_ENUM_VALUE (NL_ACTIVATION_LINEAR, "linear"),
  G_DEFINE_ENUM_VALUE (NL_ACTIVATION_SOFTMAX, "softmax"))

G_DEFINE_ENUM_TYPE (NlLoss, nl_loss,
  G_DEFINE_ENUM_VALUE (NL_LOSS_MSE, "mse"),
  G_DEFINE_ENUM_VALUE (NL_LOSS_BCE, "bce"))

G_DEFINE_ENUM_TYPE (NlInit, nl_init,
  G_DEFINE_ENUM_VALUE (NL_INIT_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (NL_INIT_SCALED, "scaled"))

G_DEFINE_ENUM_TYPE (NlNormalize, nl_normalize,
  G_DEFINE_ENUM_VALUE (NL_NORMALIZE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (NL_NORMALIZE_SHIFT, "shift"),
  G_DEFINE_ENUM_VALUE (NL_NORMALIZE_STANDARDIZE, "standardize"))

G_DEFINE_ENUM_TYPE (NlColumnKind, nl_column_kind,
  G_DEFINE_ENUM_VALUE (NL_COLUMN_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (NL_COLUMN_NUMERIC, "numeric"),
  G_DEFINE_ENUM_VALUE (NL_COLUMN_LABEL, "label"),
  G_DEFINE_ENUM_VALUE (NL_COLUMN_TARGET, "target"))

G_DEFINE_ENUM_TYPE (NlTaskKind, nl_task_kind,
  G_DEFINE_ENUM_VALUE (NL_TASK_BINARY, "binary"),
  G_DEFINE_ENUM_VALUE (NL_TASK_MULTICLASS, "multiclass"),
  G_DEFINE_ENUM_VALUE (NL_TASK_REGRESSION, "regression"))

G_DEFINE_ENUM_TYPE (NlOptimizer, nl_optimizer,
  G_DEFINE_ENUM_VALUE (NL_OPTIMIZER_SGD, "sgd"),
  G_DEFINE_ENUM_VALUE (NL_OPTIMIZER_MOMENTUM, "momentum"),
  G_DEFINE_ENUM_VALUE (NL_OPTIMIZER_ADAM, "adam"))
