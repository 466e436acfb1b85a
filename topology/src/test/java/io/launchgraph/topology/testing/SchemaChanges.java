package io.launchgraph.topology.testing;

import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/** Later versions of the event envelope, built with Avro's API, as a newer writer would have them. */
public final class SchemaChanges {
    private SchemaChanges() {}

    /** The envelope whose {@code MilestoneStatusChanged} carries an optional {@code comment}. */
    public static Schema withCommentOnStatusChanges() {
        Schema comment = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        return mapBranches(branch -> {
            if (!branch.getName().equals("MilestoneStatusChanged")) {
                return branch;
            }
            List<Schema.Field> fields = copy(branch.getFields());
            fields.add(new Schema.Field("comment", comment, "Why the status changed.", JsonProperties.NULL_VALUE));
            return Schema.createRecord(branch.getName(), branch.getDoc(), branch.getNamespace(), false, fields);
        });
    }

    /** {@code LaunchAnswer} as contract v1 wrote it: without the {@code forecast} field. */
    public static Schema launchAnswerV1() {
        Schema v2 = LaunchAnswer.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v2.getFields()) {
            if (!f.name().equals("forecast")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(v2.getName(), v2.getDoc(), v2.getNamespace(), false, fields);
    }

    /** The envelope with one more event type appended to its union. */
    public static Schema withEventType(Schema eventType) {
        Schema envelope = MilestoneEvent.getClassSchema();
        List<Schema> branches = new ArrayList<>(envelope.getField("event").schema().getTypes());
        branches.add(eventType);
        return withEventUnion(Schema.createUnion(branches));
    }

    /** The branch of the envelope's union named {@code name}. */
    public static Schema branch(Schema envelope, String name) {
        return envelope.getField("event").schema().getTypes().stream()
                .filter(b -> b.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no branch " + name));
    }

    private static Schema mapBranches(java.util.function.UnaryOperator<Schema> change) {
        List<Schema> branches = new ArrayList<>();
        for (Schema b : MilestoneEvent.getClassSchema().getField("event").schema().getTypes()) {
            branches.add(change.apply(b));
        }
        return withEventUnion(Schema.createUnion(branches));
    }

    private static Schema withEventUnion(Schema union) {
        Schema base = MilestoneEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.name().equals("event") ? union : f.schema()));
        }
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static List<Schema.Field> copy(List<Schema.Field> fields) {
        List<Schema.Field> copies = new ArrayList<>();
        for (Schema.Field f : fields) {
            copies.add(new Schema.Field(f, f.schema()));
        }
        return copies;
    }
}
