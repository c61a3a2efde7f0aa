/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-predict-form.h: the Predict section.
 *
 * One field per input column, named after the column, and the network's
 * answer for what is typed there, like "Female, 95.1%" (with a bar per class
 * for three or more, "Body mass (g): 4210" for a number), recomputed as the
 * person types and as the network learns; under it, notes when the network
 * is not trained yet ("trained") and when an input is outside the range of
 * the table's usable rows ("Outside the training data: 120–160 lb").
 */
#pragma once

#include <gtk/gtk.h>

#include "nl-dataset-model.h"
#include "nl-network-model.h"

G_BEGIN_DECLS

#define NL_TYPE_PREDICT_FORM (nl_predict_form_get_type ())

G_DECLARE_FINAL_TYPE (NlPredictForm, nl_predict_form, NL, PREDICT_FORM, GtkWidget)

GtkWidget  *nl_predict_form_new             (void);

/* Either may be NULL; the form then shows no answer. */
void        nl_predict_form_set_models      (NlPredictForm  *self,
                                             NlDatasetModel *dataset,
                                             NlNetworkModel *network);

/* The answer as shown ("Female, 95.1%"), or why there is none. */
const char *nl_predict_form_get_result_text (NlPredictForm  *self);
/* The notes under the answer, one a line, or "" when there are none (and
 * when there is no answer). */
const char *nl_predict_form_get_notes_text  (NlPredictForm  *self);

/* Whether the network has learnt anything; bind to NlTrainer:trained. */
gboolean    nl_predict_form_get_trained     (NlPredictForm  *self);
void        nl_predict_form_set_trained     (NlPredictForm  *self,
                                             gboolean        trained);

/* For two classes the network's output, the probability of the positive
 * class (class 1); for more, the probability of the top class; NAN for a
 * regression and when there is no answer. */
double      nl_predict_form_get_probability (NlPredictForm  *self);
/* A regression's answer in the target's units, or NAN. */
double      nl_predict_form_get_value       (NlPredictForm  *self);

/* The number of fields, and the entry of field @i (one per input), for tests
 * and for moving the focus. */
guint       nl_predict_form_get_n_entries   (NlPredictForm  *self);
GtkWidget  *nl_predict_form_get_entry       (NlPredictForm  *self,
                                             guint           i);

G_END_DECLS
