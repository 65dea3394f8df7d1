package report

import (
	"runtime/debug"
	"strings"
)

// BuildInfo names the binary that wrote a report: the module version and the VCS revision the Go
// toolchain recorded in it (debug.ReadBuildInfo), so a report or an evidence bundle can say
// which build produced it.
type BuildInfo struct {
	// Version is the version given at link time, else the module version ("v1.2.3" for
	// go install …@v1.2.3), else "devel" for a build from a checkout.
	Version string
	// Revision and Time are the VCS commit and its time (empty when built outside a checkout
	// or with -buildvcs=false); Modified says the checkout had uncommitted changes.
	Revision string
	Time     string
	Modified bool
	// GoVersion is the toolchain that built the binary.
	GoVersion string
}

// CurrentBuild describes the running binary. override, when not empty, is the version given at
// link time (-ldflags "-X main.ldVersion=1.2.3") and wins over the module version.
func CurrentBuild(override string) BuildInfo {
	info, ok := debug.ReadBuildInfo()
	return buildFrom(override, info, ok)
}

func buildFrom(override string, info *debug.BuildInfo, ok bool) BuildInfo {
	b := BuildInfo{Version: override}
	if ok && info != nil {
		b.GoVersion = info.GoVersion
		if v := info.Main.Version; b.Version == "" && v != "" && v != "(devel)" {
			b.Version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.time":
				b.Time = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "devel"
	}
	return b
}

// String is the version with the short revision, as reports show it: "v1.2.3",
// "devel (83719ed1a2b3)", "devel (83719ed1a2b3, modified)".
func (b BuildInfo) String() string {
	if b.Revision == "" {
		return b.Version
	}
	rev := b.Revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	extra := []string{rev}
	if b.Modified {
		extra = append(extra, "modified")
	}
	return b.Version + " (" + strings.Join(extra, ", ") + ")"
}
