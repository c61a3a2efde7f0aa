#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-run.sh: neuronlab-cli train keeps the work of a run that goes
# wrong, and refuses what it cannot use before the run rather than after it.
# TAP output.
#   test-cli-run.sh PATH/TO/neuronlab-cli
set -u
cli=$1
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

skip () {
  n=$((n + 1))
  echo "ok $n # SKIP $1"
}

# How often $1 occurs in file $2.
count () {
  grep -o -F -- "$1" "$2" | wc -l
}

echo "1..18"

# A learning rate that diverges in the first epoch: the network from before
# it (the initial one) is reported, predicts and is saved, and the run says
# so and exits 3.
"$cli" train --lr 1e6 --predict 128,63 --predict 155,68 --save "$tmp/first.neuronlab" \
  >"$tmp/out" 2>"$tmp/err"
status=$?
bounded=$(grep '^predict ' "$tmp/out" | LC_ALL=C awk '$3 >= 0 && $3 <= 1 { n++ } END { print n + 0 }')
[ $status = 3 ] && grep -q '^accuracy: [01]\.[0-9][0-9][0-9]$' "$tmp/out" && [ "$bounded" = 2 ] \
  && ! grep -qi 'nan' "$tmp/out" && grep -q 'Training diverged in epoch 1:' "$tmp/err" \
  && grep -q "before training, and that network was saved to “$tmp/first.neuronlab”" "$tmp/err"
ok $? "a run that diverges in epoch 1 prints its figures and predictions, says where it saved, exits 3 (status $status: $(tail -1 "$tmp/err"))"
grep '^predict ' "$tmp/out" >"$tmp/trained"
"$cli" predict "$tmp/first.neuronlab" 128,63 155,68 >"$tmp/predicted" 2>"$tmp/err"
status=$?
[ $status = 0 ] && [ -s "$tmp/trained" ] && cmp -s "$tmp/trained" "$tmp/predicted" \
  && grep -qx 'epoch=0' "$tmp/first.neuronlab"
ok $? "the saved project holds that network: predict prints what train printed (status $status: $(tr '\n' ' ' <"$tmp/predicted"))"

# A regression whose weights grow every epoch until they overflow: the run
# diverges after many epochs, and keeps the last network before that.
printf 'x,y\n1,2\n2,4\n3,6\n4,8\n5,10\n6,12\n' >"$tmp/line.csv"
"$cli" train "$tmp/line.csv" --label y --hidden 0 --normalize none --lr 0.1 --epochs 100000 \
  --predict 3 --save "$tmp/line.neuronlab" >"$tmp/out" 2>"$tmp/err"
status=$?
at=$(sed -n 's/^neuronlab-cli: Training diverged in epoch \([0-9]*\):.*/\1/p' "$tmp/err")
kept=$((${at:-1} - 1))
[ $status = 3 ] && [ -n "$at" ] && [ "$at" -gt 1 ] && [ -f "$tmp/line.neuronlab" ] \
  && grep -qx "epoch=$kept" "$tmp/line.neuronlab" \
  && [ "$(sed -n 's/^losses=//p' "$tmp/line.neuronlab" | tr ';' '\n' | grep -c .)" = "$kept" ] \
  && grep -q "after epoch $kept, the last before it diverged, and that network was saved to “$tmp/line.neuronlab”" "$tmp/err" \
  && grep -q '^r2: ' "$tmp/out" && grep -q '^predict 3: ' "$tmp/out"
ok $? "a run that diverges in epoch $at saves the network and history of epoch $kept (status $status)"
grep '^predict ' "$tmp/out" >"$tmp/trained"
"$cli" predict "$tmp/line.neuronlab" 3 >"$tmp/predicted" 2>/dev/null
[ -s "$tmp/trained" ] && cmp -s "$tmp/trained" "$tmp/predicted"
ok $? "and predicts with it: $(cat "$tmp/predicted")"
"$cli" train "$tmp/line.csv" --label y --hidden 0 --normalize none --lr 0.1 --epochs 100000 \
  --predict 3 >"$tmp/out2" 2>"$tmp/err"
status=$?
[ $status = 3 ] && cmp -s "$tmp/out" "$tmp/out2" \
  && grep -q "after epoch $kept, the last before it diverged$" "$tmp/err"
ok $? "without --save, the same figures and prediction, and the same exit status 3 (status $status)"

# What cannot be used is refused before training: no epoch is printed.
mkdir "$tmp/folder"
mkfifo "$tmp/pipe.neuronlab"
printf 'x\n' >"$tmp/plain"
bad=0
while IFS='|' read -r path says; do
  "$cli" train --save "$path" >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ $status != 1 ] || [ -s "$tmp/out" ] || ! grep -qF -- "neuronlab-cli: --save “$path”$says" "$tmp/err"
  then
    echo "# --save '$path': status $status, $(head -1 "$tmp/out") $(head -1 "$tmp/err")"
    bad=1
  fi
done <<END
$tmp/missing/p.neuronlab|: the folder “$tmp/missing” does not exist
$tmp/folder| is a folder; give the name of the project file to write in it
$tmp/pipe.neuronlab| is not a regular file (a device, a pipe or a socket)
$tmp/plain/p.neuronlab|: “$tmp/plain” is not a folder
END
ok $bad "--save to a missing folder, a folder, a pipe or under a file is refused before training, with where and why"
[ ! -e "$tmp/missing" ] && [ -p "$tmp/pipe.neuronlab" ] && [ "$(cat "$tmp/plain")" = x ] \
  && [ -z "$(ls -A "$tmp/folder")" ]
ok $? "and nothing is written there"
if [ "$(id -u)" = 0 ]; then
  skip "a folder without write permission (root writes anywhere)"
else
  mkdir "$tmp/locked"
  chmod 555 "$tmp/locked"
  "$cli" train --save "$tmp/locked/p.neuronlab" >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ $status = 1 ] && [ ! -s "$tmp/out" ] \
    && grep -qF "--save “$tmp/locked/p.neuronlab”: cannot write in the folder “$tmp/locked”" "$tmp/err"
  ok $? "--save in a folder without write permission is refused before training (status $status: $(head -1 "$tmp/err"))"
fi

"$cli" train --predict 128,63,1 --predict 155,68 >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 2 ] && [ ! -s "$tmp/out" ] \
  && grep -qx 'neuronlab-cli: --predict “128,63,1”: give one value per input, in this order: Weight (lb), Height (in)' "$tmp/err"
ok $? "--predict with a value too many is refused before training, naming the inputs (status $status: $(head -1 "$tmp/err"))"
"$cli" train --predict 128,63 --predict 155,tall >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 2 ] && [ ! -s "$tmp/out" ] \
  && grep -qx 'neuronlab-cli: --predict “155,tall”: “tall” is not a number (Height (in))' "$tmp/err"
ok $? "--predict with a word is refused before training, naming the column (status $status: $(head -1 "$tmp/err"))"

# --predict follows --inputs: the same network (inputs in the table's order)
# gives the same answer for the same person, whichever order --inputs names.
data=$(dirname "$0")/data/people.csv
"$cli" train "$data" --epochs 200 --predict 128,63 --predict 155,68 >"$tmp/table" 2>/dev/null
"$cli" train "$data" --epochs 200 --inputs "Height (in),Weight (lb)" --predict 63,128 \
  --predict 68,155 --save "$tmp/swapped.neuronlab" >"$tmp/swapped" 2>/dev/null
status=$?
a=$(grep '^predict ' "$tmp/table" | cut -d' ' -f3- | tr '\n' ' ')
b=$(grep '^predict ' "$tmp/swapped" | cut -d' ' -f3- | tr '\n' ' ')
[ $status = 0 ] && [ -n "$a" ] && [ "$a" = "$b" ] && grep -q '^predict 63,128: ' "$tmp/swapped"
ok $? "--inputs 'Height (in),Weight (lb)' --predict 63,128 answers as --predict 128,63 does ($a / $b)"
"$cli" train "$data" --inputs "Height (in),Weight (lb)" --predict 63 >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 2 ] && grep -q 'in this order: Height (in), Weight (lb)$' "$tmp/err"
ok $? "a --predict that does not fit names the inputs in --inputs' order (status $status: $(head -1 "$tmp/err"))"
"$cli" train "$data" --inputs "Height (in),Height (in)" >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 1 ] && [ ! -s "$tmp/out" ] && grep -q '^neuronlab-cli: --inputs names column “Height (in)” twice$' "$tmp/err"
ok $? "--inputs naming a column twice is refused (status $status: $(head -1 "$tmp/err"))"
"$cli" train "$data" --inputs Weight,Height >"$tmp/out" 2>"$tmp/err"
status=$?
"$cli" train "$data" --label Sex >"$tmp/out2" 2>"$tmp/err2"
status2=$?
names='^neuronlab-cli: the table.s columns are: “Name”, “Weight (lb)”, “Height (in)”, “Gender”$'
[ $status = 1 ] && [ ! -s "$tmp/out" ] && grep -q '“Weight” to use as an input' "$tmp/err" \
  && grep -q "$names" "$tmp/err" \
  && [ $status2 = 1 ] && grep -q '“Sex” to use as the label' "$tmp/err2" && grep -q "$names" "$tmp/err2"
ok $? "a column name that is not in the table is refused with the names that are: $(tail -1 "$tmp/err")"

# A file is named once in a message about it.
"$cli" train --epochs 10 --save "$tmp/small.neuronlab" >/dev/null 2>&1
"$cli" predict "$tmp/nothing.neuronlab" 128,63 >/dev/null 2>"$tmp/err"
s1=$?
"$cli" train "$tmp/nothing.csv" >/dev/null 2>"$tmp/err2"
s2=$?
"$cli" export-python "$tmp/small.neuronlab" "$tmp/missing/out.py" >/dev/null 2>"$tmp/err3"
s3=$?
[ $s1 = 1 ] && [ "$(count "$tmp/nothing.neuronlab" "$tmp/err")" = 1 ] \
  && [ $s2 = 1 ] && [ "$(count "$tmp/nothing.csv" "$tmp/err2")" = 1 ] \
  && [ $s3 = 1 ] && [ "$(count "$tmp/missing/out.py" "$tmp/err3")" = 1 ]
ok $? "a file that cannot be opened or written is named once: $(cat "$tmp/err" "$tmp/err3" | tr '\n' ' ')"
# A name the folder takes but its temporary file does not: the write fails
# after training, and its message names the file once.
long=$tmp/$(printf 'n%.0s' $(seq 1 240)).neuronlab
"$cli" train --epochs 10 --save "$long" >/dev/null 2>"$tmp/err"
status=$?
if [ $status = 0 ]; then
  skip "the project writer took a 250-byte name (its temporary name is no longer longer)"
else
  [ $status = 1 ] && [ "$(count "$long" "$tmp/err")" = 1 ]
  ok $? "a project that cannot be written after training is named once (status $status)"
fi
# Line errors do not name the file; the command line does, once.
sed 's/^parameters=[^;]*;/parameters=/' "$tmp/small.neuronlab" >"$tmp/damaged.neuronlab"
"$cli" predict "$tmp/damaged.neuronlab" 128,63 >/dev/null 2>"$tmp/err"
grep -q "^neuronlab-cli: $tmp/damaged.neuronlab: Line [0-9]*: " "$tmp/err"
ok $? "a damaged project's line error is preceded by its name: $(head -1 "$tmp/err")"

"$cli" train --help >"$tmp/out"
grep -q 'in the order of --inputs' "$tmp/out" && grep -q 'checked before training' "$tmp/out" \
  && grep -q 'the exit status is 3' "$tmp/out" && grep -q '^Exit status: ' "$tmp/out" \
  && "$cli" --help | grep -q '3 when training diverged'
ok $? "train --help says --predict follows --inputs, what is checked first, and the exit statuses; --help the statuses"

exit $failed
