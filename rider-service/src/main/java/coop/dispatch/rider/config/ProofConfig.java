package coop.dispatch.rider.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Proof of delivery: the photo a rider may upload when handing a parcel over. */
@ConfigMapping(prefix = "coop.proof")
public interface ProofConfig {
    /** Larger photos are refused with 413; the app shrinks its photos well below this before sending them. */
    @WithDefault("5242880")
    int photoMaxBytes();
}
