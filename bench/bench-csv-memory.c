/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-csv-memory.c: the memory the core's CSV reader takes, per byte of
 * the file it reads.
 *
 *   bench-csv-memory [MB]      (default 10)
 *
 * Writes files of about MB megabytes of four shapes, and reads each with
 * nl_csv_read_file() in a child process of its own, which reports its peak
 * resident memory (getrusage) less what it held before reading. Prints the
 * peak, the bytes of memory per byte of file, and whether the reader took
 * the file or refused it (and why). Plain C on the core alone, so the same
 * program builds against any version of the core, to measure it before and
 * after a change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nl-csv.h"

typedef enum
{
  RAGGED,      /* a header of 4,096 names, then lines of one field */
  EMPTY,       /* 20 columns of empty fields: ",,,,..." */
  NUMBERS,     /* a table of numbers, 6 columns */
  SHORT,       /* 8 columns, every other line with 2 fields */
} Shape;

static const char * const shape_names[] = {
  "4096-column header, one-field lines",
  "20 columns, every field empty",
  "6 columns of numbers and a label",
  "8 columns, every other line 2 fields",
};

static void
write_file (const char *path,
            Shape       shape,
            size_t      bytes)
{
  FILE *f = fopen (path, "w");
  size_t n = 0;

  if (f == NULL)
    exit (1);
  switch (shape)
    {
    case RAGGED:
      for (int c = 0; c < 4096; c++)
        n += (size_t) fprintf (f, c ? ",c%d" : "c%d", c);
      n += (size_t) fprintf (f, "\n");
      while (n < bytes)
        n += (size_t) fprintf (f, "1\n");
      break;
    case EMPTY:
      n += (size_t) fprintf (f, "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t\n");
      while (n < bytes)
        n += (size_t) fprintf (f, ",,,,,,,,,,,,,,,,,,,\n");
      break;
    case NUMBERS:
      n += (size_t) fprintf (f, "a,b,c,d,e,Gender\n");
      for (unsigned i = 0; n < bytes; i++)
        n += (size_t) fprintf (f, "%u.%u,%u,%u.5,%u,%u,%s\n", 100 + i % 90, i % 10, 60 + i % 15,
                               i % 7, i % 100, i % 3, i % 2 ? "M" : "F");
      break;
    case SHORT:
      n += (size_t) fprintf (f, "a,b,c,d,e,f,g,h\n");
      for (unsigned i = 0; n < bytes; i++)
        n += (size_t) (i % 2 ? fprintf (f, "%u,%u\n", i % 10, i % 7)
                             : fprintf (f, "%u,%u,%u,%u,%u,%u,%u,%u\n", i % 10, i % 7, i % 3,
                                        i % 5, i % 9, i % 11, i % 13, i % 2));
      break;
    }
  fclose (f);
}

static long
peak_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* In the child: reads the file and prints what it cost. */
static void
measure (const char *path,
         size_t      bytes)
{
  long before = peak_kb ();
  NlError error;
  NlDataset *ds;
  double mb;

  nl_error_clear (&error);
  ds = nl_csv_read_file (path, &error);
  mb = (double) (peak_kb () - before) / 1024.0;
  printf ("  peak %8.1f MB  %6.1f bytes of memory per byte of file  ", mb,
          mb * 1024.0 * 1024.0 / (double) bytes);
  if (ds != NULL)
    printf ("read: %zu rows\n", ds->n_rows);
  else
    printf ("refused: %.70s\n", error.message);
  nl_dataset_free (ds);
}

int
main (int   argc,
      char *argv[])
{
  double mb = argc > 1 ? atof (argv[1]) : 10.0;
  size_t bytes = (size_t) (mb * 1024 * 1024);
  char path[] = "/tmp/bench-csv-memory-XXXXXX";
  int fd = mkstemp (path);

  if (fd < 0)
    return 1;
  close (fd);
  for (Shape shape = RAGGED; shape <= SHORT; shape++)
    {
      pid_t pid;

      write_file (path, shape, bytes);
      printf ("%s, %.1f MB:\n", shape_names[shape], mb);
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        {
          measure (path, bytes);
          fflush (stdout);
          _exit (0);
        }
      waitpid (pid, NULL, 0);
    }
  unlink (path);
  return 0;
}
