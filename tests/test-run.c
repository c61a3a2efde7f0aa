/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-run.c: the run policy the window and the command line share: the
 * test split, the target loss and early stopping. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-csv.h"
#include "nl-run.h"
#include "nl-train.h"

/* The settings are checked, each with its own reason. */
static void
test_policy_check (void)
{
  NlRunPolicy policy;
  NlError error = { 0 };

  nl_run_policy_init (&policy);
  g_assert_cmpuint (policy.test_percent, ==, 0);
  g_assert_cmpfloat (policy.target_loss, ==, 0.0);
  g_assert_false (policy.early_stopping);
  g_assert_cmpint (nl_run_policy_check (&policy, &error), ==, NL_OK);

  policy.test_percent = 90;
  g_assert_cmpint (nl_run_policy_check (&policy, &error), ==, NL_OK);
  policy.test_percent = 91;
  g_assert_cmpint (nl_run_policy_check (&policy, &error), ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "held out for testing must be 0 to 90%, not 91%"));

  policy.test_percent = 20;
  policy.target_loss = -0.5;
  g_assert_cmpint (nl_run_policy_check (&policy, &error), ==, NL_ERR_INVALID);
  g_assert_nonnull (strstr (error.message, "target loss must be 0 (none) or a positive number"));
  policy.target_loss = INFINITY;
  g_assert_cmpint (nl_run_policy_check (&policy, &error), ==, NL_ERR_INVALID);
  policy.target_loss = NAN;
  g_assert_cmpint (nl_run_policy_check (&policy, &error), ==, NL_ERR_INVALID);
}

/* Eight women and twelve men: the split keeps each class's share. */
static NlDataset *
people (void)
{
  GString *csv = g_string_new ("Weight,Height,Gender\n");
  NlError error = { 0 };
  NlDataset *ds;

  for (int i = 0; i < 20; i++)
    g_string_append_printf (csv, "%d,%d,%s\n", 120 + i * 3, 60 + i % 10, i < 8 ? "F" : "M");
  ds = nl_csv_read_buffer (csv->str, csv->len, &error);
  g_assert_nonnull (ds);
  g_string_free (csv, TRUE);
  return ds;
}

static void
test_split (void)
{
  NlDataset *ds = people ();
  NlMatrix all = { 0 }, train = { 0 }, test = { 0 }, train2 = { 0 }, test2 = { 0 };
  NlRunPolicy policy;
  NlError error = { 0 };

  g_assert_cmpint (nl_dataset_to_matrix (ds, &all, &error), ==, NL_OK);
  g_assert_cmpuint (all.n_rows, ==, 20);

  nl_run_policy_init (&policy);
  policy.test_percent = 25;
  policy.split_seed = 3;
  g_assert_cmpint (nl_run_split (&policy, &all, &train, &test, &error), ==, NL_OK);
  /* A quarter of each class: 2 of 8 and 3 of 12. */
  g_assert_cmpuint (test.n_rows, ==, 5);
  g_assert_cmpuint (train.n_rows, ==, 15);

  /* The same seed, the same rows. */
  g_assert_cmpint (nl_run_split (&policy, &all, &train2, &test2, &error), ==, NL_OK);
  g_assert_cmpuint (test2.n_rows, ==, 5);
  g_assert_cmpmem (test.source_row, 5 * sizeof (size_t), test2.source_row, 5 * sizeof (size_t));
  nl_matrix_clear (&train2);
  nl_matrix_clear (&test2);

  /* No test share, no test rows. */
  policy.test_percent = 0;
  g_assert_cmpint (nl_run_split (&policy, &all, &train2, &test2, &error), ==, NL_OK);
  g_assert_cmpuint (test2.n_rows, ==, 0);
  g_assert_cmpuint (train2.n_rows, ==, 20);
  nl_matrix_clear (&train2);
  nl_matrix_clear (&test2);

  /* A share out of range is refused before anything is split. */
  policy.test_percent = 95;
  g_assert_cmpint (nl_run_split (&policy, &all, &train2, &test2, &error), ==, NL_ERR_INVALID);

  nl_matrix_clear (&train);
  nl_matrix_clear (&test);
  nl_matrix_clear (&all);
  nl_dataset_free (ds);
}

/* The first epoch at or below the target loss ends the run. */
static void
test_target_loss (void)
{
  const double losses[] = { 0.5, 0.2, 0.05, 0.0101, 0.01, 0.001 };
  NlRunPolicy policy;
  NlRunState state;
  char reason[512];
  uint64_t done;

  nl_run_policy_init (&policy);
  policy.target_loss = 0.01;
  nl_run_state_init (&state, &policy);
  g_assert_true (nl_run_state_active (&state));
  for (done = 1; done <= G_N_ELEMENTS (losses); done++)
    if (nl_run_state_feed (&state, done, losses[done - 1], losses[done - 1]) == NL_RUN_STOPPED)
      break;
  g_assert_cmpuint (done, ==, 5);
  g_assert_cmpint (state.stop, ==, NL_RUN_STOP_TARGET_LOSS);
  g_assert_cmpuint (state.stop_epoch, ==, 5);
  g_assert_false (nl_run_state_keeps_best (&state, done));
  nl_run_state_describe (&state, 0, FALSE, reason, sizeof reason);
  g_assert_cmpstr (reason, ==, "Reached the target loss 0.01 at epoch 5");
  /* Epochs before the run count in the epoch it names. */
  nl_run_state_describe (&state, 1000, TRUE, reason, sizeof reason);
  g_assert_cmpstr (reason, ==, "Reached the target loss 0.01 at epoch 1005");

  /* An epoch whose loss was not measured does not reach it. */
  nl_run_state_init (&state, &policy);
  g_assert_cmpint (nl_run_state_feed (&state, 1, NAN, 0.0), ==, NL_RUN_GO_ON);
}

/* The watched loss falls for ten epochs, then stays: the run stops 50 epochs
 * after its best and says which network it keeps. */
static void
test_early_stopping (void)
{
  NlRunPolicy policy;
  NlRunState state;
  NlRunVerdict verdict = NL_RUN_GO_ON;
  char reason[512];
  uint64_t done;
  guint bests = 0;

  nl_run_policy_init (&policy);
  policy.early_stopping = TRUE;
  nl_run_state_init (&state, &policy);
  g_assert_true (nl_run_state_active (&state));
  for (done = 1; done <= 1000; done++)
    {
      /* 1.0, 0.9, ... 0.1 at epoch 10, then improvements too small to count. */
      double watched = done <= 10 ? 1.1 - 0.1 * (double) done
                                  : 0.1 - 5e-7 * (double) (done - 10) / 1000.0;

      verdict = nl_run_state_feed (&state, done, 0.5, watched);
      if (verdict == NL_RUN_NEW_BEST)
        bests++;
      if (verdict == NL_RUN_STOPPED)
        break;
    }
  g_assert_cmpint (verdict, ==, NL_RUN_STOPPED);
  g_assert_cmpuint (bests, ==, 10);
  g_assert_cmpuint (done, ==, 10 + NL_RUN_PATIENCE);
  g_assert_cmpint (state.stop, ==, NL_RUN_STOP_EARLY);
  g_assert_cmpuint (state.stop_epoch, ==, 60);
  g_assert_cmpuint (state.best_epoch, ==, 10);
  g_assert_cmpfloat_with_epsilon (state.best_loss, 0.1, 1e-12);
  g_assert_true (nl_run_state_keeps_best (&state, done));

  nl_run_state_describe (&state, 0, TRUE, reason, sizeof reason);
  g_assert_cmpstr (reason, ==, "Stopped early at epoch 60: the test loss had not improved for "
                               "50 epochs; kept the network from epoch 10 (test loss 0.1)");
  nl_run_state_describe (&state, 100, FALSE, reason, sizeof reason);
  g_assert_cmpstr (reason, ==, "Stopped early at epoch 160: the training loss had not improved "
                               "for 50 epochs; kept the network from epoch 110 (training loss "
                               "0.1)");
}

/* Epochs where the watched loss was not measured neither improve nor use
 * up patience on their own; a run that never had a finite loss has no best
 * to go back to, and goes on. */
static void
test_early_stopping_unmeasured (void)
{
  NlRunPolicy policy;
  NlRunState state;

  nl_run_policy_init (&policy);
  policy.early_stopping = TRUE;
  nl_run_state_init (&state, &policy);
  for (uint64_t done = 1; done <= 200; done++)
    g_assert_cmpint (nl_run_state_feed (&state, done, 0.5, NAN), ==, NL_RUN_GO_ON);
  g_assert_cmpuint (state.best_epoch, ==, 0);

  /* Measured at 201, then only every 100 epochs: the stop comes at the
   * first measurement 50 or more epochs after the best. */
  g_assert_cmpint (nl_run_state_feed (&state, 201, 0.5, 0.3), ==, NL_RUN_NEW_BEST);
  for (uint64_t done = 202; done < 301; done++)
    g_assert_cmpint (nl_run_state_feed (&state, done, 0.5, NAN), ==, NL_RUN_GO_ON);
  g_assert_cmpint (nl_run_state_feed (&state, 301, 0.5, 0.3), ==, NL_RUN_STOPPED);
  g_assert_cmpuint (state.best_epoch, ==, 201);
}

/* Without a condition, nothing stops a run and nothing is a best. */
static void
test_no_condition (void)
{
  NlRunPolicy policy;
  NlRunState state;
  char reason[64];

  nl_run_policy_init (&policy);
  nl_run_state_init (&state, &policy);
  g_assert_false (nl_run_state_active (&state));
  for (uint64_t done = 1; done <= 500; done++)
    g_assert_cmpint (nl_run_state_feed (&state, done, 0.0, 1.0), ==, NL_RUN_GO_ON);
  nl_run_state_describe (&state, 0, FALSE, reason, sizeof reason);
  g_assert_cmpstr (reason, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/run/policy-check", test_policy_check);
  g_test_add_func ("/core/run/split", test_split);
  g_test_add_func ("/core/run/target-loss", test_target_loss);
  g_test_add_func ("/core/run/early-stopping", test_early_stopping);
  g_test_add_func ("/core/run/early-stopping-unmeasured", test_early_stopping_unmeasured);
  g_test_add_func ("/core/run/no-condition", test_no_condition);

  return g_test_run ();
}
