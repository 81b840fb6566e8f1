package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/stacks"
)

// Init-path variants of the reference handlers' DynamoDB access, each a
// whole handler with the same two calls (get one item, write a batch), so
// that only the habit differs. {{client}} is the client setup, {{get}},
// {{put}} the commands, {{check}} the input validation.
const (
	habitDocumentClient = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (e: any) =>
  db.send(e.items ? new BatchWriteCommand({ RequestItems: { t: e.items } }) : new GetCommand({ TableName: "t", Key: { pk: e.id } }));
`
	habitBarebones = `import { BatchWriteItemCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
{{imports}}
const db = new DynamoDBClient({{config}});
export const handler = async (e: any) => {
  {{check}}
  return db.send(e.items ? new BatchWriteItemCommand({ RequestItems: { t: e.items } }) : new GetItemCommand({ TableName: "t", Key: { pk: { S: e.id } } }));
};
`
	habitSchema = `import * as z from "zod/mini";
export const Items = z.object({ items: z.array(z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)), name: z.string().check(z.maxLength(256)), price: z.number().check(z.nonnegative()) })).check(z.minLength(1), z.maxLength(100)) });
`
)

// habit is one init-path habit: the handler with it and without it.
type habit struct {
	name, with, without string
}

func barebones(imports, config, check string) string {
	return strings.NewReplacer("{{imports}}", imports, "{{config}}", config, "{{check}}", check).Replace(habitBarebones)
}

// nodeHabits are the habits measured; docs/benchmarks.md and the reference
// handlers' comments quote their ratios.
func nodeHabits() []habit {
	topLevel := strings.Replace(habitSchema, "export const Items", "const Items", 1)
	return []habit{
		{"barebones DynamoDBClient + commands instead of the DocumentClient", barebones("", "{}", ""), habitDocumentClient},
		{"credentials: fromEnv() instead of the default chain", barebones(`import { fromEnv } from "@aws-sdk/credential-provider-env";`, "{ credentials: fromEnv() }", ""), barebones("", "{}", "")},
		{"zod schema in a lazily import()ed module instead of at the top level",
			barebones("let schema: Promise<typeof import(\"./schema\")> | undefined;", "{}", "if (e.items) (await (schema ??= import(\"./schema\"))).Items.parse(e);"),
			barebones(topLevel, "{}", "if (e.items) Items.parse(e);")},
	}
}

// BenchmarkNodeInitHabits measures each init-path habit of the reference
// handlers on its own: the handler with and without it, built as
// optimizedfn's default (SplitESM, SDK bundled), loaded loadRuns times
// each, interleaved; it reports the paired ratio with/without. A habit is
// worth keeping where the ratio is below 1 beyond the noise.
func BenchmarkNodeInitHabits(b *testing.B) {
	// Under the repository, so esbuild resolves its node_modules and
	// optimizedfn finds the lock file.
	src, err := os.MkdirTemp(filepath.Join(stacks.RepoDir(), "test", "bench"), ".habits-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(src)
	if err := os.WriteFile(filepath.Join(src, "schema.ts"), []byte(habitSchema), 0o644); err != nil {
		b.Fatal(err)
	}
	habits := nodeHabits()
	app := awscdk.NewApp(&awscdk.AppProps{
		Outdir:                          jsii.String(b.TempDir()),
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Context:                         &map[string]any{"aws:cdk:enable-asset-metadata": true},
	})
	stack := awscdk.NewStack(app, jsii.String("Habits"), nil)
	for i, h := range habits {
		for j, code := range []string{h.with, h.without} {
			entry := filepath.Join(src, fmt.Sprintf("h%d%d.ts", i, j))
			if err := os.WriteFile(entry, []byte(code), 0o644); err != nil {
				b.Fatal(err)
			}
			optimizedfn.New(stack, jsii.String(fmt.Sprintf("H%dV%d", i, j)), &optimizedfn.Props{Entry: entry})
		}
	}
	tpl := cdktest.Template(b, stack)
	outdir := *app.Synth(nil).Directory()
	dirs := make([][2]string, len(habits))
	for id, r := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		var i, j int
		if _, err := fmt.Sscanf(id, "H%dV%d", &i, &j); err == nil {
			dirs[i][j] = filepath.Join(outdir, r["Metadata"].(map[string]any)["aws:asset:path"].(string))
		}
	}

	timeLoad := loadTimer(b)
	times := make([][2][]time.Duration, len(habits))
	for run := 0; run < loadRuns; run++ {
		for i := range habits {
			for j := range 2 {
				wall, _ := timeLoad(filepath.Join(dirs[i][j], "index.mjs"))
				times[i][j] = append(times[i][j], wall)
			}
		}
	}
	fmt.Printf("\nNode.js init habits (SplitESM, SDK bundled; %d paired rounds; process start to handler loaded)\n", loadRuns)
	fmt.Printf("%-72s %9s %9s %9s %9s\n", "habit", "with", "without", "ratio", "unzipped")
	for i, h := range habits {
		_, uw := dirSizes(b, dirs[i][0])
		_, uo := dirSizes(b, dirs[i][1])
		ratio := pairedRatio(times[i][0], times[i][1])
		fmt.Printf("%-72s %6.1f ms %6.1f ms %8.3fx %+7.1f KB\n", h.name, msFloat(median(times[i][0])), msFloat(median(times[i][1])), ratio, float64(uw-uo)/1024)
		b.ReportMetric(ratio, fmt.Sprintf("habit%d-ratio", i))
	}
	for n := 0; n < b.N; n++ {
		// The measurements above are the benchmark; b.N loops are not meaningful here.
	}
}
