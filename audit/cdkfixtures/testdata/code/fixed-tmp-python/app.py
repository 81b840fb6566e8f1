import csv


def handler(event, context):
    # One file name for every invocation, in every process.
    with open("/tmp/report.csv", "w", newline="") as out:
        csv.writer(out).writerows(event["rows"])
    with open("/tmp/report.csv") as back:
        return {"bytes": len(back.read())}
