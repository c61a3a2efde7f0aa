/* nl-window.c: the main window. It owns the three models (the table, the
 * network and the trainer), lays out the views on them, and turns the
 * person's actions into calls on the models. It holds no network math. */
#include "config.h"

#include "nl-window.h"

#include <math.h>

#include <glib/gi18n.h>

#include "nl-dataset-view.h"
#include "nl-loss-plot.h"
#include "nl-model-error.h"
#include "nl-network-view.h"
#include "nl-predict-form.h"
#include "nl-row.h"

struct _NlWindow
{
  GtkApplicationWindow parent_instance;

  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
  GCancellable   *run_cancellable;
  guint64         run_first_epoch;
  guint           run_epochs;
  gint            selected_row;
  gboolean        closing;
  gint64          diagram_updated_at;
  guint           diagram_update_id;
  /* NULL when the schema is neither installed nor in GSETTINGS_SCHEMA_DIR. */
  GSettings      *settings;

  /* Template children */
  GtkButton       *train_button;
  GtkRevealer     *notification_revealer;
  GtkLabel        *notification_label;
  NlDatasetView   *dataset_view;
  GtkLabel        *trainable_label;
  GtkGrid         *settings_grid;
  GtkLabel        *learning_rate_label;
  GtkSpinButton   *learning_rate_spin;
  GtkLabel        *epochs_label;
  GtkSpinButton   *epochs_spin;
  GtkLabel        *hidden_label;
  GtkEntry        *hidden_entry;
  GtkLabel        *activation_label;
  GtkDropDown     *activation_dropdown;
  GtkLabel        *loss_label;
  GtkDropDown     *loss_dropdown;
  GtkLabel        *seed_label;
  GtkSpinButton   *seed_spin;
  NlPredictForm   *predict_form;
  NlNetworkView   *network_view;
  GtkCheckButton  *log_scale_check;
  NlLossPlot      *loss_plot;
  GtkProgressBar  *progress_bar;
  GtkLabel        *status_label;
};

G_DEFINE_FINAL_TYPE (NlWindow, nl_window, GTK_TYPE_APPLICATION_WINDOW)

/* Notification */

static void
show_notification (NlWindow   *self,
                   const char *message)
{
  gtk_label_set_text (self->notification_label, message);
  gtk_revealer_set_reveal_child (self->notification_revealer, TRUE);
  /* Screen readers announce it the way they would an alert. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->notification_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
}

static void
notification_dismiss_cb (NlWindow *self)
{
  gtk_revealer_set_reveal_child (self->notification_revealer, FALSE);
}

const char *
nl_window_get_notification (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->notification_revealer))
    return NULL;
  return gtk_label_get_text (self->notification_label);
}

/* Status */

static char *
format_loss (double loss)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (loss))
    return g_strdup ("—");
  /* Small losses keep two significant digits instead of reading 0.0000. */
  if (loss != 0.0 && fabs (loss) < 0.0001)
    return g_strdup_printf ("%.2e", loss);
  g_snprintf (buf, sizeof buf, "%.4f", loss);
  return g_strdup (buf);
}

static void
update_status (NlWindow *self)
{
  guint64 epoch = nl_trainer_get_epoch (self->trainer);
  g_autofree char *loss = NULL;
  g_autofree char *text = NULL;
  guint n_history;

  nl_trainer_get_history (self->trainer, &n_history);
  if (epoch == 0)
    text = g_strdup (_("Not trained yet"));
  else
    {
      loss = format_loss (nl_trainer_get_loss (self->trainer));
      /* Translators: the status line, e.g. "Epoch 1000 · Loss 0.0021 · Accuracy 100%" */
      text = g_strdup_printf (_("Epoch %" G_GUINT64_FORMAT " · Loss %s · Accuracy %.0f%%"),
                              epoch, loss, 100.0 * nl_trainer_get_accuracy (self->trainer));
    }
  gtk_label_set_text (self->status_label, text);

  if (nl_trainer_get_running (self->trainer) && self->run_epochs > 0)
    {
      double done = (double) (epoch - self->run_first_epoch) / self->run_epochs;

      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (done, 0.0, 1.0));
    }
}

static void
update_plot (NlWindow *self)
{
  guint n;
  const double *history = nl_trainer_get_history (self->trainer, &n);

  nl_loss_plot_set_history (self->loss_plot, history, n);
}

static void
update_network_view (NlWindow *self)
{
  nl_network_view_set_network (self->network_view, nl_network_model_get_net (self->network));
}

static void
update_input_names (NlWindow *self)
{
  guint n = nl_dataset_model_get_n_inputs (self->dataset);
  g_autofree const char **names = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    names[i] = nl_dataset_model_get_input_name (self->dataset, i);
  nl_network_view_set_input_names (self->network_view, names);
}

/* The activations of the selected row, when it can be fed to the network. */
static void
update_sample (NlWindow *self)
{
  guint n_inputs = nl_dataset_model_get_n_inputs (self->dataset);
  g_autoptr (NlRow) row = NULL;
  g_autofree double *x = NULL;

  if (self->selected_row >= 0)
    row = g_list_model_get_item (G_LIST_MODEL (self->dataset), self->selected_row);
  if (row == NULL || !nl_row_get_usable (row)
      || nl_network_model_get_n_inputs (self->network) != n_inputs)
    {
      nl_network_view_set_sample (self->network_view, NULL);
      return;
    }

  x = g_new (double, n_inputs);
  for (guint i = 0; i < n_inputs; i++)
    x[i] = nl_row_get_normalized (row, i);
  nl_network_view_set_sample (self->network_view, x);
}

/* Actions follow the models: Train needs a trainable table, Step and
 * Reset and the architecture need no run in progress. */
static void
update_actions (NlWindow *self)
{
  gboolean running = nl_trainer_get_running (self->trainer);
  gboolean trainable = nl_dataset_model_get_trainable (self->dataset);
  const char *reason = nl_dataset_model_get_trainable_reason (self->dataset);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.train", running || trainable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step", !running && trainable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", !running);

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

  gtk_widget_set_sensitive (GTK_WIDGET (self->hidden_entry), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->activation_dropdown), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seed_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->loss_dropdown), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->learning_rate_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->epochs_spin), !running);

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

/* While training, the diagram follows the weights ten times a second: often
 * enough to watch them move, rarely enough that drawing a large network does
 * not take the worker's core or the frame clock's time. */
#define DIAGRAM_INTERVAL_USEC (G_USEC_PER_SEC / 10)

static void
refresh_diagram (NlWindow *self)
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
  refresh_diagram (self);
  return G_SOURCE_REMOVE;
}


static void
trainer_progress_cb (NlWindow *self)
{
  update_status (self);
  update_plot (self);
}

static void
trainer_running_cb (NlWindow *self)
{
  update_actions (self);
  /* The end of a run always shows the weights it reached. */
  if (!nl_trainer_get_running (self->trainer))
    refresh_diagram (self);
  if (!nl_trainer_get_running (self->trainer))
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   nl_trainer_get_epoch (self->trainer) > 0 ? 1.0 : 0.0);
}

static void
trainer_data_changed_cb (NlWindow *self)
{
  if (nl_trainer_get_data_changed_during_run (self->trainer))
    show_notification (self, _("The table changed during training. This run goes on with the "
                               "table as it was when it started; train again to use the changes."));
}

static void
params_changed_cb (NlWindow *self)
{
  gint64 due = self->diagram_updated_at + DIAGRAM_INTERVAL_USEC;
  gint64 now = g_get_monotonic_time ();

  if (!nl_trainer_get_running (self->trainer) || now >= due)
    refresh_diagram (self);
  else if (self->diagram_update_id == 0)
    self->diagram_update_id = g_timeout_add ((guint) ((due - now) / 1000) + 1,
                                             diagram_update_cb, self);
}

static void
dataset_changed_cb (NlWindow *self)
{
  update_sample (self);
}

/* A new table (a CSV file): the network follows its number of inputs. */
static void
columns_changed_cb (NlWindow *self)
{
  guint n_inputs = nl_dataset_model_get_n_inputs (self->dataset);

  if (n_inputs > 0 && n_inputs != nl_network_model_get_n_inputs (self->network))
    nl_network_model_set_n_inputs (self->network, n_inputs);
  nl_trainer_reset (self->trainer);
  self->selected_row = -1;
  update_input_names (self);
  update_network_view (self);
  update_plot (self);
  update_status (self);
  update_actions (self);
}

static void
row_selected_cb (NlWindow *self,
                 gint      row)
{
  self->selected_row = row;
  update_sample (self);
}

/* Settings */

static gboolean
apply_hidden (NlWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->hidden_entry))));

  /* "0" reads better than an empty field for a network without hidden layers. */
  if (g_strcmp0 (text, "0") == 0)
    text[0] = '\0';
  if (g_strcmp0 (text, nl_network_model_get_hidden (self->network)) == 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
      return TRUE;
    }
  if (!nl_network_model_set_hidden (self->network, text, &error))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      gtk_widget_add_css_class (GTK_WIDGET (self->hidden_entry), "error");
      show_notification (self, error->message);
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
  notification_dismiss_cb (self);
  /* Only an architecture that was accepted is remembered, never a typo. */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "hidden", text[0] != '\0' ? text : "0");
  /* A new architecture starts from scratch: its old loss curve says nothing
   * about it. */
  nl_trainer_reset (self->trainer);
  return TRUE;
}

static void
hidden_apply_cb (NlWindow *self)
{
  apply_hidden (self);
}

static void
hidden_focus_leave_cb (GtkEventControllerFocus *controller,
                       NlWindow                *self)
{
  /* Closing the window takes the focus away too, while its children go. */
  if (self->closing)
    return;
  apply_hidden (self);
}

static void
activation_selected_cb (NlWindow *self)
{
  NlActivation activation = gtk_drop_down_get_selected (self->activation_dropdown);

  if (activation >= NL_N_ACTIVATIONS || activation == nl_network_model_get_activation (self->network))
    return;
  nl_network_model_set_activation (self->network, activation);
  nl_trainer_reset (self->trainer);
}

static void
loss_selected_cb (NlWindow *self)
{
  NlLoss loss = gtk_drop_down_get_selected (self->loss_dropdown);

  if (loss < NL_N_LOSSES)
    nl_trainer_set_loss_function (self->trainer, loss);
}

static void
seed_changed_cb (NlWindow *self)
{
  guint64 seed = (guint64) gtk_spin_button_get_value (self->seed_spin);

  if (seed == nl_network_model_get_seed (self->network))
    return;
  nl_network_model_set_seed (self->network, seed);
  /* Before any training the new seed shows at once; afterwards Reset
   * applies it, so a trained network is never thrown away by a stray key. */
  if (nl_trainer_get_epoch (self->trainer) == 0)
    nl_trainer_reset (self->trainer);
}

static void
learning_rate_changed_cb (NlWindow *self)
{
  nl_trainer_set_learning_rate (self->trainer, gtk_spin_button_get_value (self->learning_rate_spin));
}

static void
epochs_changed_cb (NlWindow *self)
{
  nl_trainer_set_epochs (self->trainer, gtk_spin_button_get_value_as_int (self->epochs_spin));
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
      show_notification (self, error->message);
    }
  if (self->closing)
    return;
  update_status (self);
  update_plot (self);
  update_actions (self);
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
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
      return;
    }

  if (!apply_hidden (self))
    return;
  gtk_spin_button_update (self->learning_rate_spin);
  gtk_spin_button_update (self->epochs_spin);
  learning_rate_changed_cb (self);
  epochs_changed_cb (self);

  notification_dismiss_cb (self);
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
  update_actions (self);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!apply_hidden (self))
    return;
  gtk_spin_button_update (self->learning_rate_spin);
  learning_rate_changed_cb (self);
  if (!nl_trainer_step (self->trainer, &error))
    {
      gtk_widget_error_bell (widget);
      show_notification (self, error->message);
    }
  update_status (self);
  update_plot (self);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  if (!apply_hidden (self))
    return;
  gtk_spin_button_update (self->seed_spin);
  seed_changed_cb (self);
  nl_trainer_reset (self->trainer);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  update_status (self);
  update_plot (self);
}

static void
add_row_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  nl_dataset_model_add_row (self->dataset);
}

gboolean
nl_window_open_file (NlWindow *self,
                     GFile    *file)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);

  if (nl_trainer_get_running (self->trainer))
    nl_trainer_stop (self->trainer);

  if (!nl_dataset_model_load_csv (self->dataset, file, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                                  error->message);

      gtk_widget_error_bell (GTK_WIDGET (self));
      show_notification (self, message);
      return FALSE;
    }

  {
    g_autofree char *basename = g_file_get_basename (file);
    g_autofree char *title = g_strdup_printf ("%s — %s", basename, _("NeuronLab"));

    gtk_window_set_title (GTK_WINDOW (self), title);
  }

  problems = nl_dataset_model_get_problems (self->dataset);
  if (problems != NULL && problems->len > 0)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      guint shown = MIN (problems->len, 5);

      g_string_printf (text,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u problem in the file; those rows are kept but left out of training:",
                                    "%u problems in the file; those rows are kept but left out of training:",
                                    problems->len),
                       problems->len);
      for (guint i = 0; i < shown; i++)
        g_string_append_printf (text, "\n%s", (const char *) g_ptr_array_index (problems, i));
      if (problems->len > shown)
        g_string_append_printf (text, "\n%s", _("…and more, marked in the table."));
      show_notification (self, text->str);
    }
  else
    notification_dismiss_cb (self);

  return TRUE;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  NlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      nl_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open CSV"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Saved settings */

#define SETTINGS_SCHEMA_ID "org.example.NeuronLab"

/* The drop-downs list the choices in the order of the core's enums, and the
 * schema's enums use the same order. */
static const char * const activation_nicks[] = { "sigmoid", "tanh", "relu", "linear", NULL };
static const char * const loss_nicks[] = { "mse", "bce", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (activation_nicks) == NL_N_ACTIVATIONS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (loss_nicks) == NL_N_LOSSES + 1);

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

static gboolean
nick_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  /* Nothing selected (GTK_INVALID_LIST_POSITION) saves nothing. */
  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

/* Restores the window's size and the last training settings, and keeps them
 * saved as they change. The controls' own handlers pass restored values on
 * to the models. */
static void
bind_settings (NlWindow *self)
{
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY;
  g_autofree char *hidden = NULL;

  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);

  g_settings_bind (self->settings, "learning-rate", self->learning_rate_spin, "value", flags);
  g_settings_bind (self->settings, "epochs", self->epochs_spin, "value", flags);
  g_settings_bind (self->settings, "seed", self->seed_spin, "value", flags);
  g_settings_bind_with_mapping (self->settings, "activation",
                                self->activation_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) activation_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "loss",
                                self->loss_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) loss_nicks, NULL);

  /* The hidden layers are read here and saved by apply_hidden() once
   * accepted: a binding would save every keystroke, typos included. A saved
   * value that no longer parses is shown in error, as a typed one would be. */
  hidden = g_settings_get_string (self->settings, "hidden");
  gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden);
  apply_hidden (self);
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

  /* A run in progress is cancelled; its result is dropped. */
  self->closing = TRUE;
  g_cancellable_cancel (self->run_cancellable);
  nl_trainer_stop (self->trainer);

  return GTK_WINDOW_CLASS (nl_window_parent_class)->close_request (window);
}

static void
nl_window_dispose (GObject *object)
{
  NlWindow *self = NL_WINDOW (object);

  self->closing = TRUE;
  if (self->trainer != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
      g_signal_handlers_disconnect_by_data (self->trainer, self);
      g_signal_handlers_disconnect_by_data (self->network, self);
      g_signal_handlers_disconnect_by_data (self->dataset, self);
    }
  g_clear_handle_id (&self->diagram_update_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->trainer);
  g_clear_object (&self->network);
  g_clear_object (&self->dataset);

  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_WINDOW);

  G_OBJECT_CLASS (nl_window_parent_class)->dispose (object);
}

static void
nl_window_class_init (NlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = nl_window_dispose;
  window_class->close_request = nl_window_close_request;

  g_type_ensure (NL_TYPE_DATASET_VIEW);
  g_type_ensure (NL_TYPE_PREDICT_FORM);
  g_type_ensure (NL_TYPE_NETWORK_VIEW);
  g_type_ensure (NL_TYPE_LOSS_PLOT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/NeuronLab/nl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NlWindow, train_button);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, notification_revealer);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, notification_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, dataset_view);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, trainable_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, settings_grid);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, learning_rate_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, learning_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, epochs_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, hidden_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, hidden_entry);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, activation_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, loss_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, loss_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, seed_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, predict_form);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, network_view);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, log_scale_check);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, status_label);
  gtk_widget_class_bind_template_callback (widget_class, notification_dismiss_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, hidden_apply_cb);

  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.add-row", NULL, add_row_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

/* Each labelled control's accessible name is its visible label, so a screen
 * reader and an automated test find what a person sees. The relation alone:
 * GTK 4.8 joins a label property and a labelled-by relation, which would
 * read the name twice. */
static void
name_after_label (GtkWidget *widget,
                  GtkLabel  *label)
{
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
}

static void
nl_window_init (NlWindow *self)
{
  GtkEventController *focus;
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_row = -1;

  gtk_css_provider_load_from_resource (css, "/org/example/NeuronLab/style.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  name_after_label (GTK_WIDGET (self->learning_rate_spin), self->learning_rate_label);
  name_after_label (GTK_WIDGET (self->epochs_spin), self->epochs_label);
  name_after_label (GTK_WIDGET (self->hidden_entry), self->hidden_label);
  name_after_label (GTK_WIDGET (self->activation_dropdown), self->activation_label);
  name_after_label (GTK_WIDGET (self->loss_dropdown), self->loss_label);
  name_after_label (GTK_WIDGET (self->seed_spin), self->seed_label);

  self->dataset = nl_dataset_model_new_tutorial ();
  self->network = nl_network_model_new (nl_dataset_model_get_n_inputs (self->dataset));
  self->trainer = nl_trainer_new (self->network, self->dataset);

  nl_dataset_view_set_model (self->dataset_view, self->dataset);
  nl_predict_form_set_models (self->predict_form, self->dataset, self->network);

  g_signal_connect_swapped (self->trainer, "progress", G_CALLBACK (trainer_progress_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::running", G_CALLBACK (trainer_running_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::data-changed-during-run",
                            G_CALLBACK (trainer_data_changed_cb), self);
  g_signal_connect_swapped (self->network, "params-changed", G_CALLBACK (params_changed_cb), self);
  g_signal_connect_swapped (self->dataset, "changed", G_CALLBACK (dataset_changed_cb), self);
  g_signal_connect_swapped (self->dataset, "columns-changed", G_CALLBACK (columns_changed_cb), self);
  g_signal_connect_swapped (self->dataset, "notify::trainable", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->dataset, "notify::trainable-reason",
                            G_CALLBACK (update_actions), self);

  g_signal_connect_swapped (self->activation_dropdown, "notify::selected",
                            G_CALLBACK (activation_selected_cb), self);
  g_signal_connect_swapped (self->loss_dropdown, "notify::selected",
                            G_CALLBACK (loss_selected_cb), self);
  g_signal_connect_swapped (self->seed_spin, "value-changed", G_CALLBACK (seed_changed_cb), self);
  g_signal_connect_swapped (self->learning_rate_spin, "value-changed",
                            G_CALLBACK (learning_rate_changed_cb), self);
  g_signal_connect_swapped (self->epochs_spin, "value-changed", G_CALLBACK (epochs_changed_cb), self);
  g_signal_connect_swapped (self->log_scale_check, "toggled", G_CALLBACK (log_scale_toggled_cb), self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (hidden_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hidden_entry), focus);

  gtk_spin_button_set_value (self->seed_spin, (double) nl_network_model_get_seed (self->network));
  gtk_drop_down_set_selected (self->activation_dropdown, nl_network_model_get_activation (self->network));
  self->settings = settings_new_if_available ();
  if (self->settings != NULL)
    bind_settings (self);
  learning_rate_changed_cb (self);
  epochs_changed_cb (self);

  update_input_names (self);
  update_network_view (self);
  update_plot (self);
  update_status (self);
  update_actions (self);
}

NlWindow *
nl_window_new (GtkApplication *application)
{
  return g_object_new (NL_TYPE_WINDOW, "application", application, NULL);
}
