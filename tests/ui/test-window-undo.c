/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-undo.c: Undo and Redo in the window, the Worked Example on a
 * changed table, and File > New. The rules themselves are the document's
 * (tests/model/test-document.c); these check what a person meets: the
 * keys, the menu's words, the message, the new window. */
#include <string.h>

#include "nl-document.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

#define COL_NAME   0
#define COL_HEIGHT 2

static gboolean
is_primary_menu_button (GtkWidget  *widget,
                        const char *data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL;
}

/* The label of the primary menu's item for @action, as shown (with its
 * mnemonic underscore), or NULL. */
static char *
menu_label (NlWindow   *window,
            const char *action)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_primary_menu_button, NULL);
  GMenuModel *menu;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int k = 0; section != NULL && k < g_menu_model_get_n_items (section); k++)
        {
          g_autofree char *item_action = NULL;
          char *label = NULL;

          if (g_menu_model_get_item_attribute (section, k, G_MENU_ATTRIBUTE_ACTION, "s", &item_action)
              && g_strcmp0 (item_action, action) == 0
              && g_menu_model_get_item_attribute (section, k, G_MENU_ATTRIBUTE_LABEL, "s", &label))
            return label;
        }
    }
  return NULL;
}

/* Undo and Redo (Ctrl+Z, Ctrl+Shift+Z: the keys themselves are pressed by
 * the e2e-person-table test), and the menu says what they would do. */
static void
test_undo_keys (void)
{
  NlWindow *window;
  NlDatasetModel *dataset;
  g_autofree char *undo = NULL;
  g_autofree char *redo = NULL;
  g_autofree char *after = NULL;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  undo = menu_label (window, "win.undo");
  g_assert_cmpstr (undo, ==, "_Undo");

  g_assert_true (nl_dataset_model_set_cell (dataset, 0, COL_HEIGHT, "66", NULL));
  iterate ();
  g_clear_pointer (&undo, g_free);
  undo = menu_label (window, "win.undo");
  g_assert_cmpstr (undo, ==, "_Undo Edit Height (in)");
  g_assert_true (nl_window_get_modified (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, COL_HEIGHT), ==, "65");
  g_assert_false (nl_window_get_modified (window));
  redo = menu_label (window, "win.redo");
  g_assert_cmpstr (redo, ==, "_Redo Edit Height (in)");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  iterate ();
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, COL_HEIGHT), ==, "66");
  after = menu_label (window, "win.redo");
  g_assert_cmpstr (after, ==, "_Redo");
  window_destroy (window);
}

/* Reset and a weight set by hand come back with Undo. */
static void
test_undo_reset (void)
{
  NlWindow *window;
  NlNetworkModel *network;
  g_autofree double *trained = NULL;
  guint n;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  network = nl_window_get_network (window);
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  iterate ();
  trained = g_memdup2 (nl_network_model_get_params (network, &n), 9 * sizeof (double));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  iterate ();
  g_assert_cmpstr (status_text (window), ==, "Not trained yet");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  g_assert_cmpmem (nl_network_model_get_params (network, &n), n * sizeof (double),
                   trained, 9 * sizeof (double));
  g_assert_nonnull (strstr (status_text (window), "Epoch 3"));
  window_destroy (window);
}

/* The Worked Example on a table without Alice says what it replaced, and
 * Undo brings the table back. */
static void
test_worked_example_replaces (void)
{
  NlWindow *window;
  NlDatasetModel *dataset;
  const char *message;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dataset = nl_window_get_dataset (window);
  nl_dataset_model_remove_row (dataset, 0);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (dataset), ==, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.worked-example", NULL));
  iterate ();
  message = nl_window_get_notification (window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "your table (3 rows)"));
  g_assert_nonnull (strstr (message, "Undo"));
  g_assert_cmpuint (nl_dataset_model_get_n_rows (dataset), ==, 4);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, COL_NAME), ==, "Alice");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  g_assert_cmpuint (nl_dataset_model_get_n_rows (dataset), ==, 3);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (dataset, 0, COL_NAME), ==, "Bob");
  window_destroy (window);
}

/* File > New opens a window with an empty table of the same columns, and
 * New from Example (its first choice) one with the tutorial's; this one is
 * left as it is. */
static void
test_new_windows (void)
{
  NlWindow *window;
  NlWindow *empty = NULL, *example = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 0, COL_HEIGHT, "66", NULL));
  before = g_list_model_get_n_items (toplevels);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-example", NULL));
  iterate ();
  /* New from Example asks which data set; the tutorial's is offered first. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (item), "NlExampleDialog"))
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (item), "example.create", NULL));
    }
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 2);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (!NL_IS_WINDOW (item) || NL_WINDOW (item) == window)
        continue;
      if (nl_dataset_model_get_n_rows (nl_window_get_dataset (NL_WINDOW (item))) == 0)
        empty = NL_WINDOW (item);
      else
        example = NL_WINDOW (item);
    }
  g_assert_nonnull (empty);
  g_assert_nonnull (example);
  g_assert_cmpuint (nl_dataset_model_get_n_columns (nl_window_get_dataset (empty)), ==, 4);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_window_get_dataset (example)), ==, 4);
  g_assert_false (nl_window_get_modified (empty));
  g_assert_false (nl_window_get_modified (example));
  g_assert_cmpstr (nl_dataset_model_get_cell_text (nl_window_get_dataset (window), 0, COL_HEIGHT), ==, "66");

  window_destroy (empty);
  window_destroy (example);
  window_destroy (window);
}

/* After training, an edit of the table: the status line and the confusion
 * tables say their figures are from before it, until the next training. */
static void
test_stale_figures (void)
{
  NlWindow *window;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 0, COL_HEIGHT, "66", NULL));
  iterate ();
  g_assert_cmpstr (status_text (window), ==, "Not trained yet");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  iterate ();
  g_assert_null (strstr (status_text (window), "before the table changed"));
  g_assert_null (find_widget (GTK_WIDGET (window), is_label_with_text, "Training (4), before the table changed"));

  g_assert_true (nl_dataset_model_set_cell (nl_window_get_dataset (window), 1, COL_HEIGHT, "71", NULL));
  iterate ();
  g_assert_nonnull (strstr (status_text (window), "· before the table changed"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_text,
                                 "Training (4), before the table changed"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  iterate ();
  g_assert_null (strstr (status_text (window), "before the table changed"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_text, "Training (4)"));
  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/undo/keys", test_undo_keys);
  g_test_add_func ("/ui/window/undo/reset", test_undo_reset);
  g_test_add_func ("/ui/window/undo/worked-example", test_worked_example_replaces);
  g_test_add_func ("/ui/window/new", test_new_windows);
  g_test_add_func ("/ui/window/stale-figures", test_stale_figures);

  return g_test_run ();
}
