package readers

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func mustEncode(t testing.TB, s string, enc interface{ Bytes([]byte) ([]byte, error) }) []byte {
	b, err := enc.Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDetectEncoding(t *testing.T) {
	text := "姓名,手机号\n张三,13812345678\n欧阳娜娜,15900001111\n"
	gb := mustEncode(t, text, simplifiedchinese.GB18030.NewEncoder())
	u16 := mustEncode(t, text, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder())
	u16be := mustEncode(t, text, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder())
	cut := []byte(strings.Repeat("张", 100))
	cut = cut[:len(cut)-1]
	tests := []struct {
		name string
		in   []byte
		more bool
		enc  string
		bom  int
		err  error
	}{
		{"ASCII is utf-8", []byte("a,b\n1,2\n"), false, "utf-8", 0, nil},
		{"Chinese UTF-8", []byte(text), false, "utf-8", 0, nil},
		{"UTF-8 BOM", append([]byte("\xef\xbb\xbf"), text...), false, "utf-8-bom", 3, nil},
		{"UTF-16LE BOM", u16, false, "utf-16le", 0, nil},
		{"UTF-16BE BOM", u16be, false, "utf-16be", 0, nil},
		{"GB18030 without BOM", gb, false, "gb18030", 0, nil},
		{"GB18030 prefix cut inside a character", gb[:len(gb)-3], true, "gb18030", 0, nil},
		{"UTF-8 prefix cut inside a character", cut, true, "utf-8", 0, nil},
		{"empty", nil, false, "", 0, ErrEmpty},
		{"NUL bytes", []byte("a,b\n\x00\x00\x00\n"), false, "", 0, ErrCorrupt},
		{"control junk", bytes.Repeat([]byte{0x01, 0x02, 0x1b, 'x'}, 50), false, "", 0, ErrCorrupt},
		{"neither UTF-8 nor GB18030", []byte("a,\xff\xff\xff\xff\xff\xff,b\n"), false, "", 0, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, bom, err := detectEncoding(tt.in, tt.more)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || enc != tt.enc || bom != tt.bom {
				t.Errorf("got %q, bom %d, %v; want %q, bom %d", enc, bom, err, tt.enc, tt.bom)
			}
		})
	}
}

// gbSamples are inputs on which the table decoder must match x/text's decoder byte for byte:
// every two-byte code, four-byte codes, the euro byte, and invalid and cut sequences.
func gbSamples(t testing.TB) [][]byte {
	var all bytes.Buffer
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			all.WriteByte(byte(lead))
			all.WriteByte(byte(trail))
			if trail%7 == 0 {
				all.WriteString("ab,\n")
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 1<<16)
	for i := range random {
		switch rng.IntN(4) {
		case 0:
			random[i] = byte(rng.IntN(128))
		case 1:
			random[i] = byte(0x30 + rng.IntN(10))
		default:
			random[i] = byte(0x80 + rng.IntN(128))
		}
	}
	return [][]byte{
		all.Bytes(),
		random,
		mustEncode(t, "emoji 😀 and 𠀀 and ᠀ and € in GB18030, 张三,北京\r\n", simplifiedchinese.GB18030.NewEncoder()),
		[]byte("\x80\xff\x81\x30\x81\x30\x81\x30\x81\x81"),
		[]byte("cut at the end \x81"),
		[]byte("cut four-byte \x81\x30\x81"),
		{},
	}
}

func TestGB18030DecoderMatchesXText(t *testing.T) {
	for i, in := range gbSamples(t) {
		want, err := simplifiedchinese.GB18030.NewDecoder().Bytes(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []struct {
			how string
			r   io.Reader
		}{
			{"whole", bytes.NewReader(in)},
			{"half reads", iotest.HalfReader(bytes.NewReader(in))},
			{"one byte reads", iotest.OneByteReader(bytes.NewReader(in))},
		} {
			got, err := io.ReadAll(newDecodeReader(r.r, newGB18030Decoder()))
			if err != nil {
				t.Fatalf("sample %d, %s: %v", i, r.how, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("sample %d, %s: output differs from x/text (%d vs %d bytes)", i, r.how, len(got), len(want))
			}
		}
	}
}

func FuzzGB18030DecoderMatchesXText(f *testing.F) {
	for _, s := range gbSamples(f) {
		if len(s) < 4096 {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		want, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(in)
		got, err := io.ReadAll(newDecodeReader(iotest.HalfReader(bytes.NewReader(in)), newGB18030Decoder()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("decoding %x: got %q, want %q", in, got, want)
		}
	})
}

func TestAsyncReaderDeliversEverything(t *testing.T) {
	in := bytes.Repeat([]byte("0123456789abcdef"), 100000)
	a := newAsyncReader(iotest.HalfReader(bytes.NewReader(in)))
	defer a.Close()
	got, err := io.ReadAll(a)
	if err != nil || !bytes.Equal(got, in) {
		t.Fatalf("got %d bytes, %v; want %d bytes", len(got), err, len(in))
	}
	// Closing early must not block.
	b := newAsyncReader(bytes.NewReader(in))
	var p [10]byte
	if _, err := b.Read(p[:]); err != nil {
		t.Fatal(err)
	}
	b.Close()
}

func TestAsyncReaderPassesErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	a := newAsyncReader(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)))
	defer a.Close()
	got, err := io.ReadAll(a)
	if string(got) != "abc" || !errors.Is(err, boom) {
		t.Fatalf("got %q, %v; want abc and the read error", got, err)
	}
}
