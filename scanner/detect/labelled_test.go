package detect

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// labelledColumn is one column of the accuracy set with the types it truly holds.
type labelledColumn struct {
	name   string
	header string
	values []string
	want   []string // types the column holds; empty for columns without personal information
	nonPI  bool     // a trade, technical or organisation column: must never get a sensitive type
}

// checksumTypes are validated by a checksum or a strict format: ≥ 0.98 precision, ≥ 0.95 recall.
var checksumTypes = []string{"cn_resident_id", "bank_card", "iban", "phone_number", "email", "org_credit_code",
	"ip_address", "device_id", "license_plate", "passport_number", "travel_permit", "precise_location"}

// labelledColumns builds the accuracy set deterministically: each generator has its own seed.
func labelledColumns() []labelledColumn {
	var cols []labelledColumn
	seed := uint64(1)
	add := func(name, header string, want []string, n int, empty float64, gen func(*rand.Rand) string) {
		seed++
		r := newRand(seed)
		cols = append(cols, labelledColumn{name: name, header: header, values: column(r, n, empty, gen), want: want})
	}
	nonPI := func(name, header string, n int, gen func(*rand.Rand) string, want ...string) {
		seed++
		r := newRand(seed)
		cols = append(cols, labelledColumn{name: name, header: header, values: column(r, n, 0.02, gen), want: want, nonPI: true})
	}
	// variants adds one column per header, with a few empty cells and some masked values mixed in.
	variants := func(typ string, headers []string, gen func(*rand.Rand) string) {
		for i, h := range headers {
			empty := []float64{0, 0.05, 0.2}[i%3]
			g := gen
			if i%4 == 3 {
				g = func(r *rand.Rand) string {
					if r.IntN(10) == 0 {
						return MaskText([]byte(gen(r)))
					}
					return gen(r)
				}
			}
			add(fmt.Sprintf("%s/%d", typ, i), h, []string{typ}, 120+40*(i%3), empty, g)
		}
	}

	// Identifier types.
	variants("cn_resident_id", []string{"身份证号", "身份证号码", "证件号", "id_card", "ID No.", "sfzh", "", "备注", "col_7", "公民身份号码"}, genResidentID)
	variants("bank_card", []string{"银行卡号", "卡号", "card_no", "bank card", "", "支付账户", "借记卡", "field3"}, genBankCard)
	variants("iban", []string{"IBAN", "iban_no", "账户", "", "beneficiary account", "国际银行账号"}, genIBAN)
	variants("phone_number", []string{"手机号", "联系电话", "mobile", "Phone", "tel", "", "收货人手机", "col2", "电话号码"}, genPhone)
	variants("email", []string{"邮箱", "email", "E-mail", "mail_addr", "", "联系邮箱", "user"}, genEmail)
	variants("ip_address", []string{"IP地址", "ip", "client_ip", "login ip", "", "来源", "remote_addr"}, genIP)
	variants("device_id", []string{"设备号", "IMEI", "device_id", "mac_address", "", "终端标识"}, genDeviceID)
	variants("license_plate", []string{"车牌号", "车牌", "plate_no", "vehicle", "", "号码"}, genPlate)
	variants("passport_number", []string{"护照号", "护照号码", "passport", "passport_no", "", "证件"}, genPassport)
	variants("travel_permit", []string{"通行证号", "港澳通行证", "回乡证", "permit_no", "", "证件号码2"}, genTravelPermit)
	variants("precise_location", []string{"经纬度", "坐标", "gps", "location", "", "lat_lng"}, genLocation)
	variants("person_name", []string{"姓名", "收货人", "客户姓名", "联系人", "name", "full_name", "", "持卡人", "col1"}, genChineseName)
	variants("person_name", []string{"name", "customer name", "consignee", "", "收件人", "contact"}, genLatinName)
	variants("person_name", []string{"英文名", "name_en", "passenger name", "", "pinyin_name"}, genPinyinName)
	variants("postal_address", []string{"地址", "收货地址", "家庭住址", "address", "addr", "", "备注", "联系地址"}, genCNAddress)
	variants("postal_address", []string{"address", "street_address", "shipping address", "", "地址"}, genLatinAddress)

	// Header-driven types: only hinted headers make them.
	variants("birth_date", []string{"出生日期", "生日", "birthday", "date_of_birth", "DOB", "出生年月"}, genBirthDate)
	variants("gender", []string{"性别", "gender", "sex", ""}, func(r *rand.Rand) string { return pick(r, []string{"男", "女", "男", "女", "男性", "女性"}) })
	variants("gender", []string{"gender", "Sex", "性别"}, func(r *rand.Rand) string { return pick(r, []string{"M", "F", "F", "M", "U"}) })
	variants("gender", []string{"gender", "", "sexo"}, func(r *rand.Rand) string { return pick(r, []string{"Male", "Female", "male", "female"}) })
	variants("ethnicity", []string{"民族", "ethnicity", "", "族别"}, func(r *rand.Rand) string {
		return pick(r, []string{"汉族", "汉族", "汉族", "壮族", "回族", "满族", "维吾尔族", "苗族", "彝族", "土家族", "藏族", "蒙古族"})
	})
	variants("ethnicity", []string{"民族", "ethnic_group"}, func(r *rand.Rand) string { return pick(r, []string{"汉", "汉", "回", "满", "壮", "其他"}) })
	variants("religion", []string{"宗教信仰", "religion", "", "信仰"}, func(r *rand.Rand) string {
		return pick(r, []string{"佛教", "无宗教信仰", "基督教", "伊斯兰教", "道教", "天主教", "无"})
	})
	variants("religion", []string{"religion", "faith", ""}, func(r *rand.Rand) string {
		return pick(r, []string{"Buddhist", "Christian", "Muslim", "Catholic", "Hindu", "Atheist"})
	})
	variants("health", []string{"诊断", "病史", "既往病史", "diagnosis", "", "medical_history", "过敏史"}, func(r *rand.Rand) string { return pick(r, genDiagnoses) })
	variants("health", []string{"ICD编码", "诊断编码", "icd10", "diagnosis_code"}, genICD)
	variants("genetic", []string{"DNA序列", "sequence", "", "基因片段"}, func(r *rand.Rand) string { return genDNA(r, 20+r.IntN(60)) })
	variants("genetic", []string{"rsid", "snp", ""}, func(r *rand.Rand) string { return "rs" + strconv.Itoa(1000+r.IntN(99999999)) })
	variants("genetic", []string{"genotype", "基因型"}, func(r *rand.Rand) string { return pick(r, []string{"AA", "AG", "GG", "CT", "TT", "CC", "A/G"}) })
	variants("criminal_record", []string{"犯罪记录", "前科", "criminal_record", "违法犯罪记录"}, func(r *rand.Rand) string {
		if r.IntN(3) > 0 {
			return "无"
		}
		return pick(r, []string{"2015年因盗窃罪被判处有期徒刑一年", "危险驾驶罪 拘役二个月", "诈骗罪，缓刑", "theft conviction 2012", "有"})
	})
	variants("financial_record", []string{"账户余额", "月收入", "salary", "年收入(元)", "信用分", "balance", "征信记录"}, func(r *rand.Rand) string {
		switch r.IntN(4) {
		case 0:
			return strconv.Itoa(3000+r.IntN(50000)) + ".00"
		case 1:
			return "¥" + strconv.Itoa(100+r.IntN(900)) + "," + digits(r, 3)
		case 2:
			return pick(r, []string{"良好", "正常", "逾期", "关注"})
		}
		return strconv.Itoa(350 + r.IntN(600))
	})
	variants("biometric", []string{"人脸照片", "face_image", "指纹", "avatar"}, func(r *rand.Rand) string { return genImageB64(r, r.IntN(2) == 0) })
	variants("biometric", []string{"", "template", "fingerprint"}, genTemplateB64)
	variants("credential", []string{"密码", "password", "pwd", "支付密码", "PIN", "cvv"}, genPassword)
	variants("credential", []string{"", "hash", "password_hash"}, genBcrypt)
	variants("social_security_number", []string{"社保号", "社会保障号码", "ssn"}, genResidentID)
	// A 社保号 column holds resident ID numbers: both types are right.
	for i := range cols {
		if cols[i].want[0] == "social_security_number" {
			cols[i].want = []string{"social_security_number", "cn_resident_id"}
		}
	}

	// Mixed columns.
	add("mixed/ids+passports", "证件号码", []string{"cn_resident_id", "passport_number"}, 200, 0.05, func(r *rand.Rand) string {
		if r.IntN(10) == 0 {
			return genPassport(r)
		}
		return genResidentID(r)
	})
	add("mixed/phone+email", "联系方式", []string{"phone_number", "email"}, 200, 0.05, func(r *rand.Rand) string {
		if r.IntN(3) == 0 {
			return genEmail(r)
		}
		return genPhone(r)
	})
	add("mixed/ids+permits", "证件号", []string{"cn_resident_id", "travel_permit"}, 200, 0, func(r *rand.Rand) string {
		if r.IntN(8) == 0 {
			return genTravelPermit(r)
		}
		return genResidentID(r)
	})
	add("mixed/phone+email-no-header", "", []string{"phone_number", "email"}, 200, 0.05, func(r *rand.Rand) string {
		if r.IntN(5) < 2 {
			return genEmail(r)
		}
		return genPhone(r)
	})
	add("mixed/ids+plates-no-header", "col5", []string{"cn_resident_id", "license_plate"}, 200, 0.05, func(r *rand.Rand) string {
		if r.IntN(3) == 0 {
			return genPlate(r)
		}
		return genResidentID(r)
	})
	add("mixed/names+blanks", "联系人", []string{"person_name"}, 200, 0.4, genChineseName)

	// Columns without personal information.
	for i, h := range []string{"订单号", "order_id", "order_no", "", "单号"} {
		nonPI("order18/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return fmt.Sprintf("2024%02d%02d%010d", 1+r.IntN(12), 1+r.IntN(28), r.Int64N(1e10))
		})
	}
	for i, h := range []string{"订单编号", "order_id", "", "交易号"} {
		base := int64(10000000000 + 1000000*i)
		nonPI("order11/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string { base += 1 + r.Int64N(50); return strconv.FormatInt(base, 10) })
	}
	for i, h := range []string{"SKU", "商品编码", "item_code", ""} {
		nonPI("sku/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"SKU-", "HW-", "A", "JD", ""}) + string(byte('A'+r.IntN(26))) + digits(r, 2+r.IntN(6)) + pick(r, []string{"", "-BLK", "-128G", "-XL"})
		})
	}
	for i, h := range []string{"运单号", "tracking_no", "快递单号", ""} {
		nonPI("tracking/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"SF", "YT", "JDV", "ZTO", "75"}) + digits(r, 12+r.IntN(2))
		})
	}
	for i, h := range []string{"单价", "price", "金额", "订单金额", "total", "amount", "运费", "freight_value", ""} {
		nonPI("money/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return fmt.Sprintf("%d.%02d", r.IntN(3000), r.IntN(100))
		})
	}
	for i, h := range []string{"数量", "qty", "quantity", "库存", ""} {
		nonPI("qty/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string { return strconv.Itoa(1 + r.IntN(20)) })
	}
	for i, h := range []string{"created_at", "下单时间", "ts", "update_time", "", "timestamp"} {
		nonPI("ts/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			sec := 1600000000 + r.Int64N(150000000)
			switch i % 3 {
			case 0:
				return strconv.FormatInt(sec, 10)
			case 1:
				return strconv.FormatInt(sec*1000+r.Int64N(1000), 10)
			}
			return fmt.Sprintf("2024-%02d-%02dT%02d:%02d:%02dZ", 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
		})
	}
	for i, h := range []string{"request_id", "trace_id", "uuid", "", "批次号"} {
		nonPI("uuid/"+strconv.Itoa(i), h, 150, genUUID)
	}
	for i, h := range []string{"sha256", "checksum", "file_hash", ""} {
		nonPI("sha256/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string { return genHex(r, 64) })
	}
	for i, h := range []string{"统一社会信用代码", "uscc", "税号", "", "供应商代码"} {
		nonPI("uscc/"+strconv.Itoa(i), h, 150, genCreditCode, "org_credit_code")
	}
	for i, h := range []string{"商品名称", "product_name", "品名", "", "name"} {
		nonPI("products/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"王老吉凉茶", "张裕干红", "李宁运动鞋", "周黑鸭鸭脖", "马应龙麝香痔疮膏", "杜蕾斯", "康师傅红烧牛肉面",
				"农夫山泉", "老干妈风味豆豉", "海天酱油", "蒙牛纯牛奶", "伊利安慕希", "华为Mate60", "小米手环8", "白象方便面", "金龙鱼调和油",
				"陈克明挂面", "钟薛高雪糕", "江小白", "Apple iPhone 15", "Nike Air Max", "Samsung Galaxy S24"})
		})
	}
	for i, h := range []string{"公司名称", "company", "供应商", "", "merchant"} {
		nonPI("companies/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"北京字节跳动科技有限公司", "阿里巴巴集团", "深圳市腾讯计算机系统有限公司", "王府井百货", "张江高科技园区开发股份有限公司",
				"Acme Trading Ltd", "Global Logistics Inc", "李宁体育用品有限公司", "顺丰速运", "京东物流集团"})
		})
	}
	for i, h := range []string{"城市", "city", "省份", "", "收货城市", "seller_city"} {
		nonPI("cities/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"北京", "上海市", "广州", "深圳市", "杭州", "成都市", "武汉", "南京", "重庆", "西安", "广东省", "浙江省", "Sao Paulo", "Campinas", "curitiba"})
		})
	}
	for i, h := range []string{"城市坐标", "city_center", "", "geo"} {
		nonPI("citycoord/"+strconv.Itoa(i), h, 150, genCityCoord)
	}
	for i, h := range []string{"版本", "version", "app_version", "", "release"} {
		nonPI("version/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return fmt.Sprintf("%s%d.%d.%d", pick(r, []string{"", "v"}), r.IntN(12), r.IntN(20), r.IntN(100))
		})
	}
	for i, h := range []string{"状态", "order_status", "status", "", "支付状态"} {
		nonPI("status/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"PAID", "SHIPPED", "delivered", "canceled", "已发货", "待付款", "已完成", "退款中", "invoiced"})
		})
	}
	for i, h := range []string{"类目", "category", "product_category_name", "", "一级分类"} {
		nonPI("category/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"电子产品", "食品饮料", "服装鞋帽", "beleza_saude", "cama_mesa_banho", "esporte_lazer", "家居用品", "母婴", "图书"})
		})
	}
	for i, h := range []string{"is_deleted", "是否有效", "active", "", "flag"} {
		nonPI("bool/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, [][]string{{"true", "false"}, {"是", "否"}, {"0", "1"}, {"Y", "N"}, {"TRUE", "FALSE"}}[i])
		})
	}
	for i, h := range []string{"size", "尺码", ""} {
		nonPI("sizes/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string { return pick(r, []string{"S", "M", "L", "XL", "XXL", "F"}) })
	}
	for i, h := range []string{"payment_type", "支付方式", ""} {
		nonPI("payment_type/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"credit_card", "boleto", "voucher", "debit_card", "微信支付", "支付宝"})
		})
	}
	for i, h := range []string{"seller_zip_code_prefix", "邮编", "zip", ""} {
		nonPI("zip/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			if i == 1 {
				return "5" + digits(r, 5)
			}
			return digits(r, 5)
		})
	}
	for i, h := range []string{"seller_state", "省份代码", ""} {
		nonPI("state/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string { return pick(r, []string{"SP", "RJ", "MG", "PR", "SC", "BA"}) })
	}
	for i, h := range []string{"product_weight_g", "product_length_cm", "payment_installments"} {
		nonPI("dims/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string { return strconv.Itoa(r.IntN(30000)) })
	}
	for i, h := range []string{"备注", "comment", "review_title"} {
		nonPI("remarks/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"请尽快发货", "包装完好", "物流很快，好评", "不错", "送货上门", "Great product", "recomendo", "质量一般"})
		})
	}
	for i, h := range []string{"shipping_limit_date", "下单日期", "order_date"} {
		nonPI("dates/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return fmt.Sprintf("20%02d-%02d-%02d", 17+r.IntN(8), 1+r.IntN(12), 1+r.IntN(28))
		})
	}
	for i, h := range []string{"颜色", "color", ""} {
		nonPI("colours/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"黄色", "白色", "金色", "红色", "黑色", "蓝色", "玫瑰金", "深空灰", "Space Gray", "Rose Gold"})
		})
	}
	for i, h := range []string{"快递公司", "carrier", "", "物流"} {
		nonPI("couriers/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"顺丰", "申通", "圆通", "韵达", "中通", "百世", "京东", "邮政", "EMS", "德邦"})
		})
	}
	for i, h := range []string{"标签", "tags", "", "店铺类型"} {
		nonPI("tags/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"包邮", "新款", "爆款", "时尚", "简约", "商务", "运动", "自营", "旗舰店", "官方", "正品", "现货", "预售"})
		})
	}
	for i, h := range []string{"品牌", "brand", "", "厂商"} {
		nonPI("brands/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"华为", "小米", "苹果", "联想", "海尔", "格力", "美的", "国美", "李宁", "安踏", "王老吉", "周大福", "Apple", "Nike"})
		})
	}
	for i, h := range []string{"评价", "review", ""} {
		nonPI("reviews/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"好评", "中评", "差评", "满意", "一般", "非常满意"})
		})
	}
	for i, h := range []string{"门店地址", "仓库", "warehouse", ""} {
		nonPI("regions/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"北京市朝阳区", "上海市浦东新区", "广东省深圳市", "华东仓", "华南一号仓", "浙江省杭州市余杭区"})
		})
	}
	// Realistic PI columns with noise: mixed scripts, typos, stray text.
	add("names/mixed-script", "客户", []string{"person_name"}, 200, 0.1, func(r *rand.Rand) string {
		switch r.IntN(10) {
		case 0:
			return genLatinName(r)
		case 1:
			return pick(r, []string{"测试", "不详", "王先生", "李女士"})
		}
		return genChineseName(r)
	})
	add("address/noisy", "收货信息", []string{"postal_address"}, 200, 0.05, func(r *rand.Rand) string {
		if r.IntN(8) == 0 {
			return pick(r, []string{"自提", "同上", "门卫室代收"})
		}
		return genCNAddress(r)
	})
	for i, h := range []string{"product_title", "menu_item", "", "英文品名"} {
		nonPI("titles/"+strconv.Itoa(i), h, 150, func(r *rand.Rand) string {
			return pick(r, []string{"Long Island Iced Tea", "Gong Cha Milk Tea", "Ma Cherie Shampoo", "Galaxy Buds Pro", "Air Jordan",
				"Summer Sale", "Lucky Star", "Golden Dragon", "Happy Hour", "Blue Moon", "Kung Pao Chicken", "Dim Sum Platter"})
		})
	}
	// Misleading headers: the values contradict them, so no type may come from the header alone.
	nonPI("misleading/姓名-products", "姓名", 150, func(r *rand.Rand) string {
		return pick(r, []string{"王老吉凉茶", "张裕干红", "农夫山泉", "康师傅红烧牛肉面", "李宁运动鞋", "周黑鸭"})
	})
	nonPI("misleading/身份证号-random18", "身份证号", 150, func(r *rand.Rand) string { return "9" + digits(r, 17) })
	nonPI("misleading/手机号-orders", "手机号", 150, func(r *rand.Rand) string { return "10" + digits(r, 9) })
	nonPI("misleading/email-usernames", "email", 150, func(r *rand.Rand) string { return pick(r, emailUsers) + digits(r, 2) })
	nonPI("misleading/诊断-skus", "诊断", 150, func(r *rand.Rand) string { return "SKU" + digits(r, 6) })
	nonPI("misleading/宗教-text", "宗教", 150, func(r *rand.Rand) string { return pick(r, []string{"已填写", "见附件", "待补充"}) })
	cols = append(cols, olistColumns()...)
	return cols
}

// olistColumns reads the Olist sample tables, when present, as extra columns without personal
// information (not copied into the repository: CC BY-NC-SA).
func olistColumns() []labelledColumn {
	files, _ := filepath.Glob("/work/shared/data-src/olist-sample/*.csv")
	var cols []labelledColumn
	for _, f := range files {
		c, err := readCSVColumns(f, 300)
		if err != nil {
			continue
		}
		cols = append(cols, c...)
	}
	return cols
}

func readCSVColumns(path string, maxRows int) ([]labelledColumn, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer fh.Close()
	rd := csv.NewReader(fh)
	header, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("read header of %s: %w", path, err)
	}
	cols := make([]labelledColumn, len(header))
	for i, h := range header {
		cols[i] = labelledColumn{name: "olist/" + filepath.Base(path) + "/" + h, header: strings.TrimPrefix(h, "\ufeff"), nonPI: true}
	}
	for n := 0; n < maxRows; n++ {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s row %d: %w", path, n+2, err)
		}
		for i := range cols {
			if i < len(rec) {
				cols[i].values = append(cols[i].values, rec[i])
			}
		}
	}
	return cols, nil
}

// typeScore counts, over columns, how often a type was predicted and truly present.
type typeScore struct{ tp, fp, fn int }

func TestLabelledAccuracy(t *testing.T) {
	cols := labelledColumns()
	reg := Builtin()
	scores := map[string]*typeScore{}
	score := func(id string) *typeScore {
		if scores[id] == nil {
			scores[id] = &typeScore{}
		}
		return scores[id]
	}
	nonPI := 0
	for _, col := range cols {
		if col.nonPI {
			nonPI++
		}
		c := NewClassifier(reg, col.header, ClassifyOptions{})
		for _, v := range col.values {
			c.Add([]byte(v))
		}
		res := c.Result()
		var got []string
		for _, tm := range res.Types {
			if tm.ID == "minor" {
				continue // derived by the scanner, not labelled here
			}
			got = append(got, tm.ID)
			if col.nonPI && tm.Category == CategorySensitive {
				t.Errorf("non-PI column %s (header %q) got sensitive type %s (confidence %.2f, %d/%d)", col.name, col.header, tm.ID, tm.Confidence, tm.Matched, tm.Sampled)
			}
			for _, ex := range tm.Examples {
				if slices.Contains(col.values, ex) && !strings.ContainsAny(ex, "*") {
					t.Errorf("column %s: example %q of %s is not masked", col.name, ex, tm.ID)
				}
			}
		}
		for _, id := range got {
			if slices.Contains(col.want, id) {
				score(id).tp++
			} else {
				score(id).fp++
				if testing.Verbose() {
					t.Logf("false positive: %-28s header %-22q -> %s", col.name, col.header, id)
				}
			}
		}
		for _, id := range col.want {
			if !slices.Contains(got, id) {
				score(id).fn++
				if testing.Verbose() {
					t.Logf("missed:         %-28s header %-22q  want %s, got %v", col.name, col.header, id, got)
				}
			}
		}
	}
	if len(cols) < 300 || nonPI < 100 {
		t.Fatalf("labelled set too small: %d columns, %d without PI; want ≥ 300 and ≥ 100", len(cols), nonPI)
	}

	ids := make([]string, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var table strings.Builder
	fmt.Fprintf(&table, "%d columns (%d without PI)\n%-24s %4s %4s %4s %9s %7s\n", len(cols), nonPI, "type", "TP", "FP", "FN", "precision", "recall")
	for _, id := range ids {
		s := scores[id]
		p, rc := ratio(s.tp, s.tp+s.fp), ratio(s.tp, s.tp+s.fn)
		fmt.Fprintf(&table, "%-24s %4d %4d %4d %9.3f %7.3f\n", id, s.tp, s.fp, s.fn, p, rc)
		minP, minR := 0.90, 0.90
		if slices.Contains(checksumTypes, id) {
			minP, minR = 0.98, 0.95
		}
		if p < minP || rc < minR {
			t.Errorf("%s: precision %.3f (want ≥ %.2f), recall %.3f (want ≥ %.2f)", id, p, minP, rc, minR)
		}
	}
	t.Log("\n" + table.String())
	t.Log("\n" + confidenceSweep(cols, reg))
}

// confidenceSweep shows how the total false positives and misses over the labelled set move
// with MinConfidence: the evidence behind the default of 0.5.
func confidenceSweep(cols []labelledColumn, reg *Registry) string {
	type scored struct {
		col  int
		id   string
		conf float64
	}
	var all []scored
	for i, col := range cols {
		c := NewClassifier(reg, col.header, ClassifyOptions{MinConfidence: 0.01})
		for _, v := range col.values {
			c.Add([]byte(v))
		}
		for _, tm := range c.Result().Types {
			all = append(all, scored{i, tm.ID, tm.Confidence})
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %6s %6s %14s\n", "MinConfidence", "FP", "FN", "sensitive-FP")
	for _, th := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8} {
		fp, fn, sens := 0, 0, 0
		listed := map[int][]string{}
		for _, s := range all {
			if s.conf >= th {
				listed[s.col] = append(listed[s.col], s.id)
			}
		}
		for i, col := range cols {
			for _, id := range listed[i] {
				if !slices.Contains(col.want, id) {
					fp++
					if d, ok := reg.Get(id); ok && col.nonPI && d.Category() == CategorySensitive {
						sens++
					}
				}
			}
			for _, id := range col.want {
				if !slices.Contains(listed[i], id) {
					fn++
				}
			}
		}
		fmt.Fprintf(&b, "%-14.1f %6d %6d %14d\n", th, fp, fn, sens)
	}
	return b.String()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
