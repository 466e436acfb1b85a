package io.launchgraph.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The resolved configuration: for every key of {@link Keys}, the value from the strongest source
 * that gives one. Sources, weakest first: defaults, the configuration file, {@code LAUNCHGRAPH_*}
 * environment variables, command-line flags. A key nobody knows is an error in every source, but
 * for {@code kafka.*} and {@code serde.*}, which pass through.
 */
public final class Settings {
    public static final String ENV_PREFIX = "LAUNCHGRAPH_";
    /** The environment variable that names a configuration file. */
    public static final String CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG";
    /**
     * The token the CLI presents to a running service (its {@code --token}). Not a setting of
     * the service: a shell that exports it for the CLI must still be able to start one.
     */
    public static final String CLIENT_TOKEN_ENV = ENV_PREFIX + "TOKEN";

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private Settings(Map<String, String> values, Map<String, String> sources) {
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
    }

    /**
     * Resolves the configuration.
     *
     * @param modeDefaults defaults of the command being run (the demo's differ), over the catalogue's
     * @param file a properties file, or null
     * @param environment the process environment
     * @param flags key-value pairs from the command line
     */
    public static Settings load(Map<String, String> modeDefaults, Path file, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Setting<?> s : Keys.all()) {
            if (s.defaultValue() != null) {
                values.put(s.key(), s.defaultValue());
                sources.put(s.key(), "default");
            }
        }
        put(values, sources, modeDefaults, "default");
        if (file == null && environment.containsKey(CONFIG_FILE_ENV)) {
            file = Path.of(environment.get(CONFIG_FILE_ENV));
        }
        if (file != null) {
            put(values, sources, readFile(file), "file " + file);
        }
        put(values, sources, fromEnvironment(environment), "environment");
        put(values, sources, flags, "command line");
        Settings settings = new Settings(values, sources);
        for (Setting<?> s : Keys.all()) {
            String v = values.get(s.key());
            if (v != null) {
                s.parse(v); // fail at start-up, naming the key, not later
            }
        }
        return settings;
    }

    private static void put(Map<String, String> values, Map<String, String> sources, Map<String, String> from, String source) {
        from.forEach((key, value) -> {
            requireKnown(key, source);
            values.put(key, value);
            sources.put(key, source);
        });
    }

    private static void requireKnown(String key, String source) {
        boolean known = Keys.all().stream().anyMatch(s -> s.key().equals(key))
                || Keys.PASS_THROUGH_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
        if (!known) {
            throw new IllegalArgumentException("unknown configuration key \"" + key + "\" (from " + source
                    + "); known keys: " + Keys.all().stream().map(Setting::key).toList()
                    + ", and kafka.* and serde.* pass through");
        }
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> byVariable = new LinkedHashMap<>();
        for (Setting<?> s : Keys.all()) {
            byVariable.put(s.environmentVariable(), s.key());
        }
        Map<String, String> values = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (!variable.startsWith(ENV_PREFIX) || variable.equals(CONFIG_FILE_ENV) || variable.equals(CLIENT_TOKEN_ENV)) {
                return;
            }
            String key = byVariable.get(variable);
            if (key == null) {
                String rest = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (Keys.PASS_THROUGH_PREFIXES.stream().anyMatch(p -> rest.startsWith(p) && rest.length() > p.length())) {
                    key = rest;
                } else {
                    throw new IllegalArgumentException("unknown environment variable " + variable + "; known: "
                            + byVariable.keySet() + ", " + CONFIG_FILE_ENV + ", and LAUNCHGRAPH_KAFKA_* and LAUNCHGRAPH_SERDE_* pass through");
                }
            }
            values.put(key, value);
        });
        return values;
    }

    public <T> T get(Setting<T> setting) {
        String v = values.get(setting.key());
        return v == null ? null : setting.parse(v);
    }

    /** The value's text, or null when no source gives one. */
    public String text(Setting<?> setting) {
        return values.get(setting.key());
    }

    public <T> T require(Setting<T> setting) {
        T v = get(setting);
        if (v == null || (v instanceof String str && str.isEmpty())) {
            throw new IllegalArgumentException(setting.key() + " is required (flag --set " + setting.key() + "=..., "
                    + setting.environmentVariable() + ", or the configuration file)");
        }
        return v;
    }

    /** Pass-through keys under {@code prefix} (not the catalogue's own, such as serde.class), the prefix removed. */
    public Map<String, String> passThrough(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && Keys.all().stream().noneMatch(s -> s.key().equals(k))) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** A copy with {@code overrides} on top (for values the process decides, such as the demo's broker). */
    public Settings with(Map<String, String> overrides, String source) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> s = new LinkedHashMap<>(sources);
        put(v, s, overrides, source);
        return new Settings(v, s);
    }

    /** Key = value (source) lines for the log, secrets masked. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> lines.add(k + " = " + (isSecret(k) && !v.isEmpty() ? "****" : v) + " (" + sources.get(k) + ")"));
        return lines;
    }

    /** Whether a key's value must never be printed: tokens (http.tokens included), passwords, credentials. */
    public static boolean isSecret(String key) {
        return key.contains("user.info") || key.contains("token") || key.contains("password") || key.contains("jaas")
                || key.contains("secret");
    }
}
