"""Reference Python handler: latency percentiles for a Function URL request.

POST a JSON body {"durations_ms": [12.5, 80, 31, ...]} and get back the
count, mean, p50, p95 and p99. Standard library only, so the folder is the
whole deployment package; a dependency would be vendored next to this file
with `pip install --target` and listed in requirements.txt.
"""

import json
import math
import statistics

# Init code runs once per execution environment: constants and clients live
# at module level and are reused by every warm invocation.
MAX_SAMPLES = 100_000
PERCENTILES = (50, 95, 99)


def percentile(ordered, p):
    """Nearest-rank percentile of an ordered, non-empty list."""
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(durations):
    ordered = sorted(float(d) for d in durations)
    summary = {"count": len(ordered), "mean": round(statistics.fmean(ordered), 3)}
    for p in PERCENTILES:
        summary[f"p{p}"] = percentile(ordered, p)
    return summary


def response(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def handler(event, context):
    try:
        body = json.loads(event.get("body") or "{}")
        durations = body["durations_ms"]
        if not isinstance(durations, list) or not 0 < len(durations) <= MAX_SAMPLES:
            raise ValueError
        return response(200, summarize(durations))
    except (ValueError, KeyError, TypeError):
        return response(400, {"error": f"send {{\"durations_ms\": [...]}} with 1..{MAX_SAMPLES} numbers"})
