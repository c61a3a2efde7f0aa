/* nl-predict-form.c: the Predict section.
 *
 * The fields follow the dataset's inputs: they are rebuilt only when the
 * names of the inputs change, and keep what was typed in a field whose
 * column is still there. The answer is recomputed on every keystroke and
 * every time the network's parameters change (many times a second while
 * training: one forward pass of a small network, cheap). What is typed goes
 * through the dataset model's parser and normalisation, so the network sees
 * exactly what it was trained on.
 */

#include "nl-predict-form.h"

#include <math.h>

#include <glib/gi18n-lib.h>

struct _NlPredictForm
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *fields_grid;
  GtkWidget      *result_label;
  GtkWidget      *class0_label;
  GtkWidget      *class1_label;
  GtkWidget      *level_bar;

  NlDatasetModel *dataset;
  NlNetworkModel *network;
  gulong          columns_changed_id;
  gulong          n_inputs_id;
  gulong          dataset_changed_id;
  gulong          params_changed_id;
  gulong          architecture_changed_id;

  GPtrArray      *entries;
  GStrv           input_names;
  gboolean        building;
  double          probability;
};

G_DEFINE_FINAL_TYPE (NlPredictForm, nl_predict_form, GTK_TYPE_WIDGET)

/* The tutorial's table and the measurements it predicts for (Emily). */
static const char * const tutorial_inputs[] = { "Weight (lb)", "Height (in)" };
static const char * const tutorial_values[] = { "128", "63" };

/* A class name as shown; a label column may not have its second class yet. */
static const char *
class_display_name (const char *name)
{
  return name != NULL ? name : "";
}

static void
set_answer (NlPredictForm *self,
            const char    *text,
            double         probability)
{
  self->probability = probability;
  gtk_label_set_text (GTK_LABEL (self->result_label), text);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->level_bar),
                           isnan (probability) ? 0.0 : CLAMP (probability, 0.0, 1.0));
  gtk_widget_set_sensitive (self->level_bar, !isnan (probability));
}

static void
set_entry_invalid (GtkWidget *entry,
                   gboolean   invalid)
{
  if (invalid)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
update_class_labels (NlPredictForm *self)
{
  const char *c0 = NULL;
  const char *c1 = NULL;
  g_autofree char *bar_name = NULL;

  if (self->dataset != NULL)
    {
      c0 = nl_dataset_model_get_class_name (self->dataset, 0);
      c1 = nl_dataset_model_get_class_name (self->dataset, 1);
    }
  gtk_label_set_text (GTK_LABEL (self->class0_label), class_display_name (c0));
  gtk_label_set_text (GTK_LABEL (self->class1_label), class_display_name (c1));

  /* Translators: the accessible name of the bar, like "Probability of Female". */
  bar_name = g_strdup_printf (_("Probability of %s"), c1 != NULL ? class_display_name (c1) : "1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, bar_name,
                                  -1);
}

static void
recompute (NlPredictForm *self)
{
  g_autofree double *raw = NULL;
  g_autofree double *x = NULL;
  g_autofree char *text = NULL;
  const char *class_name;
  char percent[G_ASCII_DTOSTR_BUF_SIZE];
  guint n_inputs;
  gboolean failed = FALSE;
  double p;

  if (self->building)
    return;

  if (self->dataset == NULL || self->network == NULL)
    {
      set_answer (self, "", NAN);
      return;
    }

  n_inputs = self->entries->len;
  raw = g_new0 (double, MAX (n_inputs, 1));
  x = g_new0 (double, MAX (n_inputs, 1));

  /* Every field is checked, so that each wrong one is marked; the first
   * one's message is shown. */
  for (guint i = 0; i < n_inputs; i++)
    {
      GtkWidget *entry = g_ptr_array_index (self->entries, i);
      g_autoptr(GError) error = NULL;

      if (nl_dataset_model_parse_input (self->dataset, i,
                                        gtk_editable_get_text (GTK_EDITABLE (entry)),
                                        &raw[i], &error))
        {
          set_entry_invalid (entry, FALSE);
          continue;
        }
      set_entry_invalid (entry, TRUE);
      if (!failed)
        set_answer (self, error->message, NAN);
      failed = TRUE;
    }
  if (failed)
    return;

  if (n_inputs == 0)
    {
      set_answer (self, _("The table has no numeric input column"), NAN);
      return;
    }
  if (nl_network_model_get_n_inputs (self->network) != n_inputs)
    {
      set_answer (self, _("The network’s inputs do not match the table’s"), NAN);
      return;
    }
  if (nl_dataset_model_get_class_name (self->dataset, 0) == NULL
      || nl_dataset_model_get_class_name (self->dataset, 1) == NULL)
    {
      set_answer (self, _("The table needs a label column with two classes"), NAN);
      return;
    }

  nl_dataset_model_normalize_inputs (self->dataset, raw, x);
  p = nl_network_model_predict (self->network, x);
  if (isnan (p))
    {
      set_answer (self, _("No answer: the network’s output is not a number"), NAN);
      return;
    }

  /* The answer is the likelier class, with its own probability. */
  class_name = class_display_name (nl_dataset_model_get_class_name (self->dataset, p >= 0.5));
  /* Shown, not stored: in the reader's own way of writing numbers. */
  g_snprintf (percent, sizeof percent, "%.1f", 100.0 * (p >= 0.5 ? p : 1.0 - p));
  /* Translators: the predicted class and its probability, like "Female, 95.1%". */
  text = g_strdup_printf (_("%s, %s%%"), class_name, percent);
  set_answer (self, text, p);
}

static void
entry_changed_cb (GtkEditable   *entry,
                  NlPredictForm *self)
{
  recompute (self);
}

/* The mean of the usable rows' values of input @i, or of every valid value
 * when no row is usable; 0 when there is none. */
static double
input_mean (NlPredictForm *self,
            guint          i)
{
  const NlDataset *ds = nl_dataset_model_get_dataset (self->dataset);
  guint column = nl_dataset_model_get_input_column (self->dataset, i);

  for (int pass = 0; pass < 2; pass++)
    {
      double sum = 0.0;
      guint n = 0;

      for (size_t r = 0; r < ds->n_rows; r++)
        {
          const NlCell *cell = nl_dataset_cell (ds, r, column);

          if (cell->state != NL_CELL_OK || (pass == 0 && !nl_dataset_row_usable (ds, r)))
            continue;
          sum += cell->value;
          n++;
        }
      if (n > 0)
        return sum / n;
    }
  return 0.0;
}

static char *
initial_value (NlPredictForm *self,
               guint          i)
{
  guint n_inputs = nl_dataset_model_get_n_inputs (self->dataset);
  gboolean tutorial = n_inputs == G_N_ELEMENTS (tutorial_inputs);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint k = 0; tutorial && k < n_inputs; k++)
    tutorial = g_strcmp0 (nl_dataset_model_get_input_name (self->dataset, k), tutorial_inputs[k]) == 0;
  if (tutorial)
    return g_strdup (tutorial_values[i]);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", input_mean (self, i)));
}

static GStrv
dup_input_names (NlDatasetModel *dataset)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (dataset != NULL)
    for (guint i = 0; i < nl_dataset_model_get_n_inputs (dataset); i++)
      g_strv_builder_add (builder, nl_dataset_model_get_input_name (dataset, i));
  return g_strv_builder_end (builder);
}

static void
clear_fields (NlPredictForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->fields_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->fields_grid), child);
  g_ptr_array_set_size (self->entries, 0);
}

/* Builds a field per input, unless the inputs are the ones already shown. */
static void
rebuild_fields (NlPredictForm *self)
{
  g_auto(GStrv) names = dup_input_names (self->dataset);
  g_autoptr(GHashTable) typed = NULL;

  if (self->input_names != NULL && g_strv_equal ((const char * const *) names,
                                                 (const char * const *) self->input_names))
    return;

  /* Keep what was typed for a column that is still an input. */
  typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; self->input_names != NULL && i < self->entries->len; i++)
    g_hash_table_insert (typed,
                         g_strdup (self->input_names[i]),
                         g_strdup (gtk_editable_get_text (g_ptr_array_index (self->entries, i))));

  self->building = TRUE;
  clear_fields (self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (names[i]);
      GtkWidget *entry = gtk_entry_new ();
      const char *text = g_hash_table_lookup (typed, names[i]);
      g_autofree char *initial = NULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);

      if (text == NULL)
        text = initial = initial_value (self, i);
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
      gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_widget_set_hexpand (entry, TRUE);
      /* The visible label is the field's name for assistive technologies
       * and for tests that look the field up by name. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                      -1);
      g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);

      /* The field comes first in the accessibility tree, so that looking it
       * up by its name finds the field before its label; the grid lays
       * them out two to a row, like the training settings above, and Tab
       * follows the layout. */
      gtk_grid_attach (GTK_GRID (self->fields_grid), entry, 2 * (int) (i % 2) + 1, (int) i / 2, 1, 1);
      gtk_grid_attach (GTK_GRID (self->fields_grid), label, 2 * (int) (i % 2), (int) i / 2, 1, 1);
      g_ptr_array_add (self->entries, entry);
    }
  self->building = FALSE;

  g_strfreev (self->input_names);
  self->input_names = g_steal_pointer (&names);
}

static void
inputs_changed_cb (NlPredictForm *self)
{
  rebuild_fields (self);
  update_class_labels (self);
  recompute (self);
}

static void
answer_changed_cb (NlPredictForm *self)
{
  recompute (self);
}

/* GObject */

static void
nl_predict_form_dispose (GObject *object)
{
  NlPredictForm *self = NL_PREDICT_FORM (object);

  nl_predict_form_set_models (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_PREDICT_FORM);

  G_OBJECT_CLASS (nl_predict_form_parent_class)->dispose (object);
}

static void
nl_predict_form_finalize (GObject *object)
{
  NlPredictForm *self = NL_PREDICT_FORM (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->input_names, g_strfreev);

  G_OBJECT_CLASS (nl_predict_form_parent_class)->finalize (object);
}

static void
nl_predict_form_class_init (NlPredictFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_predict_form_dispose;
  object_class->finalize = nl_predict_form_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-predict-form.ui");
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, box);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, result_label);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, class0_label);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, class1_label);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, level_bar);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "predictform");
}

static void
nl_predict_form_init (NlPredictForm *self)
{
  self->entries = g_ptr_array_new ();
  self->probability = NAN;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A probability has no "low" or "high": one colour along the bar. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (self->level_bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (self->level_bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (self->level_bar), GTK_LEVEL_BAR_OFFSET_FULL);

  update_class_labels (self);
  set_answer (self, "", NAN);
}

/* Public API */

GtkWidget *
nl_predict_form_new (void)
{
  return g_object_new (NL_TYPE_PREDICT_FORM, NULL);
}

void
nl_predict_form_set_models (NlPredictForm  *self,
                            NlDatasetModel *dataset,
                            NlNetworkModel *network)
{
  g_return_if_fail (NL_IS_PREDICT_FORM (self));
  g_return_if_fail (dataset == NULL || NL_IS_DATASET_MODEL (dataset));
  g_return_if_fail (network == NULL || NL_IS_NETWORK_MODEL (network));

  if (self->dataset != dataset)
    {
      if (self->dataset != NULL)
        {
          g_clear_signal_handler (&self->columns_changed_id, self->dataset);
          g_clear_signal_handler (&self->n_inputs_id, self->dataset);
          g_clear_signal_handler (&self->dataset_changed_id, self->dataset);
          g_clear_object (&self->dataset);
        }
      if (dataset != NULL)
        {
          self->dataset = g_object_ref (dataset);
          self->columns_changed_id =
            g_signal_connect_swapped (dataset, "columns-changed",
                                      G_CALLBACK (inputs_changed_cb), self);
          self->n_inputs_id =
            g_signal_connect_swapped (dataset, "notify::n-inputs",
                                      G_CALLBACK (inputs_changed_cb), self);
          /* Normalisation follows the table. */
          self->dataset_changed_id =
            g_signal_connect_swapped (dataset, "changed",
                                      G_CALLBACK (answer_changed_cb), self);
        }
    }

  if (self->network != network)
    {
      if (self->network != NULL)
        {
          g_clear_signal_handler (&self->params_changed_id, self->network);
          g_clear_signal_handler (&self->architecture_changed_id, self->network);
          g_clear_object (&self->network);
        }
      if (network != NULL)
        {
          self->network = g_object_ref (network);
          self->params_changed_id =
            g_signal_connect_swapped (network, "params-changed",
                                      G_CALLBACK (answer_changed_cb), self);
          self->architecture_changed_id =
            g_signal_connect_swapped (network, "architecture-changed",
                                      G_CALLBACK (answer_changed_cb), self);
        }
    }

  /* During dispose the template's children are still there. */
  if (self->fields_grid != NULL)
    {
      rebuild_fields (self);
      update_class_labels (self);
      recompute (self);
    }
}

const char *
nl_predict_form_get_result_text (NlPredictForm *self)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->result_label));
}

double
nl_predict_form_get_probability (NlPredictForm *self)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), NAN);

  return self->probability;
}

guint
nl_predict_form_get_n_entries (NlPredictForm *self)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), 0);

  return self->entries->len;
}

GtkWidget *
nl_predict_form_get_entry (NlPredictForm *self,
                           guint          i)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), NULL);
  g_return_val_if_fail (i < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, i);
}
