/* test-dataset-view.c: the training table, edited as a person would.
 *
 * Without a display every test reports a skip.
 */

#include <string.h>

#include <glib/gstdio.h>

#include <gtk/gtk.h>

#include "nl-dataset-view.h"
#include "ui-test-render.h"

#define WEIGHT_COLUMN 1
#define GENDER_COLUMN 3

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Waits until the cell (@row, @column) is on screen and returns its widget. */
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
edit_cell (GtkWidget  *cell,
           const char *text,
           gboolean    commit)
{
  g_assert_true (GTK_IS_EDITABLE_LABEL (cell));
  gtk_editable_label_start_editing (GTK_EDITABLE_LABEL (cell));
  iterate ();
  gtk_editable_set_text (GTK_EDITABLE (cell), text);
  gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), commit);
  iterate ();
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
  NlDatasetModel *model;
  NlDatasetView  *view;
  GtkWidget      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!ui_test_have_display)
    return;
  fixture->model = nl_dataset_model_new_tutorial ();
  fixture->view = NL_DATASET_VIEW (g_object_ref_sink (nl_dataset_view_new ()));
  nl_dataset_view_set_model (fixture->view, fixture->model);
  g_assert_true (nl_dataset_view_get_model (fixture->view) == fixture->model);
  fixture->window = ui_test_show (GTK_WIDGET (fixture->view), 800, 400);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!ui_test_have_display)
    return;
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate ();
  g_assert_finalize_object (fixture->view);
  g_assert_finalize_object (fixture->model);
}

static void
test_invalid_edit (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *cell;
  const char *message;

  if (ui_test_skip_without_display ())
    return;

  /* Row 3 is Charlie, 152 lb. */
  cell = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "152");
  g_assert_null (nl_dataset_view_get_message (fixture->view));

  edit_cell (cell, "abc", TRUE);

  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "152");
  message = nl_dataset_view_get_message (fixture->view);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Row 3"));
  g_assert_nonnull (strstr (message, "Weight (lb)"));
  g_assert_nonnull (strstr (message, "abc"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "152");
  g_assert_false (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)));
}

static void
test_valid_edit (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *cell;
  gint selected = -2;

  if (ui_test_skip_without_display ())
    return;

  g_signal_connect (fixture->view, "row-selected", G_CALLBACK (row_selected_cb), &selected);

  cell = wait_for_cell (fixture->view, 2, WEIGHT_COLUMN);
  edit_cell (cell, "abc", TRUE);
  g_assert_nonnull (nl_dataset_view_get_message (fixture->view));

  /* A good value is stored and clears the message. */
  edit_cell (cell, "150.5", TRUE);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "150.5");
  g_assert_null (nl_dataset_view_get_message (fixture->view));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "150.5");
  /* Editing a cell selects its row. */
  g_assert_cmpint (selected, ==, 2);
  g_assert_cmpint (nl_dataset_view_get_selected_row (fixture->view), ==, 2);

  /* Escape gives the edit up. */
  edit_cell (cell, "999", FALSE);
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 2, WEIGHT_COLUMN), ==, "150.5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "150.5");

  /* A change made elsewhere shows in the cell. */
  g_assert_true (nl_dataset_model_set_cell (fixture->model, 2, WEIGHT_COLUMN, "151", NULL));
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "151");

  g_signal_handlers_disconnect_by_data (fixture->view, &selected);
}

static void
test_label_drop_down (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *cell;
  const char *male;
  GListModel *items;
  guint male_index = G_MAXUINT;

  if (ui_test_skip_without_display ())
    return;

  /* Alice is Female; choose the other class. */
  cell = wait_for_cell (fixture->view, 0, GENDER_COLUMN);
  g_assert_true (GTK_IS_DROP_DOWN (cell));
  items = gtk_drop_down_get_model (GTK_DROP_DOWN (cell));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  for (guint i = 0; i < 2; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (items), i), "Male") == 0)
      male_index = i;
  g_assert_cmpuint (male_index, !=, G_MAXUINT);
  male = nl_dataset_model_get_class_name (fixture->model, male_index);
  g_assert_cmpstr (male, ==, "Male");

  gtk_drop_down_set_selected (GTK_DROP_DOWN (cell), male_index);
  iterate ();
  g_assert_cmpstr (nl_dataset_model_get_cell_text (fixture->model, 0, GENDER_COLUMN), ==, "Male");
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
    g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/ui/dataset-view/invalid-edit", Fixture, NULL,
              fixture_set_up, test_invalid_edit, fixture_tear_down);
  g_test_add ("/ui/dataset-view/valid-edit", Fixture, NULL,
              fixture_set_up, test_valid_edit, fixture_tear_down);
  g_test_add ("/ui/dataset-view/label-drop-down", Fixture, NULL,
              fixture_set_up, test_label_drop_down, fixture_tear_down);
  g_test_add ("/ui/dataset-view/add-remove", Fixture, NULL,
              fixture_set_up, test_add_remove, fixture_tear_down);
  g_test_add ("/ui/dataset-view/current-sample", Fixture, NULL,
              fixture_set_up, test_current_sample, fixture_tear_down);
  g_test_add ("/ui/dataset-view/paste", Fixture, NULL,
              fixture_set_up, test_paste, fixture_tear_down);
  g_test_add ("/ui/dataset-view/copy", Fixture, NULL,
              fixture_set_up, test_copy, fixture_tear_down);
  g_test_add ("/ui/dataset-view/columns", Fixture, NULL,
              fixture_set_up, test_columns, fixture_tear_down);
  g_test_add ("/ui/dataset-view/export", Fixture, NULL,
              fixture_set_up, test_export, fixture_tear_down);

  return g_test_run ();
}
