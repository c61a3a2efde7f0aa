/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset.c: the table, its label classes, normalisation and the
 * training matrix. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "nl-dataset.h"

static NlDataset *
make_table (const char * const *names,
            const NlColumnKind *kinds,
            size_t              n_columns,
            const char * const *cells,
            size_t              n_rows)
{
  NlError error;
  NlDataset *ds = nl_dataset_new (n_columns, names, kinds, &error);

  g_assert_nonnull (ds);
  for (size_t r = 0; r < n_rows; r++)
    {
      size_t row = nl_dataset_append_row (ds);

      g_assert_cmpuint (row, ==, r);
      for (size_t c = 0; c < n_columns; c++)
        nl_dataset_set_cell (ds, row, c, cells[r * n_columns + c], NULL);
    }
  return ds;
}

static void
test_tutorial (void)
{
  static const double shifted[4][2] = { { -2, -1 }, { 25, 6 }, { 17, 4 }, { -15, -6 } };
  static const double labels[4] = { 1, 0, 0, 1 };
  NlDataset *ds = nl_dataset_new_tutorial ();
  const NlColumn *gender;
  NlMatrix m;
  NlError error;

  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n_columns, ==, 4);
  g_assert_cmpuint (ds->n_rows, ==, 4);
  g_assert_cmpstr (ds->columns[0].name, ==, "Name");
  g_assert_cmpstr (ds->columns[1].name, ==, "Weight (lb)");
  g_assert_cmpstr (ds->columns[2].name, ==, "Height (in)");
  g_assert_cmpstr (ds->columns[3].name, ==, "Gender");
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_TEXT);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->columns[2].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->label_column, ==, 3);

  gender = &ds->columns[3];
  g_assert_cmpint (gender->kind, ==, NL_COLUMN_LABEL);
  g_assert_cmpstr (gender->classes[0], ==, "Male");
  g_assert_cmpstr (gender->classes[1], ==, "Female");

  g_assert_cmpint (ds->columns[1].normalize, ==, NL_NORMALIZE_SHIFT);
  g_assert_cmpfloat (ds->columns[1].shift, ==, 135.0);
  g_assert_cmpfloat (ds->columns[1].scale, ==, 1.0);
  g_assert_cmpfloat (ds->columns[2].shift, ==, 66.0);
  g_assert_cmpfloat (ds->columns[2].scale, ==, 1.0);

  g_assert_cmpstr (nl_dataset_cell (ds, 0, 0)->text, ==, "Alice");
  g_assert_cmpfloat (nl_dataset_cell (ds, 1, 1)->value, ==, 160.0);
  g_assert_cmpstr (nl_dataset_cell (ds, 3, 3)->text, ==, "Female");
  g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 2);
  g_assert_cmpuint (nl_dataset_input_column (ds, 0), ==, 1);
  g_assert_cmpuint (nl_dataset_input_column (ds, 1), ==, 2);
  g_assert_cmpuint (nl_dataset_input_column (ds, 2), ==, (size_t) -1);

  /* The tutorial's predictions: Emily and Frank. */
  g_assert_cmpfloat (nl_dataset_normalize (ds, 1, 128), ==, -7.0);
  g_assert_cmpfloat (nl_dataset_normalize (ds, 2, 63), ==, -3.0);
  g_assert_cmpfloat (nl_dataset_normalize (ds, 1, 155), ==, 20.0);
  g_assert_cmpfloat (nl_dataset_normalize (ds, 2, 68), ==, 2.0);

  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), ==, NL_OK);
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, &error), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 4);
  g_assert_cmpuint (m.n_inputs, ==, 2);
  g_assert_cmpuint (m.n_skipped, ==, 0);
  for (size_t r = 0; r < 4; r++)
    {
      g_assert_cmpfloat (m.x[r * 2], ==, shifted[r][0]);
      g_assert_cmpfloat (m.x[r * 2 + 1], ==, shifted[r][1]);
      g_assert_cmpfloat (m.y[r], ==, labels[r]);
      g_assert_cmpuint (m.source_row[r], ==, r);
    }
  nl_matrix_clear (&m);
  g_assert_null (m.x);
  nl_dataset_free (ds);
}

static void
test_standardize (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  const double w[] = { 133, 160, 152, 120 };
  double mean = 0, var = 0;
  NlMatrix m;

  for (int i = 0; i < 4; i++)
    mean += w[i] / 4;
  for (int i = 0; i < 4; i++)
    var += (w[i] - mean) * (w[i] - mean) / 4; /* population variance */

  nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);
  g_assert_cmpint (ds->columns[1].normalize, ==, NL_NORMALIZE_STANDARDIZE);
  g_assert_cmpfloat_with_epsilon (ds->columns[1].shift, mean, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds->columns[1].scale, sqrt (var), 1e-12);
  g_assert_cmpfloat_with_epsilon (ds->columns[2].shift, 66.75, 1e-12);

  /* The standardised inputs have mean 0 and (population) deviation 1. */
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, NULL), ==, NL_OK);
  for (size_t i = 0; i < 2; i++)
    {
      double s = 0, sq = 0;

      for (size_t r = 0; r < m.n_rows; r++)
        s += m.x[r * 2 + i];
      for (size_t r = 0; r < m.n_rows; r++)
        sq += m.x[r * 2 + i] * m.x[r * 2 + i];
      g_assert_cmpfloat_with_epsilon (s / 4, 0.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (sq / 4, 1.0, 1e-12);
    }
  nl_matrix_clear (&m);

  /* Prediction values go through the same map. */
  g_assert_cmpfloat_with_epsilon (nl_dataset_normalize (ds, 1, 128),
                                  (128 - mean) / sqrt (var), 1e-12);

  /* Shift by the mean when no shifts are given; none is the identity. */
  nl_dataset_set_normalize (ds, NL_NORMALIZE_SHIFT, NULL);
  g_assert_cmpfloat_with_epsilon (ds->columns[1].shift, mean, 1e-12);
  g_assert_cmpfloat (ds->columns[1].scale, ==, 1.0);
  nl_dataset_set_normalize (ds, NL_NORMALIZE_NONE, NULL);
  g_assert_cmpfloat (nl_dataset_normalize (ds, 1, 128), ==, 128.0);
  nl_dataset_free (ds);
}

static void
test_standardize_constant (void)
{
  static const char * const names[] = { "x", "y", "label" };
  static const NlColumnKind kinds[] = { NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_LABEL };
  static const char * const cells[] = {
    "5", "1", "a",
    "5", "3", "b",
    "5", "abc", "a",   /* not usable: left out of the statistics */
  };
  NlDataset *ds = make_table (names, kinds, 3, cells, 3);

  nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);
  g_assert_cmpfloat (ds->columns[0].shift, ==, 5.0);
  g_assert_cmpfloat (ds->columns[0].scale, ==, 1.0);
  g_assert_cmpfloat (ds->columns[1].shift, ==, 2.0);
  g_assert_cmpfloat (ds->columns[1].scale, ==, 1.0);
  g_assert_true (isfinite (nl_dataset_normalize (ds, 0, 7.0)));
  nl_dataset_free (ds);
}

static void
test_normalize_names (void)
{
  for (int i = 0; i < NL_N_NORMALIZE; i++)
    {
      NlNormalize mode = NL_N_NORMALIZE;

      g_assert_nonnull (nl_normalize_name ((NlNormalize) i));
      g_assert_true (nl_normalize_from_name (nl_normalize_name ((NlNormalize) i), &mode));
      g_assert_cmpint (mode, ==, i);
    }
  g_assert_cmpstr (nl_normalize_name (NL_NORMALIZE_STANDARDIZE), ==, "standardize");
  g_assert_false (nl_normalize_from_name ("bogus", &(NlNormalize) { 0 }));
  g_assert_false (nl_normalize_from_name (NULL, &(NlNormalize) { 0 }));
}

static void
test_parse_number (void)
{
  static const struct { const char *text; double value; } good[] = {
    { "12", 12 }, { "  12 ", 12 }, { "\t-1.5", -1.5 }, { "+3", 3 }, { ".5", 0.5 },
    { "5.", 5 }, { "1e3", 1000 }, { "2.5E-1", 0.25 }, { "0", 0 }, { "-0.0", 0 },
    { "1e-400", 0 },
  };
  static const char * const bad[] = {
    "", "   ", "abc", "1,5", "1.5.2", "nan", "NaN", "inf", "-Infinity", "0x1p3", "0x10",
    "1e", "1e+", "e5", ".", "-", "12abc", "1 2", "1e999", "١٢", "1_000",
  };
  NlError error;
  double v;

  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_cmpint (nl_dataset_parse_number (good[i].text, &v, &error), ==, NL_OK);
      g_assert_cmpfloat (v, ==, good[i].value);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      nl_error_clear (&error);
      g_assert_cmpint (nl_dataset_parse_number (bad[i], &v, &error), ==, NL_ERR_PARSE);
      g_assert_true (isnan (v));
      g_assert_cmpstr (error.message, !=, "");
    }
  nl_dataset_parse_number ("1,5", &v, &error);
  g_assert_nonnull (strstr (error.message, "\"1,5\""));
  g_assert_nonnull (strstr (error.message, "point"));
  nl_dataset_parse_number ("1e999", &v, &error);
  g_assert_nonnull (strstr (error.message, "too large"));
}

static void
test_set_cell (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlError error;
  NlCell *cell;
  double v;

  nl_error_clear (&error);
  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 1, "abc", &error), ==, NL_ERR_PARSE);
  cell = nl_dataset_cell (ds, 0, 1);
  g_assert_cmpstr (cell->text, ==, "abc");       /* kept all the same */
  g_assert_cmpint (cell->state, ==, NL_CELL_INVALID);
  g_assert_true (isnan (cell->value));
  g_assert_nonnull (strstr (error.message, "\"abc\" is not a number"));
  g_assert_false (nl_dataset_row_usable (ds, 0));

  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 1, "", &error), ==, NL_OK);
  g_assert_cmpint (cell->state, ==, NL_CELL_MISSING);
  g_assert_false (nl_dataset_row_usable (ds, 0));

  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 1, " 140.5 ", &error), ==, NL_OK);
  g_assert_cmpint (cell->state, ==, NL_CELL_OK);
  g_assert_cmpfloat (cell->value, ==, 140.5);
  g_assert_cmpstr (cell->text, ==, " 140.5 ");
  g_assert_true (nl_dataset_row_usable (ds, 0));

  /* Text columns take anything; a label only its classes. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 0, "", &error), ==, NL_OK);
  g_assert_true (nl_dataset_row_usable (ds, 0));
  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 3, "X", &error), ==, NL_ERR_PARSE);
  g_assert_nonnull (strstr (error.message, "\"X\""));
  g_assert_cmpint (nl_dataset_cell (ds, 0, 3)->state, ==, NL_CELL_INVALID);
  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 3, "Male", &error), ==, NL_OK);
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 3)->value, ==, 0.0);

  /* parse_cell does not store. */
  g_assert_cmpint (nl_dataset_parse_cell (ds, 1, "99", &v, &error), ==, NL_OK);
  g_assert_cmpfloat (v, ==, 99.0);
  g_assert_cmpint (nl_dataset_parse_cell (ds, 3, "Female", &v, &error), ==, NL_OK);
  g_assert_cmpfloat (v, ==, 1.0);
  g_assert_cmpint (nl_dataset_parse_cell (ds, 3, "Q", &v, &error), ==, NL_ERR_PARSE);
  g_assert_cmpint (nl_dataset_parse_cell (ds, 9, "1", &v, &error), ==, NL_ERR_INVALID);
  g_assert_cmpint (nl_dataset_set_cell (ds, 9, 0, "x", &error), ==, NL_ERR_INVALID);
  nl_dataset_free (ds);
}

static void
test_label_classes (void)
{
  static const char * const names[] = { "x", "y" };
  static const NlColumnKind kinds[] = { NL_COLUMN_NUMERIC, NL_COLUMN_LABEL };
  NlError error;
  NlDataset *ds = nl_dataset_new (2, names, kinds, &error);
  NlColumn *label = &ds->columns[1];
  double v;

  g_assert_cmpint (ds->label_column, ==, 1);
  nl_dataset_append_row (ds);
  nl_dataset_append_row (ds);
  nl_dataset_append_row (ds);

  /* A lone value takes its side of a known pair... */
  nl_dataset_set_cell (ds, 0, 1, "no", NULL);
  g_assert_null (label->classes[1]);
  g_assert_cmpstr (label->classes[0], ==, "no");
  g_assert_cmpint (nl_dataset_parse_cell (ds, 1, "yes", &v, NULL), ==, NL_OK);
  g_assert_cmpfloat (v, ==, 1.0);

  /* ...and the second value settles the order. */
  nl_dataset_set_cell (ds, 1, 1, "yes", NULL);
  g_assert_cmpstr (label->classes[0], ==, "no");
  g_assert_cmpstr (label->classes[1], ==, "yes");
  g_assert_cmpfloat (nl_dataset_cell (ds, 1, 1)->value, ==, 1.0);

  /* A third value is refused while both classes are in use. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 1, "maybe", &error), ==, NL_ERR_PARSE);
  g_assert_cmpint (nl_dataset_cell (ds, 2, 1)->state, ==, NL_CELL_INVALID);

  /* Once no other row uses "no", it can give way: a typo can be fixed. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 0, 1, "perhaps", &error), ==, NL_OK);
  g_assert_cmpstr (label->classes[0], ==, "perhaps");
  g_assert_cmpstr (label->classes[1], ==, "yes");
  g_assert_cmpint (nl_dataset_cell (ds, 2, 1)->state, ==, NL_CELL_INVALID);

  /* Any other two values: the later one in strcmp order is positive, and
   * cells already typed are re-read when the order changes. */
  nl_dataset_set_cell (ds, 2, 1, "", NULL);
  nl_dataset_set_cell (ds, 0, 1, "dog", NULL);  /* "perhaps" is gone */
  nl_dataset_set_cell (ds, 1, 1, "dog", NULL);  /* "yes" is gone too */
  nl_dataset_set_cell (ds, 2, 1, "cat", NULL);
  g_assert_cmpstr (label->classes[0], ==, "cat");
  g_assert_cmpstr (label->classes[1], ==, "dog");
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 1)->value, ==, 1.0);
  g_assert_cmpfloat (nl_dataset_cell (ds, 2, 1)->value, ==, 0.0);
  nl_dataset_free (ds);
}

static void
check_label_order (const char *a,
                   const char *b,
                   const char *positive)
{
  static const char * const names[] = { "x", "label" };
  static const NlColumnKind kinds[] = { NL_COLUMN_NUMERIC, NL_COLUMN_TEXT };
  const char * const cells[] = { "1", a, "2", b, "3", "" };
  NlDataset *ds = make_table (names, kinds, 2, cells, 3);
  NlError error;

  g_assert_cmpint (nl_dataset_set_label_column (ds, 1, &error), ==, NL_OK);
  g_assert_cmpstr (ds->columns[1].classes[1], ==, positive);
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 1)->value, ==, strcmp (a, positive) == 0);
  g_assert_cmpfloat (nl_dataset_cell (ds, 1, 1)->value, ==, strcmp (b, positive) == 0);
  g_assert_cmpint (nl_dataset_cell (ds, 2, 1)->state, ==, NL_CELL_MISSING);
  nl_dataset_free (ds);
}

static void
test_label_pairs (void)
{
  check_label_order ("M", "F", "F");
  check_label_order ("f", "m", "f");
  check_label_order ("Female", "Male", "Female");
  check_label_order ("MALE", "FEMALE", "FEMALE");
  check_label_order ("1", "0", "1");
  check_label_order ("0", "1.0", "1.0");
  check_label_order ("yes", "no", "yes");
  check_label_order ("No", "Yes", "Yes");
  check_label_order ("true", "false", "true");
  check_label_order ("y", "n", "y");
  check_label_order ("cat", "dog", "dog");
  check_label_order ("dog", "cat", "dog");
  check_label_order ("M", "yes", "yes");   /* not one pair: strcmp order */
}

static void
test_set_label_column (void)
{
  static const char * const names[] = { "a", "b", "c" };
  static const NlColumnKind kinds[] = { NL_COLUMN_TEXT, NL_COLUMN_TEXT, NL_COLUMN_NUMERIC };
  static const char * const cells[] = {
    "x", "1", "4",
    "y", "2", "5",
    "z", "1", "6",
  };
  NlDataset *ds = make_table (names, kinds, 3, cells, 3);
  NlError error;

  g_assert_cmpint (ds->label_column, ==, -1);
  nl_error_clear (&error);
  /* x, y, z: a different value in every row, names rather than classes. */
  g_assert_cmpint (nl_dataset_set_label_column (ds, 0, &error), ==, NL_ERR_INVALID);
  g_assert_cmpuint (error.column, ==, 1);
  g_assert_nonnull (strstr (error.message, "different value in every row"));
  g_assert_cmpint (ds->label_column, ==, -1);

  g_assert_cmpint (nl_dataset_set_label_column (ds, 1, &error), ==, NL_OK);
  g_assert_cmpint (ds->label_column, ==, 1);
  g_assert_cmpstr (ds->columns[1].classes[0], ==, "1");
  g_assert_cmpstr (ds->columns[1].classes[1], ==, "2");

  /* Only one label: making another column the label demotes the first. */
  nl_dataset_set_cell (ds, 2, 0, "x", NULL);
  g_assert_cmpint (nl_dataset_set_label_column (ds, 0, &error), ==, NL_OK);
  g_assert_cmpint (ds->label_column, ==, 0);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_TEXT);
  g_assert_null (ds->columns[1].classes);
  g_assert_cmpuint (ds->columns[1].n_classes, ==, 0);

  /* Kinds can be changed back and forth without losing text. */
  g_assert_cmpint (nl_dataset_set_column_kind (ds, 1, NL_COLUMN_NUMERIC, &error), ==, NL_OK);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_true (ds->columns[1].is_input);
  g_assert_cmpfloat (nl_dataset_cell (ds, 1, 1)->value, ==, 2.0);
  g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 2);
  nl_dataset_set_input (ds, 1, 0);
  g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 1);
  g_assert_cmpint (nl_dataset_set_column_kind (ds, 0, NL_COLUMN_TEXT, &error), ==, NL_OK);
  g_assert_cmpint (ds->label_column, ==, -1);
  g_assert_cmpstr (nl_dataset_cell (ds, 1, 0)->text, ==, "y");
  nl_dataset_free (ds);
}

static void
test_matrix_and_trainable (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlError error;
  NlMatrix m;

  /* Bob's weight is missing and Diana's label is wrong: both rows skipped. */
  nl_dataset_set_cell (ds, 1, 1, "", NULL);
  nl_dataset_set_cell (ds, 3, 3, "?", NULL);
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, &error), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 2);
  g_assert_cmpuint (m.n_skipped, ==, 2);
  g_assert_cmpuint (m.source_row[0], ==, 0);
  g_assert_cmpuint (m.source_row[1], ==, 2);
  g_assert_cmpfloat (m.x[2], ==, 17.0);
  g_assert_cmpfloat (m.y[0], ==, 1.0);
  g_assert_cmpfloat (m.y[1], ==, 0.0);
  nl_matrix_clear (&m);
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), ==, NL_OK);

  /* One class only. */
  nl_dataset_set_cell (ds, 0, 3, "Male", NULL);
  nl_error_clear (&error);
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), !=, NL_OK);
  g_assert_nonnull (strstr (error.message, "only one class"));

  /* Fewer than two usable rows. */
  nl_dataset_set_cell (ds, 0, 2, "tall", NULL);
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), !=, NL_OK);
  g_assert_nonnull (strstr (error.message, "fewer than two usable rows"));

  /* No inputs; no label. */
  nl_dataset_set_input (ds, 1, 0);
  nl_dataset_set_input (ds, 2, 0);
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), !=, NL_OK);
  g_assert_nonnull (strstr (error.message, "none of its numeric columns (2) is chosen as an input"));
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, &error), !=, NL_OK);
  g_assert_null (m.x);
  nl_dataset_set_input (ds, 1, 1);
  nl_dataset_set_column_kind (ds, 3, NL_COLUMN_TEXT, NULL);
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), !=, NL_OK);
  g_assert_nonnull (strstr (error.message, "no label"));
  nl_dataset_free (ds);
}

static void
test_rows_and_copy (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlDataset *copy;
  size_t row;

  nl_dataset_add_problem (ds, 3, 2, "Line %d: %s", 3, "bad");
  copy = nl_dataset_copy (ds);
  g_assert_nonnull (copy);

  /* Changing the original leaves the copy alone. */
  nl_dataset_set_cell (ds, 0, 0, "Alicia", NULL);
  nl_dataset_set_cell (ds, 0, 3, "X", NULL);
  nl_dataset_remove_row (ds, 1);
  g_assert_cmpuint (ds->n_rows, ==, 3);
  g_assert_cmpstr (nl_dataset_cell (ds, 1, 0)->text, ==, "Charlie");
  g_assert_cmpstr (nl_dataset_cell (copy, 0, 0)->text, ==, "Alice");
  g_assert_cmpstr (nl_dataset_cell (copy, 1, 0)->text, ==, "Bob");
  g_assert_cmpint (nl_dataset_cell (copy, 0, 3)->state, ==, NL_CELL_OK);
  g_assert_true (copy->columns[0].name != ds->columns[0].name);
  g_assert_true (copy->columns[3].classes[1] != ds->columns[3].classes[1]);
  g_assert_cmpstr (copy->columns[3].classes[1], ==, "Female");
  g_assert_cmpfloat (copy->columns[1].shift, ==, 135.0);
  g_assert_cmpuint (copy->n_problems, ==, 1);
  g_assert_cmpstr (copy->problems[0].message, ==, "Line 3: bad");
  g_assert_cmpuint (copy->problems[0].column, ==, 2);

  /* The copy grows on its own. */
  row = nl_dataset_append_row (copy);
  g_assert_cmpuint (row, ==, 4);
  g_assert_cmpstr (nl_dataset_cell (copy, 4, 0)->text, ==, "");
  g_assert_cmpint (nl_dataset_cell (copy, 4, 1)->state, ==, NL_CELL_MISSING);
  g_assert_false (nl_dataset_row_usable (copy, 4));

  for (int i = 0; i < 100; i++)
    nl_dataset_append_row (ds);
  g_assert_cmpuint (ds->n_rows, ==, 103);
  nl_dataset_remove_row (ds, 102);
  nl_dataset_remove_row (ds, 0);
  nl_dataset_remove_row (ds, 500);
  g_assert_cmpuint (ds->n_rows, ==, 101);
  g_assert_cmpstr (nl_dataset_cell (ds, 0, 0)->text, ==, "Charlie");

  nl_dataset_free (copy);
  nl_dataset_free (ds);
  nl_dataset_free (NULL);
}

/* Missing-value marks are missing in numeric and label columns, kept as
 * typed; anything else that is not a number stays invalid. */
static void
test_missing_marks (void)
{
  static const char * const missing[] = {
    "", "  ", "NA", "na", " NA ", "NaN", "nan", "N/A", "n/a", "?", "null", "NULL", "Null",
  };
  static const char * const present[] = { "N", "A", "NAN1", "??", "none", "-", "0", "nil" };
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlError error;
  double v;

  for (size_t i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_assert_true (nl_dataset_text_is_missing (missing[i]));
      nl_error_clear (&error);
      g_assert_cmpint (nl_dataset_parse_number (missing[i], &v, &error), ==, NL_ERR_PARSE);
      g_assert_cmpstr (error.message, ==, "the value is missing");
      g_assert_cmpint (nl_dataset_set_cell (ds, 0, 1, missing[i], NULL), ==, NL_OK);
      g_assert_cmpint (nl_dataset_cell (ds, 0, 1)->state, ==, NL_CELL_MISSING);
      g_assert_cmpstr (nl_dataset_cell (ds, 0, 1)->text, ==, missing[i]);
      g_assert_cmpint (nl_dataset_set_cell (ds, 1, 3, missing[i], NULL), ==, NL_OK);
      g_assert_cmpint (nl_dataset_cell (ds, 1, 3)->state, ==, NL_CELL_MISSING);
      g_assert_false (nl_dataset_row_usable (ds, 1));
    }
  for (size_t i = 0; i < G_N_ELEMENTS (present); i++)
    g_assert_false (nl_dataset_text_is_missing (present[i]));
  /* The label's classes are untouched by all those. */
  g_assert_cmpstr (ds->columns[3].classes[0], ==, "Male");
  g_assert_cmpstr (ds->columns[3].classes[1], ==, "Female");
  nl_dataset_free (ds);
}

/* A row marked as a file line of the wrong length stays out of training and
 * keeps its mark through insertions, removals and copies. */
static void
test_row_marks (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlDataset *copy;
  NlMatrix m;

  g_assert_true (nl_dataset_row_usable (ds, 2));
  ds->row_fields[2] = 5;                    /* Charlie */
  g_assert_false (nl_dataset_row_usable (ds, 2));
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, NULL), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 3);
  g_assert_cmpuint (m.n_skipped, ==, 1);
  nl_matrix_clear (&m);

  /* A new row is not marked; the mark moves with its row. */
  g_assert_cmpuint (nl_dataset_insert_row (ds, 2), ==, 2);
  g_assert_cmpuint (ds->row_fields[2], ==, 0);
  g_assert_cmpuint (ds->row_fields[3], ==, 5);
  g_assert_cmpstr (nl_dataset_cell (ds, 3, 0)->text, ==, "Charlie");
  nl_dataset_remove_row (ds, 2);
  g_assert_cmpuint (nl_dataset_insert_row (ds, 0), ==, 0);
  g_assert_cmpuint (ds->row_fields[0], ==, 0);
  g_assert_cmpuint (ds->row_fields[3], ==, 5);
  g_assert_cmpstr (nl_dataset_cell (ds, 3, 0)->text, ==, "Charlie");
  nl_dataset_remove_row (ds, 1);
  g_assert_cmpuint (ds->row_fields[2], ==, 5);
  g_assert_cmpstr (nl_dataset_cell (ds, 2, 0)->text, ==, "Charlie");
  g_assert_cmpuint (ds->row_fields[1], ==, 0);
  for (int i = 0; i < 20; i++)
    nl_dataset_append_row (ds);           /* grows the arrays */
  g_assert_cmpuint (ds->row_fields[2], ==, 5);
  g_assert_cmpuint (ds->row_fields[ds->n_rows - 1], ==, 0);

  copy = nl_dataset_copy (ds);
  g_assert_cmpuint (copy->row_fields[2], ==, 5);
  g_assert_false (nl_dataset_row_usable (copy, 2));
  nl_dataset_free (copy);

  /* Editing a cell of the row does not clear it. */
  nl_dataset_set_cell (ds, 2, 1, "151", NULL);
  g_assert_false (nl_dataset_row_usable (ds, 2));
  nl_dataset_free (ds);
}

static void
test_new (void)
{
  static const NlColumnKind two_labels[] = { NL_COLUMN_LABEL, NL_COLUMN_LABEL };
  static const char * const names[] = { "a", NULL, "" };
  NlError error;
  NlDataset *ds;

  nl_error_clear (&error);
  g_assert_null (nl_dataset_new (0, NULL, NULL, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);
  g_assert_null (nl_dataset_new (2, NULL, two_labels, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_INVALID);

  ds = nl_dataset_new (3, names, NULL, &error);
  g_assert_nonnull (ds);
  g_assert_cmpstr (ds->columns[0].name, ==, "a");
  g_assert_cmpstr (ds->columns[1].name, ==, "Column 2");
  g_assert_cmpstr (ds->columns[2].name, ==, "Column 3");
  g_assert_cmpint (ds->label_column, ==, -1);
  g_assert_cmpuint (ds->n_rows, ==, 0);
  nl_dataset_free (ds);
}

/* Whether any cell of the table is judged implausible. */
static gboolean
any_implausible (const NlDataset *ds)
{
  for (size_t r = 0; r < ds->n_rows; r++)
    for (size_t c = 0; c < ds->n_columns; c++)
      if (nl_dataset_cell_plausibility (ds, r, c, NULL, NULL) != NL_PLAUSIBLE)
        return TRUE;
  return FALSE;
}

static void
test_plausibility (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlMatrix m;
  NlError error;
  double low, high;

  /* The tutorial's own rows are all plausible. */
  g_assert_false (any_implausible (ds));

  /* Charlie's 152 typed as 153152: far outside 120-160, and still used. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 1, "153152", &error), ==, NL_OK);
  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 2, 1, &low, &high), ==, NL_IMPLAUSIBLE_FAR);
  g_assert_cmpfloat (low, ==, 120.0);
  g_assert_cmpfloat (high, ==, 160.0);
  /* The others stay plausible: one slip does not make the rest suspect. */
  for (size_t r = 0; r < ds->n_rows; r++)
    if (r != 2)
      g_assert_cmpint (nl_dataset_cell_plausibility (ds, r, 1, NULL, NULL), ==, NL_PLAUSIBLE);
  g_assert_true (nl_dataset_row_usable (ds, 2));
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, &error), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 4);
  nl_matrix_clear (&m);

  /* A heavier person than the others is no slip. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 1, "250", &error), ==, NL_OK);
  g_assert_false (any_implausible (ds));

  /* A minus sign too many, where every other weight is positive. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 1, "-152", &error), ==, NL_OK);
  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 2, 1, NULL, NULL), !=, NL_PLAUSIBLE);
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 1, "152", &error), ==, NL_OK);
  g_assert_false (any_implausible (ds));

  /* Heights: 7 for 70. */
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 2, "7", &error), ==, NL_OK);
  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 2, 2, &low, &high), ==, NL_IMPLAUSIBLE_FAR);
  g_assert_cmpfloat (low, ==, 60.0);
  g_assert_cmpfloat (high, ==, 72.0);
  g_assert_true (nl_dataset_row_usable (ds, 2));

  /* With two other rows there is too little to judge against. */
  nl_dataset_remove_row (ds, 0);
  g_assert_cmpuint (ds->n_rows, ==, 3);
  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 1, 2, &low, &high), ==, NL_PLAUSIBLE);
  g_assert_true (isnan (low) && isnan (high));

  /* Text and label cells are not judged. */
  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 0, 0, NULL, NULL), ==, NL_PLAUSIBLE);
  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 0, 3, NULL, NULL), ==, NL_PLAUSIBLE);
  nl_dataset_free (ds);
}

/* The sign rule on its own: -1 is near 1..100 by spread, but negative. */
static void
test_plausibility_sign (void)
{
  static const char * const names[] = { "x" };
  static const NlColumnKind kinds[] = { NL_COLUMN_NUMERIC };
  static const char * const cells[] = { "1", "50", "100", "-1" };
  NlDataset *ds = make_table (names, kinds, 1, cells, 4);
  NlColumnSpread spread;

  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 3, 0, NULL, NULL), ==, NL_IMPLAUSIBLE_NEGATIVE);
  /* The judgement a model makes with one spread for the whole column. */
  nl_dataset_column_spread (ds, 0, &spread);
  g_assert_cmpuint (spread.n, ==, 4);
  g_assert_cmpint (nl_column_spread_judge (&spread, -1.0, NULL, NULL), ==, NL_IMPLAUSIBLE_NEGATIVE);
  g_assert_cmpint (nl_column_spread_judge (&spread, 50.0, NULL, NULL), ==, NL_PLAUSIBLE);
  /* Equal values: the spread is a tenth of the value. */
  nl_dataset_set_cell (ds, 0, 0, "100", NULL);
  nl_dataset_set_cell (ds, 1, 0, "100", NULL);
  nl_dataset_set_cell (ds, 3, 0, "100", NULL);
  g_assert_false (any_implausible (ds));
  nl_dataset_set_cell (ds, 3, 0, "1000", NULL);
  g_assert_cmpint (nl_dataset_cell_plausibility (ds, 3, 0, NULL, NULL), ==, NL_IMPLAUSIBLE_FAR);
  nl_dataset_free (ds);
}

/* Two hundred ordinary people, drawn from normal distributions around the
 * tutorial's averages: not one warning. */
static void
test_plausibility_ordinary (void)
{
  static const char * const names[] = { "Weight (lb)", "Height (in)" };
  static const NlColumnKind kinds[] = { NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC };
  static const double mean[] = { 150.0, 66.0 };
  static const double sd[] = { 25.0, 4.0 };
  NlError error;
  NlDataset *ds = nl_dataset_new (2, names, kinds, &error);
  GRand *rand = g_rand_new_with_seed (2026);

  g_assert_nonnull (ds);
  for (guint r = 0; r < 200; r++)
    {
      size_t row = nl_dataset_append_row (ds);

      for (size_t c = 0; c < 2; c++)
        {
          /* Box-Muller. */
          double u = g_rand_double_range (rand, 1e-12, 1.0);
          double v = g_rand_double (rand);
          char text[32];

          g_snprintf (text, sizeof text, "%.0f",
                      mean[c] + sd[c] * sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v));
          g_assert_cmpint (nl_dataset_set_cell (ds, row, c, text, &error), ==, NL_OK);
        }
    }
  g_assert_false (any_implausible (ds));
  g_rand_free (rand);
  nl_dataset_free (ds);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dataset/tutorial", test_tutorial);
  g_test_add_func ("/core/dataset/new", test_new);
  g_test_add_func ("/core/dataset/normalize/standardize", test_standardize);
  g_test_add_func ("/core/dataset/normalize/constant", test_standardize_constant);
  g_test_add_func ("/core/dataset/normalize/names", test_normalize_names);
  g_test_add_func ("/core/dataset/parse-number", test_parse_number);
  g_test_add_func ("/core/dataset/set-cell", test_set_cell);
  g_test_add_func ("/core/dataset/label/classes", test_label_classes);
  g_test_add_func ("/core/dataset/label/pairs", test_label_pairs);
  g_test_add_func ("/core/dataset/label/set-column", test_set_label_column);
  g_test_add_func ("/core/dataset/matrix", test_matrix_and_trainable);
  g_test_add_func ("/core/dataset/rows-and-copy", test_rows_and_copy);
  g_test_add_func ("/core/dataset/missing-marks", test_missing_marks);
  g_test_add_func ("/core/dataset/row-marks", test_row_marks);
  g_test_add_func ("/core/dataset/plausibility", test_plausibility);
  g_test_add_func ("/core/dataset/plausibility/sign", test_plausibility_sign);
  g_test_add_func ("/core/dataset/plausibility/ordinary", test_plausibility_ordinary);

  return g_test_run ();
}
