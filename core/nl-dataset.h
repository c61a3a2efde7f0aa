/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset.h: the training table, its columns and how inputs are normalised.
 *
 * A dataset is a table of named columns of four kinds: text (names, kept and
 * shown, never fed to the network), numeric (candidate inputs), a label with
 * two to NL_MAX_CLASSES classes, and a numeric target to predict. A table has
 * at most one label or target (ds->label_column); which it is, and how many
 * classes the label has, is the table's task (nl_dataset_task(), nl-task.h). Every cell keeps the text it was given, so nothing
 * a person typed or a file held is lost, and a parse state: a missing or
 * unparsable cell keeps its row out of training without deleting it.
 *
 * Normalisation maps a raw input value v to (v - shift) / scale, per input
 * column: none (0, 1), a shift by a constant (the tutorial's 135 lb and 66 in),
 * or standardisation by the mean and the standard deviation of the usable rows.
 * Values typed for prediction go through the same map (nl_dataset_normalize).
 */
#pragma once

#include <stddef.h>

#include "nl-error.h"
#include "nl-task.h"

typedef enum
{
  NL_COLUMN_TEXT = 0,
  NL_COLUMN_NUMERIC,
  NL_COLUMN_LABEL,
  NL_COLUMN_TARGET,    /* a number to predict: the regression task */
} NlColumnKind;

typedef enum
{
  NL_NORMALIZE_NONE = 0,
  NL_NORMALIZE_SHIFT,
  NL_NORMALIZE_STANDARDIZE,
  NL_N_NORMALIZE
} NlNormalize;

typedef enum
{
  NL_CELL_OK = 0,
  NL_CELL_MISSING,     /* empty, or a missing-value mark: see nl_dataset_text_is_missing() */
  NL_CELL_INVALID,     /* not a number, or not one of the label's classes */
} NlCellState;

typedef struct
{
  char         *name;
  NlColumnKind  kind;
  int           is_input;    /* numeric columns only: fed to the network */
  NlNormalize   normalize;   /* numeric columns only */
  double        shift;       /* the transform in force: (v - shift) / scale; a
                              * target is always standardised */
  double        scale;
  /* Label only: n_classes names, classes[k] is class k (the cells' value).
   * A two-class label is the binary task: classes[1] is the positive class,
   * 1.0, and either may be NULL until the column holds two values. Three or
   * more is the multi-class task, every name set, in the order of
   * nl_dataset_set_label_column(). */
  char        **classes;
  size_t        n_classes;
} NlColumn;

typedef struct
{
  char        *text;         /* as given; never NULL (empty string when missing) */
  double       value;        /* numeric value, or the class index for a label;
                              * NAN unless OK */
  NlCellState  state;
} NlCell;

typedef enum
{
  NL_PROBLEM_ROW = 0,        /* a row is left out of training because of it */
  NL_PROBLEM_NOTE,           /* how the file was read (its separator, no header...);
                              * no row is left out */
} NlProblemKind;

/* A problem found in the data, reported by line and column. */
typedef struct
{
  size_t        line;        /* 1-based line in the file (header is line 1), or 0 */
  size_t        column;      /* 1-based column, or 0 */
  NlProblemKind kind;
  char          message[256];
} NlProblem;

typedef struct
{
  size_t     n_columns;
  NlColumn  *columns;
  size_t     n_rows;
  size_t     rows_allocated;
  NlCell    *cells;          /* row-major, n_rows * n_columns */
  size_t    *row_line;       /* per row: the file line it came from, or 0 */
  size_t    *row_fields;     /* per row: how many fields its file line held when
                              * that was not the header's count, else 0; such a
                              * row is kept but never trained on */
  int        label_column;   /* index of the label column, or -1 */
  size_t     n_problems;
  NlProblem *problems;       /* found while importing; see nl_csv_read_* */
  /* Private to nl-dataset.c: one block holding the texts of many cells
   * (those a file held), so that each needs no allocation of its own. */
  char      *text_block;
  size_t     text_block_size;
  size_t     text_block_used;
} NlDataset;

/* The rows that can be trained on, normalised, as one dense block. */
typedef struct
{
  size_t  n_rows;
  size_t  n_inputs;
  double *x;                 /* n_rows * n_inputs, row-major, normalised */
  double *y;                 /* n_rows: the class index (0 or 1 for binary), or
                              * the standardised target */
  size_t *source_row;        /* n_rows: which dataset row each came from */
  size_t  n_skipped;         /* dataset rows left out (missing or bad cells, marked rows) */
  NlTask  task;
  double  y_shift;           /* regression: target = y * y_scale + y_shift */
  double  y_scale;
} NlMatrix;

NlDataset   *nl_dataset_new               (size_t               n_columns,
                                           const char * const  *names,
                                           const NlColumnKind  *kinds,
                                           NlError             *error);
/* The tutorial's four people (Alice, Bob, Charlie, Diana) with columns Name,
 * Weight (lb), Height (in), Gender (Female/Male, Female positive: classes[1]),
 * shifted by 135 and 66. Column names and classes are in the catalogue's
 * language (German: Gewicht (lb), Größe (in), Geschlecht, weiblich/männlich). */
NlDataset   *nl_dataset_new_tutorial      (void);
NlDataset   *nl_dataset_copy              (const NlDataset     *ds);
void         nl_dataset_free              (NlDataset           *ds);

static inline NlCell *
nl_dataset_cell (const NlDataset *ds,
                 size_t           row,
                 size_t           column)
{
  return &ds->cells[row * ds->n_columns + column];
}

/* Makes room for @n_rows rows in all, so that appending up to that many
 * allocates nothing; returns 0 when memory runs out. */
int          nl_dataset_reserve_rows      (NlDataset           *ds,
                                           size_t               n_rows);
/* Appends a row of empty (missing) cells; returns its index or (size_t) -1. */
size_t       nl_dataset_append_row        (NlDataset           *ds);
/* Inserts a row of empty (missing) cells before row @row (@row == n_rows
 * appends); returns @row, or (size_t) -1 when memory runs out. */
size_t       nl_dataset_insert_row        (NlDataset           *ds,
                                           size_t               row);
void         nl_dataset_remove_row        (NlDataset           *ds,
                                           size_t               row);
/* Stores @text in the cell and parses it; the cell's state says whether it
 * parsed. Returns NL_OK, or NL_ERR_PARSE with a reason in @error when the text
 * is not valid for the column (the text is stored all the same). */
NlStatus     nl_dataset_set_cell          (NlDataset           *ds,
                                           size_t               row,
                                           size_t               column,
                                           const char          *text,
                                           NlError             *error);
/* Parses @text for @column without storing it. Numbers use '.' whatever the
 * locale. On success *value is the number, or 0/1 for a label. */
NlStatus     nl_dataset_parse_cell        (const NlDataset     *ds,
                                           size_t               column,
                                           const char          *text,
                                           double              *value,
                                           NlError             *error);
/* Parses a number written with '.' for decimals whatever the locale, with
 * optional spaces around it. "nan", "inf", hexadecimal and "1,5" are not
 * numbers. On failure *value is NAN and @error says why. */
NlStatus     nl_dataset_parse_number      (const char          *text,
                                           double              *value,
                                           NlError             *error);
/* Whether @text (spaces around it aside) is empty or marks a missing value:
 * NA, NaN, N/A, ?, null, in any case. Such a cell is NL_CELL_MISSING in a
 * numeric or label column, whatever its text, which is kept as typed. */
int          nl_dataset_text_is_missing   (const char          *text);
/* Whether every input and the label of @row hold a value, and the row is not
 * marked as a file line of the wrong length (ds->row_fields). */
int          nl_dataset_row_usable        (const NlDataset     *ds,
                                           size_t               row);
size_t       nl_dataset_n_inputs          (const NlDataset     *ds);
/* Index of the @i-th input column, or (size_t) -1. */
size_t       nl_dataset_input_column      (const NlDataset     *ds,
                                           size_t               i);

/* Changes the kind of @column and re-parses its cells: a numeric column
 * becomes an input with no normalisation; NL_COLUMN_LABEL is the same as
 * nl_dataset_set_label_column(), NL_COLUMN_TARGET as
 * nl_dataset_set_target_column(). A former label column loses its classes. */
NlStatus     nl_dataset_set_column_kind   (NlDataset           *ds,
                                           size_t               column,
                                           NlColumnKind         kind,
                                           NlError             *error);

/* Makes @column the label: it must hold at most NL_MAX_CLASSES distinct
 * values in its cells that are not missing (nl_dataset_text_is_missing()),
 * leaving out the rows marked in ds->row_fields. Cells are re-parsed against
 * the classes. With two values (or fewer) the task is binary: the positive
 * class (classes[1]) is F of F/M, Female of Female/Male, 1 of 1/0, yes, true
 * and y of their pairs (in any case); for any other two values, the later one
 * in strcmp() order. With three or more it is multi-class, the classes in
 * numeric order when they are all numbers, else in strcmp() order, so the
 * order does not depend on the rows'. A former label or target becomes text. */
NlStatus     nl_dataset_set_label_column  (NlDataset           *ds,
                                           size_t               column,
                                           NlError             *error);
typedef enum
{
  NL_LABEL_FITS = 0,
  NL_LABEL_TOO_MANY_VALUES,  /* more than NL_MAX_CLASSES */
  NL_LABEL_ALL_DIFFERENT,    /* three or more, each in one row: names */
} NlLabelFit;

/* Whether @column's values can be a label's classes, and if not, why. */
NlLabelFit   nl_dataset_label_fit          (const NlDataset    *ds,
                                            size_t              column);
/* Whether nl_dataset_set_label_column() would take @column, and why not:
 * more than NL_MAX_CLASSES values, or three or more all different (names,
 * measurements: no class would have two rows). */
NlStatus     nl_dataset_check_label_column (const NlDataset    *ds,
                                            size_t              column,
                                            NlError            *error);
/* Makes @column the target of a regression: a numeric column (its cells that
 * are not numbers stay, marked), standardised by the mean and deviation of
 * the usable rows. Refused for a column that holds no number. A former label
 * or target becomes text. */
NlStatus     nl_dataset_set_target_column (NlDataset           *ds,
                                           size_t               column,
                                           NlError             *error);
/* Makes @column what @kind needs (a label of two classes, a label of three
 * or more, a target), or says why it cannot be: the command line's --task. */
NlStatus     nl_dataset_set_task_column   (NlDataset           *ds,
                                           size_t               column,
                                           NlTaskKind           kind,
                                           NlError             *error);
/* The table's task: regression for a target, multi-class for a label of
 * three or more classes, else binary (also with no label yet). */
void         nl_dataset_task              (const NlDataset     *ds,
                                           NlTask              *task);
/* The name of class @index of the label, or NULL. */
const char  *nl_dataset_class_name        (const NlDataset     *ds,
                                           size_t               index);
void         nl_dataset_set_input         (NlDataset           *ds,
                                           size_t               column,
                                           int                  is_input);

/* Sets every input column's normalisation; for NL_NORMALIZE_STANDARDIZE the
 * mean and the population standard deviation (divided by n, not n - 1) are
 * computed from the usable rows now (a constant column gets scale 1). A
 * target column is standardised whatever @mode. For NL_NORMALIZE_SHIFT, @shifts has one value
 * per input column, or is NULL to shift by the mean. */
void         nl_dataset_set_normalize     (NlDataset           *ds,
                                           NlNormalize          mode,
                                           const double        *shifts);
/* Fills @usable (one byte per row) with nl_dataset_row_usable() of every
 * row; returns how many are usable. O(rows x columns), once. */
size_t       nl_dataset_usable_rows       (const NlDataset     *ds,
                                           unsigned char       *usable);
/* Recomputes the mean and deviation of @column alone, when it is a
 * standardised input or the target, from the rows @usable marks (as
 * nl_dataset_usable_rows() fills it; NULL asks each row): O(rows). After an
 * edit of one cell that left every row as usable as it was, this gives the
 * same figures, bit for bit, as nl_dataset_set_normalize() would. */
void         nl_dataset_restandardize_column (NlDataset           *ds,
                                              size_t               column,
                                              const unsigned char *usable);
/* Maps a raw value of input column @column to what the network sees (for
 * the target, what the network is trained to give). */
double       nl_dataset_normalize         (const NlDataset     *ds,
                                           size_t               column,
                                           double               raw);

/* The usable rows, normalised. Fails when there are no inputs or no label. */
NlStatus     nl_dataset_to_matrix         (const NlDataset     *ds,
                                           NlMatrix            *out,
                                           NlError             *error);
void         nl_matrix_clear              (NlMatrix            *m);

/* Plausibility: a value far from the other rows of its column is most
 * often a slip of the keyboard (153152 typed over 152, a minus sign too
 * many). It is kept and trained on, but a person should hear of it.
 *
 * The rule, for a cell that holds a number, judged against the cells of the
 * same column in the other rows that hold one (their lowest value L and
 * highest H): with fewer than NL_PLAUSIBLE_MIN_OTHERS of them nothing is
 * judged. The value is "far outside" when it lies more than
 * NL_PLAUSIBLE_SPANS times the others' spread beyond [L, H]; the spread is
 * H - L, or a tenth of the larger of |L| and |H| when every other row holds
 * the same value (and then nothing is judged if that value is 0). A value
 * below zero where every other row is above it is "negative". So the
 * tutorial's weights (120 to 160) accept anything from 0 to 280, and a table
 * of a few hundred ordinary people never raises a warning: its spread is
 * wide. Two slips in one column hide each other; the rule looks for one. */
#define NL_PLAUSIBLE_MIN_OTHERS 3
#define NL_PLAUSIBLE_SPANS      3.0

typedef enum
{
  NL_PLAUSIBLE = 0,
  NL_IMPLAUSIBLE_FAR,       /* far outside the range of the other rows */
  NL_IMPLAUSIBLE_NEGATIVE,  /* below zero, every other row above */
} NlPlausibility;

/* What the cells of a numeric column that hold a number span, computed once
 * (nl_dataset_column_spread) to judge each of them against the others. */
typedef struct
{
  size_t n;                  /* cells that hold a number */
  size_t n_positive;         /* of them, above zero */
  double low[2];             /* the two lowest values, low[0] <= low[1] */
  double high[2];            /* the two highest, high[0] >= high[1] */
} NlColumnSpread;

void           nl_dataset_column_spread      (const NlDataset      *ds,
                                              size_t                column,
                                              NlColumnSpread       *out);
/* Judges @value, one of the values @spread counted, against the others.
 * @low and @high (may be NULL) receive the others' range when there are
 * enough of them to judge, else NAN. */
NlPlausibility nl_column_spread_judge        (const NlColumnSpread *spread,
                                              double                value,
                                              double               *low,
                                              double               *high);
/* The same for one cell (NL_PLAUSIBLE for a cell that holds no number or
 * a column that is not numeric); reads the whole column. */
NlPlausibility nl_dataset_cell_plausibility  (const NlDataset      *ds,
                                              size_t                row,
                                              size_t                column,
                                              double               *low,
                                              double               *high);

/* Whether a table can be trained on; when not, a reason in @error
 * ("fewer than two usable rows", "only one class", "more classes than"). */
NlStatus     nl_dataset_check_trainable   (const NlDataset     *ds,
                                           NlError             *error);
/* The same, with the usable rows as nl_dataset_usable_rows() found them. */
NlStatus     nl_dataset_check_trainable_rows (const NlDataset     *ds,
                                              const unsigned char *usable,
                                              NlError             *error);

const char  *nl_normalize_name            (NlNormalize          mode);
int          nl_normalize_from_name       (const char          *name,
                                           NlNormalize         *out);

/* Whether @problem (one of ds->problems) is about a row that is left out
 * of training now, with the columns' roles as they are: a note, a summary
 * and a problem of a cell in a column that is no longer an input are not.
 * For a table as read (its rows in the order of their lines). */
int          nl_dataset_problem_leaves_row_out (const NlDataset *ds,
                                                const NlProblem *problem);
/* Records a problem that leaves a row out (used by the CSV reader). */
void         nl_dataset_add_problem       (NlDataset           *ds,
                                           size_t               line,
                                           size_t               column,
                                           const char          *format,
                                           ...) __attribute__ ((format (printf, 4, 5)));
/* Records a note on how the file was read, which leaves no row out. */
void         nl_dataset_add_note          (NlDataset           *ds,
                                           size_t               line,
                                           size_t               column,
                                           const char          *format,
                                           ...) __attribute__ ((format (printf, 4, 5)));
