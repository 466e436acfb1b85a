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
import java.time.Instant;
import java.time.LocalDate;
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
 * <p>Deterministic: the same event ids and instants every time, so loading it twice changes
 * nothing.
 */
public final class DemoOrganisation {
    /** A launch the demo always shows blocked, through a chain down to platform work. */
    public static final String KNOWN_BLOCKED_LAUNCH = "launch-shopping-ads-de";

    private static final Instant T0 = Instant.parse("2026-09-01T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-26");

    private final List<MilestoneEvent> events = new ArrayList<>();
    private int minutes;

    private DemoOrganisation() {}

    public static List<MilestoneEvent> events() {
        DemoOrganisation d = new DemoOrganisation();
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

    /** What happened since: progress, a cancellation, a retirement, re-plans. */
    private void story() {
        // Shopping in Brazil still waits on the legacy catalog feed, cancelled last month.
        milestone("m-catalog-feed-v1", "team-catalog", "Legacy catalog feed v1", 10, MilestoneStatus.IN_PROGRESS);
        hard("launch-shopping-ads-br", "m-catalog-feed-v1", null);
        status("m-catalog-feed-v1", MilestoneStatus.CANCELLED);
        // Video in India needs a vendor SDK certification that no team has declared.
        hard("launch-video-ads-in", "m-vendor-sdk-certification", null);
        // Local ads in Mexico depended on a feed that was done, then retired without cleaning up.
        milestone("m-places-feed", "team-feeds", "Places data feed", 5, MilestoneStatus.IN_PROGRESS);
        hard("launch-local-ads-mx", "m-places-feed", null);
        status("m-places-feed", MilestoneStatus.DONE);
        retire("m-places-feed");
        // Progress and re-plans.
        status("m-search-ads-serving", MilestoneStatus.DONE);
        status("m-search-ads-billing", MilestoneStatus.DONE);
        status("m-privacy-review-fr", MilestoneStatus.IN_PROGRESS);
        status("m-display-ads-serving", MilestoneStatus.AT_RISK);
        due("m-identity-graph-v2", TODAY.plusDays(48));
        due("m-video-ads-billing", null);
        remove("launch-search-ads-jp", "m-search-ads-reporting");
        status("launch-search-ads-us", MilestoneStatus.IN_PROGRESS);
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
        minutes += 7;
        events.add(new MilestoneEvent(String.format("demo-%04d", events.size() + 1), T0.plusSeconds(60L * minutes), "launchgraph-demo", event));
    }
}
