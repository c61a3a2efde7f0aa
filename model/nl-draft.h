/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-draft.h: drafts of unsaved work, so that a crash or a power cut loses
 * at most the last few seconds.
 *
 * While a window's work has unsaved changes, its NlDraft keeps a copy of it
 * in the person's data folder: g_get_user_data_dir()/neuronlab/drafts/
 * ID.neuronlab, one a window. A change is on disk at most
 * NL_DRAFT_MAX_DELAY_MSEC after it was made (NL_DRAFT_QUIET_MSEC after
 * the last of a burst of edits): the work is copied on the main thread, as
 * a save copies it, and formatted and written atomically on a worker
 * thread, one write at a time. The draft is removed when the work is saved
 * (or undone back to what was saved), and when the window is closed.
 *
 * A draft is a project file (core/nl-project.h) with a [Draft] group in
 * front, which the project reader ignores: the work's file, or its name and
 * folder when it has none, and the time of the copy. One rename replaces
 * the whole, so the two always agree. The writer is a thread of its own
 * at a lower priority than the window's and the trainer's.
 *
 * Whose draft is whose: a window's draft holds an exclusive flock() on
 * ID.lock beside it, from its first write until the window goes. A draft
 * whose lock can be taken belongs to no running window (its process was
 * killed): nl_draft_find_orphans_async() finds those at start, and the
 * window offers them back. One that cannot be read is moved to the
 * "damaged" folder beside the drafts, never deleted.
 */
#pragma once

#include <gio/gio.h>

#include "nl-document.h"

G_BEGIN_DECLS

/* A draft is written this long after the last change of a burst ... */
#define NL_DRAFT_QUIET_MSEC     1000
/* ... and never later than this after the first change not yet written. */
#define NL_DRAFT_MAX_DELAY_MSEC 3000

#define NL_TYPE_DRAFT (nl_draft_get_type ())

G_DECLARE_FINAL_TYPE (NlDraft, nl_draft, NL, DRAFT, GObject)

/* The folder of the drafts (newly allocated). */
char       *nl_draft_get_folder           (void);

/* Keeps drafts of @document's unsaved changes from now on. */
NlDraft    *nl_draft_new                  (NlDocument          *document);
/* The work was closed on purpose (saved, or its changes discarded): the
 * draft is removed, now or as soon as a write under way ends, and no more
 * are written. Dropping the last reference without this keeps the draft
 * for the next start, as a crash would. */
void        nl_draft_remove               (NlDraft             *self);
/* Whether a change of the work is not yet on disk, or a draft is being
 * written or removed ("pending" notifies). */
gboolean    nl_draft_get_pending          (NlDraft             *self);
/* The draft's file, whether it exists or not (newly created). "written"
 * is emitted each time a draft is on disk. */
GFile      *nl_draft_get_path             (NlDraft             *self);

/* Drafts of windows whose process ended without closing them, oldest
 * first, each locked for this process until it is restored, removed or
 * dropped. Read and checked on a worker thread: one that cannot be read is
 * moved to the "damaged" folder and comes with nl_draft_get_error(). */
void        nl_draft_find_orphans_async   (GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* A GPtrArray of NlDraft (transfer full). */
GPtrArray  *nl_draft_find_orphans_finish  (GAsyncResult        *result,
                                           GError             **error);
/* Why a draft found at start could not be read, naming its line and where
 * it was moved; NULL for one that can be restored. */
const GError *nl_draft_get_error          (NlDraft             *self);
/* When the work was copied (local time). */
GDateTime  *nl_draft_get_time             (NlDraft             *self);
/* What the work was called: its file's name ("people.neuronlab"), else its
 * name ("people" for a table from people.csv), NULL when untitled. */
const char *nl_draft_get_title            (NlDraft             *self);
/* The work's file, NULL when it had none. */
GFile      *nl_draft_get_file             (NlDraft             *self);
/* Puts the drafted work into @document (see nl_document_open_draft()) and
 * keeps the drafts of its changes from now on, in this same draft. Only
 * once, for a draft from nl_draft_find_orphans_finish() without an error. */
gboolean    nl_draft_restore              (NlDraft             *self,
                                           NlDocument          *document,
                                           GError             **error);

/* Runs the thread-default main context until no draft is being written or
 * removed: for the end of the program, whose worker threads die with it. */
void        nl_draft_settle               (void);

G_END_DECLS
