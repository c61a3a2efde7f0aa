/* SPDX-License-Identifier: GPL-3.0-or-later */
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

typedef struct
{
  gboolean  done;
  GError   *error;
} Result;

static void
train_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  nl_trainer_train_finish (NL_TRAINER (object), result, &r->error);
  r->done = TRUE;
}

/* Trains @epochs epochs in one run on the worker thread. */
static void
train_run (Fixture *f,
           guint    epochs)
{
  Result r = { 0 };

  nl_trainer_set_epochs (f->trainer, epochs);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
}

static void
assert_params_equal (NlNetworkModel *network,
                     const NlNet    *net)
{
  guint n;
  const double *params = nl_network_model_get_params (network, &n);

  g_assert_cmpmem (params, n * sizeof (double), net->params, net->n_params * sizeof (double));
}

/* The core's own run with the trainer's options, for comparison: a network
 * drawn as the model's, an NlSgd over the whole table. */
typedef struct
{
  NlMatrix *data;
  NlNet    *net;
  NlSgd    *sgd;
} CoreRun;

static void
core_run_init (CoreRun *c,
               Fixture *f)
{
  g_autoptr(GError) error = NULL;
  NlTrainOptions options;

  c->data = nl_dataset_model_snapshot (f->dataset, &error);
  g_assert_no_error (error);
  c->net = nl_net_copy (nl_network_model_get_net (f->network));
  nl_trainer_get_options (f->trainer, &options);
  c->sgd = nl_sgd_new (c->net, c->data, &options, NULL);
  g_assert_nonnull (c->sgd);
}

static void
core_run_clear (CoreRun *c)
{
  nl_sgd_free (c->sgd);
  nl_net_free (c->net);
  nl_dataset_model_free_snapshot (c->data);
}

/* The optimizer's memory as the trainer shows it is the core's. */
static void
assert_state_equal (Fixture *f,
                    CoreRun *c)
{
  const double *m = nl_sgd_first_moment (c->sgd), *v = nl_sgd_second_moment (c->sgd);

  for (gsize i = 0; i < c->net->n_params; i++)
    {
      guint64 steps;
      double first, second;

      g_assert_true (nl_trainer_get_optimizer_state (f->trainer, i, &steps, &first, &second));
      g_assert_cmpuint (steps, ==, nl_sgd_steps (c->sgd));
      g_assert_cmpfloat (first, ==, m != NULL ? m[i] : 0.0);
      g_assert_cmpfloat (second, ==, v != NULL ? v[i] : 0.0);
    }
}

/* Each Train makes a new NlSgd; the optimizer's memory goes from one to
 * the next, so that runs of 2 and 3 epochs with Adam (and with momentum)
 * end exactly where one run of 5 does, memory and all. */
static void
test_memory_carried (Fixture       *f,
                     gconstpointer  data)
{
  static const NlOptimizer optimizers[] = { NL_OPTIMIZER_ADAM, NL_OPTIMIZER_MOMENTUM };

  for (guint k = 0; k < G_N_ELEMENTS (optimizers); k++)
    {
      CoreRun c;

      nl_trainer_set_optimizer (f->trainer, optimizers[k]);
      nl_trainer_set_batch_size (f->trainer, 2);
      nl_trainer_set_learning_rate (f->trainer, 0.05);
      nl_trainer_reset (f->trainer);
      g_assert_false (nl_trainer_get_optimizer_state (f->trainer, 0, NULL, NULL, NULL));
      core_run_init (&c, f);
      for (guint i = 0; i < 5; i++)
        g_assert_cmpint (nl_sgd_epoch (c.sgd, c.net, NULL, NULL), ==, NL_OK);

      train_run (f, 2);
      train_run (f, 3);
      assert_params_equal (f->network, c.net);
      assert_state_equal (f, &c);

      /* One epoch more, on the calling thread, goes on from there too. */
      g_assert_cmpint (nl_sgd_epoch (c.sgd, c.net, NULL, NULL), ==, NL_OK);
      train_epochs (f, 1);
      assert_params_equal (f->network, c.net);
      assert_state_equal (f, &c);
      core_run_clear (&c);
    }
}

/* Reset and a new optimizer start from no memory. */
static void
test_memory_cleared (Fixture       *f,
                     gconstpointer  data)
{
  guint64 steps = 1;
  double first = 1.0, second = 1.0;
  CoreRun c;

  nl_trainer_set_optimizer (f->trainer, NL_OPTIMIZER_ADAM);
  train_epochs (f, 2);
  g_assert_true (nl_trainer_get_optimizer_state (f->trainer, 0, &steps, &first, &second));
  g_assert_cmpuint (steps, >, 0);
  g_assert_cmpfloat (second, >, 0.0);

  nl_trainer_reset (f->trainer);
  g_assert_false (nl_trainer_get_optimizer_state (f->trainer, 0, &steps, &first, &second));
  g_assert_cmpuint (steps, ==, 0);
  g_assert_cmpfloat (first, ==, 0.0);
  g_assert_cmpfloat (second, ==, 0.0);

  /* After a new optimizer the next run is the core's from scratch. */
  train_epochs (f, 2);
  nl_trainer_set_optimizer (f->trainer, NL_OPTIMIZER_MOMENTUM);
  g_assert_false (nl_trainer_get_optimizer_state (f->trainer, 0, NULL, NULL, NULL));
  core_run_init (&c, f);
  g_assert_cmpint (nl_sgd_epoch (c.sgd, c.net, NULL, NULL), ==, NL_OK);
  train_epochs (f, 1);
  assert_params_equal (f->network, c.net);
  assert_state_equal (f, &c);
  core_run_clear (&c);

  /* SGD keeps no memory. */
  nl_trainer_set_optimizer (f->trainer, NL_OPTIMIZER_SGD);
  train_epochs (f, 1);
  g_assert_false (nl_trainer_get_optimizer_state (f->trainer, 0, NULL, NULL, NULL));
}

/* Step Sample with a batch size B steps once on the row and the B - 1
 * usable rows after it in table order, going round to the first, with the
 * optimizer's memory, as the core's batch step does. */
static void
test_step_sample_batch (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_rows = nl_dataset_model_get_n_rows (f->dataset);
  size_t rows[3];
  CoreRun c;

  g_assert_cmpuint (n_rows, >=, 3);
  nl_trainer_set_optimizer (f->trainer, NL_OPTIMIZER_MOMENTUM);
  nl_trainer_set_batch_size (f->trainer, 3);
  core_run_init (&c, f);
  for (guint i = 0; i < 3; i++)
    rows[i] = (n_rows - 2 + i) % n_rows;
  /* Twice: the second step goes on with the first one's velocity. */
  for (guint k = 0; k < 2; k++)
    {
      g_assert_cmpint (nl_sgd_batch_step (c.sgd, c.net, rows, 3, NULL, NULL), ==, NL_OK);
      g_assert_true (nl_trainer_step_sample (f->trainer, n_rows - 2, &error));
      g_assert_no_error (error);
      assert_params_equal (f->network, c.net);
      assert_state_equal (f, &c);
    }
  /* A batch larger than the table is the whole table. */
  nl_trainer_set_batch_size (f->trainer, 1000);
  {
    g_autofree size_t *all = g_new (size_t, n_rows);

    for (guint i = 0; i < n_rows; i++)
      all[i] = (1 + i) % n_rows;
    g_assert_cmpint (nl_sgd_batch_step (c.sgd, c.net, all, n_rows, NULL, NULL), ==, NL_OK);
  }
  g_assert_true (nl_trainer_step_sample (f->trainer, 1, &error));
  assert_params_equal (f->network, c.net);
  core_run_clear (&c);
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
  g_assert_true (isnan (test.rmse));
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
  ADD ("/model/trainer-optimizer/memory-carried", test_memory_carried);
  ADD ("/model/trainer-optimizer/memory-cleared", test_memory_cleared);
  ADD ("/model/trainer-optimizer/step-sample-batch", test_step_sample_batch);
  ADD ("/model/trainer-optimizer/runs-archived", test_runs_archived);
  ADD ("/model/trainer-optimizer/runs-bounded", test_runs_bounded);
  ADD ("/model/trainer-optimizer/runs-restore", test_runs_restore);
#undef ADD

  return g_test_run ();
}
