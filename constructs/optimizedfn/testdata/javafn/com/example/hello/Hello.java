package com.example.hello;

import java.util.Map;

/** A Lambda handler that needs no library: Lambda maps the JSON event to a Map. */
public class Hello {
    public Map<String, Object> handleRequest(Map<String, Object> event) {
        return Map.of("statusCode", 200, "body", Greeting.of(String.valueOf(event.getOrDefault("name", "world"))));
    }
}
