#!/usr/bin/env bash
# Starts one KRaft broker (broker and controller in one process) configured like the apache/kafka
# image: defaults for a single node, then every KAFKA_* variable as a server property (KAFKA_
# dropped, lower case, '___' -> '-', '__' -> '_', '_' -> '.'), e.g.
# KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka:9092 -> advertised.listeners. CLUSTER_ID names the
# cluster the log directory is formatted for.
set -euo pipefail
conf=/opt/kafka/config/server.properties
cat > "$conf" <<'DEFAULTS'
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://:9092,CONTROLLER://:9093
advertised.listeners=PLAINTEXT://localhost:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.quorum.voters=1@localhost:9093
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
DEFAULTS
# Variables that are JVM options in apache/kafka's scripts, not server properties.
skip=" KAFKA_HEAP_OPTS KAFKA_OPTS KAFKA_JVM_PERFORMANCE_OPTS KAFKA_LOG4J_OPTS KAFKA_GC_LOG_OPTS KAFKA_JMX_OPTS "
while IFS= read -r name; do
  case "$skip" in *" $name "*) continue ;; esac
  key="${name#KAFKA_}"
  key="${key,,}"
  key="${key//___/-}"
  key="${key//__/@}"
  key="${key//_/.}"
  key="${key//@/_}"
  # Later lines win when java.util.Properties reads the file: a variable overrides a default.
  printf '%s=%s\n' "$key" "${!name}" >> "$conf"
done < <(compgen -e | grep '^KAFKA_' || true)

classpath='/opt/kafka/libs/*'
logging="-Dlogback.configurationFile=/opt/kafka/logback.xml"
java $logging -cp "$classpath" kafka.tools.StorageTool format --ignore-formatted \
  --cluster-id "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" --config "$conf"
# shellcheck disable=SC2086 # the options are a list of words, as in Kafka's own scripts
exec java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m} ${KAFKA_OPTS:-} $logging -cp "$classpath" kafka.Kafka "$conf"
