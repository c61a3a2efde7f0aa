/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-progress.c: progress reports from a worker thread to the main context,
 * coalesced, shared by the model's asynchronous operations (loading a CSV
 * table, saving a project).
 *
 * The worker stores its latest fraction and queues a dispatch only when none
 * is pending and the last was long enough ago, so a fast worker cannot flood
 * the main loop; the dispatch reads the latest fraction, so nothing is
 * reported late. The record is shared between the threads: the fields both
 * touch are atomics, the others belong to one side. */
#include "nl-model-private.h"

/* The shortest interval between two reports. */
#define REPORT_INTERVAL (G_USEC_PER_SEC / 30)

struct _NlProgress
{
  GMainContext       *context;
  gboolean            has_func;      /* immutable */
  gint                pending;       /* atomic: a dispatch is queued */
  gint                latest_ppm;    /* atomic: latest fraction, in millionths */
  gint64              last_post;     /* worker only */

  /* The caller's context only. */
  NlLoadProgressFunc  func;
  gpointer            data;
  GDestroyNotify      destroy;
  double              last_reported;
  gboolean            finished;
};

NlProgress *
_nl_progress_new (NlLoadProgressFunc func,
                  gpointer           data,
                  GDestroyNotify     destroy)
{
  NlProgress *progress = g_atomic_rc_box_new0 (NlProgress);

  progress->context = g_main_context_ref_thread_default ();
  progress->has_func = func != NULL;
  progress->func = func;
  progress->data = data;
  progress->destroy = destroy;
  progress->last_reported = -1.0;
  return progress;
}

static void
progress_clear (gpointer data)
{
  NlProgress *progress = data;

  /* The last reference may go on the worker thread: the caller's data went
   * in _nl_progress_finish(), on its own context. */
  g_main_context_unref (progress->context);
}

void
_nl_progress_unref (NlProgress *progress)
{
  g_atomic_rc_box_release_full (progress, progress_clear);
}

static gboolean
dispatch_cb (gpointer user_data)
{
  NlProgress *progress = user_data;
  double fraction;

  g_atomic_int_set (&progress->pending, 0);
  fraction = g_atomic_int_get (&progress->latest_ppm) / 1e6;
  /* A report queued before the work ended is stale. */
  if (!progress->finished && progress->func != NULL && fraction > progress->last_reported)
    {
      progress->last_reported = fraction;
      progress->func (fraction, progress->data);
    }
  return G_SOURCE_REMOVE;
}

void
_nl_progress_post (NlProgress *progress,
                   double      fraction,
                   gboolean    force)
{
  gint64 now;

  if (!progress->has_func)
    return;
  g_atomic_int_set (&progress->latest_ppm, (gint) (CLAMP (fraction, 0.0, 0.99) * 1e6));
  now = g_get_monotonic_time ();
  if (!force && now - progress->last_post < REPORT_INTERVAL)
    return;
  if (g_atomic_int_compare_and_exchange (&progress->pending, 0, 1))
    {
      progress->last_post = now;
      g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT, dispatch_cb,
                                  g_atomic_rc_box_acquire (progress),
                                  (GDestroyNotify) _nl_progress_unref);
    }
}

void
_nl_progress_finish (NlProgress *progress,
                     gboolean    success)
{
  if (success && progress->func != NULL && progress->last_reported < 1.0)
    {
      progress->last_reported = 1.0;
      progress->func (1.0, progress->data);
    }
  progress->finished = TRUE;
  progress->func = NULL;
  if (progress->destroy != NULL)
    g_clear_pointer (&progress->data, progress->destroy);
}
