/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-trainer-pace.c: the pace of a training run; see nl-trainer-pace.h. */
#include "nl-trainer-pace.h"

/* A worker this far behind its schedule starts a new one from now. */
#define PACE_MAX_LAG_USEC (G_USEC_PER_SEC / 10)

void
_nl_trainer_pace_init (NlTrainerPace *pace,
                       guint          epochs_per_second)
{
  *pace = (NlTrainerPace) { 0 };
  g_mutex_init (&pace->mutex);
  g_cond_init (&pace->cond);
  g_atomic_int_set (&pace->pace, (gint) MIN (epochs_per_second, (guint) G_MAXINT));
}

void
_nl_trainer_pace_clear (NlTrainerPace *pace)
{
  g_cond_clear (&pace->cond);
  g_mutex_clear (&pace->mutex);
}

guint
_nl_trainer_pace_get (NlTrainerPace *pace)
{
  return (guint) g_atomic_int_get (&pace->pace);
}

void
_nl_trainer_pace_wake (NlTrainerPace *pace)
{
  g_mutex_lock (&pace->mutex);
  pace->wakes++;
  g_cond_broadcast (&pace->cond);
  g_mutex_unlock (&pace->mutex);
}

void
_nl_trainer_pace_set (NlTrainerPace *pace,
                      guint          epochs_per_second)
{
  g_atomic_int_set (&pace->pace, (gint) MIN (epochs_per_second, (guint) G_MAXINT));
  _nl_trainer_pace_wake (pace);
}

gint64
_nl_trainer_pace_due (NlTrainerPace *pace,
                      guint64        done,
                      gint64         now)
{
  guint per_second = _nl_trainer_pace_get (pace);
  gint64 due;

  if (per_second == 0)
    {
      /* As fast as it goes; a pace set later starts from then. */
      pace->anchor_pace = 0;
      pace->last_due = 0;
      return now;
    }
  if (per_second != pace->anchor_pace)
    {
      pace->anchor_pace = per_second;
      pace->anchor_done = done;
      pace->anchor_time = pace->last_due != 0 ? pace->last_due + G_USEC_PER_SEC / per_second : now;
    }
  due = pace->anchor_time
        + (gint64) ((done - pace->anchor_done) * (guint64) G_USEC_PER_SEC / per_second);
  if (due < now - PACE_MAX_LAG_USEC)
    {
      pace->anchor_done = done;
      pace->anchor_time = due = now;
    }
  return due;
}

gboolean
_nl_trainer_pace_wait (NlTrainerPace *pace,
                       guint64        done,
                       GCancellable  *cancellable)
{
  for (;;)
    {
      guint wakes;
      gint64 now, due;

      /* A wake from here on (a new pace, a cancel) ends the wait below. */
      g_mutex_lock (&pace->mutex);
      wakes = pace->wakes;
      g_mutex_unlock (&pace->mutex);
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      now = g_get_monotonic_time ();
      due = _nl_trainer_pace_due (pace, done, now);
      if (due <= now)
        {
          if (pace->anchor_pace != 0)
            pace->last_due = due;
          return TRUE;
        }

      g_mutex_lock (&pace->mutex);
      while (pace->wakes == wakes)
        if (!g_cond_wait_until (&pace->cond, &pace->mutex, due))
          break;
      g_mutex_unlock (&pace->mutex);
    }
}
