package vkernel.junit;

import java.nio.file.Path;

/**
 * Where a test's kernel is, for clients other than the injected {@link vkernel.sdk.VKernel}
 * (another language's gRPC stubs, a Kafka consumer, {@code vk} itself).
 *
 * @param address host:port of vfs-service, the one address a client needs
 * @param kafkaBootstrap the broker carrying the layers' events
 * @param adminSecret the admin credential (authorization: Bearer ... on Spawn)
 * @param logDir where each process writes its log
 */
public record RunningKernel(String address, String kafkaBootstrap, String adminSecret, Path logDir) {}
