package coop.dispatch.policies;

/**
 * A delivery the policy cannot price: the parcel fits no vehicle, or an expression failed at run time (which
 * validation tries hard to rule out by evaluating every expression on sample deliveries before adoption).
 */
public class PricingException extends RuntimeException {
    private final String field;

    public PricingException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field the problem is about (e.g. {@code parcel.weightGrams}), or the policy expression. */
    public String field() {
        return field;
    }
}
