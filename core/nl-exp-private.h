/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-exp-private.h: exp() four values at a time, with libm's bits.
 *
 * A sigmoid layer of the one-sample step spends most of its time in exp(),
 * one call per neuron. The step's numbers must stay what they were bit for
 * bit (REFERENCE.md, the Backpropagation page's worked step and the NumPy
 * export compare them exactly), so a faster exp() has to round exactly as
 * libm's does. glibc's exp() (since 2.28) is a table of 2^(k/128) and a
 * degree-5 polynomial, built with FMA on x86-64 machines that have it;
 * nl-exp.c repeats that arithmetic operation for operation on four lanes, with
 * the same table (build-aux/exp-table.py computes it) and the same constants,
 * and hands the rare lanes glibc treats apart (|x| < 2^-54, |x| >= 512,
 * infinities, NaN) to exp() itself. tests/test-exp.c checks the bits against
 * libm's on millions of values.
 *
 * It is used where glibc uses its FMA build: x86-64 with AVX2 and FMA
 * (nl_exp_vector_usable()). Elsewhere, and under ThreadSanitizer, which
 * cannot run code compiled for a chosen instruction set, callers keep calling
 * exp().
 */
#pragma once

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "nl-vector-private.h"

#if NL_CAN_CLONE && (defined(__GNUC__) || defined(__clang__))
# define NL_HAVE_VECTOR_EXP 1
# include <immintrin.h>
#else
# define NL_HAVE_VECTOR_EXP 0
#endif

/* 1 when nl_exp_vector() and nl_sigmoid_vector() may be called: libm is
 * glibc's (2.28 or later), this machine has AVX2 and FMA, and the functions
 * were built for them; callers ask first, and call exp() otherwise. */
int  nl_exp_vector_usable (void);

/* out[i] = exp (x[i]) for i < n, the same bits as libm's exp(): the
 * arithmetic nl_sigmoid_vector() uses, on its own (tests/test-exp.c checks
 * it against libm). */
void nl_exp_vector        (const double *x,
                           double       *out,
                           size_t        n);

/* a[i] = 1 / (1 + exp (-z[i])) and dact[i] = a[i] (1 - a[i]) for i < n:
 * the sigmoid and its derivative as nl-net.c writes them, exp() as libm's. */
void nl_sigmoid_vector    (const double *z,
                           double       *a,
                           double       *dact,
                           size_t        n);

/* 2^(k/128) ~= H_k (1 + T_k) for k = 0 .. 127: T_k's bits, then H_k's bits
 * less k << 45 (build-aux/exp-table.py). H_k is the double nearest
 * 2^(k/128); nl-batch.c's exp() uses it alone. */
extern const uint64_t nl_exp_table[256];

/* The sigmoid of one value as the scalar code writes it, libm's exp(). */
static inline void
nl_sigmoid1 (const double *z,
             double       *a,
             double       *dact)
{
  double s = 1.0 / (1.0 + exp (-*z));

  *a = s;
  *dact = s * (1.0 - s);
}

#if NL_HAVE_VECTOR_EXP

/* For the functions that use these: compiled for AVX2 and FMA, to be called
 * only when nl_exp_vector_usable(). */
# define NL_VECTOR_TARGET __attribute__ ((target ("avx2,fma")))

/* exp() of the four values at @x into @out, glibc's operations in glibc's
 * order (the steps are described in nl-exp.c). Returns 0, leaving @out
 * alone, when a value is outside glibc's main path (|x| < 2^-54, |x| >= 512,
 * infinite or NaN): the caller then calls exp(). */
NL_VECTOR_TARGET static inline int
nl_exp4 (const double *x,
         double       *out)
{
  const __m256d inv_ln2_n = _mm256_set1_pd (0x1.71547652b82fep+7);
  const __m256d neg_ln2_hi_n = _mm256_set1_pd (-0x1.62e42fefa0000p-8);
  const __m256d neg_ln2_lo_n = _mm256_set1_pd (-0x1.cf79abc9e3b3ap-47);
  const __m256d shift = _mm256_set1_pd (0x1.8p52);
  const __m256d c2 = _mm256_set1_pd (0x1.ffffffffffdbdp-2);
  const __m256d c3 = _mm256_set1_pd (0x1.555555555543cp-3);
  const __m256d c4 = _mm256_set1_pd (0x1.55555cf172b91p-5);
  const __m256d c5 = _mm256_set1_pd (0x1.1111167a4d017p-7);
  const double *table = (const double *) nl_exp_table;
  __m256d xv = _mm256_loadu_pd (x), kd, r, r2, r4, p23, p45, tmp, t02, t13;
  __m256i bits = _mm256_castpd_si256 (xv), outside, ki, idx, sbits;
  __m256i abstop = _mm256_and_si256 (_mm256_srli_epi64 (bits, 52), _mm256_set1_epi64x (0x7ff));

  /* glibc's main path: 0x3c9 <= abstop <= 0x407, i.e. 2^-54 <= |x| < 512. */
  outside = _mm256_or_si256 (_mm256_cmpgt_epi64 (_mm256_set1_epi64x (0x3c9), abstop),
                             _mm256_cmpgt_epi64 (abstop, _mm256_set1_epi64x (0x407)));
  if (!_mm256_testz_si256 (outside, outside))
    return 0;

  kd = _mm256_fmadd_pd (xv, inv_ln2_n, shift);
  ki = _mm256_castpd_si256 (kd);
  kd = _mm256_sub_pd (kd, shift);
  r = _mm256_fmadd_pd (kd, neg_ln2_hi_n, xv);
  r = _mm256_fmadd_pd (kd, neg_ln2_lo_n, r);
  /* Each lane's table pair (T_k, H_k) by two scalar-indexed 16-byte loads
   * per half: quicker than two gathers. */
  idx = _mm256_slli_epi64 (_mm256_and_si256 (ki, _mm256_set1_epi64x (127)), 1);
  t02 = _mm256_insertf128_pd (
    _mm256_castpd128_pd256 (_mm_loadu_pd (table + _mm256_extract_epi64 (idx, 0))),
    _mm_loadu_pd (table + _mm256_extract_epi64 (idx, 2)), 1);
  t13 = _mm256_insertf128_pd (
    _mm256_castpd128_pd256 (_mm_loadu_pd (table + _mm256_extract_epi64 (idx, 1))),
    _mm_loadu_pd (table + _mm256_extract_epi64 (idx, 3)), 1);
  sbits = _mm256_add_epi64 (_mm256_slli_epi64 (ki, 45),
                            _mm256_castpd_si256 (_mm256_unpackhi_pd (t02, t13)));
  p23 = _mm256_fmadd_pd (r, c3, c2);
  tmp = _mm256_add_pd (r, _mm256_unpacklo_pd (t02, t13));
  r2 = _mm256_mul_pd (r, r);
  p45 = _mm256_fmadd_pd (r, c5, c4);
  tmp = _mm256_fmadd_pd (p23, r2, tmp);
  r4 = _mm256_mul_pd (r2, r2);
  tmp = _mm256_fmadd_pd (r4, p45, tmp);
  _mm256_storeu_pd (out, _mm256_fmadd_pd (_mm256_castsi256_pd (sbits), tmp,
                                          _mm256_castsi256_pd (sbits)));
  return 1;
}

/* nl_sigmoid1() on the four values at @z. */
NL_VECTOR_TARGET static inline void
nl_sigmoid4 (const double *z,
             double       *a,
             double       *dact)
{
  const __m256d one = _mm256_set1_pd (1.0);
  double minus_z[4], e[4];
  __m256d s;

  /* -z by its sign bit, as the scalar -z. */
  _mm256_storeu_pd (minus_z, _mm256_xor_pd (_mm256_set1_pd (-0.0), _mm256_loadu_pd (z)));
  if (!nl_exp4 (minus_z, e))
    {
      for (int i = 0; i < 4; i++)
        nl_sigmoid1 (z + i, a + i, dact + i);
      return;
    }
  s = _mm256_div_pd (one, _mm256_add_pd (one, _mm256_loadu_pd (e)));
  _mm256_storeu_pd (a, s);
  _mm256_storeu_pd (dact, _mm256_mul_pd (s, _mm256_sub_pd (one, s)));
}

#endif
