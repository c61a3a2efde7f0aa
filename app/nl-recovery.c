/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-recovery.c: drafts for the application's windows, and the offer of
 * those a killed process left (see nl-recovery.h).
 *
 * Each NlWindow the application gets has an NlDraft of its document, kept
 * on the window as object data. A window closed on purpose (after Save, or
 * "Close without saving") removes it; a process killed leaves it, unlocked,
 * for the next start. There each draft found is a banner in the first
 * window. Restore puts the work in that window when it holds nothing of the
 * person's yet (untitled and unchanged), else in a new window, and the
 * window takes the draft over, so that a second crash still loses nothing.
 */
#include "config.h"

#include "nl-recovery.h"

#include "nl-draft-offer.h"
#include "nl-draft.h"
#include "nl-window.h"

#define DRAFT_KEY "nl-draft"

static gboolean started;

void
nl_recovery_window_added (GtkApplication *application,
                          GtkWindow      *window)
{
  if (!NL_IS_WINDOW (window) || g_object_get_data (G_OBJECT (window), DRAFT_KEY) != NULL)
    return;
  g_object_set_data_full (G_OBJECT (window), DRAFT_KEY,
                          nl_draft_new (nl_window_get_document (NL_WINDOW (window))),
                          g_object_unref);
}

void
nl_recovery_window_removed (GtkWindow *window)
{
  NlDraft *draft = g_object_get_data (G_OBJECT (window), DRAFT_KEY);

  if (draft == NULL)
    return;
  nl_draft_remove (draft);
  g_object_set_data (G_OBJECT (window), DRAFT_KEY, NULL);
}

void
nl_recovery_shutdown (void)
{
  nl_draft_settle ();
}

/* A window with nothing of the person's in it yet. */
static gboolean
is_blank (NlWindow *window)
{
  NlDocument *document = nl_window_get_document (window);

  return nl_document_get_file (document) == NULL && nl_document_get_name (document) == NULL
         && !nl_document_get_modified (document) && !nl_document_get_can_undo (document);
}

static void
offer_restore_cb (GtkWidget *offer,
                  gpointer   user_data)
{
  GtkApplication *application = user_data;
  NlDraft *draft = g_object_get_data (G_OBJECT (offer), DRAFT_KEY);
  NlWindow *host = NL_WINDOW (gtk_widget_get_root (offer));
  NlWindow *target = host;
  NlDraft *own;
  g_autoptr (GError) error = NULL;

  if (!is_blank (host))
    {
      target = nl_window_new (application);
      gtk_window_present (GTK_WINDOW (target));
    }
  /* The window's own draft gives way to the one it takes over. */
  own = g_object_get_data (G_OBJECT (target), DRAFT_KEY);
  if (!nl_draft_restore (draft, nl_window_get_document (target), &error))
    {
      nl_window_show_notification (host, error->message);
      return;
    }
  if (own != NULL)
    nl_draft_remove (own);
  g_object_set_data_full (G_OBJECT (target), DRAFT_KEY, g_object_ref (draft), g_object_unref);
  nl_window_remove_banner (host, offer);
}

static void
offer_discard_cb (GtkWidget *offer,
                  gpointer   user_data)
{
  NlWindow *host = NL_WINDOW (gtk_widget_get_root (offer));

  nl_draft_remove (g_object_get_data (G_OBJECT (offer), DRAFT_KEY));
  nl_window_remove_banner (host, offer);
}

static NlWindow *
first_window (GtkApplication *application)
{
  GtkWindow *active = gtk_application_get_active_window (application);

  if (NL_IS_WINDOW (active))
    return NL_WINDOW (active);
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (NL_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GtkApplication) application = user_data;
  g_autoptr (GPtrArray) drafts = nl_draft_find_orphans_finish (result, NULL);
  g_autoptr (GString) damaged = g_string_new (NULL);
  NlWindow *window = first_window (application);

  /* With no window to offer them in, they wait for the next start. */
  if (drafts == NULL || window == NULL)
    return;
  for (guint i = 0; i < drafts->len; i++)
    {
      NlDraft *draft = g_ptr_array_index (drafts, i);
      const GError *error = nl_draft_get_error (draft);
      GtkWidget *offer;

      if (error != NULL)
        {
          if (damaged->len > 0)
            g_string_append_c (damaged, '\n');
          g_string_append (damaged, error->message);
          continue;
        }
      offer = nl_draft_offer_new (nl_draft_get_title (draft), nl_draft_get_time (draft));
      g_object_set_data_full (G_OBJECT (offer), DRAFT_KEY, g_object_ref (draft), g_object_unref);
      g_signal_connect (offer, "restore", G_CALLBACK (offer_restore_cb), application);
      g_signal_connect (offer, "discard", G_CALLBACK (offer_discard_cb), NULL);
      nl_window_add_banner (window, offer);
    }
  if (damaged->len > 0)
    nl_window_show_notification (window, damaged->str);
}

void
nl_recovery_start (GtkApplication *application)
{
  if (started)
    return;
  started = TRUE;
  nl_draft_find_orphans_async (NULL, found_cb, g_object_ref (application));
}
