import base64
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            click = json.loads(base64.b64decode(record["kinesis"]["data"]))
            table.put_item(Item={"id": click["id"], "page": click["page"]})
        except Exception:
            failures.append({"itemIdentifier": record["kinesis"]["sequenceNumber"]})
    return {"batchItemFailures": failures}
