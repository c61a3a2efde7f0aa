/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-document.c: NlDocument, the rules of a piece of work: what is
 * modified, what undo takes back, what opening and saving leave. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "nl-csv.h"
#include "nl-document.h"
#include "nl-model-error.h"
#include "nl-row.h"
#include "trainer-history.h"

#define COL_NAME   0
#define COL_WEIGHT 1
#define COL_HEIGHT 2
#define COL_GENDER 3

static const char *
cell (NlDocument *doc,
      guint       row,
      guint       column)
{
  return nl_dataset_model_get_cell_text (nl_document_get_dataset (doc), row, column);
}

static guint
n_rows (NlDocument *doc)
{
  return nl_dataset_model_get_n_rows (nl_document_get_dataset (doc));
}

/* The whole table as one string, to compare states. */
static char *
dup_table (NlDocument *doc)
{
  NlDatasetModel *dataset = nl_document_get_dataset (doc);
  GString *text = g_string_new (NULL);

  for (guint c = 0; c < nl_dataset_model_get_n_columns (dataset); c++)
    g_string_append_printf (text, "%s:%d:%d|", nl_dataset_model_get_column_name (dataset, c),
                            nl_dataset_model_get_column_kind (dataset, c),
                            nl_dataset_model_get_column_is_input (dataset, c));
  for (guint r = 0; r < n_rows (doc); r++)
    {
      g_string_append_c (text, '\n');
      for (guint c = 0; c < nl_dataset_model_get_n_columns (dataset); c++)
        g_string_append_printf (text, "%s;", cell (doc, r, c));
    }
  return g_string_free (text, FALSE);
}

static double *
dup_params (NlDocument *doc,
            guint      *n)
{
  const double *params = nl_network_model_get_params (nl_document_get_network (doc), n);

  return g_memdup2 (params, *n * sizeof (double));
}

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

/* A new document is the tutorial's, unmodified, with nothing to undo; a
 * cell edit modifies it and is undone to exactly the state it had, which
 * is unmodified again; redo makes it again. */
static void
test_cell_undo (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();

  g_assert_false (nl_document_get_modified (doc));
  g_assert_false (nl_document_get_can_undo (doc));
  g_assert_cmpstr (nl_document_get_title (doc), ==, "Untitled");

  set_cell (doc, 0, COL_HEIGHT, "66");
  g_assert_true (nl_document_get_modified (doc));
  g_assert_true (nl_document_get_can_undo (doc));
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Edit Height (in)");

  g_assert_true (nl_document_undo (doc));
  g_assert_cmpstr (cell (doc, 0, COL_HEIGHT), ==, "65");
  g_assert_false (nl_document_get_modified (doc));
  g_assert_false (nl_document_get_can_undo (doc));
  g_assert_true (nl_document_get_can_redo (doc));
  g_assert_cmpstr (nl_document_get_redo_label (doc), ==, "Edit Height (in)");

  g_assert_true (nl_document_redo (doc));
  g_assert_cmpstr (cell (doc, 0, COL_HEIGHT), ==, "66");
  g_assert_true (nl_document_get_modified (doc));

  /* A new edit forgets what could be made again. */
  g_assert_true (nl_document_undo (doc));
  set_cell (doc, 1, COL_WEIGHT, "161");
  g_assert_false (nl_document_get_can_redo (doc));
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* Rows added, removed (several at once, as one step) and pasted come back
 * in their places with their cells. */
static void
test_rows_undo (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlDatasetModel *dataset = nl_document_get_dataset (doc);
  g_autofree char *original = dup_table (doc);
  g_autofree char *after_remove = NULL;
  const guint rows[] = { 2, 0 };
  guint added;

  nl_dataset_model_add_row (dataset);
  g_assert_cmpuint (n_rows (doc), ==, 5);
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Add Row");

  nl_dataset_model_remove_rows (dataset, rows, G_N_ELEMENTS (rows));
  g_assert_cmpuint (n_rows (doc), ==, 3);
  g_assert_cmpstr (cell (doc, 0, COL_NAME), ==, "Bob");
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Remove 2 Rows");
  after_remove = dup_table (doc);

  added = nl_dataset_model_append_text (dataset, "Emily\t128\t63\tFemale\nFrank\t155\t68\tMale\n", NULL);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Paste 2 Rows");

  g_assert_true (nl_document_undo (doc));
  {
    g_autofree char *now = dup_table (doc);

    g_assert_cmpstr (now, ==, after_remove);
  }
  g_assert_true (nl_document_undo (doc));
  g_assert_cmpuint (n_rows (doc), ==, 5);
  g_assert_cmpstr (cell (doc, 0, COL_NAME), ==, "Alice");
  g_assert_cmpstr (cell (doc, 2, COL_NAME), ==, "Charlie");
  g_assert_true (nl_document_undo (doc));
  {
    g_autofree char *now = dup_table (doc);

    g_assert_cmpstr (now, ==, original);
  }
  g_assert_false (nl_document_get_modified (doc));

  /* And all the way forward again. */
  while (nl_document_get_can_redo (doc))
    g_assert_true (nl_document_redo (doc));
  g_assert_cmpuint (n_rows (doc), ==, 5);
  g_assert_cmpstr (cell (doc, 3, COL_NAME), ==, "Emily");
  g_assert_cmpstr (cell (doc, 4, COL_NAME), ==, "Frank");
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* The columns' roles: making the name... no; making Gender an input's
 * neighbour: Height out of the inputs and back. */
static void
test_roles_undo (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlDatasetModel *dataset = nl_document_get_dataset (doc);
  g_autofree char *original = dup_table (doc);

  nl_dataset_model_set_column_is_input (dataset, COL_HEIGHT, FALSE);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (dataset), ==, 1);
  g_assert_cmpuint (nl_network_model_get_n_inputs (nl_document_get_network (doc)), ==, 1);
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Change Columns");

  g_assert_true (nl_document_undo (doc));
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (dataset), ==, 2);
  g_assert_cmpuint (nl_network_model_get_n_inputs (nl_document_get_network (doc)), ==, 2);
  {
    g_autofree char *now = dup_table (doc);

    g_assert_cmpstr (now, ==, original);
  }
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* The task follows the predicted column both ways: the tutorial's Gender
 * label to a Height target and back, then a three-class label to a numeric
 * target and back, each change one step of undo that gives back the
 * classes in their order, the inputs and the network's outputs. */
static void
test_label_target_undo (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlDatasetModel *dataset = nl_document_get_dataset (doc);
  NlNetworkModel *network = nl_document_get_network (doc);
  g_autofree char *original = dup_table (doc);
  g_autoptr (GError) error = NULL;
  const char *csv = "a,species,mass\n1,x,10\n2,y,20\n3,z,35\n4,x,12\n5,y,22\n6,z,33\n";
  NlDataset *three;
  NlError err;
  NlTask task;
  double scale, shift, scale_again, shift_again;

  g_assert_true (nl_dataset_model_set_target_column (dataset, COL_HEIGHT, &error));
  g_assert_no_error (error);
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_REGRESSION);
  g_assert_cmpint (nl_dataset_model_get_column_kind (dataset, COL_HEIGHT), ==, NL_COLUMN_TARGET);
  g_assert_cmpint (nl_dataset_model_get_column_kind (dataset, COL_GENDER), ==, NL_COLUMN_TEXT);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (dataset), ==, 1);
  g_assert_cmpuint (nl_network_model_get_n_inputs (network), ==, 1);
  scale = nl_dataset_model_get_target_scale (dataset, &shift);
  g_assert_cmpfloat (scale, !=, 1.0);
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Change Columns");

  g_assert_true (nl_document_undo (doc));
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_BINARY);
  g_assert_cmpint (nl_dataset_model_get_label_column (dataset), ==, COL_GENDER);
  g_assert_cmpstr (nl_dataset_model_get_class_name (dataset, 0), ==, "Male");
  g_assert_cmpstr (nl_dataset_model_get_class_name (dataset, 1), ==, "Female");
  g_assert_cmpuint (nl_network_model_get_n_inputs (network), ==, 2);
  {
    g_autofree char *now = dup_table (doc);

    g_assert_cmpstr (now, ==, original);
  }

  g_assert_true (nl_document_redo (doc));
  g_assert_cmpint (nl_dataset_model_get_label_column (dataset), ==, COL_HEIGHT);
  g_assert_cmpint (nl_dataset_model_get_column_kind (dataset, COL_HEIGHT), ==, NL_COLUMN_TARGET);
  scale_again = nl_dataset_model_get_target_scale (dataset, &shift_again);
  g_assert_cmpfloat (scale_again, ==, scale);
  g_assert_cmpfloat (shift_again, ==, shift);

  /* Three classes, then the mass. */
  nl_error_clear (&err);
  three = nl_csv_read_buffer (csv, strlen (csv), &err);
  g_assert_nonnull (three);
  nl_dataset_model_set_dataset (dataset, three);
  g_assert_true (nl_dataset_model_set_label_column (dataset, 1, &error));
  g_assert_no_error (error);
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_MULTICLASS);
  g_assert_cmpuint (nl_network_model_get_n_outputs (network), ==, 3);
  g_assert_true (nl_dataset_model_set_target_column (dataset, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nl_network_model_get_n_outputs (network), ==, 1);
  g_assert_cmpint (nl_dataset_model_get_column_kind (dataset, 1), ==, NL_COLUMN_TEXT);

  g_assert_true (nl_document_undo (doc));
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_MULTICLASS);
  g_assert_cmpuint (task.n_classes, ==, 3);
  g_assert_cmpint (nl_dataset_model_get_label_column (dataset), ==, 1);
  g_assert_cmpstr (nl_dataset_model_get_class_name (dataset, 0), ==, "x");
  g_assert_cmpstr (nl_dataset_model_get_class_name (dataset, 2), ==, "z");
  g_assert_cmpint (nl_dataset_model_get_column_kind (dataset, 2), !=, NL_COLUMN_TARGET);
  g_assert_cmpuint (nl_network_model_get_n_outputs (network), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&doc));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  nl_trainer_train_finish (NL_TRAINER (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* During a run the table's cells can be undone, not a change of the
 * columns, which would change the network under the run. */
static void
test_roles_wait_for_run (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlDatasetModel *dataset = nl_document_get_dataset (doc);
  NlTrainer *trainer = nl_document_get_trainer (doc);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  nl_dataset_model_set_column_is_input (dataset, COL_HEIGHT, FALSE);
  g_assert_true (nl_document_get_can_undo (doc));
  nl_trainer_set_epochs (trainer, 10000000);
  nl_trainer_train_async (trainer, cancellable, run_done_cb, &done);
  g_assert_true (nl_trainer_get_running (trainer));
  g_assert_false (nl_document_get_can_undo (doc));
  g_assert_false (nl_document_undo (doc));
  set_cell (doc, 0, COL_WEIGHT, "134");
  g_assert_true (nl_document_get_can_undo (doc));
  g_assert_true (nl_document_undo (doc));
  g_assert_false (nl_document_get_can_undo (doc));

  nl_trainer_stop (trainer);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nl_document_get_can_undo (doc));
  g_assert_true (nl_document_undo (doc));
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (dataset), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* A run trains on the table as it was when it began: an edit meanwhile
 * leaves its figures about the table before the edit, until a step. */
static void
test_edit_during_run (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlTrainer *trainer = nl_document_get_trainer (doc);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE;

  nl_trainer_set_epochs (trainer, 10000000);
  nl_trainer_train_async (trainer, cancellable, run_done_cb, &done);
  /* Some figures of the run first. */
  while (nl_trainer_get_epoch (trainer) == 0)
    g_main_context_iteration (NULL, TRUE);
  set_cell (doc, 0, COL_WEIGHT, "134");
  g_assert_true (nl_document_get_table_changed (doc));
  /* Posts of the run in progress are still about the table before. */
  for (guint64 seen = nl_trainer_get_epoch (trainer); nl_trainer_get_epoch (trainer) == seen;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nl_document_get_table_changed (doc));

  nl_trainer_stop (trainer);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nl_document_get_table_changed (doc));

  g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_no_error (error);
  g_assert_false (nl_document_get_table_changed (doc));
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* At least a hundred steps back, each exact. */
static void
test_many_steps (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autofree char *original = dup_table (doc);
  guint undone = 0;

  for (guint i = 0; i < 150; i++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", 100 + i);
      set_cell (doc, i % 4, COL_WEIGHT, text);
    }
  while (nl_document_get_can_undo (doc))
    {
      g_assert_true (nl_document_undo (doc));
      undone++;
    }
  g_assert_cmpuint (undone, ==, 150);
  {
    g_autofree char *now = dup_table (doc);

    g_assert_cmpstr (now, ==, original);
  }
  g_assert_false (nl_document_get_modified (doc));
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* Undo after training puts the table back, not the weights; the figures
 * of the last training say they are from before a change of the table. */
static void
test_undo_after_training (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlTrainer *trainer = nl_document_get_trainer (doc);
  g_autoptr (GError) error = NULL;
  g_autofree double *trained = NULL;
  g_autofree double *now = NULL;
  guint n, m;

  g_assert_false (nl_document_get_table_changed (doc));
  set_cell (doc, 0, COL_HEIGHT, "66");
  g_assert_false (nl_document_get_table_changed (doc));
  for (guint i = 0; i < 10; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_no_error (error);
  trained = dup_params (doc, &n);
  g_assert_false (nl_document_get_table_changed (doc));

  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Edit Height (in)");
  g_assert_true (nl_document_undo (doc));
  g_assert_cmpstr (cell (doc, 0, COL_HEIGHT), ==, "65");
  now = dup_params (doc, &m);
  g_assert_cmpuint (n, ==, m);
  g_assert_cmpmem (now, m * sizeof (double), trained, n * sizeof (double));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 10);
  /* Training cannot be undone, so the work stays modified. */
  g_assert_true (nl_document_get_modified (doc));
  g_assert_true (nl_document_get_table_changed (doc));

  g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_false (nl_document_get_table_changed (doc));
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* A weight set by hand, and again within a second (a drag): one step. */
static void
test_param_undo (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autofree double *before = NULL;
  guint n;

  before = dup_params (doc, &n);
  g_assert_true (nl_document_set_param (doc, 0, 2.5));
  g_assert_true (nl_document_set_param (doc, 0, 3.0));
  g_assert_cmpfloat (nl_network_model_get_params (nl_document_get_network (doc), &n)[0], ==, 3.0);
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Edit w1");
  g_assert_true (nl_document_get_modified (doc));

  g_assert_true (nl_document_undo (doc));
  g_assert_cmpfloat (nl_network_model_get_params (nl_document_get_network (doc), &n)[0], ==, before[0]);
  g_assert_false (nl_document_get_can_undo (doc));
  g_assert_false (nl_document_get_modified (doc));
  g_assert_true (nl_document_redo (doc));
  g_assert_cmpfloat (nl_network_model_get_params (nl_document_get_network (doc), &n)[0], ==, 3.0);
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* Reset is undone to the trained weights and the loss history. */
static void
test_reset_undo (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlTrainer *trainer = nl_document_get_trainer (doc);
  g_autoptr (GError) error = NULL;
  g_autofree double *trained = NULL;
  guint n, n_history;

  for (guint i = 0; i < 5; i++)
    g_assert_true (nl_trainer_step (trainer, &error));
  trained = dup_params (doc, &n);

  nl_document_reset (doc);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 0);
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Reset");

  g_assert_true (nl_document_undo (doc));
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 5);
  trainer_history (trainer, FALSE, &n_history);
  g_assert_cmpuint (n_history, ==, 5);
  g_assert_cmpmem (nl_network_model_get_params (nl_document_get_network (doc), &n), n * sizeof (double),
                   trained, n * sizeof (double));
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* On the tutorial's table the worked example only sets the weights; on a
 * changed one (Alice removed) it says it replaced the table, and undo
 * brings the work back whole. */
static void
test_worked_example (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  NlDatasetModel *dataset = nl_document_get_dataset (doc);
  NlNetworkModel *network = nl_document_get_network (doc);
  g_autoptr (GError) error = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *changed = NULL;
  g_autofree double *before = NULL;
  const double *params;
  guint n;

  g_assert_true (nl_document_worked_example (doc, &replaced, &error));
  g_assert_no_error (error);
  g_assert_null (replaced);
  params = nl_network_model_get_params (network, &n);
  g_assert_cmpuint (n, ==, 9);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpfloat (params[i], ==, 1.0);
  for (guint i = 6; i < 9; i++)
    g_assert_cmpfloat (params[i], ==, 0.0);
  g_assert_true (nl_document_undo (doc));

  /* Alice removed, wider hidden layers. */
  nl_dataset_model_remove_row (dataset, 0);
  g_assert_true (nl_network_model_set_hidden (network, "4, 3", &error));
  changed = dup_table (doc);
  before = dup_params (doc, &n);

  g_assert_true (nl_document_worked_example (doc, &replaced, &error));
  g_assert_nonnull (replaced);
  g_assert_nonnull (strstr (replaced, "your table (3 rows)"));
  g_assert_nonnull (strstr (replaced, "the hidden layers (4, 3)"));
  g_assert_cmpuint (n_rows (doc), ==, 4);
  g_assert_cmpstr (cell (doc, 0, COL_NAME), ==, "Alice");
  g_assert_cmpstr (nl_network_model_get_hidden (network), ==, "2");
  g_assert_cmpstr (nl_document_get_undo_label (doc), ==, "Worked Example");

  g_assert_true (nl_document_undo (doc));
  {
    g_autofree char *now = dup_table (doc);
    guint m;

    g_assert_cmpstr (now, ==, changed);
    g_assert_cmpstr (nl_network_model_get_hidden (network), ==, "4,3");
    params = nl_network_model_get_params (network, &m);
    g_assert_cmpuint (m, ==, n);
    g_assert_cmpmem (params, m * sizeof (double), before, n * sizeof (double));
  }
  g_assert_finalize_object (g_steal_pointer (&doc));
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->ok = nl_document_save_finish (NL_DOCUMENT (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
save (NlDocument *doc,
      GFile      *file)
{
  Result r = { 0 };

  nl_document_save_async (doc, file, saved_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  return r.ok;
}

/* Opening a CSV file is no change: nothing to save, nothing to undo; the
 * work is named after the file. Saving makes the project its file and
 * clears the mark; undoing an edit made after the save goes back to the
 * saved state, unmodified. */
static void
test_open_and_save (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (GFile) csv = data_file ("people.csv");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nl-document-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "people.neuronlab", NULL);
  g_autoptr (GFile) project = g_file_new_for_path (path);
  g_autoptr (NlDocument) other = NULL;

  g_assert_no_error (error);
  set_cell (doc, 0, COL_HEIGHT, "66");
  g_assert_true (nl_document_open_csv (doc, csv, &error));
  g_assert_no_error (error);
  g_assert_false (nl_document_get_modified (doc));
  g_assert_false (nl_document_get_can_undo (doc));
  g_assert_cmpstr (nl_document_get_title (doc), ==, "people");
  g_assert_null (nl_document_get_file (doc));

  set_cell (doc, 0, COL_HEIGHT, "64");
  g_assert_true (nl_document_get_modified (doc));
  g_assert_true (save (doc, project));
  g_assert_false (nl_document_get_modified (doc));
  g_assert_true (g_file_equal (nl_document_get_file (doc), project));
  g_assert_cmpstr (nl_document_get_title (doc), ==, "people.neuronlab");

  set_cell (doc, 0, COL_HEIGHT, "63");
  g_assert_true (nl_document_get_modified (doc));
  g_assert_true (nl_document_undo (doc));
  g_assert_false (nl_document_get_modified (doc));
  /* Before the save: a state the file does not hold. */
  g_assert_true (nl_document_undo (doc));
  g_assert_true (nl_document_get_modified (doc));

  /* A setting is no undo step: the work stays modified. */
  g_assert_true (nl_document_redo (doc));
  g_assert_false (nl_document_get_modified (doc));
  nl_trainer_set_learning_rate (nl_document_get_trainer (doc), 0.5);
  g_assert_true (nl_document_get_modified (doc));

  /* The saved project opens unmodified, as it was saved. */
  other = nl_document_new ();
  g_assert_true (nl_document_open_project (other, project, &error));
  g_assert_no_error (error);
  g_assert_false (nl_document_get_modified (other));
  g_assert_cmpstr (cell (other, 0, COL_HEIGHT), ==, "64");

  g_assert_finalize_object (g_steal_pointer (&other));
  g_assert_finalize_object (g_steal_pointer (&doc));
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Trains @doc for @epochs epochs and waits. */
static void
train_for (NlDocument *doc,
           guint       epochs)
{
  NlTrainer *trainer = nl_document_get_trainer (doc);
  gboolean done = FALSE;

  nl_trainer_set_epochs (trainer, epochs);
  nl_trainer_train_async (trainer, NULL, run_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The network follows the table's task: three classes give three softmax
 * outputs, a number to predict one linear output, undo brings the classes
 * back; a multi-class project saves and reopens with the same network and
 * the same figures. */
static void
test_task_follows_table (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDocument) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nl-document-XXXXXX", &error);
  g_autofree char *csv_path = g_build_filename (dir, "three.csv", NULL);
  g_autofree char *path = g_build_filename (dir, "three.neuronlab", NULL);
  g_autoptr (GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr (GFile) project = g_file_new_for_path (path);
  GString *text = g_string_new ("x,y,size,species\n");
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  const NlNet *net;
  NlEvaluation eval, reopened;
  g_autofree double *params = NULL;
  guint n_params, n_other;
  NlTask task;

  g_assert_no_error (error);
  for (int i = 0; i < 30; i++)
    {
      static const char * const names[] = { "setosa", "versicolor", "virginica" };
      double cx = (i % 3) * 3.0, cy = (i % 3 == 1) ? 3.0 : 0.0;

      g_string_append_printf (text, "%g,%g,%g,%s\n", cx + 0.1 * (i % 7), cy - 0.1 * (i % 5),
                              10.0 + i, names[i % 3]);
    }
  g_assert_true (g_file_set_contents (csv_path, text->str, -1, &error));
  g_string_free (text, TRUE);
  g_assert_true (nl_document_open_csv (doc, csv, &error));
  g_assert_no_error (error);
  dataset = nl_document_get_dataset (doc);
  network = nl_document_get_network (doc);

  g_assert_true (nl_dataset_model_set_label_column (dataset, 3, &error));
  g_assert_no_error (error);
  nl_dataset_model_get_task (dataset, &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_MULTICLASS);
  net = nl_network_model_get_net (network);
  g_assert_cmpuint (nl_net_n_outputs (net), ==, 3);
  g_assert_cmpint (net->activation[net->n_layers - 1], ==, NL_ACTIVATION_SOFTMAX);
  /* Classes take cross-entropy, a number MSE: the task owns the loss. */
  g_assert_cmpint (nl_trainer_get_loss_function (nl_document_get_trainer (doc)), ==, NL_LOSS_BCE);

  /* The size column as the target: one linear output; undo: classes again. */
  g_assert_true (nl_dataset_model_set_target_column (dataset, 2, &error));
  net = nl_network_model_get_net (network);
  g_assert_cmpuint (nl_net_n_outputs (net), ==, 1);
  g_assert_cmpint (net->activation[net->n_layers - 1], ==, NL_ACTIVATION_LINEAR);
  g_assert_cmpint (nl_trainer_get_loss_function (nl_document_get_trainer (doc)), ==, NL_LOSS_MSE);
  /* Cross-entropy chosen by hand for a number: refused, saying why. */
  nl_trainer_set_loss_function (nl_document_get_trainer (doc), NL_LOSS_BCE);
  g_assert_false (nl_trainer_step (nl_document_get_trainer (doc), &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NOT_TRAINABLE);
  g_assert_nonnull (strstr (error->message, "mean squared error"));
  g_clear_error (&error);
  nl_trainer_set_loss_function (nl_document_get_trainer (doc), NL_LOSS_MSE);
  g_assert_true (nl_document_undo (doc));
  net = nl_network_model_get_net (network);
  g_assert_cmpuint (nl_net_n_outputs (net), ==, 3);
  g_assert_cmpint (nl_dataset_model_get_label_column (dataset), ==, 3);

  train_for (doc, 50);
  nl_trainer_get_evaluation (nl_document_get_trainer (doc), &eval, NULL);
  g_assert_cmpfloat (eval.accuracy, >, 0.9);
  params = dup_params (doc, &n_params);
  g_assert_true (save (doc, project));

  other = nl_document_new ();
  g_assert_true (nl_document_open_project (other, project, &error));
  g_assert_no_error (error);
  net = nl_network_model_get_net (nl_document_get_network (other));
  g_assert_cmpuint (nl_net_n_outputs (net), ==, 3);
  {
    g_autofree double *other_params = dup_params (other, &n_other);

    g_assert_cmpmem (other_params, n_other * sizeof (double), params, n_params * sizeof (double));
  }
  g_assert_cmpstr (nl_dataset_model_get_class_name (nl_document_get_dataset (other), 2), ==,
                   "virginica");
  nl_trainer_get_evaluation (nl_document_get_trainer (other), &reopened, NULL);
  g_assert_cmpfloat (reopened.accuracy, ==, eval.accuracy);

  g_assert_finalize_object (g_steal_pointer (&other));

  /* A regression's RMSE and R² reopen with it, for the status line. */
  g_assert_true (nl_dataset_model_set_target_column (dataset, 2, &error));
  nl_trainer_set_learning_rate (nl_document_get_trainer (doc), 0.01);
  train_for (doc, 20);
  nl_trainer_get_evaluation (nl_document_get_trainer (doc), &eval, NULL);
  g_assert_true (isfinite (eval.rmse) && isfinite (eval.r2));
  g_assert_true (save (doc, project));
  other = nl_document_new ();
  g_assert_true (nl_document_open_project (other, project, &error));
  g_assert_no_error (error);
  nl_trainer_get_task (nl_document_get_trainer (other), &task);
  g_assert_cmpint (task.kind, ==, NL_TASK_REGRESSION);
  nl_trainer_get_evaluation (nl_document_get_trainer (other), &reopened, NULL);
  g_assert_cmpfloat (reopened.rmse, ==, eval.rmse);
  g_assert_cmpfloat (reopened.r2, ==, eval.r2);
  g_assert_finalize_object (g_steal_pointer (&other));

  g_assert_finalize_object (g_steal_pointer (&doc));
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_remove (csv_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

typedef struct
{
  guint    done;
  gboolean ok[2];
} Loads;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Loads *loads = user_data;

  loads->ok[loads->done++] = nl_document_open_csv_finish (NL_DOCUMENT (source), result, NULL);
}

/* A CSV file opened while another loads: the document is loading until the
 * second is in, even when the first, cancelled, ends before it; the table
 * can be undone only then. */
static void
test_two_loads (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (GFile) csv = data_file ("people.csv");
  g_autoptr (GCancellable) first = g_cancellable_new ();
  Loads loads = { 0 };

  nl_document_open_csv_async (doc, csv, first, NULL, NULL, NULL, loaded_cb, &loads);
  g_cancellable_cancel (first);
  nl_document_open_csv_async (doc, csv, NULL, NULL, NULL, NULL, loaded_cb, &loads);
  g_assert_true (nl_document_get_loading (doc));
  while (loads.done < 1)
    g_main_context_iteration (NULL, TRUE);
  if (loads.done == 1)
    g_assert_true (nl_document_get_loading (doc));
  g_assert_false (nl_document_get_can_undo (doc));
  while (loads.done < 2)
    g_main_context_iteration (NULL, TRUE);
  /* One was cancelled, whichever ended first. */
  g_assert_cmpint (loads.ok[0] + loads.ok[1], ==, 1);
  g_assert_false (nl_document_get_loading (doc));
  g_assert_cmpstr (nl_document_get_title (doc), ==, "people");
  g_assert_false (nl_document_get_modified (doc));
  set_cell (doc, 0, COL_HEIGHT, "66");
  g_assert_true (nl_document_get_can_undo (doc));
  g_assert_finalize_object (g_steal_pointer (&doc));
}

/* A new document with another's columns has them, and no rows. */
static void
test_new_with_columns (void)
{
  g_autoptr (NlDocument) doc = nl_document_new ();
  g_autoptr (NlDocument) empty = nl_document_new_with_columns_of (doc);
  NlDatasetModel *dataset = nl_document_get_dataset (empty);

  g_assert_cmpuint (n_rows (empty), ==, 0);
  g_assert_cmpuint (nl_dataset_model_get_n_columns (dataset), ==, 4);
  g_assert_cmpstr (nl_dataset_model_get_column_name (dataset, COL_HEIGHT), ==, "Height (in)");
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (dataset), ==, 2);
  g_assert_false (nl_document_get_modified (empty));
  nl_dataset_model_add_row (dataset);
  g_assert_cmpuint (n_rows (empty), ==, 1);
  g_assert_true (nl_document_get_modified (empty));
  g_assert_finalize_object (g_steal_pointer (&empty));
  g_assert_finalize_object (g_steal_pointer (&doc));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/document/cell-undo", test_cell_undo);
  g_test_add_func ("/model/document/rows-undo", test_rows_undo);
  g_test_add_func ("/model/document/roles-undo", test_roles_undo);
  g_test_add_func ("/model/document/label-target-undo", test_label_target_undo);
  g_test_add_func ("/model/document/roles-wait-for-run", test_roles_wait_for_run);
  g_test_add_func ("/model/document/edit-during-run", test_edit_during_run);
  g_test_add_func ("/model/document/many-steps", test_many_steps);
  g_test_add_func ("/model/document/undo-after-training", test_undo_after_training);
  g_test_add_func ("/model/document/param-undo", test_param_undo);
  g_test_add_func ("/model/document/reset-undo", test_reset_undo);
  g_test_add_func ("/model/document/worked-example", test_worked_example);
  g_test_add_func ("/model/document/open-and-save", test_open_and_save);
  g_test_add_func ("/model/document/two-loads", test_two_loads);
  g_test_add_func ("/model/document/new-with-columns", test_new_with_columns);
  g_test_add_func ("/model/document/task-follows-table", test_task_follows_table);

  return g_test_run ();
}
