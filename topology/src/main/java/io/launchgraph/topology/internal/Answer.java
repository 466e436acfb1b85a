package io.launchgraph.topology.internal;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.ForecastState;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The derived answer for one launch (SEMANTICS.md "Derived answers" and "Forecasts"). Lists are
 * immutable and sorted (blockers by milestone id, risk by dependent then dependency id), so equal
 * answers are equal values and serialize to equal bytes. Every open answer has a forecast; the
 * closed one has none.
 */
public record Answer(boolean open, boolean blocked, List<Blocker> direct, List<Root> roots, List<Risk> risk, Forecast forecast) {

    /** The final answer of a launch that is no longer open. */
    public static final Answer CLOSED = new Answer(false, false, List.of(), List.of(), List.of(), null);

    public Answer {
        direct = List.copyOf(direct);
        roots = List.copyOf(roots);
        risk = List.copyOf(risk);
    }

    public record Blocker(String milestoneId, String teamId, BlockReason reason) {
        public Blocker {
            Objects.requireNonNull(milestoneId, "milestoneId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public record Root(String milestoneId, String teamId, BlockReason reason, boolean cycle, List<String> path) {
        public Root {
            Objects.requireNonNull(milestoneId, "milestoneId");
            Objects.requireNonNull(reason, "reason");
            path = List.copyOf(path);
        }
    }

    public record Risk(
            String dependentId, String dependencyId, DependencyStrength strength, LocalDate neededBy, LocalDate dueDate) {
        public Risk {
            Objects.requireNonNull(dependentId, "dependentId");
            Objects.requireNonNull(dependencyId, "dependencyId");
            Objects.requireNonNull(strength, "strength");
            Objects.requireNonNull(neededBy, "neededBy");
        }
    }

    /**
     * When the launch can really ship: {@code date} and {@code slipDays} are null exactly when the
     * state is NEVER or UNSCHEDULED; the critical path is empty exactly when it is ON_TIME.
     */
    public record Forecast(ForecastState state, LocalDate date, Integer slipDays, List<String> criticalPath) {
        public Forecast {
            Objects.requireNonNull(state, "state");
            criticalPath = List.copyOf(criticalPath);
        }

        public static Forecast never(List<String> path) {
            return new Forecast(ForecastState.NEVER, null, null, path);
        }

        public static Forecast unscheduled(List<String> path) {
            return new Forecast(ForecastState.UNSCHEDULED, null, null, path);
        }

        public static Forecast onTime(LocalDate date) {
            return new Forecast(ForecastState.ON_TIME, date, 0, List.of());
        }

        public static Forecast late(LocalDate date, int slipDays, List<String> path) {
            return new Forecast(ForecastState.LATE, date, slipDays, path);
        }
    }
}
