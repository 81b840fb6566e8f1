import base64
import json
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def transform(click: dict) -> dict:
    return {**click, "page": click["page"].lower()}


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            click = json.loads(base64.b64decode(record["kinesis"]["data"]))
            logger.info("transformed %s", transform(click))
        except Exception:
            failures.append({"itemIdentifier": record["kinesis"]["sequenceNumber"]})
    return {"batchItemFailures": failures}
