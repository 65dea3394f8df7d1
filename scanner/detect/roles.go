package detect

import (
	"sort"
	"strings"
)

// A row of a real export often describes several persons: a waybill its sender and its receiver,
// an order its buyer and its consignee, a school roster a child and a guardian. Role words in a
// header say which person a column describes; RoleOf finds them. The scanner groups a table's
// columns into roles with them (docs/rules.md, "Persons, not rows").

// roleWords maps a canonical role to the header words that name it, Chinese (simplified and
// traditional) and English. Headers and words are compared after NormalizeHeader; the longest
// word found wins, so 紧急联系人 is an emergency contact, not a contact, and 被保险人 is the
// insured, not the policyholder.
var roleWords = map[string][]string{
	"sender":               {"寄件人", "寄件", "发件人", "发件", "寄方", "发货人", "托运人", "寄貨人", "sender", "shipper", "consignor"},
	"receiver":             {"收件人", "收件", "收货人", "收货", "收方", "收貨人", "收貨", "签收人", "提货人", "receiver", "recipient", "consignee", "shipto", "deliverto"},
	"buyer":                {"买家", "買家", "购买人", "購買人", "购买者", "下单人", "下单", "订购人", "訂購人", "buyer", "purchaser", "orderer"},
	"seller":               {"卖家", "賣家", "seller", "vendor"},
	"patient":              {"患者", "病人", "就诊人", "就診人", "病患", "patient"},
	"physician":            {"医生", "醫生", "医师", "醫師", "主治", "接诊", "接診", "physician", "doctor", "clinician"},
	"nurse":                {"护士", "護士", "nurse"},
	"guardian":             {"监护人", "監護人", "家长", "家長", "guardian", "parent"},
	"father":               {"父亲", "父親", "father"},
	"mother":               {"母亲", "母親", "mother"},
	"student":              {"学生", "學生", "幼儿", "幼兒", "儿童", "兒童", "孩子", "student", "pupil", "child"},
	"teacher":              {"教师", "教師", "老师", "老師", "班主任", "teacher"},
	"emergency contact":    {"紧急联系人", "緊急聯絡人", "紧急联络人", "紧急联系", "emergencycontact", "emergency"},
	"legal representative": {"法定代表人", "法人代表", "法定代表", "法人", "legalrepresentative", "legalrep", "legalperson"},
	"contact":              {"联系人", "聯絡人", "聯繫人", "对接人", "contactperson", "contactname"},
	"policyholder":         {"投保人", "要保人", "policyholder", "applicant"},
	"insured":              {"被保险人", "被保險人", "被保人", "insured"},
	"beneficiary":          {"受益人", "beneficiary"},
	"passenger":            {"乘客", "旅客", "乘机人", "乘機人", "乘车人", "入住人", "passenger", "traveler", "traveller", "guest"},
	"booker":               {"预订人", "預訂人", "订票人", "訂票人", "预定人", "booker", "bookedby"},
	"spouse":               {"配偶", "spouse"},
	"referrer":             {"推荐人", "推薦人", "介绍人", "referrer"},
	"courier":              {"快递员", "快遞員", "配送员", "配送員", "骑手", "騎手", "派件员", "courier", "rider"},
	"driver":               {"司机", "司機", "驾驶员", "駕駛員", "driver"},
	"agent":                {"经办人", "經辦人", "业务员", "業務員", "销售员", "客户经理", "agent", "salesperson"},
	"employee":             {"员工", "員工", "职工", "職工", "employee", "staff"},
}

// roleWord is one header word and the role it names.
type roleWord struct{ word, role string }

// roleIndex holds every role word, longest first. It is derived once from roleWords, which
// nothing writes after initialisation.
var roleIndex = func() []roleWord {
	var out []roleWord
	for role, words := range roleWords {
		for _, w := range words {
			if w = NormalizeHeader(w); w != "" {
				out = append(out, roleWord{w, role})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].word) != len(out[j].word) {
			return len(out[i].word) > len(out[j].word)
		}
		return out[i].word < out[j].word
	})
	return out
}()

// RoleOf returns the canonical role the header names ("receiver" for 收货人手机), or "" when it
// names none. The longest role word in the header decides.
func RoleOf(header string) string {
	h := NormalizeHeader(header)
	if h == "" {
		return ""
	}
	for _, rw := range roleIndex {
		if strings.Contains(h, rw.word) {
			return rw.role
		}
	}
	return ""
}

// Roles lists every canonical role RoleOf can return, sorted (for documentation and tests).
func Roles() []string {
	out := make([]string, 0, len(roleWords))
	for r := range roleWords {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Blank reports whether a trimmed cell says nothing about a person: empty, a null placeholder
// (NULL, N/A, -, 无 …) or a value someone already masked (138****5678). Such a cell neither makes
// a person nor marks one sensitive.
func Blank(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	if len(v) <= 12 {
		var low [12]byte
		if nullLike.has(lowerASCII(low[:0], v)) {
			return true
		}
	}
	return isMasked(v)
}
