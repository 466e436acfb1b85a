package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** launchgraph's own CSV template. */
class ImportCsvTemplateTest {

    @Test
    void shouldReadMilestoneAndDependencyRows() {
        // when
        Desired d = Exports.translate(ImportFormat.CSV, "launch-plan.csv");

        // then
        assertThat(d.problems()).isEmpty();
        assertThat(d.milestones()).containsExactly(
                new Desired.Milestone("mkt-assets-de", "marketing", "Campaign assets for DE (video, print)", MilestoneKind.MILESTONE,
                        LocalDate.parse("2026-11-25"), MilestoneStatus.IN_PROGRESS, Map.of("market", "DE"), Instant.parse("2026-10-02T08:00:00Z")),
                new Desired.Milestone("mkt-campaign-de", "marketing", "DE launch campaign", MilestoneKind.LAUNCH,
                        LocalDate.parse("2026-12-10"), MilestoneStatus.PLANNED, Map.of("market", "DE", "channel", "tv"),
                        Instant.parse("2026-10-02T08:00:00Z")));
        // ids of other trackers are ids like any other: the graphs meet
        assertThat(d.edges()).containsExactly(
                new Desired.Edge("mkt-assets-de", "PRIV-3", io.launchgraph.avro.DependencyStrength.SOFT, LocalDate.parse("2026-11-20"), null),
                new Desired.Edge("mkt-campaign-de", "ADS-1", io.launchgraph.avro.DependencyStrength.HARD, LocalDate.parse("2026-12-01"), null),
                new Desired.Edge("mkt-campaign-de", "mkt-assets-de", io.launchgraph.avro.DependencyStrength.HARD, null, null));
        assertThat(d.coveredOut()).containsExactlyInAnyOrder("mkt-assets-de", "mkt-campaign-de");
    }

    @Test
    void shouldNeedOnlyTheColumnsItUses() {
        // when
        Desired d = Exports.translateText(ImportFormat.CSV, """
                record,dependent,dependency
                dependency,launch-x,ENG-56
                """, null);

        // then
        assertThat(d.problems()).isEmpty();
        assertThat(Exports.edges(d)).containsExactly("launch-x -> ENG-56 HARD");
        assertThat(d.coveredOut()).isEmpty();
    }

    @Test
    void shouldRefuseEveryBadRowWithItsLineAndReason() {
        // when
        Desired d = Exports.translateText(ImportFormat.CSV, """
                record,id,team,name,kind,due,status,labels,dependent,dependency,strength
                milestone,m-1,,One,MILESTONE,,,,,,
                milestone,m 2,ads,Two,EPIC,2026-02-30,Shipping,market,,,
                dependency,,,,,,,,m-1,m-1,HARD
                dependency,,,,,,,,m-1,m-3,MUST
                task,m-4,ads,Four,,,,,,,

                """, null);

        // then
        assertThat(d.problems()).extracting(Problem::describe).containsExactly(
                "line 2 (m-1): team is empty; the row needs one",
                "line 3 (m 2): id contains a space at position 1; ids are printable ASCII without spaces",
                "line 3 (m 2): kind is \"EPIC\"; it must be LAUNCH or MILESTONE",
                "line 3 (m 2): status \"Shipping\" is not known; " + Mapping.unknownStatusHint("Shipping"),
                "line 3 (m 2): due \"2026-02-30\" is not a date of the calendar (no such day)",
                "line 3 (m 2): labels \"market\": each label is key=value, separated by ';'",
                "line 4 (m-1): m-1 is linked to itself; a milestone cannot depend on itself",
                "line 5 (m-1): strength is \"MUST\"; it must be HARD or SOFT",
                "line 6: record is \"task\"; it must be milestone or dependency");
    }

    @Test
    void shouldRefuseAFileThatIsNotCsvAsAWhole() {
        // when: a quote opened and never closed
        Desired d = Exports.translateText(ImportFormat.CSV, "record,id,team\nmilestone,\"m-1,ads\n", null);

        // then
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isNull();
            assertThat(p.reason()).startsWith("not valid CSV after line");
        });
    }
}
