/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-task.h: what a network is asked to do with its output.
 *
 * Three tasks, and everything that depends on which one is in force:
 *
 *   binary       one sigmoid output, the probability of the positive class
 *                (classes[1]); the tutorial's task, MSE by default
 *   multi-class  3 to NL_MAX_CLASSES outputs under a softmax, one a class,
 *                the probabilities of the classes; cross-entropy by default
 *   regression   one identity output, the target standardised by its mean and
 *                standard deviation; MSE
 *
 * The task owns the output layer's size and activation, the losses it
 * allows, how the outputs are decoded into a class and its probability or
 * into a number, and which metrics apply (accuracy and a confusion matrix,
 * or RMSE and R²). Adding a task means adding it here; the rest of the core
 * asks these functions.
 */
#pragma once

#include <stddef.h>

#include "nl-net.h"

#define NL_MAX_CLASSES 20

typedef enum
{
  NL_TASK_BINARY = 0,
  NL_TASK_MULTICLASS,
  NL_TASK_REGRESSION,
  NL_N_TASKS
} NlTaskKind;

typedef struct
{
  NlTaskKind kind;
  size_t     n_classes;   /* 2 for binary, 3 to NL_MAX_CLASSES for multi-class, 0 */
} NlTask;

/* A task of @kind with @n_classes classes (ignored for binary and regression). */
void          nl_task_init                 (NlTask        *task,
                                            NlTaskKind     kind,
                                            size_t         n_classes);
int           nl_task_is_classification    (const NlTask  *task);
/* Neurons in the output layer: 1, or one a class. */
size_t        nl_task_n_outputs            (const NlTask  *task);
NlActivation  nl_task_output_activation    (const NlTask  *task);
NlLoss        nl_task_default_loss         (const NlTask  *task);
int           nl_task_allows_loss          (const NlTask  *task,
                                            NlLoss         loss);

/* The class the outputs (nl_task_n_outputs() values) stand for, and in
 * *probability (may be NULL) the probability the network gives it. For
 * binary, the positive class (1) from 0.5 up. Not for regression. */
size_t        nl_task_decode_class         (const NlTask  *task,
                                            const double  *outputs,
                                            double        *probability);
/* A regression output in the target's own units. */
static inline double
nl_task_decode_value (double output,
                      double shift,
                      double scale)
{
  return output * scale + shift;
}

/* "binary", "multiclass", "regression": the names files and the command
 * line use. */
const char   *nl_task_name                 (NlTaskKind     kind);
int           nl_task_from_name            (const char    *name,
                                            NlTaskKind    *out);
