package coop.dispatch.policies;

import java.util.List;
import java.util.stream.Collectors;

/** A policy document that cannot be applied; carries every problem found, not only the first. */
public class InvalidPolicyException extends RuntimeException {
    private final transient List<PolicyProblem> problems;

    public InvalidPolicyException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
