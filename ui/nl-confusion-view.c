/* nl-confusion-view.c: the confusion matrices (see nl-confusion-view.h).
 *
 * Two small grids of caption-sized labels, built once; the counts come from
 * the trainer after each progress post, step or reset, and the class names
 * from the table's label column. Signal groups follow whichever models the
 * view is given, so the window only hands them over. */
#include "config.h"

#include "nl-confusion-view.h"

#include <glib/gi18n.h>

struct _NlConfusionView
{
  GtkWidget       parent_instance;

  GtkBox         *box;

  NlDatasetModel *dataset;
  NlTrainer      *trainer;
  GSignalGroup   *dataset_signals;
  GSignalGroup   *trainer_signals;

  /* Per set (training, test): its table, the class names heading its rows
   * and columns, and the counts [true][predicted]. */
  GtkWidget      *tables[2];
  GtkLabel       *titles[2];
  GtkLabel       *classes[2][4];
  GtkLabel       *counts[2][2][2];
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

/* The two small confusion tables, built once. */
static void
build_confusion (NlConfusionView *self)
{
  for (int s = 0; s < 2; s++)
    {
      GtkGrid *grid = GTK_GRID (gtk_grid_new ());

      gtk_grid_set_column_spacing (grid, 8);
      gtk_widget_add_css_class (GTK_WIDGET (grid), "caption");
      self->titles[s] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->titles[s], 0);
      gtk_widget_add_css_class (GTK_WIDGET (self->titles[s]), "caption-heading");
      gtk_grid_attach (grid, GTK_WIDGET (self->titles[s]), 0, 0, 1, 1);
      for (int k = 0; k < 4; k++)
        {
          /* 0, 1: the predicted classes over the columns; 2, 3: the true
           * classes down the rows. */
          self->classes[s][k] = GTK_LABEL (gtk_label_new (NULL));
          gtk_label_set_xalign (self->classes[s][k], k < 2 ? 1 : 0);
          gtk_widget_add_css_class (GTK_WIDGET (self->classes[s][k]), "dim-label");
          gtk_grid_attach (grid, GTK_WIDGET (self->classes[s][k]),
                           k < 2 ? 1 + k : 0, k < 2 ? 0 : k - 1, 1, 1);
        }
      for (int t = 0; t < 2; t++)
        for (int p = 0; p < 2; p++)
          {
            self->counts[s][t][p] = GTK_LABEL (gtk_label_new (NULL));
            gtk_label_set_xalign (self->counts[s][t][p], 1);
            gtk_widget_add_css_class (GTK_WIDGET (self->counts[s][t][p]), "numeric");
            gtk_grid_attach (grid, GTK_WIDGET (self->counts[s][t][p]),
                             1 + p, 1 + t, 1, 1);
          }
      self->tables[s] = GTK_WIDGET (grid);
      gtk_box_append (self->box, GTK_WIDGET (grid));
    }
}

static void
update_confusion (NlConfusionView *self)
{
  guint flat[2][NL_MAX_CLASSES * NL_MAX_CLASSES] = { { 0 } };
  guint counts[2][2][2] = { { { 0 } } };
  const char *names[2];
  gboolean any = FALSE;

  if (self->trainer != NULL && nl_trainer_get_confusion (self->trainer, flat[0], flat[1]) == 2)
    for (int s = 0; s < 2; s++)
      for (int t = 0; t < 2; t++)
        for (int p = 0; p < 2; p++)
          counts[s][t][p] = flat[s][t * 2 + p];
  for (int c = 0; c < 2; c++)
    {
      names[c] = self->dataset != NULL ? nl_dataset_model_get_class_name (self->dataset, c) : NULL;
      if (names[c] == NULL)
        names[c] = c == 0 ? "0" : "1";
    }

  for (int s = 0; s < 2; s++)
    {
      guint total = counts[s][0][0] + counts[s][0][1] + counts[s][1][0] + counts[s][1][1];
      g_autofree char *title = NULL;

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
      for (int c = 0; c < 2; c++)
        {
          g_autofree char *predicted = g_strdup_printf ("→ %s", names[c]);

          gtk_label_set_text (self->classes[s][c], predicted);
          gtk_label_set_text (self->classes[s][2 + c], names[c]);
        }
      for (int t = 0; t < 2; t++)
        for (int p = 0; p < 2; p++)
          {
            char text[16];

            g_snprintf (text, sizeof text, "%u", counts[s][t][p]);
            gtk_label_set_text (self->counts[s][t][p], text);
          }
    }
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
  gtk_widget_class_bind_template_child (widget_class, NlConfusionView, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
nl_confusion_view_init (NlConfusionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_confusion (self);

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
