/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-draft.c: NlDraft, the drafts of unsaved work: what a crash leaves,
 * what the next start finds and restores, what a save or a close removes,
 * and what becomes of a draft that cannot be read. The data folder is a
 * new temporary one (XDG_DATA_HOME), set before GLib first reads it. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "nl-document.h"
#include "nl-draft.h"
#include "nl-model-error.h"

#define COL_WEIGHT 1

static char *data_home;

static void
set_cell (NlDocument *doc,
          guint       row,
          guint       column,
          const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (nl_dataset_model_set_cell (nl_document_get_dataset (doc), row, column, text, &error));
  g_assert_no_error (error);
}

static void
settle (NlDraft *draft)
{
  while (nl_draft_get_pending (draft))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
exists (GFile *file)
{
  return g_file_query_exists (file, NULL);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = nl_draft_find_orphans_finish (result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
find_orphans (void)
{
  GPtrArray *drafts = NULL;

  nl_draft_find_orphans_async (NULL, found_cb, &drafts);
  while (drafts == NULL)
    g_main_context_iteration (NULL, TRUE);
  return drafts;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Result;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  nl_document_save_finish (NL_DOCUMENT (source), result, &r->error);
  r->done = TRUE;
}

static void
save (NlDocument *doc,
      GFile      *file)
{
  Result r = { 0 };

  nl_document_save_async (doc, file, saved_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
}

/* Removes what a test left in the drafts folder. */
static void
clear_drafts (void)
{
  g_autoptr (GPtrArray) drafts = find_orphans ();

  for (guint i = 0; i < drafts->len; i++)
    nl_draft_remove (g_ptr_array_index (drafts, i));
}

/* An edit and some training are on disk once the draft settles; a crash
 * (the draft dropped, not removed) leaves it for the next start, which
 * finds it, untitled, and restores exactly the table, the network and the
 * training, as unsaved work. */
static void
test_crash_and_restore (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDocument) again = nl_document_new ();
  NlTrainer *trainer = nl_document_get_trainer (doc);
  g_autoptr (NlDraft) draft = nl_draft_new (doc);
  g_autoptr (GFile) path = nl_draft_get_path (draft);
  g_autoptr (GPtrArray) drafts = NULL;
  g_autoptr (GError) error = NULL;
  const double *params, *restored;
  guint n, n_restored;
  NlDraft *orphan;

  g_assert_false (exists (path));
  set_cell (doc, 0, COL_WEIGHT, "141");
  nl_trainer_set_learning_rate (trainer, 0.25);
  for (int i = 0; i < 5; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_true (nl_draft_get_pending (draft));
  settle (draft);
  g_assert_true (exists (path));

  /* The process dies: nothing is removed. */
  g_clear_object (&draft);
  g_assert_true (exists (path));

  drafts = find_orphans ();
  g_assert_cmpuint (drafts->len, ==, 1);
  orphan = g_ptr_array_index (drafts, 0);
  g_assert_null (nl_draft_get_error (orphan));
  g_assert_null (nl_draft_get_title (orphan));
  g_assert_null (nl_draft_get_file (orphan));
  g_assert_nonnull (nl_draft_get_time (orphan));

  g_assert_true (nl_draft_restore (orphan, again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_document_get_dataset (again), 0, COL_WEIGHT),
                   ==, "141");
  g_assert_cmpuint (nl_trainer_get_epoch (nl_document_get_trainer (again)), ==, 5);
  g_assert_cmpfloat (nl_trainer_get_learning_rate (nl_document_get_trainer (again)), ==, 0.25);
  params = nl_network_model_get_params (nl_document_get_network (doc), &n);
  restored = nl_network_model_get_params (nl_document_get_network (again), &n_restored);
  g_assert_cmpuint (n, ==, n_restored);
  g_assert_cmpmem (params, n * sizeof (double), restored, n_restored * sizeof (double));
  g_assert_true (nl_document_get_modified (again));
  g_assert_null (nl_document_get_file (again));

  /* The restored work keeps the same draft: a second crash loses nothing. */
  set_cell (again, 1, COL_WEIGHT, "99");
  settle (orphan);
  g_ptr_array_set_size (drafts, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = find_orphans ();
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_true (nl_draft_restore (g_ptr_array_index (drafts, 0), doc, &error));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_document_get_dataset (doc), 1, COL_WEIGHT),
                   ==, "99");
  nl_draft_remove (g_ptr_array_index (drafts, 0));
  g_assert_false (exists (path));
}

/* A draft whose window lives (its lock held) is not offered, even to the
 * same process. */
static void
test_live_not_offered (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDraft) draft = nl_draft_new (doc);
  g_autoptr (GFile) path = nl_draft_get_path (draft);
  g_autoptr (GPtrArray) drafts = NULL;

  set_cell (doc, 0, COL_WEIGHT, "150");
  settle (draft);
  g_assert_true (exists (path));
  drafts = find_orphans ();
  g_assert_cmpuint (drafts->len, ==, 0);
  g_assert_true (exists (path));

  /* Closed on purpose: nothing stays. */
  nl_draft_remove (draft);
  settle (draft);
  g_assert_false (exists (path));
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = find_orphans ();
  g_assert_cmpuint (drafts->len, ==, 0);
}

/* Saving removes the draft; a change after it writes one again that
 * remembers the file, and a restore gives the work that file's name,
 * leaving the file itself as it was saved. Undo back to the saved state
 * removes the draft too. */
static void
test_saved_file (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDocument) again = nl_document_new ();
  g_autoptr (NlDraft) draft = nl_draft_new (doc);
  g_autoptr (GFile) path = nl_draft_get_path (draft);
  g_autofree char *project_path = g_build_filename (data_home, "people.neuronlab", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (project_path);
  g_autofree char *saved = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GPtrArray) drafts = NULL;
  g_autoptr (GError) error = NULL;
  NlDraft *orphan;

  set_cell (doc, 0, COL_WEIGHT, "150");
  settle (draft);
  g_assert_true (exists (path));
  save (doc, file);
  settle (draft);
  g_assert_false (nl_document_get_modified (doc));
  g_assert_false (exists (path));
  g_assert_true (g_file_get_contents (project_path, &saved, NULL, NULL));

  set_cell (doc, 0, COL_WEIGHT, "151");
  settle (draft);
  g_assert_true (exists (path));
  g_assert_true (nl_document_undo (doc));
  settle (draft);
  g_assert_false (exists (path));
  g_assert_true (nl_document_redo (doc));
  settle (draft);
  g_assert_true (exists (path));

  g_clear_object (&draft);
  drafts = find_orphans ();
  g_assert_cmpuint (drafts->len, ==, 1);
  orphan = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (nl_draft_get_title (orphan), ==, "people.neuronlab");
  g_assert_true (g_file_equal (nl_draft_get_file (orphan), file));
  g_assert_true (nl_draft_restore (orphan, again, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_equal (nl_document_get_file (again), file));
  g_assert_cmpstr (nl_document_get_title (again), ==, "people.neuronlab");
  g_assert_true (nl_document_get_modified (again));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_document_get_dataset (again), 0, COL_WEIGHT),
                   ==, "151");
  g_assert_true (g_file_get_contents (project_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, saved);
  nl_draft_remove (orphan);
  g_unlink (project_path);
}

/* Changes that never pause (a run posting progress) still reach the disk:
 * the draft does not wait for a quiet moment for ever. */
static void
test_continuous_changes (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDraft) draft = nl_draft_new (doc);
  g_autoptr (GFile) path = nl_draft_get_path (draft);
  guint changes = 0;

  /* A change every 50 ms, well within the quiet time: a draft waiting for
   * quiet would never come. */
  while (!exists (path) && changes < 400)
    {
      gint64 until = g_get_monotonic_time () + 50 * 1000;

      nl_document_set_param (doc, 0, 0.001 * ++changes);
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (exists (path));
  nl_draft_remove (draft);
  settle (draft);
}

/* A draft that cannot be read is reported by its line, moved to the
 * "damaged" folder, not deleted, and the others are still found. */
static void
test_damaged (void)
{
  g_autofree char *folder = nl_draft_get_folder ();
  g_autofree char *bad = g_build_filename (folder, "bad.neuronlab", NULL);
  g_autofree char *moved = g_build_filename (folder, "damaged", "bad.neuronlab", NULL);
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDraft) draft = nl_draft_new (doc);
  g_autoptr (GPtrArray) drafts = NULL;
  g_autoptr (GError) error = NULL;
  const GError *reason;
  guint n_damaged = 0, n_good = 0;

  set_cell (doc, 0, COL_WEIGHT, "150");
  settle (draft);
  g_clear_object (&draft);

  g_assert_true (g_file_set_contents (bad,
                                      "[Draft]\nversion=1\ntime=0\n\n"
                                      "[NeuronLab]\nversion=1\n\n[Table]\ncolumns=four\n",
                                      -1, &error));
  drafts = find_orphans ();
  g_assert_cmpuint (drafts->len, ==, 2);
  for (guint i = 0; i < drafts->len; i++)
    {
      reason = nl_draft_get_error (g_ptr_array_index (drafts, i));
      if (reason == NULL)
        {
          n_good++;
          continue;
        }
      n_damaged++;
      g_assert_error (reason, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
      g_assert_nonnull (strstr (reason->message, "Line 9"));
      g_assert_nonnull (strstr (reason->message, moved));
    }
  g_assert_cmpuint (n_good, ==, 1);
  g_assert_cmpuint (n_damaged, ==, 1);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (moved, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&drafts, g_ptr_array_unref);
  clear_drafts ();
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

/* A draft is a project: the ways to learn, the optimizer's memory and the
 * finished runs come back from it as they were. */
static void
test_ways_to_learn (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDocument) again = nl_document_new ();
  NlTrainer *trainer = nl_document_get_trainer (doc);
  NlTrainer *restored = nl_document_get_trainer (again);
  g_autoptr (NlDraft) draft = nl_draft_new (doc);
  g_autoptr (GPtrArray) drafts = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NlRunRecord) run = NULL;
  guint64 steps, steps_again;
  double m, v, m_again, v_again;

  nl_trainer_set_optimizer (trainer, NL_OPTIMIZER_ADAM);
  nl_trainer_set_batch_size (trainer, 2);
  nl_trainer_set_l2 (trainer, 0.01);
  for (int i = 0; i < 3; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  nl_document_reset (doc);
  for (int i = 0; i < 2; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  settle (draft);
  g_clear_object (&draft);

  drafts = find_orphans ();
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_true (nl_draft_restore (g_ptr_array_index (drafts, 0), again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nl_trainer_get_optimizer (restored), ==, NL_OPTIMIZER_ADAM);
  g_assert_cmpuint (nl_trainer_get_batch_size (restored), ==, 2);
  g_assert_cmpfloat (nl_trainer_get_l2 (restored), ==, 0.01);
  g_assert_true (nl_trainer_get_optimizer_state (trainer, 3, &steps, &m, &v));
  g_assert_true (nl_trainer_get_optimizer_state (restored, 3, &steps_again, &m_again, &v_again));
  g_assert_cmpuint (steps, ==, steps_again);
  g_assert_cmpfloat (m, ==, m_again);
  g_assert_cmpfloat (v, ==, v_again);
  g_assert_cmpuint (g_list_model_get_n_items (nl_trainer_get_runs (restored)), ==, 1);
  run = g_list_model_get_item (nl_trainer_get_runs (restored), 0);
  g_assert_cmpstr (nl_run_record_get_label (run), ==, "Adam, lr 0.1");
  g_assert_cmpuint (nl_run_record_get_epochs (run), ==, 3);
  g_assert_cmpuint (nl_history_epochs (nl_run_record_get_history (run)), ==, 3);
  nl_draft_remove (g_ptr_array_index (drafts, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  data_home = g_dir_make_tmp ("neuronlab-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/draft/crash-and-restore", test_crash_and_restore);
  g_test_add_func ("/model/draft/live-not-offered", test_live_not_offered);
  g_test_add_func ("/model/draft/saved-file", test_saved_file);
  g_test_add_func ("/model/draft/continuous-changes", test_continuous_changes);
  g_test_add_func ("/model/draft/damaged", test_damaged);
  g_test_add_func ("/model/draft/ways-to-learn", test_ways_to_learn);
  status = g_test_run ();
  remove_tree (data_home);
  g_free (data_home);
  return status;
}
