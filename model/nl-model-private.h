/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-model-private.h: internals shared between the files of the model floor. */
#pragma once

#include <glib.h>

#include "nl-dataset-model.h"
#include "nl-error.h"
#include "nl-row.h"

G_BEGIN_DECLS

/* How many training workers are running now, in every trainer: for the
 * tests, which check that no run outlives its trainer. */
guint  _nl_trainer_count_workers     (void);

/* Sets @error in NL_MODEL_ERROR from the core's error record. */
void   _nl_model_set_error_from_core (GError           **error,
                                      const NlError     *core);

NlRow *_nl_row_new                   (NlDatasetModel    *model,
                                      guint              index);
void   _nl_row_set_index             (NlRow             *self,
                                      guint              index);
/* Forgets the model: the row was removed from the table. */
void   _nl_row_detach                (NlRow             *self);
/* Re-reads usability from the model and emits NlRow::changed for @column
 * (G_MAXUINT for every column). */
void   _nl_row_refresh               (NlRow             *self,
                                      guint              column);

/* Why row @index cannot be trained on, or NULL when it can. */
char  *_nl_dataset_model_dup_row_problem (NlDatasetModel *self,
                                          guint           index);
/* What looks like a slip in row @index (see nl_dataset_cell_plausibility),
 * or NULL. */
char  *_nl_dataset_model_dup_row_warning (NlDatasetModel *self,
                                          guint           index);
NlPlausibility _nl_dataset_model_judge_cell (NlDatasetModel *self,
                                             guint           row,
                                             guint           column,
                                             double         *low,
                                             double         *high);
/* FALSE when the cell holds text its column cannot read, or is empty where
 * training reads it. */
gboolean _nl_dataset_model_cell_is_valid (NlDatasetModel *self,
                                          guint           row,
                                          guint           column);
/* Re-reads the row's warning from the model; notifies when it changed. */
void   _nl_row_update_warning        (NlRow             *self);

/* Progress of work on a worker thread, reported on the caller's thread-
 * default main context (see nl-progress.c). Made on that context; the worker
 * posts; _nl_progress_finish() is called once, on that context, when the
 * work is over, and gives the caller's data to its destroy function. */
typedef struct _NlProgress NlProgress;

NlProgress *_nl_progress_new     (NlLoadProgressFunc  func,
                                  gpointer            data,
                                  GDestroyNotify      destroy);
void        _nl_progress_unref   (NlProgress         *progress);
/* From the worker: @fraction (0 to 1) is the latest; reports go out at most
 * a few dozen times a second, unless @force. */
void        _nl_progress_post    (NlProgress         *progress,
                                  double              fraction,
                                  gboolean            force);
/* The last report (1.0 when @success), then no more. */
void        _nl_progress_finish  (NlProgress         *progress,
                                  gboolean            success);

G_END_DECLS
