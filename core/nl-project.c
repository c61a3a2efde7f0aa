/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-project.c: writing and reading NeuronLab project files.
 *
 * The syntax is GLib's key file, as GKeyFile reads it: lines split at LF (a
 * CR before it is dropped); leading spaces skipped; '#' starts a comment;
 * "[Group]" opens a group (spaces may follow the ']'); "key=value" with the
 * spaces after the key and after the '=' dropped. A group that appears twice
 * is one group, as GKeyFile merges them; a key that appears twice in a group
 * is refused rather than silently taking the last value. Unknown groups and
 * keys are ignored, so a later version 1 writer may add some.
 *
 * Reading checks everything before anything is built: every count against
 * the others (columns in every row, rows, layer sizes against the number of
 * parameters, one history value per epoch) and every size against the core's
 * limits, counting a list's items before allocating for them, so that memory
 * stays proportional to the file. Every error names its line.
 *
 * A file that does not end with a line break and whose last line is a list
 * without its final ';' was cut short: its last item may be cut too and still
 * parse (133 read as 13), so that is refused.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* newlocale, uselocale */
#endif

#include "nl-project.h"

#include <inttypes.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "nl-dataset-private.h"
#include "nl-file.h"
#include "nl-i18n.h"
#include "nl-utf8.h"
#include "nl-project-private.h"

static const char * const init_names[NL_N_INITS] = { "normal", "scaled" };
static const char * const loss_names[NL_N_LOSSES] = { "mse", "bce" };
static const char * const activation_names[NL_N_ALL_ACTIVATIONS] = {
  "sigmoid", "tanh", "relu", "linear", "softmax",
};

static int
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Whether a text can be stored: valid UTF-8, and no control character but
 * tab and line breaks (which are escaped), since GKeyFile has no escape for
 * the others and a file holding them reads as binary. */
static int
text_ok (const char *s)
{
  const unsigned char *p = (const unsigned char *) s;
  const unsigned char *end = p + strlen (s);

  while (p < end)
    {
      size_t n = nl_utf8_length (p, end);

      if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
        return 0;
      p += n;
    }
  return 1;
}

/* Copies @text into @buf for a one-line message: control characters become
 * spaces and long texts are cut on a character boundary. */
static const char *
excerpt (const char *text,
         size_t      len,
         char       *buf,
         size_t      size)
{
  size_t limit = size - 4 < 40 ? size - 4 : 40;
  size_t i = 0;

  for (; i < len && i < limit; i++)
    buf[i] = ((unsigned char) text[i] < 0x20) ? ' ' : text[i];
  if (i < len)
    {
      while (i > 0 && ((unsigned char) text[i] & 0xC0) == 0x80)
        i--;
      memcpy (buf + i, "\xe2\x80\xa6", 3); /* … */
      i += 3;
    }
  buf[i] = '\0';
  return buf;
}

/* Numbers */

static locale_t c_locale;
static once_flag c_locale_once = ONCE_FLAG_INIT;

static void
make_c_locale (void)
{
  c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
}

/* Whether @text reads back as the very bits of @v. */
static int
reads_back (const char *text,
            double      v)
{
  double back;

  if (c_locale != (locale_t) 0)
    back = strtod_l (text, NULL, c_locale);
  else if (nl_dataset_parse_number (text, &back, NULL) != NL_OK)
    return 0;
  return memcmp (&back, &v, sizeof v) == 0;
}

/* %.*g through printf, in the C locale whatever the process's. */
static void
format_g_printf (double  v,
                 int     precision,
                 char   *buf,
                 size_t  size)
{
  locale_t old = (locale_t) 0;

  if (c_locale != (locale_t) 0)
    old = uselocale (c_locale);
  snprintf (buf, size, "%.*g", precision, v);
  if (c_locale != (locale_t) 0)
    uselocale (old);
  else
    {
      /* Only if the C locale cannot be made: undo a decimal comma. */
      char *comma = strchr (buf, ',');

      if (comma != NULL)
        *comma = '.';
    }
}

/* printf's and strtod's conversions are exact, and slow: some 500 and 170
 * ns, so that trying %.15g, %.16g and %.17g in turn and reading each back
 * made a history of a million epochs take two seconds to write.
 * format_double() asks printf once for more digits than a double needs,
 * rounds those to 15, 16 and 17 digits itself, and tells from them whether
 * a rounding reads back; it calls printf or strtod again only in the rare
 * cases where the digits cannot tell (see round_digits() and fits()). */
#define MANY_DIGITS 20

/* Rounds @digits (@n of them, a correct rounding of the true value) to the
 * nearest @precision digits in @out, adding a carry out of the first digit
 * to @exp10. Returns 0, and leaves it to printf, when the digits cut off
 * read exactly 5 then zeros: only the true value's own digits tell which
 * way that goes. Any other cut-off digits decide as the true value's would,
 * since they are within half a unit of their last digit from it. */
static int
round_digits (const char *digits,
              int         n,
              int         precision,
              char       *out,
              int        *exp10)
{
  int up = digits[precision] > '5';

  if (digits[precision] == '5')
    {
      for (int i = precision + 1; i < n && !up; i++)
        up = digits[i] != '0';
      if (!up)
        return 0;
    }
  memcpy (out, digits, (size_t) precision);
  if (up)
    {
      int i = precision - 1;

      while (i >= 0 && out[i] == '9')
        out[i--] = '0';
      if (i >= 0)
        out[i]++;
      else
        {
          out[0] = '1';
          (*exp10)++;
        }
    }
  return 1;
}

/* Writes the number @digits[0].@digits[1]... × 10^@exp10 (@precision
 * digits) as printf's %.*g does: exponent notation below 1e-4 and from
 * 10^precision, no trailing zeros. @buf holds at least 32 bytes. */
static void
format_g (int         negative,
          const char *digits,
          int         precision,
          int         exp10,
          char       *buf)
{
  char *p = buf;
  int n = precision;

  while (n > 1 && digits[n - 1] == '0')
    n--;
  if (negative)
    *p++ = '-';
  if (exp10 < -4 || exp10 >= precision)
    {
      int e = exp10 < 0 ? -exp10 : exp10;

      *p++ = digits[0];
      if (n > 1)
        {
          *p++ = '.';
          memcpy (p, digits + 1, (size_t) n - 1);
          p += n - 1;
        }
      *p++ = 'e';
      *p++ = exp10 < 0 ? '-' : '+';
      if (e >= 100)
        *p++ = (char) ('0' + e / 100);
      *p++ = (char) ('0' + e / 10 % 10);
      *p++ = (char) ('0' + e % 10);
    }
  else if (exp10 >= 0)
    {
      for (int i = 0; i <= exp10; i++)
        *p++ = i < n ? digits[i] : '0';
      if (n > exp10 + 1)
        {
          *p++ = '.';
          memcpy (p, digits + exp10 + 1, (size_t) (n - exp10 - 1));
          p += n - exp10 - 1;
        }
    }
  else
    {
      *p++ = '0';
      *p++ = '.';
      for (int i = 0; i < -exp10 - 1; i++)
        *p++ = '0';
      memcpy (p, digits, (size_t) n);
      p += n;
    }
  *p = '\0';
}

/* Whether @digits rounded to @precision digits reads back as the double v
 * they were printed from: 1 or 0, or -1 when it cannot be told this way.
 * A decimal reads back as v when it is nearer to v than half an ulp, @half_ulp
 * here in units of the last of the MANY_DIGITS digits (0 when v is a power of
 * 2, subnormal or 0, where the ulps either side differ). The rounding moves
 * the digits by a known number of those units, and the digits are within
 * half a unit of v, so only a distance within a unit or so of half an ulp
 * needs strtod. */
static int
fits (const char *digits,
      int         precision,
      double      half_ulp)
{
  static const double powers[] = { 1, 10, 100, 1000, 10000, 100000 };
  int n_cut = MANY_DIGITS - precision;
  double cut = 0, moved;

  if (half_ulp <= 0 || n_cut < 1 || n_cut > 5)
    return -1;
  for (int i = precision; i < MANY_DIGITS; i++)
    cut = cut * 10 + (digits[i] - '0');
  /* round_digits() went up exactly when the cut-off digits are above half. */
  moved = cut > powers[n_cut] / 2 ? powers[n_cut] - cut : cut;
  if (moved + 0.5 < half_ulp * (1 - 1e-9))
    return 1;
  if (moved - 0.5 > half_ulp * (1 + 1e-9))
    return 0;
  return -1;
}

/* The shortest of %.15g, %.16g and %.17g that reads back to the same bits
 * (%.17g always does), in the C locale whatever the process's. */
static void
format_double (double  v,
               char   *buf,
               size_t  size)
{
  char many[64], digits[MANY_DIGITS], rounded[32];
  const char *p;
  int n = 0, exp10 = 0, negative, binary_exp;
  double fraction, half_ulp = 0;

  if (isnan (v))
    {
      snprintf (buf, size, "nan");
      return;
    }
  if (isinf (v))
    {
      snprintf (buf, size, v > 0 ? "inf" : "-inf");
      return;
    }
  call_once (&c_locale_once, make_c_locale);

  /* "-d.ddd...e-dd", read whatever the decimal point is. */
  snprintf (many, sizeof many, "%.*e", MANY_DIGITS - 1, v);
  negative = many[0] == '-';
  for (p = many + negative; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    if (*p >= '0' && *p <= '9' && n < MANY_DIGITS)
      digits[n++] = *p;
  if (*p != '\0')
    exp10 = atoi (p + 1);

  /* Half an ulp of v, v = fraction * 2^binary_exp, over v, times the digits
   * as an integer, is half an ulp in units of their last digit. */
  fraction = fabs (frexp (v, &binary_exp));
  if (n == MANY_DIGITS && fabs (v) >= DBL_MIN && fraction != 0.5)
    {
      double integer = 0;

      for (int i = 0; i < MANY_DIGITS; i++)
        integer = integer * 10 + (digits[i] - '0');
      half_ulp = integer * ldexp (1.0, -54) / fraction;
    }

  for (int precision = 15; precision <= 17; precision++)
    {
      int e = exp10, ok = -1;

      if (n == MANY_DIGITS && size >= 32
          && round_digits (digits, n, precision, rounded, &e))
        {
          format_g (negative, rounded, precision, e, buf);
          ok = fits (digits, precision, half_ulp);
        }
      else
        format_g_printf (v, precision, buf, size);
      if (precision == 17 || ok == 1 || (ok < 0 && reads_back (buf, v)))
        break;
    }
}

void
_nl_project_format_double (double  v,
                           char   *buf,
                           size_t  size)
{
  format_double (v, buf, size);
}

/* Writing */

/* How many values (history items, parameters, table rows) the writer
 * formats between two progress reports. */
#define PROGRESS_INTERVAL 65536

typedef struct
{
  char   *data;
  size_t  length;
  size_t  alloc;
  int     failed;
  /* The most the text may hold: past it, @too_large is set and so is
   * @failed, before the memory for a file that would be refused is spent. */
  size_t  max;
  int     too_large;

  /* Progress: values written, of @total, and when to report next. Once the
   * caller says stop, @stopped is set and so is @failed, so that nothing
   * more is written. */
  NlProjectProgressFunc  progress;
  void                  *progress_data;
  size_t                 done;
  size_t                 total;
  size_t                 next_report;
  int                    stopped;
} Out;

static void
out_append (Out        *o,
            const char *s,
            size_t      n)
{
  if (o->failed)
    return;
  if (o->length > SIZE_MAX - n - 1)
    {
      o->failed = 1;
      return;
    }
  if (o->length + n > o->max)
    {
      o->failed = o->too_large = 1;
      return;
    }
  if (o->length + n + 1 > o->alloc)
    {
      size_t alloc = o->alloc < 4096 ? 4096 : o->alloc;
      char *grown;

      while (alloc < o->length + n + 1)
        {
          if (alloc > SIZE_MAX / 2)
            {
              o->failed = 1;
              return;
            }
          alloc *= 2;
        }
      grown = realloc (o->data, alloc);
      if (grown == NULL)
        {
          o->failed = 1;
          return;
        }
      o->data = grown;
      o->alloc = alloc;
    }
  memcpy (o->data + o->length, s, n);
  o->length += n;
  o->data[o->length] = '\0';
}

static void
out_str (Out        *o,
         const char *s)
{
  out_append (o, s, strlen (s));
}

static void out_printf (Out        *o,
                        const char *format,
                        ...) __attribute__ ((format (printf, 2, 3)));

static void
out_printf (Out        *o,
            const char *format,
            ...)
{
  char buf[256];
  va_list args;
  int n;

  va_start (args, format);
  n = vsnprintf (buf, sizeof buf, format, args);
  va_end (args);
  if (n < 0 || (size_t) n >= sizeof buf)
    o->failed = 1;
  else
    out_append (o, buf, (size_t) n);
}

static void
out_double (Out    *o,
            double  v)
{
  char buf[40];

  format_double (v, buf, sizeof buf);
  out_str (o, buf);
}

/* One item of a list, escaped as GKeyFile escapes it, with its ';'. */
static void
out_item (Out        *o,
          const char *text)
{
  int leading = 1;

  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case ' ':
          if (leading)
            out_append (o, "\\s", 2);
          else
            out_append (o, " ", 1);
          continue;
        case '\t':
          out_append (o, "\\t", 2);
          continue;
        case '\n':
          out_append (o, "\\n", 2);
          break;
        case '\r':
          out_append (o, "\\r", 2);
          break;
        case '\\':
          out_append (o, "\\\\", 2);
          break;
        case ';':
          out_append (o, "\\;", 2);
          break;
        default:
          out_append (o, p, 1);
          break;
        }
      leading = 0;
    }
  out_append (o, ";", 1);
}

static void
out_double_item (Out    *o,
                 double  v)
{
  out_double (o, v);
  out_append (o, ";", 1);
}

/* Counts @n more values written, and reports now and then. Returns 0 when
 * the writer should go no further (stopped, or out of memory). */
static int
out_tick (Out    *o,
          size_t  n)
{
  o->done += n;
  if (o->progress != NULL && !o->failed && o->done >= o->next_report)
    {
      o->next_report = o->done + PROGRESS_INTERVAL;
      if (!o->progress (o->total > 0 ? (double) o->done / (double) o->total : 1.0,
                        o->progress_data))
        o->stopped = o->failed = 1;
    }
  return !o->failed;
}

/* A list of doubles, reporting as it goes: the histories are by far the
 * largest part of a trained project. */
static void
out_double_list (Out          *o,
                 const double *values,
                 size_t        n)
{
  for (size_t i = 0; i < n; i++)
    {
      out_double_item (o, values[i]);
      if ((i + 1) % PROGRESS_INTERVAL == 0 && !out_tick (o, PROGRESS_INTERVAL))
        return;
    }
  out_tick (o, n % PROGRESS_INTERVAL);
}

/* The mode of the input columns, as the model and nl_dataset_set_normalize()
 * keep it: the same for every input. */
static NlNormalize
table_normalize (const NlDataset *ds)
{
  for (size_t c = 0; c < ds->n_columns; c++)
    if (ds->columns[c].kind == NL_COLUMN_NUMERIC && ds->columns[c].is_input)
      return ds->columns[c].normalize;
  for (size_t c = 0; c < ds->n_columns; c++)
    if (ds->columns[c].kind == NL_COLUMN_NUMERIC)
      return ds->columns[c].normalize;
  return NL_NORMALIZE_NONE;
}

/* Whether a column's shift and scale mean something: an input's
 * normalisation or the target's standardisation. */
static int
has_transform (const NlColumn *col)
{
  return col->kind == NL_COLUMN_NUMERIC || col->kind == NL_COLUMN_TARGET;
}

static const char *
kind_name (NlColumnKind kind)
{
  switch (kind)
    {
    case NL_COLUMN_NUMERIC:
      return "numeric";
    case NL_COLUMN_LABEL:
      return "label";
    case NL_COLUMN_TARGET:
      return "target";
    case NL_COLUMN_TEXT:
    default:
      return "text";
    }
}

void
nl_project_init (NlProject *project)
{
  memset (project, 0, sizeof *project);
  nl_train_options_init (&project->options);
  project->options.shuffle_seed = 1;
  project->epochs_per_run = 1000;
  project->seed = 1;
  project->init = NL_INIT_NORMAL;
  project->split_seed = 1;
  project->loss = NAN;
  project->accuracy = NAN;
  project->test_loss = NAN;
  project->test_accuracy = NAN;
  project->rmse = project->r2 = project->test_rmse = project->test_r2 = NAN;
}

void
nl_project_clear (NlProject *project)
{
  if (project == NULL)
    return;
  nl_dataset_free (project->dataset);
  nl_net_free (project->net);
  nl_history_free (project->history);
  nl_history_free (project->test_history);
  free (project->first_moment);
  free (project->second_moment);
  for (size_t i = 0; i < project->n_runs; i++)
    nl_project_run_clear (&project->runs[i]);
  free (project->runs);
  nl_project_init (project);
}

void
nl_project_run_clear (NlProjectRun *run)
{
  if (run == NULL)
    return;
  free (run->label);
  free (run->architecture);
  nl_history_free (run->history);
  nl_history_free (run->test_history);
  memset (run, 0, sizeof *run);
}

static char *
dup_text (const char *text)
{
  size_t n = strlen (text) + 1;
  char *copy = malloc (n);

  if (copy != NULL)
    memcpy (copy, text, n);
  return copy;
}

int
nl_project_run_copy (const NlProjectRun *from,
                     NlProjectRun       *to)
{
  *to = *from;
  to->label = from->label != NULL ? dup_text (from->label) : NULL;
  to->architecture = from->architecture != NULL ? dup_text (from->architecture) : NULL;
  to->history = nl_history_copy (from->history);
  to->test_history = nl_history_copy (from->test_history);
  if ((from->label != NULL && to->label == NULL)
      || (from->architecture != NULL && to->architecture == NULL)
      || (from->history != NULL && to->history == NULL)
      || (from->test_history != NULL && to->test_history == NULL))
    {
      nl_project_run_clear (to);
      return 0;
    }
  return 1;
}

static NlStatus
invalid (NlError    *error,
         const char *message)
{
  return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", message);
}

/* The settings a file can hold: those the core takes, coefficients of
 * optimizers not in use included, and a batch size the trainer takes. */
static int
options_ok (const NlTrainOptions *o)
{
  NlTrainOptions check = *o;

  if (o->batch_size < 1 || o->batch_size > NL_PROJECT_MAX_BATCH_SIZE
      || !(o->momentum >= 0.0 && o->momentum < 1.0)
      || !(o->beta1 >= 0.0 && o->beta1 < 1.0) || !(o->beta2 >= 0.0 && o->beta2 < 1.0)
      || !(o->epsilon > 0.0) || !isfinite (o->epsilon)
      || !(o->l1 >= 0.0) || !isfinite (o->l1) || !(o->l2 >= 0.0) || !isfinite (o->l2)
      || (unsigned) o->loss >= NL_N_LOSSES)
    return 0;
  return nl_train_options_check (&check, NULL) == NL_OK;
}

/* A history of @epoch epochs, and a test history parallel to it or none. */
static int
histories_ok (uint64_t         epoch,
              const NlHistory *history,
              const NlHistory *test_history)
{
  return (history == NULL ? 0 : nl_history_epochs (history)) == epoch
         && (test_history == NULL
             || (history != NULL && nl_history_epochs (test_history) == epoch
                 && nl_history_bucket_epochs (test_history) == nl_history_bucket_epochs (history)));
}

/* "2-2-1": 2 to NL_MAX_LAYERS layer sizes of 1 to NL_MAX_LAYER_SIZE. */
static int
architecture_ok (const char *text,
                 size_t      len)
{
  size_t layers = 0, i = 0;

  while (i < len)
    {
      uint64_t size = 0;
      size_t start = i;

      while (i < len && text[i] >= '0' && text[i] <= '9' && i - start < 6)
        size = size * 10 + (uint64_t) (text[i++] - '0');
      if (i == start || size == 0 || size > NL_MAX_LAYER_SIZE)
        return 0;
      layers++;
      if (i < len && (text[i] != '-' || i + 1 == len))
        return 0;
      if (i < len)
        i++;
    }
  return layers >= 2 && layers <= NL_MAX_LAYERS;
}

static NlStatus
check_runs (const NlProject *project,
            NlError         *error)
{
  if (project->n_runs > NL_PROJECT_MAX_RUNS || (project->n_runs > 0 && project->runs == NULL))
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("A project keeps at most %d runs"), NL_PROJECT_MAX_RUNS);
  for (size_t i = 0; i < project->n_runs; i++)
    {
      const NlProjectRun *run = &project->runs[i];

      if (run->number == 0 || run->label == NULL || !text_ok (run->label)
          || run->architecture == NULL
          || !architecture_ok (run->architecture, strlen (run->architecture))
          || (unsigned) run->activation >= NL_N_ACTIVATIONS || (unsigned) run->init >= NL_N_INITS
          || !options_ok (&run->options))
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("Run %u cannot be kept in a project"), run->number);
      if (!histories_ok (run->epoch, run->history, run->test_history))
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("The loss history of run %u does not have one value per epoch"),
                             run->number);
      for (size_t j = 0; j < i; j++)
        if (project->runs[j].number == run->number)
          return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                               _("Two runs have the number %u"), run->number);
    }
  return NL_OK;
}

NlStatus
nl_project_check (const NlProject *project,
                  NlError         *error)
{
  const NlDataset *ds;
  const NlNet *net;
  size_t n_labels = 0, n_inputs;

  if (project == NULL || project->dataset == NULL || project->net == NULL)
    return invalid (error, _("A project needs a table and a network"));
  ds = project->dataset;
  net = project->net;

  if (ds->n_columns == 0 || ds->n_columns > NL_PROJECT_MAX_COLUMNS)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("A project table has 1 to %d columns, not %zu"),
                         NL_PROJECT_MAX_COLUMNS, ds->n_columns);
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      const NlColumn *col = &ds->columns[c];

      if (col->kind != NL_COLUMN_TEXT && col->kind != NL_COLUMN_NUMERIC
          && col->kind != NL_COLUMN_LABEL && col->kind != NL_COLUMN_TARGET)
        return invalid (error, _("A column has an unknown kind"));
      if (col->name == NULL || !text_ok (col->name))
        return nl_error_set (error, NL_ERR_INVALID, 0, c + 1,
                             _("The name of column %zu is not text that a project can hold"),
                             c + 1);
      if ((col->kind == NL_COLUMN_NUMERIC || col->kind == NL_COLUMN_TARGET)
          && ((unsigned) col->normalize >= NL_N_NORMALIZE || !isfinite (col->shift)
              || !isfinite (col->scale) || col->scale == 0.0))
        return nl_error_set (error, NL_ERR_INVALID, 0, c + 1,
                             _("Column %zu has an invalid normalisation"), c + 1);
      if (col->kind == NL_COLUMN_TARGET)
        {
          n_labels++;
          if ((int) c != ds->label_column)
            return invalid (error, _("The table's label column is inconsistent"));
        }
      if (col->kind == NL_COLUMN_LABEL)
        {
          n_labels++;
          if ((int) c != ds->label_column || col->n_classes < 2 || col->n_classes > NL_MAX_CLASSES)
            return invalid (error, _("The table's label column is inconsistent"));
          for (size_t k = 0; k < col->n_classes; k++)
            {
              const char *cls = col->classes[k];
              size_t len = cls != NULL ? strlen (cls) : 0;

              if (cls != NULL && (len == 0 || !text_ok (cls) || is_blank (cls[0])
                                  || is_blank (cls[len - 1])))
                return invalid (error, _("A label class is not text that a project can hold"));
            }
          for (size_t k = 0; k < col->n_classes; k++)
            for (size_t j = 0; j < k; j++)
              if (col->classes[k] != NULL && col->classes[j] != NULL
                  && strcmp (col->classes[k], col->classes[j]) == 0)
                return invalid (error, _("The label's two classes are the same"));
          if (col->n_classes > 2)
            for (size_t k = 0; k < col->n_classes; k++)
              if (col->classes[k] == NULL)
                return invalid (error, _("The table's label column is inconsistent"));
        }
    }
  if (n_labels == 0 && ds->label_column != -1)
    return invalid (error, _("The table's label column is inconsistent"));
  for (size_t r = 0; r < ds->n_rows; r++)
    for (size_t c = 0; c < ds->n_columns; c++)
      {
        const char *text = nl_dataset_cell (ds, r, c)->text;

        if (text == NULL || !text_ok (text))
          return nl_error_set (error, NL_ERR_INVALID, r + 1, c + 1,
                               _("Row %zu, column %zu holds characters that a project "
                                 "cannot store"), r + 1, c + 1);
      }

  if (net->n_layers < 2 || net->n_layers > NL_MAX_LAYERS)
    return invalid (error, _("The network's layers are invalid"));
  {
    NlTask task;

    nl_dataset_task (ds, &task);
    if (net->sizes[net->n_layers - 1] != nl_task_n_outputs (&task))
      return invalid (error, _("The network's layers are invalid"));
  }
  for (size_t l = 0; l < net->n_layers; l++)
    {
      NlActivation f = net->activation[l];

      if (net->sizes[l] == 0 || net->sizes[l] > NL_MAX_LAYER_SIZE)
        return invalid (error, _("The network's layers are invalid"));
      if (l > 0 && (unsigned) f >= NL_N_ACTIVATIONS
          && !(f == NL_ACTIVATION_SOFTMAX && l == net->n_layers - 1))
        return invalid (error, _("The network has an unknown activation"));
    }
  if (!nl_net_is_finite (net))
    return invalid (error, _("The network's parameters are not all finite"));
  n_inputs = nl_dataset_n_inputs (ds);
  if (n_inputs > 0 && n_inputs != net->sizes[0])
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The table has %zu inputs but the network has %zu"),
                         n_inputs, net->sizes[0]);

  if ((unsigned) project->activation >= NL_N_ACTIVATIONS
      || (unsigned) project->options.loss >= NL_N_LOSSES
      || (unsigned) project->init >= NL_N_INITS
      || !(project->options.learning_rate > 0.0) || !isfinite (project->options.learning_rate)
      || project->test_percent > NL_PROJECT_MAX_TEST_PERCENT
      || !(project->target_loss >= 0.0) || !isfinite (project->target_loss))
    return invalid (error, _("A training setting is out of range"));
  if (!options_ok (&project->options))
    return invalid (error, _("A training setting is out of range"));
  if (!histories_ok (project->epoch, project->history, project->test_history))
    return invalid (error, _("The loss history does not have one value per epoch"));
  for (size_t i = 0; i < net->n_params; i++)
    if ((project->first_moment != NULL && !isfinite (project->first_moment[i]))
        || (project->second_moment != NULL && !(project->second_moment[i] >= 0.0
                                                && isfinite (project->second_moment[i]))))
      return invalid (error, _("The optimizer’s memory is not all finite"));
  return check_runs (project, error);
}

/* Whether a test history has a value that is not NAN. */
static int
history_has_values (const NlHistory *history)
{
  const NlHistoryBucket *b;
  size_t n;

  if (history == NULL)
    return 0;
  b = nl_history_buckets (history, &n);
  for (size_t i = 0; i < n; i++)
    if (nl_history_bucket_is_set (&b[i]))
      return 1;
  return 0;
}

static int
has_test_history (const NlProject *project)
{
  return history_has_values (project->test_history);
}

/* The values of a history: one per epoch at full resolution (the format of
 * every version), four per bucket (first, smallest, largest, last) once it
 * has buckets. */
static void
out_history (Out             *o,
             const NlHistory *history)
{
  size_t n;
  const NlHistoryBucket *b = nl_history_buckets (history, &n);
  int full = nl_history_bucket_epochs (history) == 1;

  for (size_t i = 0; i < n; i++)
    {
      if (full)
        out_double_item (o, b[i].min);
      else
        {
          out_double_item (o, b[i].first);
          out_double_item (o, b[i].min);
          out_double_item (o, b[i].max);
          out_double_item (o, b[i].last);
        }
      if ((i + 1) % PROGRESS_INTERVAL == 0 && !out_tick (o, PROGRESS_INTERVAL))
        return;
    }
  out_tick (o, n % PROGRESS_INTERVAL);
}

/* The figures and loss histories of @epoch epochs, as [History] and each
 * [Run N] hold them; @test_history NULL leaves the test loss out. */
static void
out_figures (Out                *o,
             uint64_t            epoch,
             const NlEvaluation *eval,
             const NlEvaluation *test,
             const NlHistory    *history,
             const NlHistory    *test_history)
{
  out_printf (o, "epoch=%" PRIu64 "\nloss=", epoch);
  out_double (o, eval->loss);
  out_str (o, "\naccuracy=");
  out_double (o, eval->accuracy);
  out_str (o, "\ntest-loss=");
  out_double (o, test->loss);
  out_str (o, "\ntest-accuracy=");
  out_double (o, test->accuracy);
  {
    static const char * const keys[] = { "rmse", "r2", "test-rmse", "test-r2" };
    const double values[] = { eval->rmse, eval->r2, test->rmse, test->r2 };

    for (size_t k = 0; k < 4; k++)
      if (isfinite (values[k]))
        {
          out_printf (o, "\n%s=", keys[k]);
          out_double (o, values[k]);
        }
  }
  if (history == NULL || nl_history_bucket_epochs (history) == 1)
    {
      out_str (o, "\n# The loss of every epoch, oldest first.\nlosses=");
      if (history != NULL)
        out_history (o, history);
    }
  else
    {
      /* A long history is kept in buckets of epochs, so that the file does
       * not grow with the epochs trained. */
      out_printf (o, "\n# The loss history in buckets of %" PRIu64 " epochs (the last may hold "
                     "fewer), oldest first:\n# the first, smallest, largest and last loss of "
                     "each.\nbucket-epochs=%" PRIu64 "\nloss-buckets=",
                  nl_history_bucket_epochs (history),
                  nl_history_bucket_epochs (history));
      out_history (o, history);
    }
  /* Without a test set every value would be nan: a long line that says
   * nothing, left out instead. */
  if (test_history != NULL && nl_history_bucket_epochs (history) == 1)
    {
      out_str (o, "\n# The test loss of every epoch, nan where it was not evaluated.\n"
                  "test-losses=");
      out_history (o, test_history);
    }
  else if (test_history != NULL)
    {
      out_str (o, "\n# The test loss history in the same buckets, nan where it was not "
                  "evaluated.\ntest-loss-buckets=");
      out_history (o, test_history);
    }
}

/* The ways to learn: batch size, optimizer and coefficients, penalties. */
static void
out_options (Out                  *o,
             const NlTrainOptions *options)
{
  out_printf (o, "batch-size=%zu\noptimizer=%s\nmomentum=", options->batch_size,
              nl_optimizer_name (options->optimizer));
  out_double (o, options->momentum);
  out_str (o, "\nbeta1=");
  out_double (o, options->beta1);
  out_str (o, "\nbeta2=");
  out_double (o, options->beta2);
  out_str (o, "\nepsilon=");
  out_double (o, options->epsilon);
  out_str (o, "\nl1=");
  out_double (o, options->l1);
  out_str (o, "\nl2=");
  out_double (o, options->l2);
  out_str (o, "\n");
}

/* [Optimizer], when there is memory to keep. */
static void
out_optimizer_state (Out             *o,
                     const NlProject *project)
{
  size_t n = project->net->n_params;

  if (project->optimizer_steps == 0 && project->first_moment == NULL
      && project->second_moment == NULL)
    return;
  out_printf (o, "\n\n[Optimizer]\n# The optimizer’s memory after %" PRIu64 " steps, per "
                 "parameter in the order of parameters=.\nsteps=%" PRIu64,
              project->optimizer_steps, project->optimizer_steps);
  if (project->first_moment != NULL)
    {
      out_str (o, "\n# The velocity (momentum) or m (Adam).\nfirst-moment=");
      out_double_list (o, project->first_moment, n);
    }
  if (project->second_moment != NULL)
    {
      out_str (o, "\n# Adam’s v.\nsecond-moment=");
      out_double_list (o, project->second_moment, n);
    }
}

static void
out_run (Out                *o,
         const NlProjectRun *run)
{
  out_printf (o, "\n\n[Run %u]\nlabel=", run->number);
  out_item (o, run->label);
  out_printf (o, "\nvisible=%s\narchitecture=%s\nactivation=%s\ninit=%s\nseed=%" PRIu64
                 "\nlearning-rate=",
              run->visible ? "true" : "false", run->architecture,
              nl_activation_name (run->activation), init_names[run->init], run->seed);
  out_double (o, run->options.learning_rate);
  out_printf (o, "\nloss-function=%s\nshuffle=%s\n", nl_loss_name (run->options.loss),
              run->options.shuffle ? "true" : "false");
  out_options (o, &run->options);
  out_figures (o, run->epoch, &run->eval, &run->test_eval, run->history,
               history_has_values (run->test_history) ? run->test_history : NULL);
}

char *
nl_project_write_buffer (const NlProject *project,
                         size_t          *length,
                         NlError         *error)
{
  return nl_project_write_buffer_full (project, NULL, NULL, length, error);
}

char *
nl_project_write_buffer_full (const NlProject       *project,
                              NlProjectProgressFunc  progress,
                              void                  *progress_data,
                              size_t                *length,
                              NlError               *error)
{
  return _nl_project_write_buffer_max (project, NL_PROJECT_MAX_FILE_SIZE, progress,
                                       progress_data, length, error);
}

char *
_nl_project_write_buffer_max (const NlProject       *project,
                              size_t                 max_size,
                              NlProjectProgressFunc  progress,
                              void                  *progress_data,
                              size_t                *length,
                              NlError               *error)
{
  Out o = { .progress = progress, .progress_data = progress_data, .max = max_size };
  const NlDataset *ds;
  const NlNet *net;
  int test_history;
  char name[16];

  if (length != NULL)
    *length = 0;
  if (nl_project_check (project, error) != NL_OK)
    return NULL;
  ds = project->dataset;
  net = project->net;
  test_history = has_test_history (project);
  /* Each value and each row of the table counts one; the sizes are checked
   * and held in memory, so the sum cannot overflow. */
  {
    size_t n_buckets = 0;

    if (project->history != NULL)
      nl_history_buckets (project->history, &n_buckets);
    o.total = net->n_params + n_buckets * (test_history ? 2 : 1) + ds->n_rows;
    o.total += (project->first_moment != NULL) * net->n_params
               + (project->second_moment != NULL) * net->n_params;
    for (size_t i = 0; i < project->n_runs; i++)
      {
        size_t n_run = 0;

        if (project->runs[i].history != NULL)
          nl_history_buckets (project->runs[i].history, &n_run);
        o.total += n_run * (history_has_values (project->runs[i].test_history) ? 2 : 1);
      }
  }
  out_tick (&o, 0);

  out_str (&o, "# A NeuronLab project: the table, the network and how it was trained.\n"
               "[NeuronLab]\n");
  out_printf (&o, "version=%d\n", NL_PROJECT_VERSION);

  out_str (&o, "\n[Table]\n");
  out_printf (&o, "columns=%zu\nrows=%zu\nnormalize=%s\n", ds->n_columns, ds->n_rows,
              nl_normalize_name (table_normalize (ds)));

  out_str (&o, "\n[Columns]\nnames=");
  for (size_t c = 0; c < ds->n_columns; c++)
    out_item (&o, ds->columns[c].name);
  out_str (&o, "\nkinds=");
  for (size_t c = 0; c < ds->n_columns; c++)
    out_item (&o, kind_name (ds->columns[c].kind));
  out_str (&o, "\ninputs=");
  for (size_t c = 0; c < ds->n_columns; c++)
    out_item (&o, ds->columns[c].kind == NL_COLUMN_NUMERIC && ds->columns[c].is_input
                  ? "true" : "false");
  out_str (&o, "\nshift=");
  for (size_t c = 0; c < ds->n_columns; c++)
    out_double_item (&o, has_transform (&ds->columns[c]) ? ds->columns[c].shift : 0.0);
  out_str (&o, "\nscale=");
  for (size_t c = 0; c < ds->n_columns; c++)
    out_double_item (&o, has_transform (&ds->columns[c]) ? ds->columns[c].scale : 1.0);
  out_str (&o, "\n");
  if (ds->label_column >= 0 && ds->columns[ds->label_column].kind == NL_COLUMN_LABEL)
    {
      const NlColumn *label = &ds->columns[ds->label_column];

      out_str (&o, label->n_classes == 2
                   ? "# The negative class, then the positive one.\nclasses="
                   : "# The classes, one output neuron each, in order.\nclasses=");
      for (size_t k = 0; k < label->n_classes; k++)
        out_item (&o, label->classes[k] != NULL ? label->classes[k] : "");
      out_str (&o, "\n");
    }

  out_str (&o, "\n[Network]\nlayers=");
  for (size_t l = 0; l < net->n_layers; l++)
    out_printf (&o, "%zu;", net->sizes[l]);
  out_printf (&o, "\nactivation=%s\noutput-activation=%s\n",
              nl_activation_name (project->activation),
              nl_activation_name (net->activation[net->n_layers - 1]));
  /* Hidden layers that do not all use activation= list their own. */
  for (size_t l = 1; l + 1 < net->n_layers; l++)
    if (net->activation[l] != project->activation)
      {
        out_str (&o, "# One per hidden layer.\nactivations=");
        for (size_t h = 1; h + 1 < net->n_layers; h++)
          out_printf (&o, "%s;", nl_activation_name (net->activation[h]));
        out_str (&o, "\n");
        break;
      }
  /* Small networks name their parameters, as the tutorial does. */
  if (net->n_params <= 64)
    {
      out_str (&o, "# The weights, layer by layer, then the biases:");
      for (size_t i = 0; i < net->n_params; i++)
        {
          nl_net_param_name (net, i, name, sizeof name);
          out_printf (&o, " %s", name);
        }
      out_str (&o, "\n");
    }
  out_str (&o, "parameters=");
  out_double_list (&o, net->params, net->n_params);

  out_str (&o, "\n\n[Training]\nlearning-rate=");
  out_double (&o, project->options.learning_rate);
  out_printf (&o, "\nepochs=%u\nloss=%s\nseed=%" PRIu64 "\ninit=%s\nshuffle=%s\n",
              project->epochs_per_run, nl_loss_name (project->options.loss), project->seed,
              init_names[project->init], project->options.shuffle ? "true" : "false");
  out_printf (&o, "test-percent=%u\nsplit-seed=%" PRIu64 "\ntarget-loss=",
              project->test_percent, project->split_seed);
  out_double (&o, project->target_loss);
  out_printf (&o, "\nearly-stopping=%s\n", project->early_stopping ? "true" : "false");
  out_options (&o, &project->options);

  out_str (&o, "\n[History]\n");
  {
    const NlEvaluation eval = { project->loss, project->accuracy, project->rmse, project->r2 };
    const NlEvaluation test = {
      project->test_loss, project->test_accuracy, project->test_rmse, project->test_r2
    };

    out_figures (&o, project->epoch, &eval, &test, project->history,
                 test_history ? project->test_history : NULL);
  }
  out_optimizer_state (&o, project);
  for (size_t i = 0; i < project->n_runs && !o.failed; i++)
    out_run (&o, &project->runs[i]);
  out_str (&o, "\n\n[Rows]\n");
  for (size_t r = 0; r < ds->n_rows && !o.failed; r++)
    {
      out_printf (&o, "%zu=", r + 1);
      for (size_t c = 0; c < ds->n_columns; c++)
        out_item (&o, nl_dataset_cell (ds, r, c)->text);
      out_str (&o, "\n");
      if ((r + 1) % PROGRESS_INTERVAL == 0)
        out_tick (&o, PROGRESS_INTERVAL);
    }

  if (o.failed)
    {
      free (o.data);
      if (o.stopped)
        nl_error_set (error, NL_ERR_CANCELLED, 0, 0, "%s", _("Writing the project was stopped"));
      else if (o.too_large)
        nl_error_set (error, NL_ERR_INVALID, 0, 0,
                      _("the project would be larger than %zu MB, the most NeuronLab can open"),
                      max_size / (1024 * 1024));
      else
        nl_error_nomem (error);
      return NULL;
    }
  if (length != NULL)
    *length = o.length;
  return o.data;
}

NlStatus
nl_project_write_file (const NlProject *project,
                       const char      *path,
                       NlError         *error)
{
  NlStatus status;
  char *data;
  size_t length;

  if (path == NULL)
    return invalid (error, _("No file name"));
  data = nl_project_write_buffer (project, &length, error);
  if (data == NULL)
    return error != NULL ? error->status : NL_ERR_INVALID;
  status = nl_file_write_atomic (path, data, length, error);
  free (data);
  return status;
}

/* Reading */

enum
{
  GROUP_NEURONLAB,
  GROUP_TABLE,
  GROUP_COLUMNS,
  GROUP_NETWORK,
  GROUP_TRAINING,
  GROUP_HISTORY,
  GROUP_ROWS,
  GROUP_OPTIMIZER,
  GROUP_RUN,          /* "[Run N]", one per finished run */
  N_GROUPS
};

static const char * const group_names[N_GROUPS] = {
  "NeuronLab", "Table", "Columns", "Network", "Training", "History", "Rows", "Optimizer", "Run",
};

enum
{
  KEY_VERSION,
  KEY_COLUMNS,
  KEY_ROWS,
  KEY_NORMALIZE,
  KEY_NAMES,
  KEY_KINDS,
  KEY_INPUTS,
  KEY_SHIFT,
  KEY_SCALE,
  KEY_CLASSES,
  KEY_LAYERS,
  KEY_ACTIVATION,
  KEY_OUTPUT_ACTIVATION,
  KEY_ACTIVATIONS,
  KEY_PARAMETERS,
  KEY_LEARNING_RATE,
  KEY_EPOCHS,
  KEY_LOSS_FUNCTION,
  KEY_SEED,
  KEY_INIT,
  KEY_SHUFFLE,
  KEY_TEST_PERCENT,
  KEY_SPLIT_SEED,
  KEY_TARGET_LOSS,
  KEY_EARLY_STOPPING,
  KEY_EPOCH,
  KEY_LOSS,
  KEY_ACCURACY,
  KEY_TEST_LOSS,
  KEY_TEST_ACCURACY,
  KEY_RMSE,
  KEY_R2,
  KEY_TEST_RMSE,
  KEY_TEST_R2,
  KEY_LOSSES,
  KEY_TEST_LOSSES,
  KEY_BUCKET_EPOCHS,
  KEY_LOSS_BUCKETS,
  KEY_TEST_LOSS_BUCKETS,
  KEY_BATCH_SIZE,
  KEY_OPTIMIZER,
  KEY_MOMENTUM,
  KEY_BETA1,
  KEY_BETA2,
  KEY_EPSILON,
  KEY_L1,
  KEY_L2,
  KEY_STEPS,
  KEY_FIRST_MOMENT,
  KEY_SECOND_MOMENT,
  KEY_RUN_LABEL,
  KEY_RUN_VISIBLE,
  KEY_RUN_ARCHITECTURE,
  KEY_RUN_LOSS_FUNCTION,
  N_KEYS
};

/* A [Run N] group holds its own keys, the figures and histories of
 * [History], and the settings marked in_run. */
static const struct
{
  int         group;
  const char *name;
  int         is_list;
  int         in_run;
} key_info[N_KEYS] = {
  [KEY_VERSION] = { GROUP_NEURONLAB, "version", 0 },
  [KEY_COLUMNS] = { GROUP_TABLE, "columns", 0 },
  [KEY_ROWS] = { GROUP_TABLE, "rows", 0 },
  [KEY_NORMALIZE] = { GROUP_TABLE, "normalize", 0 },
  [KEY_NAMES] = { GROUP_COLUMNS, "names", 1 },
  [KEY_KINDS] = { GROUP_COLUMNS, "kinds", 1 },
  [KEY_INPUTS] = { GROUP_COLUMNS, "inputs", 1 },
  [KEY_SHIFT] = { GROUP_COLUMNS, "shift", 1 },
  [KEY_SCALE] = { GROUP_COLUMNS, "scale", 1 },
  [KEY_CLASSES] = { GROUP_COLUMNS, "classes", 1 },
  [KEY_LAYERS] = { GROUP_NETWORK, "layers", 1 },
  [KEY_ACTIVATION] = { GROUP_NETWORK, "activation", 0, 1 },
  [KEY_OUTPUT_ACTIVATION] = { GROUP_NETWORK, "output-activation", 0 },
  [KEY_ACTIVATIONS] = { GROUP_NETWORK, "activations", 1 },
  [KEY_PARAMETERS] = { GROUP_NETWORK, "parameters", 1 },
  [KEY_LEARNING_RATE] = { GROUP_TRAINING, "learning-rate", 0, 1 },
  [KEY_EPOCHS] = { GROUP_TRAINING, "epochs", 0 },
  [KEY_LOSS_FUNCTION] = { GROUP_TRAINING, "loss", 0 },
  [KEY_SEED] = { GROUP_TRAINING, "seed", 0, 1 },
  [KEY_INIT] = { GROUP_TRAINING, "init", 0, 1 },
  [KEY_SHUFFLE] = { GROUP_TRAINING, "shuffle", 0, 1 },
  [KEY_TEST_PERCENT] = { GROUP_TRAINING, "test-percent", 0 },
  [KEY_SPLIT_SEED] = { GROUP_TRAINING, "split-seed", 0 },
  [KEY_TARGET_LOSS] = { GROUP_TRAINING, "target-loss", 0 },
  [KEY_EARLY_STOPPING] = { GROUP_TRAINING, "early-stopping", 0 },
  [KEY_EPOCH] = { GROUP_HISTORY, "epoch", 0, 1 },
  [KEY_LOSS] = { GROUP_HISTORY, "loss", 0, 1 },
  [KEY_ACCURACY] = { GROUP_HISTORY, "accuracy", 0, 1 },
  [KEY_TEST_LOSS] = { GROUP_HISTORY, "test-loss", 0, 1 },
  [KEY_TEST_ACCURACY] = { GROUP_HISTORY, "test-accuracy", 0, 1 },
  [KEY_RMSE] = { GROUP_HISTORY, "rmse", 0, 1 },
  [KEY_R2] = { GROUP_HISTORY, "r2", 0, 1 },
  [KEY_TEST_RMSE] = { GROUP_HISTORY, "test-rmse", 0, 1 },
  [KEY_TEST_R2] = { GROUP_HISTORY, "test-r2", 0, 1 },
  [KEY_LOSSES] = { GROUP_HISTORY, "losses", 1, 1 },
  [KEY_TEST_LOSSES] = { GROUP_HISTORY, "test-losses", 1, 1 },
  [KEY_BUCKET_EPOCHS] = { GROUP_HISTORY, "bucket-epochs", 0, 1 },
  [KEY_LOSS_BUCKETS] = { GROUP_HISTORY, "loss-buckets", 1, 1 },
  [KEY_TEST_LOSS_BUCKETS] = { GROUP_HISTORY, "test-loss-buckets", 1, 1 },
  [KEY_BATCH_SIZE] = { GROUP_TRAINING, "batch-size", 0, 1 },
  [KEY_OPTIMIZER] = { GROUP_TRAINING, "optimizer", 0, 1 },
  [KEY_MOMENTUM] = { GROUP_TRAINING, "momentum", 0, 1 },
  [KEY_BETA1] = { GROUP_TRAINING, "beta1", 0, 1 },
  [KEY_BETA2] = { GROUP_TRAINING, "beta2", 0, 1 },
  [KEY_EPSILON] = { GROUP_TRAINING, "epsilon", 0, 1 },
  [KEY_L1] = { GROUP_TRAINING, "l1", 0, 1 },
  [KEY_L2] = { GROUP_TRAINING, "l2", 0, 1 },
  [KEY_STEPS] = { GROUP_OPTIMIZER, "steps", 0, 0 },
  [KEY_FIRST_MOMENT] = { GROUP_OPTIMIZER, "first-moment", 1, 0 },
  [KEY_SECOND_MOMENT] = { GROUP_OPTIMIZER, "second-moment", 1, 0 },
  [KEY_RUN_LABEL] = { GROUP_RUN, "label", 1, 1 },
  [KEY_RUN_VISIBLE] = { GROUP_RUN, "visible", 0, 1 },
  [KEY_RUN_ARCHITECTURE] = { GROUP_RUN, "architecture", 0, 1 },
  [KEY_RUN_LOSS_FUNCTION] = { GROUP_RUN, "loss-function", 0, 1 },
};

typedef struct
{
  const char *text;   /* the value as written, escapes and all */
  size_t      length;
  size_t      line;   /* 0 when the key is absent */
} Value;

typedef struct
{
  size_t number;      /* the key: 1 for the first row */
  Value  value;
} RowEntry;

/* A [Run N] group's keys. */
typedef struct
{
  unsigned  number;
  size_t    line;     /* of its first [Run N] line */
  Value     values[N_KEYS];
} RunEntry;

typedef struct
{
  /* The keys of the groups, or of the [Run N] being read (see read_runs()). */
  Value    *values;
  Value     main_values[N_KEYS];
  RunEntry *runs;     /* NL_PROJECT_MAX_RUNS of them */
  size_t    n_runs;
  int       run;      /* the run being read, -1 for none */
  size_t    group_line[N_GROUPS];
  RowEntry *rows;
  size_t    n_rows;
  size_t    rows_alloc;
  size_t    last_line;
  uint64_t  version;  /* 0 until read */

  /* Progress: the text is gone through twice (split into lines, then its
   * values parsed), 2 x length bytes in all. */
  NlProjectProgressFunc progress;
  void                 *progress_data;
  size_t                done;
  size_t                total;
  size_t                next_report;
} Reader;

/* Bytes between two progress reports. */
#define READ_REPORT_BYTES ((size_t) 1 << 20)

static NlStatus
stopped_error (NlError *error)
{
  return nl_error_set (error, NL_ERR_CANCELLED, 0, 0, "%s", _("Reading the project was stopped"));
}

/* Counts @n bytes gone through; 0 when the caller's progress function says
 * stop. */
static int
reader_tick (Reader *r,
             size_t  n)
{
  r->done += n;
  if (r->progress == NULL || r->done < r->next_report)
    return 1;
  r->next_report = r->done + READ_REPORT_BYTES;
  return r->progress (r->total > 0 && r->done < r->total ? (double) r->done / (double) r->total
                                                          : 1.0,
                      r->progress_data);
}

static NlStatus parse_error (NlError    *error,
                             size_t      line,
                             const char *format,
                             ...) __attribute__ ((format (printf, 3, 4)));

/* An NL_ERR_PARSE that starts "Line N: " when it is about a line. */
static NlStatus
parse_error (NlError    *error,
             size_t      line,
             const char *format,
             ...)
{
  char message[sizeof error->message];
  va_list args;

  va_start (args, format);
  vsnprintf (message, sizeof message, format, args);
  va_end (args);
  if (line == 0)
    return nl_error_set (error, NL_ERR_PARSE, 0, 0, "%s", message);
  return nl_error_set (error, NL_ERR_PARSE, line, 0, _("Line %zu: %s"), line, message);
}

static NlStatus
newer_version_error (const Reader *r,
                     NlError      *error)
{
  return parse_error (error, r->values[KEY_VERSION].line,
                      _("this project was made by a newer version of NeuronLab (file format "
                        "%" PRIu64 "; this version reads format %d and older)"),
                      r->version, NL_PROJECT_VERSION);
}

/* Strips the spaces that GKeyFile would keep after a scalar value. */
static void
value_trim_end (Value *v)
{
  while (v->length > 0 && is_blank (v->text[v->length - 1]))
    v->length--;
}

static int
parse_uint64 (const char *s,
              size_t      len,
              uint64_t    max,
              uint64_t   *out)
{
  uint64_t v = 0;

  if (len == 0 || len > 20)
    return 0;
  for (size_t i = 0; i < len; i++)
    {
      unsigned d;

      if (s[i] < '0' || s[i] > '9')
        return 0;
      d = (unsigned) (s[i] - '0');
      if (v > (UINT64_MAX - d) / 10)
        return 0;
      v = v * 10 + d;
    }
  if (v > max)
    return 0;
  *out = v;
  return 1;
}

static NlStatus
add_row_entry (Reader     *r,
               const char *key,
               size_t      key_len,
               const char *value,
               size_t      value_len,
               size_t      line,
               NlError    *error)
{
  char shown[64];
  uint64_t number;

  if (!parse_uint64 (key, key_len, SIZE_MAX, &number) || number == 0)
    return parse_error (error, line, _("“%s” is not a row number (rows are numbered from 1)"),
                        excerpt (key, key_len, shown, sizeof shown));
  if (r->n_rows == r->rows_alloc)
    {
      size_t alloc = r->rows_alloc < 64 ? 64 : r->rows_alloc * 2;
      RowEntry *grown;

      if (alloc > SIZE_MAX / sizeof *grown)
        return nl_error_nomem (error);
      grown = realloc (r->rows, alloc * sizeof *grown);
      if (grown == NULL)
        return nl_error_nomem (error);
      r->rows = grown;
      r->rows_alloc = alloc;
    }
  r->rows[r->n_rows].number = (size_t) number;
  r->rows[r->n_rows].value.text = value;
  r->rows[r->n_rows].value.length = value_len;
  r->rows[r->n_rows].value.line = line;
  r->n_rows++;
  return NL_OK;
}

/* Whether a list value ends with a ';' that is not escaped. */
static int
list_terminated (const char *s,
                 size_t      len)
{
  size_t backslashes = 0;

  if (len == 0 || s[len - 1] != ';')
    return 0;
  while (backslashes < len - 1 && s[len - 2 - backslashes] == '\\')
    backslashes++;
  return backslashes % 2 == 0;
}

/* A "[Run N]" line: @number (len bytes) is N. The group is the run's
 * entry, made the first time it appears; *@run gets its index. */
static NlStatus
scan_run_group (Reader     *r,
                const char *number,
                size_t      len,
                size_t      line,
                size_t     *run,
                NlError    *error)
{
  char shown[64];
  uint64_t n;

  if (!parse_uint64 (number, len, UINT32_MAX, &n) || n == 0)
    return parse_error (error, line, _("“[Run %s]” is not a run: runs are numbered from 1"),
                        excerpt (number, len, shown, sizeof shown));
  for (size_t i = 0; i < r->n_runs; i++)
    if (r->runs[i].number == n)
      {
        *run = i;
        return NL_OK;
      }
  if (r->n_runs == NL_PROJECT_MAX_RUNS)
    return parse_error (error, line, _("a project keeps at most %d runs"), NL_PROJECT_MAX_RUNS);
  if (r->runs == NULL)
    {
      r->runs = calloc (NL_PROJECT_MAX_RUNS, sizeof *r->runs);
      if (r->runs == NULL)
        return nl_error_nomem (error);
    }
  r->runs[r->n_runs].number = (unsigned) n;
  r->runs[r->n_runs].line = line;
  *run = r->n_runs++;
  return NL_OK;
}

/* Splits the file into groups and keys (see the top of the file). */
static NlStatus
scan (Reader     *r,
      const char *data,
      size_t      length,
      NlError    *error)
{
  const char *p = data, *end = data + length;
  int group = -2;       /* -2 before the first group, -1 in an unknown one */
  size_t run = 0;       /* in GROUP_RUN, the entry in r->runs */
  Value *values;
  size_t line = 0;
  int last_is_open_list = 0;
  NlStatus status;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end)
    {
      const char *eol = memchr (p, '\n', (size_t) (end - p));
      const char *s = p, *e = eol != NULL ? eol : end;
      const char *eq, *key_end, *value;
      char shown[64];
      int key;

      line++;
      if (!reader_tick (r, (size_t) ((eol != NULL ? eol + 1 : end) - p)))
        return stopped_error (error);
      p = eol != NULL ? eol + 1 : end;
      if (e > s && e[-1] == '\r')
        e--;
      for (const char *q = s; q < e; )
        {
          size_t n = nl_utf8_length ((const unsigned char *) q, (const unsigned char *) e);

          if (n == 0 || ((unsigned char) *q < 0x20 && *q != '\t') || *q == 0x7F)
            {
              if (r->version > NL_PROJECT_VERSION)
                return newer_version_error (r, error);
              return parse_error (error, line, "%s",
                                  _("this is not a NeuronLab project (it holds binary data)"));
            }
          q += n;
        }
      while (s < e && is_blank (*s))
        s++;
      last_is_open_list = 0;
      if (s == e || *s == '#')
        continue;

      if (*s == '[')
        {
          const char *close = memchr (s, ']', (size_t) (e - s));
          const char *after = close != NULL ? close + 1 : e;

          while (after < e && is_blank (*after))
            after++;
          if (close == NULL || after != e || close == s + 1
              || memchr (s + 1, '[', (size_t) (close - s - 1)) != NULL)
            {
              if (r->version > NL_PROJECT_VERSION)
                return newer_version_error (r, error);
              return parse_error (error, line, _("“%s” is not a valid [group] line"),
                                  excerpt (s, (size_t) (e - s), shown, sizeof shown));
            }
          group = -1;
          for (int g = 0; g < N_GROUPS; g++)
            if (g != GROUP_RUN && strlen (group_names[g]) == (size_t) (close - s - 1)
                && memcmp (group_names[g], s + 1, (size_t) (close - s - 1)) == 0)
              {
                group = g;
                if (r->group_line[g] == 0)
                  r->group_line[g] = line;
              }
          if (group == -1 && (size_t) (close - s - 1) > 4 && memcmp (s + 1, "Run ", 4) == 0)
            {
              status = scan_run_group (r, s + 5, (size_t) (close - s - 5), line, &run, error);
              if (status != NL_OK)
                return r->version > NL_PROJECT_VERSION ? newer_version_error (r, error) : status;
              group = GROUP_RUN;
            }
          continue;
        }

      eq = memchr (s, '=', (size_t) (e - s));
      if (group == -2 || eq == NULL || eq == s)
        {
          if (r->version > NL_PROJECT_VERSION)
            return newer_version_error (r, error);
          if (group == -2)
            return parse_error (error, line, "%s",
                                _("this is not a NeuronLab project (it does not start with "
                                  "a [group])"));
          return parse_error (error, line, _("“%s” is neither a [group], a key=value pair "
                                             "nor a # comment"),
                              excerpt (s, (size_t) (e - s), shown, sizeof shown));
        }
      key_end = eq;
      while (key_end > s && is_blank (key_end[-1]))
        key_end--;
      value = eq + 1;
      while (value < e && is_blank (*value))
        value++;
      /* GKeyFile keeps trailing spaces; a list's would be one more item. */
      while (e > value && is_blank (e[-1]))
        e--;
      r->last_line = line;

      if (group == GROUP_ROWS)
        {
          status = add_row_entry (r, s, (size_t) (key_end - s), value, (size_t) (e - value),
                                  line, error);
          if (status != NL_OK)
            return r->version > NL_PROJECT_VERSION ? newer_version_error (r, error) : status;
          last_is_open_list = !list_terminated (value, (size_t) (e - value));
          continue;
        }
      if (group < 0)
        continue;
      for (key = 0; key < N_KEYS; key++)
        if ((group == GROUP_RUN ? key_info[key].group == GROUP_RUN || key_info[key].in_run
                                : key_info[key].group == group)
            && strlen (key_info[key].name) == (size_t) (key_end - s)
            && memcmp (key_info[key].name, s, (size_t) (key_end - s)) == 0)
          break;
      if (key == N_KEYS)
        continue; /* another version's key, or a translation "key[de]" */
      values = group == GROUP_RUN ? r->runs[run].values : r->values;
      if (values[key].line != 0)
        {
          char name[32];

          if (r->version > NL_PROJECT_VERSION)
            return newer_version_error (r, error);
          if (group == GROUP_RUN)
            snprintf (name, sizeof name, "Run %u", r->runs[run].number);
          else
            snprintf (name, sizeof name, "%s", group_names[group]);
          return parse_error (error, line, _("“%s” appears twice in [%s] (first on line %zu)"),
                              key_info[key].name, name, values[key].line);
        }
      values[key].text = value;
      values[key].length = (size_t) (e - value);
      values[key].line = line;
      last_is_open_list = key_info[key].is_list
                          && !list_terminated (value, (size_t) (e - value));
      if (key == KEY_VERSION)
        {
          Value v = r->values[key];

          value_trim_end (&v);
          if (!parse_uint64 (v.text, v.length, UINT64_MAX, &r->version) || r->version == 0)
            return parse_error (error, line, _("“%s” is not a file format version"),
                                excerpt (v.text, v.length, shown, sizeof shown));
        }
    }

  if (r->version > NL_PROJECT_VERSION)
    return newer_version_error (r, error);
  if (last_is_open_list && (length == 0 || data[length - 1] != '\n'))
    return parse_error (error, line, "%s",
                        _("the file ends in the middle of a list; it was probably cut short"));
  if (line == 0)
    return parse_error (error, 0, "%s", _("The file is empty"));
  if (r->values[KEY_VERSION].line == 0)
    return parse_error (error, r->group_line[GROUP_NEURONLAB], "%s",
                        _("this is not a NeuronLab project (there is no [NeuronLab] group "
                          "with a version)"));
  return NL_OK;
}

/* Lists */

typedef struct
{
  const char *p;
  const char *end;
  size_t      line;
  const char *key;
} List;

static List
list_start (const Value *v,
            const char  *key)
{
  List list = { v->text, v->text + v->length, v->line, key };

  return list;
}

/* The number of items, as GKeyFile splits them: at every ';' that is not
 * escaped, plus the text after the last one if there is any. */
static size_t
list_count (const Value *v)
{
  size_t n = 0;
  int pending = 0;

  for (size_t i = 0; i < v->length; i++)
    {
      if (v->text[i] == '\\' && i + 1 < v->length)
        {
          i++;
          pending = 1;
        }
      else if (v->text[i] == ';')
        {
          n++;
          pending = 0;
        }
      else
        pending = 1;
    }
  return n + pending;
}

/* The end of the item that starts at @p: the first ';' that is not
 * escaped, or the end of the list. Only the item is looked at, so that
 * walking a list is linear in its length however many items it has. */
static const char *
item_end (const char *p,
          const char *end)
{
  for (; p < end && *p != ';'; p++)
    if (*p == '\\' && p + 1 < end)
      p++;
  return p;
}

/* Unescapes the item from @p to @e (item_end()) into @out, which has room
 * for e - p + 1 bytes; returns its length, or (size_t) -1 with @error set. */
static size_t
unescape_item (const List *list,
               const char *p,
               const char *e,
               char       *out,
               NlError    *error)
{
  char *q = out;

  for (; p < e; p++)
    {
      if (*p != '\\')
        {
          *q++ = *p;
          continue;
        }
      if (++p == e)
        {
          parse_error (error, list->line, _("“%s” ends with a lone backslash"), list->key);
          return (size_t) -1;
        }
      switch (*p)
        {
        case 's':
          *q++ = ' ';
          break;
        case 'n':
          *q++ = '\n';
          break;
        case 't':
          *q++ = '\t';
          break;
        case 'r':
          *q++ = '\r';
          break;
        case '\\':
          *q++ = '\\';
          break;
        case ';':
          *q++ = ';';
          break;
        default:
          {
            char shown[16];
            size_t n = nl_utf8_length ((const unsigned char *) p, (const unsigned char *) e);

            parse_error (error, list->line, _("“\\%s” in “%s” is not an escape sequence"),
                         excerpt (p, n > 0 ? n : 1, shown, sizeof shown), list->key);
            return (size_t) -1;
          }
        }
    }
  *q = '\0';
  return (size_t) (q - out);
}

/* Unescapes the next item into @buf when it fits in @size bytes, else into
 * a new string; *item is then different from @buf and is freed with
 * free(). Returns 1, or 0 at the end of the list, or -1 with @error set. */
static int
list_next_buf (List     *list,
               char     *buf,
               size_t    size,
               char    **item,
               size_t   *item_len,
               NlError  *error)
{
  const char *p = list->p, *e;
  char *out;
  size_t len;

  *item = NULL;
  if (p >= list->end)
    return 0;
  e = item_end (p, list->end);
  if ((size_t) (e - p) < size)
    out = buf;
  else if ((out = malloc ((size_t) (e - p) + 1)) == NULL)
    {
      nl_error_nomem (error);
      return -1;
    }
  len = unescape_item (list, p, e, out, error);
  if (len == (size_t) -1)
    {
      if (out != buf)
        free (out);
      return -1;
    }
  list->p = e < list->end ? e + 1 : e;
  *item = out;
  *item_len = len;
  return 1;
}

/* Unescapes the next item into a new string; returns 1, or 0 at the end of
 * the list, or -1 with @error set. */
static int
list_next (List     *list,
           char    **item,
           size_t   *item_len,
           NlError  *error)
{
  return list_next_buf (list, NULL, 0, item, item_len, error);
}

/* The status of a list_next() that did not return an item. */
static NlStatus
list_failed (const NlError *error)
{
  return error != NULL && error->status != NL_OK ? error->status : NL_ERR_PARSE;
}

/* Whether an optional key is there. */
static int
is_set (const Reader *r,
        int           key)
{
  return r->values[key].line != 0;
}

/* Requires the key to be there. */
static NlStatus
need (const Reader *r,
      int           key,
      Value        *out,
      NlError      *error)
{
  int group = key_info[key].group;
  char name[32];

  *out = r->values[key];
  if (out->line != 0)
    return NL_OK;
  /* A run's keys are all in its own [Run N]. */
  if (r->run >= 0)
    {
      snprintf (name, sizeof name, "Run %u", r->runs[r->run].number);
      return parse_error (error, r->runs[r->run].line,
                          _("[%s] has no “%s”; the file may have been cut short"),
                          name, key_info[key].name);
    }
  if (r->group_line[group] == 0)
    return parse_error (error, r->last_line,
                        _("the file has no [%s] group; it may have been cut short"),
                        group_names[group]);
  return parse_error (error, r->group_line[group],
                      _("[%s] has no “%s”; the file may have been cut short"),
                      group_names[group], key_info[key].name);
}

static NlStatus
need_count (const Reader *r,
            int           key,
            size_t        expected,
            const char   *what,
            Value        *out,
            NlError      *error)
{
  NlStatus status = need (r, key, out, error);
  size_t n;

  if (status != NL_OK)
    return status;
  n = list_count (out);
  if (n != expected)
    return parse_error (error, out->line, _("“%s” has %zu values but %s"),
                        key_info[key].name, n, what);
  return NL_OK;
}

static NlStatus
need_uint (const Reader *r,
           int           key,
           uint64_t      max,
           uint64_t     *out,
           NlError      *error)
{
  char shown[64];
  Value v;
  NlStatus status = need (r, key, &v, error);

  if (status != NL_OK)
    return status;
  if (!parse_uint64 (v.text, v.length, max, out))
    return parse_error (error, v.line, _("“%s” must be a whole number from 0 to %" PRIu64
                                         ", not “%s”"),
                        key_info[key].name, max, excerpt (v.text, v.length, shown, sizeof shown));
  return NL_OK;
}

/* A number as nl_dataset_parse_number() reads it; with @special, also nan,
 * inf and -inf, which a loss may be. */
static NlStatus
parse_double (const char *text,
              size_t      len,
              int         special,
              size_t      line,
              const char *key,
              double     *out,
              NlError    *error)
{
  char buf[64], shown[64];

  if (len < sizeof buf)
    {
      memcpy (buf, text, len);
      buf[len] = '\0';
      if (special && strcmp (buf, "nan") == 0)
        {
          *out = NAN;
          return NL_OK;
        }
      if (special && (strcmp (buf, "inf") == 0 || strcmp (buf, "-inf") == 0))
        {
          *out = buf[0] == '-' ? -INFINITY : INFINITY;
          return NL_OK;
        }
      if (nl_dataset_parse_number (buf, out, NULL) == NL_OK)
        return NL_OK;
    }
  return parse_error (error, line, _("“%s” in “%s” is not a number"),
                      excerpt (text, len, shown, sizeof shown), key);
}

static NlStatus
need_double (const Reader *r,
             int           key,
             int           special,
             double       *out,
             NlError      *error)
{
  Value v;
  NlStatus status = need (r, key, &v, error);

  if (status != NL_OK)
    return status;
  return parse_double (v.text, v.length, special, v.line, key_info[key].name, out, error);
}

static int
value_is (const char *text,
          size_t      len,
          const char *word)
{
  return strlen (word) == len && memcmp (text, word, len) == 0;
}

static NlStatus
parse_bool (const char *text,
            size_t      len,
            size_t      line,
            const char *key,
            int        *out,
            NlError    *error)
{
  char shown[64];

  if (value_is (text, len, "true") || value_is (text, len, "1"))
    *out = 1;
  else if (value_is (text, len, "false") || value_is (text, len, "0"))
    *out = 0;
  else
    return parse_error (error, line, _("“%s” in “%s” is neither true nor false"),
                        excerpt (text, len, shown, sizeof shown), key);
  return NL_OK;
}

/* A name from @names (n of them). */
static NlStatus
need_name (const Reader       *r,
           int                 key,
           const char * const *names,
           int                 n,
           int                *out,
           NlError            *error)
{
  char shown[64];
  Value v;
  NlStatus status = need (r, key, &v, error);

  if (status != NL_OK)
    return status;
  for (int i = 0; i < n; i++)
    if (names[i] != NULL && value_is (v.text, v.length, names[i]))
      {
        *out = i;
        return NL_OK;
      }
  return parse_error (error, v.line, _("“%s” is not a known value for “%s”"),
                      excerpt (v.text, v.length, shown, sizeof shown), key_info[key].name);
}

/* Reads a list of doubles into @out (n values, counted already). */
static NlStatus
read_doubles (Reader      *r,
              const Value *v,
              const char  *key,
              int          special,
              double      *out,
              size_t       n,
              NlError     *error)
{
  List list = list_start (v, key);

  for (size_t i = 0; i < n; i++)
    {
      if (r != NULL && !reader_tick (r, (size_t) (item_end (list.p, list.end) - list.p) + 1))
        return stopped_error (error);

      /* A number fits on the stack: no allocation per value. */
      char buf[64], *item;
      size_t len;
      NlStatus status;

      if (list_next_buf (&list, buf, sizeof buf, &item, &len, error) != 1)
        return list_failed (error);
      status = parse_double (item, len, special, v->line, key, &out[i], error);
      if (item != buf)
        free (item);
      if (status != NL_OK)
        return status;
    }
  return NL_OK;
}

/* Reads a list of texts (n values, counted already); every item is freed
 * with free_texts(). */
static NlStatus
read_texts (const Value *v,
            const char  *key,
            char       **out,
            size_t       n,
            NlError     *error)
{
  List list = list_start (v, key);

  for (size_t i = 0; i < n; i++)
    {
      size_t len;

      if (list_next (&list, &out[i], &len, error) != 1)
        return list_failed (error);
    }
  return NL_OK;
}

static void
free_texts (char   **texts,
            size_t   n)
{
  if (texts == NULL)
    return;
  for (size_t i = 0; i < n; i++)
    free (texts[i]);
  free (texts);
}

/* Sets the label cells' states from the classes, as the core's own parse
 * does: blanks trimmed, then an exact match. */
static void
parse_label_cells (NlDataset *ds,
                   size_t     column)
{
  const NlColumn *col = &ds->columns[column];

  for (size_t row = 0; row < ds->n_rows; row++)
    {
      NlCell *cell = nl_dataset_cell (ds, row, column);
      const char *s = cell->text;
      size_t len = strlen (s);
      int missing;

      while (len > 0 && is_blank (*s))
        {
          s++;
          len--;
        }
      while (len > 0 && is_blank (s[len - 1]))
        len--;
      cell->value = NAN;
      missing = nl_dataset_text_is_missing (cell->text);
      cell->state = missing ? NL_CELL_MISSING : NL_CELL_INVALID;
      for (size_t k = 0; k < col->n_classes && !missing; k++)
        if (col->classes[k] != NULL && value_is (s, len, col->classes[k]))
          {
            cell->state = NL_CELL_OK;
            cell->value = (double) k;
          }
    }
}

static int
compare_rows (const void *a,
              const void *b)
{
  const RowEntry *ra = a, *rb = b;

  return (ra->number > rb->number) - (ra->number < rb->number);
}

static NlStatus
read_table (Reader    *r,
            NlProject *out,
            NlError   *error)
{
  static const char * const kind_names[] = { "text", "numeric", "label", "target" };
  static const char * const normalize_names[NL_N_NORMALIZE] = { "none", "shift", "standardize" };
  char what[128], shown[64];
  uint64_t n_columns, n_rows;
  Value v, names_v, kinds_v, inputs_v, shift_v, scale_v;
  NlColumnKind *kinds = NULL, *create_kinds = NULL;
  char **names = NULL;
  double *shift = NULL, *scale = NULL;
  int *inputs = NULL;
  int normalize = NL_NORMALIZE_NONE;
  int label = -1;
  NlDataset *ds = NULL;
  NlStatus status;
  List list;

  if ((status = need_uint (r, KEY_COLUMNS, NL_PROJECT_MAX_COLUMNS, &n_columns, error)) != NL_OK)
    return status;
  if (n_columns == 0)
    return parse_error (error, r->values[KEY_COLUMNS].line, "%s",
                        _("a table needs at least one column"));
  if ((status = need_uint (r, KEY_ROWS, SIZE_MAX, &n_rows, error)) != NL_OK
      || (status = need_name (r, KEY_NORMALIZE, normalize_names, NL_N_NORMALIZE, &normalize,
                              error)) != NL_OK)
    return status;
  if (n_rows != r->n_rows)
    {
      /* The count that does not hold is the one on the rows= line. */
      return parse_error (error, r->values[KEY_ROWS].line,
                          _("[Rows] has %zu rows but [Table] says there are %" PRIu64
                            "; the file may have been cut short"),
                          r->n_rows, n_rows);
    }

  snprintf (what, sizeof what, _("the table has %zu columns"), (size_t) n_columns);
  if ((status = need_count (r, KEY_NAMES, n_columns, what, &names_v, error)) != NL_OK
      || (status = need_count (r, KEY_KINDS, n_columns, what, &kinds_v, error)) != NL_OK
      || (status = need_count (r, KEY_INPUTS, n_columns, what, &inputs_v, error)) != NL_OK
      || (status = need_count (r, KEY_SHIFT, n_columns, what, &shift_v, error)) != NL_OK
      || (status = need_count (r, KEY_SCALE, n_columns, what, &scale_v, error)) != NL_OK)
    return status;

  names = calloc (n_columns, sizeof *names);
  kinds = calloc (n_columns, sizeof *kinds);
  create_kinds = calloc (n_columns, sizeof *create_kinds);
  inputs = calloc (n_columns, sizeof *inputs);
  shift = calloc (n_columns, sizeof *shift);
  scale = calloc (n_columns, sizeof *scale);
  if (names == NULL || kinds == NULL || create_kinds == NULL || inputs == NULL || shift == NULL
      || scale == NULL)
    {
      status = nl_error_nomem (error);
      goto out;
    }
  if ((status = read_texts (&names_v, "names", names, n_columns, error)) != NL_OK
      || (status = read_doubles (NULL, &shift_v, "shift", 0, shift, n_columns, error)) != NL_OK
      || (status = read_doubles (NULL, &scale_v, "scale", 0, scale, n_columns, error)) != NL_OK)
    goto out;

  list = list_start (&kinds_v, "kinds");
  for (size_t c = 0; c < n_columns; c++)
    {
      char *item;
      size_t len;
      int k;

      if (list_next (&list, &item, &len, error) != 1)
        {
          status = list_failed (error);
          goto out;
        }
      for (k = 0; k < 4; k++)
        if (strcmp (item, kind_names[k]) == 0)
          break;
      if (k == 4)
        status = parse_error (error, kinds_v.line,
                              _("“%s” is not a column kind (text, numeric, label or target)"),
                              excerpt (item, len, shown, sizeof shown));
      else if ((k == NL_COLUMN_LABEL || k == NL_COLUMN_TARGET) && label >= 0)
        status = parse_error (error, kinds_v.line, "%s",
                              _("a table has at most one label column"));
      free (item);
      if (status != NL_OK)
        goto out;
      kinds[c] = (NlColumnKind) k;
      create_kinds[c] = k == NL_COLUMN_LABEL ? NL_COLUMN_TEXT : (NlColumnKind) k;
      if (k == NL_COLUMN_LABEL || k == NL_COLUMN_TARGET)
        label = (int) c;
      if ((k == NL_COLUMN_NUMERIC || k == NL_COLUMN_TARGET) && (scale[c] == 0.0))
        {
          status = parse_error (error, scale_v.line, _("column %zu has a scale of 0"), c + 1);
          goto out;
        }
    }

  list = list_start (&inputs_v, "inputs");
  for (size_t c = 0; c < n_columns; c++)
    {
      char *item;
      size_t len;

      if (list_next (&list, &item, &len, error) != 1)
        {
          status = list_failed (error);
          goto out;
        }
      status = parse_bool (item, len, inputs_v.line, "inputs", &inputs[c], error);
      free (item);
      if (status != NL_OK)
        goto out;
    }

  ds = nl_dataset_new (n_columns, (const char * const *) names, create_kinds, error);
  if (ds == NULL)
    {
      status = error != NULL && error->status == NL_ERR_NOMEM ? NL_ERR_NOMEM : NL_ERR_PARSE;
      goto out;
    }

  /* The table once at its size, and its texts in one block no larger than
   * the rows' lines: memory stays a small multiple of the file (a cell, 24
   * bytes, is the most a value of one byte costs). */
  {
    size_t text_bytes = 0;

    for (size_t i = 0; i < r->n_rows; i++)
      text_bytes += r->rows[i].value.length + 1;
    if (!nl_dataset_reserve_rows (ds, r->n_rows))
      {
        status = nl_error_nomem (error);
        goto out;
      }
    _nl_dataset_reserve_text (ds, text_bytes);
  }

  /* Rows in the order of their numbers, which must be 1 to n, each once. */
  qsort (r->rows, r->n_rows, sizeof *r->rows, compare_rows);
  for (size_t i = 0; i < r->n_rows; i++)
    {
      const RowEntry *entry = &r->rows[i];
      size_t n = list_count (&entry->value);
      size_t row;

      if (entry->number != i + 1)
        {
          const RowEntry *other = i > 0 && entry->number == entry[-1].number ? &entry[-1] : NULL;

          if (other != NULL)
            status = parse_error (error, entry->value.line,
                                  _("row %zu appears twice (also on line %zu)"),
                                  entry->number, other->value.line);
          else
            status = parse_error (error, entry->value.line,
                                  _("there is no row %zu before row %zu (the rows are "
                                    "numbered 1 to %zu)"),
                                  i + 1, entry->number, r->n_rows);
          goto out;
        }
      if (n != n_columns)
        {
          status = parse_error (error, entry->value.line,
                                _("row %zu has %zu values but the table has %zu columns"),
                                entry->number, n, (size_t) n_columns);
          goto out;
        }
      if (!reader_tick (r, entry->value.length + 1))
        {
          status = stopped_error (error);
          goto out;
        }
      row = nl_dataset_append_row (ds);
      if (row == (size_t) -1)
        {
          status = nl_error_nomem (error);
          goto out;
        }
      list = list_start (&entry->value, "row");
      for (size_t c = 0; c < n_columns; c++)
        {
          char buf[128], *item;
          size_t len;
          NlError cell_error;

          if (list_next_buf (&list, buf, sizeof buf, &item, &len, error) != 1)
            {
              status = list_failed (error);
              goto out;
            }
          /* An invalid number is kept as typed; only memory can fail. */
          if (_nl_dataset_set_cell_text (ds, row, c, item, len, &cell_error) == NL_ERR_NOMEM)
            status = nl_error_nomem (error);
          if (item != buf)
            free (item);
          if (status != NL_OK)
            goto out;
        }
    }

  for (size_t c = 0; c < n_columns; c++)
    {
      NlColumn *col = &ds->columns[c];

      if (kinds[c] == NL_COLUMN_TARGET)
        {
          col->normalize = NL_NORMALIZE_STANDARDIZE;
          col->shift = shift[c];
          col->scale = scale[c];
        }
      if (kinds[c] != NL_COLUMN_NUMERIC)
        continue;
      col->is_input = inputs[c];
      col->normalize = (NlNormalize) normalize;
      col->shift = shift[c];
      col->scale = scale[c];
    }

  if (label >= 0 && kinds[label] == NL_COLUMN_LABEL)
    {
      NlColumn *col = &ds->columns[label];
      char *classes[NL_MAX_CLASSES] = { NULL };
      size_t n_classes;

      /* Two classes, negative then positive (either may be empty, not yet
       * known), or 3 to NL_MAX_CLASSES, every one named. */
      if ((status = need (r, KEY_CLASSES, &v, error)) != NL_OK)
        goto out;
      n_classes = list_count (&v);
      if (n_classes < 2 || n_classes > NL_MAX_CLASSES)
        {
          status = parse_error (error, v.line,
                                _("“classes” has %zu values but a label has 2 to %d classes"),
                                n_classes, NL_MAX_CLASSES);
          goto out;
        }
      if ((status = read_texts (&v, "classes", classes, n_classes, error)) != NL_OK)
        goto free_classes;
      for (size_t k = 0; k < n_classes && status == NL_OK; k++)
        {
          size_t len = strlen (classes[k]);

          if (len > 0 && (is_blank (classes[k][0]) || is_blank (classes[k][len - 1])))
            status = parse_error (error, v.line, _("the class “%s” starts or ends with a space"),
                                  excerpt (classes[k], len, shown, sizeof shown));
          else if (len == 0 && n_classes > 2)
            status = parse_error (error, v.line, "%s",
                                  _("a class of a label with more than two has no name"));
          else if (len == 0)
            {
              free (classes[k]);
              classes[k] = NULL;
            }
        }
      for (size_t k = 0; k < n_classes && status == NL_OK; k++)
        for (size_t j = 0; j < k && status == NL_OK; j++)
          if (classes[k] != NULL && classes[j] != NULL && strcmp (classes[k], classes[j]) == 0)
            status = parse_error (error, v.line, _("the two classes are both “%s”"),
                                  excerpt (classes[k], strlen (classes[k]), shown, sizeof shown));
      if (status == NL_OK)
        {
          col->classes = calloc (n_classes, sizeof *col->classes);
          if (col->classes == NULL)
            status = nl_error_nomem (error);
        }
free_classes:
      if (status != NL_OK)
        {
          for (size_t k = 0; k < n_classes; k++)
            free (classes[k]);
          goto out;
        }
      col->kind = NL_COLUMN_LABEL;
      col->is_input = 0;
      memcpy (col->classes, classes, n_classes * sizeof *classes);
      col->n_classes = n_classes;
      ds->label_column = label;
      parse_label_cells (ds, (size_t) label);
    }
  else if (label >= 0)
    ds->label_column = label;

  out->dataset = ds;
  ds = NULL;
  status = NL_OK;

out:
  nl_dataset_free (ds);
  free_texts (names, n_columns);
  free (kinds);
  free (create_kinds);
  free (inputs);
  free (shift);
  free (scale);
  return status;
}

static NlStatus
read_network (Reader    *r,
              NlProject *out,
              NlError   *error)
{
  size_t sizes[NL_MAX_LAYERS];
  NlActivation activations[NL_MAX_LAYERS];
  size_t n_layers, n_params = 0, n_inputs;
  int hidden, output;
  char what[128], shown[64];
  Value layers_v, params_v;
  NlStatus status;
  List list;

  if ((status = need (r, KEY_LAYERS, &layers_v, error)) != NL_OK)
    return status;
  n_layers = list_count (&layers_v);
  if (n_layers < 2 || n_layers > NL_MAX_LAYERS)
    return parse_error (error, layers_v.line,
                        _("“layers” has %zu values but a network has 2 to %d layers"),
                        n_layers, NL_MAX_LAYERS);
  list = list_start (&layers_v, "layers");
  for (size_t l = 0; l < n_layers; l++)
    {
      char *item;
      size_t len;
      uint64_t size;
      int ok;

      if (list_next (&list, &item, &len, error) != 1)
        return list_failed (error);
      ok = parse_uint64 (item, len, NL_MAX_LAYER_SIZE, &size) && size > 0;
      if (!ok)
        status = parse_error (error, layers_v.line,
                              _("“%s” is not a layer size (1 to %d neurons)"),
                              excerpt (item, len, shown, sizeof shown), NL_MAX_LAYER_SIZE);
      free (item);
      if (!ok)
        return status;
      sizes[l] = (size_t) size;
      /* Weights into layer l, then its biases; bounded long before overflow. */
      if (l > 0)
        {
          n_params += sizes[l - 1] * sizes[l] + sizes[l];
          if (n_params > NL_MAX_PARAMS)
            return parse_error (error, layers_v.line,
                                _("the network would have more than %zu parameters"),
                                NL_MAX_PARAMS);
        }
    }
  {
    NlTask task;

    nl_dataset_task (out->dataset, &task);
    if (sizes[n_layers - 1] != nl_task_n_outputs (&task))
      return parse_error (error, layers_v.line,
                          _("the last layer has %zu neurons but the table's task needs %zu"),
                          sizes[n_layers - 1], nl_task_n_outputs (&task));
  }
  n_inputs = nl_dataset_n_inputs (out->dataset);
  if (n_inputs > 0 && sizes[0] != n_inputs)
    return parse_error (error, layers_v.line,
                        _("the network has %zu inputs but the table has %zu input columns"),
                        sizes[0], n_inputs);

  if ((status = need_name (r, KEY_ACTIVATION, activation_names, NL_N_ACTIVATIONS, &hidden,
                           error)) != NL_OK
      || (status = need_name (r, KEY_OUTPUT_ACTIVATION, activation_names, NL_N_ALL_ACTIVATIONS,
                              &output, error)) != NL_OK)
    return status;
  snprintf (what, sizeof what, _("the network has %zu parameters"), n_params);
  if ((status = need_count (r, KEY_PARAMETERS, n_params, what, &params_v, error)) != NL_OK)
    return status;

  activations[0] = NL_ACTIVATION_LINEAR;
  for (size_t l = 1; l < n_layers; l++)
    activations[l] = (NlActivation) hidden;
  /* Files from before per-layer activations have no activations=: every
   * hidden layer has activation=. */
  if (r->values[KEY_ACTIVATIONS].line != 0)
    {
      Value acts_v;

      snprintf (what, sizeof what, _("the network has %zu hidden layers"), n_layers - 2);
      if ((status = need_count (r, KEY_ACTIVATIONS, n_layers - 2, what, &acts_v, error)) != NL_OK)
        return status;
      list = list_start (&acts_v, "activations");
      for (size_t l = 1; l + 1 < n_layers; l++)
        {
          char *item;
          size_t len;
          int found = -1;

          if (list_next (&list, &item, &len, error) != 1)
            return list_failed (error);
          for (int i = 0; i < NL_N_ACTIVATIONS; i++)
            if (strcmp (item, activation_names[i]) == 0)
              found = i;
          if (found < 0)
            status = parse_error (error, acts_v.line,
                                  _("“%s” is not a known value for “%s”"),
                                  excerpt (item, len, shown, sizeof shown), "activations");
          free (item);
          if (found < 0)
            return status;
          activations[l] = (NlActivation) found;
        }
    }
  activations[n_layers - 1] = (NlActivation) output;
  out->activation = (NlActivation) hidden;
  out->net = nl_net_new (n_layers, sizes, activations, error);
  if (out->net == NULL && error != NULL && error->status != NL_ERR_NOMEM)
    return parse_error (error, layers_v.line, "%s", error->message);
  if (out->net == NULL)
    return NL_ERR_NOMEM;
  return read_doubles (r, &params_v, "parameters", 0, out->net->params, n_params, error);
}

/* An optional coefficient: kept as it is when the key is absent; @max is
 * exclusive, and with @above_zero so is 0. */
static NlStatus
read_coefficient (Reader     *r,
                  int         key,
                  double      max,
                  int         above_zero,
                  double     *out,
                  NlError    *error)
{
  char shown[64];
  NlStatus status;
  double v;
  Value text;

  if (!is_set (r, key))
    return NL_OK;
  if ((status = need_double (r, key, 0, &v, error)) != NL_OK)
    return status;
  if ((above_zero ? v > 0.0 : v >= 0.0) && v < max)
    {
      *out = v;
      return NL_OK;
    }
  text = r->values[key];
  value_trim_end (&text);
  excerpt (text.text, text.length, shown, sizeof shown);
  if (max == 1.0)
    /* Translators: a project's key such as "beta1", and its value. */
    return parse_error (error, text.line, _("“%s” must be at least 0 and below 1, not “%s”"),
                        key_info[key].name, shown);
  if (above_zero)
    return parse_error (error, text.line, _("“%s” must be a positive number, not “%s”"),
                        key_info[key].name, shown);
  return parse_error (error, text.line, _("“%s” must be 0 (off) or more, not “%s”"),
                      key_info[key].name, shown);
}

/* The ways to learn, each optional: a file from before them trains as it
 * always did (the defaults of @options are kept). */
static NlStatus
read_options (Reader         *r,
              NlTrainOptions *options,
              NlError        *error)
{
  static const char * const optimizer_names[NL_N_OPTIMIZERS] = { "sgd", "momentum", "adam" };
  char shown[64];
  NlStatus status;
  int optimizer;

  if (is_set (r, KEY_BATCH_SIZE))
    {
      Value v = r->values[KEY_BATCH_SIZE];
      uint64_t batch;

      value_trim_end (&v);
      if (!parse_uint64 (v.text, v.length, NL_PROJECT_MAX_BATCH_SIZE, &batch) || batch == 0)
        return parse_error (error, v.line, _("“%s” must be a whole number from 1 to %d, not “%s”"),
                            "batch-size", NL_PROJECT_MAX_BATCH_SIZE,
                            excerpt (v.text, v.length, shown, sizeof shown));
      options->batch_size = (size_t) batch;
    }
  if (is_set (r, KEY_OPTIMIZER))
    {
      if ((status = need_name (r, KEY_OPTIMIZER, optimizer_names, NL_N_OPTIMIZERS, &optimizer,
                               error)) != NL_OK)
        return status;
      options->optimizer = (NlOptimizer) optimizer;
    }
  if ((status = read_coefficient (r, KEY_MOMENTUM, 1.0, 0, &options->momentum, error)) != NL_OK
      || (status = read_coefficient (r, KEY_BETA1, 1.0, 0, &options->beta1, error)) != NL_OK
      || (status = read_coefficient (r, KEY_BETA2, 1.0, 0, &options->beta2, error)) != NL_OK
      || (status = read_coefficient (r, KEY_EPSILON, INFINITY, 1, &options->epsilon, error))
         != NL_OK
      || (status = read_coefficient (r, KEY_L1, INFINITY, 0, &options->l1, error)) != NL_OK
      || (status = read_coefficient (r, KEY_L2, INFINITY, 0, &options->l2, error)) != NL_OK)
    return status;
  return NL_OK;
}

static NlStatus
read_training (Reader    *r,
               NlProject *out,
               NlError   *error)
{
  char shown[64];
  uint64_t epochs, test_percent = 0;
  int loss, init, shuffle, early_stopping = 0;
  double rate, target_loss = 0.0;
  NlStatus status;
  Value v;

  if ((status = need_double (r, KEY_LEARNING_RATE, 0, &rate, error)) != NL_OK)
    return status;
  if (!(rate > 0.0))
    {
      v = r->values[KEY_LEARNING_RATE];
      value_trim_end (&v);
      return parse_error (error, v.line, _("the learning rate must be positive, not “%s”"),
                          excerpt (v.text, v.length, shown, sizeof shown));
    }
  if ((status = need_uint (r, KEY_EPOCHS, UINT32_MAX, &epochs, error)) != NL_OK
      || (status = need_name (r, KEY_LOSS_FUNCTION, loss_names, NL_N_LOSSES, &loss, error))
         != NL_OK
      || (status = need_uint (r, KEY_SEED, UINT64_MAX, &out->seed, error)) != NL_OK
      || (status = need_name (r, KEY_INIT, init_names, NL_N_INITS, &init, error)) != NL_OK
      || (status = need (r, KEY_SHUFFLE, &v, error)) != NL_OK
      || (status = parse_bool (v.text, v.length, v.line, "shuffle", &shuffle, error)) != NL_OK)
    return status;

  /* Files from before the test set and the stop conditions were saved have
   * no test set, no stop condition, and a split that follows the seed. */
  out->split_seed = out->seed;
  if (is_set (r, KEY_TEST_PERCENT)
      && (status = need_uint (r, KEY_TEST_PERCENT, NL_PROJECT_MAX_TEST_PERCENT, &test_percent,
                              error)) != NL_OK)
    return status;
  if (is_set (r, KEY_SPLIT_SEED)
      && (status = need_uint (r, KEY_SPLIT_SEED, UINT64_MAX, &out->split_seed, error)) != NL_OK)
    return status;
  if (is_set (r, KEY_TARGET_LOSS))
    {
      if ((status = need_double (r, KEY_TARGET_LOSS, 0, &target_loss, error)) != NL_OK)
        return status;
      if (!(target_loss >= 0.0))
        {
          v = r->values[KEY_TARGET_LOSS];
          return parse_error (error, v.line,
                              _("the target loss must be 0 (off) or more, not “%s”"),
                              excerpt (v.text, v.length, shown, sizeof shown));
        }
    }
  if (is_set (r, KEY_EARLY_STOPPING)
      && ((status = need (r, KEY_EARLY_STOPPING, &v, error)) != NL_OK
          || (status = parse_bool (v.text, v.length, v.line, "early-stopping", &early_stopping,
                                   error)) != NL_OK))
    return status;

  nl_train_options_init (&out->options);
  if ((status = read_options (r, &out->options, error)) != NL_OK)
    return status;
  out->options.learning_rate = rate;
  out->options.loss = (NlLoss) loss;
  out->options.shuffle = shuffle;
  out->options.shuffle_seed = out->seed;
  out->epochs_per_run = (unsigned) epochs;
  out->init = (NlInit) init;
  out->test_percent = (unsigned) test_percent;
  out->target_loss = target_loss;
  out->early_stopping = early_stopping;
  return NL_OK;
}

/* A list of one value per epoch into @history. The list is counted
 * before anything is allocated, so its size is bounded by the file's. */
static NlStatus
read_epoch_values (Reader     *r,
                   int         key,
                   uint64_t    epoch,
                   const char *what,
                   NlHistory  *history,
                   NlError    *error)
{
  NlStatus status;
  double *values;
  size_t n = epoch > SIZE_MAX / sizeof (double) ? SIZE_MAX : (size_t) epoch;
  Value v;

  if ((status = need_count (r, key, n, what, &v, error)) != NL_OK)
    return status;
  values = malloc (n > 0 ? n * sizeof (double) : 1);
  if (values == NULL)
    return nl_error_nomem (error);
  status = read_doubles (r, &v, key_info[key].name, 1, values, n, error);
  if (status == NL_OK && !nl_history_append_n (history, values, n))
    status = nl_error_nomem (error);
  free (values);
  return status;
}

/* A list of four values (first, smallest, largest, last) per bucket of
 * @width epochs into @history. */
static NlStatus
read_buckets (Reader     *r,
              int         key,
              uint64_t    epoch,
              uint64_t    width,
              const char *what,
              NlHistory  *history,
              NlError    *error)
{
  NlStatus status;
  NlHistoryBucket *buckets;
  uint64_t n64 = epoch / width + (epoch % width != 0);
  size_t n = n64 > SIZE_MAX / sizeof (NlHistoryBucket) ? SIZE_MAX / 4 : (size_t) n64;
  Value v;

  if ((status = need_count (r, key, n * 4, what, &v, error)) != NL_OK)
    return status;
  buckets = malloc (n > 0 ? n * sizeof *buckets : 1);
  if (buckets == NULL)
    return nl_error_nomem (error);
  /* A bucket is four doubles, without padding. */
  status = read_doubles (r, &v, key_info[key].name, 1, (double *) buckets, n * 4, error);
  if (status == NL_OK && !nl_history_set_buckets (history, epoch, width, buckets, n))
    status = nl_error_nomem (error);
  free (buckets);
  return status;
}

static NlStatus
read_history (Reader    *r,
              NlProject *out,
              NlError   *error)
{
  char what[128];
  uint64_t epoch;
  NlStatus status;

  if ((status = need_uint (r, KEY_EPOCH, UINT64_MAX, &epoch, error)) != NL_OK
      || (status = need_double (r, KEY_LOSS, 1, &out->loss, error)) != NL_OK
      || (status = need_double (r, KEY_ACCURACY, 1, &out->accuracy, error)) != NL_OK)
    return status;
  /* Files from before the test set was saved have none. */
  if ((is_set (r, KEY_TEST_LOSS)
       && (status = need_double (r, KEY_TEST_LOSS, 1, &out->test_loss, error)) != NL_OK)
      || (is_set (r, KEY_TEST_ACCURACY)
          && (status = need_double (r, KEY_TEST_ACCURACY, 1, &out->test_accuracy, error)) != NL_OK))
    return status;
  /* A regression's figures, when they were known. */
  {
    static const int keys[] = { KEY_RMSE, KEY_R2, KEY_TEST_RMSE, KEY_TEST_R2 };
    double *values[] = { &out->rmse, &out->r2, &out->test_rmse, &out->test_r2 };

    for (size_t k = 0; k < 4; k++)
      if (is_set (r, keys[k]) && (status = need_double (r, keys[k], 1, values[k], error)) != NL_OK)
        return status;
  }
  out->epoch = epoch;
  out->history = nl_history_new (0);
  if (out->history == NULL)
    return nl_error_nomem (error);
  if (!is_set (r, KEY_BUCKET_EPOCHS))
    {
      /* A value for every epoch, as every version wrote it before buckets
       * (and this one for a short history): compacted as training would. */
      snprintf (what, sizeof what, _("the network was trained for %" PRIu64 " epochs"), epoch);
      if ((status = read_epoch_values (r, KEY_LOSSES, epoch, what, out->history, error)) != NL_OK)
        return status;
      if (is_set (r, KEY_TEST_LOSSES))
        {
          out->test_history = nl_history_new (0);
          if (out->test_history == NULL)
            return nl_error_nomem (error);
          if ((status = read_epoch_values (r, KEY_TEST_LOSSES, epoch, what, out->test_history,
                                           error)) != NL_OK)
            return status;
        }
    }
  else
    {
      uint64_t width, n;
      Value w;

      if ((status = need_uint (r, KEY_BUCKET_EPOCHS, UINT64_MAX, &width, error)) != NL_OK)
        return status;
      if (width < 2 || (width & (width - 1)) != 0)
        {
          need (r, KEY_BUCKET_EPOCHS, &w, error);
          return parse_error (error, w.line, _("“%s” must be a power of two from 2 up, not %" PRIu64),
                              key_info[KEY_BUCKET_EPOCHS].name, width);
        }
      n = epoch / width + (epoch % width != 0);
      /* Translators: the end of "“loss-buckets” has 10 values but …". */
      snprintf (what, sizeof what, _("%" PRIu64 " epochs in buckets of %" PRIu64 " need %" PRIu64
                                     " (four per bucket)"),
                epoch, width, n > UINT64_MAX / 4 ? UINT64_MAX : n * 4);
      if ((status = read_buckets (r, KEY_LOSS_BUCKETS, epoch, width, what, out->history, error))
          != NL_OK)
        return status;
      if (is_set (r, KEY_TEST_LOSS_BUCKETS))
        {
          out->test_history = nl_history_new (0);
          if (out->test_history == NULL)
            return nl_error_nomem (error);
          if ((status = read_buckets (r, KEY_TEST_LOSS_BUCKETS, epoch, width, what,
                                      out->test_history, error)) != NL_OK)
            return status;
        }
    }
  /* All nan is no test history, as the writer has it. */
  if (!has_test_history (out))
    {
      nl_history_free (out->test_history);
      out->test_history = NULL;
    }
  return NL_OK;
}

/* [Optimizer], optional: none without it. */
static NlStatus
read_optimizer_state (Reader    *r,
                      NlProject *out,
                      NlError   *error)
{
  static const int keys[] = { KEY_FIRST_MOMENT, KEY_SECOND_MOMENT };
  double **moments[] = { &out->first_moment, &out->second_moment };
  size_t n = out->net->n_params;
  char what[128];
  NlStatus status;

  if (is_set (r, KEY_STEPS)
      && (status = need_uint (r, KEY_STEPS, UINT64_MAX, &out->optimizer_steps, error)) != NL_OK)
    return status;
  snprintf (what, sizeof what, _("the network has %zu parameters"), n);
  for (size_t k = 0; k < 2; k++)
    {
      Value v;

      if (!is_set (r, keys[k]))
        continue;
      if ((status = need_count (r, keys[k], n, what, &v, error)) != NL_OK)
        return status;
      *moments[k] = malloc (n * sizeof (double));
      if (*moments[k] == NULL)
        return nl_error_nomem (error);
      if ((status = read_doubles (r, &v, key_info[keys[k]].name, 0, *moments[k], n, error))
          != NL_OK)
        return status;
      /* Adam's v is a mean of squares. */
      for (size_t i = 0; keys[k] == KEY_SECOND_MOMENT && i < n; i++)
        if (!((*moments[k])[i] >= 0.0))
          return parse_error (error, v.line, _("“%s” holds a negative value (parameter %zu)"),
                              key_info[keys[k]].name, i + 1);
    }
  return NL_OK;
}

/* One [Run N], whose keys are r->values now. */
static NlStatus
read_run (Reader       *r,
          NlProjectRun *run,
          NlError      *error)
{
  char shown[64];
  NlProject figures;
  NlStatus status;
  int activation, init, loss, flag;
  Value v;

  nl_train_options_init (&run->options);
  run->visible = 1;
  if ((status = need (r, KEY_RUN_LABEL, &v, error)) != NL_OK)
    return status;
  if (list_count (&v) != 1)
    return parse_error (error, v.line, _("“%s” has %zu values but a run has one label"),
                        "label", list_count (&v));
  if ((status = read_texts (&v, "label", &run->label, 1, error)) != NL_OK)
    return status;
  if (is_set (r, KEY_RUN_VISIBLE)
      && ((status = need (r, KEY_RUN_VISIBLE, &v, error)) != NL_OK
          || (status = parse_bool (v.text, v.length, v.line, "visible", &run->visible, error))
             != NL_OK))
    return status;
  if ((status = need (r, KEY_RUN_ARCHITECTURE, &v, error)) != NL_OK)
    return status;
  value_trim_end (&v);
  if (!architecture_ok (v.text, v.length))
    return parse_error (error, v.line,
                        _("“%s” is not a network’s layer sizes, such as 2-2-1"),
                        excerpt (v.text, v.length, shown, sizeof shown));
  run->architecture = malloc (v.length + 1);
  if (run->architecture == NULL)
    return nl_error_nomem (error);
  memcpy (run->architecture, v.text, v.length);
  run->architecture[v.length] = '\0';

  if ((status = need_name (r, KEY_ACTIVATION, activation_names, NL_N_ACTIVATIONS, &activation,
                           error)) != NL_OK
      || (status = need_name (r, KEY_INIT, init_names, NL_N_INITS, &init, error)) != NL_OK
      || (status = need_uint (r, KEY_SEED, UINT64_MAX, &run->seed, error)) != NL_OK
      || (status = need_double (r, KEY_LEARNING_RATE, 0, &run->options.learning_rate, error))
         != NL_OK
      || (status = need_name (r, KEY_RUN_LOSS_FUNCTION, loss_names, NL_N_LOSSES, &loss, error))
         != NL_OK)
    return status;
  if (!(run->options.learning_rate > 0.0))
    {
      v = r->values[KEY_LEARNING_RATE];
      value_trim_end (&v);
      return parse_error (error, v.line, _("the learning rate must be positive, not “%s”"),
                          excerpt (v.text, v.length, shown, sizeof shown));
    }
  run->activation = (NlActivation) activation;
  run->init = (NlInit) init;
  run->options.loss = (NlLoss) loss;
  if (is_set (r, KEY_SHUFFLE))
    {
      if ((status = need (r, KEY_SHUFFLE, &v, error)) != NL_OK
          || (status = parse_bool (v.text, v.length, v.line, "shuffle", &flag, error)) != NL_OK)
        return status;
      run->options.shuffle = flag;
    }
  if ((status = read_options (r, &run->options, error)) != NL_OK)
    return status;

  /* The figures and histories as [History] holds them. */
  nl_project_init (&figures);
  status = read_history (r, &figures, error);
  run->epoch = figures.epoch;
  run->eval = (NlEvaluation) { figures.loss, figures.accuracy, figures.rmse, figures.r2 };
  run->test_eval = (NlEvaluation) {
    figures.test_loss, figures.test_accuracy, figures.test_rmse, figures.test_r2
  };
  run->history = figures.history;
  run->test_history = figures.test_history;
  figures.history = figures.test_history = NULL;
  nl_project_clear (&figures);
  return status;
}

/* The [Run N] groups, in the order they first appear (the writer's:
 * oldest first). */
static NlStatus
read_runs (Reader    *r,
           NlProject *out,
           NlError   *error)
{
  NlStatus status = NL_OK;

  if (r->n_runs == 0)
    return NL_OK;
  out->runs = calloc (r->n_runs, sizeof *out->runs);
  if (out->runs == NULL)
    return nl_error_nomem (error);
  for (size_t i = 0; i < r->n_runs && status == NL_OK; i++)
    {
      r->values = r->runs[i].values;
      r->run = (int) i;
      out->runs[i].number = r->runs[i].number;
      out->n_runs = i + 1;
      status = read_run (r, &out->runs[i], error);
    }
  r->values = r->main_values;
  r->run = -1;
  return status;
}

NlStatus
nl_project_read_buffer (const char *data,
                        size_t      length,
                        NlProject  *out,
                        NlError    *error)
{
  return nl_project_read_buffer_full (data, length, NULL, NULL, out, error);
}

NlStatus
nl_project_read_buffer_full (const char            *data,
                             size_t                 length,
                             NlProjectProgressFunc  progress,
                             void                  *progress_data,
                             NlProject             *out,
                             NlError               *error)
{
  Reader r;
  NlStatus status;

  nl_error_clear (error);
  nl_project_init (out);
  memset (&r, 0, sizeof r);
  r.values = r.main_values;
  r.run = -1;
  r.progress = progress;
  r.progress_data = progress_data;
  r.total = length <= SIZE_MAX / 2 ? 2 * length : SIZE_MAX;
  if (data == NULL && length > 0)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0, "%s", _("No data"));
  if (data == NULL)
    data = "";

  status = scan (&r, data, length, error);
  if (status == NL_OK)
    status = read_table (&r, out, error);
  if (status == NL_OK)
    status = read_network (&r, out, error);
  if (status == NL_OK)
    status = read_training (&r, out, error);
  if (status == NL_OK)
    status = read_history (&r, out, error);
  if (status == NL_OK)
    status = read_optimizer_state (&r, out, error);
  if (status == NL_OK)
    status = read_runs (&r, out, error);
  free (r.rows);
  free (r.runs);
  if (status != NL_OK)
    {
      /* A status without a message would leave the caller nothing to show. */
      if (error != NULL && error->message[0] == '\0')
        parse_error (error, 0, "%s", _("The file is not a valid NeuronLab project"));
      nl_project_clear (out);
    }
  return status;
}

NlStatus
nl_project_read_file (const char *path,
                      NlProject  *out,
                      NlError    *error)
{
  return _nl_project_read_file_max (path, NL_PROJECT_MAX_FILE_SIZE, out, error);
}

NlStatus
_nl_project_read_file_max (const char *path,
                           size_t      max_size,
                           NlProject  *out,
                           NlError    *error)
{
  NlStatus status;
  char *data;
  size_t length;

  nl_project_init (out);
  status = nl_file_read (path, max_size, &data, &length, error);
  if (status != NL_OK)
    return status;
  status = nl_project_read_buffer (data, length, out, error);
  free (data);
  return status;
}
