/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-batch.c: the gradient of a mini-batch, as matrix products.
 *
 * A batch's samples go through each layer together: with the activations of
 * the samples as the rows of a matrix A (samples x inputs), the forward pass
 * is Z = A W^T + b and A' = f(Z); backward, with the output deltas D,
 * dW = D^T A, db = the column sums of D, and the deltas one layer down are
 * (D W) * f'(Z below). Each product is cut into tiles of MR x (4 NR) results
 * that live in registers for the whole sum (one kernel, tile(), for all
 * three products), so every loaded weight or activation feeds several
 * multiply-adds: the register blocking that the one-sample path cannot have.
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
 * x86-64-v3 (AVX2 with FMA), with contraction on: the x86-64-v3 clone does
 * each multiply-add as one FMA, rounded once, so a machine without FMA gets
 * different last bits (each machine is reproducible with itself). Unlike
 * nl-net.c's one-sample path, which keeps separate multiplies and adds so
 * that batch 1 stays bit for bit what it was. The sigmoid's exponential is a vector polynomial here (exp4(),
 * within ~2 ulp of libm's exp()), which is what lets a sigmoid layer keep
 * pace with its products; the other activations use libm as nl-net.c does.
 *
 * Memory does not grow with the batch: samples go through in chunks of at
 * most CHUNK, the gradient sums carried from one chunk to the next.
 */
#include "nl-batch.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl-vector-private.h"

/* Samples per chunk, a multiple of MR. */
#define CHUNK 64
/* A tile: MR rows (samples, or neurons for dW) x NR vectors of 4 columns:
 * 12 accumulators, 2 vectors of the right-hand matrix and a broadcast fit the
 * 16 vector registers of AVX2, and 12 independent multiply-add chains cover
 * the latency of two FMA units. */
#define MR 6
#define NR 2

/* x86-64-v3 (with FMA) and baseline clones where the loader can choose
 * (nl-vector-private.h). */
#if NL_CAN_CLONE
# define HOT_CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
# define HOT_CLONES
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
  size_t  rows;        /* rows of the chunk matrices: min (max_batch, CHUNK), rounded up to MR */
  size_t *ld;          /* per layer: its neurons rounded up to 4, the matrices' row stride */
  double **a;          /* per layer: rows x ld[l] activations (layer 0: the inputs) */
  double **dact;       /* per layer >= 1: f'(z), same shape */
  double **delta;      /* per layer >= 1: dL/dz, same shape */
  double **wt;         /* per layer >= 1: W^T, n_in x ld[l] */
  double **wp;         /* per layer >= 2: W, n x ld[l - 1] */
  double **bias;       /* per layer >= 1: ld[l] */
  double  *block;      /* all of the above */
};

static size_t
round_up (size_t n,
          size_t m)
{
  return (n + m - 1) / m * m;
}

NlBatchWork *
nl_batch_work_new (const NlNet *net,
                   size_t       max_batch)
{
  size_t L = net->n_layers, total = 0, rows;
  NlBatchWork *work = calloc (1, sizeof *work);

  if (work == NULL)
    return NULL;
  if (max_batch < 1)
    max_batch = 1;
  rows = round_up (max_batch < CHUNK ? max_batch : CHUNK, MR);
  work->max_batch = max_batch;
  work->n_layers = L;
  work->rows = rows;
  work->ld = calloc (L, sizeof *work->ld);
  work->a = calloc (L, sizeof (double *));
  work->dact = calloc (L, sizeof (double *));
  work->delta = calloc (L, sizeof (double *));
  work->wt = calloc (L, sizeof (double *));
  work->wp = calloc (L, sizeof (double *));
  work->bias = calloc (L, sizeof (double *));
  if (work->ld == NULL || work->a == NULL || work->dact == NULL || work->delta == NULL
      || work->wt == NULL || work->wp == NULL || work->bias == NULL)
    goto fail;

  /* Sizes are bounded by NL_MAX_LAYER_SIZE and NL_MAX_PARAMS, so none of
   * these products overflows. */
  for (size_t l = 0; l < L; l++)
    {
      work->ld[l] = round_up (net->sizes[l], 4);
      total += rows * work->ld[l];
      if (l >= 1)
        total += 2 * rows * work->ld[l] + net->sizes[l - 1] * work->ld[l] + work->ld[l];
      if (l >= 2)
        total += net->sizes[l] * work->ld[l - 1];
    }
  /* Every matrix starts on a cache line: each is rounded up to 8 doubles. */
  total += 6 * L * 8;
  work->block = aligned_alloc (64, round_up (total * sizeof (double), 64));
  if (work->block == NULL)
    goto fail;
  /* Zeros in the padding columns, which the kernels read and never use. */
  memset (work->block, 0, round_up (total * sizeof (double), 64));
  {
    double *p = work->block;

#define TAKE(n) (p += round_up ((n), 8), p - round_up ((n), 8))
    for (size_t l = 0; l < L; l++)
      {
        work->a[l] = TAKE (rows * work->ld[l]);
        if (l >= 1)
          {
            work->dact[l] = TAKE (rows * work->ld[l]);
            work->delta[l] = TAKE (rows * work->ld[l]);
            work->wt[l] = TAKE (net->sizes[l - 1] * work->ld[l]);
            work->bias[l] = TAKE (work->ld[l]);
          }
        if (l >= 2)
          work->wp[l] = TAKE (net->sizes[l] * work->ld[l - 1]);
      }
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
  free (work->a);
  free (work->dact);
  free (work->delta);
  free (work->wt);
  free (work->wp);
  free (work->bias);
  free (work);
}

HOT_BEGIN

/* What a tile does with its sums. */
enum
{
  TILE_FORWARD,   /* c = sum + bias[col], whole vectors into a padded matrix */
  TILE_DELTA,     /* c = sum * dact[row][col], whole vectors into a padded matrix */
  TILE_GRAD,      /* c = sum, only the @n_cols real columns (the gradient) */
};

/* One tile of a product, m rows x nv vectors of columns (m <= MR, nv <= NR,
 * constants once inlined): for each of its results,
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
      int                    carry)
{
  v4d acc[MR][NR];

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

  for (size_t p = 0; p < P; p++)
    {
      v4d yv[NR];

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
            STORE4 (out, acc[i][v] + LOAD4 (extra + 4 * v));
            break;
          case TILE_DELTA:
            STORE4 (out, acc[i][v] * LOAD4 (extra + i * es + 4 * v));
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

/* The tile of m rows and nv vectors, with both made constants. */
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
          int                    carry)
{
#define TILE_NV(M) \
  (nv == NR ? tile (mode, M, NR, P, x, xi, xp, y, ys, c, cs, n_cols, extra, es, carry) \
            : tile (mode, M, 1, P, x, xi, xp, y, ys, c, cs, n_cols, extra, es, carry))
  switch (m)
    {
    case 1: TILE_NV (1); break;
    case 2: TILE_NV (2); break;
    case 3: TILE_NV (3); break;
    case 4: TILE_NV (4); break;
    case 5: TILE_NV (5); break;
    default: TILE_NV (MR); break;
    }
#undef TILE_NV
}

/* C (M x cols) = X (M x P, element (i, p) at x[i * xi + p * xp]) times
 * Y (P x cols, rows ys apart, padded to whole vectors), tile by tile; @extra
 * as tile() takes it. Column blocks of NR vectors, then one vector at a time
 * (NR is 2). */
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
         int                    carry)
{
  size_t n_vec = (cols + 3) / 4;

  for (size_t i = 0; i < M; i += MR)
    {
      int m = M - i < MR ? (int) (M - i) : MR;

      for (size_t v = 0; v < n_vec; v += NR)
        {
          int nv = n_vec - v < NR ? (int) (n_vec - v) : NR;
          size_t col = 4 * v;

          tile_any (mode, m, nv, P, x + i * xi, xi, xp, y + col, ys, c + i * cs + col, cs,
                    cols - col,
                    extra == NULL ? NULL : mode == TILE_FORWARD ? extra + col : extra + i * es + col,
                    es, carry);
        }
    }
}

/* e^x for four values, within ~2 ulp of exp(): x = k ln 2 + r with
 * |r| <= ln 2 / 2, e^r by its Taylor series to r^13 (the next term is below
 * 2^-57 of it), times 2^k built in the exponent bits. For the sigmoid's
 * e^-z only: x is clamped to [-708, 709] (e^-708 added to 1 is 1 already),
 * and sigmoid_rows() makes e^x infinite (the sigmoid 0) beyond 709.78. */
HOT_INLINE void
exp4 (v4d *value)
{
  v4d x = *value;
  const v4d lo = { -708.0, -708.0, -708.0, -708.0 }, hi = { 709.0, 709.0, 709.0, 709.0 };
  const double shifter = 0x1.8p52;
  v4i below = x < lo, above = x > hi;
  v4d k, r, r2, r4, r8, q;
  v4u bits;

  x = (v4d) (((v4i) lo & below) | ((v4i) x & ~below));
  x = (v4d) (((v4i) hi & above) | ((v4i) x & ~above));
  /* k = round (x / ln 2), in the low bits of kf's mantissa too. */
  k = x * 1.4426950408889634 + shifter;
  bits = (v4u) k;
  k = k - shifter;
  r = x - k * 6.93147180369123816490e-01;
  r = r - k * 1.90821492927058770002e-10;
  /* Estrin's scheme, a tree of depth 5 rather than Horner's chain of 13,
   * so that the vectors of a row overlap. */
  r2 = r * r;
  r4 = r2 * r2;
  r8 = r4 * r4;
  q = ((1.0 + r) + r2 * (0.5 + r * (1.0 / 6.0)))
      + r4 * ((1.0 / 24.0 + r * (1.0 / 120.0)) + r2 * (1.0 / 720.0 + r * (1.0 / 5040.0)));
  q = q + r8 * (((1.0 / 40320.0 + r * (1.0 / 362880.0))
                 + r2 * (1.0 / 3628800.0 + r * (1.0 / 39916800.0)))
                + r4 * (1.0 / 479001600.0 + r * (1.0 / 6227020800.0)));
  /* 2^k: k + 1023 in the exponent field; the shifter's own bits shift out. */
  *value = q * (v4d) ((bits + 1023) << 52);
}

/* a = 1 / (1 + e^-z) in place of z, dact = a (1 - a), for @n rows of @ld
 * values. */
HOT_INLINE void
sigmoid_rows (double       *restrict a,
              double       *restrict dact,
              size_t                 n,
              size_t                 ld)
{
  for (size_t i = 0; i < n * ld; i += 4)
    {
      v4d zv = LOAD4 (a + i), e = -zv, s;
      v4i zero = zv < -709.78;

      exp4 (&e);
      s = 1.0 / (1.0 + e);
      s = (v4d) ((v4i) s & ~zero);
      STORE4 (a + i, s);
      STORE4 (dact + i, s * (1.0 - s));
    }
}

/* f and f' of a layer's sums in @a (overwritten with f(z)) for @n samples,
 * as nl-net.c's activate_layer() computes them. */
HOT_INLINE void
activate_rows (NlActivation           f,
               double       *restrict a,
               double       *restrict dact,
               size_t                 n,
               size_t                 width,
               size_t                 ld)
{
  switch (f)
    {
    case NL_ACTIVATION_SIGMOID:
      sigmoid_rows (a, dact, n, ld);
      break;
    case NL_ACTIVATION_TANH:
      for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < width; j++)
          {
            double t = tanh (a[i * ld + j]);

            a[i * ld + j] = t;
            dact[i * ld + j] = 1.0 - t * t;
          }
      break;
    case NL_ACTIVATION_RELU:
      for (size_t i = 0; i < n * ld; i++)
        {
          dact[i] = a[i] > 0.0 ? 1.0 : 0.0;
          a[i] = a[i] > 0.0 ? a[i] : 0.0;
        }
      break;
    case NL_ACTIVATION_SOFTMAX:
      for (size_t i = 0; i < n; i++)
        {
          double *row = a + i * ld, *d = dact + i * ld;
          double top = row[0], sum = 0.0;

          for (size_t j = 1; j < width; j++)
            top = row[j] > top ? row[j] : top;
          for (size_t j = 0; j < width; j++)
            {
              row[j] = exp (row[j] - top);
              sum += row[j];
            }
          for (size_t j = 0; j < width; j++)
            {
              row[j] /= sum;
              d[j] = row[j] * (1.0 - row[j]);
            }
        }
      break;
    case NL_ACTIVATION_LINEAR:
    case NL_N_ALL_ACTIVATIONS:
    default:
      for (size_t i = 0; i < n * ld; i++)
        dact[i] = 1.0;
      break;
    }
}

#if defined(__clang__)
# define SHUFFLE(a, b, i, j, k, l) __builtin_shufflevector (a, b, i, j, k, l)
#else
# define SHUFFLE(a, b, i, j, k, l) __builtin_shuffle (a, b, (v4i) { i, j, k, l })
#endif

/* The 4 x 4 block at @src (rows @ss apart) transposed into @dst. */
HOT_INLINE void
transpose4 (const double *restrict src,
            size_t                 ss,
            double       *restrict dst,
            size_t                 ds)
{
  v4d r0 = LOAD4 (src), r1 = LOAD4 (src + ss), r2 = LOAD4 (src + 2 * ss), r3 = LOAD4 (src + 3 * ss);
  v4d t0 = SHUFFLE (r0, r1, 0, 4, 2, 6), t1 = SHUFFLE (r0, r1, 1, 5, 3, 7);
  v4d t2 = SHUFFLE (r2, r3, 0, 4, 2, 6), t3 = SHUFFLE (r2, r3, 1, 5, 3, 7);

  STORE4 (dst, SHUFFLE (t0, t2, 0, 1, 4, 5));
  STORE4 (dst + ds, SHUFFLE (t1, t3, 0, 1, 4, 5));
  STORE4 (dst + 2 * ds, SHUFFLE (t0, t2, 2, 3, 6, 7));
  STORE4 (dst + 3 * ds, SHUFFLE (t1, t3, 2, 3, 6, 7));
}

/* The weights in the layouts the products read: W^T with padded rows for
 * the forward pass, W with padded rows for the deltas, the biases padded. */
HOT_INLINE void
pack_weights (const NlNet *net,
              NlBatchWork *work)
{
  for (size_t l = 1; l < net->n_layers; l++)
    {
      size_t n = net->sizes[l], n_in = net->sizes[l - 1], ld = work->ld[l];
      const double *w = net->params + net->w_offset[l];
      double *wt = work->wt[l];

      size_t n4 = n & ~(size_t) 3, k4 = n_in & ~(size_t) 3;

      /* 4 x 4 blocks through registers, then the edges one by one. */
      for (size_t j = 0; j < n4; j += 4)
        for (size_t k = 0; k < k4; k += 4)
          transpose4 (w + j * n_in + k, n_in, wt + k * ld + j, ld);
      for (size_t k = 0; k < n_in; k++)
        for (size_t j = k < k4 ? n4 : 0; j < n; j++)
          wt[k * ld + j] = w[j * n_in + k];
      memcpy (work->bias[l], net->params + net->b_offset[l], n * sizeof (double));
      /* Rows of whole vectors are read in place (wp_rows()). */
      if (l >= 2 && n_in % 4 != 0)
        for (size_t j = 0; j < n; j++)
          memcpy (work->wp[l] + j * work->ld[l - 1], w + j * n_in, n_in * sizeof (double));
    }
}

/* One chunk of @n samples (rows of the chunk matrices), the gradient sums
 * continued from the chunks before when @carry. Returns the sum of the
 * samples' losses, in order. */
HOT_INLINE double
chunk_gradient (const NlNet  *net,
                NlBatchWork  *work,
                const double *x,
                const double *y,
                const size_t *rows,
                size_t        n,
                NlLoss        loss,
                double       *grad,
                int           carry)
{
  size_t L = net->n_layers, last = L - 1;
  size_t n_in0 = net->sizes[0];
  size_t m = round_up (n, MR);   /* forward and deltas on whole tiles */
  double total = 0.0;

  for (size_t i = 0; i < n; i++)
    {
      const double *src = x + rows[i] * n_in0;
      double *dst = work->a[0] + i * work->ld[0];
      size_t k = 0;

      /* Usually a few dozen inputs: cheaper than a call to memcpy(). */
      for (; k + 4 <= n_in0; k += 4)
        STORE4 (dst + k, LOAD4 (src + k));
      for (; k < n_in0; k++)
        dst[k] = src[k];
    }

  for (size_t l = 1; l < L; l++)
    {
      size_t n_in = net->sizes[l - 1];

      product (TILE_FORWARD, m, net->sizes[l], n_in, work->a[l - 1], work->ld[l - 1], 1,
               work->wt[l], work->ld[l], work->a[l], work->ld[l], work->bias[l], 0, 0);
      activate_rows (net->activation[l], work->a[l], work->dact[l], m, net->sizes[l],
                     work->ld[l]);
    }

  for (size_t i = 0; i < n; i++)
    total += nl_net_output_deltas (net, work->a[last] + i * work->ld[last],
                                   work->dact[last] + i * work->ld[last], y[rows[i]], loss,
                                   work->delta[last] + i * work->ld[last]);

  for (size_t l = last; l >= 1; l--)
    {
      size_t n_out = net->sizes[l], n_in = net->sizes[l - 1], ld = work->ld[l];
      const double *delta = work->delta[l];
      double *gb = grad + net->b_offset[l];

      /* dW[j][k] = sum over the samples of delta[s][j] a[s][k]. */
      product (TILE_GRAD, n_out, n_in, n, delta, 1, ld, work->a[l - 1], work->ld[l - 1],
               grad + net->w_offset[l], n_in, NULL, 0, carry);
      /* db[j] = sum over the samples of delta[s][j]. */
      for (size_t j = 0; j < n_out; j += 4)
        {
          v4d s = { 0 };
          size_t w = n_out - j < 4 ? n_out - j : 4;

          if (carry)
            for (size_t e = 0; e < w; e++)
              s[e] = gb[j + e];
          for (size_t i = 0; i < n; i++)
            s += LOAD4 (delta + i * ld + j);
          for (size_t e = 0; e < w; e++)
            gb[j + e] = s[e];
        }
      /* The deltas one layer down, (delta W) * f'. */
      if (l >= 2)
        product (TILE_DELTA, m, n_in, n_out, delta, ld, 1,
                 n_in % 4 == 0 ? net->params + net->w_offset[l] : work->wp[l], work->ld[l - 1],
                 work->delta[l - 1], work->ld[l - 1], work->dact[l - 1], work->ld[l - 1], 0);
    }
  return total;
}

HOT_CLONES static double
batch_gradient (const NlNet  *net,
                NlBatchWork  *work,
                const double *x,
                const double *y,
                const size_t *rows,
                size_t        n,
                NlLoss        loss,
                double       *grad)
{
  double total = 0.0;

  pack_weights (net, work);
  for (size_t i = 0; i < n; i += CHUNK)
    total += chunk_gradient (net, work, x, y, rows + i, n - i < CHUNK ? n - i : CHUNK, loss,
                             grad, i > 0);
  return total;
}

HOT_END

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
  return batch_gradient (net, work, x, y, rows, n, loss, grad);
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
