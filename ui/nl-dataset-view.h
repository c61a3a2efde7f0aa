/* nl-dataset-view.h: the editable training table.
 *
 * One column per column of the dataset, edited in place, then one read-only
 * column per input with the value the network sees, and a status column that
 * says why a row is left out of training. Add Row, Remove Row, Columns (the
 * label and the inputs) and Problems (of the last import) above it; a
 * refused edit, and what copy, paste and export did, is said below it.
 *
 * Actions: dataset.add-row, dataset.remove-row (every selected row),
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

/* What the message below the table says, or NULL when it is hidden. */
const char     *nl_dataset_view_get_message        (NlDatasetView  *self);

/* Asks for a file name (a GtkFileChooserNative, modal to @parent) and
 * writes the table there as CSV, every row with its cells as typed. The
 * outcome, or the error, is said in the message below the table. The action
 * "dataset.export-csv" does the same with the view's window as @parent. */
void            nl_dataset_view_export_csv         (NlDatasetView  *self,
                                                    GtkWindow      *parent);
/* Writes the table to @file as CSV, with no dialog; says how it went in the
 * message below the table, as nl_dataset_view_export_csv() does. */
gboolean        nl_dataset_view_export_csv_to_file (NlDatasetView  *self,
                                                    GFile          *file);

/* The widget that shows the cell (@row, @column) of the dataset while that
 * row is on screen, else NULL: a GtkEditableLabel for text and numbers, a
 * GtkDropDown for the label. For tests and for moving the focus. */
GtkWidget      *nl_dataset_view_get_cell_widget    (NlDatasetView  *self,
                                                    guint           row,
                                                    guint           column);

G_END_DECLS
