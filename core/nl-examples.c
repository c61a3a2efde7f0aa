/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-examples.c: data sets to start from (see nl-examples.h).
 *
 * The generators follow TensorFlow Playground's src/dataset.ts: the same
 * shapes, ranges and noise, drawn from the core's seeded generator in the
 * playground's order (for a point: its coordinates, then its noise), so
 * that a table depends on the seed alone. Where the playground makes
 * n / 2 points of each class for an odd n (one too many), each class here
 * gets its half and the first the odd one. Like the playground, the points
 * are shuffled at the end, so that the table does not list one class first.
 */
#include "nl-examples.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl-i18n.h"
#include "nl-rng.h"

/* One generated point: its coordinates, and its class (0 or 1) or the
 * number to predict. */
typedef struct
{
  double x1;
  double x2;
  double value;
} Point;

/* Fills @points (@n of them) with @noise a fraction from 0 to 0.5. */
typedef void (*Generator) (NlRng  *rng,
                           size_t  n,
                           double  noise,
                           Point  *points);

typedef struct
{
  NlExample   example;     /* first, so that an NlExample * is an Entry * */
  Generator   generate;    /* NULL for the tables written out here */
  const char *classes[2];  /* a two-class label's classes 0 and 1 (the positive) */
} Entry;

/* Coordinates and values are written with three decimals, and a class is
 * decided from the coordinates as written. */
static double
round3 (double v)
{
  return (double) llround (v * 1000.0) / 1000.0;
}

/* "-1.250", whatever the locale: integers are printed the same in all. */
static void
format3 (char   *buf,
         size_t  size,
         double  v)
{
  long long m = llround (v * 1000.0);
  unsigned long long a = m < 0 ? (unsigned long long) -m : (unsigned long long) m;

  snprintf (buf, size, "%s%llu.%03llu", m < 0 ? "-" : "", a / 1000, a % 1000);
}

/* Uniform in [a, b), as the playground's randUniform. */
static double
uniform (NlRng  *rng,
         double  a,
         double  b)
{
  return nl_rng_uniform (rng) * (b - a) + a;
}

/* Generators */

/* Class 1 inside radius 2.5, class 0 in the ring from 3.5 to 5; with noise
 * a point is classed by where its shaken copy falls. */
static void
generate_circle (NlRng  *rng,
                 size_t  n,
                 double  noise,
                 Point  *points)
{
  const double radius = 5.0;

  for (size_t i = 0; i < n; i++)
    {
      int inside = i < n - n / 2;
      double r = inside ? uniform (rng, 0.0, radius * 0.5) : uniform (rng, radius * 0.7, radius);
      double angle = uniform (rng, 0.0, 2.0 * M_PI);
      double x1 = round3 (r * sin (angle));
      double x2 = round3 (r * cos (angle));
      double noise1 = uniform (rng, -radius, radius) * noise;
      double noise2 = uniform (rng, -radius, radius) * noise;

      points[i].x1 = x1;
      points[i].x2 = x2;
      points[i].value = hypot (x1 + noise1, x2 + noise2) < radius * 0.5;
    }
}

/* Class 1 where both coordinates have the same sign; the points keep 0.3
 * away from the axes. */
static void
generate_xor (NlRng  *rng,
              size_t  n,
              double  noise,
              Point  *points)
{
  const double padding = 0.3;

  for (size_t i = 0; i < n; i++)
    {
      double x1 = uniform (rng, -5.0, 5.0);
      double x2;
      double noise1, noise2;

      x1 = round3 (x1 + (x1 > 0.0 ? padding : -padding));
      x2 = uniform (rng, -5.0, 5.0);
      x2 = round3 (x2 + (x2 > 0.0 ? padding : -padding));
      noise1 = uniform (rng, -5.0, 5.0) * noise;
      noise2 = uniform (rng, -5.0, 5.0) * noise;
      points[i].x1 = x1;
      points[i].x2 = x2;
      points[i].value = (x1 + noise1) * (x2 + noise2) >= 0.0;
    }
}

/* Class 1 around (2, 2), class 0 around (-2, -2); noise widens both, the
 * variance going from 0.5 (no noise) to 4 (50%). */
static void
generate_gaussians (NlRng  *rng,
                    size_t  n,
                    double  noise,
                    Point  *points)
{
  double sd = sqrt (0.5 + noise / 0.5 * 3.5);

  for (size_t i = 0; i < n; i++)
    {
      int positive = i < n - n / 2;
      double centre = positive ? 2.0 : -2.0;

      points[i].x1 = round3 (centre + sd * nl_rng_normal (rng));
      points[i].x2 = round3 (centre + sd * nl_rng_normal (rng));
      points[i].value = positive;
    }
}

/* Two arms of 1.75 turns out to radius 5, class 1 from angle 0 and class 0
 * from half a turn; noise shakes each point by up to its amount. */
static void
generate_spiral (NlRng  *rng,
                 size_t  n,
                 double  noise,
                 Point  *points)
{
  size_t n_arm[2] = { n - n / 2, n / 2 };
  size_t k = 0;

  for (int arm = 0; arm < 2; arm++)
    for (size_t i = 0; i < n_arm[arm]; i++, k++)
      {
        double f = (double) i / (double) n_arm[arm];
        double r = f * 5.0;
        double t = 1.75 * f * 2.0 * M_PI + (arm == 0 ? 0.0 : M_PI);

        points[k].x1 = round3 (r * sin (t) + uniform (rng, -1.0, 1.0) * noise);
        points[k].x2 = round3 (r * cos (t) + uniform (rng, -1.0, 1.0) * noise);
        points[k].value = arm == 0;
      }
}

/* The value rises evenly across [-6, 6]²: (x1 + x2) / 10, measured at a
 * copy of the point shaken by the noise. */
static void
generate_plane (NlRng  *rng,
                size_t  n,
                double  noise,
                Point  *points)
{
  const double radius = 6.0;

  for (size_t i = 0; i < n; i++)
    {
      double x1 = round3 (uniform (rng, -radius, radius));
      double x2 = round3 (uniform (rng, -radius, radius));
      double noise1 = uniform (rng, -radius, radius) * noise;
      double noise2 = uniform (rng, -radius, radius) * noise;

      points[i].x1 = x1;
      points[i].x2 = x2;
      points[i].value = round3 ((x1 + noise1 + x2 + noise2) / 10.0);
    }
}

/* Six bumps (+1) and dips (-1) in two rows; a point takes the strongest of
 * them, each falling from 1 at its centre to 0 at distance 2. */
static double
multi_gaussian_value (double x1,
                      double x2)
{
  static const double centres[6][3] = {
    { -4.0, 2.5, 1.0 }, { 0.0, 2.5, -1.0 }, { 4.0, 2.5, 1.0 },
    { -4.0, -2.5, -1.0 }, { 0.0, -2.5, 1.0 }, { 4.0, -2.5, -1.0 },
  };
  double value = 0.0;

  for (size_t i = 0; i < 6; i++)
    {
      double d = hypot (x1 - centres[i][0], x2 - centres[i][1]);
      double v = centres[i][2] * fmax (0.0, 1.0 - d / 2.0);

      if (fabs (v) > fabs (value))
        value = v;
    }
  return value;
}

static void
generate_multi_gaussian (NlRng  *rng,
                         size_t  n,
                         double  noise,
                         Point  *points)
{
  const double radius = 6.0;

  for (size_t i = 0; i < n; i++)
    {
      double x1 = round3 (uniform (rng, -radius, radius));
      double x2 = round3 (uniform (rng, -radius, radius));
      double noise1 = uniform (rng, -radius, radius) * noise;
      double noise2 = uniform (rng, -radius, radius) * noise;

      points[i].x1 = x1;
      points[i].x2 = x2;
      points[i].value = round3 (multi_gaussian_value (x1 + noise1, x2 + noise2));
    }
}

/* The examples */

static const Entry entries[] = {
  {
    {
      "tutorial",
      /* Translators: an example data set, the tutorial's table of people. */
      N_("Tutorial (people)"),
      N_("The tutorial’s four people: tell gender from weight and height."),
      NL_TASK_BINARY, 0,
      /* The tutorial's own network and run. */
      { "2", NL_ACTIVATION_SIGMOID, NL_INIT_NORMAL, NL_LOSS_MSE, 0.1, 1000, NL_NORMALIZE_SHIFT, 0 },
    },
    NULL, { NULL, NULL },
  },
  {
    {
      "circle",
      /* Translators: an example data set (TensorFlow Playground's). */
      N_("Circle"),
      N_("Points inside a circle and around it: no straight line separates them, "
         "a hidden layer does."),
      NL_TASK_BINARY, 1,
      { "4", NL_ACTIVATION_TANH, NL_INIT_SCALED, NL_LOSS_BCE, 0.03, 50, NL_NORMALIZE_STANDARDIZE, 20 },
    },
    generate_circle,
    /* Translators: the classes of the Circle example: a point lies outside
     * the circle or inside it. */
    { N_("Outside"), N_("Inside") },
  },
  {
    {
      "xor",
      /* Translators: an example data set (TensorFlow Playground's); XOR is
       * the logical "exclusive or". */
      N_("XOR"),
      N_("Four squares, opposite corners alike: what a single neuron cannot learn."),
      NL_TASK_BINARY, 1,
      { "4", NL_ACTIVATION_TANH, NL_INIT_SCALED, NL_LOSS_BCE, 0.03, 100, NL_NORMALIZE_STANDARDIZE, 20 },
    },
    generate_xor,
    /* Translators: the classes of the XOR example: whether a point's two
     * coordinates have opposite signs or the same sign. */
    { N_("Opposite signs"), N_("Same sign") },
  },
  {
    {
      "gaussians",
      /* Translators: an example data set (TensorFlow Playground's): two
       * clouds of points drawn from normal distributions. */
      N_("Two Gaussians"),
      N_("Two clouds of points that a straight line separates."),
      NL_TASK_BINARY, 1,
      { "2", NL_ACTIVATION_TANH, NL_INIT_SCALED, NL_LOSS_BCE, 0.03, 20, NL_NORMALIZE_STANDARDIZE, 20 },
    },
    generate_gaussians,
    /* Translators: the classes of the Two Gaussians example: the cloud of
     * points at the lower left and the one at the upper right. */
    { N_("Lower left"), N_("Upper right") },
  },
  {
    {
      "spiral",
      /* Translators: an example data set (TensorFlow Playground's). */
      N_("Spiral"),
      N_("Two arms wound into each other: the hardest, it takes two hidden layers."),
      NL_TASK_BINARY, 1,
      { "8,8", NL_ACTIVATION_TANH, NL_INIT_SCALED, NL_LOSS_BCE, 0.01, 1000, NL_NORMALIZE_STANDARDIZE, 20 },
    },
    generate_spiral,
    /* Translators: the classes of the Spiral example: its two arms. */
    { N_("Second arm"), N_("First arm") },
  },
  {
    {
      "plane",
      /* Translators: an example data set (TensorFlow Playground's), a number
       * to predict that rises evenly across the plane. */
      N_("Plane"),
      N_("A number to predict that rises evenly across the plane."),
      NL_TASK_REGRESSION, 1,
      { "2", NL_ACTIVATION_TANH, NL_INIT_SCALED, NL_LOSS_MSE, 0.01, 50, NL_NORMALIZE_STANDARDIZE, 20 },
    },
    generate_plane, { NULL, NULL },
  },
  {
    {
      "multi-gaussian",
      /* Translators: an example data set (TensorFlow Playground's), a number
       * to predict with six bumps and dips. */
      N_("Multi-Gaussian"),
      N_("A number to predict with three bumps and three dips across the plane."),
      NL_TASK_REGRESSION, 1,
      { "12,12", NL_ACTIVATION_TANH, NL_INIT_SCALED, NL_LOSS_MSE, 0.01, 500, NL_NORMALIZE_STANDARDIZE, 20 },
    },
    generate_multi_gaussian, { NULL, NULL },
  },
  {
    {
      "iris",
      /* Translators: an example data set, Fisher's iris flowers. */
      N_("Iris"),
      N_("Fisher’s 150 iris flowers (1936): tell three species apart by four measurements."),
      NL_TASK_MULTICLASS, 0,
      { "8", NL_ACTIVATION_TANH, NL_INIT_SCALED, NL_LOSS_BCE, 0.01, 150, NL_NORMALIZE_STANDARDIZE, 20 },
    },
    NULL, { NULL, NULL },
  },
};

#define N_ENTRIES (sizeof entries / sizeof entries[0])

size_t
nl_examples_count (void)
{
  return N_ENTRIES;
}

const NlExample *
nl_example_get (size_t index)
{
  return index < N_ENTRIES ? &entries[index].example : NULL;
}

const NlExample *
nl_example_find (const char *id)
{
  if (id == NULL)
    return NULL;
  for (size_t i = 0; i < N_ENTRIES; i++)
    if (strcmp (entries[i].example.id, id) == 0)
      return &entries[i].example;
  return NULL;
}

const char *
nl_example_get_title (const NlExample *example)
{
  return _(example->title);
}

const char *
nl_example_get_description (const NlExample *example)
{
  return _(example->description);
}

void
nl_example_options_init (NlExampleOptions *options)
{
  options->noise = 0;
  options->points = NL_EXAMPLE_DEFAULT_POINTS;
  options->seed = 1;
}

/* Fisher's iris data */

/* R. A. Fisher, "The use of multiple measurements in taxonomic problems",
 * Annals of Eugenics 7 (1936), public domain: 150 flowers, 50 of each
 * species, sepal length, sepal width, petal length and petal width in cm.
 * Copied from scikit-learn's sklearn/datasets/data/iris.csv as Debian's
 * python3-sklearn 1.2.1+dfsg-1 installs it (sha256 f13ffa8f...9d1449),
 * which is Fisher's table as R has it, without the UCI copy's two slips. */
static const struct
{
  const char *measures[4];
  int         species;    /* 0 setosa, 1 versicolor, 2 virginica */
} iris_rows[] = {
  { { "5.1", "3.5", "1.4", "0.2" }, 0 },
  { { "4.9", "3.0", "1.4", "0.2" }, 0 },
  { { "4.7", "3.2", "1.3", "0.2" }, 0 },
  { { "4.6", "3.1", "1.5", "0.2" }, 0 },
  { { "5.0", "3.6", "1.4", "0.2" }, 0 },
  { { "5.4", "3.9", "1.7", "0.4" }, 0 },
  { { "4.6", "3.4", "1.4", "0.3" }, 0 },
  { { "5.0", "3.4", "1.5", "0.2" }, 0 },
  { { "4.4", "2.9", "1.4", "0.2" }, 0 },
  { { "4.9", "3.1", "1.5", "0.1" }, 0 },
  { { "5.4", "3.7", "1.5", "0.2" }, 0 },
  { { "4.8", "3.4", "1.6", "0.2" }, 0 },
  { { "4.8", "3.0", "1.4", "0.1" }, 0 },
  { { "4.3", "3.0", "1.1", "0.1" }, 0 },
  { { "5.8", "4.0", "1.2", "0.2" }, 0 },
  { { "5.7", "4.4", "1.5", "0.4" }, 0 },
  { { "5.4", "3.9", "1.3", "0.4" }, 0 },
  { { "5.1", "3.5", "1.4", "0.3" }, 0 },
  { { "5.7", "3.8", "1.7", "0.3" }, 0 },
  { { "5.1", "3.8", "1.5", "0.3" }, 0 },
  { { "5.4", "3.4", "1.7", "0.2" }, 0 },
  { { "5.1", "3.7", "1.5", "0.4" }, 0 },
  { { "4.6", "3.6", "1.0", "0.2" }, 0 },
  { { "5.1", "3.3", "1.7", "0.5" }, 0 },
  { { "4.8", "3.4", "1.9", "0.2" }, 0 },
  { { "5.0", "3.0", "1.6", "0.2" }, 0 },
  { { "5.0", "3.4", "1.6", "0.4" }, 0 },
  { { "5.2", "3.5", "1.5", "0.2" }, 0 },
  { { "5.2", "3.4", "1.4", "0.2" }, 0 },
  { { "4.7", "3.2", "1.6", "0.2" }, 0 },
  { { "4.8", "3.1", "1.6", "0.2" }, 0 },
  { { "5.4", "3.4", "1.5", "0.4" }, 0 },
  { { "5.2", "4.1", "1.5", "0.1" }, 0 },
  { { "5.5", "4.2", "1.4", "0.2" }, 0 },
  { { "4.9", "3.1", "1.5", "0.2" }, 0 },
  { { "5.0", "3.2", "1.2", "0.2" }, 0 },
  { { "5.5", "3.5", "1.3", "0.2" }, 0 },
  { { "4.9", "3.6", "1.4", "0.1" }, 0 },
  { { "4.4", "3.0", "1.3", "0.2" }, 0 },
  { { "5.1", "3.4", "1.5", "0.2" }, 0 },
  { { "5.0", "3.5", "1.3", "0.3" }, 0 },
  { { "4.5", "2.3", "1.3", "0.3" }, 0 },
  { { "4.4", "3.2", "1.3", "0.2" }, 0 },
  { { "5.0", "3.5", "1.6", "0.6" }, 0 },
  { { "5.1", "3.8", "1.9", "0.4" }, 0 },
  { { "4.8", "3.0", "1.4", "0.3" }, 0 },
  { { "5.1", "3.8", "1.6", "0.2" }, 0 },
  { { "4.6", "3.2", "1.4", "0.2" }, 0 },
  { { "5.3", "3.7", "1.5", "0.2" }, 0 },
  { { "5.0", "3.3", "1.4", "0.2" }, 0 },
  { { "7.0", "3.2", "4.7", "1.4" }, 1 },
  { { "6.4", "3.2", "4.5", "1.5" }, 1 },
  { { "6.9", "3.1", "4.9", "1.5" }, 1 },
  { { "5.5", "2.3", "4.0", "1.3" }, 1 },
  { { "6.5", "2.8", "4.6", "1.5" }, 1 },
  { { "5.7", "2.8", "4.5", "1.3" }, 1 },
  { { "6.3", "3.3", "4.7", "1.6" }, 1 },
  { { "4.9", "2.4", "3.3", "1.0" }, 1 },
  { { "6.6", "2.9", "4.6", "1.3" }, 1 },
  { { "5.2", "2.7", "3.9", "1.4" }, 1 },
  { { "5.0", "2.0", "3.5", "1.0" }, 1 },
  { { "5.9", "3.0", "4.2", "1.5" }, 1 },
  { { "6.0", "2.2", "4.0", "1.0" }, 1 },
  { { "6.1", "2.9", "4.7", "1.4" }, 1 },
  { { "5.6", "2.9", "3.6", "1.3" }, 1 },
  { { "6.7", "3.1", "4.4", "1.4" }, 1 },
  { { "5.6", "3.0", "4.5", "1.5" }, 1 },
  { { "5.8", "2.7", "4.1", "1.0" }, 1 },
  { { "6.2", "2.2", "4.5", "1.5" }, 1 },
  { { "5.6", "2.5", "3.9", "1.1" }, 1 },
  { { "5.9", "3.2", "4.8", "1.8" }, 1 },
  { { "6.1", "2.8", "4.0", "1.3" }, 1 },
  { { "6.3", "2.5", "4.9", "1.5" }, 1 },
  { { "6.1", "2.8", "4.7", "1.2" }, 1 },
  { { "6.4", "2.9", "4.3", "1.3" }, 1 },
  { { "6.6", "3.0", "4.4", "1.4" }, 1 },
  { { "6.8", "2.8", "4.8", "1.4" }, 1 },
  { { "6.7", "3.0", "5.0", "1.7" }, 1 },
  { { "6.0", "2.9", "4.5", "1.5" }, 1 },
  { { "5.7", "2.6", "3.5", "1.0" }, 1 },
  { { "5.5", "2.4", "3.8", "1.1" }, 1 },
  { { "5.5", "2.4", "3.7", "1.0" }, 1 },
  { { "5.8", "2.7", "3.9", "1.2" }, 1 },
  { { "6.0", "2.7", "5.1", "1.6" }, 1 },
  { { "5.4", "3.0", "4.5", "1.5" }, 1 },
  { { "6.0", "3.4", "4.5", "1.6" }, 1 },
  { { "6.7", "3.1", "4.7", "1.5" }, 1 },
  { { "6.3", "2.3", "4.4", "1.3" }, 1 },
  { { "5.6", "3.0", "4.1", "1.3" }, 1 },
  { { "5.5", "2.5", "4.0", "1.3" }, 1 },
  { { "5.5", "2.6", "4.4", "1.2" }, 1 },
  { { "6.1", "3.0", "4.6", "1.4" }, 1 },
  { { "5.8", "2.6", "4.0", "1.2" }, 1 },
  { { "5.0", "2.3", "3.3", "1.0" }, 1 },
  { { "5.6", "2.7", "4.2", "1.3" }, 1 },
  { { "5.7", "3.0", "4.2", "1.2" }, 1 },
  { { "5.7", "2.9", "4.2", "1.3" }, 1 },
  { { "6.2", "2.9", "4.3", "1.3" }, 1 },
  { { "5.1", "2.5", "3.0", "1.1" }, 1 },
  { { "5.7", "2.8", "4.1", "1.3" }, 1 },
  { { "6.3", "3.3", "6.0", "2.5" }, 2 },
  { { "5.8", "2.7", "5.1", "1.9" }, 2 },
  { { "7.1", "3.0", "5.9", "2.1" }, 2 },
  { { "6.3", "2.9", "5.6", "1.8" }, 2 },
  { { "6.5", "3.0", "5.8", "2.2" }, 2 },
  { { "7.6", "3.0", "6.6", "2.1" }, 2 },
  { { "4.9", "2.5", "4.5", "1.7" }, 2 },
  { { "7.3", "2.9", "6.3", "1.8" }, 2 },
  { { "6.7", "2.5", "5.8", "1.8" }, 2 },
  { { "7.2", "3.6", "6.1", "2.5" }, 2 },
  { { "6.5", "3.2", "5.1", "2.0" }, 2 },
  { { "6.4", "2.7", "5.3", "1.9" }, 2 },
  { { "6.8", "3.0", "5.5", "2.1" }, 2 },
  { { "5.7", "2.5", "5.0", "2.0" }, 2 },
  { { "5.8", "2.8", "5.1", "2.4" }, 2 },
  { { "6.4", "3.2", "5.3", "2.3" }, 2 },
  { { "6.5", "3.0", "5.5", "1.8" }, 2 },
  { { "7.7", "3.8", "6.7", "2.2" }, 2 },
  { { "7.7", "2.6", "6.9", "2.3" }, 2 },
  { { "6.0", "2.2", "5.0", "1.5" }, 2 },
  { { "6.9", "3.2", "5.7", "2.3" }, 2 },
  { { "5.6", "2.8", "4.9", "2.0" }, 2 },
  { { "7.7", "2.8", "6.7", "2.0" }, 2 },
  { { "6.3", "2.7", "4.9", "1.8" }, 2 },
  { { "6.7", "3.3", "5.7", "2.1" }, 2 },
  { { "7.2", "3.2", "6.0", "1.8" }, 2 },
  { { "6.2", "2.8", "4.8", "1.8" }, 2 },
  { { "6.1", "3.0", "4.9", "1.8" }, 2 },
  { { "6.4", "2.8", "5.6", "2.1" }, 2 },
  { { "7.2", "3.0", "5.8", "1.6" }, 2 },
  { { "7.4", "2.8", "6.1", "1.9" }, 2 },
  { { "7.9", "3.8", "6.4", "2.0" }, 2 },
  { { "6.4", "2.8", "5.6", "2.2" }, 2 },
  { { "6.3", "2.8", "5.1", "1.5" }, 2 },
  { { "6.1", "2.6", "5.6", "1.4" }, 2 },
  { { "7.7", "3.0", "6.1", "2.3" }, 2 },
  { { "6.3", "3.4", "5.6", "2.4" }, 2 },
  { { "6.4", "3.1", "5.5", "1.8" }, 2 },
  { { "6.0", "3.0", "4.8", "1.8" }, 2 },
  { { "6.9", "3.1", "5.4", "2.1" }, 2 },
  { { "6.7", "3.1", "5.6", "2.4" }, 2 },
  { { "6.9", "3.1", "5.1", "2.3" }, 2 },
  { { "5.8", "2.7", "5.1", "1.9" }, 2 },
  { { "6.8", "3.2", "5.9", "2.3" }, 2 },
  { { "6.7", "3.3", "5.7", "2.5" }, 2 },
  { { "6.7", "3.0", "5.2", "2.3" }, 2 },
  { { "6.3", "2.5", "5.0", "1.9" }, 2 },
  { { "6.5", "3.0", "5.2", "2.0" }, 2 },
  { { "6.2", "3.4", "5.4", "2.3" }, 2 },
  { { "5.9", "3.0", "5.1", "1.8" }, 2 },
};

/* The species are the botanists' Latin names, the same in every language. */
static const char * const iris_species[3] = { "setosa", "versicolor", "virginica" };

static NlDataset *
new_iris (NlError *error)
{
  static const char * const names[] = {
    /* Translators: a column of the Iris example; keep the unit, centimetres. */
    N_("Sepal length (cm)"),
    /* Translators: a column of the Iris example; keep the unit, centimetres. */
    N_("Sepal width (cm)"),
    /* Translators: a column of the Iris example; keep the unit, centimetres. */
    N_("Petal length (cm)"),
    /* Translators: a column of the Iris example; keep the unit, centimetres. */
    N_("Petal width (cm)"),
    /* Translators: a column of the Iris example, the flower's species. */
    N_("Species"),
  };
  static const NlColumnKind kinds[] = {
    NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_TEXT
  };
  const char *translated[5];
  NlDataset *ds;

  for (size_t c = 0; c < 5; c++)
    translated[c] = _(names[c]);
  ds = nl_dataset_new (5, translated, kinds, error);
  if (ds == NULL)
    return NULL;
  for (size_t r = 0; r < sizeof iris_rows / sizeof iris_rows[0]; r++)
    {
      size_t row = nl_dataset_append_row (ds);

      if (row == (size_t) -1)
        goto nomem;
      for (size_t c = 0; c < 4; c++)
        if (nl_dataset_set_cell (ds, row, c, iris_rows[r].measures[c], error) != NL_OK)
          goto fail;
      if (nl_dataset_set_cell (ds, row, 4, iris_species[iris_rows[r].species], error) != NL_OK)
        goto fail;
    }
  /* Three classes, in strcmp() order: the species' order above. */
  if (nl_dataset_set_label_column (ds, 4, error) != NL_OK)
    goto fail;
  return ds;

nomem:
  nl_error_nomem (error);
fail:
  nl_dataset_free (ds);
  return NULL;
}

/* Generated tables */

static NlDataset *
new_generated (const Entry            *entry,
               const NlExampleOptions *options,
               NlError                *error)
{
  const char *names[3] = { "x1", "x2", NULL };
  NlColumnKind kinds[3] = { NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC };
  int classify = entry->example.task == NL_TASK_BINARY;
  const char *classes[2] = { NULL, NULL };
  NlDataset *ds = NULL;
  Point *points;
  NlRng rng;
  size_t n = options->points;

  if (options->noise > NL_EXAMPLE_MAX_NOISE)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0,
                    _("The noise must be from 0 to %d%%, not %u%%"), NL_EXAMPLE_MAX_NOISE,
                    options->noise);
      return NULL;
    }
  if (n < NL_EXAMPLE_MIN_POINTS || n > NL_EXAMPLE_MAX_POINTS)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0,
                    _("The number of points must be from %d to %d, not %zu"),
                    NL_EXAMPLE_MIN_POINTS, NL_EXAMPLE_MAX_POINTS, n);
      return NULL;
    }

  points = calloc (n, sizeof *points);
  if (points == NULL)
    {
      nl_error_nomem (error);
      return NULL;
    }
  nl_rng_seed (&rng, options->seed);
  entry->generate (&rng, n, options->noise / 100.0, points);
  /* Fisher-Yates, from the same stream. */
  for (size_t i = n - 1; i > 0; i--)
    {
      size_t j = (size_t) nl_rng_below (&rng, i + 1);
      Point tmp = points[i];

      points[i] = points[j];
      points[j] = tmp;
    }

  if (classify)
    {
      /* Translators: the label column of a generated example data set. */
      names[2] = _("Class");
      kinds[2] = NL_COLUMN_LABEL;
      classes[0] = _(entry->classes[0]);
      classes[1] = _(entry->classes[1]);
      /* A catalogue that gives both classes one word must not lose the table. */
      if (strcmp (classes[0], classes[1]) == 0)
        {
          classes[0] = entry->classes[0];
          classes[1] = entry->classes[1];
        }
    }
  else
    {
      /* The number to predict; y, as x1 and x2 are the inputs. */
      names[2] = "y";
      kinds[2] = NL_COLUMN_TARGET;
    }
  ds = nl_dataset_new (3, names, kinds, error);
  if (ds == NULL)
    goto out;
  if (classify)
    {
      /* The playground's positive class is its blue one, as class 1 is
       * here: the decision boundary shows it in the same colour. */
      ds->columns[2].classes[0] = strdup (classes[0]);
      ds->columns[2].classes[1] = strdup (classes[1]);
      if (ds->columns[2].classes[0] == NULL || ds->columns[2].classes[1] == NULL)
        goto nomem;
    }

  for (size_t i = 0; i < n; i++)
    {
      size_t row = nl_dataset_append_row (ds);
      char buf[3][48];

      if (row == (size_t) -1)
        goto nomem;
      format3 (buf[0], sizeof buf[0], points[i].x1);
      format3 (buf[1], sizeof buf[1], points[i].x2);
      if (classify)
        snprintf (buf[2], sizeof buf[2], "%s", classes[points[i].value != 0.0]);
      else
        format3 (buf[2], sizeof buf[2], points[i].value);
      for (size_t c = 0; c < 3; c++)
        if (nl_dataset_set_cell (ds, row, c, buf[c], error) != NL_OK)
          goto fail;
    }
  nl_dataset_set_normalize (ds, entry->example.settings.normalize, NULL);

out:
  free (points);
  return ds;

nomem:
  nl_error_nomem (error);
fail:
  nl_dataset_free (ds);
  ds = NULL;
  goto out;
}

NlDataset *
nl_example_new_dataset (const NlExample        *example,
                        const NlExampleOptions *options,
                        NlError                *error)
{
  const Entry *entry = (const Entry *) example;
  NlExampleOptions defaults;
  NlDataset *ds;

  if (entry < entries || entry >= entries + N_ENTRIES)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("Unknown data set"));
      return NULL;
    }
  if (options == NULL)
    {
      nl_example_options_init (&defaults);
      options = &defaults;
    }

  if (entry->generate != NULL)
    return new_generated (entry, options, error);
  if (strcmp (example->id, "iris") == 0)
    {
      ds = new_iris (error);
      if (ds != NULL)
        nl_dataset_set_normalize (ds, example->settings.normalize, NULL);
      return ds;
    }
  ds = nl_dataset_new_tutorial ();
  if (ds == NULL)
    nl_error_nomem (error);
  return ds;
}

/* The command line's spelling */

/* A whole, unsigned, decimal number, nothing around it. */
static int
parse_number (const char *text,
              size_t      len,
              uint64_t   *out)
{
  uint64_t v = 0;

  if (len == 0 || len > 19)
    return 0;
  for (size_t i = 0; i < len; i++)
    {
      if (text[i] < '0' || text[i] > '9')
        return 0;
      v = v * 10 + (uint64_t) (text[i] - '0');
    }
  *out = v;
  return 1;
}

NlStatus
nl_example_parse_spec (const char        *spec,
                       const NlExample  **example,
                       NlExampleOptions  *options,
                       NlError           *error)
{
  const char *comma = strchr (spec, ',');
  size_t len = comma != NULL ? (size_t) (comma - spec) : strlen (spec);
  const NlExample *found = NULL;

  *example = NULL;
  nl_example_options_init (options);
  for (size_t i = 0; i < N_ENTRIES; i++)
    if (strlen (entries[i].example.id) == len && strncmp (entries[i].example.id, spec, len) == 0)
      found = &entries[i].example;
  if (found == NULL)
    {
      char ids[256] = "";

      for (size_t i = 0; i < N_ENTRIES; i++)
        {
          if (i > 0)
            strncat (ids, ", ", sizeof ids - strlen (ids) - 1);
          strncat (ids, entries[i].example.id, sizeof ids - strlen (ids) - 1);
        }
      return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                           _("There is no data set “%.*s”; there are %s"), (int) len, spec, ids);
    }

  while (comma != NULL)
    {
      const char *item = comma + 1;
      const char *equals;
      size_t item_len, key_len;
      uint64_t value;

      comma = strchr (item, ',');
      item_len = comma != NULL ? (size_t) (comma - item) : strlen (item);
      equals = memchr (item, '=', item_len);
      key_len = equals != NULL ? (size_t) (equals - item) : item_len;
      if (equals == NULL
          || !parse_number (equals + 1, item_len - key_len - 1, &value))
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("“%.*s” is not a setting of the data set: write noise=N, "
                               "points=N or seed=N with a whole number N"),
                             (int) item_len, item);
      if (!found->generated)
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("The data set “%s” is a fixed table: it takes no %.*s"),
                             found->id, (int) key_len, item);
      if (key_len == 5 && strncmp (item, "noise", 5) == 0)
        {
          if (value > NL_EXAMPLE_MAX_NOISE)
            return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                                 _("The noise must be from 0 to %d%%, not %llu%%"),
                                 NL_EXAMPLE_MAX_NOISE, (unsigned long long) value);
          options->noise = (unsigned) value;
        }
      else if (key_len == 6 && strncmp (item, "points", 6) == 0)
        {
          if (value < NL_EXAMPLE_MIN_POINTS || value > NL_EXAMPLE_MAX_POINTS)
            return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                                 _("The number of points must be from %d to %d, not %llu"),
                                 NL_EXAMPLE_MIN_POINTS, NL_EXAMPLE_MAX_POINTS,
                                 (unsigned long long) value);
          options->points = (unsigned) value;
        }
      else if (key_len == 4 && strncmp (item, "seed", 4) == 0)
        options->seed = value;
      else
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("“%.*s” is not a setting of the data set: write noise=N, "
                               "points=N or seed=N with a whole number N"),
                             (int) item_len, item);
    }

  *example = found;
  return NL_OK;
}
