import datetime


def handler(event, context):
    day = datetime.date.today() - datetime.timedelta(days=30)
    return {"archived_before": day.isoformat()}
