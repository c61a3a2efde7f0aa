/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nl-hidden.c: reading and writing "4 tanh, 3 relu". */
#include "nl-hidden.h"

#include <stdio.h>
#include <string.h>

#include "nl-i18n.h"

/* The longest word worth reading: a size or an activation's name. */
#define WORD_MAX 16

static int
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* How many bytes of the @len at @s a message quotes: at most @max, and never
 * half a UTF-8 character. */
static int
clip (const char *s,
      size_t      len,
      size_t      max)
{
  if (len > max)
    {
      len = max;
      while (len > 0 && ((unsigned char) s[len] & 0xC0) == 0x80)
        len--;
    }
  return (int) len;
}

/* Sets the parse error: @what says what is wrong with layer @layer, and the
 * rest says what the syntax is, so that one message teaches it. */
static NlStatus
syntax_error (NlError    *error,
              size_t      layer,
              const char *what)
{
  /* Translators: the first %s says what is wrong and where, like "Hidden
   * layer 2, “65”: a layer has 1 to 64 neurons". */
  return nl_error_set (error, NL_ERR_PARSE, 0, layer,
                       _("%s. Use 0 to %d hidden layers of 1 to %d neurons, separated by "
                         "commas, like “4,3”; a size may be followed by its layer’s "
                         "activation (sigmoid, tanh, relu or linear), like “4 tanh, 3 relu”"),
                       what, NL_HIDDEN_MAX_LAYERS, NL_HIDDEN_MAX_SIZE);
}

/* Reads one layer, the text from @start to @end (blanks around it already
 * skipped), into entry @i of @hidden. */
static NlStatus
parse_layer (const char *start,
             const char *end,
             NlHidden   *hidden,
             size_t      i,
             NlError    *error)
{
  const char *words[3], *word_ends[3];
  size_t n_words = 0, len;
  char what[256], word[WORD_MAX + 1];
  int field = clip (start, (size_t) (end - start), 40);
  size_t size = 0;

  for (const char *p = start; p < end; )
    {
      const char *q = p;

      while (q < end && !is_blank (*q))
        q++;
      if (n_words == 3)
        break;
      words[n_words] = p;
      word_ends[n_words++] = q;
      while (q < end && is_blank (*q))
        q++;
      p = q;
    }

  if (n_words == 0)
    {
      /* Translators: a comma with nothing before it, like "4,,3". */
      snprintf (what, sizeof what, _("Hidden layer %zu is empty"), i + 1);
      return syntax_error (error, i + 1, what);
    }
  if (n_words > 2)
    {
      /* Translators: "Hidden layer 1, “4 tanh relu”: ..." */
      snprintf (what, sizeof what,
                _("Hidden layer %zu, “%.*s”: a layer is a size and at most one activation"),
                i + 1, field, start);
      return syntax_error (error, i + 1, what);
    }

  /* Digits only: no sign, no exponent, no hexadecimal. */
  len = (size_t) (word_ends[0] - words[0]);
  for (size_t k = 0; k < len; k++)
    {
      if (words[0][k] < '0' || words[0][k] > '9')
        {
          snprintf (what, sizeof what,
                    _("Hidden layer %zu, “%.*s”: a layer starts with its number of neurons"),
                    i + 1, field, start);
          return syntax_error (error, i + 1, what);
        }
      if (size <= NL_HIDDEN_MAX_SIZE)
        size = size * 10 + (size_t) (words[0][k] - '0');
    }
  if (size < 1 || size > NL_HIDDEN_MAX_SIZE)
    {
      snprintf (what, sizeof what, _("Hidden layer %zu, “%.*s”: a layer has 1 to %d neurons"),
                i + 1, clip (words[0], len, 20), words[0], NL_HIDDEN_MAX_SIZE);
      return syntax_error (error, i + 1, what);
    }
  hidden->sizes[i] = size;
  hidden->activation[i] = NL_ACTIVATION_SIGMOID;
  hidden->activation_set[i] = n_words == 2;
  if (n_words == 1)
    return NL_OK;

  /* The activation's name, in any case. */
  len = (size_t) (word_ends[1] - words[1]);
  if (len <= WORD_MAX)
    {
      for (size_t k = 0; k < len; k++)
        word[k] = words[1][k] >= 'A' && words[1][k] <= 'Z' ? (char) (words[1][k] - 'A' + 'a')
                                                         : words[1][k];
      word[len] = '\0';
      if (nl_activation_from_name (word, &hidden->activation[i]))
        return NL_OK;
    }
  /* Translators: "Hidden layer 1, “softmax”: ..." */
  snprintf (what, sizeof what, _("Hidden layer %zu, “%.*s”: there is no activation of that name"),
            i + 1, clip (words[1], len, 20), words[1]);
  return syntax_error (error, i + 1, what);
}

NlStatus
nl_hidden_parse (const char *text,
                 NlHidden   *hidden,
                 NlError    *error)
{
  const char *p = text != NULL ? text : "";
  size_t n = 0;

  memset (hidden, 0, sizeof *hidden);
  while (is_blank (*p))
    p++;
  if (*p == '\0')
    return NL_OK;

  while (1)
    {
      const char *comma = strchr (p, ',');
      const char *end = comma != NULL ? comma : p + strlen (p);
      NlStatus status;

      while (p < end && is_blank (*p))
        p++;
      while (end > p && is_blank (end[-1]))
        end--;
      if (n == NL_HIDDEN_MAX_LAYERS)
        {
          char what[256];
          size_t total = n + 1;

          for (const char *q = comma; q != NULL; q = strchr (q + 1, ','))
            total++;
          /* Translators: "“1,2,3,4,5,6,7” has 7 hidden layers". */
          snprintf (what, sizeof what, _("“%.*s” has %zu hidden layers"),
                    clip (text, strlen (text), 60), text, total);
          memset (hidden, 0, sizeof *hidden);
          return syntax_error (error, NL_HIDDEN_MAX_LAYERS + 1, what);
        }
      status = parse_layer (p, end, hidden, n, error);
      if (status != NL_OK)
        {
          memset (hidden, 0, sizeof *hidden);
          return status;
        }
      n++;
      if (comma == NULL)
        break;
      p = comma + 1;
    }
  hidden->n_layers = n;
  return NL_OK;
}

void
nl_hidden_format (const NlHidden *hidden,
                  char           *buf,
                  size_t          size)
{
  size_t used = 0;

  if (size == 0)
    return;
  buf[0] = '\0';
  for (size_t i = 0; i < hidden->n_layers && used < size; i++)
    {
      int n = snprintf (buf + used, size - used, i == 0 ? "%zu" : ",%zu", hidden->sizes[i]);

      if (n < 0)
        return;
      used += (size_t) n;
      if (hidden->activation_set[i] && used < size)
        {
          n = snprintf (buf + used, size - used, " %s",
                        nl_activation_name (hidden->activation[i]));
          if (n < 0)
            return;
          used += (size_t) n;
        }
    }
}

NlActivation
nl_hidden_activation (const NlHidden *hidden,
                      size_t          layer,
                      NlActivation    default_activation)
{
  if (layer >= hidden->n_layers || !hidden->activation_set[layer])
    return default_activation;
  return hidden->activation[layer];
}

size_t
nl_hidden_net_layers (const NlHidden *hidden,
                      size_t          n_inputs,
                      size_t          n_outputs,
                      NlActivation    default_activation,
                      NlActivation    output_activation,
                      size_t         *sizes,
                      NlActivation   *activations)
{
  size_t n = 0;

  /* The input layer's activation is never used. */
  sizes[n] = n_inputs;
  activations[n++] = NL_ACTIVATION_LINEAR;
  for (size_t i = 0; i < hidden->n_layers; i++)
    {
      sizes[n] = hidden->sizes[i];
      activations[n++] = nl_hidden_activation (hidden, i, default_activation);
    }
  sizes[n] = n_outputs;
  activations[n++] = output_activation;
  return n;
}

NlStatus
nl_hidden_from_net (const NlNet  *net,
                    NlActivation  default_activation,
                    NlHidden     *hidden,
                    NlError      *error)
{
  size_t n_hidden = net->n_layers >= 2 ? net->n_layers - 2 : 0;

  memset (hidden, 0, sizeof *hidden);
  if (n_hidden > NL_HIDDEN_MAX_LAYERS)
    return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                         _("The network has %zu hidden layers; NeuronLab handles 0 to %d"),
                         n_hidden, NL_HIDDEN_MAX_LAYERS);
  for (size_t i = 0; i < n_hidden; i++)
    {
      if (net->sizes[i + 1] < 1 || net->sizes[i + 1] > NL_HIDDEN_MAX_SIZE)
        return nl_error_set (error, NL_ERR_INVALID, 0, 0,
                             _("Hidden layer %zu has %zu neurons; NeuronLab handles 1 to %d"),
                             i + 1, net->sizes[i + 1], NL_HIDDEN_MAX_SIZE);
      hidden->sizes[i] = net->sizes[i + 1];
      hidden->activation[i] = net->activation[i + 1];
      hidden->activation_set[i] = net->activation[i + 1] != default_activation;
    }
  hidden->n_layers = n_hidden;
  return NL_OK;
}
