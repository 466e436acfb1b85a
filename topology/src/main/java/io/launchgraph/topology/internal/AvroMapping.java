package io.launchgraph.topology.internal;

import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.DescriptorRegister;
import io.launchgraph.avro.DueDateRegister;
import io.launchgraph.avro.ExistenceRegister;
import io.launchgraph.avro.Forecast;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.RiskEdge;
import io.launchgraph.avro.RootBlocker;
import io.launchgraph.avro.StatusRegister;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Between the immutable domain records and the Avro records that stores and topics carry. */
public final class AvroMapping {

    private AvroMapping() {}

    public static MilestoneState toAvro(Milestone m) {
        MilestoneState.Builder b = MilestoneState.newBuilder().setMilestoneId(m.id());
        if (m.descriptor() != null) {
            Milestone.Descriptor d = m.descriptor().value();
            b.setDescriptor(new DescriptorRegister(d.teamId(), d.name(), d.kind(), d.labels(), toAvro(m.descriptor().stamp())));
        }
        if (m.status() != null) {
            b.setStatus(new StatusRegister(m.status().value(), toAvro(m.status().stamp())));
        }
        if (m.dueDate() != null) {
            b.setDueDate(new DueDateRegister(m.dueDate().value(), toAvro(m.dueDate().stamp())));
        }
        if (m.existence() != null) {
            b.setExistence(new ExistenceRegister(m.existence().value(), toAvro(m.existence().stamp())));
        }
        return b.build();
    }

    public static Milestone fromAvro(MilestoneState s) {
        DescriptorRegister d = s.getDescriptor();
        StatusRegister status = s.getStatus();
        DueDateRegister due = s.getDueDate();
        ExistenceRegister existence = s.getExistence();
        return new Milestone(
                s.getMilestoneId(),
                d == null
                        ? null
                        : new Register<>(
                                new Milestone.Descriptor(d.getTeamId(), d.getName(), d.getKind(), d.getLabels()),
                                fromAvro(d.getStamp())),
                status == null ? null : new Register<>(status.getStatus(), fromAvro(status.getStamp())),
                due == null ? null : new Register<>(due.getDueDate(), fromAvro(due.getStamp())),
                existence == null ? null : new Register<>(existence.getDeclared(), fromAvro(existence.getStamp())));
    }

    public static DependencyState toAvro(Dependency d) {
        return new DependencyState(
                d.dependentId(), d.dependencyId(), d.present(), d.strength(), d.neededBy(), toAvro(d.stamp()));
    }

    public static Dependency fromAvro(DependencyState s) {
        return new Dependency(
                s.getDependentId(),
                s.getDependencyId(),
                s.getPresent(),
                s.getStrength(),
                s.getNeededBy(),
                fromAvro(s.getStamp()));
    }

    public static LaunchAnswer toAvro(String launchId, Answer a, String causeEventId) {
        List<io.launchgraph.avro.Blocker> direct = new ArrayList<>(a.direct().size());
        for (Answer.Blocker b : a.direct()) {
            direct.add(new io.launchgraph.avro.Blocker(b.milestoneId(), b.teamId(), b.reason()));
        }
        List<RootBlocker> roots = new ArrayList<>(a.roots().size());
        for (Answer.Root r : a.roots()) {
            roots.add(new RootBlocker(r.milestoneId(), r.teamId(), r.reason(), r.cycle(), r.path()));
        }
        List<RiskEdge> risk = new ArrayList<>(a.risk().size());
        for (Answer.Risk r : a.risk()) {
            risk.add(new RiskEdge(r.dependentId(), r.dependencyId(), r.strength(), r.neededBy(), r.dueDate()));
        }
        return new LaunchAnswer(launchId, a.open(), a.blocked(), direct, roots, risk, causeEventId, toAvro(a.forecast()));
    }

    private static Forecast toAvro(Answer.Forecast f) {
        return f == null ? null : new Forecast(f.state(), f.date(), f.slipDays(), f.criticalPath());
    }

    private static Answer.Forecast fromAvro(Forecast f) {
        return f == null ? null : new Answer.Forecast(f.getState(), f.getDate(), f.getSlipDays(), f.getCriticalPath());
    }

    public static io.launchgraph.avro.MilestoneForecast toAvro(String milestoneId, MilestoneForecast f) {
        return new io.launchgraph.avro.MilestoneForecast(milestoneId, f.state(), f.date(), f.slipDays());
    }

    public static MilestoneForecast fromAvro(io.launchgraph.avro.MilestoneForecast f) {
        return new MilestoneForecast(f.getState(), f.getDate(), f.getSlipDays());
    }

    public static Answer fromAvro(LaunchAnswer l) {
        List<Answer.Blocker> direct = new ArrayList<>(l.getDirectBlockers().size());
        for (io.launchgraph.avro.Blocker b : l.getDirectBlockers()) {
            direct.add(new Answer.Blocker(b.getMilestoneId(), b.getTeamId(), b.getReason()));
        }
        List<Answer.Root> roots = new ArrayList<>(l.getRootBlockers().size());
        for (RootBlocker r : l.getRootBlockers()) {
            roots.add(new Answer.Root(r.getMilestoneId(), r.getTeamId(), r.getReason(), r.getCycle(), r.getPath()));
        }
        List<Answer.Risk> risk = new ArrayList<>(l.getRisk().size());
        for (RiskEdge r : l.getRisk()) {
            risk.add(new Answer.Risk(r.getDependentId(), r.getDependencyId(), r.getStrength(), r.getNeededBy(), r.getDueDate()));
        }
        return new Answer(l.getOpen(), l.getBlocked(), direct, roots, risk, fromAvro(l.getForecast()));
    }

    private static io.launchgraph.avro.Stamp toAvro(Stamp s) {
        return new io.launchgraph.avro.Stamp(Instant.ofEpochMilli(s.occurredAt()), s.eventId());
    }

    private static Stamp fromAvro(io.launchgraph.avro.Stamp s) {
        return new Stamp(s.getOccurredAt().toEpochMilli(), s.getEventId());
    }
}
