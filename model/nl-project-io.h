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
#include "nl-network-model.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

/* Writes the project atomically: a local file is replaced through a
 * temporary file that is flushed to the disk first; other locations go
 * through g_file_replace_contents(). */
gboolean nl_project_io_save (NlDatasetModel  *dataset,
                             NlNetworkModel  *network,
                             NlTrainer       *trainer,
                             GFile           *file,
                             GError         **error);

/* Reads and checks the whole file before changing anything: a file that
 * cannot be used fails with NL_MODEL_ERROR_PARSE (or a G_IO_ERROR when it
 * cannot be read), a message that names the file, the line and what is
 * wrong, and the models as they were. */
gboolean nl_project_io_load (NlDatasetModel  *dataset,
                             NlNetworkModel  *network,
                             NlTrainer       *trainer,
                             GFile           *file,
                             GError         **error);

G_END_DECLS
