/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-project-read.c: how long the core's project reader takes on a large
 * file, and how much memory it needs against the size of the file.
 *
 *   bench-project-read --make FILE [--rows N] [--epochs N]
 *   bench-project-read FILE
 *
 * --make writes a project of the tutorial's table repeated to ROWS rows
 * (100,000) with a 2-2-1 network and EPOCHS epochs of loss and test loss
 * (1,000,000; the bulk of a long run's file), as `neuronlab-cli train --save`
 * would. The second form reads FILE with nl_project_read_file(), as
 * `neuronlab-cli predict` does, and prints the time it took, the size of the
 * file, the peak resident memory of the process (getrusage(), which counts
 * the peak however short it was) and the ratio of that peak, less what the
 * process held before reading, to the file's size.
 *
 * Run the read in a fresh process each time, so that the peak is the
 * reader's alone:
 *
 *   build/bench/bench-project-read --make /tmp/big.neuronlab --epochs 7000000
 *   build/bench/bench-project-read /tmp/big.neuronlab
 *
 * A benchmark, not a test: it exits 0 unless something fails to run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "nl-history.h"
#include "nl-project.h"
#include "nl-rng.h"

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* The peak resident memory so far, in bytes. */
static double
peak_rss (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_maxrss * 1024.0;
}

/* The resident memory now, in bytes (Linux). */
static double
current_rss (void)
{
  FILE *f = fopen ("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;

  if (f == NULL)
    return 0;
  if (fscanf (f, "%lu %lu", &size, &resident) != 2)
    resident = 0;
  fclose (f);
  return (double) resident * 4096.0;
}

static int
make (const char *path,
      size_t      rows,
      size_t      epochs)
{
  static const size_t sizes[] = { 2, 2, 1 };
  NlProject project;
  NlDataset *tutorial = nl_dataset_new_tutorial ();
  NlError error;
  NlRng rng;
  int ok;

  nl_project_init (&project);
  project.dataset = nl_dataset_copy (tutorial);
  project.net = nl_net_new (3, sizes, NULL, &error);
  if (project.dataset == NULL || project.net == NULL)
    {
      fprintf (stderr, "bench-project-read: could not build the project\n");
      return 1;
    }
  nl_rng_seed (&rng, 1);
  nl_net_init (project.net, NL_INIT_NORMAL, &rng);
  for (size_t r = tutorial->n_rows; r < rows; r++)
    {
      size_t row = nl_dataset_append_row (project.dataset);

      if (row == (size_t) -1)
        return 1;
      for (size_t c = 0; c < tutorial->n_columns; c++)
        nl_dataset_set_cell (project.dataset, row, c,
                             nl_dataset_cell (tutorial, r % tutorial->n_rows, c)->text, NULL);
    }
  project.activation = NL_ACTIVATION_SIGMOID;
  project.options.learning_rate = 0.1;
  project.epochs_per_run = 1000;
  project.seed = 1;
  project.split_seed = 1;
  project.test_percent = 25;
  project.epoch = epochs;
  project.history = nl_history_new (0);
  project.test_history = nl_history_new (0);
  if (project.history == NULL || project.test_history == NULL)
    return 1;
  /* Losses as a run gives them: seventeen significant digits, falling. The
   * history is bounded (nl-history.h): past a few thousand epochs it is
   * kept in buckets, so a large file comes from the table's rows. */
  for (size_t i = 0; i < epochs; i++)
    {
      double loss = 0.25 / (1.0 + (double) i * 1e-3) + nl_rng_uniform (&rng) * 1e-9;

      if (!nl_history_append (project.history, loss)
          || !nl_history_append (project.test_history, loss * 1.1))
        return 1;
      project.loss = loss;
    }
  project.accuracy = 1.0;
  ok = nl_project_write_file (&project, path, &error) == NL_OK;
  if (!ok)
    fprintf (stderr, "bench-project-read: %s\n", error.message);
  nl_project_clear (&project);
  nl_dataset_free (tutorial);
  return ok ? 0 : 1;
}

static int
read_one (const char *path)
{
  struct stat st;
  NlProject project;
  NlError error;
  double before_rss, start, seconds, peak;

  if (stat (path, &st) != 0)
    {
      perror (path);
      return 1;
    }
  before_rss = current_rss ();
  start = now_s ();
  if (nl_project_read_file (path, &project, &error) != NL_OK)
    {
      fprintf (stderr, "bench-project-read: %s\n", error.message);
      return 1;
    }
  seconds = now_s () - start;
  peak = peak_rss ();
  printf ("file        %.1f MB (%zu rows, %zu epochs)\n", (double) st.st_size / 1e6,
          project.dataset->n_rows, (size_t) project.epoch);
  printf ("read        %.2f s (%.1f MB/s)\n", seconds, (double) st.st_size / 1e6 / seconds);
  printf ("peak RSS    %.1f MB (%.1f MB before reading)\n", peak / 1e6, before_rss / 1e6);
  printf ("memory/file %.2f\n", (peak - before_rss) / (double) st.st_size);
  nl_project_clear (&project);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const char *make_path = NULL, *path = NULL;
  size_t rows = 100000, epochs = 1000000;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--make") == 0 && i + 1 < argc)
        make_path = argv[++i];
      else if (strcmp (argv[i], "--rows") == 0 && i + 1 < argc)
        rows = strtoul (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--epochs") == 0 && i + 1 < argc)
        epochs = strtoul (argv[++i], NULL, 10);
      else if (argv[i][0] != '-' && path == NULL)
        path = argv[i];
      else
        {
          fprintf (stderr, "usage: bench-project-read --make FILE [--rows N] [--epochs N]\n"
                           "       bench-project-read FILE\n");
          return 2;
        }
    }
  if (make_path != NULL)
    return make (make_path, rows, epochs);
  if (path == NULL)
    {
      fprintf (stderr, "usage: bench-project-read FILE\n");
      return 2;
    }
  return read_one (path);
}
