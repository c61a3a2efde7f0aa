#!/usr/bin/env bash
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

echo "1..3"

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

exit $failed
