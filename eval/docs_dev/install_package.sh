#!/usr/bin/env bash
# Install a Debian documentation package with apt-get unless it is installed: bash eval/docs_dev/install_package.sh PKG DIR
# (DIR: a folder the package installs; both must be there for the package to count as installed).
set -euo pipefail
PKG="$1"
DIR="$2"
if [ ! -d "$DIR" ] || ! dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "install ok installed"; then
    echo "installing $PKG ..." >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$PKG"
fi
