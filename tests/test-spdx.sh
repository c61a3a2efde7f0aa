#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-spdx.sh: every source file names its licence (GPL-3.0-or-later) in an
# SPDX line; fails listing each file without one. build-aux/spdx adds them.
#   test-spdx.sh SOURCE_DIR
set -u
src=${1:?usage: test-spdx.sh SOURCE_DIR}
exec "$src/build-aux/spdx" --check "$src"
