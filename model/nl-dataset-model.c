/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-model.c: the training table as a GListModel of NlRow.
 *
 * Rows are created the first time a list asks for them and kept, so a table
 * of a million rows costs a GObject only for the rows someone looked at.
 * Every edit stores in the core's NlDataset, as typed, then brings the derived
 * state up to date (normalisation, usable rows, trainability, plausibility)
 * and says so with signals.
 */
#include "nl-dataset-model.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "nl-csv.h"
#include "nl-file.h"
#include "nl-model-enums.h"
#include "nl-model-error.h"
#include "nl-model-private.h"
#include "nl-number.h"
#include "nl-row.h"
#include "nl-table-edit.h"

/* How much of a typed value an error message quotes. */
#define EXCERPT_CHARS 40

/* Asynchronous loads: the read size, the largest file (as the core's own
 * reader), and the share of the progress that reading takes (parsing, the
 * slower part, takes the rest). */
#define LOAD_CHUNK            (256 * 1024)
#define LOAD_MAX_SIZE         ((gsize) 256 * 1024 * 1024)
#define LOAD_READ_SHARE       0.3
#define LOAD_PARSED           0.9

struct _NlDatasetModel
{
  GObject      parent_instance;

  NlDataset   *ds;
  GPtrArray   *rows;            /* NlRow, or NULL until asked for; one per row */
  GPtrArray   *problems;        /* char *, from the last import: rows left out */
  GPtrArray   *notes;           /* char *, from the last import: how it was read */

  NlNormalize  normalization;
  double      *saved_shifts;    /* per column: the shift constant, or NAN */
  guint        hold_count;
  gboolean     normalization_stale;

  /* What each column's numbers span, for plausibility; recomputed when
   * asked after any change. */
  NlColumnSpread *spreads;
  gboolean     spreads_stale;
  guint8      *spread_stale;    /* per column, after edits of single cells */

  /* Per row, whether it can be trained on (nl_dataset_row_usable), kept so
   * that one cell's edit costs O(rows) and not O(rows x columns). */
  guint8      *usable;
  gsize        usable_len;

  gboolean     trainable;
  char        *trainable_reason;
  guint        n_usable;
  guint        n_inputs;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NlDatasetModel, nl_dataset_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_TRAINABLE,
  PROP_TRAINABLE_REASON,
  PROP_N_USABLE_ROWS,
  PROP_N_INPUTS,
  PROP_NORMALIZATION,
  N_PROPS
};

enum {
  CHANGED,
  COLUMNS_CHANGED,
  EDITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GListModel */

static GType
nl_dataset_model_get_item_type (GListModel *model)
{
  return NL_TYPE_ROW;
}

static guint
nl_dataset_model_get_n_items (GListModel *model)
{
  return NL_DATASET_MODEL (model)->rows->len;
}

static gpointer
nl_dataset_model_get_item (GListModel *model,
                           guint       position)
{
  NlDatasetModel *self = NL_DATASET_MODEL (model);

  if (position >= self->rows->len)
    return NULL;
  if (g_ptr_array_index (self->rows, position) == NULL)
    g_ptr_array_index (self->rows, position) = _nl_row_new (self, position);
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = nl_dataset_model_get_item_type;
  iface->get_n_items = nl_dataset_model_get_n_items;
  iface->get_item = nl_dataset_model_get_item;
}

/* Helpers */

static char *
excerpt (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *stripped = g_strstrip (g_strdup (valid));
  g_autofree char *head = NULL;

  if (g_utf8_strlen (stripped, -1) <= EXCERPT_CHARS)
    return g_steal_pointer (&stripped);
  head = g_utf8_substring (stripped, 0, EXCERPT_CHARS);
  return g_strconcat (head, "…", NULL);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static char *dup_classes (NlDatasetModel *self);

static void
refresh_rows (NlDatasetModel *self,
              guint           column)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      NlRow *row = g_ptr_array_index (self->rows, i);

      if (row != NULL)
        _nl_row_refresh (row, column);
    }
}

static void
detach_rows (NlDatasetModel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      NlRow *row = g_ptr_array_index (self->rows, i);

      if (row != NULL)
        {
          _nl_row_detach (row);
          g_object_unref (row);
        }
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
save_shifts (NlDatasetModel *self)
{
  for (size_t c = 0; c < self->ds->n_columns; c++)
    {
      const NlColumn *col = &self->ds->columns[c];

      if (col->kind == NL_COLUMN_NUMERIC && col->is_input && col->normalize == NL_NORMALIZE_SHIFT)
        self->saved_shifts[c] = col->shift;
    }
}

/* Applies the normalisation mode to every input column: the constant shifts
 * for NL_NORMALIZE_SHIFT (the column means for a column without one, which
 * then become its constant), fresh parameters for NL_NORMALIZE_STANDARDIZE. */
static void
apply_normalization (NlDatasetModel *self)
{
  NlDataset *ds = self->ds;
  size_t n_inputs = nl_dataset_n_inputs (ds);
  g_autofree double *shifts = NULL;

  if (self->normalization == NL_NORMALIZE_SHIFT && n_inputs > 0)
    {
      shifts = g_new (double, n_inputs);
      for (size_t i = 0; i < n_inputs; i++)
        {
          double s = self->saved_shifts[nl_dataset_input_column (ds, i)];

          if (isnan (s))
            {
              g_clear_pointer (&shifts, g_free);
              break;
            }
          shifts[i] = s;
        }
    }
  nl_dataset_set_normalize (ds, self->normalization, shifts);
  if (self->normalization == NL_NORMALIZE_SHIFT)
    save_shifts (self);
  self->normalization_stale = FALSE;
}

/* Recomputes what depends on the cells and notifies what changed: after an
 * edit of the cell at @row, @column, if every other row is as usable as it
 * was and no other column changed (O(rows)), else (G_MAXUINT) after any
 * change (O(rows x columns)). */
static void
update_status_after (NlDatasetModel *self,
                     guint           row,
                     guint           column)
{
  NlError err;
  gboolean trainable;
  guint n_usable = 0;
  guint n_inputs;
  const char *reason;

  if (row == G_MAXUINT || self->usable_len != self->ds->n_rows)
    {
      g_free (self->usable);
      self->usable = g_malloc (MAX (self->ds->n_rows, 1));
      self->usable_len = self->ds->n_rows;
      nl_dataset_usable_rows (self->ds, self->usable);
    }
  else
    self->usable[row] = nl_dataset_row_usable (self->ds, row) != 0;

  /* Any change can make another row's number stand out, or stop it: the
   * spread of its column changes. */
  if (row == G_MAXUINT || self->spreads_stale || self->spread_stale == NULL)
    self->spreads_stale = TRUE;
  else
    self->spread_stale[column] = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    if (g_ptr_array_index (self->rows, i) != NULL)
      _nl_row_update_warning (g_ptr_array_index (self->rows, i));

  for (size_t r = 0; r < self->ds->n_rows; r++)
    n_usable += self->usable[r];
  nl_error_clear (&err);
  trainable = nl_dataset_check_trainable_rows (self->ds, self->usable, &err) == NL_OK;
  reason = trainable ? NULL : err.message;
  n_inputs = (guint) nl_dataset_n_inputs (self->ds);

  g_object_freeze_notify (G_OBJECT (self));
  if (n_usable != self->n_usable)
    {
      self->n_usable = n_usable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_USABLE_ROWS]);
    }
  if (trainable != self->trainable)
    {
      self->trainable = trainable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINABLE]);
    }
  if (g_strcmp0 (reason, self->trainable_reason) != 0)
    {
      g_free (self->trainable_reason);
      self->trainable_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINABLE_REASON]);
    }
  if (n_inputs != self->n_inputs)
    {
      self->n_inputs = n_inputs;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INPUTS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_status (NlDatasetModel *self)
{
  update_status_after (self, G_MAXUINT, G_MAXUINT);
}

/* After any edit of the cells. */
static void
table_changed (NlDatasetModel *self)
{
  if (self->normalization == NL_NORMALIZE_STANDARDIZE)
    {
      if (self->hold_count == 0)
        apply_normalization (self);
      else
        self->normalization_stale = TRUE;
    }
  update_status (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* After an edit of one cell that changed no other. When its row is as
 * usable as before, the other columns' means and deviations stand: only
 * the cell's own column is standardised again, in O(rows). */
static void
cell_changed (NlDatasetModel *self,
              guint           row,
              guint           column)
{
  if (self->usable_len != self->ds->n_rows
      || self->usable[row] != (nl_dataset_row_usable (self->ds, row) != 0))
    {
      table_changed (self);
      return;
    }
  if (self->normalization == NL_NORMALIZE_STANDARDIZE)
    {
      if (self->hold_count == 0 && !self->normalization_stale)
        nl_dataset_restandardize_column (self->ds, column, self->usable);
      else
        self->normalization_stale = TRUE;
    }
  update_status_after (self, row, column);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The CSV reader's messages already say where ("Line 4, column 2 (Weight
 * (lb)): ..."), so they are listed as they are; its notes on how it read the
 * file leave no row out, so they are kept apart. */
static void
collect_problems (NlDatasetModel *self)
{
  const NlDataset *ds = self->ds;

  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_set_size (self->notes, 0);
  for (size_t i = 0; i < ds->n_problems; i++)
    g_ptr_array_add (ds->problems[i].kind == NL_PROBLEM_NOTE ? self->notes : self->problems,
                     g_strdup (ds->problems[i].message));
}

/* GObject */

static void
nl_dataset_model_finalize (GObject *object)
{
  NlDatasetModel *self = NL_DATASET_MODEL (object);

  detach_rows (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->ds, nl_dataset_free);
  g_clear_pointer (&self->saved_shifts, g_free);
  g_clear_pointer (&self->spreads, g_free);
  g_clear_pointer (&self->spread_stale, g_free);
  g_clear_pointer (&self->usable, g_free);
  g_clear_pointer (&self->trainable_reason, g_free);

  G_OBJECT_CLASS (nl_dataset_model_parent_class)->finalize (object);
}

static void
nl_dataset_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NlDatasetModel *self = NL_DATASET_MODEL (object);

  switch (prop_id)
    {
    case PROP_TRAINABLE:
      g_value_set_boolean (value, self->trainable);
      break;
    case PROP_TRAINABLE_REASON:
      g_value_set_string (value, self->trainable_reason);
      break;
    case PROP_N_USABLE_ROWS:
      g_value_set_uint (value, self->n_usable);
      break;
    case PROP_N_INPUTS:
      g_value_set_uint (value, self->n_inputs);
      break;
    case PROP_NORMALIZATION:
      g_value_set_enum (value, self->normalization);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_dataset_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NlDatasetModel *self = NL_DATASET_MODEL (object);

  switch (prop_id)
    {
    case PROP_NORMALIZATION:
      nl_dataset_model_set_normalization (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_dataset_model_class_init (NlDatasetModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = nl_dataset_model_finalize;
  object_class->get_property = nl_dataset_model_get_property;
  object_class->set_property = nl_dataset_model_set_property;

  properties[PROP_TRAINABLE] =
    g_param_spec_boolean ("trainable", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINABLE_REASON] =
    g_param_spec_string ("trainable-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_USABLE_ROWS] =
    g_param_spec_uint ("n-usable-rows", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_INPUTS] =
    g_param_spec_uint ("n-inputs", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NORMALIZATION] =
    g_param_spec_enum ("normalization", NULL, NULL,
                       NL_TYPE_NORMALIZE, NL_NORMALIZE_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlDatasetModel::changed:
   *
   * Any edit: a cell, a row added or removed, a column's role, the
   * normalisation, or a whole new table.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * NlDatasetModel::columns-changed:
   *
   * The columns changed: a new table, a column's role, or the label's
   * classes. Views that build a column or a field per column rebuild them.
   */
  signals[COLUMNS_CHANGED] =
    g_signal_new ("columns-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * NlDatasetModel::edited:
   * @edit: (transfer none): what changed, and how to put it back
   *
   * An edit of the table's cells, rows or column roles, emitted after the
   * model's other signals for it. A whole new table is not an edit; an edit
   * applied by nl_dataset_model_apply_edit() is one again.
   */
  signals[EDITED] =
    g_signal_new ("edited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, NL_TYPE_TABLE_EDIT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/* Edits, for undo */

static void
emit_edit (NlDatasetModel *self,
           NlTableEdit    *edit)
{
  g_signal_emit (self, signals[EDITED], 0, edit);
  nl_table_edit_free (edit);
}

/* The cells' texts of @rows (ascending), row by row, borrowed. */
static const char **
rows_texts (NlDatasetModel *self,
            const guint    *rows,
            guint           n_rows)
{
  const char **texts = g_new (const char *, (gsize) n_rows * self->ds->n_columns + 1);
  gsize k = 0;

  for (guint i = 0; i < n_rows; i++)
    for (size_t c = 0; c < self->ds->n_columns; c++)
      texts[k++] = nl_dataset_cell (self->ds, rows[i], c)->text;
  texts[k] = NULL;
  return texts;
}

static NlTableEdit *
new_rows_edit (NlDatasetModel  *self,
               NlTableEditKind  kind,
               gboolean         pasted,
               const guint     *rows,
               guint            n_rows)
{
  g_autofree const char **texts = rows_texts (self, rows, n_rows);

  return nl_table_edit_new_rows (kind, pasted, rows, n_rows, (guint) self->ds->n_columns, texts);
}

static void
get_roles (NlDatasetModel *self,
           NlTableRoles   *roles)
{
  roles->n_columns = (guint) self->ds->n_columns;
  roles->kinds = g_new (NlColumnKind, MAX (roles->n_columns, 1));
  roles->inputs = g_new (gboolean, MAX (roles->n_columns, 1));
  for (guint c = 0; c < roles->n_columns; c++)
    {
      roles->kinds[c] = self->ds->columns[c].kind;
      roles->inputs[c] = self->ds->columns[c].is_input;
    }
}

static void
emit_roles_edit (NlDatasetModel *self,
                 NlTableRoles   *before)
{
  NlTableRoles after;

  get_roles (self, &after);
  emit_edit (self, nl_table_edit_new_roles (before, &after));
}

static void
nl_dataset_model_init (NlDatasetModel *self)
{
  self->rows = g_ptr_array_new ();
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

NlDatasetModel *
nl_dataset_model_new_from_dataset (NlDataset *dataset)
{
  NlDatasetModel *self;

  g_return_val_if_fail (dataset != NULL, NULL);

  self = g_object_new (NL_TYPE_DATASET_MODEL, NULL);
  nl_dataset_model_set_dataset (self, dataset);
  return self;
}

NlDatasetModel *
nl_dataset_model_new_tutorial (void)
{
  NlDataset *ds = nl_dataset_new_tutorial ();

  if (ds == NULL)
    g_error ("Out of memory while creating the tutorial's table");
  return nl_dataset_model_new_from_dataset (ds);
}

void
nl_dataset_model_set_dataset (NlDatasetModel *self,
                              NlDataset      *dataset)
{
  guint old_n;
  NlNormalize mode = NL_NORMALIZE_NONE;

  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (dataset != self->ds);

  /* Views learn of the change in an order they can follow: the old rows go,
   * then the columns change, then the new rows come. Binding new rows to the
   * old columns would read cells that do not exist. */
  old_n = self->rows->len;
  detach_rows (self);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);

  g_clear_pointer (&self->ds, nl_dataset_free);
  self->ds = dataset;

  /* The table's own normalisation is the mode in force; its shifts are
   * constants worth remembering. */
  g_free (self->saved_shifts);
  self->saved_shifts = g_new (double, MAX (dataset->n_columns, 1));
  for (size_t c = 0; c < dataset->n_columns; c++)
    self->saved_shifts[c] = NAN;
  for (size_t c = 0; c < dataset->n_columns; c++)
    if (dataset->columns[c].kind == NL_COLUMN_NUMERIC && dataset->columns[c].is_input)
      {
        mode = dataset->columns[c].normalize;
        break;
      }
  save_shifts (self);
  if (mode != self->normalization)
    {
      self->normalization = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NORMALIZATION]);
    }
  if (mode == NL_NORMALIZE_STANDARDIZE && self->hold_count == 0)
    apply_normalization (self);
  else if (mode == NL_NORMALIZE_STANDARDIZE)
    self->normalization_stale = TRUE;
  collect_problems (self);

  /* The new table's counts (inputs above all) are known to whoever listens
   * for the columns: the window resizes the network to them. */
  update_status (self);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
  g_ptr_array_set_size (self->rows, (guint) dataset->n_rows);
  if (dataset->n_rows > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, (guint) dataset->n_rows);
  update_status (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

const NlDataset *
nl_dataset_model_get_dataset (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);

  return self->ds;
}

/* How the core's reader follows a load on the worker: it polls the load's
 * cancellable, so Cancel stops a long parse within a few thousand lines, and
 * posts how far it is. */
typedef struct
{
  GCancellable *cancellable;
  NlProgress   *progress;     /* may be NULL */
} ParseFollow;

static int
parse_cancelled_cb (void *user_data)
{
  ParseFollow *follow = user_data;

  return g_cancellable_is_cancelled (follow->cancellable);
}

static void
parse_progress_cb (double  fraction,
                   void   *user_data)
{
  ParseFollow *follow = user_data;

  if (follow->progress != NULL)
    _nl_progress_post (follow->progress,
                       LOAD_READ_SHARE + (LOAD_PARSED - LOAD_READ_SHARE) * fraction, FALSE);
}

/* Parses a whole file's contents into a standardised table (the reader
 * standardises what it imports). Safe on any thread: it touches nothing but
 * its arguments. A cancelled parse is G_IO_ERROR_CANCELLED. */
static NlDataset *
parse_csv (const char    *contents,
           gsize          length,
           GFile         *file,
           GCancellable  *cancellable,
           NlProgress    *progress,
           GError       **error)
{
  g_autofree char *name = NULL;
  ParseFollow follow = { cancellable, progress };
  NlCsvOptions options = { parse_cancelled_cb, parse_progress_cb, &follow };
  NlDataset *ds;
  NlError err;

  nl_error_clear (&err);
  ds = nl_csv_read_buffer_full (contents, length, &options, &err);
  if (ds == NULL && err.status == NL_ERR_CANCELLED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, err.message);
      return NULL;
    }
  if (ds == NULL)
    {
      name = g_file_get_parse_name (file);
      g_set_error (error, NL_MODEL_ERROR,
                   err.status == NL_ERR_NOMEM ? NL_MODEL_ERROR_NO_MEMORY : NL_MODEL_ERROR_PARSE,
                   _("Could not read “%s”: %s"), name, err.message);
      return NULL;
    }
  return ds;
}

gboolean
nl_dataset_model_load_csv (NlDatasetModel  *self,
                           GFile           *file,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  NlDataset *ds;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return FALSE;

  ds = parse_csv (contents, length, file, cancellable, NULL, error);
  if (ds == NULL)
    return FALSE;
  nl_dataset_model_set_dataset (self, ds);
  return TRUE;
}

/* Asynchronous load.
 *
 * The worker reads the file in chunks and parses it; nothing it touches is
 * shared but the progress record (see nl-progress.c). */

typedef struct
{
  GFile      *file;
  NlProgress *progress;
} LoadData;

static void
load_data_free (gpointer user_data)
{
  LoadData *data = user_data;

  g_clear_object (&data->file);
  g_clear_pointer (&data->progress, _nl_progress_unref);
  g_free (data);
}

static void
load_csv_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;
  goffset size = 0;
  gsize length = 0;
  NlDataset *ds;

  _nl_progress_post (data->progress, 0.0, TRUE);

  stream = g_file_read (data->file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    size = g_file_info_get_size (info);

  bytes = g_byte_array_sized_new ((guint) CLAMP (size + 1, 1, (goffset) LOAD_MAX_SIZE + 1));
  for (;;)
    {
      gssize n;

      g_byte_array_set_size (bytes, (guint) (length + LOAD_CHUNK));
      n = g_input_stream_read (G_INPUT_STREAM (stream), bytes->data + length, LOAD_CHUNK,
                               cancellable, &error);
      if (n < 0)
        {
          g_task_return_error (task, error);
          return;
        }
      if (n == 0)
        break;
      length += (gsize) n;
      if (length > LOAD_MAX_SIZE)
        {
          name = g_file_get_parse_name (data->file);
          g_task_return_new_error (task, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                                   _("Could not read “%s”: the file is larger than %u MB"),
                                   name, (guint) (LOAD_MAX_SIZE / (1024 * 1024)));
          return;
        }
      if (size > 0)
        _nl_progress_post (data->progress,
                            LOAD_READ_SHARE * MIN (1.0, (double) length / (double) size),
                            FALSE);
    }
  g_byte_array_set_size (bytes, (guint) length);
  g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);
  _nl_progress_post (data->progress, LOAD_READ_SHARE, TRUE);

  if (g_task_return_error_if_cancelled (task))
    return;

  ds = parse_csv ((const char *) bytes->data, length, data->file, cancellable, data->progress,
                  &error);
  if (ds == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      nl_dataset_free (ds);
      g_task_return_error_if_cancelled (task);
      return;
    }
  _nl_progress_post (data->progress, LOAD_PARSED, TRUE);
  g_task_return_pointer (task, ds, (GDestroyNotify) nl_dataset_free);
}

/* Back on the caller's context: the new table goes in here, not in
 * _finish(), so that it does whether or not the caller finishes. */
static void
load_csv_done_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NlDatasetModel *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  NlDataset *ds;

  ds = g_task_propagate_pointer (G_TASK (result), &error);
  if (ds == NULL)
    {
      _nl_progress_finish (data->progress, FALSE);
      g_task_return_error (task, error);
      return;
    }
  nl_dataset_model_set_dataset (self, ds);
  _nl_progress_finish (data->progress, TRUE);
  g_task_return_boolean (task, TRUE);
}

void
nl_dataset_model_load_csv_async (NlDatasetModel      *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 NlLoadProgressFunc   progress,
                                 gpointer             progress_data,
                                 GDestroyNotify       progress_data_destroy,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  LoadData *data;

  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nl_dataset_model_load_csv_async);
  /* Once the table is replaced, the load succeeded, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->progress = _nl_progress_new (progress, progress_data, progress_data_destroy);

  /* The worker holds no reference to the model: the thread may drop its
   * reference to the worker task last, and the model must never be
   * finalised there. */
  worker = g_task_new (NULL, cancellable, load_csv_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, load_csv_thread);
  g_task_set_task_data (worker, data, load_data_free);
  g_task_run_in_thread (worker, load_csv_thread);
}

gboolean
nl_dataset_model_load_csv_finish (NlDatasetModel  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nl_dataset_model_load_csv_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
nl_dataset_model_save_csv (NlDatasetModel  *self,
                           GFile           *file,
                           GError         **error)
{
  g_autofree char *path = NULL;
  size_t length = 0;
  char *data;
  gboolean ok;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = nl_csv_write_buffer (self->ds, &length);
  if (data == NULL)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_NO_MEMORY,
                           _("Not enough memory to write the table"));
      return FALSE;
    }

  /* The core's atomic write also flushes to the disk; other locations go
   * through GIO, which replaces atomically where it can. */
  path = g_file_get_path (file);
  if (path != NULL)
    {
      NlError err;

      nl_error_clear (&err);
      ok = nl_file_write_atomic (path, data, length, &err) == NL_OK;
      if (!ok)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, err.message);
    }
  else
    ok = g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
  free (data);
  return ok;
}

/* Splits text copied from a spreadsheet into records of fields. Quotes
 * count only at the start of a field, as in CSV; a doubled quote inside
 * them is a quote. Lines with nothing but blanks are skipped. */
static GPtrArray *
split_records (const char *text,
               char        separator)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean field_start = TRUE;
  gboolean quoted = FALSE;
  gboolean blank = TRUE;
  const char *p = text;

  for (;;)
    {
      char c = *p;
      gboolean end_of_text = c == '\0';

      if (quoted && !end_of_text)
        {
          if (c == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
            }
          else if (c == '"')
            {
              quoted = FALSE;
              p++;
            }
          else
            {
              g_string_append_c (field, c);
              p++;
            }
          continue;
        }
      if (c == '"' && field_start)
        {
          quoted = TRUE;
          field_start = FALSE;
          blank = FALSE;
          p++;
          continue;
        }
      if (c == separator || c == '\n' || c == '\r' || end_of_text)
        {
          if (!is_blank (field->str))
            blank = FALSE;
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          field_start = TRUE;
          if (c != separator)
            {
              if (!blank)
                {
                  g_ptr_array_add (records, g_steal_pointer (&fields));
                  fields = g_ptr_array_new_with_free_func (g_free);
                }
              else
                g_ptr_array_set_size (fields, 0);
              blank = TRUE;
            }
          if (end_of_text)
            break;
          if (c == '\r' && p[1] == '\n')
            p++;
          p++;
          continue;
        }
      g_string_append_c (field, c);
      field_start = FALSE;
      p++;
    }
  return records;
}

static gboolean
is_header (NlDatasetModel *self,
           GPtrArray      *fields)
{
  if (fields->len != self->ds->n_columns)
    return FALSE;
  for (guint c = 0; c < fields->len; c++)
    {
      g_autofree char *name = g_strstrip (g_strdup (g_ptr_array_index (fields, c)));

      if (g_strcmp0 (name, self->ds->columns[c].name) != 0)
        return FALSE;
    }
  return TRUE;
}

guint
nl_dataset_model_append_text (NlDatasetModel *self,
                              const char     *text,
                              guint          *n_dropped)
{
  g_autoptr(GPtrArray) records = NULL;
  NlDataset *ds;
  g_autofree char *classes_before = NULL;
  gboolean classes_changed = FALSE;
  guint first_record = 0;
  guint old_n;
  guint dropped = 0;
  guint added;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (n_dropped != NULL)
    *n_dropped = 0;
  ds = self->ds;
  if (ds->n_columns == 0)
    return 0;
  records = split_records (text, strchr (text, '\t') != NULL ? '\t' : ',');
  if (records->len > 0 && is_header (self, g_ptr_array_index (records, 0)))
    first_record = 1;
  if (records->len <= first_record)
    return 0;

  classes_before = dup_classes (self);
  old_n = (guint) ds->n_rows;
  for (guint r = first_record; r < records->len; r++)
    {
      GPtrArray *fields = g_ptr_array_index (records, r);
      size_t row = nl_dataset_append_row (ds);

      if (row == (size_t) -1)
        g_error ("Out of memory while pasting rows");
      for (guint c = 0; c < fields->len; c++)
        {
          const char *field = g_ptr_array_index (fields, c);

          if (c >= ds->n_columns)
            dropped += !is_blank (field);
          else if (field[0] != '\0')
            /* Stored even when invalid: the cell is marked, and its row
             * says why it is left out. */
            nl_dataset_set_cell (ds, row, c, field, NULL);
        }
    }
  added = (guint) ds->n_rows - old_n;

  if (ds->label_column >= 0)
    {
      g_autofree char *classes_after = dup_classes (self);

      classes_changed = g_strcmp0 (classes_before, classes_after) != 0;
    }

  g_ptr_array_set_size (self->rows, (guint) ds->n_rows);
  if (classes_changed)
    {
      refresh_rows (self, (guint) ds->label_column);
      g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);
  table_changed (self);
  if (added > 0)
    {
      g_autofree guint *rows = g_new (guint, added);

      for (guint i = 0; i < added; i++)
        rows[i] = old_n + i;
      emit_edit (self, new_rows_edit (self, NL_TABLE_EDIT_INSERT_ROWS, TRUE, rows, added));
    }
  if (n_dropped != NULL)
    *n_dropped = dropped;
  return added;
}

/* A cell as a spreadsheet would read it back. */
static void
append_cell_text (GString    *out,
                  const char *text)
{
  if (strpbrk (text, "\t\r\n") == NULL && text[0] != '"')
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
nl_dataset_model_dup_rows_text (NlDatasetModel *self,
                                const guint    *rows,
                                guint           n_rows)
{
  GString *out;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      if (rows[i] >= self->ds->n_rows)
        {
          g_critical ("%s: row %u is out of range", G_STRFUNC, rows[i]);
          continue;
        }
      for (size_t c = 0; c < self->ds->n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, '\t');
          append_cell_text (out, nl_dataset_cell (self->ds, rows[i], c)->text);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

GPtrArray *
nl_dataset_model_get_notes (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);

  return self->notes;
}

GPtrArray *
nl_dataset_model_get_problems (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);

  return self->problems;
}

guint
nl_dataset_model_get_n_rows (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), 0);

  return self->rows->len;
}

guint
nl_dataset_model_get_n_columns (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), 0);

  return (guint) self->ds->n_columns;
}

const char *
nl_dataset_model_get_column_name (NlDatasetModel *self,
                                  guint           column)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);
  g_return_val_if_fail (column < self->ds->n_columns, NULL);

  return self->ds->columns[column].name;
}

NlColumnKind
nl_dataset_model_get_column_kind (NlDatasetModel *self,
                                  guint           column)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NL_COLUMN_TEXT);
  g_return_val_if_fail (column < self->ds->n_columns, NL_COLUMN_TEXT);

  return self->ds->columns[column].kind;
}

gboolean
nl_dataset_model_get_column_is_input (NlDatasetModel *self,
                                      guint           column)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (column < self->ds->n_columns, FALSE);

  return self->ds->columns[column].kind == NL_COLUMN_NUMERIC
         && self->ds->columns[column].is_input;
}

void
nl_dataset_model_set_column_is_input (NlDatasetModel *self,
                                      guint           column,
                                      gboolean        is_input)
{
  NlTableRoles before;

  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (column < self->ds->n_columns);
  g_return_if_fail (self->ds->columns[column].kind == NL_COLUMN_NUMERIC);

  is_input = !!is_input;
  if (self->ds->columns[column].is_input == is_input)
    return;
  get_roles (self, &before);
  nl_dataset_set_input (self->ds, column, is_input);
  /* A column that joins the inputs takes the table's normalisation. */
  if (self->hold_count == 0)
    apply_normalization (self);
  else
    self->normalization_stale = TRUE;
  /* Views learn of the new columns before the rows say they changed, so
   * that no cell reads an input that is gone. */
  update_status (self);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
  refresh_rows (self, column);
  g_signal_emit (self, signals[CHANGED], 0);
  emit_roles_edit (self, &before);
}

int
nl_dataset_model_get_label_column (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), -1);

  return self->ds->label_column;
}

/* Whether every non-empty cell of @column is a number, and one at least is. */
static gboolean
column_is_all_numbers (const NlDataset *ds,
                       size_t           column)
{
  gboolean any = FALSE;
  double value;

  for (size_t r = 0; r < ds->n_rows; r++)
    {
      const char *text = nl_dataset_cell (ds, r, column)->text;

      /* As the CSV reader judges a column: a file line of the wrong length
       * may hold anything in its last cell. */
      if (ds->row_fields[r] != 0 || nl_dataset_text_is_missing (text))
        continue;
      if (nl_dataset_parse_number (text, &value, NULL) != NL_OK)
        return FALSE;
      any = TRUE;
    }
  return any;
}

gboolean
nl_dataset_model_get_column_can_be_label (NlDatasetModel *self,
                                          guint           column)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (column < self->ds->n_columns, FALSE);

  if (self->ds->label_column == (int) column
      && self->ds->columns[column].kind == NL_COLUMN_LABEL)
    return TRUE;
  return nl_dataset_check_label_column (self->ds, column, NULL) == NL_OK;
}

gboolean
nl_dataset_model_get_column_can_be_target (NlDatasetModel *self,
                                           guint           column)
{
  NlColumnKind kind;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (column < self->ds->n_columns, FALSE);

  kind = self->ds->columns[column].kind;
  return kind == NL_COLUMN_NUMERIC || kind == NL_COLUMN_TARGET
         || column_is_all_numbers (self->ds, column);
}

char *
nl_dataset_model_dup_column_role_note (NlDatasetModel *self,
                                       guint           column)
{
  g_autoptr(GString) note = NULL;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);
  g_return_val_if_fail (column < self->ds->n_columns, NULL);

  note = g_string_new (NULL);
  if (!nl_dataset_model_get_column_can_be_label (self, column))
    {
      /* The core's reason, in the few words a menu has room for. */
      if (nl_dataset_label_fit (self->ds, column) == NL_LABEL_TOO_MANY_VALUES)
        /* Translators: in the Columns menu, why a column cannot be the
         * label; %d is the most classes a label can have (20). */
        g_string_printf (note, _("Label: more than %d different values"), NL_MAX_CLASSES);
      else
        /* Translators: in the Columns menu, why a column (of names, say)
         * cannot be the label: no class would have two rows. */
        g_string_assign (note, _("Label: a different value in every row"));
    }
  if (!nl_dataset_model_get_column_can_be_target (self, column))
    {
      if (note->len > 0)
        g_string_append (note, " · ");
      /* Translators: in the Columns menu, why a column cannot be the target
       * of a regression. */
      g_string_append (note, _("Target: not numbers"));
    }
  return note->len > 0 ? g_string_free (g_steal_pointer (&note), FALSE) : NULL;
}

/* Makes @column what the network predicts: a label (@kind NL_COLUMN_LABEL)
 * or a regression target (NL_COLUMN_TARGET). */
static gboolean
set_predicted_column (NlDatasetModel  *self,
                      guint            column,
                      NlColumnKind     kind,
                      GError         **error)
{
  NlError err;
  NlTableRoles before;
  int former;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (column < self->ds->n_columns, FALSE);

  if (self->ds->label_column == (int) column && self->ds->columns[column].kind == kind)
    return TRUE;
  former = self->ds->label_column;
  get_roles (self, &before);
  nl_error_clear (&err);
  if (nl_dataset_set_column_kind (self->ds, column, kind, &err) != NL_OK)
    {
      _nl_model_set_error_from_core (error, &err);
      nl_table_roles_clear (&before);
      return FALSE;
    }
  /* The core makes the former label text; a column of numbers (0/1) stays a
   * candidate input instead, without becoming one on its own. */
  if (former >= 0 && former != (int) column && column_is_all_numbers (self->ds, (size_t) former)
      && nl_dataset_set_column_kind (self->ds, (size_t) former, NL_COLUMN_NUMERIC, NULL) == NL_OK)
    nl_dataset_set_input (self->ds, (size_t) former, FALSE);
  if (self->hold_count == 0)
    apply_normalization (self);
  else
    self->normalization_stale = TRUE;
  update_status (self);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
  refresh_rows (self, G_MAXUINT);
  g_signal_emit (self, signals[CHANGED], 0);
  emit_roles_edit (self, &before);
  return TRUE;
}

gboolean
nl_dataset_model_set_label_column (NlDatasetModel  *self,
                                   guint            column,
                                   GError         **error)
{
  return set_predicted_column (self, column, NL_COLUMN_LABEL, error);
}

gboolean
nl_dataset_model_set_target_column (NlDatasetModel  *self,
                                    guint            column,
                                    GError         **error)
{
  return set_predicted_column (self, column, NL_COLUMN_TARGET, error);
}

const char *
nl_dataset_model_get_class_name (NlDatasetModel *self,
                                 guint           index)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);

  return nl_dataset_class_name (self->ds, index);
}

guint
nl_dataset_model_get_n_classes (NlDatasetModel *self)
{
  NlTask task;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), 0);

  nl_dataset_task (self->ds, &task);
  return (guint) task.n_classes;
}

void
nl_dataset_model_get_task (NlDatasetModel *self,
                           NlTask         *task)
{
  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (task != NULL);

  nl_dataset_task (self->ds, task);
}

double
nl_dataset_model_get_target_scale (NlDatasetModel *self,
                                   double         *shift)
{
  const NlColumn *col;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), 1.0);

  if (shift != NULL)
    *shift = 0.0;
  if (self->ds->label_column < 0)
    return 1.0;
  col = &self->ds->columns[self->ds->label_column];
  if (col->kind != NL_COLUMN_TARGET)
    return 1.0;
  if (shift != NULL)
    *shift = col->shift;
  return col->scale != 0.0 ? col->scale : 1.0;
}

guint
nl_dataset_model_get_n_inputs (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), 0);

  return self->n_inputs;
}

guint
nl_dataset_model_get_input_column (NlDatasetModel *self,
                                   guint           i)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (i < self->n_inputs, G_MAXUINT);

  return (guint) nl_dataset_input_column (self->ds, i);
}

const char *
nl_dataset_model_get_input_name (NlDatasetModel *self,
                                 guint           i)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);
  g_return_val_if_fail (i < self->n_inputs, NULL);

  return self->ds->columns[nl_dataset_input_column (self->ds, i)].name;
}

const char *
nl_dataset_model_get_cell_text (NlDatasetModel *self,
                                guint           row,
                                guint           column)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);
  g_return_val_if_fail (row < self->ds->n_rows, NULL);
  g_return_val_if_fail (column < self->ds->n_columns, NULL);

  return nl_dataset_cell (self->ds, row, column)->text;
}

/* The label's classes in one string, to notice when an edit changes them;
 * NULL without a label. */
static char *
dup_classes (NlDatasetModel *self)
{
  const NlColumn *col;
  GString *all;

  if (self->ds->label_column < 0)
    return NULL;
  col = &self->ds->columns[self->ds->label_column];
  all = g_string_new (NULL);
  for (size_t k = 0; k < col->n_classes; k++)
    {
      /* A unit separator between the names, "-" for an empty slot. */
      g_string_append (all, col->classes[k] != NULL ? col->classes[k] : "-");
      g_string_append_c (all, '\x1f');
    }
  return g_string_free (all, FALSE);
}

/* Says what is wrong with a cell that holds @text and cannot be used, and
 * where ("Row 3, Weight (lb): “abc” is not a number"). */
static void
describe_invalid_cell (NlDatasetModel  *self,
                       guint            row,
                       guint            column,
                       const char      *text,
                       GError         **error)
{
  const NlColumn *col = &self->ds->columns[column];
  g_autofree char *quoted = NULL;
  double value;
  NlError err;

  /* "NA" and the like are kept as typed, as missing as an empty cell. */
  if (nl_dataset_text_is_missing (text))
    {
      g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                   _("Row %u, %s: a value is needed"), row + 1, col->name);
      return;
    }

  quoted = excerpt (text);
  nl_error_clear (&err);
  if ((col->kind == NL_COLUMN_NUMERIC || col->kind == NL_COLUMN_TARGET)
      && nl_dataset_parse_cell (self->ds, column, text, &value, &err) == NL_ERR_PARSE)
    {
      if (g_str_equal (nl_number_decimal_point (), ".")
          && strchr (text, ',') != NULL && strchr (text, '.') == NULL)
        g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                     _("Row %u, %s: “%s” is not a number (use a point for decimals)"),
                     row + 1, col->name, quoted);
      else
        g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                     _("Row %u, %s: “%s” is not a number"), row + 1, col->name, quoted);
    }
  else if (col->kind == NL_COLUMN_LABEL && col->n_classes == 2
           && col->classes[0] != NULL && col->classes[1] != NULL)
    g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                 _("Row %u, %s: “%s” is neither “%s” nor “%s”"),
                 row + 1, col->name, quoted, col->classes[0], col->classes[1]);
  else if (col->kind == NL_COLUMN_LABEL && col->n_classes > 2)
    g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                 _("Row %u, %s: “%s” is not one of the %u classes"),
                 row + 1, col->name, quoted, (guint) col->n_classes);
  else
    g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                 _("Row %u, %s: “%s” cannot be used here"), row + 1, col->name, quoted);
}

/* Whether the cell can be used as it is: text columns take anything; an
 * empty cell matters only where training reads it (an input, the label). */
static gboolean
cell_is_valid (const NlDataset *ds,
               guint            row,
               guint            column)
{
  const NlColumn *col = &ds->columns[column];
  const NlCell *cell = nl_dataset_cell (ds, row, column);

  if (col->kind == NL_COLUMN_TEXT || cell->state == NL_CELL_OK)
    return TRUE;
  if (cell->state == NL_CELL_MISSING)
    return !(col->kind == NL_COLUMN_LABEL || col->kind == NL_COLUMN_TARGET || col->is_input);
  return FALSE;
}

/* Stores @text in the cell as it is, valid or not, and says so. */
static void
store_cell (NlDatasetModel *self,
            guint           row,
            guint           column,
            const char     *text)
{
  g_autofree char *classes_before = NULL;
  gboolean classes_changed = FALSE;

  /* Stored whatever it is: nothing typed is lost. The core parses it, and
   * may make it the label's second class; only memory can make it keep the
   * old text. */
  classes_before = dup_classes (self);
  nl_dataset_set_cell (self->ds, row, column, text, NULL);
  if ((int) column == self->ds->label_column)
    {
      g_autofree char *classes_after = dup_classes (self);

      classes_changed = g_strcmp0 (classes_before, classes_after) != 0;
    }

  if (classes_changed)
    {
      /* A new class can reorder the two, and with them every label value. */
      refresh_rows (self, column);
      g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
    }
  else if (g_ptr_array_index (self->rows, row) != NULL)
    _nl_row_refresh (g_ptr_array_index (self->rows, row), column);
  if (classes_changed)
    table_changed (self);
  else
    cell_changed (self, row, column);
}

gboolean
nl_dataset_model_set_cell (NlDatasetModel  *self,
                           guint            row,
                           guint            column,
                           const char      *text,
                           GError         **error)
{
  NlCell *cell;
  g_autofree char *canonical = NULL;
  g_autofree char *old_text = NULL;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (row < self->ds->n_rows, FALSE);
  g_return_val_if_fail (column < self->ds->n_columns, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* A number typed with the person's decimal comma is stored with a point,
   * as files keep it. */
  if (self->ds->columns[column].kind == NL_COLUMN_NUMERIC
      || self->ds->columns[column].kind == NL_COLUMN_TARGET)
    text = canonical = nl_number_to_canonical (text);
  cell = nl_dataset_cell (self->ds, row, column);
  if (strcmp (cell->text, text) != 0)
    {
      old_text = g_strdup (cell->text);
      store_cell (self, row, column, text);
      emit_edit (self, nl_table_edit_new_cell (row, column, self->ds->columns[column].name,
                                               old_text, text));
    }

  /* A cell that cannot be used is kept, and says why. */
  if (cell_is_valid (self->ds, row, column))
    return TRUE;
  describe_invalid_cell (self, row, column, text, error);
  return FALSE;
}

/* A new row copies the numbers and the label of the last usable row (the last
 * row when none is usable), so it is usable at once and close to data the
 * person already has; text columns (names) start empty. Copying a real row
 * rather than the column means keeps integers integers and the label valid. */
guint
nl_dataset_model_add_row (NlDatasetModel *self)
{
  NlDataset *ds;
  size_t source = (size_t) -1;
  size_t row;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), G_MAXUINT);

  ds = self->ds;
  for (size_t r = ds->n_rows; r > 0; r--)
    if (nl_dataset_row_usable (ds, r - 1))
      {
        source = r - 1;
        break;
      }
  if (source == (size_t) -1 && ds->n_rows > 0)
    source = ds->n_rows - 1;

  row = nl_dataset_append_row (ds);
  if (row == (size_t) -1)
    g_error ("Out of memory while adding a row");

  if (source != (size_t) -1)
    for (size_t c = 0; c < ds->n_columns; c++)
      {
        if (ds->columns[c].kind == NL_COLUMN_TEXT)
          continue;
        /* The source cell's text is already valid for the column. */
        nl_dataset_set_cell (ds, row, c, nl_dataset_cell (ds, source, c)->text, NULL);
      }

  g_ptr_array_add (self->rows, NULL);
  g_list_model_items_changed (G_LIST_MODEL (self), (guint) row, 0, 1);
  table_changed (self);
  emit_edit (self, new_rows_edit (self, NL_TABLE_EDIT_INSERT_ROWS, FALSE, &(guint) { row }, 1));
  return (guint) row;
}

/* Takes row @row out of the table, without saying so. */
static void
take_row (NlDatasetModel *self,
          guint           row)
{
  NlRow *item = g_ptr_array_steal_index (self->rows, row);

  if (item != NULL)
    {
      _nl_row_detach (item);
      g_object_unref (item);
    }
  nl_dataset_remove_row (self->ds, row);
  for (guint i = row; i < self->rows->len; i++)
    {
      NlRow *after = g_ptr_array_index (self->rows, i);

      if (after != NULL)
        _nl_row_set_index (after, i);
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

void
nl_dataset_model_remove_rows (NlDatasetModel *self,
                              const guint    *rows,
                              guint           n_rows)
{
  g_autofree guint *sorted = NULL;
  NlTableEdit *edit;
  guint n = 0;

  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (rows != NULL || n_rows == 0);

  /* Ascending, each once, each in the table. */
  sorted = g_memdup2 (rows, MAX (n_rows, 1) * sizeof *rows);
  if (n_rows > 0)
    qsort (sorted, n_rows, sizeof *sorted, compare_uint);
  for (guint i = 0; i < n_rows; i++)
    if (sorted[i] < self->rows->len && (n == 0 || sorted[i] != sorted[n - 1]))
      sorted[n++] = sorted[i];
  if (n == 0)
    return;

  edit = new_rows_edit (self, NL_TABLE_EDIT_REMOVE_ROWS, FALSE, sorted, n);
  /* From the last, so that the positions of those before hold. */
  for (guint i = n; i > 0; i--)
    {
      take_row (self, sorted[i - 1]);
      g_list_model_items_changed (G_LIST_MODEL (self), sorted[i - 1], 1, 0);
    }
  table_changed (self);
  emit_edit (self, edit);
}

void
nl_dataset_model_remove_row (NlDatasetModel *self,
                             guint           row)
{
  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (row < self->rows->len);

  nl_dataset_model_remove_rows (self, &row, 1);
}

/* Puts rows back at @rows (ascending: each position counts the rows before
 * it that come back too), with their cells' texts. */
static void
insert_rows (NlDatasetModel     *self,
             const guint        *rows,
             guint               n_rows,
             const char * const *texts)
{
  g_autofree char *classes_before = NULL;
  gboolean classes_changed = FALSE;

  classes_before = dup_classes (self);
  for (guint i = 0; i < n_rows; i++)
    {
      size_t row = nl_dataset_insert_row (self->ds, rows[i]);

      if (row == (size_t) -1)
        g_error ("Out of memory while putting rows back");
      for (size_t c = 0; c < self->ds->n_columns; c++)
        nl_dataset_set_cell (self->ds, row, c, texts[(gsize) i * self->ds->n_columns + c], NULL);
      g_ptr_array_insert (self->rows, (gint) row, NULL);
      for (guint k = (guint) row + 1; k < self->rows->len; k++)
        {
          NlRow *after = g_ptr_array_index (self->rows, k);

          if (after != NULL)
            _nl_row_set_index (after, k);
        }
    }
  if (self->ds->label_column >= 0)
    {
      g_autofree char *classes_after = dup_classes (self);

      classes_changed = g_strcmp0 (classes_before, classes_after) != 0;
    }
  if (classes_changed)
    {
      refresh_rows (self, (guint) self->ds->label_column);
      g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
    }
  for (guint i = 0; i < n_rows; i++)
    g_list_model_items_changed (G_LIST_MODEL (self), rows[i], 0, 1);
  table_changed (self);
}

static void
set_roles (NlDatasetModel     *self,
           const NlTableRoles *roles)
{
  g_return_if_fail (roles->n_columns == self->ds->n_columns);

  /* The label first, since making a column the label changes the former
   * one; then every other column's kind and input flag. */
  for (guint c = 0; c < roles->n_columns; c++)
    if ((roles->kinds[c] == NL_COLUMN_LABEL || roles->kinds[c] == NL_COLUMN_TARGET)
        && (self->ds->label_column != (int) c || self->ds->columns[c].kind != roles->kinds[c]))
      nl_dataset_set_column_kind (self->ds, c, roles->kinds[c], NULL);
  for (guint c = 0; c < roles->n_columns; c++)
    {
      if (roles->kinds[c] != NL_COLUMN_LABEL && roles->kinds[c] != NL_COLUMN_TARGET
          && self->ds->columns[c].kind != roles->kinds[c])
        nl_dataset_set_column_kind (self->ds, c, roles->kinds[c], NULL);
      if (roles->kinds[c] == NL_COLUMN_NUMERIC && self->ds->columns[c].is_input != roles->inputs[c])
        nl_dataset_set_input (self->ds, c, roles->inputs[c]);
    }
  if (self->hold_count == 0)
    apply_normalization (self);
  else
    self->normalization_stale = TRUE;
  update_status (self);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
  refresh_rows (self, G_MAXUINT);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
nl_dataset_model_apply_edit (NlDatasetModel    *self,
                             const NlTableEdit *edit,
                             gboolean           undo)
{
  NlTableEditKind kind;
  NlTableRoles before;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);

  kind = nl_table_edit_get_kind (edit);
  if (kind == NL_TABLE_EDIT_CELL)
    {
      guint row, column;
      const char *old_text, *new_text;
      g_autofree char *current = NULL;

      nl_table_edit_get_cell (edit, &row, &column, &old_text, &new_text);
      if (row >= self->ds->n_rows || column >= self->ds->n_columns)
        return FALSE;
      current = g_strdup (nl_dataset_cell (self->ds, row, column)->text);
      store_cell (self, row, column, undo ? old_text : new_text);
      emit_edit (self, nl_table_edit_new_cell (row, column, self->ds->columns[column].name,
                                               current, undo ? old_text : new_text));
      return TRUE;
    }

  if (kind == NL_TABLE_EDIT_INSERT_ROWS || kind == NL_TABLE_EDIT_REMOVE_ROWS)
    {
      guint n_rows, n_columns;
      const char * const *texts;
      const guint *rows = nl_table_edit_get_rows (edit, &n_rows, &n_columns, &texts);
      gboolean insert = (kind == NL_TABLE_EDIT_INSERT_ROWS) != undo;

      if (n_columns != self->ds->n_columns)
        return FALSE;
      if (!insert)
        {
          nl_dataset_model_remove_rows (self, rows, n_rows);
          return TRUE;
        }
      for (guint i = 0; i < n_rows; i++)
        if (rows[i] > self->ds->n_rows + i)
          return FALSE;
      insert_rows (self, rows, n_rows, texts);
      emit_edit (self, new_rows_edit (self, NL_TABLE_EDIT_INSERT_ROWS, FALSE, rows, n_rows));
      return TRUE;
    }

  if (nl_table_edit_get_roles (edit, undo)->n_columns != self->ds->n_columns)
    return FALSE;
  get_roles (self, &before);
  set_roles (self, nl_table_edit_get_roles (edit, !undo));
  emit_roles_edit (self, &before);
  return TRUE;
}

gboolean
nl_dataset_model_get_trainable (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);

  return self->trainable;
}

const char *
nl_dataset_model_get_trainable_reason (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);

  return self->trainable_reason;
}

guint
nl_dataset_model_get_n_usable_rows (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), 0);

  return self->n_usable;
}

NlNormalize
nl_dataset_model_get_normalization (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NL_NORMALIZE_NONE);

  return self->normalization;
}

void
nl_dataset_model_set_normalization (NlDatasetModel *self,
                                    NlNormalize     mode)
{
  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail ((guint) mode < NL_N_NORMALIZE);

  if (self->normalization == mode)
    return;
  self->normalization = mode;
  /* Choosing a mode is an explicit act: it applies even during a run, whose
   * snapshot is already taken. */
  apply_normalization (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NORMALIZATION]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
nl_dataset_model_hold_normalization (NlDatasetModel *self)
{
  g_return_if_fail (NL_IS_DATASET_MODEL (self));

  self->hold_count++;
}

void
nl_dataset_model_release_normalization (NlDatasetModel *self)
{
  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (self->hold_count > 0);

  if (--self->hold_count == 0 && self->normalization_stale)
    {
      apply_normalization (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

void
nl_dataset_model_normalize_inputs (NlDatasetModel *self,
                                   const double   *raw,
                                   double         *out)
{
  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (raw != NULL || self->n_inputs == 0);
  g_return_if_fail (out != NULL || self->n_inputs == 0);

  for (guint i = 0; i < self->n_inputs; i++)
    out[i] = nl_dataset_normalize (self->ds, nl_dataset_input_column (self->ds, i), raw[i]);
}

gboolean
nl_dataset_model_parse_input (NlDatasetModel  *self,
                              guint            i,
                              const char      *text,
                              double          *value,
                              GError         **error)
{
  const char *name;
  g_autofree char *quoted = NULL;
  double v;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (i < self->n_inputs, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  name = nl_dataset_model_get_input_name (self, i);
  if (is_blank (text))
    {
      g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                   _("%s: a value is needed"), name);
      return FALSE;
    }
  if (!nl_number_parse (text, &v))
    {
      quoted = excerpt (text);
      if (g_str_equal (nl_number_decimal_point (), ".")
          && strchr (text, ',') != NULL && strchr (text, '.') == NULL)
        g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                     _("%s: “%s” is not a number (use a point for decimals)"), name, quoted);
      else
        g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                     _("%s: “%s” is not a number"), name, quoted);
      return FALSE;
    }
  if (value != NULL)
    *value = v;
  return TRUE;
}

NlMatrix *
nl_dataset_model_snapshot (NlDatasetModel  *self,
                           GError         **error)
{
  g_autoptr(NlMatrix) snapshot = NULL;
  NlError err;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);

  snapshot = g_new0 (NlMatrix, 1);
  nl_error_clear (&err);
  if (nl_dataset_to_matrix (self->ds, snapshot, &err) != NL_OK)
    {
      _nl_model_set_error_from_core (error, &err);
      return NULL;
    }
  return g_steal_pointer (&snapshot);
}

void
nl_dataset_model_free_snapshot (NlMatrix *snapshot)
{
  if (snapshot == NULL)
    return;
  nl_matrix_clear (snapshot);
  g_free (snapshot);
}

char *
_nl_dataset_model_dup_row_problem (NlDatasetModel *self,
                                   guint           index)
{
  const NlDataset *ds = self->ds;

  if (index >= ds->n_rows)
    return g_strdup (_("The row was removed"));
  if (nl_dataset_row_usable (ds, index))
    return NULL;
  if (ds->row_fields[index] != 0)
    /* Translators: why a row is left out of training, like "The file's
     * line had 5 fields for 4 columns". */
    return g_strdup_printf (_("The file’s line had %zu fields for %zu columns"),
                            ds->row_fields[index], ds->n_columns);

  for (size_t c = 0; c < ds->n_columns; c++)
    {
      const NlColumn *col = &ds->columns[c];
      const NlCell *cell = nl_dataset_cell (ds, index, c);
      gboolean counts = (col->kind == NL_COLUMN_NUMERIC && col->is_input)
                        || (int) c == ds->label_column;
      g_autofree char *quoted = NULL;

      if (!counts || cell->state == NL_CELL_OK)
        continue;
      if (cell->state == NL_CELL_MISSING)
        return g_strdup_printf (_("%s is missing"), col->name);
      quoted = excerpt (cell->text);
      if (col->kind == NL_COLUMN_LABEL && col->n_classes == 2
          && col->classes[0] != NULL && col->classes[1] != NULL)
        return g_strdup_printf (_("%s: “%s” is neither “%s” nor “%s”"),
                                col->name, quoted, col->classes[0], col->classes[1]);
      if (col->kind == NL_COLUMN_LABEL && col->n_classes > 2)
        return g_strdup_printf (_("%s: “%s” is not one of the %u classes"),
                                col->name, quoted, (guint) col->n_classes);
      return g_strdup_printf (_("%s: “%s” is not a number"), col->name, quoted);
    }

  if (ds->label_column < 0)
    return g_strdup (_("The table has no label column"));
  return g_strdup (_("The row cannot be used for training"));
}

/* Plausibility */

static const NlColumnSpread *
column_spread (NlDatasetModel *self,
               guint           column)
{
  if (self->spreads == NULL || self->spreads_stale)
    {
      g_free (self->spreads);
      g_free (self->spread_stale);
      self->spreads = g_new (NlColumnSpread, MAX (self->ds->n_columns, 1));
      self->spread_stale = g_new0 (guint8, MAX (self->ds->n_columns, 1));
      for (size_t c = 0; c < self->ds->n_columns; c++)
        nl_dataset_column_spread (self->ds, c, &self->spreads[c]);
      self->spreads_stale = FALSE;
    }
  else if (self->spread_stale[column])
    {
      nl_dataset_column_spread (self->ds, column, &self->spreads[column]);
      self->spread_stale[column] = FALSE;
    }
  return &self->spreads[column];
}

NlPlausibility
_nl_dataset_model_judge_cell (NlDatasetModel *self,
                              guint           row,
                              guint           column,
                              double         *low,
                              double         *high)
{
  const NlCell *cell;

  if (low != NULL)
    *low = NAN;
  if (high != NULL)
    *high = NAN;
  if (row >= self->ds->n_rows || column >= self->ds->n_columns
      || self->ds->columns[column].kind != NL_COLUMN_NUMERIC)
    return NL_PLAUSIBLE;
  cell = nl_dataset_cell (self->ds, row, column);
  if (cell->state != NL_CELL_OK)
    return NL_PLAUSIBLE;
  return nl_column_spread_judge (column_spread (self, column), cell->value, low, high);
}

/* A number as people read it: whole numbers without decimals, the rest as
 * printf's %g writes them in the person's language. */
static char *
format_number (double value)
{
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%g", value);
}

char *
_nl_dataset_model_dup_row_warning (NlDatasetModel *self,
                                   guint           index)
{
  const NlDataset *ds = self->ds;

  if (index >= ds->n_rows)
    return NULL;
  for (size_t c = 0; c < ds->n_columns; c++)
    {
      double low, high;
      NlPlausibility judged = _nl_dataset_model_judge_cell (self, index, (guint) c, &low, &high);
      g_autofree char *stripped = NULL;
      g_autofree char *value = NULL;
      g_autofree char *low_text = NULL;
      g_autofree char *high_text = NULL;

      if (judged == NL_PLAUSIBLE)
        continue;
      stripped = g_strstrip (g_strdup (nl_dataset_cell (ds, index, c)->text));
      value = nl_number_to_display (stripped);
      low_text = format_number (low);
      high_text = format_number (high);
      if (judged == NL_IMPLAUSIBLE_NEGATIVE)
        /* Translators: a warning about a row, like "Weight (lb) -152 is
         * negative, unlike every other row (120–160)". */
        return g_strdup_printf (_("%s %s is negative, unlike every other row (%s–%s)"),
                                ds->columns[c].name, value, low_text, high_text);
      /* Translators: a warning about a row, like "Weight (lb) 153152 is
       * far outside the other rows (120–160)". */
      return g_strdup_printf (_("%s %s is far outside the other rows (%s–%s)"),
                              ds->columns[c].name, value, low_text, high_text);
    }
  return NULL;
}

gboolean
_nl_dataset_model_cell_is_valid (NlDatasetModel *self,
                                 guint           row,
                                 guint           column)
{
  if (row >= self->ds->n_rows || column >= self->ds->n_columns)
    return TRUE;
  return cell_is_valid (self->ds, row, column);
}
