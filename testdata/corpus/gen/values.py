"""Value generators for the labelled corpus: valid identifiers with their check digits, names,
addresses and the other values real Chinese exports hold. Deterministic for a given random.Random.
Independent of xborder's Go code: the algorithms are written from the public standards
(GB 11643-1999, GB 32100-2015, ISO/IEC 7812 Luhn, the HKID and Taiwan ID check rules)."""

import base64
import hashlib
import random
import string
import uuid
from datetime import date, timedelta

REF_DATE = date(2026, 12, 6)  # the scan date the truth's minors are computed for

# Current GB/T 2260 county codes across provinces, and retired ones (renumbered counties).
AREAS = ["110101", "110105", "110108", "110114", "120101", "130102", "130104", "140105", "150102", "210102",
         "220102", "230102", "310101", "310104", "310115", "320102", "320115", "320583", "330106", "330110",
         "340102", "350102", "350203", "360102", "370102", "370202", "410102", "420102", "420111", "430102",
         "440103", "440305", "440106", "450102", "460105", "500103", "510104", "510107", "520102", "530102",
         "540102", "610113", "620102", "630102", "640104", "650102"]
RETIRED_AREAS = ["110221", "110224", "320121", "330125", "130521", "132321", "342601", "371202", "310225", "440126"]

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def mod112(body):
    s = sum(int(c) * w for c, w in zip(body, W))
    return "10X98765432"[s % 11]


def birth(r, y0, y1):
    d = date(y0, 1, 1) + timedelta(days=r.randrange((date(y1, 12, 31) - date(y0, 1, 1)).days))
    return d


def resident_id(r, y0=1950, y1=2005, areas=None, born=None):
    b = born or birth(r, y0, y1)
    body = r.choice(areas or AREAS) + b.strftime("%Y%m%d") + "%03d" % r.randrange(1000)
    return body + mod112(body), b


def legacy_id(r):
    b = birth(r, 1940, 1984)
    return r.choice(AREAS) + b.strftime("%y%m%d") + "%03d" % r.randrange(1000), b


def is_minor(b):
    if b is None:
        return False
    cutoff = date(REF_DATE.year - 14, REF_DATE.month, REF_DATE.day)
    return cutoff < b <= REF_DATE


MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                   "156", "157", "158", "159", "166", "176", "177", "180", "181", "182", "185", "186", "187",
                   "188", "189", "191", "198", "199"]


def mobile(r):
    return r.choice(MOBILE_PREFIXES) + "".join(r.choice(string.digits) for _ in range(8))


def fmt_mobile(r, m):
    return r.choice([m, m, m, "+86 " + m, "+86-" + m, m[:3] + "-" + m[3:7] + "-" + m[7:], m[:3] + " " + m[3:7] + " " + m[7:], "0086" + m])


def luhn_complete(s):
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return s + str((10 - total % 10) % 10)


def bank_card(r):
    bin_ = r.choice(["622202", "622848", "621700", "622588", "625807", "621226", "622700", "436742", "524094"])
    n = r.choice([16, 19, 19])
    return luhn_complete(bin_ + "".join(r.choice(string.digits) for _ in range(n - len(bin_) - 1)))


def imei(r):
    return luhn_complete(r.choice(["35", "86", "49", "01"]) + "".join(r.choice(string.digits) for _ in range(12)))


def hkid(r):
    letters = r.choice(["", "", "", "X", "W"]) + r.choice("ACDEGHKPRVYZ")
    digits = "".join(r.choice(string.digits) for _ in range(6))
    vals = ([36] if len(letters) == 1 else []) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    s = sum(v * w for v, w in zip(vals, [9, 8, 7, 6, 5, 4, 3, 2]))
    check = (11 - s % 11) % 11
    c = "A" if check == 10 else str(check)
    return letters + digits, c


TW_CODES = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33]))


def taiwan_id(r):
    letter = r.choice("ABCDEFGHJKLMNPQRSTUVXYWZIO")
    d = [r.choice([1, 2])] + [r.randrange(10) for _ in range(7)]
    code = TW_CODES[letter]
    s = code // 10 + (code % 10) * 9 + sum(x * w for x, w in zip(d, [8, 7, 6, 5, 4, 3, 2, 1]))
    check = (10 - s % 10) % 10
    return letter + "".join(map(str, d)) + str(check)


def macau_id(r):
    return r.choice("157") + "".join(r.choice(string.digits) for _ in range(6)), str(r.randrange(10))


def permit(r, kind):
    n8 = "".join(r.choice(string.digits) for _ in range(8))
    if kind == "hkmo":
        return r.choice("CW") + n8
    if kind == "homereturn":
        return r.choice("HM") + n8
    if kind == "tw_compat":
        return n8
    if kind == "tw_mainland":
        return "L" + n8
    if kind == "residence":
        b = birth(r, 1960, 2000)
        body = r.choice(["810000", "820000", "830000"]) + b.strftime("%Y%m%d") + "%03d" % r.randrange(1000)
        return body + mod112(body)
    if kind == "fpr":
        b = birth(r, 1950, 2000)
        body = "9" + r.choice(["11", "31", "44"]) + r.choice(["840", "392", "410", "276", "250"]) + b.strftime("%Y%m%d") + "%03d" % r.randrange(1000)
        return body + mod112(body)
    raise ValueError(kind)


def passport(r):
    return r.choice(["E", "E", "G"]) + "".join(r.choice(string.digits) for _ in range(8))


SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉晨宇浩然子轩梓涵一诺欣怡思远俊杰嘉怡雨桐昊天佳琪")
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫"]
MINORITY = ["阿沛·阿旺晋美", "买买提·艾力", "热依拉·阿不都", "古丽·吐尔逊", "扎西·多吉", "努尔·买买提", "阿依古丽·热合曼", "艾尔肯·吐尔洪"]
TRAD_SURNAMES = list("陳張黃劉吳楊許鄭謝賴葉蘇莊呂蕭羅鍾盧顏孫鄧馬溫藍蔣")
TRAD_GIVEN = list("志強偉傑嘉慧麗婷雯國東軍榮輝鳳鵬維達寶勝貴慶瑩")
PINYIN_SUR = ["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "Lin"]
PINYIN_GIVEN = ["Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Xiaoming", "Haoran", "Zixuan", "Yutong", "Jiahao", "Xinyi"]
HK_SUR = ["CHAN", "WONG", "LEE", "CHEUNG", "LAU", "NG", "LEUNG", "HO", "LAM", "TSANG", "YEUNG", "CHENG", "TANG", "KWOK", "YIP", "TAM"]
HK_GIVEN = ["Tai Man", "Siu Ming", "Ka Yan", "Wing Kei", "Chi Keung", "Mei Ling", "Ho Yin", "Ka Ho", "Wai Man", "Suk Fan"]
TW_GIVEN = ["Chia-hao", "Yi-ting", "Chih-ming", "Shu-fen", "Wen-hsiung", "Mei-hua", "Chun-chieh", "Ya-ting"]
EN_FIRST = ["John", "Mary", "David", "Sarah", "Michael", "Emma", "James", "Olivia", "Daniel", "Sophia", "Peter", "Anna"]
EN_LAST = ["Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Anderson", "Thomas", "Martin"]


def cn_name(r):
    k = r.random()
    if k < 0.05:
        return r.choice(COMPOUND) + "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2])))
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))


def trad_name(r):
    return r.choice(TRAD_SURNAMES) + "".join(r.choice(TRAD_GIVEN) for _ in range(2))


def pinyin_name(r, caps=False):
    n = r.choice(PINYIN_SUR) + " " + r.choice(PINYIN_GIVEN)
    return n.upper() if caps else n


def hk_name(r):
    return r.choice(HK_SUR) + " " + r.choice(HK_GIVEN)


def en_name(r):
    return r.choice(EN_FIRST) + " " + r.choice(EN_LAST)


CITIES = [("北京市", "朝阳区"), ("上海市", "浦东新区"), ("广东省广州市", "天河区"), ("广东省深圳市", "南山区"), ("浙江省杭州市", "西湖区"),
          ("四川省成都市", "武侯区"), ("湖北省武汉市", "洪山区"), ("江苏省南京市", "鼓楼区"), ("陕西省西安市", "雁塔区")]
ROADS = ["建国路", "中山路", "人民路", "解放大道", "科技园南路", "文三路", "天府大道", "珞喻路", "长江路", "新华街"]


def cn_address(r):
    c, d = r.choice(CITIES)
    return f"{c}{d}{r.choice(ROADS)}{r.randrange(1, 999)}号{r.choice(['', str(r.randrange(1, 30)) + '栋'])}{r.randrange(101, 2999)}室"


def hk_address(r):
    return r.choice(["香港九龍旺角彌敦道", "香港灣仔軒尼詩道", "香港新界沙田大圍道", "香港九龍觀塘道"]) + f"{r.randrange(1, 600)}號{r.randrange(1, 40)}樓{r.choice('ABCDEF')}室"


def tw_address(r):
    return r.choice(["台北市大安區忠孝東路四段", "臺北市信義區松仁路", "新北市板橋區文化路一段", "台中市西屯區台灣大道三段", "高雄市前鎮區中山二路"]) + f"{r.randrange(1, 500)}號{r.randrange(1, 20)}樓"


def macau_address(r):
    return r.choice(["澳門新口岸宋玉生廣場", "澳門氹仔成都街", "澳門黑沙環新街"]) + f"{r.randrange(1, 400)}號{r.randrange(1, 30)}樓{r.choice('ABCD')}座"


EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com", "example.com.cn"]


def email(r):
    user = r.choice(["zhang", "wang", "li", "chen", "lily", "tom", "xiaoming", "jack", "amy", "kevin"]) + r.choice([".", "_", ""]) + str(r.randrange(10, 99999))
    return user + "@" + r.choice(EMAIL_DOMAINS)


def uuid_(r):
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def hexs(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def mac(r):
    return ":".join("%02X" % r.randrange(256) for _ in range(6))


def coord(r, lat0=31.23, lng0=121.47, spread=0.2, dec=6):
    return round(lat0 + (r.random() - 0.5) * spread, dec), round(lng0 + (r.random() - 0.5) * spread, dec)


def geohash(lat, lng, precision=8):
    base32 = "0123456789bcdefghjkmnpqrstuvwxyz"
    lat_i, lng_i = [-90.0, 90.0], [-180.0, 180.0]
    bits, bit, ch, even, out = [16, 8, 4, 2, 1], 0, 0, True, ""
    while len(out) < precision:
        if even:
            mid = sum(lng_i) / 2
            if lng > mid:
                ch |= bits[bit]
                lng_i[0] = mid
            else:
                lng_i[1] = mid
        else:
            mid = sum(lat_i) / 2
            if lat > mid:
                ch |= bits[bit]
                lat_i[0] = mid
            else:
                lat_i[1] = mid
        even = not even
        if bit < 4:
            bit += 1
        else:
            out += base32[ch]
            bit, ch = 0, 0
    return out


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(r):
    body = "91" + r.choice(AREAS) + "".join(r.choice(USCC_CHARS) for _ in range(9))
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_W))
    return body + USCC_CHARS[(31 - s % 31) % 31]


def ean13(r):
    body = "69" + "".join(r.choice(string.digits) for _ in range(10))
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def sha256(s):
    return hashlib.sha256(s.encode()).hexdigest()


def mask_mobile(m):
    return m[:3] + "****" + m[7:]


def embedding(r, n=128):
    return "[" + ", ".join("%.6f" % (r.random() * 2 - 1) for _ in range(n)) + "]"


def b64_template(r, n=192):
    return base64.b64encode(bytes(r.randrange(256) for _ in range(n))).decode()


def zw(s, r):
    """Insert a zero-width space or a no-break space somewhere inside s, the way a copy from a web
    page leaves one."""
    i = r.randrange(1, len(s))
    return s[:i] + r.choice(["\u200b", "\u200c", "\ufeff", "\u2060"]) + s[i:]


def fullwidth(s):
    return "".join(chr(ord(c) - 0x21 + 0xFF01) if "!" <= c <= "~" else c for c in s)
