package detect

import "fmt"

// Table context: some facts about a column are only visible from the rest of its table. A
// "height" column is a person's height next to a diagnosis, a parcel's next to a SKU; the
// coordinates and addresses in a store list are a store's, not a person's; the figures of a
// province summary belong to nobody. ClassifyOptions.Table feeds the first kind to the
// classifier; TableContext applies the others to the classified columns of a table.

// clinicalWords in some header of a table make it clinical: plain "height" and "weight" columns
// there are a patient's.
var clinicalWords = []string{"患者", "病人", "病历", "诊断", "就诊", "门诊", "住院", "体检", "病史", "血压", "血糖", "处方", "用药",
	"patient", "diagnosis", "clinic", "medical", "mrn", "icd", "bloodpressure", "symptom", "checkup"}

// bodyMeasureWords are health only in a clinical table.
var bodyMeasureWords = []string{"height", "weight", "heightcm", "weightkg", "高度", "重量"}

// tableIsClinical reports whether a header of the table names clinical data.
func tableIsClinical(table []string) bool {
	for _, h := range table {
		if normHeader(h).hasAny(clinicalWords) {
			return true
		}
	}
	return false
}

// placeSubjectWords name a row whose subject is a place or an organisation (a store, a
// warehouse, a branch, a company): its coordinates, addresses and money are not a person's.
var placeSubjectWords = []string{"门店", "店铺", "店名", "网点", "仓库", "库房", "营业部", "分公司", "分店", "站点", "基站", "园区", "厂区", "公司名称",
	"企业名称", "单位名称", "机构名称", "商户名称", "商家名称", "供应商名称", "医院名称", "学校名称", "酒店名称",
	"store", "shop", "warehouse", "branch", "outlet", "depot", "site", "station", "company", "merchant", "supplier", "hospital", "school", "hotel",
	"statutoryaddress", "registeredaddress", "注册地址", "经营地址", "办公地址"}

// personSubjectWords name a row whose subject is a person (a customer, a patient, an employee).
var personSubjectWords = []string{"姓名", "客户", "收货人", "收件人", "会员", "用户", "患者", "员工", "学生", "乘客", "住客", "持卡人", "联系人",
	"customer", "member", "user", "patient", "employee", "student", "passenger", "guest", "consignee", "recipient", "buyer", "cardholder"}

// placeTypes are dropped from a place table: its coordinates and addresses are the place's and its
// money is the business's. Names, phones and identifiers stay: a store manager or a company's
// legal representative is a person.
var placeTypes = map[string]bool{"precise_location": true, "postal_address": true, "financial_record": true}

// dimensionWords group rows in a summary table; aggregateWords measure a group.
var (
	dimensionWords = []string{"省", "省份", "城市", "地区", "区域", "大区", "片区", "部门", "门店", "渠道", "品类", "类目", "月份", "年份", "日期", "季度", "周",
		"province", "city", "region", "area", "department", "dept", "channel", "category", "month", "year", "quarter", "week", "date"}
	aggregateWords = []string{"人数", "数量", "合计", "总计", "小计", "总数", "平均", "均值", "中位数", "占比", "比例", "比率", "同比", "环比", "增长率", "销售额", "营业额", "金额", "订单数", "单量", "客单价", "转化率", "gmv",
		"count", "sum", "total", "avg", "average", "mean", "median", "ratio", "rate", "share", "percent", "pct", "revenue", "sales", "orders", "headcount", "num", "qty"}
)

// groupTypes are the only PI types a summary may hold: categories and measures of a group (民族,
// 人数; 部门, 平均工资). Any other type (an identifier, a name, an address, coordinates, a birth
// date, a device, a plate, a credential …) describes one person per row, so the table is read as
// persons: the conservative side.
var groupTypes = map[string]bool{"financial_record": true, "health": true, "ethnicity": true, "religion": true,
	"gender": true, "criminal_record": true}

// personKeyWords in any header name a per-person key that no detector types (工号, 会员号,
// user_id): a table with one is about persons, however summary-like its other headers are.
var personKeyWords = []string{"工号", "学号", "员工编号", "员工id", "會員編號", "会员号", "会员id", "会员编号", "会员卡号",
	"用户id", "用户名", "用户编号", "用户号", "客户id", "客户编号", "客户号", "患者id", "患者编号", "病人id", "学生id",
	"账号", "帐号", "賬號", "姓名", "病历号", "住院号", "身份证", "手机",
	"userid", "uid", "memberid", "customerid", "empid", "employeeid", "staffid", "studentid", "patientid",
	"username", "fullname", "firstname", "lastname"}

// TableContext adjusts the classified columns of one table (headers and classes by column index)
// for what the table as a whole says, in place, and returns classes with a note saying what it
// dropped and why ("" when it kept everything):
//   - a place table (one of its first two headers names a store, warehouse, branch, company… as
//     the row's subject, and no header names a person as the subject) loses precise_location,
//     postal_address and financial_record, and a column named after the place (仓库电话) loses
//     every type: those belong to the place;
//   - a summary table (a grouping column such as 省份/部门/month or a category such as 民族, an
//     aggregate column such as 人数/合计/avg, only group types among its PI types, and no header
//     naming a per-person key) loses every type: its figures describe groups, not persons.
//
// Types found inside free text (TypeMatch.Embedded) are kept either way.
func TableContext(headers []string, classes []ColumnClass) ([]ColumnClass, string) {
	hs := make([]headerText, len(headers))
	for i, h := range headers {
		hs[i] = normHeader(h)
	}
	place, person, perPerson := false, false, false
	var grouping, measure string
	for i, h := range hs {
		// The row's subject leads the table: a store list starts with the store's code or name,
		// while a customer list may mention a hotel or a shop further right.
		place = place || (i < 2 && h.hasAny(placeSubjectWords))
		person = person || h.hasAny(personSubjectWords)
		perPerson = perPerson || h.hasAny(personKeyWords)
		if grouping == "" && h.hasAny(dimensionWords) {
			grouping = headers[i]
		}
		if measure == "" && h.hasAny(aggregateWords) && headers[i] != grouping {
			measure = headers[i]
		}
	}
	groupOnly := true
	for i, c := range classes {
		for _, t := range c.Types {
			if t.Embedded > 0 {
				continue
			}
			groupOnly = groupOnly && groupTypes[t.ID]
			if grouping == "" && (t.ID == "ethnicity" || t.ID == "religion" || t.ID == "gender") && i < len(headers) && headers[i] != measure {
				grouping = headers[i]
			}
		}
	}
	summary := grouping != "" && measure != "" && groupOnly && !perPerson
	placeTable := place && !person
	if !summary && !placeTable {
		return classes, ""
	}
	dropped := false
	for i := range classes {
		// In a place table a column named after the place (仓库电话, 门店地址) is the place's.
		placeColumn := placeTable && i < len(hs) && hs[i].hasAny(placeSubjectWords)
		kept := classes[i].Types[:0]
		for _, t := range classes[i].Types {
			drop := summary || (placeTable && (placeTypes[t.ID] || placeColumn))
			if drop && t.Embedded == 0 {
				dropped = true
				continue
			}
			kept = append(kept, t)
		}
		classes[i].Types = kept
	}
	switch {
	case !dropped:
		return classes, ""
	case summary:
		return classes, fmt.Sprintf("rows are groups, not persons: grouped by column %q with measure %q and no column identifying anyone, so the table holds no person", grouping, measure)
	}
	return classes, "the rows describe places or organisations, not persons: their coordinates, addresses and amounts are not counted as personal information"
}
