package com.example.orders;

import java.util.Map;

// A valid Java entry: each bad-input row breaks one prop around it.
public class Orders {
    public Map<String, Object> handleRequest(Map<String, Object> event) {
        return event;
    }
}
