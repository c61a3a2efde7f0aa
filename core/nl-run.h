/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-run.h: the run policy, what a run does besides its epochs: the rows it
 * holds out for testing, and when it stops before its last epoch.
 *
 * The window's trainer and the command line apply the same policy:
 *
 *  - The test split: NlRunPolicy.test_percent of the rows (0 to 90) are held
 *    out of training, a stratified split drawn from split_seed
 *    (nl_matrix_split()); 0 holds out none.
 *  - The target loss: the run stops after the first epoch whose training
 *    loss is at or below target_loss (0 is off).
 *  - Early stopping: the run stops when the watched loss (the test loss, or
 *    the training loss without a test set) has not improved on its best by
 *    more than NL_RUN_MIN_DELTA for NL_RUN_PATIENCE epochs, and ends with the
 *    network of its best epoch.
 *
 * An NlRunState follows one run: the caller feeds it each epoch's losses and
 * it answers whether to go on, whether the network is the best so far (then
 * the caller keeps a copy of its parameters) or whether to stop, and why.
 * It holds no network and allocates nothing, so the caller decides what a
 * copy costs and when to make it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nl-dataset.h"
#include "nl-error.h"

#define NL_RUN_MAX_TEST_PERCENT 90
/* Epochs without improvement before early stopping ends a run. */
#define NL_RUN_PATIENCE         50
/* How much the watched loss must fall below its best to count as better. */
#define NL_RUN_MIN_DELTA        1e-6

typedef struct
{
  unsigned test_percent;   /* 0 to NL_RUN_MAX_TEST_PERCENT */
  uint64_t split_seed;
  double   target_loss;    /* 0 is off */
  int      early_stopping;
} NlRunPolicy;

typedef enum
{
  NL_RUN_STOP_NONE = 0,
  NL_RUN_STOP_TARGET_LOSS,
  NL_RUN_STOP_EARLY,
} NlRunStop;

typedef enum
{
  NL_RUN_GO_ON = 0,
  NL_RUN_NEW_BEST,         /* go on, and keep this network as the best */
  NL_RUN_STOPPED,          /* stop; NlRunState.stop says why */
} NlRunVerdict;

typedef struct
{
  double    target_loss;
  int       early_stopping;
  double    best_loss;     /* the watched loss's best; INFINITY before one */
  uint64_t  best_epoch;    /* epochs done when it was reached; 0 before */
  NlRunStop stop;
  uint64_t  stop_epoch;    /* epochs done when the run stopped */
} NlRunState;

/* No test set, no stop condition, split seed 1. */
void         nl_run_policy_init  (NlRunPolicy       *policy);
/* Whether each setting is in range; says which is not, and why. */
NlStatus     nl_run_policy_check (const NlRunPolicy *policy,
                                  NlError           *error);

/* Splits @all as @policy says into @train and @test (free both with
 * nl_matrix_clear()). @test has no rows when test_percent is 0, or when the
 * table is too small to give a class a test row. */
NlStatus     nl_run_split        (const NlRunPolicy *policy,
                                  const NlMatrix    *all,
                                  NlMatrix          *train,
                                  NlMatrix          *test,
                                  NlError           *error);

void         nl_run_state_init   (NlRunState        *state,
                                  const NlRunPolicy *policy);
/* Whether the state has anything to watch: a target loss or early stopping. */
int          nl_run_state_active (const NlRunState  *state);
/* After epoch @done (1 for the first) of the run: @loss is the epoch's
 * training loss (NAN when it was not measured), @watched the loss early
 * stopping watches (the test loss, or the training loss without a test set;
 * NAN when it was not measured this epoch). */
NlRunVerdict nl_run_state_feed   (NlRunState        *state,
                                  uint64_t           done,
                                  double             loss,
                                  double             watched);
/* Whether the run, stopped after @done epochs, should end with the best
 * network rather than its last: early stopping stopped it, after a best. */
int          nl_run_state_keeps_best (const NlRunState *state,
                                      uint64_t          done);
/* Why the run stopped, in a sentence for the person who ran it, like
 * "Reached the target loss 0.01 at epoch 123" or "Stopped early at epoch
 * 312: the test loss had not improved for 50 epochs; kept the network from
 * epoch 262 (test loss 0.0123)". @base_epoch is the epochs trained before the
 * run; @has_test whether the watched loss was a test loss. "" when the run
 * did not stop on a condition. */
void         nl_run_state_describe (const NlRunState *state,
                                    uint64_t          base_epoch,
                                    int               has_test,
                                    char             *buf,
                                    size_t            size);
