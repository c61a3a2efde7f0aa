/* test-trainer-optimizer.c: NlTrainer's ways to learn (batch size,
 * optimizer, regularisation), the optimizer's memory from run to run, and
 * the runs it keeps side by side. */
#include <math.h>
#include <string.h>

#include "nl-model-enums.h"
#include "nl-model-error.h"
#include "nl-trainer.h"

typedef struct
{
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dataset = nl_dataset_model_new_tutorial ();
  f->network = nl_network_model_new (2);
  f->trainer = nl_trainer_new (f->network, f->dataset);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->trainer);
  g_assert_finalize_object (f->network);
  g_assert_finalize_object (f->dataset);
}

static void
count_cb (gpointer  instance,
          gpointer  pspec,
          guint    *count)
{
  (*count)++;
}

/* The defaults are the tutorial's way (per-sample SGD, no penalty) with
 * the usual coefficients; each setting notifies once when it changes, not
 * when set to what it is, and reaches the options of the next run. */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  static const char *const names[] = {
    "batch-size", "optimizer", "momentum", "beta1", "beta2", "epsilon", "l1", "l2",
  };
  NlTrainOptions options;
  guint counts[G_N_ELEMENTS (names)] = { 0 };

  nl_trainer_get_options (f->trainer, &options);
  g_assert_cmpuint (options.batch_size, ==, 1);
  g_assert_cmpint (options.optimizer, ==, NL_OPTIMIZER_SGD);
  g_assert_cmpfloat (options.momentum, ==, 0.9);
  g_assert_cmpfloat (options.beta1, ==, 0.9);
  g_assert_cmpfloat (options.beta2, ==, 0.999);
  g_assert_cmpfloat (options.epsilon, ==, 1e-8);
  g_assert_cmpfloat (options.l1, ==, 0.0);
  g_assert_cmpfloat (options.l2, ==, 0.0);
  g_assert_cmpfloat (options.learning_rate, ==, 0.1);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", names[i], NULL);

      g_signal_connect (f->trainer, signal, G_CALLBACK (count_cb), &counts[i]);
    }
  for (guint round = 0; round < 2; round++)
    {
      nl_trainer_set_batch_size (f->trainer, 8);
      nl_trainer_set_optimizer (f->trainer, NL_OPTIMIZER_ADAM);
      nl_trainer_set_momentum (f->trainer, 0.5);
      nl_trainer_set_beta1 (f->trainer, 0.8);
      nl_trainer_set_beta2 (f->trainer, 0.99);
      nl_trainer_set_epsilon (f->trainer, 1e-6);
      nl_trainer_set_l1 (f->trainer, 0.001);
      nl_trainer_set_l2 (f->trainer, 0.01);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpuint (counts[i], ==, 1);

  g_assert_cmpuint (nl_trainer_get_batch_size (f->trainer), ==, 8);
  g_assert_cmpint (nl_trainer_get_optimizer (f->trainer), ==, NL_OPTIMIZER_ADAM);
  g_assert_cmpfloat (nl_trainer_get_momentum (f->trainer), ==, 0.5);
  g_assert_cmpfloat (nl_trainer_get_beta1 (f->trainer), ==, 0.8);
  g_assert_cmpfloat (nl_trainer_get_beta2 (f->trainer), ==, 0.99);
  g_assert_cmpfloat (nl_trainer_get_epsilon (f->trainer), ==, 1e-6);
  g_assert_cmpfloat (nl_trainer_get_l1 (f->trainer), ==, 0.001);
  g_assert_cmpfloat (nl_trainer_get_l2 (f->trainer), ==, 0.01);

  nl_trainer_get_options (f->trainer, &options);
  g_assert_cmpuint (options.batch_size, ==, 8);
  g_assert_cmpint (options.optimizer, ==, NL_OPTIMIZER_ADAM);
  g_assert_cmpfloat (options.momentum, ==, 0.5);
  g_assert_cmpfloat (options.beta1, ==, 0.8);
  g_assert_cmpfloat (options.beta2, ==, 0.99);
  g_assert_cmpfloat (options.epsilon, ==, 1e-6);
  g_assert_cmpfloat (options.l1, ==, 0.001);
  g_assert_cmpfloat (options.l2, ==, 0.01);

  /* The properties are the same settings, for bindings. */
  {
    guint batch;
    NlOptimizer optimizer;
    double l2;

    g_object_set (f->trainer, "optimizer", NL_OPTIMIZER_MOMENTUM, "batch-size", 4, NULL);
    g_object_get (f->trainer, "optimizer", &optimizer, "batch-size", &batch, "l2", &l2, NULL);
    g_assert_cmpint (optimizer, ==, NL_OPTIMIZER_MOMENTUM);
    g_assert_cmpuint (batch, ==, 4);
    g_assert_cmpfloat (l2, ==, 0.01);
  }
}

/* Trains @epochs epochs, one at a time, on the calling thread. */
static void
train_epochs (Fixture *f,
              guint    epochs)
{
  for (guint i = 0; i < epochs; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (nl_trainer_step (f->trainer, &error));
      g_assert_no_error (error);
    }
}

static NlRunRecord *
run_at (Fixture *f,
        guint    position)
{
  g_autoptr(NlRunRecord) record = g_list_model_get_item (nl_trainer_get_runs (f->trainer), position);

  g_assert_nonnull (record);
  /* The list holds its own reference. */
  return record;
}

static const char *
label_at (Fixture *f,
          guint    position)
{
  return nl_run_record_get_label (run_at (f, position));
}

/* A reset after some training archives the run, with its epochs, figures
 * and history, labelled by what differed from the run before; a reset with
 * nothing trained archives nothing. */
static void
test_runs_archived (Fixture       *f,
                    gconstpointer  data)
{
  GListModel *runs = nl_trainer_get_runs (f->trainer);
  NlRunRecord *run;
  NlEvaluation train, test;
  double loss;

  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 0);
  nl_trainer_reset (f->trainer);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 0);

  train_epochs (f, 3);
  loss = nl_trainer_get_loss (f->trainer);
  nl_trainer_reset (f->trainer);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  run = run_at (f, 0);
  g_assert_cmpstr (nl_run_record_get_label (run), ==, "SGD, lr 0.1");
  g_assert_cmpuint (nl_run_record_get_number (run), ==, 1);
  g_assert_cmpuint (nl_run_record_get_epochs (run), ==, 3);
  g_assert_cmpstr (nl_run_record_get_architecture (run), ==, "2-2-1");
  g_assert_true (nl_run_record_get_visible (run));
  g_assert_cmpuint (nl_history_epochs (nl_run_record_get_history (run)), ==, 3);
  g_assert_null (nl_run_record_get_test_history (run));
  nl_run_record_get_evaluation (run, &train, &test);
  g_assert_cmpfloat (train.loss, ==, loss);
  g_assert_true (isnan (test.loss));
  {
    g_autofree char *settings = nl_run_record_describe_settings (run);

    g_assert_cmpstr (settings, ==, "SGD, lr 0.1, batch 1");
  }
  /* The trainer starts afresh. */
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 0);
  g_assert_cmpuint (nl_history_epochs (nl_trainer_get_history (f->trainer)), ==, 0);

  nl_trainer_set_learning_rate (f->trainer, 0.5);
  train_epochs (f, 1);
  nl_trainer_reset (f->trainer);
  g_assert_cmpstr (label_at (f, 1), ==, "lr 0.1 → 0.5");
  g_assert_cmpuint (nl_run_record_get_number (run_at (f, 1)), ==, 2);

  nl_trainer_set_optimizer (f->trainer, NL_OPTIMIZER_ADAM);
  nl_trainer_set_batch_size (f->trainer, 8);
  train_epochs (f, 1);
  nl_trainer_reset (f->trainer);
  g_assert_cmpstr (label_at (f, 2), ==, "Adam, batch 1 → 8");

  nl_trainer_set_l2 (f->trainer, 0.01);
  train_epochs (f, 1);
  nl_trainer_reset (f->trainer);
  g_assert_cmpstr (label_at (f, 3), ==, "L2 0 → 0.01");

  /* Adam's coefficients count while Adam is in use; momentum's do not. */
  nl_trainer_set_momentum (f->trainer, 0.5);
  nl_trainer_set_beta2 (f->trainer, 0.99);
  train_epochs (f, 1);
  nl_trainer_reset (f->trainer);
  g_assert_cmpstr (label_at (f, 4), ==, "β2 0.999 → 0.99");

  train_epochs (f, 1);
  nl_trainer_reset (f->trainer);
  g_assert_cmpstr (label_at (f, 5), ==, "same settings");

  /* A new architecture archives the run on the old one; the next run's
   * label names the new one. */
  train_epochs (f, 2);
  g_assert_true (nl_network_model_set_hidden (f->network, "3", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 7);
  g_assert_cmpstr (nl_run_record_get_architecture (run_at (f, 6)), ==, "2-2-1");
  g_assert_cmpuint (nl_run_record_get_epochs (run_at (f, 6)), ==, 2);
  train_epochs (f, 1);
  nl_trainer_reset (f->trainer);
  g_assert_cmpstr (label_at (f, 7), ==, "2-3-1");

  /* More than one difference: two of them, then an ellipsis. */
  nl_trainer_set_learning_rate (f->trainer, 0.2);
  nl_trainer_set_optimizer (f->trainer, NL_OPTIMIZER_MOMENTUM);
  nl_trainer_set_l1 (f->trainer, 0.001);
  train_epochs (f, 1);
  nl_trainer_reset (f->trainer);
  g_assert_cmpstr (label_at (f, 8), ==, "lr 0.5 → 0.2, Momentum, …");
}

/* At most NL_TRAINER_MAX_RUNS runs: the oldest goes; numbers keep
 * counting; a run can be hidden and removed. */
static void
test_runs_bounded (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *runs = nl_trainer_get_runs (f->trainer);
  guint changes = 0;

  for (guint i = 0; i < NL_TRAINER_MAX_RUNS + 2; i++)
    {
      train_epochs (f, 1);
      nl_trainer_reset (f->trainer);
    }
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, NL_TRAINER_MAX_RUNS);
  g_assert_cmpuint (nl_run_record_get_number (run_at (f, 0)), ==, 3);
  g_assert_cmpuint (nl_run_record_get_number (run_at (f, NL_TRAINER_MAX_RUNS - 1)), ==,
                    NL_TRAINER_MAX_RUNS + 2);

  g_signal_connect (run_at (f, 1), "notify::visible", G_CALLBACK (count_cb), &changes);
  nl_run_record_set_visible (run_at (f, 1), FALSE);
  nl_run_record_set_visible (run_at (f, 1), FALSE);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_false (nl_run_record_get_visible (run_at (f, 1)));

  nl_trainer_remove_run (f->trainer, 0);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, NL_TRAINER_MAX_RUNS - 1);
  g_assert_cmpuint (nl_run_record_get_number (run_at (f, 0)), ==, 4);
  g_assert_false (nl_run_record_get_visible (run_at (f, 0)));
}

/* Restoring figures (a project, an undo step) archives nothing. */
static void
test_runs_restore (Fixture       *f,
                   gconstpointer  data)
{
  train_epochs (f, 2);
  nl_trainer_restore (f->trainer, 0, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (nl_trainer_get_runs (f->trainer)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/model/trainer-optimizer/settings", test_settings);
  ADD ("/model/trainer-optimizer/runs-archived", test_runs_archived);
  ADD ("/model/trainer-optimizer/runs-bounded", test_runs_bounded);
  ADD ("/model/trainer-optimizer/runs-restore", test_runs_restore);
#undef ADD

  return g_test_run ();
}
