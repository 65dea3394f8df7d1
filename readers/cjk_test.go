package readers

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode/utf32"
)

// TestLegacyCJKFixtures reads the Big5, Shift-JIS and EUC-KR tables that iconv wrote
// (testdata/gen/formats_h14.sh): each must be detected as its encoding and yield the cells of
// its expected.json, header included.
func TestLegacyCJKFixtures(t *testing.T) {
	for name, enc := range map[string]string{"big5": EncodingBig5, "sjis": EncodingShiftJIS, "euckr": EncodingEUCKR} {
		t.Run(name, func(t *testing.T) {
			var want [][]string
			data, err := os.ReadFile(filepath.Join("..", "testdata", "csv", name+".expected.json"))
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(data, &want))
			f, err := openPath(t, filepath.Join("..", "testdata", "csv", name+".csv"), Limits{})
			require.NoError(t, err)
			defer f.Close()
			assert.Equal(t, Info{Format: "csv", Encoding: enc, Delimiter: ","}, f.Info())
			tbl := firstTable(t, f)
			assert.Equal(t, want[0], tbl.Columns())
			assert.Equal(t, want[1:], readAllRows(t, tbl))
		})
	}
}

// TestLegacyCJKShortAndAmbiguous: files of two or three characters, written by python's codecs,
// whose bytes decode under several of the encodings.
func TestLegacyCJKShortAndAmbiguous(t *testing.T) {
	for name, enc := range map[string]string{
		"big5_short.csv": EncodingBig5, "gbk_short.csv": EncodingGB18030,
		"sjis_short.csv": EncodingShiftJIS, "euckr_short.csv": EncodingEUCKR,
		"excel_gbk.csv": EncodingGB18030,
	} {
		t.Run(name, func(t *testing.T) {
			f, err := openPath(t, filepath.Join("..", "testdata", "csv", name), Limits{})
			require.NoError(t, err)
			defer f.Close()
			assert.Equal(t, enc, f.Info().Encoding)
		})
	}
}

// TestDetectLegacyOnVariedText encodes sentences and name lists of each language with x/text and
// requires the detector to name the encoding back, from one line up to many.
func TestDetectLegacyOnVariedText(t *testing.T) {
	type sample struct {
		enc  string
		text string
	}
	samples := []sample{
		{EncodingGB18030, "张伟,13800138000,广东省深圳市南山区科技园\n"},
		{EncodingGB18030, "王芳"},
		{EncodingGB18030, "李娜,北京\n"},
		{EncodingGB18030, "订单号,客户姓名,收货地址,备注\n1001,刘洋,浙江省杭州市西湖区文三路,请尽快发货\n"},
		{EncodingGB18030, "会员等级：金卡；积分：１２０００。"},
		{EncodingBig5, "陳美玲,0912345678,新北市板橋區文化路一段\n"},
		{EncodingBig5, "黃國華,林志玲"},
		// Ambiguous: 黃國華's Big5 bytes (B6C0 B0EA B5D8) are three GB2312 level-1 characters
		// too; with nothing else to go on the prior for GB18030 decides (docs/encodings.md).
		{EncodingGB18030, "黃國華"},
		{EncodingBig5, "訂單編號,客戶姓名,收件地址,備註\n1001,吳佩珊,臺南市東區大學路,請儘快出貨\n"},
		{EncodingShiftJIS, "田中,東京\n"},
		{EncodingShiftJIS, "お客様番号,お名前,ご住所\n1,高橋健太,神奈川県横浜市西区みなとみらい\n"},
		{EncodingShiftJIS, "ｶﾀｶﾅ,ﾃｽﾄ\n"},
		{EncodingEUCKR, "최지우,010-9876-5432,인천광역시 연수구\n"},
		{EncodingEUCKR, "주문번호,고객명,배송지\n1001,정하늘,광주광역시 서구 상무대로\n"},
	}
	encs := map[string]interface{ Bytes([]byte) ([]byte, error) }{
		EncodingGB18030:  simplifiedchinese.GB18030.NewEncoder(),
		EncodingBig5:     traditionalchinese.Big5.NewEncoder(),
		EncodingShiftJIS: japanese.ShiftJIS.NewEncoder(),
		EncodingEUCKR:    korean.EUCKR.NewEncoder(),
	}
	for _, s := range samples {
		b := mustEncode(t, s.text, encs[s.enc])
		got, _, err := detectEncoding(b, false)
		require.NoError(t, err, s.text)
		assert.Equal(t, s.enc, got, "%q", s.text)
	}
}

// TestBig5HKSCS: x/text has no Big5-HKSCS encoding, but its Big5 decoder follows the WHATWG
// index, which includes HKSCS-2008. A Hong Kong file (bytes as python3's big5hkscs codec writes
// 嘅 9DEF and 啱 95DA) is detected as big5 and its HKSCS characters decode.
func TestBig5HKSCS(t *testing.T) {
	head := mustEncode(t, "姓名,地址,備註\n陳小明,香港九龍旺角彌敦道,", traditionalchinese.Big5.NewEncoder())
	data := append(head, 0x9D, 0xEF, 0x95, 0xDA, '\n')
	f, err := Default().Open(Source{Path: "hk.csv", R: bytesReader(data), Size: int64(len(data))})
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, EncodingBig5, f.Info().Encoding)
	assert.Equal(t, [][]string{{"陳小明", "香港九龍旺角彌敦道", "嘅啱"}}, readAllRows(t, firstTable(t, f)))
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// TestDetectLegacyRepeatedWord: a column repeating one word thousands of times must not decide
// alone. 用戶 in Big5 (A5CE A4E1) falls in GB2312's kana rows; counted once per row it outweighed
// the header and the file was read as GB18030 (and, in a scan, as Shift-JIS).
func TestDetectLegacyRepeatedWord(t *testing.T) {
	text := "身分證號,姓名\n" + strings.Repeat("11010519491231002X,用戶\n", 5000)
	b := mustEncode(t, text, traditionalchinese.Big5.NewEncoder())
	enc, _, err := detectEncoding(b[:sniffPrefixBytes], true)
	require.NoError(t, err)
	assert.Equal(t, EncodingBig5, enc)
}

// TestUTF32ByBOM: a UTF-32LE BOM (FF FE 00 00) starts with UTF-16LE's (FF FE) and used to be read
// as UTF-16: 5,000 IDs became junk and the file came out free. Both byte orders decode.
func TestUTF32ByBOM(t *testing.T) {
	text := "身份证号,姓名\n11010519491231002X,张三\n"
	for enc, e := range map[string]interface{ Bytes([]byte) ([]byte, error) }{
		EncodingUTF32LE: utf32.UTF32(utf32.LittleEndian, utf32.UseBOM).NewEncoder(),
		EncodingUTF32BE: utf32.UTF32(utf32.BigEndian, utf32.UseBOM).NewEncoder(),
	} {
		t.Run(enc, func(t *testing.T) {
			data := mustEncode(t, text, e)
			f, err := Default().Open(Source{Path: "ids.csv", R: bytes.NewReader(data), Size: int64(len(data))})
			require.NoError(t, err)
			defer f.Close()
			assert.Equal(t, enc, f.Info().Encoding)
			tbl := firstTable(t, f)
			assert.Equal(t, []string{"身份证号", "姓名"}, tbl.Columns())
			assert.Equal(t, [][]string{{"11010519491231002X", "张三"}}, readAllRows(t, tbl))
		})
	}
}
