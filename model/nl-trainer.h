/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer.h: training runs off the main thread.
 *
 * A run trains a private copy of the network on a snapshot of the table in a
 * worker thread and posts progress (epoch, loss, accuracy, parameters, the
 * loss history) to the main context at most about 30 times a second; when
 * it ends, however it ends, the network model gets the parameters it
 * reached. Dropping the last reference stops the run. The loss history is
 * bounded (nl-history.h). The full account (what an epoch's loss is, pacing,
 * the test split, the stop conditions) is in docs/ARCHITECTURE.md.
 */
#pragma once

#include <gio/gio.h>

#include "nl-dataset-model.h"
#include "nl-history.h"
#include "nl-network-model.h"
#include "nl-run-record.h"
#include "nl-train.h"

G_BEGIN_DECLS

#define NL_TYPE_TRAINER (nl_trainer_get_type ())

/* The most epochs a second "pace" takes. */
#define NL_TRAINER_MAX_PACE 1000000
/* The most finished runs a trainer keeps; the oldest goes first. */
#define NL_TRAINER_MAX_RUNS 20
/* The largest "batch-size". */
#define NL_TRAINER_MAX_BATCH_SIZE 1000000

G_DECLARE_FINAL_TYPE (NlTrainer, nl_trainer, NL, TRAINER, GObject)

NlTrainer      *nl_trainer_new                   (NlNetworkModel       *network,
                                                  NlDatasetModel       *dataset);

NlNetworkModel *nl_trainer_get_network           (NlTrainer            *self);
NlDatasetModel *nl_trainer_get_dataset           (NlTrainer            *self);

/* Runs "epochs" epochs, or until stopped with "until-stopped". Fails at
 * once, with the reason, when the table is not trainable or a run is in
 * progress; fails with NL_MODEL_ERROR_DIVERGED (the network keeps the last
 * finite parameters) or G_IO_ERROR_CANCELLED (Stop, also of a run until
 * stopped). The run does not keep the trainer alive: dropping the last
 * reference cancels it and waits for its worker (an epoch at most), and
 * @callback is still called, with G_IO_ERROR_CANCELLED. */
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
/* One step on one sample, the tutorial's unit of learning: table row
 * @row (which must be usable), normalised, with the trainer's settings and
 * the optimizer's memory, applied to the network model ("params-changed").
 * With a batch size B above 1, one step on a mini-batch: the row and the
 * B - 1 usable rows after it in table order, going round to the first (the
 * whole table at most). It is not an
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

/* How the network learns; like the other settings, they apply from the
 * next run, step or Step Sample on. "batch-size": samples per step, 1 (the
 * default) the tutorial's per-sample SGD, more than the usable rows is the
 * whole table. "optimizer": SGD, SGD with momentum ("momentum", mu, in
 * [0, 1)) or Adam ("beta1", "beta2" in [0, 1), "epsilon" > 0). "l1", "l2":
 * regularisation rates (>= 0, 0 off), on the weights only. Changing the
 * optimizer clears the optimizer's memory. */
guint           nl_trainer_get_batch_size        (NlTrainer            *self);
void            nl_trainer_set_batch_size        (NlTrainer            *self,
                                                  guint                 batch_size);
NlOptimizer     nl_trainer_get_optimizer         (NlTrainer            *self);
void            nl_trainer_set_optimizer         (NlTrainer            *self,
                                                  NlOptimizer           optimizer);
double          nl_trainer_get_momentum          (NlTrainer            *self);
void            nl_trainer_set_momentum          (NlTrainer            *self,
                                                  double                momentum);
double          nl_trainer_get_beta1             (NlTrainer            *self);
void            nl_trainer_set_beta1             (NlTrainer            *self,
                                                  double                beta1);
double          nl_trainer_get_beta2             (NlTrainer            *self);
void            nl_trainer_set_beta2             (NlTrainer            *self,
                                                  double                beta2);
double          nl_trainer_get_epsilon           (NlTrainer            *self);
void            nl_trainer_set_epsilon           (NlTrainer            *self,
                                                  double                epsilon);
double          nl_trainer_get_l1                (NlTrainer            *self);
void            nl_trainer_set_l1                (NlTrainer            *self,
                                                  double                l1);
double          nl_trainer_get_l2                (NlTrainer            *self);
void            nl_trainer_set_l2                (NlTrainer            *self,
                                                  double                l2);
/* The optimizer's memory for parameter @param, as the next step starts
 * from it: the steps taken (Adam's t), the parameter's velocity (momentum)
 * or m (Adam) in @first, and Adam's v in @second. It is carried from run
 * to run (and a Step Sample), copied with each progress of a run, cleared by
 * a reset, a new architecture and a new optimizer. FALSE, and zeros, when
 * there is none (SGD keeps none). Any out argument may be NULL. */
gboolean        nl_trainer_get_optimizer_state   (NlTrainer            *self,
                                                  gsize                 param,
                                                  guint64              *steps,
                                                  double               *first,
                                                  double               *second);
/* All the settings of the next run as the core takes them: learning rate,
 * loss, shuffle (and its seed, which follows the network's seed and the
 * epochs trained), batch size, optimizer and its coefficients, L1, L2. */
void            nl_trainer_get_options           (NlTrainer            *self,
                                                  NlTrainOptions       *options);

/* The loss of every epoch trained since the last reset, oldest first,
 * bounded: full resolution for the first NL_HISTORY_CAPACITY epochs, then
 * the first, smallest, largest and last loss of buckets of epochs (see
 * nl-history.h). Its epochs are the epoch count. */
const NlHistory *nl_trainer_get_history          (NlTrainer            *self);

/* The test loss, parallel to nl_trainer_get_history() (the same epochs and
 * buckets): NAN where it was not evaluated, or where there was no test set. */
const NlHistory *nl_trainer_get_test_history     (NlTrainer            *self);
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
 * RMSE and R²), and the loss and the test loss history (copied; @history
 * NULL for none, @test_history NULL when there was no test set: all NAN;
 * a longer or finer history than the trainer keeps is compacted). The
 * histories should count @epoch epochs. The figures take
 * the table's task; the confusion matrices start empty. Emits
 * NlTrainer::progress. */
void            nl_trainer_restore               (NlTrainer            *self,
                                                  guint64               epoch,
                                                  const NlEvaluation   *eval,
                                                  const NlEvaluation   *test_eval,
                                                  const NlHistory      *history,
                                                  const NlHistory      *test_history);

/* Finished runs side by side (NlRunRecord), oldest first. A run is the
 * training from one reset to the next: when the network is drawn again
 * (nl_trainer_reset(), a new architecture) after at least one epoch, the
 * run so far is archived here, at most NL_TRAINER_MAX_RUNS of them, and
 * labelled by what differed from the run before. nl_trainer_restore() and
 * undo do not change them. */
GListModel     *nl_trainer_get_runs              (NlTrainer            *self);
void            nl_trainer_remove_run            (NlTrainer            *self,
                                                  guint                 position);

/* The last finished run: its wall time in seconds (training loop only) and
 * the samples it trained per second (epochs * rows / time); 0 before any. */
double          nl_trainer_get_run_seconds       (NlTrainer            *self);
double          nl_trainer_get_samples_per_second (NlTrainer           *self);

G_END_DECLS
