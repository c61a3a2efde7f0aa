/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: starts NeuronLab. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "nl-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr (NlApplication) app = NULL;
  /* NEURONLAB_LOCALEDIR finds the translations of an uninstalled build:
   * NEURONLAB_LOCALEDIR=<build>/po. */
  const char *localedir = g_getenv ("NEURONLAB_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = nl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
