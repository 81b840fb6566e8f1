"""A stand-in for a vendored dependency (pip install --target)."""


def greet(name):
    return "hello, " + name
