/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-number.c: numbers as a person types and reads them, under a locale
 * with a decimal comma and under C. Skips the German cases without the
 * de_DE.UTF-8 locale (build-aux/deps generates it). */
#include <locale.h>
#include <math.h>

#include "nl-dataset-model.h"
#include "nl-number.h"
#include "nl-row.h"

#define COL_HEIGHT 2

static gboolean
use_german (void)
{
  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    return TRUE;
  g_test_skip ("The de_DE.UTF-8 locale is not available");
  return FALSE;
}

static void
test_german_comma (void)
{
  double value = 0;
  g_autofree char *canonical = NULL;
  g_autofree char *display = NULL;
  g_autofree char *two = NULL;
  g_autofree char *word = NULL;

  if (!use_german ())
    return;
  g_assert_cmpstr (nl_number_decimal_point (), ==, ",");
  g_assert_true (nl_number_parse ("65,5", &value));
  g_assert_cmpfloat (value, ==, 65.5);
  g_assert_true (nl_number_parse (" 65.25 ", &value));
  g_assert_cmpfloat (value, ==, 65.25);
  g_assert_false (nl_number_parse ("1,5,3", NULL));
  g_assert_false (nl_number_parse ("1.000,5", NULL));
  g_assert_false (nl_number_parse ("abc", NULL));

  canonical = nl_number_to_canonical ("-0,25");
  g_assert_cmpstr (canonical, ==, "-0.25");
  display = nl_number_to_display ("-0.25");
  g_assert_cmpstr (display, ==, "-0,25");
  /* Text that is no number stays as it is, either way. */
  two = nl_number_to_canonical ("Smith, John");
  g_assert_cmpstr (two, ==, "Smith, John");
  word = nl_number_to_display ("v1.2 beta");
  g_assert_cmpstr (word, ==, "v1.2 beta");
  setlocale (LC_ALL, "C");
}

static void
test_c_point (void)
{
  double value = 0;
  g_autofree char *canonical = NULL;
  g_autofree char *display = NULL;

  setlocale (LC_ALL, "C");
  g_assert_true (nl_number_parse ("65.5", &value));
  g_assert_cmpfloat (value, ==, 65.5);
  /* A comma is no decimal separator where the point is one. */
  g_assert_false (nl_number_parse ("65,5", NULL));
  canonical = nl_number_to_canonical ("65,5");
  g_assert_cmpstr (canonical, ==, "65,5");
  display = nl_number_to_display ("65.5");
  g_assert_cmpstr (display, ==, "65.5");
}

/* A cell typed with a comma in German is stored with a point, as a file
 * keeps it, and the predict form's parser reads the comma too. */
static void
test_german_cell (void)
{
  g_autoptr (NlDatasetModel) model = NULL;
  g_autoptr (NlRow) row = NULL;
  g_autoptr (GError) error = NULL;
  double value = 0;

  if (!use_german ())
    return;
  model = nl_dataset_model_new_tutorial ();
  g_assert_true (nl_dataset_model_set_cell (model, 0, COL_HEIGHT, "65,5", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (model, 0, COL_HEIGHT), ==, "65.5");
  row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpfloat (nl_row_get_value (row, COL_HEIGHT), ==, 65.5);

  g_assert_true (nl_dataset_model_parse_input (model, 1, "63,25", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value, ==, 63.25);
  setlocale (LC_ALL, "C");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/number/german-comma", test_german_comma);
  g_test_add_func ("/model/number/c-point", test_c_point);
  g_test_add_func ("/model/number/german-cell", test_german_cell);

  return g_test_run ();
}
