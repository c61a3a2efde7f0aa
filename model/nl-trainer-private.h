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

G_END_DECLS
