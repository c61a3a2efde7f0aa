/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-rng.c: xoshiro256** (Blackman and Vigna) seeded through splitmix64.
 *
 * Chosen because it is small, fast and fully specified, so a seed gives the
 * same numbers on every platform; the core never uses rand().
 */
#include "nl-rng.h"

#include <math.h>

static uint64_t
splitmix64 (uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline uint64_t
rotl (uint64_t x,
      int      k)
{
  return (x << k) | (x >> (64 - k));
}

void
nl_rng_seed (NlRng    *rng,
             uint64_t  seed)
{
  uint64_t x = seed;

  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
  rng->spare = 0.0;
  rng->has_spare = 0;
}

uint64_t
nl_rng_next (NlRng *rng)
{
  uint64_t *s = rng->s;
  uint64_t result = rotl (s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
nl_rng_uniform (NlRng *rng)
{
  return (double) (nl_rng_next (rng) >> 11) * 0x1.0p-53;
}

uint64_t
nl_rng_below (NlRng    *rng,
              uint64_t  n)
{
  /* Lemire's method would be faster; rejection keeps it obviously unbiased. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t r;

  do
    r = nl_rng_next (rng);
  while (r >= limit);

  return r % n;
}

double
nl_rng_normal (NlRng *rng)
{
  double u1, u2, radius;

  if (rng->has_spare)
    {
      rng->has_spare = 0;
      return rng->spare;
    }

  /* u1 in (0, 1] so that log never sees 0. */
  u1 = 1.0 - nl_rng_uniform (rng);
  u2 = nl_rng_uniform (rng);
  radius = sqrt (-2.0 * log (u1));

  rng->spare = radius * sin (2.0 * M_PI * u2);
  rng->has_spare = 1;
  return radius * cos (2.0 * M_PI * u2);
}
