/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-run.c: the test split and the stop conditions of a run. */
#include "nl-run.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "nl-i18n.h"
#include "nl-train.h"

void
nl_run_policy_init (NlRunPolicy *policy)
{
  policy->test_percent = 0;
  policy->split_seed = 1;
  policy->target_loss = 0.0;
  policy->early_stopping = 0;
}

NlStatus
nl_run_policy_check (const NlRunPolicy *policy,
                     NlError           *error)
{
  if (policy->test_percent > NL_RUN_MAX_TEST_PERCENT)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The share of rows held out for testing must be 0 to %d%%, not %u%%"),
                         NL_RUN_MAX_TEST_PERCENT, policy->test_percent);
  if (!(policy->target_loss >= 0.0) || !isfinite (policy->target_loss))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The target loss must be 0 (none) or a positive number, not %g"),
                         policy->target_loss);
  return NL_OK;
}

NlStatus
nl_run_split (const NlRunPolicy *policy,
              const NlMatrix    *all,
              NlMatrix          *train,
              NlMatrix          *test,
              NlError           *error)
{
  NlStatus status = nl_run_policy_check (policy, error);

  if (status != NL_OK)
    return status;
  return nl_matrix_split (all, policy->test_percent / 100.0, policy->split_seed,
                          train, test, error);
}

void
nl_run_state_init (NlRunState        *state,
                   const NlRunPolicy *policy)
{
  state->target_loss = policy->target_loss;
  state->early_stopping = policy->early_stopping;
  state->best_loss = INFINITY;
  state->best_epoch = 0;
  state->stop = NL_RUN_STOP_NONE;
  state->stop_epoch = 0;
}

int
nl_run_state_active (const NlRunState *state)
{
  return state->target_loss > 0 || state->early_stopping;
}

NlRunVerdict
nl_run_state_feed (NlRunState *state,
                   uint64_t    done,
                   double      loss,
                   double      watched)
{
  if (state->stop != NL_RUN_STOP_NONE)
    return NL_RUN_STOPPED;
  if (state->target_loss > 0 && loss <= state->target_loss)
    {
      state->stop = NL_RUN_STOP_TARGET_LOSS;
      state->stop_epoch = done;
      return NL_RUN_STOPPED;
    }
  if (!state->early_stopping || isnan (watched))
    return NL_RUN_GO_ON;
  if (watched < state->best_loss - NL_RUN_MIN_DELTA)
    {
      state->best_loss = watched;
      state->best_epoch = done;
      return NL_RUN_NEW_BEST;
    }
  /* Patience counts from a best: a loss that never was finite has none to
   * go back to. */
  if (state->best_epoch > 0 && done - state->best_epoch >= NL_RUN_PATIENCE)
    {
      state->stop = NL_RUN_STOP_EARLY;
      state->stop_epoch = done;
      return NL_RUN_STOPPED;
    }
  return NL_RUN_GO_ON;
}

int
nl_run_state_keeps_best (const NlRunState *state,
                         uint64_t          done)
{
  return state->stop == NL_RUN_STOP_EARLY && state->best_epoch > 0 && state->best_epoch < done;
}

void
nl_run_state_describe (const NlRunState *state,
                       uint64_t          base_epoch,
                       int               has_test,
                       char             *buf,
                       size_t            size)
{
  uint64_t epoch = base_epoch + state->stop_epoch;

  if (size == 0)
    return;
  buf[0] = '\0';
  if (state->stop == NL_RUN_STOP_TARGET_LOSS)
    /* Translators: the first is the target loss, the second an epoch. */
    snprintf (buf, size, _("Reached the target loss %g at epoch %" PRIu64),
              state->target_loss, epoch);
  else if (state->stop == NL_RUN_STOP_EARLY)
    {
      unsigned waited = (unsigned) (state->stop_epoch - state->best_epoch);
      uint64_t best = base_epoch + state->best_epoch;

      if (has_test)
        /* Translators: the epoch it stopped at, the epochs without
         * improvement, the epoch whose network it kept and its test loss:
         * "Stopped early at epoch 312: the test loss had not improved for 50
         * epochs; kept the network from epoch 262 (test loss 0.0123)". */
        snprintf (buf, size,
                  dngettext (GETTEXT_PACKAGE,
                             "Stopped early at epoch %" PRIu64 ": the test "
                             "loss had not improved for %u epoch; kept the "
                             "network from epoch %" PRIu64 " (test loss %.3g)",
                             "Stopped early at epoch %" PRIu64 ": the test "
                             "loss had not improved for %u epochs; kept the "
                             "network from epoch %" PRIu64 " (test loss %.3g)",
                             waited),
                  epoch, waited, best, state->best_loss);
      else
        /* Translators: as above, for the training loss when no rows are
         * held out for testing. */
        snprintf (buf, size,
                  dngettext (GETTEXT_PACKAGE,
                             "Stopped early at epoch %" PRIu64 ": the "
                             "training loss had not improved for %u epoch; "
                             "kept the network from epoch %" PRIu64
                             " (training loss %.3g)",
                             "Stopped early at epoch %" PRIu64 ": the "
                             "training loss had not improved for %u epochs; "
                             "kept the network from epoch %" PRIu64
                             " (training loss %.3g)",
                             waited),
                  epoch, waited, best, state->best_loss);
    }
}
