/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-dataset-private.h: what the CSV reader needs of the dataset beyond its
 * public interface: storing a file's texts without an allocation each.
 */
#pragma once

#include "nl-dataset.h"

/* Gives @ds one block of @size bytes for cell texts (once; 0 when it has
 * one already or memory runs out). The texts that _nl_dataset_set_cell_text()
 * stores go there while it has room. */
int      _nl_dataset_reserve_text  (NlDataset  *ds,
                                    size_t      size);
/* nl_dataset_set_cell() for the @len bytes at @text (no NUL needed), copied
 * into the block when it has room, else into a string of their own. */
NlStatus _nl_dataset_set_cell_text (NlDataset  *ds,
                                    size_t      row,
                                    size_t      column,
                                    const char *text,
                                    size_t      len,
                                    NlError    *error);
/* nl_dataset_set_column_kind (ds, column, NL_COLUMN_NUMERIC, NULL) in two
 * steps, so that a reader can parse a long column a part at a time and ask
 * in between whether to stop: the kind, leaving the cells unparsed, then
 * the cells of rows @first to @end - 1. Every row must be parsed before
 * the table is used. */
void     _nl_dataset_make_numeric  (NlDataset  *ds,
                                    size_t      column);
void     _nl_dataset_parse_rows    (NlDataset  *ds,
                                    size_t      column,
                                    size_t      first,
                                    size_t      end);
