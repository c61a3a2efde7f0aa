/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-runs-view.c: the table of finished runs (see nl-runs-view.h).
 *
 * A grid of real widgets rather than a list view: there are twenty runs at
 * most, every row's check and button stay in the focus chain for Tab, and
 * each has an accessible name that says which run it acts on ("Show run 3",
 * "Remove run 3"). The rows are rebuilt when the list of runs changes; a
 * row's check is bound both ways to its record's "visible", so the loss
 * plot and the table agree whoever changes it. After a Remove the keyboard
 * focus moves to the Remove button that takes the removed one's place.
 */
#include "config.h"

#include "nl-runs-view.h"

#include <math.h>

#include <glib/gi18n.h>

#include "nl-plot-ticks.h"
#include "nl-run-record.h"

struct _NlRunsView
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkLabel   *empty_label;
  GtkWidget  *scroller;
  GtkGrid    *grid;

  NlTrainer  *trainer;
  GListModel *runs;
  guint       n_rows;
  /* After a Remove: the row whose Remove button takes the focus, or -1. */
  int         focus_row;
};

G_DEFINE_FINAL_TYPE (NlRunsView, nl_runs_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TRAINER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  COL_NUMBER,
  COL_CHANGE,
  COL_EPOCHS,
  COL_LOSS,
  COL_TEST_LOSS,
  COL_SCORE,
  COL_SHOW,
  COL_REMOVE,
};

static GtkWidget *
cell (NlRunsView *self,
      int         column,
      int         row,
      const char *text,
      float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
  return label;
}

static char *
format_figure (double value)
{
  /* Translators: a figure a run does not have (no test set). */
  return isfinite (value) ? nl_plot_format_value (value) : g_strdup (_("—"));
}

/* Accuracy for a classification, R² for a regression (the record has NAN
 * for the figure that does not apply). */
static char *
format_score (const NlEvaluation *eval)
{
  if (isfinite (eval->accuracy))
    /* Translators: a run's accuracy in the runs table. */
    return g_strdup_printf (_("%.1f%%"), eval->accuracy * 100);
  if (isfinite (eval->r2))
    /* Translators: a regression run's R² in the runs table. */
    return g_strdup_printf (_("R² %.3f"), eval->r2);
  return g_strdup (_("—"));
}

static void
remove_clicked_cb (GtkButton  *button,
                   NlRunsView *self)
{
  NlRunRecord *record = g_object_get_data (G_OBJECT (button), "nl-run-record");
  guint n;

  if (self->trainer == NULL || self->runs == NULL)
    return;
  n = g_list_model_get_n_items (self->runs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NlRunRecord) item = g_list_model_get_item (self->runs, i);

      if (item == record)
        {
          self->focus_row = (int) i;
          nl_trainer_remove_run (self->trainer, i);
          return;
        }
    }
}

/* Which columns the runs need: a test loss only when some run had a test
 * set, accuracy for classifications and R² for regressions. */
typedef struct
{
  gboolean test;
  gboolean accuracy;
  gboolean r2;
} Needs;

static void
add_row (NlRunsView  *self,
         NlRunRecord *record,
         int          row,
         const Needs *needs)
{
  guint number = nl_run_record_get_number (record);
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  g_autofree char *settings = nl_run_record_describe_settings (record);
  g_autofree char *epochs = g_strdup_printf ("%" G_GUINT64_FORMAT, nl_run_record_get_epochs (record));
  g_autofree char *loss = NULL;
  g_autofree char *test_loss = NULL;
  g_autofree char *score = NULL;
  g_autofree char *show_name = NULL;
  g_autofree char *remove_name = NULL;
  NlEvaluation train, test;
  GtkWidget *change, *label, *check, *button;

  nl_run_record_get_evaluation (record, &train, &test);
  loss = format_figure (train.loss);
  test_loss = format_figure (test.loss);
  score = format_score (&train);

  cell (self, COL_NUMBER, row, number_text, 1.0);

  /* What it changed, and under it its settings in full. */
  change = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (change, TRUE);
  label = gtk_label_new (nl_run_record_get_label (record));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_box_append (GTK_BOX (change), label);
  label = gtk_label_new (settings);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (change), label);
  gtk_grid_attach (self->grid, change, COL_CHANGE, row, 1, 1);

  cell (self, COL_EPOCHS, row, epochs, 1.0);
  cell (self, COL_LOSS, row, loss, 1.0);
  if (needs->test)
    cell (self, COL_TEST_LOSS, row, test_loss, 1.0);
  cell (self, COL_SCORE, row, score, 1.0);

  /* Translators: the check that shows a run's curves on the loss plot. */
  check = gtk_check_button_new_with_label (_("Show"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a run's Show check: "Show run 3". */
  show_name = g_strdup_printf (_("Show run %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, show_name,
                                  -1);
  gtk_widget_set_tooltip_text (check, show_name);
  g_object_bind_property (record, "visible", check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_grid_attach (self->grid, check, COL_SHOW, row, 1, 1);

  /* Translators: the button that removes a run from the table and the plot. */
  button = gtk_button_new_with_label (_("Remove"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a run's Remove button: "Remove run 3". */
  remove_name = g_strdup_printf (_("Remove run %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name,
                                  -1);
  gtk_widget_set_tooltip_text (button, remove_name);
  g_object_set_data_full (G_OBJECT (button), "nl-run-record", g_object_ref (record), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_grid_attach (self->grid, button, COL_REMOVE, row, 1, 1);
}

static void
rebuild (NlRunsView *self)
{
  static const struct { const char *title; float xalign; } titles[] = {
    /* Translators: the runs table's column titles. */
    { N_("Run"), 1.0 },
    { N_("Change and settings"), 0.0 },
    { N_("Epochs"), 1.0 },
    { N_("Loss"), 1.0 },
    { N_("Test loss"), 1.0 },
  };
  GtkWidget *child;
  guint n = self->runs != NULL ? g_list_model_get_n_items (self->runs) : 0;
  Needs needs = { FALSE, FALSE, FALSE };
  const char *score_title;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  self->n_rows = n;
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  gtk_widget_set_visible (self->scroller, n > 0);
  if (n == 0)
    {
      self->focus_row = -1;
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NlRunRecord) record = g_list_model_get_item (self->runs, i);
      NlEvaluation train;

      nl_run_record_get_evaluation (record, &train, NULL);
      needs.test |= nl_run_record_get_test_history (record) != NULL;
      needs.accuracy |= isfinite (train.accuracy);
      needs.r2 |= !isfinite (train.accuracy) && isfinite (train.r2);
    }

  /* The table stays narrow enough for a small screen: no column that
   * every row would leave empty. */
  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    {
      GtkWidget *title;

      if (c == COL_TEST_LOSS && !needs.test)
        continue;
      title = cell (self, (int) c, 0, _(titles[c].title), titles[c].xalign);
      gtk_widget_add_css_class (title, "caption-heading");
    }
  if (needs.r2 && needs.accuracy)
    score_title = _("Accuracy / R²");
  else if (needs.r2)
    score_title = _("R²");
  else
    score_title = _("Accuracy");
  gtk_widget_add_css_class (cell (self, COL_SCORE, 0, score_title, 1.0), "caption-heading");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NlRunRecord) record = g_list_model_get_item (self->runs, i);

      add_row (self, record, (int) i + 1, &needs);
    }

  if (self->focus_row >= 0)
    {
      int row = MIN (self->focus_row, (int) n - 1) + 1;
      GtkWidget *button = gtk_grid_get_child_at (self->grid, COL_REMOVE, row);

      if (button != NULL)
        gtk_widget_grab_focus (button);
      self->focus_row = -1;
    }
}

static void
runs_changed_cb (GListModel *runs,
                 guint       position,
                 guint       removed,
                 guint       added,
                 NlRunsView *self)
{
  rebuild (self);
}

static void
nl_runs_view_dispose (GObject *object)
{
  NlRunsView *self = NL_RUNS_VIEW (object);

  nl_runs_view_set_trainer (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_RUNS_VIEW);

  G_OBJECT_CLASS (nl_runs_view_parent_class)->dispose (object);
}

static void
nl_runs_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NlRunsView *self = NL_RUNS_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_runs_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  NlRunsView *self = NL_RUNS_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRAINER:
      nl_runs_view_set_trainer (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_runs_view_class_init (NlRunsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_runs_view_dispose;
  object_class->get_property = nl_runs_view_get_property;
  object_class->set_property = nl_runs_view_set_property;

  /**
   * NlRunsView:trainer:
   *
   * The trainer whose finished runs are listed.
   */
  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL,
                         NL_TYPE_TRAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-runs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NlRunsView, box);
  gtk_widget_class_bind_template_child (widget_class, NlRunsView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, NlRunsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, NlRunsView, grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "nl-runs-view");
}

static void
nl_runs_view_init (NlRunsView *self)
{
  self->focus_row = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild (self);
}

GtkWidget *
nl_runs_view_new (void)
{
  return g_object_new (NL_TYPE_RUNS_VIEW, NULL);
}

NlTrainer *
nl_runs_view_get_trainer (NlRunsView *self)
{
  g_return_val_if_fail (NL_IS_RUNS_VIEW (self), NULL);

  return self->trainer;
}

void
nl_runs_view_set_trainer (NlRunsView *self,
                          NlTrainer  *trainer)
{
  g_return_if_fail (NL_IS_RUNS_VIEW (self));
  g_return_if_fail (trainer == NULL || NL_IS_TRAINER (trainer));

  if (self->trainer == trainer)
    return;

  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, runs_changed_cb, self);
  g_clear_object (&self->runs);
  g_set_object (&self->trainer, trainer);
  if (trainer != NULL)
    {
      self->runs = g_object_ref (nl_trainer_get_runs (trainer));
      g_signal_connect (self->runs, "items-changed", G_CALLBACK (runs_changed_cb), self);
    }
  /* Disposing: the template's widgets are going. */
  if (self->grid != NULL)
    rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
}

guint
nl_runs_view_get_n_rows (NlRunsView *self)
{
  g_return_val_if_fail (NL_IS_RUNS_VIEW (self), 0);

  return self->n_rows;
}
