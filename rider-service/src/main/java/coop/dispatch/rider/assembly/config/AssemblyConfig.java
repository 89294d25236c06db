package coop.dispatch.rider.assembly.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The rider assembly's settings; the rules of the vote themselves are a policy the assembly adopts. */
@ConfigMapping(prefix = "coop.assembly")
public interface AssemblyConfig {

    /** How often the closer looks for proposals whose voting period has ended (read by its schedule). */
    @WithDefault("10s")
    String closeInterval();

    /** How long after start the closer first looks. */
    @WithDefault("5s")
    String closeDelay();

    /**
     * If set, a proposal may ask for a voting period shorter than the assembly rules' (but not shorter than this):
     * for tests and demonstrations only. Unset in production: the assembly's voting period always applies.
     */
    Optional<Duration> minVotingPeriod();

    /**
     * Key of the hash that lets a member replace their own ballot without the ballot naming them. Defaults to a key
     * derived from the token signing key; it must stay the same while proposals are open.
     */
    Optional<String> ballotSecret();

    /** The pricing impact preview replays the deliveries requested in this period. */
    @WithDefault("P30D")
    Duration pricingReplayPeriod();

    /** The dispatch impact preview replays the demand and the shifts of this period. */
    @WithDefault("P7D")
    Duration dispatchReplayPeriod();

    /** The dispatch replay handles at most this many deliveries (the most recent). */
    @WithDefault("20000")
    int dispatchReplayMaxDeliveries();

    /** Delivery samples older than this are deleted (they hold pickup and dropoff positions). */
    @WithDefault("P35D")
    Duration sampleRetention();

    /** An impact preview is computed again after this long (or when the data or the current version changed). */
    @WithDefault("PT60S")
    Duration impactCacheTime();

    /**
     * Run the pricing preview's code in the background at start (and prepare a pricing proposal's preview as soon as
     * it opens), so that the first preview does not pay for the JIT or for reading the stored deliveries.
     */
    @WithDefault("true")
    boolean warmUp();

    /**
     * Keep the stored deliveries the pricing preview replays, and their prices under the current version, in memory
     * between previews (topped up with what arrived since): each preview then prices only the proposed policy.
     */
    @WithDefault("true")
    boolean impactKeepSamples();
}
