import tinydep


def handler(event, context):
    return {"statusCode": 200, "body": tinydep.greet(event.get("name", "world"))}
