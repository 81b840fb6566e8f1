"""A test function for the Python client: answers like testdata/echo."""

import os

print("init done")


def handler(event, context):
    print("event", event)
    if event.get("fail"):
        raise ValueError(event["fail"])
    return {
        "echo": event.get("echo"),
        "env": os.environ.get(event.get("env", ""), ""),
        "memory": context.memory_limit_in_mb,
        "requestId": context.aws_request_id,
        "remaining": context.get_remaining_time_in_millis() > 0,
    }
