/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-table-edit.h: one edit of the training table, as undo needs it.
 *
 * NlDatasetModel describes every edit a person makes to the table (a cell,
 * rows added, removed or pasted, the columns' roles) with an NlTableEdit in
 * its "edited" signal: enough to put the table back as it was before the
 * edit, and to make the edit again afterwards (nl_dataset_model_apply_edit).
 * A whole new table (opening a file) is not an edit. The undo stack of
 * NlDocument keeps copies.
 */
#pragma once

#include <glib-object.h>

#include "nl-dataset.h"

G_BEGIN_DECLS

#define NL_TYPE_TABLE_EDIT (nl_table_edit_get_type ())

typedef struct _NlTableEdit NlTableEdit;

typedef enum
{
  NL_TABLE_EDIT_CELL,
  NL_TABLE_EDIT_INSERT_ROWS,
  NL_TABLE_EDIT_REMOVE_ROWS,
  NL_TABLE_EDIT_ROLES,
} NlTableEditKind;

/* The columns' roles: each column's kind and whether it is an input. */
typedef struct
{
  guint         n_columns;
  NlColumnKind *kinds;
  gboolean     *inputs;
} NlTableRoles;

GType            nl_table_edit_get_type       (void) G_GNUC_CONST;

/* @old_text and @new_text as stored (numbers with a point). */
NlTableEdit     *nl_table_edit_new_cell       (guint               row,
                                               guint               column,
                                               const char         *column_name,
                                               const char         *old_text,
                                               const char         *new_text);
/* Rows @rows (ascending, as positions in the table that holds them), each
 * with its cells' texts (@n_rows * @n_columns, row by row); @kind is
 * NL_TABLE_EDIT_INSERT_ROWS or NL_TABLE_EDIT_REMOVE_ROWS; @pasted says
 * that inserted rows came from the clipboard. */
NlTableEdit     *nl_table_edit_new_rows       (NlTableEditKind     kind,
                                               gboolean            pasted,
                                               const guint        *rows,
                                               guint               n_rows,
                                               guint               n_columns,
                                               const char * const *texts);
/* Takes both role sets. */
NlTableEdit     *nl_table_edit_new_roles      (NlTableRoles       *before,
                                               NlTableRoles       *after);

NlTableEdit     *nl_table_edit_copy           (const NlTableEdit  *edit);
void             nl_table_edit_free           (NlTableEdit        *edit);

NlTableEditKind  nl_table_edit_get_kind       (const NlTableEdit  *edit);
/* What the edit did, for "Undo %s": "Edit Height (in)", "Add Row",
 * "Remove 3 Rows", "Paste 5 Rows", "Change Columns". */
const char      *nl_table_edit_get_label      (const NlTableEdit  *edit);

/* The fields, for nl_dataset_model_apply_edit(). */
void             nl_table_edit_get_cell       (const NlTableEdit  *edit,
                                               guint              *row,
                                               guint              *column,
                                               const char        **old_text,
                                               const char        **new_text);
const guint     *nl_table_edit_get_rows       (const NlTableEdit  *edit,
                                               guint              *n_rows,
                                               guint              *n_columns,
                                               const char * const **texts);
const NlTableRoles *nl_table_edit_get_roles   (const NlTableEdit  *edit,
                                               gboolean            after);

void             nl_table_roles_clear         (NlTableRoles       *roles);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NlTableEdit, nl_table_edit_free)

G_END_DECLS
