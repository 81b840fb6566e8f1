"""Resize images in parallel, one process per core."""
import multiprocessing


def resize(key):
    return key.upper()


def handler(event, context):
    with multiprocessing.Pool() as pool:
        return {"resized": pool.map(resize, event["keys"])}
