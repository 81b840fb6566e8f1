package audit

import "fmt"

var rulePCStaticAndScaled = &Rule{
	ID:       "pc-static-and-scaled",
	Severity: Warning,
	Summary:  "static provisioned concurrency on an alias that a scalable target also scales",
	Source:   "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html (registering the target sets the capacity inside MinCapacity..MaxCapacity) and https://github.com/aws/aws-cdk/issues/29992 (a deploy after a schedule scaled the alias down fails on the static setting)",
	Fix:      "Leave provisioned concurrency to Application Auto Scaling: drop the alias's static setting and set the floor as the scalable target's MinCapacity.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, a := range st.Aliases {
				n, ok := a.Provisioned.Or(0)
				if !ok || n <= 0 || len(a.ScalableTargets) == 0 {
					continue
				}
				c.report(a.Resource,
					fmt.Sprintf("alias %q sets ProvisionedConcurrentExecutions %d and is also scaled by %s: every deploy writes the static value back over what the scaler chose (dropping a scaled-out alias to %d at peak), and a deploy while a schedule holds it at another value can fail.", a.Name, n, name(a.ScalableTargets[0].Resource), n),
					"Leave provisioned concurrency to Application Auto Scaling: drop provisionedConcurrentExecutions from the alias and set the floor as the scalable target's MinCapacity (lambdaperf's concurrency construct does).")
			}
		}
	},
}
