/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-table-edit.c: one edit of the training table, as undo needs it (see
 * nl-table-edit.h). A plain record: NlDatasetModel makes them and applies
 * them, NlDocument keeps them. */
#include "nl-table-edit.h"

#include <glib/gi18n.h>

struct _NlTableEdit
{
  NlTableEditKind  kind;
  char            *label;

  /* NL_TABLE_EDIT_CELL */
  guint            row;
  guint            column;
  char            *old_text;
  char            *new_text;

  /* NL_TABLE_EDIT_INSERT_ROWS, NL_TABLE_EDIT_REMOVE_ROWS */
  guint           *rows;
  guint            n_rows;
  guint            n_columns;
  char           **texts;     /* n_rows * n_columns, NULL-terminated */

  /* NL_TABLE_EDIT_ROLES */
  NlTableRoles     roles[2];  /* before, after */
};

G_DEFINE_BOXED_TYPE (NlTableEdit, nl_table_edit, nl_table_edit_copy, nl_table_edit_free)

NlTableEdit *
nl_table_edit_new_cell (guint       row,
                        guint       column,
                        const char *column_name,
                        const char *old_text,
                        const char *new_text)
{
  NlTableEdit *edit = g_new0 (NlTableEdit, 1);

  edit->kind = NL_TABLE_EDIT_CELL;
  /* Translators: what an edit did, as the Undo menu item shows it ("Undo
   * Edit Height (in)"); %s is the column's name. */
  edit->label = g_strdup_printf (_("Edit %s"), column_name);
  edit->row = row;
  edit->column = column;
  edit->old_text = g_strdup (old_text);
  edit->new_text = g_strdup (new_text);
  return edit;
}

NlTableEdit *
nl_table_edit_new_rows (NlTableEditKind     kind,
                        gboolean            pasted,
                        const guint        *rows,
                        guint               n_rows,
                        guint               n_columns,
                        const char * const *texts)
{
  NlTableEdit *edit;
  gsize n_texts;

  g_return_val_if_fail (kind == NL_TABLE_EDIT_INSERT_ROWS || kind == NL_TABLE_EDIT_REMOVE_ROWS, NULL);
  g_return_val_if_fail (n_rows > 0, NULL);

  edit = g_new0 (NlTableEdit, 1);
  edit->kind = kind;
  /* Translators: what an edit did, as the Undo menu item shows it ("Undo
   * Add Row", "Undo Remove 3 Rows"). */
  if (kind == NL_TABLE_EDIT_REMOVE_ROWS)
    edit->label = n_rows == 1 ? g_strdup (C_("undo", "Remove Row"))
                              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u Row",
                                                              "Remove %u Rows", n_rows), n_rows);
  else if (pasted)
    edit->label = n_rows == 1 ? g_strdup (C_("undo", "Paste Row"))
                              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paste %u Row",
                                                              "Paste %u Rows", n_rows), n_rows);
  else
    edit->label = n_rows == 1 ? g_strdup (C_("undo", "Add Row"))
                              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %u Row",
                                                              "Add %u Rows", n_rows), n_rows);
  edit->rows = g_memdup2 (rows, n_rows * sizeof *rows);
  edit->n_rows = n_rows;
  edit->n_columns = n_columns;
  n_texts = (gsize) n_rows * n_columns;
  edit->texts = g_new0 (char *, n_texts + 1);
  for (gsize i = 0; i < n_texts; i++)
    edit->texts[i] = g_strdup (texts[i]);
  return edit;
}

NlTableEdit *
nl_table_edit_new_roles (NlTableRoles *before,
                         NlTableRoles *after)
{
  NlTableEdit *edit = g_new0 (NlTableEdit, 1);

  edit->kind = NL_TABLE_EDIT_ROLES;
  /* Translators: what an edit did, as the Undo menu item shows it ("Undo
   * Change Columns"): the label or the inputs were changed. */
  edit->label = g_strdup (_("Change Columns"));
  edit->roles[0] = *before;
  edit->roles[1] = *after;
  *before = (NlTableRoles) { 0 };
  *after = (NlTableRoles) { 0 };
  return edit;
}

static void
roles_copy (NlTableRoles       *to,
            const NlTableRoles *from)
{
  to->n_columns = from->n_columns;
  to->kinds = g_memdup2 (from->kinds, from->n_columns * sizeof *from->kinds);
  to->inputs = g_memdup2 (from->inputs, from->n_columns * sizeof *from->inputs);
}

NlTableEdit *
nl_table_edit_copy (const NlTableEdit *edit)
{
  NlTableEdit *copy = g_new0 (NlTableEdit, 1);

  *copy = *edit;
  copy->label = g_strdup (edit->label);
  copy->old_text = g_strdup (edit->old_text);
  copy->new_text = g_strdup (edit->new_text);
  copy->rows = edit->rows != NULL ? g_memdup2 (edit->rows, edit->n_rows * sizeof *edit->rows) : NULL;
  copy->texts = g_strdupv (edit->texts);
  for (guint i = 0; i < 2; i++)
    {
      copy->roles[i] = (NlTableRoles) { 0 };
      if (edit->roles[i].n_columns > 0)
        roles_copy (&copy->roles[i], &edit->roles[i]);
    }
  return copy;
}

void
nl_table_roles_clear (NlTableRoles *roles)
{
  g_clear_pointer (&roles->kinds, g_free);
  g_clear_pointer (&roles->inputs, g_free);
  roles->n_columns = 0;
}

void
nl_table_edit_free (NlTableEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->label);
  g_free (edit->old_text);
  g_free (edit->new_text);
  g_free (edit->rows);
  g_strfreev (edit->texts);
  nl_table_roles_clear (&edit->roles[0]);
  nl_table_roles_clear (&edit->roles[1]);
  g_free (edit);
}

NlTableEditKind
nl_table_edit_get_kind (const NlTableEdit *edit)
{
  return edit->kind;
}

const char *
nl_table_edit_get_label (const NlTableEdit *edit)
{
  return edit->label;
}

void
nl_table_edit_get_cell (const NlTableEdit  *edit,
                        guint              *row,
                        guint              *column,
                        const char        **old_text,
                        const char        **new_text)
{
  g_return_if_fail (edit->kind == NL_TABLE_EDIT_CELL);

  *row = edit->row;
  *column = edit->column;
  *old_text = edit->old_text;
  *new_text = edit->new_text;
}

const guint *
nl_table_edit_get_rows (const NlTableEdit   *edit,
                        guint               *n_rows,
                        guint               *n_columns,
                        const char * const **texts)
{
  g_return_val_if_fail (edit->kind == NL_TABLE_EDIT_INSERT_ROWS
                        || edit->kind == NL_TABLE_EDIT_REMOVE_ROWS, NULL);

  *n_rows = edit->n_rows;
  *n_columns = edit->n_columns;
  *texts = (const char * const *) edit->texts;
  return edit->rows;
}

const NlTableRoles *
nl_table_edit_get_roles (const NlTableEdit *edit,
                         gboolean           after)
{
  g_return_val_if_fail (edit->kind == NL_TABLE_EDIT_ROLES, NULL);

  return &edit->roles[after ? 1 : 0];
}
