package io.launchgraph.app.demo;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo: an ads organisation of about thirty teams shipping seven ad products in a dozen
 * markets. Launches wait on market reviews, product stacks and platform work, in chains five
 * deep; measurement and data pipelines deadlock each other; a launch still depends on a
 * cancelled legacy feed, another on a vendor certification nobody declared, another on a retired
 * milestone; several dependencies are due after their dependents need them.
 *
 * <p>It has a history: its events are spread over the eight weeks before the demo starts, so that
 * "as of", "changes since" and the weekly report show something real. Three weeks ago search ads
 * in the US became blocked on a brand-safety audit, which was done five days ago; on the last
 * Tuesday the EU datacenter expansion slipped twelve days, and every launch behind it with it;
 * yesterday display ads' serving stack and the campaign UI components came to wait on each other.
 *
 * <p>Due dates are fixed (relative to 2026-11-26), so the answers are the same whenever it runs;
 * the instants are relative to the hour the demo starts, and the same within that hour.
 */
public final class DemoOrganisation {
    /** A launch the demo always shows blocked, through a chain down to platform work. */
    public static final String KNOWN_BLOCKED_LAUNCH = "launch-shopping-ads-de";
    /** Became blocked three weeks before the demo starts, and unblocked five days before. */
    public static final String UNBLOCKED_LAST_WEEK = "launch-search-ads-us";
    /** Slipped on the last Tuesday. */
    public static final String SLIPPED_ON_TUESDAY = "m-datacenter-expansion-eu";

    private static final LocalDate TODAY = LocalDate.parse("2026-11-26");
    /** The organisation as it was declared, spread from eight weeks back to four. */
    private static final Duration BUILD_STEP = Duration.ofMinutes(140);

    private final Instant start;
    private final List<MilestoneEvent> events = new ArrayList<>();
    private Instant at;
    private boolean story;

    private DemoOrganisation(Instant start) {
        this.start = start;
        this.at = start.minus(Duration.ofDays(56));
    }

    /** The demo's events, as if it started now. */
    public static List<MilestoneEvent> events() {
        return events(Instant.now());
    }

    /** The demo's events, as if it started at {@code start} (taken to the hour). */
    public static List<MilestoneEvent> events(Instant start) {
        DemoOrganisation d = new DemoOrganisation(start.truncatedTo(ChronoUnit.HOURS));
        d.build();
        return List.copyOf(d.events);
    }

    private void build() {
        platform();
        Map<String, List<String>> products = new LinkedHashMap<>();
        products.put("search-ads", List.of("us", "de", "fr", "jp"));
        products.put("shopping-ads", List.of("us", "de", "gb", "br"));
        products.put("video-ads", List.of("us", "jp", "in"));
        products.put("display-ads", List.of("de", "fr"));
        products.put("app-ads", List.of("us", "br"));
        products.put("local-ads", List.of("gb", "mx"));
        products.put("performance-max", List.of("us", "de", "kr"));
        for (String market : List.of("us", "de", "fr", "gb", "jp", "br", "in", "mx", "kr")) {
            market(market);
        }
        int i = 0;
        for (Map.Entry<String, List<String>> product : products.entrySet()) {
            productStack(product.getKey());
            for (String market : product.getValue()) {
                launch(product.getKey(), market, 20 + 9 * i++);
            }
        }
        story = true;
        story();
    }

    /** Platform work many launches wait on, in chains. */
    private void platform() {
        milestone("m-datacenter-expansion-eu", "team-serving-infra", "Expand EU datacenter capacity", 55, MilestoneStatus.IN_PROGRESS);
        milestone("m-storage-migration", "team-storage", "Migrate ads storage to the new cluster", 40, MilestoneStatus.AT_RISK);
        milestone("m-identity-graph-v2", "team-identity", "Identity graph v2", 30, MilestoneStatus.IN_PROGRESS);
        milestone("m-consent-framework-v3", "team-privacy", "Consent framework v3", 25, MilestoneStatus.PLANNED);
        milestone("m-billing-platform-v4", "team-billing", "Billing platform v4", 35, MilestoneStatus.IN_PROGRESS);
        milestone("m-payments-tax-engine", "team-payments", "Tax engine for new markets", 45, MilestoneStatus.PLANNED);
        milestone("m-fraud-scoring-v2", "team-fraud", "Fraud scoring v2", 10, MilestoneStatus.DONE);
        milestone("m-policy-engine", "team-policy", "Ads policy engine rules refresh", 12, MilestoneStatus.IN_PROGRESS);
        milestone("m-api-gateway-quotas", "team-api-gateway", "Per-advertiser API quotas", 8, MilestoneStatus.DONE);
        milestone("m-ui-platform-components", "team-ui-platform", "Campaign UI components", 15, MilestoneStatus.IN_PROGRESS);
        milestone("m-experiments-framework", "team-experiments", "Launch experiment framework", 5, MilestoneStatus.DONE);
        milestone("m-reporting-pipeline-v3", "team-reporting", "Reporting pipeline v3", 28, MilestoneStatus.IN_PROGRESS);
        hard("m-identity-graph-v2", "m-storage-migration", null);
        hard("m-storage-migration", "m-datacenter-expansion-eu", null);
        hard("m-consent-framework-v3", "m-identity-graph-v2", 20);
        hard("m-billing-platform-v4", "m-payments-tax-engine", 30);
        hard("m-reporting-pipeline-v3", "m-storage-migration", null);
        soft("m-ui-platform-components", "m-experiments-framework", null);

        // Measurement and data pipelines wait on each other: a deadlock nobody noticed.
        milestone("m-conversion-api-v2", "team-measurement", "Conversion API v2", 33, MilestoneStatus.IN_PROGRESS);
        milestone("m-event-schema-v5", "team-data-pipelines", "Event schema v5", 27, MilestoneStatus.PLANNED);
        milestone("m-attribution-refresh", "team-measurement", "Attribution model refresh", 38, MilestoneStatus.AT_RISK);
        hard("m-conversion-api-v2", "m-event-schema-v5", null);
        hard("m-event-schema-v5", "m-attribution-refresh", null);
        hard("m-attribution-refresh", "m-conversion-api-v2", null);
    }

    /** Per market: a privacy review (on the consent framework), localization, tax rules. */
    private void market(String market) {
        String m = market.toUpperCase(Locale.ROOT);
        String review = "m-privacy-review-" + market;
        milestone(review, "team-privacy", "Privacy review " + m, 18 + market.length() * 3,
                market.equals("us") ? MilestoneStatus.DONE : MilestoneStatus.PLANNED, Map.of("market", m));
        hard(review, "m-consent-framework-v3", null);
        milestone("m-localization-" + market, "team-localization", "Localization " + m, 14,
                market.equals("jp") || market.equals("kr") ? MilestoneStatus.IN_PROGRESS : MilestoneStatus.DONE, Map.of("market", m));
        milestone("m-tax-rules-" + market, "team-payments", "Tax rules " + m, 50,
                List.of("br", "in", "mx", "kr").contains(market) ? MilestoneStatus.PLANNED : MilestoneStatus.DONE, Map.of("market", m));
        hard("m-tax-rules-" + market, "m-payments-tax-engine", null);
    }

    /** Per product: a serving stack, its reporting and its billing integration. */
    private void productStack(String product) {
        String team = "team-" + product;
        String stack = "m-" + product + "-serving";
        milestone(stack, team, "Serving stack for " + product, 22, MilestoneStatus.IN_PROGRESS, Map.of("product", product));
        hard(stack, "m-policy-engine", null);
        hard(stack, "m-fraud-scoring-v2", null);
        String reporting = "m-" + product + "-reporting";
        milestone(reporting, "team-reporting", "Reporting for " + product, 32, MilestoneStatus.PLANNED, Map.of("product", product));
        hard(reporting, "m-reporting-pipeline-v3", null);
        String billing = "m-" + product + "-billing";
        milestone(billing, "team-billing", "Billing integration for " + product, 26, MilestoneStatus.IN_PROGRESS, Map.of("product", product));
        hard(billing, "m-billing-platform-v4", 24);
        soft(stack, "m-ui-platform-components", null);
    }

    private void launch(String product, String market, int dueInDays) {
        String id = "launch-" + product + "-" + market;
        declare(id, "team-" + product, "Launch " + product + " in " + market.toUpperCase(Locale.ROOT), MilestoneKind.LAUNCH,
                TODAY.plusDays(dueInDays), MilestoneStatus.PLANNED,
                Map.of("product", product, "market", market.toUpperCase(Locale.ROOT)));
        hard(id, "m-" + product + "-serving", null);
        hard(id, "m-" + product + "-billing", null);
        hard(id, "m-privacy-review-" + market, null);
        hard(id, "m-localization-" + market, null);
        hard(id, "m-tax-rules-" + market, null);
        soft(id, "m-" + product + "-reporting", null);
        if (product.equals("performance-max") || product.equals("app-ads")) {
            hard(id, "m-conversion-api-v2", null);
        }
    }

    /** What happened since: progress, a cancellation, a retirement, re-plans, a slip and a new cycle. */
    private void story() {
        // Four weeks ago: shopping in Brazil still waits on the legacy catalog feed, cancelled since.
        at = start.minus(Duration.ofDays(28));
        milestone("m-catalog-feed-v1", "team-catalog", "Legacy catalog feed v1", 10, MilestoneStatus.IN_PROGRESS);
        hard("launch-shopping-ads-br", "m-catalog-feed-v1", null);
        // Video in India needs a vendor SDK certification that no team has declared.
        hard("launch-video-ads-in", "m-vendor-sdk-certification", null);
        // Local ads in Mexico depended on a feed that was done, then retired without cleaning up.
        milestone("m-places-feed", "team-feeds", "Places data feed", 5, MilestoneStatus.IN_PROGRESS);
        hard("launch-local-ads-mx", "m-places-feed", null);
        at = start.minus(Duration.ofDays(24));
        status("m-search-ads-serving", MilestoneStatus.DONE);
        status("m-search-ads-billing", MilestoneStatus.DONE);
        status("m-places-feed", MilestoneStatus.DONE);
        status("m-catalog-feed-v1", MilestoneStatus.CANCELLED);
        // Three weeks ago: search ads in the US, free to ship, waits on a brand-safety audit.
        at = start.minus(Duration.ofDays(21));
        milestone("m-brand-safety-audit-us", "team-brand-safety", "Brand-safety audit US", 2, MilestoneStatus.IN_PROGRESS,
                Map.of("market", "US"));
        hard(UNBLOCKED_LAST_WEEK, "m-brand-safety-audit-us", null);
        // Two weeks ago: progress and re-plans.
        at = start.minus(Duration.ofDays(14));
        retire("m-places-feed");
        status("m-privacy-review-fr", MilestoneStatus.IN_PROGRESS);
        status("m-display-ads-serving", MilestoneStatus.AT_RISK);
        due("m-identity-graph-v2", TODAY.plusDays(48));
        due("m-video-ads-billing", null);
        remove("launch-search-ads-jp", "m-search-ads-reporting");
        // Six days ago: the campaign UI components come to need display ads' serving API.
        at = start.minus(Duration.ofDays(6));
        hard("m-ui-platform-components", "m-display-ads-serving", null);
        // Five days ago: the audit is done, and search ads in the US is under way.
        at = start.minus(Duration.ofDays(5));
        status("m-brand-safety-audit-us", MilestoneStatus.DONE);
        status(UNBLOCKED_LAST_WEEK, MilestoneStatus.IN_PROGRESS);
        // The last Tuesday: the EU datacenter expansion slips twelve days.
        at = lastTuesday();
        due(SLIPPED_ON_TUESDAY, TODAY.plusDays(55 + 12));
        // Yesterday: display ads' serving stack now needs the UI components it was only using: a new cycle.
        at = start.minus(Duration.ofDays(1));
        hard("m-display-ads-serving", "m-ui-platform-components", null);
    }

    /** 10:00 UTC on the last Tuesday before the start (the start's own day when it is a Tuesday after ten). */
    private Instant lastTuesday() {
        LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate();
        Instant tuesday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.TUESDAY)).atTime(10, 0).toInstant(ZoneOffset.UTC);
        return tuesday.isBefore(start) ? tuesday : tuesday.minus(Duration.ofDays(7));
    }

    private void milestone(String id, String team, String name, int dueInDays, MilestoneStatus status) {
        milestone(id, team, name, dueInDays, status, Map.of());
    }

    private void milestone(String id, String team, String name, int dueInDays, MilestoneStatus status, Map<String, String> labels) {
        declare(id, team, name, MilestoneKind.MILESTONE, TODAY.plusDays(dueInDays), status, labels);
    }

    private void declare(String id, String team, String name, MilestoneKind kind, LocalDate due, MilestoneStatus status,
            Map<String, String> labels) {
        add(new MilestoneDeclared(id, team, name, kind, due, status, labels));
    }

    private void hard(String dependent, String dependency, Integer neededInDays) {
        add(new DependencyDeclared(dependent, dependency, DependencyStrength.HARD, neededInDays == null ? null : TODAY.plusDays(neededInDays)));
    }

    private void soft(String dependent, String dependency, Integer neededInDays) {
        add(new DependencyDeclared(dependent, dependency, DependencyStrength.SOFT, neededInDays == null ? null : TODAY.plusDays(neededInDays)));
    }

    private void status(String id, MilestoneStatus status) {
        add(new MilestoneStatusChanged(id, status));
    }

    private void due(String id, LocalDate due) {
        add(new MilestoneDueDateChanged(id, due));
    }

    private void retire(String id) {
        add(new MilestoneRetired(id));
    }

    private void remove(String dependent, String dependency) {
        add(new DependencyRemoved(dependent, dependency));
    }

    private void add(Object event) {
        // Events of one moment a minute apart, in the order told.
        at = at.plus(events.isEmpty() ? Duration.ZERO : story ? Duration.ofMinutes(1) : BUILD_STEP);
        events.add(new MilestoneEvent(String.format("demo-%04d", events.size() + 1), at, "launchgraph-demo", event));
    }
}
