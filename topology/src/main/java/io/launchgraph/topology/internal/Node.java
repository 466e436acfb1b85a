package io.launchgraph.topology.internal;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.ForecastState;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A milestone id in the graph index: its folded state (null when only edges mention it), its
 * out-edge registers sorted by target id, and the present edges that point at it.
 *
 * <p>The scratch fields belong to whichever traversal runs now; the graph task is single-threaded,
 * and each traversal takes a fresh epoch so that nothing needs clearing.
 */
final class Node {
    private static final Edge[] NO_EDGES = new Edge[0];

    /** Epoch day standing for "no date". */
    static final int NO_DAY = Integer.MIN_VALUE;

    final String id;
    Milestone state;
    // Facts derived from the state, kept here because traversals read them for every edge and a
    // hop through the state's records costs several cache misses on a large graph.
    boolean open;
    boolean resolved;
    boolean openLaunch;
    /** Due date when the milestone exists (retired and unknown ones count as unscheduled). */
    LocalDate due;
    int dueDay = NO_DAY;
    String teamId;
    BlockReason reason = BlockReason.UNKNOWN;
    /** The last published answer of this id is open (so closing it must publish a final one). */
    boolean answeredOpen;
    /** The milestone forecast last reported for this id (null: none, as for a milestone not open). */
    MilestoneForecast reportedForecast;

    /** Every edge register from this node (present or not), sorted by target id. */
    Edge[] out = NO_EDGES;
    int outCount;
    /** Present edges into this node, in no order. */
    Edge[] in = NO_EDGES;
    int inCount;

    /** Waiting in the engine's queue of nodes to derive again (see Engine#recompute). */
    boolean queued;

    // Scratch: breadth-first search and reverse search.
    long mark;
    Node parent;
    String cause;
    // Scratch: Tarjan's strongly connected components, and what they found.
    long tarjanMark;
    int tarjanIndex;
    int tarjanLow;
    int tarjanEdge;
    boolean onStack;
    boolean exits;
    /** This node's component has no blocking edge out of it. */
    boolean inSinkComponent;
    /** Members of this node's component. */
    int componentSize;
    // Scratch: the forecast, found when the node's component closes (valid with its Tarjan mark).
    // A node that is not open gets NEVER here, which is what it means to the nodes that need it.
    ForecastState forecast;
    /** The forecast date in epoch days, for ON_TIME and LATE. */
    long forecastDay;
    /** Where the largest slip comes from: the next step of the critical path when LATE. */
    Node slipFrom;

    Node(String id) {
        this.id = id;
    }

    void setState(Milestone milestone) {
        state = milestone;
        open = milestone.open();
        resolved = milestone.resolved();
        openLaunch = open && milestone.isLaunch();
        due = milestone.exists() ? milestone.currentDueDate() : null;
        dueDay = due == null ? NO_DAY : (int) due.toEpochDay();
        teamId = milestone.teamId();
        reason = reasonOf(milestone);
    }

    /** Back to the state of a node only edges name (undoing a what-if that declared it). */
    void clearState() {
        state = null;
        open = false;
        resolved = false;
        openLaunch = false;
        due = null;
        dueDay = NO_DAY;
        teamId = null;
        reason = BlockReason.UNKNOWN;
    }

    /** Nothing names this node any more: no state, no edge either way. */
    boolean unnamed() {
        return state == null && outCount == 0 && inCount == 0;
    }

    /** Why this milestone blocks, were it a blocker: its status, or UNKNOWN or RETIRED. */
    private static BlockReason reasonOf(Milestone s) {
        if (!s.everDeclared()) {
            return BlockReason.UNKNOWN;
        }
        if (!s.exists()) {
            return BlockReason.RETIRED;
        }
        return switch (s.currentStatus()) {
            case PLANNED -> BlockReason.PLANNED;
            case IN_PROGRESS -> BlockReason.IN_PROGRESS;
            case AT_RISK -> BlockReason.AT_RISK;
            case CANCELLED -> BlockReason.CANCELLED;
            // A resolved milestone blocks nothing; reading this reason would be a bug.
            case DONE -> null;
        };
    }

    /** The edge register to {@code targetId}, or null. */
    Edge outEdge(String targetId) {
        int i = indexOfOut(targetId);
        return i >= 0 ? out[i] : null;
    }

    void addOut(Edge edge) {
        int i = indexOfOut(edge.target.id);
        if (i >= 0) {
            throw new IllegalStateException("edge " + id + " -> " + edge.target.id + " exists");
        }
        int at = -i - 1;
        if (outCount == out.length) {
            out = Arrays.copyOf(out, Math.max(2, outCount * 2));
        }
        System.arraycopy(out, at, out, at + 1, outCount - at);
        out[at] = edge;
        outCount++;
    }

    void removeOut(String targetId) {
        int i = indexOfOut(targetId);
        if (i < 0) {
            throw new IllegalStateException("no edge " + id + " -> " + targetId);
        }
        System.arraycopy(out, i + 1, out, i, outCount - i - 1);
        out[--outCount] = null;
    }

    void addIn(Edge edge) {
        if (inCount == in.length) {
            in = Arrays.copyOf(in, Math.max(2, inCount * 2));
        }
        in[inCount++] = edge;
    }

    void removeIn(Edge edge) {
        for (int i = 0; i < inCount; i++) {
            if (in[i] == edge) {
                in[i] = in[--inCount];
                in[inCount] = null;
                return;
            }
        }
        throw new IllegalStateException("edge " + edge.source.id + " -> " + id + " is not an in-edge");
    }

    private int indexOfOut(String targetId) {
        int low = 0;
        int high = outCount - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = out[mid].target.id.compareTo(targetId);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    @Override
    public String toString() {
        return id;
    }
}
