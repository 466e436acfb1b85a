package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.MilestoneKind;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** GitHub issues with their dependencies ({@code blocked_by}) and sub-issues. */
class ImportGitHubTest {

    @Test
    void shouldReadIssuesWithTheirBlockersAndSubIssues() {
        // when
        Desired d = Exports.translate(ImportFormat.GITHUB, "github-issues.json");

        // then
        assertThat(d.problems()).isEmpty();
        assertThat(d.milestones()).extracting(m -> m.id() + " " + m.teamId() + " " + m.status()).containsExactly(
                "acme/checkout#34 acme/checkout PLANNED",
                "acme/checkout#35 acme/checkout IN_PROGRESS",
                "acme/checkout#36 acme/checkout DONE",
                "acme/payments#12 acme/payments AT_RISK",
                "acme/payments#15 acme/payments CANCELLED");
        Desired.Milestone launch = Exports.milestone(d, "acme/checkout#34");
        assertThat(launch.kind()).isEqualTo(MilestoneKind.LAUNCH);
        assertThat(launch.name()).isEqualTo("Launch one-click checkout in DE");
        assertThat(launch.dueDate()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(launch.updatedAt()).isEqualTo(Instant.parse("2026-10-03T09:30:00Z"));
        // blockers HARD, sub-issues SOFT: the parent waits on them
        assertThat(Exports.edges(d)).containsExactly(
                "acme/checkout#34 -> acme/checkout#35 HARD",
                "acme/checkout#34 -> acme/checkout#36 SOFT",
                "acme/checkout#34 -> acme/payments#12 HARD",
                "acme/payments#12 -> acme/payments#15 HARD");
        // #12 lists its blockers but not its sub-issues: its edges are not all there
        assertThat(d.coveredOut()).containsExactlyInAnyOrder("acme/checkout#34", "acme/checkout#35", "acme/checkout#36", "acme/payments#15");
        assertThat(d.coveredIn()).isEmpty();
        assertThat(d.notes()).singleElement().asString().contains("1 pull request(s)");
    }

    @Test
    void shouldTakeTheRepositoryOfTheWrapperAndTheTeamFromALabel() {
        // given issues without URLs, in a wrapper that names the repository
        String export = """
                {"repository": "acme/web", "issues": [
                  {"number": 1, "title": "Launch", "state": "open", "labels": ["launch", "team-web", "at risk"], "updated_at": "2026-10-01T12:00:00Z",
                   "blocked_by": [{"number": 2}], "sub_issues": []},
                  {"number": 2, "title": "Work", "state": "closed", "state_reason": "duplicate", "labels": [{"name": "team-platform"}]}
                ]}
                """;

        // when
        Desired d = Exports.translateText(ImportFormat.GITHUB, export, "{\"team\": \"label-prefix:team-\", \"subIssues\": \"none\"}");

        // then
        assertThat(d.problems()).isEmpty();
        assertThat(d.milestones()).extracting(m -> m.id() + " " + m.teamId() + " " + m.kind() + " " + m.status())
                .containsExactly("acme/web#1 web LAUNCH AT_RISK", "acme/web#2 platform MILESTONE CANCELLED");
        assertThat(Exports.edges(d)).containsExactly("acme/web#1 -> acme/web#2 HARD");
    }

    @Test
    void shouldRefuseAnIssueWhoseRepositoryCannotBeTold() {
        // when
        Desired d = Exports.translateText(ImportFormat.GITHUB, "[{\"number\": 7, \"title\": \"x\", \"state\": \"open\"}]", null);

        // then
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.index()).isZero();
            assertThat(p.reason()).contains("repository_url or html_url");
        });
    }
}
