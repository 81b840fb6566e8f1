import base64
import json


def handler(event, context):
    data = base64.b64decode(event["Records"][0]["kinesis"]["data"])
    print(json.loads(data))
