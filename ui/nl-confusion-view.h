/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-confusion-view.h: the confusion matrices under the status line, one
 * for the training rows and one for the test rows: a row per true class, a
 * column per predicted class (K x K for K classes, the diagonal marked), as
 * the trainer last counted them. Each count's tooltip and accessible label
 * say what it counts ("true setosa, predicted versicolor: 3"). The view
 * hides itself while there is nothing to count, and for regression. "stale" says the table
 * changed since, and the titles say so too. */
#pragma once

#include <gtk/gtk.h>

#include "nl-dataset-model.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

#define NL_TYPE_CONFUSION_VIEW (nl_confusion_view_get_type ())

G_DECLARE_FINAL_TYPE (NlConfusionView, nl_confusion_view, NL, CONFUSION_VIEW, GtkWidget)

GtkWidget      *nl_confusion_view_new         (void);
/* The trainer whose counts it shows, and the table that names the classes;
 * either may be NULL. The view follows their changes. */
void            nl_confusion_view_set_models  (NlConfusionView *self,
                                               NlDatasetModel  *dataset,
                                               NlTrainer       *trainer);
NlDatasetModel *nl_confusion_view_get_dataset (NlConfusionView *self);
NlTrainer      *nl_confusion_view_get_trainer (NlConfusionView *self);

G_END_DECLS
