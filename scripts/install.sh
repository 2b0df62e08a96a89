#!/usr/bin/env bash
# Installs chibo on this machine: release binaries in /usr/local/bin, shell completions, the systemd unit,
# and a `chibo` system user owning /var/lib/chibo. Does not create the data directory (that needs the first
# admin's public key; see scripts/chibod.service).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"
install_build_packages
swift build -c release --product chibod
swift build -c release --product chibo
bin=$(swift build -c release --show-bin-path)
as_root install -m 0755 "$bin/chibod" "$bin/chibo" /usr/local/bin/
tmp=$(mktemp -d)
scripts/completions.sh "$tmp" "$bin" >/dev/null
as_root install -D -m 0644 "$tmp/bash/chibo" /usr/share/bash-completion/completions/chibo
as_root install -D -m 0644 "$tmp/bash/chibod" /usr/share/bash-completion/completions/chibod
as_root install -D -m 0644 "$tmp/zsh/_chibo" /usr/share/zsh/vendor-completions/_chibo
as_root install -D -m 0644 "$tmp/zsh/_chibod" /usr/share/zsh/vendor-completions/_chibod
as_root install -D -m 0644 "$tmp/fish/chibo.fish" /usr/share/fish/vendor_completions.d/chibo.fish
as_root install -D -m 0644 "$tmp/fish/chibod.fish" /usr/share/fish/vendor_completions.d/chibod.fish
rm -rf "$tmp"
id chibo >/dev/null 2>&1 || as_root useradd --system --home-dir /var/lib/chibo --shell /usr/sbin/nologin chibo
as_root install -d -m 0700 -o chibo -g chibo /var/lib/chibo
as_root install -m 0644 scripts/chibod.service /etc/systemd/system/chibod.service
echo "installed. Next: sudo -u chibo chibod init --data /var/lib/chibo/data --admin-key ADMIN.pub;"
echo "            systemctl daemon-reload && systemctl enable --now chibod"
