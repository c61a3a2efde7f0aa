/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer.c: training runs in a GTask worker thread, with bounded,
 * coalesced progress back to the main context.
 *
 * A TrainRun holds everything a run shares between the two threads. The
 * worker owns the network copy, the snapshot and the NlSgd; what it tells the
 * main thread goes through one mutex-protected slot (the latest parameters,
 * epoch, loss and accuracy, and the loss of every epoch since the last
 * handover), and at most one progress source is queued at a time. The main
 * thread reaches the trainer through a GWeakRef and drops what comes from a
 * run that is no longer the current one (each run has a generation number).
 *
 * Per epoch the worker does the SGD pass (plus, for small tables, the
 * tutorial's evaluation) and O(1) bookkeeping: no allocation once its loss
 * buffer has grown, no lock except when it posts. Early stopping adds a copy
 * of the parameters at each new best, much less than the pass itself.
 */
#include "nl-trainer.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "nl-model-enums.h"
#include "nl-model-error.h"
#include "nl-model-private.h"
#include "nl-run.h"
#include "nl-run-record-private.h"
#include "nl-train.h"
#include "nl-trainer-pace.h"
#include "nl-trainer-private.h"

/* At most about 30 progress updates a second reach the main loop. */
#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 30)
/* A paced run posts after an epoch when this long has passed since the last
 * post, or when the next epoch is at least this far off: a little under a
 * frame at 60 Hz, so that the window can show a new network every frame
 * or two at any pace, and every epoch up to about 60 a second. */
#define PACED_PROGRESS_INTERVAL_USEC 15000
/* The most epochs a run "until stopped" trains, the most the Epochs field
 * takes. It was set when the history grew by two doubles an epoch; the
 * history is bounded now (nl-history.h), and the limit stays as the one
 * the Epochs field and the stop reason name. */
#define UNTIL_STOPPED_MAX_EPOCHS 10000000
/* Up to this many rows, every epoch's history value is the tutorial's loss
 * after the epoch's pass: the extra forward pass over the rows costs little
 * there (a small table trains in microseconds and its curve is what the
 * tutorial prints). Above it, that pass would add a third or more to every
 * epoch, so the history takes the mean of the losses seen during the pass,
 * as Keras and FANN report it, and the exact loss and accuracy are evaluated
 * only for progress posts (see EVALUATE_INTERVAL_USEC) and at the end. */
#define EXACT_HISTORY_MAX_ROWS 1000
/* Above EXACT_HISTORY_MAX_ROWS, the exact loss and accuracy of a progress
 * post are evaluated at most this often: one evaluation is about a third of
 * an epoch, and at 30 a second it cost more than the few percent of training
 * time a status line is worth (about 8% at 10,000 rows for 2-16-16-1). */
#define EVALUATE_INTERVAL_USEC (G_USEC_PER_SEC / 4)
/* The worker reads the clock and the cancellable about this often. */
#define CHECK_INTERVAL_USEC    1000
#define MAX_CHECK_STRIDE       (1u << 20)

/* Room for the confusion matrix of the most classes a label can have. */
#define CONFUSION_CELLS (NL_MAX_CLASSES * NL_MAX_CLASSES)

typedef struct
{
  gatomicrefcount  ref_count;
  GWeakRef         trainer;
  guint            generation;
  guint64          base_epoch;      /* epochs trained before this run */
  GMainContext    *context;

  /* The worker's own; the main thread reads them only once the task is done. */
  NlNet           *net;
  NlMatrix        *data;
  NlSgd           *sgd;
  NlWork          *work;            /* for exact evaluations */
  gboolean         exact_history;   /* see EXACT_HISTORY_MAX_ROWS */
  NlLoss           loss;
  NlOptimizer      optimizer;
  guint            n_epochs;
  gboolean         until_stopped;
  GArray          *worker_losses;   /* losses not yet handed over */
  guint64          epochs_done;
  gint64           elapsed_usec;

  /* The test set (NULL without one) and the stop conditions, the core's
   * run policy (nl-run.h). */
  NlMatrix        *test;
  gboolean         exact_test;      /* evaluated every epoch */
  GArray          *worker_test_losses;
  NlEvaluation     test_eval;
  unsigned         confusion[2][CONFUSION_CELLS]; /* training, test */
  NlRunState       policy;
  double          *best_params;     /* the best network; with early stopping only */
  gboolean         limit_reached;   /* "until stopped" ran UNTIL_STOPPED_MAX_EPOCHS */

  /* Changed by the main thread during the run; see nl-trainer-pace.h. */
  NlTrainerPace    pace;

  /* The caller of nl_trainer_train_async(), answered once by
   * complete_run(): when the worker is done, or when the trainer is
   * disposed before that. The main thread's. */
  GAsyncReadyCallback callback;
  gpointer         user_data;
  GCancellable    *user_cancellable;
  gboolean         completed;
  /* How the worker ended (NULL: it trained what it should); set before
   * "finished". */
  GError          *error;
  /* The worker has left train_thread(); under the mutex, with its cond. */
  gboolean         finished;
  GCond            finished_cond;

  /* The latest progress, from the worker to the main thread. */
  GMutex           mutex;
  gboolean         pending;         /* a progress source is queued */
  gboolean         slot_fresh;      /* the slot holds something not yet taken */
  guint64          slot_epochs;     /* epochs done in this run */
  NlEvaluation     slot_eval;
  double          *slot_params;
  GArray          *slot_losses;
  GArray          *slot_test_losses;
  NlEvaluation     slot_test_eval;
  unsigned         slot_confusion[2][CONFUSION_CELLS];
  /* The optimizer's memory (see nl_sgd_steps()), posted with each progress;
   * the arrays only for an optimizer that keeps them. */
  guint64          slot_steps;
  double          *slot_first;
  double          *slot_second;

  /* The main thread's side of the handover, reused from post to post. */
  double          *main_params;
  GArray          *main_losses;
  GArray          *main_test_losses;
} TrainRun;

struct _NlTrainer
{
  GObject         parent_instance;

  NlNetworkModel *network;
  NlDatasetModel *dataset;
  gulong          data_changed_id;
  gulong          architecture_changed_id;

  /* The run in progress. */
  TrainRun       *run;
  guint           generation;
  GCancellable   *cancellable;
  GCancellable   *user_cancellable;
  gulong          user_cancelled_id;
  /* Runs whose caller has not been answered yet: the current one, and
   * runs that were detached (Reset) while their worker finishes. */
  GPtrArray      *in_flight;

  gboolean        data_changed_during_run;
  guint64         epoch;
  /* Bounded: full resolution for the first few thousand epochs, then
   * buckets (see nl-history.h). The test history runs parallel. */
  NlHistory      *history;
  NlHistory      *test_history;
  guint           confusion[2][CONFUSION_CELLS]; /* training, test */
  NlTask          task;               /* of the figures: the last run's table */
  /* The figures of the last evaluation, "loss", "accuracy", "test-loss" and
   * "test-accuracy" among them, with the task's metrics. */
  NlEvaluation    eval;
  NlEvaluation    test_eval;
  char           *stop_reason;

  double          learning_rate;
  guint           epochs;
  gboolean        until_stopped;
  guint           pace;
  NlLoss          loss_function;
  gboolean        shuffle;
  guint           test_percent;
  guint64         split_seed;
  double          target_loss;
  gboolean        early_stopping;
  guint           batch_size;
  NlOptimizer     optimizer;
  double          momentum;
  double          beta1;
  double          beta2;
  double          epsilon;
  double          l1;
  double          l2;

  /* The optimizer's memory between runs: steps taken, and per parameter
   * the velocity or Adam's m (first) and Adam's v (second); NULL where the
   * optimizer keeps none, or before its first step. */
  NlOptimizer     opt_optimizer;
  gsize           opt_n_params;
  guint64         opt_steps;
  double         *opt_first;
  double         *opt_second;

  /* Finished runs, oldest first (NlRunRecord), and the number the next one
   * gets. The run in progress is the training since the last reset; its
   * settings are those it trained with last (valid with have_run_settings). */
  GListStore     *runs;
  guint           next_run_number;
  NlRunSettings   run_settings;
  gboolean        have_run_settings;

  double          run_seconds;
  double          samples_per_second;

  /* Any SGD update since the last reset or new architecture. */
  gboolean        trained;
};

G_DEFINE_FINAL_TYPE (NlTrainer, nl_trainer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NETWORK,
  PROP_DATASET,
  PROP_RUNNING,
  PROP_EPOCH,
  PROP_LOSS,
  PROP_ACCURACY,
  PROP_DATA_CHANGED_DURING_RUN,
  PROP_LEARNING_RATE,
  PROP_EPOCHS,
  PROP_LOSS_FUNCTION,
  PROP_SHUFFLE,
  PROP_TEST_PERCENT,
  PROP_SPLIT_SEED,
  PROP_TARGET_LOSS,
  PROP_EARLY_STOPPING,
  PROP_TEST_LOSS,
  PROP_TEST_ACCURACY,
  PROP_STOP_REASON,
  PROP_TRAINED,
  PROP_UNTIL_STOPPED,
  PROP_PACE,
  PROP_BATCH_SIZE,
  PROP_OPTIMIZER,
  PROP_MOMENTUM,
  PROP_BETA1,
  PROP_BETA2,
  PROP_EPSILON,
  PROP_L1,
  PROP_L2,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Workers inside train_thread(), for the tests (_nl_trainer_count_workers()). */
static gint n_workers;

/* Runs */

static TrainRun *
run_ref (TrainRun *run)
{
  g_atomic_ref_count_inc (&run->ref_count);
  return run;
}

/* Whether the table can be trained on with the loss chosen: the task owns
 * which losses fit (cross-entropy needs classes). */
static gboolean
check_trainable (NlTrainer  *self,
                 GError    **error)
{
  NlTask task;

  if (!nl_dataset_model_get_trainable (self->dataset))
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NOT_TRAINABLE,
                           nl_dataset_model_get_trainable_reason (self->dataset));
      return FALSE;
    }
  nl_dataset_model_get_task (self->dataset, &task);
  if (!nl_task_allows_loss (&task, self->loss_function))
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NOT_TRAINABLE,
                           _("Cross-entropy needs classes to predict; a number to predict "
                             "takes mean squared error"));
      return FALSE;
    }
  return TRUE;
}

static void
run_unref (TrainRun *run)
{
  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;
  g_weak_ref_clear (&run->trainer);
  g_main_context_unref (run->context);
  nl_sgd_free (run->sgd);
  nl_work_free (run->work);
  nl_dataset_model_free_snapshot (run->data);
  nl_dataset_model_free_snapshot (run->test);
  nl_net_free (run->net);
  g_free (run->best_params);
  g_array_unref (run->worker_losses);
  g_array_unref (run->worker_test_losses);
  g_array_unref (run->slot_test_losses);
  g_array_unref (run->main_test_losses);
  g_mutex_clear (&run->mutex);
  g_cond_clear (&run->finished_cond);
  g_clear_object (&run->user_cancellable);
  g_clear_error (&run->error);
  g_free (run->slot_params);
  g_array_unref (run->slot_losses);
  g_free (run->main_params);
  g_free (run->slot_first);
  g_free (run->slot_second);
  g_array_unref (run->main_losses);
  _nl_trainer_pace_clear (&run->pace);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrainRun, run_unref)

/* Runs side by side */

/* The layer sizes, "2-2-1". */
static char *
describe_architecture (const NlNet *net)
{
  GString *text = g_string_new (NULL);

  for (size_t l = 0; l < net->n_layers; l++)
    g_string_append_printf (text, l > 0 ? "-%zu" : "%zu", net->sizes[l]);
  return g_string_free (text, FALSE);
}

/* Remembers the settings the run in progress trains with now: the run is
 * labelled by them when it is archived. */
static void
capture_run_settings (NlTrainer *self)
{
  _nl_run_settings_clear (&self->run_settings);
  nl_trainer_get_options (self, &self->run_settings.options);
  self->run_settings.architecture = describe_architecture (nl_network_model_get_net (self->network));
  self->run_settings.activation = nl_network_model_get_activation (self->network);
  self->run_settings.init = nl_network_model_get_init (self->network);
  self->run_settings.seed = nl_network_model_get_seed (self->network);
  self->have_run_settings = TRUE;
}

static gboolean
history_has_values (const NlHistory *history)
{
  const NlHistoryBucket *buckets;
  size_t n;

  buckets = nl_history_buckets (history, &n);
  for (size_t i = 0; i < n; i++)
    if (isfinite (buckets[i].first) || isfinite (buckets[i].last))
      return TRUE;
  return FALSE;
}

/* The network is about to be drawn again: the training so far, if it got
 * an epoch done, becomes a finished run, the newest, and the oldest goes
 * when there are more than NL_TRAINER_MAX_RUNS. */
static void
archive_run (NlTrainer *self)
{
  g_autoptr(NlRunRecord) record = NULL;
  g_autoptr(NlRunRecord) previous = NULL;
  NlHistory *history, *test_history = NULL;
  guint n;

  if (self->epoch == 0)
    {
      self->have_run_settings = FALSE;
      return;
    }
  if (!self->have_run_settings)
    capture_run_settings (self);
  history = nl_history_copy (self->history);
  if (history == NULL)
    g_error ("Out of memory for the loss history");
  if (history_has_values (self->test_history))
    {
      test_history = nl_history_copy (self->test_history);
      if (test_history == NULL)
        g_error ("Out of memory for the loss history");
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  if (n > 0)
    previous = g_list_model_get_item (G_LIST_MODEL (self->runs), n - 1);
  /* Without a test set there are no test figures (not even the zeros a
   * regression's RMSE would read). */
  record = _nl_run_record_new (self->next_run_number++, NULL, previous, &self->run_settings,
                               self->epoch, &self->eval,
                               test_history != NULL ? &self->test_eval : NULL, history,
                               test_history);
  self->have_run_settings = FALSE;
  if (n >= NL_TRAINER_MAX_RUNS)
    g_list_store_splice (self->runs, 0, n - NL_TRAINER_MAX_RUNS + 1, NULL, 0);
  g_list_store_append (self->runs, record);
}

/* The optimizer's memory */

/* Forgets the optimizer's memory: the next step starts from none. */
static void
clear_optimizer_state (NlTrainer *self)
{
  self->opt_steps = 0;
  self->opt_n_params = 0;
  g_clear_pointer (&self->opt_first, g_free);
  g_clear_pointer (&self->opt_second, g_free);
}

/* Keeps @n values of the optimizer's memory (@first, @second either NULL:
 * none) after @steps steps of the current optimizer. */
static void
keep_optimizer_state (NlTrainer    *self,
                      NlOptimizer   optimizer,
                      guint64       steps,
                      const double *first,
                      const double *second,
                      gsize         n)
{
  if (n != self->opt_n_params || (first == NULL) != (self->opt_first == NULL)
      || (second == NULL) != (self->opt_second == NULL))
    {
      clear_optimizer_state (self);
      self->opt_n_params = n;
      if (first != NULL)
        self->opt_first = g_new (double, n);
      if (second != NULL)
        self->opt_second = g_new (double, n);
    }
  self->opt_steps = steps;
  self->opt_optimizer = optimizer;
  if (first != NULL)
    memcpy (self->opt_first, first, n * sizeof (double));
  if (second != NULL)
    memcpy (self->opt_second, second, n * sizeof (double));
}

/* Main thread, once @sgd's worker is done with it: keeps its memory. */
static void
take_optimizer_state (NlTrainer   *self,
                      const NlSgd *sgd,
                      gsize        n_params)
{
  keep_optimizer_state (self, self->optimizer, nl_sgd_steps (sgd), nl_sgd_first_moment (sgd),
                        nl_sgd_second_moment (sgd), n_params);
}

/* Hands the memory kept to a new @sgd of the current optimizer: none when
 * it was another optimizer's or another network's. */
static void
give_optimizer_state (NlTrainer *self,
                      NlSgd     *sgd,
                      gsize      n_params)
{
  if (self->opt_optimizer != self->optimizer || self->opt_n_params != n_params)
    nl_sgd_set_state (sgd, 0, NULL, NULL);
  else
    nl_sgd_set_state (sgd, self->opt_steps, self->opt_first, self->opt_second);
}

/* Everything a run needs, checked on the main thread so that a run that
 * cannot start fails at once. */
static TrainRun *
run_new (NlTrainer  *self,
         guint       n_epochs,
         gboolean    until_stopped,
         GError    **error)
{
  g_autoptr(TrainRun) run = NULL;
  NlTrainOptions options;
  NlRunPolicy policy;
  NlError err;
  size_t n_params;

  if (!check_trainable (self, error))
    return NULL;

  run = g_new0 (TrainRun, 1);
  g_atomic_ref_count_init (&run->ref_count);
  g_weak_ref_init (&run->trainer, self);
  g_mutex_init (&run->mutex);
  g_cond_init (&run->finished_cond);
  _nl_trainer_pace_init (&run->pace, self->pace);
  run->context = g_main_context_ref_thread_default ();
  run->base_epoch = self->epoch;
  run->n_epochs = until_stopped ? UNTIL_STOPPED_MAX_EPOCHS : n_epochs;
  run->until_stopped = until_stopped;
  run->worker_losses = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  run->slot_losses = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  run->main_losses = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  run->worker_test_losses = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  run->slot_test_losses = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  run->main_test_losses = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  run->test_eval.loss = run->test_eval.accuracy = NAN;
  nl_run_policy_init (&policy);
  policy.test_percent = self->test_percent;
  policy.split_seed = self->split_seed;
  policy.target_loss = self->target_loss;
  policy.early_stopping = self->early_stopping;
  nl_run_state_init (&run->policy, &policy);

  run->data = nl_dataset_model_snapshot (self->dataset, error);
  if (run->data == NULL)
    return NULL;
  if (policy.test_percent > 0)
    {
      g_autoptr(NlMatrix) train = g_new0 (NlMatrix, 1);
      g_autoptr(NlMatrix) test = g_new0 (NlMatrix, 1);

      if (nl_run_split (&policy, run->data, train, test, &err) != NL_OK)
        {
          _nl_model_set_error_from_core (error, &err);
          return NULL;
        }
      nl_dataset_model_free_snapshot (run->data);
      run->data = g_steal_pointer (&train);
      /* A table too small to give a class a test row has no test set. */
      if (test->n_rows > 0)
        run->test = g_steal_pointer (&test);
    }
  run->exact_test = run->test != NULL && run->test->n_rows <= EXACT_HISTORY_MAX_ROWS;
  run->exact_history = run->data->n_rows <= EXACT_HISTORY_MAX_ROWS;
  run->net = nl_net_copy (nl_network_model_get_net (self->network));
  if (run->net != NULL)
    run->work = nl_work_new (run->net);
  if (run->net == NULL || run->work == NULL)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NO_MEMORY,
                           _("Out of memory while preparing training"));
      return NULL;
    }
  n_params = run->net->n_params;
  run->slot_params = g_new (double, n_params);
  run->main_params = g_new (double, n_params);
  if (policy.early_stopping)
    run->best_params = g_new (double, n_params);

  nl_trainer_get_options (self, &options);
  run->loss = self->loss_function;
  run->optimizer = self->optimizer;
  nl_error_clear (&err);
  run->sgd = nl_sgd_new (run->net, run->data, &options, &err);
  if (run->sgd == NULL)
    {
      _nl_model_set_error_from_core (error, &err);
      return NULL;
    }

  /* The optimizer goes on from where the last run or step left it. */
  give_optimizer_state (self, run->sgd, n_params);
  if (nl_sgd_first_moment (run->sgd) != NULL)
    run->slot_first = g_new0 (double, n_params);
  if (nl_sgd_second_moment (run->sgd) != NULL)
    run->slot_second = g_new0 (double, n_params);

  capture_run_settings (self);
  return g_steal_pointer (&run);
}

static void
set_double (NlTrainer *self,
            double    *field,
            double     value,
            guint      prop)
{
  if (*field == value || (isnan (*field) && isnan (value)))
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Takes new figures for the training and the test rows (either NULL: not
 * known), notifying the properties that show them. */
static void
set_figures (NlTrainer          *self,
             const NlEvaluation *eval,
             const NlEvaluation *test)
{
  static const NlEvaluation none = { NAN, NAN, NAN, NAN };

  if (eval == NULL)
    eval = &none;
  if (test == NULL)
    test = &none;
  set_double (self, &self->eval.loss, eval->loss, PROP_LOSS);
  set_double (self, &self->eval.accuracy, eval->accuracy, PROP_ACCURACY);
  set_double (self, &self->test_eval.loss, test->loss, PROP_TEST_LOSS);
  set_double (self, &self->test_eval.accuracy, test->accuracy, PROP_TEST_ACCURACY);
  self->eval.rmse = eval->rmse;
  self->eval.r2 = eval->r2;
  self->test_eval.rmse = test->rmse;
  self->test_eval.r2 = test->r2;
}

/* "trained" is the one rule for whether the network has learnt anything:
 * set by every SGD update (runs, steps, Step Sample) and by a restored
 * project that had trained epochs; cleared by a reset and by a new
 * architecture. Parameters set by hand leave it as it is. */
static void
set_trained (NlTrainer *self,
             gboolean   trained)
{
  trained = !!trained;
  if (self->trained == trained)
    return;
  self->trained = trained;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINED]);
}

static void
set_epoch (NlTrainer *self,
           guint64    epoch)
{
  if (self->epoch == epoch)
    return;
  self->epoch = epoch;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCH]);
}

/* The history's memory is bounded (a few hundred kilobytes at most), so
 * running out of it is treated as GLib treats a failed g_malloc(). */
static NlHistory *
history_new (void)
{
  NlHistory *history = nl_history_new (0);

  if (history == NULL)
    g_error ("Out of memory for the loss history");
  return history;
}

static void
history_append (NlHistory    *history,
                const double *values,
                gsize         n)
{
  if (!nl_history_append_n (history, values, n))
    g_error ("Out of memory for the loss history");
}

/* Main thread: takes what the worker left in the slot and shows it. */
static void
take_progress (NlTrainer *self,
               TrainRun  *run)
{
  guint n_params = nl_network_model_get_n_params (self->network);
  guint64 epochs;
  NlEvaluation eval, test_eval;
  unsigned confusion[2][CONFUSION_CELLS];
  GArray *swap;

  g_mutex_lock (&run->mutex);
  if (!run->slot_fresh)
    {
      g_mutex_unlock (&run->mutex);
      return;
    }
  /* Swapping the arrays hands the worker an empty one without allocating. */
  swap = run->slot_losses;
  run->slot_losses = run->main_losses;
  run->main_losses = swap;
  swap = run->slot_test_losses;
  run->slot_test_losses = run->main_test_losses;
  run->main_test_losses = swap;
  memcpy (run->main_params, run->slot_params, run->net->n_params * sizeof (double));
  epochs = run->slot_epochs;
  eval = run->slot_eval;
  test_eval = run->slot_test_eval;
  memcpy (confusion, run->slot_confusion, sizeof confusion);
  /* The memory goes with the parameters, unless the optimizer was changed
   * meanwhile (which cleared it: another optimizer's memory means nothing). */
  if (run->optimizer == self->optimizer)
    keep_optimizer_state (self, run->optimizer, run->slot_steps, run->slot_first, run->slot_second,
                          run->net->n_params);
  run->slot_fresh = FALSE;
  g_mutex_unlock (&run->mutex);

  history_append (self->history, (const double *) (gpointer) run->main_losses->data,
                  run->main_losses->len);
  g_array_set_size (run->main_losses, 0);
  history_append (self->test_history, (const double *) (gpointer) run->main_test_losses->data,
                  run->main_test_losses->len);
  g_array_set_size (run->main_test_losses, 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (n_params == run->net->n_params)
    nl_network_model_set_params (self->network, run->main_params, n_params);
  set_epoch (self, run->base_epoch + epochs);
  if (epochs > 0)
    {
      memcpy (self->confusion, confusion, sizeof self->confusion);
      self->task = run->data->task;
      set_figures (self, &eval, &test_eval);
      set_trained (self, TRUE);
    }
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[PROGRESS], 0);
}

static gboolean
progress_cb (gpointer data)
{
  TrainRun *run = data;
  g_autoptr(NlTrainer) self = g_weak_ref_get (&run->trainer);

  g_mutex_lock (&run->mutex);
  run->pending = FALSE;
  g_mutex_unlock (&run->mutex);

  /* A stale run: reset, superseded, or its trainer is gone. */
  if (self == NULL || self->run == NULL || self->generation != run->generation)
    return G_SOURCE_REMOVE;

  take_progress (self, run);
  return G_SOURCE_REMOVE;
}

/* Worker thread: fills the slot and, when @notify, makes sure one progress
 * source is queued on the main context. */
static void
post_progress (TrainRun           *run,
               guint64             epochs,
               const NlEvaluation *eval,
               gboolean            notify)
{
  gboolean queue = FALSE;

  g_mutex_lock (&run->mutex);
  memcpy (run->slot_params, run->net->params, run->net->n_params * sizeof (double));
  run->slot_steps = nl_sgd_steps (run->sgd);
  if (run->slot_first != NULL)
    memcpy (run->slot_first, nl_sgd_first_moment (run->sgd), run->net->n_params * sizeof (double));
  if (run->slot_second != NULL)
    memcpy (run->slot_second, nl_sgd_second_moment (run->sgd), run->net->n_params * sizeof (double));
  g_array_append_vals (run->slot_losses, run->worker_losses->data, run->worker_losses->len);
  g_array_append_vals (run->slot_test_losses, run->worker_test_losses->data,
                       run->worker_test_losses->len);
  run->slot_epochs = epochs;
  run->slot_eval = *eval;
  run->slot_test_eval = run->test_eval;
  memcpy (run->slot_confusion, run->confusion, sizeof run->confusion);
  run->slot_fresh = TRUE;
  if (notify && !run->pending)
    run->pending = queue = TRUE;
  g_mutex_unlock (&run->mutex);
  g_array_set_size (run->worker_losses, 0);
  g_array_set_size (run->worker_test_losses, 0);

  if (queue)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, progress_cb, run_ref (run), (GDestroyNotify) run_unref);
      g_source_set_static_name (source, "[neuronlab] training progress");
      g_source_attach (source, run->context);
      g_source_unref (source);
    }
}

/* Worker thread: the exact loss and accuracy of the network as it is now. */
static void
evaluate_now (TrainRun     *run,
              NlEvaluation *eval)
{
  nl_evaluate_confusion (run->net, run->work, run->data, run->loss, eval, run->confusion[0]);
}

/* Worker thread: the test set's loss, accuracy and confusion matrix now;
 * returns the loss, or NAN without a test set. */
static double
evaluate_test_now (TrainRun *run)
{
  if (run->test == NULL)
    return NAN;
  nl_evaluate_confusion (run->net, run->work, run->test, run->loss, &run->test_eval,
                         run->confusion[1]);
  return run->test_eval.loss;
}

/* Worker thread: the training rows' confusion matrix, where no evaluation
 * counted it (small tables evaluate in the core's epoch). The test set's is
 * counted with its loss. */
static void
count_confusion (TrainRun *run)
{
  if (run->exact_history)
    nl_confusion (run->net, run->work, run->data, run->confusion[0]);
}

/* Worker thread: whether a stop condition ends the run after @done epochs,
 * given the epoch's training loss and the watched loss for early stopping
 * (the test loss, or the training loss without a test set; NAN when it was
 * not evaluated this epoch). A new best keeps a copy of the parameters: one
 * contiguous block, copied only on improvement, so a copy an epoch at most
 * while the loss falls and none once it has stalled. */
static gboolean
should_stop (TrainRun *run,
             guint64   done,
             double    loss,
             double    watched)
{
  switch (nl_run_state_feed (&run->policy, done, loss, watched))
    {
    case NL_RUN_NEW_BEST:
      memcpy (run->best_params, run->net->params, run->net->n_params * sizeof (double));
      return FALSE;
    case NL_RUN_STOPPED:
      return TRUE;
    case NL_RUN_GO_ON:
    default:
      return FALSE;
    }
}

/* The worker's latest exact evaluation and when it posted and evaluated. */
typedef struct
{
  NlEvaluation last;
  guint64      last_evaluated;      /* epochs done at the last evaluation */
  gint64       last_post;
  gint64       last_evaluation;
} PostState;

/* Worker thread: evaluates what is due for a post (above
 * EXACT_HISTORY_MAX_ROWS, at most every EVALUATE_INTERVAL_USEC) and posts.
 * Returns TRUE when early stopping ends the run on that evaluation. */
static gboolean
evaluate_and_post (TrainRun  *run,
                   guint64    done,
                   gint64     now,
                   PostState *state)
{
  gboolean stopped = FALSE;
  double test_loss;

  if (now - state->last_evaluation >= EVALUATE_INTERVAL_USEC)
    {
      if (!run->exact_history)
        {
          evaluate_now (run, &state->last);
          state->last_evaluated = done;
        }
      if (run->test != NULL && !run->exact_test)
        {
          /* This epoch's test loss, where the history had NAN. */
          test_loss = evaluate_test_now (run);
          g_array_index (run->worker_test_losses, double,
                         run->worker_test_losses->len - 1) = test_loss;
          if (run->policy.early_stopping && should_stop (run, done, NAN, test_loss))
            stopped = TRUE;
        }
      count_confusion (run);
      state->last_evaluation = now;
    }
  post_progress (run, done, &state->last, TRUE);
  state->last_post = now;
  return stopped;
}

static void
train_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TrainRun *run = task_data;
  NlEvaluation eval;
  PostState state = { .last = { NAN, NAN } };
  NlStatus status = NL_OK;
  NlError err;
  guint64 done = 0;
  guint stride = 1, since_check = 0;
  guint pace = _nl_trainer_pace_get (&run->pace);
  gint64 start, now, last_check;
  double loss, test_loss;
  gboolean stopped = FALSE, keep_best;

  g_atomic_int_inc (&n_workers);
  nl_error_clear (&err);
  start = last_check = state.last_post = g_get_monotonic_time ();
  /* The first post carries an exact loss. */
  state.last_evaluation = start - EVALUATE_INTERVAL_USEC;

  /* Per epoch, only the SGD pass and a few assignments: nothing allocates
   * once the loss buffer has grown, and nothing locks except a post or a
   * paced run's wait. */
  while (done < run->n_epochs)
    {
      /* Pacing only waits between epochs: the epochs themselves, and so the
       * parameters they reach, are the same at every pace. */
      if (pace > 0 && !_nl_trainer_pace_wait (&run->pace, done, cancellable))
        break;
      if (run->exact_history)
        {
          status = nl_sgd_epoch_evaluate (run->sgd, run->net, &eval, &err);
          state.last = eval;
          loss = eval.loss;
        }
      else
        status = nl_sgd_epoch (run->sgd, run->net, &loss, &err);
      if (status != NL_OK)
        break;
      done++;
      g_array_append_val (run->worker_losses, loss);
      test_loss = run->exact_test ? evaluate_test_now (run) : NAN;
      g_array_append_val (run->worker_test_losses, test_loss);
      if (nl_run_state_active (&run->policy) &&
          should_stop (run, done, loss, run->test != NULL ? test_loss : loss))
        {
          stopped = TRUE;
          break;
        }

      if (pace > 0)
        {
          /* A paced run has time to spare: it reads the clock and the pace
           * after every epoch, and posts so that the window can show every
           * epoch, or a new one every frame or so. */
          now = g_get_monotonic_time ();
          pace = _nl_trainer_pace_get (&run->pace);
          if (pace == 0)
            {
              stride = 1;
              since_check = 0;
              last_check = now;
            }
          if (now - state.last_post < PACED_PROGRESS_INTERVAL_USEC
              && (pace == 0
                  || _nl_trainer_pace_due (&run->pace, done, now) - now < PACED_PROGRESS_INTERVAL_USEC))
            continue;
        }
      else
        {
          /* An epoch of a small table takes well under a microsecond, so
           * even the clock is read only every @stride epochs, a stride that
           * adapts to keep the checks about a millisecond apart. */
          if (++since_check < stride)
            continue;
          since_check = 0;
          if (g_cancellable_is_cancelled (cancellable))
            break;
          now = g_get_monotonic_time ();
          if (now - last_check < CHECK_INTERVAL_USEC / 2 && stride < MAX_CHECK_STRIDE)
            stride *= 2;
          else if (now - last_check > CHECK_INTERVAL_USEC * 2 && stride > 1)
            stride /= 2;
          last_check = now;
          pace = _nl_trainer_pace_get (&run->pace);
          if (now - state.last_post < PROGRESS_INTERVAL_USEC)
            continue;
        }
      if (evaluate_and_post (run, done, now, &state))
        {
          stopped = TRUE;
          break;
        }
    }
  /* "Until stopped" ran into its ceiling: say so, as a stop condition. */
  if (status == NL_OK && !stopped && run->until_stopped && done == run->n_epochs)
    {
      run->limit_reached = TRUE;
      stopped = TRUE;
    }

  run->elapsed_usec = g_get_monotonic_time () - start;
  run->epochs_done = done;
  keep_best = stopped && nl_run_state_keeps_best (&run->policy, done);
  /* The status line ends exact. Outside the timing, like the command line
   * tool's final evaluation. On divergence the core has put back the last
   * finite parameters, and this evaluates those. */
  if (!run->exact_history && done > state.last_evaluated && !keep_best)
    evaluate_now (run, &state.last);
  if (run->test != NULL && !run->exact_test && done > 0)
    {
      /* The last epoch's test loss goes in the history even when the
       * network goes back to the best below. */
      test_loss = evaluate_test_now (run);
      if (run->worker_test_losses->len > 0)
        g_array_index (run->worker_test_losses, double,
                       run->worker_test_losses->len - 1) = test_loss;
    }
  if (keep_best)
    {
      /* Early stopping ends with the best network, and everything the
       * status line shows is about that one. */
      memcpy (run->net->params, run->best_params, run->net->n_params * sizeof (double));
      evaluate_now (run, &state.last);
      evaluate_test_now (run);
    }
  count_confusion (run);
  /* The last word; the completion callback takes it. */
  post_progress (run, done, &state.last, FALSE);

  if (status != NL_OK)
    run->error = g_error_new (NL_MODEL_ERROR,
                              status == NL_ERR_DIVERGED ? NL_MODEL_ERROR_DIVERGED
                                                        : NL_MODEL_ERROR_INVALID,
                              "%s", err.message);
  else if (done < run->n_epochs && !stopped)
    run->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("Training was stopped"));

  /* From here on the worker touches nothing of the run: a trainer being
   * disposed may go on (see wait_finished()). */
  g_atomic_int_dec_and_test (&n_workers);
  g_mutex_lock (&run->mutex);
  run->finished = TRUE;
  g_cond_broadcast (&run->finished_cond);
  g_mutex_unlock (&run->mutex);
  g_task_return_boolean (task, TRUE);
}

static void
set_stop_reason (NlTrainer  *self,
                 const char *reason)
{
  if (g_strcmp0 (self->stop_reason, reason) == 0)
    return;
  g_free (self->stop_reason);
  self->stop_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOP_REASON]);
}

/* Main thread: says why a stop condition ended @run. */
static void
take_stop_reason (NlTrainer *self,
                  TrainRun  *run)
{
  g_autofree char *reason = NULL;

  if (run->limit_reached)
    /* Translators: "Until stopped" reached the most epochs a run trains:
     * "Stopped at epoch 10000000: a run trains at most 10000000 epochs". */
    reason = g_strdup_printf (_("Stopped at epoch %" PRIu64 ": a run trains at most %u epochs"),
                              (uint64_t) (run->base_epoch + run->epochs_done),
                              (guint) UNTIL_STOPPED_MAX_EPOCHS);
  else if (run->policy.stop != NL_RUN_STOP_NONE)
    {
      char buf[512];

      nl_run_state_describe (&run->policy, run->base_epoch, run->test != NULL, buf, sizeof buf);
      reason = g_strdup (buf);
    }
  set_stop_reason (self, reason);
}

/* "running" is self->run != NULL; call after changing it. */
static void
notify_running (NlTrainer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Forgets the run in progress: cancels it and ignores whatever it still
 * sends. */
static void
detach_run (NlTrainer *self)
{
  if (self->run == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  if (self->user_cancellable != NULL)
    g_cancellable_disconnect (self->user_cancellable, self->user_cancelled_id);
  self->user_cancelled_id = 0;
  g_clear_object (&self->user_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->run, run_unref);
  self->generation++;
  nl_dataset_model_release_normalization (self->dataset);
  notify_running (self);
}

/* Main thread: answers the caller of nl_trainer_train_async() for @run,
 * once, with how the worker ended (call only once it has). The answer
 * comes from a task made now, so that a run does not keep its trainer
 * alive: a trainer disposed during a run answers from dispose, and the
 * task's reference keeps it until the callback has run. */
static void
complete_run (NlTrainer *self,
              TrainRun  *run)
{
  g_autoptr(GTask) task = NULL;

  if (run->completed)
    return;
  run->completed = TRUE;
  task = g_task_new (self, run->user_cancellable, run->callback, run->user_data);
  g_task_set_source_tag (task, nl_trainer_train_async);
  g_task_set_name (task, "[neuronlab] train");
  if (run->error != NULL)
    g_task_return_error (task, g_error_copy (run->error));
  else
    g_task_return_boolean (task, TRUE);
  g_ptr_array_remove_fast (self->in_flight, run);
}

/* Main thread: waits until @run's worker has left train_thread(). It has
 * been cancelled, so this is the epoch in progress at most (a paced wait
 * ends at once). */
static void
wait_finished (TrainRun *run)
{
  g_mutex_lock (&run->mutex);
  while (!run->finished)
    g_cond_wait (&run->finished_cond, &run->mutex);
  g_mutex_unlock (&run->mutex);
}

static void
run_done_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TrainRun *run = g_task_get_task_data (G_TASK (result));
  g_autoptr(NlTrainer) self = g_weak_ref_get (&run->trainer);

  g_task_propagate_boolean (G_TASK (result), NULL);
  /* Its trainer was disposed: dispose answered the caller. */
  if (self == NULL)
    return;

  if (self->run == run && self->generation == run->generation)
    {
      take_progress (self, run);
      take_stop_reason (self, run);
      self->run_seconds = (double) run->elapsed_usec / G_USEC_PER_SEC;
      self->samples_per_second = run->elapsed_usec > 0
        ? (double) run->epochs_done * (double) run->data->n_rows / self->run_seconds
        : 0.0;
      detach_run (self);
    }
  complete_run (self, run);
}

/* Any thread: a paced worker waiting for its next epoch hears of a cancel at
 * once. */
static void
run_cancelled_cb (GCancellable *cancellable,
                  TrainRun     *run)
{
  _nl_trainer_pace_wake (&run->pace);
}

static void
user_cancelled_cb (GCancellable *user_cancellable,
                   GCancellable *run_cancellable)
{
  g_cancellable_cancel (run_cancellable);
}

static void
data_changed_cb (NlTrainer      *self,
                 NlDatasetModel *dataset)
{
  if (self->run == NULL || self->data_changed_during_run)
    return;
  self->data_changed_during_run = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_CHANGED_DURING_RUN]);
}

static void
clear_evaluation (NlEvaluation *eval)
{
  eval->loss = eval->accuracy = eval->rmse = eval->r2 = NAN;
}

static void
clear_history (NlTrainer *self)
{
  /* A new network, or new parameters: the optimizer starts afresh. */
  clear_optimizer_state (self);
  /* Gives the memory back, too. */
  nl_history_clear (self->history);
  nl_history_clear (self->test_history);
  memset (self->confusion, 0, sizeof self->confusion);
  g_object_freeze_notify (G_OBJECT (self));
  set_epoch (self, 0);
  set_figures (self, NULL, NULL);
  set_stop_reason (self, NULL);
  set_trained (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
architecture_changed_cb (NlTrainer      *self,
                         NlNetworkModel *network)
{
  /* A new network: the run and the history belonged to the old one. */
  detach_run (self);
  archive_run (self);
  clear_history (self);
}

/* GObject */

static void
nl_trainer_constructed (GObject *object)
{
  NlTrainer *self = NL_TRAINER (object);

  G_OBJECT_CLASS (nl_trainer_parent_class)->constructed (object);

  g_assert (self->network != NULL);
  g_assert (self->dataset != NULL);
  self->split_seed = nl_network_model_get_seed (self->network);
  if (self->split_seed == 0)
    self->split_seed = 1;
  self->data_changed_id =
    g_signal_connect_object (self->dataset, "changed",
                             G_CALLBACK (data_changed_cb), self, G_CONNECT_SWAPPED);
  self->architecture_changed_id =
    g_signal_connect_object (self->network, "architecture-changed",
                             G_CALLBACK (architecture_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
nl_trainer_dispose (GObject *object)
{
  NlTrainer *self = NL_TRAINER (object);

  /* The last reference is gone: the run in progress stops, and every run
   * still in flight is waited for (an epoch at most, they are cancelled)
   * and its caller answered, so that no worker outlives the trainer. The
   * answer's task holds the trainer until its callback has run; dispose
   * then runs again and finds nothing left to do. */
  detach_run (self);
  while (self->in_flight->len > 0)
    {
      g_autoptr(TrainRun) run = run_ref (g_ptr_array_index (self->in_flight, 0));

      wait_finished (run);
      complete_run (self, run);
    }
  if (self->dataset != NULL)
    g_clear_signal_handler (&self->data_changed_id, self->dataset);
  if (self->network != NULL)
    g_clear_signal_handler (&self->architecture_changed_id, self->network);
  g_clear_object (&self->dataset);
  g_clear_object (&self->network);

  G_OBJECT_CLASS (nl_trainer_parent_class)->dispose (object);
}

static void
nl_trainer_finalize (GObject *object)
{
  NlTrainer *self = NL_TRAINER (object);

  g_clear_pointer (&self->history, nl_history_free);
  g_clear_pointer (&self->test_history, nl_history_free);
  g_clear_pointer (&self->stop_reason, g_free);
  g_clear_pointer (&self->in_flight, g_ptr_array_unref);
  clear_optimizer_state (self);
  _nl_run_settings_clear (&self->run_settings);
  g_clear_object (&self->runs);

  G_OBJECT_CLASS (nl_trainer_parent_class)->finalize (object);
}

static void
nl_trainer_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  NlTrainer *self = NL_TRAINER (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      g_value_set_object (value, self->network);
      break;
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->run != NULL);
      break;
    case PROP_EPOCH:
      g_value_set_uint64 (value, self->epoch);
      break;
    case PROP_LOSS:
      g_value_set_double (value, self->eval.loss);
      break;
    case PROP_ACCURACY:
      g_value_set_double (value, self->eval.accuracy);
      break;
    case PROP_DATA_CHANGED_DURING_RUN:
      g_value_set_boolean (value, self->data_changed_during_run);
      break;
    case PROP_LEARNING_RATE:
      g_value_set_double (value, self->learning_rate);
      break;
    case PROP_EPOCHS:
      g_value_set_uint (value, self->epochs);
      break;
    case PROP_LOSS_FUNCTION:
      g_value_set_enum (value, self->loss_function);
      break;
    case PROP_SHUFFLE:
      g_value_set_boolean (value, self->shuffle);
      break;
    case PROP_TEST_PERCENT:
      g_value_set_uint (value, self->test_percent);
      break;
    case PROP_SPLIT_SEED:
      g_value_set_uint64 (value, self->split_seed);
      break;
    case PROP_TARGET_LOSS:
      g_value_set_double (value, self->target_loss);
      break;
    case PROP_EARLY_STOPPING:
      g_value_set_boolean (value, self->early_stopping);
      break;
    case PROP_TEST_LOSS:
      g_value_set_double (value, self->test_eval.loss);
      break;
    case PROP_TEST_ACCURACY:
      g_value_set_double (value, self->test_eval.accuracy);
      break;
    case PROP_STOP_REASON:
      g_value_set_string (value, self->stop_reason);
      break;
    case PROP_TRAINED:
      g_value_set_boolean (value, self->trained);
      break;
    case PROP_UNTIL_STOPPED:
      g_value_set_boolean (value, self->until_stopped);
      break;
    case PROP_PACE:
      g_value_set_uint (value, self->pace);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_OPTIMIZER:
      g_value_set_enum (value, self->optimizer);
      break;
    case PROP_MOMENTUM:
      g_value_set_double (value, self->momentum);
      break;
    case PROP_BETA1:
      g_value_set_double (value, self->beta1);
      break;
    case PROP_BETA2:
      g_value_set_double (value, self->beta2);
      break;
    case PROP_EPSILON:
      g_value_set_double (value, self->epsilon);
      break;
    case PROP_L1:
      g_value_set_double (value, self->l1);
      break;
    case PROP_L2:
      g_value_set_double (value, self->l2);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_trainer_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  NlTrainer *self = NL_TRAINER (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      self->network = g_value_dup_object (value);
      break;
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_LEARNING_RATE:
      nl_trainer_set_learning_rate (self, g_value_get_double (value));
      break;
    case PROP_EPOCHS:
      nl_trainer_set_epochs (self, g_value_get_uint (value));
      break;
    case PROP_LOSS_FUNCTION:
      nl_trainer_set_loss_function (self, g_value_get_enum (value));
      break;
    case PROP_SHUFFLE:
      nl_trainer_set_shuffle (self, g_value_get_boolean (value));
      break;
    case PROP_TEST_PERCENT:
      nl_trainer_set_test_percent (self, g_value_get_uint (value));
      break;
    case PROP_SPLIT_SEED:
      nl_trainer_set_split_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_TARGET_LOSS:
      nl_trainer_set_target_loss (self, g_value_get_double (value));
      break;
    case PROP_EARLY_STOPPING:
      nl_trainer_set_early_stopping (self, g_value_get_boolean (value));
      break;
    case PROP_UNTIL_STOPPED:
      nl_trainer_set_until_stopped (self, g_value_get_boolean (value));
      break;
    case PROP_PACE:
      nl_trainer_set_pace (self, g_value_get_uint (value));
      break;
    case PROP_BATCH_SIZE:
      nl_trainer_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_OPTIMIZER:
      nl_trainer_set_optimizer (self, g_value_get_enum (value));
      break;
    case PROP_MOMENTUM:
      nl_trainer_set_momentum (self, g_value_get_double (value));
      break;
    case PROP_BETA1:
      nl_trainer_set_beta1 (self, g_value_get_double (value));
      break;
    case PROP_BETA2:
      nl_trainer_set_beta2 (self, g_value_get_double (value));
      break;
    case PROP_EPSILON:
      nl_trainer_set_epsilon (self, g_value_get_double (value));
      break;
    case PROP_L1:
      nl_trainer_set_l1 (self, g_value_get_double (value));
      break;
    case PROP_L2:
      nl_trainer_set_l2 (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_trainer_class_init (NlTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = nl_trainer_constructed;
  object_class->dispose = nl_trainer_dispose;
  object_class->finalize = nl_trainer_finalize;
  object_class->get_property = nl_trainer_get_property;
  object_class->set_property = nl_trainer_set_property;

  properties[PROP_NETWORK] =
    g_param_spec_object ("network", NULL, NULL,
                         NL_TYPE_NETWORK_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         NL_TYPE_DATASET_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPOCH] =
    g_param_spec_uint64 ("epoch", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NAN until the first epoch. */
  properties[PROP_LOSS] =
    g_param_spec_double ("loss", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCURACY] =
    g_param_spec_double ("accuracy", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_CHANGED_DURING_RUN] =
    g_param_spec_boolean ("data-changed-during-run", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEARNING_RATE] =
    g_param_spec_double ("learning-rate", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, 0.1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPOCHS] =
    g_param_spec_uint ("epochs", NULL, NULL,
                       1, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOSS_FUNCTION] =
    g_param_spec_enum ("loss-function", NULL, NULL,
                       NL_TYPE_LOSS, NL_LOSS_MSE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHUFFLE] =
    g_param_spec_boolean ("shuffle", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The share of usable rows, in percent, held out of training as a test set. */
  properties[PROP_TEST_PERCENT] =
    g_param_spec_uint ("test-percent", NULL, NULL,
                       0, NL_RUN_MAX_TEST_PERCENT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The seed of the split; the network's seed (or 1) to begin with. */
  properties[PROP_SPLIT_SEED] =
    g_param_spec_uint64 ("split-seed", NULL, NULL,
                         0, G_MAXUINT64, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET_LOSS] =
    g_param_spec_double ("target-loss", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EARLY_STOPPING] =
    g_param_spec_boolean ("early-stopping", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NAN without a test set. */
  properties[PROP_TEST_LOSS] =
    g_param_spec_double ("test-loss", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEST_ACCURACY] =
    g_param_spec_double ("test-accuracy", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STOP_REASON] =
    g_param_spec_string ("stop-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINED] =
    g_param_spec_boolean ("trained", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Trains until stopped instead of "epochs" epochs. */
  properties[PROP_UNTIL_STOPPED] =
    g_param_spec_boolean ("until-stopped", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Epochs a second; 0 is as fast as it goes. Takes effect at once, also
   * in the run in progress. */
  properties[PROP_PACE] =
    g_param_spec_uint ("pace", NULL, NULL,
                       0, NL_TRAINER_MAX_PACE, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Samples per step: 1 is the tutorial's per-sample SGD; more than the
   * usable rows is the whole table. */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL,
                       1, NL_TRAINER_MAX_BATCH_SIZE, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Changing it clears the optimizer's memory. */
  properties[PROP_OPTIMIZER] =
    g_param_spec_enum ("optimizer", NULL, NULL,
                       NL_TYPE_OPTIMIZER, NL_OPTIMIZER_SGD,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The coefficients in [0, 1) are limited to just below 1 here; the
   * setters take anything below 1. */
  properties[PROP_MOMENTUM] =
    g_param_spec_double ("momentum", NULL, NULL,
                         0.0, 1.0, 0.9,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BETA1] =
    g_param_spec_double ("beta1", NULL, NULL,
                         0.0, 1.0, 0.9,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BETA2] =
    g_param_spec_double ("beta2", NULL, NULL,
                         0.0, 1.0, 0.999,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPSILON] =
    g_param_spec_double ("epsilon", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, 1e-8,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Regularisation rates; 0 is off. */
  properties[PROP_L1] =
    g_param_spec_double ("l1", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_L2] =
    g_param_spec_double ("l2", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlTrainer::progress:
   *
   * New epochs were trained: "epoch", "loss", "accuracy", the history and the
   * network model's parameters are up to date. At most about 30 a second,
   * or about 60 in a paced run.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
nl_trainer_init (NlTrainer *self)
{
  self->history = history_new ();
  self->test_history = history_new ();
  self->in_flight = g_ptr_array_new_with_free_func ((GDestroyNotify) run_unref);
  clear_evaluation (&self->eval);
  clear_evaluation (&self->test_eval);
  nl_task_init (&self->task, NL_TASK_BINARY, 2);
  self->split_seed = 1;
  self->learning_rate = 0.1;
  self->epochs = 1000;
  self->loss_function = NL_LOSS_MSE;
  self->batch_size = 1;
  self->optimizer = NL_OPTIMIZER_SGD;
  self->momentum = 0.9;
  self->beta1 = 0.9;
  self->beta2 = 0.999;
  self->epsilon = 1e-8;
  self->runs = g_list_store_new (NL_TYPE_RUN_RECORD);
  self->next_run_number = 1;
}

/* Private API */

guint
_nl_trainer_count_workers (void)
{
  return (guint) g_atomic_int_get (&n_workers);
}

void
_nl_trainer_set_optimizer_state (NlTrainer    *self,
                                 NlOptimizer   optimizer,
                                 guint64       steps,
                                 const double *first,
                                 const double *second,
                                 gsize         n_params)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (n_params == nl_network_model_get_n_params (self->network));

  keep_optimizer_state (self, optimizer, steps, first, second, n_params);
}

gboolean
_nl_trainer_get_optimizer_memory (NlTrainer     *self,
                                  guint64       *steps,
                                  const double **first,
                                  const double **second)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  /* Memory of another optimizer than the one chosen is none. */
  if (self->opt_optimizer != self->optimizer
      || self->opt_n_params != nl_network_model_get_n_params (self->network))
    {
      *steps = 0;
      *first = *second = NULL;
      return FALSE;
    }
  *steps = self->opt_steps;
  *first = self->opt_first;
  *second = self->opt_second;
  return self->opt_steps > 0 || self->opt_first != NULL || self->opt_second != NULL;
}

void
_nl_trainer_replace_runs (NlTrainer    *self,
                          NlRunRecord **runs,
                          guint         n_runs)
{
  guint next = 1;

  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (n_runs == 0 || runs != NULL);

  for (guint i = 0; i < n_runs; i++)
    next = MAX (next, nl_run_record_get_number (runs[i]) + 1);
  self->next_run_number = next;
  g_list_store_splice (self->runs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->runs)),
                       (gpointer *) runs, n_runs);
}

/* Public API */

NlTrainer *
nl_trainer_new (NlNetworkModel *network,
                NlDatasetModel *dataset)
{
  g_return_val_if_fail (NL_IS_NETWORK_MODEL (network), NULL);
  g_return_val_if_fail (NL_IS_DATASET_MODEL (dataset), NULL);

  return g_object_new (NL_TYPE_TRAINER,
                       "network", network,
                       "dataset", dataset,
                       NULL);
}

NlNetworkModel *
nl_trainer_get_network (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NULL);

  return self->network;
}

NlDatasetModel *
nl_trainer_get_dataset (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NULL);

  return self->dataset;
}

void
nl_trainer_train_async (NlTrainer           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  TrainRun *run;

  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (self->run == NULL)
    run = run_new (self, self->epochs, self->until_stopped, &error);
  else
    {
      run = NULL;
      g_set_error_literal (&error, NL_MODEL_ERROR, NL_MODEL_ERROR_BUSY,
                           _("Training is already running"));
    }
  if (run == NULL)
    {
      g_task_report_error (self, callback, user_data, nl_trainer_train_async,
                           g_steal_pointer (&error));
      return;
    }
  run->callback = callback;
  run->user_data = user_data;
  run->user_cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_ptr_array_add (self->in_flight, run_ref (run));

  self->generation++;
  run->generation = self->generation;
  self->run = run;
  self->cancellable = g_cancellable_new ();
  /* The handler's reference on the run goes with the cancellable. */
  g_cancellable_connect (self->cancellable, G_CALLBACK (run_cancelled_cb),
                         run_ref (run), (GDestroyNotify) run_unref);
  if (cancellable != NULL)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->user_cancelled_id =
        g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                               g_object_ref (self->cancellable), g_object_unref);
    }
  nl_dataset_model_hold_normalization (self->dataset);
  set_stop_reason (self, NULL);

  if (self->data_changed_during_run)
    {
      self->data_changed_during_run = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_CHANGED_DURING_RUN]);
    }
  notify_running (self);

  /* The worker's task has no source object, so that it does not keep the
   * trainer alive: dropping the last reference stops the run (see
   * nl_trainer_dispose()). */
  worker = g_task_new (NULL, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (worker, train_thread);
  g_task_set_name (worker, "[neuronlab] training");
  g_task_set_task_data (worker, run_ref (run), (GDestroyNotify) run_unref);
  g_task_run_in_thread (worker, train_thread);
}

gboolean
nl_trainer_train_finish (NlTrainer     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nl_trainer_train_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
nl_trainer_stop (NlTrainer *self)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
nl_trainer_step (NlTrainer  *self,
                 GError    **error)
{
  g_autoptr(TrainRun) run = NULL;
  NlEvaluation eval;
  NlError err;
  NlStatus status;
  double loss, test_loss;

  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  if (self->run != NULL)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_BUSY,
                           _("Training is already running"));
      return FALSE;
    }
  run = run_new (self, 1, FALSE, error);
  if (run == NULL)
    return FALSE;

  nl_error_clear (&err);
  if (run->exact_history)
    {
      status = nl_sgd_epoch_evaluate (run->sgd, run->net, &eval, &err);
      loss = eval.loss;
    }
  else
    {
      /* The history keeps the pass's mean, as a run would; the status line
       * gets the exact values. */
      status = nl_sgd_epoch (run->sgd, run->net, &loss, &err);
      if (status == NL_OK)
        evaluate_now (run, &eval);
    }
  if (status != NL_OK)
    {
      _nl_model_set_error_from_core (error, &err);
      return FALSE;
    }

  test_loss = evaluate_test_now (run);
  count_confusion (run);
  history_append (self->history, &loss, 1);
  history_append (self->test_history, &test_loss, 1);
  memcpy (self->confusion, run->confusion, sizeof self->confusion);
  self->task = run->data->task;
  g_object_freeze_notify (G_OBJECT (self));
  nl_network_model_set_params (self->network, run->net->params, (guint) run->net->n_params);
  take_optimizer_state (self, run->sgd, run->net->n_params);
  set_epoch (self, self->epoch + 1);
  set_figures (self, &eval, &run->test_eval);
  set_trained (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[PROGRESS], 0);
  return TRUE;
}

gboolean
nl_trainer_step_sample (NlTrainer  *self,
                        guint       row,
                        GError    **error)
{
  g_autoptr(NlMatrix) data = NULL;
  g_autofree size_t *rows = NULL;
  NlTrainOptions options;
  NlNet *net = NULL;
  NlSgd *sgd = NULL;
  NlError err;
  gboolean ok = FALSE;
  size_t index, n;

  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  if (self->run != NULL)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_BUSY,
                           _("Training is already running"));
      return FALSE;
    }
  if (!check_trainable (self, error))
    return FALSE;

  /* The whole table's usable rows, in table order: the person picked the
   * row, so a test split, if any, does not apply. */
  data = nl_dataset_model_snapshot (self->dataset, error);
  if (data == NULL)
    return FALSE;
  for (index = 0; index < data->n_rows; index++)
    if (data->source_row[index] == row)
      break;
  if (index == data->n_rows)
    {
      g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID,
                   _("Row %u is not used for training"), row + 1);
      return FALSE;
    }

  /* A mini-batch is the row and the usable rows after it in table order,
   * going round to the first: as many as the batch size, at most all. */
  nl_trainer_get_options (self, &options);
  options.shuffle = FALSE;
  n = MIN (options.batch_size, data->n_rows);
  rows = g_new (size_t, n);
  for (size_t i = 0; i < n; i++)
    rows[i] = (index + i) % data->n_rows;

  nl_error_clear (&err);
  net = nl_net_copy (nl_network_model_get_net (self->network));
  if (net == NULL)
    g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NO_MEMORY,
                         _("Out of memory while preparing training"));
  else if ((sgd = nl_sgd_new (net, data, &options, &err)) == NULL)
    _nl_model_set_error_from_core (error, &err);
  else
    {
      /* The step goes on with the optimizer's memory, as a run would. */
      give_optimizer_state (self, sgd, net->n_params);
      if (nl_sgd_batch_step (sgd, net, rows, n, NULL, &err) != NL_OK)
        _nl_model_set_error_from_core (error, &err);
      else
        {
          take_optimizer_state (self, sgd, net->n_params);
          nl_network_model_set_params (self->network, net->params, (guint) net->n_params);
          set_trained (self, TRUE);
          capture_run_settings (self);
          ok = TRUE;
        }
    }

  nl_sgd_free (sgd);
  nl_net_free (net);
  return ok;
}

void
nl_trainer_reset (NlTrainer *self)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  detach_run (self);
  archive_run (self);
  nl_network_model_reset (self->network);
  clear_history (self);
}

gboolean
nl_trainer_get_running (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  return self->run != NULL;
}

guint64
nl_trainer_get_epoch (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0);

  return self->epoch;
}

double
nl_trainer_get_loss (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NAN);

  return self->eval.loss;
}

double
nl_trainer_get_accuracy (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NAN);

  return self->eval.accuracy;
}

gboolean
nl_trainer_get_trained (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  return self->trained;
}

gboolean
nl_trainer_get_data_changed_during_run (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  return self->data_changed_during_run;
}

double
nl_trainer_get_learning_rate (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->learning_rate;
}

/* Settings apply from the next run on. */
void
nl_trainer_set_learning_rate (NlTrainer *self,
                              double     learning_rate)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (learning_rate > 0.0 && isfinite (learning_rate));

  if (self->learning_rate == learning_rate)
    return;
  self->learning_rate = learning_rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEARNING_RATE]);
}

guint
nl_trainer_get_epochs (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0);

  return self->epochs;
}

void
nl_trainer_set_epochs (NlTrainer *self,
                       guint      epochs)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (epochs >= 1);

  if (self->epochs == epochs)
    return;
  self->epochs = epochs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCHS]);
}

NlLoss
nl_trainer_get_loss_function (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NL_LOSS_MSE);

  return self->loss_function;
}

void
nl_trainer_set_loss_function (NlTrainer *self,
                              NlLoss     loss)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail ((guint) loss < NL_N_LOSSES);

  if (self->loss_function == loss)
    return;
  self->loss_function = loss;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOSS_FUNCTION]);
}

gboolean
nl_trainer_get_shuffle (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  return self->shuffle;
}

void
nl_trainer_set_shuffle (NlTrainer *self,
                        gboolean   shuffle)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  shuffle = !!shuffle;
  if (self->shuffle == shuffle)
    return;
  self->shuffle = shuffle;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHUFFLE]);
}

const NlHistory *
nl_trainer_get_history (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NULL);

  return self->history;
}

void
nl_trainer_restore (NlTrainer          *self,
                    guint64             epoch,
                    const NlEvaluation *eval,
                    const NlEvaluation *test_eval,
                    const NlHistory    *history,
                    const NlHistory    *test_history)
{
  const NlHistoryBucket *buckets;
  size_t n;

  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (test_history == NULL || history != NULL);
  g_return_if_fail (test_history == NULL
                    || nl_history_epochs (test_history) == nl_history_epochs (history));

  detach_run (self);
  /* The parameters come from elsewhere; so would any memory (see
   * _nl_trainer_set_optimizer_state()). */
  clear_optimizer_state (self);
  nl_history_clear (self->history);
  nl_history_clear (self->test_history);
  if (history != NULL)
    {
      /* Taken into the trainer's own capacity, compacted if need be. */
      buckets = nl_history_buckets (history, &n);
      if (!nl_history_set_buckets (self->history, nl_history_epochs (history),
                                   nl_history_bucket_epochs (history), buckets, n))
        g_error ("Out of memory for the loss history");
      if (test_history != NULL)
        {
          buckets = nl_history_buckets (test_history, &n);
          if (!nl_history_set_buckets (self->test_history, nl_history_epochs (test_history),
                                       nl_history_bucket_epochs (test_history), buckets, n))
            g_error ("Out of memory for the loss history");
        }
      else
        {
          /* No test set: nothing for each epoch, as a run without one has. */
          g_autofree NlHistoryBucket *none = g_new (NlHistoryBucket, MAX (n, 1));

          for (size_t i = 0; i < n; i++)
            none[i] = (NlHistoryBucket) { NAN, NAN, NAN, NAN };
          if (!nl_history_set_buckets (self->test_history, nl_history_epochs (history),
                                       nl_history_bucket_epochs (history), none, n))
            g_error ("Out of memory for the loss history");
        }
    }
  memset (self->confusion, 0, sizeof self->confusion);
  /* The figures are about the table as it is. */
  if (self->dataset != NULL)
    nl_dataset_model_get_task (self->dataset, &self->task);
  g_object_freeze_notify (G_OBJECT (self));
  set_epoch (self, epoch);
  set_figures (self, eval, test_eval);
  set_stop_reason (self, NULL);
  set_trained (self, epoch > 0);
  /* What the restored epochs trained with is not known: the settings as
   * they are now are the best guess for the run's label. */
  if (epoch > 0)
    capture_run_settings (self);
  else
    self->have_run_settings = FALSE;
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[PROGRESS], 0);
}

double
nl_trainer_get_run_seconds (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->run_seconds;
}

double
nl_trainer_get_samples_per_second (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->samples_per_second;
}

const NlHistory *
nl_trainer_get_test_history (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NULL);

  return self->test_history;
}

double
nl_trainer_get_test_loss (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NAN);

  return self->test_eval.loss;
}

double
nl_trainer_get_test_accuracy (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NAN);

  return self->test_eval.accuracy;
}

guint
nl_trainer_get_confusion (NlTrainer *self,
                          guint     *train,
                          guint     *test)
{
  guint k;

  g_return_val_if_fail (NL_IS_TRAINER (self), 0);

  k = nl_task_is_classification (&self->task) ? (guint) self->task.n_classes : 0;
  if (train != NULL)
    memcpy (train, self->confusion[0], k * k * sizeof (guint));
  if (test != NULL)
    memcpy (test, self->confusion[1], k * k * sizeof (guint));
  return k;
}

void
nl_trainer_get_task (NlTrainer *self,
                     NlTask    *task)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  *task = self->task;
}

void
nl_trainer_get_evaluation (NlTrainer    *self,
                           NlEvaluation *train,
                           NlEvaluation *test)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  if (train != NULL)
    *train = self->eval;
  if (test != NULL)
    *test = self->test_eval;
}

guint
nl_trainer_get_test_percent (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0);

  return self->test_percent;
}

void
nl_trainer_set_test_percent (NlTrainer *self,
                             guint      percent)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (percent <= NL_RUN_MAX_TEST_PERCENT);

  if (self->test_percent == percent)
    return;
  self->test_percent = percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_PERCENT]);
}

guint64
nl_trainer_get_split_seed (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0);

  return self->split_seed;
}

void
nl_trainer_set_split_seed (NlTrainer *self,
                           guint64    seed)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  if (self->split_seed == seed)
    return;
  self->split_seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPLIT_SEED]);
}

double
nl_trainer_get_target_loss (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->target_loss;
}

void
nl_trainer_set_target_loss (NlTrainer *self,
                            double     target_loss)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (target_loss >= 0.0 && isfinite (target_loss));

  if (self->target_loss == target_loss)
    return;
  self->target_loss = target_loss;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_LOSS]);
}

gboolean
nl_trainer_get_early_stopping (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  return self->early_stopping;
}

void
nl_trainer_set_early_stopping (NlTrainer *self,
                               gboolean   early_stopping)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  early_stopping = !!early_stopping;
  if (self->early_stopping == early_stopping)
    return;
  self->early_stopping = early_stopping;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EARLY_STOPPING]);
}

gboolean
nl_trainer_get_until_stopped (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  return self->until_stopped;
}

void
nl_trainer_set_until_stopped (NlTrainer *self,
                              gboolean   until_stopped)
{
  g_return_if_fail (NL_IS_TRAINER (self));

  until_stopped = !!until_stopped;
  if (self->until_stopped == until_stopped)
    return;
  self->until_stopped = until_stopped;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNTIL_STOPPED]);
}

guint
nl_trainer_get_pace (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0);

  return self->pace;
}

/* Unlike the other settings, the pace applies to the run in progress too:
 * its worker wakes and follows the new pace from its next epoch. */
void
nl_trainer_set_pace (NlTrainer *self,
                     guint      epochs_per_second)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (epochs_per_second <= NL_TRAINER_MAX_PACE);

  if (self->pace == epochs_per_second)
    return;
  self->pace = epochs_per_second;
  if (self->run != NULL)
    _nl_trainer_pace_set (&self->run->pace, epochs_per_second);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACE]);
}

const char *
nl_trainer_get_stop_reason (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NULL);

  return self->stop_reason;
}

guint
nl_trainer_get_batch_size (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 1);

  return self->batch_size;
}

void
nl_trainer_set_batch_size (NlTrainer *self,
                           guint      batch_size)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (batch_size >= 1 && batch_size <= NL_TRAINER_MAX_BATCH_SIZE);

  if (self->batch_size == batch_size)
    return;
  self->batch_size = batch_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

NlOptimizer
nl_trainer_get_optimizer (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NL_OPTIMIZER_SGD);

  return self->optimizer;
}

/* The memory of one optimizer means nothing to another (a velocity is not
 * Adam's m), so a new optimizer starts from none. */
void
nl_trainer_set_optimizer (NlTrainer   *self,
                          NlOptimizer  optimizer)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail ((guint) optimizer < NL_N_OPTIMIZERS);

  if (self->optimizer == optimizer)
    return;
  self->optimizer = optimizer;
  clear_optimizer_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIMIZER]);
}

/* Sets one of the coefficients, which the callers have checked. */
static void
set_setting (NlTrainer *self,
             double    *field,
             double     value,
             guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

double
nl_trainer_get_momentum (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->momentum;
}

void
nl_trainer_set_momentum (NlTrainer *self,
                         double     momentum)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (momentum >= 0.0 && momentum < 1.0);

  set_setting (self, &self->momentum, momentum, PROP_MOMENTUM);
}

double
nl_trainer_get_beta1 (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->beta1;
}

void
nl_trainer_set_beta1 (NlTrainer *self,
                      double     beta1)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (beta1 >= 0.0 && beta1 < 1.0);

  set_setting (self, &self->beta1, beta1, PROP_BETA1);
}

double
nl_trainer_get_beta2 (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->beta2;
}

void
nl_trainer_set_beta2 (NlTrainer *self,
                      double     beta2)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (beta2 >= 0.0 && beta2 < 1.0);

  set_setting (self, &self->beta2, beta2, PROP_BETA2);
}

double
nl_trainer_get_epsilon (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->epsilon;
}

void
nl_trainer_set_epsilon (NlTrainer *self,
                        double     epsilon)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (epsilon > 0.0 && isfinite (epsilon));

  set_setting (self, &self->epsilon, epsilon, PROP_EPSILON);
}

double
nl_trainer_get_l1 (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->l1;
}

void
nl_trainer_set_l1 (NlTrainer *self,
                   double     l1)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (l1 >= 0.0 && isfinite (l1));

  set_setting (self, &self->l1, l1, PROP_L1);
}

double
nl_trainer_get_l2 (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), 0.0);

  return self->l2;
}

void
nl_trainer_set_l2 (NlTrainer *self,
                   double     l2)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (l2 >= 0.0 && isfinite (l2));

  set_setting (self, &self->l2, l2, PROP_L2);
}

void
nl_trainer_get_options (NlTrainer      *self,
                        NlTrainOptions *options)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (options != NULL);

  nl_train_options_init (options);
  options->learning_rate = self->learning_rate;
  options->loss = self->loss_function;
  options->shuffle = self->shuffle;
  /* Shuffling stays reproducible: the order depends on the seed and on how
   * far training has got. */
  options->shuffle_seed = nl_network_model_get_seed (self->network) + self->epoch;
  options->batch_size = self->batch_size;
  options->optimizer = self->optimizer;
  options->momentum = self->momentum;
  options->beta1 = self->beta1;
  options->beta2 = self->beta2;
  options->epsilon = self->epsilon;
  options->l1 = self->l1;
  options->l2 = self->l2;
}

GListModel *
nl_trainer_get_runs (NlTrainer *self)
{
  g_return_val_if_fail (NL_IS_TRAINER (self), NULL);

  return G_LIST_MODEL (self->runs);
}

void
nl_trainer_remove_run (NlTrainer *self,
                       guint      position)
{
  g_return_if_fail (NL_IS_TRAINER (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->runs)));

  g_list_store_remove (self->runs, position);
}

gboolean
nl_trainer_get_optimizer_state (NlTrainer *self,
                                gsize      param,
                                guint64   *steps,
                                double    *first,
                                double    *second)
{
  const double *m, *v;
  guint64 t;
  gboolean any;

  g_return_val_if_fail (NL_IS_TRAINER (self), FALSE);

  any = _nl_trainer_get_optimizer_memory (self, &t, &m, &v);
  any = any && param < self->opt_n_params && (m != NULL || v != NULL);
  if (steps != NULL)
    *steps = any ? t : 0;
  if (first != NULL)
    *first = any && m != NULL ? m[param] : 0.0;
  if (second != NULL)
    *second = any && v != NULL ? v[param] : 0.0;
  return any;
}
