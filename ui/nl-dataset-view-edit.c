/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-view-edit.c: editing the training table as a spreadsheet.
 *
 * Design note. Each text, number and label cell is a flat GtkEntry that is
 * read-only until it is edited: the same widget shows the value, takes the
 * keyboard focus (so a screen reader follows the focused cell, by its name
 * "Row 2, Weight (lb)" and its text) and edits it in place, so nothing is
 * swapped in or out under the pointer. GtkEditableLabel, used before, lost
 * edits: GTK 4.8 unbinds and binds a row's cells whenever the row's
 * selection changes, and GtkEditableLabel commits from a timeout after it
 * has lost the focus, by which time its widget may show another row.
 *
 * So the view, not the widget, owns the edit in progress: a row (NlRow,
 * which follows its row when others are removed) and a column, with the
 * text typed so far, copied on every change. A cell widget only shows that
 * edit while it is bound to that row and column; recycling or rebinding a
 * widget can neither drop the text nor send it to another row. The edit is
 * stored (nl_dataset_view_commit_edit) whenever it ends: the focus goes
 * anywhere else in the window (its focus-widget is watched), a press
 * anywhere but in the cell (a capture-phase click gesture on the window:
 * clicking a drawing, which takes no focus, also ends it), Tab, Enter, the
 * arrows that leave the cell, and the window's own actions (Train, Save...),
 * which call nl_dataset_view_commit_edit() first. Escape gives it up.
 * Storing never refuses: what its column cannot read is kept and marked (see
 * NlDatasetModel), with the bell and a message.
 *
 * The pointer: a capture-phase click gesture on each entry runs before the
 * entry's own and before the list's row selection. A press on a cell that
 * is not being edited selects its row (as the list would, through
 * "listitem.select", so that Shift+click extends from it) and starts
 * editing with the whole value selected: typing replaces it. A second press
 * of a double click selects it all again. In the cell being edited a single
 * press is the entry's own (the caret goes where the pointer is). Shift or
 * Ctrl with a press choose rows, as in any list, and edit nothing.
 *
 * The keyboard, from a capture-phase key controller on the view (it sees the
 * key before the entry and the list do): Tab and Shift+Tab move right and
 * left through the editable cells and wrap to the next or previous row,
 * leaving the table past its last or first cell; Enter stores the edit and
 * moves down (Shift+Enter up), and starts an edit on a cell not being
 * edited; F2 edits with the caret at the end; Escape gives up the edit, or,
 * outside one, makes the next Tab leave the table; Ctrl+Tab and
 * Ctrl+Shift+Tab leave it at once. Outside an edit: the arrows, Home, End,
 * Ctrl+Home, Ctrl+End, Page Up and Page Down move between cells (Shift with
 * the vertical ones extends the row selection); a printable key or Backspace
 * starts an edit that replaces the value; Delete removes the selected rows;
 * Ctrl+C, Ctrl+V and Ctrl+A copy, paste and select rows.
 *
 * For the window's Tab chain the whole table is one stop (the view's focus
 * vfunc): Tab from the buttons above lands on the cell last worked on, or
 * the first; Shift+Tab from the controls after the table lands there too.
 *
 * The label column, once it holds two classes, is the same entry with a
 * small arrow button beside it (for the pointer; Alt+Down or F4 from the
 * keyboard) that opens a menu of all its classes. Typing works too: the
 * start of one class's name stands for it ("m" for "Male"), as a
 * spreadsheet's list of allowed values does.
 */

#include "nl-dataset-view-private.h"

#include <glib/gi18n-lib.h>

#include "nl-number.h"

/* How many frames to wait for a row's widgets before giving up focusing a
 * cell in it. */
#define PENDING_FRAMES 10

static GQuark entry_quark;
static GtkWidgetClass *parent_widget_class;

static void start_edit (NlDatasetView *self,
                        Cell          *cell,
                        EditMode       mode);

/* The edit in progress */

static gboolean
edit_is (NlDatasetView *self,
         NlRow         *row,
         guint          column)
{
  return self->edit_row != NULL && self->edit_row == row && self->edit_column == column;
}

gboolean
_nl_dataset_view_cell_is_editing (Cell *cell)
{
  return cell->row != NULL && edit_is (cell->info->view, cell->row, cell->info->index);
}

/* The cell whose entry has the keyboard focus, or NULL. */
static Cell *
focused_cell (NlDatasetView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *widget = focus;
       widget != NULL && widget != GTK_WIDGET (self);
       widget = gtk_widget_get_parent (widget))
    {
      Cell *cell = g_object_get_qdata (G_OBJECT (widget), entry_quark);

      if (cell != NULL)
        return cell->info->view == self && cell->row != NULL ? cell : NULL;
    }
  return NULL;
}

gboolean
_nl_dataset_view_has_cell_focus (NlDatasetView *self)
{
  return focused_cell (self) != NULL;
}

static void
show_editing (Cell     *cell,
              gboolean  editing)
{
  if (gtk_editable_get_editable (GTK_EDITABLE (cell->entry)) != editing)
    gtk_editable_set_editable (GTK_EDITABLE (cell->entry), editing);
  if (editing)
    gtk_widget_add_css_class (cell->entry, "editing");
  else
    gtk_widget_remove_css_class (cell->entry, "editing");
}

/* The bound cells of (@row, @column) show the model's value again. */
static void
end_edit_display (NlDatasetView *self,
                  NlRow         *row,
                  guint          column)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if (cell->entry != NULL && cell->row == row && cell->info->index == column)
        {
          show_editing (cell, FALSE);
          _nl_dataset_view_cell_update (cell);
        }
    }
}

/* Stores @text; a value the column cannot read is kept, and said. */
static void
store_text (NlDatasetView *self,
            NlRow         *row,
            guint          column,
            const char    *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (nl_row_set_text (row, column, text, &error))
    {
      _nl_dataset_view_show_message (self, NULL, FALSE);
      return;
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
  if (nl_row_get_model (row) != NULL && !nl_row_get_usable (row))
    /* Translators: an edit the column cannot read, like "Row 3, Weight
     * (lb): “abc” is not a number", then what that means for the row. */
    message = g_strdup_printf (_("%s. The row is left out of training until it is fixed."),
                               error->message);
  _nl_dataset_view_show_message (self, message != NULL ? message : error->message, TRUE);
}

/* In the label column the start of one class's name, in any case, stands
 * for that class ("m" for "Male"). */
static char *
complete_class (NlDatasetModel *model,
                guint           column,
                const char     *typed)
{
  g_autofree char *stripped = g_strstrip (g_strdup (typed));
  g_autofree char *folded = NULL;
  const char *match = NULL;
  guint n_matches = 0;

  if ((int) column != nl_dataset_model_get_label_column (model) || *stripped == '\0')
    return g_strdup (typed);

  folded = g_utf8_casefold (stripped, -1);
  for (guint i = 0; i < nl_dataset_model_get_n_classes (model); i++)
    {
      const char *name = nl_dataset_model_get_class_name (model, i);
      g_autofree char *folded_name = NULL;

      if (name == NULL)
        continue;
      folded_name = g_utf8_casefold (name, -1);
      if (g_str_equal (folded_name, folded))
        return g_strdup (name);
      if (g_str_has_prefix (folded_name, folded))
        {
          match = name;
          n_matches++;
        }
    }
  return g_strdup (n_matches == 1 ? match : typed);
}

/* Whether @typed is what the cell holds already (a number as the model
 * would store it). */
static gboolean
same_as_stored (NlRow      *row,
                guint       column,
                const char *typed)
{
  NlDatasetModel *model = nl_row_get_model (row);
  g_autofree char *canonical = NULL;
  NlColumnKind kind = nl_dataset_model_get_column_kind (model, column);

  if (kind == NL_COLUMN_NUMERIC || kind == NL_COLUMN_TARGET)
    typed = canonical = nl_number_to_canonical (typed);
  return g_strcmp0 (typed, nl_row_get_text (row, column)) == 0;
}

void
nl_dataset_view_commit_edit (NlDatasetView *self)
{
  g_autoptr(NlRow) row = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *text = NULL;
  guint column;

  g_return_if_fail (NL_IS_DATASET_VIEW (self));

  if (self->edit_row == NULL)
    return;

  /* Over before storing: the model's signals find no edit in progress, and
   * the cells show what was stored. */
  row = g_steal_pointer (&self->edit_row);
  typed = g_steal_pointer (&self->edit_text);
  column = self->edit_column;

  if (nl_row_get_model (row) != NULL && typed != NULL)
    {
      text = complete_class (nl_row_get_model (row), column, typed);
      if (!same_as_stored (row, column, text))
        store_text (self, row, column, text);
    }
  end_edit_display (self, row, column);
}

static void
cancel_edit (NlDatasetView *self)
{
  g_autoptr(NlRow) row = g_steal_pointer (&self->edit_row);

  g_clear_pointer (&self->edit_text, g_free);
  if (row != NULL)
    end_edit_display (self, row, self->edit_column);
}

void
_nl_dataset_view_forget_edit (NlDatasetView *self)
{
  g_clear_object (&self->edit_row);
  g_clear_pointer (&self->edit_text, g_free);
  self->pending_row = G_MAXUINT;
  if (self->pending_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->pending_tick_id);
      self->pending_tick_id = 0;
    }
  if (self->class_menu != NULL)
    {
      if (gtk_widget_get_parent (self->class_menu) != NULL)
        gtk_widget_unparent (self->class_menu);
      g_clear_object (&self->class_menu);
    }
}

/* Selection and scrolling */

/* Chooses rows as a click in the list would (the list keeps the anchor
 * that Shift extends from). */
static void
choose_row (Cell     *cell,
            gboolean  modify,
            gboolean  extend)
{
  gtk_widget_activate_action (cell->widget, "listitem.select", "(bb)", modify, extend);
}

/* Moves the view towards @row, out of view, by as many rows as lie
 * between it and the rows in view. */
static void
scroll_towards (NlDatasetView *self,
                guint          row)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint first = G_MAXUINT;
  guint last = 0;
  int row_height = 0;

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);
      GtkWidget *area = gtk_widget_get_parent (cell->widget);
      guint index = nl_row_get_index (cell->row);

      if (area == NULL || !gtk_widget_get_mapped (area) || index == G_MAXUINT)
        continue;
      first = MIN (first, index);
      last = MAX (last, index);
      row_height = MAX (row_height, gtk_widget_get_height (area));
    }
  if (vadjustment == NULL || first == G_MAXUINT || row_height <= 0)
    return;
  if (row > last)
    gtk_adjustment_set_value (vadjustment,
                              gtk_adjustment_get_value (vadjustment) + (double) (row - last) * row_height);
  else if (row < first)
    gtk_adjustment_set_value (vadjustment,
                              gtk_adjustment_get_value (vadjustment) - (double) (first - row) * row_height);
}

/* The cell the keyboard is on comes into view, all of it: a GtkColumnView
 * scrolls to a row (and not always, for one it has just made) but not
 * sideways to a column. FALSE while the cell has no place yet. */
static gboolean
scroll_into_view (NlDatasetView *self,
                  Cell          *cell)
{
  GtkScrollable *scrollable = GTK_SCROLLABLE (self->column_view);
  GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (scrollable);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (scrollable);
  GtkWidget *header = gtk_widget_get_first_child (self->column_view);
  GtkWidget *area = gtk_widget_get_parent (cell->widget);
  double width = gtk_widget_get_width (self->column_view);
  double height = gtk_widget_get_height (self->column_view);
  double top = header != NULL ? gtk_widget_get_height (header) : 0;
  graphene_rect_t bounds;

  if (area == NULL || width <= 0)
    return FALSE;
  /* A row out of view is kept, unmapped, while it has the focus: scroll
   * towards it by the rows between it and those in view. */
  if (!gtk_widget_get_mapped (area))
    {
      scroll_towards (self, nl_row_get_index (cell->row));
      return FALSE;
    }
  if (!gtk_widget_compute_bounds (area, self->column_view, &bounds) || bounds.size.height <= 0)
    return FALSE;

  if (hadjustment != NULL)
    {
      double value = gtk_adjustment_get_value (hadjustment);

      if (bounds.origin.x < 0)
        gtk_adjustment_set_value (hadjustment, value + bounds.origin.x);
      else if (bounds.origin.x + bounds.size.width > width)
        gtk_adjustment_set_value (hadjustment,
                                  value + MIN (bounds.origin.x + bounds.size.width - width,
                                               bounds.origin.x));
    }
  if (vadjustment != NULL)
    {
      double value = gtk_adjustment_get_value (vadjustment);

      if (bounds.origin.y < top)
        gtk_adjustment_set_value (vadjustment, value + bounds.origin.y - top);
      else if (bounds.origin.y + bounds.size.height > height)
        gtk_adjustment_set_value (vadjustment, value + bounds.origin.y + bounds.size.height - height);
    }
  return TRUE;
}

/* Moving the focus */

/* Until the cell is focused and in view: its row's widgets may come with a
 * frame, and its place with the next. */
static gboolean
pending_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  Cell *cell = NULL;

  if (self->pending_row != G_MAXUINT)
    cell = _nl_dataset_view_find_cell (self, self->pending_row, self->pending_column);
  if (cell != NULL && self->pending_focus)
    {
      self->pending_focus = FALSE;
      if (self->pending_edit)
        start_edit (self, cell, self->pending_mode);
      else
        gtk_widget_grab_focus (cell->entry);
    }
  /* A row made since the last frame has no place before this frame's
   * layout: it is judged from the next frame on. */
  if ((cell == NULL || !scroll_into_view (self, cell) || self->pending_frames == 0)
      && self->pending_row != G_MAXUINT && ++self->pending_frames < PENDING_FRAMES)
    return G_SOURCE_CONTINUE;

  self->pending_tick_id = 0;
  self->pending_row = G_MAXUINT;
  return G_SOURCE_REMOVE;
}

gboolean
_nl_dataset_view_focus_cell (NlDatasetView *self,
                             guint          row,
                             guint          column,
                             gboolean       edit,
                             EditMode       mode)
{
  Cell *cell;

  if (self->model == NULL || row >= nl_dataset_model_get_n_rows (self->model))
    return FALSE;

  /* Scrolling makes the row's widgets at once, as a rule; else they come
   * with a frame. */
  _nl_dataset_view_scroll_to_row (self, row);
  cell = _nl_dataset_view_find_cell (self, row, column);
  self->pending_row = row;
  self->pending_column = column;
  self->pending_focus = cell == NULL;
  self->pending_edit = edit;
  self->pending_mode = mode;
  self->pending_frames = 0;
  if (self->pending_tick_id == 0)
    self->pending_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), pending_tick_cb,
                                                          NULL, NULL);
  if (cell == NULL)
    return TRUE;

  if (edit)
    start_edit (self, cell, mode);
  else if (!gtk_widget_grab_focus (cell->entry))
    return FALSE;
  scroll_into_view (self, cell);
  return TRUE;
}

/* The position of dataset column @column among the editable ones, or -1. */
static int
edit_column_position (NlDatasetView *self,
                      guint          column)
{
  for (guint i = 0; i < self->edit_columns->len; i++)
    if (g_array_index (self->edit_columns, guint, i) == column)
      return (int) i;
  return -1;
}

static void
move_to (NlDatasetView *self,
         guint          row,
         guint          column,
         gboolean       extend)
{
  Cell *cell;

  if (!_nl_dataset_view_focus_cell (self, row, column, FALSE, EDIT_SELECT_ALL))
    return;
  /* The selection follows, as in a spreadsheet. */
  cell = _nl_dataset_view_find_cell (self, row, column);
  if (cell != NULL)
    choose_row (cell, FALSE, extend);
  else
    _nl_dataset_view_select_row (self, row);
}

/* Leaves the table forwards or backwards in the window's Tab chain. */
static void
leave_table (NlDatasetView *self,
             gboolean       backward)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  nl_dataset_view_commit_edit (self);
  self->leaving = FALSE;
  if (GTK_IS_WINDOW (root))
    g_signal_emit_by_name (root, "move-focus",
                           backward ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
}

/* Tab and Shift+Tab: along the row, then on to the next or previous one. */
static void
move_along (NlDatasetView *self,
            Cell          *cell,
            int            step)
{
  guint row = nl_row_get_index (cell->row);
  guint n_rows = nl_dataset_model_get_n_rows (self->model);
  int n_columns = (int) self->edit_columns->len;
  int position = edit_column_position (self, cell->info->index) + step;

  if (position < 0)
    {
      if (row == 0)
        {
          leave_table (self, TRUE);
          return;
        }
      row--;
      position = n_columns - 1;
    }
  else if (position >= n_columns)
    {
      if (row + 1 >= n_rows)
        {
          leave_table (self, FALSE);
          return;
        }
      row++;
      position = 0;
    }
  move_to (self, row, g_array_index (self->edit_columns, guint, position), FALSE);
}

static void
move_rows (NlDatasetView *self,
           Cell          *cell,
           int            step,
           gboolean       extend)
{
  gint64 row = (gint64) nl_row_get_index (cell->row) + step;
  guint n_rows = nl_dataset_model_get_n_rows (self->model);

  if (n_rows == 0)
    return;
  move_to (self, (guint) CLAMP (row, 0, (gint64) n_rows - 1), cell->info->index, extend);
}

static void
move_columns (NlDatasetView *self,
              Cell          *cell,
              int            step)
{
  int position = edit_column_position (self, cell->info->index) + step;

  position = CLAMP (position, 0, (int) self->edit_columns->len - 1);
  move_to (self, nl_row_get_index (cell->row),
           g_array_index (self->edit_columns, guint, position), FALSE);
}

/* How many rows Page Up and Page Down move: a screenful, less one. */
static int
page_rows (NlDatasetView *self,
           Cell          *cell)
{
  GtkWidget *row_cell = gtk_widget_get_parent (cell->widget);
  int row_height = row_cell != NULL ? gtk_widget_get_height (row_cell) : 0;

  if (row_height <= 0)
    return 10;
  return MAX (1, gtk_widget_get_height (self->column_view) / row_height - 1);
}

/* Editing a cell */

static void
start_edit (NlDatasetView *self,
            Cell          *cell,
            EditMode       mode)
{
  GtkEditable *entry = GTK_EDITABLE (cell->entry);

  if (!_nl_dataset_view_cell_is_editing (cell))
    {
      nl_dataset_view_commit_edit (self);
      if (cell->row == NULL || nl_row_get_model (cell->row) == NULL)
        return;
      self->edit_row = g_object_ref (cell->row);
      self->edit_column = cell->info->index;
      self->edit_text = g_strdup (gtk_editable_get_text (entry));
    }
  show_editing (cell, TRUE);
  if (focused_cell (self) != cell)
    gtk_widget_grab_focus (cell->entry);

  switch (mode)
    {
    case EDIT_SELECT_ALL:
      gtk_editable_select_region (entry, 0, -1);
      break;
    case EDIT_CARET_END:
      gtk_editable_set_position (entry, -1);
      break;
    case EDIT_REPLACE:
      gtk_editable_set_text (entry, "");
      break;
    default:
      g_assert_not_reached ();
    }
}

void
_nl_dataset_view_cell_bound (Cell *cell)
{
  NlDatasetView *self = cell->info->view;
  gboolean editing = _nl_dataset_view_cell_is_editing (cell);

  /* A widget bound to the cell being edited shows what was typed; any
   * other shows the model's value (_nl_dataset_view_cell_update). */
  if (editing && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (cell->entry)), self->edit_text) != 0)
    {
      cell->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (cell->entry), self->edit_text);
      cell->updating = FALSE;
    }
  show_editing (cell, editing);
}

static void
entry_changed_cb (GtkEditable *entry,
                  Cell        *cell)
{
  NlDatasetView *self = cell->info->view;

  if (cell->updating || !_nl_dataset_view_cell_is_editing (cell))
    return;
  g_free (self->edit_text);
  self->edit_text = g_strdup (gtk_editable_get_text (entry));
}

static void
entry_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  Cell            *cell)
{
  NlDatasetView *self = cell->info->view;
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gboolean extend = (state & GDK_SHIFT_MASK) != 0;
  gboolean modify = (state & GDK_CONTROL_MASK) != 0;

  if (cell->row == NULL || nl_row_get_model (cell->row) == NULL)
    return;

  if (extend || modify)
    {
      /* Choosing rows, as in any list: nothing is edited. */
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      nl_dataset_view_commit_edit (self);
      self->in_click = TRUE;
      gtk_widget_grab_focus (cell->entry);
      self->in_click = FALSE;
      choose_row (cell, modify, extend);
      return;
    }

  if (_nl_dataset_view_cell_is_editing (cell))
    {
      /* The entry places the caret; a double click takes the whole value. */
      if (n_press >= 2)
        {
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
          gtk_editable_select_region (GTK_EDITABLE (cell->entry), 0, -1);
        }
      return;
    }

  /* Claimed before the entry places a caret and the list selects: the
   * click selects the row and edits the cell, the whole value selected. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->in_click = TRUE;
  choose_row (cell, FALSE, FALSE);
  start_edit (self, cell, EDIT_SELECT_ALL);
  self->in_click = FALSE;
}

/* The label's class menu */

static gboolean
unparent_idle_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  return G_SOURCE_REMOVE;
}

static void
class_menu_closed_cb (GtkPopover    *popover,
                      NlDatasetView *self)
{
  /* The menu's action runs after it closes; it goes once idle. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, unparent_idle_cb,
                   g_object_ref (popover), g_object_unref);
  if (self->class_menu == GTK_WIDGET (popover))
    g_clear_object (&self->class_menu);
}

GMenuModel *
_nl_dataset_view_dup_class_menu (NlDatasetView *self,
                                 guint          row)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; self->model != NULL && i < nl_dataset_model_get_n_classes (self->model); i++)
    {
      const char *name = nl_dataset_model_get_class_name (self->model, i);
      g_autoptr(GMenuItem) item = NULL;

      if (name == NULL)
        continue;
      item = g_menu_item_new (name, NULL);
      g_menu_item_set_action_and_target_value (item, "dataset.set-class",
                                               g_variant_new ("(us)", row, name));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
open_class_menu (NlDatasetView *self,
                 Cell          *cell)
{
  g_autoptr(GMenuModel) menu = NULL;
  graphene_rect_t bounds;

  if (cell->row == NULL || self->model == NULL)
    return;
  nl_dataset_view_commit_edit (self);
  menu = _nl_dataset_view_dup_class_menu (self, nl_row_get_index (cell->row));

  if (self->class_menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->class_menu));
  /* The menu belongs to the view, pointing at the cell: inside the list,
   * the rows' own click handling would take its clicks. */
  self->class_menu = g_object_ref (gtk_popover_menu_new_from_model (menu));
  gtk_widget_set_parent (self->class_menu, GTK_WIDGET (self));
  if (gtk_widget_compute_bounds (cell->widget, GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->class_menu),
                                 &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                   (int) bounds.size.width, (int) bounds.size.height });
  g_signal_connect (self->class_menu, "closed", G_CALLBACK (class_menu_closed_cb), self);
  self->cursor_row = nl_row_get_index (cell->row);
  self->cursor_column = cell->info->index;
  _nl_dataset_view_select_row (self, self->cursor_row);
  gtk_popover_popup (GTK_POPOVER (self->class_menu));
}

static void
class_button_clicked_cb (GtkButton *button,
                         Cell      *cell)
{
  open_class_menu (cell->info->view, cell);
}

/* dataset.set-class (row, class), from the menu: stores the class and
 * brings the keyboard back to the cell. */
static void
set_class_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  g_autoptr(NlRow) row = NULL;
  const char *name;
  guint index;
  int column;

  g_variant_get (parameter, "(u&s)", &index, &name);
  if (self->model == NULL || index >= nl_dataset_model_get_n_rows (self->model)
      || (column = nl_dataset_model_get_label_column (self->model)) < 0)
    return;
  nl_dataset_view_commit_edit (self);
  row = g_list_model_get_item (G_LIST_MODEL (self->model), index);
  store_text (self, row, (guint) column, name);
  _nl_dataset_view_focus_cell (self, index, (guint) column, FALSE, EDIT_SELECT_ALL);
}

/* Cell widgets */

void
_nl_dataset_view_setup_entry (Cell *cell)
{
  ColumnInfo *info = cell->info;
  GtkWidget *entry = gtk_entry_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  gtk_editable_set_editable (GTK_EDITABLE (entry), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), info->numeric ? 6 : 8);
  if (info->numeric)
    {
      gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
      gtk_widget_add_css_class (entry, "numeric");
    }
  gtk_widget_add_css_class (entry, "cell-entry");
  gtk_widget_set_hexpand (entry, TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (entry_pressed_cb), cell);
  gtk_widget_add_controller (entry, GTK_EVENT_CONTROLLER (click));
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), cell);
  g_object_set_qdata (G_OBJECT (entry), entry_quark, cell);
  cell->entry = entry;

  if (info->kind == CELL_CLASS)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *button = gtk_button_new_from_icon_name ("pan-down-symbolic");

      /* For the pointer; the keyboard has Alt+Down, and stays in the cell. */
      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "class-button");
      gtk_widget_set_tooltip_text (button, _("Choose the class"));
      cell->button = button;
      g_signal_connect (button, "clicked", G_CALLBACK (class_button_clicked_cb), cell);
      gtk_box_append (GTK_BOX (box), entry);
      gtk_box_append (GTK_BOX (box), button);
      cell->widget = box;
    }
  else
    cell->widget = entry;
}

/* The keyboard */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                NlDatasetView         *self)
{
  Cell *cell = focused_cell (self);
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  gboolean shift = (mods & GDK_SHIFT_MASK) != 0;
  gboolean ctrl = (mods & GDK_CONTROL_MASK) != 0;
  gboolean alt = (mods & GDK_ALT_MASK) != 0;
  gboolean leaving = self->leaving;
  gboolean editing;
  gunichar c;

  if (cell == NULL || self->model == NULL)
    return FALSE;
  editing = _nl_dataset_view_cell_is_editing (cell);
  self->leaving = FALSE;

  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        gboolean backward = shift || keyval == GDK_KEY_ISO_Left_Tab;

        if (alt)
          return FALSE;
        nl_dataset_view_commit_edit (self);
        if (ctrl || leaving)
          leave_table (self, backward);
        else
          move_along (self, cell, backward ? -1 : 1);
        return TRUE;
      }

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      /* Ctrl+Enter trains; the window stores the edit first. */
      if (ctrl || alt)
        return FALSE;
      if (editing || shift)
        {
          nl_dataset_view_commit_edit (self);
          move_rows (self, cell, shift ? -1 : 1, FALSE);
        }
      else
        start_edit (self, cell, EDIT_CARET_END);
      return TRUE;

    case GDK_KEY_Escape:
      if (mods != 0)
        return FALSE;
      if (editing)
        cancel_edit (self);
      else
        self->leaving = TRUE;
      return TRUE;

    case GDK_KEY_F2:
      if (mods != 0)
        return FALSE;
      if (!editing)
        start_edit (self, cell, EDIT_CARET_END);
      return TRUE;

    case GDK_KEY_F4:
      if (mods != 0 || cell->info->kind != CELL_CLASS)
        return FALSE;
      open_class_menu (self, cell);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      {
        gboolean up = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up;

        if (alt && !up && !ctrl && cell->info->kind == CELL_CLASS)
          {
            open_class_menu (self, cell);
            return TRUE;
          }
        if (ctrl || alt)
          return FALSE;
        nl_dataset_view_commit_edit (self);
        move_rows (self, cell, up ? -1 : 1, shift);
        return TRUE;
      }

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (editing || mods != 0)
        return FALSE;
      move_columns (self, cell, keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left ? -1 : 1);
      return TRUE;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      {
        gboolean home = keyval == GDK_KEY_Home || keyval == GDK_KEY_KP_Home;

        if (editing || (mods & ~GDK_CONTROL_MASK) != 0)
          return FALSE;
        if (ctrl)
          move_rows (self, cell, home ? G_MININT : G_MAXINT, FALSE);
        else
          move_columns (self, cell, home ? G_MININT / 2 : G_MAXINT / 2);
        return TRUE;
      }

    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      {
        int rows = page_rows (self, cell);

        if ((mods & ~GDK_SHIFT_MASK) != 0)
          return FALSE;
        nl_dataset_view_commit_edit (self);
        move_rows (self, cell,
                   keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up ? -rows : rows,
                   shift);
        return TRUE;
      }

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (editing || mods != 0)
        return FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "dataset.remove-row", NULL);
      return TRUE;

    case GDK_KEY_BackSpace:
      if (editing || mods != 0)
        return FALSE;
      start_edit (self, cell, EDIT_REPLACE);
      return TRUE;

    default:
      break;
    }

  if (editing)
    return FALSE;

  /* Outside an edit, Undo and Redo are the work's, not the cell's text
   * (which has no typing to undo). */
  if (ctrl && !alt && (keyval == GDK_KEY_z || keyval == GDK_KEY_Z || keyval == GDK_KEY_y))
    {
      gboolean redo = shift || keyval == GDK_KEY_y;

      gtk_widget_activate_action (GTK_WIDGET (self), redo ? "win.redo" : "win.undo", NULL);
      return TRUE;
    }

  /* Outside an edit the rows are copied, pasted and selected, not the
   * cell's text. */
  if (ctrl && !alt && !shift)
    switch (keyval)
      {
      case GDK_KEY_c:
        gtk_widget_activate_action (GTK_WIDGET (self), "dataset.copy-rows", NULL);
        return TRUE;
      case GDK_KEY_v:
        gtk_widget_activate_action (GTK_WIDGET (self), "dataset.paste-rows", NULL);
        return TRUE;
      case GDK_KEY_a:
        gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
        return TRUE;
      default:
        return FALSE;
      }

  /* A printable key starts an edit that replaces the value; the key goes
   * on to the entry, now editable, as the first character. */
  c = gdk_keyval_to_unicode (keyval);
  if ((mods & ~GDK_SHIFT_MASK) == 0 && c != 0 && g_unichar_isprint (c))
    start_edit (self, cell, EDIT_REPLACE);
  return FALSE;
}

/* The window */

/* Every move of the focus: away from the cell being edited ends the edit;
 * onto a cell makes it the one Tab comes back to, and selects its row,
 * unless the row is already part of the selection (or a click chooses). */
static void
window_focus_cb (GtkWindow     *window,
                 GParamSpec    *pspec,
                 NlDatasetView *self)
{
  Cell *cell = focused_cell (self);
  guint index;

  if (self->edit_row != NULL && (cell == NULL || !_nl_dataset_view_cell_is_editing (cell)))
    nl_dataset_view_commit_edit (self);

  if (cell == NULL || cell->row == NULL || (index = nl_row_get_index (cell->row)) == G_MAXUINT)
    {
      self->leaving = FALSE;
      return;
    }
  self->cursor_row = index;
  self->cursor_column = cell->info->index;
  if (!self->in_click && self->selection != NULL
      && !gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), index))
    _nl_dataset_view_select_row (self, index);
}

/* A press anywhere but in the cell being edited ends the edit, also where
 * nothing takes the focus (a drawing, the empty part of the window). */
static void
window_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   NlDatasetView   *self)
{
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked;

  if (self->edit_row == NULL)
    return;
  picked = gtk_widget_pick (window, x, y, GTK_PICK_DEFAULT);
  for (GtkWidget *widget = picked; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      Cell *cell = g_object_get_qdata (G_OBJECT (widget), entry_quark);

      if (cell != NULL)
        {
          if (_nl_dataset_view_cell_is_editing (cell))
            return;
          break;
        }
    }
  nl_dataset_view_commit_edit (self);
}

static void
view_root (GtkWidget *widget)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  GtkRoot *root;

  parent_widget_class->root (widget);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root))
    return;
  self->watched_window = GTK_WIDGET (root);
  self->focus_widget_id = g_signal_connect (root, "notify::focus-widget",
                                            G_CALLBACK (window_focus_cb), self);
  self->window_click = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->window_click), 0);
  gtk_event_controller_set_propagation_phase (self->window_click, GTK_PHASE_CAPTURE);
  g_signal_connect (self->window_click, "pressed", G_CALLBACK (window_pressed_cb), self);
  gtk_widget_add_controller (self->watched_window, self->window_click);
}

static void
view_unroot (GtkWidget *widget)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);

  if (self->watched_window != NULL)
    {
      g_clear_signal_handler (&self->focus_widget_id, self->watched_window);
      gtk_widget_remove_controller (self->watched_window, self->window_click);
      self->window_click = NULL;
      self->watched_window = NULL;
    }
  parent_widget_class->unroot (widget);
}

/* The table is one stop of the window's Tab chain: it enters on the cell
 * last worked on, or the first. */
static gboolean
enter_table (NlDatasetView *self)
{
  guint n_rows;
  guint row;
  guint column;

  if (self->model == NULL || self->edit_columns->len == 0
      || (n_rows = nl_dataset_model_get_n_rows (self->model)) == 0)
    return FALSE;
  row = self->cursor_row != G_MAXUINT ? MIN (self->cursor_row, n_rows - 1) : 0;
  column = g_array_index (self->edit_columns, guint, 0);
  if (self->cursor_row != G_MAXUINT && edit_column_position (self, self->cursor_column) >= 0)
    column = self->cursor_column;
  return _nl_dataset_view_focus_cell (self, row, column, FALSE, EDIT_SELECT_ALL);
}

static gboolean
view_focus (GtkWidget        *widget,
            GtkDirectionType  direction)
{
  NlDatasetView *self = NL_DATASET_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean in_table;
  gboolean in_toolbar;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return parent_widget_class->focus (widget, direction);

  in_table = focus != NULL
             && (focus == self->column_view || gtk_widget_is_ancestor (focus, self->column_view));
  in_toolbar = focus != NULL && gtk_widget_is_ancestor (focus, self->toolbar);

  if (in_table)
    {
      /* Leaving: forwards past the table, the last thing in the view;
       * backwards to the buttons above it. */
      nl_dataset_view_commit_edit (self);
      if (direction == GTK_DIR_TAB_FORWARD)
        return FALSE;
      return gtk_widget_child_focus (self->toolbar, direction);
    }
  if (in_toolbar)
    {
      if (gtk_widget_child_focus (self->toolbar, direction))
        return TRUE;
      return direction == GTK_DIR_TAB_FORWARD && enter_table (self);
    }
  if (direction == GTK_DIR_TAB_FORWARD)
    return gtk_widget_child_focus (self->toolbar, direction) || enter_table (self);
  return enter_table (self) || gtk_widget_child_focus (self->toolbar, direction);
}

void
_nl_dataset_view_class_init_editing (GtkWidgetClass *widget_class)
{
  parent_widget_class = g_type_class_peek_parent (widget_class);
  widget_class->root = view_root;
  widget_class->unroot = view_unroot;
  widget_class->focus = view_focus;

  gtk_widget_class_install_action (widget_class, "dataset.set-class", "(us)", set_class_action);

  entry_quark = g_quark_from_static_string ("nl-dataset-view-entry");
}

void
_nl_dataset_view_init_editing (NlDatasetView *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->pending_row = G_MAXUINT;
  /* Before the cell's entry and the list see the key. */
  gtk_event_controller_set_name (keys, "nl-dataset-view-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
