/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fann-bench.c: the reference point for `neuronlab-cli bench`: the same data,
 * the same network and the same per-sample SGD, trained by FANN (doublefann).
 *
 *   fann-bench LAYERS N EPOCHS SEED     (e.g. 2,16,16,1 10000 20 42)
 *
 * prints one line, `impl=fann samples_per_s=... final_mse=...`, in the same
 * form as neuronlab-cli's, so bench/run can put the two side by side.
 *
 * What makes the two comparable (see REFERENCE.md, "Other tools' conventions"):
 * - the data comes from nl_synthetic_matrix(), as in neuronlab-cli;
 * - FANN_SIGMOID with steepness 0.5 is the plain logistic 1 / (1 + e^-x);
 * - FANN's output error is (t - y) f'(y), half of the tutorial's dL/dy_pred, so
 *   learning rate 0.2 here takes neuronlab's 0.1 steps; the error function is
 *   set to linear (FANN's default, "tanh", would stretch the error);
 * - FANN_TRAIN_INCREMENTAL is per-sample SGD in table order (fann_train_epoch
 *   does not shuffle), momentum 0;
 * - the starting weights are neuronlab's NL_INIT_SCALED draw from the same
 *   seed (weights from N(0, 1 / fan_in), biases 0), copied into FANN's layout;
 * - final_mse is the tutorial's mean of (y - y_pred)^2 over the rows, computed
 *   here with fann_run(), not FANN's own MSE.
 * Only the epochs are timed. FANN clips y to [0.01, 0.99] inside f', so the
 * trajectories are close to neuronlab's but not identical.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <doublefann.h>

#include "nl-net.h"
#include "nl-rng.h"
#include "nl-synthetic.h"

static int
usage (void)
{
  fprintf (stderr, "Usage: fann-bench LAYERS N EPOCHS SEED   (e.g. 2,16,16,1 10000 20 42)\n");
  return 2;
}

static int
parse_ulong (const char    *text,
             unsigned long *out)
{
  char *end;

  if (text == NULL || *text == '\0' || *text == '-' || *text == '+')
    return 0;
  errno = 0;
  *out = strtoul (text, &end, 10);
  return errno == 0 && *end == '\0';
}

/* "2,16,16,1" into @sizes; the number of layers, or 0 when malformed. */
static size_t
parse_layers (const char *text,
              size_t     *sizes,
              size_t      max)
{
  size_t n = 0;
  const char *p = text;

  while (n < max)
    {
      char *end;
      unsigned long v;

      if (*p < '0' || *p > '9')
        return 0;
      errno = 0;
      v = strtoul (p, &end, 10);
      if (errno != 0 || v == 0 || v > NL_MAX_LAYER_SIZE)
        return 0;
      sizes[n++] = v;
      if (*end == '\0')
        return n;
      if (*end != ',')
        return 0;
      p = end + 1;
    }
  return 0;
}

static double
seconds_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* Copies neuronlab's parameters into FANN's weights. fann_create_standard
 * gives every neuron of layer l its connections from the neurons of layer
 * l - 1 in order, then one from that layer's bias neuron. */
static int
copy_weights (struct fann *ann,
              const NlNet *net)
{
  size_t l = 1;

  for (struct fann_layer *layer = ann->first_layer + 1; layer != ann->last_layer; layer++, l++)
    {
      size_t n_in = net->sizes[l - 1];
      size_t j = 0;

      /* The last neuron of every layer but the output is the bias neuron. */
      for (struct fann_neuron *neuron = layer->first_neuron;
           neuron != layer->last_neuron && j < net->sizes[l]; neuron++, j++)
        {
          if (neuron->last_con - neuron->first_con != n_in + 1)
            return 0;
          for (size_t k = 0; k < n_in; k++)
            ann->weights[neuron->first_con + k] = net->params[nl_net_weight_index (net, l, j, k)];
          ann->weights[neuron->first_con + n_in] = net->params[nl_net_bias_index (net, l, j)];
        }
      if (j != net->sizes[l])
        return 0;
    }
  return l == net->n_layers;
}

int
main (int    argc,
      char **argv)
{
  size_t sizes[NL_MAX_LAYERS];
  unsigned int fann_sizes[NL_MAX_LAYERS];
  size_t n_layers;
  unsigned long n_rows, epochs, seed;
  NlError error = { 0 };
  NlMatrix data = { 0 };
  NlNet *net;
  NlRng rng;
  struct fann *ann;
  struct fann_train_data *train;
  double start, elapsed, total = 0.0;

  if (argc != 5)
    return usage ();
  n_layers = parse_layers (argv[1], sizes, NL_MAX_LAYERS);
  if (n_layers < 2 || !parse_ulong (argv[2], &n_rows) || n_rows == 0
      || !parse_ulong (argv[3], &epochs) || epochs == 0 || !parse_ulong (argv[4], &seed))
    return usage ();

  net = nl_net_new (n_layers, sizes, NULL, &error);
  if (net == NULL || nl_synthetic_matrix (sizes[0], n_rows, seed, &data, &error) != NL_OK)
    {
      fprintf (stderr, "fann-bench: %s\n", error.message);
      return 1;
    }
  nl_rng_seed (&rng, seed);
  nl_net_init (net, NL_INIT_SCALED, &rng);

  for (size_t l = 0; l < n_layers; l++)
    fann_sizes[l] = (unsigned int) sizes[l];
  ann = fann_create_standard_array ((unsigned int) n_layers, fann_sizes);
  if (ann == NULL)
    {
      fprintf (stderr, "fann-bench: fann_create_standard_array failed\n");
      return 1;
    }
  fann_set_activation_function_hidden (ann, FANN_SIGMOID);
  fann_set_activation_function_output (ann, FANN_SIGMOID);
  fann_set_activation_steepness_hidden (ann, 0.5);
  fann_set_activation_steepness_output (ann, 0.5);
  fann_set_training_algorithm (ann, FANN_TRAIN_INCREMENTAL);
  fann_set_train_error_function (ann, FANN_ERRORFUNC_LINEAR);
  fann_set_learning_rate (ann, 0.2f);
  fann_set_learning_momentum (ann, 0.0f);
  if (!copy_weights (ann, net))
    {
      fprintf (stderr, "fann-bench: unexpected FANN connection layout\n");
      return 1;
    }

  train = fann_create_train ((unsigned int) n_rows, (unsigned int) sizes[0], 1);
  if (train == NULL)
    {
      fprintf (stderr, "fann-bench: fann_create_train failed\n");
      return 1;
    }
  for (size_t r = 0; r < n_rows; r++)
    {
      memcpy (train->input[r], data.x + r * sizes[0], sizes[0] * sizeof (double));
      train->output[r][0] = data.y[r];
    }

  start = seconds_now ();
  for (unsigned long e = 0; e < epochs; e++)
    fann_train_epoch (ann, train);
  elapsed = seconds_now () - start;

  for (size_t r = 0; r < n_rows; r++)
    {
      double d = data.y[r] - fann_run (ann, train->input[r])[0];

      total += d * d;
    }

  printf ("impl=fann samples_per_s=%.0f final_mse=%.6f\n",
          (double) n_rows * (double) epochs / elapsed, total / (double) n_rows);

  fann_destroy_train (train);
  fann_destroy (ann);
  nl_matrix_clear (&data);
  nl_net_free (net);
  return 0;
}
