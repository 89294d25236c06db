package coop.dispatch.commons.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import java.lang.annotation.ElementType;

/**
 * The validator's view of what it may look at: everything. The validated objects are request bodies (records), never
 * lazily loaded entities, so the default resolver's question to JPA about each property ("is it loaded?") is pure
 * cost on every request; Quarkus's validator factory takes this bean instead.
 */
@ApplicationScoped
public class AllPropertiesReachable implements TraversableResolver {
    @Override
    public boolean isReachable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
                               Path pathToTraversableObject, ElementType elementType) {
        return true;
    }

    @Override
    public boolean isCascadable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
                                Path pathToTraversableObject, ElementType elementType) {
        return true;
    }
}
