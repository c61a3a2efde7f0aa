/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-csv.c: reading and writing datasets as CSV.
 *
 * Reading happens in two passes over the table, not the file: every record is
 * first stored as text in a table of text columns, then each column's kind is
 * inferred from all of its values and the cells are parsed for it. That way a
 * cell is judged against its whole column, and problems are reported with the
 * line each row came from.
 *
 * Before that, a first pass reads the records without storing them, to learn
 * the file's shape: whether its first line is a header and whether every
 * line ends with a separator. What the reader decided is named in the
 * problems list as a note (NL_PROBLEM_NOTE), before the problems of rows.
 *
 * Choices made where RFC 4180 is silent or where real files stray from it:
 *  - The separator is the one of ',', ';' and tab that the header line holds
 *    most often outside quotes (',' on a tie or when it holds none), so
 *    spreadsheets saved in a decimal comma locale open. In a file not
 *    separated by commas, a number may use a decimal comma ("133,5"): the
 *    cells of numeric columns are then stored with a point, so the table and
 *    the files written from it are the same in every locale. Files are
 *    always written with ',' and '.'.
 *  - A first line made only of numbers (and missing values) is data: the
 *    columns are called "Column 1", "Column 2"...
 *  - When every line ends with a separator (R's and some spreadsheets'
 *    habit), the empty field after it is not a column. A header whose last
 *    name alone is empty, over a column that no row fills, is the same.
 *  - Line breaks are LF, CRLF or a lone CR; inside quotes they become "\n".
 *  - Spaces before an opening quote and after a closing quote are dropped, so
 *    "a", "b" reads as two quoted fields. Other text after a closing quote is
 *    kept, appended to the field, and reported.
 *  - Lines that are empty or hold only spaces are skipped; a header with no
 *    rows is a valid, empty table; a file with nothing but blank lines is not.
 *  - A row with more or fewer fields than the header is kept but marked
 *    (ds->row_fields) and so left out of training, and reported once. A row
 *    with too few fields keeps its missing cells empty; one with too many
 *    keeps all its text: the extra fields are joined, with commas, to the
 *    last column, and split there again when the table is written, so the
 *    row stays marked when the file is read back; a row too short is written
 *    short again, unless its missing cells were filled since. Marked rows do
 *    not count when column kinds and the label's classes are decided, so
 *    their text cannot spoil a column, and keep their text as read.
 *  - Missing values (empty, NA, NaN, N/A, ?, null) count for no kind.
 *  - Column kinds: a column is numeric when more than half of its cells that
 *    are not missing are numbers (the others are then reported as not
 *    numbers), else text. The label is chosen in this order: a non-numeric
 *    column of two values that are a known pair (M/F, yes/no...), any other
 *    non-numeric column of two values, a non-numeric column of 3 to
 *    NL_MAX_CLASSES values with on average two rows or more each (Iris's
 *    species; not names, which are mostly all different), a numeric column
 *    holding just 0 and 1; the last such column when several qualify. A
 *    number to predict is never guessed: a person chooses the target.
 *  - Imported inputs are standardised (docs/ARCHITECTURE.md, "CSV files").
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "nl-csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nl-dataset-private.h"
#include "nl-file.h"
#include "nl-i18n.h"
#include "nl-utf8.h"

/* Limits that keep a hostile or mistaken file from exhausting memory. A
 * cell costs sizeof (NlCell), 24 bytes, and its text goes into one block
 * the size of the file (empty texts cost nothing). A line of full length
 * has at most one field per byte (each ends with a separator or a line
 * break), but a short line still costs a cell per column: so the table may
 * hold at most one cell per byte of input (and a few to spare for small
 * files), which keeps the reader within about 25 bytes of memory per byte
 * of file whatever the file (see bench/bench-csv-memory.c). The first pass
 * counts the rows, so a file over the limit is refused before its table is
 * made, and the table is allocated once at its size. */
#define MAX_COLUMNS        4096
#define MAX_PROBLEMS       1000
#define MAX_FILE_SIZE      ((size_t) 256 * 1024 * 1024)
#define CELLS_PER_BYTE     1
#define CELLS_SLACK        65536
/* How many records, rows or cells pass between two questions to the
 * caller (NlCsvOptions): often enough to stop within a blink, seldom
 * enough to cost nothing. */
#define POLL_EVERY         4096

typedef struct
{
  size_t offset;   /* into Reader.buf, where the field's text starts */
  size_t length;
  int    quoted;
  int    stray;    /* text followed the closing quote */
  int    filled;   /* holds something other than spaces */
} Field;

typedef struct
{
  const char *p;
  const char *end;
  char        sep;
  int         decimal_comma; /* numbers may use a decimal comma (sep is not ',') */
  size_t      line;         /* the line r->p is on */
  size_t      record_line;  /* the line the last record started on */

  char       *buf;          /* the last record's fields, each NUL-terminated */
  size_t      buf_len;
  size_t      buf_alloc;
  Field      *fields;
  size_t      n_fields;
  size_t      fields_alloc;

  size_t      n_dropped;    /* problems beyond MAX_PROBLEMS */

  const NlCsvOptions *options; /* may be NULL */
  const char *start;        /* of the input, for the progress */
  size_t      ticks;        /* calls of poll() */

  /* While the first pass reads on, fields are checked but not stored:
   * only their count and Field.filled are known. */
  int         scanning;
  int         filled;       /* of the field being read */
} Reader;

static int
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Grows a buffer geometrically; returns 0 when it cannot. */
static int
grow (void   **p,
      size_t  *alloc,
      size_t   needed,
      size_t   size)
{
  size_t n = *alloc < 64 ? 64 : *alloc;
  void *q;

  if (needed <= *alloc)
    return 1;
  while (n < needed)
    {
      if (n > SIZE_MAX / 2)
        return 0;
      n *= 2;
    }
  if (n > SIZE_MAX / size)
    return 0;
  q = realloc (*p, n * size);
  if (q == NULL)
    return 0;
  *p = q;
  *alloc = n;
  return 1;
}

static int
push_bytes (Reader     *r,
            const char *s,
            size_t      n)
{
  if (r->scanning)
    return 1;
  if (r->buf_len > SIZE_MAX - n
      || !grow ((void **) &r->buf, &r->buf_alloc, r->buf_len + n, 1))
    return 0;
  memcpy (r->buf + r->buf_len, s, n);
  r->buf_len += n;
  return 1;
}

/* Takes one character of a field's text, refusing what no text file holds. */
static NlStatus
take_char (Reader  *r,
           NlError *error)
{
  unsigned char c = (unsigned char) *r->p;
  size_t n = 1;

  if ((c < 0x20 && c != '\t')
      || (c >= 0x80 && (n = nl_utf8_length ((const unsigned char *) r->p,
                                            (const unsigned char *) r->end)) == 0))
    return nl_error_set (error, NL_ERR_PARSE, r->line, r->n_fields + 1,
                         _("This does not look like a CSV file (binary data at line %zu, "
                           "column %zu)"),
                         r->line, r->n_fields + 1);
  if (!is_blank ((char) c))
    r->filled = 1;
  if (!push_bytes (r, r->p, n))
    return nl_error_nomem (error);
  r->p += n;
  return NL_OK;
}

/* @base plus @share of the way r->p has come through the input. */
static double
through (const Reader *r,
         double        base,
         double        share)
{
  return base + share * (r->end > r->start ? (double) (r->p - r->start)
                                             / (double) (r->end - r->start) : 1.0);
}

/* Every POLL_EVERY calls, tells the caller how far the reading is and asks
 * whether to stop. */
static NlStatus
poll (Reader  *r,
      double   fraction,
      NlError *error)
{
  const NlCsvOptions *o = r->options;

  if (o == NULL || ++r->ticks % POLL_EVERY != 0)
    return NL_OK;
  if (o->progress != NULL)
    o->progress (fraction, o->user_data);
  if (o->cancelled != NULL && o->cancelled (o->user_data))
    return nl_error_set (error, NL_ERR_CANCELLED, 0, 0, "%s", _("The reading was cancelled"));
  return NL_OK;
}

/* Steps over a line break at r->p: LF, CRLF or a lone CR. */
static void
skip_line_break (Reader *r)
{
  if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
    r->p++;
  r->p++;
  r->line++;
}

static int
at_field_end (const Reader *r,
              const char   *q)
{
  return q >= r->end || *q == r->sep || *q == '\n' || *q == '\r';
}

/* Reads one record into r->fields; *got is 0 at the end of the input. */
static NlStatus
read_record (Reader  *r,
             int     *got,
             NlError *error)
{
  NlStatus status;

  *got = 0;
  r->n_fields = 0;
  r->buf_len = 0;
  if (r->p >= r->end)
    return NL_OK;
  r->record_line = r->line;

  for (;;)
    {
      Field f = { r->buf_len, 0, 0, 0, 0 };
      const char *q = r->p;

      r->filled = 0;
      while (q < r->end && is_blank (*q) && *q != r->sep)
        q++;
      if (q < r->end && *q == '"')
        {
          size_t quote_line = r->line;

          f.quoted = 1;
          r->p = q + 1;
          for (;;)
            {
              if (r->p >= r->end)
                return nl_error_set (error, NL_ERR_PARSE, quote_line, r->n_fields + 1,
                                     _("Line %zu, column %zu: the quote that opens here is "
                                       "never closed"),
                                     quote_line, r->n_fields + 1);
              if (*r->p == '"')
                {
                  if (r->p + 1 < r->end && r->p[1] == '"')
                    {
                      r->filled = 1;
                      if (!push_bytes (r, "\"", 1))
                        return nl_error_nomem (error);
                      r->p += 2;
                      continue;
                    }
                  r->p++;
                  break;
                }
              if (*r->p == '\n' || *r->p == '\r')
                {
                  r->filled = 1;
                  if (!push_bytes (r, "\n", 1))
                    return nl_error_nomem (error);
                  skip_line_break (r);
                  continue;
                }
              status = take_char (r, error);
              if (status != NL_OK)
                return status;
            }

          q = r->p;
          while (q < r->end && is_blank (*q) && *q != r->sep)
            q++;
          if (at_field_end (r, q))
            r->p = q;
          else
            f.stray = 1; /* read on as unquoted text, blanks included */
        }

      while (!at_field_end (r, r->p))
        {
          const char *run = r->p;

          /* Printable ASCII, most of any file, is taken a run at a time. */
          while (run < r->end && (unsigned char) *run >= 0x20 && (unsigned char) *run < 0x80
                 && *run != r->sep)
            r->filled |= *run++ != ' ';
          if (run > r->p)
            {
              if (!push_bytes (r, r->p, (size_t) (run - r->p)))
                return nl_error_nomem (error);
              r->p = run;
              continue;
            }
          status = take_char (r, error);
          if (status != NL_OK)
            return status;
        }

      f.filled = r->filled;
      if (!push_bytes (r, "", 1))
        return nl_error_nomem (error);
      f.length = r->scanning ? 0 : r->buf_len - f.offset - 1;
      if (r->n_fields == SIZE_MAX
          || !grow ((void **) &r->fields, &r->fields_alloc, r->n_fields + 1, sizeof *r->fields))
        return nl_error_nomem (error);
      r->fields[r->n_fields++] = f;

      if (r->p >= r->end)
        break;
      if (*r->p == r->sep)
        {
          r->p++;
          continue;
        }
      skip_line_break (r);
      break;
    }

  *got = 1;
  return NL_OK;
}

/* A record that is an empty line, or one holding only spaces. */
static int
record_is_blank (const Reader *r)
{
  return r->n_fields == 1 && !r->fields[0].quoted && !r->fields[0].filled;
}

/* Picks the separator from the first non-blank line (see the top of the file). */
static char
detect_separator (const char *p,
                  const char *end)
{
  size_t commas = 0, semicolons = 0, tabs = 0;
  int in_quotes = 0;
  int seen_text = 0;

  for (; p < end; p++)
    {
      if (*p == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (*p == '\n' || *p == '\r'))
        {
          if (seen_text)
            break;
          continue;
        }
      else if (!in_quotes && *p == ',')
        commas++;
      else if (!in_quotes && *p == ';')
        semicolons++;
      else if (!in_quotes && *p == '\t')
        {
          tabs++;
          continue; /* a line of tabs alone is still blank */
        }
      if (*p != ' ')
        seen_text = 1;
    }
  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';
  return ',';
}

/* Field @i of the last record holds nothing: unquoted, spaces at most. */
static int
field_is_empty (const Reader *r,
                size_t        i)
{
  return !r->fields[i].quoted && !r->fields[i].filled;
}

/* The record ends with a separator: its last field is empty. */
static int
record_ends_with_separator (const Reader *r)
{
  return r->n_fields >= 2 && field_is_empty (r, r->n_fields - 1);
}

/* Parses a number as the file writes it: with a point, or with a decimal
 * comma where the separator allows one. *comma says which it was. */
static int
parse_file_number (const Reader *r,
                   const char   *text,
                   double       *value,
                   int          *comma)
{
  char buf[64];
  const char *c;
  size_t len;

  *comma = 0;
  if (nl_dataset_parse_number (text, value, NULL) == NL_OK)
    return 1;
  c = strchr (text, ',');
  len = strlen (text);
  if (!r->decimal_comma || c == NULL || strchr (c + 1, ',') != NULL
      || strchr (text, '.') != NULL || len >= sizeof buf)
    return 0;
  memcpy (buf, text, len + 1);
  buf[c - text] = '.';
  if (nl_dataset_parse_number (buf, value, NULL) != NL_OK)
    return 0;
  *comma = 1;
  return 1;
}

/* The record is made only of numbers and missing values, one number at
 * least: a first line like that is data, not a header. */
static int
record_is_numbers (const Reader *r)
{
  size_t numbers = 0;

  for (size_t i = 0; i < r->n_fields; i++)
    {
      const char *text = r->buf + r->fields[i].offset;
      double v;
      int comma;

      if (parse_file_number (r, text, &v, &comma))
        numbers++;
      else if (!nl_dataset_text_is_missing (text))
        return 0;
    }
  return numbers > 0;
}

/* What the first pass learns about the file. */
typedef struct
{
  int    headerless;      /* the first line is data */
  int    strip_header;    /* the header's empty last name is not a column */
  int    strip_rows;      /* every row's empty last field is not a column */
  size_t n_columns;
  size_t n_rows;          /* lines that are rows, not blank */
} Shape;

/* Reads every record once, storing nothing, to decide the file's shape (see
 * the top of the file). Leaves @r where it found it. */
static NlStatus
scan_shape (Reader  *r,
            Shape   *shape,
            NlError *error)
{
  const char *start = r->p;
  size_t start_line = r->line;
  size_t n_header, n_rows = 0, n_ending = 0;
  size_t n_plus = 0, n_same = 0, n_minus = 0; /* rows of n_header + 1, n_header, n_header - 1 */
  int header_ends, last_filled = 0;
  NlStatus status;
  int got;

  memset (shape, 0, sizeof *shape);
  do
    {
      if ((status = read_record (r, &got, error)) != NL_OK)
        return status;
    }
  while (got && record_is_blank (r));
  if (!got)
    goto out;
  n_header = r->n_fields;
  header_ends = record_ends_with_separator (r);
  shape->headerless = record_is_numbers (r);
  r->scanning = 1;

  for (;;)
    {
      if ((status = read_record (r, &got, error)) != NL_OK
          || (status = poll (r, through (r, 0.0, 0.4), error)) != NL_OK)
        {
          r->scanning = 0;
          return status;
        }
      if (!got)
        break;
      if (record_is_blank (r))
        continue;
      n_rows++;
      n_ending += record_ends_with_separator (r);
      n_plus += r->n_fields == n_header + 1;
      n_same += r->n_fields == n_header;
      n_minus += r->n_fields + 1 == n_header;
      if (r->n_fields >= n_header && !field_is_empty (r, n_header - 1))
        last_filled = 1;
    }

  if (shape->headerless)
    /* The first line is a row like the others. */
    shape->strip_rows = header_ends && n_ending == n_rows;
  else
    {
      int all_end = n_rows > 0 && n_ending == n_rows;

      shape->strip_header = header_ends && (all_end || !last_filled);
      /* The rows end with a separator when they all do and most of them
       * have one field more than the header as it is read. */
      if (shape->strip_header)
        shape->strip_rows = all_end && n_same > n_minus;
      else
        shape->strip_rows = all_end && n_plus > n_same;
    }
  shape->n_columns = n_header;
  if (shape->strip_header || (shape->headerless && shape->strip_rows))
    shape->n_columns--;
  shape->n_rows = n_rows + (shape->headerless ? 1 : 0);

out:
  r->scanning = 0;
  r->p = start;
  r->line = start_line;
  return NL_OK;
}

static void
report (Reader        *r,
        NlDataset     *ds,
        NlProblemKind  kind,
        size_t         line,
        size_t         column,
        const char    *format,
        ...) __attribute__ ((format (printf, 6, 7)));

/* Adds a problem unless too many were already listed: a file with a bad
 * column should not make thousands of identical reports. */
static void
report (Reader        *r,
        NlDataset     *ds,
        NlProblemKind  kind,
        size_t         line,
        size_t         column,
        const char    *format,
        ...)
{
  char message[sizeof ds->problems[0].message];
  va_list args;

  if (ds->n_problems >= MAX_PROBLEMS)
    {
      r->n_dropped++;
      return;
    }
  va_start (args, format);
  vsnprintf (message, sizeof message, format, args);
  va_end (args);
  if (kind == NL_PROBLEM_NOTE)
    nl_dataset_add_note (ds, line, column, "%s", message);
  else
    nl_dataset_add_problem (ds, line, column, "%s", message);
}

/* Copies @text into @buf for a message, cut short when long. */
static const char *
short_text (const char *text,
            char       *buf,
            size_t      size)
{
  size_t len = strlen (text);

  if (len < size && len <= 40)
    return text;
  len = size - 4 < 40 ? size - 4 : 40;
  while (len > 0 && ((unsigned char) text[len] & 0xC0) == 0x80)
    len--;
  memcpy (buf, text, len);
  memcpy (buf + len, "\xe2\x80\xa6", 4); /* … and the NUL */
  return buf;
}

/* short_text() for a cell's text inside a one-line message: its line breaks
 * and tabs become spaces. */
static const char *
one_line (const char *text,
          char       *buf,
          size_t      size)
{
  const char *shown = short_text (text, buf, size);

  if (shown != buf)
    {
      snprintf (buf, size, "%s", shown);
      shown = buf;
    }
  for (char *p = buf; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20)
      *p = ' ';
  return buf;
}

/* A small open-addressing hash set of names, so that making thousands of
 * header names unique stays close to linear. Each entry also remembers the
 * next suffix to try for that name. */
typedef struct
{
  const char *name;   /* not owned */
  size_t      next_k;
} NameSlot;

typedef struct
{
  NameSlot *slots;
  size_t    mask;
} NameSet;

static size_t
hash_name (const char *s)
{
  size_t h = (size_t) 14695981039346656037ULL;

  for (; *s != '\0'; s++)
    h = (h ^ (unsigned char) *s) * (size_t) 1099511628211ULL;
  return h;
}

static int
name_set_init (NameSet *set,
               size_t   n)
{
  size_t size = 16;

  /* At most half full: n is bounded by MAX_COLUMNS, so no overflow. */
  while (size < 2 * n)
    size *= 2;
  set->slots = calloc (size, sizeof *set->slots);
  set->mask = size - 1;
  return set->slots != NULL;
}

/* The slot holding @name, or the empty slot where it would go. */
static NameSlot *
name_set_find (NameSet    *set,
               const char *name)
{
  size_t i = hash_name (name) & set->mask;

  while (set->slots[i].name != NULL && strcmp (set->slots[i].name, name) != 0)
    i = (i + 1) & set->mask;
  return &set->slots[i];
}

static void
name_set_add (NameSet    *set,
              const char *name)
{
  NameSlot *slot = name_set_find (set, name);

  if (slot->name == NULL)
    {
      slot->name = name;
      slot->next_k = 2;
    }
}

/* Turns the header record into unique, non-empty column names. Problems are
 * collected in @notes (one per column: 1 renamed empty, 2 duplicate). */
static char **
make_names (Reader        *r,
            unsigned char *notes,
            NlError       *error)
{
  size_t n = r->n_fields;
  char **names = calloc (n, sizeof *names);
  char **raw = calloc (n, sizeof *raw);
  NameSet taken = { NULL, 0 };    /* every name in the header, and every one made */
  NameSet claimed = { NULL, 0 };  /* the final names of the columns so far */

  if (names == NULL || raw == NULL || !name_set_init (&taken, 2 * n)
      || !name_set_init (&claimed, 2 * n))
    goto fail;
  for (size_t i = 0; i < n; i++)
    {
      const char *s = r->buf + r->fields[i].offset;
      size_t len = r->fields[i].length;

      while (len > 0 && is_blank (*s))
        {
          s++;
          len--;
        }
      while (len > 0 && is_blank (s[len - 1]))
        len--;
      raw[i] = malloc (len + 1);
      if (raw[i] == NULL)
        goto fail;
      memcpy (raw[i], s, len);
      raw[i][len] = '\0';
      name_set_add (&taken, raw[i]);
    }

  for (size_t i = 0; i < n; i++)
    {
      int empty = raw[i][0] == '\0';
      NameSlot *first = empty ? NULL : name_set_find (&claimed, raw[i]);
      char candidate[512];
      char shortened[64];

      if (!empty && first->name == NULL)
        {
          names[i] = strdup (raw[i]);
          if (names[i] == NULL)
            goto fail;
          name_set_add (&claimed, names[i]);
          continue;
        }

      /* "Column 3" for an empty name, "Weight (2)" for a second "Weight";
       * never a name used anywhere else in the header. */
      for (size_t k = empty ? 1 : first->next_k; ; k++)
        {
          if (empty && k == 1)
            snprintf (candidate, sizeof candidate, _("Column %zu"), i + 1);
          else if (empty)
            snprintf (candidate, sizeof candidate, _("Column %zu (%zu)"), i + 1, k);
          else
            snprintf (candidate, sizeof candidate, "%s (%zu)",
                      short_text (raw[i], shortened, sizeof shortened), k);
          if (name_set_find (&taken, candidate)->name == NULL)
            {
              if (!empty)
                first->next_k = k + 1;
              break;
            }
        }
      names[i] = strdup (candidate);
      if (names[i] == NULL)
        goto fail;
      name_set_add (&taken, names[i]);
      name_set_add (&claimed, names[i]);
      notes[i] = empty ? 1 : 2;
    }

  for (size_t i = 0; i < n; i++)
    free (raw[i]);
  free (raw);
  free (taken.slots);
  free (claimed.slots);
  return names;

fail:
  for (size_t i = 0; i < n; i++)
    {
      if (names != NULL)
        free (names[i]);
      if (raw != NULL)
        free (raw[i]);
    }
  free (names);
  free (raw);
  free (taken.slots);
  free (claimed.slots);
  nl_error_nomem (error);
  return NULL;
}

typedef struct
{
  const char *value[NL_MAX_CLASSES]; /* the first different values, trimmed */
  size_t      length[NL_MAX_CLASSES];
  size_t      n_distinct;   /* up to NL_MAX_CLASSES, or one more for "more" */
  size_t      n_nonempty;   /* cells that are not missing */
  size_t      n_numeric;
  size_t      first_text;   /* the first row whose cell is not a number, or -1 */
  size_t      n_comma;      /* of the numbers, those with a decimal comma */
  int         zero_one;     /* every value is the number 0 or 1 */
  int         has_zero;     /* some value is the number 0, however written */
  int         has_one;      /* some value is the number 1 */
} ColumnStats;

static void
trim_range (const char **s,
            size_t      *len)
{
  while (*len > 0 && is_blank (**s))
    {
      (*s)++;
      (*len)--;
    }
  while (*len > 0 && is_blank ((*s)[*len - 1]))
    (*len)--;
}

/* How far deciding the kinds is, with @column of the table's columns done. */
static double
kinds_done (const NlDataset *ds,
            size_t           column)
{
  return 0.8 + 0.15 * (double) column / (double) ds->n_columns;
}

/* Counts what @column holds in the rows of the right length. */
static NlStatus
column_stats (Reader          *r,
              const NlDataset *ds,
              size_t           column,
              ColumnStats     *st,
              NlError         *error)
{
  memset (st, 0, sizeof *st);
  st->zero_one = 1;
  st->first_text = (size_t) -1;
  for (size_t row = 0; row < ds->n_rows; row++)
    {
      const char *text = nl_dataset_cell (ds, row, column)->text;
      const char *s = text;
      size_t len = strlen (text);
      double v;
      size_t k;
      int comma;

      if (poll (r, kinds_done (ds, column), error) != NL_OK)
        return NL_ERR_CANCELLED;
      if (ds->row_fields[row] != 0 || nl_dataset_text_is_missing (text))
        continue;
      trim_range (&s, &len);
      st->n_nonempty++;
      if (parse_file_number (r, text, &v, &comma))
        {
          st->n_numeric++;
          st->n_comma += comma;
          if (v != 0.0 && v != 1.0)
            st->zero_one = 0;
          st->has_zero |= v == 0.0;
          st->has_one |= v == 1.0;
        }
      else
        {
          st->zero_one = 0;
          if (st->first_text == (size_t) -1)
            st->first_text = row;
        }
      if (st->n_distinct > NL_MAX_CLASSES)
        continue;
      for (k = 0; k < st->n_distinct; k++)
        if (st->length[k] == len && memcmp (st->value[k], s, len) == 0)
          break;
      if (k < st->n_distinct)
        continue;
      if (st->n_distinct < NL_MAX_CLASSES)
        {
          st->value[st->n_distinct] = s;
          st->length[st->n_distinct] = len;
        }
      st->n_distinct++;
    }
  return NL_OK;
}

static int
pair_is_known (const ColumnStats *st)
{
  static const char * const pairs[][2] = {
    { "m", "f" }, { "male", "female" }, { "no", "yes" }, { "false", "true" }, { "n", "y" },
  };

  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    for (int flip = 0; flip < 2; flip++)
      {
        int match = 1;

        for (int k = 0; k < 2 && match; k++)
          {
            const char *word = pairs[i][k ^ flip];

            if (st->length[k] != strlen (word))
              match = 0;
            for (size_t j = 0; match && j < st->length[k]; j++)
              {
                char c = st->value[k][j];

                if (c >= 'A' && c <= 'Z')
                  c = (char) (c - 'A' + 'a');
                match = c == word[j];
              }
          }
        if (match)
          return 1;
      }
  return 0;
}

/* Stores the numbers of a numeric @column written with a decimal comma with
 * a point instead, as the table holds every number. A line of the wrong
 * length keeps its text as it was read: its commas may be the joints of
 * its extra fields. */
static void
use_decimal_points (const Reader *r,
                    NlDataset    *ds,
                    size_t        column)
{
  for (size_t row = 0; row < ds->n_rows; row++)
    {
      char *text = nl_dataset_cell (ds, row, column)->text;
      double v;
      int comma;

      if (ds->row_fields[row] == 0 && parse_file_number (r, text, &v, &comma) && comma)
        *strchr (text, ',') = '.';
    }
}

/* Decides each column's kind, then reports every cell that does not parse.
 * *decimal_comma says whether any number used a decimal comma. */
static NlStatus
infer_kinds (Reader    *r,
             NlDataset *ds,
             int       *decimal_comma,
             NlError   *error)
{
  int best_rank = 0;
  size_t label = 0;
  /* Per column: its numbers, its other values and the first of those, to
   * say why a column that holds some numbers is not an input. */
  size_t (*mixed)[3] = calloc (ds->n_columns, sizeof *mixed);

  *decimal_comma = 0;
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      ColumnStats st;
      int numeric, rank = 0;

      if (column_stats (r, ds, c, &st, error) != NL_OK)
        {
          free (mixed);
          return NL_ERR_CANCELLED;
        }
      numeric = st.n_numeric > 0 && st.n_numeric > st.n_nonempty / 2;
      if (mixed != NULL && !numeric)
        {
          mixed[c][0] = st.n_numeric;
          mixed[c][1] = st.n_nonempty - st.n_numeric;
          mixed[c][2] = st.first_text;
        }
      if (st.n_distinct == 2 && !numeric)
        rank = pair_is_known (&st) ? 4 : 3;
      else if (st.n_distinct > 2 && st.n_distinct <= NL_MAX_CLASSES && !numeric
               && 2 * st.n_distinct <= st.n_nonempty)
        rank = 2;
      /* Numbers 0 and 1 by their values, not their texts: "0", "0.0" and
       * ",0" (a decimal comma, written back as ".0") are one class. */
      else if (st.zero_one && st.has_zero && st.has_one)
        rank = 1;
      if (rank > 0 && rank >= best_rank)
        {
          best_rank = rank;
          label = c;
        }
      if (numeric)
        {
          NlStatus status;

          if (st.n_comma > 0)
            {
              use_decimal_points (r, ds, c);
              *decimal_comma = 1;
            }
          /* Parsed a part at a time, to stop promptly when asked. */
          _nl_dataset_make_numeric (ds, c);
          for (size_t row = 0; row < ds->n_rows; row += POLL_EVERY)
            {
              _nl_dataset_parse_rows (ds, c, row, row + POLL_EVERY);
              r->ticks = POLL_EVERY - 1; /* ask now */
              status = poll (r, kinds_done (ds, c), error);
              if (status != NL_OK)
                {
                  free (mixed);
                  return status;
                }
            }
        }
    }
  if (best_rank > 0)
    {
      NlStatus status = nl_dataset_set_label_column (ds, label, error);

      if (status != NL_OK)
        {
          free (mixed);
          return status;
        }
    }

  /* A column of numbers with too many words among them is text, and so no
   * input: say so, or the column would vanish from the inputs unexplained. */
  for (size_t c = 0; mixed != NULL && c < ds->n_columns; c++)
    if (ds->columns[c].kind == NL_COLUMN_TEXT && mixed[c][0] > 0 && mixed[c][2] != (size_t) -1)
      {
        size_t row = mixed[c][2];
        char name[64], example[64];

        report (r, ds, NL_PROBLEM_NOTE, ds->row_line[row], c + 1,
                _("Column %zu (%s) is not an input: values that are not numbers: %zu of "
                  "%zu, such as \"%s\" on line %zu"),
                c + 1, short_text (ds->columns[c].name, name, sizeof name), mixed[c][1],
                mixed[c][0] + mixed[c][1],
                one_line (nl_dataset_cell (ds, row, c)->text, example, sizeof example),
                ds->row_line[row]);
      }
  free (mixed);

  for (size_t row = 0; row < ds->n_rows; row++)
    for (size_t c = 0; c < ds->n_columns; c++)
      {
        const NlCell *cell = nl_dataset_cell (ds, row, c);
        char reason[sizeof ((NlError *) NULL)->message];
        char name[64];
        NlError why;

        if (poll (r, 0.95 + 0.05 * (double) row / (double) ds->n_rows, error) != NL_OK)
          return NL_ERR_CANCELLED;

        /* A row of the wrong length was reported once, not cell by cell. */
        if (cell->state == NL_CELL_OK || ds->row_fields[row] != 0)
          continue;
        if (cell->state == NL_CELL_MISSING)
          snprintf (reason, sizeof reason, "%s", _("the value is missing"));
        else
          {
            double ignored;

            nl_error_clear (&why);
            nl_dataset_parse_cell (ds, c, cell->text, &ignored, &why);
            snprintf (reason, sizeof reason, "%s", why.message);
          }
        report (r, ds, NL_PROBLEM_ROW, ds->row_line[row], c + 1,
                _("Line %zu, column %zu (%s): %s"),
                ds->row_line[row], c + 1,
                short_text (ds->columns[c].name, name, sizeof name), reason);
      }
  return NL_OK;
}

/* Stores the first @n_fields fields of the record as the row's texts,
 * joining any beyond the last column to it (see the top of the file). */
static NlStatus
store_row (Reader    *r,
           NlDataset *ds,
           size_t     row,
           size_t     n_fields,
           NlError   *error)
{
  size_t n = n_fields < ds->n_columns ? n_fields : ds->n_columns;

  if (n_fields > ds->n_columns)
    {
      /* The fields lie one after the other in r->buf, each ended by a NUL:
       * turning those NULs into separators joins them in place. */
      for (size_t i = ds->n_columns; i < n_fields; i++)
        r->buf[r->fields[i].offset - 1] = ',';
    }
  for (size_t c = 0; c < n; c++)
    {
      const char *text = r->buf + r->fields[c].offset;
      /* The last column's text runs on over the fields joined to it. */
      size_t len = c + 1 == ds->n_columns && n_fields > n ? strlen (text) : r->fields[c].length;
      NlStatus status = _nl_dataset_set_cell_text (ds, row, c, text, len, error);

      if (status != NL_OK)
        return status;
    }
  return NL_OK;
}

/* Puts the notes on how the file was read before the problems of its rows,
 * keeping the order within each. */
static void
notes_first (NlDataset *ds)
{
  NlProblem *sorted;
  size_t n = 0;

  if (ds->n_problems < 2)
    return;
  sorted = malloc (ds->n_problems * sizeof *sorted);
  if (sorted == NULL)
    return; /* the same list, in another order */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < ds->n_problems; i++)
      if ((ds->problems[i].kind == NL_PROBLEM_NOTE) == (pass == 0))
        sorted[n++] = ds->problems[i];
  memcpy (ds->problems, sorted, n * sizeof *sorted);
  free (sorted);
}

/* Names what the reader decided about the file as a whole. */
static void
add_shape_notes (const Reader *r,
                 NlDataset    *ds,
                 const Shape  *shape,
                 int           decimal_comma)
{
  if (shape->headerless && ds->n_columns == 1)
    nl_dataset_add_note (ds, 0, 0, _("No header row: the column is named %s"),
                         ds->columns[0].name);
  else if (shape->headerless)
    nl_dataset_add_note (ds, 0, 0, _("No header row: the columns are named %s to %s"),
                         ds->columns[0].name, ds->columns[ds->n_columns - 1].name);
  if (shape->strip_rows)
    nl_dataset_add_note (ds, 0, 0, "%s",
                         _("Every line ends with a separator; the empty last field is ignored"));
  else if (shape->strip_header)
    nl_dataset_add_note (ds, 0, 0, "%s",
                         _("The header ends with a separator; the empty last name is ignored"));
  if (r->sep == ';')
    nl_dataset_add_note (ds, 0, 0, "%s",
                         decimal_comma ? _("Separated by semicolons, with decimal commas")
                                       : _("Separated by semicolons"));
  else if (r->sep == '\t')
    nl_dataset_add_note (ds, 0, 0, "%s",
                         decimal_comma ? _("Separated by tabs, with decimal commas")
                                       : _("Separated by tabs"));
}

NlDataset *
nl_csv_read_buffer (const char *data,
                    size_t      length,
                    NlError    *error)
{
  return nl_csv_read_buffer_full (data, length, NULL, error);
}

NlDataset *
nl_csv_read_buffer_full (const char         *data,
                         size_t              length,
                         const NlCsvOptions *options,
                         NlError            *error)
{
  Reader r;
  Shape shape;
  NlDataset *ds = NULL;
  char **names = NULL;
  unsigned char *notes = NULL;
  size_t max_cells;
  size_t n_columns = 0;
  int first_is_row;
  int doomed;
  size_t n_read = 0;
  int decimal_comma;
  int got;

  nl_error_clear (error);
  memset (&r, 0, sizeof r);
  if (data == NULL && length > 0)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No data"));
      return NULL;
    }
  if (data == NULL)
    data = ""; /* no arithmetic on a null pointer, even adding 0 */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  r.p = data;
  r.start = data;
  r.end = data + length;
  r.line = 1;
  r.options = options;
  r.sep = detect_separator (r.p, r.end);
  r.decimal_comma = r.sep != ',';
  max_cells = length > (SIZE_MAX - CELLS_SLACK) / CELLS_PER_BYTE
              ? SIZE_MAX : length * CELLS_PER_BYTE + CELLS_SLACK;
  if (scan_shape (&r, &shape, error) != NL_OK)
    goto fail;

  /* The header: the first line that is not blank. */
  do
    {
      if (read_record (&r, &got, error) != NL_OK)
        goto fail;
    }
  while (got && record_is_blank (&r));
  if (!got)
    {
      nl_error_set (error, NL_ERR_PARSE, 1, 1, "%s", _("The file is empty"));
      goto fail;
    }
  if (r.n_fields > MAX_COLUMNS)
    {
      nl_error_set (error, NL_ERR_PARSE, r.record_line, MAX_COLUMNS + 1,
                    _("Line %zu: the header has %zu columns, more than the %d this program "
                      "can use"),
                    r.record_line, r.n_fields, MAX_COLUMNS);
      goto fail;
    }
  n_columns = shape.n_columns;
  notes = calloc (n_columns, 1);
  if (notes == NULL)
    {
      nl_error_nomem (error);
      goto fail;
    }
  if (!shape.headerless)
    {
      /* An empty last name after a separator is no column. */
      r.n_fields = n_columns;
      names = make_names (&r, notes, error);
      if (names == NULL)
        goto fail;
    }
  /* Without names the columns are called "Column 1", "Column 2"... */
  ds = nl_dataset_new (n_columns, (const char * const *) names, NULL, error);
  if (ds == NULL)
    goto fail;

  for (size_t c = 0; c < n_columns && !shape.headerless; c++)
    {
      char name[64];

      if (r.fields[c].stray)
        report (&r, ds, NL_PROBLEM_NOTE, r.record_line, c + 1,
                _("Line %zu, column %zu: text after the closing quote was kept"),
                r.record_line, c + 1);
      if (notes[c] == 1)
        report (&r, ds, NL_PROBLEM_NOTE, r.record_line, c + 1,
                _("Line %zu, column %zu: the column has no name; it is called \"%s\""),
                r.record_line, c + 1, short_text (names[c], name, sizeof name));
      else if (notes[c] == 2)
        report (&r, ds, NL_PROBLEM_NOTE, r.record_line, c + 1,
                _("Line %zu, column %zu: the name is used by an earlier column; this one is "
                  "called \"%s\""),
                r.record_line, c + 1, short_text (names[c], name, sizeof name));
    }

  /* A table over the limit is refused at the line that crosses it, found
   * by reading on without storing anything; any other is made at its size. */
  doomed = shape.n_rows > max_cells / n_columns;
  if (doomed)
    r.scanning = 1;
  else
    {
      if (!nl_dataset_reserve_rows (ds, shape.n_rows))
        {
          nl_error_nomem (error);
          goto fail;
        }
      /* Every text is at most as long as its field in the file, and the
       * field's separator or line break makes room for its NUL. Without the
       * block, the texts are allocated one by one. */
      _nl_dataset_reserve_text (ds, length + 1);
    }

  for (first_is_row = shape.headerless; ; first_is_row = 0)
    {
      size_t row, n_fields;

      if (!first_is_row)
        {
          if (read_record (&r, &got, error) != NL_OK
              || poll (&r, through (&r, 0.4, 0.4), error) != NL_OK)
            goto fail;
          if (!got)
            break;
          if (record_is_blank (&r))
            continue;
        }
      /* When every line ends with a separator, each has one more field. */
      n_fields = r.n_fields - (shape.strip_rows ? 1 : 0);

      if (n_read + 1 > max_cells / n_columns)
        {
          nl_error_set (error, NL_ERR_PARSE, r.record_line, 1,
                        _("Line %zu: the file has too many rows with missing fields to be "
                          "read"),
                        r.record_line);
          goto fail;
        }
      n_read++;
      if (doomed)
        continue;
      row = nl_dataset_append_row (ds);
      if (row == (size_t) -1)
        {
          nl_error_nomem (error);
          goto fail;
        }
      ds->row_line[row] = r.record_line;
      if (n_fields != n_columns)
        ds->row_fields[row] = n_fields;
      if (store_row (&r, ds, row, n_fields, error) != NL_OK)
        goto fail;

      for (size_t c = 0; c < n_fields && c < n_columns; c++)
        if (r.fields[c].stray)
          report (&r, ds, NL_PROBLEM_NOTE, r.record_line, c + 1,
                  _("Line %zu, column %zu: text after the closing quote was kept"),
                  r.record_line, c + 1);
      if (n_fields < n_columns && !shape.headerless)
        report (&r, ds, NL_PROBLEM_ROW, r.record_line, n_fields + 1,
                _("Line %zu has %zu fields, the header %zu; the missing cells are left "
                  "empty"),
                r.record_line, n_fields, n_columns);
      else if (n_fields < n_columns)
        report (&r, ds, NL_PROBLEM_ROW, r.record_line, n_fields + 1,
                _("Line %zu has %zu fields, the first line %zu; the missing cells are left "
                  "empty"),
                r.record_line, n_fields, n_columns);
      else if (n_fields > n_columns && !shape.headerless)
        report (&r, ds, NL_PROBLEM_ROW, r.record_line, n_columns + 1,
                _("Line %zu has %zu fields, the header %zu; the extra text is kept in the "
                  "last column"),
                r.record_line, n_fields, n_columns);
      else if (n_fields > n_columns)
        report (&r, ds, NL_PROBLEM_ROW, r.record_line, n_columns + 1,
                _("Line %zu has %zu fields, the first line %zu; the extra text is kept in "
                  "the last column"),
                r.record_line, n_fields, n_columns);
    }

  if (infer_kinds (&r, ds, &decimal_comma, error) != NL_OK)
    goto fail;
  nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);
  if (r.n_dropped > 0)
    nl_dataset_add_problem (ds, 0, 0, _("%zu more problems are not listed"), r.n_dropped);
  add_shape_notes (&r, ds, &shape, decimal_comma);
  notes_first (ds);

  if (names != NULL)
    for (size_t c = 0; c < n_columns; c++)
      free (names[c]);
  free (names);
  free (notes);
  free (r.buf);
  free (r.fields);
  return ds;

fail:
  if (names != NULL)
    for (size_t c = 0; c < n_columns; c++)
      free (names[c]);
  free (names);
  free (notes);
  free (r.buf);
  free (r.fields);
  nl_dataset_free (ds);
  return NULL;
}

NlDataset *
nl_csv_read_file (const char *path,
                  NlError    *error)
{
  NlDataset *ds;
  char *data = NULL;
  size_t length = 0, alloc = 0;
  int fd;

  if (path == NULL)
    {
      nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No file name"));
      return NULL;
    }
  /* Only a regular file: a named pipe would block, a device never end. */
  fd = nl_file_open_regular (path, error);
  if (fd < 0)
    return NULL;
  for (;;)
    {
      ssize_t n;

      if (length == alloc)
        {
          if (length >= MAX_FILE_SIZE)
            {
              nl_error_set (error, NL_ERR_IO, 0, 0,
                            _("\"%s\" is too large to open (more than %zu MB)"), path,
                            MAX_FILE_SIZE / (1024 * 1024));
              goto fail;
            }
          if (!grow ((void **) &data, &alloc, length + 65536, 1))
            {
              nl_error_nomem (error);
              goto fail;
            }
        }
      n = read (fd, data + length, alloc - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not read \"%s\": %s"), path,
                        strerror (errno));
          goto fail;
        }
      if (n == 0)
        break;
      length += (size_t) n;
    }
  close (fd);
  ds = nl_csv_read_buffer (data, length, error);
  free (data);
  return ds;

fail:
  close (fd);
  free (data);
  return NULL;
}

/* Writing */

typedef struct
{
  char   *data;
  size_t  length;
  size_t  alloc;
  int     failed;
} Out;

static void
out_append (Out        *o,
            const char *s,
            size_t      n)
{
  /* One more byte for the final NUL. */
  if (o->failed || o->length > SIZE_MAX - n - 1
      || !grow ((void **) &o->data, &o->alloc, o->length + n + 1, 1))
    {
      o->failed = 1;
      return;
    }
  memcpy (o->data + o->length, s, n);
  o->length += n;
  o->data[o->length] = '\0';
}

/* Quotes whatever a reader could take differently from the text itself:
 * separators of any kind, quotes, line breaks, spaces at either end (which
 * the reader would drop around a quoted field) and a leading byte order mark.
 * An empty text is quoted when it is the whole line, or the line would be
 * skipped as blank. */
static void
out_field (Out        *o,
           const char *text,
           int         alone)
{
  size_t len = strlen (text);
  int quote = (len == 0 && alone)
              || strpbrk (text, ",;\t\"\r\n") != NULL
              || (len > 0 && (is_blank (text[0]) || is_blank (text[len - 1])))
              || (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0);

  if (!quote)
    {
      out_append (o, text, len);
      return;
    }
  out_append (o, "\"", 1);
  for (const char *q; (q = strchr (text, '"')) != NULL; text = q + 1)
    {
      out_append (o, text, (size_t) (q - text));
      out_append (o, "\"\"", 2);
    }
  out_append (o, text, strlen (text));
  out_append (o, "\"", 1);
}

char *
nl_csv_write_buffer (const NlDataset *ds,
                     size_t          *length)
{
  Out o = { NULL, 0, 0, 0 };

  if (length != NULL)
    *length = 0;
  if (ds == NULL || ds->n_columns == 0)
    return NULL;
  out_append (&o, "", 0);
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      if (c > 0)
        out_append (&o, ",", 1);
      out_field (&o, ds->columns[c].name != NULL ? ds->columns[c].name : "", ds->n_columns == 1);
    }
  out_append (&o, "\n", 1);
  for (size_t row = 0; row < ds->n_rows; row++)
    {
      size_t n = ds->n_columns;

      /* A line that was too short is written short again, unless its
       * missing cells were filled since. */
      while (ds->row_fields[row] != 0 && n > ds->row_fields[row] && n > 1
             && nl_dataset_cell (ds, row, n - 1)->text != NULL
             && nl_dataset_cell (ds, row, n - 1)->text[0] == '\0')
        n--;
      for (size_t c = 0; c < n; c++)
        {
          const char *text = nl_dataset_cell (ds, row, c)->text;

          if (c > 0)
            out_append (&o, ",", 1);
          if (text == NULL)
            text = "";
          /* A line that was too long gets its extra fields back. */
          if (c == ds->n_columns - 1 && ds->row_fields[row] > ds->n_columns)
            for (const char *comma; (comma = strchr (text, ',')) != NULL; text = comma + 1)
              {
                char *piece = strndup (text, (size_t) (comma - text));

                if (piece == NULL)
                  o.failed = 1;
                else
                  out_field (&o, piece, 0);
                free (piece);
                out_append (&o, ",", 1);
              }
          /* A marked line never ends in an empty field that could be
           * read as a separator at its end. */
          out_field (&o, text, n == 1 || (ds->row_fields[row] != 0 && c == n - 1));
        }
      out_append (&o, "\n", 1);
    }
  if (o.failed)
    {
      free (o.data);
      return NULL;
    }
  if (length != NULL)
    *length = o.length;
  return o.data;
}

/* Writes a temporary file next to @path and renames it over @path, so a
 * crash or a full disk leaves either the old file or the new one, whole. */
NlStatus
nl_csv_write_file (const NlDataset *ds,
                   const char      *path,
                   NlError         *error)
{
  NlStatus status;
  char *data;
  size_t length;

  if (ds == NULL || path == NULL)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("Nothing to write"));
  data = nl_csv_write_buffer (ds, &length);
  if (data == NULL)
    return nl_error_nomem (error);
  status = nl_file_write_atomic (path, data, length, error);
  free (data);
  return status;
}
