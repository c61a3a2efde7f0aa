/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-i18n.h: gettext for the core's messages, private to core/.
 *
 * glibc provides gettext itself, so this adds no dependency; the core stays
 * free of GLib. Messages are looked up in the application's text domain.
 */
#pragma once

#include <libintl.h>

#ifndef GETTEXT_PACKAGE
#define GETTEXT_PACKAGE "neuronlab"
#endif

#define _(s) dgettext (GETTEXT_PACKAGE, s)
#define N_(s) (s)
