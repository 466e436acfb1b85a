#!/usr/bin/python3
"""Publishes launchgraph events, read as JSON Lines, with Confluent's Python client.

Independent of the Java code on purpose: Debian's python3-confluent-kafka and python3-avro,
the legacy serializer API, Avro in Confluent's wire format, subject <topic>-value.

usage: produce_events.py BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_FILE EVENTS_FILE
"""
import datetime
import json
import sys

import avro.schema
from confluent_kafka import Producer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

# The fields of each event type, in the JSON form and in the Avro record alike.
FIELDS = {
    "MilestoneDeclared": ["milestoneId", "teamId", "name", "kind", "dueDate", "status", "labels"],
    "MilestoneStatusChanged": ["milestoneId", "status"],
    "MilestoneDueDateChanged": ["milestoneId", "dueDate"],
    "MilestoneRetired": ["milestoneId"],
    "DependencyDeclared": ["dependentId", "dependencyId", "strength", "neededBy"],
    "DependencyRemoved": ["dependentId", "dependencyId"],
}
DATES = {"dueDate", "neededBy"}


def to_record(event):
    payload = {}
    for field in FIELDS[event["type"]]:
        value = event.get(field)
        if field in DATES and value is not None:
            value = datetime.date.fromisoformat(value)
        # Every field of the type is given (None when absent): the library picks the union
        # branch whose fields include the datum's keys.
        payload[field] = value
    occurred = datetime.datetime.fromisoformat(event["occurredAt"].replace("Z", "+00:00"))
    return {
        "eventId": event["eventId"],
        "occurredAt": occurred,
        "source": event["source"],
        "event": payload,
    }


def entity(event):
    return event.get("milestoneId") or event["dependentId"]


def main(bootstrap, registry_url, topic, schema_file, events_file):
    with open(schema_file, encoding="utf-8") as f:
        schema = avro.schema.parse(f.read())
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry_url}))
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all"})
    failures = []
    count = 0
    with open(events_file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            event = json.loads(line)
            value = serializer.encode_record_with_schema(topic, schema, to_record(event))
            producer.produce(topic, key=entity(event).encode("utf-8"), value=value,
                             on_delivery=lambda err, msg: err and failures.append(str(err)))
            count += 1
    producer.flush(30)
    if failures:
        print("delivery failed: " + "; ".join(failures), file=sys.stderr)
        return 1
    print(f"produced {count} events to {topic}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
