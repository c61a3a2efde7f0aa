/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-loss-plot.c: a plot of the training loss per epoch.
 *
 * The widget holds the caller's history by pointer and draws it with
 * nl_loss_plot_draw_cairo(), which it shares with the tests and the
 * benchmark. A pointer over the plot shows the epoch and loss beneath it.
 * Earlier runs (NlRunRecord) are drawn beneath the current one: the widget
 * keeps one entry per visible run, with its label and column caches (a
 * finished run's curve never changes, so its caches stay valid until the
 * plot's width or scale does), rebuilt when the list or a run's "visible"
 * changes.
 * Its context menu (right click, Shift+F10 or the Menu key) exports the
 * same drawing to a file.
 */

#include "nl-loss-plot.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "nl-loss-plot-draw.h"
#include "nl-plot-ticks.h"
#include "nl-run-record.h"
#include "nl-theme.h"

/* Screen readers hear the description change at most this often. */
#define DESCRIPTION_DELAY_MS 500
/* The size of an export from a plot that has not been shown. */
#define EXPORT_WIDTH  800
#define EXPORT_HEIGHT 500

/* A visible earlier run, as drawn. */
typedef struct
{
  NlRunRecord   *record;
  char          *label;
  NlLossColumns *columns;
  NlLossColumns *test_columns;
} RunEntry;

static void
run_entry_clear (gpointer data)
{
  RunEntry *entry = data;

  g_clear_object (&entry->record);
  g_clear_pointer (&entry->label, g_free);
  g_clear_pointer (&entry->columns, nl_loss_columns_free);
  g_clear_pointer (&entry->test_columns, nl_loss_columns_free);
}

struct _NlLossPlot
{
  GtkWidget      parent_instance;

  const NlHistory *loss;
  gboolean       log_scale;

  NlLossColumns *columns;
  const NlHistory *test_loss;
  NlLossColumns *test_columns;
  double         pointer_x;
  guint          description_id;

  GListModel    *runs;
  GArray        *run_entries;   /* of RunEntry: the visible runs, oldest first */
  NlLossRunsLayer *runs_layer;

  GtkWidget     *menu;
};

enum {
  PROP_0,
  PROP_LOG_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (NlLossPlot, nl_loss_plot, GTK_TYPE_WIDGET)

static void schedule_description (NlLossPlot *self);

/* Run @number's colour: ten hues apart from the current run's blue and
 * orange, in the order the runs were made, so a run keeps its colour when
 * others are hidden or removed; mixed a third of the way to the background,
 * so the current run stays the strongest line. */
static void
run_color (const NlThemeColors *colors,
           guint                number,
           GdkRGBA             *color)
{
  static const char * const light[] = {
    "#26a269", "#813d9c", "#c01c28", "#865e3c", "#0e8a8a",
    "#c061cb", "#77767b", "#c88800", "#6b7a00", "#4a4a9c",
  };
  static const char * const dark[] = {
    "#57e389", "#dc8add", "#f66151", "#cdab8f", "#5bc8c8",
    "#f0a0e0", "#c0bfbc", "#f8e45c", "#b5c84a", "#9a9aee",
  };
  const double dim = 0.3;
  GdkRGBA hue;

  gdk_rgba_parse (&hue, (colors->dark ? dark : light)[(number + G_N_ELEMENTS (light) - 1) % G_N_ELEMENTS (light)]);
  color->red = hue.red * (1 - dim) + colors->bg.red * dim;
  color->green = hue.green * (1 - dim) + colors->bg.green * dim;
  color->blue = hue.blue * (1 - dim) + colors->bg.blue * dim;
  color->alpha = 1.0;
}

/* The runs for the drawing, in @runs (as many as run_entries). */
static void
fill_runs (NlLossPlot          *self,
           const NlThemeColors *colors,
           NlLossPlotRun       *runs,
           gboolean             cached)
{
  for (guint i = 0; i < self->run_entries->len; i++)
    {
      RunEntry *entry = &g_array_index (self->run_entries, RunEntry, i);

      runs[i] = (NlLossPlotRun) {
        .loss = nl_run_record_get_history (entry->record),
        .test_loss = nl_run_record_get_test_history (entry->record),
        .label = entry->label,
        .number = nl_run_record_get_number (entry->record),
        .columns = cached ? entry->columns : NULL,
        .test_columns = cached ? entry->test_columns : NULL,
      };
      run_color (colors, runs[i].number, &runs[i].color);
    }
}

static void
nl_loss_plot_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  NlLossPlot *self = NL_LOSS_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  NlLossPlotDrawOptions options = { 0 };
  g_autofree NlLossPlotRun *runs = NULL;
  NlThemeColors colors;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  nl_theme_colors_get (widget, &colors);
  runs = g_new0 (NlLossPlotRun, MAX (1, self->run_entries->len));
  fill_runs (self, &colors, runs, TRUE);
  options.runs = runs;
  options.n_runs = self->run_entries->len;
  options.runs_layer = self->runs_layer;

  options.scale = gtk_widget_get_scale_factor (widget);
  options.pointer_x = self->pointer_x;
  options.pango_context = gtk_widget_get_pango_context (widget);
  options.background = &colors.bg;
  options.columns = self->columns;
  options.test_loss = self->test_loss;
  options.test_color = &colors.negative;
  options.test_columns = self->test_columns;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  nl_loss_plot_draw_cairo (cr, width, height, self->loss, self->log_scale,
                           &colors.fg, &colors.positive, &options);
  cairo_destroy (cr);

  nl_theme_append_focus_ring (widget, snapshot, &colors.positive);
}

/* The export's drawing: the snapshot's, without the pointer's readout, on
 * the theme's background made opaque. */
static void
export_draw_cb (cairo_t  *cr,
                int       width,
                int       height,
                gpointer  user_data)
{
  NlLossPlot *self = user_data;
  NlLossPlotDrawOptions options = { 0 };
  g_autofree NlLossPlotRun *runs = NULL;
  NlThemeColors colors;

  nl_theme_colors_get (GTK_WIDGET (self), &colors);
  runs = g_new0 (NlLossPlotRun, MAX (1, self->run_entries->len));
  /* Decimated afresh at the file's resolution, as the loss. */
  fill_runs (self, &colors, runs, FALSE);
  options.runs = runs;
  options.n_runs = self->run_entries->len;

  cairo_set_source_rgb (cr, colors.bg.red, colors.bg.green, colors.bg.blue);
  cairo_paint (cr);

  options.scale = nl_export_get_scale (cr);
  options.pointer_x = -1;
  options.pango_context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  options.background = &colors.bg;
  /* Decimated afresh at the file's resolution; the widget's own columns
   * stay cached for the screen. */
  options.columns = NULL;
  options.test_loss = self->test_loss;
  options.test_color = &colors.negative;

  nl_loss_plot_draw_cairo (cr, width, height, self->loss, self->log_scale,
                           &colors.fg, &colors.positive, &options);
}

gboolean
nl_loss_plot_export (NlLossPlot      *self,
                     GFile           *file,
                     NlExportFormat   format,
                     GError         **error)
{
  int width, height;

  g_return_val_if_fail (NL_IS_LOSS_PLOT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      width = EXPORT_WIDTH;
      height = EXPORT_HEIGHT;
    }

  return nl_export_draw_to_file (file, format, width, height, export_draw_cb, self, error);
}

static gboolean
export_file_cb (GtkWidget       *widget,
                GFile           *file,
                NlExportFormat   format,
                GError         **error)
{
  return nl_loss_plot_export (NL_LOSS_PLOT (widget), file, format, error);
}

/* The last value of @history that is a number, and its epoch; FALSE when
 * there is none. */
static gboolean
last_loss (const NlHistory *history,
           double          *value,
           guint64         *epoch)
{
  const NlHistoryBucket *buckets = NULL;
  gsize n = 0, last;

  if (history != NULL)
    buckets = nl_history_buckets (history, &n);
  for (last = n; last > 0 && !isfinite (buckets[last - 1].last); last--)
    ;
  if (last == 0)
    return FALSE;

  *value = buckets[last - 1].last;
  *epoch = MIN ((guint64) last * nl_history_bucket_epochs (history), nl_history_epochs (history));
  return TRUE;
}

static gboolean
update_description_cb (gpointer user_data)
{
  NlLossPlot *self = user_data;
  g_autoptr(GString) description = g_string_new (NULL);
  double loss;
  guint64 epoch;
  guint n_runs = self->run_entries->len;

  self->description_id = 0;

  if (!last_loss (self->loss, &loss, &epoch))
    g_string_append (description, _("No training yet"));
  else
    {
      g_autofree char *value = nl_plot_format_value (loss);

      /* Translators: the loss plot's summary for screen readers. */
      g_string_append_printf (description, _("Loss %s at epoch %" PRIu64), value, (uint64_t) epoch);
    }

  if (n_runs > 0)
    {
      g_string_append (description, ". ");
      /* Translators: the loss plot's summary for screen readers goes on
       * with the earlier runs drawn beneath the current one. */
      g_string_append_printf (description, g_dngettext (GETTEXT_PACKAGE, "%u earlier run shown: ",
                                                        "%u earlier runs shown: ", n_runs),
                              n_runs);
      for (guint i = 0; i < n_runs; i++)
        {
          RunEntry *entry = &g_array_index (self->run_entries, RunEntry, i);
          guint number = nl_run_record_get_number (entry->record);
          const char *label = nl_run_record_get_label (entry->record);

          if (i > 0)
            g_string_append (description, "; ");
          if (last_loss (nl_run_record_get_history (entry->record), &loss, &epoch))
            {
              g_autofree char *value = nl_plot_format_value (loss);

              /* Translators: one earlier run in the loss plot's summary for
               * screen readers: "run 2 (lr 0.1 → 0.5), loss 0.012 at epoch 1000". */
              g_string_append_printf (description, _("run %u (%s), loss %s at epoch %" PRIu64),
                                      number, label, value, (uint64_t) epoch);
            }
          else
            /* Translators: an earlier run without a loss, in the loss
             * plot's summary for screen readers: "run 2 (Adam)". */
            g_string_append_printf (description, _("run %u (%s)"), number, label);
        }
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);

  return G_SOURCE_REMOVE;
}

static void
schedule_description (NlLossPlot *self)
{
  if (self->description_id == 0)
    self->description_id = g_timeout_add (DESCRIPTION_DELAY_MS, update_description_cb, self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           NlLossPlot               *self)
{
  self->pointer_x = x;
  if (self->loss != NULL && nl_history_epochs (self->loss) > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          NlLossPlot               *self)
{
  self->pointer_x = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
nl_loss_plot_dispose (GObject *object)
{
  NlLossPlot *self = NL_LOSS_PLOT (object);

  /* Before the description's timeout goes: letting go of the runs asks
   * for one. */
  nl_loss_plot_set_runs (self, NULL);
  g_clear_handle_id (&self->description_id, g_source_remove);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  self->loss = NULL;
  self->test_loss = NULL;

  G_OBJECT_CLASS (nl_loss_plot_parent_class)->dispose (object);
}

static void
nl_loss_plot_finalize (GObject *object)
{
  NlLossPlot *self = NL_LOSS_PLOT (object);

  g_clear_pointer (&self->columns, nl_loss_columns_free);
  g_clear_pointer (&self->test_columns, nl_loss_columns_free);
  g_clear_pointer (&self->run_entries, g_array_unref);
  g_clear_pointer (&self->runs_layer, nl_loss_runs_layer_free);

  G_OBJECT_CLASS (nl_loss_plot_parent_class)->finalize (object);
}

static void
nl_loss_plot_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NlLossPlot *self = NL_LOSS_PLOT (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_loss_plot_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  NlLossPlot *self = NL_LOSS_PLOT (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      nl_loss_plot_set_log_scale (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_loss_plot_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 240;
    }
}

static void
nl_loss_plot_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  NlLossPlot *self = NL_LOSS_PLOT (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
nl_loss_plot_state_flags_changed (GtkWidget     *widget,
                                  GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (nl_loss_plot_parent_class)->state_flags_changed (widget, previous);

  /* The focus ring comes and goes. */
  if ((gtk_widget_get_state_flags (widget) ^ previous) & GTK_STATE_FLAG_FOCUS_VISIBLE)
    gtk_widget_queue_draw (widget);
}

static void
nl_loss_plot_class_init (NlLossPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_loss_plot_dispose;
  object_class->finalize = nl_loss_plot_finalize;
  object_class->get_property = nl_loss_plot_get_property;
  object_class->set_property = nl_loss_plot_set_property;

  widget_class->snapshot = nl_loss_plot_snapshot;
  widget_class->measure = nl_loss_plot_measure;
  widget_class->size_allocate = nl_loss_plot_size_allocate;
  widget_class->state_flags_changed = nl_loss_plot_state_flags_changed;

  /**
   * NlLossPlot:log-scale:
   *
   * Whether the loss axis is logarithmic, with a tick per decade.
   */
  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NlLossPlot|plot.export:
   * @format: "png", "svg" or "pdf"
   *
   * Asks for a file and exports the plot to it.
   */
  nl_export_class_install (widget_class, "plot.export",
                           /* Translators: the file name an exported loss plot is
                            * offered under, without its extension. */
                           N_("loss"),
                           export_file_cb, G_STRUCT_OFFSET (NlLossPlot, menu));

  gtk_widget_class_set_css_name (widget_class, "nl-loss-plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nl_loss_plot_init (NlLossPlot *self)
{
  GtkEventController *motion;

  self->columns = nl_loss_columns_new ();
  self->test_columns = nl_loss_columns_new ();
  self->pointer_x = -1;
  self->run_entries = g_array_new (FALSE, TRUE, sizeof (RunEntry));
  g_array_set_clear_func (self->run_entries, run_entry_clear);
  self->runs_layer = nl_loss_runs_layer_new ();

  nl_export_init_widget (GTK_WIDGET (self));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loss plot"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No training yet"),
                                  -1);
}

GtkWidget *
nl_loss_plot_new (void)
{
  return g_object_new (NL_TYPE_LOSS_PLOT, NULL);
}

void
nl_loss_plot_set_history (NlLossPlot      *self,
                          const NlHistory *loss)
{
  g_return_if_fail (NL_IS_LOSS_PLOT (self));

  self->loss = loss;
  nl_loss_columns_invalidate (self->columns);

  schedule_description (self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nl_loss_plot_set_test_history (NlLossPlot      *self,
                               const NlHistory *loss)
{
  g_return_if_fail (NL_IS_LOSS_PLOT (self));

  self->test_loss = loss;
  nl_loss_columns_invalidate (self->test_columns);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gsize
nl_loss_plot_get_n_points (NlLossPlot *self)
{
  g_return_val_if_fail (NL_IS_LOSS_PLOT (self), 0);

  return self->loss != NULL ? nl_history_epochs (self->loss) : 0;
}

gboolean
nl_loss_plot_get_log_scale (NlLossPlot *self)
{
  g_return_val_if_fail (NL_IS_LOSS_PLOT (self), FALSE);

  return self->log_scale;
}

void
nl_loss_plot_set_log_scale (NlLossPlot *self,
                            gboolean    log_scale)
{
  g_return_if_fail (NL_IS_LOSS_PLOT (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;

  self->log_scale = log_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

/* The visible runs again, keeping the caches of those still shown. */
static void
rebuild_runs (NlLossPlot *self)
{
  g_autoptr(GArray) old = self->run_entries;
  guint n = self->runs != NULL ? g_list_model_get_n_items (self->runs) : 0;

  self->run_entries = g_array_new (FALSE, TRUE, sizeof (RunEntry));
  g_array_set_clear_func (self->run_entries, run_entry_clear);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NlRunRecord) record = g_list_model_get_item (self->runs, i);
      RunEntry entry = { 0 };

      if (!nl_run_record_get_visible (record))
        continue;
      for (guint k = 0; k < old->len; k++)
        {
          RunEntry *was = &g_array_index (old, RunEntry, k);

          if (was->record == record)
            {
              entry.columns = g_steal_pointer (&was->columns);
              entry.test_columns = g_steal_pointer (&was->test_columns);
              break;
            }
        }
      entry.record = g_object_ref (record);
      /* Translators: an earlier run's label on the loss plot: its number
       * and what it changed, "3 · lr 0.1 → 0.5". */
      entry.label = g_strdup_printf (_("%u · %s"), nl_run_record_get_number (record),
                                     nl_run_record_get_label (record));
      if (entry.columns == NULL)
        entry.columns = nl_loss_columns_new ();
      if (entry.test_columns == NULL)
        entry.test_columns = nl_loss_columns_new ();
      g_array_append_val (self->run_entries, entry);
    }

  schedule_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
run_visible_cb (NlRunRecord *record,
                GParamSpec  *pspec,
                NlLossPlot  *self)
{
  rebuild_runs (self);
}

static void
connect_runs (NlLossPlot *self,
              guint       position,
              guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(NlRunRecord) record = g_list_model_get_item (self->runs, i);

      g_signal_connect_object (record, "notify::visible", G_CALLBACK (run_visible_cb), self, 0);
    }
}

static void
runs_changed_cb (GListModel *runs,
                 guint       position,
                 guint       removed,
                 guint       added,
                 NlLossPlot *self)
{
  /* A removed record lets go of its handler when it is finalised
   * (g_signal_connect_object); the plot drops its entry here. */
  connect_runs (self, position, added);
  rebuild_runs (self);
}

void
nl_loss_plot_set_runs (NlLossPlot *self,
                       GListModel *runs)
{
  g_return_if_fail (NL_IS_LOSS_PLOT (self));
  g_return_if_fail (runs == NULL || G_IS_LIST_MODEL (runs));

  if (self->runs == runs)
    return;

  if (self->runs != NULL)
    {
      guint n = g_list_model_get_n_items (self->runs);

      g_signal_handlers_disconnect_by_func (self->runs, runs_changed_cb, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) record = g_list_model_get_item (self->runs, i);

          g_signal_handlers_disconnect_by_func (record, run_visible_cb, self);
        }
    }
  g_set_object (&self->runs, runs);
  if (runs != NULL)
    {
      g_signal_connect_object (runs, "items-changed", G_CALLBACK (runs_changed_cb), self, 0);
      connect_runs (self, 0, g_list_model_get_n_items (runs));
    }
  rebuild_runs (self);
}

guint
nl_loss_plot_get_n_runs_shown (NlLossPlot *self)
{
  g_return_val_if_fail (NL_IS_LOSS_PLOT (self), 0);

  return self->run_entries->len;
}
