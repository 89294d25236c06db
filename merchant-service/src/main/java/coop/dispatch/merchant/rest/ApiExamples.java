package coop.dispatch.merchant.rest;

/** JSON examples shown in the OpenAPI document (and kept in step with the README). */
public final class ApiExamples {
    static final String DELIVERY_REQUEST = """
            {"pickup": {"address": "Bismarckplatz 1, 69115 Heidelberg", "location": {"lat": 49.4093, "lon": 8.6929},
                        "contactName": "Demo Bakery", "phone": "+49 6221 000000", "after": "2030-01-01T10:00:00Z"},
             "dropoff": {"address": "Plöck 20, 69117 Heidelberg", "location": {"lat": 49.4094, "lon": 8.7012},
                         "contactName": "Jo", "phone": "+49 170 0000000", "notes": "2nd floor",
                         "before": "2030-01-01T12:00:00Z"},
             "parcel": {"weightGrams": 1500, "size": "M", "packages": [{"type": "bread box", "quantity": 2}]},
             "reference": "order-42"}""";

    static final String DELIVERY = """
            {"id": "4f0c7b1e-8a52-4c57-9d5e-0d8f3b0f6a10", "status": "REQUESTED", "reference": "order-42",
             "pickup": {"address": "Bismarckplatz 1, 69115 Heidelberg", "location": {"lat": 49.4093, "lon": 8.6929},
                        "contactName": "Demo Bakery", "phone": "+49 6221 000000", "after": "2030-01-01T10:00:00Z"},
             "dropoff": {"address": "Plöck 20, 69117 Heidelberg", "location": {"lat": 49.4094, "lon": 8.7012},
                         "contactName": "Jo", "notes": "2nd floor", "before": "2030-01-01T12:00:00Z"},
             "parcel": {"weightGrams": 1500, "size": "M", "packages": [{"type": "bread box", "quantity": 2}]},
             "price": {"amountCents": 500, "riderPayCents": 400, "currency": "EUR", "policyVersion": "1",
                       "vehicle": "BIKE"},
             "route": {"distanceMeters": 780, "durationSeconds": 190, "source": "ROUTED"},
             "trackingUrl": "https://merchant.coopdispatch.example/track/q1Xo3v6o1H0b8n1z3oVb2kq7JwYt9z4M",
             "createdAt": "2029-12-31T21:14:03.512Z", "updatedAt": "2029-12-31T21:14:03.512Z",
             "history": [{"status": "REQUESTED", "at": "2029-12-31T21:14:03.512Z"}]}""";

    static final String QUOTE = """
            {"priceCents": 500, "riderPayCents": 400, "currency": "EUR", "policyVersion": "1", "vehicle": "BIKE",
             "lines": [{"label": "base", "cents": 350}, {"label": "distance 0.78 km", "cents": 94},
                       {"label": "minimum price", "cents": 56}],
             "distanceMeters": 780, "durationSeconds": 190, "distanceSource": "ROUTED",
             "earliestPickupAt": "2030-01-01T10:00:00Z", "estimatedDropoffAt": "2030-01-01T10:03:10Z"}""";

    static final String ZONE_REQUEST = """
            {"name": "Heidelberg", "area": {"type": "Polygon", "coordinates": [[[8.60, 49.36], [8.76, 49.36],
             [8.76, 49.45], [8.60, 49.45], [8.60, 49.36]]]}}""";

    static final String WEBHOOK_REQUEST = """
            {"url": "https://shop.example/coop-webhook", "events": ["assigned", "picked_up", "delivered", "failed",
             "cancelled", "unassignable"]}""";

    static final String WEBHOOK_CREATED = """
            {"id": "0b5d6a43-41d4-4a8e-8d4a-6a1f1c2b9e77", "url": "https://shop.example/coop-webhook",
             "events": ["assigned", "delivered"], "secret": "whsec_3q2+7w...shown-only-once",
             "createdAt": "2030-01-01T09:00:00Z"}""";

    static final String MERCHANT_REQUEST = """
            {"name": "Bäckerei am Plöck", "city": "heidelberg",
             "store": {"name": "Bäckerei am Plöck", "address": "Plöck 55, 69117 Heidelberg",
                       "telephone": "+49 6221 123456"},
             "timeSlots": [{"name": "Lunch and evening", "interval": "2 days", "priorNotice": "1 hour",
                            "openingHoursSpecification": [
                              {"opens": "11:00", "closes": "14:00",
                               "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]},
                              {"opens": "18:00", "closes": "20:00", "dayOfWeek": ["Friday", "Saturday"]}]}]}""";

    /** What CoopCycle's WooCommerce plugin sends: no pickup address (the store's), no coordinates. */
    public static final String COOPCYCLE_REQUEST = """
            {"pickup": {"comments": "Order #1042 from Demo Bakery (https://bakery.example)\\n2x Pretzel"},
             "dropoff": {"address": {"streetAddress": "Bergheimer Straße 20 69115 Heidelberg", "contactName": "Jo Doe",
                                     "telephone": "+49 6221 000000"},
                         "timeSlot": "2030-01-02 12:00-13:00", "comments": "2nd floor, ring twice"}}""";

    public static final String COOPCYCLE_CREATED = """
            {"@context": "/api/contexts/Delivery", "@id": "/api/deliveries/7d0c1f7e-2f7a-4a43-9d0f-6f3b6c1f2a10",
             "@type": "http://schema.org/ParcelDelivery", "id": "7d0c1f7e-2f7a-4a43-9d0f-6f3b6c1f2a10", "status": "REQUESTED",
             "pickup": {"@id": "/api/tasks/7d0c1f7e-2f7a-4a43-9d0f-6f3b6c1f2a10-pickup",
                        "id": "/api/tasks/7d0c1f7e-2f7a-4a43-9d0f-6f3b6c1f2a10-pickup", "@type": "Task",
                        "type": "PICKUP", "status": "TODO",
                        "address": {"@type": "http://schema.org/Place", "streetAddress": "Plöck 55, 69117 Heidelberg",
                                    "latLng": [49.409244, 8.698482], "geo": {"@type": "GeoCoordinates",
                                    "latitude": 49.409244, "longitude": 8.698482}, "contactName": "Demo Bakery"}},
             "dropoff": {"@id": "/api/tasks/7d0c1f7e-2f7a-4a43-9d0f-6f3b6c1f2a10-dropoff",
                         "id": "/api/tasks/7d0c1f7e-2f7a-4a43-9d0f-6f3b6c1f2a10-dropoff", "@type": "Task",
                         "type": "DROPOFF", "status": "TODO",
                         "address": {"@type": "http://schema.org/Place",
                                     "streetAddress": "Bergheimer Straße 20 69115 Heidelberg",
                                     "latLng": [49.408938, 8.690587], "geo": {"@type": "GeoCoordinates",
                                     "latitude": 49.408938, "longitude": 8.690587}, "contactName": "Jo Doe"},
                         "after": "2030-01-02T12:00:00+01:00", "before": "2030-01-02T13:00:00+01:00",
                         "comments": "2nd floor, ring twice"},
             "trackingUrl": "https://coop.example/track/…"}""";

    public static final String COOPCYCLE_ERROR = """
            {"@context": "/api/contexts/Error", "@type": "hydra:Error", "hydra:title": "Address not found",
             "hydra:description": "dropoff.address: 'Bergheimer Strasse 999 Heidelberg' was not found",
             "status": 422, "violations": [{"propertyPath": "dropoff.address",
             "message": "closest: Bergheimer Straße 136, 69115 Heidelberg (0.62)"}]}""";

    private ApiExamples() {
    }
}
