package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The mapping file: defaults per tracker, what a file changes, and mistakes refused by name. */
class ImportMappingTest {

    private static Mapping read(ImportFormat format, String json) {
        return Mapping.read(format, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStartFromEachTrackersDefaults() {
        // when
        Mapping jira = Mapping.defaults(ImportFormat.JIRA);
        Mapping github = Mapping.defaults(ImportFormat.GITHUB);

        // then
        assertThat(jira.source()).isEqualTo("jira");
        assertThat(jira.blocks()).containsExactly("Blocks");
        assertThat(jira.relates()).isEmpty();
        assertThat(jira.team()).isEqualTo("project");
        assertThat(jira.status("won't do")).isEqualTo(MilestoneStatus.CANCELLED);
        assertThat(jira.status("In Review")).isEqualTo(MilestoneStatus.IN_PROGRESS);
        assertThat(github.status("closed/not_planned")).isEqualTo(MilestoneStatus.CANCELLED);
        assertThat(github.status("open")).isEqualTo(MilestoneStatus.PLANNED);
        assertThat(github.subIssues()).isEqualTo(DependencyStrength.SOFT);
    }

    @Test
    void shouldAddTheFilesStatusesToTheDefaultsAndReplaceEverythingElseItNames() {
        // when
        Mapping m = read(ImportFormat.JIRA, """
                {"source": "jira-eu", "statuses": {"Waiting for Legal": "at_risk", "Done": "CANCELLED"}, "relates": ["Relates"],
                 "launch": {"labels": ["go-live"]}}
                """);

        // then
        assertThat(m.source()).isEqualTo("jira-eu");
        assertThat(m.status("waiting for legal")).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(m.status("Done")).isEqualTo(MilestoneStatus.CANCELLED);
        assertThat(m.status("To Do")).isEqualTo(MilestoneStatus.PLANNED);
        assertThat(m.relates()).containsExactly("Relates");
        assertThat(m.launchLabels()).containsExactly("go-live");
        assertThat(m.launchTypes()).containsExactly("Launch");
    }

    @Test
    void shouldRefuseAnUnknownKeyAndNameTheKnownOnes() {
        assertThatThrownBy(() -> read(ImportFormat.JIRA, "{\"team\": \"project\", \"blocker\": [\"Blocks\"]}"))
                .isInstanceOf(Mapping.BadMapping.class)
                .hasMessageContaining("unknown mapping key \"blocker\"")
                .hasMessageContaining("blocks");
    }

    @Test
    void shouldRefuseAKeyTheFormatHasNoUseFor() {
        assertThatThrownBy(() -> read(ImportFormat.JIRA, "{\"subIssues\": \"HARD\"}"))
                .hasMessageContaining("\"subIssues\" does not apply to jira exports");
    }

    @Test
    void shouldRefuseWrongValuesWithWhatTheyMayBe() {
        assertThatThrownBy(() -> read(ImportFormat.GITHUB, "{\"team\": \"project\"}")).hasMessageContaining("[repo, label-prefix:<prefix>]");
        assertThatThrownBy(() -> read(ImportFormat.JIRA, "{\"statuses\": {\"Parked\": \"SLEEPING\"}}"))
                .hasMessageContaining("\"statuses.Parked\" is \"SLEEPING\"");
        assertThatThrownBy(() -> read(ImportFormat.JIRA, "{\"source\": \"jira:eu\"}")).hasMessageContaining("no ':'");
        assertThatThrownBy(() -> read(ImportFormat.JIRA, "{\"timeZone\": \"Mars/Olympus\"}")).hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> read(ImportFormat.JIRA, "{\"blocks\": \"Blocks\"}")).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> read(ImportFormat.JIRA, "{\"team\": 1, \"team\": 2}")).hasMessageContaining("not valid JSON");
    }
}
