/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-weight-histogram.c: the weight histogram against a count of the
 * network's weights made here, before and after training, what its range
 * does through a run and a reset, what a screen reader hears, and that it
 * draws a bar per occupied bin.
 *
 * Without a display every test reports a skip. With NL_UI_PNG_DIR set, the
 * render is also written there as nl-weight-histogram.png.
 */

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "nl-document.h"
#include "nl-weight-histogram.h"
#include "ui-test-render.h"

/* This test's own count of layer @l's weights (from layer @l to @l + 1,
 * counted from 0 at the inputs) in NL_WEIGHT_HISTOGRAM_BINS bins over
 * [-range, range], from the weights' place in the parameter block. */
static void
count_layer (const NlNet *net,
             guint        l,
             double       range,
             guint       *counts)
{
  double width = 2 * range / NL_WEIGHT_HISTOGRAM_BINS;

  memset (counts, 0, NL_WEIGHT_HISTOGRAM_BINS * sizeof counts[0]);
  for (size_t to = 0; to < net->sizes[l + 1]; to++)
    for (size_t from = 0; from < net->sizes[l]; from++)
      {
        double w = net->params[nl_net_weight_index (net, l + 1, to, from)];
        int b = 0;

        /* The bin whose interval holds w: walk rather than divide. */
        while (b < NL_WEIGHT_HISTOGRAM_BINS - 1 && w >= -range + (b + 1) * width)
          b++;
        counts[b]++;
      }
}

static void
assert_counts_match (NlWeightHistogram *histogram,
                     NlNetworkModel    *network)
{
  const NlNet *net = nl_network_model_get_net (network);
  double range = nl_weight_histogram_get_range (histogram);
  double largest = 0;

  for (size_t i = 0; i < net->n_weights; i++)
    largest = MAX (largest, fabs (net->params[i]));
  /* Every weight is inside the range, and the range is not much wider. */
  g_assert_cmpfloat (range, >=, largest);

  g_assert_cmpuint (nl_weight_histogram_get_n_layers (histogram), ==, net->n_layers - 1);
  for (guint l = 0; l + 1 < net->n_layers; l++)
    {
      guint expected[NL_WEIGHT_HISTOGRAM_BINS];
      const guint *counts = nl_weight_histogram_get_counts (histogram, l);
      guint total = 0;

      count_layer (net, l, range, expected);
      for (guint b = 0; b < NL_WEIGHT_HISTOGRAM_BINS; b++)
        {
          g_assert_cmpuint (counts[b], ==, expected[b]);
          total += counts[b];
        }
      /* Weights only: no bias counted. */
      g_assert_cmpuint (total, ==, net->sizes[l] * net->sizes[l + 1]);
    }
}

static gboolean
counts_equal (const guint *a,
              const guint *b)
{
  return memcmp (a, b, NL_WEIGHT_HISTOGRAM_BINS * sizeof a[0]) == 0;
}

/* A 2-4-3-1 network: three histograms, each the count of its weights; one
 * epoch of training changes the weights and the counts follow. */
static void
test_counts_follow_training (void)
{
  NlDocument *document;
  NlNetworkModel *network;
  NlTrainer *trainer;
  GtkWidget *widget;
  NlWeightHistogram *histogram;
  g_autoptr(GError) error = NULL;
  guint before[3][NL_WEIGHT_HISTOGRAM_BINS];
  gboolean changed = FALSE;

  if (ui_test_skip_without_display ())
    return;

  document = nl_document_new ();
  network = nl_document_get_network (document);
  trainer = nl_document_get_trainer (document);
  widget = g_object_ref_sink (nl_weight_histogram_new ());
  histogram = NL_WEIGHT_HISTOGRAM (widget);
  nl_weight_histogram_set_models (histogram, network, trainer);

  g_assert_true (nl_network_model_set_hidden (network, "4,3", &error));
  g_assert_no_error (error);
  assert_counts_match (histogram, network);
  g_assert_cmpuint (nl_weight_histogram_get_n_layers (histogram), ==, 3);
  for (guint l = 0; l < 3; l++)
    memcpy (before[l], nl_weight_histogram_get_counts (histogram, l), sizeof before[l]);

  /* A large learning rate moves the weights across bins in a few epochs. */
  g_object_set (trainer, "learning-rate", 5.0, NULL);
  for (int epoch = 0; epoch < 20; epoch++)
    g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_no_error (error);
  assert_counts_match (histogram, network);
  for (guint l = 0; l < 3; l++)
    changed |= !counts_equal (before[l], nl_weight_histogram_get_counts (histogram, l));
  g_assert_true (changed);

  g_object_unref (widget);
  g_assert_finalize_object (document);
}

/* While training the range only grows, so weights that shrink are seen to
 * shrink; a reset fits it to the weights again. */
static void
test_range_through_run_and_reset (void)
{
  NlDocument *document;
  NlNetworkModel *network;
  NlTrainer *trainer;
  GtkWidget *widget;
  NlWeightHistogram *histogram;
  g_autoptr(GError) error = NULL;
  g_autofree double *params = NULL;
  const double *current;
  guint n_params;
  double range, largest = 0;
  const NlNet *net;

  if (ui_test_skip_without_display ())
    return;

  document = nl_document_new ();
  network = nl_document_get_network (document);
  trainer = nl_document_get_trainer (document);
  widget = g_object_ref_sink (nl_weight_histogram_new ());
  histogram = NL_WEIGHT_HISTOGRAM (widget);
  nl_weight_histogram_set_models (histogram, network, trainer);

  g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_no_error (error);
  range = nl_weight_histogram_get_range (histogram);

  /* Weights a tenth of what they were, mid-run: the range stays, and the
   * counts crowd into the middle bins. */
  current = nl_network_model_get_params (network, &n_params);
  params = g_memdup2 (current, n_params * sizeof (double));
  for (guint i = 0; i < nl_network_model_get_net (network)->n_weights; i++)
    params[i] /= 10;
  nl_network_model_set_params (network, params, n_params);
  g_assert_cmpfloat (nl_weight_histogram_get_range (histogram), ==, range);
  assert_counts_match (histogram, network);

  /* Weights ten times larger: the range grows to hold them. */
  for (guint i = 0; i < nl_network_model_get_net (network)->n_weights; i++)
    params[i] *= 100;
  nl_network_model_set_params (network, params, n_params);
  g_assert_cmpfloat (nl_weight_histogram_get_range (histogram), >, range * 5);
  assert_counts_match (histogram, network);

  /* Reset: the range fits the new weights, at most 1.5 times the largest
   * (the steps of the range's scale are at most that far apart). */
  nl_document_reset (document);
  g_assert_cmpuint (nl_trainer_get_epoch (trainer), ==, 0);
  net = nl_network_model_get_net (network);
  for (size_t i = 0; i < net->n_weights; i++)
    largest = MAX (largest, fabs (net->params[i]));
  g_assert_cmpfloat (nl_weight_histogram_get_range (histogram), <=, largest * 1.5);
  assert_counts_match (histogram, network);

  /* Reset, then train with nothing asking the histogram meanwhile (a page
   * not on screen): it still measures against the weights the reset drew,
   * not against what training made of them. */
  g_assert_true (nl_trainer_step (trainer, &error));
  nl_document_reset (document);
  net = nl_network_model_get_net (network);
  largest = 0;
  for (size_t i = 0; i < net->n_weights; i++)
    largest = MAX (largest, fabs (net->params[i]));
  g_assert_true (nl_trainer_step (trainer, &error));
  g_assert_no_error (error);
  current = nl_network_model_get_params (network, &n_params);
  memcpy (params, current, n_params * sizeof (double));
  for (guint i = 0; i < net->n_weights; i++)
    params[i] /= 10;
  nl_network_model_set_params (network, params, n_params);
  g_assert_cmpfloat (nl_weight_histogram_get_range (histogram), >=, largest);
  assert_counts_match (histogram, network);

  g_object_unref (widget);
  g_assert_finalize_object (document);
}

/* The screen reader's summary: the range, and per layer the weights, their
 * extremes and how many sit in the bin at 0, counted here. */
static void
test_description (void)
{
  NlDocument *document;
  NlNetworkModel *network;
  GtkWidget *widget;
  GtkWidget *window;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *message = NULL;
  const NlNet *net;
  double range;
  double params[9] = { 0.5, -1.25, 0.0, 2.0, 0.05, -0.02, 0, 0, 0 };
  gint64 deadline;

  if (ui_test_skip_without_display ())
    return;

  document = nl_document_new ();
  network = nl_document_get_network (document);
  widget = g_object_ref_sink (nl_weight_histogram_new ());
  nl_weight_histogram_set_models (NL_WEIGHT_HISTOGRAM (widget), network, NULL);
  net = nl_network_model_get_net (network);
  g_assert_cmpuint (net->n_params, ==, 9);
  nl_network_model_set_params (network, params, 9);
  window = ui_test_show (widget, 500, 300);

  /* The largest weight is 2: the range is 2, bins 4/21 wide, the middle
   * one from -2/21 to 2/21 (0.0 of layer 1, and 0.05 and -0.02 of layer 2). */
  range = nl_weight_histogram_get_range (NL_WEIGHT_HISTOGRAM (widget));
  g_assert_cmpfloat (range, ==, 2.0);
  g_string_append (expected, "Weights in 21 bins from −2 to 2; biases not shown.");
  g_string_append (expected, " Layer 1 → 2: 4 weights from -1.25 to 2.00, 1 of them near 0.");
  g_string_append (expected, " Layer 2 → 3: 2 weights from -0.02 to 0.05, 2 of them near 0.");

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&message, g_free);
      message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    expected->str);
      g_main_context_iteration (NULL, FALSE);
    }
  while (message != NULL && g_get_monotonic_time () < deadline);
  g_assert_null (message);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (widget);
  g_assert_finalize_object (document);
}

static gboolean
is_colour (guint32        p,
           const GdkRGBA *c)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  /* The bars are drawn at 85% over the background: near the colour. */
  return ABS (r - (int) (c->red * 255)) < 45 && ABS (g - (int) (c->green * 255)) < 45 &&
         ABS (b - (int) (c->blue * 255)) < 45;
}

/* Negative weights draw in the negative weights' colour, positive ones in
 * the positive: with every weight positive, no negative bar. */
static void
test_render (void)
{
  NlDocument *document;
  NlNetworkModel *network;
  GtkWidget *widget;
  GtkWidget *window;
  cairo_surface_t *surface;
  GdkRGBA positive, negative;
  double params[9] = { 0.5, 1.25, 0.3, 2.0, 0.7, 1.1, 0, 0, 0 };
  guint n_positive = 0, n_negative = 0;

  if (ui_test_skip_without_display ())
    return;

  document = nl_document_new ();
  network = nl_document_get_network (document);
  widget = g_object_ref_sink (nl_weight_histogram_new ());
  nl_weight_histogram_set_models (NL_WEIGHT_HISTOGRAM (widget), network, NULL);
  nl_network_model_set_params (network, params, 9);
  window = ui_test_show (widget, 500, 300);

  gdk_rgba_parse (&positive, "#1c71d8");
  gdk_rgba_parse (&negative, "#e66100");
  surface = ui_test_render (widget);
  ui_test_save (surface, "nl-weight-histogram.png");
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 500; x++)
      {
        n_positive += is_colour (ui_test_pixel (surface, x, y), &positive);
        n_negative += is_colour (ui_test_pixel (surface, x, y), &negative);
      }
  g_assert_cmpuint (n_positive, >, 200);
  g_assert_cmpuint (n_negative, ==, 0);
  cairo_surface_destroy (surface);

  /* Mirrored weights: the colours swap. */
  for (int i = 0; i < 6; i++)
    params[i] = -params[i];
  nl_network_model_set_params (network, params, 9);
  surface = ui_test_render (widget);
  n_positive = n_negative = 0;
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 500; x++)
      {
        n_positive += is_colour (ui_test_pixel (surface, x, y), &positive);
        n_negative += is_colour (ui_test_pixel (surface, x, y), &negative);
      }
  g_assert_cmpuint (n_negative, >, 200);
  g_assert_cmpuint (n_positive, ==, 0);
  cairo_surface_destroy (surface);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (widget);
  g_assert_finalize_object (document);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/weight-histogram/counts-follow-training", test_counts_follow_training);
  g_test_add_func ("/weight-histogram/range-through-run-and-reset", test_range_through_run_and_reset);
  g_test_add_func ("/weight-histogram/description", test_description);
  g_test_add_func ("/weight-histogram/render", test_render);

  return g_test_run ();
}
