/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-model-enums.h: GTypes for the core's enumerations, so that they can be
 * properties and be bound to drop-downs. */
#pragma once

#include <glib-object.h>

#include "nl-dataset.h"
#include "nl-net.h"
#include "nl-train.h"

G_BEGIN_DECLS

#define NL_TYPE_ACTIVATION  (nl_activation_get_type ())
#define NL_TYPE_LOSS        (nl_loss_get_type ())
#define NL_TYPE_INIT        (nl_init_get_type ())
#define NL_TYPE_NORMALIZE   (nl_normalize_get_type ())
#define NL_TYPE_COLUMN_KIND (nl_column_kind_get_type ())
#define NL_TYPE_TASK_KIND   (nl_task_kind_get_type ())
#define NL_TYPE_OPTIMIZER   (nl_optimizer_get_type ())

GType nl_activation_get_type  (void) G_GNUC_CONST;
GType nl_loss_get_type        (void) G_GNUC_CONST;
GType nl_init_get_type        (void) G_GNUC_CONST;
GType nl_normalize_get_type   (void) G_GNUC_CONST;
GType nl_column_kind_get_type (void) G_GNUC_CONST;
GType nl_task_kind_get_type   (void) G_GNUC_CONST;
GType nl_optimizer_get_type   (void) G_GNUC_CONST;

G_END_DECLS
