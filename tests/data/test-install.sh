#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-install.sh: installs a build into a temporary DESTDIR and checks that
# every file the desktop needs is there and valid where it lands. TAP output.
#   test-install.sh BUILD_DIR
# Validators that are missing (desktop-file-utils, appstream, shared-mime-info)
# turn their checks into skips, not failures.
set -u
build=${1:?usage: test-install.sh BUILD_DIR}
app_id=org.example.NeuronLab
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

skip () {
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2 is missing"
}

have () {
  command -v "$1" >/dev/null 2>&1
}

echo "1..21"

# meson install runs no post-install script under a DESTDIR, so the user's
# icon, desktop and MIME caches are left alone.
dest=$tmp/dest
if have meson; then
  meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1
else
  DESTDIR=$dest ninja -C "$build" install >"$tmp/install.log" 2>&1
fi
status=$?
[ $status = 0 ] || sed 's/^/# /' "$tmp/install.log"
ok $status "meson install --destdir succeeds"

# Wherever the prefix is, the program is in its bin/.
bin=$(find "$dest" -path '*/bin/neuronlab' -type f 2>/dev/null | head -1)
prefix=${bin%/bin/neuronlab}
share=$prefix/share
echo "# installed under ${prefix#"$dest"}"

[ -n "$bin" ] && [ -x "$bin" ]
ok $? "bin/neuronlab is installed and executable"
[ -x "$prefix/bin/neuronlab-cli" ]
ok $? "bin/neuronlab-cli is installed and executable"

desktop=$share/applications/$app_id.desktop
metainfo=$share/metainfo/$app_id.metainfo.xml
icon=$share/icons/hicolor/scalable/apps/$app_id.svg
symbolic=$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg
schemas=$share/glib-2.0/schemas
mime=$share/mime/packages/$app_id.xml

for f in "$desktop" "$metainfo" "$icon" "$symbolic" "$schemas/$app_id.gschema.xml" "$mime"; do
  [ -s "$f" ]
  ok $? "${f#"$prefix"/} is installed"
done

if have desktop-file-validate; then
  out=$(desktop-file-validate "$desktop" 2>&1)
  status=$?
  [ -n "$out" ] && echo "$out" | sed 's/^/# /'
  ok $status "the desktop file is valid"
else
  skip "the desktop file is valid" desktop-file-validate
fi

# The desktop file names what was installed: its icon, and a program on PATH.
icon_name=$(sed -n 's/^Icon=//p' "$desktop")
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ "$icon_name" = "$app_id" ] && [ -f "$share/icons/hicolor/scalable/apps/$icon_name.svg" ] \
  && [ -x "$prefix/bin/$exec_name" ]
ok $? "the desktop file's Icon ($icon_name) and Exec ($exec_name) are installed"

# The desktop file and the metainfo are generated from their .in templates
# with the translations from po/, which are installed too.
[ -s "$share/locale/de/LC_MESSAGES/neuronlab.mo" ]
ok $? "locale/de/LC_MESSAGES/neuronlab.mo is installed"
grep -q '^Comment\[de\]=.' "$desktop" && grep -q '^Keywords\[de\]=.' "$desktop"
ok $? "the installed desktop file carries the German Comment and Keywords"
grep -q '<summary xml:lang="de">' "$metainfo"
ok $? "the installed metainfo carries the German summary"

if have appstreamcli; then
  out=$(appstreamcli validate --no-net "$metainfo" 2>&1)
  status=$?
  [ $status = 0 ] || echo "$out" | sed 's/^/# /'
  ok $status "the metainfo is valid (appstreamcli validate --no-net)"
else
  skip "the metainfo is valid" appstreamcli
fi

# The schema compiles as installed, and the program's keys are in it.
if have glib-compile-schemas && have gsettings; then
  glib-compile-schemas --strict --targetdir="$tmp" "$schemas" 2>&1 | sed 's/^/# /'
  keys=$(GSETTINGS_SCHEMA_DIR=$tmp gsettings list-keys $app_id 2>&1 | sort | tr '\n' ' ')
  [ "$keys" = "activation early-stopping epochs hidden init learning-rate loss seed speed target-loss test-percent until-stopped window-height window-maximized window-width " ]
  ok $? "the installed schema compiles and has the program's keys ($keys)"
else
  skip "the installed schema compiles" glib-compile-schemas
fi

# The MIME database built from the package knows *.neuronlab.
if have update-mime-database; then
  mkdir -p "$tmp/mime/packages"
  cp "$mime" "$tmp/mime/packages/"
  # It warns that the folder is not on XDG_DATA_DIRS, which is the point.
  update-mime-database "$tmp/mime" >"$tmp/mime.log" 2>&1
  status=$?
  grep -q '^application/x-neuronlab-project:\*\.neuronlab$' "$tmp/mime/globs" 2>/dev/null \
    || { status=1; sed 's/^/# /' "$tmp/mime.log"; }
  ok $status "the MIME package maps *.neuronlab to application/x-neuronlab-project"
else
  skip "the MIME package is valid" update-mime-database
fi

# Both icons are SVG documents of the sizes their folders promise.
grep -q '<svg[^>]*viewBox="0 0 128 128"' "$icon"
ok $? "the scalable icon is a 128x128 SVG"
grep -q '<svg[^>]*viewBox="0 0 16 16"' "$symbolic"
ok $? "the symbolic icon is a 16x16 SVG"

# The installed programs start: the command line tool trains the tutorial's
# network, and the application answers --help without a display.
"$prefix/bin/neuronlab-cli" train --epochs 10 >/dev/null 2>&1
ok $? "the installed neuronlab-cli runs"
env -u DISPLAY -u WAYLAND_DISPLAY "$bin" --help >"$tmp/help" 2>&1
ok $? "the installed neuronlab answers --help"

exit $failed
