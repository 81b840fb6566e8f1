import os
import tempfile

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.bin")
        s3.download_file(os.environ["BUCKET"], event["key"], path)
        with tempfile.NamedTemporaryFile("w", suffix=".csv") as out:
            out.write(event["body"])
        with open(path, "rb") as fh:
            return {"bytes": len(fh.read())}
