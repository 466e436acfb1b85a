package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dates and times trackers write. */
class ImportDatesTest {
    private final Dates jira = new Dates(List.of("dd/MMM/yy h:mm a", "dd/MMM/yy"), ZoneOffset.UTC);

    @Test
    void shouldReadTheTimesTrackersWrite() {
        assertThat(jira.instant("2026-10-01T12:00:00.000+0000")).isEqualTo(Instant.parse("2026-10-01T12:00:00Z"));
        assertThat(jira.instant("2026-10-01T14:00:00.123+0200")).isEqualTo(Instant.parse("2026-10-01T12:00:00.123Z"));
        assertThat(jira.instant("2026-10-01T12:00:00Z")).isEqualTo(Instant.parse("2026-10-01T12:00:00Z"));
        assertThat(jira.instant("2026-10-01T12:00:00.123456789Z")).isEqualTo(Instant.parse("2026-10-01T12:00:00.123Z"));
        assertThat(jira.instant("Thu Oct 01 2026 12:00:00 GMT+0200 (Central European Summer Time)"))
                .isEqualTo(Instant.parse("2026-10-01T10:00:00Z"));
        assertThat(jira.instant("01/Oct/26 2:30 PM")).isEqualTo(Instant.parse("2026-10-01T14:30:00Z"));
        assertThat(jira.instant(" ")).isNull();
    }

    @Test
    void shouldReadATimeWithoutAnOffsetInTheMappingsZone() {
        // given
        Dates berlin = new Dates(List.of("dd/MMM/yy h:mm a"), ZoneId.of("Europe/Berlin"));

        // then
        assertThat(berlin.instant("01/Oct/26 2:30 PM")).isEqualTo(Instant.parse("2026-10-01T12:30:00Z"));
        assertThat(berlin.instant("2026-10-01T14:30:00")).isEqualTo(Instant.parse("2026-10-01T12:30:00Z"));
    }

    @Test
    void shouldReadADueDateAsTheCalendarDateWritten() {
        assertThat(jira.date("2026-11-30")).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(jira.date("30/Nov/26 12:00 AM")).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(jira.date("30/nov/26")).isEqualTo(LocalDate.parse("2026-11-30"));
        // GitHub's milestone due_on: midnight somewhere, written in UTC
        assertThat(jira.date("2026-11-30T08:00:00Z")).isEqualTo(LocalDate.parse("2026-11-30"));
    }

    @Test
    void shouldRefuseImpossibleDatesRatherThanMoveThem() {
        assertThatThrownBy(() -> jira.date("31/Feb/26")).isInstanceOf(DateTimeException.class).hasMessageContaining("dateFormats");
        assertThatThrownBy(() -> jira.date("2026-02-30")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> jira.instant("yesterday")).isInstanceOf(DateTimeException.class).hasMessageContaining("\"yesterday\"");
    }
}
