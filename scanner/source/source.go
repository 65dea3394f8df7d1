// Package source reads inputs that live in object storage: S3 and every S3-compatible store
// (Alibaba OSS, Tencent COS, Huawei OBS, MinIO) through gocloud.dev/blob. An input is named by a
// URL, s3://bucket/prefix/, with the store's own options as query parameters (endpoint=,
// region=, use_path_style=true for MinIO); credentials come from the AWS SDK's standard chain
// (environment, shared files, the pod's identity), never from the URL or a flag.
//
// Objects are listed once (List); a Store then opens each for the scanner (scanner.Object), which
// streams it, reads ranges of it or, for a workbook, copies it into a scratch folder
// (scanner/object.go says which). Objects are only ever read (GET, HEAD, LIST).
//
// It is a package of its own, beside scanner rather than inside it, so that the scanner and its
// tests keep no dependency on a cloud SDK and local scans never load one.
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob" // s3:// URLs
	"gocloud.dev/gcerrors"
)

// Object is one object under an input URL.
type Object struct {
	// URL names the object as reports show it: s3://bucket/key, without query parameters.
	URL string
	// Key is the object's key in its bucket; Rel its key below the input's prefix.
	Key, Rel string
	Size     int64
	Modified time.Time
}

// IsURL reports whether an input argument names object storage rather than a local path.
func IsURL(arg string) bool {
	return strings.HasPrefix(arg, "s3://")
}

// Location is an input URL split into its bucket (with the store's options) and key prefix.
type Location struct {
	bucketURL string // scheme://bucket?options, what blob.OpenBucket takes
	bucket    string // scheme://bucket, for reported URLs
	Prefix    string
}

// Parse splits an input URL. It refuses credentials in the URL: they come from the SDK chain.
func Parse(arg string) (Location, error) {
	u, err := url.Parse(arg)
	if err != nil {
		return Location{}, fmt.Errorf("input URL: %w", err)
	}
	if u.User != nil {
		return Location{}, errors.New("input URL: credentials do not belong in the URL: use the environment or the SDK's credential files")
	}
	if u.Host == "" {
		return Location{}, fmt.Errorf("input URL %s://…: no bucket", u.Scheme)
	}
	for k := range u.Query() {
		switch strings.ToLower(k) {
		case "access_key_id", "secret_access_key", "session_token", "aws_access_key_id", "aws_secret_access_key":
			return Location{}, errors.New("input URL: credentials do not belong in the URL: use the environment or the SDK's credential files")
		}
	}
	b := url.URL{Scheme: u.Scheme, Host: u.Host, RawQuery: u.RawQuery}
	return Location{bucketURL: b.String(), bucket: u.Scheme + "://" + u.Host, Prefix: strings.TrimPrefix(u.Path, "/")}, nil
}

// ObjectURL is the URL a shard opens an object by: the bucket with its options, and the key.
func (l Location) ObjectURL(key string) string {
	u, _ := url.Parse(l.bucketURL)
	u.Path = "/" + key
	return u.String()
}

// List lists the objects under the location's prefix, in key order.
func List(ctx context.Context, loc Location) ([]Object, error) {
	b, err := blob.OpenBucket(ctx, loc.bucketURL)
	if err != nil {
		return nil, describe(err)
	}
	defer b.Close()
	var out []Object
	it := b.List(&blob.ListOptions{Prefix: loc.Prefix})
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, describe(err)
		}
		if o.IsDir {
			continue
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(o.Key, loc.Prefix), "/")
		if rel == "" {
			rel = o.Key
		}
		out = append(out, Object{URL: loc.bucket + "/" + o.Key, Key: o.Key, Rel: rel, Size: o.Size, Modified: o.ModTime.UTC()})
	}
	return out, nil
}

// describe keeps a store error's kind and message but never a credential: the SDK's messages
// name the operation, bucket and key, and gcerrors gives the kind.
func describe(err error) error {
	switch gcerrors.Code(err) {
	case gcerrors.NotFound:
		return fmt.Errorf("object store: not found: %w", err)
	case gcerrors.FailedPrecondition:
		return changed("it is no longer the version listed")
	case gcerrors.PermissionDenied:
		return fmt.Errorf("object store: permission denied (check the credentials in the environment): %w", err)
	}
	return fmt.Errorf("object store: %w", err)
}
