import base64
import json
import os

import boto3


def handler(event, context):
    dynamodb = boto3.resource("dynamodb")
    table = dynamodb.Table(os.environ["TABLE_NAME"])
    payload = json.loads(base64.b64decode(event["Records"][0]["kinesis"]["data"]))
    table.put_item(Item={"id": payload["id"], "page": payload["page"]})
    return {"ingested": 1}
