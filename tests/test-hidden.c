/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hidden.c: the hidden-layer syntax, "4 tanh, 3 relu", as the window's
 * Hidden neurons field and the command line's --hidden read it. */
#include <string.h>

#include <glib.h>

#include "nl-hidden.h"
#include "nl-net.h"

/* What a person may type, and what it means. */
static void
test_parse_good (void)
{
  struct
  {
    const char *text;
    size_t      n_layers;
    size_t      sizes[NL_HIDDEN_MAX_LAYERS];
    int         set[NL_HIDDEN_MAX_LAYERS];
    NlActivation activation[NL_HIDDEN_MAX_LAYERS];
    const char *formatted;
  } cases[] = {
    { "", 0, { 0 }, { 0 }, { 0 }, "" },
    { "  \t ", 0, { 0 }, { 0 }, { 0 }, "" },
    { "2", 1, { 2 }, { 0 }, { 0 }, "2" },
    { " 4, 3 ", 2, { 4, 3 }, { 0, 0 }, { 0 }, "4,3" },
    { " 4  TANH , 3 relu ", 2, { 4, 3 }, { 1, 1 },
      { NL_ACTIVATION_TANH, NL_ACTIVATION_RELU }, "4 tanh,3 relu" },
    { "4\ttanh,3", 2, { 4, 3 }, { 1, 0 }, { NL_ACTIVATION_TANH }, "4 tanh,3" },
    { "1 Linear", 1, { 1 }, { 1 }, { NL_ACTIVATION_LINEAR }, "1 linear" },
    { "64,64,64,64,64,64", 6, { 64, 64, 64, 64, 64, 64 }, { 0 }, { 0 },
      "64,64,64,64,64,64" },
    { "08 sigmoid", 1, { 8 }, { 1 }, { NL_ACTIVATION_SIGMOID }, "8 sigmoid" },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      NlHidden hidden, again;
      NlError error = { 0 };
      char text[NL_HIDDEN_TEXT_SIZE];

      g_test_message ("“%s”", cases[c].text);
      g_assert_cmpint (nl_hidden_parse (cases[c].text, &hidden, &error), ==, NL_OK);
      g_assert_cmpuint (hidden.n_layers, ==, cases[c].n_layers);
      for (size_t i = 0; i < hidden.n_layers; i++)
        {
          g_assert_cmpuint (hidden.sizes[i], ==, cases[c].sizes[i]);
          g_assert_cmpint (hidden.activation_set[i], ==, cases[c].set[i]);
          if (cases[c].set[i])
            g_assert_cmpint (hidden.activation[i], ==, cases[c].activation[i]);
        }
      nl_hidden_format (&hidden, text, sizeof text);
      g_assert_cmpstr (text, ==, cases[c].formatted);

      /* What is written reads back as the same layers. */
      g_assert_cmpint (nl_hidden_parse (text, &again, &error), ==, NL_OK);
      nl_hidden_format (&again, text, sizeof text);
      g_assert_cmpstr (text, ==, cases[c].formatted);
    }
  g_assert_cmpint (nl_hidden_parse (NULL, &(NlHidden) { 0 }, NULL), ==, NL_OK);
}

/* Each mistake is refused with what is wrong, where, and the syntax. */
static void
test_parse_bad (void)
{
  struct
  {
    const char *text;
    size_t      layer;
    const char *says;
  } cases[] = {
    { "0", 1, "Hidden layer 1, “0”: a layer has 1 to 64 neurons" },
    { "4, 65", 2, "Hidden layer 2, “65”: a layer has 1 to 64 neurons" },
    { "99999999999999999999999", 1, "a layer has 1 to 64 neurons" },
    { "1,2,3,4,5,6,7", 7, "“1,2,3,4,5,6,7” has 7 hidden layers" },
    { "a", 1, "Hidden layer 1, “a”: a layer starts with its number of neurons" },
    { "-1", 1, "Hidden layer 1, “-1”: a layer starts with its number of neurons" },
    { "4;3", 1, "Hidden layer 1, “4;3”: a layer starts with its number of neurons" },
    { "tanh", 1, "Hidden layer 1, “tanh”: a layer starts with its number of neurons" },
    { "4tanh", 1, "Hidden layer 1, “4tanh”: a layer starts with its number of neurons" },
    { "2,,3", 2, "Hidden layer 2 is empty" },
    { "4,", 2, "Hidden layer 2 is empty" },
    { "4 tanh, 3 softmax", 2, "Hidden layer 2, “softmax”: there is no activation of that name" },
    { "4 tanh relu", 1, "Hidden layer 1, “4 tanh relu”: a layer is a size and at most one "
                        "activation" },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      NlHidden hidden;
      NlError error = { 0 };

      g_test_message ("“%s”", cases[c].text);
      g_assert_cmpint (nl_hidden_parse (cases[c].text, &hidden, &error), ==, NL_ERR_PARSE);
      g_assert_cmpuint (hidden.n_layers, ==, 0);
      g_assert_cmpuint (error.column, ==, cases[c].layer);
      g_assert_nonnull (strstr (error.message, cases[c].says));
      /* The message teaches the syntax, whatever the mistake. */
      g_assert_nonnull (strstr (error.message, "0 to 6 hidden layers of 1 to 64 neurons"));
      g_assert_nonnull (strstr (error.message, "“4 tanh, 3 relu”"));
      g_assert_true (g_utf8_validate (error.message, -1, NULL));
    }
}

/* A long mistake is quoted in part, never cut inside a character. */
static void
test_parse_long (void)
{
  /* An odd number of bytes before the two-byte characters. */
  g_autoptr(GString) text = g_string_new ("4 x");
  NlHidden hidden;
  NlError error = { 0 };

  for (int i = 0; i < 30; i++)
    g_string_append (text, "é");
  g_assert_cmpint (nl_hidden_parse (text->str, &hidden, &error), ==, NL_ERR_PARSE);
  g_assert_true (g_utf8_validate (error.message, -1, NULL));
  g_assert_nonnull (strstr (error.message, "“xééé"));
  g_assert_null (strstr (error.message, text->str + 2));
}

/* The layers of the whole network: the defaults fill what the text leaves
 * open. */
static void
test_net_layers (void)
{
  size_t sizes[NL_HIDDEN_MAX_LAYERS + 2];
  NlActivation activations[NL_HIDDEN_MAX_LAYERS + 2];
  NlHidden hidden;
  NlError error = { 0 };
  size_t n;

  g_assert_cmpint (nl_hidden_parse ("4 tanh, 3", &hidden, &error), ==, NL_OK);
  n = nl_hidden_net_layers (&hidden, 2, 3, NL_ACTIVATION_RELU, NL_ACTIVATION_SIGMOID,
                            sizes, activations);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (sizes[0], ==, 2);
  g_assert_cmpuint (sizes[1], ==, 4);
  g_assert_cmpuint (sizes[2], ==, 3);
  g_assert_cmpuint (sizes[3], ==, 3);
  g_assert_cmpint (activations[1], ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (activations[2], ==, NL_ACTIVATION_RELU);
  g_assert_cmpint (activations[3], ==, NL_ACTIVATION_SIGMOID);
  g_assert_cmpint (nl_hidden_activation (&hidden, 0, NL_ACTIVATION_LINEAR), ==,
                   NL_ACTIVATION_TANH);
  g_assert_cmpint (nl_hidden_activation (&hidden, 1, NL_ACTIVATION_LINEAR), ==,
                   NL_ACTIVATION_LINEAR);

  /* No hidden layer: inputs straight to the output. */
  g_assert_cmpint (nl_hidden_parse ("", &hidden, &error), ==, NL_OK);
  n = nl_hidden_net_layers (&hidden, 5, 1, NL_ACTIVATION_RELU, NL_ACTIVATION_SIGMOID,
                            sizes, activations);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (sizes[0], ==, 5);
  g_assert_cmpuint (sizes[1], ==, 1);
}

/* A network read back into the syntax; ones it cannot say are refused. */
static void
test_from_net (void)
{
  static const size_t mixed_sizes[] = { 2, 4, 3, 1 };
  static const NlActivation mixed_act[] = { 0, NL_ACTIVATION_TANH, NL_ACTIVATION_SIGMOID,
                                            NL_ACTIVATION_SIGMOID };
  static const size_t deep[] = { 2, 1, 1, 1, 1, 1, 1, 1, 1 };
  static const size_t wide[] = { 2, 65, 1 };
  NlError error = { 0 };
  NlHidden hidden;
  char text[NL_HIDDEN_TEXT_SIZE];
  NlNet *net;

  net = nl_net_new (4, mixed_sizes, mixed_act, &error);
  g_assert_nonnull (net);
  g_assert_cmpint (nl_hidden_from_net (net, NL_ACTIVATION_SIGMOID, &hidden, &error), ==, NL_OK);
  nl_hidden_format (&hidden, text, sizeof text);
  g_assert_cmpstr (text, ==, "4 tanh,3");
  g_assert_cmpint (nl_hidden_from_net (net, NL_ACTIVATION_TANH, &hidden, &error), ==, NL_OK);
  nl_hidden_format (&hidden, text, sizeof text);
  g_assert_cmpstr (text, ==, "4,3 sigmoid");
  nl_net_free (net);

  net = nl_net_new (G_N_ELEMENTS (deep), deep, NULL, &error);
  g_assert_cmpint (nl_hidden_from_net (net, NL_ACTIVATION_SIGMOID, &hidden, &error), ==,
                   NL_ERR_INVALID);
  g_assert_cmpstr (error.message, ==, "The network has 7 hidden layers; NeuronLab handles 0 to 6");
  nl_net_free (net);

  net = nl_net_new (G_N_ELEMENTS (wide), wide, NULL, &error);
  g_assert_cmpint (nl_hidden_from_net (net, NL_ACTIVATION_SIGMOID, &hidden, &error), ==,
                   NL_ERR_INVALID);
  g_assert_cmpstr (error.message, ==, "Hidden layer 1 has 65 neurons; NeuronLab handles 1 to 64");
  nl_net_free (net);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/hidden/parse-good", test_parse_good);
  g_test_add_func ("/core/hidden/parse-bad", test_parse_bad);
  g_test_add_func ("/core/hidden/parse-long", test_parse_long);
  g_test_add_func ("/core/hidden/net-layers", test_net_layers);
  g_test_add_func ("/core/hidden/from-net", test_from_net);

  return g_test_run ();
}
