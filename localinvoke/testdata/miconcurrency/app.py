"""Handler for the Managed Instances tests on Python: module state, which
each process has to itself, and a fixed file name in /tmp, which every
process of the environment shares."""

import os
import tempfile
import time

current_id = None


def handler(event, context):
    global current_id
    current_id = event["id"]
    # A fixed path in the shared /tmp: another process writes it meanwhile.
    path = os.path.join(tempfile.gettempdir(), "export.json")
    with open(path, "w") as f:
        f.write(event["id"])
    time.sleep(event.get("delayMs", 200) / 1000)
    with open(path) as f:
        from_tmp = f.read()
    print("answering", current_id)
    return {"id": current_id, "tmp": from_tmp, "pid": os.getpid()}
