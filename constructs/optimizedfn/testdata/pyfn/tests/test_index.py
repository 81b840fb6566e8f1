import index


def test_handler():
    assert index.handler({"name": "x"}, None)["body"] == "hello, x"
