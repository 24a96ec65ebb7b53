package vkernel.launcher;

/** The processes of a kernel, in start order: the broker, then the four layers. */
public enum Layer {
    KAFKA("kafka-broker", 92),
    VFS("vfs-service", 1),
    SOCKET("socket-service", 2),
    INET("inet-service", 3),
    NETLINK("netlink-service", 4);

    private final String module;
    private final int portOffset;

    Layer(String module, int portOffset) {
        this.module = module;
        this.portOffset = portOffset;
    }

    public String module() {
        return module;
    }

    /** The gRPC port (or the broker's port) for a base: 7001.. for base 7000, Kafka 7092. */
    public int port(int base) {
        return base + portOffset;
    }

    /** The HTTP port (health) of a service layer: 7101.. for base 7000. */
    public int httpPort(int base) {
        return base + 100 + portOffset;
    }

    public String label() {
        return name().toLowerCase();
    }
}
