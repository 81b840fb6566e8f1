"""A Python function that holds {"holdMiB": n} MiB of touched memory."""

held = []


def handler(event, context):
    for _ in range(event.get("holdMiB", 0)):
        held.append(bytearray(b"\x01" * (1 << 20)))
    return {"held": len(held)}
