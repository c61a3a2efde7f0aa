/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-number.c: numbers as a person reads and types them (see nl-number.h).
 * The core's parser (point only) stays the one definition of a number; this
 * only swaps the separator on the way in and out. */
#include "nl-number.h"

#include <locale.h>
#include <string.h>

#include "nl-dataset.h"

const char *
nl_number_decimal_point (void)
{
  const struct lconv *conv = localeconv ();

  if (conv == NULL || conv->decimal_point == NULL || conv->decimal_point[0] == '\0')
    return ".";
  return conv->decimal_point;
}

/* Whether @text is a number as the core reads it. */
static gboolean
is_number (const char *text)
{
  double value;

  return nl_dataset_parse_number (text, &value, NULL) == NL_OK;
}

/* @text with every @from replaced by @to. */
static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

char *
nl_number_to_canonical (const char *text)
{
  const char *point = nl_number_decimal_point ();
  const char *at;
  g_autofree char *swapped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* One separator, no point: "65,5", never "1,000.5" or "1,2,3". */
  if (g_str_equal (point, ".") || strchr (text, '.') != NULL
      || (at = strstr (text, point)) == NULL || strstr (at + strlen (point), point) != NULL)
    return g_strdup (text);
  swapped = replace (text, point, ".");
  if (!is_number (swapped))
    return g_strdup (text);
  return g_steal_pointer (&swapped);
}

char *
nl_number_to_display (const char *text)
{
  const char *point = nl_number_decimal_point ();

  g_return_val_if_fail (text != NULL, NULL);

  if (g_str_equal (point, ".") || strchr (text, '.') == NULL || !is_number (text))
    return g_strdup (text);
  return replace (text, ".", point);
}

gboolean
nl_number_parse (const char *text,
                 double     *value)
{
  g_autofree char *canonical = NULL;
  double v;

  g_return_val_if_fail (text != NULL, FALSE);

  canonical = nl_number_to_canonical (text);
  if (nl_dataset_parse_number (canonical, &v, NULL) != NL_OK)
    return FALSE;
  if (value != NULL)
    *value = v;
  return TRUE;
}
