package io.launchgraph.topology.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys a store holds, as a Bloom filter that grows: {@link #mightContain} is false only for a
 * key never {@link #add}ed, and true for about 1 % of the others. The graph task asks it before it
 * reads the event history: almost every event is new, and the read it saves took 12 % of the
 * stream thread's time while settling (docs/performance.md, decision 49).
 *
 * <p>Each filter holds up to its capacity; a full one is kept and a new one of twice the capacity
 * takes further keys, so a key is looked for in every filter. The first takes 10 bits a key (0.8 %
 * false positives when full) and each next one 2 bits more, so that the false positives of all of
 * them add up to under 1.5 % however many there are.
 */
final class SeenKeys {
    private static final int FIRST_CAPACITY = 1 << 16;
    private static final int FIRST_BITS_PER_KEY = 10;

    private final List<Filter> filters = new ArrayList<>();
    private long size;

    SeenKeys() {
        filters.add(new Filter(FIRST_CAPACITY, FIRST_BITS_PER_KEY));
    }

    void add(String key) {
        Filter last = filters.get(filters.size() - 1);
        if (last.count >= last.capacity) {
            last = new Filter(last.capacity * 2L, last.bitsPerKey + 2);
            filters.add(last);
        }
        last.add(hash(key));
        size++;
    }

    boolean mightContain(String key) {
        long h = hash(key);
        for (Filter f : filters) {
            if (f.mightContain(h)) {
                return true;
            }
        }
        return false;
    }

    /** Keys added, counting a key added twice twice. */
    long size() {
        return size;
    }

    /** FNV-1a over the chars, then a 64-bit finaliser so that both halves of the hash are mixed. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static final class Filter {
        private final long capacity;
        private final int bitsPerKey;
        /** ln 2 probes a bit per key is what makes the fewest false positives. */
        private final int probes;
        private final long[] words;
        private final long bits;
        private long count;

        Filter(long capacity, int bitsPerKey) {
            this.capacity = capacity;
            this.bitsPerKey = bitsPerKey;
            this.probes = (int) Math.round(bitsPerKey * Math.log(2));
            long wanted = capacity * bitsPerKey;
            this.words = new long[(int) Math.min(Integer.MAX_VALUE - 8, (wanted + 63) / 64)];
            this.bits = (long) words.length * 64;
        }

        void add(long h) {
            // Two halves of one hash give every probe (Kirsch and Mitzenmacher's double hashing).
            int h1 = (int) h;
            int h2 = (int) (h >>> 32);
            for (int i = 1; i <= probes; i++) {
                long bit = Math.floorMod(h1 + (long) i * h2, bits);
                words[(int) (bit >>> 6)] |= 1L << bit;
            }
            count++;
        }

        boolean mightContain(long h) {
            int h1 = (int) h;
            int h2 = (int) (h >>> 32);
            for (int i = 1; i <= probes; i++) {
                long bit = Math.floorMod(h1 + (long) i * h2, bits);
                if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
