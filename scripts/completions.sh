#!/usr/bin/env bash
# Writes shell completions for chibo and chibod (made by swift-argument-parser) into DIR:
#   DIR/bash/{chibo,chibod}  DIR/zsh/{_chibo,_chibod}  DIR/fish/{chibo,chibod}.fish
# Usage: scripts/completions.sh DIR [BIN_DIR]
set -euo pipefail
out=${1:?usage: scripts/completions.sh DIR [BIN_DIR]}
bin=${2:-$(cd "$(dirname "$0")/.." && swift build -c release --show-bin-path)}
mkdir -p "$out/bash" "$out/zsh" "$out/fish"
for tool in chibo chibod; do
  "$bin/$tool" --generate-completion-script bash >"$out/bash/$tool"
  "$bin/$tool" --generate-completion-script zsh >"$out/zsh/_$tool"
  "$bin/$tool" --generate-completion-script fish >"$out/fish/$tool.fish"
done
echo "completions written to $out"
