#!/usr/bin/env python3
"""Writes testdata/persons: exports whose rows describe several persons (a waybill's sender and
receiver, an order's buyer and consignee, ...), files whose sensitive columns are not identifiers,
and aggregate tables, with the truth computed while generating: truth.json gives, per file, the
distinct persons and the distinct persons with sensitive personal information.

Written by Python's csv module and openpyxl (Debian: python3, python3-openpyxl), never by
xborder's own code. Every person is synthetic: resident ID numbers follow GB 11643 (real region
codes, valid dates, MOD 11-2 check digit), cards pass Luhn, mobiles use assigned prefixes.

A person is one Python object; every time a row shows them, it shows their own values. The
truth is the number of distinct person objects a file shows, and of those shown with a sensitive
value (an ID number, a bank card, a diagnosis, a minor's birth date, ...). Where a person appears
in two roles with different identifiers, some row shows both identifiers for them together, as
real exports do (a buyer's phone and ID number on one order, the same phone as a consignee on
another), so the link is in the data.

Run from the repository root: /usr/bin/python3 testdata/persons/gen/persons.py
"""
import csv, datetime, json, os, random

import openpyxl

R = random.Random(20261206)
OUT = "testdata/persons"
TODAY = datetime.date(2026, 12, 6)  # the scan date the tests use
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉建波宁浩然子轩梓涵一诺欣怡思远嘉佳琪"
REGIONS = ["110105", "110108", "310101", "310115", "440106", "440305", "330106", "320102", "510107", "420106", "610113", "370202"]
CITIES = [("北京市", "朝阳区", "建国路"), ("上海市", "浦东新区", "世纪大道"), ("广东省广州市", "天河区", "天河路"),
          ("广东省深圳市", "南山区", "科技园路"), ("浙江省杭州市", "西湖区", "文三路"), ("四川省成都市", "武侯区", "人民南路")]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
PREFIXES = ["138", "139", "150", "151", "158", "186", "187", "199", "177", "135", "136", "188"]

used = set()

def unique(make):
    while True:
        v = make()
        if v not in used:
            used.add(v)
            return v

def birth(year_from, year_to):
    return datetime.date(R.randint(year_from, year_to), R.randint(1, 12), R.randint(1, 28))

def resident_id(b):
    def make():
        body = f"{R.choice(REGIONS)}{b:%Y%m%d}{R.randint(0, 999):03d}"
        s = sum(int(c) * w for c, w in zip(body, W))
        return body + "10X98765432"[s % 11]
    return unique(make)

def card():
    def make():
        body = R.choice(["622202", "621700", "436742", "622848"]) + "".join(R.choice("0123456789") for _ in range(12))
        total = 0
        for i, c in enumerate(reversed(body)):
            v = int(c)
            if i % 2 == 0:
                v *= 2
                if v > 9:
                    v -= 9
            total += v
        return body + str((10 - total % 10) % 10)
    return unique(make)

def mobile():
    return unique(lambda: R.choice(PREFIXES) + f"{R.randint(0, 99999999):08d}")

def cname():
    return unique(lambda: R.choice(SURNAMES) + "".join(R.choice(GIVEN) for _ in range(R.choice([1, 2, 2]))))

def address():
    p, d, road = R.choice(CITIES)
    return f"{p}{d}{road}{R.randint(1, 999)}号{R.randint(1, 30)}栋{R.randint(101, 2805)}室"


EVERYONE = []  # keeps every person alive, so id() never names two of them


class Person:
    """One natural person with all their identifiers."""
    def __init__(self, minor=False):
        EVERYONE.append(self)
        self.birth = birth(2014, 2020) if minor else birth(1950, 2000)
        self.name = cname()
        self.id = resident_id(self.birth)
        self.mobile = mobile()
        self.card = card()
        self.address = address()


class File:
    """Rows plus the truth: which persons were shown, and which with sensitive values."""
    def __init__(self, name, header, writer="csv"):
        self.name, self.header, self.writer = name, header, writer
        self.rows, self.shown, self.sensitive = [], set(), set()

    def add(self, row, shown=(), sensitive=()):
        self.rows.append(row)
        self.shown.update(id(p) for p in shown)
        self.sensitive.update(id(p) for p in sensitive)

    def write(self, truth, **extra):
        path = f"{OUT}/{self.name}"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if self.writer == "xlsx":
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "Sheet1"
            ws.append(self.header)
            for r in self.rows:
                ws.append(r)
            # ID and card numbers stay text, as Chinese exports keep them.
            for row in ws.iter_rows(min_row=2):
                for c in row:
                    c.number_format = "@"
            wb.save(path)
        else:
            with open(path, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(self.header)
                w.writerows(self.rows)
        truth[self.name] = dict(individuals=len(self.shown), sensitive_individuals=len(self.sensitive), rows=len(self.rows), **extra)


truth = {}

# 1. Logistics waybills: a sender and a receiver per row. Five couriers send most parcels from
#    the depot; two of them also receive a parcel on another row (one person, two roles).
couriers = [Person() for _ in range(5)]
f = File("shapes/waybills.csv", ["运单号", "寄件人", "寄件人电话", "寄件地址", "收件人", "收件人电话", "收件地址", "重量kg"])
receivers = [Person() for _ in range(900)]
for i, rcv in enumerate(receivers):
    snd = R.choice(couriers)
    f.add([f"SF{1400000000 + i}", snd.name, snd.mobile, "上海市青浦区华新镇快递集散中心", rcv.name, rcv.mobile, rcv.address, f"{R.uniform(0.2, 20):.1f}"], shown=[snd, rcv])
for c in couriers[:2]:
    snd = R.choice(receivers)
    f.add([f"SF{1500000000 + len(f.rows)}", snd.name, snd.mobile, snd.address, c.name, c.mobile, c.address, "1.0"], shown=[snd, c])
f.write(truth, shape="sender and receiver; couriers reappear as receivers")

# 2. Cross-border e-commerce orders: the buyer (with ID number for customs) and the consignee.
#    Some buyers send to themselves: their consignee columns carry their phone only, linked to
#    their ID number by their own buyer columns on another order.
buyers = [Person() for _ in range(400)]
f = File("shapes/orders.csv", ["订单编号", "订购人姓名", "订购人手机", "订购人身份证号", "收货人", "收货人手机", "收货地址", "实付金额"])
for i in range(700):
    b = R.choice(buyers)
    cons = b if R.random() < 0.3 else Person()
    f.add([f"2026{R.randint(10**13, 10**14 - 1)}", b.name, b.mobile, b.id, cons.name, cons.mobile, cons.address, f"{R.uniform(10, 3000):.2f}"],
          shown=[b, cons], sensitive=[b])
# A consignee who is a buyer elsewhere (phone only here): the same person.
f.write(truth, shape="buyer and consignee; a buyer receiving is one person across roles")

# 3. School roster: a child (a minor: their birth date is sensitive) and a guardian; siblings
#    share a guardian.
guardians = [Person() for _ in range(250)]
f = File("shapes/roster.xlsx", ["学号", "学生姓名", "出生日期", "班级", "家长姓名", "家长手机"], writer="xlsx")
for i in range(400):
    child, g = Person(minor=True), R.choice(guardians)
    f.add([f"S{2026000 + i}", child.name, child.birth.isoformat(), f"{R.randint(1, 6)}年级{R.randint(1, 8)}班", g.name, g.mobile],
          shown=[child, g], sensitive=[child])
f.write(truth, shape="child and guardian")

# 4. Clinic visits: a patient (diagnosis: sensitive) and a physician; physicians repeat.
doctors = [Person() for _ in range(12)]
patients = [Person() for _ in range(500)]
f = File("shapes/visits.csv", ["就诊日期", "患者姓名", "患者手机", "诊断", "医生姓名", "医生电话"])
for i in range(800):
    p, d = R.choice(patients), R.choice(doctors)
    f.add([f"2026-11-{R.randint(1, 30):02d}", p.name, p.mobile, R.choice(["高血压", "2型糖尿病", "急性上呼吸道感染", "慢性胃炎", "腰椎间盘突出"]),
           d.name, d.mobile], shown=[p, d], sensitive=[p])
f.write(truth, shape="patient and physician")

# 5. HR roster: an employee (ID number and salary card: sensitive) and an emergency contact.
f = File("shapes/hr.xlsx", ["工号", "姓名", "手机", "身份证号", "工资卡号", "紧急联系人", "紧急联系人电话"], writer="xlsx")
for i in range(300):
    e, ec = Person(), Person()
    f.add([f"E{10000 + i}", e.name, e.mobile, e.id, e.card, ec.name, ec.mobile], shown=[e, ec], sensitive=[e])
f.write(truth, shape="employee and emergency contact")

# 6. Supplier list: a legal representative and a contact per company; some represent two.
reps = [Person() for _ in range(150)]
f = File("shapes/suppliers.csv", ["供应商名称", "法定代表人", "法人手机", "联系人", "联系电话", "注册地址"])
for i in range(200):
    rep, con = R.choice(reps), Person()
    f.add([f"上海{R.choice(['恒','嘉','瑞','华','鑫'])}{R.choice(['达','盛','源','通'])}贸易有限公司{i}", rep.name, rep.mobile, con.name, con.mobile,
           "上海市浦东新区张江路%d号" % R.randint(1, 999)], shown=[rep, con])
f.write(truth, shape="legal representative and contact")

# 7. Air bookings: a passenger (ID number: sensitive) and the booker; bookers book for several
#    passengers and sometimes fly themselves (then their phone links the two roles).
bookers = [Person() for _ in range(120)]
f = File("shapes/bookings.csv", ["订单号", "乘机人姓名", "乘机人证件号", "乘机人手机", "预订人", "预订人手机", "航班"])
for i in range(600):
    bk = R.choice(bookers)
    pax = bk if R.random() < 0.15 else Person()
    f.add([f"B{9000000 + i}", pax.name, pax.id, pax.mobile, bk.name, bk.mobile, R.choice(["MU5101", "CA1501", "CZ3101"])],
          shown=[pax, bk], sensitive=[pax])
f.write(truth, shape="passenger and booker")

# 8. Insurance policies: a policyholder, an insured and a beneficiary; the holder insures
#    themselves on some policies (one person, the same ID number in two roles).
f = File("shapes/policies.csv", ["保单号", "投保人", "投保人证件号码", "投保人手机", "被保险人", "被保险人证件号码", "受益人", "受益人手机"])
for i in range(350):
    h = Person()
    ins = h if R.random() < 0.4 else Person()
    ben = Person()
    f.add([f"P{2026000000 + i}", h.name, h.id, h.mobile, ins.name, ins.id, ben.name, ben.mobile], shown=[h, ins, ben], sensitive=[h, ins])
f.write(truth, shape="policyholder, insured and beneficiary")

# Sensitive columns that are not identifiers: 300 persons with a name and a mobile, of whom a
# known part carry a value in the sensitive column (the others leave it empty).
def sensitive_file(name, header, value, share=0.6):
    f = File(f"sensitive/{name}", ["姓名", "手机号"] + header)
    for _ in range(300):
        p = Person()
        if R.random() < share:
            f.add([p.name, p.mobile] + value(p), shown=[p], sensitive=[p])
        else:
            f.add([p.name, p.mobile] + [""] * len(header), shown=[p])
    f.write(truth)

sensitive_file("coordinates.csv", ["纬度", "经度"], lambda p: [f"{R.uniform(22.5, 40.0):.6f}", f"{R.uniform(100.0, 121.5):.6f}"])
sensitive_file("password.csv", ["登录密码"], lambda p: ["".join(R.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789!@#") for _ in range(R.randint(8, 14)))])
def blood_pressure(p):
    systolic = R.randint(95, 170)
    return [f"{systolic}/{R.randint(60, min(105, systolic - 25))}"]  # plausible: diastolic well below systolic

sensitive_file("blood-pressure.csv", ["血压(mmHg)"], blood_pressure)
sensitive_file("diagnosis.csv", ["诊断结果"], lambda p: [R.choice(["高血压", "2型糖尿病", "抑郁症", "乙型病毒性肝炎", "冠心病"])])
sensitive_file("salary.csv", ["月薪"], lambda p: [f"{R.randint(4000, 60000)}.00"])
sensitive_file("religion.csv", ["宗教信仰"], lambda p: [R.choice(["佛教", "基督教", "伊斯兰教", "道教", "天主教"])])

# A minor's birth date: everyone has a birth date, only the children are sensitive.
f = File("sensitive/minor-birth-date.csv", ["姓名", "手机号", "出生日期"])
for _ in range(300):
    minor = R.random() < 0.4
    p = Person(minor=minor)
    f.add([p.name, p.mobile, p.birth.isoformat()], shown=[p], sensitive=[p] if minor else [])
f.write(truth)

# Aggregates: rows are groups and figures are totals: no person. And a per-person salary sheet
# with the same columns plus a name: every row a person.
def aggregate(name, header, rows):
    f = File(f"aggregates/{name}", header)
    for r in rows:
        f.add(r)
    f.write(truth)

DEPTS = ["研发部", "市场部", "销售部", "财务部", "人力资源部", "行政部", "法务部"]
PROVINCES = ["北京市", "上海市", "广东省", "浙江省", "江苏省", "四川省", "湖北省", "山东省"]
aggregate("dept-salary.csv", ["部门", "人数", "平均工资", "工资总额"],
          [[d, n, f"{R.randint(8000, 30000)}.00", f"{n * R.randint(8000, 30000)}.00"] for d in DEPTS for n in [R.randint(5, 80)]])
aggregate("province-health.csv", ["省份", "确诊人数", "高血压患者人数", "平均血压"],
          [[p, R.randint(100, 9000), R.randint(50, 4000), f"{R.randint(110, 140)}/{R.randint(70, 90)}"] for p in PROVINCES])
aggregate("channel-sales.csv", ["渠道", "日期", "订单数", "销售总额", "客单价"],
          [[c, f"2026-11-{d:02d}", R.randint(10, 900), f"{R.uniform(1000, 90000):.2f}", f"{R.uniform(50, 300):.2f}"]
           for c in ["天猫", "京东", "抖音", "微信小程序"] for d in range(1, 8)])
aggregate("ethnicity-headcount.csv", ["民族", "人数", "占比"],
          [[e, R.randint(1, 900), f"{R.uniform(0, 60):.1f}%"] for e in ["汉族", "回族", "满族", "壮族", "维吾尔族", "苗族"]])
aggregate("store-daily.csv", ["门店", "日期", "来客数", "营业额合计"],
          [[f"{R.choice(['南京路', '淮海路', '徐家汇', '陆家嘴'])}店", f"2026-11-{d:02d}", R.randint(100, 900), f"{R.uniform(10000, 90000):.2f}"] for d in range(1, 15)])

f = File("aggregates/per-person-salary.csv", ["部门", "姓名", "工资合计"])
for _ in range(120):
    p = Person()
    f.add([R.choice(DEPTS), p.name, f"{R.randint(4000, 60000)}.00"], shown=[p], sensitive=[p])
f.write(truth)

with open(f"{OUT}/truth.json", "w", encoding="utf-8") as out:
    json.dump(truth, out, ensure_ascii=False, indent=1, sort_keys=True)
    out.write("\n")
print(f"wrote {len(truth)} files to {OUT}")
