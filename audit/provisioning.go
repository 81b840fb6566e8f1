package audit

// provisioning is every place that sets provisioned concurrency on f.
type provisioning struct {
	res  Resource
	kind string // "alias", "version" or "scalable target"
	name string
	min  Value[int] // provisioned (or scaling minimum)
	max  Value[int] // scaling maximum (same as min for static settings)
	// target is the scalable target, for its scheduled actions.
	target *ScalableTarget
}

// provisioned lists the provisioned-concurrency settings that target f. An
// auto-scaled alias counts once, as its scalable target: the alias's own
// setting is the floor Application Auto Scaling starts from and manages
// (pc-static-and-scaled warns about setting both), not more environments
// on top.
func provisioned(f *Function) []provisioning {
	var out []provisioning
	for _, a := range f.Aliases {
		if a.Provisioned.Set && len(a.ScalableTargets) == 0 {
			out = append(out, provisioning{a.Resource, "alias", a.Name, a.Provisioned, a.Provisioned, nil})
		}
		for _, st := range a.ScalableTargets {
			out = append(out, provisioning{st.Resource, "scalable target", a.Name, st.Min, st.Max, st})
		}
	}
	for _, v := range f.Versions {
		if v.Provisioned.Set {
			out = append(out, provisioning{v.Resource, "version", v.LogicalID, v.Provisioned, v.Provisioned, nil})
		}
	}
	for _, st := range f.ScalableTargets {
		out = append(out, provisioning{st.Resource, "scalable target", st.Qualifier.V, st.Min, st.Max, st})
	}
	return out
}
