package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/internal/schedule"
)

var rulePCScheduleInvalid = &Rule{
	ID:       "pc-schedule-invalid",
	Severity: Error,
	Summary:  "a scheduled scaling action whose schedule expression Application Auto Scaling rejects",
	Source:   "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html (Schedule: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields), cron with six fields)",
	Fix:      "Write the schedule as cron(minutes hours day-of-month month day-of-week year) with ? in one day field, rate(value unit) or at(yyyy-mm-ddThh:mm:ss).",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, t := range st.ScalableTargets {
				for _, a := range t.ScheduledActions {
					if !a.Schedule.Known() {
						continue
					}
					if err := schedule.Validate(a.Schedule.V); err != nil {
						c.report(t.Resource,
							fmt.Sprintf("scheduled action %q of %s: %v. CloudFormation fails to create the scalable target.", a.Name, name(t.Resource), err),
							"Fix the expression: cron(minutes hours day-of-month month day-of-week year) with ? in one day field, e.g. cron(0 8 ? * MON-FRI *); or rate(5 minutes); or at(2027-01-31T08:00:00). CDK: appscaling.Schedule.cron({hour: '8', minute: '0', weekDay: 'MON-FRI'}) writes a valid one.")
					}
				}
			}
		}
	},
}
