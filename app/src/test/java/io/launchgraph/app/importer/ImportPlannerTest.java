package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.avro.RootBlocker;
import io.launchgraph.topology.WhatIf;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From what an export says to the events that make the graph say it: new, again, later, and other sources' facts. */
class ImportPlannerTest {
    private static final Instant EXPORTED = Instant.parse("2026-10-05T09:00:00Z");
    private static final Instant LATER = Instant.parse("2026-10-06T12:00:00Z");

    private static final Desired JIRA = Exports.translate(ImportFormat.JIRA, "jira-search.json");
    private static final Desired JIRA_LATER = Exports.translate(ImportFormat.JIRA, "jira-search-later.json");

    private static ImportPlanner.Plan plan(Desired d, List<MilestoneEvent> state, String source, Instant exportedAt) {
        return ImportPlanner.plan(d, CurrentGraph.of(WhatIf.of(state)), source, exportedAt);
    }

    @SafeVarargs
    private static List<MilestoneEvent> concat(List<MilestoneEvent>... lists) {
        List<MilestoneEvent> all = new ArrayList<>();
        Arrays.stream(lists).forEach(all::addAll);
        return all;
    }

    private static List<String> lines(ImportPlanner.Plan p) {
        return p.events().stream().map(e -> {
            ObjectNode n = EventJson.toJson(e);
            n.remove("eventId");
            n.remove("source");
            return n.toString();
        }).toList();
    }

    private static MilestoneEvent manual(String id, String at, Object body) {
        return new MilestoneEvent(id, Instant.parse(at), "manual", body);
    }

    private static List<String> roots(WhatIf w, String launch) {
        return w.subgraph(launch).answer().getRootBlockers().stream().map(RootBlocker::getPath).map(p -> String.join(" > ", p)).toList();
    }

    @Test
    void shouldDeclareEverythingANewExportHoldsUnderIdsOfItsContent() {
        // when
        ImportPlanner.Plan plan = ImportPlanner.plan(JIRA, CurrentGraph.EMPTY, "jira", EXPORTED);

        // then
        assertThat(plan.milestones()).isEqualTo(new ImportSummary.Milestones(8, 0, 0));
        assertThat(plan.edges()).isEqualTo(new ImportSummary.Edges(6, 0, 0, 0));
        assertThat(plan.events()).hasSize(14).allSatisfy(e -> {
            assertThat(e.getEventId()).matches("jira:(declared|dependency):[0-9a-f]{24}");
            assertThat(e.getSource()).isEqualTo("jira");
        });
        assertThat(lines(plan).get(0)).isEqualTo("{\"type\":\"MilestoneDeclared\",\"occurredAt\":\"2026-10-01T09:00:00Z\",\"milestoneId\":\"ADS-1\","
                + "\"teamId\":\"ads\",\"name\":\"Launch Shopping Ads in DE\",\"kind\":\"LAUNCH\",\"dueDate\":\"2026-12-01\",\"status\":\"PLANNED\"}");
        assertThat(lines(plan)).contains("{\"type\":\"DependencyDeclared\",\"occurredAt\":\"2026-10-02T10:00:00Z\",\"dependentId\":\"ADS-1\","
                + "\"dependencyId\":\"ADS-12\",\"strength\":\"HARD\"}");
        // the same facts get the same ids on every run
        assertThat(ImportPlanner.plan(JIRA, CurrentGraph.EMPTY, "jira", EXPORTED).events()).isEqualTo(plan.events());
        // and they answer as the export says
        WhatIf w = WhatIf.of(plan.events());
        assertThat(roots(w, "ADS-1")).containsExactly("ADS-1 > ADS-12 > PAY-7 > PAY-9", "ADS-1 > PRIV-3");
        assertThat(roots(w, "ADS-2")).containsExactly("ADS-2 > ADS-12 > PAY-7 > PAY-9");
    }

    @Test
    void shouldEmitNothingWhenTheSameExportIsImportedAgain() {
        // given
        List<MilestoneEvent> first = ImportPlanner.plan(JIRA, CurrentGraph.EMPTY, "jira", EXPORTED).events();

        // when: the same export, taken an hour later
        ImportPlanner.Plan again = plan(JIRA, first, "jira", EXPORTED.plusSeconds(3600));

        // then
        assertThat(again.events()).isEmpty();
        assertThat(again.milestones()).isEqualTo(new ImportSummary.Milestones(0, 0, 8));
        assertThat(again.edges()).isEqualTo(new ImportSummary.Edges(0, 0, 6, 0));
    }

    @Test
    void shouldMoveOnlyWhatChangedInALaterExport() {
        // given
        List<MilestoneEvent> first = ImportPlanner.plan(JIRA, CurrentGraph.EMPTY, "jira", EXPORTED).events();

        // when: PRIV-3 done, PAY-9 two weeks later, the link between ADS-12 and PAY-7 removed
        ImportPlanner.Plan later = plan(JIRA_LATER, first, "jira", LATER);

        // then
        assertThat(lines(later)).containsExactly(
                "{\"type\":\"MilestoneDueDateChanged\",\"occurredAt\":\"2026-10-05T15:00:00Z\",\"milestoneId\":\"PAY-9\",\"dueDate\":\"2026-10-27\"}",
                "{\"type\":\"MilestoneStatusChanged\",\"occurredAt\":\"2026-10-06T10:00:00Z\",\"milestoneId\":\"PRIV-3\",\"status\":\"DONE\"}",
                "{\"type\":\"DependencyRemoved\",\"occurredAt\":\"2026-10-06T12:00:00Z\",\"dependentId\":\"ADS-12\",\"dependencyId\":\"PAY-7\"}");
        assertThat(later.milestones()).isEqualTo(new ImportSummary.Milestones(0, 2, 6));
        assertThat(later.edges()).isEqualTo(new ImportSummary.Edges(0, 1, 5, 0));
        WhatIf w = WhatIf.of(concat(first, later.events()));
        assertThat(roots(w, "ADS-1")).containsExactly("ADS-1 > ADS-12");
        // and once more: nothing
        assertThat(plan(JIRA_LATER, concat(first, later.events()), "jira", LATER).events()).isEmpty();
    }

    @Test
    void shouldLeaveEdgesAnotherSourceDeclaredAlone() {
        // given the Jira import, the CSV template that waits on Jira issues, and an edge someone declared by hand
        List<MilestoneEvent> jira = ImportPlanner.plan(JIRA, CurrentGraph.EMPTY, "jira", EXPORTED).events();
        Desired plan = Exports.translate(ImportFormat.CSV, "launch-plan.csv");
        List<MilestoneEvent> csv = plan(plan, jira, "csv", EXPORTED).events();
        MilestoneEvent byHand = manual("manual-1", "2026-10-03T00:00:00Z", new DependencyDeclared("ADS-12", "OPS-1", DependencyStrength.HARD, null));
        WhatIf joined = WhatIf.of(concat(jira, csv));
        assertThat(roots(joined, "mkt-campaign-de")).containsExactly("mkt-campaign-de > ADS-1 > ADS-12 > PAY-7 > PAY-9",
                "mkt-campaign-de > ADS-1 > PRIV-3", "mkt-campaign-de > mkt-assets-de");

        // when the later Jira export comes in
        ImportPlanner.Plan later = plan(JIRA_LATER, concat(jira, csv, List.of(byHand)), "jira", LATER);

        // then Jira removes only what Jira declared
        assertThat(later.edges()).isEqualTo(new ImportSummary.Edges(0, 1, 5, 3));
        assertThat(later.notes()).filteredOn(n -> n.contains("left alone")).hasSize(3)
                .anySatisfy(n -> assertThat(n).contains("ADS-12 -> OPS-1", "manual-1"))
                .anySatisfy(n -> assertThat(n).contains("mkt-campaign-de -> ADS-1", "csv:dependency:"));
    }

    @Test
    void shouldStampAnEventAfterANewerRegisterSoThatItWins() {
        // given PRIV-3 set AT_RISK by hand after the export's last change of it
        List<MilestoneEvent> jira = ImportPlanner.plan(JIRA, CurrentGraph.EMPTY, "jira", EXPORTED).events();
        MilestoneEvent byHand = manual("manual-2", "2026-10-10T00:00:00Z", new MilestoneStatusChanged("PRIV-3", MilestoneStatus.AT_RISK));

        // when
        ImportPlanner.Plan again = plan(JIRA, concat(jira, List.of(byHand)), "jira", EXPORTED);

        // then
        assertThat(lines(again)).containsExactly(
                "{\"type\":\"MilestoneStatusChanged\",\"occurredAt\":\"2026-10-10T00:00:00.001Z\",\"milestoneId\":\"PRIV-3\",\"status\":\"IN_PROGRESS\"}");
        assertThat(again.notes()).anySatisfy(n -> assertThat(n).contains("1 event(s) are stamped 1 ms after"))
                .anySatisfy(n -> assertThat(n).contains("PRIV-3 (status)", "manual-2", "2026-10-10T00:00:00.001Z"));
        assertThat(WhatIf.of(concat(jira, List.of(byHand), again.events())).milestone("PRIV-3").getStatus().getStatus())
                .isEqualTo(MilestoneStatus.IN_PROGRESS);
    }

    @Test
    void shouldRedeclareARetiredMilestoneAndUnscheduleOneTheExportHasNoDateFor() {
        // given
        List<MilestoneEvent> jira = ImportPlanner.plan(JIRA, CurrentGraph.EMPTY, "jira", EXPORTED).events();
        List<MilestoneEvent> byHand = List.of(
                manual("manual-3", "2026-09-01T00:00:00Z", new MilestoneDueDateChanged("ADS-20", LocalDate.parse("2026-12-24"))),
                manual("manual-4", "2026-10-03T00:00:00Z", new MilestoneRetired("PRIV-4")));

        // when
        ImportPlanner.Plan again = plan(JIRA, concat(jira, byHand), "jira", EXPORTED);

        // then
        assertThat(again.events()).extracting(e -> e.getEvent().getClass().getSimpleName() + " " + EventJson.toJson(e).path("milestoneId").asText())
                .containsExactly("MilestoneDueDateChanged ADS-20", "MilestoneDeclared PRIV-4");
        assertThat(((MilestoneDueDateChanged) again.events().get(0).getEvent()).getDueDate()).isNull();
        MilestoneDeclared redeclared = (MilestoneDeclared) again.events().get(1).getEvent();
        assertThat(redeclared.getStatus()).isNull();
        // retired after the export's last change of it: the declaration is stamped just after the retirement
        assertThat(again.events().get(1).getOccurredAt()).isEqualTo(Instant.parse("2026-10-03T00:00:00.001Z"));
        assertThat(again.milestones()).isEqualTo(new ImportSummary.Milestones(0, 2, 6));
    }

    @Test
    void shouldRemoveOnlyEdgesOfIssuesWhoseListsTheExportCarries() throws Exception {
        // given the GitHub import
        Desired first = Exports.translate(ImportFormat.GITHUB, "github-issues.json");
        List<MilestoneEvent> imported = ImportPlanner.plan(first, CurrentGraph.EMPTY, "github", EXPORTED).events();
        // and a later export: #34 no longer blocked by payments#12; payments#12 without its blocked_by list
        ObjectMapper json = new ObjectMapper();
        ArrayNode issues = (ArrayNode) json.readTree(Exports.bytes("github-issues.json"));
        ((ArrayNode) issues.get(0).get("blocked_by")).remove(1);
        ((ObjectNode) issues.get(3)).remove("blocked_by");
        Desired later = Importer.translate(ImportFormat.GITHUB, json.writeValueAsBytes(issues), Mapping.defaults(ImportFormat.GITHUB));

        // when
        ImportPlanner.Plan plan = plan(later, imported, "github", LATER);

        // then: the edge #34 lists no more is removed; #12's, which the export does not show, stays
        assertThat(lines(plan)).containsExactly("{\"type\":\"DependencyRemoved\",\"occurredAt\":\"2026-10-06T12:00:00Z\","
                + "\"dependentId\":\"acme/checkout#34\",\"dependencyId\":\"acme/payments#12\"}");
    }
}
