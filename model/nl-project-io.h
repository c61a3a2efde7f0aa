/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-project-io.h: saving and opening project files with the models.
 *
 * A project (see core/nl-project.h for the format) holds the table of an
 * NlDatasetModel, the network of an NlNetworkModel and the settings (test
 * set and stop conditions included) and the loss and test loss histories of
 * the NlTrainer that trains one on the other. Saving captures
 * their state as it is (the parameters of a run in progress as last
 * posted); opening stops any run and replaces all three, so that the window
 * shows and predicts exactly what was saved.
 */
#pragma once

#include <gio/gio.h>

#include "nl-dataset-model.h"
#include "nl-project.h"
#include "nl-network-model.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

/* Writes the project atomically: a local file is replaced through a
 * temporary file that is flushed to the disk first; other locations go
 * through g_file_replace_contents(). */
gboolean nl_project_io_save        (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    GFile                *file,
                                    GError              **error);

/* Saves as nl_project_io_save() does, the same bytes, but formats and
 * writes on a worker thread. What is saved is copied before this returns
 * (a few milliseconds for a million epochs of history), so the models may
 * change at once: the file holds their state at the time of the call.
 *
 * @progress (which may be NULL) reports as a load's does (see
 * nl_dataset_model_load_csv_async()); @progress_data_destroy runs on the
 * caller's context when the save is over. Cancelling @cancellable stops the
 * work with G_IO_ERROR_CANCELLED, leaving the file as it was; once the new
 * file has replaced the old one the save has succeeded, cancelled or not.
 * A failure leaves the file as it was too. */
void     nl_project_io_save_async  (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    NlLoadProgressFunc    progress,
                                    gpointer              progress_data,
                                    GDestroyNotify        progress_data_destroy,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean nl_project_io_save_finish (GAsyncResult         *result,
                                    GError              **error);

/* Reads and checks the whole file before changing anything: a file that
 * cannot be used fails with NL_MODEL_ERROR_PARSE (or a G_IO_ERROR when it
 * cannot be read), a message that names the file, the line and what is
 * wrong, and the models as they were. */
gboolean nl_project_io_load        (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    GFile                *file,
                                    GError              **error);

/* As nl_project_io_load(), reading and parsing on a worker thread, with
 * @progress as a CSV load's (see nl_dataset_model_load_csv_async()). The
 * models change on the caller's context when the file has been read and
 * checked whole; cancelling @cancellable before then fails with
 * G_IO_ERROR_CANCELLED and leaves them as they were. */
void     nl_project_io_load_async  (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    NlLoadProgressFunc    progress,
                                    gpointer              progress_data,
                                    GDestroyNotify        progress_data_destroy,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean nl_project_io_load_finish (GAsyncResult         *result,
                                    GError              **error);

/* A copy of the models' state as a project file holds it, owned by @out
 * (free it with nl_project_clear()): for undo, which puts it back with
 * nl_project_io_apply(). The finished runs are not part of it (undo does
 * not change them). FALSE when memory runs out. */
gboolean nl_project_io_capture     (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    NlProject            *out);
/* As nl_project_io_capture(), with the finished runs: everything a saved
 * file holds (for drafts, opened with nl_project_io_apply_all()). */
gboolean nl_project_io_capture_all (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    NlProject            *out);
/* A deep copy of @from into @to, for nl_project_clear() to free. FALSE
 * when memory runs out (@to is then cleared). */
gboolean nl_project_io_copy        (const NlProject      *from,
                                    NlProject            *to);
/* Replaces the models' state with @project's, as opening its file would,
 * and empties @project (what it held is used or freed). Fails, changing
 * nothing, when the network does not fit NlNetworkModel. The trainer's
 * finished runs stay as they are: runs are not part of undo. */
gboolean nl_project_io_apply       (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    NlProject            *project,
                                    GError              **error);
/* As nl_project_io_apply(), for a project opened as the work (a file, a
 * draft): the project's finished runs replace the trainer's too. */
gboolean nl_project_io_apply_all   (NlDatasetModel       *dataset,
                                    NlNetworkModel       *network,
                                    NlTrainer            *trainer,
                                    NlProject            *project,
                                    GError              **error);

G_END_DECLS
