package io.launchgraph.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line's own behaviour: help, refusals and their exit codes, without starting anything. */
class CliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldListEveryCommandWithAOneLineSummary() {
        // when
        int code = run("--help");

        // then
        assertThat(code).isZero();
        assertThat(out.toString()).contains("demo ", "serve ", "publish ", "import ", "query ", "config ")
                .doesNotContain("127.0.0.1,\n");
    }

    @Test
    void shouldRefuseGivenServersForTheDemoAndPointToServe() {
        // when
        int code = run("demo", "--bootstrap-servers", "kafka:9092");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("launchgraph serve");
    }

    @Test
    void shouldRefuseAnUnknownSettingByName() {
        // when
        int code = run("serve", "--set", "no.such.key=1");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown configuration key \"no.such.key\"").doesNotContain("Exception");
    }

    @Test
    void shouldDescribeEverySettingWithItsEnvironmentVariable() {
        // when
        int code = run("config");

        // then
        assertThat(code).isZero();
        assertThat(out.toString()).contains("bootstrap.servers", "LAUNCHGRAPH_BOOTSTRAP_SERVERS", "defaults < file");
    }

    @Test
    void shouldExplainAQueryWithoutARunningServiceInOneLine() {
        // when nothing listens on the port
        int code = run("query", "blocked", "--url", "http://127.0.0.1:1");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("launchgraph: ").doesNotContain("\tat ");
    }
}
