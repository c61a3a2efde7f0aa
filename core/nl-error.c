/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-error.c: filling in the core's error record. */
#include "nl-error.h"

#include <stdarg.h>
#include <stdio.h>

#include "nl-i18n.h"

NlStatus
nl_error_set (NlError    *error,
              NlStatus    status,
              size_t      line,
              size_t      column,
              const char *format,
              ...)
{
  va_list args;

  if (error == NULL)
    return status;

  error->status = status;
  error->line = line;
  error->column = column;
  va_start (args, format);
  vsnprintf (error->message, sizeof error->message, format, args);
  va_end (args);

  return status;
}

NlStatus
nl_error_nomem (NlError *error)
{
  return nl_error_set (error, NL_ERR_NOMEM, 0, 0, "%s", _("Not enough memory"));
}

void
nl_error_clear (NlError *error)
{
  if (error == NULL)
    return;
  error->status = NL_OK;
  error->line = 0;
  error->column = 0;
  error->message[0] = '\0';
}
