/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trainer-trained.c: NlTrainer's "trained", the rule for whether the
 * network has learnt anything: any SGD update since the last reset or new
 * architecture, or a project opened with trained epochs. Hand-set
 * parameters do not count. */
#include <math.h>

#include "nl-trainer.h"

typedef struct
{
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
  guint           notified;
} Fixture;

static void
notified_cb (NlTrainer  *trainer,
             GParamSpec *pspec,
             Fixture    *f)
{
  f->notified++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dataset = nl_dataset_model_new_tutorial ();
  f->network = nl_network_model_new (2);
  f->trainer = nl_trainer_new (f->network, f->dataset);
  f->notified = 0;
  g_signal_connect (f->trainer, "notify::trained", G_CALLBACK (notified_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->trainer);
  g_assert_finalize_object (f->network);
  g_assert_finalize_object (f->dataset);
}

static gboolean
trained (Fixture *f)
{
  gboolean value;

  g_object_get (f->trainer, "trained", &value, NULL);
  g_assert_cmpint (value, ==, nl_trainer_get_trained (f->trainer));
  return value;
}

static void
train_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (nl_trainer_train_finish (NL_TRAINER (object), result, NULL));
  *done = TRUE;
}

/* Step, Reset, Step Sample, a new architecture, a run. */
static void
test_updates (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_false (trained (f));

  g_assert_true (nl_trainer_step (f->trainer, &error));
  g_assert_no_error (error);
  g_assert_true (trained (f));
  g_assert_cmpuint (f->notified, ==, 1);
  /* Notified only when it changes. */
  g_assert_true (nl_trainer_step (f->trainer, &error));
  g_assert_cmpuint (f->notified, ==, 1);

  nl_trainer_reset (f->trainer);
  g_assert_false (trained (f));
  g_assert_cmpuint (f->notified, ==, 2);

  /* One sample is an SGD update too, though not an epoch. */
  g_assert_true (nl_trainer_step_sample (f->trainer, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 0);
  g_assert_true (trained (f));

  /* A new network has learnt nothing. */
  g_assert_true (nl_network_model_set_hidden (f->network, "3", &error));
  g_assert_no_error (error);
  g_assert_false (trained (f));

  nl_trainer_set_epochs (f->trainer, 5);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &done);
  g_assert_false (trained (f));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 5);
  g_assert_true (trained (f));
}

/* Parameters set by hand, as the Worked Example sets them, are not training. */
static void
test_by_hand (Fixture       *f,
              gconstpointer  data)
{
  g_autofree double *params = NULL;
  guint n;

  n = nl_network_model_get_n_params (f->network);
  params = g_new (double, n);
  for (guint i = 0; i < n; i++)
    params[i] = 1.0;
  nl_network_model_set_params (f->network, params, n);
  g_assert_false (trained (f));
  g_assert_cmpuint (f->notified, ==, 0);
}

/* A project opened with trained epochs is trained; one without is not. */
static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  NlHistory *history = nl_history_new (0);
  g_autoptr(GError) error = NULL;

  g_assert_true (nl_history_append_n (history, (const double[]) { 0.3, 0.2 }, 2));
  nl_trainer_restore (f->trainer, 2, &(NlEvaluation) { 0.2, 0.75, NAN, NAN }, NULL, history,
                      NULL);
  nl_history_free (history);
  g_assert_true (trained (f));

  nl_trainer_restore (f->trainer, 0, NULL, NULL, NULL, NULL);
  g_assert_false (trained (f));

  /* Opening an untrained project after a Step forgets the Step. */
  g_assert_true (nl_trainer_step (f->trainer, &error));
  g_assert_true (trained (f));
  nl_trainer_restore (f->trainer, 0, NULL, NULL, NULL, NULL);
  g_assert_false (trained (f));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/model/trainer/trained/updates", Fixture, NULL,
              fixture_set_up, test_updates, fixture_tear_down);
  g_test_add ("/model/trainer/trained/by-hand", Fixture, NULL,
              fixture_set_up, test_by_hand, fixture_tear_down);
  g_test_add ("/model/trainer/trained/restore", Fixture, NULL,
              fixture_set_up, test_restore, fixture_tear_down);

  return g_test_run ();
}
