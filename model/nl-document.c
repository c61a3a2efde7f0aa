/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-document.c: one piece of work and its rules (see nl-document.h).
 *
 * Changes are noticed on the models' own signals: the table's "edited"
 * becomes an undo step; anything else (training, settings, a new
 * architecture) makes the work dirty, a change that cannot be undone.
 * What the document does itself (opening, undo and redo, its own steps) it
 * does with "applying" raised, so that those signals are not counted again.
 *
 * Modified: every undo step has an id; the state of the work is the id of
 * the step on top of the undo stack (0 for none). The work is modified when
 * its state is not the one last saved, or when it is dirty. A serial number
 * counts every change, so that a save knows whether the work changed while
 * it was written. Opening and saving are in nl-document-files.c.
 */
#include "nl-document-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "nl-model-error.h"
#include "nl-project-io.h"
#include "nl-trainer-private.h"

/* Settings of one parameter this close in time are one step (a drag). */
#define PARAM_MERGE_USEC G_USEC_PER_SEC

/* What one undo step holds. */
typedef enum
{
  STEP_TABLE,   /* an edit of the table */
  STEP_PARAM,   /* one parameter set by hand */
  STEP_NETWORK, /* the parameters and the training history (Reset) */
  STEP_WORK,    /* everything (the Worked Example) */
} StepKind;

/* The network's parameters and what the trainer measured of them. */
typedef struct
{
  double  *params;
  guint    n_params;
  guint64  epoch;
  NlEvaluation eval;
  NlEvaluation test_eval;
  NlHistory *history;
  NlHistory *test_history;
  /* The optimizer's memory, so that undoing a Reset trains on as before. */
  NlOptimizer optimizer;
  guint64  opt_steps;
  double  *opt_first;
  double  *opt_second;
} NetState;

struct _Step
{
  StepKind     kind;
  guint64      id;
  char        *label;
  NlTableEdit *edit;          /* STEP_TABLE */
  guint        param;         /* STEP_PARAM */
  double       before;
  double       after;
  gint64       time;
  NetState     net[2];        /* STEP_NETWORK: before, after */
  NlProject    work[2];       /* STEP_WORK: before, after */
};

G_DEFINE_FINAL_TYPE (NlDocument, nl_document, G_TYPE_OBJECT)

enum {
  REPLACED,
  CHANGED,
  N_SIGNALS
};

GParamSpec *_nl_document_properties[N_PROPS];
#define properties _nl_document_properties
static guint signals[N_SIGNALS];

/* Steps */

static void
net_state_clear (NetState *state)
{
  g_clear_pointer (&state->params, g_free);
  g_clear_pointer (&state->history, nl_history_free);
  g_clear_pointer (&state->test_history, nl_history_free);
  g_clear_pointer (&state->opt_first, g_free);
  g_clear_pointer (&state->opt_second, g_free);
}

static void
net_state_capture (NlDocument *self,
                   NetState   *state)
{
  const double *params = nl_network_model_get_params (self->network, &state->n_params);

  state->params = g_memdup2 (params, state->n_params * sizeof (double));
  state->epoch = nl_trainer_get_epoch (self->trainer);
  nl_trainer_get_evaluation (self->trainer, &state->eval, &state->test_eval);
  /* Bounded, so a step costs a few hundred kilobytes at most. */
  state->history = nl_history_copy (nl_trainer_get_history (self->trainer));
  state->test_history = nl_history_copy (nl_trainer_get_test_history (self->trainer));
  if (state->history == NULL || state->test_history == NULL)
    g_error ("Out of memory for the loss history");
  {
    const double *first, *second;

    state->optimizer = nl_trainer_get_optimizer (self->trainer);
    _nl_trainer_get_optimizer_memory (self->trainer, &state->opt_steps, &first, &second);
    state->opt_first = first != NULL ? g_memdup2 (first, state->n_params * sizeof (double)) : NULL;
    state->opt_second = second != NULL ? g_memdup2 (second, state->n_params * sizeof (double)) : NULL;
  }
}

static gboolean
net_state_apply (NlDocument     *self,
                 const NetState *state)
{
  if (state->n_params != nl_network_model_get_n_params (self->network))
    return FALSE;
  /* The trainer first: it lets go of any run, which would post its own
   * parameters afterwards. */
  nl_trainer_restore (self->trainer, state->epoch, &state->eval, &state->test_eval,
                      state->history, state->test_history);
  nl_network_model_set_params (self->network, state->params, state->n_params);
  if (state->opt_steps > 0 || state->opt_first != NULL || state->opt_second != NULL)
    _nl_trainer_set_optimizer_state (self->trainer, state->optimizer, state->opt_steps,
                                     state->opt_first, state->opt_second, state->n_params);
  return TRUE;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->label);
  nl_table_edit_free (step->edit);
  net_state_clear (&step->net[0]);
  net_state_clear (&step->net[1]);
  nl_project_clear (&step->work[0]);
  nl_project_clear (&step->work[1]);
  g_free (step);
}

static Step *
step_new (NlDocument *self,
          StepKind    kind,
          const char *label)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->id = ++self->next_id;
  step->label = g_strdup (label);
  nl_project_init (&step->work[0]);
  nl_project_init (&step->work[1]);
  return step;
}

static Step *
top (GPtrArray *steps)
{
  return steps->len > 0 ? g_ptr_array_index (steps, steps->len - 1) : NULL;
}

guint64
_nl_document_current_state (NlDocument *self)
{
  Step *step = top (self->undo);

  return step != NULL ? step->id : 0;
}

/* Whether @step can be undone or made again now: those that change the
 * network wait for a run to end. */
static gboolean
step_allowed (NlDocument *self,
              Step       *step)
{
  if (step == NULL)
    return FALSE;
  /* A change of the columns' roles can change the network's inputs. */
  return (step->kind == STEP_TABLE && nl_table_edit_get_kind (step->edit) != NL_TABLE_EDIT_ROLES)
         || !nl_trainer_get_running (self->trainer);
}

/* State */

/* Recomputes "modified" and the undo properties, and notifies what changed. */
void
_nl_document_update_state (NlDocument *self)
{
  gboolean modified = self->dirty || _nl_document_current_state (self) != self->saved_state;

  gboolean can_undo = nl_document_get_can_undo (self);
  gboolean can_redo = nl_document_get_can_redo (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  /* Called for every change, training's too: only real changes notify. */
  if (can_undo != self->could_undo)
    {
      self->could_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->could_redo)
    {
      self->could_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (top (self->undo) != self->undo_top)
    {
      self->undo_top = top (self->undo);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
    }
  if (top (self->redo) != self->redo_top)
    {
      self->redo_top = top (self->redo);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  if (self->serial != self->changed_serial)
    {
      self->changed_serial = self->serial;
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

static void
set_table_changed (NlDocument *self,
                   gboolean    changed)
{
  if (self->table_changed == changed)
    return;
  self->table_changed = changed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE_CHANGED]);
}

void
_nl_document_update_title (NlDocument *self)
{
  g_autofree char *title = NULL;

  if (self->file != NULL)
    title = g_file_get_basename (self->file);
  else if (self->name != NULL)
    title = g_strdup (self->name);
  else
    title = g_strdup (_("Untitled"));
  if (g_strcmp0 (title, self->title) == 0)
    return;
  g_free (self->title);
  self->title = g_steal_pointer (&title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* A change that undo does not take back. */
static void
mark_dirty (NlDocument *self)
{
  if (self->applying > 0)
    return;
  self->serial++;
  self->dirty = TRUE;
  self->dirty_serial = self->serial;
  _nl_document_update_state (self);
}

/* Runs are not undone, but they are part of the work a project keeps:
 * keeping, removing, showing or hiding one is a change to save. */
static void
runs_changed_cb (GListModel *runs,
                 guint       position,
                 guint       removed,
                 guint       added,
                 NlDocument *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (GObject) run = g_list_model_get_item (runs, i);

      g_signal_connect_object (run, "notify::visible", G_CALLBACK (mark_dirty), self,
                               G_CONNECT_SWAPPED);
    }
  mark_dirty (self);
}

static void
push_step (NlDocument *self,
           Step       *step)
{
  self->serial++;
  g_ptr_array_set_size (self->redo, 0);
  g_ptr_array_add (self->undo, step);
  /* The oldest go first; if the saved state goes with them, undo can no
   * longer reach it, and the ids still tell. */
  if (self->undo->len > NL_DOCUMENT_MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  _nl_document_update_state (self);
}

/* A new piece of work: nothing to undo, nothing unsaved. */
void
_nl_document_forget_changes (NlDocument *self)
{
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->saved_state = 0;
  self->dirty = FALSE;
  self->serial++;
  self->generation++;
  set_table_changed (self, FALSE);
  _nl_document_update_state (self);
}

/* Views read the whole work again; what they set while doing so is no
 * change of the person's. */
void
_nl_document_emit_replaced (NlDocument *self)
{
  self->applying++;
  g_signal_emit (self, signals[REPLACED], 0);
  self->applying--;
}

/* Model signals */

/* The table changed: the trainer's figures, if any, are of the one before. */
static void
table_edited (NlDocument *self)
{
  self->table_serial++;
  if (nl_trainer_get_epoch (self->trainer) > 0)
    set_table_changed (self, TRUE);
}

static void
dataset_edited_cb (NlDocument        *self,
                   const NlTableEdit *edit)
{
  Step *step;

  if (self->applying > 0)
    return;
  step = step_new (self, STEP_TABLE, nl_table_edit_get_label (edit));
  step->edit = nl_table_edit_copy (edit);
  table_edited (self);
  push_step (self, step);
}

/* A new table, or new roles: the network follows its number of inputs and
 * its task (one output a class for multi-class). */
static void
columns_changed_cb (NlDocument *self)
{
  guint n_inputs = nl_dataset_model_get_n_inputs (self->dataset);
  gboolean new_task;
  NlTask task;

  if (n_inputs > 0 && n_inputs != nl_network_model_get_n_inputs (self->network))
    nl_network_model_set_n_inputs (self->network, n_inputs);
  nl_dataset_model_get_task (self->dataset, &task);
  nl_network_model_set_task (self->network, &task);
  /* The task owns the loss: a new task starts from its own (cross-entropy
   * for classes, MSE for a number; going back to two classes keeps the
   * choice), and no table keeps one its task cannot use. */
  new_task = task.kind != self->task_kind;
  self->task_kind = task.kind;
  if ((new_task && task.kind != NL_TASK_BINARY)
      || !nl_task_allows_loss (&task, nl_trainer_get_loss_function (self->trainer)))
    nl_trainer_set_loss_function (self->trainer, nl_task_default_loss (&task));
}

static void
trainer_progress_cb (NlDocument *self)
{
  /* New figures are about the table a run started with (it trains on a
   * copy), or, from a step, about the table as it is now. */
  guint64 measured = nl_trainer_get_running (self->trainer) ? self->run_table_serial
                                                            : self->table_serial;

  set_table_changed (self, measured != self->table_serial);
  mark_dirty (self);
}

static void
running_cb (NlDocument *self)
{
  if (nl_trainer_get_running (self->trainer))
    self->run_table_serial = self->table_serial;
  /* Steps that change the network wait for the run to end. */
  _nl_document_update_state (self);
}

/* GObject */

static void
nl_document_dispose (GObject *object)
{
  NlDocument *self = NL_DOCUMENT (object);

  nl_document_cancel (self);
  if (self->trainer != NULL)
    {
      nl_trainer_stop (self->trainer);
      g_signal_handlers_disconnect_by_data (self->trainer, self);
      g_signal_handlers_disconnect_by_data (self->network, self);
      g_signal_handlers_disconnect_by_data (self->dataset, self);
    }
  g_clear_object (&self->trainer);
  g_clear_object (&self->network);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (nl_document_parent_class)->dispose (object);
}

static void
nl_document_finalize (GObject *object)
{
  NlDocument *self = NL_DOCUMENT (object);

  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_clear_object (&self->file);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (nl_document_parent_class)->finalize (object);
}

static void
nl_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  NlDocument *self = NL_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_NETWORK:
      g_value_set_object (value, self->network);
      break;
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, nl_document_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, nl_document_get_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, nl_document_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, nl_document_get_redo_label (self));
      break;
    case PROP_TABLE_CHANGED:
      g_value_set_boolean (value, self->table_changed);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->save != NULL);
      break;
    case PROP_SAVE_FRACTION:
      g_value_set_double (value, self->save_fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_document_class_init (NlDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = nl_document_dispose;
  object_class->finalize = nl_document_finalize;
  object_class->get_property = nl_document_get_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, NL_TYPE_DATASET_MODEL, flags);
  properties[PROP_NETWORK] =
    g_param_spec_object ("network", NULL, NULL, NL_TYPE_NETWORK_MODEL, flags);
  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL, NL_TYPE_TRAINER, flags);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, flags);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL, flags);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL, flags);
  properties[PROP_TABLE_CHANGED] =
    g_param_spec_boolean ("table-changed", NULL, NULL, FALSE, flags);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE, flags);
  properties[PROP_SAVE_FRACTION] =
    g_param_spec_double ("save-fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlDocument::replaced:
   *
   * The whole work was replaced at once (a file opened, or undo of the
   * Worked Example): views that keep their own copy of settings read them
   * again.
   */
  signals[REPLACED] =
    g_signal_new ("replaced",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * NlDocument::changed:
   *
   * The work changed in any way (an edit, an undo, a setting, a training
   * progress, a file opened): for whoever keeps a copy of it (a draft).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
nl_document_init (NlDocument *self)
{
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
  g_queue_init (&self->save_queue);
}

/* Takes the models and starts listening to them. */
static NlDocument *
document_new (NlDatasetModel *dataset)
{
  NlDocument *self = g_object_new (NL_TYPE_DOCUMENT, NULL);
  static const char * const trainer_settings[] = {
    "notify::learning-rate", "notify::epochs", "notify::loss-function", "notify::shuffle",
    "notify::test-percent", "notify::split-seed", "notify::target-loss",
    "notify::early-stopping", "notify::batch-size", "notify::optimizer", "notify::momentum",
    "notify::beta1", "notify::beta2", "notify::epsilon", "notify::l1", "notify::l2",
  };

  self->dataset = dataset;
  self->network = nl_network_model_new (nl_dataset_model_get_n_inputs (dataset));
  self->trainer = nl_trainer_new (self->network, self->dataset);
  _nl_document_update_title (self);

  g_signal_connect_swapped (self->dataset, "edited", G_CALLBACK (dataset_edited_cb), self);
  g_signal_connect_swapped (self->dataset, "columns-changed", G_CALLBACK (columns_changed_cb), self);
  g_signal_connect_swapped (self->network, "params-changed", G_CALLBACK (mark_dirty), self);
  g_signal_connect_swapped (self->network, "architecture-changed", G_CALLBACK (mark_dirty), self);
  g_signal_connect_swapped (self->network, "notify", G_CALLBACK (mark_dirty), self);
  g_signal_connect_swapped (self->trainer, "progress", G_CALLBACK (trainer_progress_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::running", G_CALLBACK (running_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (trainer_settings); i++)
    g_signal_connect_swapped (self->trainer, trainer_settings[i], G_CALLBACK (mark_dirty), self);
  g_signal_connect_object (nl_trainer_get_runs (self->trainer), "items-changed",
                           G_CALLBACK (runs_changed_cb), self, 0);
  return self;
}

/* Public API */

NlDocument *
nl_document_new (void)
{
  return document_new (nl_dataset_model_new_tutorial ());
}

NlDocument *
nl_document_new_with_columns_of (NlDocument *source)
{
  const NlDataset *from;
  NlDataset *ds;

  g_return_val_if_fail (NL_IS_DOCUMENT (source), NULL);

  from = nl_dataset_model_get_dataset (source->dataset);
  ds = nl_dataset_copy (from);
  if (ds == NULL)
    g_error ("Out of memory while making a new table");
  while (ds->n_rows > 0)
    nl_dataset_remove_row (ds, ds->n_rows - 1);
  ds->n_problems = 0;
  return document_new (nl_dataset_model_new_from_dataset (ds));
}

void
nl_document_mark_unchanged (NlDocument *self)
{
  g_return_if_fail (NL_IS_DOCUMENT (self));

  _nl_document_forget_changes (self);
}

NlDatasetModel *
nl_document_get_dataset (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->dataset;
}

NlNetworkModel *
nl_document_get_network (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->network;
}

NlTrainer *
nl_document_get_trainer (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->trainer;
}

GFile *
nl_document_get_file (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->file;
}

const char *
nl_document_get_title (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->title;
}

char *
nl_document_dup_short_name (NlDocument *self)
{
  char *name;
  size_t suffix = strlen (NL_DOCUMENT_PROJECT_SUFFIX);

  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);

  name = g_strdup (self->title);
  if (self->file != NULL && g_str_has_suffix (name, NL_DOCUMENT_PROJECT_SUFFIX)
      && strlen (name) > suffix)
    name[strlen (name) - suffix] = '\0';
  return name;
}

GFile *
nl_document_get_folder (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->folder;
}

const char *
nl_document_get_name (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  return self->file == NULL ? self->name : NULL;
}

gboolean
nl_document_get_modified (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

gboolean
nl_document_get_table_changed (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return self->table_changed;
}

/* Undo */

gboolean
nl_document_get_can_undo (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return self->loading == 0 && step_allowed (self, top (self->undo));
}

gboolean
nl_document_get_can_redo (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return self->loading == 0 && step_allowed (self, top (self->redo));
}

const char *
nl_document_get_undo_label (NlDocument *self)
{
  Step *step;

  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  step = top (self->undo);
  return step != NULL ? step->label : NULL;
}

const char *
nl_document_get_redo_label (NlDocument *self)
{
  Step *step;

  g_return_val_if_fail (NL_IS_DOCUMENT (self), NULL);
  step = top (self->redo);
  return step != NULL ? step->label : NULL;
}

/* Undoes (@undo) or makes again @step. */
static gboolean
apply_step (NlDocument *self,
            Step       *step,
            gboolean    undo)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = FALSE;

  self->applying++;
  switch (step->kind)
    {
    case STEP_TABLE:
      ok = nl_dataset_model_apply_edit (self->dataset, step->edit, undo);
      if (ok)
        table_edited (self);
      break;

    case STEP_PARAM:
      {
        if (step->param >= nl_network_model_get_n_params (self->network))
          break;
        nl_network_model_set_param (self->network, step->param, undo ? step->before : step->after);
        ok = TRUE;
      }
      break;

    case STEP_NETWORK:
      ok = net_state_apply (self, &step->net[undo ? 0 : 1]);
      break;

    case STEP_WORK:
      {
        /* Applying empties the record it is given: it gets a copy. */
        NlProject work;

        if (!nl_project_io_copy (&step->work[undo ? 0 : 1], &work))
          break;
        ok = nl_project_io_apply (self->dataset, self->network, self->trainer, &work, &error);
        if (ok)
          _nl_document_emit_replaced (self);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  self->applying--;
  return ok;
}

/* Moves the newest step of @from to @to, undoing or making it again. */
static gboolean
move_step (NlDocument *self,
           GPtrArray  *from,
           GPtrArray  *to,
           gboolean    undo)
{
  Step *step = top (from);

  if (!step_allowed (self, step) || self->loading > 0)
    return FALSE;
  g_ptr_array_steal_index (from, from->len - 1);
  if (!apply_step (self, step, undo))
    {
      /* The work no longer fits the step (it cannot happen through the
       * window, which records every edit): drop it rather than keep
       * offering it. */
      step_free (step);
      _nl_document_update_state (self);
      return FALSE;
    }
  g_ptr_array_add (to, step);
  self->serial++;
  _nl_document_update_state (self);
  return TRUE;
}

gboolean
nl_document_undo (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return move_step (self, self->undo, self->redo, TRUE);
}

gboolean
nl_document_redo (NlDocument *self)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);
  return move_step (self, self->redo, self->undo, FALSE);
}

gboolean
nl_document_set_param (NlDocument *self,
                       guint       index,
                       double      value)
{
  guint n;
  const double *params;
  gint64 now = g_get_monotonic_time ();
  Step *last;
  char name[32];

  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);

  params = nl_network_model_get_params (self->network, &n);
  if (nl_trainer_get_running (self->trainer) || index >= n || !isfinite (value))
    return FALSE;
  if (params[index] == value)
    return TRUE;

  last = top (self->undo);
  if (last != NULL && last->kind == STEP_PARAM && last->param == index
      && now - last->time < PARAM_MERGE_USEC && self->redo->len == 0
      && last->id != self->saved_state)
    {
      last->after = value;
      last->time = now;
      self->serial++;
    }
  else
    {
      Step *step;

      nl_net_param_name (nl_network_model_get_net (self->network), index, name, sizeof name);
      /* Translators: what an edit did, as the Undo menu item shows it ("Undo
       * Edit w1"); %s is a weight's or a bias's name. */
      step = step_new (self, STEP_PARAM, NULL);
      step->label = g_strdup_printf (_("Edit %s"), name);
      step->param = index;
      step->before = params[index];
      step->after = value;
      step->time = now;
      push_step (self, step);
    }

  self->applying++;
  nl_network_model_set_param (self->network, index, value);
  self->applying--;
  _nl_document_update_state (self);
  return TRUE;
}

void
_nl_document_stop_run (NlDocument *self)
{
  if (nl_trainer_get_running (self->trainer))
    nl_trainer_stop (self->trainer);
}

void
nl_document_reset (NlDocument *self)
{
  Step *step;

  g_return_if_fail (NL_IS_DOCUMENT (self));

  _nl_document_stop_run (self);
  /* Translators: what Reset did, as the Undo menu item shows it ("Undo Reset"). */
  step = step_new (self, STEP_NETWORK, _("Reset"));
  net_state_capture (self, &step->net[0]);
  self->applying++;
  nl_trainer_reset (self->trainer);
  self->applying--;
  net_state_capture (self, &step->net[1]);
  set_table_changed (self, FALSE);
  push_step (self, step);
}

/* Whether the table's first row is the tutorial's Alice, in the tutorial's
 * columns and normalisation: what the worked example's figures need. */
static gboolean
table_has_worked_example (NlDocument *self)
{
  const NlDataset *ds = nl_dataset_model_get_dataset (self->dataset);
  NlDataset *tutorial = nl_dataset_new_tutorial ();
  gboolean same;

  if (tutorial == NULL)
    g_error ("Out of memory while checking the table");
  same = ds->n_rows > 0 && ds->n_columns == tutorial->n_columns
         && ds->label_column == tutorial->label_column;
  for (size_t c = 0; same && c < ds->n_columns; c++)
    {
      const NlColumn *a = &ds->columns[c], *b = &tutorial->columns[c];

      same = g_strcmp0 (a->name, b->name) == 0 && a->kind == b->kind && a->is_input == b->is_input
             && a->shift == b->shift && a->scale == b->scale && a->n_classes == b->n_classes
             && g_strcmp0 (nl_dataset_cell (ds, 0, c)->text, nl_dataset_cell (tutorial, 0, c)->text) == 0;
    }
  for (size_t c = 0; same && c < ds->n_columns; c++)
    for (size_t k = 0; same && k < ds->columns[c].n_classes; k++)
      same = g_strcmp0 (ds->columns[c].classes[k], tutorial->columns[c].classes[k]) == 0;
  nl_dataset_free (tutorial);
  return same;
}

gboolean
nl_document_worked_example (NlDocument  *self,
                            char       **replaced,
                            GError     **error)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *params = NULL;
  const NlNet *net;
  Step *step;
  gboolean trained;

  g_return_val_if_fail (NL_IS_DOCUMENT (self), FALSE);

  if (replaced != NULL)
    *replaced = NULL;
  _nl_document_stop_run (self);
  step = step_new (self, STEP_WORK, _("Worked Example"));
  if (!nl_project_io_capture (self->dataset, self->network, self->trainer, &step->work[0]))
    {
      step_free (step);
      g_set_error_literal (error, NL_MODEL_ERROR, NL_MODEL_ERROR_INVALID,
                           _("Not enough memory to keep the work for undo"));
      return FALSE;
    }

  self->applying++;
  if (!table_has_worked_example (self))
    {
      guint n_rows = nl_dataset_model_get_n_rows (self->dataset);
      NlDataset *tutorial = nl_dataset_new_tutorial ();

      if (tutorial == NULL)
        g_error ("Out of memory while making the tutorial's table");
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "your table (%u row)",
                                                            "your table (%u rows)", n_rows),
                                               n_rows));
      /* The network follows the new inputs (columns_changed_cb). */
      nl_dataset_model_set_dataset (self->dataset, tutorial);
    }
  if (g_strcmp0 (nl_network_model_get_hidden (self->network), "2") != 0
      || nl_network_model_get_hidden_activation (self->network, 0) != NL_ACTIVATION_SIGMOID
      || nl_network_model_get_output_activation (self->network) != NL_ACTIVATION_SIGMOID)
    {
      g_auto (GStrv) layers = g_strsplit (nl_network_model_get_hidden (self->network), ",", -1);
      g_autofree char *hidden = g_strjoinv (", ", layers);

      /* Translators: part of "The worked example replaced ...": the hidden
       * layers that were set, like "4, 3" or "2 tanh". */
      g_ptr_array_add (parts, g_strdup_printf (_("the hidden layers (%s)"),
                                               hidden[0] != '\0' ? hidden : "0"));
      nl_network_model_set_hidden (self->network, "2", NULL);
      nl_network_model_set_activation (self->network, NL_ACTIVATION_SIGMOID);
      nl_network_model_set_output_activation (self->network, NL_ACTIVATION_SIGMOID);
    }
  if (nl_trainer_get_loss_function (self->trainer) != NL_LOSS_MSE)
    {
      g_ptr_array_add (parts, g_strdup (_("the loss (cross-entropy)")));
      nl_trainer_set_loss_function (self->trainer, NL_LOSS_MSE);
    }
  trained = nl_trainer_get_trained (self->trainer);
  nl_trainer_reset (self->trainer);
  if (trained)
    g_ptr_array_add (parts, g_strdup (_("the trained weights and the loss history")));

  net = nl_network_model_get_net (self->network);
  params = g_new (double, net->n_params);
  for (size_t i = 0; i < net->n_params; i++)
    params[i] = i < net->n_weights ? 1.0 : 0.0;
  nl_network_model_set_params (self->network, params, (guint) net->n_params);
  self->applying--;

  if (!nl_project_io_capture (self->dataset, self->network, self->trainer, &step->work[1]))
    g_error ("Out of memory while keeping the work for undo");
  set_table_changed (self, FALSE);
  push_step (self, step);
  _nl_document_emit_replaced (self);

  if (replaced != NULL && parts->len > 0)
    {
      g_autoptr (GString) list = g_string_new (g_ptr_array_index (parts, 0));

      for (guint i = 1; i < parts->len; i++)
        /* Translators: joins the parts of a list: "your table (3 rows), the
         * hidden layers (4, 3)". */
        g_string_append_printf (list, i + 1 < parts->len ? _(", %s") : _(" and %s"),
                                (const char *) g_ptr_array_index (parts, i));
      /* Translators: %s lists what the Worked Example replaced. */
      *replaced = g_strdup_printf (_("The worked example replaced %s. Undo (Ctrl+Z) brings back what was there."),
                                   list->str);
    }
  return TRUE;
}

