/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-synthetic.h: a seeded two-class data set for benchmarks.
 *
 * Inputs are drawn from N(0, 1); the label says on which side of a curved,
 * seeded boundary a point lies, so the task is learnable but not linear.
 * Every program that benchmarks against the core builds its data here, so
 * all of them train on the very same numbers.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nl-dataset.h"
#include "nl-error.h"

NlStatus nl_synthetic_matrix (size_t    n_inputs,
                              size_t    n_rows,
                              uint64_t  seed,
                              NlMatrix *out,
                              NlError  *error);
