/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trainer.c: NlTrainer, its worker thread and its progress. */
#include <math.h>
#include <string.h>

#include "nl-model-error.h"
#include "nl-model-private.h"
#include "nl-row.h"
#include "nl-train.h"
#include "nl-trainer.h"
#include "trainer-history.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  gint64    finished_at;
} Result;

static void
train_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  r->ok = nl_trainer_train_finish (NL_TRAINER (object), result, &r->error);
  r->done = TRUE;
  r->finished_at = g_get_monotonic_time ();
}

static void
wait_for (Result *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

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

static double
predict (Fixture *f,
         double   weight,
         double   height)
{
  const double raw[2] = { weight, height };
  double x[2];

  nl_dataset_model_normalize_inputs (f->dataset, raw, x);
  return nl_network_model_predict (f->network, x);
}

/* The history counts every epoch, within its bound, and ends with the
 * last epoch's loss, whether at full resolution or in buckets. */
static void
assert_history_consistent (NlTrainer *trainer)
{
  const NlHistory *history = nl_trainer_get_history (trainer);
  gsize n;
  const NlHistoryBucket *b = nl_history_buckets (history, &n);

  g_assert_cmpuint (nl_history_epochs (history), ==, nl_trainer_get_epoch (trainer));
  g_assert_cmpuint (n, <=, NL_HISTORY_CAPACITY);
  for (gsize i = 0; i < n; i++)
    g_assert_true (isfinite (b[i].min) && isfinite (b[i].max));
  if (n > 0)
    g_assert_cmpfloat (b[n - 1].last, ==, nl_trainer_get_loss (trainer));
}

static void
test_tutorial (Fixture       *f,
               gconstpointer  data)
{
  Result r = { 0 };
  guint progress = 0, params_changed = 0;
  double emily, frank;

  g_assert_false (nl_trainer_get_running (f->trainer));
  g_assert_cmpuint (nl_trainer_get_epochs (f->trainer), ==, 1000);
  g_assert_cmpfloat (nl_trainer_get_learning_rate (f->trainer), ==, 0.1);
  g_assert_true (isnan (nl_trainer_get_loss (f->trainer)));

  g_signal_connect (f->trainer, "progress", G_CALLBACK (count_cb), &progress);
  g_signal_connect (f->network, "params-changed", G_CALLBACK (count_cb), &params_changed);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  g_assert_true (nl_trainer_get_running (f->trainer));
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_false (nl_trainer_get_running (f->trainer));

  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 1000);
  g_assert_cmpfloat (nl_trainer_get_loss (f->trainer), <, 0.01);
  g_assert_cmpfloat (nl_trainer_get_accuracy (f->trainer), ==, 1.0);
  g_assert_cmpuint (progress, >=, 1);
  g_assert_cmpuint (params_changed, >=, 1);
  assert_history_consistent (f->trainer);
  g_assert_cmpfloat (nl_trainer_get_samples_per_second (f->trainer), >, 0.0);

  emily = predict (f, 128, 63);
  frank = predict (f, 155, 68);
  g_test_message ("loss %g, Emily %g, Frank %g, %.3g samples/s", nl_trainer_get_loss (f->trainer),
                  emily, frank, nl_trainer_get_samples_per_second (f->trainer));
  g_assert_cmpfloat (emily, >, 0.5);
  g_assert_cmpfloat (frank, <, 0.5);

  /* A second run carries on from there. */
  memset (&r, 0, sizeof r);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 2000);
  assert_history_consistent (f->trainer);
}

static void
test_same_as_core (Fixture       *f,
                   gconstpointer  data)
{
  /* The trainer's run is the core's run, bit for bit. */
  g_autoptr(GError) error = NULL;
  g_autoptr(NlMatrix) m = nl_dataset_model_snapshot (f->dataset, &error);
  NlNet *net = nl_net_copy (nl_network_model_get_net (f->network));
  NlTrainOptions options;
  NlEvaluation eval;
  NlSgd *sgd;
  Result r = { 0 };
  const double *history;
  guint n;

  nl_train_options_init (&options);
  sgd = nl_sgd_new (net, m, &options, NULL);
  nl_trainer_set_epochs (f->trainer, 300);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  history = trainer_history (f->trainer, FALSE, &n);
  g_assert_cmpuint (n, ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      g_assert_cmpint (nl_sgd_epoch_evaluate (sgd, net, &eval, NULL), ==, NL_OK);
      g_assert_cmpfloat (history[i], ==, eval.loss);
    }
  g_assert_cmpmem (net->params, net->n_params * sizeof (double),
                   nl_network_model_get_params (f->network, NULL), net->n_params * sizeof (double));
  nl_sgd_free (sgd);
  nl_net_free (net);
}

/* A long run keeps a bounded history: 20,000 epochs of the tutorial (a
 * few hundredths of a second) take no more buckets than the capacity, and
 * the buckets are exactly those of every epoch the core computes (so the
 * plot's band is the same). Reset gives the memory back. */
static void
test_history_bounded (Fixture       *f,
                      gconstpointer  data)
{
  const guint epochs = 20000;
  g_autoptr(GError) error = NULL;
  g_autoptr(NlMatrix) m = nl_dataset_model_snapshot (f->dataset, &error);
  NlNet *net = nl_net_copy (nl_network_model_get_net (f->network));
  NlHistory *expected = nl_history_new (0);
  NlHistory *empty = nl_history_new (0);
  const NlHistory *history;
  const NlHistoryBucket *b, *e;
  gsize n, n_expected;
  NlTrainOptions options;
  NlEvaluation eval;
  NlSgd *sgd;
  Result r = { 0 };

  nl_train_options_init (&options);
  sgd = nl_sgd_new (net, m, &options, NULL);
  for (guint i = 0; i < epochs; i++)
    {
      g_assert_cmpint (nl_sgd_epoch_evaluate (sgd, net, &eval, NULL), ==, NL_OK);
      g_assert_true (nl_history_append (expected, eval.loss));
    }

  nl_trainer_set_epochs (f->trainer, epochs);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  assert_history_consistent (f->trainer);

  history = nl_trainer_get_history (f->trainer);
  b = nl_history_buckets (history, &n);
  e = nl_history_buckets (expected, &n_expected);
  g_assert_cmpuint (nl_history_epochs (history), ==, epochs);
  g_assert_cmpuint (nl_history_bucket_epochs (history), >, 1);
  g_assert_cmpuint (n, <=, NL_HISTORY_CAPACITY);
  /* Bounded by the capacity whatever the epochs. */
  g_assert_cmpuint (nl_history_memory (history), <=,
                    NL_HISTORY_CAPACITY * sizeof (NlHistoryBucket) + 256);
  g_assert_cmpuint (n, ==, n_expected);
  g_assert_cmpmem (b, n * sizeof *b, e, n_expected * sizeof *e);
  /* The test history runs parallel, in the same buckets. */
  g_assert_cmpuint (nl_history_epochs (nl_trainer_get_test_history (f->trainer)), ==, epochs);
  g_assert_cmpuint (nl_history_bucket_epochs (nl_trainer_get_test_history (f->trainer)), ==,
                    nl_history_bucket_epochs (history));

  nl_trainer_reset (f->trainer);
  g_assert_cmpuint (nl_history_epochs (history), ==, 0);
  g_assert_cmpuint (nl_history_memory (history), ==, nl_history_memory (empty));
  g_assert_cmpuint (nl_history_memory (nl_trainer_get_test_history (f->trainer)), ==,
                    nl_history_memory (empty));

  nl_history_free (empty);
  nl_history_free (expected);
  nl_sgd_free (sgd);
  nl_net_free (net);
}

static gboolean
stop_cb (gpointer data)
{
  nl_trainer_stop (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  Result r = { 0 };
  gint64 stopped;

  nl_trainer_set_epochs (f->trainer, 10000000);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  g_timeout_add (50, stop_cb, f->trainer);
  while (nl_trainer_get_epoch (f->trainer) == 0 && !r.done)
    g_main_context_iteration (NULL, TRUE);
  stopped = g_get_monotonic_time ();
  wait_for (&r);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_false (r.ok);
  g_assert_cmpint (r.finished_at - stopped, <, G_USEC_PER_SEC);
  g_assert_false (nl_trainer_get_running (f->trainer));
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), <, 10000000);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), >, 0);
  /* What was learnt before Stop is kept, and every epoch is in the history. */
  assert_history_consistent (f->trainer);
  g_assert_true (nl_net_is_finite (nl_network_model_get_net (f->network)));
}

/* Progress is coalesced: however fast the worker, the main context hears
 * of it a few dozen times a second at most (a bound that load can only make
 * safer), and it does hear of it during the run. How smooth the window stays
 * meanwhile is measured by bench/run-window, not here: a timed assertion
 * would fail on a loaded machine. */
static void
test_progress_rate (Fixture       *f,
                    gconstpointer  data)
{
  Result r = { 0 };
  guint progress = 0;
  gint64 start;
  double seconds, rate;

  g_signal_connect (f->trainer, "progress", G_CALLBACK (count_cb), &progress);
  nl_trainer_set_epochs (f->trainer, G_MAXUINT);
  start = g_get_monotonic_time ();
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  g_timeout_add (1500, stop_cb, f->trainer);
  wait_for (&r);
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  rate = progress / seconds;
  g_test_message ("%u progress updates in %.2f s (%.1f/s), %" G_GUINT64_FORMAT " epochs",
                  progress, seconds, rate, nl_trainer_get_epoch (f->trainer));
  g_assert_cmpfloat (rate, <=, 60.0);
  g_assert_cmpuint (progress, >=, 2);
  assert_history_consistent (f->trainer);
}

static void
test_diverge (Fixture       *f,
              gconstpointer  data)
{
  Result r = { 0 };
  g_autofree double *initial = g_memdup2 (nl_network_model_get_params (f->network, NULL),
                                          9 * sizeof (double));

  /* The tutorial's network at learning rate 1000: the core calls steps that
   * large divergence, and the network keeps its last finite parameters. */
  nl_trainer_set_learning_rate (f->trainer, 1000);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_error (r.error, NL_MODEL_ERROR, NL_MODEL_ERROR_DIVERGED);
  g_test_message ("%s", r.error->message);
  g_assert_nonnull (strstr (r.error->message, "diverged"));
  g_clear_error (&r.error);
  g_assert_false (nl_trainer_get_running (f->trainer));
  g_assert_true (nl_net_is_finite (nl_network_model_get_net (f->network)));
  if (nl_trainer_get_epoch (f->trainer) == 0)
    g_assert_cmpmem (initial, 9 * sizeof (double),
                     nl_network_model_get_params (f->network, NULL), 9 * sizeof (double));
  assert_history_consistent (f->trainer);

  /* Linear neurons do not saturate: the weights overflow outright. */
  memset (&r, 0, sizeof r);
  nl_network_model_set_activation (f->network, NL_ACTIVATION_LINEAR);
  nl_network_model_set_output_activation (f->network, NL_ACTIVATION_LINEAR);
  nl_trainer_set_learning_rate (f->trainer, 1000);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);

  g_assert_error (r.error, NL_MODEL_ERROR, NL_MODEL_ERROR_DIVERGED);
  g_test_message ("%s", r.error->message);
  g_assert_nonnull (strstr (r.error->message, "diverged"));
  g_clear_error (&r.error);
  g_assert_false (nl_trainer_get_running (f->trainer));
  g_assert_true (nl_net_is_finite (nl_network_model_get_net (f->network)));
  assert_history_consistent (f->trainer);

  /* Step diverges the same way, and leaves the network as it was. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree double *before = NULL;
    guint n;

    for (guint i = 0; i < 100 && error == NULL; i++)
      {
        g_free (before);
        before = g_memdup2 (nl_network_model_get_params (f->network, &n), 9 * sizeof (double));
        nl_trainer_step (f->trainer, &error);
      }
    g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_DIVERGED);
    g_assert_cmpmem (before, 9 * sizeof (double),
                     nl_network_model_get_params (f->network, NULL), 9 * sizeof (double));
  }
}

static void
test_reset (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(NlNetworkModel) fresh = nl_network_model_new (2);
  g_autoptr(GError) error = NULL;
  Result r = { 0 };
  guint n;

  nl_trainer_set_epochs (f->trainer, 100);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_true (memcmp (nl_network_model_get_params (fresh, NULL),
                         nl_network_model_get_params (f->network, NULL), 9 * sizeof (double)) != 0);

  nl_trainer_reset (f->trainer);
  g_assert_cmpmem (nl_network_model_get_params (fresh, NULL), 9 * sizeof (double),
                   nl_network_model_get_params (f->network, NULL), 9 * sizeof (double));
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 0);
  trainer_history (f->trainer, FALSE, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (isnan (nl_trainer_get_loss (f->trainer)));

  /* Same seed, same trajectory. */
  g_assert_true (nl_trainer_step (f->trainer, &error));
  g_assert_true (nl_trainer_step (f->trainer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 2);
  assert_history_consistent (f->trainer);
  {
    NlTrainer *other = nl_trainer_new (fresh, f->dataset);

    g_assert_true (nl_trainer_step (other, &error));
    g_assert_true (nl_trainer_step (other, &error));
    g_assert_cmpmem (nl_network_model_get_params (fresh, NULL), 9 * sizeof (double),
                     nl_network_model_get_params (f->network, NULL), 9 * sizeof (double));
    g_assert_finalize_object (other);
  }

  /* Reset during a run drops the run. */
  memset (&r, 0, sizeof r);
  nl_trainer_set_epochs (f->trainer, G_MAXUINT);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  while (nl_trainer_get_epoch (f->trainer) < 10)
    g_main_context_iteration (NULL, TRUE);
  nl_trainer_reset (f->trainer);
  g_assert_false (nl_trainer_get_running (f->trainer));
  wait_for (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 0);
}

static gboolean
edit_cb (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;

  /* Alice becomes very heavy: were the run to see it, it would not fit. */
  g_assert_true (nl_dataset_model_set_cell (f->dataset, 0, 1, "400", &error));
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_data_changed (Fixture       *f,
                   gconstpointer  data)
{
  Result r = { 0 };
  guint notified = 0;

  g_signal_connect (f->trainer, "notify::data-changed-during-run", G_CALLBACK (notify_cb), &notified);
  nl_trainer_set_epochs (f->trainer, 300000);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  g_idle_add (edit_cb, f);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_true (nl_trainer_get_data_changed_during_run (f->trainer));
  g_assert_cmpuint (notified, ==, 1);

  /* The run trained on its snapshot. */
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 300000);
  g_assert_cmpfloat (nl_trainer_get_loss (f->trainer), <, 0.01);
  assert_history_consistent (f->trainer);

  /* The next run starts afresh. */
  memset (&r, 0, sizeof r);
  nl_trainer_set_epochs (f->trainer, 10);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  g_assert_false (nl_trainer_get_data_changed_during_run (f->trainer));
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_false (nl_trainer_get_data_changed_during_run (f->trainer));
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Result r = { 0 }, busy = { 0 };

  /* Busy while a run is on. */
  nl_trainer_set_epochs (f->trainer, G_MAXUINT);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &busy);
  wait_for (&busy);
  g_assert_error (busy.error, NL_MODEL_ERROR, NL_MODEL_ERROR_BUSY);
  g_clear_error (&busy.error);
  g_assert_false (nl_trainer_step (f->trainer, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_BUSY);
  g_clear_error (&error);
  nl_trainer_stop (f->trainer);
  wait_for (&r);
  g_clear_error (&r.error);

  /* One class only: not trainable, and the reason says so. */
  g_assert_true (nl_dataset_model_set_cell (f->dataset, 1, 3, "Female", &error));
  g_assert_true (nl_dataset_model_set_cell (f->dataset, 2, 3, "Female", &error));
  memset (&r, 0, sizeof r);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_error (r.error, NL_MODEL_ERROR, NL_MODEL_ERROR_NOT_TRAINABLE);
  g_assert_cmpstr (r.error->message, ==, nl_dataset_model_get_trainable_reason (f->dataset));
  g_clear_error (&r.error);
  g_assert_false (nl_trainer_step (f->trainer, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NOT_TRAINABLE);
  g_clear_error (&error);
  g_assert_false (nl_trainer_get_running (f->trainer));
}

/* Expects step_sample on @row to move the parameters exactly as one
 * nl_net_sgd_step() on its normalised values and label does. */
static void
assert_step_sample (Fixture *f,
                    guint    row,
                    double   learning_rate,
                    NlLoss   loss)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NlRow) item = g_list_model_get_item (G_LIST_MODEL (f->dataset), row);
  int label_column = nl_dataset_model_get_label_column (f->dataset);
  NlNet *net = nl_net_copy (nl_network_model_get_net (f->network));
  NlWork *work = nl_work_new (net);
  double x[2];
  guint params_changed = 0;
  gulong id;

  g_assert_nonnull (item);
  for (guint i = 0; i < 2; i++)
    x[i] = nl_row_get_normalized (item, i);
  nl_net_sgd_step (net, work, x, nl_row_get_value (item, (guint) label_column),
                   learning_rate, loss);

  id = g_signal_connect (f->network, "params-changed", G_CALLBACK (count_cb), &params_changed);
  g_assert_true (nl_trainer_step_sample (f->trainer, row, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (f->network, id);
  g_assert_cmpuint (params_changed, ==, 1);
  g_assert_cmpmem (net->params, net->n_params * sizeof (double),
                   nl_network_model_get_params (f->network, NULL), net->n_params * sizeof (double));
  nl_work_free (work);
  nl_net_free (net);
}

static void
test_step_sample (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint progress = 0, n;
  g_autofree double *before = NULL;

  /* One epoch first, so there is an epoch count and a loss to keep. */
  g_assert_true (nl_trainer_step (f->trainer, &error));
  g_assert_no_error (error);
  g_signal_connect (f->trainer, "progress", G_CALLBACK (count_cb), &progress);

  assert_step_sample (f, 0, 0.1, NL_LOSS_MSE);
  nl_trainer_set_learning_rate (f->trainer, 0.5);
  nl_trainer_set_loss_function (f->trainer, NL_LOSS_BCE);
  assert_step_sample (f, 2, 0.5, NL_LOSS_BCE);

  /* A row left out of training is refused; the rows after it are still
   * found in the snapshot. */
  g_assert_cmpuint (nl_dataset_model_append_text (f->dataset, "Zed\tabc\t60\tFemale\n"
                                                  "Yan\t140\t70\tMale\n", NULL), ==, 2);
  n = nl_network_model_get_n_params (f->network);
  before = g_memdup2 (nl_network_model_get_params (f->network, NULL), n * sizeof (double));
  g_assert_false (nl_trainer_step_sample (f->trainer, 4, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nl_trainer_step_sample (f->trainer, 99, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpmem (before, n * sizeof (double), nl_network_model_get_params (f->network, NULL),
                   n * sizeof (double));
  assert_step_sample (f, 5, 0.5, NL_LOSS_BCE);

  /* Not an epoch: the count, the history and the loss stay. */
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 1);
  trainer_history (f->trainer, FALSE, &n);
  g_assert_cmpuint (n, ==, 1);
  assert_history_consistent (f->trainer);
  g_assert_cmpuint (progress, ==, 0);
}

static void
test_user_cancellable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  nl_trainer_set_epochs (f->trainer, G_MAXUINT);
  nl_trainer_train_async (f->trainer, cancellable, train_done_cb, &r);
  g_cancellable_cancel (cancellable);
  wait_for (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_false (nl_trainer_get_running (f->trainer));
}

/* Runs @epochs epochs at @pace on a fresh tutorial network from the
 * fixture's seed and returns its parameters and history. */
static void
train_at_pace (guint     pace,
               guint     epochs,
               double  **params,
               guint    *n_params,
               double  **history,
               guint    *n_history)
{
  g_autoptr(NlDatasetModel) dataset = nl_dataset_model_new_tutorial ();
  g_autoptr(NlNetworkModel) network = nl_network_model_new (2);
  g_autoptr(NlTrainer) trainer = nl_trainer_new (network, dataset);
  const double *p, *h;
  Result r = { 0 };

  nl_trainer_set_shuffle (trainer, TRUE);
  nl_trainer_set_epochs (trainer, epochs);
  nl_trainer_set_pace (trainer, pace);
  g_assert_cmpuint (nl_trainer_get_pace (trainer), ==, pace);
  nl_trainer_train_async (trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, epochs);
  p = nl_network_model_get_params (network, n_params);
  h = trainer_history (trainer, FALSE, n_history);
  *params = g_memdup2 (p, *n_params * sizeof (double));
  *history = g_memdup2 (h, *n_history * sizeof (double));
}

/* Pacing spaces the epochs out and changes nothing they compute: the same
 * table, seed and settings reach the same parameters, bit for bit, at 200
 * epochs a second as at Fastest. */
static void
test_pace_same_params (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree double *fast_params = NULL, *fast_history = NULL;
  g_autofree double *paced_params = NULL, *paced_history = NULL;
  guint n_fast, n_paced, n_fast_history, n_paced_history;

  g_assert_cmpuint (nl_trainer_get_pace (f->trainer), ==, 0);
  train_at_pace (0, 100, &fast_params, &n_fast, &fast_history, &n_fast_history);
  train_at_pace (200, 100, &paced_params, &n_paced, &paced_history, &n_paced_history);
  g_assert_cmpmem (paced_params, n_paced * sizeof (double), fast_params, n_fast * sizeof (double));
  g_assert_cmpmem (paced_history, n_paced_history * sizeof (double),
                   fast_history, n_fast_history * sizeof (double));
}

static void
progress_epoch_cb (NlTrainer *trainer,
                   guint64   *epoch)
{
  *epoch = nl_trainer_get_epoch (trainer);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A new pace reaches the run in progress at once: at 1 epoch a second the
 * tutorial's 1000 epochs would take a quarter of an hour; set to Fastest
 * after the first, the run is over in no time (the bound is a thousand
 * times what it takes). Progress arrives epoch by epoch meanwhile. */
static void
test_pace_change (Fixture       *f,
                  gconstpointer  data)
{
  Result r = { 0 };
  guint64 first = 0;
  gboolean timed_out = FALSE;
  guint timeout_id;

  nl_trainer_set_pace (f->trainer, 1);
  g_signal_connect (f->trainer, "progress", G_CALLBACK (progress_epoch_cb), &first);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  while (first == 0 && !r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (r.done);
  g_assert_cmpuint (first, <, 1000);
  g_assert_true (nl_trainer_get_running (f->trainer));

  nl_trainer_set_pace (f->trainer, 0);
  timeout_id = g_timeout_add_seconds (30, timed_out_cb, &timed_out);
  while (!r.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_true (r.done);
  g_assert_no_error (r.error);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), ==, 1000);
  assert_history_consistent (f->trainer);
}

static void
run_main_loop_for (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, timed_out_cb, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

/* And the other way: a run at Fastest slowed to 1 epoch a second trains an
 * epoch or so in half a second instead of hundreds of thousands. */
static void
test_pace_slow_down (Fixture       *f,
                     gconstpointer  data)
{
  Result r = { 0 };
  guint64 epoch = 0, before;

  nl_trainer_set_epochs (f->trainer, G_MAXUINT);
  g_signal_connect (f->trainer, "progress", G_CALLBACK (progress_epoch_cb), &epoch);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  while (epoch == 0)
    g_main_context_iteration (NULL, TRUE);

  nl_trainer_set_pace (f->trainer, 1);
  /* What was trained before the worker heard of it comes in first. */
  run_main_loop_for (200);
  before = nl_trainer_get_epoch (f->trainer);
  run_main_loop_for (500);
  g_test_message ("%" G_GUINT64_FORMAT " epochs in half a second at 1 epoch/s",
                  nl_trainer_get_epoch (f->trainer) - before);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer) - before, <=, 5);

  nl_trainer_stop (f->trainer);
  wait_for (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  assert_history_consistent (f->trainer);
}

/* Stop ends a slowly paced run at once, not when the next epoch is due. */
static void
test_pace_stop (Fixture       *f,
                gconstpointer  data)
{
  Result r = { 0 };
  guint64 epoch = 0;
  gint64 stopped;
  gboolean waited = FALSE;

  nl_trainer_set_pace (f->trainer, 1);
  g_signal_connect (f->trainer, "progress", G_CALLBACK (progress_epoch_cb), &epoch);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  /* The first epoch is posted; a moment later the worker is surely waiting
   * for the next, a second after the first. */
  while (epoch == 0 && !r.done)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add (200, timed_out_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (r.done);
  stopped = g_get_monotonic_time ();
  nl_trainer_stop (f->trainer);
  wait_for (&r);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_test_message ("stopped in %.1f ms", (r.finished_at - stopped) / 1000.0);
  g_assert_cmpint (r.finished_at - stopped, <, G_USEC_PER_SEC / 2);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), <, 1000);
  assert_history_consistent (f->trainer);
}

static void
stop_past_cb (NlTrainer *trainer,
              guint64   *past)
{
  if (nl_trainer_get_epoch (trainer) > *past)
    nl_trainer_stop (trainer);
}

/* "Until stopped" trains past "epochs" until Stop, which is no error to
 * the trainer but a cancel, as for any run. */
static void
test_until_stopped (Fixture       *f,
                    gconstpointer  data)
{
  Result r = { 0 };
  guint64 past = 5000;

  nl_trainer_set_epochs (f->trainer, 5);
  nl_trainer_set_until_stopped (f->trainer, TRUE);
  g_assert_true (nl_trainer_get_until_stopped (f->trainer));
  g_signal_connect (f->trainer, "progress", G_CALLBACK (stop_past_cb), &past);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_cmpuint (nl_trainer_get_epoch (f->trainer), >, past);
  g_assert_null (nl_trainer_get_stop_reason (f->trainer));
  assert_history_consistent (f->trainer);

  /* Off again, a run trains its epochs. */
  memset (&r, 0, sizeof r);
  past = G_MAXUINT64;
  nl_trainer_set_until_stopped (f->trainer, FALSE);
  nl_trainer_train_async (f->trainer, NULL, train_done_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

/* Dropping the last reference to a trainer stops its run: by the time the
 * unref returns no worker is left, and the caller still hears once that
 * the run was stopped. */
static void
test_unref_stops_run (void)
{
  NlDatasetModel *dataset = nl_dataset_model_new_tutorial ();
  NlNetworkModel *network = nl_network_model_new (2);
  NlTrainer *trainer = nl_trainer_new (network, dataset);
  gpointer weak = trainer;
  Result r = { 0 };

  nl_trainer_set_until_stopped (trainer, TRUE);
  nl_trainer_train_async (trainer, NULL, train_done_cb, &r);
  /* Trained epochs have come back: the worker is surely at work. */
  while (nl_trainer_get_epoch (trainer) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (_nl_trainer_count_workers (), ==, 1);

  g_object_add_weak_pointer (G_OBJECT (trainer), &weak);
  g_object_unref (trainer);
  g_assert_cmpuint (_nl_trainer_count_workers (), ==, 0);
  wait_for (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  /* Gone once its caller has been answered. */
  g_assert_null (weak);

  g_assert_finalize_object (network);
  g_assert_finalize_object (dataset);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/model/trainer/tutorial", test_tutorial);
  g_test_add_func ("/model/trainer/unref-stops-run", test_unref_stops_run);
  ADD ("/model/trainer/same-as-core", test_same_as_core);
  ADD ("/model/trainer/history-bounded", test_history_bounded);
  ADD ("/model/trainer/cancel", test_cancel);
  ADD ("/model/trainer/progress-rate", test_progress_rate);
  ADD ("/model/trainer/diverge", test_diverge);
  ADD ("/model/trainer/reset", test_reset);
  ADD ("/model/trainer/data-changed", test_data_changed);
  ADD ("/model/trainer/refusals", test_refusals);
  ADD ("/model/trainer/user-cancellable", test_user_cancellable);
  ADD ("/model/trainer/step-sample", test_step_sample);
  ADD ("/model/trainer/pace-same-params", test_pace_same_params);
  ADD ("/model/trainer/pace-change", test_pace_change);
  ADD ("/model/trainer/pace-slow-down", test_pace_slow_down);
  ADD ("/model/trainer/pace-stop", test_pace_stop);
  ADD ("/model/trainer/until-stopped", test_until_stopped);

#undef ADD

  return g_test_run ();
}
