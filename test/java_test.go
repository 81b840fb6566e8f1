package test

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// TestJavaStack: java21 with SnapStart on the published version behind
// the alias, the C1-only JIT, and a jar of the compiled handler.
func TestJavaStack(t *testing.T) {
	tpl := template(t, "LambdaPerfJava")
	_, fn := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	p := cdktest.Props(fn)
	if p["Runtime"] != "java21" || p["Handler"] != "com.lambdaperf.quote.QuoteHandler::handleRequest" {
		t.Errorf("runtime %v handler %v", p["Runtime"], p["Handler"])
	}
	if arch := p["Architectures"].([]any); arch[0] != "arm64" {
		t.Errorf("Architectures %v", arch)
	}
	if s, _ := p["SnapStart"].(map[string]any); s["ApplyOn"] != "PublishedVersions" {
		t.Errorf("SnapStart %v, want ApplyOn PublishedVersions", p["SnapStart"])
	}
	vars, _ := p["Environment"].(map[string]any)["Variables"].(map[string]any)
	if vars["JAVA_TOOL_OPTIONS"] != "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" {
		t.Errorf("JAVA_TOOL_OPTIONS = %v", vars["JAVA_TOOL_OPTIONS"])
	}

	versionID, _ := cdktest.Only(t, tpl, "AWS::Lambda::Version")
	_, alias := cdktest.Only(t, tpl, "AWS::Lambda::Alias")
	ap := cdktest.Props(alias)
	if v, _ := ap["FunctionVersion"].(map[string]any)["Fn::GetAtt"].([]any); len(v) != 2 || v[0] != versionID {
		t.Errorf("alias points at %v, want the published version %s", ap["FunctionVersion"], versionID)
	}
	if _, pc := ap["ProvisionedConcurrencyConfig"]; pc {
		t.Error("provisioned concurrency on a SnapStart function")
	}
	_, url := cdktest.Only(t, tpl, "AWS::Lambda::Url")
	if u := cdktest.Props(url); u["AuthType"] != "AWS_IAM" || u["Qualifier"] != "live" {
		t.Errorf("URL %v", u)
	}

	jar := assetPath(t, fn)
	if !strings.HasSuffix(jar, ".jar") {
		t.Fatalf("asset %s is not a jar", jar)
	}
	zr, err := zip.OpenReader(jar)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	got := strings.Join(names, " ")
	for _, class := range []string{"com/lambdaperf/quote/QuoteHandler.class", "com/lambdaperf/quote/PriceList.class", "com/lambdaperf/quote/PriceList$Quote.class"} {
		if !strings.Contains(got, class) {
			t.Errorf("jar lacks %s: %s", class, got)
		}
	}
	if strings.Contains(got, ".java") {
		t.Errorf("jar ships sources: %s", got)
	}
}

// javaRunner calls the handler the way the Java runtime does: an event as
// a Map in, a Map out.
const javaRunner = `
import java.util.Map;
import com.lambdaperf.quote.QuoteHandler;

public class Runner {
    public static void main(String[] args) {
        QuoteHandler h = new QuoteHandler();
        show("A-100 x12", h.handleRequest(Map.of("queryStringParameters", Map.of("sku", "A-100", "qty", "12"))));
        show("B-200", h.handleRequest(Map.of("queryStringParameters", Map.of("sku", "B-200"))));
        show("Z-999", h.handleRequest(Map.of("queryStringParameters", Map.of("sku", "Z-999"))));
        show("no query", h.handleRequest(Map.of()));
        show("qty x", h.handleRequest(Map.of("queryStringParameters", Map.of("sku", "A-100", "qty", "x"))));
    }

    static void show(String label, Map<String, Object> r) {
        System.out.println(label + " -> " + r.get("statusCode") + " " + r.get("body"));
    }
}
`

// TestJavaJarRuns runs the deployed jar's handler on the local JVM.
func TestJavaJarRuns(t *testing.T) {
	tpl := template(t, "LambdaPerfJava")
	_, fn := cdktest.Only(t, tpl, "AWS::Lambda::Function")
	jar := assetPath(t, fn)
	dir := t.TempDir()
	testfiles.Write(t, filepath.Join(dir, "Runner.java"), javaRunner)
	// The JDK that compiled the jar runs it: $JAVA_HOME first, as the
	// construct looks for javac.
	java := "java"
	if home := os.Getenv("JAVA_HOME"); home != "" {
		java = filepath.Join(home, "bin", "java")
	}
	out, err := exec.Command(java, "-cp", jar, filepath.Join(dir, "Runner.java")).CombinedOutput()
	if err != nil {
		t.Fatalf("java: %v\n%s", err, out)
	}
	for _, want := range []string{
		`A-100 x12 -> 200 {"sku":"A-100","quantity":12,"unitCents":1250,"totalCents":14250}`,
		`B-200 -> 200 {"sku":"B-200","quantity":1,"unitCents":4999,"totalCents":4999}`,
		`Z-999 -> 404 {"error":"unknown sku"}`,
		`no query -> 400 {"error":"sku is required"}`,
		`qty x -> 400 {"error":"qty must be a whole number"}`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("handler output lacks %q:\n%s", want, out)
		}
	}
}
