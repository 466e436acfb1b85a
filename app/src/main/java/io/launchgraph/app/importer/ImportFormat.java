package io.launchgraph.app.importer;

import java.util.Arrays;
import java.util.Locale;

/** The exports launchgraph imports; the name is what the CLI and {@code POST /import/{format}} take. */
public enum ImportFormat {
    /** Jira's REST search result (JSON) or its CSV export, told apart by their content. */
    JIRA,
    /** GitHub issues (REST objects) with their {@code blocked_by} and {@code sub_issues} lists. */
    GITHUB,
    /** Linear's CSV export. */
    LINEAR,
    /** launchgraph's own CSV template, for everything else. */
    CSV;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of a name, or an IllegalArgumentException saying which names there are. */
    public static ImportFormat of(String name) {
        for (ImportFormat f : values()) {
            if (f.id().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown import format \"" + name + "\"; expected one of "
                + Arrays.stream(values()).map(ImportFormat::id).toList());
    }
}
