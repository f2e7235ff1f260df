#!/usr/bin/env bash
# Build the docs_dev corpus: the top-level HTML manual pages of Debian's git-doc package.
# Usage: bash eval/docs_dev/build_corpus.sh [DEST]   (default DEST: .cache/docs_dev/git-doc under the repo root)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${1:-$REPO/.cache/docs_dev/git-doc}"
SRC=/usr/share/doc/git-doc

bash "$(dirname "${BASH_SOURCE[0]}")/install_package.sh" git-doc "$SRC"

mkdir -p "$DEST"
# Only the package's top-level *.html pages, flat (not technical/, RelNotes/, howto/ ...).
# Clear earlier copies first so that DEST mirrors exactly the installed version.
find "$DEST" -maxdepth 1 -type f -name '*.html' -delete
find "$SRC" -maxdepth 1 -type f -name '*.html' -exec cp -p -t "$DEST" {} +

count="$(find "$DEST" -maxdepth 1 -type f -name '*.html' | wc -l)"
version="$(dpkg-query -W -f='${Version}' git-doc)"
echo "copied $count HTML pages of git-doc $version into $DEST"
