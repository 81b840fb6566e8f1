package problems

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Warning is a soft problem: synthesis goes on, and the user sees it with a
// stable ID they can acknowledge with
// awscdk.Annotations_Of(c).AcknowledgeWarning(id, reason). Every
// construct's plan carries its warnings in this one type.
type Warning struct {
	ID      string
	Message string
}

// Warn adds each warning to scope as a CDK warning annotation.
func Warn(scope constructs.IConstruct, warnings []Warning) {
	for _, w := range warnings {
		awscdk.Annotations_Of(scope).AddWarningV2(jsii.String(w.ID), jsii.String(w.Message), nil)
	}
}

// IsToken reports whether s holds an unresolved CDK token (${Token[...]}),
// whose value is known only at deployment: checks on a value skip it.
func IsToken(s string) bool { return strings.Contains(s, "${Token[") }
