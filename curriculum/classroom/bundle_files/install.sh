#!/bin/sh
# Install the Code Forward course from this bundle alone, with no network:  sh install.sh DEST
# Safe to run again: it updates the course's files and keeps learner records (DEST/grading/).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
START=$(date +%s)

say() { printf '%s\n' "$*"; }
stop() { printf 'install.sh: %s\n' "$*" >&2; exit 2; }

[ $# -eq 1 ] || stop "say where to put the course, like this: sh install.sh /srv/code-forward"
DEST=$1
[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || stop "this bundle is for Linux on x86-64 (64-bit Intel \
or AMD) computers, and this one is $(uname -s) on $(uname -m). Build a bundle on a computer like this one."

say "[1/6] Checking every file of the bundle against MANIFEST.tsv ..."
(cd "$HERE" && tail -n +2 MANIFEST.tsv | awk -F '\t' '{ print $1 "  " $4 }' | sha256sum --check --quiet --strict) \
    || stop "the files named above are damaged or changed. Copy the bundle again from the one you checked."

python_is_3_11() {
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || stop "the bundle's Python \
packages are for Python 3.11, and $PYTHON is $("$PYTHON" -V 2>&1 || echo missing). Install python3.11 (its Debian \
package is in debs/), then run: PYTHON=python3.11 sh install.sh $DEST"
}
# Refuse a wrong Python before changing anything; a missing one may come with the Debian packages.
if command -v "$PYTHON" > /dev/null; then python_is_3_11; fi

PACKAGES=$(cat "$HERE/debs/wanted.txt")
say "[2/6] Debian packages from the bundle: $PACKAGES ..."
if [ "$(id -u)" -eq 0 ]; then
    APT_DIR=$(mktemp -d)
    trap 'rm -rf "$APT_DIR"' EXIT
    mkdir -p "$APT_DIR/parts" "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
    echo "deb [trusted=yes] file:$HERE/debs ./" > "$APT_DIR/bundle.list"
    set -- -o "Dir::Etc::SourceList=$APT_DIR/bundle.list" -o "Dir::Etc::SourceParts=$APT_DIR/parts" \
           -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache" -o "APT::Sandbox::User=root"
    apt-get "$@" -qq update || stop "apt could not read the bundle's debs folder (see above)."
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get "$@" install -y -qq --no-install-recommends $PACKAGES > /dev/null \
        || stop "apt could not install $PACKAGES from the bundle (see above)."
else
    say "    Not root, so these are not installed. If a step below fails, run this once as root."
fi


python_is_3_11

say "[3/6] The course's files, into $DEST ..."
mkdir -p "$DEST"
cp -R "$HERE/course/." "$DEST/"

say "[4/6] Python packages, from the bundle's wheels only ..."
[ -x "$DEST/.venv/bin/python" ] || "$PYTHON" -m venv "$DEST/.venv" || stop "could not make a Python virtual \
environment. Run this as root once, so python3.11-venv is installed from the bundle."
"$DEST/.venv/bin/python" -m pip install --isolated --no-index --require-hashes --find-links "$HERE/wheels" \
    --disable-pip-version-check --quiet -r "$HERE/requirements.lock" || stop "pip could not install the wheels (see above)."
touch "$DEST/.venv/.ready"

cd "$DEST"
say "[5/6] The learner notebooks (release/) ..."
.venv/bin/curriculum build > /dev/null
say "[6/6] Checking the install: the quality gates on one assignment, and a demo grade in the sandbox ..."
.venv/bin/curriculum check-install
say "Installed in $DEST in $(( $(date +%s) - START )) seconds. Start the classroom with: cd $DEST && make classroom"
