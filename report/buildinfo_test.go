package report

import (
	"runtime/debug"
	"testing"
)

func TestBuildFromBuildInfo(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "83719ed1a2b3c4d5e6f708192a3b4c5d6e7f8091"},
		{Key: "vcs.time", Value: "2026-12-06T04:00:00Z"}, {Key: "vcs.modified", Value: "true"}}
	tests := []struct {
		name, override string
		info           *debug.BuildInfo
		want           string
	}{
		{"checkout build", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "devel (83719ed1a2b3, modified)"},
		{"go install at a version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"link-time version wins", "2.0.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs[:1]}, "2.0.0 (83719ed1a2b3)"},
		{"no build info", "", nil, "devel"},
	}
	for _, tt := range tests {
		b := buildFrom(tt.override, tt.info, tt.info != nil)
		if got := b.String(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if b := buildFrom("", &debug.BuildInfo{Settings: vcs}, true); b.Revision != vcs[0].Value || b.Time != vcs[1].Value || !b.Modified {
		t.Errorf("VCS settings not read: %+v", b)
	}
}
