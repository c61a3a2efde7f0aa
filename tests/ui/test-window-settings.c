/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-settings.c: the window restores the last training settings and
 * its size from GSettings, saves them as they change, and runs on its
 * defaults when no schema can be found. Runs with GSETTINGS_BACKEND=memory
 * and the schema compiled in the build tree (GSETTINGS_SCHEMA_DIR). */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-window.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

#define SCHEMA_ID "org.example.NeuronLab"

/* Settings live as long as the test program, so each test starts from the
 * defaults. NULL when the schema was not found, which fails the test. */
static GSettings *
settings_reset (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;
  GSettings *settings;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL)
    g_error ("Schema %s not found: is GSETTINGS_SCHEMA_DIR the build tree's data/?", SCHEMA_ID);
  settings = g_settings_new_full (schema, NULL, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

typedef struct
{
  GtkWidget *learning_rate;
  GtkWidget *epochs;
  GtkWidget *hidden;
  GtkWidget *activation;
  GtkWidget *loss;
  GtkWidget *seed;
  GtkWidget *test_percent;
  GtkWidget *target_loss;
  GtkWidget *early_stopping;
  GtkWidget *until_stopped;
  GtkWidget *speed;
} Fields;

static void
find_fields (NlWindow *window,
             Fields   *fields)
{
  fields->learning_rate = field (window, "Learning rate");
  fields->epochs = field (window, "Epochs");
  fields->hidden = field (window, "Hidden neurons");
  fields->activation = field (window, "Activation");
  fields->loss = field (window, "Loss");
  fields->seed = field (window, "Seed");
  fields->test_percent = field (window, "Test %");
  fields->target_loss = field (window, "Target loss");
  fields->early_stopping = GTK_WIDGET (check_button (window, "Early stopping"));
  fields->until_stopped = GTK_WIDGET (check_button (window, "Until stopped"));
  fields->speed = field (window, "Speed");
  g_assert_true (GTK_IS_SPIN_BUTTON (fields->learning_rate));
  g_assert_true (GTK_IS_SPIN_BUTTON (fields->epochs));
  g_assert_true (GTK_IS_EDITABLE (fields->hidden));
  g_assert_true (GTK_IS_DROP_DOWN (fields->activation));
  g_assert_true (GTK_IS_DROP_DOWN (fields->loss));
  g_assert_true (GTK_IS_SPIN_BUTTON (fields->seed));
  g_assert_true (GTK_IS_SPIN_BUTTON (fields->test_percent));
  g_assert_true (GTK_IS_SPIN_BUTTON (fields->target_loss));
  g_assert_true (GTK_IS_CHECK_BUTTON (fields->early_stopping));
  g_assert_true (GTK_IS_SCALE (fields->speed));
}

/* Saved settings come back in the controls and in the models. */
static void
test_restore (void)
{
  g_autoptr (GSettings) settings = NULL;
  NlWindow *window;
  NlTrainer *trainer;
  NlNetworkModel *network;
  Fields fields;
  int width, height;
  guint n_layers;

  if (ui_test_skip_without_display ())
    return;

  settings = settings_reset ();
  g_settings_set_double (settings, "learning-rate", 0.5);
  g_settings_set_uint (settings, "epochs", 250);
  g_settings_set_string (settings, "hidden", "4, 3");
  g_settings_set_string (settings, "activation", "tanh");
  g_settings_set_string (settings, "loss", "bce");
  g_settings_set_uint (settings, "seed", 7);
  g_settings_set_uint (settings, "test-percent", 20);
  g_settings_set_double (settings, "target-loss", 0.025);
  g_settings_set_boolean (settings, "early-stopping", TRUE);
  g_settings_set_boolean (settings, "until-stopped", TRUE);
  g_settings_set_uint (settings, "speed", 500);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = nl_window_new (NULL);
  trainer = nl_window_get_trainer (window);
  network = nl_window_get_network (window);
  find_fields (window, &fields);

  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (fields.learning_rate)), ==, 0.5);
  g_assert_cmpfloat (nl_trainer_get_learning_rate (trainer), ==, 0.5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (fields.epochs)), ==, 250);
  g_assert_cmpuint (nl_trainer_get_epochs (trainer), ==, 250);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fields.hidden)), ==, "4, 3");
  nl_network_model_get_hidden_sizes (network, &n_layers);
  g_assert_cmpuint (n_layers, ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (fields.activation)), ==, NL_ACTIVATION_TANH);
  g_assert_cmpint (nl_network_model_get_activation (network), ==, NL_ACTIVATION_TANH);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (fields.loss)), ==, NL_LOSS_BCE);
  g_assert_cmpint (nl_trainer_get_loss_function (trainer), ==, NL_LOSS_BCE);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (fields.seed)), ==, 7);
  g_assert_cmpuint (nl_network_model_get_seed (network), ==, 7);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (fields.test_percent)), ==, 20);
  g_assert_cmpuint (nl_trainer_get_test_percent (trainer), ==, 20);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (fields.target_loss)), ==, 0.025);
  g_assert_cmpfloat (nl_trainer_get_target_loss (trainer), ==, 0.025);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (fields.early_stopping)));
  g_assert_true (nl_trainer_get_early_stopping (trainer));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (fields.until_stopped)));
  g_assert_true (nl_trainer_get_until_stopped (trainer));
  g_assert_false (gtk_widget_is_sensitive (fields.epochs));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_text, "500 epochs/s"));
  g_assert_cmpuint (nl_trainer_get_pace (trainer), ==, 500);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_assert_null (nl_window_get_notification (window));

  window_destroy (window);
}

/* Changes are saved as they are made; a hidden-layer typo never is. */
static void
test_save (void)
{
  g_autoptr (GSettings) settings = NULL;
  g_autofree char *hidden = NULL;
  NlWindow *window;
  Fields fields;

  if (ui_test_skip_without_display ())
    return;

  settings = settings_reset ();
  window = window_new ();
  find_fields (window, &fields);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.learning_rate), 0.25);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.epochs), 3000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.seed), 42);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (fields.activation), NL_ACTIVATION_RELU);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (fields.loss), NL_LOSS_BCE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.test_percent), 35);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.target_loss), 0.0125);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (fields.early_stopping), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (fields.until_stopped), TRUE);
  /* Home: the slowest pace, 1 epoch a second. */
  g_signal_emit_by_name (fields.speed, "move-slider", GTK_SCROLL_START);
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 0.25);
  g_assert_true (g_settings_get_boolean (settings, "until-stopped"));
  g_assert_cmpuint (g_settings_get_uint (settings, "speed"), ==, 1);
  g_assert_cmpuint (g_settings_get_uint (settings, "test-percent"), ==, 35);
  g_assert_cmpfloat (g_settings_get_double (settings, "target-loss"), ==, 0.0125);
  g_assert_true (g_settings_get_boolean (settings, "early-stopping"));
  g_assert_cmpuint (g_settings_get_uint (settings, "epochs"), ==, 3000);
  g_assert_cmpuint (g_settings_get_uint (settings, "seed"), ==, 42);
  g_assert_cmpint (g_settings_get_enum (settings, "activation"), ==, NL_ACTIVATION_RELU);
  g_assert_cmpint (g_settings_get_enum (settings, "loss"), ==, NL_LOSS_BCE);

  gtk_editable_set_text (GTK_EDITABLE (fields.hidden), "abc");
  g_signal_emit_by_name (fields.hidden, "activate");
  hidden = g_settings_get_string (settings, "hidden");
  g_assert_cmpstr (hidden, ==, "2");
  g_clear_pointer (&hidden, g_free);

  gtk_editable_set_text (GTK_EDITABLE (fields.hidden), " 3 ");
  g_signal_emit_by_name (fields.hidden, "activate");
  hidden = g_settings_get_string (settings, "hidden");
  g_assert_cmpstr (hidden, ==, "3");

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);

  /* A new window starts from them. */
  window_destroy (window);
  window = nl_window_new (NULL);
  find_fields (window, &fields);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (fields.test_percent)), ==, 35);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (fields.target_loss)), ==, 0.0125);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (fields.early_stopping)));
  g_assert_cmpuint (nl_trainer_get_test_percent (nl_window_get_trainer (window)), ==, 35);
  g_assert_cmpfloat (nl_trainer_get_target_loss (nl_window_get_trainer (window)), ==, 0.0125);
  g_assert_true (nl_trainer_get_early_stopping (nl_window_get_trainer (window)));
  g_assert_true (nl_trainer_get_until_stopped (nl_window_get_trainer (window)));
  g_assert_cmpuint (nl_trainer_get_pace (nl_window_get_trainer (window)), ==, 1);

  /* Turned off, they are saved off. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.test_percent), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.target_loss), 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (fields.early_stopping), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (fields.until_stopped), FALSE);
  g_signal_emit_by_name (fields.speed, "move-slider", GTK_SCROLL_END);
  g_assert_cmpuint (g_settings_get_uint (settings, "test-percent"), ==, 0);
  g_assert_cmpfloat (g_settings_get_double (settings, "target-loss"), ==, 0);
  g_assert_false (g_settings_get_boolean (settings, "early-stopping"));
  g_assert_false (g_settings_get_boolean (settings, "until-stopped"));
  /* Fastest. */
  g_assert_cmpuint (g_settings_get_uint (settings, "speed"), ==, 0);

  window_destroy (window);
  g_object_unref (settings_reset ());
}

/* The schema's defaults are the controls' own: training at 100 epochs a
 * second, for the Epochs. */
static void
test_defaults (void)
{
  g_autoptr (GSettings) settings = NULL;
  NlWindow *window;
  Fields fields;

  if (ui_test_skip_without_display ())
    return;

  settings = settings_reset ();
  window = nl_window_new (NULL);
  find_fields (window, &fields);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_text, "100 epochs/s"));
  g_assert_cmpuint (nl_trainer_get_pace (nl_window_get_trainer (window)), ==, 100);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (fields.until_stopped)));
  g_assert_false (nl_trainer_get_until_stopped (nl_window_get_trainer (window)));
  g_assert_true (gtk_widget_is_sensitive (fields.epochs));

  window_destroy (window);
}

/* A saved architecture that no longer parses is shown in error, and the
 * window keeps the default network. */
static void
test_restore_invalid_hidden (void)
{
  g_autoptr (GSettings) settings = NULL;
  NlWindow *window;
  Fields fields;

  if (ui_test_skip_without_display ())
    return;

  settings = settings_reset ();
  g_settings_set_string (settings, "hidden", "99999");
  window = nl_window_new (NULL);
  find_fields (window, &fields);

  g_assert_cmpstr (nl_network_model_get_hidden (nl_window_get_network (window)), ==, "2");
  g_assert_true (gtk_widget_has_css_class (fields.hidden, "error"));
  g_assert_nonnull (nl_window_get_notification (window));

  window_destroy (window);
  g_object_unref (settings_reset ());
}

/* Without the schema (an uninstalled program run by hand) the window runs
 * on its defaults. GSettings is looked up once a process, so this runs in a
 * child whose environment has no schema anywhere. */
static void
test_no_schema (void)
{
  if (ui_test_skip_without_display ())
    return;

  if (g_test_subprocess ())
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      NlWindow *window;
      Fields fields;

      if (source != NULL)
        g_assert_null (g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE));
      window = window_new ();
      find_fields (window, &fields);
      g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (fields.learning_rate)), ==, 0.1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (fields.learning_rate), 0.5);
      g_assert_cmpfloat (nl_trainer_get_learning_rate (nl_window_get_trainer (window)), ==, 0.5);
      window_destroy (window);
      return;
    }

  {
    g_autofree char *empty = g_dir_make_tmp ("nl-no-schema-XXXXXX", NULL);
    g_autofree char *schema_dir = g_strdup (g_getenv ("GSETTINGS_SCHEMA_DIR"));
    g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

    g_assert_nonnull (empty);
    g_setenv ("GSETTINGS_SCHEMA_DIR", empty, TRUE);
    g_setenv ("XDG_DATA_DIRS", empty, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    if (schema_dir != NULL)
      g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
    else
      g_unsetenv ("GSETTINGS_SCHEMA_DIR");
    if (data_dirs != NULL)
      g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
    else
      g_unsetenv ("XDG_DATA_DIRS");
    g_rmdir (empty);
    g_test_trap_assert_passed ();
  }
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window-settings/restore", test_restore);
  g_test_add_func ("/ui/window-settings/save", test_save);
  g_test_add_func ("/ui/window-settings/defaults", test_defaults);
  g_test_add_func ("/ui/window-settings/restore-invalid-hidden", test_restore_invalid_hidden);
  g_test_add_func ("/ui/window-settings/no-schema", test_no_schema);

  return g_test_run ();
}
