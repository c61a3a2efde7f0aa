/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-recovery.h: the drafts of the application's windows (model/nl-draft.h),
 * and, at start, the offer of those a killed process left behind. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Keeps drafts of @window's unsaved work from now on. */
void nl_recovery_window_added   (GtkApplication *application,
                                 GtkWindow      *window);
/* @window was closed on purpose: its draft goes. */
void nl_recovery_window_removed (GtkWindow      *window);
/* Looks for drafts of windows that did not close (once a run of the
 * program) and offers each in the active window with Restore and Discard;
 * those that cannot be read are reported there. */
void nl_recovery_start          (GtkApplication *application);
/* Waits for drafts being written: the program ends. */
void nl_recovery_shutdown       (void);

G_END_DECLS
