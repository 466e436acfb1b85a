package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.MilestoneKind;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Linear's CSV export, with its relation columns. */
class ImportLinearTest {

    @Test
    void shouldReadTheExportWithItsBlockingColumns() {
        // when
        Desired d = Exports.translate(ImportFormat.LINEAR, "linear-export.csv");

        // then
        assertThat(d.problems()).isEmpty();
        assertThat(d.milestones()).extracting(m -> m.id() + " " + m.teamId() + " " + m.kind() + " " + m.status()).containsExactly(
                "ENG-56 engineering MILESTONE IN_PROGRESS",
                "ENG-57 engineering MILESTONE PLANNED",
                "ENG-60 engineering MILESTONE DONE",
                "GRO-12 growth LAUNCH PLANNED",
                "GRO-3 growth MILESTONE CANCELLED");
        Desired.Milestone eng56 = Exports.milestone(d, "ENG-56");
        assertThat(eng56.dueDate()).isEqualTo(LocalDate.parse("2026-11-10"));
        // JavaScript's Date.toString() form, as Linear writes it
        assertThat(eng56.updatedAt()).isEqualTo(Instant.parse("2026-10-01T09:00:00Z"));
        // "Blocked by" on one issue and "Blocking" on the other are the same edge
        assertThat(Exports.edges(d)).containsExactly("ENG-56 -> ENG-57 HARD", "GRO-12 -> ENG-56 HARD");
        assertThat(d.coveredOut()).hasSize(5).isEqualTo(d.coveredIn());
        assertThat(d.notes()).singleElement().asString().contains("{related=2}");
    }

    @Test
    void shouldImportRelatedIssuesAsSoftWhenTheMappingSaysSo() {
        // when
        Desired d = Exports.translate(ImportFormat.LINEAR, "linear-export.csv", "{\"relates\": [\"related\"], \"teams\": {\"Growth\": \"team-growth\"}}");

        // then: Linear writes a relation on both issues, so it comes out both ways
        assertThat(Exports.edges(d)).contains("GRO-12 -> GRO-3 SOFT", "GRO-3 -> GRO-12 SOFT");
        assertThat(Exports.milestone(d, "GRO-12").teamId()).isEqualTo("team-growth");
    }

    @Test
    void shouldFindColumnsByNameInAnyOrderAndCase() {
        // when: an older export without relation columns, columns in another order
        Desired d = Exports.translateText(ImportFormat.LINEAR, """
                title,status,id,team
                "Fix, then ship",In Review,ENG-1,Engineering
                """, null);

        // then
        assertThat(d.problems()).isEmpty();
        assertThat(d.milestones()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("Fix, then ship");
            assertThat(m.kind()).isEqualTo(MilestoneKind.MILESTONE);
        });
        assertThat(d.coveredOut()).isEmpty();
        assertThat(d.notes()).singleElement().asString().contains("no \"Blocked by\" or \"Blocking\" column");
    }
}
