package vkernel.runtime.state;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the state topic is read back; shows how far the restore got. */
@Readiness
@ApplicationScoped
public class StateReadiness implements HealthCheck {
    @Inject
    LayerState state;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("state")
                .status(state.isServing() && !state.isStopping())
                .withData("durability", state.durability().name().toLowerCase(java.util.Locale.ROOT))
                .withData("phase", state.progress())
                .withData("unacknowledged", state.unacknowledged())
                .build();
    }
}
