# Python on Managed Instances runs each concurrent request in a process of
# its own: module globals are not shared between requests in flight.
current_user = None


def handler(event, context):
    global current_user
    current_user = event["userId"]
    return {"user": current_user}
