/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-window.c: what the window tests share; see ui-test-window.h. */
#include "config.h"

#include "ui-test-window.h"

#include <glib/gstdio.h>

#include "nl-speed-control.h"

/* Widget lookup */

GtkWidget *
find_widget (GtkWidget       *root,
             WidgetPredicate  predicate,
             const char      *data)
{
  if (predicate (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, predicate, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
is_button_for_action (GtkWidget  *widget,
                      const char *action)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

gboolean
is_check_button (GtkWidget  *widget,
                 const char *label)
{
  return GTK_IS_CHECK_BUTTON (widget)
         && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

gboolean
is_label_with_class (GtkWidget  *widget,
                     const char *css_class)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class);
}

gboolean
is_label_with_text (GtkWidget  *widget,
                    const char *text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

gboolean
is_label_with_text_prefix (GtkWidget  *widget,
                           const char *prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

gboolean
is_mnemonic_label (GtkWidget  *widget,
                   const char *text)
{
  return is_label_with_text (widget, text)
         && gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) != NULL;
}

gboolean
is_type (GtkWidget  *widget,
         const char *type_name)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, g_type_from_name (type_name));
}

GtkWidget *
field (NlWindow   *window,
       const char *label_text)
{
  GtkWidget *label = find_widget (GTK_WIDGET (window), is_mnemonic_label, label_text);

  if (label == NULL)
    g_error ("No field labelled “%s” in the window", label_text);
  return gtk_label_get_mnemonic_widget (GTK_LABEL (label));
}

GtkCheckButton *
check_button (NlWindow   *window,
              const char *label)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_check_button, label);

  if (button == NULL)
    g_error ("No check button “%s” in the window", label);
  return GTK_CHECK_BUTTON (button);
}

GtkWidget *
button_for_action (NlWindow   *window,
                   const char *action)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_button_for_action, action);

  if (button == NULL)
    g_error ("No button for %s in the window", action);
  return button;
}

GtkWidget *
find_by_type (NlWindow   *window,
              const char *type_name)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (window), is_type, type_name);

  g_assert_nonnull (widget);
  return widget;
}

const char *
label_text (NlWindow   *window,
            const char *css_class)
{
  GtkWidget *label = find_widget (GTK_WIDGET (window), is_label_with_class, css_class);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

const char *
status_text (NlWindow *window)
{
  return label_text (window, "status-line");
}

/* Main loop */

void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

gboolean
trainer_idle (gpointer data)
{
  return !nl_trainer_get_running (data);
}

gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
wait_for_run_end (NlWindow *window)
{
  if (!wait_until (trainer_idle, nl_window_get_trainer (window)))
    g_error ("Training still running after %d s", WAIT_SECONDS);
  iterate ();
}

/* Windows */

NlWindow *
window_new (void)
{
  NlWindow *window = nl_window_new (NULL);

  /* Tests train at Fastest, so that a run takes no longer than it must;
   * test-window-pace.c watches the default speed. */
  nl_speed_control_set_pace (NL_SPEED_CONTROL (find_by_type (window, "NlSpeedControl")), 0);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  return window;
}

/* The window's content has been laid out: at its first allocation the
 * window takes its default size, or its minimum size where that is larger. */
static gboolean
laid_out (gpointer data)
{
  GtkWidget *content = gtk_window_get_child (GTK_WINDOW (data));

  return gtk_widget_get_mapped (content) && gtk_widget_get_width (content) > 0;
}

NlWindow *
window_new_sized (int width,
                  int height)
{
  NlWindow *window = nl_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  if (!wait_until (laid_out, window))
    g_error ("The window was not laid out within %d s", WAIT_SECONDS);
  iterate ();
  return window;
}

void
window_destroy (NlWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  if (!wait_until (pointer_cleared, &weak))
    g_error ("The window was not finalized within %d s of being destroyed", WAIT_SECONDS);
}

void
open_csv (NlWindow   *window,
          const char *csv,
          Condition   loaded)
{
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("neuronlab-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  file = g_file_new_for_path (path);
  g_assert_true (nl_window_open_file (window, file));
  if (!wait_until (loaded, window))
    g_error ("The CSV file did not load within %d s", WAIT_SECONDS);
  iterate ();
  g_unlink (path);
}
