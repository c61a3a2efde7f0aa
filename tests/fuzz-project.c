/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-project.c: a libFuzzer target for the project file reader and writer.
 *
 * Whatever the reader accepts must pass the writer's check, be written, and
 * read back to the same project: the same cell texts and states, classes,
 * parameters bit for bit, settings (test set and stop conditions included)
 * and histories (a missing test history is all nan); and writing that again must
 * give the same text. The network must also run on it. A mismatch aborts,
 * so the fuzzer reports it like a crash. Every input is tried twice: as a
 * file, and as an edit of a valid project (see make_template()).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore tests/fuzz-project.c \
 *     core/nl-project.c core/nl-file.c core/nl-dataset.c core/nl-net.c \
 *     core/nl-rng.c core/nl-train.c core/nl-error.c -lm -o fuzz-project
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl-project.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check (int condition)
{
  if (!condition)
    abort ();
}

static int
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0 || (isnan (a) && isnan (b));
}

static int
same_history (const NlHistory *a,
              const NlHistory *b)
{
  const NlHistoryBucket *ba, *bb;
  size_t na, nb;

  if (a == NULL || b == NULL)
    return a == b || nl_history_epochs (a != NULL ? a : b) == 0;
  if (nl_history_epochs (a) != nl_history_epochs (b)
      || nl_history_bucket_epochs (a) != nl_history_bucket_epochs (b))
    return 0;
  ba = nl_history_buckets (a, &na);
  bb = nl_history_buckets (b, &nb);
  if (na != nb)
    return 0;
  for (size_t i = 0; i < na; i++)
    if (!same_double (ba[i].first, bb[i].first) || !same_double (ba[i].min, bb[i].min)
        || !same_double (ba[i].max, bb[i].max) || !same_double (ba[i].last, bb[i].last))
      return 0;
  return 1;
}

static int
same_string (const char *a,
             const char *b)
{
  return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp (a, b) == 0);
}

/* Checks one file (see the top of this file). */
static void
check_file (const char *data,
            size_t      size)
{
  NlProject p, q;
  NlError error;
  NlWork *work;
  double *x;
  char *text, *again;
  size_t length, length2;

  if (nl_project_read_buffer (data, size, &p, &error) != NL_OK)
    {
      check (error.status != NL_OK && error.message[0] != '\0');
      check (p.dataset == NULL && p.net == NULL && p.history == NULL);
      return;
    }

  check (nl_project_check (&p, &error) == NL_OK);
  work = nl_work_new (p.net);
  x = calloc (nl_net_n_inputs (p.net), sizeof *x);
  check (work != NULL && x != NULL);
  (void) nl_net_predict (p.net, work, x);
  free (x);
  nl_work_free (work);

  text = nl_project_write_buffer (&p, &length, &error);
  check (text != NULL && strlen (text) == length);
  check (nl_project_read_buffer (text, length, &q, &error) == NL_OK);

  check (q.dataset->n_columns == p.dataset->n_columns && q.dataset->n_rows == p.dataset->n_rows);
  check (q.dataset->label_column == p.dataset->label_column);
  for (size_t c = 0; c < p.dataset->n_columns; c++)
    {
      const NlColumn *a = &p.dataset->columns[c], *b = &q.dataset->columns[c];

      check (strcmp (a->name, b->name) == 0 && a->kind == b->kind && a->is_input == b->is_input);
      check (a->n_classes == b->n_classes);
      for (size_t k = 0; k < a->n_classes; k++)
        check (same_string (a->classes[k], b->classes[k]));
      if (a->kind == NL_COLUMN_NUMERIC)
        check (same_double (a->shift, b->shift) && same_double (a->scale, b->scale)
               && a->normalize == b->normalize);
    }
  for (size_t i = 0; i < p.dataset->n_rows * p.dataset->n_columns; i++)
    {
      check (strcmp (p.dataset->cells[i].text, q.dataset->cells[i].text) == 0);
      check (p.dataset->cells[i].state == q.dataset->cells[i].state);
      check (same_double (p.dataset->cells[i].value, q.dataset->cells[i].value));
    }
  check (nl_net_same_shape (p.net, q.net));
  check (memcmp (p.net->params, q.net->params, p.net->n_params * sizeof (double)) == 0);
  check (p.activation == q.activation && p.init == q.init && p.seed == q.seed);
  check (p.epochs_per_run == q.epochs_per_run && p.epoch == q.epoch);
  check (same_double (p.options.learning_rate, q.options.learning_rate));
  check (p.options.loss == q.options.loss && p.options.shuffle == q.options.shuffle);
  check (same_double (p.loss, q.loss) && same_double (p.accuracy, q.accuracy));
  check (same_history (p.history, q.history));
  check (p.test_percent == q.test_percent && p.test_percent <= NL_PROJECT_MAX_TEST_PERCENT);
  check (p.split_seed == q.split_seed && p.early_stopping == q.early_stopping);
  check (same_double (p.target_loss, q.target_loss) && isfinite (q.target_loss)
         && q.target_loss >= 0.0);
  check (same_double (p.test_loss, q.test_loss) && same_double (p.test_accuracy, q.test_accuracy));
  check (q.test_history == NULL || p.test_history != NULL);
  check (q.test_history == NULL || same_history (p.test_history, q.test_history));

  again = nl_project_write_buffer (&q, &length2, &error);
  check (again != NULL && length2 == length && memcmp (again, text, length) == 0);

  free (again);
  free (text);
  nl_project_clear (&q);
  nl_project_clear (&p);
}

/* A valid project to edit: the tutorial after a few epochs, with an invalid
 * cell, a test set, stop conditions and a test history with nan in it.
 * Random bytes rarely make a valid file, so each input is also tried
 * as an edit of this one, which reaches every check of the reader without
 * a seed corpus. */
static char   *template;
static size_t  template_length;

static void
make_template (void)
{
  const size_t sizes[] = { 2, 2, 1 };
  NlProject p;
  NlMatrix m;
  NlSgd *sgd;
  NlRng rng;
  NlEvaluation eval;
  size_t row;

  nl_project_init (&p);
  p.dataset = nl_dataset_new_tutorial ();
  row = nl_dataset_append_row (p.dataset);
  nl_dataset_set_cell (p.dataset, row, 0, " Eve;\\ \"x\"\n", NULL);
  nl_dataset_set_cell (p.dataset, row, 1, "1,5", NULL);
  p.net = nl_net_new (3, sizes, NULL, NULL);
  nl_rng_seed (&rng, 1);
  nl_net_init (p.net, NL_INIT_NORMAL, &rng);
  check (nl_dataset_to_matrix (p.dataset, &m, NULL) == NL_OK);
  sgd = nl_sgd_new (p.net, &m, &p.options, NULL);
  p.history = nl_history_new (0);
  p.test_history = nl_history_new (0);
  for (int e = 0; e < 3; e++)
    {
      check (nl_sgd_epoch_evaluate (sgd, p.net, &eval, NULL) == NL_OK);
      check (nl_history_append (p.history, eval.loss));
      check (nl_history_append (p.test_history, e == 1 ? NAN : eval.loss * 1.5));
    }
  p.epoch = 3;
  p.loss = eval.loss;
  p.accuracy = eval.accuracy;
  p.test_loss = eval.loss * 1.5;
  p.test_accuracy = 0.5;
  p.test_percent = 25;
  p.split_seed = 7;
  p.target_loss = 0.001;
  p.early_stopping = 1;
  template = nl_project_write_buffer (&p, &template_length, NULL);
  check (template != NULL);
  nl_sgd_free (sgd);
  nl_matrix_clear (&m);
  nl_project_clear (&p);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  size_t at, cut;
  char *edited;

  check_file ((const char *) data, size);

  /* The edit: two bytes of position, one of how much to delete there, and
   * the rest to insert. */
  if (size < 3)
    return 0;
  if (template == NULL)
    make_template ();
  at = ((size_t) data[0] | (size_t) data[1] << 8) % (template_length + 1);
  cut = data[2] % 16;
  if (cut > template_length - at)
    cut = template_length - at;
  edited = malloc (template_length - cut + size - 3 + 1);
  check (edited != NULL);
  memcpy (edited, template, at);
  memcpy (edited + at, data + 3, size - 3);
  memcpy (edited + at + size - 3, template + at + cut, template_length - at - cut);
  check_file (edited, template_length - cut + size - 3);
  free (edited);
  return 0;
}
