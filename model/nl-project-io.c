/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-project-io.c: saving and opening project files with the models, through
 * the core's reader and writer (core/nl-project.c), and saving on a worker
 * thread from a snapshot of the models. */
#include "nl-project-io.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl-file.h"
#include "nl-model-error.h"
#include "nl-model-private.h"
#include "nl-project.h"
#include "nl-run-record-private.h"
#include "nl-trainer-private.h"

static NlModelError
code_from_core (NlStatus status)
{
  switch (status)
    {
    case NL_ERR_NOMEM:
      return NL_MODEL_ERROR_NO_MEMORY;
    case NL_ERR_PARSE:
      return NL_MODEL_ERROR_PARSE;
    case NL_OK:
    case NL_ERR_INVALID:
    case NL_ERR_IO:
    case NL_ERR_DIVERGED:
    case NL_ERR_CANCELLED:
    default:
      return NL_MODEL_ERROR_INVALID;
    }
}

/* The finished runs of an opened project replace the trainer's. */
static void
apply_runs (NlTrainer *trainer,
            NlProject *project)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (size_t i = 0; i < project->n_runs; i++)
    {
      NlProjectRun *run = &project->runs[i];
      NlRunSettings settings = {
        .options = run->options,
        .architecture = run->architecture,
        .activation = run->activation,
        .init = run->init,
        .seed = run->seed,
      };
      NlRunRecord *record;

      /* The record takes the histories. */
      record = _nl_run_record_new (run->number, run->label, NULL, &settings, run->epoch,
                                   &run->eval, &run->test_eval, g_steal_pointer (&run->history),
                                   g_steal_pointer (&run->test_history));
      nl_run_record_set_visible (record, run->visible);
      g_ptr_array_add (records, record);
    }
  _nl_trainer_replace_runs (trainer, (NlRunRecord **) records->pdata, records->len);
}

/* Fills @project with the models' state as it is now, borrowing their
 * data: it is valid until the models change. */
static void
gather (NlDatasetModel *dataset,
        NlNetworkModel *network,
        NlTrainer      *trainer,
        NlProject      *project)
{
  const NlHistory *history = nl_trainer_get_history (trainer);
  const NlHistory *test_history = nl_trainer_get_test_history (trainer);

  nl_project_init (project);
  project->dataset = (NlDataset *) nl_dataset_model_get_dataset (dataset);
  project->net = (NlNet *) nl_network_model_get_net (network);
  project->activation = nl_network_model_get_activation (network);
  nl_trainer_get_options (trainer, &project->options);
  project->options.shuffle_seed = nl_network_model_get_seed (network);
  project->epochs_per_run = nl_trainer_get_epochs (trainer);
  project->seed = nl_network_model_get_seed (network);
  project->init = nl_network_model_get_init (network);
  project->test_percent = nl_trainer_get_test_percent (trainer);
  project->split_seed = nl_trainer_get_split_seed (trainer);
  project->target_loss = nl_trainer_get_target_loss (trainer);
  project->early_stopping = nl_trainer_get_early_stopping (trainer);
  /* The history counts every epoch the trainer counts, and the test
   * history runs parallel to it. */
  g_warn_if_fail (nl_history_epochs (test_history) == nl_history_epochs (history));
  project->epoch = nl_history_epochs (history);
  project->loss = nl_trainer_get_loss (trainer);
  project->accuracy = nl_trainer_get_accuracy (trainer);
  project->test_loss = nl_trainer_get_test_loss (trainer);
  project->test_accuracy = nl_trainer_get_test_accuracy (trainer);
  {
    NlEvaluation eval, test_eval;

    nl_trainer_get_evaluation (trainer, &eval, &test_eval);
    project->rmse = eval.rmse;
    project->r2 = eval.r2;
    project->test_rmse = test_eval.rmse;
    project->test_r2 = test_eval.r2;
  }
  project->history = (NlHistory *) history;
  project->test_history = nl_history_epochs (test_history) == nl_history_epochs (history)
                          ? (NlHistory *) test_history : NULL;
  {
    const double *first, *second;

    _nl_trainer_get_optimizer_memory (trainer, &project->optimizer_steps, &first, &second);
    project->first_moment = (double *) first;
    project->second_moment = (double *) second;
  }
}

/* Adds the trainer's finished runs to @project, borrowing their data; the
 * array is the caller's to free() (after own_copies(), which copies it). */
static void
gather_runs (NlTrainer *trainer,
             NlProject *project)
{
  GListModel *runs = nl_trainer_get_runs (trainer);
  guint n = g_list_model_get_n_items (runs);

  project->runs = n > 0 ? calloc (n, sizeof *project->runs) : NULL;
  if (project->runs == NULL)
    {
      /* Out of memory: a project without its runs is still the work. */
      project->n_runs = 0;
      return;
    }
  project->n_runs = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NlRunRecord) record = g_list_model_get_item (runs, i);
      const NlRunSettings *settings = _nl_run_record_get_settings (record);
      NlProjectRun *run = &project->runs[i];

      run->number = nl_run_record_get_number (record);
      run->label = (char *) nl_run_record_get_label (record);
      run->visible = nl_run_record_get_visible (record);
      run->architecture = settings->architecture;
      run->activation = settings->activation;
      run->init = settings->init;
      run->seed = settings->seed;
      run->options = settings->options;
      run->options.shuffle_seed = 0;
      run->epoch = nl_run_record_get_epochs (record);
      nl_run_record_get_evaluation (record, &run->eval, &run->test_eval);
      run->history = (NlHistory *) nl_run_record_get_history (record);
      run->test_history = (NlHistory *) nl_run_record_get_test_history (record);
    }
}

/* Replaces what @project borrows (see gather()) with copies of its own, for
 * nl_project_clear() to free. FALSE when memory runs out; @project is then
 * still safe to clear. */
static gboolean
own_copies (NlProject *project)
{
  const NlDataset *dataset = project->dataset;
  const NlNet *net = project->net;
  const NlHistory *history = project->history;
  const NlHistory *test_history = project->test_history;

  const double *first = project->first_moment, *second = project->second_moment;
  const NlProjectRun *runs = project->runs;
  size_t n_params = net->n_params;
  gboolean ok;

  project->dataset = nl_dataset_copy (dataset);
  project->net = nl_net_copy (net);
  project->history = nl_history_copy (history);
  project->test_history = nl_history_copy (test_history);
  project->first_moment = first != NULL ? malloc (n_params * sizeof (double)) : NULL;
  project->second_moment = second != NULL ? malloc (n_params * sizeof (double)) : NULL;
  if (project->first_moment != NULL)
    memcpy (project->first_moment, first, n_params * sizeof (double));
  if (project->second_moment != NULL)
    memcpy (project->second_moment, second, n_params * sizeof (double));
  ok = project->dataset != NULL && project->net != NULL
       && (history == NULL || project->history != NULL)
       && (test_history == NULL || project->test_history != NULL)
       && (first == NULL || project->first_moment != NULL)
       && (second == NULL || project->second_moment != NULL);

  /* The runs are copied one by one; those copied are freed with the
   * project. */
  project->runs = project->n_runs > 0 ? calloc (project->n_runs, sizeof *project->runs) : NULL;
  if (project->runs == NULL)
    {
      ok = ok && project->n_runs == 0;
      project->n_runs = 0;
      return ok;
    }
  for (size_t i = 0; i < project->n_runs; i++)
    if (!nl_project_run_copy (&runs[i], &project->runs[i]))
      {
        project->n_runs = i;
        return FALSE;
      }
  return ok;
}

/* The models' state as gather() (and gather_runs(), @with_runs) see it,
 * copied. */
static gboolean
gather_copy (NlDatasetModel *dataset,
             NlNetworkModel *network,
             NlTrainer      *trainer,
             gboolean        with_runs,
             NlProject      *project)
{
  NlProjectRun *borrowed;
  gboolean ok;

  gather (dataset, network, trainer, project);
  if (with_runs)
    gather_runs (trainer, project);
  borrowed = project->runs;
  ok = own_copies (project);
  free (borrowed);
  return ok;
}

/* Formats @project and writes it to @file, on whatever thread. */
static gboolean
write_project (const NlProject        *project,
               GFile                  *file,
               NlProjectProgressFunc   progress,
               gpointer                progress_data,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *path = NULL;
  NlError err;
  char *text;
  size_t length;
  gboolean ok = TRUE;

  nl_error_clear (&err);
  text = nl_project_write_buffer_full (project, progress, progress_data, &length, &err);
  if (text == NULL && err.status == NL_ERR_CANCELLED)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, err.message);
      return FALSE;
    }
  if (text == NULL)
    {
      g_set_error (error, NL_MODEL_ERROR, code_from_core (err.status),
                   _("Could not save “%s”: %s"), name, err.message);
      return FALSE;
    }
  /* The last moment to stop: after this the file is replaced, whole. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      free (text);
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path != NULL)
    {
      /* The core's message names the file and says why; in the model's
       * domain the window shows it as it is, rather than name the file a
       * second time around it. */
      if (nl_file_write_atomic (path, text, length, &err) != NL_OK)
        {
          g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO, err.message);
          ok = FALSE;
        }
    }
  else
    ok = g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, cancellable, error);
  free (text);
  return ok;
}

gboolean
nl_project_io_save (NlDatasetModel  *dataset,
                    NlNetworkModel  *network,
                    NlTrainer       *trainer,
                    GFile           *file,
                    GError         **error)
{
  NlProject project;
  gboolean ok;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The project borrows the models' own data: writing it only reads. */
  gather (dataset, network, trainer, &project);
  gather_runs (trainer, &project);
  ok = write_project (&project, file, NULL, NULL, NULL, error);
  free (project.runs);
  return ok;
}

/* Asynchronous save.
 *
 * The worker task owns a copy of everything it writes and touches nothing
 * else but the progress record and the cancellable. It has no source object:
 * the thread may drop the last reference to it, and no model may be
 * finalised there. */

/* The share of the progress that formatting takes; writing takes the rest. */
#define SAVE_FORMATTED 0.9

typedef struct
{
  NlProject     project;
  GFile        *file;
  NlProgress   *progress;
  GCancellable *cancellable;
} SaveData;

static void
save_data_free (gpointer user_data)
{
  SaveData *data = user_data;

  nl_project_clear (&data->project);
  g_clear_object (&data->file);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->progress, _nl_progress_unref);
  g_free (data);
}

/* From the core's writer, on the worker thread. */
static int
save_progress_cb (double  fraction,
                  void   *user_data)
{
  SaveData *data = user_data;

  _nl_progress_post (data->progress, SAVE_FORMATTED * fraction, fraction == 0.0);
  return !g_cancellable_is_cancelled (data->cancellable);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = !g_cancellable_set_error_if_cancelled (cancellable, &error)
       && write_project (&data->project, data->file, save_progress_cb, data, cancellable, &error);
  /* The copy goes here rather than on the main thread: for a large project
   * freeing it takes milliseconds. */
  nl_project_clear (&data->project);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Back on the caller's context: the last progress report goes before the
 * caller's callback. */
static void
save_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _nl_progress_finish (data->progress, FALSE);
      g_task_return_error (task, error);
      return;
    }
  _nl_progress_finish (data->progress, TRUE);
  g_task_return_boolean (task, TRUE);
}

void
nl_project_io_save_async (NlDatasetModel      *dataset,
                          NlNetworkModel      *network,
                          NlTrainer           *trainer,
                          GFile               *file,
                          GCancellable        *cancellable,
                          NlLoadProgressFunc   progress,
                          gpointer             progress_data,
                          GDestroyNotify       progress_data_destroy,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  SaveData *data;

  g_return_if_fail (NL_IS_DATASET_MODEL (dataset));
  g_return_if_fail (NL_IS_NETWORK_MODEL (network));
  g_return_if_fail (NL_IS_TRAINER (trainer));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nl_project_io_save_async);
  /* The result says what happened to the file: a save that replaced it
   * succeeded, even if it was cancelled just after. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  data->progress = _nl_progress_new (progress, progress_data, progress_data_destroy);
  /* The snapshot, here on the caller's thread, while the models hold still. */
  if (!gather_copy (dataset, network, trainer, TRUE, &data->project))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      _nl_progress_finish (data->progress, FALSE);
      save_data_free (data);
      g_task_return_new_error (task, NL_MODEL_ERROR, NL_MODEL_ERROR_NO_MEMORY,
                               _("Could not save “%s”: %s"), name, _("Not enough memory"));
      return;
    }

  worker = g_task_new (NULL, cancellable, save_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, save_thread);
  g_task_set_check_cancellable (worker, FALSE);
  g_task_set_task_data (worker, data, save_data_free);
  g_task_run_in_thread (worker, save_thread);
}

gboolean
nl_project_io_save_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nl_project_io_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Loading
 *
 * The file is read (a local one through the core, which refuses what is not
 * a regular file before it blocks or reads for ever, and a project larger
 * than NL_PROJECT_MAX_FILE_SIZE, as the writer does) and parsed, on whatever
 * thread; only nl_project_io_apply() touches the models. */

/* The share of a load's progress that reading the file takes; parsing takes
 * the rest. */
#define LOAD_READ 0.5
#define LOAD_CHUNK ((gsize) 1 << 20)

static gboolean
read_local (GFile         *file,
            const char    *path,
            NlProgress    *progress,
            GCancellable  *cancellable,
            char         **contents_out,
            gsize         *length_out,
            GError       **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  char *contents = NULL;
  gsize length = 0, alloc;
  GStatBuf st;
  NlError err;
  int fd;

  nl_error_clear (&err);
  fd = nl_file_open_regular (path, &err);
  if (fd < 0)
    {
      /* Not there at all: the window says so in its own words. */
      if (g_lstat (path, &st) != 0 && errno == ENOENT)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, err.message);
      else
        g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO, err.message);
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    st.st_size = 0;
  if ((guint64) st.st_size > NL_PROJECT_MAX_FILE_SIZE)
    goto too_large;
  alloc = (gsize) st.st_size + 1;
  contents = g_try_malloc (alloc + 1);
  if (contents == NULL)
    {
      close (fd);
      g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NO_MEMORY,
                   _("Could not open “%s”: %s"), name, _("Not enough memory"));
      return FALSE;
    }
  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (length == alloc)
        {
          char *grown;

          /* The file grew while it was read. */
          if (length > NL_PROJECT_MAX_FILE_SIZE)
            goto too_large;
          alloc *= 2;
          grown = g_try_realloc (contents, alloc + 1);
          if (grown == NULL)
            {
              g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NO_MEMORY,
                           _("Could not open “%s”: %s"), name, _("Not enough memory"));
              goto fail;
            }
          contents = grown;
        }
      n = read (fd, contents + length, MIN (alloc - length, LOAD_CHUNK));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read “%s”: %s"), name, g_strerror (saved_errno));
          goto fail;
        }
      if (n == 0)
        break;
      length += (gsize) n;
      if (progress != NULL && st.st_size > 0)
        _nl_progress_post (progress, LOAD_READ * (double) length / (double) st.st_size, FALSE);
    }
  if (length > NL_PROJECT_MAX_FILE_SIZE)
    goto too_large;
  close (fd);
  contents[length] = '\0';
  *contents_out = contents;
  *length_out = length;
  return TRUE;

too_large:
  g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID,
               _("Could not open “%s”: it is larger than %zu MB, the most NeuronLab opens"),
               name, NL_PROJECT_MAX_FILE_SIZE / (1024 * 1024));
fail:
  close (fd);
  g_free (contents);
  return FALSE;
}

typedef struct
{
  NlProgress   *progress;
  GCancellable *cancellable;
} ParseProgress;

/* From the core's reader, on the worker thread. */
static int
parse_progress_cb (double  fraction,
                   void   *user_data)
{
  ParseProgress *p = user_data;

  if (p->progress != NULL)
    _nl_progress_post (p->progress, LOAD_READ + (1.0 - LOAD_READ) * fraction, FALSE);
  return !g_cancellable_is_cancelled (p->cancellable);
}

/* Reads @file and parses it into @project. */
static gboolean
read_project (GFile         *file,
              NlProgress    *progress,
              GCancellable  *cancellable,
              NlProject     *project,
              GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *path = g_file_get_path (file);
  gsize length = 0;
  NlError err;

  nl_project_init (project);
  if (path != NULL)
    {
      if (!read_local (file, path, progress, cancellable, &contents, &length, error))
        return FALSE;
    }
  else
    {
      g_autoptr (GFileInfo) info = NULL;

      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                cancellable, error);
      if (info == NULL)
        return FALSE;
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        {
          g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO,
                       _("Could not open “%s”: it is not a regular file"), name);
          return FALSE;
        }
      if ((guint64) g_file_info_get_size (info) > NL_PROJECT_MAX_FILE_SIZE)
        {
          g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID,
                       _("Could not open “%s”: it is larger than %zu MB, the most NeuronLab "
                         "opens"), name, NL_PROJECT_MAX_FILE_SIZE / (1024 * 1024));
          return FALSE;
        }
      if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
        return FALSE;
    }
  if (progress != NULL)
    _nl_progress_post (progress, LOAD_READ, TRUE);

  nl_error_clear (&err);
  if (nl_project_read_buffer_full (contents, length, parse_progress_cb,
                                   &(ParseProgress) { progress, cancellable }, project,
                                   &err) != NL_OK)
    {
      if (err.status == NL_ERR_CANCELLED
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_set_error (error, NL_MODEL_ERROR, code_from_core (err.status),
                   _("Could not open “%s”: %s"), name, err.message);
      return FALSE;
    }
  /* Everything is checked before the first model changes. */
  if (!nl_network_model_check_net (project->net, error))
    {
      g_prefix_error (error, _("Could not open “%s”: "), name);
      nl_project_clear (project);
      return FALSE;
    }
  return TRUE;
}

gboolean
nl_project_io_load (NlDatasetModel  *dataset,
                    NlNetworkModel  *network,
                    NlTrainer       *trainer,
                    GFile           *file,
                    GError         **error)
{
  NlProject project;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_project (file, NULL, NULL, &project, error))
    return FALSE;
  return nl_project_io_apply_all (dataset, network, trainer, &project, error);
}

/* Asynchronous load: the worker reads and parses into its own NlProject;
 * the models change on the caller's context, in load_done_cb(), unless the
 * load was cancelled by then. */

typedef struct
{
  GFile        *file;
  NlProgress   *progress;
  NlProject     project;
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
} LoadData;

static void
load_data_free (gpointer user_data)
{
  LoadData *data = user_data;

  nl_project_clear (&data->project);
  g_clear_object (&data->file);
  g_clear_object (&data->dataset);
  g_clear_object (&data->network);
  g_clear_object (&data->trainer);
  g_clear_pointer (&data->progress, _nl_progress_unref);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  if (!read_project (data->file, data->progress, cancellable, &data->project, &error))
    {
      nl_project_clear (&data->project);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The worker's task may outlive this callback by a moment on the worker's
 * thread (its thread lets go of it after the callback may have run), so the
 * models, and whatever the progress function holds, are let go of here, on
 * the caller's context, rather than by load_data_free(). */
static void
release_models (LoadData *data)
{
  g_clear_object (&data->dataset);
  g_clear_object (&data->network);
  g_clear_object (&data->trainer);
  g_clear_pointer (&data->progress, _nl_progress_unref);
}

static void
load_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  /* A load cancelled after the worker finished changes nothing either:
   * check_cancellable makes propagate say so. */
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !nl_project_io_apply_all (data->dataset, data->network, data->trainer, &data->project,
                               &error))
    {
      _nl_progress_finish (data->progress, FALSE);
      g_task_return_error (task, error);
      release_models (data);
      return;
    }
  _nl_progress_finish (data->progress, TRUE);
  g_task_return_boolean (task, TRUE);
  release_models (data);
}

void
nl_project_io_load_async (NlDatasetModel      *dataset,
                          NlNetworkModel      *network,
                          NlTrainer           *trainer,
                          GFile               *file,
                          GCancellable        *cancellable,
                          NlLoadProgressFunc   progress,
                          gpointer             progress_data,
                          GDestroyNotify       progress_data_destroy,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) worker = NULL;
  LoadData *data;

  g_return_if_fail (NL_IS_DATASET_MODEL (dataset));
  g_return_if_fail (NL_IS_NETWORK_MODEL (network));
  g_return_if_fail (NL_IS_TRAINER (trainer));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nl_project_io_load_async);

  data = g_new0 (LoadData, 1);
  nl_project_init (&data->project);
  data->file = g_object_ref (file);
  data->dataset = g_object_ref (dataset);
  data->network = g_object_ref (network);
  data->trainer = g_object_ref (trainer);
  data->progress = _nl_progress_new (progress, progress_data, progress_data_destroy);

  /* No source object: the models are dropped on this context, in
   * load_done_cb() (release_models()), never on the worker's. */
  worker = g_task_new (NULL, cancellable, load_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, load_thread);
  g_task_set_return_on_cancel (worker, FALSE);
  g_task_set_task_data (worker, data, load_data_free);
  g_task_run_in_thread (worker, load_thread);
}

gboolean
nl_project_io_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nl_project_io_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
nl_project_io_copy (const NlProject *from,
                    NlProject       *to)
{
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  *to = *from;
  if (!own_copies (to))
    {
      nl_project_clear (to);
      return FALSE;
    }
  return TRUE;
}

static gboolean
capture (NlDatasetModel *dataset,
         NlNetworkModel *network,
         NlTrainer      *trainer,
         gboolean        with_runs,
         NlProject      *out)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!gather_copy (dataset, network, trainer, with_runs, out))
    {
      nl_project_clear (out);
      return FALSE;
    }
  return TRUE;
}

gboolean
nl_project_io_capture (NlDatasetModel *dataset,
                       NlNetworkModel *network,
                       NlTrainer      *trainer,
                       NlProject      *out)
{
  return capture (dataset, network, trainer, FALSE, out);
}

gboolean
nl_project_io_capture_all (NlDatasetModel *dataset,
                           NlNetworkModel *network,
                           NlTrainer      *trainer,
                           NlProject      *out)
{
  return capture (dataset, network, trainer, TRUE, out);
}

static gboolean
apply_project (NlDatasetModel *dataset,
               NlNetworkModel *network,
               NlTrainer      *trainer,
               NlProject      *project_in,
               gboolean        with_runs,
               GError        **error)
{
  NlProject project = *project_in;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (project_in != NULL && project_in->dataset != NULL && project_in->net != NULL,
                        FALSE);

  /* The caller's record is emptied: what it owned is used or freed here. */
  nl_project_init (project_in);
  if (!nl_network_model_check_net (project.net, error))
    {
      nl_project_clear (&project);
      return FALSE;
    }

  /* Any run in progress goes first, so that nothing it still posts lands on
   * the opened project. */
  nl_trainer_restore (trainer, 0, NULL, NULL, NULL, NULL);
  nl_dataset_model_set_dataset (dataset, g_steal_pointer (&project.dataset));
  if (!nl_network_model_restore (network, project.net, project.activation, project.seed,
                                 project.init, error))
    g_assert_not_reached (); /* checked above */
  nl_trainer_set_learning_rate (trainer, project.options.learning_rate);
  if (project.epochs_per_run > 0)
    nl_trainer_set_epochs (trainer, project.epochs_per_run);
  nl_trainer_set_loss_function (trainer, project.options.loss);
  nl_trainer_set_shuffle (trainer, project.options.shuffle);
  nl_trainer_set_test_percent (trainer, project.test_percent);
  nl_trainer_set_split_seed (trainer, project.split_seed);
  nl_trainer_set_target_loss (trainer, project.target_loss);
  nl_trainer_set_early_stopping (trainer, project.early_stopping);
  nl_trainer_set_batch_size (trainer, (guint) project.options.batch_size);
  nl_trainer_set_optimizer (trainer, project.options.optimizer);
  nl_trainer_set_momentum (trainer, project.options.momentum);
  nl_trainer_set_beta1 (trainer, project.options.beta1);
  nl_trainer_set_beta2 (trainer, project.options.beta2);
  nl_trainer_set_epsilon (trainer, project.options.epsilon);
  nl_trainer_set_l1 (trainer, project.options.l1);
  nl_trainer_set_l2 (trainer, project.options.l2);
  {
    const NlEvaluation eval = { project.loss, project.accuracy, project.rmse, project.r2 };
    const NlEvaluation test_eval = {
      project.test_loss, project.test_accuracy, project.test_rmse, project.test_r2
    };

    nl_trainer_restore (trainer, project.epoch, &eval, &test_eval, project.history,
                        project.test_history);
  }
  /* After the restore, which clears it: training goes on where it stopped. */
  if (project.optimizer_steps > 0 || project.first_moment != NULL || project.second_moment != NULL)
    _nl_trainer_set_optimizer_state (trainer, project.options.optimizer, project.optimizer_steps,
                                     project.first_moment,
                                     project.second_moment,
                                     nl_network_model_get_n_params (network));
  if (with_runs)
    apply_runs (trainer, &project);
  nl_project_clear (&project);
  return TRUE;
}

gboolean
nl_project_io_apply (NlDatasetModel *dataset,
                     NlNetworkModel *network,
                     NlTrainer      *trainer,
                     NlProject      *project,
                     GError        **error)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (project != NULL && project->dataset != NULL && project->net != NULL, FALSE);

  return apply_project (dataset, network, trainer, project, FALSE, error);
}

gboolean
nl_project_io_apply_all (NlDatasetModel *dataset,
                         NlNetworkModel *network,
                         NlTrainer      *trainer,
                         NlProject      *project,
                         GError        **error)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), FALSE);
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), FALSE);
  g_return_val_if_fail (NL_IS_TRAINER (trainer), FALSE);
  g_return_val_if_fail (project != NULL && project->dataset != NULL && project->net != NULL, FALSE);

  return apply_project (dataset, network, trainer, project, TRUE, error);
}
