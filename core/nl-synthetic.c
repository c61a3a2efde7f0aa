/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-synthetic.c: the benchmark's seeded two-class data set. */
#include "nl-synthetic.h"

#include <math.h>
#include <stdlib.h>

#include "nl-i18n.h"
#include "nl-rng.h"

NlStatus
nl_synthetic_matrix (size_t    n_inputs,
                     size_t    n_rows,
                     uint64_t  seed,
                     NlMatrix *out,
                     NlError  *error)
{
  NlRng rng;
  double *direction;

  out->n_rows = 0;
  out->n_inputs = n_inputs;
  out->x = NULL;
  out->y = NULL;
  out->source_row = NULL;
  out->n_skipped = 0;

  if (n_inputs == 0 || n_rows == 0 || n_inputs > SIZE_MAX / sizeof (double) / n_rows)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("A synthetic data set needs at least one input and one row"));

  out->x = malloc (n_rows * n_inputs * sizeof (double));
  out->y = malloc (n_rows * sizeof (double));
  out->source_row = malloc (n_rows * sizeof (size_t));
  direction = malloc (n_inputs * sizeof (double));
  if (out->x == NULL || out->y == NULL || out->source_row == NULL || direction == NULL)
    {
      free (direction);
      nl_matrix_clear (out);
      return nl_error_set (error, NL_ERR_NOMEM, 0, 0, _("Out of memory"));
    }

  nl_rng_seed (&rng, seed);
  for (size_t k = 0; k < n_inputs; k++)
    direction[k] = nl_rng_normal (&rng);

  for (size_t r = 0; r < n_rows; r++)
    {
      double *x = out->x + r * n_inputs;
      double s = 0.0;

      for (size_t k = 0; k < n_inputs; k++)
        {
          x[k] = nl_rng_normal (&rng);
          s += direction[k] * x[k];
        }
      /* A wave along the first input bends the boundary. */
      s += sin (3.0 * x[0]);
      out->y[r] = s > 0.0 ? 1.0 : 0.0;
      out->source_row[r] = r;
    }
  out->n_rows = n_rows;

  free (direction);
  return NL_OK;
}
