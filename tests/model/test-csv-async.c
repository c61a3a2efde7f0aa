/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv-async.c: loading a large CSV file off the main thread. */
#include <glib/gstdio.h>
#include <string.h>

#include "nl-dataset-model.h"
#include "nl-model-error.h"

#define N_ROWS 100000

static char *big_path;

/* A table like the tutorial's, with a bad cell every 10,000 rows. */
static char *
write_big_csv (void)
{
  g_autoptr(GString) csv = g_string_new ("Name,Weight (lb),Height (in),Gender\n");
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  for (guint i = 0; i < N_ROWS; i++)
    {
      if (i % 10000 == 5)
        g_string_append_printf (csv, "Person %u,heavy,%u,%s\n", i, 60 + i % 15,
                                i % 2 ? "Male" : "Female");
      else
        g_string_append_printf (csv, "Person %u,%u.%u,%u,%s\n", i, 100 + i % 90, i % 10,
                                60 + i % 15, i % 2 ? "Male" : "Female");
    }
  fd = g_file_open_tmp ("neuronlab-big-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));
  g_assert_no_error (error);
  return path;
}

typedef struct
{
  GArray       *fractions;
  gboolean      destroyed;
  gboolean      done;
  gboolean      ok;
  GError       *error;
  gint64        done_time;
  GCancellable *cancel_on_progress;
  double        cancel_above;    /* the fraction past which to cancel */
  gint64        cancel_time;
} Load;

static void
load_clear (Load *load)
{
  g_clear_pointer (&load->fractions, g_array_unref);
  g_clear_error (&load->error);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Load *load = user_data;

  g_assert_false (load->done);
  g_array_append_val (load->fractions, fraction);
  if (load->cancel_on_progress != NULL && fraction > load->cancel_above
      && load->cancel_time == 0)
    {
      load->cancel_time = g_get_monotonic_time ();
      g_cancellable_cancel (load->cancel_on_progress);
    }
}

static void
progress_destroy_cb (gpointer user_data)
{
  Load *load = user_data;

  g_assert_false (load->destroyed);
  load->destroyed = TRUE;
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = user_data;

  load->ok = nl_dataset_model_load_csv_finish (NL_DATASET_MODEL (source), result, &load->error);
  load->done = TRUE;
  load->done_time = g_get_monotonic_time ();
}

static void
start_load (NlDatasetModel *model,
            const char     *path,
            GCancellable   *cancellable,
            Load           *load)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  memset (load, 0, sizeof *load);
  load->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  nl_dataset_model_load_csv_async (model, file, cancellable,
                                   progress_cb, load, progress_destroy_cb,
                                   loaded_cb, load);
}

static void
wait_for (Load *load)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!load->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (load->done);
  /* Nothing arrives after the end. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_progress (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  guint columns_changed = 0;
  gint64 start = g_get_monotonic_time ();
  double last = -1.0;
  Load load;

  g_signal_connect_swapped (model, "columns-changed", G_CALLBACK (g_atomic_int_inc),
                            &columns_changed);
  start_load (model, big_path, NULL, &load);
  /* Nothing changes until the main loop runs the end of the load. */
  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, 4);
  wait_for (&load);
  g_test_message ("Loaded %u rows in %.0f ms with %u progress reports",
                  nl_dataset_model_get_n_rows (model),
                  (load.done_time - start) / 1000.0, load.fractions->len);

  g_assert_no_error (load.error);
  g_assert_true (load.ok);
  g_assert_true (load.destroyed);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, N_ROWS);
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (model), ==, N_ROWS - N_ROWS / 10000);
  g_assert_cmpuint (nl_dataset_model_get_problems (model)->len, ==, N_ROWS / 10000);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (model), ==, 2);
  g_assert_cmpint (nl_dataset_model_get_normalization (model), ==, NL_NORMALIZE_STANDARDIZE);
  g_assert_cmpuint (columns_changed, ==, 1);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, N_ROWS - 1, 0), ==, "Person 99999");

  /* Growing, and ending at 1 exactly once. */
  g_assert_cmpuint (load.fractions->len, >=, 2);
  for (guint i = 0; i < load.fractions->len; i++)
    {
      double f = g_array_index (load.fractions, double, i);

      g_assert_cmpfloat (f, >, last);
      g_assert_cmpfloat (f, >=, 0.0);
      g_assert_cmpfloat (f, <=, 1.0);
      last = f;
    }
  g_assert_cmpfloat (last, ==, 1.0);

  load_clear (&load);
  g_assert_finalize_object (model);
}

static void
test_cancel (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Load load;

  /* At once. */
  start_load (model, big_path, cancellable, &load);
  g_cancellable_cancel (cancellable);
  wait_for (&load);
  g_assert_false (load.ok);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (load.destroyed);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, 4);
  for (guint i = 0; i < load.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (load.fractions, double, i), <, 1.0);
  load_clear (&load);

  /* While it runs: the work stops where it was (no progress reported past
   * the point of the cancel but what was already on its way) and the table
   * is as it was. */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  start_load (model, big_path, cancellable, &load);
  load.cancel_on_progress = cancellable;
  wait_for (&load);
  g_assert_cmpint (load.cancel_time, >, 0);
  g_test_message ("Cancelled %.1f ms before the callback", (load.done_time - load.cancel_time) / 1000.0);
  /* Cancelled while the file was read (the first 30%): the parse stopped at
   * its first look at the flag, long before its end (at 90%). */
  for (guint i = 0; i < load.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (load.fractions, double, i), <, 0.4);
  g_assert_false (load.ok);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, 4);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 0, 0), ==, "Alice");
  load_clear (&load);

  g_assert_finalize_object (model);
}

/* Cancelled while the file is parsed (reading it takes the first 30% of the
 * progress, parsing up to 90%): the parse stops where it is, long before its
 * end, and the table is as it was. The file is large, so that the first
 * report of the parse (reports come at most 30 times a second) comes early
 * in it. */
static void
test_cancel_parse (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) csv = g_string_new ("Name,Weight (lb),Height (in),Gender\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  double at_cancel = 0.0;
  Load load;
  int fd;

  for (guint i = 0; i < 8 * N_ROWS; i++)
    g_string_append_printf (csv, "Person %u,%u.%u,%u,%s\n", i, 100 + i % 90, i % 10,
                            60 + i % 15, i % 2 ? "Male" : "Female");
  fd = g_file_open_tmp ("neuronlab-huge-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));

  start_load (model, path, cancellable, &load);
  load.cancel_on_progress = cancellable;
  load.cancel_above = 0.3;
  wait_for (&load);
  g_assert_cmpint (load.cancel_time, >, 0);
  g_assert_false (load.ok);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (guint i = 0; i < load.fractions->len; i++)
    {
      double f = g_array_index (load.fractions, double, i);

      if (at_cancel == 0.0 && f > 0.3)
        at_cancel = f;
      g_test_message ("progress %g", f);
    }
  g_assert_cmpfloat (at_cancel, <, 0.6);
  for (guint i = 0; i < load.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (load.fractions, double, i), <, at_cancel + 0.1);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, 4);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 0, 0), ==, "Alice");
  load_clear (&load);

  g_unlink (path);
  g_assert_finalize_object (model);
}

static void
test_bad_files (void)
{
  NlDatasetModel *model = nl_dataset_model_new_tutorial ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  Load load;
  int fd;

  start_load (model, "/nonexistent/neuronlab.csv", NULL, &load);
  wait_for (&load);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (load.destroyed);
  load_clear (&load);

  fd = g_file_open_tmp ("neuronlab-bad-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  start_load (model, path, NULL, &load);
  wait_for (&load);
  g_assert_error (load.error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
  g_test_message ("%s", load.error->message);
  load_clear (&load);

  g_assert_true (g_file_set_contents (path, binary, sizeof binary - 1, &error));
  start_load (model, path, NULL, &load);
  wait_for (&load);
  g_assert_error (load.error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE);
  g_test_message ("%s", load.error->message);
  g_assert_nonnull (strstr (load.error->message, path));
  load_clear (&load);

  dir = g_dir_make_tmp ("neuronlab-XXXXXX", &error);
  g_assert_no_error (error);
  start_load (model, dir, NULL, &load);
  wait_for (&load);
  g_assert_nonnull (load.error);
  g_test_message ("%s", load.error->message);
  load_clear (&load);

  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, 4);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 0, 0), ==, "Alice");

  g_unlink (path);
  g_rmdir (dir);
  g_assert_finalize_object (model);
}

/* The asynchronous load reads what the synchronous one does. */
static void
test_same_as_sync (void)
{
  NlDatasetModel *sync = nl_dataset_model_new_tutorial ();
  NlDatasetModel *async = nl_dataset_model_new_tutorial ();
  g_autoptr(GFile) file = g_file_new_for_path (big_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) ignored = NULL;
  Load load;

  g_assert_true (nl_dataset_model_load_csv (sync, file, NULL, &error));
  g_assert_no_error (error);
  start_load (async, big_path, NULL, &load);
  wait_for (&load);
  g_assert_true (load.ok);
  load_clear (&load);

  g_assert_cmpuint (nl_dataset_model_get_n_rows (async), ==, nl_dataset_model_get_n_rows (sync));
  for (guint r = 0; r < N_ROWS; r += 997)
    for (guint c = 0; c < 4; c++)
      g_assert_cmpstr (nl_dataset_model_get_cell_text (async, r, c), ==,
                       nl_dataset_model_get_cell_text (sync, r, c));

  /* No progress function at all is fine too. */
  nl_dataset_model_load_csv_async (async, file, NULL, NULL, NULL, NULL, loaded_cb, &load);
  memset (&load, 0, sizeof load);
  wait_for (&load);
  g_assert_true (load.ok);
  load_clear (&load);

  g_assert_finalize_object (sync);
  g_assert_finalize_object (async);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  big_path = write_big_csv ();
  g_test_add_func ("/model/csv-async/progress", test_progress);
  g_test_add_func ("/model/csv-async/cancel", test_cancel);
  g_test_add_func ("/model/csv-async/cancel-parse", test_cancel_parse);
  g_test_add_func ("/model/csv-async/bad-files", test_bad_files);
  g_test_add_func ("/model/csv-async/same-as-sync", test_same_as_sync);
  status = g_test_run ();
  g_unlink (big_path);
  g_free (big_path);
  return status;
}
