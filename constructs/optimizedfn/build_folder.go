package optimizedfn

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"
)

// PythonExcludes are the glob patterns left out of a Python asset, matched
// against every file and folder name in the entry: bytecode caches (stale
// ones mislead, and Lambda compiles on import anyway), tests, hidden
// folders such as .venv or .pytest_cache, and the requirements files that
// were already checked against the vendored packages.
var PythonExcludes = []string{
	"__pycache__", "*.pyc", "*.pyo",
	"tests", "test", "test_*.py", "*_test.py", "conftest.py",
	".*", "requirements*.txt",
}

// folderCode returns the function code of an entry folder packaged as it
// is, without the excluded glob patterns: a Python folder with its vendored
// packages (PythonExcludes) or a `dotnet publish` output (DotnetExcludes).
// Nothing is installed or compiled, so synthesis never runs pip or the .NET
// SDK or reaches a network; the asset hash is the hash of what is copied.
func folderCode(entry string, excludes []string) awslambda.Code {
	return awslambda.Code_FromAsset(jsii.String(entry), &awss3assets.AssetOptions{
		Exclude:    jsii.Strings(excludes...),
		IgnoreMode: awscdk.IgnoreMode_GLOB,
	})
}
