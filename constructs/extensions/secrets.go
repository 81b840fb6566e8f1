package extensions

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/fnenv"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// Defaults of the AWS Parameters and Secrets Lambda Extension, from
// https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html#ps-integration-lambda-extensions-config
const (
	DefaultSecretsPort     = 2773
	DefaultCacheSize       = 1000
	DefaultCacheTTL        = 300 * time.Second
	DefaultMaxConnections  = 3
	DefaultSecretsLogLevel = "INFO"
	// MaxCacheTTL is the longest the extension caches a value.
	MaxCacheTTL = 300 * time.Second
	// MaxCacheSize is the most items the extension caches.
	MaxCacheSize = 1000
)

// The extension's configuration variables.
const (
	EnvCacheEnabled   = "PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED"
	EnvCacheSize      = "PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE"
	EnvPort           = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"
	EnvMaxConnections = "PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS"
	EnvLogLevel       = "PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL"
	EnvSecretsTTL     = "SECRETS_MANAGER_TTL"
	EnvParametersTTL  = "SSM_PARAMETER_STORE_TTL"
	EnvSecretsTimeout = "SECRETS_MANAGER_TIMEOUT_MILLIS"
	EnvParamsTimeout  = "SSM_PARAMETER_STORE_TIMEOUT_MILLIS"
)

// IsConfigVariable reports whether name is one of the extension's
// configuration variables, whose values are settings and never secrets.
func IsConfigVariable(name string) bool { return configVariables[name] }

var configVariables = map[string]bool{
	EnvCacheEnabled: true, EnvCacheSize: true, EnvPort: true, EnvMaxConnections: true, EnvLogLevel: true,
	EnvSecretsTTL: true, EnvParametersTTL: true, EnvSecretsTimeout: true, EnvParamsTimeout: true,
}

// ParametersAndSecretsProps tunes the AWS Parameters and Secrets Lambda
// Extension. The zero value keeps the extension's documented defaults.
type ParametersAndSecretsProps struct {
	// CacheSize is how many secrets and parameters the extension keeps in
	// memory, 0..1000; 0 turns the cache off and every read calls the
	// service. Default: 1000.
	CacheSize *int
	// SecretsTTL is how long a cached secret is served before it is read
	// again, 0..300 s in whole seconds; 0 bypasses the cache for secrets.
	// A rotated secret reaches warm environments within this time.
	// Default: 300 s.
	SecretsTTL *time.Duration
	// ParametersTTL is the same for Parameter Store parameters.
	// Default: 300 s.
	ParametersTTL *time.Duration
	// Timeout of one request to Secrets Manager or Parameter Store, in
	// whole milliseconds: keep it well below the function's timeout so a
	// slow dependency fails the request instead of the invocation.
	// Default: 0, no timeout (the extension's default).
	Timeout time.Duration
	// Port of the extension's HTTP server on localhost, 1..65535.
	// Default: 2773.
	Port int
	// MaxConnections of each service client, 1 or more. Default: 3.
	MaxConnections int
	// LogLevel of the extension: DEBUG, INFO, WARN, ERROR or NONE.
	// Default: INFO.
	LogLevel string
	// Parameters says the function reads Parameter Store parameters
	// through the extension too, so a VPC without NAT needs the SSM
	// endpoint as well. Default: false, secrets only.
	Parameters bool
}

type parametersAndSecrets struct {
	props ParametersAndSecretsProps
}

// ParametersAndSecrets is the AWS Parameters and Secrets Lambda Extension
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html):
// the function reads secrets from
// http://localhost:2773/secretsmanager/get?secretId=<name> (header
// X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN), served from a cache
// after the first read, instead of calling Secrets Manager on every cold
// start. Its settings go into the function's environment, where the
// function's own Environment overrides them. Grant access to a secret with
// UseSecret. In a VPC without NAT, the function needs the Secrets Manager
// interface endpoint (network.SecretsManager). props may be nil.
func ParametersAndSecrets(props *ParametersAndSecretsProps) Layer {
	p := parametersAndSecrets{}
	if props != nil {
		p.props = *props
	}
	return p
}

var logLevels = map[string]bool{"DEBUG": true, "INFO": true, "WARN": true, "ERROR": true, "NONE": true}

func (s parametersAndSecrets) Spec() Spec {
	p := s.props
	spec := Spec{Name: layercatalog.Name(layercatalog.ParametersAndSecrets), Product: layercatalog.ParametersAndSecrets, Needs: []string{"secretsmanager"}}
	if p.Parameters {
		spec.Needs = append(spec.Needs, "ssm")
	}
	bad := func(format string, args ...any) { spec.Problems = append(spec.Problems, fmt.Sprintf(format, args...)) }

	size := DefaultCacheSize
	if p.CacheSize != nil {
		size = *p.CacheSize
	}
	if size < 0 || size > MaxCacheSize {
		bad("ParametersAndSecrets CacheSize must be 0..%d items, got %d", MaxCacheSize, size)
	}
	ttl := func(field string, d *time.Duration) string {
		v := DefaultCacheTTL
		if d != nil {
			v = *d
		}
		if v < 0 || v > MaxCacheTTL || v%time.Second != 0 {
			bad("ParametersAndSecrets %s must be 0s..300s in whole seconds, got %s", field, v)
		}
		return strconv.Itoa(int(v / time.Second))
	}
	port := p.Port
	if port == 0 {
		port = DefaultSecretsPort
	} else if port < 1 || port > 65535 {
		bad("ParametersAndSecrets Port must be 1..65535, got %d", port)
	}
	conns := p.MaxConnections
	if conns == 0 {
		conns = DefaultMaxConnections
	} else if conns < 1 {
		bad("ParametersAndSecrets MaxConnections must be 1 or more, got %d", conns)
	}
	level := p.LogLevel
	if level == "" {
		level = DefaultSecretsLogLevel
	} else if !logLevels[level] {
		bad("ParametersAndSecrets LogLevel %q is not DEBUG, INFO, WARN, ERROR or NONE", level)
	}

	enabled := "TRUE"
	if size == 0 {
		enabled = "FALSE"
	}
	spec.Environment = map[string]string{
		EnvCacheEnabled:   enabled,
		EnvCacheSize:      strconv.Itoa(size),
		EnvPort:           strconv.Itoa(port),
		EnvMaxConnections: strconv.Itoa(conns),
		EnvLogLevel:       level,
		EnvSecretsTTL:     ttl("SecretsTTL", p.SecretsTTL),
		EnvParametersTTL:  ttl("ParametersTTL", p.ParametersTTL),
	}
	if p.Timeout != 0 {
		if p.Timeout < time.Millisecond || p.Timeout%time.Millisecond != 0 {
			bad("ParametersAndSecrets Timeout must be whole milliseconds, 1ms or more, got %s", p.Timeout)
		}
		ms := strconv.FormatInt(p.Timeout.Milliseconds(), 10)
		spec.Environment[EnvSecretsTimeout] = ms
		spec.Environment[EnvParamsTimeout] = ms
	}
	return spec
}

// secretsLayerID is the construct ID of the extension's layer under a
// function; UseSecret looks for it.
const secretsLayerID = "ParametersAndSecretsLayer"

func (s parametersAndSecrets) Bind(b *Binding) (awslambda.ILayerVersion, error) {
	arn, err := catalogARN(b, layercatalog.ParametersAndSecrets)
	if err != nil {
		return nil, err
	}
	return awslambda.LayerVersion_FromLayerVersionArn(b.Scope, jsii.String(secretsLayerID), arn), nil
}

// Function is a function UseSecret configures; *optimizedfn.Function is
// one.
type Function interface {
	constructs.IConstruct
	// Function is the Lambda function that reads the secret.
	Function() awslambda.Function
}

var envNameRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*$`)

// UseSecret lets fn read one secret through the Parameters and Secrets
// extension: read access to that secret only (secretsmanager:GetSecretValue
// and DescribeSecret on its ARN, and kms:Decrypt through Secrets Manager
// when it has a key of its own), and the secret's name, never its value,
// in the environment variable envName (for example "DB_SECRET_NAME"). The
// function asks the extension for
// http://localhost:2773/secretsmanager/get?secretId=<$envName>.
// fn must load ParametersAndSecrets in its Layers; otherwise, and for an
// invalid envName, synthesis stops.
func UseSecret(fn Function, secret awssecretsmanager.ISecret, envName string) awsiam.Grant {
	path := *fn.Node().Path()
	if fn.Node().TryFindChild(jsii.String(secretsLayerID)) == nil {
		panic(fmt.Sprintf("extensions.UseSecret %q: the function does not load the AWS Parameters and Secrets Lambda Extension: add extensions.ParametersAndSecrets(nil) to its Props.Layers", path))
	}
	if !envNameRE.MatchString(envName) {
		panic(fmt.Sprintf("extensions.UseSecret %q: environment name %q is invalid: use letters, digits and underscores, starting with a letter (for example DB_SECRET_NAME)", path, envName))
	}
	grant := secret.GrantRead(fn.Function(), nil)
	fnenv.Set(fn, envName, secret.SecretName())
	return grant
}

// secretWords are the words of an environment variable name (split at
// underscores, any case) that say it holds a secret.
var secretWords = map[string]bool{
	"SECRET": true, "SECRETS": true, "PASSWORD": true, "PASSWORDS": true, "PASSWD": true,
	"TOKEN": true, "TOKENS": true, "APIKEY": true,
}

// secretPairs are two-word names of secrets: API_KEY, PRIVATE_KEY.
var secretPairs = map[[2]string]bool{{"API", "KEY"}: true, {"PRIVATE", "KEY"}: true}

// referenceWords end a name that holds a reference to a secret (what the
// extension needs), not the secret: DB_SECRET_NAME, API_KEY_ARN.
var referenceWords = map[string]bool{"ARN": true, "NAME": true, "ID": true}

// namesSecret reports whether an environment variable name says it holds a
// secret: one of its words is SECRET, PASSWORD, TOKEN or APIKEY (or a
// plural), or two of them are API_KEY or PRIVATE_KEY, and it does not end
// in a reference word.
func namesSecret(name string) bool {
	words := strings.Split(strings.ToUpper(name), "_")
	if referenceWords[words[len(words)-1]] {
		return false
	}
	for i, w := range words {
		if secretWords[w] || (i > 0 && secretPairs[[2]string{words[i-1], w}]) {
			return true
		}
	}
	return false
}

// LooksLikeSecrets returns, sorted, the names in env that say they hold a
// secret (the words SECRET, PASSWORD, TOKEN or API_KEY in the name) and
// have a literal value: anyone allowed lambda:GetFunctionConfiguration
// reads it, and it sits in the template and in every deployment's
// history. Skipped: values that are unresolved tokens (resolved at
// deployment, such as a secret's name), empty values, names ending in
// _ARN, _NAME or _ID (references, not secrets) and the extension's own
// settings (SECRETS_MANAGER_TTL, ...).
func LooksLikeSecrets(env map[string]string) []string {
	var out []string
	for name, value := range env {
		if value == "" || problems.IsToken(value) || IsConfigVariable(name) || !namesSecret(name) {
			continue
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
