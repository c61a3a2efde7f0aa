/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-standardize.c: what standardisation costs on a wide table.
 *
 *   bench-standardize [ROWS_LOADED] [EDITS]   (defaults 2000 and 20)
 *
 * Loads a CSV of 1,001 columns (1,000 numeric inputs and a label) and
 * ROWS_LOADED rows with the core's reader, which standardises every input,
 * and prints the time and the rate in MB/s. Then, on a dataset model of
 * 1,001 columns and 1,000 rows, times cell edits as the window makes them:
 * EDITS edits that change a number (the row stays usable), and EDITS that
 * empty a cell and fill it again (the row stops being usable and comes
 * back). Prints the median of each. Runs against any version of the model
 * (it uses only nl_dataset_model_set_cell), so one program measures the
 * code before and after a change.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "nl-csv.h"
#include "nl-dataset-model.h"

#define N_INPUTS 1000

static char *
wide_csv (guint  n_rows,
          gsize *length)
{
  GString *csv = g_string_new (NULL);

  for (guint c = 0; c < N_INPUTS; c++)
    g_string_append_printf (csv, "x%u,", c);
  g_string_append (csv, "Gender\n");
  for (guint r = 0; r < n_rows; r++)
    {
      for (guint c = 0; c < N_INPUTS; c++)
        g_string_append_printf (csv, "%u.%u,", (r * 7 + c * 13) % 97, (r + c) % 10);
      g_string_append (csv, r % 2 ? "M\n" : "F\n");
    }
  *length = csv->len;
  return g_string_free (csv, FALSE);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  guint n_load = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 2000;
  guint n_edits = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 20;
  g_autofree double *same = g_new (double, MAX (n_edits, 1));
  g_autofree double *usable = g_new (double, MAX (n_edits, 1));
  g_autofree char *csv = NULL;
  NlDatasetModel *model;
  NlDataset *ds;
  NlError err;
  gsize length;
  gint64 t0;
  double ms;

  csv = wide_csv (n_load, &length);
  t0 = g_get_monotonic_time ();
  ds = nl_csv_read_buffer (csv, length, &err);
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_assert (ds != NULL && ds->n_rows == n_load);
  printf ("load: %u columns x %u rows, %.1f MB: %.1f ms (%.2f MB/s)\n",
          N_INPUTS + 1, n_load, length / 1e6, ms, length / 1e6 / (ms / 1000.0));
  nl_dataset_free (ds);
  g_clear_pointer (&csv, g_free);

  csv = wide_csv (1000, &length);
  ds = nl_csv_read_buffer (csv, length, &err);
  g_assert (ds != NULL);
  model = nl_dataset_model_new_from_dataset (ds);
  for (guint i = 0; i < n_edits; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "%u.5", 100 + i);
      t0 = g_get_monotonic_time ();
      nl_dataset_model_set_cell (model, 500, 3 + i % 100, text, NULL);
      same[i] = (g_get_monotonic_time () - t0) / 1000.0;

      t0 = g_get_monotonic_time ();
      nl_dataset_model_set_cell (model, 600, 5, "", NULL);
      nl_dataset_model_set_cell (model, 600, 5, text, NULL);
      usable[i] = (g_get_monotonic_time () - t0) / 2000.0;
    }
  printf ("cell edit, 1001 x 1000 model, row stays usable:    %.3f ms (median of %u)\n",
          median (same, n_edits), n_edits);
  printf ("cell edit, 1001 x 1000 model, row usable changes:  %.3f ms (median of %u)\n",
          median (usable, n_edits), n_edits);
  g_object_unref (model);
  return 0;
}
