package scanner

import (
	"fmt"
	"strings"

	"github.com/xborder/xborder/scanner/detect"
)

// Aggregates are not persons. A department salary summary or a province health report has rows
// that are groups and numbers that are totals, averages or counts: it holds no person, although
// its columns look like income or health data. A table is an aggregate when all of these hold
// (docs/rules.md, "Aggregates"):
//   - no column identifies a person: no identifying type, no name, no per-person type (address,
//     coordinates, birth date, device, plate, biometric, credential …), and no header that names
//     a per-person key (工号, 会员, user_id …);
//   - some column's header names a measure (合计, 平均, 人数, total, avg, count …);
//   - some column's header names a grouping (部门, 省份, 渠道, 门店, 日期, department, province,
//     channel, store, day …) or holds a category such as gender or ethnicity.
// Its PI types are then dropped and a note says why. When any of these fails, the table is read
// as persons: the conservative side.

// aggregateTypes are the PI types an aggregate may carry: categories and measures of a group.
var aggregateTypes = map[string]bool{
	"financial_record": true, "health": true, "ethnicity": true, "religion": true, "gender": true,
	"criminal_record": true,
}

// categoryTypes can be the grouping column themselves (民族, 人数).
var categoryTypes = map[string]bool{"ethnicity": true, "religion": true, "gender": true}

var (
	measureWords = normalizedWords("合计", "小计", "总计", "汇总", "平均", "均值", "人均", "总额", "总数", "总量",
		"人数", "人次", "次数", "笔数", "数量", "占比", "比例", "比率", "百分比", "中位数", "合計", "總計", "平均值",
		"sum", "total", "avg", "average", "mean", "median", "count", "cnt", "ratio", "percent", "pct", "share",
		"headcount")
	groupWords = normalizedWords("部门", "部門", "科室", "省份", "省", "城市", "地区", "地區", "区域", "區域", "大区",
		"渠道", "门店", "門店", "店铺", "分店", "网点", "仓库", "日期", "月份", "年份", "季度", "周次", "品类", "类别",
		"類別", "分类", "年龄段", "年龄组", "班级", "年级", "团队", "分公司",
		"department", "dept", "province", "region", "city", "area", "channel", "store", "shop", "branch",
		"warehouse", "date", "day", "week", "month", "year", "quarter", "category", "segment", "team", "agegroup",
		"ageband", "class", "grade")
	personKeyWords = normalizedWords("工号", "学号", "员工", "職員", "会员", "會員", "用户", "用戶", "客户", "客戶",
		"患者", "学生", "账号", "帐号", "賬號", "姓名", "病历号", "住院号", "身份证", "手机",
		"userid", "uid", "memberid", "customerid", "empid", "employeeid", "staffid", "studentid", "patientid",
		"username", "fullname", "firstname", "lastname", "customer", "member", "employee", "patient", "student")
)

func normalizedWords(ws ...string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, detect.NormalizeHeader(w))
	}
	return out
}

func headerHas(h string, words []string) string {
	for _, w := range words {
		if strings.Contains(h, w) {
			return w
		}
	}
	return ""
}

// aggregateReason returns why the table's rows are groups rather than persons, or "" when they
// may be persons.
func aggregateReason(cols []string, classes []detect.ColumnClass, reg *detect.Registry) string {
	var measure, grouping string
	pi := false
	for ci, c := range classes {
		h := ""
		if ci < len(cols) {
			h = detect.NormalizeHeader(cols[ci])
		}
		if headerHas(h, personKeyWords) != "" {
			return ""
		}
		for _, t := range c.Types {
			d, ok := reg.Get(t.ID)
			if !ok {
				continue
			}
			if _, id := d.(detect.Identifier); id || !aggregateTypes[t.ID] {
				return ""
			}
			pi = true
			if categoryTypes[t.ID] && grouping == "" {
				grouping = cols[ci]
			}
		}
		if measure == "" && headerHas(h, measureWords) != "" {
			measure = cols[ci]
		}
		if grouping == "" && headerHas(h, groupWords) != "" {
			grouping = cols[ci]
		}
	}
	if !pi || measure == "" || grouping == "" || measure == grouping {
		return ""
	}
	return fmt.Sprintf("rows are groups, not persons: grouped by column %q with measure %q and no column identifying anyone, so the table holds no person (its figures are totals, averages or counts)", grouping, measure)
}

// settle applies the table-level decisions to the column types: an aggregate table keeps no PI
// type (its reason is kept for the file's notes).
func (j *tableJob) settle(classes []detect.ColumnClass) []detect.ColumnClass {
	j.aggregate = aggregateReason(j.cols, classes, j.opt.Registry)
	if j.aggregate == "" {
		return classes
	}
	for i := range classes {
		classes[i].Types = nil
	}
	return classes
}
