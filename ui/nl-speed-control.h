/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-speed-control.h: the Speed control, how fast training goes.
 *
 * A slider over a few paces a person can follow, from 1 epoch a second to
 * 5000, and at its fast end Fastest, as fast as the computer can; the
 * current one is written beside it ("100 epochs/s", "Fastest"). Its "pace"
 * is in epochs a second, 0 for Fastest, as NlTrainer's "pace" takes it:
 * bind the two, and the slider may move during a run.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NL_TYPE_SPEED_CONTROL (nl_speed_control_get_type ())

G_DECLARE_FINAL_TYPE (NlSpeedControl, nl_speed_control, NL, SPEED_CONTROL, GtkWidget)

/* The pace a new window starts at: the tutorial's 1000 epochs in 10 s. */
#define NL_SPEED_CONTROL_DEFAULT_PACE 100

GtkWidget  *nl_speed_control_new      (void);

/* Epochs a second, 0 for Fastest. */
guint       nl_speed_control_get_pace (NlSpeedControl *self);
/* A pace between the slider's positions goes to the nearest one. */
void        nl_speed_control_set_pace (NlSpeedControl *self,
                                       guint           pace);

G_END_DECLS
