package extensions

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestCheckArchitectures(t *testing.T) {
	const (
		insightsX86  = "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:56"
		secretsArm   = "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4"
		adapterArm   = "arn:aws:lambda:eu-west-1:753240598075:layer:LambdaAdapterLayerArm64:25"
		mine         = "arn:aws:lambda:eu-west-1:123456789012:layer:my-lib:3"
		tokenARN     = "${Token[TOKEN.123]}"
		wantNoIssues = ""
	)
	for name, tc := range map[string]struct {
		layer   Layer
		arch    Arch
		problem string // substring of the one problem, "" for none
		warning string // substring of the warning, "" for none
	}{
		"Lambda Insights follows the function on arm64":        {LambdaInsights(), ARM64, wantNoIssues, ""},
		"the secrets extension follows the function on x86_64": {ParametersAndSecrets(nil), X86_64, wantNoIssues, ""},
		"the x86_64 Insights layer on arm64 is refused, pointing at the catalog": {FromARN(insightsX86), ARM64,
			"is the x86_64 build of Lambda Insights, but the function runs on arm64, so the extension cannot start: use extensions.LambdaInsights()", ""},
		"the arm64 secrets layer on x86_64 is refused": {FromARN(secretsArm), X86_64,
			"is the arm64 build of AWS Parameters and Secrets Lambda Extension, but the function runs on x86_64", ""},
		"another known layer on the wrong architecture names its other build": {FromARN(adapterArm), X86_64,
			"use layer LambdaAdapterLayerX86 (the x86_64 build", ""},
		"a known layer on its architecture passes":     {FromARN(adapterArm, ARM64), ARM64, wantNoIssues, ""},
		"a declaration contradicting the catalog":      {FromARN(adapterArm, X86_64), ARM64, "is declared for x86_64, but it is the arm64 build of Lambda Web Adapter", ""},
		"an unknown layer declared for the other arch": {FromARN(mine, X86_64), ARM64, "is declared for x86_64, but the function runs on arm64", ""},
		"an unknown layer declared for both warns":     {FromARN(mine, ARM64, X86_64), ARM64, wantNoIssues, "declared for arm64 and x86_64, which lambdaperf takes on trust"},
		"an unknown layer without declaration warns":   {FromARN(mine), ARM64, wantNoIssues, "cannot be checked: lambdaperf's layer catalog does not know it, and no architecture was declared"},
		"a token ARN warns":                            {FromARN(tokenARN, ARM64), ARM64, wantNoIssues, "(ARN known at deployment) cannot be checked"},
		"a string that is not an ARN":                  {FromARN("my-lib:3", ARM64), ARM64, `layer "my-lib:3" is not a layer version ARN`, "cannot be checked"},
		"an empty ARN":                                 {FromARN("", ARM64), ARM64, "has an empty ARN", "cannot be checked"},
		"an unknown architecture":                      {FromARN(mine, "amd64"), ARM64, `declared for architecture "amd64"`, ""},
	} {
		t.Run(name, func(t *testing.T) {
			problems, warning := tc.layer.Spec().Check(tc.arch)
			if tc.problem == "" && len(problems) > 0 {
				t.Errorf("problems %q", problems)
			}
			if tc.problem != "" && (len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), tc.problem)) {
				t.Errorf("problems %q lack %q", problems, tc.problem)
			}
			if (tc.warning == "") != (warning == "") || !strings.Contains(warning, tc.warning) {
				t.Errorf("warning %q, want %q", warning, tc.warning)
			}
		})
	}
}

func TestParametersAndSecretsEnvironment(t *testing.T) {
	env := ParametersAndSecrets(nil).Spec().Environment
	want := map[string]string{
		EnvCacheEnabled: "TRUE", EnvCacheSize: "1000", EnvPort: "2773", EnvMaxConnections: "3",
		EnvLogLevel: "INFO", EnvSecretsTTL: "300", EnvParametersTTL: "300",
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	if _, ok := env[EnvSecretsTimeout]; ok {
		t.Error("a timeout is set by default")
	}

	zero, ttl := 0, 30*time.Second
	spec := ParametersAndSecrets(&ParametersAndSecretsProps{CacheSize: &zero, SecretsTTL: &ttl, Timeout: 500 * time.Millisecond, Parameters: true, Port: 8080, LogLevel: "WARN"}).Spec()
	for k, v := range map[string]string{EnvCacheEnabled: "FALSE", EnvCacheSize: "0", EnvSecretsTTL: "30", EnvSecretsTimeout: "500", EnvParamsTimeout: "500", EnvPort: "8080", EnvLogLevel: "WARN"} {
		if spec.Environment[k] != v {
			t.Errorf("%s = %q, want %q", k, spec.Environment[k], v)
		}
	}
	if strings.Join(spec.Needs, ",") != "secretsmanager,ssm" {
		t.Errorf("needs %v", spec.Needs)
	}
}

func TestParametersAndSecretsRefusesBadSettings(t *testing.T) {
	big, long, frac := 5000, 10*time.Minute, 1500*time.Millisecond
	problems := ParametersAndSecrets(&ParametersAndSecretsProps{
		CacheSize: &big, SecretsTTL: &long, ParametersTTL: &frac, Port: 70000, MaxConnections: -1, LogLevel: "TRACE", Timeout: time.Microsecond,
	}).Spec().Problems
	for _, want := range []string{"CacheSize must be 0..1000 items, got 5000", "SecretsTTL must be 0s..300s in whole seconds, got 10m0s",
		"ParametersTTL must be 0s..300s in whole seconds, got 1.5s", "Port must be 1..65535, got 70000", "MaxConnections must be 1 or more, got -1",
		`LogLevel "TRACE"`, "Timeout must be whole milliseconds"} {
		if !strings.Contains(strings.Join(problems, "\n"), want) {
			t.Errorf("problems lack %q:\n%s", want, strings.Join(problems, "\n"))
		}
	}
}

func TestLooksLikeSecrets(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"a literal password":                            {map[string]string{"DB_PASSWORD": "hunter2"}, "DB_PASSWORD"},
		"a literal API key and token, sorted":           {map[string]string{"STRIPE_API_KEY": "sk_live_x", "GITHUB_TOKEN": "ghp_x", "STAGE": "prod"}, "GITHUB_TOKEN,STRIPE_API_KEY"},
		"lowercase and APIKEY":                          {map[string]string{"client_secret": "x", "MAPS_APIKEY": "y"}, "MAPS_APIKEY,client_secret"},
		"a token value is resolved at deployment":       {map[string]string{"DB_PASSWORD": "${Token[TOKEN.42]}"}, ""},
		"a reference to a secret is no secret":          {map[string]string{"DB_SECRET_NAME": "prod/db", "API_KEY_ARN": "arn:aws:secretsmanager:...", "TOKEN_SECRET_ID": "t"}, ""},
		"the extension's own settings":                  {map[string]string{"SECRETS_MANAGER_TTL": "60", "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT": "2773"}, ""},
		"an empty value":                                {map[string]string{"SESSION_SECRET": ""}, ""},
		"names without a secret word":                   {map[string]string{"TABLE_NAME": "t", "KEY_PREFIX": "k"}, ""},
		"a secret word inside a longer word is not one": {map[string]string{"PASSWORDLESS_LOGIN_URL": "https://x", "TOKENIZER": "bpe"}, ""},
		"a private key and a bare SECRET":               {map[string]string{"JWT_PRIVATE_KEY": "-----BEGIN", "SECRET": "s"}, "JWT_PRIVATE_KEY,SECRET"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := strings.Join(LooksLikeSecrets(tc.env), ","); got != tc.want {
				t.Errorf("LooksLikeSecrets = %q, want %q", got, tc.want)
			}
		})
	}
}

// The suppression must match the finding ids cdk-nag makes of the Insights
// log-stream resource, with and without a pinned environment.
func TestInsightsSuppressionMatchesTheFinding(t *testing.T) {
	re := regexp.MustCompile(strings.Trim(insightsFinding, "/"))
	for _, finding := range []string{
		"Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda-insights:*",
		"Resource::arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda-insights:*",
	} {
		if !re.MatchString(finding) {
			t.Errorf("%s is not suppressed", finding)
		}
	}
	for _, other := range []string{"Resource::*", "Resource::arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/other:*"} {
		if re.MatchString(other) {
			t.Errorf("%s is suppressed too", other)
		}
	}
}
