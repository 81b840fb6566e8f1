// Command api is the reference Go handler: a Function URL endpoint that
// reads an item from DynamoDB. It follows the playbook's init habits: the
// AWS config and client are built once per execution environment, in
// init, not on every invocation.
package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/lambdaperf/lambdaperf/functions/go/items"
)

var handler *items.Handler

func init() {
	// Runs once per cold start, in the INIT phase, not on every request.
	// INIT is billed like invocation duration (provided.al2023 always billed
	// it; since 1 August 2025 every on-demand function does), so keep it to
	// what every request needs: the SDK config and one client.
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("load AWS config: %v", err)
	}
	handler = &items.Handler{DB: dynamodb.NewFromConfig(cfg), Table: os.Getenv("TABLE_NAME")}
}

func main() {
	lambda.Start(handler.Handle)
}
