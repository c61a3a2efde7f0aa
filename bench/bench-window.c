/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window.c: training inside the real window, measured.
 *
 *   bench-window [--cli PATH] [--rounds N] [--epochs N] [--seed N]
 *                [--rows N] [--seconds S] [--experience-only]
 *
 * Needs a display (bench/run-window runs it under Xvfb). It opens the
 * application's main window on a synthetic table (nl_synthetic_matrix, two
 * inputs, no normalisation) with a 2-16-16-1 network initialised like
 * `neuronlab-cli bench`'s, sets its Speed control to Fastest, and measures
 * two things:
 *
 *  1. Throughput: a run of EPOCHS epochs through the trainer while the window
 *     is shown and draws its progress, against `neuronlab-cli bench` on the
 *     same layers, rows, epochs and seed, alternated ROUNDS times (the order
 *     swaps every round so a noisy machine slows both alike). It prints the
 *     medians and their ratio; the target is at least 0.90.
 *  2. Frames: a run of SECONDS seconds during which a tick callback queues a
 *     redraw of the loss plot every frame, as an animation would, so the
 *     frame clock produces frames continuously. The intervals between the
 *     frame clock's "after-paint" signals give p50, p95, p99 and the maximum;
 *     the target is p99 under 34 ms (two frames at 60 Hz).
 *
 * With --page boundary --neuron NAME (h1_1, ...), the Decision Boundary page
 * shows that hidden neuron's map instead of the network's output, chosen
 * through the page's Neuron field as a person would.
 *
 * Then, 3. the default-speed experience: a new window at its defaults (the
 * tutorial's table, 2-2-1, its Speed at the default) trains its 1000 epochs
 * twice, once with the loss plot shown and once with the Decision Boundary
 * page, as a person watching would. For each run it prints the run's
 * duration, the progress posts, the redraws a second of the loss plot, the
 * diagram and the boundary (each widget's snapshots: GTK snapshots a widget
 * only when it was queued to redraw, so each is a visible update; the
 * boundary's draws the newest heatmap its worker has finished), the changes
 * a second of the prediction's probability (sampled at each frame), and the
 * frame clock's intervals (p50, p99) during the run, with no redraw forced.
 * The target is a run of 5 to 20 s with at least 30 updates a second of
 * what is shown. --experience-only skips 1 and 2.
 *
 * A benchmark, not a test: it always exits 0 unless something fails to run.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "nl-boundary-view.h"
#include "nl-loss-plot.h"
#include "nl-network-view.h"
#include "nl-predict-form.h"
#include "nl-speed-control.h"
#include "nl-synthetic.h"
#include "nl-window.h"

#define LAYERS      "2,16,16,1"
#define HIDDEN      "16,16"
#define FRAME_P99_TARGET_MS 34.0
#define RATIO_TARGET        0.90
/* The default-speed experience: the run's length, and what a second shows. */
#define EXPERIENCE_MIN_SECONDS 5.0
#define EXPERIENCE_MAX_SECONDS 20.0
#define EXPERIENCE_MIN_UPDATES 30.0

/* Widgets whose redraws the experience counts, by wrapping their class's
 * snapshot. */
typedef enum
{
  COUNTED_LOSS_PLOT,
  COUNTED_DIAGRAM,
  COUNTED_BOUNDARY,
  N_COUNTED
} Counted;

static const char * const counted_names[N_COUNTED] = { "loss plot", "diagram", "boundary" };
static void (*counted_snapshot[N_COUNTED]) (GtkWidget *, GtkSnapshot *);
static guint counted_frames[N_COUNTED];
static gboolean counting;

typedef struct
{
  /* Options */
  char           *cli;
  int             rounds;
  int             epochs;
  int             rows;
  int             seed;
  double          seconds;

  GtkApplication *app;
  NlWindow       *window;
  NlTrainer      *trainer;
  GtkWidget      *loss_plot;
  int             status;

  /* Throughput: step k of 2 * rounds runs the command line tool or the
   * window, in an order that swaps every round. */
  int             step;
  GArray         *window_speed;
  GArray         *cli_speed;
  double          window_loss;
  char           *cli_mse;

  /* Frames */
  GdkFrameClock  *frame_clock;
  gulong          before_paint_id;
  gulong          update_id;
  gulong          layout_id;
  gulong          paint_id;
  gulong          after_paint_id;
  guint           tick_id;
  gboolean        recording;
  gint64          last_frame;
  gint64          frame_start;
  gint64          update_end;
  gint64          layout_end;
  gint64          paint_end;
  GArray         *intervals;     /* ms between consecutive after-paints */
  GArray         *frame_work;    /* ms from before-paint to after-paint */
  /* The same split by phase (each handler runs after GTK's own, so it marks
   * the end of the phase), and by whether a progress post came in since
   * the previous frame (the network diagram, the status line and the
   * progress bar change then; otherwise only the loss plot redraws). */
  GArray         *update_work;
  GArray         *layout_work;
  GArray         *paint_work;
  GArray         *work_with_post;
  GArray         *work_without_post;
  gboolean        post_since_frame;
  guint           progress_posts;
  char          **hide;
  char           *page;
  char           *neuron;
  guint64         frames_epochs;
  double          frames_speed;

  /* The default-speed experience */
  gboolean        experience_only;
  int             experience_step;
  NlWindow       *experience_window;
  gint64          experience_start;
  double          experience_seconds;
  double          last_probability;
  guint           probability_changes;
  GString        *summary;
  gboolean        experience_met;
} Bench;

static void next_step (Bench *bench);

/* Statistics */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
sort_array (GArray *values)
{
  g_array_sort (values, compare_doubles);
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

static double
median (GArray *values)
{
  g_autoptr (GArray) copy = g_array_copy (values);
  guint n = copy->len;

  if (n == 0)
    return NAN;
  sort_array (copy);
  if (n % 2 == 1)
    return g_array_index (copy, double, n / 2);
  return (g_array_index (copy, double, n / 2 - 1) + g_array_index (copy, double, n / 2)) / 2;
}

static void
print_speeds (const char *name,
              GArray     *speeds)
{
  g_print ("  %-7s", name);
  for (guint i = 0; i < speeds->len; i++)
    g_print (" %.3fM", g_array_index (speeds, double, i) / 1e6);
  g_print ("  samples/s\n");
}

/* The table and the network */

static NlDataset *
synthetic_dataset (Bench   *bench,
                   GError **error)
{
  static const char * const names[] = { "x1", "x2", "class" };
  static const NlColumnKind kinds[] = { NL_COLUMN_NUMERIC, NL_COLUMN_NUMERIC, NL_COLUMN_TEXT };
  NlMatrix m = { 0 };
  NlError err = { 0 };
  NlDataset *ds;

  if (nl_synthetic_matrix (2, (size_t) bench->rows, (guint64) bench->seed, &m, &err) != NL_OK
      || (ds = nl_dataset_new (3, (const char * const *) names, kinds, &err)) == NULL)
    {
      nl_matrix_clear (&m);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, err.message);
      return NULL;
    }

  for (size_t r = 0; r < m.n_rows; r++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      size_t row = nl_dataset_append_row (ds);

      if (row == (size_t) -1)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
          goto fail;
        }
      for (size_t c = 0; c < 2; c++)
        if (nl_dataset_set_cell (ds, row, c, g_ascii_dtostr (buf, sizeof buf, m.x[r * 2 + c]),
                                 &err) != NL_OK)
          goto fail_core;
      if (nl_dataset_set_cell (ds, row, 2, m.y[r] >= 0.5 ? "1" : "0", &err) != NL_OK)
        goto fail_core;
    }
  if (nl_dataset_set_label_column (ds, 2, &err) != NL_OK)
    goto fail_core;
  nl_dataset_set_normalize (ds, NL_NORMALIZE_NONE, NULL);
  nl_matrix_clear (&m);
  return ds;

fail_core:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, err.message);
fail:
  nl_matrix_clear (&m);
  nl_dataset_free (ds);
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The stack that has a page called @page (table cells have stacks too). */
static GtkWidget *
find_stack_with_page (GtkWidget  *widget,
                      const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_stack_with_page (child, page);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The field whose visible label reads @text, as a person finds it. */
static GtkWidget *
find_field (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0
      && gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) != NULL)
    return gtk_label_get_mnemonic_widget (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_field (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Chooses the item called @name in the Neuron field. */
static gboolean
choose_neuron (Bench       *bench,
               const char  *name,
               GError     **error)
{
  GtkWidget *field = find_field (GTK_WIDGET (bench->window), "Neuron");
  GListModel *items = GTK_IS_DROP_DOWN (field) ? gtk_drop_down_get_model (GTK_DROP_DOWN (field))
                                                : NULL;

  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (field), i);
          return TRUE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no neuron %s in the Neuron field", name);
  return FALSE;
}

/* Diagnosis: hides every widget of a type, to see what its drawing costs. */
static void
hide_widgets (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      gtk_widget_set_visible (widget, FALSE);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    hide_widgets (child, type);
}

static gboolean
set_up_window (Bench   *bench,
               GError **error)
{
  NlDatasetModel *dataset = nl_window_get_dataset (bench->window);
  NlNetworkModel *network = nl_window_get_network (bench->window);
  NlDataset *ds = synthetic_dataset (bench, error);

  if (ds == NULL)
    return FALSE;
  nl_dataset_model_set_dataset (dataset, ds);
  nl_dataset_model_set_normalization (dataset, NL_NORMALIZE_NONE);
  if (!nl_network_model_set_hidden (network, HIDDEN, error))
    return FALSE;
  nl_network_model_set_init (network, NL_INIT_SCALED);
  nl_network_model_set_seed (network, (guint64) bench->seed);
  nl_network_model_reset (network);
  nl_trainer_set_learning_rate (bench->trainer, 0.1);
  /* Throughput is measured at Fastest, set as a person would, on the
   * window's Speed control. */
  nl_speed_control_set_pace (NL_SPEED_CONTROL (find_widget (GTK_WIDGET (bench->window),
                                                            NL_TYPE_SPEED_CONTROL)), 0);
  if (nl_trainer_get_pace (bench->trainer) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the trainer is not at Fastest");
      return FALSE;
    }

  if (nl_dataset_model_get_n_usable_rows (dataset) != (guint) bench->rows
      || nl_network_model_get_n_inputs (network) != 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the window has %u usable rows and %u inputs, not %d and 2",
                   nl_dataset_model_get_n_usable_rows (dataset),
                   nl_network_model_get_n_inputs (network), bench->rows);
      return FALSE;
    }
  bench->loss_plot = find_widget (GTK_WIDGET (bench->window), NL_TYPE_LOSS_PLOT);
  if (bench->loss_plot == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no loss plot in the window");
      return FALSE;
    }
  if (bench->page != NULL)
    {
      GtkWidget *stack = find_stack_with_page (GTK_WIDGET (bench->window), bench->page);

      /* The page under the diagram: "loss", "boundary" or "backprop". */
      if (stack == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no page %s", bench->page);
          return FALSE;
        }
      gtk_stack_set_visible_child_name (GTK_STACK (stack), bench->page);
    }
  if (bench->neuron != NULL && !choose_neuron (bench, bench->neuron, error))
    return FALSE;
  for (guint i = 0; bench->hide != NULL && bench->hide[i] != NULL; i++)
    {
      GType type = g_type_from_name (bench->hide[i]);

      if (type == G_TYPE_INVALID || !g_type_is_a (type, GTK_TYPE_WIDGET))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s is not a widget type",
                       bench->hide[i]);
          return FALSE;
        }
      hide_widgets (GTK_WIDGET (bench->window), type);
    }
  return TRUE;
}

static void
fail (Bench      *bench,
      const char *what,
      GError     *error)
{
  g_printerr ("bench-window: %s: %s\n", what, error != NULL ? error->message : "failed");
  bench->status = 1;
  if (bench->window != NULL)
    gtk_window_destroy (GTK_WINDOW (bench->window));
  g_application_quit (G_APPLICATION (bench->app));
}

/* Throughput */

static gboolean
run_cli (Bench   *bench,
         GError **error)
{
  g_autofree char *rows = g_strdup_printf ("%d", bench->rows);
  g_autofree char *epochs = g_strdup_printf ("%d", bench->epochs);
  g_autofree char *seed = g_strdup_printf ("%d", bench->seed);
  const char *argv[] = { bench->cli, "bench", LAYERS, rows, epochs, seed, NULL };
  g_autofree char *out = NULL;
  const char *speed, *mse;
  int wait_status;
  double value;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &wait_status, error)
      || !g_spawn_check_wait_status (wait_status, error))
    return FALSE;

  speed = strstr (out, "samples_per_s=");
  mse = strstr (out, "final_mse=");
  if (speed == NULL || mse == NULL
      || !((value = g_ascii_strtod (speed + strlen ("samples_per_s="), NULL)) > 0.0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected output: %s", out);
      return FALSE;
    }
  g_array_append_val (bench->cli_speed, value);
  g_free (bench->cli_mse);
  bench->cli_mse = g_strndup (mse + strlen ("final_mse="),
                              strcspn (mse + strlen ("final_mse="), " \n"));
  return TRUE;
}

static gboolean
next_step_cb (gpointer data)
{
  next_step (data);
  return G_SOURCE_REMOVE;
}

static void
window_run_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr (GError) error = NULL;
  double speed;

  if (!nl_trainer_train_finish (NL_TRAINER (source), result, &error))
    {
      fail (bench, "training in the window", error);
      return;
    }
  speed = nl_trainer_get_samples_per_second (bench->trainer);
  g_array_append_val (bench->window_speed, speed);
  bench->window_loss = nl_trainer_get_loss (bench->trainer);
  /* Let the last progress draw before the next step. */
  g_timeout_add (100, next_step_cb, bench);
}

static void start_frames (Bench *bench);
static void start_experience (Bench *bench);

static void
next_step (Bench *bench)
{
  g_autoptr (GError) error = NULL;
  int step = bench->step++;
  gboolean window_turn;

  if (step >= 2 * bench->rounds)
    {
      start_frames (bench);
      return;
    }

  window_turn = (step % 2 == 1) != ((step / 2) % 2 == 1);
  if (!window_turn)
    {
      if (!run_cli (bench, &error))
        {
          fail (bench, bench->cli, error);
          return;
        }
      g_timeout_add (100, next_step_cb, bench);
      return;
    }

  /* Every round starts from the same parameters as the command line's. */
  nl_trainer_reset (bench->trainer);
  nl_trainer_set_epochs (bench->trainer, (guint) bench->epochs);
  nl_trainer_train_async (bench->trainer, NULL, window_run_done_cb, bench);
}

/* Frames */

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
  bench->update_end = bench->layout_end = bench->paint_end = 0;
}

static void
update_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->update_end = g_get_monotonic_time ();
}

static void
layout_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->layout_end = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *bench)
{
  bench->paint_end = g_get_monotonic_time ();
}

static void
append_ms (GArray *values,
           gint64  usec)
{
  double ms = usec / 1000.0;

  g_array_append_val (values, ms);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->recording)
    {
      if (bench->last_frame != 0)
        append_ms (bench->intervals, now - bench->last_frame);
      if (bench->frame_start != 0)
        {
          append_ms (bench->frame_work, now - bench->frame_start);
          append_ms (bench->post_since_frame ? bench->work_with_post : bench->work_without_post,
                     now - bench->frame_start);
        }
      if (bench->frame_start != 0)
        {
          gint64 t = bench->frame_start;

          if (bench->update_end != 0)
            {
              append_ms (bench->update_work, bench->update_end - t);
              t = bench->update_end;
            }
          if (bench->layout_end != 0)
            {
              append_ms (bench->layout_work, bench->layout_end - t);
              t = bench->layout_end;
            }
          if (bench->paint_end != 0)
            append_ms (bench->paint_work, bench->paint_end - t);
        }
      bench->last_frame = now;
    }
  bench->frame_start = 0;
  bench->post_since_frame = FALSE;
}

/* What an animation does: something changes every frame. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;

  gtk_widget_queue_draw (bench->loss_plot);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (Bench *bench)
{
  bench->progress_posts++;
  bench->post_since_frame = TRUE;
}

static void
print_work (const char *what,
            GArray     *values)
{
  sort_array (values);
  g_print ("  %-34s n=%-4u p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", what, values->len,
           percentile (values, 0.50), percentile (values, 0.99), percentile (values, 1.0));
}

static void
print_summary (Bench *bench)
{
  double window_median = median (bench->window_speed);
  double cli_median = median (bench->cli_speed);
  double ratio = window_median / cli_median;
  double p50, p95, p99, max;

  sort_array (bench->intervals);
  p50 = percentile (bench->intervals, 0.50);
  p95 = percentile (bench->intervals, 0.95);
  p99 = percentile (bench->intervals, 0.99);
  max = percentile (bench->intervals, 1.0);

  g_print ("\nthroughput at Speed Fastest, %s on %d rows, %d epochs, seed %d, %d rounds "
           "(interleaved):\n", LAYERS, bench->rows, bench->epochs, bench->seed, bench->rounds);
  print_speeds ("window", bench->window_speed);
  print_speeds ("cli", bench->cli_speed);
  g_print ("  final loss: window %.6f, cli %s (the same parameters give the same loss)\n",
           bench->window_loss, bench->cli_mse != NULL ? bench->cli_mse : "?");
  g_print ("\nframes, %.0f s of training with a redraw queued every frame:\n", bench->seconds);
  g_print ("  %u frames, %u progress posts, %" G_GUINT64_FORMAT " epochs trained (%.3fM samples/s)\n",
           bench->intervals->len + 1, bench->progress_posts, bench->frames_epochs,
           bench->frames_speed / 1e6);
  print_work ("frame work (before- to after-paint)", bench->frame_work);
  print_work ("  update phase (tick callbacks)", bench->update_work);
  print_work ("  layout phase (size allocation)", bench->layout_work);
  print_work ("  paint phase (snapshot, render)", bench->paint_work);
  print_work ("  frames after a progress post", bench->work_with_post);
  print_work ("  frames without one", bench->work_without_post);
  if (bench->page != NULL)
    g_print ("  (page shown under the diagram: %s)\n", bench->page);
  if (bench->neuron != NULL)
    g_print ("  (map of neuron %s)\n", bench->neuron);
  if (bench->hide != NULL && bench->hide[0] != NULL)
    {
      g_autofree char *hidden = g_strjoinv (", ", bench->hide);

      g_print ("  (hidden for diagnosis: %s)\n", hidden);
    }
  /* The summary lines wait for the end of the whole benchmark. */
  g_string_append_printf (bench->summary,
                          "window_vs_cli ratio=%.2f (window %.2fM/s, cli %.2fM/s, median of %d; "
                          "%s, %d rows, %d epochs, Speed Fastest) target>=%.2f %s\n",
                          ratio, window_median / 1e6, cli_median / 1e6, bench->rounds, LAYERS,
                          bench->rows, bench->epochs, RATIO_TARGET,
                          ratio >= RATIO_TARGET ? "met" : "NOT MET");
  g_string_append_printf (bench->summary,
                          "frames n=%u p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms (%.0f s while "
                          "training) target p99<%.0fms %s\n",
                          bench->intervals->len, p50, p95, p99, max, bench->seconds,
                          FRAME_P99_TARGET_MS, p99 < FRAME_P99_TARGET_MS ? "met" : "NOT MET");
}

static void
frames_run_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr (GError) error = NULL;

  if (!nl_trainer_train_finish (NL_TRAINER (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (bench, "training in the window", error);
      return;
    }
  bench->frames_epochs = nl_trainer_get_epoch (bench->trainer);
  bench->frames_speed = nl_trainer_get_samples_per_second (bench->trainer);
  g_clear_signal_handler (&bench->before_paint_id, bench->frame_clock);
  g_clear_signal_handler (&bench->update_id, bench->frame_clock);
  g_clear_signal_handler (&bench->layout_id, bench->frame_clock);
  g_clear_signal_handler (&bench->paint_id, bench->frame_clock);
  g_clear_signal_handler (&bench->after_paint_id, bench->frame_clock);

  print_summary (bench);
  gtk_window_destroy (GTK_WINDOW (bench->window));
  bench->window = NULL;
  start_experience (bench);
}

static gboolean
stop_frames_cb (gpointer data)
{
  Bench *bench = data;

  bench->recording = FALSE;
  gtk_widget_remove_tick_callback (GTK_WIDGET (bench->window), bench->tick_id);
  nl_trainer_stop (bench->trainer);
  return G_SOURCE_REMOVE;
}

static void
start_frames (Bench *bench)
{
  nl_trainer_reset (bench->trainer);
  nl_trainer_set_epochs (bench->trainer, G_MAXINT);

  bench->frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  bench->before_paint_id = g_signal_connect (bench->frame_clock, "before-paint",
                                             G_CALLBACK (before_paint_cb), bench);
  bench->update_id = g_signal_connect (bench->frame_clock, "update",
                                       G_CALLBACK (update_cb), bench);
  bench->layout_id = g_signal_connect (bench->frame_clock, "layout",
                                       G_CALLBACK (layout_cb), bench);
  bench->paint_id = g_signal_connect (bench->frame_clock, "paint",
                                      G_CALLBACK (paint_cb), bench);
  bench->after_paint_id = g_signal_connect (bench->frame_clock, "after-paint",
                                            G_CALLBACK (after_paint_cb), bench);
  bench->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (bench->window), tick_cb, bench, NULL);
  g_signal_connect_swapped (bench->trainer, "progress", G_CALLBACK (progress_cb), bench);

  bench->recording = TRUE;
  bench->last_frame = 0;
  nl_trainer_train_async (bench->trainer, NULL, frames_run_done_cb, bench);
  g_timeout_add ((guint) (bench->seconds * 1000), stop_frames_cb, bench);
}

/* The default-speed experience */

static void
count_loss_plot_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  counted_frames[COUNTED_LOSS_PLOT] += counting;
  counted_snapshot[COUNTED_LOSS_PLOT] (widget, snapshot);
}

static void
count_diagram_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  counted_frames[COUNTED_DIAGRAM] += counting;
  counted_snapshot[COUNTED_DIAGRAM] (widget, snapshot);
}

static void
count_boundary_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  counted_frames[COUNTED_BOUNDARY] += counting;
  counted_snapshot[COUNTED_BOUNDARY] (widget, snapshot);
}

static void
wrap_snapshot (GType    type,
               Counted  which,
               void   (*wrapper) (GtkWidget *, GtkSnapshot *))
{
  GtkWidgetClass *klass = g_type_class_ref (type);

  if (counted_snapshot[which] == NULL)
    {
      counted_snapshot[which] = klass->snapshot;
      klass->snapshot = wrapper;
    }
  g_type_class_unref (klass);
}

static NlPredictForm *
experience_predict_form (Bench *bench)
{
  return NL_PREDICT_FORM (find_widget (GTK_WIDGET (bench->experience_window),
                                       NL_TYPE_PREDICT_FORM));
}

/* Each frame: its interval, and whether the prediction moved since the
 * last one. */
static void
experience_after_paint_cb (GdkFrameClock *clock,
                           Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  double probability = nl_predict_form_get_probability (experience_predict_form (bench));

  if (bench->last_frame != 0)
    append_ms (bench->intervals, now - bench->last_frame);
  bench->last_frame = now;
  if (probability != bench->last_probability)
    bench->probability_changes++;
  bench->last_probability = probability;
}

static gboolean experience_run_cb (gpointer data);

/* The run started by Train has ended. */
static void
experience_running_cb (NlTrainer *trainer,
                       GParamSpec *pspec,
                       Bench      *bench)
{
  gboolean boundary = bench->experience_step == 2;
  double seconds = (double) (g_get_monotonic_time () - bench->experience_start) / G_USEC_PER_SEC;
  double shown, diagram, prediction, p50, p99;
  gboolean met;

  if (nl_trainer_get_running (trainer))
    return;
  counting = FALSE;
  g_clear_signal_handler (&bench->after_paint_id, bench->frame_clock);
  g_signal_handlers_disconnect_by_func (trainer, progress_cb, bench);
  g_signal_handlers_disconnect_by_func (trainer, experience_running_cb, bench);
  if (nl_trainer_get_epoch (trainer) != nl_trainer_get_epochs (trainer))
    {
      fail (bench, "training at the default speed", NULL);
      return;
    }

  shown = counted_frames[boundary ? COUNTED_BOUNDARY : COUNTED_LOSS_PLOT] / seconds;
  diagram = counted_frames[COUNTED_DIAGRAM] / seconds;
  prediction = bench->probability_changes / seconds;
  sort_array (bench->intervals);
  p50 = percentile (bench->intervals, 0.50);
  p99 = percentile (bench->intervals, 0.99);
  met = seconds >= EXPERIENCE_MIN_SECONDS && seconds <= EXPERIENCE_MAX_SECONDS
        && shown >= EXPERIENCE_MIN_UPDATES && diagram >= EXPERIENCE_MIN_UPDATES
        && prediction >= EXPERIENCE_MIN_UPDATES;
  bench->experience_met = bench->experience_met && met;

  g_print ("\n%" G_GUINT64_FORMAT " epochs at %u epochs/s, %s page shown:\n",
           nl_trainer_get_epoch (trainer), nl_trainer_get_pace (trainer),
           boundary ? "Decision Boundary" : "Loss");
  g_print ("  run %.2f s (Train to done), %u progress posts (%.1f/s)\n", seconds,
           bench->progress_posts, bench->progress_posts / seconds);
  g_print ("  redraws: %s %u (%.1f/s), diagram %u (%.1f/s); prediction changed %u times (%.1f/s)\n",
           counted_names[boundary ? COUNTED_BOUNDARY : COUNTED_LOSS_PLOT],
           counted_frames[boundary ? COUNTED_BOUNDARY : COUNTED_LOSS_PLOT], shown,
           counted_frames[COUNTED_DIAGRAM], diagram, bench->probability_changes, prediction);
  g_print ("  frames n=%u p50 %.1f ms p99 %.1f ms max %.1f ms\n", bench->intervals->len, p50, p99,
           percentile (bench->intervals, 1.0));
  g_string_append_printf (bench->summary,
                          "default_speed page=%s run=%.1fs (target %.0f-%.0fs) updates/s %s=%.1f "
                          "diagram=%.1f prediction=%.1f (target>=%.0f) frames p50=%.1fms p99=%.1fms "
                          "%s\n",
                          boundary ? "boundary" : "loss", seconds, EXPERIENCE_MIN_SECONDS,
                          EXPERIENCE_MAX_SECONDS, boundary ? "boundary" : "plot", shown, diagram,
                          prediction, EXPERIENCE_MIN_UPDATES, p50, p99, met ? "met" : "NOT MET");
  g_timeout_add (500, experience_run_cb, bench);
}

/* Step 1 watches the loss plot, step 2 the boundary; then the summary. */
static gboolean
experience_run_cb (gpointer data)
{
  Bench *bench = data;
  NlTrainer *trainer = nl_window_get_trainer (bench->experience_window);
  GtkWidget *stack;
  const char *page;

  if (bench->experience_step++ == 2)
    {
      g_print ("\n--- summary ---\n%s", bench->summary->str);
      gtk_window_destroy (GTK_WINDOW (bench->experience_window));
      g_application_quit (G_APPLICATION (bench->app));
      return G_SOURCE_REMOVE;
    }

  page = bench->experience_step == 1 ? "loss" : "boundary";
  stack = find_stack_with_page (GTK_WIDGET (bench->experience_window), page);
  if (stack == NULL)
    {
      fail (bench, "the default-speed window", NULL);
      return G_SOURCE_REMOVE;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (stack), page);
  nl_trainer_reset (trainer);

  memset (counted_frames, 0, sizeof counted_frames);
  g_array_set_size (bench->intervals, 0);
  bench->progress_posts = 0;
  bench->probability_changes = 0;
  bench->last_probability = nl_predict_form_get_probability (experience_predict_form (bench));
  bench->last_frame = 0;
  bench->frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->experience_window));
  bench->after_paint_id = g_signal_connect (bench->frame_clock, "after-paint",
                                            G_CALLBACK (experience_after_paint_cb), bench);
  g_signal_connect_swapped (trainer, "progress", G_CALLBACK (progress_cb), bench);
  counting = TRUE;
  bench->experience_start = g_get_monotonic_time ();
  /* What Train does, at the window's own settings. */
  gtk_widget_activate_action (GTK_WIDGET (bench->experience_window), "win.train", NULL);
  if (!nl_trainer_get_running (trainer))
    {
      fail (bench, "Train at the default speed", NULL);
      return G_SOURCE_REMOVE;
    }
  g_signal_connect (trainer, "notify::running", G_CALLBACK (experience_running_cb), bench);
  return G_SOURCE_REMOVE;
}

static void
start_experience (Bench *bench)
{
  NlSpeedControl *speed;

  wrap_snapshot (NL_TYPE_LOSS_PLOT, COUNTED_LOSS_PLOT, count_loss_plot_snapshot);
  wrap_snapshot (NL_TYPE_NETWORK_VIEW, COUNTED_DIAGRAM, count_diagram_snapshot);
  wrap_snapshot (NL_TYPE_BOUNDARY_VIEW, COUNTED_BOUNDARY, count_boundary_snapshot);

  bench->experience_window = nl_window_new (bench->app);
  speed = NL_SPEED_CONTROL (find_widget (GTK_WIDGET (bench->experience_window),
                                         NL_TYPE_SPEED_CONTROL));
  /* The default, whatever settings this process may have found. */
  nl_speed_control_set_pace (speed, NL_SPEED_CONTROL_DEFAULT_PACE);
  gtk_window_set_default_size (GTK_WINDOW (bench->experience_window), 1200, 760);
  gtk_window_present (GTK_WINDOW (bench->experience_window));
  g_print ("\ndefault-speed experience: the tutorial's table, %u epochs, Speed %u epochs/s\n",
           nl_trainer_get_epochs (nl_window_get_trainer (bench->experience_window)),
           nl_speed_control_get_pace (speed));
  bench->experience_met = TRUE;
  g_timeout_add (1000, experience_run_cb, bench);
}

/* Application */

static gboolean
start_cb (gpointer data)
{
  Bench *bench = data;

  g_print ("window: %dx%d, renderer %s\n",
           gtk_widget_get_width (GTK_WIDGET (bench->window)),
           gtk_widget_get_height (GTK_WIDGET (bench->window)),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (bench->window))));
  if (bench->experience_only)
    {
      gtk_window_destroy (GTK_WINDOW (bench->window));
      bench->window = NULL;
      start_experience (bench);
    }
  else
    next_step (bench);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GtkApplication *app,
             Bench          *bench)
{
  g_autoptr (GError) error = NULL;

  /* Numbers print with '.' whatever the locale GTK picked up. */
  setlocale (LC_NUMERIC, "C");

  bench->window = nl_window_new (app);
  bench->trainer = nl_window_get_trainer (bench->window);
  if (!set_up_window (bench, &error))
    {
      fail (bench, "setting up the window", error);
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (bench->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (bench->window));
  /* Give the window time to map and draw its first frames. */
  g_timeout_add (1000, start_cb, bench);
}

static char *
default_cli (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;

  if (self == NULL)
    return g_strdup ("neuronlab-cli");
  dir = g_path_get_dirname (self);
  return g_build_filename (dir, "..", "app", "neuronlab-cli", NULL);
}

int
main (int    argc,
      char **argv)
{
  Bench bench = {
    .rounds = 5,
    .epochs = 100,
    .rows = 10000,
    .seed = 42,
    .seconds = 10.0,
  };
  GOptionEntry entries[] = {
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &bench.cli,
      "neuronlab-cli to compare with (default: ../app/neuronlab-cli from this program)", "PATH" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &bench.rounds,
      "Throughput rounds (default 5; 0 measures frames only)", "N" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &bench.epochs, "Epochs per throughput run (default 100)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &bench.rows, "Rows of synthetic data (default 10000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &bench.seed, "Seed of the data and the network (default 42)", "N" },
    { "hide", 0, 0, G_OPTION_ARG_STRING_ARRAY, &bench.hide,
      "Hide the widgets of a type, to see what they cost (e.g. NlNetworkView; repeatable)", "TYPE" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &bench.seconds, "Length of the frames run (default 10)", "S" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &bench.page,
      "The page under the diagram during the run: loss (default), boundary or backprop", "NAME" },
    { "experience-only", 0, 0, G_OPTION_ARG_NONE, &bench.experience_only,
      "Measure only the tutorial's run at the default speed", NULL },
    { "neuron", 0, 0, G_OPTION_ARG_STRING, &bench.neuron,
      "The neuron whose map the boundary page shows (h1_1 ...; default the network's output)",
      "NAME" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- training in the window, measured");
  g_autoptr (GError) error = NULL;
  char *app_argv[] = { argv[0], NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 2;
    }
  if (bench.rounds < 0 || bench.epochs < 1 || bench.rows < 2 || bench.seed < 0
      || !(bench.seconds > 0.0))
    {
      g_printerr ("bench-window: epochs, rows and seconds must be positive\n");
      return 2;
    }
  if (bench.cli == NULL)
    bench.cli = default_cli ();
  if (!g_file_test (bench.cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-window: %s is not an executable; pass --cli PATH\n", bench.cli);
      return 1;
    }

  bench.window_speed = g_array_new (FALSE, FALSE, sizeof (double));
  bench.cli_speed = g_array_new (FALSE, FALSE, sizeof (double));
  bench.intervals = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  bench.frame_work = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  bench.update_work = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  bench.layout_work = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  bench.paint_work = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  bench.work_with_post = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  bench.work_without_post = g_array_sized_new (FALSE, FALSE, sizeof (double), 1024);
  bench.window_loss = NAN;
  bench.summary = g_string_new (NULL);

  bench.app = gtk_application_new ("org.example.NeuronLab.BenchWindow", G_APPLICATION_NON_UNIQUE);
  g_object_set (bench.app, "resource-base-path", "/org/example/NeuronLab", NULL);
  g_signal_connect (bench.app, "activate", G_CALLBACK (activate_cb), &bench);
  g_application_run (G_APPLICATION (bench.app), 1, app_argv);

  g_clear_object (&bench.app);
  g_array_unref (bench.window_speed);
  g_array_unref (bench.cli_speed);
  g_array_unref (bench.intervals);
  g_array_unref (bench.frame_work);
  g_array_unref (bench.update_work);
  g_array_unref (bench.layout_work);
  g_array_unref (bench.paint_work);
  g_array_unref (bench.work_with_post);
  g_array_unref (bench.work_without_post);
  g_string_free (bench.summary, TRUE);
  g_strfreev (bench.hide);
  g_free (bench.page);
  g_free (bench.neuron);
  g_free (bench.cli_mse);
  g_free (bench.cli);
  return bench.status;
}
