package coop.dispatch.policies;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the CEL expressions of a pricing policy. CEL is not Turing complete and has no I/O, so an adopted
 * expression can neither hang nor escape; type checking here catches every undeclared name and type mismatch (with
 * line and column) before the assembly votes on it.
 */
final class PricingExpressions {
    // 1 < 1.5 should simply hold: members write mixed int/double comparisons without thinking of CEL's strictness.
    static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    private static final CelCompiler RULES = compiler(PricingVariables.DELIVERY);
    private static final CelCompiler PRICE = compiler(PricingVariables.PRICE);
    private static final CelCompiler RIDER_PAY = compiler(PricingVariables.RIDER_PAY);
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private static final Set<CelType> NUMBERS = Set.of(SimpleType.INT, SimpleType.UINT, SimpleType.DOUBLE);
    /** Longer expressions are refused: a policy is read by people who vote on it. */
    static final int MAX_LENGTH = 2000;

    private PricingExpressions() {
    }

    enum Kind {
        CONDITION, RULE_AMOUNT, PRICE, RIDER_PAY
    }

    /** Type-checks every expression of the policy; returns one problem per expression that fails. */
    static List<PolicyProblem> check(PricingPolicy policy) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            PricingPolicy.Rule rule = policy.rules().get(i);
            if (rule != null) {
                compile("rules[" + i + "].when", rule.when(), Kind.CONDITION, problems);
                compile("rules[" + i + "].cents", rule.cents(), Kind.RULE_AMOUNT, problems);
            }
        }
        compile("priceExpression", policy.priceExpression(), Kind.PRICE, problems);
        compile("riderPayExpression", policy.riderPayExpression(), Kind.RIDER_PAY, problems);
        return problems;
    }

    /** The program of one expression, or null (with a problem added) if it does not compile to the right type. */
    static CelRuntime.Program compile(String field, String expression, Kind kind, List<PolicyProblem> problems) {
        if (expression == null || expression.isBlank()) {
            problems.add(new PolicyProblem(field, "is required"));
            return null;
        }
        if (expression.length() > MAX_LENGTH) {
            problems.add(new PolicyProblem(field, "must be at most " + MAX_LENGTH + " characters"));
            return null;
        }
        CelCompiler compiler = switch (kind) {
            case CONDITION, RULE_AMOUNT -> RULES;
            case PRICE -> PRICE;
            case RIDER_PAY -> RIDER_PAY;
        };
        CelValidationResult result = compiler.compile(expression, field);
        if (result.hasError()) {
            problems.add(new PolicyProblem(field, result.getErrorString()));
            return null;
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelType type = ast.getResultType();
            if (kind == Kind.CONDITION ? !SimpleType.BOOL.equals(type) : !NUMBERS.contains(type)) {
                problems.add(new PolicyProblem(field, "must be " + (kind == Kind.CONDITION ? "a condition (bool)"
                        : "a number (int or double)") + ", but its type is " + type.name()));
                return null;
            }
            return RUNTIME.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            problems.add(new PolicyProblem(field, e.getMessage()));
            return null;
        }
    }

    static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof com.google.common.primitives.UnsignedLong u) {
            return u.doubleValue();
        }
        throw new IllegalStateException("not a number: " + value);
    }

    static Object eval(CelRuntime.Program program, Map<String, ?> variables) throws CelEvaluationException {
        return program.eval(variables);
    }

    private static CelCompiler compiler(Map<String, CelType> variables) {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS);
        variables.forEach(builder::addVar);
        return builder.build();
    }
}
