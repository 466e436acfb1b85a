package io.launchgraph.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** The part of a launch's answer both sides compute: blocked or not, direct and root blocker ids. */
final class Answers {
    private Answers() {}

    record Answer(boolean blocked, SortedSet<String> direct, SortedSet<String> roots) {
        static Answer of(boolean blocked, Collection<String> direct, Collection<String> roots) {
            return new Answer(blocked, new TreeSet<>(direct), new TreeSet<>(roots));
        }

        /** From the JSON of GET /launches/{id} (one element of GET /launches). */
        static Answer of(JsonNode launch) {
            List<String> direct = new ArrayList<>();
            launch.path("directBlockers").forEach(b -> direct.add(b.path("milestoneId").asText()));
            List<String> roots = new ArrayList<>();
            launch.path("rootBlockers").forEach(b -> roots.add(b.path("milestoneId").asText()));
            return of(launch.path("blocked").asBoolean(), direct, roots);
        }
    }

    /** How two sides' answers for the same launches compare. */
    record Comparison(int compared, int differ, List<String> firstDifferences) {}

    /**
     * Compares every launch of {@code launches}: a launch that is not open has no answer, and
     * two missing answers agree.
     */
    static Comparison compare(List<String> launches, Map<String, Answer> left, String leftName, Map<String, Answer> right, String rightName) {
        int differ = 0;
        List<String> shown = new ArrayList<>();
        for (String id : launches) {
            Answer l = left.get(id);
            Answer r = right.get(id);
            if (!Objects.equals(l, r)) {
                differ++;
                if (shown.size() < 5) {
                    shown.add(id + ": " + leftName + " " + describe(l) + ", " + rightName + " " + describe(r));
                }
            }
        }
        return new Comparison(launches.size(), differ, shown);
    }

    private static String describe(Answer a) {
        return a == null ? "not open" : (a.blocked() ? "blocked" : "not blocked") + " direct " + a.direct() + " roots " + a.roots();
    }
}
