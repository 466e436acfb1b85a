package io.launchgraph.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.app.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code launchgraph import} without a service: help, refusals and the offline dry run. */
class ImportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path sample(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/import/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void shouldExplainItselfWithEveryOption() {
        // when
        int code = run("import", "--help");

        // then
        assertThat(code).isZero();
        assertThat(out.toString()).contains("FORMAT", "jira", "github", "linear", "csv", "--url", "--kafka", "--dry-run", "--offline",
                "--mapping", "--exported-at", "Exit code");
    }

    @Test
    void shouldPrintTheEventsOfAnExportAsJsonLinesAndTheSummaryApart() throws IOException {
        // given
        Path export = sample("jira-search.json");

        // when
        int code = run("import", "jira", export.toString(), "--offline", "--exported-at", "2026-10-05T09:00:00Z");

        // then: lines POST /events takes, and a summary on standard error
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        assertThat(lines).hasSize(14).allSatisfy(l -> assertThat(EventJson.parse(l)).isInstanceOf(EventJson.Accepted.class));
        assertThat(err.toString()).contains("jira export (source jira, exported at 2026-10-05T09:00:00Z): milestones 8 new, 0 changed, "
                + "0 unchanged; edges 6 declared, 0 removed, 0 unchanged, 0 left alone (other sources); 14 events");
    }

    @Test
    void shouldListEveryRefusedRowAndExitWithOne() throws IOException {
        // given
        Path export = sample("jira-bad.csv");

        // when
        int code = run("import", "jira", export.toString(), "--offline");

        // then
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("2 problem(s) in the export; nothing was imported",
                "line 4 (ADS-31): status \"Waiting for Legal\" is not in the mapping", "line 5 (ADS-32): due date \"31/Foo/26 12:00 AM\"");
    }

    @Test
    void shouldTakeTheMappingFile() throws IOException {
        // given
        Path export = sample("jira-bad.csv");
        Path mapping = Files.writeString(dir.resolve("mapping.json"), "{\"statuses\": {\"Waiting for Legal\": \"AT_RISK\"}, "
                + "\"dateFormats\": [\"dd/MMM/yy h:mm a\"]}");

        // when
        int code = run("import", "jira", export.toString(), "--offline", "--mapping", mapping.toString());

        // then: the status is known now; the impossible date is still refused
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("Waiting for Legal").contains("line 5 (ADS-32)");
    }

    @Test
    void shouldRefuseBadOptionsInOneLine() throws IOException {
        assertThat(run("import", "trello", "x.json")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown import format \"trello\"");
        Path export = sample("launch-plan.csv");
        assertThat(run("import", "csv", export.toString(), "--exported-at", "yesterday")).isEqualTo(2);
        assertThat(run("import", "csv", export.toString(), "--offline", "--kafka")).isEqualTo(2);
        assertThat(run("import", "csv", dir.resolve("nope.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--exported-at must be an instant", "--offline uses no service", "no such file").doesNotContain("\tat ");
    }

    @Test
    void shouldSayWhenNoServiceAnswers() throws IOException {
        // when nothing listens on the port
        int code = run("import", "csv", sample("launch-plan.csv").toString(), "--url", "http://127.0.0.1:1");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("cannot reach http://127.0.0.1:1");
    }
}
