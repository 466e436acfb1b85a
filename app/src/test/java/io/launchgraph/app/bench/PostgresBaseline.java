package io.launchgraph.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatusChanged;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * What a team would build instead of launchgraph: PostgreSQL 15, the events loaded with
 * {@code COPY} into a staging table and merged into {@code milestones} and {@code dependencies} by
 * last-writer-wins upserts (SEMANTICS.md's registers, ordered by occurredAt then eventId), and the
 * answers computed on read by recursive queries. The benchmark starts its own server: initdb in a
 * temporary directory, listening on 127.0.0.1 only on a free port, its socket in that directory,
 * stopped and deleted by {@link #close()}. As root it runs the server as {@code nobody}
 * (initdb refuses root), with {@code runuser}, which every Debian has.
 */
final class PostgresBaseline implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "nobody";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final boolean asRoot;
    private final Connection db;
    private boolean started;

    private PostgresBaseline(Path bin, Path dir, boolean asRoot, int port) throws IOException, InterruptedException, SQLException {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.asRoot = asRoot;
        run("initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync");
        // Settings a team would give a bulk-loading database on a 24 GB machine; nothing that risks
        // data (fsync and synchronous commit stay on).
        run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "120", "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c shared_buffers=1GB -c work_mem=64MB"
                        + " -c maintenance_work_mem=512MB -c max_wal_size=4GB -c checkpoint_timeout=30min", "start");
        started = true;
        db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /** Starts a fresh server, or returns null (with the reason printed) when PostgreSQL is not installed. */
    static PostgresBaseline startIfInstalled() throws IOException, InterruptedException, SQLException {
        Path bin = findBin();
        if (bin == null) {
            System.out.println("  PostgreSQL not found (initdb on PATH, /usr/lib/postgresql/*/bin or -Dbench.pg.bin): its column stays empty");
            return null;
        }
        boolean root = System.getProperty("user.name").equals("root");
        Path dir = Files.createTempDirectory("launchgraph-pg-");
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName(USER));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        System.out.printf(Locale.ROOT, "  PostgreSQL from %s in %s on 127.0.0.1:%d%s%n", bin, dir, port, root ? " (as " + USER + ")" : "");
        try {
            return new PostgresBaseline(bin, dir, root, port);
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            stopAndDelete(bin, dir, root);
            throw e;
        }
    }

    private static Path findBin() throws IOException {
        String configured = System.getProperty("bench.pg.bin", "");
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path initdb = Path.of(p, "initdb");
            if (!p.isEmpty() && Files.isExecutable(initdb)) {
                return initdb.toRealPath().getParent();
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        }
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        run(bin, asRoot, dir, tool, args);
    }

    private static void run(Path bin, boolean asRoot, Path dir, String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(Arrays.asList(args));
        Path log = dir.resolve(tool + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .directory(dir.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " failed: " + Files.readString(log));
        }
    }

    // ---------------------------------------------------------------- the schema and the load

    private static final String SCHEMA = """
            CREATE UNLOGGED TABLE staging (seq bigint, event_id text, occurred_at timestamptz, type text, milestone_id text,
              team_id text, name text, kind text, due_date date, status text, labels jsonb, dependent_id text, dependency_id text,
              strength text, needed_by date);
            CREATE TABLE milestones (id text PRIMARY KEY,
              team_id text, name text, kind text, labels jsonb, desc_at timestamptz, desc_id text,
              status text, status_at timestamptz, status_id text,
              due_date date, due_at timestamptz, due_id text,
              declared boolean, exist_at timestamptz, exist_id text);
            CREATE TABLE dependencies (dependent_id text, dependency_id text, present boolean, strength text, needed_by date,
              at timestamptz, event_id text, PRIMARY KEY (dependent_id, dependency_id));
            CREATE INDEX dependencies_by_dependency ON dependencies (dependency_id);
            CREATE INDEX milestones_by_team ON milestones (team_id);
            CREATE VIEW blocking AS
              SELECT d.dependent_id AS src, d.dependency_id AS dst FROM dependencies d
              JOIN milestones s ON s.id = d.dependent_id
              LEFT JOIN milestones t ON t.id = d.dependency_id
              WHERE d.present AND d.strength = 'HARD'
                AND s.declared AND coalesce(s.status, 'PLANNED') NOT IN ('DONE', 'CANCELLED')
                AND NOT coalesce(t.declared AND t.status = 'DONE', false);
            CREATE VIEW open_launches AS
              SELECT id, team_id, due_date FROM milestones
              WHERE declared AND kind = 'LAUNCH' AND coalesce(status, 'PLANNED') NOT IN ('DONE', 'CANCELLED');
            """;

    /**
     * One statement per register: the newest event per key within the load (DISTINCT ON, since one
     * upsert cannot touch a row twice), written only where it is newer than what the row holds.
     * The database is created with the C locale, so ids compare by their bytes as the contract says.
     */
    private static final List<String> MERGE = List.of(
            // Re-sends and conflicting copies: the first seen of each (eventId, occurredAt) counts, as in the service.
            """
            CREATE TEMP TABLE ev AS SELECT DISTINCT ON (event_id, occurred_at) * FROM staging ORDER BY event_id, occurred_at, seq""",
            """
            INSERT INTO milestones AS m (id, team_id, name, kind, labels, desc_at, desc_id)
            SELECT DISTINCT ON (milestone_id) milestone_id, team_id, name, kind, labels, occurred_at, event_id FROM ev
            WHERE type = 'MilestoneDeclared' ORDER BY milestone_id, occurred_at DESC, event_id DESC
            ON CONFLICT (id) DO UPDATE SET team_id = EXCLUDED.team_id, name = EXCLUDED.name, kind = EXCLUDED.kind,
              labels = EXCLUDED.labels, desc_at = EXCLUDED.desc_at, desc_id = EXCLUDED.desc_id
            WHERE m.desc_at IS NULL OR (EXCLUDED.desc_at, EXCLUDED.desc_id) > (m.desc_at, m.desc_id)""",
            """
            INSERT INTO milestones AS m (id, declared, exist_at, exist_id)
            SELECT DISTINCT ON (milestone_id) milestone_id, type = 'MilestoneDeclared', occurred_at, event_id FROM ev
            WHERE type IN ('MilestoneDeclared', 'MilestoneRetired') ORDER BY milestone_id, occurred_at DESC, event_id DESC
            ON CONFLICT (id) DO UPDATE SET declared = EXCLUDED.declared, exist_at = EXCLUDED.exist_at, exist_id = EXCLUDED.exist_id
            WHERE m.exist_at IS NULL OR (EXCLUDED.exist_at, EXCLUDED.exist_id) > (m.exist_at, m.exist_id)""",
            """
            INSERT INTO milestones AS m (id, status, status_at, status_id)
            SELECT DISTINCT ON (milestone_id) milestone_id, status, occurred_at, event_id FROM ev
            WHERE type = 'MilestoneStatusChanged' OR (type = 'MilestoneDeclared' AND status IS NOT NULL)
            ORDER BY milestone_id, occurred_at DESC, event_id DESC
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_at = EXCLUDED.status_at, status_id = EXCLUDED.status_id
            WHERE m.status_at IS NULL OR (EXCLUDED.status_at, EXCLUDED.status_id) > (m.status_at, m.status_id)""",
            """
            INSERT INTO milestones AS m (id, due_date, due_at, due_id)
            SELECT DISTINCT ON (milestone_id) milestone_id, due_date, occurred_at, event_id FROM ev
            WHERE type = 'MilestoneDueDateChanged' OR (type = 'MilestoneDeclared' AND due_date IS NOT NULL)
            ORDER BY milestone_id, occurred_at DESC, event_id DESC
            ON CONFLICT (id) DO UPDATE SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at, due_id = EXCLUDED.due_id
            WHERE m.due_at IS NULL OR (EXCLUDED.due_at, EXCLUDED.due_id) > (m.due_at, m.due_id)""",
            """
            INSERT INTO dependencies AS d (dependent_id, dependency_id, present, strength, needed_by, at, event_id)
            SELECT DISTINCT ON (dependent_id, dependency_id) dependent_id, dependency_id, type = 'DependencyDeclared', strength,
              needed_by, occurred_at, event_id FROM ev
            WHERE type IN ('DependencyDeclared', 'DependencyRemoved')
            ORDER BY dependent_id, dependency_id, occurred_at DESC, event_id DESC
            ON CONFLICT (dependent_id, dependency_id) DO UPDATE SET present = EXCLUDED.present, strength = EXCLUDED.strength,
              needed_by = EXCLUDED.needed_by, at = EXCLUDED.at, event_id = EXCLUDED.event_id
            WHERE (EXCLUDED.at, EXCLUDED.event_id) > (d.at, d.event_id)""",
            "DROP TABLE ev",
            "TRUNCATE staging",
            "ANALYZE milestones",
            "ANALYZE dependencies");

    /** How the load went: events read, refused by the loader's checks, and the time of each step. */
    record Load(long events, long refused, long copyNanos, long mergeNanos) {
        long totalNanos() {
            return copyNanos + mergeNanos;
        }
    }

    /**
     * Reads the file as {@code publish} does (every line checked; refused ones left out), COPYs
     * the events into staging, then merges them, in one transaction.
     */
    Load load(Path file) throws IOException, SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(SCHEMA);
        }
        db.setAutoCommit(false);
        long start = System.nanoTime();
        long events = 0;
        long refused = 0;
        CopyIn copy = new CopyManager(db.unwrap(BaseConnection.class)).copyIn("COPY staging FROM STDIN");
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder rows = new StringBuilder(1 << 20);
            String line;
            long seq = 0;
            while ((line = lines.readLine()) != null) {
                seq++;
                if (!(EventJson.parse(line) instanceof EventJson.Accepted accepted)) {
                    refused++;
                    continue;
                }
                row(rows, seq, accepted.event());
                events++;
                if (rows.length() > 1 << 20) {
                    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    rows.setLength(0);
                }
            }
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        long copied = System.nanoTime();
        System.out.printf(Locale.ROOT, "  COPY of %,d events into staging: %,d ms%n", events, (copied - start) / 1_000_000);
        try (Statement s = db.createStatement()) {
            for (String sql : MERGE) {
                s.execute(sql);
            }
        }
        db.commit();
        db.setAutoCommit(true);
        long merged = System.nanoTime();
        System.out.printf(Locale.ROOT, "  merge (last-writer-wins upserts) and ANALYZE: %,d ms%n", (merged - copied) / 1_000_000);
        return new Load(events, refused, copied - start, merged - copied);
    }

    /** One COPY text row: tab-separated, \N for null, backslash escapes. */
    private static void row(StringBuilder out, long seq, MilestoneEvent e) throws IOException {
        Object[] f = new Object[15];
        f[0] = seq;
        f[1] = e.getEventId();
        f[2] = e.getOccurredAt();
        Object body = e.getEvent();
        f[3] = body.getClass().getSimpleName();
        if (body instanceof MilestoneDeclared d) {
            f[4] = d.getMilestoneId();
            f[5] = d.getTeamId();
            f[6] = d.getName();
            f[7] = d.getKind();
            f[8] = d.getDueDate();
            f[9] = d.getStatus();
            f[10] = d.getLabels() == null ? null : JSON.writeValueAsString(d.getLabels());
        } else if (body instanceof MilestoneStatusChanged c) {
            f[4] = c.getMilestoneId();
            f[9] = c.getStatus();
        } else if (body instanceof MilestoneDueDateChanged c) {
            f[4] = c.getMilestoneId();
            f[8] = c.getDueDate();
        } else if (body instanceof MilestoneRetired r) {
            f[4] = r.getMilestoneId();
        } else if (body instanceof DependencyDeclared d) {
            f[11] = d.getDependentId();
            f[12] = d.getDependencyId();
            f[13] = d.getStrength();
            f[14] = d.getNeededBy();
        } else if (body instanceof DependencyRemoved r) {
            f[11] = r.getDependentId();
            f[12] = r.getDependencyId();
        }
        for (int i = 0; i < f.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            if (f[i] == null) {
                out.append("\\N");
            } else {
                escape(out, f[i] instanceof Instant t ? t.toString() : f[i].toString());
            }
        }
        out.append('\n');
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    // ---------------------------------------------------------------- answers on read

    /**
     * The answers of the launches in {@code ls(l)}, by SEMANTICS.md: {@code r} is what each launch
     * reaches along blocking edges (itself included). Root blockers are the bottom strongly
     * connected components of that subgraph, and since it holds everything its nodes reach, being
     * in one is a property of the node alone: a sink (no blocking edge leaves it), or a member of a
     * cycle that nothing leaves. So those are found once per query over the distinct nodes reached
     * ({@code nodes}, {@code ne} their blocking edges): a node that reaches a sink ({@code drains})
     * is in no bottom cycle; among the rest ({@code k}, usually none), a node is in a bottom cycle
     * when everything it reaches reaches it back ({@code p}: reachability within k). The launch
     * itself is a root only in a cycle (a launch that is a sink is simply not blocked).
     */
    private static final String ANSWERS = """
            r(l, n) AS (SELECT l, l FROM ls UNION SELECT r.l, b.dst FROM r JOIN blocking b ON b.src = r.n),
            nodes(n) AS (SELECT DISTINCT n FROM r),
            ne(src, dst) AS (SELECT b.src, b.dst FROM blocking b JOIN nodes ON nodes.n = b.src),
            sinks(n) AS (SELECT n FROM nodes WHERE NOT EXISTS (SELECT 1 FROM ne WHERE ne.src = nodes.n)),
            drains(n) AS (SELECT n FROM sinks UNION SELECT ne.src FROM drains JOIN ne ON ne.dst = drains.n),
            k(n) AS (SELECT n FROM nodes EXCEPT SELECT n FROM drains),
            ke(src, dst) AS (SELECT ne.src, ne.dst FROM ne JOIN k a ON a.n = ne.src JOIN k b ON b.n = ne.dst),
            p(a, x) AS (SELECT src, dst FROM ke UNION SELECT p.a, ke.dst FROM p JOIN ke ON ke.src = p.x),
            bottom(n, sink) AS (
              SELECT n, true FROM sinks
              UNION ALL
              SELECT DISTINCT p0.a, false FROM p p0 WHERE NOT EXISTS (SELECT 1 FROM p p1 WHERE p1.a = p0.a
                AND NOT EXISTS (SELECT 1 FROM p q WHERE q.a = p1.x AND q.x = p1.a))),
            answers(l, direct, roots) AS (
              SELECT ls.l, d.direct, rt.roots FROM ls
              LEFT JOIN (SELECT src AS l, array_agg(dst ORDER BY dst) AS direct FROM ne JOIN ls ON ls.l = ne.src GROUP BY src) d
                ON d.l = ls.l
              LEFT JOIN (SELECT r.l, array_agg(r.n ORDER BY r.n) AS roots FROM r JOIN bottom b ON b.n = r.n
                         WHERE NOT (b.sink AND r.n = r.l) GROUP BY r.l) rt ON rt.l = ls.l)
            """;

    private static final String ONE = "WITH RECURSIVE ls(l) AS (SELECT id FROM open_launches WHERE id = ?),\n" + ANSWERS
            + "SELECT l, direct, roots FROM answers";

    private static final String ALL_OPEN = "WITH RECURSIVE ls(l) AS (SELECT id FROM open_launches),\n" + ANSWERS
            + "SELECT l, direct, roots FROM answers";

    private static final String ALL_BLOCKED = ALL_OPEN + " WHERE direct IS NOT NULL ORDER BY l";

    /**
     * A team's blocked launches with the team's milestones that block each, by due date: only the
     * launches that reach one of the team's milestones along blocking edges are derived.
     */
    private static final String TEAM = """
            WITH RECURSIVE rev(n) AS (SELECT id FROM milestones WHERE team_id = ?
                UNION SELECT b.src FROM rev JOIN blocking b ON b.dst = rev.n),
            ls(l) AS (SELECT o.id FROM open_launches o JOIN rev ON rev.n = o.id),
            """ + ANSWERS + """
            SELECT a.l, array_agg(DISTINCT m.id ORDER BY m.id) FROM answers a
            CROSS JOIN LATERAL unnest(coalesce(a.direct, '{}') || coalesce(a.roots, '{}')) AS x(id)
            JOIN milestones m ON m.id = x.id AND m.team_id = ?
            JOIN milestones lm ON lm.id = a.l
            GROUP BY a.l, lm.due_date ORDER BY lm.due_date NULLS LAST, a.l""";

    String version() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    /** Every open launch's answer. */
    Map<String, Answers.Answer> answers() throws SQLException {
        Map<String, Answers.Answer> answers = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(ALL_OPEN)) {
            while (rs.next()) {
                List<String> direct = strings(rs.getArray(2));
                answers.put(rs.getString(1), Answers.Answer.of(!direct.isEmpty(), direct, strings(rs.getArray(3))));
            }
        }
        return answers;
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    /** Latencies of the three queries, as for launchgraph (warm-up round not counted). */
    record QueryTimes(Latencies one, Latencies all, Latencies team, int allBlocked) {}

    QueryTimes queries(List<String> openLaunches, List<String> teams, int rounds, int one, int lists, int team) throws SQLException {
        Random random = new Random(7);
        Latencies oneTimes = new Latencies();
        Latencies allTimes = new Latencies();
        Latencies teamTimes = new Latencies();
        int blocked = 0;
        try (PreparedStatement oneQuery = db.prepareStatement(ONE);
                PreparedStatement allQuery = db.prepareStatement(ALL_BLOCKED);
                PreparedStatement teamQuery = db.prepareStatement(TEAM)) {
            for (int round = 0; round <= rounds; round++) {
                boolean counted = round > 0;
                System.out.printf(Locale.ROOT, "  queries, round %d of %d%s%n", round, rounds, counted ? "" : " (warm-up)");
                for (int i = 0; i < one / rounds; i++) {
                    oneQuery.setString(1, openLaunches.get(random.nextInt(openLaunches.size())));
                    time(oneQuery, counted ? oneTimes : null);
                }
                for (int i = 0; i < Math.max(1, lists / rounds); i++) {
                    blocked = time(allQuery, counted ? allTimes : null);
                }
                for (int i = 0; i < team / rounds; i++) {
                    String t = teams.get(random.nextInt(teams.size()));
                    teamQuery.setString(1, t);
                    teamQuery.setString(2, t);
                    time(teamQuery, counted ? teamTimes : null);
                }
            }
        }
        return new QueryTimes(oneTimes, allTimes, teamTimes, blocked);
    }

    /** Runs a query to its last row (arrays read too, as a service answering it would); returns the rows. */
    private static int time(PreparedStatement query, Latencies into) throws SQLException {
        long start = System.nanoTime();
        int rows = 0;
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows++;
                for (int c = 2; c <= rs.getMetaData().getColumnCount(); c++) {
                    strings(rs.getArray(c));
                }
            }
        }
        if (into != null) {
            into.add(System.nanoTime() - start);
        }
        return rows;
    }

    /**
     * Single status changes as a service on PostgreSQL would write them: one upsert each,
     * committed; an answer computed on read sees it at once, so this is its event to visible
     * answer, before the read itself.
     */
    Latencies singleWrites(List<String> milestones, int count) throws SQLException {
        Latencies times = new Latencies();
        Random random = new Random(11);
        Instant base = Instant.parse("2030-01-01T00:00:00Z");
        try (PreparedStatement upsert = db.prepareStatement("""
                INSERT INTO milestones AS m (id, status, status_at, status_id) VALUES (?, ?, ?::timestamptz, ?)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_at = EXCLUDED.status_at, status_id = EXCLUDED.status_id
                WHERE m.status_at IS NULL OR (EXCLUDED.status_at, EXCLUDED.status_id) > (m.status_at, m.status_id)""")) {
            for (int i = 0; i < count; i++) {
                upsert.setString(1, milestones.get(random.nextInt(milestones.size())));
                upsert.setString(2, i % 2 == 0 ? "DONE" : "AT_RISK");
                upsert.setString(3, base.plusMillis(i).toString());
                upsert.setString(4, String.format(Locale.ROOT, "single-%09d", i));
                long start = System.nanoTime();
                upsert.executeUpdate();
                times.add(System.nanoTime() - start);
            }
        }
        return times;
    }

    /**
     * The proportional set size (PSS) of the server's processes, in kB: its processes share the
     * buffer cache, so a sum of their resident sizes would count it once per process.
     */
    long pssKb() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        long sum = 0;
        for (long pid : Stream.concat(Stream.of(postmaster), ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)).toList()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        sum += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                // A backend that ended meanwhile holds nothing.
                continue;
            }
        }
        return sum;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            System.out.println("  closing the connection to PostgreSQL: " + e.getMessage());
        }
        if (started) {
            started = false;
            stopAndDelete(bin, dir, asRoot);
        }
    }

    private static void stopAndDelete(Path bin, Path dir, boolean asRoot) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                run(bin, asRoot, dir, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("  stopping PostgreSQL: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
