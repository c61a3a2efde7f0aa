/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset-model.c: NlDatasetModel and NlRow. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "nl-csv.h"
#include "nl-dataset-model.h"
#include "nl-model-error.h"
#include "nl-model-private.h"
#include "nl-row.h"

#define COL_NAME   0
#define COL_WEIGHT 1
#define COL_HEIGHT 2
#define COL_GENDER 3

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->count++;
}

static void
count_rows_cb (GListModel *model,
               guint      *n_rows)
{
  *n_rows = g_list_model_get_n_items (model);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
row_changed_cb (NlRow *row,
                guint  column,
                guint *last_column)
{
  *last_column = column;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_items_changed (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  ItemsChanged record = { 0 };
  NlRow *row2, *removed;
  guint pos;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == NL_TYPE_ROW);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);

  pos = nl_dataset_model_add_row (model);
  g_assert_cmpuint (pos, ==, 4);
  g_assert_cmpuint (record.count, ==, 1);
  g_assert_cmpuint (record.position, ==, 4);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);

  /* The new row copies the last usable row (Diana), so it is usable at once. */
  {
    NlRow *added = g_list_model_get_item (G_LIST_MODEL (model), 4);

    g_assert_true (nl_row_get_usable (added));
    g_assert_null (nl_row_get_problem (added));
    g_assert_cmpstr (nl_row_get_text (added, COL_WEIGHT), ==, "120");
    g_assert_cmpstr (nl_row_get_text (added, COL_GENDER), ==, "Female");
    g_assert_cmpstr (nl_row_get_text (added, COL_NAME), ==, "");
    g_assert_cmpuint (nl_row_get_index (added), ==, 4);
    g_object_unref (added);
  }
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 5);

  row2 = g_list_model_get_item (G_LIST_MODEL (model), 2);
  removed = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (nl_row_get_text (row2, COL_NAME), ==, "Charlie");
  nl_dataset_model_remove_row (model, 1);
  g_assert_cmpuint (record.count, ==, 2);
  g_assert_cmpuint (record.position, ==, 1);
  g_assert_cmpuint (record.removed, ==, 1);
  g_assert_cmpuint (record.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);

  /* Rows after the removed one move up; the removed one forgets the table. */
  g_assert_cmpuint (nl_row_get_index (row2), ==, 1);
  g_assert_cmpstr (nl_row_get_text (row2, COL_NAME), ==, "Charlie");
  g_assert_null (nl_row_get_model (removed));
  g_assert_cmpuint (nl_row_get_index (removed), ==, G_MAXUINT);
  g_assert_cmpstr (nl_row_get_text (removed, COL_NAME), ==, "");
  g_assert_false (nl_row_get_usable (removed));

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 4));

  g_assert_finalize_object (removed);
  g_assert_finalize_object (model);
  /* A row that outlives its model reads as empty. */
  g_assert_null (nl_row_get_model (row2));
  g_assert_cmpstr (nl_row_get_text (row2, COL_WEIGHT), ==, "");
  g_assert_finalize_object (row2);
}

static void
test_set_cell (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  NlRow *row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autoptr(GError) error = NULL;
  guint changed = 0, row_column = G_MAXUINT - 1, notifies = 0;

  g_signal_connect (model, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (row, "changed", G_CALLBACK (row_changed_cb), &row_column);
  g_signal_connect (row, "notify", G_CALLBACK (notify_count_cb), &notifies);

  g_assert_true (nl_dataset_model_set_cell (model, 0, COL_WEIGHT, "140.5", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (row_column, ==, COL_WEIGHT);
  g_assert_cmpstr (nl_row_get_text (row, COL_WEIGHT), ==, "140.5");
  g_assert_cmpfloat (nl_row_get_value (row, COL_WEIGHT), ==, 140.5);
  g_assert_cmpfloat_with_epsilon (nl_row_get_normalized (row, 0), 5.5, 1e-12);
  /* The row stayed usable: no property changed. */
  g_assert_cmpuint (notifies, ==, 0);

  /* The same text again is no change at all. */
  g_assert_true (nl_dataset_model_set_cell (model, 0, COL_WEIGHT, "140.5", &error));
  g_assert_cmpuint (changed, ==, 1);

  /* Through the row, and a text cell takes anything. */
  g_assert_true (nl_row_set_text (row, COL_NAME, "Alicia", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nl_row_get_text (row, COL_NAME), ==, "Alicia");
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (row_column, ==, COL_NAME);

  /* The model caches its rows: it goes first. */
  g_assert_finalize_object (model);
  g_assert_finalize_object (row);
}

/* A value its column cannot read is kept as typed, says what is wrong and
 * where, and keeps its row out of training until it is fixed. */
static void
test_invalid_kept (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  NlRow *row = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (model, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_false (nl_dataset_model_set_cell (model, 2, COL_WEIGHT, "abc", &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, "Row 3, Weight (lb): “abc” is not a number");
  g_clear_error (&error);
  g_assert_cmpstr (nl_row_get_text (row, COL_WEIGHT), ==, "abc");
  g_assert_true (isnan (nl_row_get_value (row, COL_WEIGHT)));
  g_assert_false (nl_row_get_usable (row));
  g_assert_cmpstr (nl_row_get_problem (row), ==, "Weight (lb): “abc” is not a number");
  g_assert_false (nl_row_get_cell_valid (row, COL_WEIGHT));
  g_assert_true (nl_row_get_cell_valid (row, COL_HEIGHT));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 3);
  g_assert_cmpuint (changed, ==, 1);

  /* The same text again changes nothing, and still says what is wrong. */
  g_assert_false (nl_dataset_model_set_cell (model, 2, COL_WEIGHT, "abc", &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 1);

  /* Fixed: usable again. */
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_WEIGHT, "152", &error));
  g_assert_no_error (error);
  g_assert_true (nl_row_get_usable (row));
  g_assert_null (nl_row_get_problem (row));
  g_assert_true (nl_row_get_cell_valid (row, COL_WEIGHT));

  /* Emptied: a value is needed, and the empty cell is kept. */
  g_assert_false (nl_dataset_model_set_cell (model, 2, COL_HEIGHT, "  ", &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Row 3, Height (in)"));
  g_clear_error (&error);
  g_assert_cmpstr (nl_row_get_text (row, COL_HEIGHT), ==, "  ");
  g_assert_false (nl_row_get_usable (row));
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_HEIGHT, "70", &error));

  g_assert_false (nl_dataset_model_set_cell (model, 2, COL_HEIGHT, "70,5", &error));
  g_assert_nonnull (strstr (error->message, "point"));
  g_clear_error (&error);
  g_assert_cmpstr (nl_row_get_text (row, COL_HEIGHT), ==, "70,5");
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_HEIGHT, "70", &error));

  /* Both classes are in use elsewhere, so a third value cannot be a class. */
  g_assert_false (nl_dataset_model_set_cell (model, 2, COL_GENDER, "X", &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Row 3, Gender"));
  g_assert_nonnull (strstr (error->message, "“X”"));
  g_clear_error (&error);
  g_assert_cmpstr (nl_row_get_text (row, COL_GENDER), ==, "X");
  g_assert_false (nl_row_get_usable (row));
  g_assert_cmpstr (nl_dataset_model_get_class_name (model, 0), ==, "Male");
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_GENDER, "Male", &error));
  g_assert_true (nl_row_get_usable (row));

  /* The model caches its rows: it goes first. */
  g_assert_finalize_object (model);
  g_assert_finalize_object (row);
}

/* A number far from the other rows is kept and trained on, with a warning. */
static void
test_warning (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  NlRow *alice = g_list_model_get_item (G_LIST_MODEL (model), 0);
  NlRow *charlie = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_autoptr(GError) error = NULL;
  guint notifies = 0;

  for (guint r = 0; r < 4; r++)
    {
      g_autoptr(NlRow) row = g_list_model_get_item (G_LIST_MODEL (model), r);

      g_assert_null (nl_row_get_warning (row));
    }
  g_signal_connect (charlie, "notify::warning", G_CALLBACK (notify_count_cb), &notifies);

  /* Charlie's 152, with the old value typed after the new one. */
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_WEIGHT, "153152", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notifies, ==, 1);
  g_test_message ("%s", nl_row_get_warning (charlie));
  g_assert_cmpstr (nl_row_get_warning (charlie), ==,
                   "Weight (lb) 153152 is far outside the other rows (120–160)");
  g_assert_false (nl_row_get_cell_plausible (charlie, COL_WEIGHT));
  g_assert_true (nl_row_get_cell_plausible (charlie, COL_HEIGHT));
  /* Still trained on. */
  g_assert_true (nl_row_get_usable (charlie));
  g_assert_null (nl_row_get_problem (charlie));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 4);
  g_assert_true (nl_dataset_model_get_trainable (model));
  /* Alice, not edited, is not suspect. */
  g_assert_null (nl_row_get_warning (alice));

  /* A negative weight among positive ones. */
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_WEIGHT, "-152", &error));
  g_assert_nonnull (nl_row_get_warning (charlie));
  g_assert_nonnull (strstr (nl_row_get_warning (charlie), "-152"));

  /* Fixed: the warning goes. */
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_WEIGHT, "152", &error));
  g_assert_null (nl_row_get_warning (charlie));
  g_assert_cmpuint (notifies, ==, 3);

  /* A slip in one row shows in that row even when another row is edited:
   * Alice's 1330 is judged again when Bob changes. */
  g_assert_true (nl_dataset_model_set_cell (model, 0, COL_WEIGHT, "1330", &error));
  g_assert_nonnull (nl_row_get_warning (alice));
  g_assert_true (nl_dataset_model_set_cell (model, 1, COL_WEIGHT, "1000", &error));
  g_assert_null (nl_row_get_warning (alice));

  g_signal_handlers_disconnect_by_data (charlie, &notifies);
  g_assert_finalize_object (model);
  g_assert_finalize_object (alice);
  g_assert_finalize_object (charlie);
}

static void
test_trainable (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GError) error = NULL;
  guint notifies = 0;

  g_assert_true (nl_dataset_model_get_trainable (model));
  g_assert_null (nl_dataset_model_get_trainable_reason (model));
  g_signal_connect (model, "notify::trainable", G_CALLBACK (notify_count_cb), &notifies);

  /* Everyone female: one class. */
  g_assert_true (nl_dataset_model_set_cell (model, 1, COL_GENDER, "Female", &error));
  g_assert_true (nl_dataset_model_get_trainable (model));
  g_assert_cmpuint (notifies, ==, 0);
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_GENDER, "Female", &error));
  g_assert_no_error (error);
  g_assert_false (nl_dataset_model_get_trainable (model));
  g_assert_cmpuint (notifies, ==, 1);
  g_test_message ("%s", nl_dataset_model_get_trainable_reason (model));
  g_assert_nonnull (strstr (nl_dataset_model_get_trainable_reason (model), "one class"));

  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_GENDER, "Male", &error));
  g_assert_true (nl_dataset_model_get_trainable (model));
  g_assert_null (nl_dataset_model_get_trainable_reason (model));
  g_assert_cmpuint (notifies, ==, 2);

  /* One row left. */
  while (nl_dataset_model_get_n_rows (model) > 1)
    nl_dataset_model_remove_row (model, 0);
  g_assert_false (nl_dataset_model_get_trainable (model));
  g_test_message ("%s", nl_dataset_model_get_trainable_reason (model));
  g_assert_nonnull (strstr (nl_dataset_model_get_trainable_reason (model), "two usable rows"));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 1);

  g_assert_finalize_object (model);
}

static void
test_normalize (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GError) error = NULL;
  const double emily[2] = { 128, 63 };
  double out[2], value = 0;

  g_assert_cmpint (nl_dataset_model_get_normalization (model), ==, NL_NORMALIZE_SHIFT);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 2);
  g_assert_cmpstr (nl_dataset_model_get_input_name (model, 0), ==, "Weight (lb)");
  g_assert_cmpstr (nl_dataset_model_get_input_name (model, 1), ==, "Height (in)");
  g_assert_cmpint (nl_dataset_model_get_label_column (model), ==, COL_GENDER);
  g_assert_cmpstr (nl_dataset_model_get_class_name (model, 1), ==, "Female");
  g_assert_cmpstr (nl_dataset_model_get_class_name (model, 0), ==, "Male");

  nl_dataset_model_normalize_inputs (model, emily, out);
  g_assert_cmpfloat (out[0], ==, -7.0);
  g_assert_cmpfloat (out[1], ==, -3.0);

  /* Edits do not move the tutorial's constants. */
  g_assert_true (nl_dataset_model_set_cell (model, 0, COL_WEIGHT, "200", &error));
  nl_dataset_model_normalize_inputs (model, emily, out);
  g_assert_cmpfloat (out[0], ==, -7.0);

  g_assert_true (nl_dataset_model_parse_input (model, 0, " 128.5 ", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value, ==, 128.5);
  g_assert_false (nl_dataset_model_parse_input (model, 0, "abc", &value, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "Weight (lb): “abc” is not a number");
  g_clear_error (&error);
  g_assert_false (nl_dataset_model_parse_input (model, 1, "", &value, &error));
  g_assert_nonnull (strstr (error->message, "Height (in)"));
  g_clear_error (&error);

  /* Standardised: mean 0 and deviation 1 over the usable rows, recomputed
   * after an edit unless held. */
  nl_dataset_model_set_normalization (model, NL_NORMALIZE_STANDARDIZE);
  {
    g_autoptr(NlMatrix) m = nl_dataset_model_snapshot (model, &error);
    double sum = 0, sq = 0;

    g_assert_no_error (error);
    for (size_t r = 0; r < m->n_rows; r++)
      sum += m->x[r * 2];
    for (size_t r = 0; r < m->n_rows; r++)
      sq += m->x[r * 2] * m->x[r * 2];
    g_assert_cmpfloat_with_epsilon (sum, 0.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (sq / (double) m->n_rows, 1.0, 1e-9);
  }
  nl_dataset_model_normalize_inputs (model, emily, out);
  {
    double before = out[0];

    nl_dataset_model_hold_normalization (model);
    g_assert_true (nl_dataset_model_set_cell (model, 1, COL_WEIGHT, "300", &error));
    nl_dataset_model_normalize_inputs (model, emily, out);
    g_assert_cmpfloat (out[0], ==, before);
    nl_dataset_model_release_normalization (model);
    nl_dataset_model_normalize_inputs (model, emily, out);
    g_assert_cmpfloat (out[0], !=, before);
  }

  /* Back to shifting: the tutorial's constants come back. */
  nl_dataset_model_set_normalization (model, NL_NORMALIZE_SHIFT);
  nl_dataset_model_normalize_inputs (model, emily, out);
  g_assert_cmpfloat (out[0], ==, -7.0);
  g_assert_cmpfloat (out[1], ==, -3.0);

  g_assert_finalize_object (model);
}

static void
test_snapshot (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GError) error = NULL;
  NlMatrix *m = nl_dataset_model_snapshot (model, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  g_assert_cmpuint (m->n_rows, ==, 4);
  g_assert_cmpuint (m->n_inputs, ==, 2);
  /* Alice: shifted (-2, -1), female (1). */
  g_assert_cmpfloat (m->x[0], ==, -2.0);
  g_assert_cmpfloat (m->x[1], ==, -1.0);
  g_assert_cmpfloat (m->y[0], ==, 1.0);
  g_assert_cmpfloat (m->y[1], ==, 0.0);

  /* A deep copy: later edits do not reach it. */
  g_assert_true (nl_dataset_model_set_cell (model, 0, COL_WEIGHT, "100", &error));
  g_assert_cmpfloat (m->x[0], ==, -2.0);

  nl_dataset_model_free_snapshot (m);
  g_assert_finalize_object (model);
}

static void
test_csv (void)
{
  static const char csv[] =
    "Name,Weight (lb),Height (in),Gender\n"
    "Alice,133,65,F\n"
    "Bob,160,72,M\n"
    "Charlie,abc,70,M\n"
    "Diana,120,60,F\n";
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  ItemsChanged record = { 0 };
  guint columns_changed = 0;
  guint rows_when_columns_changed = G_MAXUINT;
  GPtrArray *problems;
  NlRow *charlie;
  int fd;

  fd = g_file_open_tmp ("neuronlab-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  file = g_file_new_for_path (path);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);
  g_signal_connect (model, "columns-changed", G_CALLBACK (count_cb), &columns_changed);
  g_signal_connect (model, "columns-changed", G_CALLBACK (count_rows_cb),
                    &rows_when_columns_changed);
  g_assert_true (nl_dataset_model_load_csv (model, file, NULL, &error));
  g_assert_no_error (error);
  /* The old rows go, the columns change, then the new rows come: a view
   * never binds a row to columns it does not have. */
  g_assert_cmpuint (record.count, ==, 2);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 4);
  g_assert_cmpuint (columns_changed, ==, 1);
  g_assert_cmpuint (rows_when_columns_changed, ==, 0);
  g_assert_cmpint (nl_dataset_model_get_normalization (model), ==, NL_NORMALIZE_STANDARDIZE);

  /* The bad cell is reported and its row kept, but out of training. */
  problems = nl_dataset_model_get_problems (model);
  g_assert_cmpuint (problems->len, >=, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (problems, 0));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0),
                                   "Line 4, column 2 (Weight (lb)): "));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 3);

  charlie = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_false (nl_row_get_usable (charlie));
  g_assert_nonnull (nl_row_get_problem (charlie));
  g_test_message ("%s", nl_row_get_problem (charlie));
  g_assert_true (isnan (nl_row_get_normalized (charlie, 0)));
  g_assert_true (nl_dataset_model_set_cell (model, 2, COL_WEIGHT, "152", &error));
  g_assert_true (nl_row_get_usable (charlie));
  g_assert_null (nl_row_get_problem (charlie));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 4);
  g_assert_false (isnan (nl_row_get_normalized (charlie, 0)));

  /* A missing file fails with GIO's error. */
  {
    g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/neuronlab.csv");

    g_assert_false (nl_dataset_model_load_csv (model, missing, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, 4);
  }

  g_unlink (path);
  g_assert_finalize_object (model);
  g_assert_finalize_object (charlie);
}

static void
notify_n_inputs_cb (NlDatasetModel *model,
                    GParamSpec     *pspec,
                    guint          *n_inputs)
{
  *n_inputs = nl_dataset_model_get_n_inputs (model);
}

static char *
write_temp (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("neuronlab-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* CSV as people have it: what the reader decided is a note, apart from the
 * problems that leave rows out; a line of the wrong length says so in its
 * Status; a column with "NA" can still be the label. */
static void
test_csv_notes (void)
{
  static const char csv[] =
    "Gewicht;Größe;Raucher;Geschlecht\n"
    "133,5;65;yes;F\n"
    "160;72;no;M\n"
    "152;70;NA;M;x\n"      /* line 4: a field too many */
    "120;NA;yes;F\n"       /* line 5: missing height */
    "140;66;no;F\n";
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  GPtrArray *problems, *notes;
  NlRow *row;
  int fd;

  fd = g_file_open_tmp ("neuronlab-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  file = g_file_new_for_path (path);
  g_assert_true (nl_dataset_model_load_csv (model, file, NULL, &error));
  g_assert_no_error (error);

  notes = nl_dataset_model_get_notes (model);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                   "Separated by semicolons, with decimal commas");
  problems = nl_dataset_model_get_problems (model);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "Line 4 has 5 fields"));
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==,
                   "Line 5, column 2 (Größe): the value is missing");

  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 2);
  g_assert_cmpint (nl_dataset_model_get_label_column (model), ==, 3);
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 3);
  row = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_false (nl_row_get_usable (row));
  g_assert_cmpstr (nl_row_get_problem (row), ==, "The file’s line had 5 fields for 4 columns");
  /* Its label cell now fits, but the line stays left out. */
  g_assert_true (nl_dataset_model_set_cell (model, 2, 3, "M", &error));
  g_assert_no_error (error);
  g_assert_false (nl_row_get_usable (row));
  g_object_unref (row);

  /* "NA" is no third class: the smokers can be the label. */
  g_assert_true (nl_dataset_model_get_column_can_be_label (model, 2));
  g_assert_true (nl_dataset_model_set_label_column (model, 2, &error));
  g_assert_no_error (error);

  g_unlink (path);
  g_assert_finalize_object (model);
}

/* What the Columns menu says a column cannot be: names are a different
 * value in every row and no numbers; a measurement with many values cannot
 * be classes; a class column of words cannot be a number to predict; a
 * 0/1 column can be either, and says nothing. */
static void
test_role_notes (void)
{
  g_autoptr(GString) csv = g_string_new ("Name,Size,Kind,Flag\n");
  g_autoptr(NlDatasetModel) model = NULL;
  NlError err;
  g_autofree char *name = NULL, *size = NULL, *kind = NULL, *flag = NULL;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (csv, "P%u,%u,%s,%u\n", i, 100 + i, i % 3 ? "big" : "small", i % 2);
  nl_error_clear (&err);
  model = nl_dataset_model_new_from_dataset (nl_csv_read_buffer (csv->str, csv->len, &err));

  name = nl_dataset_model_dup_column_role_note (model, 0);
  size = nl_dataset_model_dup_column_role_note (model, 1);
  kind = nl_dataset_model_dup_column_role_note (model, 2);
  flag = nl_dataset_model_dup_column_role_note (model, 3);
  g_assert_cmpstr (name, ==, "Label: more than 20 different values · Target: not numbers");
  g_assert_cmpstr (size, ==, "Label: more than 20 different values");
  g_assert_cmpstr (kind, ==, "Target: not numbers");
  g_assert_null (flag);
  g_assert_false (nl_dataset_model_get_column_can_be_label (model, 1));
  g_assert_true (nl_dataset_model_get_column_can_be_target (model, 1));

  /* Twenty names and a missing one: no class would have two rows, however
   * many rows there are; "NA" is not a 21st value. */
  g_string_assign (csv, "Name,Size\n");
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (csv, "P%u,%u\n", i, 100 + i);
  g_string_append (csv, "NA,120\n");
  g_clear_object (&model);
  model = nl_dataset_model_new_from_dataset (nl_csv_read_buffer (csv->str, csv->len, &err));
  g_clear_pointer (&name, g_free);
  name = nl_dataset_model_dup_column_role_note (model, 0);
  g_assert_cmpstr (name, ==, "Label: a different value in every row · Target: not numbers");
}

static void
test_column_roles (void)
{
  static const char csv[] =
    "x1,x2,Flag,Gender\n"
    "1,2,0,F\n"
    "2,1,1,M\n"
    "3,5,0,M\n"
    "4,4,1,F\n";
  g_autofree char *path = write_temp (csv);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GError) error = NULL;
  guint columns_changed = 0;
  guint notified_inputs = G_MAXUINT;

  g_signal_connect (model, "columns-changed", G_CALLBACK (count_cb), &columns_changed);
  g_signal_connect (model, "notify::n-inputs", G_CALLBACK (notify_n_inputs_cb), &notified_inputs);

  /* The tutorial's table: two inputs; dropping one says so. */
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 2);
  nl_dataset_model_set_column_is_input (model, COL_HEIGHT, FALSE);
  g_assert_cmpuint (columns_changed, ==, 1);
  g_assert_cmpuint (notified_inputs, ==, 1);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 1);
  g_assert_cmpuint (nl_dataset_model_get_input_column (model, 0), ==, COL_WEIGHT);
  /* No change, no signal. */
  nl_dataset_model_set_column_is_input (model, COL_HEIGHT, FALSE);
  g_assert_cmpuint (columns_changed, ==, 1);
  nl_dataset_model_set_column_is_input (model, COL_HEIGHT, TRUE);
  g_assert_cmpuint (columns_changed, ==, 2);
  g_assert_cmpuint (notified_inputs, ==, 2);

  /* Names are all different: not a label. */
  g_assert_false (nl_dataset_model_get_column_can_be_label (model, COL_NAME));
  g_assert_true (nl_dataset_model_get_column_can_be_label (model, COL_GENDER));
  g_assert_false (nl_dataset_model_set_label_column (model, COL_NAME, &error));
  g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (columns_changed, ==, 2);
  g_assert_cmpint (nl_dataset_model_get_label_column (model), ==, COL_GENDER);

  /* A 0/1 column: an input at first, then the label, then an input again. */
  g_assert_true (nl_dataset_model_load_csv (model, file, NULL, &error));
  g_assert_no_error (error);
  columns_changed = 0;
  g_assert_cmpint (nl_dataset_model_get_label_column (model), ==, 3);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 3);
  g_assert_true (nl_dataset_model_get_column_can_be_label (model, 2));
  g_assert_false (nl_dataset_model_get_column_can_be_label (model, 0));

  g_assert_true (nl_dataset_model_set_label_column (model, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (columns_changed, ==, 1);
  g_assert_cmpint (nl_dataset_model_get_label_column (model), ==, 2);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 2);
  g_assert_cmpuint (notified_inputs, ==, 2);
  g_assert_cmpint (nl_dataset_model_get_column_kind (model, 3), ==, NL_COLUMN_TEXT);
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 4);
  g_assert_true (nl_dataset_model_get_trainable (model));

  g_assert_true (nl_dataset_model_set_label_column (model, 3, &error));
  g_assert_cmpuint (columns_changed, ==, 2);
  /* The former label holds numbers: numeric again, but not an input. */
  g_assert_cmpint (nl_dataset_model_get_column_kind (model, 2), ==, NL_COLUMN_NUMERIC);
  g_assert_false (nl_dataset_model_get_column_is_input (model, 2));
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 2);
  nl_dataset_model_set_column_is_input (model, 2, TRUE);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 3);
  g_assert_cmpuint (notified_inputs, ==, 3);
  g_assert_cmpuint (columns_changed, ==, 3);
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 4);

  g_unlink (path);
  g_assert_finalize_object (model);
}

static void
assert_same_texts (NlDatasetModel *a,
                   NlDatasetModel *b)
{
  g_assert_cmpuint (nl_dataset_model_get_n_rows (a), ==, nl_dataset_model_get_n_rows (b));
  g_assert_cmpuint (nl_dataset_model_get_n_columns (a), ==, nl_dataset_model_get_n_columns (b));
  for (guint c = 0; c < nl_dataset_model_get_n_columns (a); c++)
    g_assert_cmpstr (nl_dataset_model_get_column_name (a, c), ==,
                     nl_dataset_model_get_column_name (b, c));
  for (guint r = 0; r < nl_dataset_model_get_n_rows (a); r++)
    for (guint c = 0; c < nl_dataset_model_get_n_columns (a); c++)
      g_assert_cmpstr (nl_dataset_model_get_cell_text (a, r, c), ==,
                       nl_dataset_model_get_cell_text (b, r, c));
}

static void
test_paste (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  ItemsChanged record = { 0 };
  guint dropped = G_MAXUINT;
  NlRow *row;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);

  /* Tab-separated with the header, which is skipped. */
  g_assert_cmpuint (nl_dataset_model_append_text (model,
                                                  "Name\tWeight (lb)\tHeight (in)\tGender\r\n"
                                                  "Eve\t130\t64\tFemale\r\n"
                                                  "Frank\t170.5\t71\tMale\r\n",
                                                  &dropped), ==, 2);
  g_assert_cmpuint (dropped, ==, 0);
  g_assert_cmpuint (record.count, ==, 1);
  g_assert_cmpuint (record.position, ==, 4);
  g_assert_cmpuint (record.added, ==, 2);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 4, COL_NAME), ==, "Eve");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 5, COL_WEIGHT), ==, "170.5");
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 6);

  /* Without a header, and without a final line break. */
  g_assert_cmpuint (nl_dataset_model_append_text (model, "Gus\t150\t68\tMale", NULL), ==, 1);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 6, COL_NAME), ==, "Gus");
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 7);

  /* Ragged lines and bad values: kept as typed, marked, out of training. */
  g_assert_cmpuint (nl_dataset_model_append_text (model,
                                                  "Hal\t155\n"
                                                  "\n"
                                                  "Ivy\tabc\t66\tFemale\textra\t\n",
                                                  &dropped), ==, 2);
  g_assert_cmpuint (dropped, ==, 1);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, 9);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 7, COL_WEIGHT), ==, "155");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 7, COL_HEIGHT), ==, "");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 8, COL_WEIGHT), ==, "abc");
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, 7);
  row = g_list_model_get_item (G_LIST_MODEL (model), 8);
  g_assert_false (nl_row_get_usable (row));
  g_assert_nonnull (strstr (nl_row_get_problem (row), "abc"));
  g_test_message ("%s", nl_row_get_problem (row));
  g_object_unref (row);

  /* Comma-separated when there is no tab, with CSV quotes. */
  g_assert_cmpuint (nl_dataset_model_append_text (model,
                                                  "\"Doe, Jane\",120,60,Female\n"
                                                  "\"Say \"\"hi\"\"\",121,61,Female\n",
                                                  NULL), ==, 2);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 9, COL_NAME), ==, "Doe, Jane");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 10, COL_NAME), ==, "Say \"hi\"");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 10, COL_HEIGHT), ==, "61");

  /* Nothing to paste. */
  record.count = 0;
  g_assert_cmpuint (nl_dataset_model_append_text (model, "", NULL), ==, 0);
  g_assert_cmpuint (nl_dataset_model_append_text (model, "\n \n", NULL), ==, 0);
  g_assert_cmpuint (record.count, ==, 0);

  g_assert_finalize_object (model);
}

static void
test_copy (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  NlDatasetModel *other = nl_dataset_model_new_tutorial ();
  static const guint rows[] = { 0, 2 };
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  guint all[5];

  text = nl_dataset_model_dup_rows_text (model, rows, G_N_ELEMENTS (rows));
  g_assert_cmpstr (text, ==, "Alice\t133\t65\tFemale\nCharlie\t152\t70\tMale\n");
  g_clear_pointer (&text, g_free);

  /* Awkward texts survive a copy and a paste. */
  g_assert_cmpuint (nl_dataset_model_append_text (model, "\"Tab\there\"\t\"1\"\t\t\"\"\"Q\"\n", NULL), ==, 1);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 4, COL_NAME), ==, "Tab\there");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 4, COL_GENDER), ==, "\"Q");
  for (guint i = 0; i < 5; i++)
    all[i] = i;
  text = nl_dataset_model_dup_rows_text (model, all, 5);
  /* The header-less copy of five rows pasted into an empty-ish table. */
  while (nl_dataset_model_get_n_rows (other) > 0)
    nl_dataset_model_remove_row (other, 0);
  g_assert_cmpuint (nl_dataset_model_append_text (other, text, NULL), ==, 5);
  assert_same_texts (model, other);
  again = nl_dataset_model_dup_rows_text (other, all, 5);
  g_assert_cmpstr (again, ==, text);

  g_assert_cmpstr (nl_dataset_model_dup_rows_text (model, NULL, 0), ==, "");

  g_assert_finalize_object (model);
  g_assert_finalize_object (other);
}

static void
test_save_csv (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  NlDatasetModel *back = nl_dataset_model_new_tutorial ();
  g_autofree char *path = write_temp ("");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  /* Rows left out of training are saved too, as typed. */
  g_assert_cmpuint (nl_dataset_model_append_text (model,
                                                  "\"Doe, Jane\"\t1e2\t\tFemale\n"
                                                  "Ivy\tabc\t66\tFemale\n",
                                                  NULL), ==, 2);
  g_assert_true (nl_dataset_model_save_csv (model, file, &error));
  g_assert_no_error (error);
  g_assert_true (nl_dataset_model_load_csv (back, file, NULL, &error));
  g_assert_no_error (error);
  assert_same_texts (model, back);
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (back), ==, 4);
  g_assert_cmpuint (nl_dataset_model_get_problems (back)->len, ==, 2);

  /* Somewhere that cannot be written: an error that says where. */
  {
    g_autoptr(GFile) bad = g_file_new_for_path ("/nonexistent/dir/table.csv");

    g_assert_false (nl_dataset_model_save_csv (model, bad, &error));
    g_assert_nonnull (error);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "/nonexistent/dir/table.csv"));
    g_clear_error (&error);
  }

  g_unlink (path);
  g_assert_finalize_object (model);
  g_assert_finalize_object (back);
}

/* After each edit of a cell, the inputs' standardisation and each cell's
 * plausibility are what a fresh computation over the whole table gives, bit
 * for bit: an edit that recomputes only its own column (the row stays usable)
 * must agree with one that recomputes them all (the row stops or starts
 * being usable). */
static void
test_edit_restandardizes (void)
{
  g_autoptr(GString) csv = g_string_new ("a,b,c,d,Gender\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(NlDatasetModel) model = NULL;
  NlDataset *ds;
  NlError err;

  for (guint r = 0; r < 40; r++)
    g_string_append_printf (csv, "%u.25,%u,%g,%u,%s\n", r * 3 % 17, 100 + r % 7, r * 0.1,
                            r % 5, r % 2 ? "M" : "F");
  ds = nl_csv_read_buffer (csv->str, csv->len, &err);
  g_assert_nonnull (ds);
  model = nl_dataset_model_new_from_dataset (ds);

  for (guint i = 0; i < 200; i++)
    {
      const NlDataset *now = nl_dataset_model_get_dataset (model);
      guint row = (guint) g_rand_int_range (rand, 0, 40);
      guint column = (guint) g_rand_int_range (rand, 0, 4);
      g_autofree char *text = NULL;
      NlDataset *fresh;
      int kind = g_rand_int_range (rand, 0, 4);

      /* Mostly numbers, sometimes far out, sometimes nothing or a word. */
      text = kind == 0 ? g_strdup ("") : kind == 1 ? g_strdup ("x")
             : g_strdup_printf ("%.3f", g_rand_double_range (rand, -50, kind == 2 ? 50 : 5000));
      nl_dataset_model_set_cell (model, row, column, text, NULL);

      fresh = nl_dataset_copy (now);
      g_assert_nonnull (fresh);
      nl_dataset_set_normalize (fresh, NL_NORMALIZE_STANDARDIZE, NULL);
      for (size_t c = 0; c < now->n_columns; c++)
        {
          g_assert_true (memcmp (&now->columns[c].shift, &fresh->columns[c].shift,
                                 sizeof (double)) == 0);
          g_assert_true (memcmp (&now->columns[c].scale, &fresh->columns[c].scale,
                                 sizeof (double)) == 0);
        }
      g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==,
                        nl_dataset_usable_rows (fresh, (unsigned char[40]) { 0 }));
      for (guint r = 0; r < 40; r++)
        for (guint c = 0; c < 4; c++)
          g_assert_cmpint (_nl_dataset_model_judge_cell (model, r, c, NULL, NULL), ==,
                           nl_dataset_cell_plausibility (fresh, r, c, NULL, NULL));
      nl_dataset_free (fresh);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/dataset/items-changed", test_items_changed);
  g_test_add_func ("/model/dataset/set-cell", test_set_cell);
  g_test_add_func ("/model/dataset/invalid-kept", test_invalid_kept);
  g_test_add_func ("/model/dataset/warning", test_warning);
  g_test_add_func ("/model/dataset/trainable", test_trainable);
  g_test_add_func ("/model/dataset/normalize", test_normalize);
  g_test_add_func ("/model/dataset/edit-restandardizes", test_edit_restandardizes);
  g_test_add_func ("/model/dataset/snapshot", test_snapshot);
  g_test_add_func ("/model/dataset/csv", test_csv);
  g_test_add_func ("/model/dataset/csv-notes", test_csv_notes);
  g_test_add_func ("/model/dataset/column-roles", test_column_roles);
  g_test_add_func ("/model/dataset/role-notes", test_role_notes);
  g_test_add_func ("/model/dataset/paste", test_paste);
  g_test_add_func ("/model/dataset/copy", test_copy);
  g_test_add_func ("/model/dataset/save-csv", test_save_csv);

  return g_test_run ();
}
