/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer.h: training runs off the main thread.
 *
 * A run trains a private copy of the network on a snapshot of the table in a
 * GTask worker thread. The worker posts progress (epoch, loss, accuracy, the
 * parameters and the loss of every epoch since the last post) to the main
 * context at most about 30 times a second (about 60 in a paced run, below);
 * the trainer then updates the network model (so the diagram redraws), its
 * own properties and history, and emits NlTrainer::progress. When the run
 * ends, however it ends, the parameters it reached are applied to the
 * network model.
 *
 * A run trains "epochs" epochs, or with "until-stopped" until it is stopped
 * (or a stop condition ends it; at the latest after 10,000,000 epochs, with a
 * stop reason, as the history keeps two doubles an epoch).
 *
 * Pacing: with "pace" above 0, a run trains that many epochs a second, so a
 * person can watch it learn (the tutorial's 1000 epochs take 10 s at 100).
 * The worker waits before each epoch until it is due on a schedule that does
 * not drift, and posts after an epoch when 15 ms have passed since its last
 * post or when the next epoch is that far off: every epoch up to about 60 a
 * second, and a new network about 60 times a second above that. Pacing only
 * spaces the epochs out: a paced run computes exactly what a fast one does,
 * bit for bit. The pace may change during a run and takes effect at once
 * (the waiting worker is woken, so going to 0, as fast as it goes, does not
 * wait out a long interval), as does a Stop. A worker that cannot keep up
 * (a large table) runs as fast as it can and does not catch up in a burst
 * afterwards. A paced run's time ("run-seconds" and the samples a second)
 * includes its waits.
 *
 * What the history holds for an epoch depends on the table's size:
 *  - up to 1,000 usable rows, the tutorial's loss: after the epoch's pass of
 *    per-sample SGD, the mean loss over all the rows;
 *  - above that, the mean of the per-sample losses seen during the epoch's
 *    pass (what Keras and FANN report), so that an epoch costs only its SGD
 *    pass and training in the window runs as fast as `neuronlab-cli bench`.
 *    It is measured while the weights still move, so it reads a little
 *    higher than the after-epoch loss. "loss" and "accuracy" stay exact:
 *    they are evaluated over all the rows for a progress post (at most about
 *    4 times a second, so they may be up to a quarter of a second older than
 *    "epoch") and again when the run ends, so the final status line is exact
 *    and may differ from the history's last value.
 * nl_trainer_step() follows the same rule for its one epoch.
 *
 * Cancellation is checked between epochs, so Stop takes effect within one
 * epoch (for very large tables, one epoch can take a while; per-sample checks
 * would need the core's epoch loop), and a paced worker's wait ends at once.
 *
 * A run keeps its snapshot when the table is edited meanwhile, and
 * "data-changed-during-run" says that it happened. The table's normalisation
 * is held during a run (see nl-dataset-model.h).
 *
 * A run holds a reference on the trainer until it ends; call nl_trainer_stop()
 * when the window closes.
 *
 * With "test-percent" above 0, a run holds that share of the usable rows out
 * of training (a stratified split drawn from "split-seed", see
 * nl_matrix_split()) and evaluates the network on them: every epoch when
 * they are at most 1,000 rows, otherwise at progress posts (at most about 4
 * times a second) and at the end. The test history runs parallel to the
 * history, NAN where the test loss was not evaluated. A run stops before
 * "epochs" when the epoch's loss (the history's value) reaches
 * "target-loss", or, with "early-stopping", when the test loss (the training
 * loss without a test set) has not improved on its best by 1e-6 for 50
 * epochs; "stop-reason" then says why. The settings apply from the next run.
 *
 * Early stopping keeps the best network: the run ends with the parameters
 * of the epoch whose watched loss was the best (the last one to improve on
 * the best before it by more than 1e-6), and "loss", "accuracy", the test
 * loss and accuracy and the confusion matrices are those of that network;
 * the history and the epoch count still run to the epoch where it stopped.
 * "Best" is among the epochs where the watched loss was measured: every
 * epoch, except for a test set above 1,000 rows, which is evaluated only at
 * progress posts, so the best is the best of those. Without a test set above
 * 1,000 training rows, the watched loss is the history's (the mean of the
 * epoch's pass, see above), and the network kept is the one at the end of
 * that epoch. A run ended by Stop, by its epochs or by the target loss keeps
 * its last parameters.
 *
 * The test split and the stop conditions are the core's run policy
 * (nl-run.h), which the command line applies too.
 *
 * The split is drawn from "split-seed", which starts as the network's seed
 * when the trainer is made and then stays as set, whatever the seed becomes;
 * a project file keeps it.
 */
#pragma once

#include <gio/gio.h>

#include "nl-dataset-model.h"
#include "nl-network-model.h"
#include "nl-train.h"

G_BEGIN_DECLS

#define NL_TYPE_TRAINER (nl_trainer_get_type ())

/* The most epochs a second "pace" takes. */
#define NL_TRAINER_MAX_PACE 1000000

G_DECLARE_FINAL_TYPE (NlTrainer, nl_trainer, NL, TRAINER, GObject)

NlTrainer      *nl_trainer_new                   (NlNetworkModel       *network,
                                                  NlDatasetModel       *dataset);

NlNetworkModel *nl_trainer_get_network           (NlTrainer            *self);
NlDatasetModel *nl_trainer_get_dataset           (NlTrainer            *self);

/* Runs "epochs" epochs, or until stopped with "until-stopped". Fails at
 * once, with the reason, when the table is not trainable or a run is in
 * progress; fails with NL_MODEL_ERROR_DIVERGED (the network keeps the last
 * finite parameters) or G_IO_ERROR_CANCELLED (Stop, also of a run until
 * stopped). */
void            nl_trainer_train_async           (NlTrainer            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean        nl_trainer_train_finish          (NlTrainer            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Cancels the run in progress, if any; it finishes soon after. */
void            nl_trainer_stop                  (NlTrainer            *self);
/* One epoch, synchronously on the calling thread. */
gboolean        nl_trainer_step                  (NlTrainer            *self,
                                                  GError              **error);
/* One SGD step on one sample, the tutorial's unit of learning: table row
 * @row (which must be usable), normalised, with the trainer's learning rate
 * and loss, applied to the network model ("params-changed"). It is not an
 * epoch: the epoch count, the history, "loss" and "accuracy" stay as they
 * were, and no "progress" is emitted. Fails like nl_trainer_step(), and with
 * NL_MODEL_ERROR_INVALID when @row is out of range or left out of training. */
gboolean        nl_trainer_step_sample           (NlTrainer            *self,
                                                  guint                 row,
                                                  GError              **error);
/* Drops the run in progress, draws the network's parameters again from its
 * seed and clears the epoch count, the loss and the history. */
void            nl_trainer_reset                 (NlTrainer            *self);

gboolean        nl_trainer_get_running           (NlTrainer            *self);
guint64         nl_trainer_get_epoch             (NlTrainer            *self);
double          nl_trainer_get_loss              (NlTrainer            *self);
double          nl_trainer_get_accuracy          (NlTrainer            *self);
gboolean        nl_trainer_get_data_changed_during_run (NlTrainer      *self);
/* Whether the network has learnt anything: TRUE after any SGD update (a run
 * that trained an epoch, nl_trainer_step(), nl_trainer_step_sample()) and
 * after nl_trainer_restore() with epochs; FALSE after nl_trainer_reset() and
 * a new architecture. Parameters set by hand do not change it. Notifies. */
gboolean        nl_trainer_get_trained           (NlTrainer            *self);

double          nl_trainer_get_learning_rate     (NlTrainer            *self);
void            nl_trainer_set_learning_rate     (NlTrainer            *self,
                                                  double                learning_rate);
guint           nl_trainer_get_epochs            (NlTrainer            *self);
void            nl_trainer_set_epochs            (NlTrainer            *self,
                                                  guint                 epochs);
gboolean        nl_trainer_get_until_stopped     (NlTrainer            *self);
void            nl_trainer_set_until_stopped     (NlTrainer            *self,
                                                  gboolean              until_stopped);
/* Epochs a second, 0 (the default) as fast as it goes; applies at once, to
 * the run in progress too. */
guint           nl_trainer_get_pace              (NlTrainer            *self);
void            nl_trainer_set_pace              (NlTrainer            *self,
                                                  guint                 epochs_per_second);
NlLoss          nl_trainer_get_loss_function     (NlTrainer            *self);
void            nl_trainer_set_loss_function     (NlTrainer            *self,
                                                  NlLoss                loss);
gboolean        nl_trainer_get_shuffle           (NlTrainer            *self);
void            nl_trainer_set_shuffle           (NlTrainer            *self,
                                                  gboolean              shuffle);

/* The loss of every epoch trained since the last reset, oldest first (see
 * the top of this file for what the loss of an epoch is). */
const double   *nl_trainer_get_history           (NlTrainer            *self,
                                                  guint                *n_epochs);

/* The test loss of every epoch, parallel to nl_trainer_get_history(): NAN
 * where it was not evaluated, or where there was no test set. */
const double   *nl_trainer_get_test_history      (NlTrainer            *self,
                                                  guint                *n_epochs);
/* The last evaluation of the test set; NAN without one. */
double          nl_trainer_get_test_loss         (NlTrainer            *self);
double          nl_trainer_get_test_accuracy     (NlTrainer            *self);
/* The confusion matrices of the last evaluation, K x K for the K classes of
 * its task (returned; 0 for regression), row-major counts[true * K +
 * predicted], for the training rows and for the test rows (all zero without
 * them). @train and @test (either may be NULL) hold NL_MAX_CLASSES². */
guint           nl_trainer_get_confusion         (NlTrainer            *self,
                                                  guint                *train,
                                                  guint                *test);
/* The task of the figures: the table the last run or step trained on. */
void            nl_trainer_get_task              (NlTrainer            *self,
                                                  NlTask               *task);
/* The last evaluation in full, with the task's metrics (RMSE and R² for
 * regression); NAN where a figure does not apply or is not known. */
void            nl_trainer_get_evaluation        (NlTrainer            *self,
                                                  NlEvaluation         *train,
                                                  NlEvaluation         *test);

guint           nl_trainer_get_test_percent      (NlTrainer            *self);
void            nl_trainer_set_test_percent      (NlTrainer            *self,
                                                  guint                 percent);
guint64         nl_trainer_get_split_seed        (NlTrainer            *self);
void            nl_trainer_set_split_seed        (NlTrainer            *self,
                                                  guint64               seed);
/* 0 is off. */
double          nl_trainer_get_target_loss       (NlTrainer            *self);
void            nl_trainer_set_target_loss       (NlTrainer            *self,
                                                  double                target_loss);
gboolean        nl_trainer_get_early_stopping    (NlTrainer            *self);
void            nl_trainer_set_early_stopping    (NlTrainer            *self,
                                                  gboolean              early_stopping);
/* Why the last run stopped before its epochs were done, when a stop
 * condition ended it ("Reached the target loss 0.01 at epoch 412"); NULL
 * otherwise, and while a run is in progress. */
const char     *nl_trainer_get_stop_reason       (NlTrainer            *self);

/* Forgets the run in progress, if any, and takes what a project file or an
 * undo step holds: the epoch count, the last evaluation of the training rows
 * and of the test set (either NULL: not known, all NAN; with a regression's
 * RMSE and R²), and the loss and the test loss of each of the @n_history
 * epochs (@test_history NULL when there was none: all NAN). The figures take
 * the table's task; the confusion matrices start empty. Emits
 * NlTrainer::progress. */
void            nl_trainer_restore               (NlTrainer            *self,
                                                  guint64               epoch,
                                                  const NlEvaluation   *eval,
                                                  const NlEvaluation   *test_eval,
                                                  const double         *history,
                                                  const double         *test_history,
                                                  guint                 n_history);

/* The last finished run: its wall time in seconds (training loop only) and
 * the samples it trained per second (epochs * rows / time); 0 before any. */
double          nl_trainer_get_run_seconds       (NlTrainer            *self);
double          nl_trainer_get_samples_per_second (NlTrainer           *self);

G_END_DECLS
