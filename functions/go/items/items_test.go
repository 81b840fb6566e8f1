package items

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type stubDB struct {
	items map[string]string
	err   error
	calls int
}

func (s *stubDB) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	s.calls++
	if s.err != nil {
		return nil, s.err
	}
	id := in.Key["pk"].(*types.AttributeValueMemberS).Value
	name, ok := s.items[id]
	if !ok {
		return &dynamodb.GetItemOutput{}, nil
	}
	return &dynamodb.GetItemOutput{Item: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: id}, "name": &types.AttributeValueMemberS{Value: name},
	}}, nil
}

func request(method, path string) events.LambdaFunctionURLRequest {
	var r events.LambdaFunctionURLRequest
	r.RawPath = path
	r.RequestContext.HTTP.Method = method
	return r
}

func TestHandle(t *testing.T) {
	db := &stubDB{items: map[string]string{"42": "answer"}}
	h := &Handler{DB: db, Table: "items"}
	cases := []struct {
		name   string
		req    events.LambdaFunctionURLRequest
		status int
		body   string
	}{
		{"an existing item is returned", request("GET", "/items/42"), 200, `{"id":"42","name":"answer"}`},
		{"a missing item is a 404", request("GET", "/items/7"), 404, `{"error":"no item 7"}`},
		{"another method is a 404", request("POST", "/items/42"), 404, `{"error":"use GET /items/{id}"}`},
		{"a nested path is a 404", request("GET", "/items/42/x"), 404, `{"error":"use GET /items/{id}"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := h.Handle(context.Background(), c.req)
			if err != nil {
				t.Fatal(err)
			}
			if got.StatusCode != c.status || got.Body != c.body {
				t.Errorf("got %d %s, want %d %s", got.StatusCode, got.Body, c.status, c.body)
			}
		})
	}
}

func TestStoreDownIsBadGateway(t *testing.T) {
	h := &Handler{DB: &stubDB{err: errors.New("timeout")}}
	got, _ := h.Handle(context.Background(), request("GET", "/items/1"))
	if got.StatusCode != 502 {
		t.Errorf("status %d, want 502", got.StatusCode)
	}
}

// TestThroughLambdaRuntime invokes the handler the way the Lambda runtime
// does: a JSON payload through aws-lambda-go's handler adapter.
func TestThroughLambdaRuntime(t *testing.T) {
	h := &Handler{DB: &stubDB{items: map[string]string{"1": "one"}}, Table: "items"}
	fn := lambda.NewHandler(h.Handle)
	payload, _ := json.Marshal(request("GET", "/items/1"))
	out, err := fn.Invoke(context.Background(), payload)
	if err != nil {
		t.Fatal(err)
	}
	var resp events.LambdaFunctionURLResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatalf("response is not a Function URL response: %v: %s", err, out)
	}
	if resp.StatusCode != 200 || resp.Body != `{"id":"1","name":"one"}` {
		t.Errorf("got %+v", resp)
	}
}
