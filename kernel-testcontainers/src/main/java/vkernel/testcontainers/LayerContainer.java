package vkernel.testcontainers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One container of the kernel. A subclass only to publish a port on a host port chosen
 * in advance: a layer tells clients its public address (Uname), so that address must be
 * known before the layer starts, where a random mapped port is known only after.
 */
public final class LayerContainer extends GenericContainer<LayerContainer> {
    LayerContainer(String image) {
        super(DockerImageName.parse(image));
    }

    LayerContainer publish(int hostPort, int containerPort) {
        addFixedExposedPort(hostPort, containerPort);
        return this;
    }
}
