package vkernel.runtime.trace;

import io.grpc.Context;
import io.grpc.Metadata;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C trace context of the syscall being served, plus its name: which trace a
 * step belongs to and which span is its parent. Travels between layers in gRPC
 * metadata ("traceparent", "vkernel-syscall") and to Kafka in record headers.
 */
public record TraceContext(String traceId, String spanId, String syscall) {
    public static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> SYSCALL =
            Metadata.Key.of("vkernel-syscall", Metadata.ASCII_STRING_MARSHALLER);
    public static final Context.Key<TraceContext> CURRENT = Context.key("vkernel-trace");

    /** The context of the current call, or null outside any trace. */
    public static TraceContext current() {
        return CURRENT.get();
    }

    public static TraceContext newRoot(String syscall) {
        return new TraceContext(randomHex(16), randomHex(8), syscall);
    }

    public TraceContext child() {
        return new TraceContext(traceId, randomHex(8), syscall);
    }

    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** Parses "00-TRACEID-SPANID-FLAGS"; null for anything malformed. */
    public static TraceContext parse(String traceparent, String syscall) {
        if (traceparent == null) {
            return null;
        }
        String[] p = traceparent.split("-");
        if (p.length != 4 || p[1].length() != 32 || p[2].length() != 16 || !isHex(p[1]) || !isHex(p[2])) {
            return null;
        }
        return new TraceContext(p[1], p[2], syscall == null ? "" : syscall);
    }

    public static String randomHex(int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < bytes; i++) {
            int b = r.nextInt(256);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
