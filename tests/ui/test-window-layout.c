/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-layout.c: the window's layout as a person meets it on a
 * laptop's screen: a window that fits 1024 x 600 with every control within
 * reach and the prediction in view, a table with room for a dozen rows at
 * 1280 x 800 beside the diagram and the plot, messages that go by
 * themselves, and the drawings' exports in the main menu.
 *
 * Sizes are measured on the widgets GTK laid out; the controls are found as
 * in test-window.c, by their visible labels. Without a display every test
 * reports a skip.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "nl-predict-form.h"
#include "nl-toast.h"
#include "nl-window.h"
#include "ui-test-render.h"
#include "nl-examples.h"
#include "ui-test-window.h"

/* The compact rows of the training table, and how many must show at once. */
#define ROW_HEIGHT   28
#define ROWS_IN_VIEW 12

/* Where @widget is in @window's coordinates; FALSE when it has no place. */
static gboolean
bounds_in_window (GtkWidget       *widget,
                  NlWindow        *window,
                  graphene_rect_t *bounds)
{
  return gtk_widget_compute_bounds (widget, GTK_WIDGET (window), bounds);
}

/* The part of the window a person sees: its header bar and its content, in
 * the window's coordinates (without the shadow around it). */
static void
visible_area (NlWindow        *window,
              graphene_rect_t *area)
{
  graphene_rect_t header, content;

  g_assert_true (bounds_in_window (gtk_window_get_titlebar (GTK_WINDOW (window)), window, &header));
  g_assert_true (bounds_in_window (gtk_window_get_child (GTK_WINDOW (window)), window, &content));
  graphene_rect_union (&header, &content, area);
}

static gboolean
inside (const graphene_rect_t *inner,
        const graphene_rect_t *outer)
{
  /* Half a pixel of slack for rounding. */
  return inner->origin.x >= outer->origin.x - 0.5
         && inner->origin.y >= outer->origin.y - 0.5
         && inner->origin.x + inner->size.width <= outer->origin.x + outer->size.width + 0.5
         && inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height + 0.5;
}

/* Shown in full in the window, with some size. */
static void
assert_in_view (NlWindow   *window,
                GtkWidget  *widget,
                const char *what)
{
  graphene_rect_t area, bounds;

  visible_area (window, &area);
  if (!gtk_widget_get_mapped (widget) || !bounds_in_window (widget, window, &bounds))
    g_error ("%s is not on screen", what);
  if (bounds.size.width < 1 || bounds.size.height < 1)
    g_error ("%s has no room: %g x %g", what, bounds.size.width, bounds.size.height);
  if (!inside (&bounds, &area))
    g_error ("%s at %g,%g %gx%g lies outside the window's %gx%g", what,
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
             area.size.width, area.size.height);
}

/* In view, or in a scrolled window that is in view and that scrolls it
 * into view: a person can reach it. */
static void
assert_reachable (NlWindow   *window,
                  GtkWidget  *widget,
                  const char *what)
{
  graphene_rect_t area, bounds, port;
  GtkWidget *scroller;

  visible_area (window, &area);
  if (!gtk_widget_get_mapped (widget) || !bounds_in_window (widget, window, &bounds))
    g_error ("%s is not on screen", what);
  if (inside (&bounds, &area))
    return;
  for (scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
       scroller != NULL;
       scroller = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller), GTK_TYPE_SCROLLED_WINDOW))
    if (bounds_in_window (scroller, window, &port) && inside (&port, &area))
      {
        GtkScrolledWindow *sw = GTK_SCROLLED_WINDOW (scroller);
        gboolean fits_across = bounds.origin.x >= port.origin.x - 0.5
                               && bounds.origin.x + bounds.size.width <= port.origin.x + port.size.width + 0.5;
        gboolean fits_down = bounds.origin.y >= port.origin.y - 0.5
                             && bounds.origin.y + bounds.size.height <= port.origin.y + port.size.height + 0.5;
        GtkPolicyType across, down;

        /* Out of the port only the way the scrolled window scrolls. */
        gtk_scrolled_window_get_policy (sw, &across, &down);
        if ((fits_across || across != GTK_POLICY_NEVER) && (fits_down || down != GTK_POLICY_NEVER))
          return;
      }
  g_error ("%s at %g,%g %gx%g is outside the window's %gx%g and no scrolled window brings it in",
           what, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
           area.size.width, area.size.height);
}

static gboolean
is_control (GtkWidget  *widget,
            const char *data)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_RANGE (widget);
}

/* Every control on show in @root, depth first. */
static void
collect_controls (GtkWidget *root,
                  GPtrArray *controls)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (is_control (root, NULL))
    {
      g_ptr_array_add (controls, root);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static char *
describe (GtkWidget *widget)
{
  GtkWidget *label = NULL;

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return g_strdup_printf ("The button “%s”", gtk_button_get_label (GTK_BUTTON (widget)));
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    return g_strdup_printf ("The check button “%s”", gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)));
  for (GList *l = gtk_widget_list_mnemonic_labels (widget); l != NULL; l = g_list_delete_link (l, l))
    label = l->data;
  if (label != NULL)
    return g_strdup_printf ("The field “%s”", gtk_label_get_text (GTK_LABEL (label)));
  return g_strdup_printf ("A %s", G_OBJECT_TYPE_NAME (widget));
}

/* The training settings a person sets, by their labels. */
static const char * const settings_fields[] = {
  "Learning rate", "Epochs", "Loss", "Test %", "Hidden neurons", "Activation",
  "Initialisation", "Seed", "Target loss",
};

static GtkWidget *
predict_result (NlWindow *window)
{
  GtkWidget *form = find_by_type (window, "NlPredictForm");
  const char *text = nl_predict_form_get_result_text (NL_PREDICT_FORM (form));
  GtkWidget *label = find_widget (form, is_label_with_text, text);

  g_assert_nonnull (text);
  g_assert_nonnull (label);
  return label;
}

/* The table's scrolled window: the part of the table that scrolls. */
static GtkWidget *
table_scroller (NlWindow *window)
{
  GtkWidget *view = find_by_type (window, "NlDatasetView");
  GtkWidget *columns = find_widget (view, is_type, "GtkColumnView");

  g_assert_nonnull (columns);
  return gtk_widget_get_ancestor (columns, GTK_TYPE_SCROLLED_WINDOW);
}

static gboolean
is_column_header (GtkWidget  *widget,
                  const char *data)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "header") == 0;
}

/* Tests */

/* The window can be made as small as a 1024 x 600 screen. */
static void
test_min_size (void)
{
  NlWindow *window;
  int min_width, min_height;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL, NULL, NULL);
  g_test_message ("minimum size %d x %d", min_width, min_height);
  g_assert_cmpint (min_width, <=, 1024);
  g_assert_cmpint (min_height, <=, 600);

  /* Trained with a test set: the status line is longer, and both
   * confusion tables show. */
  nl_trainer_set_test_percent (nl_window_get_trainer (window), 50);
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  iterate ();
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL, NULL, NULL);
  g_test_message ("trained: minimum size %d x %d", min_width, min_height);
  g_assert_cmpint (min_width, <=, 1024);
  g_assert_cmpint (min_height, <=, 600);

  /* Iris (four inputs, three classes, their bars and 3 x 3 matrices) and a
   * regression (its Predictions page) fit as well, trained. */
  for (const char * const *id = (const char * const[]) { "iris", "plane", NULL }; *id; id++)
    {
      GError *error = NULL;

      g_assert_true (nl_document_open_example (nl_window_get_document (window),
                                               nl_example_find (*id), NULL, &error));
      g_assert_no_error (error);
      for (int i = 0; i < 2; i++)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
      iterate ();
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                          NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL,
                          NULL, NULL);
      g_test_message ("%s, trained: minimum size %d x %d", *id, min_width, min_height);
      g_assert_cmpint (min_width, <=, 1024);
      g_assert_cmpint (min_height, <=, 600);
    }

  window_destroy (window);
}

/* At 1280 x 800 the table shows a dozen rows, and the diagram, the plot and
 * the prediction are all in view beside it. */
static void
test_table_room (void)
{
  NlWindow *window;
  GtkWidget *scroller, *header;
  int rows_height;

  if (ui_test_skip_without_display ())
    return;

  window = window_new_sized (1280, 800);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1280);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 800);

  scroller = table_scroller (window);
  header = find_widget (scroller, is_column_header, NULL);
  g_assert_nonnull (header);
  rows_height = gtk_widget_get_height (scroller) - gtk_widget_get_height (header);
  g_test_message ("the table's rows have %d px: %d rows of %d px", rows_height,
                  rows_height / ROW_HEIGHT, ROW_HEIGHT);
  g_assert_cmpint (rows_height, >=, ROWS_IN_VIEW * ROW_HEIGHT);
  assert_in_view (window, scroller, "The table");

  assert_in_view (window, find_by_type (window, "NlNetworkView"), "The diagram");
  assert_in_view (window, find_by_type (window, "NlLossPlot"), "The loss plot");
  assert_in_view (window, predict_result (window), "The prediction");
  assert_in_view (window, find_widget (GTK_WIDGET (window), is_label_with_class, "status-line"),
                  "The status line");

  window_destroy (window);
}

/* At 1024 x 600 the prediction stays in view, and every control, the
 * training settings first, is in view or scrolls into view. */
static void
test_small_screen (void)
{
  g_autoptr (GPtrArray) controls = g_ptr_array_new ();
  NlWindow *window;

  if (ui_test_skip_without_display ())
    return;

  window = window_new_sized (1024, 600);
  g_assert_cmpint (gtk_widget_get_width (gtk_window_get_child (GTK_WINDOW (window))), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (gtk_window_get_child (GTK_WINDOW (window))), <=, 600);

  assert_in_view (window, predict_result (window), "The prediction");
  assert_in_view (window, find_widget (GTK_WIDGET (window), is_label_with_class, "status-line"),
                  "The status line");
  for (guint i = 0; i < G_N_ELEMENTS (settings_fields); i++)
    assert_reachable (window, field (window, settings_fields[i]), settings_fields[i]);
  assert_reachable (window, GTK_WIDGET (check_button (window, "Early stopping")), "Early stopping");

  collect_controls (GTK_WIDGET (window), controls);
  g_assert_cmpuint (controls->len, >, 20);
  for (guint i = 0; i < controls->len; i++)
    {
      g_autofree char *what = describe (controls->pdata[i]);

      assert_reachable (window, controls->pdata[i], what);
    }

  /* A message does not push the prediction out of view either. */
  gtk_editable_set_text (GTK_EDITABLE (field (window, "Hidden neurons")), "abc");
  g_signal_emit_by_name (field (window, "Hidden neurons"), "activate");
  g_assert_nonnull (nl_window_get_notification (window));
  iterate ();
  assert_in_view (window, predict_result (window), "The prediction under a message");

  window_destroy (window);
}

static gboolean
notification_gone (gpointer data)
{
  return nl_window_get_notification (data) == NULL;
}

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* A notification goes by itself; not while the keyboard is in it; its close
 * button takes it away at once. */
static void
test_notification_goes (void)
{
  NlWindow *window;
  NlToast *toast;
  GtkWidget *hidden, *close, *train;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  toast = NL_TOAST (find_by_type (window, "NlToast"));
  /* As long as a person gets for a short message, and a short time for the
   * test. */
  g_assert_cmpuint (nl_toast_get_timeout (toast), ==, 0);
  nl_toast_set_timeout (toast, 100);

  hidden = field (window, "Hidden neurons");
  gtk_editable_set_text (GTK_EDITABLE (hidden), "abc");
  g_signal_emit_by_name (hidden, "activate");
  g_assert_nonnull (nl_window_get_notification (window));
  if (!wait_until (notification_gone, window))
    g_error ("The notification “%s” is still shown after %d s", nl_window_get_notification (window),
             WAIT_SECONDS);

  /* Read with the keyboard, it stays; it goes once the keyboard leaves. */
  g_signal_emit_by_name (hidden, "activate");
  g_assert_nonnull (nl_window_get_notification (window));
  close = find_widget (GTK_WIDGET (toast), is_type, "GtkButton");
  g_assert_nonnull (close);
  g_assert_true (gtk_widget_grab_focus (close));
  run_for (1000);
  g_assert_nonnull (nl_window_get_notification (window));
  /* To a button rather than a field, whose blinking cursor would warn when
   * another window on the test's display took the focus meanwhile. */
  train = button_for_action (window, "win.train");
  g_assert_true (gtk_widget_grab_focus (train));
  if (!wait_until (notification_gone, window))
    g_error ("The notification stayed after the keyboard left it");

  /* Closed by hand. */
  nl_toast_set_timeout (toast, 0);
  g_signal_emit_by_name (hidden, "activate");
  g_assert_nonnull (nl_window_get_notification (window));
  g_signal_emit_by_name (close, "clicked");
  g_assert_null (nl_window_get_notification (window));

  window_destroy (window);
}

/* Whether @menu, its sections and submenus included, has an item for
 * @action with @target. */
static gboolean
menu_has (GMenuModel *menu,
          const char *action,
          const char *target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *item_action = NULL;
      g_autofree char *item_target = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action)
          && g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_TARGET, "s", &item_target)
          && g_str_equal (item_action, action) && g_str_equal (item_target, target))
        return TRUE;
      for (int k = 0; k < 2; k++)
        {
          link = g_menu_model_get_item_link (menu, i, k == 0 ? G_MENU_LINK_SECTION : G_MENU_LINK_SUBMENU);
          if (link != NULL)
            {
              gboolean found = menu_has (link, action, target);

              g_object_unref (link);
              if (found)
                return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
is_menu_button (GtkWidget  *widget,
                const char *data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL
         && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

/* The file chooser an export opened, or NULL. */
static GtkWidget *
export_dialog (NlWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

static gboolean
has_export_dialog (gpointer data)
{
  return export_dialog (data) != NULL;
}

static gboolean
no_export_dialog (gpointer data)
{
  return export_dialog (data) == NULL;
}

/* The main menu exports the plot and the diagram, as their context menus
 * do: each format asks for a file to write. */
static void
test_export_menu (void)
{
  static const char * const actions[] = { "win.export-plot", "win.export-diagram" };
  static const char * const formats[] = { "png", "svg", "pdf" };
  NlWindow *window;
  GtkWidget *menu_button;
  GMenuModel *menu;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  menu_button = find_widget (GTK_WIDGET (window), is_menu_button, NULL);
  g_assert_nonnull (menu_button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        if (!menu_has (menu, actions[a], formats[f]))
          g_error ("The main menu has no %s for %s", actions[a], formats[f]);

      /* Enabled: it asks for a file, and a cancelled choice writes nothing. */
      g_assert_null (export_dialog (window));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), actions[a], "s", "svg"));
      if (!wait_until (has_export_dialog, window))
        g_error ("%s opened no file chooser", actions[a]);
      gtk_dialog_response (GTK_DIALOG (export_dialog (window)), GTK_RESPONSE_CANCEL);
      if (!wait_until (no_export_dialog, window))
        g_error ("The file chooser of %s stayed open", actions[a]);
    }

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/layout/min-size", test_min_size);
  g_test_add_func ("/ui/window/layout/table-room", test_table_room);
  g_test_add_func ("/ui/window/layout/small-screen", test_small_screen);
  g_test_add_func ("/ui/window/layout/notification-goes", test_notification_goes);
  g_test_add_func ("/ui/window/layout/export-menu", test_export_menu);

  return g_test_run ();
}
