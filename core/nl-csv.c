/* nl-csv.c: reading and writing datasets as CSV.
 *
 * Reading happens in two passes over the table, not the file: every record is
 * first stored as text in a table of text columns, then each column's kind is
 * inferred from all of its values and the cells are parsed for it. That way a
 * cell is judged against its whole column, and problems are reported with the
 * line each row came from.
 *
 * Choices made where RFC 4180 is silent or where real files stray from it:
 *  - The separator is ',' unless the header line holds none outside quotes;
 *    then ';' or a tab, if the header holds one, so spreadsheets saved with a
 *    decimal comma locale still open. Files are always written with ','.
 *  - Line breaks are LF, CRLF or a lone CR; inside quotes they become "\n".
 *  - Spaces before an opening quote and after a closing quote are dropped, so
 *    "a", "b" reads as two quoted fields. Other text after a closing quote is
 *    kept, appended to the field, and reported.
 *  - Lines that are empty or hold only spaces are skipped; a header with no
 *    rows is a valid, empty table; a file with nothing but blank lines is not.
 *  - A row with too few fields keeps its missing cells empty (so it is out of
 *    training when they are inputs or the label). A row with too many fields
 *    keeps all its text: the extra fields are joined, with the separator, to
 *    the last column, which then usually fails to parse. Both are reported.
 *  - Column kinds: a column is numeric when more than half of its non-empty
 *    cells are numbers (the others are then reported as not numbers), else
 *    text. The label is a column with exactly two different values, chosen in
 *    this order: a non-numeric column whose values are a known pair (M/F,
 *    yes/no...), any other non-numeric column, a numeric column holding just
 *    0 and 1; the last such column when several qualify.
 *  - Imported inputs are standardised, as DESIGN.md asks.
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

#include "nl-file.h"
#include "nl-i18n.h"
#include "nl-utf8.h"

/* Limits that keep a hostile or mistaken file from exhausting memory: a row
 * with few fields still costs a cell per column, so the table may hold at
 * most a few cells per byte of input. */
#define MAX_COLUMNS        4096
#define MAX_PROBLEMS       1000
#define MAX_FILE_SIZE      ((size_t) 256 * 1024 * 1024)
#define CELLS_PER_BYTE     4
#define CELLS_SLACK        65536

typedef struct
{
  size_t offset;   /* into Reader.buf, where the field's text starts */
  size_t length;
  int    quoted;
  int    stray;    /* text followed the closing quote */
} Field;

typedef struct
{
  const char *p;
  const char *end;
  char        sep;
  size_t      line;         /* the line r->p is on */
  size_t      record_line;  /* the line the last record started on */

  char       *buf;          /* the last record's fields, each NUL-terminated */
  size_t      buf_len;
  size_t      buf_alloc;
  Field      *fields;
  size_t      n_fields;
  size_t      fields_alloc;

  size_t      n_dropped;    /* problems beyond MAX_PROBLEMS */
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
  if (!push_bytes (r, r->p, n))
    return nl_error_nomem (error);
  r->p += n;
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
      Field f = { r->buf_len, 0, 0, 0 };
      const char *q = r->p;

      while (q < r->end && is_blank (*q))
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
          while (q < r->end && is_blank (*q))
            q++;
          if (at_field_end (r, q))
            r->p = q;
          else
            f.stray = 1; /* read on as unquoted text, blanks included */
        }

      while (!at_field_end (r, r->p))
        {
          status = take_char (r, error);
          if (status != NL_OK)
            return status;
        }

      if (!push_bytes (r, "", 1))
        return nl_error_nomem (error);
      f.length = r->buf_len - f.offset - 1;
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
  const char *s;

  if (r->n_fields != 1 || r->fields[0].quoted)
    return 0;
  for (s = r->buf + r->fields[0].offset; *s != '\0'; s++)
    if (!is_blank (*s))
      return 0;
  return 1;
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
  if (commas > 0)
    return ',';
  if (semicolons > 0)
    return ';';
  if (tabs > 0)
    return '\t';
  return ',';
}

static void
report (Reader     *r,
        NlDataset  *ds,
        size_t      line,
        size_t      column,
        const char *format,
        ...) __attribute__ ((format (printf, 5, 6)));

/* Adds a problem unless too many were already listed: a file with a bad
 * column should not make thousands of identical reports. */
static void
report (Reader     *r,
        NlDataset  *ds,
        size_t      line,
        size_t      column,
        const char *format,
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
  const char *value[2];     /* the first two different values, trimmed */
  size_t      length[2];
  size_t      n_distinct;   /* 0, 1, 2, or 3 for "more than two" */
  size_t      n_nonempty;
  size_t      n_numeric;
  int         zero_one;     /* every value is the number 0 or 1 */
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

static void
column_stats (const NlDataset *ds,
              size_t           column,
              ColumnStats     *st)
{
  memset (st, 0, sizeof *st);
  st->zero_one = 1;
  for (size_t row = 0; row < ds->n_rows; row++)
    {
      const char *text = nl_dataset_cell (ds, row, column)->text;
      const char *s = text;
      size_t len = strlen (text);
      double v;
      size_t k;

      trim_range (&s, &len);
      if (len == 0)
        continue;
      st->n_nonempty++;
      if (nl_dataset_parse_number (text, &v, NULL) == NL_OK)
        {
          st->n_numeric++;
          if (v != 0.0 && v != 1.0)
            st->zero_one = 0;
        }
      else
        st->zero_one = 0;
      if (st->n_distinct > 2)
        continue;
      for (k = 0; k < st->n_distinct; k++)
        if (st->length[k] == len && memcmp (st->value[k], s, len) == 0)
          break;
      if (k < st->n_distinct)
        continue;
      if (st->n_distinct < 2)
        {
          st->value[st->n_distinct] = s;
          st->length[st->n_distinct] = len;
        }
      st->n_distinct++;
    }
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

/* Decides each column's kind, then reports every cell that does not parse. */
static NlStatus
infer_kinds (Reader       *r,
             NlDataset    *ds,
             const size_t *row_fields,
             NlError      *error)
{
  int best_rank = 0;
  size_t label = 0;

  for (size_t c = 0; c < ds->n_columns; c++)
    {
      ColumnStats st;
      int numeric, rank = 0;

      column_stats (ds, c, &st);
      numeric = st.n_numeric > 0 && st.n_numeric > st.n_nonempty / 2;
      if (st.n_distinct == 2 && !numeric)
        rank = pair_is_known (&st) ? 3 : 2;
      else if (st.n_distinct == 2 && st.zero_one)
        rank = 1;
      if (rank > 0 && rank >= best_rank)
        {
          best_rank = rank;
          label = c;
        }
      if (numeric)
        {
          NlStatus status = nl_dataset_set_column_kind (ds, c, NL_COLUMN_NUMERIC, error);

          if (status != NL_OK)
            return status;
        }
    }
  if (best_rank > 0)
    {
      NlStatus status = nl_dataset_set_label_column (ds, label, error);

      if (status != NL_OK)
        return status;
    }

  for (size_t row = 0; row < ds->n_rows; row++)
    for (size_t c = 0; c < ds->n_columns; c++)
      {
        const NlCell *cell = nl_dataset_cell (ds, row, c);
        char reason[sizeof ((NlError *) NULL)->message];
        char name[64];
        NlError why;

        /* A short row was reported once, not cell by cell. */
        if (cell->state == NL_CELL_OK || c >= row_fields[row])
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
        report (r, ds, ds->row_line[row], c + 1, _("Line %zu, column %zu (%s): %s"),
                ds->row_line[row], c + 1,
                short_text (ds->columns[c].name, name, sizeof name), reason);
      }
  return NL_OK;
}

/* Stores the record as the row's texts, joining any extra fields to the last
 * column (see the top of the file). */
static NlStatus
store_row (Reader    *r,
           NlDataset *ds,
           size_t     row,
           NlError   *error)
{
  size_t n = r->n_fields < ds->n_columns ? r->n_fields : ds->n_columns;

  if (r->n_fields > ds->n_columns)
    {
      /* The fields lie one after the other in r->buf, each ended by a NUL:
       * turning those NULs into separators joins them in place. */
      for (size_t i = ds->n_columns; i < r->n_fields; i++)
        r->buf[r->fields[i].offset - 1] = r->sep;
    }
  for (size_t c = 0; c < n; c++)
    {
      NlStatus status = nl_dataset_set_cell (ds, row, c, r->buf + r->fields[c].offset, error);

      if (status != NL_OK)
        return status;
    }
  return NL_OK;
}

NlDataset *
nl_csv_read_buffer (const char *data,
                    size_t      length,
                    NlError    *error)
{
  Reader r;
  NlDataset *ds = NULL;
  char **names = NULL;
  unsigned char *notes = NULL;
  size_t *row_fields = NULL;
  size_t row_fields_alloc = 0;
  size_t max_cells;
  size_t n_columns = 0;
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
  r.end = data + length;
  r.line = 1;
  r.sep = detect_separator (r.p, r.end);
  max_cells = length > (SIZE_MAX - CELLS_SLACK) / CELLS_PER_BYTE
              ? SIZE_MAX : length * CELLS_PER_BYTE + CELLS_SLACK;

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
  n_columns = r.n_fields;
  notes = calloc (n_columns, 1);
  if (notes == NULL)
    {
      nl_error_nomem (error);
      goto fail;
    }
  names = make_names (&r, notes, error);
  if (names == NULL)
    goto fail;
  ds = nl_dataset_new (n_columns, (const char * const *) names, NULL, error);
  if (ds == NULL)
    goto fail;

  for (size_t c = 0; c < n_columns; c++)
    {
      char name[64];

      if (r.fields[c].stray)
        report (&r, ds, r.record_line, c + 1,
                _("Line %zu, column %zu: text after the closing quote was kept"),
                r.record_line, c + 1);
      if (notes[c] == 1)
        report (&r, ds, r.record_line, c + 1,
                _("Line %zu, column %zu: the column has no name; it is called \"%s\""),
                r.record_line, c + 1, short_text (names[c], name, sizeof name));
      else if (notes[c] == 2)
        report (&r, ds, r.record_line, c + 1,
                _("Line %zu, column %zu: the name is used by an earlier column; this one is "
                  "called \"%s\""),
                r.record_line, c + 1, short_text (names[c], name, sizeof name));
    }

  for (;;)
    {
      size_t row;

      if (read_record (&r, &got, error) != NL_OK)
        goto fail;
      if (!got)
        break;
      if (record_is_blank (&r))
        continue;

      if (ds->n_rows + 1 > max_cells / n_columns)
        {
          nl_error_set (error, NL_ERR_PARSE, r.record_line, 1,
                        _("Line %zu: the file has too many rows with missing fields to be "
                          "read"),
                        r.record_line);
          goto fail;
        }
      row = nl_dataset_append_row (ds);
      if (row == (size_t) -1
          || !grow ((void **) &row_fields, &row_fields_alloc, row + 1, sizeof *row_fields))
        {
          nl_error_nomem (error);
          goto fail;
        }
      ds->row_line[row] = r.record_line;
      row_fields[row] = r.n_fields;
      if (store_row (&r, ds, row, error) != NL_OK)
        goto fail;

      for (size_t c = 0; c < r.n_fields && c < n_columns; c++)
        if (r.fields[c].stray)
          report (&r, ds, r.record_line, c + 1,
                  _("Line %zu, column %zu: text after the closing quote was kept"),
                  r.record_line, c + 1);
      if (r.n_fields < n_columns)
        report (&r, ds, r.record_line, r.n_fields + 1,
                _("Line %zu has %zu fields but the header has %zu; the missing cells are "
                  "left empty"),
                r.record_line, r.n_fields, n_columns);
      else if (r.n_fields > n_columns)
        report (&r, ds, r.record_line, n_columns + 1,
                _("Line %zu has %zu fields but the header has %zu; the extra text is kept "
                  "in the last column"),
                r.record_line, r.n_fields, n_columns);
    }

  if (infer_kinds (&r, ds, row_fields, error) != NL_OK)
    goto fail;
  nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);
  if (r.n_dropped > 0)
    nl_dataset_add_problem (ds, 0, 0, _("%zu more problems are not listed"), r.n_dropped);

  for (size_t c = 0; c < n_columns; c++)
    free (names[c]);
  free (names);
  free (notes);
  free (row_fields);
  free (r.buf);
  free (r.fields);
  return ds;

fail:
  if (names != NULL)
    for (size_t c = 0; c < n_columns; c++)
      free (names[c]);
  free (names);
  free (notes);
  free (row_fields);
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
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      nl_error_set (error, NL_ERR_IO, 0, 0, _("Could not open \"%s\": %s"), path,
                    strerror (errno));
      return NULL;
    }
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
      for (size_t c = 0; c < ds->n_columns; c++)
        {
          const char *text = nl_dataset_cell (ds, row, c)->text;

          if (c > 0)
            out_append (&o, ",", 1);
          out_field (&o, text != NULL ? text : "", ds->n_columns == 1);
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
