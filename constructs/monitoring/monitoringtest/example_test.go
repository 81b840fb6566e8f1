package monitoringtest_test

import (
	"encoding/json"
	"fmt"

	"github.com/lambdaperf/lambdaperf/constructs/monitoring/monitoringtest"
)

// Read the dashboard of a synthesized template (here a small one, as
// cdktest.Template returns it) and assert on its graphs: the function
// name, a Ref in the template, reads as ${ApiFunction1234}.
func ExampleDashboards() {
	var tpl map[string]any
	_ = json.Unmarshal([]byte(`{"Resources": {"Dash": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {
	  "DashboardBody": {"Fn::Join": ["", [
	    "{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"title\":\"Duration\",\"metrics\":[[\"AWS/Lambda\",\"Duration\",\"FunctionName\",\"",
	    {"Ref": "ApiFunction1234"},
	    "\",{\"stat\":\"p99\"}]]}}]}"]]}}}}}`), &tpl)

	dashboards, err := monitoringtest.Dashboards(tpl)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range dashboards["Dash"].Graphs()["Duration"] {
		for _, m := range w.Visible() {
			fmt.Println(m.Namespace, m.Name, m.Stat, m.Dimensions["FunctionName"])
		}
	}
	// Output:
	// AWS/Lambda Duration p99 ${ApiFunction1234}
}
