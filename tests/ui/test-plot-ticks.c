/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-ticks.c: nice steps, tick positions and tick labels. */

#include <locale.h>
#include <math.h>

#include <glib.h>

#include "nl-plot-ticks.h"

static void
test_nice_step (void)
{
  g_assert_cmpfloat_with_epsilon (nl_plot_nice_step (0.3), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (nl_plot_nice_step (1.0), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nl_plot_nice_step (1.5), 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nl_plot_nice_step (2.0), 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nl_plot_nice_step (7.0), 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nl_plot_nice_step (0.023), 0.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (nl_plot_nice_step (180000), 200000, 1e-6);
  g_assert_cmpfloat (nl_plot_nice_step (0), ==, 1.0);
  g_assert_cmpfloat (nl_plot_nice_step (NAN), ==, 1.0);
}

static void
test_linear_ticks (void)
{
  double ticks[16];
  guint n;

  n = nl_plot_linear_ticks (0, 1, 0.2, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (ticks[0], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (ticks[5], 1.0, 1e-12);

  n = nl_plot_linear_ticks (-0.3, 0.3, 0.1, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpfloat (ticks[3], ==, 0.0);

  n = nl_plot_linear_ticks (0, 1000, 1, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (ticks));

  g_assert_cmpuint (nl_plot_linear_ticks (1, 0, 1, ticks, 16), ==, 0);
  g_assert_cmpuint (nl_plot_linear_ticks (0, 1, 0, ticks, 16), ==, 0);
}

static void
test_log_ticks (void)
{
  int exponents[16];
  guint n;

  n = nl_plot_log_ticks (0.001, 1, 1, exponents, G_N_ELEMENTS (exponents));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (exponents[0], ==, -3);
  g_assert_cmpint (exponents[3], ==, 0);

  n = nl_plot_log_ticks (1e-8, 1, 2, exponents, G_N_ELEMENTS (exponents));
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpint (exponents[0], ==, -8);
  g_assert_cmpint (exponents[1], ==, -6);

  g_assert_cmpuint (nl_plot_log_ticks (0, 1, 1, exponents, 16), ==, 0);
}

static void
check_label (char       *label,
             const char *expected)
{
  g_assert_cmpstr (label, ==, expected);
  g_free (label);
}

static void
test_labels (void)
{
  check_label (nl_plot_format_linear (0.2, 0.2), "0.2");
  check_label (nl_plot_format_linear (0.0, 0.2), "0");
  check_label (nl_plot_format_linear (1e-17, 0.1), "0");
  check_label (nl_plot_format_linear (0.25, 0.05), "0.25");
  check_label (nl_plot_format_linear (3, 1), "3");
  check_label (nl_plot_format_linear (-1.5, 0.5), "-1.5");

  check_label (nl_plot_format_count (500, 100), "500");
  check_label (nl_plot_format_count (2500, 500), "2.5k");
  check_label (nl_plot_format_count (200000, 200000), "200k");
  check_label (nl_plot_format_count (1000000, 200000), "1M");
  check_label (nl_plot_format_count (1004, 1), "1004");

  check_label (nl_plot_format_decade (-2), "0.01");
  check_label (nl_plot_format_decade (-3), "0.001");
  check_label (nl_plot_format_decade (-4), "10⁻⁴");
  check_label (nl_plot_format_decade (0), "1");
  check_label (nl_plot_format_decade (3), "1000");
  check_label (nl_plot_format_decade (-5), "10⁻⁵");
  check_label (nl_plot_format_decade (12), "10¹²");

  check_label (nl_plot_format_value (0.0123), "0.0123");
  check_label (nl_plot_format_value (0.69314718), "0.6931");
  check_label (nl_plot_format_value (1.2e-5), "1.2e-05");
  check_label (nl_plot_format_value (NAN), "—");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/plot-ticks/nice-step", test_nice_step);
  g_test_add_func ("/ui/plot-ticks/linear", test_linear_ticks);
  g_test_add_func ("/ui/plot-ticks/log", test_log_ticks);
  g_test_add_func ("/ui/plot-ticks/labels", test_labels);

  return g_test_run ();
}
