/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-document-private.h: what nl-document.c (the work, its state and its
 * undo) and nl-document-files.c (opening and saving) share. */
#pragma once

#include "nl-document.h"

G_BEGIN_DECLS

typedef struct _Step Step;

/* A save asked for, and whoever waits for it. */
typedef struct
{
  GFile        *file;
  GPtrArray    *tasks;
  GCancellable *cancellable;
  /* Set when it starts: the work it writes. */
  guint64       serial;
  guint64       state;
  guint64       generation;
} SaveRequest;

struct _NlDocument
{
  GObject         parent_instance;

  NlDatasetModel *dataset;
  NlNetworkModel *network;
  NlTrainer      *trainer;
  NlTaskKind      task_kind;     /* the table's task, as the loss was last chosen for */

  GFile          *file;
  char           *name;
  GFile          *folder;
  char           *title;

  /* Undo: steps, newest last. */
  GPtrArray      *undo;
  GPtrArray      *redo;
  guint64         next_id;
  guint64         saved_state;
  gboolean        dirty;
  guint64         dirty_serial;
  guint64         serial;
  guint64         changed_serial;  /* the serial "changed" was emitted for */
  gboolean        modified;
  /* What the undo properties said last, to notify only real changes. */
  gboolean        could_undo;
  gboolean        could_redo;
  Step           *undo_top;
  Step           *redo_top;
  guint           applying;
  gboolean        table_changed;
  /* Counts the table's edits, now and when the run in progress began. */
  guint64         table_serial;
  guint64         run_table_serial;

  /* Opening and saving. */
  guint64         generation;
  guint           loading;     /* CSV files being read: a count */
  SaveRequest    *save;
  GQueue          save_queue;
  double          save_fraction;
};

enum {
  PROP_0,
  PROP_DATASET,
  PROP_NETWORK,
  PROP_TRAINER,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_TABLE_CHANGED,
  PROP_LOADING,
  PROP_SAVING,
  PROP_SAVE_FRACTION,
  N_PROPS
};

extern GParamSpec *_nl_document_properties[N_PROPS];

/* nl-document.c */
void     _nl_document_stop_run       (NlDocument *self);
/* Views read the whole work again; what they set meanwhile is no change. */
void     _nl_document_emit_replaced  (NlDocument *self);
/* A new piece of work: nothing to undo, nothing unsaved. */
void     _nl_document_forget_changes (NlDocument *self);
void     _nl_document_update_title   (NlDocument *self);
/* The id of the undo step on top, 0 for none: the state of the work. */
guint64  _nl_document_current_state  (NlDocument *self);
/* Recomputes "modified" and the undo properties, notifying real changes. */
void     _nl_document_update_state   (NlDocument *self);

G_END_DECLS
