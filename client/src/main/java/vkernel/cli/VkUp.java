package vkernel.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;

/** vk up: Kafka and the four layers as processes on this machine, until Ctrl-C (or vk down, with --detach). */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka and the four layers; Ctrl-C stops them.")
final class VkUp implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Option(names = "--detach", description = "leave the kernel running in the background; `vk down` stops it")
    boolean detach;

    @Option(names = "--base-port", paramLabel = "N", defaultValue = "7000",
            description = "where the ports start (default ${DEFAULT-VALUE}): gRPC N+1..N+4 (vfs, socket, inet, netlink), HTTP N+101..N+104, Kafka N+92")
    int basePort;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = Kernel.LOOPBACK,
            description = "the address every layer's gRPC and HTTP server listens on (default ${DEFAULT-VALUE}, this machine only; "
                    + "0.0.0.0 for every address); Kafka stays on localhost")
    String bind;

    @Override
    public Integer call() throws Exception {
        PrintStream out = vk.out;
        RunState running = RunState.load(vk.home);
        if (running.alive()) {
            vk.err.println("vk: a kernel is already running (" + running.properties().getProperty("address")
                    + "); `./vk down` stops it");
            return Vk.FAILED;
        }
        Kernel kernel = new Kernel(vk.home, running.runDir(), basePort, bind, Map.of());
        if (!detach) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                out.println("vk: stopping the kernel");
                try {
                    kernel.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        out.println("vk: starting Kafka and the four layers (logs in " + running.runDir().resolve("logs") + ")");
        try {
            kernel.start();
        } catch (IOException e) {
            vk.err.println("vk: " + e.getMessage());
            kernel.close();
            return Vk.FAILED;
        }
        printEndpoints(kernel, out);
        if (detach) {
            out.println("vk: running in the background; `./vk down` stops it");
            return 0;
        }
        out.println("vk: running; Ctrl-C stops it");
        Thread.currentThread().join();
        return 0;
    }

    private static void printEndpoints(Kernel k, PrintStream out) {
        int b = k.basePort();
        String h = k.host();
        out.printf("  kernel (vfs-service, the address clients use)  %s%n", k.address());
        out.printf("  socket-service  gRPC %s:%d  health http://%s:%d/q/health%n", h, Layer.SOCKET.port(b), h, Layer.SOCKET.httpPort(b));
        out.printf("  inet-service    gRPC %s:%d  health http://%s:%d/q/health%n", h, Layer.INET.port(b), h, Layer.INET.httpPort(b));
        out.printf("  netlink-service gRPC %s:%d  health http://%s:%d/q/health%n", h, Layer.NETLINK.port(b), h, Layer.NETLINK.httpPort(b));
        out.printf("  vfs-service     gRPC %s:%d  health http://%s:%d/q/health%n", h, Layer.VFS.port(b), h, Layer.VFS.httpPort(b));
        out.printf("  layers listen on %s%n", k.bindAddress());
        out.printf("  kafka           %s  (topics vkernel.<layer>.events)%n", k.kafkaBootstrap());
        out.printf("  admin credential %s%n", k.secretFile());
        out.printf("  kafka principals %s  (SASL/SCRAM-SHA-256; `reader` reads the events)%n", k.kafkaUsers());
    }
}
