package coop.dispatch.dispatch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.dispatch.DispatchPolicy;
import coop.dispatch.dispatch.config.DispatchConfig;
import coop.dispatch.engine.DeclineRule;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The dispatch rules in force: the newest policy adopted by the rider assembly whose effective time has come, or
 * version 1 from the configuration before any vote.
 */
@ApplicationScoped
public class PolicyStore {
    public static final String KIND = "dispatch";
    private static final Logger LOG = Logger.getLogger(PolicyStore.class);

    private final DispatchRules defaults;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public PolicyStore(DispatchConfig config, ObjectMapper json) {
        this.defaults = config.rules();
        this.json = json;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DispatchRules current(Instant now) {
        DispatchPolicy adopted = DispatchPolicy.find("effectiveFrom <= ?1", Sort.descending("effectiveFrom"), now)
                .firstResult();
        return adopted == null ? defaults : rules(adopted.version, adopted.document);
    }

    /** Stores an adopted dispatch policy (once per version); a document dispatch cannot read is logged and skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void adopt(PolicyAdopted adopted) {
        if (!KIND.equals(adopted.kind()) || DispatchPolicy.findById(adopted.version()) != null) {
            return;
        }
        try {
            rules(adopted.version(), json.writeValueAsString(adopted.document()));
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.errorf("Dispatch policy %s ignored: %s", adopted.version(), e.getMessage());
            return;
        }
        DispatchPolicy policy = new DispatchPolicy();
        policy.version = adopted.version();
        policy.effectiveFrom = adopted.effectiveFrom() == null ? clock.instant() : adopted.effectiveFrom();
        policy.document = adopted.document().toString();
        policy.receivedAt = clock.instant();
        policy.persist();
        LOG.infof("Dispatch policy %s adopted, in force from %s", policy.version, policy.effectiveFrom);
    }

    /** Reads a policy document; fields it does not name keep version 1's values. */
    DispatchRules rules(String version, String document) {
        Document d;
        try {
            d = json.readValue(document, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable dispatch policy: " + e.getOriginalMessage(), e);
        }
        Map<Vehicle, Integer> weights = new EnumMap<>(defaults.maxWeightGrams());
        if (d.maxWeightGrams() != null) {
            weights.putAll(d.maxWeightGrams());
        }
        return new DispatchRules(version,
                d.rotationKey() != null ? d.rotationKey() : defaults.rotationKey(),
                d.maxPickupMinutes() != null ? Duration.ofSeconds(Math.round(d.maxPickupMinutes() * 60))
                        : defaults.maxPickupTime(),
                d.offerTimeoutSeconds() != null ? Duration.ofSeconds(d.offerTimeoutSeconds()) : defaults.offerTimeout(),
                d.declineRule() != null ? d.declineRule() : defaults.declineRule(),
                d.bundleLimit() != null ? d.bundleLimit() : defaults.bundleLimit(),
                d.bundleRadiusMeters() != null ? d.bundleRadiusMeters() : defaults.bundleRadiusMeters(),
                d.unassignableAfterMinutes() != null ? Duration.ofMinutes(d.unassignableAfterMinutes())
                        : defaults.unassignableAfter(),
                weights);
    }

    /** The dispatch policy document as the assembly writes it. */
    public record Document(RotationKey rotationKey, Double maxPickupMinutes, Long offerTimeoutSeconds,
                           DeclineRule declineRule, Integer bundleLimit, Double bundleRadiusMeters,
                           Long unassignableAfterMinutes, Map<Vehicle, Integer> maxWeightGrams) {
    }
}
