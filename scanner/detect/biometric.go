package detect

import (
	"bytes"
	"encoding/base64"
)

// Biometric recognises biometric data: fingerprint and face templates, and face or voice
// recordings under a person header.
type Biometric struct{}

var (
	_ Detector      = Biometric{}
	_ HintedMatcher = Biometric{}
)

func init() { register(Biometric{}) }

// ID implements Detector.
func (Biometric) ID() string { return "biometric" }

// Category implements Detector.
func (Biometric) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Biometric) Describe() string {
	return "binary cells, base64 or data: URIs whose head is an ISO/IEC 19794-2/-5 or ANSI 378 template (always), " +
		"or a JPEG/PNG/GIF/BMP/WebP image or WAV recording, a face/voice embedding (64-4096 numbers) or an opaque base64 template (>= 128 bytes) " +
		"under a face/photo/fingerprint/voiceprint/embedding header"
}

// Hints implements Detector.
func (Biometric) Hints() Hints {
	return Hints{
		Words: []string{"人脸", "照片", "头像", "指纹", "声纹", "虹膜", "掌纹", "面部", "证件照", "face", "photo", "avatar", "portrait",
			"fingerprint", "voiceprint", "iris", "selfie", "biometric", "headshot", "palmprint",
			"特征向量", "人脸特征", "面部特征", "特征值", "embedding", "embeddings", "facevector", "facefeature", "featurevector", "faceid", "faceprint", "template", "模板", "步态", "gait"},
		Exclude: []string{"商品", "产品", "product", "item", "sku", "logo", "banner", "cover", "封面", "photosqty", "photoscount", "数量", "count", "qty", "url"},
	}
}

// blobPrefix mirrors readers.BlobPrefix ("blob:<total length>:<base64 of the head>"); detect may
// not import readers (detectors know nothing of files), so the string is repeated here.
const blobPrefix = "blob:"

type binKind uint8

const (
	binNone binKind = iota
	binTemplate
	binImage
	binAudio
)

// Match implements Detector: templates are biometric whatever the header.
func (Biometric) Match(v []byte) bool {
	if len(v) >= 16 && !mayLeadTemplate(v) {
		return false
	}
	return binaryKind(v) == binTemplate
}

// mayLeadTemplate reports whether v, a value binaryKind would decode as it is (at least 16 bytes,
// no blob: or data: prefix), may start a template: every template magic is FMR, FIR, FAC or IIR,
// whose base64 is Rk1S, RklS, RkFD or SUlS. base64 skips line breaks, so a value with one among
// its first four bytes is left to binaryKind. Long timestamps, IDs and addresses stop here
// instead of being decoded.
func mayLeadTemplate(v []byte) bool {
	switch string(v[:4]) {
	case "Rk1S", "RklS", "RkFD", "SUlS", "blob", "data":
		return true
	}
	for _, c := range v[:4] {
		if c == '\r' || c == '\n' {
			return true
		}
	}
	return false
}

// MatchHinted implements HintedMatcher: under a person header, images and recordings count too,
// and so do face or voice embeddings (a vector of 64–4096 numbers, as JSON or separated by commas
// or spaces) and opaque base64 templates of 128 bytes or more.
func (Biometric) MatchHinted(v []byte) bool {
	return binaryKind(v) != binNone || isEmbedding(v) || isBase64Template(v)
}

// isEmbedding reports a vector of 64 to 4096 decimal numbers, most with a fraction, optionally
// in brackets.
func isEmbedding(v []byte) bool {
	v = trimSpaceView(v)
	if len(v) < 64*3 {
		return false
	}
	if v[0] == '[' || v[0] == '(' || v[0] == '{' {
		v = v[1:]
		if n := len(v); n > 0 && (v[n-1] == ']' || v[n-1] == ')' || v[n-1] == '}') {
			v = v[:n-1]
		}
	}
	count, fractions := 0, 0
	for i := 0; i < len(v); {
		for i < len(v) && (v[i] == ',' || v[i] == ' ' || v[i] == ';' || v[i] == '\t' || v[i] == '\n') {
			i++
		}
		if i == len(v) {
			break
		}
		j := i
		if v[j] == '-' || v[j] == '+' {
			j++
		}
		digits, dot := 0, false
		for j < len(v) && (isDigit(v[j]) || v[j] == '.' || v[j] == 'e' || v[j] == 'E' || ((v[j] == '-' || v[j] == '+') && j > i && (v[j-1] == 'e' || v[j-1] == 'E'))) {
			if isDigit(v[j]) {
				digits++
			}
			dot = dot || v[j] == '.'
			j++
		}
		if digits == 0 || (j < len(v) && v[j] != ',' && v[j] != ' ' && v[j] != ';' && v[j] != '\t' && v[j] != '\n') {
			return false
		}
		count++
		if dot {
			fractions++
		}
		i = j
	}
	return count >= 64 && count <= 4096 && fractions*2 >= count
}

// isBase64Template reports an opaque base64 blob of at least 128 decoded bytes (172 characters),
// the way face and fingerprint SDKs export their templates.
func isBase64Template(v []byte) bool {
	v = trimSpaceView(v)
	if len(v) < 172 {
		return false
	}
	letters, digits := 0, 0
	for i, c := range v {
		switch {
		case isUpper(c) || isLower(c):
			letters++
		case isDigit(c):
			digits++
		case c == '+' || c == '/' || c == '-' || c == '_':
		case c == '=' && i >= len(v)-2:
		default:
			return false
		}
	}
	return letters > 0 && digits > 0
}

// binaryKind decodes the first bytes of a binary cell and classifies its magic number.
func binaryKind(v []byte) binKind {
	var b64 []byte
	switch {
	case bytes.HasPrefix(v, []byte(blobPrefix)):
		rest := v[len(blobPrefix):]
		i := bytes.IndexByte(rest, ':')
		if i < 0 {
			return binNone
		}
		b64 = rest[i+1:]
	case bytes.HasPrefix(v, []byte("data:")):
		i := bytes.Index(v, []byte(";base64,"))
		if i < 0 {
			return binNone
		}
		b64 = v[i+len(";base64,"):]
	case len(v) >= 16:
		b64 = v
	default:
		return binNone
	}
	// 64 base64 characters decode to the 48-byte head, more than any magic needs.
	if len(b64) > 64 {
		b64 = b64[:64]
	}
	b64 = b64[:len(b64)&^3]
	var head [48]byte
	n, err := base64.StdEncoding.Decode(head[:], b64)
	if err != nil || n < 4 {
		return binNone
	}
	return magicKind(head[:n])
}

func magicKind(h []byte) binKind {
	switch {
	case bytes.HasPrefix(h, []byte("FMR\x00")), bytes.HasPrefix(h, []byte("FIR\x00")), bytes.HasPrefix(h, []byte("FAC\x00")),
		bytes.HasPrefix(h, []byte("IIR\x00")), bytes.HasPrefix(h, []byte("FMR")) && len(h) > 4 && h[3] == ' ':
		return binTemplate
	case bytes.HasPrefix(h, []byte{0xFF, 0xD8, 0xFF}),
		bytes.HasPrefix(h, []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
		bytes.HasPrefix(h, []byte("GIF87a")), bytes.HasPrefix(h, []byte("GIF89a")),
		bytes.HasPrefix(h, []byte("BM")) && len(h) >= 14,
		len(h) >= 12 && bytes.HasPrefix(h, []byte("RIFF")) && string(h[8:12]) == "WEBP":
		return binImage
	case len(h) >= 12 && bytes.HasPrefix(h, []byte("RIFF")) && string(h[8:12]) == "WAVE":
		return binAudio
	}
	return binNone
}

// MayMatch implements Prefilter: a bare template is at least 16 bytes; a blob: or data: URI has
// a colon and may be shorter. Only the first 64 base64 characters are decoded, and a URI's
// media part is not read, so the rest of a value may hold anything, non-ASCII included
// (FuzzPrefiltersAreSound found both: "blob::Rk1SICAy", 14 bytes, is a template).
func (Biometric) MayMatch(s Shape) bool { return s.Len >= 16 || s.Has(':') }

var _ Prefilter = Biometric{}
