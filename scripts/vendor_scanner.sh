#!/usr/bin/env bash
# Vendors the QR decoder the check-in pages use where the browser has no BarcodeDetector
# (iPhone, WeChat, Firefox): the `barcode-detector` ponyfill (its IIFE build) and the zxing-cpp
# WebAssembly reader of `zxing-wasm` it was built against, from the npm registry, with their
# licences. Run by `make vendor-scanner`; the result is committed under static/vendor/zxing/,
# so nothing is fetched at install or run time (no CDN). Bump the versions here, run it, commit.
set -euo pipefail

DETECTOR_VERSION=3.2.2   # barcode-detector (MIT, Ze-Zheng Wu)
ZXING_WASM_VERSION=3.1.3 # zxing-wasm (MIT, Ze-Zheng Wu): the version barcode-detector pins

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/static/vendor/zxing"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "barcode-detector@$DETECTOR_VERSION" "zxing-wasm@$ZXING_WASM_VERSION" >/dev/null
mkdir detector zxing
tar xzf "barcode-detector-$DETECTOR_VERSION.tgz" -C detector
tar xzf "zxing-wasm-$ZXING_WASM_VERSION.tgz" -C zxing

pinned="$(grep -o '"zxing-wasm": *"[^"]*"' detector/package/package.json | grep -o '[0-9][0-9.]*')"
if [ "$pinned" != "$ZXING_WASM_VERSION" ]; then
  echo "barcode-detector@$DETECTOR_VERSION needs zxing-wasm@$pinned, not $ZXING_WASM_VERSION" >&2
  exit 1
fi
script=detector/package/dist/iife/ponyfill.js
wasm=zxing/package/dist/reader/zxing_reader.wasm
# The ponyfill carries the SHA-256 of the WebAssembly it was built with: they must agree.
expected="$(grep -o 'x=`[0-9a-f]\{64\}`' "$script" | head -1 | grep -o '[0-9a-f]\{64\}')"
actual="$(sha256sum "$wasm" | cut -d' ' -f1)"
if [ "$expected" != "$actual" ]; then
  echo "zxing_reader.wasm is $actual, the ponyfill expects $expected" >&2
  exit 1
fi
cpp_commit="$(grep -o 'ne=`[0-9a-f]\{40\}`' "$script" | head -1 | grep -o '[0-9a-f]\{40\}')"

mkdir -p "$out"
cp "$script" "$out/barcode-detector.js"
cp "$wasm" "$out/zxing_reader.wasm"
cp detector/package/LICENSE "$out/LICENSE.barcode-detector"
cp zxing/package/LICENSE "$out/LICENSE.zxing-wasm"
cp /usr/share/common-licenses/Apache-2.0 "$out/LICENSE.zxing-cpp" 2>/dev/null ||
  curl -fsSL https://www.apache.org/licenses/LICENSE-2.0.txt -o "$out/LICENSE.zxing-cpp"
cat >"$out/README.md" <<TEXT
# QR decoder (vendored)

Made by \`scripts/vendor_scanner.sh\` (\`make vendor-scanner\`) from the npm registry; do not edit.

| file | from | licence |
| --- | --- | --- |
| \`barcode-detector.js\` | npm \`barcode-detector@$DETECTOR_VERSION\`, \`dist/iife/ponyfill.js\` | MIT (\`LICENSE.barcode-detector\`) |
| \`zxing_reader.wasm\` | npm \`zxing-wasm@$ZXING_WASM_VERSION\`, \`dist/reader/zxing_reader.wasm\` (SHA-256 \`$actual\`) | MIT (\`LICENSE.zxing-wasm\`); it is zxing-cpp (commit \`$cpp_commit\`) compiled to WebAssembly, Apache-2.0 (\`LICENSE.zxing-cpp\`) |

The check-in pages load them only when the browser has no \`BarcodeDetector\` for QR codes, and
point the ponyfill at this copy of the WebAssembly (it would otherwise fetch it from a CDN).
TEXT
echo "vendored barcode-detector@$DETECTOR_VERSION and zxing-wasm@$ZXING_WASM_VERSION into $out"
