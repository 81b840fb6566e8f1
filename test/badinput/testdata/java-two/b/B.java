package b; public class B { public Object handleRequest(Object e) { return e; } }
