#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-dataset.sh: neuronlab-cli train --dataset, the data sets to start
# from, as a person uses them in a terminal. TAP output.
#   test-cli-dataset.sh PATH/TO/neuronlab-cli
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

# Whether the "accuracy: X" line of $1 says at least $2 (or, with "<", less).
accuracy_at_least () {
  awk -v min="$2" '/^accuracy: / { a = $2 } END { exit !(a != "" && a >= min) }' "$1"
}
accuracy_below () {
  awk -v max="$2" '/^accuracy: / { a = $2 } END { exit !(a != "" && a < max) }' "$1"
}

echo "1..10"

# XOR with its own settings (4 tanh neurons): learnt.
"$cli" train --dataset xor >"$tmp/xor" 2>"$tmp/err"
status=$?
[ $status = 0 ] && accuracy_at_least "$tmp/xor" 0.97 && grep -q '^Epoch 90 loss: ' "$tmp/xor" \
  && ! grep -q '^Epoch 100 ' "$tmp/xor"
ok $? "--dataset xor trains 100 epochs to high accuracy (status $status, $(grep '^accuracy' "$tmp/xor"))"

# The spiral too, with noise: two hidden layers of 8 tanh neurons.
"$cli" train --dataset spiral,noise=10 >"$tmp/spiral" 2>"$tmp/err"
status=$?
[ $status = 0 ] && accuracy_at_least "$tmp/spiral" 0.95
ok $? "--dataset spiral,noise=10 trains to high accuracy (status $status, $(grep '^accuracy' "$tmp/spiral"))"

# Fisher's iris: three species, told apart on the flowers held out too.
"$cli" train --dataset iris >"$tmp/iris" 2>"$tmp/err"
status=$?
[ $status = 0 ] && grep -q '^test rows: 30 of 150$' "$tmp/iris" \
  && awk '/^test accuracy: / { a = $3 } END { exit !(a != "" && a >= 0.95) }' "$tmp/iris"
ok $? "--dataset iris classifies the test flowers (status $status, $(grep '^test accuracy' "$tmp/iris"))"

# The plane: a number to predict, R² on the rows held out.
"$cli" train --dataset plane,noise=10 >"$tmp/plane" 2>"$tmp/err"
status=$?
[ $status = 0 ] && awk '/^test r2: / { a = $3 } END { exit !(a != "" && a >= 0.95) }' "$tmp/plane"
ok $? "--dataset plane,noise=10 learns the number (status $status, $(grep '^test r2' "$tmp/plane"))"

# Options override the data set's settings: without a hidden layer XOR
# cannot be learnt.
"$cli" train --hidden 0 --dataset xor >"$tmp/flat" 2>"$tmp/err"
status=$?
[ $status = 0 ] && accuracy_below "$tmp/flat" 0.8
ok $? "--hidden 0 overrides the data set's hidden layer (status $status, $(grep '^accuracy' "$tmp/flat"))"

# Same seed, same table, same run; another seed, another table.
"$cli" train --dataset circle,points=120,seed=5,noise=20 --epochs 5 --save "$tmp/a.neuronlab" >"$tmp/a" 2>&1
"$cli" train --dataset circle,noise=20,seed=5,points=120 --epochs 5 --save "$tmp/b.neuronlab" >"$tmp/b" 2>&1
"$cli" train --dataset circle,points=120,seed=6,noise=20 --epochs 5 --save "$tmp/c.neuronlab" >"$tmp/c" 2>&1
cmp -s "$tmp/a.neuronlab" "$tmp/b.neuronlab" && ! cmp -s "$tmp/a.neuronlab" "$tmp/c.neuronlab" \
  && grep -q '^rows=120$' "$tmp/a.neuronlab" && grep -q '^names=x1;x2;Class;$' "$tmp/a.neuronlab"
ok $? "the same seed gives the same table and run, another seed another (120 rows, x1, x2, Class)"

# Bad names and settings are usage errors that say what is wrong.
"$cli" train --dataset moons >/dev/null 2>"$tmp/err"
status=$?
[ $status = 2 ] && grep -q 'moons' "$tmp/err" && grep -q 'spiral' "$tmp/err"
ok $? "an unknown data set is a usage error that lists the known ones (status $status)"
"$cli" train --dataset xor,noise=70 >/dev/null 2>"$tmp/err"
status=$?
[ $status = 2 ] && grep -q '50%' "$tmp/err"
ok $? "noise above 50% is a usage error (status $status: $(head -1 "$tmp/err"))"
"$cli" train --dataset iris,points=20 >/dev/null 2>"$tmp/err"
status=$?
[ $status = 2 ]
ok $? "a fixed table takes no points (status $status: $(head -1 "$tmp/err"))"
printf 'a,b,c\n1,2,x\n3,4,y\n' >"$tmp/t.csv"
"$cli" train "$tmp/t.csv" --dataset xor >/dev/null 2>"$tmp/err"
status=$?
[ $status = 2 ]
ok $? "a CSV file and --dataset together are a usage error (status $status)"

exit $failed
