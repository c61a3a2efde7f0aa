/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-run-record.c: a finished training run, and the label that says what
 * differed from the run before.
 *
 * The label is made once, when the run is archived, from the settings of
 * this run and the one before it, and stays with the run (a project keeps
 * it as text): removing a run does not relabel the others.
 */
#include "nl-run-record-private.h"

#include <glib/gi18n.h>
#include <math.h>

struct _NlRunRecord
{
  GObject        parent_instance;

  guint          number;
  char          *label;
  NlRunSettings  settings;
  guint64        epochs;
  NlEvaluation   train;
  NlEvaluation   test;
  NlHistory     *history;
  NlHistory     *test_history;
  gboolean       visible;
};

G_DEFINE_FINAL_TYPE (NlRunRecord, nl_run_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_LABEL,
  PROP_EPOCHS,
  PROP_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Settings */

void
_nl_run_settings_clear (NlRunSettings *settings)
{
  g_clear_pointer (&settings->architecture, g_free);
}

void
_nl_run_settings_copy (const NlRunSettings *from,
                       NlRunSettings       *to)
{
  *to = *from;
  to->architecture = g_strdup (from->architecture);
}

const char *
_nl_optimizer_display_name (NlOptimizer optimizer)
{
  switch (optimizer)
    {
    case NL_OPTIMIZER_MOMENTUM:
      return _("Momentum");
    case NL_OPTIMIZER_ADAM:
      return _("Adam");
    case NL_OPTIMIZER_SGD:
    case NL_N_OPTIMIZERS:
    default:
      return _("SGD");
    }
}

/* Labels */

/* A setting's value as the label shows it: short, in the person's
 * language ("0,01" in German). */
static char *
format_value (double v)
{
  return g_strdup_printf ("%g", v);
}

/* Adds "NAME A → B" for a coefficient that changed. */
static void
add_change (GPtrArray  *parts,
            const char *name,
            double      before,
            double      after)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (before == after)
    return;
  a = format_value (before);
  b = format_value (after);
  /* Translators: a run's label, a setting changed from one value to
   * another: "lr 0.1 → 0.5", "L2 0 → 0.01". */
  g_ptr_array_add (parts, g_strdup_printf (_("%s %s → %s"), name, a, b));
}

static const char *
loss_display_name (NlLoss loss)
{
  return loss == NL_LOSS_BCE ? _("cross-entropy") : _("mean squared error");
}

static const char *
init_display_name (NlInit init)
{
  /* Translators: a run's label when the initialisation changed to the
   * tutorial's N(0, 1) or to the scaled N(0, 1/fan-in). */
  return init == NL_INIT_SCALED ? _("scaled init") : _("normal init");
}

/* What differs from @before to @after, in the order a person changes them
 * most, at most two of them (and "…" when there are more). */
static char *
make_label (const NlRunSettings *before,
            const NlRunSettings *after)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const NlTrainOptions *a, *b = &after->options;
  GString *label;

  if (before == NULL)
    {
      g_autofree char *rate = format_value (b->learning_rate);

      /* Translators: the first run's label: its optimizer and learning rate
       * ("SGD, lr 0.1"). */
      return g_strdup_printf (_("%s, lr %s"), _nl_optimizer_display_name (b->optimizer), rate);
    }
  a = &before->options;

  /* Translators: short for the learning rate in a run's label ("lr 0.1 → 0.5"). */
  add_change (parts, _("lr"), a->learning_rate, b->learning_rate);
  if (a->optimizer != b->optimizer)
    g_ptr_array_add (parts, g_strdup (_nl_optimizer_display_name (b->optimizer)));
  if (a->batch_size != b->batch_size)
    /* Translators: a run's label, the batch size changed ("batch 1 → 8"). */
    g_ptr_array_add (parts, g_strdup_printf (_("batch %zu → %zu"), a->batch_size, b->batch_size));
  /* An optimizer's coefficients count only where it is in use. */
  if (b->optimizer == NL_OPTIMIZER_MOMENTUM)
    /* Translators: the momentum coefficient in a run's label ("μ 0.9 → 0.5"). */
    add_change (parts, _("μ"), a->momentum, b->momentum);
  if (b->optimizer == NL_OPTIMIZER_ADAM)
    {
      add_change (parts, _("β1"), a->beta1, b->beta1);
      add_change (parts, _("β2"), a->beta2, b->beta2);
      add_change (parts, _("ε"), a->epsilon, b->epsilon);
    }
  /* Translators: the regularisation rates in a run's label ("L2 0 → 0.01"). */
  add_change (parts, _("L1"), a->l1, b->l1);
  add_change (parts, _("L2"), a->l2, b->l2);
  if (a->loss != b->loss)
    g_ptr_array_add (parts, g_strdup (loss_display_name (b->loss)));
  if (g_strcmp0 (before->architecture, after->architecture) != 0)
    g_ptr_array_add (parts, g_strdup (after->architecture));
  if (before->activation != after->activation)
    g_ptr_array_add (parts, g_strdup (nl_activation_name (after->activation)));
  if (before->init != after->init)
    g_ptr_array_add (parts, g_strdup (init_display_name (after->init)));
  if (before->seed != after->seed)
    {
      /* The numbers formatted apart, so the message has no
       * platform-dependent conversion that xgettext cannot read. */
      g_autofree char *from = g_strdup_printf ("%" G_GUINT64_FORMAT, before->seed);
      g_autofree char *to = g_strdup_printf ("%" G_GUINT64_FORMAT, after->seed);

      /* Translators: a run's label, the seed changed ("seed 1 → 2"). */
      g_ptr_array_add (parts, g_strdup_printf (_("seed %s → %s"), from, to));
    }
  if (!a->shuffle != !b->shuffle)
    g_ptr_array_add (parts, g_strdup (b->shuffle ? _("shuffled") : _("not shuffled")));

  if (parts->len == 0)
    /* Translators: a run's label when it trained as the run before did. */
    return g_strdup (_("same settings"));
  label = g_string_new (g_ptr_array_index (parts, 0));
  for (guint i = 1; i < MIN (parts->len, 2); i++)
    /* Translators: joins two differences in a run's label ("lr 0.1 → 0.5, Adam"). */
    g_string_append_printf (label, _(", %s"), (const char *) g_ptr_array_index (parts, i));
  if (parts->len > 2)
    g_string_append (label, _(", …"));
  return g_string_free (label, FALSE);
}

/* GObject */

static void
nl_run_record_finalize (GObject *object)
{
  NlRunRecord *self = NL_RUN_RECORD (object);

  g_free (self->label);
  _nl_run_settings_clear (&self->settings);
  g_clear_pointer (&self->history, nl_history_free);
  g_clear_pointer (&self->test_history, nl_history_free);

  G_OBJECT_CLASS (nl_run_record_parent_class)->finalize (object);
}

static void
nl_run_record_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NlRunRecord *self = NL_RUN_RECORD (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_EPOCHS:
      g_value_set_uint64 (value, self->epochs);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_run_record_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  NlRunRecord *self = NL_RUN_RECORD (object);

  switch (prop_id)
    {
    case PROP_VISIBLE:
      nl_run_record_set_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_run_record_class_init (NlRunRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = nl_run_record_finalize;
  object_class->get_property = nl_run_record_get_property;
  object_class->set_property = nl_run_record_set_property;

  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPOCHS] =
    g_param_spec_uint64 ("epochs", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nl_run_record_init (NlRunRecord *self)
{
  self->visible = TRUE;
}

/* Private API */

NlRunRecord *
_nl_run_record_new (guint                number,
                    const char          *label,
                    NlRunRecord         *previous,
                    const NlRunSettings *settings,
                    guint64              epochs,
                    const NlEvaluation  *train,
                    const NlEvaluation  *test,
                    NlHistory           *history,
                    NlHistory           *test_history)
{
  static const NlEvaluation none = { NAN, NAN, NAN, NAN };
  NlRunRecord *self;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (previous == NULL || NL_IS_RUN_RECORD (previous), NULL);

  self = g_object_new (NL_TYPE_RUN_RECORD, NULL);
  self->number = number;
  _nl_run_settings_copy (settings, &self->settings);
  if (self->settings.architecture == NULL)
    self->settings.architecture = g_strdup ("");
  self->label = label != NULL
                ? g_strdup (label)
                : make_label (previous != NULL ? &previous->settings : NULL, &self->settings);
  self->epochs = epochs;
  self->train = train != NULL ? *train : none;
  self->test = test != NULL ? *test : none;
  self->history = history;
  self->test_history = test_history;
  return self;
}

const NlRunSettings *
_nl_run_record_get_settings (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NULL);

  return &self->settings;
}

/* Public API */

const char *
nl_run_record_get_label (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NULL);

  return self->label;
}

char *
nl_run_record_describe_settings (NlRunRecord *self)
{
  const NlTrainOptions *o;
  g_autofree char *rate = NULL;
  GString *text;

  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NULL);

  o = &self->settings.options;
  rate = format_value (o->learning_rate);
  text = g_string_new (NULL);
  /* Translators: a run's settings in a line: "SGD, lr 0.1, batch 1", then
   * the optimizer's coefficients and the penalties that are on. */
  g_string_append_printf (text, _("%s, lr %s, batch %zu"),
                          _nl_optimizer_display_name (o->optimizer), rate, o->batch_size);
  if (o->optimizer == NL_OPTIMIZER_MOMENTUM)
    {
      g_autofree char *mu = format_value (o->momentum);

      g_string_append_printf (text, _(", μ %s"), mu);
    }
  else if (o->optimizer == NL_OPTIMIZER_ADAM)
    {
      g_autofree char *b1 = format_value (o->beta1);
      g_autofree char *b2 = format_value (o->beta2);
      g_autofree char *eps = format_value (o->epsilon);

      g_string_append_printf (text, _(", β1 %s, β2 %s, ε %s"), b1, b2, eps);
    }
  if (o->l1 > 0.0)
    {
      g_autofree char *l1 = format_value (o->l1);

      g_string_append_printf (text, _(", L1 %s"), l1);
    }
  if (o->l2 > 0.0)
    {
      g_autofree char *l2 = format_value (o->l2);

      g_string_append_printf (text, _(", L2 %s"), l2);
    }
  return g_string_free (text, FALSE);
}

const NlTrainOptions *
nl_run_record_get_options (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NULL);

  return &self->settings.options;
}

const char *
nl_run_record_get_architecture (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NULL);

  return self->settings.architecture;
}

NlActivation
nl_run_record_get_activation (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NL_ACTIVATION_SIGMOID);

  return self->settings.activation;
}

NlInit
nl_run_record_get_init (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NL_INIT_NORMAL);

  return self->settings.init;
}

guint64
nl_run_record_get_seed (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), 0);

  return self->settings.seed;
}

guint64
nl_run_record_get_epochs (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), 0);

  return self->epochs;
}

void
nl_run_record_get_evaluation (NlRunRecord  *self,
                              NlEvaluation *train,
                              NlEvaluation *test)
{
  g_return_if_fail (NL_IS_RUN_RECORD (self));

  if (train != NULL)
    *train = self->train;
  if (test != NULL)
    *test = self->test;
}

const NlHistory *
nl_run_record_get_history (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NULL);

  return self->history;
}

const NlHistory *
nl_run_record_get_test_history (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), NULL);

  return self->test_history;
}

gboolean
nl_run_record_get_visible (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), FALSE);

  return self->visible;
}

void
nl_run_record_set_visible (NlRunRecord *self,
                           gboolean     visible)
{
  g_return_if_fail (NL_IS_RUN_RECORD (self));

  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

guint
nl_run_record_get_number (NlRunRecord *self)
{
  g_return_val_if_fail (NL_IS_RUN_RECORD (self), 0);

  return self->number;
}
