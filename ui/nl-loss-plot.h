/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-loss-plot.h: a plot of the training loss per epoch. */
#pragma once

#include <gtk/gtk.h>

#include "nl-export.h"
#include "nl-history.h"

G_BEGIN_DECLS

#define NL_TYPE_LOSS_PLOT (nl_loss_plot_get_type ())

G_DECLARE_FINAL_TYPE (NlLossPlot, nl_loss_plot, NL, LOSS_PLOT, GtkWidget)

GtkWidget *nl_loss_plot_new            (void);

/* Shows the @loss history (see nl-history.h), epochs along the x axis.
 *
 * The plot does not copy it: it keeps the pointer and reads it when it
 * draws. The caller keeps the history alive and calls this again whenever
 * it changed (for example on every progress update while training), or
 * with NULL before freeing it. */
void       nl_loss_plot_set_history    (NlLossPlot      *self,
                                        const NlHistory *loss);
/* Shows the test loss too, parallel to the history (NAN where there is
 * none), in the theme's negative colour with a legend; held by pointer
 * under the same rules as nl_loss_plot_set_history(). NULL shows none. */
void       nl_loss_plot_set_test_history (NlLossPlot      *self,
                                          const NlHistory *loss);
/* Shows the finished runs of @runs (a GListModel of NlRunRecord, oldest
 * first, see nl_trainer_get_runs()) beneath the loss, each in its own dim
 * colour and labelled "3 · lr 0.1 → 0.5" (its number and what it changed);
 * only those whose "visible" is TRUE. The plot follows the model and the
 * records' "visible"; NULL shows none. */
void       nl_loss_plot_set_runs       (NlLossPlot   *self,
                                        GListModel   *runs);
/* The runs drawn now (those visible). */
guint      nl_loss_plot_get_n_runs_shown (NlLossPlot *self);

/* The epochs shown. */
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
