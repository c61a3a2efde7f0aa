/* nl-window.h: the NeuronLab main window. */
#pragma once

#include <gtk/gtk.h>

#include "nl-dataset-model.h"
#include "nl-network-model.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

#define NL_TYPE_WINDOW (nl_window_get_type ())
G_DECLARE_FINAL_TYPE (NlWindow, nl_window, NL, WINDOW, GtkApplicationWindow)

/* A window on the tutorial's table with an untrained 2-2-1 network. */
NlWindow       *nl_window_new                (GtkApplication *application);
/* Replaces the table with a CSV file's; problems are shown in the window. */
gboolean        nl_window_open_file          (NlWindow       *self,
                                              GFile          *file);
NlDatasetModel *nl_window_get_dataset        (NlWindow       *self);
NlNetworkModel *nl_window_get_network        (NlWindow       *self);
NlTrainer      *nl_window_get_trainer        (NlWindow       *self);
/* The text of the in-window notification, or NULL when none is shown. */
const char     *nl_window_get_notification   (NlWindow       *self);

G_END_DECLS
