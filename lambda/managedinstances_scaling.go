package lambda

import "time"

// How a capacity provider's scaler treats a function, from
// ManagedInstancesScalingDoc (read 2026-12-06). The cost model sizes a
// load's environments and instances with them.
const (
	// DefaultMinExecutionEnvironments: "The default minimum is 3 execution
	// environments across Availability Zones, with no default maximum."
	DefaultMinExecutionEnvironments = 3
	// ScalingDoublingWindow: "If your traffic more than doubles within 5
	// minutes, you might see throttles as Lambda scales up instances and
	// execution environments to meet demand."
	ScalingDoublingWindow = 5 * time.Minute
	// DefaultCapacityTarget is the busy share of vCPUs and concurrency the
	// default headroom leaves: "Lambda maintains enough headroom for your
	// traffic to double within 5 minutes without throttles" (Target
	// resource utilization), which is half.
	DefaultCapacityTarget = 0.5
)
