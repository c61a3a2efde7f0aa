/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-window.h: the NeuronLab main window. */
#pragma once

#include <gtk/gtk.h>

#include "nl-dataset-model.h"
#include "nl-document.h"
#include "nl-network-model.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

#define NL_TYPE_WINDOW (nl_window_get_type ())
G_DECLARE_FINAL_TYPE (NlWindow, nl_window, NL, WINDOW, GtkApplicationWindow)

/* A window on the tutorial's table with an untrained 2-2-1 network. */
NlWindow       *nl_window_new                (GtkApplication *application);
/* A window on @document's work. */
NlWindow       *nl_window_new_with_document  (GtkApplication *application,
                                              NlDocument     *document);
/* Opens a project (*.neuronlab, or a file that reads as one) or a CSV file
 * in place of the window's work, without asking about unsaved changes. A
 * CSV file starts a new, unsaved project named after it. A file that cannot
 * be used is named in the window's notification with what is wrong, and
 * the work stays as it was. */
gboolean        nl_window_open_file          (NlWindow       *self,
                                              GFile          *file);
/* Saves the project to @file (atomically) as the window's Save does: the
 * work is copied now and written on a worker thread. When the save succeeds
 * @file becomes the window's file, and the work reads as saved unless it
 * changed meanwhile; a failure is shown in the window. A save asked for
 * while another is written waits its turn. */
void            nl_window_save_file_async    (NlWindow            *self,
                                              GFile               *file,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        nl_window_save_file_finish   (NlWindow            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* nl_window_save_file_async(), then runs the thread-default main context
 * until the save is done: for tests and scripts, not for the window's own
 * actions. TRUE when it succeeded. */
gboolean        nl_window_save_file          (NlWindow            *self,
                                              GFile               *file);
/* The project's file, or NULL when it has not been saved or opened. */
GFile          *nl_window_get_file           (NlWindow       *self);
/* Whether the work changed since it was last saved or opened. */
gboolean        nl_window_get_modified       (NlWindow       *self);
/* The "Save changes?" question while it is shown (on closing the window or
 * opening another file with unsaved changes), else NULL. Answer it with
 * gtk_dialog_response(): GTK_RESPONSE_ACCEPT saves, GTK_RESPONSE_REJECT
 * discards the changes, GTK_RESPONSE_CANCEL keeps the window as it is. */
GtkWidget      *nl_window_get_close_dialog   (NlWindow       *self);
/* Writes the network as a standalone Python script using NumPy; problems are
 * shown in the window. */
gboolean        nl_window_export_python      (NlWindow       *self,
                                              GFile          *file);
/* Writes the network, its training settings and its rows as a PyTorch
 * script; problems are shown in the window. */
gboolean        nl_window_export_pytorch     (NlWindow       *self,
                                              GFile          *file);
NlDocument     *nl_window_get_document       (NlWindow       *self);
NlDatasetModel *nl_window_get_dataset        (NlWindow       *self);
NlNetworkModel *nl_window_get_network        (NlWindow       *self);
NlTrainer      *nl_window_get_trainer        (NlWindow       *self);
/* Shows @message in the window's notification, as the window's own
 * messages are shown. */
void            nl_window_show_notification  (NlWindow       *self,
                                              const char     *message);
/* A banner across the top of the window, above the work (the offer of
 * unsaved work found at start); banners stack in the order added. */
void            nl_window_add_banner         (NlWindow       *self,
                                              GtkWidget      *banner);
void            nl_window_remove_banner      (NlWindow       *self,
                                              GtkWidget      *banner);
/* The text of the in-window notification, or NULL when none is shown. */
const char     *nl_window_get_notification   (NlWindow       *self);

G_END_DECLS
