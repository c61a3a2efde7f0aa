/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-draft.c: drafts of unsaved work (see nl-draft.h).
 *
 * Writing: every "changed" of the document counts; a timer writes
 * NL_DRAFT_QUIET_MSEC after the last count, or NL_DRAFT_MAX_DELAY_MSEC
 * after the first one not yet written, whichever comes first, so that a
 * run that changes the work dozens of times a second still gets a draft
 * every few seconds. The main thread only copies the work
 * (nl_project_io_capture_all(), as a save does); a GTask on the drafts' own
 * low-priority writer thread formats it and replaces the file through
 * nl_file_write_atomic(). Changes made while a
 * draft is written wait for it. Removing (the work saved, the window
 * closed) happens on the main thread after any write under way, so a late
 * write never brings back a draft that was removed.
 *
 * The lock file is separate from the draft because the draft is replaced
 * by a rename: a lock on it would stay with the old file.
 */
#include "nl-draft.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nl-file.h"
#include "nl-model-error.h"
#include "nl-project-io.h"
#include "nl-project.h"

#define DRAFT_SUFFIX ".neuronlab"
#define LOCK_SUFFIX  ".lock"
#define DRAFT_GROUP  "Draft"
#define DAMAGED      "damaged"

struct _NlDraft
{
  GObject     parent_instance;

  char       *id;
  char       *folder;
  int         lock_fd;      /* -1 until the first write, and once removed */

  /* Writing */
  NlDocument *document;
  guint64     changes;      /* "changed" counted */
  guint64     written;      /* the count the draft on disk (or being written) holds */
  gint64      first_change; /* monotonic time of the first change not yet copied; 0 */
  gint64      last_change;
  guint       timer_id;
  gboolean    writing;
  gboolean    removed;
  gboolean    pending;

  /* What the draft holds, as found at start */
  NlProject  *project;
  GError     *error;
  GDateTime  *time;
  GFile      *file;
  char       *name;
  GFile      *work_folder;
  char       *title;
};

G_DEFINE_FINAL_TYPE (NlDraft, nl_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Writes and removals under way, in every draft: see nl_draft_settle(). */
static guint busy;

char *
nl_draft_get_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "neuronlab", "drafts", NULL);
}

static char *
draft_path (NlDraft *self)
{
  g_autofree char *name = g_strconcat (self->id, DRAFT_SUFFIX, NULL);

  return g_build_filename (self->folder, name, NULL);
}

static char *
lock_path (NlDraft *self)
{
  g_autofree char *name = g_strconcat (self->id, LOCK_SUFFIX, NULL);

  return g_build_filename (self->folder, name, NULL);
}

/* Opens and locks @path; -1 when it cannot, or another process holds it. */
static int
take_lock (const char *path)
{
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static void
update_pending (NlDraft *self)
{
  gboolean pending = self->writing
                     || (!self->removed
                         && (self->timer_id != 0
                             || (self->document != NULL
                                 && nl_document_get_modified (self->document)
                                 && self->changes != self->written)));

  if (pending == self->pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* The draft and its lock go, and the lock is let go of. */
static void
delete_files (NlDraft *self)
{
  g_autofree char *path = draft_path (self);
  g_autofree char *lock = lock_path (self);

  g_unlink (path);
  if (self->lock_fd >= 0)
    {
      g_unlink (lock);
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

/* Writing */

typedef struct
{
  NlProject  project;
  char      *header;
  char      *path;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  nl_project_clear (&job->project);
  g_free (job->header);
  g_free (job->path);
  g_free (job);
}

/* The [Draft] group: what the project does not say about the work. */
static char *
format_header (NlDraft *self)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  GFile *file = nl_document_get_file (self->document);
  const char *name = nl_document_get_name (self->document);
  GFile *folder = nl_document_get_folder (self->document);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_key_file_set_integer (keys, DRAFT_GROUP, "version", 1);
  g_key_file_set_int64 (keys, DRAFT_GROUP, "time", g_date_time_to_unix (now));
  if (file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_key_file_set_string (keys, DRAFT_GROUP, "file", uri);
    }
  if (name != NULL)
    g_key_file_set_string (keys, DRAFT_GROUP, "name", name);
  if (folder != NULL)
    {
      g_autofree char *uri = g_file_get_uri (folder);

      g_key_file_set_string (keys, DRAFT_GROUP, "folder", uri);
    }
  return g_key_file_to_data (keys, NULL, NULL);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  size_t header_length = strlen (job->header);
  size_t length;
  NlError err;
  char *text;
  char *whole;

  nl_error_clear (&err);
  text = nl_project_write_buffer (&job->project, &length, &err);
  if (text == NULL)
    {
      g_task_return_new_error (task, NL_MODEL_ERROR, NL_MODEL_ERROR_IO, "%s", err.message);
      return;
    }
  /* The header goes in front, in the same buffer: one file, one rename. */
  whole = realloc (text, header_length + length + 2);
  if (whole == NULL)
    {
      free (text);
      g_task_return_new_error (task, NL_MODEL_ERROR, NL_MODEL_ERROR_NO_MEMORY, "%s",
                               g_strerror (ENOMEM));
      return;
    }
  memmove (whole + header_length + 1, whole, length + 1);
  memcpy (whole, job->header, header_length);
  whole[header_length] = '\n';
  if (nl_file_write_atomic (job->path, whole, header_length + 1 + length, &err) != NL_OK)
    {
      free (whole);
      g_task_return_new_error (task, NL_MODEL_ERROR, NL_MODEL_ERROR_IO, "%s", err.message);
      return;
    }
  free (whole);
  g_task_return_boolean (task, TRUE);
}

/* The writer: one thread of its own, at a lower priority (nice +10) than
 * the window's and the trainer's, so that formatting and flushing a draft
 * takes the processor when they do not need it rather than from them (on a
 * busy machine a draft's 30 ms would otherwise come out of the frames). It
 * takes GTasks from a queue, one at a time, for the life of the process. */
static gpointer
writer_main (gpointer data)
{
  GAsyncQueue *queue = data;

  /* Linux gives each thread its own nice value; elsewhere this fails
   * harmlessly and the writer runs at the usual priority. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("The drafts' writer keeps the usual priority: %s", g_strerror (errno));
  for (;;)
    {
      g_autoptr (GTask) task = g_async_queue_pop (queue);

      write_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
                    g_task_get_cancellable (task));
    }
  return NULL;
}

static GAsyncQueue *
writer_queue (void)
{
  static GAsyncQueue *queue;

  if (g_once_init_enter (&queue))
    {
      GAsyncQueue *q = g_async_queue_new ();

      g_thread_unref (g_thread_new ("nl-draft-writer", writer_main, q));
      g_once_init_leave (&queue, q);
    }
  return queue;
}

static void schedule (NlDraft *self);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (NlDraft) self = user_data;   /* the write's reference, let go here */
  g_autoptr (GError) error = NULL;

  self->writing = FALSE;
  busy--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Nothing the person can do about it here; the next change tries
       * again (a full disk may have room by then). */
      g_debug ("The draft could not be written: %s", error->message);
      self->written = 0;
    }
  else
    g_signal_emit (self, signals[WRITTEN], 0);

  if (self->removed)
    delete_files (self);
  else if (self->document != NULL && !nl_document_get_modified (self->document))
    {
      /* Saved while it was written. */
      g_autofree char *path = draft_path (self);

      g_unlink (path);
    }
  else if (self->changes != self->written)
    schedule (self);
  update_pending (self);
}

static void
write_now (NlDraft *self)
{
  g_autoptr (GTask) task = NULL;
  WriteJob *job;

  if (self->lock_fd < 0)
    {
      g_autofree char *lock = NULL;

      if (g_mkdir_with_parents (self->folder, 0700) != 0)
        {
          g_debug ("No folder for drafts: %s", g_strerror (errno));
          return;
        }
      lock = lock_path (self);
      self->lock_fd = take_lock (lock);
      if (self->lock_fd < 0)
        {
          g_debug ("The draft's lock cannot be taken: %s", g_strerror (errno));
          return;
        }
    }

  job = g_new0 (WriteJob, 1);
  if (!nl_project_io_capture_all (nl_document_get_dataset (self->document),
                                  nl_document_get_network (self->document),
                                  nl_document_get_trainer (self->document),
                                  &job->project))
    {
      write_job_free (job);
      return;
    }
  job->header = format_header (self);
  job->path = draft_path (self);
  self->written = self->changes;
  self->first_change = 0;
  self->writing = TRUE;
  busy++;

  /* The callback's data keeps the draft until the write is done; the task
   * has no source object, so that the writer thread, which lets go of the
   * task after it has returned, never holds the last reference to the
   * draft (which would then be finalised there, its lock kept meanwhile). */
  task = g_task_new (NULL, NULL, written_cb, g_object_ref (self));
  g_task_set_source_tag (task, write_now);
  g_task_set_task_data (task, job, write_job_free);
  g_async_queue_push (writer_queue (), g_steal_pointer (&task));
}

static gboolean
timer_cb (gpointer user_data)
{
  NlDraft *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 due = MIN (self->last_change + NL_DRAFT_QUIET_MSEC * 1000,
                    self->first_change + NL_DRAFT_MAX_DELAY_MSEC * 1000);

  self->timer_id = 0;
  if (now < due)
    {
      self->timer_id = g_timeout_add ((guint) ((due - now + 999) / 1000), timer_cb, self);
      return G_SOURCE_REMOVE;
    }
  write_now (self);
  update_pending (self);
  return G_SOURCE_REMOVE;
}

/* A write goes out in time for the changes not yet written. */
static void
schedule (NlDraft *self)
{
  if (self->removed || self->writing || self->timer_id != 0)
    return;
  if (self->document == NULL || !nl_document_get_modified (self->document)
      || self->changes == self->written)
    return;
  if (self->first_change == 0)
    self->first_change = g_get_monotonic_time ();
  self->timer_id = g_timeout_add (NL_DRAFT_QUIET_MSEC, timer_cb, self);
}

static void
document_changed_cb (NlDraft *self)
{
  gint64 now = g_get_monotonic_time ();

  self->changes++;
  self->last_change = now;
  if (self->first_change == 0 && nl_document_get_modified (self->document))
    self->first_change = now;
  schedule (self);
  update_pending (self);
}

static void
modified_cb (NlDraft *self)
{
  if (nl_document_get_modified (self->document))
    {
      schedule (self);
    }
  else
    {
      /* Saved: nothing to keep. A write under way removes it when done. */
      g_clear_handle_id (&self->timer_id, g_source_remove);
      self->first_change = 0;
      self->written = self->changes;
      if (!self->writing)
        {
          g_autofree char *path = draft_path (self);

          g_unlink (path);
        }
    }
  update_pending (self);
}

static void
watch (NlDraft    *self,
       NlDocument *document)
{
  self->document = g_object_ref (document);
  self->written = self->changes;
  g_signal_connect_swapped (document, "changed", G_CALLBACK (document_changed_cb), self);
  g_signal_connect_swapped (document, "notify::modified", G_CALLBACK (modified_cb), self);
}

static void
unwatch (NlDraft *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
}

/* GObject */

static void
nl_draft_dispose (GObject *object)
{
  NlDraft *self = NL_DRAFT (object);

  unwatch (self);
  G_OBJECT_CLASS (nl_draft_parent_class)->dispose (object);
}

static void
nl_draft_finalize (GObject *object)
{
  NlDraft *self = NL_DRAFT (object);

  /* Not removed: the draft stays for the next start, free to be offered. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  if (self->project != NULL)
    {
      nl_project_clear (self->project);
      g_free (self->project);
    }
  g_clear_error (&self->error);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->work_folder);
  g_free (self->name);
  g_free (self->title);
  g_free (self->id);
  g_free (self->folder);

  G_OBJECT_CLASS (nl_draft_parent_class)->finalize (object);
}

static void
nl_draft_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  NlDraft *self = NL_DRAFT (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_draft_class_init (NlDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nl_draft_dispose;
  object_class->finalize = nl_draft_finalize;
  object_class->get_property = nl_draft_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlDraft::written:
   *
   * A draft is on disk (before it may be removed again, when the work was
   * saved or closed while it was written).
   */
  signals[WRITTEN] =
    g_signal_new ("written", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
nl_draft_init (NlDraft *self)
{
  self->lock_fd = -1;
}

/* Public API */

NlDraft *
nl_draft_new (NlDocument *document)
{
  NlDraft *self;

  g_return_val_if_fail (NL_IS_DOCUMENT (document), NULL);

  self = g_object_new (NL_TYPE_DRAFT, NULL);
  self->id = g_uuid_string_random ();
  self->folder = nl_draft_get_folder ();
  watch (self, document);
  /* Work that is unsaved already (restored, or made before) is kept too. */
  if (nl_document_get_modified (document))
    document_changed_cb (self);
  return self;
}

void
nl_draft_remove (NlDraft *self)
{
  g_return_if_fail (NL_IS_DRAFT (self));

  if (self->removed)
    return;
  self->removed = TRUE;
  unwatch (self);
  if (!self->writing)
    delete_files (self);
  update_pending (self);
}

gboolean
nl_draft_get_pending (NlDraft *self)
{
  g_return_val_if_fail (NL_IS_DRAFT (self), FALSE);
  return self->pending;
}

GFile *
nl_draft_get_path (NlDraft *self)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (NL_IS_DRAFT (self), NULL);
  path = draft_path (self);
  return g_file_new_for_path (path);
}

const GError *
nl_draft_get_error (NlDraft *self)
{
  g_return_val_if_fail (NL_IS_DRAFT (self), NULL);
  return self->error;
}

GDateTime *
nl_draft_get_time (NlDraft *self)
{
  g_return_val_if_fail (NL_IS_DRAFT (self), NULL);
  return self->time;
}

const char *
nl_draft_get_title (NlDraft *self)
{
  g_return_val_if_fail (NL_IS_DRAFT (self), NULL);
  return self->title;
}

GFile *
nl_draft_get_file (NlDraft *self)
{
  g_return_val_if_fail (NL_IS_DRAFT (self), NULL);
  return self->file;
}

gboolean
nl_draft_restore (NlDraft     *self,
                  NlDocument  *document,
                  GError     **error)
{
  g_return_val_if_fail (NL_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (NL_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (self->project != NULL && self->document == NULL && !self->removed, FALSE);

  if (!nl_document_open_draft (document, self->project, self->file, self->name,
                               self->work_folder, error))
    return FALSE;
  nl_project_clear (self->project);
  g_clear_pointer (&self->project, g_free);
  /* The draft on disk is the work as it is now: the next change writes. */
  watch (self, document);
  return TRUE;
}

void
nl_draft_settle (void)
{
  while (busy > 0)
    g_main_context_iteration (NULL, TRUE);
}

/* Finding drafts at start */

/* Reads the [Draft] group in front of @data. */
static gboolean
read_header (NlDraft     *self,
             const char  *data,
             size_t       length,
             GError     **error)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  const char *end = g_strstr_len (data, (gssize) length, "\n[NeuronLab]");
  g_autofree char *file = NULL;
  g_autofree char *folder = NULL;
  gint64 time;

  if (end == NULL || !g_key_file_load_from_data (keys, data, (gsize) (end - data),
                                                 G_KEY_FILE_NONE, NULL)
      || !g_key_file_has_group (keys, DRAFT_GROUP))
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                           _("Line 1: the draft has no [Draft] group before [NeuronLab]"));
      return FALSE;
    }
  time = g_key_file_get_int64 (keys, DRAFT_GROUP, "time", NULL);
  self->time = g_date_time_new_from_unix_local (time);
  file = g_key_file_get_string (keys, DRAFT_GROUP, "file", NULL);
  self->name = g_key_file_get_string (keys, DRAFT_GROUP, "name", NULL);
  folder = g_key_file_get_string (keys, DRAFT_GROUP, "folder", NULL);
  if (file != NULL)
    self->file = g_file_new_for_uri (file);
  if (folder != NULL)
    self->work_folder = g_file_new_for_uri (folder);
  if (self->time == NULL)
    self->time = g_date_time_new_now_local ();
  if (self->file != NULL)
    self->title = g_file_get_basename (self->file);
  else
    self->title = g_strdup (self->name);
  return TRUE;
}

/* Reads the draft at @path whole, as a project file and its header. */
static gboolean
read_draft (NlDraft     *self,
            const char  *path,
            GError     **error)
{
  NlError err;
  char *data = NULL;
  size_t length = 0;
  gboolean ok;

  nl_error_clear (&err);
  if (nl_file_read (path, NL_PROJECT_MAX_FILE_SIZE, &data, &length, &err) != NL_OK)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_IO, err.message);
      return FALSE;
    }
  self->project = g_new0 (NlProject, 1);
  nl_project_init (self->project);
  ok = nl_project_read_buffer (data, length, self->project, &err) == NL_OK;
  if (!ok)
    g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE, err.message);
  else
    ok = read_header (self, data, length, error);
  free (data);
  if (!ok)
    {
      nl_project_clear (self->project);
      g_clear_pointer (&self->project, g_free);
    }
  return ok;
}

/* Moves a draft that cannot be read out of the way, keeping it. */
static void
set_aside (NlDraft *self,
           GError  *error)
{
  g_autofree char *path = draft_path (self);
  g_autofree char *damaged = g_build_filename (self->folder, DAMAGED, NULL);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *to = g_build_filename (damaged, base, NULL);
  g_autofree char *lock = lock_path (self);
  const char *where = to;

  if (g_mkdir_with_parents (damaged, 0700) != 0 || g_rename (path, to) != 0)
    where = path;
  self->error = g_error_new (NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                             /* Translators: the first %s is where the draft now is, the
                              * second what is wrong with it ("Line 12: ..."). */
                             _("Unsaved work kept from an earlier session could not be read, "
                               "so it was set aside in “%s”. %s"),
                             where, error->message);
  /* The lock goes; the draft, wherever it is, stays. */
  g_unlink (lock);
  close (self->lock_fd);
  self->lock_fd = -1;
}

static gint
compare_time (gconstpointer a,
              gconstpointer b)
{
  NlDraft *x = *(NlDraft **) a;
  NlDraft *y = *(NlDraft **) b;

  if (x->time == NULL || y->time == NULL)
    return (x->time == NULL) - (y->time == NULL);
  return g_date_time_compare (x->time, y->time);
}

/* The ids in @folder: what comes before the first '.' of each name
 * (ID.neuronlab, ID.lock, ID.neuronlab.PID-N.tmp). */
static GPtrArray *
list_ids (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return ids;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *dot = strchr (name, '.');
      char *id;

      if (dot == NULL || dot == name)
        continue;
      id = g_strndup (name, (gsize) (dot - name));
      if (g_hash_table_add (seen, id))
        g_ptr_array_add (ids, g_strdup (id));
    }
  return ids;
}

/* Removes what a write killed half-way left: ID.neuronlab.PID-N.tmp. */
static void
remove_temporaries (const char *folder,
                    const char *id)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *prefix = g_strconcat (id, DRAFT_SUFFIX, ".", NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".tmp"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_unlink (path);
      }
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree char *folder = nl_draft_get_folder ();
  g_autoptr (GPtrArray) ids = list_ids (folder);
  g_autoptr (GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ids->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr (NlDraft) draft = g_object_new (NL_TYPE_DRAFT, NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *lock = NULL;

      draft->id = g_strdup (g_ptr_array_index (ids, i));
      draft->folder = g_strdup (folder);
      lock = lock_path (draft);
      /* A window that lives holds its lock: its draft is not for us. */
      draft->lock_fd = take_lock (lock);
      if (draft->lock_fd < 0)
        continue;
      remove_temporaries (folder, draft->id);
      path = draft_path (draft);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          /* A window that ended with nothing unsaved, or whose draft was
           * removed as we looked. */
          delete_files (draft);
          continue;
        }
      if (!read_draft (draft, path, &error))
        set_aside (draft, error);
      g_ptr_array_add (drafts, g_steal_pointer (&draft));
    }
  g_ptr_array_sort (drafts, compare_time);
  g_task_return_pointer (task, g_steal_pointer (&drafts), (GDestroyNotify) g_ptr_array_unref);
}

void
nl_draft_find_orphans_async (GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, nl_draft_find_orphans_async);
  g_task_run_in_thread (task, find_thread);
}

GPtrArray *
nl_draft_find_orphans_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
