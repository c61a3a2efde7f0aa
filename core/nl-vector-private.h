/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-vector-private.h: what the core's hot loops (nl-net.c, nl-batch.c)
 * share: four doubles at a time through GCC's generic vector type, and
 * whether their functions can be compiled twice for the loader to choose.
 *
 * Every vector operation is an element-wise IEEE add, subtract or multiply
 * (with SSE2 a v4d is two registers, with AVX2 one), so a loop keeps the
 * order of the scalar sums it replaces whatever the instruction set.
 *
 * NL_CAN_CLONE is 1 on x86-64 Linux with target_clones, where each file
 * picks its own clones (nl-net.c: AVX2 without FMA; nl-batch.c: x86-64-v3,
 * with FMA). Never under ThreadSanitizer: the loader runs the clones'
 * resolver (an IFUNC) before TSan's runtime is set up, and the instrumented
 * resolver crashes every program at start; the baseline is what it gets.
 */
#pragma once

#include <stdint.h>

typedef double v4d __attribute__ ((vector_size (4 * sizeof (double))));
typedef int64_t v4i __attribute__ ((vector_size (4 * sizeof (int64_t))));
typedef uint64_t v4u __attribute__ ((vector_size (4 * sizeof (uint64_t))));
/* The same, for loads and stores at any double's address. */
typedef double v4d_unaligned __attribute__ ((vector_size (4 * sizeof (double)),
                                             aligned (sizeof (double)), may_alias));

#define LOAD4(p)     ((v4d) *(const v4d_unaligned *) (p))
#define STORE4(p, v) (*(v4d_unaligned *) (p) = (v))

#if defined(__SANITIZE_THREAD__)
# define NL_THREAD_SANITIZER 1
#elif defined(__has_feature)
# if __has_feature (thread_sanitizer)
#  define NL_THREAD_SANITIZER 1
# endif
#endif

#define NL_CAN_CLONE 0
#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute) \
    && !defined(NL_THREAD_SANITIZER)
# if __has_attribute (target_clones)
#  undef NL_CAN_CLONE
#  define NL_CAN_CLONE 1
# endif
#endif
