#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-optimizers.sh: neuronlab-cli train's ways to learn: --batch,
# --optimizer with --momentum, --beta1, --beta2 and --epsilon, --l1 and
# --l2. Adam and momentum get the tutorial's table further than SGD in the
# same epochs; a batch of the whole table is one step an epoch whatever N
# says beyond it; L2 keeps the weights small; --save keeps the settings; a
# run is the same twice from the same seed; a bad value is refused before
# training, naming its option.
# (test-python-export.sh checks the update rule itself against the NumPy
# script's train().) TAP output.
#   test-cli-optimizers.sh PATH/TO/neuronlab-cli
set -u
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

# A saved project's values of KEY in GROUP.
value_of () {
  sed -n "/^\[$2\]/,/^\[/s/^$3=//p" "$1"
}

# The sum of the squares of the project's weights (not its biases: the
# last N_BIASES parameters).
sum_of_squares () {
  value_of "$1" Network parameters | tr ';' '\n' | grep . | head -n -"$2" \
    | LC_ALL=C awk '{ s += $1 * $1 } END { printf "%.17g\n", s }'
}

# Whether number A is below number B.
below () {
  LC_ALL=C awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

echo "1..22"

"$cli" train --help >"$tmp/help" 2>&1
missing=""
for option in --batch --optimizer --momentum --beta1 --beta2 --epsilon --l1 --l2; do
  grep -q -- "^  $option\|, $option " "$tmp/help" || missing="$missing $option"
done
[ -z "$missing" ] && grep -q 'sgd|momentum|adam' "$tmp/help"
ok $? "train --help documents the ways to learn${missing:+ (missing:$missing)}"
width=$(LC_ALL=C.UTF-8 wc -L <"$tmp/help")
[ "$width" -le 80 ]
ok $? "train --help stays within 80 columns ($width)"

# The same 20 epochs of the tutorial's table with each optimizer.
for optimizer in sgd momentum adam; do
  "$cli" train --epochs 20 --optimizer "$optimizer" --save "$tmp/$optimizer.neuronlab" \
    >"$tmp/$optimizer.out" 2>"$tmp/err"
  ok $? "train --optimizer $optimizer for 20 epochs$(head -c 200 "$tmp/err")"
done
sgd=$(value_of "$tmp/sgd.neuronlab" History loss)
momentum=$(value_of "$tmp/momentum.neuronlab" History loss)
adam=$(value_of "$tmp/adam.neuronlab" History loss)
below "$adam" "$sgd" && below "$(LC_ALL=C awk -v a="$adam" 'BEGIN { print a * 2 }')" "$sgd"
ok $? "Adam's loss after 20 epochs, $adam, is less than half of SGD's, $sgd"
below "$momentum" "$sgd"
ok $? "momentum's loss after 20 epochs, $momentum, is below SGD's, $sgd"

# Batches: 4 rows a step on the table of 4 is the whole table, as is any
# larger batch; one row a step is not.
for batch in 1 4 1000; do
  "$cli" train --epochs 30 --batch "$batch" --save "$tmp/batch-$batch.neuronlab" \
    >"$tmp/batch-$batch.out" 2>"$tmp/err" || break
done
ok $? "train with batches of 1, 4 and 1000 rows$(head -c 200 "$tmp/err")"
[ -n "$(value_of "$tmp/batch-4.neuronlab" Network parameters)" ] \
  && [ "$(value_of "$tmp/batch-4.neuronlab" Network parameters)" = \
       "$(value_of "$tmp/batch-1000.neuronlab" Network parameters)" ] \
  && cmp -s "$tmp/batch-4.out" "$tmp/batch-1000.out"
ok $? "--batch 4 on the 4-row table is full-batch: the parameters and output of --batch 1000"
[ "$(value_of "$tmp/batch-1.neuronlab" Network parameters)" != \
  "$(value_of "$tmp/batch-4.neuronlab" Network parameters)" ]
ok $? "--batch 1 (per-sample steps) trains another way than the whole table"
# Four steps an epoch against one: per-sample SGD gets further in 30 epochs.
below "$(value_of "$tmp/batch-1.neuronlab" History loss)" "$(value_of "$tmp/batch-4.neuronlab" History loss)"
ok $? "per-sample steps get further in 30 epochs than one full-batch step an epoch"

# L2 keeps the weights small (the 2-2-1 network has 3 biases).
"$cli" train --epochs 300 --l2 0.05 --save "$tmp/l2.neuronlab" >/dev/null 2>"$tmp/err" \
  && "$cli" train --epochs 300 --save "$tmp/plain.neuronlab" >/dev/null 2>>"$tmp/err"
ok $? "train 300 epochs with --l2 0.05 and without$(head -c 200 "$tmp/err")"
l2_sum=$(sum_of_squares "$tmp/l2.neuronlab" 3)
plain_sum=$(sum_of_squares "$tmp/plain.neuronlab" 3)
below "$l2_sum" "$plain_sum"
ok $? "with L2 the weights' sum of squares, $l2_sum, is below that without, $plain_sum"

# --save keeps the settings (and the optimizer's memory) in the project.
"$cli" train --epochs 5 --optimizer adam --batch 3 --beta1 0.8 --beta2 0.99 --epsilon 1e-6 \
  --l1 0.001 --l2 0.002 --save "$tmp/kept.neuronlab" >/dev/null 2>"$tmp/err"
status=$?
[ $status = 0 ] && [ "$(value_of "$tmp/kept.neuronlab" Training optimizer)" = adam ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Training batch-size)" = 3 ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Training beta1)" = 0.8 ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Training beta2)" = 0.99 ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Training epsilon)" = 1e-06 ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Training l1)" = 0.001 ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Training l2)" = 0.002 ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Optimizer steps)" = 10 ]
ok $? "--save keeps the optimizer, its settings, the batch size, L1, L2 and the optimizer's 10 steps (status $status)"
"$cli" train --epochs 5 --optimizer momentum --momentum 0.5 --save "$tmp/kept.neuronlab" \
  >/dev/null 2>"$tmp/err"
[ "$(value_of "$tmp/kept.neuronlab" Training optimizer)" = momentum ] \
  && [ "$(value_of "$tmp/kept.neuronlab" Training momentum)" = 0.5 ]
ok $? "--save keeps momentum and its coefficient"

# The same seed, the same run, bit for bit: Adam, batches, shuffled.
for i in 1 2; do
  "$cli" train --epochs 50 --optimizer adam --batch 3 --shuffle --seed 7 --predict 128,63 \
    --save "$tmp/again-$i.neuronlab" >"$tmp/again-$i.out" 2>"$tmp/err" || break
done
status=$?
[ $status = 0 ] && cmp -s "$tmp/again-1.out" "$tmp/again-2.out" \
  && [ "$(value_of "$tmp/again-1.neuronlab" Network parameters)" = \
       "$(value_of "$tmp/again-2.neuronlab" Network parameters)" ]
ok $? "train --optimizer adam --batch 3 --shuffle --seed 7 twice: the same output and parameters"

# Bad values: status 2, a message naming the option and the value, nothing
# trained.
check_refused () {
  local what=$1
  shift
  "$cli" train --epochs 5 "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  [ $status = 2 ] && grep -q -- "$1" "$tmp/err" && grep -q -- "$2" "$tmp/err" \
    && ! grep -q '^Epoch' "$tmp/out"
  ok $? "$what is refused (status $status): $(head -1 "$tmp/err")"
}
check_refused "--optimizer foo" --optimizer foo
check_refused "--batch 0" --batch 0
check_refused "--momentum 1.5" --momentum 1.5
check_refused "--beta2 1" --beta2 1
check_refused "--epsilon 0" --epsilon 0
check_refused "--l1 -0.1" --l1 -0.1

exit $failed
