package io.launchgraph.topology.internal;

import io.launchgraph.avro.ForecastState;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The forecast of one open milestone (SEMANTICS.md "Forecasts"), without the launch's critical
 * path: {@code date} and {@code slipDays} are null exactly when the state is NEVER or UNSCHEDULED.
 */
public record MilestoneForecast(ForecastState state, LocalDate date, Integer slipDays) {
    public MilestoneForecast {
        Objects.requireNonNull(state, "state");
    }
}
