/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-confusion-view.c: the confusion matrices (see nl-confusion-view.h).
 *
 * Two grids of caption-sized labels, one a set of rows, rebuilt when the
 * number of classes changes (2 for the binary task, up to NL_MAX_CLASSES);
 * the counts come from the trainer after each progress post, step or reset,
 * and the class names from the table's label column. Two classes sit side
 * by side as they always have; more stack, the names over the columns are
 * cut short past a few classes (the full name is in each cell's tooltip and
 * accessible label), and a matrix wider than the column scrolls sideways.
 * Signal groups follow whichever models the view is given, so the window
 * only hands them over. */
#include "config.h"

#include "nl-confusion-view.h"

#include <glib/gi18n.h>

/* Past this many classes, the names over the columns are cut short. */
#define MANY_CLASSES 4

struct _NlConfusionView
{
  GtkWidget       parent_instance;

  GtkWidget      *scroller;
  GtkBox         *box;

  NlDatasetModel *dataset;
  NlTrainer      *trainer;
  GSignalGroup   *dataset_signals;
  GSignalGroup   *trainer_signals;

  /* The classes the grids are built for (0: none yet). */
  guint           n_classes;
  /* Per set (training, test): its table, the class names heading its
   * columns (predicted) and rows (true), and the counts [true * K +
   * predicted]. */
  GtkWidget      *tables[2];
  GtkLabel       *titles[2];
  GtkLabel       *predicted[2][NL_MAX_CLASSES];
  GtkLabel       *truth[2][NL_MAX_CLASSES];
  GtkLabel       *counts[2][NL_MAX_CLASSES * NL_MAX_CLASSES];
  /* The table changed since the counts were made. */
  gboolean        stale;
};

G_DEFINE_FINAL_TYPE (NlConfusionView, nl_confusion_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_TRAINER,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
grid_label (GtkGrid    *grid,
            int         column,
            int         row,
            float       xalign,
            const char *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, xalign);
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  gtk_grid_attach (grid, GTK_WIDGET (label), column, row, 1, 1);
  return label;
}

/* The two confusion tables for @n classes. */
static void
build_confusion (NlConfusionView *self,
                 guint            n)
{
  gboolean many = n > MANY_CLASSES;

  for (int s = 0; s < 2; s++)
    if (self->tables[s] != NULL)
      gtk_box_remove (self->box, self->tables[s]);
  self->n_classes = n;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->box),
                                  n > 2 ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (self->box, n > 2 ? 12 : 24);

  for (int s = 0; s < 2; s++)
    {
      GtkGrid *grid = GTK_GRID (gtk_grid_new ());

      gtk_grid_set_column_spacing (grid, many ? 4 : 8);
      gtk_grid_set_row_spacing (grid, 1);
      gtk_widget_set_halign (GTK_WIDGET (grid), GTK_ALIGN_START);
      gtk_widget_add_css_class (GTK_WIDGET (grid), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (grid), "confusion");
      self->titles[s] = grid_label (grid, 0, 0, 0, "caption-heading");
      for (guint k = 0; k < n; k++)
        {
          self->predicted[s][k] = grid_label (grid, 1 + k, 0, 1, "dim-label");
          self->truth[s][k] = grid_label (grid, 0, 1 + k, 0, "dim-label");
          /* Cut short, names keep a few letters each: the matrix scrolls
           * sideways rather than lose them. */
          gtk_label_set_ellipsize (self->truth[s][k], PANGO_ELLIPSIZE_END);
          gtk_label_set_width_chars (self->truth[s][k], 8);
          gtk_label_set_max_width_chars (self->truth[s][k], 16);
          if (many)
            {
              gtk_label_set_ellipsize (self->predicted[s][k], PANGO_ELLIPSIZE_END);
              gtk_label_set_width_chars (self->predicted[s][k], 7);
              gtk_label_set_max_width_chars (self->predicted[s][k], 7);
            }
        }
      for (guint t = 0; t < n; t++)
        for (guint p = 0; p < n; p++)
          {
            GtkLabel *count = grid_label (grid, 1 + p, 1 + t, 1, "numeric");

            gtk_widget_add_css_class (GTK_WIDGET (count), "confusion-cell");
            /* The diagonal counts the rows predicted right. */
            if (t == p)
              gtk_widget_add_css_class (GTK_WIDGET (count), "diagonal");
            self->counts[s][t * n + p] = count;
          }
      self->tables[s] = GTK_WIDGET (grid);
      gtk_box_append (self->box, GTK_WIDGET (grid));
    }
}

/* The name of class @k as the rows and columns show it. */
static char *
class_name (NlConfusionView *self,
            guint            k,
            guint            n)
{
  const char *name = NULL;

  /* Names of a table with other classes than were counted would mislead. */
  if (self->dataset != NULL && nl_dataset_model_get_n_classes (self->dataset) == n)
    name = nl_dataset_model_get_class_name (self->dataset, k);
  if (name != NULL && name[0] != '\0')
    return g_strdup (name);
  return n == 2 ? g_strdup (k == 0 ? "0" : "1") : g_strdup_printf ("%u", k + 1);
}

static void
update_confusion (NlConfusionView *self)
{
  guint counts[2][NL_MAX_CLASSES * NL_MAX_CLASSES] = { { 0 } };
  char *names[NL_MAX_CLASSES] = { NULL };
  guint n = 0;
  gboolean any = FALSE;

  if (self->trainer != NULL)
    n = nl_trainer_get_confusion (self->trainer, counts[0], counts[1]);
  /* Regression has nothing to confuse. */
  if (n < 2 || n > NL_MAX_CLASSES)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  if (n != self->n_classes)
    build_confusion (self, n);
  for (guint k = 0; k < n; k++)
    names[k] = class_name (self, k, n);

  for (int s = 0; s < 2; s++)
    {
      guint total = 0;
      g_autofree char *title = NULL;

      for (guint i = 0; i < n * n; i++)
        total += counts[s][i];
      gtk_widget_set_visible (self->tables[s], total > 0);
      if (total == 0)
        continue;
      any = TRUE;
      /* Translators: over a confusion matrix: the rows it counts. */
      title = s == 0 ? g_strdup_printf (_("Training (%u)"), total)
                     : g_strdup_printf (_("Test (%u)"), total);
      if (self->stale)
        {
          g_autofree char *counted = g_steal_pointer (&title);

          /* Translators: a confusion matrix's title when the table was
           * edited after its rows were counted: "Training (4), before the
           * table changed". */
          title = g_strdup_printf (_("%s, before the table changed"), counted);
        }
      gtk_label_set_text (self->titles[s], title);
      for (guint k = 0; k < n; k++)
        {
          g_autofree char *predicted = g_strdup_printf ("→ %s", names[k]);

          gtk_label_set_text (self->predicted[s][k], predicted);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->predicted[s][k]),
                                       n > MANY_CLASSES ? names[k] : NULL);
          gtk_label_set_text (self->truth[s][k], names[k]);
        }
      for (guint t = 0; t < n; t++)
        for (guint p = 0; p < n; p++)
          {
            GtkLabel *cell = self->counts[s][t * n + p];
            g_autofree char *description = NULL;
            char text[16];

            g_snprintf (text, sizeof text, "%u", counts[s][t * n + p]);
            gtk_label_set_text (cell, text);
            /* Translators: a cell of a confusion matrix, for a screen
             * reader and in its tooltip: "true setosa, predicted
             * versicolor: 3". */
            description = g_strdup_printf (_("true %s, predicted %s: %u"),
                                           names[t], names[p], counts[s][t * n + p]);
            gtk_widget_set_tooltip_text (GTK_WIDGET (cell), description);
            gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                            -1);
          }
    }
  for (guint k = 0; k < n; k++)
    g_free (names[k]);
  gtk_widget_set_visible (GTK_WIDGET (self), any);
}

void
nl_confusion_view_set_models (NlConfusionView *self,
                              NlDatasetModel  *dataset,
                              NlTrainer       *trainer)
{
  g_return_if_fail (NL_IS_CONFUSION_VIEW (self));
  g_return_if_fail (dataset == NULL || NL_IS_DATASET_MODEL (dataset));
  g_return_if_fail (trainer == NULL || NL_IS_TRAINER (trainer));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->dataset, dataset))
    {
      g_signal_group_set_target (self->dataset_signals, dataset);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
    }
  if (g_set_object (&self->trainer, trainer))
    {
      g_signal_group_set_target (self->trainer_signals, trainer);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
    }
  update_confusion (self);
  g_object_thaw_notify (G_OBJECT (self));
}

NlDatasetModel *
nl_confusion_view_get_dataset (NlConfusionView *self)
{
  g_return_val_if_fail (NL_IS_CONFUSION_VIEW (self), NULL);
  return self->dataset;
}

NlTrainer *
nl_confusion_view_get_trainer (NlConfusionView *self)
{
  g_return_val_if_fail (NL_IS_CONFUSION_VIEW (self), NULL);
  return self->trainer;
}

GtkWidget *
nl_confusion_view_new (void)
{
  return g_object_new (NL_TYPE_CONFUSION_VIEW, NULL);
}

static void
nl_confusion_view_dispose (GObject *object)
{
  NlConfusionView *self = NL_CONFUSION_VIEW (object);

  g_signal_group_set_target (self->dataset_signals, NULL);
  g_signal_group_set_target (self->trainer_signals, NULL);
  g_clear_object (&self->dataset);
  g_clear_object (&self->trainer);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_CONFUSION_VIEW);

  G_OBJECT_CLASS (nl_confusion_view_parent_class)->dispose (object);
}

static void
nl_confusion_view_finalize (GObject *object)
{
  NlConfusionView *self = NL_CONFUSION_VIEW (object);

  g_clear_object (&self->dataset_signals);
  g_clear_object (&self->trainer_signals);

  G_OBJECT_CLASS (nl_confusion_view_parent_class)->finalize (object);
}

static void
nl_confusion_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NlConfusionView *self = NL_CONFUSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_confusion_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  NlConfusionView *self = NL_CONFUSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      nl_confusion_view_set_models (self, g_value_get_object (value), self->trainer);
      break;
    case PROP_TRAINER:
      nl_confusion_view_set_models (self, self->dataset, g_value_get_object (value));
      break;
    case PROP_STALE:
      if (self->stale != g_value_get_boolean (value))
        {
          self->stale = g_value_get_boolean (value);
          update_confusion (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_confusion_view_class_init (NlConfusionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_confusion_view_dispose;
  object_class->finalize = nl_confusion_view_finalize;
  object_class->get_property = nl_confusion_view_get_property;
  object_class->set_property = nl_confusion_view_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         NL_TYPE_DATASET_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL,
                         NL_TYPE_TRAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The table changed since the trainer counted: the titles say so. */
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-confusion-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NlConfusionView, scroller);
  gtk_widget_class_bind_template_child (widget_class, NlConfusionView, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
nl_confusion_view_init (NlConfusionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_confusion (self, 2);

  /* The counts change with each progress post and go with a reset (the
   * epoch back to 0); the class names change with the table. */
  self->trainer_signals = g_signal_group_new (NL_TYPE_TRAINER);
  g_signal_group_connect_swapped (self->trainer_signals, "progress",
                                  G_CALLBACK (update_confusion), self);
  g_signal_group_connect_swapped (self->trainer_signals, "notify::epoch",
                                  G_CALLBACK (update_confusion), self);
  self->dataset_signals = g_signal_group_new (NL_TYPE_DATASET_MODEL);
  g_signal_group_connect_swapped (self->dataset_signals, "columns-changed",
                                  G_CALLBACK (update_confusion), self);
  g_signal_group_connect_swapped (self->dataset_signals, "changed",
                                  G_CALLBACK (update_confusion), self);
}
