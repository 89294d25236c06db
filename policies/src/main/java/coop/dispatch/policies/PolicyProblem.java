package coop.dispatch.policies;

/** One thing wrong with a policy document: where ({@code field}, a JSON path such as {@code rules[1].when}) and what. */
public record PolicyProblem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
