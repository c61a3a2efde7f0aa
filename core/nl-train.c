/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-train.c: epochs of per-sample SGD, divergence detection and evaluation. */
#include "nl-train.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl-i18n.h"

struct NlSgd
{
  NlTrainOptions  options;
  const NlMatrix *data;
  NlWork         *work;
  size_t         *order;
  double         *saved;     /* parameters from before the current epoch */
  size_t          n_params;
  NlRng           rng;
  size_t          epochs;
};

void
nl_train_options_init (NlTrainOptions *options)
{
  options->learning_rate = 0.1;
  options->loss = NL_LOSS_MSE;
  options->shuffle = 0;
  options->shuffle_seed = 0;
}

NlSgd *
nl_sgd_new (const NlNet          *net,
            const NlMatrix       *data,
            const NlTrainOptions *options,
            NlError              *error)
{
  NlSgd *sgd;

  if (data->n_inputs != nl_net_n_inputs (net))
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0,
                    _("The table has %zu inputs but the network expects %zu"),
                    data->n_inputs, nl_net_n_inputs (net));
      return NULL;
    }
  if (nl_net_n_outputs (net) != nl_task_n_outputs (&data->task)
      && !(data->task.kind == NL_TASK_BINARY && nl_net_n_outputs (net) == 1))
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0,
                    _("The table has %zu classes but the network has %zu outputs"),
                    nl_task_n_outputs (&data->task), nl_net_n_outputs (net));
      return NULL;
    }
  if (!(options->learning_rate > 0.0) || !isfinite (options->learning_rate))
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0,
                    _("The learning rate must be a positive number"));
      return NULL;
    }

  sgd = calloc (1, sizeof *sgd);
  if (sgd == NULL)
    goto nomem;
  sgd->options = *options;
  sgd->data = data;
  sgd->n_params = net->n_params;
  sgd->work = nl_work_new (net);
  sgd->order = malloc ((data->n_rows > 0 ? data->n_rows : 1) * sizeof *sgd->order);
  sgd->saved = malloc (net->n_params * sizeof *sgd->saved);
  if (sgd->work == NULL || sgd->order == NULL || sgd->saved == NULL)
    {
      nl_sgd_free (sgd);
      goto nomem;
    }
  for (size_t i = 0; i < data->n_rows; i++)
    sgd->order[i] = i;
  nl_rng_seed (&sgd->rng, options->shuffle_seed);
  return sgd;

nomem:
  nl_error_set (error, NL_ERR_NOMEM, 0, 0, _("Out of memory while preparing training"));
  return NULL;
}

void
nl_sgd_free (NlSgd *sgd)
{
  if (sgd == NULL)
    return;
  nl_work_free (sgd->work);
  free (sgd->order);
  free (sgd->saved);
  free (sgd);
}

size_t
nl_sgd_epoch_count (const NlSgd *sgd)
{
  return sgd->epochs;
}

static void
shuffle (NlSgd *sgd)
{
  /* Fisher-Yates from the run's own generator: reproducible from the seed. */
  for (size_t i = sgd->data->n_rows; i > 1; i--)
    {
      size_t j = (size_t) nl_rng_below (&sgd->rng, i);
      size_t t = sgd->order[i - 1];

      sgd->order[i - 1] = sgd->order[j];
      sgd->order[j] = t;
    }
}

/* A step that moves some parameter by more than this many times the largest
 * parameter (or 1) is divergence, even when every number is still finite:
 * with sigmoids, a learning rate far too large saturates every neuron in a
 * few steps, the gradients vanish and the loss freezes at its worst. On the
 * tutorial's table, learning rates that still converge stay below 4 here,
 * those that saturate the network go above 10. */
#define EXPLODING_STEP_RATIO 10.0

typedef enum
{
  STEP_OK,
  STEP_NOT_FINITE,
  STEP_EXPLODED,
} StepCheck;

/* One pass over the parameters against the copy from before the step. */
static StepCheck
check_step (const NlSgd *sgd,
            const NlNet *net,
            double       loss_sum,
            double      *max_step)
{
  const double *p = net->params, *saved = sgd->saved;
  double largest = 1.0, step = 0.0;
  int finite = isfinite (loss_sum);

  for (size_t i = 0; i < sgd->n_params; i++)
    {
      double d = fabs (p[i] - saved[i]);
      double b = fabs (saved[i]);

      /* False for NaN and infinity alike; saved[] is always finite. */
      finite &= d < INFINITY;
      step = d > step ? d : step;
      largest = b > largest ? b : largest;
    }

  *max_step = step;
  if (!finite)
    return STEP_NOT_FINITE;
  if (step > EXPLODING_STEP_RATIO * largest)
    return STEP_EXPLODED;
  return STEP_OK;
}

static NlStatus
diverged (NlSgd     *sgd,
          NlNet     *net,
          StepCheck  check,
          double     max_step,
          NlError   *error)
{
  memcpy (net->params, sgd->saved, sgd->n_params * sizeof (double));
  if (check == STEP_NOT_FINITE)
    return nl_error_set (error, NL_ERR_DIVERGED, 0, 0,
                         _("Training diverged in epoch %zu: the loss or a weight became "
                           "infinite or not a number. Try a smaller learning rate "
                           "(now %g); the parameters from before that epoch were kept."),
                         sgd->epochs + 1, sgd->options.learning_rate);
  return nl_error_set (error, NL_ERR_DIVERGED, 0, 0,
                       _("Training diverged in epoch %zu: one epoch moved a weight by %.3g, "
                         "more than ten times the largest weight: steps this large overshoot "
                         "and saturate the neurons instead of learning. Try a smaller "
                         "learning rate (now %g); the parameters from before that epoch "
                         "were kept."),
                       sgd->epochs + 1, max_step, sgd->options.learning_rate);
}

NlStatus
nl_sgd_epoch (NlSgd   *sgd,
              NlNet   *net,
              double  *running_loss,
              NlError *error)
{
  const NlMatrix *data = sgd->data;
  size_t n_in = data->n_inputs;
  double lr = sgd->options.learning_rate;
  NlLoss loss = sgd->options.loss;
  double total = 0.0, max_step;
  StepCheck check;

  memcpy (sgd->saved, net->params, sgd->n_params * sizeof (double));
  if (sgd->options.shuffle)
    shuffle (sgd);

  for (size_t i = 0; i < data->n_rows; i++)
    {
      size_t r = sgd->order[i];

      total += nl_net_sgd_step (net, sgd->work, data->x + r * n_in, data->y[r], lr, loss);
    }

  /* The sum of the losses is NaN or infinite as soon as one of them is, and
   * a weight that overflowed shows up in the parameter check. */
  check = check_step (sgd, net, total, &max_step);
  if (check != STEP_OK)
    return diverged (sgd, net, check, max_step, error);

  sgd->epochs++;
  if (running_loss != NULL)
    *running_loss = data->n_rows > 0 ? total / (double) data->n_rows : 0.0;
  return NL_OK;
}

NlStatus
nl_sgd_sample_step (NlSgd   *sgd,
                    NlNet   *net,
                    size_t   index,
                    double  *loss,
                    NlError *error)
{
  const NlMatrix *data = sgd->data;
  double l, max_step;
  StepCheck check;

  if (index >= data->n_rows)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("There is no sample %zu"), index + 1);

  memcpy (sgd->saved, net->params, sgd->n_params * sizeof (double));
  l = nl_net_sgd_step (net, sgd->work, data->x + index * data->n_inputs, data->y[index],
                       sgd->options.learning_rate, sgd->options.loss);
  check = check_step (sgd, net, l, &max_step);
  if (check != STEP_OK)
    return diverged (sgd, net, check, max_step, error);
  if (loss != NULL)
    *loss = l;
  return NL_OK;
}

NlStatus
nl_sgd_epoch_evaluate (NlSgd        *sgd,
                       NlNet        *net,
                       NlEvaluation *result,
                       NlError      *error)
{
  NlStatus status = nl_sgd_epoch (sgd, net, NULL, error);

  if (status != NL_OK)
    return status;
  nl_evaluate (net, sgd->work, sgd->data, sgd->options.loss, result);
  if (!isfinite (result->loss))
    {
      /* The epoch's steps were finite, but the network now gives a loss that
       * is not; treat it like any other divergence. */
      sgd->epochs--;
      return diverged (sgd, net, STEP_NOT_FINITE, 0.0, error);
    }
  return NL_OK;
}

void
nl_evaluate_confusion (const NlNet    *net,
                       NlWork         *work,
                       const NlMatrix *data,
                       NlLoss          loss,
                       NlEvaluation   *result,
                       unsigned       *counts)
{
  const NlTask *task = &data->task;
  /* A matrix built by hand (zeroed) is binary. */
  size_t k = task->kind == NL_TASK_BINARY ? 2 : task->n_classes, right = 0;
  double total = 0.0, sse = 0.0, mean = 0.0, sst = 0.0;

  if (counts != NULL && nl_task_is_classification (task))
    memset (counts, 0, k * k * sizeof (unsigned));
  for (size_t r = 0; r < data->n_rows; r++)
    {
      double y = data->y[r];

      nl_net_forward (net, work, data->x + r * data->n_inputs);
      total += nl_net_sample_loss (net, work, y, loss);
      if (nl_task_is_classification (task))
        {
          size_t predicted = nl_task_decode_class (task, nl_net_outputs (net, work), NULL);
          size_t truth = y >= 0.0 && y < (double) k ? (size_t) y : 0;

          right += predicted == truth;
          if (counts != NULL)
            counts[truth * k + predicted]++;
        }
      else
        {
          double d = nl_net_outputs (net, work)[0] - y;

          sse += d * d;
          mean += y;
        }
    }

  result->loss = data->n_rows > 0 ? total / (double) data->n_rows : 0.0;
  result->accuracy = NAN;
  result->rmse = NAN;
  result->r2 = NAN;
  if (nl_task_is_classification (task))
    {
      result->accuracy = data->n_rows > 0 ? (double) right / (double) data->n_rows : 0.0;
      return;
    }
  if (data->n_rows == 0)
    return;
  /* Errors are summed in the standardised units the network sees; the RMSE
   * is scaled back to the target's, R² needs no scale. */
  mean /= (double) data->n_rows;
  for (size_t r = 0; r < data->n_rows; r++)
    sst += (data->y[r] - mean) * (data->y[r] - mean);
  result->rmse = sqrt (sse / (double) data->n_rows) * data->y_scale;
  result->r2 = sst > 0.0 ? 1.0 - sse / sst : NAN;
}

void
nl_evaluate (const NlNet    *net,
             NlWork         *work,
             const NlMatrix *data,
             NlLoss          loss,
             NlEvaluation   *result)
{
  nl_evaluate_confusion (net, work, data, loss, result, NULL);
}

/* Allocates @m for @n_rows rows of @n_inputs inputs. */
static NlStatus
matrix_alloc (NlMatrix *m,
              size_t    n_rows,
              size_t    n_inputs)
{
  size_t rows = n_rows > 0 ? n_rows : 1;

  memset (m, 0, sizeof *m);
  if (n_inputs > 0 && rows > SIZE_MAX / sizeof (double) / n_inputs)
    return NL_ERR_NOMEM;
  m->x = malloc (rows * (n_inputs > 0 ? n_inputs : 1) * sizeof *m->x);
  m->y = malloc (rows * sizeof *m->y);
  m->source_row = malloc (rows * sizeof *m->source_row);
  if (m->x == NULL || m->y == NULL || m->source_row == NULL)
    {
      nl_matrix_clear (m);
      return NL_ERR_NOMEM;
    }
  m->n_rows = n_rows;
  m->n_inputs = n_inputs;
  m->y_scale = 1.0;
  return NL_OK;
}

static void
matrix_copy_row (NlMatrix       *to,
                 size_t          to_row,
                 const NlMatrix *from,
                 size_t          from_row)
{
  memcpy (to->x + to_row * to->n_inputs, from->x + from_row * from->n_inputs,
          from->n_inputs * sizeof (double));
  to->y[to_row] = from->y[from_row];
  to->source_row[to_row] = from->source_row != NULL ? from->source_row[from_row] : from_row;
}

/* The class of row @i, the group a split keeps in proportion; one group for
 * regression. */
static size_t
stratum (const NlMatrix *all,
         size_t          n_strata,
         size_t          i)
{
  double y = all->y[i];

  if (n_strata == 1)
    return 0;
  if (n_strata == 2)
    return y >= 0.5;
  return y >= 0.0 && y < (double) n_strata ? (size_t) y : 0;
}

NlStatus
nl_matrix_split (const NlMatrix *all,
                 double          test_fraction,
                 uint64_t        seed,
                 NlMatrix       *train,
                 NlMatrix       *test,
                 NlError        *error)
{
  size_t n = all->n_rows;
  size_t *order = NULL;
  unsigned char *in_test = NULL;
  size_t class_rows[NL_MAX_CLASSES] = { 0 }, quota[NL_MAX_CLASSES], n_test = 0;
  size_t n_strata = all->task.kind == NL_TASK_BINARY ? 2
                    : all->task.kind == NL_TASK_MULTICLASS ? all->task.n_classes : 1;
  NlRng rng;

  memset (train, 0, sizeof *train);
  memset (test, 0, sizeof *test);
  if (!(test_fraction >= 0.0 && test_fraction < 1.0))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The share of test rows must be at least 0 and below 1"));

  order = malloc ((n > 0 ? n : 1) * sizeof *order);
  in_test = calloc (n > 0 ? n : 1, 1);
  if (order == NULL || in_test == NULL)
    goto nomem;

  if (n_strata < 1 || n_strata > NL_MAX_CLASSES)
    n_strata = 1;
  for (size_t i = 0; i < n; i++)
    {
      order[i] = i;
      class_rows[stratum (all, n_strata, i)]++;
    }
  for (size_t c = 0; c < n_strata; c++)
    {
      quota[c] = (size_t) floor (test_fraction * (double) class_rows[c] + 0.5);
      /* Every class keeps a training row, so the network still sees it. */
      if (class_rows[c] > 0 && quota[c] >= class_rows[c])
        quota[c] = class_rows[c] - 1;
    }

  /* Fisher-Yates from the split's own generator, then the first rows of the
   * shuffled order fill each class's quota. */
  nl_rng_seed (&rng, seed);
  for (size_t i = n; i > 1; i--)
    {
      size_t j = (size_t) nl_rng_below (&rng, i);
      size_t t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
  for (size_t i = 0; i < n; i++)
    {
      size_t c = stratum (all, n_strata, order[i]);

      if (quota[c] > 0)
        {
          quota[c]--;
          in_test[order[i]] = 1;
          n_test++;
        }
    }

  if (matrix_alloc (train, n - n_test, all->n_inputs) != NL_OK ||
      matrix_alloc (test, n_test, all->n_inputs) != NL_OK)
    {
      nl_matrix_clear (train);
      goto nomem;
    }
  for (size_t i = 0, a = 0, b = 0; i < n; i++)
    {
      if (in_test[i])
        matrix_copy_row (test, b++, all, i);
      else
        matrix_copy_row (train, a++, all, i);
    }
  train->n_skipped = all->n_skipped;
  train->task = test->task = all->task;
  train->y_shift = test->y_shift = all->y_shift;
  train->y_scale = test->y_scale = all->y_scale;

  free (order);
  free (in_test);
  return NL_OK;

nomem:
  free (order);
  free (in_test);
  return nl_error_set (error, NL_ERR_NOMEM, 0, 0, _("Out of memory while splitting the table"));
}

void
nl_confusion (const NlNet    *net,
              NlWork         *work,
              const NlMatrix *data,
              unsigned       *counts)
{
  NlEvaluation ignored;

  nl_evaluate_confusion (net, work, data, NL_LOSS_MSE, &ignored, counts);
}
