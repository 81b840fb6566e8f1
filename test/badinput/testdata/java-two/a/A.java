package a; public class A { public Object handleRequest(Object e) { return e; } }
