#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-table-messages.sh: what neuronlab-cli train says of a CSV file it
# cannot train on, or trains on without some of it: the file and the reason,
# and "(row left out)" only where a row is. TAP output.
#   test-cli-table-messages.sh PATH/TO/neuronlab-cli
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

echo "1..5"

# No column of numbers: the file is named, and the column that holds text.
printf 'Name\nAlice\nBob\n' >"$tmp/names.csv"
"$cli" train "$tmp/names.csv" --epochs 1 >/dev/null 2>"$tmp/err"
status=$?
[ $status != 0 ] && grep -q "names.csv: .*no numeric input column: column \"Name\" holds text, such as \"Alice\"" "$tmp/err"
ok $? "a table without numbers names the file and the column of text ($(cat "$tmp/err"))"

# A header alone: no data rows, not "no numeric input column".
printf 'Weight,Height,Gender\n' >"$tmp/header.csv"
"$cli" train "$tmp/header.csv" --epochs 1 >/dev/null 2>"$tmp/err"
status=$?
[ $status != 0 ] && grep -q "header.csv: The table has no data rows" "$tmp/err" \
  && ! grep -q "numeric" "$tmp/err"
ok $? "a header alone says it has no data rows ($(cat "$tmp/err"))"

# A column of mostly words among its numbers is no input, and the notes say
# which, why and where; a note leaves no row out.
printf 'Weight,Height,Gender\n1,2,M\n3,4,F\n5,x,M\n6,y,F\n7,z,M\n' >"$tmp/mostly.csv"
"$cli" train "$tmp/mostly.csv" --epochs 1 >/dev/null 2>"$tmp/err"
status=$?
[ $status = 0 ] \
  && grep -q 'mostly.csv: Column 2 (Height) is not an input: values that are not numbers: 3 of 5, such as "x" on line 4$' "$tmp/err"
ok $? "a mostly non-numeric column is named in the notes ($(cat "$tmp/err"))"

# A bad number leaves its row out while its column is an input...
printf 'Weight,Height,Gender\n1,2,M\n3,4,F\n5,x,M\n6,7,F\n7,8,M\n' >"$tmp/onebad.csv"
"$cli" train "$tmp/onebad.csv" --epochs 1 >/dev/null 2>"$tmp/err"
grep -q 'Line 4, column 2 (Height): "x" is not a number (row left out)$' "$tmp/err"
ok $? "a bad number in an input leaves its row out ($(cat "$tmp/err"))"

# ...and not when the column is no input: the row is trained on.
"$cli" train "$tmp/onebad.csv" --inputs Weight --epochs 1 >/dev/null 2>"$tmp/err"
grep -q 'Line 4, column 2 (Height): "x" is not a number$' "$tmp/err"
ok $? "with --inputs Weight, the same problem leaves no row out ($(cat "$tmp/err"))"

exit $failed
