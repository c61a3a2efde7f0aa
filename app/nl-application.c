/* nl-application.c: the application object, its actions and how it opens
 * windows: with the tutorial's table, or with the CSV files it is given. */
#include "config.h"

#include "nl-application.h"

#include <glib/gi18n.h>

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
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing each window lets it stop its training run cleanly. */
  for (GList *l = windows; l != NULL; )
    {
      GList *next = l->next;

      gtk_window_destroy (GTK_WINDOW (l->data));
      l = next;
    }
  g_application_quit (app);
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
                         "copyright", "© 2026 The NeuronLab developers",
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
  static const char *reset_accels[] = { "<Control>r", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *add_row_accels[] = { "<Control>n", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (nl_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.train", train_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.step", step_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.reset", reset_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.add-row", add_row_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         shortcuts_accels);
}

static void
nl_application_class_init (NlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = nl_application_startup;
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
