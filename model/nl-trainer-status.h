/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer-status.h: the trainer's figures as the window's status line
 * reads them.
 *
 * "Epoch 1000 · Loss 0.0021 · Accuracy 100%" for a classification, "Epoch
 * 1000 · Loss 0.0021 · RMSE 12.3 · R² 0.97" for a regression (RMSE in the
 * target's units), each followed by the same figures of the test rows when
 * the run holds some back; "Not trained yet" before the first epoch. The
 * figures are those of the task the trainer last trained on
 * (nl_trainer_get_task()), so that a table changed since does not relabel
 * them.
 */
#pragma once

#include "nl-trainer.h"

G_BEGIN_DECLS

char *nl_trainer_dup_status_text (NlTrainer *self);

/* A loss as the status line shows it: four decimals, two significant
 * digits below 0.0001, "—" when it is not a number. */
char *nl_trainer_format_loss     (double     loss);

G_END_DECLS
