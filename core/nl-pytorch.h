/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-pytorch.h: a trained network as a PyTorch script, to carry on where
 * NeuronLab stops.
 *
 * The script holds the same network as a torch.nn.Module (Linear layers in
 * float64, the activations, the task's output), its trained parameters, the
 * table's normalisation and class names (or the target's standardisation),
 * the training settings as a torch.optim optimizer and a loss, the rows
 * NeuronLab trains on (normalised) and a training loop over them with the
 * same batch size and order. Run as `python3 SCRIPT.py V1,V2 ...` it prints
 * the lines `neuronlab-cli predict` prints; `--train EPOCHS` trains on and
 * prints the loss of each epoch first. It needs Python 3 and PyTorch.
 */
#pragma once

#include "nl-dataset.h"
#include "nl-error.h"
#include "nl-net.h"
#include "nl-python.h"
#include "nl-run.h"
#include "nl-train.h"

/* Writes the script for @net, whose inputs are @ds's input columns and
 * whose output layer is that of @ds's task, trained with @options (NULL:
 * the defaults), its optimizer going on from @memory (NULL: none), into
 * *out_text: NUL-terminated, freed with free(). The
 * rows of @ds that can be trained on go into the script, split as @policy
 * says (NULL: no test rows) into the rows the loop trains on and the test
 * rows it reports on. Fails as nl_python_write() does, and with
 * NL_ERR_INVALID when @options are out of range. */
NlStatus nl_pytorch_write      (const NlNet             *net,
                                const NlDataset         *ds,
                                const NlTrainOptions    *options,
                                const NlOptimizerMemory *memory,
                                const NlRunPolicy       *policy,
                                char                   **out_text,
                                NlError                 *error);

/* The same, written atomically to @path (see nl-file.h). */
NlStatus nl_pytorch_write_file (const NlNet             *net,
                                const NlDataset         *ds,
                                const NlTrainOptions    *options,
                                const NlOptimizerMemory *memory,
                                const NlRunPolicy       *policy,
                                const char              *path,
                                NlError                 *error);
