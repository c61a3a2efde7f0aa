/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-python.h: a trained network as a standalone Python script.
 *
 * The script holds the network's parameters, the table's normalisation and
 * class names (or the target's standardisation), and a predict() that
 * computes what the core computes, adding the products in the core's order,
 * so that its probabilities (or numbers) agree with the app's to the last bit
 * or so: for two classes the probability of the positive class, for more the
 * probability of each class (classify() gives the top one), for a target the
 * number in its own units. It states the training settings and has a
 * train() that carries on training with them, NeuronLab's update rule
 * written out in NumPy. It needs Python 3 and NumPy, nothing else.
 */
#pragma once

#include <stdint.h>

#include "nl-dataset.h"
#include "nl-error.h"
#include "nl-net.h"
#include "nl-train.h"

/* The optimizer's memory a script goes on from, where NeuronLab's run left
 * it (see nl_sgd_set_state()): the steps taken and, one value per parameter
 * of the network in the order of net->params (NULL: zeros), the velocity
 * (momentum) or Adam's m, and Adam's v. */
typedef struct
{
  uint64_t      steps;
  const double *first;
  const double *second;
} NlOptimizerMemory;

/* Writes the script for @net, whose inputs are @ds's input columns (names,
 * normalisation) and whose output layer is that of @ds's task, trained with
 * @options (NULL: the defaults) and with the optimizer's @memory (NULL:
 * none), into *out_text: NUL-terminated, freed with free(). Fails with
 * NL_ERR_INVALID when the table and the network do not fit together, the
 * table has neither a label with all its classes nor a target, a parameter
 * is not finite or a setting is out of range (nl_train_options_check()),
 * and NL_ERR_NOMEM. */
NlStatus nl_python_write       (const NlNet             *net,
                                const NlDataset         *ds,
                                const NlTrainOptions    *options,
                                const NlOptimizerMemory *memory,
                                char                   **out_text,
                                NlError                 *error);

/* The same, written atomically to @path (see nl-file.h). */
NlStatus nl_python_write_file  (const NlNet             *net,
                                const NlDataset         *ds,
                                const NlTrainOptions    *options,
                                const NlOptimizerMemory *memory,
                                const char              *path,
                                NlError                 *error);
