/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-utf8.h: UTF-8 validation shared by the core's text formats (CSV,
 * projects, the exported Python script), private to core/. */
#pragma once

#include <stddef.h>

/* Length of the valid UTF-8 sequence at @p, which ends before @end: 1 for
 * ASCII, 2 to 4 for a well-formed multi-byte sequence, 0 for anything else
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
static inline size_t
nl_utf8_length (const unsigned char *p,
                const unsigned char *end)
{
  unsigned char c = p[0];
  unsigned char lo = 0x80, hi = 0xBF;
  size_t n;

  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    }
  else
    return 0;

  if ((size_t) (end - p) < n || p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;
  return n;
}
