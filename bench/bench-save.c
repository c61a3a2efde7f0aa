/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-save.c: saving a large project, and how long the main thread waits.
 *
 *   bench-save [--rounds N] [--rows N] [--epochs N] [--seed N] [--dir DIR]
 *
 * Builds the models of a big piece of work (a 2-16-16-1 network, 10,000
 * rows of synthetic data, and 1,000,000 epochs of loss and test loss) and,
 * ROUNDS times (7), interleaved so that a noisy machine slows all alike:
 *
 *  - saves it with nl_project_io_save_async(), as the window does, timing
 *    the call itself (the snapshot: all the main thread waits for), the
 *    longest the main loop then goes without running a 1 ms timer while the
 *    worker formats and writes (and, as its peer, the longest it goes with
 *    nothing to do for as long), and the whole save, call to callback;
 *  - saves it with nl_project_io_save(), on this thread, as the window did
 *    before saves moved to a worker;
 *  - writes the same numbers and the same table with GLib's GKeyFile (each
 *    double through g_ascii_dtostr(), as g_key_file_set_double_list() does,
 *    then g_key_file_save_to_file()), the peer of the write speed.
 *
 * Prints each round, then the medians, the share of the save the main
 * thread waits for, and the write speed as a ratio against GKeyFile's
 * (above 1 is faster; both on the calling thread, like with like). The files go to a temporary folder (--dir to choose
 * one on another disk), replaced each round as a person's saves would be,
 * and are removed at the end.
 *
 * A benchmark, not a test: it exits 0 unless something fails to run.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "nl-project-io.h"
#include "nl-synthetic.h"

#define HIDDEN "16,16"
#define LAYERS "2-16-16-1"

typedef struct
{
  /* Options */
  int        rounds;
  int        rows;
  int        epochs;
  int        seed;
  char      *dir;

  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;

  /* Per round, in milliseconds */
  GArray    *snapshot_ms;
  GArray    *stall_ms;
  GArray    *idle_stall_ms;
  GArray    *async_ms;
  GArray    *sync_ms;
  GArray    *keyfile_ms;
  gsize      nl_bytes;
  gsize      keyfile_bytes;
} Bench;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_autoptr (GArray) copy = g_array_copy (values);
  guint n = copy->len;

  if (n == 0)
    return NAN;
  qsort (copy->data, n, sizeof (double), compare_doubles);
  if (n % 2 == 1)
    return g_array_index (copy, double, n / 2);
  return (g_array_index (copy, double, n / 2 - 1) + g_array_index (copy, double, n / 2)) / 2;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

/* The work */

static NlDataset *
synthetic_dataset (Bench *bench)
{
  static const char * const names[] = { "x1", "x2", "class" };
  static const NlColumnKind kinds[] = { NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_TEXT };
  NlMatrix m = { 0 };
  NlError err = { 0 };
  NlDataset *ds;

  if (nl_synthetic_matrix (2, (size_t) bench->rows, (guint64) bench->seed, &m, &err) != NL_OK
      || (ds = nl_dataset_new (3, (const char * const *) names, kinds, &err)) == NULL)
    g_error ("%s", err.message);
  for (size_t r = 0; r < m.n_rows; r++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      size_t row = nl_dataset_append_row (ds);

      if (row == (size_t) -1)
        g_error ("Out of memory");
      for (size_t c = 0; c < 2; c++)
        if (nl_dataset_set_cell (ds, row, c, g_ascii_dtostr (buf, sizeof buf, m.x[r * 2 + c]),
                                 &err) != NL_OK)
          g_error ("%s", err.message);
      if (nl_dataset_set_cell (ds, row, 2, m.y[r] >= 0.5 ? "1" : "0", &err) != NL_OK)
        g_error ("%s", err.message);
    }
  if (nl_dataset_set_label_column (ds, 2, &err) != NL_OK)
    g_error ("%s", err.message);
  nl_matrix_clear (&m);
  return ds;
}

/* A falling loss with noise, as training leaves it: doubles that need most
 * of their 17 digits, as real histories do. */
static NlHistory *
make_history (gsize   n,
              double  scale,
              guint   seed,
              double *last)
{
  NlHistory *loss = nl_history_new (0);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / (double) n;

      *last = scale * (0.5 * exp (-6.0 * t) + 0.002
                       + 0.01 * g_rand_double (rand) * exp (-3.0 * t));
      if (!nl_history_append (loss, *last))
        g_error ("out of memory");
    }
  return loss;
}

static void
set_up (Bench *bench)
{
  g_autoptr (GError) error = NULL;
  double last = NAN, test_last = NAN;
  NlHistory *loss = make_history ((gsize) bench->epochs, 1.0, (guint) bench->seed, &last);
  NlHistory *test_loss = make_history ((gsize) bench->epochs, 1.1, (guint) bench->seed + 1,
                                       &test_last);

  bench->dataset = nl_dataset_model_new_from_dataset (synthetic_dataset (bench));
  nl_dataset_model_set_normalization (bench->dataset, NL_NORMALIZE_STANDARDIZE);
  bench->network = nl_network_model_new (2);
  if (!nl_network_model_set_hidden (bench->network, HIDDEN, &error))
    g_error ("%s", error->message);
  nl_network_model_set_seed (bench->network, (guint64) bench->seed);
  nl_network_model_reset (bench->network);
  bench->trainer = nl_trainer_new (bench->network, bench->dataset);
  nl_trainer_set_test_percent (bench->trainer, 20);
  nl_trainer_restore (bench->trainer, (guint64) bench->epochs,
                      &(NlEvaluation) { last, 0.93, NAN, NAN },
                      &(NlEvaluation) { test_last, 0.91, NAN, NAN },
                      loss, test_loss);
  nl_history_free (loss);
  nl_history_free (test_loss);
}

/* The three ways */

typedef struct
{
  gboolean  done;
  gint64    last_tick;
  double    longest_gap_ms;
} AsyncSave;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncSave *save = user_data;
  g_autoptr (GError) error = NULL;

  if (!nl_project_io_save_finish (result, &error))
    g_error ("%s", error->message);
  save->done = TRUE;
}

/* Every millisecond while the worker runs: how late the main loop is. */
static gboolean
tick_cb (gpointer user_data)
{
  AsyncSave *save = user_data;
  gint64 now = g_get_monotonic_time ();

  save->longest_gap_ms = MAX (save->longest_gap_ms, (now - save->last_tick) / 1000.0);
  save->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
save_async (Bench      *bench,
            const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  AsyncSave save = { 0 };
  gint64 start, called;
  double whole_ms, snapshot_ms;
  guint tick;

  start = g_get_monotonic_time ();
  nl_project_io_save_async (bench->dataset, bench->network, bench->trainer, file, NULL,
                            NULL, NULL, NULL, saved_cb, &save);
  called = g_get_monotonic_time ();

  save.last_tick = called;
  tick = g_timeout_add (1, tick_cb, &save);
  while (!save.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  /* The stall that ends with the callback counts too. */
  tick_cb (&save);

  whole_ms = ms_since (start);
  snapshot_ms = (called - start) / 1000.0;
  g_array_append_val (bench->async_ms, whole_ms);
  g_array_append_val (bench->snapshot_ms, snapshot_ms);
  g_array_append_val (bench->stall_ms, save.longest_gap_ms);
  bench->nl_bytes = file_size (path);
}

static gboolean
idle_done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The same 1 ms timer for as long as the save took, with nothing else to
 * do: the stalls that the machine itself causes (other processes, the
 * scheduler), the peer of the stall during a save. */
static void
idle_stall (Bench  *bench,
            double  duration_ms)
{
  AsyncSave idle = { .last_tick = g_get_monotonic_time () };
  guint tick = g_timeout_add (1, tick_cb, &idle);

  g_timeout_add ((guint) ceil (duration_ms), idle_done_cb, &idle.done);
  while (!idle.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_array_append_val (bench->idle_stall_ms, idle.longest_gap_ms);
}

static void
save_sync (Bench      *bench,
           const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;

  if (!nl_project_io_save (bench->dataset, bench->network, bench->trainer, file, &error))
    g_error ("%s", error->message);
  ms = ms_since (start);
  g_array_append_val (bench->sync_ms, ms);
}

/* The same content through GKeyFile: the same groups, the table's texts,
 * and every double through g_ascii_dtostr(). */
static void
save_keyfile (Bench      *bench,
              const char *path)
{
  const NlDataset *ds = nl_dataset_model_get_dataset (bench->dataset);
  const NlNet *net = nl_network_model_get_net (bench->network);
  g_autoptr (GKeyFile) key_file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree const char **names = g_new (const char *, ds->n_columns);
  g_autofree const char **cells = g_new (const char *, ds->n_columns);
  const double *loss, *test_loss;
  gsize n_loss, n_test_loss;
  gint64 start = g_get_monotonic_time ();
  int layers[16];
  double ms;

  key_file = g_key_file_new ();
  g_key_file_set_integer (key_file, "NeuronLab", "version", 1);
  g_key_file_set_integer (key_file, "Table", "columns", (int) ds->n_columns);
  g_key_file_set_integer (key_file, "Table", "rows", (int) ds->n_rows);
  for (size_t c = 0; c < ds->n_columns; c++)
    names[c] = ds->columns[c].name;
  g_key_file_set_string_list (key_file, "Columns", "names", names, ds->n_columns);
  for (size_t l = 0; l < net->n_layers && l < G_N_ELEMENTS (layers); l++)
    layers[l] = (int) net->sizes[l];
  g_key_file_set_integer_list (key_file, "Network", "layers", layers,
                               MIN (net->n_layers, G_N_ELEMENTS (layers)));
  g_key_file_set_double_list (key_file, "Network", "parameters", net->params, net->n_params);
  g_key_file_set_double (key_file, "Training", "learning-rate",
                         nl_trainer_get_learning_rate (bench->trainer));
  /* The same numbers as the project's history: four a bucket. */
  loss = (const double *) nl_history_buckets (nl_trainer_get_history (bench->trainer), &n_loss);
  test_loss = (const double *) nl_history_buckets (nl_trainer_get_test_history (bench->trainer),
                                                   &n_test_loss);
  g_key_file_set_uint64 (key_file, "History", "epoch",
                         nl_history_epochs (nl_trainer_get_history (bench->trainer)));
  g_key_file_set_double_list (key_file, "History", "loss-buckets", (double *) loss, n_loss * 4);
  g_key_file_set_double_list (key_file, "History", "test-loss-buckets", (double *) test_loss,
                              n_test_loss * 4);
  for (size_t r = 0; r < ds->n_rows; r++)
    {
      char key[32];

      for (size_t c = 0; c < ds->n_columns; c++)
        cells[c] = nl_dataset_cell (ds, r, c)->text;
      g_snprintf (key, sizeof key, "%zu", r + 1);
      g_key_file_set_string_list (key_file, "Rows", key, cells, ds->n_columns);
    }
  if (!g_key_file_save_to_file (key_file, path, &error))
    g_error ("%s", error->message);
  ms = ms_since (start);
  g_array_append_val (bench->keyfile_ms, ms);
  bench->keyfile_bytes = file_size (path);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { .rounds = 7, .rows = 10000, .epochs = 1000000, .seed = 42 };
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &bench.rounds, "Rounds to take the medians of (7)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &bench.rows, "Rows of synthetic data (10000)", "N" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &bench.epochs, "Epochs of history (1000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &bench.seed, "Seed of the data (42)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &bench.dir, "Folder for the files (a temporary one)", "DIR" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- save a large project");
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *nl_path = NULL;
  g_autofree char *sync_path = NULL;
  g_autofree char *keyfile_path = NULL;
  double snapshot, stall, idle, whole, sync, keyfile;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-save: %s\n", error->message);
      return 2;
    }
  if (bench.rounds < 1 || bench.rows < 1 || bench.epochs < 1)
    {
      g_printerr ("bench-save: --rounds, --rows and --epochs must be 1 or more\n");
      return 2;
    }
  if (bench.dir == NULL)
    {
      tmp = g_dir_make_tmp ("bench-save-XXXXXX", &error);
      if (tmp == NULL)
        g_error ("%s", error->message);
    }
  nl_path = g_build_filename (tmp != NULL ? tmp : bench.dir, "async.neuronlab", NULL);
  sync_path = g_build_filename (tmp != NULL ? tmp : bench.dir, "sync.neuronlab", NULL);
  keyfile_path = g_build_filename (tmp != NULL ? tmp : bench.dir, "gkeyfile.ini", NULL);
  bench.snapshot_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.stall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.idle_stall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.async_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.sync_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.keyfile_ms = g_array_new (FALSE, FALSE, sizeof (double));

  set_up (&bench);
  g_print ("bench-save: %s, %d rows, %d epochs of loss and test loss, %d rounds\n",
           LAYERS, bench.rows, bench.epochs, bench.rounds);
  g_print ("%5s %12s %10s %10s %10s %10s %12s\n", "round", "snapshot_ms", "stall_ms",
           "idle_ms", "async_ms", "sync_ms", "gkeyfile_ms");

  /* A first save of each, not counted: the files exist from then on, so
   * every counted save replaces one, and the caches are warm. */
  save_async (&bench, nl_path);
  save_sync (&bench, sync_path);
  save_keyfile (&bench, keyfile_path);
  g_array_set_size (bench.snapshot_ms, 0);
  g_array_set_size (bench.stall_ms, 0);
  g_array_set_size (bench.async_ms, 0);
  g_array_set_size (bench.sync_ms, 0);
  g_array_set_size (bench.keyfile_ms, 0);

  for (int round = 0; round < bench.rounds; round++)
    {
      /* The order turns every round. */
      for (int k = 0; k < 3; k++)
        switch ((round + k) % 3)
          {
          case 0:
            save_async (&bench, nl_path);
            idle_stall (&bench, g_array_index (bench.async_ms, double, bench.async_ms->len - 1));
            break;
          case 1:
            save_sync (&bench, sync_path);
            break;
          default:
            save_keyfile (&bench, keyfile_path);
            break;
          }
      g_print ("%5d %12.2f %10.2f %10.2f %10.1f %10.1f %12.1f\n", round + 1,
               g_array_index (bench.snapshot_ms, double, round),
               g_array_index (bench.stall_ms, double, round),
               g_array_index (bench.idle_stall_ms, double, round),
               g_array_index (bench.async_ms, double, round),
               g_array_index (bench.sync_ms, double, round),
               g_array_index (bench.keyfile_ms, double, round));
    }

  snapshot = median (bench.snapshot_ms);
  stall = median (bench.stall_ms);
  idle = median (bench.idle_stall_ms);
  whole = median (bench.async_ms);
  sync = median (bench.sync_ms);
  keyfile = median (bench.keyfile_ms);
  g_print ("\nmedians: snapshot %.2f ms; longest main-loop stall during the save %.2f ms, "
           "idle %.2f ms; async save %.1f ms, sync save %.1f ms, GKeyFile %.1f ms\n",
           snapshot, stall, idle, whole, sync, keyfile);
  g_print ("files: NeuronLab %.1f MB (%.0f MB/s written synchronously), GKeyFile %.1f MB (%.0f MB/s)\n",
           bench.nl_bytes / 1e6, bench.nl_bytes / 1e3 / sync,
           bench.keyfile_bytes / 1e6, bench.keyfile_bytes / 1e3 / keyfile);
  /* The write speed compares like with like: both on this thread. */
  g_print ("save_vs_gkeyfile ratio=%.2f (GKeyFile %.1f ms / NeuronLab %.1f ms, above 1 is faster); "
           "main thread blocked %.2f ms (%.1f%% of the %.1f ms async save, %.2fx the sync one), "
           "was %.1f ms before; median of %d rounds\n",
           keyfile / sync, keyfile, sync, snapshot, 100.0 * snapshot / whole, whole, whole / sync,
           sync, bench.rounds);

  g_unlink (nl_path);
  g_unlink (sync_path);
  g_unlink (keyfile_path);
  if (tmp != NULL)
    g_rmdir (tmp);
  g_array_unref (bench.snapshot_ms);
  g_array_unref (bench.stall_ms);
  g_array_unref (bench.idle_stall_ms);
  g_array_unref (bench.async_ms);
  g_array_unref (bench.sync_ms);
  g_array_unref (bench.keyfile_ms);
  g_object_unref (bench.trainer);
  g_object_unref (bench.network);
  g_object_unref (bench.dataset);
  g_free (bench.dir);
  return 0;
}
