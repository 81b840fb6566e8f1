// Command status answers with an order from the orders table: a Function
// URL request with ?orderId=... The AWS config and client are built once
// per execution environment, in main, not on every invocation.
package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("load AWS config: %v", err)
	}
	db := dynamodb.NewFromConfig(cfg)
	table := os.Getenv("TABLE_NAME")
	lambda.Start(func(ctx context.Context, req events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
		id := req.QueryStringParameters["orderId"]
		if id == "" {
			return reply(400, map[string]string{"error": "orderId is required"}), nil
		}
		out, err := db.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: aws.String(table),
			Key:       map[string]types.AttributeValue{"orderId": &types.AttributeValueMemberS{Value: id}},
		})
		if err != nil {
			return events.LambdaFunctionURLResponse{}, err
		}
		if out.Item == nil {
			return reply(404, map[string]string{"error": "no such order"}), nil
		}
		items := json.RawMessage("[]")
		if s, ok := out.Item["items"].(*types.AttributeValueMemberS); ok && json.Valid([]byte(s.Value)) {
			items = json.RawMessage(s.Value)
		}
		return reply(200, map[string]any{"orderId": id, "items": items}), nil
	})
}

func reply(status int, body any) events.LambdaFunctionURLResponse {
	b, _ := json.Marshal(body)
	return events.LambdaFunctionURLResponse{StatusCode: status, Headers: map[string]string{"content-type": "application/json"}, Body: string(b)}
}
