/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-loss-plot.h: a plot of the training loss per epoch. */
#pragma once

#include <gtk/gtk.h>

#include "nl-export.h"

G_BEGIN_DECLS

#define NL_TYPE_LOSS_PLOT (nl_loss_plot_get_type ())

G_DECLARE_FINAL_TYPE (NlLossPlot, nl_loss_plot, NL, LOSS_PLOT, GtkWidget)

GtkWidget *nl_loss_plot_new            (void);

/* Shows @loss, @n values, where loss[i] is the loss after epoch i + 1.
 *
 * The plot does not copy the values: it keeps the pointer and reads it when
 * it draws, so a history of a million epochs costs nothing to hand over. The
 * caller keeps the array alive and unchanged until the next call, and calls
 * this again whenever the array may have moved or its contents or length
 * changed (for example on every progress update while training), or with
 * NULL, 0 before freeing it. */
void       nl_loss_plot_set_history    (NlLossPlot   *self,
                                        const double *loss,
                                        gsize         n);
/* Shows the test loss too, parallel to the history (NAN where there is
 * none), in the theme's negative colour with a legend; held by pointer
 * under the same rules as nl_loss_plot_set_history(). NULL, 0 shows none. */
void       nl_loss_plot_set_test_history (NlLossPlot   *self,
                                          const double *loss,
                                          gsize         n);
gsize      nl_loss_plot_get_n_points   (NlLossPlot   *self);

gboolean   nl_loss_plot_get_log_scale  (NlLossPlot   *self);
void       nl_loss_plot_set_log_scale  (NlLossPlot   *self,
                                        gboolean      log_scale);

/* Writes the plot as it stands (history, scale, theme colours) to @file, on
 * an opaque background so it reads outside the app: at the widget's size,
 * or 800 x 500 when it has none yet; PNG at NL_EXPORT_PNG_SCALE. SVG and PDF
 * stay vector. The widget's context menu ("plot.export" with "png", "svg"
 * or "pdf") asks for a file and calls this. */
gboolean   nl_loss_plot_export         (NlLossPlot      *self,
                                        GFile           *file,
                                        NlExportFormat   format,
                                        GError         **error);

G_END_DECLS
