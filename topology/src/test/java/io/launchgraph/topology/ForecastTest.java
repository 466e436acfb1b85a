package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.Answer.Forecast;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.internal.MilestoneForecast;
import io.launchgraph.topology.model.ReferenceModel;
import io.launchgraph.topology.testing.Facts;
import io.launchgraph.topology.testing.LaunchGraphDriver;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forecast rules of SEMANTICS.md (contract v2), one by one, through the topology; each answer
 * is also checked against the reference model, so the model agrees with the hand-made cases.
 */
class ForecastTest {
    private final Facts f = new Facts();
    private final LaunchGraphDriver driver = new LaunchGraphDriver();
    /** Everything sent so far, for the reference model. */
    private final List<MilestoneEvent> sent = new ArrayList<>();

    @AfterEach
    void close() {
        driver.close();
    }

    /** Sends the events, lets the graph task publish, and returns L's forecast (checked against the model). */
    private Forecast forecastOfL(MilestoneEvent... events) {
        send(events);
        Answer stored = AvroMapping.fromAvro(driver.answer("L"));
        assertThat(stored).as("L's answer, as the reference model has it").isEqualTo(new ReferenceModel(sent).answer("L"));
        return stored.forecast();
    }

    private List<KeyValue<String, LaunchAnswer>> send(MilestoneEvent... events) {
        sent.addAll(List.of(events));
        driver.sendAndRecompute(events);
        return driver.publishedAnswers();
    }

    private MilestoneForecast storedForecast(String milestoneId) {
        io.launchgraph.avro.MilestoneForecast f = driver.forecastStore().get(milestoneId);
        MilestoneForecast expected = new ReferenceModel(sent).milestoneForecast(milestoneId);
        MilestoneForecast actual = f == null ? null : AvroMapping.fromAvro(f);
        assertThat(actual).as("forecast of %s, as the reference model has it", milestoneId).isEqualTo(expected);
        return actual;
    }

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void shouldBeOnTimeWhenEveryDependencyIsDueBeforeItIsNeeded() {
        // when
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-10"), f.milestone("M", "tm", "2027-03-05"), f.hard("L", "M"));

        // then
        assertThat(forecast).isEqualTo(Forecast.onTime(date("2027-03-10")));
    }

    @Test
    void shouldSlipThroughTwoHopsWithNeededByDates() {
        // given: L needs A by 02-20; A needs B by 02-10, but B is due 02-25
        MilestoneEvent[] organisation = {
            f.launch("L", "t", "2027-03-01"), f.milestone("A", "ta", "2027-02-15"), f.milestone("B", "tb", "2027-02-25"),
            f.dependency("L", "A", DependencyStrength.HARD, "2027-02-20"),
            f.dependency("A", "B", DependencyStrength.HARD, "2027-02-10")
        };

        // when
        Forecast forecast = forecastOfL(organisation);

        // then: A slips 15 days to 03-02, which is 10 days after L needs it
        assertThat(forecast).isEqualTo(Forecast.late(date("2027-03-11"), 10, List.of("L", "A", "B")));
        assertThat(storedForecast("A")).isEqualTo(new MilestoneForecast(ForecastState.LATE, date("2027-03-02"), 15));
        assertThat(storedForecast("B")).isEqualTo(new MilestoneForecast(ForecastState.ON_TIME, date("2027-02-25"), 0));
    }

    @Test
    void shouldFollowTheLargestSlipAndBreakTiesByTheSmallestId() {
        // given: Y and X slip L by 4 days each, A by 2
        send(f.launch("L", "t", "2027-03-01"), f.milestone("Y", "ty", "2027-03-05"), f.milestone("X", "tx", "2027-03-05"),
                f.milestone("A", "ta", "2027-03-03"), f.hard("L", "Y"), f.hard("L", "X"), f.hard("L", "A"));

        // then: the tie goes to X
        assertThat(forecastOfL()).isEqualTo(Forecast.late(date("2027-03-05"), 4, List.of("L", "X")));

        // when: Y slips further
        Forecast later = forecastOfL(f.due("Y", "2027-03-09"));

        // then: the largest slip decides, whatever the id
        assertThat(later).isEqualTo(Forecast.late(date("2027-03-09"), 8, List.of("L", "Y")));
    }

    @Test
    void shouldStopTheCriticalPathWhereTheDelayStarts() {
        // given: C (due 03-05) comes after B needs it; A and B only pass the delay on; D is early
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("A", "ta", "2027-02-20"), f.milestone("B", "tb", "2027-02-10"),
                f.milestone("C", "tc", "2027-03-05"), f.milestone("D", "td", "2027-01-01"),
                f.hard("L", "A"), f.hard("A", "B"), f.hard("B", "C"), f.hard("C", "D"));

        // then: C is forecast on its own due date, so the path ends there, not at D
        assertThat(forecast).isEqualTo(Forecast.late(date("2027-03-05"), 4, List.of("L", "A", "B", "C")));
        assertThat(storedForecast("B")).isEqualTo(new MilestoneForecast(ForecastState.LATE, date("2027-03-05"), 23));
        assertThat(storedForecast("C").state()).isEqualTo(ForecastState.ON_TIME);
    }

    @Test
    void shouldNotMoveAForecastThroughASoftEdge() {
        // when
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("M", "tm", "2027-04-01"), f.soft("L", "M"));

        // then: on time, though risk lists the soft edge
        assertThat(forecast).isEqualTo(Forecast.onTime(date("2027-03-01")));
        assertThat(driver.answer("L").getRisk()).singleElement().satisfies(r -> assertThat(r.getDependencyId()).isEqualTo("M"));
    }

    @Test
    void shouldNotMoveAForecastThroughADoneDependency() {
        // when
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("M", "tm", "2027-04-01"), f.hard("L", "M"),
                f.status("M", MilestoneStatus.DONE));

        // then: and a done milestone has no forecast of its own
        assertThat(forecast).isEqualTo(Forecast.onTime(date("2027-03-01")));
        assertThat(storedForecast("M")).isNull();
    }

    @Test
    void shouldNeverShipBehindACycleWithThePathToItsNearestMember() {
        // when: L -> A -> B -> A, and B also waits on a dated milestone (the cycle is not at the bottom)
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("A", "ta", "2027-02-01"), f.milestone("B", "tb", "2027-02-01"),
                f.milestone("C", "tc", "2027-01-01"), f.hard("L", "A"), f.hard("A", "B"), f.hard("B", "A"), f.hard("B", "C"));

        // then
        assertThat(forecast).isEqualTo(Forecast.never(List.of("L", "A")));
        assertThat(storedForecast("A").state()).isEqualTo(ForecastState.NEVER);
        assertThat(storedForecast("C").state()).isEqualTo(ForecastState.ON_TIME);
    }

    @Test
    void shouldNeverShipWhenTheLaunchItselfSitsInACycle() {
        // when
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("A", "ta", "2027-02-01"), f.hard("L", "A"), f.hard("A", "L"));

        // then
        assertThat(forecast).isEqualTo(Forecast.never(List.of("L")));
    }

    @Test
    void shouldNeverShipBehindACancelledMilestone() {
        // when
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("A", "ta", "2027-02-01"), f.hard("L", "A"),
                f.declared("X", "tx", MilestoneKind.MILESTONE, MilestoneStatus.CANCELLED, date("2027-01-01")), f.hard("A", "X"));

        // then: and a cancelled milestone has no forecast of its own
        assertThat(forecast).isEqualTo(Forecast.never(List.of("L", "A", "X")));
        assertThat(storedForecast("X")).isNull();
    }

    @Test
    void shouldNeverShipBehindARetiredMilestone() {
        // when
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("R", "tr", "2027-01-01"), f.hard("L", "R"), f.retire("R"));

        // then
        assertThat(forecast).isEqualTo(Forecast.never(List.of("L", "R")));
    }

    @Test
    void shouldNeverShipBehindAnUnknownMilestoneAndNameTheNearestOfSeveral() {
        // when: an unknown milestone two hops down, a retired one a single hop down
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("A", "ta", "2027-02-01"), f.milestone("Z", "tz", "2027-01-01"),
                f.hard("L", "A"), f.hard("A", "ghost"), f.hard("L", "Z"), f.retire("Z"));

        // then: the shorter path wins, though A comes first
        assertThat(forecast).isEqualTo(Forecast.never(List.of("L", "Z")));
    }

    @Test
    void shouldBeNeverRatherThanUnscheduledWhenBothApply() {
        // when: L has no due date, and waits on a cancelled milestone
        Forecast forecast = forecastOfL(
                f.launch("L", "t"), f.declared("X", "tx", MilestoneKind.MILESTONE, MilestoneStatus.CANCELLED, null), f.hard("L", "X"));

        // then
        assertThat(forecast).isEqualTo(Forecast.never(List.of("L", "X")));
    }

    @Test
    void shouldBeUnscheduledBehindADeepUndatedMilestone() {
        // when
        Forecast forecast = forecastOfL(
                f.launch("L", "t", "2027-03-01"), f.milestone("A", "ta", "2027-02-01"), f.milestone("B", "tb", "2027-01-01"),
                f.milestone("C", "tc"), f.hard("L", "A"), f.hard("A", "B"), f.hard("B", "C"));

        // then
        assertThat(forecast).isEqualTo(Forecast.unscheduled(List.of("L", "A", "B", "C")));
        assertThat(storedForecast("A").state()).isEqualTo(ForecastState.UNSCHEDULED);
    }

    @Test
    void shouldBeUnscheduledWithThePathOfTheLaunchAloneWhenItHasNoDueDate() {
        // when
        Forecast forecast = forecastOfL(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M"));

        // then
        assertThat(forecast).isEqualTo(Forecast.unscheduled(List.of("L")));
    }

    @Test
    void shouldPublishWhenASlipDeepDownMovesTheLaunchAndNotWhenSlackAbsorbsIt() {
        // given: L due 03-10 waits on A, which waits on B
        send(f.launch("L", "t", "2027-03-10"), f.milestone("A", "ta", "2027-03-05"), f.milestone("B", "tb", "2027-03-01"),
                f.hard("L", "A"), f.hard("A", "B"));

        // when: B slips within A's slack
        List<KeyValue<String, LaunchAnswer>> withinSlack = send(f.due("B", "2027-03-04"));
        // and then past it
        MilestoneEvent slip = f.due("B", "2027-03-15");
        List<KeyValue<String, LaunchAnswer>> pastSlack = send(slip);

        // then: nothing, then one record whose forecast moved, caused by the slip
        assertThat(withinSlack).isEmpty();
        assertThat(pastSlack).singleElement().satisfies(r -> {
            assertThat(r.key).isEqualTo("L");
            assertThat(r.value.getCauseEventId()).isEqualTo(slip.getEventId());
            assertThat(AvroMapping.fromAvro(r.value).forecast())
                    .isEqualTo(Forecast.late(date("2027-03-15"), 5, List.of("L", "A", "B")));
        });
        assertThat(storedForecast("A")).isEqualTo(new MilestoneForecast(ForecastState.LATE, date("2027-03-15"), 10));
    }

    @Test
    void shouldDropTheForecastOfAMilestoneThatIsNoLongerOpenAndGiveItBackWhenItIs() {
        // given
        send(f.launch("L", "t", "2027-03-10"), f.milestone("A", "ta", "2027-03-05"), f.hard("L", "A"));
        assertThat(storedForecast("A")).isNotNull();

        // when / then
        send(f.status("A", MilestoneStatus.CANCELLED));
        assertThat(storedForecast("A")).isNull();
        send(f.status("A", MilestoneStatus.AT_RISK));
        assertThat(storedForecast("A")).isEqualTo(new MilestoneForecast(ForecastState.ON_TIME, date("2027-03-05"), 0));
    }

    @Test
    void shouldCountATeamOncePerLateLaunchWhoseCriticalPathCrossesItsMilestones() {
        // given: L1 waits on A then B (both team-core); L2 waits on A; L3 is late through its own team's milestone
        send(f.launch("L1", "team-l", "2027-03-01"), f.launch("L2", "team-l", "2027-03-03"), f.launch("L3", "team-l", "2027-03-01"),
                f.milestone("A", "team-core", "2027-03-01"), f.milestone("B", "team-core", "2027-03-06"),
                f.milestone("O", "team-l", "2027-03-02"),
                f.hard("L1", "A"), f.hard("L2", "A"), f.hard("A", "B"), f.hard("L3", "O"));

        // when
        var slips = TeamQueries.slips(driver.answerStore(), driver.milestoneStore());

        // then: L1 slips 5 days, L2 3 days; L3's one day is team-l's own (the launch itself is left out)
        assertThat(slips).containsOnlyKeys("team-core", "team-l");
        assertThat(slips.get("team-core")).isEqualTo(new TeamQueries.TeamSlip(2, 5 + 3));
        assertThat(slips.get("team-l")).isEqualTo(new TeamQueries.TeamSlip(1, 1));
    }
}
