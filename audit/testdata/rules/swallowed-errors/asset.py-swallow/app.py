import json
import logging

logger = logging.getLogger()


def handler(event, context):
    for record in event["Records"]:
        try:
            process(json.loads(record["body"]))
        except Exception:
            logger.exception("failed")


def process(order):
    if "id" not in order:
        raise ValueError("no id")
