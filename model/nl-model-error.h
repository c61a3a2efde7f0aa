/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-model-error.h: the error domain of the model floor. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NL_MODEL_ERROR (nl_model_error_quark ())

typedef enum
{
  NL_MODEL_ERROR_INVALID = 1,    /* a value or an argument is out of range */
  NL_MODEL_ERROR_PARSE,          /* text that is not what the cell or file needs */
  NL_MODEL_ERROR_NOT_TRAINABLE,  /* the table cannot be trained on; the message says why */
  NL_MODEL_ERROR_DIVERGED,       /* training produced an infinite value or NaN */
  NL_MODEL_ERROR_BUSY,           /* a training run is in progress */
  NL_MODEL_ERROR_NO_MEMORY,      /* a size would overflow, or allocation failed */
  NL_MODEL_ERROR_IO,             /* a file could not be written; the message names it and says why */
} NlModelError;

GQuark nl_model_error_quark (void);

G_END_DECLS
