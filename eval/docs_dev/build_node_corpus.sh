#!/usr/bin/env bash
# Build the node docs_dev corpus: the HTML API pages of Debian's nodejs-doc package.
# Usage: bash eval/docs_dev/build_node_corpus.sh [DEST]   (default DEST: .cache/docs_dev/nodejs under the repo root)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${1:-$REPO/.cache/docs_dev/nodejs}"
SRC=/usr/share/doc/nodejs/api

bash "$(dirname "${BASH_SOURCE[0]}")/install_package.sh" nodejs-doc "$SRC"

mkdir -p "$DEST"
# The package's api/*.html pages, flat, except all.html (every page concatenated, so it would be
# indexed twice) and index.html (only the table of contents).
# Clear earlier copies first so that DEST mirrors exactly the installed version.
find "$DEST" -maxdepth 1 -type f -name '*.html' -delete
find "$SRC" -maxdepth 1 -type f -name '*.html' ! -name all.html ! -name index.html -exec cp -p -t "$DEST" {} +

count="$(find "$DEST" -maxdepth 1 -type f -name '*.html' | wc -l)"
version="$(dpkg-query -W -f='${Version}' nodejs-doc)"
echo "copied $count HTML pages of nodejs-doc $version into $DEST"
