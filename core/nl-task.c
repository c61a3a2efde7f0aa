/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-task.c: the output layer, losses and decoding of each task. */
#include "nl-task.h"

#include <string.h>

void
nl_task_init (NlTask     *task,
              NlTaskKind  kind,
              size_t      n_classes)
{
  task->kind = kind;
  switch (kind)
    {
    case NL_TASK_MULTICLASS:
      task->n_classes = n_classes;
      break;
    case NL_TASK_REGRESSION:
      task->n_classes = 0;
      break;
    case NL_TASK_BINARY:
    case NL_N_TASKS:
    default:
      task->kind = NL_TASK_BINARY;
      task->n_classes = 2;
      break;
    }
}

int
nl_task_is_classification (const NlTask *task)
{
  return task->kind != NL_TASK_REGRESSION;
}

size_t
nl_task_n_outputs (const NlTask *task)
{
  return task->kind == NL_TASK_MULTICLASS ? task->n_classes : 1;
}

NlActivation
nl_task_output_activation (const NlTask *task)
{
  switch (task->kind)
    {
    case NL_TASK_MULTICLASS:
      return NL_ACTIVATION_SOFTMAX;
    case NL_TASK_REGRESSION:
      return NL_ACTIVATION_LINEAR;
    case NL_TASK_BINARY:
    case NL_N_TASKS:
    default:
      return NL_ACTIVATION_SIGMOID;
    }
}

NlLoss
nl_task_default_loss (const NlTask *task)
{
  return task->kind == NL_TASK_MULTICLASS ? NL_LOSS_BCE : NL_LOSS_MSE;
}

int
nl_task_allows_loss (const NlTask *task,
                     NlLoss        loss)
{
  if (task->kind == NL_TASK_REGRESSION)
    return loss == NL_LOSS_MSE;
  return loss == NL_LOSS_MSE || loss == NL_LOSS_BCE;
}

size_t
nl_task_decode_class (const NlTask *task,
                      const double *outputs,
                      double       *probability)
{
  size_t best = 0;

  if (task->kind != NL_TASK_MULTICLASS)
    {
      /* The tutorial's rule: the positive class from 0.5 up. */
      best = outputs[0] >= 0.5;
      if (probability != NULL)
        *probability = best ? outputs[0] : 1.0 - outputs[0];
      return best;
    }
  /* The first of equal probabilities wins, so ties decode the same way
   * everywhere. */
  for (size_t k = 1; k < task->n_classes; k++)
    if (outputs[k] > outputs[best])
      best = k;
  if (probability != NULL)
    *probability = outputs[best];
  return best;
}

static const char *const task_names[NL_N_TASKS] = { "binary", "multiclass", "regression" };

const char *
nl_task_name (NlTaskKind kind)
{
  return kind < NL_N_TASKS ? task_names[kind] : "binary";
}

int
nl_task_from_name (const char *name,
                   NlTaskKind *out)
{
  for (int i = 0; i < NL_N_TASKS; i++)
    if (strcmp (name, task_names[i]) == 0)
      {
        *out = (NlTaskKind) i;
        return 1;
      }
  if (strcmp (name, "multi-class") == 0)
    {
      *out = NL_TASK_MULTICLASS;
      return 1;
    }
  return 0;
}
