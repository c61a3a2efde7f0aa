/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-document.h: one piece of work: the table, the network, its training,
 * and the rules of the work.
 *
 * NlDocument owns the dataset, network and trainer models of a window and
 * decides what a window only shows: what the work is called and where it
 * lives, whether it has unsaved changes, what can be undone, whether the
 * last figures are still about the table, and opening and saving (large
 * files and every save on worker threads). The window keeps what is about
 * people: file choosers, questions, progress and messages. The rules in
 * full: docs/ARCHITECTURE.md, section "The document".
 */
#pragma once

#include <gio/gio.h>

#include "nl-dataset-model.h"
#include "nl-examples.h"
#include "nl-network-model.h"
#include "nl-project.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

#define NL_DOCUMENT_MAX_UNDO 200
#define NL_DOCUMENT_PROJECT_SUFFIX ".neuronlab"

#define NL_TYPE_DOCUMENT (nl_document_get_type ())

G_DECLARE_FINAL_TYPE (NlDocument, nl_document, NL, DOCUMENT, GObject)

/* The tutorial's table and a 2-2-1 network, untitled and unmodified. */
NlDocument     *nl_document_new                 (void);
/* An empty table (no rows) with the columns of @source (names, roles and
 * normalisation), untitled and unmodified. */
NlDocument     *nl_document_new_with_columns_of (NlDocument          *source);

/* The work as it is now is no change: nothing to save, nothing to undo.
 * For a window that has just set a new work up with the person's last
 * settings. */
void            nl_document_mark_unchanged      (NlDocument          *self);

NlDatasetModel *nl_document_get_dataset         (NlDocument          *self);
NlNetworkModel *nl_document_get_network         (NlDocument          *self);
NlTrainer      *nl_document_get_trainer         (NlDocument          *self);

/* The project file, once opened or saved; NULL before. */
GFile          *nl_document_get_file            (NlDocument          *self);
/* The work's name for people: "people.neuronlab" once saved, "people" for
 * a table imported from people.csv, else "Untitled". */
const char     *nl_document_get_title           (NlDocument          *self);
/* The name of work that has no file: "people" for a table imported from
 * people.csv, "Spiral" for a data set; NULL when untitled or saved. */
const char     *nl_document_get_name            (NlDocument          *self);
/* The name without the project suffix, as a question about it reads it. */
char           *nl_document_dup_short_name      (NlDocument          *self);
/* The folder to offer for saving: the file's, or the CSV file's; NULL. */
GFile          *nl_document_get_folder          (NlDocument          *self);
gboolean        nl_document_get_modified        (NlDocument          *self);

/* Undo */
gboolean        nl_document_get_can_undo        (NlDocument          *self);
gboolean        nl_document_get_can_redo        (NlDocument          *self);
/* What Undo and Redo would undo or make again ("Edit Height (in)", "Add
 * Row", "Reset"), or NULL when there is nothing. */
const char     *nl_document_get_undo_label      (NlDocument          *self);
const char     *nl_document_get_redo_label      (NlDocument          *self);
gboolean        nl_document_undo                (NlDocument          *self);
gboolean        nl_document_redo                (NlDocument          *self);

/* Sets parameter @index of the network by hand, as one step of undo;
 * successive settings of the same parameter within a second (dragging a
 * slider) are one step. Refused (FALSE) during a run. */
gboolean        nl_document_set_param           (NlDocument          *self,
                                                 guint                index,
                                                 double               value);
/* Draws the weights again from the seed and clears the loss history, as
 * one step of undo. Stops a run in progress. */
void            nl_document_reset               (NlDocument          *self);
/* The tutorial's worked example: a 2-2-1 sigmoid network with every
 * weight 1 and every bias 0, the mean squared error, on the tutorial's
 * table (Alice first), as one step of undo. Stops a run in progress. When
 * it had to replace more than the weights (a table that is not the
 * tutorial's, other hidden layers, another loss), @replaced is set to a
 * sentence that says what, for the person (else NULL). */
gboolean        nl_document_worked_example      (NlDocument          *self,
                                                 char               **replaced,
                                                 GError             **error);

/* Whether the table was edited since the trainer's figures (loss,
 * accuracy, confusion) were measured; FALSE before any training. */
gboolean        nl_document_get_table_changed   (NlDocument          *self);

/* Opening. Each replaces the whole work when it succeeds, leaves it as it
 * was when it fails (with a message that names the file), stops a run in
 * progress, forgets the undo steps and leaves the work unmodified. */
gboolean        nl_document_open_project        (NlDocument          *self,
                                                 GFile               *file,
                                                 GError             **error);
gboolean        nl_document_open_csv            (NlDocument          *self,
                                                 GFile               *file,
                                                 GError             **error);
/* Unsaved work kept in a draft (see nl-draft.h) in place of the work:
 * @project (emptied, as nl_project_io_apply() does), called as it was then
 * (@file, else @name and @folder; each may be NULL). The work is modified:
 * @file stays as it is until the person saves. */
gboolean        nl_document_open_draft          (NlDocument          *self,
                                                 NlProject           *project,
                                                 GFile               *file,
                                                 const char          *name,
                                                 GFile               *folder,
                                                 GError             **error);
/* A data set to start from (core/nl-examples.h; @options NULL for the
 * defaults) with the settings that suit it: its hidden layers, activation,
 * initialisation, loss, learning rate, epochs (not "until stopped") and
 * test share, the table normalised as they say, the output its task needs
 * and a network drawn afresh from the seed. The work is titled after the data
 * set ("Spiral") and has no file. Fails, changing nothing, when the core
 * refuses the options. */
gboolean        nl_document_open_example        (NlDocument          *self,
                                                 const NlExample     *example,
                                                 const NlExampleOptions *options,
                                                 GError             **error);
/* As nl_document_open_csv(), reading and parsing in a worker thread (see
 * nl_dataset_model_load_csv_async()); "loading" is TRUE meanwhile, and
 * while any other such load is under way. */
void            nl_document_open_csv_async      (NlDocument          *self,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 NlLoadProgressFunc   progress,
                                                 gpointer             progress_data,
                                                 GDestroyNotify       progress_data_destroy,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        nl_document_open_csv_finish     (NlDocument          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* As nl_document_open_project(), reading and parsing in a worker thread
 * (see nl_project_io_load_async()); "loading" as for a CSV file.
 * Cancelling leaves the work as it was. */
void            nl_document_open_project_async  (NlDocument          *self,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 NlLoadProgressFunc   progress,
                                                 gpointer             progress_data,
                                                 GDestroyNotify       progress_data_destroy,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        nl_document_open_project_finish (NlDocument          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean        nl_document_get_loading         (NlDocument          *self);

/* Saving: the work as it is now goes to @file (formatted and written on a
 * worker thread); saves asked for while one is written wait their turn,
 * and one for the file being written joins it. Success makes @file the
 * work's file and clears "modified" if nothing changed since the save
 * began. "saving", "saving-file" and "save-fraction" say how it goes. */
void            nl_document_save_async          (NlDocument          *self,
                                                 GFile               *file,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        nl_document_save_finish         (NlDocument          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean        nl_document_get_saving          (NlDocument          *self);
/* The file being written, while "saving". */
GFile          *nl_document_get_saving_file     (NlDocument          *self);
double          nl_document_get_save_fraction   (NlDocument          *self);
/* Stops the save being written and those waiting (they fail with
 * G_IO_ERROR_CANCELLED): the window is closing. A load is stopped by its
 * own cancellable. */
void            nl_document_cancel              (NlDocument          *self);

G_END_DECLS
