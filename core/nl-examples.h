/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-examples.h: data sets to start from, and settings that train well on them.
 *
 * Each example is a table the core builds by itself: the tutorial's four
 * people; the four two-class problems of TensorFlow Playground (circle,
 * XOR, two Gaussians, spiral) and its two regression problems (plane,
 * multi-Gaussian), generated on the plane from a seed as the playground
 * generates them (its src/dataset.ts: points in [-6, 6], radius 5, the same
 * shapes and the same way noise applies); and Fisher's Iris flowers.
 *
 * A generated table depends only on its options (noise, points, seed): the
 * same options give the same cells, bit for bit, on every machine. Its
 * coordinates are written with three decimals, and what a cell holds is
 * what it shows: a class is decided from the coordinates as written.
 *
 * Each example also says how to train on it (hidden layers, activation,
 * initialisation, loss, learning rate, epochs, normalisation, test share):
 * settings that a test checks do learn it. Its table comes already
 * normalised as they say. The generated sets draw their first weights
 * scaled to each layer (NL_INIT_SCALED): from N(0, 1), as the tutorial
 * does, tanh neurons start saturated and XOR often stalls short of 97%.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nl-dataset.h"
#include "nl-error.h"
#include "nl-net.h"
#include "nl-task.h"

/* Points: the playground's 500 (its classification sets) by default, a
 * table that a person can still scroll through and that trains in seconds;
 * at least 10, so that a test share still leaves rows to train on, and at
 * most 1,000, beyond which the picture does not change but training slows. */
#define NL_EXAMPLE_MIN_POINTS     10
#define NL_EXAMPLE_MAX_POINTS     1000
#define NL_EXAMPLE_DEFAULT_POINTS 500
/* Noise in percent, as the playground's slider: 0 to 50. */
#define NL_EXAMPLE_MAX_NOISE      50

/* How to train on an example. */
typedef struct
{
  const char   *hidden;         /* hidden layers in the app's syntax (nl-hidden.h) */
  NlActivation  activation;     /* of the hidden layers */
  NlInit        init;           /* how the first weights are drawn */
  NlLoss        loss;
  double        learning_rate;
  unsigned      epochs;
  NlNormalize   normalize;      /* of the input columns */
  unsigned      test_percent;   /* rows held out to test on */
} NlExampleSettings;

typedef struct
{
  const char        *id;        /* the command line's name: "xor" */
  const char        *title;     /* for people, untranslated: see nl_example_get_title() */
  const char        *description; /* one sentence, untranslated */
  NlTaskKind         task;      /* what its table's label or target asks */
  int                generated; /* built from noise, points and a seed */
  NlExampleSettings  settings;
} NlExample;

typedef struct
{
  unsigned noise;               /* percent, 0 to NL_EXAMPLE_MAX_NOISE */
  unsigned points;              /* rows, NL_EXAMPLE_MIN_POINTS to NL_EXAMPLE_MAX_POINTS */
  uint64_t seed;
} NlExampleOptions;

/* The examples in the order a menu lists them, the tutorial first. */
size_t            nl_examples_count         (void);
const NlExample  *nl_example_get            (size_t                  index);
/* The example with that id (exact, lower case), or NULL. */
const NlExample  *nl_example_find           (const char             *id);
/* The title and description in the catalogue's language. */
const char       *nl_example_get_title      (const NlExample        *example);
const char       *nl_example_get_description (const NlExample       *example);

/* No noise, NL_EXAMPLE_DEFAULT_POINTS points, seed 1. */
void              nl_example_options_init   (NlExampleOptions       *options);

/* Builds the example's table (@options may be NULL for the defaults, and is
 * not read for an example that is not generated). NULL on failure, with
 * @error saying why: noise or points out of range, or no memory. */
NlDataset        *nl_example_new_dataset    (const NlExample        *example,
                                             const NlExampleOptions *options,
                                             NlError                *error);

/* Reads "NAME[,noise=N][,points=N][,seed=N]" (the command line's
 * --dataset): sets *example and fills @options (defaults for what is not
 * given). NL_ERR_INVALID with a message that says what is wrong. */
NlStatus          nl_example_parse_spec     (const char             *spec,
                                             const NlExample       **example,
                                             NlExampleOptions       *options,
                                             NlError                *error);
