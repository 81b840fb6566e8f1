"""Resize, written for concurrent invocations: every file it writes has a
name of its own."""
import os
import tempfile

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    bucket = os.environ.get("BUCKET", "images")
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "source.jpg")
        s3.download_file(bucket, event["key"], source)
        with tempfile.NamedTemporaryFile("wb", suffix=".jpg", delete=False) as out:
            out.write(resize(source))
        s3.upload_file(out.name, bucket, f"resized/{event['key']}")
        os.remove(out.name)
    return {"key": event["key"]}


def resize(path):
    with open(path, "rb") as src:
        return src.read()[:2048]
