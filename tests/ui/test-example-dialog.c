/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-example-dialog.c: File > New from Example as a person meets it: the
 * dialog's labelled controls, the keys, and the window it opens on the
 * data set chosen, with that set's settings in the fields. */
#include <string.h>

#include "nl-document.h"
#include "nl-examples.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

/* The dialog New from Example opened over @window; asserts there is one,
 * modal and over @window. */
static GtkWindow *
open_dialog (NlWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-example", NULL));
  iterate ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (item), "NlExampleDialog"))
        {
          g_assert_null (dialog);
          dialog = GTK_WINDOW (item);
        }
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "New from Example");
  return dialog;
}

/* The control the visible label @text names in @dialog. */
static GtkWidget *
dialog_field (GtkWindow  *dialog,
              const char *text)
{
  GtkWidget *label = find_widget (GTK_WIDGET (dialog), is_mnemonic_label, text);

  if (label == NULL)
    g_error ("No field labelled “%s” in the dialog", text);
  return gtk_label_get_mnemonic_widget (GTK_LABEL (label));
}

/* The NlWindow that is neither @window nor in @others, or NULL. */
static NlWindow *
new_window (NlWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  NlWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (NL_IS_WINDOW (item) && NL_WINDOW (item) != window)
        {
          g_assert_null (found);
          found = NL_WINDOW (item);
        }
    }
  return found;
}

static gboolean
is_dialog_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Chooses the data set titled @title in the drop-down. */
static void
choose (GtkWindow  *dialog,
        const char *title)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (dialog_field (dialog, "Data set"));
  GListModel *titles = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (titles); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (titles), i), title))
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }
  g_error ("No data set “%s” in the drop-down", title);
}

/* XOR with 10% noise, 200 points and seed 3: a new window on that table,
 * with XOR's settings in its fields, nothing to save; this one unchanged. */
static void
test_create_xor (void)
{
  const NlExample *xor = nl_example_find ("xor");
  NlExampleOptions options = { .noise = 10, .points = 200, .seed = 3 };
  NlDataset *expected = nl_example_new_dataset (xor, &options, NULL);
  NlWindow *window, *created;
  GtkWindow *dialog;
  gpointer weak;
  const NlDataset *ds;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dialog = open_dialog (window);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  /* The tutorial's table is first; it has no noise, points or seed. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dialog_field (dialog, "Data set"))), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (dialog_field (dialog, "Noise (%)")));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (
                      GTK_DROP_DOWN (dialog_field (dialog, "Data set")))), ==, nl_examples_count ());

  choose (dialog, "XOR");
  g_assert_true (gtk_widget_get_sensitive (dialog_field (dialog, "Noise (%)")));
  g_assert_true (gtk_widget_get_sensitive (dialog_field (dialog, "Points")));
  g_assert_true (gtk_widget_get_sensitive (dialog_field (dialog, "Seed")));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_label_with_text,
                                 nl_example_get_description (xor)));
  /* What is typed and not yet entered counts. */
  gtk_editable_set_text (GTK_EDITABLE (dialog_field (dialog, "Noise (%)")), "10");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_field (dialog, "Points")), 200);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_field (dialog, "Seed")), 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "example.create", NULL));
  g_assert_true (wait_until (is_dialog_gone, &weak));
  iterate ();

  created = new_window (window);
  g_assert_nonnull (created);
  ds = nl_dataset_model_get_dataset (nl_window_get_dataset (created));
  g_assert_cmpuint (ds->n_rows, ==, 200);
  for (size_t r = 0; r < ds->n_rows; r++)
    for (size_t c = 0; c < ds->n_columns; c++)
      g_assert_cmpstr (nl_dataset_cell (ds, r, c)->text, ==, nl_dataset_cell (expected, r, c)->text);
  /* XOR's settings, as the fields show them. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (created, "Hidden neurons"))), ==, "4");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field (created, "Learning rate"))), ==,
                     xor->settings.learning_rate);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field (created, "Epochs"))), ==,
                     xor->settings.epochs);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field (created, "Test %"))), ==,
                     xor->settings.test_percent);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (field (created, "Activation"))), ==,
                    NL_ACTIVATION_TANH);
  g_assert_false (nl_window_get_modified (created));
  g_assert_cmpstr (nl_document_get_title (nl_window_get_document (created)), ==, "XOR");
  /* The window it came from keeps the tutorial's table. */
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_window_get_dataset (window)), ==, 4);

  nl_dataset_free (expected);
  window_destroy (created);
  window_destroy (window);
}

/* Enter in a number field creates; Escape closes the dialog and opens
 * nothing. */
static void
test_keys (void)
{
  NlWindow *window, *created;
  GtkWindow *dialog;
  GtkEditable *text;
  GtkShortcutController *controller = NULL;
  GListModel *controllers;
  gboolean escaped = FALSE;
  gpointer weak;

  if (ui_test_skip_without_display ())
    return;

  window = window_new ();
  dialog = open_dialog (window);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  choose (dialog, "Spiral");
  /* Typed into the field, as a person does: it has the focus. */
  g_assert_true (gtk_widget_grab_focus (dialog_field (dialog, "Points")));
  text = gtk_editable_get_delegate (GTK_EDITABLE (dialog_field (dialog, "Points")));
  gtk_editable_set_text (text, "120");
  g_signal_emit_by_name (text, "activate");
  g_assert_true (wait_until (is_dialog_gone, &weak));
  iterate ();
  created = new_window (window);
  g_assert_nonnull (created);
  g_assert_cmpuint (nl_dataset_model_get_n_rows (nl_window_get_dataset (created)), ==, 120);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (created, "Hidden neurons"))), ==, "8,8");
  window_destroy (created);

  /* Escape: the dialog's key binding closes it. */
  dialog = open_dialog (window);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !escaped; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (item))
        continue;
      controller = GTK_SHORTCUT_CONTROLLER (item);
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !escaped; k++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            escaped = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                    GTK_WIDGET (dialog), gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_object_unref (controllers);
  g_assert_true (escaped);
  g_assert_true (wait_until (is_dialog_gone, &weak));
  iterate ();
  g_assert_null (new_window (window));

  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/example-dialog/create-xor", test_create_xor);
  g_test_add_func ("/ui/example-dialog/keys", test_keys);

  return g_test_run ();
}
