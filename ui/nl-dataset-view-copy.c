/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-view-copy.c: the table's rows out to other programs and in.
 *
 * Ctrl+C copies the selected rows as tab-separated text and Ctrl+V appends
 * rows from such text, as spreadsheets exchange them; Export writes the
 * whole table as a CSV file. Each says what it did in a message.
 */

#include "nl-dataset-view-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* The selected rows, in order. */
GArray *
_nl_dataset_view_dup_selected_rows (NlDatasetView *self)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint row;

  if (self->selection == NULL)
    return rows;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &row);
       more;
       more = gtk_bitset_iter_next (&iter, &row))
    g_array_append_val (rows, row);
  return rows;
}

static void
copy_rows_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  g_autoptr(GArray) rows = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (self->model == NULL)
    return;
  rows = _nl_dataset_view_dup_selected_rows (self);
  if (rows->len == 0)
    {
      gtk_widget_error_bell (widget);
      _nl_dataset_view_show_message (self, _("Select the rows to copy first"), TRUE);
      return;
    }
  text = nl_dataset_model_dup_rows_text (self->model, (const guint *) rows->data, rows->len);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Copied %u row",
                                          "Copied %u rows",
                                          rows->len),
                             rows->len);
  _nl_dataset_view_show_message (self, message, FALSE);
}

static void
paste_text_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(NlDatasetView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  guint first;
  guint added;
  guint dropped = 0;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source_object), result, &error);
  /* The view may have lost its table meanwhile. */
  if (self->model == NULL)
    return;
  if (text == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      _nl_dataset_view_show_message (self, _("Nothing to paste: the clipboard holds no text"), TRUE);
      return;
    }

  first = nl_dataset_model_get_n_rows (self->model);
  added = nl_dataset_model_append_text (self->model, text, &dropped);
  if (added == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      _nl_dataset_view_show_message (self, _("Nothing to paste: the clipboard holds no rows"), TRUE);
      return;
    }

  gtk_selection_model_select_range (GTK_SELECTION_MODEL (self->selection), first, added, TRUE);
  _nl_dataset_view_scroll_to_row (self, first);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Pasted %u row at the end of the table",
                                          "Pasted %u rows at the end of the table",
                                          added),
                             added);
  if (dropped > 0)
    {
      g_autofree char *extra = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u value beyond the last column was left out",
                                                             "%u values beyond the last column were left out",
                                                             dropped),
                                                dropped);

      g_autofree char *pasted = g_steal_pointer (&message);

      /* Translators: "Pasted 3 rows at the end of the table; 2 values
       * beyond the last column were left out". */
      message = g_strdup_printf (_("%s; %s"), pasted, extra);
    }
  _nl_dataset_view_show_message (self, message, FALSE);
}

static void
paste_rows_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);

  if (self->model == NULL)
    return;
  nl_dataset_view_commit_edit (self);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 paste_text_cb, g_object_ref (self));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(NlDatasetView) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->model != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *basename = g_file_get_basename (file);

      /* A name typed without an extension gets the usual one. */
      if (basename != NULL && strchr (basename, '.') == NULL)
        {
          g_autofree char *named = g_strconcat (basename, ".csv", NULL);
          g_autoptr(GFile) parent = g_file_get_parent (file);

          if (parent != NULL)
            {
              g_clear_object (&file);
              file = g_file_get_child (parent, named);
            }
        }
      nl_dataset_view_export_csv_to_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  nl_dataset_view_export_csv (NL_DATASET_VIEW (widget), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

void
nl_dataset_view_export_csv (NlDatasetView *self,
                            GtkWindow     *parent)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) csv = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  g_return_if_fail (NL_IS_DATASET_VIEW (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  if (self->model == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Export Table as CSV"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  csv = gtk_file_filter_new ();
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  /* Translators: the file name an exported table is offered under. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("table.csv"));

  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

gboolean
nl_dataset_view_export_csv_to_file (NlDatasetView *self,
                                    GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (NL_IS_DATASET_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->model == NULL)
    return FALSE;
  name = g_file_get_parse_name (file);
  if (!nl_dataset_model_save_csv (self->model, file, &error))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      message = g_strdup_printf (_("Could not export the table: %s"), error->message);
      _nl_dataset_view_show_message (self, message, TRUE);
      return FALSE;
    }
  message = g_strdup_printf (_("Exported the table to “%s”"), name);
  _nl_dataset_view_show_message (self, message, FALSE);
  return TRUE;
}

void
_nl_dataset_view_class_init_copy (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "dataset.copy-rows", NULL, copy_rows_action);
  gtk_widget_class_install_action (widget_class, "dataset.paste-rows", NULL, paste_rows_action);
  gtk_widget_class_install_action (widget_class, "dataset.export-csv", NULL, export_csv_action);

  /* Outside the cells (on the buttons above them); in the cells the
   * editing keys take them (nl-dataset-view-edit.c). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "dataset.copy-rows", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "dataset.paste-rows", NULL);
}
