package vkernel.kernel.state;

/**
 * One object of a layer's tables as its state topic holds it: the key names the table
 * and the object ({@code task/42}, {@code file/7}), the shard places it on a partition
 * (a network namespace, a process tree), the value is the object's latest protobuf, or
 * null once it is freed (a tombstone, which compaction turns into nothing).
 */
public record StateRecord(String key, long shard, byte[] value) {
    public boolean isTombstone() {
        return value == null;
    }

    /** The key's first component: the table ({@code task} of {@code task/42}). */
    public String table() {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
