/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-plot-ticks.c: choosing and labelling axis ticks for the plots. */

#include "nl-plot-ticks.h"

#include <math.h>
#include <string.h>

double
nl_plot_nice_step (double rough)
{
  double magnitude;
  double fraction;

  if (!isfinite (rough) || rough <= 0)
    return 1.0;

  magnitude = pow (10.0, floor (log10 (rough)));
  fraction = rough / magnitude;

  /* Rounding error can leave 2.0000000001 for an exact 2: allow a hair. */
  if (fraction <= 1.0 + 1e-9)
    return magnitude;
  if (fraction <= 2.0 + 1e-9)
    return 2.0 * magnitude;
  if (fraction <= 5.0 + 1e-9)
    return 5.0 * magnitude;
  return 10.0 * magnitude;
}

guint
nl_plot_linear_ticks (double  lo,
                      double  hi,
                      double  step,
                      double *ticks,
                      guint   max_ticks)
{
  double first;
  guint n = 0;

  if (!isfinite (lo) || !isfinite (hi) || !isfinite (step) || step <= 0 || hi < lo)
    return 0;

  first = ceil (lo / step - 1e-9);
  for (double k = first; n < max_ticks; k += 1.0)
    {
      double v = k * step;

      if (v > hi + step * 1e-9)
        break;
      /* Print 0 rather than -0 or 1e-17. */
      if (fabs (v) < step * 1e-9)
        v = 0.0;
      ticks[n++] = v;
    }

  return n;
}

guint
nl_plot_log_ticks (double  lo,
                   double  hi,
                   guint   every,
                   int    *exponents,
                   guint   max_ticks)
{
  int first;
  int last;
  guint n = 0;

  if (!(lo > 0) || !(hi >= lo) || !isfinite (hi))
    return 0;
  if (every == 0)
    every = 1;

  first = (int) ceil (log10 (lo) - 1e-9);
  last = (int) floor (log10 (hi) + 1e-9);

  for (int k = first; k <= last && n < max_ticks; k++)
    {
      if (((k % (int) every) + (int) every) % (int) every != 0)
        continue;
      exponents[n++] = k;
    }

  return n;
}

char *
nl_plot_format_linear (double value,
                       double step)
{
  int decimals = 0;

  if (step > 0 && step < 1)
    decimals = (int) ceil (-log10 (step) - 1e-9);
  decimals = CLAMP (decimals, 0, 12);

  if (fabs (value) < step * 1e-9)
    return g_strdup ("0");

  return g_strdup_printf ("%.*f", decimals, value);
}

char *
nl_plot_format_count (double value,
                      double step)
{
  static const struct { double factor; const char *suffix; } units[] = {
    { 1e9, "G" },
    { 1e6, "M" },
    { 1e3, "k" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (fabs (value) >= units[i].factor && step >= units[i].factor / 10)
        {
          g_autofree char *number = nl_plot_format_linear (value / units[i].factor,
                                                           step / units[i].factor);

          /* "1.0M" among "0.2M" steps reads better as "1M". */
          if (strpbrk (number, ".,") != NULL)
            {
              char *end = number + strlen (number) - 1;

              while (*end == '0')
                *end-- = '\0';
              if (*end == '.' || *end == ',')
                *end = '\0';
            }

          return g_strconcat (number, units[i].suffix, NULL);
        }
    }

  return nl_plot_format_linear (value, MAX (step, 1.0));
}

char *
nl_plot_format_decade (int exponent)
{
  static const char * const superscripts[] = {
    "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
  };
  GString *str;
  char digits[16];

  if (exponent >= -3 && exponent <= 3)
    return nl_plot_format_linear (pow (10.0, exponent), pow (10.0, exponent));

  str = g_string_new ("10");
  if (exponent < 0)
    g_string_append (str, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (exponent));
  for (const char *p = digits; *p; p++)
    g_string_append (str, superscripts[*p - '0']);

  return g_string_free (str, FALSE);
}

char *
nl_plot_format_value (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (value == 0)
    return g_strdup ("0");
  if (fabs (value) >= 1e-4 && fabs (value) < 10)
    return g_strdup_printf ("%.4f", value);
  if (fabs (value) >= 10 && fabs (value) < 1e5)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.3g", value);
}
