"""Thumbnails, written for on-demand Lambda: the model is downloaded to one
fixed path at init, and each thumbnail is written to one fixed path."""
import os

import boto3

s3 = boto3.client("s3")
MODEL = "/tmp/model.onnx"
s3.download_file(os.environ.get("MODELS", "models"), "thumbnails.onnx", MODEL)

last_key = None


def handler(event, context):
    # A global per request: harmless here, each concurrent request runs in
    # a Python process of its own.
    global last_key
    last_key = event["key"]
    s3.download_file(os.environ.get("BUCKET", "images"), last_key, "/tmp/source.jpg")
    with open("/tmp/thumbnail.jpg", "wb") as out:
        out.write(render("/tmp/source.jpg"))
    s3.upload_file("/tmp/thumbnail.jpg", os.environ.get("BUCKET", "images"), f"thumbnails/{last_key}")
    return {"key": last_key}


def render(path):
    with open(path, "rb") as src:
        return src.read()[:1024]
