/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: reading and writing datasets as CSV: quoting, line ends, the
 * byte order mark, locales, kind and label inference, problems and errors by
 * line and column, and round trips. */
#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "nl-csv.h"

static const char tutorial_csv[] =
  "Name,Weight (lb),Height (in),Gender\n"
  "Alice,133,65,F\n"
  "Bob,160,72,M\n"
  "Charlie,152,70,M\n"
  "Diana,120,60,F\n";

static NlDataset *
read_ok (const char *text)
{
  NlError error;
  NlDataset *ds;

  nl_error_clear (&error);
  ds = nl_csv_read_buffer (text, strlen (text), &error);
  if (ds == NULL)
    g_error ("reading failed: %s", error.message);
  return ds;
}

/* Literals may hold NUL bytes, so their length comes from sizeof. */
#define READ_FAILS(literal) read_fails (literal, sizeof literal - 1)

static NlError
read_fails (const char *text,
            size_t      length)
{
  NlError error;

  nl_error_clear (&error);
  g_assert_null (nl_csv_read_buffer (text, length, &error));
  g_assert_cmpstr (error.message, !=, "");
  return error;
}

static const char *
text_at (const NlDataset *ds,
         size_t           row,
         size_t           column)
{
  return nl_dataset_cell (ds, row, column)->text;
}

/* The problem reported for (line, column), or NULL. */
static const NlProblem *
find_problem (const NlDataset *ds,
              size_t           line,
              size_t           column)
{
  for (size_t i = 0; i < ds->n_problems; i++)
    if (ds->problems[i].line == line && ds->problems[i].column == column)
      return &ds->problems[i];
  return NULL;
}

/* The problem reported for (line, column); fails the test when there is none. */
static const NlProblem *
problem_at (const NlDataset *ds,
            size_t           line,
            size_t           column)
{
  const NlProblem *p = find_problem (ds, line, column);

  if (p == NULL)
    g_error ("no problem reported at line %zu, column %zu", line, column);
  return p;
}

static void
test_tutorial (void)
{
  NlDataset *ds = read_ok (tutorial_csv);
  NlMatrix m;

  g_assert_cmpuint (ds->n_columns, ==, 4);
  g_assert_cmpuint (ds->n_rows, ==, 4);
  g_assert_cmpuint (ds->n_problems, ==, 0);
  g_assert_cmpstr (ds->columns[1].name, ==, "Weight (lb)");
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_TEXT);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_true (ds->columns[1].is_input);
  g_assert_cmpint (ds->columns[2].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->label_column, ==, 3);
  g_assert_cmpstr (ds->columns[3].classes[1], ==, "F");
  g_assert_cmpstr (ds->columns[3].classes[0], ==, "M");
  g_assert_cmpuint (ds->row_line[0], ==, 2);
  g_assert_cmpuint (ds->row_line[3], ==, 5);
  g_assert_cmpfloat (nl_dataset_cell (ds, 2, 1)->value, ==, 152.0);

  /* Imported data is standardised. */
  g_assert_cmpint (ds->columns[1].normalize, ==, NL_NORMALIZE_STANDARDIZE);
  g_assert_cmpfloat_with_epsilon (ds->columns[1].shift, 141.25, 1e-12);
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, NULL), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 4);
  g_assert_cmpfloat (m.y[0], ==, 1.0);
  g_assert_cmpfloat (m.y[1], ==, 0.0);
  nl_matrix_clear (&m);
  nl_dataset_free (ds);
}

static void
test_quoting (void)
{
  NlDataset *ds = read_ok ("Name,Note,Weight,Gender\n"
                           "\"Smith, John\",\"He said \"\"hi\"\"\",150,M\n"
                           "\"Two\nlines\",\"\",\"120\",F\n"
                           "Plain \"inner\" quote, \"spaced\" ,130,F\n"
                           "Eve,x,140,M\n");

  g_assert_cmpuint (ds->n_rows, ==, 4);
  g_assert_cmpstr (text_at (ds, 0, 0), ==, "Smith, John");
  g_assert_cmpstr (text_at (ds, 0, 1), ==, "He said \"hi\"");
  g_assert_cmpstr (text_at (ds, 1, 0), ==, "Two\nlines");
  g_assert_cmpstr (text_at (ds, 1, 1), ==, "");
  g_assert_cmpstr (text_at (ds, 1, 2), ==, "120");
  /* A quote inside an unquoted field is text; spaces around a quoted
   * field are dropped. */
  g_assert_cmpstr (text_at (ds, 2, 0), ==, "Plain \"inner\" quote");
  g_assert_cmpstr (text_at (ds, 2, 1), ==, "spaced");
  /* The row after a multi-line field starts on its own line. */
  g_assert_cmpuint (ds->row_line[1], ==, 3);
  g_assert_cmpuint (ds->row_line[2], ==, 5);
  g_assert_cmpuint (ds->row_line[3], ==, 6);
  g_assert_cmpint (ds->columns[2].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpuint (ds->n_problems, ==, 0);
  nl_dataset_free (ds);

  /* Text after a closing quote is kept and reported. */
  ds = read_ok ("a,b\n\"12\" inch,1\n");
  g_assert_cmpstr (text_at (ds, 0, 0), ==, "12 inch");
  g_assert_nonnull (find_problem (ds, 2, 1));
  nl_dataset_free (ds);
}

static void
test_line_ends (void)
{
  NlDataset *ds = read_ok ("Name,Weight (lb),Height (in),Gender\r\n"
                           "Alice,133,65,F\r\n"
                           "\"Bob\r\nJr\",160,72,M\r\n"
                           "\r\n"
                           "Charlie,152,70,M\r"
                           "Diana,120,60,F");

  g_assert_cmpuint (ds->n_rows, ==, 4);
  g_assert_cmpstr (ds->columns[3].name, ==, "Gender");
  g_assert_cmpstr (text_at (ds, 0, 3), ==, "F");
  g_assert_cmpstr (text_at (ds, 1, 0), ==, "Bob\nJr");
  g_assert_cmpstr (text_at (ds, 3, 0), ==, "Diana");
  g_assert_cmpstr (text_at (ds, 3, 3), ==, "F");
  g_assert_cmpuint (ds->row_line[2], ==, 6);
  g_assert_cmpuint (ds->row_line[3], ==, 7);
  g_assert_cmpint (ds->label_column, ==, 3);
  g_assert_cmpuint (ds->n_problems, ==, 0);
  nl_dataset_free (ds);
}

static void
test_bom (void)
{
  g_autofree char *text = g_strconcat ("\xef\xbb\xbf", tutorial_csv, NULL);
  NlDataset *ds = read_ok (text);

  g_assert_cmpstr (ds->columns[0].name, ==, "Name");
  g_assert_cmpuint (ds->n_rows, ==, 4);
  nl_dataset_free (ds);
}

static void
test_locale (void)
{
  static const char * const locales[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8", "ru_RU.UTF-8",
  };
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  const char *found = NULL;
  NlDataset *ds;

  for (size_t i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    if (setlocale (LC_ALL, locales[i]) != NULL)
      found = locales[i];
  if (found == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed (de_DE.UTF-8, fr_FR.UTF-8...)");
      return;
    }
  /* Make sure the locale really uses a comma, or the test proves nothing. */
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");

  ds = read_ok ("x,y,label\n1.5,2.25,a\n\"1,5\",-0.125e1,b\n3,4,a\n");
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 0)->value, ==, 1.5);
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 1)->value, ==, 2.25);
  g_assert_cmpfloat (nl_dataset_cell (ds, 1, 1)->value, ==, -1.25);
  /* The locale's own decimal comma is not a number in a CSV file. */
  g_assert_cmpint (nl_dataset_cell (ds, 1, 0)->state, ==, NL_CELL_INVALID);
  g_assert_nonnull (find_problem (ds, 3, 1));
  nl_dataset_free (ds);

  /* Writing does not reformat numbers in the locale's way either. */
  ds = nl_dataset_new_tutorial ();
  nl_dataset_set_cell (ds, 0, 1, "133.25", NULL);
  {
    char *text = nl_csv_write_buffer (ds, NULL);

    g_assert_nonnull (strstr (text, "Alice,133.25,65,Female\n"));
    free (text);
  }
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 1)->value, ==, 133.25);
  g_assert_cmpfloat (nl_dataset_normalize (ds, 1, 133.25), ==, -1.75);
  nl_dataset_free (ds);

  setlocale (LC_ALL, saved);
}

static void
test_numbers (void)
{
  NlDataset *ds = read_ok ("x,label\n"
                           "  12 ,a\n"      /* line 2 */
                           "nan,b\n"        /* line 3 */
                           "inf,a\n"
                           "0x1p3,b\n"
                           "1e3,a\n"
                           "-.5,b\n"
                           "7,a\n");

  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 0)->value, ==, 12.0);
  g_assert_cmpstr (text_at (ds, 0, 0), ==, "  12 ");
  for (size_t row = 1; row <= 3; row++)
    g_assert_nonnull (find_problem (ds, row + 2, 1));
  /* "nan" marks a missing value; "inf" and hexadecimal are not numbers. */
  g_assert_cmpint (nl_dataset_cell (ds, 1, 0)->state, ==, NL_CELL_MISSING);
  g_assert_nonnull (strstr (problem_at (ds, 3, 1)->message, "missing"));
  g_assert_cmpint (nl_dataset_cell (ds, 2, 0)->state, ==, NL_CELL_INVALID);
  g_assert_cmpint (nl_dataset_cell (ds, 3, 0)->state, ==, NL_CELL_INVALID);
  g_assert_nonnull (strstr (problem_at (ds, 4, 1)->message, "\"inf\" is not a number"));
  g_assert_cmpfloat (nl_dataset_cell (ds, 4, 0)->value, ==, 1000.0);
  g_assert_cmpfloat (nl_dataset_cell (ds, 5, 0)->value, ==, -0.5);
  g_assert_cmpuint (ds->n_problems, ==, 3);
  nl_dataset_free (ds);
}

static void
test_missing (void)
{
  NlDataset *ds = read_ok ("Name,Weight (lb),Height (in),Gender\n"
                           "Alice,133,65,F\n"
                           "Bob,,72,M\n"
                           "Charlie,abc,70,M\n"
                           "Diana,120,60,\n"
                           "Eve,110,58,F\n");
  const NlProblem *p;
  NlMatrix m;

  /* Rows stay in the table but out of training. */
  g_assert_cmpuint (ds->n_rows, ==, 5);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->label_column, ==, 3);
  g_assert_cmpuint (ds->n_problems, ==, 3);

  p = problem_at (ds, 3, 2);
  g_assert_nonnull (strstr (p->message, "Weight (lb)"));
  g_assert_nonnull (strstr (p->message, "missing"));
  g_assert_cmpint (nl_dataset_cell (ds, 1, 1)->state, ==, NL_CELL_MISSING);

  p = problem_at (ds, 4, 2);
  g_assert_cmpstr (p->message, ==, "Line 4, column 2 (Weight (lb)): \"abc\" is not a number");
  g_assert_cmpint (nl_dataset_cell (ds, 2, 1)->state, ==, NL_CELL_INVALID);
  g_assert_cmpstr (text_at (ds, 2, 1), ==, "abc");

  p = problem_at (ds, 5, 4);
  g_assert_nonnull (strstr (p->message, "Gender"));

  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, NULL), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 2);
  g_assert_cmpuint (m.n_skipped, ==, 3);
  g_assert_cmpuint (m.source_row[0], ==, 0);
  g_assert_cmpuint (m.source_row[1], ==, 4);
  nl_matrix_clear (&m);
  nl_dataset_free (ds);
}

static void
test_field_count (void)
{
  NlDataset *ds = read_ok ("Name,Weight,Height,Gender\n"
                           "Alice,133,65,F\n"
                           "Bob,160\n"                /* too few */
                           "Smith, John,150,70,M\n"  /* too many */
                           "Diana,120,60,F\n"
                           "Carl,150,70,M\n");
  const NlProblem *p;

  g_assert_cmpuint (ds->n_rows, ==, 5);

  /* Too few: one problem for the line, naming the first missing column;
   * the missing cells are empty and keep the row out of training. */
  p = problem_at (ds, 3, 3);
  g_assert_nonnull (strstr (p->message, "Line 3"));
  g_assert_null (find_problem (ds, 3, 4));
  g_assert_cmpstr (text_at (ds, 1, 2), ==, "");
  g_assert_cmpint (nl_dataset_cell (ds, 1, 2)->state, ==, NL_CELL_MISSING);
  g_assert_false (nl_dataset_row_usable (ds, 1));

  /* Too many: nothing is lost; the extra text lands in the last column.
   * The row is reported once, not cell by cell, and left out. */
  p = problem_at (ds, 4, 5);
  g_assert_cmpstr (p->message, ==, "Line 4 has 5 fields, the header 4; the extra text is kept "
                                   "in the last column");
  g_assert_cmpint (p->kind, ==, NL_PROBLEM_ROW);
  g_assert_cmpstr (text_at (ds, 2, 0), ==, "Smith");
  g_assert_cmpstr (text_at (ds, 2, 1), ==, " John");
  g_assert_cmpstr (text_at (ds, 2, 3), ==, "70,M");
  g_assert_null (find_problem (ds, 4, 2));
  g_assert_cmpuint (ds->row_fields[2], ==, 5);
  g_assert_cmpuint (ds->row_fields[1], ==, 2);
  g_assert_cmpuint (ds->row_fields[0], ==, 0);
  g_assert_false (nl_dataset_row_usable (ds, 2));

  g_assert_true (nl_dataset_row_usable (ds, 0));
  g_assert_true (nl_dataset_row_usable (ds, 3));
  nl_dataset_free (ds);
}

/* The notes (NL_PROBLEM_NOTE) the reader made, one per line, in order. */
static char *
notes_of (const NlDataset *ds)
{
  GString *s = g_string_new (NULL);

  for (size_t i = 0; i < ds->n_problems; i++)
    if (ds->problems[i].kind == NL_PROBLEM_NOTE)
      g_string_append_printf (s, "%s\n", ds->problems[i].message);
  return g_string_free (s, FALSE);
}

static size_t
count_row_problems (const NlDataset *ds)
{
  size_t n = 0;

  for (size_t i = 0; i < ds->n_problems; i++)
    n += ds->problems[i].kind == NL_PROBLEM_ROW;
  return n;
}

/* Palmer penguins: "NA" (and its cousins) are missing values in a numeric
 * column and in the label; the label keeps its two classes. */
static void
test_missing_marks (void)
{
  NlDataset *ds = read_ok ("species,bill_length_mm,body_mass_g,sex\n"
                           "Adelie,39.1,3750,MALE\n"       /* line 2 */
                           "Adelie,NA,NA,NA\n"              /* line 3 */
                           "Adelie,40.3,3250,FEMALE\n"
                           "Gentoo,46.1, na ,FEMALE\n"      /* line 5 */
                           "Gentoo,?,5700,N/A\n"            /* line 6 */
                           "Chinstrap,50,3900,Null\n"       /* line 7 */
                           "Chinstrap,49,NaN,MALE\n");      /* line 8 */
  const NlColumn *sex;
  NlMatrix m;

  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->columns[2].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->label_column, ==, 3);
  sex = &ds->columns[3];
  g_assert_cmpstr (sex->classes[0], ==, "MALE");
  g_assert_cmpstr (sex->classes[1], ==, "FEMALE");

  /* Missing, kept as typed, reported by line and column. */
  g_assert_cmpint (nl_dataset_cell (ds, 1, 3)->state, ==, NL_CELL_MISSING);
  g_assert_cmpstr (text_at (ds, 1, 3), ==, "NA");
  g_assert_cmpint (nl_dataset_cell (ds, 3, 2)->state, ==, NL_CELL_MISSING);
  g_assert_cmpstr (text_at (ds, 3, 2), ==, " na ");
  g_assert_cmpint (nl_dataset_cell (ds, 4, 1)->state, ==, NL_CELL_MISSING);
  g_assert_cmpint (nl_dataset_cell (ds, 4, 3)->state, ==, NL_CELL_MISSING);
  g_assert_cmpint (nl_dataset_cell (ds, 5, 3)->state, ==, NL_CELL_MISSING);
  g_assert_cmpint (nl_dataset_cell (ds, 6, 2)->state, ==, NL_CELL_MISSING);
  g_assert_cmpstr (problem_at (ds, 3, 4)->message, ==,
                   "Line 3, column 4 (sex): the value is missing");
  g_assert_nonnull (strstr (problem_at (ds, 6, 2)->message, "missing"));
  g_assert_nonnull (strstr (problem_at (ds, 8, 3)->message, "missing"));

  /* Left out of training, never guessed. */
  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, NULL), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 2);
  g_assert_cmpuint (m.source_row[0], ==, 0);
  g_assert_cmpuint (m.source_row[1], ==, 2);
  nl_matrix_clear (&m);
  nl_dataset_free (ds);

  /* A missing value is not a class: a label of one class and a few "NA"
   * keeps its free place for the second class, even when one is typed. */
  ds = read_ok ("x,y\n1,yes\n2,NA\n3,yes\n");
  g_assert_cmpint (nl_dataset_set_label_column (ds, 1, NULL), ==, NL_OK);
  g_assert_cmpstr (ds->columns[1].classes[1], ==, "yes");
  g_assert_null (ds->columns[1].classes[0]);
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 1, " n/a ", NULL), ==, NL_OK);
  g_assert_null (ds->columns[1].classes[0]);
  g_assert_cmpint (nl_dataset_cell (ds, 2, 1)->state, ==, NL_CELL_MISSING);
  g_assert_cmpint (nl_dataset_set_cell (ds, 2, 1, "no", NULL), ==, NL_OK);
  g_assert_cmpstr (ds->columns[1].classes[0], ==, "no");
  nl_dataset_free (ds);
}

/* A line of the wrong length is kept but left out of training, and its text
 * does not spoil a column: the label stays a label, a column of numbers
 * numeric. */
static void
test_wrong_length (void)
{
  NlDataset *ds = read_ok ("Name,Weight,Height,Gender\n"
                           "Alice,133,65,F\n"
                           "Bob,160,72,M\n"
                           "Smith, John,150,70,M\n"   /* line 4: five fields */
                           "Diana,120,60,F\n"
                           "Carl,abc\n");             /* line 6: two */
  const NlProblem *p;
  NlMatrix m;

  g_assert_cmpuint (ds->n_rows, ==, 5);
  g_assert_cmpint (ds->label_column, ==, 3);
  g_assert_cmpstr (ds->columns[3].classes[0], ==, "M");
  g_assert_cmpstr (ds->columns[3].classes[1], ==, "F");
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpstr (text_at (ds, 2, 3), ==, "70,M");
  p = problem_at (ds, 4, 5);
  g_assert_cmpint (p->kind, ==, NL_PROBLEM_ROW);
  g_assert_nonnull (strstr (p->message, "Line 4 has 5 fields, the header 4"));
  p = problem_at (ds, 6, 3);
  g_assert_nonnull (strstr (p->message, "Line 6 has 2 fields, the header 4"));
  /* Reported once: not "abc" again. */
  g_assert_null (find_problem (ds, 6, 2));
  g_assert_cmpuint (ds->row_fields[2], ==, 5);
  g_assert_cmpuint (ds->row_fields[4], ==, 2);

  g_assert_cmpint (nl_dataset_to_matrix (ds, &m, NULL), ==, NL_OK);
  g_assert_cmpuint (m.n_rows, ==, 3);
  g_assert_cmpuint (m.n_skipped, ==, 2);
  for (size_t i = 0; i < m.n_rows; i++)
    g_assert_cmpuint (m.source_row[i], !=, 2);
  nl_matrix_clear (&m);

  /* Even when every cell fits its column, the row stays out. */
  nl_dataset_set_cell (ds, 2, 1, "150", NULL);
  nl_dataset_set_cell (ds, 2, 2, "70", NULL);
  nl_dataset_set_cell (ds, 2, 3, "M", NULL);
  for (size_t c = 1; c < 4; c++)
    g_assert_cmpint (nl_dataset_cell (ds, 2, c)->state, ==, NL_CELL_OK);
  g_assert_false (nl_dataset_row_usable (ds, 2));

  /* Written and read back, the rows are marked again. */
  {
    char *text = nl_csv_write_buffer (ds, NULL);
    NlDataset *again = read_ok (text);

    g_assert_nonnull (strstr (text, "\nCarl,abc\n"));
    g_assert_cmpuint (again->row_fields[4], ==, 2);
    g_assert_cmpint (again->label_column, ==, 3);
    free (text);
    nl_dataset_free (again);
  }
  nl_dataset_free (ds);
}

/* A separator at the end of every line is not an empty column. */
static void
test_trailing_separator (void)
{
  static const char * const files[] = {
    "Weight,Height,Gender\n133,65,F,\n160,72,M,\n152,70,M,\n120,60,F,\n",
    "Weight,Height,Gender,\n133,65,F,\n160,72,M,\n152,70,M,\n120,60,F,\n",
    "Weight,Height,Gender,\r\n133,65,F\r\n160,72,M\r\n152,70,M\r\n120,60,F\r\n",
  };

  for (size_t i = 0; i < G_N_ELEMENTS (files); i++)
    {
      NlDataset *ds = read_ok (files[i]);
      g_autofree char *notes = notes_of (ds);

      g_assert_cmpuint (ds->n_columns, ==, 3);
      g_assert_cmpint (ds->label_column, ==, 2);
      g_assert_cmpstr (ds->columns[2].classes[0], ==, "M");
      g_assert_cmpstr (ds->columns[2].classes[1], ==, "F");
      g_assert_cmpuint (count_row_problems (ds), ==, 0);
      for (size_t row = 0; row < ds->n_rows; row++)
        g_assert_true (nl_dataset_row_usable (ds, row));
      g_assert_cmpstr (notes, ==,
                       i < 2 ? "Every line ends with a separator; the empty last field is ignored\n"
                             : "The header ends with a separator; the empty last name is ignored\n");
      nl_dataset_free (ds);
    }

  /* A last column that is empty in every row but named stays a column. */
  {
    NlDataset *ds = read_ok ("a,b,note\n1,x,\n2,y,\n");

    g_assert_cmpuint (ds->n_columns, ==, 3);
    g_assert_cmpuint (count_row_problems (ds), ==, 0);
    g_assert_cmpuint (ds->n_problems, ==, 0);
    nl_dataset_free (ds);
  }
  /* Only some lines end with a separator: those are a field too long. */
  {
    NlDataset *ds = read_ok ("a,b\n1,x,\n2,y\n3,x\n");

    g_assert_cmpuint (ds->n_columns, ==, 2);
    g_assert_cmpuint (ds->row_fields[0], ==, 3);
    g_assert_false (nl_dataset_row_usable (ds, 0));
    nl_dataset_free (ds);
  }
}

/* A first line of numbers is data; the columns get names. */
static void
test_no_header (void)
{
  NlDataset *ds = read_ok ("1.5,2,0\n3,4,1\n5,NA,1\n7,8,0\n");
  g_autofree char *notes = notes_of (ds);

  g_assert_cmpuint (ds->n_columns, ==, 3);
  g_assert_cmpuint (ds->n_rows, ==, 4);
  g_assert_cmpstr (ds->columns[0].name, ==, "Column 1");
  g_assert_cmpstr (ds->columns[2].name, ==, "Column 3");
  g_assert_cmpstr (text_at (ds, 0, 0), ==, "1.5");
  g_assert_cmpuint (ds->row_line[0], ==, 1);
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->label_column, ==, 2);
  g_assert_cmpstr (notes, ==, "No header row: the columns are named Column 1 to Column 3\n");
  /* The notes come first, then the rows' problems. */
  g_assert_cmpint (ds->problems[0].kind, ==, NL_PROBLEM_NOTE);
  g_assert_nonnull (problem_at (ds, 3, 2));
  nl_dataset_free (ds);

  /* With a separator at the end of every line too. */
  ds = read_ok ("1,2,\n3,4,\n");
  g_assert_cmpuint (ds->n_columns, ==, 2);
  g_assert_cmpuint (ds->n_rows, ==, 2);
  nl_dataset_free (ds);

  /* One word in the first line makes it a header. */
  ds = read_ok ("1,2,x\n3,4,5\n");
  g_assert_cmpstr (ds->columns[2].name, ==, "x");
  g_assert_cmpuint (ds->n_rows, ==, 1);
  nl_dataset_free (ds);
}

/* A German spreadsheet's export: semicolons and decimal commas. */
static void
test_decimal_comma (void)
{
  NlDataset *ds = read_ok ("Gewicht;Größe;Name;Geschlecht\r\n"
                           "133,5;65;Müller, Anna;F\r\n"
                           "160;72,25;Bob;M\r\n"
                           "152;NA;Carl;M\r\n");
  g_autofree char *notes = notes_of (ds);
  char *text;

  g_assert_cmpuint (ds->n_columns, ==, 4);
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 0)->value, ==, 133.5);
  g_assert_cmpfloat (nl_dataset_cell (ds, 1, 1)->value, ==, 72.25);
  g_assert_cmpint (nl_dataset_cell (ds, 2, 1)->state, ==, NL_CELL_MISSING);
  /* Text keeps its commas. */
  g_assert_cmpint (ds->columns[2].kind, ==, NL_COLUMN_TEXT);
  g_assert_cmpstr (text_at (ds, 0, 2), ==, "Müller, Anna");
  g_assert_cmpint (ds->label_column, ==, 3);
  g_assert_cmpstr (notes, ==, "Separated by semicolons, with decimal commas\n");

  /* Written in the files' one way: commas between, points in numbers. */
  text = nl_csv_write_buffer (ds, NULL);
  g_assert_nonnull (strstr (text, "Gewicht,Größe,Name,Geschlecht\n133.5,65,\"Müller, Anna\",F\n"));
  free (text);
  nl_dataset_free (ds);

  /* Without decimal commas the note says only the separator; in a file
   * separated by commas, "1,5" quoted is not a number. */
  ds = read_ok ("a\tb\n1.5\tx\n2\ty\n");
  g_free (notes);
  notes = notes_of (ds);
  g_assert_cmpstr (notes, ==, "Separated by tabs\n");
  nl_dataset_free (ds);
  ds = read_ok ("a,b\n\"1,5\",x\n2,y\n3,x\n");
  g_assert_cmpint (nl_dataset_cell (ds, 0, 0)->state, ==, NL_CELL_INVALID);
  nl_dataset_free (ds);

  /* The separator the header holds most often wins over a comma in a name. */
  ds = read_ok ("Gewicht (kg, netto);Größe;Geschlecht\n70,5;180;M\n60;170;F\n");
  g_assert_cmpuint (ds->n_columns, ==, 3);
  g_assert_cmpstr (ds->columns[0].name, ==, "Gewicht (kg, netto)");
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 0)->value, ==, 70.5);
  nl_dataset_free (ds);
}

static void
test_empty (void)
{
  NlError error;
  NlDataset *ds;

  error = READ_FAILS ("");
  g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
  g_assert_nonnull (strstr (error.message, "empty"));
  g_assert_cmpuint (error.line, ==, 1);
  g_assert_cmpuint (error.column, ==, 1);

  error = READ_FAILS ("\xef\xbb\xbf");
  g_assert_nonnull (strstr (error.message, "empty"));
  error = READ_FAILS ("\n  \r\n\n");
  g_assert_nonnull (strstr (error.message, "empty"));

  /* A header alone is a valid, empty table. */
  ds = read_ok ("Name,Weight,Gender\n");
  g_assert_cmpuint (ds->n_columns, ==, 3);
  g_assert_cmpuint (ds->n_rows, ==, 0);
  g_assert_cmpint (ds->label_column, ==, -1);
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), !=, NL_OK);
  nl_dataset_free (ds);

  /* Blank lines before the header and between rows are skipped. */
  ds = read_ok ("\n\nx,y\n1,a\n\n   \n2,b\n\n");
  g_assert_cmpuint (ds->n_rows, ==, 2);
  g_assert_cmpuint (ds->row_line[0], ==, 4);
  g_assert_cmpuint (ds->row_line[1], ==, 7);
  nl_dataset_free (ds);
}

static void
test_binary (void)
{
  static const char nul[] = "a,b\n1,2\n3,\0\0\0\n";
  static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0";
  NlError error;

  error = READ_FAILS (nul);
  g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
  g_assert_nonnull (strstr (error.message, "does not look like a CSV file"));
  g_assert_nonnull (strstr (error.message, "line 3, column 2"));
  g_assert_cmpuint (error.line, ==, 3);
  g_assert_cmpuint (error.column, ==, 2);

  error = READ_FAILS (elf);
  g_assert_cmpuint (error.line, ==, 1);
  g_assert_cmpuint (error.column, ==, 1);

  /* Invalid UTF-8 (Latin-1 é), an overlong form, a surrogate, control bytes. */
  error = READ_FAILS ("name,x\nRen\xe9,1\n");
  g_assert_cmpuint (error.line, ==, 2);
  g_assert_cmpuint (error.column, ==, 1);
  error = READ_FAILS ("a,b\n1,\xc0\xaf\n");
  g_assert_cmpuint (error.column, ==, 2);
  error = READ_FAILS ("a,\"b\n\xed\xa0\x80\"\n");
  g_assert_cmpuint (error.line, ==, 2);
  g_assert_cmpuint (error.column, ==, 2);
  error = READ_FAILS ("a,b\n1,2\x01\n");
  g_assert_cmpuint (error.line, ==, 2);

  /* Valid UTF-8 of every length is fine. */
  nl_dataset_free (read_ok ("Näme,€,𝔁\nRené,1,2\n"));
}

static void
test_unterminated_quote (void)
{
  NlError error = READ_FAILS ("a,b,c\n1,2,3\n4,\"open\n5,6,7\n8,9,10\n");

  g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
  g_assert_cmpuint (error.line, ==, 3);
  g_assert_cmpuint (error.column, ==, 2);
  g_assert_nonnull (strstr (error.message, "Line 3"));
  g_assert_nonnull (strstr (error.message, "never closed"));
}

static void
test_header_names (void)
{
  NlDataset *ds = read_ok (" Weight , ,Weight,Column 2,\"\"\n1,2,3,4,5\n");

  g_assert_cmpuint (ds->n_columns, ==, 5);
  g_assert_cmpstr (ds->columns[0].name, ==, "Weight");
  /* "Column 2" is taken by column 4, so the empty second name gets another. */
  g_assert_cmpstr (ds->columns[1].name, !=, "Column 2");
  g_assert_cmpstr (ds->columns[1].name, !=, "");
  g_assert_cmpstr (ds->columns[2].name, ==, "Weight (2)");
  g_assert_cmpstr (ds->columns[3].name, ==, "Column 2");
  g_assert_cmpstr (ds->columns[4].name, ==, "Column 5");
  g_assert_nonnull (find_problem (ds, 1, 2));
  g_assert_nonnull (find_problem (ds, 1, 3));
  g_assert_nonnull (find_problem (ds, 1, 5));
  for (size_t i = 0; i < ds->n_columns; i++)
    for (size_t j = i + 1; j < ds->n_columns; j++)
      g_assert_cmpstr (ds->columns[i].name, !=, ds->columns[j].name);
  nl_dataset_free (ds);
}

static void
check_label (const char *a,
             const char *b,
             const char *positive)
{
  g_autofree char *text = g_strdup_printf ("w,h,label\n1,2,%s\n3,4,%s\n5,6,%s\n7,8,%s\n",
                                           a, b, b, a);
  NlDataset *ds = read_ok (text);
  const NlColumn *label;

  g_assert_cmpint (ds->label_column, ==, 2);
  label = &ds->columns[2];
  g_assert_cmpint (label->kind, ==, NL_COLUMN_LABEL);
  g_assert_false (label->is_input);
  g_assert_cmpstr (label->classes[1], ==, positive);
  for (size_t row = 0; row < 4; row++)
    g_assert_cmpfloat (nl_dataset_cell (ds, row, 2)->value, ==,
                       strcmp (text_at (ds, row, 2), positive) == 0);
  g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 2);
  g_assert_cmpint (nl_dataset_check_trainable (ds, NULL), ==, NL_OK);
  nl_dataset_free (ds);
}

static void
test_labels (void)
{
  check_label ("M", "F", "F");
  check_label ("Male", "Female", "Female");
  check_label ("female", "male", "female");
  check_label ("0", "1", "1");
  check_label ("no", "yes", "yes");
  check_label ("True", "False", "True");
  check_label ("n", "y", "y");
  /* Any other two values: the later one in strcmp order is positive. */
  check_label ("setosa", "versicolor", "versicolor");
  check_label ("spam", "ham", "spam");
}

static void
test_label_choice (void)
{
  NlDataset *ds;

  /* A non-numeric two-valued column wins over a 0/1 column, wherever it is. */
  ds = read_ok ("Sex,Smoker,Age\nM,1,30\nF,0,40\nF,1,50\n");
  g_assert_cmpint (ds->label_column, ==, 0);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_NUMERIC);
  g_assert_true (ds->columns[1].is_input);
  nl_dataset_free (ds);

  /* A known pair wins over other two-valued text; else the last one. */
  ds = read_ok ("Gender,Name,x\nF,Ann,1\nM,Bob,2\n");
  g_assert_cmpint (ds->label_column, ==, 0);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_TEXT);
  nl_dataset_free (ds);
  ds = read_ok ("a,b,x\np,r,1\nq,s,2\n");
  g_assert_cmpint (ds->label_column, ==, 1);
  nl_dataset_free (ds);

  /* With numbers only, the last 0/1 column is the label. */
  ds = read_ok ("a,b,c,d\n0,1,5,9\n1,0,6,9\n1,1,7,9\n");
  g_assert_cmpint (ds->label_column, ==, 1);
  g_assert_cmpstr (ds->columns[1].classes[1], ==, "1");
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_NUMERIC);
  nl_dataset_free (ds);

  /* Two different numbers that are not 0 and 1 are not a label. */
  ds = read_ok ("w,h\n133,65\n160,72\n");
  g_assert_cmpint (ds->label_column, ==, -1);
  g_assert_cmpuint (nl_dataset_n_inputs (ds), ==, 2);
  nl_dataset_free (ds);

  /* Three values, each on one row: names, not classes; no label. */
  ds = read_ok ("x,kind\n1,a\n2,b\n3,c\n");
  g_assert_cmpint (ds->label_column, ==, -1);
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_TEXT);
  nl_dataset_free (ds);

  /* Three species that repeat: a label of three classes, as Iris; the name
   * column, different in every row, stays text. */
  ds = read_ok ("name,petal,species\nf1,1.4,setosa\nf2,4.7,versicolor\nf3,6.0,virginica\n"
                "f4,1.3,setosa\nf5,4.5,versicolor\nf6,5.9,virginica\n");
  g_assert_cmpint (ds->label_column, ==, 2);
  g_assert_cmpuint (ds->columns[2].n_classes, ==, 3);
  g_assert_cmpstr (ds->columns[2].classes[0], ==, "setosa");
  g_assert_cmpstr (ds->columns[2].classes[2], ==, "virginica");
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_TEXT);
  nl_dataset_free (ds);

  /* A two-valued column still wins over many classes (penguins' sex over
   * their species, with NA missing in both). */
  ds = read_ok ("species,mass,sex\nAdelie,3750,MALE\nGentoo,5000,FEMALE\nChinstrap,3500,NA\n"
                "Adelie,3800,FEMALE\nGentoo,5100,MALE\nChinstrap,3600,MALE\nAdelie,NA,NA\n");
  g_assert_cmpint (ds->label_column, ==, 2);
  g_assert_cmpuint (ds->columns[2].n_classes, ==, 2);
  nl_dataset_free (ds);
}

static void
test_separator (void)
{
  NlDataset *ds = read_ok ("Name;Weight;Gender\r\nAlice;133.5;F\r\n\"Bob; Jr\";160;M\r\n");

  g_assert_cmpuint (ds->n_columns, ==, 3);
  g_assert_cmpstr (text_at (ds, 1, 0), ==, "Bob; Jr");
  g_assert_cmpfloat (nl_dataset_cell (ds, 0, 1)->value, ==, 133.5);
  g_assert_cmpint (ds->label_column, ==, 2);
  nl_dataset_free (ds);

  ds = read_ok ("a\tb\n1\t2\n");
  g_assert_cmpuint (ds->n_columns, ==, 2);
  nl_dataset_free (ds);

  /* A tab is a separator, not a space before a quote: the empty field
   * before a quoted one stays a field. */
  ds = read_ok ("a\tb\tc\n1\t\t\"x\"\n2\t\"y\" \t3\n");
  g_assert_cmpstr (text_at (ds, 0, 1), ==, "");
  g_assert_cmpstr (text_at (ds, 0, 2), ==, "x");
  g_assert_cmpstr (text_at (ds, 1, 1), ==, "y");
  g_assert_cmpstr (text_at (ds, 1, 2), ==, "3");
  g_assert_cmpuint (ds->row_fields[0], ==, 0);
  nl_dataset_free (ds);

  /* A single column has no separator at all. */
  ds = read_ok ("x\n1\n2\n");
  g_assert_cmpuint (ds->n_columns, ==, 1);
  g_assert_cmpuint (ds->n_rows, ==, 2);
  nl_dataset_free (ds);
}

static void
test_many_problems (void)
{
  GString *s = g_string_new ("x,label\n");
  NlDataset *ds;

  /* One bad number in three: the column is still numeric. */
  for (int i = 0; i < 4500; i++)
    g_string_append_printf (s, "%s,%c\n", i % 3 ? "1" : "bad", i % 2 ? 'a' : 'b');
  ds = read_ok (s->str);
  g_assert_cmpuint (ds->n_rows, ==, 4500);
  g_assert_cmpint (ds->columns[0].kind, ==, NL_COLUMN_NUMERIC);
  /* A bounded list, and a last entry saying how many more there were. */
  g_assert_cmpuint (ds->n_problems, ==, 1001);
  g_assert_cmpuint (ds->problems[0].line, ==, 2);
  g_assert_cmpuint (ds->problems[999].line, ==, 2 + 3 * 999);
  g_assert_nonnull (strstr (ds->problems[1000].message, "500 more"));
  nl_dataset_free (ds);
  g_string_free (s, TRUE);
}

static void
test_limits (void)
{
  GString *s = g_string_new (NULL);
  NlError error;

  /* Too many columns. */
  for (int i = 0; i < 5000; i++)
    g_string_append (s, i ? ",c" : "c");
  g_string_append (s, "\n1\n");
  nl_error_clear (&error);
  g_assert_null (nl_csv_read_buffer (s->str, s->len, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
  g_assert_cmpuint (error.line, ==, 1);

  /* A wide header followed by many one-field lines would make a table far
   * larger than the file: refused, naming the line where it stopped. */
  g_string_truncate (s, 0);
  for (int i = 0; i < 4000; i++)
    g_string_append (s, i ? ",c" : "c");
  g_string_append_c (s, '\n');
  for (int i = 0; i < 100000; i++)
    g_string_append (s, "x\n");
  g_assert_null (nl_csv_read_buffer (s->str, s->len, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_PARSE);
  g_assert_cmpuint (error.line, >, 2);
  g_assert_nonnull (strstr (error.message, "missing fields"));
  g_string_free (s, TRUE);
}

static void
assert_same_table (const NlDataset *a,
                   const NlDataset *b)
{
  g_assert_cmpuint (a->n_columns, ==, b->n_columns);
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpint (a->label_column, ==, b->label_column);
  for (size_t c = 0; c < a->n_columns; c++)
    {
      g_assert_cmpstr (a->columns[c].name, ==, b->columns[c].name);
      g_assert_cmpint (a->columns[c].kind, ==, b->columns[c].kind);
    }
  for (size_t r = 0; r < a->n_rows; r++)
    for (size_t c = 0; c < a->n_columns; c++)
      g_assert_cmpstr (text_at (a, r, c), ==, text_at (b, r, c));
}

static void
test_write (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlDataset *again;
  size_t length;
  char *text;

  static const char written[] =
    "Name,Weight (lb),Height (in),Gender\n"
    "Alice,133,65,Female\n"
    "Bob,160,72,Male\n"
    "Charlie,152,70,Male\n"
    "Diana,120,60,Female\n";

  /* The built-in table writes as a person would type it: a header, the
   * texts as they are, "\n" line ends, no quoting where none is needed. */
  text = nl_csv_write_buffer (ds, &length);
  g_assert_cmpstr (text, ==, written);
  g_assert_cmpuint (length, ==, strlen (written));
  again = read_ok (text);
  assert_same_table (ds, again);
  free (text);
  nl_dataset_free (again);

  /* Texts that need quoting; numbers as typed, not reformatted. */
  nl_dataset_set_cell (ds, 0, 0, "Smith, \"Al\"", NULL);
  nl_dataset_set_cell (ds, 1, 0, "two\nlines", NULL);
  nl_dataset_set_cell (ds, 2, 0, " padded ", NULL);
  nl_dataset_set_cell (ds, 3, 0, "", NULL);
  nl_dataset_set_cell (ds, 0, 1, "1.50e2", NULL);
  nl_dataset_set_cell (ds, 1, 1, "semi;colon", NULL);
  text = nl_csv_write_buffer (ds, &length);
  g_assert_cmpstr (text, ==,
                   "Name,Weight (lb),Height (in),Gender\n"
                   "\"Smith, \"\"Al\"\"\",1.50e2,65,Female\n"
                   "\"two\nlines\",\"semi;colon\",72,Male\n"
                   "\" padded \",152,70,Male\n"
                   ",120,60,Female\n");
  again = read_ok (text);
  assert_same_table (ds, again);
  free (text);
  nl_dataset_free (again);
  nl_dataset_free (ds);
}

static void
test_round_trip (void)
{
  static const char * const inputs[] = {
    "x\n\"\"\n\" \"\n1\n",                           /* one column, empty cells */
    "a;b\n\"x,y\";2\n3;\"q\"\"\"\n",                 /* read with ';', written with ',' */
    ("\xef\xbb\xbf" "a,b\r\n1,\"line\r\nbreak\"\r\n"),
    "n,v,l\nA,1,yes\nB,,no\nC,abc,yes\nD,4\nE,5,no,extra\n",
    /* A decimal comma file with a line too long and one too short. */
    "a;b;c\n1;x;M\n0,5;y;F;0,5\n2,5\n1;y;F\n",
    ";\n0;\n1,\n",                                  /* found by the fuzzer */
    /* Read with tabs, "0,0" is 0 with a decimal comma, written back "0.0": the
     * column is 0s and 1s either way, a label both times. */
    "a\tb\n1\t0.0\n2\t1\n3\t0,0\n",
    /* Found by the fuzzer: the same with ",0" and ".0" in a column of zeros,
     * lines too long and blank lines. */
    ("\n\n\n\n\n\n\n\n\n\n\n\t\n\n\t\t\x7f\n0\n\n,0\n\n\n\n\n\n\t\n\n"
     "\t\t\x7f\n0\n\n.0\n"),
  };

  for (size_t i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      NlDataset *ds = read_ok (inputs[i]);
      char *text = nl_csv_write_buffer (ds, NULL);
      NlDataset *again = read_ok (text);

      assert_same_table (ds, again);
      nl_dataset_free (again);
      free (text);
      nl_dataset_free (ds);
    }
}

static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("nl-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "people.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "nope", "people.csv", NULL);
  NlDataset *ds = nl_dataset_new_tutorial ();
  NlDataset *again;
  NlError error;
  GDir *listing;
  int n_files = 0;

  g_assert_nonnull (dir);
  g_assert_cmpint (nl_csv_write_file (ds, path, &error), ==, NL_OK);
  /* Replacing an existing file works the same way. */
  nl_dataset_set_cell (ds, 0, 0, "Alicia", NULL);
  g_assert_cmpint (nl_csv_write_file (ds, path, &error), ==, NL_OK);

  again = nl_csv_read_file (path, &error);
  g_assert_nonnull (again);
  assert_same_table (ds, again);
  nl_dataset_free (again);

  /* No temporary file is left behind. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_dir_close (listing);
  g_assert_cmpint (n_files, ==, 1);

  nl_error_clear (&error);
  g_assert_cmpint (nl_csv_write_file (ds, missing, &error), ==, NL_ERR_IO);
  g_assert_nonnull (strstr (error.message, missing));
  g_assert_null (nl_csv_read_file (missing, &error));
  g_assert_cmpint (error.status, ==, NL_ERR_IO);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  nl_dataset_free (ds);
}

static void
test_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "people.csv", NULL);
  NlError error;
  NlDataset *ds;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("tests/data/people.csv not found");
      return;
    }
  ds = nl_csv_read_file (path, &error);
  g_assert_nonnull (ds);
  g_assert_cmpint (ds->label_column, >=, 0);
  g_assert_cmpstr (ds->columns[ds->label_column].classes[1], ==, "Female");
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), ==, NL_OK);
  nl_dataset_free (ds);
}

/* A reading asks whether to stop as it goes: set after a few progress
 * reports, the flag ends it there, long before the end, with a cancelled
 * status and no table; set before it starts, the reading stops at the
 * first question. The progress rises to the end when nobody stops it. */
typedef struct
{
  guint  reports;
  guint  stop_after;    /* reports; 0: never stop */
  int    stop;
  double last;
} Follow;

static int
follow_cancelled_cb (void *user_data)
{
  Follow *f = user_data;

  return f->stop;
}

static void
follow_progress_cb (double  fraction,
                    void   *user_data)
{
  Follow *f = user_data;

  g_assert_cmpfloat (fraction, >=, f->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  f->last = fraction;
  f->reports++;
  if (f->stop_after > 0 && f->reports >= f->stop_after)
    f->stop = 1;
}

static void
test_cancel (void)
{
  g_autoptr(GString) csv = g_string_new ("Name,Weight (lb),Height (in),Gender\n");
  Follow whole = { 0 }, stopped = { 0, 3, 0, 0.0 }, at_once = { 0, 0, 1, 0.0 };
  NlCsvOptions options = { follow_cancelled_cb, follow_progress_cb, NULL };
  NlError error;
  NlDataset *ds;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (csv, "P%u,%u,%u,%s\n", i, 100 + i % 90, 60 + i % 15,
                            i % 2 ? "M" : "F");

  options.user_data = &whole;
  ds = nl_csv_read_buffer_full (csv->str, csv->len, &options, &error);
  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n_rows, ==, 200000);
  nl_dataset_free (ds);
  g_assert_cmpuint (whole.reports, >, 20);
  g_assert_cmpfloat (whole.last, >, 0.9);

  options.user_data = &stopped;
  nl_error_clear (&error);
  ds = nl_csv_read_buffer_full (csv->str, csv->len, &options, &error);
  g_assert_null (ds);
  g_assert_cmpint (error.status, ==, NL_ERR_CANCELLED);
  g_assert_cmpuint (stopped.reports, ==, 3);
  g_assert_cmpfloat (stopped.last, <, 0.5);

  options.user_data = &at_once;
  nl_error_clear (&error);
  ds = nl_csv_read_buffer_full (csv->str, csv->len, &options, &error);
  g_assert_null (ds);
  g_assert_cmpint (error.status, ==, NL_ERR_CANCELLED);
  g_assert_cmpuint (at_once.reports, ==, 1);
}

/* The memory a reading takes is bounded by a small multiple of the file,
 * whatever its shape: a wide header over one-field lines (each would cost a
 * row of cells) is refused before its table is made, and a table of empty
 * fields costs its cells and little more. The peak is sampled as the
 * reading reports its progress, from malloc's own count of the bytes in use
 * (which a sanitizer's allocator does not keep: then nothing is checked). */
typedef struct
{
  size_t start;
  size_t peak;
} MemoryPeak;

static size_t
bytes_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static void
memory_progress_cb (double  fraction,
                    void   *user_data)
{
  MemoryPeak *m = user_data;
  size_t now = bytes_in_use ();

  if (now > m->start && now - m->start > m->peak)
    m->peak = now - m->start;
}

static void
assert_memory_bounded (GString    *csv,
                       gboolean    readable,
                       const char *what)
{
  MemoryPeak m = { bytes_in_use (), 0 };
  NlCsvOptions options = { NULL, memory_progress_cb, &m };
  NlError error;
  NlDataset *ds;

  ds = nl_csv_read_buffer_full (csv->str, csv->len, &options, &error);
  g_assert_true ((ds != NULL) == readable);
  if (ds == NULL)
    g_assert_nonnull (strstr (error.message, "missing fields"));
  nl_dataset_free (ds);
  g_test_message ("%s: %.1f bytes of memory per byte of file", what,
                  (double) m.peak / (double) csv->len);
  g_assert_cmpuint (m.peak, <, 30 * csv->len);
}

static void
test_memory (void)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  for (int i = 0; i < 100; i++)
    g_string_append (csv, i ? ",c" : "c");
  g_string_append_c (csv, '\n');
  for (int i = 0; i < 200000; i++)
    g_string_append (csv, "x\n");
  assert_memory_bounded (csv, FALSE, "a wide header over one-field lines");

  g_string_assign (csv, "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t\n");
  for (int i = 0; i < 100000; i++)
    g_string_append (csv, ",,,,,,,,,,,,,,,,,,,\n");
  assert_memory_bounded (csv, TRUE, "empty fields");
}

/* What the reader says of a table it reads only in part, or not at all
 * usefully: a column of mostly words among numbers is named in the notes
 * (which column, why, how many, an example and its line); a problem says it
 * leaves a row out only while its row is left out; a header alone lacks
 * data rows, not a column of numbers. */
static void
test_table_messages (void)
{
  g_autoptr(GString) many = g_string_new ("a,b,Gender\n");
  NlDataset *ds;
  NlError error;
  const NlProblem *note = NULL;
  size_t n_left_out = 0, n_rows_problems = 0;

  ds = read_ok ("Weight,Height,Gender\n1,2,M\n3,4,F\n5,x,M\n6,y,F\n7,z,M\n");
  g_assert_cmpint (ds->columns[1].kind, ==, NL_COLUMN_TEXT);
  for (size_t i = 0; i < ds->n_problems; i++)
    if (ds->problems[i].kind == NL_PROBLEM_NOTE && ds->problems[i].column == 2)
      note = &ds->problems[i];
  g_assert_nonnull (note);
  g_assert_cmpuint (note->line, ==, 4);
  g_assert_cmpstr (note->message, ==, "Column 2 (Height) is not an input: values that are not "
                                      "numbers: 3 of 5, such as \"x\" on line 4");
  g_assert_false (nl_dataset_problem_leaves_row_out (ds, note));
  nl_dataset_free (ds);

  /* More problems than are listed: the summary is no row's. */
  for (int i = 0; i < 2500; i++)
    g_string_append_printf (many, "%d,%s,%s\n", i, i % 2 ? "?" : "1", i % 2 ? "M" : "F");
  ds = read_ok (many->str);
  for (size_t i = 0; i < ds->n_problems; i++)
    if (ds->problems[i].kind == NL_PROBLEM_ROW)
      {
        n_rows_problems++;
        n_left_out += nl_dataset_problem_leaves_row_out (ds, &ds->problems[i]) != 0;
      }
  g_assert_cmpuint (n_rows_problems, ==, 1001);
  g_assert_cmpuint (n_left_out, ==, 1000);
  g_assert_nonnull (strstr (ds->problems[ds->n_problems - 1].message, "not listed"));
  /* Column b no longer an input: its missing values leave no row out. */
  nl_dataset_set_input (ds, 1, 0);
  for (size_t i = 0; i < ds->n_problems; i++)
    g_assert_false (nl_dataset_problem_leaves_row_out (ds, &ds->problems[i]));
  nl_dataset_free (ds);

  ds = read_ok ("Weight,Height,Gender\n");
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), !=, NL_OK);
  g_assert_cmpstr (error.message, ==, "The table has no data rows");
  nl_dataset_free (ds);

  ds = read_ok ("Name,Town\nAlice,Rome\nBob,Oslo\nCarl,Bern\n");
  g_assert_cmpint (nl_dataset_check_trainable (ds, &error), !=, NL_OK);
  g_assert_cmpstr (error.message, ==, "The table has no numeric input column: column "
                                      "\"Name\" holds text, such as \"Alice\"");
  nl_dataset_free (ds);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/csv/tutorial", test_tutorial);
  g_test_add_func ("/core/csv/quoting", test_quoting);
  g_test_add_func ("/core/csv/line-ends", test_line_ends);
  g_test_add_func ("/core/csv/bom", test_bom);
  g_test_add_func ("/core/csv/locale", test_locale);
  g_test_add_func ("/core/csv/numbers", test_numbers);
  g_test_add_func ("/core/csv/missing", test_missing);
  g_test_add_func ("/core/csv/field-count", test_field_count);
  g_test_add_func ("/core/csv/missing-marks", test_missing_marks);
  g_test_add_func ("/core/csv/wrong-length", test_wrong_length);
  g_test_add_func ("/core/csv/trailing-separator", test_trailing_separator);
  g_test_add_func ("/core/csv/no-header", test_no_header);
  g_test_add_func ("/core/csv/decimal-comma", test_decimal_comma);
  g_test_add_func ("/core/csv/empty", test_empty);
  g_test_add_func ("/core/csv/binary", test_binary);
  g_test_add_func ("/core/csv/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/core/csv/header-names", test_header_names);
  g_test_add_func ("/core/csv/labels", test_labels);
  g_test_add_func ("/core/csv/label-choice", test_label_choice);
  g_test_add_func ("/core/csv/separator", test_separator);
  g_test_add_func ("/core/csv/many-problems", test_many_problems);
  g_test_add_func ("/core/csv/limits", test_limits);
  g_test_add_func ("/core/csv/cancel", test_cancel);
  g_test_add_func ("/core/csv/memory", test_memory);
  g_test_add_func ("/core/csv/table-messages", test_table_messages);
  g_test_add_func ("/core/csv/write", test_write);
  g_test_add_func ("/core/csv/round-trip", test_round_trip);
  g_test_add_func ("/core/csv/files", test_files);
  g_test_add_func ("/core/csv/fixture", test_fixture);

  return g_test_run ();
}
