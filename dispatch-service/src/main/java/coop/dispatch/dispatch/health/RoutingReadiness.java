package coop.dispatch.dispatch.health;

import coop.dispatch.dispatch.routing.RoutingService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the bike graph is loaded: dispatch cannot decide fairly without travel times. */
@Readiness
@ApplicationScoped
public class RoutingReadiness implements HealthCheck {
    private final RoutingService routing;

    public RoutingReadiness(RoutingService routing) {
        this.routing = routing;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Bike routing").status(routing.ready())
                .withData("state", routing.state()).build();
    }
}
