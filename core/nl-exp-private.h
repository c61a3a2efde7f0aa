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

#include <stddef.h>

/* 1 when nl_exp_vector() and nl_sigmoid_vector() may be called: this
 * machine has AVX2 and FMA and the functions were built for them. */
int  nl_exp_vector_usable (void);

/* out[i] = exp (x[i]) for i < n, the same bits as libm's exp(). */
void nl_exp_vector        (const double *x,
                           double       *out,
                           size_t        n);

/* a[i] = 1 / (1 + exp (-z[i])) and dact[i] = a[i] (1 - a[i]) for i < n:
 * the sigmoid and its derivative as nl-net.c writes them, exp() as libm's. */
void nl_sigmoid_vector    (const double *z,
                           double       *a,
                           double       *dact,
                           size_t        n);
