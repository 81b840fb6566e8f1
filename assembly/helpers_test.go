package assembly

import (
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

func TestMain(m *testing.M) { testfiles.Main(m) }

// goBootstrap builds a real Go bootstrap (see testfiles.GoBootstrap).
var goBootstrap, copyFile = testfiles.GoBootstrap, testfiles.CopyFile
