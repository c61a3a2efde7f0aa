#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-pytorch-export.sh: `neuronlab-cli export-pytorch` writes a PyTorch
# script that predicts what NeuronLab predicts (to 1e-12: probabilities
# absolutely, a regression's numbers relative to their size, as PyTorch adds
# the products in its own order) for two classes, three, and a number to
# predict, and whose training loop, one epoch of per-sample SGD from a saved
# project, gives the weights NeuronLab's next epoch gives (to 1e-12), test
# rows held out as NeuronLab holds them out; and so with momentum, Adam,
# batches, L1 and L2, the optimizer going on from the project's memory. TAP output; exits 77 (skipped)
# when /usr/bin/python3 cannot import torch.
#   test-pytorch-export.sh PATH/TO/neuronlab-cli
set -u
cli=$1
python=/usr/bin/python3

if ! [ -x "$python" ] || ! "$python" -c 'import torch' 2>/dev/null; then
  echo "1..0 # SKIP $python with PyTorch is needed (Debian: python3-torch)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

# COUNT rows of WIDTH comma-separated raw values, drawn with SEED between LO
# and HI, with up to four decimals; the last two rows are far outside the
# range, where the activations saturate.
rows () {
  LC_ALL=C awk -v count="$1" -v width="$2" -v seed="$3" -v lo="$4" -v hi="$5" 'BEGIN {
    srand (seed)
    for (r = 0; r < count; r++)
      {
        line = ""
        for (c = 0; c < width; c++)
          {
            if (r == count - 1) v = sprintf ("%d", (c % 2 ? -1 : 1) * 100000)
            else if (r == count - 2) v = sprintf ("%d", (c % 2 ? 1 : -1) * 100000)
            else v = sprintf ("%.*f", int (rand () * 5), lo + rand () * (hi - lo))
            line = line (c ? "," : "") v
          }
        print line
      }
  }'
}

# The largest difference between two lists of numbers (files of one list
# each, numbers split by spaces or semicolons), relative to max(1, |a|):
# "COUNT_A COUNT_B LARGEST".
compare_numbers () {
  LC_ALL=C awk -F'[ ;]+' '
    FNR == 1 { file++ }
    { for (i = 1; i <= NF; i++) if ($i != "") { if (file == 1) a[na++] = $i; else b[nb++] = $i } }
    END {
      worst = 0
      for (i = 0; i < na && i < nb; i++)
        {
          d = a[i] - b[i]; if (d < 0) d = -d
          m = a[i] < 0 ? -a[i] : a[i]; if (m < 1) m = 1
          if (d / m > worst) worst = d / m
        }
      printf "%d %d %.3g\n", na, nb, worst
    }' "$1" "$2"
}

# Exports PROJECT, and runs the script and `neuronlab-cli predict --exact`
# on the rows in NAME.rows; reports on them as NAME. The probability (or
# number) must agree to 1e-12, relative to max(1, its size), and the class
# must be the same.
check_predictions () {
  local project=$1 name=$2 script="$tmp/$2.py"
  local -a values
  mapfile -t values <"$tmp/$name.rows"

  "$cli" export-pytorch "$project" "$script" 2>"$tmp/err"
  local status=$?
  [ $status = 0 ] && [ -s "$script" ] && grep -q '^import torch$' "$script" \
    && grep -q '^class Network(nn.Module):' "$script" && grep -q '^TRAIN_X = ' "$script"
  ok $? "$name: export-pytorch writes a script (status $status$(head -c 200 "$tmp/err"))"

  "$cli" predict --exact "$project" "${values[@]}" >"$tmp/$name.cli-out" 2>"$tmp/err"
  status=$?
  "$python" "$script" --exact "${values[@]}" >"$tmp/$name.py-out" 2>>"$tmp/err"
  local pstatus=$?
  local report
  report=$(paste -d'\n' "$tmp/$name.cli-out" "$tmp/$name.py-out" | LC_ALL=C awk '
    NR % 2 == 1 { input = $2; a = $3; label = $4; next }
    {
      d = a - $3; if (d < 0) d = -d
      m = a < 0 ? -a : a; if (m < 1) m = 1
      if (d / m > worst) worst = d / m
      if ($2 != input || $4 != label || d / m > 1e-12) bad++
      n++
    }
    END { printf "%d %d %.3g", n, bad, worst }')
  read -r count bad worst <<<"$report"
  [ $status = 0 ] && [ $pstatus = 0 ] && [ "$count" = ${#values[@]} ] && [ "$bad" = 0 ]
  ok $? "$name: $count predictions agree with neuronlab-cli predict to 1e-12 (largest relative difference $worst$(head -c 300 "$tmp/err"))"
}

# The script of project BEFORE (trained E epochs), trained one epoch more
# with --train 1, has the parameters of project AFTER (the same run trained
# E + 1 epochs by neuronlab-cli), and prints the training loss AFTER holds.
check_one_epoch () {
  local before=$1 after=$2 name=$3 script="$tmp/$3-epoch.py" label=${4:-$3}

  "$cli" export-pytorch "$before" "$script" 2>"$tmp/err" \
    && "$python" "$script" --train 1 --parameters >"$tmp/$name.out" 2>>"$tmp/err"
  local status=$?
  sed -n 's/^parameters: //p' "$tmp/$name.out" >"$tmp/$name.script-params"
  sed -n 's/^parameters=//p' "$after" >"$tmp/$name.cli-params"
  local report count_a count_b worst
  report=$(compare_numbers "$tmp/$name.script-params" "$tmp/$name.cli-params")
  read -r count_a count_b worst <<<"$report"
  [ $status = 0 ] && [ "$count_a" -gt 0 ] && [ "$count_a" = "$count_b" ] \
    && LC_ALL=C awk -v w="$worst" 'BEGIN { exit !(w <= 1e-12) }'
  ok $? "$label: one epoch of the script's loop gives NeuronLab's next epoch's $count_a parameters to 1e-12 (largest difference $worst$(head -c 300 "$tmp/err"))"

  # The loss after the epoch, as NeuronLab's history has it (6 decimals).
  local script_loss cli_loss
  script_loss=$(sed -n 's/^Epoch 1 loss: \([0-9.e+-]*\).*/\1/p' "$tmp/$name.out")
  cli_loss=$(sed -n '/^\[History\]/,/^\[/s/^loss=//p' "$after")
  [ -n "$script_loss" ] && [ -n "$cli_loss" ] \
    && LC_ALL=C awk -v a="$script_loss" -v b="$cli_loss" 'BEGIN { d = a - b; exit !(d < 6e-7 && d > -6e-7) }'
  ok $? "$label: the script prints the epoch's loss, $script_loss, as NeuronLab's $cli_loss"
}

echo "1..34"

# The tutorial: 2-2-1, sigmoid, shifted by 135 lb and 66 in, MSE.
"$cli" train --epochs 40 --save "$tmp/tutorial-40.neuronlab" >/dev/null 2>"$tmp/err" \
  && "$cli" train --epochs 41 --save "$tmp/tutorial-41.neuronlab" >/dev/null 2>>"$tmp/err"
ok $? "train the tutorial 40 and 41 epochs and save both"
rows 30 2 1 50 250 >"$tmp/tutorial.rows"
check_predictions "$tmp/tutorial-40.neuronlab" tutorial
check_one_epoch "$tmp/tutorial-40.neuronlab" "$tmp/tutorial-41.neuronlab" tutorial

# Three inputs, standardised, hidden layers of tanh, a quarter of the rows
# held out: the script trains on the rows NeuronLab trains on and reports
# the test loss.
LC_ALL=C awk 'BEGIN {
  srand (3)
  print "Name,Größe \"cm\",Age,Score\\x,Label"
  for (i = 0; i < 40; i++)
    {
      g = 150 + rand () * 50; a = 18 + rand () * 60; s = rand () * 10
      printf "\"p%d\",%.1f,%d,%.2f,%s\n", i, g, a, s, (g / 10 + s - a / 8 > 17 ? "yes" : "no")
    }
}' >"$tmp/three.csv"
for e in 30 31; do
  "$cli" train "$tmp/three.csv" --hidden 4,3 --activation tanh --seed 5 --epochs $e \
    --test-percent 25 --save "$tmp/three-$e.neuronlab" >/dev/null 2>"$tmp/err" || break
done
ok $? "train a three-input table, 25% held out, with hidden layers 4,3 of tanh"
rows 30 3 2 -20 220 >"$tmp/three.rows"
check_predictions "$tmp/three-30.neuronlab" three
check_one_epoch "$tmp/three-30.neuronlab" "$tmp/three-31.neuronlab" three
held_out=$(grep -c '^    \[' <(sed -n '/^TEST_X = /,/^]/p' "$tmp/three.py"))
trained=$(grep -c '^    \[' <(sed -n '/^TRAIN_X = /,/^]/p' "$tmp/three.py"))
[ "$held_out" = 10 ] && [ "$trained" = 30 ] && grep -q ' test loss: ' "$tmp/three.out"
ok $? "three: the script holds $trained training rows and $held_out test rows, and reports the test loss"

# Three classes into a softmax, trained with cross-entropy (F.cross_entropy).
LC_ALL=C awk 'BEGIN {
  srand (13)
  print "w,x,y,z,kind"
  split ("alpha beta gamma", name, " ")
  for (r = 0; r < 90; r++)
    {
      k = r % 3 + 1
      printf "%.3f,%.3f,%.3f,%.3f,%s\n", k * 3 + rand () * 2, rand () * 5, (4 - k) * 2 + rand (),
        rand () * 10 - 5, name[k]
    }
}' >"$tmp/kinds.csv"
for e in 20 21; do
  "$cli" train "$tmp/kinds.csv" --label kind --hidden "6 relu" --lr 0.05 --seed 17 --epochs $e \
    --save "$tmp/kinds-$e.neuronlab" >/dev/null 2>"$tmp/err" || break
done
status=$?
[ $status = 0 ] && grep -qx 'output-activation=softmax' "$tmp/kinds-20.neuronlab" \
  && grep -qx 'loss=bce' "$tmp/kinds-20.neuronlab"
ok $? "train three classes into a softmax with cross-entropy (status $status)"
rows 30 4 4 -5 15 >"$tmp/kinds.rows"
check_predictions "$tmp/kinds-20.neuronlab" kinds
check_one_epoch "$tmp/kinds-20.neuronlab" "$tmp/kinds-21.neuronlab" kinds

# A number to predict, a price about 200000, through tanh and sigmoid into a
# linear output.
LC_ALL=C awk 'BEGIN {
  srand (19)
  print "rooms,age,price"
  for (r = 0; r < 60; r++)
    {
      rooms = 1 + int (rand () * 6); age = rand () * 80
      printf "%d,%.1f,%.2f\n", rooms, age, 120000 + rooms * 35000 - age * 900 + rand () * 5000
    }
}' >"$tmp/prices.csv"
for e in 20 21; do
  "$cli" train "$tmp/prices.csv" --label price --hidden "4 tanh, 3 sigmoid" --seed 23 --epochs $e \
    --save "$tmp/prices-$e.neuronlab" >/dev/null 2>"$tmp/err" || break
done
status=$?
[ $status = 0 ] && grep -qx 'output-activation=linear' "$tmp/prices-20.neuronlab"
ok $? "train a regression of prices (status $status)"
rows 30 2 5 0 90 >"$tmp/prices.rows"
check_predictions "$tmp/prices-20.neuronlab" prices
check_one_epoch "$tmp/prices-20.neuronlab" "$tmp/prices-21.neuronlab" prices

# The other ways to learn, from a project that keeps the optimizer's memory:
# the script's torch.optim optimizer takes it, and one epoch goes on as
# NeuronLab's next epoch does.
for setting in "momentum 1 0 0" "adam 2 0 0.01" "adam 1 0.002 0" "sgd 3 0.01 0.02"; do
  read -r optimizer batch l1 l2 <<<"$setting"
  name="$optimizer-$batch"
  for e in 20 21; do
    "$cli" train --epochs $e --optimizer "$optimizer" --batch "$batch" --l1 "$l1" --l2 "$l2" \
      --save "$tmp/$name-$e.neuronlab" >/dev/null 2>"$tmp/err" || break
  done
  check_one_epoch "$tmp/$name-20.neuronlab" "$tmp/$name-21.neuronlab" "$name" \
    "$optimizer, batch $batch, L1 $l1, L2 $l2"
done
grep -qx 'OPTIMIZER = "sgd" *#.*' "$tmp/sgd-3-epoch.py" \
  && grep -qx 'BATCH_SIZE = 3 *#.*' "$tmp/sgd-3-epoch.py" \
  && grep -qx 'L1 = 0.01 *#.*' "$tmp/sgd-3-epoch.py" \
  && grep -qx 'L2 = 0.02' "$tmp/sgd-3-epoch.py" \
  && grep -q 'torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(BETA1, BETA2),' \
       "$tmp/adam-2-epoch.py" \
  && grep -q 'momentum=MOMENTUM' "$tmp/momentum-1-epoch.py" \
  && grep -qx 'STEPS = 40' "$tmp/adam-2-epoch.py"
ok $? "the scripts state the optimizer, batch size, L1 and L2, and Adam's memory after 40 steps"

# Shuffled: the script draws its own orders, and trains.
"$cli" train --epochs 5 --shuffle --save "$tmp/shuffled.neuronlab" >/dev/null 2>"$tmp/err" \
  && "$cli" export-pytorch "$tmp/shuffled.neuronlab" "$tmp/shuffled.py" 2>>"$tmp/err" \
  && "$python" "$tmp/shuffled.py" --train 3 >"$tmp/out" 2>>"$tmp/err"
status=$?
[ $status = 0 ] && grep -qx 'SHUFFLE = True *# .*' "$tmp/shuffled.py" \
  && [ "$(grep -c '^Epoch [123] loss: 0\.[0-9]*$' "$tmp/out")" = 3 ]
ok $? "a shuffled run's script trains 3 epochs in orders of its own (status $status)"

# What goes wrong says so.
"$cli" export-pytorch "$tmp/missing.neuronlab" "$tmp/x.py" >/dev/null 2>"$tmp/err"
status=$?
[ $status = 1 ] && grep -q 'missing.neuronlab' "$tmp/err" && ! [ -e "$tmp/x.py" ]
ok $? "export-pytorch of a missing project fails with status 1 and names it: $(head -1 "$tmp/err")"
"$cli" export-pytorch "$tmp/tutorial-40.neuronlab" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q 'export-pytorch' "$tmp/err"
ok $? "export-pytorch without the script's name is a usage error: $(head -1 "$tmp/err")"
"$python" "$tmp/tutorial.py" --train many >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q -- '--train takes a whole number' "$tmp/err"
ok $? "the script's --train with no number says so: $(head -1 "$tmp/err")"

exit $failed
