package detect

import (
	"encoding/base64"
	"testing"
)

func b64(head ...byte) string {
	for len(head) < 24 {
		head = append(head, 0x42)
	}
	return base64.StdEncoding.EncodeToString(head)
}

func TestBiometric(t *testing.T) {
	jpeg := b64(0xFF, 0xD8, 0xFF, 0xE0)
	png := b64(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)
	webp := b64('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P')
	wav := b64('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E')
	fmr := b64('F', 'M', 'R', 0, ' ', '2', '0', 0)
	fac := b64('F', 'A', 'C', 0, '0', '1', '0', 0)
	runValueCases(t, Biometric{}, []valueCase{
		{"ISO 19794-2 template in a blob cell", "blob:812:" + fmr, true, true},
		{"short blob cell (FuzzPrefiltersAreSound)", "blob::Rk1SICAy", true, true},
		{"blob cell with a non-ASCII media part", "blob:指纹:" + fmr, true, true},
		{"ISO 19794-5 face record as base64", fac, true, true},
		{"JPEG blob only with header", "blob:20480:" + jpeg, false, true},
		{"PNG data URI only with header", "data:image/png;base64," + png, false, true},
		{"WebP only with header", webp, false, true},
		{"WAV only with header", "blob:64000:" + wav, false, true},
		{"random base64", b64('x', 'y', 'z', 'w'), false, false},
		{"blob without separator", "blob:" + jpeg, false, false},
		{"URL", "https://example.com/avatar.jpg", false, false},
		{"short text", "FMR", false, false},
	})
}
