#!/usr/bin/env bash
# install-deps.sh — install the Debian 12 packages Mesoscope needs to build, test and demo.
# SPDX-License-Identifier: Apache-2.0
#
# Run as root on Debian 12 (bookworm). Installs only what is missing; runs
# `apt-get update` once, and only when something has to be installed.
# `install-deps.sh --bench` adds what build-aux/bench.sh compares with.
set -euo pipefail

packages=(
  # build
  gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libepoxy-dev
  libsoup-3.0-dev libjson-glib-dev libyajl-dev libsecret-1-dev
  libzookeeper-st-dev
  # tests: a real ZooKeeper server, a headless X server, data validators
  zookeeper default-jre-headless xvfb xauth adwaita-icon-theme
  desktop-file-utils appstream
  # tests: OpenGL under Xvfb is Mesa's llvmpipe (the window's renderer choice)
  libgl1-mesa-dri libegl-mesa0
  # tests: a self-signed certificate for the HTTPS master
  openssl
  # tests: the Vagrant scripts are checked with ruby -c and shellcheck
  ruby shellcheck
  # VALGRIND=1 build-aux/test.sh
  valgrind
)
if [ "${1:-}" = --bench ]; then
  # the failover benchmark's reference: a kazoo watch
  packages+=(python3-kazoo)
  # the idle benchmark reads its sockets' byte counts with ss
  packages+=(iproute2)
  # the stream benchmark's reference: @dcos/recordio, installed with npm
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
