package io.launchgraph.app.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds what RocksDB takes off the heap: every store of the JVM shares one block cache, and
 * their memtables are counted against it (Kafka's documented "bounded memory" setter). Kafka
 * Streams' default gives each store a 50 MB cache and up to three 16 MB memtables of its own,
 * about 700 MB for the graph task's seven stores, none of it counted in the heap.
 *
 * <p>Per JVM, not per instance: the cache is made by the first store that opens, with the
 * size its instance configures ({@link #MEMORY_BYTES}), and lives as long as the JVM.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The Streams property carrying the bound, in bytes. */
    public static final String MEMORY_BYTES = "launchgraph.rocksdb.memory.bytes";
    /** The bound when an instance sets none; {@code streams.rocksdb.memory.mb} (config, which knows no streams code) has the same default. */
    public static final long DEFAULT_MEMORY_MB = 256;
    /** Half of the bound may hold memtables; the rest is the block cache. */
    private static final double MEMTABLE_SHARE = 0.5;
    /** Index and filter blocks go first into the cache, and keep a tenth of it for themselves. */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;
    private static final long MEMTABLE_BYTES = 8L << 20;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object bound = configs.get(MEMORY_BYTES);
        init(bound == null ? DEFAULT_MEMORY_MB << 20 : Long.parseLong(bound.toString()));
        // Kafka Streams' own table config, changed in place, keeps its other defaults (the bloom filter).
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: closing them here
        // would pull them from under the stores still open.
    }
}
