/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-application.c: the application object, its actions and how it opens
 * windows: with the tutorial's table, or with the projects and CSV files it
 * is given. Every window keeps drafts of its unsaved work, and the first
 * window offers back those of a process that was killed (nl-recovery.c). */
#include "config.h"

#include "nl-application.h"

#include <glib/gi18n.h>

#include "nl-recovery.h"
#include "nl-window.h"

struct _NlApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (NlApplication, nl_application, GTK_TYPE_APPLICATION)

static void
nl_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (nl_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
  nl_recovery_start (GTK_APPLICATION (app));
}

static void
nl_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      NlWindow *window = nl_window_new (GTK_APPLICATION (app));

      nl_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
  nl_recovery_start (GTK_APPLICATION (app));
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  g_autoptr (GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Each window is asked to close, as its close button would: it stops its
   * training run, and asks first about unsaved changes, so a window can
   * stay open (Cancel). The application ends with its last main window. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (NL_IS_WINDOW (l->data))
      g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
}

static void
nl_application_window_added (GtkApplication *app,
                             GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (nl_application_parent_class)->window_added (app, window);
  nl_recovery_window_added (app, window);
}

/* Without a main window there is nothing left to work in, even if a
 * dialog of one (About) is still around. A window closed on purpose
 * leaves no draft. */
static void
nl_application_window_removed (GtkApplication *app,
                               GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (nl_application_parent_class)->window_removed (app, window);
  nl_recovery_window_removed (window);

  if (!NL_IS_WINDOW (window))
    return;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (NL_IS_WINDOW (l->data))
      return;
  g_application_quit (G_APPLICATION (app));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  static const char *developers[] = { "The NeuronLab developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (parent,
                         "program-name", _("NeuronLab"),
                         "logo-icon-name", "org.example.NeuronLab",
                         "version", PACKAGE_VERSION,
                         "comments", _("Build a small neural network, train it and watch it learn"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "copyright", _("© 2026 The NeuronLab developers"),
                         "translator-credits", _("translator-credits"),
                         "website", "https://example.org/neuronlab",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated_cb },
  { .name = "about", .activate = about_activated_cb },
};

static void
nl_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *train_accels[] = { "<Control>Return", NULL };
  static const char *step_accels[] = { "<Control>period", NULL };
  /* GTK 4.8 does not match <Shift>period against the shifted key's keyval
   * ("greater" on a US layout), so both are listed. */
  static const char *step_sample_accels[] = { "<Control><Shift>period", "<Control>greater", NULL };
  static const char *reset_accels[] = { "<Control>r", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  /* Ctrl+N is File > New's; "+" needs Shift on many layouts, so "=" too. */
  static const char *add_row_accels[] = { "<Control>plus", "<Control>KP_Add", "<Control>equal", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *save_as_accels[] = { "<Control><Shift>s", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };

  G_APPLICATION_CLASS (nl_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.train", train_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.step", step_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.step-sample",
                                         step_sample_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.reset", reset_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.add-row", add_row_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save-as", save_as_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new", new_accels);
}

/* Drafts being written are finished: the worker threads end with us. */
static void
nl_application_shutdown (GApplication *app)
{
  nl_recovery_shutdown ();
  G_APPLICATION_CLASS (nl_application_parent_class)->shutdown (app);
}

static void
nl_application_class_init (NlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  gtk_app_class->window_added = nl_application_window_added;
  gtk_app_class->window_removed = nl_application_window_removed;
  app_class->startup = nl_application_startup;
  app_class->shutdown = nl_application_shutdown;
  app_class->activate = nl_application_activate;
  app_class->open = nl_application_open;
}

static void
nl_application_init (NlApplication *self)
{
}

NlApplication *
nl_application_new (void)
{
  /* NON_UNIQUE: every launch is its own process, so a test or a second
   * terminal never hands its files to a window it cannot see. */
  return g_object_new (NL_TYPE_APPLICATION,
                       "application-id", "org.example.NeuronLab",
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/example/NeuronLab",
                       NULL);
}
