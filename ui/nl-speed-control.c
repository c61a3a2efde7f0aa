/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-speed-control.c: the Speed control.
 *
 * The slider's value is a position, 0 to N_PACES - 1, in the table of paces
 * below (slowest first, Fastest last), so that the keyboard's arrows, Page
 * Up and Down, Home and End step through paces a person can tell apart, in
 * roughly even ratios, and a drag snaps to them (round-digits 0). The pace
 * is written beside the slider, and given to screen readers as the slider's
 * value text and description.
 */

#include "nl-speed-control.h"

#include <math.h>

#include <glib/gi18n-lib.h>

/* Epochs a second; 0, the last, is Fastest. */
static const guint paces[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 0 };
#define N_PACES G_N_ELEMENTS (paces)

struct _NlSpeedControl
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkLabel      *label;
  GtkScale      *scale;
  GtkAdjustment *adjustment;
  GtkLabel      *value_label;

  guint          pace;
};

G_DEFINE_FINAL_TYPE (NlSpeedControl, nl_speed_control, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The position nearest to @pace, by ratio. */
static guint
position_of (guint pace)
{
  guint best = N_PACES - 2;
  double best_distance = INFINITY;

  if (pace == 0)
    return N_PACES - 1;
  for (guint i = 0; i < N_PACES - 1; i++)
    {
      double distance = fabs (log ((double) pace / paces[i]));

      if (distance < best_distance)
        {
          best_distance = distance;
          best = i;
        }
    }
  return best;
}

static void
show_pace (NlSpeedControl *self)
{
  g_autofree char *text = NULL;

  if (self->pace == 0)
    text = g_strdup (_("Fastest"));
  else
    /* Translators: a training speed, "100 epochs/s". */
    text = g_strdup_printf (ngettext ("%u epoch/s", "%u epochs/s", self->pace), self->pace);
  gtk_label_set_text (self->value_label, text);
  /* GTK 4.8 does not pass the value text on to AT-SPI, where the slider's
   * value is its position: the description says the pace as well. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
scale_value_changed_cb (NlSpeedControl *self)
{
  double value = round (gtk_adjustment_get_value (self->adjustment));
  guint pace = paces[(guint) CLAMP (value, 0, N_PACES - 1)];

  if (pace == self->pace)
    return;
  self->pace = pace;
  show_pace (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACE]);
}

/* GObject */

static void
nl_speed_control_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NL_TYPE_SPEED_CONTROL);

  G_OBJECT_CLASS (nl_speed_control_parent_class)->dispose (object);
}

static void
nl_speed_control_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NlSpeedControl *self = NL_SPEED_CONTROL (object);

  switch (prop_id)
    {
    case PROP_PACE:
      g_value_set_uint (value, self->pace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_speed_control_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NlSpeedControl *self = NL_SPEED_CONTROL (object);

  switch (prop_id)
    {
    case PROP_PACE:
      nl_speed_control_set_pace (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_speed_control_class_init (NlSpeedControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_speed_control_dispose;
  object_class->get_property = nl_speed_control_get_property;
  object_class->set_property = nl_speed_control_set_property;

  /* Epochs a second, 0 for Fastest; a value between the positions goes to
   * the nearest. */
  properties[PROP_PACE] =
    g_param_spec_uint ("pace", NULL, NULL,
                       0, G_MAXUINT, NL_SPEED_CONTROL_DEFAULT_PACE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-speed-control.ui");
  gtk_widget_class_bind_template_child (widget_class, NlSpeedControl, box);
  gtk_widget_class_bind_template_child (widget_class, NlSpeedControl, label);
  gtk_widget_class_bind_template_child (widget_class, NlSpeedControl, scale);
  gtk_widget_class_bind_template_child (widget_class, NlSpeedControl, adjustment);
  gtk_widget_class_bind_template_child (widget_class, NlSpeedControl, value_label);
  gtk_widget_class_bind_template_callback (widget_class, scale_value_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "speedcontrol");
}

static void
nl_speed_control_init (NlSpeedControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* A mark per position shows that the slider steps. */
  for (guint i = 0; i < N_PACES; i++)
    gtk_scale_add_mark (self->scale, i, GTK_POS_BOTTOM, NULL);
  self->pace = NL_SPEED_CONTROL_DEFAULT_PACE;
  gtk_adjustment_set_value (self->adjustment, position_of (self->pace));
  show_pace (self);
}

/* Public API */

GtkWidget *
nl_speed_control_new (void)
{
  return g_object_new (NL_TYPE_SPEED_CONTROL, NULL);
}

guint
nl_speed_control_get_pace (NlSpeedControl *self)
{
  g_return_val_if_fail (NL_IS_SPEED_CONTROL (self), 0);

  return self->pace;
}

void
nl_speed_control_set_pace (NlSpeedControl *self,
                           guint           pace)
{
  g_return_if_fail (NL_IS_SPEED_CONTROL (self));

  /* Moving the slider sets the pace, and notifies, in its handler. */
  gtk_adjustment_set_value (self->adjustment, position_of (pace));
}
