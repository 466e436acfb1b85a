package io.launchgraph.app.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample exports under src/test/resources/import. */
final class Exports {
    private Exports() {}

    static byte[] bytes(String name) {
        try (InputStream in = Exports.class.getResourceAsStream("/import/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource import/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Desired translate(ImportFormat format, String name) {
        return Importer.translate(format, bytes(name), Mapping.defaults(format));
    }

    static Desired translate(ImportFormat format, String name, String mappingJson) {
        return Importer.translate(format, bytes(name), Mapping.read(format, mappingJson.getBytes(StandardCharsets.UTF_8)));
    }

    static Desired translateText(ImportFormat format, String text, String mappingJson) {
        return Importer.translate(format, text.getBytes(StandardCharsets.UTF_8),
                Mapping.read(format, mappingJson == null ? null : mappingJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** "a -> b HARD" for each edge, in the export's order (sorted by pair). */
    static java.util.List<String> edges(Desired d) {
        return d.edges().stream().map(e -> e.dependentId() + " -> " + e.dependencyId() + " " + e.strength()).toList();
    }

    static Desired.Milestone milestone(Desired d, String id) {
        return d.milestones().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no milestone " + id + " in " + d.milestones()));
    }
}
