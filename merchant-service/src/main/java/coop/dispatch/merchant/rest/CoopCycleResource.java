package coop.dispatch.merchant.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.service.DeliveryRequests;
import coop.dispatch.merchant.service.DeliveryService;
import coop.dispatch.merchant.service.MerchantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CoopCycle's {@code POST /api/deliveries}, so that shops integrated with CoopCycle (WooCommerce, Shopify, scripts)
 * switch by changing the base URL. The body is mapped onto the native request and goes through the same checks,
 * pricing, idempotency and events. Addresses must carry {@code latLng}: there is no geocoding.
 */
@Path("/api/deliveries")
@Tag(name = "CoopCycle compatibility")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
public class CoopCycleResource {
    /** CoopCycle's "2019-12-12 10:00-11:00" time slots, in the coop's local time. */
    private static final Pattern SLOT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");

    private final DeliveryRequests requests;
    private final MerchantService merchants;
    private final Validator validator;
    private final JsonWebToken token;

    public CoopCycleResource(DeliveryRequests requests, MerchantService merchants, Validator validator,
                             JsonWebToken token) {
        this.requests = requests;
        this.merchants = merchants;
        this.validator = validator;
        this.token = token;
    }

    @POST
    @Operation(summary = "Create a delivery from a CoopCycle-shaped body; answers CoopCycle's fields",
            description = "Supported: pickup/dropoff.address as a string or {streetAddress, latLng [lat, lng], "
                    + "telephone, contactName, description, name}; before/after or timeSlot (ISO interval 'a/b' or "
                    + "'YYYY-MM-DD HH:mm-HH:mm' in Europe/Berlin); comments; weight (grams) and packages [{type, "
                    + "quantity}] on either task; telephone/contactName on the task. latLng is required.")
    @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "CoopCycle delivery", value = ApiExamples.COOPCYCLE_REQUEST)))
    public Response create(JsonNode body, @HeaderParam(DeliveryResource.IDEMPOTENCY_KEY) String idempotencyKey,
                           UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object with pickup and dropoff");
        }
        List<Problem.Violation> problems = new ArrayList<>();
        Integer weight = intOf(body.path("dropoff").path("weight"), intOf(body.path("pickup").path("weight"),
                intOf(body.path("weight"), null)));
        List<DeliveryRequest.Package> packages = packages(body, problems);
        DeliveryRequest request = new DeliveryRequest(stop("pickup", body.get("pickup"), problems),
                stop("dropoff", body.get("dropoff"), problems),
                new DeliveryRequest.Parcel(weight, null, packages), text(body.get("reference")));
        if (problems.isEmpty()) {
            for (ConstraintViolation<DeliveryRequest> v : validator.validate(request)) {
                problems.add(new Problem.Violation(coopCycleField(v.getPropertyPath().toString()), v.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(Problem.Violation::field));
            throw new ApiException(400, "Invalid request", problems.stream().map(p -> p.field() + ": " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow(), problems);
        }
        UUID merchant = merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
        DeliveryService.Created created = requests.create(merchant, request, idempotencyKey, token.getRawToken());
        CoopCycleDelivery answer = CoopCycleDelivery.of(created.delivery());
        java.net.URI location = uri.getBaseUriBuilder().path("/api/v1/deliveries")
                .path(created.delivery().id().toString()).build();
        return (created.replayed() ? Response.ok(answer).header(DeliveryResource.REPLAYED, "true")
                : Response.status(Response.Status.CREATED).entity(answer)).location(location).build();
    }

    private static DeliveryRequest.Stop stop(String name, JsonNode task, List<Problem.Violation> problems) {
        if (task == null || !task.isObject()) {
            problems.add(new Problem.Violation(name, "is required"));
            return null;
        }
        JsonNode address = task.get("address");
        String street;
        Location location = null;
        String phone = text(task.get("telephone"));
        String contact = text(task.get("contactName"));
        List<String> notes = new ArrayList<>();
        if (address != null && address.isTextual()) {
            street = address.asText();
            problems.add(new Problem.Violation(name + ".address.latLng", "is required: this service does not "
                    + "geocode; send address as an object with streetAddress and latLng [lat, lng]"));
        } else if (address != null && address.isObject()) {
            street = text(address.get("streetAddress"));
            JsonNode latLng = address.get("latLng");
            if (latLng == null || !latLng.isArray() || latLng.size() != 2 || !latLng.get(0).isNumber()
                    || !latLng.get(1).isNumber()) {
                problems.add(new Problem.Violation(name + ".address.latLng", "is required as [lat, lng]"));
            } else {
                location = new Location(latLng.get(0).asDouble(), latLng.get(1).asDouble());
            }
            phone = phone != null ? phone : text(address.get("telephone"));
            contact = contact != null ? contact : text(address.get("contactName"));
            if (contact == null) {
                contact = text(address.get("name"));
            }
            addIfPresent(notes, text(address.get("description")));
        } else {
            problems.add(new Problem.Violation(name + ".address", "is required"));
            return null;
        }
        addIfPresent(notes, text(task.get("comments")));
        Instant after = instant(name + ".after", task.get("after"), problems);
        Instant before = instant(name + ".before", task.get("before"), problems);
        String slot = text(task.get("timeSlot"));
        if (slot != null) {
            Instant[] window = slot(name + ".timeSlot", slot, problems);
            if (window != null) {
                after = window[0];
                before = window[1];
            }
        }
        return new DeliveryRequest.Stop(street, location, contact, phone,
                notes.isEmpty() ? null : String.join("\n", notes), after, before);
    }

    private static List<DeliveryRequest.Package> packages(JsonNode body, List<Problem.Violation> problems) {
        List<DeliveryRequest.Package> packages = new ArrayList<>();
        for (String where : new String[]{"pickup", "dropoff"}) {
            JsonNode list = body.path(where).path("packages");
            if (list.isMissingNode() || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                problems.add(new Problem.Violation(where + ".packages", "must be an array of {type, quantity}"));
                continue;
            }
            for (JsonNode p : list) {
                packages.add(new DeliveryRequest.Package(text(p.get("type")), intOf(p.get("quantity"), 1)));
            }
        }
        return packages.isEmpty() ? null : packages;
    }

    private static Instant[] slot(String field, String slot, List<Problem.Violation> problems) {
        try {
            int slash = slot.indexOf('/');
            if (slash > 0) {
                return new Instant[]{parse(slot.substring(0, slash)), parse(slot.substring(slash + 1))};
            }
            Matcher m = SLOT.matcher(slot.strip());
            if (m.matches()) {
                LocalDate day = LocalDate.parse(m.group(1));
                return new Instant[]{day.atTime(LocalTime.parse(m.group(2))).atZone(LOCAL).toInstant(),
                        day.atTime(LocalTime.parse(m.group(3))).atZone(LOCAL).toInstant()};
            }
        } catch (DateTimeException e) {
            // reported below
        }
        problems.add(new Problem.Violation(field, "must be an ISO-8601 interval (start/end) or "
                + "'YYYY-MM-DD HH:mm-HH:mm'"));
        return null;
    }

    private static Instant instant(String field, JsonNode value, List<Problem.Violation> problems) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return parse(text);
        } catch (DateTimeException e) {
            problems.add(new Problem.Violation(field, "must be an ISO-8601 date-time, e.g. 2030-01-01T10:00:00+01:00"));
            return null;
        }
    }

    private static Instant parse(String text) {
        String t = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return java.time.LocalDateTime.parse(t).atZone(LOCAL).toInstant();
        }
    }

    private static String coopCycleField(String path) {
        return path.replace(".location.lat", ".address.latLng[0]").replace(".location.lon", ".address.latLng[1]")
                .replace(".location", ".address.latLng")
                .replace("parcel.weightGrams", "dropoff.weight").replace("parcel.packages", "dropoff.packages")
                .replace(".phone", ".telephone").replace(".notes", ".comments");
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static Integer intOf(JsonNode node, Integer otherwise) {
        return node == null || !node.isNumber() ? otherwise : Integer.valueOf(node.asInt());
    }

    /** CoopCycle's answer: id, the two tasks with their addresses, and the tracking URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CoopCycleDelivery(@JsonProperty("@context") String context, @JsonProperty("@id") String iri,
                                    @JsonProperty("@type") String type, UUID id, String status, Task pickup,
                                    Task dropoff, String trackingUrl, Long priceCents, String pricingVersion) {
        static CoopCycleDelivery of(DeliveryView d) {
            return new CoopCycleDelivery("/api/contexts/Delivery", "/api/deliveries/" + d.id(), "Delivery", d.id(),
                    d.status().name(), Task.of("PICKUP", d.pickup()), Task.of("DROPOFF", d.dropoff()),
                    d.trackingUrl(), d.price().amountCents(), d.price().policyVersion());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(String type, Address address, Instant after, Instant before, String comments) {
        static Task of(String type, DeliveryView.StopView s) {
            return new Task(type, new Address(s.address(), List.of(s.location().lat(), s.location().lon()),
                    s.phone(), s.contactName()), s.after(), s.before(), s.notes());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Address(String streetAddress, List<Double> latLng, String telephone, String contactName) {
    }
}
