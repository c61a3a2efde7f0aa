/* nl-window-private.h: what nl-window.c and nl-window-files.c share: the
 * window's instance struct, and the functions each file calls in the other. */
#pragma once

#include "nl-window.h"

#include "nl-boundary-view.h"
#include "nl-dataset-view.h"
#include "nl-inspector.h"
#include "nl-loss-plot.h"
#include "nl-network-view.h"
#include "nl-predict-form.h"
#include "nl-speed-control.h"

G_BEGIN_DECLS

#define PROJECT_SUFFIX ".neuronlab"

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

/* A save asked for (see "Saving" in nl-window-files.c). */
typedef struct _SaveRequest SaveRequest;

struct _NlWindow
{
  GtkApplicationWindow parent_instance;

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
  /* The popover that edits one parameter by hand, created on first use. */
  GtkPopover     *param_popover;
  GtkLabel       *param_label;
  GtkSpinButton  *param_spin;
  GtkRange       *param_scale;

  /* The backpropagation page's choice of parameter and its value, the
   * keyboard's way to what a click in the diagram does. */
  GtkDropDown    *param_dropdown;
  GtkLabel       *param_dropdown_label;
  GtkSpinButton  *param_value_spin;
  GtkLabel       *param_value_label;
  char           *param_choices_shape;
  gboolean        param_choice_updating;
  guint           param_index;
  gboolean        param_updating;
  gboolean        closing;
  gint64          diagram_updated_at;
  guint           diagram_update_id;
  /* NULL when the schema is neither installed nor in GSETTINGS_SCHEMA_DIR. */
  GSettings      *settings;

  /* The project: its file once saved or opened, else a name (from a CSV
   * file, or NULL for "Untitled") and the folder to offer for saving. */
  GFile          *file;
  char           *name;
  GFile          *folder;
  gboolean        modified;
  /* Above zero while the window itself replaces the models' contents. */
  guint           loading;
  GCancellable   *load_cancellable;  /* a large CSV loading in a worker thread */
  GtkFileChooserNative *file_chooser;  /* the one open, if any */
  NlWindowFileChosen    file_chosen;   /* what its answer leads to */
  GtkWidget      *close_dialog;
  Pending         pending;
  GFile          *pending_file;
  gboolean        close_confirmed;
  /* Saving: the save being written and those asked for meanwhile; counts
   * of the changes and of the projects the window held, so that a save can
   * tell whether it still matches the work when it is done. */
  SaveRequest    *save;
  GQueue          save_queue;
  guint64         n_changes;
  guint64         generation;
  gboolean        close_after_save;
  guint           save_progress_id;
  gboolean        save_progress_shown;
  double          save_fraction;

  /* Template children */
  GMenu           *open_section;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkButton       *train_button;
  GtkRevealer     *notification_revealer;
  GtkLabel        *notification_label;
  NlDatasetView   *dataset_view;
  GtkLabel        *trainable_label;
  GtkGrid         *settings_grid;
  GtkLabel        *learning_rate_label;
  GtkSpinButton   *learning_rate_spin;
  GtkLabel        *epochs_label;
  GtkSpinButton   *epochs_spin;
  GtkCheckButton  *until_stopped_check;
  GtkLabel        *hidden_label;
  GtkEntry        *hidden_entry;
  GtkLabel        *activation_label;
  GtkDropDown     *activation_dropdown;
  GtkLabel        *loss_label;
  GtkDropDown     *loss_dropdown;
  GtkLabel        *seed_label;
  GtkSpinButton   *seed_spin;
  GtkLabel        *loss_note_label;
  GtkLabel        *init_label;
  GtkDropDown     *init_dropdown;
  GtkWidget       *axes_grid;
  GtkLabel        *x_input_label;
  GtkDropDown     *x_input_dropdown;
  GtkLabel        *y_input_label;
  GtkDropDown     *y_input_dropdown;
  GtkLabel        *neuron_label;
  GtkDropDown     *neuron_dropdown;
  NlPredictForm   *predict_form;
  NlNetworkView   *network_view;
  GtkStack        *views_stack;
  NlBoundaryView  *boundary_view;
  NlInspector     *inspector;
  GtkCheckButton  *log_scale_check;
  NlLossPlot      *loss_plot;
  GtkProgressBar  *progress_bar;
  NlSpeedControl  *speed_control;
  GtkLabel        *status_label;
  GtkLabel        *test_percent_label;
  GtkSpinButton   *test_percent_spin;
  GtkLabel        *target_loss_label;
  GtkSpinButton   *target_loss_spin;
  GtkCheckButton  *early_stopping_check;
  GtkBox          *confusion_box;
  /* Per set (training, test): its table, the class names heading its rows
   * and columns, and the counts [true][predicted]. */
  GtkWidget       *confusion_tables[2];
  GtkLabel        *confusion_titles[2];
  GtkLabel        *confusion_classes[2][4];
  GtkLabel        *confusion_counts[2][2][2];
};

/* nl-window.c */
void  _nl_window_show_notification       (NlWindow       *self,
                                          const char     *message);
void  _nl_window_notification_dismiss_cb (NlWindow       *self);
void  _nl_window_update_status           (NlWindow       *self);
void  _nl_window_update_plot             (NlWindow       *self);
void  _nl_window_refresh_diagram         (NlWindow       *self);
void  _nl_window_update_actions          (NlWindow       *self);
void  _nl_window_sync_stop_settings      (NlWindow       *self);
void  _nl_window_update_title            (NlWindow       *self);
char *_nl_window_dup_short_name          (NlWindow       *self);

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

G_END_DECLS
