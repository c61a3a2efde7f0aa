#!/usr/bin/env bash
# test-cli.sh: neuronlab-cli as a person uses it in a terminal. TAP output.
#   test-cli.sh PATH/TO/neuronlab-cli
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

echo "1..17"

# The tutorial's run: a loss line every 10 epochs, as its program prints them,
# then accuracy and the two predictions.
"$cli" train --predict 128,63 --predict 155,68 >"$tmp/out" 2>"$tmp/err"
status=$?
ok $status "train on the tutorial's table exits 0"
lines=$(grep -c '^Epoch [0-9]* loss: [0-9]\.[0-9][0-9][0-9]$' "$tmp/out")
first=$(grep -m1 '^Epoch' "$tmp/out" | cut -d' ' -f2)
last=$(grep '^Epoch' "$tmp/out" | tail -1 | cut -d' ' -f2)
[ "$lines" = 100 ] && [ "$first" = 0 ] && [ "$last" = 990 ]
ok $? "prints 'Epoch %d loss: %.3f' for epochs 0, 10, ..., 990 (got $lines lines, $first..$last)"
final=$(grep '^Epoch 990' "$tmp/out" | cut -d' ' -f4)
awk -v l="$final" 'BEGIN { exit !(l < 0.01) }'
ok $? "the loss falls below 0.01 (epoch 990: $final)"
grep -q '^accuracy: 1\.000$' "$tmp/out"
ok $? "accuracy on the training rows is 1.000"
grep -Eq '^predict 128,63: 0\.9[0-9][0-9] Female$' "$tmp/out"
ok $? "Emily (128, 63) is Female: $(grep 'predict 128' "$tmp/out")"
grep -Eq '^predict 155,68: 0\.0[0-9][0-9] Male$' "$tmp/out"
ok $? "Frank (155, 68) is Male: $(grep 'predict 155' "$tmp/out")"

# Same seed, same run; the output does not follow the locale's decimal comma.
LC_ALL=de_DE.UTF-8 "$cli" train --predict 128,63 --predict 155,68 >"$tmp/out2" 2>/dev/null
cmp -s "$tmp/out" "$tmp/out2"
ok $? "a second run, under a comma-decimal locale, prints the very same text"

# Bad input: a one-line reason and exit status 1 or 2, never a crash.
"$cli" train --lr abc >/dev/null 2>"$tmp/err"
status=$?
[ $status = 2 ] && grep -q -- '--lr takes a positive number, not “abc”' "$tmp/err"
ok $? "a learning rate of 'abc' is a usage error (status $status)"
head -c 512 /dev/urandom >"$tmp/garbage.csv"
"$cli" train "$tmp/garbage.csv" >/dev/null 2>"$tmp/err"
status=$?
[ $status = 1 ] && grep -q 'does not look like a CSV file' "$tmp/err"
ok $? "a binary file is refused with a reason (status $status: $(head -1 "$tmp/err"))"
"$cli" train --lr 1000 >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 1 ] && grep -q 'diverged' "$tmp/err" && ! grep -qi 'nan' "$tmp/out"
ok $? "learning rate 1000 is reported as divergence, not printed as NaN (status $status)"

# Projects: train --save writes one, and predict from it prints the very line
# train --predict printed, in any locale.
"$cli" train --predict 128,63 --predict 155,68 --save "$tmp/tutorial.neuronlab" >"$tmp/out" 2>"$tmp/err"
status=$?
grep '^predict ' "$tmp/out" >"$tmp/trained"
LC_ALL=de_DE.UTF-8 "$cli" predict "$tmp/tutorial.neuronlab" 128,63 155,68 >"$tmp/predicted" 2>"$tmp/err"
pstatus=$?
[ $status = 0 ] && [ $pstatus = 0 ] && [ -s "$tmp/trained" ] && cmp -s "$tmp/trained" "$tmp/predicted"
ok $? "predict from a saved project prints what train --predict printed: $(tr '\n' ' ' <"$tmp/predicted")"
data=$(dirname "$0")/data/people.csv
"$cli" train "$data" --hidden 4,3 --activation tanh --shuffle --seed 7 --epochs 50 \
  --predict 128,63 --predict 155,68 --save "$tmp/people.neuronlab" >"$tmp/out" 2>/dev/null
status=$?
grep '^predict ' "$tmp/out" >"$tmp/trained"
"$cli" predict "$tmp/people.neuronlab" 128,63 155,68 >"$tmp/predicted" 2>"$tmp/err"
pstatus=$?
[ $status = 0 ] && [ $pstatus = 0 ] && [ -s "$tmp/trained" ] && cmp -s "$tmp/trained" "$tmp/predicted"
ok $? "the same for a standardised CSV table, two hidden layers, tanh and shuffling"
# The command line holds out no test rows and has no stop condition; a test
# set made later is split by the seed.
grep -qx 'test-percent=0' "$tmp/people.neuronlab" && grep -qx 'split-seed=7' "$tmp/people.neuronlab" \
  && grep -qx 'target-loss=0' "$tmp/people.neuronlab" \
  && grep -qx 'early-stopping=false' "$tmp/people.neuronlab" \
  && grep -qx 'test-loss=nan' "$tmp/people.neuronlab" && ! grep -q '^test-losses=' "$tmp/people.neuronlab"
ok $? "a saved project has no test set, no stop condition and the split seed of --seed"

# A damaged project is refused with where and why, never a crash.
sed 's/^parameters=[^;]*;/parameters=/' "$tmp/tutorial.neuronlab" >"$tmp/damaged.neuronlab"
"$cli" predict "$tmp/damaged.neuronlab" 128,63 >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 1 ] && [ ! -s "$tmp/out" ] \
  && grep -q 'Line [0-9]*: “parameters” has 8 values but the network has 9 parameters' "$tmp/err"
ok $? "a project with a parameter missing is refused (status $status: $(head -1 "$tmp/err"))"
sed 's/^version=1$/version=2/' "$tmp/tutorial.neuronlab" >"$tmp/newer.neuronlab"
"$cli" predict "$tmp/newer.neuronlab" 128,63 >/dev/null 2>"$tmp/err"
status=$?
head -c 300 "$tmp/tutorial.neuronlab" >"$tmp/cut.neuronlab"
"$cli" predict "$tmp/cut.neuronlab" 128,63 >/dev/null 2>"$tmp/err2"
status2=$?
[ $status = 1 ] && grep -q 'made by a newer version of NeuronLab' "$tmp/err" \
  && [ $status2 = 1 ] && grep -q 'Line [0-9]*: ' "$tmp/err2"
ok $? "a newer format and a truncated file are refused (status $status, $status2: $(head -1 "$tmp/err2"))"

# CSV as people have it: a line too long is named and left out, so the run
# is the very run of the file without it; a label with "NA" has two classes.
printf 'Name,Weight,Height,Gender\nA,133,65,F\nB,160,72,M\nSmith, John,150,70,M\nD,120,60,F\n' \
  >"$tmp/long.csv"
printf 'Name,Weight,Height,Gender\nA,133,65,F\nB,160,72,M\nD,120,60,F\n' >"$tmp/short.csv"
"$cli" train "$tmp/long.csv" --epochs 50 >"$tmp/out" 2>"$tmp/err"
status=$?
"$cli" train "$tmp/short.csv" --epochs 50 >"$tmp/out2" 2>/dev/null
[ $status = 0 ] && cmp -s "$tmp/out" "$tmp/out2" \
  && grep -q 'Line 4 has 5 fields, the header 4.*(row left out)' "$tmp/err"
ok $? "a line with a field too many is left out of training (status $status: $(head -1 "$tmp/err"))"
printf 'mass,flipper,sex\n3750,181,MALE\n3800,186,FEMALE\n3250,195,NA\n3450,193,FEMALE\n3650,190,MALE\n' \
  >"$tmp/penguins.csv"
"$cli" train "$tmp/penguins.csv" --inputs mass,flipper --label sex --epochs 10 >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 0 ] && grep -q 'Line 4, column 3 (sex): the value is missing (row left out)' "$tmp/err"
ok $? "\"NA\" in the label is a missing value, not a third class (status $status: $(tail -1 "$tmp/err"))"

exit $failed
