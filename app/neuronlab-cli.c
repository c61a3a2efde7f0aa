/* SPDX-License-Identifier: GPL-3.0-or-later */
/* neuronlab-cli: the tutorial in a terminal, scripted experiments and the
 * core's benchmark, on the plain C core alone.
 *
 *   neuronlab-cli train [FILE.csv] [options] [--save PROJECT.neuronlab]
 *   neuronlab-cli train --dataset NAME[,noise=N][,points=N][,seed=N] [options]
 *   neuronlab-cli predict [--exact] PROJECT.neuronlab V1,V2 [V1,V2 ...]
 *   neuronlab-cli export-python PROJECT.neuronlab OUT.py
 *   neuronlab-cli export-pytorch PROJECT.neuronlab OUT.py
 *   neuronlab-cli bench LAYERS N EPOCHS SEED [--batch N] [--optimizer NAME]
 *   neuronlab-cli help [COMMAND], or COMMAND --help
 *
 * train does what the window's Train does, through the same core: the
 * hidden-layer syntax (nl-hidden.h) and the run policy (nl-run.h: test
 * split, target loss, early stopping).
 *
 * Exit status: 0 on success (and for help), 1 when the data cannot be read
 * or trained on or a file cannot be written, 2 when the command line is
 * wrong, 3 when training diverged. A run that diverges is not what was asked
 * for, so it does not exit 0; but the network from before that epoch is
 * real work, so it is reported, predicts and is saved as usual, and the
 * status tells a script apart from a run that produced nothing (as rsync's
 * partial transfers do).
 *
 * What can be checked before training is: a run can take hours, and a
 * --predict value or a --save path that cannot be used should not wait for
 * it.
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nl-csv.h"
#include "nl-dataset.h"
#include "nl-examples.h"
#include "nl-hidden.h"
#include "nl-i18n.h"
#include "nl-net.h"
#include "nl-project.h"
#include "nl-python.h"
#include "nl-pytorch.h"
#include "nl-run.h"
#include "nl-synthetic.h"
#include "nl-task.h"
#include "nl-train.h"

#define EXIT_USAGE 2
#define EXIT_DIVERGED 3
#define MAX_PREDICT 64

static const char usage_text[] =
  N_("Usage: neuronlab-cli COMMAND [ARGUMENTS]\n"
     "\n"
     "Commands:\n"
     "  train [FILE.csv] [OPTIONS]\n"
     "      Trains a network on a CSV file (the tutorial's table without one),\n"
     "      prints its loss and accuracy, and can save it as a project.\n"
     "  predict [--exact] PROJECT.neuronlab V1,V2 [V1,V2 ...]\n"
     "      Predicts with the network of a saved project.\n"
     "  export-python PROJECT.neuronlab OUT.py\n"
     "      Writes the network of a saved project as a Python script.\n"
     "  export-pytorch PROJECT.neuronlab OUT.py\n"
     "      Writes it as a PyTorch script that can train it further.\n"
     "  bench LAYERS N EPOCHS SEED\n"
     "      Measures training speed on generated data (e.g. 2,16,16,1 10000 20 42).\n"
     "  help [COMMAND]\n"
     "      Shows this help, or a command's.\n"
     "\n"
     "“neuronlab-cli COMMAND --help” shows a command's options.\n"
     "\n"
     "Exit status: 0 on success; 1 when a file or the data cannot be used; 2\n"
     "when the command line is wrong; 3 when training diverged (train).\n");

/* xgettext:no-c-format */
static const char train_usage_text[] =
  N_("Usage: neuronlab-cli train [FILE.csv] [OPTIONS]\n"
     "\n"
     "Trains a network on FILE.csv, or on the tutorial's table without one, as\n"
     "the window's Train does. Prints the loss every 10 epochs, why training\n"
     "stopped early if it did, and the accuracy on the training rows (and on\n"
     "the test rows, when some are held out), or for a number to predict R²\n"
     "and the RMSE in its units.\n"
     "\n"
     "Data:\n"
     "  --dataset NAME[,noise=N][,points=N][,seed=N]\n"
     "                           train on a data set to start from instead of a\n"
     "                           file, with the settings that suit it (the other\n"
     "                           options override them): tutorial, circle, xor,\n"
     "                           gaussians, spiral, plane, multi-gaussian, iris;\n"
     "                           noise 0 to 50 (%), points 10 to 1000 (default\n"
     "                           500), seed (default 1)\n"
     "  --inputs A,B             the input columns (default: the numeric ones);\n"
     "                           --predict takes its values in this order\n"
     "  --label COLUMN           the column to predict: text, or numbers with two\n"
     "                           values, is a label of 2 to 20 classes; other\n"
     "                           numbers are a target (regression)\n"
     "  --task binary|multiclass|regression\n"
     "                           what to make of the label, instead of the guess\n"
     "  --normalize none|shift|standardize\n"
     "                           how inputs are scaled (default: standardize;\n"
     "                           the tutorial's table shifts by 135 and 66)\n"
     "  --test-percent P         hold P% of the rows out of training, to test the\n"
     "                           network on them (0 to 90; default 0)\n"
     "  --split-seed N           the seed that picks those rows (default: --seed)\n"
     "Network:\n"
     "  --hidden LAYERS          hidden layers, like “4,3” or “4 tanh, 3 relu”:\n"
     "                           0 to 6 layers of 1 to 64 neurons, each with its\n"
     "                           own activation or --activation's; “0” for none\n"
     "                           (default 2)\n"
     "  --activation sigmoid|tanh|relu|linear\n"
     "                           the hidden layers' activation (default sigmoid);\n"
     "                           the output's is the task's\n"
     "  --seed N                 the seed of the first weights and of --shuffle\n"
     "                           (default 1)\n"
     "Training:\n"
     "  --epochs N               epochs to train (default 1000)\n"
     "  --lr X                   the learning rate (default 0.1)\n"
     "  --loss mse|bce           the loss function (default: mse; for multi-class,\n"
     "                           bce, the cross-entropy; regression takes mse)\n"
     "  --shuffle                a new order of the rows every epoch\n"
     "  --batch N                rows a step: the gradient is their mean (default\n"
     "                           1, the tutorial's per-sample steps; more than the\n"
     "                           rows is the whole table)\n"
     "  --optimizer sgd|momentum|adam\n"
     "                           how a step moves the parameters (default sgd)\n"
     "  --momentum X             momentum's coefficient, 0 to below 1 (default 0.9)\n"
     "  --beta1 X, --beta2 X     Adam's decay rates, 0 to below 1 (default 0.9 and\n"
     "                           0.999)\n"
     "  --epsilon X              Adam's epsilon, above 0 (default 1e-8)\n"
     "  --l1 X, --l2 X           L1 and L2 regularisation rates, 0 or more, on the\n"
     "                           weights only (default 0, off)\n"
     "  --target-loss X          stop once the training loss is X or less\n"
     "  --early-stopping         stop when the test loss (the training loss\n"
     "                           without test rows) has not improved for 50\n"
     "                           epochs, and keep the best network\n"
     "Results:\n"
     "  --predict V1,V2          predict for these input values (repeatable): one\n"
     "                           per input, in the order of --inputs, or of the\n"
     "                           table's columns without it\n"
     "  --save PROJECT.neuronlab save the table, the network and the run\n"
     "\n"
     "--predict values and the --save file's folder are checked before training.\n"
     "If training diverges (a learning rate too large), the network from before\n"
     "that epoch is kept: the figures and predictions are of it, --save saves it,\n"
     "and the exit status is 3.\n"
     "\n"
     "Exit status: 0 when training ran; 1 when the data cannot be read or trained\n"
     "on, or the project cannot be saved; 2 when the command line is wrong; 3\n"
     "when training diverged.\n");

static const char predict_usage_text[] =
  N_("Usage: neuronlab-cli predict [--exact] PROJECT.neuronlab V1,V2 [V1,V2 ...]\n"
     "\n"
     "Prints, for each V1,V2 (one value per input column, in the order of the\n"
     "table's columns, not of train's --inputs, and in the table's units), the\n"
     "class the project's network predicts and its probability:\n"
     "“predict V1,V2: P CLASS” (for two classes, P is the probability of the\n"
     "second), or the number it predicts, in the target's units:\n"
     "“predict V1,V2: VALUE”. With --exact, P and VALUE have every digit.\n");

static const char export_python_usage_text[] =
  N_("Usage: neuronlab-cli export-python PROJECT.neuronlab OUT.py\n"
     "\n"
     "Writes the project's network and its normalisation as a standalone\n"
     "Python script (it needs NumPy) that predicts what NeuronLab predicts.\n");

static const char export_pytorch_usage_text[] =
  N_("Usage: neuronlab-cli export-pytorch PROJECT.neuronlab OUT.py\n"
     "\n"
     "Writes the project's network, its normalisation, its training settings\n"
     "and the rows it trains on as a PyTorch script: “python3 OUT.py V1,V2”\n"
     "predicts what NeuronLab predicts, “python3 OUT.py --train EPOCHS” trains\n"
     "it further and prints the loss of each epoch.\n");

static const char bench_usage_text[] =
  N_("Usage: neuronlab-cli bench LAYERS N EPOCHS SEED [--batch N] [--optimizer NAME]\n"
     "\n"
     "Trains a network with the layer sizes LAYERS (e.g. 2,16,16,1) for EPOCHS\n"
     "epochs on N rows of data generated from SEED, and prints the samples\n"
     "trained a second and the final loss.\n"
     "\n"
     "  --batch N           samples per step (default 1)\n"
     "  --optimizer NAME    sgd (default), momentum or adam\n");

/* The command being run, for the hint after a usage error; NULL before one
 * is known. */
static const char *command_name;

typedef struct
{
  const char  *file;
  const char  *inputs;
  const char  *label;
  int          task_set;
  NlTaskKind   task;
  long         epochs;
  double       learning_rate;
  NlHidden     hidden;
  NlActivation activation;
  NlLoss       loss;
  int          loss_set;
  uint64_t     seed;
  int          shuffle;
  /* --batch, --optimizer and their settings, --l1 and --l2: the rest of
   * the run's NlTrainOptions. */
  NlTrainOptions train;
  NlRunPolicy  policy;
  int          split_seed_set;
  int          normalize_set;
  NlNormalize  normalize;
  const char  *predict[MAX_PREDICT];
  size_t       n_predict;
  const char  *save;
  NlInit       init;
  /* --dataset: a table built by the core, and its settings as defaults. */
  const NlExample *example;
  NlExampleOptions example_options;
} TrainArgs;

static int fail_usage (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

/* Prints the reason and where the usage is; returns the exit status for bad
 * usage. */
static int
fail_usage (const char *format,
            ...)
{
  va_list args;

  fprintf (stderr, "neuronlab-cli: ");
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  if (command_name != NULL)
    fprintf (stderr, _("“neuronlab-cli %s --help” shows its usage.\n"), command_name);
  else
    fprintf (stderr, "%s", _("“neuronlab-cli --help” shows the usage.\n"));
  return EXIT_USAGE;
}

/* Whether @arg asks for help. */
static int
is_help (const char *arg)
{
  return strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0;
}

/* Prints @text (one of the usage texts) for a --help; returns the exit
 * status for it. */
static int
print_help (const char *text)
{
  printf ("%s", _(text));
  return EXIT_SUCCESS;
}

/* A help printed instead of running: parse_train_args() returns it, and
 * run_train() exits 0. */
#define HELP_PRINTED (-1)

static int
fail (const char *message)
{
  fprintf (stderr, "neuronlab-cli: %s\n", message);
  return EXIT_FAILURE;
}

/* Whether @c can be part of a file name as messages quote it. */
static int
is_name_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
         || c == '_' || c == '-' || c == '.' || c == '/';
}

/* Prints "neuronlab-cli: PATH: MESSAGE" for an error about the file @path,
 * or "neuronlab-cli: MESSAGE" when @message names the file already, as the
 * core's messages about opening and writing one do ("Could not write
 * “PATH”: ..."), so that it is not named twice. The name counts when it
 * stands alone, between quotes of any language, not inside a word. */
static void
print_file_error (const char *path,
                  const char *message)
{
  size_t len = strlen (path);

  for (const char *m = len > 0 ? strstr (message, path) : NULL; m != NULL; m = strstr (m + 1, path))
    if ((m == message || !is_name_char (m[-1])) && !is_name_char (m[len]))
      {
        fprintf (stderr, "neuronlab-cli: %s\n", message);
        return;
      }
  fprintf (stderr, "neuronlab-cli: %s: %s\n", path, message);
}

/* --save's project is written after training, which can take hours: a path
 * that cannot be written is refused before it. The folder (of the file a
 * link points to) must exist and be writable, and the path must not be a
 * folder, a device or a pipe. The writer still has the last word. Returns
 * 0, or prints why not and returns 1. */
static int
check_save_path (const char *path)
{
  struct stat st;
  char *copy, *folder;
  int status = 0;

  if (stat (path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          fprintf (stderr, _("neuronlab-cli: --save “%s” is a folder; give the name of the "
                             "project file to write in it\n"), path);
          return 1;
        }
      if (!S_ISREG (st.st_mode))
        {
          fprintf (stderr, _("neuronlab-cli: --save “%s” is not a regular file (a device, a "
                             "pipe or a socket); give a project file's name\n"), path);
          return 1;
        }
      copy = realpath (path, NULL);
    }
  else if (errno == ENOENT || errno == ENOTDIR)
    copy = strdup (path);
  else
    {
      fprintf (stderr, _("neuronlab-cli: --save “%s”: %s\n"), path, strerror (errno));
      return 1;
    }
  if (copy == NULL)
    {
      fprintf (stderr, _("neuronlab-cli: --save “%s”: %s\n"), path, strerror (errno));
      return 1;
    }

  folder = dirname (copy);
  if (stat (folder, &st) != 0)
    {
      if (errno == ENOENT)
        fprintf (stderr, _("neuronlab-cli: --save “%s”: the folder “%s” does not exist\n"),
                 path, folder);
      else
        fprintf (stderr, _("neuronlab-cli: --save “%s”: the folder “%s”: %s\n"),
                 path, folder, strerror (errno));
      status = 1;
    }
  else if (!S_ISDIR (st.st_mode))
    {
      fprintf (stderr, _("neuronlab-cli: --save “%s”: “%s” is not a folder\n"), path, folder);
      status = 1;
    }
  else if (access (folder, W_OK | X_OK) != 0)
    {
      fprintf (stderr, _("neuronlab-cli: --save “%s”: cannot write in the folder “%s”: %s\n"),
               path, folder, strerror (errno));
      status = 1;
    }
  free (copy);
  return status;
}

/* Whole-string, locale-independent parses of the command line's numbers. */
static int
parse_ulong (const char    *text,
             unsigned long *out)
{
  char *end;

  if (text == NULL || *text == '\0' || *text == '-' || *text == '+')
    return 0;
  errno = 0;
  *out = strtoul (text, &end, 10);
  return errno == 0 && *end == '\0';
}

static int
parse_double (const char *text,
              double     *out)
{
  NlColumnKind kind = NL_COLUMN_NUMERIC;
  const char *name = "value";
  NlDataset *ds = nl_dataset_new (1, &name, &kind, NULL);
  int ok;

  /* The dataset's parser is the one numbers in files go through: '.' as the
   * decimal point whatever the locale. */
  ok = ds != NULL && nl_dataset_parse_cell (ds, 0, text, out, NULL) == NL_OK;
  nl_dataset_free (ds);
  return ok;
}

/* Splits "a,b,c" into sizes; returns the count, or 0 when malformed. */
static size_t
parse_size_list (const char *text,
                 size_t     *out,
                 size_t      max)
{
  size_t n = 0;
  const char *p = text;

  while (1)
    {
      char buf[32];
      const char *comma = strchr (p, ',');
      size_t len = comma != NULL ? (size_t) (comma - p) : strlen (p);
      unsigned long v;

      if (len == 0 || len >= sizeof buf || n >= max)
        return 0;
      memcpy (buf, p, len);
      buf[len] = '\0';
      if (!parse_ulong (buf, &v) || v == 0 || v > NL_MAX_LAYER_SIZE)
        return 0;
      out[n++] = v;
      if (comma == NULL)
        return n;
      p = comma + 1;
    }
}

/* --dataset NAME[,noise=N][,points=N][,seed=N]: trains on a data set the
 * core builds (core/nl-examples.h), with the settings that suit it; the
 * options given with it override them, wherever they stand. */
static int
use_dataset (TrainArgs  *args,
             const char *spec)
{
  const NlExampleSettings *settings;
  NlError error = { 0 };

  if (nl_example_parse_spec (spec, &args->example, &args->example_options, &error) != NL_OK)
    return fail_usage ("--dataset: %s", error.message);
  settings = &args->example->settings;
  args->epochs = (long) settings->epochs;
  args->learning_rate = settings->learning_rate;
  nl_hidden_parse (settings->hidden, &args->hidden, NULL);
  args->activation = settings->activation;
  args->loss = settings->loss;
  args->loss_set = 1;
  args->init = settings->init;
  args->policy.test_percent = settings->test_percent;
  /* The table comes normalised as its settings say, its label or target
   * set as its task needs. */
  return 0;
}

/* The largest --batch, as the window's Batch size takes it. */
#define MAX_BATCH 1000000

/* The optimizer's and regularisation's numbers, by option. */
static const struct
{
  const char *option;
  size_t      offset;     /* of the double in NlTrainOptions */
  NlOptimizer optimizer;  /* the one that uses it */
} train_settings[] = {
  { "--momentum", offsetof (NlTrainOptions, momentum), NL_OPTIMIZER_MOMENTUM },
  { "--beta1", offsetof (NlTrainOptions, beta1), NL_OPTIMIZER_ADAM },
  { "--beta2", offsetof (NlTrainOptions, beta2), NL_OPTIMIZER_ADAM },
  { "--epsilon", offsetof (NlTrainOptions, epsilon), NL_OPTIMIZER_ADAM },
  { "--l1", offsetof (NlTrainOptions, l1), NL_OPTIMIZER_SGD },
  { "--l2", offsetof (NlTrainOptions, l2), NL_OPTIMIZER_SGD },
};

#define TRAIN_SETTING(options, i) \
  ((double *) ((char *) (options) + train_settings[i].offset))

/* The index in train_settings[] of option @arg, or -1. */
static int
find_train_setting (const char *arg)
{
  for (size_t i = 0; i < sizeof train_settings / sizeof train_settings[0]; i++)
    if (strcmp (arg, train_settings[i].option) == 0)
      return (int) i;
  return -1;
}

/* Sets train_settings[@i] in @train to @value, a number the core takes for
 * that setting. Returns 0, or prints why not, naming the option, and
 * returns EXIT_USAGE. */
static int
parse_train_setting (NlTrainOptions *train,
                     int             i,
                     const char     *value)
{
  NlTrainOptions check;
  NlError error = { 0 };
  double x;

  if (!parse_double (value, &x) || !isfinite (x))
    return fail_usage (_("%s takes a number, not “%s”"), train_settings[i].option, value);
  /* The core's range check, on this setting alone (the others at their
   * defaults, the optimizer the one that uses it), so that its message is
   * about this option, and a value out of range is refused whichever
   * --optimizer is given. */
  nl_train_options_init (&check);
  check.optimizer = train_settings[i].optimizer;
  *TRAIN_SETTING (&check, i) = x;
  if (nl_train_options_check (&check, &error) != NL_OK)
    return fail_usage ("%s %s: %s", train_settings[i].option, value, error.message);
  *TRAIN_SETTING (train, i) = x;
  return 0;
}

static int
parse_train_args (int        argc,
                  char     **argv,
                  TrainArgs *args)
{
  NlError error = { 0 };

  args->epochs = 1000;
  args->learning_rate = 0.1;
  nl_hidden_parse ("2", &args->hidden, NULL);
  args->activation = NL_ACTIVATION_SIGMOID;
  args->loss = NL_LOSS_MSE;
  args->seed = 1;
  args->init = NL_INIT_NORMAL;
  nl_train_options_init (&args->train);
  nl_run_policy_init (&args->policy);

  /* A data set's settings first, so that the other options override them. */
  for (int i = 0; i + 1 < argc; i++)
    if (strcmp (argv[i], "--dataset") == 0)
      {
        int status = use_dataset (args, argv[i + 1]);

        if (status != 0)
          return status;
      }

  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;
      unsigned long n;

#define NEED_VALUE() \
      do { if (value == NULL) return fail_usage (_("%s needs a value"), arg); i++; } while (0)

      if (is_help (arg))
        {
          print_help (train_usage_text);
          return HELP_PRINTED;
        }
      else if (strcmp (arg, "--shuffle") == 0)
        args->shuffle = 1;
      else if (strcmp (arg, "--early-stopping") == 0)
        args->policy.early_stopping = 1;
      else if (strcmp (arg, "--inputs") == 0)
        {
          NEED_VALUE ();
          args->inputs = value;
        }
      else if (strcmp (arg, "--label") == 0)
        {
          NEED_VALUE ();
          args->label = value;
        }
      else if (strcmp (arg, "--task") == 0)
        {
          NEED_VALUE ();
          if (!nl_task_from_name (value, &args->task))
            return fail_usage (_("--task takes binary, multiclass or regression, not “%s”"),
                               value);
          args->task_set = 1;
        }
      else if (strcmp (arg, "--epochs") == 0)
        {
          NEED_VALUE ();
          if (!parse_ulong (value, &n) || n > 100000000UL)
            return fail_usage (_("--epochs takes a whole number from 0 to 100000000, not “%s”"),
                               value);
          args->epochs = (long) n;
        }
      else if (strcmp (arg, "--lr") == 0)
        {
          NEED_VALUE ();
          if (!parse_double (value, &args->learning_rate) || !(args->learning_rate > 0.0)
              || !isfinite (args->learning_rate))
            return fail_usage (_("--lr takes a positive number, not “%s”"), value);
        }
      else if (strcmp (arg, "--hidden") == 0)
        {
          NEED_VALUE ();
          /* The window's syntax, where "" is no hidden layer; an empty
           * argument is awkward in a shell, so "0" and "none" say it too. */
          if (strcmp (value, "0") == 0 || strcmp (value, "none") == 0)
            nl_hidden_parse ("", &args->hidden, NULL);
          else if (nl_hidden_parse (value, &args->hidden, &error) != NL_OK)
            return fail_usage (_("--hidden “%s”: %s"), value, error.message);
        }
      else if (strcmp (arg, "--batch") == 0)
        {
          NEED_VALUE ();
          if (!parse_ulong (value, &n) || n == 0 || n > MAX_BATCH)
            return fail_usage (_("--batch takes a whole number from 1 to %d, not “%s”"),
                               MAX_BATCH, value);
          args->train.batch_size = n;
        }
      else if (strcmp (arg, "--optimizer") == 0)
        {
          NEED_VALUE ();
          if (!nl_optimizer_from_name (value, &args->train.optimizer))
            return fail_usage (_("--optimizer takes sgd, momentum or adam, not “%s”"), value);
        }
      else if (find_train_setting (arg) >= 0)
        {
          NEED_VALUE ();
          if (parse_train_setting (&args->train, find_train_setting (arg), value) != 0)
            return EXIT_USAGE;
        }
      else if (strcmp (arg, "--test-percent") == 0)
        {
          NEED_VALUE ();
          if (!parse_ulong (value, &n) || n > NL_RUN_MAX_TEST_PERCENT)
            return fail_usage (_("--test-percent takes a whole number from 0 to %d, not “%s”"),
                               NL_RUN_MAX_TEST_PERCENT, value);
          args->policy.test_percent = (unsigned) n;
        }
      else if (strcmp (arg, "--split-seed") == 0)
        {
          NEED_VALUE ();
          if (!parse_ulong (value, &n))
            return fail_usage (_("--split-seed takes a whole number, not “%s”"), value);
          args->policy.split_seed = n;
          args->split_seed_set = 1;
        }
      else if (strcmp (arg, "--target-loss") == 0)
        {
          NEED_VALUE ();
          if (!parse_double (value, &args->policy.target_loss)
              || !(args->policy.target_loss >= 0.0) || !isfinite (args->policy.target_loss))
            return fail_usage (_("--target-loss takes a positive number (0 for none), not “%s”"),
                               value);
        }
      else if (strcmp (arg, "--activation") == 0)
        {
          NEED_VALUE ();
          if (!nl_activation_from_name (value, &args->activation))
            return fail_usage (_("--activation takes sigmoid, tanh, relu or linear, not “%s”"),
                               value);
        }
      else if (strcmp (arg, "--loss") == 0)
        {
          NEED_VALUE ();
          if (!nl_loss_from_name (value, &args->loss))
            return fail_usage (_("--loss takes mse or bce, not “%s”"), value);
          args->loss_set = 1;
        }
      else if (strcmp (arg, "--seed") == 0)
        {
          NEED_VALUE ();
          if (!parse_ulong (value, &n))
            return fail_usage (_("--seed takes a whole number, not “%s”"), value);
          args->seed = n;
        }
      else if (strcmp (arg, "--normalize") == 0)
        {
          NEED_VALUE ();
          if (!nl_normalize_from_name (value, &args->normalize))
            return fail_usage (_("--normalize takes none, shift or standardize, not “%s”"),
                               value);
          args->normalize_set = 1;
        }
      else if (strcmp (arg, "--predict") == 0)
        {
          NEED_VALUE ();
          if (args->n_predict >= MAX_PREDICT)
            return fail_usage (_("at most 64 --predict values, “%s” is one too many"), value);
          args->predict[args->n_predict++] = value;
        }
      else if (strcmp (arg, "--save") == 0)
        {
          NEED_VALUE ();
          if (*value == '\0')
            return fail_usage ("%s", _("--save needs a file name"));
          args->save = value;
        }
      else if (strcmp (arg, "--dataset") == 0)
        NEED_VALUE ();
      else if (arg[0] == '-' && arg[1] != '\0')
        return fail_usage (_("unknown option “%s”"), arg);
      else if (args->file == NULL)
        args->file = arg;
      else
        return fail_usage (_("only one data file can be given, “%s” is a second"), arg);
#undef NEED_VALUE
    }

  if (args->file != NULL && args->example != NULL)
    return fail_usage ("%s", _("a data file and --dataset cannot both be given"));
  /* As in the window, the split's seed is the network's unless set. */
  if (!args->split_seed_set)
    args->policy.split_seed = args->seed;
  if (nl_run_policy_check (&args->policy, &error) != NL_OK)
    return fail_usage ("%s", error.message);
  return 0;
}

/* Whether --label without --task makes @column a target to predict: a
 * column of text, or of numbers with exactly two values, is a label of
 * classes; any other column of numbers is a target. */
static int
guess_target (const NlDataset *ds,
              size_t           column)
{
  const NlColumn *col = &ds->columns[column];
  double first = NAN, second = NAN;
  size_t n_values = 0;

  switch (col->kind)
    {
    case NL_COLUMN_TEXT:
      return 0;
    case NL_COLUMN_LABEL:
      /* Classes already found (the CSV reader's guess): numbers if every
       * one of them is a number. */
      for (size_t k = 0; k < col->n_classes; k++)
        {
          double v;

          if (col->classes[k] != NULL
              && nl_dataset_parse_number (col->classes[k], &v, NULL) != NL_OK)
            return 0;
        }
      return col->n_classes != 2;
    case NL_COLUMN_NUMERIC:
    case NL_COLUMN_TARGET:
    default:
      break;
    }
  /* Counting stops at a third value. */
  for (size_t row = 0; row < ds->n_rows && n_values < 3; row++)
    {
      const NlCell *cell = nl_dataset_cell (ds, row, column);

      if (cell->state != NL_CELL_OK)
        continue;
      if ((n_values > 0 && cell->value == first) || (n_values > 1 && cell->value == second))
        continue;
      if (n_values == 0)
        first = cell->value;
      else
        second = cell->value;
      n_values++;
    }
  return n_values != 2;
}

/* After a column name that is not in the table: the names that are, quoted
 * (they may hold spaces), so that a misspelt one is a copy away. */
static void
print_column_names (const NlDataset *ds)
{
  fprintf (stderr, "%s", _("neuronlab-cli: the table's columns are: "));
  for (size_t c = 0; c < ds->n_columns; c++)
    fprintf (stderr, "%s“%s”", c > 0 ? ", " : "", ds->columns[c].name);
  fputc ('\n', stderr);
}

/* Makes the named column the label or the target, of the task --task names
 * or, without it, as guess_target() says; --task alone applies to the
 * table's own label. Returns 0, or prints why not and returns 1. */
static int
choose_task_column (NlDataset       *ds,
                    const TrainArgs *args)
{
  NlError error = { 0 };
  NlStatus status;
  size_t c;

  if (args->label == NULL)
    {
      if (!args->task_set || ds->label_column < 0)
        return 0;
      c = (size_t) ds->label_column;
    }
  else
    {
      for (c = 0; c < ds->n_columns; c++)
        if (strcmp (ds->columns[c].name, args->label) == 0)
          break;
      if (c == ds->n_columns)
        {
          fprintf (stderr, _("neuronlab-cli: there is no column “%s” to use as the label\n"),
                   args->label);
          print_column_names (ds);
          return 1;
        }
    }

  if (args->task_set)
    {
      status = nl_dataset_set_task_column (ds, c, args->task, &error);
      if (status != NL_OK)
        {
          fprintf (stderr, "neuronlab-cli: --task %s: %s\n", nl_task_name (args->task),
                   error.message);
          return 1;
        }
    }
  else if (guess_target (ds, c))
    status = nl_dataset_set_target_column (ds, c, &error);
  else
    status = nl_dataset_set_label_column (ds, c, &error);
  if (status != NL_OK)
    return fail (error.message);
  return 0;
}

/* Makes the named columns the inputs (and no others) and the named column the
 * label or the target. The network takes its inputs in the table's order;
 * with --inputs, @order (room for a column count) gets, for each name in
 * the order given, its input's index, so that --predict values can follow
 * --inputs. Returns 0, or prints why not and returns 1. */
static int
choose_columns (NlDataset       *ds,
                const TrainArgs *args,
                size_t          *order)
{
  size_t n_named = 0;

  if (choose_task_column (ds, args) != 0)
    return 1;

  if (args->inputs != NULL)
    {
      for (size_t c = 0; c < ds->n_columns; c++)
        nl_dataset_set_input (ds, c, 0);

      for (const char *p = args->inputs; ; )
        {
          const char *comma = strchr (p, ',');
          size_t len = comma != NULL ? (size_t) (comma - p) : strlen (p);
          size_t c;

          for (c = 0; c < ds->n_columns; c++)
            if (strlen (ds->columns[c].name) == len && strncmp (ds->columns[c].name, p, len) == 0)
              break;
          if (c == ds->n_columns)
            {
              fprintf (stderr, _("neuronlab-cli: there is no column “%.*s” to use as an input\n"),
                       (int) len, p);
              print_column_names (ds);
              return 1;
            }
          if ((int) c == ds->label_column)
            {
              fprintf (stderr, _("neuronlab-cli: column “%s” is the one to predict and cannot "
                                 "be an input\n"), ds->columns[c].name);
              return 1;
            }
          if (ds->columns[c].kind != NL_COLUMN_NUMERIC)
            {
              fprintf (stderr, _("neuronlab-cli: column “%s” is not numeric and cannot be an input\n"),
                       ds->columns[c].name);
              return 1;
            }
          if (ds->columns[c].is_input)
            {
              fprintf (stderr, _("neuronlab-cli: --inputs names column “%s” twice\n"),
                       ds->columns[c].name);
              return 1;
            }
          nl_dataset_set_input (ds, c, 1);
          order[n_named++] = c;
          if (comma == NULL)
            break;
          p = comma + 1;
        }
      /* From columns to the inputs they became. */
      for (size_t j = 0; j < n_named; j++)
        for (size_t i = 0; i < n_named; i++)
          if (nl_dataset_input_column (ds, i) == order[j])
            {
              order[j] = i;
              break;
            }
    }

  return 0;
}

/* Parses "V1,V2" (raw values, one per input) and normalises them as the
 * table's inputs are. The j-th value is input @order[j]'s (--inputs' order),
 * or with @order NULL input j's (the table's). @what names the option or
 * command in messages. Returns 0, or prints why not and returns
 * EXIT_USAGE: the values are the command line's. */
static int
parse_prediction (const NlDataset *ds,
                  const size_t    *order,
                  const char      *what,
                  const char      *text,
                  double          *x)
{
  size_t n_inputs = nl_dataset_n_inputs (ds);
  size_t n_values = 1;
  const char *p = text;

  for (const char *c = text; *c != '\0'; c++)
    n_values += *c == ',';
  if (n_values != n_inputs)
    {
      /* Which values, and in which order, say more than a count. */
      fprintf (stderr, _("neuronlab-cli: %s “%s”: give one value per input, in this order: "),
               what, text);
      for (size_t j = 0; j < n_inputs; j++)
        fprintf (stderr, "%s%s", j > 0 ? ", " : "",
                 ds->columns[nl_dataset_input_column (ds, order != NULL ? order[j] : j)].name);
      fputc ('\n', stderr);
      return EXIT_USAGE;
    }

  for (size_t j = 0; j < n_inputs; j++)
    {
      const char *comma = strchr (p, ',');
      size_t len = comma != NULL ? (size_t) (comma - p) : strlen (p);
      size_t i = order != NULL ? order[j] : j;
      size_t column = nl_dataset_input_column (ds, i);
      char buf[128];
      double raw;

      snprintf (buf, sizeof buf, "%.*s", (int) len, p);
      if (len >= sizeof buf || !parse_double (buf, &raw))
        {
          fprintf (stderr, _("neuronlab-cli: %s “%s”: “%s” is not a number (%s)\n"),
                   what, text, buf, ds->columns[column].name);
          return EXIT_USAGE;
        }
      x[i] = nl_dataset_normalize (ds, column, raw);
      p = comma != NULL ? comma + 1 : p + len;
    }

  return 0;
}

/* Whether the table has a target, or a label whose classes are all known:
 * what print_prediction() names. */
static int
has_column_to_predict (const NlDataset *ds)
{
  const NlColumn *col;

  if (ds->label_column < 0 || (size_t) ds->label_column >= ds->n_columns)
    return 0;
  col = &ds->columns[ds->label_column];
  if (col->kind == NL_COLUMN_TARGET)
    return 1;
  if (col->kind != NL_COLUMN_LABEL || col->n_classes < 2)
    return 0;
  for (size_t k = 0; k < col->n_classes; k++)
    if (col->classes[k] == NULL)
      return 0;
  return 1;
}

/* Prints what @net predicts for @x (parse_prediction()'s values for @text):
 * "predict TEXT: P CLASS" for a class, where P is the network's output for
 * binary (the probability of the positive class, as the tutorial prints it)
 * and the top class's probability for multi-class; "predict TEXT: VALUE",
 * in the target's units, for regression. @exact prints every digit. */
static void
print_prediction (const NlDataset *ds,
                  const NlTask    *task,
                  const NlNet     *net,
                  NlWork          *work,
                  const double    *x,
                  const char      *text,
                  int              exact)
{
  const NlColumn *label = &ds->columns[ds->label_column];
  const double *outputs;
  double p;
  size_t k;

  nl_net_forward (net, work, x);
  outputs = nl_net_outputs (net, work);
  if (task->kind == NL_TASK_REGRESSION)
    {
      printf (exact ? "predict %s: %.17g\n" : "predict %s: %.6g\n", text,
              nl_task_decode_value (outputs[0], label->shift, label->scale));
      return;
    }
  k = nl_task_decode_class (task, outputs, &p);
  if (task->kind == NL_TASK_BINARY)
    p = outputs[0];
  printf (exact ? "predict %s: %.17g %s\n" : "predict %s: %.3f %s\n", text, p, label->classes[k]);
}

/* The task's figures of the training rows, then of the test rows (@test
 * may be NULL): accuracy for a class, R² and RMSE (in the target's units)
 * for a number. Untranslated, like the loss lines, for scripts. */
static void
print_evaluation (const NlTask       *task,
                  const NlEvaluation *train,
                  const NlEvaluation *test)
{
  if (nl_task_is_classification (task))
    {
      printf ("accuracy: %.3f\n", train->accuracy);
      if (test != NULL)
        printf ("test accuracy: %.3f\n", test->accuracy);
      return;
    }
  printf ("r2: %.3f\nrmse: %.6g\n", train->r2, train->rmse);
  if (test != NULL)
    printf ("test r2: %.3f\ntest rmse: %.6g\n", test->r2, test->rmse);
}

/* Trains as the window does: the split, the epochs with the stop
 * conditions, then the accuracy, the predictions and the project. The test
 * rows are evaluated every epoch only when something needs that: early
 * stopping watches them, a saved project keeps their loss history. */
static int
run_train (int    argc,
           char **argv)
{
  TrainArgs args = { 0 };
  NlError error = { 0 };
  NlDataset *ds = NULL;
  NlMatrix all = { 0 }, data = { 0 }, test = { 0 };
  NlNet *net = NULL;
  NlSgd *sgd = NULL;
  NlTrainOptions options;
  NlEvaluation eval = { 0 }, test_eval = { NAN, NAN, NAN, NAN };
  NlRunState state;
  NlTask task;
  NlRng rng;
  size_t sizes[NL_HIDDEN_MAX_LAYERS + 2];
  NlActivation activations[NL_HIDDEN_MAX_LAYERS + 2];
  size_t n_layers, n_inputs;
  NlWork *work = NULL;
  double *x = NULL;
  NlHistory *history = NULL, *test_history = NULL;
  double *best_params = NULL;
  size_t *input_order = NULL;
  int has_test, test_every_epoch, diverged = 0;
  long done = 0;
  int status;

  if ((status = parse_train_args (argc, argv, &args)) != 0)
    return status == HELP_PRINTED ? EXIT_SUCCESS : status;

  status = EXIT_FAILURE;
  if (args.save != NULL && check_save_path (args.save) != 0)
    goto out;
  if (args.file != NULL)
    {
      ds = nl_csv_read_file (args.file, &error);
      if (ds == NULL)
        {
          print_file_error (args.file, error.message);
          goto out;
        }
    }
  else if (args.example != NULL)
    {
      ds = nl_example_new_dataset (args.example, &args.example_options, &error);
      if (ds == NULL)
        {
          fail (error.message);
          goto out;
        }
    }
  else
    ds = nl_dataset_new_tutorial ();

  input_order = calloc (ds->n_columns > 0 ? ds->n_columns : 1, sizeof *input_order);
  if (input_order == NULL)
    {
      fail (_("Out of memory"));
      goto out;
    }
  if (choose_columns (ds, &args, input_order) != 0)
    goto out;
  /* Each message names its line and column already. Once the columns are
   * chosen, a problem says whether its row is left out: a note on how the
   * file was read, or a bad cell in a column that is no input, leaves none. */
  for (size_t i = 0; args.file != NULL && i < ds->n_problems; i++)
    if (nl_dataset_problem_leaves_row_out (ds, &ds->problems[i]))
      fprintf (stderr, _("neuronlab-cli: %s: %s (row left out)\n"),
               args.file, ds->problems[i].message);
    else
      fprintf (stderr, "neuronlab-cli: %s: %s\n", args.file, ds->problems[i].message);
  /* The tutorial's own table keeps its shift by 135 and 66 unless told
   * otherwise; imported data is standardised by default. */
  if (args.normalize_set)
    {
      if (args.file != NULL || args.normalize != NL_NORMALIZE_SHIFT
          || (args.example != NULL && args.example->settings.normalize != NL_NORMALIZE_SHIFT))
        nl_dataset_set_normalize (ds, args.normalize, NULL);
    }
  else if (args.file != NULL)
    nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);

  if (nl_dataset_check_trainable (ds, &error) != NL_OK
      || nl_dataset_to_matrix (ds, &all, &error) != NL_OK)
    {
      /* The table is the file's: say which. */
      if (args.file != NULL)
        fprintf (stderr, "neuronlab-cli: %s: %s\n", args.file, error.message);
      else
        fail (error.message);
      goto out;
    }
  /* The --predict values, read now rather than after the run: the inputs
   * and their normalisation are known, and training does not change them. */
  n_inputs = nl_dataset_n_inputs (ds);
  x = calloc ((args.n_predict > 0 ? args.n_predict : 1) * n_inputs, sizeof *x);
  if (x == NULL)
    {
      fail (_("Out of memory"));
      goto out;
    }
  for (size_t i = 0; i < args.n_predict; i++)
    if ((status = parse_prediction (ds, args.inputs != NULL ? input_order : NULL, "--predict",
                                    args.predict[i], x + i * n_inputs)) != 0)
      goto out;
  status = EXIT_FAILURE;
  /* The task owns the output layer and the loss, unless --loss says
   * otherwise and the task allows it. */
  nl_dataset_task (ds, &task);
  if (!args.loss_set)
    args.loss = nl_task_default_loss (&task);
  else if (!nl_task_allows_loss (&task, args.loss))
    {
      status = fail_usage (_("--loss %s does not suit %s; it takes mse"),
                           nl_loss_name (args.loss), nl_task_name (task.kind));
      goto out;
    }
  /* The rows held out for testing, as the window holds them out. */
  if (args.policy.test_percent > 0)
    {
      if (nl_run_split (&args.policy, &all, &data, &test, &error) != NL_OK)
        {
          fail (error.message);
          goto out;
        }
      /* Untranslated, like the loss and accuracy lines, for scripts. */
      printf ("test rows: %zu of %zu\n", test.n_rows, all.n_rows);
      if (test.n_rows == 0)
        fprintf (stderr, "%s", _("neuronlab-cli: the table is too small to give each class a "
                                 "test row; training on all of them\n"));
      nl_matrix_clear (&all);
    }
  else
    {
      data = all;
      memset (&all, 0, sizeof all);
    }
  has_test = test.n_rows > 0;

  /* --activation is the hidden layers'; the output layer is the task's. */
  n_layers = nl_hidden_net_layers (&args.hidden, n_inputs, nl_task_n_outputs (&task),
                                   args.activation, nl_task_output_activation (&task),
                                   sizes, activations);
  net = nl_net_new (n_layers, sizes, activations, &error);
  if (net == NULL)
    {
      fail (error.message);
      goto out;
    }
  nl_rng_seed (&rng, args.seed);
  nl_net_init (net, args.init, &rng);
  work = nl_work_new (net);

  options = args.train;
  options.learning_rate = args.learning_rate;
  options.loss = args.loss;
  options.shuffle = args.shuffle;
  options.shuffle_seed = args.seed;
  /* One NlSgd for the whole run: the optimizer's memory (velocity, Adam's
   * moments) goes on from epoch to epoch. */
  sgd = nl_sgd_new (net, &data, &options, &error);
  /* A project keeps the loss of every epoch, and the test loss. */
  test_every_epoch = has_test && (args.policy.early_stopping || args.save != NULL);
  /* Bounded whatever the epochs (see nl-history.h). */
  if (args.save != NULL)
    history = nl_history_new (0);
  if (args.save != NULL && has_test)
    test_history = nl_history_new (0);
  if (args.policy.early_stopping)
    best_params = malloc (net->n_params * sizeof *best_params);
  if (sgd == NULL || work == NULL || (args.save != NULL && history == NULL)
      || (args.save != NULL && has_test && test_history == NULL)
      || (args.policy.early_stopping && best_params == NULL))
    {
      fail (sgd == NULL ? error.message : _("Out of memory"));
      goto out;
    }

  nl_run_state_init (&state, &args.policy);
  while (done < args.epochs)
    {
      if (nl_sgd_epoch_evaluate (sgd, net, &eval, &error) != NL_OK)
        {
          fail (error.message);
          if (error.status != NL_ERR_DIVERGED)
            goto out;
          /* The core put back the parameters from before this epoch: the
           * run ends with them, and they are reported, predict and are
           * saved like any run's last network. */
          diverged = 1;
          nl_evaluate (net, work, &data, args.loss, &eval);
          break;
        }
      if (test_every_epoch)
        nl_evaluate (net, work, &test, args.loss, &test_eval);
      if ((history != NULL && !nl_history_append (history, eval.loss))
          || (test_history != NULL && !nl_history_append (test_history, test_eval.loss)))
        {
          fail (_("Out of memory"));
          goto out;
        }
      if (done % 10 == 0)
        printf ("Epoch %ld loss: %.3f\n", done, eval.loss);
      done++;
      if (nl_run_state_active (&state))
        {
          NlRunVerdict verdict = nl_run_state_feed (&state, (uint64_t) done, eval.loss,
                                                    has_test ? test_eval.loss : eval.loss);

          if (verdict == NL_RUN_NEW_BEST)
            memcpy (best_params, net->params, net->n_params * sizeof *best_params);
          else if (verdict == NL_RUN_STOPPED)
            break;
        }
    }
  /* Early stopping ends with the best network, and reports on that one. */
  if (nl_run_state_keeps_best (&state, (uint64_t) done))
    {
      memcpy (net->params, best_params, net->n_params * sizeof *best_params);
      nl_evaluate (net, work, &data, args.loss, &eval);
    }
  if (args.epochs == 0)
    nl_evaluate (net, work, &data, args.loss, &eval);
  if (has_test)
    nl_evaluate (net, work, &test, args.loss, &test_eval);
  if (state.stop != NL_RUN_STOP_NONE)
    {
      char reason[512];

      nl_run_state_describe (&state, 0, has_test, reason, sizeof reason);
      printf ("%s\n", reason);
    }
  print_evaluation (&task, &eval, has_test ? &test_eval : NULL);

  for (size_t i = 0; i < args.n_predict; i++)
    print_prediction (ds, &task, net, work, x + i * n_inputs, args.predict[i], 0);

  if (args.save != NULL)
    {
      NlProject project;

      /* The project borrows the run's table, network and history. */
      nl_project_init (&project);
      project.dataset = ds;
      project.net = net;
      project.activation = args.activation;
      project.options = options;
      project.epochs_per_run = (unsigned) args.epochs;
      project.seed = args.seed;
      project.init = args.init;
      project.test_percent = args.policy.test_percent;
      project.split_seed = args.policy.split_seed;
      project.target_loss = args.policy.target_loss;
      project.early_stopping = args.policy.early_stopping;
      project.epoch = (uint64_t) done;
      project.loss = eval.loss;
      project.accuracy = eval.accuracy;
      project.test_loss = test_eval.loss;
      project.test_accuracy = test_eval.accuracy;
      project.history = history;
      project.test_history = test_history;
      /* The optimizer's memory, so that the window's next run, or an
       * exported script, goes on from it. */
      project.optimizer_steps = nl_sgd_steps (sgd);
      project.first_moment = (double *) nl_sgd_first_moment (sgd);
      project.second_moment = (double *) nl_sgd_second_moment (sgd);
      if (nl_project_write_file (&project, args.save, &error) != NL_OK)
        {
          print_file_error (args.save, error.message);
          goto out;
        }
    }

  if (diverged)
    {
      /* The last word, after the figures: what they are of, and where
       * that network went. */
      if (done == 0 && args.save != NULL)
        fprintf (stderr, _("neuronlab-cli: training diverged in its first epoch; the figures "
                           "and any predictions above are of the network as it was before "
                           "training, and that network was saved to “%s”\n"), args.save);
      else if (done == 0)
        fprintf (stderr, "%s", _("neuronlab-cli: training diverged in its first epoch; the "
                                 "figures and any predictions above are of the network as it "
                                 "was before training\n"));
      else if (args.save != NULL)
        fprintf (stderr, _("neuronlab-cli: training diverged; the figures and any predictions "
                           "above are of the network after epoch %ld, the last before it "
                           "diverged, and that network was saved to “%s”\n"),
                 done, args.save);
      else
        fprintf (stderr, _("neuronlab-cli: training diverged; the figures and any predictions "
                           "above are of the network after epoch %ld, the last before it "
                           "diverged\n"), done);
      status = EXIT_DIVERGED;
    }
  else
    status = EXIT_SUCCESS;

out:
  free (input_order);
  free (best_params);
  nl_history_free (test_history);
  nl_history_free (history);
  free (x);
  nl_work_free (work);
  nl_sgd_free (sgd);
  nl_net_free (net);
  nl_matrix_clear (&test);
  nl_matrix_clear (&data);
  nl_matrix_clear (&all);
  nl_dataset_free (ds);
  return status;
}

/* Predictions from a saved project, with the very parameters and
 * normalisation it holds: the same lines `train --predict` printed, or with
 * --exact the probabilities with every digit (%.17g). */
static int
run_predict (int    argc,
             char **argv)
{
  NlError error = { 0 };
  NlProject project;
  const NlDataset *ds;
  const NlColumn *label;
  NlTask task;
  NlWork *work = NULL;
  double *x = NULL;
  size_t n_inputs;
  int exact = 0;
  int status = EXIT_FAILURE;

  for (int i = 0; i < argc; i++)
    if (is_help (argv[i]))
      return print_help (predict_usage_text);
  if (argc > 0 && strcmp (argv[0], "--exact") == 0)
    {
      exact = 1;
      argc--;
      argv++;
    }
  if (argc < 2)
    return fail_usage ("%s", _("predict takes a project file and at least one V1,V2"));
  if (nl_project_read_file (argv[0], &project, &error) != NL_OK)
    {
      print_file_error (argv[0], error.message);
      return EXIT_FAILURE;
    }

  ds = project.dataset;
  n_inputs = nl_dataset_n_inputs (ds);
  label = ds->label_column >= 0 ? &ds->columns[ds->label_column] : NULL;
  nl_dataset_task (ds, &task);
  if (label == NULL || !has_column_to_predict (ds))
    {
      fprintf (stderr, _("neuronlab-cli: %s: the table has no label column with its classes "
                         "or target to predict\n"), argv[0]);
      goto out;
    }
  /* Only the size: projects saved before the task owned the output layer
   * may have a binary output of --activation's (tanh, relu). */
  if (nl_net_n_outputs (project.net) != nl_task_n_outputs (&task))
    {
      fprintf (stderr, _("neuronlab-cli: %s: the network's output layer does not fit the "
                         "table's task (%s)\n"), argv[0], nl_task_name (task.kind));
      goto out;
    }
  if (n_inputs == 0 || n_inputs != nl_net_n_inputs (project.net))
    {
      fprintf (stderr, _("neuronlab-cli: %s: the table has no input column for the network\n"),
               argv[0]);
      goto out;
    }
  work = nl_work_new (project.net);
  x = calloc (n_inputs, sizeof *x);
  if (work == NULL || x == NULL)
    {
      fail (_("Out of memory"));
      goto out;
    }
  for (int i = 1; i < argc; i++)
    {
      if ((status = parse_prediction (ds, NULL, "predict", argv[i], x)) != 0)
        goto out;
      print_prediction (ds, &task, project.net, work, x, argv[i], exact);
    }
  status = EXIT_SUCCESS;

out:
  free (x);
  nl_work_free (work);
  nl_project_clear (&project);
  return status;
}

/* The project's network as a standalone Python script. */
static int
run_export_python (int    argc,
                   char **argv)
{
  NlError error = { 0 };
  NlProject project;
  NlOptimizerMemory memory;
  int status = EXIT_SUCCESS;

  for (int i = 0; i < argc; i++)
    if (is_help (argv[i]))
      return print_help (export_python_usage_text);
  if (argc != 2)
    return fail_usage ("%s", _("export-python takes a project file and the script to write"));
  if (nl_project_read_file (argv[0], &project, &error) != NL_OK)
    {
      print_file_error (argv[0], error.message);
      return EXIT_FAILURE;
    }
  memory.steps = project.optimizer_steps;
  memory.first = project.first_moment;
  memory.second = project.second_moment;
  if (nl_python_write_file (project.net, project.dataset, &project.options, &memory, argv[1],
                            &error) != NL_OK)
    {
      print_file_error (argv[1], error.message);
      status = EXIT_FAILURE;
    }
  nl_project_clear (&project);
  return status;
}

/* The project's network as a PyTorch script, with its training settings
 * and the rows it trains on, split as the project says. */
static int
run_export_pytorch (int    argc,
                    char **argv)
{
  NlError error = { 0 };
  NlProject project;
  NlRunPolicy policy;
  NlOptimizerMemory memory;
  int status = EXIT_SUCCESS;

  for (int i = 0; i < argc; i++)
    if (is_help (argv[i]))
      return print_help (export_pytorch_usage_text);
  if (argc != 2)
    return fail_usage ("%s", _("export-pytorch takes a project file and the script to write"));
  if (nl_project_read_file (argv[0], &project, &error) != NL_OK)
    {
      print_file_error (argv[0], error.message);
      return EXIT_FAILURE;
    }
  nl_run_policy_init (&policy);
  policy.test_percent = project.test_percent;
  policy.split_seed = project.split_seed;
  memory.steps = project.optimizer_steps;
  memory.first = project.first_moment;
  memory.second = project.second_moment;
  if (nl_pytorch_write_file (project.net, project.dataset, &project.options, &memory, &policy,
                             argv[1], &error) != NL_OK)
    {
      print_file_error (argv[1], error.message);
      status = EXIT_FAILURE;
    }
  nl_project_clear (&project);
  return status;
}

static double
seconds_on (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static double
seconds_now (void)
{
  return seconds_on (CLOCK_MONOTONIC);
}

static int
run_bench (int    argc,
           char **argv)
{
  size_t sizes[NL_MAX_LAYERS];
  size_t n_layers;
  unsigned long n_rows, epochs, seed, batch = 1;
  NlOptimizer optimizer = NL_OPTIMIZER_SGD;
  char *positional[4];
  int n_positional = 0;
  NlError error = { 0 };
  NlMatrix data = { 0 };
  NlTrainOptions options;
  NlEvaluation eval;
  NlNet *net = NULL;
  NlSgd *sgd = NULL;
  NlWork *work = NULL;
  NlRng rng;
  double start, elapsed, cpu_start, cpu;
  int status = EXIT_FAILURE;

  for (int i = 0; i < argc; i++)
    if (is_help (argv[i]))
      return print_help (bench_usage_text);
  for (int i = 0; i < argc; i++)
    {
      if (strcmp (argv[i], "--batch") == 0 || strcmp (argv[i], "--optimizer") == 0)
        {
          const char *value = i + 1 < argc ? argv[i + 1] : NULL;

          if (value == NULL)
            return fail_usage (_("%s needs a value"), argv[i]);
          if (strcmp (argv[i], "--batch") == 0
              && (!parse_ulong (value, &batch) || batch == 0 || batch > 1000000))
            return fail_usage (_("--batch must be a whole number from 1 to 1000000, not “%s”"),
                               value);
          if (strcmp (argv[i], "--optimizer") == 0 && !nl_optimizer_from_name (value, &optimizer))
            return fail_usage (_("--optimizer must be sgd, momentum or adam, not “%s”"), value);
          i++;
        }
      else if (n_positional < 4 && !(argv[i][0] == '-' && argv[i][1] == '-'))
        positional[n_positional++] = argv[i];
      else
        return fail_usage ("%s", _("bench takes LAYERS N EPOCHS SEED [--batch N] [--optimizer NAME]"));
    }
  if (n_positional != 4)
    return fail_usage ("%s", _("bench takes LAYERS N EPOCHS SEED [--batch N] [--optimizer NAME]"));
  n_layers = parse_size_list (positional[0], sizes, NL_MAX_LAYERS);
  if (n_layers < 2)
    return fail_usage (_("LAYERS must be sizes such as 2,16,16,1, not “%s”"), positional[0]);
  if (!parse_ulong (positional[1], &n_rows) || n_rows == 0)
    return fail_usage (_("N must be a positive whole number, not “%s”"), positional[1]);
  if (!parse_ulong (positional[2], &epochs) || epochs == 0)
    return fail_usage (_("EPOCHS must be a positive whole number, not “%s”"), positional[2]);
  if (!parse_ulong (positional[3], &seed))
    return fail_usage (_("SEED must be a whole number, not “%s”"), positional[3]);

  net = nl_net_new (n_layers, sizes, NULL, &error);
  if (net == NULL || nl_synthetic_matrix (sizes[0], n_rows, seed, &data, &error) != NL_OK)
    {
      fail (error.message);
      goto out;
    }
  nl_rng_seed (&rng, seed);
  nl_net_init (net, NL_INIT_SCALED, &rng);
  nl_train_options_init (&options);
  options.batch_size = batch;
  options.optimizer = optimizer;
  sgd = nl_sgd_new (net, &data, &options, &error);
  work = nl_work_new (net);
  if (sgd == NULL || work == NULL)
    {
      fail (error.message[0] != '\0' ? error.message : _("Out of memory"));
      goto out;
    }

  start = seconds_now ();
  cpu_start = seconds_on (CLOCK_PROCESS_CPUTIME_ID);
  for (unsigned long e = 0; e < epochs; e++)
    if (nl_sgd_epoch (sgd, net, NULL, &error) != NL_OK)
      {
        fail (error.message);
        goto out;
      }
  elapsed = seconds_now () - start;
  cpu = seconds_on (CLOCK_PROCESS_CPUTIME_ID) - cpu_start;

  /* The samples a second of the CPU time too: on a shared machine the wall
   * clock counts other programs' turns. */
  nl_evaluate (net, work, &data, NL_LOSS_MSE, &eval);
  printf ("impl=neuronlab samples_per_s=%.0f final_mse=%.6f cpu_samples_per_s=%.0f\n",
          (double) n_rows * (double) epochs / elapsed, eval.loss,
          (double) n_rows * (double) epochs / cpu);
  status = EXIT_SUCCESS;

out:
  nl_work_free (work);
  nl_sgd_free (sgd);
  nl_net_free (net);
  nl_matrix_clear (&data);
  return status;
}

static const struct
{
  const char *name;
  int       (*run)   (int    argc,
                      char **argv);
  const char *usage;
} commands[] = {
  { "train", run_train, train_usage_text },
  { "predict", run_predict, predict_usage_text },
  { "export-python", run_export_python, export_python_usage_text },
  { "export-pytorch", run_export_pytorch, export_pytorch_usage_text },
  { "bench", run_bench, bench_usage_text },
};

int
main (int    argc,
      char **argv)
{
  /* Messages follow the user's language; numbers are parsed and printed the
   * same in every locale (printf's %f follows LC_NUMERIC, which stays "C"). */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
#ifdef LOCALEDIR
  {
    /* As the window does: NEURONLAB_LOCALEDIR=<build>/po finds the
     * translations of an uninstalled build. */
    const char *localedir = getenv ("NEURONLAB_LOCALEDIR");

    bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  }
#endif

  if (argc < 2)
    return fail_usage ("%s", _("a command is needed: train, predict, export-python, export-pytorch or bench"));
  if (is_help (argv[1]) || strcmp (argv[1], "help") == 0)
    {
      /* "help train" is "train --help". */
      if (strcmp (argv[1], "help") == 0 && argc > 2)
        {
          for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp (argv[2], commands[i].name) == 0)
              return print_help (commands[i].usage);
          return fail_usage (_("unknown command “%s”"), argv[2]);
        }
      return print_help (usage_text);
    }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        command_name = commands[i].name;
        return commands[i].run (argc - 2, argv + 2);
      }
  return fail_usage (_("unknown command “%s”"), argv[1]);
}
