"""A small handler for the SnapStart fixtures."""


def handler(event, context):
    return {"statusCode": 200, "body": str(event.get("name", "world"))}
