package audit

// Rules returns every rule, errors first, in a stable order. Each rule
// lives in its own rule_<name>.go file.
func Rules() []*Rule {
	return []*Rule{
		// Errors: the deploy fails or the function behaves wrongly.
		rulePCOnLatest,
		ruleSnapStartWithPC,
		ruleEnvTooLarge,
		ruleTooManyLayers,
		ruleSnapStartUnsupported,
		ruleMemoryOutOfRange,
		ruleManagedInstancesInvalid,
		ruleTimeoutOutOfRange,
		rulePCAboveReserved,
		ruleLayerArchMismatch,
		ruleNativeArchMismatch,
		rulePCScheduleInvalid,
		rulePCScalingMetric,
		rulePCTargetUnordered,
		ruleNodeCallbackHandler,
		ruleNodeContextMethods,
		ruleHandlerMissing,
		ruleNodeModuleMissing,
		ruleBatchFirstRecordOnly,
		ruleBatchFailuresIgnored,
		ruleSwallowedErrors,
		ruleRuntimeCreateBlocked,
		ruleEnvSecretReference,
		ruleSuppression,
		ruleTemplateUnreadable,
		rulePropertyMalformed,
		ruleCodeAssetOverLimit,
		// Warnings: slower or costlier than it needs to be.
		ruleX86WhereARM64,
		ruleDefaultMemory,
		ruleNodeNotMinified,
		ruleNodeSourceMap,
		ruleNodeBundlesSDK,
		ruleNodeModules,
		ruleGoBootstrap,
		ruleJavaWithoutSnapStart,
		ruleParallelUnder2VCPU,
		ruleAliasFromVersion,
		ruleNoLogRetention,
		ruleDeprecatedRuntime,
		ruleBundleOverBudget,
		ruleReservedStarvesPool,
		ruleCodeAssetUnreadable,
		ruleInputSkipped,
		rulePCStaticAndScaled,
		ruleAPIGatewayTimeout,
		ruleDashboardDurationAverage,
		ruleNodeConnectionReuse,
		ruleSQSVisibilityTimeout,
		ruleNoPartialBatchResponse,
		ruleStreamWithoutOnFailure,
		ruleAsyncWithoutDestination,
		ruleCheaperComputeModel,
		ruleNodeCallbackDeprecated,
		ruleInitInHandler,
		ruleBatchFailuresUnreported,
		ruleSQSRedrive,
		ruleManagedInstancesModuleState,
		ruleManagedInstancesFixedTmpPath,
		// Info: estimates.
		ruleCostPerMillion,
		rulePCBreakeven,
	}
}

// RuleByID returns the rule with the id, or nil.
func RuleByID(id string) *Rule {
	for _, r := range Rules() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
