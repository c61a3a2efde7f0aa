/* nl-window.c: the main window. It owns the three models (the table, the
 * network and the trainer), lays out the views on them, and turns the
 * person's actions into calls on the models. It holds no network math. */
#include "config.h"

#include "nl-window.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nl-boundary-view.h"
#include "nl-dataset-view.h"
#include "nl-inspector.h"
#include "nl-loss-plot.h"
#include "nl-model-error.h"
#include "nl-network-view.h"
#include "nl-predict-form.h"
#include "nl-python.h"
#include "nl-project-io.h"
#include "nl-row.h"

/* What waits for the answer to "Save changes?". */
typedef enum
{
  PENDING_NONE,
  PENDING_CLOSE,
  PENDING_OPEN,
} Pending;

/* A save asked for (see "Saving" below). */
typedef struct _SaveRequest SaveRequest;

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
  /* Step Sample: the row it stepped last, and the row it selected itself
   * (-1 when the selection is the person's own). */
  gint            last_sample_row;
  gint            sample_selected_row;
  /* The popover that edits one parameter by hand, created on first use. */
  GtkPopover     *param_popover;
  GtkLabel       *param_label;
  GtkSpinButton  *param_spin;
  GtkRange       *param_scale;

  /* The backpropagation page's choice of parameter and its value, the
   * keyboard's way to what a click in the diagram does. */
  GtkDropDown    *param_dropdown;
  GtkLabel       *param_dropdown_label;
  GtkSpinButton  *param_value_spin;
  GtkLabel       *param_value_label;
  char           *param_choices_shape;
  gboolean        param_choice_updating;
  guint           param_index;
  gboolean        param_updating;
  gboolean        closing;
  gint64          diagram_updated_at;
  guint           diagram_update_id;
  /* NULL when the schema is neither installed nor in GSETTINGS_SCHEMA_DIR. */
  GSettings      *settings;

  /* The project: its file once saved or opened, else a name (from a CSV
   * file, or NULL for "Untitled") and the folder to offer for saving. */
  GFile          *file;
  char           *name;
  GFile          *folder;
  gboolean        modified;
  /* Above zero while the window itself replaces the models' contents. */
  guint           loading;
  GCancellable   *load_cancellable;  /* a large CSV loading in a worker thread */
  GtkFileChooserNative *file_chooser;
  GtkWidget      *close_dialog;
  Pending         pending;
  GFile          *pending_file;
  gboolean        close_confirmed;
  /* Saving: the save being written and those asked for meanwhile; counts
   * of the changes and of the projects the window held, so that a save can
   * tell whether it still matches the work when it is done. */
  SaveRequest    *save;
  GQueue          save_queue;
  guint64         n_changes;
  guint64         generation;
  gboolean        close_after_save;
  guint           save_progress_id;
  gboolean        save_progress_shown;
  double          save_fraction;

  /* Template children */
  GMenu           *open_section;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
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
  GtkLabel        *loss_note_label;
  GtkLabel        *init_label;
  GtkDropDown     *init_dropdown;
  GtkWidget       *axes_grid;
  GtkLabel        *x_input_label;
  GtkDropDown     *x_input_dropdown;
  GtkLabel        *y_input_label;
  GtkDropDown     *y_input_dropdown;
  GtkLabel        *neuron_label;
  GtkDropDown     *neuron_dropdown;
  NlPredictForm   *predict_form;
  NlNetworkView   *network_view;
  GtkStack        *views_stack;
  NlBoundaryView  *boundary_view;
  NlInspector     *inspector;
  GtkCheckButton  *log_scale_check;
  NlLossPlot      *loss_plot;
  GtkProgressBar  *progress_bar;
  GtkLabel        *status_label;
  GtkLabel        *test_percent_label;
  GtkSpinButton   *test_percent_spin;
  GtkLabel        *target_loss_label;
  GtkSpinButton   *target_loss_spin;
  GtkCheckButton  *early_stopping_check;
  GtkBox          *confusion_box;
  /* Per set (training, test): its table, the class names heading its rows
   * and columns, and the counts [true][predicted]. */
  GtkWidget       *confusion_tables[2];
  GtkLabel        *confusion_titles[2];
  GtkLabel        *confusion_classes[2][4];
  GtkLabel        *confusion_counts[2][2][2];
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

static void update_confusion (NlWindow *self);

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
      text = g_strdup_printf (_("Epoch %" PRIu64 " · Loss %s · Accuracy %.0f%%"),
                              (uint64_t) epoch, loss, 100.0 * nl_trainer_get_accuracy (self->trainer));
      if (isfinite (nl_trainer_get_test_loss (self->trainer)))
        {
          g_autofree char *test_loss = format_loss (nl_trainer_get_test_loss (self->trainer));
          char *with_test;

          /* Translators: appended to the status line when there are test rows. */
          with_test = g_strdup_printf (_("%s · Test loss %s · Test accuracy %.0f%%"), text, test_loss,
                                       100.0 * nl_trainer_get_test_accuracy (self->trainer));
          g_free (text);
          text = with_test;
        }
    }
  gtk_label_set_text (self->status_label, text);

  /* A save that shows its progress has the bar until it is done. */
  if (nl_trainer_get_running (self->trainer) && self->run_epochs > 0 && !self->save_progress_shown)
    {
      double done = (double) (epoch - self->run_first_epoch) / self->run_epochs;

      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (done, 0.0, 1.0));
    }
  update_confusion (self);
}

/* The two small confusion tables under the status line, built once. */
static void
build_confusion (NlWindow *self)
{
  for (int s = 0; s < 2; s++)
    {
      GtkGrid *grid = GTK_GRID (gtk_grid_new ());

      gtk_grid_set_column_spacing (grid, 8);
      gtk_widget_add_css_class (GTK_WIDGET (grid), "caption");
      self->confusion_titles[s] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->confusion_titles[s], 0);
      gtk_widget_add_css_class (GTK_WIDGET (self->confusion_titles[s]), "caption-heading");
      gtk_grid_attach (grid, GTK_WIDGET (self->confusion_titles[s]), 0, 0, 1, 1);
      for (int k = 0; k < 4; k++)
        {
          /* 0, 1: the predicted classes over the columns; 2, 3: the true
           * classes down the rows. */
          self->confusion_classes[s][k] = GTK_LABEL (gtk_label_new (NULL));
          gtk_label_set_xalign (self->confusion_classes[s][k], k < 2 ? 1 : 0);
          gtk_widget_add_css_class (GTK_WIDGET (self->confusion_classes[s][k]), "dim-label");
          gtk_grid_attach (grid, GTK_WIDGET (self->confusion_classes[s][k]),
                           k < 2 ? 1 + k : 0, k < 2 ? 0 : k - 1, 1, 1);
        }
      for (int t = 0; t < 2; t++)
        for (int p = 0; p < 2; p++)
          {
            self->confusion_counts[s][t][p] = GTK_LABEL (gtk_label_new (NULL));
            gtk_label_set_xalign (self->confusion_counts[s][t][p], 1);
            gtk_widget_add_css_class (GTK_WIDGET (self->confusion_counts[s][t][p]), "numeric");
            gtk_grid_attach (grid, GTK_WIDGET (self->confusion_counts[s][t][p]),
                             1 + p, 1 + t, 1, 1);
          }
      self->confusion_tables[s] = GTK_WIDGET (grid);
      gtk_box_append (self->confusion_box, GTK_WIDGET (grid));
    }
}

static void
update_confusion (NlWindow *self)
{
  guint counts[2][2][2];
  const char *names[2];
  gboolean any = FALSE;

  nl_trainer_get_confusion (self->trainer, counts[0], counts[1]);
  for (int c = 0; c < 2; c++)
    {
      names[c] = nl_dataset_model_get_class_name (self->dataset, c);
      if (names[c] == NULL)
        names[c] = c == 0 ? "0" : "1";
    }

  for (int s = 0; s < 2; s++)
    {
      guint total = counts[s][0][0] + counts[s][0][1] + counts[s][1][0] + counts[s][1][1];
      g_autofree char *title = NULL;

      gtk_widget_set_visible (self->confusion_tables[s], total > 0);
      if (total == 0)
        continue;
      any = TRUE;
      /* Translators: over a confusion matrix: the rows it counts. */
      title = s == 0 ? g_strdup_printf (_("Training (%u)"), total)
                     : g_strdup_printf (_("Test (%u)"), total);
      gtk_label_set_text (self->confusion_titles[s], title);
      for (int c = 0; c < 2; c++)
        {
          g_autofree char *predicted = g_strdup_printf ("→ %s", names[c]);

          gtk_label_set_text (self->confusion_classes[s][c], predicted);
          gtk_label_set_text (self->confusion_classes[s][2 + c], names[c]);
        }
      for (int t = 0; t < 2; t++)
        for (int p = 0; p < 2; p++)
          {
            char text[16];

            g_snprintf (text, sizeof text, "%u", counts[s][t][p]);
            gtk_label_set_text (self->confusion_counts[s][t][p], text);
          }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->confusion_box), any);
}

/* The split and the stop conditions apply from the next run or step. */
static void
stop_settings_changed_cb (NlWindow *self)
{
  nl_trainer_set_test_percent (self->trainer,
                               (guint) gtk_spin_button_get_value_as_int (self->test_percent_spin));
  nl_trainer_set_target_loss (self->trainer, gtk_spin_button_get_value (self->target_loss_spin));
  nl_trainer_set_early_stopping (self->trainer,
                                 gtk_check_button_get_active (self->early_stopping_check));
}

/* The controls show the trainer's split and stop conditions, as a project
 * set them. All three are read first, since each control's handler passes
 * all three controls on to the trainer. */
static void
sync_stop_settings (NlWindow *self)
{
  guint test_percent = nl_trainer_get_test_percent (self->trainer);
  double target_loss = nl_trainer_get_target_loss (self->trainer);
  gboolean early_stopping = nl_trainer_get_early_stopping (self->trainer);

  gtk_spin_button_set_value (self->test_percent_spin, test_percent);
  gtk_spin_button_set_value (self->target_loss_spin, target_loss);
  gtk_check_button_set_active (self->early_stopping_check, early_stopping);
}

static void
update_plot (NlWindow *self)
{
  guint n;
  const double *history = nl_trainer_get_history (self->trainer, &n);
  const double *test_history;
  guint n_test;

  nl_loss_plot_set_history (self->loss_plot, history, n);
  test_history = nl_trainer_get_test_history (self->trainer, &n_test);
  nl_loss_plot_set_test_history (self->loss_plot, test_history, n_test);
}

/* The Neuron choices: the network's output first, then the hidden neurons
 * layer by layer. Item @index as a neuron of @net; FALSE past the end. */
static gboolean
neuron_choice_to_unit (const NlNet *net,
                       guint        index,
                       guint       *layer,
                       guint       *unit)
{
  *layer = (guint) net->n_layers - 1;
  *unit = 0;
  if (index == 0)
    return TRUE;
  index--;
  for (guint l = 1; l + 1 < net->n_layers; l++)
    {
      if (index < net->sizes[l])
        {
          *layer = l;
          *unit = index;
          return TRUE;
        }
      index -= (guint) net->sizes[l];
    }
  return FALSE;
}

static guint
neuron_unit_to_choice (const NlNet *net,
                       guint        layer,
                       guint        unit)
{
  guint index = 1;

  if (layer == 0 || layer + 1 >= net->n_layers)
    return 0;
  for (guint l = 1; l < layer; l++)
    index += (guint) net->sizes[l];
  return index + unit;
}

/* The Neuron choice names the neurons as the diagram does (h1, h2, or h1_3
 * with several hidden layers) and follows the architecture, keeping its
 * choice while that neuron exists. */
static void
update_neuron_choices (NlWindow *self)
{
  const NlNet *net = nl_network_model_get_net (self->network);
  GListModel *old = gtk_drop_down_get_model (self->neuron_dropdown);
  g_autoptr (GtkStringList) names = NULL;
  g_autofree char *output = NULL;
  guint n = 1, layer, unit;
  gboolean same;
  char name[32];

  if (net == NULL)
    return;
  for (guint l = 1; l + 1 < net->n_layers; l++)
    n += (guint) net->sizes[l];
  /* Called on every progress post: nothing to do unless the names differ. */
  same = old != NULL && g_list_model_get_n_items (old) == n;
  for (guint i = 1; i < n && same; i++)
    {
      neuron_choice_to_unit (net, i, &layer, &unit);
      nl_net_unit_name (net, layer, unit, name, sizeof name);
      same = g_strcmp0 (name, gtk_string_list_get_string (GTK_STRING_LIST (old), i)) == 0;
    }
  if (same)
    return;

  names = gtk_string_list_new (NULL);
  nl_net_unit_name (net, net->n_layers - 1, 0, name, sizeof name);
  /* Translators: the first choice of Neuron, the decision map; %s is the
   * output neuron's name, "o1". */
  output = g_strdup_printf (_("Network output (%s)"), name);
  gtk_string_list_append (names, output);
  for (guint i = 1; i < n; i++)
    {
      neuron_choice_to_unit (net, i, &layer, &unit);
      nl_net_unit_name (net, layer, unit, name, sizeof name);
      gtk_string_list_append (names, name);
    }
  /* The boundary view already has the new network and has kept its neuron
   * if it still exists, or gone back to the output. */
  nl_boundary_view_get_unit (self->boundary_view, &layer, &unit);
  gtk_drop_down_set_model (self->neuron_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->neuron_dropdown, neuron_unit_to_choice (net, layer, unit));
}

static void
neuron_selected_cb (NlWindow *self)
{
  const NlNet *net;
  guint layer = 0, unit = 0;

  /* The window may be taken apart already. */
  if (self->network == NULL)
    return;
  net = nl_network_model_get_net (self->network);
  if (net == NULL ||
      !neuron_choice_to_unit (net, gtk_drop_down_get_selected (self->neuron_dropdown),
                              &layer, &unit))
    return;
  nl_boundary_view_set_unit (self->boundary_view, layer, unit);
}

/* A click on a neuron (on its bias) chooses it for the map as well; TRUE
 * when @param is a neuron's bias. */
static gboolean
choose_neuron_of_param (NlWindow *self,
                        guint     param)
{
  const NlNet *net = nl_network_model_get_net (self->network);

  if (net == NULL || param < net->n_weights || param >= net->n_params)
    return FALSE;
  for (guint l = 1; l < net->n_layers; l++)
    if (param >= net->b_offset[l] && param < net->b_offset[l] + net->sizes[l])
      {
        gtk_drop_down_set_selected (self->neuron_dropdown,
                                    neuron_unit_to_choice (net, l, param - (guint) net->b_offset[l]));
        return TRUE;
      }
  return FALSE;
}

static void
update_network_view (NlWindow *self)
{
  nl_network_view_set_network (self->network_view, nl_network_model_get_net (self->network));
  nl_boundary_view_set_network (self->boundary_view, nl_network_model_get_net (self->network));
  update_neuron_choices (self);
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

/* The Parameter choices name every weight and bias as the diagram does
 * ("w5 (h1 → o1)", "b3 (o1)"), in the parameter block's order, so that the
 * position chosen is the parameter's index. Rebuilt when the shape changes. */
static void
update_param_choices (NlWindow *self)
{
  const NlNet *net = nl_network_model_get_net (self->network);
  g_autoptr (GString) shape = g_string_new (NULL);
  g_autoptr (GtkStringList) names = NULL;
  char **strv;

  for (size_t l = 0; net != NULL && l < net->n_layers; l++)
    g_string_append_printf (shape, "%zu,", net->sizes[l]);
  if (g_strcmp0 (shape->str, self->param_choices_shape) == 0)
    return;
  g_free (self->param_choices_shape);
  self->param_choices_shape = g_strdup (shape->str);

  strv = g_new0 (char *, net == NULL ? 1 : net->n_params + 1);
  for (size_t l = 1; net != NULL && l < net->n_layers; l++)
    for (size_t to = 0; to < net->sizes[l]; to++)
      {
        char p[32], u[32], from_name[32];
        size_t b = nl_net_bias_index (net, l, to);

        nl_net_unit_name (net, l, to, u, sizeof u);
        for (size_t from = 0; from < net->sizes[l - 1]; from++)
          {
            size_t w = nl_net_weight_index (net, l, to, from);

            nl_net_param_name (net, w, p, sizeof p);
            nl_net_unit_name (net, l - 1, from, from_name, sizeof from_name);
            strv[w] = g_strdup_printf ("%s (%s → %s)", p, from_name, u);
          }
        nl_net_param_name (net, b, p, sizeof p);
        strv[b] = g_strdup_printf ("%s (%s)", p, u);
      }
  names = gtk_string_list_new ((const char * const *) strv);
  g_strfreev (strv);

  self->param_choice_updating = TRUE;
  gtk_drop_down_set_model (self->param_dropdown, G_LIST_MODEL (names));
  self->param_choice_updating = FALSE;
}

/* The Parameter and Value fields follow the inspector's parameter and its
 * value now; Value can be set between runs. */
static void
update_param_editor (NlWindow *self)
{
  const NlNet *net;
  gssize param;
  gboolean valid;

  if (self->network == NULL)
    return;
  net = nl_network_model_get_net (self->network);
  param = nl_inspector_get_param (self->inspector);
  update_param_choices (self);
  valid = net != NULL && param >= 0 && (gsize) param < net->n_params;
  self->param_choice_updating = TRUE;
  gtk_drop_down_set_selected (self->param_dropdown,
                              valid ? (guint) param : GTK_INVALID_LIST_POSITION);
  if (valid)
    gtk_spin_button_set_value (self->param_value_spin, net->params[param]);
  self->param_choice_updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->param_value_spin),
                            valid && !nl_trainer_get_running (self->trainer));
}

/* Sets parameter @param of the network by hand: the diagram, the boundary,
 * the predict form and the inspector follow "params-changed". */
static void
set_param_value (NlWindow *self,
                 guint     param,
                 double    value)
{
  guint n;
  const double *params;
  g_autofree double *copy = NULL;

  if (self->trainer == NULL || self->network == NULL || nl_trainer_get_running (self->trainer))
    return;
  params = nl_network_model_get_params (self->network, &n);
  if (param >= n)
    return;
  /* The fields show three digits; re-reading their text must not round the
   * parameter to them. */
  if (fabs (value - params[param]) < 0.0005)
    return;
  copy = g_memdup2 (params, n * sizeof (double));
  copy[param] = value;
  nl_network_model_set_params (self->network, copy, n);
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

static void
param_choice_cb (NlWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->param_dropdown);

  if (self->param_choice_updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  nl_inspector_set_param (self->inspector, (gssize) selected);
  ensure_sample_row (self);
  update_param_editor (self);
}

static void
param_value_spin_cb (NlWindow *self)
{
  gssize param = nl_inspector_get_param (self->inspector);

  if (self->param_choice_updating || param < 0 || self->network == NULL)
    return;
  set_param_value (self, (guint) param, gtk_spin_button_get_value (self->param_value_spin));
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
      update_param_editor (self);
      return;
    }

  x = g_new (double, n_inputs);
  for (guint i = 0; i < n_inputs; i++)
    x[i] = nl_row_get_normalized (row, i);
  nl_network_view_set_sample (self->network_view, x);

  /* The row's first text cell names it ("Alice"); else its number. */
  for (guint c = 0; c < nl_dataset_model_get_n_columns (self->dataset) && name == NULL; c++)
    if (nl_dataset_model_get_column_kind (self->dataset, c) == NL_COLUMN_TEXT
        && *nl_row_get_text (row, c) != '\0')
      name = g_strdup (nl_row_get_text (row, c));
  if (name == NULL)
    name = g_strdup_printf (_("Row %d"), self->selected_row + 1);
  nl_inspector_set_state (self->inspector, nl_network_model_get_net (self->network), x,
                          nl_row_get_value (row, (guint) label_column), name,
                          nl_trainer_get_loss_function (self->trainer),
                          nl_trainer_get_learning_rate (self->trainer));
  update_param_editor (self);
}

/* The Horizontal and Vertical choices list the inputs when there are more
 * than two; they keep their choice while the inputs stay the same. */
static void
update_axes_choices (NlWindow *self)
{
  guint n_inputs = nl_dataset_model_get_n_inputs (self->dataset);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *old = gtk_drop_down_get_model (self->x_input_dropdown);
  gboolean same = old != NULL && g_list_model_get_n_items (old) == n_inputs;

  for (guint i = 0; i < n_inputs; i++)
    {
      const char *name = nl_dataset_model_get_input_name (self->dataset, i);

      gtk_string_list_append (names, name);
      if (same && g_strcmp0 (name, gtk_string_list_get_string (GTK_STRING_LIST (old), i)) != 0)
        same = FALSE;
    }
  gtk_widget_set_visible (self->axes_grid, n_inputs > 2);
  if (same)
    return;
  gtk_drop_down_set_model (self->x_input_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->y_input_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->x_input_dropdown, 0);
  gtk_drop_down_set_selected (self->y_input_dropdown, MIN (1, n_inputs > 0 ? n_inputs - 1 : 0));
}

/* The boundary view shows two inputs (the first two, or those chosen), the
 * others held at their means, and the usable rows as points. It reads the
 * table itself, not its row objects, which a large table would create by the
 * hundred thousand. */
static void
update_boundary (NlWindow *self)
{
  const NlDataset *ds;
  size_t n_inputs;
  guint axes[2] = { 0, 1 };
  g_autofree double *means = NULL;
  g_autofree double *held = NULL;
  g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (double));
  size_t n_usable = 0;

  if (self->dataset == NULL)
    return;
  ds = nl_dataset_model_get_dataset (self->dataset);
  n_inputs = nl_dataset_n_inputs (ds);
  means = g_new0 (double, MAX (n_inputs, 1));
  held = g_new0 (double, MAX (n_inputs, 1));
  if (n_inputs > 2)
    {
      guint x = gtk_drop_down_get_selected (self->x_input_dropdown);
      guint y = gtk_drop_down_get_selected (self->y_input_dropdown);

      if (x < n_inputs && y < n_inputs && x != y)
        {
          axes[0] = x;
          axes[1] = y;
        }
    }

  for (size_t r = 0; r < ds->n_rows && ds->label_column >= 0; r++)
    {
      if (!nl_dataset_row_usable (ds, r))
        continue;
      for (size_t i = 0; i < n_inputs; i++)
        means[i] += nl_dataset_cell (ds, r, nl_dataset_input_column (ds, i))->value;
      n_usable++;
      for (size_t i = 0; i < 2 && n_inputs >= 2; i++)
        {
          size_t c = nl_dataset_input_column (ds, axes[i]);
          double v = nl_dataset_normalize (ds, c, nl_dataset_cell (ds, r, c)->value);

          g_array_append_val (xy, v);
        }
      if (n_inputs >= 2)
        g_array_append_val (labels, nl_dataset_cell (ds, r, (size_t) ds->label_column)->value);
    }
  for (size_t i = 0; i < n_inputs && n_usable > 0; i++)
    means[i] /= (double) n_usable;
  if (n_inputs > 0)
    nl_dataset_model_normalize_inputs (self->dataset, means, held);

  nl_boundary_view_set_axes (self->boundary_view, axes[0], axes[1], held, (guint) n_inputs,
                             n_inputs > 0 ? nl_dataset_model_get_input_name (self->dataset, axes[0]) : "",
                             n_inputs > 1 ? nl_dataset_model_get_input_name (self->dataset, axes[1]) : "");
  nl_boundary_view_set_points (self->boundary_view, (const double *) (void *) xy->data,
                               (const double *) (void *) labels->data, labels->len);
  nl_boundary_view_set_class_names (self->boundary_view,
                                    nl_dataset_model_get_class_name (self->dataset, 0),
                                    nl_dataset_model_get_class_name (self->dataset, 1));

  /* The diagram's tooltips show each neuron's map over the same plane. */
  {
    double x0, x1, y0, y1;

    nl_boundary_view_get_square_extent (self->boundary_view, &x0, &x1, &y0, &y1);
    nl_network_view_set_map_plane (self->network_view, axes[0], axes[1], held, (guint) n_inputs,
                                   x0, x1, y0, y1);
  }
}

/* Actions follow the models: Train needs a trainable table, Step and
 * Reset and the architecture need no run in progress. */
static void
update_actions (NlWindow *self)
{
  gboolean running = nl_trainer_get_running (self->trainer);
  gboolean trainable = nl_dataset_model_get_trainable (self->dataset);
  const char *reason = nl_dataset_model_get_trainable_reason (self->dataset);

  /* While a large table loads, the one shown is on its way out. */
  gboolean loading = self->load_cancellable != NULL;

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
  /* Hand edits wait until the run is over. */
  if (running && self->param_popover != NULL)
    gtk_popover_popdown (self->param_popover);
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->init_dropdown), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->loss_dropdown), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->learning_rate_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->epochs_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_percent_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_loss_spin), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->early_stopping_check), !running);
  update_param_editor (self);

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
  if (!nl_trainer_get_running (self->trainer) && !self->save_progress_shown)
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
  update_boundary (self);
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
  self->last_sample_row = -1;
  self->sample_selected_row = -1;
  nl_dataset_view_set_current_sample (self->dataset_view, -1);
  update_input_names (self);
  update_network_view (self);
  update_axes_choices (self);
  update_boundary (self);
  update_sample (self);
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
  /* A line under the choice says what it computes. A screen reader would
   * spell out the underscore of "y_pred", so it hears the words instead. */
  gtk_label_set_label (self->loss_note_label,
                       loss == NL_LOSS_BCE
                       ? _("Cross-entropy: −(y log p + (1 − y) log(1 − p)), which punishes "
                           "confident mistakes harder. Use it with a sigmoid output.")
                       : _("Mean squared error, the tutorial’s: the mean of (y − y_pred)². "
                           "TensorFlow Playground reports half of it."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->loss_note_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  loss == NL_LOSS_BCE
                                  ? gtk_label_get_text (self->loss_note_label)
                                  : _("Mean squared error, the tutorial’s: the mean of the "
                                      "squared difference between y and the predicted y. "
                                      "TensorFlow Playground reports half of it."),
                                  -1);
  update_sample (self);
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
init_selected_cb (NlWindow *self)
{
  NlInit init = gtk_drop_down_get_selected (self->init_dropdown);

  if (init >= NL_N_INITS || init == nl_network_model_get_init (self->network))
    return;
  nl_network_model_set_init (self->network, init);
  /* As for the seed: at once before any training, else at Reset. */
  if (nl_trainer_get_epoch (self->trainer) == 0)
    nl_trainer_reset (self->trainer);
}

static void
axes_selected_cb (NlWindow *self)
{
  update_boundary (self);
}

static void
learning_rate_changed_cb (NlWindow *self)
{
  nl_trainer_set_learning_rate (self->trainer, gtk_spin_button_get_value (self->learning_rate_spin));
  update_sample (self);
}

static void
epochs_changed_cb (NlWindow *self)
{
  nl_trainer_set_epochs (self->trainer, gtk_spin_button_get_value_as_int (self->epochs_spin));
}

/* Log scale is the loss plot's; it shows only with the plot. */
static void
views_page_changed_cb (NlWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->log_scale_check),
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack),
                                     "loss") == 0);
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
  /* A stop condition ended the run: say which. */
  if (ok && nl_trainer_get_stop_reason (NL_TRAINER (source)) != NULL)
    show_notification (self, nl_trainer_get_stop_reason (NL_TRAINER (source)));
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
  gtk_spin_button_update (self->test_percent_spin);
  gtk_spin_button_update (self->target_loss_spin);
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

  if (!apply_hidden (self))
    return;
  gtk_spin_button_update (self->learning_rate_spin);
  learning_rate_changed_cb (self);
  /* A stale position (rows were removed) starts again from the top. */
  if (self->last_sample_row >= (gint) g_list_model_get_n_items (G_LIST_MODEL (self->dataset)))
    self->last_sample_row = -1;
  row = next_sample_row (self);
  if (row < 0 || !nl_trainer_step_sample (self->trainer, (guint) row, &error))
    {
      gtk_widget_error_bell (widget);
      show_notification (self, error != NULL ? error->message : _("No row is used for training"));
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

/* Files
 *
 * The window's work is a project: a file (NULL until it is first saved)
 * and whether anything changed since it was last saved or opened. A CSV
 * file starts a new project, unsaved, named after it. */

#define PROJECT_SUFFIX    ".neuronlab"
#define PROJECT_MIME_TYPE "application/x-neuronlab-project"
#define CSV_MIME_TYPE     "text/csv"
#define MAX_RECENT_FILES  8

typedef enum
{
  FILE_KIND_PROJECT,
  FILE_KIND_CSV,
} FileKind;

/* The project's name for people: "people.neuronlab" once saved, "people"
 * for a table imported from people.csv, else "Untitled". */
static char *
dup_display_name (NlWindow *self)
{
  if (self->file != NULL)
    return g_file_get_basename (self->file);
  if (self->name != NULL)
    return g_strdup (self->name);
  return g_strdup (_("Untitled"));
}

/* The name without the file's extension, as a question about it reads it. */
static char *
dup_short_name (NlWindow *self)
{
  char *name = dup_display_name (self);

  if (self->file != NULL && g_str_has_suffix (name, PROJECT_SUFFIX)
      && strlen (name) > strlen (PROJECT_SUFFIX))
    name[strlen (name) - strlen (PROJECT_SUFFIX)] = '\0';
  return name;
}

/* The folder of the project, with the home folder as "~", as GNOME apps
 * show it under the title. */
static char *
dup_folder_name (NlWindow *self)
{
  g_autoptr (GFile) parent = NULL;
  g_autoptr (GFile) home = NULL;
  g_autofree char *relative = NULL;

  if (self->file == NULL || (parent = g_file_get_parent (self->file)) == NULL)
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
static void
update_title (NlWindow *self)
{
  g_autofree char *name = dup_display_name (self);
  g_autofree char *folder = dup_folder_name (self);
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;

  /* Translators: the window title while there are unsaved changes; %s is the project's name. */
  label = self->modified ? g_strdup_printf (_("• %s"), name) : g_strdup (name);
  /* Translators: the window title, e.g. "• people.neuronlab — NeuronLab". */
  title = g_strdup_printf (_("%s — NeuronLab"), label);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  gtk_label_set_text (self->subtitle_label, folder != NULL ? folder : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), folder != NULL);
}

static void
set_modified (NlWindow *self,
              gboolean  modified)
{
  if (self->modified == modified)
    return;
  self->modified = modified;
  update_title (self);
}

/* Any change to the table, the network or its training, except while the
 * window itself replaces them (opening a file, starting up). */
static void
changed_cb (NlWindow *self)
{
  if (self->loading > 0 || self->closing)
    return;
  /* Counted even when already modified: a save in progress has an older
   * state, and must not clear the mark when it is done. */
  self->n_changes++;
  set_modified (self, TRUE);
}

gboolean
nl_window_get_modified (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  return self->modified;
}

GFile *
nl_window_get_file (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return self->file;
}

GtkWidget *
nl_window_get_close_dialog (NlWindow *self)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), NULL);
  return self->close_dialog;
}

/* Recent files */

static const char *
recent_app_name (void)
{
  return g_get_application_name () != NULL ? g_get_application_name () : "neuronlab";
}

static void
add_recent (GFile      *file,
            const char *mime_type)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *exec = g_strdup_printf ("%s %%u", g_get_prgname () != NULL ? g_get_prgname () : "neuronlab");
  GtkRecentData data = {
    .mime_type = (char *) mime_type,
    .app_name = (char *) recent_app_name (),
    .app_exec = exec,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static int
compare_recent_newest_first (gconstpointer a,
                             gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* GTK 4.8 has no recent-files menu: the primary menu's "Open Recent" is
 * built here from the files this program opened or saved, newest first. */
static void
recent_changed_cb (NlWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr (GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  g_autoptr (GMenu) recent = g_menu_new ();
  GList *items = gtk_recent_manager_get_items (manager);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, recent_app_name ())
          && (!gtk_recent_info_is_local (info) || gtk_recent_info_exists (info)))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent_newest_first);

  for (guint i = 0; i < MIN (infos->len, MAX_RECENT_FILES); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr (GMenuItem) item = NULL;
      g_auto (GStrv) parts = NULL;
      g_autofree char *label = NULL;

      /* Menu labels take "_" as a mnemonic: a file name keeps its own. */
      parts = g_strsplit (gtk_recent_info_get_display_name (info), "_", -1);
      label = g_strjoinv ("__", parts);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (recent, item);
    }

  /* The submenu is the open section's second item, there only when it has
   * something to offer. */
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->open_section)) > 1)
    g_menu_remove (self->open_section, 1);
  if (g_menu_model_get_n_items (G_MENU_MODEL (recent)) > 0)
    g_menu_insert_submenu (self->open_section, 1, _("Open _Recent"), G_MENU_MODEL (recent));
}

/* Opening */

static gboolean
name_has_suffix (const char *name,
                 const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, suffix);
}

/* By the name first; else by the content, since a project is a key file
 * that opens with a [Group] line and a CSV file never does. */
static FileKind
guess_file_kind (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *content_type = NULL;
  g_autoptr (GFileInputStream) stream = NULL;
  char buffer[1024];
  const char *p;
  gssize n;

  if (basename != NULL && name_has_suffix (basename, PROJECT_SUFFIX))
    return FILE_KIND_PROJECT;
  if (basename != NULL && (name_has_suffix (basename, ".csv") || name_has_suffix (basename, ".tsv")))
    return FILE_KIND_CSV;

  /* A file that cannot be read goes to the CSV reader, which says why. */
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return FILE_KIND_CSV;
  n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer - 1, NULL, NULL);
  if (n <= 0)
    return FILE_KIND_CSV;
  buffer[n] = '\0';

  content_type = g_content_type_guess (basename, (const guchar *) buffer, (gsize) n, NULL);
  if (content_type != NULL && g_content_type_is_a (content_type, PROJECT_MIME_TYPE))
    return FILE_KIND_PROJECT;

  p = g_str_has_prefix (buffer, "\xEF\xBB\xBF") ? buffer + 3 : buffer;
  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '#')
        break;
      while (*p != '\0' && *p != '\n')
        p++;
    }
  return *p == '[' ? FILE_KIND_PROJECT : FILE_KIND_CSV;
}

/* The controls show what the models hold after a project replaced them. */
static void
sync_controls (NlWindow *self)
{
  const char *hidden = nl_network_model_get_hidden (self->network);

  gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden[0] != '\0' ? hidden : "0");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
  gtk_drop_down_set_selected (self->activation_dropdown, nl_network_model_get_activation (self->network));
  gtk_drop_down_set_selected (self->loss_dropdown, nl_trainer_get_loss_function (self->trainer));
  gtk_spin_button_set_value (self->seed_spin, (double) nl_network_model_get_seed (self->network));
  gtk_drop_down_set_selected (self->init_dropdown, nl_network_model_get_init (self->network));
  gtk_spin_button_set_value (self->learning_rate_spin, nl_trainer_get_learning_rate (self->trainer));
  gtk_spin_button_set_value (self->epochs_spin, nl_trainer_get_epochs (self->trainer));
  sync_stop_settings (self);
}

static gboolean
open_project (NlWindow *self,
              GFile    *file)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  self->loading++;
  ok = nl_project_io_load (self->dataset, self->network, self->trainer, file, &error);
  if (ok)
    sync_controls (self);
  self->loading--;

  if (!ok)
    {
      g_autofree char *message = NULL;

      /* The model's messages name the file already; GIO's may not. */
      if (error->domain == NL_MODEL_ERROR)
        message = g_strdup (error->message);
      else
        {
          g_autofree char *name = g_file_get_parse_name (file);

          message = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                     g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                                     ? _("there is no such file") : error->message);
        }
      gtk_widget_error_bell (GTK_WIDGET (self));
      show_notification (self, message);
      return FALSE;
    }

  g_set_object (&self->file, file);
  g_clear_pointer (&self->name, g_free);
  self->modified = FALSE;
  /* A save still being written is of the work this replaced. */
  self->generation++;
  update_title (self);
  update_status (self);
  update_plot (self);
  refresh_diagram (self);
  update_actions (self);
  gtk_progress_bar_set_fraction (self->progress_bar, nl_trainer_get_epoch (self->trainer) > 0 ? 1.0 : 0.0);
  notification_dismiss_cb (self);
  add_recent (file, PROJECT_MIME_TYPE);
  return TRUE;
}

/* Files at least this large are read and parsed in a worker thread, with
 * progress, so the window keeps drawing: a megabyte is about 30,000 rows,
 * which the core reads in some 40 ms. Smaller files load at once. */
#define ASYNC_LOAD_BYTES (1024 * 1024)

/* What is left to do once a CSV has replaced the table, or failed to. */
static gboolean
finish_csv (NlWindow     *self,
            GFile        *file,
            const GError *error)
{
  g_autofree char *basename = NULL;
  GPtrArray *problems;
  char *dot;

  if (error != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                                  error->message);

      gtk_widget_error_bell (GTK_WIDGET (self));
      show_notification (self, message);
      return FALSE;
    }

  /* A new project, not saved yet, named after the table. */
  basename = g_file_get_basename (file);
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';
  g_clear_object (&self->file);
  g_free (self->name);
  self->name = g_steal_pointer (&basename);
  g_clear_object (&self->folder);
  self->folder = g_file_get_parent (file);
  self->modified = TRUE;
  self->generation++;
  update_title (self);
  add_recent (file, CSV_MIME_TYPE);

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
load_progress_cb (double   fraction,
                  gpointer user_data)
{
  NlWindow *self = user_data;

  if (!self->closing)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

typedef struct
{
  NlWindow *self;
  GFile    *file;
} LoadRequest;

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr (NlWindow) self = request->self;
  g_autoptr (GFile) file = request->file;
  g_autoptr (GError) error = NULL;
  gboolean ok = nl_dataset_model_load_csv_finish (NL_DATASET_MODEL (source), result, &error);

  g_free (request);
  self->loading--;
  g_clear_object (&self->load_cancellable);
  if (self->closing)
    return;

  gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  update_status (self);
  update_actions (self);
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  finish_csv (self, file, ok ? NULL : error);
}

static gboolean
open_csv (NlWindow *self,
          GFile    *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = NULL;
  gboolean ok;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL && g_file_info_get_size (info) >= ASYNC_LOAD_BYTES)
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("Loading %s…"), basename);
      LoadRequest *request = g_new0 (LoadRequest, 1);

      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      self->load_cancellable = g_cancellable_new ();
      self->loading++;
      gtk_progress_bar_set_text (self->progress_bar, text);
      gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      update_actions (self);

      request->self = g_object_ref (self);
      request->file = g_object_ref (file);
      nl_dataset_model_load_csv_async (self->dataset, file, self->load_cancellable,
                                       load_progress_cb, g_object_ref (self), g_object_unref,
                                       load_done_cb, request);
      return TRUE;
    }

  self->loading++;
  ok = nl_dataset_model_load_csv (self->dataset, file, NULL, &error);
  self->loading--;

  return finish_csv (self, file, ok ? NULL : error);
}

gboolean
nl_window_open_file (NlWindow *self,
                     GFile    *file)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (nl_trainer_get_running (self->trainer))
    {
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
    }

  if (guess_file_kind (file) == FILE_KIND_PROJECT)
    return open_project (self, file);
  return open_csv (self, file);
}

/* Saving
 *
 * A save copies the work on the main thread (a few milliseconds, even for
 * a million epochs of history) and formats and writes it on a worker thread
 * (nl_project_io_save_async()), so the window never waits for the disk. One
 * save is written at a time: those asked for meanwhile wait in a queue, and
 * one that would write what is being written already joins that save. The
 * unsaved mark goes only when the save that ends had every change made so
 * far; a failure says what and where, and changes nothing else. */

/* Saves shorter than this show no progress. */
#define SAVE_PROGRESS_DELAY_MS 200

struct _SaveRequest
{
  GFile        *file;
  /* The answer to "Save changes?": what waited runs once it is saved. */
  gboolean      then_pending;
  GPtrArray    *tasks;          /* GTask, from nl_window_save_file_async() */

  /* Set when it starts. */
  GCancellable *cancellable;
  guint64       n_changes;
  guint64       generation;
};

static void run_pending    (NlWindow *self);
static void cancel_pending (NlWindow *self);

static SaveRequest *
save_request_new (GFile *file)
{
  SaveRequest *request = g_new0 (SaveRequest, 1);

  request->file = g_object_ref (file);
  request->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  return request;
}

/* Answers whoever waits for @request, and frees it. */
static void
save_request_finish (SaveRequest  *request,
                     const GError *error)
{
  for (guint i = 0; i < request->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (request->tasks, i);

      if (error == NULL)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (error));
    }
  g_ptr_array_unref (request->tasks);
  g_clear_object (&request->cancellable);
  g_object_unref (request->file);
  g_free (request);
}

static gboolean
save_progress_show_cb (gpointer user_data)
{
  NlWindow *self = user_data;
  g_autofree char *basename = NULL;
  g_autofree char *text = NULL;

  self->save_progress_id = 0;
  /* A table that loads has the bar; the save is over before it is. */
  if (self->save == NULL || self->load_cancellable != NULL)
    return G_SOURCE_REMOVE;
  basename = g_file_get_basename (self->save->file);
  text = g_strdup_printf (_("Saving %s…"), basename);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, self->save_fraction);
  self->save_progress_shown = TRUE;
  return G_SOURCE_REMOVE;
}

static void
save_progress_cb (double   fraction,
                  gpointer user_data)
{
  NlWindow *self = user_data;

  self->save_fraction = fraction;
  /* A table that started loading meanwhile has taken the bar. */
  if (self->save_progress_shown && !self->closing && self->load_cancellable == NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

/* The bar goes back to the training run's progress. */
static void
hide_save_progress (NlWindow *self)
{
  g_clear_handle_id (&self->save_progress_id, g_source_remove);
  if (!self->save_progress_shown)
    return;
  self->save_progress_shown = FALSE;
  if (self->closing || self->load_cancellable != NULL)
    return;
  gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
  if (nl_trainer_get_running (self->trainer))
    update_status (self);
  else
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   nl_trainer_get_epoch (self->trainer) > 0 ? 1.0 : 0.0);
}

static void
show_save_error (NlWindow     *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *message = NULL;

  /* The model's messages name the file already; GIO's may not. */
  if (error->domain == NL_MODEL_ERROR)
    message = g_strdup (error->message);
  else
    {
      g_autofree char *name = g_file_get_parse_name (file);

      message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
  show_notification (self, message);
}

static void save_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
start_save (NlWindow    *self,
            SaveRequest *request)
{
  g_assert (self->save == NULL);

  self->save = request;
  request->n_changes = self->n_changes;
  request->generation = self->generation;
  request->cancellable = g_cancellable_new ();
  self->save_fraction = 0.0;
  /* The next save in line keeps the bar, with its own file's name. */
  if (self->save_progress_shown)
    save_progress_show_cb (self);
  else if (self->save_progress_id == 0)
    self->save_progress_id = g_timeout_add (SAVE_PROGRESS_DELAY_MS, save_progress_show_cb, self);
  nl_project_io_save_async (self->dataset, self->network, self->trainer, request->file,
                            request->cancellable,
                            save_progress_cb, g_object_ref (self), g_object_unref,
                            save_done_cb, g_object_ref (self));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (NlWindow) self = user_data;
  SaveRequest *request = g_steal_pointer (&self->save);
  g_autoptr (GError) error = NULL;
  gboolean then_pending = request->then_pending;
  gboolean ok;

  ok = nl_project_io_save_finish (result, &error);
  if (self->closing)
    {
      hide_save_progress (self);
      save_request_finish (request, error);
      return;
    }

  if (ok && request->generation == self->generation)
    {
      if (self->file == NULL || !g_file_equal (self->file, request->file))
        g_set_object (&self->file, request->file);
      g_clear_pointer (&self->name, g_free);
      /* Changes made while it was written are not in the file. */
      if (request->n_changes == self->n_changes)
        self->modified = FALSE;
      update_title (self);
    }
  if (ok)
    add_recent (request->file, PROJECT_MIME_TYPE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_save_error (self, request->file, error);

  /* The next save in line goes on at once. */
  if (!g_queue_is_empty (&self->save_queue))
    start_save (self, g_queue_pop_head (&self->save_queue));
  else
    hide_save_progress (self);

  /* Whatever waited for this save happens only if it succeeded. */
  if (then_pending && ok)
    run_pending (self);
  else if (then_pending)
    cancel_pending (self);
  else if (self->close_after_save && self->save == NULL)
    {
      self->close_after_save = FALSE;
      gtk_window_close (GTK_WINDOW (self));
    }

  /* Last: the callers' callbacks may run from here, and do anything. */
  save_request_finish (request, error);
}

/* Saves the work to @file now, or once the saves before it are written. */
static void
request_save (NlWindow *self,
              GFile    *file,
              gboolean  then_pending,
              GTask    *task)
{
  SaveRequest *request = NULL;
  SaveRequest *last = g_queue_peek_tail (&self->save_queue);

  /* What would be written is being written already. */
  if (last == NULL && self->save != NULL && g_file_equal (self->save->file, file)
      && self->save->n_changes == self->n_changes && self->save->generation == self->generation)
    request = self->save;
  /* Saves in line for the same file write the work as it is then: one will do. */
  else if (last != NULL && g_file_equal (last->file, file))
    request = last;

  if (request == NULL)
    {
      request = save_request_new (file);
      if (self->save == NULL)
        start_save (self, request);
      else
        g_queue_push_tail (&self->save_queue, request);
    }
  request->then_pending |= then_pending;
  if (task != NULL)
    g_ptr_array_add (request->tasks, g_object_ref (task));
}

void
nl_window_save_file_async (NlWindow            *self,
                           GFile               *file,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (NL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, nl_window_save_file_async);
  if (self->closing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The window was closed before the project was saved"));
      return;
    }
  request_save (self, file, FALSE, task);
}

gboolean
nl_window_save_file_finish (NlWindow      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nl_window_save_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
nl_window_save_file (NlWindow *self,
                     GFile    *file)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr (GAsyncResult) result = NULL;

  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  nl_window_save_file_async (self, file, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  return nl_window_save_file_finish (self, result, NULL);
}

/* When the window goes: the save being written stops (the file is then as
 * it was, or replaced whole), and those in line never start. */
static void
cancel_saves (NlWindow *self)
{
  g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  _("The window was closed before the project was saved"));
  SaveRequest *request;

  if (self->save != NULL)
    g_cancellable_cancel (self->save->cancellable);
  while ((request = g_queue_pop_head (&self->save_queue)) != NULL)
    save_request_finish (request, error);
  g_clear_handle_id (&self->save_progress_id, g_source_remove);
}

static void
clear_file_chooser (NlWindow *self)
{
  if (self->file_chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->file_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
}

/* What was waiting for the unsaved changes to be saved or discarded. */
static void
run_pending (NlWindow *self)
{
  Pending pending = self->pending;
  g_autoptr (GFile) file = g_steal_pointer (&self->pending_file);

  self->pending = PENDING_NONE;
  switch (pending)
    {
    case PENDING_CLOSE:
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;
    case PENDING_OPEN:
      nl_window_open_file (self, file);
      break;
    case PENDING_NONE:
    default:
      break;
    }
}

static void
cancel_pending (NlWindow *self)
{
  self->pending = PENDING_NONE;
  g_clear_object (&self->pending_file);
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     NlWindow        *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  clear_file_chooser (self);

  /* Cancelled: whatever waited for it does not happen; else it happens
   * once the save succeeded. */
  if (file != NULL)
    request_save (self, file, self->pending != PENDING_NONE, NULL);
  else
    cancel_pending (self);
}

static GtkFileFilter *
project_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("NeuronLab projects"));
  gtk_file_filter_add_mime_type (filter, PROJECT_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "neuronlab");
  return filter;
}

static void
save_as (NlWindow *self)
{
  g_autoptr (GtkFileFilter) projects = project_filter_new ();
  GtkFileChooser *chooser;

  clear_file_chooser (self);
  self->file_chooser = gtk_file_chooser_native_new (_("Save Project"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Save"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->file_chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_add_filter (chooser, projects);

  if (self->file != NULL)
    gtk_file_chooser_set_file (chooser, self->file, NULL);
  else
    {
      g_autofree char *name = dup_short_name (self);
      g_autofree char *suggested = g_strconcat (name, PROJECT_SUFFIX, NULL);

      /* Beside the CSV file it came from, if any. */
      if (self->folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, self->folder, NULL);
      gtk_file_chooser_set_current_name (chooser, suggested);
    }

  g_signal_connect (self->file_chooser, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

/* Save, or Save As for a project that has no file yet; @then_pending when
 * it answers "Save changes?". */
static void
save (NlWindow *self,
      gboolean  then_pending)
{
  if (self->file == NULL)
    save_as (self);
  else
    request_save (self, self->file, then_pending, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (NL_WINDOW (widget), FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (NL_WINDOW (widget));
}

/* Unsaved changes */

static void
unsaved_response_cb (GtkDialog *dialog,
                     int        response,
                     NlWindow  *self)
{
  g_signal_handlers_disconnect_by_data (dialog, self);
  self->close_dialog = NULL;
  /* The window may be gone before the dialog's last reference is: the
   * dialog must not point at it then. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));

  switch (response)
    {
    case GTK_RESPONSE_ACCEPT:
      save (self, TRUE);
      break;
    case GTK_RESPONSE_REJECT:
      run_pending (self);
      break;
    default:
      cancel_pending (self);
      break;
    }
}

static const GtkResponseType unsaved_responses[] = {
  GTK_RESPONSE_CANCEL,
  GTK_RESPONSE_REJECT,
  GTK_RESPONSE_ACCEPT,
};

/* Asks whether to save the changes before @pending (closing, or opening
 * @file in their place) happens; without changes it happens at once. */
static void
ask_to_save (NlWindow *self,
             Pending   pending,
             GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }
  self->pending = pending;
  g_set_object (&self->pending_file, file);
  if (!self->modified)
    {
      run_pending (self);
      return;
    }

  name = dup_short_name (self);
  question = g_strdup_printf (_("Save changes to “%s”?"), name);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", question);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("If you don't save, the changes and the trained network will be lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Save"), GTK_RESPONSE_ACCEPT,
                          NULL);
  /* GTK 4.8 names a mnemonic button after both its raw label ("_Save")
   * and the label widget; the label widget alone reads "Save". */
  for (guint i = 0; i < G_N_ELEMENTS (unsaved_responses); i++)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                                       unsaved_responses[i])),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (unsaved_response_cb), self);

  self->close_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_asking (NlWindow *self,
             GFile    *file)
{
  ask_to_save (self, PENDING_OPEN, file);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  NlWindow        *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  clear_file_chooser (self);
  if (file != NULL)
    open_asking (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autoptr (GtkFileFilter) supported = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) projects = project_filter_new ();
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  GtkFileChooser *chooser;

  clear_file_chooser (self);
  self->file_chooser = gtk_file_chooser_native_new (_("Open"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->file_chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);

  gtk_file_filter_set_name (supported, _("All supported"));
  gtk_file_filter_add_mime_type (supported, PROJECT_MIME_TYPE);
  gtk_file_filter_add_suffix (supported, "neuronlab");
  gtk_file_filter_add_mime_type (supported, CSV_MIME_TYPE);
  gtk_file_filter_add_suffix (supported, "csv");
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, CSV_MIME_TYPE);
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (chooser, projects);
  gtk_file_chooser_add_filter (chooser, csv);
  gtk_file_chooser_add_filter (chooser, supported);
  gtk_file_chooser_set_filter (chooser, supported);
  if (self->file != NULL || self->folder != NULL)
    {
      g_autoptr (GFile) folder = self->file != NULL ? g_file_get_parent (self->file)
                                                    : g_object_ref (self->folder);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }

  g_signal_connect (self->file_chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  open_asking (NL_WINDOW (widget), file);
}

/* A file dropped on the window opens as if chosen in Open. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         NlWindow      *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      if (files != NULL)
        file = files->data;
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;
  open_asking (self, file);
  return TRUE;
}

/* Saved settings */

#define SETTINGS_SCHEMA_ID "org.example.NeuronLab"

/* The drop-downs list the choices in the order of the core's enums, and the
 * schema's enums use the same order. */
static const char * const activation_nicks[] = { "sigmoid", "tanh", "relu", "linear", NULL };
static const char * const loss_nicks[] = { "mse", "bce", NULL };
static const char * const init_nicks[] = { "normal", "scaled", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (activation_nicks) == NL_N_ACTIVATIONS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (loss_nicks) == NL_N_LOSSES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (init_nicks) == NL_N_INITS + 1);

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
 * to the models. Each window reads the settings once: a project opened in
 * one window must not change the training of another. */
static void
bind_settings (NlWindow *self)
{
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY
                             | G_SETTINGS_BIND_GET_NO_CHANGES;
  g_autofree char *hidden = NULL;

  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);

  g_settings_bind (self->settings, "learning-rate", self->learning_rate_spin, "value", flags);
  g_settings_bind (self->settings, "epochs", self->epochs_spin, "value", flags);
  g_settings_bind (self->settings, "seed", self->seed_spin, "value", flags);
  g_settings_bind (self->settings, "test-percent", self->test_percent_spin, "value", flags);
  g_settings_bind (self->settings, "target-loss", self->target_loss_spin, "value", flags);
  g_settings_bind (self->settings, "early-stopping", self->early_stopping_check, "active", flags);
  g_settings_bind_with_mapping (self->settings, "activation",
                                self->activation_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) activation_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "loss",
                                self->loss_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) loss_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "init",
                                self->init_dropdown, "selected", flags,
                                nick_to_selected, selected_to_nick,
                                (gpointer) init_nicks, NULL);

  /* The hidden layers are read here and saved by apply_hidden() once
   * accepted: a binding would save every keystroke, typos included. A saved
   * value that no longer parses is shown in error, as a typed one would be. */
  hidden = g_settings_get_string (self->settings, "hidden");
  gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden);
  apply_hidden (self);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);

  nl_dataset_view_export_csv (self->dataset_view, GTK_WINDOW (self));
}

/* Writes the network as a standalone NumPy script that predicts what the
 * window predicts (core/nl-python.h). */
gboolean
nl_window_export_python (NlWindow *self,
                         GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  NlError error = { 0 };

  g_return_val_if_fail (NL_IS_WINDOW (self), FALSE);

  if (path == NULL
      || nl_python_write_file (nl_network_model_get_net (self->network),
                               nl_dataset_model_get_dataset (self->dataset), path,
                               &error) != NL_OK)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = g_strdup_printf (_("Could not export “%s”: %s"), name,
                                                  path == NULL ? _("only local files can be written")
                                                               : error.message);

      gtk_widget_error_bell (GTK_WIDGET (self));
      show_notification (self, message);
      return FALSE;
    }
  return TRUE;
}

static void
export_python_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           NlWindow        *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  clear_file_chooser (self);
  if (file != NULL)
    nl_window_export_python (self, file);
}

static void
export_python_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  g_autofree char *name = g_strdup_printf ("%s.py", self->name != NULL ? self->name : "network");

  clear_file_chooser (self);
  self->file_chooser = gtk_file_chooser_native_new (_("Export Network as Python"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->file_chooser), name);
  g_signal_connect (self->file_chooser, "response", G_CALLBACK (export_python_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

/* Applies the popover's value to its parameter at once: the diagram, the
 * boundary, the predict form and the inspector follow "params-changed". */
static void
param_value_changed_cb (NlWindow *self)
{
  double value = gtk_spin_button_get_value (self->param_spin);

  /* A field that loses the focus as the window is taken apart commits its
   * text after the trainer has gone. */
  if (self->param_updating || self->trainer == NULL || nl_trainer_get_running (self->trainer))
    return;
  self->param_updating = TRUE;
  gtk_range_set_value (self->param_scale, value);
  self->param_updating = FALSE;
  set_param_value (self, self->param_index, value);
}

/* Dragging the slider types its value into the field, which applies it. */
static void
param_scale_changed_cb (NlWindow *self)
{
  if (self->param_updating)
    return;
  gtk_spin_button_set_value (self->param_spin, gtk_range_get_value (self->param_scale));
}

/* Closed, the popover hands the keyboard back to the diagram it came from,
 * rather than leave the focus inside a hidden field. */
static void
param_popover_closed_cb (NlWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (self->closing)
    return;
  if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->param_popover)))
    gtk_widget_grab_focus (GTK_WIDGET (self->network_view));
}

static void name_after_label (GtkWidget *widget,
                              GtkLabel  *label);

static void
ensure_param_popover (NlWindow *self)
{
  GtkWidget *box, *row;

  if (self->param_popover != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->param_label = GTK_LABEL (gtk_label_new (NULL));
  self->param_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (-100.0, 100.0, 0.01));
  gtk_spin_button_set_digits (self->param_spin, 3);
  gtk_spin_button_set_numeric (self->param_spin, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->param_spin), 8);
  gtk_label_set_mnemonic_widget (self->param_label, GTK_WIDGET (self->param_spin));
  name_after_label (GTK_WIDGET (self->param_spin), self->param_label);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->param_label));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->param_spin));
  gtk_box_append (GTK_BOX (box), row);
  g_signal_connect_swapped (self->param_spin, "value-changed",
                            G_CALLBACK (param_value_changed_cb), self);

  /* A slider to drag the value and watch the loss, the boundary and the
   * prediction follow; its range is set around the value on each opening.
   * It shares the field's visible label, which comes first in the
   * accessibility tree, so the name finds the field. */
  self->param_scale = GTK_RANGE (gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, NULL));
  gtk_widget_set_size_request (GTK_WIDGET (self->param_scale), 220, -1);
  gtk_scale_add_mark (GTK_SCALE (self->param_scale), 0.0, GTK_POS_BOTTOM, NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->param_scale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->param_label, NULL,
                                  -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->param_scale));
  g_signal_connect_swapped (self->param_scale, "value-changed",
                            G_CALLBACK (param_scale_changed_cb), self);

  self->param_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->param_popover, box);
  gtk_popover_set_position (self->param_popover, GTK_POS_TOP);
  gtk_widget_add_css_class (GTK_WIDGET (self->param_popover), "parameter-editor");
  gtk_widget_set_parent (GTK_WIDGET (self->param_popover), GTK_WIDGET (self->network_view));
  g_signal_connect_swapped (self->param_popover, "closed",
                            G_CALLBACK (param_popover_closed_cb), self);
}

/* A click on an edge or a neuron: the inspector explains that parameter, and
 * a popover beside it edits it by hand (typed, or with the arrows, the wheel
 * or the arrow keys), except during a run. */
static void
parameter_activated_cb (NlWindow *self,
                        guint     param)
{
  const NlNet *net = nl_network_model_get_net (self->network);
  char name[32];
  double x, y, range;

  nl_inspector_set_param (self->inspector, (gssize) param);
  ensure_sample_row (self);
  update_param_editor (self);
  /* A neuron clicked while the map is on show keeps the map, now of that
   * neuron; the inspector explains its bias all the same. */
  if (!choose_neuron_of_param (self, param)
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "boundary") != 0)
    gtk_stack_set_visible_child_name (self->views_stack, "backprop");

  if (nl_trainer_get_running (self->trainer) || net == NULL || param >= net->n_params
      || !nl_network_view_get_parameter_position (self->network_view, param, &x, &y))
    return;

  ensure_param_popover (self);
  self->param_index = param;
  nl_net_param_name (net, param, name, sizeof name);
  gtk_label_set_text (self->param_label, name);
  self->param_updating = TRUE;
  gtk_spin_button_set_value (self->param_spin, net->params[param]);
  /* Room on either side to see the effect, at least -4 to 4. */
  range = MAX (4.0, ceil (2.0 * fabs (net->params[param])));
  gtk_range_set_range (self->param_scale, -range, range);
  gtk_range_set_increments (self->param_scale, range / 100.0, range / 10.0);
  gtk_range_set_value (self->param_scale, net->params[param]);
  self->param_updating = FALSE;
  gtk_popover_set_pointing_to (self->param_popover,
                               &(GdkRectangle) { (int) x - 1, (int) y - 1, 2, 2 });
  gtk_popover_popup (self->param_popover);
}

/* The tutorial's worked example: a 2-2-1 network whose weights are all 1
 * and biases 0, Alice's row, and the gradient of w1. */
static void
worked_example_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  NlWindow *self = NL_WINDOW (widget);
  const NlNet *net;
  g_autofree double *params = NULL;

  if (nl_dataset_model_get_n_inputs (self->dataset) != 2
      || g_list_model_get_n_items (G_LIST_MODEL (self->dataset)) == 0)
    {
      gtk_widget_error_bell (widget);
      show_notification (self, _("The worked example needs a table with two inputs, like the "
                                 "tutorial’s weight and height."));
      return;
    }

  if (nl_trainer_get_running (self->trainer))
    {
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), "2");
  if (!apply_hidden (self))
    return;
  gtk_drop_down_set_selected (self->activation_dropdown, NL_ACTIVATION_SIGMOID);
  nl_trainer_reset (self->trainer);

  net = nl_network_model_get_net (self->network);
  params = g_new (double, net->n_params);
  for (size_t i = 0; i < net->n_params; i++)
    params[i] = i < net->n_weights ? 1.0 : 0.0;
  nl_network_model_set_params (self->network, params, (guint) net->n_params);

  nl_dataset_view_set_selected_row (self->dataset_view, 0);
  self->selected_row = 0;
  update_sample (self);
  nl_inspector_set_param (self->inspector, 0);
  update_param_editor (self);
  gtk_stack_set_visible_child_name (self->views_stack, "backprop");
  update_status (self);
  update_plot (self);
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

  /* A save being written finishes first: closing would stop it, and what
   * it writes may be the only copy of the work. The window closes when it
   * is done, or asks about the changes if it failed. */
  if (self->save != NULL)
    {
      self->close_after_save = TRUE;
      return TRUE;
    }

  /* Unsaved work is not thrown away without asking. */
  if (self->modified && !self->close_confirmed)
    {
      ask_to_save (self, PENDING_CLOSE, NULL);
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
  cancel_saves (self);
  if (self->trainer != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      nl_trainer_stop (self->trainer);
      g_signal_handlers_disconnect_by_data (self->trainer, self);
      g_signal_handlers_disconnect_by_data (self->network, self);
      g_signal_handlers_disconnect_by_data (self->dataset, self);
      g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
    }
  clear_file_chooser (self);
  if (self->close_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->close_dialog, self);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->close_dialog)));
    }
  cancel_pending (self);
  g_clear_object (&self->file);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->param_choices_shape, g_free);
  g_clear_handle_id (&self->diagram_update_id, g_source_remove);
  /* Unparented while it is open, or with the focus it took on opening
   * still inside it, the parameter popover keeps a reference of GTK's and
   * outlives the window without a surface; the display's tooltip, which
   * follows the popover since its grab, may then ask that surface for the
   * pointer. So it closes and lets go of the focus first, without its
   * field committing its text into a network being taken apart. */
  if (self->param_popover != NULL)
    {
      self->param_updating = TRUE;
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_popover_popdown (self->param_popover);
    }
  g_clear_pointer ((GtkWidget **) &self->param_popover, gtk_widget_unparent);
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
  g_type_ensure (NL_TYPE_BOUNDARY_VIEW);
  g_type_ensure (NL_TYPE_INSPECTOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/NeuronLab/nl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NlWindow, open_section);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, subtitle_label);
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
  gtk_widget_class_bind_template_child (widget_class, NlWindow, loss_note_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, init_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, init_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, axes_grid);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, x_input_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, x_input_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, y_input_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, y_input_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, neuron_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, neuron_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, predict_form);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, network_view);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, views_stack);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, boundary_view);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, log_scale_check);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, test_percent_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, test_percent_spin);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, target_loss_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, target_loss_spin);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, early_stopping_check);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, param_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, param_dropdown_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, param_value_spin);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, param_value_label);
  gtk_widget_class_bind_template_child (widget_class, NlWindow, confusion_box);
  gtk_widget_class_bind_template_callback (widget_class, notification_dismiss_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, hidden_apply_cb);

  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-sample", NULL, step_sample_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.add-row", NULL, add_row_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.worked-example", NULL, worked_example_action);
  gtk_widget_class_install_action (widget_class, "win.export-python", NULL, export_python_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);

  /* The application sets the same accelerators (and the shortcuts window
   * shows those); these serve a window without an application. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
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
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_row = -1;
  self->last_sample_row = -1;
  self->sample_selected_row = -1;
  /* Starting up is no change to the work. */
  self->loading++;

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
  name_after_label (GTK_WIDGET (self->init_dropdown), self->init_label);
  name_after_label (GTK_WIDGET (self->test_percent_spin), self->test_percent_label);
  name_after_label (GTK_WIDGET (self->target_loss_spin), self->target_loss_label);
  build_confusion (self);
  name_after_label (GTK_WIDGET (self->x_input_dropdown), self->x_input_label);
  name_after_label (GTK_WIDGET (self->param_dropdown), self->param_dropdown_label);
  name_after_label (GTK_WIDGET (self->param_value_spin), self->param_value_label);
  gtk_drop_down_set_expression (self->param_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  g_signal_connect_swapped (self->param_dropdown, "notify::selected",
                            G_CALLBACK (param_choice_cb), self);
  g_signal_connect_swapped (self->param_value_spin, "value-changed",
                            G_CALLBACK (param_value_spin_cb), self);
  name_after_label (GTK_WIDGET (self->y_input_dropdown), self->y_input_label);
  name_after_label (GTK_WIDGET (self->neuron_dropdown), self->neuron_label);

  self->dataset = nl_dataset_model_new_tutorial ();
  self->network = nl_network_model_new (nl_dataset_model_get_n_inputs (self->dataset));
  self->trainer = nl_trainer_new (self->network, self->dataset);

  nl_dataset_view_set_model (self->dataset_view, self->dataset);
  nl_predict_form_set_models (self->predict_form, self->dataset, self->network);

  g_signal_connect_swapped (self->trainer, "progress", G_CALLBACK (trainer_progress_cb), self);
  g_signal_connect_swapped (self->test_percent_spin, "value-changed",
                            G_CALLBACK (stop_settings_changed_cb), self);
  g_signal_connect_swapped (self->target_loss_spin, "value-changed",
                            G_CALLBACK (stop_settings_changed_cb), self);
  g_signal_connect_swapped (self->early_stopping_check, "toggled",
                            G_CALLBACK (stop_settings_changed_cb), self);
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
  g_signal_connect_swapped (self->init_dropdown, "notify::selected",
                            G_CALLBACK (init_selected_cb), self);
  g_signal_connect_swapped (self->x_input_dropdown, "notify::selected",
                            G_CALLBACK (axes_selected_cb), self);
  g_signal_connect_swapped (self->y_input_dropdown, "notify::selected",
                            G_CALLBACK (axes_selected_cb), self);
  g_signal_connect_swapped (self->neuron_dropdown, "notify::selected",
                            G_CALLBACK (neuron_selected_cb), self);
  g_signal_connect_swapped (self->learning_rate_spin, "value-changed",
                            G_CALLBACK (learning_rate_changed_cb), self);
  g_signal_connect_swapped (self->epochs_spin, "value-changed", G_CALLBACK (epochs_changed_cb), self);
  g_signal_connect_swapped (self->log_scale_check, "toggled", G_CALLBACK (log_scale_toggled_cb), self);
  g_signal_connect_swapped (self->views_stack, "notify::visible-child-name",
                            G_CALLBACK (views_page_changed_cb), self);
  views_page_changed_cb (self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (hidden_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hidden_entry), focus);

  gtk_spin_button_set_value (self->seed_spin, (double) nl_network_model_get_seed (self->network));
  gtk_drop_down_set_selected (self->activation_dropdown, nl_network_model_get_activation (self->network));
  gtk_drop_down_set_selected (self->init_dropdown, nl_network_model_get_init (self->network));
  update_axes_choices (self);
  loss_selected_cb (self);
  self->settings = settings_new_if_available ();
  if (self->settings != NULL)
    bind_settings (self);
  learning_rate_changed_cb (self);
  epochs_changed_cb (self);

  /* Whatever changes the work after this is an unsaved change. */
  g_signal_connect_swapped (self->dataset, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->dataset, "columns-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->network, "params-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->network, "architecture-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->network, "notify", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "progress", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::learning-rate", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::epochs", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::loss-function", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::shuffle", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::test-percent", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::split-seed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::target-loss", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::early-stopping", G_CALLBACK (changed_cb), self);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                            G_CALLBACK (recent_changed_cb), self);
  recent_changed_cb (self);

  g_signal_connect_swapped (self->network_view, "parameter-activated",
                            G_CALLBACK (parameter_activated_cb), self);

  update_input_names (self);
  update_network_view (self);
  update_axes_choices (self);
  update_boundary (self);
  update_sample (self);
  update_plot (self);
  update_status (self);
  update_actions (self);
  self->loading--;
  update_title (self);
}

NlWindow *
nl_window_new (GtkApplication *application)
{
  return g_object_new (NL_TYPE_WINDOW, "application", application, NULL);
}
