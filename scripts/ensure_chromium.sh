#!/usr/bin/env bash
# Browser tests drive Debian's headless Chromium. Install it when missing and we may (root with
# apt-get); otherwise the browser tests skip themselves and say why.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Installing Debian's chromium and chromium-driver for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver) \
    >/tmp/righthelp-chromium-install.log 2>&1 \
    || { echo "!! Could not install chromium (see /tmp/righthelp-chromium-install.log)"; \
         [ "${CI:-}" = "true" ] && exit 1; exit 0; }
else
  echo "!! /usr/bin/chromium is missing and cannot be installed here: browser tests will skip."
  [ "${CI:-}" = "true" ] && exit 1
fi
exit 0
