#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
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

echo "1..32"

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
[ $status = 3 ] && grep -q 'diverged' "$tmp/err" && ! grep -qi 'nan' "$tmp/out"
ok $? "learning rate 1000 is reported as divergence (status 3), not printed as NaN (status $status)"

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

# Help: the usage on stdout and status 0, for the tool and for each command.
for help in --help -h help; do
  "$cli" $help >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ $status = 0 ] && [ ! -s "$tmp/err" ] && grep -q '^Usage: neuronlab-cli' "$tmp/out" \
    && grep -q ' train ' "$tmp/out" && grep -q ' predict ' "$tmp/out" \
    && grep -q ' export-python ' "$tmp/out" && grep -q ' export-pytorch ' "$tmp/out" \
    && grep -q ' bench ' "$tmp/out" \
    && grep -q ' help ' "$tmp/out"
  ok $? "'neuronlab-cli $help' prints the usage with every command and exits 0 (status $status)"
done
helps=0
for command in train predict export-python export-pytorch bench; do
  for help in --help -h; do
    "$cli" $command $help >"$tmp/out" 2>"$tmp/err"
    status=$?
    [ $status = 0 ] && [ ! -s "$tmp/err" ] && grep -q "^Usage: neuronlab-cli $command " "$tmp/out" \
      || { echo "# $command $help: status $status, $(head -1 "$tmp/out") $(head -1 "$tmp/err")"; helps=1; }
  done
  "$cli" help $command >"$tmp/out2"
  "$cli" $command --help >"$tmp/out"
  cmp -s "$tmp/out" "$tmp/out2" || { echo "# help $command differs from $command --help"; helps=1; }
done
ok $helps "each command's --help and -h print its usage and exit 0; 'help COMMAND' prints the same"
"$cli" train --help >"$tmp/out"
missing=
for option in --inputs --label --normalize --test-percent --split-seed --hidden --activation \
    --seed --epochs --lr --loss --shuffle --target-loss --early-stopping --predict --save; do
  grep -q -- "$option" "$tmp/out" || missing="$missing $option"
done
[ -z "$missing" ]
ok $? "train --help names every option of train (missing:${missing:-none})"

# A table of 60 rows, 34 "no" and 26 "yes", written here.
awk 'BEGIN { print "a,b,class"
             for (i = 0; i < 60; i++) {
               a = (i * 37) % 100 / 10; b = (i * 53) % 100 / 10; n = (i * 7) % 5 - 2
               print a "," b "," ((a + b + n > 10) ? "yes" : "no") } }' >"$tmp/two.csv"

# A test split: as many rows of each class as the share says, held out.
"$cli" train "$tmp/two.csv" --test-percent 20 --split-seed 3 --epochs 200 \
  --save "$tmp/split.neuronlab" >"$tmp/split1" 2>"$tmp/err"
status=$?
expected=$(awk -F, 'NR > 1 { n[$3]++ } END { for (c in n) t += int(n[c] * 0.2 + 0.5); print t }' \
  "$tmp/two.csv")
[ $status = 0 ] && grep -qx "test rows: $expected of 60" "$tmp/split1" \
  && grep -q '^accuracy: [01]\.[0-9][0-9][0-9]$' "$tmp/split1" \
  && grep -q '^test accuracy: [01]\.[0-9][0-9][0-9]$' "$tmp/split1" \
  && [ "$(grep -A1 '^accuracy:' "$tmp/split1" | tail -1 | cut -d: -f1)" = "test accuracy" ] \
  && [ "$(grep -c '^Epoch' "$tmp/split1")" = 20 ]
ok $? "--test-percent 20 holds out $expected rows and prints accuracy, then test accuracy: $(grep accuracy "$tmp/split1" | tr '\n' ' ')"
grep -qx 'test-percent=20' "$tmp/split.neuronlab" && grep -qx 'split-seed=3' "$tmp/split.neuronlab" \
  && grep -q '^test-losses=' "$tmp/split.neuronlab" && ! grep -qx 'test-loss=nan' "$tmp/split.neuronlab"
ok $? "the saved project keeps the split, the test loss and its history"

# The same split seed, the same rows and numbers; another seed, other rows.
"$cli" train "$tmp/two.csv" --test-percent 20 --split-seed 3 --epochs 200 >"$tmp/split2" 2>/dev/null
"$cli" train "$tmp/two.csv" --test-percent 20 --split-seed 4 --epochs 200 >"$tmp/split3" 2>/dev/null
cmp -s "$tmp/split1" "$tmp/split2" && ! cmp -s "$tmp/split1" "$tmp/split3"
ok $? "the same --split-seed prints the very same numbers, another one other numbers"
# Without --split-seed, the split follows --seed, as the window's does.
"$cli" train "$tmp/two.csv" --test-percent 20 --seed 3 --epochs 200 >"$tmp/split4" 2>/dev/null
"$cli" train "$tmp/two.csv" --test-percent 20 --seed 3 --split-seed 3 --epochs 200 \
  >"$tmp/split5" 2>/dev/null
"$cli" train "$tmp/two.csv" --test-percent 20 --seed 3 --split-seed 4 --epochs 200 \
  >"$tmp/split6" 2>/dev/null
cmp -s "$tmp/split4" "$tmp/split5" && ! cmp -s "$tmp/split4" "$tmp/split6"
ok $? "without --split-seed, the rows held out follow --seed"

# The target loss ends the run at the first epoch that reaches it.
"$cli" train "$tmp/two.csv" --target-loss 0.05 --epochs 5000 >"$tmp/out" 2>"$tmp/err"
status=$?
at=$(sed -n 's/^Reached the target loss 0\.05 at epoch \([0-9]*\)$/\1/p' "$tmp/out")
last=$(grep '^Epoch' "$tmp/out" | tail -1 | cut -d' ' -f2)
last_loss=$(grep '^Epoch' "$tmp/out" | tail -1 | cut -d' ' -f4)
[ $status = 0 ] && [ -n "$at" ] && [ "$at" -lt 5000 ] && [ "$last" -lt "$at" ] \
  && [ $((at - last)) -le 10 ] && grep -q '^accuracy: ' "$tmp/out" \
  && awk -v l="$last_loss" 'BEGIN { exit !(l >= 0.045) }'
ok $? "--target-loss 0.05 stops at epoch $at of 5000 and says so (last line: epoch $last, loss $last_loss)"

# Early stopping ends the run 50 epochs after the best test loss, and says
# which network it kept.
"$cli" train "$tmp/two.csv" --test-percent 25 --split-seed 3 --early-stopping --epochs 20000 \
  >"$tmp/out" 2>"$tmp/err"
status=$?
line=$(grep '^Stopped early' "$tmp/out")
pattern='^Stopped early at epoch \([0-9]*\): the test loss had not improved for 50 epochs; kept the network from epoch \([0-9]*\) (test loss [0-9.e+-]*)$'
stop=$(echo "$line" | sed -n "s/$pattern/\1/p")
best=$(echo "$line" | sed -n "s/$pattern/\2/p")
last=$(grep '^Epoch' "$tmp/out" | tail -1 | cut -d' ' -f2)
[ $status = 0 ] && [ -n "$stop" ] && [ "$stop" -lt 20000 ] && [ $((stop - best)) = 50 ] \
  && [ "$last" -lt "$stop" ] && grep -q '^test accuracy: ' "$tmp/out"
ok $? "--early-stopping stops and says so: $line"
"$cli" train "$tmp/two.csv" --early-stopping --epochs 20000 >"$tmp/out" 2>"$tmp/err"
grep -Eq '^Stopped early at epoch [0-9]+: the training loss had not improved for 50 epochs' "$tmp/out"
ok $? "without test rows, early stopping watches the training loss: $(grep '^Stopped' "$tmp/out")"

# --hidden takes the window's syntax, and today's "4,3".
"$cli" train "$tmp/two.csv" --hidden "4 tanh, 3 relu" --epochs 10 --save "$tmp/h.neuronlab" \
  >/dev/null 2>"$tmp/err"
status=$?
"$cli" train "$tmp/two.csv" --hidden 4,3 --epochs 10 --save "$tmp/h2.neuronlab" >/dev/null 2>&1
status2=$?
"$cli" train "$tmp/two.csv" --hidden 0 --epochs 10 --save "$tmp/h3.neuronlab" >/dev/null 2>&1
status3=$?
[ $status = 0 ] && grep -qx 'layers=2;4;3;1;' "$tmp/h.neuronlab" \
  && grep -qx 'activations=tanh;relu;' "$tmp/h.neuronlab" \
  && [ $status2 = 0 ] && grep -qx 'layers=2;4;3;1;' "$tmp/h2.neuronlab" \
  && ! grep -q '^activations=' "$tmp/h2.neuronlab" \
  && [ $status3 = 0 ] && grep -qx 'layers=2;1;' "$tmp/h3.neuronlab"
ok $? "--hidden '4 tanh, 3 relu', '4,3' and '0' build those layers"

# Bad values are refused before training, naming the option.
bad=0
while IFS='|' read -r option value says; do
  "$cli" train "$tmp/two.csv" "$option" "$value" >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ $status != 2 ] || [ -s "$tmp/out" ] || ! grep -q -- "^neuronlab-cli: $option .*$says" "$tmp/err"
  then
    echo "# $option '$value': status $status, $(head -1 "$tmp/err")"
    bad=1
  fi
done <<'END'
--hidden|4 softmax|Hidden layer 1, “softmax”: there is no activation of that name
--hidden|4, 65|Hidden layer 2, “65”: a layer has 1 to 64 neurons
--hidden|1,2,3,4,5,6,7|has 7 hidden layers
--test-percent|91|takes a whole number from 0 to 90, not “91”
--test-percent|ten|takes a whole number from 0 to 90, not “ten”
--split-seed|-1|takes a whole number, not “-1”
--target-loss|-0.5|takes a positive number (0 for none), not “-0.5”
--target-loss|nan|takes a positive number (0 for none), not “nan”
END
ok $bad "bad --hidden, --test-percent, --split-seed and --target-loss are refused before training"
"$cli" train --epochs >/dev/null 2>"$tmp/err"
status=$?
[ $status = 2 ] && grep -q -- '--epochs needs a value' "$tmp/err" \
  && grep -q 'neuronlab-cli train --help' "$tmp/err"
ok $? "a usage error says where the usage is (status $status: $(tail -1 "$tmp/err"))"
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
