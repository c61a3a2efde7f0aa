/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-drafts.c: what the drafts of unsaved work cost the window.
 *
 *   bench-drafts [--rows N] [--seconds S] [--rounds R]
 *
 * Needs a display (bench/run-window runs it after bench-window, under
 * Xvfb). It opens the main window on a table of ROWS people (a CSV file
 * like the tutorial's, default 1000 rows) and measures the frame clock's
 * intervals (between "after-paint"s, with a redraw of the loss plot queued
 * every frame, as in bench-window) in two activities:
 *
 *  - typing: a cell of the table set every 150 ms, as a person typing and
 *    pressing Enter would (each edit is an undo step and a change);
 *  - training: a run until stopped at Speed Fastest, posting its progress.
 *
 * each for SECONDS seconds with drafts on (an NlDraft on the window's
 * document, as the application keeps one, writing every few seconds) and
 * off, interleaved: ROUNDS rounds, the order swapping every round, so that
 * a noisy machine slows both alike. It prints p50, p95, p99 and the maximum
 * of each, the drafts written, how long the main thread spends copying the
 * work for one draft (nl_project_io_capture()) and how long the worker
 * thread's part (formatting and writing it) takes. The drafts go to a
 * temporary XDG_DATA_HOME, removed at the end.
 *
 * A benchmark, not a test: it always exits 0 unless something fails to run.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nl-draft.h"
#include "nl-file.h"
#include "nl-loss-plot.h"
#include "nl-project-io.h"
#include "nl-speed-control.h"
#include "nl-window.h"

#define EDIT_MSEC           150
#define FRAME_P99_TARGET_MS 34.0

typedef enum
{
  TYPING_OFF,
  TYPING_ON,
  TRAINING_OFF,
  TRAINING_ON,
  N_CONDITIONS
} Condition;

static const char * const condition_names[N_CONDITIONS] = {
  "typing, drafts off", "typing, drafts on", "training, drafts off", "training, drafts on",
};

typedef struct
{
  int             rows;
  double          seconds;
  int             rounds;

  char           *data_home;
  char           *csv;
  GtkApplication *app;
  NlWindow       *window;
  GtkWidget      *loss_plot;
  GdkFrameClock  *clock;
  gulong          after_paint_id;
  guint           tick_id;
  guint           edit_id;

  int             phase;       /* of 4 * rounds */
  Condition       condition;
  NlDraft        *draft;
  gboolean        recording;
  gint64          last_frame;
  guint           edits;
  guint           writes[N_CONDITIONS];
  GArray         *intervals[N_CONDITIONS];
  double          capture_ms;
  double          write_ms;
  size_t          draft_bytes;
  int             status;
} Bench;

static void next_phase (Bench *bench);

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank on a sorted array. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return NAN;
  rank = (guint) ceil (p * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fail (Bench      *bench,
      const char *what)
{
  g_printerr ("bench-drafts: %s\n", what);
  bench->status = 1;
  g_application_quit (G_APPLICATION (bench->app));
}

/* Frames */

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->recording && bench->last_frame != 0)
    {
      double ms = (now - bench->last_frame) / 1000.0;

      g_array_append_val (bench->intervals[bench->condition], ms);
    }
  bench->last_frame = now;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;

  gtk_widget_queue_draw (bench->loss_plot);
  return G_SOURCE_CONTINUE;
}

/* Typing: a weight typed into the next row, then Enter. */
static gboolean
edit_cb (gpointer user_data)
{
  Bench *bench = user_data;
  NlDatasetModel *dataset = nl_window_get_dataset (bench->window);
  guint row = bench->edits % nl_dataset_model_get_n_rows (dataset);
  char text[16];

  g_snprintf (text, sizeof text, "%u", 100 + bench->edits++ % 100);
  nl_dataset_model_set_cell (dataset, row, 1, text, NULL);
  return G_SOURCE_CONTINUE;
}

static void
written_cb (NlDraft *draft,
            Bench   *bench)
{
  bench->writes[bench->condition]++;
}

static gboolean
next_phase_cb (gpointer user_data)
{
  next_phase (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
end_phase_cb (gpointer user_data)
{
  Bench *bench = user_data;

  bench->recording = FALSE;
  g_clear_handle_id (&bench->edit_id, g_source_remove);
  nl_trainer_stop (nl_window_get_trainer (bench->window));
  if (bench->draft != NULL)
    {
      g_signal_handlers_disconnect_by_data (bench->draft, bench);
      nl_draft_remove (bench->draft);
      nl_draft_settle ();
      g_clear_object (&bench->draft);
    }
  /* What the phase set off settles before the next one. */
  g_timeout_add (300, next_phase_cb, bench);
  return G_SOURCE_REMOVE;
}

static void
print_results (Bench *bench)
{
  g_print ("\ndrafts: frame intervals with a redraw queued every frame, %d rows, %d rounds of "
           "%.0f s each (interleaved):\n", bench->rows, bench->rounds, bench->seconds);
  for (int c = 0; c < N_CONDITIONS; c++)
    {
      GArray *v = bench->intervals[c];

      g_array_sort (v, compare_doubles);
      g_print ("  %-22s n=%-5u p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms  "
               "drafts written %u\n",
               condition_names[c], v->len, percentile (v, 0.5), percentile (v, 0.95),
               percentile (v, 0.99), percentile (v, 1.0), bench->writes[c]);
    }
  g_print ("  a draft of %d rows and %u epochs of history (%zu bytes): the main thread copies "
           "the work in %.2f ms; a worker thread formats and writes it in %.2f ms\n", bench->rows,
           (guint) nl_trainer_get_epoch (nl_window_get_trainer (bench->window)),
           bench->draft_bytes, bench->capture_ms, bench->write_ms);
  g_print ("drafts typing p99 off=%.1fms on=%.1fms; training p99 off=%.1fms on=%.1fms; "
           "target p99<%.0fms with drafts on %s\n",
           percentile (bench->intervals[TYPING_OFF], 0.99),
           percentile (bench->intervals[TYPING_ON], 0.99),
           percentile (bench->intervals[TRAINING_OFF], 0.99),
           percentile (bench->intervals[TRAINING_ON], 0.99), FRAME_P99_TARGET_MS,
           percentile (bench->intervals[TYPING_ON], 0.99) < FRAME_P99_TARGET_MS
           && percentile (bench->intervals[TRAINING_ON], 0.99) < FRAME_P99_TARGET_MS
           ? "met" : "NOT MET");
}

/* Times the main thread's part of one draft: the copy of the work. */
static void
measure_capture (Bench *bench)
{
  NlDocument *document = nl_window_get_document (bench->window);
  NlProject project;
  gint64 start = g_get_monotonic_time ();

  g_autofree char *path = g_build_filename (bench->data_home, "timed.neuronlab", NULL);
  NlError err;
  size_t length;
  char *text;

  nl_project_io_capture (nl_document_get_dataset (document), nl_document_get_network (document),
                         nl_document_get_trainer (document), &project);
  bench->capture_ms = (g_get_monotonic_time () - start) / 1000.0;
  /* What the worker thread does with it, timed here on this thread. */
  start = g_get_monotonic_time ();
  nl_error_clear (&err);
  text = nl_project_write_buffer (&project, &length, &err);
  if (text != NULL)
    nl_file_write_atomic (path, text, length, &err);
  bench->write_ms = (g_get_monotonic_time () - start) / 1000.0;
  bench->draft_bytes = text != NULL ? length : 0;
  free (text);
  g_unlink (path);
  nl_project_clear (&project);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  nl_trainer_train_finish (NL_TRAINER (source), result, NULL);
}

static void
next_phase (Bench *bench)
{
  int phase = bench->phase++;
  int round = phase / 4;
  gboolean training = (phase % 4) >= 2;
  /* ABBA: off then on in even rounds, on then off in odd ones. */
  gboolean on = ((phase % 2) == 1) != (round % 2 == 1);
  NlTrainer *trainer = nl_window_get_trainer (bench->window);

  if (phase >= 4 * bench->rounds)
    {
      measure_capture (bench);
      print_results (bench);
      g_application_quit (G_APPLICATION (bench->app));
      return;
    }
  bench->condition = training ? (on ? TRAINING_ON : TRAINING_OFF) : (on ? TYPING_ON : TYPING_OFF);
  if (on)
    {
      bench->draft = nl_draft_new (nl_window_get_document (bench->window));
      g_signal_connect (bench->draft, "written", G_CALLBACK (written_cb), bench);
    }
  if (training)
    {
      /* Each run from the start, so that on and off copy the same history. */
      nl_trainer_reset (trainer);
      nl_trainer_set_until_stopped (trainer, TRUE);
      nl_trainer_train_async (trainer, NULL, run_done_cb, bench);
    }
  else
    bench->edit_id = g_timeout_add (EDIT_MSEC, edit_cb, bench);
  bench->last_frame = 0;
  bench->recording = TRUE;
  g_timeout_add ((guint) (bench->seconds * 1000), end_phase_cb, bench);
}

static gboolean
loaded_cb (gpointer user_data)
{
  Bench *bench = user_data;
  NlDatasetModel *dataset = nl_window_get_dataset (bench->window);

  if (nl_document_get_loading (nl_window_get_document (bench->window)))
    return G_SOURCE_CONTINUE;
  if (nl_dataset_model_get_n_rows (dataset) != (guint) bench->rows)
    {
      fail (bench, "the table did not load");
      return G_SOURCE_REMOVE;
    }
  g_print ("window: %dx%d, %d rows\n", gtk_widget_get_width (GTK_WIDGET (bench->window)),
           gtk_widget_get_height (GTK_WIDGET (bench->window)), bench->rows);
  g_unlink (bench->csv);
  bench->clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  bench->after_paint_id = g_signal_connect (bench->clock, "after-paint",
                                            G_CALLBACK (after_paint_cb), bench);
  bench->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (bench->window), tick_cb, bench, NULL);
  next_phase (bench);
  return G_SOURCE_REMOVE;
}

/* A table like the tutorial's, of @rows people. */
static gboolean
write_csv (Bench   *bench,
           GError **error)
{
  g_autoptr (GString) text = g_string_new ("Name,Weight (lb),Height (in),Gender\n");
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);

  for (int r = 0; r < bench->rows; r++)
    {
      gboolean male = g_rand_boolean (rand);

      g_string_append_printf (text, "P%d,%d,%d,%s\n", r + 1,
                              g_rand_int_range (rand, male ? 140 : 110, male ? 200 : 160),
                              g_rand_int_range (rand, male ? 66 : 60, male ? 76 : 70),
                              male ? "Male" : "Female");
    }
  bench->csv = g_build_filename (bench->data_home, "people.csv", NULL);
  return g_file_set_contents (bench->csv, text->str, (gssize) text->len, error);
}

static void
activate_cb (GtkApplication *app,
             Bench          *bench)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;

  setlocale (LC_NUMERIC, "C");
  if (!write_csv (bench, &error))
    {
      fail (bench, error->message);
      return;
    }
  bench->window = nl_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (bench->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (bench->window));
  nl_speed_control_set_pace (NL_SPEED_CONTROL (find_widget (GTK_WIDGET (bench->window),
                                                            NL_TYPE_SPEED_CONTROL)), 0);
  bench->loss_plot = find_widget (GTK_WIDGET (bench->window), NL_TYPE_LOSS_PLOT);
  file = g_file_new_for_path (bench->csv);
  nl_window_open_file (bench->window, file);
  /* Time to map and draw the first frames, and to load the table. */
  g_timeout_add (1000, loaded_cb, bench);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { .rows = 1000, .seconds = 8.0, .rounds = 2 };
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &bench.rows, "Rows of the table (default 1000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &bench.seconds,
      "Length of each measured activity (default 8)", "S" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &bench.rounds, "Rounds of on and off (default 2)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- what drafts cost the window");
  g_autoptr (GError) error = NULL;
  char *app_argv[] = { argv[0], NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-drafts: %s\n", error->message);
      return 2;
    }
  if (bench.rows < 1 || bench.rounds < 1 || !(bench.seconds > 0.0))
    {
      g_printerr ("bench-drafts: rows, rounds and seconds must be positive\n");
      return 2;
    }
  /* The drafts go to a folder of the benchmark's own. */
  bench.data_home = g_dir_make_tmp ("bench-drafts-XXXXXX", &error);
  if (bench.data_home == NULL)
    {
      g_printerr ("bench-drafts: %s\n", error->message);
      return 1;
    }
  g_setenv ("XDG_DATA_HOME", bench.data_home, TRUE);
  for (int c = 0; c < N_CONDITIONS; c++)
    bench.intervals[c] = g_array_new (FALSE, FALSE, sizeof (double));

  bench.app = gtk_application_new ("org.example.NeuronLab.BenchDrafts", G_APPLICATION_NON_UNIQUE);
  g_object_set (bench.app, "resource-base-path", "/org/example/NeuronLab", NULL);
  g_signal_connect (bench.app, "activate", G_CALLBACK (activate_cb), &bench);
  g_application_run (G_APPLICATION (bench.app), 1, app_argv);

  g_clear_object (&bench.app);
  for (int c = 0; c < N_CONDITIONS; c++)
    g_array_unref (bench.intervals[c]);
  remove_tree (bench.data_home);
  g_free (bench.data_home);
  g_free (bench.csv);
  return bench.status;
}
