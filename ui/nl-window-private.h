/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-window-private.h: what nl-window.c and nl-window-files.c share: the
 * window's instance struct, and the functions each file calls in the other. */
#pragma once

#include "nl-window.h"

#include "nl-boundary-page.h"
#include "nl-confusion-view.h"
#include "nl-dataset-view.h"
#include "nl-document.h"
#include "nl-inspector.h"
#include "nl-loss-plot.h"
#include "nl-network-view.h"
#include "nl-param-editor.h"
#include "nl-predict-form.h"
#include "nl-runs-view.h"
#include "nl-prediction-plot.h"
#include "nl-speed-control.h"
#include "nl-toast.h"
#include "nl-training-settings.h"
#include "nl-weight-histogram.h"

G_BEGIN_DECLS

#define PROJECT_SUFFIX NL_DOCUMENT_PROJECT_SUFFIX

/* What a file chooser's answer leads to: @file is the file chosen, NULL
 * when the chooser was cancelled. */
typedef void (*NlWindowFileChosen) (NlWindow *self,
                                    GFile    *file);

/* What waits for the answer to "Save changes?". */
typedef enum
{
  PENDING_NONE,
  PENDING_CLOSE,
  PENDING_OPEN,
} Pending;

struct _NlWindow
{
  GtkApplicationWindow parent_instance;

  /* The work; the three models are its, borrowed for short. */
  NlDocument     *document;
  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
  GCancellable   *run_cancellable;
  guint64         run_first_epoch;
  guint           run_epochs;
  gint            selected_row;
  /* Step Sample: the row it stepped last, and the row it selected itself
   * (-1 when the selection is the person's own). */
  gint            last_sample_row;
  gint            sample_selected_row;
  gboolean        closing;
  gint64          diagram_updated_at;
  guint           diagram_update_id;
  /* NULL when the schema is neither installed nor in GSETTINGS_SCHEMA_DIR. */
  GSettings      *settings;

  GCancellable   *load_cancellable;  /* a large CSV or project loading in a worker thread */
  GtkWidget      *cancel_load_button; /* shown while one loads */
  GtkFileChooserNative *file_chooser;  /* the one open, if any */
  NlWindowFileChosen    file_chosen;   /* what its answer leads to */
  GtkWidget      *close_dialog;
  Pending         pending;
  GFile          *pending_file;
  gboolean        close_confirmed;
  /* Saving (the document writes): what the window shows of it. */
  gboolean        close_after_save;
  guint           save_progress_id;
  gboolean        save_progress_shown;

  /* Template children */
  GMenu              *open_section;
  GMenu              *undo_section;
  GtkBox             *banner_box;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkButton          *train_button;
  NlToast            *toast;
  NlTrainingSettings *training_settings;
  NlDatasetView      *dataset_view;
  GtkLabel           *trainable_label;
  NlPredictForm      *predict_form;
  NlNetworkView      *network_view;
  GtkWidget          *views_switcher;
  GtkStack           *views_stack;
  GtkCheckButton     *log_scale_check;
  NlLossPlot         *loss_plot;
  NlWeightHistogram  *weight_histogram;
  NlRunsView         *runs_view;
  GtkMenuButton      *runs_button;
  NlBoundaryPage     *boundary_page;
  NlPredictionPlot   *prediction_plot;
  NlParamEditor      *param_editor;
  NlInspector        *inspector;
  GtkProgressBar     *progress_bar;
  NlSpeedControl     *speed_control;
  GtkLabel           *status_label;
  NlConfusionView    *confusion_view;
};

/* nl-window.c */
void  _nl_window_show_notification       (NlWindow       *self,
                                          const char     *message);
void  _nl_window_notification_dismiss_cb (NlWindow       *self);
void  _nl_window_update_status           (NlWindow       *self);
void  _nl_window_update_plot             (NlWindow       *self);
void  _nl_window_refresh_diagram         (NlWindow       *self);
void  _nl_window_update_actions          (NlWindow       *self);
void  _nl_window_update_title            (NlWindow       *self);
/* Commits what is being typed (a table cell, Hidden neurons, a number
 * field) before an action reads the work; FALSE when a setting typed
 * cannot be used (it says why). */
gboolean _nl_window_commit_edits         (NlWindow       *self);

/* nl-window-files.c */
void  _nl_window_class_init_files        (GtkWidgetClass *widget_class);
void  _nl_window_init_files              (NlWindow       *self);
void  _nl_window_ask_to_save             (NlWindow       *self,
                                          Pending         pending,
                                          GFile          *file);
void  _nl_window_cancel_pending          (NlWindow       *self);
void  _nl_window_cancel_saves            (NlWindow       *self);
void  _nl_window_clear_file_chooser      (NlWindow       *self);
GtkFileChooser *
      _nl_window_new_file_chooser        (NlWindow            *self,
                                          const char          *title,
                                          GtkFileChooserAction action,
                                          const char          *accept_label,
                                          NlWindowFileChosen   chosen);

/* nl-window-export.c: "win.export-python" and "win.export-pytorch". */
void  _nl_window_export_script_action    (GtkWidget      *widget,
                                          const char     *action_name,
                                          GVariant       *parameter);

G_END_DECLS
