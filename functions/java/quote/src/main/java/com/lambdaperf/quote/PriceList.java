package com.lambdaperf.quote;

import java.util.Map;
import java.util.Optional;

/** Unit prices in cents, and the volume discount: 5 % from 10 units. */
final class PriceList {
    static final int VOLUME_THRESHOLD = 10;
    static final int VOLUME_DISCOUNT_PERCENT = 5;

    private final Map<String, Long> unitCents;

    private PriceList(Map<String, Long> unitCents) {
        this.unitCents = unitCents;
    }

    /** The catalog; a real handler would read it from S3 or DynamoDB here, during init. */
    static PriceList load() {
        return new PriceList(Map.of("A-100", 1_250L, "B-200", 4_999L, "C-300", 19_900L));
    }

    Optional<Quote> quote(String sku, int quantity) {
        Long unit = unitCents.get(sku);
        if (unit == null) {
            return Optional.empty();
        }
        long gross = unit * quantity;
        long discount = quantity >= VOLUME_THRESHOLD ? gross * VOLUME_DISCOUNT_PERCENT / 100 : 0;
        return Optional.of(new Quote(sku, quantity, unit, gross - discount));
    }

    /** A priced order line; money in whole cents. */
    record Quote(String sku, int quantity, long unitCents, long totalCents) {
        String toJson() {
            return String.format("{\"sku\":\"%s\",\"quantity\":%d,\"unitCents\":%d,\"totalCents\":%d}", sku, quantity, unitCents, totalCents);
        }
    }
}
