# Quarkus's native build steps for every service, without linking (no GraalVM or Mandrel can be installed here):
# reflection registrations, substitutions and unsupported libraries surface as build errors. The binary itself is
# built where Mandrel exists (k8s/README.md).
NATIVE_SERVICES="identity-service,tool-service,mcp-proxy-service,observability-service,gateway-service"

native_sources_check() {
  say "native        Quarkus native build steps of the five services (sources only, nothing linked)"
  (cd "$ROOT" && mvn -B -q -Dquarkus.analytics.disabled=true ${MCPS_MVN_ARGS:-} -P native-sources \
    -pl "$NATIVE_SERVICES" -am package -DskipTests) || die "the native build steps failed (see above)"
  local module
  for module in ${NATIVE_SERVICES//,/ }; do
    [ -s "$ROOT/$module/target/native-sources/native-image.args" ] \
      || die "$module: no native-image.args was written"
  done
  say "native        native-image sources written for all five services"
}
