package io.launchgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One launch's view made ready to send: the JSON of each of its fields, written once, so that an
 * answer, a list or a {@code fields=} projection is bytes put side by side, and a summary (the
 * view without its blockers, risks and path) that lists filter, sort and count by. The bytes are
 * what Jackson writes for the whole view; {@code ReadyLaunchTest} holds them to it.
 */
record ReadyLaunch(Views.Launch summary, byte[][] fieldJson) {
    private static final RecordComponent[] FIELDS = Views.Launch.class.getRecordComponents();
    /** {@code "name":} of each field, in the record's order. */
    private static final byte[][] NAMES = new byte[FIELDS.length][];
    private static final byte[] OPEN = {'{'};
    private static final byte[] CLOSE = {'}'};
    private static final byte[] COMMA = {','};

    static {
        for (int i = 0; i < FIELDS.length; i++) {
            NAMES[i] = ("\"" + FIELDS[i].getName() + "\":").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The names of a launch's fields, in the order of the whole answer. */
    static List<String> fieldNames() {
        return java.util.Arrays.stream(FIELDS).map(RecordComponent::getName).toList();
    }

    /** The position of a field among {@link #fieldNames()}, or -1. */
    static int fieldIndex(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static ReadyLaunch of(Views.Launch view) {
        byte[][] json = new byte[FIELDS.length][];
        for (int i = 0; i < FIELDS.length; i++) {
            try {
                json[i] = HttpApi.JSON.writeValueAsBytes(value(FIELDS[i].getAccessor(), view));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write field " + FIELDS[i].getName() + " of launch " + view.launchId(), e);
            }
        }
        Views.Forecast f = view.forecast();
        Views.Launch summary = new Views.Launch(view.launchId(), view.teamId(), view.name(), view.status(), view.dueDate(), view.labels(),
                view.open(), view.blocked(), List.of(), List.of(), List.of(),
                f == null ? null : new Views.Forecast(f.state(), f.date(), f.slipDays(), List.of(), f.neverBecause(), null),
                view.causeEventId());
        return new ReadyLaunch(summary, json);
    }

    /** The fields {@code fields} names (positions among {@link #fieldNames()}), in that order, by name: a projected launch to write as JSON. */
    static Map<String, Object> project(Views.Launch view, int[] fields) {
        Map<String, Object> projected = new LinkedHashMap<>();
        for (int field : fields) {
            projected.put(FIELDS[field].getName(), value(FIELDS[field].getAccessor(), view));
        }
        return projected;
    }

    private static Object value(Method accessor, Views.Launch view) {
        try {
            return accessor.invoke(view);
        } catch (IllegalAccessException | InvocationTargetException e) {
            // Record accessors are public and do not throw: this is a bug, not bad input.
            throw new IllegalStateException("cannot read " + accessor.getName() + " of a launch", e);
        }
    }

    /** Writes the launch as a JSON object: every field, or (with {@code fields}) those, in that order. */
    void writeTo(OutputStream out, int[] fields) throws IOException {
        out.write(OPEN);
        int count = fields == null ? FIELDS.length : fields.length;
        for (int i = 0; i < count; i++) {
            int field = fields == null ? i : fields[i];
            if (i > 0) {
                out.write(COMMA);
            }
            out.write(NAMES[field]);
            out.write(fieldJson[field]);
        }
        out.write(CLOSE);
    }

    /** The JSON object {@link #writeTo} writes. */
    byte[] json(int[] fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(fields == null ? 1024 : 128);
        try {
            writeTo(out, fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code [launch,launch,...]}. */
    static void writeArray(OutputStream out, List<ReadyLaunch> launches, int[] fields) throws IOException {
        out.write('[');
        for (int i = 0; i < launches.size(); i++) {
            if (i > 0) {
                out.write(COMMA);
            }
            launches.get(i).writeTo(out, fields);
        }
        out.write(']');
    }
}
