package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// scale sizes a generated data set.
type scale struct {
	Rows        int // rows of orders.csv and orders.parquet
	Persons     int // distinct persons among those rows
	XLSXRows    int // rows of orders.xlsx (the first rows of the same stream)
	FolderFiles int // small mixed files under folder/
}

func scaleByName(name string) (scale, error) {
	switch name {
	case "full":
		return scale{Rows: 10_000_000, Persons: 5_000_000, XLSXRows: 1_000_000, FolderFiles: 2000}, nil
	case "small":
		return scale{Rows: 500_000, Persons: 250_000, XLSXRows: 50_000, FolderFiles: 2000}, nil
	}
	return scale{}, fmt.Errorf("unknown scale %q (want full or small)", name)
}

// orderHeader names the columns of every order file.
var orderHeader = []string{"order_id", "name", "mobile", "id_number", "email", "address", "amount", "created_at"}

// region is a real county-level division code with its name, used for both the resident ID
// number and the address so a person's ID and address agree.
type region struct{ code, place string }

var regions = []region{
	{"110101", "北京市东城区"}, {"110105", "北京市朝阳区"}, {"110108", "北京市海淀区"},
	{"120101", "天津市和平区"}, {"310101", "上海市黄浦区"}, {"310104", "上海市徐汇区"},
	{"310115", "上海市浦东新区"}, {"320102", "江苏省南京市玄武区"}, {"320505", "江苏省苏州市虎丘区"},
	{"330102", "浙江省杭州市上城区"}, {"330106", "浙江省杭州市西湖区"}, {"350203", "福建省厦门市思明区"},
	{"370202", "山东省青岛市市南区"}, {"420102", "湖北省武汉市江岸区"}, {"420106", "湖北省武汉市武昌区"},
	{"430102", "湖南省长沙市芙蓉区"}, {"440103", "广东省广州市荔湾区"}, {"440106", "广东省广州市天河区"},
	{"440304", "广东省深圳市福田区"}, {"440305", "广东省深圳市南山区"}, {"500103", "重庆市渝中区"},
	{"510104", "四川省成都市锦江区"}, {"510107", "四川省成都市武侯区"}, {"610113", "陕西省西安市雁塔区"},
	{"210102", "辽宁省沈阳市和平区"},
}

var (
	surnames       = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given          = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅鹏飞玉兰晨宇浩然子涵欣怡梓轩雨婷思远嘉怡俊杰一鸣佳琪文博天佑诗涵宇航子墨若汐")
	mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
		"155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186",
		"187", "188", "189", "191", "198", "199"}
	emailDomains = []string{"qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com", "foxmail.com"}
	streets      = []string{"建国路", "人民路", "中山路", "解放路", "长安街", "南京西路", "科技园路", "文三路", "天府大道",
		"解放大道", "和平路", "友谊路", "新华路", "滨河路", "学院路", "幸福路", "东风路", "黄河路"}
)

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheck is the MOD 11-2 check character of the first 17 digits of a resident ID number.
func idCheck(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// birthDays is the number of days from 1950-01-01 to 2005-12-31: the birth-date range. It is
// coprime with 7919, which makes the date a bijection of the person's thousand-block.
const birthDays = 20454

var birthEpoch = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)

// mix is splitmix64's finaliser: a person's attributes come from mix(seed, person) so they are the
// same on every row and in every file without storing them.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// maxPersons bounds person numbers: below it, distinct persons have distinct mobiles, IDs and
// emails. 1,000,003 is prime, so multiplying by it permutes [0, maxPersons); maxPersons/1000 is
// below birthDays, so the thousand-block picks a distinct birth date.
const maxPersons = 20_000_000

// person holds one person's identifiers.
type person struct {
	name, mobile, id, email, address string
}

func makePerson(seed uint64, p int) person {
	h := mix(seed ^ mix(uint64(p)))
	r := regions[h%uint64(len(regions))]
	h >>= 8

	name := string(surnames[h%uint64(len(surnames))])
	h >>= 8
	name += string(given[h%uint64(len(given))])
	h >>= 8
	if h&1 == 1 {
		name += string(given[(h>>1)%uint64(len(given))])
	}
	h >>= 8

	// q is a bijection of [0, maxPersons) that spreads neighbouring persons over birth dates and
	// number ranges; below it, each identifier is injective in q.
	q := p * 1_000_003 % maxPersons
	np := len(mobilePrefixes)
	suffix := (uint64(q/np)*48271 + 1234567) % 100_000_000
	mobile := fmt.Sprintf("%s%08d", mobilePrefixes[q%np], suffix)

	birth := birthEpoch.AddDate(0, 0, int(uint64(q/1000)*7919%birthDays))
	body := fmt.Sprintf("%s%s%03d", r.code, birth.Format("20060102"), q%1000)
	id := body + string(idCheck(body))

	local := strconv.FormatUint(uint64(p)*2654435761%(1<<40), 36)
	email := "u" + local + "@" + emailDomains[h%uint64(len(emailDomains))]
	h >>= 4

	street := streets[h%uint64(len(streets))]
	h >>= 8
	address := fmt.Sprintf("%s%s%d号%d栋", r.place, street, 1+h%300, 1+(h>>9)%30)
	return person{name: name, mobile: mobile, id: id, email: email, address: address}
}

// rowGen produces the order rows: even rows introduce a new person until all persons have
// appeared, odd rows repeat a person already seen. Any prefix of n rows therefore holds exactly
// min(ceil(n/2), persons) distinct persons, and the same seed gives the same rows.
type rowGen struct {
	persons int
	offset  int // added to person numbers, so folder files share some persons and not others
	rng     *rand.Rand
	row     int
	seen    int
	rec     []string
	start   time.Time
}

func newRowGen(seed uint64, persons, offset int) *rowGen {
	return &rowGen{
		persons: persons, offset: offset,
		rng:   rand.New(rand.NewPCG(seed, 0x0bde15)),
		rec:   make([]string, len(orderHeader)),
		start: time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC),
	}
}

// next returns the next row and the person number it belongs to. The slice is reused by the
// following call.
func (g *rowGen) next() ([]string, int) {
	var p int
	if g.row%2 == 0 && g.seen < g.persons || g.seen == 0 {
		p = g.seen
		g.seen++
	} else {
		p = g.rng.IntN(g.seen)
	}
	p += g.offset
	ps := makePerson(0x5eed, p)
	mobile := ps.mobile
	if g.rng.IntN(10) == 0 { // the same number as a person would type it
		mobile = "+86 " + mobile[:3] + "-" + mobile[3:7] + "-" + mobile[7:]
	}
	cents := 100 + g.rng.IntN(500_000)
	g.rec[0] = strconv.FormatInt(100_000_000_000_000_000+int64(g.row)*7, 10)
	g.rec[1] = ps.name
	g.rec[2] = mobile
	g.rec[3] = ps.id
	g.rec[4] = ps.email
	g.rec[5] = ps.address
	g.rec[6] = strconv.Itoa(cents/100) + "." + fmt.Sprintf("%02d", cents%100)
	g.rec[7] = g.start.Add(time.Duration(g.row) * 3 * time.Second).Format(time.DateTime)
	g.row++
	return g.rec, p
}

// productHeader and productGen make files without personal information for the folder.
var productHeader = []string{"sku", "product", "category", "price", "stock", "updated_at"}

var (
	products   = []string{"无线耳机", "保温杯", "机械键盘", "运动鞋", "茶叶礼盒", "电饭煲", "羽绒服", "台灯", "行李箱", "蓝牙音箱", "空气净化器", "书包"}
	categories = []string{"数码", "家居", "服饰", "食品", "家电", "箱包"}
)

type productGen struct {
	rng *rand.Rand
	row int
	rec []string
}

func newProductGen(seed uint64) *productGen {
	return &productGen{rng: rand.New(rand.NewPCG(seed, 0x9d)), rec: make([]string, len(productHeader))}
}

func (g *productGen) next() []string {
	g.rec[0] = fmt.Sprintf("SKU-%06d", g.row*13+g.rng.IntN(13))
	g.rec[1] = products[g.rng.IntN(len(products))]
	g.rec[2] = categories[g.rng.IntN(len(categories))]
	g.rec[3] = fmt.Sprintf("%d.%02d", 1+g.rng.IntN(2000), g.rng.IntN(100))
	g.rec[4] = strconv.Itoa(g.rng.IntN(10_000))
	g.rec[5] = fmt.Sprintf("2026-%02d-%02d", 1+g.rng.IntN(12), 1+g.rng.IntN(28))
	g.row++
	return g.rec
}
