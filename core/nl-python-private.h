/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-python-private.h: what the NumPy and the PyTorch script writers
 * (nl-python.c, nl-pytorch.c) share: Python literals and comments, the
 * check that a network and its table fit together, and the parts of the
 * scripts that read a row of values and print a prediction as
 * `neuronlab-cli predict` does.
 */
#pragma once

#include <stdio.h>

#include "nl-dataset.h"
#include "nl-error.h"
#include "nl-net.h"
#include "nl-python.h"
#include "nl-task.h"
#include "nl-train.h"

/* @text as a double-quoted Python string literal that reads back to it. */
void        _nl_python_put_string       (FILE            *f,
                                         const char      *text);
/* @text in a comment: control characters become spaces and bytes that are
 * not UTF-8 question marks, so the comment stays one valid line. */
void        _nl_python_put_comment_text (FILE            *f,
                                         const char      *text);
/* A list of numbers, "[a, b, c]", each with the fewest digits that read
 * back to the same bits, broken before a number that would go past column
 * 79 and continued at @indent. */
void        _nl_python_put_doubles      (FILE            *f,
                                         const double    *v,
                                         size_t           n,
                                         size_t           indent);
/* One number, as _nl_python_put_doubles() writes each. */
void        _nl_python_put_double       (FILE            *f,
                                         double           v);

/* How a script writes its arrays: a vector (the normalisation) between
 * vector_open and vector_close, its continuation lines at vector_indent; a
 * layer's weight rows between matrix_open and matrix_close; its biases
 * between bias_open and bias_close, continued at bias_indent. */
typedef struct
{
  const char *vector_open;
  const char *vector_close;
  size_t      vector_indent;
  const char *matrix_open;
  const char *matrix_close;
  const char *bias_open;
  const char *bias_close;
  size_t      bias_indent;
} NlScriptArrays;

/* NumPy's: np.array(..., dtype=np.float64). */
extern const NlScriptArrays _nl_python_numpy_arrays;

/* The constants a script starts from: the input names and normalisation
 * (SHIFT, SCALE), the classes or the target's standardisation, and each
 * layer's W and B, then LAYERS. @values is scratch space for one number
 * per input. */
void        _nl_python_put_constants    (FILE                 *f,
                                         const NlNet          *net,
                                         const NlDataset      *ds,
                                         const NlTask         *task,
                                         const NlScriptArrays *arrays,
                                         double               *values);

/* NL_OK when the script can be written: @net's inputs are @ds's input
 * columns, its output fits @ds's task, and its parameters are finite. */
NlStatus    _nl_python_check            (const NlNet     *net,
                                         const NlDataset *ds,
                                         NlError         *error);

/* The training settings as Python constants with comments (LOSS,
 * OPTIMIZER, LEARNING_RATE, MOMENTUM, BETA1, BETA2, EPSILON, BATCH_SIZE, L1,
 * L2, SHUFFLE, SHUFFLE_SEED), the names both scripts train with. */
void        _nl_python_put_settings     (FILE                 *f,
                                         const NlTrainOptions *options,
                                         const NlTask         *task);

/* When @options' optimizer keeps memory and @memory holds some: STEPS,
 * FIRST and (for Adam) SECOND as Python lists, one (weights, biases) pair a
 * layer, and 1; otherwise nothing, and 0. */
int         _nl_python_put_memory       (FILE                    *f,
                                         const NlNet             *net,
                                         const NlTrainOptions    *options,
                                         const NlOptimizerMemory *memory);

/* parse_row(), and the body of main()'s loop over the rows (after its "try:") for
 * each task: the lines `neuronlab-cli predict` prints. */
extern const char *const _nl_python_parse_row;
extern const char *const _nl_python_main_body[NL_N_TASKS];

/* Comment lines on what the network is: "# Architecture: ...", "# Inputs:
 * ...", "# Output: ...". */
void        _nl_python_put_description  (FILE            *f,
                                         const NlNet     *net,
                                         const NlDataset *ds,
                                         const NlTask    *task);
