/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-csv.c: loading a large CSV table, by the core's parser alone and by
 * the dataset model (synchronously and on a worker thread), and writing it.
 *
 *   bench-csv [ROWS]     (default 100000)
 *
 * Prints milliseconds, rows per second and the model's cost relative to the
 * core's parser. The best of five runs is kept for each.
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "nl-csv.h"
#include "nl-dataset-model.h"

#define RUNS 5

static char *
write_csv (guint n_rows,
           gsize *length)
{
  g_autoptr(GString) csv = g_string_new ("Name,Weight (lb),Height (in),Age,Gender\n");
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "Person %u,%u.%u,%u,%u,%s\n", i, 100 + i % 90, i % 10,
                            60 + i % 15, 18 + i % 60, i % 2 ? "Male" : "Female");
  fd = g_file_open_tmp ("bench-csv-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  if (!g_file_set_contents (path, csv->str, (gssize) csv->len, &error))
    g_error ("%s", error->message);
  *length = csv->len;
  return path;
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!nl_dataset_model_load_csv_finish (NL_DATASET_MODEL (source), result, &error))
    g_error ("%s", error->message);
  *done = TRUE;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
report (const char *what,
        double      ms,
        guint       n_rows,
        double      core_ms)
{
  printf ("%-28s %8.1f ms  %10.0f rows/s", what, ms, n_rows / (ms / 1000.0));
  if (core_ms > 0)
    printf ("  %.2fx the core parser", ms / core_ms);
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  gsize length = 0;
  g_autofree char *path = write_csv (n_rows, &length);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *out_path = g_strconcat (path, ".out.csv", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  double core_ms = G_MAXDOUBLE, sync_ms = G_MAXDOUBLE, async_ms = G_MAXDOUBLE;
  double save_ms = G_MAXDOUBLE;
  double longest_ms = 0;
  guint reports = 0;

  g_file_get_contents (path, &contents, NULL, NULL);
  printf ("%u rows, %.1f MB\n", n_rows, length / 1e6);

  for (int run = 0; run < RUNS; run++)
    {
      NlDatasetModel *model = nl_dataset_model_new_tutorial ();
      g_autoptr(GError) error = NULL;
      gboolean done = FALSE;
      NlDataset *ds;
      NlError err;
      gint64 t0;

      t0 = g_get_monotonic_time ();
      ds = nl_csv_read_buffer (contents, length, &err);
      core_ms = MIN (core_ms, (g_get_monotonic_time () - t0) / 1000.0);
      g_assert (ds != NULL && ds->n_rows == n_rows);
      nl_dataset_free (ds);

      t0 = g_get_monotonic_time ();
      if (!nl_dataset_model_load_csv (model, file, NULL, &error))
        g_error ("%s", error->message);
      sync_ms = MIN (sync_ms, (g_get_monotonic_time () - t0) / 1000.0);

      t0 = g_get_monotonic_time ();
      if (!nl_dataset_model_save_csv (model, out, &error))
        g_error ("%s", error->message);
      save_ms = MIN (save_ms, (g_get_monotonic_time () - t0) / 1000.0);

      reports = 0;
      t0 = g_get_monotonic_time ();
      nl_dataset_model_load_csv_async (model, file, NULL, progress_cb, &reports, NULL,
                                       loaded_cb, &done);
      longest_ms = 0;
      while (!done)
        {
          gint64 t1 = g_get_monotonic_time ();

          g_main_context_iteration (NULL, TRUE);
          /* An iteration that waited for the worker is idle time, not work;
           * the worst is the one that swaps the table in. */
          longest_ms = MAX (longest_ms, done ? (g_get_monotonic_time () - t1) / 1000.0 : 0);
        }
      async_ms = MIN (async_ms, (g_get_monotonic_time () - t0) / 1000.0);
      g_assert (nl_dataset_model_get_n_rows (model) == n_rows);
      g_object_unref (model);
    }

  report ("core nl_csv_read_buffer", core_ms, n_rows, 0);
  report ("model load_csv (sync)", sync_ms, n_rows, core_ms);
  report ("model load_csv_async", async_ms, n_rows, core_ms);
  printf ("  (%u progress reports in the last async load; the main loop was busy for\n"
          "   %.1f ms at most, swapping the table in)\n", reports, longest_ms);
  report ("model save_csv", save_ms, n_rows, 0);

  g_unlink (path);
  g_unlink (out_path);
  return 0;
}
