/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-error.h: status codes and the error record that the plain C core fills in.
 *
 * The core never prints. A function that can fail returns an NlStatus and, when
 * the caller passes an NlError, writes a one-line, translated reason there,
 * with the line and column of the input that caused it when there is one.
 */
#pragma once

#include <stddef.h>

typedef enum
{
  NL_OK = 0,
  NL_ERR_INVALID,      /* an argument is out of range or inconsistent */
  NL_ERR_NOMEM,        /* allocation failed, or a size would overflow */
  NL_ERR_IO,           /* a file could not be opened, read or written */
  NL_ERR_PARSE,        /* the input is not what it should be */
  NL_ERR_DIVERGED,     /* training produced a NaN or an infinite value */
  NL_ERR_CANCELLED,    /* the caller asked the work to stop */
} NlStatus;

typedef struct
{
  NlStatus status;
  size_t   line;       /* 1-based line of the input, 0 when not about a file */
  size_t   column;     /* 1-based column (field) of the input, 0 when none */
  char     message[512];
} NlError;

/* Fills @error (which may be NULL) and returns @status, so that callers can
 * write `return nl_error_set (error, NL_ERR_PARSE, line, col, fmt, ...);`. */
NlStatus nl_error_set   (NlError    *error,
                         NlStatus    status,
                         size_t      line,
                         size_t      column,
                         const char *format,
                         ...) __attribute__ ((format (printf, 5, 6)));

/* Sets NL_ERR_NOMEM with its one message, "Not enough memory". */
NlStatus nl_error_nomem (NlError    *error);

void     nl_error_clear (NlError    *error);
