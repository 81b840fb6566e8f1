import os
import tempfile

import boto3

s3 = boto3.client("s3")
MODEL_PATH = os.path.join(tempfile.gettempdir(), "model.bin")
# Every process of the environment runs this at init, at the same time.
s3.download_file(os.environ["BUCKET"], "model.bin", MODEL_PATH)


def handler(event, context):
    with open(MODEL_PATH, "rb") as fh:
        return {"bytes": len(fh.read())}
