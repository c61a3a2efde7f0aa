/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-model.h: the training table as a GListModel of NlRow.
 *
 * NlDatasetModel owns an NlDataset from the core. Every edit goes through it,
 * is stored as typed (a value its column cannot read keeps its row out of
 * training, and the edit says what is wrong and where) and is announced:
 * NlRow::changed and notify on the row, GListModel::items-changed when rows come
 * and go, NlDatasetModel::changed for any edit, and notify on "trainable",
 * "trainable-reason" and "n-usable-rows" when they change. Last comes
 * NlDatasetModel::edited, with what the edit was and how to undo it (see
 * nl-table-edit.h).
 *
 * Normalisation: the tutorial's table is shifted by the constants 135 lb and
 * 66 in; an imported table is standardised. Standardisation parameters (mean
 * and standard deviation of the usable rows) are recomputed after every edit,
 * except while a training run holds them (nl_dataset_model_hold_normalization):
 * then the run, the network it trains and the predict form keep using the
 * parameters the run started with, and the recomputation happens when the last
 * hold is released. Shift constants never change on their own.
 */
#pragma once

#include <gio/gio.h>

#include "nl-dataset.h"
#include "nl-table-edit.h"

G_BEGIN_DECLS

#define NL_TYPE_DATASET_MODEL (nl_dataset_model_get_type ())

G_DECLARE_FINAL_TYPE (NlDatasetModel, nl_dataset_model, NL, DATASET_MODEL, GObject)

NlDatasetModel  *nl_dataset_model_new_tutorial         (void);
/* Takes ownership of @dataset. */
NlDatasetModel  *nl_dataset_model_new_from_dataset     (NlDataset       *dataset);

/* Replaces the whole table (takes ownership of @dataset). */
void             nl_dataset_model_set_dataset          (NlDatasetModel  *self,
                                                        NlDataset       *dataset);
const NlDataset *nl_dataset_model_get_dataset          (NlDatasetModel  *self);

/* Reads a CSV file synchronously and replaces the table with it, standardised.
 * Cells that are missing or bad do not fail the load: they are listed by
 * nl_dataset_model_get_problems(). A file that is not CSV at all fails. */
gboolean         nl_dataset_model_load_csv             (NlDatasetModel  *self,
                                                        GFile           *file,
                                                        GCancellable    *cancellable,
                                                        GError         **error);
/* Progress of an asynchronous load, called on the thread-default main context
 * of the caller at most a few dozen times a second: @fraction grows from 0 to
 * 1.0, reading the file takes the first part and parsing the rest; 1.0 comes
 * once, just before the load's callback, and only when the load succeeded. */
typedef void (*NlLoadProgressFunc) (double   fraction,
                                    gpointer user_data);

/* Reads and parses a CSV file on a worker thread, then replaces the table
 * with it on the caller's main context, as nl_dataset_model_load_csv() does.
 * Cancelling @cancellable stops the reading at once and leaves the table as
 * it was. @progress may be NULL; @progress_data_destroy runs on the caller's
 * context when the load is over. */
void             nl_dataset_model_load_csv_async       (NlDatasetModel      *self,
                                                        GFile               *file,
                                                        GCancellable        *cancellable,
                                                        NlLoadProgressFunc   progress,
                                                        gpointer             progress_data,
                                                        GDestroyNotify       progress_data_destroy,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean         nl_dataset_model_load_csv_finish      (NlDatasetModel      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Writes the table as CSV (header, then every row with its cells' texts as
 * typed, so that rows left out of training are kept too), replacing @file
 * atomically. */
gboolean         nl_dataset_model_save_csv             (NlDatasetModel  *self,
                                                        GFile           *file,
                                                        GError         **error);

/* Appends rows from text copied out of a spreadsheet: one row per line,
 * cells split by tabs, or by commas when there is no tab (quotes as in CSV).
 * A first line that repeats the column names is skipped. Every cell is kept
 * as typed, even when it is not valid for its column (its row then stays out
 * of training, and says why); missing cells are left empty. Returns the
 * number of rows appended; @n_dropped (may be NULL) receives the number of
 * cells beyond the last column, which have nowhere to go. */
guint            nl_dataset_model_append_text          (NlDatasetModel  *self,
                                                        const char      *text,
                                                        guint           *n_dropped);
/* The cells of @rows (indices, @n_rows of them) as tab-separated text, one
 * row per line ending in "\n", texts as typed; a cell holding a tab, a line
 * break or a leading quote is quoted as spreadsheets do. */
char            *nl_dataset_model_dup_rows_text        (NlDatasetModel  *self,
                                                        const guint     *rows,
                                                        guint            n_rows);

/* The problems of the last import that leave rows out of training, as
 * strings like "Line 4, column 2 (Weight (lb)): ..."; (transfer none). */
GPtrArray       *nl_dataset_model_get_problems         (NlDatasetModel  *self);
/* What the last import decided about the file, which leaves no row out
 * ("Separated by semicolons, with decimal commas"); (transfer none). */
GPtrArray       *nl_dataset_model_get_notes            (NlDatasetModel  *self);

guint            nl_dataset_model_get_n_rows           (NlDatasetModel  *self);
guint            nl_dataset_model_get_n_columns        (NlDatasetModel  *self);
const char      *nl_dataset_model_get_column_name      (NlDatasetModel  *self,
                                                        guint            column);
NlColumnKind     nl_dataset_model_get_column_kind      (NlDatasetModel  *self,
                                                        guint            column);
gboolean         nl_dataset_model_get_column_is_input  (NlDatasetModel  *self,
                                                        guint            column);
void             nl_dataset_model_set_column_is_input  (NlDatasetModel  *self,
                                                        guint            column,
                                                        gboolean         is_input);
/* Whether @column holds at most NL_MAX_CLASSES different values in its
 * cells that are not missing, so that nl_dataset_model_set_label_column()
 * would accept it. */
gboolean         nl_dataset_model_get_column_can_be_label (NlDatasetModel *self,
                                                           guint           column);
/* Whether @column holds numbers, so that it can be the regression target. */
gboolean         nl_dataset_model_get_column_can_be_target (NlDatasetModel *self,
                                                            guint           column);
/* Why @column cannot be the label or the target, shortly, for the Columns
 * menu ("Label: a different value in every row · Target: not numbers"), or
 * NULL when it can be either. */
char            *nl_dataset_model_dup_column_role_note (NlDatasetModel *self,
                                                        guint           column);
/* The label column, or -1. */
int              nl_dataset_model_get_label_column     (NlDatasetModel  *self);
/* Makes @column the label (see nl_dataset_set_label_column()). The former
 * label column becomes text, or numeric (not an input) when every one of its
 * non-empty cells is a number, so that a 0/1 column can be an input again.
 * Emits NlDatasetModel::columns-changed and notifies "n-inputs" when the
 * number of inputs changes, as nl_dataset_model_set_column_is_input() does. */
gboolean         nl_dataset_model_set_label_column     (NlDatasetModel  *self,
                                                        guint            column,
                                                        GError         **error);
/* Makes @column the target of a regression (see
 * nl_dataset_set_target_column()), as nl_dataset_model_set_label_column()
 * makes a label. */
gboolean         nl_dataset_model_set_target_column    (NlDatasetModel  *self,
                                                        guint            column,
                                                        GError         **error);
/* The label's class @index (for two classes 1 is the positive class, the one
 * the network's output is the probability of), or NULL when there is none. */
const char      *nl_dataset_model_get_class_name       (NlDatasetModel  *self,
                                                        guint            index);
/* The label's classes (2 for a binary label or none), 0 for a target. */
guint            nl_dataset_model_get_n_classes        (NlDatasetModel  *self);
/* The table's task (nl_dataset_task()). */
void             nl_dataset_model_get_task             (NlDatasetModel  *self,
                                                        NlTask          *task);
/* For a regression: the target's standardisation, target = y * scale +
 * shift (returned; *shift may be NULL); 1 and 0 otherwise. */
double           nl_dataset_model_get_target_scale     (NlDatasetModel  *self,
                                                        double          *shift);
guint            nl_dataset_model_get_n_inputs         (NlDatasetModel  *self);
/* The column of input @i. */
guint            nl_dataset_model_get_input_column     (NlDatasetModel  *self,
                                                        guint            i);
const char      *nl_dataset_model_get_input_name       (NlDatasetModel  *self,
                                                        guint            i);

const char      *nl_dataset_model_get_cell_text        (NlDatasetModel  *self,
                                                        guint            row,
                                                        guint            column);
/* Stores @text in the cell as typed, whatever it is: nothing a person types
 * is lost. Returns TRUE when the column can read it. When it cannot (not a
 * number, not one of the label's two classes, empty where training needs a
 * value) the text is stored all the same, its row is left out of training
 * until it is fixed (nl_row_get_problem() says why), and FALSE is returned
 * with @error (NL_MODEL_ERROR_PARSE) saying what is wrong and where: "Row 3,
 * Weight (lb): “abc” is not a number". Only a failure to allocate memory
 * keeps the old text, with another error. */
gboolean         nl_dataset_model_set_cell             (NlDatasetModel  *self,
                                                        guint            row,
                                                        guint            column,
                                                        const char      *text,
                                                        GError         **error);
/* Appends a row and returns its index. See the .c file for what it holds. */
guint            nl_dataset_model_add_row              (NlDatasetModel  *self);
void             nl_dataset_model_remove_row           (NlDatasetModel  *self,
                                                        guint            row);
/* Removes the rows @rows (in any order; each once), as one edit. */
void             nl_dataset_model_remove_rows          (NlDatasetModel  *self,
                                                        const guint     *rows,
                                                        guint            n_rows);

/* Undoes (@undo) or makes again an edit this model described in its
 * "edited" signal, when the table is as the edit left it (or as it found
 * it); emits "edited" for what that did. FALSE, changing nothing, when the
 * edit does not fit the table (another table, other columns). */
gboolean         nl_dataset_model_apply_edit           (NlDatasetModel    *self,
                                                        const NlTableEdit *edit,
                                                        gboolean           undo);

gboolean         nl_dataset_model_get_trainable        (NlDatasetModel  *self);
/* Why the table cannot be trained on, or NULL when it can. */
const char      *nl_dataset_model_get_trainable_reason (NlDatasetModel  *self);
guint            nl_dataset_model_get_n_usable_rows    (NlDatasetModel  *self);

NlNormalize      nl_dataset_model_get_normalization    (NlDatasetModel  *self);
/* NL_NORMALIZE_SHIFT uses the table's own constants when it has them (the
 * tutorial's 135 lb and 66 in), else the column means at that moment. */
void             nl_dataset_model_set_normalization    (NlDatasetModel  *self,
                                                        NlNormalize      mode);
/* While held (the trainer holds it during a run), standardisation parameters
 * are not recomputed; releasing the last hold recomputes them if the table
 * changed. */
void             nl_dataset_model_hold_normalization   (NlDatasetModel  *self);
void             nl_dataset_model_release_normalization (NlDatasetModel *self);

/* Maps raw values of the inputs (n_inputs of them) to what the network sees. */
void             nl_dataset_model_normalize_inputs     (NlDatasetModel  *self,
                                                        const double    *raw,
                                                        double          *out);
/* Parses a value typed for input @i ('.' decimals whatever the locale). */
gboolean         nl_dataset_model_parse_input          (NlDatasetModel  *self,
                                                        guint            i,
                                                        const char      *text,
                                                        double          *value,
                                                        GError         **error);

/* A deep copy of the usable rows, normalised: what a training run works on,
 * safe to hand to another thread. Free with nl_dataset_model_free_snapshot(). */
NlMatrix        *nl_dataset_model_snapshot             (NlDatasetModel  *self,
                                                        GError         **error);
void             nl_dataset_model_free_snapshot        (NlMatrix        *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NlMatrix, nl_dataset_model_free_snapshot)

G_END_DECLS
