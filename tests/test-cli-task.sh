#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-task.sh: neuronlab-cli train and predict follow the task: three
# classes, a number to predict, --task over the guess, --activation for the
# hidden layers only. The tables are written here. TAP output.
#   test-cli-task.sh PATH/TO/neuronlab-cli
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

# Whether the awk condition holds for the number x.
holds () {
  LC_ALL=C awk -v x="$1" "BEGIN { exit !($2) }"
}

echo "1..14"

# Three species in three separate clusters of 30 flowers each.
LC_ALL=C awk 'BEGIN {
  srand (4)
  print "petal,sepal,species"
  split ("setosa versicolor virginica", name, " ")
  split ("1 6 1", cx, " "); split ("1 1 6", cy, " ")
  for (i = 0; i < 30; i++)
    for (k = 1; k <= 3; k++)
      printf "%.2f,%.2f,%s\n", cx[k] + rand () * 2 - 1, cy[k] + rand () * 2 - 1, name[k]
}' >"$tmp/species.csv"

"$cli" train "$tmp/species.csv" --label species --test-percent 20 --epochs 500 \
  --predict 1,1 --predict 6,1 --predict 1,6 --save "$tmp/species.neuronlab" \
  >"$tmp/out" 2>"$tmp/err"
status=$?
accuracy=$(sed -n 's/^accuracy: //p' "$tmp/out")
test_accuracy=$(sed -n 's/^test accuracy: //p' "$tmp/out")
[ $status = 0 ] && [ -n "$accuracy" ] && holds "$accuracy" 'x >= 0.95' \
  && [ -n "$test_accuracy" ] && holds "$test_accuracy" 'x >= 0.95' \
  && [ "$(grep -c '^Epoch [0-9]* loss: [0-9]*\.[0-9][0-9][0-9]$' "$tmp/out")" = 50 ]
ok $? "three species train to accuracy 0.95 or more (status $status, accuracy $accuracy, test accuracy $test_accuracy$(head -c 200 "$tmp/err"))"

# Each cluster's centre is its own species, the top class's probability
# (more than a half of three) beside it.
right=0
for point in "1,1 setosa" "6,1 versicolor" "1,6 virginica"; do
  set -- $point
  line=$(grep "^predict $1: " "$tmp/out")
  p=$(echo "$line" | cut -d' ' -f3)
  [ "$(echo "$line" | cut -d' ' -f4-)" = "$2" ] && [ -n "$p" ] && holds "$p" 'x > 0.5 && x <= 1' \
    && right=$((right + 1))
done
[ $right = 3 ]
ok $? "each cluster's centre is predicted as its species: $(grep '^predict' "$tmp/out" | tr '\n' ' ')"

# The saved project predicts the very same lines, and keeps the task.
grep '^predict ' "$tmp/out" >"$tmp/trained"
"$cli" predict "$tmp/species.neuronlab" 1,1 6,1 1,6 >"$tmp/predicted" 2>"$tmp/err"
status=$?
[ $status = 0 ] && [ -s "$tmp/trained" ] && cmp -s "$tmp/trained" "$tmp/predicted" \
  && grep -qx 'output-activation=softmax' "$tmp/species.neuronlab" \
  && grep -qx 'loss=bce' "$tmp/species.neuronlab"
ok $? "a multi-class project (softmax, cross-entropy) predicts with predict what train printed (status $status: $(tr '\n' ' ' <"$tmp/predicted"))"

# A number to predict: y = 2a + 3b, with a little noise.
LC_ALL=C awk 'BEGIN {
  srand (7)
  print "a,b,y"
  for (i = 0; i < 80; i++)
    {
      a = rand () * 10; b = rand () * 10
      printf "%.3f,%.3f,%.4f\n", a, b, (2 * a + 3 * b + (rand () - 0.5) * 0.2)
    }
}' >"$tmp/plane.csv"
"$cli" train "$tmp/plane.csv" --label y --test-percent 20 --predict 3,4 --predict 6,2 --predict 7,7 \
  --save "$tmp/plane.neuronlab" >"$tmp/out" 2>"$tmp/err"
status=$?
r2=$(sed -n 's/^r2: //p' "$tmp/out")
rmse=$(sed -n 's/^rmse: //p' "$tmp/out")
test_r2=$(sed -n 's/^test r2: //p' "$tmp/out")
[ $status = 0 ] && [ -n "$r2" ] && holds "$r2" 'x > 0.99' && [ -n "$test_r2" ] && holds "$test_r2" 'x > 0.99' \
  && [ -n "$rmse" ] && grep -q '^test rmse: [0-9]' "$tmp/out" && ! grep -q 'accuracy' "$tmp/out" \
  && [ "$(grep -c '^Epoch [0-9]* loss: [0-9]*\.[0-9][0-9][0-9]$' "$tmp/out")" = 100 ] \
  && [ "$(sed -n '/^r2:/,$p' "$tmp/out" | cut -d: -f1 | head -4 | tr '\n' ' ')" = "r2 rmse test r2 test rmse " ]
ok $? "a numeric --label is a regression: r2 $r2 above 0.99, rmse $rmse, test r2 $test_r2, no accuracy (status $status$(head -c 200 "$tmp/err"))"

right=0
for point in 3,4 6,2 7,7; do
  value=$(sed -n "s/^predict $point: \([^ ]*\)$/\1/p" "$tmp/out")
  expected=$(echo "$point" | LC_ALL=C awk -F, '{ print 2 * $1 + 3 * $2 }')
  [ -n "$value" ] && holds "$value" "x > $expected - 0.5 && x < $expected + 0.5" && right=$((right + 1))
done
[ $right = 3 ]
ok $? "predict gives 2a + 3b within 0.5: $(grep '^predict' "$tmp/out" | tr '\n' ' ')"

grep '^predict ' "$tmp/out" >"$tmp/trained"
"$cli" predict "$tmp/plane.neuronlab" 3,4 6,2 7,7 >"$tmp/predicted" 2>"$tmp/err"
status=$?
[ $status = 0 ] && [ -s "$tmp/trained" ] && cmp -s "$tmp/trained" "$tmp/predicted" \
  && grep -qx 'output-activation=linear' "$tmp/plane.neuronlab"
ok $? "a regression project predicts with predict what train printed (status $status: $(tr '\n' ' ' <"$tmp/predicted"))"

# The same table with y in thousandths: the network learns the very same
# standardised numbers, so R² stays and RMSE and predictions are 1000 times
# larger, in the target's own units.
LC_ALL=C awk -F, -v OFS=, 'NR == 1 { print; next } { $3 = $3 * 1000; print }' "$tmp/plane.csv" \
  >"$tmp/plane1000.csv"
"$cli" train "$tmp/plane1000.csv" --label y --test-percent 20 --predict 3,4 >"$tmp/out1000" 2>"$tmp/err"
status=$?
rmse1000=$(sed -n 's/^rmse: //p' "$tmp/out1000")
value=$(sed -n 's/^predict 3,4: //p' "$tmp/out")
value1000=$(sed -n 's/^predict 3,4: //p' "$tmp/out1000")
[ $status = 0 ] && [ "$(grep '^r2:' "$tmp/out1000")" = "r2: $r2" ] && [ -n "$rmse1000" ] \
  && LC_ALL=C awk -v a="$rmse" -v b="$rmse1000" -v p="$value" -v q="$value1000" \
       'BEGIN { exit !(b / a > 999.9 && b / a < 1000.1 && q / p > 999.9 && q / p < 1000.1) }'
ok $? "rmse and predictions are in the target's units: rmse $rmse and $rmse1000, predict $value and $value1000"

# --task over the guess: a column of the numbers 0, 1 and 2 is a target
# unless --task multiclass makes it three classes.
LC_ALL=C awk 'BEGIN {
  srand (2)
  print "a,b,band"
  for (i = 0; i < 60; i++) { a = rand () * 3; printf "%.3f,%.3f,%d\n", a, rand (), int (a) }
}' >"$tmp/bands.csv"
"$cli" train "$tmp/bands.csv" --label band --epochs 50 >"$tmp/guess" 2>"$tmp/err"
status=$?
"$cli" train "$tmp/bands.csv" --label band --task multiclass --epochs 500 \
  --predict 0.5,0.5 --predict 1.5,0.5 --predict 2.5,0.5 >"$tmp/out" 2>"$tmp/err"
status2=$?
accuracy=$(sed -n 's/^accuracy: //p' "$tmp/out")
# Numbers with exactly two values are a label of two classes by guess.
LC_ALL=C awk -F, -v OFS=, 'NR == 1 { print "a,b,grade"; next } { $3 = ($1 > 1.5) ? 2 : 1; print }' \
  "$tmp/bands.csv" >"$tmp/grades.csv"
"$cli" train "$tmp/grades.csv" --label grade --epochs 300 --predict 0.5,0.5 --predict 2.5,0.5 \
  >"$tmp/grades" 2>"$tmp/err"
status3=$?
[ $status = 0 ] && grep -q '^r2: ' "$tmp/guess" && [ $status2 = 0 ] && [ -n "$accuracy" ] \
  && holds "$accuracy" 'x >= 0.9' && ! grep -q '^r2' "$tmp/out" \
  && grep -Eq '^predict 0\.5,0\.5: [01]\.[0-9]{3} 0$' "$tmp/out" \
  && grep -Eq '^predict 1\.5,0\.5: [01]\.[0-9]{3} 1$' "$tmp/out" \
  && grep -Eq '^predict 2\.5,0\.5: [01]\.[0-9]{3} 2$' "$tmp/out" \
  && [ $status3 = 0 ] && grep -q '^accuracy: ' "$tmp/grades" \
  && grep -Eq '^predict 0\.5,0\.5: 0\.[0-9]{3} 1$' "$tmp/grades" \
  && grep -Eq '^predict 2\.5,0\.5: 0\.[0-9]{3} 2$' "$tmp/grades"
ok $? "by guess 0/1/2 is a target and 1/2 two classes; --task multiclass makes 0/1/2 three classes (accuracy $accuracy: $(grep -h '^predict' "$tmp/out" "$tmp/grades" | tr '\n' ' '))"

# Refusals, before any training: a message, nothing on stdout.
"$cli" train "$tmp/species.csv" --label species --task binary >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 1 ] && [ ! -s "$tmp/out" ] \
  && grep -q '^neuronlab-cli: --task binary: .*species.* 3 different values' "$tmp/err"
ok $? "--task binary on three species is refused (status $status: $(head -1 "$tmp/err"))"
"$cli" train "$tmp/species.csv" --label species --task regression >"$tmp/out" 2>"$tmp/err"
status=$?
"$cli" train "$tmp/species.csv" --label species --task tree >"$tmp/out2" 2>"$tmp/err2"
status2=$?
[ $status = 1 ] && [ ! -s "$tmp/out" ] && grep -q '^neuronlab-cli: --task regression: .*species' "$tmp/err" \
  && [ $status2 = 2 ] && [ ! -s "$tmp/out2" ] \
  && grep -q '^neuronlab-cli: --task takes binary, multiclass or regression, not “tree”' "$tmp/err2"
ok $? "--task regression on names and --task tree are refused (status $status, $status2: $(head -1 "$tmp/err2"))"
"$cli" train "$tmp/plane.csv" --label y --loss bce >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 2 ] && [ ! -s "$tmp/out" ] && grep -q '^neuronlab-cli: --loss bce .*regression' "$tmp/err"
ok $? "--loss bce for a regression is refused, naming the option (status $status: $(head -1 "$tmp/err"))"

# --activation is the hidden layers': the output stays the task's sigmoid,
# a probability, whatever the hidden layers do.
"$cli" train --activation relu --predict 128,63 --predict 155,68 --predict 400,90 \
  --save "$tmp/relu.neuronlab" >"$tmp/out" 2>"$tmp/err"
status=$?
bounded=$(grep '^predict ' "$tmp/out" | LC_ALL=C awk '$3 >= 0 && $3 <= 1 { n++ } END { print n + 0 }')
[ $status = 0 ] && [ "$bounded" = 3 ] && grep -qx 'accuracy: 1.000' "$tmp/out" \
  && grep -Eq '^predict 128,63: 0\.9[0-9]{2} Female$|^predict 128,63: 1\.000 Female$' "$tmp/out" \
  && grep -Eq '^predict 155,68: 0\.[0-9]{3} Male$' "$tmp/out" \
  && grep -qx 'activation=relu' "$tmp/relu.neuronlab" \
  && grep -qx 'output-activation=sigmoid' "$tmp/relu.neuronlab"
ok $? "--activation relu keeps a sigmoid output: $(grep '^predict' "$tmp/out" | tr '\n' ' ')"

# Projects saved before, when --activation tanh made the output tanh too,
# still predict and export.
sed 's/^output-activation=sigmoid$/output-activation=tanh/' "$tmp/relu.neuronlab" \
  >"$tmp/older.neuronlab"
"$cli" predict "$tmp/older.neuronlab" 128,63 >"$tmp/out" 2>"$tmp/err"
status=$?
"$cli" export-python "$tmp/older.neuronlab" "$tmp/older.py" 2>>"$tmp/err"
status2=$?
grep -qx 'output-activation=tanh' "$tmp/older.neuronlab" && [ $status = 0 ] && [ $status2 = 0 ] \
  && grep -Eq '^predict 128,63: -?[01]\.[0-9]{3} (Female|Male)$' "$tmp/out"
ok $? "a project with a tanh output still predicts and exports (status $status, $status2: $(cat "$tmp/out" "$tmp/err" | head -1))"

"$cli" train --help >"$tmp/out"
grep -q -- '--task binary|multiclass|regression' "$tmp/out"
ok $? "train --help names --task"

exit $failed
