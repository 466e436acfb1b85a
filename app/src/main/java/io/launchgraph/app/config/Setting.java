package io.launchgraph.app.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name, default (null: none), meaning, and how its text becomes a
 * value. The environment variable is the name in capitals with dots as underscores, prefixed
 * with {@code LAUNCHGRAPH_}.
 */
public record Setting<T>(String key, String defaultValue, String description, Function<String, T> parser) {
    public Setting {
        Objects.requireNonNull(key);
        Objects.requireNonNull(description);
        Objects.requireNonNull(parser);
    }

    public String environmentVariable() {
        return Settings.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
