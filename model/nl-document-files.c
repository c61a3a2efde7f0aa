/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-document-files.c: opening and saving a document (see nl-document.h).
 * Opening replaces the whole work and forgets its undo steps; saving
 * copies the work at once and formats and writes it on a worker thread,
 * one save at a time. */
#include "nl-document-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nl-model-private.h"
#include "nl-project-io.h"
#include "nl-trainer-private.h"

#define properties _nl_document_properties

/* Opening */

static void
set_file (NlDocument *self,
          GFile      *file,
          const char *name,
          GFile      *folder)
{
  if (self->file != file && (self->file == NULL || file == NULL || !g_file_equal (self->file, file)))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  g_free (self->name);
  self->name = g_strdup (name);
  g_set_object (&self->folder, folder);
  _nl_document_update_title (self);
}

/* What follows a file opened in place of the work. */
static void
opened (NlDocument *self,
        GFile      *file,
        const char *name,
        GFile      *folder)
{
  set_file (self, file, name, folder);
  _nl_document_emit_replaced (self);
  _nl_document_forget_changes (self);
}

gboolean
nl_document_open_project (NlDocument  *self,
                          GFile       *file,
                          GError     **error)
{
  g_autoptr (GFile) folder = NULL;
  gboolean ok;

  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  _nl_document_stop_run (self);
  self->applying++;
  ok = nl_project_io_load (self->dataset, self->network, self->trainer, file, error);
  self->applying--;
  if (!ok)
    return FALSE;
  folder = g_file_get_parent (file);
  opened (self, file, NULL, folder);
  return TRUE;
}

gboolean
nl_document_open_draft (NlDocument  *self,
                        NlProject   *project,
                        GFile       *file,
                        const char  *name,
                        GFile       *folder,
                        GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);

  _nl_document_stop_run (self);
  self->applying++;
  ok = nl_project_io_apply_all (self->dataset, self->network, self->trainer, project, error);
  self->applying--;
  if (!ok)
    return FALSE;
  opened (self, file, name, folder);
  /* Nothing of it is in a file: it stays unsaved until the person saves. */
  self->serial++;
  self->dirty = TRUE;
  self->dirty_serial = self->serial;
  _nl_document_update_state (self);
  return TRUE;
}

/* "people" for people.csv. */
static char *
csv_name (GFile *file)
{
  char *name = g_file_get_basename (file);
  char *dot = strrchr (name, '.');

  if (dot != NULL && dot != name)
    *dot = '\0';
  return name;
}

static void
csv_opened (NlDocument *self,
            GFile      *file)
{
  g_autofree char *name = csv_name (file);
  g_autoptr (GFile) folder = g_file_get_parent (file);

  /* The runs were of the work this one replaces. */
  _nl_trainer_replace_runs (self->trainer, NULL, 0);
  opened (self, NULL, name, folder);
}

gboolean
nl_document_open_csv (NlDocument  *self,
                      GFile       *file,
                      GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  _nl_document_stop_run (self);
  self->applying++;
  ok = nl_dataset_model_load_csv (self->dataset, file, NULL, error);
  self->applying--;
  if (ok)
    csv_opened (self, file);
  return ok;
}

gboolean
nl_document_open_example (NlDocument              *self,
                          const NlExample         *example,
                          const NlExampleOptions  *options,
                          GError                 **error)
{
  const NlExampleSettings *settings;
  NlError core_error = { 0 };
  NlDataset *ds;

  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (example != NULL, FALSE);

  ds = nl_example_new_dataset (example, options, &core_error);
  if (ds == NULL)
    {
      _nl_model_set_error_from_core (error, &core_error);
      return FALSE;
    }

  _nl_document_stop_run (self);
  settings = &example->settings;
  self->applying++;
  /* The network follows the new inputs and task (columns_changed_cb). */
  nl_dataset_model_set_dataset (self->dataset, ds);
  if (!nl_network_model_set_hidden (self->network, settings->hidden, NULL))
    g_critical ("The data set “%s” has hidden layers “%s” the network refuses",
                example->id, settings->hidden);
  nl_network_model_set_activation (self->network, settings->activation);
  nl_network_model_set_init (self->network, settings->init);
  nl_trainer_set_loss_function (self->trainer, settings->loss);
  nl_trainer_set_learning_rate (self->trainer, settings->learning_rate);
  nl_trainer_set_epochs (self->trainer, settings->epochs);
  nl_trainer_set_until_stopped (self->trainer, FALSE);
  nl_trainer_set_test_percent (self->trainer, settings->test_percent);
  /* The initialisation applies at a reset: a fresh start, no history. */
  nl_trainer_reset (self->trainer);
  /* The runs were of the work this one replaces. */
  _nl_trainer_replace_runs (self->trainer, NULL, 0);
  self->applying--;
  opened (self, NULL, nl_example_get_title (example), NULL);
  return TRUE;
}

/* A load starts (@delta 1) or ends (-1); one may start before the one it
 * replaces has ended. */
static void
count_load (NlDocument *self,
            int         delta)
{
  gboolean was_loading = self->loading > 0;

  self->loading += delta;
  if ((self->loading > 0) == was_loading)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  _nl_document_update_state (self);
}

static void
csv_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  NlDocument *self = g_task_get_source_object (task);
  GFile *file = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gboolean ok = nl_dataset_model_load_csv_finish (NL_DATASET_MODEL (source), result, &error);

  self->applying--;
  count_load (self, -1);
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  csv_opened (self, file);
  g_task_return_boolean (task, TRUE);
}

void
nl_document_open_csv_async (NlDocument          *self,
                            GFile               *file,
                            GCancellable        *cancellable,
                            NlLoadProgressFunc   progress,
                            gpointer             progress_data,
                            GDestroyNotify       progress_data_destroy,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (NL_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nl_document_open_csv_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  _nl_document_stop_run (self);
  /* The table on show is on its way out: edits of it are not the work's. */
  self->applying++;
  count_load (self, 1);
  nl_dataset_model_load_csv_async (self->dataset, file, cancellable, progress, progress_data,
                                   progress_data_destroy, csv_loaded_cb, task);
}

gboolean
nl_document_open_csv_finish (NlDocument    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
project_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  NlDocument *self = g_task_get_source_object (task);
  GFile *file = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder = NULL;
  gboolean ok = nl_project_io_load_finish (result, &error);

  self->applying--;
  count_load (self, -1);
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  folder = g_file_get_parent (file);
  opened (self, file, NULL, folder);
  g_task_return_boolean (task, TRUE);
}

void
nl_document_open_project_async (NlDocument          *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                NlLoadProgressFunc   progress,
                                gpointer             progress_data,
                                GDestroyNotify       progress_data_destroy,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (NL_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nl_document_open_project_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  _nl_document_stop_run (self);
  /* As for a CSV file: the work on show is on its way out. */
  self->applying++;
  count_load (self, 1);
  nl_project_io_load_async (self->dataset, self->network, self->trainer, file, cancellable,
                            progress, progress_data, progress_data_destroy,
                            project_loaded_cb, task);
}

gboolean
nl_document_open_project_finish (NlDocument    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
nl_document_get_loading (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return self->loading > 0;
}

/* Saving */

static SaveRequest *
save_request_new (GFile *file)
{
  SaveRequest *request = g_new0 (SaveRequest, 1);

  request->file = g_object_ref (file);
  request->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  return request;
}

/* Answers whoever waits for @request, and frees it. */
static void
save_request_finish (SaveRequest  *request,
                     const GError *error)
{
  for (guint i = 0; i < request->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (request->tasks, i);

      if (error == NULL)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (error));
    }
  g_ptr_array_unref (request->tasks);
  g_clear_object (&request->cancellable);
  g_object_unref (request->file);
  g_free (request);
}

static void
set_save_fraction (NlDocument *self,
                   double      fraction)
{
  if (self->save_fraction == fraction)
    return;
  self->save_fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_FRACTION]);
}

static void
save_progress_cb (double   fraction,
                  gpointer user_data)
{
  set_save_fraction (NL_DOCUMENT (user_data), fraction);
}

static void save_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
start_save (NlDocument  *self,
            SaveRequest *request)
{
  gboolean was_saving = self->save != NULL;

  self->save = request;
  request->serial = self->serial;
  request->state = _nl_document_current_state (self);
  request->generation = self->generation;
  request->cancellable = g_cancellable_new ();
  set_save_fraction (self, 0.0);
  if (!was_saving)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
  nl_project_io_save_async (self->dataset, self->network, self->trainer, request->file,
                            request->cancellable,
                            save_progress_cb, g_object_ref (self), g_object_unref,
                            save_done_cb, g_object_ref (self));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (NlDocument) self = user_data;
  SaveRequest *request = g_steal_pointer (&self->save);
  g_autoptr (GError) error = NULL;

  if (nl_project_io_save_finish (result, &error) && request->generation == self->generation)
    {
      g_autoptr (GFile) folder = g_file_get_parent (request->file);

      set_file (self, request->file, NULL, folder);
      self->saved_state = request->state;
      /* Changes made while it was written are not in the file. */
      if (self->dirty_serial <= request->serial)
        self->dirty = FALSE;
      _nl_document_update_state (self);
    }

  /* The next save in line goes on at once. */
  if (!g_queue_is_empty (&self->save_queue))
    start_save (self, g_queue_pop_head (&self->save_queue));
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);

  /* Last: the callers' callbacks may run from here, and do anything. */
  save_request_finish (request, error);
}

void
nl_document_save_async (NlDocument          *self,
                        GFile               *file,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  SaveRequest *request = NULL;
  SaveRequest *last;

  g_return_if_fail (NL_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, nl_document_save_async);
  last = g_queue_peek_tail (&self->save_queue);
  /* What would be written is being written already. */
  if (last == NULL && self->save != NULL && g_file_equal (self->save->file, file)
      && self->save->serial == self->serial && self->save->generation == self->generation)
    request = self->save;
  /* Saves in line for the same file write the work as it is then: one will do. */
  else if (last != NULL && g_file_equal (last->file, file))
    request = last;

  if (request == NULL)
    {
      request = save_request_new (file);
      if (self->save == NULL)
        start_save (self, request);
      else
        g_queue_push_tail (&self->save_queue, request);
    }
  g_ptr_array_add (request->tasks, g_object_ref (task));
}

gboolean
nl_document_save_finish (NlDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nl_document_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
nl_document_get_saving (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return self->save != NULL;
}

GFile *
nl_document_get_saving_file (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->save != NULL ? self->save->file : NULL;
}

double
nl_document_get_save_fraction (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), 0.0);
  return self->save_fraction;
}

void
nl_document_cancel (NlDocument *self)
{
  g_autoptr (GError) error = NULL;
  SaveRequest *request;

  g_return_if_fail (NL_IS_DOCUMENT (self));

  if (self->save != NULL)
    g_cancellable_cancel (self->save->cancellable);
  if (g_queue_is_empty (&self->save_queue))
    return;
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The window was closed before the project was saved"));
  while ((request = g_queue_pop_head (&self->save_queue)) != NULL)
    save_request_finish (request, error);
}
