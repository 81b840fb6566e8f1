// A Function URL handler for serve's tests: GET /plain answers JSON without
// a statusCode, /fail throws, and anything else answers the status of
// ?status=, the request's cookies back with a Path, and the request's body,
// base64-encoded, with whether it arrived encoded. /sleep?ms= waits that
// long first (a slow call a client gives up on).
export const handler = async (event) => {
  if (event.rawPath === "/sleep") await new Promise((r) => setTimeout(r, Number(event.queryStringParameters?.ms ?? 1000)));
  if (event.rawPath === "/plain") return { hello: "world", method: event.requestContext.http.method };
  if (event.rawPath === "/fail") throw new Error("boom");
  return {
    statusCode: Number(event.queryStringParameters?.status ?? 200),
    headers: { "content-type": "application/octet-stream", "x-body-was-base64": String(event.isBase64Encoded) },
    cookies: (event.cookies ?? []).map((c) => c + "; Path=/"),
    body: event.isBase64Encoded ? event.body : Buffer.from(event.body ?? "").toString("base64"),
    isBase64Encoded: true,
  };
};
