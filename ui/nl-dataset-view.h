/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-view.h: the editable training table.
 *
 * One column per column of the dataset, edited in place as in a
 * spreadsheet (see nl-dataset-view-edit.c for the keys and the pointer),
 * then one read-only column per input with the value the network sees, and
 * a status column that says why a row is left out of training, or what in
 * it looks like a slip. Add Row, Remove Row, Columns (the label and the
 * inputs) and Problems (of the last import) above it. What the table has to
 * say (an edit its column cannot read, what copy, paste and export did) goes
 * out through the "message" signal.
 *
 * Actions: dataset.add-row (and edit the new row's first cell),
 * dataset.remove-row (every selected row; Delete in the table),
 * dataset.copy-rows (Ctrl+C: the selected rows as tab-separated text),
 * dataset.paste-rows (Ctrl+V: appends rows from the clipboard's text) and
 * dataset.export-csv.
 */
#pragma once

#include <gtk/gtk.h>

#include "nl-dataset-model.h"

G_BEGIN_DECLS

#define NL_TYPE_DATASET_VIEW (nl_dataset_view_get_type ())

G_DECLARE_FINAL_TYPE (NlDatasetView, nl_dataset_view, NL, DATASET_VIEW, GtkWidget)

GtkWidget      *nl_dataset_view_new                (void);

void            nl_dataset_view_set_model          (NlDatasetView  *self,
                                                    NlDatasetModel *model);
NlDatasetModel *nl_dataset_view_get_model          (NlDatasetView  *self);

/* The selected row, or -1 when none is. */
gint            nl_dataset_view_get_selected_row   (NlDatasetView  *self);
/* Selects @row (-1 to select none). */
void            nl_dataset_view_set_selected_row   (NlDatasetView  *self,
                                                    gint            row);

/* Marks @row as the sample whose activations the window shows (-1: none). */
void            nl_dataset_view_set_current_sample (NlDatasetView  *self,
                                                    gint            row);
gint            nl_dataset_view_get_current_sample (NlDatasetView  *self);

/* The last message the view sent (NlDatasetView::message), or NULL when
 * there was none since the last good edit. */
const char     *nl_dataset_view_get_message        (NlDatasetView  *self);

/* Stores what is being typed in a cell, now, as leaving the cell would.
 * The window calls it before anything that reads the table (Train, Step,
 * Save...) or closes it. Nothing happens when no cell is being edited. */
void            nl_dataset_view_commit_edit        (NlDatasetView  *self);

/* Asks for a file name (a GtkFileChooserNative, modal to @parent) and
 * writes the table there as CSV, every row with its cells as typed. The
 * outcome, or the error, is said in a message. The action
 * "dataset.export-csv" does the same with the view's window as @parent. */
void            nl_dataset_view_export_csv         (NlDatasetView  *self,
                                                    GtkWindow      *parent);
/* Writes the table to @file as CSV, with no dialog; says how it went in a
 * message, as nl_dataset_view_export_csv() does. */
gboolean        nl_dataset_view_export_csv_to_file (NlDatasetView  *self,
                                                    GFile          *file);

/* The widget that shows and edits the cell (@row, @column) of the dataset
 * while that row is on screen, else NULL: a GtkEntry, read-only until the
 * cell is edited. For tests. */
GtkWidget      *nl_dataset_view_get_cell_widget    (NlDatasetView  *self,
                                                    guint           row,
                                                    guint           column);

G_END_DECLS
