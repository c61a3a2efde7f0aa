/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-example-dialog.c: File > New from Example (see nl-example-dialog.h).
 *
 * The drop-down lists the core's catalogue in its order, titles in the
 * catalogue's language. Noise, Points and Seed stay on show for every set,
 * so the dialog keeps its size, and are insensitive for a fixed table (the
 * tutorial's, Iris), which they do not change. Enter in any of them
 * creates, as the default button does; Escape closes the dialog.
 */
#include "config.h"

#include "nl-example-dialog.h"

#include <glib/gi18n.h>

#include "nl-examples.h"
#include "nl-window.h"

struct _NlExampleDialog
{
  GtkWindow       parent_instance;

  GtkDropDown    *dataset_dropdown;
  GtkLabel       *description_label;
  GtkSpinButton  *noise_spin;
  GtkSpinButton  *points_spin;
  GtkSpinButton  *seed_spin;
  GtkLabel       *error_label;
  GtkWidget      *noise_label;
  GtkWidget      *points_label;
  GtkWidget      *seed_label;
};

G_DEFINE_FINAL_TYPE (NlExampleDialog, nl_example_dialog, GTK_TYPE_WINDOW)

static const NlExample *
selected_example (NlExampleDialog *self)
{
  return nl_example_get (gtk_drop_down_get_selected (self->dataset_dropdown));
}

static void
dataset_selected_cb (NlExampleDialog *self)
{
  const NlExample *example = selected_example (self);
  gboolean generated = example != NULL && example->generated;
  GtkWidget *options[] = {
    GTK_WIDGET (self->noise_spin), GTK_WIDGET (self->points_spin), GTK_WIDGET (self->seed_spin),
    self->noise_label, self->points_label, self->seed_label,
  };

  gtk_label_set_label (self->description_label,
                       example != NULL ? nl_example_get_description (example) : "");
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    gtk_widget_set_sensitive (options[i], generated);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Create: a new window of the application, on the data set. The window
 * reads the person's last settings as it is made; the data set's then
 * replace them. */
static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  NlExampleDialog *self = NL_EXAMPLE_DIALOG (widget);
  const NlExample *example = selected_example (self);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *application = gtk_window_get_application (parent != NULL ? parent : GTK_WINDOW (self));
  g_autoptr (GError) error = NULL;
  NlExampleOptions options;
  NlWindow *window;

  if (example == NULL)
    return;
  gtk_spin_button_update (self->noise_spin);
  gtk_spin_button_update (self->points_spin);
  gtk_spin_button_update (self->seed_spin);
  nl_example_options_init (&options);
  options.noise = (unsigned) gtk_spin_button_get_value_as_int (self->noise_spin);
  options.points = (unsigned) gtk_spin_button_get_value_as_int (self->points_spin);
  options.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);

  window = nl_window_new (application);
  if (!nl_document_open_example (nl_window_get_document (window), example, &options, &error))
    {
      /* The fields' ranges are the core's: this is not expected, but it
       * must say why rather than open nothing. */
      gtk_window_destroy (GTK_WINDOW (window));
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Enter in a number field creates, as in any dialog with a default button. */
static void
activate_default_on_enter (GtkSpinButton *spin)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (spin));

  if (GTK_IS_TEXT (text))
    gtk_text_set_activates_default (GTK_TEXT (text), TRUE);
}

static void
nl_example_dialog_class_init (NlExampleDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-example-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, dataset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, noise_spin);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, points_spin);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, noise_label);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, points_label);
  gtk_widget_class_bind_template_child (widget_class, NlExampleDialog, seed_label);
  gtk_widget_class_bind_template_callback (widget_class, dataset_selected_cb);

  gtk_widget_class_install_action (widget_class, "example.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nl_example_dialog_init (NlExampleDialog *self)
{
  g_autoptr (GtkStringList) titles = gtk_string_list_new (NULL);
  NlExampleOptions defaults;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (size_t i = 0; i < nl_examples_count (); i++)
    gtk_string_list_append (titles, nl_example_get_title (nl_example_get (i)));
  gtk_drop_down_set_model (self->dataset_dropdown, G_LIST_MODEL (titles));

  nl_example_options_init (&defaults);
  gtk_spin_button_set_value (self->noise_spin, defaults.noise);
  gtk_spin_button_set_value (self->points_spin, defaults.points);
  gtk_spin_button_set_value (self->seed_spin, (double) defaults.seed);
  activate_default_on_enter (self->noise_spin);
  activate_default_on_enter (self->points_spin);
  activate_default_on_enter (self->seed_spin);
  dataset_selected_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->dataset_dropdown));
}

NlExampleDialog *
nl_example_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (NL_TYPE_EXAMPLE_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}
