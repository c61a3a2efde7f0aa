/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-data.c: what `neuronlab-cli bench` trains on, for peers that cannot
 * link the core (bench/torch-bench.py):
 *
 *   bench-data LAYERS N SEED OUT      (e.g. 64,64,64,1 10000 42 /tmp/data.bin)
 *
 * writes, as native doubles one after another, the N x LAYERS[0] inputs of
 * nl_synthetic_matrix() (row by row), its N targets, and the network's
 * starting parameters as `neuronlab-cli bench` draws them (NL_INIT_SCALED
 * from the same seed), in the order of net->params (nl-net.h: the weights
 * layer by layer, neuron by neuron, then the biases).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl-net.h"
#include "nl-rng.h"
#include "nl-synthetic.h"

static int
usage (void)
{
  fprintf (stderr, "Usage: bench-data LAYERS N SEED OUT   (e.g. 64,64,64,1 10000 42 data.bin)\n");
  return 2;
}

static int
parse_ulong (const char    *text,
             unsigned long *out)
{
  char *end;

  if (text == NULL || *text < '0' || *text > '9')
    return 0;
  errno = 0;
  *out = strtoul (text, &end, 10);
  return errno == 0 && *end == '\0';
}

int
main (int    argc,
      char **argv)
{
  size_t sizes[NL_MAX_LAYERS], n_layers = 0;
  unsigned long n_rows, seed;
  const char *p;
  NlError error = { 0 };
  NlMatrix data = { 0 };
  NlNet *net;
  NlRng rng;
  FILE *out;
  int ok;

  if (argc != 5 || !parse_ulong (argv[2], &n_rows) || n_rows == 0
      || !parse_ulong (argv[3], &seed))
    return usage ();
  for (p = argv[1]; n_layers < NL_MAX_LAYERS;)
    {
      char *end;

      errno = 0;
      sizes[n_layers++] = strtoul (p, &end, 10);
      if (errno != 0 || end == p || sizes[n_layers - 1] == 0)
        return usage ();
      if (*end == '\0')
        break;
      if (*end != ',')
        return usage ();
      p = end + 1;
    }

  net = nl_net_new (n_layers, sizes, NULL, &error);
  if (net == NULL || nl_synthetic_matrix (sizes[0], n_rows, seed, &data, &error) != NL_OK)
    {
      fprintf (stderr, "bench-data: %s\n", error.message);
      return 1;
    }
  nl_rng_seed (&rng, seed);
  nl_net_init (net, NL_INIT_SCALED, &rng);

  out = fopen (argv[4], "wb");
  if (out == NULL)
    {
      fprintf (stderr, "bench-data: %s: %s\n", argv[4], strerror (errno));
      return 1;
    }
  ok = fwrite (data.x, sizeof (double), n_rows * sizes[0], out) == n_rows * sizes[0]
       && fwrite (data.y, sizeof (double), n_rows, out) == n_rows
       && fwrite (net->params, sizeof (double), net->n_params, out) == net->n_params;
  if (fclose (out) != 0 || !ok)
    {
      fprintf (stderr, "bench-data: %s: could not write\n", argv[4]);
      return 1;
    }
  nl_matrix_clear (&data);
  nl_net_free (net);
  return 0;
}
