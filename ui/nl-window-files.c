/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-window-files.c: the window's project files. Opening a project or a
 * CSV file (a large one in a worker thread), saving (written on a worker
 * thread, one save at a time), the Open Recent menu, dropped files and the
 * "Save changes?" question. The rest of the window is in nl-window.c; what
 * the two share is in nl-window-private.h. */
#include "config.h"

#include "nl-window-private.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "nl-file.h"
#include "nl-model-error.h"

#define PROJECT_MIME_TYPE "application/x-neuronlab-project"
#define CSV_MIME_TYPE     "text/csv"
#define MAX_RECENT_FILES  8

typedef enum
{
  FILE_KIND_PROJECT,
  FILE_KIND_CSV,
} FileKind;

/* Recent files */

static const char *
recent_app_name (void)
{
  return g_get_application_name () != NULL ? g_get_application_name () : "neuronlab";
}

static void
add_recent (GFile      *file,
            const char *mime_type)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *exec = g_strdup_printf ("%s %%u", g_get_prgname () != NULL ? g_get_prgname () : "neuronlab");
  GtkRecentData data = {
    .mime_type = (char *) mime_type,
    .app_name = (char *) recent_app_name (),
    .app_exec = exec,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static int
compare_recent_newest_first (gconstpointer a,
                             gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* GTK 4.8 has no recent-files menu: the primary menu's "Open Recent" is
 * built here from the files this program opened or saved, newest first. */
static void
recent_changed_cb (NlWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr (GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  g_autoptr (GMenu) recent = g_menu_new ();
  GList *items = gtk_recent_manager_get_items (manager);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, recent_app_name ())
          && (!gtk_recent_info_is_local (info) || gtk_recent_info_exists (info)))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent_newest_first);

  for (guint i = 0; i < MIN (infos->len, MAX_RECENT_FILES); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr (GMenuItem) item = NULL;
      g_auto (GStrv) parts = NULL;
      g_autofree char *label = NULL;

      /* Menu labels take "_" as a mnemonic: a file name keeps its own. */
      parts = g_strsplit (gtk_recent_info_get_display_name (info), "_", -1);
      label = g_strjoinv ("__", parts);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (recent, item);
    }

  /* The submenu is the open section's second item, there only when it has
   * something to offer. */
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->open_section)) > 1)
    g_menu_remove (self->open_section, 1);
  if (g_menu_model_get_n_items (G_MENU_MODEL (recent)) > 0)
    g_menu_insert_submenu (self->open_section, 1, _("Open _Recent"), G_MENU_MODEL (recent));
}

/* Opening */

static gboolean
name_has_suffix (const char *name,
                 const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, suffix);
}

/* By the name first; else by the content, since a project is a key file
 * that opens with a [Group] line and a CSV file never does. */
static FileKind
guess_file_kind (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *content_type = NULL;
  g_autoptr (GFileInputStream) stream = NULL;
  char buffer[1024];
  const char *p;
  gssize n;

  if (basename != NULL && name_has_suffix (basename, PROJECT_SUFFIX))
    return FILE_KIND_PROJECT;
  if (basename != NULL && (name_has_suffix (basename, ".csv") || name_has_suffix (basename, ".tsv")))
    return FILE_KIND_CSV;

  /* A file that cannot be read goes to the CSV reader, which says why. */
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return FILE_KIND_CSV;
  n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer - 1, NULL, NULL);
  if (n <= 0)
    return FILE_KIND_CSV;
  buffer[n] = '\0';

  content_type = g_content_type_guess (basename, (const guchar *) buffer, (gsize) n, NULL);
  if (content_type != NULL && g_content_type_is_a (content_type, PROJECT_MIME_TYPE))
    return FILE_KIND_PROJECT;

  p = g_str_has_prefix (buffer, "\xEF\xBB\xBF") ? buffer + 3 : buffer;
  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '#')
        break;
      while (*p != '\0' && *p != '\n')
        p++;
    }
  return *p == '[' ? FILE_KIND_PROJECT : FILE_KIND_CSV;
}

/* The controls show what the models hold after a project replaced them. */
static void
sync_controls (NlWindow *self)
{
  nl_training_settings_revert (self->training_settings);
}

/* The whole work was replaced (a file opened, the worked example undone):
 * everything the window shows is read again. */
static void
replaced_cb (NlWindow *self)
{
  if (self->closing)
    return;
  sync_controls (self);
  _nl_window_update_status (self);
  _nl_window_update_plot (self);
  _nl_window_refresh_diagram (self);
  _nl_window_update_actions (self);
}

/* What is left to do once a project has replaced the work, or failed to. */
static gboolean
finish_project (NlWindow     *self,
                GFile        *file,
                const GError *error)
{
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* The model's messages name the file already; GIO's may not. */
      if (error->domain == NL_MODEL_ERROR)
        message = g_strdup (error->message);
      else
        {
          g_autofree char *name = g_file_get_parse_name (file);

          message = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                     g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                                     ? _("there is no such file") : error->message);
        }
      gtk_widget_error_bell (GTK_WIDGET (self));
      _nl_window_show_notification (self, message);
      return FALSE;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, nl_trainer_get_epoch (self->trainer) > 0 ? 1.0 : 0.0);
  _nl_window_notification_dismiss_cb (self);
  add_recent (file, PROJECT_MIME_TYPE);
  return TRUE;
}

/* Files at least this large are read and parsed in a worker thread, with
 * progress, so the window keeps drawing: a megabyte is about 30,000 rows,
 * which the core reads in some 40 ms. Smaller files load at once. */
#define ASYNC_LOAD_BYTES (1024 * 1024)

/* What is left to do once a CSV has replaced the table, or failed to. */
static gboolean
finish_csv (NlWindow     *self,
            GFile        *file,
            const GError *error)
{
  GPtrArray *problems;
  GPtrArray *notes;

  if (error != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                                  error->message);

      gtk_widget_error_bell (GTK_WIDGET (self));
      _nl_window_show_notification (self, message);
      return FALSE;
    }

  add_recent (file, CSV_MIME_TYPE);

  problems = nl_dataset_model_get_problems (self->dataset);
  notes = nl_dataset_model_get_notes (self->dataset);
  if ((problems != NULL && problems->len > 0) || (notes != NULL && notes->len > 0)
      || !nl_dataset_model_get_trainable (self->dataset))
    {
      g_autoptr (GString) text = g_string_new (NULL);

      /* A table that cannot be trained on says so at once, naming the file
       * and the reason. */
      if (!nl_dataset_model_get_trainable (self->dataset))
        {
          g_autofree char *name = g_file_get_basename (file);

          g_string_append_printf (text, _("“%s” cannot be trained on as it is: %s"), name,
                                  nl_dataset_model_get_trainable_reason (self->dataset));
        }

      /* How the file was read comes first; it leaves no row out. */
      for (guint i = 0; notes != NULL && i < notes->len; i++)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                                (const char *) g_ptr_array_index (notes, i));
      if (problems != NULL && problems->len > 0)
        {
          guint shown = MIN (problems->len, 5);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u problem in the file; those rows are kept but left out of training:",
                                               "%u problems in the file; those rows are kept but left out of training:",
                                               problems->len),
                                  problems->len);
          for (guint i = 0; i < shown; i++)
            g_string_append_printf (text, "\n%s", (const char *) g_ptr_array_index (problems, i));
          if (problems->len > shown)
            g_string_append_printf (text, "\n%s", _("…and more, marked in the table."));
        }
      _nl_window_show_notification (self, text->str);
    }
  else
    _nl_window_notification_dismiss_cb (self);

  return TRUE;
}

static void
load_progress_cb (double   fraction,
                  gpointer user_data)
{
  NlWindow *self = user_data;

  if (!self->closing)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

typedef struct
{
  NlWindow     *self;
  GFile        *file;
  GCancellable *cancellable;   /* this load's own */
  gboolean      project;       /* a project, else a CSV file */
} LoadRequest;

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr (NlWindow) self = request->self;
  g_autoptr (GFile) file = request->file;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = request->cancellable;
  gboolean project = request->project;
  gboolean ok = project
                ? nl_document_open_project_finish (NL_DOCUMENT (source), result, &error)
                : nl_document_open_csv_finish (NL_DOCUMENT (source), result, &error);

  g_free (request);
  /* A load that another replaced leaves that one's alone. */
  if (self->load_cancellable == cancellable)
    g_clear_object (&self->load_cancellable);
  if (self->closing)
    return;

  gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  _nl_window_update_status (self);
  _nl_window_update_actions (self);
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (project)
    finish_project (self, file, ok ? NULL : error);
  else
    finish_csv (self, file, ok ? NULL : error);
}

/* Starts loading a large file in a worker thread, with the progress bar
 * showing it; another load under way is cancelled. */
static void
open_async (NlWindow *self,
            GFile    *file,
            gboolean  project)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *text = g_strdup_printf (_("Loading %s…"), basename);
  LoadRequest *request = g_new0 (LoadRequest, 1);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  _nl_window_update_actions (self);

  request->self = g_object_ref (self);
  request->file = g_object_ref (file);
  request->cancellable = g_object_ref (self->load_cancellable);
  request->project = project;
  if (project)
    nl_document_open_project_async (self->document, file, self->load_cancellable,
                                    load_progress_cb, g_object_ref (self), g_object_unref,
                                    load_done_cb, request);
  else
    nl_document_open_csv_async (self->document, file, self->load_cancellable,
                                load_progress_cb, g_object_ref (self), g_object_unref,
                                load_done_cb, request);
}

static gboolean
is_large (GFile *file)
{
  g_autoptr (GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  return info != NULL && g_file_info_get_size (info) >= ASYNC_LOAD_BYTES;
}

static gboolean
open_project (NlWindow *self,
              GFile    *file)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (is_large (file))
    {
      open_async (self, file, TRUE);
      return TRUE;
    }
  ok = nl_document_open_project (self->document, file, &error);
  return finish_project (self, file, ok ? NULL : error);
}

static gboolean
open_csv (NlWindow *self,
          GFile    *file)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (is_large (file))
    {
      open_async (self, file, FALSE);
      return TRUE;
    }
  ok = nl_document_open_csv (self->document, file, &error);
  return finish_csv (self, file, ok ? NULL : error);
}

gboolean
nl_window_open_file (NlWindow *self,
                     GFile    *file)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (nl_trainer_get_running (self->trainer))
    {
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
    }

  /* A named pipe would hang the window (on the first read, or on the
   * sniffing below), a device never end: only regular files are opened. */
  {
    g_autofree char *path = g_file_get_path (file);

    if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
      {
        NlError err;
        int fd;

        nl_error_clear (&err);
        fd = nl_file_open_regular (path, &err);
        if (fd < 0)
          {
            gtk_widget_error_bell (GTK_WIDGET (self));
            _nl_window_show_notification (self, err.message);
            return FALSE;
          }
        close (fd);
      }
  }

  if (guess_file_kind (file) == FILE_KIND_PROJECT)
    return open_project (self, file);
  return open_csv (self, file);
}

/* Saving
 *
 * The document copies the work and writes it on a worker thread, one save
 * at a time (nl_document_save_async()). The window shows the progress when
 * a save takes more than a moment, says what went wrong, and runs what
 * waited for the save: closing, or opening another file. */

/* Saves shorter than this show no progress. */
#define SAVE_PROGRESS_DELAY_MS 200

/* One save the window asked for, and what waits for it. */
typedef struct
{
  NlWindow *self;
  GFile    *file;
  /* The answer to "Save changes?": what waited runs once it is saved. */
  gboolean  then_pending;
  GTask    *task;          /* from nl_window_save_file_async(), or NULL */
} SaveCall;

static void run_pending (NlWindow *self);

static gboolean
save_progress_show_cb (gpointer user_data)
{
  NlWindow *self = user_data;
  GFile *file = nl_document_get_saving_file (self->document);
  g_autofree char *basename = NULL;
  g_autofree char *text = NULL;

  self->save_progress_id = 0;
  /* A table that loads has the bar; the save is over before it is. */
  if (file == NULL || nl_document_get_loading (self->document))
    return G_SOURCE_REMOVE;
  basename = g_file_get_basename (file);
  text = g_strdup_printf (_("Saving %s…"), basename);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, nl_document_get_save_fraction (self->document));
  self->save_progress_shown = TRUE;
  return G_SOURCE_REMOVE;
}

static void
save_fraction_cb (NlWindow *self)
{
  /* A table that started loading meanwhile has taken the bar. */
  if (self->save_progress_shown && !self->closing && !nl_document_get_loading (self->document))
    gtk_progress_bar_set_fraction (self->progress_bar, nl_document_get_save_fraction (self->document));
}

/* The bar goes back to the training run's progress. */
static void
hide_save_progress (NlWindow *self)
{
  g_clear_handle_id (&self->save_progress_id, g_source_remove);
  if (!self->save_progress_shown)
    return;
  self->save_progress_shown = FALSE;
  if (self->closing || nl_document_get_loading (self->document))
    return;
  gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
  if (nl_trainer_get_running (self->trainer))
    _nl_window_update_status (self);
  else
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   nl_trainer_get_epoch (self->trainer) > 0 ? 1.0 : 0.0);
}

/* Saving starts or ends; the next save in line keeps the bar. */
static void
saving_cb (NlWindow *self)
{
  if (!nl_document_get_saving (self->document))
    hide_save_progress (self);
  else if (self->save_progress_id == 0 && !self->save_progress_shown)
    self->save_progress_id = g_timeout_add (SAVE_PROGRESS_DELAY_MS, save_progress_show_cb, self);
}

static void
show_save_error (NlWindow     *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *message = NULL;

  /* The model's messages name the file already; GIO's may not. */
  if (error->domain == NL_MODEL_ERROR)
    message = g_strdup (error->message);
  else
    {
      g_autofree char *name = g_file_get_parse_name (file);

      message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
  _nl_window_show_notification (self, message);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveCall *call = user_data;
  g_autoptr (NlWindow) self = call->self;
  g_autoptr (GFile) file = call->file;
  g_autoptr (GTask) task = call->task;
  g_autoptr (GError) error = NULL;
  gboolean then_pending = call->then_pending;
  gboolean ok = nl_document_save_finish (NL_DOCUMENT (source), result, &error);

  g_free (call);
  if (!self->closing)
    {
      if (ok)
        add_recent (file, PROJECT_MIME_TYPE);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_save_error (self, file, error);

      /* Whatever waited for this save happens only if it succeeded. */
      if (then_pending && ok)
        run_pending (self);
      else if (then_pending)
        _nl_window_cancel_pending (self);
      else if (self->close_after_save && !nl_document_get_saving (self->document))
        {
          self->close_after_save = FALSE;
          gtk_window_close (GTK_WINDOW (self));
        }
    }

  /* Last: the caller's callback may run from here, and do anything. */
  if (task != NULL && ok)
    g_task_return_boolean (task, TRUE);
  else if (task != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Saves the work to @file now, or once the saves before it are written. */
static void
request_save (NlWindow *self,
              GFile    *file,
              gboolean  then_pending,
              GTask    *task)
{
  SaveCall *call = g_new0 (SaveCall, 1);

  _nl_window_commit_edits (self);
  call->self = g_object_ref (self);
  call->file = g_object_ref (file);
  call->then_pending = then_pending;
  call->task = task != NULL ? g_object_ref (task) : NULL;
  nl_document_save_async (self->document, file, save_done_cb, call);
}

void
nl_window_save_file_async (NlWindow            *self,
                           GFile               *file,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (NL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, nl_window_save_file_async);
  if (self->closing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The window was closed before the project was saved"));
      return;
    }
  request_save (self, file, FALSE, task);
}

gboolean
nl_window_save_file_finish (NlWindow      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nl_window_save_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
nl_window_save_file (NlWindow *self,
                     GFile    *file)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr (GAsyncResult) result = NULL;

  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  nl_window_save_file_async (self, file, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  return nl_window_save_file_finish (self, result, NULL);
}

/* When the window goes: the save being written stops (the file is then as
 * it was, or replaced whole), and those in line never start. */
void
_nl_window_cancel_saves (NlWindow *self)
{
  if (self->document != NULL)
    nl_document_cancel (self->document);
  g_clear_handle_id (&self->save_progress_id, g_source_remove);
}

void
_nl_window_clear_file_chooser (NlWindow *self)
{
  if (self->file_chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->file_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
  self->file_chosen = NULL;
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          NlWindow        *self)
{
  NlWindowFileChosen chosen = self->file_chosen;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  _nl_window_clear_file_chooser (self);
  chosen (self, file);
}

/* A modal native file chooser for the window, replacing any open one; its
 * answer goes to @chosen. The caller sets it up and shows it. */
GtkFileChooser *
_nl_window_new_file_chooser (NlWindow            *self,
                             const char          *title,
                             GtkFileChooserAction action,
                             const char          *accept_label,
                             NlWindowFileChosen   chosen)
{
  _nl_window_clear_file_chooser (self);
  self->file_chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                    accept_label, _("_Cancel"));
  self->file_chosen = chosen;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  g_signal_connect (self->file_chooser, "response", G_CALLBACK (file_chooser_response_cb), self);
  return GTK_FILE_CHOOSER (self->file_chooser);
}

/* What was waiting for the unsaved changes to be saved or discarded. */
static void
run_pending (NlWindow *self)
{
  Pending pending = self->pending;
  g_autoptr (GFile) file = g_steal_pointer (&self->pending_file);

  self->pending = PENDING_NONE;
  switch (pending)
    {
    case PENDING_CLOSE:
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;
    case PENDING_OPEN:
      nl_window_open_file (self, file);
      break;
    case PENDING_NONE:
    default:
      break;
    }
}

void
_nl_window_cancel_pending (NlWindow *self)
{
  self->pending = PENDING_NONE;
  g_clear_object (&self->pending_file);
}

static void
save_as_chosen (NlWindow *self,
                GFile    *file)
{
  /* Cancelled: whatever waited for it does not happen; else it happens
   * once the save succeeded. */
  if (file != NULL)
    request_save (self, file, self->pending != PENDING_NONE, NULL);
  else
    _nl_window_cancel_pending (self);
}

static GtkFileFilter *
project_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("NeuronLab projects"));
  gtk_file_filter_add_mime_type (filter, PROJECT_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "neuronlab");
  return filter;
}

static void
save_as (NlWindow *self)
{
  g_autoptr (GtkFileFilter) projects = project_filter_new ();
  GtkFileChooser *chooser;

  chooser = _nl_window_new_file_chooser (self, _("Save Project"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), save_as_chosen);
  gtk_file_chooser_add_filter (chooser, projects);

  if (nl_document_get_file (self->document) != NULL)
    gtk_file_chooser_set_file (chooser, nl_document_get_file (self->document), NULL);
  else
    {
      g_autofree char *name = nl_document_dup_short_name (self->document);
      g_autofree char *suggested = g_strconcat (name, PROJECT_SUFFIX, NULL);

      /* Beside the CSV file it came from, if any. */
      if (nl_document_get_folder (self->document) != NULL)
        gtk_file_chooser_set_current_folder (chooser, nl_document_get_folder (self->document), NULL);
      gtk_file_chooser_set_current_name (chooser, suggested);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Save, or Save As for a project that has no file yet; @then_pending when
 * it answers "Save changes?". */
static void
save (NlWindow *self,
      gboolean  then_pending)
{
  GFile *file = nl_document_get_file (self->document);

  if (file == NULL)
    save_as (self);
  else
    request_save (self, file, then_pending, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  nl_dataset_view_commit_edit (NL_WINDOW (widget)->dataset_view);
  save (NL_WINDOW (widget), FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  nl_dataset_view_commit_edit (NL_WINDOW (widget)->dataset_view);
  save_as (NL_WINDOW (widget));
}

/* Unsaved changes */

static void
unsaved_response_cb (GtkDialog *dialog,
                     int        response,
                     NlWindow  *self)
{
  g_signal_handlers_disconnect_by_data (dialog, self);
  self->close_dialog = NULL;
  /* The window may be gone before the dialog's last reference is: the
   * dialog must not point at it then. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));

  switch (response)
    {
    case GTK_RESPONSE_ACCEPT:
      save (self, TRUE);
      break;
    case GTK_RESPONSE_REJECT:
      run_pending (self);
      break;
    default:
      _nl_window_cancel_pending (self);
      break;
    }
}

static const GtkResponseType unsaved_responses[] = {
  GTK_RESPONSE_CANCEL,
  GTK_RESPONSE_REJECT,
  GTK_RESPONSE_ACCEPT,
};

/* Asks whether to save the changes before @pending (closing, or opening
 * @file in their place) happens; without changes it happens at once. */
void
_nl_window_ask_to_save (NlWindow *self,
                        Pending   pending,
                        GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }
  self->pending = pending;
  g_set_object (&self->pending_file, file);
  _nl_window_commit_edits (self);
  if (!nl_document_get_modified (self->document))
    {
      run_pending (self);
      return;
    }

  name = nl_document_dup_short_name (self->document);
  question = g_strdup_printf (_("Save changes to “%s”?"), name);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", question);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("If you don't save, the changes and the trained network will be lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Save"), GTK_RESPONSE_ACCEPT,
                          NULL);
  /* GTK 4.8 names a mnemonic button after both its raw label ("_Save")
   * and the label widget; the label widget alone reads "Save". */
  for (guint i = 0; i < G_N_ELEMENTS (unsaved_responses); i++)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                                       unsaved_responses[i])),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (unsaved_response_cb), self);

  self->close_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_asking (NlWindow *self,
             GFile    *file)
{
  _nl_window_ask_to_save (self, PENDING_OPEN, file);
}

static void
open_chosen (NlWindow *self,
             GFile    *file)
{
  if (file != NULL)
    open_asking (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autoptr (GtkFileFilter) supported = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) projects = project_filter_new ();
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  GtkFileChooser *chooser;

  nl_dataset_view_commit_edit (self->dataset_view);
  chooser = _nl_window_new_file_chooser (self, _("Open"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), open_chosen);
  gtk_file_filter_set_name (supported, _("All supported"));
  gtk_file_filter_add_mime_type (supported, PROJECT_MIME_TYPE);
  gtk_file_filter_add_suffix (supported, "neuronlab");
  gtk_file_filter_add_mime_type (supported, CSV_MIME_TYPE);
  gtk_file_filter_add_suffix (supported, "csv");
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, CSV_MIME_TYPE);
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (chooser, projects);
  gtk_file_chooser_add_filter (chooser, csv);
  gtk_file_chooser_add_filter (chooser, supported);
  gtk_file_chooser_set_filter (chooser, supported);
  if (nl_document_get_folder (self->document) != NULL)
    gtk_file_chooser_set_current_folder (chooser, nl_document_get_folder (self->document), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  nl_dataset_view_commit_edit (NL_WINDOW (widget)->dataset_view);
  open_asking (NL_WINDOW (widget), file);
}

/* A file dropped on the window opens as if chosen in Open. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         NlWindow      *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      if (files != NULL)
        file = files->data;
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;
  open_asking (self, file);
  return TRUE;
}

/* Set up: the file actions and their keys, from nl_window_class_init(),
 * and the drop target and the recent files, from nl_window_init(). */

/* The Cancel beside the progress of a large file's loading: the work stays
 * as it was. */
static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  g_cancellable_cancel (self->load_cancellable);
}

void
_nl_window_class_init_files (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, NlWindow, cancel_load_button);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);

  /* The application sets the same accelerators (and the shortcuts window
   * shows those); these serve a window without an application. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
}

void
_nl_window_init_files (NlWindow *self)
{
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                            G_CALLBACK (recent_changed_cb), self);
  recent_changed_cb (self);

  g_object_bind_property (self->document, "loading", self->cancel_load_button, "visible",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->document, "replaced", G_CALLBACK (replaced_cb), self);
  g_signal_connect_swapped (self->document, "notify::saving", G_CALLBACK (saving_cb), self);
  g_signal_connect_swapped (self->document, "notify::save-fraction", G_CALLBACK (save_fraction_cb), self);
}
