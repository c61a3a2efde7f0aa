/* nl-row.h: one row of the training table, as an item of NlDatasetModel.
 *
 * A row reads its cells from the dataset model it belongs to (a weak
 * reference: a row that outlives its model, or was removed, reads as empty).
 * List cells bind to its properties and to NlRow::changed.
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
/* Convenience for nl_dataset_model_set_cell() on this row. */
gboolean        nl_row_set_text       (NlRow       *self,
                                       guint        column,
                                       const char  *text,
                                       GError     **error);

G_END_DECLS
