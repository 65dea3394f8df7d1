package detect

import "testing"

func TestCredential(t *testing.T) {
	runValueCases(t, Credential{}, []valueCase{
		{"bcrypt", "$2b$12$KIXQJ8FzvZ1pQ5cK4wXqUeJ7oVn0f8p8dM9xX7YHjG1QdKqkC6mWq", true, true},
		{"argon2", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo", true, true},
		{"PEM private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...", true, true},
		{"AWS access key id", "AKIAIOSFODNN7EXAMPLE", true, true},
		{"plain password only with header", "Passw0rd!", false, true},
		{"PIN only with header", "123456", false, true},
		{"none under header", "无", false, false},
		{"PEM public key", "-----BEGIN PUBLIC KEY-----\nMIIB...", false, true},
		{"bcrypt with wrong length", "$2b$12$short", false, true},
		{"AWS id with lower case", "AKIAiosfodnn7example", false, true},
	})
}
