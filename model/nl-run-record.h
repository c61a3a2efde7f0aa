/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-run-record.h: a finished training run, kept to compare with others.
 *
 * A run is the training from one reset of the network to the next. When
 * the network is reset (Reset, a new architecture, seed or initialisation)
 * after at least one epoch, NlTrainer archives the run so far as an
 * NlRunRecord: the settings it trained with last, the network's shape, its
 * epochs, final figures and its (bounded) loss and test loss histories, and
 * a label saying what differed from the run before ("lr 0.1 → 0.5",
 * "Adam"). A record does not change, except whether it is shown.
 */
#pragma once

#include <glib-object.h>

#include "nl-history.h"
#include "nl-net.h"
#include "nl-train.h"

G_BEGIN_DECLS

#define NL_TYPE_RUN_RECORD (nl_run_record_get_type ())

G_DECLARE_FINAL_TYPE (NlRunRecord, nl_run_record, NL, RUN_RECORD, GObject)

/* What differed from the run before: "lr 0.1 → 0.5", "Adam", "batch 1 → 8",
 * "L2 0 → 0.01", "2-3-1", two differences joined with ", "; the first run
 * describes itself ("SGD, lr 0.1"). */
const char           *nl_run_record_get_label          (NlRunRecord  *self);
/* The settings in a line: "SGD, lr 0.1, batch 1", with the optimizer's
 * coefficients when it has any and the penalties that are on. Free with
 * g_free(). */
char                 *nl_run_record_describe_settings  (NlRunRecord  *self);
/* The settings it trained with last (shuffle_seed is not meaningful). */
const NlTrainOptions *nl_run_record_get_options        (NlRunRecord  *self);
/* The layer sizes, "2-2-1". */
const char           *nl_run_record_get_architecture   (NlRunRecord  *self);
/* The hidden layers' activation, the initialisation and the seed. */
NlActivation          nl_run_record_get_activation     (NlRunRecord  *self);
NlInit                nl_run_record_get_init           (NlRunRecord  *self);
guint64               nl_run_record_get_seed           (NlRunRecord  *self);
guint64               nl_run_record_get_epochs         (NlRunRecord  *self);
/* The last evaluation of the training rows and of the test set (NAN where a
 * figure does not apply or was not known). Either may be NULL. */
void                  nl_run_record_get_evaluation     (NlRunRecord  *self,
                                                        NlEvaluation *train,
                                                        NlEvaluation *test);
const NlHistory      *nl_run_record_get_history        (NlRunRecord  *self);
/* NULL when the run had no test set. */
const NlHistory      *nl_run_record_get_test_history   (NlRunRecord  *self);
/* Whether its curves are shown ("visible", notifies); TRUE at first. */
gboolean              nl_run_record_get_visible        (NlRunRecord  *self);
void                  nl_run_record_set_visible        (NlRunRecord  *self,
                                                        gboolean      visible);
/* 1, 2, ... in the order the runs were made ("Run 3"). */
guint                 nl_run_record_get_number         (NlRunRecord  *self);

G_END_DECLS
