/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset.c: the training table, its columns, label classes and normalisation.
 *
 * Cells always keep the text they were given and are re-parsed whenever the
 * meaning of their column changes, so a table can be edited, re-typed and
 * re-labelled without ever losing what a person wrote.
 *
 * Label classes follow the values a label column holds. Which of the two is
 * the positive class (1.0) is decided by known pairs, compared without regard
 * to ASCII case: F/M and Female/Male make the female class positive, 1/0 (as
 * numbers) makes 1 positive, and yes/no, true/false and y/n make the first
 * word positive. Any other two values: the one that sorts last by strcmp() is
 * positive, so the choice is stable and does not depend on row order.
 * Matching a cell against the classes is exact after trimming spaces.
 *
 * Missing values are empty cells and the marks spreadsheets and R write for
 * them (NA, NaN, N/A, ?, null): in a numeric or label column such a cell is
 * missing, never a number or a class, so "NA" in a column of numbers leaves
 * it numeric and a label with some "NA" keeps its two classes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* strtod_l */
#endif

#include "nl-dataset.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "nl-dataset-private.h"
#include "nl-i18n.h"

#define NO_ROW ((size_t) -1)

/* Overflow-checked allocations; a request for zero bytes still returns a
 * pointer so that callers can tell success from failure. */
static void *
alloc_array (size_t n,
             size_t size)
{
  if (size != 0 && n > SIZE_MAX / size)
    return NULL;
  return malloc (n * size > 0 ? n * size : 1);
}

static void *
realloc_array (void   *p,
               size_t  n,
               size_t  size)
{
  if (size != 0 && n > SIZE_MAX / size)
    return NULL;
  return realloc (p, n * size > 0 ? n * size : 1);
}

static char *
dup_range (const char *s,
           size_t      len)
{
  char *copy;

  if (len == SIZE_MAX)
    return NULL;
  copy = malloc (len + 1);
  if (copy == NULL)
    return NULL;
  memcpy (copy, s, len);
  copy[len] = '\0';
  return copy;
}

static char *
dup_string (const char *s)
{
  if (s == NULL)
    s = "";
  return dup_range (s, strlen (s));
}

/* Cell texts.
 *
 * A table read from a file is most of its memory, and most of that was
 * once malloc's overhead: a cell's text of a byte or two cost a 32-byte
 * block, and a line short of fields a whole row of them. So every empty
 * cell shares one empty text, and the texts the CSV reader stores are
 * copied one after the other into one block the table owns
 * (ds->text_block); a text typed later is a malloc'd string of its own.
 * Only this file and the reader allocate or free a cell's text, through
 * these helpers. */
static char empty_text[1];

static int
in_block (const NlDataset *ds,
          const char      *text)
{
  return ds->text_block != NULL
         && (uintptr_t) text - (uintptr_t) ds->text_block < ds->text_block_size;
}

static void
free_text (const NlDataset *ds,
           char            *text)
{
  if (text != empty_text && !in_block (ds, text))
    free (text);
}

/* A cell's own copy of @len bytes of @s: in the block while it has room
 * (@ds may be NULL: never), the shared empty text for nothing. */
static char *
text_copy (NlDataset  *ds,
           const char *s,
           size_t      len)
{
  char *copy;

  if (len == 0)
    return empty_text;
  if (ds != NULL && ds->text_block != NULL && len < ds->text_block_size - ds->text_block_used)
    {
      copy = ds->text_block + ds->text_block_used;
      memcpy (copy, s, len);
      copy[len] = '\0';
      ds->text_block_used += len + 1;
      return copy;
    }
  return dup_range (s, len);
}

int
_nl_dataset_reserve_text (NlDataset *ds,
                          size_t     size)
{
  if (ds == NULL || ds->text_block != NULL || size == 0)
    return 0;
  ds->text_block = malloc (size);
  if (ds->text_block == NULL)
    return 0;
  ds->text_block_size = size;
  ds->text_block_used = 0;
  return 1;
}

static int
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static void
trim (const char  *text,
      const char **start,
      size_t      *len)
{
  const char *end;

  if (text == NULL)
    text = "";
  while (is_blank (*text))
    text++;
  end = text + strlen (text);
  while (end > text && is_blank (end[-1]))
    end--;
  *start = text;
  *len = (size_t) (end - text);
}

/* Whether the trimmed @text equals the NUL-terminated @word. */
static int
range_equals (const char *s,
              size_t      len,
              const char *word)
{
  return word != NULL && strlen (word) == len && memcmp (s, word, len) == 0;
}

/* ASCII-only case folding: strcasecmp() follows the locale, and in a Turkish
 * locale "I" does not fold to "i". */
static int
equal_nocase (const char *a,
              const char *b)
{
  for (; *a != '\0' && *b != '\0'; a++, b++)
    {
      char ca = (*a >= 'A' && *a <= 'Z') ? (char) (*a - 'A' + 'a') : *a;
      char cb = (*b >= 'A' && *b <= 'Z') ? (char) (*b - 'A' + 'a') : *b;

      if (ca != cb)
        return 0;
    }
  return *a == *b;
}

int
nl_dataset_text_is_missing (const char *text)
{
  static const char * const marks[] = { "na", "nan", "n/a", "?", "null" };
  const char *s;
  size_t len;

  /* Called for every cell a file holds: most start with a digit or a
   * letter no mark starts with, and are done with here. */
  if (text == NULL)
    return 1;
  for (s = text; is_blank (*s); s++)
    ;
  if (*s != '\0' && *s != 'n' && *s != 'N' && *s != '?')
    return 0;
  trim (text, &s, &len);
  if (len == 0)
    return 1;
  for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
    if (strlen (marks[i]) == len)
      {
        size_t j = 0;

        for (; j < len; j++)
          {
            char c = (s[j] >= 'A' && s[j] <= 'Z') ? (char) (s[j] - 'A' + 'a') : s[j];

            if (c != marks[i][j])
              break;
          }
        if (j == len)
          return 1;
      }
  return 0;
}

/* Copies @text into @buf for use inside a one-line message: control
 * characters become spaces and long texts are cut on a UTF-8 boundary. */
static const char *
excerpt (const char *text,
         char       *buf,
         size_t      size)
{
  const size_t limit = size < 44 ? size - 4 : 40;
  size_t i = 0;

  for (; text[i] != '\0' && i < limit; i++)
    buf[i] = ((unsigned char) text[i] < 0x20) ? ' ' : text[i];
  if (text[i] != '\0')
    {
      /* Back up over continuation bytes so no character is cut in half. */
      while (i > 0 && ((unsigned char) text[i] & 0xC0) == 0x80)
        i--;
      memcpy (buf + i, "\xe2\x80\xa6", 3); /* … */
      i += 3;
    }
  buf[i] = '\0';
  return buf;
}

/* Drops a UTF-8 sequence that vsnprintf() may have cut at the end of @s. */
static void
trim_partial_utf8 (char *s)
{
  size_t len = strlen (s);
  size_t start = len;
  size_t need;
  unsigned char lead;

  while (start > 0 && ((unsigned char) s[start - 1] & 0xC0) == 0x80)
    start--;
  if (start == 0)
    return;
  lead = (unsigned char) s[start - 1];
  if (lead < 0xC0)
    return;
  need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (len - (start - 1) < need)
    s[start - 1] = '\0';
}

/* Numbers */

/* strtod() follows LC_NUMERIC, so under a German locale it would read "1.5"
 * as 1. The syntax is checked here and the conversion, which must round
 * correctly, is left to strtod_l() in a C locale made once per process. */
static locale_t c_locale;
static once_flag c_locale_once = ONCE_FLAG_INIT;

static void
make_c_locale (void)
{
  c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
}

/* Returns the end of a decimal number starting at @p, or NULL. */
static const char *
scan_number (const char *p,
             const char *end)
{
  size_t digits = 0;

  if (p < end && (*p == '+' || *p == '-'))
    p++;
  for (; p < end && *p >= '0' && *p <= '9'; p++)
    digits++;
  if (p < end && *p == '.')
    for (p++; p < end && *p >= '0' && *p <= '9'; p++)
      digits++;
  if (digits == 0)
    return NULL;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      size_t exp_digits = 0;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      for (; p < end && *p >= '0' && *p <= '9'; p++)
        exp_digits++;
      if (exp_digits == 0)
        return NULL;
    }
  return p;
}

/* Whether @s would be a number with its one comma read as a point. */
static int
is_comma_decimal (const char *s,
                  size_t      len)
{
  char buf[64];
  char *comma;

  if (len >= sizeof buf)
    return 0;
  memcpy (buf, s, len);
  buf[len] = '\0';
  comma = strchr (buf, ',');
  if (comma == NULL || strchr (comma + 1, ',') != NULL || strchr (buf, '.') != NULL)
    return 0;
  *comma = '.';
  return scan_number (buf, buf + len) == buf + len;
}

NlStatus
nl_dataset_parse_number (const char *text,
                         double     *value,
                         NlError    *error)
{
  const char *start;
  const char *stop;
  char quoted[64];
  size_t len;
  double v;

  *value = NAN;
  trim (text, &start, &len);
  if (nl_dataset_text_is_missing (text))
    return nl_error_set (error, NL_ERR_PARSE, 0, 0, "%s", _("the value is missing"));

  if (scan_number (start, start + len) != start + len)
    {
      if (is_comma_decimal (start, len))
        return nl_error_set (error, NL_ERR_PARSE, 0, 0,
                             _("\"%s\" is not a number (use a point for decimals)"),
                             excerpt (text, quoted, sizeof quoted));
      return nl_error_set (error, NL_ERR_PARSE, 0, 0, _("\"%s\" is not a number"),
                           excerpt (text, quoted, sizeof quoted));
    }

  call_once (&c_locale_once, make_c_locale);
  if (c_locale != (locale_t) 0)
    v = strtod_l (start, (char **) &stop, c_locale);
  else
    v = strtod (start, (char **) &stop); /* only if the C locale cannot be made */

  if (stop != start + len)
    return nl_error_set (error, NL_ERR_PARSE, 0, 0, _("\"%s\" is not a number"),
                         excerpt (text, quoted, sizeof quoted));
  if (!isfinite (v))
    return nl_error_set (error, NL_ERR_PARSE, 0, 0, _("\"%s\" is too large"),
                         excerpt (text, quoted, sizeof quoted));
  *value = v;
  return NL_OK;
}

/* Labels */

typedef struct
{
  const char *negative;
  const char *positive;
} LabelPair;

static const LabelPair label_pairs[] = {
  { "M", "F" },
  { "Male", "Female" },
  { "No", "Yes" },
  { "False", "True" },
  { "N", "Y" },
};

#define NUMERIC_PAIR ((int) (sizeof label_pairs / sizeof label_pairs[0]))

/* Which side of a known pair @word is on: 1 positive, 0 negative, -1 neither. */
static int
known_side (const char *word,
            int        *pair)
{
  double v;

  for (int i = 0; i < NUMERIC_PAIR; i++)
    {
      if (equal_nocase (word, label_pairs[i].positive))
        {
          *pair = i;
          return 1;
        }
      if (equal_nocase (word, label_pairs[i].negative))
        {
          *pair = i;
          return 0;
        }
    }
  if (nl_dataset_parse_number (word, &v, NULL) == NL_OK && (v == 0.0 || v == 1.0))
    {
      *pair = NUMERIC_PAIR;
      return v == 1.0;
    }
  *pair = -1;
  return -1;
}

/* Puts one or two distinct class names in order: out[1] is the positive
 * class. A lone value takes the side its known pair gives it, if any. */
static void
arrange_classes (char *a,
                 char *b,
                 char *out[2])
{
  int pa, pb, sa, sb;

  if (a == NULL)
    {
      a = b;
      b = NULL;
    }
  out[0] = out[1] = NULL;
  if (a == NULL)
    return;
  sa = known_side (a, &pa);
  if (b == NULL)
    {
      out[sa == 1 ? 1 : 0] = a;
      return;
    }
  sb = known_side (b, &pb);
  if (sa >= 0 && sb >= 0 && pa == pb && sa != sb)
    {
      out[1] = sa == 1 ? a : b;
      out[0] = sa == 1 ? b : a;
    }
  else
    {
      out[1] = strcmp (a, b) > 0 ? a : b;
      out[0] = out[1] == a ? b : a;
    }
}

static int
label_index (const NlColumn *col,
             const char     *s,
             size_t          len)
{
  for (size_t i = 0; i < col->n_classes; i++)
    if (range_equals (s, len, col->classes[i]))
      return (int) i;
  return -1;
}

static int
class_in_use (const NlDataset *ds,
              size_t           column,
              size_t           skip_row,
              const char      *cls)
{
  for (size_t row = 0; row < ds->n_rows; row++)
    {
      const char *s;
      size_t len;

      if (row == skip_row)
        continue;
      trim (nl_dataset_cell (ds, row, column)->text, &s, &len);
      if (range_equals (s, len, cls))
        return 1;
    }
  return 0;
}

/* The class slot a new value could take: a free one, or one whose class no
 * row other than @skip_row still uses; -1 when the column is full. */
static int
label_free_slot (const NlDataset *ds,
                 size_t           column,
                 size_t           skip_row)
{
  const NlColumn *col = &ds->columns[column];

  for (size_t i = 0; i < col->n_classes; i++)
    if (col->classes[i] == NULL)
      return (int) i;
  for (size_t i = 0; i < col->n_classes; i++)
    if (!class_in_use (ds, column, skip_row, col->classes[i]))
      return (int) i;
  return -1;
}

/* Sets the cell's state and value from its text for the column's kind. */
static void
parse_into_cell (const NlDataset *ds,
                 size_t           column,
                 NlCell          *cell)
{
  const NlColumn *col = &ds->columns[column];
  const char *s;
  size_t len;
  int idx;

  cell->value = NAN;
  switch (col->kind)
    {
    case NL_COLUMN_TEXT:
    default:
      cell->state = NL_CELL_OK;
      return;

    case NL_COLUMN_NUMERIC:
    case NL_COLUMN_TARGET:
      if (nl_dataset_text_is_missing (cell->text))
        cell->state = NL_CELL_MISSING;
      else if (nl_dataset_parse_number (cell->text, &cell->value, NULL) == NL_OK)
        cell->state = NL_CELL_OK;
      else
        cell->state = NL_CELL_INVALID;
      return;

    case NL_COLUMN_LABEL:
      trim (cell->text, &s, &len);
      idx = label_index (col, s, len);
      if (nl_dataset_text_is_missing (cell->text))
        cell->state = NL_CELL_MISSING;
      else if (idx < 0)
        cell->state = NL_CELL_INVALID;
      else
        {
          cell->state = NL_CELL_OK;
          cell->value = idx;
        }
      return;
    }
}

static void
reparse_column (NlDataset *ds,
                size_t     column)
{
  for (size_t row = 0; row < ds->n_rows; row++)
    parse_into_cell (ds, column, nl_dataset_cell (ds, row, column));
}


static void
clear_classes (NlColumn *col)
{
  for (size_t k = 0; k < col->n_classes; k++)
    free (col->classes[k]);
  free (col->classes);
  col->classes = NULL;
  col->n_classes = 0;
}

/* Gives a label column @n empty class slots; 0 when memory runs out. */
static int
alloc_classes (NlColumn *col,
               size_t    n)
{
  clear_classes (col);
  col->classes = calloc (n, sizeof *col->classes);
  if (col->classes == NULL)
    return 0;
  col->n_classes = n;
  return 1;
}

static NlStatus
not_a_class_error (const NlColumn *col,
                   const char     *text,
                   NlError        *error)
{
  char quoted[64], c0[64], c1[64], list[200];
  size_t used = 0;

  if (col->n_classes == 2)
    return nl_error_set (error, NL_ERR_PARSE, 0, 0,
                         _("\"%s\" is not one of the two classes (\"%s\" and \"%s\")"),
                         excerpt (text, quoted, sizeof quoted),
                         excerpt (col->classes[0] != NULL ? col->classes[0] : "", c0, sizeof c0),
                         excerpt (col->classes[1] != NULL ? col->classes[1] : "", c1, sizeof c1));

  list[0] = '\0';
  for (size_t k = 0; k < col->n_classes && used + 4 < sizeof list; k++)
    {
      int n = snprintf (list + used, sizeof list - used, "%s\"%s\"", k > 0 ? ", " : "",
                        excerpt (col->classes[k] != NULL ? col->classes[k] : "", c0, sizeof c0));

      if (n < 0 || (size_t) n >= sizeof list - used)
        {
          /* Cut after the last whole class. */
          list[used] = '\0';
          snprintf (list + used, sizeof list - used, ", \xe2\x80\xa6");
          break;
        }
      used += (size_t) n;
    }
  return nl_error_set (error, NL_ERR_PARSE, 0, 0,
                       _("\"%s\" is not one of the %zu classes (%s)"),
                       excerpt (text, quoted, sizeof quoted), col->n_classes, list);
}

/* Creation and copies */

static void
init_column (NlColumn     *col,
             NlColumnKind  kind)
{
  clear_classes (col);
  col->kind = kind;
  col->is_input = kind == NL_COLUMN_NUMERIC;
  col->normalize = NL_NORMALIZE_NONE;
  col->shift = 0.0;
  col->scale = 1.0;
}

void
_nl_dataset_make_numeric (NlDataset *ds,
                          size_t     column)
{
  if ((int) column == ds->label_column)
    ds->label_column = -1;
  init_column (&ds->columns[column], NL_COLUMN_NUMERIC);
}

void
_nl_dataset_parse_rows (NlDataset *ds,
                        size_t     column,
                        size_t     first,
                        size_t     end)
{
  for (size_t row = first; row < end && row < ds->n_rows; row++)
    parse_into_cell (ds, column, nl_dataset_cell (ds, row, column));
}

NlDataset *
nl_dataset_new (size_t               n_columns,
                const char * const  *names,
                const NlColumnKind  *kinds,
                NlError             *error)
{
  NlDataset *ds;

  if (n_columns == 0)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("A table needs at least one column"));
      return NULL;
    }
  if (kinds != NULL)
    {
      size_t n_labels = 0;

      for (size_t i = 0; i < n_columns; i++)
        {
          if (kinds[i] != NL_COLUMN_TEXT && kinds[i] != NL_COLUMN_NUMERIC
              && kinds[i] != NL_COLUMN_LABEL && kinds[i] != NL_COLUMN_TARGET)
            {
              nl_error_set (error, NL_ERR_INVALID, 0, i + 1, "%s", _("Unknown column kind"));
              return NULL;
            }
          n_labels += kinds[i] == NL_COLUMN_LABEL || kinds[i] == NL_COLUMN_TARGET;
        }
      if (n_labels > 1)
        {
          nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                        _("A table can have only one label column"));
          return NULL;
        }
    }

  ds = calloc (1, sizeof *ds);
  if (ds == NULL)
    goto nomem;
  ds->label_column = -1;
  ds->columns = calloc (n_columns, sizeof *ds->columns);
  if (ds->columns == NULL)
    goto nomem;
  ds->n_columns = n_columns;

  for (size_t i = 0; i < n_columns; i++)
    {
      NlColumn *col = &ds->columns[i];
      NlColumnKind kind = kinds != NULL ? kinds[i] : NL_COLUMN_TEXT;

      if (names != NULL && names[i] != NULL && names[i][0] != '\0')
        col->name = dup_string (names[i]);
      else
        {
          char buf[64];

          snprintf (buf, sizeof buf, _("Column %zu"), i + 1);
          col->name = dup_string (buf);
        }
      if (col->name == NULL)
        goto nomem;
      init_column (col, kind);
      if (kind == NL_COLUMN_LABEL && !alloc_classes (col, 2))
        goto nomem;
      if (kind == NL_COLUMN_LABEL || kind == NL_COLUMN_TARGET)
        {
          if (i > INT32_MAX)
            goto nomem;
          ds->label_column = (int) i;
        }
    }
  return ds;

nomem:
  nl_dataset_free (ds);
  nl_error_nomem (error);
  return NULL;
}

/* The tutorial's table speaks the person's language: its column names and
 * classes are looked up in the catalogue (the people keep their names). The
 * female class is the positive one, as in the tutorial, whatever the two
 * words are: the classes are set before the cells, so that the label pairs
 * and the strcmp() rule never get to decide (in another language the
 * translated words need not sort the tutorial's way). */
NlDataset *
nl_dataset_new_tutorial (void)
{
  static const char * const names[] = {
    /* Translators: a column of the tutorial's table, the people's names. */
    N_("Name"),
    /* Translators: a column of the tutorial's table; keep the unit, pounds,
     * in the parentheses: the predict form shows it. */
    N_("Weight (lb)"),
    /* Translators: a column of the tutorial's table; keep the unit, inches,
     * in the parentheses: the predict form shows it. */
    N_("Height (in)"),
    /* Translators: a column of the tutorial's table, the label it predicts. */
    N_("Gender"),
  };
  static const NlColumnKind kinds[] = {
    NL_COLUMN_TEXT, NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_LABEL
  };
  enum { FEMALE = 1, MALE = 0 };
  static const struct
  {
    const char *name;
    const char *weight;
    const char *height;
    int         gender;
  } rows[] = {
    { "Alice", "133", "65", FEMALE },
    { "Bob", "160", "72", MALE },
    { "Charlie", "152", "70", MALE },
    { "Diana", "120", "60", FEMALE },
  };
  static const double shifts[] = { 135.0, 66.0 };
  const char *translated[4];
  NlDataset *ds;
  NlColumn *gender;

  for (size_t c = 0; c < 4; c++)
    translated[c] = _(names[c]);
  ds = nl_dataset_new (4, translated, kinds, NULL);
  if (ds == NULL)
    return NULL;

  /* classes[1] is the positive class, the probability the output gives. */
  gender = &ds->columns[3];
  /* Translators: a class of the tutorial's table (the Gender column). */
  gender->classes[MALE] = dup_string (_("Male"));
  /* Translators: a class of the tutorial's table (the Gender column); the
   * network's output is the probability of this class. */
  gender->classes[FEMALE] = dup_string (_("Female"));
  if (gender->classes[MALE] == NULL || gender->classes[FEMALE] == NULL)
    goto fail;
  /* A catalogue that gives both classes one word must not lose the table. */
  if (strcmp (gender->classes[MALE], gender->classes[FEMALE]) == 0)
    {
      free (gender->classes[MALE]);
      free (gender->classes[FEMALE]);
      gender->classes[MALE] = dup_string ("Male");
      gender->classes[FEMALE] = dup_string ("Female");
      if (gender->classes[MALE] == NULL || gender->classes[FEMALE] == NULL)
        goto fail;
    }

  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
    {
      size_t row = nl_dataset_append_row (ds);
      const char *cells[4] = {
        rows[r].name, rows[r].weight, rows[r].height, gender->classes[rows[r].gender]
      };

      if (row == NO_ROW)
        goto fail;
      for (size_t c = 0; c < 4; c++)
        if (nl_dataset_set_cell (ds, row, c, cells[c], NULL) != NL_OK)
          goto fail;
    }
  nl_dataset_set_normalize (ds, NL_NORMALIZE_SHIFT, shifts);
  return ds;

fail:
  nl_dataset_free (ds);
  return NULL;
}

void
nl_dataset_free (NlDataset *ds)
{
  if (ds == NULL)
    return;
  if (ds->cells != NULL)
    for (size_t i = 0; i < ds->n_rows * ds->n_columns; i++)
      free_text (ds, ds->cells[i].text);
  if (ds->columns != NULL)
    for (size_t i = 0; i < ds->n_columns; i++)
      {
        free (ds->columns[i].name);
        clear_classes (&ds->columns[i]);
      }
  free (ds->columns);
  free (ds->cells);
  free (ds->row_line);
  free (ds->row_fields);
  free (ds->problems);
  free (ds->text_block);
  free (ds);
}

NlDataset *
nl_dataset_copy (const NlDataset *ds)
{
  NlDataset *copy;
  size_t n_cells;

  if (ds == NULL)
    return NULL;
  copy = calloc (1, sizeof *copy);
  if (copy == NULL)
    return NULL;
  copy->label_column = ds->label_column;

  copy->columns = calloc (ds->n_columns, sizeof *copy->columns);
  if (copy->columns == NULL)
    goto fail;
  copy->n_columns = ds->n_columns;
  for (size_t i = 0; i < ds->n_columns; i++)
    {
      const NlColumn *src = &ds->columns[i];
      NlColumn *dst = &copy->columns[i];

      *dst = *src;
      dst->name = NULL;
      dst->classes = NULL;
      dst->n_classes = 0;
      dst->name = dup_string (src->name);
      if (dst->name == NULL)
        goto fail;
      if (src->n_classes > 0 && !alloc_classes (dst, src->n_classes))
        goto fail;
      for (size_t k = 0; k < src->n_classes; k++)
        if (src->classes[k] != NULL && (dst->classes[k] = dup_string (src->classes[k])) == NULL)
          goto fail;
    }

  /* ds->n_rows * ds->n_columns cannot overflow: the cells already exist.
   * The cells start zeroed, so a failure half way frees only what was made. */
  n_cells = ds->n_rows * ds->n_columns;
  copy->cells = calloc (n_cells > 0 ? n_cells : 1, sizeof *copy->cells);
  copy->row_line = alloc_array (ds->n_rows, sizeof *copy->row_line);
  copy->row_fields = alloc_array (ds->n_rows, sizeof *copy->row_fields);
  if (copy->cells == NULL || copy->row_line == NULL || copy->row_fields == NULL)
    goto fail;
  copy->rows_allocated = ds->n_rows;
  copy->n_rows = ds->n_rows;
  /* The copy's texts go into one block of its own, as a file's do. */
  {
    size_t size = 1;

    for (size_t i = 0; i < n_cells && size < SIZE_MAX / 2; i++)
      if (ds->cells[i].text[0] != '\0')
        size += strlen (ds->cells[i].text) + 1;
    _nl_dataset_reserve_text (copy, size);
  }
  for (size_t i = 0; i < n_cells; i++)
    {
      copy->cells[i].text = text_copy (copy, ds->cells[i].text, strlen (ds->cells[i].text));
      if (copy->cells[i].text == NULL)
        goto fail;
      copy->cells[i].value = ds->cells[i].value;
      copy->cells[i].state = ds->cells[i].state;
    }
  if (ds->n_rows > 0)
    {
      memcpy (copy->row_line, ds->row_line, ds->n_rows * sizeof *copy->row_line);
      memcpy (copy->row_fields, ds->row_fields, ds->n_rows * sizeof *copy->row_fields);
    }

  if (ds->n_problems > 0)
    {
      copy->problems = alloc_array (ds->n_problems, sizeof *copy->problems);
      if (copy->problems == NULL)
        goto fail;
      memcpy (copy->problems, ds->problems, ds->n_problems * sizeof *copy->problems);
      copy->n_problems = ds->n_problems;
    }
  return copy;

fail:
  nl_dataset_free (copy);
  return NULL;
}

/* Rows and cells */

/* Grows the row arrays to @alloc rows. */
static int
grow_rows (NlDataset *ds,
           size_t     alloc)
{
  NlCell *cells;
  size_t *lines;

  if (alloc <= ds->rows_allocated)
    return 1;
  if (ds->n_columns == 0 || alloc > SIZE_MAX / ds->n_columns)
    return 0;
  cells = realloc_array (ds->cells, alloc * ds->n_columns, sizeof *cells);
  if (cells == NULL)
    return 0;
  ds->cells = cells;
  lines = realloc_array (ds->row_line, alloc, sizeof *lines);
  if (lines == NULL)
    return 0;
  ds->row_line = lines;
  lines = realloc_array (ds->row_fields, alloc, sizeof *lines);
  if (lines == NULL)
    return 0;
  ds->row_fields = lines;
  ds->rows_allocated = alloc;
  return 1;
}

int
nl_dataset_reserve_rows (NlDataset *ds,
                         size_t     n_rows)
{
  return ds != NULL && grow_rows (ds, n_rows);
}

size_t
nl_dataset_append_row (NlDataset *ds)
{
  size_t row;

  if (ds == NULL || ds->n_rows == NO_ROW - 1)
    return NO_ROW;
  if (ds->n_rows == ds->rows_allocated)
    {
      size_t alloc = ds->rows_allocated < 8 ? 8 : ds->rows_allocated;

      if (alloc > SIZE_MAX / 2 || !grow_rows (ds, alloc * 2))
        return NO_ROW;
    }

  row = ds->n_rows;
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      NlCell *cell = &ds->cells[row * ds->n_columns + c];

      cell->text = empty_text;
      parse_into_cell (ds, c, cell);
    }
  ds->row_line[row] = 0;
  ds->row_fields[row] = 0;
  ds->n_rows++;
  return row;
}

void
nl_dataset_remove_row (NlDataset *ds,
                       size_t     row)
{
  NlCell *cells;

  if (ds == NULL || row >= ds->n_rows)
    return;
  cells = &ds->cells[row * ds->n_columns];
  for (size_t c = 0; c < ds->n_columns; c++)
    free_text (ds, cells[c].text);
  memmove (cells, cells + ds->n_columns,
           (ds->n_rows - row - 1) * ds->n_columns * sizeof *cells);
  memmove (&ds->row_line[row], &ds->row_line[row + 1],
           (ds->n_rows - row - 1) * sizeof *ds->row_line);
  memmove (&ds->row_fields[row], &ds->row_fields[row + 1],
           (ds->n_rows - row - 1) * sizeof *ds->row_fields);
  ds->n_rows--;
}

size_t
nl_dataset_insert_row (NlDataset *ds,
                       size_t     row)
{
  size_t last;
  NlCell *cells;
  size_t line;

  if (ds == NULL || row > ds->n_rows)
    return NO_ROW;
  last = nl_dataset_append_row (ds);
  if (last == NO_ROW || last == row)
    return last;
  /* The new empty row moves from the end to @row, the rows after it down. */
  cells = malloc (ds->n_columns * sizeof *cells);
  if (cells == NULL)
    {
      nl_dataset_remove_row (ds, last);
      return NO_ROW;
    }
  memcpy (cells, &ds->cells[last * ds->n_columns], ds->n_columns * sizeof *cells);
  line = ds->row_line[last];
  memmove (&ds->cells[(row + 1) * ds->n_columns], &ds->cells[row * ds->n_columns],
           (last - row) * ds->n_columns * sizeof *cells);
  memmove (&ds->row_line[row + 1], &ds->row_line[row], (last - row) * sizeof *ds->row_line);
  memmove (&ds->row_fields[row + 1], &ds->row_fields[row], (last - row) * sizeof *ds->row_fields);
  memcpy (&ds->cells[row * ds->n_columns], cells, ds->n_columns * sizeof *cells);
  ds->row_line[row] = line;
  ds->row_fields[row] = 0;
  free (cells);
  return row;
}

NlStatus
nl_dataset_parse_cell (const NlDataset *ds,
                       size_t           column,
                       const char      *text,
                       double          *value,
                       NlError         *error)
{
  const NlColumn *col;
  const char *s;
  size_t len;
  int idx, slot;

  *value = NAN;
  if (ds == NULL || column >= ds->n_columns)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No such column"));
  col = &ds->columns[column];
  switch (col->kind)
    {
    case NL_COLUMN_NUMERIC:
    case NL_COLUMN_TARGET:
      return nl_dataset_parse_number (text, value, error);

    case NL_COLUMN_LABEL:
      trim (text, &s, &len);
      if (nl_dataset_text_is_missing (text))
        return nl_error_set (error, NL_ERR_PARSE, 0, 0, "%s", _("the value is missing"));
      idx = label_index (col, s, len);
      if (idx >= 0)
        {
          *value = idx;
          return NL_OK;
        }
      slot = label_free_slot (ds, column, NO_ROW);
      if (slot < 0)
        return not_a_class_error (col, text, error);
      else if (col->n_classes != 2)
        {
          /* Many classes keep their places: a new name takes a free one. */
          *value = slot;
          return NL_OK;
        }
      else
        {
          /* Work out where the value would land once it becomes a class. */
          char *word = dup_range (s, len);
          char *other = col->classes[1 - slot];
          char *out[2];

          if (word == NULL)
            return nl_error_nomem (error);
          arrange_classes (word, other, out);
          *value = out[1] == word ? 1.0 : 0.0;
          free (word);
          return NL_OK;
        }

    case NL_COLUMN_TEXT:
    default:
      return NL_OK;
    }
}

static NlStatus
set_cell (NlDataset  *ds,
          size_t      row,
          size_t      column,
          const char *text,
          size_t      text_len,
          int         in_block,
          NlError    *error)
{
  NlColumn *col;
  NlCell *cell;
  char *copy;
  const char *s;
  size_t len;

  if (ds == NULL || row >= ds->n_rows || column >= ds->n_columns)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No such cell"));
  copy = text_copy (in_block ? ds : NULL, text, text_len);
  if (copy == NULL)
    return nl_error_nomem (error);
  col = &ds->columns[column];
  cell = nl_dataset_cell (ds, row, column);
  free_text (ds, cell->text);
  cell->text = copy;

  if (col->kind == NL_COLUMN_LABEL)
    {
      trim (copy, &s, &len);
      if (!nl_dataset_text_is_missing (copy) && label_index (col, s, len) < 0)
        {
          int slot = label_free_slot (ds, column, row);
          char *word;

          if (slot < 0)
            {
              parse_into_cell (ds, column, cell);
              return not_a_class_error (col, copy, error);
            }
          word = dup_range (s, len);
          if (word == NULL)
            {
              parse_into_cell (ds, column, cell);
              return nl_error_nomem (error);
            }
          free (col->classes[slot]);
          col->classes[slot] = word;
          if (col->n_classes == 2)
            arrange_classes (col->classes[0], col->classes[1], col->classes);
          /* The order may have changed, so every value of the column may. */
          reparse_column (ds, column);
          return NL_OK;
        }
    }

  parse_into_cell (ds, column, cell);
  if (cell->state == NL_CELL_INVALID
      && (col->kind == NL_COLUMN_NUMERIC || col->kind == NL_COLUMN_TARGET))
    {
      double ignored;

      return nl_dataset_parse_number (copy, &ignored, error);
    }
  return NL_OK;
}

NlStatus
nl_dataset_set_cell (NlDataset  *ds,
                     size_t      row,
                     size_t      column,
                     const char *text,
                     NlError    *error)
{
  if (text == NULL)
    text = "";
  return set_cell (ds, row, column, text, strlen (text), 0, error);
}

NlStatus
_nl_dataset_set_cell_text (NlDataset  *ds,
                           size_t      row,
                           size_t      column,
                           const char *text,
                           size_t      len,
                           NlError    *error)
{
  return set_cell (ds, row, column, text, len, 1, error);
}

int
nl_dataset_row_usable (const NlDataset *ds,
                       size_t           row)
{
  if (ds == NULL || row >= ds->n_rows || ds->row_fields[row] != 0)
    return 0;
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      const NlColumn *col = &ds->columns[c];
      int counts = (col->kind == NL_COLUMN_NUMERIC && col->is_input)
                   || (int) c == ds->label_column;

      if (counts && nl_dataset_cell (ds, row, c)->state != NL_CELL_OK)
        return 0;
    }
  return 1;
}

size_t
nl_dataset_n_inputs (const NlDataset *ds)
{
  size_t n = 0;

  if (ds == NULL)
    return 0;
  for (size_t c = 0; c < ds->n_columns; c++)
    n += ds->columns[c].kind == NL_COLUMN_NUMERIC && ds->columns[c].is_input;
  return n;
}

size_t
nl_dataset_input_column (const NlDataset *ds,
                         size_t           i)
{
  if (ds == NULL)
    return NO_ROW;
  for (size_t c = 0; c < ds->n_columns; c++)
    if (ds->columns[c].kind == NL_COLUMN_NUMERIC && ds->columns[c].is_input && i-- == 0)
      return c;
  return NO_ROW;
}

/* Column kinds and the label */

/* Many class names are ordered by value when every one is a number, else by
 * strcmp(), so the classes do not depend on the order of the rows. */
static int
compare_words (const void *pa,
               const void *pb)
{
  return strcmp (*(const char * const *) pa, *(const char * const *) pb);
}

static int
compare_numbers (const void *pa,
                 const void *pb)
{
  double a = NAN, b = NAN;

  nl_dataset_parse_number (*(const char * const *) pa, &a, NULL);
  nl_dataset_parse_number (*(const char * const *) pb, &b, NULL);
  if (a != b)
    return a < b ? -1 : 1;
  return compare_words (pa, pb);
}

static int
all_numbers (char * const *words,
             size_t        n)
{
  for (size_t k = 0; k < n; k++)
    {
      double v;

      if (nl_dataset_parse_number (words[k], &v, NULL) != NL_OK)
        return 0;
    }
  return 1;
}

/* The former label or target, if it is not @column, goes back to text:
 * a table has one thing to predict. */
static void
release_label_column (NlDataset *ds,
                      size_t     column)
{
  if (ds->label_column >= 0 && (size_t) ds->label_column != column)
    {
      size_t old = (size_t) ds->label_column;

      init_column (&ds->columns[old], NL_COLUMN_TEXT);
      reparse_column (ds, old);
    }
  ds->label_column = -1;
}

/* Collects up to @max + 1 distinct trimmed values of @column that are not
 * missing, in row order; returns how many (@max + 1 means "more"). */
static size_t
distinct_values (const NlDataset *ds,
                 size_t           column,
                 size_t           max,
                 const char     **found,
                 size_t          *found_len)
{
  size_t n_found = 0;

  for (size_t row = 0; row < ds->n_rows && n_found <= max; row++)
    {
      const char *text = nl_dataset_cell (ds, row, column)->text;
      const char *s;
      size_t len, k;

      /* A missing value is not a class, and a line of the wrong length
       * may hold anything in its last column. */
      if (ds->row_fields[row] != 0 || nl_dataset_text_is_missing (text))
        continue;
      trim (text, &s, &len);
      for (k = 0; k < n_found; k++)
        if (found_len[k] == len && memcmp (found[k], s, len) == 0)
          break;
      if (k == n_found)
        {
          found[n_found] = s;
          found_len[n_found] = len;
          n_found++;
        }
    }
  return n_found;
}

/* Cells of @column that are not missing. */
static size_t
count_present (const NlDataset *ds,
               size_t           column)
{
  size_t n = 0;

  for (size_t row = 0; row < ds->n_rows; row++)
    n += ds->row_fields[row] == 0
         && !nl_dataset_text_is_missing (nl_dataset_cell (ds, row, column)->text);
  return n;
}

/* Whether @column's values can be classes, with @n_found distinct ones. */
static NlLabelFit
label_fit (const NlDataset *ds,
           size_t           column,
           size_t           n_found)
{
  if (n_found > NL_MAX_CLASSES)
    return NL_LABEL_TOO_MANY_VALUES;
  /* Names, or measurements: a class needs rows that share it. Two values
   * are a binary label even on two rows. */
  if (n_found > 2 && n_found == count_present (ds, column))
    return NL_LABEL_ALL_DIFFERENT;
  return NL_LABEL_FITS;
}

static NlStatus
check_label_values (const NlDataset *ds,
                    size_t           column,
                    size_t           n_found,
                    NlError         *error)
{
  NlLabelFit fit = label_fit (ds, column, n_found);
  char name[64];

  excerpt (ds->columns[column].name, name, sizeof name);
  if (fit == NL_LABEL_TOO_MANY_VALUES)
    return nl_error_set (error, NL_ERR_INVALID, 0, column + 1,
                         _("Column \"%s\" holds more than %d different values, so it "
                           "cannot be the label; a column of numbers can be the target "
                           "to predict"),
                         name, NL_MAX_CLASSES);
  if (fit == NL_LABEL_ALL_DIFFERENT)
    return nl_error_set (error, NL_ERR_INVALID, 0, column + 1,
                         _("Column \"%s\" holds a different value in every row, so it "
                           "cannot be the label: a class needs rows that share it"),
                         name);
  return NL_OK;
}

NlLabelFit
nl_dataset_label_fit (const NlDataset *ds,
                      size_t           column)
{
  const char *found[NL_MAX_CLASSES + 1];
  size_t found_len[NL_MAX_CLASSES + 1];

  if (ds == NULL || column >= ds->n_columns)
    return NL_LABEL_TOO_MANY_VALUES;
  return label_fit (ds, column, distinct_values (ds, column, NL_MAX_CLASSES, found, found_len));
}

NlStatus
nl_dataset_check_label_column (const NlDataset *ds,
                               size_t           column,
                               NlError         *error)
{
  const char *found[NL_MAX_CLASSES + 1];
  size_t found_len[NL_MAX_CLASSES + 1];

  if (ds == NULL || column >= ds->n_columns)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No such column"));
  return check_label_values (ds, column,
                             distinct_values (ds, column, NL_MAX_CLASSES, found, found_len),
                             error);
}

NlStatus
nl_dataset_set_label_column (NlDataset *ds,
                             size_t     column,
                             NlError   *error)
{
  const char *found[NL_MAX_CLASSES + 1];
  size_t found_len[NL_MAX_CLASSES + 1];
  char *words[NL_MAX_CLASSES] = { NULL };
  size_t n_found, n_slots;
  NlColumn *col;
  NlStatus status;

  if (ds == NULL || column >= ds->n_columns || column > INT32_MAX)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No such column"));
  col = &ds->columns[column];

  n_found = distinct_values (ds, column, NL_MAX_CLASSES, found, found_len);
  if ((status = check_label_values (ds, column, n_found, error)) != NL_OK)
    return status;

  for (size_t k = 0; k < n_found; k++)
    if ((words[k] = dup_range (found[k], found_len[k])) == NULL)
      {
        for (size_t j = 0; j < k; j++)
          free (words[j]);
        return nl_error_nomem (error);
      }

  n_slots = n_found > 2 ? n_found : 2;
  release_label_column (ds, column);
  init_column (col, NL_COLUMN_LABEL);
  if (!alloc_classes (col, n_slots))
    {
      for (size_t k = 0; k < n_found; k++)
        free (words[k]);
      init_column (col, NL_COLUMN_TEXT);
      reparse_column (ds, column);
      return nl_error_nomem (error);
    }
  if (n_slots == 2)
    arrange_classes (words[0], words[1], col->classes);
  else
    {
      qsort (words, n_found, sizeof *words,
             all_numbers (words, n_found) ? compare_numbers : compare_words);
      memcpy (col->classes, words, n_found * sizeof *words);
    }
  ds->label_column = (int) column;
  reparse_column (ds, column);
  return NL_OK;
}

/* Standardisation reads every usable row of every input column. Whether a
 * row is usable depends on all its columns, so it is found once per row
 * (nl_dataset_usable_rows) and not once per row and column, which made a
 * table of a thousand columns take minutes. */

static int
is_usable (const NlDataset     *ds,
           const unsigned char *usable,
           size_t               row)
{
  return usable != NULL ? usable[row] != 0 : nl_dataset_row_usable (ds, row);
}

size_t
nl_dataset_usable_rows (const NlDataset *ds,
                        unsigned char   *usable)
{
  size_t n = 0;

  if (ds == NULL)
    return 0;
  for (size_t row = 0; row < ds->n_rows; row++)
    {
      usable[row] = nl_dataset_row_usable (ds, row) != 0;
      n += usable[row];
    }
  return n;
}

/* The mean and the population deviation (divided by n: the table is the
 * whole population the network sees, and it is defined for one row) of each
 * of the @n_cols columns in @columns, over the rows @usable marks (NULL: ask
 * each row). Two passes rather than a running sum of squares, which loses
 * precision when the values are large and close together. The rows are read
 * in the order they lie in memory, every column at once; each column still
 * adds its rows in order, so its figures are the same bits however many
 * columns are computed together. Returns the number of rows counted. */
static size_t
moments (const NlDataset     *ds,
         const size_t        *columns,
         size_t               n_cols,
         const unsigned char *usable,
         double              *mean,
         double              *sd)
{
  size_t n = 0;

  for (size_t k = 0; k < n_cols; k++)
    mean[k] = sd[k] = 0.0;
  for (size_t row = 0; row < ds->n_rows; row++)
    if (is_usable (ds, usable, row))
      {
        const NlCell *cells = nl_dataset_cell (ds, row, 0);

        for (size_t k = 0; k < n_cols; k++)
          mean[k] += cells[columns[k]].value;
        n++;
      }
  if (n == 0)
    return 0;
  for (size_t k = 0; k < n_cols; k++)
    mean[k] /= (double) n;
  for (size_t row = 0; row < ds->n_rows; row++)
    if (is_usable (ds, usable, row))
      {
        const NlCell *cells = nl_dataset_cell (ds, row, 0);

        for (size_t k = 0; k < n_cols; k++)
          {
            double d = cells[columns[k]].value - mean[k];

            sd[k] += d * d;
          }
      }
  for (size_t k = 0; k < n_cols; k++)
    sd[k] = sqrt (sd[k] / (double) n);
  return n;
}

/* Sets an input column's transform from its mean and deviation. */
static void
apply_moments (NlColumn *col,
               size_t    n,
               double    mean,
               double    sd)
{
  col->shift = 0.0;
  col->scale = 1.0;
  if (n == 0)
    return;
  col->shift = mean;
  if (col->normalize == NL_NORMALIZE_STANDARDIZE && sd > 0.0 && isfinite (sd))
    col->scale = sd;
}

/* The target's standardisation, from the usable rows: the network learns a
 * number of the order of 1 whatever the target's units. */
static void
standardize_target (NlDataset           *ds,
                    const unsigned char *usable)
{
  NlColumn *col;
  size_t c;
  double mean, sd;

  if (ds->label_column < 0 || ds->columns[ds->label_column].kind != NL_COLUMN_TARGET)
    return;
  c = (size_t) ds->label_column;
  col = &ds->columns[c];
  col->normalize = NL_NORMALIZE_STANDARDIZE;
  col->shift = 0.0;
  col->scale = 1.0;
  if (moments (ds, &c, 1, usable, &mean, &sd) == 0)
    return;
  if (isfinite (mean))
    col->shift = mean;
  if (sd > 0.0 && isfinite (sd))
    col->scale = sd;
}

NlStatus
nl_dataset_set_target_column (NlDataset *ds,
                              size_t     column,
                              NlError   *error)
{
  NlColumn *col;
  size_t n_numbers = 0;

  if (ds == NULL || column >= ds->n_columns || column > INT32_MAX)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No such column"));
  col = &ds->columns[column];
  for (size_t row = 0; row < ds->n_rows && n_numbers == 0; row++)
    {
      double v;

      n_numbers += nl_dataset_parse_number (nl_dataset_cell (ds, row, column)->text,
                                            &v, NULL) == NL_OK;
    }
  if (n_numbers == 0 && ds->n_rows > 0)
    {
      char name[64];

      return nl_error_set (error, NL_ERR_INVALID, 0, column + 1,
                           _("Column \"%s\" holds no numbers, so it cannot be the target "
                             "to predict"),
                           excerpt (col->name, name, sizeof name));
    }

  release_label_column (ds, column);
  init_column (col, NL_COLUMN_TARGET);
  ds->label_column = (int) column;
  reparse_column (ds, column);
  standardize_target (ds, NULL);
  return NL_OK;
}

NlStatus
nl_dataset_set_task_column (NlDataset  *ds,
                            size_t      column,
                            NlTaskKind  kind,
                            NlError    *error)
{
  const char *found[NL_MAX_CLASSES + 1];
  size_t found_len[NL_MAX_CLASSES + 1];
  size_t n_found;
  char name[64];

  if (ds == NULL || column >= ds->n_columns)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No such column"));
  if (kind == NL_TASK_REGRESSION)
    return nl_dataset_set_target_column (ds, column, error);

  n_found = distinct_values (ds, column, NL_MAX_CLASSES, found, found_len);
  excerpt (ds->columns[column].name, name, sizeof name);
  if (kind == NL_TASK_BINARY && n_found > 2)
    return nl_error_set (error, NL_ERR_INVALID, 0, column + 1,
                         _("Column \"%s\" holds %s%zu different values; binary "
                           "classification needs two"),
                         name, n_found > NL_MAX_CLASSES ? _("more than ") : "",
                         n_found > NL_MAX_CLASSES ? (size_t) NL_MAX_CLASSES : n_found);
  if (kind == NL_TASK_MULTICLASS && n_found < 3)
    return nl_error_set (error, NL_ERR_INVALID, 0, column + 1,
                         _("Column \"%s\" holds %zu different values; multi-class "
                           "classification needs 3 to %d"),
                         name, n_found, NL_MAX_CLASSES);
  return nl_dataset_set_label_column (ds, column, error);
}

void
nl_dataset_task (const NlDataset *ds,
                 NlTask          *task)
{
  const NlColumn *col;

  if (ds == NULL || ds->label_column < 0 || (size_t) ds->label_column >= ds->n_columns)
    {
      nl_task_init (task, NL_TASK_BINARY, 2);
      return;
    }
  col = &ds->columns[ds->label_column];
  if (col->kind == NL_COLUMN_TARGET)
    nl_task_init (task, NL_TASK_REGRESSION, 0);
  else if (col->n_classes > 2)
    nl_task_init (task, NL_TASK_MULTICLASS, col->n_classes);
  else
    nl_task_init (task, NL_TASK_BINARY, 2);
}

const char *
nl_dataset_class_name (const NlDataset *ds,
                       size_t           index)
{
  const NlColumn *col;

  if (ds == NULL || ds->label_column < 0 || (size_t) ds->label_column >= ds->n_columns)
    return NULL;
  col = &ds->columns[ds->label_column];
  return index < col->n_classes ? col->classes[index] : NULL;
}

NlStatus
nl_dataset_set_column_kind (NlDataset    *ds,
                            size_t        column,
                            NlColumnKind  kind,
                            NlError      *error)
{
  NlColumn *col;

  if (ds == NULL || column >= ds->n_columns)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No such column"));
  if (kind == NL_COLUMN_LABEL)
    return nl_dataset_set_label_column (ds, column, error);
  if (kind == NL_COLUMN_TARGET)
    return nl_dataset_set_target_column (ds, column, error);
  if (kind != NL_COLUMN_TEXT && kind != NL_COLUMN_NUMERIC)
    return nl_error_set (error, NL_ERR_INVALID, 0, column + 1, "%s", _("Unknown column kind"));

  col = &ds->columns[column];
  if (col->kind == kind)
    return NL_OK;
  if ((int) column == ds->label_column)
    ds->label_column = -1;
  init_column (col, kind);
  reparse_column (ds, column);
  return NL_OK;
}

void
nl_dataset_set_input (NlDataset *ds,
                      size_t     column,
                      int        is_input)
{
  if (ds == NULL || column >= ds->n_columns || ds->columns[column].kind != NL_COLUMN_NUMERIC)
    return;
  ds->columns[column].is_input = is_input != 0;
}

/* Normalisation */

void
nl_dataset_set_normalize (NlDataset   *ds,
                          NlNormalize  mode,
                          const double *shifts)
{
  unsigned char *usable;
  size_t *columns;
  double *mean, *sd;
  size_t i = 0, n_cols = 0, n;

  if (ds == NULL || (unsigned) mode >= NL_N_NORMALIZE)
    return;

  /* Without memory for these, each row is asked again (slow, same result). */
  usable = malloc (ds->n_rows > 0 ? ds->n_rows : 1);
  if (usable != NULL)
    nl_dataset_usable_rows (ds, usable);
  columns = alloc_array (ds->n_columns, sizeof *columns);
  mean = alloc_array (ds->n_columns, sizeof *mean);
  sd = alloc_array (ds->n_columns, sizeof *sd);

  for (size_t c = 0; c < ds->n_columns; c++)
    {
      NlColumn *col = &ds->columns[c];

      if (col->kind != NL_COLUMN_NUMERIC || !col->is_input)
        continue;

      col->normalize = mode;
      col->shift = 0.0;
      col->scale = 1.0;
      if (mode == NL_NORMALIZE_NONE || (mode == NL_NORMALIZE_SHIFT && shifts != NULL))
        {
          if (mode == NL_NORMALIZE_SHIFT)
            col->shift = shifts[i];
          i++;
          continue;
        }
      i++;
      if (columns != NULL && mean != NULL && sd != NULL)
        columns[n_cols++] = c;
      else
        {
          double m, d;

          n = moments (ds, &c, 1, usable, &m, &d);
          apply_moments (col, n, m, d);
        }
    }
  if (n_cols > 0)
    {
      n = moments (ds, columns, n_cols, usable, mean, sd);
      for (size_t k = 0; k < n_cols; k++)
        apply_moments (&ds->columns[columns[k]], n, mean[k], sd[k]);
    }
  standardize_target (ds, usable);
  free (usable);
  free (columns);
  free (mean);
  free (sd);
}

void
nl_dataset_restandardize_column (NlDataset           *ds,
                                 size_t               column,
                                 const unsigned char *usable)
{
  NlColumn *col;
  double mean, sd;
  size_t n;

  if (ds == NULL || column >= ds->n_columns)
    return;
  col = &ds->columns[column];
  if ((int) column == ds->label_column)
    standardize_target (ds, usable);
  else if (col->kind == NL_COLUMN_NUMERIC && col->is_input
           && col->normalize == NL_NORMALIZE_STANDARDIZE)
    {
      n = moments (ds, &column, 1, usable, &mean, &sd);
      apply_moments (col, n, mean, sd);
    }
}

double
nl_dataset_normalize (const NlDataset *ds,
                      size_t           column,
                      double           raw)
{
  const NlColumn *col;

  if (ds == NULL || column >= ds->n_columns)
    return raw;
  col = &ds->columns[column];
  if (col->kind != NL_COLUMN_NUMERIC && col->kind != NL_COLUMN_TARGET)
    return raw;
  return (raw - col->shift) / (col->scale != 0.0 ? col->scale : 1.0);
}

const char *
nl_normalize_name (NlNormalize mode)
{
  switch (mode)
    {
    case NL_NORMALIZE_NONE:
      return "none";
    case NL_NORMALIZE_SHIFT:
      return "shift";
    case NL_NORMALIZE_STANDARDIZE:
      return "standardize";
    case NL_N_NORMALIZE:
    default:
      return NULL;
    }
}

int
nl_normalize_from_name (const char  *name,
                        NlNormalize *out)
{
  if (name == NULL)
    return 0;
  for (int i = 0; i < NL_N_NORMALIZE; i++)
    if (strcmp (name, nl_normalize_name ((NlNormalize) i)) == 0)
      {
        *out = (NlNormalize) i;
        return 1;
      }
  return 0;
}

/* Training data */

/* Why the table has no input column: every numeric column is switched off,
 * or no column holds numbers (naming one that holds text, and a value). */
static NlStatus
no_input_error (const NlDataset *ds,
                NlError         *error)
{
  size_t n_numeric = 0;
  char name[64], value[64];

  for (size_t c = 0; c < ds->n_columns; c++)
    n_numeric += ds->columns[c].kind == NL_COLUMN_NUMERIC;
  if (n_numeric > 0)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The table has no input column: none of its numeric columns (%zu) "
                           "is chosen as an input"),
                         n_numeric);
  for (size_t c = 0; c < ds->n_columns; c++)
    if (ds->columns[c].kind == NL_COLUMN_TEXT || ds->columns[c].kind == NL_COLUMN_LABEL)
      for (size_t row = 0; row < ds->n_rows; row++)
        {
          const char *text = nl_dataset_cell (ds, row, c)->text;
          double v;

          if (ds->row_fields[row] == 0 && !nl_dataset_text_is_missing (text)
              && nl_dataset_parse_number (text, &v, NULL) != NL_OK)
            return nl_error_set (error, NL_ERR_INVALID, 0, c + 1,
                                 _("The table has no numeric input column: column \"%s\" "
                                   "holds text, such as \"%s\""),
                                 excerpt (ds->columns[c].name, name, sizeof name),
                                 excerpt (text, value, sizeof value));
        }
  return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                       _("The table has no numeric input column"));
}

static NlStatus
check_columns (const NlDataset *ds,
               NlError         *error)
{
  if (ds == NULL)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("There is no table"));
  /* A header alone has no column of numbers either, but the rows are what
   * it lacks. */
  if (ds->n_rows == 0)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("The table has no data rows"));
  if (nl_dataset_n_inputs (ds) == 0)
    return no_input_error (ds, error);
  if (ds->label_column < 0 || (size_t) ds->label_column >= ds->n_columns)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s",
                         _("The table has no label column: no column holds the classes to "
                           "predict, and none is chosen as the target"));
  if (ds->columns[ds->label_column].kind == NL_COLUMN_LABEL
      && ds->columns[ds->label_column].n_classes < 2)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("The label column has no classes"));
  return NL_OK;
}

NlStatus
nl_dataset_to_matrix (const NlDataset *ds,
                      NlMatrix        *out,
                      NlError         *error)
{
  NlStatus status;
  size_t n_inputs, n = 0;

  memset (out, 0, sizeof *out);
  status = check_columns (ds, error);
  if (status != NL_OK)
    return status;

  n_inputs = nl_dataset_n_inputs (ds);
  for (size_t row = 0; row < ds->n_rows; row++)
    n += nl_dataset_row_usable (ds, row) != 0;

  if (n != 0 && n_inputs > SIZE_MAX / n)
    return nl_error_set (error, NL_ERR_NOMEM, 0, 0, "%s", _("The table is too large"));
  out->x = alloc_array (n * n_inputs, sizeof *out->x);
  out->y = alloc_array (n, sizeof *out->y);
  out->source_row = alloc_array (n, sizeof *out->source_row);
  if (out->x == NULL || out->y == NULL || out->source_row == NULL)
    {
      nl_matrix_clear (out);
      return nl_error_nomem (error);
    }
  out->n_inputs = n_inputs;
  out->n_skipped = ds->n_rows - n;
  nl_dataset_task (ds, &out->task);
  out->y_shift = 0.0;
  out->y_scale = 1.0;
  if (out->task.kind == NL_TASK_REGRESSION)
    {
      const NlColumn *target = &ds->columns[ds->label_column];

      out->y_shift = target->shift;
      out->y_scale = target->scale != 0.0 ? target->scale : 1.0;
    }

  for (size_t row = 0, r = 0; row < ds->n_rows; row++)
    {
      size_t i = 0;

      if (!nl_dataset_row_usable (ds, row))
        continue;
      for (size_t c = 0; c < ds->n_columns; c++)
        if (ds->columns[c].kind == NL_COLUMN_NUMERIC && ds->columns[c].is_input)
          out->x[r * n_inputs + i++] = nl_dataset_normalize (ds, c,
                                                             nl_dataset_cell (ds, row, c)->value);
      out->y[r] = nl_dataset_cell (ds, row, (size_t) ds->label_column)->value;
      if (out->task.kind == NL_TASK_REGRESSION)
        out->y[r] = nl_dataset_normalize (ds, (size_t) ds->label_column, out->y[r]);
      out->source_row[r] = row;
      r++;
    }
  out->n_rows = n;
  return NL_OK;
}

void
nl_matrix_clear (NlMatrix *m)
{
  if (m == NULL)
    return;
  free (m->x);
  free (m->y);
  free (m->source_row);
  memset (m, 0, sizeof *m);
}

NlStatus
nl_dataset_check_trainable (const NlDataset *ds,
                            NlError         *error)
{
  return nl_dataset_check_trainable_rows (ds, NULL, error);
}

NlStatus
nl_dataset_check_trainable_rows (const NlDataset     *ds,
                                 const unsigned char *usable_rows,
                                 NlError             *error)
{
  size_t per_class[NL_MAX_CLASSES] = { 0 };
  size_t usable = 0, n_present = 0, last_present = 0;
  NlStatus status;
  NlTask task;

  status = check_columns (ds, error);
  if (status != NL_OK)
    return status;
  nl_dataset_task (ds, &task);
  for (size_t row = 0; row < ds->n_rows; row++)
    if (is_usable (ds, usable_rows, row))
      {
        double v = nl_dataset_cell (ds, row, (size_t) ds->label_column)->value;

        usable++;
        if (nl_task_is_classification (&task) && v >= 0.0 && v < NL_MAX_CLASSES)
          per_class[(size_t) v]++;
      }
  if (usable < 2)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The table has fewer than two usable rows (%zu of %zu rows have "
                           "every input and the label)"),
                         usable, ds->n_rows);
  if (!nl_task_is_classification (&task))
    return NL_OK;
  for (size_t k = 0; k < NL_MAX_CLASSES; k++)
    if (per_class[k] > 0)
      {
        n_present++;
        last_present = k;
      }
  if (n_present < 2)
    {
      const char *only = nl_dataset_class_name (ds, last_present);
      char word[64];

      return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                           _("Every usable row has the same label (\"%s\"), only one class; "
                             "training needs both"),
                           excerpt (only != NULL ? only : "", word, sizeof word));
    }
  return NL_OK;
}

/* Plausibility (the rule is in nl-dataset.h) */

void
nl_dataset_column_spread (const NlDataset *ds,
                          size_t           column,
                          NlColumnSpread  *out)
{
  out->n = 0;
  out->n_positive = 0;
  out->low[0] = out->low[1] = INFINITY;
  out->high[0] = out->high[1] = -INFINITY;
  if (ds == NULL || column >= ds->n_columns
      || (ds->columns[column].kind != NL_COLUMN_NUMERIC
          && ds->columns[column].kind != NL_COLUMN_TARGET))
    return;

  for (size_t row = 0; row < ds->n_rows; row++)
    {
      const NlCell *cell = nl_dataset_cell (ds, row, column);
      double v = cell->value;

      if (cell->state != NL_CELL_OK)
        continue;
      out->n++;
      out->n_positive += v > 0;
      if (v < out->low[0])
        {
          out->low[1] = out->low[0];
          out->low[0] = v;
        }
      else if (v < out->low[1])
        out->low[1] = v;
      if (v > out->high[0])
        {
          out->high[1] = out->high[0];
          out->high[0] = v;
        }
      else if (v > out->high[1])
        out->high[1] = v;
    }
}

NlPlausibility
nl_column_spread_judge (const NlColumnSpread *spread,
                        double                value,
                        double               *low,
                        double               *high)
{
  double lo, hi, spread_width;

  if (low != NULL)
    *low = NAN;
  if (high != NULL)
    *high = NAN;
  if (spread->n < NL_PLAUSIBLE_MIN_OTHERS + 1 || !isfinite (value))
    return NL_PLAUSIBLE;

  /* The others: the value itself is one of the counted cells, left out once. */
  lo = value == spread->low[0] ? spread->low[1] : spread->low[0];
  hi = value == spread->high[0] ? spread->high[1] : spread->high[0];
  if (low != NULL)
    *low = lo;
  if (high != NULL)
    *high = hi;

  spread_width = hi - lo;
  if (spread_width <= 0)
    spread_width = 0.1 * fmax (fabs (lo), fabs (hi));
  if (spread_width > 0
      && (value < lo - NL_PLAUSIBLE_SPANS * spread_width
          || value > hi + NL_PLAUSIBLE_SPANS * spread_width))
    return NL_IMPLAUSIBLE_FAR;
  if (value < 0 && spread->n_positive == spread->n - 1)
    return NL_IMPLAUSIBLE_NEGATIVE;
  return NL_PLAUSIBLE;
}

NlPlausibility
nl_dataset_cell_plausibility (const NlDataset *ds,
                              size_t           row,
                              size_t           column,
                              double          *low,
                              double          *high)
{
  NlColumnSpread spread;
  const NlCell *cell;

  if (low != NULL)
    *low = NAN;
  if (high != NULL)
    *high = NAN;
  if (ds == NULL || row >= ds->n_rows || column >= ds->n_columns
      || ds->columns[column].kind != NL_COLUMN_NUMERIC)
    return NL_PLAUSIBLE;
  cell = nl_dataset_cell (ds, row, column);
  if (cell->state != NL_CELL_OK)
    return NL_PLAUSIBLE;
  nl_dataset_column_spread (ds, column, &spread);
  return nl_column_spread_judge (&spread, cell->value, low, high);
}

/* Problems */

static void add_problem_v (NlDataset     *ds,
                           NlProblemKind  kind,
                           size_t         line,
                           size_t         column,
                           const char    *format,
                           va_list        args) __attribute__ ((format (printf, 5, 0)));

static void
add_problem_v (NlDataset     *ds,
               NlProblemKind  kind,
               size_t         line,
               size_t         column,
               const char    *format,
               va_list        args)
{
  NlProblem *problems;
  NlProblem *p;

  if (ds == NULL || ds->n_problems == SIZE_MAX)
    return;
  problems = realloc_array (ds->problems, ds->n_problems + 1, sizeof *problems);
  if (problems == NULL)
    return; /* Losing a report is better than losing the table. */
  ds->problems = problems;
  p = &problems[ds->n_problems++];
  p->line = line;
  p->column = column;
  p->kind = kind;
  vsnprintf (p->message, sizeof p->message, format, args);
  trim_partial_utf8 (p->message);
}

void
nl_dataset_add_problem (NlDataset  *ds,
                        size_t      line,
                        size_t      column,
                        const char *format,
                        ...)
{
  va_list args;

  va_start (args, format);
  add_problem_v (ds, NL_PROBLEM_ROW, line, column, format, args);
  va_end (args);
}

void
nl_dataset_add_note (NlDataset  *ds,
                     size_t      line,
                     size_t      column,
                     const char *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  add_problem_v (ds, NL_PROBLEM_NOTE, line, column, format, args);
  va_end (args);
}

int
nl_dataset_problem_leaves_row_out (const NlDataset *ds,
                                   const NlProblem *problem)
{
  size_t lo = 0, hi;

  if (ds == NULL || problem == NULL || problem->kind != NL_PROBLEM_ROW || problem->line == 0)
    return 0;
  /* The rows of a table as read lie in the order of their lines. */
  hi = ds->n_rows;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (ds->row_line[mid] < problem->line)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < ds->n_rows && ds->row_line[lo] == problem->line && !nl_dataset_row_usable (ds, lo);
}
