/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-window.h: what the window tests share. They find the controls in
 * the widget tree the way a person finds them on screen (the button bound to
 * an action, the field whose visible label says "Learning rate"), drive the
 * main loop, and open and destroy windows, checking that nothing keeps a
 * destroyed window alive.
 *
 * The names are short and unprefixed on purpose: they are the words every
 * window test is written in, and only test programs link them. */
#pragma once

#include <gtk/gtk.h>

#include "nl-window.h"

G_BEGIN_DECLS

/* Generous: the machine that runs the tests may be loaded. */
#define WAIT_SECONDS 60

/* Widget lookup */

typedef gboolean (*WidgetPredicate) (GtkWidget  *widget,
                                     const char *data);

/* The first widget, depth first from @root itself, that @predicate accepts
 * with @data, or NULL. */
GtkWidget      *find_widget               (GtkWidget       *root,
                                           WidgetPredicate  predicate,
                                           const char      *data);

/* Predicates for find_widget(). */
gboolean        is_button_for_action      (GtkWidget       *widget,
                                           const char      *action);
gboolean        is_check_button           (GtkWidget       *widget,
                                           const char      *label);
gboolean        is_label_with_class       (GtkWidget       *widget,
                                           const char      *css_class);
gboolean        is_label_with_text        (GtkWidget       *widget,
                                           const char      *text);
gboolean        is_label_with_text_prefix (GtkWidget       *widget,
                                           const char      *prefix);
/* A label reading @text that names a control (gtk_label_set_mnemonic_widget). */
gboolean        is_mnemonic_label         (GtkWidget       *widget,
                                           const char      *text);
/* An instance of the type called @type_name, or of a subtype. */
gboolean        is_type                   (GtkWidget       *widget,
                                           const char      *type_name);

/* The control a visible label names, like a person reading the form; a
 * missing one ends the test with g_error(). */
GtkWidget      *field                     (NlWindow        *window,
                                           const char      *label_text);
/* The check button that reads @label; g_error() when there is none. */
GtkCheckButton *check_button              (NlWindow        *window,
                                           const char      *label);
/* The button bound to @action ("win.train"); g_error() when there is none. */
GtkWidget      *button_for_action         (NlWindow        *window,
                                           const char      *action);
/* The first widget of the type called @type_name; asserts there is one. */
GtkWidget      *find_by_type              (NlWindow        *window,
                                           const char      *type_name);
/* The text of the first label with @css_class; asserts there is one. */
const char     *label_text                (NlWindow        *window,
                                           const char      *css_class);
/* The status line's text. */
const char     *status_text               (NlWindow        *window);

/* Main loop */

typedef gboolean (*Condition) (gpointer data);

/* Dispatches what is ready, without blocking. */
void            iterate                   (void);
/* Runs the main loop until @condition holds; FALSE when it still does not
 * after WAIT_SECONDS. */
gboolean        wait_until                (Condition        condition,
                                           gpointer         data);
/* Conditions for wait_until(): the NlTrainer @data is not running; the
 * pointer at @data is NULL (a weak pointer cleared). */
gboolean        trainer_idle              (gpointer         data);
gboolean        pointer_cleared           (gpointer         data);
/* Waits for the window's run to end (g_error() after WAIT_SECONDS), then for
 * what its end set off. */
void            wait_for_run_end          (NlWindow        *window);

/* Windows */

/* A new window at Speed Fastest, presented, with what that set off
 * dispatched. */
NlWindow       *window_new                (void);
/* A new window asked for at @width x @height, presented, once it is laid
 * out: at that size, or larger when its minimum size is larger. */
NlWindow       *window_new_sized          (int              width,
                                           int              height);
/* Destroys @window and checks that nothing (a run, a callback) keeps it:
 * g_error() when it is not finalized within WAIT_SECONDS. */
void            window_destroy            (NlWindow        *window);
/* Writes @csv to a temporary file and opens it in @window. The table loads
 * in a worker thread: this waits until @loaded holds for @window (g_error()
 * after WAIT_SECONDS), then removes the file. */
void            open_csv                  (NlWindow        *window,
                                           const char      *csv,
                                           Condition        loaded);

G_END_DECLS
