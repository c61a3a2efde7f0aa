/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-csv-cancel.c: how promptly a CSV reading can be stopped.
 *
 *   bench-csv-cancel [MB]      (default 50)
 *
 * Reads a table of numbers of about MB megabytes with the core's reader,
 * asked now and then whether to stop (NlCsvOptions), and prints the whole
 * reading's time and the longest stretch between two questions: the most
 * a Cancel can wait for the reading to notice it. Then reads it again,
 * stopping at the first question after half the reading's time, and prints
 * how long after that the reader returned. Core only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nl-csv.h"

typedef struct
{
  double last;
  double longest;
  double stop_at;     /* seconds since the start; 0: never */
  double stopped;     /* when the flag was answered */
  double start;
  double fraction;    /* the last progress reported */
  double gap_after;   /* the progress before the longest stretch */
} Follow;

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
progress_cb (double  fraction,
             void   *user_data)
{
  ((Follow *) user_data)->fraction = fraction;
}

static int
cancelled_cb (void *user_data)
{
  Follow *f = user_data;
  double t = now ();

  if (t - f->last > f->longest)
    {
      f->longest = t - f->last;
      f->gap_after = f->fraction;
    }
  f->last = t;
  if (f->stop_at > 0 && t - f->start >= f->stop_at)
    {
      f->stopped = t;
      return 1;
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  double mb = argc > 1 ? atof (argv[1]) : 50.0;
  size_t bytes = (size_t) (mb * 1024 * 1024), length = 0, alloc = bytes + 256;
  char *csv = malloc (alloc);
  Follow f = { 0 };
  NlCsvOptions options = { cancelled_cb, progress_cb, &f };
  NlDataset *ds;
  NlError error;
  double whole, end;

  if (csv == NULL)
    return 1;
  length += (size_t) sprintf (csv, "a,b,c,d,e,Gender\n");
  for (unsigned i = 0; length < bytes; i++)
    length += (size_t) sprintf (csv + length, "%u.%u,%u,%u.5,%u,%u,%s\n", 100 + i % 90, i % 10,
                                60 + i % 15, i % 7, i % 100, i % 3, i % 2 ? "M" : "F");

  f.start = f.last = now ();
  ds = nl_csv_read_buffer_full (csv, length, &options, &error);
  whole = now () - f.start;
  if (ds == NULL)
    return 1;
  printf ("%.1f MB, %zu rows: read in %.2f s; the longest stretch between two questions "
          "%.1f ms (after %.0f%% of the progress)\n", length / 1e6, ds->n_rows, whole,
          f.longest * 1000, f.gap_after * 100);
  nl_dataset_free (ds);

  memset (&f, 0, sizeof f);
  f.stop_at = whole / 2;
  f.start = f.last = now ();
  ds = nl_csv_read_buffer_full (csv, length, &options, &error);
  end = now ();
  printf ("stopped at %.2f s of %.2f s (%s); returned %.1f ms after the flag\n",
          f.stopped - f.start, whole, ds == NULL && error.status == NL_ERR_CANCELLED
          ? "cancelled" : "not cancelled", (end - f.stopped) * 1000);
  nl_dataset_free (ds);
  free (csv);
  return 0;
}
