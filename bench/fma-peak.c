/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fma-peak.c: the machine's double-precision multiply-add peak on one core,
 * the yardstick for `neuronlab-cli bench --batch` (bench/run reports the
 * share of it the kernels reach).
 *
 *   fma-peak [SECONDS]     (default 0.2 per measurement; 7 measurements)
 *
 * prints `peak_gflops=... cpu_peak_gflops=... isa=...`: the best of the
 * measurements, by the wall clock and by the process's CPU time. The loop
 * keeps 12 independent chains acc = acc * m + c on vectors of four doubles,
 * each step one FMA (8 flops: 4 multiplies, 4 adds): 12 chains cover the
 * latency (4 cycles on Zen 3, 4-5 on Intel) times the throughput (two FMA
 * units) of current x86-64 cores, so the units never wait. It is compiled
 * for x86-64-v3 (AVX2 + FMA) and for the baseline, with contraction on, and
 * runs the best its CPU has: on a CPU without FMA the figure is the
 * separate multiply and add peak (isa=baseline).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC optimize ("fp-contract=fast")
#endif

#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute)
# if __has_attribute (target_clones)
#  define CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
# endif
#endif
#ifndef CLONES
# define CLONES
#endif

typedef double v4d __attribute__ ((vector_size (4 * sizeof (double))));

#define CHAINS 12

/* @iters steps of the 12 chains; the result only keeps the work alive. */
CLONES static double
chains (long   iters,
        double m,
        double c)
{
  v4d mv = { m, m, m, m }, cv = { c, c, c, c };
  v4d a0 = { 0.1, 0.2, 0.3, 0.4 }, a1 = a0 + cv, a2 = a1 + cv, a3 = a2 + cv;
  v4d a4 = a3 + cv, a5 = a4 + cv, a6 = a5 + cv, a7 = a6 + cv;
  v4d a8 = a7 + cv, a9 = a8 + cv, a10 = a9 + cv, a11 = a10 + cv;
  v4d s;

  for (long i = 0; i < iters; i++)
    {
      a0 = a0 * mv + cv;
      a1 = a1 * mv + cv;
      a2 = a2 * mv + cv;
      a3 = a3 * mv + cv;
      a4 = a4 * mv + cv;
      a5 = a5 * mv + cv;
      a6 = a6 * mv + cv;
      a7 = a7 * mv + cv;
      a8 = a8 * mv + cv;
      a9 = a9 * mv + cv;
      a10 = a10 * mv + cv;
      a11 = a11 * mv + cv;
    }
  s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
  return (s[0] + s[1]) + (s[2] + s[3]);
}

/* The chains' results go here, so that they must be computed. */
static volatile double kept;

static double
seconds_on (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

int
main (int    argc,
      char **argv)
{
  double seconds = argc > 1 ? atof (argv[1]) : 0.2;
  double best_wall = 0.0, best_cpu = 0.0, sink = 0.0;
  long iters = 1000000;
  const char *isa = "baseline";

#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    isa = "x86-64-v3";
#endif
  if (seconds <= 0.0)
    seconds = 0.2;

  /* Enough steps for @seconds. */
  for (;;)
    {
      double t = seconds_on (CLOCK_MONOTONIC);

      sink += chains (iters, 0.999999, 1e-7);
      t = seconds_on (CLOCK_MONOTONIC) - t;
      if (t >= seconds / 4 || iters > (1L << 40))
        {
          iters = (long) ((double) iters * seconds / (t > 0 ? t : 1e-9));
          break;
        }
      iters *= 4;
    }

  for (int r = 0; r < 7; r++)
    {
      double w = seconds_on (CLOCK_MONOTONIC), c = seconds_on (CLOCK_PROCESS_CPUTIME_ID);
      double flops = (double) iters * CHAINS * 8;

      sink += chains (iters, 0.999999, 1e-7);
      w = seconds_on (CLOCK_MONOTONIC) - w;
      c = seconds_on (CLOCK_PROCESS_CPUTIME_ID) - c;
      if (flops / w > best_wall)
        best_wall = flops / w;
      if (c > 0 && flops / c > best_cpu)
        best_cpu = flops / c;
    }

  kept = sink;
  printf ("impl=fma-peak peak_gflops=%.2f cpu_peak_gflops=%.2f isa=%s chains=%d\n",
          best_wall * 1e-9, best_cpu * 1e-9, isa, CHAINS);
  return 0;
}
