package detect

// Religion recognises religious affiliation values.
type Religion struct{}

var (
	_ Detector      = Religion{}
	_ HintedMatcher = Religion{}
)

func init() { register(Religion{}) }

// ID implements Detector.
func (Religion) ID() string { return "religion" }

// Category implements Detector.
func (Religion) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Religion) Describe() string {
	return "religions and beliefs (佛教, 道教, 伊斯兰教, 基督教, 天主教, Buddhist, Muslim, Catholic…); 无/none/其他 only under a religion header"
}

// Hints implements Detector.
func (Religion) Hints() Hints {
	return Hints{
		Words:   []string{"宗教", "信仰", "religion", "religious", "faith", "belief"},
		Exclude: []string{"政治信仰", "信仰分", "faithful"},
	}
}

var (
	religionWords = setOf("佛教", "道教", "伊斯兰教", "基督教", "天主教", "东正教", "新教", "基督新教", "犹太教", "印度教",
		"锡克教", "藏传佛教", "汉传佛教", "南传佛教", "喇嘛教", "摩门教", "巴哈伊教", "萨满教", "儒教", "民间信仰", "无宗教信仰", "不信教",
		"佛教徒", "基督徒", "天主教徒", "穆斯林", "道教徒", "无神论", "无神论者",
		"buddhism", "buddhist", "taoism", "taoist", "daoism", "daoist", "islam", "muslim", "moslem", "christianity",
		"christian", "catholic", "catholicism", "roman catholic", "protestant", "protestantism", "orthodox",
		"eastern orthodox", "judaism", "jewish", "hinduism", "hindu", "sikhism", "sikh", "shinto", "jainism", "jain",
		"atheist", "atheism", "agnostic", "no religion", "católica", "católico", "evangélico", "evangelical", "espírita")
	religionNone = setOf("无", "没有", "其他", "其它", "不信", "none", "other", "n/a", "unknown", "不详", "保密")
)

// Match implements Detector.
func (Religion) Match(v []byte) bool {
	if len(v) > 40 {
		return false
	}
	var buf [40]byte
	return religionWords.has(lowerASCII(buf[:0], v))
}

// MatchHinted implements HintedMatcher: the "none" answers count under a religion header.
func (Religion) MatchHinted(v []byte) bool {
	if len(v) > 40 {
		return false
	}
	var buf [40]byte
	l := lowerASCII(buf[:0], v)
	return religionWords.has(l) || religionNone.has(l)
}

// MayMatch implements Prefilter: a word from the word list, which holds no digit.
func (Religion) MayMatch(s Shape) bool { return wordy(s) && s.Digits == 0 }

var _ Prefilter = Religion{}
