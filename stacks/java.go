package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// JavaStack is the reference Java function: handler sources compiled on
// this machine with javac (no Maven, no Docker) into a reproducible jar, on
// java21 with SnapStart on the published version behind the live alias,
// and JAVA_TOOL_OPTIONS stopping the JIT at C1. It is reachable through an
// IAM-authenticated Function URL on the alias.
type JavaStack struct {
	awscdk.Stack
	// Quote is the Java function, with SnapStart.
	Quote *optimizedfn.Function
}

// NewJavaStack builds the reference Java stack. props may be nil.
func NewJavaStack(scope constructs.Construct, id string, props *awscdk.StackProps) *JavaStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	s := &JavaStack{Stack: stack}

	// Every default at work: java21, SnapStart, C1 only, Balanced memory
	// (the JVM's init is CPU-heavy, and SnapStart runs it once per version).
	s.Quote = optimizedfn.New(stack, jsii.String("Quote"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "java", "quote"),
		Description: "Reference Java handler: javac-built reproducible jar, SnapStart on java21",
	})
	exposeOnURL(s.Quote)
	suppressPinnedRuntime(s.Quote, "java21 is the construct's default Java runtime and the LTS the reference handler targets; java25 is supported by setting Runtime: optimizedfn.Java25")
	return s
}
