# lambdaperf: `make synth` builds every reference stack and prints the
# performance report; `make test` runs every check. Both install what is
# missing first, so they work on a fresh clone.

SHELL := /bin/bash
# pip installs console scripts (cfn-lint) into ~/.local/bin for a user.
export PATH := $(CURDIR)/node_modules/.bin:$(PATH):$(HOME)/.local/bin
# jsii warns on every start that Node.js 20 is past its end of life.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
GO_PACKAGES := ./...
# Go tools are pinned by canonical version in tools/go.mod (go.sum verifies
# them); never `go run pkg@tag`: the module proxy refuses tag queries.
STATICCHECK := go tool -modfile=$(CURDIR)/tools/go.mod staticcheck
# App-team examples: Go modules of their own that import lambdaperf through a
# replace, each with its own package.json and lock file (handler
# dependencies, esbuild, the aws-cdk CLI); vetted, linted and tested like the
# library (their tests also run `cdk synth` on their own cdk.json).
EXAMPLES := examples/orders
EXAMPLE_NODE_MODULES := $(addsuffix /node_modules/.package-lock.json,$(EXAMPLES))


# cfn-lint lints every synthesized template (test/gates); pinned here,
# installed with pip when missing or another version.
CFN_LINT_VERSION := 1.51.0

.PHONY: synth test deps lint bench clean artillery cfn-lint qemu fuzz-short

# Fuzz targets of the readers of untrusted input (package:target): make test
# runs each for FUZZTIME, a count of inputs (1 to 6 s each here, one worker:
# the machine may be shared; new inputs are not minimized, which took a
# whole short run); `make fuzz-short FUZZTIME=10m` searches longer. A count,
# not a duration: Go 1.26's fuzz coordinator can fail a target with a bare
# "context deadline exceeded" when a duration ends while a worker is busy
# (golang/go#75804, fixed in Go 1.27); it failed FuzzInspectZip so once
# here. A failing input is saved under the package's testdata/fuzz and
# replays with go test.
FUZZTIME ?= 3000x
FUZZ_TARGETS := ./assembly:FuzzReadAssembly ./assembly:FuzzParseTemplate ./assembly:FuzzIntrinsics \
	./assembly:FuzzInspectZip ./assembly:FuzzInspectFolder ./audit:FuzzParseTemplate ./internal/untrusted:FuzzUnzip

# node_modules is rebuilt only when the lock file changes.
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# An example's node_modules, from its own lock file, as a team that copied
# it runs `npm ci`.
$(EXAMPLE_NODE_MODULES): %/node_modules/.package-lock.json: %/package-lock.json %/package.json
	cd $* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Artillery for the load-test suite lives in its own package (test/artillery):
# its large tree stays out of the root lock file. --ignore-scripts: the
# Playwright browser it could download is never used here.
ARTILLERY := test/artillery/node_modules/.package-lock.json
$(ARTILLERY): test/artillery/package-lock.json test/artillery/package.json
	cd test/artillery && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

artillery: $(ARTILLERY)

deps: node_modules/.package-lock.json $(EXAMPLE_NODE_MODULES)
	go mod download
	cd tools && go mod download
	cd functions/go && go mod download
	for d in $(EXAMPLES); do (cd $$d && go mod download) || exit 1; done

synth: deps
	rm -rf cdk.out
	cdk synth --quiet
	go build -o bin/lambdaperf ./cmd/lambdaperf
	bin/lambdaperf report cdk.out
	bin/lambdaperf audit cdk.out

cfn-lint:
	@if [ "$$(cfn-lint --version 2>/dev/null)" != "cfn-lint $(CFN_LINT_VERSION)" ]; then \
		python3 -m pip install --quiet --disable-pip-version-check "cfn-lint==$(CFN_LINT_VERSION)"; \
	fi
	@cfn-lint --version

# QEMU user mode: the tests run the arm64 reference Go function on x86_64
# hosts (and the reverse) under emulation; Debian's qemu-user has both.
qemu:
	@if ! command -v qemu-aarch64 >/dev/null || ! command -v qemu-x86_64 >/dev/null; then \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user; \
	fi

test: deps $(ARTILLERY) lint cfn-lint qemu fuzz-short
	go test -count=1 $(GO_PACKAGES)
	cd functions/go && go test -count=1 ./...
	for d in $(EXAMPLES); do (cd $$d && go test -count=1 ./...) || exit 1; done

fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		go test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 0 -parallel 1 $$pkg >/tmp/fuzz-$$$$.log 2>&1 \
			|| { cat /tmp/fuzz-$$$$.log; rm -f /tmp/fuzz-$$$$.log; exit 1; }; \
		echo "fuzz $$pkg $$name: $$(grep -o 'elapsed: [^,]*, execs: [0-9]*' /tmp/fuzz-$$$$.log | tail -1)"; \
	done; rm -f /tmp/fuzz-$$$$.log

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	go mod tidy -diff
	cd tools && go mod tidy -diff
	go vet $(GO_PACKAGES)
	$(STATICCHECK) $(GO_PACKAGES)
	cd functions/go && go mod tidy -diff && go vet ./... && $(STATICCHECK) ./...
	for d in $(EXAMPLES); do (cd $$d && go mod tidy -diff && go vet ./... && $(STATICCHECK) ./...) || exit 1; done

bench: deps
	go test -run '^$$' -bench . -benchtime 1x ./test/bench/...

clean:
	rm -rf cdk.out
