package io.launchgraph.app.graph;

import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.topology.WhatIf;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A launch's blocking subgraph in the forms tools read: JSON (this API's view), DOT (Graphviz),
 * Mermaid (Markdown viewers) and GraphML (yEd, Gephi). Every form carries each milestone's team,
 * status, due date and forecast, marks the critical path, the cycles and the root blockers, and
 * lays the graph out left to right from the launch.
 */
public final class GraphExport {
    private GraphExport() {}

    /** The formats, by the name {@code ?format=} takes, with their content types. */
    public enum Format {
        JSON("application/json"), DOT("text/vnd.graphviz; charset=utf-8"), MERMAID("text/plain; charset=utf-8"),
        GRAPHML("application/graphml+xml; charset=utf-8");

        public final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    /** One milestone of the graph as the JSON form has it. */
    public record GraphNode(String id, String teamId, String name, String status, LocalDate dueDate, String forecast, LocalDate forecastDate,
            Integer slipDays, boolean critical, boolean cycle, boolean root, int depth) {}

    /**
     * One edge: {@code from} waits on {@code to}; {@code blocking} for a HARD edge to an
     * unresolved milestone, {@code risk} for a schedule-risk edge (the target is due after it is
     * needed, or has no due date).
     */
    public record GraphEdge(String from, String to, LocalDate neededBy, String strength, boolean critical, boolean blocking, boolean risk) {}

    /** The JSON form. */
    public record GraphView(String launchId, List<String> criticalPath, List<GraphNode> nodes, List<GraphEdge> edges) {}

    public static GraphView json(WhatIf.Subgraph g) {
        List<String> path = criticalPath(g);
        Set<String> onPath = new HashSet<>(path);
        Set<String> pathEdges = pathEdges(path);
        List<GraphNode> nodes = new ArrayList<>();
        for (WhatIf.GraphNode n : g.nodes()) {
            MilestoneForecast f = n.forecast();
            nodes.add(new GraphNode(n.id(), n.teamId(), n.name(), n.status(), n.dueDate(), f == null ? null : f.getState().name(),
                    f == null ? null : f.getDate(), f == null ? null : f.getSlipDays(), onPath.contains(n.id()), n.cycle(), n.root(), n.depth()));
        }
        List<GraphEdge> edges = new ArrayList<>();
        g.edges().forEach(e -> edges.add(new GraphEdge(e.from(), e.to(), e.neededBy(), e.strength(),
                pathEdges.contains(e.from() + " " + e.to()), e.blocking(), e.risk())));
        return new GraphView(g.launchId(), path, nodes, edges);
    }

    /**
     * Graphviz DOT: {@code dot -Tsvg} draws it left to right, one cluster per team. Nodes are
     * n0, n1... with the milestone id as the label's first line: in a DOT id a backslash before
     * the closing quote cannot be written, and ids may end with one.
     */
    public static String dot(WhatIf.Subgraph g) {
        GraphView j = json(g);
        Map<String, String> key = keys(j);
        StringBuilder out = new StringBuilder("digraph ").append(dotId(dotText(j.launchId()))).append(" {\n")
                .append("  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"sans-serif\"];\n");
        Map<String, List<GraphNode>> byTeam = new HashMap<>();
        j.nodes().forEach(n -> byTeam.computeIfAbsent(n.teamId() == null ? "" : n.teamId(), k -> new ArrayList<>()).add(n));
        int cluster = 0;
        for (Map.Entry<String, List<GraphNode>> team : new java.util.TreeMap<>(byTeam).entrySet()) {
            String indent = "  ";
            if (!team.getKey().isEmpty()) {
                out.append("  subgraph cluster_").append(cluster++).append(" {\n    label=").append(dotId(dotText(team.getKey()))).append(";\n");
                indent = "    ";
            }
            for (GraphNode n : team.getValue()) {
                List<String> lines = label(n).stream().map(GraphExport::dotText).toList();
                out.append(indent).append(key.get(n.id())).append(" [label=").append(dotId(String.join("\\n", lines)))
                        .append(", fillcolor=\"").append(colour(n)).append('"')
                        .append(n.critical() ? ", penwidth=3" : "").append(n.cycle() ? ", color=red" : "").append("];\n");
            }
            if (!team.getKey().isEmpty()) {
                out.append("  }\n");
            }
        }
        for (GraphEdge e : j.edges()) {
            out.append("  ").append(key.get(e.from())).append(" -> ").append(key.get(e.to()));
            List<String> attributes = new ArrayList<>();
            if (e.neededBy() != null) {
                attributes.add("label=" + dotId("by " + e.neededBy()));
            }
            if (e.critical()) {
                attributes.add("penwidth=3");
            }
            if (e.risk()) {
                attributes.add("color=darkorange");
            }
            if (!e.blocking()) {
                attributes.add("style=dashed");
            }
            out.append(attributes.isEmpty() ? "" : " [" + String.join(", ", attributes) + "]").append(";\n");
        }
        return out.append("}\n").toString();
    }

    /** Mermaid flowchart, left to right; the critical path's nodes and edges drawn thick. */
    public static String mermaid(WhatIf.Subgraph g) {
        GraphView j = json(g);
        Map<String, String> key = keys(j);
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (GraphNode n : j.nodes()) {
            List<String> lines = label(n).stream().map(GraphExport::mermaidText).toList();
            out.append("  ").append(key.get(n.id())).append("[\"").append(String.join("<br/>", lines)).append("\"]\n");
        }
        List<Integer> critical = new ArrayList<>();
        for (int i = 0; i < j.edges().size(); i++) {
            GraphEdge e = j.edges().get(i);
            // Dotted: an edge that does not block (a risk scope's SOFT edge).
            out.append("  ").append(key.get(e.from())).append(e.blocking() ? " -->" : " -.->");
            List<String> label = new ArrayList<>();
            if (e.risk()) {
                label.add("risk");
            }
            if (e.neededBy() != null) {
                label.add("by " + e.neededBy());
            }
            if (!label.isEmpty()) {
                out.append("|\"").append(String.join(": ", label)).append("\"|");
            }
            out.append(' ').append(key.get(e.to())).append('\n');
            if (e.critical()) {
                critical.add(i);
            }
        }
        out.append("  classDef late fill:#fde2c8\n  classDef never fill:#f6c6c6\n  classDef unscheduled fill:#eeeeee\n")
                .append("  classDef critical stroke-width:3px\n");
        for (GraphNode n : j.nodes()) {
            String c = n.forecast() == null ? null : switch (n.forecast()) {
                case "LATE" -> "late";
                case "NEVER" -> "never";
                case "UNSCHEDULED" -> "unscheduled";
                default -> null;
            };
            if (c != null) {
                out.append("  class ").append(key.get(n.id())).append(' ').append(c).append('\n');
            }
            if (n.critical()) {
                out.append("  class ").append(key.get(n.id())).append(" critical\n");
            }
        }
        if (!critical.isEmpty()) {
            out.append("  linkStyle ").append(String.join(",", critical.stream().map(String::valueOf).toList())).append(" stroke-width:3px\n");
        }
        return out.toString();
    }

    /** GraphML: node ids n0, n1... (ids may hold characters GraphML ids may not), the milestone id as data. */
    public static String graphml(WhatIf.Subgraph g) {
        GraphView j = json(g);
        Map<String, String> key = keys(j);
        StringBuilder out = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
                  <key id="id" for="node" attr.name="milestoneId" attr.type="string"/>
                  <key id="team" for="node" attr.name="teamId" attr.type="string"/>
                  <key id="name" for="node" attr.name="name" attr.type="string"/>
                  <key id="status" for="node" attr.name="status" attr.type="string"/>
                  <key id="due" for="node" attr.name="dueDate" attr.type="string"/>
                  <key id="forecast" for="node" attr.name="forecast" attr.type="string"/>
                  <key id="forecastDate" for="node" attr.name="forecastDate" attr.type="string"/>
                  <key id="slipDays" for="node" attr.name="slipDays" attr.type="int"/>
                  <key id="cycle" for="node" attr.name="cycle" attr.type="boolean"/>
                  <key id="root" for="node" attr.name="root" attr.type="boolean"/>
                  <key id="ncritical" for="node" attr.name="critical" attr.type="boolean"/>
                  <key id="neededBy" for="edge" attr.name="neededBy" attr.type="string"/>
                  <key id="ecritical" for="edge" attr.name="critical" attr.type="boolean"/>
                  <key id="strength" for="edge" attr.name="strength" attr.type="string"/>
                  <key id="blocking" for="edge" attr.name="blocking" attr.type="boolean"/>
                  <key id="risk" for="edge" attr.name="risk" attr.type="boolean"/>
                """);
        out.append("  <graph id=\"G\" edgedefault=\"directed\">\n");
        for (GraphNode n : j.nodes()) {
            out.append("    <node id=\"").append(key.get(n.id())).append("\">\n");
            data(out, "id", n.id());
            data(out, "team", n.teamId());
            data(out, "name", n.name());
            data(out, "status", n.status());
            data(out, "due", n.dueDate());
            data(out, "forecast", n.forecast());
            data(out, "forecastDate", n.forecastDate());
            data(out, "slipDays", n.slipDays());
            data(out, "cycle", n.cycle());
            data(out, "root", n.root());
            data(out, "ncritical", n.critical());
            out.append("    </node>\n");
        }
        for (int i = 0; i < j.edges().size(); i++) {
            GraphEdge e = j.edges().get(i);
            out.append("    <edge id=\"e").append(i).append("\" source=\"").append(key.get(e.from())).append("\" target=\"")
                    .append(key.get(e.to())).append("\">\n");
            data(out, "neededBy", e.neededBy());
            data(out, "ecritical", e.critical());
            data(out, "strength", e.strength());
            data(out, "blocking", e.blocking());
            data(out, "risk", e.risk());
            out.append("    </edge>\n");
        }
        return out.append("  </graph>\n</graphml>\n").toString();
    }

    private static List<String> criticalPath(WhatIf.Subgraph g) {
        var f = g.answer().getForecast();
        return f == null ? List.of() : List.copyOf(f.getCriticalPath());
    }

    private static Set<String> pathEdges(List<String> path) {
        Set<String> edges = new HashSet<>();
        for (int i = 0; i + 1 < path.size(); i++) {
            edges.add(path.get(i) + " " + path.get(i + 1));
        }
        return edges;
    }

    /** Short node keys in breadth-first order: ids may hold characters Mermaid and GraphML ids may not. */
    private static Map<String, String> keys(GraphView j) {
        Map<String, String> key = new HashMap<>();
        for (GraphNode n : j.nodes()) {
            key.put(n.id(), "n" + key.size());
        }
        return key;
    }

    /** Id, team, status when it is news, due date and forecast: the lines of a node's label. */
    private static List<String> label(GraphNode n) {
        List<String> lines = new ArrayList<>();
        lines.add(n.id());
        lines.add(n.teamId() == null ? "(undeclared)" : n.teamId());
        if (n.status() != null && !n.status().equals("PLANNED") && !n.status().equals("IN_PROGRESS")) {
            lines.add(n.status());
        }
        lines.add("due " + (n.dueDate() == null ? "-" : n.dueDate()));
        if (n.forecast() != null) {
            lines.add(switch (n.forecast()) {
                case "LATE" -> n.forecastDate() + " (+" + n.slipDays() + "d)";
                case "ON_TIME" -> "on time";
                default -> n.forecast().toLowerCase(java.util.Locale.ROOT);
            });
        }
        return lines;
    }

    private static String colour(GraphNode n) {
        if (n.forecast() == null) {
            return "#dddddd";
        }
        return switch (n.forecast()) {
            case "LATE" -> "#fde2c8";
            case "NEVER" -> "#f6c6c6";
            case "UNSCHEDULED" -> "#eeeeee";
            default -> "#d8f0d8";
        };
    }

    /** A DOT quoted string; a space after a final backslash, which would otherwise escape the closing quote. */
    private static String dotId(String s) {
        return '"' + s + (s.endsWith("\\") ? " " : "") + '"';
    }

    /** Text of a DOT label (an escString): ids are printable ASCII, so quotes and backslashes are all there is to escape. */
    private static String dotText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Text inside a Mermaid label, its markup characters as Mermaid's entity codes. */
    private static String mermaidText(String s) {
        return s.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("&", "#amp;");
    }

    private static void data(StringBuilder out, String key, Object value) {
        if (value != null) {
            out.append("      <data key=\"").append(key).append("\">").append(xml(value.toString())).append("</data>\n");
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
