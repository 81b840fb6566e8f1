package com.example.hello;

final class Greeting {
    private Greeting() {}

    static String of(String name) {
        return "hello, " + name;
    }
}
