/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-view-private.h: what the table's two source files share.
 *
 * nl-dataset-view.c builds the table (columns, cells, the buttons above
 * it); nl-dataset-view-edit.c edits it (the edit in progress, the keyboard,
 * the pointer and the focus); nl-dataset-view-copy.c copies, pastes and
 * exports rows.
 */
#pragma once

#include "nl-dataset-view.h"
#include "nl-row.h"

G_BEGIN_DECLS

typedef enum
{
  CELL_TEXT,        /* a text or numeric cell: GtkEntry */
  CELL_CLASS,       /* the label, with two classes or more known: GtkEntry and a menu button */
  CELL_NORMALIZED,  /* what the network sees: GtkLabel */
  CELL_STATUS,      /* why the row is left out, or what looks wrong: GtkImage */
} CellKind;

/* What a column shows; owned by its factory. */
typedef struct
{
  NlDatasetView *view;
  CellKind       kind;
  guint          index;   /* the dataset column, or the input for CELL_NORMALIZED */
  char          *title;
  gboolean       numeric;
} ColumnInfo;

/* One cell widget and what its bind connected; owned by the widget. */
typedef struct
{
  ColumnInfo    *info;
  GtkListItem   *item;
  GtkWidget     *widget;    /* the list item's child */
  GtkWidget     *entry;     /* CELL_TEXT and CELL_CLASS: what is focused and edited */
  GtkWidget     *button;    /* CELL_CLASS: opens the menu of the classes */
  NlRow         *row;
  gulong         row_changed_id;
  gulong         row_notify_id;
  gulong         model_changed_id;
  gboolean       updating;  /* the entry is being set from the model */
} Cell;

/* How an edit starts. */
typedef enum
{
  EDIT_SELECT_ALL,  /* a click, Add Row: typing replaces the value */
  EDIT_CARET_END,   /* F2, Enter: typing adds to the value */
  EDIT_REPLACE,     /* a printable key or Backspace: the value goes */
} EditMode;

struct _NlDatasetView
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkWidget          *toolbar;
  GtkWidget          *column_view;
  GtkWidget          *columns_popover;
  GtkWidget          *columns_grid;
  GtkWidget          *problems_button;
  GtkWidget          *problems_label;

  NlDatasetModel     *model;
  GtkMultiSelection  *selection;
  gulong              columns_changed_id;
  guint               rebuild_id;
  gboolean            filling_columns;

  /* The cells bound to a row right now. */
  GPtrArray          *cells;
  /* The dataset columns that can be edited, in the order shown. */
  GArray             *edit_columns;

  gint                selected_row;
  gint                current_sample;

  /* The last message, for nl_dataset_view_get_message(). */
  char               *message;

  /* The edit in progress: a row and a column, never a cell widget, which
   * the list recycles. edit_row is NULL when nothing is being edited. */
  NlRow              *edit_row;
  guint               edit_column;
  char               *edit_text;

  /* The cell the keyboard is on, or was last: where Tab enters the table. */
  guint               cursor_row;
  guint               cursor_column;
  /* Escape outside an edit: the next Tab leaves the table. */
  gboolean            leaving;
  /* A click is being handled: it chooses the selection itself. */
  gboolean            in_click;

  /* A cell to focus once its row is on screen, and to bring into view. */
  guint               pending_row;
  guint               pending_column;
  gboolean            pending_focus;
  gboolean            pending_edit;
  EditMode            pending_mode;
  guint               pending_tick_id;
  guint               pending_frames;

  /* The window, watched while the view is in it: the focus leaving the
   * cell being edited, and a click anywhere else, end the edit. */
  GtkWidget          *watched_window;
  gulong              focus_widget_id;
  GtkEventController *window_click;

  /* The label's class menu while it is open. */
  GtkWidget          *class_menu;
};

/* nl-dataset-view.c */
void     _nl_dataset_view_show_message      (NlDatasetView    *self,
                                             const char       *message,
                                             gboolean          is_error);
void     _nl_dataset_view_cell_update       (Cell             *cell);
void     _nl_dataset_view_select_row        (NlDatasetView    *self,
                                             guint             row);
void     _nl_dataset_view_scroll_to_row     (NlDatasetView    *self,
                                             guint             row);
Cell    *_nl_dataset_view_find_cell         (NlDatasetView    *self,
                                             guint             row,
                                             guint             column);

/* nl-dataset-view-copy.c */
void     _nl_dataset_view_class_init_copy   (GtkWidgetClass   *widget_class);
/* The selected rows, in order (guint). */
GArray  *_nl_dataset_view_dup_selected_rows (NlDatasetView    *self);

/* nl-dataset-view-edit.c */
void     _nl_dataset_view_init_editing      (NlDatasetView    *self);
void     _nl_dataset_view_class_init_editing (GtkWidgetClass  *widget_class);
/* Makes the entry of a new text or label cell. */
void     _nl_dataset_view_setup_entry       (Cell             *cell);
/* Whether @cell shows the edit in progress. */
gboolean _nl_dataset_view_cell_is_editing   (Cell             *cell);
/* After a bind: shows the edit in progress when it is this cell's. */
void     _nl_dataset_view_cell_bound        (Cell             *cell);
/* Moves the keyboard to the cell (@row, dataset column @column), scrolling
 * it into view, and starts editing it when @edit. */
gboolean _nl_dataset_view_focus_cell        (NlDatasetView    *self,
                                             guint             row,
                                             guint             column,
                                             gboolean          edit,
                                             EditMode          mode);
/* Drops the edit in progress without storing it (the table went away). */
void     _nl_dataset_view_forget_edit       (NlDatasetView    *self);
/* The label cell's menu for @row: an item a class, in the classes' order,
 * each storing its class with dataset.set-class. */
GMenuModel *_nl_dataset_view_dup_class_menu (NlDatasetView   *self,
                                             guint            row);
/* Whether the keyboard focus is on one of the table's cells. */
gboolean _nl_dataset_view_has_cell_focus    (NlDatasetView    *self);

G_END_DECLS
