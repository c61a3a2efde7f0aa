/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-toast.c: the window's notification as a toast (see nl-toast.h).
 *
 * Messages that need no answer should not stay in the way: the toast goes
 * by itself after a time that grows with the length of its text. The time
 * is paused while the pointer is over the toast or the keyboard focus is in
 * it, since someone is reading or copying the text then, and starts again
 * in full when they leave. */
#include "config.h"

#include "nl-toast.h"

/* The shortest time a toast stays, as libadwaita's toasts do; a long text
 * gets about 60 ms a character more, up to the longest. */
#define MIN_TIMEOUT_MS      5000
#define MAX_TIMEOUT_MS      20000
#define BASE_TIMEOUT_MS     1500
#define MS_PER_CHARACTER    60

struct _NlToast
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkWidget   *box;
  GtkLabel    *label;

  guint        timeout_ms;
  guint        timeout_id;
  gboolean     hovered;
  gboolean     focused;
  GtkRoot     *root;  /* whose focus widget it follows */
};

G_DEFINE_FINAL_TYPE (NlToast, nl_toast, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
timeout_for_text (NlToast *self)
{
  glong n_chars;

  if (self->timeout_ms > 0)
    return self->timeout_ms;
  n_chars = g_utf8_strlen (gtk_label_get_text (self->label), -1);
  return CLAMP (BASE_TIMEOUT_MS + MS_PER_CHARACTER * (guint) MIN (n_chars, G_MAXINT / MS_PER_CHARACTER),
                MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
}

static gboolean
timeout_cb (gpointer user_data)
{
  NlToast *self = user_data;

  self->timeout_id = 0;
  nl_toast_dismiss (self);
  return G_SOURCE_REMOVE;
}

/* Counts down from the start while the toast shows and nobody is in it. */
static void
restart_timeout (NlToast *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!gtk_revealer_get_reveal_child (self->revealer) || self->hovered || self->focused)
    return;
  self->timeout_id = g_timeout_add (timeout_for_text (self), timeout_cb, self);
}

static void
pointer_enter_cb (NlToast *self)
{
  self->hovered = TRUE;
  restart_timeout (self);
}

static void
pointer_leave_cb (NlToast *self)
{
  self->hovered = FALSE;
  restart_timeout (self);
}

static void
focus_widget_changed_cb (NlToast *self)
{
  GtkWidget *focus = self->root != NULL ? gtk_root_get_focus (self->root) : NULL;
  gboolean focused = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));

  if (self->focused == focused)
    return;
  self->focused = focused;
  restart_timeout (self);
}

static void
nl_toast_root (GtkWidget *widget)
{
  NlToast *self = NL_TOAST (widget);

  GTK_WIDGET_CLASS (nl_toast_parent_class)->root (widget);
  self->root = gtk_widget_get_root (widget);
  g_signal_connect_object (self->root, "notify::focus-widget",
                           G_CALLBACK (focus_widget_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
nl_toast_unroot (GtkWidget *widget)
{
  NlToast *self = NL_TOAST (widget);

  g_signal_handlers_disconnect_by_func (self->root, focus_widget_changed_cb, self);
  self->root = NULL;
  self->focused = FALSE;
  GTK_WIDGET_CLASS (nl_toast_parent_class)->unroot (widget);
}

void
nl_toast_show (NlToast    *self,
               const char *text)
{
  g_return_if_fail (NL_IS_TOAST (self));
  g_return_if_fail (text != NULL);

  gtk_label_set_text (self->label, text);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  /* Screen readers announce it the way they would an alert. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  restart_timeout (self);
}

void
nl_toast_dismiss (NlToast *self)
{
  g_return_if_fail (NL_IS_TOAST (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

const char *
nl_toast_get_text (NlToast *self)
{
  g_return_val_if_fail (NL_IS_TOAST (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->revealer))
    return NULL;
  return gtk_label_get_text (self->label);
}

void
nl_toast_set_timeout (NlToast *self,
                      guint    timeout_ms)
{
  g_return_if_fail (NL_IS_TOAST (self));

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  if (self->timeout_id != 0)
    restart_timeout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
nl_toast_get_timeout (NlToast *self)
{
  g_return_val_if_fail (NL_IS_TOAST (self), 0);
  return self->timeout_ms;
}

GtkWidget *
nl_toast_new (void)
{
  return g_object_new (NL_TYPE_TOAST, NULL);
}

static void
nl_toast_dispose (GObject *object)
{
  NlToast *self = NL_TOAST (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), NL_TYPE_TOAST);

  G_OBJECT_CLASS (nl_toast_parent_class)->dispose (object);
}

static void
nl_toast_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  NlToast *self = NL_TOAST (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_toast_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  NlToast *self = NL_TOAST (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      nl_toast_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nl_toast_class_init (NlToastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_toast_dispose;
  object_class->get_property = nl_toast_get_property;
  object_class->set_property = nl_toast_set_property;
  widget_class->root = nl_toast_root;
  widget_class->unroot = nl_toast_unroot;

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/NeuronLab/nl-toast.ui");
  gtk_widget_class_bind_template_child (widget_class, NlToast, revealer);
  gtk_widget_class_bind_template_child (widget_class, NlToast, box);
  gtk_widget_class_bind_template_child (widget_class, NlToast, label);
  gtk_widget_class_bind_template_callback (widget_class, nl_toast_dismiss);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
nl_toast_init (NlToast *self)
{
  GtkEventController *motion;

  gtk_widget_init_template (GTK_WIDGET (self));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (pointer_enter_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (pointer_leave_cb), self);
  gtk_widget_add_controller (self->box, motion);
}
