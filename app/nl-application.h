/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-application.h: the NeuronLab GtkApplication. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NL_TYPE_APPLICATION (nl_application_get_type ())
G_DECLARE_FINAL_TYPE (NlApplication, nl_application, NL, APPLICATION, GtkApplication)

NlApplication *nl_application_new (void);

G_END_DECLS
