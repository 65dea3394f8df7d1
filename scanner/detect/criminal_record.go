package detect

// CriminalRecord recognises criminal-record columns. Values of such columns are free text, so the
// header decides (Hints.Required); a value counts unless it says "none".
type CriminalRecord struct{}

var _ Detector = CriminalRecord{}

func init() { register(CriminalRecord{}) }

// ID implements Detector.
func (CriminalRecord) ID() string { return "criminal_record" }

// Category implements Detector.
func (CriminalRecord) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (CriminalRecord) Describe() string {
	return "header-driven (犯罪记录, 前科, criminal, conviction…): any value other than a plain 无/none/否"
}

// Hints implements Detector.
func (CriminalRecord) Hints() Hints {
	return Hints{
		Words: []string{"犯罪记录", "违法记录", "违法犯罪", "刑事", "前科", "判决", "服刑", "刑罚", "犯罪",
			"criminal", "conviction", "offence", "offense", "felony", "crimerecord", "crime"},
		Exclude:  []string{"无犯罪记录证明编号", "template", "模板"},
		Required: true,
	}
}

// Match implements Detector. Only meaningful under a criminal-record header.
func (CriminalRecord) Match(v []byte) bool { return len(v) > 0 && !isNoneWord(v) }
