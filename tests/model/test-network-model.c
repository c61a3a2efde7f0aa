/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-network-model.c: NlNetworkModel. */
#include <math.h>
#include <string.h>

#include "nl-model-enums.h"
#include "nl-model-error.h"
#include "nl-network-model.h"

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_defaults (void)
{
  NlNetworkModel *net = nl_network_model_new (2);
  g_autofree char *hidden = NULL;
  NlActivation activation;
  guint64 seed;

  g_object_get (net, "hidden", &hidden, "activation", &activation, "seed", &seed, NULL);
  g_assert_cmpstr (hidden, ==, "2");
  g_assert_cmpint (activation, ==, NL_ACTIVATION_SIGMOID);
  g_assert_cmpuint (seed, ==, 1);
  g_assert_cmpuint (nl_network_model_get_n_inputs (net), ==, 2);
  g_assert_cmpuint (nl_network_model_get_n_params (net), ==, 9);
  g_assert_cmpint (nl_network_model_get_init (net), ==, NL_INIT_NORMAL);
  g_assert_true (nl_net_is_finite (nl_network_model_get_net (net)));

  g_assert_finalize_object (net);
}

static void
test_tutorial_forward (void)
{
  NlNetworkModel *net = nl_network_model_new (2);
  /* Every neuron w = [0, 1], b = 0: w1..w6, then b1..b3. */
  const double params[9] = { 0, 1, 0, 1, 0, 1, 0, 0, 0 };
  const double x[2] = { 2, 3 };
  guint changed = 0;

  g_signal_connect (net, "params-changed", G_CALLBACK (count_cb), &changed);
  nl_network_model_set_params (net, params, 9);
  g_assert_cmpuint (changed, ==, 1);
  nl_network_model_set_params (net, params, 9);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpfloat_with_epsilon (nl_network_model_predict (net, x), 0.7216325609518421, 1e-15);

  g_assert_finalize_object (net);
}

static void
test_hidden (void)
{
  NlNetworkModel *net = nl_network_model_new (2);
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "0", "65", "1,2,3,4,5,6,7", "a", "2,,3", "-1", "4;3" };
  guint arch = 0, params = 0, notifies = 0;
  const guint *sizes;
  guint n;

  g_signal_connect (net, "architecture-changed", G_CALLBACK (count_cb), &arch);
  g_signal_connect (net, "params-changed", G_CALLBACK (count_cb), &params);
  g_signal_connect (net, "notify::hidden", G_CALLBACK (notify_count_cb), &notifies);

  g_assert_true (nl_network_model_set_hidden (net, " 4, 3 ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nl_network_model_get_hidden (net), ==, "4,3");
  g_assert_cmpuint (arch, ==, 1);
  g_assert_cmpuint (params, ==, 1);
  g_assert_cmpuint (notifies, ==, 1);
  sizes = nl_network_model_get_hidden_sizes (net, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (sizes[0], ==, 4);
  g_assert_cmpuint (sizes[1], ==, 3);
  /* 2*4 + 4*3 + 3*1 weights, 4 + 3 + 1 biases. */
  g_assert_cmpuint (nl_network_model_get_n_params (net), ==, 31);

  /* The same layers written differently change nothing. */
  g_assert_true (nl_network_model_set_hidden (net, "4,3", &error));
  g_assert_cmpuint (arch, ==, 1);
  g_assert_cmpuint (notifies, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (nl_network_model_set_hidden (net, bad[i], &error));
      g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "0 to 6 hidden layers of 1 to 64 neurons"));
      g_clear_error (&error);
    }
  g_assert_cmpstr (nl_network_model_get_hidden (net), ==, "4,3");
  g_assert_cmpuint (arch, ==, 1);

  /* No hidden layer at all is a valid network: logistic regression. */
  g_assert_true (nl_network_model_set_hidden (net, "", &error));
  g_assert_cmpuint (nl_network_model_get_n_params (net), ==, 3);
  g_assert_true (nl_network_model_set_hidden (net, "64,64,64,64,64,64", &error));
  g_assert_no_error (error);

  nl_network_model_set_activation (net, NL_ACTIVATION_RELU);
  g_assert_cmpuint (arch, ==, 4);
  g_assert_cmpint (nl_network_model_get_net (net)->activation[1], ==, NL_ACTIVATION_RELU);
  g_assert_cmpint (nl_network_model_get_net (net)->activation[7], ==, NL_ACTIVATION_SIGMOID);

  g_assert_finalize_object (net);
}

/* "4 tanh, 3 relu": each hidden layer may name its activation; those that
 * do not follow the Activation choice. */
static void
test_layer_activations (void)
{
  NlNetworkModel *net = nl_network_model_new (2);
  NlNetworkModel *copy = nl_network_model_new (2);
  g_autoptr(GError) error = NULL;
  const NlNet *n;

  g_assert_true (nl_network_model_set_hidden (net, " 4  TANH , 3 relu ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nl_network_model_get_hidden (net), ==, "4 tanh,3 relu");
  n = nl_network_model_get_net (net);
  g_assert_cmpuint (n->n_layers, ==, 4);
  g_assert_cmpint (n->activation[1], ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (n->activation[2], ==, NL_ACTIVATION_RELU);
  g_assert_cmpint (n->activation[3], ==, NL_ACTIVATION_SIGMOID);
  g_assert_cmpint (nl_network_model_get_hidden_activation (net, 1), ==, NL_ACTIVATION_RELU);

  /* A layer without a name follows the drop-down; named ones keep theirs. */
  g_assert_true (nl_network_model_set_hidden (net, "4 tanh, 3", &error));
  g_assert_cmpstr (nl_network_model_get_hidden (net), ==, "4 tanh,3");
  nl_network_model_set_activation (net, NL_ACTIVATION_LINEAR);
  n = nl_network_model_get_net (net);
  g_assert_cmpint (n->activation[1], ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (n->activation[2], ==, NL_ACTIVATION_LINEAR);

  /* Sizes alone stay as they were. */
  g_assert_true (nl_network_model_set_hidden (net, "4, 3", &error));
  g_assert_cmpstr (nl_network_model_get_hidden (net), ==, "4,3");
  n = nl_network_model_get_net (net);
  g_assert_cmpint (n->activation[1], ==, NL_ACTIVATION_LINEAR);
  g_assert_cmpint (n->activation[2], ==, NL_ACTIVATION_LINEAR);

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "4 softmax", "4 tanh relu", "tanh", "4tanh" };

      g_assert_false (nl_network_model_set_hidden (net, bad[i], &error));
      g_assert_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "“4 tanh, 3 relu”"));
      g_clear_error (&error);
    }

  /* A network with mixed layers restores with the same text. */
  g_assert_true (nl_network_model_set_hidden (net, "4 tanh, 3 relu", &error));
  g_assert_true (nl_network_model_check_net (nl_network_model_get_net (net), &error));
  g_assert_true (nl_network_model_restore (copy, nl_network_model_get_net (net),
                                           NL_ACTIVATION_LINEAR, 1, NL_INIT_NORMAL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nl_network_model_get_hidden (copy), ==, "4 tanh,3 relu");
  g_assert_cmpint (nl_network_model_get_activation (copy), ==, NL_ACTIVATION_LINEAR);
  g_assert_cmpmem (nl_network_model_get_params (copy, NULL),
                   nl_network_model_get_n_params (copy) * sizeof (double),
                   nl_network_model_get_params (net, NULL),
                   nl_network_model_get_n_params (net) * sizeof (double));

  g_assert_finalize_object (net);
  g_assert_finalize_object (copy);
}

static void
test_reset_seed (void)
{
  NlNetworkModel *a = nl_network_model_new (2);
  NlNetworkModel *b = g_object_new (NL_TYPE_NETWORK_MODEL, "n-inputs", 2, "seed", (guint64) 1, NULL);
  g_autofree double *first = NULL;
  const double zeros[9] = { 0 };
  guint n = 0;

  const double *params = nl_network_model_get_params (a, &n);

  g_assert_cmpuint (n, ==, 9);
  first = g_memdup2 (params, n * sizeof (double));
  g_assert_cmpmem (first, n * sizeof (double),
                   nl_network_model_get_params (b, NULL), n * sizeof (double));

  nl_network_model_set_params (a, zeros, 9);
  nl_network_model_reset (a);
  g_assert_cmpmem (first, n * sizeof (double),
                   nl_network_model_get_params (a, NULL), n * sizeof (double));

  /* A new seed takes effect at the next reset. */
  nl_network_model_set_seed (a, 2);
  g_assert_cmpmem (first, n * sizeof (double),
                   nl_network_model_get_params (a, NULL), n * sizeof (double));
  nl_network_model_reset (a);
  g_assert_true (memcmp (first, nl_network_model_get_params (a, NULL), n * sizeof (double)) != 0);

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/network/defaults", test_defaults);
  g_test_add_func ("/model/network/tutorial-forward", test_tutorial_forward);
  g_test_add_func ("/model/network/hidden", test_hidden);
  g_test_add_func ("/model/network/layer-activations", test_layer_activations);
  g_test_add_func ("/model/network/reset-seed", test_reset_seed);

  return g_test_run ();
}
