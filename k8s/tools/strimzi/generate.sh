#!/usr/bin/env bash
# Regenerates crds/*.yaml, the CustomResourceDefinitions of Strimzi's Kafka, KafkaNodePool and KafkaTopic
# (kafka.strimzi.io/v1) that deploy/local/k8s.sh validates the manifests against. They are committed because
# Strimzi's generator is Java 21 bytecode and a fresh Debian machine has Java 17: run this (once per Strimzi
# version, after changing strimzi.version in pom.xml) on a machine with Java 21 or newer.
# Usage: k8s/tools/strimzi/generate.sh   (JAVA: a java 21+ binary; found in JAVA_HOME or /usr/lib/jvm otherwise)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_ok() { [ -x "$1" ] && [ "$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p' | cut -d. -f1)" -ge 21 ] 2>/dev/null; }
java="${JAVA:-}"
if [ -z "$java" ]; then
  for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    if java_ok "$candidate"; then java="$candidate"; break; fi
  done
fi
[ -n "$java" ] && java_ok "$java" || { echo "no Java 21+ found (set JAVA=/path/to/java)" >&2; exit 1; }
lib="$(mktemp -d)"; trap 'rm -rf "$lib"' EXIT
mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime
mkdir -p "$here/crds"
# Output paths must be absolute (the generator resolves them against its own working directory otherwise).
"$java" -cp "$lib/*" io.strimzi.crdgenerator.CrdGenerator --yaml --crd-api-version v1 --api-versions v1 \
  --storage-version v1 \
  io.strimzi.api.kafka.model.kafka.Kafka="$here/crds/kafka.yaml" \
  io.strimzi.api.kafka.model.nodepool.KafkaNodePool="$here/crds/kafkanodepool.yaml" \
  io.strimzi.api.kafka.model.topic.KafkaTopic="$here/crds/kafkatopic.yaml"
echo "Strimzi $(sed -n 's:.*<strimzi.version>\(.*\)</strimzi.version>.*:\1:p' "$here/pom.xml") CRDs written to $here/crds"
