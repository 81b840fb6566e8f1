"""Sum numbers sequentially; the bundled library is never asked for processes."""


def handler(event, context):
    return {"sum": sum(event["numbers"])}
