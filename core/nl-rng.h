/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-rng.h: the core's explicit, seeded random number generator.
 *
 * xoshiro256** seeded through splitmix64, so one 64-bit seed gives the same
 * stream on every machine. Normal deviates use the Box-Muller transform, one
 * pair at a time, so the stream of doubles depends only on the seed.
 */
#pragma once

#include <stdint.h>

typedef struct
{
  uint64_t s[4];
  double   spare;      /* the second deviate of the last Box-Muller pair */
  int      has_spare;
} NlRng;

void     nl_rng_seed    (NlRng *rng,
                         uint64_t seed);
uint64_t nl_rng_next    (NlRng *rng);
/* Uniform in [0, 1), 53 bits. */
double   nl_rng_uniform (NlRng *rng);
/* Uniform integer in [0, n), without modulo bias; n > 0. */
uint64_t nl_rng_below   (NlRng *rng,
                         uint64_t n);
/* Standard normal N(0, 1). */
double   nl_rng_normal  (NlRng *rng);
