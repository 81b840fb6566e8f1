package com.lambdaperf.quote;

import java.util.Map;

/**
 * Reference Java handler: prices an order line for a Function URL request,
 * {@code GET ?sku=A-100&qty=12}.
 *
 * <p>It needs no library, so it builds with javac alone: the Java runtime
 * maps the JSON event to a {@code Map} and the returned {@code Map} back to
 * JSON. Init work (loading the price list) happens once, in the static
 * initializer, before SnapStart snapshots the environment, so restored
 * environments start with it done.
 */
public class QuoteHandler {
    private static final PriceList PRICES = PriceList.load();

    public Map<String, Object> handleRequest(Map<String, Object> event) {
        Map<?, ?> query = event.get("queryStringParameters") instanceof Map<?, ?> m ? m : Map.of();
        Object sku = query.get("sku");
        if (!(sku instanceof String s) || s.isEmpty()) {
            return response(400, "{\"error\":\"sku is required\"}");
        }
        int quantity;
        try {
            quantity = query.get("qty") == null ? 1 : Integer.parseInt(query.get("qty").toString());
        } catch (NumberFormatException e) {
            return response(400, "{\"error\":\"qty must be a whole number\"}");
        }
        if (quantity < 1 || quantity > 10_000) {
            return response(400, "{\"error\":\"qty must be 1..10000\"}");
        }
        return PRICES.quote(s, quantity)
                .map(q -> response(200, q.toJson()))
                .orElseGet(() -> response(404, "{\"error\":\"unknown sku\"}"));
    }

    private static Map<String, Object> response(int status, String body) {
        return Map.of("statusCode", status, "headers", Map.of("content-type", "application/json"), "body", body);
    }
}
