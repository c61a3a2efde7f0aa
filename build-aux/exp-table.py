#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# build-aux/exp-table.py: prints the table of core/nl-exp.c, 2^(k/128) for
# k = 0 .. 127 as a double H_k and a correction T_k, with
#   2^(k/128) ~= H_k (1 + T_k),
# H_k the double nearest 2^(k/128) and T_k the double nearest
# (2^(k/128) - H_k) / H_k, both computed to 60 digits with Python's decimal
# module. Each entry goes in as two 64-bit words, T_k's bits and H_k's bits
# less k << 45 (exp() adds the exponent back with the integer part of x/ln2).
# These are the numbers of glibc's exp() (since 2.28), which is what makes
# nl-exp.c's vector exp() give the same bits as libm's.
#   build-aux/exp-table.py > table.txt    (then paste into nl-exp.c)
import struct
from decimal import Decimal, getcontext

getcontext().prec = 60
ln2 = Decimal(2).ln()


def bits(d):
    return struct.unpack('<Q', struct.pack('<d', d))[0]


words = []
for k in range(128):
    exact = (ln2 * k / 128).exp()
    high = float(exact)  # float(Decimal) rounds to nearest
    tail = float((exact - Decimal(high)) / Decimal(high))
    words += [bits(tail), (bits(high) - (k << 45)) % 2**64]

for i in range(0, len(words), 4):
    print('  ' + ', '.join('0x%016x' % w for w in words[i:i + 4]) + ',')
