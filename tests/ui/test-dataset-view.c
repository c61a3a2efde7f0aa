/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset-view.c: the training table, edited as a person would.
 *
 * Keys go through the view's own key controller, as the keyboard's do (it
 * sees them first, in the capture phase); what it leaves to the focused
 * entry is typed there when the entry is editable, as GtkText would. Focus
 * moves with gtk_widget_grab_focus() and the window's "move-focus", as a
 * click and Tab do; a click is the cell's own click gesture's "pressed".
 *
 * Without a display every test reports a skip.
 */

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <gtk/gtk.h>

#include "nl-csv.h"
#include "nl-dataset-view.h"
#include "nl-dataset-view-private.h"
#include "nl-row.h"
#include "ui-test-render.h"

#define NAME_COLUMN   0
#define WEIGHT_COLUMN 1
#define HEIGHT_COLUMN 2
#define GENDER_COLUMN 3

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Waits until the cell (@row, @column) is on screen and returns its entry. */
static GtkWidget *
wait_for_cell (NlDatasetView *view,
               guint          row,
               guint          column)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWidget *cell;

  while ((cell = nl_dataset_view_get_cell_widget (view, row, column)) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (cell);
  g_assert_true (GTK_IS_ENTRY (cell));
  return cell;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
row_selected_cb (NlDatasetView *view,
                 gint           row,
                 gint          *out)
{
  *out = row;
}

typedef struct
{
  NlDatasetModel     *model;
  NlDatasetView      *view;
  GtkWidget          *window;
  GtkWidget          *before;   /* a button before the table, in the Tab order */
  GtkWidget          *after;    /* and one after it */
  GtkEventController *keys;     /* the view's key controller */
  guint               n_errors; /* messages the view sent that are errors */
} Fixture;

static void
message_cb (NlDatasetView *view,
            const char    *text,
            gboolean       is_error,
            Fixture       *fixture)
{
  g_assert_nonnull (text);
  if (is_error)
    fixture->n_errors++;
}

static GtkEventController *
find_controller (GtkWidget  *widget,
                 GType       type,
                 GtkPropagationPhase phase)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type)
          && gtk_event_controller_get_propagation_phase (controller) == phase)
        return controller;
    }
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box;

  if (!ui_test_have_display)
    return;
  fixture->model = nl_dataset_model_new_tutorial ();
  fixture->view = NL_DATASET_VIEW (g_object_ref_sink (nl_dataset_view_new ()));
  nl_dataset_view_set_model (fixture->view, fixture->model);
  g_assert_true (nl_dataset_view_get_model (fixture->view) == fixture->model);
  g_signal_connect (fixture->view, "message", G_CALLBACK (message_cb), fixture);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  fixture->before = gtk_button_new_with_label ("Before");
  fixture->after = gtk_button_new_with_label ("After");
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->view), TRUE);
  gtk_box_append (GTK_BOX (box), fixture->before);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->view));
  gtk_box_append (GTK_BOX (box), fixture->after);
  fixture->window = ui_test_show (box, 800, 400);

  fixture->keys = find_controller (GTK_WIDGET (fixture->view), GTK_TYPE_EVENT_CONTROLLER_KEY,
                                   GTK_PHASE_CAPTURE);
  g_assert_nonnull (fixture->keys);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!ui_test_have_display)
    return;
  g_signal_handlers_disconnect_by_data (fixture->view, fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate ();
  g_assert_finalize_object (fixture->view);
  g_assert_finalize_object (fixture->model);
}

/* The entry the keyboard is on, or NULL. */
static GtkWidget *
focused_entry (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  if (focus == NULL)
    return NULL;
  return GTK_IS_ENTRY (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);
}

static gboolean
is_editing (GtkWidget *entry)
{
  return gtk_editable_get_editable (GTK_EDITABLE (entry));
}

static void
assert_focus_on (Fixture *fixture,
                 guint    row,
                 guint    column)
{
  GtkWidget *entry = wait_for_cell (fixture->view, row, column);

  if (focused_entry (fixture) != entry)
    g_error ("The keyboard is not on row %u, column %u", row + 1, column);
}

/* A key pressed on the keyboard: the view's key controller first, then,
 * when it leaves the key, the focused entry types it if it can. */
static void
press (Fixture         *fixture,
       guint            keyval,
       GdkModifierType  state)
{
  gboolean handled = FALSE;
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkWidget *entry;

  g_signal_emit_by_name (fixture->keys, "key-pressed", keyval, 0, state, &handled);
  entry = focused_entry (fixture);
  if (!handled && entry != NULL && is_editing (entry) && c != 0 && g_unichar_isprint (c)
      && (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0)
    {
      char buf[8] = { 0 };
      int length = g_unichar_to_utf8 (c, buf);
      int position;

      gtk_editable_delete_selection (GTK_EDITABLE (entry));
      position = gtk_editable_get_position (GTK_EDITABLE (entry));
      gtk_editable_insert_text (GTK_EDITABLE (entry), buf, length, &position);
      gtk_editable_set_position (GTK_EDITABLE (entry), position);
    }
  iterate ();
}

static void
type (Fixture    *fixture,
      const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    press (fixture, gdk_unicode_to_keyval (g_utf8_get_char (p)), 0);
}

/* A press of the primary button on @entry (the @n_press'th of a multiple
 * click), through the cell's own click gesture. */
static void
click (GtkWidget *entry,
       int        n_press)
{
  GtkEventController *gesture = find_controller (entry, GTK_TYPE_GESTURE_CLICK, GTK_PHASE_CAPTURE);

  g_assert_nonnull (gesture);
  /* What went before (typing gives up the X PRIMARY selection) has come
   * back from the server, as it has between a person's clicks; else its
   * late echo would take away the selection this click makes. */
  gdk_display_sync (gtk_widget_get_display (entry));
  iterate ();
  g_signal_emit_by_name (gesture, "pressed", n_press, 4.0, 4.0);
  iterate ();
}

static const char *
text_of (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static GtkWidget *
find_menu_button (GtkWidget  *widget,
                  const char *label)
{
  if (GTK_IS_MENU_BUTTON (widget)
      && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  while (text == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return text;
}

static void
wait_for_rows (NlDatasetModel *model,
               guint           n_rows)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (nl_dataset_model_get_n_rows (model) != n_rows && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (model), ==, n_rows);
}

/* Spreadsheet editing */

/* Typing in a cell, then clicking a cell of another row, keeps what was
 * typed; the clicked cell is edited at once. */
static void
test_click_away_commits (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *alice, *bob;
  gint selected = -2;

  if (ui_test_skip_without_display ())
    return;

  g_signal_connect (fixture->view, "row-selected", G_CALLBACK (row_selected_cb), &selected);
  alice = wait_for_cell (fixture->view, 0, HEIGHT_COLUMN);
  bob = wait_for_cell (fixture->view, 1, HEIGHT_COLUMN);

  click (alice, 1);
  g_assert_true (is_editing (alice));
  g_assert_cmpint (selected, ==, 0);
  type (fixture, "66");
  g_assert_cmpstr (text_of (alice), ==, "66");
  /* Not stored while it is typed. */
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, HEIGHT_COLUMN), ==, "65");

  /* The click moves the keyboard there: the typed value is stored. */
  gtk_widget_grab_focus (bob);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, HEIGHT_COLUMN), ==, "66");
  g_assert_false (is_editing (alice));
  click (bob, 1);
  g_assert_true (is_editing (bob));
  g_assert_cmpint (selected, ==, 1);
  /* The whole value is selected: typing replaces it. */
  type (fixture, "77");
  g_assert_cmpstr (text_of (bob), ==, "77");
  nl_dataset_view_commit_edit (fixture->view);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 1, HEIGHT_COLUMN), ==, "77");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, HEIGHT_COLUMN), ==, "66");
  g_assert_null (nl_dataset_view_get_message (fixture->view));

  g_signal_handlers_disconnect_by_data (fixture->view, &selected);
}

/* GTK 4.8 unbinds and binds a row's cells when the selection changes: the
 * edit goes on, with what was typed. */
static void
test_edit_survives_rebind (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  gtk_widget_grab_focus (entry);
  type (fixture, "15");
  g_assert_true (is_editing (entry));
  nl_dataset_view_set_selected_row (fixture->view, 0);
  nl_dataset_view_set_selected_row (fixture->view, 2);
  iterate ();
  entry = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  g_assert_true (is_editing (entry));
  g_assert_cmpstr (text_of (entry), ==, "15");
  type (fixture, "3");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "153");
  /* No other cell took the text. */
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, WEIGHT_COLUMN), ==, "133");
}

/* A double click selects the whole value: typing replaces it, never adds
 * to it (no more 153152). */
static void
test_double_click_replaces (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  click (entry, 1);
  /* The entry's own handling of the second press would put the caret
   * where the pointer is; the double click takes the whole value. */
  gtk_editable_set_position (GTK_EDITABLE (entry), 1);
  click (entry, 2);
  type (fixture, "153");
  press (fixture, GDK_KEY_Return, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "153");
  /* Enter stores and goes down a row, as spreadsheets do. */
  assert_focus_on (fixture, 3, WEIGHT_COLUMN);
  g_assert_false (is_editing (focused_entry (fixture)));
  press (fixture, GDK_KEY_Return, GDK_SHIFT_MASK);
  assert_focus_on (fixture, 2, WEIGHT_COLUMN);
}

/* Escape gives the edit up: the cell shows its stored value again. */
static void
test_escape_cancels (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  gtk_widget_grab_focus (entry);
  type (fixture, "999");
  g_assert_cmpstr (text_of (entry), ==, "999");
  press (fixture, GDK_KEY_Escape, 0);
  g_assert_false (is_editing (entry));
  g_assert_cmpstr (text_of (entry), ==, "152");
  assert_focus_on (fixture, 2, WEIGHT_COLUMN);
  /* Moving on stores nothing. */
  press (fixture, GDK_KEY_Down, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "152");
  g_assert_cmpuint (fixture->n_errors, ==, 0);
}

/* F2 edits with the caret at the end; a printable key replaces the value. */
static void
test_keys_start_editing (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 0, NAME_COLUMN);
  gtk_widget_grab_focus (entry);
  g_assert_false (is_editing (entry));
  press (fixture, GDK_KEY_F2, 0);
  g_assert_true (is_editing (entry));
  type (fixture, "n");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, NAME_COLUMN), ==, "Alicen");

  /* On the weight now, not editing: a digit starts an edit that replaces. */
  assert_focus_on (fixture, 0, WEIGHT_COLUMN);
  type (fixture, "4");
  type (fixture, "2");
  g_assert_cmpstr (text_of (focused_entry (fixture)), ==, "42");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, WEIGHT_COLUMN), ==, "42");
}

/* Tab and Shift+Tab move right and left through the editable cells and
 * wrap to the next or previous row; Tab stores the edit. */
static void
test_tab_moves (Fixture       *fixture,
                gconstpointer  data)
{
  static const guint order[] = { NAME_COLUMN, WEIGHT_COLUMN, HEIGHT_COLUMN, GENDER_COLUMN };

  if (ui_test_skip_without_display ())
    return;

  gtk_widget_grab_focus (wait_for_cell (fixture->view, 0, NAME_COLUMN));
  for (guint i = 1; i < 6; i++)
    {
      press (fixture, GDK_KEY_Tab, 0);
      assert_focus_on (fixture, i / 4, order[i % 4]);
    }
  /* Row 2, Weight; back left, and up to the end of row 1. */
  press (fixture, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK);
  assert_focus_on (fixture, 1, NAME_COLUMN);
  press (fixture, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK);
  assert_focus_on (fixture, 0, GENDER_COLUMN);
  press (fixture, GDK_KEY_Tab, GDK_SHIFT_MASK);
  assert_focus_on (fixture, 0, HEIGHT_COLUMN);

  /* Typing, then Tab: stored, and on to the next cell. */
  type (fixture, "64");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, HEIGHT_COLUMN), ==, "64");
  assert_focus_on (fixture, 0, GENDER_COLUMN);

  /* The arrows move between cells when nothing is being edited. */
  press (fixture, GDK_KEY_Left, 0);
  assert_focus_on (fixture, 0, HEIGHT_COLUMN);
  press (fixture, GDK_KEY_Down, 0);
  assert_focus_on (fixture, 1, HEIGHT_COLUMN);
  g_assert_cmpint (nl_dataset_view_get_selected_row (fixture->view), ==, 1);
}

/* For the window's Tab chain the table is one stop: Tab from the control
 * before it lands on a cell, Ctrl+Tab leaves at once, Shift+Tab from the
 * control after it comes back to the cell last worked on, and Escape then
 * Tab leaves too. */
static void
test_one_tab_stop (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *columns;

  if (ui_test_skip_without_display ())
    return;

  wait_for_cell (fixture->view, 0, NAME_COLUMN);
  columns = find_menu_button (GTK_WIDGET (fixture->view), "Columns");
  g_assert_nonnull (columns);
  gtk_widget_grab_focus (columns);
  g_signal_emit_by_name (fixture->window, "move-focus", GTK_DIR_TAB_FORWARD);
  iterate ();
  assert_focus_on (fixture, 0, NAME_COLUMN);

  press (fixture, GDK_KEY_Tab, 0);
  press (fixture, GDK_KEY_Tab, 0);
  assert_focus_on (fixture, 0, HEIGHT_COLUMN);
  press (fixture, GDK_KEY_Tab, GDK_CONTROL_MASK);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == fixture->after);

  g_signal_emit_by_name (fixture->window, "move-focus", GTK_DIR_TAB_BACKWARD);
  iterate ();
  assert_focus_on (fixture, 0, HEIGHT_COLUMN);

  press (fixture, GDK_KEY_Escape, 0);
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == fixture->after);

  /* Backwards out of the table: to the buttons above it. */
  g_signal_emit_by_name (fixture->window, "move-focus", GTK_DIR_TAB_BACKWARD);
  iterate ();
  press (fixture, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK | GDK_CONTROL_MASK);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), columns));

  /* From the very top, Tab goes through the buttons, then the table. */
  gtk_widget_grab_focus (fixture->before);
  for (guint i = 0; i < 8 && focused_entry (fixture) == NULL; i++)
    {
      g_signal_emit_by_name (fixture->window, "move-focus", GTK_DIR_TAB_FORWARD);
      iterate ();
    }
  assert_focus_on (fixture, 0, HEIGHT_COLUMN);
}

/* Lets @n frames of @widget's window go by, so that what waits for a
 * frame (the list's layout) has happened. */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 start = gdk_frame_clock_get_frame_counter (clock);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gdk_frame_clock_begin_updating (clock);
  while (gdk_frame_clock_get_frame_counter (clock) < start + n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gdk_frame_clock_end_updating (clock);
}

/* Whether the cell (@row, @column) is on screen in the table. */
static gboolean
cell_in_view (Fixture *fixture,
              guint    row,
              guint    column)
{
  GtkWidget *entry = nl_dataset_view_get_cell_widget (fixture->view, row, column);
  GtkWidget *column_view;
  graphene_rect_t bounds;

  if (entry == NULL || !gtk_widget_get_mapped (entry))
    return FALSE;
  column_view = gtk_widget_get_ancestor (entry, GTK_TYPE_COLUMN_VIEW);
  return gtk_widget_compute_bounds (entry, column_view, &bounds)
         && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (column_view);
}

/* Add Row shows the new row, far down a long table, and edits its first
 * cell: typing fills it. Three times: the list once failed to scroll to a row
 * added below the one being edited. */
static void
test_add_row_edits (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  guint n_rows;
  guint row = 0;

  if (ui_test_skip_without_display ())
    return;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (rows, "P%u\t%u\t%u\t%s\n", i, 120 + i % 40, 60 + i % 12,
                            i % 2 ? "Male" : "Female");
  g_assert_cmpuint (nl_dataset_model_append_text (fixture->model, rows->str, NULL), ==, 60);
  n_rows = nl_dataset_model_get_n_rows (fixture->model);
  wait_for_cell (fixture->view, 0, NAME_COLUMN);

  for (guint k = 0; k < 3; k++)
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "dataset.add-row", NULL));
      row = n_rows + k;
      g_assert_cmpuint (nl_dataset_model_get_n_rows (fixture->model), ==, row + 1);
      while ((focused_entry (fixture) != nl_dataset_view_get_cell_widget (fixture->view, row, NAME_COLUMN)
              || !cell_in_view (fixture, row, NAME_COLUMN))
             && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      /* And it stays in view once the list has laid the new row out. */
      wait_frames (GTK_WIDGET (fixture->view), 5);
      assert_focus_on (fixture, row, NAME_COLUMN);
      g_assert_true (cell_in_view (fixture, row, NAME_COLUMN));
      g_assert_true (is_editing (focused_entry (fixture)));
      g_assert_cmpint (nl_dataset_view_get_selected_row (fixture->view), ==, (gint) row);
    }

  type (fixture, "Eve");
  press (fixture, GDK_KEY_Tab, 0);
  type (fixture, "130");
  press (fixture, GDK_KEY_Return, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, row, NAME_COLUMN), ==, "Eve");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, row, WEIGHT_COLUMN), ==, "130");
}

/* Delete, with the keyboard in the table and nothing being edited, removes
 * the selected rows; the selection moves to the row after them. */
static void
test_delete_rows (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkSelectionModel *selection;
  GtkWidget *column_view;
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 1, WEIGHT_COLUMN);
  gtk_widget_grab_focus (entry);
  column_view = gtk_widget_get_ancestor (entry, GTK_TYPE_COLUMN_VIEW);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
  gtk_selection_model_select_range (selection, 1, 2, TRUE);

  /* While editing, Delete is the text's. */
  press (fixture, GDK_KEY_F2, 0);
  press (fixture, GDK_KEY_Delete, 0);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (fixture->model), ==, 4);
  press (fixture, GDK_KEY_Escape, 0);

  press (fixture, GDK_KEY_Delete, 0);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (fixture->model), ==, 2);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, NAME_COLUMN), ==, "Alice");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 1, NAME_COLUMN), ==, "Diana");
  g_assert_cmpint (nl_dataset_view_get_selected_row (fixture->view), ==, 1);
  /* The keyboard stays in the table, on the row after. */
  assert_focus_on (fixture, 1, WEIGHT_COLUMN);
}

/* Nothing typed is lost: "abc" for a weight is kept, shown in the error
 * style, and its row says why it is left out of training. */
static void
test_invalid_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *status;
  const char *message;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  g_assert_cmpstr (text_of (entry), ==, "152");
  g_assert_null (nl_dataset_view_get_message (fixture->view));

  click (entry, 1);
  type (fixture, "abc");
  press (fixture, GDK_KEY_Return, 0);

  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "abc");
  g_assert_cmpstr (text_of (entry), ==, "abc");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (fixture->model), ==, 3);
  message = nl_dataset_view_get_message (fixture->view);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "Row 3, Weight (lb)"));
  g_assert_nonnull (strstr (message, "“abc” is not a number"));
  g_assert_cmpuint (fixture->n_errors, ==, 1);

  /* The Status column says it, in its tooltip and to a screen reader. */
  status = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (entry)));
  status = gtk_widget_get_first_child (status);
  g_assert_true (GTK_IS_IMAGE (status));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (status)), ==, "dialog-error-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (status), ==, "Weight (lb): “abc” is not a number");

  /* Emptied: kept empty, and said. */
  gtk_widget_grab_focus (wait_for_cell (fixture->view, 1, HEIGHT_COLUMN));
  press (fixture, GDK_KEY_BackSpace, 0);
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 1, HEIGHT_COLUMN), ==, "");
  g_assert_cmpuint (fixture->n_errors, ==, 2);

  /* Fixed: trained on again, and the last message is over. */
  click (entry, 1);
  type (fixture, "152");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_null (nl_dataset_view_get_message (fixture->view));
  g_assert_null (gtk_image_get_icon_name (GTK_IMAGE (status)));
}

/* A number far outside its column is kept and trained on, with a warning
 * in the Status column, not a problem. */
static void
test_plausibility_warning (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *status;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  click (entry, 1);
  /* 153 typed in front of the old value, as a caret at the start would. */
  gtk_editable_set_position (GTK_EDITABLE (entry), 0);
  type (fixture, "153");
  press (fixture, GDK_KEY_Return, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "153152");

  g_assert_true (gtk_widget_has_css_class (entry, "warning"));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (fixture->model), ==, 4);
  g_assert_cmpuint (fixture->n_errors, ==, 0);
  status = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (entry)));
  status = gtk_widget_get_first_child (status);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (status)), ==, "dialog-warning-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (status), ==,
                   "Weight (lb) 153152 is far outside the other rows (120–160)");
}

/* A German reader sees and types a decimal comma; the table keeps a point. */
static void
test_german_numbers (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *normalized;
  g_autofree char *old_locale = NULL;

  if (ui_test_skip_without_display ())
    return;
  old_locale = g_strdup (setlocale (LC_NUMERIC, NULL));
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("No German locale");
      return;
    }

  g_assert_true (nl_dataset_model_set_cell (fixture->model, 0, HEIGHT_COLUMN, "65.5", NULL));
  iterate ();
  entry = wait_for_cell (fixture->view, 0, HEIGHT_COLUMN);
  g_assert_cmpstr (text_of (entry), ==, "65,5");
  /* Alice's x2, the column after x1: (65.5 - 66) / 1. */
  normalized = gtk_widget_get_parent (gtk_widget_get_parent (entry));
  normalized = gtk_widget_get_first_child (gtk_widget_get_last_child (normalized));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (normalized)), ==, "-0,500");

  /* Both separators are accepted. */
  click (entry, 1);
  type (fixture, "66,25");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, HEIGHT_COLUMN), ==, "66.25");
  g_assert_cmpstr (text_of (entry), ==, "66,25");
  click (entry, 1);
  type (fixture, "64.75");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, HEIGHT_COLUMN), ==, "64.75");
  g_assert_cmpstr (text_of (entry), ==, "64,75");
  g_assert_cmpuint (fixture->n_errors, ==, 0);

  /* A target's numbers too. */
  g_assert_true (nl_dataset_model_set_target_column (fixture->model, HEIGHT_COLUMN, NULL));
  iterate ();
  entry = wait_for_cell (fixture->view, 1, HEIGHT_COLUMN);
  click (entry, 1);
  type (fixture, "67,5");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 1, HEIGHT_COLUMN), ==, "67.5");
  g_assert_cmpstr (text_of (entry), ==, "67,5");
  g_assert_cmpuint (fixture->n_errors, ==, 0);

  setlocale (LC_NUMERIC, old_locale);
}

/* The label: named for a screen reader like every cell, changed by typing
 * the start of a class or from its menu, and no taller than a text row. */
static void
test_label_cell (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *row_widget;
  g_autofree char *failure = NULL;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 0, GENDER_COLUMN);
  g_assert_cmpstr (text_of (entry), ==, "Female");
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (entry),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, "Row 1, Gender");
  g_assert_null (failure);

  /* "m" is Male. */
  gtk_widget_grab_focus (entry);
  type (fixture, "m");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, GENDER_COLUMN), ==, "Male");

  /* The menu of the classes (Alt+Down, or the arrow beside the class)
   * stores what it chooses, and gives the keyboard back to the cell. The
   * menu itself is not opened here: a popup's pointer grab under Xvfb
   * starts a GTK 4.8 tooltip timeout that outlives the test's window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "dataset.set-class",
                                             "(us)", 0, "Female"));
  iterate ();
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, GENDER_COLUMN), ==, "Female");
  assert_focus_on (fixture, 0, GENDER_COLUMN);

  /* Compact: a row is no taller than a line of text needs. */
  row_widget = gtk_widget_get_parent (gtk_widget_get_parent (gtk_widget_get_parent (entry)));
  g_test_message ("A row is %d px tall", gtk_widget_get_height (row_widget));
  g_assert_cmpint (gtk_widget_get_height (row_widget), <=, 28);
}

/* A label of three classes: its cells have the menu of all three, and the
 * start of any class's name stands for it. A target's cells are numbers:
 * right-aligned, and marked when they are not numbers or are empty. */
static void
test_task_columns (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *csv = "Name,Length,Species,Mass\n"
                    "A,1.0,setosa,10\nB,2.0,versicolor,20\nC,3.0,virginica,30\n"
                    "D,1.2,setosa,11\nE,2.1,versicolor,21\nF,3.3,virginica,33\n";
  const char *species[] = { "setosa", "versicolor", "virginica" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  NlError err;
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  nl_error_clear (&err);
  nl_dataset_model_set_dataset (fixture->model, nl_csv_read_buffer (csv, strlen (csv), &err));
  g_assert_true (nl_dataset_model_set_label_column (fixture->model, 2, &error));
  g_assert_no_error (error);
  iterate ();

  entry = wait_for_cell (fixture->view, 0, 2);
  /* The arrow beside the class opens the menu of the classes. */
  g_assert_true (GTK_IS_BUTTON (gtk_widget_get_next_sibling (entry)));
  menu = _nl_dataset_view_dup_class_menu (fixture->view, 0);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);
  for (int k = 0; k < 3; k++)
    {
      g_autofree char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, k, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_cmpstr (label, ==, species[k]);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "dataset.set-class",
                                             "(us)", 0, "virginica"));
  iterate ();
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, 2), ==, "virginica");
  gtk_widget_grab_focus (wait_for_cell (fixture->view, 1, 2));
  type (fixture, "vi");
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 1, 2), ==, "virginica");

  /* Mass becomes the target. */
  g_assert_true (nl_dataset_model_set_target_column (fixture->model, 3, &error));
  g_assert_no_error (error);
  iterate ();
  entry = wait_for_cell (fixture->view, 2, 3);
  g_assert_true (gtk_widget_has_css_class (entry, "numeric"));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  click (entry, 1);
  type (fixture, "heavy");
  press (fixture, GDK_KEY_Return, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, 3), ==, "heavy");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_nonnull (strstr (nl_dataset_view_get_message (fixture->view), "“heavy” is not a number"));
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (fixture->model), ==, 5);

  /* Empty: a target is needed, as a label is. */
  entry = wait_for_cell (fixture->view, 4, 3);
  gtk_widget_grab_focus (entry);
  press (fixture, GDK_KEY_BackSpace, 0);
  press (fixture, GDK_KEY_Tab, 0);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 4, 3), ==, "");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_nonnull (strstr (nl_dataset_view_get_message (fixture->view), "a value is needed"));

  /* The former label is text now: no menu. */
  entry = wait_for_cell (fixture->view, 0, 2);
  g_assert_null (gtk_widget_get_next_sibling (entry));
}

/* The window stores an edit in progress before it reads the table. */
static void
test_commit_edit (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 3, WEIGHT_COLUMN);
  gtk_widget_grab_focus (entry);
  type (fixture, "125");
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 3, WEIGHT_COLUMN), ==, "120");
  nl_dataset_view_commit_edit (fixture->view);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 3, WEIGHT_COLUMN), ==, "125");
  g_assert_false (is_editing (entry));
  /* Nothing to store: nothing happens. */
  nl_dataset_view_commit_edit (fixture->view);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 3, WEIGHT_COLUMN), ==, "125");

  /* Focus elsewhere in the window, as a click on a field: stored too. */
  gtk_widget_grab_focus (entry);
  type (fixture, "126");
  gtk_widget_grab_focus (fixture->after);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 3, WEIGHT_COLUMN), ==, "126");
}

/* A change made elsewhere shows in the cell. */
static void
test_model_change_shows (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  entry = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  g_assert_true (nl_dataset_model_set_cell (fixture->model, 2, WEIGHT_COLUMN, "151", NULL));
  iterate ();
  g_assert_cmpstr (text_of (entry), ==, "151");
}

static void
test_add_remove (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *list;
  GtkWidget *add_button;
  GtkWidget *remove_button;
  gint selected = -2;

  if (ui_test_skip_without_display ())
    return;

  list = G_LIST_MODEL (fixture->model);
  add_button = find_button (GTK_WIDGET (fixture->view), "Add Row");
  remove_button = find_button (GTK_WIDGET (fixture->view), "Remove Row");

  g_assert_nonnull (add_button);
  g_assert_nonnull (remove_button);
  g_signal_connect (fixture->view, "row-selected", G_CALLBACK (row_selected_cb), &selected);

  /* Nothing is selected: nothing to remove. */
  g_assert_cmpint (nl_dataset_view_get_selected_row (fixture->view), ==, -1);
  g_assert_false (gtk_widget_is_sensitive (remove_button));

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  g_signal_emit_by_name (add_button, "clicked");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);
  g_assert_cmpint (nl_dataset_view_get_selected_row (fixture->view), ==, 4);
  g_assert_cmpint (selected, ==, 4);
  g_assert_true (gtk_widget_is_sensitive (remove_button));
  wait_for_cell (fixture->view, 4, WEIGHT_COLUMN);

  /* Remove Bob. */
  nl_dataset_view_set_selected_row (fixture->view, 1);
  g_assert_cmpint (selected, ==, 1);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 1, 0), ==, "Bob");
  g_signal_emit_by_name (remove_button, "clicked");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 1, 0), ==, "Charlie");

  nl_dataset_view_set_selected_row (fixture->view, -1);
  g_assert_cmpint (selected, ==, -1);
  iterate ();
  g_assert_false (gtk_widget_is_sensitive (remove_button));

  g_signal_handlers_disconnect_by_data (fixture->view, &selected);
}

static void
test_current_sample (Fixture       *fixture,
                     gconstpointer  data)
{
  if (ui_test_skip_without_display ())
    return;

  wait_for_cell (fixture->view, 1, WEIGHT_COLUMN);
  nl_dataset_view_set_current_sample (fixture->view, 1);
  g_assert_cmpint (nl_dataset_view_get_current_sample (fixture->view), ==, 1);
  nl_dataset_view_set_current_sample (fixture->view, -1);
  g_assert_cmpint (nl_dataset_view_get_current_sample (fixture->view), ==, -1);

  /* A new table, and no model at all, are fine. */
  {
    g_autoptr(NlDatasetModel) other = nl_dataset_model_new_tutorial ();

    nl_dataset_view_set_model (fixture->view, other);
    wait_for_cell (fixture->view, 0, WEIGHT_COLUMN);
    nl_dataset_view_set_model (fixture->view, NULL);
    iterate ();
    g_assert_null (nl_dataset_view_get_cell_widget (fixture->view, 0, WEIGHT_COLUMN));
    nl_dataset_view_set_model (fixture->view, fixture->model);
  }
}

static void
test_paste (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *view;
  gint selected = -2;

  if (ui_test_skip_without_display ())
    return;

  view = GTK_WIDGET (fixture->view);
  g_signal_connect (fixture->view, "row-selected", G_CALLBACK (row_selected_cb), &selected);
  wait_for_cell (fixture->view, 0, WEIGHT_COLUMN);

  /* As copied from a spreadsheet, with its header and a bad value. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (view),
                          "Name\tWeight (lb)\tHeight (in)\tGender\n"
                          "Eve\t130\t64\tFemale\n"
                          "Frank\tabc\t71\tMale\n");
  g_assert_true (gtk_widget_activate_action (view, "dataset.paste-rows", NULL));
  wait_for_rows (fixture->model, 6);
  iterate ();

  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 4, 0), ==, "Eve");
  /* Kept as typed, and out of training. */
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 5, WEIGHT_COLUMN), ==, "abc");
  g_assert_cmpuint (nl_dataset_model_get_n_usable_rows (fixture->model), ==, 5);
  g_assert_cmpstr (nl_dataset_view_get_message (fixture->view), ==,
                   "Pasted 2 rows at the end of the table");
  /* The pasted rows are selected; the first is the one reported. */
  g_assert_cmpint (selected, ==, 4);
  g_assert_cmpint (nl_dataset_view_get_selected_row (fixture->view), ==, 4);

  /* Text that holds no rows adds none, and says so. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (view), "\n\n");
  g_assert_true (gtk_widget_activate_action (view, "dataset.paste-rows", NULL));
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (g_strcmp0 (nl_dataset_view_get_message (fixture->view),
                      "Pasted 2 rows at the end of the table") == 0
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_nonnull (strstr (nl_dataset_view_get_message (fixture->view), "Nothing to paste"));
  g_assert_cmpuint (nl_dataset_model_get_n_rows (fixture->model), ==, 6);

  g_signal_handlers_disconnect_by_data (fixture->view, &selected);
}

static void
test_copy (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *column_view;
  GtkSelectionModel *selection;
  g_autofree char *text = NULL;
  gint selected = -2;

  if (ui_test_skip_without_display ())
    return;

  view = GTK_WIDGET (fixture->view);
  g_signal_connect (fixture->view, "row-selected", G_CALLBACK (row_selected_cb), &selected);
  wait_for_cell (fixture->view, 0, WEIGHT_COLUMN);

  /* Nothing selected: the action is disabled, nothing happens. */
  gtk_widget_activate_action (view, "dataset.copy-rows", NULL);
  g_assert_null (nl_dataset_view_get_message (fixture->view));

  /* One row. */
  nl_dataset_view_set_selected_row (fixture->view, 2);
  g_assert_true (gtk_widget_activate_action (view, "dataset.copy-rows", NULL));
  text = read_clipboard (view);
  g_assert_cmpstr (text, ==, "Charlie\t152\t70\tMale\n");
  g_assert_cmpstr (nl_dataset_view_get_message (fixture->view), ==, "Copied 1 row");
  g_clear_pointer (&text, g_free);

  /* Several rows: the first is the one reported as selected. */
  column_view = find_type (view, GTK_TYPE_COLUMN_VIEW);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
  g_assert_true (GTK_IS_MULTI_SELECTION (selection));
  gtk_selection_model_select_range (selection, 1, 2, TRUE);
  gtk_selection_model_select_item (selection, 3, FALSE);
  g_assert_cmpint (selected, ==, 1);
  g_assert_true (gtk_widget_activate_action (view, "dataset.copy-rows", NULL));
  text = read_clipboard (view);
  g_assert_cmpstr (text, ==,
                   "Bob\t160\t72\tMale\n"
                   "Charlie\t152\t70\tMale\n"
                   "Diana\t120\t60\tFemale\n");

  /* Pasting them back appends the same rows. */
  g_assert_true (gtk_widget_activate_action (view, "dataset.paste-rows", NULL));
  wait_for_rows (fixture->model, 7);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 6, 0), ==, "Diana");
  g_assert_cmpint (selected, ==, 4);

  /* Remove Row removes every selected row. */
  g_assert_true (gtk_widget_activate_action (view, "dataset.remove-row", NULL));
  iterate ();
  g_assert_cmpuint (nl_dataset_model_get_n_rows (fixture->model), ==, 4);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 3, 0), ==, "Diana");

  g_signal_handlers_disconnect_by_data (fixture->view, &selected);
}

static guint
n_view_columns (Fixture *fixture)
{
  GtkWidget *column_view = find_type (GTK_WIDGET (fixture->view), GTK_TYPE_COLUMN_VIEW);

  return g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view)));
}

static void
test_columns (Fixture       *fixture,
              gconstpointer  data)
{
  static const char csv[] =
    "x1,x2,Flag,Gender\n"
    "1,2,0,F\n"
    "2,1,1,M\n"
    "3,5,0,M\n"
    "4,bad,1,F\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *button;
  GtkWidget *popover;
  GtkGrid *grid;
  GtkWidget *problems;
  guint columns_changed = 0;
  gint selected = -2;
  int fd;

  if (ui_test_skip_without_display ())
    return;

  wait_for_cell (fixture->view, 0, WEIGHT_COLUMN);
  g_signal_connect_swapped (fixture->model, "columns-changed", G_CALLBACK (g_atomic_int_inc),
                            &columns_changed);
  g_signal_connect (fixture->view, "row-selected", G_CALLBACK (row_selected_cb), &selected);
  /* Status, the four columns, two normalised inputs. */
  g_assert_cmpuint (n_view_columns (fixture), ==, 7);
  problems = find_menu_button (GTK_WIDGET (fixture->view), "Problems");
  g_assert_nonnull (problems);
  g_assert_false (gtk_widget_get_visible (problems));

  button = find_menu_button (GTK_WIDGET (fixture->view), "Columns");
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  iterate ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (gtk_widget_get_visible (popover));
  grid = GTK_GRID (find_type (popover, GTK_TYPE_GRID));

  /* Name: no Input, and too many values to be the label. */
  g_assert_null (gtk_grid_get_child_at (grid, 1, 0));
  g_assert_false (gtk_widget_get_sensitive (gtk_grid_get_child_at (grid, 2, 0)));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 2, 3))));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 1, 2))),
                   ==, "Input");

  /* Height out of the inputs: the model says so, the table follows. */
  nl_dataset_view_set_selected_row (fixture->view, 1);
  selected = -2;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 1, 2)), FALSE);
  g_assert_cmpuint (columns_changed, ==, 1);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (fixture->model), ==, 1);
  iterate ();
  g_assert_cmpuint (n_view_columns (fixture), ==, 6);
  /* The selection is said again, for the window, which forgets it. */
  g_assert_cmpint (selected, ==, 1);

  /* The last input stays. */
  grid = GTK_GRID (find_type (popover, GTK_TYPE_GRID));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 1, 1)), FALSE);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 1, 1))));
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (fixture->model), ==, 1);
  g_assert_nonnull (strstr (nl_dataset_view_get_message (fixture->view), "at least one input"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 1, 2)), TRUE);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (fixture->model), ==, 2);
  g_assert_null (nl_dataset_view_get_message (fixture->view));
  iterate ();
  g_assert_cmpuint (n_view_columns (fixture), ==, 7);

  /* Another table: a 0/1 column can be the label; a bad cell is listed. */
  fd = g_file_open_tmp ("neuronlab-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  file = g_file_new_for_path (path);
  g_assert_true (nl_dataset_model_load_csv (fixture->model, file, NULL, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (problems), "1 problem"));
  {
    GtkWidget *list = find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (problems))),
                                 GTK_TYPE_LABEL);

    g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (list)), "Line 5, column 2 (x2)"));
  }

  grid = GTK_GRID (find_type (popover, GTK_TYPE_GRID));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 1, 2))));
  g_assert_true (gtk_widget_get_sensitive (gtk_grid_get_child_at (grid, 2, 2)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 2, 2)), TRUE);
  g_assert_cmpint (nl_dataset_model_get_label_column (fixture->model), ==, 2);
  g_assert_cmpuint (nl_dataset_model_get_n_inputs (fixture->model), ==, 2);
  iterate ();
  /* Status, four columns, two inputs; the popover follows too. */
  g_assert_cmpuint (n_view_columns (fixture), ==, 7);
  grid = GTK_GRID (find_type (popover, GTK_TYPE_GRID));
  g_assert_null (gtk_grid_get_child_at (grid, 1, 2));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (grid, 2, 2))));

  gtk_popover_popdown (GTK_POPOVER (popover));
  iterate ();
  g_signal_handlers_disconnect_by_data (fixture->model, &columns_changed);
  g_signal_handlers_disconnect_by_data (fixture->view, &selected);
  g_unlink (path);
}

/* How a file was read is shown with its problems but not counted as one;
 * a file with notes alone has a File Notes button instead. */
static void
load_text (Fixture    *fixture,
           const char *csv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  int fd;

  fd = g_file_open_tmp ("neuronlab-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  file = g_file_new_for_path (path);
  g_assert_true (nl_dataset_model_load_csv (fixture->model, file, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);
  iterate ();
}

static void
test_file_notes (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *button, *label;

  if (ui_test_skip_without_display ())
    return;

  wait_for_cell (fixture->view, 0, WEIGHT_COLUMN);
  button = find_menu_button (GTK_WIDGET (fixture->view), "Problems");
  g_assert_nonnull (button);

  load_text (fixture, "w;h;g\n1,5;2;F\n3;4;M\n5;NA;F\n");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Problems");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "1 problem in"));
  label = find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                     GTK_TYPE_LABEL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "Separated by semicolons, with decimal commas\n"
                   "Line 4, column 2 (h): the value is missing");

  load_text (fixture, "1,2,0,\n3,4,1,\n");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "File Notes");
  g_assert_null (strstr (gtk_widget_get_tooltip_text (button), "problem"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "No header row: the columns are named Column 1 to Column 3\n"
                   "Every line ends with a separator; the empty last field is ignored");
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad = NULL;

  if (ui_test_skip_without_display ())
    return;

  dir = g_dir_make_tmp ("neuronlab-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "table.csv", NULL);
  file = g_file_new_for_path (path);

  g_assert_true (nl_dataset_view_export_csv_to_file (fixture->view, file));
  g_assert_nonnull (strstr (nl_dataset_view_get_message (fixture->view), "table.csv"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents,
                                   "Name,Weight (lb),Height (in),Gender\n"
                                   "Alice,133,65,Female\n"));

  bad = g_file_new_for_path ("/nonexistent/dir/table.csv");
  g_assert_false (nl_dataset_view_export_csv_to_file (fixture->view, bad));
  g_assert_nonnull (strstr (nl_dataset_view_get_message (fixture->view), "Could not export"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  /* Under Xvfb the window may lack the focus, and a blinking cursor in an
   * unfocused text then warns. */
  if (ui_test_have_display)
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
      /* The window's styles, which make the rows compact. */
      gtk_css_provider_load_from_resource (css, "/org/example/NeuronLab/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }

#define ADD(path, func) \
  g_test_add ("/ui/dataset-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("click-away-commits", test_click_away_commits);
  ADD ("edit-survives-rebind", test_edit_survives_rebind);
  ADD ("double-click-replaces", test_double_click_replaces);
  ADD ("escape-cancels", test_escape_cancels);
  ADD ("keys-start-editing", test_keys_start_editing);
  ADD ("tab-moves", test_tab_moves);
  ADD ("one-tab-stop", test_one_tab_stop);
  ADD ("add-row-edits", test_add_row_edits);
  ADD ("delete-rows", test_delete_rows);
  ADD ("invalid-kept", test_invalid_kept);
  ADD ("plausibility-warning", test_plausibility_warning);
  ADD ("german-numbers", test_german_numbers);
  ADD ("label-cell", test_label_cell);
  ADD ("task-columns", test_task_columns);
  ADD ("commit-edit", test_commit_edit);
  ADD ("model-change-shows", test_model_change_shows);
  ADD ("add-remove", test_add_remove);
  ADD ("current-sample", test_current_sample);
  ADD ("paste", test_paste);
  ADD ("copy", test_copy);
  ADD ("columns", test_columns);
  ADD ("export", test_export);
  ADD ("file-notes", test_file_notes);
#undef ADD

  return g_test_run ();
}
