/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer-private.h: NlTrainer's internals for the project reader and
 * the document. */
#pragma once

#include "nl-run-record.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

/* Replaces the finished runs with @runs (n_runs of them, oldest first, at
 * most NL_TRAINER_MAX_RUNS; references are taken): a project's, or none
 * for a new table. The next run is numbered after the highest. */
void _nl_trainer_replace_runs (NlTrainer    *self,
                               NlRunRecord **runs,
                               guint         n_runs);

/* The optimizer's memory, for a project or an undo step: steps taken and
 * @n_params values of each moment (NULL: none) of @optimizer (used only
 * while it is the one chosen). The network must have @n_params
 * parameters. Call after nl_trainer_restore(), which clears it. */
void     _nl_trainer_set_optimizer_state  (NlTrainer     *self,
                                           NlOptimizer    optimizer,
                                           guint64        steps,
                                           const double  *first,
                                           const double  *second,
                                           gsize          n_params);
/* The memory the next run starts from, of the optimizer chosen now
 * (borrowed; NULL arrays: none); FALSE when there is none. */
gboolean _nl_trainer_get_optimizer_memory (NlTrainer     *self,
                                           guint64       *steps,
                                           const double **first,
                                           const double **second);

G_END_DECLS
