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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/model/trainer-optimizer/settings", test_settings);
#undef ADD

  return g_test_run ();
}
