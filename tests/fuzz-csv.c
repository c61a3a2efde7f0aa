/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv.c: a libFuzzer target for the CSV reader and writer.
 *
 * Whatever the reader accepts must survive the rest of the pipeline: the
 * training matrix, a deep copy, and a write followed by a read that gives
 * back the same names and the same cell texts. A mismatch aborts, so the
 * fuzzer reports it like a crash.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore tests/fuzz-csv.c \
 *     core/nl-csv.c core/nl-dataset.c core/nl-error.c -lm -o fuzz-csv
 */
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nl-csv.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check (int condition)
{
  if (!condition)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  NlError error;
  NlDataset *ds, *copy, *again;
  NlMatrix m;
  char *text;
  size_t length;

  ds = nl_csv_read_buffer ((const char *) data, size, &error);
  if (ds == NULL)
    {
      check (error.status != NL_OK && error.message[0] != '\0');
      return 0;
    }

  if (nl_dataset_to_matrix (ds, &m, &error) == NL_OK)
    {
      check (m.n_rows + m.n_skipped == ds->n_rows);
      /* A class's index, or a finite standardised target. */
      for (size_t i = 0; i < m.n_rows; i++)
        check (nl_task_is_classification (&m.task)
               ? m.y[i] >= 0.0 && m.y[i] < (double) m.task.n_classes && m.y[i] == floor (m.y[i])
               : isfinite (m.y[i]));
      nl_matrix_clear (&m);
    }
  (void) nl_dataset_check_trainable (ds, &error);

  copy = nl_dataset_copy (ds);
  check (copy != NULL);

  text = nl_csv_write_buffer (copy, &length);
  check (text != NULL && strlen (text) == length);
  again = nl_csv_read_buffer (text, length, &error);
  check (again != NULL);
  check (again->n_columns == ds->n_columns && again->n_rows == ds->n_rows);
  check (again->label_column == ds->label_column);
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      check (strcmp (again->columns[c].name, ds->columns[c].name) == 0);
      check (again->columns[c].kind == ds->columns[c].kind);
    }
  for (size_t i = 0; i < ds->n_rows * ds->n_columns; i++)
    check (strcmp (again->cells[i].text, ds->cells[i].text) == 0);

  free (text);
  nl_dataset_free (again);
  nl_dataset_free (copy);
  nl_dataset_free (ds);
  return 0;
}
