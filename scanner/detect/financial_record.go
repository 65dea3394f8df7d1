package detect

// FinancialRecord recognises personal financial data: balances, income, salary, credit records.
// Numbers look like any other number, so the header decides (Hints.Required); order amounts and
// prices are trade data and excluded by header.
type FinancialRecord struct{}

var _ Detector = FinancialRecord{}

func init() { register(FinancialRecord{}) }

// ID implements Detector.
func (FinancialRecord) ID() string { return "financial_record" }

// Category implements Detector.
func (FinancialRecord) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (FinancialRecord) Describe() string {
	return "header-driven (余额, 工资, 收入, 征信, 信用分, balance, income, salary…): amounts, scores, ratings or credit-status words; not order amounts or prices"
}

// Hints implements Detector.
func (FinancialRecord) Hints() Hints {
	return Hints{
		Words: []string{"余额", "存款", "工资", "薪资", "薪水", "薪酬", "月薪", "年薪", "月收入", "年收入", "收入", "征信", "信用分", "信用记录",
			"信用评分", "信用等级", "负债", "贷款余额", "欠款", "逾期", "资产", "公积金", "balance", "income", "salary", "wage", "creditscore",
			"creditrecord", "creditrating", "credithistory", "debt", "networth", "overdue", "ficoscore", "fico", "loanbalance"},
		Exclude: []string{"卡号", "账号", "帐号", "cardno", "金额", "订单", "单价", "价格", "售价", "运费", "price", "amount", "total", "freight", "order", "payment",
			"invoice", "cost", "fee", "tax", "discount", "sku", "product", "商品", "编号", "编码", "代码", "类型", "类别", "名称",
			"assetid", "assetno", "assettag", "type", "category"},
		Required: true,
	}
}

// creditWords are credit-status answers (PBOC five-tier loan classification, common ratings).
var creditWords = setOf("良好", "优秀", "正常", "关注", "次级", "可疑", "损失", "逾期", "不良", "呆账", "结清", "已结清", "未逾期",
	"较差", "中等", "一般", "极好", "aaa", "aa", "a", "bbb", "bb", "b", "ccc", "cc", "c", "excellent", "good", "fair", "poor",
	"very good", "bad", "normal", "overdue", "default", "defaulted", "current", "delinquent", "paid off")

// Match implements Detector: an amount (digits with optional sign, thousands separators, decimals,
// currency symbol or unit), a score, or a credit-status word. Only meaningful under a financial
// header.
func (FinancialRecord) Match(v []byte) bool {
	if len(v) == 0 || len(v) > 40 {
		return false
	}
	if isAmount(v) {
		return true
	}
	var buf [40]byte
	return creditWords.has(lowerASCII(buf[:0], v))
}

// amountPrefixes and amountSuffixes are currency marks and units around an amount.
var (
	amountPrefixes = []string{"¥", "￥", "$", "€", "£", "R$", "US$", "HK$", "RMB", "CNY", "USD", "EUR", "-", "+"}
	amountSuffixes = []string{"元", "万元", "万", "千", "k", "K", "w", "W", "/月", "/年", "元/月", "元/年", "RMB", "CNY", "USD", "分"}
)

func isAmount(v []byte) bool {
	for _, p := range amountPrefixes {
		if len(v) > len(p) && string(v[:len(p)]) == p {
			v = v[len(p):]
			break
		}
	}
	for len(v) > 0 && v[0] == ' ' {
		v = v[1:]
	}
	for _, s := range amountSuffixes {
		if len(v) > len(s) && string(v[len(v)-len(s):]) == s {
			v = v[:len(v)-len(s)]
			break
		}
	}
	for len(v) > 0 && v[len(v)-1] == ' ' {
		v = v[:len(v)-1]
	}
	if len(v) == 0 || !asciiDigit(v[0]) {
		return false
	}
	dot := false
	for _, c := range v {
		switch {
		case asciiDigit(c), c == ',':
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return true
}
