/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-number.h: numbers as a person reads and types them.
 *
 * Files and the core write numbers with a point, whatever the language.
 * People type and read them with their language's decimal separator (a
 * comma in German). A field accepts both; a table cell stores the point, and
 * shows the person's separator. Thousands separators are not accepted: in
 * German "1.000" is one, as a point always is a decimal point here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The decimal separator of the current LC_NUMERIC locale (".", ","...). */
const char *nl_number_decimal_point (void);

/* @text with the locale's decimal separator replaced by a point when that
 * makes it a number ("65,5" -> "65.5" in German); otherwise a copy of @text
 * as it is. Text that is not a number is never changed. */
char       *nl_number_to_canonical  (const char *text);

/* @text, a number written with a point, with the locale's decimal
 * separator instead ("65.5" -> "65,5" in German); anything that is not such
 * a number, and every text in a locale that uses a point, is copied as it
 * is. */
char       *nl_number_to_display    (const char *text);

/* Parses a number typed by a person: a point or the locale's decimal
 * separator, optional spaces around it; "nan", "inf" and hexadecimal are not
 * numbers. */
gboolean    nl_number_parse         (const char *text,
                                     double     *value);

G_END_DECLS
