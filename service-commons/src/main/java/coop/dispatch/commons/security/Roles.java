package coop.dispatch.commons.security;

/** Roles carried in the tokens' {@code groups} claim. */
public final class Roles {
    public static final String MERCHANT = "merchant";
    public static final String RIDER = "rider";
    public static final String MEMBER = "member";
    public static final String COORDINATOR = "coordinator";

    private Roles() {
    }
}
