package detect

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDeclaredRoles pins the roles the built-in detectors declare for masking, counting and the
// readings of the law, so that moving them into the detectors changed nothing.
func TestDeclaredRoles(t *testing.T) {
	tests := []struct {
		id       string
		keyPart  KeyPart
		oneEach  bool
		document bool
		mask     string // of the value below
		value    string
	}{
		{id: "cn_resident_id", document: true, value: "11010519491231002X", mask: "1101************2X"},
		{id: "social_security_number", document: true},
		{id: "passport_number", document: true, value: "E12345678", mask: "E1******8"},
		{id: "travel_permit", document: true},
		{id: "phone_number", oneEach: true, value: "13812345678", mask: "138*******8"},
		{id: "email", oneEach: true, value: "alice@example.com", mask: "al***@*******.com"},
		{id: "person_name", keyPart: KeyPartName, value: "张三", mask: "张*"},
		{id: "postal_address", keyPart: KeyPartAddress},
		{id: "birth_date", keyPart: KeyPartBirthDate},
		{id: "bank_card", value: "6222021234567890123", mask: "6222************123"},
		{id: "credential", value: "Tr0ub4dor&3", mask: "[secret, 8-15 chars]"},
	}
	reg := Builtin()
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			d, ok := reg.Get(tt.id)
			if !ok {
				t.Fatalf("no detector %s", tt.id)
			}
			var part KeyPart
			if fk, ok := d.(FallbackKeyer); ok {
				part = fk.FallbackKey()
			}
			assert.Equal(t, tt.keyPart, part, "fallback-key part")
			_, one := d.(OnePerPerson)
			assert.Equal(t, tt.oneEach, one, "one per person")
			assert.Equal(t, tt.document, IsIdentityDocument(tt.id), "identity document")
			if tt.value != "" {
				assert.Equal(t, tt.mask, Mask(tt.id, []byte(tt.value)))
				assert.Equal(t, Mask(tt.id, []byte(tt.value)), MaskWith(d, []byte(tt.value)))
			}
		})
	}
	assert.False(t, IsIdentityDocument("no_such_type"))
}
