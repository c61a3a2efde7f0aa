/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tsan-glib.c: tells ThreadSanitizer about the synchronisation GLib does.
 *
 * Linked into the model tests of a -Db_sanitize=thread build only (see
 * tests/model/meson.build and build-aux/test). The system's GLib is not
 * built with TSan: its GMutex is a futex of its own and its reference
 * counts are its own atomics, none of which TSan sees, so every hand-over
 * between threads through GLib looks like a data race (thousands of
 * reports for a trainer run: the run's data written by the main thread
 * before g_task_run_in_thread() and read by the worker, freed by whichever
 * thread drops the last reference). Suppressing those would suppress the
 * races we want to find in our own code too, so instead this file wraps
 * the GLib calls that order memory between threads and says what they do:
 *
 *  - a mutex is acquired when locked and released when unlocked, and a
 *    condition wait releases and reacquires its mutex;
 *  - whatever is pushed to a GAsyncQueue is released by the pusher and
 *    acquired by the thread that pops it;
 *  - whatever is pushed to a GThreadPool (a GTask run in a thread) is
 *    released by the pusher and acquired by the pool thread before the
 *    pool's function runs;
 *  - a source attached to a main context (an idle, a task's completion)
 *    is released by the attaching thread and acquired before its callback
 *    runs, and so is a function given to g_idle_add*() or
 *    g_main_context_invoke*();
 *  - reference counts (GObject, grefcount) order every ref and unref of
 *    the same object, as an atomic read-modify-write does, so that a
 *    finalize sees what any thread wrote before its unref.
 *
 * The wrappers are the executable's own definitions of the GLib symbols
 * (exported with -rdynamic, so that GIO's calls into GLib come here too);
 * each calls the real function through dlsym (RTLD_NEXT). GLib's calls to
 * itself are not seen, which is fine: the wrappers only need to see the
 * calls that hand our data over.
 */
#include <dlfcn.h>
#include <stdlib.h>

#include <glib-object.h>

void __tsan_acquire (void *addr);
void __tsan_release (void *addr);

/* The real function, of the same type as the wrapper, looked up once.
 * Threads may look it up at the same time: the pointer is read and
 * written atomically (each finds the same function), so that TSan does not
 * take the lookup itself for a race. */
#define REAL(name) \
  static __typeof__ (&name) found_##name; \
  __typeof__ (&name) real_##name = __atomic_load_n (&found_##name, __ATOMIC_ACQUIRE); \
  if (real_##name == NULL) \
    { \
      real_##name = (__typeof__ (&name)) dlsym (RTLD_NEXT, #name); \
      __atomic_store_n (&found_##name, real_##name, __ATOMIC_RELEASE); \
    }

/* Queues: what a thread pushes, the thread that pops it sees (the drafts'
 * writer takes its jobs from a GAsyncQueue). */

void
g_async_queue_push (GAsyncQueue *queue,
                    gpointer     data)
{
  REAL (g_async_queue_push);
  __tsan_release (queue);
  real_g_async_queue_push (queue, data);
}

gpointer
g_async_queue_pop (GAsyncQueue *queue)
{
  gpointer data;

  REAL (g_async_queue_pop);
  data = real_g_async_queue_pop (queue);
  __tsan_acquire (queue);
  return data;
}

/* Mutexes and conditions */

void
g_mutex_lock (GMutex *mutex)
{
  REAL (g_mutex_lock);
  real_g_mutex_lock (mutex);
  __tsan_acquire (mutex);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  gboolean locked;

  REAL (g_mutex_trylock);
  locked = real_g_mutex_trylock (mutex);
  if (locked)
    __tsan_acquire (mutex);
  return locked;
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL (g_mutex_unlock);
  __tsan_release (mutex);
  real_g_mutex_unlock (mutex);
}

void
g_rec_mutex_lock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_lock);
  real_g_rec_mutex_lock (mutex);
  __tsan_acquire (mutex);
}

void
g_rec_mutex_unlock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_unlock);
  __tsan_release (mutex);
  real_g_rec_mutex_unlock (mutex);
}

void
g_cond_wait (GCond  *cond,
             GMutex *mutex)
{
  REAL (g_cond_wait);
  __tsan_release (mutex);
  real_g_cond_wait (cond, mutex);
  __tsan_acquire (mutex);
}

gboolean
g_cond_wait_until (GCond  *cond,
                   GMutex *mutex,
                   gint64  end_time)
{
  gboolean signalled;

  REAL (g_cond_wait_until);
  __tsan_release (mutex);
  signalled = real_g_cond_wait_until (cond, mutex, end_time);
  __tsan_acquire (mutex);
  return signalled;
}

/* Thread pools: what is pushed is handed to a pool thread. */

typedef struct
{
  GFunc    func;
  gpointer user_data;
} PoolFunc;

static void
pool_func_cb (gpointer data,
              gpointer user_data)
{
  PoolFunc *pool = user_data;

  __tsan_acquire (data);
  pool->func (data, pool->user_data);
}

GThreadPool *
g_thread_pool_new_full (GFunc           func,
                        gpointer        user_data,
                        GDestroyNotify  item_free_func,
                        gint            max_threads,
                        gboolean        exclusive,
                        GError        **error)
{
  /* Pools live as long as the program (GTask's does); so does this. */
  PoolFunc *pool = malloc (sizeof *pool);

  REAL (g_thread_pool_new_full);
  pool->func = func;
  pool->user_data = user_data;
  return real_g_thread_pool_new_full (pool_func_cb, pool, item_free_func, max_threads,
                                      exclusive, error);
}

GThreadPool *
g_thread_pool_new (GFunc     func,
                   gpointer  user_data,
                   gint      max_threads,
                   gboolean  exclusive,
                   GError  **error)
{
  return g_thread_pool_new_full (func, user_data, NULL, max_threads, exclusive, error);
}

gboolean
g_thread_pool_push (GThreadPool  *pool,
                    gpointer      data,
                    GError      **error)
{
  REAL (g_thread_pool_push);
  __tsan_release (data);
  return real_g_thread_pool_push (pool, data, error);
}

/* Sources: attached on one thread, dispatched on the context's. */

typedef struct
{
  GSourceFunc     func;
  gpointer        data;
  GDestroyNotify  notify;
  gpointer        token;    /* what was released before it was scheduled */
} Callback;

static gboolean
callback_cb (gpointer user_data)
{
  Callback *callback = user_data;

  __tsan_acquire (callback);
  __tsan_acquire (callback->token);
  return callback->func (callback->data);
}

static void
callback_free (gpointer user_data)
{
  Callback *callback = user_data;

  __tsan_acquire (callback);
  __tsan_acquire (callback->token);
  if (callback->notify != NULL)
    callback->notify (callback->data);
  free (callback);
}

/* @token is released again when the callback is scheduled (a source when
 * it is attached), or NULL for the callback itself. */
static Callback *
callback_new (GSourceFunc     func,
              gpointer        data,
              GDestroyNotify  notify,
              gpointer        token)
{
  Callback *callback = malloc (sizeof *callback);

  callback->func = func;
  callback->data = data;
  callback->notify = notify;
  callback->token = token != NULL ? token : callback;
  __tsan_release (callback);
  return callback;
}

void
g_source_set_callback (GSource        *source,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  Callback *callback;

  REAL (g_source_set_callback);
  if (func == NULL)
    {
      real_g_source_set_callback (source, func, data, notify);
      return;
    }
  /* Released again when attached: the token is the source. */
  callback = callback_new (func, data, notify, source);
  real_g_source_set_callback (source, callback_cb, callback, callback_free);
}

guint
g_source_attach (GSource      *source,
                 GMainContext *context)
{
  REAL (g_source_attach);
  __tsan_release (source);
  return real_g_source_attach (source, context);
}

guint
g_idle_add_full (gint            priority,
                 GSourceFunc     function,
                 gpointer        data,
                 GDestroyNotify  notify)
{
  REAL (g_idle_add_full);
  return real_g_idle_add_full (priority, callback_cb, callback_new (function, data, notify, NULL),
                               callback_free);
}

guint
g_idle_add (GSourceFunc function,
            gpointer    data)
{
  return g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, function, data, NULL);
}

void
g_main_context_invoke_full (GMainContext   *context,
                            gint            priority,
                            GSourceFunc     function,
                            gpointer        data,
                            GDestroyNotify  notify)
{
  REAL (g_main_context_invoke_full);
  real_g_main_context_invoke_full (context, priority, callback_cb,
                                   callback_new (function, data, notify, NULL), callback_free);
}

void
g_main_context_invoke (GMainContext *context,
                       GSourceFunc   function,
                       gpointer      data)
{
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, function, data, NULL);
}

/* Reference counts: every change orders with every other. */

/* In parentheses: GLib's headers make g_object_ref() a macro. */
gpointer
(g_object_ref) (gpointer object)
{
  REAL (g_object_ref);
  __tsan_acquire (object);
  __tsan_release (object);
  return real_g_object_ref (object);
}

void
g_object_unref (gpointer object)
{
  REAL (g_object_unref);
  __tsan_acquire (object);
  __tsan_release (object);
  real_g_object_unref (object);
}

void
g_atomic_ref_count_inc (gatomicrefcount *arc)
{
  REAL (g_atomic_ref_count_inc);
  __tsan_acquire (arc);
  __tsan_release (arc);
  real_g_atomic_ref_count_inc (arc);
}

gboolean
g_atomic_ref_count_dec (gatomicrefcount *arc)
{
  REAL (g_atomic_ref_count_dec);
  __tsan_acquire (arc);
  __tsan_release (arc);
  return real_g_atomic_ref_count_dec (arc);
}
