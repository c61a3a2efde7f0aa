/* nl-window.c: the main window. It owns the three models (the table, the
 * network and the trainer), lays out the views on them, and turns the
 * person's actions into calls on the models. It holds no network math.
 * Opening, saving and the recent files are in nl-window-files.c. */
#include "config.h"

#include "nl-window-private.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nl-python.h"
#include "nl-row.h"

G_DEFINE_FINAL_TYPE (NlWindow, nl_window, GTK_TYPE_APPLICATION_WINDOW)

/* Notification */

void
_nl_window_show_notification (NlWindow   *self,
                              const char *message)
{
  gtk_label_set_text (self->notification_label, message);
  gtk_revealer_set_reveal_child (self->notification_revealer, TRUE);
  /* Screen readers announce it the way they would an alert. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->notification_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
}

void
_nl_window_notification_dismiss_cb (NlWindow *self)
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

void
_nl_window_update_status (NlWindow *self)
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
void
_nl_window_sync_stop_settings (NlWindow *self)
{
  guint test_percent = nl_trainer_get_test_percent (self->trainer);
  double target_loss = nl_trainer_get_target_loss (self->trainer);
  gboolean early_stopping = nl_trainer_get_early_stopping (self->trainer);

  gtk_spin_button_set_value (self->test_percent_spin, test_percent);
  gtk_spin_button_set_value (self->target_loss_spin, target_loss);
  gtk_check_button_set_active (self->early_stopping_check, early_stopping);
}

void
_nl_window_update_plot (NlWindow *self)
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
void
_nl_window_update_actions (NlWindow *self)
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->epochs_spin),
                            !running && !gtk_check_button_get_active (self->until_stopped_check));
  gtk_widget_set_sensitive (GTK_WIDGET (self->until_stopped_check), !running);
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
      _nl_window_show_notification (self, error->message);
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
  _nl_window_notification_dismiss_cb (self);
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

  if (!apply_hidden (self))
    return;
  gtk_spin_button_update (self->learning_rate_spin);
  learning_rate_changed_cb (self);
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

  if (!apply_hidden (self))
    return;
  gtk_spin_button_update (self->seed_spin);
  seed_changed_cb (self);
  nl_trainer_reset (self->trainer);
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

  nl_dataset_model_add_row (self->dataset);
}

/* Files
 *
 * The window's work is a project: a file (NULL until it is first saved)
 * and whether anything changed since it was last saved or opened. A CSV
 * file starts a new project, unsaved, named after it. */

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
char *
_nl_window_dup_short_name (NlWindow *self)
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
void
_nl_window_update_title (NlWindow *self)
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
  _nl_window_update_title (self);
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
  g_settings_bind (self->settings, "until-stopped", self->until_stopped_check, "active", flags);
  g_settings_bind (self->settings, "speed", self->speed_control, "pace", flags);
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
      _nl_window_show_notification (self, message);
      return FALSE;
    }
  return TRUE;
}

static void
export_python_chosen (NlWindow *self,
                      GFile    *file)
{
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

  GtkFileChooser *chooser =
    _nl_window_new_file_chooser (self, _("Export Network as Python"),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), export_python_chosen);

  gtk_file_chooser_set_current_name (chooser, name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
      _nl_window_show_notification (self, _("The worked example needs a table with two inputs, like the "
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
  _nl_window_update_status (self);
  _nl_window_update_plot (self);
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
      g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
    }
  _nl_window_clear_file_chooser (self);
  if (self->close_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->close_dialog, self);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->close_dialog)));
    }
  _nl_window_cancel_pending (self);
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
  g_type_ensure (NL_TYPE_SPEED_CONTROL);

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
  gtk_widget_class_bind_template_child (widget_class, NlWindow, until_stopped_check);
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
  gtk_widget_class_bind_template_child (widget_class, NlWindow, speed_control);
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
  gtk_widget_class_bind_template_callback_full (widget_class, "notification_dismiss_cb",
                                                G_CALLBACK (_nl_window_notification_dismiss_cb));
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, hidden_apply_cb);

  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-sample", NULL, step_sample_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.add-row", NULL, add_row_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.worked-example", NULL, worked_example_action);
  gtk_widget_class_install_action (widget_class, "win.export-python", NULL, export_python_action);

  _nl_window_class_init_files (widget_class);
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
  /* The pace reaches a run in progress too; "Until stopped" the next run. */
  g_object_bind_property (self->speed_control, "pace", self->trainer, "pace", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->until_stopped_check, "active", self->trainer, "until-stopped",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->until_stopped_check, "notify::active",
                            G_CALLBACK (_nl_window_update_actions), self);
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
  g_signal_connect_swapped (self->dataset, "notify::trainable", G_CALLBACK (_nl_window_update_actions), self);
  g_signal_connect_swapped (self->dataset, "notify::trainable-reason",
                            G_CALLBACK (_nl_window_update_actions), self);

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

  _nl_window_init_files (self);

  g_signal_connect_swapped (self->network_view, "parameter-activated",
                            G_CALLBACK (parameter_activated_cb), self);

  update_input_names (self);
  update_network_view (self);
  update_axes_choices (self);
  update_boundary (self);
  update_sample (self);
  _nl_window_update_plot (self);
  _nl_window_update_status (self);
  _nl_window_update_actions (self);
  self->loading--;
  _nl_window_update_title (self);
}

NlWindow *
nl_window_new (GtkApplication *application)
{
  return g_object_new (NL_TYPE_WINDOW, "application", application, NULL);
}
