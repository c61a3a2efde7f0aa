/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-csv.h: reading and writing datasets as CSV.
 *
 * A header row names the columns; fields follow RFC 4180 (quotes, doubled
 * quotes, separators and line breaks inside quotes); CRLF line ends and a
 * UTF-8 byte order mark are accepted; numbers use '.' for decimals whatever the
 * locale. Files as people have them read too: separated by ';' or tabs with
 * decimal commas, without a header row (a first line of numbers), with a
 * separator at the end of every line. Columns whose every cell that is not
 * missing is a number become numeric inputs; the one column with exactly two
 * distinct values (M/F, Male/Female, 0/1, yes/no, true/false or any other
 * two) becomes the label, preferring a non-numeric one or the last such
 * column; the rest is text.
 *
 * Cells that are missing (empty, NA, NaN, N/A, ?, null) or cannot be parsed
 * are kept, marked, and listed in ds->problems by line and column; their rows
 * stay out of training. A line with more or fewer fields than the header is
 * kept, marked in ds->row_fields and left out of training. What the reader
 * decided about the file (its separator, no header...) is listed first, as
 * notes (NL_PROBLEM_NOTE). A file that is not CSV at all (binary, empty) is
 * an error.
 */
#pragma once

#include <stddef.h>

#include "nl-dataset.h"
#include "nl-error.h"

NlDataset *nl_csv_read_buffer  (const char      *data,
                                size_t           length,
                                NlError         *error);

/* How a caller follows a long reading, and stops it. Both functions are
 * called on the reading thread, every few thousand lines or cells. */
typedef struct
{
  /* A non-zero answer stops the reading: it returns NULL, NL_ERR_CANCELLED,
   * and nothing it made is left behind. May be NULL. */
  int   (*cancelled) (void *user_data);
  /* How far the reading is, from 0 to 1, rising. May be NULL. */
  void  (*progress)  (double fraction,
                      void  *user_data);
  void   *user_data;
} NlCsvOptions;

/* nl_csv_read_buffer(), followed and stoppable; @options may be NULL. */
NlDataset *nl_csv_read_buffer_full (const char         *data,
                                    size_t              length,
                                    const NlCsvOptions *options,
                                    NlError            *error);
NlDataset *nl_csv_read_file    (const char      *path,
                                NlError         *error);

/* Writes the header and every row (cell texts as they are, quoted when they
 * need it, numbers in the C locale), with "\n" line ends. A row marked too
 * long is written with its extra fields again, and one marked too short
 * without the empty cells it lacked, so it is marked again when read. The returned buffer
 * is NUL-terminated and freed with free(). */
char      *nl_csv_write_buffer (const NlDataset *ds,
                                size_t          *length);
NlStatus   nl_csv_write_file   (const NlDataset *ds,
                                const char      *path,
                                NlError         *error);
