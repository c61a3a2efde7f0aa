/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-project.h: NeuronLab project files (*.neuronlab).
 *
 * A project holds everything needed to reopen a piece of work and get the
 * same predictions, bit for bit: the table as typed, the network, the
 * training settings and the (bounded) loss history. The file is a GLib key
 * file written and read here in plain C (the command line tool needs no
 * GLib), numbers in the C locale with the fewest digits that read back to
 * the same bits. The format, its keys, the defaults of keys added later and
 * the checks on reading: docs/ARCHITECTURE.md, section "The project file".
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nl-dataset.h"
#include "nl-error.h"
#include "nl-history.h"
#include "nl-net.h"
#include "nl-train.h"

/* The format this code writes and the newest it reads. */
#define NL_PROJECT_VERSION       1
/* The largest test share, in percent, as NlTrainer takes it. */
#define NL_PROJECT_MAX_TEST_PERCENT 90
/* The most columns a project table may have, as for CSV files. */
#define NL_PROJECT_MAX_COLUMNS   4096
/* Project files larger than this are not opened, and the writer refuses
 * to write one (NL_ERR_INVALID, before the file is touched), so that every
 * project NeuronLab saves, it can open again. */
#define NL_PROJECT_MAX_FILE_SIZE ((size_t) 1024 * 1024 * 1024)
/* The most finished runs a project keeps, as NlTrainer does. */
#define NL_PROJECT_MAX_RUNS      20
/* The largest batch size a project holds, as NlTrainer takes it. */
#define NL_PROJECT_MAX_BATCH_SIZE 1000000

/* A finished run kept beside the work (see model/nl-run-record.h): how it
 * trained, on what network, how far, and its loss curves. */
typedef struct
{
  unsigned        number;         /* "Run 3": 1 or more */
  char           *label;          /* what differed from the run before */
  int             visible;        /* its curves are shown */
  char           *architecture;   /* the layer sizes, "2-2-1" */
  NlActivation    activation;     /* of the hidden layers */
  NlInit          init;
  uint64_t        seed;
  /* Learning rate, loss, shuffling, batch size, optimizer and its
   * coefficients, L1 and L2 (shuffle_seed is not kept). */
  NlTrainOptions  options;
  /* As the project's own: epochs, the last figures (NAN where not known),
   * the loss history of those epochs (NULL only with none) and the test
   * loss history (NULL without a test set). */
  uint64_t        epoch;
  NlEvaluation    eval;
  NlEvaluation    test_eval;
  NlHistory      *history;
  NlHistory      *test_history;
} NlProjectRun;

typedef struct
{
  NlDataset      *dataset;
  NlNet          *net;
  /* The hidden layers' usual activation (the Activation choice; kept even
   * when there are none); a hidden layer may have its own in @net. The
   * output's is the net's last layer's. */
  NlActivation    activation;
  /* Learning rate, loss function, shuffling, batch size, optimizer and its
   * coefficients, L1 and L2 (a file without the later ones has the
   * defaults). When read, shuffle_seed is the seed. */
  NlTrainOptions  options;
  /* Epochs a run trains (the Epochs setting); 0 when the writer had none. */
  unsigned        epochs_per_run;
  uint64_t        seed;
  NlInit          init;
  /* The test set and the stop conditions: the percentage of usable rows
   * held out (0 to NL_PROJECT_MAX_TEST_PERCENT), the seed of that split,
   * the target loss (0 is off) and early stopping (0 or 1). */
  unsigned        test_percent;
  uint64_t        split_seed;
  double          target_loss;
  int             early_stopping;

  /* Epochs trained since the parameters were drawn, and the loss history
   * of those epochs (bounded, see nl-history.h; it counts epoch epochs;
   * NULL only with no epochs). loss and accuracy are those of the last
   * evaluation, NAN when there is none; test_loss and test_accuracy those
   * of the test set. test_history is NULL, or the test loss history,
   * parallel to history (NAN where it was not evaluated); NULL is the same
   * as all NAN, and reading gives NULL for that. Reading an old file's
   * history of every epoch compacts it as training would have. */
  uint64_t        epoch;
  double          loss;
  double          accuracy;
  double          test_loss;
  double          test_accuracy;
  /* For a regression: the last evaluation's RMSE (the target's units) and
   * R², and the test set's; NAN when not known. */
  double          rmse;
  double          r2;
  double          test_rmse;
  double          test_r2;
  NlHistory      *history;
  NlHistory      *test_history;

  /* The optimizer's memory (see nl_sgd_set_state()), so that training goes
   * on where it stopped: the steps taken, and per parameter (net->n_params
   * values, NULL for none) the velocity or Adam's m, and Adam's v. */
  uint64_t        optimizer_steps;
  double         *first_moment;
  double         *second_moment;

  /* Finished runs, oldest first, at most NL_PROJECT_MAX_RUNS, with
   * different numbers. */
  NlProjectRun   *runs;
  size_t          n_runs;
} NlProject;

/* Empty (NULL dataset and network) with the default settings: learning rate
 * 0.1, 1000 epochs, MSE, seed 1, N(0, 1) initialisation, no shuffling, no
 * test set (split seed 1), no stop condition. */
void      nl_project_init          (NlProject       *project);
/* Frees the dataset, the network, the histories, the optimizer's memory
 * and the runs, and initialises again. */
void      nl_project_clear         (NlProject       *project);

/* Frees what @run holds and zeroes it. */
void      nl_project_run_clear     (NlProjectRun    *run);
/* A deep copy of @from into @to; 0 when memory runs out (@to is then
 * cleared). */
int       nl_project_run_copy      (const NlProjectRun *from,
                                    NlProjectRun       *to);

/* Whether @project can be written and read back: a table and a network,
 * counts that agree (the network has one input per input column), settings
 * in range, finite parameters, a history of as many epochs as the epoch
 * count (the test history parallel to it), texts that are
 * valid UTF-8 without control characters other than tab and line breaks. */
NlStatus  nl_project_check         (const NlProject *project,
                                    NlError         *error);

/* The file's text, NUL-terminated, freed with free(); NULL with a reason in
 * @error when nl_project_check() fails or memory runs out. */
char     *nl_project_write_buffer  (const NlProject *project,
                                    size_t          *length,
                                    NlError         *error);

/* Called by nl_project_write_buffer_full() from time to time (every few
 * tens of thousands of values, so it may take a lock or read an atomic)
 * with the share of the text written so far, 0 to 1. Returning 0 stops the
 * writer. */
typedef int (*NlProjectProgressFunc) (double  fraction,
                                      void   *data);

/* As nl_project_write_buffer(), reporting to @progress (which may be NULL);
 * when @progress returns 0 the result is NULL with NL_ERR_CANCELLED. */
char     *nl_project_write_buffer_full (const NlProject       *project,
                                        NlProjectProgressFunc  progress,
                                        void                  *progress_data,
                                        size_t                *length,
                                        NlError               *error);
/* Writes the file atomically (see nl-file.h). */
NlStatus  nl_project_write_file    (const NlProject *project,
                                    const char      *path,
                                    NlError         *error);

/* Reads a project into @out (initialised first; on failure it is left
 * cleared). Anything that is not a valid project, including one from a newer
 * version of NeuronLab, is NL_ERR_PARSE with the line and what is wrong. */
NlStatus  nl_project_read_buffer   (const char      *data,
                                    size_t           length,
                                    NlProject       *out,
                                    NlError         *error);
/* As nl_project_read_buffer(), reporting to @progress (which may be NULL)
 * every megabyte or so; when it returns 0 the result is NL_ERR_CANCELLED
 * and @out is left cleared. */
NlStatus  nl_project_read_buffer_full (const char            *data,
                                       size_t                 length,
                                       NlProjectProgressFunc  progress,
                                       void                  *progress_data,
                                       NlProject             *out,
                                       NlError               *error);
NlStatus  nl_project_read_file     (const char      *path,
                                    NlProject       *out,
                                    NlError         *error);
