"""lambdaperf's runtime interface client for Python: imports the handler named
on the command line (or in _HANDLER) from LAMBDA_TASK_ROOT, then serves the
Lambda Runtime API loop (GET .../invocation/next, call the handler, POST
.../response or .../error) until the emulator stops it. Init failures go to
.../init/error. Standard library only; the Go package embeds this file.

On Lambda Managed Instances (AWS_LAMBDA_MAX_CONCURRENCY set) it runs that
many processes, as Lambda's Python runtime does there: "Each concurrent
request runs in a separate process with its own memory space and
initialization. Each process handles one request at a time"
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-python-runtime.html).
The first process only forks the others and ends when they all have; /tmp
is shared. Output is JSON lines carrying the requestId (AWS_LAMBDA_LOG_FORMAT
JSON, always on Managed Instances)."""

import datetime
import http.client
import importlib
import json
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
BASE = "/2018-06-01/runtime"
MULTI = "AWS_LAMBDA_MAX_CONCURRENCY" in os.environ
JSON_LOGS = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON"
conn = http.client.HTTPConnection(API)
current_request_id = ""


class JSONLines:
    """A text stream that writes each line as a JSON log record with the
    request id being served, as Lambda's structured JSON log format does."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, raw, level):
        self.raw, self.level, self.buf = raw, level, ""

    def writable(self):
        return True

    def write(self, s):
        self.buf += s
        while "\n" in self.buf:
            line, self.buf = self.buf.split("\n", 1)
            self.emit(line)
        return len(s)

    def emit(self, line):
        rec = {"timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(), "level": self.level, "message": line}
        if current_request_id:
            rec["requestId"] = current_request_id
        self.raw.write(json.dumps(rec) + "\n")
        self.raw.flush()

    def flush(self):
        if self.buf:
            line, self.buf = self.buf, ""
            self.emit(line)
        self.raw.flush()

    def isatty(self):
        return False

    def fileno(self):
        return self.raw.fileno()


def call(method, path, body=None, headers=None):
    h = dict(headers or {})
    data = None
    if body is not None:
        data = body.encode("utf-8")
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=h)
    resp = conn.getresponse()
    return resp.status, resp.headers, resp.read()


def error_payload(err, error_type=None):
    return {
        "errorMessage": str(err),
        "errorType": error_type or type(err).__name__,
        "requestId": "",
        "stackTrace": traceback.format_list(traceback.extract_tb(err.__traceback__)),
    }


def post_error(path, payload):
    call("POST", path, json.dumps(payload), {"Lambda-Runtime-Function-Error-Type": payload["errorType"]})


class Context:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def load_handler(spec, root):
    module_name, _, function_name = spec.rpartition(".")
    if not module_name or not function_name:
        raise LookupError(("Runtime.MalformedHandlerName", f"Bad handler '{spec}': expected MODULE.FUNCTION"))
    sys.path.insert(0, root)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as err:
        raise LookupError(("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {err}")) from err
    except SyntaxError as err:
        raise LookupError(("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {err}")) from err
    fn = getattr(module, function_name, None)
    if not callable(fn):
        raise LookupError(("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'"))
    return fn


def main():
    spec = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("_HANDLER", "")
    root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    try:
        handler = load_handler(spec, root)
    except LookupError as err:
        error_type, message = err.args[0] if isinstance(err.args[0], tuple) else ("Runtime.Unknown", str(err))
        print(f"[ERROR] {error_type}: {message}", flush=True)
        post_error(f"{BASE}/init/error", {"errorMessage": message, "errorType": error_type, "requestId": "", "stackTrace": []})
        sys.exit(1)
    except Exception as err:  # init code raised
        traceback.print_exc()
        post_error(f"{BASE}/init/error", error_payload(err))
        sys.exit(1)

    global current_request_id
    while True:
        status, headers, body = call("GET", f"{BASE}/invocation/next")
        if status != 200:
            print(f"runtime API answered {status} to invocation/next", file=sys.stderr)
            sys.exit(1)
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        current_request_id = request_id or ""
        trace = headers.get("Lambda-Runtime-Trace-Id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        try:
            result = handler(json.loads(body or b"null"), Context(headers))
            out = json.dumps(result)
        except Exception as err:
            traceback.print_exc()
            payload = error_payload(err)
            payload["requestId"] = request_id
            end_output(request_id)
            post_error(f"{BASE}/invocation/{request_id}/error", payload)
            continue
        end_output(request_id)
        call("POST", f"{BASE}/invocation/{request_id}/response", out)


def end_output(request_id):
    """On Managed Instances, tell lambdaperf the invocation's output is all
    written, before its answer."""
    if MULTI:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.__stdout__.write(json.dumps({"lambdaperf": "invocation-end", "requestId": request_id}) + "\n")
        sys.__stdout__.flush()


def die_with_parent():
    """Ask the kernel to kill this process when its parent dies
    (PR_SET_PDEATHSIG), so no worker outlives the runtime; best effort."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:
        pass


def supervise(count):
    """Fork count processes, each a runtime of its own, and wait for them."""
    children = set()
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                die_with_parent()
                global conn
                conn = http.client.HTTPConnection(API)  # a connection of its own
                main()
            except SystemExit as err:
                code = err.code if isinstance(err.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        children.add(pid)
    while children:
        pid, status = os.wait()
        children.discard(pid)
        if status != 0:
            print(f"runtime process {pid} exited (wait status {status})", file=sys.stderr, flush=True)
    sys.exit(1)


if __name__ == "__main__":
    if JSON_LOGS:
        sys.stdout = JSONLines(sys.stdout, "INFO")
        sys.stderr = JSONLines(sys.stderr, "ERROR")
    if MULTI:
        try:
            workers = max(1, int(os.environ["AWS_LAMBDA_MAX_CONCURRENCY"]))
        except ValueError:
            workers = 1
        supervise(workers)
    else:
        main()
