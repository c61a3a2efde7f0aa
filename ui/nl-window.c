/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-window.c: the main window. It owns the three models (the table, the
 * network and the trainer), lays out the views on them, and turns the
 * person's actions into calls on the models. It holds no network math.
 * The panels are widgets of their own, given the models: the training
 * settings (nl-training-settings.c), the Decision Boundary page
 * (nl-boundary-page.c), the parameter editor (nl-param-editor.c), the
 * confusion matrices (nl-confusion-view.c) and the notification toast
 * (nl-toast.c). Opening, saving and the recent files are
 * in nl-window-files.c. */
#include "config.h"

#include "nl-window-private.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "nl-example-dialog.h"
#include "nl-row.h"
#include "nl-trainer-status.h"

G_DEFINE_FINAL_TYPE (NlWindow, nl_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Notification */

/* Says @message in the toast at the bottom of the window, in place of what
 * it said; it goes by itself. */
void
_nl_window_show_notification (NlWindow   *self,
                              const char *message)
{
  nl_toast_show (self->toast, message);
}

void
_nl_window_notification_dismiss_cb (NlWindow *self)
{
  nl_toast_dismiss (self->toast);
}

/* A panel's "message": an error rings the bell; a NULL @text withdraws what
 * the panel said last. */
static void
panel_message_cb (NlWindow   *self,
                  const char *text,
                  gboolean    is_error,
                  GtkWidget  *panel)
{
  if (text == NULL)
    {
      _nl_window_notification_dismiss_cb (self);
      return;
    }
  if (is_error)
    gtk_widget_error_bell (GTK_WIDGET (self));
  _nl_window_show_notification (self, text);
}

void
nl_window_show_notification (NlWindow   *self,
                             const char *message)
{
  g_return_if_fail (NL_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  _nl_window_show_notification (self, message);
}

void
nl_window_add_banner (NlWindow  *self,
                      GtkWidget *banner)
{
  g_return_if_fail (NL_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (banner));

  gtk_box_append (self->banner_box, banner);
}

void
nl_window_remove_banner (NlWindow  *self,
                         GtkWidget *banner)
{
  g_return_if_fail (NL_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (banner));

  if (gtk_widget_get_parent (banner) == GTK_WIDGET (self->banner_box))
    gtk_box_remove (self->banner_box, banner);
}

const char *
nl_window_get_notification (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);

  return nl_toast_get_text (self->toast);
}

/* Status */

void
_nl_window_update_status (NlWindow *self)
{
  guint64 epoch = nl_trainer_get_epoch (self->trainer);
  g_autofree char *text = nl_trainer_dup_status_text (self->trainer);

  /* Figures of a table that has changed since are said to be. */
  if (epoch > 0 && nl_document_get_table_changed (self->document))
    {
      char *before;

      /* Translators: appended to the status line when the table was edited
       * after these figures were measured. */
      before = g_strdup_printf (_("%s · before the table changed"), text);
      g_free (text);
      text = before;
    }
  gtk_label_set_text (self->status_label, text);

  /* A save that shows its progress has the bar until it is done. A run
   * until stopped has no end to show: the bar pulses as it trains. */
  if (nl_trainer_get_running (self->trainer) && !self->save_progress_shown)
    {
      if (nl_trainer_get_until_stopped (self->trainer))
        gtk_progress_bar_pulse (self->progress_bar);
      else if (self->run_epochs > 0)
        {
          double done = (double) (epoch - self->run_first_epoch) / self->run_epochs;

          gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (done, 0.0, 1.0));
        }
    }
}

void
_nl_window_update_plot (NlWindow *self)
{
  nl_loss_plot_set_history (self->loss_plot, nl_trainer_get_history (self->trainer));
  nl_loss_plot_set_test_history (self->loss_plot, nl_trainer_get_test_history (self->trainer));
}

static void
update_network_view (NlWindow *self)
{
  nl_network_view_set_network (self->network_view, nl_network_model_get_net (self->network));
  /* The network's column scrolls rather than squeeze a wide layer (the
   * confusion matrices of several classes take height). */
  gtk_widget_set_size_request (GTK_WIDGET (self->network_view), -1,
                               nl_network_view_get_readable_height (self->network_view));
  nl_boundary_page_update_network (self->boundary_page);
  nl_prediction_plot_set_network (self->prediction_plot, nl_network_model_get_net (self->network));
}

/* A regression's Predictions page, on the rows a run splits as the
 * trainer's settings say; other tasks have none. */
static void
update_predictions (NlWindow *self)
{
  NlTask task;

  nl_dataset_model_get_task (self->dataset, &task);
  gtk_stack_page_set_visible (gtk_stack_get_page (self->views_stack, GTK_WIDGET (self->prediction_plot)),
                              task.kind == NL_TASK_REGRESSION);
  nl_prediction_plot_update_rows (self->prediction_plot, self->dataset,
                                  nl_trainer_get_test_percent (self->trainer),
                                  nl_trainer_get_split_seed (self->trainer));
}

/* What the outputs stand for, in the diagram and the inspector: the label's
 * classes, or the target; a binary output (the probability of one class)
 * keeps its tutorial name alone. */
static void
update_task_names (NlWindow *self)
{
  NlTask task;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) names = NULL;
  int label = nl_dataset_model_get_label_column (self->dataset);
  double shift = 0, scale;

  nl_dataset_model_get_task (self->dataset, &task);
  scale = nl_dataset_model_get_target_scale (self->dataset, &shift);
  if (task.kind == NL_TASK_MULTICLASS)
    for (guint k = 0; k < task.n_classes; k++)
      {
        const char *name = nl_dataset_model_get_class_name (self->dataset, k);

        g_strv_builder_add (builder, name != NULL ? name : "");
      }
  else if (task.kind == NL_TASK_REGRESSION && label >= 0)
    g_strv_builder_add (builder, nl_dataset_model_get_column_name (self->dataset, (guint) label));
  names = g_strv_builder_end (builder);
  nl_network_view_set_output_names (self->network_view,
                                    task.kind == NL_TASK_BINARY ? NULL : (const char * const *) names);
  nl_param_editor_set_output_names (self->param_editor,
                                    task.kind == NL_TASK_BINARY ? NULL : (const char * const *) names);
  nl_inspector_set_task (self->inspector, &task, (const char * const *) names, shift, scale);
}

static void
update_input_names (NlWindow *self)
{
  guint n = nl_dataset_model_get_n_inputs (self->dataset);
  g_autofree const char **names = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    names[i] = nl_dataset_model_get_input_name (self->dataset, i);
  nl_network_view_set_input_names (self->network_view, names);
  update_task_names (self);
}

static void update_sample (NlWindow *self);

/* A gradient is of one sample: choosing a parameter with no usable row
 * selected selects the first usable one, as the worked example takes Alice. */
static void
ensure_sample_row (NlWindow *self)
{
  GListModel *rows = G_LIST_MODEL (self->dataset);
  g_autoptr (NlRow) selected = NULL;

  if (self->selected_row >= 0)
    selected = g_list_model_get_item (rows, (guint) self->selected_row);
  if (selected != NULL && nl_row_get_usable (selected))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (NlRow) row = g_list_model_get_item (rows, i);

      if (nl_row_get_usable (row))
        {
          nl_dataset_view_set_selected_row (self->dataset_view, i);
          self->selected_row = (gint) i;
          update_sample (self);
          return;
        }
    }
}

/* What the inspector calls table row @index: its first text cell ("Alice"),
 * else its number. */
static char *
row_name (NlWindow *self,
          NlRow    *row,
          guint     index)
{
  for (guint c = 0; c < nl_dataset_model_get_n_columns (self->dataset); c++)
    if (nl_dataset_model_get_column_kind (self->dataset, c) == NL_COLUMN_TEXT
        && *nl_row_get_text (row, c) != '\0')
      return g_strdup (nl_row_get_text (row, c));
  return g_strdup_printf (_("Row %d"), (int) index + 1);
}

/* The inspector's step as Step Sample takes it: the trainer's settings and
 * optimizer memory, and for a mini-batch the usable rows after the
 * selected one in table order, going round to the first. */
static void
update_step (NlWindow *self,
             guint     n_inputs,
             int       label_column)
{
  GListModel *rows = G_LIST_MODEL (self->dataset);
  guint n_rows = g_list_model_get_n_items (rows);
  guint batch = nl_trainer_get_batch_size (self->trainer);
  gsize n_params = nl_network_model_get_n_params (self->network);
  g_autofree double *first = NULL;
  g_autofree double *second = NULL;
  g_autoptr (GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) names_strv = NULL;
  NlTrainOptions options;
  guint64 steps = 0;
  gboolean have_state = FALSE;

  nl_trainer_get_options (self->trainer, &options);
  first = g_new0 (double, MAX (n_params, 1));
  second = g_new0 (double, MAX (n_params, 1));
  for (gsize i = 0; i < n_params; i++)
    have_state |= nl_trainer_get_optimizer_state (self->trainer, i, &steps, &first[i], &second[i]);
  nl_inspector_set_optimizer (self->inspector, &options, have_state ? steps : 0,
                              have_state ? first : NULL, have_state ? second : NULL, n_params);

  /* The rows are gathered only for a parameter on show. */
  if (batch > 1 && nl_inspector_get_param (self->inspector) >= 0 && self->selected_row >= 0)
    for (guint k = 1; k < n_rows && y->len + 1 < batch; k++)
      {
        guint index = ((guint) self->selected_row + k) % n_rows;
        g_autoptr (NlRow) row = g_list_model_get_item (rows, index);
        double value;

        if (!nl_row_get_usable (row))
          continue;
        for (guint i = 0; i < n_inputs; i++)
          {
            value = nl_row_get_normalized (row, i);
            g_array_append_val (x, value);
          }
        value = nl_row_get_value (row, (guint) label_column);
        g_array_append_val (y, value);
        /* The page lists the first few. */
        if (y->len < 8)
          {
            g_autofree char *name = row_name (self, row, index);

            g_strv_builder_add (names, name);
          }
      }
  names_strv = g_strv_builder_end (names);
  nl_inspector_set_batch (self->inspector, y->len, (const double *) x->data,
                          (const double *) y->data, (const char * const *) names_strv);
}

/* The selected row as the network sees it: its activations in the diagram
 * and its gradients in the inspector. */
static void
update_sample (NlWindow *self)
{
  guint n_inputs;
  int label_column;
  g_autoptr (NlRow) row = NULL;
  g_autofree double *x = NULL;
  g_autofree char *name = NULL;

  /* Views may still speak while the window is taken apart. */
  if (self->dataset == NULL)
    return;
  update_task_names (self);
  n_inputs = nl_dataset_model_get_n_inputs (self->dataset);
  label_column = nl_dataset_model_get_label_column (self->dataset);
  if (self->selected_row >= 0)
    row = g_list_model_get_item (G_LIST_MODEL (self->dataset), self->selected_row);
  if (row == NULL || !nl_row_get_usable (row) || label_column < 0
      || nl_network_model_get_n_inputs (self->network) != n_inputs)
    {
      nl_network_view_set_sample (self->network_view, NULL);
      nl_inspector_set_state (self->inspector, NULL, NULL, 0.0, NULL,
                              nl_trainer_get_loss_function (self->trainer),
                              nl_trainer_get_learning_rate (self->trainer));
      return;
    }

  x = g_new (double, n_inputs);
  for (guint i = 0; i < n_inputs; i++)
    x[i] = nl_row_get_normalized (row, i);
  nl_network_view_set_sample (self->network_view, x);

  name = row_name (self, row, (guint) self->selected_row);
  nl_inspector_set_state (self->inspector, nl_network_model_get_net (self->network), x,
                          nl_row_get_value (row, (guint) label_column), name,
                          nl_trainer_get_loss_function (self->trainer),
                          nl_trainer_get_learning_rate (self->trainer));
  update_step (self, n_inputs, label_column);
}

/* Actions follow the models: Train needs a trainable table, Step and
 * Reset need no run in progress. */
void
_nl_window_update_actions (NlWindow *self)
{
  gboolean running = nl_trainer_get_running (self->trainer);
  gboolean trainable = nl_dataset_model_get_trainable (self->dataset);
  const char *reason = nl_dataset_model_get_trainable_reason (self->dataset);

  /* While a large table loads, the one shown is on its way out. */
  gboolean loading = nl_document_get_loading (self->document);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.train", !loading && (running || trainable));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step", !loading && !running && trainable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step-sample",
                                 !loading && !running && trainable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-recent", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", !loading);

  gtk_button_set_label (self->train_button, running ? _("Stop") : _("Train"));
  if (running)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->train_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->train_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->train_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->train_button), "suggested-action");
    }

  /* The settings and the parameter editor follow "running" themselves. */

  if (!trainable && reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot train: %s"), reason);

      gtk_label_set_text (self->trainable_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->trainable_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->trainable_label), FALSE);
}

/* Model signals */

/* While training at Fastest, the diagram follows the weights ten times a
 * second: often enough to watch them move, rarely enough that drawing a
 * large network does not take the worker's core or the frame clock's time.
 * A paced run is there to be watched, and posts at most about 60 times a
 * second: the diagram, the boundary and the inspector follow every post, for
 * networks up to PACED_DIAGRAM_MAX_PARAMS parameters (a 2-16-16-1 has 337
 * and its diagram draws in about half a millisecond; six hidden layers of 32
 * take some 8 ms, bench/bench-diagram), larger ones ten times a second. */
#define DIAGRAM_INTERVAL_USEC (G_USEC_PER_SEC / 10)
#define PACED_DIAGRAM_MAX_PARAMS 1000

void
_nl_window_refresh_diagram (NlWindow *self)
{
  g_clear_handle_id (&self->diagram_update_id, g_source_remove);
  self->diagram_updated_at = g_get_monotonic_time ();
  update_network_view (self);
  update_sample (self);
}

static gboolean
diagram_update_cb (gpointer user_data)
{
  NlWindow *self = user_data;

  self->diagram_update_id = 0;
  _nl_window_refresh_diagram (self);
  return G_SOURCE_REMOVE;
}


static void
trainer_progress_cb (NlWindow *self)
{
  _nl_window_update_status (self);
  _nl_window_update_plot (self);
}

static void
trainer_running_cb (NlWindow *self)
{
  _nl_window_update_actions (self);
  /* The end of a run always shows the weights it reached. */
  if (!nl_trainer_get_running (self->trainer))
    _nl_window_refresh_diagram (self);
  if (!nl_trainer_get_running (self->trainer) && !self->save_progress_shown)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   nl_trainer_get_epoch (self->trainer) > 0 ? 1.0 : 0.0);
}

static void
trainer_data_changed_cb (NlWindow *self)
{
  if (nl_trainer_get_data_changed_during_run (self->trainer))
    _nl_window_show_notification (self, _("The table changed during training. This run goes on with the "
                                          "table as it was when it started; train again to use the changes."));
}

static void
params_changed_cb (NlWindow *self)
{
  gint64 due = self->diagram_updated_at + DIAGRAM_INTERVAL_USEC;
  gint64 now = g_get_monotonic_time ();
  gboolean watched = nl_trainer_get_pace (self->trainer) > 0
                     && nl_network_model_get_n_params (self->network) <= PACED_DIAGRAM_MAX_PARAMS;

  if (!nl_trainer_get_running (self->trainer) || watched || now >= due)
    _nl_window_refresh_diagram (self);
  else if (self->diagram_update_id == 0)
    self->diagram_update_id = g_timeout_add ((guint) ((due - now) / 1000) + 1,
                                             diagram_update_cb, self);
}

/* The runs table opens to the left of its button, over the table's column,
 * so the plot whose curves it shows and hides stays in view; where that
 * column is too narrow for it (a small screen), below, over the plot. */
static void
runs_popover_show_cb (GtkWidget *popover,
                      NlWindow  *self)
{
  graphene_rect_t bounds;
  int width = 0;

  gtk_widget_measure (GTK_WIDGET (self->runs_view), GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &width, NULL, NULL);
  if (gtk_widget_compute_bounds (GTK_WIDGET (self->runs_button), GTK_WIDGET (self), &bounds))
    gtk_popover_set_position (GTK_POPOVER (popover),
                              bounds.origin.x >= width + 48 ? GTK_POS_LEFT : GTK_POS_BOTTOM);
}

static void
dataset_changed_cb (NlWindow *self)
{
  update_sample (self);
  nl_boundary_page_update_points (self->boundary_page);
  update_predictions (self);
}

/* A new table (a CSV file): the network follows its number of inputs. */
static void
columns_changed_cb (NlWindow *self)
{
  /* The document resizes the network to the inputs. */
  self->selected_row = -1;
  self->last_sample_row = -1;
  self->sample_selected_row = -1;
  nl_dataset_view_set_current_sample (self->dataset_view, -1);
  update_input_names (self);
  update_network_view (self);
  nl_boundary_page_update_inputs (self->boundary_page);
  update_sample (self);
  _nl_window_update_plot (self);
  _nl_window_update_status (self);
  _nl_window_update_actions (self);
}

static void
row_selected_cb (NlWindow *self,
                 gint      row)
{
  self->selected_row = row;
  update_sample (self);
}

/* The inspector's sample shows the gradient of the step the trainer would
 * take: its learning rate and its loss. */
static void
trainer_settings_changed_cb (NlWindow *self)
{
  update_sample (self);
}

static void
log_scale_toggled_cb (NlWindow *self)
{
  nl_loss_plot_set_log_scale (self->loss_plot, gtk_check_button_get_active (self->log_scale_check));
}

/* Actions */

static void
train_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr (NlWindow) self = g_weak_ref_get (weak);
  g_autoptr (GError) error = NULL;
  gboolean ok = nl_trainer_train_finish (NL_TRAINER (source), result, &error);

  g_weak_ref_clear (weak);
  g_free (weak);

  /* A window closed meanwhile has nothing left to show. */
  if (self == NULL)
    return;
  if (!ok
      && !self->closing
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      _nl_window_show_notification (self, error->message);
    }
  if (self->closing)
    return;
  /* A stop condition ended the run: say which. */
  if (ok && nl_trainer_get_stop_reason (NL_TRAINER (source)) != NULL)
    _nl_window_show_notification (self, nl_trainer_get_stop_reason (NL_TRAINER (source)));
  _nl_window_update_status (self);
  _nl_window_update_plot (self);
  _nl_window_update_actions (self);
}

static void
train_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  GWeakRef *weak;

  if (nl_trainer_get_running (self->trainer))
    {
      nl_dataset_view_commit_edit (self->dataset_view);
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
      return;
    }

  if (!_nl_window_commit_edits (self))
    return;

  _nl_window_notification_dismiss_cb (self);
  self->run_first_epoch = nl_trainer_get_epoch (self->trainer);
  self->run_epochs = nl_trainer_get_epochs (self->trainer);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  /* The run holds the window weakly, so closing the window disposes it, and
   * disposing it stops the run. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  nl_trainer_train_async (self->trainer, self->run_cancellable, train_done_cb, weak);
  _nl_window_update_actions (self);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!_nl_window_commit_edits (self))
    return;
  if (!nl_trainer_step (self->trainer, &error))
    {
      gtk_widget_error_bell (widget);
      _nl_window_show_notification (self, error->message);
    }
  _nl_window_update_status (self);
  _nl_window_update_plot (self);
}

/* The row Step Sample uses: the selected one, unless Step Sample selected it
 * itself; else the next usable row after the last one it stepped, in table
 * order, from the top again after the end. -1 when there is none. */
static gint
next_sample_row (NlWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->dataset));

  if (self->selected_row >= 0 && self->selected_row != self->sample_selected_row)
    return self->selected_row;
  for (guint i = 1; i <= n; i++)
    {
      guint row = (guint) (self->last_sample_row + (gint) i) % n;
      g_autoptr (NlRow) item = g_list_model_get_item (G_LIST_MODEL (self->dataset), row);

      if (item != NULL && nl_row_get_usable (item))
        return (gint) row;
    }
  return -1;
}

static void
step_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gint row;

  if (!_nl_window_commit_edits (self))
    return;
  /* A stale position (rows were removed) starts again from the top. */
  if (self->last_sample_row >= (gint) g_list_model_get_n_items (G_LIST_MODEL (self->dataset)))
    self->last_sample_row = -1;
  row = next_sample_row (self);
  if (row < 0 || !nl_trainer_step_sample (self->trainer, (guint) row, &error))
    {
      gtk_widget_error_bell (widget);
      _nl_window_show_notification (self, error != NULL ? error->message : _("No row is used for training"));
      return;
    }

  self->last_sample_row = row;
  nl_dataset_view_set_current_sample (self->dataset_view, row);
  if (self->selected_row == row && row != self->sample_selected_row)
    self->sample_selected_row = -1;  /* the person's own choice */
  else if (self->selected_row != row)
    {
      nl_dataset_view_set_selected_row (self->dataset_view, row);
      self->selected_row = row;
      self->sample_selected_row = row;
      update_sample (self);
    }
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  /* A seed typed and not yet entered counts. */
  if (!_nl_window_commit_edits (self))
    return;
  nl_document_reset (self->document);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  _nl_window_update_status (self);
  _nl_window_update_plot (self);
}

static void
add_row_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  /* The table shows the new row and edits it. */
  gtk_widget_activate_action (GTK_WIDGET (self->dataset_view), "dataset.add-row", NULL);
}

/* The title */

/* The folder of the project, with the home folder as "~", as GNOME apps
 * show it under the title. */
static char *
dup_folder_name (NlWindow *self)
{
  GFile *file = nl_document_get_file (self->document);
  g_autoptr (GFile) parent = NULL;
  g_autoptr (GFile) home = NULL;
  g_autofree char *relative = NULL;

  if (file == NULL || (parent = g_file_get_parent (file)) == NULL)
    return NULL;
  home = g_file_new_for_path (g_get_home_dir ());
  if (g_file_equal (parent, home))
    return g_strdup ("~");
  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    return g_build_filename ("~", relative, NULL);
  return g_file_get_parse_name (parent);
}

/* The header bar shows the name (with a dot while there are unsaved
 * changes) over its folder; the window's own title says the same for the
 * window list and screen readers. */
void
_nl_window_update_title (NlWindow *self)
{
  const char *name = nl_document_get_title (self->document);
  g_autofree char *folder = dup_folder_name (self);
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;

  /* Translators: the window title while there are unsaved changes; %s is the project's name. */
  label = nl_document_get_modified (self->document) ? g_strdup_printf (_("• %s"), name) : g_strdup (name);
  /* Translators: the window title, e.g. "• people.neuronlab — NeuronLab". */
  title = g_strdup_printf (_("%s — NeuronLab"), label);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  gtk_label_set_text (self->subtitle_label, folder != NULL ? folder : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), folder != NULL);
}

gboolean
nl_window_get_modified (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  return nl_document_get_modified (self->document);
}

GFile *
nl_window_get_file (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return nl_document_get_file (self->document);
}

NlDocument *
nl_window_get_document (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return self->document;
}

GtkWidget *
nl_window_get_close_dialog (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return self->close_dialog;
}

/* Saved settings */

#define SETTINGS_SCHEMA_ID "org.example.NeuronLab"

/* The settings, when the schema is installed or GSETTINGS_SCHEMA_DIR points
 * at a build tree's (build-aux/run, the tests); else NULL, and the window
 * runs on its defaults rather than abort as g_settings_new() would. */
static GSettings *
settings_new_if_available (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* Restores the window's size and the last training settings, and keeps them
 * saved as they change. */
static void
bind_settings (NlWindow *self)
{
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY
                             | G_SETTINGS_BIND_GET_NO_CHANGES;

  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
  nl_training_settings_bind_settings (self->training_settings, self->settings);
  g_settings_bind (self->settings, "speed", self->speed_control, "pace", flags);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  nl_dataset_view_export_csv (self->dataset_view, GTK_WINDOW (self));
}

/* Export Plot in the main menu: the drawing of the page on show, the loss
 * plot or the decision boundary, through the drawing's own Export action
 * (parameter "png", "svg" or "pdf"). */
static void
export_plot_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "boundary") == 0)
    gtk_widget_activate_action_variant (GTK_WIDGET (nl_boundary_page_get_view (self->boundary_page)),
                                        "boundary.export", parameter);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "predictions") == 0)
    gtk_widget_activate_action_variant (GTK_WIDGET (self->prediction_plot),
                                        "predictions.export", parameter);
  else
    gtk_widget_activate_action_variant (GTK_WIDGET (self->loss_plot), "plot.export", parameter);
}

static void
export_diagram_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->network_view), "diagram.export", parameter);
}

/* The parameter chosen, in the editor or by a click in the diagram, is the
 * one the inspector explains, for a usable row. */
static void
param_chosen_cb (NlWindow *self)
{
  gssize param = nl_param_editor_get_param (self->param_editor);

  nl_inspector_set_param (self->inspector, param);
  if (param >= 0)
    {
      ensure_sample_row (self);
      /* A mini-batch's rows are gathered only for a parameter on show. */
      if (nl_trainer_get_batch_size (self->trainer) > 1)
        update_sample (self);
    }
}

/* A click on an edge or a neuron: the inspector explains that parameter, and
 * a popover beside it edits it by hand (typed, or with the arrows, the wheel
 * or the arrow keys), except during a run. */
static void
parameter_activated_cb (NlWindow *self,
                        guint     param)
{
  nl_param_editor_set_param (self->param_editor, (gssize) param);
  param_chosen_cb (self);
  /* A neuron clicked while the map is on show keeps the map, now of that
   * neuron; the inspector explains its bias all the same. */
  if (!nl_boundary_page_choose_param (self->boundary_page, param)
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "boundary") != 0)
    gtk_stack_set_visible_child_name (self->views_stack, "backprop");
  nl_param_editor_popup (self->param_editor, param);
}

/* The tutorial's worked example: a 2-2-1 network whose weights are all 1
 * and biases 0, Alice's row, and the gradient of w1. The document sets it
 * up, replacing what it must, as one step of undo. */
static void
worked_example_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *replaced = NULL;

  _nl_window_commit_edits (self);
  if (nl_trainer_get_running (self->trainer))
    g_cancellable_cancel (self->run_cancellable);
  if (!nl_document_worked_example (self->document, &replaced, &error))
    {
      gtk_widget_error_bell (widget);
      _nl_window_show_notification (self, error->message);
      return;
    }

  nl_dataset_view_set_selected_row (self->dataset_view, 0);
  self->selected_row = 0;
  update_sample (self);
  nl_param_editor_set_param (self->param_editor, 0);
  param_chosen_cb (self);
  gtk_stack_set_visible_child_name (self->views_stack, "backprop");
  _nl_window_update_status (self);
  _nl_window_update_plot (self);
  if (replaced != NULL)
    _nl_window_show_notification (self, replaced);
}

/* Undo and Redo */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  if (_nl_window_commit_edits (self))
    nl_document_undo (self->document);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  if (_nl_window_commit_edits (self))
    nl_document_redo (self->document);
}

/* The primary menu's Undo and Redo say what they would do ("Undo Edit
 * Height (in)"); the items are replaced when that changes. */
static void
update_undo_items (NlWindow *self)
{
  const char *undo = nl_document_get_undo_label (self->document);
  const char *redo = nl_document_get_redo_label (self->document);
  /* Translators: the Undo menu item with what it undoes, "Undo Edit Height (in)". */
  g_autofree char *undo_label = undo != NULL ? g_strdup_printf (_("_Undo %s"), undo) : g_strdup (_("_Undo"));
  /* Translators: the Redo menu item with what it makes again, "Redo Add Row". */
  g_autofree char *redo_label = redo != NULL ? g_strdup_printf (_("_Redo %s"), redo) : g_strdup (_("_Redo"));
  g_autoptr (GMenuItem) undo_item = g_menu_item_new (undo_label, "win.undo");
  g_autoptr (GMenuItem) redo_item = g_menu_item_new (redo_label, "win.redo");

  /* The keys are the window's own bindings: the menu shows them itself. */
  g_menu_item_set_attribute (undo_item, "accel", "s", "<Control>z");
  g_menu_item_set_attribute (redo_item, "accel", "s", "<Control><Shift>z");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", nl_document_get_can_undo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", nl_document_get_can_redo (self->document));
  while (g_menu_model_get_n_items (G_MENU_MODEL (self->undo_section)) > 0)
    g_menu_remove (self->undo_section, 0);
  g_menu_append_item (self->undo_section, undo_item);
  g_menu_append_item (self->undo_section, redo_item);
}

/* New windows */

/* File > New: an empty table with this one's columns, in a window of its
 * own, as GNOME apps open new work; nothing here is replaced. */
static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autoptr (NlDocument) document = nl_document_new_with_columns_of (self->document);
  NlWindow *window = nl_window_new_with_document (gtk_window_get_application (GTK_WINDOW (self)),
                                                  document);

  gtk_window_present (GTK_WINDOW (window));
}

/* File > New from Example: a data set to start from, chosen in a small
 * dialog, in a window of its own. */
static void
new_from_example_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (nl_example_dialog_new (GTK_WINDOW (widget))));
}

/* Commits what is being typed before an action reads the work. */
gboolean
_nl_window_commit_edits (NlWindow *self)
{
  if (self->closing)
    return FALSE;
  nl_dataset_view_commit_edit (self->dataset_view);
  return nl_training_settings_commit (self->training_settings);
}

/* Life cycle */

NlDatasetModel *
nl_window_get_dataset (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return self->dataset;
}

NlNetworkModel *
nl_window_get_network (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return self->network;
}

NlTrainer *
nl_window_get_trainer (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return self->trainer;
}

static gboolean
nl_window_close_request (GtkWindow *window)
{
  NlWindow *self = NL_WINDOW (window);

  _nl_window_commit_edits (self);

  /* A save being written finishes first: closing would stop it, and what
   * it writes may be the only copy of the work. The window closes when it
   * is done, or asks about the changes if it failed. */
  if (nl_document_get_saving (self->document))
    {
      self->close_after_save = TRUE;
      return TRUE;
    }

  /* Unsaved work is not thrown away without asking. */
  if (nl_document_get_modified (self->document) && !self->close_confirmed)
    {
      _nl_window_ask_to_save (self, PENDING_CLOSE, NULL);
      return TRUE;
    }

  /* A run or a load in progress is cancelled; its result is dropped. */
  self->closing = TRUE;
  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  nl_trainer_stop (self->trainer);

  return GTK_WINDOW_CLASS (nl_window_parent_class)->close_request (window);
}

static void
nl_window_dispose (GObject *object)
{
  NlWindow *self = NL_WINDOW (object);

  self->closing = TRUE;
  g_cancellable_cancel (self->load_cancellable);
  _nl_window_cancel_saves (self);
  if (self->trainer != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
      g_signal_handlers_disconnect_by_data (self->trainer, self);
      g_signal_handlers_disconnect_by_data (self->network, self);
      g_signal_handlers_disconnect_by_data (self->dataset, self);
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
    }
  _nl_window_clear_file_chooser (self);
  if (self->close_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->close_dialog, self);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->close_dialog)));
    }
  _nl_window_cancel_pending (self);
  g_clear_handle_id (&self->diagram_update_id, g_source_remove);
  /* The parameter popover goes before the diagram it points into. */
  if (self->param_editor != NULL)
    nl_param_editor_set_diagram (self->param_editor, NULL);
  g_clear_object (&self->settings);
  g_clear_object (&self->run_cancellable);
  self->trainer = NULL;
  self->network = NULL;
  self->dataset = NULL;
  g_clear_object (&self->document);

  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_WINDOW);

  G_OBJECT_CLASS (nl_window_parent_class)->dispose (object);
}

/* The keyboard starts in the table, the work, rather than in the first
 * settings field, which would show its number selected. */
static void
nl_window_map (GtkWidget *widget)
{
  NlWindow *self = NL_WINDOW (widget);

  GTK_WIDGET_CLASS (nl_window_parent_class)->map (widget);
  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_child_focus (GTK_WIDGET (self->dataset_view), GTK_DIR_TAB_FORWARD);
}

static void
nl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  NlWindow *self = NL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  NlWindow *self = NL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_set_object (&self->document, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void nl_window_constructed (GObject *object);

static void
nl_window_class_init (NlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = nl_window_constructed;
  object_class->get_property = nl_window_get_property;
  object_class->set_property = nl_window_set_property;
  object_class->dispose = nl_window_dispose;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         NL_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = nl_window_map;
  window_class->close_request = nl_window_close_request;

  g_type_ensure (NL_TYPE_TOAST);
  g_type_ensure (NL_TYPE_TRAINING_SETTINGS);
  g_type_ensure (NL_TYPE_DATASET_VIEW);
  g_type_ensure (NL_TYPE_PREDICT_FORM);
  g_type_ensure (NL_TYPE_NETWORK_VIEW);
  g_type_ensure (NL_TYPE_LOSS_PLOT);
  g_type_ensure (NL_TYPE_BOUNDARY_PAGE);
  g_type_ensure (NL_TYPE_PREDICTION_PLOT);
  g_type_ensure (NL_TYPE_PARAM_EDITOR);
  g_type_ensure (NL_TYPE_INSPECTOR);
  g_type_ensure (NL_TYPE_CONFUSION_VIEW);
  g_type_ensure (NL_TYPE_SPEED_CONTROL);
  g_type_ensure (NL_TYPE_WEIGHT_HISTOGRAM);
  g_type_ensure (NL_TYPE_RUNS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/NeuronLab/nl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NlWindow, open_section);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, undo_section);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, train_button);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, toast);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, training_settings);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, dataset_view);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, trainable_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, predict_form);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, network_view);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, views_switcher);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, views_stack);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, log_scale_check);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, weight_histogram);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, runs_view);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, runs_button);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, boundary_page);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, prediction_plot);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, param_editor);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, speed_control);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, confusion_view);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-sample", NULL, step_sample_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.add-row", NULL, add_row_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.worked-example", NULL, worked_example_action);
  gtk_widget_class_install_action (widget_class, "win.export-python", NULL,
                                   _nl_window_export_script_action);
  gtk_widget_class_install_action (widget_class, "win.export-pytorch", NULL,
                                   _nl_window_export_script_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.new-from-example", NULL, new_from_example_action);
  /* Key bindings, not application accelerators: those come before the
   * focused widget, and Ctrl+Z in a text field undoes its own typing. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-plot", "s", export_plot_action);
  gtk_widget_class_install_action (widget_class, "win.export-diagram", "s", export_diagram_action);

  _nl_window_class_init_files (widget_class);
}

/* The page switcher's titles ("Decision Boundary") may shorten in a
 * narrow window rather than make it wider: GtkStackSwitcher shows each
 * title in its toggle button's label. */
static void
ellipsize_switcher (GtkWidget *switcher)
{
  for (GtkWidget *button = gtk_widget_get_first_child (switcher);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      GtkWidget *label = gtk_widget_get_first_child (button);

      if (GTK_IS_LABEL (label))
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
}

static void
nl_window_init (NlWindow *self)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_row = -1;
  self->last_sample_row = -1;
  self->sample_selected_row = -1;

  gtk_css_provider_load_from_resource (css, "/org/example/NeuronLab/style.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  ellipsize_switcher (GTK_WIDGET (self->views_switcher));

}

/* The rest of the setting up needs the document, a construct property. */
static void
nl_window_constructed (GObject *object)
{
  NlWindow *self = NL_WINDOW (object);

  G_OBJECT_CLASS (nl_window_parent_class)->constructed (object);

  if (self->document == NULL)
    self->document = nl_document_new ();
  self->dataset = nl_document_get_dataset (self->document);
  self->network = nl_document_get_network (self->document);
  self->trainer = nl_document_get_trainer (self->document);

  nl_dataset_view_set_model (self->dataset_view, self->dataset);
  /* The table rings the bell itself; its messages are never NULL. */
  g_signal_connect_swapped (self->dataset_view, "message",
                            G_CALLBACK (_nl_window_show_notification), self);
  nl_predict_form_set_models (self->predict_form, self->dataset, self->network);
  g_object_bind_property (self->trainer, "trained", self->predict_form, "trained",
                          G_BINDING_SYNC_CREATE);
  nl_confusion_view_set_models (self->confusion_view, self->dataset, self->trainer);
  nl_boundary_page_set_models (self->boundary_page, self->dataset, self->network);
  nl_boundary_page_set_diagram (self->boundary_page, self->network_view);
  nl_param_editor_set_document (self->param_editor, self->document);
  nl_param_editor_set_diagram (self->param_editor, self->network_view);
  g_signal_connect_swapped (self->param_editor, "notify::param", G_CALLBACK (param_chosen_cb), self);
  /* Before the saved settings are read: a saved hidden layer that no
   * longer parses says so. */
  g_signal_connect_swapped (self->training_settings, "message", G_CALLBACK (panel_message_cb), self);
  nl_training_settings_set_models (self->training_settings, self->network, self->trainer);
  nl_weight_histogram_set_models (self->weight_histogram, self->network, self->trainer);
  nl_runs_view_set_trainer (self->runs_view, self->trainer);
  g_signal_connect (gtk_menu_button_get_popover (self->runs_button), "show",
                    G_CALLBACK (runs_popover_show_cb), self);
  nl_loss_plot_set_runs (self->loss_plot, nl_trainer_get_runs (self->trainer));

  g_signal_connect_swapped (self->trainer, "progress", G_CALLBACK (trainer_progress_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::test-percent", G_CALLBACK (update_predictions), self);
  g_signal_connect_swapped (self->trainer, "notify::split-seed", G_CALLBACK (update_predictions), self);
  /* The pace reaches a run in progress too. */
  g_object_bind_property (self->speed_control, "pace", self->trainer, "pace", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->trainer, "notify::running", G_CALLBACK (trainer_running_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::data-changed-during-run",
                            G_CALLBACK (trainer_data_changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::learning-rate",
                            G_CALLBACK (trainer_settings_changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::loss-function",
                            G_CALLBACK (trainer_settings_changed_cb), self);
  /* How a step learns, for the Backpropagation page. */
  {
    static const char * const step_settings[] = {
      "notify::batch-size", "notify::optimizer", "notify::momentum", "notify::beta1",
      "notify::beta2", "notify::epsilon", "notify::l1", "notify::l2",
    };

    for (guint i = 0; i < G_N_ELEMENTS (step_settings); i++)
      g_signal_connect_swapped (self->trainer, step_settings[i],
                                G_CALLBACK (trainer_settings_changed_cb), self);
  }
  g_signal_connect_swapped (self->network, "params-changed", G_CALLBACK (params_changed_cb), self);
  g_signal_connect_swapped (self->dataset, "changed", G_CALLBACK (dataset_changed_cb), self);
  g_signal_connect_swapped (self->dataset, "columns-changed", G_CALLBACK (columns_changed_cb), self);
  g_signal_connect_swapped (self->dataset, "notify::trainable", G_CALLBACK (_nl_window_update_actions), self);
  g_signal_connect_swapped (self->dataset, "notify::trainable-reason",
                            G_CALLBACK (_nl_window_update_actions), self);

  g_signal_connect_swapped (self->log_scale_check, "toggled", G_CALLBACK (log_scale_toggled_cb), self);

  self->settings = settings_new_if_available ();
  if (self->settings != NULL)
    bind_settings (self);

  g_signal_connect_swapped (self->document, "notify::can-undo", G_CALLBACK (update_undo_items), self);
  g_signal_connect_swapped (self->document, "notify::can-redo", G_CALLBACK (update_undo_items), self);
  g_signal_connect_swapped (self->document, "notify::undo-label", G_CALLBACK (update_undo_items), self);
  g_signal_connect_swapped (self->document, "notify::redo-label", G_CALLBACK (update_undo_items), self);
  g_signal_connect_swapped (self->document, "notify::title", G_CALLBACK (_nl_window_update_title), self);
  /* While a table loads, the one on show is on its way out: no edits. */
  g_signal_connect_swapped (self->document, "notify::loading", G_CALLBACK (_nl_window_update_actions), self);
  g_object_bind_property (self->document, "loading", self->dataset_view, "sensitive",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_signal_connect_swapped (self->document, "notify::table-changed",
                            G_CALLBACK (_nl_window_update_status), self);
  g_object_bind_property (self->document, "table-changed", self->confusion_view, "stale",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->document, "notify::modified", G_CALLBACK (_nl_window_update_title), self);

  _nl_window_init_files (self);

  g_signal_connect_swapped (self->network_view, "parameter-activated",
                            G_CALLBACK (parameter_activated_cb), self);

  update_input_names (self);
  update_network_view (self);
  nl_boundary_page_update_inputs (self->boundary_page);
  update_predictions (self);
  update_sample (self);
  _nl_window_update_plot (self);
  _nl_window_update_status (self);
  _nl_window_update_actions (self);
  /* The person's last settings, applied above, are no change to the work. */
  nl_document_mark_unchanged (self->document);
  update_undo_items (self);
  _nl_window_update_title (self);
}

NlWindow *
nl_window_new (GtkApplication *application)
{
  return g_object_new (NL_TYPE_WINDOW, "application", application, NULL);
}

NlWindow *
nl_window_new_with_document (GtkApplication *application,
                             NlDocument     *document)
{
  g_return_val_if_fail (NL_IS_DOCUMENT (document), NULL);

  return g_object_new (NL_TYPE_WINDOW, "application", application, "document", document, NULL);
}
