package optimizedfn

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// JarName is the file the Java bundle is: one jar, which CDK uploads as the
// function's code as it is.
const JarName = "handler.jar"

// jarTime is every jar entry's timestamp: the earliest a zip can record, so
// a jar's bytes depend on its contents only.
var jarTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// jarManifest is the manifest of every handler jar: no build JDK, user or
// date, which would change the bytes without changing the code.
const jarManifest = "Manifest-Version: 1.0\r\nCreated-By: lambdaperf\r\n\r\n"

// javaBundler compiles Java handler sources with the local javac and packs
// the classes into a reproducible jar. It implements awscdk.ILocalBundling,
// so CDK never reaches for Docker or Maven.
type javaBundler struct {
	path      string // construct path, for messages
	javac     string
	release   int
	runtime   int // Java version of the runtime, for the hint on failure
	sources   string
	resources string // "" for none
	failure   *bundleFailure
}

// TryBundle writes JarName into outputDir. A failed compile leaves javac's
// output, with its file:line locations, in b.failure, which stops
// synthesis once CDK returns (never a panic inside this jsii callback).
func (b *javaBundler) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	if err := b.build(filepath.Join(*outputDir, JarName)); err != nil {
		return b.failure.fail(*outputDir, fmt.Errorf("%s: %v", problems.Prefix("optimizedfn", b.path), err))
	}
	return jsii.Bool(true)
}

// build compiles the sources into a temporary folder and writes the jar.
func (b *javaBundler) build(jar string) error {
	classes, err := os.MkdirTemp("", "lambdaperf-javac-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(classes)
	files, err := javaFiles(b.sources)
	if err != nil {
		return err
	}
	args := []string{"--release", strconv.Itoa(b.release), "-encoding", "UTF-8", "-proc:none", "-d", classes, "-sourcepath", b.sources}
	cmd := exec.Command(b.javac, append(args, files...)...)
	cmd.Dir = b.sources
	if out, err := cmd.CombinedOutput(); err != nil {
		hint := ""
		if b.release < b.runtime {
			hint = fmt.Sprintf("\n(%s targets Java %d, the newest release it knows; for Java %d language features, set JAVA_HOME to a JDK %d+)", b.javac, b.release, b.runtime, b.runtime)
		}
		return fmt.Errorf("javac --release %d %s failed (%v):\n%s%s", b.release, b.sources, err, locate(b.sources, strings.TrimRight(string(out), "\n ")), hint)
	}
	return writeJar(jar, classes, b.resources)
}

// writeJar packs the files under roots into a reproducible jar: manifest
// first, then every folder and file sorted by name, each with the same
// timestamp and mode. A name found in two roots is an error.
func writeJar(jar string, roots ...string) error {
	files := map[string]string{} // entry name -> file
	dirs := map[string]bool{"META-INF/": true}
	for _, root := range roots {
		if root == "" {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == root {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			name := filepath.ToSlash(rel)
			if d.IsDir() {
				dirs[name+"/"] = true
				return nil
			}
			if name == "META-INF/MANIFEST.MF" {
				return fmt.Errorf("%s: the construct writes the manifest; remove this one", p)
			}
			if other, ok := files[name]; ok {
				return fmt.Errorf("%s and %s would both be %s in the jar: rename one", other, p, name)
			}
			files[name] = p
			return nil
		})
		if err != nil {
			return err
		}
	}
	names := make([]string, 0, len(files)+len(dirs))
	for n := range files {
		names = append(names, n)
	}
	for d := range dirs {
		if d != "META-INF/" {
			names = append(names, d)
		}
	}
	sort.Strings(names)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, content []byte) error {
		h := &zip.FileHeader{Name: name, Modified: jarTime, Method: zip.Deflate}
		h.SetMode(0o644)
		if strings.HasSuffix(name, "/") {
			h.Method = zip.Store
			h.SetMode(fs.ModeDir | 0o755)
		}
		w, err := zw.CreateHeader(h)
		if err == nil && content != nil {
			_, err = w.Write(content)
		}
		return err
	}
	if err := add("META-INF/", nil); err != nil {
		return err
	}
	if err := add("META-INF/MANIFEST.MF", []byte(jarManifest)); err != nil {
		return err
	}
	for _, n := range names {
		var content []byte
		if f, ok := files[n]; ok {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			content = b
		}
		if err := add(n, content); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(jar, buf.Bytes(), 0o644)
}

// javaCode returns the function code for a Java plan: the jar, built
// locally. The asset is hashed by its output, the reproducible jar, so the
// hash changes when the compiled classes do and only then.
func javaCode(p *Plan, failure *bundleFailure) awslambda.Code {
	b := &javaBundler{
		path: p.Path, javac: p.Javac, release: p.JavaRelease, runtime: runtimes[p.Runtime].javaVersion,
		sources: p.JavaSources, resources: p.JavaResources, failure: failure,
	}
	return awslambda.Code_FromAsset(jsii.String(p.Entry), &awss3assets.AssetOptions{
		AssetHashType: awscdk.AssetHashType_OUTPUT,
		Bundling: &awscdk.BundlingOptions{
			// Never pulled: Local always bundles or fails with javac's output.
			Image: awscdk.DockerImage_FromRegistry(jsii.String("lambdaperf/local-bundling-only")),
			Local: b,
			// Part of CDK's in-process bundling cache key: two functions
			// from one source folder for two releases get two jars.
			Environment: &map[string]*string{"JAVA_RELEASE": jsii.String(strconv.Itoa(b.release))},
		},
	})
}
