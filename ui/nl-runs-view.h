/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-runs-view.h: the table of finished runs, to compare them.
 *
 * One row per run of the trainer's (nl_trainer_get_runs()), oldest first:
 * its number, what it changed and its settings, its epochs, final loss,
 * test loss and accuracy (or R² for a regression), a "Show" check that
 * shows or hides its curves on the loss plot (the record's "visible") and a
 * "Remove" button. With no run yet it says how runs come to be.
 */
#pragma once

#include <gtk/gtk.h>

#include "nl-trainer.h"

G_BEGIN_DECLS

#define NL_TYPE_RUNS_VIEW (nl_runs_view_get_type ())

G_DECLARE_FINAL_TYPE (NlRunsView, nl_runs_view, NL, RUNS_VIEW, GtkWidget)

GtkWidget *nl_runs_view_new         (void);

NlTrainer *nl_runs_view_get_trainer (NlRunsView *self);
void       nl_runs_view_set_trainer (NlRunsView *self,
                                     NlTrainer  *trainer);

/* The rows shown, one per run. */
guint      nl_runs_view_get_n_rows  (NlRunsView *self);

G_END_DECLS
