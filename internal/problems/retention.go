package problems

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
)

// logRetentions are the members of awslogs.RetentionDays with the days
// each keeps logs (aws-cdk-lib's enum values; INFINITE never expires).
// CloudWatch Logs accepts only these periods.
var logRetentions = []struct {
	value awslogs.RetentionDays
	days  int
}{
	{awslogs.RetentionDays_ONE_DAY, 1}, {awslogs.RetentionDays_THREE_DAYS, 3}, {awslogs.RetentionDays_FIVE_DAYS, 5},
	{awslogs.RetentionDays_ONE_WEEK, 7}, {awslogs.RetentionDays_TWO_WEEKS, 14}, {awslogs.RetentionDays_ONE_MONTH, 30},
	{awslogs.RetentionDays_TWO_MONTHS, 60}, {awslogs.RetentionDays_THREE_MONTHS, 90}, {awslogs.RetentionDays_FOUR_MONTHS, 120},
	{awslogs.RetentionDays_FIVE_MONTHS, 150}, {awslogs.RetentionDays_SIX_MONTHS, 180}, {awslogs.RetentionDays_ONE_YEAR, 365},
	{awslogs.RetentionDays_THIRTEEN_MONTHS, 400}, {awslogs.RetentionDays_EIGHTEEN_MONTHS, 545}, {awslogs.RetentionDays_TWO_YEARS, 731},
	{awslogs.RetentionDays_THREE_YEARS, 1096}, {awslogs.RetentionDays_FIVE_YEARS, 1827}, {awslogs.RetentionDays_SIX_YEARS, 2192},
	{awslogs.RetentionDays_SEVEN_YEARS, 2557}, {awslogs.RetentionDays_EIGHT_YEARS, 2922}, {awslogs.RetentionDays_NINE_YEARS, 3288},
	{awslogs.RetentionDays_TEN_YEARS, 3653}, {awslogs.RetentionDays_INFINITE, 9999},
}

// LogRetention checks a log retention that a construct passes to CDK,
// where a value outside the enum fails deep in jsii ("No such enum
// member"). It returns "" for a member of awslogs.RetentionDays, else the
// problem for field: the value, every valid one, and for a number of days
// (RetentionDays("30")) the member that keeps logs that long.
func LogRetention(field string, r awslogs.RetentionDays) string {
	names := make([]string, len(logRetentions))
	for i, m := range logRetentions {
		if m.value == r {
			return ""
		}
		names[i] = string(m.value)
	}
	fix := "use an awslogs.RetentionDays constant: " + strings.Join(names, ", ")
	if days, err := strconv.Atoi(string(r)); err == nil {
		for _, m := range logRetentions {
			if m.days == days && m.value != awslogs.RetentionDays_INFINITE {
				return fmt.Sprintf("%s %q is a number of days, not an awslogs.RetentionDays: use awslogs.RetentionDays_%s (%d days)", field, r, m.value, days)
			}
		}
		fix = "CloudWatch Logs keeps logs only for these periods; " + fix
	}
	return fmt.Sprintf("%s %q is not an awslogs.RetentionDays: %s", field, r, fix)
}
