package io.launchgraph.app.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** DOT as users use it: piped to Graphviz's {@code dot -Tsvg} (installed by the build where missing). */
class GraphExportIT {

    @Test
    void shouldRenderWithGraphvizEveryNodeEdgeAndLabelAsWritten() throws Exception {
        // given
        String dot = GraphExport.dot(GraphExportTest.subgraph());

        // when
        Svg svg = render(dot);

        // then
        assertThat(svg.nodes()).isEqualTo(4);
        assertThat(svg.edges()).isEqualTo(4);
        assertThat(svg.texts()).contains(GraphExportTest.ODD, "team-\"odd\"", "L", "by 2027-02-15", "never");
    }

    @Test
    void shouldRenderTheRiskScopeWithItsSoftEdgeAndMilestone() throws Exception {
        // given: the same launch with its schedule risk, which adds L -> D (SOFT) and D
        String dot = GraphExport.dot(GraphExportTest.riskSubgraph());

        // when
        Svg svg = render(dot);

        // then
        assertThat(svg.nodes()).isEqualTo(5);
        assertThat(svg.edges()).isEqualTo(5);
        assertThat(svg.texts()).contains("D", "team-d", "by 2027-03-01");
    }

    private record Svg(int nodes, int edges, List<String> texts) {}

    /** {@code dot -Tsvg}, and what the picture holds. */
    private static Svg render(String dot) throws Exception {
        Process render = new ProcessBuilder("dot", "-Tsvg").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        render.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        render.getOutputStream().close();
        byte[] svg = render.getInputStream().readAllBytes();
        assertThat(render.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(render.exitValue()).as("dot -Tsvg of:%n%s", dot).isZero();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        NodeList groups = doc.getElementsByTagName("g");
        int nodes = 0;
        int edges = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            String kind = ((Element) groups.item(i)).getAttribute("class");
            nodes += kind.equals("node") ? 1 : 0;
            edges += kind.equals("edge") ? 1 : 0;
        }
        List<String> texts = new ArrayList<>();
        NodeList text = doc.getElementsByTagName("text");
        for (int i = 0; i < text.getLength(); i++) {
            texts.add(text.item(i).getTextContent());
        }
        return new Svg(nodes, edges, texts);
    }
}
