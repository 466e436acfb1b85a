#!/usr/bin/python3
"""Reads the blocked-launches topic with Confluent's Python client and prints the latest answer
per launch as JSON, decoded through the schema registry (magic byte, schema id, Avro).

usage: consume_answers.py BOOTSTRAP REGISTRY_URL TOPIC EXPECTED_LAUNCHES TIMEOUT_SECONDS
"""
import datetime
import json
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaError
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def main(bootstrap, registry_url, topic, expected, timeout):
    expected, timeout = int(expected), float(timeout)
    deserializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry_url}))
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "python-" + uuid.uuid4().hex,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    consumer.subscribe([topic])
    latest = {}
    deadline = time.time() + timeout
    quiet_since = None
    records = 0
    try:
        while time.time() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                # Done once every expected launch has an answer and nothing came for two seconds.
                if len(latest) >= expected:
                    quiet_since = quiet_since or time.time()
                    if time.time() - quiet_since > 2:
                        break
                continue
            quiet_since = None
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    print("consumer error: " + str(msg.error()), file=sys.stderr)
                continue
            records += 1
            latest[msg.key().decode("utf-8")] = plain(deserializer.decode_message(msg.value()))
    finally:
        consumer_assignment = [(p.topic, p.partition) for p in consumer.assignment()]
        consumer.close()
    print(json.dumps(latest, sort_keys=True))
    if len(latest) < expected:
        # Says where it stopped, so that a failure is not only an empty answer.
        print("read %d records, answers for %d of %d launches, within %.0f s; assignment: %s"
              % (records, len(latest), expected, timeout, consumer_assignment), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
