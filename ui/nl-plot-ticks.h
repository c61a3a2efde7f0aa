/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-plot-ticks.h: choosing and labelling axis ticks for the plots.
 *
 * Pure functions on numbers and strings (GLib only), so they are tested and
 * benchmarked without a display. Linear axes use "nice" steps of 1, 2 or 5
 * times a power of ten; logarithmic axes use whole decades.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The smallest step of the form {1, 2, 5} x 10^k that is >= @rough. */
double   nl_plot_nice_step          (double  rough);

/* Writes the multiples of @step that lie in [@lo, @hi] into @ticks, at most
 * @max_ticks of them, and returns how many were written. */
guint    nl_plot_linear_ticks       (double  lo,
                                     double  hi,
                                     double  step,
                                     double *ticks,
                                     guint   max_ticks);

/* Writes the exponents k of the decades 10^k in [@lo, @hi] (both > 0) into
 * @exponents, keeping every @every-th decade, and returns how many. */
guint    nl_plot_log_ticks          (double  lo,
                                     double  hi,
                                     guint   every,
                                     int    *exponents,
                                     guint   max_ticks);

/* A label for @value on a linear axis whose ticks are @step apart, with just
 * enough decimals to tell neighbouring ticks apart: "0.25", "3", "-1.5". */
char    *nl_plot_format_linear      (double  value,
                                     double  step);

/* A label for a count (epochs): "500", "2.5k", "1M". */
char    *nl_plot_format_count       (double  value,
                                     double  step);

/* A label for the decade 10^@exponent: "0.001", "1", "100", "10⁻⁵", "10⁶". */
char    *nl_plot_format_decade      (int     exponent);

/* A loss value as the interface shows it: "0.0123", "1.2e-05". */
char    *nl_plot_format_value       (double  value);

G_END_DECLS
