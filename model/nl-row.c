/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-row.c: one row of the training table, as a list item.
 *
 * The cells themselves live in the model's NlDataset, the single place every
 * edit goes through; the row caches only what its properties report, so that
 * it can notify when that really changes.
 */
#include "nl-row.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nl-model-error.h"
#include "nl-model-private.h"

struct _NlRow
{
  GObject         parent_instance;

  NlDatasetModel *model;    /* weak */
  guint           index;
  gboolean        usable;
  char           *problem;
  char           *warning;
};

G_DEFINE_FINAL_TYPE (NlRow, nl_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_INDEX,
  PROP_USABLE,
  PROP_PROBLEM,
  PROP_WARNING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
nl_row_dispose (GObject *object)
{
  NlRow *self = NL_ROW (object);

  g_clear_weak_pointer (&self->model);

  G_OBJECT_CLASS (nl_row_parent_class)->dispose (object);
}

static void
nl_row_finalize (GObject *object)
{
  NlRow *self = NL_ROW (object);

  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->warning, g_free);

  G_OBJECT_CLASS (nl_row_parent_class)->finalize (object);
}

static void
nl_row_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  NlRow *self = NL_ROW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_USABLE:
      g_value_set_boolean (value, self->usable);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_row_class_init (NlRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nl_row_dispose;
  object_class->finalize = nl_row_finalize;
  object_class->get_property = nl_row_get_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         NL_TYPE_DATASET_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USABLE] =
    g_param_spec_boolean ("usable", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_WARNING] =
    g_param_spec_string ("warning", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlRow::changed:
   * @column: the cell's column, or G_MAXUINT when every cell may have changed
   *
   * A cell of the row changed; list cells re-read their text.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
nl_row_init (NlRow *self)
{
}

NlRow *
_nl_row_new (NlDatasetModel *model,
             guint           index)
{
  NlRow *self = g_object_new (NL_TYPE_ROW, NULL);

  g_set_weak_pointer (&self->model, model);
  self->index = index;
  self->problem = _nl_dataset_model_dup_row_problem (model, index);
  self->usable = self->problem == NULL;
  self->warning = _nl_dataset_model_dup_row_warning (model, index);
  return self;
}

void
_nl_row_set_index (NlRow *self,
                   guint  index)
{
  if (self->index == index)
    return;
  self->index = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

static void
set_problem (NlRow *self,
             char  *problem)
{
  gboolean usable = problem == NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (problem, self->problem) != 0)
    {
      g_free (self->problem);
      self->problem = problem;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  else
    g_free (problem);
  if (usable != self->usable)
    {
      self->usable = usable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USABLE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_warning (NlRow *self,
             char  *warning)
{
  if (g_strcmp0 (warning, self->warning) == 0)
    {
      g_free (warning);
      return;
    }
  g_free (self->warning);
  self->warning = warning;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}

void
_nl_row_update_warning (NlRow *self)
{
  if (self->model == NULL)
    return;
  set_warning (self, _nl_dataset_model_dup_row_warning (self->model, self->index));
}

void
_nl_row_detach (NlRow *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_clear_weak_pointer (&self->model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  _nl_row_set_index (self, G_MAXUINT);
  set_problem (self, g_strdup (_("The row was removed")));
  set_warning (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_nl_row_refresh (NlRow *self,
                 guint  column)
{
  if (self->model == NULL)
    return;
  /* The warning is the model's to refresh, for every row at once: an edit
   * anywhere can change it. */
  set_problem (self, _nl_dataset_model_dup_row_problem (self->model, self->index));
  g_signal_emit (self, signals[CHANGED], 0, column);
}

NlDatasetModel *
nl_row_get_model (NlRow *self)
{
  g_return_val_if_fail (NL_IS_ROW (self), NULL);

  return self->model;
}

guint
nl_row_get_index (NlRow *self)
{
  g_return_val_if_fail (NL_IS_ROW (self), G_MAXUINT);

  return self->index;
}

const char *
nl_row_get_text (NlRow *self,
                 guint  column)
{
  g_return_val_if_fail (NL_IS_ROW (self), NULL);

  if (self->model == NULL)
    return "";
  return nl_dataset_model_get_cell_text (self->model, self->index, column);
}

double
nl_row_get_value (NlRow *self,
                  guint  column)
{
  const NlDataset *ds;
  const NlCell *cell;

  g_return_val_if_fail (NL_IS_ROW (self), NAN);

  if (self->model == NULL)
    return NAN;
  ds = nl_dataset_model_get_dataset (self->model);
  g_return_val_if_fail (column < ds->n_columns, NAN);
  cell = nl_dataset_cell (ds, self->index, column);
  if (cell->state != NL_CELL_OK || ds->columns[column].kind == NL_COLUMN_TEXT)
    return NAN;
  return cell->value;
}

double
nl_row_get_normalized (NlRow *self,
                       guint  i)
{
  const NlDataset *ds;
  size_t column;

  g_return_val_if_fail (NL_IS_ROW (self), NAN);

  if (self->model == NULL || !self->usable)
    return NAN;
  ds = nl_dataset_model_get_dataset (self->model);
  column = nl_dataset_input_column (ds, i);
  g_return_val_if_fail (column != (size_t) -1, NAN);
  return nl_dataset_normalize (ds, column, nl_dataset_cell (ds, self->index, column)->value);
}

gboolean
nl_row_get_usable (NlRow *self)
{
  g_return_val_if_fail (NL_IS_ROW (self), FALSE);

  return self->usable;
}

const char *
nl_row_get_problem (NlRow *self)
{
  g_return_val_if_fail (NL_IS_ROW (self), NULL);

  return self->problem;
}

const char *
nl_row_get_warning (NlRow *self)
{
  g_return_val_if_fail (NL_IS_ROW (self), NULL);

  return self->warning;
}

gboolean
nl_row_get_cell_valid (NlRow *self,
                       guint  column)
{
  g_return_val_if_fail (NL_IS_ROW (self), TRUE);

  if (self->model == NULL)
    return TRUE;
  return _nl_dataset_model_cell_is_valid (self->model, self->index, column);
}

gboolean
nl_row_get_cell_plausible (NlRow *self,
                           guint  column)
{
  g_return_val_if_fail (NL_IS_ROW (self), TRUE);

  if (self->model == NULL)
    return TRUE;
  return _nl_dataset_model_judge_cell (self->model, self->index, column, NULL, NULL) == NL_PLAUSIBLE;
}

gboolean
nl_row_set_text (NlRow       *self,
                 guint        column,
                 const char  *text,
                 GError     **error)
{
  g_return_val_if_fail (NL_IS_ROW (self), FALSE);

  if (self->model == NULL)
    {
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID,
                           _("The row was removed from the table"));
      return FALSE;
    }
  return nl_dataset_model_set_cell (self->model, self->index, column, text, error);
}
