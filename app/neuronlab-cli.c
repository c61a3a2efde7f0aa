/* neuronlab-cli: the tutorial in a terminal, scripted experiments and the
 * core's benchmark, on the plain C core alone.
 *
 *   neuronlab-cli train [FILE.csv] [options] [--save PROJECT.neuronlab]
 *   neuronlab-cli predict [--exact] PROJECT.neuronlab V1,V2 [V1,V2 ...]
 *   neuronlab-cli export-python PROJECT.neuronlab OUT.py
 *   neuronlab-cli bench LAYERS N EPOCHS SEED
 *
 * Exit status: 0 on success, 1 when the data or the training fails, 2 when
 * the command line is wrong.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nl-csv.h"
#include "nl-dataset.h"
#include "nl-i18n.h"
#include "nl-net.h"
#include "nl-project.h"
#include "nl-python.h"
#include "nl-synthetic.h"
#include "nl-train.h"

#define EXIT_USAGE 2
#define MAX_PREDICT 64

static const char *usage_text =
  N_("Usage:\n"
     "  neuronlab-cli train [FILE.csv] [--inputs A,B] [--label COLUMN] [--epochs N]\n"
     "                [--lr X] [--hidden N[,N...]] [--activation sigmoid|tanh|relu|linear]\n"
     "                [--loss mse|bce] [--seed N] [--shuffle]\n"
     "                [--normalize none|shift|standardize] [--predict V1,V2 ...]\n"
     "                [--save PROJECT.neuronlab]\n"
     "  neuronlab-cli predict [--exact] PROJECT.neuronlab V1,V2 [V1,V2 ...]\n"
     "  neuronlab-cli export-python PROJECT.neuronlab OUT.py\n"
     "  neuronlab-cli bench LAYERS N EPOCHS SEED   (e.g. 2,16,16,1 10000 20 42)\n");

typedef struct
{
  const char  *file;
  const char  *inputs;
  const char  *label;
  long         epochs;
  double       learning_rate;
  size_t       hidden[NL_MAX_LAYERS];
  size_t       n_hidden;
  NlActivation activation;
  NlLoss       loss;
  uint64_t     seed;
  int          shuffle;
  int          normalize_set;
  NlNormalize  normalize;
  const char  *predict[MAX_PREDICT];
  size_t       n_predict;
  const char  *save;
} TrainArgs;

static int fail_usage (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

/* Prints the reason and the usage; returns the exit status for bad usage. */
static int
fail_usage (const char *format,
            ...)
{
  va_list args;

  fprintf (stderr, "neuronlab-cli: ");
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fprintf (stderr, "\n%s", _(usage_text));
  return EXIT_USAGE;
}

static int
fail (const char *message)
{
  fprintf (stderr, "neuronlab-cli: %s\n", message);
  return EXIT_FAILURE;
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

static int
parse_train_args (int        argc,
                  char     **argv,
                  TrainArgs *args)
{
  args->epochs = 1000;
  args->learning_rate = 0.1;
  args->hidden[0] = 2;
  args->n_hidden = 1;
  args->activation = NL_ACTIVATION_SIGMOID;
  args->loss = NL_LOSS_MSE;
  args->seed = 1;

  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;
      unsigned long n;

#define NEED_VALUE() \
      do { if (value == NULL) return fail_usage (_("%s needs a value"), arg); i++; } while (0)

      if (strcmp (arg, "--shuffle") == 0)
        args->shuffle = 1;
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
          if (strcmp (value, "0") == 0 || strcmp (value, "none") == 0)
            args->n_hidden = 0;
          else if ((args->n_hidden = parse_size_list (value, args->hidden,
                                                      NL_MAX_LAYERS - 2)) == 0)
            return fail_usage (_("--hidden takes neuron counts such as 2 or 16,16, not “%s”"),
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
          args->save = value;
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        return fail_usage (_("unknown option “%s”"), arg);
      else if (args->file == NULL)
        args->file = arg;
      else
        return fail_usage (_("only one data file can be given, “%s” is a second"), arg);
#undef NEED_VALUE
    }

  return 0;
}

/* Makes the named columns the inputs (and no others) and the named column the
 * label. Returns 0, or prints why not and returns 1. */
static int
choose_columns (NlDataset       *ds,
                const TrainArgs *args)
{
  NlError error = { 0 };

  if (args->label != NULL)
    {
      size_t c;

      for (c = 0; c < ds->n_columns; c++)
        if (strcmp (ds->columns[c].name, args->label) == 0)
          break;
      if (c == ds->n_columns)
        {
          fprintf (stderr, _("neuronlab-cli: there is no column “%s” to use as the label\n"),
                   args->label);
          return 1;
        }
      if (nl_dataset_set_label_column (ds, c, &error) != NL_OK)
        return fail (error.message);
    }

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
              return 1;
            }
          if (ds->columns[c].kind != NL_COLUMN_NUMERIC)
            {
              fprintf (stderr, _("neuronlab-cli: column “%s” is not numeric and cannot be an input\n"),
                       ds->columns[c].name);
              return 1;
            }
          nl_dataset_set_input (ds, c, 1);
          if (comma == NULL)
            break;
          p = comma + 1;
        }
    }

  return 0;
}

/* Parses "V1,V2" (raw values, one per input) and normalises them as the
 * table's inputs are; @what names the option or command in messages.
 * Returns 0, or prints why not and returns 1. */
static int
parse_prediction (const NlDataset *ds,
                  const char      *what,
                  const char      *text,
                  double          *x)
{
  size_t n_inputs = nl_dataset_n_inputs (ds);
  const char *p = text;

  for (size_t i = 0; i < n_inputs; i++)
    {
      const char *comma = strchr (p, ',');
      size_t len = comma != NULL ? (size_t) (comma - p) : strlen (p);
      size_t column = nl_dataset_input_column (ds, i);
      char buf[128];
      double raw;

      if ((comma == NULL) != (i + 1 == n_inputs) || len >= sizeof buf)
        {
          fprintf (stderr, _("neuronlab-cli: %s “%s” needs %zu comma-separated values, "
                             "one per input\n"), what, text, n_inputs);
          return 1;
        }
      memcpy (buf, p, len);
      buf[len] = '\0';
      if (!parse_double (buf, &raw))
        {
          fprintf (stderr, _("neuronlab-cli: %s “%s”: “%s” is not a number (%s)\n"),
                   what, text, buf, ds->columns[column].name);
          return 1;
        }
      x[i] = nl_dataset_normalize (ds, column, raw);
      p = comma != NULL ? comma + 1 : p + len;
    }

  return 0;
}

static int
run_train (int    argc,
           char **argv)
{
  TrainArgs args = { 0 };
  NlError error = { 0 };
  NlDataset *ds = NULL;
  NlMatrix data = { 0 };
  NlNet *net = NULL;
  NlSgd *sgd = NULL;
  NlTrainOptions options;
  NlEvaluation eval = { 0 };
  NlRng rng;
  size_t sizes[NL_MAX_LAYERS];
  NlActivation activations[NL_MAX_LAYERS];
  size_t n_layers, n_inputs;
  NlWork *work = NULL;
  double *x = NULL;
  double *history = NULL;
  int status;

  if ((status = parse_train_args (argc, argv, &args)) != 0)
    return status;

  status = EXIT_FAILURE;
  if (args.file != NULL)
    {
      ds = nl_csv_read_file (args.file, &error);
      if (ds == NULL)
        {
          fprintf (stderr, "neuronlab-cli: %s: %s\n", args.file, error.message);
          goto out;
        }
      /* Each message names its line and column already; a note on how
       * the file was read leaves no row out. */
      for (size_t i = 0; i < ds->n_problems; i++)
        if (ds->problems[i].kind == NL_PROBLEM_NOTE)
          fprintf (stderr, "neuronlab-cli: %s: %s\n", args.file, ds->problems[i].message);
        else
          fprintf (stderr, _("neuronlab-cli: %s: %s (row left out)\n"),
                   args.file, ds->problems[i].message);
    }
  else
    ds = nl_dataset_new_tutorial ();

  if (choose_columns (ds, &args) != 0)
    goto out;
  /* The tutorial's own table keeps its shift by 135 and 66 unless told
   * otherwise; imported data is standardised by default. */
  if (args.normalize_set)
    {
      if (args.file != NULL || args.normalize != NL_NORMALIZE_SHIFT)
        nl_dataset_set_normalize (ds, args.normalize, NULL);
    }
  else if (args.file != NULL)
    nl_dataset_set_normalize (ds, NL_NORMALIZE_STANDARDIZE, NULL);

  if (nl_dataset_check_trainable (ds, &error) != NL_OK
      || nl_dataset_to_matrix (ds, &data, &error) != NL_OK)
    {
      fail (error.message);
      goto out;
    }

  n_inputs = nl_dataset_n_inputs (ds);
  n_layers = 0;
  sizes[n_layers++] = n_inputs;
  for (size_t i = 0; i < args.n_hidden; i++)
    sizes[n_layers++] = args.hidden[i];
  sizes[n_layers++] = 1;
  for (size_t l = 0; l < n_layers; l++)
    activations[l] = args.activation;

  net = nl_net_new (n_layers, sizes, activations, &error);
  if (net == NULL)
    {
      fail (error.message);
      goto out;
    }
  nl_rng_seed (&rng, args.seed);
  nl_net_init (net, NL_INIT_NORMAL, &rng);
  work = nl_work_new (net);

  nl_train_options_init (&options);
  options.learning_rate = args.learning_rate;
  options.loss = args.loss;
  options.shuffle = args.shuffle;
  options.shuffle_seed = args.seed;
  sgd = nl_sgd_new (net, &data, &options, &error);
  /* A project keeps the loss of every epoch. */
  if (args.save != NULL)
    history = malloc ((args.epochs > 0 ? (size_t) args.epochs : 1) * sizeof *history);
  if (sgd == NULL || work == NULL || (args.save != NULL && history == NULL))
    {
      fail (sgd == NULL ? error.message : _("Out of memory"));
      goto out;
    }

  for (long epoch = 0; epoch < args.epochs; epoch++)
    {
      if (nl_sgd_epoch_evaluate (sgd, net, &eval, &error) != NL_OK)
        {
          fail (error.message);
          goto out;
        }
      if (history != NULL)
        history[epoch] = eval.loss;
      if (epoch % 10 == 0)
        printf ("Epoch %ld loss: %.3f\n", epoch, eval.loss);
    }
  if (args.epochs == 0)
    nl_evaluate (net, work, &data, args.loss, &eval);
  printf ("accuracy: %.3f\n", eval.accuracy);

  x = calloc (n_inputs, sizeof *x);
  if (x == NULL)
    {
      fail (_("Out of memory"));
      goto out;
    }
  for (size_t i = 0; i < args.n_predict; i++)
    {
      const NlColumn *label = &ds->columns[ds->label_column];
      double p;

      if (parse_prediction (ds, "--predict", args.predict[i], x) != 0)
        goto out;
      p = nl_net_predict (net, work, x);
      printf ("predict %s: %.3f %s\n", args.predict[i], p, label->classes[p >= 0.5 ? 1 : 0]);
    }

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
      /* It trains on every row; a test set held out later is split by the seed. */
      project.split_seed = args.seed;
      project.init = NL_INIT_NORMAL;
      project.epoch = (uint64_t) args.epochs;
      project.loss = eval.loss;
      project.accuracy = eval.accuracy;
      project.history = history;
      project.n_history = (size_t) args.epochs;
      if (nl_project_write_file (&project, args.save, &error) != NL_OK)
        {
          fprintf (stderr, "neuronlab-cli: %s: %s\n", args.save, error.message);
          goto out;
        }
    }

  status = EXIT_SUCCESS;

out:
  free (history);
  free (x);
  nl_work_free (work);
  nl_sgd_free (sgd);
  nl_net_free (net);
  nl_matrix_clear (&data);
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
  NlWork *work = NULL;
  double *x = NULL;
  size_t n_inputs;
  int exact = 0;
  int status = EXIT_FAILURE;

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
      fprintf (stderr, "neuronlab-cli: %s: %s\n", argv[0], error.message);
      return EXIT_FAILURE;
    }

  ds = project.dataset;
  n_inputs = nl_dataset_n_inputs (ds);
  label = ds->label_column >= 0 ? &ds->columns[ds->label_column] : NULL;
  if (label == NULL || label->classes[0] == NULL || label->classes[1] == NULL)
    {
      fprintf (stderr, _("neuronlab-cli: %s: the table has no label column with two classes "
                         "to predict\n"), argv[0]);
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
      double p;

      if (parse_prediction (ds, "predict", argv[i], x) != 0)
        goto out;
      p = nl_net_predict (project.net, work, x);
      printf (exact ? "predict %s: %.17g %s\n" : "predict %s: %.3f %s\n",
              argv[i], p, label->classes[p >= 0.5 ? 1 : 0]);
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
  int status = EXIT_SUCCESS;

  if (argc != 2)
    return fail_usage ("%s", _("export-python takes a project file and the script to write"));
  if (nl_project_read_file (argv[0], &project, &error) != NL_OK)
    {
      fprintf (stderr, "neuronlab-cli: %s: %s\n", argv[0], error.message);
      return EXIT_FAILURE;
    }
  if (nl_python_write_file (project.net, project.dataset, argv[1], &error) != NL_OK)
    {
      fprintf (stderr, "neuronlab-cli: %s: %s\n", argv[1], error.message);
      status = EXIT_FAILURE;
    }
  nl_project_clear (&project);
  return status;
}

static double
seconds_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static int
run_bench (int    argc,
           char **argv)
{
  size_t sizes[NL_MAX_LAYERS];
  size_t n_layers;
  unsigned long n_rows, epochs, seed;
  NlError error = { 0 };
  NlMatrix data = { 0 };
  NlTrainOptions options;
  NlEvaluation eval;
  NlNet *net = NULL;
  NlSgd *sgd = NULL;
  NlWork *work = NULL;
  NlRng rng;
  double start, elapsed;
  int status = EXIT_FAILURE;

  if (argc != 4)
    return fail_usage ("%s", _("bench takes LAYERS N EPOCHS SEED"));
  n_layers = parse_size_list (argv[0], sizes, NL_MAX_LAYERS);
  if (n_layers < 2)
    return fail_usage (_("LAYERS must be sizes such as 2,16,16,1, not “%s”"), argv[0]);
  if (!parse_ulong (argv[1], &n_rows) || n_rows == 0)
    return fail_usage (_("N must be a positive whole number, not “%s”"), argv[1]);
  if (!parse_ulong (argv[2], &epochs) || epochs == 0)
    return fail_usage (_("EPOCHS must be a positive whole number, not “%s”"), argv[2]);
  if (!parse_ulong (argv[3], &seed))
    return fail_usage (_("SEED must be a whole number, not “%s”"), argv[3]);

  net = nl_net_new (n_layers, sizes, NULL, &error);
  if (net == NULL || nl_synthetic_matrix (sizes[0], n_rows, seed, &data, &error) != NL_OK)
    {
      fail (error.message);
      goto out;
    }
  nl_rng_seed (&rng, seed);
  nl_net_init (net, NL_INIT_SCALED, &rng);
  nl_train_options_init (&options);
  sgd = nl_sgd_new (net, &data, &options, &error);
  work = nl_work_new (net);
  if (sgd == NULL || work == NULL)
    {
      fail (error.message[0] != '\0' ? error.message : _("Out of memory"));
      goto out;
    }

  start = seconds_now ();
  for (unsigned long e = 0; e < epochs; e++)
    if (nl_sgd_epoch (sgd, net, NULL, &error) != NL_OK)
      {
        fail (error.message);
        goto out;
      }
  elapsed = seconds_now () - start;

  nl_evaluate (net, work, &data, NL_LOSS_MSE, &eval);
  printf ("impl=neuronlab samples_per_s=%.0f final_mse=%.6f\n",
          (double) n_rows * (double) epochs / elapsed, eval.loss);
  status = EXIT_SUCCESS;

out:
  nl_work_free (work);
  nl_sgd_free (sgd);
  nl_net_free (net);
  nl_matrix_clear (&data);
  return status;
}

int
main (int    argc,
      char **argv)
{
  /* Messages follow the user's language; numbers are parsed and printed the
   * same in every locale (printf's %f follows LC_NUMERIC, which stays "C"). */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
#ifdef LOCALEDIR
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
#endif

  if (argc < 2)
    return fail_usage ("%s", _("a command is needed: train, predict, export-python or bench"));
  if (strcmp (argv[1], "train") == 0)
    return run_train (argc - 2, argv + 2);
  if (strcmp (argv[1], "predict") == 0)
    return run_predict (argc - 2, argv + 2);
  if (strcmp (argv[1], "export-python") == 0)
    return run_export_python (argc - 2, argv + 2);
  if (strcmp (argv[1], "bench") == 0)
    return run_bench (argc - 2, argv + 2);
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      printf ("%s", _(usage_text));
      return EXIT_SUCCESS;
    }
  return fail_usage (_("unknown command “%s”"), argv[1]);
}
