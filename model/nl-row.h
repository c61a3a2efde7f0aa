/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-row.h: one row of the training table, as an item of NlDatasetModel.
 *
 * A row reads its cells from the dataset model it belongs to (a weak
 * reference: a row that outlives its model, or was removed, reads as empty).
 * List cells bind to its properties ("problem", "warning", "index"...) and
 * to NlRow::changed.
 */
#pragma once

#include <glib-object.h>

#include "nl-dataset-model.h"

G_BEGIN_DECLS

#define NL_TYPE_ROW (nl_row_get_type ())

G_DECLARE_FINAL_TYPE (NlRow, nl_row, NL, ROW, GObject)

NlDatasetModel *nl_row_get_model      (NlRow       *self);
/* The row's position in the table, 0-based; G_MAXUINT once removed. */
guint           nl_row_get_index      (NlRow       *self);
/* The cell's text as typed or imported; "" for a removed row. */
const char     *nl_row_get_text       (NlRow       *self,
                                       guint        column);
/* The cell's parsed value (0 or 1 for the label), or NAN when the cell is
 * empty or invalid, or the column is text. */
double          nl_row_get_value      (NlRow       *self,
                                       guint        column);
/* What the network sees for input @i, or NAN when the row is not usable. */
double          nl_row_get_normalized (NlRow       *self,
                                       guint        i);
gboolean        nl_row_get_usable     (NlRow       *self);
/* Why the row is left out of training, or NULL. */
const char     *nl_row_get_problem    (NlRow       *self);
/* What in the row looks like a slip of the keyboard ("Weight (lb) 153152 is
 * far outside the other rows (120–160)"), or NULL. The row is trained on
 * all the same. See nl_dataset_cell_plausibility() for the rule. */
const char     *nl_row_get_warning    (NlRow       *self);
/* FALSE when the cell holds text its column cannot read ("abc" for a
 * weight), or is empty where training needs a value. */
gboolean        nl_row_get_cell_valid (NlRow       *self,
                                       guint        column);
/* FALSE when the cell's number is the one the row's warning is about. */
gboolean        nl_row_get_cell_plausible (NlRow   *self,
                                           guint    column);
/* Convenience for nl_dataset_model_set_cell() on this row. */
gboolean        nl_row_set_text       (NlRow       *self,
                                       guint        column,
                                       const char  *text,
                                       GError     **error);

G_END_DECLS
