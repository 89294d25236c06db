package coop.dispatch.policies;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables a pricing expression may use, with their CEL types. Deliveries: {@code distance_km} (bike route),
 * {@code weight_kg}, {@code weight_grams}, {@code size} ("S".."XL", "" if not given), {@code packages},
 * {@code vehicle} ("BIKE", "EBIKE", "CARGO_BIKE"), {@code hour} (0..23, local) and {@code weekday} (1 = Monday ..
 * 7 = Sunday). Policy parameters: {@code base_cents}, {@code per_km_cents}, {@code minimum_cents},
 * {@code rider_share}. The price expression also sees {@code subtotal_cents} and {@code surcharges_cents}; the rider
 * pay expression {@code subtotal_cents} and {@code price_cents}.
 */
public final class PricingVariables {
    static final Map<String, CelType> DELIVERY = ordered(
            "distance_km", SimpleType.DOUBLE,
            "weight_kg", SimpleType.DOUBLE,
            "weight_grams", SimpleType.INT,
            "size", SimpleType.STRING,
            "packages", SimpleType.INT,
            "vehicle", SimpleType.STRING,
            "hour", SimpleType.INT,
            "weekday", SimpleType.INT,
            "base_cents", SimpleType.DOUBLE,
            "per_km_cents", SimpleType.DOUBLE,
            "minimum_cents", SimpleType.DOUBLE,
            "rider_share", SimpleType.DOUBLE);
    static final Map<String, CelType> PRICE = with(DELIVERY, "subtotal_cents", "surcharges_cents");
    static final Map<String, CelType> RIDER_PAY = with(DELIVERY, "subtotal_cents", "price_cents");

    private PricingVariables() {
    }

    /** Names and CEL type names of the variables of rules (the price and pay expressions see two more each). */
    public static Map<String, String> describe() {
        Map<String, String> names = new LinkedHashMap<>();
        DELIVERY.forEach((name, type) -> names.put(name, type.name()));
        return names;
    }

    private static Map<String, CelType> ordered(Object... pairs) {
        Map<String, CelType> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (CelType) pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, CelType> with(Map<String, CelType> base, String... doubles) {
        Map<String, CelType> m = new LinkedHashMap<>(base);
        for (String name : doubles) {
            m.put(name, SimpleType.DOUBLE);
        }
        return m;
    }
}
