/* test-dataset-view.c: the training table, edited as a person would.
 *
 * Without a display every test reports a skip.
 */

#include <string.h>

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

  return g_test_run ();
}
