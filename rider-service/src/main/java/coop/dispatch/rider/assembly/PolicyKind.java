package coop.dispatch.rider.assembly;

import coop.dispatch.policies.AssemblyRules;
import coop.dispatch.policies.DispatchPolicies;
import coop.dispatch.policies.PricingPolicies;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of policy the assembly votes, with the names their versions carry. Pricing versions are plain numbers
 * ("1", "2"), as the pricing document's own {@code version} field and merchant-service's records have them;
 * the others are prefixed ("dispatch-2"), as dispatch-service names its version 1 "dispatch-1".
 */
public enum PolicyKind {
    PRICING(PricingPolicies.KIND, ""),
    DISPATCH(DispatchPolicies.KIND, "dispatch-"),
    ASSEMBLY(AssemblyRules.KIND, "assembly-");

    private final String wireName;
    private final String versionPrefix;

    PolicyKind(String wireName, String versionPrefix) {
        this.wireName = wireName;
        this.versionPrefix = versionPrefix;
    }

    /** The name on the wire and in the API: "pricing", "dispatch", "assembly" (also the Kafka key). */
    public String wireName() {
        return wireName;
    }

    public String versionName(int versionNo) {
        return versionPrefix + versionNo;
    }

    public static Optional<PolicyKind> of(String wireName) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(wireName)).findFirst();
    }
}
