package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Jira's REST search result and its CSV export, read into what the graph should be. */
class ImportJiraTest {

    @Test
    void shouldReadIssuesStatusesAndBlockingLinksFromTheSearchResult() {
        // when
        Desired d = Exports.translate(ImportFormat.JIRA, "jira-search.json");

        // then
        assertThat(d.problems()).isEmpty();
        assertThat(d.milestones()).extracting(Desired.Milestone::id)
                .containsExactly("ADS-1", "ADS-12", "ADS-2", "ADS-20", "PAY-7", "PAY-9", "PRIV-3", "PRIV-4");
        assertThat(Exports.milestone(d, "ADS-1")).isEqualTo(new Desired.Milestone("ADS-1", "ads", "Launch Shopping Ads in DE",
                MilestoneKind.LAUNCH, LocalDate.parse("2026-12-01"), MilestoneStatus.PLANNED, Map.of(),
                Instant.parse("2026-10-01T09:00:00Z")));
        assertThat(d.milestones()).extracting(m -> m.id() + " " + m.status()).contains("ADS-12 IN_PROGRESS", "ADS-20 CANCELLED",
                "PAY-9 AT_RISK", "PRIV-3 IN_PROGRESS", "PRIV-4 DONE");
        // each link is shown on both of its issues: one edge, from the blocked issue to its blocker
        assertThat(Exports.edges(d)).containsExactly("ADS-1 -> ADS-12 HARD", "ADS-1 -> PRIV-3 HARD", "ADS-12 -> PAY-7 HARD",
                "ADS-2 -> ADS-12 HARD", "ADS-2 -> PRIV-4 HARD", "PAY-7 -> PAY-9 HARD");
        // stamped with the later of the two issues' updated times
        assertThat(d.edges().get(0).updatedAt()).isEqualTo(Instant.parse("2026-10-02T10:00:00Z"));
        assertThat(d.coveredOut()).hasSize(8).isEqualTo(d.coveredIn());
        assertThat(d.notes()).singleElement().asString().contains("{Cloners=2, Relates=2}", "\"relates\"");
    }

    @Test
    void shouldReadTheSameOrganisationFromTheCsvExport() {
        // given
        Desired json = Exports.translate(ImportFormat.JIRA, "jira-search.json");

        // when: repeated Labels, Component/s and link columns, a quoted description over three lines, Jira's dates, an issue id in a link cell
        Desired csv = Exports.translate(ImportFormat.JIRA, "jira-export.csv");

        // then
        assertThat(csv.problems()).isEmpty();
        assertThat(csv.milestones()).isEqualTo(json.milestones());
        assertThat(csv.edges()).isEqualTo(json.edges());
        assertThat(csv.coveredOut()).isEqualTo(json.coveredOut());
        assertThat(csv.notes()).isEqualTo(json.notes());
    }

    @Test
    void shouldFollowTheMappingFile() {
        // when
        Desired d = Exports.translate(ImportFormat.JIRA, "jira-search.json", new String(Exports.bytes("jira-mapping.json"), StandardCharsets.UTF_8));

        // then: teams renamed, Relates imported as SOFT, the market label carried
        assertThat(d.problems()).isEmpty();
        assertThat(Exports.milestone(d, "ADS-1").teamId()).isEqualTo("team-ads");
        assertThat(Exports.milestone(d, "ADS-1").labels()).isEqualTo(Map.of("market", "DE"));
        assertThat(Exports.milestone(d, "PAY-9").teamId()).isEqualTo("team-payments");
        assertThat(Exports.edges(d)).contains("PRIV-3 -> ADS-12 SOFT");
        assertThat(d.notes()).singleElement().asString().contains("{Cloners=2}");
    }

    @Test
    void shouldTakeTheTeamFromAComponentOrAField() {
        // when
        Desired byComponent = Exports.translate(ImportFormat.JIRA, "jira-export.csv", "{\"team\": \"component\", \"teams\": {\"Billing\": \"billing\"}}");
        Desired byField = Exports.translateText(ImportFormat.JIRA, """
                Issue key,Summary,Status,Custom field (Team),Updated
                X-1,One,To Do,Ads Platform,2026-10-01T12:00:00Z
                """, "{\"team\": \"field:Team\"}");

        // then: renamed as the mapping says, else lower-cased with dashes for spaces; an issue without a component is refused
        assertThat(byComponent.problems()).extracting(Problem::describe)
                .containsExactly("line 7 (ADS-20): no team: the issue has no component (mapping \"team\": \"component\")",
                        "line 10 (PRIV-3): no team: the issue has no component (mapping \"team\": \"component\")",
                        "line 11 (PRIV-4): no team: the issue has no component (mapping \"team\": \"component\")");
        assertThat(byField.problems()).isEmpty();
        assertThat(byField.milestones()).singleElement().extracting(Desired.Milestone::teamId).isEqualTo("ads-platform");
    }

    @Test
    void shouldRefuseEveryBadRowWithItsLineAndAReasonThatSaysWhatToSet() {
        // when
        Desired d = Exports.translate(ImportFormat.JIRA, "jira-bad.csv");

        // then: line numbers of the file, a quoted line break included
        assertThat(d.problems()).extracting(Problem::line, Problem::key).containsExactly(
                Tuple.tuple(4, "ADS-31"), Tuple.tuple(5, "ADS-32"));
        assertThat(d.problems().get(0).reason()).contains("status \"Waiting for Legal\" is not in the mapping", "\"statuses\"",
                "\"unknownStatus\"");
        assertThat(d.problems().get(1).reason()).contains("due date \"31/Foo/26 12:00 AM\" is not a date", "\"dateFormats\"");
    }

    @Test
    void shouldMatchLinkColumnsByPrefixWhateverTheSiteCallsItsLinkType() {
        // given a site whose blocking link type is called "Dependency"
        String export = """
                Issue key,Summary,Status,Updated,Inward issue link (Dependency),Outward issue link (Dependency),Inward issue link (Blocks)
                A-1,Launch,To Do,2026-10-01T12:00:00Z,A-2,,A-3
                A-2,Work,In Progress,2026-10-01T12:00:00Z,,A-1,
                """;

        // when
        Desired d = Exports.translateText(ImportFormat.JIRA, export, "{\"blocks\": [\"dependency\"]}");

        // then
        assertThat(Exports.edges(d)).containsExactly("A-1 -> A-2 HARD");
        assertThat(d.notes()).singleElement().asString().contains("{Blocks=1}");
    }

    @Test
    void shouldTakeTheStatusCategoryForAWorkflowsOwnStatusAndRefuseAStatusWithoutOne() {
        // given
        String export = """
                Issue key,Summary,Status,Status Category,Updated
                A-1,One,Ready for QA,In Progress,2026-10-01T12:00:00Z
                A-2,Two,Parked,,2026-10-01T12:00:00Z
                """;

        // when
        Desired refused = Exports.translateText(ImportFormat.JIRA, export, null);
        Desired planned = Exports.translateText(ImportFormat.JIRA, export, "{\"unknownStatus\": \"PLANNED\"}");

        // then
        assertThat(refused.problems()).extracting(Problem::line).containsExactly(3);
        assertThat(planned.problems()).isEmpty();
        assertThat(planned.milestones()).extracting(m -> m.id() + " " + m.status()).containsExactly("A-1 IN_PROGRESS", "A-2 PLANNED");
        assertThat(planned.notes()).anySatisfy(n -> assertThat(n).contains("\"Parked\"", "1 issue(s)"));
    }

    @Test
    void shouldSayWhenAnExportHasNoLinkColumnsAndCoverNothing() {
        // when
        Desired d = Exports.translateText(ImportFormat.JIRA, "Issue key,Summary,Status\nA-1,One,Done\n", null);

        // then: an export without links must not remove the links an earlier one imported
        assertThat(d.problems()).isEmpty();
        assertThat(d.coveredOut()).isEmpty();
        assertThat(d.notes()).singleElement().asString().contains("no issue link columns");
    }

    @Test
    void shouldReferAnIssueIdInALinkCellToTheRowWithThatId() {
        // when a link cell holds an id no row has
        Desired d = Exports.translateText(ImportFormat.JIRA, """
                Issue key,Issue id,Summary,Status,Outward issue link (Blocks)
                A-1,100,One,Done,200
                A-2,101,Two,Done,100
                """, null);

        // then
        assertThat(Exports.edges(d)).containsExactly("A-1 -> A-2 HARD");
        assertThat(d.problems()).singleElement().extracting(Problem::describe).asString()
                .contains("line 2 (A-1)", "holds 200, an issue id rather than a key");
    }

    @Test
    void shouldRefuseAnIssueLinkedToItself() {
        // when
        Desired d = Exports.translateText(ImportFormat.JIRA, """
                {"issues": [{"key": "A-1", "fields": {"summary": "x", "status": {"name": "To Do"}, "project": {"key": "A"},
                  "issuelinks": [{"type": {"name": "Blocks"}, "inwardIssue": {"key": "A-1"}}]}}]}
                """, null);

        // then
        assertThat(d.problems()).singleElement().extracting(Problem::describe).asString()
                .isEqualTo("issue 0 (A-1): A-1 is linked to itself; a milestone cannot depend on itself");
        assertThat(d.edges()).isEmpty();
    }
}
