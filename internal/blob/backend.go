package blob

import (
	"context"
	"io"
	"time"
)

// Backend keeps encrypted objects under names. Folder is the local one;
// an S3-compatible object store fits the same calls (Create as a multipart
// upload that Commit completes and Abort aborts). A Backend never sees a
// plaintext byte. Missing names are clinic.ENotFound errors.
type Backend interface {
	// Create starts writing the object name. Nothing is visible under the
	// name until Commit returns; Abort, or a crash, leaves no trace under
	// it. Committing replaces an existing object of that name whole.
	Create(ctx context.Context, name string) (Pending, error)
	// Open reads an object from its first byte.
	Open(ctx context.Context, name string) (io.ReadCloser, error)
	// Stat describes an object.
	Stat(ctx context.Context, name string) (Object, error)
	// Delete removes an object for good.
	Delete(ctx context.Context, name string) error
	// List calls fn for every committed object, in no particular order,
	// and stops at the first error fn returns.
	List(ctx context.Context, fn func(Object) error) error
}

// Pending is an object being written.
type Pending interface {
	io.Writer
	// Commit makes the object durable and visible under its name.
	Commit() error
	// Abort discards what was written. It may be called after Commit, and
	// then does nothing.
	Abort() error
}

// Object describes a stored (encrypted) object.
type Object struct {
	Name     string
	Size     int64 // bytes stored, header and ciphertext
	Modified time.Time
}
