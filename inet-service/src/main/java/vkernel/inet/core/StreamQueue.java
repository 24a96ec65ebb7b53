package vkernel.inet.core;

/**
 * A TCP byte queue as its journal sees it: it has held the bytes [0, tail) of its life,
 * and still holds [head, tail).
 */
public interface StreamQueue {
    long head();

    long tail();

    /** The bytes [from, to), head &lt;= from &lt;= to &lt;= tail. */
    byte[] bytes(long from, long to);
}
