# The Kafka broker of the local stack: Apache Kafka from Maven Central jars (fetched by Maven itself), single-node
# KRaft under data/kafka. Sourced by ./mcps; expects lib.sh.

kafka_external() { [ -n "${MCPS_KAFKA_BOOTSTRAP:-}" ]; }

# Sets KAFKA_LIB to the folder of the broker's jars, fetching them on first use.
kafka_jars() {
  local lib="$DATA/kafka/lib"
  KAFKA_LIB="$lib"
  if [ ! -f "$lib/.complete" ]; then
    say "kafka         fetching the broker's jars from Maven Central"
    mkdir -p "$lib"
    mvn -B -q -f "$ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$lib" -DincludeScope=runtime >"$INFRA_LOGS/kafka-fetch.log" 2>&1 \
      || die "fetching Kafka's jars failed: $(tail -n 5 "$INFRA_LOGS/kafka-fetch.log")"
    touch "$lib/.complete"
  fi
}

kafka_start() {
  if kafka_external; then
    port_open "${KAFKA_HOST}" "${KAFKA_PORT}" || die "Kafka at $MCPS_KAFKA_BOOTSTRAP does not answer"
    kafka_topics
    return 0
  fi
  if pid_alive kafka; then
    say "kafka         already running on $KAFKA_HOST:$KAFKA_PORT"
    kafka_topics
    return 0
  fi
  port_open 127.0.0.1 "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another program; set MCPS_KAFKA_PORT or stop it"
  port_open 127.0.0.1 "$KAFKA_CONTROLLER_PORT" && die "port $KAFKA_CONTROLLER_PORT (Kafka controller) is taken"
  kafka_jars
  local lib="$KAFKA_LIB" dir="$DATA/kafka"
  mkdir -p "$dir/logs" "$INFRA_LOGS"
  sed -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" -e "s|@DATA@|$dir/logs|g" \
    "$ROOT/deploy/local/kafka/server.properties.template" > "$dir/server.properties"
  if [ ! -f "$dir/logs/meta.properties" ]; then
    local id; id=$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$lib/*" kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" \
      >"$INFRA_LOGS/kafka-format.log" 2>&1 || die "formatting Kafka's storage failed: $(tail -n 5 "$INFRA_LOGS/kafka-format.log")"
  fi
  nohup java -Xms128m -Xmx${MCPS_KAFKA_HEAP:-512m} -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.properties" \
    -cp "$lib/*" kafka.Kafka "$dir/server.properties" >"$INFRA_LOGS/kafka.log" 2>&1 &
  echo $! > "$INFRA_PIDS/kafka.pid"
  wait_port kafka 127.0.0.1 "$KAFKA_PORT" 60 || die "Kafka did not start: $(tail -n 20 "$INFRA_LOGS/kafka.log")"
  say "kafka         started on 127.0.0.1:$KAFKA_PORT (data/kafka)"
  kafka_topics
}

kafka_topics() {
  kafka_jars
  java -cp "$KAFKA_LIB/*" "$ROOT/deploy/local/kafka/CreateTopics.java" "$KAFKA_BOOTSTRAP" >"$INFRA_LOGS/kafka-topics.log" 2>&1 \
    || die "creating the topics failed: $(tail -n 5 "$INFRA_LOGS/kafka-topics.log")"
}

kafka_stop() {
  kafka_external && return 0
  stop_pid kafka
}

kafka_status() {
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    status_line kafka "$KAFKA_BOOTSTRAP" up
  else
    status_line kafka "$KAFKA_BOOTSTRAP" down
  fi
}
