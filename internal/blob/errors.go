package blob

import (
	"errors"
	"fmt"
	"syscall"

	"clinic"
)

// ErrIntegrity is returned when a stored object was changed, cut short,
// stored under another name or is not an object of this package.
var ErrIntegrity = errors.New("blob: stored file failed its integrity check (changed, truncated or misplaced)")

// ErrNoSpace is returned when the storage is full; nothing of the object
// being written is left behind.
var ErrNoSpace = errors.New("blob: storage full")

// ErrUnknownKey is returned when an object was encrypted under a key id
// that the keyring does not hold.
var ErrUnknownKey = errors.New("blob: the file's key is not in the keyring")

// notFound is the error for a name that holds no object.
func notFound(name string, err error) error {
	return &clinic.Error{Kind: clinic.ENotFound, Message: "no such file", Err: fmt.Errorf("blob %s: %w", name, err)}
}

// noSpace marks err as ErrNoSpace when the disk was full.
func noSpace(err error) error {
	if errors.Is(err, syscall.ENOSPC) && !errors.Is(err, ErrNoSpace) {
		return fmt.Errorf("%w: %w", ErrNoSpace, err)
	}
	return err
}
