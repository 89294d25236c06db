package coop.dispatch.rider.service;

import coop.dispatch.commons.security.Roles;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * A fresh installation has no member who could create the others. If the operator configured a first
 * coordinator (COOP_COORDINATOR_USER and COOP_COORDINATOR_PASSWORD), it is created at startup, once.
 */
@ApplicationScoped
public class CoordinatorBootstrap {
    private static final Logger LOG = Logger.getLogger(CoordinatorBootstrap.class);

    private final MemberService members;
    private final FirstCoordinator config;

    public CoordinatorBootstrap(MemberService members, FirstCoordinator config) {
        this.members = members;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.username().isEmpty() || config.password().isEmpty()) {
            return;
        }
        String username = config.username().get();
        String password = config.password().get();
        if (password.length() < 12) {
            LOG.errorf("First coordinator '%s' not created: its password must be at least 12 characters", username);
            return;
        }
        try {
            if (!members.exists(username)) {
                members.create(username, username, password, List.of(Roles.COORDINATOR, Roles.MEMBER), null);
                LOG.infof("Created the first coordinator '%s'", MemberService.normalise(username));
            }
        } catch (RuntimeException e) {
            // Another instance starting at the same moment may have created it; either way the service can run.
            LOG.warnf("First coordinator '%s' not created: %s", username, e.getMessage());
        }
    }

    /** The first coordinator's credentials; no defaults, so nothing is created unless an operator asks. */
    @ConfigMapping(prefix = "coop.bootstrap.coordinator")
    public interface FirstCoordinator {
        Optional<String> username();

        Optional<String> password();
    }
}
