/* nl-dataset-model.c: the training table as a GListModel of NlRow.
 *
 * Rows are created the first time a list asks for them and kept, so a table
 * of a million rows costs a GObject only for the rows someone looked at.
 * Every edit validates first, then stores in the core's NlDataset, then brings
 * the derived state up to date (normalisation, usable rows, trainability) and
 * says so with signals.
 */
#include "nl-dataset-model.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "nl-csv.h"
#include "nl-model-enums.h"
#include "nl-model-error.h"
#include "nl-model-private.h"
#include "nl-row.h"

/* How much of a typed value an error message quotes. */
#define EXCERPT_CHARS 40

struct _NlDatasetModel
{
  GObject      parent_instance;

  NlDataset   *ds;
  GPtrArray   *rows;            /* NlRow, or NULL until asked for; one per row */
  GPtrArray   *problems;        /* char *, from the last import */

  NlNormalize  normalization;
  double      *saved_shifts;    /* per column: the shift constant, or NAN */
  guint        hold_count;
  gboolean     normalization_stale;

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

/* Recomputes what depends on the cells and notifies what changed. */
static void
update_status (NlDatasetModel *self)
{
  NlError err;
  gboolean trainable;
  guint n_usable = 0;
  guint n_inputs;
  const char *reason;

  for (size_t r = 0; r < self->ds->n_rows; r++)
    n_usable += nl_dataset_row_usable (self->ds, r) != 0;
  nl_error_clear (&err);
  trainable = nl_dataset_check_trainable (self->ds, &err) == NL_OK;
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

/* The CSV reader's messages already say where ("Line 4, column 2 (Weight
 * (lb)): ..."), so they are listed as they are. */
static void
collect_problems (NlDatasetModel *self)
{
  const NlDataset *ds = self->ds;

  g_ptr_array_set_size (self->problems, 0);
  for (size_t i = 0; i < ds->n_problems; i++)
    g_ptr_array_add (self->problems, g_strdup (ds->problems[i].message));
}

/* GObject */

static void
nl_dataset_model_finalize (GObject *object)
{
  NlDatasetModel *self = NL_DATASET_MODEL (object);

  detach_rows (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->ds, nl_dataset_free);
  g_clear_pointer (&self->saved_shifts, g_free);
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
}

static void
nl_dataset_model_init (NlDatasetModel *self)
{
  self->rows = g_ptr_array_new ();
  self->problems = g_ptr_array_new_with_free_func (g_free);
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

gboolean
nl_dataset_model_load_csv (NlDatasetModel  *self,
                           GFile           *file,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;
  NlDataset *ds;
  NlError err;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return FALSE;

  nl_error_clear (&err);
  ds = nl_csv_read_buffer (contents, length, &err);
  if (ds == NULL)
    {
      name = g_file_get_parse_name (file);
      g_set_error (error, NL_MODEL_ERROR,
                   err.status == NL_ERR_NOMEM ? NL_MODEL_ERROR_NO_MEMORY : NL_MODEL_ERROR_PARSE,
                   _("Could not read “%s”: %s"), name, err.message);
      return FALSE;
    }

  /* Imported data is standardised. */
  nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);
  nl_dataset_model_set_dataset (self, ds);
  return TRUE;
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
  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (column < self->ds->n_columns);
  g_return_if_fail (self->ds->columns[column].kind == NL_COLUMN_NUMERIC);

  is_input = !!is_input;
  if (self->ds->columns[column].is_input == is_input)
    return;
  nl_dataset_set_input (self->ds, column, is_input);
  /* A column that joins the inputs takes the table's normalisation. */
  if (self->hold_count == 0)
    apply_normalization (self);
  else
    self->normalization_stale = TRUE;
  refresh_rows (self, column);
  update_status (self);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

int
nl_dataset_model_get_label_column (NlDatasetModel *self)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), -1);

  return self->ds->label_column;
}

gboolean
nl_dataset_model_set_label_column (NlDatasetModel  *self,
                                   guint            column,
                                   GError         **error)
{
  NlError err;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (column < self->ds->n_columns, FALSE);

  if (self->ds->label_column == (int) column)
    return TRUE;
  nl_error_clear (&err);
  if (nl_dataset_set_label_column (self->ds, column, &err) != NL_OK)
    {
      _nl_model_set_error_from_core (error, &err);
      return FALSE;
    }
  if (self->hold_count == 0)
    apply_normalization (self);
  else
    self->normalization_stale = TRUE;
  refresh_rows (self, G_MAXUINT);
  update_status (self);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

const char *
nl_dataset_model_get_class_name (NlDatasetModel *self,
                                 guint           index)
{
  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), NULL);
  g_return_val_if_fail (index < 2, NULL);

  if (self->ds->label_column < 0)
    return NULL;
  return self->ds->columns[self->ds->label_column].classes[index];
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

/* Copies of the label's classes, to notice when an edit changes them. */
static void
dup_classes (NlDatasetModel *self,
             char           *out[2])
{
  out[0] = out[1] = NULL;
  if (self->ds->label_column >= 0)
    {
      const NlColumn *col = &self->ds->columns[self->ds->label_column];

      out[0] = g_strdup (col->classes[0]);
      out[1] = g_strdup (col->classes[1]);
    }
}

static gboolean
validate_cell (NlDatasetModel  *self,
               guint            row,
               guint            column,
               const char      *text,
               GError         **error)
{
  const NlColumn *col = &self->ds->columns[column];
  g_autofree char *quoted = NULL;
  double value;
  NlError err;

  if (col->kind == NL_COLUMN_TEXT)
    return TRUE;

  if (is_blank (text))
    {
      g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                   _("Row %u, %s: a value is needed"), row + 1, col->name);
      return FALSE;
    }

  nl_error_clear (&err);
  if (nl_dataset_parse_cell (self->ds, column, text, &value, &err) == NL_OK)
    return TRUE;

  quoted = excerpt (text);
  if (col->kind == NL_COLUMN_NUMERIC && err.status == NL_ERR_PARSE)
    {
      if (strchr (text, ',') != NULL && strchr (text, '.') == NULL)
        g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                     _("Row %u, %s: “%s” is not a number (use a point for decimals)"),
                     row + 1, col->name, quoted);
      else
        g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                     _("Row %u, %s: “%s” is not a number"), row + 1, col->name, quoted);
    }
  else if (col->kind == NL_COLUMN_LABEL && col->classes[0] != NULL && col->classes[1] != NULL)
    g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                 _("Row %u, %s: “%s” is neither “%s” nor “%s”"),
                 row + 1, col->name, quoted, col->classes[0], col->classes[1]);
  else
    g_set_error (error, NL_MODEL_ERROR, NL_MODEL_ERROR_PARSE,
                 _("Row %u, %s: %s"), row + 1, col->name, err.message);
  return FALSE;
}

gboolean
nl_dataset_model_set_cell (NlDatasetModel  *self,
                           guint            row,
                           guint            column,
                           const char      *text,
                           GError         **error)
{
  NlCell *cell;
  NlError err;
  char *classes_before[2];
  gboolean classes_changed = FALSE;

  g_return_val_if_fail (NL_IS_DATASET_MODEL (self), FALSE);
  g_return_val_if_fail (row < self->ds->n_rows, FALSE);
  g_return_val_if_fail (column < self->ds->n_columns, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  cell = nl_dataset_cell (self->ds, row, column);
  if (strcmp (cell->text, text) == 0 && cell->state == NL_CELL_OK)
    return TRUE;

  if (!validate_cell (self, row, column, text, error))
    return FALSE;

  dup_classes (self, classes_before);
  nl_error_clear (&err);
  if (nl_dataset_set_cell (self->ds, row, column, text, &err) != NL_OK)
    {
      /* Validation said yes; only memory can make the core say no. */
      _nl_model_set_error_from_core (error, &err);
      g_free (classes_before[0]);
      g_free (classes_before[1]);
      return FALSE;
    }
  if ((int) column == self->ds->label_column)
    {
      const NlColumn *col = &self->ds->columns[column];

      classes_changed = g_strcmp0 (classes_before[0], col->classes[0]) != 0
                        || g_strcmp0 (classes_before[1], col->classes[1]) != 0;
    }
  g_free (classes_before[0]);
  g_free (classes_before[1]);

  if (classes_changed)
    {
      /* A new class can reorder the two, and with them every label value. */
      refresh_rows (self, column);
      g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
    }
  else if (g_ptr_array_index (self->rows, row) != NULL)
    _nl_row_refresh (g_ptr_array_index (self->rows, row), column);
  table_changed (self);
  return TRUE;
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
  return (guint) row;
}

void
nl_dataset_model_remove_row (NlDatasetModel *self,
                             guint           row)
{
  NlRow *item;

  g_return_if_fail (NL_IS_DATASET_MODEL (self));
  g_return_if_fail (row < self->rows->len);

  item = g_ptr_array_steal_index (self->rows, row);
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

  g_list_model_items_changed (G_LIST_MODEL (self), row, 1, 0);
  table_changed (self);
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
  if (nl_dataset_parse_number (text, &v, NULL) != NL_OK)
    {
      quoted = excerpt (text);
      if (strchr (text, ',') != NULL && strchr (text, '.') == NULL)
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
      if (col->kind == NL_COLUMN_LABEL && col->classes[0] != NULL && col->classes[1] != NULL)
        return g_strdup_printf (_("%s: “%s” is neither “%s” nor “%s”"),
                                col->name, quoted, col->classes[0], col->classes[1]);
      return g_strdup_printf (_("%s: “%s” is not a number"), col->name, quoted);
    }

  if (ds->label_column < 0)
    return g_strdup (_("The table has no label column"));
  return g_strdup (_("The row cannot be used for training"));
}
