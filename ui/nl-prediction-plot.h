/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-prediction-plot.h: a regression's predictions against the truth.
 *
 * Each row of the table is a point at (actual target, predicted target), in
 * the target's units, with the diagonal y = x where a perfect network puts
 * every point: the training rows as filled dots, the rows a run holds out
 * for testing as hollow diamonds, with the RMSE and R² of each written on
 * the plot. The plot holds its own copy of the network's parameters and of
 * the rows, and predicts when it next draws (or is asked a figure), so it
 * may be handed every progress update of a run. */
#pragma once

#include <gtk/gtk.h>

#include "nl-dataset-model.h"
#include "nl-export.h"
#include "nl-net.h"

G_BEGIN_DECLS

#define NL_TYPE_PREDICTION_PLOT (nl_prediction_plot_get_type ())

G_DECLARE_FINAL_TYPE (NlPredictionPlot, nl_prediction_plot, NL, PREDICTION_PLOT, GtkWidget)

GtkWidget *nl_prediction_plot_new            (void);

/* Copies the parameters of @net (NULL: no predictions). */
void       nl_prediction_plot_set_network    (NlPredictionPlot *self,
                                              const NlNet      *net);

/* The rows: @train and @test (either may be NULL) as a regression's
 * snapshot holds them (normalised inputs, standardised target with its
 * y_shift and y_scale); copied. */
void       nl_prediction_plot_set_rows       (NlPredictionPlot *self,
                                              const NlMatrix   *train,
                                              const NlMatrix   *test);

/* Takes the rows from @dataset, split as a training run with @test_percent
 * and @split_seed splits them (nl_run_split()), and the target's name;
 * clears them when @dataset (may be NULL) is no regression or has no
 * usable row. */
void       nl_prediction_plot_update_rows    (NlPredictionPlot *self,
                                              NlDatasetModel   *dataset,
                                              guint             test_percent,
                                              guint64           split_seed);

/* The target's name for the axes ("Price": "Actual Price"); NULL for none. */
void       nl_prediction_plot_set_target_name (NlPredictionPlot *self,
                                               const char       *name);

/* The training rows' (@test FALSE) or test rows' points. */
guint      nl_prediction_plot_get_n_points   (NlPredictionPlot *self,
                                              gboolean          test);
/* Point @index: the row's target and the network's prediction, in the
 * target's units; FALSE past the end or without a network. */
gboolean   nl_prediction_plot_get_point      (NlPredictionPlot *self,
                                              gboolean          test,
                                              guint             index,
                                              double           *actual,
                                              double           *predicted);
/* The RMSE (target units) and R² of the training or test rows' predictions
 * as the plot shows them; FALSE without such rows or a network. R² is NAN
 * when every target is the same. Either pointer may be NULL. */
gboolean   nl_prediction_plot_get_metrics    (NlPredictionPlot *self,
                                              gboolean          test,
                                              double           *rmse,
                                              double           *r2);

/* Widget coordinates of the point (@actual, @predicted) at the current
 * size; FALSE at zero size or without points. */
gboolean   nl_prediction_plot_to_widget      (NlPredictionPlot *self,
                                              double            actual,
                                              double            predicted,
                                              double           *x,
                                              double           *y);

/* Writes the plot as it stands to @file on an opaque background, at the
 * widget's size or 800 x 600; PNG at NL_EXPORT_PNG_SCALE. The context menu
 * ("predictions.export" with "png", "svg" or "pdf") asks for a file and
 * calls this. */
gboolean   nl_prediction_plot_export         (NlPredictionPlot *self,
                                              GFile            *file,
                                              NlExportFormat    format,
                                              GError          **error);

G_END_DECLS
