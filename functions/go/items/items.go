// Package items is the reference handler's logic, apart from main so it
// can be tested with a stub client and no AWS account.
package items

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Getter is the one DynamoDB call the handler makes.
type Getter interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
}

// Handler serves GET /items/{id} from a Function URL.
type Handler struct {
	DB    Getter
	Table string
}

// Item is what the endpoint returns.
type Item struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Handle answers one Function URL request.
func (h *Handler) Handle(ctx context.Context, req events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	id, ok := strings.CutPrefix(req.RawPath, "/items/")
	if req.RequestContext.HTTP.Method != http.MethodGet || !ok || id == "" || strings.Contains(id, "/") {
		return reply(http.StatusNotFound, map[string]string{"error": "use GET /items/{id}"}), nil
	}
	out, err := h.DB.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(h.Table),
		Key:       map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: id}},
	})
	if err != nil {
		return reply(http.StatusBadGateway, map[string]string{"error": "item store unavailable"}), nil
	}
	if out.Item == nil {
		return reply(http.StatusNotFound, map[string]string{"error": "no item " + id}), nil
	}
	item := Item{ID: id}
	if name, ok := out.Item["name"].(*types.AttributeValueMemberS); ok {
		item.Name = name.Value
	}
	return reply(http.StatusOK, item), nil
}

func reply(status int, body any) events.LambdaFunctionURLResponse {
	b, _ := json.Marshal(body)
	return events.LambdaFunctionURLResponse{
		StatusCode: status,
		Headers:    map[string]string{"content-type": "application/json"},
		Body:       string(b),
	}
}
