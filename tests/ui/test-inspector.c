/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inspector.c: the backpropagation inspector shows the tutorial's worked
 * example (its figures the same in English and, written with a decimal
 * comma, in German), the sum over paths of a deeper network, and a prompt
 * when no parameter is chosen. */
#include <locale.h>

#include "nl-inspector.h"
#include "ui-test-render.h"

static const double alice[] = { -2, -1 };

/* The tutorial's backprop example: every weight 1, every bias 0. */
static NlNet *
worked_example_net (void)
{
  static const size_t sizes[] = { 2, 2, 1 };
  NlNet *net = nl_net_new (3, sizes, NULL, NULL);

  for (size_t i = 0; i < net->n_weights; i++)
    net->params[i] = 1.0;
  return net;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text);
}

static void
test_prompt (void)
{
  GtkWidget *inspector;
  NlNet *net;
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();

  inspector = g_object_ref_sink (nl_inspector_new ());
  empty = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (empty, "Backpropagation");
  assert_contains (empty, "Click a weight or a bias in the diagram, or choose one under Parameter, to see its gradient.");
  g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, -1);

  /* A sample but no parameter: the forward values and the prompt. */
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (text, "Alice: x1 = -2, x2 = -1, y = 1");
  assert_contains (text, "h1 = 0.0474");
  assert_contains (text, "o1 = 0.524");
  assert_contains (text, "Click a weight or a bias");
  g_assert_null (strstr (text, "∂L"));

  /* Out of range: nothing chosen. */
  nl_inspector_set_param (NL_INSPECTOR (inspector), 9);
  g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, -1);

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

static void
test_worked_example (void)
{
  GtkWidget *inspector, *window;
  NlNet *net;
  cairo_surface_t *surface;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();

  inspector = nl_inspector_new ();
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);

  assert_contains (text, "Alice: x1 = -2, x2 = -1, y = 1");
  assert_contains (text, "h1 = 0.0474");
  assert_contains (text, "h2 = 0.0474");
  assert_contains (text, "o1 = 0.524");
  assert_contains (text, "∂L/∂w1 = ∂L/∂y_pred × ∂y_pred/∂h1 × ∂h1/∂w1");
  /* The tutorial's figures: dL/dy_pred worked from o1 as shown, 0.524, and
   * the unrounded gradient 0.021470 as the product (see nl-inspector.c). */
  assert_contains (text, "= -0.952 × 0.249 × -0.0904 = 0.0215");
  assert_contains (text, "∂L/∂y_pred = −2 (y − y_pred) = −2 (1 − 0.524) = -0.952");
  assert_contains (text, "from the unrounded y_pred it is -0.95261");
  assert_contains (text, "∂y_pred/∂h1 = w5 × f′(z_o1)");
  assert_contains (text, "∂h1/∂w1 = x1 × f′(z_h1)");
  assert_contains (text, "Finite difference: 0.02147 (backpropagation: 0.02147)");
  /* 1 - 0.1 x 0.021470 and the loss (1 - 0.5237)^2 before and after. */
  assert_contains (text, "One SGD step (η = 0.1): w1 1.0000 → 0.9979, loss 0.226866 → 0.226820");

  /* A selectable label selects all its text when it takes the focus, as
   * the first one would in this window of its own; the picture shows none. */
  g_object_set (gtk_settings_get_default (), "gtk-label-select-on-focus", FALSE, NULL);
  window = ui_test_show (inspector, 560, 480);
  surface = ui_test_render (inspector);
  ui_test_save (surface, "inspector.png");
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  nl_net_free (net);
}

/* The worked example's six figures as a reader of @locale's numbers sees
 * them: h1, o1, dL/dy_pred worked from o1 as shown, the two other factors
 * and the gradient. The tutorial's figures, written with @point. */
static void
check_figures (const char *locale,
               const char *point)
{
  g_autofree char *before = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *text = NULL;
  GtkWidget *inspector;
  NlNet *net;
  /* %s stands for the decimal separator. */
  static const char * const figures[] = {
    "h1 = 0%s0474",
    "o1 = 0%s524",
    "∂L/∂y_pred = −2 (y − y_pred) = −2 (1 − 0%s524) = -0%s952",
    "= -0%s952 × 0%s249 × -0%s0904 = 0%s0215",
  };

  if (ui_test_skip_without_display ())
    return;
  if (setlocale (LC_NUMERIC, locale) == NULL)
    {
      g_test_skip_printf ("The %s locale is not available", locale);
      return;
    }

  net = worked_example_net ();
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);
  setlocale (LC_NUMERIC, before);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_auto(GStrv) parts = g_strsplit (figures[i], "%s", -1);
      g_autofree char *figure = g_strjoinv (point, parts);

      assert_contains (text, figure);
    }

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

static void
test_figures_english (void)
{
  check_figures ("C", ".");
}

static void
test_figures_german (void)
{
  check_figures ("de_DE.UTF-8", ",");
}

/* A parameter of o1 and a bias. */
static void
test_forms (void)
{
  GtkWidget *inspector;
  NlNet *net;
  g_autofree char *w5 = NULL;
  g_autofree char *b1 = NULL;
  g_autofree char *bce = NULL;

  if (ui_test_skip_without_display ())
    return;

  net = worked_example_net ();

  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_MSE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 4);
  w5 = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (w5, "w5 (h1 → o1) = 1");
  assert_contains (w5, "∂L/∂w5 = ∂L/∂y_pred × ∂y_pred/∂w5");
  assert_contains (w5, "∂L/∂y_pred = −2 (y − y_pred)");
  assert_contains (w5, "∂y_pred/∂w5 = h1 × f′(z_o1)");

  nl_inspector_set_param (NL_INSPECTOR (inspector), 6);
  b1 = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (b1, "b1, the bias of h1 = 0");
  assert_contains (b1, "∂L/∂b1 = ∂L/∂y_pred × ∂y_pred/∂h1 × ∂h1/∂b1");
  assert_contains (b1, "∂h1/∂b1 = f′(z_h1), since ∂z/∂b1 = 1");

  /* Cross-entropy's derivative, worked from y_pred as shown: -1 / 0.524 is
   * -1.908 and the unrounded -1 / 0.52369 is -1.9095, both -1.91. */
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, "Alice", NL_LOSS_BCE, 0.1);
  bce = nl_inspector_get_text (NL_INSPECTOR (inspector));
  assert_contains (bce, "∂L/∂y_pred = −y / y_pred + (1 − y) / (1 − y_pred) "
                        "= −1 / 0.524 + (1 − 1) / (1 − 0.524) = -1.91");
  assert_contains (bce, "= -1.91 × 0.249 × ");
  g_assert_null (strstr (bce, "unrounded y_pred"));

  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

/* Two hidden layers: a first-layer weight's upstream gradient is a sum over
 * the paths through the second hidden layer. */
static void
test_paths (void)
{
  static const size_t sizes[] = { 2, 2, 2, 1 };
  GtkWidget *inspector;
  NlNet *net = nl_net_new (4, sizes, NULL, NULL);
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    {
      nl_net_free (net);
      return;
    }

  for (size_t i = 0; i < net->n_weights; i++)
    net->params[i] = 0.5;
  inspector = g_object_ref_sink (nl_inspector_new ());
  nl_inspector_set_state (NL_INSPECTOR (inspector), net, alice, 1, NULL, NL_LOSS_BCE, 0.1);
  nl_inspector_set_param (NL_INSPECTOR (inspector), 0);
  text = nl_inspector_get_text (NL_INSPECTOR (inspector));
  g_test_message ("%s", text);
  assert_contains (text, "Sample: x1 = -2, x2 = -1, y = 1");
  assert_contains (text, "∂L/∂w1 = ∂L/∂h1_1 × ∂h1_1/∂w1");
  assert_contains (text, "∂L/∂h1_1 sums the paths through the layer above:");
  assert_contains (text, "via h2_1: w5 × f′(z_h2_1) × ∂L/∂h2_1 = ");
  assert_contains (text, "via h2_2: w7 × f′(z_h2_2) × ∂L/∂h2_2 = ");
  assert_contains (text, "sum: ∂L/∂h1_1 = ");
  assert_contains (text, "∂h1_1/∂w1 = x1 × f′(z_h1_1)");

  /* A smaller network: the parameter index goes out of range, and is dropped. */
  {
    static const size_t small[] = { 2, 1 };
    NlNet *tiny = nl_net_new (2, small, NULL, NULL);

    nl_inspector_set_param (NL_INSPECTOR (inspector), 12);
    g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, 12);
    nl_inspector_set_state (NL_INSPECTOR (inspector), tiny, alice, 0, "Bob", NL_LOSS_MSE, 0.1);
    g_assert_cmpint (nl_inspector_get_param (NL_INSPECTOR (inspector)), ==, -1);
    nl_net_free (tiny);
  }

  nl_inspector_set_state (NL_INSPECTOR (inspector), NULL, NULL, 0, NULL, NL_LOSS_MSE, 0.1);
  nl_net_free (net);
  g_assert_finalize_object (inspector);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/inspector/prompt", test_prompt);
  g_test_add_func ("/ui/inspector/worked-example", test_worked_example);
  g_test_add_func ("/ui/inspector/figures/english", test_figures_english);
  g_test_add_func ("/ui/inspector/figures/german", test_figures_german);
  g_test_add_func ("/ui/inspector/forms", test_forms);
  g_test_add_func ("/ui/inspector/paths", test_paths);
  return g_test_run ();
}
