/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-model-error.c: the error domain of the model floor, and the mapping
 * from the core's status codes to it. */
#include "nl-model-error.h"
#include "nl-model-private.h"

G_DEFINE_QUARK (nl-model-error-quark, nl_model_error)

void
_nl_model_set_error_from_core (GError        **error,
                               const NlError  *core)
{
  NlModelError code;

  switch (core->status)
    {
    case NL_ERR_NOMEM:
      code = NL_MODEL_ERROR_NO_MEMORY;
      break;
    case NL_ERR_PARSE:
    case NL_ERR_IO:
      code = NL_MODEL_ERROR_PARSE;
      break;
    case NL_ERR_DIVERGED:
      code = NL_MODEL_ERROR_DIVERGED;
      break;
    case NL_OK:
    case NL_ERR_INVALID:
    default:
      code = NL_MODEL_ERROR_INVALID;
      break;
    }

  g_set_error_literal (error, NL_MODEL_ERROR, code, core->message);
}
