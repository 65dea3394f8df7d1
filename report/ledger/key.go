package ledger

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sync"

	"github.com/xborder/xborder/report/safeopen"
)

// keyCheckLabel is HMAC'd with the key and stored in meta, so that a wrong key file is noticed
// before it silently turns every returning person into a new one.
const keyCheckLabel = "xborder ledger key check v1"

// keyLen is the size of the secret key; keyedLen the size of a stored person.
const (
	keyLen   = 32
	keyedLen = 16
)

// Keyed is a person as stored: HMAC-SHA256(key, 8-byte big-endian scanner hash) truncated to 16
// bytes. 128 bits keep collisions negligible far beyond any yearly volume. The shards of a
// distributed audit key their persons themselves (KeyHashes) so that no plain hash leaves them.
type Keyed [keyedLen]byte

type keyed = Keyed

// LoadKey reads a ledger key file, refusing one that group or others may read.
func LoadKey(path string) ([]byte, error) { return loadKey(path) }

// LoadOrCreateKey reads the key file at path, creating a new random key (mode 0600) when there
// is none.
func LoadOrCreateKey(path string) ([]byte, error) { return loadOrCreateKey(path) }

// KeyHashes keys scanner hashes as the ledger stores them.
func KeyHashes(key []byte, hs []uint64) []Keyed { return keyAll(key, hs) }

// KeyCheck is a public fingerprint of a key (an HMAC of a fixed label): equal fingerprints mean
// equal keys, and it reveals nothing of the key.
func KeyCheck(key []byte) string { return keyCheck(key) }

// KeyCheck is the fingerprint of this ledger's key.
func (l *Ledger) KeyCheck() string { return keyCheck(l.key) }

// KeyPermissionError reports a key file that group or others may read. The ledger refuses to use
// it: anyone who can read the key can brute-force the stored persons back to ID numbers.
type KeyPermissionError struct {
	Path string
	Mode fs.FileMode
}

// Error names the file, its mode and the command that fixes it.
func (e *KeyPermissionError) Error() string {
	return fmt.Sprintf("ledger key %s has mode %#o: group/world-readable keys are refused (run: chmod 600 %s)", e.Path, e.Mode.Perm(), e.Path)
}

// maxKeyFile bounds the key file read: 64 hex digits and a newline, with room for white space.
const maxKeyFile = 4 << 10

// loadKey reads the hex key file at path. It must be a regular file (a FIFO or a device named as
// the key is refused, never opened for reading) of at most maxKeyFile bytes.
func loadKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("ledger key %s: %w (%s): refusing to open it", path, safeopen.ErrNotRegular, safeopen.Kind(fi.Mode()))
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, &KeyPermissionError{Path: path, Mode: fi.Mode()}
	}
	b, err := safeopen.ReadFile(path, maxKeyFile)
	if errors.Is(err, safeopen.ErrTooLarge) {
		return nil, fmt.Errorf("ledger key %s: %w: want %d hex-encoded bytes", path, ErrBadKey, keyLen)
	}
	if err != nil {
		return nil, err
	}
	key := make([]byte, keyLen)
	n, err := hex.Decode(key, bytes.TrimSpace(b))
	if err != nil || n != keyLen {
		return nil, fmt.Errorf("ledger key %s: %w: want %d hex-encoded bytes", path, ErrBadKey, keyLen)
	}
	return key, nil
}

// createKey writes a new random key to path (mode 0600, never overwriting an existing file).
func createKey(path string) ([]byte, error) {
	key := make([]byte, keyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("ledger key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("ledger key %s: %w", path, err)
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("ledger key %s: %w", path, err)
	}
	return key, nil
}

// keyCheck is the value stored in meta to recognise the key.
func keyCheck(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(keyCheckLabel))
	return hex.EncodeToString(m.Sum(nil))
}

// keyAll turns scanner hashes into stored persons. HMAC costs about a microsecond a person, so
// large inputs are split over the CPUs.
func keyAll(key []byte, hs []uint64) []keyed {
	out := make([]keyed, len(hs))
	workers := runtime.GOMAXPROCS(0)
	if len(hs) < 1<<14 || workers < 2 {
		keyRange(key, hs, out)
		return out
	}
	chunk := (len(hs) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(hs); lo += chunk {
		hi := min(lo+chunk, len(hs))
		wg.Add(1)
		go func() {
			defer wg.Done()
			keyRange(key, hs[lo:hi], out[lo:hi])
		}()
	}
	wg.Wait()
	return out
}

func keyRange(key []byte, hs []uint64, out []keyed) {
	m := hmac.New(sha256.New, key)
	var in [8]byte
	var sum [sha256.Size]byte
	for i, h := range hs {
		binary.BigEndian.PutUint64(in[:], h)
		m.Reset()
		m.Write(in[:])
		copy(out[i][:], m.Sum(sum[:0]))
	}
}

// pathMAC is the lookup key of a file's absolute path: the stored paths may be masked (a file
// named after an ID number), so an unchanged file is found again by this keyed digest of its real
// path, which reveals nothing without the key.
func pathMAC(key []byte, abs string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("xborder ledger path v1\x00"))
	m.Write([]byte(abs))
	return m.Sum(nil)[:keyedLen]
}
