/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-train.c: epochs of gradient descent, the optimizers, divergence
 * detection and evaluation.
 *
 * Two paths train. Batch size 1 with plain SGD and no regularisation, the
 * tutorial's, is nl_net_sgd_steps(), nl_net_sgd_step() sample after sample:
 * forward, backward and the update in one pass over the weights. Everything else sums a batch's gradient with
 * nl_batch_gradient() and then moves every parameter with update_one(), the
 * one place the update rule of nl-train.h is written; nl_update_trace() calls
 * it too, so the Backpropagation page shows the numbers training uses.
 */
#include "nl-train.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl-batch.h"
#include "nl-i18n.h"

struct NlSgd
{
  NlTrainOptions  options;
  const NlMatrix *data;
  NlWork         *work;
  size_t         *order;
  double         *saved;     /* parameters from before the current epoch */
  size_t          n_params;
  size_t          n_weights; /* the first n_weights parameters are weights */
  NlRng           rng;
  size_t          epochs;

  /* Batch size 1, SGD, no regularisation: nl_net_sgd_step(). */
  int             fused;
  size_t          batch;     /* samples per step, at most the table's rows */
  NlBatchWork    *batch_work;
  size_t          capacity;  /* the most samples batch_work takes */
  double         *grad;      /* the batch's summed gradient */

  /* The optimizer's memory, and a copy from before the current epoch for
   * when it diverges. */
  uint64_t        steps;
  double         *first;     /* velocity (momentum) or m (Adam) */
  double         *second;    /* v (Adam) */
  uint64_t        saved_steps;
  double         *saved_first;
  double         *saved_second;
};

void
nl_train_options_init (NlTrainOptions *options)
{
  options->learning_rate = 0.1;
  options->loss = NL_LOSS_MSE;
  options->shuffle = 0;
  options->shuffle_seed = 0;
  options->batch_size = 1;
  options->optimizer = NL_OPTIMIZER_SGD;
  options->momentum = 0.9;
  options->beta1 = 0.9;
  options->beta2 = 0.999;
  options->epsilon = 1e-8;
  options->l1 = 0.0;
  options->l2 = 0.0;
}

static int
in_unit_interval (double value)
{
  return value >= 0.0 && value < 1.0;
}

NlStatus
nl_train_options_check (const NlTrainOptions *options,
                        NlError              *error)
{
  if (!(options->learning_rate > 0.0) || !isfinite (options->learning_rate))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The learning rate must be a positive number"));
  if (options->batch_size < 1)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The batch size must be at least 1"));
  if ((unsigned) options->optimizer >= NL_N_OPTIMIZERS)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The optimizer must be SGD, momentum or Adam"));
  if (options->optimizer == NL_OPTIMIZER_MOMENTUM && !in_unit_interval (options->momentum))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The momentum must be at least 0 and below 1 (it is %g)"),
                         options->momentum);
  if (options->optimizer == NL_OPTIMIZER_ADAM)
    {
      if (!in_unit_interval (options->beta1))
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("Adam’s β1 must be at least 0 and below 1 (it is %g)"),
                             options->beta1);
      if (!in_unit_interval (options->beta2))
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("Adam’s β2 must be at least 0 and below 1 (it is %g)"),
                             options->beta2);
      if (!(options->epsilon > 0.0) || !isfinite (options->epsilon))
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("Adam’s ε must be a positive number (it is %g)"),
                             options->epsilon);
    }
  if (!(options->l1 >= 0.0) || !isfinite (options->l1))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The L1 regularisation rate must be 0 or a positive number (it is %g)"),
                         options->l1);
  if (!(options->l2 >= 0.0) || !isfinite (options->l2))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The L2 regularisation rate must be 0 or a positive number (it is %g)"),
                         options->l2);
  return NL_OK;
}

static const char *const optimizer_names[NL_N_OPTIMIZERS] = { "sgd", "momentum", "adam" };

const char *
nl_optimizer_name (NlOptimizer optimizer)
{
  return (unsigned) optimizer < NL_N_OPTIMIZERS ? optimizer_names[optimizer] : "sgd";
}

int
nl_optimizer_from_name (const char  *name,
                        NlOptimizer *out)
{
  for (int i = 0; i < NL_N_OPTIMIZERS; i++)
    if (name != NULL && strcmp (name, optimizer_names[i]) == 0)
      {
        *out = (NlOptimizer) i;
        return 1;
      }
  return 0;
}

double
nl_regularization_penalty (const NlNet *net,
                           double       l1,
                           double       l2)
{
  double sum_abs = 0.0, sum_sq = 0.0;

  for (size_t i = 0; i < net->n_weights; i++)
    {
      sum_abs += fabs (net->params[i]);
      sum_sq += net->params[i] * net->params[i];
    }
  return l1 * sum_abs + l2 / 2.0 * sum_sq;
}

static inline double
sign (double value)
{
  return value > 0.0 ? 1.0 : value < 0.0 ? -1.0 : 0.0;
}

/* The bias corrections of Adam's step @t (from 1): 1 - b1^t and 1 - b2^t. */
static void
bias_corrections (const NlTrainOptions *o,
                  uint64_t              t,
                  double               *bc1,
                  double               *bc2)
{
  *bc1 = 1.0 - pow (o->beta1, (double) t);
  *bc2 = 1.0 - pow (o->beta2, (double) t);
}

/* The update rule of nl-train.h for one parameter: fills @tr (param and
 * grad_data set by the caller) and returns the new value. @bc1 and @bc2 are
 * Adam's bias corrections of this step. */
static inline double
update_one (const NlTrainOptions *o,
            int                   is_weight,
            double                bc1,
            double                bc2,
            double               *first,
            double               *second,
            NlUpdateTrace        *tr)
{
  double p = tr->param, g = tr->grad_data;

  tr->l1_term = 0.0;
  tr->l2_term = 0.0;
  if (is_weight)
    {
      tr->l1_term = o->l1 * sign (p);
      tr->l2_term = o->l2 * p;
      g = (g + tr->l1_term) + tr->l2_term;
    }
  tr->grad = g;
  switch (o->optimizer)
    {
    case NL_OPTIMIZER_MOMENTUM:
      tr->velocity_before = *first;
      *first = o->momentum * *first + g;
      tr->velocity = *first;
      tr->step = o->learning_rate * *first;
      break;
    case NL_OPTIMIZER_ADAM:
      tr->m_before = *first;
      tr->v_before = *second;
      *first = o->beta1 * *first + (1.0 - o->beta1) * g;
      *second = o->beta2 * *second + (1.0 - o->beta2) * (g * g);
      tr->m = *first;
      tr->v = *second;
      tr->m_hat = *first / bc1;
      tr->v_hat = *second / bc2;
      tr->step = o->learning_rate * tr->m_hat / (sqrt (tr->v_hat) + o->epsilon);
      break;
    case NL_OPTIMIZER_SGD:
    case NL_N_OPTIMIZERS:
    default:
      tr->step = o->learning_rate * g;
      break;
    }
  tr->param_after = p - tr->step;
  return tr->param_after;
}

void
nl_update_trace (const NlTrainOptions *options,
                 int                   is_weight,
                 double                param,
                 double                grad_data,
                 uint64_t              steps,
                 double                first,
                 double                second,
                 NlUpdateTrace        *out)
{
  double bc1 = 1.0, bc2 = 1.0;

  memset (out, 0, sizeof *out);
  out->param = param;
  out->grad_data = grad_data;
  out->t = steps + 1;
  if (options->optimizer == NL_OPTIMIZER_ADAM)
    bias_corrections (options, out->t, &bc1, &bc2);
  update_one (options, is_weight, bc1, bc2, &first, &second, out);
}

/* SGD without momentum, Adam or regularisation: nothing to keep per
 * parameter, nothing to add to the gradient. */
static int
plain_sgd (const NlTrainOptions *options)
{
  return options->optimizer == NL_OPTIMIZER_SGD && options->l1 == 0.0 && options->l2 == 0.0;
}

/* Moves every parameter by the update rule, the batch's gradient being
 * @grad_sum / @n. */
static void
apply_update (NlSgd        *sgd,
              double       *params,
              const double *grad_sum,
              size_t        n)
{
  const NlTrainOptions *o = &sgd->options;
  double scale = (double) n, bc1 = 1.0, bc2 = 1.0;
  double dummy = 0.0;

  sgd->steps++;
  if (plain_sgd (o))
    {
      /* update_one() with nothing to add, in a loop that vectorises. */
      nl_batch_sgd_apply (params, grad_sum, sgd->n_params, n, o->learning_rate);
      return;
    }
  if (o->optimizer == NL_OPTIMIZER_ADAM)
    bias_corrections (o, sgd->steps, &bc1, &bc2);
  for (size_t i = 0; i < sgd->n_params; i++)
    {
      NlUpdateTrace tr;

      tr.param = params[i];
      tr.grad_data = grad_sum[i] / scale;
      params[i] = update_one (o, i < sgd->n_weights, bc1, bc2,
                              sgd->first != NULL ? sgd->first + i : &dummy,
                              sgd->second != NULL ? sgd->second + i : &dummy, &tr);
    }
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
  if (nl_train_options_check (options, error) != NL_OK)
    return NULL;

  sgd = calloc (1, sizeof *sgd);
  if (sgd == NULL)
    goto nomem;
  sgd->options = *options;
  sgd->data = data;
  sgd->n_params = net->n_params;
  sgd->n_weights = net->n_weights;
  sgd->fused = options->batch_size == 1 && plain_sgd (options);
  sgd->batch = options->batch_size < data->n_rows ? options->batch_size : data->n_rows;
  if (sgd->batch < 1)
    sgd->batch = 1;
  sgd->work = nl_work_new (net);
  sgd->order = malloc ((data->n_rows > 0 ? data->n_rows : 1) * sizeof *sgd->order);
  sgd->saved = malloc (net->n_params * sizeof *sgd->saved);
  if (sgd->work == NULL || sgd->order == NULL || sgd->saved == NULL)
    goto fail;
  if (!sgd->fused)
    {
      sgd->batch_work = nl_batch_work_new (net, sgd->batch);
      sgd->capacity = sgd->batch;
      sgd->grad = malloc (net->n_params * sizeof *sgd->grad);
      if (sgd->batch_work == NULL || sgd->grad == NULL)
        goto fail;
    }
  if (options->optimizer != NL_OPTIMIZER_SGD)
    {
      sgd->first = calloc (net->n_params, sizeof *sgd->first);
      sgd->saved_first = calloc (net->n_params, sizeof *sgd->saved_first);
      if (sgd->first == NULL || sgd->saved_first == NULL)
        goto fail;
    }
  if (options->optimizer == NL_OPTIMIZER_ADAM)
    {
      sgd->second = calloc (net->n_params, sizeof *sgd->second);
      sgd->saved_second = calloc (net->n_params, sizeof *sgd->saved_second);
      if (sgd->second == NULL || sgd->saved_second == NULL)
        goto fail;
    }
  for (size_t i = 0; i < data->n_rows; i++)
    sgd->order[i] = i;
  nl_rng_seed (&sgd->rng, options->shuffle_seed);
  return sgd;

fail:
  nl_sgd_free (sgd);
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
  nl_batch_work_free (sgd->batch_work);
  free (sgd->grad);
  free (sgd->first);
  free (sgd->second);
  free (sgd->saved_first);
  free (sgd->saved_second);
  free (sgd);
}

size_t
nl_sgd_epoch_count (const NlSgd *sgd)
{
  return sgd->epochs;
}

uint64_t
nl_sgd_steps (const NlSgd *sgd)
{
  return sgd->steps;
}

const double *
nl_sgd_first_moment (const NlSgd *sgd)
{
  return sgd->first;
}

const double *
nl_sgd_second_moment (const NlSgd *sgd)
{
  return sgd->second;
}

void
nl_sgd_set_state (NlSgd        *sgd,
                  uint64_t      steps,
                  const double *first,
                  const double *second)
{
  size_t size = sgd->n_params * sizeof (double);

  sgd->steps = steps;
  if (sgd->first != NULL)
    {
      if (first != NULL)
        memcpy (sgd->first, first, size);
      else
        memset (sgd->first, 0, size);
    }
  if (sgd->second != NULL)
    {
      if (second != NULL)
        memcpy (sgd->second, second, size);
      else
        memset (sgd->second, 0, size);
    }
}

/* Keeps the parameters and the optimizer's memory from before a pass, for
 * diverged() to put back. */
static void
save_state (NlSgd       *sgd,
            const NlNet *net)
{
  size_t size = sgd->n_params * sizeof (double);

  memcpy (sgd->saved, net->params, size);
  sgd->saved_steps = sgd->steps;
  if (sgd->first != NULL)
    memcpy (sgd->saved_first, sgd->first, size);
  if (sgd->second != NULL)
    memcpy (sgd->saved_second, sgd->second, size);
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
  size_t size = sgd->n_params * sizeof (double);

  memcpy (net->params, sgd->saved, size);
  sgd->steps = sgd->saved_steps;
  if (sgd->first != NULL)
    memcpy (sgd->first, sgd->saved_first, size);
  if (sgd->second != NULL)
    memcpy (sgd->second, sgd->saved_second, size);
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

/* One step of the general path; returns the sum of the samples' losses. */
static double
batch_step (NlSgd        *sgd,
            NlNet        *net,
            const size_t *rows,
            size_t        n)
{
  const NlMatrix *data = sgd->data;
  double total = nl_batch_gradient (net, sgd->batch_work, data->x, data->y, rows, n,
                                    sgd->options.loss, sgd->grad);

  apply_update (sgd, net->params, sgd->grad, n);
  return total;
}

NlStatus
nl_sgd_epoch (NlSgd   *sgd,
              NlNet   *net,
              double  *running_loss,
              NlError *error)
{
  const NlMatrix *data = sgd->data;
  double lr = sgd->options.learning_rate;
  NlLoss loss = sgd->options.loss;
  double total = 0.0, max_step;
  StepCheck check;

  save_state (sgd, net);
  if (sgd->options.shuffle)
    shuffle (sgd);

  if (sgd->fused)
    {
      total = nl_net_sgd_steps (net, sgd->work, data->x, data->y, sgd->order, data->n_rows, lr,
                                loss);
      sgd->steps += data->n_rows;
    }
  else if (plain_sgd (&sgd->options) && sgd->batch <= nl_batch_sgd_steps_max ())
    {
      /* What the loop below does for plain SGD, with each layer's step
       * taken where its gradient is found. */
      total = nl_batch_sgd_steps (net, sgd->batch_work, data->x, data->y, sgd->order,
                                  data->n_rows, sgd->batch, loss, lr);
      sgd->steps += (data->n_rows + sgd->batch - 1) / sgd->batch;
    }
  else
    {
      for (size_t i = 0; i < data->n_rows; i += sgd->batch)
        {
          size_t n = data->n_rows - i < sgd->batch ? data->n_rows - i : sgd->batch;

          if (i + n < data->n_rows)
            nl_batch_prefetch_rows (data->x, data->n_inputs, sgd->order + i + n,
                                    data->n_rows - i - n < sgd->batch ? data->n_rows - i - n
                                                                      : sgd->batch);
          total += batch_step (sgd, net, sgd->order + i, n);
        }
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
nl_sgd_batch_step (NlSgd        *sgd,
                   NlNet        *net,
                   const size_t *rows,
                   size_t        n,
                   double       *loss,
                   NlError      *error)
{
  const NlMatrix *data = sgd->data;
  double l, max_step;
  StepCheck check;

  if (n == 0)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, _("A step needs at least one sample"));
  for (size_t i = 0; i < n; i++)
    if (rows[i] >= data->n_rows)
      return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                           _("There is no sample %zu"), rows[i] + 1);

  save_state (sgd, net);
  if (sgd->fused && n == 1)
    {
      l = nl_net_sgd_step (net, sgd->work, data->x + rows[0] * data->n_inputs, data->y[rows[0]],
                           sgd->options.learning_rate, sgd->options.loss);
      sgd->steps++;
    }
  else
    {
      /* A step on more samples than the run's batch (only asked for from
       * outside an epoch) needs scratch memory of its size. */
      if (sgd->batch_work == NULL || n > sgd->capacity)
        {
          NlBatchWork *work = nl_batch_work_new (net, n);
          double *grad = sgd->grad != NULL ? sgd->grad : malloc (sgd->n_params * sizeof *grad);

          if (work == NULL || grad == NULL)
            {
              nl_batch_work_free (work);
              if (grad != sgd->grad)
                free (grad);
              return nl_error_set (error, NL_ERR_NOMEM, 0, 0,
                                   _("Out of memory while preparing training"));
            }
          nl_batch_work_free (sgd->batch_work);
          sgd->batch_work = work;
          sgd->grad = grad;
          sgd->capacity = n;
        }
      l = batch_step (sgd, net, rows, n);
    }
  check = check_step (sgd, net, l, &max_step);
  if (check != STEP_OK)
    return diverged (sgd, net, check, max_step, error);
  if (loss != NULL)
    *loss = l / (double) n;
  return NL_OK;
}

NlStatus
nl_sgd_sample_step (NlSgd   *sgd,
                    NlNet   *net,
                    size_t   index,
                    double  *loss,
                    NlError *error)
{
  return nl_sgd_batch_step (sgd, net, &index, 1, loss, error);
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
