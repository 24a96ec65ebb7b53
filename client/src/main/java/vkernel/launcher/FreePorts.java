package vkernel.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A base port for a kernel of its own beside others: every port it would take is free now. */
public final class FreePorts {
    private FreePorts() {}

    /** A base whose layers', health, Kafka and Kafka controller ports are all free. */
    public static int freeBasePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            // below the ephemeral range (32768..), so no outgoing connection holds one
            int base = 10000 + 10 * ThreadLocalRandom.current().nextInt(2000);
            if (portsOf(base).stream().allMatch(FreePorts::free)) {
                return base;
            }
        }
        throw new IOException("no free base port found");
    }

    /** Every port a kernel on this base listens on. */
    static List<Integer> portsOf(int base) {
        List<Integer> ports = new ArrayList<>();
        for (Layer l : Layer.values()) {
            ports.add(l.port(base));
            if (l != Layer.KAFKA) {
                ports.add(l.httpPort(base));
            }
        }
        ports.add(Layer.KAFKA.port(base) + 1); // the controller
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
