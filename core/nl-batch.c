/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-batch.c: the gradient of a mini-batch, as matrix products.
 *
 * A batch's samples go through each layer together, as matrices by neuron
 * (A^T: a row of the samples' activations for each neuron, so a vector holds
 * four samples): the forward pass is Z^T = W A^T + b and A^T' = f(Z^T);
 * backward, with the output deltas D^T, dW = D^T A, db = the row sums of
 * D^T, and the deltas one layer down are (W^T D^T) * f'(Z^T below). Each
 * product is cut into tiles of MR x (4 NR) results that live in registers
 * for the whole sum (one kernel, tile(), for all three products), so every
 * loaded weight or activation feeds several multiply-adds: the register
 * blocking that the one-sample path cannot have.
 *
 * What sets the speed (issue #12's target: 70% of the FMA peak at batch 32
 * on 64-64-64-1, counting 6 flops a weight a sample where 5 are needed): the
 * products run at the peak already, so every other pass, and every byte
 * the batch keeps in the cache, counts.
 * - By neuron, W is read where it is: a weight is what the tiles broadcast
 *   (along its row forward, down its column for the deltas), the samples
 *   are the vectors. Laid out by sample (Z = A W^T + b), the forward tiles
 *   needed W^T, transposed every batch: that pass and its 32 KB a layer
 *   (64-64-64-1) cost 6-8% of the time against the two small transposes
 *   left, A^T to A for dW (the inputs the other way), and a layer of one
 *   neuron is now one row of 8 vectors instead of 8 rows of a vector each
 *   three quarters padding.
 * - Tiles of 4 x 2 vectors: 8 accumulators are what two FMA units of
 *   latency 4 need (Zen 3), and 4 rows divide 32 and 64, so a batch of 32
 *   computes no padding rows (6-row tiles computed 36; 6 rows for dW alone
 *   and 4 x 3 tiles measured slower). Edges get smaller tiles, a single
 *   row 8 vectors at a time and a single vector 8 rows at a time, so that
 *   8 sums still run side by side.
 * - The sigmoid's e^-z is exp4(): 2^(k / 128) from a table and a degree-5
 *   series, within 1 ulp of exp() (the degree-13 series before it took a
 *   few % of the whole more); the ends of its range are handled by masks
 *   on the result rather than clamps on the argument (15 -> 12.6 cycles a
 *   vector). The division stays: a float reciprocal and three Newton steps
 *   measured 8 points of the peak lower (they take the FMA units' turns).
 *   The sigmoid is a pass of its own over the layer: fused into the
 *   forward tiles' last steps it spilled registers and cost 5 points. Its
 *   f' = a (1 - a) is not kept: the deltas' tiles find it from a.
 * - The bias sums turn 4 x 4 blocks of D^T so that they add whole vectors
 *   of four neurons sample after sample, in the samples' order.
 * - Plain SGD steps in the pass (nl_batch_sgd_steps()): a layer's weights
 *   move in the tiles that sum their gradient, after the deltas one layer
 *   down have used them, so there is no gradient in memory and no pass of
 *   its own (even at 64-64-64-1, where the pass cost ~4%; up to 1.2x on
 *   small networks), and the next batch's rows are asked for halfway
 *   through the current one.
 * Measured (bench/run, 74% of the peak; an in-process harness that sets
 * each epoch against the FMA peak measured just before and after it, and
 * rdtsc around each pass): the products run at 84-94% of the peak, and what
 * they do not cover is the sigmoid (~10% of the time), gathering the inputs
 * (~6%) and the transposes (~4%). Tried and slower: the transposes done in
 * the sigmoid's pass and the gathering (4 x 4 blocks, 2-4% slower), the
 * inputs read in the table in place of a copy (their reads cost the
 * products more than the copy), an exp with 2^(k / 8) from registers and a
 * degree-8 series (4% slower than the 128-entry table), W on a cache line
 * (no change).
 *
 * The sums keep a fixed order: every result is accumulated from 0 along its
 * inner index in order (inputs for Z, then the bias; samples for dW and db,
 * in the order given, across chunks too; neurons for the deltas), so a batch
 * gives the same gradient bit for bit every time on a machine. The order
 * differs from nl_net_backward()'s summed sample by sample (which adds the
 * bias and the products in other groupings), so the two agree to rounding,
 * ~1e-15 relative (tests/test-batch.c checks 1e-12).
 *
 * The kernels are compiled twice on x86-64 Linux, for the baseline and for
 * x86-64-v3 (AVX2 with FMA), with contraction on, and chosen at each call
 * (wide_kernels()): the x86-64-v3 build does each multiply-add as one FMA,
 * rounded once, so a machine without FMA gets different last bits (each
 * machine is reproducible with itself). Unlike nl-net.c's one-sample path,
 * which keeps separate multiplies and adds so that batch 1 stays bit for bit
 * what it was. The baseline build sums in pairs of doubles (TILE_NARROW,
 * narrow_sums()), SSE2's own vectors: GCC kept the 4-double vectors of the
 * x86-64-v3 tiles in memory there, and ran 20x slower. The sigmoid's
 * exponential is exp4() in both; the other activations use libm as
 * nl-net.c does.
 *
 * Memory does not grow with the batch: samples go through in chunks of at
 * most CHUNK, the gradient sums carried from one chunk to the next.
 */
#include "nl-batch.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl-exp-private.h"
#include "nl-vector-private.h"

/* Samples per chunk. */
#define CHUNK 64
/* A tile: MR rows (samples, or neurons for dW) x NR vectors of 4 columns:
 * 8 accumulators, 2 vectors of the right-hand matrix and a broadcast fit the
 * 16 vector registers of AVX2, and 8 independent multiply-add chains cover
 * the latency (4) of two FMA units on Zen 3; 4 rows divide the batch sizes
 * people pick, so no tile computes rows that are not there. */
#define MR 4
#define NR 2
/* The shapes of one row and of one vector (product()). */
#define WIDE 8
#define TALL 8

/* x86-64-v3 (with FMA) and baseline clones where the loader can choose
 * (nl-vector-private.h). The batch kernels are two functions of their own,
 * x86-64-v3 and the baseline, chosen at each call (wide_kernels()): the
 * baseline's tiles are narrower (TILE_NARROW). */
#if NL_CAN_CLONE
# define HOT_CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
# define HOT_V3 __attribute__ ((target ("arch=x86-64-v3")))
#else
# define HOT_CLONES
# define HOT_V3
#endif
#define HOT_INLINE static inline __attribute__ ((always_inline))

/* Contraction on for the kernels (ISO C mode turns it off): their a * b + c
 * become FMAs where the clone has them. */
#if defined(__GNUC__) && !defined(__clang__)
# define HOT_BEGIN _Pragma ("GCC push_options") _Pragma ("GCC optimize (\"fp-contract=fast\")")
# define HOT_END   _Pragma ("GCC pop_options")
#else
# define HOT_BEGIN
# define HOT_END
#endif

struct NlBatchWork
{
  size_t  max_batch;
  size_t  n_layers;
  size_t  rows;        /* samples in a chunk: min (max_batch, CHUNK) */
  size_t  ldb;         /* rows rounded up to 4: the row stride of the matrices by neuron */
  size_t *ld;          /* per layer: its neurons rounded up to 4, the stride of those by sample */
  double **at;         /* per layer: neurons x ldb activations (layer 0: the inputs) */
  double **as;         /* per layer < the last: rows x ld[l], the same by sample (for dW) */
  double **dact;       /* per layer >= 1: f'(z), neurons x ldb; NULL where keeps_dact () says no */
  double **delta;      /* per layer >= 1: dL/dz, neurons x ldb */
  double  *out;        /* one sample's outputs, their f' and deltas: 3 x the output neurons */
  double  *block;      /* all of the above */
};

static size_t
round_up (size_t n,
          size_t m)
{
  return (n + m - 1) / m * m;
}

/* Whether layer @l's f' is kept in memory: for the output layer (its
 * deltas take it) and other activations than the sigmoid, whose f' the
 * delta tiles find from its output (TILE_DELTA_SIGMOID). */
static int
keeps_dact (const NlNet *net,
            size_t       l)
{
  return l + 1 == net->n_layers || net->activation[l] != NL_ACTIVATION_SIGMOID;
}

NlBatchWork *
nl_batch_work_new (const NlNet *net,
                   size_t       max_batch)
{
  size_t L = net->n_layers, total, rows, ldb;
  NlBatchWork *work = calloc (1, sizeof *work);

  if (work == NULL)
    return NULL;
  if (max_batch < 1)
    max_batch = 1;
  rows = max_batch < CHUNK ? max_batch : CHUNK;
  ldb = round_up (rows, 4);
  work->max_batch = max_batch;
  work->n_layers = L;
  work->rows = rows;
  work->ldb = ldb;
  work->ld = calloc (L, sizeof *work->ld);
  work->at = calloc (L, sizeof (double *));
  work->as = calloc (L, sizeof (double *));
  work->dact = calloc (L, sizeof (double *));
  work->delta = calloc (L, sizeof (double *));
  if (work->ld == NULL || work->at == NULL || work->as == NULL || work->dact == NULL
      || work->delta == NULL)
    goto fail;

  /* Sizes are bounded by NL_MAX_LAYER_SIZE and NL_MAX_PARAMS, so none of
   * these products overflows. */
  total = 3 * net->sizes[L - 1];
  for (size_t l = 0; l < L; l++)
    {
      work->ld[l] = round_up (net->sizes[l], 4);
      total += net->sizes[l] * ldb;
      if (l + 1 < L)
        total += rows * work->ld[l];
      if (l >= 1)
        total += (keeps_dact (net, l) ? 2 : 1) * net->sizes[l] * ldb;
    }
  /* Every matrix starts on a cache line: each is rounded up to 8 doubles. */
  total += 5 * L * 8 + 8;
  work->block = aligned_alloc (64, round_up (total * sizeof (double), 64));
  if (work->block == NULL)
    goto fail;
  /* Zeros in the padding, which the kernels read and never use. */
  memset (work->block, 0, round_up (total * sizeof (double), 64));
  {
    double *p = work->block;

#define TAKE(n) (p += round_up ((n), 8), p - round_up ((n), 8))
    for (size_t l = 0; l < L; l++)
      {
        work->at[l] = TAKE (net->sizes[l] * ldb);
        if (l + 1 < L)
          work->as[l] = TAKE (rows * work->ld[l]);
        if (l >= 1)
          {
            if (keeps_dact (net, l))
              work->dact[l] = TAKE (net->sizes[l] * ldb);
            work->delta[l] = TAKE (net->sizes[l] * ldb);
          }
      }
    work->out = TAKE (3 * net->sizes[L - 1]);
#undef TAKE
  }
  return work;

fail:
  nl_batch_work_free (work);
  return NULL;
}

void
nl_batch_work_free (NlBatchWork *work)
{
  if (work == NULL)
    return;
  free (work->block);
  free (work->ld);
  free (work->at);
  free (work->as);
  free (work->dact);
  free (work->delta);
  free (work);
}

HOT_BEGIN

/* What a tile does with its sums. */
enum
{
  TILE_FORWARD,   /* c = sum + bias[row], whole vectors into a padded matrix */
  TILE_DELTA,     /* c = sum * dact[row][col], whole vectors into a padded matrix */
  TILE_DELTA_SIGMOID, /* c = sum * a (1 - a), a[row][col] the sigmoid's output: no f' in memory */
  TILE_GRAD,      /* c = sum, only the @n_cols real columns (the gradient) */
  TILE_STEP,      /* c = c - SGD's step for the gradient sum, only the real columns */
  TILE_STEP_DIVIDE, /* the same for a batch whose size is not a power of two */
  /* A flag on the above: tiles for baseline x86-64, whose 16 registers of
   * two doubles hold half the AVX2 tiles (GCC splits each 4-double vector
   * in two): 2 x 2 vectors, and 4 where a single row or vector goes 8 at a
   * time; broadcasts from a register pair. The AVX2 tiles there spilled
   * their sums to memory and built every broadcast through it: 20x slower. */
  TILE_NARROW = 16,
};

typedef double v2d __attribute__ ((vector_size (2 * sizeof (double))));
typedef double v2d_unaligned __attribute__ ((vector_size (2 * sizeof (double)),
                                             aligned (sizeof (double)), may_alias));

/* SGD's update rule as nl_batch_sgd_apply() rounds it, for TILE_STEP. */
typedef struct
{
  double learning_rate;
  double n;             /* the samples in the batch */
  double inv;           /* 1 / n when n is a power of two (the same quotient), else 0 */
  v4i    zero;          /* all bits 0, but not known to the compiler (step_of()) */
} Step;

/* SGD's step for four summed gradients @g, in place, rounded as
 * nl_batch_sgd_apply() rounds it: the mean, then times the learning rate.
 * It goes through an OR with st->zero, so that the product has a use other
 * than the subtraction that follows, and the contraction cannot make the
 * two one FMA (rounded once, unlike the separate step and subtraction of
 * the update rule). */
HOT_INLINE void
step_of (const Step *st,
         v4d        *g,
         int         divide)
{
  v4d mean = divide ? *g / st->n : *g * st->inv;

  *g = (v4d) ((v4i) (st->learning_rate * mean) | st->zero);
}


/* e^x for four values, within ~1 ulp of exp(): x = k ln 2 / 128 + r with
 * |r| <= ln 2 / 256, e^x = 2^(k / 128) (nl_exp_table) times e^r, and e^r - 1 by
 * its Taylor series to r^5 (the next term is below 2^-60 of it). A table
 * look-up and 7 operations instead of a degree-13 series. For the sigmoid's
 * e^-z only, which needs it on [-708, 709.78] alone: outside, 2^(k / 128)
 * leaves the exponent's range and the result is wrong, and sigmoid4() puts
 * in the sigmoid's 0 or 1 (masks after the fact cost less than clamping x
 * first). */
#define H(bits) nl_exp_table[2 * ((bits) & 127) + 1]

HOT_INLINE void
exp4 (v4d *value)
{
  v4d x = *value;
  const double shifter = 0x1.8p52;
  v4d k, r, r2, q, scale;
  v4u bits, top;

  /* k = round (x 128 / ln 2), in the low bits of k's mantissa too. */
  k = x * 0x1.71547652b82fep+7 + shifter;
  bits = (v4u) k;
  k = k - shifter;
  /* ln 2 / 128 in two parts, the first exact times any k here. */
  r = x - k * 0x1.62e42fefa0000p-8;
  r = r - k * 0x1.cf79abc9e3b3ap-47;
  top = bits << 45;
  /* 2^(j / 128) correctly rounded, as bits less j << 45 (nl_exp_table's
   * H_j): adding k << 45 puts j back and k / 128 (rounded down) in the
   * exponent, as glibc's exp() does. */
  scale = (v4d) ((v4u) { H (bits[0]), H (bits[1]), H (bits[2]), H (bits[3]) } + top);
  r2 = r * r;
  q = (0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0));
  /* scale (1 + (e^r - 1)), the small part added last. */
  *value = scale + scale * (r + r2 * q);
}

/* The sigmoid 1 / (1 + e^-z) of four sums @z, in place, and its derivative
 * a (1 - a) into @dact. Above z = 708, where 1 + e^-z rounds to 1, it is 1;
 * below -709.78, where e^-z overflows, 0, as libm's 1 / (1 + exp (-z)). */
HOT_INLINE void
sigmoid4 (v4d *z,
          v4d *dact)
{
  const v4d one = { 1.0, 1.0, 1.0, 1.0 };
  v4i zero = *z < -709.78, whole = *z > 708.0;
  v4d e = -*z, s;

  exp4 (&e);
  s = 1.0 / (1.0 + e);
  s = (v4d) ((v4i) s & ~zero);
  s = (v4d) (((v4i) one & whole) | ((v4i) s & ~whole));
  *dact = s * (1.0 - s);
  *z = s;
}

/* The sums of a narrow tile (TILE_NARROW, m <= 4 rows, nv <= 4 vectors),
 * continued from @acc and put back there: in pairs of doubles, the
 * baseline's own vectors, which GCC keeps in registers (an array of 4-double
 * vectors it leaves in memory there, every multiply-add a load and a store).
 * The same products and sums in the same order as tile()'s. */
HOT_INLINE void
narrow_sums (v4d                    acc[TALL][WIDE],
             int                    m,
             int                    nv,
             size_t                 P,
             const double *restrict x,
             size_t                 xi,
             size_t                 xp,
             const double *restrict y,
             size_t                 ys)
{
  v2d sum[TALL / 2][WIDE];

  _Pragma ("GCC unroll 8")
  for (int i = 0; i < m; i++)
    _Pragma ("GCC unroll 8")
    for (int v = 0; v < nv; v++)
      {
        sum[i][2 * v] = (v2d) { acc[i][v][0], acc[i][v][1] };
        sum[i][2 * v + 1] = (v2d) { acc[i][v][2], acc[i][v][3] };
      }
  for (size_t p = 0; p < P; p++)
    {
      v2d yv[WIDE];

      _Pragma ("GCC unroll 8")
      for (int v = 0; v < 2 * nv; v++)
        yv[v] = *(const v2d_unaligned *) (y + p * ys + 2 * v);
      _Pragma ("GCC unroll 8")
      for (int i = 0; i < m; i++)
        {
          double xs = x[i * xi + p * xp];
          v2d xv = { xs, xs };

          _Pragma ("GCC unroll 8")
          for (int v = 0; v < 2 * nv; v++)
            sum[i][v] += xv * yv[v];
        }
    }
  _Pragma ("GCC unroll 8")
  for (int i = 0; i < m; i++)
    _Pragma ("GCC unroll 8")
    for (int v = 0; v < nv; v++)
      acc[i][v] = (v4d) { sum[i][2 * v][0], sum[i][2 * v][1], sum[i][2 * v + 1][0],
                          sum[i][2 * v + 1][1] };
}

/* One tile of a product, m rows x nv vectors of columns (constants once
 * inlined: m <= MR and nv <= NR, or a single row of up to WIDE vectors, or
 * up to TALL rows of one vector): for each of its results,
 *
 *   c[i][j] = (start) + x[i * xi + 0 * xp] y[0 * ys + j] + x[i * xi + 1 * xp] y[1 * ys + j] + ...
 *
 * over p = 0 .. @P - 1 in order, start being 0, or the tile's earlier value
 * when @carry (a gradient continued from the last chunk). The @x values are
 * broadcast, the @y rows loaded as vectors (they have whole vectors: padded
 * matrices). */
HOT_INLINE void
tile (int                    mode,
      int                    m,
      int                    nv,
      size_t                 P,
      const double *restrict x,
      size_t                 xi,
      size_t                 xp,
      const double *restrict y,
      size_t                 ys,
      double       *restrict c,
      size_t                 cs,
      size_t                 n_cols,
      const double *restrict extra,
      size_t                 es,
      int                    carry,
      const Step            *st)
{
  v4d acc[TALL][WIDE];
  int narrow = mode & TILE_NARROW;

  mode &= ~TILE_NARROW;
  _Pragma ("GCC unroll 8")

  for (int i = 0; i < m; i++)
    _Pragma ("GCC unroll 8")
    for (int v = 0; v < nv; v++)
      {
        acc[i][v] = (v4d) { 0 };
        if (carry)
          for (int e = 0; e < 4 && 4 * (size_t) v + e < n_cols; e++)
            acc[i][v][e] = c[i * cs + 4 * v + e];
      }

  if (narrow)
    narrow_sums (acc, m, nv, P, x, xi, xp, y, ys);
  else
    for (size_t p = 0; p < P; p++)
      {
        v4d yv[WIDE];

        _Pragma ("GCC unroll 8")
        for (int v = 0; v < nv; v++)
          yv[v] = LOAD4 (y + p * ys + 4 * v);
        _Pragma ("GCC unroll 8")
        for (int i = 0; i < m; i++)
          {
            double xs = x[i * xi + p * xp];

            _Pragma ("GCC unroll 8")
            for (int v = 0; v < nv; v++)
              acc[i][v] += xs * yv[v];
          }
      }

  _Pragma ("GCC unroll 8")

  for (int i = 0; i < m; i++)
    _Pragma ("GCC unroll 8")
    for (int v = 0; v < nv; v++)
      {
        double *out = c + i * cs + 4 * v;

        switch (mode)
          {
          case TILE_FORWARD:
            STORE4 (out, acc[i][v] + extra[i]);
            break;
          case TILE_DELTA:
            STORE4 (out, acc[i][v] * LOAD4 (extra + i * es + 4 * v));
            break;
          case TILE_DELTA_SIGMOID:
            {
              v4d a = LOAD4 (extra + i * es + 4 * v);

              /* The sigmoid's f' = a (1 - a), rounded as sigmoid4() rounds
               * it. */
              STORE4 (out, acc[i][v] * (a * (1.0 - a)));
            }
            break;
          case TILE_STEP:
          case TILE_STEP_DIVIDE:
            {
              v4d step = acc[i][v];

              step_of (st, &step, mode == TILE_STEP_DIVIDE);
              if (4 * (size_t) v + 4 <= n_cols)
                STORE4 (out, LOAD4 (out) - step);
              else
                for (int e = 0; 4 * (size_t) v + e < n_cols; e++)
                  out[e] = out[e] - step[e];
            }
            break;
          default:
            if (4 * (size_t) v + 4 <= n_cols)
              STORE4 (out, acc[i][v]);
            else
              for (int e = 0; 4 * (size_t) v + e < n_cols; e++)
                out[e] = acc[i][v][e];
            break;
          }
      }
}

#define TILE_ARGS P, x, xi, xp, y, ys, c, cs, n_cols, extra, es, carry, st

/* The tiles of m <= MR rows and nv <= NR vectors, with both made constants. */
HOT_INLINE void
tile_any (int                    mode,
          int                    m,
          int                    nv,
          size_t                 P,
          const double *restrict x,
          size_t                 xi,
          size_t                 xp,
          const double *restrict y,
          size_t                 ys,
          double       *restrict c,
          size_t                 cs,
          size_t                 n_cols,
          const double *restrict extra,
          size_t                 es,
          int                    carry,
          const Step            *st)
{
#define TILE_NV(M) \
  (nv == NR ? tile (mode, M, NR, TILE_ARGS) : tile (mode, M, 1, TILE_ARGS))
  switch (m)
    {
    case 1: TILE_NV (1); break;
    case 2: TILE_NV (2); break;
    case 3: TILE_NV (3); break;
    default: TILE_NV (MR); break;
    }
#undef TILE_NV
}

/* C (M x cols) = X (M x P, element (i, p) at x[i * xi + p * xp]) times
 * Y (P x cols, rows ys apart, padded to whole vectors), tile by tile; @extra
 * as tile() takes it. Tiles of MR x NR vectors and what is left
 * at the edges, except for shapes that would leave too few independent
 * sums to cover the FMA latency: a single row (the gradient of a layer of
 * one neuron) goes WIDE vectors at a time, a single vector of columns (the
 * output of one neuron) TALL rows at a time. */
HOT_INLINE void
product (int                    mode,
         size_t                 M,
         size_t                 cols,
         size_t                 P,
         const double *restrict x,
         size_t                 xi,
         size_t                 xp,
         const double *restrict y,
         size_t                 ys,
         double       *restrict c,
         size_t                 cs,
         const double *restrict extra,
         size_t                 es,
         int                    carry,
         const Step            *st)
{
  size_t n_vec = (cols + 3) / 4;
  int narrow = mode & TILE_NARROW;
  /* The shapes, constants in each branch. */
  int mr = narrow ? 2 : MR;

#define AT(I, V) \
  P, x + (I) * xi, xi, xp, y + 4 * (V), ys, c + (I) * cs + 4 * (V), cs, cols - 4 * (V), \
  extra == NULL ? NULL : (mode & ~TILE_NARROW) == TILE_FORWARD ? extra + (I) \
                                                               : extra + (I) * es + 4 * (V), \
  es, carry, st
  if (M == 1)
    {
      size_t v = 0;

      if (narrow)
        for (; v + WIDE / 2 <= n_vec; v += WIDE / 2)
          tile (mode, 1, WIDE / 2, AT (0, v));
      else
        for (; v + WIDE <= n_vec; v += WIDE)
          tile (mode, 1, WIDE, AT (0, v));
      for (; v < n_vec; v++)
        tile (mode, 1, 1, AT (0, v));
      return;
    }
  if (n_vec == 1)
    {
      size_t i = 0;

      if (narrow)
        for (; i + TALL / 2 <= M; i += TALL / 2)
          tile (mode, TALL / 2, 1, AT (i, 0));
      else
        for (; i + TALL <= M; i += TALL)
          tile (mode, TALL, 1, AT (i, 0));
      for (; i < M; i += mr)
        tile_any (mode, M - i < (size_t) mr ? (int) (M - i) : mr, 1, AT (i, 0));
      return;
    }
  for (size_t i = 0; i < M; i += mr)
    {
      int m = M - i < (size_t) mr ? (int) (M - i) : mr;

      if (narrow)
        for (size_t v = 0; v < n_vec; v += 2)
          tile_any (mode, m, n_vec - v < 2 ? 1 : 2, AT (i, v));
      else
        for (size_t v = 0; v < n_vec; v += NR)
          tile_any (mode, m, n_vec - v < NR ? (int) (n_vec - v) : NR, AT (i, v));
    }
#undef AT
}

/* a = 1 / (1 + e^-z) in place of z for @n values, and dact = a (1 - a)
 * unless @dact is NULL (TILE_DELTA_SIGMOID finds it from a). */
HOT_INLINE void
sigmoid_values (double       *restrict a,
                double       *restrict dact,
                size_t                 n)
{
  v4d d, s;

  if (dact == NULL)
    for (size_t i = 0; i < n; i += 4)
      {
        s = LOAD4 (a + i);
        sigmoid4 (&s, &d);
        STORE4 (a + i, s);
      }
  else
    for (size_t i = 0; i < n; i += 4)
      {
        s = LOAD4 (a + i);
        sigmoid4 (&s, &d);
        STORE4 (a + i, s);
        STORE4 (dact + i, d);
      }
}

/* f and f' of a layer's sums in @a (overwritten with f(z)): @width neurons,
 * a row of @ldb values (samples, @n of them real) each, as nl-net.c's
 * activate_layer() computes them; for the sigmoid, f' only when @dact is
 * not NULL. */
HOT_INLINE void
activate_rows (NlActivation           f,
               double       *restrict a,
               double       *restrict dact,
               size_t                 n,
               size_t                 width,
               size_t                 ldb)
{
  switch (f)
    {
    case NL_ACTIVATION_SIGMOID:
      sigmoid_values (a, dact, width * ldb);
      break;
    case NL_ACTIVATION_TANH:
      for (size_t i = 0; i < width * ldb; i++)
        {
          double t = tanh (a[i]);

          a[i] = t;
          dact[i] = 1.0 - t * t;
        }
      break;
    case NL_ACTIVATION_RELU:
      for (size_t i = 0; i < width * ldb; i++)
        {
          dact[i] = a[i] > 0.0 ? 1.0 : 0.0;
          a[i] = a[i] > 0.0 ? a[i] : 0.0;
        }
      break;
    case NL_ACTIVATION_SOFTMAX:
      /* Down each sample's column. */
      for (size_t s = 0; s < n; s++)
        {
          double top = a[s], sum = 0.0;

          for (size_t j = 1; j < width; j++)
            top = a[j * ldb + s] > top ? a[j * ldb + s] : top;
          for (size_t j = 0; j < width; j++)
            {
              a[j * ldb + s] = exp (a[j * ldb + s] - top);
              sum += a[j * ldb + s];
            }
          for (size_t j = 0; j < width; j++)
            {
              a[j * ldb + s] /= sum;
              dact[j * ldb + s] = a[j * ldb + s] * (1.0 - a[j * ldb + s]);
            }
        }
      break;
    case NL_ACTIVATION_LINEAR:
    case NL_N_ALL_ACTIVATIONS:
    default:
      for (size_t i = 0; i < width * ldb; i++)
        dact[i] = 1.0;
      break;
    }
}

#if defined(__clang__)
# define SHUFFLE(a, b, i, j, k, l) __builtin_shufflevector (a, b, i, j, k, l)
#else
# define SHUFFLE(a, b, i, j, k, l) __builtin_shuffle (a, b, (v4i) { i, j, k, l })
#endif

/* The 4 x 4 block in @r (a row a vector) transposed in place. */
HOT_INLINE void
transpose_regs (v4d r[4])
{
  v4d t0 = SHUFFLE (r[0], r[1], 0, 4, 2, 6), t1 = SHUFFLE (r[0], r[1], 1, 5, 3, 7);
  v4d t2 = SHUFFLE (r[2], r[3], 0, 4, 2, 6), t3 = SHUFFLE (r[2], r[3], 1, 5, 3, 7);

  r[0] = SHUFFLE (t0, t2, 0, 1, 4, 5);
  r[1] = SHUFFLE (t1, t3, 0, 1, 4, 5);
  r[2] = SHUFFLE (t0, t2, 2, 3, 6, 7);
  r[3] = SHUFFLE (t1, t3, 2, 3, 6, 7);
}

/* The 4 x 4 block at @src (rows @ss apart) transposed into @dst. */
HOT_INLINE void
transpose4 (const double *restrict src,
            size_t                 ss,
            double       *restrict dst,
            size_t                 ds)
{
  v4d r[4] = { LOAD4 (src), LOAD4 (src + ss), LOAD4 (src + 2 * ss), LOAD4 (src + 3 * ss) };

  transpose_regs (r);
  for (int i = 0; i < 4; i++)
    STORE4 (dst + i * ds, r[i]);
}

/* @dst (cols x rows, rows @ds apart) = @src (rows x cols, rows @ss apart)
 * transposed: 4 x 4 blocks through registers, then the edges one by one. */
HOT_INLINE void
transpose (const double *restrict src,
           size_t                 ss,
           double       *restrict dst,
           size_t                 ds,
           size_t                 rows,
           size_t                 cols)
{
  size_t r4 = rows & ~(size_t) 3, c4 = cols & ~(size_t) 3;

  for (size_t i = 0; i < r4; i += 4)
    for (size_t j = 0; j < c4; j += 4)
      transpose4 (src + i * ss + j, ss, dst + j * ds + i, ds);
  for (size_t i = 0; i < rows; i++)
    for (size_t j = i < r4 ? c4 : 0; j < cols; j++)
      dst[j * ds + i] = src[i * ss + j];
}

/* One chunk of @n samples, the gradient sums continued from the chunks
 * before when @carry. Or, with a @rule (@n being the whole batch), SGD's
 * step itself: each layer's parameters move as soon as their gradient is
 * found, after the deltas one layer down, which need the weights as they
 * were, and @grad is not used. @narrow: 0 or TILE_NARROW, the tiles'
 * shape. Returns the sum of the samples' losses, in order. */
HOT_INLINE double
chunk_gradient (const NlNet  *net,
                NlBatchWork  *work,
                const double *x,
                const double *y,
                const size_t *rows,
                size_t        n,
                NlLoss        loss,
                double       *grad,
                int           carry,
                const Step   *rule,
                const size_t *next,
                size_t        n_next,
                int           narrow)
{
  size_t L = net->n_layers, last = L - 1, ldb = work->ldb;
  size_t n_in0 = net->sizes[0], n_out = net->sizes[last];
  double total = 0.0;

  /* The inputs by sample (the table's rows), then by input. */
  for (size_t i = 0; i < n; i++)
    {
      const double *src = x + rows[i] * n_in0;
      double *dst = work->as[0] + i * work->ld[0];
      size_t k = 0;

      /* Usually a few dozen inputs: cheaper than a call to memcpy(). */
      for (; k + 4 <= n_in0; k += 4)
        STORE4 (dst + k, LOAD4 (src + k));
      for (; k < n_in0; k++)
        dst[k] = src[k];
    }
  transpose (work->as[0], work->ld[0], work->at[0], ldb, n, n_in0);

  for (size_t l = 1; l < L; l++)
    {
      size_t n_l = net->sizes[l], n_in = net->sizes[l - 1];
      /* Below the output layer the sigmoid's f' is found from its output
       * where the deltas need it (TILE_DELTA_SIGMOID): one array less. */
      double *dact = work->dact[l];

      /* Z^T = W A^T + b: W read where it is, a weight for a row of samples.
       * The activation in a pass of its own: in the tiles' last steps (on
       * sums still in registers) the sigmoid made the whole 5% slower. */
      product (TILE_FORWARD | narrow, n_l, n, n_in, net->params + net->w_offset[l], n_in, 1,
               work->at[l - 1], ldb, work->at[l], ldb, net->params + net->b_offset[l], 0, 0, NULL);
      activate_rows (net->activation[l], work->at[l], dact, n, n_l, ldb);
      if (l < last)
        transpose (work->at[l], ldb, work->as[l], work->ld[l], n_l, n);
    }

  for (size_t i = 0; i < n; i++)
    {
      double *p = work->out, *d = work->out + n_out, *delta = work->out + 2 * n_out;

      for (size_t j = 0; j < n_out; j++)
        {
          p[j] = work->at[last][j * ldb + i];
          d[j] = work->dact[last][j * ldb + i];
        }
      total += nl_net_output_deltas (net, p, d, y[rows[i]], loss, delta);
      for (size_t j = 0; j < n_out; j++)
        work->delta[last][j * ldb + i] = delta[j];
    }

  /* The next batch's rows (@n_next, from @next) asked for now rather than
   * a whole batch ahead: on a machine whose caches other programs share
   * they were often gone again by the time they were read (8% at batch 32
   * on 64-64-64-1 then, the same otherwise). */
  if (n_next > 0)
    nl_batch_prefetch_rows (x, n_in0, next, n_next);
  for (size_t l = last; l >= 1; l--)
    {
      size_t n_l = net->sizes[l], n_in = net->sizes[l - 1];
      const double *delta = work->delta[l];
      double *w = net->params + net->w_offset[l], *b = net->params + net->b_offset[l];
      double *gb = grad != NULL ? grad + net->b_offset[l] : NULL;

      /* The deltas one layer down, (W^T delta) * f': W read where it is, by
       * its columns, before its step. */
      if (l >= 2)
        {
          if (net->activation[l - 1] == NL_ACTIVATION_SIGMOID)
            product (TILE_DELTA_SIGMOID | narrow, n_in, n, n_l, w, 1, n_in, delta, ldb,
                     work->delta[l - 1], ldb, work->at[l - 1], ldb, 0, NULL);
          else
            product (TILE_DELTA | narrow, n_in, n, n_l, w, 1, n_in, delta, ldb, work->delta[l - 1], ldb,
                     work->dact[l - 1], ldb, 0, NULL);
        }
      /* dW[j][k] = sum over the samples of delta[j][s] a[s][k], or with a
       * @rule the weight's step from it (each mode a constant in its own
       * copy of the tiles). */
      if (rule == NULL)
        product (TILE_GRAD | narrow, n_l, n_in, n, delta, ldb, 1, work->as[l - 1], work->ld[l - 1],
                 grad + net->w_offset[l], n_in, NULL, 0, carry, NULL);
      else if (rule->inv != 0.0)
        product (TILE_STEP | narrow, n_l, n_in, n, delta, ldb, 1, work->as[l - 1], work->ld[l - 1], w,
                 n_in, NULL, 0, 0, rule);
      else
        product (TILE_STEP_DIVIDE | narrow, n_l, n_in, n, delta, ldb, 1, work->as[l - 1],
                 work->ld[l - 1], w, n_in, NULL, 0, 0, rule);
      /* db[j] = sum over the samples of delta[j][s], in their order: four
       * neurons at a time, each 4 x 4 block of the deltas turned so that a
       * vector holds the four neurons' deltas for one sample. */
      for (size_t j = 0; j < n_l; j += 4)
        {
          v4d sum = { 0 };
          size_t m = n_l - j < 4 ? n_l - j : 4, i = 0;

          if (carry)
            for (size_t e = 0; e < m; e++)
              sum[e] = gb[j + e];
          for (; i + 4 <= n && m == 4; i += 4)
            {
              v4d r[4] = { LOAD4 (delta + j * ldb + i), LOAD4 (delta + (j + 1) * ldb + i),
                           LOAD4 (delta + (j + 2) * ldb + i), LOAD4 (delta + (j + 3) * ldb + i) };

              transpose_regs (r);
              sum = (((sum + r[0]) + r[1]) + r[2]) + r[3];
            }
          for (; i < n; i++)
            for (size_t e = 0; e < m; e++)
              sum[e] += delta[(j + e) * ldb + i];
          if (rule != NULL)
            {
              step_of (rule, &sum, rule->inv == 0.0);
              for (size_t e = 0; e < m; e++)
                b[j + e] = b[j + e] - sum[e];
            }
          else
            for (size_t e = 0; e < m; e++)
              gb[j + e] = sum[e];
        }
    }
  return total;
}

HOT_INLINE double
batch_gradient (const NlNet  *net,
                NlBatchWork  *work,
                const double *x,
                const double *y,
                const size_t *rows,
                size_t        n,
                NlLoss        loss,
                double       *grad,
                int           narrow)
{
  double total = 0.0;

  for (size_t i = 0; i < n; i += CHUNK)
    total += chunk_gradient (net, work, x, y, rows + i, n - i < CHUNK ? n - i : CHUNK, loss,
                             grad, i > 0, NULL, NULL, 0, narrow);
  return total;
}

/* nl_batch_sgd_steps(). */
HOT_INLINE double
batch_sgd_steps (NlNet        *net,
                 NlBatchWork  *work,
                 const double *x,
                 const double *y,
                 const size_t *order,
                 size_t        n_rows,
                 size_t        batch,
                 NlLoss        loss,
                 double        learning_rate,
                 int           narrow)
{
  double total = 0.0;
  int64_t zero = 0;
  Step rule = { .learning_rate = learning_rate };

  /* The compiler must not know it is 0 (step_of()). */
  __asm__ ("" : "+r" (zero));
  rule.zero = (v4i) { zero, zero, zero, zero };
  for (size_t i = 0; i < n_rows; i += batch)
    {
      size_t n = n_rows - i < batch ? n_rows - i : batch;

      rule.n = (double) n;
      rule.inv = frexp (rule.n, &(int) { 0 }) == 0.5 ? 1.0 / rule.n : 0.0;
      total += chunk_gradient (net, work, x, y, order + i, n, loss, NULL, 0, &rule, order + i + n,
                               i + n < n_rows ? (n_rows - i - n < batch ? n_rows - i - n : batch)
                                              : 0,
                               narrow);
    }
  return total;
}

/* The two builds of each (HOT_V3). */
HOT_V3 static double
batch_gradient_v3 (const NlNet  *net,
                   NlBatchWork  *work,
                   const double *x,
                   const double *y,
                   const size_t *rows,
                   size_t        n,
                   NlLoss        loss,
                   double       *grad)
{
  return batch_gradient (net, work, x, y, rows, n, loss, grad, 0);
}

HOT_V3 static double
batch_sgd_steps_v3 (NlNet        *net,
                    NlBatchWork  *work,
                    const double *x,
                    const double *y,
                    const size_t *order,
                    size_t        n_rows,
                    size_t        batch,
                    NlLoss        loss,
                    double        learning_rate)
{
  return batch_sgd_steps (net, work, x, y, order, n_rows, batch, loss, learning_rate, 0);
}

#if NL_CAN_CLONE
static double
batch_gradient_baseline (const NlNet  *net,
                         NlBatchWork  *work,
                         const double *x,
                         const double *y,
                         const size_t *rows,
                         size_t        n,
                         NlLoss        loss,
                         double       *grad)
{
  return batch_gradient (net, work, x, y, rows, n, loss, grad, TILE_NARROW);
}

static double
batch_sgd_steps_baseline (NlNet        *net,
                          NlBatchWork  *work,
                          const double *x,
                          const double *y,
                          const size_t *order,
                          size_t        n_rows,
                          size_t        batch,
                          NlLoss        loss,
                          double        learning_rate)
{
  return batch_sgd_steps (net, work, x, y, order, n_rows, batch, loss, learning_rate,
                          TILE_NARROW);
}
#endif

HOT_END

#if NL_CAN_CLONE
/* 1 where the x86-64-v3 build runs: what the loader's choice between
 * HOT_CLONES's two would be. NEURONLAB_BASELINE_KERNELS=1 in the
 * environment takes the baseline build anyway (tests/meson.build runs
 * test-batch so, which a machine with AVX2 would not otherwise). */
static int
wide_kernels (void)
{
  const char *force = getenv ("NEURONLAB_BASELINE_KERNELS");

  if (force != NULL && strcmp (force, "1") == 0)
    return 0;
# if defined(__clang__)
  return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")
         && __builtin_cpu_supports ("bmi2");
# else
  return __builtin_cpu_supports ("x86-64-v3");
# endif
}
#endif

double
nl_batch_gradient (const NlNet  *net,
                   NlBatchWork  *work,
                   const double *x,
                   const double *y,
                   const size_t *rows,
                   size_t        n,
                   NlLoss        loss,
                   double       *grad)
{
  if (n == 0)
    {
      memset (grad, 0, net->n_params * sizeof (double));
      return 0.0;
    }
#if NL_CAN_CLONE
  if (!wide_kernels ())
    return batch_gradient_baseline (net, work, x, y, rows, n, loss, grad);
#endif
  return batch_gradient_v3 (net, work, x, y, rows, n, loss, grad);
}

double
nl_batch_sgd_steps (NlNet        *net,
                    NlBatchWork  *work,
                    const double *x,
                    const double *y,
                    const size_t *order,
                    size_t        n_rows,
                    size_t        batch,
                    NlLoss        loss,
                    double        learning_rate)
{
  if (n_rows == 0)
    return 0.0;
#if NL_CAN_CLONE
  if (!wide_kernels ())
    return batch_sgd_steps_baseline (net, work, x, y, order, n_rows, batch, loss, learning_rate);
#endif
  return batch_sgd_steps_v3 (net, work, x, y, order, n_rows, batch, loss, learning_rate);
}

size_t
nl_batch_sgd_steps_max (void)
{
  return CHUNK;
}

void
nl_batch_prefetch_rows (const double *x,
                        size_t        n_inputs,
                        const size_t *rows,
                        size_t        n)
{
#if defined(__GNUC__)
  size_t bytes = n_inputs * sizeof (double);

  for (size_t i = 0; i < n; i++)
    {
      const char *row = (const char *) (x + rows[i] * n_inputs);

      for (size_t o = 0; o < bytes; o += 64)
        __builtin_prefetch (row + o, 0, 3);
      __builtin_prefetch (row + bytes - 1, 0, 3);
    }
#else
  (void) x;
  (void) n_inputs;
  (void) rows;
  (void) n;
#endif
}

/* Outside the contraction: step and subtraction rounded apart, as
 * nl-train.c's update rule (and the Backpropagation page) has them. */
HOT_CLONES static void
sgd_apply (double       *restrict params,
           const double *restrict grad_sum,
           size_t                 n_params,
           double                 n,
           double                 learning_rate)
{
  size_t i = 0;

  /* Dividing by a power of two is multiplying by its exact reciprocal, the
   * same number either way, and much cheaper. */
  if (frexp (n, &(int) { 0 }) == 0.5)
    {
      double inv = 1.0 / n;

      for (; i + 4 <= n_params; i += 4)
        {
          v4d step = learning_rate * (LOAD4 (grad_sum + i) * inv);

          STORE4 (params + i, LOAD4 (params + i) - step);
        }
    }
  for (; i + 4 <= n_params; i += 4)
    {
      v4d step = learning_rate * (LOAD4 (grad_sum + i) / n);

      STORE4 (params + i, LOAD4 (params + i) - step);
    }
  for (; i < n_params; i++)
    {
      double step = learning_rate * (grad_sum[i] / n);

      params[i] = params[i] - step;
    }
}

void
nl_batch_sgd_apply (double       *params,
                    const double *grad_sum,
                    size_t        n_params,
                    size_t        n,
                    double        learning_rate)
{
  sgd_apply (params, grad_sum, n_params, (double) n, learning_rate);
}
