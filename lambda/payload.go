package lambda

import "fmt"

// InvokeDoc is the Invoke API reference: "For synchronous invocations, the
// maximum payload size is 6 MB. For asynchronous invocations, the maximum
// payload size is 1 MB."
const InvokeDoc = "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html"

// Invocation payloads, in bytes (InvokeDoc; QuotasDoc, "Invocation payload
// (request and response)"). Lambda writes MB for MiB; the exact figures are
// the ones its errors print:
//
//   - a synchronous request above 6,291,456 bytes (6 MiB) is refused
//     before the function runs, with RequestEntityTooLargeException
//     (SyncRequestTooLargeMessage);
//   - a synchronous response above 6,291,556 bytes (6 MiB and 100 bytes)
//     fails the invocation with the error type Function.ResponseSizeTooLarge
//     (ResponseTooLargeMessage), measured in
//     https://zaccharles.medium.com/deep-dive-lambdas-response-payload-size-limit-8aedba9530ed
//     and the limit the Runtime Interface Emulator enforces
//     (interop.MaxPayloadSize);
//   - an asynchronous request may hold 1 MiB since October 2025 (256 KiB
//     before): "AWS has raised the maximum payload size from 256 KB to 1 MB
//     for asynchronous AWS Lambda function invocations"
//     (https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb).
//
// A Function URL in the BUFFERED invoke mode invokes synchronously, so its
// request and response carry the synchronous limits. Whether Lambda admits
// a request of exactly 6,291,456 bytes (its message says "smaller than")
// is not documented; lambdaperf admits it, as the emulator does.
const (
	MaxSyncRequestBytes  = 6 << 20
	MaxSyncResponseBytes = 6<<20 + 100
	MaxAsyncRequestBytes = 1 << 20
)

// Error types and texts Lambda answers an oversized payload with.
const (
	// RequestTooLargeType is the Invoke API's exception for a request
	// above its limit (HTTP 413).
	RequestTooLargeType = "RequestEntityTooLargeException"
	// ResponseTooLargeType is the function error of a response above
	// MaxSyncResponseBytes.
	ResponseTooLargeType = "Function.ResponseSizeTooLarge"
)

// SyncRequestTooLargeMessage is Lambda's message for a synchronous request
// above MaxSyncRequestBytes, as the Invoke API returns it: "Request must be
// smaller than 6291456 bytes for the InvokeFunction operation"
// (https://zaccharles.medium.com/deep-dive-lambdas-request-payload-size-limit-2-2-6350c1ae5577).
func SyncRequestTooLargeMessage() string {
	return fmt.Sprintf("Request must be smaller than %d bytes for the InvokeFunction operation", MaxSyncRequestBytes)
}

// ResponseTooLargeMessage is the errorMessage of Lambda's
// Function.ResponseSizeTooLarge error: "Response payload size exceeded
// maximum allowed payload size (6291556 bytes)."
func ResponseTooLargeMessage() string {
	return fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", MaxSyncResponseBytes)
}
