/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer-pace.h: the pace of a training run, for the trainer's worker
 * (private to nl-trainer.c).
 *
 * A pace is a number of epochs a second; 0 is as fast as the worker can go.
 * The main thread may change it at any time during a run; the worker reads
 * it before every epoch of a paced run (and every millisecond or so of a
 * fast one) and waits on a GCond until the next epoch is due, so that a new
 * pace, or a cancel, wakes it at once instead of after a long sleep.
 *
 * The schedule is counted from an anchor (a time and the epochs done then),
 * so that it does not drift: at 100 epochs a second, epoch k + 1 is due
 * k / 100 s after the anchor. A new pace sets a new anchor one new interval
 * after the last epoch began, so that speeding up takes effect at once and
 * slowing down does not stall. A worker that falls behind by more than
 * PACE_MAX_LAG (a slow epoch, a busy machine) takes the present as its new
 * anchor rather than rush through the epochs it missed.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  /* Shared: "pace" is read without the lock, "wakes" under it. */
  gint     pace;
  GMutex   mutex;
  GCond    cond;
  guint    wakes;

  /* The worker's own. */
  guint    anchor_pace;     /* the pace the anchor was set for; 0 none */
  guint64  anchor_done;
  gint64   anchor_time;
  gint64   last_due;        /* when the last paced epoch was due; 0 none */
} NlTrainerPace;

void     _nl_trainer_pace_init  (NlTrainerPace *pace,
                                 guint          epochs_per_second);
void     _nl_trainer_pace_clear (NlTrainerPace *pace);

/* Any thread. */
guint    _nl_trainer_pace_get   (NlTrainerPace *pace);
void     _nl_trainer_pace_set   (NlTrainerPace *pace,
                                 guint          epochs_per_second);
/* Wakes a waiting worker, e.g. on cancel. */
void     _nl_trainer_pace_wake  (NlTrainerPace *pace);

/* Worker: when the epoch after @done epochs is due (monotonic time), given
 * the pace now; @now when the pace is 0 or the epoch is overdue. */
gint64   _nl_trainer_pace_due   (NlTrainerPace *pace,
                                 guint64        done,
                                 gint64         now);
/* Worker: waits until the epoch after @done is due. Returns TRUE when it is
 * due (or the pace went to 0), FALSE when @cancellable was cancelled. */
gboolean _nl_trainer_pace_wait  (NlTrainerPace *pace,
                                 guint64        done,
                                 GCancellable  *cancellable);

G_END_DECLS
