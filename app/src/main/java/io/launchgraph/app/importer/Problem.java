package io.launchgraph.app.importer;

/**
 * A row of an export that cannot be imported, and why: where it is (the CSV line the row starts
 * on, or the index of a JSON issue), the tracker's key when known, and a reason a person can act
 * on. A problem of the whole export (not JSON, a missing column, a bad mapping) has neither line
 * nor index.
 */
public record Problem(Integer line, Integer index, String key, String reason) {

    /** Where a row is, without a reason yet. */
    record Position(Integer line, Integer index, String key) {
        static Position line(int line, String key) {
            return new Position(line, null, key);
        }

        static Position index(int index, String key) {
            return new Position(null, index, key);
        }

        Position withKey(String key) {
            return new Position(line, index, key);
        }

        Problem problem(String reason) {
            return new Problem(line, index, key, reason);
        }
    }

    static Problem whole(String reason) {
        return new Problem(null, null, null, reason);
    }

    /** "line 7 (ADS-12): reason", "issue 3 (acme/checkout#4): reason", or the reason alone. */
    public String describe() {
        String where = line != null ? "line " + line : index != null ? "issue " + index : null;
        if (where == null) {
            return key == null ? reason : key + ": " + reason;
        }
        return where + (key == null ? "" : " (" + key + ")") + ": " + reason;
    }
}
