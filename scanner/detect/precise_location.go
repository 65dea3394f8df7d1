package detect

// PreciseLocation recognises coordinates precise to street level or better: a latitude/longitude
// pair in one cell (either order) whose two numbers both carry at least 3 decimals (about 110 m,
// docs/vocabulary.md, "Categories"). City-level coordinates (2 decimals or fewer) are not sensitive and
// do not match. A single number with 3 or more decimals in a latitude or longitude column is
// accepted through MatchHinted only.
type PreciseLocation struct{}

var (
	_ Detector       = PreciseLocation{}
	_ HintedMatcher  = PreciseLocation{}
	_ HeaderSpecific = PreciseLocation{}
)

func init() { register(PreciseLocation{}) }

// minDecimals is the precision line of docs/vocabulary.md, "Categories".
const minDecimals = 3

// coord is one parsed decimal number.
type coord struct {
	abs      int // integer part
	decimals int
	zero     bool // every digit is 0
	fracZero bool // every decimal is 0
}

// parseCoord parses an optionally signed decimal at the start of b and returns what it read.
func parseCoord(b []byte) (c coord, n int, ok bool) {
	if n < len(b) && (b[n] == '-' || b[n] == '+') {
		n++
	}
	intDigits := 0
	c.zero = true
	for n < len(b) && isDigit(b[n]) {
		if intDigits < 4 {
			c.abs = c.abs*10 + int(b[n]-'0')
		}
		c.zero = c.zero && b[n] == '0'
		intDigits++
		n++
	}
	if intDigits == 0 || intDigits > 3 {
		return c, n, false
	}
	c.fracZero = true
	if n < len(b) && b[n] == '.' {
		n++
		for n < len(b) && isDigit(b[n]) {
			c.zero = c.zero && b[n] == '0'
			c.fracZero = c.fracZero && b[n] == '0'
			c.decimals++
			n++
		}
		if c.decimals == 0 {
			return c, n, false
		}
	}
	return c, n, true
}

// inRange reports whether c fits |x| ≤ limit (the fraction only matters at the limit itself).
func (c coord) inRange(limit int) bool { return c.abs < limit || (c.abs == limit && c.fracZero) }

// parsePair parses "a,b", "a b", "a;b", "(a, b)" or WKT "POINT(a b)" and checks ranges in
// either order.
func parsePair(b []byte) (a, c coord, ok bool) {
	if len(b) > 6 && (b[0] == 'P' || b[0] == 'p') && (string(b[1:5]) == "OINT" || string(b[1:5]) == "oint") {
		b = trimSpaceView(b[5:])
	}
	if len(b) > 2 && b[0] == '(' && b[len(b)-1] == ')' {
		b = b[1 : len(b)-1]
	}
	a, n, ok := parseCoord(b)
	if !ok {
		return a, c, false
	}
	seps := 0
	for n < len(b) && (b[n] == ',' || b[n] == ' ' || b[n] == ';' || b[n] == '/' || b[n] == '|') {
		if b[n] != ' ' {
			seps++
		}
		n++
	}
	if seps > 1 || n == len(b) || (seps == 0 && b[n-1] != ' ') {
		return a, c, false
	}
	c, m, ok := parseCoord(b[n:])
	if !ok || n+m != len(b) {
		return a, c, false
	}
	latLng := a.inRange(90) && c.inRange(180)
	lngLat := a.inRange(180) && c.inRange(90)
	return a, c, (latLng || lngLat) && !(a.zero && c.zero)
}

// ID implements Detector.
func (PreciseLocation) ID() string { return "precise_location" }

// Category implements Detector.
func (PreciseLocation) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (PreciseLocation) Describe() string {
	return "precise location: a lat,lng or lng,lat pair (or WKT POINT) in one cell (ranges 90/180) with both numbers >= 3 decimals (street level, about 110 m); a single coordinate with >= 3 decimals only under a latitude (|x| <= 90) or longitude (|x| <= 180) header (lat, lng, lon, start_lat, 纬度, 经度…), a geohash of >= 7 characters only under a geohash header"
}

// Match implements Detector.
func (PreciseLocation) Match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := clean(buf[:], v, false, 48)
	if !ok {
		return false
	}
	a, c, ok := parsePair(b)
	return ok && a.decimals >= minDecimals && c.decimals >= minDecimals
}

// MatchHinted implements HintedMatcher: also single coordinates of street-level precision.
func (d PreciseLocation) MatchHinted(v []byte) bool {
	if d.Match(v) {
		return true
	}
	var buf [normBufSize]byte
	b, ok := clean(buf[:], v, false, 48)
	if !ok {
		return false
	}
	c, n, ok := parseCoord(b)
	return ok && n == len(b) && c.inRange(180) && c.decimals >= minDecimals && !c.zero
}

// Hints implements Detector.
func (PreciseLocation) Hints() Hints {
	return Hints{
		Words: []string{"经纬度", "坐标", "定位", "纬度", "经度", "gps", "latitude", "longitude", "latlng", "lnglat", "latlon", "lonlat", "coordinate", "geolocation",
			"lat", "lng", "lon", "geohash", "wkt", "geom", "position", "位置坐标", "jingdu", "weidu"},
		// Places, not persons: sites, outlets and survey points. Their coordinates may still be
		// important data (docs/rules.md, "Review notes"), which the policy catalogue covers.
		NotFor: []string{"门店", "店铺", "网点", "仓库", "基站", "矿区", "矿山", "测点", "点位", "钻孔", "厂区", "工厂", "园区", "地块", "站点",
			"store", "shop", "warehouse", "depot", "celltower", "borehole", "mining", "surveypoint", "factory", "plant"},
	}
}

// ForHeader implements HeaderSpecific: a latitude column takes single numbers up to 90, a
// longitude column up to 180, a geohash column geohashes of 7 characters or more (about 150 m).
func (PreciseLocation) ForHeader(h string) HintedMatcher {
	ht := normHeader(h)
	switch {
	case ht.hasAny([]string{"geohash"}):
		return geohashMatcher{}
	case ht.hasAny([]string{"纬度", "latitude", "lat", "weidu"}) && !ht.hasAny([]string{"经纬度", "latlng", "latlon", "lnglat", "lonlat"}):
		return coordMatcher{limit: 90}
	case ht.hasAny([]string{"经度", "longitude", "lng", "lon", "jingdu"}) && !ht.hasAny([]string{"经纬度", "latlng", "latlon", "lnglat", "lonlat"}):
		return coordMatcher{limit: 180}
	}
	return nil
}

// coordMatcher accepts a pair, or a single coordinate of street-level precision within limit.
type coordMatcher struct{ limit int }

func (m coordMatcher) MatchHinted(v []byte) bool {
	if (PreciseLocation{}).Match(v) {
		return true
	}
	var buf [normBufSize]byte
	b, ok := clean(buf[:], v, false, 48)
	if !ok {
		return false
	}
	c, n, ok := parseCoord(b)
	return ok && n == len(b) && c.inRange(m.limit) && c.decimals >= minDecimals && !c.zero
}

// geohashMatcher accepts geohashes of street-level precision: 7–12 characters of the geohash
// base-32 alphabet (no a, i, l, o), with at least one letter and one digit.
type geohashMatcher struct{}

func (geohashMatcher) MatchHinted(v []byte) bool {
	v = trimSpaceView(v)
	if len(v) < 7 || len(v) > 12 {
		return false
	}
	letters, digits := 0, 0
	for _, c := range v {
		c = lower(c)
		switch {
		case isDigit(c):
			digits++
		case c >= 'b' && c <= 'z' && c != 'i' && c != 'l' && c != 'o':
			letters++
		default:
			return false
		}
	}
	return letters > 0 && digits > 0
}

// NeedsDigit implements DigitBound.
func (PreciseLocation) NeedsDigit() {}

var _ DigitBound = PreciseLocation{}

// MayMatch implements Prefilter: two decimal coordinates.
func (PreciseLocation) MayMatch(s Shape) bool { return s.Has('.') && s.Digits >= 4 }

var _ Prefilter = PreciseLocation{}
