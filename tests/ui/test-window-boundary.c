/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-boundary.c: the window's Decision Boundary page: the Neuron
 * choice that shows one neuron's map, which follows the architecture and
 * the clicks in the diagram; the legend's class names; the diagram's
 * thumbnails over the same plane.
 *
 * As in test-window.c, the controls are found the way a person finds them:
 * the field whose visible label says "Neuron". Without a display every test
 * reports a skip.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-network-view.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

/* The stack of the views, the Decision Boundary page among them. */
static gboolean
is_views_stack (GtkWidget  *widget,
                const char *data)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "boundary");
}

/* The choices of a drop-down, joined by commas. */
static char *
choices (GtkWidget *dropdown)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                            gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_strdup (text->str);
}

static const char *
selected_choice (GtkWidget *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
set_hidden (NlWindow   *window,
            const char *text)
{
  GtkWidget *entry = field (window, "Hidden neurons");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  iterate ();
}

static void
assert_unit (NlBoundaryView *view,
             guint           layer,
             guint           unit)
{
  guint got_layer, got_unit;

  g_assert_true (nl_boundary_view_get_unit (view, &got_layer, &got_unit));
  g_assert_cmpuint (got_layer, ==, layer);
  g_assert_cmpuint (got_unit, ==, unit);
}

/* The map shows neuron (@layer, @unit) of the window's network, as the core
 * computes it. */
static void
assert_map_is_unit (NlWindow       *window,
                    NlBoundaryView *view,
                    guint           layer,
                    guint           unit)
{
  NlNet *net = nl_net_copy (nl_network_model_get_net (nl_window_get_network (window)));
  NlWork *work = nl_work_new (net);
  const double at[][2] = { { 0.0, 0.0 }, { -1.5, 0.4 }, { 0.8, -1.1 }, { 1.3, 1.7 } };

  for (gsize i = 0; i < G_N_ELEMENTS (at); i++)
    {
      nl_net_forward (net, work, at[i]);
      g_assert_cmpfloat_with_epsilon (nl_boundary_view_get_output_at (view, at[i][0], at[i][1]),
                                      work->a[net->unit_offset[layer] + unit], 1e-12);
    }
  nl_work_free (work);
  nl_net_free (net);
}

/* Tests */

/* Neuron lists the output, then the hidden neurons by their names in the
 * diagram, follows the architecture and keeps its choice while it exists. */
static void
test_neuron_choices (void)
{
  NlWindow *window;
  GtkWidget *neuron;
  NlBoundaryView *view;
  g_autofree char *names = NULL;
  g_autofree char *caption = NULL;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  neuron = field (window, "Neuron");
  g_assert_true (GTK_IS_DROP_DOWN (neuron));
  view = NL_BOUNDARY_VIEW (find_by_type (window, "NlBoundaryView"));
  names = choices (neuron);
  g_assert_cmpstr (names, ==, "Network output (o1),h1,h2");
  g_clear_pointer (&names, g_free);
  g_assert_cmpstr (selected_choice (neuron), ==, "Network output (o1)");
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (neuron), 2);
  assert_unit (view, 1, 1);
  assert_map_is_unit (window, view, 1, 1);
  caption = nl_boundary_view_dup_caption (view);
  g_assert_cmpstr (caption, ==, "Output of h2");

  /* Two hidden layers: the choice is the same neuron, now called h1_2. */
  set_hidden (window, "3, 2");
  names = choices (neuron);
  g_assert_cmpstr (names, ==, "Network output (o1),h1_1,h1_2,h1_3,h2_1,h2_2");
  g_clear_pointer (&names, g_free);
  g_assert_cmpstr (selected_choice (neuron), ==, "h1_2");
  assert_unit (view, 1, 1);
  assert_map_is_unit (window, view, 1, 1);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (neuron), 5);
  assert_unit (view, 2, 1);
  assert_map_is_unit (window, view, 2, 1);

  /* Its neuron gone, the map goes back to the network's output. */
  set_hidden (window, "4");
  names = choices (neuron);
  g_assert_cmpstr (names, ==, "Network output (o1),h1,h2,h3,h4");
  g_assert_cmpstr (selected_choice (neuron), ==, "Network output (o1)");
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));

  /* Training does not disturb the choice. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (neuron), 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  iterate ();
  g_assert_cmpstr (selected_choice (neuron), ==, "h3");
  assert_unit (view, 1, 2);
  assert_map_is_unit (window, view, 1, 2);

  window_destroy (window);
}

/* A click on a neuron in the diagram chooses it for the map too; on the
 * Decision Boundary page the map stays in view. */
static void
test_click_neuron (void)
{
  NlWindow *window;
  GtkWidget *neuron, *diagram;
  GtkStack *stack;
  NlBoundaryView *view;
  const NlNet *net;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  neuron = field (window, "Neuron");
  diagram = find_by_type (window, "NlNetworkView");
  view = NL_BOUNDARY_VIEW (find_by_type (window, "NlBoundaryView"));
  stack = GTK_STACK (find_widget (GTK_WIDGET (window), is_views_stack, NULL));
  net = nl_network_model_get_net (nl_window_get_network (window));

  gtk_stack_set_visible_child_name (stack, "boundary");
  g_signal_emit_by_name (diagram, "parameter-activated", (guint) nl_net_bias_index (net, 1, 1));
  iterate ();
  g_assert_cmpstr (selected_choice (neuron), ==, "h2");
  assert_unit (view, 1, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "boundary");

  g_signal_emit_by_name (diagram, "parameter-activated", (guint) nl_net_bias_index (net, 2, 0));
  iterate ();
  g_assert_cmpstr (selected_choice (neuron), ==, "Network output (o1)");
  g_assert_false (nl_boundary_view_get_unit (view, NULL, NULL));

  /* A weight is no neuron: the choice stays, the inspector explains it. */
  g_signal_emit_by_name (diagram, "parameter-activated", 0u);
  iterate ();
  g_assert_cmpstr (selected_choice (neuron), ==, "Network output (o1)");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "backprop");

  /* From another page, a neuron's click goes to the inspector as before,
   * and still chooses the neuron. */
  gtk_stack_set_visible_child_name (stack, "loss");
  g_signal_emit_by_name (diagram, "parameter-activated", (guint) nl_net_bias_index (net, 1, 0));
  iterate ();
  g_assert_cmpstr (selected_choice (neuron), ==, "h1");
  assert_unit (view, 1, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "backprop");

  /* The click's popover edits b1. Its field re-reads its three-digit text
   * when it loses the focus, which the window's destruction would make it
   * apply after the models are gone (a known issue of the popover, left to
   * its own tests): let it do so now. */
  gtk_spin_button_update (GTK_SPIN_BUTTON (field (window, "b1")));
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (field (window, "b1"),
                                                             GTK_TYPE_POPOVER)));
  window_destroy (window);
}

static gboolean
labelled_cat_dog (gpointer data)
{
  NlDatasetModel *dataset = nl_window_get_dataset (data);

  return g_strcmp0 (nl_dataset_model_get_column_name (dataset, 0), "A") == 0
         && nl_dataset_model_get_class_name (dataset, 0) != NULL;
}

/* The legend calls the classes what the table calls them; the diagram's
 * neurons have thumbnails over the boundary's plane. */
static void
test_legend_and_thumbnails (void)
{
  NlWindow *window;
  NlBoundaryView *view;
  NlNetworkView *diagram;
  g_autoptr (GdkTexture) thumbnail = NULL;
  const char *csv = "A,B,Pet\n1,10,cat\n2,14,dog\n4,11,dog\n5,25,cat\n";
  NlDatasetModel *dataset;
  double x, y;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  view = NL_BOUNDARY_VIEW (find_by_type (window, "NlBoundaryView"));
  diagram = NL_NETWORK_VIEW (find_by_type (window, "NlNetworkView"));
  g_assert_cmpstr (nl_boundary_view_get_class_name (view, 0), ==, "Male");
  g_assert_cmpstr (nl_boundary_view_get_class_name (view, 1), ==, "Female");

  g_assert_true (nl_network_view_get_unit_position (diagram, 1, 0, &x, &y, NULL));
  thumbnail = nl_network_view_get_thumbnail_at (diagram, x, y);
  g_assert_nonnull (thumbnail);
  g_clear_object (&thumbnail);
  g_assert_true (nl_network_view_get_unit_position (diagram, 0, 0, &x, &y, NULL));
  g_assert_null (nl_network_view_get_thumbnail_at (diagram, x, y));

  open_csv (window, csv, labelled_cat_dog);
  dataset = nl_window_get_dataset (window);
  g_assert_cmpstr (nl_boundary_view_get_class_name (view, 0), ==,
                   nl_dataset_model_get_class_name (dataset, 0));
  g_assert_cmpstr (nl_boundary_view_get_class_name (view, 1), ==,
                   nl_dataset_model_get_class_name (dataset, 1));
  g_assert_true (g_str_equal (nl_boundary_view_get_class_name (view, 0), "cat") ||
                 g_str_equal (nl_boundary_view_get_class_name (view, 0), "dog"));

  g_assert_true (nl_network_view_get_unit_position (diagram, 2, 0, &x, &y, NULL));
  thumbnail = nl_network_view_get_thumbnail_at (diagram, x, y);
  g_assert_nonnull (thumbnail);

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/boundary/neuron-choices", test_neuron_choices);
  g_test_add_func ("/ui/window/boundary/click-neuron", test_click_neuron);
  g_test_add_func ("/ui/window/boundary/legend-and-thumbnails", test_legend_and_thumbnails);

  return g_test_run ();
}
