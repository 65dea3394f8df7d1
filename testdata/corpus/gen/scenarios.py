"""Scenarios of the labelled corpus: exports shaped like the ones companies send (Taobao/Tmall/JD
back offices, WeChat CRMs, HR payroll, clinics, logistics, ad attribution, Hong Kong/Macau/Taiwan
offices), with their truth.

A scenario is a function (r, variant) returning a Table: headers, rows and, per column, the PI
types the column truly holds (spec section 5 ids, plus regional_id). Each row carries the person it
belongs to (None when the row is about no person) and whether it holds sensitive PI of that
person, so the truth's individuals and sensitive individuals are counted from the construction,
not from any detector."""

from dataclasses import dataclass, field

import values as V


@dataclass
class Row:
    cells: list
    person: object = None  # a hashable person id, or None
    sensitive: bool = False


@dataclass
class Table:
    name: str  # file stem
    headers: list
    types: dict  # header -> list of type ids
    rows: list = field(default_factory=list)
    notes: str = ""
    numeric: set = field(default_factory=set)  # headers a spreadsheet writer stores as numbers


class People:
    """A pool of persons with stable attributes, so one person repeats with the same identifiers."""

    def __init__(self, r, n, **kw):
        self.r, self.ps = r, []
        for i in range(n):
            p = {"i": i}
            self.ps.append(p)
        self.kw = kw

    def pick(self):
        return self.r.choice(self.ps)

    def get(self, p, key, gen):
        if key not in p:
            p[key] = gen()
        return p[key]


def S(*types):
    return list(types)


# ---------------------------------------------------------------- cleaning and e-commerce

def taobao_orders(r, variant):
    """Taobao/Tmall back-office order export with Excel text guards (="…", leading ', tab)."""
    t = Table("taobao_orders", ["订单编号", "买家会员名", "收货人姓名", "联系手机", "收货地址", "身份证号", "宝贝标题", "实付金额", "订单创建时间"],
              {"收货人姓名": S("person_name"), "联系手机": S("phone_number"), "收货地址": S("postal_address"), "身份证号": S("cn_resident_id")},
              notes="text guards =\"…\", leading ' and tab on numbers; cross-border orders carry the buyer's ID")
    ppl = People(r, 45)
    for k in range(70):
        p = ppl.pick()
        m = ppl.get(p, "m", lambda: V.mobile(r))
        idn = ppl.get(p, "id", lambda: V.resident_id(r)[0])
        guard = r.choice(['="{}"', "'{}", "\t{}", "{}"])
        cells = [guard.format("%d" % (2024000000000000000 + r.randrange(10**15))), "tb" + V.hexs(r, 6),
                 ppl.get(p, "name", lambda: V.cn_name(r)), guard.format(m), ppl.get(p, "addr", lambda: V.cn_address(r)),
                 guard.format(idn), r.choice(["夏季新款连衣裙", "蓝牙耳机 降噪", "保温杯 500ml", "儿童积木玩具", "纯棉T恤 男"]),
                 "%.2f" % (r.randrange(990, 99900) / 100), "2024-%02d-%02d %02d:%02d:%02d" % (r.randrange(1, 13), r.randrange(1, 29), r.randrange(24), r.randrange(60), r.randrange(60))]
        t.rows.append(Row(cells, ("m", m), True))
    return t


def jd_orders_zero_width(r, variant):
    """JD order export copied through a web page: zero-width and no-break spaces, full-width digits."""
    t = Table("jd_orders", ["订单号", "客户姓名", "客户电话", "客户地址", "商品名称", "金额", "下单时间", "快递单号"],
              {"客户姓名": S("person_name"), "客户电话": S("phone_number"), "客户地址": S("postal_address")},
              notes="zero-width characters inside phones, full-width digits, no-break spaces")
    ppl = People(r, 50)
    for k in range(65):
        p = ppl.pick()
        m = ppl.get(p, "m", lambda: V.mobile(r))
        shown = r.choice([V.zw(m, r), V.fullwidth(m), "\u00a0" + m, m, m])
        cells = ["%d" % (250000000000 + r.randrange(10**10)), ppl.get(p, "name", lambda: V.cn_name(r)), shown, ppl.get(p, "addr", lambda: V.cn_address(r)),
                 r.choice(["华为Mate60", "小米手环8", "京东京造 牙刷", "美的电饭煲", "洗衣液 2kg"]), "%.2f" % (r.randrange(1000, 500000) / 100),
                 "2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29)), "JDV" + "%012d" % r.randrange(10**12)]
        t.rows.append(Row(cells, ("m", m), False))
    return t


def wechat_crm(r, variant):
    """WeChat CRM export: openid/unionid are app ids (no type), mobile, gender, remarks with numbers."""
    t = Table("wechat_crm", ["openid", "unionid", "微信昵称", "手机号", "性别", "城市", "标签", "备注"],
              {"手机号": S("phone_number"), "性别": S("gender"), "备注": S("phone_number")},
              notes="remarks hold other numbers of the same customer")
    for k in range(60):
        m = V.mobile(r)
        m2 = V.mobile(r)
        remark = r.choice(["", "", "老客户", "备用号码 " + m2, "已加企业微信，备用电话：" + m2, "请勿打扰"])
        cells = ["o" + V.hexs(r, 27), "u" + V.hexs(r, 27), r.choice(["小鱼儿", "Sunny", "岁月静好", "A阿杰", "云淡风轻"]), m,
                 r.choice(["男", "女"]), r.choice(["上海", "北京", "杭州", "成都"]), r.choice(["VIP", "潜客", "复购"]), remark]
        t.rows.append(Row(cells, ("m", m), False))
    return t


# ---------------------------------------------------------------- regional identifiers

def hk_office(r, variant):
    """Hong Kong office staff list: HKID, English and Traditional names, +852 and bare 8-digit phones."""
    t = Table("hk_staff", ["員工編號", "英文姓名", "中文姓名", "香港身份證號碼", "電話", "住址", "入職日期"],
              {"英文姓名": S("person_name"), "中文姓名": S("person_name"), "香港身份證號碼": S("regional_id"), "電話": S("phone_number"), "住址": S("postal_address")},
              notes="HKID with bracketed check characters; Traditional Chinese headers and names")
    for k in range(55):
        body, c = V.hkid(r)
        hk = r.choice([f"{body}({c})", f"{body}{c}", f"{body} ({c})"])
        tel = r.choice(["+852 ", "852-", ""]) + r.choice("5679") + "%03d %04d" % (r.randrange(1000), r.randrange(10000))
        cells = ["HK%04d" % k, V.hk_name(r), V.trad_name(r), hk, tel, V.hk_address(r), "20%02d-%02d-01" % (r.randrange(10, 25), r.randrange(1, 13))]
        t.rows.append(Row(cells, ("hkid", body + c), True))
    return t


def tw_members(r, variant):
    """Taiwan membership list: national ID with check digit, 09xx mobiles, Taiwan addresses."""
    t = Table("tw_members", ["會員編號", "會員姓名", "身分證字號", "手機", "地址", "生日", "電子郵件"],
              {"會員姓名": S("person_name"), "身分證字號": S("regional_id"), "手機": S("phone_number"), "地址": S("postal_address"),
               "生日": S("birth_date"), "電子郵件": S("email")},
              notes="Taiwan ID (letter + 9 digits, mod 10), 0912-345-678 mobiles")
    for k in range(55):
        tid = V.taiwan_id(r)
        m = "09" + "%08d" % r.randrange(10**8)
        b = V.birth(r, 1960, 2004)
        cells = ["M%05d" % k, V.trad_name(r), tid, r.choice([f"{m[:4]}-{m[4:7]}-{m[7:]}", m, "+886 " + m[1:]]), V.tw_address(r),
                 b.strftime("%Y/%m/%d"), V.email(r)]
        t.rows.append(Row(cells, ("tw", tid), True))
    return t


def macau_clinic(r, variant):
    """Macau clinic register: BIR numbers 1234567(8) under their header, +853 phones, diagnoses."""
    t = Table("macau_clinic", ["澳門居民身份證", "姓名", "電話", "診斷", "就診日期"],
              {"澳門居民身份證": S("regional_id"), "姓名": S("person_name"), "電話": S("phone_number"), "診斷": S("health")},
              notes="Macau BIR has no public check: header-driven")
    for k in range(50):
        body, c = V.macau_id(r)
        cells = [r.choice([f"{body}({c})", body + c]), V.trad_name(r), "+853 6" + "%03d %04d" % (r.randrange(1000), r.randrange(10000)),
                 r.choice(["高血压", "2型糖尿病", "上呼吸道感染", "急性胃炎", "支气管炎", "腰椎间盘突出"]), "2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29))]
        t.rows.append(Row(cells, ("mo", body), True))
    return t


def travel_permits(r, variant):
    """Cross-border services: HK/Macau permits, Home Return Permits, Taiwan permits, residence permits
    and the 2023 foreigner permanent residence ID."""
    t = Table("travel_permits", ["申请人", "证件类型", "证件号码", "港澳通行证号", "回乡证号", "台胞证号", "居住证号码", "永居证号码", "联系电话"],
              {"申请人": S("person_name"), "证件号码": S("travel_permit"), "港澳通行证号": S("travel_permit"), "回乡证号": S("travel_permit"),
               "台胞证号": S("travel_permit"), "居住证号码": S("travel_permit"), "永居证号码": S("travel_permit"), "联系电话": S("phone_number")},
              notes="permits of regulation.md (c); the new 18-digit permanent residence ID starts 9")
    for k in range(50):
        kinds = ["hkmo", "homereturn", "tw_mainland", "residence", "fpr"]
        kind = r.choice(kinds)
        pid = V.permit(r, kind)
        cells = [V.cn_name(r), {"hkmo": "往来港澳通行证", "homereturn": "回乡证", "tw_mainland": "大陆居民往来台湾通行证", "residence": "港澳台居民居住证", "fpr": "外国人永久居留身份证"}[kind],
                 pid, V.permit(r, "hkmo"), V.permit(r, "homereturn"), V.permit(r, "tw_compat"), V.permit(r, "residence"), V.permit(r, "fpr"), V.mobile(r)]
        t.rows.append(Row(cells, ("p", pid), True))
    return t


# ---------------------------------------------------------------- device ids and ad attribution

def ad_attribution(r, variant):
    """Ad attribution postbacks: IDFA/GAID/OAID, limit-ad-tracking zeros, click ids, IPs, ms timestamps."""
    t = Table("ad_attribution", ["click_id", "campaign", "idfa", "gaid", "oaid", "imei", "client_ip", "event_time_ms", "install_ts"],
              {"idfa": S("device_id"), "gaid": S("device_id"), "oaid": S("device_id"), "imei": S("device_id"), "client_ip": S("ip_address")},
              notes="all-zero limit-ad-tracking ids are nobody; click ids are UUIDs of no person")
    for k in range(70):
        lat = r.random() < 0.15
        idfa = "00000000-0000-0000-0000-000000000000" if lat else V.uuid_(r).upper()
        gaid = "00000000-0000-0000-0000-000000000000" if lat else V.uuid_(r)
        oaid = r.choice(["0000000000000000", V.hexs(r, 16), V.uuid_(r)]) if not lat else "0000000000000000"
        im = V.imei(r)
        cells = [V.uuid_(r), r.choice(["618大促", "brand_q3", "retarget_7d"]), idfa, gaid, oaid, im,
                 "%d.%d.%d.%d" % (r.choice([36, 58, 101, 113, 183, 223]), r.randrange(256), r.randrange(256), r.randrange(1, 255)),
                 str(1700000000000 + r.randrange(10**10)), str(1700000000 + r.randrange(10**7))]
        t.rows.append(Row(cells, ("imei", im), False))
    return t


def app_devices(r, variant):
    """App device registry: IMEI, MEID, Android id, MAC, model names (no person)."""
    t = Table("app_devices", ["设备号", "MEID", "android_id", "mac_address", "机型", "系统版本", "注册手机"],
              {"设备号": S("device_id"), "MEID": S("device_id"), "android_id": S("device_id"), "mac_address": S("device_id"), "注册手机": S("phone_number")})
    for k in range(60):
        im = V.imei(r)
        cells = [im, "A" + r.choice("0123456789ABCDEF") + V.hexs(r, 12).upper(), V.hexs(r, 16), V.mac(r),
                 r.choice(["HUAWEI P60", "Xiaomi 14", "OPPO Reno11", "vivo X100", "iPhone 15"]), r.choice(["Android 14", "HarmonyOS 4.0", "iOS 17.2"]), V.mobile(r)]
        t.rows.append(Row(cells, ("imei", im), False))
    return t


# ---------------------------------------------------------------- identifiers for life

def legacy_members(r, variant):
    """Old membership records: resident IDs from renumbered counties (撤县设区) and 15-digit IDs."""
    t = Table("legacy_members", ["会员号", "姓名", "身份证号码", "注册年份"],
              {"姓名": S("person_name"), "身份证号码": S("cn_resident_id")},
              notes="area codes retired since 1980 (110221 Changping County, 320121 Jiangning County, 132321 Shijiazhuang Prefecture…)")
    for k in range(55):
        if r.random() < 0.3:
            idn, b = V.legacy_id(r)
        else:
            idn, b = V.resident_id(r, 1940, 1985, areas=V.RETIRED_AREAS)
        cells = ["VIP%06d" % k, V.cn_name(r), idn, str(r.randrange(1998, 2010))]
        t.rows.append(Row(cells, ("id", idn[:6] + idn[-9:]), True))
    return t


# ---------------------------------------------------------------- location

def ride_trips(r, variant):
    """Ride-hailing trips: start/end coordinates in two columns each, passenger mobiles."""
    t = Table("ride_trips", ["trip_id", "乘客手机", "start_lat", "start_lng", "end_lat", "end_lng", "fare", "distance_km"],
              {"乘客手机": S("phone_number"), "start_lat": S("precise_location"), "start_lng": S("precise_location"),
               "end_lat": S("precise_location"), "end_lng": S("precise_location")},
              notes="two-column coordinates with 5-6 decimals")
    for k in range(60):
        m = V.mobile(r)
        a, b = V.coord(r)
        c, d = V.coord(r)
        cells = ["T%08d" % r.randrange(10**8), m, str(a), str(b), str(c), str(d), "%.2f" % (r.random() * 80 + 8), "%.1f" % (r.random() * 30)]
        t.rows.append(Row(cells, ("m", m), True))
    return t


def store_list(r, variant):
    """A retailer's store list: the coordinates and addresses are the stores'; the manager is a person."""
    t = Table("store_list", ["门店编号", "门店名称", "门店地址", "lat", "lng", "店长", "店长手机", "营业面积"],
              {"店长": S("person_name"), "店长手机": S("phone_number")},
              notes="table context: a place list")
    for k in range(45):
        a, b = V.coord(r, 39.9, 116.4, 0.5)
        m = V.mobile(r)
        cells = ["S%04d" % k, r.choice(["朝阳大悦城店", "西单店", "望京店", "国贸店", "中关村店"]) + str(k), V.cn_address(r), str(a), str(b), V.cn_name(r), m, str(r.randrange(80, 900))]
        t.rows.append(Row(cells, ("m", m), False))
    return t


def geo_checkins(r, variant):
    """Check-ins with one-cell pairs, WKT points and geohashes."""
    t = Table("geo_checkins", ["user_phone", "经纬度", "wkt", "geohash", "checkin_time"],
              {"user_phone": S("phone_number"), "经纬度": S("precise_location"), "wkt": S("precise_location"), "geohash": S("precise_location")})
    for k in range(55):
        m = V.mobile(r)
        a, b = V.coord(r, 30.27, 120.15)
        cells = [m, f"{a},{b}", f"POINT({b} {a})", V.geohash(a, b, 8), "2024-05-%02d 08:%02d" % (r.randrange(1, 29), r.randrange(60))]
        t.rows.append(Row(cells, ("m", m), True))
    return t


def city_centres(r, variant):
    """City-level coordinates (2 decimals) of a sales summary: not precise, not a person."""
    t = Table("city_centres", ["城市", "纬度", "经度", "门店数"], {}, notes="hard negative: city-level coordinates")
    for name, la, ln in [("北京", 39.90, 116.40), ("上海", 31.23, 121.47), ("广州", 23.13, 113.26), ("深圳", 22.54, 114.06), ("杭州", 30.27, 120.15),
                         ("成都", 30.57, 104.07), ("武汉", 30.59, 114.31), ("西安", 34.34, 108.94), ("南京", 32.06, 118.80), ("重庆", 29.56, 106.55)] * 4:
        t.rows.append(Row([name, "%.2f" % la, "%.2f" % ln, str(r.randrange(3, 80))]))
    return t


def warehouse_list(r, variant):
    """Warehouse list with street-level coordinates: a place list, no person."""
    t = Table("warehouse_list", ["仓库名称", "仓库地址", "经度", "纬度", "面积(平方米)", "仓库电话"], {}, notes="hard negative: place coordinates and addresses")
    for k in range(40):
        a, b = V.coord(r, 30.6, 114.3, 1.0)
        t.rows.append(Row([r.choice(["华中一号仓", "武汉东西湖仓", "孝感中转仓"]) + str(k), V.cn_address(r), str(b), str(a), str(r.randrange(2000, 60000)),
                           "027-8%07d" % r.randrange(10**7)]))
    t.types = {}
    return t


# ---------------------------------------------------------------- health and biometrics

def clinic_visits(r, variant):
    """Clinic visit export: record numbers, measurements, diagnoses with clinical-edition ICD codes,
    drugs and allergies."""
    t = Table("clinic_visits", ["病历号", "姓名", "性别", "出生日期", "身高(cm)", "体重(kg)", "血压", "空腹血糖", "BMI", "诊断", "ICD编码", "用药", "过敏史", "就诊科室"],
              {"病历号": S("health"), "姓名": S("person_name"), "性别": S("gender"), "出生日期": S("birth_date"), "身高(cm)": S("health"), "体重(kg)": S("health"),
               "血压": S("health"), "空腹血糖": S("health"), "BMI": S("health"), "诊断": S("health"), "ICD编码": S("health"), "用药": S("health"), "过敏史": S("health")},
              notes="ICD-10 national clinical edition 2.0 codes such as K35.900x001")
    dx = [("急性阑尾炎", "K35.900x001"), ("原发性高血压", "I10.x00x002"), ("2型糖尿病", "E11.900"), ("社区获得性肺炎", "J18.900x001"),
          ("慢性胃炎", "K29.500"), ("支气管哮喘", "J45.900"), ("腰椎间盘突出", "M51.202")]
    for k in range(60):
        h = r.randrange(150, 190)
        w = round(r.uniform(45, 95), 1)
        d, code = r.choice(dx)
        cells = ["MZ%08d" % r.randrange(10**8), V.cn_name(r), r.choice(["男", "女"]), V.birth(r, 1950, 2000).isoformat(), str(h), str(w),
                 "%d/%d" % (r.randrange(100, 160), r.randrange(60, 100)), "%.1f" % r.uniform(4.2, 9.5), "%.1f" % (w / (h / 100) ** 2), d, code,
                 r.choice(["二甲双胍缓释片 0.5g bid", "阿莫西林胶囊 0.5g tid", "硝苯地平控释片 30mg qd", "布洛芬 0.3g prn"]),
                 r.choice(["无", "青霉素过敏", "海鲜过敏", "磺胺", "无"]), r.choice(["内科", "外科", "急诊科"])]
        t.rows.append(Row(cells, ("mr", cells[0]), True))
    return t


def vaccination(r, variant):
    """Child vaccination records: children (minors) and their guardians' mobiles."""
    t = Table("vaccination", ["儿童姓名", "出生日期", "疫苗名称", "剂次", "接种日期", "监护人手机"],
              {"儿童姓名": S("person_name"), "出生日期": S("birth_date"), "疫苗名称": S("health"), "监护人手机": S("phone_number")},
              notes="children under 14: every row is sensitive (minor)")
    for k in range(55):
        b = V.birth(r, 2016, 2023)
        m = V.mobile(r)
        cells = [V.cn_name(r), b.isoformat(), r.choice(["乙肝疫苗", "百白破疫苗", "麻腮风疫苗", "乙脑疫苗", "脊灰疫苗", "流感疫苗"]), "第%d剂" % r.randrange(1, 4),
                 "2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29)), m]
        t.rows.append(Row(cells, ("m", m), True))
    return t


def physical_exam(r, variant):
    """Employee physical examination results."""
    t = Table("physical_exam", ["工号", "姓名", "体检结论", "血型", "心电图", "体检日期"],
              {"姓名": S("person_name"), "体检结论": S("health"), "血型": S("health"), "心电图": S("health")})
    for k in range(50):
        cells = ["E%05d" % k, V.cn_name(r), r.choice(["未见明显异常", "脂肪肝，建议复查", "甲状腺结节", "血脂偏高", "窦性心律，未见异常"]),
                 r.choice(["A型", "B型", "O型", "AB型", "O+", "A+"]), r.choice(["窦性心律", "窦性心动过缓", "正常心电图"]), "2024-03-%02d" % r.randrange(1, 29)]
        t.rows.append(Row(cells, ("emp", cells[0] + variant), True))
    return t


def face_embeddings(r, variant):
    """Face recognition enrolment: 128-float embeddings and base64 templates."""
    t = Table("face_enrolment", ["member_mobile", "face_embedding", "人脸特征", "enrolled_at"],
              {"member_mobile": S("phone_number"), "face_embedding": S("biometric"), "人脸特征": S("biometric")})
    for k in range(24):
        m = V.mobile(r)
        t.rows.append(Row([m, V.embedding(r, 128), V.b64_template(r), "2024-06-%02d" % r.randrange(1, 29)], ("m", m), True))
    return t


def pharmacy_catalogue(r, variant):
    """An online pharmacy's catalogue: drug names with the diseases they treat, no person."""
    t = Table("pharmacy_catalogue", ["商品编码", "药品名称", "规格", "适应症", "零售价", "库存"], {}, notes="hard negative: product names naming diseases")
    items = [("复方感冒灵颗粒", "10g*9袋", "感冒引起的头痛发热"), ("阿莫西林胶囊", "0.25g*24粒", "敏感菌所致感染"), ("硝苯地平控释片", "30mg*7片", "高血压"),
             ("二甲双胍缓释片", "0.5g*30片", "2型糖尿病"), ("布洛芬缓释胶囊", "0.3g*20粒", "头痛 牙痛 痛经"), ("蒙脱石散", "3g*10袋/盒", "成人及儿童急慢性腹泻")]
    for k in range(45):
        n, spec, ind = r.choice(items)
        t.rows.append(Row(["YP%06d" % r.randrange(10**6), n, spec, ind, "%.2f" % r.uniform(5, 90), str(r.randrange(0, 500))]))
    t.types = {"适应症": []}
    return t


# ---------------------------------------------------------------- names and headers

def hr_payroll(r, variant):
    """HR payroll with split family/given names and required-marks in headers."""
    t = Table("hr_payroll", ["工号", "姓", "名", "身份证号码（必填）", "手机号码（必填）", "工资卡号", "部门", "基本工资", "实发工资"],
              {"姓": S("person_name"), "名": S("person_name"), "身份证号码（必填）": S("cn_resident_id"), "手机号码（必填）": S("phone_number"),
               "工资卡号": S("bank_card"), "基本工资": S("financial_record"), "实发工资": S("financial_record")},
              notes="split name columns; 手机号码（必填） style headers")
    for k in range(55):
        sur = r.choice(V.SURNAMES + V.COMPOUND)
        given = "".join(r.choice(V.GIVEN) for _ in range(r.choice([1, 2])))
        idn, _ = V.resident_id(r, 1965, 2003)
        base = r.randrange(4000, 30000)
        cells = ["G%05d" % k, sur, given, idn, V.mobile(r), V.bank_card(r), r.choice(["研发部", "销售部", "财务部", "人事部"]), "%d.00" % base, "%.2f" % (base * 0.82)]
        t.rows.append(Row(cells, ("id", idn), True))
    return t


def crm_pinyin(r, variant):
    """A CRM whose columns are named in pinyin."""
    t = Table("crm_pinyin", ["kehu_id", "xingming", "shoujihao", "sfzh", "dizhi", "youxiang", "xingbie"],
              {"xingming": S("person_name"), "shoujihao": S("phone_number"), "sfzh": S("cn_resident_id"), "dizhi": S("postal_address"),
               "youxiang": S("email"), "xingbie": S("gender")})
    for k in range(55):
        idn, _ = V.resident_id(r)
        cells = ["K%06d" % k, V.cn_name(r), V.mobile(r), idn, V.cn_address(r), V.email(r), r.choice(["男", "女"])]
        t.rows.append(Row(cells, ("id", idn), True))
    return t


def english_abbrev(r, variant):
    """An overseas-warehouse export with English abbreviations, ALL-CAPS pinyin names and traps
    (acid_level has cid, hotel_name has tel)."""
    t = Table("overseas_customers", ["first_name", "last_name", "tel", "mob", "addr", "dob", "acid_level", "hotel_name", "ship_method"],
              {"first_name": S("person_name"), "last_name": S("person_name"), "tel": S("phone_number"), "mob": S("phone_number"), "addr": S("postal_address"), "dob": S("birth_date")},
              notes="whole-token header matching")
    for k in range(50):
        given, sur = r.choice(V.PINYIN_GIVEN), r.choice(V.PINYIN_SUR)
        m = V.mobile(r)
        cells = [given.upper() if k % 2 else given, sur.upper(), "+86 " + V.mobile(r), m, V.cn_address(r), V.birth(r, 1960, 2004).strftime("%Y-%m-%d"),
                 str(r.randrange(1, 9)), r.choice(["Hilton", "Marriott", "Holiday Inn"]), r.choice(["EMS", "DHL", "SF"])]
        t.rows.append(Row(cells, ("m", m), False))
    return t


def minority_names(r, variant):
    """Student register with minority names joined by ·, ethnicity and religion."""
    t = Table("student_register", ["学号", "学生姓名", "民族", "宗教信仰", "籍贯", "家长电话"],
              {"学生姓名": S("person_name"), "民族": S("ethnicity"), "宗教信仰": S("religion"), "家长电话": S("phone_number")})
    for k in range(50):
        name = r.choice(V.MINORITY) if k % 3 == 0 else V.cn_name(r)
        cells = ["2023%04d" % k, name, r.choice(["汉族", "维吾尔族", "藏族", "回族", "蒙古族"]), r.choice(["无", "伊斯兰教", "佛教", "无宗教信仰"]),
                 r.choice(["新疆喀什", "西藏拉萨", "北京"]), V.mobile(r)]
        rel = cells[3] not in ("无",)
        t.rows.append(Row(cells, ("stu", cells[0] + variant), rel))
    return t


# ---------------------------------------------------------------- identifiers in free text

def cs_tickets(r, variant):
    """Customer-service tickets: the only PI is inside the processing notes."""
    t = Table("cs_tickets", ["工单号", "创建时间", "处理记录", "状态"],
              {"处理记录": S("cn_resident_id", "phone_number", "email")},
              notes="identifiers embedded in free text; each ticket is a different customer")
    for k in range(60):
        idn, _ = V.resident_id(r)
        m = V.mobile(r)
        e = V.email(r)
        kind = k % 4
        note = [f"客户来电要求修改收货地址，已核实身份证{idn}，新地址已更新",
                f"回拨 {m[:3]}-{m[3:7]}-{m[7:]} 无人接听，短信已发送",
                f"用户邮箱 {e} 申请退款，已处理",
                "物流延误，已安抚客户并补偿优惠券"][kind]
        who = [("id", idn), ("m", m), ("e", e), None][kind]
        t.rows.append(Row(["TK%08d" % r.randrange(10**8), "2024-07-%02d" % r.randrange(1, 29), note, r.choice(["已完成", "处理中"])], who or ("tk", k), kind == 0))
    return t


def logistics_notes(r, variant):
    """Logistics waybills: consignee columns plus remarks holding alternate phones."""
    t = Table("logistics_waybills", ["运单号", "收件人", "收件电话", "收件地址", "重量(kg)", "备注"],
              {"收件人": S("person_name"), "收件电话": S("phone_number"), "收件地址": S("postal_address"), "备注": S("phone_number")},
              notes="a parcel's weight is not health; remarks hold alternate phones")
    for k in range(60):
        m = V.mobile(r)
        note = r.choice(["", "", "放快递柜", f"备用电话{V.mobile(r)}", "工作日派送", f"联系不上请打 {V.mobile(r)}"])
        cells = [r.choice(["SF", "YT", "ZTO"]) + "%013d" % r.randrange(10**13), V.cn_name(r), m, V.cn_address(r), "%.1f" % r.uniform(0.2, 30), note]
        t.rows.append(Row(cells, ("m", m), False))
    return t


# ---------------------------------------------------------------- damaged identifiers

def excel_damaged(r, variant):
    """IDs and mobiles that went through Excel as numbers: 4.40106E+17, 15 significant digits then zeros."""
    t = Table("damaged_ids", ["姓名", "身份证号", "手机", "入会日期"], numeric={"身份证号", "手机"}, types=
              {"姓名": S("person_name"), "身份证号": S("cn_resident_id"), "手机": S("phone_number")},
              notes="most IDs damaged; a few kept as text")
    for k in range(50):
        idn, _ = V.resident_id(r)
        m = V.mobile(r)
        form = k % 5
        sci = lambda digits: "%.5E" % int(digits)  # what Excel shows for a long number: 4.40106E+17
        if idn.endswith("X"):
            shown = idn  # Excel keeps an X-ended ID as text
        else:
            shown = [idn, sci(idn), idn[:15] + "000", idn[:15] + "000", sci(idn)][form]
        ms = [m, sci(m), m, sci(m), m][form]
        t.rows.append(Row([V.cn_name(r), shown, ms, "2023-0%d-15" % r.randrange(1, 10)], ("row", k, variant), True))
    return t


def minority_valid_ids(r, variant):
    """A 证件号码 column mostly filled with placeholders and masked values, a few real IDs."""
    t = Table("sparse_ids", ["客户", "证件号码", "登记渠道"], {"客户": S("person_name"), "证件号码": S("cn_resident_id")},
              notes="every fully valid value counts however few")
    for k in range(60):
        if k % 8 == 0:
            idn, _ = V.resident_id(r)
            t.rows.append(Row([V.cn_name(r), idn, "线下"], ("id", idn), True))
        else:
            shown = r.choice(["待补充", "见附件", "未提供", V.resident_id(r)[0][:6] + "********" + "1234", "—"])
            t.rows.append(Row([V.cn_name(r), shown, r.choice(["小程序", "官网"])], ("row", k, variant), False))
    return t


# ---------------------------------------------------------------- hard negatives and table context

def sku_orders(r, variant):
    """Order lines with every number that is not a person: order numbers, SKUs, EAN-13 barcodes,
    tracking numbers, millisecond timestamps, hashed and masked phones, USCCs."""
    t = Table("order_lines", ["order_no", "sku", "ean13", "qty", "unit_price", "tracking_no", "created_ms", "buyer_phone_sha256", "buyer_phone_masked", "seller_uscc"],
              {"seller_uscc": []}, notes="hard negatives")
    for k in range(70):
        m = V.mobile(r)
        t.rows.append(Row(["%d" % (3800000000000000000 + r.randrange(10**17)), r.choice(["SKU-", "HW-", "A"]) + "%06d" % r.randrange(10**6), V.ean13(r),
                           str(r.randrange(1, 9)), "%.2f" % r.uniform(5, 999), r.choice(["SF", "YT", "75"]) + "%012d" % r.randrange(10**12),
                           str(1700000000000 + r.randrange(10**11)), V.sha256(m), V.mask_mobile(m), V.uscc(r)]))
    return t


def province_summary(r, variant):
    """A province summary: figures about groups, no person."""
    t = Table("province_summary", ["省份", "用户数", "平均年龄", "平均月收入", "人均消费", "占比"], {}, notes="hard negative: aggregates")
    for p in ["北京", "上海", "广东", "浙江", "江苏", "四川", "湖北", "山东", "河南", "福建"] * 4:
        t.rows.append(Row([p, str(r.randrange(1000, 90000)), "%.1f" % r.uniform(25, 45), "%.2f" % r.uniform(4000, 20000), "%.2f" % r.uniform(100, 900), "%.2f%%" % r.uniform(1, 12)]))
    return t


def dept_summary(r, variant):
    """A department headcount and salary summary."""
    t = Table("dept_summary", ["部门", "人数", "平均工资", "离职率", "月份"], {}, notes="hard negative: aggregates")
    for d in ["研发部", "销售部", "财务部", "人事部", "市场部", "客服部"] * 7:
        t.rows.append(Row([d, str(r.randrange(5, 300)), "%.2f" % r.uniform(6000, 40000), "%.1f%%" % r.uniform(1, 20), "2024-%02d" % r.randrange(1, 13)]))
    return t


def company_list(r, variant):
    """Supplier register: USCCs and addresses are companies'; the legal representative is a person."""
    t = Table("supplier_register", ["公司名称", "统一社会信用代码", "法定代表人", "法人手机", "注册地址", "注册资本(万元)"],
              {"统一社会信用代码": [], "法定代表人": S("person_name"), "法人手机": S("phone_number")},
              notes="table context: a company list; the legal representative is a person")
    for k in range(45):
        m = V.mobile(r)
        t.rows.append(Row([r.choice(["上海", "深圳", "杭州"]) + r.choice(["星辰", "远航", "启明"]) + r.choice(["科技", "贸易", "物流"]) + "有限公司", V.uscc(r), V.cn_name(r), m,
                           V.cn_address(r), str(r.randrange(100, 5000))], ("m", m), False))
    return t


def member_accounts(r, variant):
    """A points-mall member list: 账号 holds 16-digit member numbers, not bank cards."""
    t = Table("member_accounts", ["账号", "昵称", "积分", "等级", "注册手机"], {"注册手机": S("phone_number")},
              notes="hard negative: one random 16-digit number in ten passes Luhn")
    for k in range(60):
        m = V.mobile(r)
        t.rows.append(Row(["8%015d" % r.randrange(10**15), r.choice(["快乐小鱼", "Leo", "晴天", "阿杰"]), str(r.randrange(0, 90000)), r.choice(["银卡", "金卡", "钻石"]), m], ("m", m), False))
    return t


def buyer_messages(r, variant):
    """Buyer messages full of numbers that are not persons: order and waybill numbers, tax ids."""
    t = Table("buyer_messages", ["订单号", "买家留言", "留言时间"], {}, notes="hard negative: numbers after order/waybill words")
    for k in range(55):
        msg = r.choice([f"订单号 {2024000000000000000 + r.randrange(10**15)} 请尽快发货",
                        f"发票抬头：上海星辰科技有限公司，税号 {V.uscc(r)}",
                        f"快递单号SF{r.randrange(10**13):013d}一直没更新",
                        f"订单编号：{13000000000 + r.randrange(10**9)}，麻烦改成顺丰",
                        "颜色要黑色的，谢谢", "请放门卫室"])
        t.rows.append(Row(["%d" % (2024000000000000000 + r.randrange(10**15)), msg, "2024-08-%02d" % r.randrange(1, 29)]))
    return t


SCENARIOS = [taobao_orders, jd_orders_zero_width, wechat_crm, hk_office, tw_members, macau_clinic, travel_permits, ad_attribution, app_devices,
             legacy_members, ride_trips, store_list, geo_checkins, city_centres, warehouse_list, clinic_visits, vaccination, physical_exam,
             face_embeddings, pharmacy_catalogue, hr_payroll, crm_pinyin, english_abbrev, minority_names, cs_tickets, logistics_notes,
             excel_damaged, minority_valid_ids, sku_orders, province_summary, dept_summary, company_list, member_accounts, buyer_messages]
