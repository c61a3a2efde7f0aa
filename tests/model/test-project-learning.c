/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project-learning.c: the ways to learn in project files with the
 * models: a saved and reopened project trains on exactly as one that was
 * never saved (Adam's memory and all); the finished runs come back; a new
 * or opened piece of work replaces the runs, and undo leaves them. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "nl-document.h"
#include "nl-examples.h"
#include "nl-project-io.h"
#include "nl-trainer.h"

typedef struct
{
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
} Models;

static void
models_init (Models *m)
{
  m->dataset = nl_dataset_model_new_tutorial ();
  m->network = nl_network_model_new (2);
  m->trainer = nl_trainer_new (m->network, m->dataset);
}

static void
models_clear (Models *m)
{
  g_assert_finalize_object (m->trainer);
  g_assert_finalize_object (m->network);
  g_assert_finalize_object (m->dataset);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Result;

static void
train_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  nl_trainer_train_finish (NL_TRAINER (object), result, &r->error);
  r->done = TRUE;
}

static void
train_run (NlTrainer *trainer,
           guint      epochs)
{
  Result r = { 0 };

  nl_trainer_set_epochs (trainer, epochs);
  nl_trainer_train_async (trainer, NULL, train_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
}

static GFile *
temp_file (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("neuronlab-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  return g_file_new_for_path (path);
}

static void
remove_file (GFile *file)
{
  g_autoptr(GFile) dir = g_file_get_parent (file);

  g_file_delete (file, NULL, NULL);
  g_file_delete (dir, NULL, NULL);
}

static void
save_and_open (Models *from,
               Models *to,
               GFile  *file)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (nl_project_io_save (from->dataset, from->network, from->trainer, file, &error));
  g_assert_no_error (error);
  g_assert_true (nl_project_io_load (to->dataset, to->network, to->trainer, file, &error));
  g_assert_no_error (error);
}

static void
assert_same_params (Models *a,
                    Models *b)
{
  guint na, nb;
  const double *pa = nl_network_model_get_params (a->network, &na);
  const double *pb = nl_network_model_get_params (b->network, &nb);

  g_assert_cmpmem (pa, na * sizeof (double), pb, nb * sizeof (double));
}

static void
assert_same_state (Models *a,
                   Models *b)
{
  guint n = nl_network_model_get_n_params (a->network);

  for (guint i = 0; i < n; i++)
    {
      guint64 sa, sb;
      double fa, fb, va, vb;

      g_assert_cmpint (nl_trainer_get_optimizer_state (a->trainer, i, &sa, &fa, &va), ==,
                       nl_trainer_get_optimizer_state (b->trainer, i, &sb, &fb, &vb));
      g_assert_cmpuint (sa, ==, sb);
      g_assert_cmpmem (&fa, sizeof fa, &fb, sizeof fb);
      g_assert_cmpmem (&va, sizeof va, &vb, sizeof vb);
    }
}

/* A project saved after some training with Adam, mini-batches and L2, and
 * opened again, gets the settings back and trains on bit for bit as the
 * work that was never saved does: the optimizer's memory (steps, m and v
 * per parameter) is in the file. */
static void
test_continue_adam (void)
{
  g_autoptr(GFile) file = temp_file ("adam.neuronlab");
  Models a, b;

  models_init (&a);
  models_init (&b);
  nl_trainer_set_optimizer (a.trainer, NL_OPTIMIZER_ADAM);
  nl_trainer_set_learning_rate (a.trainer, 0.05);
  nl_trainer_set_batch_size (a.trainer, 3);
  nl_trainer_set_beta1 (a.trainer, 0.8);
  nl_trainer_set_beta2 (a.trainer, 0.99);
  nl_trainer_set_epsilon (a.trainer, 1e-7);
  nl_trainer_set_l2 (a.trainer, 0.01);
  nl_trainer_set_l1 (a.trainer, 0.001);
  nl_trainer_set_momentum (a.trainer, 0.6);
  train_run (a.trainer, 7);

  save_and_open (&a, &b, file);
  g_assert_cmpint (nl_trainer_get_optimizer (b.trainer), ==, NL_OPTIMIZER_ADAM);
  g_assert_cmpuint (nl_trainer_get_batch_size (b.trainer), ==, 3);
  g_assert_cmpfloat (nl_trainer_get_beta1 (b.trainer), ==, 0.8);
  g_assert_cmpfloat (nl_trainer_get_beta2 (b.trainer), ==, 0.99);
  g_assert_cmpfloat (nl_trainer_get_epsilon (b.trainer), ==, 1e-7);
  g_assert_cmpfloat (nl_trainer_get_l1 (b.trainer), ==, 0.001);
  g_assert_cmpfloat (nl_trainer_get_l2 (b.trainer), ==, 0.01);
  g_assert_cmpfloat (nl_trainer_get_momentum (b.trainer), ==, 0.6);
  g_assert_true (nl_trainer_get_optimizer_state (b.trainer, 0, NULL, NULL, NULL));
  assert_same_params (&a, &b);
  assert_same_state (&a, &b);

  train_run (a.trainer, 5);
  train_run (b.trainer, 5);
  g_assert_cmpuint (nl_trainer_get_epoch (b.trainer), ==, 12);
  assert_same_params (&a, &b);
  assert_same_state (&a, &b);

  remove_file (file);
  models_clear (&a);
  models_clear (&b);
}

static NlRunRecord *
run_at (NlTrainer *trainer,
        guint      position)
{
  g_autoptr(NlRunRecord) record = g_list_model_get_item (nl_trainer_get_runs (trainer), position);

  g_assert_nonnull (record);
  return record;
}

static void
assert_same_history (const NlHistory *a,
                     const NlHistory *b)
{
  const NlHistoryBucket *ba, *bb;
  gsize na, nb;

  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  ba = nl_history_buckets (a, &na);
  bb = nl_history_buckets (b, &nb);
  g_assert_cmpuint (nl_history_epochs (a), ==, nl_history_epochs (b));
  g_assert_cmpuint (nl_history_bucket_epochs (a), ==, nl_history_bucket_epochs (b));
  g_assert_cmpmem (ba, na * sizeof *ba, bb, nb * sizeof *bb);
}

/* The finished runs survive a save and an open: their numbers, labels,
 * visibility, settings, figures and histories (a test set's too); the
 * next run after the open is numbered and labelled after them. */
static void
test_runs_reopened (void)
{
  g_autoptr(GFile) file = temp_file ("runs.neuronlab");
  GListModel *runs_a, *runs_b;
  Models a, b;

  models_init (&a);
  models_init (&b);
  runs_a = nl_trainer_get_runs (a.trainer);
  runs_b = nl_trainer_get_runs (b.trainer);
  train_run (a.trainer, 40);
  nl_trainer_reset (a.trainer);
  nl_trainer_set_learning_rate (a.trainer, 0.5);
  nl_trainer_set_test_percent (a.trainer, 25);
  train_run (a.trainer, 6000);
  nl_trainer_reset (a.trainer);
  nl_trainer_set_optimizer (a.trainer, NL_OPTIMIZER_MOMENTUM);
  train_run (a.trainer, 3);
  nl_trainer_reset (a.trainer);
  nl_trainer_remove_run (a.trainer, 0);
  nl_run_record_set_visible (run_at (a.trainer, 0), FALSE);
  /* The work on show is not a finished run. */
  train_run (a.trainer, 2);
  g_assert_cmpuint (g_list_model_get_n_items (runs_a), ==, 2);

  /* The runs of whatever b held before go. */
  train_run (b.trainer, 1);
  nl_trainer_reset (b.trainer);
  save_and_open (&a, &b, file);
  g_assert_cmpuint (g_list_model_get_n_items (runs_b), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      NlRunRecord *ra = run_at (a.trainer, i), *rb = run_at (b.trainer, i);
      const NlTrainOptions *oa = nl_run_record_get_options (ra), *ob = nl_run_record_get_options (rb);
      NlEvaluation ea, eb, ta, tb;
      g_autofree char *da = nl_run_record_describe_settings (ra);
      g_autofree char *db = nl_run_record_describe_settings (rb);

      g_assert_cmpuint (nl_run_record_get_number (ra), ==, nl_run_record_get_number (rb));
      g_assert_cmpstr (nl_run_record_get_label (ra), ==, nl_run_record_get_label (rb));
      g_assert_cmpint (nl_run_record_get_visible (ra), ==, nl_run_record_get_visible (rb));
      g_assert_cmpstr (nl_run_record_get_architecture (ra), ==, nl_run_record_get_architecture (rb));
      g_assert_cmpuint (nl_run_record_get_epochs (ra), ==, nl_run_record_get_epochs (rb));
      g_assert_cmpstr (da, ==, db);
      g_assert_cmpfloat (oa->learning_rate, ==, ob->learning_rate);
      g_assert_cmpint (oa->optimizer, ==, ob->optimizer);
      nl_run_record_get_evaluation (ra, &ea, &ta);
      nl_run_record_get_evaluation (rb, &eb, &tb);
      g_assert_cmpmem (&ea, sizeof ea, &eb, sizeof eb);
      g_assert_cmpmem (&ta, sizeof ta, &tb, sizeof tb);
      assert_same_history (nl_run_record_get_history (ra), nl_run_record_get_history (rb));
      assert_same_history (nl_run_record_get_test_history (ra),
                           nl_run_record_get_test_history (rb));
    }
  g_assert_cmpuint (nl_run_record_get_number (run_at (b.trainer, 0)), ==, 2);
  g_assert_cmpstr (nl_run_record_get_label (run_at (b.trainer, 0)), ==, "lr 0.1 → 0.5");
  g_assert_false (nl_run_record_get_visible (run_at (b.trainer, 0)));
  g_assert_true (nl_run_record_get_visible (run_at (b.trainer, 1)));
  g_assert_cmpstr (nl_run_record_get_label (run_at (b.trainer, 1)), ==, "Momentum");
  /* The long run is in buckets, with its test losses. */
  g_assert_cmpuint (nl_history_bucket_epochs (nl_run_record_get_history (run_at (b.trainer, 0))),
                    >, 1);
  g_assert_nonnull (nl_run_record_get_test_history (run_at (b.trainer, 0)));

  /* The work on show becomes run 4 at the next reset. */
  nl_trainer_reset (b.trainer);
  g_assert_cmpuint (g_list_model_get_n_items (runs_b), ==, 3);
  g_assert_cmpuint (nl_run_record_get_number (run_at (b.trainer, 2)), ==, 4);
  g_assert_cmpuint (nl_run_record_get_epochs (run_at (b.trainer, 2)), ==, 2);
  g_assert_cmpstr (nl_run_record_get_label (run_at (b.trainer, 2)), ==, "same settings");

  remove_file (file);
  models_clear (&a);
  models_clear (&b);
}

/* Runs belong to the work: Reset in a document archives one; undo and redo
 * leave the runs as they are; a new example replaces them (the run on
 * show is not carried over). */
static void
test_document_runs (void)
{
  g_autoptr(NlDocument) doc = nl_document_new ();
  NlTrainer *trainer = nl_document_get_trainer (doc);
  GListModel *runs = nl_trainer_get_runs (trainer);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  nl_document_reset (doc);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  g_assert_true (nl_document_undo (doc));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  g_assert_true (nl_document_redo (doc));
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);

  /* The worked example resets (a run archived), and its undo applies a
   * whole project: the runs stay. */
  for (guint i = 0; i < 2; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_true (nl_document_worked_example (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 2);
  g_assert_true (nl_document_undo (doc));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 2);

  g_assert_true (nl_document_open_example (doc, nl_example_find ("xor"), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 0);
  for (guint i = 0; i < 2; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  nl_document_reset (doc);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  g_assert_cmpuint (nl_run_record_get_number (run_at (trainer, 0)), ==, 1);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  g_assert_true (nl_document_open_project_finish (NL_DOCUMENT (source), result, &r->error));
  r->done = TRUE;
}

/* Runs are saved with the work, so removing or hiding one is a change to
 * save: an opened project with runs is unmodified until then. */
static void
test_runs_modify (void)
{
  g_autoptr(GFile) file = temp_file ("modify.neuronlab");
  g_autoptr(NlDocument) doc = nl_document_new ();
  g_autoptr(GError) error = NULL;
  Result r = { 0 };
  Models a;

  models_init (&a);
  train_run (a.trainer, 5);
  nl_trainer_reset (a.trainer);
  train_run (a.trainer, 5);
  nl_trainer_reset (a.trainer);
  g_assert_true (nl_project_io_save (a.dataset, a.network, a.trainer, file, &error));
  g_assert_no_error (error);

  nl_document_open_project_async (doc, file, NULL, NULL, NULL, NULL, opened_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_cmpuint (g_list_model_get_n_items (nl_trainer_get_runs (nl_document_get_trainer (doc))), ==, 2);
  g_assert_false (nl_document_get_modified (doc));

  nl_run_record_set_visible (run_at (nl_document_get_trainer (doc), 0), FALSE);
  g_assert_true (nl_document_get_modified (doc));

  g_clear_object (&doc);
  doc = nl_document_new ();
  r.done = FALSE;
  nl_document_open_project_async (doc, file, NULL, NULL, NULL, NULL, opened_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (nl_document_get_modified (doc));
  nl_trainer_remove_run (nl_document_get_trainer (doc), 1);
  g_assert_true (nl_document_get_modified (doc));
  models_clear (&a);
}

/* Undoing a Reset brings back the optimizer's memory with the parameters:
 * training on after the undo is training on as if there had been no Reset. */
static void
test_undo_reset (void)
{
  g_autoptr(NlDocument) doc = nl_document_new ();
  g_autoptr(NlDocument) twin = nl_document_new ();
  NlDocument *docs[] = { doc, twin };
  g_autoptr(GError) error = NULL;

  for (guint d = 0; d < 2; d++)
    {
      NlTrainer *trainer = nl_document_get_trainer (docs[d]);

      nl_trainer_set_optimizer (trainer, NL_OPTIMIZER_ADAM);
      nl_trainer_set_batch_size (trainer, 2);
      for (guint i = 0; i < 3; i++)
        g_assert_true (nl_trainer_step (trainer, &error));
    }
  nl_document_reset (doc);
  g_assert_false (nl_trainer_get_optimizer_state (nl_document_get_trainer (doc), 0, NULL, NULL,
                                                  NULL));
  g_assert_true (nl_document_undo (doc));
  for (guint d = 0; d < 2; d++)
    g_assert_true (nl_trainer_step (nl_document_get_trainer (docs[d]), &error));
  {
    Models a = { nl_document_get_dataset (doc), nl_document_get_network (doc),
                 nl_document_get_trainer (doc) };
    Models b = { nl_document_get_dataset (twin), nl_document_get_network (twin),
                 nl_document_get_trainer (twin) };

    assert_same_params (&a, &b);
    assert_same_state (&a, &b);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/project-learning/continue-adam", test_continue_adam);
  g_test_add_func ("/model/project-learning/runs-reopened", test_runs_reopened);
  g_test_add_func ("/model/project-learning/document-runs", test_document_runs);
  g_test_add_func ("/model/project-learning/undo-reset", test_undo_reset);
  g_test_add_func ("/model/project-learning/runs-modify", test_runs_modify);

  return g_test_run ();
}
