package detect

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Generators of valid identifier values and realistic free-text values for the labelled
// accuracy set and the benchmark. Every generator takes its own *rand.Rand so columns are
// reproducible from fixed seeds.

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15)) }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// genAreas are real GB/T 2260 county-level codes across many provinces.
var genAreas = []string{"110101", "110105", "110108", "120101", "130102", "140105", "150102", "210102", "220102",
	"230102", "310101", "310104", "310115", "320102", "320583", "330106", "330282", "340102", "350102", "350203",
	"360102", "370102", "370202", "410102", "420102", "420111", "430102", "440103", "440305", "440106", "450102",
	"460105", "500103", "510104", "510107", "520102", "530102", "540102", "610113", "620102", "630102", "640104", "650102"}

var idWeightsT = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

func mod112Check(s string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * idWeightsT[i]
	}
	return "10X98765432"[sum%11]
}

func genBirth(r *rand.Rand, from, to int) (int, int, int) {
	y := from + r.IntN(to-from+1)
	m := 1 + r.IntN(12)
	d := 1 + r.IntN(28)
	return y, m, d
}

func genResidentID(r *rand.Rand) string {
	y, m, d := genBirth(r, 1950, 2012)
	s := fmt.Sprintf("%s%04d%02d%02d%s", pick(r, genAreas), y, m, d, digits(r, 3))
	return s + string(mod112Check(s))
}

func luhnComplete(s string) string {
	sum := 0
	double := true
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return s + strconv.Itoa((10-sum%10)%10)
}

func genBankCard(r *rand.Rand) string {
	prefix := pick(r, []string{"622202", "622848", "621700", "622588", "625807", "436742", "524094", "621226", "622700"})
	n := pick(r, []int{16, 19, 19})
	card := luhnComplete(prefix + digits(r, n-len(prefix)-1))
	if r.IntN(5) == 0 {
		var b strings.Builder
		for i, c := range card {
			if i > 0 && i%4 == 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	return card
}

func genIBAN(r *rand.Rand) string {
	var cc, bban string
	switch r.IntN(4) {
	case 0:
		cc, bban = "DE", digits(r, 18)
	case 1:
		cc, bban = "GB", pick(r, []string{"NWBK", "BARC", "HBUK", "LOYD"})+digits(r, 14)
	case 2:
		cc, bban = "FR", digits(r, 23)
	default:
		cc, bban = "NL", pick(r, []string{"ABNA", "INGB", "RABO"})+digits(r, 10)
	}
	rearranged := bban + cc + "00"
	rem := 0
	for _, c := range rearranged {
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	iban := fmt.Sprintf("%s%02d%s", cc, 98-rem, bban)
	if r.IntN(3) == 0 {
		var b strings.Builder
		for i, c := range iban {
			if i > 0 && i%4 == 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	return iban
}

var mobilePrefixes = []string{"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
	"152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183",
	"185", "186", "187", "188", "189", "191", "198", "199"}

func genPhone(r *rand.Rand) string {
	m := pick(r, mobilePrefixes) + digits(r, 8)
	switch r.IntN(10) {
	case 0:
		return "+86 " + m[:3] + "-" + m[3:7] + "-" + m[7:]
	case 1:
		return m[:3] + " " + m[3:7] + " " + m[7:]
	case 2:
		return pick(r, []string{"010-", "021-", "0755-", "0571-", "020-"}) + string(byte('2'+r.IntN(7))) + digits(r, 7)
	}
	return m
}

var emailUsers = []string{"zhangwei", "li.na", "wang_fang", "liuyang88", "chenjing", "john.smith", "maria.silva", "tom", "alice2020", "dev.ops"}
var emailDomains = []string{"qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "example.cn", "corp.com.cn", "yahoo.com"}

func genEmail(r *rand.Rand) string {
	return pick(r, emailUsers) + digits(r, r.IntN(4)) + "@" + pick(r, emailDomains)
}

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func genCreditCode(r *rand.Rand) string {
	w := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	b := []byte("91" + pick(r, genAreas))
	for len(b) < 17 {
		if len(b) < 16 {
			b = append(b, usccAlphabet[r.IntN(31)])
		} else {
			b = append(b, usccAlphabet[r.IntN(10)])
		}
	}
	sum := 0
	for i, c := range b {
		sum += strings.IndexByte(usccAlphabet, c) * w[i]
	}
	return string(append(b, usccAlphabet[(31-sum%31)%31]))
}

func genIPv4(r *rand.Rand) string {
	return fmt.Sprintf("%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), 1+r.IntN(254))
}

func genIP(r *rand.Rand) string {
	if r.IntN(6) == 0 {
		return fmt.Sprintf("2408:%x:%x::%x", r.IntN(0xffff), r.IntN(0xffff), 1+r.IntN(0xffff))
	}
	return genIPv4(r)
}

func genDeviceID(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return luhnComplete(pick(r, []string{"86", "35"}) + digits(r, 12))
	}
	b := make([]string, 6)
	for i := range b {
		b[i] = fmt.Sprintf("%02X", 1+r.IntN(254))
	}
	return strings.Join(b, ":")
}

func genUUID(r *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", r.Uint32(), r.IntN(0x10000), r.IntN(0x1000), 0x8000+r.IntN(0x4000), r.Uint64()&0xFFFFFFFFFFFF)
}

const plateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
const plateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
const plateAlnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

func genPlate(r *rand.Rand) string {
	prov := []rune(plateProvinces)
	var b strings.Builder
	b.WriteRune(pick(r, prov))
	b.WriteByte(plateLetters[r.IntN(len(plateLetters))])
	if r.IntN(5) == 0 { // new-energy small car
		b.WriteByte("DF"[r.IntN(2)])
		b.WriteByte(plateAlnum[r.IntN(len(plateAlnum))])
		b.WriteString(digits(r, 4))
		return b.String()
	}
	for i := 0; i < 5; i++ {
		if i < 2 && r.IntN(3) == 0 {
			b.WriteByte(plateLetters[r.IntN(len(plateLetters))])
		} else {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	return b.String()
}

func genPassport(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return "E" + string("ABCDEFGHJKLMNPQRSTUVWXYZ"[r.IntN(24)]) + digits(r, 7)
	}
	return "E" + digits(r, 8)
}

func genTravelPermit(r *rand.Rand) string {
	return string("CHMLW"[r.IntN(5)]) + digits(r, 8)
}

func genLocation(r *rand.Rand) string {
	lat := 22 + r.Float64()*18
	lng := 100 + r.Float64()*20
	return fmt.Sprintf("%.6f,%.6f", lat, lng)
}

func genCityCoord(r *rand.Rand) string {
	lat := 22 + r.Float64()*18
	lng := 100 + r.Float64()*20
	return fmt.Sprintf("%.2f,%.2f", lat, lng)
}

func genBirthDate(r *rand.Rand) string {
	y, m, d := genBirth(r, 1940, 2020)
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%d/%02d/%02d", y, m, d)
	case 1:
		return fmt.Sprintf("%d年%d月%d日", y, m, d)
	}
	return fmt.Sprintf("%d-%02d-%02d", y, m, d)
}

var genSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
	"林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋",
	"蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"欧阳", "司马", "诸葛", "上官"}

var genGivenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌玉萍鹏辉宇浩然子涵欣怡梓轩一诺雨桐思远嘉怡俊杰")

func genChineseName(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(pick(r, genSurnames))
	n := 1 + r.IntN(2)
	for i := 0; i < n; i++ {
		b.WriteRune(pick(r, genGivenChars))
	}
	return b.String()
}

var genLatinGiven = []string{"John", "Mary", "James", "Linda", "Michael", "Sarah", "David", "Emma", "Daniel", "Olivia",
	"Maria", "Jose", "Ana", "Lucas", "Sophie", "Thomas", "Anna", "Pedro", "Julia", "Kevin"}
var genLatinFamily = []string{"Smith", "Johnson", "Brown", "Garcia", "Silva", "Santos", "Miller", "Davis", "Martin",
	"Wilson", "Oliveira", "Lee", "Taylor", "O'Brien", "Anderson", "Costa", "Schmidt", "Dubois"}

var genPinyinFamily = []string{"Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "Lin", "He"}
var genPinyinGiven = []string{"Wei", "Fang", "Na", "Xiaoming", "Jing", "Lei", "Yang", "Yan", "Jun", "Jie", "Tao", "Ming", "Chao", "Xiuying", "Guilan", "Haoran", "Zihan", "Yuxuan", "Jiayi", "Qiang"}

func genPinyinName(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return pick(r, genPinyinFamily) + " " + pick(r, genPinyinGiven)
	}
	return pick(r, genPinyinGiven) + " " + pick(r, genPinyinFamily)
}

func genLatinName(r *rand.Rand) string {
	if r.IntN(6) == 0 {
		return pick(r, genLatinGiven) + " " + string(byte('A'+r.IntN(26))) + ". " + pick(r, genLatinFamily)
	}
	return pick(r, genLatinGiven) + " " + pick(r, genLatinFamily)
}

var genCities = []string{"北京市朝阳区", "上海市浦东新区", "广东省深圳市南山区", "浙江省杭州市西湖区", "江苏省南京市鼓楼区",
	"四川省成都市武侯区", "湖北省武汉市洪山区", "广州市天河区", "重庆市渝中区", "山东省青岛市市南区", "河南省郑州市金水区", "福建省厦门市思明区"}
var genRoads = []string{"建国路", "人民路", "中山路", "解放大道", "科技园南路", "长江路", "文三路", "淮海中路", "天府大道", "南京东路"}

func genCNAddress(r *rand.Rand) string {
	s := pick(r, genCities) + pick(r, genRoads) + strconv.Itoa(1+r.IntN(999)) + "号"
	switch r.IntN(3) {
	case 0:
		s += pick(r, []string{"阳光花园", "金地小区", "万科城", "华润大厦"}) + strconv.Itoa(1+r.IntN(30)) + "栋" + strconv.Itoa(1+r.IntN(6)) + "单元" + strconv.Itoa(101+r.IntN(2800)) + "室"
	case 1:
		s += strconv.Itoa(1+r.IntN(30)) + "楼" + strconv.Itoa(101+r.IntN(2800))
	}
	return s
}

func genLatinAddress(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return fmt.Sprintf("Rua %s, %d, %s", pick(r, []string{"das Flores", "Augusta", "Oscar Freire", "XV de Novembro"}), 1+r.IntN(2000), pick(r, []string{"São Paulo", "Curitiba", "Campinas"}))
	}
	return fmt.Sprintf("%d %s %s, %s", 1+r.IntN(9999), pick(r, []string{"Main", "Oak", "Maple", "Elm", "Park", "Washington", "Lake"}),
		pick(r, []string{"St", "Street", "Ave", "Road", "Blvd", "Lane", "Dr."}), pick(r, []string{"Springfield", "Austin", "Boston", "Denver"}))
}

var genDiagnoses = []string{"高血压", "2型糖尿病", "冠心病", "急性上呼吸道感染", "支气管哮喘", "抑郁症", "慢性乙型肝炎", "社区获得性肺炎",
	"高血压3级", "脑梗死后遗症", "甲状腺功能亢进", "腰椎间盘突出症", "慢性胃炎", "过敏性鼻炎", "青霉素过敏", "乳腺癌术后", "痛风",
	"Type 2 diabetes", "Hypertension", "Asthma", "Major depression"}

func genICD(r *rand.Rand) string {
	c := "ABCDEFGHIJKLMNOPQRSTVWXYZ"[r.IntN(25)]
	s := string(c) + digits(r, 2)
	if r.IntN(2) == 0 {
		s += "." + digits(r, 1+r.IntN(2))
	}
	return s
}

func genDNA(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "ACGT"[r.IntN(4)]
	}
	return string(b)
}

func genBcrypt(r *rand.Rand) string {
	const a = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 53)
	for i := range b {
		b[i] = a[r.IntN(len(a))]
	}
	return "$2" + string("aby"[r.IntN(3)]) + "$10$" + string(b)
}

func genPassword(r *rand.Rand) string {
	return pick(r, []string{"Passw0rd", "qwerty", "abc123", "Zx!9", "iloveyou", "Summer2024!", "888888", "a1b2c3d4"}) + digits(r, r.IntN(3))
}

// genImageB64 is a base64 JPEG/PNG head as a binary column would carry it.
func genImageB64(r *rand.Rand, blob bool) string {
	head := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}
	if r.IntN(2) == 0 {
		head = []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'}
	}
	for len(head) < 48 {
		head = append(head, byte(r.IntN(256)))
	}
	enc := base64.StdEncoding.EncodeToString(head)
	if blob {
		return fmt.Sprintf("blob:%d:%s", 20000+r.IntN(90000), enc)
	}
	return enc
}

func genTemplateB64(r *rand.Rand) string {
	head := []byte("FMR\x00 20\x00")
	for len(head) < 48 {
		head = append(head, byte(r.IntN(256)))
	}
	return fmt.Sprintf("blob:%d:%s", 500+r.IntN(1000), base64.StdEncoding.EncodeToString(head))
}

func genHex(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "0123456789abcdef"[r.IntN(16)]
	}
	return string(b)
}

// column fills n values from gen, leaving a fraction of empty cells.
func column(r *rand.Rand, n int, empty float64, gen func(*rand.Rand) string) []string {
	out := make([]string, n)
	for i := range out {
		if r.Float64() < empty {
			out[i] = pick(r, []string{"", " ", "NULL", "-"})
			continue
		}
		out[i] = gen(r)
	}
	return out
}
