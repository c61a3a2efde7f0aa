/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-predict-form.c: the Predict section.
 *
 * The fields follow the dataset's inputs: they are rebuilt only when the
 * names of the inputs change, and keep what was typed in a field whose
 * column is still there. The answer is recomputed on every keystroke and
 * every time the network's parameters change (many times a second while
 * training: one forward pass of a small network, cheap). What is typed goes
 * through the dataset model's parser and normalisation, so the network sees
 * exactly what it was trained on.
 *
 * The answer is honest about what it is worth: notes under it say when the
 * network has not been trained ("trained", bound to the trainer's) and when
 * an input lies outside the range of the table's usable rows. Those ranges
 * are worked out again only when the table changes, not on every answer, as
 * a table may have many rows. A probability is never rounded to 100.0%: a
 * sigmoid never reaches 1, so the answer says "more than 99.9%" instead.
 * Numbers read in the person's own way (a decimal comma in German).
 *
 * The answer follows the table's task: for two classes the likelier one and
 * a bar between the two; for more, the top class and a bar per class
 * (NlClassBars); for a regression target the predicted number in the
 * target's units, after the target's name ("Body mass (g): 4210"), and no
 * probability.
 */

#include "nl-predict-form.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nl-class-bars.h"

struct _NlPredictForm
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *fields_grid;
  GtkWidget      *result_label;
  GtkWidget      *class0_label;
  GtkWidget      *class1_label;
  GtkWidget      *level_bar;
  GtkWidget      *class_bars;
  GtkWidget      *notes_label;

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
  double          value;
  gboolean        trained;

  /* The range of each input over the table's usable rows; NAN when no row
   * has a value. Valid while ranges_valid. */
  GArray         *range_min;
  GArray         *range_max;
  gboolean        ranges_valid;
};

G_DEFINE_FINAL_TYPE (NlPredictForm, nl_predict_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRAINED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The tutorial's table (its column names as core/nl-dataset.c spells them,
 * looked up in the catalogue too) and the measurements it predicts for
 * (Emily). */
static const char * const tutorial_inputs[] = { N_("Weight (lb)"), N_("Height (in)") };
static const char * const tutorial_values[] = { "128", "63" };

/* A class name as shown; a label column may not have its second class yet. */
static const char *
class_display_name (const char *name)
{
  return name != NULL ? name : "";
}

/* The answer (or why there is none) and the notes on it, one a line (NULL
 * for none). */
static void
set_answer_with_notes (NlPredictForm *self,
                       const char    *text,
                       double         probability,
                       const char    *notes)
{
  self->probability = probability;
  self->value = NAN;
  if (isnan (probability))
    nl_class_bars_set_probabilities (NL_CLASS_BARS (self->class_bars), NULL);
  gtk_label_set_text (GTK_LABEL (self->result_label), text);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->level_bar),
                           isnan (probability) ? 0.0 : CLAMP (probability, 0.0, 1.0));
  gtk_widget_set_sensitive (self->level_bar, !isnan (probability));
  gtk_label_set_text (GTK_LABEL (self->notes_label), notes != NULL ? notes : "");
  gtk_widget_set_visible (self->notes_label, notes != NULL && notes[0] != '\0');
}

static void
set_answer (NlPredictForm *self,
            const char    *text,
            double         probability)
{
  set_answer_with_notes (self, text, probability, NULL);
}

/* The min and max of each input over the usable rows. */
static void
update_ranges (NlPredictForm *self)
{
  const NlDataset *ds = nl_dataset_model_get_dataset (self->dataset);
  guint n_inputs = nl_dataset_model_get_n_inputs (self->dataset);

  g_array_set_size (self->range_min, n_inputs);
  g_array_set_size (self->range_max, n_inputs);
  for (guint i = 0; i < n_inputs; i++)
    {
      g_array_index (self->range_min, double, i) = NAN;
      g_array_index (self->range_max, double, i) = NAN;
    }
  for (size_t r = 0; r < ds->n_rows; r++)
    {
      if (!nl_dataset_row_usable (ds, r))
        continue;
      for (guint i = 0; i < n_inputs; i++)
        {
          double v = nl_dataset_cell (ds, r, nl_dataset_model_get_input_column (self->dataset, i))->value;
          double *lo = &g_array_index (self->range_min, double, i);
          double *hi = &g_array_index (self->range_max, double, i);

          if (isnan (*lo) || v < *lo)
            *lo = v;
          if (isnan (*hi) || v > *hi)
            *hi = v;
        }
    }
  self->ranges_valid = TRUE;
}

/* The unit in a column name's trailing parentheses ("Weight (lb)" -> "lb"),
 * or NULL. */
static char *
unit_of (const char *name)
{
  const char *open = strrchr (name, '(');
  size_t len = strlen (name);

  if (open == NULL || len < 2 || name[len - 1] != ')' || open + 1 >= name + len - 1)
    return NULL;
  return g_strndup (open + 1, (gsize) (name + len - 1 - (open + 1)));
}

/* Whether another input's name has the same unit as input @i's: the unit
 * alone would not say which input a note is about. */
static gboolean
unit_shared (NlPredictForm *self,
             guint          i,
             const char    *unit)
{
  for (guint k = 0; k < self->entries->len; k++)
    {
      g_autofree char *other = NULL;

      if (k == i)
        continue;
      other = unit_of (nl_dataset_model_get_input_name (self->dataset, k));
      if (g_strcmp0 (other, unit) == 0)
        return TRUE;
    }
  return FALSE;
}

/* What the person should know about the answer for @raw: that the network
 * has not learnt yet, and which inputs lie outside the table's range. */
static char *
notes_for (NlPredictForm *self,
           const double  *raw)
{
  GString *notes = g_string_new (NULL);

  if (!self->trained)
    g_string_append (notes, _("The network is not trained yet: this is what its starting "
                              "weights say"));

  if (!self->ranges_valid)
    update_ranges (self);
  for (guint i = 0; i < self->entries->len && i < self->range_min->len; i++)
    {
      double lo = g_array_index (self->range_min, double, i);
      double hi = g_array_index (self->range_max, double, i);
      const char *name = nl_dataset_model_get_input_name (self->dataset, i);
      g_autofree char *unit = NULL;
      g_autofree char *low = NULL;
      g_autofree char *high = NULL;

      if (isnan (lo) || (raw[i] >= lo && raw[i] <= hi))
        continue;
      /* Shown, not stored: in the reader's own way of writing numbers. */
      low = g_strdup_printf ("%g", lo);
      high = g_strdup_printf ("%g", hi);
      unit = unit_of (name);
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      if (unit != NULL && !unit_shared (self, i, unit))
        /* Translators: an input typed into the predict form is outside the
         * range of the table's values: the lowest, the highest, the unit
         * from the column's name, like "Outside the training data: 120–160 lb". */
        g_string_append_printf (notes, _("Outside the training data: %s–%s %s"), low, high, unit);
      else
        /* Translators: as "Outside the training data: %s–%s %s", for a
         * column named without a unit: the column's name, the lowest and
         * the highest value, like "Outside the training data: Weight: 120–160". */
        g_string_append_printf (notes, _("Outside the training data: %s: %s–%s"), name, low, high);
    }
  return g_string_free (notes, FALSE);
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

/* The bars the task needs: one between two classes, one per class for
 * more, none for a number. */
static void
update_class_labels (NlPredictForm *self)
{
  const char *c0 = NULL;
  const char *c1 = NULL;
  g_autofree char *bar_name = NULL;
  g_autofree const char **names = NULL;
  NlTask task = { NL_TASK_BINARY, 2 };
  gboolean binary;

  if (self->dataset != NULL)
    {
      c0 = nl_dataset_model_get_class_name (self->dataset, 0);
      c1 = nl_dataset_model_get_class_name (self->dataset, 1);
      nl_dataset_model_get_task (self->dataset, &task);
    }
  /* With nothing to predict yet, no bar: the answer says what to do. */
  binary = task.kind == NL_TASK_BINARY
           && self->dataset != NULL && nl_dataset_model_get_label_column (self->dataset) >= 0;
  gtk_widget_set_visible (self->class0_label, binary);
  gtk_widget_set_visible (self->level_bar, binary);
  gtk_widget_set_visible (self->class1_label, binary);
  gtk_widget_set_visible (self->class_bars, task.kind == NL_TASK_MULTICLASS);
  if (task.kind == NL_TASK_MULTICLASS)
    {
      names = g_new0 (const char *, task.n_classes);
      for (guint k = 0; k < task.n_classes; k++)
        names[k] = nl_dataset_model_get_class_name (self->dataset, k);
      nl_class_bars_set_classes (NL_CLASS_BARS (self->class_bars), names, (guint) task.n_classes);
    }
  gtk_label_set_text (GTK_LABEL (self->class0_label), class_display_name (c0));
  gtk_label_set_text (GTK_LABEL (self->class1_label), class_display_name (c1));

  /* Translators: the accessible name of the bar, like "Probability of Female". */
  bar_name = g_strdup_printf (_("Probability of %s"), c1 != NULL ? class_display_name (c1) : "1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, bar_name,
                                  -1);
}

/* A regression's answer: @output in the target's units, after the
 * target's name ("Body mass (g): 4210"). */
static void
show_value (NlPredictForm *self,
            double         output,
            const char    *notes)
{
  int column = nl_dataset_model_get_label_column (self->dataset);
  double shift;
  double scale = nl_dataset_model_get_target_scale (self->dataset, &shift);
  double value = nl_task_decode_value (output, shift, scale);
  g_autofree char *text = NULL;
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  int decimals;

  /* Three digits of the target's spread: grams for a body mass that spreads
   * over hundreds of them, thousandths for a target that spreads over
   * tenths. No thousands separator: the fields read "4.210" as a decimal in
   * German. */
  decimals = (int) CLAMP (2.0 - floor (log10 (fabs (scale))), 0.0, 6.0);
  /* Shown, not stored: in the reader's own way of writing numbers. */
  g_snprintf (number, sizeof number, "%.*f", decimals, value);
  /* Translators: a predicted number after the name of the column it
   * predicts, like "Body mass (g): 4210". */
  text = g_strdup_printf (_("%s: %s"), nl_dataset_model_get_column_name (self->dataset, (guint) column),
                          number);
  set_answer_with_notes (self, text, NAN, notes);
  self->value = value;
}

static void
recompute (NlPredictForm *self)
{
  g_autofree double *raw = NULL;
  g_autofree double *x = NULL;
  g_autofree char *text = NULL;
  g_autofree char *notes = NULL;
  g_autofree double *outputs = NULL;
  const char *class_name;
  char percent[G_ASCII_DTOSTR_BUF_SIZE];
  guint n_inputs;
  guint n_outputs;
  NlTask task;
  double q;
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
  nl_dataset_model_get_task (self->dataset, &task);
  if (nl_dataset_model_get_label_column (self->dataset) < 0)
    {
      /* Translators: the predict form's answer while the table has nothing
       * to predict; Columns is the menu above the table. */
      set_answer (self, _("Choose a label or a target in Columns"), NAN);
      return;
    }
  if (task.kind != NL_TASK_REGRESSION
      && (nl_dataset_model_get_class_name (self->dataset, 0) == NULL
          || nl_dataset_model_get_class_name (self->dataset, 1) == NULL))
    {
      set_answer (self, _("The table needs a label column with two classes"), NAN);
      return;
    }
  n_outputs = (guint) nl_task_n_outputs (&task);
  if (nl_network_model_get_n_outputs (self->network) != n_outputs)
    {
      set_answer (self, _("The network’s outputs do not match the table’s"), NAN);
      return;
    }

  nl_dataset_model_normalize_inputs (self->dataset, raw, x);
  outputs = g_new0 (double, n_outputs);
  nl_network_model_predict_all (self->network, x, outputs);
  for (guint k = 0; k < n_outputs; k++)
    if (isnan (outputs[k]))
      {
        set_answer (self, _("No answer: the network’s output is not a number"), NAN);
        return;
      }
  notes = notes_for (self, raw);

  if (task.kind == NL_TASK_REGRESSION)
    {
      show_value (self, outputs[0], notes);
      return;
    }

  /* The answer is the likelier class, with its own probability. */
  class_name = class_display_name (nl_dataset_model_get_class_name (self->dataset,
                                                                    nl_task_decode_class (&task, outputs, &q)));
  /* Two classes: the bar shows the positive class's probability. */
  p = task.kind == NL_TASK_BINARY ? outputs[0] : q;
  /* Shown, not stored: in the reader's own way of writing numbers. A
   * probability that would round to 100.0% is not 100%: the output of a
   * sigmoid never reaches 1 (even when a double rounds it to 1). */
  if (round (1000.0 * q) >= 1000.0)
    {
      g_snprintf (percent, sizeof percent, "%.1f", 99.9);
      /* Translators: the predicted class and its probability when that is
       * above 99.9%, like "Female, more than 99.9%". */
      text = g_strdup_printf (_("%s, more than %s%%"), class_name, percent);
    }
  else
    {
      g_snprintf (percent, sizeof percent, "%.1f", 100.0 * q);
      /* Translators: the predicted class and its probability, like "Female, 95.1%". */
      text = g_strdup_printf (_("%s, %s%%"), class_name, percent);
    }
  set_answer_with_notes (self, text, p, notes);
  if (task.kind == NL_TASK_MULTICLASS)
    nl_class_bars_set_probabilities (NL_CLASS_BARS (self->class_bars), outputs);
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

/* Whether the inputs are the tutorial's, in English (a table from a file)
 * or in the person's language (the built-in table). */
static gboolean
is_tutorial (NlPredictForm *self)
{
  guint n_inputs = nl_dataset_model_get_n_inputs (self->dataset);

  if (n_inputs != G_N_ELEMENTS (tutorial_inputs))
    return FALSE;
  for (guint k = 0; k < n_inputs; k++)
    {
      const char *name = nl_dataset_model_get_input_name (self->dataset, k);

      if (g_strcmp0 (name, tutorial_inputs[k]) != 0
          && g_strcmp0 (name, _(tutorial_inputs[k])) != 0)
        return FALSE;
    }
  return TRUE;
}

static char *
initial_value (NlPredictForm *self,
               guint          i)
{
  if (is_tutorial (self))
    return g_strdup (tutorial_values[i]);

  /* In the reader's own way of writing numbers, as the field reads it. */
  return g_strdup_printf ("%.4g", input_mean (self, i));
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
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
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
  self->ranges_valid = FALSE;
  rebuild_fields (self);
  update_class_labels (self);
  recompute (self);
}

static void
answer_changed_cb (NlPredictForm *self)
{
  recompute (self);
}

static void
dataset_changed_cb (NlPredictForm *self)
{
  self->ranges_valid = FALSE;
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
  g_clear_pointer (&self->range_min, g_array_unref);
  g_clear_pointer (&self->range_max, g_array_unref);

  G_OBJECT_CLASS (nl_predict_form_parent_class)->finalize (object);
}

static void
nl_predict_form_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NlPredictForm *self = NL_PREDICT_FORM (object);

  switch (prop_id)
    {
    case PROP_TRAINED:
      g_value_set_boolean (value, self->trained);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_predict_form_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NlPredictForm *self = NL_PREDICT_FORM (object);

  switch (prop_id)
    {
    case PROP_TRAINED:
      nl_predict_form_set_trained (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_predict_form_class_init (NlPredictFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_predict_form_dispose;
  object_class->finalize = nl_predict_form_finalize;
  object_class->get_property = nl_predict_form_get_property;
  object_class->set_property = nl_predict_form_set_property;

  /* Whether the network has learnt anything; bind it to NlTrainer:trained.
   * FALSE: the form then says the answer comes from untrained weights. */
  properties[PROP_TRAINED] =
    g_param_spec_boolean ("trained", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-predict-form.ui");
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, box);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, result_label);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, class0_label);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, class1_label);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, level_bar);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, class_bars);
  gtk_widget_class_bind_template_child (widget_class, NlPredictForm, notes_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "predictform");

  g_type_ensure (NL_TYPE_CLASS_BARS);
}

static void
nl_predict_form_init (NlPredictForm *self)
{
  self->entries = g_ptr_array_new ();
  self->probability = NAN;
  self->value = NAN;
  self->range_min = g_array_new (FALSE, FALSE, sizeof (double));
  self->range_max = g_array_new (FALSE, FALSE, sizeof (double));

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
      self->ranges_valid = FALSE;
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
          /* Normalisation and the ranges follow the table. */
          self->dataset_changed_id =
            g_signal_connect_swapped (dataset, "changed",
                                      G_CALLBACK (dataset_changed_cb), self);
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

const char *
nl_predict_form_get_notes_text (NlPredictForm *self)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->notes_label));
}

gboolean
nl_predict_form_get_trained (NlPredictForm *self)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), FALSE);

  return self->trained;
}

void
nl_predict_form_set_trained (NlPredictForm *self,
                             gboolean       trained)
{
  g_return_if_fail (NL_IS_PREDICT_FORM (self));

  trained = !!trained;
  if (self->trained == trained)
    return;
  self->trained = trained;
  recompute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINED]);
}

double
nl_predict_form_get_probability (NlPredictForm *self)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), NAN);

  return self->probability;
}

double
nl_predict_form_get_value (NlPredictForm *self)
{
  g_return_val_if_fail (NL_IS_PREDICT_FORM (self), NAN);

  return self->value;
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
