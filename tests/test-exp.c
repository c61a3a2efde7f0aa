/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-exp.c: nl-exp.c's vector exp() against libm's, bit for bit.
 *
 * The one-sample step's sigmoid calls nl_sigmoid_vector() where the machine
 * allows it, and promises the numbers exp() would give: REFERENCE.md, the
 * Backpropagation page and the NumPy export compare them exactly. So every
 * value here must come out with libm's bits, over the sigmoid's usual range,
 * over the whole range of doubles (NaN, infinities, subnormals, the limits
 * where glibc leaves its main path), and around glibc's thresholds. Where the
 * vector code cannot run (no AVX2 and FMA, another libm, ThreadSanitizer's
 * build) the tests are skipped: the step then calls exp() itself.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "nl-exp-private.h"

#if defined(__GLIBC__)
# include <gnu/libc-version.h>
#endif

#define N_VALUES (1 << 20)

static gboolean
skip_unless_usable (void)
{
  if (!nl_exp_vector_usable ())
    {
      g_test_skip ("no vector exp() here (needs x86-64 with AVX2 and FMA)");
      return TRUE;
    }
#if defined(__GLIBC__)
  if (__GLIBC__ == 2 && __GLIBC_MINOR__ < 28)
    {
      g_test_skip ("glibc before 2.28 has another exp()");
      return TRUE;
    }
#else
  g_test_skip ("libm is not glibc's");
  return TRUE;
#endif
  return FALSE;
}

static uint64_t
bits_of (double x)
{
  uint64_t u;

  memcpy (&u, &x, sizeof u);
  return u;
}

static double
double_of (uint64_t u)
{
  double x;

  memcpy (&x, &u, sizeof x);
  return x;
}

/* The same double, or both NaN. */
static gboolean
same (double a,
      double b)
{
  return bits_of (a) == bits_of (b) || (isnan (a) && isnan (b));
}

typedef double (*Draw) (GRand *rand);

static double
draw_sigmoid (GRand *rand)
{
  return g_rand_double_range (rand, -40.0, 40.0);
}

static double
draw_small (GRand *rand)
{
  return g_rand_double_range (rand, -1.0, 1.0);
}

static double
draw_range (GRand *rand)
{
  return g_rand_double_range (rand, -746.0, 710.0);
}

static double
draw_bits (GRand *rand)
{
  return double_of ((uint64_t) g_rand_int (rand) << 32 | g_rand_int (rand));
}

/* Near the edges of glibc's main path (2^-54 and 512 in magnitude), overflow
 * (709.78) and underflow (-708.4 to -745.1), and near the multiples of
 * ln 2 / 128 where the table index changes. */
static double
draw_edges (GRand *rand)
{
  static const double edges[] = { 0x1p-54, 512.0, 709.782712893384, -708.3964185322641,
                                  -745.1332191019411, 0.0, 1.0, 0.5 };
  double x;

  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      x = edges[g_rand_int_range (rand, 0, G_N_ELEMENTS (edges))];
      x = double_of (bits_of (x) + (uint64_t) g_rand_int_range (rand, -64, 65));
      break;
    case 1:
      x = g_rand_int_range (rand, -140000, 140000) * (0.6931471805599453 / 128.0);
      x = double_of (bits_of (x) + (uint64_t) g_rand_int_range (rand, -3, 4));
      break;
    default:
      x = g_rand_int_range (rand, -745, 710);
      break;
    }
  return g_rand_boolean (rand) ? x : -x;
}

static void
check_draws (gconstpointer data)
{
  Draw draw = (Draw) data;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261203);
  double *x, *out;
  size_t wrong = 0, first = 0;

  if (skip_unless_usable ())
    return;
  x = g_new (double, N_VALUES);
  out = g_new (double, N_VALUES);
  for (size_t i = 0; i < N_VALUES; i++)
    x[i] = draw (rand);
  nl_exp_vector (x, out, N_VALUES);
  for (size_t i = 0; i < N_VALUES; i++)
    if (!same (out[i], exp (x[i])) && wrong++ == 0)
      first = i;
  if (wrong > 0)
    g_test_message ("exp(%a): %a, libm %a", x[first], out[first], exp (x[first]));
  g_assert_cmpuint (wrong, ==, 0);
  g_free (x);
  g_free (out);
}

/* Every length, so that the lanes left over after whole vectors go through
 * exp() too; the sigmoid and its derivative as nl-net.c writes them. */
static void
test_sigmoid (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  double z[67], a[67], dact[67];

  if (skip_unless_usable ())
    return;
  for (size_t n = 1; n <= G_N_ELEMENTS (z); n++)
    {
      for (size_t i = 0; i < n; i++)
        z[i] = g_rand_boolean (rand) ? g_rand_double_range (rand, -8.0, 8.0)
                                     : draw_edges (rand);
      nl_sigmoid_vector (z, a, dact, n);
      for (size_t i = 0; i < n; i++)
        {
          double s = 1.0 / (1.0 + exp (-z[i]));

          g_assert_true (same (a[i], s));
          g_assert_true (same (dact[i], s * (1.0 - s)));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/exp/sigmoid-range", draw_sigmoid, check_draws);
  g_test_add_data_func ("/exp/small", draw_small, check_draws);
  g_test_add_data_func ("/exp/whole-range", draw_range, check_draws);
  g_test_add_data_func ("/exp/any-bits", draw_bits, check_draws);
  g_test_add_data_func ("/exp/edges", draw_edges, check_draws);
  g_test_add_func ("/exp/sigmoid", test_sigmoid);
  return g_test_run ();
}
