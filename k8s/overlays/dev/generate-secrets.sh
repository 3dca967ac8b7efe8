#!/usr/bin/env bash
# Writes the dev overlay's secret files (random values, git-ignored) once: the service secret, the secrets key,
# the admin password, the RS256 key pair identity-service signs with, and a password per database owner.
# Usage: k8s/overlays/dev/generate-secrets.sh [DIR]   (DIR defaults to this overlay's secrets/)
set -euo pipefail
dir="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets}"
mkdir -p "$dir"; chmod 700 "$dir"
umask 077
rand() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
if [ ! -f "$dir/mcps.env" ]; then
  printf 'MCPS_SERVICE_SECRET=%s\nMCPS_SECRETS_KEY=%s\nMCPS_ADMIN_PASSWORD=%s\n' "$(rand)" "$(rand)" "$(rand)" > "$dir/mcps.env"
fi
if [ ! -f "$dir/private-key.pem" ]; then
  # PKCS#8 private key and X.509 public key, the PEM forms identity-service reads (and writes when it generates).
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private-key.pem" 2>/dev/null
  openssl pkey -in "$dir/private-key.pem" -pubout -out "$dir/public-key.pem"
fi
for pair in identity:mcps_identity tool:mcps_tools mcp-proxy:mcps_proxy observability:mcps_observability; do
  f="$dir/db-${pair%%:*}.env"
  [ -f "$f" ] || printf 'username=%s\npassword=%s\n' "${pair##*:}" "$(rand)" > "$f"
done
echo "secrets in $dir (the admin password is MCPS_ADMIN_PASSWORD in mcps.env)"
