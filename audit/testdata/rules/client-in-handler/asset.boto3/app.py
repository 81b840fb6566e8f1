import os
import boto3


def handler(event, context):
    table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
    return table.get_item(Key={"id": event["id"]})
