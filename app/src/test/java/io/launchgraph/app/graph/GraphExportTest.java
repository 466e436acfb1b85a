package io.launchgraph.app.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.topology.WhatIf;
import io.launchgraph.topology.testing.Facts;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.nio.graphml.GraphMLImporter;
import org.jgrapht.util.SupplierUtil;
import org.junit.jupiter.api.Test;

/** The exports; GraphML read back by a real reader (JGraphT's importer, validating against graphml.xsd), DOT by Graphviz in GraphExportIT. */
class GraphExportTest {
    /** An id with every character the formats must escape (ids are printable ASCII without spaces). */
    static final String ODD = "a<b>&\"q\\";

    /**
     * L waits on ODD and on C; ODD and B wait on each other (a cycle); C is due after L needs it;
     * L would like D (SOFT), also due after L needs it.
     */
    static WhatIf.Subgraph subgraph() {
        return whatIf().subgraph("L");
    }

    /** The same launch's subgraph with its schedule-risk scope. */
    static WhatIf.Subgraph riskSubgraph() {
        return whatIf().subgraph("L", true);
    }

    private static WhatIf whatIf() {
        Facts f = new Facts();
        WhatIf whatIf = WhatIf.of(List.of(
                f.launch("L", "team-l", "2027-03-01"),
                f.milestone(ODD, "team-\"odd\"", "2027-02-01"),
                f.milestone("B", "team-b", "2027-02-10"),
                f.milestone("C", "team-c", "2027-04-01"),
                f.dependency("L", ODD, DependencyStrength.HARD, "2027-02-15"),
                f.hard("L", "C"),
                f.hard(ODD, "B"),
                f.hard("B", ODD),
                f.soft("C", "B"),
                f.milestone("D", "team-d", "2027-05-01"),
                f.soft("L", "D")));
        return whatIf;
    }

    private static Graph<String, DefaultEdge> emptyGraph() {
        return GraphTypeBuilder.<String, DefaultEdge>directed().allowingMultipleEdges(true).allowingSelfLoops(true)
                .vertexSupplier(SupplierUtil.createStringSupplier()).edgeSupplier(SupplierUtil.DEFAULT_EDGE_SUPPLIER).buildGraph();
    }

    @Test
    void shouldDescribeTheBlockingSubgraphWithItsCriticalPathAndCycle() {
        // when
        GraphExport.GraphView g = GraphExport.json(subgraph());

        // then: SOFT edges are not part of it
        assertThat(g.nodes()).extracting(GraphExport.GraphNode::id).containsExactly("L", "C", ODD, "B");
        assertThat(g.edges()).extracting(e -> e.from() + ">" + e.to()).containsExactlyInAnyOrder("L>" + ODD, "L>C", ODD + ">B", "B>" + ODD);
        assertThat(g.criticalPath()).containsExactly("L", ODD);
        assertThat(g.nodes()).filteredOn(GraphExport.GraphNode::cycle).extracting(GraphExport.GraphNode::id).containsExactlyInAnyOrder(ODD, "B");
        assertThat(g.nodes()).filteredOn(GraphExport.GraphNode::critical).extracting(GraphExport.GraphNode::id).containsExactly("L", ODD);
        assertThat(g.nodes().get(0).forecast()).isEqualTo("NEVER");
        assertThat(g.nodes().get(1).forecast()).isEqualTo("ON_TIME");
    }

    @Test
    void shouldMarkRiskEdgesAndAddThoseThatDoNotBlockWithTheRiskScope() {
        // when
        GraphExport.GraphView blocking = GraphExport.json(subgraph());
        GraphExport.GraphView risk = GraphExport.json(whatIf().subgraph("L", true));

        // then: L -> C and ODD -> B block and are at risk (each target is due after its dependent); L -> D is at risk but SOFT
        assertThat(blocking.edges()).filteredOn(GraphExport.GraphEdge::risk).extracting(e -> e.from() + ">" + e.to())
                .containsExactlyInAnyOrder("L>C", ODD + ">B");
        assertThat(blocking.nodes()).extracting(GraphExport.GraphNode::id).doesNotContain("D");
        assertThat(risk.edges()).filteredOn(GraphExport.GraphEdge::risk).extracting(e -> e.from() + ">" + e.to() + ":" + e.strength()
                + (e.blocking() ? ":blocking" : "")).containsExactlyInAnyOrder("L>C:HARD:blocking", ODD + ">B:HARD:blocking", "L>D:SOFT");
        assertThat(risk.nodes()).filteredOn(n -> n.id().equals("D")).singleElement()
                .satisfies(d -> assertThat(d.teamId() + " " + d.dueDate() + " " + d.depth() + " " + d.forecast()).isEqualTo("team-d 2027-05-01 1 ON_TIME"));
        assertThat(GraphExport.dot(whatIf().subgraph("L", true))).contains("[label=\"by 2027-03-01\", color=darkorange, style=dashed]");
        assertThat(GraphExport.mermaid(whatIf().subgraph("L", true))).contains(" -.->|\"risk: by 2027-03-01\"| ");
    }

    @Test
    void shouldWriteDotWithShortNodeIdsAndEveryLabelEscaped() {
        // when (GraphExportIT renders it with Graphviz's dot)
        String dot = GraphExport.dot(subgraph());

        // then: quotes and backslashes escaped in labels; ids that could end in a backslash are not DOT ids
        assertThat(dot).startsWith("digraph \"L\" {\n  rankdir=LR;")
                .contains("n2 [label=\"a<b>&\\\"q\\\\\\nteam-\\\"odd\\\"\\ndue 2027-02-01\\nnever\"",
                        "label=\"team-\\\"odd\\\"\";", "n0 -> n2 [label=\"by 2027-02-15\", penwidth=3];");
        assertThat(dot.lines().filter(l -> l.contains(" -> "))).hasSize(4);
    }

    @Test
    void shouldWriteGraphmlThatValidatesAgainstTheSchemaAndKeepsTheIds() throws Exception {
        // given
        String graphml = GraphExport.graphml(subgraph());
        Graph<String, DefaultEdge> read = emptyGraph();
        GraphMLImporter<String, DefaultEdge> importer = new GraphMLImporter<>();
        importer.setSchemaValidation(true);
        importer.setVertexFactory(id -> id);
        Map<String, String> milestoneIds = new HashMap<>();
        importer.addVertexAttributeConsumer((p, a) -> {
            if (p.getSecond().equals("milestoneId")) {
                milestoneIds.put(p.getFirst(), a.getValue());
            }
        });

        // when
        importer.importGraph(read, new StringReader(graphml));

        // then
        assertThat(read.vertexSet()).hasSize(4);
        assertThat(read.edgeSet()).hasSize(4);
        assertThat(milestoneIds.values()).containsExactlyInAnyOrder("L", ODD, "B", "C");
    }

    @Test
    void shouldWriteMermaidWithEveryLabelEscaped() {
        // when
        String mermaid = GraphExport.mermaid(subgraph());

        // then: markup only where we put it
        assertThat(mermaid).startsWith("flowchart LR\n").contains("n2[\"a#lt;b#gt;#amp;#quot;q\\<br/>team-#quot;odd#quot;<br/>");
        assertThat(mermaid.lines().filter(l -> l.contains("-->"))).hasSize(4);
        assertThat(mermaid.replace("<br/>", "")).doesNotContain("<", ">\"", "&");
        assertThat(mermaid).contains("class n0 never", "class n0 critical", "linkStyle 1 stroke-width:3px");
    }
}
