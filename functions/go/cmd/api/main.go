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
	// Runs once per cold start, outside the billed-per-request path.
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("load AWS config: %v", err)
	}
	handler = &items.Handler{DB: dynamodb.NewFromConfig(cfg), Table: os.Getenv("TABLE_NAME")}
}

func main() {
	lambda.Start(handler.Handle)
}
