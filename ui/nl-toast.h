/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-toast.h: the window's notification, a toast at the bottom of the
 * window in the manner of libadwaita's AdwToast: one message at a time,
 * with a close button, gone by itself after a few seconds (longer for a
 * long message) unless the pointer rests on it or the keyboard is in it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NL_TYPE_TOAST (nl_toast_get_type ())

G_DECLARE_FINAL_TYPE (NlToast, nl_toast, NL, TOAST, GtkWidget)

GtkWidget  *nl_toast_new         (void);
/* Shows @text in place of what the toast showed, and announces it to
 * screen readers. */
void        nl_toast_show        (NlToast    *self,
                                  const char *text);
void        nl_toast_dismiss     (NlToast    *self);
/* The text shown, or NULL when the toast is not shown. */
const char *nl_toast_get_text    (NlToast    *self);
/* How long a toast stays, in milliseconds; 0 (the default) for as long as
 * its text takes to read, 5 s at least. Tests set a short time. */
void        nl_toast_set_timeout (NlToast    *self,
                                  guint       timeout_ms);
guint       nl_toast_get_timeout (NlToast    *self);

G_END_DECLS
