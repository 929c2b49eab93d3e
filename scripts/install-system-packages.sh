#!/usr/bin/env bash
# Installs the Debian packages the portal needs, only those missing: WeasyPrint's Pango and
# HarfBuzz, fonts for every script members write in, gettext for translations, Node.js and npm
# for the front-end build, and (with --test) Chromium for the browser tests and Java for the
# Nu HTML Checker (vnu-jar) of the accessibility crawl.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core
          fonts-noto-core gettext nodejs npm)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium poppler-utils default-jre-headless)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# A machine may have Node.js from elsewhere; then the Debian packages are not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo_cmd=()
[[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
