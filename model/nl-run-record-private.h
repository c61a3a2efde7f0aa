/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-run-record-private.h: making run records, for NlTrainer and the
 * project reader. */
#pragma once

#include "nl-run-record.h"

G_BEGIN_DECLS

/* Everything that tells one run's way of training from another's. */
typedef struct
{
  NlTrainOptions options;
  char          *architecture;   /* "2-2-1" */
  NlActivation   activation;
  NlInit         init;
  guint64        seed;
} NlRunSettings;

void         _nl_run_settings_clear (NlRunSettings       *settings);
void         _nl_run_settings_copy  (const NlRunSettings *from,
                                     NlRunSettings       *to);

/* A finished run numbered @number. @label NULL makes the label from what
 * differs from @previous (NULL for the first run). Takes @history and
 * @test_history (either may be NULL: none). */
NlRunRecord *_nl_run_record_new     (guint                number,
                                     const char          *label,
                                     NlRunRecord         *previous,
                                     const NlRunSettings *settings,
                                     guint64              epochs,
                                     const NlEvaluation  *train,
                                     const NlEvaluation  *test,
                                     NlHistory           *history,
                                     NlHistory           *test_history);
const NlRunSettings *_nl_run_record_get_settings (NlRunRecord *self);

/* The optimizer's name as the interface shows it: "SGD", "Momentum", "Adam". */
const char  *_nl_optimizer_display_name (NlOptimizer optimizer);

G_END_DECLS
