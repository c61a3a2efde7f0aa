/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-draft-offer.c: the offer of unsaved work found at start (see
 * nl-draft-offer.h). The question is the label of the banner's group, so a
 * screen reader says it with the buttons; the buttons' visible labels are
 * their names. */
#include "config.h"

#include "nl-draft-offer.h"

#include <glib/gi18n.h>

struct _NlDraftOffer
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *label;
  GtkButton *restore_button;
  GtkButton *discard_button;
};

G_DEFINE_FINAL_TYPE (NlDraftOffer, nl_draft_offer, GTK_TYPE_WIDGET)

enum {
  RESTORE,
  DISCARD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
nl_draft_offer_format (const char *title,
                       GDateTime  *time,
                       GDateTime  *now)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (time != NULL && now != NULL, NULL);

  if (g_date_time_get_year (time) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    /* Translators: when unsaved work was kept today, as
     * g_date_time_format() writes it ("10:42"; "%l:%M %p" gives "10:42 AM"). */
    when = g_date_time_format (time, _("%H:%M"));
  else
    /* Translators: when unsaved work was kept another day, as
     * g_date_time_format() writes it ("%x" is the date as the locale writes it). */
    when = g_date_time_format (time, _("%x, %H:%M"));

  if (title == NULL)
    /* Translators: the question on the banner at start; %s is a time ("10:42"). */
    return g_strdup_printf (_("Restore the unsaved table from %s?"), when);
  /* Translators: the question on the banner at start; the first %s is the
   * work's name ("people.neuronlab"), the second a time ("10:42"). */
  return g_strdup_printf (_("Restore the unsaved table “%s” from %s?"), title, when);
}

static void
restore_clicked_cb (NlDraftOffer *self)
{
  g_signal_emit (self, signals[RESTORE], 0);
}

static void
discard_clicked_cb (NlDraftOffer *self)
{
  g_signal_emit (self, signals[DISCARD], 0);
}

static void
nl_draft_offer_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NL_TYPE_DRAFT_OFFER);
  G_OBJECT_CLASS (nl_draft_offer_parent_class)->dispose (object);
}

static void
nl_draft_offer_class_init (NlDraftOfferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nl_draft_offer_dispose;

  /**
   * NlDraftOffer::restore:
   *
   * The person chose Restore.
   */
  signals[RESTORE] =
    g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * NlDraftOffer::discard:
   *
   * The person chose Discard.
   */
  signals[DISCARD] =
    g_signal_new ("discard", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/NeuronLab/nl-draft-offer.ui");
  gtk_widget_class_bind_template_child (widget_class, NlDraftOffer, box);
  gtk_widget_class_bind_template_child (widget_class, NlDraftOffer, label);
  gtk_widget_class_bind_template_child (widget_class, NlDraftOffer, restore_button);
  gtk_widget_class_bind_template_child (widget_class, NlDraftOffer, discard_button);
  gtk_widget_class_bind_template_callback (widget_class, restore_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, discard_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
nl_draft_offer_init (NlDraftOffer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, NULL,
                                  -1);
}

GtkWidget *
nl_draft_offer_new (const char *title,
                    GDateTime  *time)
{
  NlDraftOffer *self;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  self = g_object_new (NL_TYPE_DRAFT_OFFER, NULL);
  text = nl_draft_offer_format (title, time, now);
  gtk_label_set_text (self->label, text);
  return GTK_WIDGET (self);
}

const char *
nl_draft_offer_get_text (NlDraftOffer *self)
{
  g_return_val_if_fail (NL_IS_DRAFT_OFFER (self), NULL);
  return gtk_label_get_text (self->label);
}
