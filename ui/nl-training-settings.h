/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-training-settings.h: the training settings panel: the learning rate,
 * the epochs and the loss; the hidden layers, their activation, how the
 * weights are drawn and from which seed; the test rows and the conditions
 * that stop a run.
 *
 * Each field shows its model's value (the trainer's or the network's) and
 * sets it; the fields that rebuild or redraw the network (hidden neurons,
 * activation, and before any training the seed and the initialisation)
 * start the trainer again. The fields wait while the trainer runs. A
 * hidden-layer text the network refuses stays in the field, marked, and
 * "message" says why. */
#pragma once

#include <gtk/gtk.h>

#include "nl-network-model.h"
#include "nl-trainer.h"

G_BEGIN_DECLS

#define NL_TYPE_TRAINING_SETTINGS (nl_training_settings_get_type ())

G_DECLARE_FINAL_TYPE (NlTrainingSettings, nl_training_settings, NL, TRAINING_SETTINGS, GtkWidget)

GtkWidget      *nl_training_settings_new           (void);
/* The network and the trainer the fields show and set; either may be NULL. */
void            nl_training_settings_set_models    (NlTrainingSettings *self,
                                                    NlNetworkModel     *network,
                                                    NlTrainer          *trainer);
NlNetworkModel *nl_training_settings_get_network   (NlTrainingSettings *self);
NlTrainer      *nl_training_settings_get_trainer   (NlTrainingSettings *self);
/* Restores the fields from @settings (org.example.NeuronLab) and keeps
 * them saved there as they change; the hidden layers are saved only once
 * the network accepts them. Call once, after the models are set. */
void            nl_training_settings_bind_settings (NlTrainingSettings *self,
                                                    GSettings          *settings);
/* Applies what is typed but not yet entered, as a run or a step needs it:
 * FALSE when the network refuses the hidden layers (see "message"). */
gboolean        nl_training_settings_commit        (NlTrainingSettings *self);
/* Shows the models' values again, dropping an edit the network refused:
 * after a project replaced the models' contents. */
void            nl_training_settings_revert        (NlTrainingSettings *self);

G_END_DECLS
