package audit

import "fmt"

var ruleNoLogRetention = &Rule{
	ID:       "no-log-retention",
	Severity: Warning,
	Summary:  "a function whose logs never expire",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html (by default logs are kept indefinitely; set a retention period on the log group)",
	Fix:      "Give the function a log group with a retention period (lambdaperf's optimizedfn keeps logs a month).",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if f.LogRetention != RetentionNone {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The log group of %s has no retention period: CloudWatch keeps, and bills, its logs forever.", name(f.Resource)),
				"Give the function a log group with a retention period: CDK LogGroup: awslogs.NewLogGroup(scope, id, &LogGroupProps{Retention: awslogs.RetentionDays_ONE_MONTH}) (lambdaperf's optimizedfn does).")
		}
	},
}
