/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-boundary-page.c: the Decision Boundary page (see nl-boundary-page.h).
 *
 * The choices above the map follow the network (Neuron: the output, then the
 * hidden neurons as the diagram names them) and the table (Horizontal and
 * Vertical, with more than two inputs). The window tells the page when the
 * network and the table changed, in the order its own updates need: the
 * network's inputs follow a new table before the map does. */
#include "config.h"

#include "nl-boundary-page.h"

#include <glib/gi18n.h>

struct _NlBoundaryPage
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkWidget      *box;
  GtkDropDown    *neuron_dropdown;
  GtkWidget      *x_axis_child;
  GtkWidget      *y_axis_child;
  GtkDropDown    *x_input_dropdown;
  GtkDropDown    *y_input_dropdown;
  NlBoundaryView *boundary_view;

  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlNetworkView  *diagram;
};

G_DEFINE_FINAL_TYPE (NlBoundaryPage, nl_boundary_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_NETWORK,
  PROP_DIAGRAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
update_neuron_choices (NlBoundaryPage *self)
{
  const NlNet *net = self->network != NULL ? nl_network_model_get_net (self->network) : NULL;
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
  nl_net_unit_name (net, net->n_layers - 1, 0, name, sizeof name);
  if (nl_net_n_outputs (net) > 1)
    /* Translators: the first choice of Neuron for a network of several
     * outputs, one a class: the map of the most likely class. */
    output = g_strdup (_("Network output"));
  else
    /* Translators: the first choice of Neuron, the decision map; %s is the
     * output neuron's name, "o1". */
    output = g_strdup_printf (_("Network output (%s)"), name);

  /* Called on every progress post: nothing to do unless the names differ. */
  same = old != NULL && g_list_model_get_n_items (old) == n &&
         g_strcmp0 (output, gtk_string_list_get_string (GTK_STRING_LIST (old), 0)) == 0;
  for (guint i = 1; i < n && same; i++)
    {
      neuron_choice_to_unit (net, i, &layer, &unit);
      nl_net_unit_name (net, layer, unit, name, sizeof name);
      same = g_strcmp0 (name, gtk_string_list_get_string (GTK_STRING_LIST (old), i)) == 0;
    }
  if (same)
    return;

  names = gtk_string_list_new (NULL);
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
neuron_selected_cb (NlBoundaryPage *self)
{
  const NlNet *net;
  guint layer = 0, unit = 0;

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
gboolean
nl_boundary_page_choose_param (NlBoundaryPage *self,
                               guint           param)
{
  const NlNet *net;

  g_return_val_if_fail (NL_IS_BOUNDARY_PAGE (self), FALSE);

  net = self->network != NULL ? nl_network_model_get_net (self->network) : NULL;
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

/* The Horizontal and Vertical choices list the inputs when there are more
 * than two; they keep their choice while the inputs stay the same. */
static void
update_axes_choices (NlBoundaryPage *self)
{
  guint n_inputs = self->dataset != NULL ? nl_dataset_model_get_n_inputs (self->dataset) : 0;
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
  gtk_widget_set_visible (self->x_axis_child, n_inputs > 2);
  gtk_widget_set_visible (self->y_axis_child, n_inputs > 2);
  if (same)
    return;
  gtk_drop_down_set_model (self->x_input_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->y_input_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->x_input_dropdown, 0);
  gtk_drop_down_set_selected (self->y_input_dropdown, MIN (1, n_inputs > 0 ? n_inputs - 1 : 0));
}

/* The map follows the table's task: the names of its classes, or the
 * target's name and units. The points' labels are the cells' values: a
 * class's index, or the target in its units. */
static void
update_task (NlBoundaryPage *self)
{
  NlTask task;
  guint n_classes;
  const char *names[NL_MAX_CLASSES];

  nl_dataset_model_get_task (self->dataset, &task);
  n_classes = nl_dataset_model_get_n_classes (self->dataset);
  if (task.kind != NL_TASK_REGRESSION)
    {
      n_classes = CLAMP (n_classes, 2, NL_MAX_CLASSES);
      for (guint k = 0; k < n_classes; k++)
        names[k] = nl_dataset_model_get_class_name (self->dataset, k);
      nl_boundary_view_set_classes (self->boundary_view, names, n_classes);
    }
  else
    {
      int column = nl_dataset_model_get_label_column (self->dataset);
      double shift = 0.0;
      double scale = nl_dataset_model_get_target_scale (self->dataset, &shift);

      nl_boundary_view_set_target (self->boundary_view,
                                   column >= 0 ? nl_dataset_model_get_column_name (self->dataset, (guint) column) : NULL,
                                   shift, scale);
    }
  nl_boundary_view_set_task (self->boundary_view, &task);
}

/* The boundary view shows two inputs (the first two, or those chosen), the
 * others held at their means, and the usable rows as points. It reads the
 * table itself, not its row objects, which a large table would create by the
 * hundred thousand. */
void
nl_boundary_page_update_points (NlBoundaryPage *self)
{
  const NlDataset *ds;
  size_t n_inputs;
  guint axes[2] = { 0, 1 };
  g_autofree double *means = NULL;
  g_autofree double *held = NULL;
  g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (double));
  size_t n_usable = 0;

  g_return_if_fail (NL_IS_BOUNDARY_PAGE (self));

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
  update_task (self);

  /* The diagram's tooltips show each neuron's map over the same plane. */
  if (self->diagram != NULL)
    {
      double x0, x1, y0, y1;

      nl_boundary_view_get_square_extent (self->boundary_view, &x0, &x1, &y0, &y1);
      nl_network_view_set_map_plane (self->diagram, axes[0], axes[1], held, (guint) n_inputs,
                                     x0, x1, y0, y1);
    }
}

void
nl_boundary_page_update_network (NlBoundaryPage *self)
{
  g_return_if_fail (NL_IS_BOUNDARY_PAGE (self));

  nl_boundary_view_set_network (self->boundary_view,
                                self->network != NULL ? nl_network_model_get_net (self->network) : NULL);
  update_neuron_choices (self);
}

void
nl_boundary_page_update_inputs (NlBoundaryPage *self)
{
  g_return_if_fail (NL_IS_BOUNDARY_PAGE (self));

  update_axes_choices (self);
  nl_boundary_page_update_points (self);
}

static void
axes_selected_cb (NlBoundaryPage *self)
{
  nl_boundary_page_update_points (self);
}

NlBoundaryView *
nl_boundary_page_get_view (NlBoundaryPage *self)
{
  g_return_val_if_fail (NL_IS_BOUNDARY_PAGE (self), NULL);
  return self->boundary_view;
}

/* Properties */

void
nl_boundary_page_set_models (NlBoundaryPage *self,
                             NlDatasetModel *dataset,
                             NlNetworkModel *network)
{
  g_return_if_fail (NL_IS_BOUNDARY_PAGE (self));
  g_return_if_fail (dataset == NULL || NL_IS_DATASET_MODEL (dataset));
  g_return_if_fail (network == NULL || NL_IS_NETWORK_MODEL (network));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->dataset, dataset))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
  if (g_set_object (&self->network, network))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK]);
  g_object_thaw_notify (G_OBJECT (self));
}

NlDatasetModel *
nl_boundary_page_get_dataset (NlBoundaryPage *self)
{
  g_return_val_if_fail (NL_IS_BOUNDARY_PAGE (self), NULL);
  return self->dataset;
}

NlNetworkModel *
nl_boundary_page_get_network (NlBoundaryPage *self)
{
  g_return_val_if_fail (NL_IS_BOUNDARY_PAGE (self), NULL);
  return self->network;
}

void
nl_boundary_page_set_diagram (NlBoundaryPage *self,
                              NlNetworkView  *diagram)
{
  g_return_if_fail (NL_IS_BOUNDARY_PAGE (self));
  g_return_if_fail (diagram == NULL || NL_IS_NETWORK_VIEW (diagram));

  if (g_set_object (&self->diagram, diagram))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGRAM]);
}

NlNetworkView *
nl_boundary_page_get_diagram (NlBoundaryPage *self)
{
  g_return_val_if_fail (NL_IS_BOUNDARY_PAGE (self), NULL);
  return self->diagram;
}

GtkWidget *
nl_boundary_page_new (void)
{
  return g_object_new (NL_TYPE_BOUNDARY_PAGE, NULL);
}

static void
nl_boundary_page_dispose (GObject *object)
{
  NlBoundaryPage *self = NL_BOUNDARY_PAGE (object);

  g_clear_object (&self->dataset);
  g_clear_object (&self->network);
  g_clear_object (&self->diagram);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_BOUNDARY_PAGE);

  G_OBJECT_CLASS (nl_boundary_page_parent_class)->dispose (object);
}

static void
nl_boundary_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NlBoundaryPage *self = NL_BOUNDARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_NETWORK:
      g_value_set_object (value, self->network);
      break;
    case PROP_DIAGRAM:
      g_value_set_object (value, self->diagram);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_boundary_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NlBoundaryPage *self = NL_BOUNDARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      nl_boundary_page_set_models (self, g_value_get_object (value), self->network);
      break;
    case PROP_NETWORK:
      nl_boundary_page_set_models (self, self->dataset, g_value_get_object (value));
      break;
    case PROP_DIAGRAM:
      nl_boundary_page_set_diagram (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_boundary_page_class_init (NlBoundaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_boundary_page_dispose;
  object_class->get_property = nl_boundary_page_get_property;
  object_class->set_property = nl_boundary_page_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         NL_TYPE_DATASET_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK] =
    g_param_spec_object ("network", NULL, NULL,
                         NL_TYPE_NETWORK_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIAGRAM] =
    g_param_spec_object ("diagram", NULL, NULL,
                         NL_TYPE_NETWORK_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NL_TYPE_BOUNDARY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-boundary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, NlBoundaryPage, box);
  gtk_widget_class_bind_template_child (widget_class, NlBoundaryPage, neuron_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlBoundaryPage, x_axis_child);
  gtk_widget_class_bind_template_child (widget_class, NlBoundaryPage, y_axis_child);
  gtk_widget_class_bind_template_child (widget_class, NlBoundaryPage, x_input_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlBoundaryPage, y_input_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlBoundaryPage, boundary_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
nl_boundary_page_init (NlBoundaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->x_input_dropdown, "notify::selected",
                            G_CALLBACK (axes_selected_cb), self);
  g_signal_connect_swapped (self->y_input_dropdown, "notify::selected",
                            G_CALLBACK (axes_selected_cb), self);
  g_signal_connect_swapped (self->neuron_dropdown, "notify::selected",
                            G_CALLBACK (neuron_selected_cb), self);
}
