/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-draft-offer.h: the offer of unsaved work found at start, a banner at
 * the top of the window: "Restore the unsaved table “people.neuronlab”
 * from 10:42?" with Restore and Discard. It says what and when; what the
 * answers do is up to whoever listens ("restore", "discard"). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NL_TYPE_DRAFT_OFFER (nl_draft_offer_get_type ())

G_DECLARE_FINAL_TYPE (NlDraftOffer, nl_draft_offer, NL, DRAFT_OFFER, GtkWidget)

/* @title is what the work was called (NULL when untitled), @time when it
 * was last kept, in the person's time zone. */
GtkWidget  *nl_draft_offer_new      (const char   *title,
                                     GDateTime    *time);
/* The question as shown. */
const char *nl_draft_offer_get_text (NlDraftOffer *self);
/* The question for @title and @time as of @now: the time alone on the same
 * day, with the date before it otherwise. */
char       *nl_draft_offer_format   (const char   *title,
                                     GDateTime    *time,
                                     GDateTime    *now);

G_END_DECLS
