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
