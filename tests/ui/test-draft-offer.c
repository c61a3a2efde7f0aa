/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-draft-offer.c: the offer of unsaved work found at start: what the
 * question says (the work's name, and when: the time today, the date too
 * another day), its two answers as a person finds them (buttons whose
 * visible labels are their names, reachable from the keyboard) and what
 * each answer tells, and the banner's place in the window, above the work.
 * Without a display every test reports a skip.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "nl-draft-offer.h"
#include "ui-test-render.h"
#include "ui-test-window.h"

static gboolean
is_button_labelled (GtkWidget  *widget,
                    const char *label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
contains (const char *text,
          const char *part)
{
  return strstr (text, part) != NULL;
}

/* Today: the name and the time as the locale writes them, no date; another
 * day: the date as well; untitled work: no name in quotes. */
static void
test_question (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_local (2026, 12, 3, 16, 5, 0);
  g_autoptr (GDateTime) today = g_date_time_new_local (2026, 12, 3, 10, 42, 0);
  g_autoptr (GDateTime) before = g_date_time_new_local (2026, 11, 28, 10, 42, 0);
  g_autofree char *time = g_date_time_format (today, "%H:%M");
  g_autofree char *date = g_date_time_format (before, "%x");
  g_autofree char *named = nl_draft_offer_format ("people.neuronlab", today, now);
  g_autofree char *untitled = nl_draft_offer_format (NULL, today, now);
  g_autofree char *older = nl_draft_offer_format ("people.neuronlab", before, now);

  g_assert_true (g_str_has_prefix (named, "Restore the unsaved table"));
  g_assert_true (contains (named, "“people.neuronlab”"));
  g_assert_true (contains (named, time));
  g_assert_false (contains (named, date));
  g_assert_true (g_str_has_suffix (named, "?"));

  g_assert_true (contains (untitled, time));
  g_assert_false (contains (untitled, "“"));

  g_assert_true (contains (older, date));
  g_assert_true (contains (older, time));
}

static void
count_cb (GtkWidget *offer,
          guint     *count)
{
  (*count)++;
}

static gboolean
is_nonzero (gpointer data)
{
  return *(guint *) data != 0;
}

/* Restore and Discard are buttons whose visible labels are their names;
 * each tells its own answer once, and each can take the keyboard focus. */
static void
test_answers (void)
{
  g_autoptr (GDateTime) time = g_date_time_new_now_local ();
  GtkWidget *offer;
  GtkWidget *window;
  GtkWidget *restore, *discard;
  guint restored = 0, discarded = 0;

  if (ui_test_skip_without_display ())
    return;
  offer = nl_draft_offer_new ("people.neuronlab", time);
  g_assert_true (contains (nl_draft_offer_get_text (NL_DRAFT_OFFER (offer)), "people.neuronlab"));
  g_signal_connect (offer, "restore", G_CALLBACK (count_cb), &restored);
  g_signal_connect (offer, "discard", G_CALLBACK (count_cb), &discarded);
  window = ui_test_show (offer, 700, 60);

  restore = find_widget (offer, is_button_labelled, "Restore");
  discard = find_widget (offer, is_button_labelled, "Discard");
  g_assert_nonnull (restore);
  g_assert_nonnull (discard);
  g_assert_true (gtk_widget_get_mapped (restore));
  g_assert_true (gtk_widget_get_mapped (discard));
  g_assert_true (gtk_widget_grab_focus (restore));
  g_assert_true (gtk_widget_has_focus (restore));
  g_assert_true (gtk_widget_grab_focus (discard));

  /* As Space or Enter on the focused button: it clicks after its press shows. */
  g_assert_true (gtk_widget_activate (restore));
  g_assert_true (wait_until (is_nonzero, &restored));
  g_assert_cmpuint (restored, ==, 1);
  g_assert_cmpuint (discarded, ==, 0);
  g_assert_true (gtk_widget_activate (discard));
  g_assert_true (wait_until (is_nonzero, &discarded));
  g_assert_cmpuint (restored, ==, 1);
  g_assert_cmpuint (discarded, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_offer (GtkWidget  *widget,
          const char *data)
{
  return NL_IS_DRAFT_OFFER (widget);
}

/* In the window the banner is shown above the work, across it, and goes
 * when removed. */
static void
test_in_window (void)
{
  g_autoptr (GDateTime) time = g_date_time_new_now_local ();
  NlWindow *window;
  GtkWidget *offer;
  GtkWidget *train;
  graphene_point_t at, train_at, add_row_at;

  if (ui_test_skip_without_display ())
    return;
  window = window_new ();
  offer = nl_draft_offer_new (NULL, time);
  nl_window_add_banner (window, offer);
  while (gtk_widget_get_width (offer) == 0)
    iterate ();
  g_assert_true (find_widget (GTK_WIDGET (window), is_offer, NULL) == offer);
  g_assert_true (gtk_widget_get_mapped (offer));
  train = button_for_action (window, "win.train");
  g_assert_true (gtk_widget_compute_point (offer, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  g_assert_true (gtk_widget_compute_point (train, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (0, 0), &train_at));
  /* Below the header bar, above everything else, nearly as wide as the window. */
  g_assert_cmpfloat (at.y, >, train_at.y);
  g_assert_true (gtk_widget_compute_point (find_widget (GTK_WIDGET (window), is_button_labelled,
                                                       "Add Row"),
                                           GTK_WIDGET (window), &GRAPHENE_POINT_INIT (0, 0),
                                           &add_row_at));
  g_assert_cmpfloat (at.y + gtk_widget_get_height (offer), <=, add_row_at.y);
  g_assert_cmpint (gtk_widget_get_width (offer), >=, gtk_widget_get_width (GTK_WIDGET (window)) - 40);

  nl_window_remove_banner (window, offer);
  g_assert_null (find_widget (GTK_WIDGET (window), is_offer, NULL));
  window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/draft-offer/question", test_question);
  g_test_add_func ("/ui/draft-offer/answers", test_answers);
  g_test_add_func ("/ui/draft-offer/in-window", test_in_window);

  return g_test_run ();
}
