package cdktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Context keys the CDK CLI sets for the app it runs (aws-cdk 2.1148,
// toolkit-lib contextFromSettings), from cdk.json settings of the same
// meaning: pathMetadata, assetMetadata, versionReporting, staging and
// bundlingStacks.
const (
	// PathMetadataContext adds each resource's construct path
	// (aws:cdk:path metadata), which the CLI prints in its messages.
	PathMetadataContext = "aws:cdk:enable-path-metadata"
	// AssetMetadataContext adds aws:asset:path, aws:asset:property and
	// aws:asset:is-bundled metadata to every resource with a code asset:
	// lambdaperf's advisor and `lambdaperf invoke` find the staged code
	// through it, and without it the advisor's code-asset rules have
	// nothing to read.
	AssetMetadataContext = "aws:cdk:enable-asset-metadata"
	// VersionReportingContext adds the CDKMetadata resource.
	VersionReportingContext = "aws:cdk:version-reporting"
	// BundlingStacksContext lists the stacks whose assets are bundled.
	BundlingStacksContext = "aws:cdk:bundling-stacks"
	// FailSynthOnValidationErrorsContext: the CLI passes false and fails
	// `cdk synth` itself from the validation report; an App without the
	// CLI (a test) must throw instead, so App sets it true.
	FailSynthOnValidationErrorsContext = "@aws-cdk/core:failSynthOnValidationErrors"
	disableVersionReporting            = "aws:cdk:disable-version-reporting"
	disableAssetStaging                = "aws:cdk:disable-asset-staging"
)

// CLIContext is the context `cdk synth` passes the app of the CDK project
// in dir (the folder of its cdk.json), in CDK_CONTEXT_JSON: cdk.json's
// "context" over cdk.context.json's (the CLI's precedence), plus the keys
// the CLI derives from cdk.json's settings (path and asset metadata,
// version reporting, asset staging, bundling stacks, validation reporting;
// each on unless cdk.json turns it off). Pure Go, no jsii.
//
// Not included, as they belong to one machine, not the project: the user
// defaults in ~/.cdk.json and --context arguments (pass those to App as
// AppOptions.Context).
func CLIContext(dir string) (map[string]any, error) {
	var project struct {
		Context          map[string]any `json:"context"`
		PathMetadata     *bool          `json:"pathMetadata"`
		AssetMetadata    *bool          `json:"assetMetadata"`
		VersionReporting *bool          `json:"versionReporting"`
		Staging          *bool          `json:"staging"`
		BundlingStacks   []string       `json:"bundlingStacks"`
	}
	path := filepath.Join(dir, "cdk.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cdktest: the CDK project's settings: %w", err)
	}
	if err := json.Unmarshal(b, &project); err != nil {
		return nil, fmt.Errorf("cdktest: %s: %w", path, err)
	}
	ctx := map[string]any{}
	saved := filepath.Join(dir, "cdk.context.json")
	if b, err := os.ReadFile(saved); err == nil {
		if err := json.Unmarshal(b, &ctx); err != nil {
			return nil, fmt.Errorf("cdktest: %s: %w", saved, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cdktest: %w", err)
	}
	for k, v := range project.Context {
		ctx[k] = v
	}
	on := func(setting *bool) bool { return setting == nil || *setting }
	if on(project.PathMetadata) {
		ctx[PathMetadataContext] = true
	}
	if on(project.AssetMetadata) {
		ctx[AssetMetadataContext] = true
	}
	if on(project.VersionReporting) {
		ctx[VersionReportingContext] = true
	} else {
		ctx[disableVersionReporting] = true
	}
	if !on(project.Staging) {
		ctx[disableAssetStaging] = true
	}
	stacks := []any{"**"}
	if project.BundlingStacks != nil {
		stacks = stacks[:0]
		for _, s := range project.BundlingStacks {
			stacks = append(stacks, s)
		}
	}
	ctx[BundlingStacksContext] = stacks
	ctx[FailSynthOnValidationErrorsContext] = false
	return ctx, nil
}

// ProjectDir is the nearest folder at or above start that holds a
// cdk.json: the CDK project of a test that runs in one of its packages.
func ProjectDir(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		if st, err := os.Stat(filepath.Join(dir, "cdk.json")); err == nil && !st.IsDir() {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("cdktest: no cdk.json in %s or a folder above it: set AppOptions.Dir to the CDK project", abs)
		}
	}
}
